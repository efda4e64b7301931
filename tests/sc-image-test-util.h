/* sc-image-test-util.h: decoded pictures for the stitching tests
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* RGBA, rows packed (stride = width × 4). */
typedef struct
{
  int     width;
  int     height;
  guint8 *rgba;
} ScTestImage;

void          sc_test_image_free               (ScTestImage *image);
ScTestImage  *sc_test_image_decode_jpeg        (const char  *path);
ScTestImage  *sc_test_image_decode_video_frame (const char  *path,
                                                int          index,
                                                int         *n_frames);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScTestImage, sc_test_image_free)

G_END_DECLS
