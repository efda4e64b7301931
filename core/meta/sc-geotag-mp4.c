/* sc-geotag-mp4.c
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
#include "sc-mp4-private.h"

/* MP4: the ISO 6709 ©xyz location box in moov/udta (PROTOCOLS.md §3.8).
 * The overview (temporary files, untrusted input, privacy) is in sc-geotag.c. */

/* --- MP4 ----------------------------------------------------------------- */

gboolean
_sc_mp4_corrupt (GError     **error,
                 const char  *detail)
{
  g_debug ("Not a usable MP4: %s", detail);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The video is damaged or not an MP4 file."));
  return FALSE;
}

/* Reads the box header at @pos of a buffer whose boxes end at @end. */
gboolean
_sc_mp4_box_parse (const guint8  *d,
                   gsize          pos,
                   gsize          end,
                   Mp4Box        *box,
                   GError       **error)
{
  guint64 size;

  if (end - pos < 8)
    return _sc_mp4_corrupt (error, "short box header");
  size = rd32 (d + pos);
  memcpy (box->type, d + pos + 4, 4);
  box->header = 8;
  if (size == 1)
    {
      if (end - pos < 16)
        return _sc_mp4_corrupt (error, "short large box header");
      size = rd64 (d + pos + 8);
      box->header = 16;
    }
  else if (size == 0)
    {
      size = end - pos;
    }
  if (size < box->header || size > end - pos)
    return _sc_mp4_corrupt (error, "box past its parent");

  box->offset = pos;
  box->size = size;
  return TRUE;
}

gboolean
_sc_mp4_pread_all (int       fd,
                   guint8   *buf,
                   gsize     len,
                   guint64   offset,
                   GError  **error)
{
  while (len > 0)
    {
      gssize n = pread (fd, buf, len, (off_t) offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          _sc_geotag_set_io_error_from_errno (error, errno, _("Could not read the video."));
          return FALSE;
        }
      if (n == 0)
        return _sc_mp4_corrupt (error, "unexpected end of file");
      buf += n;
      len -= (gsize) n;
      offset += (guint64) n;
    }

  return TRUE;
}

void
_sc_mp4_clear (Mp4File *mp4)
{
  if (mp4->fd >= 0)
    close (mp4->fd);
  mp4->fd = -1;
  g_clear_pointer (&mp4->moov_data, g_free);
}

/* Walks the top-level boxes (all must fit the file) and reads moov. */
gboolean
_sc_mp4_open (const char  *path,
              Mp4File     *mp4,
              GError     **error)
{
  struct stat st;
  guint64 pos = 0;
  gboolean found = FALSE;

  memset (mp4, 0, sizeof *mp4);
  mp4->fd = open (path, O_RDONLY | O_CLOEXEC);
  if (mp4->fd < 0)
    {
      _sc_geotag_set_io_error_from_errno (error, errno, _("Could not read the video."));
      return FALSE;
    }
  if (fstat (mp4->fd, &st) != 0)
    {
      _sc_geotag_set_io_error_from_errno (error, errno, _("Could not read the video."));
      return FALSE;
    }
  mp4->file_size = (guint64) st.st_size;

  while (pos < mp4->file_size)
    {
      guint8 h[16];
      gsize avail = MIN (sizeof h, mp4->file_size - pos);
      Mp4Box box;

      if (avail < 8)
        return _sc_mp4_corrupt (error, "trailing bytes");
      if (!_sc_mp4_pread_all (mp4->fd, h, avail, pos, error))
        return FALSE;
      /* Parse against a pretend buffer that starts at pos. */
      {
        guint64 size = rd32 (h);

        memcpy (box.type, h + 4, 4);
        box.header = 8;
        if (size == 1)
          {
            if (avail < 16)
              return _sc_mp4_corrupt (error, "short large box header");
            size = rd64 (h + 8);
            box.header = 16;
          }
        else if (size == 0)
          {
            size = mp4->file_size - pos;
          }
        if (size < box.header || size > mp4->file_size - pos)
          return _sc_mp4_corrupt (error, "top-level box past the end of the file");
        box.offset = pos;
        box.size = size;
      }

      if (pos == 0 && memcmp (box.type, "ftyp", 4) != 0 && memcmp (box.type, "moov", 4) != 0 &&
          memcmp (box.type, "free", 4) != 0 && memcmp (box.type, "wide", 4) != 0 &&
          memcmp (box.type, "skip", 4) != 0 &&
          memcmp (box.type, "mdat", 4) != 0)
        return _sc_mp4_corrupt (error, "does not start with a known box");

      if (memcmp (box.type, "moov", 4) == 0)
        {
          if (found)
            return _sc_mp4_corrupt (error, "two moov boxes");
          if (box.size > MAX_MOOV_SIZE)
            return _sc_mp4_corrupt (error, "moov too large");
          found = TRUE;
          mp4->moov = box;
        }
      pos += box.size;
    }

  if (!found)
    return _sc_mp4_corrupt (error, "no moov");

  mp4->moov_data = g_malloc (mp4->moov.size);
  return _sc_mp4_pread_all (mp4->fd, mp4->moov_data, mp4->moov.size, mp4->moov.offset, error);
}

static gboolean
is_location_box (const Mp4Box *box)
{
  return memcmp (box->type, BOX_XYZ, 4) == 0 || memcmp (box->type, "loci", 4) == 0;
}

/* Finds moov/udta and whether it has a location (©xyz or 3GPP loci). */
static gboolean
mp4_find_location (const Mp4File  *mp4,
                   gboolean   *has_location,
                   GError    **error)
{
  const guint8 *d = mp4->moov_data;
  gsize pos = mp4->moov.header;
  gsize end = mp4->moov.size;

  *has_location = FALSE;
  while (pos < end)
    {
      Mp4Box box;

      if (!_sc_mp4_box_parse (d, pos, end, &box, error))
        return FALSE;
      if (memcmp (box.type, "udta", 4) == 0)
        {
          gsize upos = pos + box.header;
          gsize uend = pos + box.size;

          while (upos < uend)
            {
              Mp4Box child;

              /* Some writers end udta with a 32-bit zero. */
              if (uend - upos == 4 && rd32 (d + upos) == 0)
                break;
              if (!_sc_mp4_box_parse (d, upos, uend, &child, error))
                return FALSE;
              if (is_location_box (&child))
                *has_location = TRUE;
              upos += child.size;
            }
        }
      pos += box.size;
    }

  return TRUE;
}

/* ISO 6709: ±DD.DDDDDD±DDD.DDDDDD[±AAA.AAA]/ */
static char *
iso6709_string (const ScGeoLocation *location)
{
  char lat[G_ASCII_DTOSTR_BUF_SIZE];
  char lon[G_ASCII_DTOSTR_BUF_SIZE];
  char alt[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (lat, sizeof lat, "%+010.6f", location->latitude);
  g_ascii_formatd (lon, sizeof lon, "%+011.6f", location->longitude);
  if (location->has_altitude)
    g_ascii_formatd (alt, sizeof alt, "%+08.3f", location->altitude);
  else
    alt[0] = '\0';

  return g_strconcat (lat, lon, alt, "/", NULL);
}

void
_sc_mp4_append_box_header (GByteArray *out,
                           guint32     size,
                           const char *type)
{
  guint8 h[8];

  wr32 (h, size);
  memcpy (h + 4, type, 4);
  g_byte_array_append (out, h, 8);
}

/* The new udta: the old children without any location, then ©xyz. */
static gboolean
build_udta (const guint8         *d,
            const Mp4Box         *udta,
            const ScGeoLocation  *location,
            GByteArray           *out,
            GError              **error)
{
  g_autofree char *iso = iso6709_string (location);
  gsize iso_len = strlen (iso);
  guint start = out->len;
  guint8 xyz_head[4];

  _sc_mp4_append_box_header (out, 0, "udta");
  if (udta != NULL)
    {
      gsize upos = udta->offset + udta->header;
      gsize uend = udta->offset + udta->size;

      while (upos < uend)
        {
          Mp4Box child;

          if (uend - upos == 4 && rd32 (d + upos) == 0)
            break;
          if (!_sc_mp4_box_parse (d, upos, uend, &child, error))
            return FALSE;
          if (!is_location_box (&child))
            g_byte_array_append (out, d + upos, child.size);
          upos += child.size;
        }
    }

  _sc_mp4_append_box_header (out, (guint32) (8 + 4 + iso_len), BOX_XYZ);
  wr16 (xyz_head, (guint16) iso_len);
  wr16 (xyz_head + 2, MP4_LANG_UND);
  g_byte_array_append (out, xyz_head, 4);
  g_byte_array_append (out, (const guint8 *) iso, iso_len);

  wr32 (out->data + start, out->len - start);
  return TRUE;
}

/* Adds @delta to every stco/co64 entry that points at or past @moved_from. */
static gboolean
shift_chunk_offsets (guint8   *d,
                     gsize     pos,
                     gsize     end,
                     guint64   moved_from,
                     gint64    delta,
                     GError  **error)
{
  while (pos < end)
    {
      Mp4Box box;

      if (!_sc_mp4_box_parse (d, pos, end, &box, error))
        return FALSE;

      if (memcmp (box.type, "trak", 4) == 0 || memcmp (box.type, "mdia", 4) == 0 ||
          memcmp (box.type, "minf", 4) == 0 || memcmp (box.type, "stbl", 4) == 0)
        {
          if (!shift_chunk_offsets (d, pos + box.header, pos + box.size, moved_from, delta, error))
            return FALSE;
        }
      else if (memcmp (box.type, "stco", 4) == 0 || memcmp (box.type, "co64", 4) == 0)
        {
          gboolean wide = box.type[0] == 'c';
          gsize entry_size = wide ? 8 : 4;
          guint8 *p = d + pos + box.header;
          guint64 body = box.size - box.header;
          guint32 count;

          if (body < 8)
            return _sc_mp4_corrupt (error, "short chunk offset box");
          count = rd32 (p + 4);
          if ((guint64) count * entry_size > body - 8)
            return _sc_mp4_corrupt (error, "chunk offset table past its box");
          p += 8;
          for (guint32 i = 0; i < count; i++, p += entry_size)
            {
              guint64 v = wide ? rd64 (p) : rd32 (p);

              if (v < moved_from)
                continue;
              v = (guint64) ((gint64) v + delta);
              if (wide)
                {
                  wr64 (p, v);
                }
              else
                {
                  if (v > G_MAXUINT32)
                    {
                      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                           _("The video is too large to rewrite its metadata."));
                      return FALSE;
                    }
                  wr32 (p, (guint32) v);
                }
            }
        }
      pos += box.size;
    }

  return TRUE;
}

/* The new moov: udta replaced (or appended), chunk offsets shifted. */
static GByteArray *
build_moov (const Mp4File        *mp4,
            const ScGeoLocation  *location,
            GError              **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  const guint8 *d = mp4->moov_data;
  gsize pos = mp4->moov.header;
  gsize end = mp4->moov.size;
  gboolean have_udta = FALSE;
  gboolean fragmented = FALSE;

  _sc_mp4_append_box_header (out, 0, "moov");
  while (pos < end)
    {
      Mp4Box box;

      if (!_sc_mp4_box_parse (d, pos, end, &box, error))
        return NULL;
      if (memcmp (box.type, "mvex", 4) == 0)
        fragmented = TRUE;
      if (memcmp (box.type, "udta", 4) == 0)
        {
          if (have_udta)
            {
              _sc_mp4_corrupt (error, "two udta boxes");
              return NULL;
            }
          have_udta = TRUE;
          if (!build_udta (d, &box, location, out, error))
            return NULL;
        }
      else
        {
          g_byte_array_append (out, d + pos, box.size);
        }
      pos += box.size;
    }
  if (!have_udta && !build_udta (d, NULL, location, out, error))
    return NULL;

  if (!_sc_mp4_finish_moov (mp4, out, fragmented, error))
    return NULL;

  return g_steal_pointer (&out);
}

static gboolean
copy_range (int            in_fd,
            int            out_fd,
            guint64        offset,
            guint64        len,
            guint8        *buf,
            GCancellable  *cancellable,
            GError       **error)
{
  while (len > 0)
    {
      gsize n = (gsize) MIN (len, (guint64) COPY_CHUNK_SIZE);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!_sc_mp4_pread_all (in_fd, buf, n, offset, error) ||
          !_sc_geotag_write_all (out_fd, buf, n, error))
        return FALSE;
      offset += n;
      len -= n;
    }

  return TRUE;
}

/* Sets the size of a rebuilt @moov (its first box header) and, when it grew
 * or shrank and the media data follow it, shifts every chunk offset. */
gboolean
_sc_mp4_finish_moov (const Mp4File  *mp4,
                     GByteArray     *moov,
                     gboolean        fragmented,
                     GError        **error)
{
  gint64 delta;

  if (moov->len > G_MAXUINT32)
    return _sc_mp4_corrupt (error, "moov too large");
  wr32 (moov->data, moov->len);

  delta = (gint64) moov->len - (gint64) mp4->moov.size;
  if (delta != 0 && fragmented && mp4->moov.offset + mp4->moov.size < mp4->file_size)
    {
      /* Fragment offsets (tfhd/trun) are not rewritten. */
      g_debug ("Fragmented MP4 with data after moov");
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The metadata of this kind of video cannot be changed."));
      return FALSE;
    }
  if (delta != 0 &&
      !shift_chunk_offsets (moov->data, 8, moov->len, mp4->moov.offset + mp4->moov.size,
                            delta, error))
    return FALSE;

  return TRUE;
}

/* Writes the file again with @moov in place of the old one: to a temporary
 * file next to @path, in constant memory, synced and renamed over @path
 * only when complete. On error nothing is left behind. */
gboolean
_sc_mp4_replace_moov (const char    *path,
                      Mp4File       *mp4,
                      GByteArray    *moov,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autofree guint8 *buf = g_malloc (COPY_CHUNK_SIZE);
  TmpFile tmp = { NULL, NULL, -1 };
  guint64 tail_offset = mp4->moov.offset + mp4->moov.size;
  gboolean ret = FALSE;

  if (!_sc_geotag_tmp_file_open (&tmp, path, error) ||
      !copy_range (mp4->fd, tmp.fd, 0, mp4->moov.offset, buf, cancellable, error) ||
      !_sc_geotag_write_all (tmp.fd, moov->data, moov->len, error) ||
      !copy_range (mp4->fd, tmp.fd, tail_offset, mp4->file_size - tail_offset, buf,
                   cancellable, error))
    goto out;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  ret = _sc_geotag_tmp_file_commit (&tmp, error);

out:
  _sc_geotag_tmp_file_abort (&tmp);
  return ret;
}

/**
 * sc_geotag_mp4_has_location:
 * @file: an MP4 (or QuickTime) video on a local file system
 * @has_location: (out): set to whether moov/udta has a `©xyz` or `loci` box
 * @error: return location for a #GError
 *
 * Tells whether a video already carries a location, normally written by the
 * camera. Reads only the box headers and moov. Blocks; call it from a
 * worker thread. Thread-safe.
 *
 * Returns: %TRUE on success; %FALSE with %G_IO_ERROR_INVALID_DATA for a
 *   damaged or truncated video, or another %G_IO_ERROR
 */
gboolean
sc_geotag_mp4_has_location (GFile     *file,
                            gboolean  *has_location,
                            GError   **error)
{
  g_autofree char *path = NULL;
  Mp4File mp4 = { .fd = -1 };
  gboolean ret;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (has_location != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(path = _sc_geotag_get_local_path (file, error)))
    return FALSE;
  ret = _sc_mp4_open (path, &mp4, error) && mp4_find_location (&mp4, has_location, error);
  _sc_mp4_clear (&mp4);

  return ret;
}

/**
 * sc_geotag_write_mp4:
 * @file: an MP4 (or QuickTime) video on a local file system
 * @location: the position to write
 * @flags: whether a location the video already has may be replaced
 * @cancellable: (nullable): a #GCancellable, checked between chunks
 * @error: return location for a #GError
 *
 * Writes @location as an ISO 6709 `©xyz` box in moov/udta (creating udta
 * when needed; a `loci` or older `©xyz` is removed when replacing). When
 * moov comes before the media data (a "faststart" file) the chunk offsets
 * in every stco/co64 are shifted by the growth of moov. The media data are
 * copied in fixed-size chunks (constant memory) to a temporary file in the
 * same folder, which is synced and renamed over @file only when complete:
 * on any error @file is untouched and no temporary file remains.
 *
 * Without %SC_GEOTAG_FLAGS_REPLACE a video that already has a location is
 * left as it is and %G_IO_ERROR_EXISTS is returned.
 *
 * Blocks (copies the whole file); call it from a worker thread. Thread-safe
 * for different files. @location is only read.
 *
 * Returns: %TRUE when the location was written; %FALSE with
 *   %G_IO_ERROR_INVALID_ARGUMENT, %G_IO_ERROR_EXISTS,
 *   %G_IO_ERROR_INVALID_DATA (damaged video), %G_IO_ERROR_NOT_SUPPORTED
 *   (fragmented video), %G_IO_ERROR_CANCELLED or another %G_IO_ERROR
 */
gboolean
sc_geotag_write_mp4 (GFile                *file,
                     const ScGeoLocation  *location,
                     ScGeotagFlags         flags,
                     GCancellable         *cancellable,
                     GError              **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GByteArray) moov = NULL;
  Mp4File mp4 = { .fd = -1 };
  gboolean has_location = FALSE;
  gboolean ret = FALSE;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (location != NULL, FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_sc_geotag_validate_location (location, error))
    return FALSE;
  if (!(path = _sc_geotag_get_local_path (file, error)))
    return FALSE;
  if (!_sc_mp4_open (path, &mp4, error) || !mp4_find_location (&mp4, &has_location, error))
    goto out;

  if (has_location && !(flags & SC_GEOTAG_FLAGS_REPLACE))
    {
      _sc_geotag_set_refused_error (error);
      goto out;
    }

  if (!(moov = build_moov (&mp4, location, error)))
    goto out;

  ret = _sc_mp4_replace_moov (path, &mp4, moov, cancellable, error);
  g_debug ("Geotagged a video (%s, moov grew by %" G_GINT64_FORMAT " bytes)",
           ret ? "done" : "failed", (gint64) moov->len - (gint64) mp4.moov.size);

out:
  _sc_mp4_clear (&mp4);

  return ret;
}
