/* sc-library-item.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_UI_INSIDE) && !defined (SC_UI_COMPILATION)
# error "Only <sc-ui.h> can be included directly."
#endif

#include <gtk/gtk.h>
#include <sc-core.h>

G_BEGIN_DECLS

#define SC_TYPE_LIBRARY_ITEM (sc_library_item_get_type ())

G_DECLARE_FINAL_TYPE (ScLibraryItem, sc_library_item, SC, LIBRARY_ITEM, GObject)

ScLibraryItem *sc_library_item_new            (ScCameraFile  *file);
ScCameraFile  *sc_library_item_get_file       (ScLibraryItem *self);
GdkPaintable  *sc_library_item_get_thumbnail  (ScLibraryItem *self);
gboolean       sc_library_item_get_downloaded (ScLibraryItem *self);
void           sc_library_item_set_downloaded (ScLibraryItem *self,
                                               gboolean       downloaded);

G_END_DECLS
