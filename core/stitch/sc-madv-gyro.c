/* sc-madv-gyro.c: the Mi Sphere's (MADV) gyro matrices
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MADV-PROTOCOL.md §3.8: the camera's attitude matrix in a photo's EXIF
 * UserComment (trusted only when IFD0's Make is "MADV"), per frame in an
 * MP4's `madv` box (`tlyd` or `GYRA` records, `fltr` leading frames), or
 * as hex in the 1026 reply; and the one conversion to the stitcher's
 * orientation matrix.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sc-madv-lut.h"
#include "sc-madv-lut-private.h"

#define MAX_GYRO_FRAMES (4 * 1024 * 1024)

static gboolean
gyro_from_le (const guint8 *p,
              float         gyro[9],
              GError      **error)
{
  gboolean zero = TRUE;

  for (guint k = 0; k < 9; k++)
    {
      gyro[k] = _sc_madv_lut_read_f32_le (p + 4 * k);
      if (!isfinite (gyro[k]) || fabsf (gyro[k]) > 2.0f)
        {
          _sc_madv_lut_set_invalid (error, "gyro matrix element out of range");
          return FALSE;
        }
      if (gyro[k] != 0.0f)
        zero = FALSE;
    }
  if (zero)
    {
      _sc_madv_lut_set_no_gyro (error);
      return FALSE;
    }
  return TRUE;
}

/**
 * sc_madv_gyro_from_user_comment:
 * @data: the EXIF UserComment value
 * @length: its length: 36 (the matrix) or 68 (the matrix and eight
 *   calibration floats, which are ignored)
 * @gyro: (out) (array fixed-size=9): the matrix, row-major
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @data is a gyro matrix; otherwise %FALSE with
 *   %SC_MADV_LUT_ERROR_NOT_FOUND (another kind of comment) or
 *   %SC_MADV_LUT_ERROR_INVALID (non-finite values)
 */
gboolean
sc_madv_gyro_from_user_comment (const guint8  *data,
                                gsize          length,
                                float          gyro[9],
                                GError       **error)
{
  g_return_val_if_fail (gyro != NULL, FALSE);

  if (data == NULL || (length != 36 && length != 68))
    {
      _sc_madv_lut_set_no_gyro (error);
      return FALSE;
    }
  return gyro_from_le (data, gyro, error);
}

/**
 * sc_madv_gyro_from_hex:
 * @hex: (nullable): 1026's `gyro`: 72 hex digits (nine float32 LE)
 * @gyro: (out) (array fixed-size=9): the matrix, row-major
 * @error: return location for a #GError
 *
 * An empty or %NULL @hex is the identity (MADV-PROTOCOL.md §2.4).
 *
 * Returns: %TRUE on success
 */
gboolean
sc_madv_gyro_from_hex (const char  *hex,
                       float        gyro[9],
                       GError     **error)
{
  guint8 bytes[36];

  g_return_val_if_fail (gyro != NULL, FALSE);

  if (hex == NULL || hex[0] == '\0')
    {
      static const float identity[9] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };

      memcpy (gyro, identity, sizeof identity);
      return TRUE;
    }
  if (strlen (hex) != 72)
    {
      _sc_madv_lut_set_invalid (error, "gyro hex string is not 72 digits");
      return FALSE;
    }
  for (guint i = 0; i < 36; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]);
      int lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0)
        {
          _sc_madv_lut_set_invalid (error, "gyro hex string has a non-hex digit");
          return FALSE;
        }
      bytes[i] = (guint8)(hi << 4 | lo);
    }
  return gyro_from_le (bytes, gyro, error);
}

static gboolean
tiff_is_madv (ScMadvLutTiff *t,
              GError       **error)
{
  goffset offset = 0;
  gsize length = 0;
  gboolean found = FALSE;
  char make[5] = "";

  if (!_sc_madv_lut_tiff_find_tag (t, 0x010f, &offset, &length, &found, error))
    return FALSE;
  if (!found || length < 4)
    return FALSE;
  if (!_sc_madv_lut_tiff_read (t, offset, make, 4, error))
    return FALSE;
  return memcmp (make, "MADV", 4) == 0;
}

static gboolean
tiff_gyro (ScMadvLutTiff *t,
           float          gyro[9],
           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  goffset offset = 0;
  gsize length = 0;
  gboolean found = FALSE;
  guint8 value[68];

  if (!_sc_madv_lut_tiff_init (t, error))
    return FALSE;
  if (!tiff_is_madv (t, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        _sc_madv_lut_set_no_gyro (error);
      return FALSE;
    }
  if (!_sc_madv_lut_tiff_find_tag (t, 0x9286, &offset, &length, &found, error))
    return FALSE;
  if (!found || (length != 36 && length != 68))
    {
      _sc_madv_lut_set_no_gyro (error);
      return FALSE;
    }
  if (!_sc_madv_lut_tiff_read (t, offset, value, length, error))
    return FALSE;
  return sc_madv_gyro_from_user_comment (value, length, gyro, error);
}

/**
 * sc_madv_gyro_read_photo:
 * @file: a Mi Sphere JPEG or DNG
 * @gyro: (out) (array fixed-size=9): the matrix, row-major
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the camera's attitude matrix from the EXIF UserComment (only
 * when IFD0's Make is "MADV", as the vendor's reader requires). Blocking.
 *
 * Returns: %TRUE on success; %FALSE with %SC_MADV_LUT_ERROR_NOT_FOUND
 *   when the file has none, %SC_MADV_LUT_ERROR_INVALID or an I/O error
 */
gboolean
sc_madv_gyro_read_photo (GFile         *file,
                         float          gyro[9],
                         GCancellable  *cancellable,
                         GError       **error)
{
  ScMadvLutSource src = { 0 };
  guint8 head[8] = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (gyro != NULL, FALSE);

  if (!_sc_madv_lut_source_open (&src, file, cancellable, error))
    return FALSE;
  if (!_sc_madv_lut_source_read (&src, 0, head, MIN (src.size, (goffset)sizeof head), error))
    goto out;

  switch (_sc_madv_lut_sniff (head, MIN (src.size, (goffset)sizeof head)))
    {
    case SC_MADV_LUT_KIND_JPEG:
      {
        g_autoptr(GError) local_error = NULL;
        g_autoptr(GBytes) exif = _sc_madv_lut_jpeg_exif (&src, &local_error);

        if (exif == NULL)
          {
            if (local_error != NULL)
              g_propagate_error (error, g_steal_pointer (&local_error));
            else
              _sc_madv_lut_set_no_gyro (error);
          }
        else
          {
            gsize size;
            ScMadvLutTiff t = { .mem = g_bytes_get_data (exif, &size) };

            t.size = size;
            ok = tiff_gyro (&t, gyro, error);
          }
      }
      break;

    case SC_MADV_LUT_KIND_TIFF:
      {
        ScMadvLutTiff t = { .src = &src, .size = src.size };

        ok = tiff_gyro (&t, gyro, error);
      }
      break;

    case SC_MADV_LUT_KIND_MP4:
    case SC_MADV_LUT_KIND_OTHER:
    default:
      _sc_madv_lut_set_no_gyro (error);
      break;
    }

out:
  _sc_madv_lut_source_clear (&src);
  return ok;
}

/**
 * sc_madv_gyro_read_mp4:
 * @file: a Mi Sphere MP4
 * @n_frames: (out): the number of matrices
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the per-frame attitude matrices of the `madv` box's `tlyd` (or
 * `GYRA`) records, streaming, up to the first all-zero record; the `fltr`
 * count of leading frames without a record get the first record, so
 * matrix i belongs to video frame i. Blocking.
 *
 * Returns: (transfer full) (nullable) (array length=n_frames): 9 ×
 *   @n_frames floats (row-major matrices), or %NULL with
 *   %SC_MADV_LUT_ERROR_NOT_FOUND, %SC_MADV_LUT_ERROR_INVALID or an I/O error
 */
float *
sc_madv_gyro_read_mp4 (GFile         *file,
                       guint         *n_frames,
                       GCancellable  *cancellable,
                       GError       **error)
{
  ScMadvLutSource src = { 0 };
  ScMadvLutMp4Boxes boxes;
  g_autoptr(GArray) matrices = NULL;
  g_autofree guint8 *chunk = NULL;
  const gsize chunk_records = 1024;
  goffset n_records, done = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (n_frames != NULL, NULL);

  *n_frames = 0;
  if (!_sc_madv_lut_source_open (&src, file, cancellable, error))
    return NULL;
  if (!_sc_madv_lut_mp4_find (&src, &boxes, error))
    {
      _sc_madv_lut_source_clear (&src);
      return NULL;
    }
  if (boxes.gyro_length < 36)
    {
      _sc_madv_lut_source_clear (&src);
      _sc_madv_lut_set_no_gyro (error);
      return NULL;
    }

  n_records = MIN (boxes.gyro_length / 36, MAX_GYRO_FRAMES);
  matrices = g_array_new (FALSE, FALSE, sizeof (float) * 9);
  chunk = g_malloc (36 * chunk_records);
  while (ok && done < n_records)
    {
      gsize n = (gsize)MIN ((goffset)chunk_records, n_records - done);
      gboolean end = FALSE;

      ok = _sc_madv_lut_source_read (&src, boxes.gyro_offset + done * 36, chunk, n * 36, error);
      for (gsize i = 0; ok && i < n; i++)
        {
          static const guint8 zero[36] = { 0 };
          float m[9];

          if (memcmp (chunk + 36 * i, zero, 36) == 0)
            {
              end = TRUE;
              break;
            }
          ok = gyro_from_le (chunk + 36 * i, m, error);
          if (ok)
            g_array_append_vals (matrices, m, 1);
        }
      done += n;
      if (end)
        break;
    }
  _sc_madv_lut_source_clear (&src);

  if (!ok)
    return NULL;
  if (matrices->len == 0)
    {
      _sc_madv_lut_set_no_gyro (error);
      return NULL;
    }
  if (boxes.fltr > 0)
    {
      guint lead = MIN (boxes.fltr, MAX_GYRO_FRAMES);
      guint len = matrices->len;
      float *m;

      /* frames 0 … lead − 1 get the first record */
      g_array_set_size (matrices, len + lead);
      m = (float *)(void *)matrices->data;
      memmove (m + 9 * (gsize)lead, m, sizeof (float) * 9 * len);
      for (guint i = 1; i < lead; i++)
        memcpy (m + 9 * (gsize)i, m + 9 * (gsize)lead, sizeof (float) * 9);
      memcpy (m, m + 9 * (gsize)lead, sizeof (float) * 9);
    }

  *n_frames = matrices->len;
  return (float *)g_array_free (g_steal_pointer (&matrices), FALSE);
}

/**
 * sc_madv_gyro_to_orientation:
 * @gyro: (array fixed-size=9): the camera's matrix, row-major
 * @m: (out) (array fixed-size=9): the stitcher's orientation matrix
 *
 * The one place that turns the camera's gyro matrix into the rotation
 * sc_stitch_map_new() and sc_stitch_map_new_from_madv_lut() apply to each
 * output ray. Our convention (MADV-PROTOCOL.md §3.8 leaves a real Mi
 * Sphere's unverified): @gyro is the attitude R, camera-frame vector →
 * level world frame, R = Rx(pitch)·Rz(roll) as sc_orientation_matrix()
 * takes pitch and roll; the output ray is a world ray, so the camera ray
 * is Rᵀ · d and @m = Rᵀ (re-orthonormalised against float rounding).
 */
void
sc_madv_gyro_to_orientation (const float gyro[9],
                             double      m[9])
{
  double r[3][3];

  g_return_if_fail (gyro != NULL && m != NULL);

  for (guint i = 0; i < 3; i++)
    for (guint j = 0; j < 3; j++)
      r[i][j] = gyro[j * 3 + i];

  /* Gram–Schmidt on the rows of Rᵀ */
  for (guint i = 0; i < 3; i++)
    {
      double len;

      for (guint k = 0; k < i; k++)
        {
          double dot = r[i][0] * r[k][0] + r[i][1] * r[k][1] + r[i][2] * r[k][2];

          for (guint j = 0; j < 3; j++)
            r[i][j] -= dot * r[k][j];
        }
      len = sqrt (r[i][0] * r[i][0] + r[i][1] * r[i][1] + r[i][2] * r[i][2]);
      if (len < 1e-6)
        {
          /* degenerate: no rotation */
          static const double identity[9] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };

          memcpy (m, identity, sizeof identity);
          return;
        }
      for (guint j = 0; j < 3; j++)
        r[i][j] /= len;
    }

  for (guint i = 0; i < 3; i++)
    for (guint j = 0; j < 3; j++)
      m[i * 3 + j] = r[i][j];
}
