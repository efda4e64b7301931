/* sc-photo-stitch.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-photo-stitch"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "sc-core.h"
#include "sc-file-private.h"
#include "sc-geotag-private.h"
#include "sc-photo-stitch-private.h"

/* Photos: JPEG → RGBA (GStreamer's jpegdec) → the CPU stitcher or
 * scglstitch → JPEG (jpegenc) → the original's EXIF (sc-photo-meta.c) →
 * XMP GPano (sc-gpano.c) → a hidden temporary file next to the output,
 * synced, then linked to its name, which never replaces a file. The
 * original is only read. */

#define DEFAULT_FOV_DEG      200.0
#define DEFAULT_JPEG_QUALITY 92
#define BUS_POLL             (100 * GST_MSECOND)

typedef struct
{
  int     width;
  int     height;
  int     stride;
  GBytes *bytes;
} Frame;

static void
frame_clear (Frame *frame)
{
  g_clear_pointer (&frame->bytes, g_bytes_unref);
}

/**
 * sc_stitch_options_init_default:
 * @options: (out caller-allocates): the options to fill
 *
 * Sets @options to the defaults: the profile the file says, the default
 * field of view, the input width, the default seam, no levelling and no
 * rotation, the automatic path and the default JPEG quality.
 */
void
sc_stitch_options_init_default (ScStitchOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->blend_deg = -1.0;
  options->path = SC_STITCH_PATH_AUTO;
}

/**
 * sc_stitch_path_to_string:
 * @path: an #ScStitchPath
 *
 * Returns: "auto", "cpu" or "gpu"
 */
const char *
sc_stitch_path_to_string (ScStitchPath path)
{
  switch (path)
    {
    case SC_STITCH_PATH_CPU:
      return "cpu";
    case SC_STITCH_PATH_GPU:
      return "gpu";
    case SC_STITCH_PATH_AUTO:
    default:
      return "auto";
    }
}

/**
 * sc_stitch_path_from_string:
 * @string: "auto", "cpu" or "gpu" (also "gl")
 * @path: (out): the path
 *
 * Returns: whether @string names a path
 */
gboolean
sc_stitch_path_from_string (const char   *string,
                            ScStitchPath *path)
{
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_strcmp0 (string, "auto") == 0)
    *path = SC_STITCH_PATH_AUTO;
  else if (g_strcmp0 (string, "cpu") == 0)
    *path = SC_STITCH_PATH_CPU;
  else if (g_strcmp0 (string, "gpu") == 0 || g_strcmp0 (string, "gl") == 0)
    *path = SC_STITCH_PATH_GPU;
  else
    return FALSE;

  return TRUE;
}

/* --- GStreamer: one buffer through a pipeline ---------------------------- */

/* Pushes @input into appsrc "src" of @description and returns the sample
 * that appsink "sink" got, or NULL with the first bus error (as
 * @domain/@code and @message) or G_IO_ERROR_CANCELLED. */
static GstSample *
run_pipeline (GstElement    *pipeline,
              GstCaps       *src_caps,
              GBytes        *input,
              GCancellable  *cancellable,
              GQuark         domain,
              int            code,
              const char    *message,
              GError       **error)
{
  g_autoptr(GstElement) src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  g_autoptr(GstElement) sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  GstSample *sample = NULL;
  GstBuffer *buffer;
  GstFlowReturn flow;

  g_object_set (src, "caps", src_caps, "format", GST_FORMAT_TIME, NULL);
  g_object_set (sink, "sync", FALSE, "wait-on-eos", FALSE, NULL);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      gst_element_set_state (pipeline, GST_STATE_NULL);
      g_set_error_literal (error, domain, code, message);
      return NULL;
    }

  buffer = gst_buffer_new_wrapped_bytes (input);
  GST_BUFFER_PTS (buffer) = 0;
  GST_BUFFER_DURATION (buffer) = GST_SECOND;
  g_signal_emit_by_name (src, "push-buffer", buffer, &flow);
  gst_buffer_unref (buffer);
  g_signal_emit_by_name (src, "end-of-stream", &flow);

  /* Pull the one sample rather than wait for the EOS message: appsink
   * may hold EOS back while a sample sits in its queue, so waiting for
   * the message can block for ever (it did, in the service). */
  for (;;)
    {
      g_autoptr(GstMessage) msg = NULL;
      gboolean eos = FALSE;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
      msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      if (msg != NULL)
        {
          g_autoptr(GError) bus_error = NULL;
          g_autofree char *debug = NULL;

          gst_message_parse_error (msg, &bus_error, &debug);
          g_debug ("%s: %s (%s)", GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)),
                   bus_error->message, debug != NULL ? debug : "");
          g_set_error_literal (error, domain, code, message);
          break;
        }

      g_signal_emit_by_name (sink, "try-pull-sample", (GstClockTime) BUS_POLL, &sample);
      if (sample != NULL)
        break;

      /* Ended without a sample: the input decoded to nothing. */
      g_object_get (sink, "eos", &eos, NULL);
      if (eos)
        {
          g_set_error_literal (error, domain, code, message);
          break;
        }
    }

  gst_element_set_state (pipeline, GST_STATE_NULL);
  return sample;
}

static gboolean
sample_to_frame (GstSample  *sample,
                 Frame      *frame)
{
  GstVideoInfo info;
  GstMapInfo map;
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  gsize row;
  guint8 *data;

  if (buffer == NULL || !gst_video_info_from_caps (&info, gst_sample_get_caps (sample)) ||
      GST_VIDEO_INFO_FORMAT (&info) != GST_VIDEO_FORMAT_RGBA)
    return FALSE;
  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return FALSE;

  frame->width = GST_VIDEO_INFO_WIDTH (&info);
  frame->height = GST_VIDEO_INFO_HEIGHT (&info);
  frame->stride = frame->width * 4;
  row = (gsize) frame->stride;
  data = g_malloc (row * frame->height);
  for (int y = 0; y < frame->height; y++)
    memcpy (data + row * y, map.data + (gsize) y * GST_VIDEO_INFO_PLANE_STRIDE (&info, 0), row);
  gst_buffer_unmap (buffer, &map);
  frame->bytes = g_bytes_new_take (data, row * frame->height);

  return TRUE;
}

static GstCaps *
rgba_caps (const Frame *frame)
{
  return gst_caps_new_simple ("video/x-raw",
                              "format", G_TYPE_STRING, "RGBA",
                              "width", G_TYPE_INT, frame->width,
                              "height", G_TYPE_INT, frame->height,
                              "framerate", GST_TYPE_FRACTION, 0, 1,
                              NULL);
}

static gboolean
decode_jpeg (GBytes        *jpeg,
             Frame         *frame,
             GCancellable  *cancellable,
             GError       **error)
{
  const char *damaged = _("The photo is damaged or truncated. Copy it from the camera again.");
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstCaps) caps = gst_caps_new_empty_simple ("image/jpeg");
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GError) local_error = NULL;

  pipeline = gst_parse_launch ("appsrc name=src ! jpegdec ! videoconvert ! "
                               "video/x-raw,format=RGBA ! appsink name=sink", &local_error);
  if (pipeline == NULL)
    {
      g_warning ("Cannot build the JPEG decoder: %s", local_error->message);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("GStreamer's JPEG decoder is missing. Install the GStreamer good plugins."));
      return FALSE;
    }

  sample = run_pipeline (pipeline, caps, jpeg, cancellable,
                         G_IO_ERROR, G_IO_ERROR_INVALID_DATA, damaged, error);
  if (sample == NULL)
    return FALSE;
  if (!sample_to_frame (sample, frame))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, damaged);
      return FALSE;
    }

  return TRUE;
}

static GBytes *
encode_jpeg (const Frame   *frame,
             int            quality,
             GCancellable  *cancellable,
             GError       **error)
{
  const char *failed = _("Could not encode the stitched photo. Check that the GStreamer good plugins are installed.");
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) encoder = NULL;
  g_autoptr(GstCaps) caps = rgba_caps (frame);
  g_autoptr(GstSample) sample = NULL;
  GstBuffer *buffer;
  GstMapInfo map;
  GBytes *bytes;

  pipeline = gst_parse_launch ("appsrc name=src ! videoconvert ! jpegenc name=enc ! "
                               "appsink name=sink", NULL);
  if (pipeline == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, failed);
      return NULL;
    }
  encoder = gst_bin_get_by_name (GST_BIN (pipeline), "enc");
  g_object_set (encoder, "quality", quality, NULL);

  sample = run_pipeline (pipeline, caps, frame->bytes, cancellable,
                         G_IO_ERROR, G_IO_ERROR_FAILED, failed, error);
  if (sample == NULL)
    return NULL;

  buffer = gst_sample_get_buffer (sample);
  if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, failed);
      return NULL;
    }
  bytes = g_bytes_new (map.data, map.size);
  gst_buffer_unmap (buffer, &map);

  return bytes;
}

/* --- Orientation ---------------------------------------------------------- */

/* Euler angles as sc_orientation_matrix() takes them: a pose
 * Ry(yaw)·Rx(pitch)·Rz(roll). */
typedef struct
{
  double yaw_deg;
  double pitch_deg;
  double roll_deg;
} Attitude;

static void
attitude_to_matrix (const Attitude *attitude,
                    double          pose[9])
{
  /* sc_orientation_matrix() gives the transpose of the pose. */
  sc_orientation_matrix (attitude->yaw_deg, attitude->pitch_deg, attitude->roll_deg, pose);
  sc_matrix3_transpose (pose, pose);
}

/* The angles of a rotation R = Ry(yaw)·Rx(pitch)·Rz(roll): R·ez =
 * (cos p sin y, sin p, cos p cos y) and ey·R = (cos p sin r, cos p cos r,
 * sin p). */
static void
attitude_from_matrix (const double  r[9],
                      Attitude     *attitude)
{
  attitude->pitch_deg = asin (CLAMP (r[5], -1.0, 1.0)) * 180.0 / G_PI;
  attitude->yaw_deg = atan2 (r[2], r[8]) * 180.0 / G_PI;
  attitude->roll_deg = atan2 (r[3], r[4]) * 180.0 / G_PI;
}

/* The camera's attitude when it shot (gravity data), in the convention of
 * sc_orientation_matrix(): first the lens JSON's "pose" (ScLensProfile),
 * else XMP GPano PosePitch/PoseRoll, which THETAs write on shots they did
 * not zenith-correct, else a Mi Sphere's gravity matrix (EXIF
 * UserComment). GPano's pitch is the image centre's elevation (ours:
 * the same); its roll turns the horizon counter-clockwise in the image as
 * it grows, while ours turns the camera's +x towards +y, which turns the
 * horizon clockwise: roll = −PoseRoll (tests/emulator/emu-render.c). */
static gboolean
shot_attitude (const ScPhotoMeta  *meta,
               const ScGPano      *gpano,
               Attitude           *attitude)
{
  memset (attitude, 0, sizeof *attitude);

  if (meta->lens_json != NULL)
    {
      g_autoptr(ScLensProfile) profile = NULL;
      g_autoptr(GError) error = NULL;

      profile = sc_lens_profile_new_from_data (meta->lens_json, -1, &error);
      if (profile == NULL)
        g_debug ("The photo's lens JSON is unusable: %s", error->message);
      else if (profile->has_pose)
        {
          attitude->pitch_deg = profile->pose_pitch_deg;
          attitude->roll_deg = profile->pose_roll_deg;
          return TRUE;
        }
    }

  if (meta->has_madv_gyro)
    {
      double pose[9];

      /* The stitcher's orientation is the transpose of the camera's pose */
      sc_madv_gyro_to_orientation (meta->madv_gyro, pose);
      sc_matrix3_transpose (pose, pose);
      attitude_from_matrix (pose, attitude);
      return TRUE;
    }

  if (gpano->has_pose_tilt)
    {
      attitude->pitch_deg = CLAMP (gpano->pose_pitch, -90.0, 90.0);
      attitude->roll_deg = gpano->pose_roll == 0.0 ? 0.0 : -gpano->pose_roll;
      return TRUE;
    }

  return FALSE;
}

/* --- Stitching ------------------------------------------------------------ */

static gboolean
stitch_cpu (const ScLensProfile  *profile,
            const ScMadvLut      *lut,
            const Frame          *in,
            Frame                *out,
            const double          orientation[9],
            double                blend_deg)
{
  g_autoptr(ScStitchMap) map = NULL;
  int n_threads = (int) MAX (1, g_get_num_processors ());
  gsize size = (gsize) out->width * 4 * out->height;
  guint8 *data = g_malloc (size);

  if (lut != NULL)
    map = sc_stitch_map_new_from_madv_lut (lut, in->width, in->height, out->width, out->height,
                                           orientation, blend_deg, n_threads);
  else
    map = sc_stitch_map_new (profile, in->width, in->height, out->width, out->height,
                             orientation, blend_deg, n_threads);
  sc_stitch_map_apply_rgba (map, g_bytes_get_data (in->bytes, NULL), in->stride,
                            data, out->width * 4, n_threads);
  out->stride = out->width * 4;
  out->bytes = g_bytes_new_take (data, size);

  return TRUE;
}

static gboolean
stitch_gl (const ScLensProfile     *profile,
           const Frame             *in,
           Frame                   *out,
           const Attitude          *attitude,
           double                   blend_deg,
           GCancellable            *cancellable,
           GError                 **error)
{
  const char *failed = _("The GPU stitcher failed. Use the CPU path instead.");
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) stitch = NULL;
  g_autoptr(GstCaps) caps = rgba_caps (in);
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *description = NULL;

  description = g_strdup_printf ("appsrc name=src ! glupload ! scglstitch name=stitch ! "
                                 "gldownload ! video/x-raw,format=RGBA,width=%d,height=%d ! "
                                 "appsink name=sink", out->width, out->height);
  pipeline = gst_parse_launch (description, &local_error);
  if (pipeline == NULL)
    {
      g_debug ("No GL pipeline: %s", local_error->message);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, failed);
      return FALSE;
    }
  stitch = gst_bin_get_by_name (GST_BIN (pipeline), "stitch");
  g_object_set (stitch,
                "profile", profile,
                "blend-width", blend_deg,
                "yaw", attitude->yaw_deg,
                "pitch", attitude->pitch_deg,
                "roll", attitude->roll_deg,
                NULL);

  sample = run_pipeline (pipeline, caps, in->bytes, cancellable,
                         G_IO_ERROR, G_IO_ERROR_FAILED, failed, error);
  if (sample == NULL)
    return FALSE;
  if (!sample_to_frame (sample, out) || out->width <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, failed);
      return FALSE;
    }

  return TRUE;
}

/* The header's order: the profile asked for; with only a field of view,
 * circles found in the picture; the lens JSON in the file; the built-in
 * profile of its camera model; circles found in the picture. Gains are
 * estimated from the overlap when the profile has none. */
static ScLensProfile *
choose_profile (const ScStitchOptions  *options,
                const ScPhotoMeta      *meta,
                const Frame            *in,
                GError                **error)
{
  const guint8 *rgba = g_bytes_get_data (in->bytes, NULL);
  g_autoptr(ScLensProfile) profile = NULL;
  ScLensProfile *scaled;

  if (options->profile != NULL && *options->profile != '\0')
    {
      if (!(profile = sc_lens_profile_load (options->profile, error)))
        return NULL;
    }
  else if (options->fov_deg <= 0 && meta->lens_json != NULL &&
           (profile = sc_lens_profile_new_from_data (meta->lens_json, -1, NULL)) != NULL)
    {
      g_debug ("Using the lens model the photo carries");
    }
  else if (options->fov_deg <= 0 && (profile = sc_lens_profile_load_for_model (meta->model)) != NULL)
    {
      g_debug ("Using the built-in profile %s", profile->name);
    }
  else
    {
      double fov = options->fov_deg > 0 ? options->fov_deg : DEFAULT_FOV_DEG;

      if (!(profile = sc_lens_profile_estimate (rgba, in->width, in->height, in->stride, fov, error)))
        return NULL;
    }

  scaled = sc_lens_profile_scale (profile, in->width, in->height);
  sc_lens_profile_ensure_gains (scaled, rgba, in->width, in->height, in->stride);

  return scaled;
}

/* --- Output file ---------------------------------------------------------- */

static double
tidy_degrees (double value)
{
  /* One decimal is written: no "-0.0". */
  return fabs (value) < 0.05 ? 0.0 : value;
}

/* GPano Pose* of the output. The output frame's pose in the world is
 * shot · stitchᵀ (the shot's attitude, no yaw: the world is the camera's
 * level frame). Heading: the input's heading turned by that yaw when the
 * input had one, else 0 (no compass). Pitch and roll (GPano's signs, see
 * shot_attitude()) are written whenever the shot's tilt is known: the tilt
 * left in the output when it was not levelled, so viewers can level it, and
 * 0/0 when it was. The Photo Sphere XMP spec gives no default for
 * PosePitch/PoseRoll and OSC asks for them on shots that are not
 * zenith-corrected; an explicit 0 states that the output is level (and
 * that the tilt was known) rather than leaving viewers to assume it. */
static void
set_output_pose (ScGPano        *gpano,
                 const ScGPano  *input_gpano,
                 const Attitude *shot,
                 const Attitude *stitch_attitude)
{
  Attitude none = { 0 }, world;
  double w[9], s[9];

  attitude_to_matrix (shot != NULL ? shot : &none, w);
  attitude_to_matrix (stitch_attitude, s);
  sc_matrix3_transpose (s, s);
  sc_matrix3_multiply (w, s, w);
  attitude_from_matrix (w, &world);

  if (input_gpano->has_pose_heading)
    {
      double heading = fmod (input_gpano->pose_heading + world.yaw_deg, 360.0);

      gpano->pose_heading = tidy_degrees (heading < 0 ? heading + 360.0 : heading);
      if (gpano->pose_heading >= 359.95)
        gpano->pose_heading = 0.0;
    }
  if (shot != NULL)
    {
      gpano->has_pose_tilt = TRUE;
      gpano->pose_pitch = tidy_degrees (world.pitch_deg);
      gpano->pose_roll = tidy_degrees (-world.roll_deg);
    }
}

/* Writes @jpeg, then its GPano, into a hidden temporary file in @dir and
 * gives it the name @name (or a numbered name with @unique); never replaces a
 * file. No temporary file is left on any path. */
static gboolean
write_output (const char     *dir,
              const char     *name,
              gboolean        unique,
              GBytes         *jpeg,
              const ScGPano  *gpano,
              GCancellable   *cancellable,
              GFile         **output_file,
              GError        **error)
{
  g_autofree char *templ = g_strdup_printf (".%s.XXXXXX.stitch", name);
  g_autofree char *tmp_path = g_build_filename (dir, templ, NULL);
  g_autoptr(GFile) tmp_file = NULL;
  const guint8 *data;
  gsize len;
  gboolean ret = FALSE;
  int fd;

  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write in “%s”: %s. Choose another folder."),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  data = g_bytes_get_data (jpeg, &len);
  if (!_sc_geotag_write_all (fd, data, len, error))
    {
      close (fd);
      goto out;
    }
  /* No fsync here: sc_gpano_write_jpeg() rewrites the file and syncs it. */
  if (close (fd) != 0)
    {
      _sc_geotag_set_io_error_from_errno (error, errno, _("Could not write the stitched photo."));
      goto out;
    }

  tmp_file = g_file_new_for_path (tmp_path);
  if (!sc_gpano_write_jpeg (tmp_file, gpano, cancellable, error))
    goto out;
  if (g_chmod (tmp_path, 0644) != 0)
    g_debug ("chmod %s: %s", tmp_path, g_strerror (errno));
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  {
    int saved_errno = 0;
    g_autofree char *path = _sc_file_publish (tmp_path, dir, name, unique, &saved_errno);

    if (path == NULL && saved_errno == EEXIST)
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("“%s” already exists. Choose another name or delete that file."), name);
    else if (path == NULL)
      _sc_geotag_set_io_error_from_errno (error, saved_errno, _("Could not save the stitched photo."));
    else if (output_file != NULL)
      *output_file = g_file_new_for_path (path);
    ret = path != NULL;
  }

out:
  g_unlink (tmp_path);
  return ret;
}

/* --- The photo ------------------------------------------------------------ */

static void
report (ScPhotoStitchProgress progress,
        gpointer              user_data,
        double                fraction)
{
  if (progress != NULL)
    progress (fraction, user_data);
}

/* The input's GPano (all absent when it has none or it cannot be read);
 * returns whether it says equirectangular. */
static gboolean
read_input_gpano (GBytes  *jpeg,
                  ScGPano *gpano)
{
  g_autoptr(GError) error = NULL;
  gboolean present = FALSE;
  guint width = 0, height = 0;

  if (!sc_gpano_read_jpeg_bytes (jpeg, gpano, &present, &width, &height, &error))
    {
      g_debug ("No GPano: %s", error->message);
      memset (gpano, 0, sizeof *gpano);
      return FALSE;
    }

  return present && g_strcmp0 (gpano->projection_type, "equirectangular") == 0;
}

static gboolean
xmp_says_equirect (GBytes *jpeg)
{
  gsize len;
  const char *data = g_bytes_get_data (jpeg, &len);
  static const char *needles[] = {
    "_projectionType=\"Equirectangular\"", "_projectionType=\"equirectangular\"",
    "_projectionType>Equirectangular<", "_projectionType>equirectangular<",
  };

  /* The OSC property as some cameras put it in their XMP. */
  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    if (g_strstr_len (data, MIN (len, 256 * 1024), needles[i]) != NULL)
      return TRUE;
  return FALSE;
}

gboolean
_sc_photo_stitch_run (GFile                  *input,
                      GFile                  *directory,
                      const char             *name,
                      gboolean                unique,
                      const ScStitchOptions  *options,
                      ScPhotoStitchProgress   progress,
                      gpointer                user_data,
                      GCancellable           *cancellable,
                      ScStitchPath           *used_path,
                      char                  **reason,
                      GFile                 **output_file,
                      GError                **error)
{
  g_autoptr(GBytes) source = NULL;
  g_autoptr(GBytes) encoded = NULL;
  g_autoptr(GBytes) tagged = NULL;
  g_autoptr(ScLensProfile) profile = NULL;
  g_autoptr(ScMadvLut) lut = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *why = NULL;
  g_autofree char *level_note = NULL;
  g_auto(ScPhotoMeta) meta = { 0 };
  ScGPano gpano = { 0 };
  ScGPano input_gpano = { 0 };
  Frame in = { 0 }, out = { 0 };
  ScStitchPath path;
  Attitude hand, shot, stitch_attitude;
  gboolean has_shot;
  double blend_deg;
  double orientation[9];
  char *contents = NULL;
  gsize len = 0;
  int quality;
  gboolean ret = FALSE;

  if (!sc_permissions_check (sc_permissions_get_default (), SC_PERMISSION_STORAGE, error))
    return FALSE;

  if (!(dir = g_file_get_path (directory)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Stitched photos can only be saved in a local folder. Choose another folder."));
      return FALSE;
    }

  if (!g_file_load_contents (input, cancellable, &contents, &len, NULL, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s",
                                  _("Could not read the photo: "));
      return FALSE;
    }
  source = g_bytes_new_take (contents, len);

  if (!sc_photo_meta_read (source, &meta, error))
    return FALSE;
  if (read_input_gpano (source, &input_gpano) || xmp_says_equirect (source))
    {
      g_set_error_literal (error, SC_LENS_ERROR, SC_LENS_ERROR_NOT_DUAL_FISHEYE,
                           _("This photo is already equirectangular. Open it in the 360° viewer instead of stitching it."));
      goto out;
    }
  report (progress, user_data, 0.05);

  if (!decode_jpeg (source, &in, cancellable, error))
    goto out;
  report (progress, user_data, 0.2);

  if (!sc_is_dual_fisheye (g_bytes_get_data (in.bytes, NULL), in.width, in.height, in.stride, error))
    goto out;
  if (!(profile = choose_profile (options, &meta, &in, error)))
    goto out;
  /* A Mi Sphere's photo carries its lens LUT: better than any model,
   * unless the user chose a profile or a field of view. */
  if ((options->profile == NULL || *options->profile == '\0') && options->fov_deg <= 0)
    lut = sc_madv_lut_load_if_any (input, cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  report (progress, user_data, 0.3);

  /* Levelling: the stitcher's camera pose is the hand-set rotation after
   * the shot's own attitude (hand · shot), so that yaw, pitch and roll
   * set by hand turn the levelled sphere. */
  hand = (Attitude) { options->yaw_deg, options->pitch_deg, options->roll_deg };
  has_shot = shot_attitude (&meta, &input_gpano, &shot);
  if (options->level && has_shot)
    {
      double h[9], c[9];

      attitude_to_matrix (&hand, h);
      attitude_to_matrix (&shot, c);
      sc_matrix3_multiply (h, c, c);
      attitude_from_matrix (c, &stitch_attitude);
      level_note = g_strdup_printf (_("Levelled with the camera's gravity data (pitch %.1f°, roll %.1f°)."),
                                    shot.pitch_deg, shot.roll_deg);
    }
  else
    {
      stitch_attitude = hand;
      if (options->level)
        level_note = g_strdup (_("The photo has no gravity data: not levelled. Set the pitch and roll by hand to level it."));
    }

  out.width = options->width > 0 ? options->width : in.width;
  out.width = MAX (2, out.width & ~1);
  out.height = out.width / 2;
  blend_deg = options->blend_deg >= 0 ? options->blend_deg : SC_STITCH_DEFAULT_BLEND_DEG;
  quality = options->jpeg_quality > 0 ? CLAMP (options->jpeg_quality, 1, 100) : DEFAULT_JPEG_QUALITY;

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
          goto out;
        }
      break;
    case SC_STITCH_PATH_AUTO:
    default:
      path = sc_gl_stitch_should_use_gl (FALSE, &why) ? SC_STITCH_PATH_GPU : SC_STITCH_PATH_CPU;
      break;
    }

  if (lut != NULL && path == SC_STITCH_PATH_GPU)
    {
      if (options->path == SC_STITCH_PATH_GPU)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Photos stitched with the camera’s own lens table are stitched on the CPU only. Use the CPU path."));
          goto out;
        }
      path = SC_STITCH_PATH_CPU;
    }
  if (lut != NULL)
    {
      g_free (why);
      why = g_strdup (_("Stitched on the CPU with the camera’s own lens table (LUT)."));
    }

  if (path == SC_STITCH_PATH_GPU)
    {
      g_clear_error (&local_error);
      if (!stitch_gl (profile, &in, &out, &stitch_attitude, blend_deg, cancellable, &local_error))
        {
          if (options->path == SC_STITCH_PATH_GPU ||
              g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              goto out;
            }
          g_warning ("The GL stitcher failed, using the CPU: %s", local_error->message);
          g_free (why);
          why = g_strdup (_("The GPU stitcher failed: using the CPU path."));
          path = SC_STITCH_PATH_CPU;
        }
    }
  if (path == SC_STITCH_PATH_CPU)
    {
      sc_orientation_matrix (stitch_attitude.yaw_deg, stitch_attitude.pitch_deg,
                             stitch_attitude.roll_deg, orientation);
      stitch_cpu (profile, lut, &in, &out, orientation, blend_deg);
    }
  if (level_note != NULL)
    {
      char *joined = g_strjoin (" ", why != NULL ? why : "", level_note, NULL);

      g_free (why);
      why = g_strstrip (joined);
    }
  g_info ("Stitched a %dx%d photo to %dx%d on the %s path: %s", in.width, in.height,
          out.width, out.height, sc_stitch_path_to_string (path), why != NULL ? why : "");
  report (progress, user_data, 0.7);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  if (!(encoded = encode_jpeg (&out, quality, cancellable, error)))
    goto out;
  if (!(tagged = sc_photo_meta_carry_exif (source, encoded, out.width, out.height, error)))
    goto out;
  report (progress, user_data, 0.85);

  sc_gpano_init_equirect (&gpano, out.width, out.height);
  set_output_pose (&gpano, &input_gpano, has_shot ? &shot : NULL, &stitch_attitude);
  if (!write_output (dir, name, unique, tagged, &gpano, cancellable, output_file, error))
    goto out;

  report (progress, user_data, 1.0);

  if (used_path != NULL)
    *used_path = path;
  if (reason != NULL)
    *reason = g_steal_pointer (&why);
  ret = TRUE;

out:
  sc_gpano_clear (&gpano);
  sc_gpano_clear (&input_gpano);
  frame_clear (&in);
  frame_clear (&out);
  return ret;
}

/**
 * sc_photo_stitch:
 * @input: a dual-fisheye JPEG
 * @output: where to write the equirectangular JPEG (must not exist)
 * @options: how to stitch
 * @cancellable: (nullable): a #GCancellable
 * @used_path: (out) (optional): the path that ran
 * @reason: (out) (optional) (transfer full): why that path
 * @error: return location for a #GError
 *
 * See sc-photo-stitch.h. Blocks; call it from a worker thread.
 *
 * Returns: %TRUE when @output was written
 */
gboolean
sc_photo_stitch (GFile                  *input,
                 GFile                  *output,
                 const ScStitchOptions  *options,
                 GCancellable           *cancellable,
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
                           _("Choose a file name for the stitched photo."));
      return FALSE;
    }

  return _sc_photo_stitch_run (input, directory, name, FALSE, options, NULL, NULL,
                               cancellable, used_path, reason, NULL, error);
}
