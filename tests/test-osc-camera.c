/* test-osc-camera.c: ScOscCamera against spherecam-emulator, a real OSC
 * server on 127.0.0.1: connecting, shooting, options and files
 *
 * Faults and hostile servers are in test-osc-camera-faults.c, downloads,
 * the preview stream and authentication in test-osc-camera-transfer.c.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-osc-camera"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "sc-osc-test-util.h"

#define EMU_MODEL    "Spherecam Emulator"
#define EMU_SERIAL   "EMU7K2Q9"
#define EMU_FIRMWARE "1.4.2"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

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
  sc_camera_take_picture_async (camera, NULL, sc_osc_test_async_cb, &result);
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

  camera = sc_osc_test_new_camera (url, NULL, NULL);
  g_assert_false (sc_osc_test_connect_camera (camera, &error));
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE);
  g_test_message ("%s", error->message);
  g_assert_false (sc_camera_is_connected (camera));
}

static void
test_osc_camera_connect (void)
{
  ScOscEmulator emu;
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

  sc_osc_emulator_start (&emu, NULL);

  camera = sc_osc_test_new_camera (emu.url, NULL, NULL);
  g_assert_cmpstr (sc_camera_get_id (camera), ==, emu.url);
  g_signal_connect (camera, "notify::is-connected", G_CALLBACK (count_notify_cb), &connected_notifies);
  g_signal_connect (camera, "notify::id", G_CALLBACK (count_notify_cb), &id_notifies);
  g_signal_connect (camera, "disconnected", G_CALLBACK (count_disconnected_cb), &disconnected);

  g_assert_true (sc_osc_test_connect_camera (camera, &error));
  g_assert_no_error (error);
  g_assert_true (sc_camera_is_connected (camera));
  g_assert_cmpuint (connected_notifies, ==, 1);
  g_assert_cmpuint (id_notifies, ==, 1);

  /* Connecting again is a no-op. */
  g_assert_true (sc_osc_test_connect_camera (camera, &error));
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
  g_assert_true (sc_osc_test_connect_camera (camera, &error));
  g_assert_no_error (error);
  g_assert_true (sc_camera_is_connected (camera));

  sc_osc_test_finish_camera (&camera);
  sc_osc_emulator_stop (&emu);
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
  ScOscEmulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScCameraFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) state = NULL;
  Watch watch = { g_ptr_array_new_with_free_func (g_object_unref), 0 };
  const char *latest = NULL;

  sc_osc_emulator_start (&emu, "--photo-size", "640x320", NULL);
  camera = sc_osc_test_new_connected_camera (emu.url);
  g_signal_connect (camera, "file-added", G_CALLBACK (on_file_added_cb), &watch);
  g_signal_connect (camera, "state-changed", G_CALLBACK (on_state_changed_cb), &watch);

  file = sc_osc_test_take_picture (camera, &error);
  g_assert_no_error (error);
  g_assert_true (SC_IS_CAMERA_FILE (file));
  g_assert_true (g_str_has_prefix (sc_camera_file_get_name (file), "SPHC"));
  g_assert_true (g_str_has_suffix (sc_camera_file_get_name (file), ".JPG"));
  g_assert_cmpint (sc_camera_file_get_file_type (file), ==, SC_CAMERA_FILE_TYPE_IMAGE);
  g_assert_true (g_str_has_prefix (sc_camera_file_get_uri (file), emu.url));
  g_assert_nonnull (strstr (sc_camera_file_get_uri (file), "/files/"));

  /* The watcher (checkForUpdates → state) announces the same file. */
  g_assert_true (sc_osc_test_wait_for (watch_has_file, &watch, 5000));
  g_assert_cmpuint (watch.files->len, ==, 1);
  g_assert_cmpstr (sc_camera_file_get_uri (g_ptr_array_index (watch.files, 0)), ==,
                   sc_camera_file_get_uri (file));
  g_assert_cmpuint (watch.state_changes, >=, 1);

  state = sc_camera_dup_state (camera);
  g_assert_true (g_variant_lookup (state, "latestFileUri", "&s", &latest));
  g_assert_cmpstr (latest, ==, sc_camera_file_get_uri (file));

  /* A second picture, a second announcement. */
  g_clear_object (&file);
  file = sc_osc_test_take_picture (camera, &error);
  g_assert_no_error (error);
  g_assert_true (sc_osc_test_wait_for (watch_has_file, &watch, 5000));
  while (watch.files->len < 2 && sc_osc_test_wait_for (watch_has_file, &watch, 100))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (sc_camera_file_get_uri (g_ptr_array_index (watch.files, watch.files->len - 1)), ==,
                   sc_camera_file_get_uri (file));

  g_clear_pointer (&state, g_variant_unref);
  state = sc_osc_test_refresh_state (camera, &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (state, "latestFileUri", "&s", &latest));
  g_assert_cmpstr (latest, ==, sc_camera_file_get_uri (file));

  sc_osc_test_finish_camera (&camera);
  g_ptr_array_unref (watch.files);
  sc_osc_emulator_stop (&emu);
}

/* Commands run one at a time, in order, whoever asks. */
static void
test_osc_camera_queue (void)
{
  ScOscEmulator emu;
  g_autoptr(ScCamera) camera = NULL;
  GAsyncResult *results[6] = { NULL };
  static const char * const names[] = { "iso", "captureMode", NULL };
  g_autoptr(GError) error = NULL;

  sc_osc_emulator_start (&emu, "--photo-size", "640x320", NULL);
  camera = sc_osc_test_new_connected_camera (emu.url);

  sc_camera_take_picture_async (camera, NULL, sc_osc_test_async_cb, &results[0]);
  for (guint i = 1; i < 5; i++)
    sc_camera_get_options_async (camera, names, NULL, sc_osc_test_async_cb, &results[i]);
  sc_camera_list_files_async (camera, SC_CAMERA_FILE_TYPE_ALL, 0, FALSE, NULL, sc_osc_test_async_cb, &results[5]);

  for (guint i = 0; i < 6; i++)
    sc_osc_test_await (&results[i]);

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

  sc_osc_test_finish_camera (&camera);
  sc_osc_emulator_stop (&emu);
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
  ScOscEmulator emu;
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

  sc_osc_emulator_start (&emu, "--photo-size", "640x320", NULL);
  camera = sc_osc_test_new_connected_camera (emu.url);

  /* Cancelled while the camera is still busy with it (inProgress): the
   * polling stops at once. */
  sc_camera_take_picture_async (camera, cancellable, sc_osc_test_async_cb, &result);
  /* A second command, queued behind it, cancelled before it started. */
  sc_camera_get_options_async (camera, names, cancellable2, sc_osc_test_async_cb, &result2);
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
  iso = sc_osc_test_get_option (camera, "iso");
  g_assert_true (g_variant_is_of_type (iso, G_VARIANT_TYPE_INT64));

  g_clear_object (&result);
  g_clear_object (&result2);
  sc_osc_test_finish_camera (&camera);
  sc_osc_emulator_stop (&emu);
}

/* ------------------------------------------------------------------ */
/* Options                                                             */

static void
test_osc_camera_options (void)
{
  ScOscEmulator emu;
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

  sc_osc_emulator_start (&emu, NULL);
  camera = sc_osc_test_new_connected_camera (emu.url);

  options = sc_osc_test_get_options (camera, names, &error);
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
  g_assert_true (sc_osc_test_set_options (camera, g_variant_dict_end (&dict), &error));
  g_assert_no_error (error);
  value = sc_osc_test_get_option (camera, "iso");
  g_assert_cmpint (g_variant_get_int64 (value), ==, 200);
  g_clear_pointer (&value, g_variant_unref);
  value = sc_osc_test_get_option (camera, "whiteBalance");
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
    g_assert_true (sc_osc_test_set_options (camera, g_variant_dict_end (&d), &error));
    g_assert_no_error (error);
    value = sc_osc_test_get_option (camera, "previewFormat");
    g_assert_true (g_variant_lookup (value, "width", "x", &got_width));
    g_assert_cmpint (got_width, ==, wanted_width);
    g_clear_pointer (&value, g_variant_unref);
  }

  /* Values the camera does not list are refused here, before sending. */
  {
    g_auto(GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "iso", "x", (gint64)123);
    g_assert_false (sc_osc_test_set_options (camera, g_variant_dict_end (&d), &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "does not offer"));
    g_clear_error (&error);
    value = sc_osc_test_get_option (camera, "iso");
    g_assert_cmpint (g_variant_get_int64 (value), ==, 200);
    g_clear_pointer (&value, g_variant_unref);
  }
  {
    g_auto(GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "captureMode", "s", "timelapse");
    g_assert_false (sc_osc_test_set_options (camera, g_variant_dict_end (&d), &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }
  {
    /* Ranges ({"minInterval", "maxInterval"}) too. */
    g_auto(GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "captureInterval", "x", min_interval - 1);
    g_assert_false (sc_osc_test_set_options (camera, g_variant_dict_end (&d), &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }
  {
    /* …and their special values ("limitless": 0). */
    g_auto(GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "captureNumber", "x", (gint64)0);
    g_variant_dict_insert (&d, "captureInterval", "x", min_interval);
    g_assert_true (sc_osc_test_set_options (camera, g_variant_dict_end (&d), &error));
    g_assert_no_error (error);
  }
  {
    /* An option the camera does not know: its own error, its message. */
    g_auto(GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "_noSuchOption", "s", "on");
    g_assert_false (sc_osc_test_set_options (camera, g_variant_dict_end (&d), &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_test_message ("%s", error->message);
    g_clear_error (&error);
  }
  {
    /* The clock goes alone (THETA rule), the rest after it. */
    g_auto(GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "dateTimeZone", "s", "2026:03:14 15:09:26+09:00");
    g_variant_dict_insert (&d, "sleepDelay", "x", (gint64)300);
    g_assert_true (sc_osc_test_set_options (camera, g_variant_dict_end (&d), &error));
    g_assert_no_error (error);
    value = sc_osc_test_get_option (camera, "sleepDelay");
    g_assert_cmpint (g_variant_get_int64 (value), ==, 300);
    g_clear_pointer (&value, g_variant_unref);
  }

  /* reset: factory settings again. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    sc_camera_reset_async (camera, NULL, sc_osc_test_async_cb, &result);
    g_assert_true (sc_camera_reset_finish (camera, AWAIT (result), &error));
    g_assert_no_error (error);
    value = sc_osc_test_get_option (camera, "iso");
    g_assert_cmpint (g_variant_get_int64 (value), ==, 0);
    g_clear_pointer (&value, g_variant_unref);
    value = sc_osc_test_get_option (camera, "whiteBalance");
    g_assert_cmpstr (g_variant_get_string (value, NULL), ==, "auto");
    g_clear_pointer (&value, g_variant_unref);
  }

  sc_osc_test_finish_camera (&camera);
  sc_osc_emulator_stop (&emu);
}

/* ------------------------------------------------------------------ */
/* Video and interval shooting                                         */

static void
test_osc_camera_video (void)
{
  ScOscEmulator emu;
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

  sc_osc_emulator_start (&emu, NULL);
  camera = sc_osc_test_new_connected_camera (emu.url);

  sc_camera_start_capture_async (camera, SC_CAMERA_CAPTURE_MODE_VIDEO, NULL, sc_osc_test_async_cb,
                                 &result);
  g_assert_true (sc_camera_start_capture_finish (camera, AWAIT (result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* It switched the camera to video first. */
  mode = sc_osc_test_get_option (camera, "captureMode");
  g_assert_cmpstr (g_variant_get_string (mode, NULL), ==, "video");

  state = sc_osc_test_refresh_state (camera, &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (state, "captureStatus", "&s", &status));
  g_assert_cmpstr (status, ==, "shooting");

  sc_osc_test_spin (700);

  sc_camera_stop_capture_async (camera, NULL, sc_osc_test_async_cb, &result);
  files = sc_camera_stop_capture_finish (camera, AWAIT (result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (files);
  g_assert_cmpuint (files->len, >=, 1);
  video = g_ptr_array_index (files, 0);
  g_assert_cmpint (sc_camera_file_get_file_type (video), ==, SC_CAMERA_FILE_TYPE_VIDEO);
  g_assert_true (g_str_has_suffix (sc_camera_file_get_name (video), ".MP4"));

  listed = sc_osc_test_list_files (camera, SC_CAMERA_FILE_TYPE_VIDEO, 0, FALSE, &error);
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
    g_autoptr(ScCameraFile) picture = sc_osc_test_take_picture (camera, &error);

    g_assert_no_error (error);
    g_assert_cmpint (sc_camera_file_get_file_type (picture), ==, SC_CAMERA_FILE_TYPE_IMAGE);
  }

  g_clear_object (&result);
  sc_osc_test_finish_camera (&camera);
  sc_osc_emulator_stop (&emu);
}

static gboolean
watch_has_two_files (gpointer data)
{
  return ((Watch *)data)->files->len >= 2;
}

static void
test_osc_camera_interval (void)
{
  ScOscEmulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  Watch watch = { g_ptr_array_new_with_free_func (g_object_unref), 0 };

  sc_osc_emulator_start (&emu, "--photo-size", "640x320", NULL);
  camera = sc_osc_test_new_connected_camera (emu.url);
  g_signal_connect (camera, "file-added", G_CALLBACK (on_file_added_cb), &watch);

  g_variant_dict_insert (&dict, "captureInterval", "x", (gint64)1);
  g_variant_dict_insert (&dict, "captureNumber", "x", (gint64)0);
  g_assert_true (sc_osc_test_set_options (camera, g_variant_dict_end (&dict), &error));
  g_assert_no_error (error);

  sc_camera_start_capture_async (camera, SC_CAMERA_CAPTURE_MODE_INTERVAL, NULL, sc_osc_test_async_cb, &result);
  g_assert_true (sc_camera_start_capture_finish (camera, AWAIT (result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* Shots arrive one a second and are announced as they are saved. */
  g_assert_true (sc_osc_test_wait_for (watch_has_two_files, &watch, 8000));

  sc_camera_stop_capture_async (camera, NULL, sc_osc_test_async_cb, &result);
  files = sc_camera_stop_capture_finish (camera, AWAIT (result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (files);
  for (guint i = 0; i < files->len; i++)
    g_assert_cmpint (sc_camera_file_get_file_type (g_ptr_array_index (files, i)), ==,
                     SC_CAMERA_FILE_TYPE_IMAGE);

  g_clear_object (&result);
  sc_osc_test_finish_camera (&camera);
  g_ptr_array_unref (watch.files);
  sc_osc_emulator_stop (&emu);
}

/* ------------------------------------------------------------------ */
/* Files                                                               */

static void
test_osc_camera_list_files (void)
{
  ScOscEmulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) some = NULL;
  g_autoptr(GPtrArray) with_thumbs = NULL;
  g_autoptr(GPtrArray) videos = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  /* 25 pictures: pages of 10 with thumbnails, one page without. */
  sc_osc_emulator_start_with_files (&emu, 25, "--photo-size", "640x320", NULL);
  camera = sc_osc_test_new_connected_camera (emu.url);

  all = sc_osc_test_list_files (camera, SC_CAMERA_FILE_TYPE_ALL, 0, FALSE, &error);
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

  some = sc_osc_test_list_files (camera, SC_CAMERA_FILE_TYPE_ALL, 7, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (some->len, ==, 7);

  with_thumbs = sc_osc_test_list_files (camera, SC_CAMERA_FILE_TYPE_IMAGE, 0, TRUE, &error);
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

  videos = sc_osc_test_list_files (camera, SC_CAMERA_FILE_TYPE_VIDEO, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (videos->len, ==, 0);

  sc_osc_test_finish_camera (&camera);
  sc_osc_emulator_stop (&emu);
}

static void
test_osc_camera_delete (void)
{
  ScOscEmulator emu;
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
  sc_osc_emulator_start_with_files (&emu, 135, NULL);
  camera = sc_osc_test_new_connected_camera (emu.url);

  files = sc_osc_test_list_files (camera, SC_CAMERA_FILE_TYPE_ALL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 135);

  two[0] = sc_camera_file_get_uri (g_ptr_array_index (files, 0));
  two[1] = sc_camera_file_get_uri (g_ptr_array_index (files, 1));
  g_assert_true (sc_osc_test_delete_files (camera, two, &error));
  g_assert_no_error (error);
  after = sc_osc_test_list_files (camera, SC_CAMERA_FILE_TYPE_ALL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 133);
  for (guint i = 0; i < after->len; i++)
    {
      const char *uri = sc_camera_file_get_uri (g_ptr_array_index (after, i));

      g_assert_cmpstr (uri, !=, two[0]);
      g_assert_cmpstr (uri, !=, two[1]);
      g_strv_builder_add (builder, uri);
    }

  g_assert_true (sc_osc_test_delete_files (camera, none, &error));
  g_assert_no_error (error);

  g_assert_false (sc_osc_test_delete_files (camera, bogus, &error));
  g_assert_nonnull (error);
  g_test_message ("Deleting a missing file: %s", error->message);
  g_clear_error (&error);

  uris = g_strv_builder_end (builder);
  g_assert_true (sc_osc_test_delete_files (camera, (const char * const *)uris, &error));
  g_assert_no_error (error);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = sc_osc_test_list_files (camera, SC_CAMERA_FILE_TYPE_ALL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 0);

  sc_osc_test_finish_camera (&camera);
  sc_osc_emulator_stop (&emu);
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

  return g_test_run ();
}
