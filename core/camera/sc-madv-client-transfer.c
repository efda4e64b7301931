/* sc-madv-client-transfer.c: data-port downloads (1285 GET_FILE, msg 7, 1287)
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-madv-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-madv-client-private.h"

#define MAX_FRESH_RETRIES    5
#define FRESH_RETRY_MS       100

typedef struct _Transfer Transfer;

/* ------------------------------------------------------------------ */
/* Data-port transfers                                                 */

struct _Transfer
{
  guint               serial;       /* tells late callbacks of older transfers apart */
  GTask              *task;
  char               *path;
  char               *thumb_type;   /* 1025 GET_THUMB ("thumb", "idr") instead of 1285; NULL */
  guint64             offset;       /* of the current chunk */
  guint64            *size;         /* the task data: the file's size, once known */
  gboolean            have_size;
  GOutputStream      *output;
  ScMadvProgressFunc  progress;
  gpointer            progress_data;

  /* The current chunk */
  gboolean            asked;        /* 1285 sent */
  gboolean            requested;    /* 1285 answered: bytes and msg 7 are coming */
  guint64             expected;     /* bytes this chunk brings */
  guint8             *chunk;
  gsize               received;
  gboolean            reading;
  gboolean            completed;    /* msg 7 get_file_complete seen */
  gboolean            have_sent;
  guint64             bytes_sent;
  char               *md5sum;
  gboolean            writing;
  gboolean            connecting;
  gboolean            fresh;        /* the data port was connected for this transfer */
  guint               retries;
  GSource            *retry_source;

  GSource            *idle_timeout; /* no progress for too long */
  GCancellable       *data_cancellable;
  gulong              cancel_id;
};

static guint transfer_serial;

static void transfer_step (ScMadvClient *self);
static void transfer_start (ScMadvClient        *self,
                            const char          *path,
                            const char          *thumb_type,
                            guint64              offset,
                            GOutputStream       *output,
                            ScMadvProgressFunc   progress,
                            gpointer             progress_data,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data);
static void transfer_fail (ScMadvClient *self, GError *error);

/* Async callbacks of the data port carry this, not the transfer itself. */
typedef struct
{
  ScMadvClient *self;
  guint         serial;
} TransferOp;

static TransferOp *
transfer_op_new (ScMadvClient *self)
{
  TransferOp *op = g_new (TransferOp, 1);

  op->self = g_object_ref (self);
  op->serial = self->transfer->serial;
  return op;
}

/* Returns the transfer @op was started for, if it is still the current
 * one; frees @op. */
static Transfer *
transfer_op_take (TransferOp    *op,
                  ScMadvClient **self)
{
  Transfer *transfer = op->self->transfer;

  *self = op->self;
  if (transfer != NULL && transfer->serial != op->serial)
    transfer = NULL;
  g_free (op);
  return transfer;
}

static void
transfer_free (Transfer *transfer)
{
  if (transfer->idle_timeout != NULL)
    {
      g_source_destroy (transfer->idle_timeout);
      g_source_unref (transfer->idle_timeout);
    }
  if (transfer->cancel_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (transfer->task), transfer->cancel_id);
  if (transfer->retry_source != NULL)
    {
      g_source_destroy (transfer->retry_source);
      g_clear_pointer (&transfer->retry_source, g_source_unref);
    }
  g_clear_object (&transfer->data_cancellable);
  g_clear_object (&transfer->output);
  g_clear_object (&transfer->task);
  g_free (transfer->chunk);
  g_free (transfer->md5sum);
  g_free (transfer->path);
  g_free (transfer->thumb_type);
  g_free (transfer);
}

static void
transfer_reset_chunk (Transfer *transfer)
{
  transfer->asked = FALSE;
  transfer->requested = FALSE;
  transfer->expected = 0;
  g_clear_pointer (&transfer->chunk, g_free);
  transfer->received = 0;
  transfer->completed = FALSE;
  transfer->have_sent = FALSE;
  transfer->bytes_sent = 0;
  g_clear_pointer (&transfer->md5sum, g_free);
}

void
_sc_madv_client_close_data (ScMadvClient *self)
{
  if (self->data_connection == NULL)
    return;
  g_io_stream_close (G_IO_STREAM (self->data_connection), NULL, NULL);
  g_clear_object (&self->data_connection);
}

static void
on_cancel_sent (ScMadvClient *self,
                JsonObject   *reply,
                const GError *error,
                gpointer      data)
{
  if (error != NULL)
    g_debug ("CANCEL_FILE_XFER: %s", error->message);
}

static void
transfer_finish (ScMadvClient *self,
                 GError       *error)
{
  Transfer *transfer = g_steal_pointer (&self->transfer);

  g_assert (transfer != NULL);

  /* Before anything is freed: pending data-port reads then touch nothing. */
  g_cancellable_cancel (transfer->data_cancellable);
  sc_madv_client_release_awake (self);

  if (error != NULL)
    g_task_return_error (transfer->task, error);
  else
    g_task_return_boolean (transfer->task, TRUE);

  transfer_free (transfer);
}

/* After a failure mid-chunk the data stream is no longer in step with the
 * requests: drop it (the next transfer reconnects) and tell the camera. */
static void
transfer_fail (ScMadvClient *self,
               GError       *error)
{
  Transfer *transfer = self->transfer;
  gboolean in_chunk = transfer->asked && !transfer->completed;
  g_autofree char *path = g_strdup (transfer->path);

  g_debug ("get_file %s failed: %s", transfer->path, error->message);
  g_cancellable_cancel (transfer->data_cancellable);
  _sc_madv_client_close_data (self);
  transfer_finish (self, error);

  if (in_chunk)
    {
      _sc_madv_client_mark_stale (self, SC_MADV_MSG_NOTIFICATION);
      if (self->is_open)
        {
          g_autoptr(JsonObject) extra = sc_madv_client_param (path);

          _sc_madv_client_enqueue_internal (self, SC_MADV_MSG_CANCEL_FILE_XFER, extra, 0,
                                            on_cancel_sent, NULL, FALSE);
        }
    }
}

static gboolean
on_transfer_idle_timeout_cb (gpointer user_data)
{
  ScMadvClient *self = user_data;

  g_assert (self->transfer != NULL);
  g_clear_pointer (&self->transfer->idle_timeout, g_source_unref);
  transfer_fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                            _("The camera stopped sending the file. Move "
                                              "closer to the camera, then try again.")));
  return G_SOURCE_REMOVE;
}

static void
transfer_touch (ScMadvClient *self)
{
  Transfer *transfer = self->transfer;

  if (transfer->idle_timeout != NULL)
    {
      g_source_destroy (transfer->idle_timeout);
      g_source_unref (transfer->idle_timeout);
    }
  transfer->idle_timeout = g_timeout_source_new (SC_MADV_DEFAULT_TIMEOUT_MS);
  g_source_set_callback (transfer->idle_timeout, on_transfer_idle_timeout_cb, self, NULL);
  g_source_set_static_name (transfer->idle_timeout, "[sc-madv-client] transfer timeout");
  g_source_attach (transfer->idle_timeout, self->context);
}

static gboolean
on_transfer_cancelled_idle_cb (gpointer user_data)
{
  ScMadvClient *self = user_data;

  if (self->transfer != NULL
      && g_cancellable_is_cancelled (g_task_get_cancellable (self->transfer->task)))
    transfer_fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                              _("The operation was cancelled.")));
  return G_SOURCE_REMOVE;
}

static void
on_transfer_cancelled_cb (GCancellable *cancellable,
                          ScMadvClient *self)
{
  _sc_madv_client_schedule (self, on_transfer_cancelled_idle_cb,
                            "[sc-madv-client] transfer cancelled");
}

static GError *
interrupted_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                              _("The file transfer was interrupted. Try the download again."));
}

static void
set_md5 (Transfer   *transfer,
         JsonObject *object)
{
  const char *md5 = _sc_madv_json_get_string (object, "md5sum");

  if (md5 != NULL && *md5 != '\0')
    {
      g_free (transfer->md5sum);
      transfer->md5sum = g_ascii_strdown (md5, -1);
    }
}

/* msg 7 on the command socket, in either of the two forms of §1.8:
 * "param":[{"bytes sent":N},{"md5sum":"…"}] or "param":N,"md5sum":"…". */
gboolean
_sc_madv_client_transfer_notification (ScMadvClient *self,
                                       JsonObject   *message)
{
  Transfer *transfer = self->transfer;
  const char *type = _sc_madv_json_get_string (message, "type");
  JsonNode *param;
  gint64 value;

  if (transfer == NULL || type == NULL || !g_str_has_prefix (type, "get_file"))
    return FALSE;

  if (!transfer->requested || transfer->completed)
    {
      /* A late one from a transfer that failed before this one. */
      g_debug ("Ignoring a %s that belongs to no chunk", type);
      _sc_madv_client_take_stale (self, SC_MADV_MSG_NOTIFICATION);
      return TRUE;
    }

  transfer->completed = TRUE;
  if (!g_str_equal (type, "get_file_complete"))
    {
      /* get_file_fail (Android, newer) or get_file_failed (iOS constant):
       * in practice the data connection broke, and whether its end or this
       * message comes first is chance; both give the same error. */
      transfer_fail (self, interrupted_error ());
      return TRUE;
    }

  param = json_object_get_member (message, "param");
  if (param != NULL && JSON_NODE_HOLDS_ARRAY (param))
    {
      JsonArray *array = json_node_get_array (param);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *object;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          object = json_node_get_object (element);
          if (_sc_madv_json_get_int (object, "bytes sent", &value))
            {
              transfer->have_sent = TRUE;
              transfer->bytes_sent = sc_madv_size_from_json (value);
            }
          set_md5 (transfer, object);
        }
    }
  else if (_sc_madv_json_get_int (message, "param", &value))
    {
      transfer->have_sent = TRUE;
      transfer->bytes_sent = sc_madv_size_from_json (value);
    }
  set_md5 (transfer, message);

  transfer_touch (self);
  transfer_step (self);
  return TRUE;
}

static void
on_chunk_written_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ScMadvClient *self;
  Transfer *transfer = transfer_op_take (user_data, &self);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error);
  if (transfer != NULL)
    {
      transfer->writing = FALSE;
      if (!ok)
        {
          transfer_fail (self, g_steal_pointer (&error));
        }
      else
        {
          transfer->offset += transfer->expected;
          if (transfer->progress != NULL)
            transfer->progress (transfer->offset, *transfer->size, transfer->progress_data);
          transfer_reset_chunk (transfer);
          transfer_step (self);
        }
    }
  g_object_unref (self);
}

static GError *
damaged_copy_error (void)
{
  return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
                              _("The camera sent a damaged copy of the file. Download it "
                                "again."));
}

/* Both the bytes and msg 7 are here: check, write out, next chunk. */
static void
transfer_chunk_done (ScMadvClient *self)
{
  Transfer *transfer = self->transfer;

  if (transfer->have_sent && transfer->bytes_sent != transfer->expected)
    {
      g_debug ("Chunk at %" G_GUINT64_FORMAT ": the camera sent %" G_GUINT64_FORMAT
               " bytes, %" G_GUINT64_FORMAT " expected",
               transfer->offset, transfer->bytes_sent, transfer->expected);
      transfer_fail (self, damaged_copy_error ());
      return;
    }

  /* That msg 7's md5sum is the chunk's is the vendor's reading, whose own
   * check is switched off (MADV-PROTOCOL.md §3.4): it can be turned off. */
  if (transfer->md5sum != NULL && self->verify_md5)
    {
      g_autofree char *md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5, transfer->chunk,
                                                          transfer->received);

      if (!g_str_equal (md5, transfer->md5sum))
        {
          g_debug ("Chunk at %" G_GUINT64_FORMAT ": MD5 %s, the camera says %s",
                   transfer->offset, md5, transfer->md5sum);
          transfer_fail (self, damaged_copy_error ());
          return;
        }
    }

  transfer->writing = TRUE;
  g_output_stream_write_all_async (transfer->output, transfer->chunk, transfer->received,
                                   G_PRIORITY_DEFAULT, g_task_get_cancellable (transfer->task),
                                   on_chunk_written_cb, transfer_op_new (self));
}

static void
on_data_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ScMadvClient *self;
  Transfer *transfer = transfer_op_take (user_data, &self);
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (transfer == NULL)
    goto out;

  transfer->reading = FALSE;
  if (n <= 0)
    {
      g_debug ("The data connection ended: %s", error != NULL ? error->message : "end of stream");
      transfer_fail (self, interrupted_error ());
      goto out;
    }

  transfer->received += n;
  transfer_touch (self);
  transfer_step (self);

out:
  g_object_unref (self);
}

static gboolean
on_transfer_retry_cb (gpointer user_data)
{
  ScMadvClient *self = user_data;

  g_clear_pointer (&self->transfer->retry_source, g_source_unref);
  transfer_step (self);
  return G_SOURCE_REMOVE;
}

static void
on_get_file_reply (ScMadvClient *self,
                   JsonObject   *reply,
                   const GError *error,
                   gpointer      data)
{
  Transfer *transfer = self->transfer;
  gint64 value;

  if (transfer == NULL || transfer->serial != GPOINTER_TO_UINT (data))
    return;  /* cancelled or failed meanwhile */

  if (error != NULL)
    {
      /* A camera may see our 1285 before it has taken the data connection
       * we just opened (the vendor opens it long before): ask again. */
      if (transfer->fresh && transfer->retries < MAX_FRESH_RETRIES
          && g_error_matches (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY))
        {
          /* Every second time on a new connection, in case the camera
           * dropped this one meanwhile (a late 1287 of an earlier transfer
           * makes it close its newest data connection). */
          transfer->retries++;
          transfer->asked = FALSE;
          if (transfer->retries % 2 == 0)
            _sc_madv_client_close_data (self);
          transfer->retry_source = g_timeout_source_new (FRESH_RETRY_MS);
          g_source_set_callback (transfer->retry_source, on_transfer_retry_cb, self, NULL);
          g_source_set_static_name (transfer->retry_source, "[sc-madv-client] get_file retry");
          g_source_attach (transfer->retry_source, self->context);
          return;
        }

      /* No bytes were announced: the data stream is still in step. */
      transfer_finish (self, g_error_copy (error));
      return;
    }

  transfer->fresh = FALSE;

  transfer->requested = TRUE;
  if (!_sc_madv_json_get_int (reply, "size", &value))
    {
      transfer_fail (self, g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
                                                _("The camera did not say how large the file "
                                                  "is. Try the download again.")));
      return;
    }

  *transfer->size = sc_madv_size_from_json (value);
  transfer->have_size = TRUE;
  if (transfer->thumb_type != NULL)
    {
      /* 1025: the whole thumbnail in one go, its md5sum in the reply (§3.5). */
      if (*transfer->size > SC_MADV_MAX_THUMBNAIL_BYTES)
        {
          transfer_fail (self, g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
                                                    _("The camera announced an impossibly large "
                                                      "thumbnail. Try again.")));
          return;
        }
      transfer->expected = *transfer->size;
      set_md5 (transfer, reply);
    }
  else
    transfer->expected = *transfer->size > transfer->offset
                         ? MIN (self->chunk_size, *transfer->size - transfer->offset) : 0;
  transfer->chunk = g_malloc (MAX (transfer->expected, 1));
  transfer_touch (self);
  transfer_step (self);
}

static void
on_data_connected_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  ScMadvClient *self;
  Transfer *transfer = transfer_op_take (user_data, &self);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (object), result, &error);
  if (transfer == NULL)
    goto out;

  transfer->connecting = FALSE;
  if (connection == NULL)
    {
      g_debug ("Connecting to the data port failed: %s", error->message);
      transfer_finish (self, g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                                                  _("Could not open the camera’s file transfer "
                                                    "connection. Check the Wi-Fi connection, "
                                                    "then try again.")));
      goto out;
    }

  g_debug ("Data port %s:%u connected", self->host, self->data_port);
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 0);
  _sc_madv_client_close_data (self);
  self->data_connection = g_steal_pointer (&connection);
  transfer->fresh = TRUE;
  transfer_step (self);

out:
  g_object_unref (self);
}

/* Moves the transfer on from wherever it is. */
static void
transfer_step (ScMadvClient *self)
{
  Transfer *transfer = self->transfer;

  if (transfer == NULL || transfer->writing || transfer->connecting
      || transfer->retry_source != NULL)
    return;

  if (self->data_connection == NULL)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();

      transfer->connecting = TRUE;
      g_socket_client_set_timeout (client, SC_MADV_CONNECT_TIMEOUT_S);
      g_socket_client_connect_to_host_async (client, self->host, self->data_port,
                                             transfer->data_cancellable,
                                             on_data_connected_cb, transfer_op_new (self));
      return;
    }

  if (!transfer->asked)
    {
      g_autoptr(JsonObject) extra = NULL;
      g_autofree char *offset = NULL;

      if (transfer->have_size && transfer->offset >= *transfer->size)
        {
          transfer_finish (self, NULL);
          return;
        }

      if (transfer->thumb_type != NULL)
        {
          extra = sc_madv_client_param (transfer->path);
          json_object_set_string_member (extra, "type", transfer->thumb_type);
          transfer->asked = TRUE;
          _sc_madv_client_enqueue_internal (self, SC_MADV_MSG_GET_THUMB, extra, 0, on_get_file_reply,
                                            GUINT_TO_POINTER (transfer->serial), FALSE);
          return;
        }

      /* The vendor clients send offset as a string, fetch_size as an int. */
      offset = g_strdup_printf ("%" G_GUINT64_FORMAT, transfer->offset);
      extra = sc_madv_client_param (transfer->path);
      json_object_set_string_member (extra, "offset", offset);
      json_object_set_int_member (extra, "fetch_size", self->chunk_size);
      transfer->asked = TRUE;
      _sc_madv_client_enqueue_internal (self, SC_MADV_MSG_GET_FILE, extra, 0, on_get_file_reply,
                                        GUINT_TO_POINTER (transfer->serial), FALSE);
      return;
    }

  if (!transfer->requested)
    return;  /* waiting for the 1285 reply */

  if (transfer->expected == 0)
    {
      /* Nothing left from this offset: nothing comes on the data port. */
      transfer_finish (self, NULL);
      return;
    }

  if (transfer->received < transfer->expected)
    {
      if (!transfer->reading)
        {
          GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (self->data_connection));

          transfer->reading = TRUE;
          g_input_stream_read_async (input, transfer->chunk + transfer->received,
                                     transfer->expected - transfer->received, G_PRIORITY_DEFAULT,
                                     transfer->data_cancellable, on_data_read_cb,
                                     transfer_op_new (self));
        }
      return;
    }

  if (!transfer->completed)
    return;  /* waiting for msg 7 */

  transfer_chunk_done (self);
}

/* For the client's fail_everything(): ends the transfer in progress, if
 * any, with @error, and drops the data connection. */
void
_sc_madv_client_transfer_abort (ScMadvClient *self,
                                const GError *error)
{
  _sc_madv_client_close_data (self);
  if (self->transfer != NULL)
    transfer_finish (self, g_error_copy (error));
}

/**
 * sc_madv_client_get_file_async:
 * @self: a client with an open session (and 261 sent)
 * @path: the camera path, e.g. "/tmp/SD0/DCIM/20240501/IMG_….JPG"
 * @offset: where to start (resume)
 * @output: where the bytes go; only checked chunks are written
 * @progress: (nullable): called after each chunk with the bytes so far
 *   (counted from 0, including @offset) and the file size
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable; cancelling sends 1287
 * @callback: called when the file is complete or failed
 * @user_data: data for @callback
 *
 * Downloads over the data port in 2 MiB chunks: for each, 1285 GET_FILE,
 * the bytes on the data connection and msg 7 get_file_complete on the
 * command connection, in either order; "bytes sent" and the md5sum are
 * checked when the camera gives them. One transfer at a time: a second
 * one fails with %SC_CAMERA_ERROR_BUSY. Holds the camera awake meanwhile.
 * Does not block.
 */
void
sc_madv_client_get_file_async (ScMadvClient        *self,
                               const char          *path,
                               guint64              offset,
                               GOutputStream       *output,
                               ScMadvProgressFunc   progress,
                               gpointer             progress_data,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (SC_IS_MADV_CLIENT (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (G_IS_OUTPUT_STREAM (output));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  transfer_start (self, path, NULL, offset, output, progress, progress_data, cancellable,
                  callback, user_data);
}

static void
on_thumbnail_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GMemoryOutputStream *output = g_task_get_task_data (task);
  GError *error = NULL;

  if (!sc_madv_client_get_file_finish (SC_MADV_CLIENT (object), result, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_output_stream_close (G_OUTPUT_STREAM (output), NULL, NULL);
  g_task_return_pointer (task, g_memory_output_stream_steal_as_bytes (output),
                         (GDestroyNotify)g_bytes_unref);
}

/**
 * sc_madv_client_get_thumbnail_async:
 * @self: a client with an open session (and 261 sent)
 * @path: the camera path of a photo (or of a video's AB companion)
 * @type: "thumb" for a photo's JPEG thumbnail, "idr" for a video's H.264
 *   key frame (MADV-PROTOCOL.md §3.5)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when it arrived or failed
 * @user_data: data for @callback
 *
 * 1025 GET_THUMB: the reply's size and md5sum, then exactly that many
 * bytes on the data port and a msg 7 completion, checked as get_file
 * chunks are. Shares the one-transfer-at-a-time rule of get_file.
 * Added by M-H.
 */
void
sc_madv_client_get_thumbnail_async (ScMadvClient        *self,
                                    const char          *path,
                                    const char          *type,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;
  GOutputStream *output;

  g_return_if_fail (SC_IS_MADV_CLIENT (self));
  g_return_if_fail (path != NULL && type != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_madv_client_get_thumbnail_async);
  output = g_memory_output_stream_new_resizable ();
  g_task_set_task_data (task, output, g_object_unref);
  transfer_start (self, path, type, 0, output, NULL, NULL, cancellable, on_thumbnail_done_cb, task);
}

/**
 * sc_madv_client_get_thumbnail_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the thumbnail's bytes, or %NULL with @error
 */
GBytes *
sc_madv_client_get_thumbnail_finish (ScMadvClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
transfer_start (ScMadvClient        *self,
                const char          *path,
                const char          *thumb_type,
                guint64              offset,
                GOutputStream       *output,
                ScMadvProgressFunc   progress,
                gpointer             progress_data,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Transfer *transfer;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_madv_client_get_file_async);

  if (!self->is_open)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                               _("The camera is not connected. Connect to it first."));
      return;
    }
  if (self->transfer != NULL)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                               _("Another file is being transferred. Wait until it has "
                                 "finished, then try again."));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  transfer = g_new0 (Transfer, 1);
  transfer->serial = ++transfer_serial;
  transfer->size = g_new0 (guint64, 1);
  g_task_set_task_data (task, transfer->size, g_free);
  transfer->task = g_steal_pointer (&task);
  transfer->path = g_strdup (path);
  transfer->thumb_type = g_strdup (thumb_type);
  transfer->offset = offset;
  transfer->output = g_object_ref (output);
  transfer->progress = progress;
  transfer->progress_data = progress_data;
  transfer->data_cancellable = g_cancellable_new ();
  self->transfer = transfer;
  sc_madv_client_hold_awake (self);
  if (cancellable != NULL)
    transfer->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_transfer_cancelled_cb),
                                                 self, NULL);

  transfer_touch (self);
  transfer_step (self);
}

/**
 * sc_madv_client_get_file_finish:
 * @self: a client
 * @result: the result
 * @size: (out) (optional): the file's total size
 * @error: return location for an error
 *
 * Returns: whether the whole file (from the offset on) was written
 */
gboolean
sc_madv_client_get_file_finish (ScMadvClient  *self,
                                GAsyncResult  *result,
                                guint64       *size,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (size != NULL)
    *size = *(guint64 *)g_task_get_task_data (G_TASK (result));
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sc_madv_client_set_chunk_size:
 * @self: a client
 * @chunk_size: bytes per 1285 GET_FILE request; 0 for
 *   %SC_MADV_DATA_CHUNK_BYTES (the vendor's 2 MiB)
 *
 * For tests (several chunks from small files) and for slow links. Takes
 * effect with the next transfer.
 */
void
sc_madv_client_set_chunk_size (ScMadvClient *self,
                               gsize         chunk_size)
{
  g_return_if_fail (SC_IS_MADV_CLIENT (self));
  g_return_if_fail (chunk_size <= G_MAXINT32);

  self->chunk_size = chunk_size > 0 ? chunk_size : SC_MADV_DATA_CHUNK_BYTES;
}

/**
 * sc_madv_client_set_verify_md5:
 * @self: a client
 * @verify: whether to check each chunk against the md5sum of its msg 7
 *
 * On by default. The byte count is always checked.
 */
void
sc_madv_client_set_verify_md5 (ScMadvClient *self,
                               gboolean      verify)
{
  g_return_if_fail (SC_IS_MADV_CLIENT (self));

  self->verify_md5 = !!verify;
}
