/* sc-file-tile.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_UI_INSIDE) && !defined (SC_UI_COMPILATION)
# error "Only <sc-ui.h> can be included directly."
#endif

#include <gtk/gtk.h>

#include "sc-library-item.h"

G_BEGIN_DECLS

#define SC_TYPE_FILE_TILE (sc_file_tile_get_type ())

G_DECLARE_FINAL_TYPE (ScFileTile, sc_file_tile, SC, FILE_TILE, GtkWidget)

GtkWidget     *sc_file_tile_new                  (void);
ScLibraryItem *sc_file_tile_get_item             (ScFileTile    *self);
void           sc_file_tile_set_item             (ScFileTile    *self,
                                                  ScLibraryItem *item);
gboolean       sc_file_tile_get_shows_downloaded (ScFileTile    *self);

G_END_DECLS
