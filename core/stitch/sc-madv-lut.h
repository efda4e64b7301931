/* sc-madv-lut.h: the Mi Sphere's (MADV) lens LUT and gyro matrices
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * SC_MADV_LUT_ERROR:
 *
 * Error domain of the MADV LUT and gyro readers. Codes are #ScMadvLutError.
 */
#define SC_MADV_LUT_ERROR (sc_madv_lut_error_quark ())

/**
 * ScMadvLutError:
 * @SC_MADV_LUT_ERROR_NOT_FOUND: the file carries no LUT (or no gyro data)
 * @SC_MADV_LUT_ERROR_INVALID: the LUT or gyro data is damaged or truncated
 */
typedef enum
{
  SC_MADV_LUT_ERROR_NOT_FOUND,
  SC_MADV_LUT_ERROR_INVALID,
} ScMadvLutError;

/**
 * SC_MADV_LUT_FRAME_WIDTH:
 *
 * Width of the dual-fisheye frame the LUT's source positions refer to
 * (they are scaled to the real frame).
 */
#define SC_MADV_LUT_FRAME_WIDTH  3456
/**
 * SC_MADV_LUT_FRAME_HEIGHT:
 *
 * Height of the frame the LUT's source positions refer to.
 */
#define SC_MADV_LUT_FRAME_HEIGHT 1728

/**
 * SC_MADV_LUT_MAX_BLOCK_SIZE:
 *
 * The largest LUT block the readers accept, in bytes.
 */
#define SC_MADV_LUT_MAX_BLOCK_SIZE (64 * 1024 * 1024)

/**
 * ScMadvLut:
 *
 * A decoded MADV lens LUT (MADV-PROTOCOL.md §3.9): for each lens, the
 * source position in a 3456×1728 side-by-side dual-fisheye frame of every
 * point of a coarse equirectangular grid. Immutable, reference counted.
 */
typedef struct _ScMadvLut ScMadvLut;

#define SC_TYPE_MADV_LUT (sc_madv_lut_get_type ())

GQuark      sc_madv_lut_error_quark        (void);
GType       sc_madv_lut_get_type           (void) G_GNUC_CONST;

ScMadvLut  *sc_madv_lut_new_from_bytes     (GBytes        *block,
                                            GError       **error);
ScMadvLut  *sc_madv_lut_load               (GFile         *file,
                                            GCancellable  *cancellable,
                                            GError       **error);
ScMadvLut  *sc_madv_lut_load_if_any        (GFile         *file,
                                            GCancellable  *cancellable);
GBytes     *sc_madv_lut_read_block         (GFile         *file,
                                            GCancellable  *cancellable,
                                            GError       **error);
ScMadvLut  *sc_madv_lut_ref                (ScMadvLut     *self);
void        sc_madv_lut_unref              (ScMadvLut     *self);
int         sc_madv_lut_get_grid_width     (const ScMadvLut *self);
int         sc_madv_lut_get_grid_height    (const ScMadvLut *self);
void        sc_madv_lut_lookup             (const ScMadvLut *self,
                                            guint          lens,
                                            double         lambda,
                                            double         phi,
                                            double        *x,
                                            double        *y);

gboolean    sc_madv_gyro_from_user_comment (const guint8  *data,
                                            gsize          length,
                                            float          gyro[9],
                                            GError       **error);
gboolean    sc_madv_gyro_from_hex          (const char    *hex,
                                            float          gyro[9],
                                            GError       **error);
gboolean    sc_madv_gyro_read_photo        (GFile         *file,
                                            float          gyro[9],
                                            GCancellable  *cancellable,
                                            GError       **error);
float      *sc_madv_gyro_read_mp4          (GFile         *file,
                                            guint         *n_frames,
                                            GCancellable  *cancellable,
                                            GError       **error);
void        sc_madv_gyro_to_orientation    (const float    gyro[9],
                                            double         m[9]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScMadvLut, sc_madv_lut_unref)

G_END_DECLS
