/* sc-live-preview-mjpeg.c: the live preview's multipart MJPEG pipeline
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-live-preview"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>

#include "sc-core.h"
#include "sc-live-preview.h"
#include "sc-live-preview-private.h"

#define READ_CHUNK        (64 * 1024)
#define MAX_QUEUED_BYTES  (1024 * 1024)
#define BACKOFF_MS        10

static const char * const required_elements[] = {
  "appsrc", "multipartdemux", "tee", "queue", "jpegdec", "videoconvert", "capsfilter", "appsink",
};

/* Streaming thread: keep the JPEG part as the camera sent it. */
static GstFlowReturn
on_new_jpeg_cb (GstAppSink *sink,
                gpointer    user_data)
{
  ScLivePreview *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer;

  if (sample == NULL)
    return GST_FLOW_EOS;

  buffer = gst_sample_get_buffer (sample);
  if (buffer != NULL)
    {
      g_mutex_lock (&self->lock);
      gst_buffer_replace (&self->last_jpeg, buffer);
      g_mutex_unlock (&self->lock);
    }

  return GST_FLOW_OK;
}

/* ------------------------------------------------------------------ */
/* Reading the stream on the owner's context                           */

typedef struct
{
  GWeakRef self;
  guint    generation;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_weak_ref_clear (&data->self);
  g_free (data);
}

static void
on_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ReadData *data = user_data;
  g_autoptr(ScLivePreview) self = g_weak_ref_get (&data->self);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  guint generation = data->generation;
  GstFlowReturn flow;

  read_data_free (data);
  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  if (self == NULL || generation != self->generation || self->appsrc == NULL)
    return;

  self->reading = FALSE;

  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      _sc_live_preview_fail (self, g_error_new (SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_STREAM,
                                                _("The connection to the camera’s live preview was lost: %s"),
                                                error->message));
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      g_debug ("Live preview stream: end of data");
      gst_app_src_end_of_stream (GST_APP_SRC (self->appsrc));
      return;
    }

  flow = gst_app_src_push_buffer (GST_APP_SRC (self->appsrc),
                                  gst_buffer_new_wrapped_bytes (bytes));
  if (flow != GST_FLOW_OK)
    {
      /* The bus reports why; stop feeding. */
      g_debug ("appsrc refused data: %s", gst_flow_get_name (flow));
      return;
    }

  _sc_live_preview_read_next (self);
}

static gboolean
on_backoff_cb (gpointer user_data)
{
  ScLivePreview *self = user_data;

  g_clear_pointer (&self->backoff_source, g_source_unref);
  _sc_live_preview_read_next (self);

  return G_SOURCE_REMOVE;
}

void
_sc_live_preview_read_next (ScLivePreview *self)
{
  ReadData *data;

  if (self->stream == NULL || self->appsrc == NULL || self->reading || self->backoff_source != NULL)
    return;

  /* The decoder is behind: let it catch up instead of queueing the
   * camera's stream in memory. */
  if (gst_app_src_get_current_level_bytes (GST_APP_SRC (self->appsrc)) > MAX_QUEUED_BYTES)
    {
      self->backoff_source = g_timeout_source_new (BACKOFF_MS);
      g_source_set_callback (self->backoff_source, on_backoff_cb, self, NULL);
      g_source_attach (self->backoff_source, self->context);
      return;
    }

  data = g_new0 (ReadData, 1);
  g_weak_ref_init (&data->self, self);
  data->generation = self->generation;

  self->reading = TRUE;
  g_input_stream_read_bytes_async (self->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   self->cancellable, on_read_cb, data);
}

/* ------------------------------------------------------------------ */
/* The pipeline                                                        */

static void
on_demux_pad_added_cb (GstElement *demux,
                       GstPad     *pad,
                       GstElement *tee)
{
  g_autoptr(GstPad) sink = gst_element_get_static_pad (tee, "sink");

  /* single-stream: the first part's type is the stream's. */
  if (gst_pad_is_linked (sink))
    return;

  if (GST_PAD_LINK_FAILED (gst_pad_link (pad, sink)))
    GST_ELEMENT_ERROR (demux, CORE, NEGOTIATION,
                       ("The live preview is not a JPEG stream."), (NULL));
}

static gboolean
check_elements (GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (required_elements); i++)
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find (required_elements[i]);

      if (factory == NULL)
        {
          g_set_error (error, SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_MISSING_ELEMENT,
                       _("The GStreamer element “%s” is missing. Install the GStreamer plugins "
                         "that provide it (gstreamer1.0-plugins-base and -good)."),
                       required_elements[i]);
          return FALSE;
        }
    }

  return TRUE;
}

GstElement *
_sc_live_preview_make (const char *factory,
                       const char *name,
                       GError    **error)
{
  GstElement *element = gst_element_factory_make (factory, name);

  if (element == NULL)
    g_set_error (error, SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_MISSING_ELEMENT,
                 _("The GStreamer element “%s” is missing. Install the GStreamer plugins "
                   "that provide it (gstreamer1.0-plugins-base and -good)."), factory);
  return element;
}

gboolean
_sc_live_preview_build_pipeline (ScLivePreview *self,
                                 GError       **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  GstElement *src, *demux, *tee, *jpeg_queue, *jpeg_sink, *queue, *dec, *convert, *filter, *sink;
  g_autoptr(GstCaps) src_caps = NULL;
  g_autoptr(GstCaps) jpeg_caps = NULL;
  g_autoptr(GstCaps) rgba_caps = NULL;
  GstAppSinkCallbacks frame_callbacks = { NULL, NULL, _sc_live_preview_on_new_frame_cb, NULL };
  GstAppSinkCallbacks jpeg_callbacks = { NULL, NULL, on_new_jpeg_cb, NULL };
  g_autoptr(GstBus) bus = NULL;

  if (!check_elements (error))
    return FALSE;

  pipeline = gst_pipeline_new ("sc-live-preview");
  if ((src = _sc_live_preview_make ("appsrc", "src", error)) == NULL ||
      (demux = _sc_live_preview_make ("multipartdemux", "demux", error)) == NULL ||
      (tee = _sc_live_preview_make ("tee", "tee", error)) == NULL ||
      (jpeg_queue = _sc_live_preview_make ("queue", "jpeg-queue", error)) == NULL ||
      (jpeg_sink = _sc_live_preview_make ("appsink", "jpeg-sink", error)) == NULL ||
      (queue = _sc_live_preview_make ("queue", "decode-queue", error)) == NULL ||
      (dec = _sc_live_preview_make ("jpegdec", "dec", error)) == NULL ||
      (convert = _sc_live_preview_make ("videoconvert", "convert", error)) == NULL ||
      (filter = _sc_live_preview_make ("capsfilter", "filter", error)) == NULL ||
      (sink = _sc_live_preview_make ("appsink", "sink", error)) == NULL)
    return FALSE;

  gst_bin_add_many (GST_BIN (pipeline), src, demux, tee, jpeg_queue, jpeg_sink,
                    queue, dec, convert, filter, sink, NULL);

  src_caps = gst_caps_new_empty_simple ("multipart/x-mixed-replace");
  g_object_set (src,
                "caps", src_caps,
                "format", GST_FORMAT_BYTES,
                "stream-type", GST_APP_STREAM_TYPE_STREAM,
                "is-live", FALSE,
                "max-bytes", (guint64)MAX_QUEUED_BYTES * 2,
                "block", FALSE,
                NULL);
  g_object_set (demux, "single-stream", TRUE, NULL);

  /* Short queues: when decoding falls behind, the backpressure reaches
   * _sc_live_preview_read_next(), which stops reading, so latency and
   * memory stay bounded and every picture that is read gets decoded. */
  g_object_set (queue, "max-size-buffers", 3, "max-size-bytes", 0, "max-size-time", (guint64)0, NULL);
  g_object_set (jpeg_queue, "max-size-buffers", 3, "max-size-bytes", 0, "max-size-time", (guint64)0,
                NULL);

  jpeg_caps = gst_caps_new_empty_simple ("image/jpeg");
  g_object_set (jpeg_sink, "caps", jpeg_caps, "sync", FALSE, "max-buffers", 1, "drop", TRUE,
                "enable-last-sample", FALSE, NULL);

  rgba_caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "RGBA", NULL);
  g_object_set (filter, "caps", rgba_caps, NULL);
  g_object_set (sink, "sync", FALSE, "max-buffers", 1, "drop", TRUE,
                "enable-last-sample", FALSE, NULL);

  if (!gst_element_link (src, demux) ||
      !gst_element_link_many (jpeg_queue, jpeg_sink, NULL) ||
      !gst_element_link_many (queue, dec, convert, filter, sink, NULL) ||
      !gst_element_link (tee, jpeg_queue) ||
      !gst_element_link (tee, queue))
    {
      g_set_error_literal (error, SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_NEGOTIATION,
                           _("The live preview pipeline could not be built."));
      return FALSE;
    }

  g_signal_connect_object (demux, "pad-added", G_CALLBACK (on_demux_pad_added_cb), tee, 0);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &frame_callbacks, self, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (jpeg_sink), &jpeg_callbacks, self, NULL);

  /* The watch runs on the owner's context (gst_bus_add_watch uses the
   * thread-default one). */
  bus = gst_element_get_bus (pipeline);
  g_main_context_push_thread_default (self->context);
  self->bus_watch_id = gst_bus_add_watch (bus, _sc_live_preview_on_bus_message_cb, self);
  g_main_context_pop_thread_default (self->context);

  self->appsrc = g_object_ref (src);
  self->pipeline = g_steal_pointer (&pipeline);
  return TRUE;
}
