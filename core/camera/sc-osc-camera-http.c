/* sc-osc-camera-http.c: requests, replies, errors and the command queue
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-osc-camera"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-osc-camera-private.h"

#define READ_CHUNK (64 * 1024)

/* The command a message carries, for the usage statistics (object data). */
#define USAGE_COMMAND_KEY "sc-usage-command"

/* ------------------------------------------------------------------ */
/* Cancellation and timeouts shared by every request                  */

/* Every request runs on its own cancellable, cancelled by the caller's,
 * by the camera's (disconnect, dispose) or by the request's timeout. */
typedef struct
{
  GCancellable *cancellable;
  GCancellable *caller;
  gulong        caller_id;
  GCancellable *camera;
  gulong        camera_id;
  GSource      *timeout_source;
  gboolean      timed_out;
  guint         timeout_ms;
  char         *host;
  gboolean      have_credentials;
} OpCancel;

static void
on_linked_cancelled_cb (GCancellable *cancellable,
                        GCancellable *op_cancellable)
{
  g_cancellable_cancel (op_cancellable);
}

static gboolean
on_op_timeout_cb (gpointer user_data)
{
  OpCancel *op = user_data;

  g_debug ("Request timed out");
  op->timed_out = TRUE;
  g_cancellable_cancel (op->cancellable);
  g_clear_pointer (&op->timeout_source, g_source_unref);

  return G_SOURCE_REMOVE;
}

static void
op_cancel_init (OpCancel     *op,
                ScOscCamera  *self,
                GCancellable *caller,
                guint         timeout_ms)
{
  op->cancellable = g_cancellable_new ();
  op->timeout_ms = timeout_ms;
  op->host = g_strdup (g_uri_get_host (self->base_uri));
  op->have_credentials = self->username != NULL;

  if (caller != NULL)
    {
      op->caller = g_object_ref (caller);
      op->caller_id = g_cancellable_connect (caller, G_CALLBACK (on_linked_cancelled_cb),
                                             g_object_ref (op->cancellable), g_object_unref);
    }

  op->camera = g_object_ref (self->cancellable);
  op->camera_id = g_cancellable_connect (op->camera, G_CALLBACK (on_linked_cancelled_cb),
                                         g_object_ref (op->cancellable), g_object_unref);

  if (timeout_ms > 0)
    {
      op->timeout_source = g_timeout_source_new (timeout_ms);
      g_source_set_callback (op->timeout_source, on_op_timeout_cb, op, NULL);
      g_source_set_static_name (op->timeout_source, "[sc-osc-camera] request timeout");
      g_source_attach (op->timeout_source, self->context);
    }
}

static void
op_cancel_stop_timer (OpCancel *op)
{
  if (op->timeout_source != NULL)
    {
      g_source_destroy (op->timeout_source);
      g_clear_pointer (&op->timeout_source, g_source_unref);
    }
}

static void
op_cancel_clear (OpCancel *op)
{
  op_cancel_stop_timer (op);

  if (op->caller != NULL)
    {
      g_cancellable_disconnect (op->caller, op->caller_id);
      g_clear_object (&op->caller);
    }
  if (op->camera != NULL)
    {
      g_cancellable_disconnect (op->camera, op->camera_id);
      g_clear_object (&op->camera);
    }
  g_clear_object (&op->cancellable);
  g_clear_pointer (&op->host, g_free);
}

/* Takes @error; turns our own timeout into G_IO_ERROR_TIMED_OUT and
 * transport failures into camera errors. */
static GError *
op_cancel_map_error (OpCancel *op,
                     GError   *error)
{
  g_autoptr(GError) owned = error;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (op->timed_out && (op->caller == NULL || !g_cancellable_is_cancelled (op->caller)))
        return g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                            _("The camera did not answer within %.1f seconds. "
                              "Check that it is switched on and in range, then try again."),
                            op->timeout_ms / 1000.0);
      return g_steal_pointer (&owned);
    }

  return _sc_osc_error_from_transport (op->host, error);
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */

static gboolean
code_is_any (const char *code,
             ...)
{
  va_list args;
  gboolean found = FALSE;

  va_start (args, code);
  for (const char *s = va_arg (args, const char *); s != NULL; s = va_arg (args, const char *))
    if (g_ascii_strcasecmp (code, s) == 0)
      {
        found = TRUE;
        break;
      }
  va_end (args);

  return found;
}

/* Storage exhaustion has no standard OSC code; cameras and the emulator
 * spell it in several ways. */
static gboolean
code_means_no_space (const char *code,
                     const char *message)
{
  g_autofree char *lower_code = g_ascii_strdown (code, -1);
  g_autofree char *lower_message = g_ascii_strdown (message != NULL ? message : "", -1);

  return strstr (lower_code, "nomemory") != NULL ||
         strstr (lower_code, "no_memory") != NULL ||
         strstr (lower_code, "storagefull") != NULL ||
         strstr (lower_code, "diskfull") != NULL ||
         strstr (lower_code, "nofreespace") != NULL ||
         strstr (lower_code, "insufficientstorage") != NULL ||
         strstr (lower_code, "nospace") != NULL ||
         strstr (lower_message, "storage is full") != NULL ||
         strstr (lower_message, "disk full") != NULL ||
         strstr (lower_message, "no space") != NULL ||
         strstr (lower_message, "not enough space") != NULL ||
         strstr (lower_message, "storage full") != NULL;
}

/**
 * _sc_osc_error_from_reply:
 * @reply: an OSC reply carrying an "error" member
 * @status: the HTTP status it came with
 *
 * Maps the camera's error code onto our error domains, keeping the
 * camera's own message in the text.
 *
 * Returns: (transfer full): a new #GError
 */
GError *
_sc_osc_error_from_reply (JsonObject *reply,
                          guint       status)
{
  JsonObject *error = _sc_json_get_object (reply, "error");
  const char *code = NULL;
  const char *message = NULL;
  g_autofree char *detail = NULL;

  if (error != NULL)
    {
      code = _sc_json_get_string (error, "code");
      message = _sc_json_get_string (error, "message");
    }
  if (code == NULL)
    code = "";
  if (message == NULL || *message == '\0')
    message = *code != '\0' ? code : NULL;

  /* Whatever the camera says goes into the message verbatim but bounded. */
  if (message != NULL)
    detail = g_utf8_make_valid (message, MIN (strlen (message), 500));
  else
    detail = g_strdup_printf ("HTTP %u", status);

  g_debug ("Camera error: code “%s”, message “%s”, HTTP %u", code, detail, status);

  /* First: THETA refuses to shoot on a full card with "disabledCommand". */
  if (code_means_no_space (code, message))
    return g_error_new (G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                        _("The camera’s storage is full: %s. "
                          "Delete some files on the camera, then try again."), detail);

  if (code_is_any (code, "cameraInExclusiveUse", "disabledCommand", "serviceUnavailable", NULL))
    return g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                        _("The camera is busy and refused the command: %s. "
                          "Wait a moment and try again."), detail);

  if (code_is_any (code, "unknownCommand", NULL))
    return g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED,
                        _("The camera does not support this command: %s"), detail);

  if (code_is_any (code, "invalidParameterName", "invalidParameterValue", "missingParameter",
                   "tooManyParameters", NULL))
    return g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                        _("The camera refused the command: %s"), detail);

  if (code_is_any (code, "notFound", NULL))
    return g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                        _("The camera could not find the file: %s"), detail);

  if (code_is_any (code, "corruptedFile", "invalidFileFormat", NULL))
    return g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                        _("The camera says the file is damaged: %s"), detail);

  if (code_is_any (code, "powerOffSequenceRunning", NULL))
    return g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE,
                        _("The camera is switching off: %s"), detail);

  if (code_is_any (code, "canceledShooting", "canceledConversion", NULL))
    return g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                        _("The shot was cancelled on the camera: %s"), detail);

  if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    return g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                        _("The camera is busy and refused the command: %s. "
                          "Wait a moment and try again."), detail);

  return g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
                      _("The camera reported an error: %s"), detail);
}

static GError *
error_from_status (gboolean     have_credentials,
                   SoupMessage *message)
{
  guint status = soup_message_get_status (message);
  const char *reason = soup_message_get_reason_phrase (message);

  g_debug ("HTTP %u %s for %s", status, reason,
           g_uri_get_path (soup_message_get_uri (message)));

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      if (!have_credentials)
        return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PERMISSION_DENIED,
                                    _("The camera asks for a user name and password. "
                                      "Enter them and connect again."));
      return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PERMISSION_DENIED,
                                  _("The camera did not accept the user name and password. "
                                    "Check them and connect again."));
    }

  if (status == SOUP_STATUS_NOT_FOUND)
    return g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED,
                        _("The camera does not offer %s (HTTP %u)."),
                        g_uri_get_path (soup_message_get_uri (message)), status);

  if (status == SOUP_STATUS_SERVICE_UNAVAILABLE || status == 429)
    return g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                        _("The camera is busy (HTTP %u). Wait a moment and try again."), status);

  return g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
                      _("The camera answered with an HTTP error (%u %s)."),
                      status, reason != NULL ? reason : "");
}

/**
 * _sc_osc_error_from_transport:
 * @host: the camera's host name or address
 * @error: what libsoup or GIO reported
 *
 * Returns: (transfer full): a #GError the user can act on
 */
GError *
_sc_osc_error_from_transport (const char   *host,
                              const GError *error)
{
  g_debug ("Transport error talking to %s: %s (%s %d)", host, error->message,
           g_quark_to_string (error->domain), error->code);

  if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_CANCELLED:
          return g_error_copy (error);

        case G_IO_ERROR_TIMED_OUT:
          return g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                              _("The camera did not answer in time. "
                                "Check that it is switched on and in range, then try again."));

        case G_IO_ERROR_CONNECTION_REFUSED:
        case G_IO_ERROR_HOST_UNREACHABLE:
        case G_IO_ERROR_NETWORK_UNREACHABLE:
        case G_IO_ERROR_HOST_NOT_FOUND:
          return g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE,
                              _("Could not reach the camera at %s (%s). Check that it is switched "
                                "on and that this computer is on the camera’s network."),
                              host, error->message);

        case G_IO_ERROR_BROKEN_PIPE:
        case G_IO_ERROR_PARTIAL_INPUT:
        case G_IO_ERROR_CLOSED:
          return g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE,
                              _("The connection to the camera at %s was lost (%s). "
                                "Check that it is switched on and in range."),
                              host, error->message);

        default:
          break;
        }
    }

  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE,
                        _("Could not find the camera at %s (%s). Check the address."),
                        host, error->message);

  if (error->domain == G_TLS_ERROR)
    return g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
                        _("The camera’s secure connection could not be set up (%s)."),
                        error->message);

  return g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE,
                      _("Could not talk to the camera at %s (%s). "
                        "Check that it is switched on and in range."),
                      host, error->message);
}

/**
 * _sc_osc_protocol_error:
 * @debug_format: what was wrong, for the debug log only
 *
 * Returns: (transfer full): %SC_CAMERA_ERROR_PROTOCOL with the sentence
 *   users see for every reply we cannot understand
 */
GError *
_sc_osc_protocol_error (const char *debug_format,
                        ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, debug_format);
  detail = g_strdup_vprintf (debug_format, args);
  va_end (args);

  g_debug ("Protocol error: %s", detail);
  return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
                              _("The camera sent a reply that could not be understood."));
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */

/* json-glib parses recursively: refuse absurd nesting before it does. */
static gboolean
json_depth_ok (const char *data,
               gsize       length)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > SC_OSC_MAX_JSON_DEPTH)
            return FALSE;
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }

  return TRUE;
}

/**
 * _sc_osc_parse_json_object:
 * @data: the reply body
 * @length: its length
 * @error: return location for a #GError
 *
 * Parses a reply that must be a JSON object, defensively.
 *
 * Returns: (transfer full): the object, or %NULL with
 *   %SC_CAMERA_ERROR_PROTOCOL
 */
JsonObject *
_sc_osc_parse_json_object (const char  *data,
                           gsize        length,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (length == 0)
    {
      g_propagate_error (error, _sc_osc_protocol_error ("empty reply"));
      return NULL;
    }

  if (!g_utf8_validate (data, length, NULL))
    {
      g_propagate_error (error, _sc_osc_protocol_error ("reply is not UTF-8"));
      return NULL;
    }

  if (!json_depth_ok (data, length))
    {
      g_propagate_error (error, _sc_osc_protocol_error ("reply nests deeper than %d levels",
                                                SC_OSC_MAX_JSON_DEPTH));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_autofree char *start = g_strndup (data, MIN (length, 200));
      g_propagate_error (error, _sc_osc_protocol_error ("malformed JSON (%s): %s",
                                                local_error->message, start));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, _sc_osc_protocol_error ("reply is not a JSON object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/* ------------------------------------------------------------------ */
/* Messages                                                            */

static gboolean
on_message_authenticate_cb (SoupMessage *message,
                            SoupAuth    *auth,
                            gboolean     retrying,
                            ScOscCamera *self)
{
  if (self->username == NULL)
    {
      g_debug ("The camera asks for credentials (%s) and we have none",
               soup_auth_get_scheme_name (auth));
      return FALSE;
    }

  if (retrying)
    {
      g_debug ("The camera rejected the credentials for user “%s”", self->username);
      return FALSE;
    }

  soup_auth_authenticate (auth, self->username, self->password != NULL ? self->password : "");
  return TRUE;
}

/**
 * _sc_osc_camera_resolve:
 * @self: the camera
 * @path_or_url: "/osc/info" or a URL the camera gave us
 *
 * Builds the URL to request. URLs from the camera are re-rooted on the
 * camera's own address, so an untrusted reply can never send us (and our
 * credentials) to another host.
 *
 * Returns: (transfer full) (nullable): the URL
 */
char *
_sc_osc_camera_resolve (ScOscCamera *self,
                        const char  *path_or_url)
{
  g_autoptr(GUri) given = NULL;
  g_autoptr(GUri) resolved = NULL;
  const char *path;
  const char *query = NULL;

  if (path_or_url == NULL)
    return NULL;

  given = g_uri_parse (path_or_url, G_URI_FLAGS_ENCODED, NULL);
  if (given != NULL)
    {
      path = g_uri_get_path (given);
      query = g_uri_get_query (given);
    }
  else
    {
      g_autoptr(GUri) relative = g_uri_parse_relative (self->base_uri, path_or_url,
                                                       G_URI_FLAGS_ENCODED, NULL);
      if (relative == NULL)
        return NULL;
      given = g_steal_pointer (&relative);
      path = g_uri_get_path (given);
      query = g_uri_get_query (given);
    }

  if (path == NULL || *path != '/')
    return NULL;

  resolved = g_uri_build (G_URI_FLAGS_ENCODED,
                          g_uri_get_scheme (self->base_uri), NULL,
                          g_uri_get_host (self->base_uri), g_uri_get_port (self->base_uri),
                          path, query, NULL);
  return g_uri_to_string (resolved);
}

/* What the usage statistics may know about a request: the OSC command's
 * name ("camera.takePicture") or the fixed endpoint ("/osc/info"). Never
 * parameters, hosts or file names; NULL for anything else (URLs the camera
 * gave us). */
static char *
usage_command_for (const char *path,
                   JsonNode   *body)
{
  if (g_strcmp0 (path, "/osc/commands/execute") == 0)
    {
      const char *name = NULL;

      if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
        name = _sc_json_get_string (json_node_get_object (body), "name");
      return g_strdup (name);
    }

  if (g_strcmp0 (path, "/osc/info") == 0 ||
      g_strcmp0 (path, "/osc/state") == 0 ||
      g_strcmp0 (path, "/osc/checkForUpdates") == 0 ||
      g_strcmp0 (path, "/osc/commands/status") == 0)
    return g_strdup (path);

  return NULL;
}

/**
 * _sc_osc_camera_new_message:
 * @self: the camera
 * @method: "GET" or "POST"
 * @path: a path on the camera, or a URL the camera gave
 * @body: (nullable): a JSON body
 *
 * Returns: (transfer full) (nullable): a message with the OSC headers and
 *   our authentication handler
 */
SoupMessage *
_sc_osc_camera_new_message (ScOscCamera *self,
                            const char  *method,
                            const char  *path,
                            JsonNode    *body)
{
  g_autofree char *url = _sc_osc_camera_resolve (self, path);
  SoupMessageHeaders *headers;
  SoupMessage *message;

  if (url == NULL)
    return NULL;

  message = soup_message_new (method, url);
  if (message == NULL)
    return NULL;

  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "X-XSRF-Protected", "1");

  if (body != NULL)
    {
      gsize length = 0;
      char *text = NULL;
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(GBytes) bytes = NULL;

      json_generator_set_root (generator, body);
      text = json_generator_to_data (generator, &length);
      bytes = g_bytes_new_take (text, length);
      soup_message_set_request_body_from_bytes (message, "application/json;charset=utf-8", bytes);
    }
  else
    {
      soup_message_headers_replace (headers, "Content-Type", "application/json;charset=utf-8");
    }

  g_signal_connect_object (message, "authenticate",
                           G_CALLBACK (on_message_authenticate_cb), self, 0);

  g_object_set_data_full (G_OBJECT (message), USAGE_COMMAND_KEY,
                          usage_command_for (path, body), g_free);

  return message;
}

/* ------------------------------------------------------------------ */
/* Sending a message and reading its (bounded) reply                   */

typedef struct
{
  OpCancel      op;
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *body;
  gboolean      headers_only;
  gint64        started;        /* monotonic µs, for the usage statistics */
} RequestData;

static void
request_data_free (RequestData *data)
{
  op_cancel_clear (&data->op);
  g_clear_object (&data->message);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->body, g_byte_array_unref);
  g_free (data);
}

static void read_reply (GTask *task);

/* Counts the request in the usage statistics (a no-op unless the user
 * turned them on): its command, how long it took, whether it failed. A
 * request the caller cancelled is not a failure of the camera. */
static void
record_request (GTask        *task,
                const GError *error)
{
  RequestData *data = g_task_get_task_data (task);
  const char *command = g_object_get_data (G_OBJECT (data->message), USAGE_COMMAND_KEY);
  gint64 duration_ms = (g_get_monotonic_time () - data->started) / 1000;

  if (command == NULL)
    return;

  sc_usage_stats_record_request (sc_usage_stats_get_default (), command, duration_ms,
                                 error != NULL &&
                                 !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
}

static void
request_return_error (GTask  *task,
                      GError *error)
{
  record_request (task, error);
  g_task_return_error (task, error);
}

static void
request_finish_body (GTask *task)
{
  RequestData *data = g_task_get_task_data (task);
  guint status = soup_message_get_status (data->message);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;

  op_cancel_stop_timer (&data->op);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      request_return_error (task, error_from_status (data->op.have_credentials, data->message));
      return;
    }

  reply = _sc_osc_parse_json_object ((const char *)data->body->data, data->body->len, &error);

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      if (reply != NULL && _sc_json_get_object (reply, "error") != NULL)
        request_return_error (task, _sc_osc_error_from_reply (reply, status));
      else
        request_return_error (task, error_from_status (data->op.have_credentials, data->message));
      return;
    }

  if (reply == NULL)
    {
      request_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_strcmp0 (_sc_json_get_string (reply, "state"), "error") == 0)
    {
      request_return_error (task, _sc_osc_error_from_reply (reply, status));
      return;
    }

  record_request (task, NULL);
  g_task_return_pointer (task, g_steal_pointer (&reply), (GDestroyNotify)json_object_unref);
}

static void
on_reply_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      request_return_error (task, op_cancel_map_error (&data->op, g_steal_pointer (&error)));
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      request_finish_body (task);
      return;
    }

  if (data->body->len + g_bytes_get_size (bytes) > SC_OSC_MAX_JSON_BYTES)
    {
      g_cancellable_cancel (data->op.cancellable);
      request_return_error (task, _sc_osc_protocol_error ("reply larger than %d bytes",
                                                          SC_OSC_MAX_JSON_BYTES));
      return;
    }

  g_byte_array_append (data->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  read_reply (g_steal_pointer (&task));
}

static void
read_reply (GTask *task)
{
  RequestData *data = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   data->op.cancellable, on_reply_read_cb, task);
}

static void
on_request_sent_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  goffset length;

  data->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (data->stream == NULL)
    {
      request_return_error (task, op_cancel_map_error (&data->op, g_steal_pointer (&error)));
      return;
    }

  if (data->headers_only)
    {
      /* The body is the caller's (the live preview): the timeout only
       * covered getting the headers. */
      op_cancel_stop_timer (&data->op);
      record_request (task, NULL);
      g_task_return_pointer (task, g_object_ref (data->stream), g_object_unref);
      return;
    }

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (data->message));
  if (length > SC_OSC_MAX_JSON_BYTES)
    {
      g_cancellable_cancel (data->op.cancellable);
      request_return_error (task, _sc_osc_protocol_error ("reply announces %" G_GOFFSET_FORMAT
                                                          " bytes", length));
      return;
    }

  data->body = g_byte_array_sized_new (length > 0 ? (guint)length : 1024);
  read_reply (g_steal_pointer (&task));
}

/* The task goes to the callback: its only reference. */
static void
start_request (ScOscCamera         *self,
               SoupMessage         *message,
               gboolean             headers_only,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag)
{
  GTask *task;
  RequestData *data;

  /* No source object: a request does not keep the camera alive (the
   * watcher's requests must not), and never touches it after starting. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  data = g_new0 (RequestData, 1);
  data->message = message;
  data->headers_only = headers_only;
  data->started = g_get_monotonic_time ();
  g_task_set_task_data (task, data, (GDestroyNotify)request_data_free);

  op_cancel_init (&data->op, self, cancellable, self->timeout_ms);

  g_debug ("%s %s", soup_message_get_method (message),
           g_uri_get_path (soup_message_get_uri (message)));

  soup_session_send_async (self->session, message, G_PRIORITY_DEFAULT,
                           data->op.cancellable, on_request_sent_cb, task);
}

/**
 * _sc_osc_camera_request_async:
 * @self: the camera
 * @method: "GET" or "POST"
 * @path: e.g. "/osc/state"
 * @body: (nullable): the JSON body
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the reply
 * @user_data: closure for @callback
 *
 * One JSON request, not queued, bounded by #ScOscCamera:timeout and by
 * %SC_OSC_MAX_JSON_BYTES. Error replies become errors. The callback gets
 * a %NULL source object: the request holds no reference on the camera.
 */
void
_sc_osc_camera_request_async (ScOscCamera         *self,
                              const char          *method,
                              const char          *path,
                              JsonNode            *body,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  SoupMessage *message;

  g_assert (SC_IS_OSC_CAMERA (self));

  message = _sc_osc_camera_new_message (self, method, path, body);
  if (message == NULL)
    {
      g_task_report_new_error (NULL, callback, user_data, _sc_osc_camera_request_async,
                               SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
                               _("The camera sent an address that could not be used."));
      return;
    }

  start_request (self, message, FALSE, cancellable, callback, user_data,
                 _sc_osc_camera_request_async);
}

/**
 * _sc_osc_camera_request_finish:
 *
 * Returns: (transfer full): the reply object, or %NULL
 */
JsonObject *
_sc_osc_camera_request_finish (ScOscCamera   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * _sc_osc_camera_send_async:
 * @self: the camera
 * @message: (transfer full): a message from _sc_osc_camera_new_message()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the headers arrived
 * @user_data: closure for @callback
 *
 * Sends @message and completes with its body stream as soon as the headers
 * arrived; the timeout covers only that. The status is not checked.
 */
void
_sc_osc_camera_send_async (ScOscCamera         *self,
                           SoupMessage         *message,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_assert (SC_IS_OSC_CAMERA (self));
  g_assert (SOUP_IS_MESSAGE (message));

  start_request (self, message, TRUE, cancellable, callback, user_data,
                 _sc_osc_camera_send_async);
}

GInputStream *
_sc_osc_camera_send_finish (ScOscCamera   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
