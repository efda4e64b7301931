/* sc-jpeg.c: walking a JPEG's marker segments
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-jpeg"

#include "config.h"

#include "sc-geotag-private.h"
#include "sc-jpeg-private.h"

/* Start of frame, of any coding (not DHT, JPG or DAC). */
gboolean
_sc_jpeg_marker_is_sof (guint8 marker)
{
  return marker >= 0xC0 && marker <= 0xCF &&
         marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

/*
 * Calls @func for every marker segment from SOI up to the scan (SOS not
 * included), every length checked against @len, then checks that an EOI
 * follows the scan: a truncated file has none (libjpeg would only warn and
 * paint it grey). Returns FALSE with @detail saying why when the data are
 * not a complete JPEG or @func stopped the walk.
 */
gboolean
_sc_jpeg_walk (const guint8      *d,
               gsize              len,
               ScJpegSegmentFunc  func,
               gpointer           user_data,
               const char       **detail)
{
  gsize pos = 2;

  if (len < 4 || d[0] != 0xFF || d[1] != 0xD8)
    {
      *detail = "no SOI";
      return FALSE;
    }

  for (;;)
    {
      ScJpegSegment segment = { 0 };
      gsize seg_len;

      segment.start = pos;
      if (pos + 2 > len || d[pos] != 0xFF)
        {
          *detail = "bad marker";
          return FALSE;
        }
      while (pos < len && d[pos] == 0xFF)
        pos++;
      if (pos >= len)
        {
          *detail = "truncated marker";
          return FALSE;
        }
      segment.marker = d[pos++];
      segment.marker_at = pos - 2;

      if (segment.marker == 0x01 || (segment.marker >= 0xD0 && segment.marker <= 0xD7))
        continue;
      if (segment.marker == 0xD9 || segment.marker == 0xD8 || segment.marker == 0x00)
        {
          *detail = "unexpected marker before SOS";
          return FALSE;
        }
      if (pos + 2 > len)
        {
          *detail = "truncated segment length";
          return FALSE;
        }
      seg_len = rd16 (d + pos);
      if (seg_len < 2 || pos + seg_len > len)
        {
          *detail = "segment past the end";
          return FALSE;
        }
      segment.payload = pos + 2;
      segment.end = pos + seg_len;

      if (segment.marker == 0xDA)
        {
          /* A complete file ends with EOI, maybe followed by padding:
           * look from the end rather than through the whole scan. */
          for (gsize i = len; i >= segment.end + 2; i--)
            if (d[i - 2] == 0xFF && d[i - 1] == 0xD9)
              return TRUE;
          *detail = "no EOI: truncated";
          return FALSE;
        }

      if (func != NULL && !func (d, &segment, user_data, detail))
        return FALSE;

      pos = segment.end;
    }
}
