/* sc-camera.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sc-camera-file.h"

G_BEGIN_DECLS

#define SC_TYPE_CAMERA (sc_camera_get_type ())

G_DECLARE_INTERFACE (ScCamera, sc_camera, SC, CAMERA, GObject)

/**
 * ScCameraCaptureMode:
 * @SC_CAMERA_CAPTURE_MODE_VIDEO: record a video until stopped
 * @SC_CAMERA_CAPTURE_MODE_INTERVAL: interval shooting (captureInterval /
 *   captureNumber options)
 */
typedef enum
{
  SC_CAMERA_CAPTURE_MODE_VIDEO,
  SC_CAMERA_CAPTURE_MODE_INTERVAL,
} ScCameraCaptureMode;

#define SC_TYPE_CAMERA_CAPTURE_MODE (sc_camera_capture_mode_get_type ())
GType sc_camera_capture_mode_get_type (void) G_GNUC_CONST;

/**
 * ScCameraProgressFunc:
 * @current: bytes done
 * @total: bytes expected (0 if unknown)
 * @user_data: closure
 *
 * Download progress, called in the caller's thread-default context.
 */
typedef void (*ScCameraProgressFunc) (guint64  current,
                                      guint64  total,
                                      gpointer user_data);

/*
 * Every camera backend (ScOscCamera, ScMadvCamera, later ScPtpCamera,
 * ScStorageCamera) implements this interface. All operations are async
 * pairs; callbacks run in the thread-default main context of the caller.
 * Results that are dictionaries are `a{sv}` GVariants so that they cross
 * D-Bus unchanged.
 *
 * Properties every implementation has:
 *   "id"               (string, read-only) stable id, e.g. "osc:SERIAL" or the URL
 *   "display-name"     (string) what the UI shows, e.g. "RICOH THETA Z1"
 *   "uri"              (string, construct-only) how to reach it, e.g. http://192.168.1.1
 *   "is-connected"     (boolean, read-only)
 *   "model", "manufacturer", "serial-number", "firmware-version" (string, read-only;
 *                      NULL until connected)
 *   "state"            (GVariant a{sv}, read-only) last known state: "batteryLevel" (d 0..1),
 *                      "captureStatus" (s), "recordedTime" (d s), "remainingSpace" (t bytes),
 *                      "totalSpace" (t), "latestFileUri" (s), "fingerprint" (s) — whatever
 *                      the camera reports
 * Signals:
 *   "state-changed"    () after "state" changed
 *   "file-added"       (ScCameraFile *file) a new file was saved on the camera
 *   "disconnected"     (GError *error or NULL) the connection was lost or closed
 */
struct _ScCameraInterface
{
  GTypeInterface parent_iface;

  void          (*connect_async)        (ScCamera             *self,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
  gboolean      (*connect_finish)       (ScCamera             *self,
                                         GAsyncResult         *result,
                                         GError              **error);
  void          (*disconnect)           (ScCamera             *self);
  GVariant     *(*get_info)             (ScCamera             *self);
  void          (*refresh_state_async)  (ScCamera             *self,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
  GVariant     *(*refresh_state_finish) (ScCamera             *self,
                                         GAsyncResult         *result,
                                         GError              **error);
  void          (*get_options_async)    (ScCamera             *self,
                                         const char * const   *names,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
  GVariant     *(*get_options_finish)   (ScCamera             *self,
                                         GAsyncResult         *result,
                                         GError              **error);
  void          (*set_options_async)    (ScCamera             *self,
                                         GVariant             *options,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
  gboolean      (*set_options_finish)   (ScCamera             *self,
                                         GAsyncResult         *result,
                                         GError              **error);
  void          (*take_picture_async)   (ScCamera             *self,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
  ScCameraFile *(*take_picture_finish)  (ScCamera             *self,
                                         GAsyncResult         *result,
                                         GError              **error);
  void          (*start_capture_async)  (ScCamera             *self,
                                         ScCameraCaptureMode   mode,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
  gboolean      (*start_capture_finish) (ScCamera             *self,
                                         GAsyncResult         *result,
                                         GError              **error);
  void          (*stop_capture_async)   (ScCamera             *self,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
  GPtrArray    *(*stop_capture_finish)  (ScCamera             *self,
                                         GAsyncResult         *result,
                                         GError              **error);
  void          (*list_files_async)     (ScCamera             *self,
                                         ScCameraFileType      type,
                                         guint                 max_entries,
                                         gboolean              with_thumbnails,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
  GPtrArray    *(*list_files_finish)    (ScCamera             *self,
                                         GAsyncResult         *result,
                                         GError              **error);
  void          (*delete_files_async)   (ScCamera             *self,
                                         const char * const   *uris,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
  gboolean      (*delete_files_finish)  (ScCamera             *self,
                                         GAsyncResult         *result,
                                         GError              **error);
  void          (*reset_async)          (ScCamera             *self,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
  gboolean      (*reset_finish)         (ScCamera             *self,
                                         GAsyncResult         *result,
                                         GError              **error);
  void          (*open_preview_async)   (ScCamera             *self,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
  GInputStream *(*open_preview_finish)  (ScCamera             *self,
                                         GAsyncResult         *result,
                                         GError              **error);
  void          (*download_async)       (ScCamera             *self,
                                         ScCameraFile         *file,
                                         GFile                *directory,
                                         ScCameraProgressFunc  progress,
                                         gpointer              progress_data,
                                         GDestroyNotify        progress_notify,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
  GFile        *(*download_finish)      (ScCamera             *self,
                                         GAsyncResult         *result,
                                         GError              **error);

  /* Added for ScMadvCamera (issue 6); backends without them keep NULL. */
  char         *(*dup_preview_uri)      (ScCamera             *self);
  void          (*format_storage_async) (ScCamera             *self,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
  gboolean      (*format_storage_finish) (ScCamera            *self,
                                         GAsyncResult         *result,
                                         GError              **error);

  gpointer _reserved[5];
};

ScCamera     *sc_camera_new_for_uri        (const char           *uri,
                                            const char           *username,
                                            const char           *password,
                                            GError              **error);
const char   *sc_camera_get_id             (ScCamera             *self);
const char   *sc_camera_get_uri            (ScCamera             *self);
char         *sc_camera_dup_display_name   (ScCamera             *self);
gboolean      sc_camera_is_connected       (ScCamera             *self);
GVariant     *sc_camera_get_info           (ScCamera             *self);
GVariant     *sc_camera_dup_state          (ScCamera             *self);

void          sc_camera_connect_async      (ScCamera             *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean      sc_camera_connect_finish     (ScCamera             *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void          sc_camera_disconnect         (ScCamera             *self);
void          sc_camera_refresh_state_async (ScCamera            *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GVariant     *sc_camera_refresh_state_finish (ScCamera           *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void          sc_camera_get_options_async  (ScCamera             *self,
                                            const char * const   *names,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GVariant     *sc_camera_get_options_finish (ScCamera             *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void          sc_camera_set_options_async  (ScCamera             *self,
                                            GVariant             *options,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean      sc_camera_set_options_finish (ScCamera             *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void          sc_camera_take_picture_async (ScCamera             *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
ScCameraFile *sc_camera_take_picture_finish (ScCamera            *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void          sc_camera_start_capture_async (ScCamera            *self,
                                            ScCameraCaptureMode   mode,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean      sc_camera_start_capture_finish (ScCamera           *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void          sc_camera_stop_capture_async (ScCamera             *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GPtrArray    *sc_camera_stop_capture_finish (ScCamera            *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void          sc_camera_list_files_async   (ScCamera             *self,
                                            ScCameraFileType      type,
                                            guint                 max_entries,
                                            gboolean              with_thumbnails,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GPtrArray    *sc_camera_list_files_finish  (ScCamera             *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void          sc_camera_delete_files_async (ScCamera             *self,
                                            const char * const   *uris,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean      sc_camera_delete_files_finish (ScCamera            *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void          sc_camera_reset_async        (ScCamera             *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean      sc_camera_reset_finish       (ScCamera             *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void          sc_camera_open_preview_async (ScCamera             *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GInputStream *sc_camera_open_preview_finish (ScCamera            *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void          sc_camera_download_async     (ScCamera             *self,
                                            ScCameraFile         *file,
                                            GFile                *directory,
                                            ScCameraProgressFunc  progress,
                                            gpointer              progress_data,
                                            GDestroyNotify        progress_notify,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GFile        *sc_camera_download_finish    (ScCamera             *self,
                                            GAsyncResult         *result,
                                            GError              **error);
char         *sc_camera_dup_preview_uri    (ScCamera             *self);
void          sc_camera_format_storage_async (ScCamera           *self,
                                            gboolean              confirmed,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean      sc_camera_format_storage_finish (ScCamera          *self,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
