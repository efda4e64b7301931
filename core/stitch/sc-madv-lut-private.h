/* sc-madv-lut-private.h: what sc-madv-lut*.c and sc-madv-gyro.c share
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <gio/gio.h>

G_BEGIN_DECLS

/* The Mi Sphere's LUT and gyro readers; the work is split by concern:
 *   sc-madv-lut.c        the LUT object: the block, its PNG planes, lookups;
 *                        the errors all of them set
 *   sc-madv-lut-files.c  the LUT block in a JPEG, DNG, MP4 or app_lut.bin,
 *                        and the bounded file, TIFF, EXIF and MP4 box readers
 *   sc-madv-gyro.c       the gyro matrices in photos, MP4s and 1026's hex */

#define SC_MADV_LUT_N_PLANES     8
#define SC_MADV_LUT_HEADER_SIZE  (SC_MADV_LUT_N_PLANES * 8)

/* A file read with bounds checks (sc-madv-lut-files.c). */
typedef struct
{
  GInputStream *in;
  goffset       size;
  GCancellable *cancellable;
} ScMadvLutSource;

typedef enum
{
  SC_MADV_LUT_KIND_OTHER,
  SC_MADV_LUT_KIND_JPEG,
  SC_MADV_LUT_KIND_TIFF,
  SC_MADV_LUT_KIND_MP4,
} ScMadvLutFileKind;

/* TIFF (DNG files, and JPEG's EXIF APP1 in memory) */
typedef struct
{
  ScMadvLutSource *src;      /* a file, or NULL for @mem */
  const guint8    *mem;
  goffset          base;     /* TIFF header position in the file */
  goffset          size;     /* TIFF size */
  gboolean         big_endian;
} ScMadvLutTiff;

/* What the MP4 box tree walk found */
typedef struct
{
  goffset  lutz_offset;
  goffset  lutz_length;
  goffset  gyro_offset;
  goffset  gyro_length;
  gboolean gyro_is_tlyd;
  guint32  fltr;
  guint    n_boxes;
} ScMadvLutMp4Boxes;

static inline guint32
_sc_madv_lut_read_u32_le (const guint8 *p)
{
  return (guint32)p[0] | ((guint32)p[1] << 8) | ((guint32)p[2] << 16) | ((guint32)p[3] << 24);
}

static inline guint32
_sc_madv_lut_read_u32_be (const guint8 *p)
{
  return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | (guint32)p[3];
}

static inline float
_sc_madv_lut_read_f32_le (const guint8 *p)
{
  guint32 bits = _sc_madv_lut_read_u32_le (p);
  float f;

  memcpy (&f, &bits, 4);
  return f;
}

/* sc-madv-lut.c */
void              _sc_madv_lut_set_invalid       (GError           **error,
                                                  const char        *detail);
void              _sc_madv_lut_set_no_lut        (GError           **error);
void              _sc_madv_lut_set_no_gyro       (GError           **error);

/* sc-madv-lut-files.c */
gboolean          _sc_madv_lut_source_open       (ScMadvLutSource   *src,
                                                  GFile             *file,
                                                  GCancellable      *cancellable,
                                                  GError           **error);
void              _sc_madv_lut_source_clear      (ScMadvLutSource   *src);
gboolean          _sc_madv_lut_source_read       (ScMadvLutSource   *src,
                                                  goffset            offset,
                                                  void              *buf,
                                                  gsize              length,
                                                  GError           **error);
GBytes           *_sc_madv_lut_source_read_bytes (ScMadvLutSource   *src,
                                                  goffset            offset,
                                                  goffset            length,
                                                  GError           **error);
ScMadvLutFileKind _sc_madv_lut_sniff             (const guint8      *head,
                                                  gsize              length);
gboolean          _sc_madv_lut_tiff_read         (ScMadvLutTiff     *t,
                                                  goffset            offset,
                                                  void              *buf,
                                                  gsize              length,
                                                  GError           **error);
gboolean          _sc_madv_lut_tiff_init         (ScMadvLutTiff     *t,
                                                  GError           **error);
gboolean          _sc_madv_lut_tiff_find_tag     (ScMadvLutTiff     *t,
                                                  guint16            tag,
                                                  goffset           *value_offset,
                                                  gsize             *value_length,
                                                  gboolean          *found,
                                                  GError           **error);
GBytes           *_sc_madv_lut_jpeg_exif         (ScMadvLutSource   *src,
                                                  GError           **error);
gboolean          _sc_madv_lut_mp4_find          (ScMadvLutSource   *src,
                                                  ScMadvLutMp4Boxes *boxes,
                                                  GError           **error);

G_END_DECLS
