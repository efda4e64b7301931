/* sc-download-test-util.c: the ScDownload tests' HTTP server and helpers
 *
 * A real libsoup server on 127.0.0.1, in the test process, serving
 * deterministic pseudo-random files whose answers each test tunes (Range
 * support, dropped connections, wrong lengths, stalls, HTTP errors).
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-download-test-util"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "sc-download-test-util.h"

/* One answer being written. */
typedef struct
{
  ScTestResource *resource;
  guint64         offset;     /* next file byte to send */
  guint64         end;        /* one past the last file byte to send */
  guint64         sent;       /* body bytes sent */
  gboolean        drop;
  gboolean        dropped;
} Response;

static SoupServer *server;
static GUri       *server_uri;
static GHashTable *resources;   /* path → ScTestResource */

/* Deterministic pseudo-random bytes: byte i of a file depends only on the
 * seed and i, so any range can be produced and checked independently. */
static inline guint64
splitmix64 (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return x ^ (x >> 31);
}

static void
fill_bytes (guint8  *buffer,
            guint64  offset,
            gsize    length,
            guint64  seed)
{
  gsize i = 0;

  while (i < length)
    {
      guint64 pos = offset + i;
      guint64 word = splitmix64 (seed * G_GUINT64_CONSTANT (0x100000001b3) + (pos >> 3));
      guint shift = (pos & 7) * 8;

      for (; shift < 64 && i < length; shift += 8, i++)
        buffer[i] = (word >> shift) & 0xff;
    }
}

void
sc_test_assert_file_content (GFile   *file,
                             guint64  size,
                             guint64  seed)
{
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *got = g_malloc (MiB);
  g_autofree guint8 *want = g_malloc (MiB);
  guint64 offset = 0;

  in = g_file_read (file, NULL, &error);
  g_assert_no_error (error);

  for (;;)
    {
      gsize n = 0;

      g_input_stream_read_all (G_INPUT_STREAM (in), got, MiB, &n, NULL, &error);
      g_assert_no_error (error);
      if (n == 0)
        break;
      fill_bytes (want, offset, n, seed);
      if (memcmp (got, want, n) != 0)
        g_error ("%s differs from the served file near offset %" G_GUINT64_FORMAT,
                 g_file_peek_path (file), offset);
      offset += n;
    }

  g_assert_cmpuint (offset, ==, size);
}

/* --- The server --- */

static void
response_free (gpointer user_data)
{
  g_free (user_data);
}

static void
drop_connection (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  /* A FIN after the bytes already written: to the client, the connection
   * ends early, exactly like a camera whose Wi-Fi went away. */
  g_socket_shutdown (socket, FALSE, TRUE, NULL);
}

static void
write_next_chunk (SoupServerMessage *msg,
                  Response          *response)
{
  ScTestResource *resource = response->resource;
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  guint64 n;
  guint8 *buffer;

  if (response->dropped)
    {
      /* Writing to the shut socket fails, which ends the message. */
      soup_message_body_append (body, SOUP_MEMORY_STATIC, "x", 1);
      return;
    }

  if (response->drop && response->sent >= resource->drop_after)
    {
      response->dropped = TRUE;
      drop_connection (msg);
      soup_message_body_append (body, SOUP_MEMORY_STATIC, "x", 1);
      return;
    }

  if (resource->stall_after > 0 && response->sent >= resource->stall_after)
    {
      resource->stalled = TRUE;
      return;   /* no chunk: libsoup pauses the message */
    }

  if (response->offset >= response->end)
    {
      if (resource->announce_extra > 0)
        {
          response->dropped = TRUE;
          drop_connection (msg);
          soup_message_body_append (body, SOUP_MEMORY_STATIC, "x", 1);
          return;
        }
      soup_message_body_complete (body);
      return;
    }

  n = MIN (resource->chunk_size, response->end - response->offset);
  if (response->drop)
    n = MIN (n, resource->drop_after - response->sent);
  if (resource->stall_after > 0)
    n = MIN (n, resource->stall_after - response->sent);

  buffer = g_malloc (n);
  fill_bytes (buffer, response->offset, n, resource->seed);
  soup_message_body_append_take (body, buffer, n);
  response->offset += n;
  response->sent += n;
}

static void
server_cb (SoupServer        *srv,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  ScTestResource *resource = g_hash_table_lookup (resources, path);
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  Response *response;
  SoupRange *ranges = NULL;
  int n_ranges = 0;

  if (resource == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  resource->n_requests++;

  if (resource->status != 0)
    {
      soup_server_message_set_status (msg, resource->status, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "nope", 4);
      return;
    }

  response = g_new0 (Response, 1);
  response->resource = resource;
  response->end = resource->size;
  response->drop = resource->drop_after > 0 && resource->n_requests <= resource->drop_requests;

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);

  if (soup_message_headers_get_one (request_headers, "Range") != NULL)
    resource->n_range_requests++;

  if (resource->honour_range &&
      soup_message_headers_get_ranges (request_headers, resource->size, &ranges, &n_ranges))
    {
      response->offset = ranges[0].start;
      response->end = ranges[0].end + 1;
      soup_message_headers_set_content_range (headers, ranges[0].start, ranges[0].end,
                                              resource->size);
      soup_server_message_set_status (msg, SOUP_STATUS_PARTIAL_CONTENT, NULL);
      soup_message_headers_free_ranges (request_headers, ranges);
    }

  if (resource->accept_ranges)
    soup_message_headers_replace (headers, "Accept-Ranges", "bytes");

  if (resource->chunked)
    {
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      if (resource->chunked_length > 0)
        {
          g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, resource->chunked_length);
          soup_message_headers_append (headers, "Content-Length", value);
        }
    }
  else
    {
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CONTENT_LENGTH);
      soup_message_headers_set_content_length (headers, response->end - response->offset +
                                                        resource->announce_extra);
    }

  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (write_next_chunk), response);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (write_next_chunk), response);
  g_object_set_data_full (G_OBJECT (msg), "response", response, response_free);
}

void
sc_test_server_start (void)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  resources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  server = soup_server_new ("server-header", "sc-test-download ", NULL);
  soup_server_add_handler (server, NULL, server_cb, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server);
  g_assert_nonnull (uris);
  server_uri = g_uri_ref (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
}

void
sc_test_server_stop (void)
{
  soup_server_disconnect (server);
  g_clear_object (&server);
  g_clear_pointer (&server_uri, g_uri_unref);
  g_clear_pointer (&resources, g_hash_table_unref);
}

/* Registers @path with a file of @size bytes; returns it to be tuned. */
ScTestResource *
sc_test_add_resource (const char *path,
                      guint64     size)
{
  ScTestResource *resource = g_new0 (ScTestResource, 1);

  resource->size = size;
  resource->seed = g_str_hash (path);
  resource->accept_ranges = TRUE;
  resource->honour_range = TRUE;
  resource->chunk_size = 64 * KiB;
  g_hash_table_replace (resources, g_strdup (path), resource);

  return resource;
}

char *
sc_test_url_for (const char *path)
{
  g_autoptr(GUri) uri = g_uri_parse_relative (server_uri, path, G_URI_FLAGS_ENCODED, NULL);

  return g_uri_to_string (uri);
}

/* The resource registered for @path, or %NULL. */
ScTestResource *
sc_test_lookup_resource (const char *path)
{
  return g_hash_table_lookup (resources, path);
}

/* --- Helpers --- */

typedef struct
{
  GAsyncResult *result;
} Waiter;

static void
on_run_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
}

GFile *
sc_test_run_download (ScDownload    *download,
                      GCancellable  *cancellable,
                      GError       **error)
{
  Waiter waiter = { NULL };
  GFile *file;

  sc_download_run_async (download, cancellable, on_run_done_cb, &waiter);
  while (waiter.result == NULL)
    g_main_context_iteration (NULL, TRUE);

  file = sc_download_run_finish (download, waiter.result, error);
  g_object_unref (waiter.result);

  return file;
}

char *
sc_test_make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp ("sc-test-download-XXXXXX", &error);

  g_assert_no_error (error);
  return path;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* The folder's entries, sorted, joined by '|'. */
char *
sc_test_list_dir (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  dir = g_dir_open (path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv ("|", (char **)names->pdata);
}

void
sc_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            sc_test_rm_rf (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

static void
on_bytes_received_cb (ScDownload     *download,
                      GParamSpec     *pspec,
                      ScTestProgress *progress)
{
  guint64 value = sc_download_get_bytes_received (download);

  progress->notifies++;
  if (value < progress->last)
    progress->went_back = TRUE;
  progress->last = value;
  progress->max = MAX (progress->max, value);
}

/* Downloads @path into a fresh folder and checks the bytes. */
void
sc_test_download_and_check (const char     *path,
                            const char     *name,
                            ScTestResource *resource,
                            ScTestProgress *progress)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *dir_path = sc_test_make_temp_dir ();
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autofree char *url = sc_test_url_for (path);
  g_autoptr(ScDownload) download = sc_download_new (session, url, dir, name);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *basename = NULL;
  gpointer weak_download = download, weak_session = session;

  g_object_add_weak_pointer (G_OBJECT (download), &weak_download);
  g_object_add_weak_pointer (G_OBJECT (session), &weak_session);
  if (progress != NULL)
    g_signal_connect (download, "notify::bytes-received",
                      G_CALLBACK (on_bytes_received_cb), progress);

  file = sc_test_run_download (download, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (file);

  basename = g_file_get_basename (file);
  g_assert_cmpstr (basename, ==, name);
  g_assert_true (g_file_equal (file, sc_download_get_file (download)));
  g_assert_cmpuint (sc_download_get_bytes_received (download), ==, resource->size);
  g_assert_cmpuint (sc_download_get_total_bytes (download), ==, resource->size);
  sc_test_assert_file_content (file, resource->size, resource->seed);

  /* Nothing but the file: no temporary left behind. */
  listing = sc_test_list_dir (dir_path);
  g_assert_cmpstr (listing, ==, name);

  g_clear_object (&download);
  g_assert_null (weak_download);
  g_clear_object (&session);
  g_assert_null (weak_session);

  sc_test_rm_rf (dir_path);
}

/* Downloads and expects an error; checks that the folder is as before. */
GError *
sc_test_download_expecting_error (const char *path,
                                  const char *name,
                                  const char *dir_path,
                                  guint       max_retries,
                                  guint64     size_hint)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autofree char *url = sc_test_url_for (path);
  g_autoptr(ScDownload) download = sc_download_new (session, url, dir, name);
  g_autoptr(GFile) file = NULL;
  g_autofree char *before = sc_test_list_dir (dir_path);
  g_autofree char *after = NULL;
  gpointer weak = download;
  GError *error = NULL;

  g_object_add_weak_pointer (G_OBJECT (download), &weak);
  sc_download_set_max_retries (download, max_retries);
  sc_download_set_size_hint (download, size_hint);

  file = sc_test_run_download (download, NULL, &error);
  g_assert_null (file);
  g_assert_nonnull (error);
  g_assert_null (sc_download_get_file (download));

  after = sc_test_list_dir (dir_path);
  g_assert_cmpstr (after, ==, before);

  g_clear_object (&download);
  g_assert_null (weak);

  return error;
}
