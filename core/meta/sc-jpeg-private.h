/* sc-jpeg-private.h: walking a JPEG's marker segments, shared by
 * geotagging, GPano and the stitched photo's metadata
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * One marker segment before the scan. @start is the first FF of the
 * marker (fill bytes included), @marker_at the FF right before the marker
 * byte, @payload the first byte after the two length bytes, @end the first
 * byte after the segment.
 */
typedef struct
{
  guint8 marker;
  gsize  start;
  gsize  marker_at;
  gsize  payload;
  gsize  end;
} ScJpegSegment;

/* Returns FALSE to stop the walk with @detail set (why, for the debug log). */
typedef gboolean (*ScJpegSegmentFunc) (const guint8         *data,
                                       const ScJpegSegment  *segment,
                                       gpointer              user_data,
                                       const char          **detail);

gboolean _sc_jpeg_walk       (const guint8      *data,
                              gsize              len,
                              ScJpegSegmentFunc  func,
                              gpointer           user_data,
                              const char       **detail);
gboolean _sc_jpeg_marker_is_sof (guint8 marker);

G_END_DECLS
