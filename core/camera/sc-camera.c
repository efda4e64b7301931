/* sc-camera.c
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
#include "sc-osc-camera-private.h"

#include "sc-madv-camera-private.h"

/**
 * ScCamera:
 *
 * The interface every camera backend implements: connecting, state,
 * options, shooting, listing, deleting, downloading and the live preview.
 * Every operation is an async pair whose callback runs in the thread-default
 * main context of the caller; none of them blocks. A camera belongs to the
 * thread that created it: its signals and notifications are emitted there.
 *
 * Create one with sc_camera_new_for_uri(), then sc_camera_connect_async().
 *
 * Every operation that talks to the camera first checks the consent of the
 * default #ScPermissions (sc_permissions_check_consent()) and fails with
 * %SC_PERMISSION_ERROR_CONSENT_REQUIRED, without contacting the camera,
 * until the user has accepted the current user agreement and privacy policy.
 */

G_DEFINE_INTERFACE (ScCamera, sc_camera, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (ScCameraCaptureMode, sc_camera_capture_mode,
  G_DEFINE_ENUM_VALUE (SC_CAMERA_CAPTURE_MODE_VIDEO, "video"),
  G_DEFINE_ENUM_VALUE (SC_CAMERA_CAPTURE_MODE_INTERVAL, "interval"))

enum {
  STATE_CHANGED,
  FILE_ADDED,
  DISCONNECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GQuark id_quark;
static GQuark uri_quark;

static void
sc_camera_default_init (ScCameraInterface *iface)
{
  id_quark = g_quark_from_static_string ("sc-camera-id");
  uri_quark = g_quark_from_static_string ("sc-camera-uri");

  /**
   * ScCamera:id:
   *
   * A stable id for the camera, e.g. "osc:SERIAL" once the serial number
   * is known, the URI before.
   */
  g_object_interface_install_property (iface,
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ScCamera:display-name:
   *
   * What the UI shows, e.g. "RICOH THETA Z1". Backends fill it from the
   * camera's model once connected unless it was set.
   */
  g_object_interface_install_property (iface,
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ScCamera:uri:
   *
   * How to reach the camera, e.g. "http://192.168.1.1".
   */
  g_object_interface_install_property (iface,
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * ScCamera:is-connected:
   *
   * Whether the camera is connected and answering.
   */
  g_object_interface_install_property (iface,
    g_param_spec_boolean ("is-connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ScCamera:model:
   *
   * The camera's model, or %NULL until connected.
   */
  g_object_interface_install_property (iface,
    g_param_spec_string ("model", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ScCamera:manufacturer:
   *
   * The camera's maker, or %NULL until connected.
   */
  g_object_interface_install_property (iface,
    g_param_spec_string ("manufacturer", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ScCamera:serial-number:
   *
   * The camera's serial number, or %NULL until connected.
   */
  g_object_interface_install_property (iface,
    g_param_spec_string ("serial-number", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ScCamera:firmware-version:
   *
   * The camera's firmware version, or %NULL until connected.
   */
  g_object_interface_install_property (iface,
    g_param_spec_string ("firmware-version", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ScCamera:state:
   *
   * The last known state, an `a{sv}` dictionary with whatever the camera
   * reports: "batteryLevel" (d, 0…1), "captureStatus" (s), "recordedTime"
   * and "recordableTime" (d, seconds), "latestFileUri" (s), "storageUri"
   * (s), "batteryState" (s), "cameraError" (as), "fingerprint" (s),
   * "remainingSpace" and "totalSpace" (t, bytes). Empty until connected.
   */
  g_object_interface_install_property (iface,
    g_param_spec_variant ("state", NULL, NULL, G_VARIANT_TYPE_VARDICT, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ScCamera::state-changed:
   * @self: the camera
   *
   * Emitted after #ScCamera:state changed.
   */
  signals[STATE_CHANGED] =
    g_signal_new ("state-changed",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * ScCamera::file-added:
   * @self: the camera
   * @file: the new #ScCameraFile
   *
   * Emitted when the camera saved a new file, whoever asked for it (this
   * app, another client or the camera's own shutter button).
   */
  signals[FILE_ADDED] =
    g_signal_new ("file-added",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SC_TYPE_CAMERA_FILE);

  /**
   * ScCamera::disconnected:
   * @self: the camera
   * @error: (nullable): why the connection was lost, or %NULL when it was
   *   closed with sc_camera_disconnect()
   *
   * Emitted when the camera is no longer connected.
   */
  signals[DISCONNECTED] =
    g_signal_new ("disconnected",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

/* Getters returning a const string keep the value they return alive on
 * the object until it changes. */
static const char *
cached_string_property (ScCamera   *self,
                        const char *property,
                        GQuark      quark)
{
  g_autofree char *value = NULL;
  const char *cached;

  g_object_get (self, property, &value, NULL);
  cached = g_object_get_qdata (G_OBJECT (self), quark);
  if (g_strcmp0 (cached, value) == 0)
    return cached;

  g_object_set_qdata_full (G_OBJECT (self), quark, g_strdup (value), g_free);
  return g_object_get_qdata (G_OBJECT (self), quark);
}

/* Keep in the order documented in sc-camera-private.h. */
static const char * const overridden_props[SC_CAMERA_N_OVERRIDDEN_PROPS] = {
  "id",
  "display-name",
  "uri",
  "is-connected",
  "model",
  "manufacturer",
  "serial-number",
  "firmware-version",
  "state",
};

/**
 * _sc_camera_class_override_properties:
 * @klass: the backend's class, in its class_init
 * @first_prop_id: the backend's id for #ScCamera:id; the other interface
 *   properties follow it in the order listed in sc-camera-private.h
 * @pspecs: the backend's property table, indexed by property id
 *
 * For backends: overrides the #ScCamera interface properties (id,
 * display-name, uri, is-connected, model, manufacturer, serial-number,
 * firmware-version, state) with ids @first_prop_id onwards, and stores the
 * overriding #GParamSpecs in @pspecs at those ids, so the backend can
 * notify them with g_object_notify_by_pspec().
 */
void
_sc_camera_class_override_properties (GObjectClass  *klass,
                                      guint          first_prop_id,
                                      GParamSpec   **pspecs)
{
  g_return_if_fail (G_IS_OBJECT_CLASS (klass));
  g_return_if_fail (first_prop_id > 0);
  g_return_if_fail (pspecs != NULL);

  for (guint i = 0; i < SC_CAMERA_N_OVERRIDDEN_PROPS; i++)
    {
      g_object_class_override_property (klass, first_prop_id + i, overridden_props[i]);
      pspecs[first_prop_id + i] = g_object_class_find_property (klass, overridden_props[i]);
    }
}

/**
 * _sc_camera_value_set_state:
 * @value: the #GValue a backend's get_property() fills for #ScCamera:state
 * @state: (nullable): the backend's state, or %NULL before it has one
 *
 * For backends: sets @value to @state, or to an empty `a{sv}` when the
 * backend has no state yet (the property is never %NULL).
 */
void
_sc_camera_value_set_state (GValue   *value,
                            GVariant *state)
{
  if (state != NULL)
    g_value_set_variant (value, state);
  else
    g_value_take_variant (value, g_variant_ref_sink (g_variant_new ("a{sv}", NULL)));
}

/**
 * _sc_camera_set_string:
 * @field: the string field to replace
 * @value: (nullable): the new value
 *
 * For backends: replaces the string in @field by a copy of @value.
 *
 * Returns: %TRUE when the value changed (the caller notifies)
 */
gboolean
_sc_camera_set_string (char       **field,
                       const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/**
 * _sc_camera_emit_state_changed:
 * @self: a #ScCamera
 *
 * For backends: emits #ScCamera::state-changed.
 */
void
_sc_camera_emit_state_changed (ScCamera *self)
{
  g_signal_emit (self, signals[STATE_CHANGED], 0);
}

/**
 * _sc_camera_emit_file_added:
 * @self: a #ScCamera
 * @file: the new file
 *
 * For backends: emits #ScCamera::file-added.
 */
void
_sc_camera_emit_file_added (ScCamera     *self,
                            ScCameraFile *file)
{
  g_signal_emit (self, signals[FILE_ADDED], 0, file);
}

/**
 * _sc_camera_emit_disconnected:
 * @self: a #ScCamera
 * @error: (nullable): why
 *
 * For backends: emits #ScCamera::disconnected.
 */
void
_sc_camera_emit_disconnected (ScCamera     *self,
                              const GError *error)
{
  g_signal_emit (self, signals[DISCONNECTED], 0, error);
}

/**
 * sc_camera_new_for_uri:
 * @uri: how to reach the camera, e.g. "http://192.168.1.1"
 * @username: (nullable): user name for cameras that ask for one (HTTP
 *   Digest authentication in client mode)
 * @password: (nullable): the password that goes with @username
 * @error: return location for a #GError
 *
 * Creates the backend that speaks to the camera at @uri: an Open Spherical
 * Camera client for `http` and `https`, the Mi Sphere (MADV) client for
 * `madv://HOST[:PORT][?data=PORT&http=PORT&rtsp=PORT]`. Does not block and does not contact
 * the camera; call sc_camera_connect_async() next.
 *
 * Returns: (transfer full): a new #ScCamera, or %NULL with @error set to
 *   %G_IO_ERROR_INVALID_ARGUMENT for a malformed URI or
 *   %G_IO_ERROR_NOT_SUPPORTED for a scheme no backend speaks
 */
ScCamera *
sc_camera_new_for_uri (const char  *uri,
                       const char  *username,
                       const char  *password,
                       GError     **error)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_ascii_strncasecmp (uri, "usb:", 4) == 0)
    return SC_CAMERA (sc_ptp_camera_new_for_uri (uri, error));

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, &local_error);
  if (parsed == NULL)
    {
      g_debug ("Cannot parse camera address “%s”: %s", uri, local_error->message);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a camera address. Enter one like http://192.168.1.1."), uri);
      return NULL;
    }

  scheme = g_uri_get_scheme (parsed);
  if (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
    {
      if (g_uri_get_host (parsed) == NULL || *g_uri_get_host (parsed) == '\0')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a camera address. Enter one like http://192.168.1.1."), uri);
          return NULL;
        }

      return SC_CAMERA (_sc_osc_camera_new (uri, username, password));
    }

  if (g_ascii_strcasecmp (scheme, "file") == 0)
    return SC_CAMERA (sc_storage_camera_new_for_uri (uri, error));

  if (g_ascii_strcasecmp (scheme, "madv") == 0)
    return SC_CAMERA (_sc_madv_camera_new (uri, error));

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               _("Spherecam cannot talk to cameras at “%s” addresses. Use an http:// address, "
                 "madv:// for a Mi Sphere, usb:BUS:ADDRESS for a camera on USB or file:// for "
                 "a memory card."),
               scheme);
  return NULL;
}

/**
 * sc_camera_get_id:
 * @self: a #ScCamera
 *
 * Returns: (transfer none): the camera's stable id (see #ScCamera:id),
 *   valid until the id changes
 */
const char *
sc_camera_get_id (ScCamera *self)
{
  g_return_val_if_fail (SC_IS_CAMERA (self), NULL);

  return cached_string_property (self, "id", id_quark);
}

/**
 * sc_camera_get_uri:
 * @self: a #ScCamera
 *
 * Returns: (transfer none): how the camera is reached
 */
const char *
sc_camera_get_uri (ScCamera *self)
{
  g_return_val_if_fail (SC_IS_CAMERA (self), NULL);

  return cached_string_property (self, "uri", uri_quark);
}

/**
 * sc_camera_dup_display_name:
 * @self: a #ScCamera
 *
 * Returns: (transfer full) (nullable): the name the UI shows
 */
char *
sc_camera_dup_display_name (ScCamera *self)
{
  char *name = NULL;

  g_return_val_if_fail (SC_IS_CAMERA (self), NULL);

  g_object_get (self, "display-name", &name, NULL);
  return name;
}

/**
 * sc_camera_is_connected:
 * @self: a #ScCamera
 *
 * Returns: whether the camera is connected
 */
gboolean
sc_camera_is_connected (ScCamera *self)
{
  gboolean connected = FALSE;

  g_return_val_if_fail (SC_IS_CAMERA (self), FALSE);

  g_object_get (self, "is-connected", &connected, NULL);
  return connected;
}

/**
 * sc_camera_get_info:
 * @self: a #ScCamera
 *
 * Static facts about the camera as an `a{sv}` dictionary (for OSC cameras
 * everything `/osc/info` said: "model", "manufacturer", "serialNumber",
 * "firmwareVersion", "apiLevel" (ai), "gps", "gyro", "uptime",
 * "endpoints", "wlanMacAddress", …). Empty until connected. Does not
 * block.
 *
 * Returns: (transfer full): an `a{sv}` #GVariant
 */
GVariant *
sc_camera_get_info (ScCamera *self)
{
  ScCameraInterface *iface;

  g_return_val_if_fail (SC_IS_CAMERA (self), NULL);

  iface = SC_CAMERA_GET_IFACE (self);
  if (iface->get_info == NULL)
    return g_variant_ref_sink (g_variant_new ("a{sv}", NULL));

  return iface->get_info (self);
}

/**
 * sc_camera_dup_state:
 * @self: a #ScCamera
 *
 * Returns: (transfer full): the last known state (see #ScCamera:state),
 *   an `a{sv}` #GVariant
 */
GVariant *
sc_camera_dup_state (ScCamera *self)
{
  GVariant *state = NULL;

  g_return_val_if_fail (SC_IS_CAMERA (self), NULL);

  g_object_get (self, "state", &state, NULL);
  if (state == NULL)
    state = g_variant_ref_sink (g_variant_new ("a{sv}", NULL));
  return state;
}
