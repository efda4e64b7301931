/* sc-download-request.c
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

/* The HTTP side of ScDownload: sending the request (with Range when
 * resuming), reading what the response announces, turning HTTP errors into
 * errors a user can act on, and dropping a response early. What happens to
 * the body is in sc-download-write.c. */

static void
on_user_cancelled_cb (GCancellable *cancellable,
                      GCancellable *request_cancellable)
{
  g_cancellable_cancel (request_cancellable);
}

static void
clear_request_cancellable (ScDownloadRun *data,
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
void
_sc_download_abort_response (GTask *task)
{
  ScDownloadRun *data = g_task_get_task_data (task);

  if (data->body != NULL && data->request_cancellable != NULL && !data->eof)
    g_cancellable_cancel (data->request_cancellable);

  if (data->body != NULL)
    g_input_stream_close (data->body, NULL, NULL);
  g_clear_object (&data->body);
  g_clear_object (&data->message);
  clear_request_cancellable (data, g_task_get_cancellable (task));
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
status_error (ScDownloadRun *data,
              guint          status,
              const char    *reason)
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
  ScDownloadRun *data = g_task_get_task_data (task);
  SoupMessageHeaders *headers;
  GError *error = NULL;
  gboolean first_response;
  guint status;
  gint64 length;

  data->body = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (data->body == NULL)
    {
      _sc_download_retry_or_fail (task, error);
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
      if (!_sc_download_truncate_temp (task, &error))
        {
          _sc_download_fail_write (task, error);
          return;
        }
      _sc_download_retry_or_fail (task,
                                  g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                                                       "416 on resume"));
      return;
    }

  if (status != SOUP_STATUS_OK && status != SOUP_STATUS_PARTIAL_CONTENT)
    {
      _sc_download_fail (task, status_error (data, status,
                                             soup_message_get_reason_phrase (data->message)));
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
          _sc_download_fail (task, g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
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
          if (!_sc_download_truncate_temp (task, &error))
            {
              _sc_download_fail_write (task, error);
              return;
            }
          _sc_download_retry_or_fail (task,
                                      g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
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
          if (!_sc_download_truncate_temp (task, &error))
            {
              _sc_download_fail_write (task, error);
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
    _sc_download_set_total_bytes (self, data->expected);
  else if (self->size_hint > 0)
    _sc_download_set_total_bytes (self, self->size_hint);

  if (first_response)
    _sc_download_check_space_then_write (task);
  else
    _sc_download_pump (task);
}

void
_sc_download_start_request (GTask *task)
{
  ScDownload *self = g_task_get_source_object (task);
  ScDownloadRun *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  SoupMessageHeaders *headers;

  g_assert (data->body == NULL);
  g_assert (data->message == NULL);

  data->message = soup_message_new (SOUP_METHOD_GET, self->url);
  if (data->message == NULL)
    {
      _sc_download_fail (task, g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
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

      if (!_sc_download_truncate_temp (task, &error))
        {
          _sc_download_fail_write (task, error);
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
