/* test-osc-camera-transfer.c: ScOscCamera against spherecam-emulator:
 * downloads (also after a dropped connection), the live preview stream,
 * API level 1 cameras and digest authentication
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-osc-camera-transfer"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "sc-osc-test-util.h"

/* ------------------------------------------------------------------ */
/* Downloads                                                           */

static void
check_download (const char *fault,
                gboolean    expect_success)
{
  ScOscEmulator emu;
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
  ScOscProgress progress = { 0 };
  ScCameraFile *listed = NULL;

  if (fault != NULL)
    sc_osc_emulator_start (&emu, "--photo-size", "640x320", "--fault", fault, NULL);
  else
    sc_osc_emulator_start (&emu, "--photo-size", "640x320", NULL);
  camera = sc_osc_test_new_connected_camera (emu.url);

  picture = sc_osc_test_take_picture (camera, &error);
  g_assert_no_error (error);
  files = sc_osc_test_list_files (camera, SC_CAMERA_FILE_TYPE_IMAGE, 0, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < files->len; i++)
    if (g_str_equal (sc_camera_file_get_uri (g_ptr_array_index (files, i)), sc_camera_file_get_uri (picture)))
      listed = g_ptr_array_index (files, i);
  g_assert_nonnull (listed);

  folder = g_dir_make_tmp ("test-osc-download-XXXXXX", &error);
  g_assert_no_error (error);
  directory = g_file_new_for_path (folder);

  saved = sc_osc_test_download (camera, listed, directory, &progress, &error);
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

  sc_osc_test_finish_camera (&camera);
  sc_osc_emulator_stop (&emu);
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
  ScOscEmulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) head = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GVariant) iso = NULL;

  sc_osc_emulator_start (&emu, NULL);
  camera = sc_osc_test_new_connected_camera (emu.url);

  sc_camera_open_preview_async (camera, NULL, sc_osc_test_async_cb, &result);
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
  iso = sc_osc_test_get_option (camera, "iso");
  g_assert_nonnull (iso);

  g_input_stream_close (stream, NULL, NULL);
  g_clear_object (&stream);

  g_clear_object (&result);
  sc_osc_test_finish_camera (&camera);
  sc_osc_emulator_stop (&emu);
}

/* ------------------------------------------------------------------ */
/* API level 1 and authentication                                      */

static void
test_osc_camera_level1 (void)
{
  ScOscEmulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScCameraFile) file = NULL;
  g_autoptr(GVariant) info = NULL;
  g_autoptr(GVariant) levels = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *session_id = NULL;
  guint api_level = 0;

  sc_osc_emulator_start (&emu, "--api-level", "1", "--photo-size", "640x320", NULL);
  camera = sc_osc_test_new_connected_camera (emu.url);

  info = sc_camera_get_info (camera);
  levels = g_variant_lookup_value (info, "apiLevel", G_VARIANT_TYPE ("ai"));
  g_assert_nonnull (levels);
  g_assert_cmpuint (g_variant_n_children (levels), ==, 1);

  /* startSession, then clientVersion 2: a level-2 client from now on. */
  g_object_get (camera, "api-level", &api_level, "session-id", &session_id, NULL);
  g_test_message ("API level %u, session %s", api_level, session_id);
  g_assert_cmpuint (api_level, ==, 2);
  g_assert_null (session_id);

  file = sc_osc_test_take_picture (camera, &error);
  g_assert_no_error (error);
  g_assert_nonnull (file);

  sc_osc_test_finish_camera (&camera);
  sc_osc_emulator_stop (&emu);
}

static void
test_osc_camera_digest (void)
{
  ScOscEmulator emu;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScCameraFile) file = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;

  sc_osc_emulator_start (&emu, "--user", "THETAYL00105377", "--password", "s3cret \"pass\"",
                         "--photo-size", "640x320", NULL);

  /* No credentials. */
  camera = sc_osc_test_new_camera (emu.url, NULL, NULL);
  g_assert_false (sc_osc_test_connect_camera (camera, &error));
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  sc_osc_test_finish_camera (&camera);

  /* Wrong password. */
  camera = sc_osc_test_new_camera (emu.url, "THETAYL00105377", "wrong");
  g_assert_false (sc_osc_test_connect_camera (camera, &error));
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "user name and password"));
  g_clear_error (&error);
  g_assert_false (sc_camera_is_connected (camera));
  sc_osc_test_finish_camera (&camera);

  /* Right one: everything works, downloads included. */
  camera = sc_osc_test_new_camera (emu.url, "THETAYL00105377", "s3cret \"pass\"");
  g_assert_true (sc_osc_test_connect_camera (camera, &error));
  g_assert_no_error (error);
  file = sc_osc_test_take_picture (camera, &error);
  g_assert_no_error (error);
  files = sc_osc_test_list_files (camera, SC_CAMERA_FILE_TYPE_ALL, 0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 1);
  {
    g_autofree char *folder = g_dir_make_tmp ("test-osc-digest-XXXXXX", NULL);
    g_autoptr(GFile) directory = g_file_new_for_path (folder);
    g_autoptr(GFile) saved = NULL;
    ScOscProgress progress = { 0 };

    saved = sc_osc_test_download (camera, g_ptr_array_index (files, 0), directory, &progress,
                                  &error);
    g_assert_no_error (error);
    g_assert_nonnull (saved);
    g_unlink (g_file_peek_path (saved));
    g_rmdir (folder);
  }

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

  g_test_add_func ("/sc-core/ScOscCamera/download", test_osc_camera_download);
  g_test_add_func ("/sc-core/ScOscCamera/download-listing-size-mismatch",
                   test_osc_camera_download_listing_size_mismatch);
  g_test_add_func ("/sc-core/ScOscCamera/download-drop", test_osc_camera_download_drop);
  g_test_add_func ("/sc-core/ScOscCamera/download-wrong-length", test_osc_camera_download_wrong_length);
  g_test_add_func ("/sc-core/ScOscCamera/preview", test_osc_camera_preview);
  g_test_add_func ("/sc-core/ScOscCamera/level1", test_osc_camera_level1);
  g_test_add_func ("/sc-core/ScOscCamera/digest", test_osc_camera_digest);

  return g_test_run ();
}
