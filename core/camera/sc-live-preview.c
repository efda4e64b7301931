/* sc-live-preview.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-live-preview"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "sc-core.h"
#include "sc-live-preview.h"
#include "sc-live-preview-private.h"

GST_DEBUG_CATEGORY_STATIC (sc_live_preview_debug);
#define GST_CAT_DEFAULT sc_live_preview_debug

/**
 * ScLivePreview:
 *
 * Decodes a camera's live preview, a multipart MJPEG stream (as
 * sc_camera_open_preview_finish() returns it), with a GStreamer pipeline:
 *
 * |[
 * appsrc ! multipartdemux ! tee ! queue ! jpegdec ! videoconvert ! video/x-raw,format=RGBA ! appsink
 *                               tee ! queue ! appsink (the JPEG parts as sent)
 * ]|
 *
 * multipartdemux copes with THETA's boundary line that lacks the `--`
 * prefix (PROTOCOLS.md §1.9). Bytes are read asynchronously on the owner's
 * main context and pushed into appsrc. Decoded frames arrive on a
 * streaming thread; only the latest is kept and handed to the owner's
 * context, where #ScLivePreview::frame is emitted, so a slow consumer sees
 * fewer frames instead of a growing backlog. Pipeline errors become
 * %SC_LIVE_PREVIEW_STATE_ERROR with #ScLivePreview:error set.
 *
 * sc_live_preview_start_uri() shows an RTSP stream of H.264 instead (the
 * Mi Sphere's `rtsp://…/live`), with the same frames and signals:
 *
 * |[
 * rtspsrc protocols=tcp ! rtph264depay ! h264parse ! avdec_h264 ! videoconvert ! video/x-raw,format=RGBA ! appsink
 * ]|
 *
 * RTSP over TCP is tried first; when it fails before the first picture,
 * the same address is tried once more over UDP.
 *
 * The camera stops its preview when it shoots or changes capture mode:
 * the stream then ends (state stopped) and the caller opens a new stream
 * and starts again.
 */

G_DEFINE_FINAL_TYPE (ScLivePreview, sc_live_preview, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (ScLivePreviewState, sc_live_preview_state,
  G_DEFINE_ENUM_VALUE (SC_LIVE_PREVIEW_STATE_STOPPED, "stopped"),
  G_DEFINE_ENUM_VALUE (SC_LIVE_PREVIEW_STATE_STARTING, "starting"),
  G_DEFINE_ENUM_VALUE (SC_LIVE_PREVIEW_STATE_PLAYING, "playing"),
  G_DEFINE_ENUM_VALUE (SC_LIVE_PREVIEW_STATE_ERROR, "error"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_ERROR,
  PROP_FRAMES,
  PROP_FPS,
  PROP_WIDTH,
  PROP_HEIGHT,
  N_PROPS
};

enum {
  FRAME,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const state_names[] = { "stopped", "starting", "playing", "error" };

void
_sc_live_preview_set_state (ScLivePreview     *self,
                            ScLivePreviewState state)
{
  if (self->state == state)
    return;

  g_debug ("Live preview: %s -> %s", state_names[self->state], state_names[state]);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Stops the pipeline and the reading; keeps the last frame, the counters
 * and the state. */
static void
teardown (ScLivePreview *self)
{
  GSource *pending;

  self->generation++;
  self->reading = FALSE;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->stream);

  if (self->backoff_source != NULL)
    {
      g_source_destroy (self->backoff_source);
      g_clear_pointer (&self->backoff_source, g_source_unref);
    }

  if (self->pipeline != NULL)
    {
      g_autoptr(GstBus) bus = gst_element_get_bus (self->pipeline);

      if (self->bus_watch_id != 0)
        {
          gst_bus_remove_watch (bus);
          self->bus_watch_id = 0;
        }

      /* Joins the streaming threads: no callback runs after this. */
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_object (&self->appsrc);
      g_clear_object (&self->pipeline);
    }

  g_mutex_lock (&self->lock);
  pending = g_steal_pointer (&self->pending_source);
  g_clear_pointer (&self->pending_sample, gst_sample_unref);
  g_mutex_unlock (&self->lock);

  if (pending != NULL)
    {
      g_source_destroy (pending);
      g_source_unref (pending);
    }
}

void
_sc_live_preview_fail (ScLivePreview *self,
                       GError        *error)
{
  g_debug ("Live preview failed: %s", error->message);

  teardown (self);

  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  _sc_live_preview_set_state (self, SC_LIVE_PREVIEW_STATE_ERROR);
}

/* ------------------------------------------------------------------ */
/* Frames: streaming threads → owner context                           */

static void
update_size (ScLivePreview *self,
             GstSample     *sample)
{
  GstCaps *caps = gst_sample_get_caps (sample);
  GstVideoInfo info;

  if (caps == NULL || !gst_video_info_from_caps (&info, caps))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->width != (guint)GST_VIDEO_INFO_WIDTH (&info))
    {
      self->width = GST_VIDEO_INFO_WIDTH (&info);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
    }
  if (self->height != (guint)GST_VIDEO_INFO_HEIGHT (&info))
    {
      self->height = GST_VIDEO_INFO_HEIGHT (&info);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEIGHT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
update_fps (ScLivePreview *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 elapsed;

  if (self->fps_window_start == 0)
    {
      self->fps_window_start = now;
      self->fps_window_frames = self->frames;
      return;
    }

  elapsed = now - self->fps_window_start;
  if (elapsed < G_USEC_PER_SEC / 2)
    return;

  self->fps = (double)(self->frames - self->fps_window_frames) * G_USEC_PER_SEC / elapsed;
  self->fps_window_start = now;
  self->fps_window_frames = self->frames;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FPS]);
}

static void
deliver_frame (ScLivePreview *self,
               GstSample     *sample,
               guint64        decoded)
{
  g_object_freeze_notify (G_OBJECT (self));

  g_clear_pointer (&self->last_sample, gst_sample_unref);
  self->last_sample = gst_sample_ref (sample);

  if (self->frames != decoded)
    {
      self->frames = decoded;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMES]);
    }
  update_size (self, sample);
  update_fps (self);

  if (self->state == SC_LIVE_PREVIEW_STATE_STARTING)
    _sc_live_preview_set_state (self, SC_LIVE_PREVIEW_STATE_PLAYING);

  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[FRAME], 0, sample);
}

static gboolean
dispatch_frame_cb (gpointer user_data)
{
  ScLivePreview *self = user_data;
  g_autoptr(GstSample) sample = NULL;
  guint64 decoded;

  g_mutex_lock (&self->lock);
  sample = g_steal_pointer (&self->pending_sample);
  decoded = self->decoded;
  g_clear_pointer (&self->pending_source, g_source_unref);
  g_mutex_unlock (&self->lock);

  if (sample != NULL && self->pipeline != NULL)
    deliver_frame (self, sample, decoded);

  return G_SOURCE_REMOVE;
}

/* Hands over a frame still waiting for the owner's context, now. */
static void
flush_pending_frame (ScLivePreview *self)
{
  g_autoptr(GstSample) sample = NULL;
  GSource *pending;
  guint64 decoded;

  g_mutex_lock (&self->lock);
  sample = g_steal_pointer (&self->pending_sample);
  decoded = self->decoded;
  pending = g_steal_pointer (&self->pending_source);
  g_mutex_unlock (&self->lock);

  if (pending != NULL)
    {
      g_source_destroy (pending);
      g_source_unref (pending);
    }

  if (sample != NULL)
    deliver_frame (self, sample, decoded);
}

/* Streaming thread. */
GstFlowReturn
_sc_live_preview_on_new_frame_cb (GstAppSink *sink,
                                  gpointer    user_data)
{
  ScLivePreview *self = user_data;
  GstSample *sample = gst_app_sink_pull_sample (sink);

  if (sample == NULL)
    return GST_FLOW_EOS;

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->pending_sample, gst_sample_unref);
  self->pending_sample = sample;
  self->decoded++;
  if (self->pending_source == NULL)
    {
      /* The source holds the object alive; teardown() removes it. */
      self->pending_source = g_idle_source_new ();
      g_source_set_priority (self->pending_source, G_PRIORITY_DEFAULT);
      g_source_set_callback (self->pending_source, dispatch_frame_cb,
                             g_object_ref (self), g_object_unref);
      g_source_set_static_name (self->pending_source, "[sc-live-preview] frame");
      g_source_attach (self->pending_source, self->context);
    }
  g_mutex_unlock (&self->lock);

  return GST_FLOW_OK;
}

/* ------------------------------------------------------------------ */
/* Bus                                                                 */

gboolean
_sc_live_preview_on_bus_message_cb (GstBus     *bus,
                                    GstMessage *message,
                                    gpointer    user_data)
{
  ScLivePreview *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) gst_error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &gst_error, &debug);
        g_debug ("Pipeline error from %s: %s (%s)", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)),
                 gst_error->message, debug != NULL ? debug : "");
        GST_WARNING_OBJECT (self->pipeline, "%s: %s", gst_error->message, debug);

        self->bus_watch_id = 0;

        if (self->rtsp_uri != NULL && self->rtsp_tcp && self->frames == 0)
          {
            g_autoptr(GError) retry_error = NULL;

            g_debug ("RTSP over TCP failed; trying UDP");
            teardown (self);
            self->rtsp_tcp = FALSE;
            if (!_sc_live_preview_start_rtsp_pipeline (self, &retry_error))
              _sc_live_preview_fail (self, g_steal_pointer (&retry_error));
            return G_SOURCE_REMOVE;
          }

        _sc_live_preview_fail (self, g_error_new (SC_PIPELINE_ERROR,
                                                  g_error_matches (gst_error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION)
                                                    ? SC_PIPELINE_ERROR_NEGOTIATION : SC_PIPELINE_ERROR_STREAM,
                                                  _("The live preview could not be shown: %s"), gst_error->message));
        return G_SOURCE_REMOVE;
      }

    case GST_MESSAGE_WARNING:
      {
        g_autoptr(GError) gst_error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_warning (message, &gst_error, &debug);
        g_debug ("Pipeline warning: %s (%s)", gst_error->message, debug != NULL ? debug : "");
        break;
      }

    case GST_MESSAGE_EOS:
      {
        gboolean any = self->frames > 0;

        /* Frames decoded but not yet handed over still count. */
        g_mutex_lock (&self->lock);
        any |= self->decoded > 0;
        g_mutex_unlock (&self->lock);

        self->bus_watch_id = 0;
        if (!any)
          {
            _sc_live_preview_fail (self,
                                   g_error_new_literal (SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_STREAM,
                                                        _("The live preview ended before showing a picture. "
                                                          "The camera sent something that is not a preview.")));
            return G_SOURCE_REMOVE;
          }

        /* Deliver the last frame before stopping. */
        flush_pending_frame (self);
        g_debug ("Live preview stream ended after %" G_GUINT64_FORMAT " frames", self->frames);
        teardown (self);
        _sc_live_preview_set_state (self, SC_LIVE_PREVIEW_STATE_STOPPED);
        return G_SOURCE_REMOVE;
      }

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
sc_live_preview_dispose (GObject *object)
{
  ScLivePreview *self = (ScLivePreview *)object;

  teardown (self);

  G_OBJECT_CLASS (sc_live_preview_parent_class)->dispose (object);
}

static void
sc_live_preview_finalize (GObject *object)
{
  ScLivePreview *self = (ScLivePreview *)object;

  g_clear_error (&self->error);
  g_clear_pointer (&self->rtsp_uri, g_free);
  g_clear_pointer (&self->last_sample, gst_sample_unref);
  g_clear_pointer (&self->pending_sample, gst_sample_unref);
  gst_clear_buffer (&self->last_jpeg);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sc_live_preview_parent_class)->finalize (object);
}

static void
sc_live_preview_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ScLivePreview *self = SC_LIVE_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_FRAMES:
      g_value_set_uint64 (value, self->frames);
      break;

    case PROP_FPS:
      g_value_set_double (value, self->fps);
      break;

    case PROP_WIDTH:
      g_value_set_uint (value, self->width);
      break;

    case PROP_HEIGHT:
      g_value_set_uint (value, self->height);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_live_preview_class_init (ScLivePreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_live_preview_dispose;
  object_class->finalize = sc_live_preview_finalize;
  object_class->get_property = sc_live_preview_get_property;

  GST_DEBUG_CATEGORY_INIT (sc_live_preview_debug, "sclivepreview", 0, "Spherecam live preview");

  /**
   * ScLivePreview:state:
   *
   * Whether the preview runs, as an #ScLivePreviewState.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SC_TYPE_LIVE_PREVIEW_STATE,
                       SC_LIVE_PREVIEW_STATE_STOPPED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScLivePreview:error:
   *
   * Why the preview failed (a #GError in %SC_PIPELINE_ERROR), or %NULL.
   */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScLivePreview:frames:
   *
   * How many pictures were decoded since the last start.
   */
  properties[PROP_FRAMES] =
    g_param_spec_uint64 ("frames", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScLivePreview:fps:
   *
   * Decoded pictures per second, measured over about half a second.
   */
  properties[PROP_FPS] =
    g_param_spec_double ("fps", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScLivePreview:width:
   *
   * Width of the decoded pictures, 0 before the first one.
   */
  properties[PROP_WIDTH] =
    g_param_spec_uint ("width", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScLivePreview:height:
   *
   * Height of the decoded pictures, 0 before the first one.
   */
  properties[PROP_HEIGHT] =
    g_param_spec_uint ("height", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ScLivePreview::frame:
   * @self: the preview
   * @sample: the newest decoded picture, RGBA (#GstSample with caps)
   *
   * Emitted in the owner's context for the newest picture. Pictures
   * decoded while the owner was busy are skipped.
   */
  signals[FRAME] =
    g_signal_new ("frame",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, GST_TYPE_SAMPLE | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
sc_live_preview_init (ScLivePreview *self)
{
  g_mutex_init (&self->lock);
  self->context = g_main_context_ref_thread_default ();
  self->state = SC_LIVE_PREVIEW_STATE_STOPPED;
}

/**
 * sc_live_preview_new:
 *
 * Creates a stopped preview decoder owned by the calling thread's default
 * #GMainContext. GStreamer must be initialised (sc_core_init()).
 *
 * Returns: (transfer full): a new #ScLivePreview
 */
ScLivePreview *
sc_live_preview_new (void)
{
  return g_object_new (SC_TYPE_LIVE_PREVIEW, NULL);
}

/* Stops and forgets the counters of the last run. */
static void
reset (ScLivePreview *self)
{
  teardown (self);

  g_object_freeze_notify (G_OBJECT (self));

  if (self->error != NULL)
    {
      g_clear_error (&self->error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  if (self->frames != 0)
    {
      self->frames = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMES]);
    }
  if (self->fps != 0.0)
    {
      self->fps = 0.0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FPS]);
    }
  self->fps_window_start = 0;
  g_mutex_lock (&self->lock);
  self->decoded = 0;
  g_mutex_unlock (&self->lock);

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * sc_live_preview_start:
 * @self: a #ScLivePreview
 * @stream: the multipart MJPEG stream, e.g. from
 *   sc_camera_open_preview_finish(); the preview reads it until it ends
 *   or sc_live_preview_stop()
 * @error: return location for a #GError
 *
 * Starts decoding @stream, replacing any stream being decoded. Does not
 * block. Frames then arrive with #ScLivePreview::frame; failures later on
 * set #ScLivePreview:state to %SC_LIVE_PREVIEW_STATE_ERROR.
 *
 * Returns: %TRUE if started; %FALSE with @error (also in
 *   #ScLivePreview:error), e.g. %SC_PIPELINE_ERROR_MISSING_ELEMENT
 *   naming the missing element
 */
gboolean
sc_live_preview_start (ScLivePreview  *self,
                       GInputStream   *stream,
                       GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  GstStateChangeReturn ret;

  g_return_val_if_fail (SC_IS_LIVE_PREVIEW (self), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  reset (self);
  g_clear_pointer (&self->rtsp_uri, g_free);
  g_object_freeze_notify (G_OBJECT (self));

  if (!_sc_live_preview_build_pipeline (self, &local_error))
    {
      if (error != NULL)
        *error = g_error_copy (local_error);
      _sc_live_preview_fail (self, g_steal_pointer (&local_error));
      g_object_thaw_notify (G_OBJECT (self));
      return FALSE;
    }

  self->stream = g_object_ref (stream);
  self->cancellable = g_cancellable_new ();
  _sc_live_preview_set_state (self, SC_LIVE_PREVIEW_STATE_STARTING);
  g_object_thaw_notify (G_OBJECT (self));

  ret = gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
  if (ret == GST_STATE_CHANGE_FAILURE)
    {
      local_error = g_error_new_literal (SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_STREAM,
                                         _("The live preview could not be started."));
      if (error != NULL)
        *error = g_error_copy (local_error);
      _sc_live_preview_fail (self, g_steal_pointer (&local_error));
      return FALSE;
    }

  _sc_live_preview_read_next (self);
  return TRUE;
}

/**
 * sc_live_preview_stop:
 * @self: a #ScLivePreview
 *
 * Stops decoding and stops reading the stream. The last picture stays
 * available. An error state stays until the next start. Does not block
 * beyond stopping the pipeline's threads.
 */
void
sc_live_preview_stop (ScLivePreview *self)
{
  g_return_if_fail (SC_IS_LIVE_PREVIEW (self));

  teardown (self);
  if (self->state != SC_LIVE_PREVIEW_STATE_ERROR)
    _sc_live_preview_set_state (self, SC_LIVE_PREVIEW_STATE_STOPPED);
}

/**
 * sc_live_preview_get_state:
 * @self: a #ScLivePreview
 *
 * Returns: the #ScLivePreviewState
 */
ScLivePreviewState
sc_live_preview_get_state (ScLivePreview *self)
{
  g_return_val_if_fail (SC_IS_LIVE_PREVIEW (self), SC_LIVE_PREVIEW_STATE_STOPPED);

  return self->state;
}

/**
 * sc_live_preview_get_error:
 * @self: a #ScLivePreview
 *
 * Returns: (transfer none) (nullable): why the preview failed
 */
const GError *
sc_live_preview_get_error (ScLivePreview *self)
{
  g_return_val_if_fail (SC_IS_LIVE_PREVIEW (self), NULL);

  return self->error;
}

/**
 * sc_live_preview_get_frames:
 * @self: a #ScLivePreview
 *
 * Returns: how many pictures were decoded since the last start
 */
guint64
sc_live_preview_get_frames (ScLivePreview *self)
{
  g_return_val_if_fail (SC_IS_LIVE_PREVIEW (self), 0);

  return self->frames;
}

/**
 * sc_live_preview_get_fps:
 * @self: a #ScLivePreview
 *
 * Returns: the measured frame rate
 */
double
sc_live_preview_get_fps (ScLivePreview *self)
{
  g_return_val_if_fail (SC_IS_LIVE_PREVIEW (self), 0.0);

  return self->fps;
}

/**
 * sc_live_preview_get_width:
 * @self: a #ScLivePreview
 *
 * Returns: the decoded width in pixels, 0 before the first picture
 */
guint
sc_live_preview_get_width (ScLivePreview *self)
{
  g_return_val_if_fail (SC_IS_LIVE_PREVIEW (self), 0);

  return self->width;
}

/**
 * sc_live_preview_get_height:
 * @self: a #ScLivePreview
 *
 * Returns: the decoded height in pixels, 0 before the first picture
 */
guint
sc_live_preview_get_height (ScLivePreview *self)
{
  g_return_val_if_fail (SC_IS_LIVE_PREVIEW (self), 0);

  return self->height;
}

/**
 * sc_live_preview_dup_last_sample:
 * @self: a #ScLivePreview
 *
 * Returns: (transfer full) (nullable): the newest decoded picture (RGBA),
 *   or %NULL before the first
 */
GstSample *
sc_live_preview_dup_last_sample (ScLivePreview *self)
{
  g_return_val_if_fail (SC_IS_LIVE_PREVIEW (self), NULL);

  return self->last_sample != NULL ? gst_sample_ref (self->last_sample) : NULL;
}

/**
 * sc_live_preview_dup_last_jpeg:
 * @self: a #ScLivePreview
 *
 * The newest JPEG part exactly as the camera sent it, e.g. to save a
 * preview frame without re-encoding. May be called from any thread.
 *
 * Returns: (transfer full) (nullable): the JPEG bytes, or %NULL before the
 *   first part
 */
GBytes *
sc_live_preview_dup_last_jpeg (ScLivePreview *self)
{
  g_autoptr(GstBuffer) buffer = NULL;
  GstMapInfo map;
  GBytes *bytes;

  g_return_val_if_fail (SC_IS_LIVE_PREVIEW (self), NULL);

  g_mutex_lock (&self->lock);
  if (self->last_jpeg != NULL)
    buffer = gst_buffer_ref (self->last_jpeg);
  g_mutex_unlock (&self->lock);

  if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    return NULL;

  bytes = g_bytes_new (map.data, map.size);
  gst_buffer_unmap (buffer, &map);
  return bytes;
}

/**
 * sc_live_preview_start_uri:
 * @self: a #ScLivePreview
 * @uri: an RTSP address of an H.264 stream, e.g. `rtsp://192.168.42.1/live`
 *   (sc_camera_dup_preview_uri())
 * @error: return location for a #GError
 *
 * Starts showing the stream at @uri, stopping what was shown before.
 * Frames arrive as with sc_live_preview_start(); RTSP over TCP is tried
 * first, then UDP.
 *
 * Returns: %TRUE if the pipeline started
 */
gboolean
sc_live_preview_start_uri (ScLivePreview  *self,
                           const char     *uri,
                           GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SC_IS_LIVE_PREVIEW (self), FALSE);
  g_return_val_if_fail (uri != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  reset (self);
  g_free (self->rtsp_uri);
  self->rtsp_uri = g_strdup (uri);
  self->rtsp_tcp = TRUE;

  if (!g_str_has_prefix (uri, "rtsp://") && !g_str_has_prefix (uri, "rtsps://"))
    local_error = g_error_new (SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_STREAM,
                               _("“%s” is not a live preview address. Use an rtsp:// address."),
                               uri);

  if (local_error != NULL || !_sc_live_preview_start_rtsp_pipeline (self, &local_error))
    {
      if (error != NULL)
        *error = g_error_copy (local_error);
      _sc_live_preview_fail (self, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}
