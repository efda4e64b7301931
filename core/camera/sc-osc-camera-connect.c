/* sc-osc-camera-connect.c: connecting, API level 1 sessions, disconnecting
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-osc-camera"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-camera-private.h"
#include "sc-osc-camera-private.h"

/* startSession and the switch to level 2 */
#define CONNECT_COMMAND_S 30

/* ------------------------------------------------------------------ */
/* Level-1 sessions                                                    */

static void
on_session_updated_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (object);
  g_autoptr(JsonObject) results = NULL;
  g_autoptr(GError) error = NULL;
  const char *session_id;

  results = _sc_osc_camera_execute_finish (self, result, &error);
  if (results == NULL)
    {
      g_debug ("Could not keep the session alive: %s", error->message);
      return;
    }

  session_id = _sc_json_get_string (results, "sessionId");
  if (session_id != NULL && self->session_id != NULL)
    _sc_osc_camera_set_session_id (self, session_id);
}

static gboolean
on_session_update_cb (gpointer user_data)
{
  ScOscCamera *self = user_data;
  JsonObject *parameters;

  if (self->session_id == NULL || !self->is_connected)
    {
      self->session_update_id = 0;
      return G_SOURCE_REMOVE;
    }

  parameters = json_object_new ();
  json_object_set_string_member (parameters, "sessionId", self->session_id);
  _sc_osc_camera_execute_async (self, "camera.updateSession", parameters,
                                SC_OSC_EXECUTE_NO_SESSION, self->timeout_ms / 1000 + 1,
                                self->cancellable, on_session_updated_cb, NULL);
  json_object_unref (parameters);

  return G_SOURCE_CONTINUE;
}

static void
start_session_updates (ScOscCamera *self)
{
  guint interval_s;

  g_clear_handle_id (&self->session_update_id, g_source_remove);
  if (self->session_id == NULL)
    return;

  /* Renew well before the camera's timeout (180 s on THETA). */
  interval_s = self->session_timeout_s > 0 ? self->session_timeout_s : 180;
  interval_s = MAX (interval_s * 2 / 3, 5);
  {
    GSource *source = g_timeout_source_new_seconds (interval_s);

    g_source_set_callback (source, on_session_update_cb, self, NULL);
    g_source_set_static_name (source, "[sc-osc-camera] session update");
    self->session_update_id = g_source_attach (source, self->context);
    g_source_unref (source);
  }
}

static void
on_session_closed_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (stream == NULL)
    g_debug ("Could not close the session: %s", error->message);
}

/**
 * _sc_osc_camera_close_session:
 * @self: the camera
 *
 * Sends camera.closeSession for a level-1 session, fire and forget,
 * detached from the camera's cancellable so that it survives the
 * disconnect (or dispose) that sends it.
 */
void
_sc_osc_camera_close_session (ScOscCamera *self)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object, *parameters;

  if (self->session_id == NULL)
    return;

  object = json_object_new ();
  parameters = json_object_new ();
  json_object_set_string_member (parameters, "sessionId", self->session_id);
  json_object_set_string_member (object, "name", "camera.closeSession");
  json_object_set_object_member (object, "parameters", parameters);
  body = _sc_json_node_take_object (object);

  message = _sc_osc_camera_new_message (self, "POST", "/osc/commands/execute", body);
  if (message != NULL)
    soup_session_send_async (self->session, message, G_PRIORITY_DEFAULT, NULL,
                             on_session_closed_cb, NULL);

  _sc_osc_camera_set_session_id (self, NULL);
}

/* ------------------------------------------------------------------ */
/* Connecting                                                          */

typedef struct
{
  gboolean has_level1;
  gboolean has_level2;
} ConnectData;

static void
connect_fail (GTask  *task,
              GError *error)
{
  ScOscCamera *self = g_task_get_source_object (task);

  g_debug ("Connecting to %s failed: %s", self->uri, error->message);
  _sc_osc_camera_close_session (self);
  g_clear_handle_id (&self->session_update_id, g_source_remove);
  _sc_osc_camera_set_api_level (self, 0);
  g_task_return_error (task, error);
}

static void
on_connect_space_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (object);
  g_autoptr(GTask) task = user_data;

  g_task_propagate_boolean (G_TASK (result), NULL);

  if (g_task_return_error_if_cancelled (task))
    {
      _sc_osc_camera_close_session (self);
      _sc_osc_camera_set_api_level (self, 0);
      return;
    }

  self->failures = 0;
  _sc_osc_camera_set_connected (self, TRUE);
  start_session_updates (self);
  _sc_osc_camera_watch_schedule (self, SC_OSC_WATCH_INTERVAL_MS);

  g_debug ("Connected to %s (%s), API level %u%s", self->uri,
           self->model != NULL ? self->model : "unknown model", self->api_level,
           self->session_id != NULL ? " with a session" : "");
  g_task_return_boolean (task, TRUE);

  /* From now on the camera follows the user's location, if allowed
   * (gpsInfo, sc-osc-camera-options.c). */
  _sc_osc_camera_location_start (self);
}

static void
on_connect_state_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScOscCamera *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) reply = NULL;
  GError *error = NULL;

  reply = _sc_osc_camera_request_finish (self, result, &error);
  if (reply == NULL)
    {
      connect_fail (task, error);
      return;
    }

  /* The baseline: files that exist already are not "added". */
  g_variant_unref (_sc_osc_camera_apply_state (self, reply, FALSE));

  _sc_osc_camera_fetch_space_async (self, g_task_get_cancellable (task), on_connect_space_cb,
                                    g_object_ref (task));
}

/* Takes @task. */
static void
connect_read_state (GTask *task)
{
  ScOscCamera *self = g_task_get_source_object (task);

  _sc_osc_camera_request_async (self, "POST", "/osc/state", NULL, g_task_get_cancellable (task),
                                on_connect_state_cb, task);
}

static void
on_connect_switched_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) results = NULL;
  g_autoptr(GError) error = NULL;

  results = _sc_osc_camera_execute_finish (self, result, &error);
  if (results == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          connect_fail (task, g_steal_pointer (&error));
          return;
        }

      /* Level 1 it stays: keep the session and send it with every command. */
      g_debug ("The camera did not switch to API level 2 (%s); keeping the session",
               error->message);
      _sc_osc_camera_set_api_level (self, 1);
    }
  else
    {
      /* After the switch, level-2 commands take no session. */
      g_debug ("Switched the camera to API level 2");
      _sc_osc_camera_set_session_id (self, NULL);
      _sc_osc_camera_set_api_level (self, 2);
    }

  connect_read_state (g_steal_pointer (&task));
}

static void
on_connect_session_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) results = NULL;
  g_autofree char *session_id = NULL;
  JsonObject *parameters, *options;
  GError *error = NULL;
  gint64 timeout_s = 0;

  results = _sc_osc_camera_execute_finish (self, result, &error);
  if (results == NULL)
    {
      connect_fail (task, error);
      return;
    }

  session_id = _sc_osc_clean_string (_sc_json_get_string (results, "sessionId"));
  if (session_id == NULL)
    {
      connect_fail (task, _sc_osc_protocol_error ("startSession without a sessionId"));
      return;
    }
  if (_sc_json_get_int64 (results, "timeout", &timeout_s) && timeout_s > 0)
    self->session_timeout_s = (guint)MIN (timeout_s, 3600);

  _sc_osc_camera_set_session_id (self, session_id);
  _sc_osc_camera_set_api_level (self, 1);

  /* PROTOCOLS.md §1.13: switch to API level 2 right away. */
  parameters = json_object_new ();
  options = json_object_new ();
  json_object_set_int_member (options, "clientVersion", 2);
  json_object_set_object_member (parameters, "options", options);
  _sc_osc_camera_execute_async (self, "camera.setOptions", parameters, SC_OSC_EXECUTE_DEFAULT,
                                CONNECT_COMMAND_S, g_task_get_cancellable (task),
                                on_connect_switched_cb, g_object_ref (task));
  json_object_unref (parameters);
}

static void
on_connect_info_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScOscCamera *self = g_task_get_source_object (task);
  ConnectData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) info = NULL;
  GError *error = NULL;

  info = _sc_osc_camera_request_finish (self, result, &error);
  if (info == NULL)
    {
      connect_fail (task, error);
      return;
    }

  _sc_osc_camera_apply_info (self, info, &data->has_level1, &data->has_level2);

  if (data->has_level2)
    {
      _sc_osc_camera_set_api_level (self, 2);
      connect_read_state (g_steal_pointer (&task));
      return;
    }

  _sc_osc_camera_execute_async (self, "camera.startSession", NULL, SC_OSC_EXECUTE_NO_SESSION,
                                CONNECT_COMMAND_S, g_task_get_cancellable (task),
                                on_connect_session_cb, g_object_ref (task));
}

void
_sc_osc_camera_connect_async (ScCamera            *camera,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (camera);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _sc_osc_camera_connect_async);
  g_task_set_task_data (task, g_new0 (ConnectData, 1), g_free);

  if (self->is_connected)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_debug ("Connecting to %s", self->uri);
  _sc_osc_camera_request_async (self, "GET", "/osc/info", NULL, cancellable,
                                on_connect_info_cb, g_steal_pointer (&task));
}

gboolean
_sc_osc_camera_connect_finish (ScCamera      *camera,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
_sc_osc_camera_disconnect (ScCamera *camera)
{
  ScOscCamera *self = SC_OSC_CAMERA (camera);
  gboolean was_connected = self->is_connected;

  g_debug ("Disconnecting from %s", self->uri);

  g_clear_handle_id (&self->watch_id, g_source_remove);
  g_clear_handle_id (&self->session_update_id, g_source_remove);

  /* Everything in flight stops, the live preview and downloads included;
   * later operations get a fresh cancellable. */
  soup_session_abort (self->session);
  _sc_osc_camera_close_session (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  _sc_osc_camera_queue_cancel_all (self);

  self->watch_in_flight = FALSE;
  self->failures = 0;
  _sc_osc_camera_set_api_level (self, 0);
  _sc_osc_camera_set_connected (self, FALSE);

  if (was_connected)
    _sc_camera_emit_disconnected (camera, NULL);
}

