/* sc-horizon-test-util.c: how far an equirectangular image is from level
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tilt of a stitched image is measured against the level ground truth
 * (the emulator's scene at the shot's heading): the pitch and roll for
 * which the truth, seen by a camera held that way, best matches the image.
 * Conventions are core's (sc_orientation_matrix()): an image ray o is the
 * truth ray Rx(pitch)·Rz(roll)·o, Rx turning +z towards +y (nose up), Rz
 * turning +x towards +y; rays as PROTOCOLS.md §5.1 (x right, y up, z
 * forward, longitude atan2 (x, z)).
 */

#include "config.h"

#include <math.h>

#include "sc-horizon-test-util.h"

#define DEG     (G_PI / 180.0)
#define MAX_LAT (70.0 * DEG)   /* the poles say nothing about the horizon */

static void
sample (const ScHorizonImage *image,
        double                x,
        double                y,
        double                rgb[3])
{
  int x0 = (int) floor (x), y0 = (int) floor (y);
  double fx = x - x0, fy = y - y0;
  int x1 = x0 + 1, y1 = y0 + 1;

  x0 = ((x0 % image->width) + image->width) % image->width;
  x1 = ((x1 % image->width) + image->width) % image->width;
  y0 = CLAMP (y0, 0, image->height - 1);
  y1 = CLAMP (y1, 0, image->height - 1);

  for (int c = 0; c < 3; c++)
    {
      const guint8 *r0 = image->data + (gsize) y0 * image->stride;
      const guint8 *r1 = image->data + (gsize) y1 * image->stride;
      double top = r0[x0 * image->bpp + c] * (1 - fx) + r0[x1 * image->bpp + c] * fx;
      double bottom = r1[x0 * image->bpp + c] * (1 - fx) + r1[x1 * image->bpp + c] * fx;

      rgb[c] = top * (1 - fy) + bottom * fy;
    }
}

static void
sample_lng_lat (const ScHorizonImage *image,
                double                lng,
                double                lat,
                double                rgb[3])
{
  sample (image,
          (lng + G_PI) / (2 * G_PI) * image->width - 0.5,
          (G_PI / 2 - lat) / G_PI * image->height - 0.5,
          rgb);
}

static double
pixel_error (const ScHorizonImage *image,
             int                   u,
             int                   v,
             const double          rgb[3])
{
  const guint8 *p = image->data + (gsize) v * image->stride + (gsize) u * image->bpp;
  double sum = 0;

  for (int c = 0; c < 3; c++)
    sum += (p[c] - rgb[c]) * (p[c] - rgb[c]);

  return sum / 3;
}

/**
 * sc_horizon_test_mse:
 * @image: an equirectangular image
 * @truth: the level ground truth (any size, 2:1)
 * @pitch_deg: the attitude to try
 * @roll_deg: the attitude to try
 * @step: use every @step-th pixel in both directions
 *
 * Returns: the mean squared error (8-bit, per channel) between @image and
 *   @truth seen by a camera at that attitude, rows within ±70° only
 */
double
sc_horizon_test_mse (const ScHorizonImage *image,
                     const ScHorizonImage *truth,
                     double                pitch_deg,
                     double                roll_deg,
                     int                   step)
{
  double cp = cos (pitch_deg * DEG), sp = sin (pitch_deg * DEG);
  double cr = cos (roll_deg * DEG), sr = sin (roll_deg * DEG);
  /* Rx(pitch)·Rz(roll), row-major */
  const double m[9] = { cr, -sr, 0,   cp * sr, cp * cr, sp,   -sp * sr, -sp * cr, cp };
  double sum = 0;
  guint64 n = 0;

  for (int v = step / 2; v < image->height; v += step)
    {
      double lat = G_PI / 2 - G_PI * (v + 0.5) / image->height;

      if (fabs (lat) > MAX_LAT)
        continue;

      for (int u = step / 2; u < image->width; u += step)
        {
          double lng = 2 * G_PI * (u + 0.5) / image->width - G_PI;
          double o[3] = { cos (lat) * sin (lng), sin (lat), cos (lat) * cos (lng) };
          double t[3], rgb[3];

          for (int i = 0; i < 3; i++)
            t[i] = m[i * 3] * o[0] + m[i * 3 + 1] * o[1] + m[i * 3 + 2] * o[2];
          sample_lng_lat (truth, atan2 (t[0], t[2]), asin (CLAMP (t[1], -1.0, 1.0)), rgb);
          sum += pixel_error (image, u, v, rgb);
          n++;
        }
    }

  return n > 0 ? sum / n : 0;
}

/**
 * sc_horizon_test_find_tilt:
 * @image: an equirectangular image
 * @truth: the level ground truth at the same heading
 * @range_deg: how far from level to look (a 1° grid first)
 * @pitch_deg: (out): the pitch of the best match, ±0.02°
 * @roll_deg: (out): its roll
 *
 * Finds the attitude at which @truth best matches @image: (0, 0) for a
 * level image.
 */
void
sc_horizon_test_find_tilt (const ScHorizonImage *image,
                           const ScHorizonImage *truth,
                           double                range_deg,
                           double               *pitch_deg,
                           double               *roll_deg)
{
  int n = (int) ceil (range_deg);
  double best_p = 0, best_r = 0, best;
  double step = 0.5;

  /* Coarse: a 1° grid on a sparse sample. */
  best = G_MAXDOUBLE;
  for (int i = -n; i <= n; i++)
    for (int j = -n; j <= n; j++)
      {
        double e = sc_horizon_test_mse (image, truth, i, j, 4);

        if (e < best)
          {
            best = e;
            best_p = i;
            best_r = j;
          }
      }

  /* Fine: a compass search on every other pixel. */
  best = sc_horizon_test_mse (image, truth, best_p, best_r, 2);
  while (step >= 0.02)
    {
      static const int dirs[8][2] = { { 1, 0 }, { -1, 0 }, { 0, 1 }, { 0, -1 },
                                      { 1, 1 }, { 1, -1 }, { -1, 1 }, { -1, -1 } };
      gboolean moved = FALSE;

      for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
        {
          double p = best_p + dirs[d][0] * step, r = best_r + dirs[d][1] * step;
          double e = sc_horizon_test_mse (image, truth, p, r, 2);

          if (e < best)
            {
              best = e;
              best_p = p;
              best_r = r;
              moved = TRUE;
            }
        }
      if (!moved)
        step /= 2;
    }

  *pitch_deg = best_p;
  *roll_deg = best_r;
}

/**
 * sc_horizon_test_gpano_patch_mse:
 * @image: an equirectangular image that is not level
 * @truth: the level ground truth at the same heading
 * @gpano_pitch_deg: GPano:PosePitchDegrees to check
 * @gpano_roll_deg: GPano:PoseRollDegrees to check
 * @half_deg: half the size of the patch around the image centre
 *
 * Reads GPano's pose as its spec words it, in the image only: the image
 * centre is @gpano_pitch_deg above the horizon, and the picture is the
 * level view turned counter-clockwise (as seen) by @gpano_roll_deg. Near
 * the centre an equirectangular image is nearly a flat view, so the patch
 * of @image at offset (dx right, dy up) degrees should show the truth at
 * longitude dx′, latitude pitch + dy′ with (dx′, dy′) = (dx, dy) turned
 * clockwise by the roll.
 *
 * Returns: the mean squared error of that prediction over the patch
 */
double
sc_horizon_test_gpano_patch_mse (const ScHorizonImage *image,
                                 const ScHorizonImage *truth,
                                 double                gpano_pitch_deg,
                                 double                gpano_roll_deg,
                                 double                half_deg)
{
  double c = cos (gpano_roll_deg * DEG), s = sin (gpano_roll_deg * DEG);
  double sum = 0;
  guint64 n = 0;

  for (int v = 0; v < image->height; v++)
    {
      double dy = 90.0 - 180.0 * (v + 0.5) / image->height;

      if (fabs (dy) > half_deg)
        continue;

      for (int u = 0; u < image->width; u++)
        {
          double dx = 360.0 * (u + 0.5) / image->width - 180.0;
          double rgb[3];

          if (fabs (dx) > half_deg)
            continue;

          sample_lng_lat (truth, (c * dx + s * dy) * DEG,
                          (gpano_pitch_deg + (-s * dx + c * dy)) * DEG, rgb);
          sum += pixel_error (image, u, v, rgb);
          n++;
        }
    }

  return n > 0 ? sum / n : 0;
}
