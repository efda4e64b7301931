/* sc-camera-registry.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sc-camera-record.h"

G_BEGIN_DECLS

#define SC_TYPE_CAMERA_REGISTRY (sc_camera_registry_get_type ())

G_DECLARE_FINAL_TYPE (ScCameraRegistry, sc_camera_registry, SC, CAMERA_REGISTRY, GObject)

/*
 * The cameras the user connected to, as a GListModel of ScCameraRecord,
 * kept in DIRECTORY/registry.json (mode 0600, directory 0700, replaced
 * atomically). Passwords are kept apart: in the keyring (libsecret, schema
 * "org.spherecam.Spherecam.Camera", attribute "camera-id") or, without a
 * Secret Service, in DIRECTORY/credentials.json (0600); never in
 * registry.json, never in a log. "credentials-backend" says which.
 */
ScCameraRegistry *sc_camera_registry_new                      (GFile             *directory);
GFile            *sc_camera_registry_get_directory            (ScCameraRegistry  *self);
const char       *sc_camera_registry_get_credentials_backend  (ScCameraRegistry  *self);
void              sc_camera_registry_set_credentials_backend  (ScCameraRegistry  *self,
                                                               const char        *backend);
gboolean          sc_camera_registry_load                     (ScCameraRegistry  *self,
                                                               GError           **error);
gboolean          sc_camera_registry_remember                 (ScCameraRegistry  *self,
                                                               ScCameraRecord    *record,
                                                               GError           **error);
gboolean          sc_camera_registry_forget                   (ScCameraRegistry  *self,
                                                               const char        *id,
                                                               GError           **error);
ScCameraRecord   *sc_camera_registry_lookup                   (ScCameraRegistry  *self,
                                                               const char        *id);
void              sc_camera_registry_store_password_async     (ScCameraRegistry  *self,
                                                               const char        *id,
                                                               const char        *username,
                                                               const char        *password,
                                                               GCancellable      *cancellable,
                                                               GAsyncReadyCallback callback,
                                                               gpointer           user_data);
gboolean          sc_camera_registry_store_password_finish    (ScCameraRegistry  *self,
                                                               GAsyncResult      *result,
                                                               GError           **error);
void              sc_camera_registry_lookup_password_async    (ScCameraRegistry  *self,
                                                               const char        *id,
                                                               GCancellable      *cancellable,
                                                               GAsyncReadyCallback callback,
                                                               gpointer           user_data);
char             *sc_camera_registry_lookup_password_finish   (ScCameraRegistry  *self,
                                                               GAsyncResult      *result,
                                                               char             **username,
                                                               GError           **error);

G_END_DECLS
