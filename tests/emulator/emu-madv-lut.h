/* emu-madv-lut.h: the Mi Sphere's lens LUT and gyro matrix, written from
 * the emulator's rig
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "emu-render.h"

G_BEGIN_DECLS

/* The grid the emulator writes (MADV-PROTOCOL.md §3.9: coarser than the
 * output; the reader interpolates). */
#define SC_EMU_MADV_LUT_WIDTH  432
#define SC_EMU_MADV_LUT_HEIGHT 216

/* The frame the LUT's positions are in, whatever the rig's size. */
#define SC_EMU_MADV_LUT_FRAME_WIDTH  3456
#define SC_EMU_MADV_LUT_FRAME_HEIGHT 1728

GBytes *sc_emu_madv_lut_new           (const ScEmuRig *rig,
                                       int             grid_width,
                                       int             grid_height,
                                       GError        **error);
void    sc_emu_madv_gyro_matrix       (const ScEmuRig *rig,
                                       float           gyro[9]);
void    sc_emu_madv_gyro_to_bytes     (const float     gyro[9],
                                       guint8          bytes[36]);

G_END_DECLS
