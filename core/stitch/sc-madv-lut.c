/* sc-madv-lut.c: the Mi Sphere's (MADV) lens LUT and gyro matrices
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
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <png.h>
#include <stdio.h>
#include <string.h>

#include "sc-lens.h"
#include "sc-madv-lut.h"

G_DEFINE_QUARK (sc-madv-lut-error-quark, sc_madv_lut_error)

#define N_PLANES        8
#define HEADER_SIZE     (N_PLANES * 8)
#define MAX_GRID_WIDTH  8192
#define MAX_GRID_HEIGHT 4096
#define MAX_GYRO_FRAMES (4 * 1024 * 1024)
#define MAX_MP4_BOXES   200000
#define MAX_MP4_DEPTH   12
#define MAX_TIFF_IFDS   32

enum { R_X_INT, R_X_MIN, R_Y_INT, R_Y_MIN, L_X_INT, L_X_MIN, L_Y_INT, L_Y_MIN };

struct _ScMadvLut
{
  gatomicrefcount  ref_count;
  int              width;
  int              height;
  float           *pos[2][2];   /* [SC_LENS_*][0 = x, 1 = y], width × height */
};

G_DEFINE_BOXED_TYPE (ScMadvLut, sc_madv_lut, sc_madv_lut_ref, sc_madv_lut_unref)

static void
set_invalid (GError    **error,
             const char *detail)
{
  /* The detail is for the log; the message is for the user. */
  g_debug ("MADV LUT/gyro: %s", detail);
  g_set_error_literal (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_INVALID,
                       _("The camera’s lens table or motion data in this file is damaged: "
                         "download the file from the camera again"));
}

static void
set_no_lut (GError **error)
{
  g_set_error_literal (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_NOT_FOUND,
                       _("The file has no lens table from the camera: stitch it with a lens profile instead"));
}

static void
set_no_gyro (GError **error)
{
  g_set_error_literal (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_NOT_FOUND,
                       _("The file has no motion data from the camera: level it by hand instead"));
}

static inline guint32
read_u32_le (const guint8 *p)
{
  return (guint32)p[0] | ((guint32)p[1] << 8) | ((guint32)p[2] << 16) | ((guint32)p[3] << 24);
}

static inline guint32
read_u32_be (const guint8 *p)
{
  return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | (guint32)p[3];
}

static inline float
read_f32_le (const guint8 *p)
{
  guint32 bits = read_u32_le (p);
  float f;

  memcpy (&f, &bits, 4);
  return f;
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
  guint16 *planes[N_PLANES] = { NULL };
  const guint8 *data;
  gsize size;
  char why[200] = "";
  gboolean ok = TRUE;

  g_return_val_if_fail (block != NULL, NULL);

  data = g_bytes_get_data (block, &size);
  if (size < HEADER_SIZE + 8 || size > SC_MADV_LUT_MAX_BLOCK_SIZE)
    {
      g_autofree char *detail = g_strdup_printf ("block of %" G_GSIZE_FORMAT " bytes", size);

      set_invalid (error, detail);
      return NULL;
    }

  self = g_new0 (ScMadvLut, 1);
  g_atomic_ref_count_init (&self->ref_count);

  for (guint k = 0; k < N_PLANES && ok; k++)
    {
      guint32 offset = read_u32_le (data + k * 8);
      guint32 length = read_u32_le (data + k * 8 + 4);
      int w = 0, h = 0;
      char plane_why[160];

      if (offset < HEADER_SIZE || offset > size || length < 8 || length > size - offset)
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

  for (guint k = 0; k < N_PLANES; k++)
    g_free (planes[k]);

  if (!ok)
    {
      set_invalid (error, why);
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

/* Files */

typedef struct
{
  GInputStream *in;
  goffset       size;
  GCancellable *cancellable;
} Source;

static gboolean
source_open (Source       *src,
             GFile        *file,
             GCancellable *cancellable,
             GError      **error)
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

static void
source_clear (Source *src)
{
  g_clear_object (&src->in);
}

/* Reads exactly @length bytes at @offset; past the end is a damaged file. */
static gboolean
source_read (Source  *src,
             goffset  offset,
             void    *buf,
             gsize    length,
             GError **error)
{
  gsize n = 0;

  if (offset < 0 || offset > src->size || (goffset)length > src->size - offset)
    {
      set_invalid (error, "read past the end of the file");
      return FALSE;
    }
  if (!g_seekable_seek (G_SEEKABLE (src->in), offset, G_SEEK_SET, src->cancellable, error) ||
      !g_input_stream_read_all (src->in, buf, length, &n, src->cancellable, error))
    return FALSE;
  if (n != length)
    {
      set_invalid (error, "short read");
      return FALSE;
    }
  return TRUE;
}

static GBytes *
source_read_bytes (Source  *src,
                   goffset  offset,
                   goffset  length,
                   GError **error)
{
  g_autofree guint8 *buf = NULL;

  if (length <= 0 || length > SC_MADV_LUT_MAX_BLOCK_SIZE)
    {
      set_invalid (error, "LUT block size out of range");
      return NULL;
    }
  buf = g_malloc (length);
  if (!source_read (src, offset, buf, length, error))
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&buf), length);
}

typedef enum
{
  KIND_OTHER,
  KIND_JPEG,
  KIND_TIFF,
  KIND_MP4,
} FileKind;

static FileKind
sniff (const guint8 *head,
       gsize         length)
{
  if (length >= 2 && head[0] == 0xff && head[1] == 0xd8)
    return KIND_JPEG;
  if (length >= 4 && (memcmp (head, "II*\0", 4) == 0 || memcmp (head, "MM\0*", 4) == 0))
    return KIND_TIFF;
  if (length >= 8 && (memcmp (head + 4, "ftyp", 4) == 0 || memcmp (head + 4, "moov", 4) == 0 ||
                      memcmp (head + 4, "mdat", 4) == 0 || memcmp (head + 4, "wide", 4) == 0 ||
                      memcmp (head + 4, "free", 4) == 0))
    return KIND_MP4;
  return KIND_OTHER;
}

/* JPEG trailer: [block][u32 LE L] after the EOI. */
static GBytes *
jpeg_trailer_block (Source  *src,
                    GError **error)
{
  guint8 tail[4];
  guint32 L;

  if (src->size < 8)
    {
      set_no_lut (error);
      return NULL;
    }
  if (!source_read (src, src->size - 4, tail, 4, error))
    return NULL;
  if (tail[2] == 0xff && tail[3] == 0xd9)
    {
      /* ends with the EOI: nothing appended */
      set_no_lut (error);
      return NULL;
    }
  L = read_u32_le (tail);
  if (L < HEADER_SIZE + 8 || (goffset)L > src->size - 4 - 2)
    {
      set_invalid (error, "JPEG trailer length out of range");
      return NULL;
    }
  return source_read_bytes (src, src->size - 4 - L, L, error);
}

/* TIFF (DNG files, and JPEG's EXIF APP1 in memory) */

typedef struct
{
  Source       *src;      /* a file, or NULL for @mem */
  const guint8 *mem;
  goffset       base;     /* TIFF header position in the file */
  goffset       size;     /* TIFF size */
  gboolean      big_endian;
} Tiff;

static gboolean
tiff_read (Tiff    *t,
           goffset  offset,
           void    *buf,
           gsize    length,
           GError **error)
{
  if (offset < 0 || offset > t->size || (goffset)length > t->size - offset)
    {
      set_invalid (error, "TIFF offset out of range");
      return FALSE;
    }
  if (t->src == NULL)
    {
      memcpy (buf, t->mem + offset, length);
      return TRUE;
    }
  return source_read (t->src, t->base + offset, buf, length, error);
}

static inline guint32
tiff_u32 (const Tiff   *t,
          const guint8 *p)
{
  return t->big_endian ? read_u32_be (p) : read_u32_le (p);
}

static inline guint16
tiff_u16 (const Tiff   *t,
          const guint8 *p)
{
  return t->big_endian ? (guint16)((p[0] << 8) | p[1]) : (guint16)(p[0] | (p[1] << 8));
}

static gboolean
tiff_init (Tiff    *t,
           GError **error)
{
  guint8 head[4];

  if (!tiff_read (t, 0, head, 4, error))
    return FALSE;
  if (memcmp (head, "II*\0", 4) == 0)
    t->big_endian = FALSE;
  else if (memcmp (head, "MM\0*", 4) == 0)
    t->big_endian = TRUE;
  else
    {
      set_invalid (error, "not a TIFF header");
      return FALSE;
    }
  return TRUE;
}

static const guint type_sizes[] = { 0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4 };

/* Finds @tag in IFD0 and the IFDs it links to (next IFDs, the Exif IFD,
 * SubIFDs); its value's offset and length in bytes. FALSE without an error
 * when it is not there. */
static gboolean
tiff_find_tag (Tiff     *t,
               guint16   tag,
               goffset  *value_offset,
               gsize    *value_length,
               gboolean *found,
               GError  **error)
{
  goffset queue[MAX_TIFF_IFDS];
  guint n_queue = 0, n_done = 0;
  guint8 buf[12];

  *found = FALSE;
  if (!tiff_read (t, 4, buf, 4, error))
    return FALSE;
  queue[n_queue++] = tiff_u32 (t, buf);

  while (n_done < n_queue)
    {
      goffset ifd = queue[n_done++];
      guint count;

      if (ifd == 0)
        continue;
      if (!tiff_read (t, ifd, buf, 2, error))
        return FALSE;
      count = tiff_u16 (t, buf);
      for (guint i = 0; i < count; i++)
        {
          guint16 etag, type;
          guint32 n, value;
          guint64 length;

          if (!tiff_read (t, ifd + 2 + 12 * (goffset)i, buf, 12, error))
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
                  set_invalid (error, "TIFF value out of range");
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

                      if (!tiff_read (t, (goffset)value + 4 * (goffset)k, off, 4, error))
                        return FALSE;
                      queue[n_queue++] = tiff_u32 (t, off);
                    }
                }
              else
                queue[n_queue++] = value;
            }
        }
      /* the next IFD */
      if (!tiff_read (t, ifd + 2 + 12 * (goffset)count, buf, 4, error))
        return FALSE;
      if (n_queue < MAX_TIFF_IFDS)
        queue[n_queue++] = tiff_u32 (t, buf);
    }

  return TRUE;
}

/* The EXIF APP1 payload after "Exif\0\0" (a TIFF), or NULL without an
 * error when there is none. */
static GBytes *
jpeg_exif (Source  *src,
           GError **error)
{
  goffset pos = 2;

  for (guint i = 0; i < 64 && pos + 4 <= src->size; i++)
    {
      guint8 marker[4];
      guint length;

      if (!source_read (src, pos, marker, 4, error))
        return NULL;
      if (marker[0] != 0xff)
        {
          set_invalid (error, "JPEG marker expected");
          return NULL;
        }
      if (marker[1] == 0xda || marker[1] == 0xd9)
        break;
      length = (marker[2] << 8) | marker[3];
      if (length < 2)
        {
          set_invalid (error, "JPEG segment too short");
          return NULL;
        }
      if (marker[1] == 0xe1 && length >= 2 + 6 + 8)
        {
          guint8 id[6];

          if (!source_read (src, pos + 4, id, 6, error))
            return NULL;
          if (memcmp (id, "Exif\0\0", 6) == 0)
            {
              g_autofree guint8 *buf = g_malloc (length - 8);

              if (!source_read (src, pos + 10, buf, length - 8, error))
                return NULL;
              return g_bytes_new_take (g_steal_pointer (&buf), length - 8);
            }
        }
      pos += 2 + length;
    }

  return NULL;
}

/* MP4 box tree */

typedef struct
{
  goffset  lutz_offset;
  goffset  lutz_length;
  goffset  gyro_offset;
  goffset  gyro_length;
  gboolean gyro_is_tlyd;
  guint32  fltr;
  guint    n_boxes;
} Mp4Boxes;

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
mp4_walk (Source   *src,
          goffset   start,
          goffset   end,
          guint     depth,
          Mp4Boxes *boxes,
          GError  **error)
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
          set_invalid (error, "too many MP4 boxes");
          return FALSE;
        }
      if (!source_read (src, pos, head, 8, error))
        return FALSE;
      size = read_u32_be (head);
      if (size == 1)
        {
          if (end - pos < 16 || !source_read (src, pos + 8, head + 8, 8, error))
            break;
          size = ((guint64)read_u32_be (head + 8) << 32) | read_u32_be (head + 12);
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

          if (!source_read (src, pos + header, v, 4, error))
            return FALSE;
          boxes->fltr = read_u32_le (v);
        }

      pos += (goffset)size;
    }

  return TRUE;
}

static gboolean
mp4_find (Source   *src,
          Mp4Boxes *boxes,
          GError  **error)
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
  Source src = { 0 };
  guint8 head[8] = { 0 };
  GBytes *block = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!source_open (&src, file, cancellable, error))
    return NULL;

  if (!source_read (&src, 0, head, MIN (src.size, (goffset)sizeof head), error))
    goto out;

  switch (sniff (head, MIN (src.size, (goffset)sizeof head)))
    {
    case KIND_JPEG:
      block = jpeg_trailer_block (&src, error);
      break;

    case KIND_TIFF:
      {
        Tiff t = { .src = &src, .size = src.size };
        goffset offset = 0;
        gsize length = 0;
        gboolean found = FALSE;

        if (tiff_init (&t, error) &&
            tiff_find_tag (&t, 0x9009, &offset, &length, &found, error))
          {
            if (found)
              block = source_read_bytes (&src, offset, length, error);
            else
              set_no_lut (error);
          }
      }
      break;

    case KIND_MP4:
      {
        Mp4Boxes boxes;

        if (mp4_find (&src, &boxes, error))
          {
            if (boxes.lutz_length > 0)
              block = source_read_bytes (&src, boxes.lutz_offset, boxes.lutz_length, error);
            else
              set_no_lut (error);
          }
      }
      break;

    case KIND_OTHER:
    default:
      if (src.size < HEADER_SIZE + 8)
        set_no_lut (error);
      else
        block = source_read_bytes (&src, 0, src.size, error);
      break;
    }

out:
  source_clear (&src);
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

/* Gyro */

static gboolean
gyro_from_le (const guint8 *p,
              float         gyro[9],
              GError      **error)
{
  gboolean zero = TRUE;

  for (guint k = 0; k < 9; k++)
    {
      gyro[k] = read_f32_le (p + 4 * k);
      if (!isfinite (gyro[k]) || fabsf (gyro[k]) > 2.0f)
        {
          set_invalid (error, "gyro matrix element out of range");
          return FALSE;
        }
      if (gyro[k] != 0.0f)
        zero = FALSE;
    }
  if (zero)
    {
      set_no_gyro (error);
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
      set_no_gyro (error);
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
      set_invalid (error, "gyro hex string is not 72 digits");
      return FALSE;
    }
  for (guint i = 0; i < 36; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]);
      int lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0)
        {
          set_invalid (error, "gyro hex string has a non-hex digit");
          return FALSE;
        }
      bytes[i] = (guint8)(hi << 4 | lo);
    }
  return gyro_from_le (bytes, gyro, error);
}

static gboolean
tiff_is_madv (Tiff    *t,
              GError **error)
{
  goffset offset = 0;
  gsize length = 0;
  gboolean found = FALSE;
  char make[5] = "";

  if (!tiff_find_tag (t, 0x010f, &offset, &length, &found, error))
    return FALSE;
  if (!found || length < 4)
    return FALSE;
  if (!tiff_read (t, offset, make, 4, error))
    return FALSE;
  return memcmp (make, "MADV", 4) == 0;
}

static gboolean
tiff_gyro (Tiff    *t,
           float    gyro[9],
           GError **error)
{
  g_autoptr(GError) local_error = NULL;
  goffset offset = 0;
  gsize length = 0;
  gboolean found = FALSE;
  guint8 value[68];

  if (!tiff_init (t, error))
    return FALSE;
  if (!tiff_is_madv (t, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        set_no_gyro (error);
      return FALSE;
    }
  if (!tiff_find_tag (t, 0x9286, &offset, &length, &found, error))
    return FALSE;
  if (!found || (length != 36 && length != 68))
    {
      set_no_gyro (error);
      return FALSE;
    }
  if (!tiff_read (t, offset, value, length, error))
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
  Source src = { 0 };
  guint8 head[8] = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (gyro != NULL, FALSE);

  if (!source_open (&src, file, cancellable, error))
    return FALSE;
  if (!source_read (&src, 0, head, MIN (src.size, (goffset)sizeof head), error))
    goto out;

  switch (sniff (head, MIN (src.size, (goffset)sizeof head)))
    {
    case KIND_JPEG:
      {
        g_autoptr(GError) local_error = NULL;
        g_autoptr(GBytes) exif = jpeg_exif (&src, &local_error);

        if (exif == NULL)
          {
            if (local_error != NULL)
              g_propagate_error (error, g_steal_pointer (&local_error));
            else
              set_no_gyro (error);
          }
        else
          {
            gsize size;
            Tiff t = { .mem = g_bytes_get_data (exif, &size) };

            t.size = size;
            ok = tiff_gyro (&t, gyro, error);
          }
      }
      break;

    case KIND_TIFF:
      {
        Tiff t = { .src = &src, .size = src.size };

        ok = tiff_gyro (&t, gyro, error);
      }
      break;

    case KIND_MP4:
    case KIND_OTHER:
    default:
      set_no_gyro (error);
      break;
    }

out:
  source_clear (&src);
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
  Source src = { 0 };
  Mp4Boxes boxes;
  g_autoptr(GArray) matrices = NULL;
  g_autofree guint8 *chunk = NULL;
  const gsize chunk_records = 1024;
  goffset n_records, done = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (n_frames != NULL, NULL);

  *n_frames = 0;
  if (!source_open (&src, file, cancellable, error))
    return NULL;
  if (!mp4_find (&src, &boxes, error))
    {
      source_clear (&src);
      return NULL;
    }
  if (boxes.gyro_length < 36)
    {
      source_clear (&src);
      set_no_gyro (error);
      return NULL;
    }

  n_records = MIN (boxes.gyro_length / 36, MAX_GYRO_FRAMES);
  matrices = g_array_new (FALSE, FALSE, sizeof (float) * 9);
  chunk = g_malloc (36 * chunk_records);
  while (ok && done < n_records)
    {
      gsize n = (gsize)MIN ((goffset)chunk_records, n_records - done);
      gboolean end = FALSE;

      ok = source_read (&src, boxes.gyro_offset + done * 36, chunk, n * 36, error);
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
  source_clear (&src);

  if (!ok)
    return NULL;
  if (matrices->len == 0)
    {
      set_no_gyro (error);
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
