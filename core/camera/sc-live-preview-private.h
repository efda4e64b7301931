/* sc-live-preview-private.h: what sc-live-preview*.c share
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>
#include <gst/app/gstappsink.h>

#include "sc-live-preview.h"

G_BEGIN_DECLS

/* ScLivePreview: the camera's live preview, decoded. The struct is shared
 * by sc-live-preview*.c; the work is split by concern:
 *   sc-live-preview.c        the object, its state and properties, frames
 *                            handed to the owner's context, the bus
 *   sc-live-preview-mjpeg.c  the multipart MJPEG pipeline and reading the
 *                            stream into it
 *   sc-live-preview-rtsp.c   the RTSP (H.264) pipeline */
struct _ScLivePreview
{
  GObject             parent_instance;

  GMainContext       *context;

  /* Owner-thread state */
  GstElement         *pipeline;
  GstElement         *appsrc;
  guint               bus_watch_id;
  GInputStream       *stream;
  GCancellable       *cancellable;
  guint               generation;
  gboolean            reading;
  GSource            *backoff_source;
  ScLivePreviewState  state;
  GError             *error;
  guint64             frames;
  double              fps;
  guint               width;
  guint               height;
  gint64              fps_window_start;
  guint64             fps_window_frames;
  GstSample          *last_sample;
  char               *rtsp_uri;      /* set while showing an RTSP stream */
  gboolean            rtsp_tcp;      /* TCP tried first, then UDP */

  /* Shared with the streaming threads */
  GMutex              lock;
  GstSample          *pending_sample;
  guint64             decoded;
  GSource            *pending_source;
  GstBuffer          *last_jpeg;
};

/* sc-live-preview.c */
void           _sc_live_preview_set_state           (ScLivePreview      *self,
                                                     ScLivePreviewState  state);
void           _sc_live_preview_fail                (ScLivePreview      *self,
                                                     GError             *error);
GstFlowReturn  _sc_live_preview_on_new_frame_cb     (GstAppSink         *sink,
                                                     gpointer            user_data);
gboolean       _sc_live_preview_on_bus_message_cb   (GstBus             *bus,
                                                     GstMessage         *message,
                                                     gpointer            user_data);

/* sc-live-preview-mjpeg.c */
GstElement    *_sc_live_preview_make                (const char         *factory,
                                                     const char         *name,
                                                     GError            **error);
gboolean       _sc_live_preview_build_pipeline      (ScLivePreview      *self,
                                                     GError            **error);
void           _sc_live_preview_read_next           (ScLivePreview      *self);

/* sc-live-preview-rtsp.c */
gboolean       _sc_live_preview_start_rtsp_pipeline (ScLivePreview      *self,
                                                     GError            **error);

G_END_DECLS
