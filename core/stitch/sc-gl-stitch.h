/* sc-gl-stitch.h: "scglstitch", dual-fisheye to equirectangular on the GPU
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gst/gst.h>

G_BEGIN_DECLS

/* This header does not include <gst/gl/gl.h>, whose GL headers would clash
 * with libepoxy's in the UI: the element is a GstGLFilter, used through
 * GstElement. */

#define SC_TYPE_GL_STITCH (sc_gl_stitch_get_type ())

GType     sc_gl_stitch_get_type               (void) G_GNUC_CONST;

/**
 * SC_GL_STITCH_DEFAULT_BLEND_WIDTH:
 *
 * The default width of the feathered band around the seam, in degrees.
 */
#define SC_GL_STITCH_DEFAULT_BLEND_WIDTH 10.0

gboolean  sc_gl_stitch_register               (void);
gboolean  sc_gl_stitch_renderer_is_software   (const char    *renderer);
gboolean  sc_gl_stitch_probe                  (char         **renderer,
                                               GError       **error);
gboolean  sc_gl_stitch_should_use_gl          (gboolean       force_gl,
                                               char         **reason);

G_END_DECLS
