/* test-live-preview.c: ScLivePreview on real GStreamer, fed by the camera
 * emulator's live preview and by synthetic THETA-style streams
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include <sc-core.h>
/* Until sc-core.h includes the camera headers. */
#define SC_CORE_INSIDE
#include "sc-camera.h"
#include "sc-live-preview.h"
#undef SC_CORE_INSIDE

#include "sc-emulator-launcher.h"

#define FRAME_WIDTH  640
#define FRAME_HEIGHT 320

/* THETA's part delimiter, without the "--" RFC 2046 asks for. */
#define THETA_BOUNDARY "---osclivepreview---"

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the default context until @predicate holds or @timeout_ms
 * passes; returns whether it holds. */
static gboolean
wait_for (gboolean (*predicate) (gpointer),
          gpointer   data,
          guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, on_timeout_cb, &timed_out);

  while (!predicate (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  return predicate (data);
}

static gboolean
preview_finished (gpointer data)
{
  ScLivePreviewState state = sc_live_preview_get_state (data);

  return state == SC_LIVE_PREVIEW_STATE_STOPPED || state == SC_LIVE_PREVIEW_STATE_ERROR;
}

/* JPEG frames made by GStreamer itself: videotestsrc ! jpegenc. */
static GPtrArray *
make_jpegs (guint n,
            guint width,
            guint height)
{
  g_autofree char *description = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *jpegs = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);

  description = g_strdup_printf ("videotestsrc num-buffers=%u pattern=ball ! "
                                 "video/x-raw,width=%u,height=%u ! jpegenc ! "
                                 "appsink name=sink sync=false", n, width, height);
  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");

  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GstSample) sample = gst_app_sink_pull_sample (GST_APP_SINK (sink));
      GstBuffer *buffer;
      GstMapInfo map;

      g_assert_nonnull (sample);
      buffer = gst_sample_get_buffer (sample);
      g_assert_true (gst_buffer_map (buffer, &map, GST_MAP_READ));
      g_ptr_array_add (jpegs, g_bytes_new (map.data, map.size));
      gst_buffer_unmap (buffer, &map);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);

  return jpegs;
}

/* The body of a THETA getLivePreview reply, after de-chunking
 * (PROTOCOLS.md §1.9). */
static GBytes *
make_theta_stream (GPtrArray *jpegs)
{
  GByteArray *stream = g_byte_array_new ();

  for (guint i = 0; i < jpegs->len; i++)
    {
      GBytes *jpeg = g_ptr_array_index (jpegs, i);
      g_autofree char *header = g_strdup_printf (THETA_BOUNDARY "\r\n"
                                                 "Content-type: image/jpeg\r\n"
                                                 "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                                 "\r\n", g_bytes_get_size (jpeg));

      g_byte_array_append (stream, (const guint8 *)header, strlen (header));
      g_byte_array_append (stream, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
      g_byte_array_append (stream, (const guint8 *)"\r\n\r\n", 4);
    }

  return g_byte_array_free_to_bytes (stream);
}

static void
count_frame_cb (ScLivePreview *preview,
                GstSample     *sample,
                guint         *count)
{
  GstVideoInfo info;

  g_assert_true (GST_IS_SAMPLE (sample));
  g_assert_true (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
  g_assert_cmpint (GST_VIDEO_INFO_FORMAT (&info), ==, GST_VIDEO_FORMAT_RGBA);
  (*count)++;
}

static void
test_live_preview_synthetic (void)
{
  g_autoptr(GPtrArray) jpegs = make_jpegs (3, FRAME_WIDTH, FRAME_HEIGHT);
  g_autoptr(GBytes) body = make_theta_stream (jpegs);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (body);
  g_autoptr(ScLivePreview) preview = sc_live_preview_new ();
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GBytes) last_jpeg = NULL;
  g_autoptr(GError) error = NULL;
  gpointer weak = preview;
  guint signalled = 0;
  GstVideoInfo info;

  g_object_add_weak_pointer (G_OBJECT (preview), &weak);
  g_signal_connect (preview, "frame", G_CALLBACK (count_frame_cb), &signalled);

  g_assert_cmpint (sc_live_preview_get_state (preview), ==, SC_LIVE_PREVIEW_STATE_STOPPED);
  g_assert_null (sc_live_preview_dup_last_sample (preview));
  g_assert_null (sc_live_preview_dup_last_jpeg (preview));

  g_assert_true (sc_live_preview_start (preview, stream, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sc_live_preview_get_state (preview), ==, SC_LIVE_PREVIEW_STATE_STARTING);

  /* The stream ends after three parts: every one is decoded, then the
   * preview stops on its own, without an error. */
  g_assert_true (wait_for (preview_finished, preview, 10000));
  g_assert_cmpint (sc_live_preview_get_state (preview), ==, SC_LIVE_PREVIEW_STATE_STOPPED);
  g_assert_null (sc_live_preview_get_error (preview));
  g_assert_cmpuint (sc_live_preview_get_frames (preview), ==, 3);
  g_assert_cmpuint (signalled, >=, 1);
  g_assert_cmpuint (signalled, <=, 3);
  g_assert_cmpuint (sc_live_preview_get_width (preview), ==, FRAME_WIDTH);
  g_assert_cmpuint (sc_live_preview_get_height (preview), ==, FRAME_HEIGHT);

  sample = sc_live_preview_dup_last_sample (preview);
  g_assert_nonnull (sample);
  g_assert_true (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
  g_assert_cmpint (GST_VIDEO_INFO_WIDTH (&info), ==, FRAME_WIDTH);
  g_assert_cmpint (GST_VIDEO_INFO_FORMAT (&info), ==, GST_VIDEO_FORMAT_RGBA);

  /* The raw JPEG part, byte for byte as sent: the last one. */
  last_jpeg = sc_live_preview_dup_last_jpeg (preview);
  g_assert_nonnull (last_jpeg);
  g_assert_true (g_bytes_equal (last_jpeg, g_ptr_array_index (jpegs, 2)));

  g_clear_object (&preview);
  g_assert_null (weak);
}

static void
check_stream_fails (GBytes *body)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (body);
  g_autoptr(ScLivePreview) preview = sc_live_preview_new ();
  g_autoptr(GError) error = NULL;
  const GError *preview_error;
  gpointer weak = preview;
  guint errors_notified = 0;

  g_object_add_weak_pointer (G_OBJECT (preview), &weak);
  g_signal_connect_swapped (preview, "notify::error", G_CALLBACK (g_atomic_int_inc), &errors_notified);

  g_assert_true (sc_live_preview_start (preview, stream, &error));
  g_assert_no_error (error);

  g_assert_true (wait_for (preview_finished, preview, 10000));
  g_assert_cmpint (sc_live_preview_get_state (preview), ==, SC_LIVE_PREVIEW_STATE_ERROR);
  preview_error = sc_live_preview_get_error (preview);
  g_assert_nonnull (preview_error);
  g_assert_true (preview_error->domain == SC_PIPELINE_ERROR);
  g_assert_cmpuint (errors_notified, ==, 1);
  g_assert_cmpuint (sc_live_preview_get_frames (preview), ==, 0);
  g_test_message ("Error: %s", preview_error->message);

  /* Stopping keeps the error visible; the object goes away cleanly. */
  sc_live_preview_stop (preview);
  g_assert_cmpint (sc_live_preview_get_state (preview), ==, SC_LIVE_PREVIEW_STATE_ERROR);

  g_clear_object (&preview);
  g_assert_null (weak);
}

static void
test_live_preview_garbage (void)
{
  g_autofree guint8 *noise = g_malloc (200 * 1024);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GBytes) body = NULL;

  for (guint i = 0; i < 200 * 1024; i++)
    noise[i] = g_rand_int_range (rand, 0, 256);
  body = g_bytes_new (noise, 200 * 1024);

  check_stream_fails (body);
}

static void
test_live_preview_truncated (void)
{
  g_autoptr(GPtrArray) jpegs = make_jpegs (1, FRAME_WIDTH, FRAME_HEIGHT);
  g_autoptr(GBytes) whole = make_theta_stream (jpegs);
  g_autoptr(GBytes) cut = NULL;

  /* The headers and half the first picture, then the camera went away. */
  cut = g_bytes_new_from_bytes (whole, 0, g_bytes_get_size (whole) / 2);
  check_stream_fails (cut);
}

static void
test_live_preview_not_multipart (void)
{
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"name\":\"camera.getLivePreview\",\"state\":\"error\"}",
                                               strlen ("{\"name\":\"camera.getLivePreview\",\"state\":\"error\"}"));

  check_stream_fails (body);
}

/* Restarting on a new stream (what callers do after the camera shot a
 * picture) starts counting again. */
static void
test_live_preview_restart (void)
{
  g_autoptr(GPtrArray) jpegs = make_jpegs (2, 320, 160);
  g_autoptr(GBytes) body = make_theta_stream (jpegs);
  g_autoptr(ScLivePreview) preview = sc_live_preview_new ();
  g_autoptr(GError) error = NULL;

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (body);

      g_assert_true (sc_live_preview_start (preview, stream, &error));
      g_assert_no_error (error);
      g_assert_true (wait_for (preview_finished, preview, 10000));
      g_assert_cmpint (sc_live_preview_get_state (preview), ==, SC_LIVE_PREVIEW_STATE_STOPPED);
      g_assert_cmpuint (sc_live_preview_get_frames (preview), ==, 2);
      g_assert_cmpuint (sc_live_preview_get_width (preview), ==, 320);
    }

  /* Stopping a running preview mid-stream. */
  {
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (body);

    g_assert_true (sc_live_preview_start (preview, stream, &error));
    sc_live_preview_stop (preview);
    g_assert_cmpint (sc_live_preview_get_state (preview), ==, SC_LIVE_PREVIEW_STATE_STOPPED);
  }
}

/* ------------------------------------------------------------------ */
/* From the emulator                                                   */

typedef struct
{
  GAsyncResult *result;
} AsyncWait;

static void
on_async_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncWait *wait = user_data;

  wait->result = g_object_ref (result);
}

static gboolean
async_done (gpointer data)
{
  return ((AsyncWait *)data)->result != NULL;
}

static GAsyncResult *
await (AsyncWait *wait)
{
  g_assert_true (wait_for (async_done, wait, 20000));
  return wait->result;
}

static gboolean
enough_frames (gpointer data)
{
  return sc_live_preview_get_frames (data) >= 15 ||
         sc_live_preview_get_state (data) == SC_LIVE_PREVIEW_STATE_ERROR;
}

static void
test_live_preview_emulator (void)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScLivePreview) preview = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GVariant) options = NULL;
  g_autoptr(GVariant) format = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  static const char * const names[] = { "previewFormat", NULL };
  AsyncWait wait = { NULL };
  gint64 width = 0, height = 0, started;
  gpointer weak_preview, weak_camera;
  double elapsed;

  url = sc_emulator_launch (NULL, &process, &error);
  g_assert_no_error (error);

  camera = sc_camera_new_for_uri (url, NULL, NULL, &error);
  g_assert_no_error (error);
  weak_camera = camera;
  g_object_add_weak_pointer (G_OBJECT (camera), &weak_camera);

  sc_camera_connect_async (camera, NULL, on_async_cb, &wait);
  g_assert_true (sc_camera_connect_finish (camera, await (&wait), &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  sc_camera_get_options_async (camera, names, NULL, on_async_cb, &wait);
  options = sc_camera_get_options_finish (camera, await (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  format = g_variant_lookup_value (options, "previewFormat", G_VARIANT_TYPE_VARDICT);
  g_assert_nonnull (format);
  g_assert_true (g_variant_lookup (format, "width", "x", &width));
  g_assert_true (g_variant_lookup (format, "height", "x", &height));

  sc_camera_open_preview_async (camera, NULL, on_async_cb, &wait);
  stream = sc_camera_open_preview_finish (camera, await (&wait), &error);
  g_assert_no_error (error);
  g_assert_nonnull (stream);
  g_clear_object (&wait.result);

  preview = sc_live_preview_new ();
  weak_preview = preview;
  g_object_add_weak_pointer (G_OBJECT (preview), &weak_preview);

  started = g_get_monotonic_time ();
  g_assert_true (sc_live_preview_start (preview, stream, &error));
  g_assert_no_error (error);

  /* The emulator streams at ≥ 15 fps: 15 frames in about a second. */
  g_assert_true (wait_for (enough_frames, preview, 5000));
  elapsed = (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC;
  g_test_message ("15 frames in %.2f s, %.1f fps measured", elapsed, sc_live_preview_get_fps (preview));
  g_assert_null (sc_live_preview_get_error (preview));
  g_assert_cmpint (sc_live_preview_get_state (preview), ==, SC_LIVE_PREVIEW_STATE_PLAYING);
  g_assert_cmpuint (sc_live_preview_get_frames (preview), >=, 15);
  g_assert_cmpfloat (elapsed, <, 2.5);
  g_assert_cmpuint (sc_live_preview_get_width (preview), ==, width);
  g_assert_cmpuint (sc_live_preview_get_height (preview), ==, height);

  jpeg = sc_live_preview_dup_last_jpeg (preview);
  g_assert_nonnull (jpeg);
  g_assert_cmpuint (g_bytes_get_size (jpeg), >, 2);
  g_assert_cmpuint (((const guint8 *)g_bytes_get_data (jpeg, NULL))[0], ==, 0xFF);
  g_assert_cmpuint (((const guint8 *)g_bytes_get_data (jpeg, NULL))[1], ==, 0xD8);

  sc_live_preview_stop (preview);
  g_assert_cmpint (sc_live_preview_get_state (preview), ==, SC_LIVE_PREVIEW_STATE_STOPPED);

  g_clear_object (&preview);
  g_assert_null (weak_preview);
  g_clear_object (&stream);

  sc_camera_disconnect (camera);
  g_clear_object (&camera);
  g_assert_null (weak_camera);

  sc_emulator_stop (process);
}

static gboolean
preview_stopped (gpointer data)
{
  return sc_live_preview_get_state (data) != SC_LIVE_PREVIEW_STATE_PLAYING &&
         sc_live_preview_get_state (data) != SC_LIVE_PREVIEW_STATE_STARTING;
}

static gboolean
some_frames (gpointer data)
{
  return sc_live_preview_get_frames (data) >= 3 ||
         sc_live_preview_get_state (data) == SC_LIVE_PREVIEW_STATE_ERROR;
}

static GInputStream *
open_preview (ScCamera *camera)
{
  g_autoptr(GError) error = NULL;
  AsyncWait wait = { NULL };
  GInputStream *stream;

  sc_camera_open_preview_async (camera, NULL, on_async_cb, &wait);
  stream = sc_camera_open_preview_finish (camera, await (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  return stream;
}

/* The camera ends the preview when it shoots (as a THETA does): the
 * preview stops cleanly, and the caller opens a new stream. */
static void
test_live_preview_after_capture (void)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScLivePreview) preview = sc_live_preview_new ();
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(ScCameraFile) file = NULL;
  const char * const args[] = { "--photo-size", "640x320", NULL };
  AsyncWait wait = { NULL };
  guint64 before;

  url = sc_emulator_launch (args, &process, &error);
  g_assert_no_error (error);
  camera = sc_camera_new_for_uri (url, NULL, NULL, &error);
  g_assert_no_error (error);
  sc_camera_connect_async (camera, NULL, on_async_cb, &wait);
  g_assert_true (sc_camera_connect_finish (camera, await (&wait), &error));
  g_clear_object (&wait.result);

  stream = open_preview (camera);
  g_assert_true (sc_live_preview_start (preview, stream, &error));
  g_assert_true (wait_for (some_frames, preview, 5000));
  g_assert_cmpint (sc_live_preview_get_state (preview), ==, SC_LIVE_PREVIEW_STATE_PLAYING);

  sc_camera_take_picture_async (camera, NULL, on_async_cb, &wait);
  file = sc_camera_take_picture_finish (camera, await (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  g_assert_true (wait_for (preview_stopped, preview, 5000));
  g_assert_cmpint (sc_live_preview_get_state (preview), ==, SC_LIVE_PREVIEW_STATE_STOPPED);
  g_assert_null (sc_live_preview_get_error (preview));
  before = sc_live_preview_get_frames (preview);
  g_assert_cmpuint (before, >=, 3);

  /* Open again: pictures flow again, counted from zero. */
  g_clear_object (&stream);
  stream = open_preview (camera);
  g_assert_true (sc_live_preview_start (preview, stream, &error));
  g_assert_no_error (error);
  g_assert_true (wait_for (some_frames, preview, 5000));
  g_assert_cmpint (sc_live_preview_get_state (preview), ==, SC_LIVE_PREVIEW_STATE_PLAYING);

  sc_live_preview_stop (preview);
  g_clear_object (&stream);
  sc_camera_disconnect (camera);
  sc_emulator_stop (process);
}

/* Run as a child with no GStreamer plugins at all (see below): start a
 * preview and print the error. */
static int
run_without_plugins (void)
{
  g_autoptr(ScLivePreview) preview = sc_live_preview_new ();
  g_autoptr(GInputStream) stream = g_memory_input_stream_new ();
  g_autoptr(GError) error = NULL;

  if (sc_live_preview_start (preview, stream, &error))
    return 1;

  g_print ("%s %d %d %s\n", g_quark_to_string (error->domain), error->code,
           sc_live_preview_get_state (preview), error->message);
  return 0;
}

static void
test_live_preview_missing_element (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *registry = g_build_filename (g_get_tmp_dir (), "test-live-preview-empty-registry.bin", NULL);
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;

  g_assert_nonnull (self_path);
  g_subprocess_launcher_setenv (launcher, "SC_TEST_LIVE_PREVIEW_NO_PLUGINS", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "GST_PLUGIN_SYSTEM_PATH_1_0", "", TRUE);
  g_subprocess_launcher_setenv (launcher, "GST_PLUGIN_PATH_1_0", "", TRUE);
  g_subprocess_launcher_setenv (launcher, "GST_REGISTRY_1_0", registry, TRUE);
  g_subprocess_launcher_setenv (launcher, "GST_REGISTRY", registry, TRUE);
  g_subprocess_launcher_setenv (launcher, "GST_REGISTRY_FORK", "no", TRUE);

  child = g_subprocess_launcher_spawn (launcher, &error, self_path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);
  g_unlink (registry);

  /* The first element the pipeline needs, named in the message. */
  expected = g_strdup_printf ("sc-pipeline-error %d %d ", SC_PIPELINE_ERROR_MISSING_ELEMENT,
                              SC_LIVE_PREVIEW_STATE_ERROR);
  g_test_message ("%s", out);
  g_assert_true (g_str_has_prefix (out, expected));
  g_assert_nonnull (strstr (out, "“appsrc”"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  if (g_getenv ("SC_TEST_LIVE_PREVIEW_NO_PLUGINS") != NULL)
    {
      setlocale (LC_ALL, "");
      if (!sc_core_init (&error))
        g_error ("%s", error->message);
      return run_without_plugins ();
    }

  g_test_init (&argc, &argv, NULL);
  if (!sc_core_init (&error))
    g_error ("%s", error->message);

  g_test_add_func ("/sc-core/ScLivePreview/synthetic", test_live_preview_synthetic);
  g_test_add_func ("/sc-core/ScLivePreview/garbage", test_live_preview_garbage);
  g_test_add_func ("/sc-core/ScLivePreview/truncated", test_live_preview_truncated);
  g_test_add_func ("/sc-core/ScLivePreview/not-multipart", test_live_preview_not_multipart);
  g_test_add_func ("/sc-core/ScLivePreview/restart", test_live_preview_restart);
  g_test_add_func ("/sc-core/ScLivePreview/missing-element", test_live_preview_missing_element);
  g_test_add_func ("/sc-core/ScLivePreview/emulator", test_live_preview_emulator);
  g_test_add_func ("/sc-core/ScLivePreview/after-capture", test_live_preview_after_capture);

  return g_test_run ();
}
