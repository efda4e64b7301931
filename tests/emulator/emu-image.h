/* emu-image.h: RGB images and JPEG coding for the camera emulator
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A packed 8-bit RGB image. The stride is rounded up to 4 bytes, the row
 * alignment GStreamer uses for video/x-raw,format=RGB, so frames can be
 * pushed into appsrc without a copy per row. */
typedef struct
{
  int     width;
  int     height;
  int     stride;
  guint8 *data;
} ScEmuImage;

typedef struct _ScEmuJpegEncoder ScEmuJpegEncoder;

ScEmuImage       *sc_emu_image_new              (int                width,
                                                 int                height);
void              sc_emu_image_free             (ScEmuImage        *image);
ScEmuImage       *sc_emu_image_downscale        (const ScEmuImage  *image,
                                                 int                width,
                                                 int                height);
void              sc_emu_image_sample_bilinear  (const ScEmuImage  *image,
                                                 float              x,
                                                 float              y,
                                                 float              rgb[3]);
ScEmuImage       *sc_emu_image_decode_jpeg      (GBytes            *jpeg,
                                                 GError           **error);
GBytes           *sc_emu_image_encode_jpeg      (const ScEmuImage  *image,
                                                 int                quality,
                                                 GError           **error);

ScEmuJpegEncoder *sc_emu_jpeg_encoder_new       (int                quality);
GBytes           *sc_emu_jpeg_encoder_encode    (ScEmuJpegEncoder  *self,
                                                 const ScEmuImage  *image,
                                                 GError           **error);
void              sc_emu_jpeg_encoder_free      (ScEmuJpegEncoder  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScEmuImage, sc_emu_image_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScEmuJpegEncoder, sc_emu_jpeg_encoder_free)

G_END_DECLS
