/* sc-storage-camera.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sc-camera.h"

G_BEGIN_DECLS

#define SC_TYPE_STORAGE_CAMERA (sc_storage_camera_get_type ())

G_DECLARE_FINAL_TYPE (ScStorageCamera, sc_storage_camera, SC, STORAGE_CAMERA, GObject)

/* ScStorageCamera: a camera that mounts as a disk (a Mi Sphere or an
 * Insta360 in "U-Disk" mode, a memory card in a reader), or any folder
 * that holds a DCIM folder. URI "file:///path/of/the/mount"; id
 * "disk:UUID" when the volume has one, else the URI. Browsing, importing
 * and deleting; it cannot shoot. */

gboolean         sc_storage_camera_folder_has_dcim (GFile        *folder,
                                                    GCancellable *cancellable);
ScStorageCamera *sc_storage_camera_new_for_uri     (const char   *uri,
                                                    GError      **error);
ScStorageCamera *sc_storage_camera_new_for_mount   (GMount       *mount);
GMount          *sc_storage_camera_get_mount       (ScStorageCamera *self);
GFile           *sc_storage_camera_get_root        (ScStorageCamera *self);

G_END_DECLS
