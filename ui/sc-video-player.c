/* sc-video-player.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-video-player"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "sc-ui.h"

/**
 * ScVideoPlayer:
 *
 * Plays a video file into #GdkTexture frames for an #ScViewer: a playbin
 * whose video sink is an appsink asking for RGBA, and whose audio goes to
 * autoaudiosink (fakesink when no audio output works, as in tests).
 *
 * The streaming thread keeps only the newest decoded frame and hands it
 * to the main context of the thread that created the player, where it
 * becomes #ScVideoPlayer:texture (a #GdkMemoryTexture wrapping the
 * decoded buffer, no copy). Frames are never queued, so memory stays flat
 * however long the video is.
 *
 * At the end of the stream the player pauses on the last frame;
 * playing again starts from the beginning. Errors stop the pipeline and
 * set #ScVideoPlayer:error to a message for the user.
 *
 * The first frame of a video without spherical metadata is checked with
 * sc_is_dual_fisheye(): #ScVideoPlayer:dual-fisheye says the video still
 * needs stitching.
 */
struct _ScVideoPlayer
{
  GObject       parent_instance;

  GFile        *file;
  GstElement   *pipeline;
  GMainContext *context;
  GCancellable *cancellable;
  guint         bus_watch;
  guint         position_timeout;

  /* Shared with the streaming thread, under @lock */
  GMutex        lock;
  GstBuffer    *pending;           /* the newest frame, not shown yet */
  GstCaps      *pending_caps;
  GstSegment    pending_segment;
  GSource      *pending_source;
  gboolean      first_checked;
  gboolean      first_result_ready;
  gboolean      first_dual_fisheye;

  GdkTexture   *texture;
  gint64        frame_position;
  gint64        position;
  gint64        duration;
  gint64        pending_seek;      /* -1: none */
  gint          seek_generation;   /* atomic: seeks done, for stale EOS */
  GError       *error;
  guint         playing : 1;
  guint         prerolled : 1;
  guint         ended : 1;
  guint         dual_fisheye : 1;
};

G_DEFINE_FINAL_TYPE (ScVideoPlayer, sc_video_player, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_TEXTURE,
  PROP_PLAYING,
  PROP_POSITION,
  PROP_DURATION,
  PROP_ENDED,
  PROP_DUAL_FISHEYE,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define POSITION_INTERVAL_MS 100

/* --- Frames (streaming thread → main context) --- */

typedef struct
{
  GstBuffer  *buffer;
  GstMapInfo  map;
} MappedFrame;

static void
mapped_frame_free (gpointer data)
{
  MappedFrame *frame = data;

  gst_buffer_unmap (frame->buffer, &frame->map);
  gst_buffer_unref (frame->buffer);
  g_free (frame);
}

/* Wraps an RGBA @buffer (mapped until the texture goes away). */
static GdkTexture *
texture_from_buffer (GstBuffer *buffer,
                     GstCaps   *caps)
{
  g_autoptr(GBytes) bytes = NULL;
  MappedFrame *frame;
  GstVideoInfo info;
  gsize offset, stride, size;
  int width, height;

  if (buffer == NULL || caps == NULL || !gst_video_info_from_caps (&info, caps))
    return NULL;

  width = GST_VIDEO_INFO_WIDTH (&info);
  height = GST_VIDEO_INFO_HEIGHT (&info);
  offset = GST_VIDEO_INFO_PLANE_OFFSET (&info, 0);
  stride = GST_VIDEO_INFO_PLANE_STRIDE (&info, 0);
  size = stride * (height - 1) + (gsize)width * 4;

  frame = g_new0 (MappedFrame, 1);
  if (!gst_buffer_map (buffer, &frame->map, GST_MAP_READ))
    {
      g_free (frame);
      return NULL;
    }
  if (frame->map.size < offset + size)
    {
      gst_buffer_unmap (buffer, &frame->map);
      g_free (frame);
      return NULL;
    }
  frame->buffer = gst_buffer_ref (buffer);
  bytes = g_bytes_new_with_free_func (frame->map.data + offset, size, mapped_frame_free, frame);

  return gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8, bytes, stride);
}

/* Whether @file has no spherical metadata and @sample shows two fisheye
 * circles: then it still needs stitching. Runs on the streaming thread,
 * once. */
static gboolean
needs_stitching (GFile     *file,
                 GstSample *sample)
{
  g_autoptr(GError) error = NULL;
  ScCheckResult result = { 0 };
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstVideoInfo info;
  GstMapInfo map;
  gboolean spherical = FALSE;
  gboolean dual = FALSE;

  if (sc_360_check (file, &result, &error))
    {
      for (guint i = 0; result.tracks != NULL && i < result.tracks->len; i++)
        {
          const ScSphericalTrack *track = &g_array_index (result.tracks, ScSphericalTrack, i);

          spherical |= track->v1_present || track->v2_present;
        }
      sc_check_result_clear (&result);
    }
  else
    g_debug ("No metadata check: %s", error->message);

  if (spherical || buffer == NULL ||
      !gst_video_info_from_caps (&info, gst_sample_get_caps (sample)))
    return FALSE;

  if (gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      g_clear_error (&error);
      dual = sc_is_dual_fisheye (map.data + GST_VIDEO_INFO_PLANE_OFFSET (&info, 0),
                                 GST_VIDEO_INFO_WIDTH (&info), GST_VIDEO_INFO_HEIGHT (&info),
                                 GST_VIDEO_INFO_PLANE_STRIDE (&info, 0), &error);
      if (!dual)
        g_debug ("Not dual-fisheye: %s", error != NULL ? error->message : "");
      gst_buffer_unmap (buffer, &map);
    }

  return dual;
}

static gboolean
show_pending_cb (gpointer user_data)
{
  ScVideoPlayer *self = user_data;
  g_autoptr(GstBuffer) buffer = NULL;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  gboolean have_first, dual;
  gint64 stream_time = -1;

  g_mutex_lock (&self->lock);
  buffer = g_steal_pointer (&self->pending);
  caps = g_steal_pointer (&self->pending_caps);
  if (buffer != NULL)
    stream_time = gst_segment_to_stream_time (&self->pending_segment, GST_FORMAT_TIME,
                                              GST_BUFFER_PTS (buffer));
  g_clear_pointer (&self->pending_source, g_source_unref);
  have_first = self->first_result_ready;
  dual = self->first_dual_fisheye;
  self->first_result_ready = FALSE;
  g_mutex_unlock (&self->lock);

  if (have_first && dual != self->dual_fisheye)
    {
      self->dual_fisheye = dual;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DUAL_FISHEYE]);
    }

  if (buffer != NULL && caps != NULL && self->pipeline != NULL &&
      (texture = texture_from_buffer (buffer, caps)) != NULL)
    {
      g_set_object (&self->texture, texture);
      self->frame_position = stream_time;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXTURE]);
    }

  return G_SOURCE_REMOVE;
}

/* Streaming thread: replaces the pending frame, wakes the main context
 * once. Keeps the buffer, not @sample: appsink reuses its samples. */
static void
hand_over (ScVideoPlayer *self,
           GstSample     *sample)
{
  g_autoptr(GstSample) owned = sample;
  gboolean check_first;

  if (sample == NULL || gst_sample_get_buffer (sample) == NULL || gst_sample_get_caps (sample) == NULL)
    return;

  g_mutex_lock (&self->lock);
  check_first = !self->first_checked;
  self->first_checked = TRUE;
  g_mutex_unlock (&self->lock);

  if (check_first)
    {
      gboolean dual = needs_stitching (self->file, sample);

      g_mutex_lock (&self->lock);
      self->first_dual_fisheye = dual;
      self->first_result_ready = TRUE;
      g_mutex_unlock (&self->lock);
    }

  g_mutex_lock (&self->lock);
  gst_buffer_replace (&self->pending, gst_sample_get_buffer (sample));
  gst_caps_replace (&self->pending_caps, gst_sample_get_caps (sample));
  gst_segment_copy_into (gst_sample_get_segment (sample), &self->pending_segment);
  if (self->pending_source == NULL)
    {
      self->pending_source = g_idle_source_new ();
      g_source_set_priority (self->pending_source, G_PRIORITY_DEFAULT);
      g_source_set_callback (self->pending_source, show_pending_cb, self, NULL);
      g_source_set_static_name (self->pending_source, "[sc-video-player] frame");
      g_source_attach (self->pending_source, self->context);
    }
  g_mutex_unlock (&self->lock);
}

static GstFlowReturn
on_new_preroll (GstAppSink *sink,
                gpointer    user_data)
{
  hand_over (user_data, gst_app_sink_pull_preroll (sink));
  return GST_FLOW_OK;
}

static GstFlowReturn
on_new_sample (GstAppSink *sink,
               gpointer    user_data)
{
  hand_over (user_data, gst_app_sink_pull_sample (sink));
  return GST_FLOW_OK;
}

/* --- State --- */

static void
update_position (ScVideoPlayer *self)
{
  gint64 position;

  if (self->pipeline == NULL ||
      !gst_element_query_position (self->pipeline, GST_FORMAT_TIME, &position) ||
      position == self->position)
    return;

  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

static void
update_duration (ScVideoPlayer *self)
{
  gint64 duration;

  if (self->pipeline == NULL ||
      !gst_element_query_duration (self->pipeline, GST_FORMAT_TIME, &duration) ||
      duration == self->duration)
    return;

  self->duration = duration;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

static gboolean
on_position_timeout_cb (gpointer user_data)
{
  update_position (user_data);
  return G_SOURCE_CONTINUE;
}

static void
set_playing_flag (ScVideoPlayer *self,
                  gboolean       playing)
{
  if (playing && self->position_timeout == 0)
    self->position_timeout = g_timeout_add (POSITION_INTERVAL_MS, on_position_timeout_cb, self);
  else if (!playing)
    g_clear_handle_id (&self->position_timeout, g_source_remove);

  if (self->playing == !!playing)
    return;

  self->playing = !!playing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

static void
set_ended (ScVideoPlayer *self,
           gboolean       ended)
{
  if (self->ended == !!ended)
    return;

  self->ended = !!ended;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDED]);
}

static void
fail (ScVideoPlayer *self,
      GError        *error)
{
  g_autoptr(GError) owned = error;

  if (self->error != NULL)
    return;

  self->error = g_steal_pointer (&owned);
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  set_playing_flag (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* A sentence the user can act on, for a GStreamer error. */
static GError *
translate_error (ScVideoPlayer *self,
                 const GError  *gst_error)
{
  g_autofree char *name = g_file_get_basename (self->file);

  if (g_error_matches (gst_error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN) ||
      g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_CODEC_NOT_FOUND))
    /* Translators: %s is a file name */
    return g_error_new (SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_MISSING_ELEMENT,
                        _("“%s” needs a video decoder that is not installed. Install the "
                          "GStreamer plugins (gstreamer1.0-libav), then open it again."), name);

  if (gst_error->domain == GST_RESOURCE_ERROR)
    /* Translators: %s is a file name */
    return g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                        _("“%s” cannot be read. Check that the file is still in the "
                          "download folder, then open it again."), name);

  /* Translators: %s is a file name */
  return g_error_new (SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_STREAM,
                      _("“%s” is damaged or incomplete and cannot be played. "
                        "Download it from the camera again."), name);
}

static GQuark
seek_generation_quark (void)
{
  return g_quark_from_static_string ("sc-video-player-seek-generation");
}

/* Posting thread: stamps each EOS with the number of seeks done, so that
 * an EOS from before a seek (still queued on the bus) is ignored. */
static GstBusSyncReply
on_bus_sync_cb (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  ScVideoPlayer *self = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
    gst_mini_object_set_qdata (GST_MINI_OBJECT (message), seek_generation_quark (),
                               GINT_TO_POINTER (g_atomic_int_get (&self->seek_generation) + 1),
                               NULL);

  return GST_BUS_PASS;
}

static void
do_seek (ScVideoPlayer *self,
         gint64         position)
{
  /* A flushing seek: the old segment's EOS, if any, is posted by now. */
  if (!gst_element_seek_simple (self->pipeline, GST_FORMAT_TIME,
                                GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, position))
    g_debug ("Seeking to %" GST_TIME_FORMAT " failed", GST_TIME_ARGS (position));
  g_atomic_int_inc (&self->seek_generation);
}

static gboolean
on_bus_message_cb (GstBus     *bus,
                   GstMessage *message,
                   gpointer    user_data)
{
  ScVideoPlayer *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &error, &debug);
        g_debug ("Playing failed: %s (%s)", error->message, debug != NULL ? debug : "");
        fail (self, translate_error (self, error));
      }
      break;

    case GST_MESSAGE_EOS:
      if (GPOINTER_TO_INT (gst_mini_object_get_qdata (GST_MINI_OBJECT (message),
                                                      seek_generation_quark ())) !=
          g_atomic_int_get (&self->seek_generation) + 1)
        {
          g_debug ("Ignoring an end of stream from before a seek");
          break;
        }
      gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
      set_playing_flag (self, FALSE);
      update_duration (self);
      if (self->duration > 0 && self->position != self->duration)
        {
          self->position = self->duration;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
        }
      set_ended (self, TRUE);
      break;

    case GST_MESSAGE_ASYNC_DONE:
      self->prerolled = TRUE;
      update_duration (self);
      if (self->pending_seek >= 0)
        {
          gint64 position = self->pending_seek;

          self->pending_seek = -1;
          do_seek (self, position);
        }
      else
        update_position (self);
      break;

    case GST_MESSAGE_DURATION_CHANGED:
      update_duration (self);
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

/* The container check, on a worker thread: decodebin can lose the
 * demuxer's error for a damaged file (it filters errors while it sets
 * the demuxer up), and the pipeline would then wait forever. */
static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  ScCheckResult result = { 0 };

  if (!sc_360_check (G_FILE (task_data), &result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
  sc_check_result_clear (&result);
}

static void
on_check_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ScVideoPlayer *self = SC_VIDEO_PLAYER (object);
  g_autoptr(GError) error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error) ||
      g_cancellable_is_cancelled (self->cancellable) || self->pipeline == NULL)
    return;

  g_debug ("Checking the container failed: %s", error->message);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    {
      g_autoptr(GError) stream_error = g_error_new_literal (GST_STREAM_ERROR,
                                                            GST_STREAM_ERROR_DEMUX,
                                                            error->message);

      fail (self, translate_error (self, stream_error));
    }
}

/* autoaudiosink when an audio output works, else a fakesink that keeps
 * the clock (no sound card, tests). */
static GstElement *
make_audio_sink (void)
{
  GstElement *sink = gst_element_factory_make ("autoaudiosink", NULL);

  if (sink != NULL)
    {
      gst_object_ref_sink (sink);
      if (gst_element_set_state (sink, GST_STATE_READY) != GST_STATE_CHANGE_FAILURE)
        {
          gst_element_set_state (sink, GST_STATE_NULL);
          return sink;
        }
      g_debug ("No audio output; playing without sound");
      gst_element_set_state (sink, GST_STATE_NULL);
      gst_clear_object (&sink);
    }

  sink = gst_element_factory_make ("fakesink", NULL);
  if (sink != NULL)
    {
      gst_object_ref_sink (sink);
      g_object_set (sink, "sync", TRUE, NULL);
    }

  return sink;
}

static void
build_pipeline (ScVideoPlayer *self)
{
  static GstAppSinkCallbacks callbacks = {
    .new_preroll = on_new_preroll,
    .new_sample = on_new_sample,
  };
  g_autoptr(GstElement) video_sink = NULL;
  g_autoptr(GstElement) audio_sink = NULL;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autofree char *uri = NULL;
  const char *missing = NULL;

  self->pipeline = gst_element_factory_make ("playbin", NULL);
  video_sink = gst_element_factory_make ("appsink", NULL);
  if (self->pipeline == NULL)
    missing = "playbin";
  else if (video_sink == NULL)
    missing = "appsink";
  if (missing != NULL)
    {
      g_debug ("Missing GStreamer element %s", missing);
      gst_clear_object (&self->pipeline);
      /* Translators: %s is a GStreamer element name */
      fail (self, g_error_new (SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_MISSING_ELEMENT,
                               _("Videos cannot be played: the GStreamer element “%s” is "
                                 "missing. Install the GStreamer base plugins."), missing));
      return;
    }
  gst_object_ref_sink (self->pipeline);
  gst_object_ref_sink (video_sink);

  caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "RGBA", NULL);
  g_object_set (video_sink,
                "caps", caps,
                "max-buffers", 1,
                "drop", TRUE,
                "enable-last-sample", FALSE,
                NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (video_sink), &callbacks, self, NULL);

  audio_sink = make_audio_sink ();
  uri = g_file_get_uri (self->file);
  g_object_set (self->pipeline, "uri", uri, "video-sink", video_sink, NULL);
  if (audio_sink != NULL)
    g_object_set (self->pipeline, "audio-sink", audio_sink, NULL);

  bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  gst_bus_set_sync_handler (bus, on_bus_sync_cb, self, NULL);
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message_cb, self);

  if (gst_element_set_state (self->pipeline, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE)
    g_debug ("Pausing %s failed; the bus has the error", uri);

  {
    g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_check_done_cb, NULL);

    g_task_set_source_tag (task, build_pipeline);
    g_task_set_task_data (task, g_object_ref (self->file), g_object_unref);
    g_task_run_in_thread (task, check_thread);
  }
}

/* --- GObject --- */

static void
sc_video_player_constructed (GObject *object)
{
  ScVideoPlayer *self = (ScVideoPlayer *)object;

  G_OBJECT_CLASS (sc_video_player_parent_class)->constructed (object);

  g_assert (G_IS_FILE (self->file));
  build_pipeline (self);
}

static void
sc_video_player_dispose (GObject *object)
{
  ScVideoPlayer *self = (ScVideoPlayer *)object;

  sc_video_player_stop (self);
  gst_clear_object (&self->pipeline);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (sc_video_player_parent_class)->dispose (object);
}

static void
sc_video_player_finalize (GObject *object)
{
  ScVideoPlayer *self = (ScVideoPlayer *)object;

  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sc_video_player_parent_class)->finalize (object);
}

static void
sc_video_player_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ScVideoPlayer *self = SC_VIDEO_PLAYER (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_TEXTURE:
      g_value_set_object (value, self->texture);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_POSITION:
      g_value_set_int64 (value, self->position);
      break;
    case PROP_DURATION:
      g_value_set_int64 (value, self->duration);
      break;
    case PROP_ENDED:
      g_value_set_boolean (value, self->ended);
      break;
    case PROP_DUAL_FISHEYE:
      g_value_set_boolean (value, self->dual_fisheye);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_video_player_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ScVideoPlayer *self = SC_VIDEO_PLAYER (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    case PROP_PLAYING:
      sc_video_player_set_playing (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_video_player_class_init (ScVideoPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sc_video_player_constructed;
  object_class->dispose = sc_video_player_dispose;
  object_class->finalize = sc_video_player_finalize;
  object_class->get_property = sc_video_player_get_property;
  object_class->set_property = sc_video_player_set_property;

  /**
   * ScVideoPlayer:file:
   *
   * The video played (a local MP4 or MOV file).
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScVideoPlayer:texture:
   *
   * The newest frame shown, or %NULL before the first one.
   */
  properties[PROP_TEXTURE] =
    g_param_spec_object ("texture", NULL, NULL, GDK_TYPE_TEXTURE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * ScVideoPlayer:playing:
   *
   * Whether the video plays (%FALSE: paused, ended or failed).
   */
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScVideoPlayer:position:
   *
   * The playback position in nanoseconds (updated while playing).
   */
  properties[PROP_POSITION] =
    g_param_spec_int64 ("position", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * ScVideoPlayer:duration:
   *
   * The length of the video in nanoseconds, 0 while unknown.
   */
  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * ScVideoPlayer:ended:
   *
   * Whether playback reached the end; playing again restarts.
   */
  properties[PROP_ENDED] =
    g_param_spec_boolean ("ended", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * ScVideoPlayer:dual-fisheye:
   *
   * Whether the video is two fisheye circles without spherical metadata:
   * it has not been stitched yet.
   */
  properties[PROP_DUAL_FISHEYE] =
    g_param_spec_boolean ("dual-fisheye", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * ScVideoPlayer:error:
   *
   * Why the video cannot be played (a translated message), or %NULL.
   */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_video_player_init (ScVideoPlayer *self)
{
  g_mutex_init (&self->lock);
  self->cancellable = g_cancellable_new ();
  self->context = g_main_context_ref_thread_default ();
  gst_segment_init (&self->pending_segment, GST_FORMAT_TIME);
  self->pending_seek = -1;
  self->frame_position = -1;
}

/**
 * sc_video_player_new:
 * @file: a local video file
 *
 * Creates a player for @file and starts prerolling it (paused on the
 * first frame); call sc_video_player_set_playing() to play.
 *
 * Returns: (transfer full): a new #ScVideoPlayer
 */
ScVideoPlayer *
sc_video_player_new (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (SC_TYPE_VIDEO_PLAYER, "file", file, NULL);
}

/**
 * sc_video_player_get_file:
 * @self: a #ScVideoPlayer
 *
 * Returns: (transfer none): the video played
 */
GFile *
sc_video_player_get_file (ScVideoPlayer *self)
{
  g_return_val_if_fail (SC_IS_VIDEO_PLAYER (self), NULL);

  return self->file;
}

/**
 * sc_video_player_get_texture:
 * @self: a #ScVideoPlayer
 *
 * Returns: (transfer none) (nullable): the newest frame
 */
GdkTexture *
sc_video_player_get_texture (ScVideoPlayer *self)
{
  g_return_val_if_fail (SC_IS_VIDEO_PLAYER (self), NULL);

  return self->texture;
}

/**
 * sc_video_player_get_frame_position:
 * @self: a #ScVideoPlayer
 *
 * Returns: the stream time of #ScVideoPlayer:texture in nanoseconds, or
 *   -1 before the first frame
 */
gint64
sc_video_player_get_frame_position (ScVideoPlayer *self)
{
  g_return_val_if_fail (SC_IS_VIDEO_PLAYER (self), -1);

  return self->frame_position;
}

/**
 * sc_video_player_get_playing:
 * @self: a #ScVideoPlayer
 *
 * Returns: whether the video plays
 */
gboolean
sc_video_player_get_playing (ScVideoPlayer *self)
{
  g_return_val_if_fail (SC_IS_VIDEO_PLAYER (self), FALSE);

  return self->playing;
}

/**
 * sc_video_player_set_playing:
 * @self: a #ScVideoPlayer
 * @playing: %TRUE to play, %FALSE to pause
 *
 * Plays or pauses. Playing after the end starts from the beginning.
 * Does nothing after an error.
 */
void
sc_video_player_set_playing (ScVideoPlayer *self,
                             gboolean       playing)
{
  g_return_if_fail (SC_IS_VIDEO_PLAYER (self));

  if (self->pipeline == NULL || self->error != NULL || self->playing == !!playing)
    return;

  if (playing && self->ended)
    sc_video_player_seek (self, 0);

  gst_element_set_state (self->pipeline, playing ? GST_STATE_PLAYING : GST_STATE_PAUSED);
  set_playing_flag (self, playing);
  if (!playing)
    update_position (self);
}

/**
 * sc_video_player_toggle:
 * @self: a #ScVideoPlayer
 *
 * Pauses when playing, plays otherwise.
 */
void
sc_video_player_toggle (ScVideoPlayer *self)
{
  g_return_if_fail (SC_IS_VIDEO_PLAYER (self));

  sc_video_player_set_playing (self, !self->playing);
}

/**
 * sc_video_player_get_position:
 * @self: a #ScVideoPlayer
 *
 * Returns: the playback position in nanoseconds
 */
gint64
sc_video_player_get_position (ScVideoPlayer *self)
{
  g_return_val_if_fail (SC_IS_VIDEO_PLAYER (self), 0);

  return self->position;
}

/**
 * sc_video_player_get_duration:
 * @self: a #ScVideoPlayer
 *
 * Returns: the length in nanoseconds, 0 while unknown
 */
gint64
sc_video_player_get_duration (ScVideoPlayer *self)
{
  g_return_val_if_fail (SC_IS_VIDEO_PLAYER (self), 0);

  return self->duration;
}

/**
 * sc_video_player_seek:
 * @self: a #ScVideoPlayer
 * @position: where to go, in nanoseconds (clamped to the video)
 *
 * Seeks to the frame at @position (accurately, not to a key frame), and
 * shows it when paused. Before the video is ready, the seek waits for it.
 */
void
sc_video_player_seek (ScVideoPlayer *self,
                      gint64         position)
{
  g_return_if_fail (SC_IS_VIDEO_PLAYER (self));

  if (self->pipeline == NULL || self->error != NULL)
    return;

  position = MAX (position, 0);
  if (self->duration > 0)
    position = MIN (position, self->duration);

  set_ended (self, FALSE);
  if (position != self->position)
    {
      self->position = position;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
    }

  if (!self->prerolled)
    self->pending_seek = position;
  else
    do_seek (self, position);
}

/**
 * sc_video_player_get_ended:
 * @self: a #ScVideoPlayer
 *
 * Returns: whether playback reached the end
 */
gboolean
sc_video_player_get_ended (ScVideoPlayer *self)
{
  g_return_val_if_fail (SC_IS_VIDEO_PLAYER (self), FALSE);

  return self->ended;
}

/**
 * sc_video_player_get_dual_fisheye:
 * @self: a #ScVideoPlayer
 *
 * Returns: whether the video still needs stitching (known after the
 *   first frame)
 */
gboolean
sc_video_player_get_dual_fisheye (ScVideoPlayer *self)
{
  g_return_val_if_fail (SC_IS_VIDEO_PLAYER (self), FALSE);

  return self->dual_fisheye;
}

/**
 * sc_video_player_get_error:
 * @self: a #ScVideoPlayer
 *
 * Returns: (transfer none) (nullable): why the video cannot be played
 */
const GError *
sc_video_player_get_error (ScVideoPlayer *self)
{
  g_return_val_if_fail (SC_IS_VIDEO_PLAYER (self), NULL);

  return self->error;
}

/**
 * sc_video_player_get_pipeline:
 * @self: a #ScVideoPlayer
 *
 * For tests and diagnostics.
 *
 * Returns: (transfer none) (nullable): the playbin, %NULL once stopped
 */
GstElement *
sc_video_player_get_pipeline (ScVideoPlayer *self)
{
  g_return_val_if_fail (SC_IS_VIDEO_PLAYER (self), NULL);

  return self->pipeline;
}

/**
 * sc_video_player_stop:
 * @self: a #ScVideoPlayer
 *
 * Stops the pipeline for good and releases it, with any frame not shown
 * yet; the last frame shown stays in #ScVideoPlayer:texture. Call it
 * when the video's window closes. Safe to call more than once.
 */
void
sc_video_player_stop (ScVideoPlayer *self)
{
  g_return_if_fail (SC_IS_VIDEO_PLAYER (self));

  g_cancellable_cancel (self->cancellable);
  if (self->pipeline != NULL)
    {
      g_autoptr(GstBus) bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));

      /* Joins the streaming threads: no frame arrives after this. */
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      if (self->bus_watch != 0)
        gst_bus_remove_watch (bus);
      gst_bus_set_sync_handler (bus, NULL, NULL, NULL);
      self->bus_watch = 0;
      gst_clear_object (&self->pipeline);
    }

  g_mutex_lock (&self->lock);
  if (self->pending_source != NULL)
    {
      g_source_destroy (self->pending_source);
      g_clear_pointer (&self->pending_source, g_source_unref);
    }
  gst_clear_buffer (&self->pending);
  gst_clear_caps (&self->pending_caps);
  g_mutex_unlock (&self->lock);

  set_playing_flag (self, FALSE);
}
