/* sc-geotag-private.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sc-geotag.h"

G_BEGIN_DECLS

#define COPY_CHUNK_SIZE   (1024 * 1024)
/* A moov this large is not something a camera writes; refuse, do not OOM. */
#define MAX_MOOV_SIZE     (G_GUINT64_CONSTANT (256) * 1024 * 1024)
#define JPEG_MAX_SEGMENT  65535
#define EXIF_HEADER       "Exif\0\0"
#define EXIF_HEADER_LEN   6
/* Packed ISO-639-2 "und", as ffmpeg writes it. */
#define MP4_LANG_UND      0x55C4
#define BOX_XYZ           "\xa9xyz"

/* The temporary file being written next to the final one. */
typedef struct
{
  char *path;
  char *tmp_path;
  int   fd;
} TmpFile;

void _sc_geotag_tmp_file_abort (TmpFile *tmp);
void _sc_geotag_set_io_error_from_errno (GError **error, int saved_errno, const char *message);
gboolean _sc_geotag_tmp_file_open (TmpFile *tmp, const char *path, GError **error);
gboolean _sc_geotag_write_all (int fd, const guint8 *data, gsize len, GError **error);
gboolean _sc_geotag_tmp_file_commit (TmpFile *tmp, GError **error);
char *_sc_geotag_get_local_path (GFile *file, GError **error);
gboolean _sc_geotag_validate_location (const ScGeoLocation *location, GError **error);
void _sc_geotag_set_refused_error (GError **error);

static inline guint64
round_positive (double value)
{
  g_assert (value >= 0);
  return (guint64) (value + 0.5);
}

static inline guint16
rd16 (const guint8 *p)
{
  return (guint16) ((p[0] << 8) | p[1]);
}

static inline guint32
rd32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static inline guint64
rd64 (const guint8 *p)
{
  return ((guint64) rd32 (p) << 32) | rd32 (p + 4);
}

static inline void
wr16 (guint8  *p,
      guint16  v)
{
  p[0] = v >> 8;
  p[1] = v & 0xff;
}

static inline void
wr32 (guint8  *p,
      guint32  v)
{
  p[0] = v >> 24;
  p[1] = (v >> 16) & 0xff;
  p[2] = (v >> 8) & 0xff;
  p[3] = v & 0xff;
}

static inline void
wr64 (guint8  *p,
      guint64  v)
{
  wr32 (p, v >> 32);
  wr32 (p + 4, v & 0xffffffff);
}

G_END_DECLS
