/* test-osc-camera.c: ScOscCamera against spherecam-emulator, a real OSC
 * server on 127.0.0.1
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include <sc-core.h>
/* Until sc-core.h includes the camera headers. */
#define SC_CORE_INSIDE
#include "sc-camera.h"
#undef SC_CORE_INSIDE

#include "sc-emulator-launcher.h"

#define EMU_MODEL    "Spherecam Emulator"
#define EMU_SERIAL   "EMU7K2Q9"
#define EMU_FIRMWARE "1.4.2"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

typedef struct
{
  GSubprocess *process;
  char        *url;
  char        *storage;
} Emulator;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

/* Starts the emulator with its storage in a fresh folder (holding
 * @n_files small pictures already) and the given extra arguments. */
static void
emulator_start_with_files (Emulator   *emu,
                           guint       n_files,
                           const char *first_arg,
                           ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dcim = NULL;
  va_list ap;

  memset (emu, 0, sizeof *emu);
  emu->storage = g_dir_make_tmp ("test-osc-camera-XXXXXX", &error);
  g_assert_no_error (error);

  if (n_files > 0)
    {
      /* The smallest JPEG-looking files; the emulator lists what it finds. */
      static const guint8 jpeg[] = { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00,
                                     0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9 };

      dcim = g_build_filename (emu->storage, "100SPHCM", NULL);
      g_assert_cmpint (g_mkdir_with_parents (dcim, 0755), ==, 0);
      for (guint i = 1; i <= n_files; i++)
        {
          g_autofree char *name = g_strdup_printf ("SPHC%04u.JPG", i);
          g_autofree char *path = g_build_filename (dcim, name, NULL);

          g_file_set_contents (path, (const char *)jpeg, sizeof jpeg, &error);
          g_assert_no_error (error);
        }
    }

  g_ptr_array_add (args, (char *)"--storage");
  g_ptr_array_add (args, emu->storage);
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  emu->url = sc_emulator_launch ((const char * const *)args->pdata, &emu->process, &error);
  g_assert_no_error (error);
  g_assert_nonnull (emu->url);
  g_test_message ("Emulator at %s", emu->url);
}

#define emulator_start(emu, ...) emulator_start_with_files ((emu), 0, __VA_ARGS__)

static void
emulator_stop (Emulator *emu)
{
  if (emu->process != NULL)
    sc_emulator_stop (emu->process);
  g_clear_object (&emu->process);
  g_clear_pointer (&emu->url, g_free);
  if (emu->storage != NULL)
    remove_tree (emu->storage);
  g_clear_pointer (&emu->storage, g_free);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
wait_for (gboolean (*predicate) (gpointer),
          gpointer   data,
          guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, on_timeout_cb, &timed_out);

  while (!predicate (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  return predicate (data);
}

static void
spin (guint ms)
{
  gboolean timed_out = FALSE;

  g_timeout_add (ms, on_timeout_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

static void
on_async_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **)data != NULL;
}

/* Waits for an async result; the caller finishes and unrefs it. */
static GAsyncResult *
await (GAsyncResult **slot)
{
  if (!wait_for (result_arrived, slot, 60000))
    g_error ("Timed out waiting for an async result");
  return *slot;
}

#define AWAIT(slot) (await (&(slot)))

static ScCamera *
new_camera (const char *url,
            const char *username,
            const char *password)
{
  g_autoptr(GError) error = NULL;
  ScCamera *camera = sc_camera_new_for_uri (url, username, password, &error);

  g_assert_no_error (error);
  g_assert_true (SC_IS_CAMERA (camera));
  return camera;
}

static gboolean
connect_camera (ScCamera  *camera,
                GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_connect_async (camera, NULL, on_async_cb, &result);
  return sc_camera_connect_finish (camera, AWAIT (result), error);
}

static ScCamera *
new_connected_camera (const char *url)
{
  g_autoptr(GError) error = NULL;
  ScCamera *camera = new_camera (url, NULL, NULL);

  g_assert_true (connect_camera (camera, &error));
  g_assert_no_error (error);
  g_assert_true (sc_camera_is_connected (camera));
  return camera;
}

static ScCameraFile *
take_picture (ScCamera  *camera,
              GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_take_picture_async (camera, NULL, on_async_cb, &result);
  return sc_camera_take_picture_finish (camera, AWAIT (result), error);
}

static GVariant *
get_options (ScCamera            *camera,
             const char * const  *names,
             GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_get_options_async (camera, names, NULL, on_async_cb, &result);
  return sc_camera_get_options_finish (camera, AWAIT (result), error);
}

static gboolean
set_options (ScCamera  *camera,
             GVariant  *options,
             GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_set_options_async (camera, options, NULL, on_async_cb, &result);
  return sc_camera_set_options_finish (camera, AWAIT (result), error);
}

static GPtrArray *
list_files (ScCamera          *camera,
            ScCameraFileType   type,
            guint              max_entries,
            gboolean           with_thumbnails,
            GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_list_files_async (camera, type, max_entries, with_thumbnails, NULL, on_async_cb, &result);
  return sc_camera_list_files_finish (camera, AWAIT (result), error);
}

static gboolean
delete_files (ScCamera            *camera,
              const char * const  *uris,
              GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_delete_files_async (camera, uris, NULL, on_async_cb, &result);
  return sc_camera_delete_files_finish (camera, AWAIT (result), error);
}

static GVariant *
refresh_state (ScCamera  *camera,
               GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_refresh_state_async (camera, NULL, on_async_cb, &result);
  return sc_camera_refresh_state_finish (camera, AWAIT (result), error);
}

static GVariant *
get_option (ScCamera   *camera,
            const char *name)
{
  const char *names[] = { name, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) options = get_options (camera, names, &error);
  GVariant *value;

  g_assert_no_error (error);
  value = g_variant_lookup_value (options, name, NULL);
  g_assert_nonnull (value);
  return value;
}

/* Disconnects and drops the camera, asserting that it is finalized. */
static void
finish_camera (ScCamera **camera)
{
  gpointer weak = *camera;

  g_object_add_weak_pointer (G_OBJECT (*camera), &weak);
  sc_camera_disconnect (*camera);
  g_assert_false (sc_camera_is_connected (*camera));
  g_clear_object (camera);
  g_assert_null (weak);
}

static void
count_disconnected_cb (ScCamera     *camera,
                       const GError *error,
                       guint        *count)
{
  g_assert_no_error (error);
  (*count)++;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* ------------------------------------------------------------------ */
/* Construction and connecting                                         */

static void
test_osc_camera_new_for_uri (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GVariant) info = NULL;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *name = NULL;

  camera = sc_camera_new_for_uri ("ftp://192.168.1.1", NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_null (camera);
  g_clear_error (&error);

  camera = sc_camera_new_for_uri ("not a camera", NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (camera);
  g_clear_error (&error);

  camera = sc_camera_new_for_uri ("http://192.168.1.1", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_camera_get_uri (camera), ==, "http://192.168.1.1");
  g_assert_cmpstr (sc_camera_get_id (camera), ==, "http://192.168.1.1");
  g_assert_false (sc_camera_is_connected (camera));
  name = sc_camera_dup_display_name (camera);
  g_assert_cmpstr (name, ==, "192.168.1.1");
  info = sc_camera_get_info (camera);
  g_assert_cmpuint (g_variant_n_children (info), ==, 0);
  state = sc_camera_dup_state (camera);
  g_assert_cmpuint (g_variant_n_children (state), ==, 0);

  /* Nothing works before connecting. */
  sc_camera_take_picture_async (camera, NULL, on_async_cb, &result);
  g_assert_null (sc_camera_take_picture_finish (camera, AWAIT (result), &error));
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED);
}

static void
test_osc_camera_unreachable (void)
{
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;

  /* A port that is certainly closed: bind one and do not listen. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  address = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new_from_string ("127.0.0.1", 0));
  g_socket_bind (socket, G_SOCKET_ADDRESS (address), FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  camera = new_camera (url, NULL, NULL);
  g_assert_false (connect_camera (camera, &error));
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE);
  g_test_message ("%s", error->message);
  g_assert_false (sc_camera_is_connected (camera));
}

static void
test_osc_camera_connect (void)
{
  Emulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) info = NULL;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GVariant) levels = NULL;
  g_autoptr(GVariant) endpoints = NULL;
  g_autofree char *model = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *firmware = NULL;
  g_autofree char *manufacturer = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *session_id = NULL;
  g_autofree char *port_suffix = NULL;
  const char *s = NULL;
  const gint32 *level_values;
  gsize n_levels;
  gboolean gps = FALSE, has_level2 = FALSE;
  gint32 port = 0;
  gint64 uptime = -1;
  double battery = -1;
  guint64 total = 0, remaining = 0;
  guint connected_notifies = 0, id_notifies = 0, disconnected = 0;
  guint api_level = 0;

  emulator_start (&emu, NULL);

  camera = new_camera (emu.url, NULL, NULL);
  g_assert_cmpstr (sc_camera_get_id (camera), ==, emu.url);
  g_signal_connect (camera, "notify::is-connected", G_CALLBACK (count_notify_cb), &connected_notifies);
  g_signal_connect (camera, "notify::id", G_CALLBACK (count_notify_cb), &id_notifies);
  g_signal_connect (camera, "disconnected", G_CALLBACK (count_disconnected_cb), &disconnected);

  g_assert_true (connect_camera (camera, &error));
  g_assert_no_error (error);
  g_assert_true (sc_camera_is_connected (camera));
  g_assert_cmpuint (connected_notifies, ==, 1);
  g_assert_cmpuint (id_notifies, ==, 1);

  /* Connecting again is a no-op. */
  g_assert_true (connect_camera (camera, &error));
  g_assert_cmpuint (connected_notifies, ==, 1);

  g_object_get (camera, "model", &model, "serial-number", &serial, "firmware-version", &firmware,
                "manufacturer", &manufacturer, "api-level", &api_level, "session-id", &session_id,
                NULL);
  g_assert_cmpstr (model, ==, EMU_MODEL);
  g_assert_cmpstr (serial, ==, EMU_SERIAL);
  g_assert_cmpstr (firmware, ==, EMU_FIRMWARE);
  g_assert_nonnull (manufacturer);
  g_assert_cmpuint (api_level, ==, 2);
  g_assert_null (session_id);
  g_assert_cmpstr (sc_camera_get_id (camera), ==, "osc:" EMU_SERIAL);
  display_name = sc_camera_dup_display_name (camera);
  g_assert_cmpstr (display_name, ==, EMU_MODEL);

  info = sc_camera_get_info (camera);
  g_assert_true (g_variant_lookup (info, "model", "&s", &s));
  g_assert_cmpstr (s, ==, EMU_MODEL);
  g_assert_true (g_variant_lookup (info, "serialNumber", "&s", &s));
  g_assert_cmpstr (s, ==, EMU_SERIAL);
  g_assert_true (g_variant_lookup (info, "firmwareVersion", "&s", &s));
  g_assert_cmpstr (s, ==, EMU_FIRMWARE);
  g_assert_true (g_variant_lookup (info, "gps", "b", &gps));
  g_assert_true (gps);
  g_assert_true (g_variant_lookup (info, "uptime", "x", &uptime));
  g_assert_cmpint (uptime, >=, 0);
  g_assert_true (g_variant_lookup (info, "wlanMacAddress", "&s", &s));
  g_assert_cmpstr (s, ==, "02:5C:E7:00:42:17");
  levels = g_variant_lookup_value (info, "apiLevel", G_VARIANT_TYPE ("ai"));
  g_assert_nonnull (levels);
  level_values = g_variant_get_fixed_array (levels, &n_levels, sizeof (gint32));
  for (gsize i = 0; i < n_levels; i++)
    has_level2 |= level_values[i] == 2;
  g_assert_true (has_level2);
  endpoints = g_variant_lookup_value (info, "endpoints", G_VARIANT_TYPE_VARDICT);
  g_assert_nonnull (endpoints);
  g_assert_true (g_variant_lookup (endpoints, "httpPort", "i", &port));
  port_suffix = g_strdup_printf (":%d", port);
  g_assert_true (g_str_has_suffix (emu.url, port_suffix));

  state = sc_camera_dup_state (camera);
  g_assert_true (g_variant_lookup (state, "batteryLevel", "d", &battery));
  g_assert_cmpfloat_with_epsilon (battery, 0.83, 1e-9);
  g_assert_true (g_variant_lookup (state, "captureStatus", "&s", &s));
  g_assert_cmpstr (s, ==, "idle");
  g_assert_true (g_variant_lookup (state, "fingerprint", "&s", &s));
  g_assert_true (g_variant_lookup (state, "storageUri", "&s", &s));
  g_assert_true (g_variant_lookup (state, "totalSpace", "t", &total));
  g_assert_true (g_variant_lookup (state, "remainingSpace", "t", &remaining));
  g_assert_cmpuint (total, ==, G_GUINT64_CONSTANT (32000000000));
  g_assert_cmpuint (remaining, >, 0);
  g_assert_cmpuint (remaining, <=, total);

  sc_camera_disconnect (camera);
  g_assert_false (sc_camera_is_connected (camera));
  g_assert_cmpuint (disconnected, ==, 1);
  g_assert_cmpuint (connected_notifies, ==, 2);
  sc_camera_disconnect (camera);
  g_assert_cmpuint (disconnected, ==, 1);

  /* And back. */
  g_assert_true (connect_camera (camera, &error));
  g_assert_no_error (error);
  g_assert_true (sc_camera_is_connected (camera));

  finish_camera (&camera);
  emulator_stop (&emu);
}

/* ------------------------------------------------------------------ */
/* State, watching, pictures                                           */

typedef struct
{
  GPtrArray *files;
  guint      state_changes;
} Watch;

static void
on_file_added_cb (ScCamera     *camera,
                  ScCameraFile *file,
                  Watch        *watch)
{
  g_assert_true (SC_IS_CAMERA_FILE (file));
  g_ptr_array_add (watch->files, g_object_ref (file));
}

static void
on_state_changed_cb (ScCamera *camera,
                     Watch    *watch)
{
  watch->state_changes++;
}

static gboolean
watch_has_file (gpointer data)
{
  return ((Watch *)data)->files->len > 0;
}

static void
test_osc_camera_take_picture (void)
{
  Emulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScCameraFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) state = NULL;
  Watch watch = { g_ptr_array_new_with_free_func (g_object_unref), 0 };
  const char *latest = NULL;

  emulator_start (&emu, "--photo-size", "640x320", NULL);
  camera = new_connected_camera (emu.url);
  g_signal_connect (camera, "file-added", G_CALLBACK (on_file_added_cb), &watch);
  g_signal_connect (camera, "state-changed", G_CALLBACK (on_state_changed_cb), &watch);

  file = take_picture (camera, &error);
  g_assert_no_error (error);
  g_assert_true (SC_IS_CAMERA_FILE (file));
  g_assert_true (g_str_has_prefix (sc_camera_file_get_name (file), "SPHC"));
  g_assert_true (g_str_has_suffix (sc_camera_file_get_name (file), ".JPG"));
  g_assert_cmpint (sc_camera_file_get_file_type (file), ==, SC_CAMERA_FILE_TYPE_IMAGE);
  g_assert_true (g_str_has_prefix (sc_camera_file_get_uri (file), emu.url));
  g_assert_nonnull (strstr (sc_camera_file_get_uri (file), "/files/"));

  /* The watcher (checkForUpdates → state) announces the same file. */
  g_assert_true (wait_for (watch_has_file, &watch, 5000));
  g_assert_cmpuint (watch.files->len, ==, 1);
  g_assert_cmpstr (sc_camera_file_get_uri (g_ptr_array_index (watch.files, 0)), ==,
                   sc_camera_file_get_uri (file));
  g_assert_cmpuint (watch.state_changes, >=, 1);

  state = sc_camera_dup_state (camera);
  g_assert_true (g_variant_lookup (state, "latestFileUri", "&s", &latest));
  g_assert_cmpstr (latest, ==, sc_camera_file_get_uri (file));

  /* A second picture, a second announcement. */
  g_clear_object (&file);
  file = take_picture (camera, &error);
  g_assert_no_error (error);
  g_assert_true (wait_for (watch_has_file, &watch, 5000));
  while (watch.files->len < 2 && wait_for (watch_has_file, &watch, 100))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (sc_camera_file_get_uri (g_ptr_array_index (watch.files, watch.files->len - 1)), ==,
                   sc_camera_file_get_uri (file));

  g_clear_pointer (&state, g_variant_unref);
  state = refresh_state (camera, &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (state, "latestFileUri", "&s", &latest));
  g_assert_cmpstr (latest, ==, sc_camera_file_get_uri (file));

  finish_camera (&camera);
  g_ptr_array_unref (watch.files);
  emulator_stop (&emu);
}

/* Commands run one at a time, in order, whoever asks. */
static void
test_osc_camera_queue (void)
{
  Emulator emu;
  g_autoptr(ScCamera) camera = NULL;
  GAsyncResult *results[6] = { NULL };
  static const char * const names[] = { "iso", "captureMode", NULL };
  g_autoptr(GError) error = NULL;

  emulator_start (&emu, "--photo-size", "640x320", NULL);
  camera = new_connected_camera (emu.url);

  sc_camera_take_picture_async (camera, NULL, on_async_cb, &results[0]);
  for (guint i = 1; i < 5; i++)
    sc_camera_get_options_async (camera, names, NULL, on_async_cb, &results[i]);
  sc_camera_list_files_async (camera, SC_CAMERA_FILE_TYPE_ALL, 0, FALSE, NULL, on_async_cb, &results[5]);

  for (guint i = 0; i < 6; i++)
    await (&results[i]);

  {
    g_autoptr(ScCameraFile) file = sc_camera_take_picture_finish (camera, results[0], &error);
    g_assert_no_error (error);
    g_assert_nonnull (file);
  }
  for (guint i = 1; i < 5; i++)
    {
      g_autoptr(GVariant) options = sc_camera_get_options_finish (camera, results[i], &error);
      g_assert_no_error (error);
      g_assert_true (g_variant_lookup (options, "iso", "x", NULL));
    }
  {
    g_autoptr(GPtrArray) files = sc_camera_list_files_finish (camera, results[5], &error);
    g_assert_no_error (error);
    /* Queued behind the picture: it is listed. */
    g_assert_cmpuint (files->len, ==, 1);
  }
  for (guint i = 0; i < 6; i++)
    g_clear_object (&results[i]);

  finish_camera (&camera);
  emulator_stop (&emu);
}

static gboolean
on_cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_osc_camera_cancel (void)
{
  Emulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancellable2 = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(ScCameraFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) iso = NULL;
  static const char * const names[] = { "iso", NULL };
  gint64 started;

  emulator_start (&emu, "--photo-size", "640x320", NULL);
  camera = new_connected_camera (emu.url);

  /* Cancelled while the camera is still busy with it (inProgress): the
   * polling stops at once. */
  sc_camera_take_picture_async (camera, cancellable, on_async_cb, &result);
  /* A second command, queued behind it, cancelled before it started. */
  sc_camera_get_options_async (camera, names, cancellable2, on_async_cb, &result2);
  g_cancellable_cancel (cancellable2);
  g_timeout_add (150, on_cancel_cb, cancellable);

  started = g_get_monotonic_time ();
  file = sc_camera_take_picture_finish (camera, AWAIT (result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (file);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 2 * G_USEC_PER_SEC);
  g_clear_error (&error);

  g_assert_null (sc_camera_get_options_finish (camera, AWAIT (result2), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* The queue goes on. */
  iso = get_option (camera, "iso");
  g_assert_true (g_variant_is_of_type (iso, G_VARIANT_TYPE_INT64));

  g_clear_object (&result);
  g_clear_object (&result2);
  finish_camera (&camera);
  emulator_stop (&emu);
}

/* ------------------------------------------------------------------ */
/* Options                                                             */

static void
test_osc_camera_options (void)
{
  Emulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) options = NULL;
  g_autoptr(GVariant) iso_support = NULL;
  g_autoptr(GVariant) mode_support = NULL;
  g_autoptr(GVariant) preview_support = NULL;
  g_autoptr(GVariant) preview = NULL;
  g_autoptr(GVariant) interval_support = NULL;
  g_autoptr(GVariant) ev_support = NULL;
  g_autoptr(GVariant) value = NULL;
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  static const char * const names[] = {
    "iso", "isoSupport", "captureMode", "captureModeSupport", "previewFormat",
    "previewFormatSupport", "captureIntervalSupport", "exposureCompensationSupport",
    "exposureCompensation", "whiteBalance", "remainingSpace", NULL
  };
  gint64 width = 0, min_interval = 0;
  const char *mode = NULL;
  gboolean found_200 = FALSE;

  emulator_start (&emu, NULL);
  camera = new_connected_camera (emu.url);

  options = get_options (camera, names, &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_is_of_type (options, G_VARIANT_TYPE_VARDICT));

  value = g_variant_lookup_value (options, "iso", NULL);
  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64));
  g_clear_pointer (&value, g_variant_unref);

  iso_support = g_variant_lookup_value (options, "isoSupport", G_VARIANT_TYPE ("ax"));
  g_assert_nonnull (iso_support);
  for (gsize i = 0; i < g_variant_n_children (iso_support); i++)
    {
      gint64 iso;
      g_variant_get_child (iso_support, i, "x", &iso);
      found_200 |= iso == 200;
    }
  g_assert_true (found_200);

  g_assert_true (g_variant_lookup (options, "captureMode", "&s", &mode));
  g_assert_cmpstr (mode, ==, "image");
  mode_support = g_variant_lookup_value (options, "captureModeSupport", G_VARIANT_TYPE_STRING_ARRAY);
  g_assert_nonnull (mode_support);

  preview = g_variant_lookup_value (options, "previewFormat", G_VARIANT_TYPE_VARDICT);
  g_assert_nonnull (preview);
  g_assert_true (g_variant_lookup (preview, "width", "x", &width));
  g_assert_cmpint (width, >, 0);
  preview_support = g_variant_lookup_value (options, "previewFormatSupport", G_VARIANT_TYPE ("aa{sv}"));
  g_assert_nonnull (preview_support);
  g_assert_cmpuint (g_variant_n_children (preview_support), >=, 1);

  /* A range, {"minInterval": …, "maxInterval": …}. */
  interval_support = g_variant_lookup_value (options, "captureIntervalSupport", G_VARIANT_TYPE_VARDICT);
  if (interval_support != NULL)
    g_assert_true (g_variant_lookup (interval_support, "minInterval", "x", &min_interval));
  else
    {
      g_test_message ("The emulator sent no captureIntervalSupport range");
      min_interval = 1;
    }

  ev_support = g_variant_lookup_value (options, "exposureCompensationSupport", G_VARIANT_TYPE ("ad"));
  g_assert_nonnull (ev_support);
  value = g_variant_lookup_value (options, "exposureCompensation", G_VARIANT_TYPE_DOUBLE);
  g_assert_nonnull (value);
  g_clear_pointer (&value, g_variant_unref);
  value = g_variant_lookup_value (options, "remainingSpace", G_VARIANT_TYPE_INT64);
  g_assert_nonnull (value);
  g_clear_pointer (&value, g_variant_unref);

  /* Setting what the camera offers, in whatever integer type. */
  g_variant_dict_insert (&dict, "iso", "i", 200);
  g_variant_dict_insert (&dict, "exposureCompensation", "d", -0.7);
  g_variant_dict_insert (&dict, "whiteBalance", "s", "daylight");
  g_assert_true (set_options (camera, g_variant_dict_end (&dict), &error));
  g_assert_no_error (error);
  value = get_option (camera, "iso");
  g_assert_cmpint (g_variant_get_int64 (value), ==, 200);
  g_clear_pointer (&value, g_variant_unref);
  value = get_option (camera, "whiteBalance");
  g_assert_cmpstr (g_variant_get_string (value, NULL), ==, "daylight");
  g_clear_pointer (&value, g_variant_unref);

  /* Objects go as objects; a listed preview format is accepted. */
  {
    g_autoptr(GVariant) wanted = g_variant_get_child_value (preview_support,
                                                            g_variant_n_children (preview_support) - 1);
    g_auto(GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
    gint64 wanted_width = 0, got_width = 0;

    g_variant_lookup (wanted, "width", "x", &wanted_width);
    g_variant_dict_insert_value (&d, "previewFormat", wanted);
    g_assert_true (set_options (camera, g_variant_dict_end (&d), &error));
    g_assert_no_error (error);
    value = get_option (camera, "previewFormat");
    g_assert_true (g_variant_lookup (value, "width", "x", &got_width));
    g_assert_cmpint (got_width, ==, wanted_width);
    g_clear_pointer (&value, g_variant_unref);
  }

  /* Values the camera does not list are refused here, before sending. */
  {
    g_auto(GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "iso", "x", (gint64)123);
    g_assert_false (set_options (camera, g_variant_dict_end (&d), &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "does not offer"));
    g_clear_error (&error);
    value = get_option (camera, "iso");
    g_assert_cmpint (g_variant_get_int64 (value), ==, 200);
    g_clear_pointer (&value, g_variant_unref);
  }
  {
    g_auto(GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "captureMode", "s", "timelapse");
    g_assert_false (set_options (camera, g_variant_dict_end (&d), &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }
  {
    /* Ranges ({"minInterval", "maxInterval"}) too. */
    g_auto(GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "captureInterval", "x", min_interval - 1);
    g_assert_false (set_options (camera, g_variant_dict_end (&d), &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }
  {
    /* …and their special values ("limitless": 0). */
    g_auto(GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "captureNumber", "x", (gint64)0);
    g_variant_dict_insert (&d, "captureInterval", "x", min_interval);
    g_assert_true (set_options (camera, g_variant_dict_end (&d), &error));
    g_assert_no_error (error);
  }
  {
    /* An option the camera does not know: its own error, its message. */
    g_auto(GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "_noSuchOption", "s", "on");
    g_assert_false (set_options (camera, g_variant_dict_end (&d), &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_test_message ("%s", error->message);
    g_clear_error (&error);
  }
  {
    /* The clock goes alone (THETA rule), the rest after it. */
    g_auto(GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "dateTimeZone", "s", "2026:03:14 15:09:26+09:00");
    g_variant_dict_insert (&d, "sleepDelay", "x", (gint64)300);
    g_assert_true (set_options (camera, g_variant_dict_end (&d), &error));
    g_assert_no_error (error);
    value = get_option (camera, "sleepDelay");
    g_assert_cmpint (g_variant_get_int64 (value), ==, 300);
    g_clear_pointer (&value, g_variant_unref);
  }

  /* reset: factory settings again. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    sc_camera_reset_async (camera, NULL, on_async_cb, &result);
    g_assert_true (sc_camera_reset_finish (camera, AWAIT (result), &error));
    g_assert_no_error (error);
    value = get_option (camera, "iso");
    g_assert_cmpint (g_variant_get_int64 (value), ==, 0);
    g_clear_pointer (&value, g_variant_unref);
    value = get_option (camera, "whiteBalance");
    g_assert_cmpstr (g_variant_get_string (value, NULL), ==, "auto");
    g_clear_pointer (&value, g_variant_unref);
  }

  finish_camera (&camera);
  emulator_stop (&emu);
}

/* ------------------------------------------------------------------ */
/* Video and interval shooting                                         */

static void
test_osc_camera_video (void)
{
  Emulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GVariant) mode = NULL;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GError) error = NULL;
  const char *status = NULL;
  ScCameraFile *video;
  gboolean found = FALSE;

  emulator_start (&emu, NULL);
  camera = new_connected_camera (emu.url);

  sc_camera_start_capture_async (camera, SC_CAMERA_CAPTURE_MODE_VIDEO, NULL, on_async_cb, &result);
  g_assert_true (sc_camera_start_capture_finish (camera, AWAIT (result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* It switched the camera to video first. */
  mode = get_option (camera, "captureMode");
  g_assert_cmpstr (g_variant_get_string (mode, NULL), ==, "video");

  state = refresh_state (camera, &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (state, "captureStatus", "&s", &status));
  g_assert_cmpstr (status, ==, "shooting");

  spin (700);

  sc_camera_stop_capture_async (camera, NULL, on_async_cb, &result);
  files = sc_camera_stop_capture_finish (camera, AWAIT (result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (files);
  g_assert_cmpuint (files->len, >=, 1);
  video = g_ptr_array_index (files, 0);
  g_assert_cmpint (sc_camera_file_get_file_type (video), ==, SC_CAMERA_FILE_TYPE_VIDEO);
  g_assert_true (g_str_has_suffix (sc_camera_file_get_name (video), ".MP4"));

  listed = list_files (camera, SC_CAMERA_FILE_TYPE_VIDEO, 0, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < listed->len; i++)
    {
      ScCameraFile *file = g_ptr_array_index (listed, i);

      g_assert_cmpint (sc_camera_file_get_file_type (file), ==, SC_CAMERA_FILE_TYPE_VIDEO);
      if (g_str_equal (sc_camera_file_get_uri (file), sc_camera_file_get_uri (video)))
        {
          found = TRUE;
          g_assert_cmpuint (sc_camera_file_get_size (file), >, 0);
        }
    }
  g_assert_true (found);

  /* A picture now switches back to still mode by itself. */
  {
    g_autoptr(ScCameraFile) picture = take_picture (camera, &error);

    g_assert_no_error (error);
    g_assert_cmpint (sc_camera_file_get_file_type (picture), ==, SC_CAMERA_FILE_TYPE_IMAGE);
  }

  g_clear_object (&result);
  finish_camera (&camera);
  emulator_stop (&emu);
}

static gboolean
watch_has_two_files (gpointer data)
{
  return ((Watch *)data)->files->len >= 2;
}

static void
test_osc_camera_interval (void)
{
  Emulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  Watch watch = { g_ptr_array_new_with_free_func (g_object_unref), 0 };

  emulator_start (&emu, "--photo-size", "640x320", NULL);
  camera = new_connected_camera (emu.url);
  g_signal_connect (camera, "file-added", G_CALLBACK (on_file_added_cb), &watch);

  g_variant_dict_insert (&dict, "captureInterval", "x", (gint64)1);
  g_variant_dict_insert (&dict, "captureNumber", "x", (gint64)0);
  g_assert_true (set_options (camera, g_variant_dict_end (&dict), &error));
  g_assert_no_error (error);

  sc_camera_start_capture_async (camera, SC_CAMERA_CAPTURE_MODE_INTERVAL, NULL, on_async_cb, &result);
  g_assert_true (sc_camera_start_capture_finish (camera, AWAIT (result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* Shots arrive one a second and are announced as they are saved. */
  g_assert_true (wait_for (watch_has_two_files, &watch, 8000));

  sc_camera_stop_capture_async (camera, NULL, on_async_cb, &result);
  files = sc_camera_stop_capture_finish (camera, AWAIT (result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (files);
  for (guint i = 0; i < files->len; i++)
    g_assert_cmpint (sc_camera_file_get_file_type (g_ptr_array_index (files, i)), ==,
                     SC_CAMERA_FILE_TYPE_IMAGE);

  g_clear_object (&result);
  finish_camera (&camera);
  g_ptr_array_unref (watch.files);
  emulator_stop (&emu);
}

/* ------------------------------------------------------------------ */
/* Files                                                               */

static void
test_osc_camera_list_files (void)
{
  Emulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) some = NULL;
  g_autoptr(GPtrArray) with_thumbs = NULL;
  g_autoptr(GPtrArray) videos = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  /* 25 pictures: pages of 10 with thumbnails, one page without. */
  emulator_start_with_files (&emu, 25, "--photo-size", "640x320", NULL);
  camera = new_connected_camera (emu.url);

  all = list_files (camera, SC_CAMERA_FILE_TYPE_ALL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 25);
  for (guint i = 0; i < all->len; i++)
    {
      ScCameraFile *file = g_ptr_array_index (all, i);

      g_assert_true (g_str_has_prefix (sc_camera_file_get_name (file), "SPHC"));
      g_assert_cmpint (sc_camera_file_get_file_type (file), ==, SC_CAMERA_FILE_TYPE_IMAGE);
      g_assert_cmpuint (sc_camera_file_get_size (file), ==, 22);
      g_assert_nonnull (sc_camera_file_get_date_time (file));
      g_assert_cmpuint (sc_camera_file_get_width (file), ==, 640);
      g_assert_cmpuint (sc_camera_file_get_height (file), ==, 320);
      g_assert_null (sc_camera_file_get_thumbnail (file));
      g_assert_true (g_hash_table_add (seen, (gpointer)sc_camera_file_get_uri (file)));
    }

  some = list_files (camera, SC_CAMERA_FILE_TYPE_ALL, 7, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (some->len, ==, 7);

  with_thumbs = list_files (camera, SC_CAMERA_FILE_TYPE_IMAGE, 0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (with_thumbs->len, ==, 25);
  g_hash_table_remove_all (seen);
  for (guint i = 0; i < with_thumbs->len; i++)
    {
      ScCameraFile *file = g_ptr_array_index (with_thumbs, i);
      GBytes *thumbnail = sc_camera_file_get_thumbnail (file);
      const guint8 *data;

      g_assert_nonnull (thumbnail);
      data = g_bytes_get_data (thumbnail, NULL);
      g_assert_cmpuint (data[0], ==, 0xFF);
      g_assert_cmpuint (data[1], ==, 0xD8);
      /* Paging neither repeats nor skips. */
      g_assert_true (g_hash_table_add (seen, (gpointer)sc_camera_file_get_uri (file)));
    }

  videos = list_files (camera, SC_CAMERA_FILE_TYPE_VIDEO, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (videos->len, ==, 0);

  finish_camera (&camera);
  emulator_stop (&emu);
}

static void
test_osc_camera_delete (void)
{
  Emulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) uris = NULL;
  g_autoptr(GError) error = NULL;
  const char *two[3] = { NULL };
  const char *bogus[] = { "http://127.0.0.1/files/none/100SPHCM/SPHC9876.JPG", NULL };
  const char *none[] = { NULL };

  /* 135 files: deleting them all takes two camera.delete calls. */
  emulator_start_with_files (&emu, 135, NULL);
  camera = new_connected_camera (emu.url);

  files = list_files (camera, SC_CAMERA_FILE_TYPE_ALL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 135);

  two[0] = sc_camera_file_get_uri (g_ptr_array_index (files, 0));
  two[1] = sc_camera_file_get_uri (g_ptr_array_index (files, 1));
  g_assert_true (delete_files (camera, two, &error));
  g_assert_no_error (error);
  after = list_files (camera, SC_CAMERA_FILE_TYPE_ALL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 133);
  for (guint i = 0; i < after->len; i++)
    {
      const char *uri = sc_camera_file_get_uri (g_ptr_array_index (after, i));

      g_assert_cmpstr (uri, !=, two[0]);
      g_assert_cmpstr (uri, !=, two[1]);
      g_strv_builder_add (builder, uri);
    }

  g_assert_true (delete_files (camera, none, &error));
  g_assert_no_error (error);

  g_assert_false (delete_files (camera, bogus, &error));
  g_assert_nonnull (error);
  g_test_message ("Deleting a missing file: %s", error->message);
  g_clear_error (&error);

  uris = g_strv_builder_end (builder);
  g_assert_true (delete_files (camera, (const char * const *)uris, &error));
  g_assert_no_error (error);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = list_files (camera, SC_CAMERA_FILE_TYPE_ALL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 0);

  finish_camera (&camera);
  emulator_stop (&emu);
}

typedef struct
{
  guint   calls;
  guint64 current;
  guint64 total;
  gboolean freed;
} Progress;

static void
on_progress_cb (guint64  current,
                guint64  total,
                gpointer user_data)
{
  Progress *progress = user_data;

  /* (A download restarted after a dropped connection may go back.) */
  g_assert_true (total == 0 || current <= total);
  progress->calls++;
  progress->current = current;
  progress->total = total;
}

static void
on_progress_free_cb (gpointer user_data)
{
  ((Progress *)user_data)->freed = TRUE;
}

static GFile *
download (ScCamera      *camera,
          ScCameraFile  *file,
          GFile         *directory,
          Progress      *progress,
          GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_download_async (camera, file, directory, on_progress_cb, progress, on_progress_free_cb,
                            NULL, on_async_cb, &result);
  return sc_camera_download_finish (camera, AWAIT (result), error);
}

static void
check_download (const char *fault,
                gboolean    expect_success)
{
  Emulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScCameraFile) picture = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GFile) saved = NULL;
  g_autoptr(GFile) directory = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *original = NULL;
  g_autofree char *original_path = NULL;
  gsize length = 0, original_length = 0;
  Progress progress = { 0 };
  ScCameraFile *listed = NULL;

  if (fault != NULL)
    emulator_start (&emu, "--photo-size", "640x320", "--fault", fault, NULL);
  else
    emulator_start (&emu, "--photo-size", "640x320", NULL);
  camera = new_connected_camera (emu.url);

  picture = take_picture (camera, &error);
  g_assert_no_error (error);
  files = list_files (camera, SC_CAMERA_FILE_TYPE_IMAGE, 0, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < files->len; i++)
    if (g_str_equal (sc_camera_file_get_uri (g_ptr_array_index (files, i)), sc_camera_file_get_uri (picture)))
      listed = g_ptr_array_index (files, i);
  g_assert_nonnull (listed);

  folder = g_dir_make_tmp ("test-osc-download-XXXXXX", &error);
  g_assert_no_error (error);
  directory = g_file_new_for_path (folder);

  saved = download (camera, listed, directory, &progress, &error);
  g_assert_true (progress.freed);

  original_path = g_build_filename (emu.storage, "100SPHCM", sc_camera_file_get_name (listed), NULL);
  g_file_get_contents (original_path, &original, &original_length, NULL);

  if (expect_success)
    {
      g_autofree char *expected = g_build_filename (folder, sc_camera_file_get_name (listed), NULL);

      g_assert_no_error (error);
      g_assert_nonnull (saved);
      g_assert_cmpstr (g_file_peek_path (saved), ==, expected);
      g_file_get_contents (g_file_peek_path (saved), &contents, &length, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (length, >, 0);
      if (original != NULL)
        {
          g_assert_cmpuint (length, ==, original_length);
          g_assert_true (memcmp (contents, original, length) == 0);
        }
      g_assert_cmpuint (progress.calls, >=, 1);
      g_assert_cmpuint (progress.current, ==, length);
      g_unlink (g_file_peek_path (saved));
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_null (saved);
      g_test_message ("Download with %s: %s", fault, error->message);
    }

  /* Nothing else is left behind. */
  {
    g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
    g_assert_null (g_dir_read_name (dir));
  }
  g_rmdir (folder);

  finish_camera (&camera);
  emulator_stop (&emu);
}

static void
test_osc_camera_download (void)
{
  check_download (NULL, TRUE);
}

static void
test_osc_camera_download_listing_size_mismatch (void)
{
  /* The listing's size is only a hint. */
  check_download ("listing-size-mismatch", TRUE);
}

static void
test_osc_camera_download_drop (void)
{
  /* The connection drops once mid-file: the download resumes. */
  check_download ("drop-after=20000", TRUE);
}

static void
test_osc_camera_download_wrong_length (void)
{
  check_download ("wrong-length", FALSE);
}

/* ------------------------------------------------------------------ */
/* Live preview stream                                                 */

static void
test_osc_camera_preview (void)
{
  Emulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) head = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GVariant) iso = NULL;

  emulator_start (&emu, NULL);
  camera = new_connected_camera (emu.url);

  sc_camera_open_preview_async (camera, NULL, on_async_cb, &result);
  stream = sc_camera_open_preview_finish (camera, AWAIT (result), &error);
  g_assert_no_error (error);
  g_assert_true (G_IS_INPUT_STREAM (stream));
  g_clear_object (&result);

  /* THETA style: the delimiter line without the RFC "--". */
  head = g_input_stream_read_bytes (stream, 4096, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (head), >, 0);
  text = g_strndup (g_bytes_get_data (head, NULL), MIN (g_bytes_get_size (head), 200));
  g_assert_nonnull (strstr (text, "---osclivepreview---"));
  g_assert_nonnull (strstr (text, "image/jpeg"));

  /* The preview holds a connection; commands still go through. */
  iso = get_option (camera, "iso");
  g_assert_nonnull (iso);

  g_input_stream_close (stream, NULL, NULL);
  g_clear_object (&stream);

  g_clear_object (&result);
  finish_camera (&camera);
  emulator_stop (&emu);
}

/* ------------------------------------------------------------------ */
/* API level 1 and authentication                                      */

static void
test_osc_camera_level1 (void)
{
  Emulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScCameraFile) file = NULL;
  g_autoptr(GVariant) info = NULL;
  g_autoptr(GVariant) levels = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *session_id = NULL;
  guint api_level = 0;

  emulator_start (&emu, "--api-level", "1", "--photo-size", "640x320", NULL);
  camera = new_connected_camera (emu.url);

  info = sc_camera_get_info (camera);
  levels = g_variant_lookup_value (info, "apiLevel", G_VARIANT_TYPE ("ai"));
  g_assert_nonnull (levels);
  g_assert_cmpuint (g_variant_n_children (levels), ==, 1);

  /* startSession, then clientVersion 2: a level-2 client from now on. */
  g_object_get (camera, "api-level", &api_level, "session-id", &session_id, NULL);
  g_test_message ("API level %u, session %s", api_level, session_id);
  g_assert_cmpuint (api_level, ==, 2);
  g_assert_null (session_id);

  file = take_picture (camera, &error);
  g_assert_no_error (error);
  g_assert_nonnull (file);

  finish_camera (&camera);
  emulator_stop (&emu);
}

static void
test_osc_camera_digest (void)
{
  Emulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScCameraFile) file = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;

  emulator_start (&emu, "--user", "THETAYL00105377", "--password", "s3cret \"pass\"",
                  "--photo-size", "640x320", NULL);

  /* No credentials. */
  camera = new_camera (emu.url, NULL, NULL);
  g_assert_false (connect_camera (camera, &error));
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  finish_camera (&camera);

  /* Wrong password. */
  camera = new_camera (emu.url, "THETAYL00105377", "wrong");
  g_assert_false (connect_camera (camera, &error));
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "user name and password"));
  g_clear_error (&error);
  g_assert_false (sc_camera_is_connected (camera));
  finish_camera (&camera);

  /* Right one: everything works, downloads included. */
  camera = new_camera (emu.url, "THETAYL00105377", "s3cret \"pass\"");
  g_assert_true (connect_camera (camera, &error));
  g_assert_no_error (error);
  file = take_picture (camera, &error);
  g_assert_no_error (error);
  files = list_files (camera, SC_CAMERA_FILE_TYPE_ALL, 0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 1);
  {
    g_autofree char *folder = g_dir_make_tmp ("test-osc-digest-XXXXXX", NULL);
    g_autoptr(GFile) directory = g_file_new_for_path (folder);
    g_autoptr(GFile) saved = NULL;
    Progress progress = { 0 };

    saved = download (camera, g_ptr_array_index (files, 0), directory, &progress, &error);
    g_assert_no_error (error);
    g_assert_nonnull (saved);
    g_unlink (g_file_peek_path (saved));
    g_rmdir (folder);
  }

  finish_camera (&camera);
  emulator_stop (&emu);
}

/* ------------------------------------------------------------------ */
/* Faults                                                              */

static void
test_osc_camera_fault_malformed_json (void)
{
  Emulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GError) error = NULL;

  emulator_start (&emu, "--fault", "malformed-json", NULL);
  camera = new_camera (emu.url, NULL, NULL);

  g_assert_false (connect_camera (camera, &error));
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL);
  g_assert_cmpstr (error->message, ==, "The camera sent a reply that could not be understood.");
  g_assert_false (sc_camera_is_connected (camera));

  finish_camera (&camera);
  emulator_stop (&emu);
}

static void
test_osc_camera_fault_busy (void)
{
  Emulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScCameraFile) file = NULL;
  g_autoptr(GError) error = NULL;

  emulator_start (&emu, "--fault", "busy", NULL);
  camera = new_connected_camera (emu.url);

  file = take_picture (camera, &error);
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY);
  g_assert_null (file);
  g_test_message ("%s", error->message);
  /* The camera's own words are kept. */
  g_assert_nonnull (strstr (error->message, "busy"));

  finish_camera (&camera);
  emulator_stop (&emu);
}

static void
test_osc_camera_fault_disk_full (void)
{
  Emulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScCameraFile) file = NULL;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GVariant) errors = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree const char **list = NULL;
  guint64 remaining = 1;

  emulator_start (&emu, "--fault", "disk-full", NULL);
  camera = new_connected_camera (emu.url);

  state = sc_camera_dup_state (camera);
  errors = g_variant_lookup_value (state, "cameraError", G_VARIANT_TYPE_STRING_ARRAY);
  g_assert_nonnull (errors);
  list = g_variant_get_strv (errors, NULL);
  g_assert_true (g_strv_contains (list, "NO_MEMORY"));
  g_assert_true (g_variant_lookup (state, "remainingSpace", "t", &remaining));
  g_assert_cmpuint (remaining, ==, 0);

  file = take_picture (camera, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  sc_camera_start_capture_async (camera, SC_CAMERA_CAPTURE_MODE_VIDEO, NULL, on_async_cb, &result);
  g_assert_false (sc_camera_start_capture_finish (camera, AWAIT (result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);

  g_clear_object (&result);
  finish_camera (&camera);
  emulator_stop (&emu);
}

static void
test_osc_camera_fault_slow (void)
{
  Emulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScCameraFile) file = NULL;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started;

  emulator_start (&emu, "--fault", "slow=250", "--photo-size", "640x320", NULL);

  /* Slow but within the timeout: everything works. */
  camera = new_connected_camera (emu.url);
  file = take_picture (camera, &error);
  g_assert_no_error (error);
  g_assert_nonnull (file);

  /* A timeout shorter than the camera's delay: a clear timeout. */
  g_object_set (camera, "timeout", 100, NULL);
  started = g_get_monotonic_time ();
  state = refresh_state (camera, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_null (state);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 240 * 1000);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_object_set (camera, "timeout", 10000, NULL);
  state = refresh_state (camera, &error);
  g_assert_no_error (error);

  finish_camera (&camera);
  emulator_stop (&emu);
}

static void
test_osc_camera_fault_strings_for_numbers (void)
{
  Emulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScCameraFile) picture = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GVariant) iso = NULL;
  g_autoptr(GError) error = NULL;
  double battery = 0;

  emulator_start (&emu, "--fault", "strings-for-numbers", "--photo-size", "640x320", NULL);
  camera = new_connected_camera (emu.url);

  state = sc_camera_dup_state (camera);
  g_assert_true (g_variant_lookup (state, "batteryLevel", "d", &battery));
  g_assert_cmpfloat_with_epsilon (battery, 0.83, 1e-9);

  picture = take_picture (camera, &error);
  g_assert_no_error (error);
  files = list_files (camera, SC_CAMERA_FILE_TYPE_ALL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 1);
  g_assert_cmpuint (sc_camera_file_get_size (g_ptr_array_index (files, 0)), >, 0);
  g_assert_cmpuint (sc_camera_file_get_width (g_ptr_array_index (files, 0)), ==, 640);
  g_assert_cmpuint (sc_camera_file_get_height (g_ptr_array_index (files, 0)), ==, 320);

  iso = get_option (camera, "iso");
  g_assert_true (g_variant_is_of_type (iso, G_VARIANT_TYPE_INT64));

  finish_camera (&camera);
  emulator_stop (&emu);
}

static void
test_osc_camera_fault_bad_thumbnail (void)
{
  Emulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;

  emulator_start_with_files (&emu, 3, "--fault", "bad-thumbnail", NULL);
  camera = new_connected_camera (emu.url);

  files = list_files (camera, SC_CAMERA_FILE_TYPE_ALL, 0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 3);
  for (guint i = 0; i < files->len; i++)
    g_assert_null (sc_camera_file_get_thumbnail (g_ptr_array_index (files, i)));

  finish_camera (&camera);
  emulator_stop (&emu);
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
  Emulator emu;
  g_autoptr(ScCamera) camera = NULL;
  Disconnected data = { 0, NULL };
  gpointer weak;

  emulator_start (&emu, NULL);
  camera = new_connected_camera (emu.url);
  g_signal_connect (camera, "disconnected", G_CALLBACK (on_disconnected_cb), &data);

  g_subprocess_force_exit (emu.process);
  g_subprocess_wait (emu.process, NULL, NULL);

  g_assert_true (wait_for (was_disconnected, &data, 10000));
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
  emulator_stop (&emu);
}

/* A connected camera nobody holds any more is finalized, watcher or not. */
static void
test_osc_camera_dispose_connected (void)
{
  Emulator emu;
  ScCamera *camera;
  gpointer weak;

  emulator_start (&emu, NULL);
  camera = new_connected_camera (emu.url);
  weak = camera;
  g_object_add_weak_pointer (G_OBJECT (camera), &weak);

  spin (1100);   /* the watcher is running */
  g_object_unref (camera);
  g_assert_null (weak);
  spin (200);    /* and nothing it left behind crashes */

  emulator_stop (&emu);
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
      camera = new_camera (hostile.url, NULL, NULL);
      g_assert_false (connect_camera (camera, &error));
      g_test_message ("%s: %s", modes[i], error->message);
      g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL);
      g_assert_cmpstr (error->message, ==, "The camera sent a reply that could not be understood.");
      finish_camera (&camera);
      hostile_stop (&hostile);
    }

  {
    Hostile hostile;
    g_autoptr(ScCamera) camera = NULL;
    g_autoptr(GError) error = NULL;

    hostile_start (&hostile, "missing");
    camera = new_camera (hostile.url, NULL, NULL);
    g_assert_false (connect_camera (camera, &error));
    g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED);
    finish_camera (&camera);
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
  Progress progress = { 0 };
  gint64 uptime = 0;
  double battery = 0;
  guint64 total = 0;
  ScCameraFile *odd;

  hostile_start (&hostile, "liberal");
  camera = new_connected_camera (hostile.url);

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
  files = list_files (camera, SC_CAMERA_FILE_TYPE_ALL, 0, TRUE, &error);
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
  saved = download (camera, odd, directory, &progress, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hostile.file_requests, ==, 1);
  g_assert_true (g_file_has_parent (saved, directory));
  saved_name = g_file_get_basename (saved);
  g_assert_null (strstr (saved_name, "/"));
  g_assert_false (g_str_has_prefix (saved_name, "."));
  g_unlink (g_file_peek_path (saved));
  g_rmdir (folder);

  /* inProgress without an id cannot be followed: a clear error. */
  file = take_picture (camera, &error);
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* The camera's own message is kept. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    sc_camera_reset_async (camera, NULL, on_async_cb, &result);
    g_assert_false (sc_camera_reset_finish (camera, AWAIT (result), &error));
    g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED);
    g_assert_nonnull (strstr (error->message, "Command not supported"));
  }

  finish_camera (&camera);
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

  g_test_add_func ("/sc-core/ScOscCamera/new-for-uri", test_osc_camera_new_for_uri);
  g_test_add_func ("/sc-core/ScOscCamera/unreachable", test_osc_camera_unreachable);
  g_test_add_func ("/sc-core/ScOscCamera/connect", test_osc_camera_connect);
  g_test_add_func ("/sc-core/ScOscCamera/take-picture", test_osc_camera_take_picture);
  g_test_add_func ("/sc-core/ScOscCamera/queue", test_osc_camera_queue);
  g_test_add_func ("/sc-core/ScOscCamera/cancel", test_osc_camera_cancel);
  g_test_add_func ("/sc-core/ScOscCamera/options", test_osc_camera_options);
  g_test_add_func ("/sc-core/ScOscCamera/video", test_osc_camera_video);
  g_test_add_func ("/sc-core/ScOscCamera/interval", test_osc_camera_interval);
  g_test_add_func ("/sc-core/ScOscCamera/list-files", test_osc_camera_list_files);
  g_test_add_func ("/sc-core/ScOscCamera/delete", test_osc_camera_delete);
  g_test_add_func ("/sc-core/ScOscCamera/download", test_osc_camera_download);
  g_test_add_func ("/sc-core/ScOscCamera/download-listing-size-mismatch",
                   test_osc_camera_download_listing_size_mismatch);
  g_test_add_func ("/sc-core/ScOscCamera/download-drop", test_osc_camera_download_drop);
  g_test_add_func ("/sc-core/ScOscCamera/download-wrong-length", test_osc_camera_download_wrong_length);
  g_test_add_func ("/sc-core/ScOscCamera/preview", test_osc_camera_preview);
  g_test_add_func ("/sc-core/ScOscCamera/level1", test_osc_camera_level1);
  g_test_add_func ("/sc-core/ScOscCamera/digest", test_osc_camera_digest);
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
