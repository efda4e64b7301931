/* sc-download.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-download"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "sc-download.h"
#include "sc-download-private.h"
#include "sc-error.h"

/**
 * ScDownload:
 *
 * One HTTP download from a camera into a folder.
 *
 * The body is streamed through two fixed buffers of %CHUNK_SIZE bytes
 * (one filling from the network while the other is written) into a hidden
 * temporary file (".NAME.XXXXXX.part") created next to the final
 * one, so the final rename never crosses file systems. The temporary file
 * is fsync'd, its size checked against what the server announced, and only
 * then renamed, without ever replacing an existing file. Any failure or
 * cancellation removes the temporary file before the task returns, so a
 * caller never sees half a file.
 *
 * All work happens in the thread-default #GMainContext of the caller of
 * sc_download_run_async(): libsoup and GIO asynchronous calls only. The
 * single exception is the final fsync-and-rename step, which blocks in the
 * kernel and therefore runs in GIO's worker pool like any other GIO
 * asynchronous file operation (see sc-download-file.c).
 */

/* Bytes read from the network before each write. Each asynchronous write
 * is a hop through GIO's thread pool, whose wake-up latency dominates with
 * small writes (measured: 256 KiB writes reached about 0.75 x curl on
 * loopback, 1 MiB ones match it). Two such buffers are all the memory a
 * download uses, whatever the size of the file. */
#define CHUNK_SIZE            (1024 * 1024)

/* Free space we leave on top of the file itself, so a download never fills
 * a disk to the last byte. */
#define SPACE_MARGIN          (1024 * 1024)

/* At most one "bytes-received" notification per interval (plus the last). */
#define NOTIFY_INTERVAL_USEC  (100 * G_TIME_SPAN_MILLISECOND)

/* Pause before retry n (1-based) is RETRY_DELAY_MSEC << (n - 1). */
#define RETRY_DELAY_MSEC      200

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
} RunData;

G_DEFINE_FINAL_TYPE (ScDownload, sc_download, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_URL,
  PROP_DIRECTORY,
  PROP_NAME,
  PROP_SIZE_HINT,
  PROP_MAX_RETRIES,
  PROP_BYTES_RECEIVED,
  PROP_TOTAL_BYTES,
  PROP_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_request (GTask  *task);
static void fail          (GTask  *task,
                           GError *error);

static void
run_data_free (gpointer user_data)
{
  RunData *data = user_data;

  g_assert (data->retry_source == NULL);
  g_assert (!data->read_pending && !data->write_pending);
  g_assert (data->body == NULL);
  g_assert (data->output == NULL);

  g_clear_pointer (&data->name, g_free);
  g_clear_pointer (&data->folder, g_free);
  g_clear_object (&data->message);
  g_clear_object (&data->request_cancellable);
  g_clear_object (&data->temp_file);
  g_clear_pointer (&data->buffers[0], g_free);
  g_clear_pointer (&data->buffers[1], g_free);
  g_clear_error (&data->read_error);
  g_clear_error (&data->error);
  g_free (data);
}

static char *
format_uint64 (guint64 value)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, value);
}

/* Untrusted names may hold anything; this is what messages show of them. */
static char *
printable_name (const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name != NULL ? name : "", -1);

  return g_strescape (valid, "\"'\\");
}

static void
maybe_notify_progress (ScDownload *self,
                       gboolean    force)
{
  gint64 now = g_get_monotonic_time ();

  if (!force && now - self->last_notify_usec < NOTIFY_INTERVAL_USEC)
    return;

  self->last_notify_usec = now;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RECEIVED]);
}

static void
set_bytes_received (ScDownload *self,
                    guint64     bytes,
                    gboolean    force_notify)
{
  if (self->bytes_received == bytes)
    return;

  self->bytes_received = bytes;
  maybe_notify_progress (self, force_notify);
}

static void
set_total_bytes (ScDownload *self,
                 guint64     total)
{
  if (self->total_bytes == total)
    return;

  self->total_bytes = total;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_BYTES]);
}

/* Errors after which asking again may help: the connection went away. */
static gboolean
is_transient_error (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
}

static void
on_user_cancelled_cb (GCancellable *cancellable,
                      GCancellable *request_cancellable)
{
  g_cancellable_cancel (request_cancellable);
}

static void
clear_request_cancellable (RunData      *data,
                           GCancellable *cancellable)
{
  if (data->cancelled_id != 0)
    {
      g_cancellable_disconnect (cancellable, data->cancelled_id);
      data->cancelled_id = 0;
    }
  g_clear_object (&data->request_cancellable);
}

/* Drops the current response. Closing a libsoup body stream before its end
 * would read (skip) the rest of it to keep the connection; cancelling the
 * request first makes libsoup drop the connection instead. */
static void
abort_response (GTask *task)
{
  RunData *data = g_task_get_task_data (task);

  if (data->body != NULL && data->request_cancellable != NULL && !data->eof)
    g_cancellable_cancel (data->request_cancellable);

  if (data->body != NULL)
    g_input_stream_close (data->body, NULL, NULL);
  g_clear_object (&data->body);
  g_clear_object (&data->message);
  clear_request_cancellable (data, g_task_get_cancellable (task));
}

static void
return_after_cleanup (GTask *task)
{
  RunData *data = g_task_get_task_data (task);

  g_assert (data->error != NULL);

  g_task_return_error (task, g_steal_pointer (&data->error));
  g_object_unref (task);
}

static void
on_temp_deleted_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_delete_finish (G_FILE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_warning ("Could not remove the temporary file %s: %s",
               g_file_peek_path (G_FILE (object)), error->message);

  return_after_cleanup (g_steal_pointer (&task));
}

static void
delete_temp_and_return (GTask *task)
{
  RunData *data = g_task_get_task_data (task);

  if (data->temp_file == NULL)
    {
      return_after_cleanup (task);
      return;
    }

  /* Never with the caller's cancellable: the cleanup must happen even (and
   * above all) when the download was cancelled. */
  g_file_delete_async (data->temp_file, G_PRIORITY_DEFAULT, NULL,
                       on_temp_deleted_cb, task);
}

static void
on_output_closed_for_cleanup_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error))
    g_debug ("Closing the temporary file failed: %s", error->message);

  delete_temp_and_return (task);
}

/* Once nothing is in flight: drops the response, removes the temporary
 * file, then returns data->error. */
static void
cleanup_and_return (GTask *task)
{
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GFileOutputStream) output = NULL;

  g_assert (!data->read_pending && !data->write_pending);

  abort_response (task);

  output = g_steal_pointer (&data->output);
  if (output != NULL)
    g_output_stream_close_async (G_OUTPUT_STREAM (output), G_PRIORITY_DEFAULT, NULL,
                                 on_output_closed_for_cleanup_cb, task);
  else
    delete_temp_and_return (task);
}

/* Takes @error; the task returns it once the temporary file is gone. A read
 * or write still in flight is waited for (its callback sees data->error
 * and calls resume_failure()); a read is cut short by cancelling it. */
static void
fail (GTask  *task,
      GError *error)
{
  RunData *data = g_task_get_task_data (task);

  g_assert (error != NULL);
  g_assert (data->error == NULL);

  g_debug ("Download of %s failed: %s", data->name, error->message);

  data->error = error;
  g_clear_error (&data->read_error);

  if (data->read_pending && data->request_cancellable != NULL)
    g_cancellable_cancel (data->request_cancellable);

  if (!data->read_pending && !data->write_pending)
    cleanup_and_return (task);
}

static void
resume_failure (GTask *task)
{
  RunData *data = g_task_get_task_data (task);

  if (!data->read_pending && !data->write_pending)
    cleanup_and_return (task);
}

static void
fail_stopped (GTask *task)
{
  ScDownload *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autofree char *received = format_uint64 (data->written);
  GError *error;

  if (data->expected >= 0 || self->size_hint > 0)
    {
      g_autofree char *total =
        format_uint64 (data->expected >= 0 ? (guint64)data->expected : self->size_hint);

      error = g_error_new (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                           /* Translators: a file name, then bytes received and bytes expected */
                           _("The download of %s stopped before the end (%s of %s bytes). "
                             "Check the connection to the camera and try again."),
                           data->name, received, total);
    }
  else
    {
      error = g_error_new (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                           /* Translators: a file name, then the bytes received */
                           _("The download of %s stopped before the end (%s bytes received). "
                             "Check the connection to the camera and try again."),
                           data->name, received);
    }

  fail (task, error);
}

static void
fail_too_long (GTask *task)
{
  RunData *data = g_task_get_task_data (task);

  fail (task, g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
                           _("The camera sent more data for %s than it announced. "
                             "The file was not saved."),
                           data->name));
}

static void
fail_write (GTask  *task,
            GError *error)
{
  RunData *data = g_task_get_task_data (task);

  g_debug ("Writing %s failed: %s", data->name, error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    {
      g_clear_error (&error);
      fail (task, g_error_new (G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                               /* Translators: a folder, then a file name */
                               _("Not enough free space in %s to save %s. "
                                 "Free some space or choose another folder."),
                               data->folder, data->name));
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fail (task, error);
    }
  else
    {
      GError *wrapped = g_error_new (error->domain, error->code,
                                     /* Translators: a file name, a folder, then the system's
                                      * reason */
                                     _("Could not save %s in %s: %s"),
                                     data->name, data->folder, error->message);
      g_clear_error (&error);
      fail (task, wrapped);
    }
}

static gboolean
on_retry_cancelled_cb (GCancellable *cancellable,
                       gpointer      user_data)
{
  GTask *task = user_data;
  RunData *data = g_task_get_task_data (task);
  GError *error = NULL;

  g_source_destroy (data->retry_source);
  g_clear_pointer (&data->retry_source, g_source_unref);
  g_clear_pointer (&data->retry_cancel_source, g_source_unref);

  g_cancellable_set_error_if_cancelled (cancellable, &error);
  fail (task, error);

  return G_SOURCE_REMOVE;
}

static gboolean
on_retry_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  RunData *data = g_task_get_task_data (task);

  if (data->retry_cancel_source != NULL)
    {
      g_source_destroy (data->retry_cancel_source);
      g_clear_pointer (&data->retry_cancel_source, g_source_unref);
    }
  g_clear_pointer (&data->retry_source, g_source_unref);

  start_request (task);

  return G_SOURCE_REMOVE;
}

/* The connection broke (@error) or the body was short: try again if we
 * may, resuming at what the temporary file holds. Takes @error. */
static void
retry_or_fail (GTask  *task,
               GError *error)
{
  ScDownload *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  guint delay;

  if (g_cancellable_is_cancelled (cancellable) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      GError *cancelled = NULL;

      g_clear_error (&error);
      g_cancellable_set_error_if_cancelled (cancellable, &cancelled);
      if (cancelled == NULL)
        cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                         _("The download was cancelled."));
      fail (task, cancelled);
      return;
    }

  if (error != NULL && !is_transient_error (error))
    {
      GError *wrapped;

      g_debug ("Requesting %s failed: %s", self->url, error->message);
      wrapped = g_error_new (error->domain, error->code,
                             _("Could not download %s from the camera. "
                               "Check the connection to the camera and try again."),
                             data->name);
      g_clear_error (&error);
      fail (task, wrapped);
      return;
    }

  g_debug ("Download of %s interrupted at %" G_GUINT64_FORMAT " bytes: %s",
           data->name, data->written, error != NULL ? error->message : "short body");
  g_clear_error (&error);

  g_assert (!data->read_pending && !data->write_pending);
  abort_response (task);
  data->lengths[0] = data->lengths[1] = 0;
  data->eof = FALSE;
  set_bytes_received (self, data->written, TRUE);

  if (data->retries >= self->max_retries)
    {
      fail_stopped (task);
      return;
    }

  data->retries++;
  delay = RETRY_DELAY_MSEC << MIN (data->retries - 1, 5);
  /* The next request asks for the rest with Range unless a server already
   * answered one badly: a server without Range support just sends the
   * whole file (200) and we start again; one that answers 206 with a
   * matching Content-Range lets us resume, Accept-Ranges or not. */
  g_debug ("Retrying %s (%u of %u) in %u ms from byte %" G_GUINT64_FORMAT
           " (Accept-Ranges: %s)", data->name, data->retries, self->max_retries, delay,
           data->avoid_ranges ? 0 : data->written, data->ranges_ok ? "bytes" : "none");

  data->retry_source = g_timeout_source_new (delay);
  g_source_set_static_name (data->retry_source, "[sc-download] retry");
  g_source_set_callback (data->retry_source, on_retry_timeout_cb, task, NULL);
  g_source_attach (data->retry_source, g_task_get_context (task));

  if (cancellable != NULL)
    {
      data->retry_cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_static_name (data->retry_cancel_source, "[sc-download] retry cancel");
      g_source_set_callback (data->retry_cancel_source,
                             G_SOURCE_FUNC (on_retry_cancelled_cb), task, NULL);
      g_source_attach (data->retry_cancel_source, g_task_get_context (task));
    }
}

/* Empties the temporary file when a server answers a resumed request with
 * the whole file. ftruncate and lseek do not wait for the disk. */
static gboolean
truncate_temp (GTask   *task,
               GError **error)
{
  ScDownload *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);

  if (data->output == NULL || data->written == 0)
    return TRUE;

  if (!g_seekable_truncate (G_SEEKABLE (data->output), 0, NULL, error) ||
      !g_seekable_seek (G_SEEKABLE (data->output), 0, G_SEEK_SET, NULL, error))
    return FALSE;

  data->written = 0;
  set_bytes_received (self, 0, TRUE);

  return TRUE;
}

static void
on_finish_file_done_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScDownload *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GFile) file = NULL;
  GError *error = NULL;

  file = g_task_propagate_pointer (G_TASK (result), &error);
  if (file == NULL)
    {
      /* The worker closed the stream; the temporary file may remain and
       * fail() removes it. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (g_steal_pointer (&task), error);
      else
        fail_write (g_steal_pointer (&task), error);
      return;
    }

  g_clear_object (&data->temp_file);

  g_debug ("Downloaded %s (%" G_GUINT64_FORMAT " bytes) to %s",
           self->url, data->written, g_file_peek_path (file));

  /* Always a last notification, even if the coalescing swallowed the
   * previous one with this very value. */
  self->bytes_received = data->written;
  maybe_notify_progress (self, TRUE);
  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);

  g_task_return_pointer (task, g_steal_pointer (&file), g_object_unref);
}

static void
finish_file (GTask *task)
{
  ScDownload *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GTask) worker = NULL;
  ScDownloadFinishData *finish;

  finish = g_new0 (ScDownloadFinishData, 1);
  finish->temp_file = g_object_ref (data->temp_file);
  finish->output = g_steal_pointer (&data->output);
  finish->directory = g_object_ref (self->directory);
  finish->name = g_strdup (data->name);

  /* No source object: the worker thread may drop the last reference to
   * its task after this thread has moved on, and must never be the one
   * to finalize the download. */
  worker = g_task_new (NULL, g_task_get_cancellable (task), on_finish_file_done_cb, task);
  g_task_set_source_tag (worker, finish_file);
  /* A file that was renamed is a success, even if cancelled meanwhile: the
   * worker checks the cancellable itself, before the rename. */
  g_task_set_check_cancellable (worker, FALSE);
  g_task_set_task_data (worker, finish, _sc_download_finish_data_free);
  g_task_run_in_thread (worker, _sc_download_finish_file_thread);
}

/* The body ended cleanly: is the file complete? */
static void
body_complete (GTask *task)
{
  ScDownload *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);

  abort_response (task);

  if (data->expected >= 0)
    {
      if (data->written < (guint64)data->expected)
        {
          retry_or_fail (task, NULL);
          return;
        }
      g_assert (data->written == (guint64)data->expected);
    }
  else if (self->size_hint > 0)
    {
      g_debug ("The server gave no length for %s; checking %" G_GUINT64_FORMAT
               " bytes against the listing's size, %" G_GUINT64_FORMAT,
               data->name, data->written, self->size_hint);
      if (data->written < self->size_hint)
        {
          retry_or_fail (task, NULL);
          return;
        }
      if (data->written > self->size_hint)
        {
          fail_too_long (task);
          return;
        }
    }
  else
    {
      g_debug ("The server gave no length for %s and there is no size hint; "
               "keeping the %" G_GUINT64_FORMAT " bytes received",
               data->name, data->written);
    }

  set_total_bytes (self, data->written);
  finish_file (task);
}

static void pump (GTask *task);

static void
on_write_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  ScDownload *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  guint index = data->fill ^ 1;
  GError *error = NULL;
  gsize n_written = 0;

  data->write_pending = FALSE;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &n_written, &error))
    {
      if (data->error != NULL)
        {
          g_clear_error (&error);
          resume_failure (task);
        }
      else
        fail_write (task, error);
      return;
    }

  if (data->error != NULL)
    {
      resume_failure (task);
      return;
    }

  g_assert (n_written == data->lengths[index]);
  data->written += n_written;
  data->lengths[index] = 0;

  if (data->read_error != NULL)
    {
      /* The connection broke while this write was in flight; the bytes
       * written are good, so resume after them. */
      retry_or_fail (task, g_steal_pointer (&data->read_error));
      return;
    }

  set_bytes_received (self, data->written + data->lengths[data->fill], FALSE);
  pump (task);
}

static void
on_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  ScDownload *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  data->read_pending = FALSE;

  if (data->error != NULL)
    {
      g_clear_error (&error);
      resume_failure (task);
      return;
    }

  if (n_read < 0)
    {
      /* What sits in the filling buffer is fetched again on resume:
       * simpler than one more state, and at most CHUNK_SIZE bytes. */
      data->lengths[data->fill] = 0;
      if (data->write_pending)
        data->read_error = error;
      else
        retry_or_fail (task, error);
      return;
    }

  if (n_read == 0)
    {
      data->eof = TRUE;
      pump (task);
      return;
    }

  data->lengths[data->fill] += n_read;

  if (data->expected >= 0 &&
      data->written + data->lengths[0] + data->lengths[1] > (guint64)data->expected)
    {
      fail_too_long (task);
      return;
    }

  set_bytes_received (self, data->written + data->lengths[0] + data->lengths[1], FALSE);
  pump (task);
}

/* Starts whatever can run now: a write of the filled buffer, a read into
 * the other one; or ends the body once everything is written. */
static void
pump (GTask *task)
{
  RunData *data = g_task_get_task_data (task);
  guint fill = data->fill;

  g_assert (data->error == NULL);

  if (!data->write_pending && !data->read_pending &&
      (data->lengths[fill] == CHUNK_SIZE || (data->eof && data->lengths[fill] > 0)))
    {
      /* The other buffer was written: it becomes the one to fill. */
      g_assert (data->lengths[fill ^ 1] == 0);
      data->write_pending = TRUE;
      data->fill = fill ^ 1;
      g_output_stream_write_all_async (G_OUTPUT_STREAM (data->output),
                                       data->buffers[fill], data->lengths[fill],
                                       G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                       on_write_cb, task);
      fill = data->fill;
    }

  if (!data->read_pending && !data->eof && data->lengths[fill] < CHUNK_SIZE)
    {
      data->read_pending = TRUE;
      g_input_stream_read_async (data->body,
                                 data->buffers[fill] + data->lengths[fill],
                                 CHUNK_SIZE - data->lengths[fill],
                                 G_PRIORITY_DEFAULT, data->request_cancellable,
                                 on_read_cb, task);
    }

  if (data->eof && !data->write_pending && data->lengths[0] == 0 && data->lengths[1] == 0)
    body_complete (task);
}

static void
on_temp_created_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data);

static void
create_temp (GTask *task)
{
  ScDownload *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  char suffix[7];
  g_autofree char *temp_name = NULL;

  for (guint i = 0; i < 6; i++)
    suffix[i] = alphabet[g_random_int_range (0, sizeof alphabet - 1)];
  suffix[6] = '\0';

  temp_name = g_strdup_printf (".%s.%s.part", data->name, suffix);
  g_clear_object (&data->temp_file);
  data->temp_file = g_file_get_child (self->directory, temp_name);
  data->temp_attempts++;

  /* Not cancellable: a cancelled GTask would drop a stream whose file its
   * worker thread had already created, and that file would be left behind.
   * Cancellation is checked once the file is ours. */
  g_file_create_async (data->temp_file, G_FILE_CREATE_NONE, G_PRIORITY_DEFAULT,
                       NULL, on_temp_created_cb, task);
}

static void
on_temp_created_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  RunData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->output = g_file_create_finish (G_FILE (object), result, &error);

  if (data->output == NULL)
    {
      /* Not ours: it must not be removed by the cleanup. */
      g_clear_object (&data->temp_file);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS) && data->temp_attempts < 100)
        {
          g_clear_error (&error);
          create_temp (task);
          return;
        }
      fail_write (task, error);
      return;
    }

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      fail (task, error);
      return;
    }

  g_debug ("Writing %s to %s", data->name, g_file_peek_path (data->temp_file));
  pump (task);
}

static void
on_filesystem_info_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  ScDownload *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  guint64 needed, free_space;

  info = g_file_query_filesystem_info_finish (G_FILE (object), result, &error);

  if (info == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          fail (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("Cannot tell the free space in %s: %s", data->folder, error->message);
      create_temp (task);
      return;
    }

  if (!g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE))
    {
      g_debug ("The file system of %s does not report its free space", data->folder);
      create_temp (task);
      return;
    }

  needed = (data->expected >= 0 ? (guint64)data->expected : self->size_hint) + SPACE_MARGIN;
  free_space = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);

  g_debug ("%s: %" G_GUINT64_FORMAT " bytes needed, %" G_GUINT64_FORMAT " free",
           data->folder, needed, free_space);

  if (free_space < needed)
    {
      g_autofree char *needed_str = g_format_size (needed);
      g_autofree char *free_str = g_format_size (free_space);

      fail (task, g_error_new (G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                               /* Translators: a folder, then two sizes such as "2.1 GB" */
                               _("Not enough free space in %s: %s needed, %s free. "
                                 "Free some space or choose another folder."),
                               data->folder, needed_str, free_str));
      return;
    }

  create_temp (task);
}

static void
check_space_then_write (GTask *task)
{
  ScDownload *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);

  if (data->expected < 0 && self->size_hint == 0)
    {
      g_debug ("No size known for %s; free space cannot be checked in advance", data->name);
      create_temp (task);
      return;
    }

  g_file_query_filesystem_info_async (self->directory, G_FILE_ATTRIBUTE_FILESYSTEM_FREE,
                                      G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                      on_filesystem_info_cb, task);
}

/* Reads the length a response announces, even when libsoup ignores it
 * (chunked or close-delimited bodies), or -1. */
static gint64
announced_length (SoupMessageHeaders *headers)
{
  const char *value;
  char *end = NULL;
  guint64 length;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    return soup_message_headers_get_content_length (headers);

  value = soup_message_headers_get_one (headers, "Content-Length");
  if (value == NULL)
    return -1;

  length = g_ascii_strtoull (value, &end, 10);
  if (end == value || *end != '\0' || length > G_MAXINT64)
    return -1;

  g_debug ("Content-Length %" G_GUINT64_FORMAT " on a body that is not length-delimited",
           length);
  return (gint64)length;
}

static GError *
status_error (RunData *data,
              guint    status,
              const char *reason)
{
  switch (status)
    {
    case SOUP_STATUS_NOT_FOUND:
    case SOUP_STATUS_GONE:
      return g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                          _("The file %s is no longer on the camera."), data->name);

    case SOUP_STATUS_UNAUTHORIZED:
    case SOUP_STATUS_FORBIDDEN:
    case SOUP_STATUS_PROXY_UNAUTHORIZED:
      return g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PERMISSION_DENIED,
                          _("The camera refused to send %s. "
                            "Check the user name and password for this camera."),
                          data->name);

    default:
      return g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
                          /* Translators: a file name, an HTTP status code and its English
                           * reason, e.g. "500: Internal Server Error" */
                          _("The camera could not send %s (HTTP error %u: %s)."),
                          data->name, status, reason != NULL ? reason : "");
    }
}

static void
on_send_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  ScDownload *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  SoupMessageHeaders *headers;
  GError *error = NULL;
  gboolean first_response;
  guint status;
  gint64 length;

  data->body = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (data->body == NULL)
    {
      retry_or_fail (task, error);
      return;
    }

  status = soup_message_get_status (data->message);
  headers = soup_message_get_response_headers (data->message);
  first_response = data->temp_file == NULL;

  g_debug ("GET %s%s: %u %s", self->url, data->sent_range ? " (resume)" : "", status,
           soup_message_get_reason_phrase (data->message));

  if (status == SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE && data->sent_range)
    {
      /* Our offset makes no sense to the server: start over, without. */
      data->avoid_ranges = TRUE;
      if (!truncate_temp (task, &error))
        {
          fail_write (task, error);
          return;
        }
      retry_or_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                                                "416 on resume"));
      return;
    }

  if (status != SOUP_STATUS_OK && status != SOUP_STATUS_PARTIAL_CONTENT)
    {
      fail (task, status_error (data, status, soup_message_get_reason_phrase (data->message)));
      return;
    }

  if (soup_message_headers_header_contains (headers, "Accept-Ranges", "bytes"))
    data->ranges_ok = TRUE;

  if (status == SOUP_STATUS_PARTIAL_CONTENT)
    {
      goffset start = 0, end = 0, total = 0;
      gint64 body_length = announced_length (headers);

      if (!data->sent_range)
        {
          fail (task, g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
                                   _("The camera sent an unexpected answer for %s."),
                                   data->name));
          return;
        }

      if (!soup_message_headers_get_content_range (headers, &start, &end, &total) ||
          start < 0 || (guint64)start != data->written ||
          (total >= 0 && data->expected >= 0 && total != data->expected) ||
          (total >= 0 && end != total - 1) ||
          (body_length >= 0 && body_length != end - start + 1))
        {
          g_debug ("Content-Range %s does not continue %s at %" G_GUINT64_FORMAT
                   "; starting again without Range",
                   soup_message_headers_get_one (headers, "Content-Range"),
                   data->name, data->written);
          data->avoid_ranges = TRUE;
          if (!truncate_temp (task, &error))
            {
              fail_write (task, error);
              return;
            }
          retry_or_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                                                    "Content-Range mismatch"));
          return;
        }

      data->ranges_ok = TRUE;
      data->expected = total >= 0 ? total : (body_length >= 0 ? start + body_length : -1);
      g_debug ("Resuming %s at %" G_GUINT64_FORMAT, data->name, data->written);
    }
  else
    {
      if (data->written > 0)
        {
          g_debug ("The server ignored Range for %s; starting again from 0", data->name);
          if (!truncate_temp (task, &error))
            {
              fail_write (task, error);
              return;
            }
        }

      length = announced_length (headers);
      if (!first_response && length >= 0 && data->expected >= 0 && length != data->expected)
        g_debug ("The length of %s changed from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                 data->name, data->expected, length);
      data->expected = length;
    }

  if (data->expected >= 0)
    set_total_bytes (self, data->expected);
  else if (self->size_hint > 0)
    set_total_bytes (self, self->size_hint);

  if (first_response)
    check_space_then_write (task);
  else
    pump (task);
}

static void
start_request (GTask *task)
{
  ScDownload *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  SoupMessageHeaders *headers;

  g_assert (data->body == NULL);
  g_assert (data->message == NULL);

  data->message = soup_message_new (SOUP_METHOD_GET, self->url);
  if (data->message == NULL)
    {
      fail (task, g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
                               _("The address of %s is not valid."), data->name));
      return;
    }

  /* Content-Length must describe the bytes we store: no transparent
   * decompression. */
  soup_message_disable_feature (data->message, SOUP_TYPE_CONTENT_DECODER);
  headers = soup_message_get_request_headers (data->message);
  soup_message_headers_replace (headers, "Accept-Encoding", "identity");

  data->sent_range = data->written > 0 && !data->avoid_ranges;
  if (data->sent_range)
    {
      soup_message_headers_set_range (headers, data->written, -1);
    }
  else if (data->written > 0)
    {
      GError *error = NULL;

      if (!truncate_temp (task, &error))
        {
          fail_write (task, error);
          return;
        }
    }

  data->request_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_user_cancelled_cb),
                                                g_object_ref (data->request_cancellable),
                                                g_object_unref);

  soup_session_send_async (self->session, data->message, G_PRIORITY_DEFAULT,
                           data->request_cancellable, on_send_cb, task);
}

static void
sc_download_dispose (GObject *object)
{
  ScDownload *self = (ScDownload *)object;

  g_clear_object (&self->session);

  G_OBJECT_CLASS (sc_download_parent_class)->dispose (object);
}

static void
sc_download_finalize (GObject *object)
{
  ScDownload *self = (ScDownload *)object;

  g_clear_pointer (&self->url, g_free);
  g_clear_object (&self->directory);
  g_clear_pointer (&self->name, g_free);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (sc_download_parent_class)->finalize (object);
}

static void
sc_download_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  ScDownload *self = SC_DOWNLOAD (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    case PROP_DIRECTORY:
      g_value_set_object (value, self->directory);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_SIZE_HINT:
      g_value_set_uint64 (value, self->size_hint);
      break;

    case PROP_MAX_RETRIES:
      g_value_set_uint (value, self->max_retries);
      break;

    case PROP_BYTES_RECEIVED:
      g_value_set_uint64 (value, self->bytes_received);
      break;

    case PROP_TOTAL_BYTES:
      g_value_set_uint64 (value, self->total_bytes);
      break;

    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_download_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  ScDownload *self = SC_DOWNLOAD (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_URL:
      self->url = g_value_dup_string (value);
      break;

    case PROP_DIRECTORY:
      self->directory = g_value_dup_object (value);
      break;

    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    case PROP_SIZE_HINT:
      sc_download_set_size_hint (self, g_value_get_uint64 (value));
      break;

    case PROP_MAX_RETRIES:
      sc_download_set_max_retries (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_download_class_init (ScDownloadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_download_dispose;
  object_class->finalize = sc_download_finalize;
  object_class->get_property = sc_download_get_property;
  object_class->set_property = sc_download_set_property;

  /**
   * ScDownload:session:
   *
   * The #SoupSession the request goes through (the camera's, with its
   * credentials). It must belong to the context sc_download_run_async() is
   * called in.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SOUP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScDownload:url:
   *
   * What to download, an http or https URL.
   */
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScDownload:directory:
   *
   * The folder the file is saved in.
   */
  properties[PROP_DIRECTORY] =
    g_param_spec_object ("directory", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScDownload:name:
   *
   * The file name the camera gave, untrusted: it is passed through
   * sc_download_sanitize_name() before use. %NULL means the last segment
   * of #ScDownload:url.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScDownload:size-hint:
   *
   * The size a file listing gave, or 0. Used for the free-space check and
   * the final size check only when the server does not announce a length.
   */
  properties[PROP_SIZE_HINT] =
    g_param_spec_uint64 ("size-hint", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScDownload:max-retries:
   *
   * How many times the download is resumed (or restarted) after the
   * connection drops, on top of the first request.
   */
  properties[PROP_MAX_RETRIES] =
    g_param_spec_uint ("max-retries", NULL, NULL, 0, 100, SC_DOWNLOAD_DEFAULT_MAX_RETRIES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScDownload:bytes-received:
   *
   * How much of the file has arrived. It goes back when a download has to
   * start again from the beginning. Notifications are coalesced (at most
   * about ten a second) and the final value is always notified.
   */
  properties[PROP_BYTES_RECEIVED] =
    g_param_spec_uint64 ("bytes-received", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScDownload:total-bytes:
   *
   * The size of the file: what the server announced, else the size hint,
   * else 0 (unknown) until the download ends.
   */
  properties[PROP_TOTAL_BYTES] =
    g_param_spec_uint64 ("total-bytes", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScDownload:file:
   *
   * The saved file once the download succeeded, else %NULL. Its name may
   * differ from #ScDownload:name ("name (1).ext") when that was taken.
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_download_init (ScDownload *self)
{
  self->max_retries = SC_DOWNLOAD_DEFAULT_MAX_RETRIES;
}

/**
 * sc_download_new:
 * @session: the #SoupSession to use
 * @url: what to download
 * @directory: the folder to save it in
 * @name: (nullable): the file name the camera uses (untrusted), or %NULL
 *   to take the last segment of @url
 *
 * Creates a download; nothing happens until sc_download_run_async().
 * Does not block.
 *
 * Returns: (transfer full): a new #ScDownload
 */
ScDownload *
sc_download_new (SoupSession *session,
                 const char  *url,
                 GFile       *directory,
                 const char  *name)
{
  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (directory), NULL);

  return g_object_new (SC_TYPE_DOWNLOAD,
                       "session", session,
                       "url", url,
                       "directory", directory,
                       "name", name,
                       NULL);
}

/**
 * sc_download_set_size_hint:
 * @self: a #ScDownload
 * @size_hint: the size from a file listing, or 0
 *
 * Sets #ScDownload:size-hint. Call it before sc_download_run_async().
 */
void
sc_download_set_size_hint (ScDownload *self,
                           guint64     size_hint)
{
  g_return_if_fail (SC_IS_DOWNLOAD (self));

  if (self->size_hint == size_hint)
    return;

  self->size_hint = size_hint;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE_HINT]);

  if (!self->started)
    set_total_bytes (self, size_hint);
}

/**
 * sc_download_get_size_hint:
 * @self: a #ScDownload
 *
 * Returns: the size hint, or 0
 */
guint64
sc_download_get_size_hint (ScDownload *self)
{
  g_return_val_if_fail (SC_IS_DOWNLOAD (self), 0);

  return self->size_hint;
}

/**
 * sc_download_set_max_retries:
 * @self: a #ScDownload
 * @max_retries: retries after the first request (0 to never retry)
 *
 * Sets #ScDownload:max-retries. Call it before sc_download_run_async().
 */
void
sc_download_set_max_retries (ScDownload *self,
                             guint       max_retries)
{
  g_return_if_fail (SC_IS_DOWNLOAD (self));

  if (self->max_retries == max_retries)
    return;

  self->max_retries = max_retries;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RETRIES]);
}

/**
 * sc_download_get_max_retries:
 * @self: a #ScDownload
 *
 * Returns: how many times the download may be resumed or restarted
 */
guint
sc_download_get_max_retries (ScDownload *self)
{
  g_return_val_if_fail (SC_IS_DOWNLOAD (self), 0);

  return self->max_retries;
}

/**
 * sc_download_get_bytes_received:
 * @self: a #ScDownload
 *
 * Returns: the bytes of the file received so far
 */
guint64
sc_download_get_bytes_received (ScDownload *self)
{
  g_return_val_if_fail (SC_IS_DOWNLOAD (self), 0);

  return self->bytes_received;
}

/**
 * sc_download_get_total_bytes:
 * @self: a #ScDownload
 *
 * Returns: the size of the file, or 0 while it is not known
 */
guint64
sc_download_get_total_bytes (ScDownload *self)
{
  g_return_val_if_fail (SC_IS_DOWNLOAD (self), 0);

  return self->total_bytes;
}

/**
 * sc_download_get_url:
 * @self: a #ScDownload
 *
 * Returns: (transfer none): the URL
 */
const char *
sc_download_get_url (ScDownload *self)
{
  g_return_val_if_fail (SC_IS_DOWNLOAD (self), NULL);

  return self->url;
}

/**
 * sc_download_get_directory:
 * @self: a #ScDownload
 *
 * Returns: (transfer none): the target folder
 */
GFile *
sc_download_get_directory (ScDownload *self)
{
  g_return_val_if_fail (SC_IS_DOWNLOAD (self), NULL);

  return self->directory;
}

/**
 * sc_download_get_name:
 * @self: a #ScDownload
 *
 * Returns: (transfer none) (nullable): the name as given to
 *   sc_download_new(), not yet sanitised
 */
const char *
sc_download_get_name (ScDownload *self)
{
  g_return_val_if_fail (SC_IS_DOWNLOAD (self), NULL);

  return self->name;
}

/**
 * sc_download_get_file:
 * @self: a #ScDownload
 *
 * Returns: (transfer none) (nullable): the saved file once the download
 *   succeeded, else %NULL
 */
GFile *
sc_download_get_file (ScDownload *self)
{
  g_return_val_if_fail (SC_IS_DOWNLOAD (self), NULL);

  return self->file;
}

static char *
name_from_url (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  g_autofree char *path = NULL;
  const char *slash;

  if (uri == NULL)
    return NULL;

  path = g_uri_unescape_string (g_uri_get_path (uri), NULL);
  if (path == NULL)
    return NULL;

  slash = strrchr (path, '/');
  return g_strdup (slash != NULL ? slash + 1 : path);
}

/**
 * sc_download_run_async:
 * @self: a #ScDownload
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is saved, or the download failed
 * @user_data: closure for @callback
 *
 * Downloads the file. Call it once. Everything happens in the calling
 * thread's default #GMainContext, where @callback runs and where the
 * progress properties are notified; the #ScDownload:session must belong
 * to that context. When @callback runs after a failure, the temporary
 * file is already gone.
 */
void
sc_download_run_async (ScDownload          *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *raw_name = NULL;
  RunData *data;

  g_return_if_fail (SC_IS_DOWNLOAD (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!self->started);

  self->started = TRUE;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_download_run_async);

  data = g_new0 (RunData, 1);
  data->expected = -1;
  data->folder = g_file_get_parse_name (self->directory);
  g_task_set_task_data (task, data, run_data_free);

  raw_name = self->name != NULL ? g_strdup (self->name) : name_from_url (self->url);
  data->name = sc_download_sanitize_name (raw_name);
  if (data->name == NULL)
    {
      g_autofree char *shown = printable_name (raw_name);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                               _("The camera file name “%s” cannot be used as a file name."),
                               shown);
      return;
    }
  if (self->name != NULL && strcmp (data->name, self->name) != 0)
    g_debug ("Saving the camera file “%s” as “%s”", raw_name, data->name);

  if (g_task_return_error_if_cancelled (task))
    return;

  data->buffers[0] = g_malloc (CHUNK_SIZE);
  data->buffers[1] = g_malloc (CHUNK_SIZE);
  start_request (g_steal_pointer (&task));
}

/**
 * sc_download_run_finish:
 * @self: a #ScDownload
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the saved file, or %NULL with @error set
 */
GFile *
sc_download_run_finish (ScDownload    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (SC_IS_DOWNLOAD (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
