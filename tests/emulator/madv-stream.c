/* madv-stream.c: the MADV emulator's HTTP file server and RTSP preview
 *
 * HTTP (50422 on a camera): GET/HEAD of DCIM, URL = camera path with
 * /tmp/SD0/DCIM replaced by http://HOST:PORT; one "bytes=" range gives a
 * 206. Nothing outside DCIM (the LUT is data-port only).
 *
 * HTTPS (443, firmware newer than 1.3.105.114.5.18100, MADV-PROTOCOL.md
 * §3.3): the same files and ranges, with a self-signed certificate
 * (tests/data/madv-emulator-cert.pem unless --https-cert).
 *
 * RTSP (554 on a camera): rtsp://HOST:PORT/live, the scene through the
 * rig as side-by-side dual fisheye, H.264 (x264enc tune=zerolatency),
 * RTP over UDP or TCP, one shared pipeline for all viewers.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "emu-madv"

#include "config.h"

#include <string.h>

#include <gst/app/gstappsrc.h>
#include <gst/rtsp-server/rtsp-server.h>

#include "madv-private.h"

#define PREVIEW_WIDTH    1024
#define PREVIEW_HEIGHT   512
#define PREVIEW_RATE     10
#define PREVIEW_YAW_RATE 15.0

/* HTTP ------------------------------------------------------------------ */

static gboolean
parse_range (const char *header,
             goffset     size,
             goffset    *start,
             goffset    *end)
{
  g_auto(GStrv) parts = NULL;
  guint64 a = 0, b = 0;

  if (header == NULL || !g_str_has_prefix (header, "bytes=") || strchr (header, ',') != NULL)
    return FALSE;
  parts = g_strsplit (header + strlen ("bytes="), "-", 2);
  if (g_strv_length (parts) != 2)
    return FALSE;

  if (parts[0][0] == '\0')
    {
      /* bytes=-N: the last N bytes */
      if (!g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXINT64, &b, NULL))
        return FALSE;
      *start = size - (goffset)MIN (b, (guint64)size);
      *end = size;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (parts[0], 10, 0, G_MAXINT64, &a, NULL))
    return FALSE;
  if (parts[1][0] == '\0')
    b = (guint64)size - 1;
  else if (!g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXINT64, &b, NULL) || b < a)
    return FALSE;

  *start = (goffset)a;
  *end = (goffset)MIN (b + 1, (guint64)size);
  return TRUE;
}

static void
on_http_request_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  ScMadvEmu *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  g_autofree char *camera_path = g_strconcat (SC_MADV_DCIM, path, NULL);
  g_autofree char *local = sc_madv_local_path (self, camera_path);
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) all = NULL;
  g_autoptr(GBytes) body = NULL;
  goffset size, start = 0, end;

  if (!g_str_equal (method, "GET") && !g_str_equal (method, "HEAD"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }
  if (local == NULL || !g_file_test (local, G_FILE_TEST_IS_REGULAR) ||
      (mapped = g_mapped_file_new (local, FALSE, NULL)) == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  all = g_mapped_file_get_bytes (mapped);
  size = end = (goffset)g_bytes_get_size (all);
  soup_message_headers_replace (response, "Accept-Ranges", "bytes");
  soup_message_headers_set_content_type (response,
                                         g_str_has_suffix (path, ".MP4") ? "video/mp4" : "image/jpeg", NULL);

  if (soup_message_headers_get_one (request, "Range") != NULL)
    {
      if (!parse_range (soup_message_headers_get_one (request, "Range"), size, &start, &end) || start >= size)
        {
          g_autofree char *range = g_strdup_printf ("bytes */%" G_GOFFSET_FORMAT, size);

          soup_message_headers_replace (response, "Content-Range", range);
          soup_server_message_set_status (msg, SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE, NULL);
          return;
        }
      else
        {
          g_autofree char *range = g_strdup_printf ("bytes %" G_GOFFSET_FORMAT "-%" G_GOFFSET_FORMAT "/%"
                                                    G_GOFFSET_FORMAT, start, end - 1, size);

          soup_message_headers_replace (response, "Content-Range", range);
          soup_server_message_set_status (msg, SOUP_STATUS_PARTIAL_CONTENT, NULL);
        }
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);

  body = g_bytes_new_from_bytes (all, (gsize)start, (gsize)(end - start));
  if (g_str_equal (method, "HEAD"))
    soup_message_headers_set_content_length (response, end - start);
  else
    soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
}

/* Newer firmware: DCIM over HTTPS as well. */
static gboolean
https_start (ScMadvEmu  *self,
             GError    **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (self->config->listen_host);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *key_path = NULL;
  GSList *listeners;
  guint port;

  cert_path = g_strdup (self->options.https_cert != NULL ? self->options.https_cert
                                                         : SC_MADV_TEST_DATA_DIR "/madv-emulator-cert.pem");
  if (self->options.https_key != NULL)
    key_path = g_strdup (self->options.https_key);
  else if (g_str_has_suffix (cert_path, "-cert.pem"))
    {
      g_autofree char *stem = g_strndup (cert_path, strlen (cert_path) - strlen ("-cert.pem"));

      key_path = g_strconcat (stem, "-key.pem", NULL);
    }
  else
    key_path = g_strdup (cert_path);

  certificate = g_tls_certificate_new_from_files (cert_path, key_path, error);
  if (certificate == NULL)
    return FALSE;

  if (self->options.https_port >= 0)
    port = (guint)self->options.https_port;
  else
    port = self->config->listen_port == 0 ? 0 : 443;
  address = g_inet_socket_address_new (inet, port);

  self->https = soup_server_new ("server-header", "MADV-emulator ", "tls-certificate", certificate, NULL);
  soup_server_add_handler (self->https, "/", on_http_request_cb, self, NULL);
  if (!soup_server_listen (self->https, address, SOUP_SERVER_LISTEN_HTTPS, error))
    return FALSE;

  listeners = soup_server_get_listeners (self->https);
  bound = g_socket_get_local_address (listeners->data, error);
  g_slist_free (listeners);
  if (bound == NULL)
    return FALSE;

  self->https_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_message ("Firmware %s: HTTPS on port %u with %s", self->firmware, self->https_port, cert_path);
  return TRUE;
}

gboolean
sc_madv_http_start (ScMadvEmu  *self,
                    GError    **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (self->config->listen_host);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (inet, self->config->listen_port == 0 ? 0 : 50422);
  g_autoptr(GSocketAddress) bound = NULL;
  GSList *listeners;

  self->http = soup_server_new ("server-header", "MADV-emulator ", NULL);
  soup_server_add_handler (self->http, "/", on_http_request_cb, self, NULL);
  if (!soup_server_listen (self->http, address, 0, error))
    return FALSE;

  listeners = soup_server_get_listeners (self->http);
  bound = g_socket_get_local_address (listeners->data, error);
  g_slist_free (listeners);
  if (bound == NULL)
    return FALSE;

  self->http_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  if (!sc_madv_version_newer (self->firmware, SC_MADV_HTTPS_AFTER))
    return TRUE;
  return https_start (self, error);
}

/* RTSP ------------------------------------------------------------------ */

typedef struct
{
  ScEmuRig     rig;
  ScEmuRigMap *map;
  ScEmuImage  *frame;
  guint        n;
  gint64       started_at;
} Feed;

static void
feed_free (Feed *feed)
{
  g_clear_pointer (&feed->map, sc_emu_rig_map_unref);
  g_clear_pointer (&feed->frame, sc_emu_image_free);
  g_free (feed);
}

/* Runs on the appsrc's streaming thread: render the next frame, paced in
 * real time. */
static void
on_need_data_cb (GstElement *src,
                 guint       length,
                 gpointer    user_data)
{
  Feed *feed = user_data;
  const ScEmuImage *scene = sc_emu_scene_get (NULL);
  gint64 due;
  GstBuffer *buffer;

  if (scene == NULL)
    {
      gst_app_src_end_of_stream (GST_APP_SRC (src));
      return;
    }
  if (feed->map == NULL)
    {
      feed->map = sc_emu_rig_map_get (&feed->rig, scene);
      feed->frame = sc_emu_image_new (feed->rig.width, feed->rig.height);
      feed->started_at = g_get_monotonic_time ();
    }

  due = feed->started_at + (gint64)feed->n * G_USEC_PER_SEC / PREVIEW_RATE;
  if (g_get_monotonic_time () < due)
    g_usleep ((gulong)(due - g_get_monotonic_time ()));

  sc_emu_rig_map_render (feed->map, scene, PREVIEW_YAW_RATE * feed->n / PREVIEW_RATE, feed->frame);
  buffer = gst_buffer_new_memdup (feed->frame->data, (gsize)feed->frame->stride * feed->frame->height);
  GST_BUFFER_PTS (buffer) = gst_util_uint64_scale (feed->n, GST_SECOND, PREVIEW_RATE);
  GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (1, GST_SECOND, PREVIEW_RATE);
  feed->n++;
  gst_app_src_push_buffer (GST_APP_SRC (src), buffer);
}

static void
on_media_configure_cb (GstRTSPMediaFactory *factory,
                       GstRTSPMedia        *media,
                       gpointer             user_data)
{
  ScMadvEmu *self = user_data;
  g_autoptr(GstElement) element = gst_rtsp_media_get_element (media);
  g_autoptr(GstElement) src = gst_bin_get_by_name_recurse_up (GST_BIN (element), "src");
  g_autoptr(GstCaps) caps = NULL;
  Feed *feed = g_new0 (Feed, 1);

  sc_emu_rig_init (&feed->rig, PREVIEW_WIDTH, PREVIEW_HEIGHT);
  feed->rig.pitch_deg = self->config->tilt_pitch_deg;
  feed->rig.roll_deg = self->config->tilt_roll_deg;
  caps = gst_caps_new_simple ("video/x-raw",
                              "format", G_TYPE_STRING, "RGB",
                              "width", G_TYPE_INT, PREVIEW_WIDTH,
                              "height", G_TYPE_INT, PREVIEW_HEIGHT,
                              "framerate", GST_TYPE_FRACTION, PREVIEW_RATE, 1,
                              NULL);
  g_object_set (src, "caps", caps, "format", GST_FORMAT_TIME, NULL);
  g_signal_connect (src, "need-data", G_CALLBACK (on_need_data_cb), feed);
  g_object_set_data_full (G_OBJECT (media), "sc-madv-feed", feed, (GDestroyNotify)feed_free);
}

gboolean
sc_madv_rtsp_start (ScMadvEmu  *self,
                    GError    **error)
{
  GstRTSPServer *server = gst_rtsp_server_new ();
  g_autoptr(GstRTSPMountPoints) mounts = gst_rtsp_server_get_mount_points (server);
  GstRTSPMediaFactory *factory = gst_rtsp_media_factory_new ();
  g_autofree char *service = g_strdup_printf ("%u", self->config->listen_port == 0 ? 0 : 554);

  self->rtsp = server;
  gst_rtsp_server_set_address (server, self->config->listen_host);
  gst_rtsp_server_set_service (server, service);

  gst_rtsp_media_factory_set_launch (factory,
                                     "( appsrc name=src is-live=true ! videoconvert ! video/x-raw,format=I420 ! "
                                     "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=10 bitrate=3000 ! "
                                     "rtph264pay name=pay0 pt=96 config-interval=1 )");
  gst_rtsp_media_factory_set_shared (factory, TRUE);
  gst_rtsp_media_factory_set_protocols (factory, GST_RTSP_LOWER_TRANS_UDP | GST_RTSP_LOWER_TRANS_TCP);
  g_signal_connect (factory, "media-configure", G_CALLBACK (on_media_configure_cb), self);
  gst_rtsp_mount_points_add_factory (mounts, "/live", factory);

  self->rtsp_source = gst_rtsp_server_attach (server, NULL);
  if (self->rtsp_source == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot start the RTSP server on %s:%s",
                   self->config->listen_host, service);
      return FALSE;
    }

  self->rtsp_port = (guint)gst_rtsp_server_get_bound_port (server);
  return TRUE;
}

void
sc_madv_streams_stop (ScMadvEmu *self)
{
  if (self->http != NULL)
    soup_server_disconnect (self->http);
  g_clear_object (&self->http);
  if (self->https != NULL)
    soup_server_disconnect (self->https);
  g_clear_object (&self->https);
  if (self->rtsp_source != 0)
    g_source_remove (self->rtsp_source);
  self->rtsp_source = 0;
  g_clear_object (&self->rtsp);
}
