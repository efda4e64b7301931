/* sc-permissions.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sc-consent.h"

G_BEGIN_DECLS

#define SC_PERMISSION_ERROR (sc_permission_error_quark ())

/**
 * ScPermissionError:
 * @SC_PERMISSION_ERROR_DENIED: the user turned this permission off; turn it
 *   on in Preferences → Privacy
 * @SC_PERMISSION_ERROR_CONSENT_REQUIRED: the user has not accepted the
 *   current user agreement and privacy policy
 *
 * Errors from the privacy gate, named
 * `org.spherecam.Spherecam.Error.Permission.<Code>` over D-Bus.
 */
typedef enum
{
  SC_PERMISSION_ERROR_DENIED,
  SC_PERMISSION_ERROR_CONSENT_REQUIRED,
} ScPermissionError;

/**
 * ScPermission:
 * @SC_PERMISSION_STORAGE: write files (downloads, exports)
 * @SC_PERMISSION_LOCATION: use or record the user's location
 * @SC_PERMISSION_MICROPHONE: record sound
 *
 * The privacy toggles, one per #ScPermissions property.
 */
typedef enum
{
  SC_PERMISSION_STORAGE,
  SC_PERMISSION_LOCATION,
  SC_PERMISSION_MICROPHONE,
} ScPermission;

#define SC_PERMISSION_LAST SC_PERMISSION_MICROPHONE

#define SC_TYPE_PERMISSIONS (sc_permissions_get_type ())

G_DECLARE_FINAL_TYPE (ScPermissions, sc_permissions, SC, PERMISSIONS, GObject)

GQuark         sc_permission_error_quark          (void);
void           sc_permissions_register_dbus_errors (void);

const char    *sc_permission_to_string            (ScPermission    permission);
gboolean       sc_permission_from_string          (const char     *string,
                                                   ScPermission   *permission);

ScPermissions *sc_permissions_new                 (ScConsent      *consent);
ScPermissions *sc_permissions_get_default         (void);
void           sc_permissions_set_default         (ScPermissions  *permissions);

gboolean       sc_permissions_get                 (ScPermissions  *self,
                                                   ScPermission    permission);
void           sc_permissions_set                 (ScPermissions  *self,
                                                   ScPermission    permission,
                                                   gboolean        enabled);
gboolean       sc_permissions_check               (ScPermissions  *self,
                                                   ScPermission    permission,
                                                   GError        **error);

gboolean       sc_permissions_check_consent       (ScPermissions  *self,
                                                   GError        **error);

ScConsent     *sc_permissions_get_consent         (ScPermissions  *self);
void           sc_permissions_set_consent         (ScPermissions  *self,
                                                   ScConsent      *consent);

G_END_DECLS
