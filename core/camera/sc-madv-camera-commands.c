/* sc-madv-camera-commands.c: shooting, recording, formatting the card and
 * pushing the GPS location
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-madv-camera"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-camera-private.h"
#include "sc-madv-camera-private.h"

/* ------------------------------------------------------------------ */
/* Shooting                                                            */

typedef struct
{
  ScCameraFile *file;
  gboolean      replied;    /* the camera accepted the command */
} WaitData;

static void
wait_data_free (WaitData *data)
{
  g_clear_object (&data->file);
  g_free (data);
}

static void
complete_picture (ScMadvCamera *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->picture_task);
  WaitData *data = g_task_get_task_data (task);

  g_clear_handle_id (&self->picture_timeout_id, g_source_remove);
  g_task_return_pointer (task, g_steal_pointer (&data->file), g_object_unref);
}

static void
complete_stop (ScMadvCamera *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->stop_task);
  WaitData *data = g_task_get_task_data (task);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);

  g_clear_handle_id (&self->stop_timeout_id, g_source_remove);
  if (data->file != NULL)
    g_ptr_array_add (files, g_steal_pointer (&data->file));
  g_task_return_pointer (task, files, (GDestroyNotify)g_ptr_array_unref);
}

/**
 * _sc_madv_camera_file_saved:
 * @self: the camera
 * @msg_id: the notification: 8193 (a photo saved), 8192 (a video saved)
 *   or 8195 (a split recording)
 * @file: (nullable): the file it names
 *
 * Completes the shot or the stopped recording that waited for this file,
 * once the camera has also replied to the command.
 */
void
_sc_madv_camera_file_saved (ScMadvCamera *self,
                            gint64        msg_id,
                            ScCameraFile *file)
{
  if (msg_id == SC_MADV_MSG_SAVE_PHOTO_DONE && self->picture_task != NULL)
    {
      WaitData *data = g_task_get_task_data (self->picture_task);

      g_set_object (&data->file, file);
      if (data->replied)
        complete_picture (self);
    }
  else if (msg_id == SC_MADV_MSG_SAVE_VIDEO_DONE && self->stop_task != NULL)
    {
      WaitData *data = g_task_get_task_data (self->stop_task);

      g_set_object (&data->file, file);
      if (data->replied)
        complete_stop (self);
    }
}

/**
 * _sc_madv_camera_fail_waiting:
 * @self: the camera
 * @error: (nullable): why, or %NULL for "disconnected"
 *
 * Fails a shot waiting for its 8193 and a recording waiting for its
 * 8192.
 */
void
_sc_madv_camera_fail_waiting (ScMadvCamera *self,
                              const GError *error)
{
  g_autoptr(GError) closed = NULL;

  if (error == NULL)
    error = closed = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED,
                                          _("The camera was disconnected. Connect to it again."));

  g_clear_handle_id (&self->picture_timeout_id, g_source_remove);
  g_clear_handle_id (&self->stop_timeout_id, g_source_remove);
  if (self->picture_task != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->picture_task);
      g_task_return_error (task, g_error_copy (error));
    }
  if (self->stop_task != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->stop_task);
      g_task_return_error (task, g_error_copy (error));
    }
}

static gboolean
on_picture_timeout_cb (gpointer user_data)
{
  ScMadvCamera *self = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&self->picture_task);

  self->picture_timeout_id = 0;
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                           _("The camera did not say that it saved the picture. "
                             "Check its memory card, then try again."));
  return G_SOURCE_REMOVE;
}

static gboolean
on_stop_timeout_cb (gpointer user_data)
{
  ScMadvCamera *self = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&self->stop_task);

  self->stop_timeout_id = 0;
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                           _("The camera did not say that it saved the video. "
                             "Check its memory card, then try again."));
  return G_SOURCE_REMOVE;
}

static void
on_shoot_chain_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (object);
  GTask *task = user_data;   /* owned by self->picture_task */
  g_autoptr(GError) error = NULL;
  GPtrArray *results;
  WaitData *data;

  results = _sc_madv_camera_chain_finish (self, result, &error);
  if (self->picture_task != task)
    {
      /* Already failed (disconnect) and returned. */
      if (results != NULL)
        _sc_madv_results_free (results);
      return;
    }

  if (results == NULL)
    {
      g_autoptr(GTask) owned = g_steal_pointer (&self->picture_task);
      g_task_return_error (owned, g_steal_pointer (&error));
      return;
    }
  _sc_madv_results_free (results);

  self->camera_mode = 1;
  data = g_task_get_task_data (task);
  data->replied = TRUE;
  if (data->file != NULL)
    {
      complete_picture (self);
      return;
    }

  self->picture_timeout_id = g_timeout_add (SC_MADV_CAPTURE_TIMEOUT_MS, on_picture_timeout_cb, self);
}

static void
sc_madv_camera_take_picture_async (ScCamera            *camera,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  GArray *steps;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_madv_camera_take_picture_async);
  g_task_set_task_data (task, g_new0 (WaitData, 1), (GDestroyNotify)wait_data_free);

  if (!_sc_madv_camera_check_connected (self, task))
    return;

  if (self->picture_task != NULL || self->stop_task != NULL)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                               _("The camera is still saving the last shot. Wait a moment."));
      return;
    }

  steps = _sc_madv_steps_new ();
  if (self->camera_mode != 1)
    _sc_madv_steps_add (steps, SC_MADV_MSG_SET_CAMERA_MODE, sc_madv_client_param ("1"), 0, FALSE);
  _sc_madv_steps_add (steps, SC_MADV_MSG_SHOOT_PHOTO, NULL, SC_MADV_CAPTURE_TIMEOUT_MS, FALSE);

  self->picture_task = g_object_ref (task);
  _sc_madv_camera_chain_async (self, steps, self->cancellable, on_shoot_chain_cb, task);
}

static ScCameraFile *
sc_madv_camera_take_picture_finish (ScCamera      *camera,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_record_chain_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *results;

  results = _sc_madv_camera_chain_finish (self, result, &error);
  if (results == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  _sc_madv_results_free (results);

  self->camera_mode = 0;
  self->work_state = 3;
  _sc_madv_camera_update_state (self, TRUE);
  g_task_return_boolean (task, TRUE);
}

static void
sc_madv_camera_start_capture_async (ScCamera            *camera,
                                    ScCameraCaptureMode  mode,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  GArray *steps;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_madv_camera_start_capture_async);

  if (!_sc_madv_camera_check_connected (self, task))
    return;

  if (mode != SC_CAMERA_CAPTURE_MODE_VIDEO)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED,
                               _("Interval shooting on this camera is not supported yet. "
                                 "Record a video or take single pictures."));
      return;
    }

  steps = _sc_madv_steps_new ();
  if (self->camera_mode != 0)
    _sc_madv_steps_add (steps, SC_MADV_MSG_SET_CAMERA_MODE, sc_madv_client_param ("0"), 0, FALSE);
  /* "0" = with sound. */
  _sc_madv_steps_add (steps, SC_MADV_MSG_RECORD_START, sc_madv_client_param ("0"), 0, FALSE);
  _sc_madv_camera_chain_async (self, steps, cancellable, on_record_chain_cb, g_steal_pointer (&task));
}

static gboolean
sc_madv_camera_start_capture_finish (ScCamera      *camera,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_stop_reply_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;   /* owned by self->stop_task */
  ScMadvCamera *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  WaitData *data;

  reply = sc_madv_client_request_finish (SC_MADV_CLIENT (object), result, &error);
  if (self->stop_task != task)
    return;

  if (reply == NULL)
    {
      g_autoptr(GTask) owned = g_steal_pointer (&self->stop_task);
      g_task_return_error (owned, g_steal_pointer (&error));
      return;
    }

  data = g_task_get_task_data (task);
  data->replied = TRUE;
  if (data->file != NULL)
    {
      complete_stop (self);
      return;
    }

  self->stop_timeout_id = g_timeout_add (SC_MADV_CAPTURE_TIMEOUT_MS, on_stop_timeout_cb, self);
}

static void
sc_madv_camera_stop_capture_async (ScCamera            *camera,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (camera);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_madv_camera_stop_capture_async);
  g_task_set_task_data (task, g_new0 (WaitData, 1), (GDestroyNotify)wait_data_free);

  if (!_sc_madv_camera_check_connected (self, task))
    return;

  if (self->stop_task != NULL)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                               _("The camera is already stopping the recording. Wait a moment."));
      return;
    }

  self->stop_task = g_object_ref (task);
  sc_madv_client_request_async (self->client, SC_MADV_MSG_RECORD_STOP, NULL,
                                SC_MADV_CAPTURE_TIMEOUT_MS, self->cancellable,
                                on_stop_reply_cb, task);
}

static GPtrArray *
sc_madv_camera_stop_capture_finish (ScCamera      *camera,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* SD card format                                                      */

static void
on_format_reply_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScMadvCamera *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) reply = NULL;
  GError *error = NULL;

  reply = sc_madv_client_request_finish (SC_MADV_CLIENT (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  _sc_camera_set_string (&self->latest_file_uri, NULL);
  _sc_madv_camera_refresh_storage (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * sc_madv_camera_format_async:
 * @self: the camera
 * @confirmed: %TRUE once the user agreed to lose everything on the card
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure
 *
 * Formats the camera's memory card (4 FORMAT with "c").
 */
void
sc_madv_camera_format_async (ScMadvCamera        *self,
                             gboolean             confirmed,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SC_IS_MADV_CAMERA (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_madv_camera_format_async);

  if (!confirmed)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Formatting erases every file on the camera’s memory card. "
                                 "Confirm it to go on."));
      return;
    }

  if (!_sc_madv_camera_check_connected (self, task))
    return;

  /* Formatting a big card takes a while. */
  _sc_madv_camera_request (self, SC_MADV_MSG_FORMAT, "c", 120000, cancellable,
                           on_format_reply_cb, g_steal_pointer (&task));
}

/**
 * sc_madv_camera_format_finish:
 * @self: the camera
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: whether the card was formatted
 */
gboolean
sc_madv_camera_format_finish (ScMadvCamera  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sc_madv_camera_iface_format_async (ScCamera            *camera,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  /* The interface wrapper has checked the confirmation. */
  sc_madv_camera_format_async (SC_MADV_CAMERA (camera), TRUE, cancellable, callback, user_data);
}

static gboolean
sc_madv_camera_iface_format_finish (ScCamera      *camera,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return sc_madv_camera_format_finish (SC_MADV_CAMERA (camera), result, error);
}

/* ------------------------------------------------------------------ */
/* GPS (4917)                                                          */

static void
on_gps_pushed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ScMadvCamera) self = user_data;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;

  self->gps_in_flight = FALSE;
  reply = sc_madv_client_request_finish (SC_MADV_CLIENT (object), result, &error);
  if (reply == NULL)
    g_debug ("GPS push: %s", error->message);   /* the vendor ignores it too */
}

static void
gps_push (ScMadvCamera *self)
{
  ScGeoLocation location = { 0 };
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  JsonObject *extra;

  if (!self->is_connected || self->client == NULL || self->location_source == NULL ||
      self->gps_in_flight)
    return;

  /* FALSE whenever the location permission (or consent) is off. */
  if (!sc_location_source_get_current (self->location_source, &location))
    return;

  extra = json_object_new ();
  json_object_set_string_member (extra, "lon",
                                 g_ascii_formatd (text, sizeof text, "%.6f", location.longitude));
  json_object_set_string_member (extra, "lat",
                                 g_ascii_formatd (text, sizeof text, "%.6f", location.latitude));
  json_object_set_string_member (extra, "alt",
                                 g_ascii_formatd (text, sizeof text, "%.1f",
                                                  location.has_altitude ? location.altitude : 0));
  g_clear_pointer (&location.time, g_date_time_unref);

  self->gps_in_flight = TRUE;
  sc_madv_client_request_async (self->client, SC_MADV_MSG_SET_GPS_INFO, extra, 0,
                                self->cancellable, on_gps_pushed_cb, g_object_ref (self));
  json_object_unref (extra);
}

static gboolean
on_gps_timeout_cb (gpointer user_data)
{
  gps_push (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_location_changed_cb (ScLocationSource *source,
                        ScMadvCamera     *self)
{
  gps_push (self);
}

/**
 * _sc_madv_camera_location_start:
 * @self: the camera, just connected
 *
 * Pushes the user's location (4917) now, when it changes and every
 * %SC_MADV_GPS_INTERVAL_S seconds, while the location is allowed.
 */
void
_sc_madv_camera_location_start (ScMadvCamera *self)
{
  _sc_madv_camera_location_stop (self);

  self->location_source = g_object_ref (sc_location_source_get_default ());
  g_signal_connect_object (self->location_source, "changed",
                           G_CALLBACK (on_location_changed_cb), self, 0);
  self->gps_timeout_id = g_timeout_add_seconds (SC_MADV_GPS_INTERVAL_S, on_gps_timeout_cb, self);
  gps_push (self);
}

/**
 * _sc_madv_camera_location_stop:
 * @self: the camera
 *
 * Stops the GPS pushes.
 */
void
_sc_madv_camera_location_stop (ScMadvCamera *self)
{
  g_clear_handle_id (&self->gps_timeout_id, g_source_remove);
  if (self->location_source != NULL)
    g_signal_handlers_disconnect_by_func (self->location_source, on_location_changed_cb, self);
  g_clear_object (&self->location_source);
}

/**
 * _sc_madv_camera_commands_iface_init:
 * @iface: the #ScCameraInterface being filled
 *
 * Installs the shooting and formatting vfuncs of this file.
 */
void
_sc_madv_camera_commands_iface_init (ScCameraInterface *iface)
{
  iface->take_picture_async = sc_madv_camera_take_picture_async;
  iface->take_picture_finish = sc_madv_camera_take_picture_finish;
  iface->start_capture_async = sc_madv_camera_start_capture_async;
  iface->start_capture_finish = sc_madv_camera_start_capture_finish;
  iface->stop_capture_async = sc_madv_camera_stop_capture_async;
  iface->stop_capture_finish = sc_madv_camera_stop_capture_finish;
  iface->format_storage_async = sc_madv_camera_iface_format_async;
  iface->format_storage_finish = sc_madv_camera_iface_format_finish;
}
