/* test-emulator-util.c: helpers for the emulator's own tests
 *
 * Plain libsoup (synchronous calls on a private session) against a real
 * spherecam-emulator process.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-emulator"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "test-emulator-util.h"

static Emu *shared;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Starts an emulator with its own storage directory and these arguments. */
Emu *
emu_start (const char *first_arg,
           ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Emu *emu = g_new0 (Emu, 1);
  va_list ap;

  emu->storage = g_dir_make_tmp ("test-emulator-XXXXXX", &error);
  g_assert_no_error (error);

  g_ptr_array_add (args, (char *)"--storage");
  g_ptr_array_add (args, emu->storage);
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  emu->url = sc_emulator_launch ((const char * const *)args->pdata, &emu->process, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (emu->url, "http://127.0.0.1:"));

  emu->session = soup_session_new_with_options ("timeout", 30, NULL);
  return emu;
}

void
emu_stop (Emu *emu)
{
  if (emu == NULL)
    return;

  g_clear_object (&emu->session);
  if (emu->process != NULL)
    {
      sc_emulator_stop (emu->process);
      g_assert_true (g_subprocess_get_if_exited (emu->process));
      g_assert_cmpint (g_subprocess_get_exit_status (emu->process), ==, 0);
    }
  g_clear_object (&emu->process);
  if (emu->storage != NULL)
    remove_tree (emu->storage);
  g_free (emu->storage);
  g_free (emu->url);
  g_free (emu);
}

/* One emulator shared by the tests that need no special arguments. */
Emu *
emu_shared (void)
{
  if (shared == NULL)
    shared = emu_start ("--photo-size", "1920x960", NULL);
  return shared;
}

void
emu_shared_stop (void)
{
  g_clear_pointer (&shared, emu_stop);
}

void
emu_reply_clear (EmuReply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_error (&reply->error);
}

/* Any request; transport errors land in reply->error. */
void
emu_request (Emu        *emu,
             const char *method,
             const char *url_or_path,
             const char *body,
             const char *range,
             EmuReply   *reply)
{
  g_autofree char *url = url_or_path[0] == '/' ? g_strconcat (emu->url, url_or_path, NULL)
                                               : g_strdup (url_or_path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json;charset=utf-8", bytes);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "X-XSRF-Protected", "1");
    }
  if (range != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Range", range);

  emu_reply_clear (reply);
  reply->body = soup_session_send_and_read (emu->session, msg, NULL, &reply->error);
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
}

JsonObject *
emu_parse (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  json_parser_load_from_data (parser, data, (gssize)length, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* POSTs @body (JSON text, or NULL) and parses the JSON reply. */
JsonObject *
emu_post (Emu        *emu,
          const char *path,
          const char *body,
          guint      *status)
{
  g_auto(EmuReply) reply = { 0 };

  emu_request (emu, "POST", path, body, NULL, &reply);
  g_assert_no_error (reply.error);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply.headers, NULL), ==, "application/json");
  if (status != NULL)
    *status = reply.status;
  else
    g_assert_cmpuint (reply.status, ==, SOUP_STATUS_OK);

  return emu_parse (reply.body);
}

JsonObject *
emu_execute (Emu        *emu,
             const char *name,
             const char *params_json,
             guint      *status)
{
  g_autofree char *body = NULL;

  if (params_json != NULL)
    body = g_strdup_printf ("{\"name\":\"%s\",\"parameters\":%s}", name, params_json);
  else
    body = g_strdup_printf ("{\"name\":\"%s\"}", name);

  return emu_post (emu, "/osc/commands/execute", body, status);
}

/* Polls /osc/commands/status until @command (an inProgress reply) ends. */
JsonObject *
emu_wait_command (Emu        *emu,
                  JsonObject *command)
{
  JsonObject *current = json_object_ref (command);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_str_equal (json_object_get_string_member (current, "state"), "inProgress"))
    {
      g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\"}", json_object_get_string_member (current, "id"));
      guint status = 0;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_assert_true (json_object_has_member (current, "progress"));
      g_usleep (100 * 1000);
      json_object_unref (current);
      current = emu_post (emu, "/osc/commands/status", body, &status);
      g_assert_true (status == SOUP_STATUS_OK ||
                     g_str_equal (json_object_get_string_member (current, "state"), "error"));
    }

  return current;
}

/* Executes a command and waits until it is done; returns its results (an
 * empty object when it has none). */
JsonObject *
emu_execute_done (Emu        *emu,
                  const char *name,
                  const char *params_json)
{
  g_autoptr(JsonObject) reply = emu_execute (emu, name, params_json, NULL);
  g_autoptr(JsonObject) done = emu_wait_command (emu, reply);

  g_assert_cmpstr (json_object_get_string_member (done, "name"), ==, name);
  g_assert_cmpstr (json_object_get_string_member (done, "state"), ==, "done");
  if (!json_object_has_member (done, "results"))
    return json_object_new ();
  return json_object_ref (json_object_get_object_member (done, "results"));
}

void
emu_assert_error (JsonObject *reply,
                  guint       status,
                  guint       expected_status,
                  const char *code)
{
  JsonObject *error;

  g_assert_cmpuint (status, ==, expected_status);
  g_assert_cmpstr (json_object_get_string_member (reply, "state"), ==, "error");
  g_assert_true (json_object_has_member (reply, "name"));
  error = json_object_get_object_member (reply, "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (error, "message"), !=, "");
}

char *
emu_take_picture (Emu *emu)
{
  g_autoptr(JsonObject) first = emu_execute (emu, "camera.takePicture", NULL, NULL);
  g_autoptr(JsonObject) done = NULL;

  /* A THETA always goes through inProgress while it stitches. */
  g_assert_cmpstr (json_object_get_string_member (first, "state"), ==, "inProgress");
  done = emu_wait_command (emu, first);
  g_assert_cmpstr (json_object_get_string_member (done, "state"), ==, "done");

  return g_strdup (json_object_get_string_member (json_object_get_object_member (done, "results"), "fileUrl"));
}

char *
emu_fingerprint (Emu *emu)
{
  g_autoptr(JsonObject) state = emu_post (emu, "/osc/state", NULL, NULL);

  return g_strdup (json_object_get_string_member (state, "fingerprint"));
}

/* Decodes a JPEG with GStreamer into packed RGB. */
GBytes *
emu_decode_jpeg (GBytes *jpeg,
                 int    *width,
                 int    *height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GstCaps) caps = gst_caps_new_empty_simple ("image/jpeg");
  GByteArray *rgb = g_byte_array_new ();
  GstVideoInfo info;
  GstVideoFrame frame;

  pipeline = gst_parse_launch ("appsrc name=src ! jpegdec ! videoconvert ! video/x-raw,format=RGB ! "
                               "appsink name=sink sync=false", &error);
  g_assert_no_error (error);
  gst_object_ref_sink (pipeline);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (src, "caps", caps, NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  gst_app_src_push_buffer (GST_APP_SRC (src), gst_buffer_new_wrapped_bytes (jpeg));
  gst_app_src_end_of_stream (GST_APP_SRC (src));

  sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 10 * GST_SECOND);
  g_assert_nonnull (sample);
  g_assert_true (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
  g_assert_true (gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ));
  *width = GST_VIDEO_INFO_WIDTH (&info);
  *height = GST_VIDEO_INFO_HEIGHT (&info);
  for (int y = 0; y < *height; y++)
    g_byte_array_append (rgb, (guint8 *)GST_VIDEO_FRAME_PLANE_DATA (&frame, 0) +
                              (gsize)y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0),
                         (guint)*width * 3);
  gst_video_frame_unmap (&frame);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  return g_byte_array_free_to_bytes (rgb);
}
