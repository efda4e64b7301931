/* test-emulator-media.c: what the emulator captures: pictures with ground
 * truth, MP4 videos, interval shooting, the live preview
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-emulator"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <libexif/exif-data.h>

#include "test-emulator-util.h"

#define DEG (G_PI / 180.0)

/* Sanitizer builds run several times slower; the rate is still checked
 * there, but only for a working stream. */
#if defined(__SANITIZE_ADDRESS__)
#define MIN_PREVIEW_FPS 5.0
#else
#define MIN_PREVIEW_FPS 15.0
#endif

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExifData, exif_data_unref)

/* Where @text first occurs in @bytes (binary data), or NULL. */
static const char *
find_text (GBytes     *bytes,
           const char *text)
{
  gsize len, n = strlen (text);
  const char *data = g_bytes_get_data (bytes, &len);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, text, n) == 0)
      return data + i;

  return NULL;
}

static char *
url_basename (const char *url)
{
  return g_path_get_basename (url);
}

static char *
exif_string (ExifData *ed,
             ExifIfd   ifd,
             ExifTag   tag)
{
  ExifEntry *entry = exif_content_get_entry (ed->ifd[ifd], tag);

  g_assert_nonnull (entry);
  g_assert_cmpint (entry->format, ==, EXIF_FORMAT_ASCII);
  return g_strndup ((const char *)entry->data, entry->size);
}

/* The colour the lens model predicts where a scene point lands, read
 * from the picture (3×3 average), for the lens at @index. */
static void
project (JsonObject *lens,
         double      yaw,
         double      lat,
         double      lng,
         double     *px,
         double     *py)
{
  double lambda = (lng - yaw) * DEG;
  double x = cos (lat * DEG) * sin (lambda), y = sin (lat * DEG), z = cos (lat * DEG) * cos (lambda);
  double theta, psi, r;

  if (json_object_get_double_member (lens, "yaw_deg") == 180.0)
    {
      x = -x;
      z = -z;
    }
  theta = acos (z);
  psi = atan2 (y, x) + json_object_get_double_member (lens, "roll_deg") * DEG;
  r = json_object_get_double_member (lens, "radius") * theta /
      (json_object_get_double_member (lens, "fov_deg") / 2.0 * DEG);
  *px = json_object_get_double_member (lens, "cx") + r * cos (psi);
  *py = json_object_get_double_member (lens, "cy") - r * sin (psi);
}

static void
pixel_at (GBytes *rgb,
          int     width,
          double  px,
          double  py,
          double  out[3])
{
  const guint8 *data = g_bytes_get_data (rgb, NULL);
  int cx = (int)floor (px), cy = (int)floor (py);

  out[0] = out[1] = out[2] = 0;
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++)
      for (int c = 0; c < 3; c++)
        out[c] += data[((gsize)(cy + dy) * width + cx + dx) * 3 + c] / 9.0;
}

/* Checks that the numbered discs of the scene appear where the recorded
 * lens model says, in both lenses, with the recorded gains. */
static void
check_discs (GBytes     *rgb,
             int         width,
             JsonObject *lens_doc)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "emulator", "scene-features.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *discs, *lenses;
  double yaw = json_object_get_double_member (lens_doc, "yaw");
  guint checked[2] = { 0, 0 };

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  discs = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "discs");
  lenses = json_object_get_array_member (lens_doc, "lenses");

  for (guint i = 0; i < json_array_get_length (discs); i++)
    {
      JsonObject *disc = json_array_get_object_element (discs, i);
      JsonArray *expected = json_object_get_array_member (disc, "rgb");
      /* 4° north of the centre: inside the disc, above its number. */
      double lat = json_object_get_double_member (disc, "lat") + 4.0;
      double lng = json_object_get_double_member (disc, "lng");
      double camera_lng = remainder (lng - yaw, 360.0);
      int index = fabs (camera_lng) < 60.0 ? 1 : fabs (camera_lng) > 120.0 ? 0 : -1;
      JsonObject *lens;
      double px, py, got[3], gain;

      if (index < 0)
        continue;
      lens = json_array_get_object_element (lenses, (guint)index);
      gain = json_object_get_double_member (lens, "gain");
      project (lens, yaw, lat, lng, &px, &py);
      pixel_at (rgb, width, px, py, got);
      for (int c = 0; c < 3; c++)
        g_assert_cmpfloat (fabs (got[c] - gain * json_array_get_int_element (expected, (guint)c)), <, 40.0);
      checked[index]++;
    }

  g_assert_cmpuint (checked[0], >=, 3);
  g_assert_cmpuint (checked[1], >=, 3);
}

static void
test_picture (void)
{
  Emu *emu = emu_shared ();
  g_autofree char *url = emu_take_picture (emu);
  g_autofree char *name = url_basename (url);
  g_autofree char *stem = g_strndup (name, strlen (name) - 4);
  g_autofree char *sidecar = g_strdup_printf ("%s/100SPHCM/%s.lens.json", emu->storage, stem);
  g_autofree char *lens_url = g_strconcat (url, "?type=lens", NULL);
  g_autofree char *sidecar_text = NULL;
  g_autofree char *make = NULL;
  g_autofree char *model = NULL;
  g_autofree char *date = NULL;
  g_autofree char *comment = NULL;
  g_autoptr(GBytes) rgb = NULL;
  g_autoptr(GBytes) comment_bytes = NULL;
  g_autoptr(ExifData) ed = NULL;
  g_autoptr(JsonObject) lens_doc = NULL;
  g_auto(EmuReply) jpeg = { 0 };
  g_auto(EmuReply) lens_reply = { 0 };
  ExifEntry *entry;
  JsonArray *lenses;
  JsonObject *front;
  int width = 0, height = 0;
  double px[3];

  emu_request (emu, "GET", url, NULL, NULL, &jpeg);
  g_assert_cmpuint (jpeg.status, ==, 200);

  /* EXIF: identity, date, and the lens model in UserComment. */
  ed = exif_data_new_from_data (g_bytes_get_data (jpeg.body, NULL), (unsigned int)g_bytes_get_size (jpeg.body));
  g_assert_nonnull (ed);
  make = exif_string (ed, EXIF_IFD_0, EXIF_TAG_MAKE);
  model = exif_string (ed, EXIF_IFD_0, EXIF_TAG_MODEL);
  date = exif_string (ed, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL);
  g_assert_cmpstr (make, ==, "Spherecam Project");
  g_assert_cmpstr (model, ==, "Spherecam Emulator");
  g_assert_true (g_regex_match_simple ("^\\d{4}:\\d\\d:\\d\\d \\d\\d:\\d\\d:\\d\\d$", date, 0, 0));
  entry = exif_content_get_entry (ed->ifd[EXIF_IFD_EXIF], EXIF_TAG_USER_COMMENT);
  g_assert_nonnull (entry);
  g_assert_cmpuint (entry->size, >, 8);
  g_assert_cmpmem (entry->data, 8, "ASCII\0\0\0", 8);
  comment = g_strndup ((const char *)entry->data + 8, entry->size - 8);
  comment_bytes = g_bytes_new (comment, strlen (comment));
  lens_doc = emu_parse (comment_bytes);

  g_assert_true (g_file_get_contents (sidecar, &sidecar_text, NULL, NULL));
  g_assert_cmpstr (sidecar_text, ==, comment);
  emu_request (emu, "GET", lens_url, NULL, NULL, &lens_reply);
  g_assert_cmpuint (lens_reply.status, ==, 200);
  g_assert_cmpmem (g_bytes_get_data (lens_reply.body, NULL), g_bytes_get_size (lens_reply.body),
                   comment, strlen (comment));

  g_assert_cmpstr (json_object_get_string_member (lens_doc, "spherecam_lens_model"), ==, "equidistant");
  g_assert_cmpstr (json_object_get_string_member (lens_doc, "scene"), ==, "scene-equirect.jpg");
  lenses = json_object_get_array_member (lens_doc, "lenses");
  g_assert_cmpuint (json_array_get_length (lenses), ==, 2);
  front = json_array_get_object_element (lenses, 1);
  g_assert_cmpstr (json_object_get_string_member (front, "name"), ==, "front");
  g_assert_cmpfloat (json_object_get_double_member (front, "cx"), ==, 1443.0);
  g_assert_cmpfloat (json_object_get_double_member (front, "fov_deg"), ==, 200.0);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (front, "radius"), 0.49 * 960, 1e-9);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (lenses, 0), "gain"), ==, 0.96);
  /* Held level: no attitude recorded, no XMP */
  g_assert_false (json_object_has_member (lens_doc, "pose"));
  g_assert_null (find_text (jpeg.body, "http://ns.adobe.com/xap/1.0/"));

  /* The picture itself: decodes, right size, optics as recorded. */
  rgb = emu_decode_jpeg (jpeg.body, &width, &height);
  g_assert_cmpint (width, ==, 1920);
  g_assert_cmpint (height, ==, 960);
  pixel_at (rgb, width, 4, 4, px);
  g_assert_cmpfloat (px[0] + px[1] + px[2], <, 30.0);
  check_discs (rgb, width, lens_doc);
}

static void
on_handoff_cb (GstElement *sink,
               GstBuffer  *buffer,
               GstPad     *pad,
               gpointer    user_data)
{
  guint *frames = user_data;

  (*frames)++;
}

/* Decodes the MP4's H.264 track to the end; returns the frame count. */
static guint
decode_mp4 (const char *path)
{
  g_autofree char *description = g_strdup_printf ("filesrc location=\"%s\" ! qtdemux ! video/x-h264 ! "
                                                  "h264parse ! decodebin ! fakesink name=sink "
                                                  "signal-handoffs=true sync=false", path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  guint frames = 0;

  g_assert_no_error (error);
  gst_object_ref_sink (pipeline);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff_cb), &frames);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 20 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      gst_message_parse_error (message, &error, NULL);
      g_assert_no_error (error);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);

  return frames;
}

static void
sleep_ms (guint ms)
{
  g_usleep (ms * 1000);
}

static void
test_video (void)
{
  Emu *emu = emu_shared ();
  g_autoptr(JsonObject) results = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(JsonObject) listing = NULL;
  g_autofree char *path = g_build_filename (emu->storage, "download.mp4", NULL);
  g_autofree char *name = NULL;
  g_autofree char *sidecar = NULL;
  g_autofree char *stem = NULL;
  g_auto(EmuReply) mp4 = { 0 };
  g_autoptr(GError) error = NULL;
  JsonObject *entry;
  JsonArray *urls;
  const char *url;
  guint status = 0, frames;

  results = emu_execute_done (emu, "camera.setOptions", "{\"options\":{\"captureMode\":\"video\"}}");
  g_clear_pointer (&results, json_object_unref);
  results = emu_execute_done (emu, "camera.startCapture", NULL);

  /* While recording: mode changes and stills are refused. */
  reply = emu_execute (emu, "camera.setOptions", "{\"options\":{\"captureMode\":\"image\"}}", &status);
  emu_assert_error (reply, status, 403, "disabledCommand");
  g_clear_pointer (&reply, json_object_unref);
  reply = emu_execute (emu, "camera.takePicture", NULL, &status);
  emu_assert_error (reply, status, 403, "disabledCommand");

  sleep_ms (1300);
  state = emu_post (emu, "/osc/state", NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (state, "state"),
                                                  "_captureStatus"), ==, "shooting");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (state, "state"),
                                               "_recordedTime"), >=, 1);

  g_clear_pointer (&results, json_object_unref);
  results = emu_execute_done (emu, "camera.stopCapture", NULL);
  urls = json_object_get_array_member (results, "fileUrls");
  g_assert_cmpuint (json_array_get_length (urls), ==, 1);
  url = json_array_get_string_element (urls, 0);
  g_assert_true (g_str_has_suffix (url, ".MP4"));

  /* A finalised MP4 with an H.264 track GStreamer decodes to the end. */
  emu_request (emu, "GET", url, NULL, NULL, &mp4);
  g_assert_cmpuint (mp4.status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (mp4.headers, NULL), ==, "video/mp4");
  g_file_set_contents (path, g_bytes_get_data (mp4.body, NULL), (gssize)g_bytes_get_size (mp4.body), &error);
  g_assert_no_error (error);
  frames = decode_mp4 (path);
  g_test_message ("%u frames in %" G_GSIZE_FORMAT " bytes", frames, g_bytes_get_size (mp4.body));
  g_assert_cmpuint (frames, >=, 15);

  listing = emu_execute_done (emu, "camera.listFiles",
                              "{\"fileType\":\"video\",\"entryCount\":1,\"maxThumbSize\":0}");
  entry = json_array_get_object_element (json_object_get_array_member (listing, "entries"), 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "fileUrl"), ==, url);
  g_assert_cmpstr (json_object_get_string_member (entry, "_codec"), ==, "H.264/MPEG-4 AVC");
  g_assert_cmpint (json_object_get_int_member (entry, "_frameRate"), ==, 15);
  g_assert_cmpint (json_object_get_int_member (entry, "_recordTime"), >=, 1);
  g_assert_cmpint (json_object_get_int_member (entry, "width"), ==, 960);
  g_assert_cmpint (json_object_get_int_member (entry, "size"), ==, g_bytes_get_size (mp4.body));

  name = g_path_get_basename (url);
  stem = g_strndup (name, strlen (name) - 4);
  sidecar = g_strdup_printf ("%s/100SPHCM/%s.lens.json", emu->storage, stem);
  g_assert_true (g_file_test (sidecar, G_FILE_TEST_IS_REGULAR));

  g_clear_pointer (&results, json_object_unref);
  results = emu_execute_done (emu, "camera.setOptions", "{\"options\":{\"captureMode\":\"image\"}}");
}

static void
assert_pose (JsonObject *lens_doc)
{
  JsonObject *pose = json_object_get_object_member (lens_doc, "pose");

  g_assert_nonnull (pose);
  g_assert_cmpfloat (json_object_get_double_member (pose, "pitch_deg"), ==, 8.0);
  g_assert_cmpfloat (json_object_get_double_member (pose, "roll_deg"), ==, -5.0);
}

/* --tilt: the attitude is recorded as a camera does (lens JSON "pose" in
 * our convention; XMP GPano PosePitch = pitch, PoseRoll = −roll, and no
 * ProjectionType on a dual-fisheye JPEG), for stills and videos. */
static void
test_tilt (void)
{
  Emu *emu = emu_start ("--tilt", "8,-5", NULL);
  g_autofree char *url = emu_take_picture (emu);
  g_autofree char *name = url_basename (url);
  g_autofree char *stem = g_strndup (name, strlen (name) - 4);
  g_autofree char *sidecar = g_strdup_printf ("%s/100SPHCM/%s.lens.json", emu->storage, stem);
  g_autofree char *text = NULL;
  g_autofree char *video_sidecar = NULL;
  g_autofree char *video_name = NULL;
  g_autoptr(GBytes) text_bytes = NULL;
  g_autoptr(GBytes) rgb = NULL;
  g_autoptr(JsonObject) lens_doc = NULL;
  g_autoptr(JsonObject) results = NULL;
  g_auto(EmuReply) jpeg = { 0 };
  const char *xmp;
  int width = 0, height = 0;

  emu_request (emu, "GET", url, NULL, NULL, &jpeg);
  g_assert_cmpuint (jpeg.status, ==, 200);
  xmp = find_text (jpeg.body, "http://ns.adobe.com/xap/1.0/");
  g_assert_nonnull (xmp);
  /* After the Exif APP1, its own APP1 */
  g_assert_cmpmem (xmp - 4, 2, "\xff\xe1", 2);
  g_assert_nonnull (find_text (jpeg.body, "<GPano:PosePitchDegrees>8.00</GPano:PosePitchDegrees>"));
  g_assert_nonnull (find_text (jpeg.body, "<GPano:PoseRollDegrees>5.00</GPano:PoseRollDegrees>"));
  g_assert_null (find_text (jpeg.body, "ProjectionType"));
  rgb = emu_decode_jpeg (jpeg.body, &width, &height);
  g_assert_cmpint (width, ==, 1920);

  g_assert_true (g_file_get_contents (sidecar, &text, NULL, NULL));
  text_bytes = g_bytes_new (text, strlen (text));
  lens_doc = emu_parse (text_bytes);
  assert_pose (lens_doc);

  /* The MP4's sidecar too */
  results = emu_execute_done (emu, "camera.setOptions", "{\"options\":{\"captureMode\":\"video\"}}");
  g_clear_pointer (&results, json_object_unref);
  results = emu_execute_done (emu, "camera.startCapture", NULL);
  g_clear_pointer (&results, json_object_unref);
  sleep_ms (500);
  results = emu_execute_done (emu, "camera.stopCapture", NULL);
  video_name = g_path_get_basename (json_array_get_string_element (json_object_get_array_member (results, "fileUrls"), 0));
  video_sidecar = g_strdup_printf ("%s/100SPHCM/%.*s.lens.json", emu->storage,
                                   (int) strlen (video_name) - 4, video_name);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&text_bytes, g_bytes_unref);
  g_clear_pointer (&lens_doc, json_object_unref);
  g_assert_true (g_file_get_contents (video_sidecar, &text, NULL, NULL));
  text_bytes = g_bytes_new (text, strlen (text));
  lens_doc = emu_parse (text_bytes);
  assert_pose (lens_doc);

  emu_stop (emu);
}

static void
test_interval (void)
{
  Emu *emu = emu_shared ();
  g_autoptr(JsonObject) results = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) done = NULL;
  JsonArray *urls;

  results = emu_execute_done (emu, "camera.setOptions",
                              "{\"options\":{\"captureInterval\":1,\"captureNumber\":2}}");

  /* A counted sequence stays inProgress until the last picture. */
  first = emu_execute (emu, "camera.startCapture", "{\"_mode\":\"interval\"}", NULL);
  g_assert_cmpstr (json_object_get_string_member (first, "state"), ==, "inProgress");
  done = emu_wait_command (emu, first);
  g_assert_cmpstr (json_object_get_string_member (done, "state"), ==, "done");
  urls = json_object_get_array_member (json_object_get_object_member (done, "results"), "fileUrls");
  g_assert_cmpuint (json_array_get_length (urls), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (urls, 0), !=, json_array_get_string_element (urls, 1));

  /* captureNumber 0: done at once, runs until stopCapture. */
  g_clear_pointer (&results, json_object_unref);
  results = emu_execute_done (emu, "camera.setOptions", "{\"options\":{\"captureNumber\":0}}");
  g_clear_pointer (&results, json_object_unref);
  results = emu_execute (emu, "camera.startCapture", NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (results, "state"), ==, "done");
  sleep_ms (200);
  g_clear_pointer (&results, json_object_unref);
  results = emu_execute_done (emu, "camera.stopCapture", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (results, "fileUrls")), ==, 1);

  g_clear_pointer (&results, json_object_unref);
  results = emu_execute_done (emu, "camera.reset", NULL);
}

/* Reads one part; returns the JPEG or NULL at the end of the stream. */
static GBytes *
read_part (GDataInputStream *in)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 length = -1;

  /* Skip the CRLFs between parts, then expect the THETA delimiter. */
  do
    {
      g_free (line);
      line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
      g_assert_no_error (error);
      if (line == NULL)
        return NULL;
      g_strchomp (line);
    }
  while (line[0] == '\0');
  g_assert_cmpstr (line, ==, "---osclivepreview---");

  for (;;)
    {
      g_free (line);
      line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (line);
      g_strchomp (line);
      if (line[0] == '\0')
        break;
      if (g_ascii_strncasecmp (line, "Content-Length:", 15) == 0)
        length = g_ascii_strtoll (line + 15, NULL, 10);
      else
        g_assert_cmpstr (line, ==, "Content-type: image/jpeg");
    }

  g_assert_cmpint (length, >, 0);
  {
    GBytes *jpeg = g_input_stream_read_bytes (G_INPUT_STREAM (in), (gsize)length, NULL, &error);
    const guint8 *data;
    gsize size;

    g_assert_no_error (error);
    while (g_bytes_get_size (jpeg) < (gsize)length)
      {
        g_autoptr(GBytes) more = g_input_stream_read_bytes (G_INPUT_STREAM (in),
                                                            (gsize)length - g_bytes_get_size (jpeg), NULL, &error);
        GByteArray *joined = g_byte_array_new ();

        g_assert_no_error (error);
        g_assert_cmpuint (g_bytes_get_size (more), >, 0);
        g_byte_array_append (joined, g_bytes_get_data (jpeg, NULL), (guint)g_bytes_get_size (jpeg));
        g_byte_array_append (joined, g_bytes_get_data (more, NULL), (guint)g_bytes_get_size (more));
        g_bytes_unref (jpeg);
        jpeg = g_byte_array_free_to_bytes (joined);
      }

    data = g_bytes_get_data (jpeg, &size);
    g_assert_cmpint (data[0], ==, 0xff);
    g_assert_cmpint (data[1], ==, 0xd8);
    g_assert_cmpint (data[size - 2], ==, 0xff);
    g_assert_cmpint (data[size - 1], ==, 0xd9);
    return jpeg;
  }
}

static GDataInputStream *
open_preview (Emu         *emu,
              SoupMessage **out_msg)
{
  g_autofree char *url = g_strconcat (emu->url, "/osc/commands/execute", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  static const char request[] = "{\"name\":\"camera.getLivePreview\"}";
  g_autoptr(GBytes) body = g_bytes_new_static (request, sizeof request - 1);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) params = NULL;
  const char *type;

  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  stream = soup_session_send (emu->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), &params);
  g_assert_cmpstr (type, ==, "multipart/x-mixed-replace");
  g_assert_cmpstr (g_hash_table_lookup (params, "boundary"), ==, "---osclivepreview---");

  *out_msg = g_steal_pointer (&msg);
  return g_data_input_stream_new (stream);
}

static void
test_live_preview (void)
{
  Emu *emu = emu_shared ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(SoupMessage) msg2 = NULL;
  g_autoptr(GDataInputStream) in = open_preview (emu, &msg);
  g_autoptr(GDataInputStream) in2 = NULL;
  g_autoptr(GBytes) first = read_part (in);
  g_autoptr(GBytes) rgb = NULL;
  g_autofree char *url = NULL;
  gint64 t0 = g_get_monotonic_time (), elapsed;
  guint frames = 0;
  int width = 0, height = 0;
  double fps;

  g_assert_nonnull (first);
  rgb = emu_decode_jpeg (first, &width, &height);
  g_assert_cmpint (width, ==, 1024);
  g_assert_cmpint (height, ==, 512);

  while ((elapsed = g_get_monotonic_time () - t0) < G_USEC_PER_SEC)
    {
      g_autoptr(GBytes) jpeg = read_part (in);

      g_assert_nonnull (jpeg);
      frames++;
    }
  fps = frames * (double)G_USEC_PER_SEC / elapsed;
  g_test_message ("live preview: %u frames in %.2f s = %.1f fps", frames, elapsed / 1e6, fps);
  g_assert_cmpfloat (fps, >=, MIN_PREVIEW_FPS);
  g_input_stream_close (G_INPUT_STREAM (in), NULL, NULL);

  /* Taking a picture ends the stream cleanly, as on a THETA. */
  in2 = open_preview (emu, &msg2);
  g_bytes_unref (read_part (in2));
  url = emu_take_picture (emu);
  for (int i = 0; i < 100; i++)
    {
      g_autoptr(GBytes) jpeg = read_part (in2);

      if (jpeg == NULL)
        break;
      g_assert_cmpint (i, <, 90);
    }
}

void
test_emulator_add_media_tests (void)
{
  g_test_add_func ("/emulator/media/picture", test_picture);
  g_test_add_func ("/emulator/media/video", test_video);
  g_test_add_func ("/emulator/media/tilt", test_tilt);
  g_test_add_func ("/emulator/media/interval", test_interval);
  g_test_add_func ("/emulator/media/live-preview", test_live_preview);
}
