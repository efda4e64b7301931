/* sc-osc-test-util.c: helpers shared by the ScOscCamera tests
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-osc-test-util"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "sc-osc-test-util.h"

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
void
sc_osc_emulator_start_with_files (ScOscEmulator *emu,
                                  guint          n_files,
                                  const char    *first_arg,
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

void
sc_osc_emulator_stop (ScOscEmulator *emu)
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

gboolean
sc_osc_test_wait_for (gboolean (*predicate) (gpointer),
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

void
sc_osc_test_spin (guint ms)
{
  gboolean timed_out = FALSE;

  g_timeout_add (ms, on_timeout_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

void
sc_osc_test_async_cb (GObject      *object,
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
GAsyncResult *
sc_osc_test_await (GAsyncResult **slot)
{
  if (!sc_osc_test_wait_for (result_arrived, slot, 60000))
    g_error ("Timed out waiting for an async result");
  return *slot;
}

ScCamera *
sc_osc_test_new_camera (const char *url,
                        const char *username,
                        const char *password)
{
  g_autoptr(GError) error = NULL;
  ScCamera *camera = sc_camera_new_for_uri (url, username, password, &error);

  g_assert_no_error (error);
  g_assert_true (SC_IS_CAMERA (camera));
  return camera;
}

gboolean
sc_osc_test_connect_camera (ScCamera  *camera,
                            GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_connect_async (camera, NULL, sc_osc_test_async_cb, &result);
  return sc_camera_connect_finish (camera, AWAIT (result), error);
}

ScCamera *
sc_osc_test_new_connected_camera (const char *url)
{
  g_autoptr(GError) error = NULL;
  ScCamera *camera = sc_osc_test_new_camera (url, NULL, NULL);

  g_assert_true (sc_osc_test_connect_camera (camera, &error));
  g_assert_no_error (error);
  g_assert_true (sc_camera_is_connected (camera));
  return camera;
}

ScCameraFile *
sc_osc_test_take_picture (ScCamera  *camera,
                          GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_take_picture_async (camera, NULL, sc_osc_test_async_cb, &result);
  return sc_camera_take_picture_finish (camera, AWAIT (result), error);
}

GVariant *
sc_osc_test_get_options (ScCamera            *camera,
                         const char * const  *names,
                         GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_get_options_async (camera, names, NULL, sc_osc_test_async_cb, &result);
  return sc_camera_get_options_finish (camera, AWAIT (result), error);
}

gboolean
sc_osc_test_set_options (ScCamera  *camera,
                         GVariant  *options,
                         GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_set_options_async (camera, options, NULL, sc_osc_test_async_cb, &result);
  return sc_camera_set_options_finish (camera, AWAIT (result), error);
}

GPtrArray *
sc_osc_test_list_files (ScCamera          *camera,
                        ScCameraFileType   type,
                        guint              max_entries,
                        gboolean           with_thumbnails,
                        GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_list_files_async (camera, type, max_entries, with_thumbnails, NULL,
                              sc_osc_test_async_cb, &result);
  return sc_camera_list_files_finish (camera, AWAIT (result), error);
}

gboolean
sc_osc_test_delete_files (ScCamera            *camera,
                          const char * const  *uris,
                          GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_delete_files_async (camera, uris, NULL, sc_osc_test_async_cb, &result);
  return sc_camera_delete_files_finish (camera, AWAIT (result), error);
}

GVariant *
sc_osc_test_refresh_state (ScCamera  *camera,
                           GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_refresh_state_async (camera, NULL, sc_osc_test_async_cb, &result);
  return sc_camera_refresh_state_finish (camera, AWAIT (result), error);
}

GVariant *
sc_osc_test_get_option (ScCamera   *camera,
                        const char *name)
{
  const char *names[] = { name, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) options = sc_osc_test_get_options (camera, names, &error);
  GVariant *value;

  g_assert_no_error (error);
  value = g_variant_lookup_value (options, name, NULL);
  g_assert_nonnull (value);
  return value;
}

/* Disconnects and drops the camera, asserting that it is finalized. */
void
sc_osc_test_finish_camera (ScCamera **camera)
{
  gpointer weak = *camera;

  g_object_add_weak_pointer (G_OBJECT (*camera), &weak);
  sc_camera_disconnect (*camera);
  g_assert_false (sc_camera_is_connected (*camera));
  g_clear_object (camera);
  g_assert_null (weak);
}

static void
on_progress_cb (guint64  current,
                guint64  total,
                gpointer user_data)
{
  ScOscProgress *progress = user_data;

  /* (A download restarted after a dropped connection may go back.) */
  g_assert_true (total == 0 || current <= total);
  progress->calls++;
  progress->current = current;
  progress->total = total;
}

static void
on_progress_free_cb (gpointer user_data)
{
  ((ScOscProgress *)user_data)->freed = TRUE;
}

GFile *
sc_osc_test_download (ScCamera       *camera,
                      ScCameraFile   *file,
                      GFile          *directory,
                      ScOscProgress  *progress,
                      GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_download_async (camera, file, directory, on_progress_cb, progress, on_progress_free_cb,
                            NULL, sc_osc_test_async_cb, &result);
  return sc_camera_download_finish (camera, AWAIT (result), error);
}
