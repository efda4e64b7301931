/* sc-madv-camera-download.c: downloading files over HTTP, HTTPS (after a
 * probe) or the data port
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-madv-camera"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-camera-private.h"
#include "sc-camera-download-job-private.h"
#include "sc-download.h"
#include "sc-madv-camera-private.h"
#include "sc-permissions.h"

#define DATA_PORT_RETRIES  3

/* ------------------------------------------------------------------ */
/* download                                                            */

typedef struct
{
  ScCameraDownloadJob   job;           /* cancellation, progress, the ScDownload for HTTP(S) */
  char                 *http_uri;      /* HTTP(S): the file's addresses */
  char                 *https_uri;
  gboolean              over_https;
  SoupMessage          *probe;         /* HEAD over HTTPS: does it answer? */
  GCancellable         *probe_cancellable;
  gulong                probe_cancel_id;
  GSource              *probe_timeout;
  char                 *path;          /* data port: the camera path */
  char                 *name;          /* sanitised */
  GFile                *directory;
  GFile                *temp_file;
  GFileOutputStream    *output;
  guint                 retries;
  guint64               written;
  gboolean              held_awake;
  ScMadvClient         *client;
} DownloadData;

static void
download_data_free (DownloadData *data)
{
  if (data->probe_timeout != NULL)
    g_source_destroy (data->probe_timeout);
  g_clear_pointer (&data->probe_timeout, g_source_unref);
  if (data->probe_cancel_id != 0)
    g_cancellable_disconnect (data->job.cancellable, data->probe_cancel_id);
  g_clear_object (&data->probe_cancellable);
  g_clear_object (&data->probe);
  g_free (data->http_uri);
  g_free (data->https_uri);
  if (data->output != NULL)
    g_output_stream_close (G_OUTPUT_STREAM (data->output), NULL, NULL);
  g_clear_object (&data->output);
  if (data->temp_file != NULL)
    g_file_delete (data->temp_file, NULL, NULL);   /* nothing half-written stays */
  g_clear_object (&data->temp_file);
  if (data->held_awake && data->client != NULL)
    sc_madv_client_release_awake (data->client);
  g_clear_object (&data->client);
  g_clear_object (&data->directory);
  g_free (data->path);
  g_free (data->name);
  _sc_camera_download_job_clear (&data->job);
  g_free (data);
}

static void
on_http_download_done_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScMadvCamera *self = g_task_get_source_object (task);
  DownloadData *data = g_task_get_task_data (task);
  g_autoptr(GFile) file = NULL;
  GError *error = NULL;

  file = sc_download_run_finish (SC_DOWNLOAD (object), result, &error);
  if (file == NULL)
    {
      /* The certificate changed between the probe and the download. */
      if (data->over_https && self->pin_mismatch &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&error);
          error = _sc_madv_camera_identity_changed_error (self);
        }
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&file), g_object_unref);
}

/* Data port: bytes go to a hidden temporary file in the target folder,
 * resumed from what it holds after a dropped connection, renamed when
 * complete and of the announced size. */

static void data_port_fetch (GTask *task);

static void
on_data_port_progress_cb (guint64  received,
                          guint64  total,
                          gpointer user_data)
{
  DownloadData *data = user_data;

  if (data->job.progress != NULL)
    data->job.progress (MIN (received, total > 0 ? total : received),
                        total > 0 ? total : data->job.size_hint, data->job.progress_data);
}

static gboolean
move_without_overwriting (GFile         *source,
                          GFile         *directory,
                          const char    *name,
                          GFile        **out_file,
                          GError       **error)
{
  g_autofree char *stem = NULL;
  const char *dot = strrchr (name, '.');

  stem = dot != NULL && dot != name ? g_strndup (name, dot - name) : g_strdup (name);
  if (dot == NULL || dot == name)
    dot = "";

  for (guint n = 0; n < 1000; n++)
    {
      g_autofree char *candidate = n == 0 ? g_strdup (name)
                                          : g_strdup_printf ("%s (%u)%s", stem, n, dot);
      g_autoptr(GFile) target = g_file_get_child (directory, candidate);
      g_autoptr(GError) local = NULL;

      if (g_file_query_exists (target, NULL))
        continue;

      if (g_file_move (source, target, G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL, &local))
        {
          *out_file = g_steal_pointer (&target);
          return TRUE;
        }
      if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               _("The folder already holds too many files named “%s”. Choose another folder."),
               name);
  return FALSE;
}

static void
on_data_port_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DownloadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  guint64 size = 0;
  goffset written;

  written = g_seekable_tell (G_SEEKABLE (data->output));
  data->written = written > 0 ? (guint64)written : 0;

  if (!sc_madv_client_get_file_finish (SC_MADV_CLIENT (object), result, &size, &error))
    {
      if ((g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE)) &&
          data->retries < DATA_PORT_RETRIES &&
          !g_cancellable_is_cancelled (data->job.cancellable))
        {
          data->retries++;
          g_debug ("Data connection dropped at %" G_GUINT64_FORMAT " bytes; resuming (%u)",
                   data->written, data->retries);
          data_port_fetch (g_steal_pointer (&task));
          return;
        }

      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!g_output_stream_close (G_OUTPUT_STREAM (data->output), NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_object (&data->output);

  if (size != data->written)
    {
      g_debug ("Size mismatch: camera said %" G_GUINT64_FORMAT ", got %" G_GUINT64_FORMAT,
               size, data->written);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                               _("The camera sent an incomplete file. Try the download again."));
      return;
    }

  if (!move_without_overwriting (data->temp_file, data->directory, data->name, &file, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_object (&data->temp_file);

  g_task_return_pointer (task, g_steal_pointer (&file), g_object_unref);
}

static void
data_port_fetch_now (GTask *task)
{
  ScMadvCamera *self = g_task_get_source_object (task);
  DownloadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (self->client == NULL || self->client != data->client)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                               _("The camera is not connected. Connect to it first."));
      g_object_unref (task);
      return;
    }

  /* Resume after what the temporary file holds. */
  if (!g_seekable_truncate (G_SEEKABLE (data->output), (goffset)data->written, NULL, &error) ||
      !g_seekable_seek (G_SEEKABLE (data->output), (goffset)data->written, G_SEEK_SET, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  sc_madv_client_get_file_async (self->client, data->path, data->written,
                                 G_OUTPUT_STREAM (data->output),
                                 on_data_port_progress_cb, data,
                                 data->job.cancellable, on_data_port_done_cb, task);
}

/* Waits while the camera's LUT is being fetched (one transfer at a time). */
static void
data_port_fetch (GTask *task)
{
  _sc_madv_camera_when_data_port_free (g_task_get_source_object (task), task, data_port_fetch_now);
}

static gboolean
start_data_port (ScMadvCamera  *self,
                 GTask         *task,
                 GError       **error)
{
  DownloadData *data = g_task_get_task_data (task);
  g_autoptr(GFileInfo) info = NULL;

  /* As ScDownload does: the storage permission, then the free space. */
  if (!sc_permissions_check (sc_permissions_get_default (), SC_PERMISSION_STORAGE, error))
    return FALSE;

  info = g_file_query_filesystem_info (data->directory, G_FILE_ATTRIBUTE_FILESYSTEM_FREE,
                                       NULL, NULL);
  if (info != NULL && data->job.size_hint > 0 &&
      g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE) &&
      g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE) < data->job.size_hint)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("There is not enough space in “%s” for “%s”. Free some space, then try again."),
                   g_file_peek_path (data->directory), data->name);
      return FALSE;
    }

  for (guint attempt = 0; data->output == NULL; attempt++)
    {
      g_autofree char *temp_name = g_strdup_printf (".%s.%08x.part", data->name, g_random_int ());
      g_autoptr(GError) local = NULL;

      g_clear_object (&data->temp_file);
      data->temp_file = g_file_get_child (data->directory, temp_name);
      data->output = g_file_create (data->temp_file, G_FILE_CREATE_PRIVATE, NULL, &local);
      if (data->output == NULL)
        {
          g_clear_object (&data->temp_file);
          if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_EXISTS) || attempt > 8)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
        }
    }

  data->client = g_object_ref (self->client);
  sc_madv_client_hold_awake (data->client);
  data->held_awake = TRUE;
  data_port_fetch (g_object_ref (task));
  return TRUE;
}

/* Runs the download from @uri (HTTP or HTTPS) with ScDownload: its
 * temporary name, resume, size check and sanitised name. */
static void
start_http_download (GTask      *task,
                     const char *uri)
{
  ScMadvCamera *self = g_task_get_source_object (task);
  DownloadData *data = g_task_get_task_data (task);
  ScDownload *download;

  data->over_https = g_str_has_prefix (uri, "https:");
  g_debug ("Downloading %s to %s", uri, g_file_peek_path (data->directory));

  download = sc_download_new (self->session, uri, data->directory, data->name);
  /* Vendor files stay byte-exact: the LUT trailer, the madv box (and the
   * camera writes GPS itself from our 4917 pushes) */
  sc_download_set_keep_bytes (download, TRUE);

  _sc_camera_download_job_run (&data->job, download, on_http_download_done_cb, task);
}

static gboolean
on_probe_timeout_cb (gpointer user_data)
{
  DownloadData *data = user_data;

  g_debug ("HTTPS did not answer within %u ms", SC_MADV_HTTPS_PROBE_MS);
  g_cancellable_cancel (data->probe_cancellable);
  g_clear_pointer (&data->probe_timeout, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
on_https_probe_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScMadvCamera *self = g_task_get_source_object (task);
  DownloadData *data = g_task_get_task_data (task);
  g_autoptr(GInputStream) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (data->probe_timeout != NULL)
    g_source_destroy (data->probe_timeout);
  g_clear_pointer (&data->probe_timeout, g_source_unref);

  if (body != NULL)
    {
      g_input_stream_close (body, NULL, NULL);
      g_debug ("HTTPS answered (%u)", soup_message_get_status (data->probe));
      start_http_download (g_steal_pointer (&task), data->https_uri);
      return;
    }

  /* Never HTTP instead of a camera that is not the one we know. */
  if (g_object_get_data (G_OBJECT (data->probe), SC_MADV_PIN_MISMATCH_KEY) != NULL)
    {
      g_task_return_error (task, _sc_madv_camera_identity_changed_error (self));
      return;
    }
  if (g_cancellable_is_cancelled (data->job.cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The download was cancelled."));
      return;
    }

  g_debug ("HTTPS does not answer (%s): HTTP until the next connection", error->message);
  self->https_unavailable = TRUE;
  start_http_download (g_steal_pointer (&task), data->http_uri);
}

/* Newer firmware: does the camera answer over HTTPS (and with the pinned
 * certificate)? A HEAD of the file itself, given a few seconds. */
static void
start_https_probe (GTask *task)
{
  ScMadvCamera *self = g_task_get_source_object (task);
  DownloadData *data = g_task_get_task_data (task);

  data->probe = soup_message_new (SOUP_METHOD_HEAD, data->https_uri);
  if (data->probe == NULL)
    {
      self->https_unavailable = TRUE;
      start_http_download (task, data->http_uri);
      return;
    }

  self->pin_mismatch = FALSE;
  data->probe_cancellable = g_cancellable_new ();
  data->probe_cancel_id = _sc_camera_cancel_with (data->job.cancellable, data->probe_cancellable);
  data->probe_timeout = g_timeout_source_new (SC_MADV_HTTPS_PROBE_MS);
  g_source_set_callback (data->probe_timeout, on_probe_timeout_cb, data, NULL);
  g_source_attach (data->probe_timeout, g_main_context_get_thread_default ());

  g_debug ("Trying HTTPS: %s", data->https_uri);
  soup_session_send_async (self->session, data->probe, G_PRIORITY_DEFAULT, data->probe_cancellable,
                           on_https_probe_cb, task);
}

/**
 * _sc_madv_camera_download_async:
 * @camera: the camera
 * @file: a file of this camera
 * @directory: where to save it
 * @progress: (nullable): called as bytes arrive
 * @progress_data: closure for @progress
 * @progress_notify: (nullable): frees @progress_data
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure
 *
 * The download vfunc: over the data port, or HTTP (HTTPS first on
 * newer firmware).
 */
void
_sc_madv_camera_download_async (ScCamera             *camera,
                                ScCameraFile         *file,
                                GFile                *directory,
                                ScCameraProgressFunc  progress,
                                gpointer              progress_data,
                                GDestroyNotify        progress_notify,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  g_autoptr(ScCameraFile) own = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;
  DownloadData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _sc_madv_camera_download_async);
  data = g_new0 (DownloadData, 1);
  _sc_camera_download_job_init (&data->job, progress, progress_data, progress_notify);
  data->directory = g_object_ref (directory);
  g_task_set_task_data (task, data, (GDestroyNotify)download_data_free);

  if (!_sc_madv_camera_check_connected (self, task))
    return;

  /* Only ever from the camera itself, whatever the listing said. */
  path = _sc_madv_camera_path_from_uri (self, sc_camera_file_get_uri (file));
  own = path != NULL ? _sc_madv_camera_file_new (self, path, 0) : NULL;
  if (own == NULL)
    {
      g_task_return_error (task, _sc_madv_protocol_error ("unusable file address %s",
                                                          sc_camera_file_get_uri (file)));
      return;
    }

  data->name = sc_download_sanitize_name (sc_camera_file_get_name (own));
  if (data->name == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                               _("The camera’s file name “%s” cannot be used on this computer."),
                               sc_camera_file_get_name (own));
      return;
    }

  /* Cancelled by the caller, by disconnect and by dispose. */
  _sc_camera_download_job_link (&data->job, cancellable, self->cancellable);
  data->job.size_hint = sc_camera_file_get_size (file);
  data->path = g_strdup (path);

  if (self->transport == SC_MADV_TRANSPORT_DATA_PORT)
    {
      g_debug ("Downloading %s over the data port to %s", path, g_file_peek_path (directory));
      if (!start_data_port (self, task, &error))
        g_task_return_error (task, error);
      return;
    }

  /* The camera counts only its command socket as activity. */
  data->client = g_object_ref (self->client);
  sc_madv_client_hold_awake (data->client);
  data->held_awake = TRUE;
  data->http_uri = g_strdup (sc_camera_file_get_uri (own));

  if (_sc_madv_camera_uses_https (self))
    {
      g_autofree char *escaped = g_uri_escape_string (path + strlen (SC_MADV_DCIM_PATH), "/", FALSE);
      g_autofree char *host = strchr (self->host, ':') != NULL ? g_strdup_printf ("[%s]", self->host)
                                                               : g_strdup (self->host);

      data->https_uri = g_strdup_printf ("https://%s:%u%s", host, self->https_port, escaped);
      start_https_probe (g_steal_pointer (&task));
      return;
    }

  start_http_download (g_steal_pointer (&task), data->http_uri);
}

/**
 * _sc_madv_camera_download_finish:
 * @camera: the camera
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the file saved
 */
GFile *
_sc_madv_camera_download_finish (ScCamera      *camera,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
