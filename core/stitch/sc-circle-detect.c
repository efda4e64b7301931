/* sc-circle-detect.c: finding the two fisheye circles in a frame
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sc-lens.h"

/* Each half of a side-by-side dual-fisheye frame is a bright disc on a
 * black border. Every other row and column of the half is scanned inwards
 * from the half's edges: where a run of dark pixels meets the picture, the
 * rim is placed with sub-pixel precision from the pixel coverages
 * (Σ (1 − Y/Y_inside) over the ramp: exact for a straight edge, whatever
 * the slope), then a least-squares circle is fitted to the rim points with
 * outliers (dark scene content touching the rim) dropped. */

#define DARK_MAX     16   /* luminance of the black border, JPEG noise included */
#define BRIGHT_MIN   32   /* the first pixel of the picture */
#define INSIDE_MIN   40   /* the picture next to the rim must be this bright */
#define DARK_RUN      3   /* dark pixels needed before the rim */

typedef struct
{
  const guint8 *rgba;
  int           stride;
} Frame;

typedef struct
{
  double x;
  double y;
} Point;

static inline int
luma (const Frame *f,
      int          x,
      int          y)
{
  const guint8 *p = f->rgba + (gsize)y * f->stride + (gsize)x * 4;

  return (77 * p[0] + 150 * p[1] + 29 * p[2]) >> 8;
}

/* Scans n pixels starting at (x0, y0) in steps (dx, dy). Returns the rim's
 * distance from the start (continuous, from the outer border of the first
 * pixel), or -1 when there is no clean dark-to-picture transition. */
static double
scan_edge (const Frame *f,
           int          x0,
           int          y0,
           int          dx,
           int          dy,
           int          n)
{
  int first = -1;
  int inside = 0;
  double dark = 0.0;
  int lo, hi;

  for (int i = 0; i < n; i++)
    {
      int y = luma (f, x0 + i * dx, y0 + i * dy);

      if (y >= BRIGHT_MIN)
        {
          first = i;
          break;
        }
    }

  if (first < DARK_RUN || first + 5 >= n)
    return -1.0;

  for (int i = first - DARK_RUN; i < first - 1; i++)
    if (luma (f, x0 + i * dx, y0 + i * dy) > DARK_MAX)
      return -1.0;

  for (int i = first + 2; i <= first + 4; i++)
    inside = MAX (inside, luma (f, x0 + i * dx, y0 + i * dy));
  if (inside < INSIDE_MIN)
    return -1.0;

  lo = first - 2;
  hi = first + 2;
  for (int i = lo; i < hi; i++)
    {
      double c = (double)luma (f, x0 + i * dx, y0 + i * dy) / inside;

      dark += 1.0 - CLAMP (c, 0.0, 1.0);
    }

  return lo + dark;
}

/* Kåsa fit: x² + y² + Dx + Ey + F = 0 in the least-squares sense. */
static gboolean
fit_circle (const Point *points,
            guint        n,
            const gboolean *use,
            double      *cx,
            double      *cy,
            double      *r)
{
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, sz = 0, sxz = 0, syz = 0;
  double mx = 0, my = 0;
  double a[3][4];
  guint count = 0;

  /* centre the data for conditioning */
  for (guint i = 0; i < n; i++)
    if (use[i])
      {
        mx += points[i].x;
        my += points[i].y;
        count++;
      }
  if (count < 16)
    return FALSE;
  mx /= count;
  my /= count;

  for (guint i = 0; i < n; i++)
    {
      double x, y, z;

      if (!use[i])
        continue;
      x = points[i].x - mx;
      y = points[i].y - my;
      z = x * x + y * y;
      sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y;
      sz += z; sxz += x * z; syz += y * z;
    }

  /* [sxx sxy sx; sxy syy sy; sx sy n] [D E F]ᵀ = −[sxz syz sz]ᵀ */
  a[0][0] = sxx; a[0][1] = sxy; a[0][2] = sx; a[0][3] = -sxz;
  a[1][0] = sxy; a[1][1] = syy; a[1][2] = sy; a[1][3] = -syz;
  a[2][0] = sx;  a[2][1] = sy;  a[2][2] = count; a[2][3] = -sz;

  for (int col = 0; col < 3; col++)
    {
      int pivot = col;

      for (int row = col + 1; row < 3; row++)
        if (fabs (a[row][col]) > fabs (a[pivot][col]))
          pivot = row;
      if (fabs (a[pivot][col]) < 1e-9)
        return FALSE;
      if (pivot != col)
        for (int k = 0; k < 4; k++)
          {
            double t = a[col][k];
            a[col][k] = a[pivot][k];
            a[pivot][k] = t;
          }
      for (int row = 0; row < 3; row++)
        if (row != col)
          {
            double f = a[row][col] / a[col][col];

            for (int k = col; k < 4; k++)
              a[row][k] -= f * a[col][k];
          }
    }

  {
    double d = a[0][3] / a[0][0];
    double e = a[1][3] / a[1][1];
    double f = a[2][3] / a[2][2];
    double r2 = (d * d + e * e) / 4.0 - f;

    if (!(r2 > 0.0))
      return FALSE;
    *cx = mx - d / 2.0;
    *cy = my - e / 2.0;
    *r = sqrt (r2);
  }

  return TRUE;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* Finds the circle in columns [x0, x0 + w) of the frame. */
static gboolean
find_circle (const Frame *f,
             int          x0,
             int          w,
             int          h,
             double      *cx,
             double      *cy,
             double      *r,
             double      *residual)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (Point));
  g_autofree gboolean *use = NULL;
  g_autofree double *dist = NULL;
  guint n, kept = 0;

  for (int y = 1; y < h; y += 2)
    {
      double d;
      Point p;

      if ((d = scan_edge (f, x0, y, 1, 0, w / 2)) >= 0)
        {
          p.x = x0 + d;
          p.y = y + 0.5;
          g_array_append_val (points, p);
        }
      if ((d = scan_edge (f, x0 + w - 1, y, -1, 0, w / 2)) >= 0)
        {
          p.x = x0 + w - d;
          p.y = y + 0.5;
          g_array_append_val (points, p);
        }
    }
  for (int x = x0 + 1; x < x0 + w; x += 2)
    {
      double d;
      Point p;

      if ((d = scan_edge (f, x, 0, 0, 1, h / 2)) >= 0)
        {
          p.x = x + 0.5;
          p.y = d;
          g_array_append_val (points, p);
        }
      if ((d = scan_edge (f, x, h - 1, 0, -1, h / 2)) >= 0)
        {
          p.x = x + 0.5;
          p.y = h - d;
          g_array_append_val (points, p);
        }
    }

  n = points->len;
  if (n < 32)
    return FALSE;

  use = g_new (gboolean, n);
  dist = g_new (double, n);
  for (guint i = 0; i < n; i++)
    use[i] = TRUE;

  for (guint round = 0; round < 4; round++)
    {
      const Point *pts = (const Point *)(gpointer)points->data;
      double median, limit;

      if (!fit_circle (pts, n, use, cx, cy, r))
        return FALSE;

      for (guint i = 0; i < n; i++)
        dist[i] = fabs (hypot (pts[i].x - *cx, pts[i].y - *cy) - *r);
      {
        g_autofree double *sorted = g_memdup2 (dist, sizeof (double) * n);

        qsort (sorted, n, sizeof (double), compare_double);
        median = sorted[n / 2];
      }
      limit = MAX (3.0 * median, 0.75);
      kept = 0;
      for (guint i = 0; i < n; i++)
        {
          use[i] = dist[i] <= limit;
          kept += use[i];
        }
      *residual = median;
    }

  /* Most of the rim must lie on the circle: an image whose dark areas
   * happen to have edges is not a fisheye. */
  if (kept < n / 2 || kept < 32)
    return FALSE;

  return TRUE;
}

static gboolean
corners_dark (const Frame *f,
              int          x0,
              int          w,
              int          h)
{
  int s = MAX (2, h / 16);
  const int xs[2] = { x0, x0 + w - s };
  const int ys[2] = { 0, h - s };
  guint dark = 0, total = 0;

  for (guint c = 0; c < 4; c++)
    for (int y = ys[c / 2]; y < ys[c / 2] + s; y++)
      for (int x = xs[c % 2]; x < xs[c % 2] + s; x++)
        {
          dark += luma (f, x, y) <= DARK_MAX;
          total++;
        }

  return dark * 10 >= total * 9;
}

static double
sample_luma (const Frame *f,
             int          width,
             int          height,
             double       px,
             double       py)
{
  double sx = CLAMP (px - 0.5, 0.0, width - 1.001);
  double sy = CLAMP (py - 0.5, 0.0, height - 1.001);
  int x = (int)sx, y = (int)sy;
  double fx = sx - x, fy = sy - y;

  return (luma (f, x, y) * (1 - fx) + luma (f, x + 1, y) * fx) * (1 - fy)
       + (luma (f, x, y + 1) * (1 - fx) + luma (f, x + 1, y + 1) * fx) * fy;
}

typedef struct
{
  double front;   /* the front lens's luminance */
  double r;       /* the ray in the back image: radius and angle before roll */
  double psi;
} BandSample;

/* Zero-mean normalised cross-correlation of the band between the front
 * image and the back image rotated by @roll. */
static double
band_correlation (const Frame      *f,
                  int               width,
                  int               height,
                  const ScLens     *back,
                  const BandSample *samples,
                  guint             n,
                  double            roll)
{
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0, va, vb;

  for (guint i = 0; i < n; i++)
    {
      double a = samples[i].front;
      double ang = samples[i].psi + roll;
      double b = sample_luma (f, width, height,
                              back->cx + samples[i].r * cos (ang),
                              back->cy - samples[i].r * sin (ang));

      sa += a; sb += b; saa += a * a; sbb += b * b; sab += a * b;
    }

  va = saa - sa * sa / n;
  vb = sbb - sb * sb / n;
  if (va <= 0 || vb <= 0)
    return -1.0;
  return (sab - sa * sb / n) / sqrt (va * vb);
}

/* The back lens's image rotation relative to the front lens: the roll that
 * makes the two views of the overlap band agree best (±3°). */
static void
estimate_back_roll (const Frame   *f,
                    int            width,
                    int            height,
                    ScLensProfile *profile)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (BandSample));
  ScLens *back = &profile->lenses[SC_LENS_BACK];
  ScLens *front = &profile->lenses[SC_LENS_FRONT];
  ScLens back0 = *back;
  double best = -2.0, best_roll = 0.0;
  const int W = 720, H = 360;

  back0.roll_deg = 0.0;

  for (int v = H / 12; v < H - H / 12; v++)
    {
      double phi = G_PI / 2.0 - G_PI * (v + 0.5) / H;

      for (int u = 0; u < W; u++)
        {
          double lambda = 2.0 * G_PI * (u + 0.5) / W - G_PI;
          double d[3] = { cos (phi) * sin (lambda), sin (phi), cos (phi) * cos (lambda) };
          double fx, fy, bx, by, tf, tb;
          BandSample s;

          sc_lens_project (front, d, &fx, &fy, &tf);
          sc_lens_project (&back0, d, &bx, &by, &tb);
          if (tf > front->fov_deg * G_PI / 360.0 - G_PI / 90.0 ||
              tb > back->fov_deg * G_PI / 360.0 - G_PI / 90.0)
            continue;

          s.front = sample_luma (f, width, height, fx, fy);
          s.r = hypot (bx - back0.cx, by - back0.cy);
          s.psi = atan2 (-(by - back0.cy), bx - back0.cx);
          g_array_append_val (samples, s);
        }
    }

  if (samples->len < 200)
    return;

  for (int pass = 0; pass < 2; pass++)
    {
      double centre = best_roll;
      double step = pass == 0 ? 0.1 : 0.01;
      int n = pass == 0 ? 30 : 10;

      for (int k = -n; k <= n; k++)
        {
          double roll = centre + k * step;
          double c = band_correlation (f, width, height, &back0,
                                       (const BandSample *)(gpointer)samples->data,
                                       samples->len, roll * G_PI / 180.0);

          if (c > best)
            {
              best = c;
              best_roll = roll;
            }
        }
    }

  back->roll_deg = best_roll;
}

/**
 * sc_lens_profile_estimate:
 * @rgba: an RGBA (or RGBx) frame, 8 bits per channel
 * @width: its width
 * @height: its height
 * @stride: bytes per row
 * @fov_deg: the field of view to give both lenses (e.g. 200)
 * @error: return location for a #GError
 *
 * Finds each half's fisheye circle (centre and radius) in a side-by-side
 * dual-fisheye frame and makes a profile of them: back lens in the left
 * half, front lens in the right half (ffmpeg v360's dfisheye layout),
 * upright, not mirrored, both with @fov_deg and unknown gains. The back
 * lens's image rotation relative to the front one (within ±3°) is found
 * from the overlap band, where both lenses see the same rays.
 *
 * Returns: (transfer full): the profile, or %NULL with
 *   %SC_LENS_ERROR_NOT_DUAL_FISHEYE when the frame is not two dark-bordered
 *   circles side by side
 */
ScLensProfile *
sc_lens_profile_estimate (const guint8  *rgba,
                          int            width,
                          int            height,
                          int            stride,
                          double         fov_deg,
                          GError       **error)
{
  g_autoptr(ScLensProfile) profile = NULL;
  Frame f = { rgba, stride };
  double ratio;

  g_return_val_if_fail (rgba != NULL, NULL);
  g_return_val_if_fail (stride >= width * 4, NULL);

  if (!(fov_deg >= 90.0 && fov_deg <= 280.0))
    {
      g_set_error (error, SC_LENS_ERROR, SC_LENS_ERROR_INVALID_PROFILE,
                   _("A field of view of %g° is impossible; give one between 90° and 280°"),
                   fov_deg);
      return NULL;
    }

  ratio = height > 0 ? (double)width / height : 0.0;
  if (width < 64 || height < 32 || ratio < 1.8 || ratio > 2.2)
    {
      g_set_error (error, SC_LENS_ERROR, SC_LENS_ERROR_NOT_DUAL_FISHEYE,
                   _("This picture (%d×%d) is not dual-fisheye: two circles side by "
                   "side make a frame twice as wide as it is high"), width, height);
      return NULL;
    }

  profile = sc_lens_profile_new ("estimated", width, height);

  for (guint i = 0; i < 2; i++)
    {
      int half = width / 2;
      int x0 = i * half;
      double cx, cy, r, residual = 0;
      ScLens *lens = &profile->lenses[i];

      if (!corners_dark (&f, x0, half, height) ||
          !find_circle (&f, x0, half, height, &cx, &cy, &r, &residual) ||
          residual > 0.01 * height ||
          r < 0.25 * height || r > 0.75 * height ||
          fabs (cx - (x0 + half / 2.0)) > 0.15 * half ||
          fabs (cy - height / 2.0) > 0.15 * height)
        {
          if (i == SC_LENS_BACK)
            g_set_error_literal (error, SC_LENS_ERROR, SC_LENS_ERROR_NOT_DUAL_FISHEYE,
                                 _("This picture is not dual-fisheye: its left half is not a "
                                   "fisheye circle on a black border (it may already be "
                                   "equirectangular). Open the camera’s original picture, "
                                   "or give a lens profile."));
          else
            g_set_error_literal (error, SC_LENS_ERROR, SC_LENS_ERROR_NOT_DUAL_FISHEYE,
                                 _("This picture is not dual-fisheye: its right half is not a "
                                   "fisheye circle on a black border (it may already be "
                                   "equirectangular). Open the camera’s original picture, "
                                   "or give a lens profile."));
          return NULL;
        }

      lens->cx = cx;
      lens->cy = cy;
      lens->radius = r;
      lens->fov_deg = fov_deg;
      lens->yaw_deg = i == SC_LENS_BACK ? 180.0 : 0.0;
      lens->gain = 0.0;
    }

  estimate_back_roll (&f, width, height, profile);

  return g_steal_pointer (&profile);
}

/**
 * sc_is_dual_fisheye:
 * @rgba: an RGBA (or RGBx) frame, 8 bits per channel
 * @width: its width
 * @height: its height
 * @stride: bytes per row
 * @error: return location for a #GError
 *
 * Image analysis: whether the frame is two dark-bordered fisheye circles
 * side by side (see sc_lens_profile_estimate()). Look at the metadata first
 * (XMP GPano ProjectionType, OSC _projectionType); this is the fallback.
 *
 * Returns: %TRUE when the frame is dual-fisheye; %FALSE with
 *   %SC_LENS_ERROR_NOT_DUAL_FISHEYE (saying why) when it is not
 */
gboolean
sc_is_dual_fisheye (const guint8  *rgba,
                    int            width,
                    int            height,
                    int            stride,
                    GError       **error)
{
  g_autoptr(ScLensProfile) profile = NULL;

  profile = sc_lens_profile_estimate (rgba, width, height, stride, 200.0, error);
  return profile != NULL;
}
