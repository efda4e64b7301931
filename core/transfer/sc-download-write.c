/* sc-download-write.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-download"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "sc-download.h"
#include "sc-download-private.h"
#include "sc-error.h"
#include "sc-permissions.h"

/* The body of a download: the free-space check, the hidden temporary file,
 * the double-buffered read/write pump, the size checks at the end, retries
 * after a dropped connection, and the failure path that removes the
 * temporary file before the task returns. The final fsync and rename run
 * in a worker thread (sc-download-file.c). */

/* Free space we leave on top of the file itself, so a download never fills
 * a disk to the last byte. */
#define SPACE_MARGIN          (1024 * 1024)

/* Pause before retry n (1-based) is RETRY_DELAY_MSEC << (n - 1). */
#define RETRY_DELAY_MSEC      200

static char *
format_uint64 (guint64 value)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, value);
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
return_after_cleanup (GTask *task)
{
  ScDownloadRun *data = g_task_get_task_data (task);

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
  ScDownloadRun *data = g_task_get_task_data (task);

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
  ScDownloadRun *data = g_task_get_task_data (task);
  g_autoptr(GFileOutputStream) output = NULL;

  g_assert (!data->read_pending && !data->write_pending);

  _sc_download_abort_response (task);

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
void
_sc_download_fail (GTask  *task,
                   GError *error)
{
  ScDownloadRun *data = g_task_get_task_data (task);

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
  ScDownloadRun *data = g_task_get_task_data (task);

  if (!data->read_pending && !data->write_pending)
    cleanup_and_return (task);
}

static void
fail_stopped (GTask *task)
{
  ScDownload *self = g_task_get_source_object (task);
  ScDownloadRun *data = g_task_get_task_data (task);
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

  _sc_download_fail (task, error);
}

static void
fail_too_long (GTask *task)
{
  ScDownloadRun *data = g_task_get_task_data (task);

  _sc_download_fail (task, g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
                                        _("The camera sent more data for %s than it announced. "
                                          "The file was not saved."),
                                        data->name));
}

void
_sc_download_fail_write (GTask  *task,
                         GError *error)
{
  ScDownloadRun *data = g_task_get_task_data (task);

  g_debug ("Writing %s failed: %s", data->name, error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    {
      g_clear_error (&error);
      _sc_download_fail (task, g_error_new (G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                                            /* Translators: a folder, then a file name */
                                            _("Not enough free space in %s to save %s. "
                                              "Free some space or choose another folder."),
                                            data->folder, data->name));
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      _sc_download_fail (task, error);
    }
  else
    {
      GError *wrapped = g_error_new (error->domain, error->code,
                                     /* Translators: a file name, a folder, then the system's
                                      * reason */
                                     _("Could not save %s in %s: %s"),
                                     data->name, data->folder, error->message);
      g_clear_error (&error);
      _sc_download_fail (task, wrapped);
    }
}

static gboolean
on_retry_cancelled_cb (GCancellable *cancellable,
                       gpointer      user_data)
{
  GTask *task = user_data;
  ScDownloadRun *data = g_task_get_task_data (task);
  GError *error = NULL;

  g_source_destroy (data->retry_source);
  g_clear_pointer (&data->retry_source, g_source_unref);
  g_clear_pointer (&data->retry_cancel_source, g_source_unref);

  g_cancellable_set_error_if_cancelled (cancellable, &error);
  _sc_download_fail (task, error);

  return G_SOURCE_REMOVE;
}

static gboolean
on_retry_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  ScDownloadRun *data = g_task_get_task_data (task);

  if (data->retry_cancel_source != NULL)
    {
      g_source_destroy (data->retry_cancel_source);
      g_clear_pointer (&data->retry_cancel_source, g_source_unref);
    }
  g_clear_pointer (&data->retry_source, g_source_unref);

  _sc_download_start_request (task);

  return G_SOURCE_REMOVE;
}

/* The connection broke (@error) or the body was short: try again if we
 * may, resuming at what the temporary file holds. Takes @error. */
void
_sc_download_retry_or_fail (GTask  *task,
                            GError *error)
{
  ScDownload *self = g_task_get_source_object (task);
  ScDownloadRun *data = g_task_get_task_data (task);
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
      _sc_download_fail (task, cancelled);
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
      _sc_download_fail (task, wrapped);
      return;
    }

  g_debug ("Download of %s interrupted at %" G_GUINT64_FORMAT " bytes: %s",
           data->name, data->written, error != NULL ? error->message : "short body");
  g_clear_error (&error);

  g_assert (!data->read_pending && !data->write_pending);
  _sc_download_abort_response (task);
  data->lengths[0] = data->lengths[1] = 0;
  data->eof = FALSE;
  _sc_download_set_bytes_received (self, data->written, TRUE);

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
gboolean
_sc_download_truncate_temp (GTask   *task,
                            GError **error)
{
  ScDownload *self = g_task_get_source_object (task);
  ScDownloadRun *data = g_task_get_task_data (task);

  if (data->output == NULL || data->written == 0)
    return TRUE;

  if (!g_seekable_truncate (G_SEEKABLE (data->output), 0, NULL, error) ||
      !g_seekable_seek (G_SEEKABLE (data->output), 0, G_SEEK_SET, NULL, error))
    return FALSE;

  data->written = 0;
  _sc_download_set_bytes_received (self, 0, TRUE);

  return TRUE;
}

static void
on_finish_file_done_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScDownload *self = g_task_get_source_object (task);
  ScDownloadRun *data = g_task_get_task_data (task);
  g_autoptr(GFile) file = NULL;
  GError *error = NULL;

  file = g_task_propagate_pointer (G_TASK (result), &error);
  if (file == NULL)
    {
      /* The worker closed the stream; the temporary file may remain and
       * _sc_download_fail() removes it. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _sc_download_fail (g_steal_pointer (&task), error);
      else
        _sc_download_fail_write (g_steal_pointer (&task), error);
      return;
    }

  g_clear_object (&data->temp_file);

  g_debug ("Downloaded %s (%" G_GUINT64_FORMAT " bytes) to %s",
           self->url, data->written, g_file_peek_path (file));

  /* Always a last notification, even if the coalescing swallowed the
   * previous one with this very value. */
  self->bytes_received = data->written;
  _sc_download_notify_progress (self, TRUE);
  _sc_download_set_file (self, file);

  g_task_return_pointer (task, g_steal_pointer (&file), g_object_unref);
}

static void
finish_file (GTask *task)
{
  ScDownload *self = g_task_get_source_object (task);
  ScDownloadRun *data = g_task_get_task_data (task);
  g_autoptr(GTask) worker = NULL;
  ScDownloadFinishData *finish;

  finish = g_new0 (ScDownloadFinishData, 1);
  finish->temp_file = g_object_ref (data->temp_file);
  finish->output = g_steal_pointer (&data->output);
  finish->directory = g_object_ref (self->directory);
  finish->name = g_strdup (data->name);

  /* The permission is checked once more now, in this thread, because the
   * user may have turned it off while the file was coming in. */
  if (self->has_geotag &&
      sc_permissions_check (sc_permissions_get_default (), SC_PERMISSION_LOCATION, NULL))
    {
      finish->has_geotag = TRUE;
      finish->geotag = self->geotag;
      if (finish->geotag.time != NULL)
        g_date_time_ref (finish->geotag.time);
    }

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
  ScDownloadRun *data = g_task_get_task_data (task);

  _sc_download_abort_response (task);

  if (data->expected >= 0)
    {
      if (data->written < (guint64)data->expected)
        {
          _sc_download_retry_or_fail (task, NULL);
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
          _sc_download_retry_or_fail (task, NULL);
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

  _sc_download_set_total_bytes (self, data->written);
  finish_file (task);
}

static void
on_write_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  ScDownload *self = g_task_get_source_object (task);
  ScDownloadRun *data = g_task_get_task_data (task);
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
        _sc_download_fail_write (task, error);
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
      _sc_download_retry_or_fail (task, g_steal_pointer (&data->read_error));
      return;
    }

  _sc_download_set_bytes_received (self, data->written + data->lengths[data->fill], FALSE);
  _sc_download_pump (task);
}

static void
on_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  ScDownload *self = g_task_get_source_object (task);
  ScDownloadRun *data = g_task_get_task_data (task);
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
       * simpler than one more state, and at most SC_DOWNLOAD_CHUNK_SIZE bytes. */
      data->lengths[data->fill] = 0;
      if (data->write_pending)
        data->read_error = error;
      else
        _sc_download_retry_or_fail (task, error);
      return;
    }

  if (n_read == 0)
    {
      data->eof = TRUE;
      _sc_download_pump (task);
      return;
    }

  data->lengths[data->fill] += n_read;

  if (data->expected >= 0 &&
      data->written + data->lengths[0] + data->lengths[1] > (guint64)data->expected)
    {
      fail_too_long (task);
      return;
    }

  _sc_download_set_bytes_received (self, data->written + data->lengths[0] + data->lengths[1],
                                   FALSE);
  _sc_download_pump (task);
}

/* Starts whatever can run now: a write of the filled buffer, a read into
 * the other one; or ends the body once everything is written. */
void
_sc_download_pump (GTask *task)
{
  ScDownloadRun *data = g_task_get_task_data (task);
  guint fill = data->fill;

  g_assert (data->error == NULL);

  if (!data->write_pending && !data->read_pending &&
      (data->lengths[fill] == SC_DOWNLOAD_CHUNK_SIZE || (data->eof && data->lengths[fill] > 0)))
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

  if (!data->read_pending && !data->eof && data->lengths[fill] < SC_DOWNLOAD_CHUNK_SIZE)
    {
      data->read_pending = TRUE;
      g_input_stream_read_async (data->body,
                                 data->buffers[fill] + data->lengths[fill],
                                 SC_DOWNLOAD_CHUNK_SIZE - data->lengths[fill],
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
  ScDownloadRun *data = g_task_get_task_data (task);
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
  ScDownloadRun *data = g_task_get_task_data (task);
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
      _sc_download_fail_write (task, error);
      return;
    }

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      _sc_download_fail (task, error);
      return;
    }

  g_debug ("Writing %s to %s", data->name, g_file_peek_path (data->temp_file));
  _sc_download_pump (task);
}

static void
on_filesystem_info_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  ScDownload *self = g_task_get_source_object (task);
  ScDownloadRun *data = g_task_get_task_data (task);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  guint64 needed, free_space;

  info = g_file_query_filesystem_info_finish (G_FILE (object), result, &error);

  if (info == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          _sc_download_fail (task, g_steal_pointer (&error));
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

      _sc_download_fail (task,
                         g_error_new (G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                                      /* Translators: a folder, then two sizes such as "2.1 GB" */
                                      _("Not enough free space in %s: %s needed, %s free. "
                                        "Free some space or choose another folder."),
                                      data->folder, needed_str, free_str));
      return;
    }

  create_temp (task);
}

void
_sc_download_check_space_then_write (GTask *task)
{
  ScDownload *self = g_task_get_source_object (task);
  ScDownloadRun *data = g_task_get_task_data (task);

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
