/* sc-viewer-private.h: what sc-viewer*.c share
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sc-viewer.h"

G_BEGIN_DECLS

/* ScViewer: the interactive 360° view. The struct is shared by
 * sc-viewer*.c; the work is split by concern:
 *   sc-viewer.c        the widget, its properties and public API
 *   sc-viewer-gl.c     GL programs, texture upload and drawing
 *   sc-viewer-input.c  dragging, scrolling, pinching, keys and actions */

/* The view shader, one per kind of texture. */
typedef enum
{
  MODE_EQUIRECT,
  MODE_DUAL_FISHEYE,
  N_MODES
} Mode;

typedef struct
{
  guint program;
  int   u_texture;
  int   u_resolution;
  int   u_yaw;
  int   u_pitch;
  int   u_fov;
  int   u_projection;
  int   u_swizzle;
  /* MODE_DUAL_FISHEYE: sc_gl_stitch_get_sample_source()'s uniforms */
  int   u_in_size;
  int   u_lens_rot;
  int   u_lens_geom;
  int   u_lens_model;
  int   u_lens_inv_gain;
  int   u_blend_lo;
  int   u_blend_inv_width;
} Program;

struct _ScViewer
{
  GtkWidget           parent_instance;

  GdkTexture         *texture;
  gboolean            texture_dirty;
  guint8             *pixels;          /* download buffer, reused */
  gsize               pixels_size;
  guint8             *scaled;          /* downscaled copy when too large */
  gsize               scaled_size;

  double              yaw;
  double              pitch;
  double              fov;
  ScViewerProjection  projection;
  ScLensProfile      *lens_profile;    /* NULL: the texture is equirectangular */
  double              blend_width;

  /* Gestures */
  double              drag_yaw;
  double              drag_pitch;
  double              zoom_fov;

  /* GL state, valid while the area is realized */
  GError             *gl_error;
  Program             programs[N_MODES];
  guint               vao;
  guint               gl_texture;
  int                 tex_width;
  int                 tex_height;
  int                 max_texture_size;

  /* Template children */
  GtkStack           *stack;
  GtkGLArea          *gl_area;
  AdwStatusPage      *error_page;
};

/* sc-viewer.c */
void     _sc_viewer_show_gl_error           (ScViewer       *self,
                                             const GError   *error);

/* sc-viewer-gl.c */
void     _sc_viewer_on_gl_area_realize_cb   (ScViewer       *self);
void     _sc_viewer_on_gl_area_unrealize_cb (ScViewer       *self);
gboolean _sc_viewer_on_gl_area_render_cb    (ScViewer       *self,
                                             GdkGLContext   *context);

/* sc-viewer-input.c */
void     _sc_viewer_class_init_input        (GtkWidgetClass *widget_class);
void     _sc_viewer_init_input              (ScViewer       *self);

G_END_DECLS
