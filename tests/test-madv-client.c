/* test-madv-client.c: ScMadvClient, the MADV/Ambarella JSON protocol engine
 *
 * The framer on its own (every split point, garbage, braces in strings,
 * oversize), then the client against `spherecam-emulator --protocol madv`:
 * session, requests, notifications, the injected faults (a reply that
 * never comes, rval errors, garbage between objects, a dropped data
 * connection, an expired token, a second client, the session taken by
 * another phone) and data-port downloads byte-identical with HTTP.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "sc-core.h"
#include "sc-madv-client.h"
#include "sc-emulator-launcher.h"

#define WAIT_TIMEOUT_S 30
#define SMALL_CHUNK    (64 * 1024 + 3)   /* several chunks per file, odd offsets */

/* ------------------------------------------------------------------ */
/* The framer                                                          */

/* Several objects as the camera may send them: NULs (C terminators),
 * whitespace and junk between them, braces and escapes inside strings,
 * nested arrays and objects, UTF-8. */
static const char stream[] =
  "\0\r\n{\"rval\":0,\"msg_id\":257,\"param\":5}"
  "\0{\"rval\":0,\"msg_id\":1539,\"param\":\"AP_SSID=MIXJ-{x}\\nAP_PASSWD=1}2{3\\n\"}"
  " junk ] } \0\0"
  "{\"msg_id\":7,\"type\":\"get_file_complete\",\"param\":[{\"bytes sent\":2097152},"
  "{\"md5sum\":\"0123456789abcdef0123456789abcdef\"}]}"
  "\n\t{\"rval\":128,\"msg_id\":8193,\"param\":\"C:\\\\DCIM\\\\20240501\\\\IMG_\\\"}{.JPG\"}"
  "xx{{{ {\"rval\":0,\"msg_id\":1282,\"listing\":[{\"20240501/\":\"2024-05-01 12:00:05\"},"
  "{\"caf\xc3\xa9\":\"\\u00e9\"}]}\0";

static const gint64 stream_ids[] = { 257, 1539, 7, 8193, 1282 };

static void
check_messages (GPtrArray *all)
{
  /* Junk such as "{ }" is a valid object without msg_id, which the client
   * ignores: leave those out. */
  for (guint i = all->len; i > 0; i--)
    if (!json_object_has_member (json_node_get_object (g_ptr_array_index (all, i - 1)), "msg_id"))
      g_ptr_array_remove_index (all, i - 1);

  g_assert_cmpuint (all->len, ==, G_N_ELEMENTS (stream_ids));
  for (guint i = 0; i < all->len; i++)
    {
      JsonObject *object = json_node_get_object (g_ptr_array_index (all, i));

      g_assert_cmpint (json_object_get_int_member (object, "msg_id"), ==, stream_ids[i]);
    }

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (g_ptr_array_index (all, 1)),
                                                  "param"),
                   ==, "AP_SSID=MIXJ-{x}\nAP_PASSWD=1}2{3\n");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (g_ptr_array_index (all, 3)),
                                                  "param"),
                   ==, "C:\\DCIM\\20240501\\IMG_\"}{.JPG");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (g_ptr_array_index (all, 4)), "listing")), ==, 2);
}

/* Pushes @data in pieces at @splits (sorted offsets), draining after
 * errors as the client does; returns every message. */
static GPtrArray *
push_in_pieces (const guint8 *data,
                gsize         length,
                const gsize  *splits,
                guint         n_splits,
                guint        *n_errors)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  gsize start = 0;

  *n_errors = 0;
  for (guint i = 0; i <= n_splits; i++)
    {
      gsize end = i < n_splits ? splits[i] : length;
      const guint8 *piece = data + start;
      gsize piece_length = end - start;

      for (;;)
        {
          g_autoptr(GPtrArray) messages = NULL;
          g_autoptr(GError) error = NULL;

          messages = sc_madv_framer_push (buffer, piece, piece_length, &error);
          piece = NULL;
          piece_length = 0;
          if (messages == NULL)
            {
              g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
              (*n_errors)++;
              continue;
            }
          if (messages->len == 0)
            break;
          for (guint j = 0; j < messages->len; j++)
            g_ptr_array_add (all, json_node_ref (g_ptr_array_index (messages, j)));
        }
      start = end;
    }

  /* Only an unfinished tail (none here) may stay behind. */
  g_assert_cmpuint (buffer->len, <=, 1);
  return all;
}

static void
test_framer_splits (void)
{
  const guint8 *data = (const guint8 *)stream;
  gsize length = sizeof stream - 1;

  /* In one piece, then split at every point, then at every pair of
   * points 7 bytes apart, then byte by byte. */
  for (gsize split = 0; split <= length; split++)
    {
      g_autoptr(GPtrArray) all = NULL;
      guint n_errors;

      all = push_in_pieces (data, length, &split, 1, &n_errors);
      check_messages (all);
    }

  for (gsize split = 0; split + 7 <= length; split++)
    {
      gsize splits[2] = { split, split + 7 };
      g_autoptr(GPtrArray) all = NULL;
      guint n_errors;

      all = push_in_pieces (data, length, splits, 2, &n_errors);
      check_messages (all);
    }

  {
    g_autofree gsize *splits = g_new (gsize, length);
    g_autoptr(GPtrArray) all = NULL;
    guint n_errors;

    for (gsize i = 0; i < length; i++)
      splits[i] = i;
    all = push_in_pieces (data, length, splits, length, &n_errors);
    check_messages (all);
  }
}

/* Coalesced: many objects in one read. */
static void
test_framer_coalesced (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (text, "{\"msg_id\":%u,\"param\":\"{%u}\"}%s", i, i, i % 3 ? "" : "\0");
  messages = sc_madv_framer_push (buffer, (const guint8 *)text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 100);
  for (guint i = 0; i < 100; i++)
    {
      JsonObject *object = json_node_get_object (g_ptr_array_index (messages, i));

      g_assert_cmpint (json_object_get_int_member (object, "msg_id"), ==, i);
    }
  g_assert_cmpuint (buffer->len, ==, 0);
}

/* A complete object that is not JSON: the ones before it first, then an
 * error, then the ones after it. */
static void
test_framer_invalid (void)
{
  static const char text[] = "{\"msg_id\":1}{\"a\":1,}{\"msg_id\":2}{\"b\":tru}{\"msg_id\":3}";
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  gsize split = 0;
  guint n_errors;

  first = sc_madv_framer_push (buffer, (const guint8 *)text, sizeof text - 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 1);

  second = sc_madv_framer_push (buffer, NULL, 0, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (second);

  all = push_in_pieces ((const guint8 *)text, sizeof text - 1, &split, 1, &n_errors);
  g_assert_cmpuint (n_errors, ==, 2);
  g_assert_cmpuint (all->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (g_ptr_array_index (all, i)),
                                                 "msg_id"), ==, i + 1);
}

static void
test_framer_too_large (void)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *filler = g_malloc (1024 * 1024);
  static const char head[] = "{\"msg_id\":1282,\"listing\":\"";
  static const char next[] = "{\"msg_id\":4097,\"param\":\"after\"}";
  gboolean failed = FALSE;

  memset (filler, 'x', 1024 * 1024);
  messages = sc_madv_framer_push (buffer, (const guint8 *)head, sizeof head - 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 0);
  g_clear_pointer (&messages, g_ptr_array_unref);

  for (guint i = 0; i < 9 && !failed; i++)
    {
      messages = sc_madv_framer_push (buffer, filler, 1024 * 1024, &error);
      if (messages == NULL)
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
          failed = TRUE;
        }
      else
        {
          g_assert_cmpuint (messages->len, ==, 0);
        }
      g_clear_pointer (&messages, g_ptr_array_unref);
    }
  g_assert_true (failed);
  g_assert_cmpuint (buffer->len, ==, 0);
  g_clear_error (&error);

  /* The stream goes on. */
  messages = sc_madv_framer_push (buffer, (const guint8 *)next, sizeof next - 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
}

/* Random garbage without '{' between the stream's objects, cut at random
 * points: the same messages every time, no crash (a small fuzz). */
static void
test_framer_random (void)
{
  static const char junk[] = "\0 \r\n\t}]\"x\\\xff\x01";

  for (guint round = 0; round < 200; round++)
    {
      g_autoptr(GByteArray) data = g_byte_array_new ();
      g_autoptr(GPtrArray) all = NULL;
      g_autoptr(GArray) splits = g_array_new (FALSE, FALSE, sizeof (gsize));
      const char *p = stream;
      const char *end = stream + sizeof stream - 1;
      guint n_errors;

      /* Re-insert junk before each object start of the stream. */
      while (p < end)
        {
          if (*p == '{' && (p == stream || p[-1] == '\0' || p[-1] == '\t' || p[-1] == ' '))
            {
              guint n = g_test_rand_int_range (0, 20);

              for (guint i = 0; i < n; i++)
                {
                  gint32 k = g_test_rand_int_range (0, sizeof junk - 1);

                  g_byte_array_append (data, (const guint8 *)&junk[k], 1);
                }
            }
          g_byte_array_append (data, (const guint8 *)p, 1);
          p++;
        }

      for (gsize at = 0; at < data->len; at += g_test_rand_int_range (1, 40))
        g_array_append_val (splits, at);
      all = push_in_pieces (data->data, data->len, (gsize *)splits->data, splits->len, &n_errors);
      check_messages (all);
    }
}

static void
test_rval_errors (void)
{
  g_autoptr(GError) denied = sc_madv_client_error_from_rval (SC_MADV_RVAL_SESSION_DENIED, 257);
  g_autoptr(GError) busy = sc_madv_client_error_from_rval (SC_MADV_RVAL_BUSY, 1285);
  g_autoptr(GError) missing = sc_madv_client_error_from_rval (SC_MADV_RVAL_NO_SUCH_FILE, 1285);
  g_autoptr(GError) other = sc_madv_client_error_from_rval (-99, 4864);

  g_assert_error (denied, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY);
  g_assert_nonnull (strstr (denied->message, "Another app or phone"));
  g_assert_error (busy, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY);
  g_assert_error (missing, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_error (other, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (other->message, "-99"));

  g_assert_cmpuint (sc_madv_size_from_json (-1), ==, G_GUINT64_CONSTANT (4294967295));
  g_assert_cmpuint (sc_madv_size_from_json (-2147483648LL), ==, G_GUINT64_CONSTANT (2147483648));
  g_assert_cmpuint (sc_madv_size_from_json (12345), ==, 12345);
}

/* ------------------------------------------------------------------ */
/* Against the emulator                                                */

typedef struct
{
  GSubprocess *process;
  char        *host;
  guint16      port;
  guint16      data_port;
  guint16      http_port;
} Emulator;

static void
emulator_stop (Emulator *emu)
{
  sc_emulator_stop (emu->process);
  g_clear_object (&emu->process);
  g_clear_pointer (&emu->host, g_free);
}

/* Starts the MADV emulator with @faults and parses its madv:// URL. */
static void
emulator_start (Emulator           *emu,
                const char * const *faults)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *line = NULL;

  g_ptr_array_add (args, (char *)"--protocol");
  g_ptr_array_add (args, (char *)"madv");
  g_ptr_array_add (args, (char *)"--listen");
  g_ptr_array_add (args, (char *)"127.0.0.1:0");
  for (guint i = 0; faults != NULL && faults[i] != NULL; i++)
    {
      g_ptr_array_add (args, (char *)"--fault");
      g_ptr_array_add (args, (char *)faults[i]);
    }
  g_ptr_array_add (args, NULL);

  line = sc_emulator_launch ((const char * const *)args->pdata, &emu->process, &error);
  g_assert_no_error (error);
  g_test_message ("emulator at %s", line);
  g_assert_true (g_str_has_prefix (line, "madv://"));

  uri = g_uri_parse (line, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);
  emu->host = g_strdup (g_uri_get_host (uri));
  emu->port = g_uri_get_port (uri);
  emu->data_port = atoi (g_hash_table_lookup (params, "data"));
  emu->http_port = atoi (g_hash_table_lookup (params, "http"));
  g_assert_cmpuint (emu->port, >, 0);
  g_assert_cmpuint (emu->data_port, >, 0);
  g_assert_cmpuint (emu->http_port, >, 0);
}

static void
on_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static gboolean
on_wait_timeout_cb (gpointer user_data)
{
  g_error ("Timed out waiting for the client");
  return G_SOURCE_REMOVE;
}

static void
wait_for (GAsyncResult **result)
{
  guint id = g_timeout_add_seconds (WAIT_TIMEOUT_S, on_wait_timeout_cb, NULL);

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

static void
spin_until (gboolean *flag)
{
  guint id = g_timeout_add_seconds (WAIT_TIMEOUT_S, on_wait_timeout_cb, NULL);

  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

static ScMadvClient *
open_client (Emulator *emu,
             GError  **error)
{
  g_autoptr(ScMadvClient) client = sc_madv_client_new (emu->host, emu->port, emu->data_port);
  g_autoptr(GAsyncResult) result = NULL;

  sc_madv_client_open_async (client, NULL, on_result_cb, &result);
  wait_for (&result);
  if (!sc_madv_client_open_finish (client, result, error))
    return NULL;
  return g_steal_pointer (&client);
}

static JsonObject *
request (ScMadvClient *client,
         guint         msg_id,
         JsonObject   *extra,
         guint         timeout_ms,
         GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_madv_client_request_async (client, msg_id, extra, timeout_ms, NULL, on_result_cb, &result);
  wait_for (&result);
  return sc_madv_client_request_finish (client, result, error);
}

static JsonObject *
request_param (ScMadvClient *client,
               guint         msg_id,
               const char   *param,
               GError      **error)
{
  g_autoptr(JsonObject) extra = param != NULL ? sc_madv_client_param (param) : NULL;

  return request (client, msg_id, extra, 0, error);
}

static void
close_and_check_finalized (ScMadvClient *client)
{
  gpointer weak = client;

  g_object_add_weak_pointer (G_OBJECT (client), &weak);
  sc_madv_client_close (client);
  g_assert_false (sc_madv_client_is_open (client));
  sc_madv_client_close (client);  /* idempotent */
  g_object_unref (client);
  /* Let pending callbacks that hold a reference run out. */
  for (guint i = 0; i < 100 && weak != NULL; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (weak);
}

/* Sends 261 SET_CLNT_INFO, as the camera object does at connect; returns
 * the LUT MD5 of its reply. */
static char *
set_client_info (ScMadvClient *client)
{
  g_autoptr(JsonObject) extra = sc_madv_client_param ("127.0.0.1");
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (extra, "type", "TCP");
  reply = request (client, SC_MADV_MSG_SET_CLIENT_INFO, extra, 0, &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (reply, "param"));
}

/* Walks DCIM with 1283 CD + 1282 LS; returns the first file ending in @suffix. */
static char *
find_file (ScMadvClient *client,
           const char   *suffix)
{
  g_autoptr(JsonObject) cd = NULL;
  g_autoptr(JsonObject) ls = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *listing;

  cd = request_param (client, SC_MADV_MSG_CD, "/tmp/SD0/DCIM/", &error);
  g_assert_no_error (error);
  ls = request_param (client, SC_MADV_MSG_LS, NULL, &error);
  g_assert_no_error (error);
  listing = json_object_get_array_member (ls, "listing");
  g_assert_nonnull (listing);

  for (guint i = 0; i < json_array_get_length (listing); i++)
    {
      JsonObject *entry = json_array_get_object_element (listing, i);
      g_autoptr(GList) names = json_object_get_members (entry);
      const char *folder = names->data;
      g_autofree char *dir = NULL;
      g_autoptr(JsonObject) cd2 = NULL;
      g_autoptr(JsonObject) ls2 = NULL;
      JsonArray *files;

      if (!g_str_has_suffix (folder, "/"))
        continue;
      dir = g_strconcat ("/tmp/SD0/DCIM/", folder, NULL);
      cd2 = request_param (client, SC_MADV_MSG_CD, dir, &error);
      g_assert_no_error (error);
      ls2 = request_param (client, SC_MADV_MSG_LS, NULL, &error);
      g_assert_no_error (error);
      files = json_object_get_array_member (ls2, "listing");
      for (guint j = 0; j < json_array_get_length (files); j++)
        {
          JsonObject *file = json_array_get_object_element (files, j);
          g_autoptr(GList) file_names = json_object_get_members (file);

          if (g_str_has_suffix (file_names->data, suffix))
            return g_strconcat (dir, file_names->data, NULL);
        }
    }

  g_assert_not_reached ();
}

static GBytes *
http_get (Emulator   *emu,
          const char *camera_path)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GBytes *bytes;

  g_assert_true (g_str_has_prefix (camera_path, "/tmp/SD0/DCIM/"));
  url = g_strdup_printf ("http://%s:%u/%s", emu->host, emu->http_port,
                         camera_path + strlen ("/tmp/SD0/DCIM/"));
  message = soup_message_new ("GET", url);
  bytes = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  return bytes;
}

static GBytes *
data_get (ScMadvClient *client,
          const char   *camera_path,
          guint64       offset,
          GError      **error);

typedef struct
{
  guint64 last;
  guint   calls;
} Progress;

static void
on_progress (guint64  received,
             guint64  total,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpuint (received, >, progress->last);
  g_assert_cmpuint (received, <=, total);
  progress->last = received;
  progress->calls++;
}

static GBytes *
data_get_chunked (ScMadvClient *client,
                  const char   *camera_path,
                  guint64       offset,
                  gsize         chunk_size,
                  GError      **error)
{
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GAsyncResult) result = NULL;
  Progress progress = { offset, 0 };
  guint64 size = 0;

  sc_madv_client_set_chunk_size (client, chunk_size);
  sc_madv_client_get_file_async (client, camera_path, offset, output, on_progress, &progress,
                                 NULL, on_result_cb, &result);
  wait_for (&result);
  if (!sc_madv_client_get_file_finish (client, result, &size, error))
    return NULL;
  g_assert_cmpuint (progress.last, ==, size);
  g_assert_cmpuint (progress.calls, ==, (size - offset + chunk_size - 1) / chunk_size);
  g_output_stream_close (output, NULL, NULL);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (output));
}

static GBytes *
data_get (ScMadvClient *client,
          const char   *camera_path,
          guint64       offset,
          GError      **error)
{
  return data_get_chunked (client, camera_path, offset, SC_MADV_DATA_CHUNK_BYTES, error);
}

static void
on_cancel_progress (guint64  received,
                    guint64  total,
                    gpointer user_data)
{
  /* After the first chunk */
  g_cancellable_cancel (user_data);
}

static void
on_closed_cb (ScMadvClient *client,
              const GError *error,
              gpointer      user_data)
{
  GError **out = user_data;

  g_assert_nonnull (error);
  g_assert_null (*out);
  *out = g_error_copy (error);
}

static gboolean
on_flag_timeout_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
on_closed_flag_cb (gboolean *flag)
{
  *flag = TRUE;
}

static void
on_notification_cb (ScMadvClient *client,
                    JsonObject   *message,
                    gpointer      user_data)
{
  GPtrArray *messages = user_data;

  g_ptr_array_add (messages, json_object_ref (message));
}

static JsonObject *
find_notification (GPtrArray *messages,
                   gint64     msg_id)
{
  for (guint i = 0; i < messages->len; i++)
    if (json_object_get_int_member (g_ptr_array_index (messages, i), "msg_id") == msg_id)
      return g_ptr_array_index (messages, i);
  return NULL;
}

/* The session, requests, notifications, a timeout, an rval error and
 * garbage between all objects; data-port downloads byte-identical with
 * HTTP; a second client is turned away. */
static void
test_session (void)
{
  const char * const faults[] = {
    "madv-garbage", "madv-no-reply=4099:1", "madv-rval=1539:-21:1", NULL
  };
  g_autoptr(GPtrArray) notifications =
    g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(ScMadvClient) second = NULL;
  g_autofree char *lut_md5 = NULL;
  g_autofree char *photo = NULL;
  g_autofree char *video = NULL;
  ScMadvClient *client;
  Emulator emu = { 0 };

  emulator_start (&emu, faults);

  client = open_client (&emu, &error);
  g_assert_no_error (error);
  g_assert_true (sc_madv_client_is_open (client));
  g_assert_cmpint (sc_madv_client_get_token (client), >, 0);
  g_assert_cmpstr (sc_madv_client_get_host (client), ==, emu.host);
  g_signal_connect (client, "notification", G_CALLBACK (on_notification_cb), notifications);

  /* Identity */
  reply = request (client, SC_MADV_MSG_GET_SN, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (reply, "param"), ==, "EMUMADV0042");
  g_clear_pointer (&reply, json_object_unref);

  /* rval −21, once: busy, then the same request works */
  reply = request (client, SC_MADV_MSG_GET_WIFI_SETTING, NULL, 0, &error);
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY);
  g_assert_null (reply);
  g_clear_error (&error);
  reply = request (client, SC_MADV_MSG_GET_WIFI_SETTING, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (json_object_get_string_member (reply, "param"),
                            "AP_SSID=MIXJ-EMU042\n"));
  g_clear_pointer (&reply, json_object_unref);

  /* A reply that never comes: that request times out, the queue goes on
   * (the next request is queued behind it before it fails). */
  {
    g_autoptr(GAsyncResult) first = NULL;
    g_autoptr(GAsyncResult) next = NULL;

    sc_madv_client_request_async (client, SC_MADV_MSG_GET_DEVICE_NAME, NULL, 500, NULL,
                                  on_result_cb, &first);
    sc_madv_client_request_async (client, SC_MADV_MSG_GET_DEVICE_NAME, NULL, 0, NULL,
                                  on_result_cb, &next);
    wait_for (&first);
    reply = sc_madv_client_request_finish (client, first, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
    g_clear_error (&error);
    wait_for (&next);
    reply = sc_madv_client_request_finish (client, next, &error);
    g_assert_no_error (error);
    g_assert_nonnull (json_object_get_string_member (reply, "param"));
    g_clear_pointer (&reply, json_object_unref);
  }

  /* Notifications: the emulator's control message makes it send them. */
  {
    g_autoptr(JsonObject) extra = sc_madv_client_param ("132");

    json_object_set_string_member (extra, "type", "battery");
    reply = request (client, 65280, extra, 0, &error);
    g_assert_no_error (error);
    g_clear_pointer (&reply, json_object_unref);
    json_object_set_string_member (extra, "type", "overheat");
    reply = request (client, 65280, extra, 0, &error);
    g_assert_no_error (error);
    g_clear_pointer (&reply, json_object_unref);
    for (guint i = 0; i < 20; i++)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_nonnull (find_notification (notifications, SC_MADV_MSG_BATTERY));
  g_assert_cmpint (json_object_get_int_member (find_notification (notifications,
                                                                  SC_MADV_MSG_BATTERY),
                                               "param"), ==, 132);
  g_assert_nonnull (find_notification (notifications, SC_MADV_MSG_OVERHEAT));
  /* The late reply to the timed-out 4099 was not taken for a notification. */
  g_assert_null (find_notification (notifications, SC_MADV_MSG_GET_DEVICE_NAME));

  /* A second client is turned away with a message that says why. */
  second = open_client (&emu, &error);
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "Another app or phone"));
  g_assert_null (second);
  g_clear_error (&error);

  /* Data port: the LUT (its MD5 is 261's param), a photo and a video,
   * byte-identical with the HTTP copies. */
  lut_md5 = set_client_info (client);
  g_assert_nonnull (lut_md5);
  {
    g_autoptr(GBytes) lut = data_get (client, "/tmp/FL0/lut/app_lut.bin", 0, &error);
    g_autofree char *md5 = NULL;

    g_assert_no_error (error);
    md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, lut);
    g_assert_cmpstr (md5, ==, lut_md5);
  }

  photo = find_file (client, ".JPG");
  video = find_file (client, "AA.MP4");
  {
    g_autoptr(GBytes) by_data = data_get (client, photo, 0, &error);
    g_autoptr(GBytes) by_http = http_get (&emu, photo);

    g_assert_no_error (error);
    g_test_message ("%s: %zu bytes", photo, g_bytes_get_size (by_http));
    g_assert_true (g_bytes_equal (by_data, by_http));
  }
  {
    g_autoptr(GBytes) by_data = data_get (client, video, 0, &error);
    g_autoptr(GBytes) by_http = http_get (&emu, video);
    g_autoptr(GBytes) tail = NULL;
    g_autoptr(GBytes) http_tail = NULL;
    gsize size = g_bytes_get_size (by_http);

    g_assert_no_error (error);
    g_test_message ("%s: %zu bytes", video, size);
    g_assert_true (g_bytes_equal (by_data, by_http));

    /* Resuming from an offset */
    tail = data_get (client, video, size / 3, &error);
    g_assert_no_error (error);
    http_tail = g_bytes_new_from_bytes (by_http, size / 3, size - size / 3);
    g_assert_true (g_bytes_equal (tail, http_tail));
    g_clear_pointer (&tail, g_bytes_unref);

    /* In many small chunks, from an odd offset */
    tail = data_get_chunked (client, video, 12345, SMALL_CHUNK, &error);
    g_assert_no_error (error);
    g_clear_pointer (&http_tail, g_bytes_unref);
    http_tail = g_bytes_new_from_bytes (by_http, 12345, size - 12345);
    g_assert_true (g_bytes_equal (tail, http_tail));
    g_clear_pointer (&tail, g_bytes_unref);

    /* Cancelled after the first chunk (1287 goes to the camera), then the
     * whole file again */
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
      g_autoptr(GAsyncResult) result = NULL;

      sc_madv_client_set_chunk_size (client, SMALL_CHUNK);
      sc_madv_client_get_file_async (client, video, 0, output, on_cancel_progress, cancellable,
                                     cancellable, on_result_cb, &result);
      wait_for (&result);
      g_assert_false (sc_madv_client_get_file_finish (client, result, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      /* Only whole checked chunks were written. */
      g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (output))
                        % SMALL_CHUNK, ==, 0);
    }
    tail = data_get_chunked (client, video, 0, SMALL_CHUNK, &error);
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (tail, by_http));
  }

  /* A file that is not there */
  {
    g_autoptr(GBytes) missing = data_get (client, "/tmp/SD0/DCIM/19700101/IMG_19700101_000000.JPG",
                                          0, &error);

    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_null (missing);
    g_clear_error (&error);
  }

  /* The session still works after all that. */
  reply = request (client, SC_MADV_MSG_GET_SN, NULL, 0, &error);
  g_assert_no_error (error);
  g_clear_pointer (&reply, json_object_unref);

  close_and_check_finalized (client);

  /* After 258, a new client gets the session. */
  second = open_client (&emu, &error);
  g_assert_no_error (error);
  close_and_check_finalized (g_steal_pointer (&second));

  emulator_stop (&emu);
}

/* A dropped data connection: a clear error, then the retry reconnects
 * and succeeds; an expired token is renewed once; a long idle time with
 * heartbeats; another phone takes the session (1793 is answered, then the
 * connection ends: ::closed). */
static void
test_faults (void)
{
  const char * const faults[] = { "madv-drop-data=100000", "madv-rval=4097:-4:1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) closed_error = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autofree char *lut_md5 = NULL;
  g_autofree char *photo = NULL;
  ScMadvClient *client;
  Emulator emu = { 0 };
  gint token;
  gboolean closed = FALSE;

  emulator_start (&emu, faults);
  client = open_client (&emu, &error);
  g_assert_no_error (error);
  token = sc_madv_client_get_token (client);

  /* rval −4 on GET_SN: a new session (new token), then the same request */
  reply = request (client, SC_MADV_MSG_GET_SN, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (reply, "param"), ==, "EMUMADV0042");
  g_assert_cmpint (sc_madv_client_get_token (client), !=, token);
  g_clear_pointer (&reply, json_object_unref);

  lut_md5 = set_client_info (client);
  photo = find_file (client, ".JPG");
  {
    /* 100000 bytes: in the second of the small chunks */
    g_autoptr(GBytes) dropped = data_get_chunked (client, photo, 0, SMALL_CHUNK, &error);
    g_autoptr(GBytes) by_data = NULL;
    g_autoptr(GBytes) by_http = NULL;

    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
    g_assert_null (dropped);
    g_clear_error (&error);

    by_data = data_get (client, photo, 0, &error);
    g_assert_no_error (error);
    by_http = http_get (&emu, photo);
    g_assert_true (g_bytes_equal (by_data, by_http));
  }

  /* Idle longer than the connect timeout and the heartbeat interval: the
   * session stays up, and 6154 goes out while the camera is held awake. */
  {
    gboolean done = FALSE;

    g_test_expect_message ("sc-madv-client", G_LOG_LEVEL_DEBUG, "Heartbeat after *");
    sc_madv_client_hold_awake (client);
    g_timeout_add (SC_MADV_HEARTBEAT_IDLE_MS + 1500, on_flag_timeout_cb, &done);
    spin_until (&done);
    g_test_assert_expected_messages ();
    sc_madv_client_release_awake (client);

    g_assert_true (sc_madv_client_is_open (client));
    reply = request (client, SC_MADV_MSG_GET_SN, NULL, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (reply, "param"), ==, "EMUMADV0042");
    g_clear_pointer (&reply, json_object_unref);
  }

  /* Another phone takes over: the emulator asks 1793 (the client answers
   * it at once), then drops us: ::closed, and requests fail. */
  g_signal_connect (client, "closed", G_CALLBACK (on_closed_cb), &closed_error);
  {
    g_autoptr(JsonObject) extra = json_object_new ();

    json_object_set_string_member (extra, "type", "take-session");
    reply = request (client, 65280, extra, 0, &error);
    g_assert_no_error (error);
    g_clear_pointer (&reply, json_object_unref);
  }
  closed = FALSE;
  g_signal_connect_swapped (client, "closed", G_CALLBACK (on_closed_flag_cb), &closed);
  spin_until (&closed);
  g_assert_error (closed_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_assert_false (sc_madv_client_is_open (client));
  reply = request (client, SC_MADV_MSG_GET_SN, NULL, 0, &error);
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED);
  g_assert_null (reply);
  g_clear_error (&error);

  close_and_check_finalized (client);
  emulator_stop (&emu);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sc-core/ScMadvClient/framer/splits", test_framer_splits);
  g_test_add_func ("/sc-core/ScMadvClient/framer/coalesced", test_framer_coalesced);
  g_test_add_func ("/sc-core/ScMadvClient/framer/invalid", test_framer_invalid);
  g_test_add_func ("/sc-core/ScMadvClient/framer/too-large", test_framer_too_large);
  g_test_add_func ("/sc-core/ScMadvClient/framer/random", test_framer_random);
  g_test_add_func ("/sc-core/ScMadvClient/rval-errors", test_rval_errors);
  g_test_add_func ("/sc-core/ScMadvClient/session", test_session);
  g_test_add_func ("/sc-core/ScMadvClient/faults", test_faults);

  return g_test_run ();
}
