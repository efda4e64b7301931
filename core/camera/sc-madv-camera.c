/* sc-madv-camera.c: the object, its properties and identity, and the
 * live preview address
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-madv-camera"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-camera-private.h"
#include "sc-madv-camera-private.h"

/**
 * ScMadvCamera:
 *
 * The Xiaomi Mi Sphere (made by MADV) and cameras speaking the same
 * Ambarella JSON protocol (MADV-PROTOCOL.md), reached at an address like
 * `madv://192.168.42.1` (`madv://HOST[:PORT][?data=PORT&http=PORT&rtsp=PORT]`,
 * defaults 7878, 8787, 50422 and 554).
 *
 * The wire is ScMadvClient's; this object runs the session the vendor app
 * runs on connect (serial, Wi-Fi settings, client address, clock, device
 * info, mode and storage), turns the camera's notifications into
 * #ScCamera:state changes and #ScCamera::file-added, maps the settings
 * table onto the option names the OSC backend uses, and pushes the user's
 * location (4917) while the location permission allows it. The work is
 * split by concern across sc-madv-camera*.c (see sc-madv-camera-private.h).
 */

static void camera_iface_init (ScCameraInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScMadvCamera, sc_madv_camera, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SC_TYPE_CAMERA, camera_iface_init))

enum {
  PROP_0,
  /* ScCamera's, in _sc_camera_class_override_properties() order */
  PROP_ID,
  PROP_DISPLAY_NAME,
  PROP_URI,
  PROP_IS_CONNECTED,
  PROP_MODEL,
  PROP_MANUFACTURER,
  PROP_SERIAL_NUMBER,
  PROP_FIRMWARE_VERSION,
  PROP_STATE,
  PROP_TRANSPORT,
  PROP_LUT_MD5,
  PROP_PREVIEW_URI,
  PROP_LUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
notify (ScMadvCamera *self,
        guint         prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/**
 * _sc_madv_protocol_error:
 * @debug_format: what was wrong, for the log
 *
 * Returns: (transfer full): %SC_CAMERA_ERROR_PROTOCOL with a message for
 *   the user; the details go to the debug log only
 */
GError *
_sc_madv_protocol_error (const char *debug_format,
                         ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, debug_format);
  detail = g_strdup_vprintf (debug_format, args);
  va_end (args);

  g_debug ("Protocol error: %s", detail);
  return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
                              _("The camera sent an answer Spherecam does not understand. "
                                "Restart the camera, then connect again."));
}

/**
 * _sc_madv_camera_request:
 * @self: the camera, connected
 * @msg_id: the message
 * @param: (nullable): its "param", or %NULL for none
 * @timeout_ms: 0 for the default
 * @cancellable: (nullable): a #GCancellable
 * @callback: finish with sc_madv_client_request_finish() on the client
 * @user_data: closure
 *
 * Queues one request on the client.
 */
void
_sc_madv_camera_request (ScMadvCamera        *self,
                         guint                msg_id,
                         const char          *param,
                         guint                timeout_ms,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(JsonObject) extra = param != NULL ? sc_madv_client_param (param) : NULL;

  g_return_if_fail (self->client != NULL);

  sc_madv_client_request_async (self->client, msg_id, extra, timeout_ms, cancellable,
                                callback, user_data);
}

/**
 * _sc_madv_camera_check_connected:
 * @self: the camera
 * @task: the operation about to start
 *
 * Returns: %TRUE when connected; otherwise returns @task with
 *   %SC_CAMERA_ERROR_NOT_CONNECTED and %FALSE
 */
gboolean
_sc_madv_camera_check_connected (ScMadvCamera *self,
                                 GTask        *task)
{
  if (self->is_connected && self->client != NULL)
    return TRUE;

  g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                           _("The camera is not connected. Connect to it first."));
  return FALSE;
}

/**
 * _sc_madv_camera_set_connected:
 * @self: the camera
 * @connected: whether it is connected now
 *
 * Sets #ScCamera:is-connected; disconnected stops the GPS pushes.
 */
void
_sc_madv_camera_set_connected (ScMadvCamera *self,
                               gboolean      connected)
{
  if (self->is_connected == connected)
    return;

  self->is_connected = connected;
  if (!connected)
    _sc_madv_camera_location_stop (self);

  notify (self, PROP_IS_CONNECTED);
}

/**
 * _sc_madv_camera_notify_state:
 * @self: the camera
 *
 * Notifies #ScCamera:state after it was replaced.
 */
void
_sc_madv_camera_notify_state (ScMadvCamera *self)
{
  notify (self, PROP_STATE);
}

/**
 * _sc_madv_camera_notify_lut_md5:
 * @self: the camera
 *
 * Notifies #ScMadvCamera:lut-md5 after it was replaced.
 */
void
_sc_madv_camera_notify_lut_md5 (ScMadvCamera *self)
{
  notify (self, PROP_LUT_MD5);
}

/* ------------------------------------------------------------------ */
/* Identity                                                            */

static void
json_object_to_info (JsonObject   *object,
                     GVariantDict *dict)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    {
      g_autofree char *key = NULL;

      if (!JSON_NODE_HOLDS_VALUE (member) || g_str_equal (name, "msg_id") || g_str_equal (name, "rval"))
        continue;

      key = g_strconcat ("_madv_", name, NULL);
      if (json_node_get_value_type (member) == G_TYPE_STRING)
        {
          g_autofree char *text = _sc_madv_clean_string (json_node_get_string (member));

          if (text != NULL)
            g_variant_dict_insert (dict, key, "s", text);
        }
      else if (json_node_get_value_type (member) == G_TYPE_INT64)
        g_variant_dict_insert (dict, key, "x", json_node_get_int (member));
    }
}

/**
 * _sc_madv_camera_apply_identity:
 * @self: the camera
 * @serial_reply: (nullable): 260's serial number
 * @wifi: (nullable): the Wi-Fi settings (KEY=VALUE lines)
 * @settings: (nullable): the 4364 reply
 *
 * Sets the id, name, model, serial number and firmware version, and
 * builds the info.
 */
void
_sc_madv_camera_apply_identity (ScMadvCamera *self,
                                const char   *serial_reply,
                                const char   *wifi,
                                JsonObject   *settings)
{
  g_autofree char *serial = _sc_madv_clean_string (serial_reply != NULL ? serial_reply
                                                               : _sc_madv_reply_get_string (settings, "sn"));
  g_autofree char *model = _sc_madv_clean_string (_sc_madv_reply_get_string (settings, "product"));
  g_autofree char *ver = _sc_madv_clean_string (_sc_madv_reply_get_string (settings, "ver"));
  g_autofree char *firmware = NULL;
  g_autofree char *ssid = NULL;
  GVariantDict dict;

  if (ver != NULL)
    {
      char *semicolon = strchr (ver, ';');

      firmware = semicolon != NULL ? g_strndup (ver, semicolon - ver) : g_strdup (ver);
    }

  if (wifi != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (wifi, "\n", 32);

      for (guint i = 0; lines[i] != NULL; i++)
        if (g_str_has_prefix (lines[i], "AP_SSID="))
          {
            g_clear_pointer (&ssid, g_free);
            ssid = _sc_madv_clean_string (lines[i] + strlen ("AP_SSID="));
          }
      /* The Wi-Fi password stays out of the info and the logs. */
    }

  g_object_freeze_notify (G_OBJECT (self));

  if (model == NULL)
    model = g_strdup ("Mi Sphere");

  if (_sc_camera_set_string (&self->model, model))
    notify (self, PROP_MODEL);
  if (_sc_camera_set_string (&self->serial_number, serial))
    notify (self, PROP_SERIAL_NUMBER);
  if (_sc_camera_set_string (&self->firmware_version, firmware))
    notify (self, PROP_FIRMWARE_VERSION);
  _sc_camera_set_string (&self->wifi_ssid, ssid);

  if (serial != NULL)
    {
      g_autofree char *id = NULL;

      /* As the vendor app keys devices: no ':' or '/' in the serial. */
      g_strdelimit (serial, ":/", '_');
      id = g_strconcat ("madv:", serial, NULL);
      if (_sc_camera_set_string (&self->id, id))
        notify (self, PROP_ID);
    }

  if (!self->display_name_set)
    {
      g_autofree char *name = g_str_has_prefix (model, "MJXJ")
                              ? g_strdup_printf ("Mi Sphere (%s)", model)
                              : g_strdup (model);

      if (_sc_camera_set_string (&self->display_name, name))
        notify (self, PROP_DISPLAY_NAME);
    }

  g_variant_dict_init (&dict, NULL);
  if (settings != NULL)
    json_object_to_info (settings, &dict);
  g_variant_dict_insert (&dict, "manufacturer", "s", "MADV");
  g_variant_dict_insert (&dict, "model", "s", model);
  if (self->serial_number != NULL)
    g_variant_dict_insert (&dict, "serialNumber", "s", self->serial_number);
  if (firmware != NULL)
    g_variant_dict_insert (&dict, "firmwareVersion", "s", firmware);
  if (ssid != NULL)
    g_variant_dict_insert (&dict, "wifiSsid", "s", ssid);
  if (self->lut_md5 != NULL)
    g_variant_dict_insert (&dict, "lutMd5", "s", self->lut_md5);
  g_variant_dict_insert (&dict, "protocol", "s", "madv");
  g_variant_dict_insert (&dict, "gps", "b", TRUE);
  g_variant_dict_insert (&dict, "gyro", "b", TRUE);
  {
    g_autofree char *preview = sc_madv_camera_dup_preview_uri (self);

    g_variant_dict_insert (&dict, "previewUri", "s", preview);
  }

  g_clear_pointer (&self->info, g_variant_unref);
  self->info = g_variant_ref_sink (g_variant_dict_end (&dict));

  g_object_thaw_notify (G_OBJECT (self));
}

static GVariant *
sc_madv_camera_get_info (ScCamera *camera)
{
  ScMadvCamera *self = SC_MADV_CAMERA (camera);

  if (self->info == NULL)
    return g_variant_ref_sink (g_variant_new ("a{sv}", NULL));

  return g_variant_ref (self->info);
}

/* ------------------------------------------------------------------ */
/* Live preview                                                        */

/**
 * sc_madv_camera_dup_preview_uri:
 * @self: the camera
 *
 * Returns: (transfer full): the RTSP address of the live preview,
 *   `rtsp://HOST:PORT/live`
 */
char *
sc_madv_camera_dup_preview_uri (ScMadvCamera *self)
{
  g_autofree char *host = NULL;

  g_return_val_if_fail (SC_IS_MADV_CAMERA (self), NULL);

  host = strchr (self->host, ':') != NULL ? g_strdup_printf ("[%s]", self->host)
                                          : g_strdup (self->host);
  return g_strdup_printf ("rtsp://%s:%u/live", host, self->rtsp_port);
}

static char *
sc_madv_camera_iface_dup_preview_uri (ScCamera *camera)
{
  return sc_madv_camera_dup_preview_uri (SC_MADV_CAMERA (camera));
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static gboolean
parse_port (const char *text,
            guint16    *port)
{
  guint64 n;

  if (!g_ascii_string_to_unsigned (text, 10, 1, 65535, &n, NULL))
    return FALSE;
  *port = (guint16)n;
  return TRUE;
}

static void
sc_madv_camera_dispose (GObject *object)
{
  ScMadvCamera *self = (ScMadvCamera *)object;

  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      sc_madv_client_close (self->client);
      g_clear_object (&self->client);
    }
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    soup_session_abort (self->session);
  _sc_madv_camera_fail_waiting (self, NULL);
  _sc_madv_camera_location_stop (self);
  self->is_connected = FALSE;

  G_OBJECT_CLASS (sc_madv_camera_parent_class)->dispose (object);
}

static void
sc_madv_camera_finalize (GObject *object)
{
  ScMadvCamera *self = (ScMadvCamera *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->serial_number, g_free);
  g_clear_pointer (&self->firmware_version, g_free);
  g_clear_pointer (&self->pin_directory, g_free);
  g_clear_pointer (&self->lut_md5, g_free);
  g_clear_pointer (&self->lut_directory, g_free);
  g_clear_pointer (&self->lut, sc_madv_lut_unref);
  g_queue_clear (&self->data_port_waiters);   /* each waiter's task holds a reference */
  g_clear_pointer (&self->wifi_ssid, g_free);
  g_clear_pointer (&self->info, g_variant_unref);
  g_clear_pointer (&self->state, g_variant_unref);
  g_clear_pointer (&self->settings, json_object_unref);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->latest_file_uri, g_free);

  G_OBJECT_CLASS (sc_madv_camera_parent_class)->finalize (object);
}

static void
sc_madv_camera_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ScMadvCamera *self = SC_MADV_CAMERA (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;

    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;

    case PROP_IS_CONNECTED:
      g_value_set_boolean (value, self->is_connected);
      break;

    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;

    case PROP_MANUFACTURER:
      g_value_set_string (value, self->model != NULL ? "MADV" : NULL);
      break;

    case PROP_SERIAL_NUMBER:
      g_value_set_string (value, self->serial_number);
      break;

    case PROP_FIRMWARE_VERSION:
      g_value_set_string (value, self->firmware_version);
      break;

    case PROP_STATE:
      _sc_camera_value_set_state (value, self->state);
      break;

    case PROP_TRANSPORT:
      g_value_set_string (value, self->transport == SC_MADV_TRANSPORT_DATA_PORT ? "data-port" : "http");
      break;

    case PROP_LUT_MD5:
      g_value_set_string (value, self->lut_md5);
      break;

    case PROP_PREVIEW_URI:
      g_value_take_string (value, sc_madv_camera_dup_preview_uri (self));
      break;

    case PROP_LUT:
      g_value_set_boxed (value, self->lut);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_madv_camera_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ScMadvCamera *self = SC_MADV_CAMERA (object);

  switch (prop_id)
    {
    case PROP_DISPLAY_NAME:
      self->display_name_set = g_value_get_string (value) != NULL;
      if (_sc_camera_set_string (&self->display_name, g_value_get_string (value)))
        notify (self, PROP_DISPLAY_NAME);
      break;

    case PROP_URI:
      self->uri = g_value_dup_string (value);
      break;

    case PROP_TRANSPORT:
      {
        ScMadvTransport transport = g_strcmp0 (g_value_get_string (value), "data-port") == 0
                                    ? SC_MADV_TRANSPORT_DATA_PORT : SC_MADV_TRANSPORT_HTTP;

        if (self->transport != transport)
          {
            self->transport = transport;
            notify (self, PROP_TRANSPORT);
          }
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_madv_camera_class_init (ScMadvCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_madv_camera_dispose;
  object_class->finalize = sc_madv_camera_finalize;
  object_class->get_property = sc_madv_camera_get_property;
  object_class->set_property = sc_madv_camera_set_property;

  _sc_camera_class_override_properties (object_class, PROP_ID, properties);

  /**
   * ScMadvCamera:transport:
   *
   * How files are downloaded: "http" (the camera's file server, the
   * default) or "data-port" (1285 GET_FILE over the data port).
   */
  properties[PROP_TRANSPORT] =
    g_param_spec_string ("transport", NULL, NULL, "http",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScMadvCamera:lut-md5:
   *
   * The MD5 of the camera's lens LUT file as 261 reported it, or %NULL.
   */
  properties[PROP_LUT_MD5] =
    g_param_spec_string ("lut-md5", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScMadvCamera:preview-uri:
   *
   * The RTSP address of the live preview.
   */
  properties[PROP_PREVIEW_URI] =
    g_param_spec_string ("preview-uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * ScMadvCamera:lut:
   *
   * The camera's own lens LUT (#ScMadvLut), cached per camera and
   * refreshed after connecting when its MD5 changed; %NULL until cached.
   * Notified when it becomes available ("lut ready"), e.g. for the live
   * preview. See sc_madv_camera_dup_lut().
   */
  properties[PROP_LUT] =
    g_param_spec_boxed ("lut", NULL, NULL, SC_TYPE_MADV_LUT,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_property (object_class, PROP_TRANSPORT, properties[PROP_TRANSPORT]);
  g_object_class_install_property (object_class, PROP_LUT, properties[PROP_LUT]);
  g_object_class_install_property (object_class, PROP_LUT_MD5, properties[PROP_LUT_MD5]);
  g_object_class_install_property (object_class, PROP_PREVIEW_URI, properties[PROP_PREVIEW_URI]);
}

static void
sc_madv_camera_init (ScMadvCamera *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->camera_mode = -1;
  self->battery_code = -1;
  self->session = soup_session_new_with_options ("max-conns-per-host", 4,
                                                 "timeout", 30,
                                                 "idle-timeout", 60,
                                                 NULL);
  _sc_madv_camera_https_init (self);
}

static void
camera_iface_init (ScCameraInterface *iface)
{
  iface->connect_async = _sc_madv_camera_connect_async;
  iface->connect_finish = _sc_madv_camera_connect_finish;
  iface->disconnect = _sc_madv_camera_disconnect;
  iface->get_info = sc_madv_camera_get_info;
  iface->refresh_state_async = _sc_madv_camera_refresh_state_async;
  iface->refresh_state_finish = _sc_madv_camera_refresh_state_finish;
  iface->get_options_async = _sc_madv_camera_get_options_async;
  iface->get_options_finish = _sc_madv_camera_get_options_finish;
  iface->set_options_async = _sc_madv_camera_set_options_async;
  iface->set_options_finish = _sc_madv_camera_set_options_finish;
  iface->dup_preview_uri = sc_madv_camera_iface_dup_preview_uri;

  _sc_madv_camera_commands_iface_init (iface);
  _sc_madv_camera_files_iface_init (iface);
}

/**
 * _sc_madv_camera_new:
 * @uri: `madv://HOST[:PORT][?data=PORT&http=PORT&rtsp=PORT&https=PORT]`
 * @error: return location for a #GError
 *
 * Use sc_camera_new_for_uri() instead.
 *
 * Returns: (transfer full): a new camera, not connected, or %NULL with
 *   %G_IO_ERROR_INVALID_ARGUMENT
 */
ScMadvCamera *
_sc_madv_camera_new (const char  *uri,
                     GError     **error)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GHashTable) params = NULL;
  ScMadvCamera *self;
  guint16 command_port = SC_MADV_DEFAULT_COMMAND_PORT;
  guint16 data_port = SC_MADV_DEFAULT_DATA_PORT;
  guint16 http_port = SC_MADV_DEFAULT_HTTP_PORT;
  guint16 rtsp_port = SC_MADV_DEFAULT_RTSP_PORT;
  guint16 https_port = SC_MADV_DEFAULT_HTTPS_PORT;
  const char *host;

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  host = parsed != NULL ? g_uri_get_host (parsed) : NULL;
  if (host == NULL || *host == '\0' || g_uri_get_port (parsed) == 0)
    goto invalid;

  if (g_uri_get_port (parsed) > 0)
    command_port = (guint16)g_uri_get_port (parsed);

  if (g_uri_get_query (parsed) != NULL)
    {
      const char *value;

      params = g_uri_parse_params (g_uri_get_query (parsed), -1, "&", G_URI_PARAMS_NONE, NULL);
      if (params == NULL)
        goto invalid;
      if ((value = g_hash_table_lookup (params, "data")) != NULL && !parse_port (value, &data_port))
        goto invalid;
      if ((value = g_hash_table_lookup (params, "http")) != NULL && !parse_port (value, &http_port))
        goto invalid;
      if ((value = g_hash_table_lookup (params, "rtsp")) != NULL && !parse_port (value, &rtsp_port))
        goto invalid;
      if ((value = g_hash_table_lookup (params, "https")) != NULL && !parse_port (value, &https_port))
        goto invalid;
    }

  self = g_object_new (SC_TYPE_MADV_CAMERA, "uri", uri, NULL);
  self->host = g_strdup (host);
  self->command_port = command_port;
  self->data_port = data_port;
  self->http_port = http_port;
  self->rtsp_port = rtsp_port;
  self->https_port = https_port;
  self->id = g_strdup (uri);
  self->display_name = g_strdup (host);
  return self;

invalid:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a Mi Sphere address. Enter one like madv://192.168.42.1."), uri);
  return NULL;
}
