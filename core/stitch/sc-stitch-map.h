/* sc-stitch-map.h: the CPU stitcher (dual-fisheye → equirectangular LUT)
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include "sc-lens.h"
#include "sc-madv-lut.h"

G_BEGIN_DECLS

/**
 * SC_STITCH_DEFAULT_BLEND_DEG:
 *
 * The default width of the feathered band around the seam, in degrees.
 */
#define SC_STITCH_DEFAULT_BLEND_DEG 10.0

/**
 * ScStitchMap:
 *
 * A per-output-pixel lookup table from an equirectangular frame to a
 * dual-fisheye frame (source position in fixed point, lens, blend weight),
 * computed once per profile, frame sizes, orientation and blend width.
 * Reference counted; sc_stitch_map_apply_rgba() may run from several
 * threads at once on one map.
 */
typedef struct _ScStitchMap ScStitchMap;

#define SC_TYPE_STITCH_MAP (sc_stitch_map_get_type ())

GType        sc_stitch_map_get_type          (void) G_GNUC_CONST;
ScStitchMap *sc_stitch_map_new               (const ScLensProfile *profile,
                                              int                  in_width,
                                              int                  in_height,
                                              int                  out_width,
                                              int                  out_height,
                                              const double        *orientation,
                                              double               blend_deg,
                                              int                  n_threads);
ScStitchMap *sc_stitch_map_new_from_madv_lut (const ScMadvLut     *lut,
                                              int                  in_width,
                                              int                  in_height,
                                              int                  out_width,
                                              int                  out_height,
                                              const double        *orientation,
                                              double               blend_deg,
                                              int                  n_threads);
ScStitchMap *sc_stitch_map_ref               (ScStitchMap         *self);
void         sc_stitch_map_unref             (ScStitchMap         *self);
int          sc_stitch_map_get_in_width      (ScStitchMap         *self);
int          sc_stitch_map_get_in_height     (ScStitchMap         *self);
int          sc_stitch_map_get_out_width     (ScStitchMap         *self);
int          sc_stitch_map_get_out_height    (ScStitchMap         *self);
void         sc_stitch_map_apply_rgba        (ScStitchMap         *self,
                                              const guint8        *src,
                                              int                  src_stride,
                                              guint8              *dst,
                                              int                  dst_stride,
                                              int                  n_threads);

gboolean     sc_lens_profile_estimate_gains  (ScLensProfile       *profile,
                                              const guint8        *rgba,
                                              int                  width,
                                              int                  height,
                                              int                  stride,
                                              GError             **error);
void         sc_lens_profile_ensure_gains    (ScLensProfile       *profile,
                                              const guint8        *rgba,
                                              int                  width,
                                              int                  height,
                                              int                  stride);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScStitchMap, sc_stitch_map_unref)

G_END_DECLS
