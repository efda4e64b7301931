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
 *     ! (hardware H.264 encoder | x264enc) ! h264parse ! mp4mux ! filesink
 *                     └ audio ─ queue ! parser ! mp4mux (not re-encoded)
 *
 * The file goes to a hidden temporary file next to the output, gets the
 * spherical video metadata (sc-spherical-mp4.h), is synced and linked to
 * the output name, which is never replaced. The temporary file is always
 * removed.
 *
 * What the automatic choices chose is retried without them when the
 * pipeline fails: GL (chosen on a hardware renderer, or always tried first
 * with SPHERECAM_STITCH_GL=prefer) falls back to the CPU element, a
 * hardware encoder to x264enc; the reason goes to the log and the result.
 * Asked for explicitly (SC_STITCH_PATH_GPU, a named encoder), they fail
 * with a clear error instead.
 */

#define G_LOG_DOMAIN "sc-video-stitch"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
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
#include "sc-video-stitch-private.h"

#define DEFAULT_FOV_DEG 200.0
#define BUS_POLL        (100 * GST_MSECOND)
#define X264_FACTORY    "x264enc"
/* "prefer": the automatic path tries GL first, without asking the renderer
 * (GL on a software renderer, or GL the probe misjudges), and falls back
 * to the CPU when it fails. */
#define GL_ENV          "SPHERECAM_STITCH_GL"

/* Tried in this order by the automatic encoder choice. */
static const char * const hardware_encoders[] = {
  "nvh264enc", "vah264enc", "vah264lpenc", "vaapih264enc", "qsvh264enc",
  "msdkh264enc", "v4l2h264enc", NULL
};

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

typedef struct
{
  GstElement   *pipeline;
  GstSample    *sample;
  GstBuffer    *buffer;
  GstMapInfo    map;
  GstVideoInfo  info;
  gboolean      mapped;
} FirstFrame;

static void
first_frame_clear (FirstFrame *frame)
{
  if (frame->mapped)
    gst_buffer_unmap (frame->buffer, &frame->map);
  frame->mapped = FALSE;
  frame->buffer = NULL;
  g_clear_pointer (&frame->sample, gst_sample_unref);
  if (frame->pipeline != NULL)
    gst_element_set_state (frame->pipeline, GST_STATE_NULL);
  g_clear_object (&frame->pipeline);
}

/* Decodes the first frame of @input as RGBA into @frame (clear it with
 * first_frame_clear() in every case). */
static gboolean
first_frame_open (FirstFrame  *frame,
                  GFile       *input,
                  GError     **error)
{
  g_autofree char *path = g_file_get_path (input);
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GError) local_error = NULL;

  frame->pipeline = gst_parse_launch ("filesrc name=src ! qtdemux ! decodebin ! " DECODE_TO_RGBA
                                      " ! appsink name=sink sync=false",
                                      &local_error);
  if (frame->pipeline == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Videos cannot be decoded here (%s). Install the GStreamer plugins."),
                   local_error->message);
      return FALSE;
    }
  gst_object_ref_sink (frame->pipeline);
  src = gst_bin_get_by_name (GST_BIN (frame->pipeline), "src");
  g_object_set (src, "location", path, NULL);
  sink = gst_bin_get_by_name (GST_BIN (frame->pipeline), "sink");
  gst_element_set_state (frame->pipeline, GST_STATE_PAUSED);
  frame->sample = gst_app_sink_try_pull_preroll (GST_APP_SINK (sink), 30 * GST_SECOND);
  if (frame->sample == NULL ||
      !gst_video_info_from_caps (&frame->info, gst_sample_get_caps (frame->sample)) ||
      (frame->buffer = gst_sample_get_buffer (frame->sample)) == NULL ||
      !gst_buffer_map (frame->buffer, &frame->map, GST_MAP_READ))
    {
      set_invalid_data (error, input, "no first frame");
      return FALSE;
    }
  frame->mapped = TRUE;
  return TRUE;
}

/* A copy of @profile at @frame's size with the lenses' exposure matched on
 * @frame when @profile has no gains (as the photo path does). */
static ScLensProfile *
match_gains (ScLensProfile    *profile,
             const FirstFrame *frame)
{
  int width = GST_VIDEO_INFO_WIDTH (&frame->info);
  int height = GST_VIDEO_INFO_HEIGHT (&frame->info);
  g_autoptr(ScLensProfile) scaled = sc_lens_profile_scale (profile, width, height);
  ScLensProfile *copy = sc_lens_profile_copy (scaled);

  sc_lens_profile_ensure_gains (copy, frame->map.data, width, height,
                                GST_VIDEO_INFO_PLANE_STRIDE (&frame->info, 0));
  if (sc_lens_profile_has_gains (copy))
    g_info ("Exposure matched on the first frame: back lens gain %.3f, front %.3f",
            copy->lenses[SC_LENS_BACK].gain, copy->lenses[SC_LENS_FRONT].gain);
  return copy;
}

/* The profile asked for; else "<stem>.lens.json" next to the input (the
 * emulator writes these); else circles found in the first frame. A
 * profile without gains gets them from the first frame. */
static ScLensProfile *
choose_profile (GFile                 *input,
                const ScStitchOptions *options,
                GError               **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (input);
  g_autofree char *base = g_file_get_basename (input);
  g_autofree char *sidecar_name = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(ScLensProfile) profile = NULL;
  FirstFrame frame = { 0 };
  ScLensProfile *ret = NULL;
  char *contents = NULL;
  gsize len = 0;
  char *dot;

  if (options->profile != NULL && *options->profile != '\0')
    {
      if (!(profile = sc_lens_profile_load (options->profile, error)))
        return NULL;
    }
  else
    {
      if ((dot = strrchr (base, '.')) != NULL && dot != base)
        *dot = '\0';
      sidecar_name = g_strconcat (base, ".lens.json", NULL);
      sidecar = parent != NULL ? g_file_get_child (parent, sidecar_name) : NULL;
      if (sidecar != NULL && options->fov_deg <= 0 &&
          g_file_load_contents (sidecar, NULL, &contents, &len, NULL, NULL))
        {
          g_autoptr(GError) local_error = NULL;

          profile = sc_lens_profile_new_from_data (contents, len, &local_error);
          g_free (contents);
          if (profile != NULL)
            g_debug ("Using the lens model in %s", sidecar_name);
          else
            g_debug ("Ignoring %s: %s", sidecar_name, local_error->message);
        }
    }

  if (profile != NULL && sc_lens_profile_has_gains (profile))
    return g_steal_pointer (&profile);

  if (!first_frame_open (&frame, input, error))
    goto out;

  if (profile != NULL)
    {
      ret = match_gains (profile, &frame);
    }
  else if ((profile = sc_lens_profile_estimate (frame.map.data, GST_VIDEO_INFO_WIDTH (&frame.info),
                                                GST_VIDEO_INFO_HEIGHT (&frame.info),
                                                GST_VIDEO_INFO_PLANE_STRIDE (&frame.info, 0),
                                                options->fov_deg > 0 ? options->fov_deg : DEFAULT_FOV_DEG,
                                                error)) != NULL)
    {
      ret = match_gains (profile, &frame);
    }

out:
  first_frame_clear (&frame);
  return ret;
}

/* --- the encoder ---------------------------------------------------------- */

/* Whether @name is installed and its element reaches READY (a hardware
 * encoder without its device does not). */
static gboolean
encoder_starts (const char *name)
{
  g_autoptr(GstElementFactory) factory = gst_element_factory_find (name);
  GstElement *element;
  gboolean ret;

  if (factory == NULL || (element = gst_element_factory_create (factory, NULL)) == NULL)
    return FALSE;
  gst_object_ref_sink (element);
  ret = gst_element_set_state (element, GST_STATE_READY) != GST_STATE_CHANGE_FAILURE;
  gst_element_set_state (element, GST_STATE_NULL);
  gst_object_unref (element);

  return ret;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/**
 * sc_video_stitch_list_encoders:
 *
 * The H.264 video encoders GStreamer has installed (factory names, sorted),
 * whether or not they work on this machine.
 *
 * Returns: (transfer full): a %NULL-terminated array of factory names
 */
char **
sc_video_stitch_list_encoders (void)
{
  g_autoptr(GstCaps) h264 = gst_caps_new_empty_simple ("video/x-h264");
  GList *all = gst_element_factory_list_get_elements (GST_ELEMENT_FACTORY_TYPE_VIDEO_ENCODER,
                                                      GST_RANK_NONE);
  GList *encoders = gst_element_factory_list_filter (all, h264, GST_PAD_SRC, FALSE);
  GPtrArray *names = g_ptr_array_new ();

  for (GList *l = encoders; l != NULL; l = l->next)
    g_ptr_array_add (names, g_strdup (gst_plugin_feature_get_name (l->data)));
  gst_plugin_feature_list_free (encoders);
  gst_plugin_feature_list_free (all);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return (char **)g_ptr_array_free (names, FALSE);
}

static gboolean
is_auto_encoder (const char *encoder)
{
  return encoder == NULL || *encoder == '\0' || g_str_equal (encoder, "auto");
}

/**
 * sc_video_stitch_choose_encoder:
 * @encoder: (nullable): %NULL or "auto", "x264", or an encoder factory name
 *   (#ScStitchOptions.encoder)
 * @factory: (out) (optional) (transfer full): the factory to use
 * @hardware: (out) (optional): whether it is a hardware encoder
 * @error: return location for a #GError
 *
 * Resolves @encoder: "auto" is the first hardware H.264 encoder GStreamer
 * offers whose element starts (vah264enc, vaapih264enc, nvh264enc,
 * qsvh264enc, v4l2h264enc…), else x264enc. A name that is not an installed
 * H.264 encoder fails with %G_IO_ERROR_NOT_FOUND (the message lists the
 * installed ones), one that does not start here with
 * %G_IO_ERROR_NOT_SUPPORTED.
 *
 * Returns: %TRUE with @factory set
 */
gboolean
sc_video_stitch_choose_encoder (const char  *encoder,
                                char       **factory,
                                gboolean    *hardware,
                                GError     **error)
{
  g_auto(GStrv) installed = NULL;
  const char *name;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (is_auto_encoder (encoder))
    {
      for (guint i = 0; hardware_encoders[i] != NULL; i++)
        if (encoder_starts (hardware_encoders[i]))
          {
            if (factory != NULL)
              *factory = g_strdup (hardware_encoders[i]);
            if (hardware != NULL)
              *hardware = TRUE;
            return TRUE;
          }
      name = X264_FACTORY;
    }
  else if (g_str_equal (encoder, "x264"))
    name = X264_FACTORY;
  else
    name = encoder;

  installed = sc_video_stitch_list_encoders ();
  if (!g_strv_contains ((const char * const *)installed, name))
    {
      g_autofree char *list = installed[0] != NULL ? g_strjoinv (", ", installed)
                                                   : g_strdup (_("none"));

      if (g_str_equal (name, X264_FACTORY))
        /* Translators: %s lists GStreamer element names */
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("The x264 encoder is not installed. Install GStreamer’s x264 plugin "
                       "(gstreamer1.0-plugins-ugly) or choose an installed H.264 encoder: %s."),
                     list);
      else
        /* Translators: the first %s is what the user asked for, the second lists GStreamer element names */
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("“%s” is not an H.264 encoder installed here. Choose auto, x264 or one "
                       "of the installed H.264 encoders: %s."),
                     name, list);
      return FALSE;
    }

  if (!encoder_starts (name))
    {
      /* Translators: %s is a GStreamer element name */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The encoder “%s” does not start on this machine (no device or driver for "
                     "it). Choose auto or x264."),
                   name);
      return FALSE;
    }

  if (factory != NULL)
    *factory = g_strdup (name);
  if (hardware != NULL)
    *hardware = g_strv_contains (hardware_encoders, name);
  return TRUE;
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
pipeline_description (gboolean    gl,
                      int         width,
                      const char *encoder)
{
  g_autofree char *size = width > 0 ? g_strdup_printf (",width=%d,height=%d", width, width / 2)
                                    : g_strdup ("");
  /* @encoder is an installed factory name (sc_video_stitch_choose_encoder()). */
  g_autofree char *encode = g_str_equal (encoder, X264_FACTORY)
    ? g_strdup ("video/x-raw,format=I420 ! " X264_FACTORY " name=encoder speed-preset=veryfast")
    : g_strdup_printf ("%s name=encoder", encoder);

  return g_strdup_printf ("filesrc name=src ! qtdemux name=demux"
                          " demux.video_0 ! queue ! decodebin ! " DECODE_TO_RGBA
                          " ! %s%s ! %s videoconvert ! %s"
                          " ! h264parse ! queue ! mp4mux name=mux ! filesink name=sink",
                          gl ? "glupload name=upload ! scglstitch name=stitch ! video/x-raw(memory:GLMemory)"
                             : "scstitch name=stitch ! video/x-raw",
                          size, gl ? "gldownload name=download !" : "", encode);
}

typedef struct
{
  ScVideoStitchProgress  progress;
  gpointer               user_data;
  double                 last;
} Progress;

/* Never backwards, also when a retry starts again. */
static void
report (Progress *progress,
        double    fraction)
{
  fraction = CLAMP (fraction, 0.0, 1.0);
  if (progress->progress != NULL && fraction >= progress->last)
    {
      progress->last = fraction;
      progress->progress (fraction, progress->user_data);
    }
}

typedef enum
{
  FAILED_OTHER,
  FAILED_GL,
  FAILED_ENCODER,
} Failure;

/* Which part of the pipeline posted @msg. */
static Failure
failure_of (GstMessage *msg)
{
  const char *name = GST_MESSAGE_SRC (msg) != NULL ? GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)) : NULL;

  if (g_strcmp0 (name, "upload") == 0 || g_strcmp0 (name, "download") == 0 ||
      (g_strcmp0 (name, "stitch") == 0 && g_str_has_prefix (G_OBJECT_TYPE_NAME (GST_MESSAGE_SRC (msg)), "ScGl")))
    return FAILED_GL;
  if (g_strcmp0 (name, "encoder") == 0)
    return FAILED_ENCODER;
  return FAILED_OTHER;
}

/* Sets @error from the bus error @msg (or a pipeline that did not start
 * without one) and returns which part failed. */
static Failure
set_pipeline_error (GError     **error,
                    GFile       *input,
                    GstMessage  *msg)
{
  g_autoptr(GError) bus_error = NULL;
  g_autofree char *debug = NULL;

  if (msg == NULL)
    {
      set_invalid_data (error, input, "the pipeline did not start");
      return FAILED_OTHER;
    }

  gst_message_parse_error (msg, &bus_error, &debug);
  g_debug ("%s: %s (%s)", GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)),
           bus_error->message, debug != NULL ? debug : "");
  if (bus_error->domain == GST_STREAM_ERROR && failure_of (msg) == FAILED_OTHER)
    set_invalid_data (error, input, bus_error->message);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("The video could not be stitched (%s). Try the CPU path or another video."),
                 bus_error->message);

  return failure_of (msg);
}

/* Runs @p to the end; FALSE with the error (cancelled, damaged input or a
 * pipeline failure) and in @failure which part failed. */
static gboolean
run (Pipeline      *p,
     GFile         *input,
     GCancellable  *cancellable,
     Progress      *progress,
     Failure       *failure,
     GError       **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (p->pipeline);
  gboolean ret = FALSE;

  *failure = FAILED_OTHER;

  if (gst_element_set_state (p->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      *failure = set_pipeline_error (error, input, msg);
      gst_element_set_state (p->pipeline, GST_STATE_NULL);
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
          *failure = set_pipeline_error (error, input, msg);
          break;
        }

      if (gst_element_query_position (p->pipeline, GST_FORMAT_TIME, &position) &&
          gst_element_query_duration (p->pipeline, GST_FORMAT_TIME, &duration) &&
          duration > 0)
        report (progress, 0.95 * position / (double) duration);
    }

  gst_element_set_state (p->pipeline, GST_STATE_NULL);
  return ret;
}

static void
pipeline_clear (Pipeline *p)
{
  if (p->pipeline != NULL)
    gst_element_set_state (p->pipeline, GST_STATE_NULL);
  g_clear_object (&p->mux);
  g_clear_object (&p->pipeline);
}

/* Builds the pipeline for one attempt into @p. */
static gboolean
build_pipeline (Pipeline              *p,
                gboolean               gl,
                const char            *encoder,
                const char            *in_path,
                const char            *tmp_path,
                ScLensProfile         *profile,
                ScMadvLut             *lut,
                GBytes                *track,
                const ScStitchOptions *options,
                double                 pitch_deg,
                double                 roll_deg,
                GError               **error)
{
  g_autofree char *description = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstElement) stitch = NULL;
  g_autoptr(GstElement) demux = NULL;

  description = pipeline_description (gl, options->width > 0 ? MAX (2, options->width & ~1) : 0,
                                      encoder);
  p->pipeline = gst_parse_launch (description, &local_error);
  if (p->pipeline == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Videos cannot be stitched here (%s). Install the GStreamer plugins (x264enc, mp4mux)."),
                   local_error->message);
      return FALSE;
    }
  gst_object_ref_sink (p->pipeline);

  src = gst_bin_get_by_name (GST_BIN (p->pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (p->pipeline), "sink");
  stitch = gst_bin_get_by_name (GST_BIN (p->pipeline), "stitch");
  demux = gst_bin_get_by_name (GST_BIN (p->pipeline), "demux");
  p->mux = gst_bin_get_by_name (GST_BIN (p->pipeline), "mux");
  g_object_set (src, "location", in_path, NULL);
  /* filesink truncates: a retry starts the file again. */
  g_object_set (sink, "location", tmp_path, "sync", FALSE, NULL);
  g_object_set (stitch,
                "profile", profile,
                "blend-width", options->blend_deg >= 0 ? options->blend_deg : SC_STITCH_DEFAULT_BLEND_DEG,
                "yaw", options->yaw_deg,
                "pitch", pitch_deg,
                "roll", roll_deg,
                NULL);
  /* Only the CPU element reads a Mi Sphere's lens table and per-frame
   * gravity data (the GL path is not chosen for such files). */
  if (!gl && lut != NULL)
    g_object_set (stitch, "lut", lut, NULL);
  if (!gl && track != NULL)
    g_object_set (stitch, "orientation-track", track, NULL);
  g_signal_connect (demux, "pad-added", G_CALLBACK (on_pad_added), p);

  return TRUE;
}

/* The stitcher's orientation for every frame (ScStitchFilter's
 * "orientation-track"): the camera's attitude from its per-frame gravity
 * matrices, then the orientation set by hand. NULL when the video has no
 * such data. */
static GBytes *
madv_orientation_track (GFile                 *input,
                        const ScStitchOptions *options,
                        GCancellable          *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autofree float *gyro = NULL;
  double hand[9];
  double *track;
  guint n = 0;

  gyro = sc_madv_gyro_read_mp4 (input, &n, cancellable, &error);
  if (gyro == NULL || n == 0)
    {
      g_debug ("No per-frame gravity data: %s", error != NULL ? error->message : "none");
      return NULL;
    }

  sc_orientation_matrix (options->yaw_deg, options->pitch_deg, options->roll_deg, hand);
  track = g_new (double, (gsize) n * 9);
  for (guint f = 0; f < n; f++)
    {
      double shot[9];
      double *m = track + (gsize) f * 9;

      /* pose = hand · shot, so orientation = shotᵀ · handᵀ = m_shot · m_hand */
      sc_madv_gyro_to_orientation (gyro + (gsize) f * 9, shot);
      sc_matrix3_multiply (shot, hand, m);
    }

  return g_bytes_new_take (track, (gsize) n * 9 * sizeof (double));
}

/* @angle in [-180, 180]. */
static double
wrap_degrees (double angle)
{
  angle = fmod (angle, 360.0);
  if (angle > 180.0)
    angle -= 360.0;
  else if (angle < -180.0)
    angle += 360.0;
  return angle;
}

gboolean
_sc_video_stitch_run (GFile                  *input,
                      GFile                  *directory,
                      const char             *name,
                      gboolean                unique,
                      const ScStitchOptions  *options,
                      GCancellable           *cancellable,
                      ScVideoStitchProgress   progress_cb,
                      gpointer                user_data,
                      ScStitchPath           *used_path,
                      char                  **reason,
                      GFile                 **output_file,
                      GError                **error)
{
  g_autoptr(ScLensProfile) profile = NULL;
  g_autoptr(ScMadvLut) lut = NULL;
  g_autoptr(GBytes) track = NULL;
  g_autoptr(GFile) output = NULL;
  g_autoptr(GFile) tmp_file = NULL;
  g_autofree char *in_path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *templ = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *why = NULL;
  g_autofree char *encoder = NULL;
  g_autofree char *encoder_why = NULL;
  g_autofree char *final_path = NULL;
  Progress progress = { progress_cb, user_data, 0.0 };
  ScSphericalVideo video;
  Pipeline p = { 0 };
  ScStitchPath path;
  gboolean gl_fallback = FALSE;
  gboolean hardware = FALSE;
  double pitch_deg, roll_deg;
  gboolean ret = FALSE;
  int fd;

  if (!sc_permissions_check (sc_permissions_get_default (), SC_PERMISSION_STORAGE, error))
    return FALSE;

  in_path = g_file_get_path (input);
  dir = g_file_get_path (directory);
  if (in_path == NULL || dir == NULL)
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
  output = g_file_get_child (directory, name);
  if (!unique && g_file_query_exists (output, cancellable))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("“%s” already exists. Choose another name or delete that file."), name);
      return FALSE;
    }

  if (!sc_video_stitch_choose_encoder (options->encoder, &encoder, &hardware, error))
    return FALSE;
  if (!is_auto_encoder (options->encoder))
    /* Translators: %s is a GStreamer element name */
    encoder_why = g_strdup_printf (_("encoded with %s, as asked"), encoder);
  else if (hardware)
    /* Translators: %s is a GStreamer element name */
    encoder_why = g_strdup_printf (_("encoded with the hardware encoder %s"), encoder);
  else
    encoder_why = g_strdup (_("encoded with x264enc: no hardware H.264 encoder works here"));

  if (!(profile = choose_profile (input, options, error)))
    return FALSE;
  /* A Mi Sphere's video carries its lens table (the madv box's lutz) and
   * its attitude per frame (tlyd/GYRA): better than any lens model,
   * unless the user chose a profile or a field of view. */
  if ((options->profile == NULL || *options->profile == '\0') && options->fov_deg <= 0)
    lut = sc_madv_lut_load_if_any (input, cancellable);
  if (options->level && lut != NULL)
    track = madv_orientation_track (input, options, cancellable);
  report (&progress, 0.0);

  pitch_deg = options->pitch_deg;
  roll_deg = options->roll_deg;
  if (track != NULL)
    g_info ("Levelling every frame with the camera's gravity data");
  else if (options->level && profile->has_pose)
    {
      g_info ("Levelling with the camera's pose: pitch %.2f°, roll %.2f°",
              profile->pose_pitch_deg, profile->pose_roll_deg);
      pitch_deg = wrap_degrees (pitch_deg + profile->pose_pitch_deg);
      roll_deg = wrap_degrees (roll_deg + profile->pose_roll_deg);
    }
  else if (options->level)
    g_info ("%s has no gravity data: the horizon is not levelled", in_path);

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
      if (g_strcmp0 (g_getenv (GL_ENV), "prefer") == 0)
        {
          path = SC_STITCH_PATH_GPU;
          why = g_strdup (_("OpenGL is preferred (SPHERECAM_STITCH_GL=prefer)"));
        }
      else
        path = sc_gl_stitch_should_use_gl (FALSE, &why) ? SC_STITCH_PATH_GPU : SC_STITCH_PATH_CPU;
      gl_fallback = path == SC_STITCH_PATH_GPU;
      break;
    }
  if (lut != NULL)
    {
      if (options->path == SC_STITCH_PATH_GPU)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Videos stitched with the camera’s own lens table are stitched on the CPU only. Use the CPU path."));
          return FALSE;
        }
      path = SC_STITCH_PATH_CPU;
      gl_fallback = FALSE;
      g_free (why);
      why = g_strdup (_("Stitched on the CPU with the camera’s own lens table (LUT)."));
    }

  templ = g_strdup_printf (".%s.XXXXXX.stitch", name);
  tmp_path = g_build_filename (dir, templ, NULL);
  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write in “%s”: %s. Choose another folder."),
                   dir, g_strerror (saved_errno));
      g_clear_pointer (&tmp_path, g_free);
      return FALSE;
    }
  close (fd);

  /* At most three attempts: as chosen, then without what the automatic
   * choices added (GL, a hardware encoder) when that part failed. */
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      Failure failure = FAILED_OTHER;

      if (!build_pipeline (&p, path == SC_STITCH_PATH_GPU, encoder, in_path, tmp_path, profile,
                           lut, track, options, pitch_deg, roll_deg, error))
        goto out;
      if (run (&p, input, cancellable, &progress, &failure, &local_error))
        break;
      pipeline_clear (&p);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto out;
        }

      if (hardware && is_auto_encoder (options->encoder) &&
          (failure == FAILED_ENCODER || !gl_fallback))
        {
          g_message ("The hardware encoder %s failed, encoding with x264enc: %s",
                     encoder, local_error->message);
          g_free (encoder_why);
          /* Translators: the first %s is a GStreamer element name, the second the error */
          encoder_why = g_strdup_printf (_("the hardware encoder %s failed (%s): encoded with x264enc"),
                                         encoder, local_error->message);
          g_free (encoder);
          encoder = g_strdup (X264_FACTORY);
          hardware = FALSE;
        }
      else if (gl_fallback)
        {
          g_message ("The GL stitcher failed, stitching on the CPU: %s", local_error->message);
          g_free (why);
          /* Translators: %s is the error */
          why = g_strdup_printf (_("The GPU stitcher failed (%s): stitched on the CPU instead"),
                                 local_error->message);
          path = SC_STITCH_PATH_CPU;
          gl_fallback = FALSE;
        }
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto out;
        }
    }

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

    final_path = _sc_file_publish (tmp_path, dir, name, unique, &saved_errno);
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

  {
    g_autofree char *full = NULL;
    gsize len = why != NULL ? strlen (why) : 0;

    /* One sentence: the path's reason loses its full stop */
    if (len > 0 && why[len - 1] == '.')
      why[len - 1] = '\0';
    /* Translators: the path's reason, then how the video was encoded */
    full = g_strdup_printf (_("%s; %s."), why != NULL ? why : "", encoder_why);
    g_info ("Stitched %s to %s on the %s path with %s: %s", in_path, final_path,
            sc_stitch_path_to_string (path), encoder, full);
    g_free (why);
    why = g_steal_pointer (&full);
  }
  report (&progress, 1.0);
  if (used_path != NULL)
    *used_path = path;
  if (reason != NULL)
    *reason = g_steal_pointer (&why);
  if (output_file != NULL)
    *output_file = g_file_new_for_path (final_path);
  ret = TRUE;

out:
  pipeline_clear (&p);
  if (tmp_path != NULL)
    g_unlink (tmp_path);
  return ret;
}

/**
 * sc_video_stitch:
 * @input: a dual-fisheye MP4 or MOV video
 * @output: where to write the equirectangular MP4 (must not exist)
 * @options: how to stitch (profile, fov_deg, width, blend_deg, level,
 *   yaw/pitch/roll, path, encoder)
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable) (scope call): progress, from this thread
 * @user_data: data for @progress
 * @used_path: (out) (optional): the path that ran
 * @reason: (out) (optional) (transfer full): why that path, and the encoder
 * @error: return location for a #GError
 *
 * Stitches every frame of @input into an H.264 equirectangular video with
 * the spherical video metadata (V1 and V2); audio tracks are copied, not
 * re-encoded. The lens profile is @options's, else "<stem>.lens.json"
 * next to @input, else estimated from the first frame; a profile without
 * gains gets them from the first frame. With @options's level and a
 * profile that has a pose, the pose's pitch and roll are added to the
 * hand-set ones.
 *
 * On the automatic path, a GL stitch that fails is done again on the CPU
 * and an automatically chosen hardware encoder that fails is replaced by
 * x264enc; @reason says so. A damaged input fails with
 * %G_IO_ERROR_INVALID_DATA, an existing @output with %G_IO_ERROR_EXISTS,
 * an unknown encoder with %G_IO_ERROR_NOT_FOUND; on failure nothing is
 * left behind. Blocks; call it from a worker thread.
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
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (input), FALSE);
  g_return_val_if_fail (G_IS_FILE (output), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  directory = g_file_get_parent (output);
  name = g_file_get_basename (output);
  if (directory == NULL || name == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                           _("Choose a file name for the stitched video."));
      return FALSE;
    }

  return _sc_video_stitch_run (input, directory, name, FALSE, options, cancellable,
                               progress, user_data, used_path, reason, NULL, error);
}
