/* emu-exif.c: EXIF for the emulator's JPEGs (libexif)
 *
 * Every entry is built by hand with its tag set before it is added, as
 * PROTOCOLS.md R1/R2 require: exif_content_add_entry() drops a fresh entry
 * (tag 0) once GPSVersionID is in the GPS IFD, and exif_entry_initialize()
 * leaves GPS ASCII tags empty.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "emu-exif"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libexif/exif-data.h>
#include <libexif/exif-utils.h>

#include "emu-media.h"
#include "emu-private.h"

#define THUMBNAIL_WIDTH 320

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExifData, exif_data_unref)

static void
put_entry (ExifData    *ed,
           ExifIfd      ifd,
           ExifTag      tag,
           ExifFormat   format,
           gulong       components,
           const void  *bytes)
{
  ExifContent *content = ed->ifd[ifd];
  ExifEntry *old = exif_content_get_entry (content, tag);
  ExifMem *mem;
  ExifEntry *entry;

  if (old != NULL)
    exif_content_remove_entry (content, old);

  mem = exif_mem_new_default ();
  entry = exif_entry_new_mem (mem);
  entry->tag = tag;   /* before adding: R1 */
  entry->format = format;
  entry->components = components;
  entry->size = exif_format_get_size (format) * components;
  entry->data = exif_mem_alloc (mem, entry->size);
  memcpy (entry->data, bytes, entry->size);
  exif_content_add_entry (content, entry);
  if (entry->parent == NULL)
    g_warning ("libexif refused tag 0x%04x in IFD %d", tag, ifd);
  exif_entry_unref (entry);
  exif_mem_unref (mem);
}

static void
put_ascii (ExifData   *ed,
           ExifIfd     ifd,
           ExifTag     tag,
           const char *text)
{
  put_entry (ed, ifd, tag, EXIF_FORMAT_ASCII, strlen (text) + 1, text);
}

static void
put_short (ExifData *ed,
           ExifIfd   ifd,
           ExifTag   tag,
           guint16   value)
{
  guint8 buf[2];

  exif_set_short (buf, exif_data_get_byte_order (ed), value);
  put_entry (ed, ifd, tag, EXIF_FORMAT_SHORT, 1, buf);
}

static void
put_long (ExifData *ed,
          ExifIfd   ifd,
          ExifTag   tag,
          guint32   value)
{
  guint8 buf[4];

  exif_set_long (buf, exif_data_get_byte_order (ed), value);
  put_entry (ed, ifd, tag, EXIF_FORMAT_LONG, 1, buf);
}

static void
put_rationals (ExifData     *ed,
               ExifIfd       ifd,
               ExifTag       tag,
               const double *values,
               guint         n,
               guint32       denominator)
{
  g_autofree guint8 *buf = g_malloc (8 * n);

  for (guint i = 0; i < n; i++)
    {
      ExifRational r = { (ExifLong)lround (values[i] * denominator), denominator };

      exif_set_rational (buf + 8 * i, exif_data_get_byte_order (ed), r);
    }
  put_entry (ed, ifd, tag, EXIF_FORMAT_RATIONAL, n, buf);
}

static void
put_gps (ExifData            *ed,
         const ScEmuExifInfo *info)
{
  static const guint8 version[4] = { 2, 3, 0, 0 };
  double lat = fabs (info->latitude), lng = fabs (info->longitude);
  double lat_dms[3] = { floor (lat), floor (fmod (lat * 60.0, 60.0)), fmod (lat * 3600.0, 60.0) };
  double lng_dms[3] = { floor (lng), floor (fmod (lng * 60.0, 60.0)), fmod (lng * 3600.0, 60.0) };
  double altitude = fabs (info->altitude);
  guint8 altitude_ref = info->altitude < 0 ? 1 : 0;
  double hms[3] = { g_date_time_get_hour (info->gps_time), g_date_time_get_minute (info->gps_time),
                    g_date_time_get_second (info->gps_time) };
  g_autofree char *date = g_date_time_format (info->gps_time, "%Y:%m:%d");

  put_entry (ed, EXIF_IFD_GPS, EXIF_TAG_GPS_VERSION_ID, EXIF_FORMAT_BYTE, 4, version);
  put_ascii (ed, EXIF_IFD_GPS, EXIF_TAG_GPS_LATITUDE_REF, info->latitude < 0 ? "S" : "N");
  put_rationals (ed, EXIF_IFD_GPS, EXIF_TAG_GPS_LATITUDE, lat_dms, 3, 1000);
  put_ascii (ed, EXIF_IFD_GPS, EXIF_TAG_GPS_LONGITUDE_REF, info->longitude < 0 ? "W" : "E");
  put_rationals (ed, EXIF_IFD_GPS, EXIF_TAG_GPS_LONGITUDE, lng_dms, 3, 1000);
  put_entry (ed, EXIF_IFD_GPS, EXIF_TAG_GPS_ALTITUDE_REF, EXIF_FORMAT_BYTE, 1, &altitude_ref);
  put_rationals (ed, EXIF_IFD_GPS, EXIF_TAG_GPS_ALTITUDE, &altitude, 1, 100);
  put_rationals (ed, EXIF_IFD_GPS, EXIF_TAG_GPS_TIME_STAMP, hms, 3, 1);
  put_ascii (ed, EXIF_IFD_GPS, EXIF_TAG_GPS_MAP_DATUM, "WGS-84");
  put_ascii (ed, EXIF_IFD_GPS, EXIF_TAG_GPS_DATE_STAMP, date);
}

/* Returns @jpeg with an Exif APP1 segment (Make, Model, dates, size, the
 * lens JSON in UserComment, GPS when known) in place of its JFIF APP0. */
GBytes *
sc_emu_exif_attach (GBytes               *jpeg,
                    const ScEmuExifInfo  *info,
                    GError              **error)
{
  g_autoptr(ExifData) ed = exif_data_new ();
  g_autofree char *datetime = g_date_time_format (info->date, "%Y:%m:%d %H:%M:%S");
  g_autofree char *offset = g_date_time_format (info->date, "%:z");
  g_autofree guint8 *comment = NULL;
  gsize comment_len = strlen (info->user_comment);
  const guint8 *src;
  gsize src_len, rest;
  guchar *exif = NULL;
  unsigned int exif_len = 0;
  GByteArray *out;

  exif_data_set_data_type (ed, EXIF_DATA_TYPE_COMPRESSED);
  exif_data_set_byte_order (ed, EXIF_BYTE_ORDER_INTEL);
  exif_data_fix (ed);

  put_ascii (ed, EXIF_IFD_0, EXIF_TAG_MAKE, SC_EMU_MANUFACTURER);
  put_ascii (ed, EXIF_IFD_0, EXIF_TAG_MODEL, SC_EMU_MODEL);
  put_ascii (ed, EXIF_IFD_0, EXIF_TAG_SOFTWARE, SC_EMU_MODEL " " SC_EMU_FIRMWARE);
  put_ascii (ed, EXIF_IFD_0, EXIF_TAG_DATE_TIME, datetime);
  put_short (ed, EXIF_IFD_0, EXIF_TAG_ORIENTATION, 1);
  put_short (ed, EXIF_IFD_0, EXIF_TAG_YCBCR_POSITIONING, 1);
  put_entry (ed, EXIF_IFD_EXIF, EXIF_TAG_EXIF_VERSION, EXIF_FORMAT_UNDEFINED, 4, "0231");
  put_ascii (ed, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL, datetime);
  put_ascii (ed, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_DIGITIZED, datetime);
  put_ascii (ed, EXIF_IFD_EXIF, EXIF_TAG_OFFSET_TIME_ORIGINAL, offset);
  put_ascii (ed, EXIF_IFD_EXIF, EXIF_TAG_BODY_SERIAL_NUMBER, SC_EMU_SERIAL);
  put_short (ed, EXIF_IFD_EXIF, EXIF_TAG_COLOR_SPACE, 1);
  put_long (ed, EXIF_IFD_EXIF, EXIF_TAG_PIXEL_X_DIMENSION, (guint32)info->width);
  put_long (ed, EXIF_IFD_EXIF, EXIF_TAG_PIXEL_Y_DIMENSION, (guint32)info->height);

  /* UserComment: an 8-byte character code, then the text (no NUL). */
  comment = g_malloc (8 + comment_len);
  memcpy (comment, "ASCII\0\0\0", 8);
  memcpy (comment + 8, info->user_comment, comment_len);
  put_entry (ed, EXIF_IFD_EXIF, EXIF_TAG_USER_COMMENT, EXIF_FORMAT_UNDEFINED, 8 + comment_len, comment);

  if (info->has_gps)
    put_gps (ed, info);

  exif_data_save_data (ed, &exif, &exif_len);
  if (exif == NULL || exif_len + 2 > 0xffff)
    {
      free (exif);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not build the Exif segment");
      return NULL;
    }

  src = g_bytes_get_data (jpeg, &src_len);
  if (src_len < 4 || src[0] != 0xff || src[1] != 0xd8)
    {
      free (exif);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Not a JPEG stream");
      return NULL;
    }

  /* Skip SOI and, when present, the JFIF APP0 segment. */
  rest = 2;
  if (src[2] == 0xff && src[3] == 0xe0 && src_len > 6)
    rest += 2 + ((gsize)src[4] << 8 | src[5]);

  out = g_byte_array_sized_new (src_len + exif_len + 4);
  g_byte_array_append (out, (const guint8 *)"\xff\xd8\xff\xe1", 4);
  g_byte_array_append (out, (const guint8[]) { (exif_len + 2) >> 8, (exif_len + 2) & 0xff }, 2);
  g_byte_array_append (out, exif, exif_len);
  g_byte_array_append (out, src + rest, src_len - rest);
  free (exif);

  return g_byte_array_free_to_bytes (out);
}

/* A 320-pixel-wide JPEG thumbnail of @image, same aspect ratio. */
GBytes *
sc_emu_make_thumbnail (const ScEmuImage  *image,
                       GError           **error)
{
  int height = MAX (1, THUMBNAIL_WIDTH * image->height / image->width);
  g_autoptr(ScEmuImage) small = sc_emu_image_downscale (image, THUMBNAIL_WIDTH, height);

  return sc_emu_image_encode_jpeg (small, 80, error);
}
