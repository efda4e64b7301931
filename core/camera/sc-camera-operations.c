/* sc-camera-operations.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-camera"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-camera.h"
#include "sc-camera-private.h"

/* The public ScCamera operations: each async/finish pair checks the
 * user's consent, then dispatches to the backend's vfunc (or reports
 * %SC_CAMERA_ERROR_UNSUPPORTED when the backend lacks it). The interface
 * itself, its properties and signals are in sc-camera.c. */

static void
report_unsupported (ScCamera            *self,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data,
                    gpointer             source_tag)
{
  g_task_report_new_error (self, callback, user_data, source_tag,
                           SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED,
                           _("This camera cannot do that."));
}

/* Every call that talks to a camera needs the user's consent first (the
 * app attaches its ScConsent to the default permissions; without one, as
 * in core's own tests, this always passes). Fails the call like
 * report_unsupported() does, before the backend sees it. */
static gboolean
check_consent (ScCamera            *self,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag)
{
  g_autoptr(GError) error = NULL;

  if (sc_permissions_check_consent (sc_permissions_get_default (), &error))
    return TRUE;

  g_task_report_error (self, callback, user_data, source_tag, g_steal_pointer (&error));
  return FALSE;
}

/* Backends that lack a vfunc answer through report_unsupported(); their
 * results are tagged with the wrapper, so _finish can tell them apart. */
#define PROPAGATE_REPORTED(self, result, tag, error, ret) \
  G_STMT_START { \
    if (g_async_result_is_tagged ((result), (tag))) \
      { \
        g_autoptr(GError) _local = NULL; \
        g_task_propagate_boolean (G_TASK (result), &_local); \
        g_propagate_error ((error), g_steal_pointer (&_local)); \
        return (ret); \
      } \
  } G_STMT_END

/**
 * sc_camera_connect_async:
 * @self: a #ScCamera
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when connected or failed
 * @user_data: closure for @callback
 *
 * Contacts the camera, reads what it is and starts watching its state.
 * Errors: %SC_CAMERA_ERROR_NO_DEVICE when nothing answers,
 * %SC_CAMERA_ERROR_PERMISSION_DENIED for missing or wrong credentials,
 * %SC_CAMERA_ERROR_PROTOCOL when the answer makes no sense,
 * %G_IO_ERROR_TIMED_OUT, %G_IO_ERROR_CANCELLED.
 */
void
sc_camera_connect_async (ScCamera            *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (SC_IS_CAMERA (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!check_consent (self, callback, user_data, sc_camera_connect_async))
    return;

  if (SC_CAMERA_GET_IFACE (self)->connect_async == NULL)
    {
      report_unsupported (self, callback, user_data, sc_camera_connect_async);
      return;
    }

  SC_CAMERA_GET_IFACE (self)->connect_async (self, cancellable, callback, user_data);
}

/**
 * sc_camera_connect_finish:
 * @self: a #ScCamera
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE once connected
 */
gboolean
sc_camera_connect_finish (ScCamera      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (SC_IS_CAMERA (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  PROPAGATE_REPORTED (self, result, sc_camera_connect_async, error, FALSE);
  return SC_CAMERA_GET_IFACE (self)->connect_finish (self, result, error);
}

/**
 * sc_camera_disconnect:
 * @self: a #ScCamera
 *
 * Stops watching the camera, cancels what is in flight and emits
 * #ScCamera::disconnected with no error if it was connected. Does not
 * block.
 */
void
sc_camera_disconnect (ScCamera *self)
{
  g_return_if_fail (SC_IS_CAMERA (self));

  if (SC_CAMERA_GET_IFACE (self)->disconnect != NULL)
    SC_CAMERA_GET_IFACE (self)->disconnect (self);
}

/**
 * sc_camera_refresh_state_async:
 * @self: a #ScCamera
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the new state
 * @user_data: closure for @callback
 *
 * Asks the camera for its state now, updates #ScCamera:state and emits
 * #ScCamera::state-changed.
 */
void
sc_camera_refresh_state_async (ScCamera            *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (SC_IS_CAMERA (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!check_consent (self, callback, user_data, sc_camera_refresh_state_async))
    return;

  if (SC_CAMERA_GET_IFACE (self)->refresh_state_async == NULL)
    {
      report_unsupported (self, callback, user_data, sc_camera_refresh_state_async);
      return;
    }

  SC_CAMERA_GET_IFACE (self)->refresh_state_async (self, cancellable, callback, user_data);
}

/**
 * sc_camera_refresh_state_finish:
 * @self: a #ScCamera
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the new state, an `a{sv}` #GVariant, or %NULL
 */
GVariant *
sc_camera_refresh_state_finish (ScCamera      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (SC_IS_CAMERA (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  PROPAGATE_REPORTED (self, result, sc_camera_refresh_state_async, error, NULL);
  return SC_CAMERA_GET_IFACE (self)->refresh_state_finish (self, result, error);
}

/**
 * sc_camera_get_options_async:
 * @self: a #ScCamera
 * @names: (array zero-terminated=1): option names, e.g. "iso"; a name
 *   ending in "Support" (e.g. "isoSupport") asks for the values the camera
 *   offers for that option
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the values
 * @user_data: closure for @callback
 *
 * Reads camera options.
 */
void
sc_camera_get_options_async (ScCamera            *self,
                             const char * const  *names,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (SC_IS_CAMERA (self));
  g_return_if_fail (names != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!check_consent (self, callback, user_data, sc_camera_get_options_async))
    return;

  if (SC_CAMERA_GET_IFACE (self)->get_options_async == NULL)
    {
      report_unsupported (self, callback, user_data, sc_camera_get_options_async);
      return;
    }

  SC_CAMERA_GET_IFACE (self)->get_options_async (self, names, cancellable, callback, user_data);
}

/**
 * sc_camera_get_options_finish:
 * @self: a #ScCamera
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the options, an `a{sv}` #GVariant (objects are
 *   nested `a{sv}`), or %NULL
 */
GVariant *
sc_camera_get_options_finish (ScCamera      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (SC_IS_CAMERA (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  PROPAGATE_REPORTED (self, result, sc_camera_get_options_async, error, NULL);
  return SC_CAMERA_GET_IFACE (self)->get_options_finish (self, result, error);
}

/**
 * sc_camera_set_options_async:
 * @self: a #ScCamera
 * @options: an `a{sv}` #GVariant of option names and values; floating
 *   references are sunk
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * Sets camera options. A value the camera does not offer fails with
 * %G_IO_ERROR_INVALID_ARGUMENT, before anything is sent when the backend
 * knows the allowed values.
 */
void
sc_camera_set_options_async (ScCamera            *self,
                             GVariant            *options,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GVariant) ref = NULL;

  g_return_if_fail (SC_IS_CAMERA (self));
  g_return_if_fail (options != NULL);
  g_return_if_fail (g_variant_is_of_type (options, G_VARIANT_TYPE_VARDICT));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  ref = g_variant_ref_sink (options);

  if (!check_consent (self, callback, user_data, sc_camera_set_options_async))
    return;

  if (SC_CAMERA_GET_IFACE (self)->set_options_async == NULL)
    {
      report_unsupported (self, callback, user_data, sc_camera_set_options_async);
      return;
    }

  SC_CAMERA_GET_IFACE (self)->set_options_async (self, ref, cancellable, callback, user_data);
}

/**
 * sc_camera_set_options_finish:
 * @self: a #ScCamera
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the camera took the options
 */
gboolean
sc_camera_set_options_finish (ScCamera      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (SC_IS_CAMERA (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  PROPAGATE_REPORTED (self, result, sc_camera_set_options_async, error, FALSE);
  return SC_CAMERA_GET_IFACE (self)->set_options_finish (self, result, error);
}

/**
 * sc_camera_take_picture_async:
 * @self: a #ScCamera
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the new file
 * @user_data: closure for @callback
 *
 * Takes a still picture (switching the camera to still mode if needed) and
 * waits until the camera has saved it. The live preview stops while the
 * camera shoots; open it again afterwards.
 */
void
sc_camera_take_picture_async (ScCamera            *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (SC_IS_CAMERA (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!check_consent (self, callback, user_data, sc_camera_take_picture_async))
    return;

  if (SC_CAMERA_GET_IFACE (self)->take_picture_async == NULL)
    {
      report_unsupported (self, callback, user_data, sc_camera_take_picture_async);
      return;
    }

  SC_CAMERA_GET_IFACE (self)->take_picture_async (self, cancellable, callback, user_data);
}

/**
 * sc_camera_take_picture_finish:
 * @self: a #ScCamera
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the new file, or %NULL
 */
ScCameraFile *
sc_camera_take_picture_finish (ScCamera      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (SC_IS_CAMERA (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  PROPAGATE_REPORTED (self, result, sc_camera_take_picture_async, error, NULL);
  return SC_CAMERA_GET_IFACE (self)->take_picture_finish (self, result, error);
}

/**
 * sc_camera_start_capture_async:
 * @self: a #ScCamera
 * @mode: video or interval shooting
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the camera started
 * @user_data: closure for @callback
 *
 * Starts recording a video or interval shooting, switching the camera's
 * capture mode if needed, and completes as soon as the camera has started.
 * Stop it with sc_camera_stop_capture_async(); the new files are also
 * announced with #ScCamera::file-added.
 */
void
sc_camera_start_capture_async (ScCamera            *self,
                               ScCameraCaptureMode  mode,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (SC_IS_CAMERA (self));
  g_return_if_fail (mode == SC_CAMERA_CAPTURE_MODE_VIDEO || mode == SC_CAMERA_CAPTURE_MODE_INTERVAL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!check_consent (self, callback, user_data, sc_camera_start_capture_async))
    return;

  if (SC_CAMERA_GET_IFACE (self)->start_capture_async == NULL)
    {
      report_unsupported (self, callback, user_data, sc_camera_start_capture_async);
      return;
    }

  SC_CAMERA_GET_IFACE (self)->start_capture_async (self, mode, cancellable, callback, user_data);
}

/**
 * sc_camera_start_capture_finish:
 * @self: a #ScCamera
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the camera is recording
 */
gboolean
sc_camera_start_capture_finish (ScCamera      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (SC_IS_CAMERA (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  PROPAGATE_REPORTED (self, result, sc_camera_start_capture_async, error, FALSE);
  return SC_CAMERA_GET_IFACE (self)->start_capture_finish (self, result, error);
}

/**
 * sc_camera_stop_capture_async:
 * @self: a #ScCamera
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the recorded files
 * @user_data: closure for @callback
 *
 * Stops a recording or interval shooting started with
 * sc_camera_start_capture_async().
 */
void
sc_camera_stop_capture_async (ScCamera            *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (SC_IS_CAMERA (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!check_consent (self, callback, user_data, sc_camera_stop_capture_async))
    return;

  if (SC_CAMERA_GET_IFACE (self)->stop_capture_async == NULL)
    {
      report_unsupported (self, callback, user_data, sc_camera_stop_capture_async);
      return;
    }

  SC_CAMERA_GET_IFACE (self)->stop_capture_async (self, cancellable, callback, user_data);
}

/**
 * sc_camera_stop_capture_finish:
 * @self: a #ScCamera
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type ScCameraFile): the files
 *   the camera saved, possibly none, or %NULL on error
 */
GPtrArray *
sc_camera_stop_capture_finish (ScCamera      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (SC_IS_CAMERA (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  PROPAGATE_REPORTED (self, result, sc_camera_stop_capture_async, error, NULL);
  return SC_CAMERA_GET_IFACE (self)->stop_capture_finish (self, result, error);
}

/**
 * sc_camera_list_files_async:
 * @self: a #ScCamera
 * @type: which files: all, images or videos
 * @max_entries: the most files to list, or 0 for all
 * @with_thumbnails: whether to fetch thumbnails too (slower)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the files
 * @user_data: closure for @callback
 *
 * Lists the files on the camera, newest first, fetching them page by page.
 */
void
sc_camera_list_files_async (ScCamera            *self,
                            ScCameraFileType     type,
                            guint                max_entries,
                            gboolean             with_thumbnails,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (SC_IS_CAMERA (self));
  g_return_if_fail (type <= SC_CAMERA_FILE_TYPE_VIDEO);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!check_consent (self, callback, user_data, sc_camera_list_files_async))
    return;

  if (SC_CAMERA_GET_IFACE (self)->list_files_async == NULL)
    {
      report_unsupported (self, callback, user_data, sc_camera_list_files_async);
      return;
    }

  SC_CAMERA_GET_IFACE (self)->list_files_async (self, type, max_entries, with_thumbnails,
                                                cancellable, callback, user_data);
}

/**
 * sc_camera_list_files_finish:
 * @self: a #ScCamera
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type ScCameraFile): the files, or
 *   %NULL on error
 */
GPtrArray *
sc_camera_list_files_finish (ScCamera      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (SC_IS_CAMERA (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  PROPAGATE_REPORTED (self, result, sc_camera_list_files_async, error, NULL);
  return SC_CAMERA_GET_IFACE (self)->list_files_finish (self, result, error);
}

/**
 * sc_camera_delete_files_async:
 * @self: a #ScCamera
 * @uris: (array zero-terminated=1): the #ScCameraFile:uri of each file
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * Deletes files on the camera.
 */
void
sc_camera_delete_files_async (ScCamera            *self,
                              const char * const  *uris,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (SC_IS_CAMERA (self));
  g_return_if_fail (uris != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!check_consent (self, callback, user_data, sc_camera_delete_files_async))
    return;

  if (SC_CAMERA_GET_IFACE (self)->delete_files_async == NULL)
    {
      report_unsupported (self, callback, user_data, sc_camera_delete_files_async);
      return;
    }

  SC_CAMERA_GET_IFACE (self)->delete_files_async (self, uris, cancellable, callback, user_data);
}

/**
 * sc_camera_delete_files_finish:
 * @self: a #ScCamera
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the files were deleted
 */
gboolean
sc_camera_delete_files_finish (ScCamera      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (SC_IS_CAMERA (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  PROPAGATE_REPORTED (self, result, sc_camera_delete_files_async, error, FALSE);
  return SC_CAMERA_GET_IFACE (self)->delete_files_finish (self, result, error);
}

/**
 * sc_camera_reset_async:
 * @self: a #ScCamera
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * Restores the camera's default settings.
 */
void
sc_camera_reset_async (ScCamera            *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (SC_IS_CAMERA (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!check_consent (self, callback, user_data, sc_camera_reset_async))
    return;

  if (SC_CAMERA_GET_IFACE (self)->reset_async == NULL)
    {
      report_unsupported (self, callback, user_data, sc_camera_reset_async);
      return;
    }

  SC_CAMERA_GET_IFACE (self)->reset_async (self, cancellable, callback, user_data);
}

/**
 * sc_camera_reset_finish:
 * @self: a #ScCamera
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the camera was reset
 */
gboolean
sc_camera_reset_finish (ScCamera      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (SC_IS_CAMERA (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  PROPAGATE_REPORTED (self, result, sc_camera_reset_async, error, FALSE);
  return SC_CAMERA_GET_IFACE (self)->reset_finish (self, result, error);
}

/**
 * sc_camera_open_preview_async:
 * @self: a #ScCamera
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the stream
 * @user_data: closure for @callback
 *
 * Opens the camera's live preview: a multipart MJPEG stream that never
 * ends (feed it to #ScLivePreview). The camera stops the preview when it
 * shoots or changes its capture mode; open it again afterwards.
 */
void
sc_camera_open_preview_async (ScCamera            *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (SC_IS_CAMERA (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!check_consent (self, callback, user_data, sc_camera_open_preview_async))
    return;

  if (SC_CAMERA_GET_IFACE (self)->open_preview_async == NULL)
    {
      report_unsupported (self, callback, user_data, sc_camera_open_preview_async);
      return;
    }

  SC_CAMERA_GET_IFACE (self)->open_preview_async (self, cancellable, callback, user_data);
}

/**
 * sc_camera_open_preview_finish:
 * @self: a #ScCamera
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the preview stream, or %NULL
 */
GInputStream *
sc_camera_open_preview_finish (ScCamera      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (SC_IS_CAMERA (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  PROPAGATE_REPORTED (self, result, sc_camera_open_preview_async, error, NULL);
  return SC_CAMERA_GET_IFACE (self)->open_preview_finish (self, result, error);
}

/**
 * sc_camera_download_async:
 * @self: a #ScCamera
 * @file: the file to fetch
 * @directory: the folder to save it in
 * @progress: (nullable) (scope notified): called with the bytes received,
 *   in the caller's context
 * @progress_data: closure for @progress
 * @progress_notify: (nullable): frees @progress_data when the download ends
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the saved file
 * @user_data: closure for @callback
 *
 * Downloads @file into @directory under its own (made safe) name, never
 * overwriting an existing file, and removes partial data on failure.
 */
void
sc_camera_download_async (ScCamera             *self,
                          ScCameraFile         *file,
                          GFile                *directory,
                          ScCameraProgressFunc  progress,
                          gpointer              progress_data,
                          GDestroyNotify        progress_notify,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  g_return_if_fail (SC_IS_CAMERA (self));
  g_return_if_fail (SC_IS_CAMERA_FILE (file));
  g_return_if_fail (G_IS_FILE (directory));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!check_consent (self, callback, user_data, sc_camera_download_async))
    {
      if (progress_notify != NULL)
        progress_notify (progress_data);
      return;
    }

  if (SC_CAMERA_GET_IFACE (self)->download_async == NULL)
    {
      if (progress_notify != NULL)
        progress_notify (progress_data);
      {
        report_unsupported (self, callback, user_data, sc_camera_download_async);
        return;
      }
    }

  SC_CAMERA_GET_IFACE (self)->download_async (self, file, directory,
                                              progress, progress_data, progress_notify,
                                              cancellable, callback, user_data);
}

/**
 * sc_camera_download_finish:
 * @self: a #ScCamera
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the saved file, or %NULL
 */
GFile *
sc_camera_download_finish (ScCamera      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (SC_IS_CAMERA (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  PROPAGATE_REPORTED (self, result, sc_camera_download_async, error, NULL);
  return SC_CAMERA_GET_IFACE (self)->download_finish (self, result, error);
}

/**
 * sc_camera_dup_preview_uri:
 * @self: a #ScCamera
 *
 * For cameras whose live preview is a stream to open by address rather
 * than sc_camera_open_preview_async() (the Mi Sphere's RTSP preview):
 * that address, for sc_live_preview_start_uri().
 *
 * Returns: (transfer full) (nullable): the preview's address, or %NULL
 *   when the camera's preview comes from sc_camera_open_preview_async()
 */
char *
sc_camera_dup_preview_uri (ScCamera *self)
{
  g_return_val_if_fail (SC_IS_CAMERA (self), NULL);

  if (SC_CAMERA_GET_IFACE (self)->dup_preview_uri == NULL)
    return NULL;

  return SC_CAMERA_GET_IFACE (self)->dup_preview_uri (self);
}

/**
 * sc_camera_format_storage_async:
 * @self: a #ScCamera
 * @confirmed: %TRUE only after the user confirmed that every file on the
 *   camera's memory card may be erased
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure for @callback
 *
 * Formats the camera's memory card. Without @confirmed this fails with
 * %G_IO_ERROR_INVALID_ARGUMENT and does not contact the camera. Cameras
 * that cannot do it fail with %SC_CAMERA_ERROR_UNSUPPORTED.
 */
void
sc_camera_format_storage_async (ScCamera            *self,
                                gboolean             confirmed,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (SC_IS_CAMERA (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!confirmed)
    {
      g_task_report_new_error (self, callback, user_data, sc_camera_format_storage_async,
                               G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Formatting erases every file on the camera’s memory card. "
                                 "Confirm it to go on."));
      return;
    }

  if (!check_consent (self, callback, user_data, sc_camera_format_storage_async))
    return;

  if (SC_CAMERA_GET_IFACE (self)->format_storage_async == NULL)
    {
      report_unsupported (self, callback, user_data, sc_camera_format_storage_async);
      return;
    }

  SC_CAMERA_GET_IFACE (self)->format_storage_async (self, cancellable, callback, user_data);
}

/**
 * sc_camera_format_storage_finish:
 * @self: a #ScCamera
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: whether the card was formatted
 */
gboolean
sc_camera_format_storage_finish (ScCamera      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (SC_IS_CAMERA (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  PROPAGATE_REPORTED (self, result, sc_camera_format_storage_async, error, FALSE);
  return SC_CAMERA_GET_IFACE (self)->format_storage_finish (self, result, error);
}
