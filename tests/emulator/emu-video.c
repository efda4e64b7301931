/* emu-video.c: dual-fisheye H.264 MP4 recordings
 *
 * A worker thread renders frames of the turning scene (yaw_rate degrees
 * per second) in real time and pushes them into
 *   appsrc ! videoconvert ! x264enc ! h264parse ! mp4mux ! filesink.
 * If the machine is too slow for real time, frames are rendered late and
 * the worker catches up when recording stops, so the video always lasts as
 * long as the recording did. Stopping then sends EOS and waits for it on
 * the bus, so the MP4 is complete (moov written) when the stop finishes.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "emu-video"

#include "config.h"

#include <gst/app/gstappsrc.h>
#include <gst/gst.h>

#include "emu-media.h"

#define EOS_TIMEOUT (20 * GST_SECOND)

struct _ScEmuRecorder
{
  ScEmuRig    rig;
  int         frame_rate;
  double      yaw_rate;
  GstElement *pipeline;
  GstElement *src;
  GThread    *thread;
  GMutex      lock;
  GCond       cond;
  gboolean    stop;
  guint       last_frame;    /* with stop: the frame count to reach */
  gint64      started_at;

  /* Written by the worker, read after it has been joined. */
  guint       frames;
  GBytes     *thumbnail;
  GError     *error;
};

static void
recorder_free (ScEmuRecorder *self)
{
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_clear_object (&self->src);
  gst_clear_object (&self->pipeline);
  g_clear_pointer (&self->thumbnail, g_bytes_unref);
  g_clear_error (&self->error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

void
sc_emu_recording_free (ScEmuRecording *recording)
{
  if (recording == NULL)
    return;

  g_clear_pointer (&recording->thumbnail, g_bytes_unref);
  g_free (recording);
}

static gpointer
record_thread (gpointer data)
{
  ScEmuRecorder *self = data;
  g_autoptr(ScEmuRigMap) map = NULL;
  g_autoptr(ScEmuImage) frame = NULL;
  g_autoptr(GError) error = NULL;
  const ScEmuImage *scene = sc_emu_scene_get (&error);
  gint64 frame_us = G_USEC_PER_SEC / self->frame_rate;

  if (scene == NULL)
    {
      self->error = g_steal_pointer (&error);
      return NULL;
    }

  map = sc_emu_rig_map_get (&self->rig, scene);
  frame = sc_emu_image_new (self->rig.width, self->rig.height);

  for (;;)
    {
      guint n = self->frames;
      GstBuffer *buffer;
      GstFlowReturn flow;

      g_mutex_lock (&self->lock);
      /* Frame n is due at started_at + n / frame_rate; frame 0 at once. */
      while (!self->stop && n > 0 && g_get_monotonic_time () < self->started_at + n * frame_us)
        g_cond_wait_until (&self->cond, &self->lock, self->started_at + n * frame_us);
      if (self->stop && n >= self->last_frame)
        {
          g_mutex_unlock (&self->lock);
          break;
        }
      g_mutex_unlock (&self->lock);

      sc_emu_rig_map_render (map, scene, self->yaw_rate * n / self->frame_rate, frame);
      if (n == 0)
        self->thumbnail = sc_emu_make_thumbnail (frame, NULL);

      buffer = gst_buffer_new_memdup (frame->data, (gsize)frame->stride * frame->height);
      GST_BUFFER_PTS (buffer) = gst_util_uint64_scale (n, GST_SECOND, self->frame_rate);
      GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (1, GST_SECOND, self->frame_rate);
      flow = gst_app_src_push_buffer (GST_APP_SRC (self->src), buffer);
      if (flow != GST_FLOW_OK)
        {
          g_set_error (&self->error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "The encoder refused frame %u: %s", n, gst_flow_get_name (flow));
          break;
        }
      self->frames++;
    }

  return NULL;
}

/* Starts recording to @path right away. */
ScEmuRecorder *
sc_emu_recorder_start (const char      *path,
                       const ScEmuRig  *rig,
                       int              frame_rate,
                       double           yaw_rate,
                       GError         **error)
{
  ScEmuRecorder *self = g_new0 (ScEmuRecorder, 1);
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstCaps) caps = NULL;

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->rig = *rig;
  self->frame_rate = MAX (1, frame_rate);
  self->yaw_rate = yaw_rate;

  self->pipeline = gst_parse_launch ("appsrc name=src format=time ! videoconvert ! video/x-raw,format=I420 ! "
                                     "x264enc speed-preset=ultrafast tune=zerolatency key-int-max=15 ! "
                                     "h264parse ! mp4mux ! filesink name=sink", error);
  if (self->pipeline == NULL)
    {
      recorder_free (self);
      return NULL;
    }
  gst_object_ref_sink (self->pipeline);

  self->src = gst_bin_get_by_name (GST_BIN (self->pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (self->pipeline), "sink");
  caps = gst_caps_new_simple ("video/x-raw",
                              "format", G_TYPE_STRING, "RGB",
                              "width", G_TYPE_INT, rig->width,
                              "height", G_TYPE_INT, rig->height,
                              "framerate", GST_TYPE_FRACTION, self->frame_rate, 1,
                              NULL);
  /* A short queue: the worker must not run ahead of the encoder. */
  g_object_set (self->src, "caps", caps, "block", TRUE,
                "max-bytes", (guint64)(rig->width * 3 + 3) * rig->height * 3, NULL);
  g_object_set (sink, "location", path, NULL);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot start the recording pipeline");
      recorder_free (self);
      return NULL;
    }

  self->started_at = g_get_monotonic_time ();
  self->thread = g_thread_new ("emu-recorder", record_thread, self);
  return self;
}

/* Stops the worker once it has rendered the frames due by now (all of
 * them with @catch_up; none more otherwise). */
static void
stop_worker (ScEmuRecorder *self,
             gboolean       catch_up)
{
  gint64 elapsed = g_get_monotonic_time () - self->started_at;

  g_mutex_lock (&self->lock);
  self->stop = TRUE;
  if (catch_up)
    self->last_frame = (guint)MAX (1, elapsed * self->frame_rate / G_USEC_PER_SEC);
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  g_clear_pointer (&self->thread, g_thread_join);
}

static void
stop_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ScEmuRecorder *self = task_data;
  g_autoptr(GstBus) bus = gst_element_get_bus (self->pipeline);
  g_autoptr(GstMessage) message = NULL;
  ScEmuRecording *recording;

  stop_worker (self, TRUE);
  if (self->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&self->error));
      return;
    }

  gst_app_src_end_of_stream (GST_APP_SRC (self->src));
  message = gst_bus_timed_pop_filtered (bus, EOS_TIMEOUT, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (message == NULL || GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      GError *error = NULL;

      if (message != NULL)
        gst_message_parse_error (message, &error, NULL);
      else
        error = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "The MP4 was not finalised in time");
      g_task_return_error (task, error);
      return;
    }
  gst_element_set_state (self->pipeline, GST_STATE_NULL);

  recording = g_new0 (ScEmuRecording, 1);
  recording->frames = self->frames;
  recording->duration = (double)self->frames / self->frame_rate;
  recording->thumbnail = g_steal_pointer (&self->thumbnail);
  g_debug ("Recorded %u frames (%.1f s)", recording->frames, recording->duration);
  g_task_return_pointer (task, recording, (GDestroyNotify)sc_emu_recording_free);
}

/* Stops recording and finalises the file on a worker thread; takes
 * ownership of @self. */
void
sc_emu_recorder_stop_async (ScEmuRecorder       *self,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);

  g_task_set_source_tag (task, sc_emu_recorder_stop_async);
  g_task_set_task_data (task, self, (GDestroyNotify)recorder_free);
  g_task_run_in_thread (task, stop_thread);
}

ScEmuRecording *
sc_emu_recorder_stop_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Stops at once without finalising the file (used when the emulator
 * exits mid-recording). */
void
sc_emu_recorder_abort (ScEmuRecorder *self)
{
  stop_worker (self, FALSE);
  recorder_free (self);
}
