/* sc-viewer.h
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

/**
 * ScViewerProjection:
 * @SC_VIEWER_PROJECTION_PERSPECTIVE: a rectilinear view, as a camera sees
 * @SC_VIEWER_PROJECTION_LITTLE_PLANET: stereographic, looking straight down
 * @SC_VIEWER_PROJECTION_FLAT: the whole equirectangular image
 *
 * How #ScViewer maps the sphere onto the screen.
 */
typedef enum
{
  SC_VIEWER_PROJECTION_PERSPECTIVE,
  SC_VIEWER_PROJECTION_LITTLE_PLANET,
  SC_VIEWER_PROJECTION_FLAT,
} ScViewerProjection;

#define SC_TYPE_VIEWER_PROJECTION (sc_viewer_projection_get_type ())
#define SC_TYPE_VIEWER (sc_viewer_get_type ())

GType sc_viewer_projection_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (ScViewer, sc_viewer, SC, VIEWER, GtkWidget)

GtkWidget          *sc_viewer_new              (void);
GdkTexture         *sc_viewer_get_texture      (ScViewer            *self);
void                sc_viewer_set_texture      (ScViewer            *self,
                                                GdkTexture          *texture);
void                sc_viewer_set_pixbuf       (ScViewer            *self,
                                                GdkPixbuf           *pixbuf);
double              sc_viewer_get_yaw          (ScViewer            *self);
void                sc_viewer_set_yaw          (ScViewer            *self,
                                                double               yaw);
double              sc_viewer_get_pitch        (ScViewer            *self);
void                sc_viewer_set_pitch        (ScViewer            *self,
                                                double               pitch);
double              sc_viewer_get_fov          (ScViewer            *self);
void                sc_viewer_set_fov          (ScViewer            *self,
                                                double               fov);
ScViewerProjection  sc_viewer_get_projection   (ScViewer            *self);
void                sc_viewer_set_projection   (ScViewer            *self,
                                                ScViewerProjection   projection);
ScLensProfile      *sc_viewer_get_lens_profile (ScViewer            *self);
void                sc_viewer_set_lens_profile (ScViewer            *self,
                                                const ScLensProfile *profile);
double              sc_viewer_get_blend_width  (ScViewer            *self);
void                sc_viewer_set_blend_width  (ScViewer            *self,
                                                double               blend_width);
void                sc_viewer_reset            (ScViewer            *self);
const GError       *sc_viewer_get_gl_error     (ScViewer            *self);
void                sc_viewer_get_fov_range    (ScViewerProjection   projection,
                                                double              *min_fov,
                                                double              *max_fov,
                                                double              *default_fov);

G_END_DECLS
