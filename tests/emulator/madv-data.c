/* madv-data.c: the MADV emulator's data port
 *
 * File bytes (1285 get_file, 1025 thumbnails) go to the newest data-port
 * connection, followed by a msg 7 get_file_complete (or get_file_fail) on
 * the requester's command port; the madv-drop-data fault cuts a transfer
 * short once.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "emu-madv"

#include "config.h"

#include "madv-private.h"


typedef struct
{
  ScMadvEmu    *emu;
  ScMadvClient *client;   /* may be gone: checked against emu->clients */
  GBytes       *bytes;
  char         *md5;
  gboolean      dropped;
  guint         generation;  /* the data connection it writes on */
} DataJob;

static void
data_job_free (DataJob *job)
{
  g_bytes_unref (job->bytes);
  g_free (job->md5);
  g_free (job);
}

static void
send_transfer_result (DataJob    *job,
                      const char *type,
                      gsize       sent)
{
  ScMadvEmu *self = job->emu;
  g_autoptr(JsonObject) object = json_object_new ();
  JsonArray *param = json_array_new ();
  JsonObject *count = json_object_new ();
  JsonObject *md5 = json_object_new ();

  if (g_list_find (self->clients, job->client) == NULL)
    return;

  json_object_set_int_member (object, "msg_id", 7);
  json_object_set_string_member (object, "type", type);
  json_object_set_int_member (count, "bytes sent", (gint64)sent);
  json_object_set_string_member (md5, "md5sum", job->md5);
  json_array_add_object_element (param, count);
  json_array_add_object_element (param, md5);
  json_object_set_array_member (object, "param", param);
  _sc_madv_client_send (job->client, object);
}

static void
on_data_written_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  DataJob *job = user_data;
  ScMadvEmu *self = job->emu;
  g_autoptr(GError) error = NULL;
  gsize written = 0;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &written, &error);
  if (job->generation != self->data_generation)
    {
      /* A write on a data connection that a newer one replaced (or a
       * cancel closed): the transfer it belonged to is over, and the
       * current one's state is not its to change. */
      g_debug ("A write on an earlier data connection ended (%" G_GSIZE_FORMAT " bytes)", written);
      data_job_free (job);
      return;
    }
  self->transferring = FALSE;
  self->transfer_sent = written;
  self->data_sent_total += written;

  if (error == NULL && job->dropped)
    {
      g_message ("Fault madv-drop-data: closing the data connection after %" G_GUINT64_FORMAT " bytes",
                 self->data_sent_total);
      _sc_madv_close_data (self);
      send_transfer_result (job, "get_file_fail", written);
    }
  else if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Data port write failed: %s", error->message);
      send_transfer_result (job, "get_file_fail", written);
    }
  else
    send_transfer_result (job, "get_file_complete", written);

  data_job_free (job);
}

/* Sends @bytes on the data port, then msg 7 on @client's command port. */
void
_sc_madv_send_data (ScMadvClient *client,
                    GBytes       *bytes)
{
  ScMadvEmu *self = client->emu;
  DataJob *job = g_new0 (DataJob, 1);
  gsize length = g_bytes_get_size (bytes);
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (self->data_conn));

  job->emu = self;
  job->client = client;
  job->generation = self->data_generation;
  job->md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, bytes);
  if (self->faults.drop_data_after >= 0 &&
      self->data_sent_total + length > (guint64)self->faults.drop_data_after)
    {
      gsize keep = (gsize)MAX ((gint64)0, self->faults.drop_data_after - (gint64)self->data_sent_total);

      job->bytes = g_bytes_new_from_bytes (bytes, 0, keep);
      job->dropped = TRUE;
      self->faults.drop_data_after = -1;   /* once */
    }
  else
    job->bytes = g_bytes_ref (bytes);

  self->transferring = TRUE;
  self->transfer_sent = 0;
  g_output_stream_write_all_async (out, g_bytes_get_data (job->bytes, NULL), g_bytes_get_size (job->bytes),
                                   G_PRIORITY_DEFAULT, self->data_cancellable, on_data_written_cb, job);
}

static void
on_data_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GSocketConnection *conn = user_data;
  static guint8 sink[1024];
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);

  if (n > 0)
    g_input_stream_read_async (G_INPUT_STREAM (object), sink, sizeof sink, G_PRIORITY_DEFAULT, NULL,
                               on_data_read_cb, conn);
  else
    g_object_unref (conn);
}

gboolean
_sc_madv_on_data_incoming_cb (GSocketService    *service,
                              GSocketConnection *conn,
                              GObject           *source_object,
                              gpointer           user_data)
{
  ScMadvEmu *self = user_data;
  static guint8 sink[1024];

  g_debug ("Data connection");
  _sc_madv_close_data (self);
  self->data_generation++;
  self->transferring = FALSE;
  self->data_conn = g_object_ref (conn);
  self->data_cancellable = g_cancellable_new ();
  self->data_sent_total = 0;
  /* Read (and discard) so that a client's close is noticed. */
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (conn)), sink, sizeof sink,
                             G_PRIORITY_DEFAULT, NULL, on_data_read_cb, g_object_ref (conn));
  return TRUE;
}
