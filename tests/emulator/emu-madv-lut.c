/* emu-madv-lut.c: the Mi Sphere's lens LUT and gyro matrix, written from
 * the emulator's rig
 *
 * The LUT block (MADV-PROTOCOL.md §3.9, /work/shared contract): a header
 * of 8 × (u32 LE offset, u32 LE size), offsets from the block start, then
 * eight 16-bit grayscale PNGs r_x_int, r_x_min, r_y_int, r_y_min, l_x_int,
 * l_x_min, l_y_int, l_y_min over an equirectangular grid. Grid point (i, j)
 * is the camera ray at λ = 2π(i + 0.5)/W − π, φ = π/2 − π(j + 0.5)/H (our
 * orientation: the centre is the front); its value is where the lens sees
 * that ray in a 3456×1728 frame, in continuous pixel coordinates (pixel k
 * has its centre at k + 0.5), as int + min/1000. `r_*` is the right half
 * (front lens), `l_*` the left half (back lens). Positions outside the
 * frame (rays a lens does not see) are clamped into it.
 *
 * The camera's attitude is not part of the LUT (it is a per-unit
 * calibration): it is the gyro matrix, R = Rx(pitch)·Rz(roll), camera-frame
 * vector → level world frame, as the rig's pitch_deg and roll_deg take it.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "emu-madv-lut"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <png.h>

#include "emu-madv-lut.h"

#define DEG (G_PI / 180.0)

enum { R_X_INT, R_X_MIN, R_Y_INT, R_Y_MIN, L_X_INT, L_X_MIN, L_Y_INT, L_Y_MIN, N_PLANES };

/* Where @lens sees the camera ray @d, in the rig's frame (the inverse of
 * emu-render.c's map_fill_row() without the attitude). */
static void
lens_project (const ScEmuLens *lens,
              const double     d[3],
              double          *px,
              double          *py)
{
  double c = cos (lens->yaw_deg * DEG), s = sin (lens->yaw_deg * DEG);
  /* camera frame → lens frame: rotate about y by −yaw */
  double x = c * d[0] - s * d[2];
  double y = d[1];
  double z = s * d[0] + c * d[2];
  double theta = acos (CLAMP (z, -1.0, 1.0));
  double psi = atan2 (y, x) + lens->roll_deg * DEG;
  double r = lens->radius * theta / (lens->fov_deg / 2.0 * DEG);

  *px = lens->cx + r * cos (psi);
  *py = lens->cy - r * sin (psi);
}

static void
split (double   value,
       double   max,
       guint16 *int_part,
       guint16 *min_part)
{
  double v = CLAMP (value, 0.0, max);
  double i = floor (v);
  long m = lround ((v - i) * 1000.0);

  if (m >= 1000)
    {
      i += 1.0;
      m = 0;
    }
  *int_part = (guint16)i;
  *min_part = (guint16)m;
}

static void
on_png_write (png_structp png,
              png_bytep   data,
              png_size_t  length)
{
  g_byte_array_append (png_get_io_ptr (png), data, (guint)length);
}

static void
on_png_flush (png_structp png)
{
}

static void
on_png_error (png_structp     png,
              png_const_charp message)
{
  g_warning ("PNG: %s", message);
  png_longjmp (png, 1);
}

static void
on_png_warning (png_structp     png,
                png_const_charp message)
{
}

/* One 16-bit grayscale PNG of @width × @height native values. */
static gboolean
encode_png (const guint16 *plane,
            int            width,
            int            height,
            GByteArray    *out)
{
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, on_png_error, on_png_warning);
  png_infop info;
  g_autofree guint8 *row = g_malloc ((gsize)width * 2);

  if (png == NULL)
    return FALSE;
  info = png_create_info_struct (png);
  if (info == NULL || setjmp (png_jmpbuf (png)))
    {
      png_destroy_write_struct (&png, &info);
      return FALSE;
    }

  png_set_write_fn (png, out, on_png_write, on_png_flush);
  png_set_compression_level (png, 1);
  png_set_IHDR (png, info, width, height, 16, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info (png, info);
  for (int j = 0; j < height; j++)
    {
      for (int i = 0; i < width; i++)
        {
          guint16 v = plane[(gsize)j * width + i];

          row[2 * i] = v >> 8;        /* PNG is big-endian */
          row[2 * i + 1] = v & 0xff;
        }
      png_write_row (png, row);
    }
  png_write_end (png, NULL);
  png_destroy_write_struct (&png, &info);

  return TRUE;
}

/* The LUT block for @rig's lenses over a @grid_width × @grid_height grid
 * (SC_EMU_MADV_LUT_WIDTH × SC_EMU_MADV_LUT_HEIGHT is the emulator's), with
 * positions in a 3456×1728 frame whatever the rig's size. */
GBytes *
sc_emu_madv_lut_new (const ScEmuRig *rig,
                     int             grid_width,
                     int             grid_height,
                     GError        **error)
{
  g_autoptr(GByteArray) block = g_byte_array_new ();
  guint16 *planes[N_PLANES];
  double sx = (double)SC_EMU_MADV_LUT_FRAME_WIDTH / rig->width;
  double sy = (double)SC_EMU_MADV_LUT_FRAME_HEIGHT / rig->height;
  gsize n = (gsize)grid_width * grid_height;
  gboolean ok = TRUE;

  g_return_val_if_fail (rig != NULL, NULL);
  g_return_val_if_fail (grid_width >= 2 && grid_height >= 1, NULL);

  for (guint k = 0; k < N_PLANES; k++)
    planes[k] = g_new (guint16, n);

  for (int j = 0; j < grid_height; j++)
    {
      double phi = G_PI / 2.0 - G_PI * (j + 0.5) / grid_height;

      for (int i = 0; i < grid_width; i++)
        {
          double lambda = 2.0 * G_PI * (i + 0.5) / grid_width - G_PI;
          double d[3] = { cos (phi) * sin (lambda), sin (phi), cos (phi) * cos (lambda) };
          gsize at = (gsize)j * grid_width + i;

          for (guint lens = 0; lens < 2; lens++)
            {
              /* r_* planes first: the front lens */
              guint base = lens == SC_EMU_LENS_FRONT ? R_X_INT : L_X_INT;
              double px, py;

              lens_project (&rig->lenses[lens], d, &px, &py);
              split (px * sx, SC_EMU_MADV_LUT_FRAME_WIDTH - 0.001,
                     &planes[base][at], &planes[base + 1][at]);
              split (py * sy, SC_EMU_MADV_LUT_FRAME_HEIGHT - 0.001,
                     &planes[base + 2][at], &planes[base + 3][at]);
            }
        }
    }

  g_byte_array_set_size (block, N_PLANES * 8);
  for (guint k = 0; k < N_PLANES && ok; k++)
    {
      guint32 offset = block->len, size;

      ok = encode_png (planes[k], grid_width, grid_height, block);
      size = block->len - offset;
      offset = GUINT32_TO_LE (offset);
      size = GUINT32_TO_LE (size);
      memcpy (block->data + k * 8, &offset, 4);
      memcpy (block->data + k * 8 + 4, &size, 4);
    }

  for (guint k = 0; k < N_PLANES; k++)
    g_free (planes[k]);

  if (!ok)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The LUT could not be encoded");
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&block));
}

/* The gyro matrix of @rig's attitude: R = Rx(pitch)·Rz(roll), row-major,
 * camera-frame vector → level world frame (identity when level). */
void
sc_emu_madv_gyro_matrix (const ScEmuRig *rig,
                         float           gyro[9])
{
  double cp = cos (rig->pitch_deg * DEG), sp = sin (rig->pitch_deg * DEG);
  double cr = cos (rig->roll_deg * DEG), sr = sin (rig->roll_deg * DEG);
  const double m[9] = {
    cr,       -sr,      0.0,
    cp * sr,  cp * cr,  sp,
    -sp * sr, -sp * cr, cp,
  };

  for (guint k = 0; k < 9; k++)
    gyro[k] = (float)m[k];
}

/* The 36 bytes of a gyro record (nine float32 LE): the JPEG UserComment,
 * one MP4 `tlyd` record, and (as hex) 1026's `gyro`. */
void
sc_emu_madv_gyro_to_bytes (const float gyro[9],
                           guint8      bytes[36])
{
  for (guint k = 0; k < 9; k++)
    {
      guint32 bits;

      memcpy (&bits, &gyro[k], 4);
      bits = GUINT32_TO_LE (bits);
      memcpy (bytes + 4 * k, &bits, 4);
    }
}
