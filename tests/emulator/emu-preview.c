/* emu-preview.c: camera.getLivePreview, a never-ending MJPEG stream
 *
 * Wire format as a THETA sends it (PROTOCOLS.md §1.9): chunked
 * multipart/x-mixed-replace whose parts start with the line
 * "---osclivepreview---" (no RFC 2046 "--" prefix), then
 * "Content-type: image/jpeg", "Content-Length: N", an empty line, the JPEG
 * and CRLF CRLF.
 *
 * One producer serves every open stream: a timer paces frames at the
 * previewFormat rate, a worker thread renders and encodes each one, and
 * the frame goes to each client that has fewer than two parts queued
 * (slow clients skip frames instead of buffering them).
 *
 * The frames are equirectangular, as a THETA stitches its preview; with
 * --preview-projection dual-fisheye they are the two lenses' circles at
 * the preview size instead (the capture rig, sc_emu_rig_init(), held as
 * --tilt says), as cameras that leave stitching to the app send them.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "emu-preview"

#include "config.h"

#include <string.h>

#include "emu-private.h"

#define BOUNDARY       "---osclivepreview---"
#define MAX_QUEUED     2
#define JPEG_QUALITY   75

typedef struct
{
  ScEmuPreview *preview;
  ScEmuRequest *request;
  guint         queued;
  gboolean      active;
  gulong        wrote_chunk_id;
  gulong        finished_id;
} Stream;

struct _ScEmuPreview
{
  ScEmuCamera      *camera;
  GPtrArray        *streams;       /* every stream until libsoup finishes it */
  ScEmuJpegEncoder *encoder;       /* NULL while a worker uses it */
  guint             tick_id;
  gint64            started_at;
  gint64            next_frame_at;
  gboolean          rendering;
  guint             frames;
};

typedef struct
{
  ScEmuJpegEncoder *encoder;
  int               width;
  int               height;
  double            yaw;
  gboolean          dual_fisheye;
  double            tilt_pitch_deg;
  double            tilt_roll_deg;
} FrameJob;

static void
frame_job_free (gpointer data)
{
  FrameJob *job = data;

  g_clear_pointer (&job->encoder, sc_emu_jpeg_encoder_free);
  g_free (job);
}

static void
stream_free (Stream *stream)
{
  g_clear_signal_handler (&stream->wrote_chunk_id, stream->request->msg);
  g_clear_signal_handler (&stream->finished_id, stream->request->msg);
  sc_emu_request_unref (stream->request);
  g_free (stream);
}

static guint
active_streams (ScEmuPreview *preview)
{
  guint n = 0;

  for (guint i = 0; i < preview->streams->len; i++)
    n += ((Stream *)g_ptr_array_index (preview->streams, i))->active;
  return n;
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FrameJob *job = task_data;
  g_autoptr(ScEmuImage) frame = sc_emu_image_new (job->width, job->height);
  g_autoptr(GError) error = NULL;
  const ScEmuImage *scene = sc_emu_scene_get (&error);
  GBytes *jpeg;

  if (scene == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (job->dual_fisheye)
    {
      g_autoptr(ScEmuRigMap) map = NULL;
      ScEmuRig rig;

      /* The map is cached by rig and scene: built for the first frame. */
      sc_emu_rig_init (&rig, job->width, job->height);
      rig.pitch_deg = job->tilt_pitch_deg;
      rig.roll_deg = job->tilt_roll_deg;
      map = sc_emu_rig_map_get (&rig, scene);
      sc_emu_rig_map_render (map, scene, job->yaw, frame);
    }
  else
    {
      sc_emu_render_equirect (scene, job->yaw, frame);
    }
  jpeg = sc_emu_jpeg_encoder_encode (job->encoder, frame, &error);
  if (jpeg == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, jpeg, (GDestroyNotify)g_bytes_unref);
}

static GBytes *
make_part (GBytes *jpeg)
{
  gsize length = g_bytes_get_size (jpeg);
  g_autofree char *head = g_strdup_printf (BOUNDARY "\r\nContent-type: image/jpeg\r\nContent-Length: %"
                                           G_GSIZE_FORMAT "\r\n\r\n", length);
  gsize head_length = strlen (head);
  guint8 *part = g_malloc (head_length + length + 4);

  memcpy (part, head, head_length);
  memcpy (part + head_length, g_bytes_get_data (jpeg, NULL), length);
  memcpy (part + head_length + length, "\r\n\r\n", 4);
  return g_bytes_new_take (part, head_length + length + 4);
}

static void
on_frame_rendered_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  ScEmuCamera *self = SC_EMU_CAMERA (object);
  ScEmuPreview *preview = self->preview;
  FrameJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GBytes) part = NULL;

  if (preview == NULL)
    return;

  /* Give the encoder back. */
  preview->encoder = g_steal_pointer (&job->encoder);
  preview->rendering = FALSE;
  if (jpeg == NULL)
    {
      g_warning ("Preview frame failed: %s", error->message);
      return;
    }

  part = make_part (jpeg);
  preview->frames++;
  for (guint i = 0; i < preview->streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (preview->streams, i);

      if (!stream->active || stream->queued >= MAX_QUEUED)
        continue;
      soup_message_body_append_bytes (soup_server_message_get_response_body (stream->request->msg), part);
      stream->queued++;
      sc_emu_request_resume (stream->request);
    }
}

static gboolean
on_tick_cb (gpointer user_data)
{
  ScEmuCamera *self = user_data;
  ScEmuPreview *preview = self->preview;
  gint64 now = g_get_monotonic_time ();
  gint64 frame_us = G_USEC_PER_SEC / MAX (1, self->options.preview_framerate);
  g_autoptr(GTask) task = NULL;
  FrameJob *job;

  if (active_streams (preview) == 0)
    {
      preview->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  if (preview->rendering || now < preview->next_frame_at)
    return G_SOURCE_CONTINUE;

  /* Keep the average rate; after a stall, do not burst to catch up. */
  preview->next_frame_at = MAX (preview->next_frame_at + frame_us, now - frame_us);

  job = g_new0 (FrameJob, 1);
  job->encoder = g_steal_pointer (&preview->encoder);
  job->width = self->options.preview_width;
  job->height = self->options.preview_height;
  job->yaw = SC_EMU_PREVIEW_YAW_RATE * (now - preview->started_at) / G_USEC_PER_SEC;
  job->dual_fisheye = self->config->preview_dual_fisheye;
  job->tilt_pitch_deg = self->config->tilt_pitch_deg;
  job->tilt_roll_deg = self->config->tilt_roll_deg;
  preview->rendering = TRUE;

  task = g_task_new (self, NULL, on_frame_rendered_cb, NULL);
  g_task_set_source_tag (task, on_tick_cb);
  g_task_set_task_data (task, job, frame_job_free);
  g_task_run_in_thread (task, render_thread);

  return G_SOURCE_CONTINUE;
}

static void
on_stream_wrote_chunk_cb (SoupServerMessage *msg,
                          Stream            *stream)
{
  if (stream->queued > 0)
    stream->queued--;
}

static void
on_stream_finished_cb (SoupServerMessage *msg,
                       Stream            *stream)
{
  g_debug ("Preview client gone");
  g_ptr_array_remove (stream->preview->streams, stream);
}

void
sc_emu_preview_free (ScEmuPreview *preview)
{
  g_clear_handle_id (&preview->tick_id, g_source_remove);
  g_clear_pointer (&preview->streams, g_ptr_array_unref);
  g_clear_pointer (&preview->encoder, sc_emu_jpeg_encoder_free);
  g_free (preview);
}

/* Answers camera.getLivePreview with an endless stream. */
void
sc_emu_preview_serve (ScEmuCamera  *self,
                      ScEmuRequest *request)
{
  SoupServerMessage *msg = request->msg;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  ScEmuPreview *preview = self->preview;
  Stream *stream;

  if (preview == NULL)
    {
      preview = self->preview = g_new0 (ScEmuPreview, 1);
      preview->camera = self;
      preview->streams = g_ptr_array_new_with_free_func ((GDestroyNotify)stream_free);
      preview->encoder = sc_emu_jpeg_encoder_new (JPEG_QUALITY);
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "multipart/x-mixed-replace; boundary=\"" BOUNDARY "\"", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_replace (headers, "Connection", "Keep-Alive");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);

  stream = g_new0 (Stream, 1);
  stream->preview = preview;
  stream->request = sc_emu_request_ref (request);
  stream->active = TRUE;
  stream->wrote_chunk_id = g_signal_connect (msg, "wrote-chunk", G_CALLBACK (on_stream_wrote_chunk_cb), stream);
  stream->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (on_stream_finished_cb), stream);
  g_ptr_array_add (preview->streams, stream);
  g_debug ("Preview stream started (%dx%d @ %d fps, %s)", self->options.preview_width,
           self->options.preview_height, self->options.preview_framerate,
           self->config->preview_dual_fisheye ? "dual-fisheye" : "equirectangular");

  if (preview->tick_id == 0)
    {
      gint64 frame_us = G_USEC_PER_SEC / MAX (1, self->options.preview_framerate);

      preview->started_at = preview->next_frame_at = g_get_monotonic_time ();
      preview->tick_id = g_timeout_add (MAX (1, frame_us / 4000), on_tick_cb, self);
    }

  sc_emu_request_resume (request);
}

/* Ends every stream cleanly (the chunked body is terminated), as a THETA
 * does when it starts shooting or changes mode. */
void
sc_emu_preview_stop_all (ScEmuCamera *self)
{
  ScEmuPreview *preview = self->preview;

  if (preview == NULL)
    return;

  for (guint i = 0; i < preview->streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (preview->streams, i);

      if (!stream->active)
        continue;
      stream->active = FALSE;
      soup_message_body_complete (soup_server_message_get_response_body (stream->request->msg));
      sc_emu_request_resume (stream->request);
    }
  g_clear_handle_id (&preview->tick_id, g_source_remove);
}
