/* sc-video-stitch.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dual-fisheye MP4 in, equirectangular H.264 MP4 out, frame by frame in a
 * streaming pipeline:
 *
 *   filesrc ! qtdemux ─ video ─ queue ! decodebin ! videoconvert ! RGBA64
 *     ! videoconvert ! RGBA
 *     ! (scstitch | glupload ! scglstitch ! gldownload) ! videoconvert
 *     ! x264enc ! h264parse ! mp4mux ! filesink
 *                     └ audio ─ queue ! parser ! mp4mux (not re-encoded)
 *
 * The file goes to a hidden temporary file next to the output, gets the
 * spherical video metadata (sc-spherical-mp4.h), is synced and linked to
 * the output name, which is never replaced. The temporary file is always
 * removed.
 */

#define G_LOG_DOMAIN "sc-video-stitch"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "sc-core.h"
#include "sc-file-private.h"
#include "sc-geotag-private.h"

#define DEFAULT_FOV_DEG 200.0
#define BUS_POLL        (100 * GST_MSECOND)

/* YUV → RGBA through 16-bit RGB: videoconvert's 8-bit limited-range
 * YUV → RGB matrix (GStreamer 1.22) darkens every channel by about 2
 * levels (Y 126, mid grey, comes out 126 instead of 128; Y 235 gives
 * 253), which the stitch would pass on to the output. The 16-bit path is
 * within a level (grey 128 comes back 129/128/129). */
#define DECODE_TO_RGBA "videoconvert ! video/x-raw,format=RGBA64_LE ! videoconvert ! video/x-raw,format=RGBA"

/* --- the lens profile ----------------------------------------------------- */

static void
set_invalid_data (GError     **error,
                  GFile       *input,
                  const char  *detail)
{
  g_autofree char *name = g_file_get_basename (input);

  g_debug ("%s: %s", name, detail != NULL ? detail : "");
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("The video “%s” is damaged or incomplete and cannot be stitched. Copy it from the camera again."),
               name);
}

/* The first frame of @input as RGBA, to estimate the circles. */
static ScLensProfile *
estimate_from_first_frame (GFile                 *input,
                           const ScStitchOptions *options,
                           GError               **error)
{
  g_autofree char *path = g_file_get_path (input);
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GError) local_error = NULL;
  ScLensProfile *profile = NULL;
  GstVideoInfo info;
  GstMapInfo map;
  GstBuffer *buffer;

  pipeline = gst_parse_launch ("filesrc name=src ! qtdemux ! decodebin ! " DECODE_TO_RGBA
                               " ! appsink name=sink sync=false",
                               &local_error);
  if (pipeline == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Videos cannot be decoded here (%s). Install the GStreamer plugins."),
                   local_error->message);
      return NULL;
    }
  gst_object_ref_sink (pipeline);
  {
    g_autoptr(GstElement) src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
    g_object_set (src, "location", path, NULL);
  }
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PAUSED);
  sample = gst_app_sink_try_pull_preroll (GST_APP_SINK (sink), 30 * GST_SECOND);
  if (sample == NULL ||
      !gst_video_info_from_caps (&info, gst_sample_get_caps (sample)) ||
      (buffer = gst_sample_get_buffer (sample)) == NULL ||
      !gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      gst_element_set_state (pipeline, GST_STATE_NULL);
      set_invalid_data (error, input, "no first frame");
      return NULL;
    }
  profile = sc_lens_profile_estimate (map.data, GST_VIDEO_INFO_WIDTH (&info),
                                      GST_VIDEO_INFO_HEIGHT (&info),
                                      GST_VIDEO_INFO_PLANE_STRIDE (&info, 0),
                                      options->fov_deg > 0 ? options->fov_deg : DEFAULT_FOV_DEG,
                                      error);
  if (profile != NULL)
    sc_lens_profile_ensure_gains (profile, map.data, GST_VIDEO_INFO_WIDTH (&info),
                                  GST_VIDEO_INFO_HEIGHT (&info),
                                  GST_VIDEO_INFO_PLANE_STRIDE (&info, 0));
  gst_buffer_unmap (buffer, &map);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return profile;
}

/* The profile asked for; else "<stem>.lens.json" next to the input (the
 * emulator writes these); else circles found in the first frame. */
static ScLensProfile *
choose_profile (GFile                 *input,
                const ScStitchOptions *options,
                GError               **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (input);
  g_autofree char *base = g_file_get_basename (input);
  g_autofree char *sidecar_name = NULL;
  g_autoptr(GFile) sidecar = NULL;
  char *contents = NULL;
  gsize len = 0;
  char *dot;

  if (options->profile != NULL && *options->profile != '\0')
    return sc_lens_profile_load (options->profile, error);

  if ((dot = strrchr (base, '.')) != NULL && dot != base)
    *dot = '\0';
  sidecar_name = g_strconcat (base, ".lens.json", NULL);
  sidecar = parent != NULL ? g_file_get_child (parent, sidecar_name) : NULL;
  if (sidecar != NULL && options->fov_deg <= 0 &&
      g_file_load_contents (sidecar, NULL, &contents, &len, NULL, NULL))
    {
      g_autoptr(GError) local_error = NULL;
      ScLensProfile *profile = sc_lens_profile_new_from_data (contents, len, &local_error);

      g_free (contents);
      if (profile != NULL)
        {
          g_debug ("Using the lens model in %s", sidecar_name);
          return profile;
        }
      g_debug ("Ignoring %s: %s", sidecar_name, local_error->message);
    }

  return estimate_from_first_frame (input, options, error);
}

/* --- the pipeline --------------------------------------------------------- */

typedef struct
{
  GstElement *pipeline;
  GstElement *mux;
} Pipeline;

static const char *
audio_parser_for (GstCaps *caps)
{
  GstStructure *s = gst_caps_get_structure (caps, 0);
  const char *name = gst_structure_get_name (s);
  int version = 0;

  if (g_str_equal (name, "audio/mpeg"))
    {
      gst_structure_get_int (s, "mpegversion", &version);
      return version == 1 ? "mpegaudioparse" : "aacparse";
    }
  if (g_str_equal (name, "audio/x-opus"))
    return "opusparse";
  if (g_str_equal (name, "audio/x-ac3"))
    return "ac3parse";

  return NULL;
}

/* Audio tracks go to the muxer as they are. */
static void
on_pad_added (GstElement *demux,
              GstPad     *pad,
              gpointer    user_data)
{
  Pipeline *p = user_data;
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  g_autofree char *name = gst_pad_get_name (pad);
  g_autoptr(GstPad) sink_pad = NULL;
  GstElement *queue, *parser = NULL;
  const char *parser_name;

  if (!g_str_has_prefix (name, "audio_"))
    return;
  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);

  queue = gst_element_factory_make ("queue", NULL);
  if ((parser_name = audio_parser_for (caps)) != NULL)
    parser = gst_element_factory_make (parser_name, NULL);
  if (parser == NULL)
    {
      /* A codec the muxer cannot take: the video goes without it. */
      g_debug ("Dropping the audio track %s", name);
      gst_object_unref (queue);
      queue = gst_element_factory_make ("fakesink", NULL);
      g_object_set (queue, "sync", FALSE, "async", FALSE, NULL);
      gst_bin_add (GST_BIN (p->pipeline), queue);
      gst_element_sync_state_with_parent (queue);
      sink_pad = gst_element_get_static_pad (queue, "sink");
      gst_pad_link (pad, sink_pad);
      return;
    }

  gst_bin_add_many (GST_BIN (p->pipeline), queue, parser, NULL);
  if (!gst_element_link (queue, parser) ||
      !gst_element_link_pads (parser, "src", p->mux, "audio_%u"))
    g_warning ("Could not link the audio track %s", name);
  gst_element_sync_state_with_parent (parser);
  gst_element_sync_state_with_parent (queue);
  sink_pad = gst_element_get_static_pad (queue, "sink");
  if (gst_pad_link (pad, sink_pad) != GST_PAD_LINK_OK)
    g_warning ("Could not link the audio track %s", name);
}

static char *
pipeline_description (gboolean gl,
                      int      width)
{
  g_autofree char *size = width > 0 ? g_strdup_printf (",width=%d,height=%d", width, width / 2)
                                    : g_strdup ("");

  return g_strdup_printf ("filesrc name=src ! qtdemux name=demux"
                          " demux.video_0 ! queue ! decodebin ! " DECODE_TO_RGBA
                          " ! %s%s ! %s videoconvert"
                          " ! video/x-raw,format=I420 ! x264enc speed-preset=veryfast"
                          " ! h264parse ! queue ! mp4mux name=mux ! filesink name=sink",
                          gl ? "glupload ! scglstitch name=stitch ! video/x-raw(memory:GLMemory)"
                             : "scstitch name=stitch ! video/x-raw",
                          size, gl ? "gldownload !" : "");
}

static void
report (ScVideoStitchProgress progress,
        gpointer              user_data,
        double                fraction)
{
  if (progress != NULL)
    progress (CLAMP (fraction, 0.0, 1.0), user_data);
}

/* Runs @p to the end; FALSE with the error (cancelled, damaged input or a
 * pipeline failure). */
static gboolean
run (Pipeline              *p,
     GFile                 *input,
     GCancellable          *cancellable,
     ScVideoStitchProgress  progress,
     gpointer               user_data,
     GError               **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (p->pipeline);
  gboolean ret = FALSE;

  if (gst_element_set_state (p->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      if (msg != NULL)
        {
          g_autoptr(GError) bus_error = NULL;

          gst_message_parse_error (msg, &bus_error, NULL);
          set_invalid_data (error, input, bus_error->message);
        }
      else
        set_invalid_data (error, input, "the pipeline did not start");
      return FALSE;
    }

  for (;;)
    {
      g_autoptr(GstMessage) msg = NULL;
      gint64 position = 0, duration = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;

      msg = gst_bus_timed_pop_filtered (bus, BUS_POLL, GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
      if (msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS)
        {
          ret = TRUE;
          break;
        }
      if (msg != NULL)
        {
          g_autoptr(GError) bus_error = NULL;
          g_autofree char *debug = NULL;

          gst_message_parse_error (msg, &bus_error, &debug);
          g_debug ("%s: %s (%s)", GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)),
                   bus_error->message, debug != NULL ? debug : "");
          if (bus_error->domain == GST_STREAM_ERROR)
            set_invalid_data (error, input, bus_error->message);
          else
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         _("The video could not be stitched (%s). Try the CPU path or another video."),
                         bus_error->message);
          break;
        }

      if (gst_element_query_position (p->pipeline, GST_FORMAT_TIME, &position) &&
          gst_element_query_duration (p->pipeline, GST_FORMAT_TIME, &duration) &&
          duration > 0)
        report (progress, user_data, 0.95 * position / (double) duration);
    }

  gst_element_set_state (p->pipeline, GST_STATE_NULL);
  return ret;
}

/**
 * sc_video_stitch:
 * @input: a dual-fisheye MP4 or MOV video
 * @output: where to write the equirectangular MP4 (must not exist)
 * @options: how to stitch (profile, fov_deg, width, blend_deg, yaw/pitch/roll, path)
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable) (scope call): progress, from this thread
 * @user_data: data for @progress
 * @used_path: (out) (optional): the path that ran
 * @reason: (out) (optional) (transfer full): why that path
 * @error: return location for a #GError
 *
 * Stitches every frame of @input into an H.264 equirectangular video with
 * the spherical video metadata (V1 and V2); audio tracks are copied, not
 * re-encoded. The lens profile is @options's, else "<stem>.lens.json"
 * next to @input, else estimated from the first frame. A damaged input
 * fails with %G_IO_ERROR_INVALID_DATA, an existing @output with
 * %G_IO_ERROR_EXISTS; on failure nothing is left behind. Blocks; call it
 * from a worker thread.
 *
 * Returns: %TRUE when @output was written
 */
gboolean
sc_video_stitch (GFile                  *input,
                 GFile                  *output,
                 const ScStitchOptions  *options,
                 GCancellable           *cancellable,
                 ScVideoStitchProgress   progress,
                 gpointer                user_data,
                 ScStitchPath           *used_path,
                 char                  **reason,
                 GError                **error)
{
  g_autoptr(GFile) directory = NULL;
  g_autoptr(ScLensProfile) profile = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFile) tmp_file = NULL;
  g_autofree char *in_path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *templ = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *description = NULL;
  g_autofree char *why = NULL;
  ScSphericalVideo video;
  Pipeline p = { 0 };
  ScStitchPath path;
  gboolean ret = FALSE;
  int fd;

  g_return_val_if_fail (G_IS_FILE (input), FALSE);
  g_return_val_if_fail (G_IS_FILE (output), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sc_permissions_check (sc_permissions_get_default (), SC_PERMISSION_STORAGE, error))
    return FALSE;

  in_path = g_file_get_path (input);
  directory = g_file_get_parent (output);
  name = g_file_get_basename (output);
  dir = directory != NULL ? g_file_get_path (directory) : NULL;
  if (in_path == NULL || dir == NULL || name == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Stitched videos can only be made from and saved in local folders. Choose a local file."));
      return FALSE;
    }
  if (!g_file_query_exists (input, cancellable))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("“%s” does not exist. Choose another video."), in_path);
      return FALSE;
    }
  if (g_file_query_exists (output, cancellable))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("“%s” already exists. Choose another name or delete that file."), name);
      return FALSE;
    }

  if (!(profile = choose_profile (input, options, error)))
    return FALSE;
  report (progress, user_data, 0.0);

  switch (options->path)
    {
    case SC_STITCH_PATH_CPU:
      path = SC_STITCH_PATH_CPU;
      why = g_strdup (_("The CPU path was chosen."));
      break;
    case SC_STITCH_PATH_GPU:
      path = SC_STITCH_PATH_GPU;
      if (!sc_gl_stitch_should_use_gl (TRUE, &why))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("The GPU path is not available (%s). Use the CPU path instead."),
                       why != NULL ? why : "");
          return FALSE;
        }
      break;
    case SC_STITCH_PATH_AUTO:
    default:
      path = sc_gl_stitch_should_use_gl (FALSE, &why) ? SC_STITCH_PATH_GPU : SC_STITCH_PATH_CPU;
      break;
    }

  description = pipeline_description (path == SC_STITCH_PATH_GPU,
                                      options->width > 0 ? MAX (2, options->width & ~1) : 0);
  p.pipeline = gst_parse_launch (description, &local_error);
  if (p.pipeline == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Videos cannot be stitched here (%s). Install the GStreamer plugins (x264enc, mp4mux)."),
                   local_error->message);
      return FALSE;
    }
  gst_object_ref_sink (p.pipeline);

  templ = g_strdup_printf (".%s.XXXXXX.stitch", name);
  tmp_path = g_build_filename (dir, templ, NULL);
  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write in “%s”: %s. Choose another folder."),
                   dir, g_strerror (saved_errno));
      gst_object_unref (p.pipeline);
      return FALSE;
    }
  close (fd);

  {
    g_autoptr(GstElement) src = gst_bin_get_by_name (GST_BIN (p.pipeline), "src");
    g_autoptr(GstElement) sink = gst_bin_get_by_name (GST_BIN (p.pipeline), "sink");
    g_autoptr(GstElement) stitch = gst_bin_get_by_name (GST_BIN (p.pipeline), "stitch");
    g_autoptr(GstElement) demux = gst_bin_get_by_name (GST_BIN (p.pipeline), "demux");

    p.mux = gst_bin_get_by_name (GST_BIN (p.pipeline), "mux");
    g_object_set (src, "location", in_path, NULL);
    g_object_set (sink, "location", tmp_path, "sync", FALSE, NULL);
    g_object_set (stitch,
                  "profile", profile,
                  "blend-width", options->blend_deg >= 0 ? options->blend_deg : SC_STITCH_DEFAULT_BLEND_DEG,
                  "yaw", options->yaw_deg,
                  "pitch", options->pitch_deg,
                  "roll", options->roll_deg,
                  NULL);
    g_signal_connect (demux, "pad-added", G_CALLBACK (on_pad_added), &p);
  }

  if (!run (&p, input, cancellable, progress, user_data, error))
    goto out;

  tmp_file = g_file_new_for_path (tmp_path);
  sc_spherical_video_init_default (&video);
  video.stitching_software = "Spherecam";
  if (!sc_spherical_mp4_write (tmp_file, &video, cancellable, error))
    goto out;
  /* sc_spherical_mp4_write() rewrote the file and synced it. */
  if (g_chmod (tmp_path, 0644) != 0)
    g_debug ("chmod %s: %s", tmp_path, g_strerror (errno));
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  {
    int saved_errno = 0;
    g_autofree char *final_path = _sc_file_publish (tmp_path, dir, name, FALSE, &saved_errno);

    if (final_path == NULL)
      {
        if (saved_errno == EEXIST)
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("“%s” already exists. Choose another name or delete that file."), name);
        else
          _sc_geotag_set_io_error_from_errno (error, saved_errno,
                                              _("Could not save the stitched video."));
        goto out;
      }
  }

  g_info ("Stitched %s on the %s path: %s", in_path, sc_stitch_path_to_string (path),
          why != NULL ? why : "");
  report (progress, user_data, 1.0);
  if (used_path != NULL)
    *used_path = path;
  if (reason != NULL)
    *reason = g_steal_pointer (&why);
  ret = TRUE;

out:
  gst_element_set_state (p.pipeline, GST_STATE_NULL);
  g_clear_object (&p.mux);
  g_clear_object (&p.pipeline);
  g_unlink (tmp_path);
  return ret;
}
