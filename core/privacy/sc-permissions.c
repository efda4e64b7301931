/* sc-permissions.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-permissions"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-consent.h"
#include "sc-permissions.h"

/*
 * ScPermissions holds the user's privacy toggles. The app binds each
 * property to its GSettings key; core code never reads GSettings and calls
 * sc_permissions_check() on sc_permissions_get_default() before any gated
 * operation. When "consent" is set, every check also requires the current
 * user agreement and privacy policy to be accepted.
 */
struct _ScPermissions
{
  GObject    parent_instance;

  ScConsent *consent;
  gboolean   enabled[SC_PERMISSION_LAST + 1];
};

G_DEFINE_FINAL_TYPE (ScPermissions, sc_permissions, G_TYPE_OBJECT)

G_DEFINE_QUARK (sc-permission-error, sc_permission_error)

enum {
  PROP_0,
  PROP_STORAGE,
  PROP_LOCATION,
  PROP_MICROPHONE,
  PROP_CONSENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Property ids follow the enum: PROP_STORAGE + SC_PERMISSION_STORAGE … */
G_STATIC_ASSERT (PROP_STORAGE + SC_PERMISSION_LOCATION == PROP_LOCATION);
G_STATIC_ASSERT (PROP_STORAGE + SC_PERMISSION_MICROPHONE == PROP_MICROPHONE);

static const char * const permission_names[] = {
  [SC_PERMISSION_STORAGE] = "storage",
  [SC_PERMISSION_LOCATION] = "location",
  [SC_PERMISSION_MICROPHONE] = "microphone",
};

G_LOCK_DEFINE_STATIC (default_instance);
static ScPermissions *default_instance;

#define ERROR_PREFIX "org.spherecam.Spherecam.Error."

static const GDBusErrorEntry permission_entries[] = {
  { SC_PERMISSION_ERROR_DENIED, ERROR_PREFIX "Permission.Denied" },
  { SC_PERMISSION_ERROR_CONSENT_REQUIRED, ERROR_PREFIX "Permission.ConsentRequired" },
};

static gboolean
permission_is_valid (ScPermission permission)
{
  return (guint) permission <= SC_PERMISSION_LAST;
}

static void
set_denied_error (ScPermission   permission,
                  GError       **error)
{
  switch (permission)
    {
    case SC_PERMISSION_STORAGE:
      g_set_error_literal (error, SC_PERMISSION_ERROR, SC_PERMISSION_ERROR_DENIED,
                           _("Storage access is turned off. Turn on “Storage” in "
                             "Preferences → Privacy to download or export files."));
      break;

    case SC_PERMISSION_LOCATION:
      g_set_error_literal (error, SC_PERMISSION_ERROR, SC_PERMISSION_ERROR_DENIED,
                           _("Location access is turned off. Turn on “Location” in "
                             "Preferences → Privacy to add your location to photos and videos."));
      break;

    case SC_PERMISSION_MICROPHONE:
      g_set_error_literal (error, SC_PERMISSION_ERROR, SC_PERMISSION_ERROR_DENIED,
                           _("Microphone access is turned off. Turn on “Microphone” in "
                             "Preferences → Privacy to record sound."));
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
sc_permissions_dispose (GObject *object)
{
  ScPermissions *self = (ScPermissions *)object;

  g_clear_object (&self->consent);

  G_OBJECT_CLASS (sc_permissions_parent_class)->dispose (object);
}

static void
sc_permissions_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ScPermissions *self = SC_PERMISSIONS (object);

  switch (prop_id)
    {
    case PROP_STORAGE:
    case PROP_LOCATION:
    case PROP_MICROPHONE:
      g_value_set_boolean (value, self->enabled[prop_id - PROP_STORAGE]);
      break;

    case PROP_CONSENT:
      g_value_set_object (value, self->consent);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_permissions_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ScPermissions *self = SC_PERMISSIONS (object);

  switch (prop_id)
    {
    case PROP_STORAGE:
    case PROP_LOCATION:
    case PROP_MICROPHONE:
      sc_permissions_set (self, prop_id - PROP_STORAGE, g_value_get_boolean (value));
      break;

    case PROP_CONSENT:
      sc_permissions_set_consent (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_permissions_class_init (ScPermissionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_permissions_dispose;
  object_class->get_property = sc_permissions_get_property;
  object_class->set_property = sc_permissions_set_property;

  /**
   * ScPermissions:storage:
   *
   * Whether Spherecam may write files: downloads from cameras and exports.
   * On by default.
   */
  properties[PROP_STORAGE] =
    g_param_spec_boolean ("storage", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ScPermissions:location:
   *
   * Whether Spherecam may use the user's location (geotagging). Off by
   * default.
   */
  properties[PROP_LOCATION] =
    g_param_spec_boolean ("location", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ScPermissions:microphone:
   *
   * Whether Spherecam may record sound. Off by default.
   */
  properties[PROP_MICROPHONE] =
    g_param_spec_boolean ("microphone", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ScPermissions:consent:
   *
   * The #ScConsent every check requires first, or %NULL to check the
   * toggles alone.
   */
  properties[PROP_CONSENT] =
    g_param_spec_object ("consent", NULL, NULL,
                         SC_TYPE_CONSENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_permissions_init (ScPermissions *self)
{
  self->enabled[SC_PERMISSION_STORAGE] = TRUE;
  self->enabled[SC_PERMISSION_LOCATION] = FALSE;
  self->enabled[SC_PERMISSION_MICROPHONE] = FALSE;
}

/**
 * sc_permissions_register_dbus_errors:
 *
 * Registers %SC_PERMISSION_ERROR with GDBus as
 * `org.spherecam.Spherecam.Error.Permission.<Code>`. Safe to call more than
 * once and from any thread.
 */
void
sc_permissions_register_dbus_errors (void)
{
  static gsize permission_quark;

  g_dbus_error_register_error_domain ("sc-permission-error", &permission_quark,
                                      permission_entries, G_N_ELEMENTS (permission_entries));

  g_assert (permission_quark == SC_PERMISSION_ERROR);
}

/**
 * sc_permission_to_string:
 * @permission: an #ScPermission
 *
 * Returns: the permission's name ("storage", "location", "microphone"),
 *   which is also its property name.
 */
const char *
sc_permission_to_string (ScPermission permission)
{
  g_return_val_if_fail (permission_is_valid (permission), NULL);

  return permission_names[permission];
}

/**
 * sc_permission_from_string:
 * @string: a name from sc_permission_to_string()
 * @permission: (out): where to store the permission
 *
 * Returns: %TRUE if @string names a permission.
 */
gboolean
sc_permission_from_string (const char   *string,
                           ScPermission *permission)
{
  g_return_val_if_fail (permission != NULL, FALSE);

  if (string == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (permission_names); i++)
    if (g_str_equal (string, permission_names[i]))
      {
        *permission = i;
        return TRUE;
      }

  return FALSE;
}

/**
 * sc_permissions_new:
 * @consent: (nullable): the consent every check requires, or %NULL
 *
 * Returns: (transfer full): a new #ScPermissions with the default toggles.
 */
ScPermissions *
sc_permissions_new (ScConsent *consent)
{
  g_return_val_if_fail (consent == NULL || SC_IS_CONSENT (consent), NULL);

  return g_object_new (SC_TYPE_PERMISSIONS, "consent", consent, NULL);
}

/**
 * sc_permissions_get_default:
 *
 * The process-wide instance core operations check. Created on first use
 * with the default toggles and no consent; the app sets its "consent" and
 * binds its toggles to GSettings at start-up.
 *
 * Returns: (transfer none): the default #ScPermissions
 */
ScPermissions *
sc_permissions_get_default (void)
{
  ScPermissions *ret;

  G_LOCK (default_instance);
  if (default_instance == NULL)
    default_instance = sc_permissions_new (NULL);
  ret = default_instance;
  G_UNLOCK (default_instance);

  return ret;
}

/**
 * sc_permissions_set_default:
 * @permissions: (nullable): the new default, or %NULL to drop it (the next
 *   sc_permissions_get_default() creates a fresh one)
 *
 * Replaces the process-wide instance. For the app at start-up and for tests.
 */
void
sc_permissions_set_default (ScPermissions *permissions)
{
  ScPermissions *old;

  g_return_if_fail (permissions == NULL || SC_IS_PERMISSIONS (permissions));

  if (permissions != NULL)
    g_object_ref (permissions);

  G_LOCK (default_instance);
  old = default_instance;
  default_instance = permissions;
  G_UNLOCK (default_instance);

  g_clear_object (&old);
}

/**
 * sc_permissions_get:
 * @self: an #ScPermissions
 * @permission: the toggle
 *
 * Returns: whether the toggle is on. Does not look at consent; use
 *   sc_permissions_check() to gate an operation.
 */
gboolean
sc_permissions_get (ScPermissions *self,
                    ScPermission   permission)
{
  g_return_val_if_fail (SC_IS_PERMISSIONS (self), FALSE);
  g_return_val_if_fail (permission_is_valid (permission), FALSE);

  return self->enabled[permission];
}

/**
 * sc_permissions_set:
 * @self: an #ScPermissions
 * @permission: the toggle
 * @enabled: whether to turn it on
 *
 * Sets a toggle, notifying its property on change.
 */
void
sc_permissions_set (ScPermissions *self,
                    ScPermission   permission,
                    gboolean       enabled)
{
  g_return_if_fail (SC_IS_PERMISSIONS (self));
  g_return_if_fail (permission_is_valid (permission));

  enabled = !!enabled;
  if (self->enabled[permission] == enabled)
    return;

  self->enabled[permission] = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORAGE + permission]);
}

/**
 * sc_permissions_check:
 * @self: an #ScPermissions
 * @permission: what the operation needs
 * @error: return location for a #GError
 *
 * The gate every privacy-relevant core operation calls first.
 *
 * Returns: %TRUE if the operation may go ahead; %FALSE with
 *   %SC_PERMISSION_ERROR_CONSENT_REQUIRED if "consent" is set and not
 *   accepted, or %SC_PERMISSION_ERROR_DENIED if the toggle is off.
 */
gboolean
sc_permissions_check (ScPermissions  *self,
                      ScPermission    permission,
                      GError        **error)
{
  g_return_val_if_fail (SC_IS_PERMISSIONS (self), FALSE);
  g_return_val_if_fail (permission_is_valid (permission), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->consent != NULL && !sc_consent_check (self->consent, error))
    return FALSE;

  if (!self->enabled[permission])
    {
      g_debug ("Denied: %s is turned off", permission_names[permission]);
      set_denied_error (permission, error);
      return FALSE;
    }

  return TRUE;
}

/**
 * sc_permissions_check_consent:
 * @self: an #ScPermissions
 * @error: return location for a #GError
 *
 * The gate for operations that need consent but no toggle: connecting to
 * a camera, shooting, listing its files.
 *
 * Returns: %TRUE if "consent" is unset or accepted; otherwise %FALSE with
 *   %SC_PERMISSION_ERROR_CONSENT_REQUIRED.
 */
gboolean
sc_permissions_check_consent (ScPermissions  *self,
                              GError        **error)
{
  g_return_val_if_fail (SC_IS_PERMISSIONS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return self->consent == NULL || sc_consent_check (self->consent, error);
}

/**
 * sc_permissions_get_consent:
 * @self: an #ScPermissions
 *
 * Returns: (transfer none) (nullable): the consent checks require
 */
ScConsent *
sc_permissions_get_consent (ScPermissions *self)
{
  g_return_val_if_fail (SC_IS_PERMISSIONS (self), NULL);

  return self->consent;
}

/**
 * sc_permissions_set_consent:
 * @self: an #ScPermissions
 * @consent: (nullable): the consent every check requires, or %NULL
 */
void
sc_permissions_set_consent (ScPermissions *self,
                            ScConsent     *consent)
{
  g_return_if_fail (SC_IS_PERMISSIONS (self));
  g_return_if_fail (consent == NULL || SC_IS_CONSENT (consent));

  if (g_set_object (&self->consent, consent))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSENT]);
}
