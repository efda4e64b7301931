/* test-download.c: ScDownload against a real libsoup server on loopback:
 * names, resuming, retries, errors, cancellation
 *
 * Free space, a full disk and memory use are in test-download-disk.c.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-download"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "sc-download-test-util.h"

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
  ScTestResource *resource = sc_test_add_resource ("/files/100RICOH/R0010005.JPG", 3 * MiB + 123);
  ScTestProgress progress = { 0 };
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed_ms;

  sc_test_download_and_check ("/files/100RICOH/R0010005.JPG", "R0010005.JPG", resource, &progress);
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
  ScTestResource *resource = sc_test_add_resource ("/files/empty.bin", 0);

  sc_test_download_and_check ("/files/empty.bin", "empty.bin", resource, NULL);
}

static void
test_resume (void)
{
  ScTestResource *resource = sc_test_add_resource ("/files/resume.MP4", 5 * MiB + 7);
  ScTestProgress progress = { 0 };

  resource->drop_after = 2 * MiB + 5;
  resource->drop_requests = 1;

  sc_test_download_and_check ("/files/resume.MP4", "resume.MP4", resource, &progress);

  g_assert_cmpuint (resource->n_requests, ==, 2);
  g_assert_cmpuint (resource->n_range_requests, ==, 1);
}

static void
test_resume_without_accept_ranges (void)
{
  /* No Accept-Ranges header, but the server answers Range with a 206 and
   * a matching Content-Range: that is enough to resume. */
  ScTestResource *resource = sc_test_add_resource ("/files/resume-quiet.MP4", 3 * MiB);

  resource->accept_ranges = FALSE;
  resource->drop_after = MiB + 1;
  resource->drop_requests = 1;

  sc_test_download_and_check ("/files/resume-quiet.MP4", "resume-quiet.MP4", resource, NULL);

  g_assert_cmpuint (resource->n_requests, ==, 2);
  g_assert_cmpuint (resource->n_range_requests, ==, 1);
}

static void
test_restart_when_range_ignored (void)
{
  ScTestResource *resource = sc_test_add_resource ("/files/restart.MP4", 4 * MiB + 99);
  ScTestProgress progress = { 0 };

  resource->accept_ranges = FALSE;
  resource->honour_range = FALSE;
  resource->drop_after = 3 * MiB;
  resource->drop_requests = 1;

  sc_test_download_and_check ("/files/restart.MP4", "restart.MP4", resource, &progress);

  /* The second answer was a 200 with the whole file: started from 0. */
  g_assert_cmpuint (resource->n_requests, ==, 2);
  g_assert_true (progress.went_back);
}

static void
test_drops_three_times (void)
{
  ScTestResource *resource = sc_test_add_resource ("/files/flaky.MP4", 6 * MiB);

  resource->drop_after = MiB;
  resource->drop_requests = 3;

  sc_test_download_and_check ("/files/flaky.MP4", "flaky.MP4", resource, NULL);

  g_assert_cmpuint (resource->n_requests, ==, 4);
}

static void
test_short_body (void)
{
  ScTestResource *resource = sc_test_add_resource ("/files/liar.MP4", 2 * MiB);
  g_autofree char *dir_path = sc_test_make_temp_dir ();
  g_autoptr(GError) error = NULL;

  /* Always announces 100 bytes more than it sends, then hangs up. */
  resource->announce_extra = 100;
  resource->accept_ranges = FALSE;
  resource->honour_range = FALSE;

  error = sc_test_download_expecting_error ("/files/liar.MP4", "liar.MP4", dir_path,
                                            SC_DOWNLOAD_DEFAULT_MAX_RETRIES, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  g_assert_nonnull (strstr (error->message, "liar.MP4"));
  g_assert_nonnull (strstr (error->message, "2097252"));
  g_assert_cmpuint (resource->n_requests, ==, 1 + SC_DOWNLOAD_DEFAULT_MAX_RETRIES);

  sc_test_rm_rf (dir_path);
}

static void
test_short_body_with_ranges (void)
{
  ScTestResource *resource = sc_test_add_resource ("/files/liar-ranges.MP4", MiB);
  g_autofree char *dir_path = sc_test_make_temp_dir ();
  g_autoptr(GError) error = NULL;

  resource->announce_extra = 10;

  error = sc_test_download_expecting_error ("/files/liar-ranges.MP4", "liar-ranges.MP4", dir_path,
                                            2, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  g_assert_cmpuint (resource->n_requests, ==, 3);

  sc_test_rm_rf (dir_path);
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
  g_autofree char *dir_path = sc_test_make_temp_dir ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/files/status-%u.JPG", cases[i].status);
      ScTestResource *resource = sc_test_add_resource (path, 10);
      g_autoptr(GError) error = NULL;
      GQuark domain = cases[i].status == SOUP_STATUS_NOT_FOUND ? G_IO_ERROR : SC_CAMERA_ERROR;

      resource->status = cases[i].status;
      error = sc_test_download_expecting_error (path, "x.JPG", dir_path, 3, 0);
      g_assert_error (error, domain, cases[i].code);
      g_assert_nonnull (strstr (error->message, "x.JPG"));
      g_assert_cmpuint (resource->n_requests, ==, 1);   /* no retry */
    }

  /* Nothing registered at all: the server's own 404. */
  {
    g_autoptr(GError) error = sc_test_download_expecting_error ("/files/nothing-here.JPG", NULL,
                                                                dir_path, 3, 0);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "nothing-here.JPG"));
  }

  sc_test_rm_rf (dir_path);
}

static void
test_name_clash (void)
{
  ScTestResource *resource = sc_test_add_resource ("/files/clash/R0010001.JPG", 100 * KiB);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *dir_path = sc_test_make_temp_dir ();
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autofree char *url = sc_test_url_for ("/files/clash/R0010001.JPG");
  g_autofree char *existing = g_build_filename (dir_path, "R0010001.JPG", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (existing, "the user's own photo", -1, &error);
  g_assert_no_error (error);

  for (guint i = 1; i <= 2; i++)
    {
      g_autoptr(ScDownload) download = sc_download_new (session, url, dir, "R0010001.JPG");
      g_autoptr(GFile) file = sc_test_run_download (download, NULL, &error);
      g_autofree char *basename = NULL;
      g_autofree char *expected = g_strdup_printf ("R0010001 (%u).JPG", i);

      g_assert_no_error (error);
      basename = g_file_get_basename (file);
      g_assert_cmpstr (basename, ==, expected);
      sc_test_assert_file_content (file, resource->size, resource->seed);
    }

  g_file_get_contents (existing, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "the user's own photo");

  listing = sc_test_list_dir (dir_path);
  g_assert_cmpstr (listing, ==, "R0010001 (1).JPG|R0010001 (2).JPG|R0010001.JPG");

  sc_test_rm_rf (dir_path);
}

/* With the storage permission off, nothing is asked of the camera and
 * nothing is written: the folder is exactly as it was. */
static void
test_storage_permission (void)
{
  ScTestResource *resource = sc_test_add_resource ("/files/perm/R0010002.JPG", 200 * KiB);
  g_autoptr(ScPermissions) permissions = sc_permissions_new (NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *dir_path = sc_test_make_temp_dir ();
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autofree char *url = sc_test_url_for ("/files/perm/R0010002.JPG");
  g_autofree char *existing = g_build_filename (dir_path, "mine.txt", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (existing, "the user's own file", -1, &error);
  g_assert_no_error (error);

  sc_permissions_set (permissions, SC_PERMISSION_STORAGE, FALSE);
  sc_permissions_set_default (permissions);
  {
    g_autoptr(ScDownload) download = sc_download_new (session, url, dir, "R0010002.JPG");
    g_autoptr(GFile) file = sc_test_run_download (download, NULL, &error);

    g_assert_null (file);
    g_assert_error (error, SC_PERMISSION_ERROR, SC_PERMISSION_ERROR_DENIED);
    g_assert_nonnull (strstr (error->message, "Storage"));
    g_clear_error (&error);
  }
  g_assert_cmpuint (resource->n_requests, ==, 0);
  listing = sc_test_list_dir (dir_path);
  g_assert_cmpstr (listing, ==, "mine.txt");

  /* Back on, the same download goes through. */
  sc_permissions_set (permissions, SC_PERMISSION_STORAGE, TRUE);
  {
    g_autoptr(ScDownload) download = sc_download_new (session, url, dir, "R0010002.JPG");
    g_autoptr(GFile) file = sc_test_run_download (download, NULL, &error);

    g_assert_no_error (error);
    sc_test_assert_file_content (file, resource->size, resource->seed);
  }

  sc_permissions_set_default (NULL);
  sc_test_rm_rf (dir_path);
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
  ScTestResource *resource = sc_test_lookup_resource ("/files/stall.MP4");
  g_autofree char *listing = NULL;

  if (!resource->stalled)
    return G_SOURCE_CONTINUE;

  /* Midway: the data so far sits in a hidden temporary file (once the
   * client has caught up with what the server sent before it stalled). */
  listing = sc_test_list_dir (check->dir_path);
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
  ScTestResource *resource = sc_test_add_resource ("/files/stall.MP4", 8 * MiB);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *dir_path = sc_test_make_temp_dir ();
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autofree char *url = sc_test_url_for ("/files/stall.MP4");
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

  file = sc_test_run_download (download, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (file);
  g_assert_true (resource->stalled);
  g_assert_true (check.saw_temp);

  /* Cancelled midway: a temporary file existed and is gone. */
  listing = sc_test_list_dir (dir_path);
  g_assert_cmpstr (listing, ==, "");

  g_clear_object (&download);
  g_assert_null (weak);

  /* Already cancelled before it starts. */
  {
    g_autoptr(ScDownload) again = sc_download_new (session, url, dir, NULL);
    g_autoptr(GError) again_error = NULL;
    g_autoptr(GFile) again_file = sc_test_run_download (again, cancellable, &again_error);

    g_assert_error (again_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (again_file);
  }

  sc_test_rm_rf (dir_path);
}

static void
test_cancel_during_retry (void)
{
  ScTestResource *resource = sc_test_add_resource ("/files/cancel-retry.MP4", MiB);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *dir_path = sc_test_make_temp_dir ();
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autofree char *url = sc_test_url_for ("/files/cancel-retry.MP4");
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
  file = sc_test_run_download (download, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  listing = sc_test_list_dir (dir_path);
  g_assert_cmpstr (listing, ==, "");

  sc_test_rm_rf (dir_path);
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
  ScTestResource *resource = sc_test_add_resource ("/files/hostile", 1000);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *top = sc_test_make_temp_dir ();
  g_autofree char *dir_path = g_build_filename (top, "a", "b", NULL);
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autofree char *url = sc_test_url_for ("/files/hostile");
  g_autofree char *top_listing = NULL;
  g_autofree char *listing = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir_path, 0700), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ScDownload) download = sc_download_new (session, url, dir, cases[i].name);
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) file = sc_test_run_download (download, NULL, &error);

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
          sc_test_assert_file_content (file, resource->size, resource->seed);
        }
    }

  listing = sc_test_list_dir (dir_path);
  g_assert_cmpstr (listing, ==, "b|evil|hidden|passwd");
  top_listing = sc_test_list_dir (top);
  g_assert_cmpstr (top_listing, ==, "a");

  sc_test_rm_rf (dir_path);
  sc_test_rm_rf (top);
}

static void
test_body_longer_than_announced (void)
{
  ScTestResource *resource = sc_test_add_resource ("/files/longer.MP4", 2 * MiB);
  g_autofree char *dir_path = sc_test_make_temp_dir ();
  g_autoptr(GError) error = NULL;

  /* Chunked, but with a Content-Length that says half. */
  resource->chunked = TRUE;
  resource->chunked_length = MiB;

  error = sc_test_download_expecting_error ("/files/longer.MP4", "longer.MP4", dir_path, 3, 0);
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL);
  g_assert_cmpuint (resource->n_requests, ==, 1);

  sc_test_rm_rf (dir_path);
}

static void
test_no_length (void)
{
  ScTestResource *resource = sc_test_add_resource ("/files/chunked.MP4", 3 * MiB + 1);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *dir_path = sc_test_make_temp_dir ();
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autofree char *url = sc_test_url_for ("/files/chunked.MP4");
  g_autoptr(GError) error = NULL;

  resource->chunked = TRUE;

  /* Without a hint: whatever arrives, completely, is kept. */
  {
    g_autoptr(ScDownload) download = sc_download_new (session, url, dir, "a.MP4");
    g_autoptr(GFile) file = sc_test_run_download (download, NULL, &error);

    g_assert_no_error (error);
    sc_test_assert_file_content (file, resource->size, resource->seed);
    g_assert_cmpuint (sc_download_get_total_bytes (download), ==, resource->size);
  }

  /* With the right hint: checked against it. */
  {
    g_autoptr(ScDownload) download = sc_download_new (session, url, dir, "b.MP4");
    g_autoptr(GFile) file = NULL;

    sc_download_set_size_hint (download, resource->size);
    g_assert_cmpuint (sc_download_get_total_bytes (download), ==, resource->size);
    file = sc_test_run_download (download, NULL, &error);
    g_assert_no_error (error);
    sc_test_assert_file_content (file, resource->size, resource->seed);
  }

  /* With a hint smaller than what arrives: refused, nothing kept. */
  {
    g_autoptr(GError) hint_error = sc_test_download_expecting_error ("/files/chunked.MP4", "c.MP4",
                                                                     dir_path, 3, MiB);
    g_assert_error (hint_error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL);
  }

  sc_test_rm_rf (dir_path);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  sc_test_server_start ();

  g_test_add_func ("/sc-core/ScDownload/sanitize", test_sanitize);
  g_test_add_func ("/sc-core/ScDownload/normal", test_normal);
  g_test_add_func ("/sc-core/ScDownload/storage-permission", test_storage_permission);
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

  ret = g_test_run ();

  sc_test_server_stop ();

  return ret;
}
