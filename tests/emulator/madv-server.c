/* madv-server.c: the MADV emulator's command port and data port
 *
 * The command port carries back-to-back JSON objects both ways (no
 * delimiter; MADV-PROTOCOL.md §1.3). One client at a time holds the
 * session (257 → token); the others get rval −3. Replies go to the
 * requester, notifications to the holder. File bytes (1285 get_file,
 * 1025 thumbnails) go to the newest data-port connection, followed by a
 * msg 7 get_file_complete on the command port. Message 65280 is the
 * emulator's own test control (MADV.md), accepted from any connection.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "emu-madv"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "emu-madv-lut.h"
#include "madv-private.h"

#define MAX_BUFFER        (64 * 1024)
#define TAKEOVER_DROP_MS  300
#define GARBAGE           "\0\0\r\n \0junk\0"

struct _ScMadvClient
{
  ScMadvEmu         *emu;
  GSocketConnection *conn;
  GCancellable      *cancellable;
  GByteArray        *buffer;
  guint8             chunk[4096];
  int                token;
  char              *cwd;
  gboolean           closed;
};

static void client_read (ScMadvClient *client);

/* Output ------------------------------------------------------------------ */

static void
client_send (ScMadvClient *client,
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

static JsonObject *
reply_new (int msg_id,
           int rval)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "rval", rval);
  json_object_set_int_member (object, "msg_id", msg_id);
  return object;
}

static void
reply (ScMadvClient *client,
       int           msg_id,
       int           rval)
{
  g_autoptr(JsonObject) object = reply_new (msg_id, rval);

  client_send (client, object);
}

/* Sends @message (a notification) to the session holder, if any. */
void
sc_madv_emu_notify (ScMadvEmu  *self,
                    JsonObject *message)
{
  client_send (self->holder, message);
}

static void
notify_int (ScMadvEmu *self,
            int        msg_id,
            int        param)
{
  g_autoptr(JsonObject) object = reply_new (msg_id, SC_MADV_NOTIFY_RVAL);

  json_object_set_int_member (object, "param", param);
  sc_madv_emu_notify (self, object);
}

/* Connections ------------------------------------------------------------- */

static void
close_data (ScMadvEmu *self)
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
      close_data (self);
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
static void
take_session (ScMadvEmu *self)
{
  g_autoptr(JsonObject) query = reply_new (1793, 0);

  sc_madv_emu_notify (self, query);
  g_timeout_add (TAKEOVER_DROP_MS, on_takeover_drop_cb, self);
}

static void
start_session (ScMadvClient *client)
{
  ScMadvEmu *self = client->emu;
  g_autoptr(JsonObject) object = NULL;

  if ((self->holder != NULL && self->holder != client) || self->phantom_holds)
    {
      g_message ("Session denied: another client holds the camera");
      if (self->phantom_holds)
        self->phantom_holds = FALSE;   /* the other phone leaves after one denial */
      reply (client, 257, -3);
      return;
    }

  client->token = ++self->next_token;
  self->holder = client;
  self->holder_requests = 0;
  self->session_id++;
  g_clear_pointer (&self->client_ip, g_free);
  object = reply_new (257, 0);
  json_object_set_int_member (object, "param", client->token);
  client_send (client, object);
}

/* Data port --------------------------------------------------------------- */

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
  client_send (job->client, object);
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
      close_data (self);
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
static void
send_data (ScMadvClient *client,
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

static gboolean
on_data_incoming_cb (GSocketService    *service,
                     GSocketConnection *conn,
                     GObject           *source_object,
                     gpointer           user_data)
{
  ScMadvEmu *self = user_data;
  static guint8 sink[1024];

  g_debug ("Data connection");
  close_data (self);
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

/* Commands ---------------------------------------------------------------- */

static const char *
param_string (JsonObject *request,
              const char *member)
{
  JsonNode *node = json_object_get_member (request, member);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A number sent as a string (MADV) or as a number (Ambarella). */
static gboolean
param_int (JsonObject *request,
           const char *member,
           gint64     *out)
{
  JsonNode *node = json_object_get_member (request, member);
  const char *text;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  text = json_node_get_string (node);
  return g_ascii_string_to_signed (text, 10, G_MININT32, G_MAXINT32, out, NULL);
}

typedef struct
{
  int         msg_id;
  const char *key;
  int        *(*field) (ScMadvEmu *self);
  const int   values[16];
  int         n_values;
} Setting;

#define FIELD(name) \
  static int *field_##name (ScMadvEmu *self) { return &self->name; }
FIELD (v_res) FIELD (p_res) FIELD (video_ev) FIELD (still_ev) FIELD (still_iso) FIELD (video_wb)
FIELD (still_wb) FIELD (loop) FIELD (poweroff_time) FIELD (buzzer) FIELD (led)
#undef FIELD

static const Setting settings[] = {
  { 4612, "v_res", field_v_res, { 0, 1, 2 }, 3 },
  { 4872, "p_res", field_p_res, { 0, 1, 3 }, 3 },
  { 5137, "video_ev", field_video_ev, { -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6 }, 13 },
  { 5169, "still_ev", field_still_ev, { -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6 }, 13 },
  { 5172, "still_iso", field_still_iso, { 0, 50, 100, 200, 400, 800, 1600 }, 7 },
  { 5136, "video_wb", field_video_wb, { 0, 1, 2, 3, 4 }, 5 },
  { 5168, "still_wb", field_still_wb, { 0, 1, 2, 3, 4 }, 5 },
  { 4617, "loop", field_loop, { 0, 1 }, 2 },
  { 6151, "poweroff_time", field_poweroff_time, { 0, 5, 10 }, 3 },
  { 6145, "buzzer", field_buzzer, { 0, 1, 2, 3, 4 }, 5 },
  { 6156, "led", field_led, { 0, 1 }, 2 },
};

static const Setting *
find_setting (int msg_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    if (settings[i].msg_id == msg_id)
      return &settings[i];
  return NULL;
}

static void
do_setting (ScMadvClient  *client,
            const Setting *setting,
            JsonObject    *request)
{
  gint64 value;

  if (!param_int (request, "param", &value))
    {
      reply (client, setting->msg_id, -14);
      return;
    }
  for (int i = 0; i < setting->n_values; i++)
    if (setting->values[i] == value)
      {
        *setting->field (client->emu) = (int)value;
        reply (client, setting->msg_id, 0);
        return;
      }
  reply (client, setting->msg_id, -14);
}

static void
do_all_settings (ScMadvClient *client)
{
  ScMadvEmu *self = client->emu;
  g_autoptr(JsonObject) object = reply_new (4364, 0);

  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    json_object_set_int_member (object, settings[i].key, *settings[i].field (self));
  json_object_set_int_member (object, "video_iso", 0);
  json_object_set_int_member (object, "video_shutter", 0);
  json_object_set_int_member (object, "still_shutter", 0);
  json_object_set_int_member (object, "standby_en", 0);
  json_object_set_int_member (object, "standby_time", 0);
  json_object_set_int_member (object, "poweroff_en", self->poweroff_time != 0);
  json_object_set_int_member (object, "battery", self->battery);
  json_object_set_string_member (object, "product", SC_MADV_PRODUCT);
  json_object_set_string_member (object, "sn", SC_MADV_SERIAL);
  json_object_set_string_member (object, "ver", self->version);
  json_object_set_string_member (object, "md5", self->lut_md5);
  json_object_set_int_member (object, "cam_jpg", self->cam_jpg);
  json_object_set_int_member (object, "cam_mp4", self->cam_mp4);
  client_send (client, object);
}

static void
do_all_modes (ScMadvClient *client)
{
  ScMadvEmu *self = client->emu;
  g_autoptr(JsonObject) object = reply_new (4365, 0);
  gint64 rec_time = 0;

  if (self->recorder != NULL)
    rec_time = (g_get_monotonic_time () - self->recording_started) / G_USEC_PER_SEC;
  json_object_set_int_member (object, "status", self->work_state);
  json_object_set_int_member (object, "mode", self->mode);
  json_object_set_int_member (object, "sub_mode", 0);
  json_object_set_int_member (object, "rec_time", rec_time);
  json_object_set_int_member (object, "second", 10);
  json_object_set_int_member (object, "lapse", 1);
  json_object_set_int_member (object, "timing", 3);
  json_object_set_int_member (object, "timing_c", 0);
  json_object_set_int_member (object, "cap_interval", 2);
  json_object_set_int_member (object, "cap_interval_num", 0);
  json_object_set_int_member (object, "speedx", 2);
  json_object_set_int_member (object, "burst_num", 3);
  json_object_set_int_member (object, "sensor_num", 2);
  client_send (client, object);
}

static void
do_set_clock (ScMadvClient *client,
              JsonObject   *request)
{
  ScMadvEmu *self = client->emu;
  const char *text = param_string (request, "param");
  int y, mo, d, h, mi, s, w;
  g_autoptr(GDateTime) set = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (text == NULL || sscanf (text, "%d-%d-%d-%d-%d-%d-%d", &y, &mo, &d, &h, &mi, &s, &w) != 7 ||
      w < 1 || w > 7 || (set = g_date_time_new_local (y, mo, d, h, mi, s)) == NULL)
    {
      reply (client, 6147, -14);
      return;
    }

  g_free (self->clock_text);
  self->clock_text = g_strdup (text);
  self->clock_offset_us = g_date_time_difference (set, now);
  g_message ("Clock set to %s", text);
  reply (client, 6147, 0);
}

static void
do_gps (ScMadvClient *client,
        JsonObject   *request)
{
  ScMadvEmu *self = client->emu;
  const char *lon = param_string (request, "lon");
  const char *lat = param_string (request, "lat");
  const char *alt = param_string (request, "alt");

  if (lon == NULL || lat == NULL)
    {
      reply (client, 4917, -14);
      return;
    }

  g_free (self->gps_lon);
  g_free (self->gps_lat);
  g_free (self->gps_alt);
  self->gps_lon = g_strdup (lon);
  self->gps_lat = g_strdup (lat);
  self->gps_alt = g_strdup (alt != NULL ? alt : "0");
  g_message ("GPS %s, %s, %s", lat, lon, self->gps_alt);
  reply (client, 4917, 0);
}

static void
send_save_done (ScMadvEmu  *self,
                int         msg_id,
                const char *camera_path)
{
  g_autoptr(JsonObject) object = reply_new (msg_id, SC_MADV_NOTIFY_RVAL);
  g_autofree char *rtos = sc_madv_rtos_path (camera_path);

  json_object_set_string_member (object, "param", rtos);
  sc_madv_storage_json (self, object);
  json_object_set_int_member (object, "mp4_time", 0);
  sc_madv_emu_notify (self, object);
}

static void
on_photo_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ScMadvEmu *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sc_madv_take_photo_finish (self, result, &error);

  self->busy = FALSE;
  self->work_state = 0;
  if (path == NULL)
    {
      g_warning ("Photo failed: %s", error->message);
      return;
    }

  g_message ("Photo %s", path);
  send_save_done (self, 8193, path);
}

static void
do_photo (ScMadvClient *client)
{
  ScMadvEmu *self = client->emu;

  if (self->mode != 1)
    {
      reply (client, 4864, -56);
      return;
    }
  if (self->busy || self->recorder != NULL)
    {
      reply (client, 4864, -21);
      return;
    }

  self->busy = TRUE;
  self->work_state = 6;
  reply (client, 4864, 0);
  sc_madv_take_photo_async (self, on_photo_done_cb, self);
}

static void
on_video_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ScMadvEmu *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sc_madv_stop_video_finish (self, result, &error);

  self->busy = FALSE;
  self->work_state = 0;
  if (path == NULL)
    {
      g_warning ("Video failed: %s", error->message);
      return;
    }

  g_message ("Video %s", path);
  send_save_done (self, 8192, path);
}

static void
do_record (ScMadvClient *client,
           int           msg_id)
{
  ScMadvEmu *self = client->emu;
  g_autoptr(GError) error = NULL;

  if (msg_id == 514)
    {
      if (self->recorder == NULL)
        {
          reply (client, 514, -1);
          return;
        }
      self->busy = TRUE;
      reply (client, 514, 0);
      sc_madv_stop_video_async (self, on_video_done_cb, self);
      return;
    }

  if (self->mode != 0)
    {
      reply (client, 513, -56);
      return;
    }
  if (self->busy || self->recorder != NULL)
    {
      reply (client, 513, -21);
      return;
    }
  if (!sc_madv_start_video (self, &error))
    {
      g_warning ("Cannot record: %s", error->message);
      reply (client, 513, -14);
      return;
    }
  self->work_state = 3;
  reply (client, 513, 0);
}

/* The listed entries of a directory: folders ("NAME/") and media. */
static gboolean
listable (const char *dir,
          const char *name,
          gboolean   *is_dir)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  *is_dir = g_file_test (path, G_FILE_TEST_IS_DIR);
  if (name[0] == '.')
    return FALSE;
  return *is_dir || g_str_has_suffix (name, ".JPG") || g_str_has_suffix (name, ".MP4") ||
         g_str_has_suffix (name, ".bin");
}

static void
do_cd (ScMadvClient *client,
       JsonObject   *request)
{
  const char *param = param_string (request, "param");
  g_autofree char *path = NULL;
  g_autofree char *local = NULL;
  g_autoptr(JsonObject) object = NULL;
  gsize len;

  if (param == NULL || param[0] != '/')
    {
      reply (client, 1283, -26);
      return;
    }
  path = g_strdup (param);
  len = strlen (path);
  while (len > 1 && path[len - 1] == '/')
    path[--len] = '\0';
  local = sc_madv_local_path (client->emu, path);
  if (local == NULL || !g_file_test (local, G_FILE_TEST_IS_DIR))
    {
      reply (client, 1283, -26);
      return;
    }

  g_free (client->cwd);
  client->cwd = g_steal_pointer (&path);
  object = reply_new (1283, 0);
  json_object_set_string_member (object, "pwd", client->cwd);
  client_send (client, object);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *)a, *(char * const *)b);
}

static void
do_ls (ScMadvClient *client,
       JsonObject   *request)
{
  const char *param = param_string (request, "param");
  g_autofree char *local = sc_madv_local_path (client->emu, client->cwd);
  g_autoptr(GDir) dir = local != NULL ? g_dir_open (local, 0, NULL) : NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gboolean detailed = param != NULL && strstr (param, "-S") != NULL;
  JsonArray *listing;
  const char *name;

  if (dir == NULL)
    {
      reply (client, 1282, -26);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  listing = json_array_new ();
  for (guint i = 0; i < names->len; i++)
    {
      const char *entry = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (local, entry, NULL);
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      g_autoptr(GDateTime) mtime = NULL;
      JsonObject *item;
      GStatBuf st;
      gboolean is_dir;

      if (!listable (local, entry, &is_dir) || g_stat (path, &st) != 0)
        continue;
      mtime = g_date_time_new_from_unix_local (st.st_mtime);
      value = g_date_time_format (mtime, "%Y-%m-%d %H:%M:%S");
      if (detailed && !is_dir)
        {
          g_autofree char *date = g_steal_pointer (&value);

          value = g_strdup_printf ("%" G_GINT64_FORMAT " bytes|%s", (gint64)st.st_size, date);
        }
      key = is_dir ? g_strconcat (entry, "/", NULL) : g_strdup (entry);
      item = json_object_new ();
      json_object_set_string_member (item, key, value);
      json_array_add_object_element (listing, item);
    }

  object = reply_new (1282, 0);
  json_object_set_array_member (object, "listing", listing);
  client_send (client, object);
}

static char *
existing_file (ScMadvClient *client,
               JsonObject   *request,
               GStatBuf     *st)
{
  g_autofree char *local = sc_madv_local_path (client->emu, param_string (request, "param"));

  if (local == NULL || g_stat (local, st) != 0 || !S_ISREG (st->st_mode))
    return NULL;
  return g_steal_pointer (&local);
}

static void
do_media_info (ScMadvClient *client,
               JsonObject   *request)
{
  ScMadvEmu *self = client->emu;
  const char *path = param_string (request, "param");
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *local = NULL;
  g_autofree char *gyro = NULL;
  ScMadvMedia *media;
  guint8 bytes[36];
  GStatBuf st;

  local = existing_file (client, request, &st);
  if (local == NULL)
    {
      reply (client, 1026, -26);
      return;
    }

  media = g_hash_table_lookup (self->media, path);
  sc_emu_madv_gyro_to_bytes (self->gyro, bytes);
  gyro = g_malloc (sizeof bytes * 2 + 1);
  for (guint i = 0; i < sizeof bytes; i++)
    g_snprintf (gyro + 2 * i, 3, "%02x", bytes[i]);

  object = reply_new (1026, 0);
  json_object_set_int_member (object, "size", (gint32)(guint32)st.st_size);
  json_object_set_int_member (object, "duration", media != NULL ? (gint64)(media->duration + 0.5) : 0);
  json_object_set_string_member (object, "media_type",
                                 g_str_has_suffix (path, ".MP4") ? "video" : "photo");
  json_object_set_int_member (object, "scene_type", SC_MADV_SCENE_TYPE);
  json_object_set_string_member (object, "gyro", gyro);
  json_object_set_int_member (object, "res_id", media != NULL ? media->res_id : 0);
  client_send (client, object);
}

static void
do_delete (ScMadvClient *client,
           JsonObject   *request)
{
  g_autofree char *local = NULL;
  GStatBuf st;

  local = existing_file (client, request, &st);
  if (local == NULL || g_str_has_prefix (param_string (request, "param"), "/tmp/FL0"))
    {
      reply (client, 1281, -26);
      return;
    }
  if (g_unlink (local) != 0)
    {
      reply (client, 1281, -14);
      return;
    }
  g_hash_table_remove (client->emu->media, param_string (request, "param"));
  reply (client, 1281, 0);
}

static void
do_format (ScMadvClient *client,
           JsonObject   *request)
{
  ScMadvEmu *self = client->emu;
  g_autofree char *dcim = g_build_filename (self->sd_dir, "DCIM", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (dcim);
  g_autoptr(GError) error = NULL;
  const char *drive = param_string (request, "param");

  if (drive == NULL || g_ascii_strcasecmp (drive, "c") != 0)
    {
      reply (client, 4, -14);
      return;
    }
  if (self->recorder != NULL || self->busy)
    {
      reply (client, 4, -21);
      return;
    }

  /* Remove DCIM's contents (GIO has no recursive delete). */
  {
    g_autofree char *argv_dir = g_shell_quote (dcim);
    g_autofree char *command = g_strdup_printf ("rm -rf %s", argv_dir);

    if (!g_spawn_command_line_sync (command, NULL, NULL, NULL, &error) || g_mkdir_with_parents (dcim, 0755) != 0)
      {
        g_warning ("Format failed: %s", error != NULL ? error->message : "mkdir");
        reply (client, 4, -14);
        return;
      }
  }
  g_hash_table_remove_all (self->media);
  g_message ("SD card formatted");
  reply (client, 4, 0);
}

static gboolean
data_port_ready (ScMadvClient *client,
                 int           msg_id)
{
  ScMadvEmu *self = client->emu;

  if (self->client_ip == NULL || self->data_conn == NULL || self->transferring)
    {
      reply (client, msg_id, self->transferring ? -21 : -14);
      return FALSE;
    }
  return TRUE;
}

static void
do_thumb (ScMadvClient *client,
          JsonObject   *request)
{
  ScMadvEmu *self = client->emu;
  const char *path = param_string (request, "param");
  const char *type = param_string (request, "type");
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *md5 = NULL;
  g_autofree char *local = NULL;
  ScMadvMedia *media;
  GStatBuf st;

  local = existing_file (client, request, &st);
  media = path != NULL ? g_hash_table_lookup (self->media, path) : NULL;
  if (local == NULL || media == NULL || media->thumbnail == NULL)
    {
      reply (client, 1025, -26);
      return;
    }
  if (type != NULL && !g_str_equal (type, "thumb"))
    {
      reply (client, 1025, -14);
      return;
    }
  if (!data_port_ready (client, 1025))
    return;

  md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, media->thumbnail);
  object = reply_new (1025, 0);
  json_object_set_int_member (object, "size", (gint64)g_bytes_get_size (media->thumbnail));
  json_object_set_string_member (object, "md5sum", md5);
  json_object_set_string_member (object, "type", "thumb");
  client_send (client, object);
  send_data (client, media->thumbnail);
}

static void
do_get_file (ScMadvClient *client,
             JsonObject   *request)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) all = NULL;
  g_autoptr(GBytes) chunk = NULL;
  g_autofree char *local = NULL;
  gint64 offset = 0, fetch = 0;
  gsize size, length;
  GStatBuf st;

  local = existing_file (client, request, &st);
  if (local == NULL)
    {
      reply (client, 1285, -26);
      return;
    }
  if (!param_int (request, "offset", &offset))
    offset = 0;
  if (!param_int (request, "fetch_size", &fetch) || fetch <= 0)
    fetch = G_MAXINT32;
  if (!data_port_ready (client, 1285))
    return;

  mapped = g_mapped_file_new (local, FALSE, NULL);
  if (mapped == NULL)
    {
      reply (client, 1285, -26);
      return;
    }
  all = g_mapped_file_get_bytes (mapped);
  size = g_bytes_get_size (all);
  if (offset < 0 || (gsize)offset > size)
    {
      reply (client, 1285, -14);
      return;
    }
  length = MIN ((gsize)fetch, size - (gsize)offset);
  chunk = g_bytes_new_from_bytes (all, (gsize)offset, length);

  object = reply_new (1285, 0);
  json_object_set_int_member (object, "rem_size", (gint32)(guint32)(size - (gsize)offset - length));
  json_object_set_int_member (object, "size", (gint32)(guint32)size);
  client_send (client, object);
  send_data (client, chunk);
}

static void
do_cancel (ScMadvClient *client)
{
  ScMadvEmu *self = client->emu;
  g_autoptr(JsonObject) object = reply_new (1287, 0);

  json_object_set_int_member (object, "transferred_size", (gint64)self->transfer_sent);
  if (self->transferring && self->data_cancellable != NULL)
    {
      /* Cancelling a write leaves the data stream out of step: start over.
       * (Only a write still going on the current connection: a client that
       * already opened a new one has dropped the old transfer.) */
      close_data (self);
      self->data_generation++;
      self->transferring = FALSE;
    }
  client_send (client, object);
}

/* The emulator's own test control (MADV.md), on any connection. */
static void
do_control (ScMadvClient *client,
            JsonObject   *request)
{
  ScMadvEmu *self = client->emu;
  const char *type = param_string (request, "type");
  gint64 value = 0;
  gboolean has_value = param_int (request, "param", &value);

  if (type == NULL)
    {
      reply (client, SC_MADV_MSG_CONTROL, -9);
      return;
    }

  g_message ("Control: %s", type);
  if (g_str_equal (type, "take-session"))
    take_session (self);
  else if (g_str_equal (type, "release-session"))
    self->phantom_holds = FALSE;
  else if (self->holder == NULL)
    {
      reply (client, SC_MADV_MSG_CONTROL, -1);
      return;
    }
  else if (g_str_equal (type, "state") && has_value)
    {
      self->work_state = (int)value;
      notify_int (self, 4362, (int)value);
    }
  else if (g_str_equal (type, "battery") && has_value)
    {
      self->battery = (int)value;
      notify_int (self, 4361, (int)value);
    }
  else if (g_str_equal (type, "sd-mounted") && has_value)
    {
      self->sd_mounted = value != 0;
      notify_int (self, 4353, (int)value);
    }
  else if (g_str_equal (type, "sd-full") && has_value)
    {
      self->sd_full = (int)CLAMP (value, 0, 2);
      notify_int (self, 4354, self->sd_full);
    }
  else if (g_str_equal (type, "overheat"))
    notify_int (self, 6158, 1);
  else if (g_str_equal (type, "mode") && has_value)
    {
      g_autoptr(JsonObject) object = reply_new (4611, SC_MADV_NOTIFY_RVAL);

      self->mode = value != 0;
      json_object_set_int_member (object, "param", self->mode);
      json_object_set_int_member (object, "sub_mode", 0);
      json_object_set_int_member (object, "sub_mode_param", 0);
      sc_madv_emu_notify (self, object);
    }
  else if (g_str_equal (type, "power-off"))
    notify_int (self, 6155, 0);
  else
    {
      reply (client, SC_MADV_MSG_CONTROL, -9);
      return;
    }

  reply (client, SC_MADV_MSG_CONTROL, 0);
}

static gboolean
fault_applies (guint *count)
{
  if (*count == 0)
    return TRUE;   /* every time */
  if (*count == 1)
    {
      *count = G_MAXUINT;   /* used up */
      return TRUE;
    }
  if (*count == G_MAXUINT)
    return FALSE;
  (*count)--;
  return TRUE;
}

static void
handle_request (ScMadvClient *client,
                JsonObject   *request)
{
  ScMadvEmu *self = client->emu;
  JsonNode *id_node = json_object_get_member (request, "msg_id");
  JsonNode *token_node = json_object_get_member (request, "token");
  const Setting *setting;
  g_autoptr(JsonObject) object = NULL;
  int msg_id;

  if (id_node == NULL || JSON_NODE_TYPE (id_node) != JSON_NODE_VALUE ||
      json_node_get_value_type (id_node) != G_TYPE_INT64)
    {
      reply (client, 0, -7);
      return;
    }
  msg_id = (int)json_node_get_int (id_node);

  if (msg_id == SC_MADV_MSG_CONTROL)
    {
      do_control (client, request);
      return;
    }
  if (msg_id == 257)
    {
      start_session (client);
      return;
    }
  if (msg_id == 1793)
    {
      g_message ("The holder answered 1793 (it is dropped anyway)");
      return;
    }
  if (self->holder != client || token_node == NULL || JSON_NODE_TYPE (token_node) != JSON_NODE_VALUE ||
      json_node_get_value_type (token_node) != G_TYPE_INT64 || json_node_get_int (token_node) != client->token)
    {
      reply (client, msg_id, -4);
      return;
    }

  self->holder_requests++;
  if (self->faults.session_taken_after != 0 && self->holder_requests == self->faults.session_taken_after)
    {
      self->faults.session_taken_after = 0;
      g_message ("Fault madv-session-taken");
      take_session (self);
    }
  if (msg_id == self->faults.no_reply_msg_id && fault_applies (&self->faults.no_reply_count))
    {
      g_message ("Fault madv-no-reply: ignoring msg %d", msg_id);
      return;
    }
  if (msg_id == self->faults.rval_msg_id && fault_applies (&self->faults.rval_count))
    {
      g_message ("Fault madv-rval: msg %d fails with %d", msg_id, self->faults.rval_value);
      reply (client, msg_id, self->faults.rval_value);
      return;
    }

  if ((setting = find_setting (msg_id)) != NULL)
    {
      do_setting (client, setting, request);
      return;
    }

  switch (msg_id)
    {
    case 258:
      reply (client, 258, 0);
      self->holder = NULL;
      client->token = 0;
      close_data (self);
      break;

    case 4097:
    case 4098:
    case 4099:
    case 4100:
      object = reply_new (msg_id, 0);
      json_object_set_string_member (object, "param",
                                     msg_id == 4097 ? SC_MADV_SERIAL :
                                     msg_id == 4098 ? SC_MADV_MAKE :
                                     msg_id == 4099 ? SC_MADV_PRODUCT : self->version);
      client_send (client, object);
      break;

    case 1539:
      object = reply_new (1539, 0);
      json_object_set_string_member (object, "param", SC_MADV_WIFI);
      client_send (client, object);
      break;

    case 261:
      {
        const char *ip = param_string (request, "param");

        if (ip == NULL)
          {
            reply (client, 261, -14);
            break;
          }
        g_free (self->client_ip);
        self->client_ip = g_strdup (ip);
        object = reply_new (261, 0);
        json_object_set_string_member (object, "param", self->lut_md5);
        json_object_set_int_member (object, "update", 0);
        json_object_set_int_member (object, "session_id", self->session_id);
        client_send (client, object);
      }
      break;

    case 4364:
      do_all_settings (client);
      break;

    case 4365:
      do_all_modes (client);
      break;

    case 4358:
      object = reply_new (4358, self->sd_mounted ? 0 : -50);
      if (self->sd_mounted)
        {
          sc_madv_storage_json (self, object);
          json_object_set_string_member (object, "sd_mid", "03");
          json_object_set_string_member (object, "sd_oid", "SD");
          json_object_set_string_member (object, "sd_pnm", "EMU32");
        }
      client_send (client, object);
      break;

    case 4362:
    case 4361:
      object = reply_new (msg_id, 0);
      json_object_set_int_member (object, "param", msg_id == 4362 ? self->work_state : self->battery);
      client_send (client, object);
      break;

    case 6147:
      do_set_clock (client, request);
      break;

    case 6154:
      reply (client, 6154, 0);
      break;

    case 4611:
      {
        gint64 mode;

        if (!param_int (request, "param", &mode) || (mode != 0 && mode != 1))
          {
            reply (client, 4611, -14);
            break;
          }
        if (self->recorder != NULL || self->busy)
          {
            reply (client, 4611, -21);
            break;
          }
        self->mode = (int)mode;
        object = reply_new (4611, 0);
        json_object_set_int_member (object, "sub_mode", 0);
        json_object_set_int_member (object, "sub_mode_param", 0);
        client_send (client, object);
      }
      break;

    case 4864:
      do_photo (client);
      break;

    case 513:
    case 514:
      do_record (client, msg_id);
      break;

    case 4917:
      do_gps (client, request);
      break;

    case 1283:
      do_cd (client, request);
      break;

    case 1282:
      do_ls (client, request);
      break;

    case 1026:
      do_media_info (client, request);
      break;

    case 1281:
      do_delete (client, request);
      break;

    case 4:
      do_format (client, request);
      break;

    case 1025:
      do_thumb (client, request);
      break;

    case 1285:
      do_get_file (client, request);
      break;

    case 1287:
      do_cancel (client);
      break;

    default:
      reply (client, msg_id, -23);
      break;
    }
}

/* Framing ----------------------------------------------------------------- */

/* Hands every complete object in the buffer to handle_request(). */
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
            handle_request (client, request);
          }
        else
          {
            g_byte_array_remove_range (buf, 0, i + 1);
            reply (client, 0, -7);
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
  g_signal_connect (self->data_service, "incoming", G_CALLBACK (on_data_incoming_cb), self);
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
  close_data (self);
  if (self->cmd_service != NULL)
    g_socket_service_stop (self->cmd_service);
  if (self->data_service != NULL)
    g_socket_service_stop (self->data_service);
  g_clear_object (&self->cmd_service);
  g_clear_object (&self->data_service);
  sc_madv_streams_stop (self);
  g_clear_pointer (&self->media, g_hash_table_unref);
}
