/* test-osc-camera-faults.c: ScOscCamera when things go wrong: faults
 * injected into spherecam-emulator, a camera that goes away, and a
 * hostile camera (a SoupServer in this process)
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-osc-camera-faults"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "sc-osc-test-util.h"

/* ------------------------------------------------------------------ */
/* Faults                                                              */

static void
test_osc_camera_fault_malformed_json (void)
{
  ScOscEmulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GError) error = NULL;

  sc_osc_emulator_start (&emu, "--fault", "malformed-json", NULL);
  camera = sc_osc_test_new_camera (emu.url, NULL, NULL);

  g_assert_false (sc_osc_test_connect_camera (camera, &error));
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL);
  g_assert_cmpstr (error->message, ==, "The camera sent a reply that could not be understood.");
  g_assert_false (sc_camera_is_connected (camera));

  sc_osc_test_finish_camera (&camera);
  sc_osc_emulator_stop (&emu);
}

static void
test_osc_camera_fault_busy (void)
{
  ScOscEmulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScCameraFile) file = NULL;
  g_autoptr(GError) error = NULL;

  sc_osc_emulator_start (&emu, "--fault", "busy", NULL);
  camera = sc_osc_test_new_connected_camera (emu.url);

  file = sc_osc_test_take_picture (camera, &error);
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY);
  g_assert_null (file);
  g_test_message ("%s", error->message);
  /* The camera's own words are kept. */
  g_assert_nonnull (strstr (error->message, "busy"));

  sc_osc_test_finish_camera (&camera);
  sc_osc_emulator_stop (&emu);
}

static void
test_osc_camera_fault_disk_full (void)
{
  ScOscEmulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScCameraFile) file = NULL;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GVariant) errors = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree const char **list = NULL;
  guint64 remaining = 1;

  sc_osc_emulator_start (&emu, "--fault", "disk-full", NULL);
  camera = sc_osc_test_new_connected_camera (emu.url);

  state = sc_camera_dup_state (camera);
  errors = g_variant_lookup_value (state, "cameraError", G_VARIANT_TYPE_STRING_ARRAY);
  g_assert_nonnull (errors);
  list = g_variant_get_strv (errors, NULL);
  g_assert_true (g_strv_contains (list, "NO_MEMORY"));
  g_assert_true (g_variant_lookup (state, "remainingSpace", "t", &remaining));
  g_assert_cmpuint (remaining, ==, 0);

  file = sc_osc_test_take_picture (camera, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  sc_camera_start_capture_async (camera, SC_CAMERA_CAPTURE_MODE_VIDEO, NULL, sc_osc_test_async_cb,
                                 &result);
  g_assert_false (sc_camera_start_capture_finish (camera, AWAIT (result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);

  g_clear_object (&result);
  sc_osc_test_finish_camera (&camera);
  sc_osc_emulator_stop (&emu);
}

static void
test_osc_camera_fault_slow (void)
{
  ScOscEmulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScCameraFile) file = NULL;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started;

  sc_osc_emulator_start (&emu, "--fault", "slow=250", "--photo-size", "640x320", NULL);

  /* Slow but within the timeout: everything works. */
  camera = sc_osc_test_new_connected_camera (emu.url);
  file = sc_osc_test_take_picture (camera, &error);
  g_assert_no_error (error);
  g_assert_nonnull (file);

  /* A timeout shorter than the camera's delay: a clear timeout. */
  g_object_set (camera, "timeout", 100, NULL);
  started = g_get_monotonic_time ();
  state = sc_osc_test_refresh_state (camera, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_null (state);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 240 * 1000);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_object_set (camera, "timeout", 10000, NULL);
  state = sc_osc_test_refresh_state (camera, &error);
  g_assert_no_error (error);

  sc_osc_test_finish_camera (&camera);
  sc_osc_emulator_stop (&emu);
}

static void
test_osc_camera_fault_strings_for_numbers (void)
{
  ScOscEmulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScCameraFile) picture = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GVariant) iso = NULL;
  g_autoptr(GError) error = NULL;
  double battery = 0;

  sc_osc_emulator_start (&emu, "--fault", "strings-for-numbers", "--photo-size", "640x320", NULL);
  camera = sc_osc_test_new_connected_camera (emu.url);

  state = sc_camera_dup_state (camera);
  g_assert_true (g_variant_lookup (state, "batteryLevel", "d", &battery));
  g_assert_cmpfloat_with_epsilon (battery, 0.83, 1e-9);

  picture = sc_osc_test_take_picture (camera, &error);
  g_assert_no_error (error);
  files = sc_osc_test_list_files (camera, SC_CAMERA_FILE_TYPE_ALL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 1);
  g_assert_cmpuint (sc_camera_file_get_size (g_ptr_array_index (files, 0)), >, 0);
  g_assert_cmpuint (sc_camera_file_get_width (g_ptr_array_index (files, 0)), ==, 640);
  g_assert_cmpuint (sc_camera_file_get_height (g_ptr_array_index (files, 0)), ==, 320);

  iso = sc_osc_test_get_option (camera, "iso");
  g_assert_true (g_variant_is_of_type (iso, G_VARIANT_TYPE_INT64));

  sc_osc_test_finish_camera (&camera);
  sc_osc_emulator_stop (&emu);
}

static void
test_osc_camera_fault_bad_thumbnail (void)
{
  ScOscEmulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;

  sc_osc_emulator_start_with_files (&emu, 3, "--fault", "bad-thumbnail", NULL);
  camera = sc_osc_test_new_connected_camera (emu.url);

  files = sc_osc_test_list_files (camera, SC_CAMERA_FILE_TYPE_ALL, 0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 3);
  for (guint i = 0; i < files->len; i++)
    g_assert_null (sc_camera_file_get_thumbnail (g_ptr_array_index (files, i)));

  sc_osc_test_finish_camera (&camera);
  sc_osc_emulator_stop (&emu);
}

/* The camera goes away while connected: after a few failed checks the
 * camera says so. */
typedef struct
{
  guint   count;
  GError *error;
} Disconnected;

static void
on_disconnected_cb (ScCamera     *camera,
                    const GError *error,
                    Disconnected *data)
{
  data->count++;
  g_clear_error (&data->error);
  if (error != NULL)
    data->error = g_error_copy (error);
}

static gboolean
was_disconnected (gpointer data)
{
  return ((Disconnected *)data)->count > 0;
}

static void
test_osc_camera_lost (void)
{
  ScOscEmulator emu;
  g_autoptr(ScCamera) camera = NULL;
  Disconnected data = { 0, NULL };
  gpointer weak;

  sc_osc_emulator_start (&emu, NULL);
  camera = sc_osc_test_new_connected_camera (emu.url);
  g_signal_connect (camera, "disconnected", G_CALLBACK (on_disconnected_cb), &data);

  g_subprocess_force_exit (emu.process);
  g_subprocess_wait (emu.process, NULL, NULL);

  g_assert_true (sc_osc_test_wait_for (was_disconnected, &data, 10000));
  g_assert_cmpuint (data.count, ==, 1);
  g_assert_error (data.error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE);
  g_test_message ("%s", data.error->message);
  g_assert_false (sc_camera_is_connected (camera));
  g_clear_error (&data.error);

  weak = camera;
  g_object_add_weak_pointer (G_OBJECT (camera), &weak);
  g_clear_object (&camera);
  g_assert_null (weak);

  g_clear_object (&emu.process);
  sc_osc_emulator_stop (&emu);
}

/* A connected camera nobody holds any more is finalized, watcher or not. */
static void
test_osc_camera_dispose_connected (void)
{
  ScOscEmulator emu;
  ScCamera *camera;
  gpointer weak;

  sc_osc_emulator_start (&emu, NULL);
  camera = sc_osc_test_new_connected_camera (emu.url);
  weak = camera;
  g_object_add_weak_pointer (G_OBJECT (camera), &weak);

  sc_osc_test_spin (1100);   /* the watcher is running */
  g_object_unref (camera);
  g_assert_null (weak);
  sc_osc_test_spin (200);    /* and nothing it left behind crashes */

  sc_osc_emulator_stop (&emu);
}

/* ------------------------------------------------------------------ */
/* A hostile camera: replies no real camera sends, from a SoupServer in */
/* this process                                                         */

typedef struct
{
  SoupServer *server;
  char       *url;
  const char *info_mode;   /* how /osc/info answers */
  char       *other_host;  /* a host the listing points to */
  guint       file_requests;
} Hostile;

static void
reply_json (SoupServerMessage *msg,
            const char        *json)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json;charset=utf-8", SOUP_MEMORY_COPY,
                                    json, strlen (json));
}

static void
on_hostile_request_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *query,
                       gpointer           user_data)
{
  Hostile *hostile = user_data;

  if (g_str_equal (path, "/osc/info"))
    {
      if (g_str_equal (hostile->info_mode, "huge"))
        {
          /* 9 MiB of "model": more than any camera says. */
          GString *json = g_string_new ("{\"model\":\"");

          for (guint i = 0; i < 9 * 1024 * 1024; i++)
            g_string_append_c (json, 'x');
          g_string_append (json, "\"}");
          soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
          soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                            json->str, json->len);
          g_string_free (json, FALSE);
        }
      else if (g_str_equal (hostile->info_mode, "deep"))
        {
          GString *json = g_string_new (NULL);

          for (guint i = 0; i < 200000; i++)
            g_string_append_c (json, '[');
          for (guint i = 0; i < 200000; i++)
            g_string_append_c (json, ']');
          soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
          soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                            json->str, json->len);
          g_string_free (json, FALSE);
        }
      else if (g_str_equal (hostile->info_mode, "array"))
        reply_json (msg, "[1, 2, 3]");
      else if (g_str_equal (hostile->info_mode, "binary"))
        reply_json (msg, "{\"model\": \"\xff\xfe\"}");
      else if (g_str_equal (hostile->info_mode, "html"))
        {
          soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
          soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                            "<html>router login</html>", 25);
        }
      else if (g_str_equal (hostile->info_mode, "missing"))
        soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      else
        /* Liberal: numbers as strings, apiLevel as a bare number. */
        reply_json (msg, "{\"model\": \"Odd\\u0007Cam\", \"serialNumber\": \"S1\", "
                         "\"apiLevel\": \"2\", \"uptime\": \"42\", \"gps\": \"true\", "
                         "\"endpoints\": {\"httpPort\": \"80\"}, \"extra\": [1, \"a\"]}");
      return;
    }

  if (g_str_equal (path, "/osc/state"))
    {
      reply_json (msg, "{\"fingerprint\": \"F1\", \"state\": {\"batteryLevel\": \"0.5\", "
                       "\"_cameraError\": \"HIGH_TEMPERATURE\", \"_latestFileUrl\": 17}}");
      return;
    }

  if (g_str_equal (path, "/osc/checkForUpdates"))
    {
      reply_json (msg, "{\"stateFingerprint\": \"F1\", \"throttleTimeout\": \"1\"}");
      return;
    }

  if (g_str_equal (path, "/osc/commands/execute"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      const char *request = g_bytes_get_data (bytes, NULL);

      if (strstr (request, "camera.listFiles") != NULL && strstr (request, "startPosition") == NULL)
        {
          g_autofree char *json = NULL;

          /* A page of oddities: a file the camera says lives elsewhere
           * and is named to escape the download folder, junk numbers and
           * dates, a thumbnail that is not base64, entries without a URL
           * or not objects at all, and an absurd total. */
          json = g_strdup_printf ("{\"name\": \"camera.listFiles\", \"state\": \"done\", \"results\": {"
                                  "\"totalEntries\": 1000000000, \"entries\": ["
                                  "{\"name\": \"../../evil.JPG\", \"fileUrl\": \"http://%s/files/x/100/R001.JPG\","
                                  " \"size\": \"-5\", \"width\": \"wide\", \"height\": 10,"
                                  " \"dateTimeZone\": \"yesterday\", \"thumbnail\": \"%%%%not base64%%%%\"},"
                                  "{\"name\": \"R002.JPG\", \"size\": 5},"
                                  "42, null,"
                                  "{\"fileUrl\": \"http://%s/files/x/100/R003.MP4\", \"size\": 1e3,"
                                  " \"dateTimeZone\": \"2026:02:30 10:00:00+09:00\"}"
                                  "]}}", hostile->other_host, hostile->other_host);
          reply_json (msg, json);
        }
      else if (strstr (request, "camera.listFiles") != NULL)
        reply_json (msg, "{\"name\": \"camera.listFiles\", \"state\": \"done\", "
                         "\"results\": {\"entries\": [], \"totalEntries\": 1000000000}}");
      else if (strstr (request, "camera.getOptions") != NULL)
        reply_json (msg, "{\"name\": \"camera.getOptions\", \"state\": \"done\", "
                         "\"results\": {\"options\": {\"remainingSpace\": \"1000\", "
                         "\"totalSpace\": \"2000\"}}}");
      else if (strstr (request, "camera.setOptions") != NULL)
        reply_json (msg, "{\"name\": \"camera.setOptions\", \"state\": \"done\"}");
      else if (strstr (request, "camera.takePicture") != NULL)
        /* inProgress forever, and without an id to poll. */
        reply_json (msg, "{\"name\": \"camera.takePicture\", \"state\": \"inProgress\"}");
      else
        {
          static const char reply[] = "{\"state\": \"error\", \"error\": {\"code\": \"unknownCommand\", "
                                      "\"message\": \"Command not supported\"}}";

          soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
          soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                            reply, strlen (reply));
        }
      return;
    }

  if (g_str_equal (path, "/files/x/100/R001.JPG"))
    {
      hostile->file_requests++;
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "image/jpeg", SOUP_MEMORY_STATIC, "\xff\xd8\xff\xd9", 4);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
hostile_start (Hostile    *hostile,
               const char *info_mode)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  memset (hostile, 0, sizeof *hostile);
  hostile->info_mode = info_mode;
  hostile->other_host = g_strdup ("camera.invalid:9");
  hostile->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (hostile->server, NULL, on_hostile_request_cb, hostile, NULL);
  soup_server_listen_local (hostile->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (hostile->server);
  hostile->url = g_uri_to_string_partial (uris->data, G_URI_HIDE_PASSWORD);
  if (g_str_has_suffix (hostile->url, "/"))
    hostile->url[strlen (hostile->url) - 1] = '\0';
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
}

static void
hostile_stop (Hostile *hostile)
{
  soup_server_disconnect (hostile->server);
  g_clear_object (&hostile->server);
  g_clear_pointer (&hostile->url, g_free);
  g_clear_pointer (&hostile->other_host, g_free);
}

static void
test_osc_camera_hostile_replies (void)
{
  static const char * const modes[] = { "huge", "deep", "array", "binary", "html" };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      Hostile hostile;
      g_autoptr(ScCamera) camera = NULL;
      g_autoptr(GError) error = NULL;

      hostile_start (&hostile, modes[i]);
      camera = sc_osc_test_new_camera (hostile.url, NULL, NULL);
      g_assert_false (sc_osc_test_connect_camera (camera, &error));
      g_test_message ("%s: %s", modes[i], error->message);
      g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL);
      g_assert_cmpstr (error->message, ==, "The camera sent a reply that could not be understood.");
      sc_osc_test_finish_camera (&camera);
      hostile_stop (&hostile);
    }

  {
    Hostile hostile;
    g_autoptr(ScCamera) camera = NULL;
    g_autoptr(GError) error = NULL;

    hostile_start (&hostile, "missing");
    camera = sc_osc_test_new_camera (hostile.url, NULL, NULL);
    g_assert_false (sc_osc_test_connect_camera (camera, &error));
    g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED);
    sc_osc_test_finish_camera (&camera);
    hostile_stop (&hostile);
  }
}

static void
test_osc_camera_hostile_liberal (void)
{
  Hostile hostile;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) info = NULL;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GVariant) errors = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GFile) saved = NULL;
  g_autoptr(GFile) directory = NULL;
  g_autoptr(ScCameraFile) file = NULL;
  g_autofree char *model = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *saved_name = NULL;
  g_autofree const char **list = NULL;
  ScOscProgress progress = { 0 };
  gint64 uptime = 0;
  double battery = 0;
  guint64 total = 0;
  ScCameraFile *odd;

  hostile_start (&hostile, "liberal");
  camera = sc_osc_test_new_connected_camera (hostile.url);

  /* Control characters gone, numbers read from strings. */
  g_object_get (camera, "model", &model, NULL);
  g_assert_cmpstr (model, ==, "OddCam");
  info = sc_camera_get_info (camera);
  g_assert_true (g_variant_lookup (info, "uptime", "x", &uptime));
  g_assert_cmpint (uptime, ==, 42);
  state = sc_camera_dup_state (camera);
  g_assert_true (g_variant_lookup (state, "batteryLevel", "d", &battery));
  g_assert_cmpfloat_with_epsilon (battery, 0.5, 1e-9);
  g_assert_true (g_variant_lookup (state, "totalSpace", "t", &total));
  g_assert_cmpuint (total, ==, 2000);
  errors = g_variant_lookup_value (state, "cameraError", G_VARIANT_TYPE_STRING_ARRAY);
  list = g_variant_get_strv (errors, NULL);
  g_assert_cmpstr (list[0], ==, "HIGH_TEMPERATURE");
  g_assert_false (g_variant_lookup (state, "latestFileUri", "&s", NULL));

  /* Usable entries survive, junk is dropped, the absurd total ends at
   * the first empty page. */
  files = sc_osc_test_list_files (camera, SC_CAMERA_FILE_TYPE_ALL, 0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 2);
  odd = g_ptr_array_index (files, 0);
  g_assert_cmpuint (sc_camera_file_get_size (odd), ==, 0);
  g_assert_cmpuint (sc_camera_file_get_width (odd), ==, 0);
  g_assert_null (sc_camera_file_get_date_time (odd));
  g_assert_null (sc_camera_file_get_thumbnail (odd));
  g_assert_cmpint (sc_camera_file_get_file_type (g_ptr_array_index (files, 1)), ==,
                   SC_CAMERA_FILE_TYPE_VIDEO);
  g_assert_cmpuint (sc_camera_file_get_size (g_ptr_array_index (files, 1)), ==, 1000);
  g_assert_cmpstr (sc_camera_file_get_name (g_ptr_array_index (files, 1)), ==, "R003.MP4");
  g_assert_null (sc_camera_file_get_date_time (g_ptr_array_index (files, 1)));

  /* Downloads come from the camera itself whatever host the listing
   * names, into the folder whatever the name says. */
  folder = g_dir_make_tmp ("test-osc-hostile-XXXXXX", &error);
  g_assert_no_error (error);
  directory = g_file_new_for_path (folder);
  saved = sc_osc_test_download (camera, odd, directory, &progress, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hostile.file_requests, ==, 1);
  g_assert_true (g_file_has_parent (saved, directory));
  saved_name = g_file_get_basename (saved);
  g_assert_null (strstr (saved_name, "/"));
  g_assert_false (g_str_has_prefix (saved_name, "."));
  g_unlink (g_file_peek_path (saved));
  g_rmdir (folder);

  /* inProgress without an id cannot be followed: a clear error. */
  file = sc_osc_test_take_picture (camera, &error);
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* The camera's own message is kept. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    sc_camera_reset_async (camera, NULL, sc_osc_test_async_cb, &result);
    g_assert_false (sc_camera_reset_finish (camera, AWAIT (result), &error));
    g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED);
    g_assert_nonnull (strstr (error->message, "Command not supported"));
  }

  sc_osc_test_finish_camera (&camera);
  hostile_stop (&hostile);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  if (!sc_core_init (&error))
    g_error ("%s", error->message);

  g_test_add_func ("/sc-core/ScOscCamera/fault/malformed-json", test_osc_camera_fault_malformed_json);
  g_test_add_func ("/sc-core/ScOscCamera/fault/busy", test_osc_camera_fault_busy);
  g_test_add_func ("/sc-core/ScOscCamera/fault/disk-full", test_osc_camera_fault_disk_full);
  g_test_add_func ("/sc-core/ScOscCamera/fault/slow", test_osc_camera_fault_slow);
  g_test_add_func ("/sc-core/ScOscCamera/fault/strings-for-numbers",
                   test_osc_camera_fault_strings_for_numbers);
  g_test_add_func ("/sc-core/ScOscCamera/fault/bad-thumbnail", test_osc_camera_fault_bad_thumbnail);
  g_test_add_func ("/sc-core/ScOscCamera/lost", test_osc_camera_lost);
  g_test_add_func ("/sc-core/ScOscCamera/dispose-connected", test_osc_camera_dispose_connected);
  g_test_add_func ("/sc-core/ScOscCamera/hostile/replies", test_osc_camera_hostile_replies);
  g_test_add_func ("/sc-core/ScOscCamera/hostile/liberal", test_osc_camera_hostile_liberal);

  return g_test_run ();
}
