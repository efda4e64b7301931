/* madv-media.c: Mi Sphere-shaped files for the MADV emulator
 *
 * Photos are the scene rendered through the emulator's rig (side-by-side
 * dual fisheye, left half = back lens), JPEG with the EXIF a Mi Sphere
 * writes (Make MADV, Model MJXJ01FM, Software with the firmware after the
 * last ';', UserComment = the 36-byte gyro matrix, SceneType LONG 0x5954 =
 * unstitched, FileSource LONG 0x59000000 = a LUT follows), then the LUT
 * trailer [LUT block][u32 LE length] after the EOI. Videos are emu-video.c
 * recordings with a top-level `madv` box appended: `lutz` (LUT block),
 * `tlyd` (one 36-byte matrix per frame, then an all-zero record) and
 * `fltr` (u32 LE 0). The `…AB.MP4` companion is a byte copy of the AA file.
 *
 * Camera paths map onto the storage directory: /tmp/SD0/… → <storage>/SD0/…,
 * /tmp/FL0/… → <storage>/FL0/….
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "emu-madv"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libexif/exif-data.h>
#include <libexif/exif-utils.h>

#include "emu-madv-lut.h"
#include "madv-private.h"

#define PHOTO_QUALITY   97  /* a 6912×3456 Mi Sphere photo is about 10 MB */
#define VIDEO_WIDTH     768
#define VIDEO_HEIGHT    384
#define VIDEO_RATE      15
#define VIDEO_YAW_RATE  20.0
#define STARTUP_VIDEO_MS 400

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExifData, exif_data_unref)

void
sc_madv_media_free (ScMadvMedia *media)
{
  if (media == NULL)
    return;

  g_clear_pointer (&media->thumbnail, g_bytes_unref);
  g_free (media);
}

/* The camera's clock: real time shifted by the last 6147 RTC_SYNC. */
GDateTime *
sc_madv_emu_now (ScMadvEmu *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_add (now, self->clock_offset_us);
}

/* The file under the storage directory for a camera path, or NULL when
 * the path is outside /tmp/SD0 and /tmp/FL0 or climbs out with "..". */
char *
sc_madv_local_path (ScMadvEmu  *self,
                    const char *camera_path)
{
  g_auto(GStrv) parts = NULL;
  const char *rest;
  const char *root;

  if (camera_path == NULL)
    return NULL;
  if (g_str_has_prefix (camera_path, "/tmp/SD0"))
    root = self->sd_dir, rest = camera_path + strlen ("/tmp/SD0");
  else if (g_str_has_prefix (camera_path, "/tmp/FL0"))
    root = self->fl_dir, rest = camera_path + strlen ("/tmp/FL0");
  else
    return NULL;
  if (*rest != '\0' && *rest != '/')
    return NULL;

  parts = g_strsplit (rest, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (parts[i], "..") || g_str_equal (parts[i], "."))
      return NULL;

  return g_build_filename (root, rest, NULL);
}

/* "/tmp/SD0/DCIM/x/y.JPG" → "C:\DCIM\x\y.JPG" (notifications use it). */
char *
sc_madv_rtos_path (const char *camera_path)
{
  g_autofree char *tail = NULL;

  if (g_str_has_prefix (camera_path, "/tmp/SD0/"))
    tail = g_strdup (camera_path + strlen ("/tmp/SD0/"));
  else
    tail = g_strdup (camera_path);
  g_strdelimit (tail, "/", '\\');

  return g_strconcat ("C:\\", tail, NULL);
}

/* EXIF ------------------------------------------------------------------ */

static void
put_entry (ExifData    *ed,
           ExifIfd      ifd,
           ExifTag      tag,
           ExifFormat   format,
           gulong       components,
           const void  *bytes)
{
  ExifContent *content = ed->ifd[ifd];
  ExifEntry *old = exif_content_get_entry (content, tag);
  ExifMem *mem;
  ExifEntry *entry;

  if (old != NULL)
    exif_content_remove_entry (content, old);

  mem = exif_mem_new_default ();
  entry = exif_entry_new_mem (mem);
  entry->tag = tag;   /* before adding: PROTOCOLS.md R1 */
  entry->format = format;
  entry->components = components;
  entry->size = exif_format_get_size (format) * components;
  entry->data = exif_mem_alloc (mem, entry->size);
  memcpy (entry->data, bytes, entry->size);
  exif_content_add_entry (content, entry);
  exif_entry_unref (entry);
  exif_mem_unref (mem);
}

static void
put_ascii (ExifData   *ed,
           ExifIfd     ifd,
           ExifTag     tag,
           const char *text)
{
  put_entry (ed, ifd, tag, EXIF_FORMAT_ASCII, strlen (text) + 1, text);
}

static void
put_long (ExifData *ed,
          ExifIfd   ifd,
          ExifTag   tag,
          guint32   value)
{
  guint8 buf[4];

  exif_set_long (buf, exif_data_get_byte_order (ed), value);
  put_entry (ed, ifd, tag, EXIF_FORMAT_LONG, 1, buf);
}

/* @jpeg with a Mi Sphere-style Exif APP1 in place of its JFIF APP0. */
static GBytes *
attach_exif (GBytes       *jpeg,
             GDateTime    *date,
             int           width,
             int           height,
             const float   gyro[9],
             gboolean      has_lut,
             GError      **error)
{
  g_autoptr(ExifData) ed = exif_data_new ();
  g_autofree char *datetime = g_date_time_format (date, "%Y:%m:%d %H:%M:%S");
  guint8 comment[36];
  const guint8 *src;
  gsize src_len, rest;
  guchar *exif = NULL;
  unsigned int exif_len = 0;
  GByteArray *out;

  exif_data_set_data_type (ed, EXIF_DATA_TYPE_COMPRESSED);
  exif_data_set_byte_order (ed, EXIF_BYTE_ORDER_INTEL);
  exif_data_fix (ed);

  put_ascii (ed, EXIF_IFD_0, EXIF_TAG_MAKE, SC_MADV_MAKE);
  put_ascii (ed, EXIF_IFD_0, EXIF_TAG_MODEL, SC_MADV_PRODUCT);
  put_ascii (ed, EXIF_IFD_0, EXIF_TAG_SOFTWARE, SC_MADV_SOFTWARE);
  put_ascii (ed, EXIF_IFD_0, EXIF_TAG_DATE_TIME, datetime);
  put_entry (ed, EXIF_IFD_EXIF, EXIF_TAG_EXIF_VERSION, EXIF_FORMAT_UNDEFINED, 4, "0230");
  put_ascii (ed, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL, datetime);
  put_ascii (ed, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_DIGITIZED, datetime);
  put_long (ed, EXIF_IFD_EXIF, EXIF_TAG_PIXEL_X_DIMENSION, (guint32)width);
  put_long (ed, EXIF_IFD_EXIF, EXIF_TAG_PIXEL_Y_DIMENSION, (guint32)height);
  sc_emu_madv_gyro_to_bytes (gyro, comment);
  put_entry (ed, EXIF_IFD_EXIF, EXIF_TAG_USER_COMMENT, EXIF_FORMAT_UNDEFINED, sizeof comment, comment);
  put_long (ed, EXIF_IFD_EXIF, EXIF_TAG_SCENE_TYPE, SC_MADV_SCENE_TYPE);
  if (has_lut)
    put_long (ed, EXIF_IFD_EXIF, EXIF_TAG_FILE_SOURCE, SC_MADV_FILE_SOURCE);

  exif_data_save_data (ed, &exif, &exif_len);
  if (exif == NULL || exif_len + 2 > 0xffff)
    {
      free (exif);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not build the Exif segment");
      return NULL;
    }

  src = g_bytes_get_data (jpeg, &src_len);
  if (src_len < 4 || src[0] != 0xff || src[1] != 0xd8)
    {
      free (exif);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Not a JPEG stream");
      return NULL;
    }

  rest = 2;
  if (src[2] == 0xff && src[3] == 0xe0 && src_len > 6)
    rest += 2 + ((gsize)src[4] << 8 | src[5]);

  out = g_byte_array_sized_new (src_len + exif_len + 4);
  g_byte_array_append (out, (const guint8 *)"\xff\xd8\xff\xe1", 4);
  g_byte_array_append (out, (const guint8[]) { (exif_len + 2) >> 8, (exif_len + 2) & 0xff }, 2);
  g_byte_array_append (out, exif, exif_len);
  g_byte_array_append (out, src + rest, src_len - rest);
  free (exif);

  return g_byte_array_free_to_bytes (out);
}

/* Writes @bytes to @path through a temporary name, so the HTTP server and
 * the data port never see half a file. */
static gboolean
write_atomically (const char  *path,
                  const void  *data,
                  gsize        length,
                  GError     **error)
{
  return g_file_set_contents (path, data, (gssize)length, error);
}

/* Photos ------------------------------------------------------------------ */

typedef struct
{
  ScEmuRig   rig;
  GDateTime *date;
  float      gyro[9];
  GBytes    *lut;
  char      *camera_path;
  char      *local_path;
  GBytes    *thumbnail;
} PhotoJob;

static void
photo_job_free (PhotoJob *job)
{
  g_clear_pointer (&job->date, g_date_time_unref);
  g_clear_pointer (&job->lut, g_bytes_unref);
  g_clear_pointer (&job->thumbnail, g_bytes_unref);
  g_free (job->camera_path);
  g_free (job->local_path);
  g_free (job);
}

static gboolean
photo_job_run (PhotoJob  *job,
               GError   **error)
{
  const ScEmuImage *scene = sc_emu_scene_get (error);
  g_autoptr(ScEmuRigMap) map = NULL;
  g_autoptr(ScEmuImage) image = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GBytes) with_exif = NULL;
  g_autoptr(GByteArray) file = NULL;
  g_autofree char *dir = NULL;
  const guint8 *data;
  gsize length;

  if (scene == NULL)
    return FALSE;

  map = sc_emu_rig_map_get (&job->rig, scene);
  image = sc_emu_image_new (job->rig.width, job->rig.height);
  sc_emu_rig_map_render (map, scene, 0.0, image);
  jpeg = sc_emu_image_encode_jpeg (image, PHOTO_QUALITY, error);
  if (jpeg == NULL)
    return FALSE;
  job->thumbnail = sc_emu_make_thumbnail (image, NULL);
  with_exif = attach_exif (jpeg, job->date, job->rig.width, job->rig.height, job->gyro, job->lut != NULL, error);
  if (with_exif == NULL)
    return FALSE;

  data = g_bytes_get_data (with_exif, &length);
  file = g_byte_array_sized_new ((guint)length);
  g_byte_array_append (file, data, (guint)length);
  if (job->lut != NULL)
    {
      gsize lut_len;
      const guint8 *lut = g_bytes_get_data (job->lut, &lut_len);
      guint8 trailer[4];

      g_byte_array_append (file, lut, (guint)lut_len);
      trailer[0] = lut_len & 0xff;
      trailer[1] = (lut_len >> 8) & 0xff;
      trailer[2] = (lut_len >> 16) & 0xff;
      trailer[3] = (lut_len >> 24) & 0xff;
      g_byte_array_append (file, trailer, 4);
    }

  dir = g_path_get_dirname (job->local_path);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "Cannot create %s", dir);
      return FALSE;
    }

  return write_atomically (job->local_path, file->data, file->len, error);
}

static void
photo_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  PhotoJob *job = task_data;
  GError *error = NULL;

  if (!photo_job_run (job, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static char *
dated_path (GDateTime  *date,
            const char *prefix,
            const char *suffix)
{
  g_autofree char *day = g_date_time_format (date, "%Y%m%d");
  g_autofree char *stamp = g_date_time_format (date, "%Y%m%d_%H%M%S");

  return g_strdup_printf (SC_MADV_DCIM "/%s/%s_%s%s", day, prefix, stamp, suffix);
}

/* A camera path for a new file: the date's name, or one a second later
 * while that exists. */
static char *
new_camera_path (ScMadvEmu  *self,
                 GDateTime  *date,
                 const char *prefix,
                 const char *suffix)
{
  g_autoptr(GDateTime) when = g_date_time_ref (date);

  for (;;)
    {
      g_autofree char *path = dated_path (when, prefix, suffix);
      g_autofree char *local = sc_madv_local_path (self, path);
      GDateTime *next;

      if (!g_file_test (local, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
      next = g_date_time_add_seconds (when, 1);
      g_date_time_unref (when);
      when = next;
    }
}

static PhotoJob *
photo_job_new (ScMadvEmu *self,
               GDateTime *date)
{
  PhotoJob *job = g_new0 (PhotoJob, 1);

  sc_emu_rig_init (&job->rig, self->config->photo_width, self->config->photo_height);
  job->rig.pitch_deg = self->config->tilt_pitch_deg;
  job->rig.roll_deg = self->config->tilt_roll_deg;
  job->date = g_date_time_ref (date);
  memcpy (job->gyro, self->gyro, sizeof job->gyro);
  job->lut = self->lut_block != NULL ? g_bytes_ref (self->lut_block) : NULL;
  job->camera_path = new_camera_path (self, date, "IMG", ".JPG");
  job->local_path = sc_madv_local_path (self, job->camera_path);

  return job;
}

static void
add_media (ScMadvEmu  *self,
           const char *camera_path,
           gboolean    is_video,
           double      duration,
           int         res_id,
           GBytes     *thumbnail)
{
  ScMadvMedia *media = g_new0 (ScMadvMedia, 1);

  media->is_video = is_video;
  media->duration = duration;
  media->res_id = res_id;
  media->thumbnail = thumbnail != NULL ? g_bytes_ref (thumbnail) : NULL;
  g_hash_table_replace (self->media, g_strdup (camera_path), media);
}

/* Renders and writes a photo on a worker thread. */
void
sc_madv_take_photo_async (ScMadvEmu           *self,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);
  g_autoptr(GDateTime) now = sc_madv_emu_now (self);

  g_task_set_source_tag (task, sc_madv_take_photo_async);
  g_task_set_task_data (task, photo_job_new (self, now), (GDestroyNotify)photo_job_free);
  g_task_run_in_thread (task, photo_thread);
}

/* Returns the camera path of the new photo. */
char *
sc_madv_take_photo_finish (ScMadvEmu     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  PhotoJob *job = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  add_media (self, job->camera_path, FALSE, 0.0, self->p_res, job->thumbnail);
  self->cam_jpg++;
  return g_strdup (job->camera_path);
}

/* Videos ------------------------------------------------------------------ */

static void
put_u32_be (GByteArray *out,
            guint32     value)
{
  guint8 b[4] = { value >> 24, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff };

  g_byte_array_append (out, b, 4);
}

static void
put_u32_le (GByteArray *out,
            guint32     value)
{
  guint8 b[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };

  g_byte_array_append (out, b, 4);
}

/* Appends the top-level `madv` box (lutz, tlyd, fltr) to the MP4 at @path. */
static gboolean
append_madv_box (const char   *path,
                 GBytes       *lut,
                 const float   gyro[9],
                 guint         frames,
                 GError      **error)
{
  g_autoptr(GByteArray) box = g_byte_array_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  guint8 record[36];
  gsize lut_len = lut != NULL ? g_bytes_get_size (lut) : 0;
  guint32 tlyd_len = 8 + 36 * (frames + 1);
  guint32 total = 8 + (lut != NULL ? 8 + (guint32)lut_len : 0) + tlyd_len + 12;

  put_u32_be (box, total);
  g_byte_array_append (box, (const guint8 *)"madv", 4);
  if (lut != NULL)
    {
      put_u32_be (box, 8 + (guint32)lut_len);
      g_byte_array_append (box, (const guint8 *)"lutz", 4);
      g_byte_array_append (box, g_bytes_get_data (lut, NULL), (guint)lut_len);
    }
  put_u32_be (box, tlyd_len);
  g_byte_array_append (box, (const guint8 *)"tlyd", 4);
  sc_emu_madv_gyro_to_bytes (gyro, record);
  for (guint i = 0; i < frames; i++)
    g_byte_array_append (box, record, sizeof record);
  memset (record, 0, sizeof record);
  g_byte_array_append (box, record, sizeof record);
  put_u32_be (box, 12);
  g_byte_array_append (box, (const guint8 *)"fltr", 4);
  put_u32_le (box, 0);
  g_assert (box->len == total);

  out = g_file_append_to (file, G_FILE_CREATE_NONE, NULL, error);
  if (out == NULL)
    return FALSE;
  return g_output_stream_write_all (G_OUTPUT_STREAM (out), box->data, box->len, NULL, NULL, error) &&
         g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);
}

static int
video_res_id (ScMadvEmu *self)
{
  return self->v_res;
}

/* Starts recording VID_…AA.MP4 (into a hidden temporary name). */
gboolean
sc_madv_start_video (ScMadvEmu  *self,
                     GError    **error)
{
  g_autoptr(GDateTime) now = sc_madv_emu_now (self);
  g_autofree char *camera_path = new_camera_path (self, now, "VID", "AA.MP4");
  g_autofree char *local = sc_madv_local_path (self, camera_path);
  g_autofree char *dir = g_path_get_dirname (local);
  g_autofree char *partial = g_strconcat (local, ".part", NULL);
  ScEmuRig rig;

  g_return_val_if_fail (self->recorder == NULL, FALSE);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "Cannot create %s", dir);
      return FALSE;
    }

  sc_emu_rig_init (&rig, VIDEO_WIDTH, VIDEO_HEIGHT);
  rig.pitch_deg = self->config->tilt_pitch_deg;
  rig.roll_deg = self->config->tilt_roll_deg;
  self->recorder = sc_emu_recorder_start (partial, &rig, VIDEO_RATE, VIDEO_YAW_RATE, error);
  if (self->recorder == NULL)
    return FALSE;

  self->recording_path = g_steal_pointer (&camera_path);
  self->recording_started = g_get_monotonic_time ();
  self->recording_res_id = video_res_id (self);
  return TRUE;
}

typedef struct
{
  ScMadvEmu *emu;
  char      *camera_path;
} VideoStop;

static void
video_stop_free (VideoStop *stop)
{
  g_free (stop->camera_path);
  g_free (stop);
}

static void
on_recorder_stopped_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VideoStop *stop = g_task_get_task_data (task);
  ScMadvEmu *self = stop->emu;
  g_autoptr(ScEmuRecording) recording = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *local = sc_madv_local_path (self, stop->camera_path);
  g_autofree char *partial = g_strconcat (local, ".part", NULL);
  g_autofree char *companion = NULL;
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;
  g_autofree char *ab_path = NULL;

  recording = sc_emu_recorder_stop_finish (result, &error);
  if (recording == NULL ||
      !append_madv_box (partial, self->lut_block, self->gyro, recording->frames, &error))
    {
      g_unlink (partial);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The AB companion (a low-resolution proxy on a real camera) is a copy. */
  ab_path = g_strdup (stop->camera_path);
  ab_path[strlen (ab_path) - strlen ("B.MP4")] = 'B';
  companion = sc_madv_local_path (self, ab_path);
  from = g_file_new_for_path (partial);
  to = g_file_new_for_path (companion);
  if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error) ||
      g_rename (partial, local) != 0)
    {
      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot rename %s", partial);
      g_unlink (partial);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  add_media (self, stop->camera_path, TRUE, recording->duration, self->recording_res_id, recording->thumbnail);
  add_media (self, ab_path, TRUE, recording->duration, self->recording_res_id, recording->thumbnail);
  self->cam_mp4++;
  g_task_return_pointer (task, g_strdup (stop->camera_path), g_free);
}

/* Stops the recording, appends the madv box and writes the AB companion. */
void
sc_madv_stop_video_async (ScMadvEmu           *self,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (NULL, NULL, callback, user_data);
  VideoStop *stop = g_new0 (VideoStop, 1);

  g_return_if_fail (self->recorder != NULL);

  stop->emu = self;
  stop->camera_path = g_steal_pointer (&self->recording_path);
  g_task_set_source_tag (task, sc_madv_stop_video_async);
  g_task_set_task_data (task, stop, (GDestroyNotify)video_stop_free);
  sc_emu_recorder_stop_async (g_steal_pointer (&self->recorder), on_recorder_stopped_cb, task);
}

/* Returns the camera path of the new AA file. */
char *
sc_madv_stop_video_finish (ScMadvEmu     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Storage ----------------------------------------------------------------- */

static guint64
dir_usage (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint64 total = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      GStatBuf st;

      if (g_stat (child, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        total += dir_usage (child);
      else
        total += (guint64)st.st_size;
    }

  return total;
}

/* The 4358 storage fields (and those of 8192/8193): a 32 GB card. */
void
sc_madv_storage_json (ScMadvEmu  *self,
                      JsonObject *object)
{
  const gint64 total_kb = 31166976;
  gint64 free_kb = total_kb - (gint64)(dir_usage (self->sd_dir) / 1024);

  json_object_set_int_member (object, "remain_video", free_kb / (60 * 1024 * 8));
  json_object_set_int_member (object, "remain_jpg", free_kb / 4096);
  json_object_set_int_member (object, "sd_total", total_kb);
  json_object_set_int_member (object, "sd_free", self->sd_full == 2 ? 0 : free_kb);
  json_object_set_int_member (object, "sd_full", self->sd_full);
  json_object_set_int_member (object, "total_mp4", self->cam_mp4);
}

/* Start-up: directories, the camera LUT, a photo and a short video. */

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} Wait;

static void
on_wait_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static gboolean
wait_until (Wait *wait)
{
  while (!wait->done)
    g_main_context_iteration (NULL, TRUE);
  return TRUE;
}

gboolean
sc_madv_emu_prepare (ScMadvEmu  *self,
                     GError    **error)
{
  g_autofree char *lut_local = NULL;
  g_autofree char *lut_dir = NULL;
  g_autofree char *dcim = g_build_filename (self->sd_dir, "DCIM", NULL);
  g_autoptr(GDateTime) now = sc_madv_emu_now (self);
  g_autoptr(GDateTime) earlier = g_date_time_add_hours (now, -1);
  g_autofree char *photo = NULL;
  g_autofree char *video = NULL;
  ScEmuRig rig;
  Wait wait = { 0 };
  PhotoJob *job;
  gboolean ok;

  if (g_mkdir_with_parents (dcim, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "Cannot create %s", dcim);
      return FALSE;
    }

  sc_emu_rig_init (&rig, SC_EMU_MADV_LUT_FRAME_WIDTH, SC_EMU_MADV_LUT_FRAME_HEIGHT);
  rig.pitch_deg = self->config->tilt_pitch_deg;
  rig.roll_deg = self->config->tilt_roll_deg;
  sc_emu_madv_gyro_matrix (&rig, self->gyro);
  self->lut_block = sc_emu_madv_lut_new (&rig, SC_EMU_MADV_LUT_WIDTH, SC_EMU_MADV_LUT_HEIGHT, error);
  if (self->lut_block == NULL)
    return FALSE;
  self->lut_md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, self->lut_block);

  lut_local = sc_madv_local_path (self, SC_MADV_LUT_PATH);
  lut_dir = g_path_get_dirname (lut_local);
  if (g_mkdir_with_parents (lut_dir, 0755) != 0 ||
      !write_atomically (lut_local, g_bytes_get_data (self->lut_block, NULL),
                         g_bytes_get_size (self->lut_block), error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot create %s", lut_dir);
      return FALSE;
    }

  /* A photo taken an hour ago, synchronously. */
  job = photo_job_new (self, earlier);
  ok = photo_job_run (job, error);
  if (ok)
    {
      add_media (self, job->camera_path, FALSE, 0.0, 0, job->thumbnail);
      self->cam_jpg++;
    }
  photo_job_free (job);
  if (!ok)
    return FALSE;

  /* And a short video, recorded now. */
  if (!sc_madv_start_video (self, error))
    return FALSE;
  g_usleep (STARTUP_VIDEO_MS * 1000);
  sc_madv_stop_video_async (self, on_wait_cb, &wait);
  wait_until (&wait);
  video = sc_madv_stop_video_finish (self, wait.result, error);
  g_clear_object (&wait.result);

  return video != NULL;
}
