/* sc-geotag.c
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

/*
 * Geotagging writes a location into a photo (the EXIF GPS IFD, PROTOCOLS.md
 * §3.7) or a video (moov/udta/©xyz, ISO 6709, §3.8). Both writers build the
 * new file as a hidden temporary file in the same folder, fsync it and
 * rename it over the original only when it is complete, so a crash, a full
 * disk or a corrupt input never leaves half a file, and the original stays
 * untouched on every error. Files are untrusted: every length read from
 * them is checked against what is really there.
 *
 * Privacy: coordinates are never logged, not even with g_debug().
 */

void
_sc_geotag_tmp_file_abort (TmpFile *tmp)
{
  if (tmp->fd >= 0)
    close (tmp->fd);
  tmp->fd = -1;
  if (tmp->tmp_path != NULL)
    g_unlink (tmp->tmp_path);
  g_clear_pointer (&tmp->tmp_path, g_free);
  g_clear_pointer (&tmp->path, g_free);
}

void
_sc_geotag_set_io_error_from_errno (GError    **error,
                         int         saved_errno,
                         const char *message)
{
  g_debug ("%s: %s", message, g_strerror (saved_errno));
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), message);
}

gboolean
_sc_geotag_tmp_file_open (TmpFile     *tmp,
               const char  *path,
               GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *templ = g_strdup_printf (".%s.XXXXXX.geotag", base);
  struct stat st;

  tmp->fd = -1;
  tmp->path = g_strdup (path);
  tmp->tmp_path = g_build_filename (dir, templ, NULL);
  tmp->fd = g_mkstemp_full (tmp->tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (tmp->fd < 0)
    {
      int saved_errno = errno;

      g_clear_pointer (&tmp->tmp_path, g_free);
      _sc_geotag_tmp_file_abort (tmp);
      _sc_geotag_set_io_error_from_errno (error, saved_errno,
                               _("Could not create a temporary file next to the file."));
      return FALSE;
    }

  /* Keep the original's permissions. */
  if (stat (path, &st) == 0)
    (void) fchmod (tmp->fd, st.st_mode & 07777);

  return TRUE;
}

gboolean
_sc_geotag_write_all (int            fd,
           const guint8  *data,
           gsize          len,
           GError       **error)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          _sc_geotag_set_io_error_from_errno (error, n < 0 ? errno : ENOSPC,
                                   _("Could not write the file."));
          return FALSE;
        }
      data += n;
      len -= (gsize) n;
    }

  return TRUE;
}

gboolean
_sc_geotag_tmp_file_commit (TmpFile  *tmp,
                 GError  **error)
{
  int fd = tmp->fd;

  tmp->fd = -1;
  if (fsync (fd) != 0)
    {
      int saved_errno = errno;

      close (fd);
      _sc_geotag_set_io_error_from_errno (error, saved_errno, _("Could not write the file."));
      _sc_geotag_tmp_file_abort (tmp);
      return FALSE;
    }
  if (close (fd) != 0)
    {
      _sc_geotag_set_io_error_from_errno (error, errno, _("Could not write the file."));
      _sc_geotag_tmp_file_abort (tmp);
      return FALSE;
    }
  if (g_rename (tmp->tmp_path, tmp->path) != 0)
    {
      _sc_geotag_set_io_error_from_errno (error, errno, _("Could not replace the file."));
      _sc_geotag_tmp_file_abort (tmp);
      return FALSE;
    }

  g_clear_pointer (&tmp->tmp_path, g_free);
  g_clear_pointer (&tmp->path, g_free);
  return TRUE;
}

char *
_sc_geotag_get_local_path (GFile   *file,
                GError **error)
{
  char *path = g_file_get_path (file);

  if (path == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("Only files on this computer can be geotagged."));
  return path;
}

/* Rounds a non-negative value; here rather than llround() so that sc-core
 * needs no libm. */

gboolean
_sc_geotag_validate_location (const ScGeoLocation  *location,
                   GError              **error)
{
  if (!isfinite (location->latitude) || !isfinite (location->longitude) ||
      location->latitude < -90.0 || location->latitude > 90.0 ||
      location->longitude < -180.0 || location->longitude > 180.0 ||
      (location->has_altitude &&
       (!isfinite (location->altitude) || fabs (location->altitude) > 1000000.0)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The location is not valid."));
      return FALSE;
    }

  return TRUE;
}

void
_sc_geotag_set_refused_error (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("The file already has a location from the camera; it was left as it is."));
}
