/* sc-camera-row.h
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

#define SC_TYPE_CAMERA_ROW (sc_camera_row_get_type ())

G_DECLARE_FINAL_TYPE (ScCameraRow, sc_camera_row, SC, CAMERA_ROW, GtkListBoxRow)

GtkWidget *sc_camera_row_new        (ScCamera    *camera);
ScCamera  *sc_camera_row_get_camera (ScCameraRow *self);
gboolean   sc_camera_row_get_busy   (ScCameraRow *self);
void       sc_camera_row_set_busy   (ScCameraRow *self,
                                     gboolean     busy);

G_END_DECLS
