/* test-madv-stitch.c: a Mi Sphere photo, as the MADV emulator writes it,
 * stitched by sc_photo_stitch() with the camera's own lens table (the
 * JPEG's LUT trailer) and levelled by its gravity matrix (EXIF
 * UserComment), measured against the emulator's ground truth.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>
#include <sc-core.h>

#include "emu-render.h"
#include "sc-image-test-util.h"
#include "sc-emulator-launcher.h"
#include "sc-horizon-test-util.h"
#include "sc-test-util.h"

#define TILT_PITCH  9.0
#define TILT_ROLL  -6.0
#define OUT_W      1024

typedef ScTestImage Image;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Image, sc_test_image_free)


static Image *
decode_frame (const char *path,
              int         index)
{
  return sc_test_image_decode_video_frame (path, index, NULL);
}

static ScEmuImage *
render_truth_at (int    width,
                 int    height,
                 double yaw);

static ScEmuImage *
render_truth (int width,
              int height)
{
  return render_truth_at (width, height, 0.0);
}

static ScEmuImage *
render_truth_at (int    width,
                 int    height,
                 double yaw)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScEmuImage) scene = NULL;
  const ScEmuImage *full;
  ScEmuImage *truth = sc_emu_image_new (width, height);

  /* The scene at the output's size first (area average), as the other
   * stitching tests do: sampling the full-size scene straight at a quarter
   * of its resolution would alias what no stitcher can reproduce. */
  sc_emu_scene_set_path (SC_TEST_SCENE);
  full = sc_emu_scene_get (&error);
  g_assert_no_error (error);
  scene = sc_emu_image_downscale (full, width, height);
  sc_emu_render_equirect (scene, yaw, truth);
  return truth;
}

/* PSNR over R, G and B, or over luma only (BT.601 Y) with @luma: the
 * JPEG files on both sides carry chroma at half resolution (4:2:0), which
 * costs the RGB figure several dB that no stitcher can win back. */
static double
psnr (const Image      *image,
      const ScEmuImage *truth,
      gboolean          luma)
{
  double sum = 0.0;

  g_assert_cmpint (image->width, ==, truth->width);
  g_assert_cmpint (image->height, ==, truth->height);
  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      {
        const guint8 *a = image->rgba + ((gsize) y * image->width + x) * 4;
        const guint8 *b = truth->data + (gsize) y * truth->stride + x * 3;

        if (luma)
          {
            double d = 0.299 * (a[0] - b[0]) + 0.587 * (a[1] - b[1]) + 0.114 * (a[2] - b[2]);

            sum += 3.0 * d * d;
          }
        else
          for (int c = 0; c < 3; c++)
            sum += (double) (a[c] - b[c]) * (a[c] - b[c]);
      }
  sum /= (double) image->width * image->height * 3;
  return sum > 0 ? 10.0 * log10 (255.0 * 255.0 / sum) : 99.0;
}

/* The first file the emulator wrote into its card (DIR/SD0/DCIM/day/)
 * whose name starts with @prefix and ends with @suffix. */
static char *
find_file (const char *storage,
           const char *prefix,
           const char *suffix)
{
  g_autofree char *dcim = g_build_filename (storage, "SD0", "DCIM", NULL);
  g_autoptr(GDir) days = g_dir_open (dcim, 0, NULL);
  const char *day;

  g_assert_nonnull (days);
  while ((day = g_dir_read_name (days)) != NULL)
    {
      g_autofree char *folder = g_build_filename (dcim, day, NULL);
      g_autoptr(GDir) files = g_dir_open (folder, 0, NULL);
      const char *name;

      while (files != NULL && (name = g_dir_read_name (files)) != NULL)
        if (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, suffix))
          return g_build_filename (folder, name, NULL);
    }
  g_assert_not_reached ();
}

static void
test_lut_level (void)
{
  g_autofree char *storage = g_dir_make_tmp ("sc-madv-stitch-XXXXXX", NULL);
  g_autofree char *out_dir = g_dir_make_tmp ("sc-madv-stitch-out-XXXXXX", NULL);
  g_autofree char *photo = NULL;
  g_autofree char *url = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len = 0, after_len = 0;
  g_autoptr(GSubprocess) emulator = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScEmuImage) truth = NULL;
  g_autoptr(ScMadvLut) lut = NULL;
  const char *args[] = { "--protocol", "madv", "--storage", storage, "--photo-size", "1920x960",
                         "--tilt", "9,-6", NULL };
  struct { const char *name; gboolean level; } runs[] = {
    { "levelled.jpg", TRUE },
    { "as-shot.jpg", FALSE },
  };

  url = sc_emulator_launch (args, &emulator, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (url, "madv://"));
  photo = find_file (storage, "IMG_", ".JPG");
  g_assert_true (g_file_get_contents (photo, &before, &before_len, NULL));

  /* The photo is Mi Sphere-shaped: a LUT trailer the reader finds */
  {
    g_autoptr(GFile) file = g_file_new_for_path (photo);

    lut = sc_madv_lut_load (file, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (lut);
  }

  truth = render_truth (OUT_W, OUT_W / 2);

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autofree char *output = g_build_filename (out_dir, runs[i].name, NULL);
      g_autofree char *reason = NULL;
      g_autoptr(GFile) in = g_file_new_for_path (photo);
      g_autoptr(GFile) out = g_file_new_for_path (output);
      g_autoptr(Image) image = NULL;
      ScHorizonImage view, ground;
      ScStitchOptions options;
      ScStitchPath path;
      double pitch, roll, p, p_rgb;

      sc_stitch_options_init_default (&options);
      options.width = OUT_W;
      options.level = runs[i].level;
      options.jpeg_quality = 97;
      g_assert_true (sc_photo_stitch (in, out, &options, NULL, &path, &reason, &error));
      g_assert_no_error (error);
      g_assert_cmpint (path, ==, SC_STITCH_PATH_CPU);
      g_assert_nonnull (strstr (reason, "LUT"));

      image = sc_test_image_decode_jpeg (output);
      view = (ScHorizonImage) { image->rgba, image->width, image->height, image->width * 4, 4 };
      ground = (ScHorizonImage) { truth->data, truth->width, truth->height, truth->stride, 3 };
      sc_horizon_test_find_tilt (&view, &ground, 12.0, &pitch, &roll);
      p = psnr (image, truth, TRUE);
      p_rgb = psnr (image, truth, FALSE);
      g_test_message ("%s: PSNR %.2f dB (luma), %.2f dB (RGB), horizon tilt pitch %.2f° roll %.2f° (%s)",
                      runs[i].name, p, p_rgb, pitch, roll, reason);

      if (runs[i].level)
        {
          g_assert_cmpfloat (p, >=, 32.0);
          g_assert_cmpfloat (fabs (pitch), <=, 0.5);
          g_assert_cmpfloat (fabs (roll), <=, 0.5);
        }
      else
        {
          /* as shot, the horizon keeps the camera's tilt */
          g_assert_cmpfloat (fabs (pitch - TILT_PITCH), <=, 0.5);
          g_assert_cmpfloat (fabs (roll - TILT_ROLL), <=, 0.5);
        }
    }

  /* the camera's file is untouched */
  g_assert_true (g_file_get_contents (photo, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);

  sc_emulator_stop (emulator);
  sc_test_remove_tree (storage);
  sc_test_remove_tree (out_dir);
}

/* The emulator's video (768×384, 15 fps, the scene turning 20°/s, the
 * camera tilted) carries the LUT (lutz) and one gravity matrix per frame
 * (tlyd): stitched with level, every frame is level. */
#define VIDEO_RATE     15.0
#define VIDEO_YAW_RATE 20.0
#define VIDEO_OUT_W    512
#define VIDEO_FRAME    3

static void
test_video_level (void)
{
  g_autofree char *storage = g_dir_make_tmp ("sc-madv-stitch-XXXXXX", NULL);
  g_autofree char *out_dir = g_dir_make_tmp ("sc-madv-stitch-out-XXXXXX", NULL);
  g_autofree char *video = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GSubprocess) emulator = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScEmuImage) truth = NULL;
  const char *args[] = { "--protocol", "madv", "--storage", storage, "--tilt", "9,-6", NULL };
  struct { const char *name; gboolean level; double psnr; double pitch; double roll; } runs[] = {
    { "levelled.mp4", TRUE },
    { "as-shot.mp4", FALSE },
  };

  url = sc_emulator_launch (args, &emulator, &error);
  g_assert_no_error (error);
  video = find_file (storage, "VID_", "AA.MP4");
  truth = render_truth_at (VIDEO_OUT_W, VIDEO_OUT_W / 2, VIDEO_YAW_RATE * VIDEO_FRAME / VIDEO_RATE);

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autofree char *output = g_build_filename (out_dir, runs[i].name, NULL);
      g_autofree char *reason = NULL;
      g_autoptr(GFile) in = g_file_new_for_path (video);
      g_autoptr(GFile) out = g_file_new_for_path (output);
      g_autoptr(Image) image = NULL;
      ScHorizonImage view, ground;
      ScStitchOptions options;
      ScStitchPath path;

      sc_stitch_options_init_default (&options);
      options.width = VIDEO_OUT_W;
      options.level = runs[i].level;
      g_assert_true (sc_video_stitch (in, out, &options, NULL, NULL, NULL, &path, &reason, &error));
      g_assert_no_error (error);
      g_assert_cmpint (path, ==, SC_STITCH_PATH_CPU);
      g_assert_nonnull (strstr (reason, "LUT"));

      image = decode_frame (output, VIDEO_FRAME);
      g_assert_cmpint (image->width, ==, VIDEO_OUT_W);
      view = (ScHorizonImage) { image->rgba, image->width, image->height, image->width * 4, 4 };
      ground = (ScHorizonImage) { truth->data, truth->width, truth->height, truth->stride, 3 };
      sc_horizon_test_find_tilt (&view, &ground, 12.0, &runs[i].pitch, &runs[i].roll);
      runs[i].psnr = psnr (image, truth, TRUE);
      g_test_message ("%s frame %d: PSNR %.2f dB (luma), horizon tilt pitch %.2f° roll %.2f° (%s)",
                      runs[i].name, VIDEO_FRAME, runs[i].psnr, runs[i].pitch, runs[i].roll, reason);
    }

  g_assert_cmpfloat (fabs (runs[0].pitch), <=, 0.5);
  g_assert_cmpfloat (fabs (runs[0].roll), <=, 0.5);
  g_assert_cmpfloat (fabs (runs[1].pitch - TILT_PITCH), <=, 0.5);
  g_assert_cmpfloat (fabs (runs[1].roll - TILT_ROLL), <=, 0.5);
  g_assert_cmpfloat (runs[0].psnr, >=, runs[1].psnr + 6.0);

  sc_emulator_stop (emulator);
  sc_test_remove_tree (storage);
  sc_test_remove_tree (out_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sc_core_init (NULL));

  g_test_add_func ("/madv-stitch/lut-level", test_lut_level);
  g_test_add_func ("/madv-stitch/video-level", test_video_level);

  return g_test_run ();
}
