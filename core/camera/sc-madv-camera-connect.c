/* sc-madv-camera-connect.c: connecting (the vendor app's session), the
 * connection closing, disconnecting
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
/* connect / disconnect                                                */

/**
 * _sc_madv_camera_disconnect_with:
 * @self: the camera
 * @error: (nullable): why
 *
 * Closes the connection the camera ended (or that cannot go on),
 * fails what waits for it and emits #ScCamera::disconnected.
 */
void
_sc_madv_camera_disconnect_with (ScMadvCamera *self,
                                 const GError *error)
{
  g_autoptr(ScMadvCamera) keep = g_object_ref (self);
  g_autoptr(ScMadvClient) client = g_steal_pointer (&self->client);

  if (client != NULL)
    {
      g_signal_handlers_disconnect_by_data (client, self);
      sc_madv_client_close (client);
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  _sc_madv_camera_fail_waiting (self, error);

  if (self->is_connected)
    {
      _sc_madv_camera_set_connected (self, FALSE);
      _sc_camera_emit_disconnected (SC_CAMERA (self), error);
    }
}

static void
on_client_closed_cb (ScMadvClient *client,
                     const GError *error,
                     ScMadvCamera *self)
{
  g_autoptr(GError) local = NULL;

  if (error == NULL)
    error = local = g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE,
                                         _("The camera closed the connection. Check that it "
                                           "is switched on and in range, then connect again."));

  g_debug ("Connection closed: %s", error->message);
  _sc_madv_camera_disconnect_with (self, error);
}

/* The address of our end of a route to the camera (for 261): a UDP
 * socket "connected" to it sends nothing but gets a local address. */
static char *
local_address_for (const char *host,
                   guint16     port)
{
  g_autoptr(GInetAddress) remote = g_inet_address_new_from_string (host);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocket) socket = NULL;

  /* The camera is an IP address; for a name, any route will do. */
  if (remote == NULL)
    remote = g_inet_address_new_from_string ("127.0.0.1");

  socket = g_socket_new (g_inet_address_get_family (remote), G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_UDP, NULL);
  if (socket == NULL)
    return NULL;

  address = g_inet_socket_address_new (remote, port);
  if (!g_socket_connect (socket, address, NULL, NULL))
    return NULL;

  local = g_socket_get_local_address (socket, NULL);
  if (local == NULL || !G_IS_INET_SOCKET_ADDRESS (local))
    return NULL;

  return g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local)));
}

static char *
rtc_sync_param (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  /* YYYY-MM-DD-hh-mm-ss-W, W with Sunday = 1 … Saturday = 7. */
  return g_strdup_printf ("%04d-%02d-%02d-%02d-%02d-%02d-%d",
                          g_date_time_get_year (now), g_date_time_get_month (now),
                          g_date_time_get_day_of_month (now), g_date_time_get_hour (now),
                          g_date_time_get_minute (now), g_date_time_get_second (now),
                          g_date_time_get_day_of_week (now) % 7 + 1);
}

enum {
  CONNECT_SN,
  CONNECT_WIFI,
  CONNECT_CLIENT_INFO,
  CONNECT_RTC,
  CONNECT_SETTINGS,
  CONNECT_MODES,
  CONNECT_STORAGE,
};

static void
on_connect_chain_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  GPtrArray *results;
  g_autoptr(GError) error = NULL;
  JsonObject *reply;

  results = _sc_madv_camera_chain_finish (self, result, &error);
  if (results == NULL)
    {
      g_debug ("Connect sequence failed: %s", error->message);
      if (self->client != NULL)
        {
          g_signal_handlers_disconnect_by_data (self->client, self);
          sc_madv_client_close (self->client);
          g_clear_object (&self->client);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  reply = g_ptr_array_index (results, CONNECT_CLIENT_INFO);
  g_clear_pointer (&self->lut_md5, g_free);
  if (reply != NULL)
    {
      self->lut_md5 = _sc_madv_clean_string (_sc_madv_reply_get_string (reply, "param"));
      _sc_madv_camera_notify_lut_md5 (self);
    }

  _sc_madv_camera_apply_settings (self, g_ptr_array_index (results, CONNECT_SETTINGS));
  _sc_madv_camera_apply_modes (self, g_ptr_array_index (results, CONNECT_MODES));

  reply = g_ptr_array_index (results, CONNECT_STORAGE);
  self->have_storage = FALSE;
  self->sd_missing = reply == NULL;
  if (reply != NULL)
    _sc_madv_camera_apply_storage (self, reply);
  else
    _sc_madv_camera_set_message (self, _("The camera’s memory card cannot be read. Check that a card is inserted."));

  _sc_madv_camera_apply_identity (self,
                                  _sc_madv_reply_get_string (g_ptr_array_index (results, CONNECT_SN), "param"),
                                  _sc_madv_reply_get_string (g_ptr_array_index (results, CONNECT_WIFI), "param"),
                                  self->settings);
  _sc_madv_results_free (results);

  if (self->work_state == 2)
    {
      g_autoptr(GError) storage_error =
        g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                             _("The camera is in USB storage mode. Unplug its USB cable, "
                               "then connect to it again."));

      if (self->client != NULL)
        {
          g_signal_handlers_disconnect_by_data (self->client, self);
          sc_madv_client_close (self->client);
          g_clear_object (&self->client);
        }
      g_task_return_error (task, g_steal_pointer (&storage_error));
      return;
    }

  _sc_madv_camera_update_state (self, FALSE);
  _sc_madv_camera_set_connected (self, TRUE);
  _sc_madv_camera_location_start (self);

  /* The camera's lens LUT, in the background (connecting does not wait). */
  _sc_madv_camera_lut_refresh (self);

  g_debug ("Connected to %s (%s)", self->host, self->id);
  g_task_return_boolean (task, TRUE);
}

static void
on_client_opened_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScMadvCamera *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *local = NULL;
  g_autofree char *rtc = NULL;
  GCancellable *cancellable;
  GArray *steps;
  JsonObject *extra;

  if (!sc_madv_client_open_finish (SC_MADV_CLIENT (object), result, &error))
    {
      if (self->client == SC_MADV_CLIENT (object))
        {
          g_signal_handlers_disconnect_by_data (self->client, self);
          g_clear_object (&self->client);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  local = local_address_for (self->host, self->command_port);
  rtc = rtc_sync_param ();

  steps = _sc_madv_steps_new ();
  _sc_madv_steps_add (steps, SC_MADV_MSG_GET_SN, NULL, 0, FALSE);
  _sc_madv_steps_add (steps, SC_MADV_MSG_GET_WIFI_SETTING, NULL, 0, TRUE);
  extra = sc_madv_client_param (local != NULL ? local : "192.168.42.2");
  json_object_set_string_member (extra, "type", "TCP");
  _sc_madv_steps_add (steps, SC_MADV_MSG_SET_CLIENT_INFO, extra, 0, FALSE);
  _sc_madv_steps_add (steps, SC_MADV_MSG_RTC_SYNC, sc_madv_client_param (rtc), 0, TRUE);
  _sc_madv_steps_add (steps, SC_MADV_MSG_GET_ALL_SETTINGS, NULL, 0, FALSE);
  _sc_madv_steps_add (steps, SC_MADV_MSG_GET_ALL_MODES, NULL, 0, TRUE);
  _sc_madv_steps_add (steps, SC_MADV_MSG_GET_STORAGE_STATE, NULL, 0, TRUE);

  cancellable = g_task_get_cancellable (task);
  _sc_madv_camera_chain_async (self, steps, cancellable, on_connect_chain_cb, g_steal_pointer (&task));
}

/**
 * _sc_madv_camera_connect_async:
 * @camera: the camera
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure
 *
 * The connect vfunc: opens the client, then runs the vendor app's
 * session.
 */
void
_sc_madv_camera_connect_async (ScCamera            *camera,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (camera);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _sc_madv_camera_connect_async);
  self->https_unavailable = FALSE;    /* try HTTPS again on newer firmware */

  if (self->is_connected)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (self->client != NULL)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                               _("Spherecam is already connecting to this camera. Wait a moment."));
      return;
    }

  self->work_state = 0;
  self->camera_mode = -1;
  self->battery_code = -1;
  self->overheated = FALSE;
  g_clear_pointer (&self->message, g_free);

  self->client = sc_madv_client_new (self->host, self->command_port, self->data_port);
  g_signal_connect (self->client, "notification", G_CALLBACK (_sc_madv_camera_on_notification_cb), self);
  g_signal_connect (self->client, "closed", G_CALLBACK (on_client_closed_cb), self);

  sc_madv_client_open_async (self->client, cancellable, on_client_opened_cb,
                             g_steal_pointer (&task));
}

/**
 * _sc_madv_camera_connect_finish:
 * @camera: the camera
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: whether the camera is connected
 */
gboolean
_sc_madv_camera_connect_finish (ScCamera      *camera,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * _sc_madv_camera_disconnect:
 * @camera: the camera
 *
 * The disconnect vfunc.
 */
void
_sc_madv_camera_disconnect (ScCamera *camera)
{
  ScMadvCamera *self = SC_MADV_CAMERA (camera);
  g_autoptr(ScMadvClient) client = g_steal_pointer (&self->client);

  if (client != NULL)
    {
      g_signal_handlers_disconnect_by_data (client, self);
      sc_madv_client_close (client);
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  _sc_madv_camera_fail_waiting (self, NULL);
  _sc_madv_camera_set_connected (self, FALSE);
}
