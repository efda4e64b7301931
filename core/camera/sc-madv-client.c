/* sc-madv-client.c: the Ambarella/MADV JSON protocol engine
 *
 * See sc-madv-client.h for what it owns, and MADV-PROTOCOL.md §1 (transport,
 * framing, session, notifications) and §3.4 (the data port) for the wire.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-madv-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-madv-client-private.h"

#define READ_CHUNK_BYTES     (64 * 1024)
#define HEARTBEAT_CHECK_MS   1000

typedef struct _Request Request;

G_DEFINE_FINAL_TYPE (ScMadvClient, sc_madv_client, G_TYPE_OBJECT)

enum {
  NOTIFICATION,
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ */
/* Requests                                                            */

struct _Request
{
  guint              msg_id;
  JsonObject        *extra;
  guint              timeout_ms;
  GTask             *task;            /* public requests */
  ScMadvRequestDone  done;            /* internal ones (heartbeat, 1287, token renewal) */
  gpointer           done_data;
  GSource           *timeout_source;
  gulong             cancel_id;
  gboolean           renewed;         /* already retried after rval −4 */
};

static void run_queue (ScMadvClient *self);
static void fail_everything (ScMadvClient *self, const GError *error);
static void connection_lost (ScMadvClient *self, const GError *error);

static void
request_free (Request *request)
{
  if (request->timeout_source != NULL)
    {
      g_source_destroy (request->timeout_source);
      g_clear_pointer (&request->timeout_source, g_source_unref);
    }
  if (request->task != NULL && request->cancel_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (request->task), request->cancel_id);
  g_clear_pointer (&request->extra, json_object_unref);
  g_clear_object (&request->task);
  g_free (request);
}

/* Completes @request (already out of the queue and not current). */
static void
request_complete (ScMadvClient *self,
                  Request      *request,
                  JsonObject   *reply,
                  const GError *error)
{
  if (request->task != NULL)
    {
      if (error != NULL)
        g_task_return_error (request->task, g_error_copy (error));
      else
        g_task_return_pointer (request->task, json_object_ref (reply),
                               (GDestroyNotify)json_object_unref);
    }
  else if (request->done != NULL)
    {
      request->done (self, reply, error, request->done_data);
    }
  request_free (request);
}

void
_sc_madv_client_mark_stale (ScMadvClient *self,
                            guint         msg_id)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->stale, GUINT_TO_POINTER (msg_id)));

  g_hash_table_insert (self->stale, GUINT_TO_POINTER (msg_id), GUINT_TO_POINTER (count + 1));
}

gboolean
_sc_madv_client_take_stale (ScMadvClient *self,
                            guint         msg_id)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->stale, GUINT_TO_POINTER (msg_id)));

  if (count == 0)
    return FALSE;
  if (count == 1)
    g_hash_table_remove (self->stale, GUINT_TO_POINTER (msg_id));
  else
    g_hash_table_insert (self->stale, GUINT_TO_POINTER (msg_id), GUINT_TO_POINTER (count - 1));
  return TRUE;
}

void
_sc_madv_client_schedule (ScMadvClient *self,
                          GSourceFunc   func,
                          const char   *name)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, g_object_ref (self), g_object_unref);
  g_source_set_static_name (source, name);
  g_source_attach (source, self->context);
  g_source_unref (source);
}

static gboolean
on_request_timeout_cb (gpointer user_data)
{
  ScMadvClient *self = user_data;
  Request *request = self->current;
  g_autoptr(GError) error = NULL;

  g_assert (request != NULL);

  g_clear_pointer (&request->timeout_source, g_source_unref);
  self->current = NULL;
  /* A reply that comes after all is not a notification. */
  _sc_madv_client_mark_stale (self, request->msg_id);

  g_debug ("Request %u: no reply within %u ms", request->msg_id, request->timeout_ms);
  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                              _("The camera did not answer in time. Move closer to the "
                                "camera, then try again."));
  g_object_ref (self);
  request_complete (self, request, NULL, error);
  run_queue (self);
  g_object_unref (self);

  return G_SOURCE_REMOVE;
}

static gboolean
on_request_cancelled_idle_cb (gpointer user_data)
{
  ScMadvClient *self = user_data;
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                 _("The operation was cancelled."));
  GList *l = self->queue.head;

  while (l != NULL)
    {
      Request *request = l->data;
      GList *next = l->next;

      if (request->task != NULL && g_task_return_error_if_cancelled (request->task))
        {
          g_queue_delete_link (&self->queue, l);
          request_free (request);
        }
      l = next;
    }

  if (self->current != NULL && self->current->task != NULL
      && g_cancellable_is_cancelled (g_task_get_cancellable (self->current->task)))
    {
      Request *request = g_steal_pointer (&self->current);

      _sc_madv_client_mark_stale (self, request->msg_id);
      request_complete (self, request, NULL, error);
      run_queue (self);
    }

  return G_SOURCE_REMOVE;
}

static void
on_request_cancelled_cb (GCancellable *cancellable,
                         ScMadvClient *self)
{
  /* Any thread, inside g_cancellable_cancel(): hop to our context. */
  _sc_madv_client_schedule (self, on_request_cancelled_idle_cb, "[sc-madv-client] cancelled");
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */

static void write_next (ScMadvClient *self);

typedef struct
{
  ScMadvClient *self;
  GBytes       *bytes;
} WriteOp;

static void
on_write_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  WriteOp *op = user_data;
  g_autoptr(ScMadvClient) self = op->self;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error);
  g_bytes_unref (op->bytes);
  g_free (op);

  if (self->connection == NULL
      || g_io_stream_get_output_stream (G_IO_STREAM (self->connection)) != G_OUTPUT_STREAM (object))
    return;  /* an old connection */

  self->writing = FALSE;
  if (!ok)
    {
      g_autoptr(GError) lost = NULL;

      g_debug ("Writing to the camera failed: %s", error->message);
      lost = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                  _("The connection to the camera was lost. Check the "
                                    "Wi-Fi connection, then connect again."));
      connection_lost (self, lost);
      return;
    }

  self->last_activity_us = g_get_monotonic_time ();
  write_next (self);
}

static void
write_next (ScMadvClient *self)
{
  GOutputStream *output;
  WriteOp *op;
  gsize size;
  gconstpointer data;

  if (self->writing || self->connection == NULL || g_queue_is_empty (&self->out_queue))
    return;

  op = g_new0 (WriteOp, 1);
  op->self = g_object_ref (self);
  op->bytes = g_queue_pop_head (&self->out_queue);
  data = g_bytes_get_data (op->bytes, &size);
  self->writing = TRUE;
  output = g_io_stream_get_output_stream (G_IO_STREAM (self->connection));
  g_output_stream_write_all_async (output, data, size, G_PRIORITY_DEFAULT,
                                   self->io_cancellable, on_write_done_cb, op);
}

static void
send_bytes (ScMadvClient *self,
            GBytes       *bytes)
{
  if (g_getenv ("SC_MADV_TRACE") != NULL)
    g_debug ("→ %.*s", (int)g_bytes_get_size (bytes),
             (const char *)g_bytes_get_data (bytes, NULL));
  g_queue_push_tail (&self->out_queue, bytes);
  write_next (self);
}

/* ------------------------------------------------------------------ */
/* The queue                                                           */

static void
run_queue (ScMadvClient *self)
{
  Request *request;
  gint token;

  if (self->current != NULL || self->connection == NULL)
    return;

  request = g_queue_pop_head (&self->queue);
  if (request == NULL)
    return;

  self->current = request;
  /* 257 carries token 0, everything else the session's. */
  token = request->msg_id == SC_MADV_MSG_START_SESSION ? 0 : self->token;
  send_bytes (self, _sc_madv_build_request (request->msg_id, token, request->extra));

  request->timeout_source = g_timeout_source_new (request->timeout_ms);
  g_source_set_callback (request->timeout_source, on_request_timeout_cb, self, NULL);
  g_source_set_static_name (request->timeout_source, "[sc-madv-client] request timeout");
  g_source_attach (request->timeout_source, self->context);
}

static Request *
request_new (guint       msg_id,
             JsonObject *extra,
             guint       timeout_ms)
{
  Request *request = g_new0 (Request, 1);

  request->msg_id = msg_id;
  request->extra = extra != NULL ? json_object_ref (extra) : NULL;
  request->timeout_ms = timeout_ms > 0 ? timeout_ms : SC_MADV_DEFAULT_TIMEOUT_MS;

  return request;
}

void
_sc_madv_client_enqueue_internal (ScMadvClient      *self,
                                  guint              msg_id,
                                  JsonObject        *extra,
                                  guint              timeout_ms,
                                  ScMadvRequestDone  done,
                                  gpointer           done_data,
                                  gboolean           at_head)
{
  Request *request = request_new (msg_id, extra, timeout_ms);

  request->done = done;
  request->done_data = done_data;
  if (at_head)
    g_queue_push_head (&self->queue, request);
  else
    g_queue_push_tail (&self->queue, request);
  run_queue (self);
}

static void
on_session_renewed (ScMadvClient *self,
                    JsonObject   *reply,
                    const GError *error,
                    gpointer      data)
{
  gint64 token;

  if (error != NULL)
    {
      g_debug ("Renewing the session failed: %s", error->message);
      return;
    }
  if (_sc_madv_json_get_int (reply, "param", &token))
    {
      g_debug ("New session token %" G_GINT64_FORMAT, token);
      self->token = (gint)token;
    }
}

/* The reply to the request in flight. */
static void
handle_reply (ScMadvClient *self,
              JsonObject   *message)
{
  Request *request = g_steal_pointer (&self->current);
  gint64 rval;

  if (request->timeout_source != NULL)
    {
      g_source_destroy (request->timeout_source);
      g_clear_pointer (&request->timeout_source, g_source_unref);
    }

  if (_sc_madv_rval_is_ok (message, &rval))
    {
      request_complete (self, request, message, NULL);
    }
  else if (rval == SC_MADV_RVAL_INVALID_TOKEN
           && request->msg_id != SC_MADV_MSG_START_SESSION
           && request->msg_id != SC_MADV_MSG_STOP_SESSION
           && !request->renewed)
    {
      /* The token expired: start a new session, then send this again. */
      Request *renewal = request_new (SC_MADV_MSG_START_SESSION, NULL, 0);

      g_debug ("Request %u: token %d expired; starting a new session",
               request->msg_id, self->token);
      renewal->done = on_session_renewed;
      request->renewed = TRUE;
      g_queue_push_head (&self->queue, request);
      g_queue_push_head (&self->queue, renewal);
    }
  else
    {
      g_autoptr(GError) error = sc_madv_client_error_from_rval ((gint)rval, request->msg_id);

      request_complete (self, request, NULL, error);
    }

  run_queue (self);
}

/* ------------------------------------------------------------------ */
/* Reading and dispatching                                             */

static void
answer_session_holder_query (ScMadvClient *self)
{
  g_autoptr(JsonObject) extra = json_object_new ();
  g_autofree char *token = g_strdup_printf ("%d", self->token);

  /* Answered at once, outside the queue (§1.5). */
  json_object_set_string_member (extra, "param", token);
  send_bytes (self, _sc_madv_build_request (SC_MADV_MSG_QUERY_SESSION_HOLDER, self->token, extra));
}

static void
handle_message (ScMadvClient *self,
                JsonNode     *node)
{
  JsonObject *message = json_node_get_object (node);
  gint64 msg_id;
  gint64 rval;

  if (!_sc_madv_json_get_int (message, "msg_id", &msg_id))
    {
      g_debug ("Ignoring a message without msg_id");
      return;
    }

  if (self->current != NULL && self->current->msg_id == msg_id)
    {
      handle_reply (self, message);
      return;
    }

  if (msg_id == SC_MADV_MSG_QUERY_SESSION_HOLDER)
    {
      answer_session_holder_query (self);
      return;
    }

  if (msg_id == SC_MADV_MSG_NOTIFICATION && _sc_madv_client_transfer_notification (self, message))
    return;

  if (_sc_madv_client_take_stale (self, (guint)msg_id))
    {
      g_debug ("Dropping a late reply to %" G_GINT64_FORMAT, msg_id);
      return;
    }

  if (!_sc_madv_rval_is_ok (message, &rval))
    {
      g_debug ("Ignoring notification %" G_GINT64_FORMAT " with rval %" G_GINT64_FORMAT,
               msg_id, rval);
      return;
    }

  g_signal_emit (self, signals[NOTIFICATION], 0, message);
}

typedef struct
{
  GWeakRef  self;
  guint8    data[READ_CHUNK_BYTES];
} ReadOp;

static void start_read (ScMadvClient *self);

static void
connection_lost (ScMadvClient *self,
                 const GError *error)
{
  g_autoptr(GError) copy = g_error_copy (error);

  if (!self->is_open && !self->opening)
    return;

  g_object_ref (self);
  self->is_open = FALSE;
  fail_everything (self, copy);
  if (!self->opening)
    g_signal_emit (self, signals[CLOSED], 0, copy);
  g_object_unref (self);
}

static void
on_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ReadOp *op = user_data;
  g_autoptr(ScMadvClient) self = g_weak_ref_get (&op->self);
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (self == NULL || self->connection == NULL
      || g_io_stream_get_input_stream (G_IO_STREAM (self->connection)) != G_INPUT_STREAM (object))
    goto out;

  if (n <= 0)
    {
      g_autoptr(GError) lost = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        goto out;
      g_debug ("The camera closed the command connection: %s",
               error != NULL ? error->message : "end of stream");
      lost = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                  _("The connection to the camera was lost. Check the "
                                    "Wi-Fi connection, then connect again."));
      connection_lost (self, lost);
      goto out;
    }

  self->last_activity_us = g_get_monotonic_time ();
  connection = self->connection;
  {
    const guint8 *data = op->data;
    gsize length = n;

    for (;;)
      {
        g_autoptr(GPtrArray) messages = NULL;
        g_autoptr(GError) frame_error = NULL;

        messages = sc_madv_framer_push (self->buffer, data, length, &frame_error);
        data = NULL;
        length = 0;
        if (messages == NULL)
          {
            g_debug ("Skipping bad data from the camera: %s", frame_error->message);
            continue;
          }
        if (messages->len == 0)
          break;

        for (guint i = 0; i < messages->len && self->connection == connection; i++)
          {
            if (g_getenv ("SC_MADV_TRACE") != NULL)
              {
                g_autofree char *text = json_to_string (g_ptr_array_index (messages, i), FALSE);
                g_debug ("← %s", text);
              }
            handle_message (self, g_ptr_array_index (messages, i));
          }
        if (self->connection != connection)
          break;
      }
  }

  /* Unless a handler closed (or closed and reopened) the connection. */
  if (self->connection == connection)
    start_read (self);

out:
  g_weak_ref_clear (&op->self);
  g_free (op);
}

static void
start_read (ScMadvClient *self)
{
  ReadOp *op = g_new (ReadOp, 1);
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (self->connection));

  g_weak_ref_init (&op->self, self);
  g_input_stream_read_async (input, op->data, sizeof op->data, G_PRIORITY_DEFAULT,
                             self->io_cancellable, on_read_cb, op);
}

/* Drops the connection and fails everything pending with @error. */
static void
fail_everything (ScMadvClient *self,
                 const GError *error)
{
  Request *request;

  g_object_ref (self);

  if (self->io_cancellable != NULL)
    g_cancellable_cancel (self->io_cancellable);
  g_clear_object (&self->io_cancellable);
  if (self->connection != NULL)
    g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
  g_clear_object (&self->connection);
  g_queue_clear_full (&self->out_queue, (GDestroyNotify)g_bytes_unref);
  self->writing = FALSE;
  g_byte_array_set_size (self->buffer, 0);
  g_hash_table_remove_all (self->stale);
  self->is_open = FALSE;
  if (self->heartbeat != NULL)
    {
      g_source_destroy (self->heartbeat);
      g_clear_pointer (&self->heartbeat, g_source_unref);
    }

  _sc_madv_client_transfer_abort (self, error);

  if ((request = g_steal_pointer (&self->current)) != NULL)
    request_complete (self, request, NULL, error);
  while ((request = g_queue_pop_head (&self->queue)) != NULL)
    request_complete (self, request, NULL, error);

  g_object_unref (self);
}

/* ------------------------------------------------------------------ */
/* Heartbeat                                                           */

static void
on_heartbeat_reply (ScMadvClient *self,
                    JsonObject   *reply,
                    const GError *error,
                    gpointer      data)
{
  if (error != NULL)
    g_debug ("Heartbeat: %s", error->message);
}

static gboolean
on_heartbeat_cb (gpointer user_data)
{
  ScMadvClient *self = user_data;
  gint64 idle_ms;

  g_assert (self->is_open && self->awake_count > 0);

  idle_ms = (g_get_monotonic_time () - self->last_activity_us) / 1000;
  if (idle_ms >= SC_MADV_HEARTBEAT_IDLE_MS && self->current == NULL
      && g_queue_is_empty (&self->queue))
    {
      g_debug ("Heartbeat after %" G_GINT64_FORMAT " ms idle", idle_ms);
      _sc_madv_client_enqueue_internal (self, SC_MADV_MSG_WAKEUP, NULL, 0, on_heartbeat_reply,
                                        NULL, FALSE);
    }

  return G_SOURCE_CONTINUE;
}

static void
update_heartbeat (ScMadvClient *self)
{
  gboolean wanted = self->is_open && self->awake_count > 0;

  if (wanted && self->heartbeat == NULL)
    {
      self->heartbeat = g_timeout_source_new (HEARTBEAT_CHECK_MS);
      g_source_set_callback (self->heartbeat, on_heartbeat_cb, self, NULL);
      g_source_set_static_name (self->heartbeat, "[sc-madv-client] heartbeat");
      g_source_attach (self->heartbeat, self->context);
    }
  else if (!wanted && self->heartbeat != NULL)
    {
      g_source_destroy (self->heartbeat);
      g_clear_pointer (&self->heartbeat, g_source_unref);
    }
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
sc_madv_client_dispose (GObject *object)
{
  ScMadvClient *self = SC_MADV_CLIENT (object);

  sc_madv_client_close (self);

  G_OBJECT_CLASS (sc_madv_client_parent_class)->dispose (object);
}

static void
sc_madv_client_finalize (GObject *object)
{
  ScMadvClient *self = SC_MADV_CLIENT (object);

  g_clear_pointer (&self->buffer, g_byte_array_unref);
  g_clear_pointer (&self->stale, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->host, g_free);

  G_OBJECT_CLASS (sc_madv_client_parent_class)->finalize (object);
}

static void
sc_madv_client_class_init (ScMadvClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_madv_client_dispose;
  object_class->finalize = sc_madv_client_finalize;

  /**
   * ScMadvClient::notification:
   * @self: the client
   * @message: (transfer none): the message (a #JsonObject)
   *
   * An unsolicited message from the camera: one whose msg_id no request
   * is waiting for, with rval 0, 128 or none. Session holder queries
   * (1793) and data-port completions (msg 7 get_file_*) during a transfer
   * are handled by the client and not emitted.
   */
  signals[NOTIFICATION] =
    g_signal_new ("notification",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, JSON_TYPE_OBJECT);

  /**
   * ScMadvClient::closed:
   * @self: the client
   * @error: (transfer none): why
   *
   * The command connection ended without sc_madv_client_close(): the
   * camera closed it or it failed. Every pending request has failed.
   */
  signals[CLOSED] =
    g_signal_new ("closed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
sc_madv_client_init (ScMadvClient *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->buffer = g_byte_array_new ();
  self->stale = g_hash_table_new (NULL, NULL);
  g_queue_init (&self->queue);
  g_queue_init (&self->out_queue);
  self->chunk_size = SC_MADV_DATA_CHUNK_BYTES;
  self->verify_md5 = TRUE;
  self->verify_md5 = TRUE;
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */

/**
 * sc_madv_client_new:
 * @host: the camera's address
 * @command_port: 0 for %SC_MADV_DEFAULT_COMMAND_PORT
 * @data_port: 0 for %SC_MADV_DEFAULT_DATA_PORT
 *
 * Creates a client; nothing is connected until sc_madv_client_open_async().
 * The client belongs to the thread-default main context of the caller.
 *
 * Returns: (transfer full): a new client
 */
ScMadvClient *
sc_madv_client_new (const char *host,
                    guint16     command_port,
                    guint16     data_port)
{
  ScMadvClient *self;

  g_return_val_if_fail (host != NULL, NULL);

  self = g_object_new (SC_TYPE_MADV_CLIENT, NULL);
  self->host = g_strdup (host);
  self->command_port = command_port != 0 ? command_port : SC_MADV_DEFAULT_COMMAND_PORT;
  self->data_port = data_port != 0 ? data_port : SC_MADV_DEFAULT_DATA_PORT;

  return self;
}

/**
 * sc_madv_client_get_host:
 * @self: a client
 *
 * Returns: (transfer none): the camera's address
 */
const char *
sc_madv_client_get_host (ScMadvClient *self)
{
  g_return_val_if_fail (SC_IS_MADV_CLIENT (self), NULL);

  return self->host;
}

/**
 * sc_madv_client_get_token:
 * @self: a client
 *
 * Returns: the session token (0 before the session starts)
 */
gint
sc_madv_client_get_token (ScMadvClient *self)
{
  g_return_val_if_fail (SC_IS_MADV_CLIENT (self), 0);

  return self->token;
}

/**
 * sc_madv_client_is_open:
 * @self: a client
 *
 * Returns: whether the session is started and the connection up
 */
gboolean
sc_madv_client_is_open (ScMadvClient *self)
{
  g_return_val_if_fail (SC_IS_MADV_CLIENT (self), FALSE);

  return self->is_open;
}

static void
on_session_started_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  ScMadvClient *self = SC_MADV_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  gint64 token;

  self->opening = FALSE;
  reply = sc_madv_client_request_finish (self, result, &error);
  if (reply == NULL)
    {
      g_autoptr(GError) closed = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED, "closed");

      fail_everything (self, closed);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!_sc_madv_json_get_int (reply, "param", &token))
    {
      g_autoptr(GError) closed = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED, "closed");

      fail_everything (self, closed);
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
                               _("The camera did not start a session. Restart the camera, "
                                 "then connect again."));
      return;
    }

  self->token = (gint)token;
  self->is_open = TRUE;
  g_debug ("Session started with token %d", self->token);
  update_heartbeat (self);
  g_task_return_boolean (task, TRUE);
}

static void
on_connected_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScMadvClient *self = g_task_get_source_object (task);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection == NULL)
    {
      self->opening = FALSE;
      g_debug ("Connecting to %s:%u failed: %s", self->host, self->command_port, error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                                 _("Could not connect to the camera. Join the camera’s "
                                   "Wi-Fi network and check its address, then try again."));
      return;
    }

  if (!self->opening)
    {
      /* Closed meanwhile. */
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                               _("The connection was closed."));
      return;
    }

  /* The client's timeout was for connecting; it would also end every read
   * that waits longer (the camera may say nothing for minutes). */
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 0);
  g_socket_set_keepalive (g_socket_connection_get_socket (connection), TRUE);
  self->connection = g_steal_pointer (&connection);
  self->io_cancellable = g_cancellable_new ();
  self->last_activity_us = g_get_monotonic_time ();
  start_read (self);

  sc_madv_client_request_async (self, SC_MADV_MSG_START_SESSION, NULL, 0,
                                g_task_get_cancellable (task),
                                on_session_started_cb, g_object_ref (task));
}

/**
 * sc_madv_client_open_async:
 * @self: a client
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the session has started or failed
 * @user_data: data for @callback
 *
 * Connects to the command port (timeout %SC_MADV_CONNECT_TIMEOUT_S s) and
 * starts a session (257). A camera held by another client fails with
 * %SC_CAMERA_ERROR_BUSY and a message that says so. Does not block.
 */
void
sc_madv_client_open_async (ScMadvClient        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSocketClient) client = NULL;

  g_return_if_fail (SC_IS_MADV_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_madv_client_open_async);

  if (self->is_open || self->opening)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "The client is already open");
      return;
    }

  self->opening = TRUE;
  self->token = 0;
  client = g_socket_client_new ();
  g_socket_client_set_timeout (client, SC_MADV_CONNECT_TIMEOUT_S);
  g_socket_client_connect_to_host_async (client, self->host, self->command_port, cancellable,
                                         on_connected_cb, g_steal_pointer (&task));
}

/**
 * sc_madv_client_open_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether the session started
 */
gboolean
sc_madv_client_open_finish (ScMadvClient  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sc_madv_client_close:
 * @self: a client
 *
 * Sends 258 STOP_SESSION without waiting for the reply (a non-blocking
 * send; it is dropped if the socket cannot take it at once), closes both
 * connections and fails every pending request with %G_IO_ERROR_CLOSED.
 * Does not emit ::closed. Idempotent.
 */
void
sc_madv_client_close (ScMadvClient *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SC_IS_MADV_CLIENT (self));

  if (self->connection != NULL && self->is_open)
    {
      g_autoptr(GBytes) bytes = NULL;
      GSocket *socket = g_socket_connection_get_socket (self->connection);
      gsize size;
      gconstpointer data;

      bytes = _sc_madv_build_request (SC_MADV_MSG_STOP_SESSION, self->token, NULL);
      data = g_bytes_get_data (bytes, &size);

      if (!self->writing
          && g_socket_send_with_blocking (socket, data, size, FALSE, NULL, NULL) < 0)
        g_debug ("Could not send STOP_SESSION");
    }

  self->opening = FALSE;
  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED,
                               _("The connection to the camera was closed."));
  fail_everything (self, error);
  self->awake_count = 0;
}

/**
 * sc_madv_client_param:
 * @param: the value
 *
 * Returns: (transfer full): a new object {"param": @param}, for the
 *   @extra of sc_madv_client_request_async()
 */
JsonObject *
sc_madv_client_param (const char *param)
{
  JsonObject *object = json_object_new ();

  g_return_val_if_fail (param != NULL, object);

  json_object_set_string_member (object, "param", param);
  return object;
}

/**
 * sc_madv_client_request_async:
 * @self: a client
 * @msg_id: the message id
 * @extra: (nullable): members to add to the request (flat)
 * @timeout_ms: how long to wait for the reply once sent; 0 for
 *   %SC_MADV_DEFAULT_TIMEOUT_MS
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the reply
 * @user_data: data for @callback
 *
 * Queues a request; requests are sent one at a time and each waits for
 * the next message with its msg_id. A reply that never comes fails the
 * request with %G_IO_ERROR_TIMED_OUT and the queue goes on. rval −4
 * (token expired) starts a new session and sends the request once more.
 * Does not block.
 */
void
sc_madv_client_request_async (ScMadvClient        *self,
                              guint                msg_id,
                              JsonObject          *extra,
                              guint                timeout_ms,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (SC_IS_MADV_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_madv_client_request_async);

  if (self->connection == NULL
      || (!self->is_open && !(self->opening && msg_id == SC_MADV_MSG_START_SESSION)))
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                               _("The camera is not connected. Connect to it first."));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  request = request_new (msg_id, extra, timeout_ms);
  request->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    request->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_request_cancelled_cb),
                                                self, NULL);
  g_queue_push_tail (&self->queue, request);
  run_queue (self);
}

/**
 * sc_madv_client_request_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the reply, or %NULL on error
 */
JsonObject *
sc_madv_client_request_finish (ScMadvClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sc_madv_client_hold_awake:
 * @self: a client
 *
 * While held, the client sends 6154 WAKEUP_CAMERA whenever the command
 * connection has been idle for %SC_MADV_HEARTBEAT_IDLE_MS (HTTP downloads
 * and RTSP do not count as activity for the camera). Pair with
 * sc_madv_client_release_awake().
 */
void
sc_madv_client_hold_awake (ScMadvClient *self)
{
  g_return_if_fail (SC_IS_MADV_CLIENT (self));

  self->awake_count++;
  update_heartbeat (self);
}

/**
 * sc_madv_client_release_awake:
 * @self: a client
 *
 * Ends a sc_madv_client_hold_awake().
 */
void
sc_madv_client_release_awake (ScMadvClient *self)
{
  g_return_if_fail (SC_IS_MADV_CLIENT (self));

  if (self->awake_count > 0)
    self->awake_count--;
  update_heartbeat (self);
}
