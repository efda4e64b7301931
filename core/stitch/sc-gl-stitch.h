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

#include "sc-lens.h"

G_BEGIN_DECLS

/* This header does not include <gst/gl/gl.h>, whose GL headers would clash
 * with libepoxy's in the UI: the element is a GstGLFilter, used through
 * GstElement. */

#define SC_TYPE_GL_STITCH (sc_gl_stitch_get_type ())

GType       sc_gl_stitch_get_type             (void) G_GNUC_CONST;

/**
 * SC_GL_STITCH_DEFAULT_BLEND_WIDTH:
 *
 * The default width of the feathered band around the seam, in degrees.
 */
#define SC_GL_STITCH_DEFAULT_BLEND_WIDTH 10.0

/**
 * ScGlStitchUniforms:
 * @in_size: the dual-fisheye texture's size in pixels ("sc_stitch_in_size", vec2)
 * @lens_rot: per lens, output ray → lens frame, column-major
 *   ("sc_stitch_lens_rot", mat3[2])
 * @lens_geom: per lens cx, cy, radius (pixels) and roll (radians)
 *   ("sc_stitch_lens_geom", vec4[2])
 * @lens_model: per lens Θ (radians), k1, k2 and 1 / (Θ + k1Θ³ + k2Θ⁵)
 *   ("sc_stitch_lens_model", vec4[2])
 * @lens_inv_gain: per lens, 1 / gain ("sc_stitch_lens_inv_gain", float[2])
 * @blend_lo: the front lens's θ where its weight is still 1
 *   ("sc_stitch_blend_lo", float)
 * @blend_inv_width: 1 / the blend band's width in radians
 *   ("sc_stitch_blend_inv_width", float)
 *
 * The values of the uniforms that sc_gl_stitch_get_sample_source()
 * declares, as sc_gl_stitch_get_uniforms() computes them; index 0 is
 * %SC_LENS_BACK, 1 %SC_LENS_FRONT. Plain floats: set them with whatever GL
 * binding the caller uses.
 */
typedef struct
{
  float in_size[2];
  float lens_rot[18];
  float lens_geom[8];
  float lens_model[8];
  float lens_inv_gain[2];
  float blend_lo;
  float blend_inv_width;
} ScGlStitchUniforms;

const char *sc_gl_stitch_get_sample_source    (void);
void        sc_gl_stitch_get_uniforms         (const ScLensProfile  *profile,
                                               int                   in_width,
                                               int                   in_height,
                                               const double         *orientation,
                                               double                blend_deg,
                                               ScGlStitchUniforms   *out);
gboolean    sc_gl_stitch_register             (void);
gboolean    sc_gl_stitch_renderer_is_software (const char           *renderer);
gboolean    sc_gl_stitch_probe                (char                **renderer,
                                               GError              **error);
gboolean    sc_gl_stitch_should_use_gl        (gboolean              force_gl,
                                               char                **reason);

G_END_DECLS
