/* sc-fake-gvfs.h: gvfs as GIO sees it, for tests
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void      sc_fake_gvfs_register          (void);
gboolean  sc_fake_gvfs_is_active         (void);
GMount   *sc_fake_gvfs_add_mount         (const char *name,
                                          const char *root_uri,
                                          const char *unix_device,
                                          const char *uuid);
void      sc_fake_gvfs_remove_mount      (GMount     *mount);
void      sc_fake_gvfs_remove_all        (void);
guint     sc_fake_gvfs_get_unmount_calls (void);

G_END_DECLS
