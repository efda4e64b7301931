/* test-madv-https.c: the Mi Sphere's HTTPS file server on newer firmware
 *
 * Against `spherecam-emulator --protocol madv --fault madv-firmware=…`:
 * newer firmware downloads over HTTPS byte-identically and pins the
 * certificate; a different certificate later fails with a clear error and
 * writes nothing; forgetting the pin trusts the new one; HTTPS that does
 * not answer falls back to HTTP; old firmware uses HTTP only.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>

#include "sc-core.h"
#include "sc-emulator-launcher.h"
#include "sc-madv-camera-private.h"

#define NEW_FIRMWARE "1.3.110.2.5.20000"
#define OLD_FIRMWARE "1.3.97.85.5.13333"
#define SERIAL       "EMUMADV0042"

typedef struct
{
  GSubprocess *process;
  char        *url;
} Emu;

static void
emu_start (Emu        *emu,
           const char *storage,
           const char *firmware,
           const char *cert_name)
{
  g_autofree char *firmware_arg = g_strconcat ("--firmware=", firmware, NULL);
  g_autofree char *cert_arg = NULL;
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--protocol", "madv", "--listen", "127.0.0.1:0", "--storage", storage,
                         firmware_arg, NULL, NULL };

  if (cert_name != NULL)
    args[G_N_ELEMENTS (args) - 2] = cert_arg =
      g_strdup_printf ("--https-cert=%s/%s", g_getenv ("SC_TEST_DATA_DIR"), cert_name);

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
connect_camera (const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCamera) camera = sc_camera_new_for_uri (url, NULL, NULL, &error);
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_no_error (error);
  g_assert_true (SC_IS_MADV_CAMERA (camera));
  sc_camera_connect_async (camera, NULL, on_result_cb, &result);
  sc_camera_connect_finish (camera, spin (&result), &error);
  g_assert_no_error (error);
  return g_steal_pointer (&camera);
}

static ScCameraFile *
take_picture (ScCamera *camera)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  ScCameraFile *file;

  sc_camera_take_picture_async (camera, NULL, on_result_cb, &result);
  file = sc_camera_take_picture_finish (camera, spin (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (file);
  return file;
}

static GPtrArray *
list_files (ScCamera *camera,
            gboolean  with_thumbnails)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GPtrArray *files;

  sc_camera_list_files_async (camera, SC_CAMERA_FILE_TYPE_ALL, 0, with_thumbnails, NULL, on_result_cb, &result);
  files = sc_camera_list_files_finish (camera, spin (&result), &error);
  g_assert_no_error (error);
  return files;
}

static ScCameraFile *
find_file (GPtrArray  *files,
           const char *name)
{
  for (guint i = 0; files != NULL && i < files->len; i++)
    if (g_str_equal (sc_camera_file_get_name (g_ptr_array_index (files, i)), name))
      return g_ptr_array_index (files, i);
  g_assert_not_reached ();
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
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* The emulator's own copy of a camera file: <storage>/SD0/DCIM/…  */
static void
assert_same_as_camera (GFile        *downloaded,
                       const char   *storage,
                       ScCameraFile *file)
{
  g_autofree char *uri_path = NULL;
  g_autofree char *original = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  g_autoptr(GUri) uri = g_uri_parse (sc_camera_file_get_uri (file), G_URI_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;
  gsize expected_length = 0, actual_length = 0;

  g_assert_nonnull (uri);
  uri_path = g_uri_unescape_string (g_uri_get_path (uri), NULL);
  original = g_build_filename (storage, "SD0", "DCIM", uri_path, NULL);
  g_file_get_contents (original, &expected, &expected_length, &error);
  g_assert_no_error (error);
  g_file_get_contents (g_file_peek_path (downloaded), &actual, &actual_length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (actual_length, ==, expected_length);
  g_assert_true (memcmp (expected, actual, expected_length) == 0);
}

static char *
firmware_of (ScCamera *camera)
{
  char *firmware = NULL;

  g_object_get (camera, "firmware-version", &firmware, NULL);
  return firmware;
}

static char *
pin_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "spherecam", "pins", SERIAL ".pem", NULL);
}

static gboolean
pin_is (const char *cert_name)
{
  g_autofree char *path = pin_path ();
  g_autofree char *cert_path = g_build_filename (g_getenv ("SC_TEST_DATA_DIR"), cert_name, NULL);
  g_autoptr(GTlsCertificate) pinned = g_tls_certificate_new_from_file (path, NULL);
  g_autoptr(GTlsCertificate) expected = g_tls_certificate_new_from_file (cert_path, NULL);

  g_assert_nonnull (expected);
  return pinned != NULL && g_tls_certificate_is_same (pinned, expected);
}

/* ------------------------------------------------------------------ */

static void
test_madv_https_versions (void)
{
  g_assert_true (_sc_madv_version_is_newer ("1.3.105.114.5.18101", SC_MADV_HTTPS_FIRMWARE));
  g_assert_true (_sc_madv_version_is_newer ("1.3.110.0.0.0", SC_MADV_HTTPS_FIRMWARE));
  g_assert_true (_sc_madv_version_is_newer ("1.10", SC_MADV_HTTPS_FIRMWARE));   /* not as strings */
  g_assert_true (_sc_madv_version_is_newer ("2", SC_MADV_HTTPS_FIRMWARE));
  g_assert_true (_sc_madv_version_is_newer ("1.3.105.114.5.18100.1", SC_MADV_HTTPS_FIRMWARE));
  g_assert_false (_sc_madv_version_is_newer ("1.3.105.114.5.18100", SC_MADV_HTTPS_FIRMWARE));
  g_assert_false (_sc_madv_version_is_newer ("1.3.97.85.5.13333", SC_MADV_HTTPS_FIRMWARE));
  g_assert_false (_sc_madv_version_is_newer ("1.3.105.99.9.99999", SC_MADV_HTTPS_FIRMWARE));
  g_assert_false (_sc_madv_version_is_newer ("", SC_MADV_HTTPS_FIRMWARE));
  g_assert_false (_sc_madv_version_is_newer ("1.3.105.114.5.18100", "1.3.105.114.5.18100.0"));
}

/* Newer firmware: HTTPS, pinned on first use; another certificate later
 * is refused with nothing written; forgetting the pin trusts it again. */
static void
test_madv_https_pinned (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *storage = g_dir_make_tmp ("test-madv-https-cam-XXXXXX", NULL);
  g_autofree char *folder = g_dir_make_tmp ("test-madv-https-dl-XXXXXX", NULL);
  g_autofree char *pin = pin_path ();
  g_autoptr(GFile) directory = g_file_new_for_path (folder);
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScCameraFile) picture = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GFile) first = NULL;
  g_autoptr(GFile) refused = NULL;
  g_autoptr(GFile) after_forget = NULL;
  g_autofree char *firmware = NULL;
  ScCameraFile *listed;
  Emu emu = { 0 };

  g_unlink (pin);

  /* First use: the emulator's usual certificate. */
  emu_start (&emu, storage, NEW_FIRMWARE, NULL);
  g_assert_nonnull (strstr (emu.url, "&https="));
  camera = connect_camera (emu.url);
  firmware = firmware_of (camera);
  g_assert_cmpstr (firmware, ==, NEW_FIRMWARE);
  g_assert_true (_sc_madv_camera_uses_https (SC_MADV_CAMERA (camera)));
  picture = take_picture (camera);
  files = list_files (camera, FALSE);
  g_assert_cmpuint (files->len, >=, 1);

  first = download (camera, picture, directory, &error);
  g_assert_no_error (error);
  assert_same_as_camera (first, storage, picture);
  g_assert_true (_sc_madv_camera_uses_https (SC_MADV_CAMERA (camera)));   /* it answered */
  g_assert_true (g_file_test (pin, G_FILE_TEST_IS_REGULAR));
  g_assert_true (pin_is ("madv-emulator-cert.pem"));
  g_assert_cmpuint (count_entries (folder), ==, 1);
  sc_camera_disconnect (camera);
  g_clear_object (&camera);
  emu_stop (&emu);

  /* The same camera (serial, files) with another certificate. */
  emu_start (&emu, storage, NEW_FIRMWARE, "madv-emulator-other-cert.pem");
  camera = connect_camera (emu.url);
  g_clear_pointer (&files, g_ptr_array_unref);
  files = list_files (camera, FALSE);
  listed = find_file (files, sc_camera_file_get_name (picture));
  g_test_expect_message ("sc-madv-camera", G_LOG_LEVEL_WARNING, "*not the one pinned*");
  refused = download (camera, listed, directory, &error);
  g_test_assert_expected_messages ();
  g_assert_null (refused);
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "identity changed"));
  g_assert_nonnull (strstr (error->message, "forget it"));
  g_clear_error (&error);
  g_assert_cmpuint (count_entries (folder), ==, 1);          /* nothing written */
  g_assert_true (pin_is ("madv-emulator-cert.pem"));         /* the pin kept */

  /* Forgetting the camera erases the pin: the new certificate is trusted. */
  g_assert_true (sc_madv_camera_forget_pin (NULL, SERIAL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (pin, G_FILE_TEST_EXISTS));
  after_forget = download (camera, listed, directory, &error);
  g_assert_no_error (error);
  assert_same_as_camera (after_forget, storage, listed);
  g_assert_true (pin_is ("madv-emulator-other-cert.pem"));
  g_assert_cmpuint (count_entries (folder), ==, 2);

  sc_camera_disconnect (camera);
  emu_stop (&emu);
  g_unlink (pin);
  remove_tree (folder);
  remove_tree (storage);
}

/* Newer firmware whose HTTPS does not answer: HTTP 50422. */
static void
test_madv_https_fallback (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *storage = g_dir_make_tmp ("test-madv-https-cam-XXXXXX", NULL);
  g_autofree char *folder = g_dir_make_tmp ("test-madv-https-dl-XXXXXX", NULL);
  g_autofree char *pin = pin_path ();
  g_autofree char *url = NULL;
  g_autoptr(GFile) directory = g_file_new_for_path (folder);
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScCameraFile) picture = NULL;
  g_autoptr(GFile) saved = NULL;
  g_autoptr(GSocketListener) closed = g_socket_listener_new ();
  guint16 closed_port;
  Emu emu = { 0 };
  char *https;

  g_unlink (pin);
  emu_start (&emu, storage, NEW_FIRMWARE, NULL);

  /* A port that nothing listens on (bound, then released). */
  closed_port = g_socket_listener_add_any_inet_port (closed, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (closed);
  https = strstr (emu.url, "&https=");
  g_assert_nonnull (https);
  url = g_strdup_printf ("%.*s&https=%u", (int)(https - emu.url), emu.url, closed_port);

  camera = connect_camera (url);
  g_assert_true (_sc_madv_camera_uses_https (SC_MADV_CAMERA (camera)));
  picture = take_picture (camera);
  saved = download (camera, picture, directory, &error);
  g_assert_no_error (error);
  assert_same_as_camera (saved, storage, picture);
  g_assert_false (_sc_madv_camera_uses_https (SC_MADV_CAMERA (camera)));   /* HTTP from now on */
  g_assert_false (g_file_test (pin, G_FILE_TEST_EXISTS));

  sc_camera_disconnect (camera);
  emu_stop (&emu);
  remove_tree (folder);
  remove_tree (storage);
}

/* Old firmware: no HTTPS server, no probe, HTTP only. */
static void
test_madv_https_old_firmware (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *storage = g_dir_make_tmp ("test-madv-https-cam-XXXXXX", NULL);
  g_autofree char *folder = g_dir_make_tmp ("test-madv-https-dl-XXXXXX", NULL);
  g_autofree char *pin = pin_path ();
  g_autoptr(GFile) directory = g_file_new_for_path (folder);
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScCameraFile) picture = NULL;
  g_autoptr(GFile) saved = NULL;
  g_autofree char *firmware = NULL;
  Emu emu = { 0 };

  g_unlink (pin);
  emu_start (&emu, storage, OLD_FIRMWARE, NULL);
  g_assert_null (strstr (emu.url, "https="));
  camera = connect_camera (emu.url);
  firmware = firmware_of (camera);
  g_assert_cmpstr (firmware, ==, OLD_FIRMWARE);
  g_assert_false (_sc_madv_camera_uses_https (SC_MADV_CAMERA (camera)));
  picture = take_picture (camera);
  g_assert_true (g_str_has_prefix (sc_camera_file_get_uri (picture), "http://127.0.0.1:"));
  saved = download (camera, picture, directory, &error);
  g_assert_no_error (error);
  assert_same_as_camera (saved, storage, picture);
  g_assert_false (g_file_test (pin, G_FILE_TEST_EXISTS));

  sc_camera_disconnect (camera);
  emu_stop (&emu);
  remove_tree (folder);
  remove_tree (storage);
}

/* Decodes @jpeg; returns its width (0: not decodable). */
static int
jpeg_width (GBytes *jpeg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch ("appsrc name=src ! jpegdec ! appsink name=sink", &error);
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstSample) sample = NULL;
  GstStructure *structure;
  int width = 0;

  g_assert_no_error (error);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  gst_app_src_push_buffer (GST_APP_SRC (src), gst_buffer_new_wrapped_bytes (jpeg));
  gst_app_src_end_of_stream (GST_APP_SRC (src));
  sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 10 * GST_SECOND);
  if (sample != NULL)
    {
      structure = gst_caps_get_structure (gst_sample_get_caps (sample), 0);
      gst_structure_get_int (structure, "width", &width);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return width;
}

/* list_files with thumbnails: 1025 "thumb" over the data port. */
static void
test_madv_https_thumbnails (void)
{
  g_autofree char *storage = g_dir_make_tmp ("test-madv-https-cam-XXXXXX", NULL);
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScCameraFile) picture = NULL;
  g_autoptr(GPtrArray) files = NULL;
  ScCameraFile *listed;
  GBytes *thumbnail;
  Emu emu = { 0 };

  emu_start (&emu, storage, OLD_FIRMWARE, NULL);
  camera = connect_camera (emu.url);
  picture = take_picture (camera);
  files = list_files (camera, TRUE);
  listed = find_file (files, sc_camera_file_get_name (picture));
  thumbnail = sc_camera_file_get_thumbnail (listed);
  g_assert_nonnull (thumbnail);
  g_assert_cmpuint (g_bytes_get_size (thumbnail), >, 100);
  g_assert_cmpint (jpeg_width (thumbnail), >, 0);

  /* Without: none fetched. */
  g_clear_pointer (&files, g_ptr_array_unref);
  files = list_files (camera, FALSE);
  g_assert_null (sc_camera_file_get_thumbnail (find_file (files, sc_camera_file_get_name (picture))));

  sc_camera_disconnect (camera);
  emu_stop (&emu);
  remove_tree (storage);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  if (!sc_core_init (&error))
    g_error ("%s", error->message);

  g_test_add_func ("/sc-core/ScMadvCamera/https/versions", test_madv_https_versions);
  g_test_add_func ("/sc-core/ScMadvCamera/https/pinned", test_madv_https_pinned);
  g_test_add_func ("/sc-core/ScMadvCamera/https/fallback", test_madv_https_fallback);
  g_test_add_func ("/sc-core/ScMadvCamera/https/old-firmware", test_madv_https_old_firmware);
  g_test_add_func ("/sc-core/ScMadvCamera/https/thumbnails", test_madv_https_thumbnails);

  return g_test_run ();
}
