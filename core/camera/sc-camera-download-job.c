/* sc-camera-download-job.c: what every camera's download shares — the
 * caller's and the camera's cancellation, progress, and running an
 * ScDownload for a camera file
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-camera"

#include "config.h"

#include "sc-camera-download-job-private.h"

/**
 * _sc_camera_download_job_init:
 * @job: the job, zeroed
 * @progress: (nullable): called as bytes arrive
 * @progress_data: closure for @progress
 * @progress_notify: (nullable): frees @progress_data, from
 *   _sc_camera_download_job_clear()
 */
void
_sc_camera_download_job_init (ScCameraDownloadJob  *job,
                              ScCameraProgressFunc  progress,
                              gpointer              progress_data,
                              GDestroyNotify        progress_notify)
{
  job->progress = progress;
  job->progress_data = progress_data;
  job->progress_notify = progress_notify;
}

static void
on_download_cancelled_cb (GCancellable *cancellable,
                          GCancellable *download_cancellable)
{
  g_cancellable_cancel (download_cancellable);
}

/**
 * _sc_camera_cancel_with:
 * @cancellable: a #GCancellable
 * @target: cancelled when @cancellable is (at once if it already is)
 *
 * Returns: the handler id, for g_cancellable_disconnect() on @cancellable
 */
gulong
_sc_camera_cancel_with (GCancellable *cancellable,
                        GCancellable *target)
{
  return g_cancellable_connect (cancellable, G_CALLBACK (on_download_cancelled_cb),
                                g_object_ref (target), g_object_unref);
}

/**
 * _sc_camera_download_job_link:
 * @job: the job
 * @caller: (nullable): the caller's #GCancellable
 * @camera: the camera's, cancelled (and replaced) by disconnect and dispose
 *
 * Creates @job's cancellable: cancelled by the caller, by disconnect and
 * by dispose.
 */
void
_sc_camera_download_job_link (ScCameraDownloadJob *job,
                              GCancellable        *caller,
                              GCancellable        *camera)
{
  job->cancellable = g_cancellable_new ();
  if (caller != NULL)
    {
      job->caller = g_object_ref (caller);
      job->caller_id = _sc_camera_cancel_with (caller, job->cancellable);
    }
  job->camera = g_object_ref (camera);
  job->camera_id = _sc_camera_cancel_with (job->camera, job->cancellable);
}

static void
on_bytes_received_cb (ScDownload          *download,
                      GParamSpec          *pspec,
                      ScCameraDownloadJob *job)
{
  guint64 total = sc_download_get_total_bytes (download);

  if (job->progress != NULL)
    job->progress (sc_download_get_bytes_received (download),
                   total > 0 ? total : job->size_hint,
                   job->progress_data);
}

/**
 * _sc_camera_download_job_run:
 * @job: the job, linked
 * @download: (transfer full): the download of the camera file, set up
 * @callback: finish with sc_download_run_finish() on @download
 * @user_data: closure
 *
 * Runs @download under @job's cancellable, with @job's size hint,
 * reporting its progress to @job's callback.
 */
void
_sc_camera_download_job_run (ScCameraDownloadJob *job,
                             ScDownload          *download,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (job->download == NULL);
  g_return_if_fail (job->cancellable != NULL);

  job->download = download;
  if (job->size_hint > 0)
    sc_download_set_size_hint (job->download, job->size_hint);
  g_signal_connect (job->download, "notify::bytes-received",
                    G_CALLBACK (on_bytes_received_cb), job);

  sc_download_run_async (job->download, job->cancellable, callback, user_data);
}

/**
 * _sc_camera_download_job_return_cb:
 * @object: the #ScDownload
 * @result: its result
 * @user_data: (transfer full): the #GTask of download_async()
 *
 * A callback for _sc_camera_download_job_run() that returns the file
 * saved, or the error, to the task.
 */
void
_sc_camera_download_job_return_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GFile) file = NULL;
  GError *error = NULL;

  file = sc_download_run_finish (SC_DOWNLOAD (object), result, &error);
  if (file == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&file), g_object_unref);
}

/**
 * _sc_camera_download_job_clear:
 * @job: the job
 *
 * Drops the download, disconnects the cancellables and frees the
 * progress closure.
 */
void
_sc_camera_download_job_clear (ScCameraDownloadJob *job)
{
  if (job->download != NULL)
    g_signal_handlers_disconnect_by_data (job->download, job);
  g_clear_object (&job->download);
  if (job->caller != NULL)
    g_cancellable_disconnect (job->caller, job->caller_id);
  g_clear_object (&job->caller);
  if (job->camera != NULL)
    g_cancellable_disconnect (job->camera, job->camera_id);
  g_clear_object (&job->camera);
  g_clear_object (&job->cancellable);
  if (job->progress_notify != NULL)
    job->progress_notify (job->progress_data);
  job->progress_notify = NULL;
}
