/* sc-osc-camera-queue.c: one command at a time, and commands/status polling
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-osc-camera"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-osc-camera-private.h"

/* THETA: setOptions needs a second to settle before these commands. */
#define SETTLE_US (G_USEC_PER_SEC)

/* ------------------------------------------------------------------ */
/* The command queue: one command at a time                            */

typedef struct
{
  GTask          *task;
  ScOscQueueFunc  start;
  GCancellable   *cancellable;
  gulong          cancel_id;
} QueueEntry;

static void
queue_entry_free (QueueEntry *entry)
{
  if (entry->cancellable != NULL)
    {
      g_cancellable_disconnect (entry->cancellable, entry->cancel_id);
      g_clear_object (&entry->cancellable);
    }
  g_clear_object (&entry->task);
  g_free (entry);
}

static void schedule_queue (ScOscCamera *self);

static gboolean
run_queue_cb (gpointer user_data)
{
  ScOscCamera *self = user_data;
  GList *l;

  self->queue_idle_id = 0;

  /* Cancelled entries leave the queue at once, wherever they are. */
  l = self->queue.head;
  while (l != NULL)
    {
      QueueEntry *entry = l->data;
      GList *next = l->next;

      if (entry->cancellable != NULL && g_cancellable_is_cancelled (entry->cancellable))
        {
          g_queue_delete_link (&self->queue, l);
          g_task_return_new_error (entry->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                   _("The operation was cancelled."));
          queue_entry_free (entry);
        }
      l = next;
    }

  if (self->queue_current == NULL && !g_queue_is_empty (&self->queue))
    {
      QueueEntry *entry = g_queue_pop_head (&self->queue);
      GTask *task = g_object_ref (entry->task);
      ScOscQueueFunc start = entry->start;

      queue_entry_free (entry);
      self->queue_current = task;
      start (self, task);
      g_object_unref (task);
    }

  return G_SOURCE_REMOVE;
}

static void
schedule_queue (ScOscCamera *self)
{
  GSource *source;

  if (self->queue_idle_id != 0)
    return;

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, run_queue_cb, self, NULL);
  g_source_set_static_name (source, "[sc-osc-camera] queue");
  self->queue_idle_id = g_source_attach (source, self->context);
  g_source_unref (source);
}

static gboolean
on_queued_cancelled_idle_cb (gpointer user_data)
{
  ScOscCamera *self = user_data;

  if (!g_queue_is_empty (&self->queue))
    run_queue_cb (self);

  return G_SOURCE_REMOVE;
}

static void
on_task_completed_cb (GTask       *task,
                      GParamSpec  *pspec,
                      ScOscCamera *self)
{
  g_signal_handlers_disconnect_by_func (task, on_task_completed_cb, self);
  _sc_osc_camera_queue_release (self, task);
}

static void
on_queued_cancelled_cb (GCancellable *cancellable,
                        ScOscCamera  *self)
{
  GSource *source;

  /* May run in any thread and inside g_cancellable_cancel(): only hop to
   * the camera's context. The queued task holds the camera alive. */
  source = g_idle_source_new ();
  g_source_set_callback (source, on_queued_cancelled_idle_cb, g_object_ref (self), g_object_unref);
  g_source_set_static_name (source, "[sc-osc-camera] queue cancelled");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

/**
 * _sc_osc_camera_enqueue:
 * @self: the camera
 * @task: the operation; its cancellable also removes it from the queue
 * @start: called when it is this operation's turn
 *
 * Serialises operations: OSC cameras expect a single client doing one
 * thing at a time. An operation holds the queue from @start until @task
 * completes (or an earlier _sc_osc_camera_queue_release()); the commands
 * it sends meanwhile use %SC_OSC_EXECUTE_HELD, so that a picture's
 * "switch to still mode, then shoot" is never split by another caller.
 */
void
_sc_osc_camera_enqueue (ScOscCamera    *self,
                        GTask          *task,
                        ScOscQueueFunc  start)
{
  QueueEntry *entry = g_new0 (QueueEntry, 1);
  GCancellable *cancellable = g_task_get_cancellable (task);

  entry->task = g_object_ref (task);
  entry->start = start;
  g_signal_connect (task, "notify::completed", G_CALLBACK (on_task_completed_cb), self);
  if (cancellable != NULL)
    {
      entry->cancellable = g_object_ref (cancellable);
      entry->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_queued_cancelled_cb),
                                                self, NULL);
    }

  g_queue_push_tail (&self->queue, entry);
  schedule_queue (self);
}

/**
 * _sc_osc_camera_queue_release:
 * @self: the camera
 * @task: the running operation
 *
 * Lets the next queued operation start. Call before returning @task.
 */
void
_sc_osc_camera_queue_release (ScOscCamera *self,
                              GTask       *task)
{
  if (self->queue_current != task)
    return;

  self->queue_current = NULL;
  if (!g_queue_is_empty (&self->queue))
    schedule_queue (self);
}

/**
 * _sc_osc_camera_queue_cancel_all:
 * @self: the camera
 *
 * Fails every queued (not yet started) operation with
 * %SC_CAMERA_ERROR_NOT_CONNECTED. For disconnect.
 */
void
_sc_osc_camera_queue_cancel_all (ScOscCamera *self)
{
  QueueEntry *entry;

  while ((entry = g_queue_pop_head (&self->queue)) != NULL)
    {
      g_task_return_new_error (entry->task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                               _("The camera was disconnected. Connect to it again."));
      queue_entry_free (entry);
    }
  g_clear_handle_id (&self->queue_idle_id, g_source_remove);
}

/* ------------------------------------------------------------------ */
/* commands/execute with commands/status polling                       */

typedef struct
{
  char              *name;
  JsonObject        *parameters;
  ScOscExecuteFlags  flags;
  gint64             deadline_us;
  guint              timeout_s;
  char              *id;
  GSource           *wait_source;
} ExecuteData;

static void
execute_data_free (ExecuteData *data)
{
  if (data->wait_source != NULL)
    {
      g_source_destroy (data->wait_source);
      g_source_unref (data->wait_source);
    }
  g_free (data->name);
  g_clear_pointer (&data->parameters, json_object_unref);
  g_free (data->id);
  g_free (data);
}

static void
execute_return_error (GTask  *task,
                      GError *error)
{
  ScOscCamera *self = g_task_get_source_object (task);

  _sc_osc_camera_queue_release (self, task);
  g_task_return_error (task, error);
}

static void
execute_return_results (GTask      *task,
                        JsonObject *results)
{
  ScOscCamera *self = g_task_get_source_object (task);

  _sc_osc_camera_queue_release (self, task);
  g_task_return_pointer (task, results, (GDestroyNotify)json_object_unref);
}

static void execute_poll (GTask *task);

static gboolean
task_is_cancelled (GTask *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  return cancellable != NULL && g_cancellable_is_cancelled (cancellable);
}

static void
execute_wait (GTask       *task,
              guint        delay_ms,
              GSourceFunc  func)
{
  ScOscCamera *self = g_task_get_source_object (task);
  ExecuteData *data = g_task_get_task_data (task);

  g_assert (data->wait_source == NULL);

  data->wait_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (data->wait_source, func, g_object_ref (task), g_object_unref);
  g_source_set_static_name (data->wait_source, "[sc-osc-camera] command wait");
  g_source_attach (data->wait_source, self->context);
}

static void
handle_command_object (GTask      *task,
                       JsonObject *reply)
{
  ExecuteData *data = g_task_get_task_data (task);
  const char *state = _sc_json_get_string (reply, "state");
  JsonObject *results;

  if (state == NULL)
    state = _sc_json_get_object (reply, "error") != NULL ? "error" : "done";

  if (g_strcmp0 (state, "done") == 0)
    {
      results = _sc_json_get_object (reply, "results");
      if (results != NULL)
        json_object_ref (results);
      else
        results = json_object_new ();

      /* THETA X/Z1 also put "_fileUrls" at the top level. */
      if (!json_object_has_member (results, "_fileUrls") &&
          _sc_json_get_array (reply, "_fileUrls") != NULL)
        json_object_set_array_member (results, "_fileUrls",
                                      json_array_ref (_sc_json_get_array (reply, "_fileUrls")));

      g_debug ("%s done", data->name);
      execute_return_results (task, results);
      return;
    }

  if (g_strcmp0 (state, "error") == 0)
    {
      execute_return_error (task, _sc_osc_error_from_reply (reply, SOUP_STATUS_OK));
      return;
    }

  if (g_strcmp0 (state, "inProgress") == 0)
    {
      JsonNode *id_node = json_object_get_member (reply, "id");
      gint64 numeric_id;

      if (data->id == NULL)
        {
          if (_sc_json_get_string (reply, "id") != NULL)
            data->id = g_strdup (_sc_json_get_string (reply, "id"));
          else if (_sc_json_node_get_int64 (id_node, &numeric_id))
            data->id = g_strdup_printf ("%" G_GINT64_FORMAT, numeric_id);
        }

      if (data->flags & SC_OSC_EXECUTE_NO_WAIT)
        {
          JsonObject *pending = json_object_new ();

          json_object_set_boolean_member (pending, "inProgress", TRUE);
          if (data->id != NULL)
            json_object_set_string_member (pending, "id", data->id);
          execute_return_results (task, pending);
          return;
        }

      if (data->id == NULL)
        {
          execute_return_error (task, _sc_osc_protocol_error ("%s in progress without an id", data->name));
          return;
        }

      execute_poll (task);
      return;
    }

  execute_return_error (task, _sc_osc_protocol_error ("%s: unknown command state “%s”", data->name, state));
}

static void
on_execute_reply_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) reply = NULL;
  GError *error = NULL;

  reply = _sc_osc_camera_request_finish (g_task_get_source_object (task), result, &error);
  if (reply == NULL)
    {
      execute_return_error (task, error);
      return;
    }

  handle_command_object (task, reply);
}

static gboolean
on_poll_cb (gpointer user_data)
{
  GTask *task = user_data;
  ScOscCamera *self = g_task_get_source_object (task);
  ExecuteData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;

  g_clear_pointer (&data->wait_source, g_source_unref);

  if (task_is_cancelled (task))
    {
      execute_return_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                               _("The operation was cancelled.")));
      return G_SOURCE_REMOVE;
    }

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      execute_return_error (task, g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                                               _("The camera was disconnected. Connect to it again.")));
      return G_SOURCE_REMOVE;
    }

  if (g_get_monotonic_time () > data->deadline_us)
    {
      execute_return_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                               _("The camera did not finish “%s” within %u seconds. "
                                                 "Check the camera, then try again."),
                                               data->name, data->timeout_s));
      return G_SOURCE_REMOVE;
    }

  object = json_object_new ();
  json_object_set_string_member (object, "id", data->id);
  body = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  _sc_osc_camera_request_async (self, "POST", "/osc/commands/status", body,
                                g_task_get_cancellable (task),
                                on_execute_reply_cb, g_object_ref (task));

  return G_SOURCE_REMOVE;
}

static void
execute_poll (GTask *task)
{
  execute_wait (task, SC_OSC_POLL_INTERVAL_MS, on_poll_cb);
}

static gboolean
needs_settle (const char *name)
{
  return g_strcmp0 (name, "camera.takePicture") == 0 ||
         g_strcmp0 (name, "camera.startCapture") == 0 ||
         g_strcmp0 (name, "camera.getLivePreview") == 0;
}

static void execute_send (GTask *task);

static gboolean
on_settled_cb (gpointer user_data)
{
  GTask *task = user_data;
  ExecuteData *data = g_task_get_task_data (task);

  g_clear_pointer (&data->wait_source, g_source_unref);
  execute_send (task);

  return G_SOURCE_REMOVE;
}

static void
execute_send (GTask *task)
{
  ScOscCamera *self = g_task_get_source_object (task);
  ExecuteData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;
  JsonObject *parameters;

  if (task_is_cancelled (task))
    {
      execute_return_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                               _("The operation was cancelled.")));
      return;
    }

  object = json_object_new ();
  json_object_set_string_member (object, "name", data->name);
  parameters = data->parameters != NULL ? json_object_ref (data->parameters) : json_object_new ();
  if (self->session_id != NULL && !(data->flags & SC_OSC_EXECUTE_NO_SESSION) &&
      !json_object_has_member (parameters, "sessionId"))
    json_object_set_string_member (parameters, "sessionId", self->session_id);
  json_object_set_object_member (object, "parameters", parameters);
  body = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  g_debug ("Executing %s", data->name);
  data->deadline_us = g_get_monotonic_time () + (gint64)data->timeout_s * G_USEC_PER_SEC;

  if (g_strcmp0 (data->name, "camera.setOptions") == 0)
    self->last_set_options_us = g_get_monotonic_time ();

  _sc_osc_camera_request_async (self, "POST", "/osc/commands/execute", body,
                                g_task_get_cancellable (task),
                                on_execute_reply_cb, g_object_ref (task));
}

/**
 * _sc_osc_camera_settle_delay_ms:
 * @self: the camera
 *
 * Returns: how long to wait before shooting or opening the preview, so
 *   that the last setOptions had a second to settle (THETA rule)
 */
guint
_sc_osc_camera_settle_delay_ms (ScOscCamera *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->last_set_options_us == 0 || now >= self->last_set_options_us + SETTLE_US)
    return 0;

  return (guint)((self->last_set_options_us + SETTLE_US - now) / 1000) + 1;
}

static void
execute_start (ScOscCamera *self,
               GTask       *task)
{
  ExecuteData *data = g_task_get_task_data (task);
  guint delay_ms = needs_settle (data->name) ? _sc_osc_camera_settle_delay_ms (self) : 0;

  if (delay_ms > 0)
    {
      g_debug ("Waiting %u ms after setOptions before %s", delay_ms, data->name);
      execute_wait (task, delay_ms, on_settled_cb);
      return;
    }

  execute_send (task);
}

/**
 * _sc_osc_camera_execute_async:
 * @self: the camera
 * @name: the command, e.g. "camera.takePicture"
 * @parameters: (nullable): its parameters
 * @flags: #ScOscExecuteFlags
 * @timeout_s: how long the whole command (with polling) may take
 * @cancellable: (nullable): a #GCancellable; cancelling stops the polling
 * @callback: called with the results
 * @user_data: closure for @callback
 *
 * Runs a command through the queue, polling commands/status every
 * %SC_OSC_POLL_INTERVAL_MS while it is "inProgress".
 */
void
_sc_osc_camera_execute_async (ScOscCamera         *self,
                              const char          *name,
                              JsonObject          *parameters,
                              ScOscExecuteFlags    flags,
                              guint                timeout_s,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExecuteData *data;

  g_assert (SC_IS_OSC_CAMERA (self));
  g_assert (name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _sc_osc_camera_execute_async);
  data = g_new0 (ExecuteData, 1);
  data->name = g_strdup (name);
  data->parameters = parameters != NULL ? json_object_ref (parameters) : NULL;
  data->flags = flags;
  data->timeout_s = MAX (timeout_s, 1);
  g_task_set_task_data (task, data, (GDestroyNotify)execute_data_free);

  /* A step of an operation that already holds the queue runs at once. */
  if (flags & SC_OSC_EXECUTE_HELD)
    {
      g_assert (self->queue_current != NULL);
      execute_start (self, task);
      return;
    }

  _sc_osc_camera_enqueue (self, task, execute_start);
}

/**
 * _sc_osc_camera_execute_finish:
 *
 * Returns: (transfer full): the command's "results" (an empty object when
 *   it has none), or %NULL
 */
JsonObject *
_sc_osc_camera_execute_finish (ScOscCamera   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
