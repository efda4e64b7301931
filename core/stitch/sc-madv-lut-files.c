/* sc-madv-lut-files.c: where the Mi Sphere's (MADV) LUT block lives in a file
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads the LUT block from the JPEG trailer, the DNG's tag 0x9009, the
 * MP4's `lutz` box or an `app_lut.bin` (see sc-madv-lut.c for the layout),
 * with the file helpers the gyro readers share: bounded reads, the TIFF
 * IFD walk, the JPEG EXIF segment and the MP4 box walk.
 */

#include "config.h"

#include <string.h>

#include "sc-madv-lut.h"
#include "sc-madv-lut-private.h"

#define MAX_MP4_BOXES   200000
#define MAX_MP4_DEPTH   12
#define MAX_TIFF_IFDS   32

gboolean
_sc_madv_lut_source_open (ScMadvLutSource *src,
                          GFile           *file,
                          GCancellable    *cancellable,
                          GError         **error)
{
  g_autoptr(GFileInputStream) in = g_file_read (file, cancellable, error);

  if (in == NULL)
    return FALSE;
  if (!g_seekable_seek (G_SEEKABLE (in), 0, G_SEEK_END, cancellable, error))
    return FALSE;
  src->size = g_seekable_tell (G_SEEKABLE (in));
  src->in = G_INPUT_STREAM (g_steal_pointer (&in));
  src->cancellable = cancellable;
  return TRUE;
}

void
_sc_madv_lut_source_clear (ScMadvLutSource *src)
{
  g_clear_object (&src->in);
}

/* Reads exactly @length bytes at @offset; past the end is a damaged file. */
gboolean
_sc_madv_lut_source_read (ScMadvLutSource *src,
                          goffset          offset,
                          void            *buf,
                          gsize            length,
                          GError         **error)
{
  gsize n = 0;

  if (offset < 0 || offset > src->size || (goffset)length > src->size - offset)
    {
      _sc_madv_lut_set_invalid (error, "read past the end of the file");
      return FALSE;
    }
  if (!g_seekable_seek (G_SEEKABLE (src->in), offset, G_SEEK_SET, src->cancellable, error) ||
      !g_input_stream_read_all (src->in, buf, length, &n, src->cancellable, error))
    return FALSE;
  if (n != length)
    {
      _sc_madv_lut_set_invalid (error, "short read");
      return FALSE;
    }
  return TRUE;
}

GBytes *
_sc_madv_lut_source_read_bytes (ScMadvLutSource *src,
                                goffset          offset,
                                goffset          length,
                                GError         **error)
{
  g_autofree guint8 *buf = NULL;

  if (length <= 0 || length > SC_MADV_LUT_MAX_BLOCK_SIZE)
    {
      _sc_madv_lut_set_invalid (error, "LUT block size out of range");
      return NULL;
    }
  buf = g_malloc (length);
  if (!_sc_madv_lut_source_read (src, offset, buf, length, error))
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&buf), length);
}

ScMadvLutFileKind
_sc_madv_lut_sniff (const guint8 *head,
                    gsize         length)
{
  if (length >= 2 && head[0] == 0xff && head[1] == 0xd8)
    return SC_MADV_LUT_KIND_JPEG;
  if (length >= 4 && (memcmp (head, "II*\0", 4) == 0 || memcmp (head, "MM\0*", 4) == 0))
    return SC_MADV_LUT_KIND_TIFF;
  if (length >= 8 && (memcmp (head + 4, "ftyp", 4) == 0 || memcmp (head + 4, "moov", 4) == 0 ||
                      memcmp (head + 4, "mdat", 4) == 0 || memcmp (head + 4, "wide", 4) == 0 ||
                      memcmp (head + 4, "free", 4) == 0))
    return SC_MADV_LUT_KIND_MP4;
  return SC_MADV_LUT_KIND_OTHER;
}

/* JPEG trailer: [block][u32 LE L] after the EOI. */
static GBytes *
jpeg_trailer_block (ScMadvLutSource *src,
                    GError         **error)
{
  guint8 tail[4];
  guint32 L;

  if (src->size < 8)
    {
      _sc_madv_lut_set_no_lut (error);
      return NULL;
    }
  if (!_sc_madv_lut_source_read (src, src->size - 4, tail, 4, error))
    return NULL;
  if (tail[2] == 0xff && tail[3] == 0xd9)
    {
      /* ends with the EOI: nothing appended */
      _sc_madv_lut_set_no_lut (error);
      return NULL;
    }
  L = _sc_madv_lut_read_u32_le (tail);
  if (L < SC_MADV_LUT_HEADER_SIZE + 8 || (goffset)L > src->size - 4 - 2)
    {
      _sc_madv_lut_set_invalid (error, "JPEG trailer length out of range");
      return NULL;
    }
  return _sc_madv_lut_source_read_bytes (src, src->size - 4 - L, L, error);
}

/* TIFF (DNG files, and JPEG's EXIF APP1 in memory) */

gboolean
_sc_madv_lut_tiff_read (ScMadvLutTiff *t,
                        goffset        offset,
                        void          *buf,
                        gsize          length,
                        GError       **error)
{
  if (offset < 0 || offset > t->size || (goffset)length > t->size - offset)
    {
      _sc_madv_lut_set_invalid (error, "TIFF offset out of range");
      return FALSE;
    }
  if (t->src == NULL)
    {
      memcpy (buf, t->mem + offset, length);
      return TRUE;
    }
  return _sc_madv_lut_source_read (t->src, t->base + offset, buf, length, error);
}

static inline guint32
tiff_u32 (const ScMadvLutTiff *t,
          const guint8        *p)
{
  return t->big_endian ? _sc_madv_lut_read_u32_be (p) : _sc_madv_lut_read_u32_le (p);
}

static inline guint16
tiff_u16 (const ScMadvLutTiff *t,
          const guint8        *p)
{
  return t->big_endian ? (guint16)((p[0] << 8) | p[1]) : (guint16)(p[0] | (p[1] << 8));
}

gboolean
_sc_madv_lut_tiff_init (ScMadvLutTiff *t,
                        GError       **error)
{
  guint8 head[4];

  if (!_sc_madv_lut_tiff_read (t, 0, head, 4, error))
    return FALSE;
  if (memcmp (head, "II*\0", 4) == 0)
    t->big_endian = FALSE;
  else if (memcmp (head, "MM\0*", 4) == 0)
    t->big_endian = TRUE;
  else
    {
      _sc_madv_lut_set_invalid (error, "not a TIFF header");
      return FALSE;
    }
  return TRUE;
}

static const guint type_sizes[] = { 0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4 };

/* Finds @tag in IFD0 and the IFDs it links to (next IFDs, the Exif IFD,
 * SubIFDs); its value's offset and length in bytes. FALSE without an error
 * when it is not there. */
gboolean
_sc_madv_lut_tiff_find_tag (ScMadvLutTiff *t,
                            guint16        tag,
                            goffset       *value_offset,
                            gsize         *value_length,
                            gboolean      *found,
                            GError       **error)
{
  goffset queue[MAX_TIFF_IFDS];
  guint n_queue = 0, n_done = 0;
  guint8 buf[12];

  *found = FALSE;
  if (!_sc_madv_lut_tiff_read (t, 4, buf, 4, error))
    return FALSE;
  queue[n_queue++] = tiff_u32 (t, buf);

  while (n_done < n_queue)
    {
      goffset ifd = queue[n_done++];
      guint count;

      if (ifd == 0)
        continue;
      if (!_sc_madv_lut_tiff_read (t, ifd, buf, 2, error))
        return FALSE;
      count = tiff_u16 (t, buf);
      for (guint i = 0; i < count; i++)
        {
          guint16 etag, type;
          guint32 n, value;
          guint64 length;

          if (!_sc_madv_lut_tiff_read (t, ifd + 2 + 12 * (goffset)i, buf, 12, error))
            return FALSE;
          etag = tiff_u16 (t, buf);
          type = tiff_u16 (t, buf + 2);
          n = tiff_u32 (t, buf + 4);
          value = tiff_u32 (t, buf + 8);
          length = (guint64)n * (type < G_N_ELEMENTS (type_sizes) ? type_sizes[type] : 1);

          if (etag == tag)
            {
              *value_offset = length <= 4 ? ifd + 2 + 12 * (goffset)i + 8 : (goffset)value;
              if (length > (guint64)t->size || *value_offset > t->size ||
                  (goffset)length > t->size - *value_offset)
                {
                  _sc_madv_lut_set_invalid (error, "TIFF value out of range");
                  return FALSE;
                }
              *value_length = (gsize)length;
              *found = TRUE;
              return TRUE;
            }
          if ((etag == 0x8769 || etag == 0x014a) && n_queue < MAX_TIFF_IFDS)
            {
              if (etag == 0x014a && n > 1)
                {
                  /* SubIFDs: an array of offsets */
                  for (guint32 k = 0; k < n && n_queue < MAX_TIFF_IFDS; k++)
                    {
                      guint8 off[4];

                      if (!_sc_madv_lut_tiff_read (t, (goffset)value + 4 * (goffset)k, off, 4, error))
                        return FALSE;
                      queue[n_queue++] = tiff_u32 (t, off);
                    }
                }
              else
                queue[n_queue++] = value;
            }
        }
      /* the next IFD */
      if (!_sc_madv_lut_tiff_read (t, ifd + 2 + 12 * (goffset)count, buf, 4, error))
        return FALSE;
      if (n_queue < MAX_TIFF_IFDS)
        queue[n_queue++] = tiff_u32 (t, buf);
    }

  return TRUE;
}

/* The EXIF APP1 payload after "Exif\0\0" (a TIFF), or NULL without an
 * error when there is none. */
GBytes *
_sc_madv_lut_jpeg_exif (ScMadvLutSource *src,
                        GError         **error)
{
  goffset pos = 2;

  for (guint i = 0; i < 64 && pos + 4 <= src->size; i++)
    {
      guint8 marker[4];
      guint length;

      if (!_sc_madv_lut_source_read (src, pos, marker, 4, error))
        return NULL;
      if (marker[0] != 0xff)
        {
          _sc_madv_lut_set_invalid (error, "JPEG marker expected");
          return NULL;
        }
      if (marker[1] == 0xda || marker[1] == 0xd9)
        break;
      length = (marker[2] << 8) | marker[3];
      if (length < 2)
        {
          _sc_madv_lut_set_invalid (error, "JPEG segment too short");
          return NULL;
        }
      if (marker[1] == 0xe1 && length >= 2 + 6 + 8)
        {
          guint8 id[6];

          if (!_sc_madv_lut_source_read (src, pos + 4, id, 6, error))
            return NULL;
          if (memcmp (id, "Exif\0\0", 6) == 0)
            {
              g_autofree guint8 *buf = g_malloc (length - 8);

              if (!_sc_madv_lut_source_read (src, pos + 10, buf, length - 8, error))
                return NULL;
              return g_bytes_new_take (g_steal_pointer (&buf), length - 8);
            }
        }
      pos += 2 + length;
    }

  return NULL;
}

/* MP4 box tree */

static gboolean
is_container (const guint8 type[4])
{
  static const char containers[][5] = {
    "moov", "trak", "mdia", "minf", "stbl", "udta", "edts", "dinf",
    "mvex", "moof", "traf", "mfra", "meta", "madv",
  };

  for (guint i = 0; i < G_N_ELEMENTS (containers); i++)
    if (memcmp (type, containers[i], 4) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
mp4_walk (ScMadvLutSource   *src,
          goffset            start,
          goffset            end,
          guint              depth,
          ScMadvLutMp4Boxes *boxes,
          GError           **error)
{
  goffset pos = start;

  if (depth > MAX_MP4_DEPTH)
    return TRUE;

  while (end - pos >= 8)
    {
      guint8 head[16];
      guint64 size;
      goffset header = 8;

      if (++boxes->n_boxes > MAX_MP4_BOXES)
        {
          _sc_madv_lut_set_invalid (error, "too many MP4 boxes");
          return FALSE;
        }
      if (!_sc_madv_lut_source_read (src, pos, head, 8, error))
        return FALSE;
      size = _sc_madv_lut_read_u32_be (head);
      if (size == 1)
        {
          if (end - pos < 16 || !_sc_madv_lut_source_read (src, pos + 8, head + 8, 8, error))
            break;
          size = ((guint64)_sc_madv_lut_read_u32_be (head + 8) << 32) | _sc_madv_lut_read_u32_be (head + 12);
          header = 16;
        }
      else if (size == 0)
        size = end - pos;
      if (size < (guint64)header || size > (guint64)(end - pos))
        {
          /* a truncated file: keep what was found */
          g_debug ("MADV: MP4 box %.4s at %" G_GOFFSET_FORMAT " runs past its parent", head + 4, pos);
          break;
        }

      if (is_container (head + 4))
        {
          goffset child = pos + header;

          if (memcmp (head + 4, "meta", 4) == 0)
            child += 4;   /* a full box: version and flags */
          if (!mp4_walk (src, child, pos + (goffset)size, depth + 1, boxes, error))
            return FALSE;
        }
      else if (memcmp (head + 4, "lutz", 4) == 0 && boxes->lutz_length == 0)
        {
          boxes->lutz_offset = pos + header;
          boxes->lutz_length = (goffset)size - header;
        }
      else if ((memcmp (head + 4, "tlyd", 4) == 0 && !boxes->gyro_is_tlyd) ||
               (memcmp (head + 4, "GYRA", 4) == 0 && boxes->gyro_length == 0))
        {
          boxes->gyro_offset = pos + header;
          boxes->gyro_length = (goffset)size - header;
          boxes->gyro_is_tlyd = memcmp (head + 4, "tlyd", 4) == 0;
        }
      else if (memcmp (head + 4, "fltr", 4) == 0 && (goffset)size - header >= 4)
        {
          guint8 v[4];

          if (!_sc_madv_lut_source_read (src, pos + header, v, 4, error))
            return FALSE;
          boxes->fltr = _sc_madv_lut_read_u32_le (v);
        }

      pos += (goffset)size;
    }

  return TRUE;
}

gboolean
_sc_madv_lut_mp4_find (ScMadvLutSource   *src,
                       ScMadvLutMp4Boxes *boxes,
                       GError           **error)
{
  memset (boxes, 0, sizeof *boxes);
  return mp4_walk (src, 0, src->size, 0, boxes, error);
}

/**
 * sc_madv_lut_read_block:
 * @file: a Mi Sphere JPEG, DNG or MP4, or an `app_lut.bin`
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the raw LUT block from @file (the JPEG trailer, the DNG's tag
 * 0x9009, the MP4's `lutz` box, or the whole `app_lut.bin`), reading only
 * what it needs. The block is not decoded: see sc_madv_lut_new_from_bytes().
 *
 * Returns: (transfer full) (nullable): the block, or %NULL with
 *   %SC_MADV_LUT_ERROR_NOT_FOUND when the file has none,
 *   %SC_MADV_LUT_ERROR_INVALID when it is damaged, or an I/O error
 */
GBytes *
sc_madv_lut_read_block (GFile         *file,
                        GCancellable  *cancellable,
                        GError       **error)
{
  ScMadvLutSource src = { 0 };
  guint8 head[8] = { 0 };
  GBytes *block = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!_sc_madv_lut_source_open (&src, file, cancellable, error))
    return NULL;

  if (!_sc_madv_lut_source_read (&src, 0, head, MIN (src.size, (goffset)sizeof head), error))
    goto out;

  switch (_sc_madv_lut_sniff (head, MIN (src.size, (goffset)sizeof head)))
    {
    case SC_MADV_LUT_KIND_JPEG:
      block = jpeg_trailer_block (&src, error);
      break;

    case SC_MADV_LUT_KIND_TIFF:
      {
        ScMadvLutTiff t = { .src = &src, .size = src.size };
        goffset offset = 0;
        gsize length = 0;
        gboolean found = FALSE;

        if (_sc_madv_lut_tiff_init (&t, error) &&
            _sc_madv_lut_tiff_find_tag (&t, 0x9009, &offset, &length, &found, error))
          {
            if (found)
              block = _sc_madv_lut_source_read_bytes (&src, offset, length, error);
            else
              _sc_madv_lut_set_no_lut (error);
          }
      }
      break;

    case SC_MADV_LUT_KIND_MP4:
      {
        ScMadvLutMp4Boxes boxes;

        if (_sc_madv_lut_mp4_find (&src, &boxes, error))
          {
            if (boxes.lutz_length > 0)
              block = _sc_madv_lut_source_read_bytes (&src, boxes.lutz_offset, boxes.lutz_length, error);
            else
              _sc_madv_lut_set_no_lut (error);
          }
      }
      break;

    case SC_MADV_LUT_KIND_OTHER:
    default:
      if (src.size < SC_MADV_LUT_HEADER_SIZE + 8)
        _sc_madv_lut_set_no_lut (error);
      else
        block = _sc_madv_lut_source_read_bytes (&src, 0, src.size, error);
      break;
    }

out:
  _sc_madv_lut_source_clear (&src);
  return block;
}

/**
 * sc_madv_lut_load:
 * @file: a Mi Sphere JPEG, DNG or MP4, or an `app_lut.bin`
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * sc_madv_lut_read_block() and sc_madv_lut_new_from_bytes(). Blocking:
 * call it from a worker thread.
 *
 * Returns: (transfer full) (nullable): the LUT, or %NULL (see
 *   sc_madv_lut_read_block() for the errors)
 */
ScMadvLut *
sc_madv_lut_load (GFile         *file,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GBytes) block = sc_madv_lut_read_block (file, cancellable, error);

  if (block == NULL)
    return NULL;
  return sc_madv_lut_new_from_bytes (block, error);
}

/**
 * sc_madv_lut_load_if_any:
 * @file: a photo, video or LUT file
 * @cancellable: (nullable): a #GCancellable
 *
 * For the stitchers: the lens LUT @file carries, or %NULL when it carries
 * none, cannot be read or carries a damaged one (then the lens model does
 * the job; a damaged LUT is logged as a warning).
 *
 * Returns: (transfer full) (nullable): the LUT
 */
ScMadvLut *
sc_madv_lut_load_if_any (GFile        *file,
                         GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  ScMadvLut *lut;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  lut = sc_madv_lut_load (file, cancellable, &error);
  if (lut == NULL && !g_error_matches (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_NOT_FOUND))
    {
      name = g_file_get_basename (file);
      g_warning ("The lens table in %s is unusable, stitching with the lens model: %s",
                 name, error->message);
    }
  return lut;
}
