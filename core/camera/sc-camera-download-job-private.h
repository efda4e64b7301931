/* sc-camera-download-job-private.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sc-camera.h"
#include "sc-download.h"

G_BEGIN_DECLS

/* ScCameraDownloadJob: what a backend's download_async() shares with the
 * other backends (sc-camera-download-job.c): one cancellable that the
 * caller's and the camera's cancel (disconnect, dispose), the caller's
 * progress callback, and running an ScDownload that reports it. A
 * backend embeds it in its own download data and clears it with that. */
typedef struct
{
  ScDownload           *download;        /* HTTP(S), once run */
  GCancellable         *cancellable;     /* cancelled by the caller's and the camera's */
  GCancellable         *caller;
  gulong                caller_id;
  GCancellable         *camera;
  gulong                camera_id;
  guint64               size_hint;       /* the listing's size, 0 if unknown */
  ScCameraProgressFunc  progress;
  gpointer              progress_data;
  GDestroyNotify        progress_notify;
} ScCameraDownloadJob;

void    _sc_camera_download_job_init      (ScCameraDownloadJob  *job,
                                           ScCameraProgressFunc  progress,
                                           gpointer              progress_data,
                                           GDestroyNotify        progress_notify);
void    _sc_camera_download_job_link      (ScCameraDownloadJob  *job,
                                           GCancellable         *caller,
                                           GCancellable         *camera);
gulong  _sc_camera_cancel_with            (GCancellable         *cancellable,
                                           GCancellable         *target);
void    _sc_camera_download_job_run       (ScCameraDownloadJob  *job,
                                           ScDownload           *download,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
void    _sc_camera_download_job_return_cb (GObject              *object,
                                           GAsyncResult         *result,
                                           gpointer              user_data);
void    _sc_camera_download_job_clear     (ScCameraDownloadJob  *job);

G_END_DECLS
