/* bench-stitch-gl.c: frames per second of "scglstitch"
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-stitch-gl [WIDTH] [FRAMES]
 *
 * Stitches FRAMES dual-fisheye frames of WIDTH×WIDTH/2 (the emulator's
 * optics on the test scene) to WIDTH×WIDTH/2 equirectangular, twice:
 *   - "upload+download": appsrc ! glupload ! scglstitch ! gldownload ! fakesink
 *     (system memory in and out, what a CPU-side encoder sees);
 *   - "shader only": gltestsrc ! scglstitch ! fakesink, frames staying in GL
 *     memory, minus the time of gltestsrc ! fakesink alone. Without a
 *     download nothing waits for the GPU per frame, so this counts what the
 *     driver lets queue; the driver throttles long runs (use 300+ frames).
 * Without WIDTH it runs 3840 and 5760. Prints, asserts nothing. For a real
 * GPU run it headless:
 *   GST_GL_PLATFORM=egl GST_GL_WINDOW=egl-device bench-stitch-gl 5760 300
 */

#include "config.h"

#include <stdlib.h>

#include <gst/gst.h>
#include <sc-core.h>

#include "emu-render.h"

static double
run_pipeline (const char *description,
              GBytes     *frame,
              int         width,
              int         height,
              const char *profile_json,
              int         n_frames)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstElement) stitch = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  gint64 start;

  if (pipeline == NULL)
    g_error ("%s: %s", description, error->message);

  stitch = gst_bin_get_by_name (GST_BIN (pipeline), "stitch");
  if (stitch != NULL)
    g_object_set (stitch, "profile-json", profile_json, NULL);

  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  if (src != NULL && frame != NULL)
    {
      g_autoptr(GstCaps) caps = gst_caps_new_simple ("video/x-raw",
                                                     "format", G_TYPE_STRING, "RGBA",
                                                     "width", G_TYPE_INT, width,
                                                     "height", G_TYPE_INT, height,
                                                     "framerate", GST_TYPE_FRACTION, 30, 1,
                                                     NULL);

      g_object_set (src, "caps", caps, "block", TRUE, "max-buffers", (guint64)4, NULL);
    }

  /* Warm up: GL context, shader compilation, first upload. */
  gst_element_set_state (pipeline, GST_STATE_PAUSED);
  gst_element_get_state (pipeline, NULL, NULL, frame != NULL ? 0 : 30 * GST_SECOND);

  start = g_get_monotonic_time ();
  gst_element_set_state (pipeline, GST_STATE_PLAYING);

  if (src != NULL && frame != NULL)
    {
      for (int i = 0; i < n_frames; i++)
        {
          GstBuffer *buffer = gst_buffer_new_wrapped_bytes (frame);
          GstFlowReturn flow;

          GST_BUFFER_PTS (buffer) = gst_util_uint64_scale (i, GST_SECOND, 30);
          GST_BUFFER_DURATION (buffer) = GST_SECOND / 30;
          g_signal_emit_by_name (src, "push-buffer", buffer, &flow);
          gst_buffer_unref (buffer);
          if (flow != GST_FLOW_OK)
            break;
        }
      {
        GstFlowReturn flow;

        g_signal_emit_by_name (src, "end-of-stream", &flow);
      }
    }

  bus = gst_element_get_bus (pipeline);
  message = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) bus_error = NULL;

      gst_message_parse_error (message, &bus_error, NULL);
      g_error ("%s: %s", description, bus_error->message);
    }

  gst_element_set_state (pipeline, GST_STATE_NULL);
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
bench (int width,
       int n_frames)
{
  int height = width / 2;
  const ScEmuImage *scene;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScEmuImage) fisheye = sc_emu_image_new (width, height);
  g_autoptr(ScEmuRigMap) map = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *json = NULL;
  g_autofree char *upload = NULL;
  g_autofree char *shader = NULL;
  g_autofree char *source_only = NULL;
  guint8 *rgba;
  GBytes *frame;
  ScEmuRig rig;
  double t_full, t_shader, t_source;

  scene = sc_emu_scene_get (&error);
  if (scene == NULL)
    g_error ("%s", error->message);

  sc_emu_rig_init (&rig, width, height);
  map = sc_emu_rig_map_get (&rig, scene);
  sc_emu_rig_map_render (map, scene, 0.0, fisheye);
  json_node_take_object (node, sc_emu_rig_to_json (&rig, 0.0));
  json = json_to_string (node, FALSE);

  rgba = g_malloc ((gsize)width * height * 4);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guint8 *s = fisheye->data + (gsize)y * fisheye->stride + x * 3;
        guint8 *d = rgba + ((gsize)y * width + x) * 4;

        d[0] = s[0], d[1] = s[1], d[2] = s[2], d[3] = 255;
      }
  frame = g_bytes_new_take (rgba, (gsize)width * height * 4);

  upload = g_strdup_printf ("appsrc name=src format=time ! glupload ! scglstitch name=stitch ! "
                            "gldownload ! video/x-raw,width=%d,height=%d ! fakesink sync=false",
                            width, height);
  shader = g_strdup_printf ("gltestsrc num-buffers=%d pattern=checkers-8 ! "
                            "video/x-raw(memory:GLMemory),format=RGBA,width=%d,height=%d,framerate=30/1 ! "
                            "scglstitch name=stitch ! "
                            "video/x-raw(memory:GLMemory),width=%d,height=%d ! fakesink sync=false",
                            n_frames, width, height, width, height);
  source_only = g_strdup_printf ("gltestsrc num-buffers=%d pattern=checkers-8 ! "
                                 "video/x-raw(memory:GLMemory),format=RGBA,width=%d,height=%d,framerate=30/1 ! "
                                 "fakesink sync=false",
                                 n_frames, width, height);

  t_full = run_pipeline (upload, frame, width, height, json, n_frames);
  t_source = run_pipeline (source_only, NULL, width, height, json, n_frames);
  t_shader = run_pipeline (shader, NULL, width, height, json, n_frames);

  g_print ("%d×%d ← %d×%d, %d frames:\n", width, height, width, height, n_frames);
  g_print ("  GL upload+stitch+download: %7.1f fps\n", n_frames / t_full);
  g_print ("  GL stitch only (GL memory): %7.1f fps (%.1f fps with the test source; source alone %.1f fps)\n",
           t_shader > t_source ? n_frames / (t_shader - t_source) : 0.0,
           n_frames / t_shader, n_frames / t_source);

  g_bytes_unref (frame);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *renderer = NULL;
  int width = argc > 1 ? atoi (argv[1]) : 0;
  int n_frames = argc > 2 ? atoi (argv[2]) : 100;

  if (!sc_core_init (&error))
    g_error ("%s", error->message);
  if (g_getenv ("SC_BENCH_SCENE") != NULL)
    sc_emu_scene_set_path (g_getenv ("SC_BENCH_SCENE"));
  else
    sc_emu_scene_set_path (SC_BENCH_SCENE);

  if (!sc_gl_stitch_probe (&renderer, &error))
    g_error ("%s", error->message);
  g_print ("GL_RENDERER: %s\n", renderer);

  if (n_frames < 1 || (argc > 1 && (width < 2 || width % 2 != 0)))
    {
      g_printerr ("Usage: bench-stitch-gl [WIDTH] [FRAMES]  (WIDTH even, FRAMES ≥ 1)\n");
      return 1;
    }

  if (width > 0)
    bench (width, n_frames);
  else
    {
      bench (3840, n_frames);
      bench (5760, n_frames);
    }

  return 0;
}
