/* sc-madv-lut.c: the Mi Sphere's (MADV) lens LUT: the block and its PNG planes
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MADV-PROTOCOL.md §3.7–3.9. Where the data lives:
 *  - JPEG: the LUT block after the EOI, `[block][u32 LE L]` (the last four
 *    bytes give L); the gyro matrix in EXIF UserComment (36 bytes, or 68
 *    with eight calibration floats after it), trusted only when IFD0's
 *    Make is "MADV".
 *  - DNG: the LUT block is the value of tag 0x9009; gyro as in JPEG.
 *  - MP4: a `madv` box anywhere in the box tree (walked box by box, never
 *    loaded whole) with `lutz` (the block), `tlyd` or `GYRA` (36-byte
 *    records, one per frame, ending at the first all-zero record) and
 *    `fltr` (u32 LE: leading frames without a record).
 *  - app_lut.bin: the block itself.
 *
 * The block: 8 × (u32 LE offset, u32 LE size) from the block start, then
 * 16-bit grayscale PNGs r_x_int, r_x_min, r_y_int, r_y_min, l_x_int,
 * l_x_min, l_y_int, l_y_min over an equirectangular grid in our
 * orientation (centre = front, grid point (i, j) at λ = 2π(i + 0.5)/W − π,
 * φ = π/2 − π(j + 0.5)/H); source position = int + min/1000 in continuous
 * pixel coordinates of a 3456×1728 frame; r = the right half (front lens),
 * l = the left half (back lens).
 *
 * This file decodes the block; sc-madv-lut-files.c finds it in a file and
 * sc-madv-gyro.c reads the gyro matrices.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <png.h>
#include <stdio.h>
#include <string.h>

#include "sc-lens.h"
#include "sc-madv-lut.h"
#include "sc-madv-lut-private.h"

G_DEFINE_QUARK (sc-madv-lut-error-quark, sc_madv_lut_error)

#define MAX_GRID_WIDTH  8192
#define MAX_GRID_HEIGHT 4096

enum { R_X_INT, R_X_MIN, R_Y_INT, R_Y_MIN, L_X_INT, L_X_MIN, L_Y_INT, L_Y_MIN };

struct _ScMadvLut
{
  gatomicrefcount  ref_count;
  int              width;
  int              height;
  float           *pos[2][2];   /* [SC_LENS_*][0 = x, 1 = y], width × height */
};

G_DEFINE_BOXED_TYPE (ScMadvLut, sc_madv_lut, sc_madv_lut_ref, sc_madv_lut_unref)

void
_sc_madv_lut_set_invalid (GError    **error,
                          const char *detail)
{
  /* The detail is for the log; the message is for the user. */
  g_debug ("MADV LUT/gyro: %s", detail);
  g_set_error_literal (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_INVALID,
                       _("The camera’s lens table or motion data in this file is damaged: "
                         "download the file from the camera again"));
}

void
_sc_madv_lut_set_no_lut (GError **error)
{
  g_set_error_literal (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_NOT_FOUND,
                       _("The file has no lens table from the camera: stitch it with a lens profile instead"));
}

void
_sc_madv_lut_set_no_gyro (GError **error)
{
  g_set_error_literal (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_NOT_FOUND,
                       _("The file has no motion data from the camera: level it by hand instead"));
}

/* PNG planes */

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         pos;
  png_structp   png;
  png_infop     info;
  guint16      *plane;
  guint8       *row;
  int           width;
  int           height;
  char          message[160];
} PngRead;

static void
on_png_read (png_structp png,
             png_bytep   out,
             png_size_t  n)
{
  PngRead *r = png_get_io_ptr (png);

  if (n > r->length - r->pos)
    png_error (png, "truncated image");
  memcpy (out, r->data + r->pos, n);
  r->pos += n;
}

static void
on_png_error (png_structp     png,
              png_const_charp message)
{
  PngRead *r = png_get_error_ptr (png);

  g_strlcpy (r->message, message, sizeof r->message);
  png_longjmp (png, 1);
}

static void
on_png_warning (png_structp     png,
                png_const_charp message)
{
}

/* Everything after setjmp() lives in @r, so nothing is lost on longjmp. */
static gboolean
png_read_run (PngRead *r)
{
  png_uint_32 w, h;
  int depth, colour, interlace;

  if (setjmp (png_jmpbuf (r->png)))
    return FALSE;

  png_set_read_fn (r->png, r, on_png_read);
  png_set_user_limits (r->png, MAX_GRID_WIDTH, MAX_GRID_HEIGHT);
  png_set_chunk_malloc_max (r->png, 4 * 1024 * 1024);
  png_read_info (r->png, r->info);
  png_get_IHDR (r->png, r->info, &w, &h, &depth, &colour, &interlace, NULL, NULL);
  if (depth != 16 || colour != PNG_COLOR_TYPE_GRAY || interlace != PNG_INTERLACE_NONE)
    {
      g_snprintf (r->message, sizeof r->message,
                  "not a 16-bit grayscale progressive image (depth %d, colour %d)", depth, colour);
      return FALSE;
    }
  if (w < 2 || h < 1 || w > MAX_GRID_WIDTH || h > MAX_GRID_HEIGHT ||
      png_get_rowbytes (r->png, r->info) != (gsize)w * 2)
    {
      g_snprintf (r->message, sizeof r->message, "bad size %u×%u", (guint)w, (guint)h);
      return FALSE;
    }

  r->width = (int)w;
  r->height = (int)h;
  r->plane = g_new (guint16, (gsize)w * h);
  r->row = g_malloc ((gsize)w * 2);
  for (png_uint_32 y = 0; y < h; y++)
    {
      guint16 *dst = r->plane + (gsize)y * w;

      png_read_row (r->png, r->row, NULL);
      for (png_uint_32 x = 0; x < w; x++)
        dst[x] = (guint16)((r->row[2 * x] << 8) | r->row[2 * x + 1]);
    }

  return TRUE;
}

/* Decodes one 16-bit grayscale PNG; returns the plane (native values) or
 * NULL with a reason in @why. */
static guint16 *
decode_plane (const guint8 *data,
              gsize         length,
              int          *width,
              int          *height,
              char         *why,
              gsize         why_size)
{
  PngRead r = { .data = data, .length = length };
  gboolean ok;

  if (length < 8 || png_sig_cmp (data, 0, 8) != 0)
    {
      g_strlcpy (why, "not a PNG", why_size);
      return NULL;
    }

  r.png = png_create_read_struct (PNG_LIBPNG_VER_STRING, &r, on_png_error, on_png_warning);
  if (r.png == NULL)
    {
      g_strlcpy (why, "out of memory", why_size);
      return NULL;
    }
  r.info = png_create_info_struct (r.png);
  ok = r.info != NULL && png_read_run (&r);
  png_destroy_read_struct (&r.png, &r.info, NULL);
  g_free (r.row);

  if (!ok)
    {
      g_strlcpy (why, r.message[0] != '\0' ? r.message : "cannot decode", why_size);
      g_free (r.plane);
      return NULL;
    }

  *width = r.width;
  *height = r.height;
  return r.plane;
}

/**
 * sc_madv_lut_new_from_bytes:
 * @block: a LUT block (MADV-PROTOCOL.md §3.9): the header and eight PNGs
 * @error: return location for a #GError
 *
 * Decodes a LUT block, checking every offset, size and image.
 *
 * Returns: (transfer full) (nullable): the LUT, or %NULL with
 *   %SC_MADV_LUT_ERROR_INVALID
 */
ScMadvLut *
sc_madv_lut_new_from_bytes (GBytes  *block,
                            GError **error)
{
  g_autoptr(ScMadvLut) self = NULL;
  guint16 *planes[SC_MADV_LUT_N_PLANES] = { NULL };
  const guint8 *data;
  gsize size;
  char why[200] = "";
  gboolean ok = TRUE;

  g_return_val_if_fail (block != NULL, NULL);

  data = g_bytes_get_data (block, &size);
  if (size < SC_MADV_LUT_HEADER_SIZE + 8 || size > SC_MADV_LUT_MAX_BLOCK_SIZE)
    {
      g_autofree char *detail = g_strdup_printf ("block of %" G_GSIZE_FORMAT " bytes", size);

      _sc_madv_lut_set_invalid (error, detail);
      return NULL;
    }

  self = g_new0 (ScMadvLut, 1);
  g_atomic_ref_count_init (&self->ref_count);

  for (guint k = 0; k < SC_MADV_LUT_N_PLANES && ok; k++)
    {
      guint32 offset = _sc_madv_lut_read_u32_le (data + k * 8);
      guint32 length = _sc_madv_lut_read_u32_le (data + k * 8 + 4);
      int w = 0, h = 0;
      char plane_why[160];

      if (offset < SC_MADV_LUT_HEADER_SIZE || offset > size || length < 8 || length > size - offset)
        {
          g_snprintf (why, sizeof why, "image %u: offset %u size %u outside the block of %" G_GSIZE_FORMAT,
                      k, offset, length, size);
          ok = FALSE;
          break;
        }
      planes[k] = decode_plane (data + offset, length, &w, &h, plane_why, sizeof plane_why);
      if (planes[k] == NULL)
        {
          g_snprintf (why, sizeof why, "image %u: %s", k, plane_why);
          ok = FALSE;
        }
      else if (k == 0)
        {
          self->width = w;
          self->height = h;
        }
      else if (w != self->width || h != self->height)
        {
          g_snprintf (why, sizeof why, "image %u is %d×%d, image 0 %d×%d", k, w, h,
                      self->width, self->height);
          ok = FALSE;
        }
    }

  if (ok)
    {
      gsize n = (gsize)self->width * self->height;
      static const struct { guint lens, axis, int_plane; } layout[] = {
        { SC_LENS_FRONT, 0, R_X_INT }, { SC_LENS_FRONT, 1, R_Y_INT },
        { SC_LENS_BACK, 0, L_X_INT }, { SC_LENS_BACK, 1, L_Y_INT },
      };

      for (guint k = 0; k < G_N_ELEMENTS (layout); k++)
        {
          const guint16 *ip = planes[layout[k].int_plane];
          const guint16 *mp = planes[layout[k].int_plane + 1];
          float *dst = g_new (float, n);

          for (gsize i = 0; i < n; i++)
            dst[i] = (float)(ip[i] + mp[i] / 1000.0);
          self->pos[layout[k].lens][layout[k].axis] = dst;
        }
    }

  for (guint k = 0; k < SC_MADV_LUT_N_PLANES; k++)
    g_free (planes[k]);

  if (!ok)
    {
      _sc_madv_lut_set_invalid (error, why);
      return NULL;
    }

  return g_steal_pointer (&self);
}

ScMadvLut *
sc_madv_lut_ref (ScMadvLut *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sc_madv_lut_unref (ScMadvLut *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      for (guint i = 0; i < 2; i++)
        for (guint j = 0; j < 2; j++)
          g_free (self->pos[i][j]);
      g_free (self);
    }
}

int
sc_madv_lut_get_grid_width (const ScMadvLut *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->width;
}

int
sc_madv_lut_get_grid_height (const ScMadvLut *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->height;
}

/**
 * sc_madv_lut_lookup:
 * @self: a LUT
 * @lens: %SC_LENS_FRONT (the `r_*` images) or %SC_LENS_BACK (`l_*`)
 * @lambda: longitude of the camera ray, radians (0 = front, + = right)
 * @phi: latitude, radians (+ = up)
 * @x: (out): source x in a 3456×1728 frame, continuous pixel coordinates
 * @y: (out): source y
 *
 * Where @lens sees the ray: the grid interpolated bilinearly between its
 * points (each at its pixel centre), wrapping round in longitude.
 */
void
sc_madv_lut_lookup (const ScMadvLut *self,
                    guint            lens,
                    double           lambda,
                    double           phi,
                    double          *x,
                    double          *y)
{
  int W = self->width, H = self->height;
  double gx = (lambda + G_PI) / (2.0 * G_PI) * W - 0.5;
  double gy = CLAMP ((G_PI / 2.0 - phi) / G_PI * H - 0.5, 0.0, H - 1.0);
  double fx0, fx, fy;
  int x0, x1, y0, y1;
  const float *px, *py;
  gsize a, b, c, d;

  g_return_if_fail (lens <= 1);

  if (!isfinite (gx) || !isfinite (gy))
    gx = gy = 0.0;
  fx0 = floor (gx);
  fx = gx - fx0;
  x0 = (int)fmod (fx0, W);
  if (x0 < 0)
    x0 += W;
  x1 = (x0 + 1) % W;
  y0 = MIN ((int)gy, H - 1);
  fy = gy - y0;
  y1 = MIN (y0 + 1, H - 1);

  px = self->pos[lens][0];
  py = self->pos[lens][1];
  a = (gsize)y0 * W + x0;
  b = (gsize)y0 * W + x1;
  c = (gsize)y1 * W + x0;
  d = (gsize)y1 * W + x1;
  *x = (px[a] * (1 - fx) + px[b] * fx) * (1 - fy) + (px[c] * (1 - fx) + px[d] * fx) * fy;
  *y = (py[a] * (1 - fx) + py[b] * fx) * (1 - fy) + (py[c] * (1 - fx) + py[d] * fx) * fy;
}
