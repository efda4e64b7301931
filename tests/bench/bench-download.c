/* bench-download.c: fetch one URL with ScDownload and say how fast
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-download URL DIRECTORY [NAME]
 *
 * Prints one line, for tests/bench/bench-download.sh to parse:
 *   bytes=N seconds=S stream_seconds=T mb_per_s=R peak_rss_kib=K file=PATH
 * where seconds runs from the request to the renamed, fsync'd file;
 * stream_seconds from the request to the last write (the file's mtime), so
 * without the final fsync, like curl's own figure; and peak_rss_kib is
 * getrusage's ru_maxrss for the whole process.
 */

#include "config.h"

#include <locale.h>
#include <sys/resource.h>

#include <gio/gio.h>
#include <libsoup/soup.h>

#define SC_CORE_INSIDE
#include "sc-download.h"
#undef SC_CORE_INSIDE

typedef struct
{
  GMainLoop *loop;
  GFile     *file;
  GError    *error;
} Run;

static void
on_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;

  run->file = sc_download_run_finish (SC_DOWNLOAD (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(ScDownload) download = NULL;
  g_autoptr(GFile) directory = NULL;
  g_autofree char *path = NULL;
  Run run = { NULL };
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GDateTime) modified = NULL;
  struct rusage usage;
  gint64 start, end, start_real;
  double seconds, stream_seconds = 0;
  guint64 bytes;

  setlocale (LC_ALL, "");

  if (argc < 3 || argc > 4)
    {
      g_printerr ("Usage: %s URL DIRECTORY [NAME]\n", argv[0]);
      return 2;
    }

  session = soup_session_new ();
  directory = g_file_new_for_commandline_arg (argv[2]);
  download = sc_download_new (session, argv[1], directory, argc == 4 ? argv[3] : NULL);
  run.loop = g_main_loop_new (NULL, FALSE);

  start_real = g_get_real_time ();
  start = g_get_monotonic_time ();
  sc_download_run_async (download, NULL, on_done_cb, &run);
  g_main_loop_run (run.loop);
  end = g_get_monotonic_time ();
  g_main_loop_unref (run.loop);

  if (run.file == NULL)
    {
      g_printerr ("bench-download: %s\n", run.error->message);
      g_error_free (run.error);
      return 1;
    }

  getrusage (RUSAGE_SELF, &usage);
  seconds = (end - start) / (double)G_USEC_PER_SEC;
  bytes = sc_download_get_bytes_received (download);
  path = g_file_get_path (run.file);

  info = g_file_query_info (run.file, G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info != NULL)
    modified = g_file_info_get_modification_date_time (info);
  if (modified != NULL)
    stream_seconds = (g_date_time_to_unix (modified) * G_USEC_PER_SEC +
                      g_date_time_get_microsecond (modified) - start_real) /
                     (double)G_USEC_PER_SEC;

  g_print ("bytes=%" G_GUINT64_FORMAT " seconds=%.3f stream_seconds=%.3f mb_per_s=%.1f "
           "peak_rss_kib=%ld file=%s\n",
           bytes, seconds, stream_seconds, seconds > 0 ? bytes / seconds / 1e6 : 0.0,
           usage.ru_maxrss, path);

  g_object_unref (run.file);

  return 0;
}
