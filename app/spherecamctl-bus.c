/* spherecamctl-bus.c: D-Bus helpers; objects read through Properties
 *
 * Copyright 2025 The Spherecam Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spherecamctl-bus"

#include "config.h"

#include <glib/gi18n.h>

#include "spherecamctl-private.h"

/* Explicit Properties calls rather than a proxy's cache: a call is what
 * makes the bus start (activate) the service when it is not running.
 */
GVariant *
sc_ctl_call_properties (ScCtl       *ctl,
                        const char  *path,
                        const char  *method,
                        GVariant    *params,
                        const char  *reply_type,
                        GError     **error)
{
  return g_dbus_connection_call_sync (ctl->bus, ctl->bus_name, path, SC_CTL_PROPERTIES_IFACE,
                                      method, params, G_VARIANT_TYPE (reply_type),
                                      G_DBUS_CALL_FLAGS_NONE, SC_CTL_CALL_TIMEOUT_MSEC, NULL,
                                      error);
}

GVariant *
sc_ctl_get_manager_property (ScCtl               *ctl,
                             const char          *name,
                             const GVariantType  *type,
                             GError             **error)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;

  reply = sc_ctl_call_properties (ctl, SC_CTL_MANAGER_PATH, "Get",
                                  g_variant_new ("(ss)", SC_CTL_MANAGER_IFACE, name), "(v)",
                                  error);
  if (reply == NULL)
    return NULL;

  g_variant_get (reply, "(v)", &value);
  if (!g_variant_is_of_type (value, type))
    {
      g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_SIGNATURE,
                   _("The service sent property “%s” with the wrong type “%s”"),
                   name, g_variant_get_type_string (value));
      return NULL;
    }

  return g_steal_pointer (&value);
}

/* What GDBus answers for a path with no such object (or not that interface) */
gboolean
sc_ctl_is_unknown_object (const GError *error)
{
  /* InvalidArgs: the object exists, but lacks the interface */
  return g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_INTERFACE) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS);
}

/* Objects */

ScCtlObject *
sc_ctl_object_new (const char *path)
{
  ScCtlObject *object = g_new0 (ScCtlObject, 1);

  object->path = g_strdup (path);
  object->props = g_variant_dict_new (NULL);

  return object;
}

void
sc_ctl_object_free (ScCtlObject *object)
{
  g_clear_pointer (&object->path, g_free);
  g_clear_pointer (&object->props, g_variant_dict_unref);
  g_free (object);
}

void
sc_ctl_object_update (ScCtlObject *object,
                      GVariant    *props)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_iter_init (&iter, props);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    g_variant_dict_insert_value (object->props, key, value);
}

gboolean
sc_ctl_object_fetch (ScCtlObject  *object,
                     ScCtl        *ctl,
                     const char   *iface,
                     GError      **error)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) props = NULL;

  reply = sc_ctl_call_properties (ctl, object->path, "GetAll", g_variant_new ("(s)", iface),
                                  "(a{sv})", error);
  if (reply == NULL)
    return FALSE;

  g_variant_get (reply, "(@a{sv})", &props);
  sc_ctl_object_update (object, props);

  return TRUE;
}

const char *
sc_ctl_object_get_string (ScCtlObject *object,
                          const char  *key)
{
  const char *value = NULL;

  if (!g_variant_dict_lookup (object->props, key, "&s", &value))
    return "";

  return value;
}

gboolean
sc_ctl_object_get_boolean (ScCtlObject *object,
                           const char  *key)
{
  gboolean value = FALSE;

  g_variant_dict_lookup (object->props, key, "b", &value);

  return value;
}
