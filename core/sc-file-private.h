/* sc-file-private.h: putting a finished file in place, shared by
 * downloads, stitched photos and videos, and narration
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *_sc_file_numbered_name    (const char  *name,
                                 guint        n);
int   _sc_file_rename_noreplace (const char  *source,
                                 const char  *dest);
void  _sc_file_sync_directory   (const char  *path);
char *_sc_file_publish          (const char  *temp_path,
                                 const char  *directory,
                                 const char  *name,
                                 gboolean     numbered,
                                 int         *saved_errno);

G_END_DECLS
