/* sc-download-private.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "sc-download.h"

G_BEGIN_DECLS

/* Bytes read from the network before each write. Each asynchronous write
 * is a hop through GIO's thread pool, whose wake-up latency dominates with
 * small writes (measured: 256 KiB writes reached about 0.75 x curl on
 * loopback, 1 MiB ones match it). Two such buffers are all the memory a
 * download uses, whatever the size of the file. */
#define SC_DOWNLOAD_CHUNK_SIZE (1024 * 1024)

struct _ScDownload
{
  GObject       parent_instance;

  SoupSession  *session;
  char         *url;
  GFile        *directory;
  char         *name;
  guint64       size_hint;
  guint         max_retries;

  guint64       bytes_received;
  guint64       total_bytes;
  gint64        last_notify_usec;
  GFile        *file;
  gboolean      started;

  /* Written into the file before the rename, if the location permission
   * still allows it then; geotag.time is a reference of ours. */
  gboolean      has_geotag;
  ScGeoLocation geotag;
  gboolean      keep_bytes;     /* nothing is written into the file */
};

/* The state of one run, owned by its GTask. */
typedef struct
{
  char              *name;          /* the sanitised final name */
  char              *folder;        /* the folder, for messages */

  SoupMessage       *message;
  GCancellable      *request_cancellable;  /* aborts the current response */
  gulong             cancelled_id;
  GInputStream      *body;

  GFile             *temp_file;
  GFileOutputStream *output;

  /* Reads fill buffers[fill] while buffers[fill ^ 1] is being written: at
   * most one read and one write in flight. */
  guint8            *buffers[2];
  gsize              lengths[2];
  guint              fill;
  gboolean           read_pending;
  gboolean           write_pending;
  GError            *read_error;    /* a read failed while a write was in flight */
  guint64            written;       /* bytes in the temporary file */
  gboolean           eof;

  gint64             expected;      /* total size announced by the server, or -1 */
  gboolean           ranges_ok;     /* Accept-Ranges: bytes, or a 206 seen */
  gboolean           avoid_ranges;  /* a 206 did not match: do not ask again */
  gboolean           sent_range;
  guint              retries;       /* retries used so far */
  guint              temp_attempts;

  GSource           *retry_source;
  GSource           *retry_cancel_source;

  GError            *error;         /* returned once the cleanup is done */
} ScDownloadRun;

/* What the worker thread needs to make a downloaded file final. */
typedef struct
{
  GFile             *temp_file;
  GFileOutputStream *output;      /* closed by the worker */
  GFile             *directory;
  char              *name;        /* sanitised */
  gboolean           has_geotag;  /* the permission was checked just before */
  ScGeoLocation      geotag;      /* geotag.time is a reference of ours */
} ScDownloadFinishData;

/* sc-download.c: the properties that change while a download runs,
 * notified in the owner's context */
void     _sc_download_notify_progress        (ScDownload    *self,
                                              gboolean       force);
void     _sc_download_set_bytes_received     (ScDownload    *self,
                                              guint64        bytes,
                                              gboolean       force_notify);
void     _sc_download_set_total_bytes        (ScDownload    *self,
                                              guint64        total);
void     _sc_download_set_file               (ScDownload    *self,
                                              GFile         *file);

/* sc-download-request.c: the HTTP request and its response; @task is the
 * run's GTask, its task data an ScDownloadRun */
void     _sc_download_start_request          (GTask         *task);
void     _sc_download_abort_response         (GTask         *task);

/* sc-download-write.c: the body, retries, failure and cleanup */
void     _sc_download_check_space_then_write (GTask         *task);
void     _sc_download_pump                   (GTask         *task);
gboolean _sc_download_truncate_temp          (GTask         *task,
                                              GError       **error);
void     _sc_download_retry_or_fail          (GTask         *task,
                                              GError        *error);
void     _sc_download_fail                   (GTask         *task,
                                              GError        *error);
void     _sc_download_fail_write             (GTask         *task,
                                              GError        *error);

/* sc-download-file.c: the final fsync and rename, in a worker thread */
void     _sc_download_finish_data_free       (gpointer       user_data);
void     _sc_download_finish_file_thread     (GTask         *task,
                                              gpointer       source_object,
                                              gpointer       task_data,
                                              GCancellable  *cancellable);

G_END_DECLS
