/* test-madv-camera.c: ScMadvCamera against `spherecam-emulator --protocol
 * madv`: the connect session, notifications, shooting, listing, both
 * download routes, delete, format, the RTSP preview and the faults
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-madv-camera"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sc-core.h"
#include "sc-emulator-launcher.h"
#include "sc-madv-camera-private.h"

#define CONTROL_MSG_ID 65280   /* the emulator's test control (MADV.md) */

typedef struct
{
  GSubprocess *process;
  char        *url;
} Emu;

static void
emu_start (Emu        *emu,
           const char *fault)
{
  const char *args[] = { "--protocol", "madv", "--listen", "127.0.0.1:0",
                         fault != NULL ? "--fault" : NULL, fault, NULL };
  g_autoptr(GError) error = NULL;

  emu->url = sc_emulator_launch (args, &emu->process, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (emu->url, "madv://127.0.0.1:"));
}

static void
emu_stop (Emu *emu)
{
  sc_emulator_stop (emu->process);
  g_clear_object (&emu->process);
  g_clear_pointer (&emu->url, g_free);
}

/* The emulator's control message, on a connection of its own. */
static void
emu_control (Emu        *emu,
             const char *type,
             int         param)
{
  g_autoptr(GUri) uri = g_uri_parse (emu->url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  char reply[512];
  gssize n;

  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri),
                                                (guint16)g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  request = g_strdup_printf ("{\"msg_id\":%d,\"token\":0,\"type\":\"%s\",\"param\":\"%d\"}",
                             CONTROL_MSG_ID, type, param);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                           reply, sizeof reply - 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, >, 0);
  reply[n] = '\0';
  g_assert_nonnull (strstr (reply, "\"rval\":0"));
}

static void
on_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static GAsyncResult *
spin (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static ScCamera *
new_camera (Emu     *emu,
            GError **error)
{
  g_autoptr(ScCamera) camera = sc_camera_new_for_uri (emu->url, NULL, NULL, error);
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_nonnull (camera);
  g_assert_true (SC_IS_MADV_CAMERA (camera));
  sc_camera_connect_async (camera, NULL, on_result_cb, &result);
  if (!sc_camera_connect_finish (camera, spin (&result), error))
    return NULL;
  return g_steal_pointer (&camera);
}

static ScCameraFile *
take_picture (ScCamera  *camera,
              GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_take_picture_async (camera, NULL, on_result_cb, &result);
  return sc_camera_take_picture_finish (camera, spin (&result), error);
}

static GPtrArray *
list_files (ScCamera  *camera,
            GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_list_files_async (camera, SC_CAMERA_FILE_TYPE_ALL, 0, FALSE, NULL, on_result_cb, &result);
  return sc_camera_list_files_finish (camera, spin (&result), error);
}

static GFile *
download (ScCamera      *camera,
          ScCameraFile  *file,
          GFile         *directory,
          GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_download_async (camera, file, directory, NULL, NULL, NULL, NULL, on_result_cb, &result);
  return sc_camera_download_finish (camera, spin (&result), error);
}

static ScCameraFile *
find_file (GPtrArray  *files,
           const char *name)
{
  for (guint i = 0; files != NULL && i < files->len; i++)
    if (g_str_equal (sc_camera_file_get_name (g_ptr_array_index (files, i)), name))
      return g_ptr_array_index (files, i);
  return NULL;
}

static guint
count_entries (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
remove_folder (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_unlink (path);
    }
  g_rmdir (folder);
}

/* ------------------------------------------------------------------ */

static void
test_madv_camera_uri (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCamera) camera = NULL;
  g_autofree char *preview = NULL;

  camera = sc_camera_new_for_uri ("madv://192.168.42.1", NULL, NULL, &error);
  g_assert_no_error (error);
  preview = sc_camera_dup_preview_uri (camera);
  g_assert_cmpstr (preview, ==, "rtsp://192.168.42.1:554/live");
  g_clear_object (&camera);
  g_clear_pointer (&preview, g_free);

  camera = sc_camera_new_for_uri ("madv://10.0.0.2:7000?data=7001&http=7002&rtsp=7003",
                                  NULL, NULL, &error);
  g_assert_no_error (error);
  preview = sc_camera_dup_preview_uri (camera);
  g_assert_cmpstr (preview, ==, "rtsp://10.0.0.2:7003/live");
  g_clear_object (&camera);

  camera = sc_camera_new_for_uri ("madv://10.0.0.2?data=notaport", NULL, NULL, &error);
  g_assert_null (camera);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "madv://"));
}

static void
test_madv_camera_connect (void)
{
  Emu emu = { 0 };
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GVariant) info = NULL;
  g_autofree char *model = NULL;
  g_autofree char *firmware = NULL;
  g_autofree char *lut_md5 = NULL;
  double battery = 0;
  guint64 total = 0;

  emu_start (&emu, NULL);
  camera = new_camera (&emu, &error);
  g_assert_no_error (error);

  g_assert_true (sc_camera_is_connected (camera));
  g_assert_cmpstr (sc_camera_get_id (camera), ==, "madv:EMUMADV0042");
  g_object_get (camera, "model", &model, "firmware-version", &firmware, "lut-md5", &lut_md5, NULL);
  g_assert_cmpstr (model, ==, "MJXJ01FM");
  g_assert_cmpstr (firmware, ==, "1.3.97.85.5.13333");
  g_assert_nonnull (lut_md5);
  g_assert_cmpuint (strlen (lut_md5), ==, 32);

  info = sc_camera_get_info (camera);
  g_assert_true (g_variant_lookup (info, "wifiSsid", "&s", NULL));

  state = sc_camera_dup_state (camera);
  g_assert_true (g_variant_lookup (state, "batteryLevel", "d", &battery));
  g_assert_cmpfloat (battery, >, 0);
  g_assert_true (g_variant_lookup (state, "totalSpace", "t", &total));
  g_assert_cmpuint (total, >, 0);

  sc_camera_disconnect (camera);
  g_assert_false (sc_camera_is_connected (camera));
  emu_stop (&emu);
}

typedef struct
{
  guint  changes;
  guint  disconnects;
  GError *error;
} Signals;

static void
on_state_changed_cb (ScCamera *camera,
                     Signals  *signals)
{
  signals->changes++;
}

static void
on_disconnected_cb (ScCamera     *camera,
                    const GError *error,
                    Signals      *signals)
{
  signals->disconnects++;
  g_clear_error (&signals->error);
  signals->error = error != NULL ? g_error_copy (error) : NULL;
}

static void
wait_changes (Signals *signals,
              guint    count)
{
  while (signals->changes < count && signals->disconnects == 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_madv_camera_notifications (void)
{
  Emu emu = { 0 };
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GError) error = NULL;
  Signals signals = { 0 };
  GVariant *state;
  const char *text = NULL;
  g_autofree const char **errors = NULL;

  emu_start (&emu, NULL);
  camera = new_camera (&emu, &error);
  g_assert_no_error (error);
  g_signal_connect (camera, "state-changed", G_CALLBACK (on_state_changed_cb), &signals);
  g_signal_connect (camera, "disconnected", G_CALLBACK (on_disconnected_cb), &signals);

  /* Battery 75 %, charging. */
  emu_control (&emu, "battery", 0x83);
  wait_changes (&signals, 1);
  state = sc_camera_dup_state (camera);
  g_assert_true (g_variant_lookup (state, "batteryState", "&s", &text));
  g_assert_cmpstr (text, ==, "charging");
  g_variant_unref (state);

  /* Recording (from the camera's button). */
  emu_control (&emu, "state", 3);
  wait_changes (&signals, 2);
  state = sc_camera_dup_state (camera);
  g_assert_true (g_variant_lookup (state, "captureStatus", "&s", &text));
  g_assert_cmpstr (text, ==, "shooting");
  g_variant_unref (state);
  emu_control (&emu, "state", 0);
  wait_changes (&signals, 3);

  /* Mode switched on the camera. */
  emu_control (&emu, "mode", 1);
  wait_changes (&signals, 4);
  state = sc_camera_dup_state (camera);
  g_assert_true (g_variant_lookup (state, "captureMode", "&s", &text));
  g_assert_cmpstr (text, ==, "image");
  g_variant_unref (state);

  /* Overheating: a message for the user. */
  emu_control (&emu, "overheat", 1);
  wait_changes (&signals, 5);
  state = sc_camera_dup_state (camera);
  g_assert_true (g_variant_lookup (state, "cameraError", "^a&s", &errors));
  g_assert_nonnull (strstr (errors[0], "hot"));
  g_variant_unref (state);

  /* Card removed, then back (re-reads the storage). */
  emu_control (&emu, "sd-mounted", 0);
  wait_changes (&signals, 6);
  state = sc_camera_dup_state (camera);
  g_assert_false (g_variant_lookup (state, "totalSpace", "t", NULL));
  g_variant_unref (state);

  /* Switching off disconnects. */
  emu_control (&emu, "power-off", 1);
  while (signals.disconnects == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (sc_camera_is_connected (camera));
  g_assert_error (signals.error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE);
  g_clear_error (&signals.error);

  emu_stop (&emu);
}

static void
test_madv_camera_storage_mode (void)
{
  Emu emu = { 0 };
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GError) error = NULL;
  Signals signals = { 0 };

  emu_start (&emu, NULL);
  camera = new_camera (&emu, &error);
  g_assert_no_error (error);
  g_signal_connect (camera, "disconnected", G_CALLBACK (on_disconnected_cb), &signals);

  emu_control (&emu, "state", 2);
  while (signals.disconnects == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (signals.error);
  g_assert_nonnull (strstr (signals.error->message, "USB storage mode"));
  g_clear_error (&signals.error);

  emu_stop (&emu);
}

static void
on_file_added_cb (ScCamera     *camera,
                  ScCameraFile *file,
                  GPtrArray    *added)
{
  g_ptr_array_add (added, g_object_ref (file));
}

static void
test_madv_camera_photo (void)
{
  Emu emu = { 0 };
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCameraFile) picture = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GFile) directory = NULL;
  g_autoptr(GFile) by_http = NULL;
  g_autoptr(GFile) by_data = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *http_bytes = NULL;
  g_autofree char *data_bytes = NULL;
  gsize http_length = 0, data_length = 0;
  ScCameraFile *listed;
  const char *uris[2] = { NULL, NULL };

  emu_start (&emu, NULL);
  camera = new_camera (&emu, &error);
  g_assert_no_error (error);
  g_signal_connect (camera, "file-added", G_CALLBACK (on_file_added_cb), added);

  picture = take_picture (camera, &error);
  g_assert_no_error (error);
  g_assert_nonnull (picture);
  g_assert_true (g_str_has_prefix (sc_camera_file_get_name (picture), "IMG_"));
  g_assert_cmpint (sc_camera_file_get_file_type (picture), ==, SC_CAMERA_FILE_TYPE_IMAGE);
  g_assert_cmpuint (added->len, ==, 1);
  g_assert_cmpstr (sc_camera_file_get_uri (g_ptr_array_index (added, 0)), ==,
                   sc_camera_file_get_uri (picture));

  files = list_files (camera, &error);
  g_assert_no_error (error);
  listed = find_file (files, sc_camera_file_get_name (picture));
  g_assert_nonnull (listed);
  g_assert_cmpuint (sc_camera_file_get_size (listed), >, 0);
  g_assert_nonnull (sc_camera_file_get_date_time (listed));

  folder = g_dir_make_tmp ("test-madv-download-XXXXXX", &error);
  g_assert_no_error (error);
  directory = g_file_new_for_path (folder);

  /* Over HTTP (the default) … */
  by_http = download (camera, listed, directory, &error);
  g_assert_no_error (error);
  g_file_get_contents (g_file_peek_path (by_http), &http_bytes, &http_length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (http_length, ==, sc_camera_file_get_size (listed));

  /* … and over the data port: the same bytes, under the next free name. */
  g_object_set (camera, "transport", "data-port", NULL);
  by_data = download (camera, listed, directory, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_equal (by_http, by_data));
  g_file_get_contents (g_file_peek_path (by_data), &data_bytes, &data_length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (data_length, ==, http_length);
  g_assert_true (memcmp (http_bytes, data_bytes, http_length) == 0);
  g_assert_cmpuint (count_entries (folder), ==, 2);   /* no temporary files left */

  /* Delete. */
  uris[0] = sc_camera_file_get_uri (listed);
  sc_camera_delete_files_async (camera, uris, NULL, on_result_cb, &result);
  sc_camera_delete_files_finish (camera, spin (&result), &error);
  g_assert_no_error (error);
  g_clear_pointer (&files, g_ptr_array_unref);
  files = list_files (camera, &error);
  g_assert_no_error (error);
  g_assert_null (find_file (files, sc_camera_file_get_name (picture)));

  remove_folder (folder);
  sc_camera_disconnect (camera);
  emu_stop (&emu);
}

static void
test_madv_camera_video (void)
{
  Emu emu = { 0 };
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) videos = NULL;
  g_autoptr(GPtrArray) files = NULL;
  ScCameraFile *video;
  const char *uris[2] = { NULL, NULL };

  emu_start (&emu, NULL);
  camera = new_camera (&emu, &error);
  g_assert_no_error (error);

  sc_camera_start_capture_async (camera, SC_CAMERA_CAPTURE_MODE_VIDEO, NULL, on_result_cb, &result);
  sc_camera_start_capture_finish (camera, spin (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  sc_camera_stop_capture_async (camera, NULL, on_result_cb, &result);
  videos = sc_camera_stop_capture_finish (camera, spin (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (videos->len, ==, 1);
  video = g_ptr_array_index (videos, 0);
  g_assert_cmpint (sc_camera_file_get_file_type (video), ==, SC_CAMERA_FILE_TYPE_VIDEO);
  g_assert_true (g_str_has_suffix (sc_camera_file_get_name (video), "AA.MP4"));

  /* Listed without its AB companion. */
  files = list_files (camera, &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_file (files, sc_camera_file_get_name (video)));
  for (guint i = 0; i < files->len; i++)
    g_assert_false (g_str_has_suffix (sc_camera_file_get_name (g_ptr_array_index (files, i)), "AB.MP4"));

  /* Deleting it deletes the companion too (a failure would fail the call). */
  uris[0] = sc_camera_file_get_uri (video);
  sc_camera_delete_files_async (camera, uris, NULL, on_result_cb, &result);
  sc_camera_delete_files_finish (camera, spin (&result), &error);
  g_assert_no_error (error);

  sc_camera_disconnect (camera);
  emu_stop (&emu);
}

static void
test_madv_camera_options (void)
{
  Emu emu = { 0 };
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GVariant) options = NULL;
  GVariantDict dict;
  const char * const names[] = { "exposureCompensation", "captureMode", NULL };
  double ev = 99;
  const char *mode = NULL;

  emu_start (&emu, NULL);
  camera = new_camera (&emu, &error);
  g_assert_no_error (error);

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "exposureCompensation", "d", -1.5);
  g_variant_dict_insert (&dict, "captureMode", "s", "video");
  sc_camera_set_options_async (camera, g_variant_dict_end (&dict), NULL, on_result_cb, &result);
  sc_camera_set_options_finish (camera, spin (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  sc_camera_get_options_async (camera, names, NULL, on_result_cb, &result);
  options = sc_camera_get_options_finish (camera, spin (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (g_variant_lookup (options, "exposureCompensation", "d", &ev));
  g_assert_cmpfloat (ev, ==, -1.5);
  g_assert_true (g_variant_lookup (options, "captureMode", "&s", &mode));
  g_assert_cmpstr (mode, ==, "video");

  /* Unknown names fail before anything is sent. */
  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "noSuchOption", "i", 1);
  sc_camera_set_options_async (camera, g_variant_dict_end (&dict), NULL, on_result_cb, &result);
  g_assert_false (sc_camera_set_options_finish (camera, spin (&result), &error));
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED);

  sc_camera_disconnect (camera);
  emu_stop (&emu);
}

static void
test_madv_camera_format (void)
{
  Emu emu = { 0 };
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ScCameraFile) picture = NULL;
  g_autoptr(GPtrArray) files = NULL;

  emu_start (&emu, NULL);
  camera = new_camera (&emu, &error);
  g_assert_no_error (error);
  picture = take_picture (camera, &error);
  g_assert_no_error (error);

  /* Not without a confirmation. */
  sc_camera_format_storage_async (camera, FALSE, NULL, on_result_cb, &result);
  g_assert_false (sc_camera_format_storage_finish (camera, spin (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_clear_object (&result);

  sc_camera_format_storage_async (camera, TRUE, NULL, on_result_cb, &result);
  g_assert_true (sc_camera_format_storage_finish (camera, spin (&result), &error));
  g_assert_no_error (error);

  files = list_files (camera, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 0);

  sc_camera_disconnect (camera);
  emu_stop (&emu);
}

static void
test_madv_camera_preview (void)
{
  Emu emu = { 0 };
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScLivePreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  emu_start (&emu, NULL);
  camera = new_camera (&emu, &error);
  g_assert_no_error (error);

  uri = sc_camera_dup_preview_uri (camera);
  g_assert_true (g_str_has_prefix (uri, "rtsp://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (uri, "/live"));

  preview = sc_live_preview_new ();
  g_assert_true (sc_live_preview_start_uri (preview, uri, &error));
  g_assert_no_error (error);
  while (sc_live_preview_get_frames (preview) < 3 &&
         sc_live_preview_get_state (preview) != SC_LIVE_PREVIEW_STATE_ERROR)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (sc_live_preview_get_error (preview));
  g_assert_cmpuint (sc_live_preview_get_width (preview), ==, 2 * sc_live_preview_get_height (preview));
  sc_live_preview_stop (preview);

  sc_camera_disconnect (camera);
  emu_stop (&emu);
}

/* ------------------------------------------------------------------ */
/* Faults                                                              */

static void
test_madv_camera_session_taken (void)
{
  Emu emu = { 0 };
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScCamera) again = NULL;
  g_autoptr(GError) error = NULL;
  Signals signals = { 0 };

  emu_start (&emu, NULL);
  camera = new_camera (&emu, &error);
  g_assert_no_error (error);
  g_signal_connect (camera, "disconnected", G_CALLBACK (on_disconnected_cb), &signals);

  /* Another phone takes the session over: we are disconnected … */
  emu_control (&emu, "take-session", 0);
  while (signals.disconnects == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (sc_camera_is_connected (camera));
  g_assert_nonnull (signals.error);
  g_clear_error (&signals.error);

  /* … and refused with a clear message while it holds the camera … */
  again = new_camera (&emu, &error);
  g_assert_null (again);
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY);
  {
    g_autofree char *lower = g_ascii_strdown (error->message, -1);

    g_test_message ("Refused: %s", error->message);
    g_assert_nonnull (strstr (lower, "another"));
  }
  g_clear_error (&error);

  /* … then, once it has let go, connecting works again. */
  again = new_camera (&emu, &error);
  g_assert_no_error (error);
  g_assert_true (sc_camera_is_connected (again));

  sc_camera_disconnect (again);
  emu_stop (&emu);
}

static void
test_madv_camera_drop_data (void)
{
  Emu emu = { 0 };
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCameraFile) picture = NULL;
  g_autoptr(GFile) directory = NULL;
  g_autoptr(GFile) saved = NULL;
  g_autoptr(GFile) again = NULL;
  g_autofree char *folder = NULL;

  emu_start (&emu, "madv-drop-data=20000");
  camera = new_camera (&emu, &error);
  g_assert_no_error (error);
  picture = take_picture (camera, &error);
  g_assert_no_error (error);

  folder = g_dir_make_tmp ("test-madv-drop-XXXXXX", &error);
  g_assert_no_error (error);
  directory = g_file_new_for_path (folder);
  g_object_set (camera, "transport", "data-port", NULL);

  /* Resumed after the drop, or failed with nothing left behind. */
  saved = download (camera, picture, directory, &error);
  if (saved == NULL)
    {
      g_assert_nonnull (error);
      g_assert_cmpuint (count_entries (folder), ==, 0);
      g_clear_error (&error);
    }

  /* Either way a new download works. */
  again = download (camera, picture, directory, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);

  remove_folder (folder);
  sc_camera_disconnect (camera);
  emu_stop (&emu);
}

static void
test_madv_camera_rval (void)
{
  Emu emu = { 0 };
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCameraFile) picture = NULL;

  emu_start (&emu, "madv-rval=4864:-21:1");
  camera = new_camera (&emu, &error);
  g_assert_no_error (error);

  picture = take_picture (camera, &error);
  g_assert_null (picture);
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY);
  g_clear_error (&error);

  picture = take_picture (camera, &error);
  g_assert_no_error (error);
  g_assert_nonnull (picture);

  sc_camera_disconnect (camera);
  emu_stop (&emu);
}

static void
test_madv_camera_garbage (void)
{
  Emu emu = { 0 };
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCameraFile) picture = NULL;
  g_autoptr(GPtrArray) files = NULL;

  emu_start (&emu, "madv-garbage");
  camera = new_camera (&emu, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_camera_get_id (camera), ==, "madv:EMUMADV0042");

  picture = take_picture (camera, &error);
  g_assert_no_error (error);
  files = list_files (camera, &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_file (files, sc_camera_file_get_name (picture)));

  sc_camera_disconnect (camera);
  emu_stop (&emu);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  if (!sc_core_init (&error))
    g_error ("%s", error->message);

  g_test_add_func ("/sc-core/ScMadvCamera/uri", test_madv_camera_uri);
  g_test_add_func ("/sc-core/ScMadvCamera/connect", test_madv_camera_connect);
  g_test_add_func ("/sc-core/ScMadvCamera/notifications", test_madv_camera_notifications);
  g_test_add_func ("/sc-core/ScMadvCamera/storage-mode", test_madv_camera_storage_mode);
  g_test_add_func ("/sc-core/ScMadvCamera/photo", test_madv_camera_photo);
  g_test_add_func ("/sc-core/ScMadvCamera/video", test_madv_camera_video);
  g_test_add_func ("/sc-core/ScMadvCamera/options", test_madv_camera_options);
  g_test_add_func ("/sc-core/ScMadvCamera/format", test_madv_camera_format);
  g_test_add_func ("/sc-core/ScMadvCamera/preview", test_madv_camera_preview);
  g_test_add_func ("/sc-core/ScMadvCamera/session-taken", test_madv_camera_session_taken);
  g_test_add_func ("/sc-core/ScMadvCamera/drop-data", test_madv_camera_drop_data);
  g_test_add_func ("/sc-core/ScMadvCamera/rval", test_madv_camera_rval);
  g_test_add_func ("/sc-core/ScMadvCamera/garbage", test_madv_camera_garbage);

  return g_test_run ();
}
