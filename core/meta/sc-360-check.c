/* sc-360-check.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-spherical"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-mp4-private.h"

/* Checking and repairing the 360° metadata of a file that may have lost it
 * in another editor (issue 5, part 6). The kind of file is told from its
 * first bytes, not its name. */

/**
 * sc_check_result_clear:
 * @result: a #ScCheckResult
 *
 * Frees what @result owns and zeroes it.
 */
void
sc_check_result_clear (ScCheckResult *result)
{
  g_return_if_fail (result != NULL);

  g_clear_pointer (&result->problem, g_free);
  g_clear_pointer (&result->tracks, g_array_unref);
  memset (result, 0, sizeof *result);
}

static gboolean
sniff_kind (GFile        *file,
            ScCheckKind  *kind,
            GError      **error)
{
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) local_error = NULL;
  guint8 head[12] = { 0 };
  gsize n = 0;

  if (!(in = g_file_read (file, NULL, &local_error)) ||
      !g_input_stream_read_all (G_INPUT_STREAM (in), head, sizeof head, &n, NULL, &local_error))
    {
      g_debug ("Could not read %s: %s", g_file_peek_path (file), local_error->message);
      g_set_error_literal (error, local_error->domain, local_error->code,
                           _("Could not read the file. Check that it exists and can be read."));
      return FALSE;
    }

  if (n >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
    {
      *kind = SC_CHECK_KIND_PHOTO;
      return TRUE;
    }
  if (n >= 8 && (memcmp (head + 4, "ftyp", 4) == 0 || memcmp (head + 4, "moov", 4) == 0 ||
                 memcmp (head + 4, "free", 4) == 0 || memcmp (head + 4, "wide", 4) == 0 ||
                 memcmp (head + 4, "mdat", 4) == 0))
    {
      *kind = SC_CHECK_KIND_VIDEO;
      return TRUE;
    }

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("The file is neither a JPEG photo nor an MP4 video. Choose a JPEG or an MP4 file."));
  return FALSE;
}

static void
set_problem (ScCheckResult *result,
             const char    *problem)
{
  if (result->problem == NULL && problem != NULL)
    result->problem = g_strdup (problem);
}

/**
 * sc_360_check:
 * @file: a JPEG photo or an MP4 video on a local file system
 * @result: (out caller-allocates): the findings; clear it with
 *   sc_check_result_clear() (also after a failure)
 * @error: return location for a #GError
 *
 * Reports whether @file carries valid 360° metadata: for a JPEG, XMP GPano
 * (equirectangular, UsePanoramaViewer, the sizes consistent with the
 * image); for an MP4, Spherical Video V1 and V2 on every video track. A file
 * without it is not an error: @result says what is missing.
 *
 * Blocks; call it from a worker thread.
 *
 * Returns: %TRUE when the file could be checked; %FALSE with
 *   %G_IO_ERROR_INVALID_DATA (damaged file), %G_IO_ERROR_NOT_SUPPORTED
 *   (neither JPEG nor MP4) or another #GError
 */
gboolean
sc_360_check (GFile          *file,
              ScCheckResult  *result,
              GError        **error)
{
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (result, 0, sizeof *result);
  result->tracks = g_array_new (FALSE, TRUE, sizeof (ScSphericalTrack));
  if (!sniff_kind (file, &result->kind, error))
    return FALSE;

  if (result->kind == SC_CHECK_KIND_PHOTO)
    {
      ScGPano gpano;
      const char *problem = NULL;

      if (!sc_gpano_read_jpeg (file, &gpano, &result->gpano_present,
                               &result->width, &result->height, error))
        return FALSE;
      result->gpano_valid = result->gpano_present &&
                            sc_gpano_is_valid (&gpano, result->width, result->height, &problem);
      sc_gpano_clear (&gpano);
      if (!result->gpano_present)
        set_problem (result, _("The photo has no GPano panorama metadata."));
      else
        set_problem (result, problem);
      result->valid = result->gpano_valid;
    }
  else
    {
      g_autoptr(GArray) tracks = NULL;

      if (!sc_spherical_mp4_read (file, &tracks, error))
        return FALSE;
      g_array_unref (result->tracks);
      result->tracks = g_steal_pointer (&tracks);
      result->valid = result->tracks->len > 0;
      if (result->tracks->len == 0)
        set_problem (result, _("The file has no video track."));
      for (guint i = 0; i < result->tracks->len; i++)
        {
          const ScSphericalTrack *t = &g_array_index (result->tracks, ScSphericalTrack, i);

          if (!t->v1_present)
            set_problem (result, _("The video has no Spherical Video V1 metadata."));
          else if (!t->v1_valid)
            set_problem (result, _("The video's Spherical Video V1 metadata is incomplete."));
          if (!t->v2_present)
            set_problem (result, _("The video has no Spherical Video V2 metadata."));
          else if (!t->v2_valid)
            set_problem (result, _("The video's Spherical Video V2 metadata is malformed."));
          result->valid &= t->v1_valid && t->v2_valid;
        }
    }

  return TRUE;
}

/**
 * sc_360_fix:
 * @file: a stitched (equirectangular) JPEG photo or MP4 video on a local
 *   file system
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Injects the 360° metadata that sc_360_check() finds missing or invalid:
 * GPano with the sizes read from the image for a JPEG, Spherical Video V1
 * and V2 for an MP4. Does nothing to a file that is already valid. The file
 * is rewritten through a temporary file, synced and renamed only when
 * complete: on any error it is untouched and no temporary file remains.
 *
 * Only use it on files known to be equirectangular: a dual-fisheye file
 * must not carry this metadata. Blocks; call it from a worker thread.
 *
 * Returns: %TRUE when the file now carries valid 360° metadata; %FALSE
 *   with a #GError as for sc_360_check() or a write error
 */
gboolean
sc_360_fix (GFile         *file,
            GCancellable  *cancellable,
            GError       **error)
{
  ScCheckResult result;
  gboolean ret = FALSE;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sc_360_check (file, &result, error))
    goto out;
  if (result.valid)
    {
      ret = TRUE;
      goto out;
    }

  if (result.kind == SC_CHECK_KIND_PHOTO)
    {
      ScGPano gpano;

      sc_gpano_init_equirect (&gpano, result.width, result.height);
      ret = sc_gpano_write_jpeg (file, &gpano, cancellable, error);
      sc_gpano_clear (&gpano);
    }
  else
    {
      ScSphericalVideo video;

      sc_spherical_video_init_default (&video);
      ret = sc_spherical_mp4_write (file, &video, cancellable, error);
    }

out:
  sc_check_result_clear (&result);
  return ret;
}
