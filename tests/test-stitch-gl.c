/* test-stitch-gl.c: "scglstitch" on the EGL device platform (llvmpipe in CI)
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The emulator's optics render a dual-fisheye frame of the test scene with
 * known lenses; the element stitches it back and the result is compared
 * with the scene rendered straight to equirectangular. Sizes stay small:
 * GL on a software renderer is slow.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gst/gst.h>
#include <gst/video/video.h>
#include <sc-core.h>

#include "emu-render.h"

#define IN_WIDTH   1024
#define IN_HEIGHT  512
#define OUT_WIDTH  512
#define OUT_HEIGHT 256

typedef struct
{
  int     width;
  int     height;
  guint8 *rgba;   /* tightly packed */
} Frame;

static void
frame_free (Frame *frame)
{
  g_free (frame->rgba);
  g_free (frame);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Frame, frame_free)

/* The test scene, box-filtered to 1024×512 so that neither rendering
 * aliases the 1° checkerboards differently. */
static const ScEmuImage *
get_scene (void)
{
  static ScEmuImage *scene;

  if (scene == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "scene-equirect.jpg", NULL);
      const ScEmuImage *full;

      sc_emu_scene_set_path (path);
      full = sc_emu_scene_get (&error);
      g_assert_no_error (error);
      scene = sc_emu_image_downscale (full, 1024, 512);
    }

  return scene;
}

static GBytes *
image_to_rgba (const ScEmuImage *image)
{
  guint8 *rgba = g_malloc ((gsize)image->width * image->height * 4);

  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      {
        const guint8 *src = image->data + (gsize)y * image->stride + x * 3;
        guint8 *dst = rgba + ((gsize)y * image->width + x) * 4;

        dst[0] = src[0];
        dst[1] = src[1];
        dst[2] = src[2];
        dst[3] = 255;
      }

  return g_bytes_new_take (rgba, (gsize)image->width * image->height * 4);
}

/* The emulator's capture at heading 0 and its lens JSON. */
static GBytes *
render_fisheye (char **profile_json)
{
  const ScEmuImage *scene = get_scene ();
  g_autoptr(ScEmuImage) fisheye = sc_emu_image_new (IN_WIDTH, IN_HEIGHT);
  g_autoptr(ScEmuRigMap) map = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  ScEmuRig rig;

  sc_emu_rig_init (&rig, IN_WIDTH, IN_HEIGHT);
  map = sc_emu_rig_map_get (&rig, scene);
  sc_emu_rig_map_render (map, scene, 0.0, fisheye);
  json_node_take_object (node, sc_emu_rig_to_json (&rig, 0.0));
  *profile_json = json_to_string (node, FALSE);

  return image_to_rgba (fisheye);
}

/* Runs appsrc ! glupload ! scglstitch ! gldownload ! [caps] ! appsink on
 * one frame. Returns the frame, or NULL with @error_message set from the
 * first error on the bus. */
static Frame *
run_stitch (GBytes     *rgba,
            const char *profile_json,
            const char *element_props,
            const char *out_caps,
            char      **error_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstElement) stitch = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  g_autoptr(GstCaps) caps = NULL;
  g_autofree char *description = NULL;
  GstBuffer *buffer;
  GstFlowReturn flow;
  Frame *frame = NULL;

  description = g_strdup_printf ("appsrc name=src format=time ! glupload ! "
                                 "scglstitch name=stitch %s ! gldownload ! %s%s"
                                 "appsink name=sink sync=false wait-on-eos=false",
                                 element_props != NULL ? element_props : "",
                                 out_caps != NULL ? out_caps : "",
                                 out_caps != NULL ? " ! " : "");
  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  stitch = gst_bin_get_by_name (GST_BIN (pipeline), "stitch");
  if (profile_json != NULL)
    g_object_set (stitch, "profile-json", profile_json, NULL);

  caps = gst_caps_new_simple ("video/x-raw",
                              "format", G_TYPE_STRING, "RGBA",
                              "width", G_TYPE_INT, IN_WIDTH,
                              "height", G_TYPE_INT, IN_HEIGHT,
                              "framerate", GST_TYPE_FRACTION, 0, 1,
                              NULL);
  g_object_set (src, "caps", caps, NULL);

  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);

  buffer = gst_buffer_new_wrapped_bytes (rgba);
  GST_BUFFER_PTS (buffer) = 0;
  GST_BUFFER_DURATION (buffer) = GST_SECOND;
  g_signal_emit_by_name (src, "push-buffer", buffer, &flow);
  gst_buffer_unref (buffer);
  g_signal_emit_by_name (src, "end-of-stream", &flow);

  bus = gst_element_get_bus (pipeline);
  message = gst_bus_timed_pop_filtered (bus, 20 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) bus_error = NULL;
      g_autofree char *debug = NULL;

      gst_message_parse_error (message, &bus_error, &debug);
      g_test_message ("error from %s: %s (%s)", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)),
                      bus_error->message, debug != NULL ? debug : "");
      *error_message = g_strdup_printf ("%s: %s", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)),
                                        bus_error->message);
    }
  else
    {
      g_autoptr(GstSample) sample = NULL;
      GstVideoInfo info;
      GstMapInfo map;

      g_signal_emit_by_name (sink, "pull-sample", &sample);
      g_assert_nonnull (sample);
      g_assert_true (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
      g_assert_cmpint (GST_VIDEO_INFO_FORMAT (&info), ==, GST_VIDEO_FORMAT_RGBA);

      frame = g_new0 (Frame, 1);
      frame->width = GST_VIDEO_INFO_WIDTH (&info);
      frame->height = GST_VIDEO_INFO_HEIGHT (&info);
      frame->rgba = g_malloc ((gsize)frame->width * frame->height * 4);
      g_assert_true (gst_buffer_map (gst_sample_get_buffer (sample), &map, GST_MAP_READ));
      for (int y = 0; y < frame->height; y++)
        memcpy (frame->rgba + (gsize)y * frame->width * 4,
                map.data + (gsize)y * GST_VIDEO_INFO_PLANE_STRIDE (&info, 0),
                (gsize)frame->width * 4);
      gst_buffer_unmap (gst_sample_get_buffer (sample), &map);
    }

  gst_element_set_state (pipeline, GST_STATE_NULL);
  return frame;
}

static double
psnr_against (const Frame      *frame,
              const ScEmuImage *truth)
{
  double sum = 0;

  g_assert_cmpint (frame->width, ==, truth->width);
  g_assert_cmpint (frame->height, ==, truth->height);

  for (int y = 0; y < frame->height; y++)
    for (int x = 0; x < frame->width; x++)
      for (int c = 0; c < 3; c++)
        {
          double d = frame->rgba[((gsize)y * frame->width + x) * 4 + c] -
                     truth->data[(gsize)y * truth->stride + x * 3 + c];

          sum += d * d;
        }

  sum /= (double)frame->width * frame->height * 3;
  return sum > 0 ? 10.0 * log10 (255.0 * 255.0 / sum) : 99.0;
}

static void
check_psnr (double stitch_yaw,
            double truth_yaw)
{
  g_autofree char *json = NULL;
  g_autoptr(GBytes) rgba = render_fisheye (&json);
  g_autoptr(ScEmuImage) truth = sc_emu_image_new (OUT_WIDTH, OUT_HEIGHT);
  g_autoptr(Frame) frame = NULL;
  g_autofree char *props = g_strdup_printf ("yaw=%g", stitch_yaw);
  g_autofree char *caps = g_strdup_printf ("video/x-raw,width=%d,height=%d", OUT_WIDTH, OUT_HEIGHT);
  g_autofree char *error_message = NULL;
  double psnr;

  frame = run_stitch (rgba, json, props, caps, &error_message);
  g_assert_null (error_message);
  g_assert_nonnull (frame);

  sc_emu_render_equirect (get_scene (), truth_yaw, truth);
  psnr = psnr_against (frame, truth);
  g_test_message ("yaw %g: PSNR %.2f dB", stitch_yaw, psnr);
  g_assert_cmpfloat (psnr, >=, 30.0);
}

static void
test_psnr (void)
{
  check_psnr (0.0, 0.0);
}

/* The camera's heading at 90°: what it saw ahead lands at longitude 90°,
 * the ground truth rendered with the scene turned the other way. */
static void
test_psnr_yaw (void)
{
  check_psnr (90.0, 270.0);
}

/* The two paths agree: the GL element against sc-stitch-map.h's CPU
 * lookup table, same profile, orientation and blend band. */
static void
check_gl_matches_cpu (double yaw,
                      double blend)
{
  g_autofree char *json = NULL;
  g_autoptr(GBytes) rgba = render_fisheye (&json);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScLensProfile) profile = sc_lens_profile_new_from_data (json, -1, &error);
  g_autoptr(ScStitchMap) map = NULL;
  g_autoptr(Frame) frame = NULL;
  g_autofree char *props = g_strdup_printf ("yaw=%g pitch=7 roll=-3 blend-width=%g", yaw, blend);
  g_autofree char *caps = g_strdup_printf ("video/x-raw,width=%d,height=%d", OUT_WIDTH, OUT_HEIGHT);
  g_autofree char *error_message = NULL;
  g_autofree guint8 *cpu = g_malloc ((gsize)OUT_WIDTH * OUT_HEIGHT * 4);
  double orientation[9], sum = 0, mad;
  int worst = 0;

  g_assert_no_error (error);
  sc_orientation_matrix (yaw, 7.0, -3.0, orientation);
  map = sc_stitch_map_new (profile, IN_WIDTH, IN_HEIGHT, OUT_WIDTH, OUT_HEIGHT, orientation, blend, 0);
  sc_stitch_map_apply_rgba (map, g_bytes_get_data (rgba, NULL), IN_WIDTH * 4, cpu, OUT_WIDTH * 4, 0);

  frame = run_stitch (rgba, json, props, caps, &error_message);
  g_assert_null (error_message);
  g_assert_nonnull (frame);

  for (gsize i = 0; i < (gsize)OUT_WIDTH * OUT_HEIGHT * 4; i++)
    {
      int d;

      if (i % 4 == 3)
        continue;
      d = abs ((int)frame->rgba[i] - (int)cpu[i]);
      sum += d;
      worst = MAX (worst, d);
    }
  mad = sum / ((double)OUT_WIDTH * OUT_HEIGHT * 3);
  g_test_message ("GL vs CPU (yaw %g, blend %g°): mean absolute difference %.3f, worst %d",
                  yaw, blend, mad, worst);
  g_assert_cmpfloat (mad, <=, 1.0);
}

static void
test_gl_matches_cpu (void)
{
  check_gl_matches_cpu (0.0, SC_STITCH_DEFAULT_BLEND_DEG);
  check_gl_matches_cpu (30.0, 4.0);
}

static void
test_sizes (void)
{
  g_autofree char *json = NULL;
  g_autoptr(GBytes) rgba = render_fisheye (&json);
  static const struct { const char *caps; int width, height; } cases[] = {
    { NULL, IN_WIDTH, IN_WIDTH / 2 },                         /* default: the input width */
    { "video/x-raw,width=320", 320, 160 },                    /* height follows */
    { "video/x-raw,height=100", 200, 100 },                   /* width follows */
    { "video/x-raw,width=640,height=320", 640, 320 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *error_message = NULL;
      g_autoptr(Frame) frame = run_stitch (rgba, json, NULL, cases[i].caps, &error_message);

      g_assert_null (error_message);
      g_assert_nonnull (frame);
      g_assert_cmpint (frame->width, ==, cases[i].width);
      g_assert_cmpint (frame->height, ==, cases[i].height);
    }
}

static void
test_not_2_to_1 (void)
{
  g_autofree char *json = NULL;
  g_autoptr(GBytes) rgba = render_fisheye (&json);
  g_autofree char *error_message = NULL;
  g_autoptr(Frame) frame = run_stitch (rgba, json, NULL, "video/x-raw,width=500,height=300",
                                       &error_message);

  g_assert_null (frame);
  g_assert_nonnull (error_message);
  g_assert_true (g_str_has_prefix (error_message, "stitch: "));
  g_assert_nonnull (strstr (error_message, "not 2:1"));
}

static void
test_bad_profile (void)
{
  g_autofree char *json = NULL;
  g_autoptr(GBytes) rgba = render_fisheye (&json);
  static const char *profiles[] = { NULL, "", "{not json", "{\"width\":1024,\"height\":512,\"lenses\":[]}" };

  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      g_autofree char *error_message = NULL;
      g_autoptr(Frame) frame = run_stitch (rgba, profiles[i], NULL, NULL, &error_message);

      g_assert_null (frame);
      g_assert_nonnull (error_message);
      g_test_message ("profile %s: %s", profiles[i], error_message);
      g_assert_true (g_str_has_prefix (error_message, "stitch: "));
      g_assert_nonnull (strstr (error_message, "lens profile"));
    }
}

static void
test_probe (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *renderer = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *forced_reason = NULL;

  g_assert_true (sc_gl_stitch_probe (&renderer, &error));
  g_assert_no_error (error);
  g_test_message ("GL_RENDERER: %s", renderer);
  /* LIBGL_ALWAYS_SOFTWARE=1 in this test's environment */
  g_assert_true (sc_gl_stitch_renderer_is_software (renderer));
  g_assert_nonnull (strstr (renderer, "llvmpipe"));

  g_assert_false (sc_gl_stitch_should_use_gl (FALSE, &reason));
  g_test_message ("%s", reason);
  g_assert_nonnull (strstr (reason, "draws in software, without a graphics card: stitching on the CPU"));
  g_assert_true (sc_gl_stitch_should_use_gl (TRUE, &forced_reason));
  g_assert_nonnull (strstr (forced_reason, "stitching with OpenGL anyway"));

  g_assert_true (sc_gl_stitch_renderer_is_software ("softpipe"));
  g_assert_true (sc_gl_stitch_renderer_is_software ("Software Rasterizer (swrast)"));
  g_assert_false (sc_gl_stitch_renderer_is_software ("NVIDIA H100 PCIe/PCIe/SSE2"));
  g_assert_false (sc_gl_stitch_renderer_is_software (NULL));
}

static void
test_registered (void)
{
  g_autoptr(GstElementFactory) factory = gst_element_factory_find ("scglstitch");
  g_autoptr(GstElement) element = NULL;
  double blend = 0;

  g_assert_nonnull (factory);
  element = gst_element_factory_create (factory, NULL);
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (element, SC_TYPE_GL_STITCH));
  g_object_get (element, "blend-width", &blend, NULL);
  g_assert_cmpfloat (blend, ==, SC_GL_STITCH_DEFAULT_BLEND_WIDTH);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  if (!sc_core_init (&error))
    g_error ("%s", error->message);

  g_test_add_func ("/stitch-gl/registered", test_registered);
  g_test_add_func ("/stitch-gl/probe", test_probe);
  g_test_add_func ("/stitch-gl/psnr", test_psnr);
  g_test_add_func ("/stitch-gl/psnr-yaw", test_psnr_yaw);
  g_test_add_func ("/stitch-gl/gl-matches-cpu", test_gl_matches_cpu);
  g_test_add_func ("/stitch-gl/sizes", test_sizes);
  g_test_add_func ("/stitch-gl/not-2-to-1", test_not_2_to_1);
  g_test_add_func ("/stitch-gl/bad-profile", test_bad_profile);

  return g_test_run ();
}
