/* sc-viewfinder.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_UI_INSIDE) && !defined (SC_UI_COMPILATION)
# error "Only <sc-ui.h> can be included directly."
#endif

#include <gst/gst.h>
#include <gtk/gtk.h>
#include <sc-core.h>

#include "sc-viewer.h"

G_BEGIN_DECLS

#define SC_TYPE_VIEWFINDER (sc_viewfinder_get_type ())

G_DECLARE_FINAL_TYPE (ScViewfinder, sc_viewfinder, SC, VIEWFINDER, GtkWidget)

GtkWidget     *sc_viewfinder_new              (void);
ScLivePreview *sc_viewfinder_get_live_preview (ScViewfinder  *self);
void           sc_viewfinder_set_live_preview (ScViewfinder  *self,
                                               ScLivePreview *preview);
const char    *sc_viewfinder_get_camera_model (ScViewfinder  *self);
void           sc_viewfinder_set_camera_model (ScViewfinder  *self,
                                               const char    *model);
ScViewer      *sc_viewfinder_get_viewer       (ScViewfinder  *self);
GdkPaintable  *sc_viewfinder_get_paintable    (ScViewfinder  *self);
GdkPaintable  *sc_viewfinder_get_stitched     (ScViewfinder  *self);
void           sc_viewfinder_show_sample      (ScViewfinder  *self,
                                               GstSample     *sample);
void           sc_viewfinder_show_waiting     (ScViewfinder  *self,
                                               const char    *message);
void           sc_viewfinder_show_error       (ScViewfinder  *self,
                                               const char    *message);
void           sc_viewfinder_clear            (ScViewfinder  *self);

G_END_DECLS
