/* sc-camera-record.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-camera-record"

#include "config.h"

#include "sc-camera-record.h"

/**
 * ScCameraRecord:
 *
 * What #ScCameraRegistry remembers about one camera the user connected to:
 * its id, how to reach it, what to call it, and when it was last seen.
 * A plain value object: setters only change this instance, and the
 * registry keeps its own copies, so a change is stored only by
 * sc_camera_registry_remember(). Owner thread only.
 */
struct _ScCameraRecord
{
  GObject    parent_instance;

  char      *id;
  char      *uri;
  char      *display_name;
  char      *model;
  char      *serial_number;
  char      *firmware_version;
  char      *wifi_ssid;
  char      *username;
  GDateTime *last_connected;
};

G_DEFINE_FINAL_TYPE (ScCameraRecord, sc_camera_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_URI,
  PROP_DISPLAY_NAME,
  PROP_MODEL,
  PROP_SERIAL_NUMBER,
  PROP_FIRMWARE_VERSION,
  PROP_WIFI_SSID,
  PROP_USERNAME,
  PROP_LAST_CONNECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
set_string (char       **ptr,
            const char  *str)
{
  if (g_strcmp0 (*ptr, str) == 0)
    return FALSE;
  g_free (*ptr);
  *ptr = g_strdup (str);
  return TRUE;
}

static void
sc_camera_record_finalize (GObject *object)
{
  ScCameraRecord *self = (ScCameraRecord *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->serial_number, g_free);
  g_clear_pointer (&self->firmware_version, g_free);
  g_clear_pointer (&self->wifi_ssid, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->last_connected, g_date_time_unref);

  G_OBJECT_CLASS (sc_camera_record_parent_class)->finalize (object);
}

static void
sc_camera_record_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ScCameraRecord *self = SC_CAMERA_RECORD (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;

    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;

    case PROP_SERIAL_NUMBER:
      g_value_set_string (value, self->serial_number);
      break;

    case PROP_FIRMWARE_VERSION:
      g_value_set_string (value, self->firmware_version);
      break;

    case PROP_WIFI_SSID:
      g_value_set_string (value, self->wifi_ssid);
      break;

    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;

    case PROP_LAST_CONNECTED:
      g_value_set_boxed (value, self->last_connected);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_camera_record_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ScCameraRecord *self = SC_CAMERA_RECORD (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_URI:
      sc_camera_record_set_uri (self, g_value_get_string (value));
      break;

    case PROP_DISPLAY_NAME:
      sc_camera_record_set_display_name (self, g_value_get_string (value));
      break;

    case PROP_MODEL:
      sc_camera_record_set_model (self, g_value_get_string (value));
      break;

    case PROP_SERIAL_NUMBER:
      sc_camera_record_set_serial_number (self, g_value_get_string (value));
      break;

    case PROP_FIRMWARE_VERSION:
      sc_camera_record_set_firmware_version (self, g_value_get_string (value));
      break;

    case PROP_WIFI_SSID:
      sc_camera_record_set_wifi_ssid (self, g_value_get_string (value));
      break;

    case PROP_USERNAME:
      sc_camera_record_set_username (self, g_value_get_string (value));
      break;

    case PROP_LAST_CONNECTED:
      sc_camera_record_set_last_connected (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_camera_record_class_init (ScCameraRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sc_camera_record_finalize;
  object_class->get_property = sc_camera_record_get_property;
  object_class->set_property = sc_camera_record_set_property;

  /**
   * ScCameraRecord:id:
   *
   * The camera's stable id, the same as #ScCamera's "id" (e.g.
   * "osc:YL00105377"). The key of the registry.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraRecord:uri:
   *
   * How to reach the camera, e.g. `http://192.168.1.1`.
   */
  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraRecord:display-name:
   *
   * What the UI shows, e.g. "RICOH THETA Z1".
   */
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraRecord:model:
   *
   * The camera's model.
   */
  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraRecord:serial-number:
   *
   * The camera's serial number.
   */
  properties[PROP_SERIAL_NUMBER] =
    g_param_spec_string ("serial-number", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraRecord:firmware-version:
   *
   * The firmware version seen at the last connection.
   */
  properties[PROP_FIRMWARE_VERSION] =
    g_param_spec_string ("firmware-version", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraRecord:wifi-ssid:
   *
   * The camera's Wi-Fi network name, or %NULL (USB, or unknown).
   */
  properties[PROP_WIFI_SSID] =
    g_param_spec_string ("wifi-ssid", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraRecord:username:
   *
   * The user name for the camera's HTTP authentication, or %NULL. The
   * password is never part of a record.
   */
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraRecord:last-connected:
   *
   * When the app was last connected to the camera, or %NULL.
   */
  properties[PROP_LAST_CONNECTED] =
    g_param_spec_boxed ("last-connected", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_camera_record_init (ScCameraRecord *self)
{
}

/**
 * sc_camera_record_new:
 * @id: the camera's stable id, not empty
 *
 * Returns: (transfer full): a new record with only its id set
 */
ScCameraRecord *
sc_camera_record_new (const char *id)
{
  g_return_val_if_fail (id != NULL && *id != '\0', NULL);

  return g_object_new (SC_TYPE_CAMERA_RECORD, "id", id, NULL);
}

/**
 * sc_camera_record_copy:
 * @self: a #ScCameraRecord
 *
 * Returns: (transfer full): a new record with the same values
 */
ScCameraRecord *
sc_camera_record_copy (ScCameraRecord *self)
{
  ScCameraRecord *copy;

  g_return_val_if_fail (SC_IS_CAMERA_RECORD (self), NULL);

  copy = sc_camera_record_new (self->id);
  copy->uri = g_strdup (self->uri);
  copy->display_name = g_strdup (self->display_name);
  copy->model = g_strdup (self->model);
  copy->serial_number = g_strdup (self->serial_number);
  copy->firmware_version = g_strdup (self->firmware_version);
  copy->wifi_ssid = g_strdup (self->wifi_ssid);
  copy->username = g_strdup (self->username);
  copy->last_connected = self->last_connected != NULL ? g_date_time_ref (self->last_connected)
                                                      : NULL;

  return copy;
}

/**
 * sc_camera_record_get_id:
 * @self: a #ScCameraRecord
 *
 * Returns: (transfer none): the camera's stable id
 */
const char *
sc_camera_record_get_id (ScCameraRecord *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_RECORD (self), NULL);

  return self->id;
}

/**
 * sc_camera_record_get_uri:
 * @self: a #ScCameraRecord
 *
 * Returns: (transfer none) (nullable): the #ScCameraRecord:uri
 */
const char *
sc_camera_record_get_uri (ScCameraRecord *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_RECORD (self), NULL);

  return self->uri;
}

/**
 * sc_camera_record_set_uri:
 * @self: a #ScCameraRecord
 * @uri: (nullable): the new value
 *
 * Sets #ScCameraRecord:uri. The registry only sees the change when the
 * record is passed to sc_camera_registry_remember().
 */
void
sc_camera_record_set_uri (ScCameraRecord *self,
                          const char     *uri)
{
  g_return_if_fail (SC_IS_CAMERA_RECORD (self));

  if (set_string (&self->uri, uri))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URI]);
}

/**
 * sc_camera_record_get_display_name:
 * @self: a #ScCameraRecord
 *
 * Returns: (transfer none) (nullable): the #ScCameraRecord:display-name
 */
const char *
sc_camera_record_get_display_name (ScCameraRecord *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_RECORD (self), NULL);

  return self->display_name;
}

/**
 * sc_camera_record_set_display_name:
 * @self: a #ScCameraRecord
 * @display_name: (nullable): the new value
 *
 * Sets #ScCameraRecord:display-name. The registry only sees the change when the
 * record is passed to sc_camera_registry_remember().
 */
void
sc_camera_record_set_display_name (ScCameraRecord *self,
                                   const char     *display_name)
{
  g_return_if_fail (SC_IS_CAMERA_RECORD (self));

  if (set_string (&self->display_name, display_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

/**
 * sc_camera_record_get_model:
 * @self: a #ScCameraRecord
 *
 * Returns: (transfer none) (nullable): the #ScCameraRecord:model
 */
const char *
sc_camera_record_get_model (ScCameraRecord *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_RECORD (self), NULL);

  return self->model;
}

/**
 * sc_camera_record_set_model:
 * @self: a #ScCameraRecord
 * @model: (nullable): the new value
 *
 * Sets #ScCameraRecord:model. The registry only sees the change when the
 * record is passed to sc_camera_registry_remember().
 */
void
sc_camera_record_set_model (ScCameraRecord *self,
                            const char     *model)
{
  g_return_if_fail (SC_IS_CAMERA_RECORD (self));

  if (set_string (&self->model, model))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/**
 * sc_camera_record_get_serial_number:
 * @self: a #ScCameraRecord
 *
 * Returns: (transfer none) (nullable): the #ScCameraRecord:serial-number
 */
const char *
sc_camera_record_get_serial_number (ScCameraRecord *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_RECORD (self), NULL);

  return self->serial_number;
}

/**
 * sc_camera_record_set_serial_number:
 * @self: a #ScCameraRecord
 * @serial_number: (nullable): the new value
 *
 * Sets #ScCameraRecord:serial-number. The registry only sees the change when the
 * record is passed to sc_camera_registry_remember().
 */
void
sc_camera_record_set_serial_number (ScCameraRecord *self,
                                    const char     *serial_number)
{
  g_return_if_fail (SC_IS_CAMERA_RECORD (self));

  if (set_string (&self->serial_number, serial_number))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERIAL_NUMBER]);
}

/**
 * sc_camera_record_get_firmware_version:
 * @self: a #ScCameraRecord
 *
 * Returns: (transfer none) (nullable): the #ScCameraRecord:firmware-version
 */
const char *
sc_camera_record_get_firmware_version (ScCameraRecord *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_RECORD (self), NULL);

  return self->firmware_version;
}

/**
 * sc_camera_record_set_firmware_version:
 * @self: a #ScCameraRecord
 * @firmware_version: (nullable): the new value
 *
 * Sets #ScCameraRecord:firmware-version. The registry only sees the change when the
 * record is passed to sc_camera_registry_remember().
 */
void
sc_camera_record_set_firmware_version (ScCameraRecord *self,
                                       const char     *firmware_version)
{
  g_return_if_fail (SC_IS_CAMERA_RECORD (self));

  if (set_string (&self->firmware_version, firmware_version))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRMWARE_VERSION]);
}

/**
 * sc_camera_record_get_wifi_ssid:
 * @self: a #ScCameraRecord
 *
 * Returns: (transfer none) (nullable): the #ScCameraRecord:wifi-ssid
 */
const char *
sc_camera_record_get_wifi_ssid (ScCameraRecord *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_RECORD (self), NULL);

  return self->wifi_ssid;
}

/**
 * sc_camera_record_set_wifi_ssid:
 * @self: a #ScCameraRecord
 * @wifi_ssid: (nullable): the new value
 *
 * Sets #ScCameraRecord:wifi-ssid. The registry only sees the change when the
 * record is passed to sc_camera_registry_remember().
 */
void
sc_camera_record_set_wifi_ssid (ScCameraRecord *self,
                                const char     *wifi_ssid)
{
  g_return_if_fail (SC_IS_CAMERA_RECORD (self));

  if (set_string (&self->wifi_ssid, wifi_ssid))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIFI_SSID]);
}

/**
 * sc_camera_record_get_username:
 * @self: a #ScCameraRecord
 *
 * Returns: (transfer none) (nullable): the #ScCameraRecord:username
 */
const char *
sc_camera_record_get_username (ScCameraRecord *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_RECORD (self), NULL);

  return self->username;
}

/**
 * sc_camera_record_set_username:
 * @self: a #ScCameraRecord
 * @username: (nullable): the new value
 *
 * Sets #ScCameraRecord:username. The registry only sees the change when the
 * record is passed to sc_camera_registry_remember().
 */
void
sc_camera_record_set_username (ScCameraRecord *self,
                               const char     *username)
{
  g_return_if_fail (SC_IS_CAMERA_RECORD (self));

  if (set_string (&self->username, username))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
}

/**
 * sc_camera_record_get_last_connected:
 * @self: a #ScCameraRecord
 *
 * Returns: (transfer none) (nullable): when the app last connected to the
 *   camera
 */
GDateTime *
sc_camera_record_get_last_connected (ScCameraRecord *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_RECORD (self), NULL);

  return self->last_connected;
}

/**
 * sc_camera_record_set_last_connected:
 * @self: a #ScCameraRecord
 * @last_connected: (nullable): when the app last connected to the camera
 *
 * Sets #ScCameraRecord:last-connected.
 */
void
sc_camera_record_set_last_connected (ScCameraRecord *self,
                                     GDateTime      *last_connected)
{
  g_return_if_fail (SC_IS_CAMERA_RECORD (self));

  if (self->last_connected == last_connected ||
      (self->last_connected != NULL && last_connected != NULL &&
       g_date_time_equal (self->last_connected, last_connected)))
    return;

  g_clear_pointer (&self->last_connected, g_date_time_unref);
  if (last_connected != NULL)
    self->last_connected = g_date_time_ref (last_connected);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_CONNECTED]);
}
