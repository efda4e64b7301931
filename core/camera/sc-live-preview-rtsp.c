/* sc-live-preview-rtsp.c: the live preview's RTSP (H.264) pipeline
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-live-preview"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>

#include "sc-core.h"
#include "sc-live-preview.h"
#include "sc-live-preview-private.h"

/* The RTSP pipeline: rtspsrc's pads appear once the session is set up. */
static void
on_rtsp_pad_added_cb (GstElement *src,
                      GstPad     *pad,
                      GstElement *depay)
{
  g_autoptr(GstPad) sink = gst_element_get_static_pad (depay, "sink");

  if (gst_pad_is_linked (sink))
    return;

  if (GST_PAD_LINK_FAILED (gst_pad_link (pad, sink)))
    GST_ELEMENT_ERROR (src, CORE, NEGOTIATION,
                       ("The live preview is not an H.264 stream."), (NULL));
}

static gboolean
build_rtsp_pipeline (ScLivePreview  *self,
                     GError        **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  GstElement *src, *depay, *parse, *dec, *convert, *filter, *sink;
  g_autoptr(GstCaps) rgba_caps = NULL;
  GstAppSinkCallbacks frame_callbacks = { NULL, NULL, _sc_live_preview_on_new_frame_cb, NULL };
  g_autoptr(GstBus) bus = NULL;

  pipeline = gst_pipeline_new ("sc-live-preview-rtsp");
  if ((src = _sc_live_preview_make ("rtspsrc", "src", error)) == NULL)
    return FALSE;
  gst_bin_add (GST_BIN (pipeline), src);
  if ((depay = _sc_live_preview_make ("rtph264depay", "depay", error)) == NULL)
    return FALSE;
  gst_bin_add (GST_BIN (pipeline), depay);
  if ((parse = _sc_live_preview_make ("h264parse", "parse", error)) == NULL)
    return FALSE;
  gst_bin_add (GST_BIN (pipeline), parse);
  if ((dec = _sc_live_preview_make ("avdec_h264", "dec", error)) == NULL)
    return FALSE;
  gst_bin_add (GST_BIN (pipeline), dec);
  if ((convert = _sc_live_preview_make ("videoconvert", "convert", error)) == NULL)
    return FALSE;
  gst_bin_add (GST_BIN (pipeline), convert);
  if ((filter = _sc_live_preview_make ("capsfilter", "filter", error)) == NULL)
    return FALSE;
  gst_bin_add (GST_BIN (pipeline), filter);
  if ((sink = _sc_live_preview_make ("appsink", "sink", error)) == NULL)
    return FALSE;
  gst_bin_add (GST_BIN (pipeline), sink);

  gst_util_set_object_arg (G_OBJECT (src), "protocols", self->rtsp_tcp ? "tcp" : "udp");
  g_object_set (src,
                "location", self->rtsp_uri,
                "latency", 200,
                "tcp-timeout", (guint64)10 * G_USEC_PER_SEC,
                NULL);

  rgba_caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "RGBA", NULL);
  g_object_set (filter, "caps", rgba_caps, NULL);
  g_object_set (sink, "sync", FALSE, "max-buffers", 1, "drop", TRUE,
                "enable-last-sample", FALSE, NULL);

  if (!gst_element_link_many (depay, parse, dec, convert, filter, sink, NULL))
    {
      g_set_error_literal (error, SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_NEGOTIATION,
                           _("The live preview pipeline could not be built."));
      return FALSE;
    }

  g_signal_connect_object (src, "pad-added", G_CALLBACK (on_rtsp_pad_added_cb), depay, 0);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &frame_callbacks, self, NULL);

  bus = gst_element_get_bus (pipeline);
  g_main_context_push_thread_default (self->context);
  self->bus_watch_id = gst_bus_add_watch (bus, _sc_live_preview_on_bus_message_cb, self);
  g_main_context_pop_thread_default (self->context);

  self->pipeline = g_steal_pointer (&pipeline);
  return TRUE;
}

gboolean
_sc_live_preview_start_rtsp_pipeline (ScLivePreview *self,
                                      GError       **error)
{
  if (!build_rtsp_pipeline (self, error))
    return FALSE;

  _sc_live_preview_set_state (self, SC_LIVE_PREVIEW_STATE_STARTING);
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error_literal (error, SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_STREAM,
                           _("The live preview could not be started. Check that the camera "
                             "is connected, then try again."));
      return FALSE;
    }

  return TRUE;
}
