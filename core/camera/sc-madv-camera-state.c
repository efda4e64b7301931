/* sc-madv-camera-state.c: state, notifications and refresh_state
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
/* State                                                               */

static double
battery_level (gint64 code)
{
  static const double levels[] = { 0.05, 0.25, 0.50, 0.75, 1.0 };

  if (code == 0x44)
    return 1.0;
  return levels[MIN ((guint)(code & 0x0f), G_N_ELEMENTS (levels) - 1)];
}

static const char *
capture_status (gint64 work_state)
{
  switch (work_state)
    {
    case 3: case 4: case 5: case 13:
    case 6: case 14: case 15:
      return "shooting";
    case 7:
      return "self-timer countdown";
    case 12:
      return "interval shooting";
    default:
      return "idle";
    }
}

/**
 * _sc_madv_camera_update_state:
 * @self: the camera
 * @announce: whether to emit #ScCamera::state-changed when it changed
 *
 * Rebuilds #ScCamera:state from the last known values.
 */
void
_sc_madv_camera_update_state (ScMadvCamera *self,
                              gboolean      announce)
{
  g_autoptr(GVariant) old = self->state;
  GVariantDict dict;

  self->state = NULL;
  g_variant_dict_init (&dict, NULL);

  if (self->battery_code >= 0)
    {
      g_variant_dict_insert (&dict, "batteryLevel", "d", battery_level (self->battery_code));
      g_variant_dict_insert (&dict, "batteryState", "s",
                             self->battery_code == 0x44 ? "charged" :
                             (self->battery_code & 0x80) ? "charging" : "disconnect");
    }

  g_variant_dict_insert (&dict, "captureStatus", "s", capture_status (self->work_state));
  g_variant_dict_insert (&dict, "_madvWorkState", "i", (gint32)self->work_state);
  if (self->camera_mode >= 0)
    g_variant_dict_insert (&dict, "captureMode", "s", self->camera_mode == 1 ? "image" : "video");

  if (self->have_storage)
    {
      g_variant_dict_insert (&dict, "remainingSpace", "t", self->sd_free_kb * 1024);
      g_variant_dict_insert (&dict, "totalSpace", "t", self->sd_total_kb * 1024);
      g_variant_dict_insert (&dict, "storageFull", "b", self->sd_full >= 2);
    }

  if (self->latest_file_uri != NULL)
    g_variant_dict_insert (&dict, "latestFileUri", "s", self->latest_file_uri);

  if (self->message != NULL)
    {
      const char *errors[] = { self->message, NULL };

      g_variant_dict_insert (&dict, "cameraError", "^as", errors);
    }

  self->state = g_variant_ref_sink (g_variant_dict_end (&dict));

  if (old != NULL && g_variant_equal (old, self->state))
    return;

  _sc_madv_camera_notify_state (self);
  if (announce)
    _sc_camera_emit_state_changed (SC_CAMERA (self));
}

/**
 * _sc_madv_camera_set_message:
 * @self: the camera
 * @message: (nullable): a note for the user, or %NULL
 *
 * Sets the note shown in the state's cameraError.
 */
void
_sc_madv_camera_set_message (ScMadvCamera *self,
                             const char   *message)
{
  _sc_camera_set_string (&self->message, message);
}

/**
 * _sc_madv_camera_apply_storage:
 * @self: the camera
 * @reply: a reply or notification with sd_total, sd_free, sd_full
 *
 * Takes the storage values it has.
 */
void
_sc_madv_camera_apply_storage (ScMadvCamera *self,
                               JsonObject   *reply)
{
  gint64 n;

  if (_sc_madv_reply_get_int (reply, "sd_total", &n))
    {
      self->sd_total_kb = sc_madv_size_from_json (n);
      self->have_storage = TRUE;
    }
  if (_sc_madv_reply_get_int (reply, "sd_free", &n))
    {
      self->sd_free_kb = sc_madv_size_from_json (n);
      self->have_storage = TRUE;
    }
  if (_sc_madv_reply_get_int (reply, "sd_full", &n))
    self->sd_full = n;
}

/**
 * _sc_madv_camera_apply_modes:
 * @self: the camera
 * @reply: (nullable): the 4365 reply
 *
 * Takes the work state and the camera mode.
 */
void
_sc_madv_camera_apply_modes (ScMadvCamera *self,
                             JsonObject   *reply)
{
  gint64 n;

  if (_sc_madv_reply_get_int (reply, "status", &n))
    self->work_state = n;
  if (_sc_madv_reply_get_int (reply, "mode", &n))
    self->camera_mode = n;
}

/**
 * _sc_madv_camera_apply_settings:
 * @self: the camera
 * @reply: (nullable): the 4364 reply
 *
 * Keeps the settings (for the options) and the battery level.
 */
void
_sc_madv_camera_apply_settings (ScMadvCamera *self,
                                JsonObject   *reply)
{
  gint64 n;

  if (reply == NULL)
    return;

  g_clear_pointer (&self->settings, json_object_unref);
  self->settings = json_object_ref (reply);

  if (_sc_madv_reply_get_int (reply, "battery", &n))
    self->battery_code = n;
}

/* ------------------------------------------------------------------ */
/* Notifications                                                       */

/**
 * _sc_madv_camera_note_file:
 * @self: the camera
 * @rtos_or_path: the path a notification gave
 * @type: image or video
 * @out_file: (out) (optional) (transfer full): the file
 *
 * Records a new file on the camera and emits #ScCamera::file-added.
 */
void
_sc_madv_camera_note_file (ScMadvCamera      *self,
                           const char        *rtos_or_path,
                           ScCameraFileType   type,
                           ScCameraFile     **out_file)
{
  g_autofree char *path = _sc_madv_path_from_rtos (rtos_or_path);
  g_autoptr(ScCameraFile) file = NULL;

  if (out_file != NULL)
    *out_file = NULL;

  if (path == NULL)
    {
      g_debug ("Ignoring a new file outside DCIM: %s", rtos_or_path);
      return;
    }

  file = _sc_madv_camera_file_new (self, path, 0);
  if (file == NULL)
    return;

  _sc_camera_set_string (&self->latest_file_uri, sc_camera_file_get_uri (file));
  _sc_camera_emit_file_added (SC_CAMERA (self), file);

  if (out_file != NULL)
    *out_file = g_steal_pointer (&file);
}

static void
on_storage_refreshed_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(ScMadvCamera) self = user_data;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = sc_madv_client_request_finish (SC_MADV_CLIENT (object), result, &error);
  if (reply == NULL)
    {
      g_debug ("Storage state: %s", error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->have_storage = FALSE;
      self->sd_missing = TRUE;
      _sc_madv_camera_set_message (self, error->message);
    }
  else
    {
      self->sd_missing = FALSE;
      if (self->message != NULL && !self->overheated)
        _sc_madv_camera_set_message (self, NULL);
      _sc_madv_camera_apply_storage (self, reply);
    }

  _sc_madv_camera_update_state (self, TRUE);
}

/**
 * _sc_madv_camera_refresh_storage:
 * @self: the camera
 *
 * Asks for the storage state (in the background) and updates the state.
 */
void
_sc_madv_camera_refresh_storage (ScMadvCamera *self)
{
  if (self->client == NULL)
    return;

  sc_madv_client_request_async (self->client, SC_MADV_MSG_GET_STORAGE_STATE, NULL, 0,
                                self->cancellable, on_storage_refreshed_cb, g_object_ref (self));
}

/**
 * _sc_madv_camera_on_notification_cb:
 * @client: the camera's client
 * @message: the notification
 * @self: the camera
 *
 * The client's #ScMadvClient::notification handler: turns the
 * camera's notifications into state changes and new files.
 */
void
_sc_madv_camera_on_notification_cb (ScMadvClient *client,
                                    JsonObject   *message,
                                    ScMadvCamera *self)
{
  gint64 msg_id = -1;
  gint64 param = 0;
  gboolean has_param;
  const char *param_string = _sc_madv_reply_get_string (message, "param");

  if (!_sc_madv_reply_get_int (message, "msg_id", &msg_id))
    return;

  has_param = _sc_madv_reply_get_int (message, "param", &param);
  g_debug ("Notification %" G_GINT64_FORMAT, msg_id);

  switch (msg_id)
    {
    case SC_MADV_MSG_CAMERA_STATE:
      if (!has_param)
        break;
      self->work_state = param;
      if (param == 2)
        {
          g_autoptr(GError) error =
            g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE,
                                 _("The camera is in USB storage mode. Unplug its USB cable, "
                                   "then connect to it again."));

          _sc_madv_camera_set_message (self, error->message);
          _sc_madv_camera_update_state (self, TRUE);
          _sc_madv_camera_disconnect_with (self, error);
          return;
        }
      break;

    case SC_MADV_MSG_BATTERY:
      if (has_param)
        self->battery_code = param;
      break;

    case SC_MADV_MSG_SD_MOUNTED:
    case SC_MADV_MSG_SD_FULL:
      if (msg_id == SC_MADV_MSG_SD_FULL && has_param)
        self->sd_full = param;
      if (msg_id == SC_MADV_MSG_SD_MOUNTED && has_param && param == 0)
        {
          self->sd_missing = TRUE;
          self->have_storage = FALSE;
          _sc_madv_camera_set_message (self, _("The camera has no memory card. Insert one to take pictures."));
          break;
        }
      _sc_madv_camera_refresh_storage (self);
      break;

    case SC_MADV_MSG_SD_SLOW:
      _sc_madv_camera_set_message (self, _("The memory card is too slow and the recording stopped. "
                                           "Use a faster card."));
      self->work_state = 0;
      break;

    case SC_MADV_MSG_SET_CAMERA_MODE:
      if (has_param)
        self->camera_mode = param;
      break;

    case SC_MADV_MSG_RECORD_START:
    case 4620:
    case 4623:
    case 5028:
      self->work_state = 3;
      self->camera_mode = 0;
      break;

    case SC_MADV_MSG_RECORD_STOP:
      self->work_state = 0;
      break;

    case SC_MADV_MSG_SHOOT_PHOTO:
    case 4868:
    case 5025:
    case 5027:
    case 5029:
      self->work_state = msg_id == 4868 ? 7 : 6;
      break;

    case SC_MADV_MSG_SAVE_PHOTO_DONE:
    case SC_MADV_MSG_SAVE_VIDEO_DONE:
    case SC_MADV_MSG_SPLIT_DONE:
      {
        ScCameraFileType type = msg_id == SC_MADV_MSG_SAVE_PHOTO_DONE ? SC_CAMERA_FILE_TYPE_IMAGE
                                                                      : SC_CAMERA_FILE_TYPE_VIDEO;
        g_autoptr(ScCameraFile) file = NULL;

        _sc_madv_camera_apply_storage (self, message);
        if (msg_id != SC_MADV_MSG_SPLIT_DONE)
          self->work_state = 0;
        _sc_madv_camera_note_file (self, param_string, type, &file);
        _sc_madv_camera_file_saved (self, msg_id, file);
      }
      break;

    case SC_MADV_MSG_OVERHEAT:
      self->overheated = TRUE;
      _sc_madv_camera_set_message (self, _("The camera is too hot. Switch it off and let it cool down."));
      break;

    case SC_MADV_MSG_POWERING_OFF:
      {
        g_autoptr(GError) error =
          g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE,
                               _("The camera switched itself off. Switch it on, "
                                 "then connect to it again."));

        _sc_madv_camera_disconnect_with (self, error);
        return;
      }

    case SC_MADV_MSG_NOTIFICATION:
      {
        /* Yi-style events (MADV-PROTOCOL.md §1.8, L): handled if they come. */
        const char *type = _sc_madv_reply_get_string (message, "type");

        if (g_strcmp0 (type, "photo_taken") == 0)
          _sc_madv_camera_note_file (self, param_string, SC_CAMERA_FILE_TYPE_IMAGE, NULL);
        else if (g_strcmp0 (type, "video_record_complete") == 0)
          _sc_madv_camera_note_file (self, param_string, SC_CAMERA_FILE_TYPE_VIDEO, NULL);
        else
          return;
      }
      break;

    default:
      return;
    }

  _sc_madv_camera_update_state (self, TRUE);
}

/* ------------------------------------------------------------------ */
/* refresh_state                                                       */

static void
on_refresh_chain_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *results;
  JsonObject *storage;

  results = _sc_madv_camera_chain_finish (self, result, &error);
  if (results == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _sc_madv_camera_apply_modes (self, g_ptr_array_index (results, 0));
  _sc_madv_camera_apply_settings (self, g_ptr_array_index (results, 1));
  storage = g_ptr_array_index (results, 2);
  if (storage != NULL)
    {
      self->sd_missing = FALSE;
      _sc_madv_camera_apply_storage (self, storage);
    }
  _sc_madv_results_free (results);

  _sc_madv_camera_update_state (self, TRUE);
  g_task_return_pointer (task, g_variant_ref (self->state), (GDestroyNotify)g_variant_unref);
}

/**
 * _sc_madv_camera_refresh_state_async:
 * @camera: the camera
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure
 *
 * The refresh_state vfunc: modes, settings and storage.
 */
void
_sc_madv_camera_refresh_state_async (ScCamera            *camera,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  GArray *steps;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _sc_madv_camera_refresh_state_async);

  if (!_sc_madv_camera_check_connected (self, task))
    return;

  steps = _sc_madv_steps_new ();
  _sc_madv_steps_add (steps, SC_MADV_MSG_GET_ALL_MODES, NULL, 0, FALSE);
  _sc_madv_steps_add (steps, SC_MADV_MSG_GET_ALL_SETTINGS, NULL, 0, FALSE);
  _sc_madv_steps_add (steps, SC_MADV_MSG_GET_STORAGE_STATE, NULL, 0, TRUE);
  _sc_madv_camera_chain_async (self, steps, cancellable, on_refresh_chain_cb, g_steal_pointer (&task));
}

/**
 * _sc_madv_camera_refresh_state_finish:
 * @camera: the camera
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the state
 */
GVariant *
_sc_madv_camera_refresh_state_finish (ScCamera      *camera,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
