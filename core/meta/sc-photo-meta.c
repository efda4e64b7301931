/* sc-photo-meta.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-photo-meta"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libexif/exif-data.h>

#include "sc-core.h"
#include "sc-geotag-private.h"
#include "sc-jpeg-private.h"

/* EXIF carried from a camera photo to a photo made from it (the stitched
 * equirectangular JPEG), with libexif (PROTOCOLS.md §3.7, R1–R3): IFD0
 * Make, Model, Orientation and DateTime, the Exif dates and colour space,
 * the whole GPS IFD, and new PixelX/YDimension. The rest is left behind on
 * purpose: the maker note, the thumbnail and the UserComment (the lens JSON
 * describes the fisheye picture, not the stitched one). */

#define USER_COMMENT_ASCII     "ASCII\0\0\0"
#define USER_COMMENT_ASCII_LEN 8
#define TAG_OFFSET_TIME          0x9010
#define TAG_OFFSET_TIME_ORIGINAL 0x9011
#define TAG_OFFSET_TIME_DIGITIZED 0x9012

typedef struct
{
  gsize exif_start;   /* payload start ("Exif\0\0"), or 0 when absent */
  gsize exif_len;
  gsize insert_at;    /* where a new Exif APP1 segment goes */
} Layout;

static gboolean
jpeg_damaged (GError     **error,
              const char  *detail)
{
  g_debug ("Not a usable JPEG: %s", detail);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The photo is damaged or truncated. Copy it from the camera again."));
  return FALSE;
}

static gboolean
find_exif_cb (const guint8         *d,
              const ScJpegSegment  *segment,
              gpointer              user_data,
              const char          **detail)
{
  Layout *layout = user_data;

  if (segment->start == 2 && segment->marker == 0xE0)
    layout->insert_at = segment->end;
  if (segment->marker == 0xE1 && layout->exif_start == 0 &&
      segment->end - segment->payload >= EXIF_HEADER_LEN &&
      memcmp (d + segment->payload, EXIF_HEADER, EXIF_HEADER_LEN) == 0)
    {
      layout->exif_start = segment->payload;
      layout->exif_len = segment->end - segment->payload;
    }

  return TRUE;
}

/* Walks the markers up to SOS and checks that an EOI follows the scan. */
static gboolean
jpeg_parse (const guint8  *d,
            gsize          len,
            Layout        *layout,
            GError       **error)
{
  const char *detail = NULL;

  memset (layout, 0, sizeof *layout);
  layout->insert_at = 2;

  if (!_sc_jpeg_walk (d, len, find_exif_cb, layout, &detail))
    return jpeg_damaged (error, detail);

  return TRUE;
}

static ExifData *
exif_load (const guint8 *d,
           const Layout *layout)
{
  ExifData *ed = exif_data_new ();

  exif_data_unset_option (ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  exif_data_unset_option (ed, EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS);
  exif_data_set_option (ed, EXIF_DATA_OPTION_DONT_CHANGE_MAKER_NOTE);
  if (layout->exif_start != 0)
    exif_data_load_data (ed, d + layout->exif_start, layout->exif_len);

  return ed;
}

static char *
entry_get_string (ExifContent *content,
                  ExifTag      tag)
{
  ExifEntry *e = exif_content_get_entry (content, tag);
  g_autofree char *s = NULL;

  if (e == NULL || e->data == NULL || e->size == 0 || e->format != EXIF_FORMAT_ASCII)
    return NULL;
  s = g_strstrip (g_strndup ((const char *) e->data, e->size));
  if (*s == '\0' || !g_utf8_validate (s, -1, NULL))
    return NULL;

  return g_steal_pointer (&s);
}

/**
 * sc_photo_meta_clear:
 * @meta: an #ScPhotoMeta
 *
 * Frees the strings of @meta and zeroes it.
 */
void
sc_photo_meta_clear (ScPhotoMeta *meta)
{
  g_return_if_fail (meta != NULL);

  g_free (meta->make);
  g_free (meta->model);
  g_free (meta->lens_json);
  memset (meta, 0, sizeof *meta);
}

/**
 * sc_photo_meta_read:
 * @jpeg: the bytes of a JPEG photo
 * @meta: (out caller-allocates): what its EXIF says (clear it with
 *   sc_photo_meta_clear())
 * @error: return location for a #GError
 *
 * Checks that @jpeg is a complete JPEG (markers up to the scan, and an EOI
 * after it) and reads its Make, Model, lens JSON and whether it has GPS. A
 * photo without EXIF gives an empty @meta. Thread-safe.
 *
 * Returns: %TRUE on success; %FALSE with %G_IO_ERROR_INVALID_DATA for a
 *   damaged or truncated JPEG
 */
/* The vendor trusts the re-purposed tags only when both Make and Model are
 * a MADV camera's (MADV-PROTOCOL.md §3.7). */
static gboolean
is_madv (const ScPhotoMeta *meta)
{
  return g_strcmp0 (meta->make, "MADV") == 0 && meta->model != NULL &&
         (g_str_has_prefix (meta->model, "MJXJ") || g_str_has_prefix (meta->model, "QJXJ"));
}

gboolean
sc_photo_meta_read (GBytes       *jpeg,
                    ScPhotoMeta  *meta,
                    GError      **error)
{
  const guint8 *d;
  gsize len;
  Layout layout;
  ExifData *ed;
  ExifEntry *comment;

  g_return_val_if_fail (jpeg != NULL, FALSE);
  g_return_val_if_fail (meta != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (meta, 0, sizeof *meta);
  d = g_bytes_get_data (jpeg, &len);
  if (!jpeg_parse (d, len, &layout, error))
    return FALSE;
  if (layout.exif_start == 0)
    return TRUE;

  ed = exif_load (d, &layout);
  meta->make = entry_get_string (ed->ifd[EXIF_IFD_0], EXIF_TAG_MAKE);
  meta->model = entry_get_string (ed->ifd[EXIF_IFD_0], EXIF_TAG_MODEL);
  /* Not exif_data_get_entry(): it is IFD-agnostic (PROTOCOLS.md R3). */
  meta->has_gps = exif_content_get_entry (ed->ifd[EXIF_IFD_GPS], EXIF_TAG_GPS_LATITUDE) != NULL;

  comment = exif_content_get_entry (ed->ifd[EXIF_IFD_EXIF], EXIF_TAG_USER_COMMENT);
  if (comment != NULL && comment->data != NULL && comment->size > USER_COMMENT_ASCII_LEN &&
      memcmp (comment->data, USER_COMMENT_ASCII, USER_COMMENT_ASCII_LEN) == 0)
    {
      g_autofree char *text = g_strndup ((const char *) comment->data + USER_COMMENT_ASCII_LEN,
                                         comment->size - USER_COMMENT_ASCII_LEN);

      if (strstr (text, "\"spherecam_lens_model\"") != NULL && g_utf8_validate (text, -1, NULL))
        meta->lens_json = g_steal_pointer (&text);
    }
  else if (comment != NULL && comment->data != NULL && is_madv (meta) &&
           (comment->size == 36 || comment->size == 68))
    {
      /* A Mi Sphere's gravity matrix (MADV-PROTOCOL.md §3.7) */
      meta->has_madv_gyro = sc_madv_gyro_from_user_comment (comment->data, comment->size,
                                                            meta->madv_gyro, NULL);
    }

  exif_data_unref (ed);
  return TRUE;
}

/* Adds a copy of @src to @content. The tag is set before adding (R1); the
 * data is copied as it is, so both ExifData must share the byte order. */
static void
entry_copy (ExifContent *content,
            ExifEntry   *src)
{
  ExifMem *mem;
  ExifEntry *e;

  if (src == NULL || src->data == NULL || src->size == 0)
    return;

  mem = exif_mem_new_default ();
  e = exif_entry_new_mem (mem);
  e->tag = src->tag;
  e->format = src->format;
  e->components = src->components;
  e->size = src->size;
  e->data = exif_mem_alloc (mem, e->size);
  if (e->data != NULL)
    {
      memcpy (e->data, src->data, e->size);
      exif_content_add_entry (content, e);
    }
  exif_entry_unref (e);
  exif_mem_unref (mem);
}

static void
entry_put_long (ExifData    *ed,
                ExifContent *content,
                ExifTag      tag,
                guint32      value)
{
  ExifMem *mem = exif_mem_new_default ();
  ExifEntry *e = exif_entry_new_mem (mem);

  e->tag = tag;
  e->format = EXIF_FORMAT_LONG;
  e->components = 1;
  e->size = 4;
  e->data = exif_mem_alloc (mem, e->size);
  if (e->data != NULL)
    {
      exif_set_long (e->data, exif_data_get_byte_order (ed), value);
      exif_content_add_entry (content, e);
    }
  exif_entry_unref (e);
  exif_mem_unref (mem);
}

/**
 * sc_photo_meta_carry_exif:
 * @source: the bytes of the original photo
 * @jpeg: the bytes of the new photo made from it (no EXIF of its own)
 * @width: the new photo's width
 * @height: the new photo's height
 * @error: return location for a #GError
 *
 * Copies the EXIF of @source that still describes the new picture into
 * @jpeg, written with libexif: Make, Model, Orientation, DateTime,
 * DateTimeOriginal, DateTimeDigitized, the time offsets, ColorSpace and
 * ExifVersion when present, the GPS IFD when present, and PixelXDimension
 * and PixelYDimension set to @width × @height. The maker note, the
 * thumbnail and the UserComment are not carried. When @source has no
 * EXIF, @jpeg is returned as it is. Thread-safe.
 *
 * Returns: (transfer full): the new photo's bytes, or %NULL with
 *   %G_IO_ERROR_INVALID_DATA (either JPEG is damaged) or
 *   %G_IO_ERROR_NOT_SUPPORTED (the EXIF would not fit in a segment)
 */
GBytes *
sc_photo_meta_carry_exif (GBytes  *source,
                          GBytes  *jpeg,
                          guint    width,
                          guint    height,
                          GError **error)
{
  static const ExifTag ifd0_tags[] = {
    EXIF_TAG_MAKE, EXIF_TAG_MODEL, EXIF_TAG_ORIENTATION, EXIF_TAG_DATE_TIME,
  };
  static const ExifTag exif_tags[] = {
    EXIF_TAG_EXIF_VERSION, EXIF_TAG_DATE_TIME_ORIGINAL, EXIF_TAG_DATE_TIME_DIGITIZED,
    (ExifTag) TAG_OFFSET_TIME, (ExifTag) TAG_OFFSET_TIME_ORIGINAL,
    (ExifTag) TAG_OFFSET_TIME_DIGITIZED, EXIF_TAG_COLOR_SPACE,
  };
  const guint8 *src_data, *dst_data;
  gsize src_len, dst_len;
  Layout src_layout, dst_layout;
  ExifData *src_ed = NULL;
  ExifData *ed = NULL;
  ExifContent *gps;
  unsigned char *buf = NULL;
  unsigned int buf_len = 0;
  GByteArray *out;
  guint8 header[4];

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (jpeg != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  src_data = g_bytes_get_data (source, &src_len);
  dst_data = g_bytes_get_data (jpeg, &dst_len);
  if (!jpeg_parse (src_data, src_len, &src_layout, error) ||
      !jpeg_parse (dst_data, dst_len, &dst_layout, error))
    return NULL;
  if (src_layout.exif_start == 0)
    return g_bytes_ref (jpeg);

  src_ed = exif_load (src_data, &src_layout);
  ed = exif_data_new ();
  exif_data_unset_option (ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  exif_data_set_byte_order (ed, exif_data_get_byte_order (src_ed));

  for (guint i = 0; i < G_N_ELEMENTS (ifd0_tags); i++)
    entry_copy (ed->ifd[EXIF_IFD_0], exif_content_get_entry (src_ed->ifd[EXIF_IFD_0], ifd0_tags[i]));
  for (guint i = 0; i < G_N_ELEMENTS (exif_tags); i++)
    entry_copy (ed->ifd[EXIF_IFD_EXIF], exif_content_get_entry (src_ed->ifd[EXIF_IFD_EXIF], exif_tags[i]));
  entry_put_long (ed, ed->ifd[EXIF_IFD_EXIF], EXIF_TAG_PIXEL_X_DIMENSION, width);
  entry_put_long (ed, ed->ifd[EXIF_IFD_EXIF], EXIF_TAG_PIXEL_Y_DIMENSION, height);

  /* The whole GPS IFD, entry by entry (R1: tag before adding). */
  gps = src_ed->ifd[EXIF_IFD_GPS];
  for (guint i = 0; i < gps->count; i++)
    entry_copy (ed->ifd[EXIF_IFD_GPS], gps->entries[i]);

  exif_data_save_data (ed, &buf, &buf_len);
  exif_data_unref (ed);
  exif_data_unref (src_ed);

  if (buf == NULL || buf_len < EXIF_HEADER_LEN || memcmp (buf, EXIF_HEADER, EXIF_HEADER_LEN) != 0 ||
      buf_len + 2 > JPEG_MAX_SEGMENT)
    {
      g_debug ("libexif produced no usable Exif (%u bytes)", buf_len);
      free (buf);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The photo's metadata could not be copied to the stitched photo."));
      return NULL;
    }

  header[0] = 0xFF;
  header[1] = 0xE1;
  wr16 (header + 2, (guint16) (buf_len + 2));

  /* The new photo's own Exif, if any, is replaced. */
  out = g_byte_array_sized_new (dst_len + buf_len + 4);
  if (dst_layout.exif_start != 0)
    {
      gsize seg_start = dst_layout.exif_start - 4;

      g_byte_array_append (out, dst_data, seg_start);
      g_byte_array_append (out, header, sizeof header);
      g_byte_array_append (out, buf, buf_len);
      g_byte_array_append (out, dst_data + dst_layout.exif_start + dst_layout.exif_len,
                           dst_len - dst_layout.exif_start - dst_layout.exif_len);
    }
  else
    {
      g_byte_array_append (out, dst_data, dst_layout.insert_at);
      g_byte_array_append (out, header, sizeof header);
      g_byte_array_append (out, buf, buf_len);
      g_byte_array_append (out, dst_data + dst_layout.insert_at, dst_len - dst_layout.insert_at);
    }
  free (buf);

  return g_byte_array_free_to_bytes (out);
}
