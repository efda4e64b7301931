/* emu-server.c: the emulator's HTTP side: routing, auth, JSON replies
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "emu-server"

#include "config.h"

#include <string.h>

#include "emu-json.h"
#include "emu-private.h"

#define SC_EMU_REALM           "Spherecam Emulator"
#define SC_EMU_MAX_WAIT_S      5
#define SC_EMU_THROTTLE_S      1

typedef void (*RouteFunc) (ScEmuCamera  *self,
                           ScEmuRequest *request);

typedef struct
{
  ScEmuCamera  *camera;
  ScEmuRequest *request;
  RouteFunc     func;
} Deferred;

typedef struct
{
  ScEmuCamera  *camera;
  ScEmuRequest *request;
  guint         timeout_id;
} Waiter;

static void
on_request_finished_cb (SoupServerMessage *msg,
                        ScEmuRequest      *request)
{
  request->finished = TRUE;
}

static void
request_clear (ScEmuRequest *request)
{
  g_clear_signal_handler (&request->finished_id, request->msg);
  g_clear_object (&request->msg);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_clear_pointer (&request->body, json_object_unref);
  g_free (request->path);
}

static ScEmuRequest *
request_new (SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query)
{
  ScEmuRequest *request = g_atomic_rc_box_new0 (ScEmuRequest);

  request->msg = g_object_ref (msg);
  request->path = g_strdup (path);
  request->query = query != NULL ? g_hash_table_ref (query) : NULL;
  request->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (on_request_finished_cb), request);

  return request;
}

ScEmuRequest *
sc_emu_request_ref (ScEmuRequest *request)
{
  return g_atomic_rc_box_acquire (request);
}

void
sc_emu_request_unref (ScEmuRequest *request)
{
  g_atomic_rc_box_release_full (request, (GDestroyNotify)request_clear);
}

/* Keeps the response from being sent until a reply is set later. */
void
sc_emu_request_defer (ScEmuRequest *request)
{
  if (request->paused || request->finished)
    return;

  request->paused = TRUE;
  soup_server_message_pause (request->msg);
}

/* Lets libsoup go on writing; harmless when not paused, and a no-op once
 * the client has gone (libsoup has then dropped the message's I/O). */
void
sc_emu_request_resume (ScEmuRequest *request)
{
  if (request->finished)
    return;

  request->paused = FALSE;
  soup_server_message_unpause (request->msg);
}

static void
set_json_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
}

/* Replies with @object as JSON. With the malformed-json fault, the
 * document is cut in half (still a well-formed HTTP reply). */
void
sc_emu_request_reply_json (ScEmuRequest *request,
                           ScEmuCamera  *camera,
                           guint         status,
                           JsonObject   *object)
{
  g_autofree char *text = sc_emu_json_object_to_string (object, FALSE);
  gsize length = strlen (text);

  if (request->finished)
    return;

  if (camera->config->faults.malformed_json &&
      (g_str_equal (request->path, "/osc/info") || g_str_equal (request->path, "/osc/state") ||
       g_str_equal (request->path, "/osc/commands/execute")))
    length /= 2;

  soup_server_message_set_status (request->msg, status, NULL);
  set_json_headers (request->msg);
  soup_server_message_set_response (request->msg, "application/json;charset=utf-8",
                                    SOUP_MEMORY_COPY, text, length);
  sc_emu_request_resume (request);
}

void
sc_emu_request_reply_text (ScEmuRequest *request,
                           guint         status,
                           const char   *text)
{
  if (request->finished)
    return;

  soup_server_message_set_status (request->msg, status, NULL);
  soup_server_message_set_response (request->msg, "text/plain;charset=utf-8",
                                    SOUP_MEMORY_COPY, text, strlen (text));
  sc_emu_request_resume (request);
}

/* The OSC error reply: {"name", "state": "error", "error": {code, message}}
 * with the HTTP status of the code. */
void
sc_emu_request_reply_error (ScEmuRequest *request,
                            ScEmuCamera  *camera,
                            const char   *name,
                            const GError *error)
{
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonObject *details = json_object_new ();
  int code = error->domain == SC_EMU_OSC_ERROR ? error->code : SC_EMU_OSC_UNEXPECTED;

  json_object_set_string_member (reply, "name", name != NULL ? name : "");
  json_object_set_string_member (reply, "state", "error");
  json_object_set_string_member (details, "code", sc_emu_osc_error_name (code));
  json_object_set_string_member (details, "message", error->message);
  json_object_set_object_member (reply, "error", details);
  g_debug ("%s: %s (%s)", name != NULL ? name : request->path, sc_emu_osc_error_name (code), error->message);

  sc_emu_request_reply_json (request, camera, sc_emu_osc_error_http_status (code), reply);
}

static void
route_info (ScEmuCamera  *self,
            ScEmuRequest *request)
{
  g_autoptr(JsonObject) info = sc_emu_camera_info_json (self);

  sc_emu_request_reply_json (request, self, SOUP_STATUS_OK, info);
}

static void
route_state (ScEmuCamera  *self,
             ScEmuRequest *request)
{
  g_autoptr(JsonObject) state = sc_emu_camera_state_json (self);

  sc_emu_request_reply_json (request, self, SOUP_STATUS_OK, state);
}

static void
reply_updates (ScEmuCamera  *self,
               ScEmuRequest *request)
{
  g_autoptr(JsonObject) reply = json_object_new ();
  g_autofree char *fingerprint = sc_emu_camera_fingerprint (self);

  json_object_set_string_member (reply, "stateFingerprint", fingerprint);
  json_object_set_int_member (reply, "throttleTimeout", SC_EMU_THROTTLE_S);
  sc_emu_request_reply_json (request, self, SOUP_STATUS_OK, reply);
}

static void
waiter_free (gpointer data)
{
  Waiter *waiter = data;

  g_clear_handle_id (&waiter->timeout_id, g_source_remove);
  sc_emu_request_unref (waiter->request);
  g_free (waiter);
}

static gboolean
on_waiter_timeout_cb (gpointer user_data)
{
  Waiter *waiter = user_data;

  waiter->timeout_id = 0;
  reply_updates (waiter->camera, waiter->request);
  g_ptr_array_remove (waiter->camera->update_waiters, waiter);

  return G_SOURCE_REMOVE;
}

void
sc_emu_server_wake_waiters (ScEmuCamera *self)
{
  g_autoptr(GPtrArray) waiters = g_ptr_array_new_with_free_func (waiter_free);

  /* Move them out first, so the list is empty while replies go out. */

  while (self->update_waiters->len > 0)
    g_ptr_array_add (waiters, g_ptr_array_steal_index (self->update_waiters, 0));
  for (guint i = 0; i < waiters->len; i++)
    reply_updates (self, ((Waiter *)g_ptr_array_index (waiters, i))->request);
}

/* checkForUpdates: answers at once when the client's fingerprint is stale,
 * otherwise holds the reply until the state changes or waitTimeout
 * (capped at a few seconds) runs out. */
static void
route_check_for_updates (ScEmuCamera  *self,
                         ScEmuRequest *request)
{
  g_autofree char *current = sc_emu_camera_fingerprint (self);
  const char *fingerprint;
  gint64 wait = 0;
  Waiter *waiter;

  if (request->body == NULL || !json_object_has_member (request->body, "stateFingerprint"))
    {
      g_autoptr(GError) error = g_error_new (SC_EMU_OSC_ERROR, SC_EMU_OSC_MISSING_PARAMETER,
                                             "Parameter stateFingerprint is missing");

      sc_emu_request_reply_error (request, self, "", error);
      return;
    }

  fingerprint = json_object_get_string_member_with_default (request->body, "stateFingerprint", "");
  if (json_object_has_member (request->body, "waitTimeout"))
    wait = json_object_get_int_member_with_default (request->body, "waitTimeout", 0);

  if (wait <= 0 || g_strcmp0 (fingerprint, current) != 0)
    {
      reply_updates (self, request);
      return;
    }

  sc_emu_request_defer (request);
  waiter = g_new0 (Waiter, 1);
  waiter->camera = self;
  waiter->request = sc_emu_request_ref (request);
  waiter->timeout_id = g_timeout_add_seconds ((guint)MIN (wait, SC_EMU_MAX_WAIT_S),
                                              on_waiter_timeout_cb, waiter);
  g_ptr_array_add (self->update_waiters, waiter);
}

static void
route_not_found (ScEmuCamera  *self,
                 ScEmuRequest *request)
{
  sc_emu_request_reply_text (request, SOUP_STATUS_NOT_FOUND, "Not found\n");
}

static void
route_wrong_method (ScEmuCamera  *self,
                    ScEmuRequest *request)
{
  sc_emu_request_reply_text (request, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method not allowed\n");
}

static gboolean
on_slow_timeout_cb (gpointer user_data)
{
  Deferred *deferred = user_data;

  if (!deferred->request->finished)
    deferred->func (deferred->camera, deferred->request);

  return G_SOURCE_REMOVE;
}

static void
deferred_free (gpointer data)
{
  Deferred *deferred = data;

  sc_emu_request_unref (deferred->request);
  g_object_unref (deferred->camera);
  g_free (deferred);
}

static gboolean
parse_body (ScEmuCamera  *self,
            ScEmuRequest *request)
{
  SoupMessageBody *body = soup_server_message_get_request_body (request->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  if (length == 0)
    return TRUE;

  if (!json_parser_load_from_data (parser, data, (gssize)length, &error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_autoptr(GError) osc_error = g_error_new (SC_EMU_OSC_ERROR, SC_EMU_OSC_INVALID_PARAMETER_VALUE,
                                                 "The request body is not a JSON object");

      sc_emu_request_reply_error (request, self, "", osc_error);
      return FALSE;
    }

  request->body = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  return TRUE;
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  ScEmuCamera *self = user_data;
  g_autoptr(ScEmuRequest) request = request_new (msg, path, query);
  const char *method = soup_server_message_get_method (msg);
  gboolean is_get = method == SOUP_METHOD_GET || method == SOUP_METHOD_HEAD;
  gboolean is_post = method == SOUP_METHOD_POST;
  RouteFunc func = NULL;

  g_debug ("%s %s", method, path);

  if (g_str_equal (path, "/osc/info") && is_get)
    func = route_info;
  else if (g_str_equal (path, "/osc/state") && is_post)
    func = route_state;
  else if (g_str_equal (path, "/osc/checkForUpdates") && is_post)
    func = route_check_for_updates;
  else if (g_str_equal (path, "/osc/commands/execute") && is_post)
    func = sc_emu_commands_execute;
  else if (g_str_equal (path, "/osc/commands/status") && is_post)
    func = sc_emu_commands_status;
  else if (g_str_has_prefix (path, "/files/") && is_get)
    func = sc_emu_files_serve;
  else if (g_str_has_prefix (path, "/osc/") || g_str_has_prefix (path, "/files/"))
    func = route_wrong_method;
  else
    func = route_not_found;

  if (is_post && func != route_wrong_method && func != route_not_found && !parse_body (self, request))
    return;

  if (self->config->faults.slow_ms > 0)
    {
      Deferred *deferred = g_new0 (Deferred, 1);

      deferred->camera = g_object_ref (self);
      deferred->request = sc_emu_request_ref (request);
      deferred->func = func;
      sc_emu_request_defer (request);
      g_timeout_add_full (G_PRIORITY_DEFAULT, self->config->faults.slow_ms, on_slow_timeout_cb,
                          deferred, deferred_free);
      return;
    }

  func (self, request);
}

static char *
on_digest_auth_cb (SoupAuthDomain    *domain,
                   SoupServerMessage *msg,
                   const char        *username,
                   gpointer           user_data)
{
  ScEmuCamera *self = user_data;

  if (g_strcmp0 (username, self->config->user) != 0)
    return NULL;

  return soup_auth_domain_digest_encode_password (username, SC_EMU_REALM, self->config->password);
}

static GSocketAddress *
listen_address (const char  *host,
                guint        port,
                GError     **error)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_strcmp0 (host, "localhost") == 0)
    address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    address = g_inet_address_new_from_string (host);

  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "'%s' is not a numeric IP address", host);
      return NULL;
    }

  return g_inet_socket_address_new (address, (guint16)port);
}

/* Listens on the configured address and sets base_url and port. */
gboolean
sc_emu_server_start (ScEmuCamera  *self,
                     GError      **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) url_host = NULL;
  g_autofree char *host_text = NULL;
  GSList *listeners;

  address = listen_address (self->config->listen_host, self->config->listen_port, error);
  if (address == NULL)
    return FALSE;

  self->update_waiters = g_ptr_array_new_with_free_func (waiter_free);
  self->server = soup_server_new ("server-header", SC_EMU_MODEL "/" SC_EMU_FIRMWARE " ", NULL);
  soup_server_add_handler (self->server, NULL, on_request_cb, self, NULL);

  if (self->config->user != NULL)
    {
      g_autoptr(SoupAuthDomain) domain = soup_auth_domain_digest_new ("realm", SC_EMU_REALM, NULL);

      soup_auth_domain_digest_set_auth_callback (domain, on_digest_auth_cb, self, NULL);
      soup_auth_domain_add_path (domain, "/");
      soup_server_add_auth_domain (self->server, domain);
    }

  if (!soup_server_listen (self->server, address, 0, error))
    return FALSE;

  listeners = soup_server_get_listeners (self->server);
  g_assert (listeners != NULL);
  bound = g_socket_get_local_address (listeners->data, error);
  g_slist_free (listeners);
  if (bound == NULL)
    return FALSE;

  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  url_host = g_object_ref (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (bound)));
  if (g_inet_address_get_is_any (url_host))
    {
      GSocketFamily family = g_inet_address_get_family (url_host);

      g_object_unref (url_host);
      url_host = g_inet_address_new_loopback (family);
    }
  host_text = g_inet_address_to_string (url_host);
  if (g_inet_address_get_family (url_host) == G_SOCKET_FAMILY_IPV6)
    self->base_url = g_strdup_printf ("http://[%s]:%u", host_text, self->port);
  else
    self->base_url = g_strdup_printf ("http://%s:%u", host_text, self->port);

  return TRUE;
}
