/* sc-mp4-private.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sc-geotag-private.h"

G_BEGIN_DECLS

/* Small, bounds-checked ISO BMFF (MP4) box reading and moov rewriting, shared
 * by the geotag writer (moov/udta/©xyz) and the spherical metadata writer
 * (moov/trak/uuid, st3d/sv3d in the sample entry). Implemented in
 * sc-geotag-mp4.c. Every box length is checked against its parent; 64-bit
 * sizes (size 1) and size 0 (to the end of the parent) are handled. */

typedef struct
{
  guint64 offset;   /* of the box header, in its parent buffer or file */
  guint64 size;     /* the whole box */
  guint32 header;   /* 8 or 16 */
  char    type[4];
} Mp4Box;

typedef struct
{
  int      fd;
  guint64  file_size;
  Mp4Box   moov;
  guint8  *moov_data;   /* the whole moov box, header included */
} Mp4File;

#define MP4_BOX_IS(box, t) (memcmp ((box)->type, (t), 4) == 0)

gboolean _sc_mp4_corrupt               (GError        **error,
                                        const char     *detail);
gboolean _sc_mp4_box_parse             (const guint8   *d,
                                        gsize           pos,
                                        gsize           end,
                                        Mp4Box         *box,
                                        GError        **error);
gboolean _sc_mp4_pread_all             (int             fd,
                                        guint8         *buf,
                                        gsize           len,
                                        guint64         offset,
                                        GError        **error);
gboolean _sc_mp4_open                  (const char     *path,
                                        Mp4File        *mp4,
                                        GError        **error);
void     _sc_mp4_clear                 (Mp4File        *mp4);
void     _sc_mp4_append_box_header     (GByteArray     *out,
                                        guint32         size,
                                        const char     *type);
gboolean _sc_mp4_finish_moov           (const Mp4File  *mp4,
                                        GByteArray     *moov,
                                        gboolean        fragmented,
                                        GError        **error);
gboolean _sc_mp4_replace_moov          (const char     *path,
                                        Mp4File        *mp4,
                                        GByteArray     *moov,
                                        GCancellable   *cancellable,
                                        GError        **error);

/* In sc-spherical-mp4.c: the local path of @file, or an error. */
char    *_sc_spherical_get_local_path  (GFile          *file,
                                        GError        **error);

G_END_DECLS
