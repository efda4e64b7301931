/* madv-server.c: the MADV emulator's command port
 *
 * The command port carries back-to-back JSON objects both ways (no
 * delimiter; MADV-PROTOCOL.md §1.3). One client at a time holds the
 * session (257 → token); the others get rval −3. Replies go to the
 * requester, notifications to the holder. File bytes (1285 get_file,
 * 1025 thumbnails) go to the newest data-port connection (madv-data.c),
 * followed by a msg 7 get_file_complete on the command port. Message
 * 65280 is the emulator's own test control (MADV.md), accepted from any
 * connection. This file has the connections, their framing and the
 * session; the requests are handled in madv-commands.c and madv-files.c.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "emu-madv"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "madv-private.h"

#define MAX_BUFFER        (64 * 1024)
#define TAKEOVER_DROP_MS  300
#define GARBAGE           "\0\0\r\n \0junk\0"

static void client_read (ScMadvClient *client);

/* Output ------------------------------------------------------------------ */

void
_sc_madv_client_send (ScMadvClient *client,
                      JsonObject   *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;
  GOutputStream *out;
  g_autoptr(GError) error = NULL;

  if (client == NULL || client->closed)
    return;

  json_node_set_object (node, object);
  text = json_to_string (node, FALSE);
  out = g_io_stream_get_output_stream (G_IO_STREAM (client->conn));
  g_debug ("→ %s", text);

  if (client->emu->faults.garbage &&
      !g_output_stream_write_all (out, GARBAGE, sizeof GARBAGE - 1, NULL, NULL, &error))
    goto failed;
  if (!g_output_stream_write_all (out, text, strlen (text), NULL, NULL, &error))
    goto failed;
  return;

failed:
  g_debug ("Cannot write to a client: %s", error->message);
}

JsonObject *
_sc_madv_reply_new (int msg_id,
                    int rval)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "rval", rval);
  json_object_set_int_member (object, "msg_id", msg_id);
  return object;
}

void
_sc_madv_reply (ScMadvClient *client,
                int           msg_id,
                int           rval)
{
  g_autoptr(JsonObject) object = _sc_madv_reply_new (msg_id, rval);

  _sc_madv_client_send (client, object);
}

/* Sends @message (a notification) to the session holder, if any. */
void
sc_madv_emu_notify (ScMadvEmu  *self,
                    JsonObject *message)
{
  _sc_madv_client_send (self->holder, message);
}

void
_sc_madv_notify_int (ScMadvEmu *self,
                     int        msg_id,
                     int        param)
{
  g_autoptr(JsonObject) object = _sc_madv_reply_new (msg_id, SC_MADV_NOTIFY_RVAL);

  json_object_set_int_member (object, "param", param);
  sc_madv_emu_notify (self, object);
}

/* Connections ------------------------------------------------------------- */

void
_sc_madv_close_data (ScMadvEmu *self)
{
  if (self->data_cancellable != NULL)
    g_cancellable_cancel (self->data_cancellable);
  g_clear_object (&self->data_cancellable);
  if (self->data_conn != NULL)
    g_io_stream_close (G_IO_STREAM (self->data_conn), NULL, NULL);
  g_clear_object (&self->data_conn);
}

static void
client_close (ScMadvClient *client)
{
  ScMadvEmu *self = client->emu;

  if (client->closed)
    return;

  client->closed = TRUE;
  g_cancellable_cancel (client->cancellable);
  g_io_stream_close (G_IO_STREAM (client->conn), NULL, NULL);
  if (self->holder == client)
    {
      g_debug ("Session holder left");
      self->holder = NULL;
      _sc_madv_close_data (self);
    }
}

static void
client_free (ScMadvClient *client)
{
  g_clear_object (&client->conn);
  g_clear_object (&client->cancellable);
  g_byte_array_unref (client->buffer);
  g_free (client->cwd);
  g_free (client);
}

static void
client_forget (ScMadvClient *client)
{
  ScMadvEmu *self = client->emu;

  client_close (client);
  self->clients = g_list_remove (self->clients, client);
  client_free (client);
}

/* Session ----------------------------------------------------------------- */

static gboolean
on_takeover_drop_cb (gpointer user_data)
{
  ScMadvEmu *self = user_data;

  if (self->holder != NULL)
    {
      g_message ("Another phone takes the session: dropping the holder");
      client_close (self->holder);
    }
  self->phantom_holds = TRUE;
  return G_SOURCE_REMOVE;
}

/* "Another phone" connects: the holder gets 1793, then loses the
 * session; the phantom keeps it until one 257 has been denied. */
void
_sc_madv_take_session (ScMadvEmu *self)
{
  g_autoptr(JsonObject) query = _sc_madv_reply_new (1793, 0);

  sc_madv_emu_notify (self, query);
  g_timeout_add (TAKEOVER_DROP_MS, on_takeover_drop_cb, self);
}

void
_sc_madv_start_session (ScMadvClient *client)
{
  ScMadvEmu *self = client->emu;
  g_autoptr(JsonObject) object = NULL;

  if ((self->holder != NULL && self->holder != client) || self->phantom_holds)
    {
      g_message ("Session denied: another client holds the camera");
      if (self->phantom_holds)
        self->phantom_holds = FALSE;   /* the other phone leaves after one denial */
      _sc_madv_reply (client, 257, -3);
      return;
    }

  client->token = ++self->next_token;
  self->holder = client;
  self->holder_requests = 0;
  self->session_id++;
  g_clear_pointer (&self->client_ip, g_free);
  object = _sc_madv_reply_new (257, 0);
  json_object_set_int_member (object, "param", client->token);
  _sc_madv_client_send (client, object);
}


/* Framing ----------------------------------------------------------------- */

/* Hands every complete object in the buffer to _sc_madv_handle_request(). */
static void
client_parse (ScMadvClient *client)
{
  GByteArray *buf = client->buffer;

  while (!client->closed)
    {
      guint start = 0, i;
      int depth = 0;
      gboolean in_string = FALSE, escape = FALSE, complete = FALSE;

      while (start < buf->len && buf->data[start] != '{')
        start++;
      if (start > 0)
        g_byte_array_remove_range (buf, 0, start);
      if (buf->len == 0)
        return;

      for (i = 0; i < buf->len; i++)
        {
          char c = (char)buf->data[i];

          if (in_string)
            {
              if (escape)
                escape = FALSE;
              else if (c == '\\')
                escape = TRUE;
              else if (c == '"')
                in_string = FALSE;
            }
          else if (c == '"')
            in_string = TRUE;
          else if (c == '{')
            depth++;
          else if (c == '}' && --depth == 0)
            {
              complete = TRUE;
              break;
            }
        }
      if (!complete)
        return;

      {
        g_autoptr(JsonParser) parser = json_parser_new ();
        g_autoptr(GError) error = NULL;

        g_debug ("← %.*s", (int)i + 1, (const char *)buf->data);
        if (json_parser_load_from_data (parser, (const char *)buf->data, (gssize)i + 1, &error) &&
            JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
          {
            g_autoptr(JsonObject) request = json_object_ref (json_node_get_object (json_parser_get_root (parser)));

            g_byte_array_remove_range (buf, 0, i + 1);
            _sc_madv_handle_request (client, request);
          }
        else
          {
            g_byte_array_remove_range (buf, 0, i + 1);
            _sc_madv_reply (client, 0, -7);
          }
      }
    }
}

static void
on_client_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ScMadvClient *client = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  if (n <= 0 || client->closed)
    {
      g_debug ("Client gone%s%s", error != NULL ? ": " : "", error != NULL ? error->message : "");
      client_forget (client);
      return;
    }

  g_byte_array_append (client->buffer, client->chunk, (guint)n);
  client_parse (client);
  if (client->buffer->len > MAX_BUFFER)
    {
      g_message ("Request too large, closing the connection");
      client_forget (client);
      return;
    }
  if (client->closed)
    {
      client_forget (client);
      return;
    }
  client_read (client);
}

static void
client_read (ScMadvClient *client)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (client->conn)), client->chunk,
                             sizeof client->chunk, G_PRIORITY_DEFAULT, client->cancellable, on_client_read_cb,
                             client);
}

static gboolean
on_cmd_incoming_cb (GSocketService    *service,
                    GSocketConnection *conn,
                    GObject           *source_object,
                    gpointer           user_data)
{
  ScMadvEmu *self = user_data;
  ScMadvClient *client = g_new0 (ScMadvClient, 1);

  g_debug ("Command connection");
  client->emu = self;
  client->conn = g_object_ref (conn);
  client->cancellable = g_cancellable_new ();
  client->buffer = g_byte_array_new ();
  client->cwd = g_strdup (SC_MADV_SD_ROOT);
  self->clients = g_list_prepend (self->clients, client);
  client_read (client);
  return TRUE;
}

static GSocketService *
listen_on (ScMadvEmu  *self,
           guint       port,
           guint      *bound_port,
           GError    **error)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (self->config->listen_host);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;

  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--listen wants a numeric address with --protocol madv, got '%s'", self->config->listen_host);
      return NULL;
    }
  address = g_inet_socket_address_new (inet, (guint16)port);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, error))
    return NULL;

  *bound_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  return g_steal_pointer (&service);
}

/* Opens the command and data ports (--listen's port for commands, any
 * free port for data when that is 0, else 8787). */
gboolean
sc_madv_emu_start (ScMadvEmu  *self,
                   GError    **error)
{
  self->media = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)sc_madv_media_free);
  self->battery = 0x04;
  self->sd_mounted = 1;
  self->mode = 0;

  if (!sc_madv_emu_prepare (self, error))
    return FALSE;

  self->cmd_service = listen_on (self, self->config->listen_port, &self->cmd_port, error);
  if (self->cmd_service == NULL)
    return FALSE;
  self->data_service = listen_on (self, self->config->listen_port == 0 ? 0 : 8787, &self->data_port, error);
  if (self->data_service == NULL)
    return FALSE;

  g_signal_connect (self->cmd_service, "incoming", G_CALLBACK (on_cmd_incoming_cb), self);
  g_signal_connect (self->data_service, "incoming", G_CALLBACK (_sc_madv_on_data_incoming_cb), self);
  g_socket_service_start (self->cmd_service);
  g_socket_service_start (self->data_service);

  return sc_madv_http_start (self, error) && sc_madv_rtsp_start (self, error);
}

void
sc_madv_emu_stop (ScMadvEmu *self)
{
  if (self->recorder != NULL)
    sc_emu_recorder_abort (g_steal_pointer (&self->recorder));
  /* Pending reads still point at the clients: close them, free nothing. */
  for (GList *l = self->clients; l != NULL; l = l->next)
    client_close (l->data);
  _sc_madv_close_data (self);
  if (self->cmd_service != NULL)
    g_socket_service_stop (self->cmd_service);
  if (self->data_service != NULL)
    g_socket_service_stop (self->data_service);
  g_clear_object (&self->cmd_service);
  g_clear_object (&self->data_service);
  sc_madv_streams_stop (self);
  g_clear_pointer (&self->media, g_hash_table_unref);
}
