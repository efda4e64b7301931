/* test-stitch-cpu.c: the CPU stitcher against the emulator's ground truth
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dual-fisheye frames are rendered from the emulator's scene through its
 * rig (emu-render.c, the same code the emulator's captures come from) and
 * stitched; the ground truth is the scene rendered equirectangular at the
 * same heading (sc_emu_render_equirect()).
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <sc-core.h>

#include "emu-render.h"

#define IN_W   1920
#define IN_H    960
#define OUT_W  1024
#define OUT_H   512

typedef struct
{
  int     width;
  int     height;
  int     stride;
  guint8 *data;
} Rgba;

static void
rgba_free (Rgba *img)
{
  g_free (img->data);
  g_free (img);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Rgba, rgba_free)

static Rgba *
rgba_new (int width,
          int height)
{
  Rgba *img = g_new0 (Rgba, 1);

  img->width = width;
  img->height = height;
  img->stride = width * 4;
  img->data = g_malloc0 ((gsize)img->stride * height);
  return img;
}

static Rgba *
rgba_from_emu (const ScEmuImage *src)
{
  Rgba *img = rgba_new (src->width, src->height);

  for (int y = 0; y < src->height; y++)
    for (int x = 0; x < src->width; x++)
      {
        const guint8 *p = src->data + (gsize)y * src->stride + x * 3;
        guint8 *q = img->data + (gsize)y * img->stride + x * 4;

        q[0] = p[0];
        q[1] = p[1];
        q[2] = p[2];
        q[3] = 255;
      }
  return img;
}

static const ScEmuImage *
scene (void)
{
  static const ScEmuImage *s;

  if (s == NULL)
    {
      g_autoptr(GError) error = NULL;

      sc_emu_scene_set_path (SC_TEST_SCENE);
      s = sc_emu_scene_get (&error);
      g_assert_no_error (error);
    }
  return s;
}

/* The emulator's dual-fisheye frame at heading @yaw. */
static Rgba *
render_fisheye (double yaw)
{
  g_autoptr(ScEmuImage) out = sc_emu_image_new (IN_W, IN_H);
  g_autoptr(ScEmuRigMap) map = NULL;
  ScEmuRig rig;

  sc_emu_rig_init (&rig, IN_W, IN_H);
  map = sc_emu_rig_map_get (&rig, scene ());
  sc_emu_rig_map_render (map, scene (), yaw, out);
  return rgba_from_emu (out);
}

static Rgba *
render_truth (double yaw)
{
  g_autoptr(ScEmuImage) out = sc_emu_image_new (OUT_W, OUT_H);

  sc_emu_render_equirect (scene (), yaw, out);
  return rgba_from_emu (out);
}

static ScLensProfile *
rig_profile (void)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) error = NULL;
  ScLensProfile *profile;
  ScEmuRig rig;

  sc_emu_rig_init (&rig, IN_W, IN_H);
  json_node_take_object (node, sc_emu_rig_to_json (&rig, 0.0));
  profile = sc_lens_profile_new_from_json (node, &error);
  g_assert_no_error (error);
  return profile;
}

static Rgba *
stitch (const ScLensProfile *profile,
        const Rgba          *in,
        const double        *orientation,
        double               blend_deg)
{
  g_autoptr(ScStitchMap) map = NULL;
  Rgba *out = rgba_new (OUT_W, OUT_H);

  map = sc_stitch_map_new (profile, in->width, in->height, OUT_W, OUT_H, orientation, blend_deg, 2);
  sc_stitch_map_apply_rgba (map, in->data, in->stride, out->data, out->stride, 2);
  return out;
}

static double
psnr (const Rgba *a,
      const Rgba *b)
{
  double sum = 0.0;

  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->height, ==, b->height);

  for (int y = 0; y < a->height; y++)
    for (int x = 0; x < a->width; x++)
      for (int c = 0; c < 3; c++)
        {
          double d = (double)a->data[(gsize)y * a->stride + x * 4 + c]
                   - b->data[(gsize)y * b->stride + x * 4 + c];
          sum += d * d;
        }

  sum /= (double)a->width * a->height * 3;
  return sum > 0 ? 10.0 * log10 (255.0 * 255.0 / sum) : 99.0;
}

static inline double
pixel_diff (const Rgba *img,
            int         x0,
            int         y0,
            int         x1,
            int         y1)
{
  const guint8 *p = img->data + (gsize)y0 * img->stride + x0 * 4;
  const guint8 *q = img->data + (gsize)y1 * img->stride + x1 * 4;

  return (fabs ((double)p[0] - q[0]) + fabs ((double)p[1] - q[1]) + fabs ((double)p[2] - q[2])) / 3.0;
}

/* Mean |difference| between horizontally neighbouring pixels over the
 * whole image, and across the seams at λ = ±90° (columns W/4 and 3W/4). */
static void
seam_stats (const Rgba *img,
            double     *neighbour,
            double     *seam)
{
  double n = 0, s = 0;
  guint nn = 0, ns = 0;

  for (int y = 0; y < img->height; y++)
    {
      for (int x = 1; x < img->width; x++, nn++)
        n += pixel_diff (img, x - 1, y, x, y);
      for (int k = 1; k <= 3; k += 2, ns++)
        {
          int x = k * img->width / 4;

          s += pixel_diff (img, x - 1, y, x, y);
        }
    }

  *neighbour = n / nn;
  *seam = s / ns;
}

static void
test_known_profile (void)
{
  g_autoptr(ScLensProfile) profile = rig_profile ();
  g_autoptr(Rgba) in = render_fisheye (0.0);
  g_autoptr(Rgba) truth = render_truth (0.0);
  g_autoptr(Rgba) out = stitch (profile, in, NULL, SC_STITCH_DEFAULT_BLEND_DEG);
  double p = psnr (out, truth);

  g_test_message ("known profile, %d×%d → %d×%d: PSNR %.2f dB", IN_W, IN_H, OUT_W, OUT_H, p);
  g_assert_cmpfloat (p, >=, 30.0);

  /* the built-in profile of the emulator scales to this frame size */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ScLensProfile) builtin = sc_lens_profile_load ("spherecam-emulator", &error);
    g_autoptr(Rgba) out2 = NULL;

    g_assert_no_error (error);
    out2 = stitch (builtin, in, NULL, SC_STITCH_DEFAULT_BLEND_DEG);
    p = psnr (out2, truth);
    g_test_message ("built-in profile spherecam-emulator: PSNR %.2f dB", p);
    g_assert_cmpfloat (p, >=, 30.0);
  }
}

static void
test_estimated_profile (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Rgba) in = render_fisheye (30.0);
  g_autoptr(Rgba) truth = render_truth (30.0);
  g_autoptr(ScLensProfile) known = rig_profile ();
  g_autoptr(ScLensProfile) profile = NULL;
  g_autoptr(Rgba) out = NULL;
  double p, gb, gf;

  profile = sc_lens_profile_estimate (in->data, in->width, in->height, in->stride, 200.0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);

  for (guint i = 0; i < 2; i++)
    {
      const ScLens *e = &profile->lenses[i], *k = &known->lenses[i];

      g_test_message ("lens %u: estimated centre (%.2f, %.2f) radius %.2f; "
                      "true (%.2f, %.2f) %.2f", i, e->cx, e->cy, e->radius, k->cx, k->cy, k->radius);
      g_assert_cmpfloat (fabs (e->cx - k->cx), <, 1.0);
      g_assert_cmpfloat (fabs (e->cy - k->cy), <, 1.0);
      g_assert_cmpfloat (fabs (e->radius - k->radius), <, 1.0);
      g_assert_cmpfloat (e->fov_deg, ==, 200.0);
      g_assert_cmpfloat (e->gain, ==, 0.0);
    }
  g_test_message ("estimated back roll %.2f° (true 0.5°)", profile->lenses[SC_LENS_BACK].roll_deg);
  g_assert_cmpfloat (fabs (profile->lenses[SC_LENS_BACK].roll_deg - 0.5), <, 0.1);
  g_assert_cmpfloat (profile->lenses[SC_LENS_FRONT].roll_deg, ==, 0.0);
  g_assert_cmpfloat (profile->lenses[SC_LENS_BACK].yaw_deg, ==, 180.0);
  g_assert_cmpfloat (profile->lenses[SC_LENS_FRONT].yaw_deg, ==, 0.0);

  g_assert_true (sc_lens_profile_estimate_gains (profile, in->data, in->width, in->height, in->stride, &error));
  g_assert_no_error (error);
  gb = profile->lenses[SC_LENS_BACK].gain;
  gf = profile->lenses[SC_LENS_FRONT].gain;
  g_test_message ("estimated gains: back %.4f front %.4f (true 0.96, 1.0)", gb, gf);
  g_assert_cmpfloat (fabs (gb / gf - 0.96), <, 0.01);

  out = stitch (profile, in, NULL, SC_STITCH_DEFAULT_BLEND_DEG);
  p = psnr (out, truth);
  g_test_message ("estimated circles (fov 200) + estimated gains: PSNR %.2f dB", p);
  g_assert_cmpfloat (p, >=, 28.0);
}

/* The scene has meridian stripes and 1° checkerboards with edges exactly
 * at λ = ±90° (at heading 0 the ground truth itself has a step there 5×
 * the mean), so the camera's heading is 15°: the seams fall between the
 * scene's stripes and off its checkerboards, and a step across them is
 * the stitcher's. */
static void
test_seam (void)
{
  g_autoptr(ScLensProfile) profile = rig_profile ();
  g_autoptr(Rgba) in = render_fisheye (15.0);
  g_autoptr(Rgba) out = stitch (profile, in, NULL, SC_STITCH_DEFAULT_BLEND_DEG);
  g_autoptr(Rgba) truth = render_truth (15.0);
  double neighbour, seam, tn, ts;

  seam_stats (out, &neighbour, &seam);
  seam_stats (truth, &tn, &ts);
  g_test_message ("seam: across λ = ±90° %.2f, neighbouring pixels %.2f (ratio %.2f); "
                  "ground truth %.2f / %.2f", seam, neighbour, seam / neighbour, ts, tn);
  g_assert_cmpfloat (seam, <=, 1.5 * neighbour);
  g_assert_cmpfloat (seam, <=, ts + 1.0);
}

/* Without gain matching, the back lens's 0.96 exposure makes a step at the
 * seam; dividing by the gains removes it. */
static void
test_gain_matching (void)
{
  g_autoptr(ScLensProfile) profile = rig_profile ();
  g_autoptr(ScLensProfile) unmatched = sc_lens_profile_copy (profile);
  g_autoptr(Rgba) in = render_fisheye (0.0);
  g_autoptr(Rgba) truth = render_truth (0.0);
  g_autoptr(Rgba) a = NULL;
  g_autoptr(Rgba) b = NULL;
  double step[2];

  unmatched->lenses[0].gain = unmatched->lenses[1].gain = 1.0;
  a = stitch (unmatched, in, NULL, 0.0);
  b = stitch (profile, in, NULL, 0.0);

  /* the exposure step: mean signed difference between the back lens's
   * half (|λ| > 90°) and the truth, minus the front's */
  for (guint k = 0; k < 2; k++)
    {
      const Rgba *img = k == 0 ? a : b;
      double back = 0, front = 0;
      guint nb = 0, nf = 0;

      for (int y = OUT_H / 8; y < OUT_H * 7 / 8; y++)
        for (int x = 0; x < OUT_W; x++)
          {
            const guint8 *p = img->data + (gsize)y * img->stride + x * 4;
            const guint8 *q = truth->data + (gsize)y * truth->stride + x * 4;
            double d = ((double)p[0] + p[1] + p[2] - q[0] - q[1] - q[2]) / 3.0;

            if (x < OUT_W / 4 || x >= 3 * OUT_W / 4)
              back += d, nb++;
            else
              front += d, nf++;
          }
      step[k] = fabs (back / nb - front / nf);
    }

  g_test_message ("exposure step between the lenses: %.2f without gain matching, %.2f with",
                  step[0], step[1]);
  g_assert_cmpfloat (step[0], >, 2.0);
  g_assert_cmpfloat (step[1], <, step[0] / 4.0);
  g_assert_cmpfloat (psnr (b, truth), >, psnr (a, truth));
}

static void
test_orientation (void)
{
  g_autoptr(ScLensProfile) profile = rig_profile ();
  g_autoptr(Rgba) in = render_fisheye (0.0);
  g_autoptr(Rgba) plain = stitch (profile, in, NULL, SC_STITCH_DEFAULT_BLEND_DEG);
  g_autoptr(Rgba) turned = NULL;
  g_autoptr(Rgba) shifted = rgba_new (OUT_W, OUT_H);
  g_autoptr(Rgba) in90 = render_fisheye (90.0);
  g_autoptr(Rgba) levelled = NULL;
  g_autoptr(Rgba) truth = render_truth (0.0);
  double m[9];
  double p;

  /* yaw 90°: what the camera saw straight ahead moves W/4 to the right */
  sc_orientation_matrix (90.0, 0.0, 0.0, m);
  turned = stitch (profile, in, m, SC_STITCH_DEFAULT_BLEND_DEG);
  for (int y = 0; y < OUT_H; y++)
    for (int x = 0; x < OUT_W; x++)
      memcpy (shifted->data + (gsize)y * shifted->stride + ((x + OUT_W / 4) % OUT_W) * 4,
              plain->data + (gsize)y * plain->stride + x * 4, 4);
  p = psnr (turned, shifted);
  g_test_message ("yaw 90° against the output shifted by W/4: PSNR %.2f dB", p);
  g_assert_cmpfloat (p, >=, 35.0);

  /* the camera's heading undoes its yaw: heading 90° seen with yaw 90° is
   * the scene at heading 0 */
  levelled = stitch (profile, in90, m, SC_STITCH_DEFAULT_BLEND_DEG);
  p = psnr (levelled, truth);
  g_test_message ("frame at heading 90° stitched with yaw 90° against the truth at 0°: PSNR %.2f dB", p);
  g_assert_cmpfloat (p, >=, 30.0);

  /* roll: a rolled camera, levelled by its own pose, gives a level horizon */
  {
    g_autoptr(ScLensProfile) rolled = sc_lens_profile_copy (profile);
    g_autoptr(Rgba) rolled_out = NULL;
    double mr[9];

    /* A camera rolled by 10° sees every ray 10° further round in the
     * front image and 10° back in the back image (seen from the other
     * side): the same frame read through this profile is the frame of a
     * camera rolled by 10°, and levelling with roll 10° gives the scene. */
    rolled->lenses[SC_LENS_FRONT].roll_deg += 10.0;
    rolled->lenses[SC_LENS_BACK].roll_deg -= 10.0;
    sc_orientation_matrix (0.0, 0.0, 10.0, mr);
    rolled_out = stitch (rolled, in, mr, SC_STITCH_DEFAULT_BLEND_DEG);
    p = psnr (rolled_out, truth);
    g_test_message ("rolled 10° and levelled by roll: PSNR %.2f dB", p);
    g_assert_cmpfloat (p, >=, 30.0);
  }
}

static void
test_not_dual_fisheye (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Rgba) equirect = render_truth (0.0);
  g_autoptr(Rgba) in = render_fisheye (0.0);
  g_autoptr(ScLensProfile) profile = NULL;

  profile = sc_lens_profile_estimate (equirect->data, equirect->width, equirect->height,
                                      equirect->stride, 200.0, &error);
  g_assert_null (profile);
  g_assert_error (error, SC_LENS_ERROR, SC_LENS_ERROR_NOT_DUAL_FISHEYE);
  g_test_message ("equirectangular input: %s", error->message);
  g_assert_nonnull (strstr (error->message, "not dual-fisheye"));
  g_clear_error (&error);

  g_assert_false (sc_is_dual_fisheye (equirect->data, equirect->width, equirect->height,
                                      equirect->stride, &error));
  g_assert_error (error, SC_LENS_ERROR, SC_LENS_ERROR_NOT_DUAL_FISHEYE);
  g_clear_error (&error);

  /* wrong shape */
  g_assert_false (sc_is_dual_fisheye (in->data, in->width / 2, in->height, in->stride, &error));
  g_assert_error (error, SC_LENS_ERROR, SC_LENS_ERROR_NOT_DUAL_FISHEYE);
  g_clear_error (&error);

  /* a black frame */
  memset (in->data, 0, (gsize)in->stride * in->height);
  g_assert_false (sc_is_dual_fisheye (in->data, in->width, in->height, in->stride, &error));
  g_assert_error (error, SC_LENS_ERROR, SC_LENS_ERROR_NOT_DUAL_FISHEYE);
  g_clear_error (&error);

  {
    g_autoptr(Rgba) real = render_fisheye (0.0);

    g_assert_true (sc_is_dual_fisheye (real->data, real->width, real->height, real->stride, &error));
    g_assert_no_error (error);
  }
}

/* Any 2:1 size; output sizes that are not a multiple of anything, and
 * thread counts that do not divide the rows, give the same picture. */
static void
test_sizes_and_threads (void)
{
  g_autoptr(ScLensProfile) profile = rig_profile ();
  g_autoptr(Rgba) in = render_fisheye (0.0);
  g_autoptr(ScStitchMap) map = sc_stitch_map_new (profile, IN_W, IN_H, 602, 301, NULL, 10.0, 3);
  g_autoptr(ScStitchMap) map1 = sc_stitch_map_new (profile, IN_W, IN_H, 602, 301, NULL, 10.0, 1);
  g_autofree guint8 *a = g_malloc0 (608 * 4 * 301);
  g_autofree guint8 *b = g_malloc0 (608 * 4 * 301);

  g_assert_cmpint (sc_stitch_map_get_out_width (map), ==, 602);
  g_assert_cmpint (sc_stitch_map_get_out_height (map), ==, 301);
  sc_stitch_map_apply_rgba (map, in->data, in->stride, a, 608 * 4, 5);
  sc_stitch_map_apply_rgba (map1, in->data, in->stride, b, 608 * 4, 1);
  g_assert_cmpmem (a, 608 * 4 * 301, b, 608 * 4 * 301);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);

  g_test_add_func ("/stitch-cpu/known-profile", test_known_profile);
  g_test_add_func ("/stitch-cpu/estimated-profile", test_estimated_profile);
  g_test_add_func ("/stitch-cpu/seam", test_seam);
  g_test_add_func ("/stitch-cpu/gain-matching", test_gain_matching);
  g_test_add_func ("/stitch-cpu/orientation", test_orientation);
  g_test_add_func ("/stitch-cpu/not-dual-fisheye", test_not_dual_fisheye);
  g_test_add_func ("/stitch-cpu/sizes-and-threads", test_sizes_and_threads);

  return g_test_run ();
}
