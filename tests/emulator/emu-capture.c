/* emu-capture.c: takePicture, interval shooting and video recording
 *
 * Pictures are rendered on a worker thread (GTask); the command stays
 * inProgress for at least the stitch time, like a THETA.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "emu-capture"

#include "config.h"

#include <math.h>

#include <glib/gstdio.h>

#include "emu-json.h"
#include "emu-private.h"

#define PHOTO_QUALITY 92

typedef enum
{
  CAPTURE_PICTURE,
  CAPTURE_INTERVAL,
  CAPTURE_VIDEO,
} CaptureKind;

struct _ScEmuCapture
{
  ScEmuCamera   *camera;
  CaptureKind    kind;
  char          *command_id;     /* the inProgress command, if any */
  GCancellable  *cancellable;

  /* Stills */
  ScEmuFile     *pending;        /* rendered, waiting for the stitch time */
  gboolean       stitch_elapsed;
  guint          stitch_id;
  gboolean       shooting;       /* a render is running */
  int            interval_s;
  int            number;         /* 0: until stopCapture */
  int            taken;
  GPtrArray     *urls;
  guint          interval_id;

  /* Video */
  ScEmuRecorder *recorder;
  ScEmuFile     *video;
  ScEmuRig       rig;
  gint64         started_at;

  ScEmuRequest  *stop_request;
};

typedef struct
{
  ScEmuFile *file;               /* reserved name and path, filled in here */
  ScEmuRig   rig;
  double     yaw;
  gboolean   has_gps;
  double     altitude;
  GDateTime *gps_time;
} ShotJob;

static void
shot_job_free (gpointer data)
{
  ShotJob *job = data;

  g_clear_pointer (&job->file, sc_emu_file_free);
  g_clear_pointer (&job->gps_time, g_date_time_unref);
  g_free (job);
}

static char *
sidecar_path (const char *path,
              const char *suffix)
{
  g_autofree char *stem = g_strndup (path, strlen (path) - 4);

  return g_strconcat (stem, suffix, NULL);
}

static gboolean
write_bytes (const char  *path,
             GBytes      *bytes,
             GError     **error)
{
  return g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize)g_bytes_get_size (bytes), error);
}

/* Returns @jpeg (taking it) with a standard XMP APP1 segment after its
 * Exif carrying the tilt as a THETA records it on a shot it did not
 * zenith-correct: GPano:PosePitchDegrees and PoseRollDegrees only (a
 * dual-fisheye JPEG gets no ProjectionType, PROTOCOLS.md §3.5; the signs
 * are in emu-render.c). */
static GBytes *
attach_pose_xmp (GBytes         *jpeg,
                 const ScEmuRig *rig)
{
  static const char header[] = "http://ns.adobe.com/xap/1.0/";
  g_autoptr(GBytes) input = jpeg;
  g_autofree char *packet = NULL;
  char pitch[G_ASCII_DTOSTR_BUF_SIZE], roll[G_ASCII_DTOSTR_BUF_SIZE];
  double pose_pitch, pose_roll;
  const guint8 *src;
  gsize src_len, at = 2, packet_len, seg_len;
  GByteArray *out;

  sc_emu_rig_get_gpano_pose (rig, &pose_pitch, &pose_roll);
  g_ascii_formatd (pitch, sizeof pitch, "%.2f", pose_pitch);
  g_ascii_formatd (roll, sizeof roll, "%.2f", pose_roll);
  packet = g_strdup_printf ("<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
                            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">"
                            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                            "<rdf:Description rdf:about=\"\" "
                            "xmlns:GPano=\"http://ns.google.com/photos/1.0/panorama/\">"
                            "<GPano:PosePitchDegrees>%s</GPano:PosePitchDegrees>"
                            "<GPano:PoseRollDegrees>%s</GPano:PoseRollDegrees>"
                            "</rdf:Description></rdf:RDF></x:xmpmeta>"
                            "<?xpacket end=\"w\"?>", pitch, roll);
  packet_len = strlen (packet);
  seg_len = 2 + sizeof header + packet_len;   /* sizeof counts the NUL */

  src = g_bytes_get_data (input, &src_len);
  /* After SOI and the Exif APP1 that sc_emu_exif_attach() put first. */
  if (src_len > 6 && src[2] == 0xff && src[3] == 0xe1)
    at += 2 + ((gsize)src[4] << 8 | src[5]);
  g_return_val_if_fail (at <= src_len, NULL);

  out = g_byte_array_sized_new (src_len + seg_len + 2);
  g_byte_array_append (out, src, at);
  g_byte_array_append (out, (const guint8 *)"\xff\xe1", 2);
  g_byte_array_append (out, (const guint8[]) { seg_len >> 8, seg_len & 0xff }, 2);
  g_byte_array_append (out, (const guint8 *)header, sizeof header);
  g_byte_array_append (out, (const guint8 *)packet, packet_len);
  g_byte_array_append (out, src + at, src_len - at);

  return g_byte_array_free_to_bytes (out);
}

static void
shot_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ShotJob *job = task_data;
  ScEmuFile *file = job->file;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScEmuRigMap) map = NULL;
  g_autoptr(ScEmuImage) image = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GBytes) tagged = NULL;
  g_autoptr(JsonObject) lens = NULL;
  g_autofree char *lens_path = sidecar_path (file->path, ".lens.json");
  g_autofree char *thumb_path = sidecar_path (file->path, ".thumb.jpg");
  const ScEmuImage *scene;
  ScEmuExifInfo exif = { 0 };
  gint64 t0 = g_get_monotonic_time ();

  scene = sc_emu_scene_get (&error);
  if (scene == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  map = sc_emu_rig_map_get (&job->rig, scene);
  image = sc_emu_image_new (job->rig.width, job->rig.height);
  sc_emu_rig_map_render (map, scene, job->yaw, image);

  lens = sc_emu_rig_to_json (&job->rig, job->yaw);
  json_object_set_string_member (lens, "media", "image");
  json_object_set_string_member (lens, "file", file->name);
  file->lens_json = sc_emu_json_object_to_string (lens, FALSE);

  exif.date = file->date;
  exif.width = file->width;
  exif.height = file->height;
  exif.user_comment = file->lens_json;
  exif.has_gps = job->has_gps;
  exif.latitude = file->latitude;
  exif.longitude = file->longitude;
  exif.altitude = job->altitude;
  exif.gps_time = job->gps_time;

  if ((jpeg = sc_emu_image_encode_jpeg (image, PHOTO_QUALITY, &error)) == NULL ||
      (tagged = sc_emu_exif_attach (jpeg, &exif, &error)) == NULL ||
      (sc_emu_rig_is_tilted (&job->rig) && (tagged = attach_pose_xmp (tagged, &job->rig)) == NULL) ||
      (file->thumbnail = sc_emu_make_thumbnail (image, &error)) == NULL ||
      !write_bytes (file->path, tagged, &error) ||
      !g_file_set_contents (lens_path, file->lens_json, -1, &error) ||
      !write_bytes (thumb_path, file->thumbnail, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  file->size = g_bytes_get_size (tagged);
  g_debug ("Rendered %s (%dx%d, yaw %.0f deg) in %.0f ms", file->name, file->width, file->height,
           job->yaw, (g_get_monotonic_time () - t0) / 1000.0);
  g_task_return_pointer (task, g_steal_pointer (&job->file), (GDestroyNotify)sc_emu_file_free);
}

/* Renders and stores one still; the callback gets the ScEmuFile
 * (sc_emu_camera_add_file() is up to it). */
static void
shoot_async (ScEmuCamera         *self,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  ShotJob *job = g_new0 (ShotJob, 1);
  const ScEmuOptions *o = &self->options;
  ScEmuFile *file = sc_emu_camera_new_file (self, SC_EMU_FILE_IMAGE);

  g_task_set_source_tag (task, shoot_async);
  file->date = sc_emu_camera_now (self);
  file->width = o->image_format.width;
  file->height = o->image_format.height;
  if (o->gps_enabled && o->gps_tag_recording)
    {
      file->has_gps = TRUE;
      file->latitude = o->gps_lat;
      file->longitude = o->gps_lng;
      job->has_gps = TRUE;
      job->altitude = o->gps_altitude;
      job->gps_time = g_date_time_to_utc (file->date);
    }

  job->file = file;
  job->yaw = fmod (SC_EMU_PHOTO_YAW_STEP * (file->number - 1), 360.0);
  sc_emu_rig_init (&job->rig, file->width, file->height);
  job->rig.pitch_deg = self->config->tilt_pitch_deg;
  job->rig.roll_deg = self->config->tilt_roll_deg;
  g_task_set_task_data (task, job, shot_job_free);
  g_task_run_in_thread (task, shot_thread);
}

static ScEmuFile *
shoot_finish (GAsyncResult  *result,
              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static ScEmuCommand *
capture_command (ScEmuCapture *capture)
{
  if (capture->command_id == NULL)
    return NULL;
  return g_hash_table_lookup (capture->camera->commands, capture->command_id);
}

void
sc_emu_capture_free (ScEmuCapture *capture)
{
  g_cancellable_cancel (capture->cancellable);
  g_clear_handle_id (&capture->stitch_id, g_source_remove);
  g_clear_handle_id (&capture->interval_id, g_source_remove);
  g_clear_pointer (&capture->recorder, sc_emu_recorder_abort);
  g_clear_pointer (&capture->pending, sc_emu_file_free);
  g_clear_pointer (&capture->video, sc_emu_file_free);
  g_clear_pointer (&capture->urls, g_ptr_array_unref);
  g_clear_pointer (&capture->stop_request, sc_emu_request_unref);
  g_clear_object (&capture->cancellable);
  g_free (capture->command_id);
  g_free (capture);
}

static ScEmuCapture *
capture_new (ScEmuCamera *self,
             CaptureKind  kind)
{
  ScEmuCapture *capture = g_new0 (ScEmuCapture, 1);

  capture->camera = self;
  capture->kind = kind;
  capture->cancellable = g_cancellable_new ();
  capture->urls = g_ptr_array_new_with_free_func (g_free);
  return capture;
}

static void
capture_set_status (ScEmuCamera        *self,
                    ScEmuCaptureStatus  status)
{
  if (self->capture_status == status)
    return;
  self->capture_status = status;
  sc_emu_camera_state_changed (self);
}

/* Ends the current capture: completes its command and any waiting
 * stopCapture, then forgets it. */
static void
capture_finish (ScEmuCamera  *self,
                JsonObject   *results,
                const GError *error)
{
  ScEmuCapture *capture = g_steal_pointer (&self->capture);
  ScEmuCommand *command = capture_command (capture);

  if (command != NULL)
    sc_emu_command_complete (self, command, results, error);
  if (capture->stop_request != NULL)
    {
      if (error != NULL)
        sc_emu_request_reply_error (capture->stop_request, self, "camera.stopCapture", error);
      else
        {
          g_autoptr(JsonObject) reply = json_object_new ();

          json_object_set_string_member (reply, "name", "camera.stopCapture");
          json_object_set_string_member (reply, "state", "done");
          if (results != NULL)
            json_object_set_object_member (reply, "results", json_object_ref (results));
          sc_emu_request_reply_json (capture->stop_request, self, SOUP_STATUS_OK, reply);
        }
    }

  capture_set_status (self, SC_EMU_CAPTURE_IDLE);
  sc_emu_capture_free (capture);
}

/* A new file is on the card: list it and make it the latest. */
static char *
publish_file (ScEmuCamera *self,
              ScEmuFile   *file)
{
  char *url = sc_emu_camera_file_url (self, file);

  sc_emu_camera_add_file (self, file);
  g_free (self->latest_file_url);
  self->latest_file_url = g_strdup (url);
  sc_emu_camera_state_changed (self);
  g_debug ("Saved %s", url);
  return url;
}

static JsonObject *
urls_results (GPtrArray *urls)
{
  JsonObject *results = json_object_new ();
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < urls->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (urls, i));
  json_object_set_array_member (results, "fileUrls", array);
  return results;
}

static void
picture_maybe_done (ScEmuCamera *self)
{
  ScEmuCapture *capture = self->capture;
  g_autoptr(JsonObject) results = NULL;
  g_autofree char *url = NULL;

  if (capture->pending == NULL || !capture->stitch_elapsed)
    return;

  url = publish_file (self, g_steal_pointer (&capture->pending));
  results = json_object_new ();
  json_object_set_string_member (results, "fileUrl", url);
  capture_finish (self, results, NULL);
}

static gboolean
on_stitch_elapsed_cb (gpointer user_data)
{
  ScEmuCamera *self = user_data;

  self->capture->stitch_id = 0;
  self->capture->stitch_elapsed = TRUE;
  picture_maybe_done (self);
  return G_SOURCE_REMOVE;
}

static void
on_picture_shot_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ScEmuCamera *self = SC_EMU_CAMERA (object);
  g_autoptr(GError) error = NULL;
  ScEmuFile *file = shoot_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_assert (self->capture != NULL && self->capture->kind == CAPTURE_PICTURE);

  if (file == NULL)
    {
      g_autoptr(GError) osc = g_error_new (SC_EMU_OSC_ERROR, SC_EMU_OSC_UNEXPECTED,
                                           "Capture failed: %s", error->message);

      g_warning ("%s", osc->message);
      capture_finish (self, NULL, osc);
      return;
    }

  self->capture->pending = file;
  picture_maybe_done (self);
}

static gboolean
check_can_shoot (ScEmuCamera  *self,
                 GError      **error)
{
  if (self->capture != NULL && self->capture->kind == CAPTURE_PICTURE)
    {
      g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_SERVICE_UNAVAILABLE,
                   "The camera is still processing the previous picture");
      return FALSE;
    }
  if (self->capture != NULL)
    {
      g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_DISABLED_COMMAND,
                   "The camera is shooting");
      return FALSE;
    }
  if (self->config->faults.disk_full)
    {
      g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_DISABLED_COMMAND,
                   "Storage full: no space left for captures");
      return FALSE;
    }
  return TRUE;
}

static void
reply_command (ScEmuCamera  *self,
               ScEmuRequest *request,
               ScEmuCommand *command)
{
  g_autoptr(JsonObject) reply = sc_emu_command_to_json (command);

  sc_emu_request_reply_json (request, self, SOUP_STATUS_OK, reply);
}

gboolean
sc_emu_capture_take_picture (ScEmuCamera   *self,
                             ScEmuRequest  *request,
                             GError       **error)
{
  ScEmuCommand *command;

  if (!check_can_shoot (self, error))
    return FALSE;
  if (g_strcmp0 (self->options.capture_mode, "image") != 0)
    {
      g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_DISABLED_COMMAND,
                   "camera.takePicture is not available in video mode");
      return FALSE;
    }

  sc_emu_preview_stop_all (self);
  command = sc_emu_command_new (self, "camera.takePicture", SC_EMU_STITCH_TIME_MS * 1000);
  self->capture = capture_new (self, CAPTURE_PICTURE);
  self->capture->command_id = g_strdup (command->id);
  self->capture->stitch_id = g_timeout_add (SC_EMU_STITCH_TIME_MS, on_stitch_elapsed_cb, self);
  capture_set_status (self, SC_EMU_CAPTURE_SHOOTING);
  shoot_async (self, self->capture->cancellable, on_picture_shot_cb, NULL);

  reply_command (self, request, command);
  return TRUE;
}

static void interval_shoot (ScEmuCamera *self);

static void
interval_maybe_done (ScEmuCamera *self)
{
  ScEmuCapture *capture = self->capture;
  g_autoptr(JsonObject) results = NULL;

  if (capture->shooting)
    return;
  if (capture->stop_request == NULL && (capture->number == 0 || capture->taken < capture->number))
    return;

  results = urls_results (capture->urls);
  capture_finish (self, results, NULL);
}

static void
on_interval_shot_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ScEmuCamera *self = SC_EMU_CAMERA (object);
  g_autoptr(GError) error = NULL;
  ScEmuFile *file = shoot_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_assert (self->capture != NULL && self->capture->kind == CAPTURE_INTERVAL);

  self->capture->shooting = FALSE;
  if (file == NULL)
    {
      g_autoptr(GError) osc = g_error_new (SC_EMU_OSC_ERROR, SC_EMU_OSC_UNEXPECTED,
                                           "Capture failed: %s", error->message);

      capture_finish (self, NULL, osc);
      return;
    }

  self->capture->taken++;
  g_ptr_array_add (self->capture->urls, publish_file (self, file));
  interval_maybe_done (self);
}

static void
interval_shoot (ScEmuCamera *self)
{
  ScEmuCapture *capture = self->capture;

  /* A shot still rendering when the next is due is skipped, as a camera
   * cannot shoot faster than it saves. */
  if (capture->shooting || capture->stop_request != NULL ||
      (capture->number > 0 && capture->taken >= capture->number))
    return;

  capture->shooting = TRUE;
  shoot_async (self, capture->cancellable, on_interval_shot_cb, NULL);
}

static gboolean
on_interval_tick_cb (gpointer user_data)
{
  interval_shoot (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
start_interval (ScEmuCamera   *self,
                ScEmuRequest  *request,
                GError       **error)
{
  ScEmuCapture *capture = capture_new (self, CAPTURE_INTERVAL);
  g_autoptr(JsonObject) reply = NULL;

  capture->interval_s = self->options.capture_interval;
  capture->number = self->options.capture_number;
  self->capture = capture;
  capture_set_status (self, SC_EMU_CAPTURE_INTERVAL);
  capture->interval_id = g_timeout_add ((guint)capture->interval_s * 1000, on_interval_tick_cb, self);
  interval_shoot (self);

  if (capture->number > 0)
    {
      ScEmuCommand *command = sc_emu_command_new (self, "camera.startCapture",
                                                  (gint64)(capture->number - 1) * capture->interval_s *
                                                  G_USEC_PER_SEC + SC_EMU_STITCH_TIME_MS * 1000);

      capture->command_id = g_strdup (command->id);
      reply_command (self, request, command);
      return TRUE;
    }

  reply = json_object_new ();
  json_object_set_string_member (reply, "name", "camera.startCapture");
  json_object_set_string_member (reply, "state", "done");
  sc_emu_request_reply_json (request, self, SOUP_STATUS_OK, reply);
  return TRUE;
}

static gboolean
start_video (ScEmuCamera   *self,
             ScEmuRequest  *request,
             GError       **error)
{
  const ScEmuFileFormat *format = &self->options.video_format;
  g_autoptr(ScEmuCapture) capture = capture_new (self, CAPTURE_VIDEO);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) reply = NULL;

  capture->video = sc_emu_camera_new_file (self, SC_EMU_FILE_VIDEO);
  capture->video->date = sc_emu_camera_now (self);
  capture->video->width = format->width;
  capture->video->height = format->height;
  capture->video->frame_rate = format->frame_rate;
  sc_emu_rig_init (&capture->rig, format->width, format->height);
  capture->rig.pitch_deg = self->config->tilt_pitch_deg;
  capture->rig.roll_deg = self->config->tilt_roll_deg;
  capture->recorder = sc_emu_recorder_start (capture->video->path, &capture->rig, format->frame_rate,
                                             SC_EMU_VIDEO_YAW_RATE, &local_error);
  if (capture->recorder == NULL)
    {
      g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_UNEXPECTED,
                   "Cannot record: %s", local_error->message);
      return FALSE;
    }

  capture->started_at = g_get_monotonic_time ();
  self->capture = g_steal_pointer (&capture);
  capture_set_status (self, SC_EMU_CAPTURE_RECORDING);

  reply = json_object_new ();
  json_object_set_string_member (reply, "name", "camera.startCapture");
  json_object_set_string_member (reply, "state", "done");
  sc_emu_request_reply_json (request, self, SOUP_STATUS_OK, reply);
  return TRUE;
}

gboolean
sc_emu_capture_start (ScEmuCamera   *self,
                      ScEmuRequest  *request,
                      JsonObject    *params,
                      GError       **error)
{
  const char *mode = NULL;
  gboolean video = g_strcmp0 (self->options.capture_mode, "video") == 0;

  if (params != NULL && json_object_has_member (params, "_mode"))
    {
      mode = json_object_get_string_member_with_default (params, "_mode", "");
      if (video || !g_str_equal (mode, "interval"))
        {
          g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_INVALID_PARAMETER_VALUE,
                       "Parameter _mode is invalid");
          return FALSE;
        }
    }

  if (!check_can_shoot (self, error))
    return FALSE;

  sc_emu_preview_stop_all (self);
  return video ? start_video (self, request, error) : start_interval (self, request, error);
}

static void
on_video_stopped_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ScEmuCamera *self = user_data;
  ScEmuCapture *capture = self->capture;
  g_autoptr(ScEmuRecording) recording = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) lens = NULL;
  g_autoptr(JsonObject) results = NULL;
  g_autoptr(GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *lens_path = NULL;
  g_autofree char *thumb_path = NULL;
  ScEmuFile *file;
  GStatBuf st;

  g_assert (capture != NULL && capture->kind == CAPTURE_VIDEO);
  recording = sc_emu_recorder_stop_finish (result, &error);
  file = g_steal_pointer (&capture->video);

  if (recording == NULL || g_stat (file->path, &st) != 0)
    {
      g_autoptr(GError) osc = g_error_new (SC_EMU_OSC_ERROR, SC_EMU_OSC_UNEXPECTED, "Recording failed: %s",
                                           error != NULL ? error->message : "no file");

      g_warning ("%s", osc->message);
      sc_emu_file_free (file);
      capture_finish (self, NULL, osc);
      g_object_unref (self);
      return;
    }

  lens = sc_emu_rig_to_json (&capture->rig, 0.0);
  json_object_set_string_member (lens, "media", "video");
  json_object_set_string_member (lens, "file", file->name);
  json_object_set_int_member (lens, "frame_rate", file->frame_rate);
  json_object_set_double_member (lens, "yaw_rate_deg_per_s", SC_EMU_VIDEO_YAW_RATE);
  json_object_set_string_member (lens, "yaw_of_frame", "yaw + yaw_rate_deg_per_s * n / frame_rate");
  json_object_set_int_member (lens, "frames", recording->frames);
  json_object_set_double_member (lens, "duration", recording->duration);
  file->lens_json = sc_emu_json_object_to_string (lens, FALSE);
  file->size = (guint64)st.st_size;
  file->record_time = (int)(recording->duration + 0.5);
  file->thumbnail = g_steal_pointer (&recording->thumbnail);

  lens_path = sidecar_path (file->path, ".lens.json");
  thumb_path = sidecar_path (file->path, ".thumb.jpg");
  if (!g_file_set_contents (lens_path, file->lens_json, -1, &error) ||
      (file->thumbnail != NULL && !write_bytes (thumb_path, file->thumbnail, &error)))
    g_warning ("Cannot write the sidecars of %s: %s", file->name, error->message);

  g_ptr_array_add (urls, publish_file (self, file));
  results = urls_results (urls);
  capture_finish (self, results, NULL);
  g_object_unref (self);
}

/* stopCapture: the reply waits until the MP4 is finalised, or until the
 * interval shot being rendered is saved. */
gboolean
sc_emu_capture_stop (ScEmuCamera   *self,
                     ScEmuRequest  *request,
                     GError       **error)
{
  ScEmuCapture *capture = self->capture;

  if (capture == NULL || capture->kind == CAPTURE_PICTURE || capture->stop_request != NULL)
    {
      g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_DISABLED_COMMAND, "No capture to stop");
      return FALSE;
    }

  capture->stop_request = sc_emu_request_ref (request);
  sc_emu_request_defer (request);

  if (capture->kind == CAPTURE_VIDEO)
    {
      /* The recorder frees itself once the file is finalised. */
      sc_emu_recorder_stop_async (g_steal_pointer (&capture->recorder), on_video_stopped_cb,
                                  g_object_ref (self));
    }
  else
    {
      g_clear_handle_id (&capture->interval_id, g_source_remove);
      interval_maybe_done (self);
    }

  return TRUE;
}

int
sc_emu_capture_recorded_time (ScEmuCamera *self)
{
  if (self->capture == NULL || self->capture->kind != CAPTURE_VIDEO)
    return 0;

  return (int)((g_get_monotonic_time () - self->capture->started_at) / G_USEC_PER_SEC);
}

gboolean
sc_emu_capture_is_busy (ScEmuCamera *self)
{
  return self->capture != NULL;
}
