/* madv-commands.c: the MADV emulator's command table and its handlers
 *
 * One request at a time, from the command port's framing: the session
 * check, the faults that strike requests, then the handler for its
 * msg_id (MADV-PROTOCOL.md §4): identity, settings, the clock, GPS,
 * photos and videos, and the emulator's own test control (65280). The
 * file commands are in madv-files.c.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "emu-madv"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "madv-private.h"

/* Commands ---------------------------------------------------------------- */

const char *
_sc_madv_param_string (JsonObject *request,
                       const char *member)
{
  JsonNode *node = json_object_get_member (request, member);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A number sent as a string (MADV) or as a number (Ambarella). */
gboolean
_sc_madv_param_int (JsonObject *request,
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

  if (!_sc_madv_param_int (request, "param", &value))
    {
      _sc_madv_reply (client, setting->msg_id, -14);
      return;
    }
  for (int i = 0; i < setting->n_values; i++)
    if (setting->values[i] == value)
      {
        *setting->field (client->emu) = (int)value;
        _sc_madv_reply (client, setting->msg_id, 0);
        return;
      }
  _sc_madv_reply (client, setting->msg_id, -14);
}

static void
do_all_settings (ScMadvClient *client)
{
  ScMadvEmu *self = client->emu;
  g_autoptr(JsonObject) object = _sc_madv_reply_new (4364, 0);

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
  _sc_madv_client_send (client, object);
}

static void
do_all_modes (ScMadvClient *client)
{
  ScMadvEmu *self = client->emu;
  g_autoptr(JsonObject) object = _sc_madv_reply_new (4365, 0);
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
  _sc_madv_client_send (client, object);
}

static void
do_set_clock (ScMadvClient *client,
              JsonObject   *request)
{
  ScMadvEmu *self = client->emu;
  const char *text = _sc_madv_param_string (request, "param");
  int y, mo, d, h, mi, s, w;
  g_autoptr(GDateTime) set = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (text == NULL || sscanf (text, "%d-%d-%d-%d-%d-%d-%d", &y, &mo, &d, &h, &mi, &s, &w) != 7 ||
      w < 1 || w > 7 || (set = g_date_time_new_local (y, mo, d, h, mi, s)) == NULL)
    {
      _sc_madv_reply (client, 6147, -14);
      return;
    }

  g_free (self->clock_text);
  self->clock_text = g_strdup (text);
  self->clock_offset_us = g_date_time_difference (set, now);
  g_message ("Clock set to %s", text);
  _sc_madv_reply (client, 6147, 0);
}

static void
do_gps (ScMadvClient *client,
        JsonObject   *request)
{
  ScMadvEmu *self = client->emu;
  const char *lon = _sc_madv_param_string (request, "lon");
  const char *lat = _sc_madv_param_string (request, "lat");
  const char *alt = _sc_madv_param_string (request, "alt");

  if (lon == NULL || lat == NULL)
    {
      _sc_madv_reply (client, 4917, -14);
      return;
    }

  g_free (self->gps_lon);
  g_free (self->gps_lat);
  g_free (self->gps_alt);
  self->gps_lon = g_strdup (lon);
  self->gps_lat = g_strdup (lat);
  self->gps_alt = g_strdup (alt != NULL ? alt : "0");
  g_message ("GPS %s, %s, %s", lat, lon, self->gps_alt);
  _sc_madv_reply (client, 4917, 0);
}

static void
send_save_done (ScMadvEmu  *self,
                int         msg_id,
                const char *camera_path)
{
  g_autoptr(JsonObject) object = _sc_madv_reply_new (msg_id, SC_MADV_NOTIFY_RVAL);
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
      _sc_madv_reply (client, 4864, -56);
      return;
    }
  if (self->busy || self->recorder != NULL)
    {
      _sc_madv_reply (client, 4864, -21);
      return;
    }

  self->busy = TRUE;
  self->work_state = 6;
  _sc_madv_reply (client, 4864, 0);
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
          _sc_madv_reply (client, 514, -1);
          return;
        }
      self->busy = TRUE;
      _sc_madv_reply (client, 514, 0);
      sc_madv_stop_video_async (self, on_video_done_cb, self);
      return;
    }

  if (self->mode != 0)
    {
      _sc_madv_reply (client, 513, -56);
      return;
    }
  if (self->busy || self->recorder != NULL)
    {
      _sc_madv_reply (client, 513, -21);
      return;
    }
  if (!sc_madv_start_video (self, &error))
    {
      g_warning ("Cannot record: %s", error->message);
      _sc_madv_reply (client, 513, -14);
      return;
    }
  self->work_state = 3;
  _sc_madv_reply (client, 513, 0);
}
/* The emulator's own test control (MADV.md), on any connection. */
static void
do_control (ScMadvClient *client,
            JsonObject   *request)
{
  ScMadvEmu *self = client->emu;
  const char *type = _sc_madv_param_string (request, "type");
  gint64 value = 0;
  gboolean has_value = _sc_madv_param_int (request, "param", &value);

  if (type == NULL)
    {
      _sc_madv_reply (client, SC_MADV_MSG_CONTROL, -9);
      return;
    }

  g_message ("Control: %s", type);
  if (g_str_equal (type, "take-session"))
    _sc_madv_take_session (self);
  else if (g_str_equal (type, "release-session"))
    self->phantom_holds = FALSE;
  else if (self->holder == NULL)
    {
      _sc_madv_reply (client, SC_MADV_MSG_CONTROL, -1);
      return;
    }
  else if (g_str_equal (type, "state") && has_value)
    {
      self->work_state = (int)value;
      _sc_madv_notify_int (self, 4362, (int)value);
    }
  else if (g_str_equal (type, "battery") && has_value)
    {
      self->battery = (int)value;
      _sc_madv_notify_int (self, 4361, (int)value);
    }
  else if (g_str_equal (type, "sd-mounted") && has_value)
    {
      self->sd_mounted = value != 0;
      _sc_madv_notify_int (self, 4353, (int)value);
    }
  else if (g_str_equal (type, "sd-full") && has_value)
    {
      self->sd_full = (int)CLAMP (value, 0, 2);
      _sc_madv_notify_int (self, 4354, self->sd_full);
    }
  else if (g_str_equal (type, "overheat"))
    _sc_madv_notify_int (self, 6158, 1);
  else if (g_str_equal (type, "mode") && has_value)
    {
      g_autoptr(JsonObject) object = _sc_madv_reply_new (4611, SC_MADV_NOTIFY_RVAL);

      self->mode = value != 0;
      json_object_set_int_member (object, "param", self->mode);
      json_object_set_int_member (object, "sub_mode", 0);
      json_object_set_int_member (object, "sub_mode_param", 0);
      sc_madv_emu_notify (self, object);
    }
  else if (g_str_equal (type, "power-off"))
    _sc_madv_notify_int (self, 6155, 0);
  else
    {
      _sc_madv_reply (client, SC_MADV_MSG_CONTROL, -9);
      return;
    }

  _sc_madv_reply (client, SC_MADV_MSG_CONTROL, 0);
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

void
_sc_madv_handle_request (ScMadvClient *client,
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
      _sc_madv_reply (client, 0, -7);
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
      _sc_madv_start_session (client);
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
      _sc_madv_reply (client, msg_id, -4);
      return;
    }

  self->holder_requests++;
  if (self->faults.session_taken_after != 0 && self->holder_requests == self->faults.session_taken_after)
    {
      self->faults.session_taken_after = 0;
      g_message ("Fault madv-session-taken");
      _sc_madv_take_session (self);
    }
  if (msg_id == self->faults.no_reply_msg_id && fault_applies (&self->faults.no_reply_count))
    {
      g_message ("Fault madv-no-reply: ignoring msg %d", msg_id);
      return;
    }
  if (msg_id == self->faults.rval_msg_id && fault_applies (&self->faults.rval_count))
    {
      g_message ("Fault madv-rval: msg %d fails with %d", msg_id, self->faults.rval_value);
      _sc_madv_reply (client, msg_id, self->faults.rval_value);
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
      _sc_madv_reply (client, 258, 0);
      self->holder = NULL;
      client->token = 0;
      _sc_madv_close_data (self);
      break;

    case 4097:
    case 4098:
    case 4099:
    case 4100:
      object = _sc_madv_reply_new (msg_id, 0);
      json_object_set_string_member (object, "param",
                                     msg_id == 4097 ? SC_MADV_SERIAL :
                                     msg_id == 4098 ? SC_MADV_MAKE :
                                     msg_id == 4099 ? SC_MADV_PRODUCT : self->version);
      _sc_madv_client_send (client, object);
      break;

    case 1539:
      object = _sc_madv_reply_new (1539, 0);
      json_object_set_string_member (object, "param", SC_MADV_WIFI);
      _sc_madv_client_send (client, object);
      break;

    case 261:
      {
        const char *ip = _sc_madv_param_string (request, "param");

        if (ip == NULL)
          {
            _sc_madv_reply (client, 261, -14);
            break;
          }
        g_free (self->client_ip);
        self->client_ip = g_strdup (ip);
        object = _sc_madv_reply_new (261, 0);
        json_object_set_string_member (object, "param", self->lut_md5);
        json_object_set_int_member (object, "update", 0);
        json_object_set_int_member (object, "session_id", self->session_id);
        _sc_madv_client_send (client, object);
      }
      break;

    case 4364:
      do_all_settings (client);
      break;

    case 4365:
      do_all_modes (client);
      break;

    case 4358:
      object = _sc_madv_reply_new (4358, self->sd_mounted ? 0 : -50);
      if (self->sd_mounted)
        {
          sc_madv_storage_json (self, object);
          json_object_set_string_member (object, "sd_mid", "03");
          json_object_set_string_member (object, "sd_oid", "SD");
          json_object_set_string_member (object, "sd_pnm", "EMU32");
        }
      _sc_madv_client_send (client, object);
      break;

    case 4362:
    case 4361:
      object = _sc_madv_reply_new (msg_id, 0);
      json_object_set_int_member (object, "param", msg_id == 4362 ? self->work_state : self->battery);
      _sc_madv_client_send (client, object);
      break;

    case 6147:
      do_set_clock (client, request);
      break;

    case 6154:
      _sc_madv_reply (client, 6154, 0);
      break;

    case 4611:
      {
        gint64 mode;

        if (!_sc_madv_param_int (request, "param", &mode) || (mode != 0 && mode != 1))
          {
            _sc_madv_reply (client, 4611, -14);
            break;
          }
        if (self->recorder != NULL || self->busy)
          {
            _sc_madv_reply (client, 4611, -21);
            break;
          }
        self->mode = (int)mode;
        object = _sc_madv_reply_new (4611, 0);
        json_object_set_int_member (object, "sub_mode", 0);
        json_object_set_int_member (object, "sub_mode_param", 0);
        _sc_madv_client_send (client, object);
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
      _sc_madv_do_cd (client, request);
      break;

    case 1282:
      _sc_madv_do_ls (client, request);
      break;

    case 1026:
      _sc_madv_do_media_info (client, request);
      break;

    case 1281:
      _sc_madv_do_delete (client, request);
      break;

    case 4:
      _sc_madv_do_format (client, request);
      break;

    case 1025:
      _sc_madv_do_thumb (client, request);
      break;

    case 1285:
      _sc_madv_do_get_file (client, request);
      break;

    case 1287:
      _sc_madv_do_cancel (client);
      break;

    default:
      _sc_madv_reply (client, msg_id, -23);
      break;
    }
}
