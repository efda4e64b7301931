/* test-download-disk.c: ScDownload and the resources it uses: the free
 * space check, a disk that really fills up (a 4 MiB tmpfs in a private
 * mount namespace), and a big file in constant memory
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-download-disk"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "sc-download-test-util.h"

/* --- Free space --- */

static void
test_no_space_precheck (void)
{
  /* Announces a petabyte: no real disk has that much free, so the check
   * refuses before the first byte, and must not read the body. */
  ScTestResource *resource = sc_test_add_resource ("/files/huge.MP4", G_GUINT64_CONSTANT (1) << 50);
  g_autofree char *dir_path = sc_test_make_temp_dir ();
  g_autofree char *keep = g_build_filename (dir_path, "keep.JPG", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  gint64 start;

  g_file_set_contents (keep, "keep", -1, NULL);
  start = g_get_monotonic_time ();
  error = sc_test_download_expecting_error ("/files/huge.MP4", "huge.MP4", dir_path, 3, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_nonnull (strstr (error->message, "Not enough free space in"));
  folder = g_filename_display_name (dir_path);
  g_assert_nonnull (strstr (error->message, folder));
  g_assert_cmpuint (resource->n_requests, ==, 1);

  sc_test_rm_rf (dir_path);
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
  ScTestResource *big, *chunked, *small;

  g_assert_nonnull (dir_path);
  g_file_set_contents (keep, "the user's own photo", -1, &error);
  g_assert_no_error (error);

  /* Content-Length bigger than the file system: refused up front. */
  big = sc_test_add_resource ("/files/big.MP4", 8 * MiB);
  error = sc_test_download_expecting_error ("/files/big.MP4", "big.MP4", dir_path, 3, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (error->message, "needed"));
  g_assert_cmpuint (big->n_requests, ==, 1);
  g_clear_error (&error);

  /* No length, but the listing's size: refused up front too. */
  chunked = sc_test_add_resource ("/files/chunked.MP4", 6 * MiB);
  chunked->chunked = TRUE;
  error = sc_test_download_expecting_error ("/files/chunked.MP4", "chunked.MP4", dir_path, 3,
                                            6 * MiB);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_clear_error (&error);

  /* No length and no hint: nothing to check in advance, so the disk
   * really fills up (ENOSPC while writing); the partial file is removed. */
  error = sc_test_download_expecting_error ("/files/chunked.MP4", "chunked.MP4", dir_path, 3, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (error->message, "chunked.MP4"));
  g_clear_error (&error);

  listing = sc_test_list_dir (dir_path);
  g_assert_cmpstr (listing, ==, "keep.JPG");

  /* And the space is back: a file that fits still works. */
  small = sc_test_add_resource ("/files/small.JPG", MiB);
  {
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
    g_autofree char *url = sc_test_url_for ("/files/small.JPG");
    g_autoptr(ScDownload) download = sc_download_new (session, url, dir, "small.JPG");
    g_autoptr(GFile) file = sc_test_run_download (download, NULL, &error);

    g_assert_no_error (error);
    sc_test_assert_file_content (file, small->size, small->seed);
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
  g_autofree char *top = sc_test_make_temp_dir ();
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

      /* A real full disk is what this test proves; without a private tmpfs
       * (root, or unprivileged user namespaces) it cannot, so it fails. */
      sc_test_rm_rf (top);
      g_error ("Cannot make a private tmpfs for the full-disk test (unshare %s: %s). "
               "Run the tests as root or enable unprivileged user namespaces.",
               unshare_flags, reason);
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
    g_autofree char *listing = sc_test_list_dir (mount_point);
    g_assert_cmpstr (listing, ==, "");
  }

  sc_test_rm_rf (top);
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
  ScTestResource *resource = sc_test_add_resource ("/files/SPHC9999.MP4", 256 * MiB);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *dir_path = sc_test_make_temp_dir ();
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autofree char *url = sc_test_url_for ("/files/SPHC9999.MP4");
  g_autoptr(ScDownload) download = sc_download_new (session, url, dir, "SPHC9999.MP4");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  guint64 hwm_before, hwm_after;

  resource->chunk_size = 256 * KiB;

  /* Reset the peak to the current RSS where the kernel allows it. */
  g_file_set_contents ("/proc/self/clear_refs", "5", -1, NULL);
  hwm_before = read_status_kib ("VmHWM:");

  file = sc_test_run_download (download, NULL, &error);
  g_assert_no_error (error);

  hwm_after = read_status_kib ("VmHWM:");
  g_test_message ("VmHWM %" G_GUINT64_FORMAT " KiB before, %" G_GUINT64_FORMAT " KiB after "
                  "a %" G_GUINT64_FORMAT " MiB download (server included)",
                  hwm_before, hwm_after, resource->size / MiB);
  g_assert_cmpuint (hwm_after - hwm_before, <, 32 * 1024);

  sc_test_assert_file_content (file, resource->size, resource->seed);
  g_file_delete (file, NULL, NULL);
  sc_test_rm_rf (dir_path);
}

static void
test_memory (void)
{
  /* The download itself runs in a fresh process (this same test, re-run by
   * g_test_trap_subprocess), so that the peak is not an earlier test's. */
  if (g_test_subprocess ())
    {
      memory_download ();
      return;
    }

#if defined (__SANITIZE_ADDRESS__)
  /* AddressSanitizer keeps freed memory in quarantine (256 MiB by default),
   * which would hide ours: the child runs without one. */
  {
    const char *options = g_getenv ("ASAN_OPTIONS");
    g_autofree char *child = g_strdup_printf ("%s%squarantine_size_mb=0:"
                                              "thread_local_quarantine_size_kb=0",
                                              options != NULL ? options : "",
                                              options != NULL && options[0] != '\0' ? ":" : "");

    g_setenv ("ASAN_OPTIONS", child, TRUE);
  }
#endif

  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  sc_test_server_start ();

  if (g_getenv ("SC_TEST_TINY_FS") != NULL)
    {
      g_test_add_func ("/sc-core/ScDownload/disk-full/child", test_disk_full_child);
    }
  else
    {
      g_test_add_func ("/sc-core/ScDownload/no-space-precheck", test_no_space_precheck);
      g_test_add_func ("/sc-core/ScDownload/disk-full", test_disk_full);
      g_test_add_func ("/sc-core/ScDownload/memory", test_memory);
    }

  ret = g_test_run ();

  sc_test_server_stop ();

  return ret;
}
