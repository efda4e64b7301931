/* bench-stitch.c: frames per second of the CPU stitcher against ffmpeg's
 * v360 (dual-fisheye → equirectangular), same input, same thread count,
 * in the same run. Prints; asserts nothing.
 *
 *   bench-stitch [THREADS] [FRAMES]
 *
 * The input is the emulator's 3840×1920 dual-fisheye rendering of its
 * scene. v360 gets the same frame as raw RGBA, converted to planar RGB
 * (its fast RGB path); its figure is the marginal cost of v360 alone (the
 * run with `format=gbrp` only is subtracted). The GL path (helper S3's
 * scglstitch) is not measured here yet: its line says so.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include <gst/gst.h>
#include <sc-core.h>

#include "emu-render.h"

#define IN_W 3840
#define IN_H 1920

static double
run_ffmpeg (const char *raw,
            int         frames,
            int         threads,
            const char *filter)
{
  g_autofree char *cmd = NULL;
  gint64 start;
  int status = 0;

  cmd = g_strdup_printf ("ffmpeg -nostdin -v error -threads %d -filter_threads %d "
                         "-f rawvideo -pix_fmt rgba -s %dx%d -stream_loop %d -i '%s' "
                         "-vf '%s' -f null -",
                         threads, threads, IN_W, IN_H, frames - 1, raw, filter);
  start = g_get_monotonic_time ();
  if (!g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    return -1.0;
  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  int threads = argc > 1 ? atoi (argv[1]) : 2;
  int frames = argc > 2 ? atoi (argv[2]) : 30;
  const int sizes[][2] = { { 3840, 1920 }, { 5760, 2880 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScEmuImage) fish = sc_emu_image_new (IN_W, IN_H);
  g_autoptr(ScEmuRigMap) rig_map = NULL;
  g_autoptr(ScLensProfile) profile = NULL;
  g_autofree guint8 *rgba = g_malloc ((gsize)IN_W * IN_H * 4);
  g_autofree char *raw = NULL;
  const ScEmuImage *scene;
  ScEmuRig rig;
  int fd;

  gst_init (&argc, &argv);
  sc_emu_scene_set_path (SC_TEST_SCENE);
  scene = sc_emu_scene_get (&error);
  if (scene == NULL)
    g_error ("%s", error->message);

  sc_emu_rig_init (&rig, IN_W, IN_H);
  rig_map = sc_emu_rig_map_get (&rig, scene);
  sc_emu_rig_map_render (rig_map, scene, 0.0, fish);
  for (int y = 0; y < IN_H; y++)
    for (int x = 0; x < IN_W; x++)
      {
        const guint8 *p = fish->data + (gsize)y * fish->stride + x * 3;
        guint8 *q = rgba + ((gsize)y * IN_W + x) * 4;

        q[0] = p[0]; q[1] = p[1]; q[2] = p[2]; q[3] = 255;
      }

  fd = g_file_open_tmp ("bench-stitch-XXXXXX.rgba", &raw, &error);
  if (fd < 0 || !g_file_set_contents (raw, (const char *)rgba, (gssize)IN_W * IN_H * 4, &error))
    g_error ("%s", error->message);
  close (fd);

  profile = sc_lens_profile_load ("spherecam-emulator", &error);
  if (profile == NULL)
    g_error ("%s", error->message);

  printf ("input %dx%d RGBA dual-fisheye, %d threads, %d frames\n", IN_W, IN_H, threads, frames);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      int W = sizes[s][0], H = sizes[s][1];
      g_autoptr(ScStitchMap) map = NULL;
      g_autofree guint8 *out = g_malloc ((gsize)W * H * 4);
      g_autofree char *v360 = NULL;
      gint64 t0;
      double map_s, cpu_fps, base, with, v360_fps;

      t0 = g_get_monotonic_time ();
      map = sc_stitch_map_new (profile, IN_W, IN_H, W, H, NULL, SC_STITCH_DEFAULT_BLEND_DEG, threads);
      map_s = (g_get_monotonic_time () - t0) / 1e6;

      sc_stitch_map_apply_rgba (map, rgba, IN_W * 4, out, W * 4, threads);   /* warm-up */
      t0 = g_get_monotonic_time ();
      for (int i = 0; i < frames; i++)
        sc_stitch_map_apply_rgba (map, rgba, IN_W * 4, out, W * 4, threads);
      cpu_fps = frames / ((g_get_monotonic_time () - t0) / 1e6);

      v360 = g_strdup_printf ("format=gbrp,v360=dfisheye:e:ih_fov=200:iv_fov=200:w=%d:h=%d", W, H);
      base = run_ffmpeg (raw, frames, threads, "format=gbrp");
      with = run_ffmpeg (raw, frames, threads, v360);
      v360_fps = base > 0 && with > base ? frames / (with - base) : -1.0;

      printf ("%dx%d output: LUT built in %.2f s\n", W, H, map_s);
      printf ("  CPU path (bilinear + blend + gain): %.1f fps\n", cpu_fps);
      if (v360_fps > 0)
        printf ("  ffmpeg v360 (gbrp, marginal):       %.1f fps  (total incl. decode %.1f fps)\n"
                "  ratio CPU / v360:                   %.2f\n",
                v360_fps, frames / with, cpu_fps / v360_fps);
      else
        printf ("  ffmpeg v360: could not be measured (is ffmpeg installed?)\n");
      printf ("  GL path: not measured by this benchmark (see the scglstitch benchmark)\n");
    }

  g_unlink (raw);
  return 0;
}
