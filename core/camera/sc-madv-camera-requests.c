/* sc-madv-camera-requests.c: JSON helpers for what the camera sends, camera
 * paths, and requests sent in a row
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-madv-camera"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-camera-private.h"
#include "sc-madv-camera-private.h"

/* ------------------------------------------------------------------ */
/* JSON helpers: the camera sends numbers as ints or strings            */

/**
 * _sc_madv_reply_get_int:
 * @object: (nullable): a reply
 * @member: its member
 * @value: (out): the number
 *
 * Reads a number the camera sent as an int, a double, a boolean or a
 * string.
 *
 * Returns: %TRUE when @member holds a usable number
 */
gboolean
_sc_madv_reply_get_int (JsonObject *object,
                        const char *member,
                        gint64     *value)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_INT64)
        {
          *value = json_node_get_int (node);
          return TRUE;
        }
      if (type == G_TYPE_DOUBLE)
        {
          double d = json_node_get_double (node);

          if (!isfinite (d) || fabs (d) > 9e15)
            return FALSE;
          *value = (gint64)d;
          return TRUE;
        }
      if (type == G_TYPE_BOOLEAN)
        {
          *value = json_node_get_boolean (node) ? 1 : 0;
          return TRUE;
        }
      if (type == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (node);
          char *end = NULL;
          gint64 n;

          if (text == NULL || *text == '\0')
            return FALSE;
          n = g_ascii_strtoll (text, &end, 0);
          if (end == text || *end != '\0')
            return FALSE;
          *value = n;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * _sc_madv_reply_get_string:
 * @object: (nullable): a reply
 * @member: its member
 *
 * Returns: (nullable): the string @member holds, or %NULL
 */
const char *
_sc_madv_reply_get_string (JsonObject *object,
                           const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

/**
 * _sc_madv_clean_string:
 * @text: (nullable): text from the camera
 *
 * Returns: (transfer full) (nullable): printable, bounded text, or %NULL
 *   when nothing is left
 */
char *
_sc_madv_clean_string (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0' && out->len < 256; p++)
    if ((guchar)*p >= 0x20 && (guchar)*p < 0x7f)
      g_string_append_c (out, *p);

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/**
 * _sc_madv_path_from_rtos:
 * @rtos_path: a path as notifications give it (`C:\DCIM\…`) or already a
 *   camera path (`/tmp/SD0/DCIM/…`)
 *
 * Returns: (transfer full) (nullable): the camera path, or %NULL when it is
 *   not a file in the DCIM folder
 */
char *
_sc_madv_path_from_rtos (const char *rtos_path)
{
  g_autofree char *path = NULL;
  g_auto(GStrv) parts = NULL;

  if (rtos_path == NULL)
    return NULL;

  path = g_strdup (rtos_path);
  g_strdelimit (path, "\\", '/');

  if (g_ascii_strncasecmp (path, "C:/", 3) == 0)
    {
      char *linux_path = g_strconcat ("/tmp/SD0/", path + 3, NULL);

      g_free (path);
      path = linux_path;
    }

  if (!g_str_has_prefix (path, SC_MADV_DCIM_PATH "/"))
    return NULL;

  /* No way out of DCIM. */
  parts = g_strsplit (path + strlen (SC_MADV_DCIM_PATH) + 1, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] == '\0' || strcmp (parts[i], ".") == 0 || strcmp (parts[i], "..") == 0)
      return NULL;

  return g_steal_pointer (&path);
}

/* ------------------------------------------------------------------ */
/* Requests in a row                                                   */

typedef struct
{
  guint       msg_id;
  JsonObject *extra;
  guint       timeout_ms;
  gboolean    optional;   /* a failure leaves NULL in the results */
} Step;

typedef struct
{
  GArray    *steps;       /* Step */
  GPtrArray *results;     /* JsonObject or NULL, one per step */
  guint      index;
} Chain;

static void
reply_unref (gpointer reply)
{
  if (reply != NULL)
    json_object_unref (reply);
}

static void
step_clear (Step *step)
{
  g_clear_pointer (&step->extra, json_object_unref);
}

static void
chain_free (Chain *chain)
{
  g_clear_pointer (&chain->steps, g_array_unref);
  g_clear_pointer (&chain->results, g_ptr_array_unref);
  g_free (chain);
}

/**
 * _sc_madv_steps_new:
 *
 * Returns: (transfer full): an empty list of steps for
 *   _sc_madv_camera_chain_async()
 */
GArray *
_sc_madv_steps_new (void)
{
  GArray *steps = g_array_new (FALSE, TRUE, sizeof (Step));

  g_array_set_clear_func (steps, (GDestroyNotify)step_clear);
  return steps;
}

/**
 * _sc_madv_steps_add:
 * @steps: the steps
 * @msg_id: the message
 * @extra: (nullable) (transfer full): members to add to the request
 * @timeout_ms: 0 for the default
 * @optional: whether a failure of this step leaves %NULL in the results
 *
 * Adds a request to @steps.
 */
void
_sc_madv_steps_add (GArray     *steps,
                    guint       msg_id,
                    JsonObject *extra,
                    guint       timeout_ms,
                    gboolean    optional)
{
  Step step = { msg_id, extra, timeout_ms, optional };

  g_array_append_val (steps, step);
}

static void chain_next (GTask *task);

static void
on_chain_reply_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Chain *chain = g_task_get_task_data (task);
  Step *step = &g_array_index (chain->steps, Step, chain->index);
  g_autoptr(GError) error = NULL;
  JsonObject *reply;

  reply = sc_madv_client_request_finish (SC_MADV_CLIENT (object), result, &error);
  if (reply == NULL && (!step->optional || g_task_return_error_if_cancelled (task)))
    {
      if (!g_task_had_error (task))
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (reply == NULL)
    g_debug ("Optional request %u failed: %s", step->msg_id, error->message);

  g_ptr_array_add (chain->results, reply);
  chain->index++;
  chain_next (g_steal_pointer (&task));
}

static void
chain_next (GTask *task)
{
  ScMadvCamera *self = g_task_get_source_object (task);
  Chain *chain = g_task_get_task_data (task);
  Step *step;

  if (chain->index >= chain->steps->len)
    {
      g_task_return_pointer (task, g_ptr_array_ref (chain->results),
                             (GDestroyNotify)g_ptr_array_unref);
      g_object_unref (task);
      return;
    }

  if (self->client == NULL)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                               _("The camera is not connected. Connect to it first."));
      g_object_unref (task);
      return;
    }

  step = &g_array_index (chain->steps, Step, chain->index);
  sc_madv_client_request_async (self->client, step->msg_id, step->extra, step->timeout_ms,
                                g_task_get_cancellable (task), on_chain_reply_cb, task);
}

/**
 * _sc_madv_camera_chain_async:
 * @self: the camera, connected
 * @steps: (transfer full): from _sc_madv_steps_new()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure
 *
 * Sends @steps one after the other; fails on the first failure of a step
 * that is not optional.
 */
void
_sc_madv_camera_chain_async (ScMadvCamera        *self,
                             GArray              *steps,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Chain *chain = g_new0 (Chain, 1);

  g_task_set_source_tag (task, _sc_madv_camera_chain_async);
  chain->steps = steps;
  chain->results = g_ptr_array_new_with_free_func (reply_unref);
  g_task_set_task_data (task, chain, (GDestroyNotify)chain_free);
  chain_next (task);
}

/**
 * _sc_madv_camera_chain_finish:
 * @self: the camera
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a GPtrArray of replies (#JsonObject
 *   or %NULL), one per step; free it with _sc_madv_results_free()
 */
GPtrArray *
_sc_madv_camera_chain_finish (ScMadvCamera  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * _sc_madv_results_free:
 * @results: from _sc_madv_camera_chain_finish()
 *
 * Frees the replies.
 */
void
_sc_madv_results_free (GPtrArray *results)
{
  g_ptr_array_unref (results);
}
