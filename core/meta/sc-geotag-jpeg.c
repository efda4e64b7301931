/* sc-geotag-jpeg.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-geotag"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libexif/exif-data.h>

#include "sc-core.h"
#include "sc-geotag-private.h"
#include "sc-jpeg-private.h"

/* JPEG: the EXIF GPS IFD (PROTOCOLS.md §3.7), written with libexif.
 * The overview (temporary files, untrusted input, privacy) is in sc-geotag.c. */

typedef struct
{
  guint8 *data;
  gsize   len;
  gsize   exif_start;   /* segment start (the FF of FF E1), or 0 when absent */
  gsize   exif_end;
  gsize   insert_at;    /* where a new Exif segment goes */
} JpegLayout;

/* --- JPEG ---------------------------------------------------------------- */

static gboolean
jpeg_corrupt (GError     **error,
              const char  *detail)
{
  g_debug ("Not a usable JPEG: %s", detail);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The photo is damaged or not a JPEG file."));
  return FALSE;
}

static gboolean
find_exif_cb (const guint8         *d,
              const ScJpegSegment  *segment,
              gpointer              user_data,
              const char          **detail)
{
  JpegLayout *layout = user_data;

  if (segment->start == 2 && segment->marker == 0xE0)
    layout->insert_at = segment->end;
  if (segment->marker == 0xE1 && layout->exif_start == 0 &&
      segment->end - segment->payload >= EXIF_HEADER_LEN &&
      memcmp (d + segment->payload, EXIF_HEADER, EXIF_HEADER_LEN) == 0)
    {
      /* Include any fill bytes before the marker: the segment starts at FF. */
      layout->exif_start = segment->marker_at;
      layout->exif_end = segment->end;
    }

  return TRUE;
}

/* Walks the markers up to SOS; finds the Exif APP1 and where to put one. */
static gboolean
jpeg_parse (JpegLayout  *layout,
            GError     **error)
{
  const char *detail = NULL;

  layout->exif_start = layout->exif_end = 0;
  layout->insert_at = 2;

  if (!_sc_jpeg_walk (layout->data, layout->len, find_exif_cb, layout, &detail))
    return jpeg_corrupt (error, detail);

  return TRUE;
}

static gboolean
jpeg_load (GFile       *file,
           JpegLayout  *layout,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  gsize len = 0;

  memset (layout, 0, sizeof *layout);
  if (!g_file_load_contents (file, NULL, &contents, &len, NULL, &local_error))
    {
      g_debug ("Could not read the photo: %s", local_error->message);
      g_set_error_literal (error, local_error->domain, local_error->code,
                           _("Could not read the photo."));
      return FALSE;
    }
  layout->data = (guint8 *) contents;
  layout->len = len;

  if (!jpeg_parse (layout, error))
    {
      g_clear_pointer (&layout->data, g_free);
      return FALSE;
    }

  return TRUE;
}

static ExifData *
jpeg_load_exif (const JpegLayout  *layout,
                GError           **error)
{
  ExifData *ed = exif_data_new ();

  /* Keep the camera's Exif as it is: no fixes, no dropped tags, and its
   * maker note left alone. */
  exif_data_unset_option (ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  exif_data_unset_option (ed, EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS);
  exif_data_set_option (ed, EXIF_DATA_OPTION_DONT_CHANGE_MAKER_NOTE);

  if (layout->exif_start != 0)
    {
      /* Payload after FF E1 and the length: "Exif\0\0" + TIFF. */
      gsize start = layout->exif_start + 4;
      guint n_entries = 0;

      exif_data_load_data (ed, layout->data + start, layout->exif_end - start);

      /* libexif gives up silently on damaged Exif; writing then would
       * throw the camera's metadata away. */
      for (guint i = 0; i < EXIF_IFD_COUNT; i++)
        n_entries += ed->ifd[i]->count;
      if (n_entries == 0)
        {
          exif_data_unref (ed);
          g_debug ("The Exif segment has no readable entry");
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The photo's Exif data is damaged; it was left as it is."));
          return NULL;
        }
    }

  return ed;
}

static gboolean
exif_has_gps (ExifData *ed)
{
  ExifContent *gps = ed->ifd[EXIF_IFD_GPS];

  /* Not exif_data_get_entry(): it is IFD-agnostic (PROTOCOLS.md R3). */
  return exif_content_get_entry (gps, EXIF_TAG_GPS_LATITUDE) != NULL ||
         exif_content_get_entry (gps, EXIF_TAG_GPS_LONGITUDE) != NULL;
}

/* PROTOCOLS.md §3.7 recipe: the tag is set before adding (R1) and every
 * value is ours (R2). */
static gboolean
gps_put (ExifData      *ed,
         ExifTag        tag,
         ExifFormat     format,
         unsigned long  components,
         const void    *bytes)
{
  ExifMem *mem = exif_mem_new_default ();
  ExifEntry *e = exif_entry_new_mem (mem);
  gboolean added;

  e->tag = tag;
  e->format = format;
  e->components = components;
  e->size = exif_format_get_size (format) * components;
  e->data = exif_mem_alloc (mem, e->size);
  if (e->data == NULL)
    {
      exif_entry_unref (e);
      exif_mem_unref (mem);
      return FALSE;
    }
  memcpy (e->data, bytes, e->size);
  exif_content_add_entry (ed->ifd[EXIF_IFD_GPS], e);
  added = e->parent != NULL;
  exif_entry_unref (e);
  exif_mem_unref (mem);

  return added;
}

static gboolean
gps_put_rationals (ExifData           *ed,
                   ExifTag             tag,
                   const ExifRational *r,
                   guint               n)
{
  ExifByteOrder order = exif_data_get_byte_order (ed);
  guint8 buf[3 * 8];

  g_assert (n <= 3);
  for (guint i = 0; i < n; i++)
    exif_set_rational (buf + 8 * i, order, r[i]);
  return gps_put (ed, tag, EXIF_FORMAT_RATIONAL, n, buf);
}

static gboolean
gps_put_ascii (ExifData   *ed,
               ExifTag     tag,
               const char *s)
{
  return gps_put (ed, tag, EXIF_FORMAT_ASCII, strlen (s) + 1, s);
}

/* Degrees as deg/1, min/1, µs/1000000: exact to well under 1e-6°. */
static void
degrees_to_dms (double        value,
                ExifRational  dms[3])
{
  gint64 total = (gint64) round_positive (fabs (value) * 3600.0 * 1000000.0);

  dms[0].numerator = (ExifLong) (total / G_GINT64_CONSTANT (3600000000));
  dms[0].denominator = 1;
  total %= G_GINT64_CONSTANT (3600000000);
  dms[1].numerator = (ExifLong) (total / 60000000);
  dms[1].denominator = 1;
  dms[2].numerator = (ExifLong) (total % 60000000);
  dms[2].denominator = 1000000;
}

static gboolean
exif_set_gps (ExifData            *ed,
              const ScGeoLocation *location)
{
  ExifContent *gps = ed->ifd[EXIF_IFD_GPS];
  static const guint8 version[4] = { 2, 3, 0, 0 };
  ExifRational dms[3];
  gboolean ok = TRUE;

  while (gps->count > 0)
    exif_content_remove_entry (gps, gps->entries[0]);

  ok &= gps_put (ed, EXIF_TAG_GPS_VERSION_ID, EXIF_FORMAT_BYTE, 4, version);
  ok &= gps_put_ascii (ed, EXIF_TAG_GPS_LATITUDE_REF, location->latitude < 0 ? "S" : "N");
  degrees_to_dms (location->latitude, dms);
  ok &= gps_put_rationals (ed, EXIF_TAG_GPS_LATITUDE, dms, 3);
  ok &= gps_put_ascii (ed, EXIF_TAG_GPS_LONGITUDE_REF, location->longitude < 0 ? "W" : "E");
  degrees_to_dms (location->longitude, dms);
  ok &= gps_put_rationals (ed, EXIF_TAG_GPS_LONGITUDE, dms, 3);

  if (location->has_altitude)
    {
      guint8 ref = location->altitude < 0 ? 1 : 0;
      ExifRational alt = { (ExifLong) round_positive (fabs (location->altitude) * 1000.0), 1000 };

      ok &= gps_put (ed, EXIF_TAG_GPS_ALTITUDE_REF, EXIF_FORMAT_BYTE, 1, &ref);
      ok &= gps_put_rationals (ed, EXIF_TAG_GPS_ALTITUDE, &alt, 1);
    }

  if (location->time != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (location->time);
      g_autofree char *date = g_date_time_format (utc, "%Y:%m:%d");
      ExifRational hms[3] = {
        { (ExifLong) g_date_time_get_hour (utc), 1 },
        { (ExifLong) g_date_time_get_minute (utc), 1 },
        { (ExifLong) round_positive (g_date_time_get_seconds (utc) * 1000.0), 1000 },
      };

      ok &= gps_put_rationals (ed, EXIF_TAG_GPS_TIME_STAMP, hms, 3);
      ok &= gps_put_ascii (ed, EXIF_TAG_GPS_DATE_STAMP, date);
    }

  ok &= gps_put_ascii (ed, EXIF_TAG_GPS_MAP_DATUM, "WGS-84");

  return ok;
}

/**
 * sc_geotag_jpeg_has_gps:
 * @file: a JPEG photo on a local file system
 * @has_gps: (out): set to whether its Exif has a GPS position
 * @error: return location for a #GError
 *
 * Tells whether a photo already carries a location, normally written by
 * the camera. Blocks (reads the file); call it from a worker thread, for
 * instance inside g_task_run_in_thread(). Thread-safe.
 *
 * Returns: %TRUE on success; %FALSE with %G_IO_ERROR_INVALID_DATA for a
 *   damaged or truncated JPEG, or another %G_IO_ERROR when it cannot be read
 */
gboolean
sc_geotag_jpeg_has_gps (GFile     *file,
                        gboolean  *has_gps,
                        GError   **error)
{
  JpegLayout layout;
  ExifData *ed;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (has_gps != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!jpeg_load (file, &layout, error))
    return FALSE;

  if (!(ed = jpeg_load_exif (&layout, error)))
    {
      g_free (layout.data);
      return FALSE;
    }
  *has_gps = exif_has_gps (ed);
  exif_data_unref (ed);
  g_free (layout.data);

  return TRUE;
}

/**
 * sc_geotag_write_jpeg:
 * @file: a JPEG photo on a local file system
 * @location: the position to write
 * @flags: whether a location the photo already has may be replaced
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @location into the Exif GPS IFD of @file. Only the Exif APP1
 * segment changes (one is added after SOI, or after a JFIF APP0, when the
 * photo has none); the image data and every other segment, XMP included,
 * stay byte-identical. The new photo is written to a temporary file in
 * the same folder and renamed over @file only when complete and synced: on
 * any error @file is untouched and no temporary file remains.
 *
 * Without %SC_GEOTAG_FLAGS_REPLACE a photo that already has a GPS
 * position is left as it is and %G_IO_ERROR_EXISTS is returned.
 *
 * Blocks (reads and writes the whole photo); call it from a worker thread.
 * Thread-safe for different files. @location is only read.
 *
 * Returns: %TRUE when the location was written; %FALSE with
 *   %G_IO_ERROR_INVALID_ARGUMENT (coordinates out of range),
 *   %G_IO_ERROR_EXISTS, %G_IO_ERROR_INVALID_DATA (damaged photo),
 *   %G_IO_ERROR_CANCELLED or another %G_IO_ERROR
 */
gboolean
sc_geotag_write_jpeg (GFile                *file,
                      const ScGeoLocation  *location,
                      ScGeotagFlags         flags,
                      GCancellable         *cancellable,
                      GError              **error)
{
  g_autofree char *path = NULL;
  JpegLayout layout;
  ExifData *ed = NULL;
  unsigned char *exif_buf = NULL;
  unsigned int exif_len = 0;
  TmpFile tmp = { NULL, NULL, -1 };
  guint8 header[4];
  gsize keep_head, keep_tail;
  gboolean ret = FALSE;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (location != NULL, FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_sc_geotag_validate_location (location, error))
    return FALSE;
  if (!(path = _sc_geotag_get_local_path (file, error)))
    return FALSE;
  if (!jpeg_load (file, &layout, error))
    return FALSE;

  if (!(ed = jpeg_load_exif (&layout, error)))
    goto out;
  if (exif_has_gps (ed) && !(flags & SC_GEOTAG_FLAGS_REPLACE))
    {
      _sc_geotag_set_refused_error (error);
      goto out;
    }

  if (!exif_set_gps (ed, location))
    {
      g_debug ("libexif refused a GPS entry");
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("Could not write the location into the photo."));
      goto out;
    }

  exif_data_save_data (ed, &exif_buf, &exif_len);
  if (exif_buf == NULL || exif_len < EXIF_HEADER_LEN ||
      memcmp (exif_buf, EXIF_HEADER, EXIF_HEADER_LEN) != 0)
    {
      g_debug ("libexif produced no Exif data");
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("Could not write the location into the photo."));
      goto out;
    }
  if (exif_len + 2 > JPEG_MAX_SEGMENT)
    {
      g_debug ("Exif would be %u bytes, over the APP1 limit", exif_len);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The photo has too much metadata to add a location."));
      goto out;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  if (layout.exif_start != 0)
    {
      keep_head = layout.exif_start;
      keep_tail = layout.exif_end;
    }
  else
    {
      keep_head = keep_tail = layout.insert_at;
    }

  header[0] = 0xFF;
  header[1] = 0xE1;
  wr16 (header + 2, (guint16) (exif_len + 2));

  if (!_sc_geotag_tmp_file_open (&tmp, path, error) ||
      !_sc_geotag_write_all (tmp.fd, layout.data, keep_head, error) ||
      !_sc_geotag_write_all (tmp.fd, header, sizeof header, error) ||
      !_sc_geotag_write_all (tmp.fd, exif_buf, exif_len, error) ||
      !_sc_geotag_write_all (tmp.fd, layout.data + keep_tail, layout.len - keep_tail, error))
    goto out;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  ret = _sc_geotag_tmp_file_commit (&tmp, error);
  g_debug ("Geotagged a photo (%s)", ret ? "done" : "failed");

out:
  _sc_geotag_tmp_file_abort (&tmp);
  free (exif_buf);
  if (ed != NULL)
    exif_data_unref (ed);
  g_free (layout.data);

  return ret;
}
