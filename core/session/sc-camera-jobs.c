/* sc-camera-jobs.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-camera-jobs"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-core.h"

/* The camera operations that people watch: downloading files and shooting
 * (and downloading the result). Each is an ScJob, so the window's jobs
 * popover and D-Bus show the same progress, and cancelling either stops
 * the camera operation through the job's GCancellable. */

typedef struct
{
  ScJob     *job;
  ScCamera  *camera;
  GPtrArray *files;       /* ScCameraFile */
  GFile     *directory;
  GPtrArray *paths;       /* char*, the local files made so far */
  guint      index;
  guint64    total;       /* sum of the size hints, for progress */
  guint64    done;        /* bytes of the files finished */
} DownloadState;

static void download_next (DownloadState *state);

static void
download_state_free (DownloadState *state)
{
  g_clear_object (&state->job);
  g_clear_object (&state->camera);
  g_clear_pointer (&state->files, g_ptr_array_unref);
  g_clear_object (&state->directory);
  g_clear_pointer (&state->paths, g_ptr_array_unref);
  g_free (state);
}

static void
on_download_progress (guint64  current,
                      guint64  total,
                      gpointer user_data)
{
  DownloadState *state = user_data;
  ScCameraFile *file = g_ptr_array_index (state->files, state->index);
  guint64 hint = sc_camera_file_get_size (file);
  double fraction;

  /* Trust the server's total for the file in flight; the listing's sizes
   * only weigh the files against each other. */
  if (state->total > 0 && total > 0 && hint > 0)
    fraction = (state->done + (double)current / total * hint) / state->total;
  else
    fraction = (state->index + (total > 0 ? (double)current / total : 0.0)) / state->files->len;

  sc_job_update (state->job, MIN (fraction, 0.999), NULL);
}

static void
on_download_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  DownloadState *state = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) local = NULL;
  ScCameraFile *file;

  local = sc_camera_download_finish (SC_CAMERA (object), result, &error);
  if (local == NULL)
    {
      sc_job_return_error (state->job, g_steal_pointer (&error));
      download_state_free (state);
      return;
    }

  file = g_ptr_array_index (state->files, state->index);
  g_ptr_array_add (state->paths, g_file_get_path (local));
  state->done += sc_camera_file_get_size (file);
  state->index++;
  download_next (state);
}

static void
download_next (DownloadState *state)
{
  g_autofree char *message = NULL;
  ScCameraFile *file;

  if (state->index == state->files->len)
    {
      g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

      g_ptr_array_add (state->paths, NULL);
      g_variant_dict_insert_value (&dict, "paths",
                                   g_variant_new_strv ((const char * const *)state->paths->pdata, -1));
      g_ptr_array_remove_index (state->paths, state->paths->len - 1);
      sc_job_update (state->job, 1.0, _("Downloaded"));
      sc_job_return_result (state->job, g_variant_dict_end (&dict));
      download_state_free (state);
      return;
    }

  file = g_ptr_array_index (state->files, state->index);
  message = g_strdup_printf (_("Downloading %s (%u of %u)"), sc_camera_file_get_name (file),
                             state->index + 1, state->files->len);
  sc_job_update (state->job, sc_job_get_progress (state->job), message);
  sc_camera_download_async (state->camera, file, state->directory,
                            on_download_progress, state, NULL,
                            sc_job_get_cancellable (state->job),
                            on_download_done_cb, state);
}

/**
 * sc_camera_download_job_new:
 * @camera: a connected camera
 * @files: (element-type ScCameraFile): the files to download, in order
 * @directory: where to put them
 *
 * Starts downloading @files one after the other into @directory, with the
 * guarantees of #ScDownload for each. The job's progress covers all the
 * files; it stops at the first failure (the files finished before it stay,
 * complete and verified). When the location permission is on, each file
 * is geotagged with the user's location as its download starts (see
 * #ScDownload). Result: "paths"
 * (as), the local files in order.
 *
 * Returns: (transfer full): the running job
 */
ScJob *
sc_camera_download_job_new (ScCamera  *camera,
                            GPtrArray *files,
                            GFile     *directory)
{
  DownloadState *state;

  g_return_val_if_fail (SC_IS_CAMERA (camera), NULL);
  g_return_val_if_fail (files != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (directory), NULL);

  state = g_new0 (DownloadState, 1);
  state->job = sc_job_new ("download");
  state->camera = g_object_ref (camera);
  state->files = g_ptr_array_ref (files);
  state->directory = g_object_ref (directory);
  state->paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < files->len; i++)
    state->total += sc_camera_file_get_size (g_ptr_array_index (files, i));
  download_next (state);

  return g_object_ref (state->job);
}

typedef struct
{
  ScJob        *job;
  ScCamera     *camera;
  GFile        *directory;
  ScCameraFile *file;
} ShootState;

static void
shoot_state_free (ShootState *state)
{
  g_clear_object (&state->job);
  g_clear_object (&state->camera);
  g_clear_object (&state->directory);
  g_clear_object (&state->file);
  g_free (state);
}

static void
shoot_return (ShootState *state,
              GFile      *local)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert_value (&dict, "file", sc_camera_file_to_variant (state->file));
  if (local != NULL)
    {
      g_autofree char *path = g_file_get_path (local);
      g_variant_dict_insert (&dict, "path", "s", path);
    }
  sc_job_return_result (state->job, g_variant_dict_end (&dict));
  shoot_state_free (state);
}

static void
on_shoot_progress (guint64  current,
                   guint64  total,
                   gpointer user_data)
{
  ShootState *state = user_data;

  if (total > 0)
    sc_job_update (state->job, 0.5 + 0.5 * MIN ((double)current / total, 0.998), NULL);
}

static void
on_shoot_downloaded_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  ShootState *state = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) local = NULL;

  local = sc_camera_download_finish (SC_CAMERA (object), result, &error);
  if (local == NULL)
    {
      sc_job_return_error (state->job, g_steal_pointer (&error));
      shoot_state_free (state);
      return;
    }

  shoot_return (state, local);
}

static void
on_picture_taken_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ShootState *state = user_data;
  g_autoptr(GError) error = NULL;

  state->file = sc_camera_take_picture_finish (SC_CAMERA (object), result, &error);
  if (state->file == NULL)
    {
      sc_job_return_error (state->job, g_steal_pointer (&error));
      shoot_state_free (state);
      return;
    }

  if (state->directory == NULL)
    {
      shoot_return (state, NULL);
      return;
    }

  sc_job_update (state->job, 0.5, _("Downloading the picture"));
  sc_camera_download_async (state->camera, state->file, state->directory,
                            on_shoot_progress, state, NULL,
                            sc_job_get_cancellable (state->job),
                            on_shoot_downloaded_cb, state);
}

/**
 * sc_camera_shoot_job_new:
 * @camera: a connected camera
 * @directory: (nullable): where to download the picture, or %NULL to leave
 *   it on the camera
 *
 * Takes a picture and, with @directory, downloads it, geotagged like the
 * files of sc_camera_download_job_new(). Result: "file"
 * (a{sv}, see sc_camera_file_to_variant()) and, when downloaded, "path" (s).
 *
 * Returns: (transfer full): the running job
 */
ScJob *
sc_camera_shoot_job_new (ScCamera *camera,
                         GFile    *directory)
{
  ShootState *state;

  g_return_val_if_fail (SC_IS_CAMERA (camera), NULL);
  g_return_val_if_fail (directory == NULL || G_IS_FILE (directory), NULL);

  state = g_new0 (ShootState, 1);
  state->job = sc_job_new ("shoot");
  state->camera = g_object_ref (camera);
  g_set_object (&state->directory, directory);

  sc_job_update (state->job, 0.0, _("Taking a picture"));
  sc_camera_take_picture_async (camera, sc_job_get_cancellable (state->job),
                                on_picture_taken_cb, state);

  return g_object_ref (state->job);
}
