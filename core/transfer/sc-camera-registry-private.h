/* sc-camera-registry-private.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sc-camera-registry.h"

G_BEGIN_DECLS

#define REGISTRY_FILE     "registry.json"
#define CREDENTIALS_FILE  "credentials.json"
#define FORMAT_VERSION    1

struct _ScCameraRegistry
{
  GObject     parent_instance;

  GFile      *directory;
  GPtrArray  *records;
  char       *credentials_backend;
  gboolean    file_backend_chosen;  /* "file" set explicitly: never the keyring */
};

/* sc-camera-registry.c */
void        _sc_camera_registry_switch_to_file_backend (ScCameraRegistry  *self,
                                                        const GError      *why);

/* sc-camera-registry-json.c: files in the registry's directory */
const char *_sc_camera_registry_directory_path         (ScCameraRegistry  *self);
char       *_sc_camera_registry_file_path              (ScCameraRegistry  *self,
                                                        const char        *name);
gboolean    _sc_camera_registry_write_private_file     (ScCameraRegistry  *self,
                                                        const char        *name,
                                                        const char        *contents,
                                                        gsize              length,
                                                        GError           **error);
char       *_sc_camera_registry_set_aside              (const char        *path,
                                                        GError           **error);
JsonNode   *_sc_camera_registry_read_json_file         (ScCameraRegistry  *self,
                                                        const char        *name,
                                                        GError           **error);
gboolean    _sc_camera_registry_read_optional_string   (JsonObject        *object,
                                                        const char        *member,
                                                        const char       **value);
GPtrArray  *_sc_camera_registry_records_from_json      (JsonNode          *root,
                                                        GError           **error);
gboolean    _sc_camera_registry_save_records           (ScCameraRegistry  *self,
                                                        GPtrArray         *records,
                                                        GError           **error);

/* sc-camera-registry-credentials.c: passwords, in the keyring or a file */
gboolean    _sc_camera_registry_forget_password        (ScCameraRegistry  *self,
                                                        const char        *id,
                                                        GError           **error);

G_END_DECLS
