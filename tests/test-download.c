/* test-download.c: ScDownload against a real libsoup server on loopback
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#define SC_CORE_INSIDE
#include "sc-download.h"
#include "sc-error.h"
#undef SC_CORE_INSIDE

#define KiB (G_GUINT64_CONSTANT (1024))
#define MiB (1024 * KiB)

/* How the in-test server answers one path. */
typedef struct
{
  guint64  size;
  guint64  seed;
  guint    status;            /* answer this instead of the file, if not 0 */
  gboolean accept_ranges;     /* send "Accept-Ranges: bytes" */
  gboolean honour_range;      /* answer Range with 206 */
  guint64  drop_after;        /* shut the connection after this many body bytes… */
  guint    drop_requests;     /* …on the first N requests (G_MAXUINT: always) */
  guint64  announce_extra;    /* Content-Length says this much more than is sent */
  gboolean chunked;           /* no Content-Length (chunked encoding) */
  gint64   chunked_length;    /* chunked, with this bogus Content-Length too (if > 0) */
  guint64  stall_after;       /* stop sending after this many body bytes */
  guint64  chunk_size;

  /* What happened. */
  guint    n_requests;
  guint    n_range_requests;
  gboolean stalled;
} Resource;

typedef struct
{
  Resource *resource;
  guint64   offset;           /* next file byte to send */
  guint64   end;              /* one past the last file byte to send */
  guint64   sent;             /* body bytes sent */
  gboolean  drop;
  gboolean  dropped;
} Response;

static SoupServer *server;
static GUri       *server_uri;
static GHashTable *resources;   /* path → Resource */

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

static void
assert_file_content (GFile   *file,
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
  Resource *resource = response->resource;
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
  Resource *resource = g_hash_table_lookup (resources, path);
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

static void
start_server (void)
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

static void
stop_server (void)
{
  soup_server_disconnect (server);
  g_clear_object (&server);
  g_clear_pointer (&server_uri, g_uri_unref);
  g_clear_pointer (&resources, g_hash_table_unref);
}

/* Registers @path with a file of @size bytes; returns it to be tuned. */
static Resource *
add_resource (const char *path,
              guint64     size)
{
  Resource *resource = g_new0 (Resource, 1);

  resource->size = size;
  resource->seed = g_str_hash (path);
  resource->accept_ranges = TRUE;
  resource->honour_range = TRUE;
  resource->chunk_size = 64 * KiB;
  g_hash_table_replace (resources, g_strdup (path), resource);

  return resource;
}

static char *
url_for (const char *path)
{
  g_autoptr(GUri) uri = g_uri_parse_relative (server_uri, path, G_URI_FLAGS_ENCODED, NULL);

  return g_uri_to_string (uri);
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

static GFile *
run_download (ScDownload    *download,
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

static char *
make_temp_dir (void)
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
static char *
list_dir (const char *path)
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

static void
rm_rf (const char *path)
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
            rm_rf (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

typedef struct
{
  guint   notifies;
  guint64 last;
  guint64 max;
  gboolean went_back;
} Progress;

static void
on_bytes_received_cb (ScDownload *download,
                      GParamSpec *pspec,
                      Progress   *progress)
{
  guint64 value = sc_download_get_bytes_received (download);

  progress->notifies++;
  if (value < progress->last)
    progress->went_back = TRUE;
  progress->last = value;
  progress->max = MAX (progress->max, value);
}

/* Downloads @path into a fresh folder and checks the bytes. */
static void
download_and_check (const char *path,
                    const char *name,
                    Resource   *resource,
                    Progress   *progress)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *dir_path = make_temp_dir ();
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autofree char *url = url_for (path);
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

  file = run_download (download, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (file);

  basename = g_file_get_basename (file);
  g_assert_cmpstr (basename, ==, name);
  g_assert_true (g_file_equal (file, sc_download_get_file (download)));
  g_assert_cmpuint (sc_download_get_bytes_received (download), ==, resource->size);
  g_assert_cmpuint (sc_download_get_total_bytes (download), ==, resource->size);
  assert_file_content (file, resource->size, resource->seed);

  /* Nothing but the file: no temporary left behind. */
  listing = list_dir (dir_path);
  g_assert_cmpstr (listing, ==, name);

  g_clear_object (&download);
  g_assert_null (weak_download);
  g_clear_object (&session);
  g_assert_null (weak_session);

  rm_rf (dir_path);
}

/* --- Tests --- */

static void
assert_safe_name (const char *input,
                  const char *name)
{
  if (name == NULL)
    return;

  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_cmpuint (strlen (name), >, 0);
  g_assert_cmpuint (strlen (name), <=, 200);
  g_assert_null (strchr (name, '/'));
  g_assert_null (strchr (name, '\\'));
  g_assert_null (strstr (name, ".."));
  g_assert_cmpint (name[0], !=, '.');
  for (const char *p = name; *p != '\0'; p++)
    if ((guchar)*p < 0x20 || *p == 0x7f)
      g_error ("control character in “%s” from “%s”", name, input);
}

static void
test_sanitize (void)
{
  static const struct {
    const char *input;
    const char *expected;
  } cases[] = {
    { "R0010005.JPG", "R0010005.JPG" },
    { "../../etc/passwd", "passwd" },
    { "a/b", "b" },
    { "C:\\DCIM\\100RICOH\\R0010017.MP4", "R0010017.MP4" },
    { "\x01" "evil", "evil" },
    { "ev\x7fil\n.jpg", "evil.jpg" },
    { ".hidden", "hidden" },
    { "...jpg", "jpg" },
    { "a..b", "a.b" },
    { "name.", "name" },
    { "  spaced  ", "spaced" },
    { "what?.jpg", "what_.jpg" },
    { "gpj\xe2\x80\xae" "exe.jpg", "gpjexe.jpg" },    /* U+202E RIGHT-TO-LEFT OVERRIDE */
    { "Ünïcödé 全景.JPG", "Ünïcödé 全景.JPG" },
    { "\xc4\xba\xc4\xbf.jpg", "\xc4\xba\xc4\xbf.jpg" },   /* U+013A, U+013F: not ':' or '?' */
    { "bad\xff" "utf8.jpg", "bad\xef\xbf\xbdutf8.jpg" },
    { "dir/", "dir" },
    { "..", NULL },
    { ".", NULL },
    { "", NULL },
    { "/", NULL },
    { "\x01\x02\x03", NULL },
    { "../..", NULL },
    { "a/..", NULL },
  };
  g_autoptr(GString) longname = g_string_new (NULL);
  g_autofree char *shortened = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = sc_download_sanitize_name (cases[i].input);

      g_assert_cmpstr (name, ==, cases[i].expected);
      assert_safe_name (cases[i].input, name);
    }
  g_assert_null (sc_download_sanitize_name (NULL));

  /* Overlong: cut at a character boundary, the extension kept. */
  for (guint i = 0; i < 150; i++)
    g_string_append (longname, "é");          /* 2 bytes each */
  g_string_append (longname, ".jpeg");
  shortened = sc_download_sanitize_name (longname->str);
  assert_safe_name (longname->str, shortened);
  g_assert_true (g_str_has_suffix (shortened, "é.jpeg"));
  g_assert_cmpuint (strlen (shortened), <=, 200);
  g_assert_cmpuint (strlen (shortened), >=, 199);

  /* A little fuzzing: random bytes, biased towards the interesting ones. */
  for (guint i = 0; i < 20000; i++)
    {
      static const char interesting[] = "./\\\x01\x7f\xc3\xa9\xe2\x80\xae ?:";
      guint length = g_rand_int_range (rand, 0, i % 10 == 0 ? 400 : 24);
      g_autofree char *input = g_malloc (length + 1);
      g_autofree char *name = NULL;

      for (guint j = 0; j < length; j++)
        {
          if (g_rand_boolean (rand))
            input[j] = interesting[g_rand_int_range (rand, 0, sizeof interesting - 1)];
          else
            input[j] = (char)g_rand_int_range (rand, 1, 256);
        }
      input[length] = '\0';

      name = sc_download_sanitize_name (input);
      assert_safe_name (input, name);
    }
}

static void
test_normal (void)
{
  Resource *resource = add_resource ("/files/100RICOH/R0010005.JPG", 3 * MiB + 123);
  Progress progress = { 0 };
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed_ms;

  download_and_check ("/files/100RICOH/R0010005.JPG", "R0010005.JPG", resource, &progress);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;

  g_assert_cmpuint (resource->n_requests, ==, 1);
  g_assert_cmpuint (progress.notifies, >=, 1);
  g_assert_cmpuint (progress.last, ==, resource->size);
  g_assert_false (progress.went_back);
  /* Coalesced: at most about one every 100 ms, plus the first and last. */
  g_assert_cmpuint (progress.notifies, <=, elapsed_ms / 100 + 3);
}

static void
test_empty_file (void)
{
  Resource *resource = add_resource ("/files/empty.bin", 0);

  download_and_check ("/files/empty.bin", "empty.bin", resource, NULL);
}

static void
test_resume (void)
{
  Resource *resource = add_resource ("/files/resume.MP4", 5 * MiB + 7);
  Progress progress = { 0 };

  resource->drop_after = 2 * MiB + 5;
  resource->drop_requests = 1;

  download_and_check ("/files/resume.MP4", "resume.MP4", resource, &progress);

  g_assert_cmpuint (resource->n_requests, ==, 2);
  g_assert_cmpuint (resource->n_range_requests, ==, 1);
}

static void
test_resume_without_accept_ranges (void)
{
  /* No Accept-Ranges header, but the server answers Range with a 206 and
   * a matching Content-Range: that is enough to resume. */
  Resource *resource = add_resource ("/files/resume-quiet.MP4", 3 * MiB);

  resource->accept_ranges = FALSE;
  resource->drop_after = MiB + 1;
  resource->drop_requests = 1;

  download_and_check ("/files/resume-quiet.MP4", "resume-quiet.MP4", resource, NULL);

  g_assert_cmpuint (resource->n_requests, ==, 2);
  g_assert_cmpuint (resource->n_range_requests, ==, 1);
}

static void
test_restart_when_range_ignored (void)
{
  Resource *resource = add_resource ("/files/restart.MP4", 4 * MiB + 99);
  Progress progress = { 0 };

  resource->accept_ranges = FALSE;
  resource->honour_range = FALSE;
  resource->drop_after = 3 * MiB;
  resource->drop_requests = 1;

  download_and_check ("/files/restart.MP4", "restart.MP4", resource, &progress);

  /* The second answer was a 200 with the whole file: started from 0. */
  g_assert_cmpuint (resource->n_requests, ==, 2);
  g_assert_true (progress.went_back);
}

static void
test_drops_three_times (void)
{
  Resource *resource = add_resource ("/files/flaky.MP4", 6 * MiB);

  resource->drop_after = MiB;
  resource->drop_requests = 3;

  download_and_check ("/files/flaky.MP4", "flaky.MP4", resource, NULL);

  g_assert_cmpuint (resource->n_requests, ==, 4);
}

/* Downloads and expects an error; checks that the folder is as before. */
static GError *
download_expecting_error (const char *path,
                          const char *name,
                          const char *dir_path,
                          guint       max_retries,
                          guint64     size_hint)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autofree char *url = url_for (path);
  g_autoptr(ScDownload) download = sc_download_new (session, url, dir, name);
  g_autoptr(GFile) file = NULL;
  g_autofree char *before = list_dir (dir_path);
  g_autofree char *after = NULL;
  gpointer weak = download;
  GError *error = NULL;

  g_object_add_weak_pointer (G_OBJECT (download), &weak);
  sc_download_set_max_retries (download, max_retries);
  sc_download_set_size_hint (download, size_hint);

  file = run_download (download, NULL, &error);
  g_assert_null (file);
  g_assert_nonnull (error);
  g_assert_null (sc_download_get_file (download));

  after = list_dir (dir_path);
  g_assert_cmpstr (after, ==, before);

  g_clear_object (&download);
  g_assert_null (weak);

  return error;
}

static void
test_short_body (void)
{
  Resource *resource = add_resource ("/files/liar.MP4", 2 * MiB);
  g_autofree char *dir_path = make_temp_dir ();
  g_autoptr(GError) error = NULL;

  /* Always announces 100 bytes more than it sends, then hangs up. */
  resource->announce_extra = 100;
  resource->accept_ranges = FALSE;
  resource->honour_range = FALSE;

  error = download_expecting_error ("/files/liar.MP4", "liar.MP4", dir_path,
                                    SC_DOWNLOAD_DEFAULT_MAX_RETRIES, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  g_assert_nonnull (strstr (error->message, "liar.MP4"));
  g_assert_nonnull (strstr (error->message, "2097252"));
  g_assert_cmpuint (resource->n_requests, ==, 1 + SC_DOWNLOAD_DEFAULT_MAX_RETRIES);

  rm_rf (dir_path);
}

static void
test_short_body_with_ranges (void)
{
  Resource *resource = add_resource ("/files/liar-ranges.MP4", MiB);
  g_autofree char *dir_path = make_temp_dir ();
  g_autoptr(GError) error = NULL;

  resource->announce_extra = 10;

  error = download_expecting_error ("/files/liar-ranges.MP4", "liar-ranges.MP4", dir_path, 2, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  g_assert_cmpuint (resource->n_requests, ==, 3);

  rm_rf (dir_path);
}

static void
test_http_errors (void)
{
  static const struct {
    guint  status;
    GQuark domain;
    int    code;
  } cases[] = {
    { SOUP_STATUS_NOT_FOUND, 0, G_IO_ERROR_NOT_FOUND },
    { SOUP_STATUS_UNAUTHORIZED, 0, SC_CAMERA_ERROR_PERMISSION_DENIED },
    { SOUP_STATUS_FORBIDDEN, 0, SC_CAMERA_ERROR_PERMISSION_DENIED },
    { SOUP_STATUS_INTERNAL_SERVER_ERROR, 0, SC_CAMERA_ERROR_PROTOCOL },
    { SOUP_STATUS_SERVICE_UNAVAILABLE, 0, SC_CAMERA_ERROR_PROTOCOL },
  };
  g_autofree char *dir_path = make_temp_dir ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/files/status-%u.JPG", cases[i].status);
      Resource *resource = add_resource (path, 10);
      g_autoptr(GError) error = NULL;
      GQuark domain = cases[i].status == SOUP_STATUS_NOT_FOUND ? G_IO_ERROR : SC_CAMERA_ERROR;

      resource->status = cases[i].status;
      error = download_expecting_error (path, "x.JPG", dir_path, 3, 0);
      g_assert_error (error, domain, cases[i].code);
      g_assert_nonnull (strstr (error->message, "x.JPG"));
      g_assert_cmpuint (resource->n_requests, ==, 1);   /* no retry */
    }

  /* Nothing registered at all: the server's own 404. */
  {
    g_autoptr(GError) error = download_expecting_error ("/files/nothing-here.JPG", NULL,
                                                        dir_path, 3, 0);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "nothing-here.JPG"));
  }

  rm_rf (dir_path);
}

static void
test_name_clash (void)
{
  Resource *resource = add_resource ("/files/clash/R0010001.JPG", 100 * KiB);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *dir_path = make_temp_dir ();
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autofree char *url = url_for ("/files/clash/R0010001.JPG");
  g_autofree char *existing = g_build_filename (dir_path, "R0010001.JPG", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (existing, "the user's own photo", -1, &error);
  g_assert_no_error (error);

  for (guint i = 1; i <= 2; i++)
    {
      g_autoptr(ScDownload) download = sc_download_new (session, url, dir, "R0010001.JPG");
      g_autoptr(GFile) file = run_download (download, NULL, &error);
      g_autofree char *basename = NULL;
      g_autofree char *expected = g_strdup_printf ("R0010001 (%u).JPG", i);

      g_assert_no_error (error);
      basename = g_file_get_basename (file);
      g_assert_cmpstr (basename, ==, expected);
      assert_file_content (file, resource->size, resource->seed);
    }

  g_file_get_contents (existing, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "the user's own photo");

  listing = list_dir (dir_path);
  g_assert_cmpstr (listing, ==, "R0010001 (1).JPG|R0010001 (2).JPG|R0010001.JPG");

  rm_rf (dir_path);
}

typedef struct
{
  GCancellable *cancellable;
  const char   *dir_path;
  gboolean      saw_temp;
} CancelCheck;

static gboolean
cancel_when_stalled_cb (gpointer user_data)
{
  CancelCheck *check = user_data;
  Resource *resource = g_hash_table_lookup (resources, "/files/stall.MP4");
  g_autofree char *listing = NULL;

  if (!resource->stalled)
    return G_SOURCE_CONTINUE;

  /* Midway: the data so far sits in a hidden temporary file (once the
   * client has caught up with what the server sent before it stalled). */
  listing = list_dir (check->dir_path);
  check->saw_temp = g_str_has_prefix (listing, ".stall.MP4.") &&
                    g_str_has_suffix (listing, ".part") && strchr (listing, '|') == NULL;
  if (!check->saw_temp)
    {
      g_test_message ("waiting for the temporary file: “%s”", listing);
      return G_SOURCE_CONTINUE;
    }

  g_cancellable_cancel (check->cancellable);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  Resource *resource = add_resource ("/files/stall.MP4", 8 * MiB);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *dir_path = make_temp_dir ();
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autofree char *url = url_for ("/files/stall.MP4");
  g_autoptr(ScDownload) download = sc_download_new (session, url, dir, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  gpointer weak = download;

  CancelCheck check = { cancellable, dir_path, FALSE };

  g_object_add_weak_pointer (G_OBJECT (download), &weak);
  resource->stall_after = 3 * MiB;
  g_timeout_add (10, cancel_when_stalled_cb, &check);

  file = run_download (download, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (file);
  g_assert_true (resource->stalled);
  g_assert_true (check.saw_temp);

  /* Cancelled midway: a temporary file existed and is gone. */
  listing = list_dir (dir_path);
  g_assert_cmpstr (listing, ==, "");

  g_clear_object (&download);
  g_assert_null (weak);

  /* Already cancelled before it starts. */
  {
    g_autoptr(ScDownload) again = sc_download_new (session, url, dir, NULL);
    g_autoptr(GError) again_error = NULL;
    g_autoptr(GFile) again_file = run_download (again, cancellable, &again_error);

    g_assert_error (again_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (again_file);
  }

  rm_rf (dir_path);
}

static void
test_cancel_during_retry (void)
{
  Resource *resource = add_resource ("/files/cancel-retry.MP4", MiB);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *dir_path = make_temp_dir ();
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autofree char *url = url_for ("/files/cancel-retry.MP4");
  g_autoptr(ScDownload) download = sc_download_new (session, url, dir, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *listing = NULL;
  gint64 start;

  resource->drop_after = 100 * KiB;
  resource->drop_requests = G_MAXUINT;

  /* Cancel 50 ms in: the download is waiting (200 ms) to retry. */
  g_timeout_add_once (50, (GSourceOnceFunc)g_cancellable_cancel, cancellable);
  start = g_get_monotonic_time ();
  file = run_download (download, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  listing = list_dir (dir_path);
  g_assert_cmpstr (listing, ==, "");

  rm_rf (dir_path);
}

static void
test_hostile_names (void)
{
  static const struct {
    const char *name;
    const char *saved;   /* NULL: refused */
  } cases[] = {
    { "../../etc/passwd", "passwd" },
    { "a/b", "b" },
    { "\x01" "evil", "evil" },
    { ".hidden", "hidden" },
    { "..", NULL },
    { "", NULL },
    { "../", NULL },
  };
  Resource *resource = add_resource ("/files/hostile", 1000);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *top = make_temp_dir ();
  g_autofree char *dir_path = g_build_filename (top, "a", "b", NULL);
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autofree char *url = url_for ("/files/hostile");
  g_autofree char *top_listing = NULL;
  g_autofree char *listing = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir_path, 0700), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ScDownload) download = sc_download_new (session, url, dir, cases[i].name);
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) file = run_download (download, NULL, &error);

      if (cases[i].saved == NULL)
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
          g_assert_null (file);
        }
      else
        {
          g_autoptr(GFile) parent = NULL;
          g_autofree char *basename = NULL;

          g_assert_no_error (error);
          parent = g_file_get_parent (file);
          basename = g_file_get_basename (file);
          g_assert_true (g_file_equal (parent, dir));
          g_assert_cmpstr (basename, ==, cases[i].saved);
          assert_file_content (file, resource->size, resource->seed);
        }
    }

  listing = list_dir (dir_path);
  g_assert_cmpstr (listing, ==, "b|evil|hidden|passwd");
  top_listing = list_dir (top);
  g_assert_cmpstr (top_listing, ==, "a");

  rm_rf (dir_path);
  rm_rf (top);
}

static void
test_body_longer_than_announced (void)
{
  Resource *resource = add_resource ("/files/longer.MP4", 2 * MiB);
  g_autofree char *dir_path = make_temp_dir ();
  g_autoptr(GError) error = NULL;

  /* Chunked, but with a Content-Length that says half. */
  resource->chunked = TRUE;
  resource->chunked_length = MiB;

  error = download_expecting_error ("/files/longer.MP4", "longer.MP4", dir_path, 3, 0);
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL);
  g_assert_cmpuint (resource->n_requests, ==, 1);

  rm_rf (dir_path);
}

static void
test_no_length (void)
{
  Resource *resource = add_resource ("/files/chunked.MP4", 3 * MiB + 1);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *dir_path = make_temp_dir ();
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autofree char *url = url_for ("/files/chunked.MP4");
  g_autoptr(GError) error = NULL;

  resource->chunked = TRUE;

  /* Without a hint: whatever arrives, completely, is kept. */
  {
    g_autoptr(ScDownload) download = sc_download_new (session, url, dir, "a.MP4");
    g_autoptr(GFile) file = run_download (download, NULL, &error);

    g_assert_no_error (error);
    assert_file_content (file, resource->size, resource->seed);
    g_assert_cmpuint (sc_download_get_total_bytes (download), ==, resource->size);
  }

  /* With the right hint: checked against it. */
  {
    g_autoptr(ScDownload) download = sc_download_new (session, url, dir, "b.MP4");
    g_autoptr(GFile) file = NULL;

    sc_download_set_size_hint (download, resource->size);
    g_assert_cmpuint (sc_download_get_total_bytes (download), ==, resource->size);
    file = run_download (download, NULL, &error);
    g_assert_no_error (error);
    assert_file_content (file, resource->size, resource->seed);
  }

  /* With a hint smaller than what arrives: refused, nothing kept. */
  {
    g_autoptr(GError) hint_error = download_expecting_error ("/files/chunked.MP4", "c.MP4",
                                                             dir_path, 3, MiB);
    g_assert_error (hint_error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL);
  }

  rm_rf (dir_path);
}

static void
test_no_space_precheck (void)
{
  /* Announces a petabyte: no real disk has that much free, so the check
   * refuses before the first byte, and must not read the body. */
  Resource *resource = add_resource ("/files/huge.MP4", G_GUINT64_CONSTANT (1) << 50);
  g_autofree char *dir_path = make_temp_dir ();
  g_autofree char *keep = g_build_filename (dir_path, "keep.JPG", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  gint64 start;

  g_file_set_contents (keep, "keep", -1, NULL);
  start = g_get_monotonic_time ();
  error = download_expecting_error ("/files/huge.MP4", "huge.MP4", dir_path, 3, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_nonnull (strstr (error->message, "Not enough free space in"));
  folder = g_filename_display_name (dir_path);
  g_assert_nonnull (strstr (error->message, folder));
  g_assert_cmpuint (resource->n_requests, ==, 1);

  rm_rf (dir_path);
}

/* --- The real thing: a 4 MiB tmpfs in a private mount namespace --- */

#define TINY_FS_SIZE (4 * MiB)

static void
test_disk_full_child (void)
{
  const char *dir_path = g_getenv ("SC_TEST_TINY_FS");
  g_autofree char *keep = g_build_filename (dir_path, "keep.JPG", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  Resource *big, *chunked, *small;

  g_assert_nonnull (dir_path);
  g_file_set_contents (keep, "the user's own photo", -1, &error);
  g_assert_no_error (error);

  /* Content-Length bigger than the file system: refused up front. */
  big = add_resource ("/files/big.MP4", 8 * MiB);
  error = download_expecting_error ("/files/big.MP4", "big.MP4", dir_path, 3, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (error->message, "needed"));
  g_assert_cmpuint (big->n_requests, ==, 1);
  g_clear_error (&error);

  /* No length, but the listing's size: refused up front too. */
  chunked = add_resource ("/files/chunked.MP4", 6 * MiB);
  chunked->chunked = TRUE;
  error = download_expecting_error ("/files/chunked.MP4", "chunked.MP4", dir_path, 3, 6 * MiB);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_clear_error (&error);

  /* No length and no hint: nothing to check in advance, so the disk
   * really fills up (ENOSPC while writing); the partial file is removed. */
  error = download_expecting_error ("/files/chunked.MP4", "chunked.MP4", dir_path, 3, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (error->message, "chunked.MP4"));
  g_clear_error (&error);

  listing = list_dir (dir_path);
  g_assert_cmpstr (listing, ==, "keep.JPG");

  /* And the space is back: a file that fits still works. */
  small = add_resource ("/files/small.JPG", MiB);
  {
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
    g_autofree char *url = url_for ("/files/small.JPG");
    g_autoptr(ScDownload) download = sc_download_new (session, url, dir, "small.JPG");
    g_autoptr(GFile) file = run_download (download, NULL, &error);

    g_assert_no_error (error);
    assert_file_content (file, small->size, small->seed);
  }

  {
    g_autofree char *contents = NULL;

    g_file_get_contents (keep, &contents, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (contents, ==, "the user's own photo");
  }
}

static void
test_disk_full (void)
{
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *top = make_temp_dir ();
  g_autofree char *mount_point = g_build_filename (top, "tiny", NULL);
  g_autofree char *probe_err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = NULL;
  gboolean as_root = geteuid () == 0;
  const char *unshare_flags = as_root ? "-m" : "-rm";
  int status = 0;
  g_autofree char *size_option = g_strdup_printf ("size=%" G_GUINT64_FORMAT, TINY_FS_SIZE);
  const char *probe[] = { "unshare", unshare_flags, "sh", "-c",
                          "mount -t tmpfs -o size=64k sc-probe \"$1\"", "sh", mount_point, NULL };
  const char *child[] = { "unshare", unshare_flags, "sh", "-c",
                          "mount -t tmpfs -o \"$3\",mode=0700 sc-test-tiny \"$1\" && "
                          "exec \"$2\" -p /sc-core/ScDownload/disk-full/child",
                          "sh", mount_point, self_exe, size_option, NULL };

  g_assert_nonnull (self_exe);
  g_assert_cmpint (g_mkdir (mount_point, 0700), ==, 0);

  /* Can we have a private mount namespace with a tmpfs of our own? */
  if (!g_spawn_sync (NULL, (char **)probe, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &probe_err, &status, &error) ||
      !g_spawn_check_wait_status (status, NULL))
    {
      const char *reason = error != NULL ? error->message : g_strstrip (probe_err);
      g_autofree char *why = g_strdup_printf ("no private tmpfs here (unshare %s: %s)",
                                              unshare_flags, reason);
      g_printerr ("# %s\n", why);
      g_test_skip (why);
      rm_rf (top);
      return;
    }

  env = g_get_environ ();
  env = g_environ_setenv (env, "SC_TEST_TINY_FS", mount_point, TRUE);

  g_spawn_sync (NULL, (char **)child, env, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("The disk-full test failed in its mount namespace:\n%s\n%s", out, err);
  g_assert_nonnull (strstr (out, "ok 1 /sc-core/ScDownload/disk-full/child"));
  g_assert_null (strstr (out, "# SKIP"));

  /* The tmpfs was private to the child: nothing is mounted or left here. */
  {
    g_autofree char *listing = list_dir (mount_point);
    g_assert_cmpstr (listing, ==, "");
  }

  rm_rf (top);
}

/* --- Memory: a big file in constant memory --- */

static guint64
read_status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, field);
  g_assert_nonnull (line);

  return g_ascii_strtoull (line + strlen (field), NULL, 10);
}

static void
memory_download (void)
{
  Resource *resource = add_resource ("/files/SPHC9999.MP4", 256 * MiB);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *dir_path = make_temp_dir ();
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autofree char *url = url_for ("/files/SPHC9999.MP4");
  g_autoptr(ScDownload) download = sc_download_new (session, url, dir, "SPHC9999.MP4");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  guint64 hwm_before, hwm_after;

  resource->chunk_size = 256 * KiB;

  /* Reset the peak to the current RSS where the kernel allows it. */
  g_file_set_contents ("/proc/self/clear_refs", "5", -1, NULL);
  hwm_before = read_status_kib ("VmHWM:");

  file = run_download (download, NULL, &error);
  g_assert_no_error (error);

  hwm_after = read_status_kib ("VmHWM:");
  g_test_message ("VmHWM %" G_GUINT64_FORMAT " KiB before, %" G_GUINT64_FORMAT " KiB after "
                  "a %" G_GUINT64_FORMAT " MiB download (server included)",
                  hwm_before, hwm_after, resource->size / MiB);
  g_assert_cmpuint (hwm_after - hwm_before, <, 32 * 1024);

  assert_file_content (file, resource->size, resource->seed);
  g_file_delete (file, NULL, NULL);
  rm_rf (dir_path);
}

static void
test_memory_child (void)
{
  if (!g_test_subprocess ())
    {
      g_test_skip ("run in a fresh process by /sc-core/ScDownload/memory");
      return;
    }

  memory_download ();
}

static void
test_memory (void)
{
#if defined (__SANITIZE_ADDRESS__)
  /* AddressSanitizer keeps freed memory in quarantine (256 MiB by default):
   * the peak RSS of such a process says nothing about ours. */
  g_test_skip ("the peak RSS is meaningless under AddressSanitizer");
  return;
#endif

  /* A fresh process, so that the peak is not an earlier test's. */
  g_test_trap_subprocess ("/sc-core/ScDownload/memory/child", 120 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  start_server ();

  if (g_getenv ("SC_TEST_TINY_FS") != NULL)
    {
      g_test_add_func ("/sc-core/ScDownload/disk-full/child", test_disk_full_child);
    }
  else
    {
      g_test_add_func ("/sc-core/ScDownload/sanitize", test_sanitize);
      g_test_add_func ("/sc-core/ScDownload/normal", test_normal);
      g_test_add_func ("/sc-core/ScDownload/empty-file", test_empty_file);
      g_test_add_func ("/sc-core/ScDownload/resume", test_resume);
      g_test_add_func ("/sc-core/ScDownload/resume-without-accept-ranges",
                       test_resume_without_accept_ranges);
      g_test_add_func ("/sc-core/ScDownload/restart-when-range-ignored",
                       test_restart_when_range_ignored);
      g_test_add_func ("/sc-core/ScDownload/drops-three-times", test_drops_three_times);
      g_test_add_func ("/sc-core/ScDownload/short-body", test_short_body);
      g_test_add_func ("/sc-core/ScDownload/short-body-with-ranges", test_short_body_with_ranges);
      g_test_add_func ("/sc-core/ScDownload/http-errors", test_http_errors);
      g_test_add_func ("/sc-core/ScDownload/name-clash", test_name_clash);
      g_test_add_func ("/sc-core/ScDownload/cancel", test_cancel);
      g_test_add_func ("/sc-core/ScDownload/cancel-during-retry", test_cancel_during_retry);
      g_test_add_func ("/sc-core/ScDownload/hostile-names", test_hostile_names);
      g_test_add_func ("/sc-core/ScDownload/body-longer-than-announced",
                       test_body_longer_than_announced);
      g_test_add_func ("/sc-core/ScDownload/no-length", test_no_length);
      g_test_add_func ("/sc-core/ScDownload/no-space-precheck", test_no_space_precheck);
      g_test_add_func ("/sc-core/ScDownload/disk-full", test_disk_full);
      g_test_add_func ("/sc-core/ScDownload/memory", test_memory);
      g_test_add_func ("/sc-core/ScDownload/memory/child", test_memory_child);
    }

  ret = g_test_run ();

  stop_server ();

  return ret;
}
