/* sc-osc-camera.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-osc-camera"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-camera-private.h"
#include "sc-osc-camera-private.h"

/**
 * ScOscCamera:
 *
 * An Open Spherical Camera (OSC API level 2, and level 1 cameras switched
 * to level 2) reached over HTTP: RICOH THETA and cameras speaking the same
 * Web API. Everything runs on the creator's main context with libsoup's
 * async API; commands are sent one at a time. While connected, the camera
 * is watched with `/osc/checkForUpdates`: state changes update
 * #ScCamera:state and a new `_latestFileUrl` emits #ScCamera::file-added.
 *
 * The camera is an untrusted peer: replies are size-capped, parsed
 * defensively, and URLs it sends are only ever fetched from its own host.
 */

static void camera_iface_init (ScCameraInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScOscCamera, sc_osc_camera, G_TYPE_OBJECT,
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
  PROP_USERNAME,
  PROP_PASSWORD,
  PROP_TIMEOUT,
  PROP_API_LEVEL,
  PROP_SESSION_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
notify (ScOscCamera *self,
        guint        prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/**
 * _sc_osc_camera_set_connected:
 * @self: the camera
 * @connected: whether it is
 *
 * Sets #ScCamera:is-connected, notifying on change.
 */
void
_sc_osc_camera_set_connected (ScOscCamera *self,
                              gboolean     connected)
{
  if (self->is_connected == connected)
    return;

  self->is_connected = connected;

  /* However the connection ended, the camera stops following the
   * user's location (connecting starts it again). */
  if (!connected)
    _sc_osc_camera_location_stop (self);

  notify (self, PROP_IS_CONNECTED);
}

/**
 * _sc_osc_camera_notify_state:
 * @self: the camera
 *
 * Notifies #ScCamera:state after it was replaced.
 */
void
_sc_osc_camera_notify_state (ScOscCamera *self)
{
  notify (self, PROP_STATE);
}

/**
 * _sc_osc_camera_set_api_level:
 * @self: the camera
 * @level: the API level in use, 0 when disconnected
 */
void
_sc_osc_camera_set_api_level (ScOscCamera *self,
                              guint        level)
{
  if (self->api_level == level)
    return;

  self->api_level = level;
  notify (self, PROP_API_LEVEL);
}

/**
 * _sc_osc_camera_set_session_id:
 * @self: the camera
 * @session_id: (nullable): the level-1 session, or %NULL
 */
void
_sc_osc_camera_set_session_id (ScOscCamera *self,
                               const char  *session_id)
{
  if (_sc_camera_set_string (&self->session_id, session_id))
    notify (self, PROP_SESSION_ID);
}

/**
 * _sc_osc_camera_check_connected:
 * @self: the camera
 * @task: the operation about to start
 *
 * Returns: %TRUE when connected; otherwise returns @task with
 *   %SC_CAMERA_ERROR_NOT_CONNECTED and %FALSE
 */
gboolean
_sc_osc_camera_check_connected (ScOscCamera *self,
                                GTask       *task)
{
  if (self->is_connected)
    return TRUE;

  g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                           _("The camera is not connected. Connect to it first."));
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* /osc/info                                                           */

static gboolean
parse_api_levels (JsonObject *info,
                  gboolean   *has_level1,
                  gboolean   *has_level2,
                  GArray     *levels)
{
  JsonNode *node = json_object_get_member (info, "apiLevel");
  gint64 level;

  *has_level1 = *has_level2 = FALSE;

  /* Missing means level 1 only (OSC); some cameras send a bare number. */
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *has_level1 = TRUE;
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array) && i < 16; i++)
        if (_sc_json_node_get_int64 (json_array_get_element (array, i), &level))
          {
            gint32 l = (gint32)CLAMP (level, G_MININT32, G_MAXINT32);

            g_array_append_val (levels, l);
            *has_level1 |= level == 1;
            *has_level2 |= level == 2;
          }
    }
  else if (_sc_json_node_get_int64 (node, &level))
    {
      gint32 l = (gint32)CLAMP (level, G_MININT32, G_MAXINT32);

      g_array_append_val (levels, l);
      *has_level1 |= level == 1;
      *has_level2 |= level == 2;
    }

  if (!*has_level1 && !*has_level2)
    *has_level1 = TRUE;
  if (levels->len == 0)
    {
      gint32 l = 1;
      g_array_append_val (levels, l);
    }

  return TRUE;
}

static GVariant *
info_to_variant (JsonObject *info,
                 GArray     *levels)
{
  static const char * const strings[] = {
    "manufacturer", "model", "serialNumber", "firmwareVersion", "supportUrl", "cameraId",
  };
  GVariantDict dict;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  JsonObject *endpoints;
  gboolean b;
  gint64 n;

  g_variant_dict_init (&dict, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      g_autofree char *value = _sc_osc_clean_string (_sc_json_get_string (info, strings[i]));

      if (value != NULL)
        g_variant_dict_insert (&dict, strings[i], "s", value);
    }

  if (_sc_json_get_boolean (info, "gps", &b))
    g_variant_dict_insert (&dict, "gps", "b", b);
  if (_sc_json_get_boolean (info, "gyro", &b))
    g_variant_dict_insert (&dict, "gyro", "b", b);
  if (_sc_json_get_int64 (info, "uptime", &n))
    g_variant_dict_insert (&dict, "uptime", "x", n);

  g_variant_dict_insert_value (&dict, "apiLevel",
                               g_variant_new_fixed_array (G_VARIANT_TYPE_INT32, levels->data,
                                                          levels->len, sizeof (gint32)));

  endpoints = _sc_json_get_object (info, "endpoints");
  if (endpoints != NULL)
    {
      GVariantDict ports;

      g_variant_dict_init (&ports, NULL);
      json_object_iter_init (&iter, endpoints);
      while (json_object_iter_next (&iter, &name, &member))
        if (_sc_json_node_get_int64 (member, &n) && n >= 0 && n <= 65535)
          g_variant_dict_insert (&ports, name, "i", (gint32)n);
      g_variant_dict_insert_value (&dict, "endpoints", g_variant_dict_end (&ports));
    }

  /* Everything else as sent; THETA's "_wlanMacAddress" becomes
   * "wlanMacAddress". */
  json_object_iter_init (&iter, info);
  while (json_object_iter_next (&iter, &name, &member))
    {
      const char *key = name[0] == '_' ? name + 1 : name;
      GVariant *value;

      if (*key == '\0' || g_variant_dict_contains (&dict, key))
        continue;

      value = _sc_json_to_variant (member);
      if (value != NULL)
        g_variant_dict_insert_value (&dict, key, value);
    }

  return g_variant_ref_sink (g_variant_dict_end (&dict));
}

static void
apply_info (ScOscCamera *self,
            JsonObject  *info,
            GVariant    *variant)
{
  g_autofree char *model = _sc_osc_clean_string (_sc_json_get_string (info, "model"));
  g_autofree char *manufacturer = _sc_osc_clean_string (_sc_json_get_string (info, "manufacturer"));
  g_autofree char *serial = _sc_osc_clean_string (_sc_json_get_string (info, "serialNumber"));
  g_autofree char *firmware = _sc_osc_clean_string (_sc_json_get_string (info, "firmwareVersion"));

  g_object_freeze_notify (G_OBJECT (self));

  g_clear_pointer (&self->info, g_variant_unref);
  self->info = g_variant_ref (variant);

  if (_sc_camera_set_string (&self->model, model))
    notify (self, PROP_MODEL);
  if (_sc_camera_set_string (&self->manufacturer, manufacturer))
    notify (self, PROP_MANUFACTURER);
  if (_sc_camera_set_string (&self->serial_number, serial))
    notify (self, PROP_SERIAL_NUMBER);
  if (_sc_camera_set_string (&self->firmware_version, firmware))
    notify (self, PROP_FIRMWARE_VERSION);

  if (serial != NULL)
    {
      g_autofree char *id = g_strconcat ("osc:", serial, NULL);

      if (_sc_camera_set_string (&self->id, id))
        notify (self, PROP_ID);
    }

  if (!self->display_name_set)
    {
      const char *name = model != NULL ? model : manufacturer;

      if (name != NULL && _sc_camera_set_string (&self->display_name, name))
        notify (self, PROP_DISPLAY_NAME);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static GVariant *
sc_osc_camera_get_info (ScCamera *camera)
{
  ScOscCamera *self = SC_OSC_CAMERA (camera);

  if (self->info == NULL)
    return g_variant_ref_sink (g_variant_new ("a{sv}", NULL));

  return g_variant_ref (self->info);
}

/**
 * _sc_osc_camera_apply_info:
 * @self: the camera
 * @info: the /osc/info reply
 * @has_level1: (out): whether the camera offers API level 1
 * @has_level2: (out): whether it offers level 2
 *
 * Fills #ScCamera:model and the other facts, #ScCamera:id and
 * sc_camera_get_info().
 */
void
_sc_osc_camera_apply_info (ScOscCamera *self,
                           JsonObject  *info,
                           gboolean    *has_level1,
                           gboolean    *has_level2)
{
  g_autoptr(GArray) levels = g_array_new (FALSE, FALSE, sizeof (gint32));
  g_autoptr(GVariant) variant = NULL;

  parse_api_levels (info, has_level1, has_level2, levels);
  variant = info_to_variant (info, levels);
  apply_info (self, info, variant);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
sc_osc_camera_constructed (GObject *object)
{
  ScOscCamera *self = (ScOscCamera *)object;
  g_autoptr(GUri) parsed = NULL;

  G_OBJECT_CLASS (sc_osc_camera_parent_class)->constructed (object);

  parsed = g_uri_parse (self->uri != NULL ? self->uri : "", G_URI_FLAGS_ENCODED, NULL);
  if (parsed == NULL)
    parsed = g_uri_parse ("http://192.168.1.1", G_URI_FLAGS_ENCODED, NULL);

  /* Only scheme, host and port count; paths come from the protocol. */
  self->base_uri = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (parsed),
                                NULL, g_uri_get_host (parsed), g_uri_get_port (parsed),
                                "/", NULL, NULL);

  if (self->id == NULL)
    self->id = g_strdup (self->uri);
  if (self->display_name == NULL)
    self->display_name = g_strdup (g_uri_get_host (parsed));

  /* One session per camera. The live preview holds a connection for as
   * long as it runs; leave room for commands and the watcher beside it. */
  self->session = soup_session_new_with_options ("max-conns-per-host", 6,
                                                 "max-conns", 12,
                                                 "timeout", 30,
                                                 "idle-timeout", 60,
                                                 NULL);
}

static void
sc_osc_camera_dispose (GObject *object)
{
  ScOscCamera *self = (ScOscCamera *)object;

  g_clear_handle_id (&self->watch_id, g_source_remove);
  g_clear_handle_id (&self->session_update_id, g_source_remove);
  if (self->session != NULL)
    {
      soup_session_abort (self->session);
      _sc_osc_camera_close_session (self);
    }
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  _sc_osc_camera_queue_cancel_all (self);
  _sc_osc_camera_location_stop (self);
  self->is_connected = FALSE;

  G_OBJECT_CLASS (sc_osc_camera_parent_class)->dispose (object);
}

static void
sc_osc_camera_finalize (GObject *object)
{
  ScOscCamera *self = (ScOscCamera *)object;

  g_assert (g_queue_is_empty (&self->queue));

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_clear_pointer (&self->username, g_free);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->manufacturer, g_free);
  g_clear_pointer (&self->serial_number, g_free);
  g_clear_pointer (&self->firmware_version, g_free);
  g_clear_pointer (&self->info, g_variant_unref);
  g_clear_pointer (&self->state, g_variant_unref);
  g_clear_pointer (&self->session_id, g_free);
  g_clear_pointer (&self->fingerprint, g_free);
  g_clear_pointer (&self->latest_file_url, g_free);
  g_clear_pointer (&self->supports, g_hash_table_unref);

  G_OBJECT_CLASS (sc_osc_camera_parent_class)->finalize (object);
}

static void
sc_osc_camera_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ScOscCamera *self = SC_OSC_CAMERA (object);

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
      g_value_set_string (value, self->manufacturer);
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

    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout_ms);
      break;

    case PROP_API_LEVEL:
      g_value_set_uint (value, self->api_level);
      break;

    case PROP_SESSION_ID:
      g_value_set_string (value, self->session_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_osc_camera_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  ScOscCamera *self = SC_OSC_CAMERA (object);

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

    case PROP_USERNAME:
      self->username = g_value_dup_string (value);
      break;

    case PROP_PASSWORD:
      self->password = g_value_dup_string (value);
      break;

    case PROP_TIMEOUT:
      if (self->timeout_ms != g_value_get_uint (value))
        {
          self->timeout_ms = g_value_get_uint (value);
          notify (self, PROP_TIMEOUT);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_osc_camera_class_init (ScOscCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sc_osc_camera_constructed;
  object_class->dispose = sc_osc_camera_dispose;
  object_class->finalize = sc_osc_camera_finalize;
  object_class->get_property = sc_osc_camera_get_property;
  object_class->set_property = sc_osc_camera_set_property;

  _sc_camera_class_override_properties (object_class, PROP_ID, properties);

  /**
   * ScOscCamera:username:
   *
   * The user name for HTTP Digest authentication (client mode), or %NULL.
   */
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScOscCamera:password:
   *
   * The password that goes with #ScOscCamera:username. Write-only.
   */
  properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScOscCamera:timeout:
   *
   * How long one request may take, in milliseconds, before it fails with
   * %G_IO_ERROR_TIMED_OUT. Commands that keep running on the camera
   * (stitching a picture) have their own, longer limits.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 50, 10 * 60 * 1000, SC_OSC_DEFAULT_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScOscCamera:api-level:
   *
   * The OSC API level in use: 2, or 1 when a level-1 camera could not be
   * switched; 0 while not connected.
   */
  properties[PROP_API_LEVEL] =
    g_param_spec_uint ("api-level", NULL, NULL, 0, 2, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScOscCamera:session-id:
   *
   * The level-1 session sent with every command, or %NULL when none is
   * needed.
   */
  properties[PROP_SESSION_ID] =
    g_param_spec_string ("session-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_property (object_class, PROP_USERNAME, properties[PROP_USERNAME]);
  g_object_class_install_property (object_class, PROP_PASSWORD, properties[PROP_PASSWORD]);
  g_object_class_install_property (object_class, PROP_TIMEOUT, properties[PROP_TIMEOUT]);
  g_object_class_install_property (object_class, PROP_API_LEVEL, properties[PROP_API_LEVEL]);
  g_object_class_install_property (object_class, PROP_SESSION_ID, properties[PROP_SESSION_ID]);
}

static void
sc_osc_camera_init (ScOscCamera *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->timeout_ms = SC_OSC_DEFAULT_TIMEOUT_MS;
  g_queue_init (&self->queue);
  self->supports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)json_node_unref);
}

static void
camera_iface_init (ScCameraInterface *iface)
{
  iface->connect_async = _sc_osc_camera_connect_async;
  iface->connect_finish = _sc_osc_camera_connect_finish;
  iface->disconnect = _sc_osc_camera_disconnect;
  iface->get_info = sc_osc_camera_get_info;
  iface->refresh_state_async = _sc_osc_camera_refresh_state_async;
  iface->refresh_state_finish = _sc_osc_camera_refresh_state_finish;
  iface->get_options_async = _sc_osc_camera_get_options_async;
  iface->get_options_finish = _sc_osc_camera_get_options_finish;
  iface->set_options_async = _sc_osc_camera_set_options_async;
  iface->set_options_finish = _sc_osc_camera_set_options_finish;

  _sc_osc_camera_commands_iface_init (iface);
}

/**
 * _sc_osc_camera_new:
 * @uri: the camera's address, e.g. "http://192.168.1.1"
 * @username: (nullable): Digest user name
 * @password: (nullable): Digest password
 *
 * Use sc_camera_new_for_uri() instead.
 *
 * Returns: (transfer full): a new camera, not connected
 */
ScOscCamera *
_sc_osc_camera_new (const char *uri,
                    const char *username,
                    const char *password)
{
  return g_object_new (SC_TYPE_OSC_CAMERA,
                       "uri", uri,
                       "username", username,
                       "password", password,
                       NULL);
}
