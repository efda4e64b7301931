/* sc-stitch-map.c: the CPU stitcher (dual-fisheye → equirectangular LUT)
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "sc-stitch-map.h"

/* PERF-NOTES.md: the projection is computed once per map, not per frame
 * (acos/atan2 per pixel is ~8 fps); a frame is a gather + bilinear + blend
 * over 8-byte LUT entries, rows split across threads, walked in tiles, in
 * fixed-point integer arithmetic: SSE2 on x86-64 (its baseline), AVX2 two
 * pixels per register where the CPU has it (checked at run time, the same
 * bits either way), GCC vector extensions in float elsewhere.
 *
 * Every output pixel has a primary entry (the lens with the larger weight);
 * pixels inside the feathered band have a second entry, for the other lens,
 * in a separate array (the band is a small part of the frame), found through
 * the row's first band index. */

typedef struct
{
  guint16 x;      /* top-left source pixel of the bilinear 2×2 */
  guint16 y;
  guint8  fx;     /* fractions, 1/256 */
  guint8  fy;
  guint8  w;      /* this entry's weight, 1/255; 255 = the only one */
  guint8  lens;
} Entry;

G_STATIC_ASSERT (sizeof (Entry) == 8);

struct _ScStitchMap
{
  gatomicrefcount  ref_count;
  int              in_width;
  int              in_height;
  int              out_width;
  int              out_height;
  double           gains[2];
  Entry           *entries;     /* out_width × out_height */
  Entry           *band;        /* the second entries */
  guint32         *row_band;    /* out_height + 1: first band entry of each row */
};

G_DEFINE_BOXED_TYPE (ScStitchMap, sc_stitch_map, sc_stitch_map_ref, sc_stitch_map_unref)

/* A lens with everything precomputed for the per-pixel projection. */
typedef struct
{
  double m[9];        /* output ray → lens frame (orientation included) */
  double cx, cy;
  double scale;       /* radius / poly(Θ) */
  double half;        /* Θ = fov/2, radians */
  double k1, k2;
  double cos_roll, sin_roll;
} FastLens;

static void
fast_lens_init (FastLens     *fl,
                const ScLens *lens,
                const double *orientation)
{
  static const double identity[9] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
  double lm[9];
  double half = lens->fov_deg * G_PI / 360.0;
  double h2 = half * half;
  double roll = lens->roll_deg * G_PI / 180.0;

  sc_lens_matrix (lens, lm);
  sc_matrix3_multiply (lm, orientation != NULL ? orientation : identity, fl->m);
  fl->cx = lens->cx;
  fl->cy = lens->cy;
  fl->half = half;
  fl->k1 = lens->k1;
  fl->k2 = lens->k2;
  fl->scale = lens->radius / (half * (1.0 + h2 * (lens->k1 + h2 * lens->k2)));
  fl->cos_roll = cos (roll);
  fl->sin_roll = sin (roll);
}

/* Returns θ; *px, *py in continuous pixel coordinates. */
static inline double
fast_lens_project (const FastLens *fl,
                   const double    d[3],
                   double         *px,
                   double         *py)
{
  const double *m = fl->m;
  double x = m[0] * d[0] + m[1] * d[1] + m[2] * d[2];
  double y = m[3] * d[0] + m[4] * d[1] + m[5] * d[2];
  double z = m[6] * d[0] + m[7] * d[1] + m[8] * d[2];
  double t = acos (CLAMP (z, -1.0, 1.0));
  double t2 = t * t;
  double r = fl->scale * t * (1.0 + t2 * (fl->k1 + t2 * fl->k2));
  double s = hypot (x, y);
  double c, sn, cr, sr;

  if (s > 1e-12)
    {
      c = x / s;
      sn = y / s;
    }
  else
    {
      c = 1.0;
      sn = 0.0;
    }
  /* cos/sin of ψ + roll */
  cr = c * fl->cos_roll - sn * fl->sin_roll;
  sr = sn * fl->cos_roll + c * fl->sin_roll;
  *px = fl->cx + r * cr;
  *py = fl->cy - r * sr;

  return t;
}

static inline void
make_entry (Entry  *e,
            double  px,
            double  py,
            int     in_width,
            int     in_height,
            guint   lens,
            guint   w)
{
  /* sample positions: pixel centres at i + 0.5 */
  double sx = CLAMP (px - 0.5, 0.0, in_width - 1.0 - 1.0 / 512);
  double sy = CLAMP (py - 0.5, 0.0, in_height - 1.0 - 1.0 / 512);
  int x = (int)sx, y = (int)sy;
  int fx = (int)lround ((sx - x) * 256.0);
  int fy = (int)lround ((sy - y) * 256.0);

  if (fx == 256)
    {
      x++;
      fx = 0;
    }
  if (fy == 256)
    {
      y++;
      fy = 0;
    }
  /* the 2×2 must stay inside the frame */
  if (x > in_width - 2)
    {
      x = in_width - 2;
      fx = 255;
    }
  if (y > in_height - 2)
    {
      y = in_height - 2;
      fy = 255;
    }

  e->x = x;
  e->y = y;
  e->fx = fx;
  e->fy = fy;
  e->w = w;
  e->lens = lens;
}

typedef struct
{
  ScStitchMap     *map;
  FastLens         lenses[2];
  double           blend_deg;
  double           fov_half_deg[2];
  /* sc_stitch_map_new_from_madv_lut() */
  const ScMadvLut *lut;
  double           orientation[9];
  double           lut_scale_x;
  double           lut_scale_y;
} BuildData;

typedef struct
{
  BuildData *data;
  int        row_begin;
  int        row_end;
  GArray    *band;
} BuildChunk;

static gpointer
build_rows (gpointer user_data)
{
  BuildChunk *chunk = user_data;
  BuildData *data = chunk->data;
  ScStitchMap *map = data->map;
  int W = map->out_width, H = map->out_height;

  for (int v = chunk->row_begin; v < chunk->row_end; v++)
    {
      double phi = G_PI / 2.0 - G_PI * (v + 0.5) / H;
      double cphi = cos (phi), sphi = sin (phi);

      map->row_band[v] = chunk->band->len;

      for (int u = 0; u < W; u++)
        {
          double lambda = 2.0 * G_PI * (u + 0.5) / W - G_PI;
          double d[3] = { cphi * sin (lambda), sphi, cphi * cos (lambda) };
          double px[2], py[2], theta[2];
          double wf;
          guint primary, wq;

          for (guint i = 0; i < 2; i++)
            theta[i] = fast_lens_project (&data->lenses[i], d, &px[i], &py[i]) * 180.0 / G_PI;

          if (data->blend_deg > 0.0)
            wf = (90.0 + data->blend_deg / 2.0 - theta[SC_LENS_FRONT]) / data->blend_deg;
          else
            wf = theta[SC_LENS_FRONT] <= 90.0 ? 1.0 : 0.0;
          wf = CLAMP (wf, 0.0, 1.0);
          if (theta[SC_LENS_FRONT] > data->fov_half_deg[SC_LENS_FRONT])
            wf = 0.0;
          else if (theta[SC_LENS_BACK] > data->fov_half_deg[SC_LENS_BACK])
            wf = 1.0;

          primary = wf >= 0.5 ? SC_LENS_FRONT : SC_LENS_BACK;
          wq = (guint)lround ((primary == SC_LENS_FRONT ? wf : 1.0 - wf) * 255.0);

          make_entry (&map->entries[(gsize)v * W + u], px[primary], py[primary],
                      map->in_width, map->in_height, primary, wq);
          if (wq < 255)
            {
              Entry e;
              guint other = 1 - primary;

              make_entry (&e, px[other], py[other], map->in_width, map->in_height,
                          other, 255 - wq);
              g_array_append_val (chunk->band, e);
            }
        }
    }

  return NULL;
}

/* The LUT's rows: the orientation turns the output ray into the camera
 * ray, whose longitude picks the lens (the front one owns |λ| < 90°, a
 * linear cross-fade over ±blend/2 around it) and whose (λ, φ) is looked up
 * in the LUT. */
static gpointer
build_rows_lut (gpointer user_data)
{
  BuildChunk *chunk = user_data;
  BuildData *data = chunk->data;
  ScStitchMap *map = data->map;
  const double *m = data->orientation;
  int W = map->out_width, H = map->out_height;

  for (int v = chunk->row_begin; v < chunk->row_end; v++)
    {
      double phi = G_PI / 2.0 - G_PI * (v + 0.5) / H;
      double cphi = cos (phi), sphi = sin (phi);

      map->row_band[v] = chunk->band->len;

      for (int u = 0; u < W; u++)
        {
          double lambda = 2.0 * G_PI * (u + 0.5) / W - G_PI;
          double d[3] = { cphi * sin (lambda), sphi, cphi * cos (lambda) };
          double x = m[0] * d[0] + m[1] * d[1] + m[2] * d[2];
          double y = m[3] * d[0] + m[4] * d[1] + m[5] * d[2];
          double z = m[6] * d[0] + m[7] * d[1] + m[8] * d[2];
          double cl = atan2 (x, z), cp = asin (CLAMP (y, -1.0, 1.0));
          double dist = fabs (cl) * 180.0 / G_PI;   /* 0 at the front axis */
          double wf, px, py;
          guint primary, wq;

          if (data->blend_deg > 0.0)
            wf = (90.0 + data->blend_deg / 2.0 - dist) / data->blend_deg;
          else
            wf = dist <= 90.0 ? 1.0 : 0.0;
          wf = CLAMP (wf, 0.0, 1.0);

          primary = wf >= 0.5 ? SC_LENS_FRONT : SC_LENS_BACK;
          wq = (guint)lround ((primary == SC_LENS_FRONT ? wf : 1.0 - wf) * 255.0);

          sc_madv_lut_lookup (data->lut, primary, cl, cp, &px, &py);
          make_entry (&map->entries[(gsize)v * W + u], px * data->lut_scale_x,
                      py * data->lut_scale_y, map->in_width, map->in_height, primary, wq);
          if (wq < 255)
            {
              Entry e;
              guint other = 1 - primary;

              sc_madv_lut_lookup (data->lut, other, cl, cp, &px, &py);
              make_entry (&e, px * data->lut_scale_x, py * data->lut_scale_y,
                          map->in_width, map->in_height, other, 255 - wq);
              g_array_append_val (chunk->band, e);
            }
        }
    }

  return NULL;
}

static int
clamp_threads (int n_threads,
               int rows)
{
  if (n_threads <= 0)
    n_threads = (int)g_get_num_processors ();
  return CLAMP (n_threads, 1, MAX (1, MIN (64, rows / 8)));
}

/**
 * sc_stitch_map_new:
 * @profile: the calibration (any size: it is scaled to @in_width×@in_height)
 * @in_width: dual-fisheye frame width
 * @in_height: dual-fisheye frame height
 * @out_width: equirectangular width (2 × @out_height)
 * @out_height: equirectangular height
 * @orientation: (nullable) (array fixed-size=9): rotation applied to each
 *   output ray first, from sc_orientation_matrix(); %NULL for none
 * @blend_deg: width of the feathered band around the seam, degrees (0 for
 *   a hard seam; %SC_STITCH_DEFAULT_BLEND_DEG is the default)
 * @n_threads: threads to compute it with (0: one per processor)
 *
 * Computes the lookup table. The map divides each lens by its gain: the
 * profile's gains when it has them, else 1 (see sc_stitch_map_set_gains()
 * and sc_lens_profile_estimate_gains()).
 *
 * Returns: (transfer full): the map
 */
/* Runs @rows over the output rows on @n_threads threads and gathers the
 * band entries. */
static void
map_build (ScStitchMap *self,
           BuildData   *data,
           GThreadFunc  rows,
           int          n_threads)
{
  g_autofree BuildChunk *chunks = NULL;
  g_autofree GThread **threads = NULL;
  int out_height = self->out_height;
  guint32 total = 0;

  self->entries = g_new (Entry, (gsize)self->out_width * out_height);
  self->row_band = g_new (guint32, out_height + 1);

  n_threads = clamp_threads (n_threads, out_height);
  chunks = g_new0 (BuildChunk, n_threads);
  threads = g_new0 (GThread *, n_threads);
  for (int t = 0; t < n_threads; t++)
    {
      chunks[t].data = data;
      chunks[t].row_begin = (int)((gint64)out_height * t / n_threads);
      chunks[t].row_end = (int)((gint64)out_height * (t + 1) / n_threads);
      chunks[t].band = g_array_new (FALSE, FALSE, sizeof (Entry));
      if (t > 0)
        threads[t] = g_thread_new ("sc-stitch-map", rows, &chunks[t]);
    }
  rows (&chunks[0]);
  for (int t = 1; t < n_threads; t++)
    g_thread_join (threads[t]);

  for (int t = 0; t < n_threads; t++)
    total += chunks[t].band->len;
  self->band = g_new (Entry, MAX (total, 1));
  total = 0;
  for (int t = 0; t < n_threads; t++)
    {
      if (chunks[t].band->len > 0)   /* an empty GArray has no data */
        memcpy (self->band + total, chunks[t].band->data, sizeof (Entry) * chunks[t].band->len);
      for (int v = chunks[t].row_begin; v < chunks[t].row_end; v++)
        self->row_band[v] += total;
      total += chunks[t].band->len;
      g_array_unref (chunks[t].band);
    }
  self->row_band[out_height] = total;
}

ScStitchMap *
sc_stitch_map_new (const ScLensProfile *profile,
                   int                  in_width,
                   int                  in_height,
                   int                  out_width,
                   int                  out_height,
                   const double        *orientation,
                   double               blend_deg,
                   int                  n_threads)
{
  g_autoptr(ScLensProfile) scaled = NULL;
  ScStitchMap *self;
  BuildData data = { 0 };

  g_return_val_if_fail (profile != NULL, NULL);
  g_return_val_if_fail (in_width >= 4 && in_height >= 2 && in_width <= 65535 && in_height <= 65535, NULL);
  g_return_val_if_fail (out_width >= 2 && out_height >= 1, NULL);

  scaled = sc_lens_profile_scale (profile, in_width, in_height);

  self = g_new0 (ScStitchMap, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->in_width = in_width;
  self->in_height = in_height;
  self->out_width = out_width;
  self->out_height = out_height;
  for (guint i = 0; i < 2; i++)
    self->gains[i] = scaled->lenses[i].gain > 0.0 ? scaled->lenses[i].gain : 1.0;

  data.map = self;
  data.blend_deg = MAX (blend_deg, 0.0);
  for (guint i = 0; i < 2; i++)
    {
      fast_lens_init (&data.lenses[i], &scaled->lenses[i], orientation);
      data.fov_half_deg[i] = scaled->lenses[i].fov_deg / 2.0;
    }

  map_build (self, &data, build_rows, n_threads);

  return self;
}

/**
 * sc_stitch_map_new_from_madv_lut:
 * @lut: the camera's own lens LUT (sc_madv_lut_load())
 * @in_width: dual-fisheye frame width (the LUT's 3456×1728 positions are
 *   scaled to it)
 * @in_height: dual-fisheye frame height
 * @out_width: equirectangular width (2 × @out_height)
 * @out_height: equirectangular height
 * @orientation: (nullable) (array fixed-size=9): rotation applied to each
 *   output ray before the lookup, as in sc_stitch_map_new() (for a Mi
 *   Sphere's gyro matrix: sc_madv_gyro_to_orientation()); %NULL for none
 * @blend_deg: width of the cross-fade around |λ| = 90°, degrees (0 for a
 *   hard seam)
 * @n_threads: threads to compute it with (0: one per processor)
 *
 * The lookup table of a Mi Sphere frame from its LUT instead of a lens
 * model: each output pixel's rotated ray (λ, φ) is looked up in the LUT
 * (bilinear between grid points); the front lens (the LUT's `r_*`, the
 * right half) owns |λ| < 90°, the back lens the rest. Both lenses have
 * gain 1.
 *
 * Returns: (transfer full): the map
 */
ScStitchMap *
sc_stitch_map_new_from_madv_lut (const ScMadvLut *lut,
                                 int              in_width,
                                 int              in_height,
                                 int              out_width,
                                 int              out_height,
                                 const double    *orientation,
                                 double           blend_deg,
                                 int              n_threads)
{
  static const double identity[9] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
  ScStitchMap *self;
  BuildData data = { 0 };

  g_return_val_if_fail (lut != NULL, NULL);
  g_return_val_if_fail (in_width >= 4 && in_height >= 2 && in_width <= 65535 && in_height <= 65535, NULL);
  g_return_val_if_fail (out_width >= 2 && out_height >= 1, NULL);

  self = g_new0 (ScStitchMap, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->in_width = in_width;
  self->in_height = in_height;
  self->out_width = out_width;
  self->out_height = out_height;
  self->gains[0] = self->gains[1] = 1.0;

  data.map = self;
  data.blend_deg = MAX (blend_deg, 0.0);
  data.lut = lut;
  memcpy (data.orientation, orientation != NULL ? orientation : identity, sizeof data.orientation);
  data.lut_scale_x = (double)in_width / SC_MADV_LUT_FRAME_WIDTH;
  data.lut_scale_y = (double)in_height / SC_MADV_LUT_FRAME_HEIGHT;

  map_build (self, &data, build_rows_lut, n_threads);

  return self;
}

ScStitchMap *
sc_stitch_map_ref (ScStitchMap *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sc_stitch_map_unref (ScStitchMap *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->entries);
      g_free (self->band);
      g_free (self->row_band);
      g_free (self);
    }
}

int
sc_stitch_map_get_in_width (ScStitchMap *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->in_width;
}

int
sc_stitch_map_get_in_height (ScStitchMap *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->in_height;
}

int
sc_stitch_map_get_out_width (ScStitchMap *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->out_width;
}

int
sc_stitch_map_get_out_height (ScStitchMap *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->out_height;
}

/* Applying */

#if defined (__SSE2__)

/* x86-64: fixed-point integer bilinear in SSE2 (the x86-64 baseline, so no
 * dispatch is needed). The float version below compiles to one scalar
 * conversion per channel there, about three times slower.
 *
 * Per pixel: the 2×2 texels as 16-bit lanes; the vertical lerp in 16 bits
 * (exact: the result fits, the wrapping intermediates cancel), halved to
 * Q7; the horizontal lerp with pmaddwd (Q15), rounded to Q7; times the
 * lens's weight / gain in Q13 (pmaddwd again, with a zero high half), so a
 * lens's contribution is the value in Q20 in 32-bit lanes. The two lenses
 * of the band add up before the final rounding. */

# include <emmintrin.h>

# define COEF_SHIFT 13
# define ACC_SHIFT  (7 + COEF_SHIFT)

typedef __m128i Acc;
# define ACC_ADD(a, b) _mm_add_epi32 ((a), (b))

typedef struct
{
  const ScStitchMap *map;
  const guint8      *src;
  gsize              src_stride;
  guint8            *dst;
  gsize              dst_stride;
  guint32            coef[2][256];   /* weight / 255 / gain in Q13, per lens */
} ApplyData;

static inline Acc
sample (const ApplyData *data,
        const Entry     *e)
{
  const guint8 *p = data->src + e->y * data->src_stride + (gsize)e->x * 4;
  const __m128i zero = _mm_setzero_si128 ();
  __m128i ab = _mm_unpacklo_epi8 (_mm_loadl_epi64 ((const __m128i *)p), zero);
  __m128i cd = _mm_unpacklo_epi8 (_mm_loadl_epi64 ((const __m128i *)(p + data->src_stride)), zero);
  __m128i v, pairs, h;

  /* vertical: (ab << 8) + (cd - ab) · fy, Q8 ≤ 65280, then Q7 */
  v = _mm_add_epi16 (_mm_slli_epi16 (ab, 8),
                     _mm_mullo_epi16 (_mm_sub_epi16 (cd, ab), _mm_set1_epi16 (e->fy)));
  v = _mm_srli_epi16 (_mm_add_epi16 (v, _mm_set1_epi16 (1)), 1);
  /* horizontal: { a, b } pairs · { 256 − fx, fx } → Q15, rounded to Q7 */
  pairs = _mm_unpacklo_epi16 (v, _mm_srli_si128 (v, 8));
  h = _mm_madd_epi16 (pairs, _mm_set1_epi32 ((int)(((guint32)e->fx << 16) | (256u - e->fx))));
  h = _mm_srli_epi32 (_mm_add_epi32 (h, _mm_set1_epi32 (128)), 8);
  /* weight / gain: Q7 · Q13 → Q20 */
  return _mm_madd_epi16 (h, _mm_set1_epi32 ((int)data->coef[e->lens][e->w]));
}

static inline void
store_pixel (guint8 *q,
             Acc     acc)
{
  __m128i r = _mm_srai_epi32 (_mm_add_epi32 (acc, _mm_set1_epi32 (1 << (ACC_SHIFT - 1))), ACC_SHIFT);
  guint32 px;

  r = _mm_packs_epi32 (r, r);
  r = _mm_packus_epi16 (r, r);
  px = (guint32)_mm_cvtsi128_si32 (r) | GUINT32_TO_LE (0xff000000u);
  memcpy (q, &px, 4);
}

static void
apply_data_init_coef (ApplyData         *data,
                      const ScStitchMap *map)
{
  for (guint i = 0; i < 2; i++)
    for (guint w = 0; w < 256; w++)
      {
        double c = w / 255.0 / map->gains[i] * (1 << COEF_SHIFT);

        /* pmaddwd takes signed 16 bits: gains below 1/4 saturate */
        data->coef[i][w] = (guint32)MIN (lround (c), 32767);
      }
}

#else /* !__SSE2__ */

/* Elsewhere: GCC vector extensions in float. */

typedef float v4sf __attribute__ ((vector_size (16)));
typedef guint8 v4u8 __attribute__ ((vector_size (4)));
typedef gint32 v4si __attribute__ ((vector_size (16)));

typedef v4sf Acc;
# define ACC_ADD(a, b) ((a) + (b))

typedef struct
{
  const ScStitchMap *map;
  const guint8      *src;
  gsize              src_stride;
  guint8            *dst;
  gsize              dst_stride;
  float              coef[2][256];   /* weight / 255 / gain, per lens */
} ApplyData;

static inline v4sf
load_texel (const guint8 *p)
{
  v4u8 b;

  memcpy (&b, p, 4);
  return __builtin_convertvector (b, v4sf);
}

static inline v4sf
sample (const ApplyData *data,
        const Entry     *e)
{
  const guint8 *p = data->src + e->y * data->src_stride + (gsize)e->x * 4;
  float fx = e->fx * (1.0f / 256.0f), fy = e->fy * (1.0f / 256.0f);
  v4sf a = load_texel (p), b = load_texel (p + 4);
  v4sf c = load_texel (p + data->src_stride), d = load_texel (p + data->src_stride + 4);
  v4sf top = a + (b - a) * fx;
  v4sf bot = c + (d - c) * fx;

  return (top + (bot - top) * fy) * data->coef[e->lens][e->w];
}

static inline void
store_pixel (guint8 *q,
             v4sf    v)
{
  v4si i, m;
  v4u8 b;

  i = __builtin_convertvector (v + 0.5f, v4si);
  i &= ~(i < 0);
  m = i > 255;
  i = (i & ~m) | (m & 255);
  b = __builtin_convertvector (i, v4u8);
  b[3] = 255;
  memcpy (q, &b, 4);
}

static void
apply_data_init_coef (ApplyData         *data,
                      const ScStitchMap *map)
{
  for (guint i = 0; i < 2; i++)
    for (guint w = 0; w < 256; w++)
      data->coef[i][w] = (float)(w / 255.0 / map->gains[i]);
}

#endif /* __SSE2__ */

/* Output pixels u0 … u1 − 1 of row v; *band is the row's next band entry. */
typedef void (*SegmentFunc) (const ApplyData  *data,
                             int               v,
                             int               u0,
                             int               u1,
                             const Entry     **band);

static void
apply_segment (const ApplyData  *data,
               int               v,
               int               u0,
               int               u1,
               const Entry     **band)
{
  const ScStitchMap *map = data->map;
  const Entry *e = map->entries + (gsize)v * map->out_width + u0;
  const Entry *b = *band;
  guint8 *q = data->dst + (gsize)v * data->dst_stride + (gsize)u0 * 4;

  for (int u = u0; u < u1; u++, e++, q += 4)
    {
      if (G_LIKELY (e->w == 255))
        store_pixel (q, sample (data, e));
      else
        {
          Acc s = sample (data, e);

          store_pixel (q, ACC_ADD (s, sample (data, b++)));
        }
    }
  *band = b;
}

#if defined (__SSE2__) && defined (__GNUC__) && !defined (__clang__)
# define HAVE_AVX2_PATH 1

/* AVX2 (runtime dispatch): the same arithmetic as sample(), two pixels per
 * register (one per 128-bit lane, where AVX2 works lane by lane), four
 * pixels per store. Groups of four single-lens pixels take this path; the
 * others go through sample(), which gives the same bits. */

# include <immintrin.h>

__attribute__ ((target ("avx2")))
static inline __m256i
load_pair (const guint8 *p0,
           const guint8 *p1)
{
  return _mm256_inserti128_si256 (_mm256_castsi128_si256 (_mm_loadl_epi64 ((const __m128i *)p0)),
                                  _mm_loadl_epi64 ((const __m128i *)p1), 1);
}

__attribute__ ((target ("avx2")))
static inline __m256i
sample2_avx2 (const ApplyData *data,
              const Entry     *e0,
              const Entry     *e1)
{
  gsize stride = data->src_stride;
  const guint8 *p0 = data->src + e0->y * stride + (gsize)e0->x * 4;
  const guint8 *p1 = data->src + e1->y * stride + (gsize)e1->x * 4;
  const __m256i zero = _mm256_setzero_si256 ();
  __m256i ab = _mm256_unpacklo_epi8 (load_pair (p0, p1), zero);
  __m256i cd = _mm256_unpacklo_epi8 (load_pair (p0 + stride, p1 + stride), zero);
  __m256i fy = _mm256_set_m128i (_mm_set1_epi16 (e1->fy), _mm_set1_epi16 (e0->fy));
  __m256i fx = _mm256_set_m128i (_mm_set1_epi32 ((int)(((guint32)e1->fx << 16) | (256u - e1->fx))),
                                 _mm_set1_epi32 ((int)(((guint32)e0->fx << 16) | (256u - e0->fx))));
  __m256i coef = _mm256_set_m128i (_mm_set1_epi32 ((int)data->coef[e1->lens][e1->w]),
                                   _mm_set1_epi32 ((int)data->coef[e0->lens][e0->w]));
  __m256i v, pairs, h;

  v = _mm256_add_epi16 (_mm256_slli_epi16 (ab, 8),
                        _mm256_mullo_epi16 (_mm256_sub_epi16 (cd, ab), fy));
  v = _mm256_srli_epi16 (_mm256_add_epi16 (v, _mm256_set1_epi16 (1)), 1);
  pairs = _mm256_unpacklo_epi16 (v, _mm256_srli_si256 (v, 8));
  h = _mm256_madd_epi16 (pairs, fx);
  h = _mm256_srli_epi32 (_mm256_add_epi32 (h, _mm256_set1_epi32 (128)), 8);
  return _mm256_madd_epi16 (h, coef);
}

/* sample2_avx2() for two single-lens entries (weight 255), with the
 * weights taken out of the entries by byte shuffles instead of scalar
 * loads and broadcasts. */
__attribute__ ((target ("avx2")))
static inline __m256i
sample2_single_avx2 (const ApplyData *data,
                     const Entry     *e,
                     __m256i          coef_back,
                     __m256i          coef_front)
{
  /* Entry bytes: x 0–1, y 2–3, fx 4, fy 5, w 6, lens 7; e[1] at 8–15 */
  const __m256i shuf_fy = _mm256_setr_epi8 (5, -1, 5, -1, 5, -1, 5, -1, 5, -1, 5, -1, 5, -1, 5, -1,
                                            13, -1, 13, -1, 13, -1, 13, -1, 13, -1, 13, -1, 13, -1, 13, -1);
  const __m256i shuf_fx = _mm256_setr_epi8 (4, -1, 4, -1, 4, -1, 4, -1, 4, -1, 4, -1, 4, -1, 4, -1,
                                            12, -1, 12, -1, 12, -1, 12, -1, 12, -1, 12, -1, 12, -1, 12, -1);
  const __m256i shuf_lens = _mm256_setr_epi8 (7, -1, -1, -1, 7, -1, -1, -1, 7, -1, -1, -1, 7, -1, -1, -1,
                                              15, -1, -1, -1, 15, -1, -1, -1, 15, -1, -1, -1, 15, -1, -1, -1);
  const __m256i fx_base = _mm256_set1_epi32 (256);
  const __m256i fx_sign = _mm256_set1_epi32 ((int)0xffff0001u);   /* { +1, −1 } */
  gsize stride = data->src_stride;
  const guint8 *p0 = data->src + e[0].y * stride + (gsize)e[0].x * 4;
  const guint8 *p1 = data->src + e[1].y * stride + (gsize)e[1].x * 4;
  const __m256i zero = _mm256_setzero_si256 ();
  __m256i ent = _mm256_broadcastsi128_si256 (_mm_loadu_si128 ((const __m128i *)e));
  __m256i ab = _mm256_unpacklo_epi8 (load_pair (p0, p1), zero);
  __m256i cd = _mm256_unpacklo_epi8 (load_pair (p0 + stride, p1 + stride), zero);
  __m256i fy = _mm256_shuffle_epi8 (ent, shuf_fy);
  /* { 256 − fx, −fx } → { 256 − fx, fx } */
  __m256i fx = _mm256_sign_epi16 (_mm256_sub_epi16 (fx_base, _mm256_shuffle_epi8 (ent, shuf_fx)), fx_sign);
  __m256i front = _mm256_cmpeq_epi32 (_mm256_shuffle_epi8 (ent, shuf_lens), _mm256_set1_epi32 (SC_LENS_FRONT));
  __m256i coef = _mm256_blendv_epi8 (coef_back, coef_front, front);
  __m256i v, pairs, h;

  v = _mm256_add_epi16 (_mm256_slli_epi16 (ab, 8),
                        _mm256_mullo_epi16 (_mm256_sub_epi16 (cd, ab), fy));
  v = _mm256_srli_epi16 (_mm256_add_epi16 (v, _mm256_set1_epi16 (1)), 1);
  pairs = _mm256_unpacklo_epi16 (v, _mm256_srli_si256 (v, 8));
  h = _mm256_madd_epi16 (pairs, fx);
  h = _mm256_srli_epi32 (_mm256_add_epi32 (h, _mm256_set1_epi32 (128)), 8);
  return _mm256_madd_epi16 (h, coef);
}

__attribute__ ((target ("avx2")))
static void
apply_segment_avx2 (const ApplyData  *data,
                    int               v,
                    int               u0,
                    int               u1,
                    const Entry     **band)
{
  const ScStitchMap *map = data->map;
  const Entry *e = map->entries + (gsize)v * map->out_width + u0;
  const Entry *b = *band;
  guint8 *q = data->dst + (gsize)v * data->dst_stride + (gsize)u0 * 4;
  const __m256i round = _mm256_set1_epi32 (1 << (ACC_SHIFT - 1));
  const __m256i order = _mm256_setr_epi32 (0, 4, 1, 5, 2, 6, 3, 7);
  const __m128i alpha = _mm_set1_epi32 ((int)GUINT32_TO_LE (0xff000000u));
  const __m256i coef_back = _mm256_set1_epi32 ((int)data->coef[SC_LENS_BACK][255]);
  const __m256i coef_front = _mm256_set1_epi32 ((int)data->coef[SC_LENS_FRONT][255]);
  int u = u0;

  while (u < u1)
    {
      if (u + 4 <= u1 && (e[0].w & e[1].w & e[2].w & e[3].w) == 255)
        {
          __m256i r01 = sample2_single_avx2 (data, &e[0], coef_back, coef_front);   /* 0 | 1 */
          __m256i r23 = sample2_single_avx2 (data, &e[2], coef_back, coef_front);   /* 2 | 3 */
          __m256i r;

          r01 = _mm256_srai_epi32 (_mm256_add_epi32 (r01, round), ACC_SHIFT);
          r23 = _mm256_srai_epi32 (_mm256_add_epi32 (r23, round), ACC_SHIFT);
          r = _mm256_packs_epi32 (r01, r23);        /* 0 2 | 1 3 */
          r = _mm256_packus_epi16 (r, r);           /* 0 2 0 2 | 1 3 1 3 */
          r = _mm256_permutevar8x32_epi32 (r, order);
          _mm_storeu_si128 ((__m128i *)q, _mm_or_si128 (_mm256_castsi256_si128 (r), alpha));
          u += 4;
          e += 4;
          q += 16;
        }
      else
        {
          if (G_LIKELY (e->w == 255))
            store_pixel (q, sample (data, e));
          else
            {
              Acc s = sample (data, e);

              store_pixel (q, ACC_ADD (s, sample (data, b++)));
            }
          u++;
          e++;
          q += 4;
        }
    }
  *band = b;
}

#endif

/* The output is walked in tiles of TILE_ROWS × TILE_COLS pixels: a tile's
 * source footprint stays in cache between its rows, where whole output rows
 * sweep curves across the 30 MB input. Each pixel is computed alone, so the
 * tiling, like the split into threads, changes no output bit. */
#ifndef TILE_ROWS
# define TILE_ROWS 64
#endif
#ifndef TILE_COLS
# define TILE_COLS 64
#endif

typedef struct
{
  const ApplyData *data;
  SegmentFunc      segment;
  int              row_begin;
  int              row_end;
} ApplyChunk;

static gpointer
apply_rows (gpointer user_data)
{
  ApplyChunk *chunk = user_data;
  const ApplyData *data = chunk->data;
  const ScStitchMap *map = data->map;
  int W = map->out_width;
  const Entry *band[TILE_ROWS];

  for (int v0 = chunk->row_begin; v0 < chunk->row_end; v0 += TILE_ROWS)
    {
      int v1 = MIN (v0 + TILE_ROWS, chunk->row_end);

      for (int v = v0; v < v1; v++)
        band[v - v0] = map->band + map->row_band[v];
      for (int u0 = 0; u0 < W; u0 += TILE_COLS)
        for (int v = v0; v < v1; v++)
          chunk->segment (data, v, u0, MIN (u0 + TILE_COLS, W), &band[v - v0]);
    }

  return NULL;
}

/**
 * sc_stitch_map_apply_rgba:
 * @self: a map
 * @src: the dual-fisheye frame, RGBA or RGBx, in_width × in_height
 * @src_stride: its bytes per row
 * @dst: the equirectangular frame to write, RGBA, out_width × out_height
 *   (alpha is set opaque)
 * @dst_stride: its bytes per row
 * @n_threads: threads to use (0: one per processor)
 *
 * Stitches one frame: bilinear sampling, feathered blend across the band,
 * each lens divided by its gain.
 */
void
sc_stitch_map_apply_rgba (ScStitchMap  *self,
                          const guint8 *src,
                          int           src_stride,
                          guint8       *dst,
                          int           dst_stride,
                          int           n_threads)
{
  g_autofree ApplyData *data = NULL;
  g_autofree ApplyChunk *chunks = NULL;
  g_autofree GThread **threads = NULL;
  SegmentFunc segment = apply_segment;

  g_return_if_fail (self != NULL);
  g_return_if_fail (src != NULL && dst != NULL);
  g_return_if_fail (src_stride >= self->in_width * 4);
  g_return_if_fail (dst_stride >= self->out_width * 4);

  data = g_new0 (ApplyData, 1);
  data->map = self;
  data->src = src;
  data->src_stride = src_stride;
  data->dst = dst;
  data->dst_stride = dst_stride;
  apply_data_init_coef (data, self);

#ifdef HAVE_AVX2_PATH
  if (__builtin_cpu_supports ("avx2"))
    segment = apply_segment_avx2;
#endif

  n_threads = clamp_threads (n_threads, self->out_height);
  chunks = g_new0 (ApplyChunk, n_threads);
  threads = g_new0 (GThread *, n_threads);
  for (int t = 0; t < n_threads; t++)
    {
      chunks[t].data = data;
      chunks[t].segment = segment;
      chunks[t].row_begin = (int)((gint64)self->out_height * t / n_threads);
      chunks[t].row_end = (int)((gint64)self->out_height * (t + 1) / n_threads);
      if (t > 0)
        threads[t] = g_thread_new ("sc-stitch", apply_rows, &chunks[t]);
    }
  apply_rows (&chunks[0]);
  for (int t = 1; t < n_threads; t++)
    g_thread_join (threads[t]);
}

/* Gain matching */

static double
sample_luma (const guint8 *rgba,
             int           width,
             int           height,
             int           stride,
             double        px,
             double        py)
{
  double sx = CLAMP (px - 0.5, 0.0, width - 1.001);
  double sy = CLAMP (py - 0.5, 0.0, height - 1.001);
  int x = (int)sx, y = (int)sy;
  double fx = sx - x, fy = sy - y;
  double l[4];

  for (guint k = 0; k < 4; k++)
    {
      const guint8 *p = rgba + (gsize)(y + k / 2) * stride + (gsize)(x + k % 2) * 4;

      l[k] = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
    }

  return (l[0] * (1 - fx) + l[1] * fx) * (1 - fy) + (l[2] * (1 - fx) + l[3] * fx) * fy;
}

/**
 * sc_lens_profile_estimate_gains:
 * @profile: a profile (changed: give it a copy you own)
 * @rgba: a dual-fisheye frame, RGBA or RGBx
 * @width: its width
 * @height: its height
 * @stride: its bytes per row
 * @error: return location for a #GError
 *
 * Estimates the lenses' exposure gains from the overlap band, where both
 * lenses see the same rays: the front lens is the reference (gain 1), the
 * back lens gets the ratio of the band's mean luminances.
 *
 * Returns: %TRUE when the gains were set; %FALSE when the band has too
 *   little usable picture (too dark, too bright or no overlap)
 */
gboolean
sc_lens_profile_estimate_gains (ScLensProfile  *profile,
                                const guint8   *rgba,
                                int             width,
                                int             height,
                                int             stride,
                                GError        **error)
{
  g_autoptr(ScLensProfile) scaled = NULL;
  FastLens lenses[2];
  double sum[2] = { 0, 0 };
  double margin[2];
  guint count = 0;
  const int W = 720, H = 360;

  g_return_val_if_fail (profile != NULL, FALSE);
  g_return_val_if_fail (rgba != NULL, FALSE);

  scaled = sc_lens_profile_scale (profile, width, height);
  for (guint i = 0; i < 2; i++)
    {
      fast_lens_init (&lenses[i], &scaled->lenses[i], NULL);
      /* stay 1° inside each rim */
      margin[i] = lenses[i].half - G_PI / 180.0;
    }

  for (int v = 0; v < H; v++)
    {
      double phi = G_PI / 2.0 - G_PI * (v + 0.5) / H;

      for (int u = 0; u < W; u++)
        {
          double lambda = 2.0 * G_PI * (u + 0.5) / W - G_PI;
          double d[3] = { cos (phi) * sin (lambda), sin (phi), cos (phi) * cos (lambda) };
          double px[2], py[2], l[2];
          gboolean ok = TRUE;

          for (guint i = 0; i < 2 && ok; i++)
            ok = fast_lens_project (&lenses[i], d, &px[i], &py[i]) <= margin[i];
          if (!ok)
            continue;

          for (guint i = 0; i < 2; i++)
            l[i] = sample_luma (rgba, width, height, stride, px[i], py[i]);
          if (l[0] < 8.0 || l[1] < 8.0 || l[0] > 247.0 || l[1] > 247.0)
            continue;

          /* equal area: the grid is denser near the poles */
          sum[0] += l[0] * cos (phi);
          sum[1] += l[1] * cos (phi);
          count++;
        }
    }

  if (count < 100 || sum[SC_LENS_FRONT] <= 0.0)
    {
      g_set_error_literal (error, SC_LENS_ERROR, SC_LENS_ERROR_INVALID_PROFILE,
                           _("The lenses’ exposure cannot be matched: the overlap "
                           "between them is too small, too dark or too bright"));
      return FALSE;
    }

  profile->lenses[SC_LENS_FRONT].gain = 1.0;
  profile->lenses[SC_LENS_BACK].gain = sum[SC_LENS_BACK] / sum[SC_LENS_FRONT];

  return TRUE;
}

/**
 * sc_lens_profile_ensure_gains:
 * @profile: a profile scaled to @rgba
 * @rgba: a dual-fisheye frame
 * @width: its width
 * @height: its height
 * @stride: its bytes per row
 *
 * Estimates the gains (sc_lens_profile_estimate_gains()) when @profile has
 * none; when the overlap band does not allow it, the lenses keep gain 1
 * and the reason is logged.
 */
void
sc_lens_profile_ensure_gains (ScLensProfile *profile,
                              const guint8  *rgba,
                              int            width,
                              int            height,
                              int            stride)
{
  g_autoptr(GError) error = NULL;

  if (sc_lens_profile_has_gains (profile))
    return;
  if (!sc_lens_profile_estimate_gains (profile, rgba, width, height, stride, &error))
    g_debug ("No gain matching: %s", error->message);
}
