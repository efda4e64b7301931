/* sc-photo-meta.h
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
 * ScPhotoMeta:
 * @make: (nullable): EXIF Make
 * @model: (nullable): EXIF Model
 * @lens_json: (nullable): the lens JSON the EXIF UserComment carries
 *   ("ASCII\0\0\0" + a "spherecam_lens_model" object, as the emulator
 *   writes it), %NULL when it carries none
 * @has_gps: the EXIF has a GPS IFD with a position
 * @has_madv_gyro: a MADV camera (Make "MADV", Model "MJXJ…"/"QJXJ…") put
 *   its gravity matrix in the UserComment
 * @madv_gyro: that matrix (see sc_madv_gyro_to_orientation())
 *
 * What the stitcher needs from a photo's EXIF. Free the strings with
 * sc_photo_meta_clear().
 */
typedef struct
{
  char     *make;
  char     *model;
  char     *lens_json;
  gboolean  has_gps;
  gboolean  has_madv_gyro;
  float     madv_gyro[9];
} ScPhotoMeta;

void      sc_photo_meta_clear       (ScPhotoMeta   *meta);
gboolean  sc_photo_meta_read        (GBytes        *jpeg,
                                     ScPhotoMeta   *meta,
                                     GError       **error);
GBytes   *sc_photo_meta_carry_exif  (GBytes        *source,
                                     GBytes        *jpeg,
                                     guint          width,
                                     guint          height,
                                     GError       **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScPhotoMeta, sc_photo_meta_clear)

G_END_DECLS
