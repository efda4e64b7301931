/* test-emulator-madv.c: spherecam-emulator --protocol madv over raw sockets
 *
 * Plain GSocket + json-glib on the command and data ports, libsoup on the
 * HTTP server and a GStreamer rtspsrc on the preview: the emulator itself
 * is under test here, not the app's client.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>
#include <libexif/exif-data.h>
#include <libexif/exif-utils.h>
#include <libsoup/soup.h>

#define IO_TIMEOUT_S 60

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExifData, exif_data_unref)

typedef struct
{
  GSubprocess *process;
  char        *host;
  guint        cmd_port;
  guint        data_port;
  guint        http_port;
  guint        rtsp_port;
} Emu;

typedef struct
{
  GSocketConnection *conn;
  GByteArray        *buffer;
  GQueue             notifications;   /* JsonObject */
  gboolean           saw_garbage;     /* bytes other than objects between objects */
  int                token;
} Conn;

static Emu *
emu_start (const char *first_arg,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *line = NULL;
  const char *binary = g_getenv ("SC_TEST_EMULATOR");
  Emu *emu = g_new0 (Emu, 1);
  va_list args;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (char *)binary);
  g_ptr_array_add (argv, (char *)"--exit-on-stdin-eof");
  g_ptr_array_add (argv, (char *)"--protocol");
  g_ptr_array_add (argv, (char *)"madv");
  g_ptr_array_add (argv, (char *)"--listen");
  g_ptr_array_add (argv, (char *)"127.0.0.1:0");
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  emu->process = g_subprocess_newv ((const char * const *)argv->pdata,
                                    G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (emu->process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);

  regex = g_regex_new ("^madv://([0-9.]+):([0-9]+)\\?data=([0-9]+)&http=([0-9]+)&rtsp=([0-9]+)$", 0, 0, NULL);
  g_assert_true (g_regex_match (regex, line, 0, &match));
  emu->host = g_match_info_fetch (match, 1);
  for (int i = 0; i < 4; i++)
    {
      g_autofree char *port = g_match_info_fetch (match, i + 2);
      guint *ports[] = { &emu->cmd_port, &emu->data_port, &emu->http_port, &emu->rtsp_port };

      *ports[i] = (guint)g_ascii_strtoull (port, NULL, 10);
      g_assert_cmpuint (*ports[i], >, 0);
    }

  return emu;
}

static void
emu_stop (Emu *emu)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_close (g_subprocess_get_stdin_pipe (emu->process), NULL, NULL);
  g_subprocess_wait_check (emu->process, NULL, &error);
  g_assert_no_error (error);
  g_object_unref (emu->process);
  g_free (emu->host);
  g_free (emu);
}

static GSocketConnection *
connect_port (Emu   *emu,
              guint  port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *conn;

  conn = g_socket_client_connect_to_host (client, emu->host, (guint16)port, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (g_socket_connection_get_socket (conn), IO_TIMEOUT_S);
  return conn;
}

static Conn *
conn_new (Emu *emu)
{
  Conn *conn = g_new0 (Conn, 1);

  conn->conn = connect_port (emu, emu->cmd_port);
  conn->buffer = g_byte_array_new ();
  g_queue_init (&conn->notifications);
  return conn;
}

static void
conn_free (Conn *conn)
{
  g_queue_clear_full (&conn->notifications, (GDestroyNotify)json_object_unref);
  g_byte_array_unref (conn->buffer);
  g_object_unref (conn->conn);
  g_free (conn);
}

static void
conn_send (Conn       *conn,
           const char *text)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn->conn)), text, strlen (text),
                             NULL, NULL, &error);
  g_assert_no_error (error);
}

/* The next object from the command port, or NULL at end of stream. */
static JsonObject *
conn_read_object (Conn *conn)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (conn->conn));

  for (;;)
    {
      guint start = 0, i;
      int depth = 0;
      gboolean in_string = FALSE, escape = FALSE;
      guint8 chunk[4096];
      g_autoptr(GError) error = NULL;
      gssize n;

      while (start < conn->buffer->len && conn->buffer->data[start] != '{')
        start++;
      if (start > 0)
        {
          conn->saw_garbage = TRUE;
          g_byte_array_remove_range (conn->buffer, 0, start);
        }
      for (i = 0; i < conn->buffer->len; i++)
        {
          char c = (char)conn->buffer->data[i];

          if (in_string)
            {
              if (escape)
                escape = FALSE;
              else if (c == '\\')
                escape = TRUE;
              else if (c == '"')
                in_string = FALSE;
            }
          else if (c == '"')
            in_string = TRUE;
          else if (c == '{')
            depth++;
          else if (c == '}' && --depth == 0)
            {
              g_autoptr(JsonParser) parser = json_parser_new ();
              JsonObject *object;

              json_parser_load_from_data (parser, (const char *)conn->buffer->data, (gssize)i + 1, &error);
              g_assert_no_error (error);
              object = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
              g_byte_array_remove_range (conn->buffer, 0, i + 1);
              return object;
            }
        }

      n = g_input_stream_read (in, chunk, sizeof chunk, NULL, &error);
      if (n == 0 || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
        return NULL;
      g_assert_no_error (error);
      g_byte_array_append (conn->buffer, chunk, (guint)n);
    }
}

/* Sends a request and returns the reply with its msg_id; anything else
 * that arrives meanwhile is queued as a notification. */
static JsonObject *
conn_request (Conn       *conn,
              int         msg_id,
              const char *extra)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf ("{\"msg_id\":%d,\"token\":%d%s%s}", msg_id, conn->token,
                          extra != NULL ? "," : "", extra != NULL ? extra : "");
  conn_send (conn, text);

  for (;;)
    {
      JsonObject *object = conn_read_object (conn);

      g_assert_nonnull (object);
      if (json_object_get_int_member (object, "msg_id") == msg_id && json_object_has_member (object, "rval") &&
          json_object_get_int_member (object, "rval") != 128)
        return object;
      g_queue_push_tail (&conn->notifications, object);
    }
}

static JsonObject *
conn_wait_notification (Conn *conn,
                        int   msg_id)
{
  for (GList *l = conn->notifications.head; l != NULL; l = l->next)
    if (json_object_get_int_member (l->data, "msg_id") == msg_id)
      {
        JsonObject *object = l->data;

        g_queue_delete_link (&conn->notifications, l);
        return object;
      }

  for (;;)
    {
      JsonObject *object = conn_read_object (conn);

      g_assert_nonnull (object);
      if (json_object_get_int_member (object, "msg_id") == msg_id)
        return object;
      g_queue_push_tail (&conn->notifications, object);
    }
}

static int
rval_of (JsonObject *object)
{
  return (int)json_object_get_int_member (object, "rval");
}

static void
assert_rval (Conn       *conn,
             int         msg_id,
             const char *extra,
             int         expected)
{
  g_autoptr(JsonObject) reply = conn_request (conn, msg_id, extra);

  g_assert_cmpint (rval_of (reply), ==, expected);
}

static void
start_session (Conn *conn)
{
  g_autoptr(JsonObject) reply = conn_request (conn, 257, NULL);

  g_assert_cmpint (rval_of (reply), ==, 0);
  conn->token = (int)json_object_get_int_member (reply, "param");
  g_assert_cmpint (conn->token, >, 0);
}

static GBytes *
read_exactly (GSocketConnection *conn,
              gsize              length)
{
  g_autoptr(GError) error = NULL;
  guint8 *data = g_malloc (length + 1);
  gsize got = 0;

  g_input_stream_read_all (g_io_stream_get_input_stream (G_IO_STREAM (conn)), data, length, &got, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got, ==, length);
  return g_bytes_new_take (data, length);
}

/* 1285 in one chunk of @fetch bytes from @offset; checks msg 7. */
static GBytes *
get_chunk (Conn              *conn,
           GSocketConnection *data,
           const char        *path,
           gsize              offset,
           gsize              fetch,
           gsize             *out_size)
{
  g_autofree char *extra = g_strdup_printf ("\"param\":\"%s\",\"offset\":\"%" G_GSIZE_FORMAT "\",\"fetch_size\":%"
                                            G_GSIZE_FORMAT, path, offset, fetch);
  g_autoptr(JsonObject) reply = conn_request (conn, 1285, extra);
  g_autoptr(JsonObject) done = NULL;
  g_autofree char *md5 = NULL;
  GBytes *bytes;
  JsonArray *param;
  gsize size, length;

  g_assert_cmpint (rval_of (reply), ==, 0);
  size = (gsize)json_object_get_int_member (reply, "size");
  length = MIN (fetch, size - offset);
  g_assert_cmpint (json_object_get_int_member (reply, "rem_size"), ==, (gint64)(size - offset - length));
  bytes = read_exactly (data, length);

  done = conn_wait_notification (conn, 7);
  g_assert_cmpstr (json_object_get_string_member (done, "type"), ==, "get_file_complete");
  param = json_object_get_array_member (done, "param");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (param, 0), "bytes sent"), ==,
                   (gint64)length);
  md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, bytes);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (param, 1), "md5sum"), ==, md5);

  if (out_size != NULL)
    *out_size = size;
  return bytes;
}

static GBytes *
http_get (Emu         *emu,
          const char  *camera_path,
          const char  *range,
          guint       *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *body;

  g_assert_true (g_str_has_prefix (camera_path, "/tmp/SD0/DCIM/"));
  url = g_strdup_printf ("http://%s:%u%s", emu->host, emu->http_port, camera_path + strlen ("/tmp/SD0/DCIM"));
  msg = soup_message_new ("GET", url);
  if (range != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Range", range);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  return body;
}

/* "C:\DCIM\d\f" → "/tmp/SD0/DCIM/d/f" */
static char *
camera_path_of_rtos (const char *rtos)
{
  g_autofree char *tail = NULL;

  g_assert_true (g_str_has_prefix (rtos, "C:\\"));
  tail = g_strdup (rtos + 3);
  g_strdelimit (tail, "\\", '/');
  return g_strconcat ("/tmp/SD0/", tail, NULL);
}

static void
prepare_data (Conn *conn)
{
  assert_rval (conn, 261, "\"type\":\"TCP\",\"param\":\"127.0.0.1\"", 0);
}

/* Tests --------------------------------------------------------------- */

static void
test_session (void)
{
  Emu *emu = emu_start (NULL);
  Conn *conn = conn_new (emu);
  Conn *other = conn_new (emu);
  g_autoptr(GSocketConnection) data = connect_port (emu, emu->data_port);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonObject) sn = NULL;
  g_autoptr(JsonObject) wifi = NULL;
  g_autoptr(JsonObject) settings = NULL;
  g_autoptr(GBytes) lut = NULL;
  g_autofree char *lut_md5 = NULL;
  gsize lut_size;

  /* Nothing but 257 works without a session. */
  assert_rval (conn, 4097, NULL, -4);
  start_session (conn);
  reply = conn_request (other, 257, NULL);
  g_assert_cmpint (rval_of (reply), ==, -3);
  g_clear_pointer (&reply, json_object_unref);

  sn = conn_request (conn, 4097, NULL);
  g_assert_cmpstr (json_object_get_string_member (sn, "param"), ==, "EMUMADV0042");
  wifi = conn_request (conn, 1539, NULL);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (wifi, "param"), "AP_SSID=MIXJ-EMU042\n"));

  reply = conn_request (conn, 261, "\"type\":\"TCP\",\"param\":\"127.0.0.1\"");
  g_assert_cmpint (rval_of (reply), ==, 0);
  g_assert_cmpint (json_object_get_int_member (reply, "update"), ==, 0);
  g_assert_true (json_object_has_member (reply, "session_id"));

  /* The LUT's MD5 (261's param) matches app_lut.bin over the data port. */
  lut = get_chunk (conn, data, "/tmp/FL0/lut/app_lut.bin", 0, 8 << 20, &lut_size);
  g_assert_cmpuint (g_bytes_get_size (lut), ==, lut_size);
  lut_md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, lut);
  g_assert_cmpstr (json_object_get_string_member (reply, "param"), ==, lut_md5);

  assert_rval (conn, 6147, "\"param\":\"2024-05-01-12-00-00-4\"", 0);
  assert_rval (conn, 6154, NULL, 0);
  assert_rval (conn, 4917, "\"lon\":\"116.3\",\"lat\":\"39.9\",\"alt\":\"50\"", 0);

  /* Settings by option id, read back in 4364. */
  assert_rval (conn, 5169, "\"param\":\"-2\"", 0);
  assert_rval (conn, 5172, "\"param\":\"400\"", 0);
  assert_rval (conn, 6145, "\"param\":\"3\"", 0);
  assert_rval (conn, 5172, "\"param\":\"123\"", -14);
  settings = conn_request (conn, 4364, NULL);
  g_assert_cmpint (json_object_get_int_member (settings, "still_ev"), ==, -2);
  g_assert_cmpint (json_object_get_int_member (settings, "still_iso"), ==, 400);
  g_assert_cmpint (json_object_get_int_member (settings, "buzzer"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (settings, "product"), ==, "MJXJ01FM");
  g_assert_cmpstr (json_object_get_string_member (settings, "ver"), ==, "1.3.97.85.5.13333;1.0.3");
  g_assert_cmpstr (json_object_get_string_member (settings, "md5"), ==, lut_md5);

  /* After 258 another client may start a session. */
  assert_rval (conn, 258, NULL, 0);
  start_session (other);

  conn_free (conn);
  conn_free (other);
  emu_stop (emu);
}

static gboolean
has_ascii_exif (ExifData   *ed,
                ExifIfd     ifd,
                ExifTag     tag,
                const char *expected)
{
  ExifEntry *entry = exif_content_get_entry (ed->ifd[ifd], tag);

  return entry != NULL && entry->format == EXIF_FORMAT_ASCII && g_str_equal ((const char *)entry->data, expected);
}

static void
test_photo_listing_download (void)
{
  Emu *emu = emu_start (NULL);
  Conn *conn = conn_new (emu);
  g_autoptr(GSocketConnection) data = connect_port (emu, emu->data_port);
  g_autoptr(JsonObject) saved = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(JsonObject) listing = NULL;
  g_autoptr(GBytes) via_data = NULL;
  g_autoptr(GBytes) head = NULL;
  g_autoptr(GBytes) via_http = NULL;
  g_autoptr(GBytes) ranged = NULL;
  g_autoptr(ExifData) ed = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *cd = NULL;
  g_autofree char *name = NULL;
  ExifEntry *entry;
  const guint8 *bytes;
  gsize size, length;
  guint32 lut_len;
  guint status;
  JsonArray *items;
  gboolean found = FALSE;

  start_session (conn);
  prepare_data (conn);

  /* Photos need photo mode. */
  assert_rval (conn, 4611, "\"param\":\"0\"", 0);
  assert_rval (conn, 4864, NULL, -56);
  assert_rval (conn, 4611, "\"param\":\"1\"", 0);
  assert_rval (conn, 4864, NULL, 0);
  saved = conn_wait_notification (conn, 8193);
  path = camera_path_of_rtos (json_object_get_string_member (saved, "param"));
  g_assert_true (g_str_has_suffix (path, ".JPG"));
  g_assert_true (json_object_has_member (saved, "remain_jpg"));
  g_assert_true (json_object_has_member (saved, "sd_free"));

  /* Listing: DCIM has date folders, the photo's folder has the photo. */
  dir = g_path_get_dirname (path);
  name = g_path_get_basename (path);
  assert_rval (conn, 1283, "\"param\":\"/tmp/SD0/DCIM/\"", 0);
  listing = conn_request (conn, 1282, NULL);
  items = json_object_get_array_member (listing, "listing");
  g_assert_cmpuint (json_array_get_length (items), >=, 1);
  g_clear_pointer (&listing, json_object_unref);
  cd = g_strdup_printf ("\"param\":\"%s/\"", dir);
  assert_rval (conn, 1283, cd, 0);
  listing = conn_request (conn, 1282, NULL);
  items = json_object_get_array_member (listing, "listing");
  for (guint i = 0; i < json_array_get_length (items); i++)
    found |= json_object_has_member (json_array_get_object_element (items, i), name);
  g_assert_true (found);

  g_clear_pointer (&cd, g_free);
  cd = g_strdup_printf ("\"param\":\"%s\"", path);
  info = conn_request (conn, 1026, cd);
  g_assert_cmpint (rval_of (info), ==, 0);
  g_assert_cmpint (json_object_get_int_member (info, "scene_type"), ==, 0x5954);
  g_assert_cmpuint (strlen (json_object_get_string_member (info, "gyro")), ==, 72);

  /* A chunk of the photo over the data port, then the rest; the whole is
   * what HTTP serves. */
  head = get_chunk (conn, data, path, 0, 1024, &size);
  g_assert_cmpint (json_object_get_int_member (info, "size"), ==, (gint64)size);
  via_data = get_chunk (conn, data, path, 1024, size, NULL);
  via_http = http_get (emu, path, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (via_http), ==, size);
  g_assert_cmpmem (g_bytes_get_data (head, NULL), 1024, g_bytes_get_data (via_http, NULL), 1024);
  g_assert_cmpmem (g_bytes_get_data (via_data, NULL), size - 1024,
                   (const guint8 *)g_bytes_get_data (via_http, NULL) + 1024, size - 1024);
  ranged = http_get (emu, path, "bytes=100-199", &status);
  g_assert_cmpuint (status, ==, 206);
  g_assert_cmpmem (g_bytes_get_data (ranged, NULL), g_bytes_get_size (ranged),
                   (const guint8 *)g_bytes_get_data (via_http, NULL) + 100, 100);

  /* Mi Sphere metadata: EXIF and the LUT trailer. */
  bytes = g_bytes_get_data (via_http, &length);
  ed = exif_data_new_from_data (bytes, (unsigned int)MIN (length, 65536));
  g_assert_nonnull (ed);
  g_assert_true (has_ascii_exif (ed, EXIF_IFD_0, EXIF_TAG_MAKE, "MADV"));
  g_assert_true (has_ascii_exif (ed, EXIF_IFD_0, EXIF_TAG_MODEL, "MJXJ01FM"));
  g_assert_true (has_ascii_exif (ed, EXIF_IFD_0, EXIF_TAG_SOFTWARE, "14079/00000001;1.3.97.85.5.13333"));
  entry = exif_content_get_entry (ed->ifd[EXIF_IFD_EXIF], EXIF_TAG_USER_COMMENT);
  g_assert_nonnull (entry);
  g_assert_cmpuint (entry->size, ==, 36);
  entry = exif_content_get_entry (ed->ifd[EXIF_IFD_EXIF], EXIF_TAG_SCENE_TYPE);
  g_assert_nonnull (entry);
  g_assert_cmpuint (exif_get_long (entry->data, exif_data_get_byte_order (ed)), ==, 0x5954);
  entry = exif_content_get_entry (ed->ifd[EXIF_IFD_EXIF], EXIF_TAG_FILE_SOURCE);
  g_assert_nonnull (entry);
  g_assert_cmpuint (exif_get_long (entry->data, exif_data_get_byte_order (ed)), ==, 0x59000000);
  lut_len = (guint32)bytes[length - 4] | (guint32)bytes[length - 3] << 8 | (guint32)bytes[length - 2] << 16 |
            (guint32)bytes[length - 1] << 24;
  g_assert_cmpuint (lut_len, >, 64);
  g_assert_cmpuint (lut_len, <, length);
  /* The JPEG ends (EOI) right before the LUT block. */
  g_assert_cmpuint (bytes[length - 4 - lut_len - 2], ==, 0xff);
  g_assert_cmpuint (bytes[length - 4 - lut_len - 1], ==, 0xd9);

  /* The LUT is not on the HTTP server. */
  g_clear_pointer (&ranged, g_bytes_unref);
  ranged = http_get (emu, "/tmp/SD0/DCIM/../../FL0/lut/app_lut.bin", NULL, &status);
  g_assert_cmpuint (status, ==, 404);

  /* Delete. */
  assert_rval (conn, 1281, cd, 0);
  assert_rval (conn, 1026, cd, -26);

  conn_free (conn);
  emu_stop (emu);
}

static void
test_video (void)
{
  Emu *emu = emu_start (NULL);
  Conn *conn = conn_new (emu);
  g_autoptr(JsonObject) saved = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(GBytes) mp4 = NULL;
  g_autofree char *path = NULL;
  g_autofree char *param = NULL;
  const guint8 *bytes;
  gsize length, offset = 0;
  gboolean found = FALSE;
  guint status;

  start_session (conn);
  assert_rval (conn, 4611, "\"param\":\"0\"", 0);
  assert_rval (conn, 513, "\"param\":\"0\"", 0);
  assert_rval (conn, 4611, "\"param\":\"1\"", -21);
  g_usleep (G_USEC_PER_SEC / 2);
  assert_rval (conn, 514, NULL, 0);
  saved = conn_wait_notification (conn, 8192);
  path = camera_path_of_rtos (json_object_get_string_member (saved, "param"));
  g_assert_true (g_str_has_suffix (path, "AA.MP4"));

  param = g_strdup_printf ("\"param\":\"%s\"", path);
  info = conn_request (conn, 1026, param);
  g_assert_cmpint (rval_of (info), ==, 0);
  g_assert_true (json_object_has_member (info, "duration"));
  g_assert_true (json_object_has_member (info, "res_id"));

  /* A top-level madv box with lutz, tlyd and fltr. */
  mp4 = http_get (emu, path, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  bytes = g_bytes_get_data (mp4, &length);
  while (offset + 8 <= length)
    {
      guint32 size = (guint32)bytes[offset] << 24 | bytes[offset + 1] << 16 | bytes[offset + 2] << 8 | bytes[offset + 3];

      g_assert_cmpuint (size, >=, 8);
      if (memcmp (bytes + offset + 4, "madv", 4) == 0)
        {
          g_autoptr(GString) children = g_string_new (NULL);

          /* Its children, in order. */
          for (gsize q = offset + 8; q + 8 <= offset + size;)
            {
              guint32 child = (guint32)bytes[q] << 24 | bytes[q + 1] << 16 | bytes[q + 2] << 8 | bytes[q + 3];

              g_assert_cmpuint (child, >=, 8);
              g_string_append_len (children, (const char *)bytes + q + 4, 4);
              q += child;
            }
          g_assert_cmpstr (children->str, ==, "lutztlydfltr");
          found = TRUE;
        }
      offset += size;
    }
  g_assert_cmpuint (offset, ==, length);
  g_assert_true (found);

  conn_free (conn);
  emu_stop (emu);
}

static void
test_notifications (void)
{
  Emu *emu = emu_start (NULL);
  Conn *conn = conn_new (emu);
  Conn *control = conn_new (emu);
  const struct { const char *type; const char *param; int msg_id; } cases[] = {
    { "state", "2", 4362 },
    { "battery", "132", 4361 },
    { "sd-mounted", "0", 4353 },
    { "sd-full", "2", 4354 },
    { "overheat", NULL, 6158 },
    { "mode", "1", 4611 },
  };

  start_session (conn);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *extra = g_strdup_printf ("\"type\":\"%s\"%s%s%s", cases[i].type,
                                                cases[i].param != NULL ? ",\"param\":\"" : "",
                                                cases[i].param != NULL ? cases[i].param : "",
                                                cases[i].param != NULL ? "\"" : "");
      g_autoptr(JsonObject) note = NULL;

      assert_rval (control, 65280, extra, 0);
      note = conn_wait_notification (conn, cases[i].msg_id);
      if (cases[i].param != NULL)
        g_assert_cmpint (json_object_get_int_member (note, "param"), ==, g_ascii_strtoll (cases[i].param, NULL, 10));
    }

  conn_free (control);
  conn_free (conn);
  emu_stop (emu);
}

static void
on_rtsp_message_cb (GstBus     *bus,
                    GstMessage *message,
                    gpointer    user_data)
{
  gboolean *done = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gst_message_parse_error (message, &error, NULL);
      g_error ("RTSP: %s", error->message);
    }
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
    *done = TRUE;
}

static void
play_rtsp (Emu        *emu,
           const char *protocols)
{
  g_autofree char *description = g_strdup_printf ("rtspsrc location=rtsp://%s:%u/live protocols=%s latency=100 ! "
                                                  "rtph264depay ! avdec_h264 ! fakesink name=sink num-buffers=3",
                                                  emu->host, emu->rtsp_port, protocols);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstBus) bus = NULL;
  gboolean done = FALSE;

  g_assert_no_error (error);
  bus = gst_element_get_bus (pipeline);
  gst_bus_add_signal_watch (bus);
  g_signal_connect (bus, "message", G_CALLBACK (on_rtsp_message_cb), &done);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_bus_remove_signal_watch (bus);
}

static void
test_rtsp (void)
{
  Emu *emu = emu_start (NULL);

  play_rtsp (emu, "tcp");
  play_rtsp (emu, "udp");
  emu_stop (emu);
}

static void
test_faults_replies (void)
{
  Emu *emu = emu_start ("--fault", "madv-rval=4097:-21", "--fault", "madv-no-reply=4099", "--fault",
                        "madv-garbage", NULL);
  Conn *conn = conn_new (emu);
  g_autoptr(JsonObject) name = NULL;
  g_autoptr(JsonObject) next = NULL;
  g_autofree char *silent = NULL;

  start_session (conn);

  /* rval fault: once, then the command works. */
  assert_rval (conn, 4097, NULL, -21);
  assert_rval (conn, 4097, NULL, 0);

  /* No reply to the first 4099: the next request's reply is the next
   * object on the wire. */
  silent = g_strdup_printf ("{\"msg_id\":4099,\"token\":%d}", conn->token);
  conn_send (conn, silent);
  next = conn_request (conn, 6154, NULL);
  g_assert_cmpint (rval_of (next), ==, 0);
  g_assert_true (g_queue_is_empty (&conn->notifications));
  name = conn_request (conn, 4099, NULL);
  g_assert_cmpstr (json_object_get_string_member (name, "param"), ==, "MJXJ01FM");

  /* Garbage (NULs and junk without braces) came between the objects. */
  g_assert_true (conn->saw_garbage);

  conn_free (conn);
  emu_stop (emu);
}

static void
test_fault_session_taken (void)
{
  Emu *emu = emu_start ("--fault", "madv-session-taken=2", NULL);
  Conn *conn = conn_new (emu);
  Conn *again = NULL;
  g_autoptr(JsonObject) query = NULL;
  g_autoptr(JsonObject) denied = NULL;
  JsonObject *object;

  start_session (conn);
  assert_rval (conn, 4097, NULL, 0);
  assert_rval (conn, 6154, NULL, 0);   /* the second request: another phone comes */
  query = conn_wait_notification (conn, 1793);
  /* The holder is then dropped. */
  while ((object = conn_read_object (conn)) != NULL)
    json_object_unref (object);

  /* The other phone denies one reconnection, then leaves. */
  again = conn_new (emu);
  denied = conn_request (again, 257, NULL);
  g_assert_cmpint (rval_of (denied), ==, -3);
  start_session (again);
  assert_rval (again, 4097, NULL, 0);

  conn_free (again);
  conn_free (conn);
  emu_stop (emu);
}

static void
test_fault_drop_data (void)
{
  Emu *emu = emu_start ("--fault", "madv-drop-data=5000", NULL);
  Conn *conn = conn_new (emu);
  g_autoptr(GSocketConnection) data = connect_port (emu, emu->data_port);
  g_autoptr(GSocketConnection) data2 = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonObject) failed = NULL;
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;
  guint8 buf[65536];
  gsize total = 0;
  gssize n;

  start_session (conn);
  prepare_data (conn);
  reply = conn_request (conn, 1285, "\"param\":\"/tmp/FL0/lut/app_lut.bin\",\"offset\":\"0\",\"fetch_size\":65536");
  g_assert_cmpint (rval_of (reply), ==, 0);
  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (data)), buf, sizeof buf, NULL,
                                   &error)) > 0)
    total += (gsize)n;
  g_assert_cmpuint (total, ==, 5000);
  failed = conn_wait_notification (conn, 7);
  g_assert_cmpstr (json_object_get_string_member (failed, "type"), ==, "get_file_fail");

  /* A new data connection works (the fault fires once). */
  data2 = connect_port (emu, emu->data_port);
  g_usleep (G_USEC_PER_SEC / 10);
  chunk = get_chunk (conn, data2, "/tmp/FL0/lut/app_lut.bin", 0, 65536, NULL);
  g_assert_cmpuint (g_bytes_get_size (chunk), ==, 65536);

  conn_free (conn);
  emu_stop (emu);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/emulator-madv/session", test_session);
  g_test_add_func ("/emulator-madv/photo-listing-download", test_photo_listing_download);
  g_test_add_func ("/emulator-madv/video", test_video);
  g_test_add_func ("/emulator-madv/notifications", test_notifications);
  g_test_add_func ("/emulator-madv/rtsp", test_rtsp);
  g_test_add_func ("/emulator-madv/faults/replies", test_faults_replies);
  g_test_add_func ("/emulator-madv/faults/session-taken", test_fault_session_taken);
  g_test_add_func ("/emulator-madv/faults/drop-data", test_fault_drop_data);

  return g_test_run ();
}
