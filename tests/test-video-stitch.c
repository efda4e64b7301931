/* test-video-stitch.c: dual-fisheye MP4 → equirectangular MP4
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The inputs are made here: frames of the emulator's renderer at a heading
 * that turns by YAW_STEP a frame, encoded to H.264 with an AAC track, and
 * the rig's lens JSON as the "<stem>.lens.json" sidecar: input.mp4 (the
 * emulator's rig), dark.mp4 (the back lens at 0.7 exposure, a sidecar
 * without gains) and tilted.mp4 (the camera held at TILT_PITCH, TILT_ROLL,
 * the pose in the sidecar). The stitched video is checked with ffprobe
 * (spherical metadata, size, audio, frame count) and its middle frame
 * against the emulator's ground truth.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/video/video.h>
#include <sc-core.h>

#include "emu-render.h"
#include "sc-image-test-util.h"

#define IN_W      960
#define IN_H      480
#define OUT_W     512
#define OUT_H     256
#define N_FRAMES  15
#define FPS       15
#define YAW_STEP  6.0
#define DARK_GAIN 0.7
#define TILT_PITCH 12.0
#define TILT_ROLL  -7.0
#define INPUT_ENV "SC_TEST_VIDEO_STITCH_INPUT"

typedef struct
{
  ScPermissions *permissions;
  char          *dir;
} Fixture;

static char *input_dir;

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

/* @rig's lens JSON (with its pose when tilted); without the lenses'
 * gains with @no_gains. */
static void
write_rig_sidecar (const char     *path,
                   const ScEmuRig *rig,
                   gboolean        no_gains)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  JsonObject *doc = sc_emu_rig_to_json (rig, 0.0);

  if (no_gains)
    {
      JsonArray *lenses = json_object_get_array_member (doc, "lenses");

      for (guint i = 0; i < json_array_get_length (lenses); i++)
        json_object_remove_member (json_array_get_object_element (lenses, i), "gain");
    }
  json_node_take_object (node, doc);
  json = json_to_string (node, TRUE);
  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
}

static void
write_sidecar (const char *path)
{
  ScEmuRig rig;

  sc_emu_rig_init (&rig, IN_W, IN_H);
  write_rig_sidecar (path, &rig, FALSE);
}

static void
run_to_eos (GstElement *pipeline)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GstMessage) msg = NULL;

  msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND, GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
  g_assert_nonnull (msg);
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gst_message_parse_error (msg, &error, NULL);
      g_error ("%s", error->message);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

/* <stem>.mp4 + <stem>.lens.json in input_dir, seen through @rig. */
static void
make_video (const char     *stem,
            const ScEmuRig *rig,
            gboolean        no_gains)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(ScEmuRigMap) map = NULL;
  g_autoptr(ScEmuImage) frame = sc_emu_image_new (IN_W, IN_H);
  g_autofree char *name = g_strconcat (stem, ".mp4", NULL);
  g_autofree char *sidecar_name = g_strconcat (stem, ".lens.json", NULL);
  g_autofree char *path = NULL;
  g_autofree char *sidecar = NULL;
  g_autofree char *description = NULL;

  path = g_build_filename (input_dir, name, NULL);
  sidecar = g_build_filename (input_dir, sidecar_name, NULL);
  write_rig_sidecar (sidecar, rig, no_gains);

  description = g_strdup_printf ("appsrc name=src format=time ! videoconvert"
                                 " ! x264enc speed-preset=veryfast pass=quant quantizer=16"
                                 " ! h264parse ! mp4mux name=mux ! filesink location=\"%s\""
                                 " audiotestsrc num-buffers=20 ! audioconvert ! avenc_aac ! aacparse ! mux.",
                                 path);
  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  gst_object_ref_sink (pipeline);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  {
    g_autoptr(GstCaps) caps = gst_caps_new_simple ("video/x-raw",
                                                   "format", G_TYPE_STRING, "RGB",
                                                   "width", G_TYPE_INT, IN_W,
                                                   "height", G_TYPE_INT, IN_H,
                                                   "framerate", GST_TYPE_FRACTION, FPS, 1,
                                                   NULL);
    g_object_set (src, "caps", caps, NULL);
  }
  gst_element_set_state (pipeline, GST_STATE_PLAYING);

  map = sc_emu_rig_map_get (rig, scene ());
  for (int i = 0; i < N_FRAMES; i++)
    {
      GstBuffer *buffer = gst_buffer_new_allocate (NULL, (gsize)IN_W * IN_H * 3, NULL);
      GstMapInfo info;

      sc_emu_rig_map_render (map, scene (), i * YAW_STEP, frame);
      gst_buffer_map (buffer, &info, GST_MAP_WRITE);
      for (int y = 0; y < IN_H; y++)
        memcpy (info.data + (gsize)y * IN_W * 3, frame->data + (gsize)y * frame->stride, IN_W * 3);
      gst_buffer_unmap (buffer, &info);
      GST_BUFFER_PTS (buffer) = gst_util_uint64_scale (i, GST_SECOND, FPS);
      GST_BUFFER_DURATION (buffer) = GST_SECOND / FPS;
      g_assert_cmpint (gst_app_src_push_buffer (GST_APP_SRC (src), buffer), ==, GST_FLOW_OK);
    }
  gst_app_src_end_of_stream (GST_APP_SRC (src));
  run_to_eos (pipeline);
}

static void
make_inputs (void)
{
  g_autoptr(GError) error = NULL;
  ScEmuRig rig;

  input_dir = g_dir_make_tmp ("test-video-stitch-XXXXXX", &error);
  g_assert_no_error (error);

  sc_emu_rig_init (&rig, IN_W, IN_H);
  make_video ("input", &rig, FALSE);

  sc_emu_rig_init (&rig, IN_W, IN_H);
  rig.lenses[SC_EMU_LENS_BACK].gain = DARK_GAIN;
  make_video ("dark", &rig, TRUE);

  sc_emu_rig_init (&rig, IN_W, IN_H);
  rig.pitch_deg = TILT_PITCH;
  rig.roll_deg = TILT_ROLL;
  make_video ("tilted", &rig, FALSE);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->permissions = sc_permissions_new (NULL);
  sc_permissions_set_default (fixture->permissions);
  fixture->dir = g_dir_make_tmp ("test-video-stitch-out-XXXXXX", &error);
  g_assert_no_error (error);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  sc_permissions_set_default (NULL);
  g_clear_object (&fixture->permissions);
}

/* ffprobe: the equirectangular video stream, its size and frame count,
 * and an audio stream. */
static void
check_ffprobe (const char *path,
               int         width)
{
  const char *argv[] = { "ffprobe", "-v", "error", "-show_streams", "-of", "json", path, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  gboolean video = FALSE, audio = FALSE, spherical = FALSE;
  JsonArray *streams;
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  streams = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "streams");

  for (guint i = 0; i < json_array_get_length (streams); i++)
    {
      JsonObject *s = json_array_get_object_element (streams, i);
      const char *type = json_object_get_string_member (s, "codec_type");

      if (g_strcmp0 (type, "audio") == 0)
        audio = TRUE;
      if (g_strcmp0 (type, "video") != 0)
        continue;
      video = TRUE;
      g_assert_cmpint (json_object_get_int_member (s, "width"), ==, width);
      g_assert_cmpint (json_object_get_int_member (s, "height"), ==, width / 2);
      g_assert_cmpstr (json_object_get_string_member (s, "nb_frames"), ==, G_STRINGIFY (N_FRAMES));
      if (json_object_has_member (s, "side_data_list"))
        {
          JsonArray *side = json_object_get_array_member (s, "side_data_list");

          for (guint j = 0; j < json_array_get_length (side); j++)
            {
              JsonObject *d = json_array_get_object_element (side, j);

              if (g_strcmp0 (json_object_get_string_member_with_default (d, "side_data_type", ""),
                             "Spherical Mapping") == 0)
                {
                  g_assert_cmpstr (json_object_get_string_member (d, "projection"), ==, "equirectangular");
                  spherical = TRUE;
                }
            }
        }
    }
  g_assert_true (video);
  g_assert_true (audio);
  g_assert_true (spherical);
}

/* Decodes @path, checks its frame count and size and returns frame @index
 * (RGBA, stride width × 4). */
static guint8 *
decode_frame (const char *path,
              int         index,
              int         width,
              int         height)
{
  g_autoptr(ScTestImage) image = NULL;
  int n = 0;

  image = sc_test_image_decode_video_frame (path, index, &n);
  g_assert_cmpint (image->width, ==, width);
  g_assert_cmpint (image->height, ==, height);
  g_assert_cmpint (n, ==, N_FRAMES);
  return g_steal_pointer (&image->rgba);
}

static double
psnr_truth (const guint8 *rgba,
            int           width,
            int           height,
            double        yaw)
{
  g_autoptr(ScEmuImage) truth = sc_emu_image_new (width, height);
  double sum = 0.0;

  sc_emu_render_equirect (scene (), yaw, truth);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      for (int c = 0; c < 3; c++)
        {
          double d = (double)rgba[((gsize)y * width + x) * 4 + c]
                   - truth->data[(gsize)y * truth->stride + x * 3 + c];
          sum += d * d;
        }
  sum /= (double)width * height * 3;
  return sum > 0 ? 10.0 * log10 (255.0 * 255.0 / sum) : 99.0;
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

static void
stitch_and_check (Fixture      *fixture,
                  ScStitchPath  path,
                  int           width,
                  double        min_psnr)
{
  g_autofree char *in_path = g_build_filename (input_dir, "input.mp4", NULL);
  g_autofree char *out_path = g_build_filename (fixture->dir, "input-equirect.mp4", NULL);
  g_autoptr(GFile) input = g_file_new_for_path (in_path);
  g_autoptr(GFile) output = g_file_new_for_path (out_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree guint8 *middle = NULL;
  ScStitchOptions options;
  ScStitchPath used = SC_STITCH_PATH_AUTO;
  double last = 0.0, p;

  sc_stitch_options_init_default (&options);
  options.path = path;
  options.width = width;
  g_assert_true (sc_video_stitch (input, output, &options, NULL, progress_cb, &last,
                                  &used, &reason, &error));
  g_assert_no_error (error);
  g_assert_cmpint (used, ==, path);
  g_assert_nonnull (reason);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_cmpuint (count_files (fixture->dir), ==, 1);

  check_ffprobe (out_path, width);
  middle = decode_frame (out_path, N_FRAMES / 2, width, width / 2);
  p = psnr_truth (middle, width, width / 2, (N_FRAMES / 2) * YAW_STEP);
  g_test_message ("PSNR of the middle frame against the truth: %.1f dB", p);
  /* The CPU stitch of the raw frame scores about 29.6 dB here and the
   * video 24.5 dB (GL, at 256 wide: 22.1 dB). The two RGB → I420 → H.264
   * round trips (the input's and the output's) cost the 5 dB, nearly all
   * of it the 4:2:0 chroma subsampling of the scene's sharp colour edges:
   * one I420 round trip of an input frame alone scores 30.0 dB, 51 dB in
   * 4:4:4, and about the same with lossless H.264. The mean level error
   * is under 2 (G) after the 16-bit decode. */
  g_assert_cmpfloat (p, >=, min_psnr);
  /* It is that frame: the headings next to it score far lower. */
  g_assert_cmpfloat (psnr_truth (middle, width, width / 2, (N_FRAMES / 2 - 1) * YAW_STEP), <, p - 5.0);
  g_assert_cmpfloat (psnr_truth (middle, width, width / 2, (N_FRAMES / 2 + 1) * YAW_STEP), <, p - 5.0);

  /* Never replaces a file. */
  g_assert_false (sc_video_stitch (input, output, &options, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_cmpuint (count_files (fixture->dir), ==, 1);
}

static void
test_cpu (Fixture       *fixture,
          gconstpointer  data)
{
  stitch_and_check (fixture, SC_STITCH_PATH_CPU, OUT_W, 23.0);
}

static void
test_gpu (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *reason = NULL;

  /* The test environment has headless EGL (llvmpipe): forced GL runs. */
  g_assert_true (sc_gl_stitch_should_use_gl (TRUE, &reason));
  stitch_and_check (fixture, SC_STITCH_PATH_GPU, 256, 21.0);
}

static void
test_truncated (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *in_path = g_build_filename (input_dir, "input.mp4", NULL);
  g_autofree char *cut_path = g_build_filename (fixture->dir, "cut.mp4", NULL);
  g_autofree char *sidecar = g_build_filename (fixture->dir, "cut.lens.json", NULL);
  g_autofree char *out_path = g_build_filename (fixture->dir, "cut-equirect.mp4", NULL);
  g_autoptr(GFile) input = g_file_new_for_path (cut_path);
  g_autoptr(GFile) output = g_file_new_for_path (out_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  ScStitchOptions options;
  gsize len;

  g_file_get_contents (in_path, &contents, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (cut_path, contents, len / 2, &error);
  g_assert_no_error (error);
  write_sidecar (sidecar);

  sc_stitch_options_init_default (&options);
  options.path = SC_STITCH_PATH_CPU;
  options.width = OUT_W;
  g_assert_false (sc_video_stitch (input, output, &options, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_false (g_file_test (out_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (fixture->dir), ==, 2);
}

static void
cancel_cb (double   fraction,
           gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *in_path = g_build_filename (input_dir, "input.mp4", NULL);
  g_autofree char *out_path = g_build_filename (fixture->dir, "input-equirect.mp4", NULL);
  g_autoptr(GFile) input = g_file_new_for_path (in_path);
  g_autoptr(GFile) output = g_file_new_for_path (out_path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  ScStitchOptions options;

  sc_stitch_options_init_default (&options);
  options.path = SC_STITCH_PATH_CPU;
  options.width = OUT_W;
  /* Cancelled from the first progress report, once the profile is read
   * and before the pipeline runs to the end. */
  g_assert_false (sc_video_stitch (input, output, &options, cancellable, cancel_cb, cancellable,
                                   NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_files (fixture->dir), ==, 0);
}

static void
test_job (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *in_path = g_build_filename (input_dir, "input.mp4", NULL);
  g_autofree char *expected = g_build_filename (fixture->dir, "input-equirect.mp4", NULL);
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GFile) directory = g_file_new_for_path (fixture->dir);
  g_autoptr(ScJob) job = NULL;
  g_auto(GStrv) paths = NULL;
  const char *path = NULL;
  ScStitchOptions options;
  GVariant *result;

  g_ptr_array_add (inputs, g_file_new_for_path (in_path));
  sc_stitch_options_init_default (&options);
  options.path = SC_STITCH_PATH_CPU;
  options.width = OUT_W;

  job = sc_photo_stitch_job_new (inputs, directory, &options);
  while (sc_job_get_state (job) != SC_JOB_STATE_DONE && sc_job_get_error (job) == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (sc_job_get_error (job) != NULL)
    g_error ("The job failed: %s", sc_job_get_error (job)->message);

  result = sc_job_get_result (job);
  g_assert_true (g_variant_lookup (result, "paths", "^as", &paths));
  g_assert_cmpuint (g_strv_length (paths), ==, 1);
  g_assert_cmpstr (paths[0], ==, expected);
  g_assert_true (g_variant_lookup (result, "path", "&s", &path));
  g_assert_cmpstr (path, ==, "cpu");
  check_ffprobe (expected, OUT_W);
}

/* Stitches <stem>.mp4 with @options into the fixture's folder and
 * returns the output's middle frame (OUT_W wide). */
static guint8 *
stitch_middle (Fixture               *fixture,
               const char            *stem,
               const ScStitchOptions *options,
               ScStitchPath          *used,
               char                 **reason)
{
  g_autofree char *in_name = g_strconcat (stem, ".mp4", NULL);
  g_autofree char *out_name = g_strdup_printf ("%s-%u.mp4", stem, count_files (fixture->dir));
  g_autofree char *in_path = g_build_filename (input_dir, in_name, NULL);
  g_autofree char *out_path = g_build_filename (fixture->dir, out_name, NULL);
  g_autoptr(GFile) input = g_file_new_for_path (in_path);
  g_autoptr(GFile) output = g_file_new_for_path (out_path);
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_video_stitch (input, output, options, NULL, NULL, NULL, used, reason, &error));
  g_assert_no_error (error);
  check_ffprobe (out_path, OUT_W);

  return decode_frame (out_path, N_FRAMES / 2, OUT_W, OUT_H);
}

static double
psnr_frames (const guint8 *a,
             const guint8 *b)
{
  double sum = 0.0;

  for (gsize i = 0; i < (gsize)OUT_W * OUT_H * 4; i++)
    if (i % 4 != 3)
      sum += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
  sum /= (double)OUT_W * OUT_H * 3;
  return sum > 0 ? 10.0 * log10 (255.0 * 255.0 / sum) : 99.0;
}

/* GL that really fails: no usable GL platform, and the automatic path
 * told to try GL first. It is done again on the CPU and says why; asked
 * for explicitly, the GPU path fails clearly. In a subprocess, as the GL
 * environment is read when GStreamer makes a GL display. */
static void
test_gl_fallback (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree guint8 *middle = NULL;
  g_autofree char *reason = NULL;
  ScStitchOptions options;
  ScStitchPath used = SC_STITCH_PATH_AUTO;
  double p;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  g_setenv ("GST_GL_PLATFORM", "none", TRUE);
  g_setenv ("GST_GL_WINDOW", "none", TRUE);
  g_setenv ("SPHERECAM_STITCH_GL", "prefer", TRUE);

  sc_stitch_options_init_default (&options);
  options.width = OUT_W;
  middle = stitch_middle (fixture, "input", &options, &used, &reason);
  g_test_message ("reason: %s", reason);
  g_assert_cmpint (used, ==, SC_STITCH_PATH_CPU);
  g_assert_nonnull (strstr (reason, "GPU stitcher failed"));
  g_assert_nonnull (strstr (reason, "GL context"));
  p = psnr_truth (middle, OUT_W, OUT_H, (N_FRAMES / 2) * YAW_STEP);
  g_test_message ("PSNR after the fallback: %.1f dB", p);
  g_assert_cmpfloat (p, >=, 23.0);
  g_assert_cmpuint (count_files (fixture->dir), ==, 1);

  /* --gpu: a clear error and nothing written. */
  {
    g_autofree char *in_path = g_build_filename (input_dir, "input.mp4", NULL);
    g_autofree char *out_path = g_build_filename (fixture->dir, "gpu.mp4", NULL);
    g_autoptr(GFile) input = g_file_new_for_path (in_path);
    g_autoptr(GFile) output = g_file_new_for_path (out_path);
    g_autoptr(GError) error = NULL;

    options.path = SC_STITCH_PATH_GPU;
    g_assert_false (sc_video_stitch (input, output, &options, NULL, NULL, NULL, NULL, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_test_message ("--gpu: %s", error->message);
    g_assert_cmpuint (count_files (fixture->dir), ==, 1);
  }
}

/* A profile without gains: the lenses' exposure is matched on the first
 * frame (the back lens is at 0.7 here). */
static void
test_gains (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree guint8 *middle = NULL;
  g_autofree char *reason = NULL;
  ScStitchOptions options;
  double p;

  sc_stitch_options_init_default (&options);
  options.path = SC_STITCH_PATH_CPU;
  options.width = OUT_W;
  middle = stitch_middle (fixture, "dark", &options, NULL, &reason);
  p = psnr_truth (middle, OUT_W, OUT_H, (N_FRAMES / 2) * YAW_STEP);
  g_test_message ("PSNR with the gains matched: %.1f dB", p);
  g_assert_cmpfloat (p, >=, 23.0);

  /* The same lenses with both gains given as 1: the back half stays dark. */
  {
    g_autofree char *profile = g_build_filename (fixture->dir, "unmatched.lens.json", NULL);
    g_autofree guint8 *unmatched = NULL;
    double p_unmatched;
    ScEmuRig rig;

    sc_emu_rig_init (&rig, IN_W, IN_H);
    rig.lenses[SC_EMU_LENS_BACK].gain = 1.0;
    rig.lenses[SC_EMU_LENS_FRONT].gain = 1.0;
    write_rig_sidecar (profile, &rig, FALSE);
    options.profile = profile;
    unmatched = stitch_middle (fixture, "dark", &options, NULL, NULL);
    p_unmatched = psnr_truth (unmatched, OUT_W, OUT_H, (N_FRAMES / 2) * YAW_STEP);
    g_test_message ("PSNR without gain matching: %.1f dB", p_unmatched);
    g_assert_cmpfloat (p_unmatched, <, p - 3.0);
  }
}

/* Levelling: the camera held at TILT_PITCH, TILT_ROLL with the pose in
 * its lens JSON; with level the output is the level ground truth, without
 * it is not; the hand-set orientation is added to the pose. */
static void
test_level (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree guint8 *level = NULL;
  g_autofree guint8 *tilted = NULL;
  g_autofree guint8 *both = NULL;
  double yaw = (N_FRAMES / 2) * YAW_STEP, p_level, p_tilted;
  ScStitchOptions options;

  sc_stitch_options_init_default (&options);
  options.path = SC_STITCH_PATH_CPU;
  options.width = OUT_W;
  options.level = TRUE;
  level = stitch_middle (fixture, "tilted", &options, NULL, NULL);
  p_level = psnr_truth (level, OUT_W, OUT_H, yaw);

  options.level = FALSE;
  tilted = stitch_middle (fixture, "tilted", &options, NULL, NULL);
  p_tilted = psnr_truth (tilted, OUT_W, OUT_H, yaw);
  g_test_message ("PSNR levelled %.1f dB, not levelled %.1f dB", p_level, p_tilted);
  g_assert_cmpfloat (p_level, >=, 23.0);
  g_assert_cmpfloat (p_tilted, <, p_level - 5.0);

  /* level + hand-set = the pose's angles plus the hand's */
  options.level = TRUE;
  options.pitch_deg = -TILT_PITCH;
  options.roll_deg = -TILT_ROLL;
  both = stitch_middle (fixture, "tilted", &options, NULL, NULL);
  g_test_message ("PSNR of level + undoing the pose by hand against no levelling: %.1f dB",
                  psnr_frames (both, tilted));
  g_assert_cmpfloat (psnr_frames (both, tilted), >=, 40.0);
}

/* "auto" picks a working hardware encoder, else x264enc (this machine has
 * none); an unknown encoder is refused naming the installed ones. */
static void
test_encoder (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *in_path = g_build_filename (input_dir, "input.mp4", NULL);
  g_autofree char *out_path = g_build_filename (fixture->dir, "enc.mp4", NULL);
  g_autoptr(GFile) input = g_file_new_for_path (in_path);
  g_autoptr(GFile) output = g_file_new_for_path (out_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *factory = NULL;
  g_autofree char *x264 = NULL;
  g_auto(GStrv) installed = sc_video_stitch_list_encoders ();
  ScStitchOptions options;
  gboolean hardware = TRUE;

  g_assert_true (g_strv_contains ((const char * const *)installed, "x264enc"));
  g_assert_true (sc_video_stitch_choose_encoder ("auto", &factory, &hardware, &error));
  g_assert_no_error (error);
  g_test_message ("auto: %s", factory);
  if (!hardware)
    g_assert_cmpstr (factory, ==, "x264enc");
  g_assert_true (sc_video_stitch_choose_encoder ("x264", &x264, &hardware, &error));
  g_assert_cmpstr (x264, ==, "x264enc");
  g_assert_false (hardware);

  g_assert_false (sc_video_stitch_choose_encoder ("nosuchh264enc", NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nosuchh264enc"));
  g_assert_nonnull (strstr (error->message, "x264enc"));
  g_clear_error (&error);

  /* Not an H.264 encoder at all */
  g_assert_false (sc_video_stitch_choose_encoder ("filesink", NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  sc_stitch_options_init_default (&options);
  options.path = SC_STITCH_PATH_CPU;
  options.width = OUT_W;
  options.encoder = "nosuchh264enc";
  g_assert_false (sc_video_stitch (input, output, &options, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpuint (count_files (fixture->dir), ==, 0);
}

/* The job numbers the output when its name is taken, never replacing the
 * file there, and says which encoder it used. */
static void
test_job_numbered (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *in_path = g_build_filename (input_dir, "input.mp4", NULL);
  g_autofree char *taken = g_build_filename (fixture->dir, "input-equirect.mp4", NULL);
  g_autofree char *expected = g_build_filename (fixture->dir, "input-equirect (1).mp4", NULL);
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GFile) directory = g_file_new_for_path (fixture->dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScJob) job = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) paths = NULL;
  const char *reason = NULL;
  ScStitchOptions options;
  GVariant *result;

  g_file_set_contents (taken, "not a video", -1, &error);
  g_assert_no_error (error);

  g_ptr_array_add (inputs, g_file_new_for_path (in_path));
  sc_stitch_options_init_default (&options);
  options.path = SC_STITCH_PATH_CPU;
  options.width = OUT_W;
  options.encoder = "auto";

  job = sc_photo_stitch_job_new (inputs, directory, &options);
  while (sc_job_get_state (job) != SC_JOB_STATE_DONE && sc_job_get_error (job) == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (sc_job_get_error (job) != NULL)
    g_error ("The job failed: %s", sc_job_get_error (job)->message);

  result = sc_job_get_result (job);
  g_assert_true (g_variant_lookup (result, "paths", "^as", &paths));
  g_assert_cmpuint (g_strv_length (paths), ==, 1);
  g_assert_cmpstr (paths[0], ==, expected);
  g_assert_true (g_variant_lookup (result, "reason", "&s", &reason));
  g_test_message ("reason: %s", reason);
  g_assert_nonnull (strstr (reason, "x264enc"));
  check_ffprobe (expected, OUT_W);

  g_file_get_contents (taken, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "not a video");
  g_assert_cmpuint (count_files (fixture->dir), ==, 2);
}

static void
remove_input (void)
{
  g_autoptr(GDir) dir = g_dir_open (input_dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (input_dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (input_dir);
  g_clear_pointer (&input_dir, g_free);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  if (!sc_core_init (&error))
    g_error ("%s", error->message);

  /* The GL fallback runs in a subprocess that uses the parent's inputs. */
  if (g_getenv (INPUT_ENV) != NULL)
    input_dir = g_strdup (g_getenv (INPUT_ENV));
  else
    {
      make_inputs ();
      g_setenv (INPUT_ENV, input_dir, TRUE);
    }

#define ADD(path, func) \
  g_test_add ("/sc-core/video-stitch/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("cpu", test_cpu);
  ADD ("gpu", test_gpu);
  ADD ("truncated", test_truncated);
  ADD ("cancel", test_cancel);
  ADD ("job", test_job);
  ADD ("gl-fallback", test_gl_fallback);
  ADD ("gains", test_gains);
  ADD ("level", test_level);
  ADD ("encoder", test_encoder);
  ADD ("job-numbered", test_job_numbered);

  ret = g_test_run ();
  if (g_test_subprocess ())
    g_clear_pointer (&input_dir, g_free);
  else
    remove_input ();
  return ret;
}
