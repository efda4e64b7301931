/* sc-madv-camera.c
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

/**
 * ScMadvCamera:
 *
 * The Xiaomi Mi Sphere (made by MADV) and cameras speaking the same
 * Ambarella JSON protocol (MADV-PROTOCOL.md), reached at an address like
 * `madv://192.168.42.1` (`madv://HOST[:PORT][?data=PORT&http=PORT&rtsp=PORT]`,
 * defaults 7878, 8787, 50422 and 554).
 *
 * The wire is ScMadvClient's; this object runs the session the vendor app
 * runs on connect (serial, Wi-Fi settings, client address, clock, device
 * info, mode and storage), turns the camera's notifications into
 * #ScCamera:state changes and #ScCamera::file-added, maps the settings
 * table onto the option names the OSC backend uses, and pushes the user's
 * location (4917) while the location permission allows it. Files are in
 * sc-madv-camera-files.c.
 */

static void camera_iface_init (ScCameraInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScMadvCamera, sc_madv_camera, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SC_TYPE_CAMERA, camera_iface_init))

enum {
  PROP_0,
  PROP_ID,
  PROP_DISPLAY_NAME,
  PROP_URI,
  PROP_IS_CONNECTED,
  PROP_MODEL,
  PROP_MANUFACTURER,
  PROP_SERIAL_NUMBER,
  PROP_FIRMWARE_VERSION,
  PROP_STATE,
  PROP_TRANSPORT,
  PROP_LUT_MD5,
  PROP_PREVIEW_URI,
  PROP_LUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void location_start (ScMadvCamera *self);
static void location_stop  (ScMadvCamera *self);
static void fail_waiting   (ScMadvCamera *self,
                            const GError *error);

static gboolean
set_string (char       **ptr,
            const char  *str)
{
  if (g_strcmp0 (*ptr, str) == 0)
    return FALSE;
  g_free (*ptr);
  *ptr = g_strdup (str);
  return TRUE;
}

static void
notify (ScMadvCamera *self,
        guint         prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/**
 * _sc_madv_protocol_error:
 * @debug_format: what was wrong, for the log
 *
 * Returns: (transfer full): %SC_CAMERA_ERROR_PROTOCOL with a message for
 *   the user; the details go to the debug log only
 */
GError *
_sc_madv_protocol_error (const char *debug_format,
                         ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, debug_format);
  detail = g_strdup_vprintf (debug_format, args);
  va_end (args);

  g_debug ("Protocol error: %s", detail);
  return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
                              _("The camera sent an answer Spherecam does not understand. "
                                "Restart the camera, then connect again."));
}

/**
 * _sc_madv_camera_request:
 * @self: the camera, connected
 * @msg_id: the message
 * @param: (nullable): its "param", or %NULL for none
 * @timeout_ms: 0 for the default
 * @cancellable: (nullable): a #GCancellable
 * @callback: finish with sc_madv_client_request_finish() on the client
 * @user_data: closure
 *
 * Queues one request on the client.
 */
void
_sc_madv_camera_request (ScMadvCamera        *self,
                         guint                msg_id,
                         const char          *param,
                         guint                timeout_ms,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(JsonObject) extra = param != NULL ? sc_madv_client_param (param) : NULL;

  g_return_if_fail (self->client != NULL);

  sc_madv_client_request_async (self->client, msg_id, extra, timeout_ms, cancellable,
                                callback, user_data);
}

/**
 * _sc_madv_camera_check_connected:
 * @self: the camera
 * @task: the operation about to start
 *
 * Returns: %TRUE when connected; otherwise returns @task with
 *   %SC_CAMERA_ERROR_NOT_CONNECTED and %FALSE
 */
gboolean
_sc_madv_camera_check_connected (ScMadvCamera *self,
                                 GTask        *task)
{
  if (self->is_connected && self->client != NULL)
    return TRUE;

  g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                           _("The camera is not connected. Connect to it first."));
  return FALSE;
}

static void
set_connected (ScMadvCamera *self,
               gboolean      connected)
{
  if (self->is_connected == connected)
    return;

  self->is_connected = connected;
  if (!connected)
    location_stop (self);

  notify (self, PROP_IS_CONNECTED);
}

/* ------------------------------------------------------------------ */
/* JSON helpers: the camera sends numbers as ints or strings            */

static gboolean
get_int (JsonObject *object,
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

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

/* Printable, bounded text from the camera. */
static char *
clean_string (const char *text)
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

static GArray *
steps_new (void)
{
  GArray *steps = g_array_new (FALSE, TRUE, sizeof (Step));

  g_array_set_clear_func (steps, (GDestroyNotify)step_clear);
  return steps;
}

static void
steps_add (GArray     *steps,
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

/* Sends @steps one after the other; fails on the first failure of a step
 * that is not optional. The result is a GPtrArray of replies. */
static void
chain_run_async (ScMadvCamera        *self,
                 GArray              *steps,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Chain *chain = g_new0 (Chain, 1);

  g_task_set_source_tag (task, chain_run_async);
  chain->steps = steps;
  chain->results = g_ptr_array_new_with_free_func (reply_unref);
  g_task_set_task_data (task, chain, (GDestroyNotify)chain_free);
  chain_next (task);
}

static GPtrArray *
chain_run_finish (ScMadvCamera  *self,
                  GAsyncResult  *result,
                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
results_free (GPtrArray *results)
{
  g_ptr_array_unref (results);
}

/* ------------------------------------------------------------------ */
/* State                                                               */

static double
battery_level (gint64 code)
{
  static const double levels[] = { 0.05, 0.25, 0.50, 0.75, 1.0 };

  if (code == 0x44)
    return 1.0;
  return levels[MIN ((guint)(code & 0x0f), G_N_ELEMENTS (levels) - 1)];
}

static const char *
capture_status (gint64 work_state)
{
  switch (work_state)
    {
    case 3: case 4: case 5: case 13:
    case 6: case 14: case 15:
      return "shooting";
    case 7:
      return "self-timer countdown";
    case 12:
      return "interval shooting";
    default:
      return "idle";
    }
}

static void
update_state (ScMadvCamera *self,
              gboolean      announce)
{
  g_autoptr(GVariant) old = self->state;
  GVariantDict dict;

  self->state = NULL;
  g_variant_dict_init (&dict, NULL);

  if (self->battery_code >= 0)
    {
      g_variant_dict_insert (&dict, "batteryLevel", "d", battery_level (self->battery_code));
      g_variant_dict_insert (&dict, "batteryState", "s",
                             self->battery_code == 0x44 ? "charged" :
                             (self->battery_code & 0x80) ? "charging" : "disconnect");
    }

  g_variant_dict_insert (&dict, "captureStatus", "s", capture_status (self->work_state));
  g_variant_dict_insert (&dict, "_madvWorkState", "i", (gint32)self->work_state);
  if (self->camera_mode >= 0)
    g_variant_dict_insert (&dict, "captureMode", "s", self->camera_mode == 1 ? "image" : "video");

  if (self->have_storage)
    {
      g_variant_dict_insert (&dict, "remainingSpace", "t", self->sd_free_kb * 1024);
      g_variant_dict_insert (&dict, "totalSpace", "t", self->sd_total_kb * 1024);
      g_variant_dict_insert (&dict, "storageFull", "b", self->sd_full >= 2);
    }

  if (self->latest_file_uri != NULL)
    g_variant_dict_insert (&dict, "latestFileUri", "s", self->latest_file_uri);

  if (self->message != NULL)
    {
      const char *errors[] = { self->message, NULL };

      g_variant_dict_insert (&dict, "cameraError", "^as", errors);
    }

  self->state = g_variant_ref_sink (g_variant_dict_end (&dict));

  if (old != NULL && g_variant_equal (old, self->state))
    return;

  notify (self, PROP_STATE);
  if (announce)
    _sc_camera_emit_state_changed (SC_CAMERA (self));
}

static void
set_message (ScMadvCamera *self,
             const char   *message)
{
  set_string (&self->message, message);
}

static void
apply_storage (ScMadvCamera *self,
               JsonObject   *reply)
{
  gint64 n;

  if (get_int (reply, "sd_total", &n))
    {
      self->sd_total_kb = sc_madv_size_from_json (n);
      self->have_storage = TRUE;
    }
  if (get_int (reply, "sd_free", &n))
    {
      self->sd_free_kb = sc_madv_size_from_json (n);
      self->have_storage = TRUE;
    }
  if (get_int (reply, "sd_full", &n))
    self->sd_full = n;
}

static void
apply_modes (ScMadvCamera *self,
             JsonObject   *reply)
{
  gint64 n;

  if (get_int (reply, "status", &n))
    self->work_state = n;
  if (get_int (reply, "mode", &n))
    self->camera_mode = n;
}

static void
json_object_to_info (JsonObject   *object,
                     GVariantDict *dict)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    {
      g_autofree char *key = NULL;

      if (!JSON_NODE_HOLDS_VALUE (member) || g_str_equal (name, "msg_id") || g_str_equal (name, "rval"))
        continue;

      key = g_strconcat ("_madv_", name, NULL);
      if (json_node_get_value_type (member) == G_TYPE_STRING)
        {
          g_autofree char *text = clean_string (json_node_get_string (member));

          if (text != NULL)
            g_variant_dict_insert (dict, key, "s", text);
        }
      else if (json_node_get_value_type (member) == G_TYPE_INT64)
        g_variant_dict_insert (dict, key, "x", json_node_get_int (member));
    }
}

static void
apply_settings (ScMadvCamera *self,
                JsonObject   *reply)
{
  gint64 n;

  if (reply == NULL)
    return;

  g_clear_pointer (&self->settings, json_object_unref);
  self->settings = json_object_ref (reply);

  if (get_int (reply, "battery", &n))
    self->battery_code = n;
}

static void
apply_identity (ScMadvCamera *self,
                const char   *serial_reply,
                const char   *wifi,
                JsonObject   *settings)
{
  g_autofree char *serial = clean_string (serial_reply != NULL ? serial_reply
                                                               : get_string (settings, "sn"));
  g_autofree char *model = clean_string (get_string (settings, "product"));
  g_autofree char *ver = clean_string (get_string (settings, "ver"));
  g_autofree char *firmware = NULL;
  g_autofree char *ssid = NULL;
  GVariantDict dict;

  if (ver != NULL)
    {
      char *semicolon = strchr (ver, ';');

      firmware = semicolon != NULL ? g_strndup (ver, semicolon - ver) : g_strdup (ver);
    }

  if (wifi != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (wifi, "\n", 32);

      for (guint i = 0; lines[i] != NULL; i++)
        if (g_str_has_prefix (lines[i], "AP_SSID="))
          {
            g_clear_pointer (&ssid, g_free);
            ssid = clean_string (lines[i] + strlen ("AP_SSID="));
          }
      /* The Wi-Fi password stays out of the info and the logs. */
    }

  g_object_freeze_notify (G_OBJECT (self));

  if (model == NULL)
    model = g_strdup ("Mi Sphere");

  if (set_string (&self->model, model))
    notify (self, PROP_MODEL);
  if (set_string (&self->serial_number, serial))
    notify (self, PROP_SERIAL_NUMBER);
  if (set_string (&self->firmware_version, firmware))
    notify (self, PROP_FIRMWARE_VERSION);
  set_string (&self->wifi_ssid, ssid);

  if (serial != NULL)
    {
      g_autofree char *id = NULL;

      /* As the vendor app keys devices: no ':' or '/' in the serial. */
      g_strdelimit (serial, ":/", '_');
      id = g_strconcat ("madv:", serial, NULL);
      if (set_string (&self->id, id))
        notify (self, PROP_ID);
    }

  if (!self->display_name_set)
    {
      g_autofree char *name = g_str_has_prefix (model, "MJXJ")
                              ? g_strdup_printf ("Mi Sphere (%s)", model)
                              : g_strdup (model);

      if (set_string (&self->display_name, name))
        notify (self, PROP_DISPLAY_NAME);
    }

  g_variant_dict_init (&dict, NULL);
  if (settings != NULL)
    json_object_to_info (settings, &dict);
  g_variant_dict_insert (&dict, "manufacturer", "s", "MADV");
  g_variant_dict_insert (&dict, "model", "s", model);
  if (self->serial_number != NULL)
    g_variant_dict_insert (&dict, "serialNumber", "s", self->serial_number);
  if (firmware != NULL)
    g_variant_dict_insert (&dict, "firmwareVersion", "s", firmware);
  if (ssid != NULL)
    g_variant_dict_insert (&dict, "wifiSsid", "s", ssid);
  if (self->lut_md5 != NULL)
    g_variant_dict_insert (&dict, "lutMd5", "s", self->lut_md5);
  g_variant_dict_insert (&dict, "protocol", "s", "madv");
  g_variant_dict_insert (&dict, "gps", "b", TRUE);
  g_variant_dict_insert (&dict, "gyro", "b", TRUE);
  {
    g_autofree char *preview = sc_madv_camera_dup_preview_uri (self);

    g_variant_dict_insert (&dict, "previewUri", "s", preview);
  }

  g_clear_pointer (&self->info, g_variant_unref);
  self->info = g_variant_ref_sink (g_variant_dict_end (&dict));

  g_object_thaw_notify (G_OBJECT (self));
}

static GVariant *
sc_madv_camera_get_info (ScCamera *camera)
{
  ScMadvCamera *self = SC_MADV_CAMERA (camera);

  if (self->info == NULL)
    return g_variant_ref_sink (g_variant_new ("a{sv}", NULL));

  return g_variant_ref (self->info);
}

/* ------------------------------------------------------------------ */
/* Notifications                                                       */

/**
 * _sc_madv_camera_note_file:
 * @self: the camera
 * @rtos_or_path: the path a notification gave
 * @type: image or video
 * @out_file: (out) (optional) (transfer full): the file
 *
 * Records a new file on the camera and emits #ScCamera::file-added.
 */
void
_sc_madv_camera_note_file (ScMadvCamera      *self,
                           const char        *rtos_or_path,
                           ScCameraFileType   type,
                           ScCameraFile     **out_file)
{
  g_autofree char *path = _sc_madv_path_from_rtos (rtos_or_path);
  g_autoptr(ScCameraFile) file = NULL;

  if (out_file != NULL)
    *out_file = NULL;

  if (path == NULL)
    {
      g_debug ("Ignoring a new file outside DCIM: %s", rtos_or_path);
      return;
    }

  file = _sc_madv_camera_file_new (self, path, 0);
  if (file == NULL)
    return;

  set_string (&self->latest_file_uri, sc_camera_file_get_uri (file));
  _sc_camera_emit_file_added (SC_CAMERA (self), file);

  if (out_file != NULL)
    *out_file = g_steal_pointer (&file);
}

static void
on_storage_refreshed_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(ScMadvCamera) self = user_data;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = sc_madv_client_request_finish (SC_MADV_CLIENT (object), result, &error);
  if (reply == NULL)
    {
      g_debug ("Storage state: %s", error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->have_storage = FALSE;
      self->sd_missing = TRUE;
      set_message (self, error->message);
    }
  else
    {
      self->sd_missing = FALSE;
      if (self->message != NULL && !self->overheated)
        set_message (self, NULL);
      apply_storage (self, reply);
    }

  update_state (self, TRUE);
}

static void
refresh_storage (ScMadvCamera *self)
{
  if (self->client == NULL)
    return;

  sc_madv_client_request_async (self->client, SC_MADV_MSG_GET_STORAGE_STATE, NULL, 0,
                                self->cancellable, on_storage_refreshed_cb, g_object_ref (self));
}

typedef struct
{
  ScCameraFile *file;
  gboolean      replied;    /* the camera accepted the command */
} WaitData;

static void
wait_data_free (WaitData *data)
{
  g_clear_object (&data->file);
  g_free (data);
}

static void
complete_picture (ScMadvCamera *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->picture_task);
  WaitData *data = g_task_get_task_data (task);

  g_clear_handle_id (&self->picture_timeout_id, g_source_remove);
  g_task_return_pointer (task, g_steal_pointer (&data->file), g_object_unref);
}

static void
complete_stop (ScMadvCamera *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->stop_task);
  WaitData *data = g_task_get_task_data (task);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);

  g_clear_handle_id (&self->stop_timeout_id, g_source_remove);
  if (data->file != NULL)
    g_ptr_array_add (files, g_steal_pointer (&data->file));
  g_task_return_pointer (task, files, (GDestroyNotify)g_ptr_array_unref);
}

static void
disconnect_with (ScMadvCamera *self,
                 const GError *error)
{
  g_autoptr(ScMadvCamera) keep = g_object_ref (self);
  g_autoptr(ScMadvClient) client = g_steal_pointer (&self->client);

  if (client != NULL)
    {
      g_signal_handlers_disconnect_by_data (client, self);
      sc_madv_client_close (client);
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  fail_waiting (self, error);

  if (self->is_connected)
    {
      set_connected (self, FALSE);
      _sc_camera_emit_disconnected (SC_CAMERA (self), error);
    }
}

static void
on_client_notification_cb (ScMadvClient *client,
                           JsonObject   *message,
                           ScMadvCamera *self)
{
  gint64 msg_id = -1;
  gint64 param = 0;
  gboolean has_param;
  const char *param_string = get_string (message, "param");

  if (!get_int (message, "msg_id", &msg_id))
    return;

  has_param = get_int (message, "param", &param);
  g_debug ("Notification %" G_GINT64_FORMAT, msg_id);

  switch (msg_id)
    {
    case SC_MADV_MSG_CAMERA_STATE:
      if (!has_param)
        break;
      self->work_state = param;
      if (param == 2)
        {
          g_autoptr(GError) error =
            g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE,
                                 _("The camera is in USB storage mode. Unplug its USB cable, "
                                   "then connect to it again."));

          set_message (self, error->message);
          update_state (self, TRUE);
          disconnect_with (self, error);
          return;
        }
      break;

    case SC_MADV_MSG_BATTERY:
      if (has_param)
        self->battery_code = param;
      break;

    case SC_MADV_MSG_SD_MOUNTED:
    case SC_MADV_MSG_SD_FULL:
      if (msg_id == SC_MADV_MSG_SD_FULL && has_param)
        self->sd_full = param;
      if (msg_id == SC_MADV_MSG_SD_MOUNTED && has_param && param == 0)
        {
          self->sd_missing = TRUE;
          self->have_storage = FALSE;
          set_message (self, _("The camera has no memory card. Insert one to take pictures."));
          break;
        }
      refresh_storage (self);
      break;

    case SC_MADV_MSG_SD_SLOW:
      set_message (self, _("The memory card is too slow and the recording stopped. "
                           "Use a faster card."));
      self->work_state = 0;
      break;

    case SC_MADV_MSG_SET_CAMERA_MODE:
      if (has_param)
        self->camera_mode = param;
      break;

    case SC_MADV_MSG_RECORD_START:
    case 4620:
    case 4623:
    case 5028:
      self->work_state = 3;
      self->camera_mode = 0;
      break;

    case SC_MADV_MSG_RECORD_STOP:
      self->work_state = 0;
      break;

    case SC_MADV_MSG_SHOOT_PHOTO:
    case 4868:
    case 5025:
    case 5027:
    case 5029:
      self->work_state = msg_id == 4868 ? 7 : 6;
      break;

    case SC_MADV_MSG_SAVE_PHOTO_DONE:
    case SC_MADV_MSG_SAVE_VIDEO_DONE:
    case SC_MADV_MSG_SPLIT_DONE:
      {
        ScCameraFileType type = msg_id == SC_MADV_MSG_SAVE_PHOTO_DONE ? SC_CAMERA_FILE_TYPE_IMAGE
                                                                      : SC_CAMERA_FILE_TYPE_VIDEO;
        g_autoptr(ScCameraFile) file = NULL;

        apply_storage (self, message);
        if (msg_id != SC_MADV_MSG_SPLIT_DONE)
          self->work_state = 0;
        _sc_madv_camera_note_file (self, param_string, type, &file);

        if (msg_id == SC_MADV_MSG_SAVE_PHOTO_DONE && self->picture_task != NULL)
          {
            WaitData *data = g_task_get_task_data (self->picture_task);

            g_set_object (&data->file, file);
            if (data->replied)
              complete_picture (self);
          }
        else if (msg_id == SC_MADV_MSG_SAVE_VIDEO_DONE && self->stop_task != NULL)
          {
            WaitData *data = g_task_get_task_data (self->stop_task);

            g_set_object (&data->file, file);
            if (data->replied)
              complete_stop (self);
          }
      }
      break;

    case SC_MADV_MSG_OVERHEAT:
      self->overheated = TRUE;
      set_message (self, _("The camera is too hot. Switch it off and let it cool down."));
      break;

    case SC_MADV_MSG_POWERING_OFF:
      {
        g_autoptr(GError) error =
          g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE,
                               _("The camera switched itself off. Switch it on, "
                                 "then connect to it again."));

        disconnect_with (self, error);
        return;
      }

    case SC_MADV_MSG_NOTIFICATION:
      {
        /* Yi-style events (MADV-PROTOCOL.md §1.8, L): handled if they come. */
        const char *type = get_string (message, "type");

        if (g_strcmp0 (type, "photo_taken") == 0)
          _sc_madv_camera_note_file (self, param_string, SC_CAMERA_FILE_TYPE_IMAGE, NULL);
        else if (g_strcmp0 (type, "video_record_complete") == 0)
          _sc_madv_camera_note_file (self, param_string, SC_CAMERA_FILE_TYPE_VIDEO, NULL);
        else
          return;
      }
      break;

    default:
      return;
    }

  update_state (self, TRUE);
}

static void
on_client_closed_cb (ScMadvClient *client,
                     const GError *error,
                     ScMadvCamera *self)
{
  g_autoptr(GError) local = NULL;

  if (error == NULL)
    error = local = g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE,
                                         _("The camera closed the connection. Check that it "
                                           "is switched on and in range, then connect again."));

  g_debug ("Connection closed: %s", error->message);
  disconnect_with (self, error);
}

/* ------------------------------------------------------------------ */
/* connect / disconnect                                                */

/* The address of our end of a route to the camera (for 261): a UDP
 * socket "connected" to it sends nothing but gets a local address. */
static char *
local_address_for (const char *host,
                   guint16     port)
{
  g_autoptr(GInetAddress) remote = g_inet_address_new_from_string (host);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocket) socket = NULL;

  /* The camera is an IP address; for a name, any route will do. */
  if (remote == NULL)
    remote = g_inet_address_new_from_string ("127.0.0.1");

  socket = g_socket_new (g_inet_address_get_family (remote), G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_UDP, NULL);
  if (socket == NULL)
    return NULL;

  address = g_inet_socket_address_new (remote, port);
  if (!g_socket_connect (socket, address, NULL, NULL))
    return NULL;

  local = g_socket_get_local_address (socket, NULL);
  if (local == NULL || !G_IS_INET_SOCKET_ADDRESS (local))
    return NULL;

  return g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local)));
}

static char *
rtc_sync_param (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  /* YYYY-MM-DD-hh-mm-ss-W, W with Sunday = 1 … Saturday = 7. */
  return g_strdup_printf ("%04d-%02d-%02d-%02d-%02d-%02d-%d",
                          g_date_time_get_year (now), g_date_time_get_month (now),
                          g_date_time_get_day_of_month (now), g_date_time_get_hour (now),
                          g_date_time_get_minute (now), g_date_time_get_second (now),
                          g_date_time_get_day_of_week (now) % 7 + 1);
}

enum {
  CONNECT_SN,
  CONNECT_WIFI,
  CONNECT_CLIENT_INFO,
  CONNECT_RTC,
  CONNECT_SETTINGS,
  CONNECT_MODES,
  CONNECT_STORAGE,
};

static void
on_connect_chain_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  GPtrArray *results;
  g_autoptr(GError) error = NULL;
  JsonObject *reply;

  results = chain_run_finish (self, result, &error);
  if (results == NULL)
    {
      g_debug ("Connect sequence failed: %s", error->message);
      if (self->client != NULL)
        {
          g_signal_handlers_disconnect_by_data (self->client, self);
          sc_madv_client_close (self->client);
          g_clear_object (&self->client);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  reply = g_ptr_array_index (results, CONNECT_CLIENT_INFO);
  g_clear_pointer (&self->lut_md5, g_free);
  if (reply != NULL)
    {
      self->lut_md5 = clean_string (get_string (reply, "param"));
      notify (self, PROP_LUT_MD5);
    }

  apply_settings (self, g_ptr_array_index (results, CONNECT_SETTINGS));
  apply_modes (self, g_ptr_array_index (results, CONNECT_MODES));

  reply = g_ptr_array_index (results, CONNECT_STORAGE);
  self->have_storage = FALSE;
  self->sd_missing = reply == NULL;
  if (reply != NULL)
    apply_storage (self, reply);
  else
    set_message (self, _("The camera’s memory card cannot be read. Check that a card is inserted."));

  apply_identity (self,
                  get_string (g_ptr_array_index (results, CONNECT_SN), "param"),
                  get_string (g_ptr_array_index (results, CONNECT_WIFI), "param"),
                  self->settings);
  results_free (results);

  if (self->work_state == 2)
    {
      g_autoptr(GError) storage_error =
        g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                             _("The camera is in USB storage mode. Unplug its USB cable, "
                               "then connect to it again."));

      if (self->client != NULL)
        {
          g_signal_handlers_disconnect_by_data (self->client, self);
          sc_madv_client_close (self->client);
          g_clear_object (&self->client);
        }
      g_task_return_error (task, g_steal_pointer (&storage_error));
      return;
    }

  update_state (self, FALSE);
  set_connected (self, TRUE);
  location_start (self);

  /* The camera's lens LUT, in the background (connecting does not wait). */
  _sc_madv_camera_lut_refresh (self);

  g_debug ("Connected to %s (%s)", self->host, self->id);
  g_task_return_boolean (task, TRUE);
}

static void
on_client_opened_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScMadvCamera *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *local = NULL;
  g_autofree char *rtc = NULL;
  GCancellable *cancellable;
  GArray *steps;
  JsonObject *extra;

  if (!sc_madv_client_open_finish (SC_MADV_CLIENT (object), result, &error))
    {
      if (self->client == SC_MADV_CLIENT (object))
        {
          g_signal_handlers_disconnect_by_data (self->client, self);
          g_clear_object (&self->client);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  local = local_address_for (self->host, self->command_port);
  rtc = rtc_sync_param ();

  steps = steps_new ();
  steps_add (steps, SC_MADV_MSG_GET_SN, NULL, 0, FALSE);
  steps_add (steps, SC_MADV_MSG_GET_WIFI_SETTING, NULL, 0, TRUE);
  extra = sc_madv_client_param (local != NULL ? local : "192.168.42.2");
  json_object_set_string_member (extra, "type", "TCP");
  steps_add (steps, SC_MADV_MSG_SET_CLIENT_INFO, extra, 0, FALSE);
  steps_add (steps, SC_MADV_MSG_RTC_SYNC, sc_madv_client_param (rtc), 0, TRUE);
  steps_add (steps, SC_MADV_MSG_GET_ALL_SETTINGS, NULL, 0, FALSE);
  steps_add (steps, SC_MADV_MSG_GET_ALL_MODES, NULL, 0, TRUE);
  steps_add (steps, SC_MADV_MSG_GET_STORAGE_STATE, NULL, 0, TRUE);

  cancellable = g_task_get_cancellable (task);
  chain_run_async (self, steps, cancellable, on_connect_chain_cb, g_steal_pointer (&task));
}

static void
sc_madv_camera_connect_async (ScCamera            *camera,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (camera);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_madv_camera_connect_async);
  self->https_unavailable = FALSE;    /* try HTTPS again on newer firmware */

  if (self->is_connected)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (self->client != NULL)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                               _("Spherecam is already connecting to this camera. Wait a moment."));
      return;
    }

  self->work_state = 0;
  self->camera_mode = -1;
  self->battery_code = -1;
  self->overheated = FALSE;
  g_clear_pointer (&self->message, g_free);

  self->client = sc_madv_client_new (self->host, self->command_port, self->data_port);
  g_signal_connect (self->client, "notification", G_CALLBACK (on_client_notification_cb), self);
  g_signal_connect (self->client, "closed", G_CALLBACK (on_client_closed_cb), self);

  sc_madv_client_open_async (self->client, cancellable, on_client_opened_cb,
                             g_steal_pointer (&task));
}

static gboolean
sc_madv_camera_connect_finish (ScCamera      *camera,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
fail_waiting (ScMadvCamera *self,
              const GError *error)
{
  g_autoptr(GError) closed = NULL;

  if (error == NULL)
    error = closed = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED,
                                          _("The camera was disconnected. Connect to it again."));

  g_clear_handle_id (&self->picture_timeout_id, g_source_remove);
  g_clear_handle_id (&self->stop_timeout_id, g_source_remove);
  if (self->picture_task != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->picture_task);
      g_task_return_error (task, g_error_copy (error));
    }
  if (self->stop_task != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->stop_task);
      g_task_return_error (task, g_error_copy (error));
    }
}

static void
sc_madv_camera_disconnect (ScCamera *camera)
{
  ScMadvCamera *self = SC_MADV_CAMERA (camera);
  g_autoptr(ScMadvClient) client = g_steal_pointer (&self->client);

  if (client != NULL)
    {
      g_signal_handlers_disconnect_by_data (client, self);
      sc_madv_client_close (client);
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  fail_waiting (self, NULL);
  set_connected (self, FALSE);
}

/* ------------------------------------------------------------------ */
/* refresh_state                                                       */

static void
on_refresh_chain_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *results;
  JsonObject *storage;

  results = chain_run_finish (self, result, &error);
  if (results == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  apply_modes (self, g_ptr_array_index (results, 0));
  apply_settings (self, g_ptr_array_index (results, 1));
  storage = g_ptr_array_index (results, 2);
  if (storage != NULL)
    {
      self->sd_missing = FALSE;
      apply_storage (self, storage);
    }
  results_free (results);

  update_state (self, TRUE);
  g_task_return_pointer (task, g_variant_ref (self->state), (GDestroyNotify)g_variant_unref);
}

static void
sc_madv_camera_refresh_state_async (ScCamera            *camera,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  GArray *steps;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_madv_camera_refresh_state_async);

  if (!_sc_madv_camera_check_connected (self, task))
    return;

  steps = steps_new ();
  steps_add (steps, SC_MADV_MSG_GET_ALL_MODES, NULL, 0, FALSE);
  steps_add (steps, SC_MADV_MSG_GET_ALL_SETTINGS, NULL, 0, FALSE);
  steps_add (steps, SC_MADV_MSG_GET_STORAGE_STATE, NULL, 0, TRUE);
  chain_run_async (self, steps, cancellable, on_refresh_chain_cb, g_steal_pointer (&task));
}

static GVariant *
sc_madv_camera_refresh_state_finish (ScCamera      *camera,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Options: the settings table (MADV-PROTOCOL.md §2.3)                 */

typedef enum
{
  KIND_INT,          /* the value id as an int ("i") */
  KIND_BOOL,         /* 0/1 as "b" */
  KIND_EV,           /* half steps ↔ EV as "d" */
  KIND_WB,           /* value id ↔ OSC white balance name */
  KIND_SHUTTER,      /* value id ↔ seconds as "d", 0 = auto */
  KIND_OFF_DELAY,    /* minutes ↔ OSC offDelay seconds, 65535 = never */
  KIND_MODE,         /* 4611: "image" / "video" */
} OptionKind;

typedef struct
{
  const char *name;
  guint       msg_id;
  const char *key;        /* in 4364 (4365 for the mode) */
  OptionKind  kind;
} OptionInfo;

static const OptionInfo options_table[] = {
  { "captureMode",            SC_MADV_MSG_SET_CAMERA_MODE, "mode",          KIND_MODE },
  { "exposureCompensation",   5169, "still_ev",      KIND_EV },
  { "iso",                    5172, "still_iso",     KIND_INT },
  { "whiteBalance",           5168, "still_wb",      KIND_WB },
  { "shutterSpeed",           5171, "still_shutter", KIND_SHUTTER },
  { "offDelay",               6151, "poweroff_time", KIND_OFF_DELAY },
  { "_madvVideoResolution",   4612, "v_res",         KIND_INT },
  { "_madvPhotoResolution",   4872, "p_res",         KIND_INT },
  { "_madvVideoWhiteBalance", 5136, "video_wb",      KIND_WB },
  { "_madvVideoExposureCompensation", 5137, "video_ev", KIND_EV },
  { "_madvLoopRecording",     4617, "loop",          KIND_BOOL },
  { "_madvBuzzer",            6145, "buzzer",        KIND_INT },
  { "_madvLed",               6156, "led",           KIND_BOOL },
};

static const char * const wb_names[] = {
  "auto", "daylight", "cloudy-daylight", "incandescent", "_warmWhiteFluorescent",
};

static const OptionInfo *
find_option (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (options_table); i++)
    if (g_str_equal (options_table[i].name, name))
      return &options_table[i];
  return NULL;
}

static GVariant *
option_value (ScMadvCamera     *self,
              const OptionInfo *info)
{
  gint64 n;

  if (info->kind == KIND_MODE)
    return self->camera_mode >= 0
           ? g_variant_new_string (self->camera_mode == 1 ? "image" : "video")
           : NULL;

  if (!get_int (self->settings, info->key, &n))
    return NULL;

  switch (info->kind)
    {
    case KIND_INT:
      return g_variant_new_int32 ((gint32)CLAMP (n, G_MININT32, G_MAXINT32));
    case KIND_BOOL:
      return g_variant_new_boolean (n != 0);
    case KIND_EV:
      return g_variant_new_double (n / 2.0);
    case KIND_WB:
      return n >= 0 && n < (gint64)G_N_ELEMENTS (wb_names) ? g_variant_new_string (wb_names[n]) : NULL;
    case KIND_SHUTTER:
      if (n == 0)
        return g_variant_new_double (0);
      if (n > 32768)
        return g_variant_new_double (1.0 / (double)(n - 32768));
      return g_variant_new_double ((double)n);
    case KIND_OFF_DELAY:
      return g_variant_new_int32 (n <= 0 ? 65535 : (gint32)MIN (n * 60, 65534));
    case KIND_MODE:
    default:
      return NULL;
    }
}

/* The value id to send, or NULL with @error. */
static char *
option_param (const OptionInfo  *info,
              GVariant          *value,
              GError           **error)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    value = g_variant_get_variant (value);
  else
    g_variant_ref (value);

  {
    g_autoptr(GVariant) v = value;
    double d = 0;
    gint64 n = 0;
    gboolean numeric = TRUE;

    if (g_variant_is_of_type (v, G_VARIANT_TYPE_INT32))
      d = n = g_variant_get_int32 (v);
    else if (g_variant_is_of_type (v, G_VARIANT_TYPE_INT64))
      d = n = g_variant_get_int64 (v);
    else if (g_variant_is_of_type (v, G_VARIANT_TYPE_UINT32))
      d = n = g_variant_get_uint32 (v);
    else if (g_variant_is_of_type (v, G_VARIANT_TYPE_DOUBLE))
      n = (gint64)round (d = g_variant_get_double (v));
    else if (g_variant_is_of_type (v, G_VARIANT_TYPE_BOOLEAN))
      d = n = g_variant_get_boolean (v);
    else
      numeric = FALSE;

    switch (info->kind)
      {
      case KIND_MODE:
        if (g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
          {
            const char *s = g_variant_get_string (v, NULL);

            if (g_str_equal (s, "image"))
              return g_strdup ("1");
            if (g_str_equal (s, "video"))
              return g_strdup ("0");
          }
        break;

      case KIND_WB:
        if (g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
          for (guint i = 0; i < G_N_ELEMENTS (wb_names); i++)
            if (g_str_equal (g_variant_get_string (v, NULL), wb_names[i]))
              return g_strdup_printf ("%u", i);
        break;

      case KIND_EV:
        if (numeric && isfinite (d) && d >= -3.0 && d <= 3.0)
          return g_strdup_printf ("%d", (int)round (d * 2));
        break;

      case KIND_SHUTTER:
        if (numeric && isfinite (d) && d >= 0)
          {
            if (d == 0)
              return g_strdup ("0");
            if (d >= 1)
              return g_strdup_printf ("%d", (int)MIN (round (d), 32));
            return g_strdup_printf ("%d", 32768 + (int)MIN (round (1.0 / d), 32000));
          }
        break;

      case KIND_OFF_DELAY:
        if (numeric)
          return g_strdup (n <= 0 || n >= 65535 ? "0" : n <= 300 ? "5" : "10");
        break;

      case KIND_BOOL:
        if (numeric)
          return g_strdup (n != 0 ? "1" : "0");
        break;

      case KIND_INT:
      default:
        if (numeric && n >= G_MININT32 && n <= G_MAXINT32)
          return g_strdup_printf ("%" G_GINT64_FORMAT, n);
        break;
      }
  }

  g_set_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED,
               _("The camera does not offer this value for “%s”. Choose another one."),
               info->name);
  return NULL;
}

typedef struct
{
  GStrv names;
} GetOptionsData;

static void
get_options_data_free (GetOptionsData *data)
{
  g_strfreev (data->names);
  g_free (data);
}

static void
on_get_options_chain_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  GetOptionsData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GPtrArray *results;
  GVariantDict dict;

  results = chain_run_finish (self, result, &error);
  if (results == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  apply_settings (self, g_ptr_array_index (results, 0));
  apply_modes (self, g_ptr_array_index (results, 1));
  results_free (results);

  g_variant_dict_init (&dict, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (options_table); i++)
    {
      const OptionInfo *info = &options_table[i];
      GVariant *value;

      if (data->names != NULL && !g_strv_contains ((const char * const *)data->names, info->name))
        continue;

      value = option_value (self, info);
      if (value != NULL)
        g_variant_dict_insert_value (&dict, info->name, value);
    }

  g_task_return_pointer (task, g_variant_ref_sink (g_variant_dict_end (&dict)),
                         (GDestroyNotify)g_variant_unref);
}

static void
sc_madv_camera_get_options_async (ScCamera            *camera,
                                  const char * const  *names,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  GetOptionsData *data;
  GArray *steps;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_madv_camera_get_options_async);
  data = g_new0 (GetOptionsData, 1);
  data->names = names != NULL && names[0] != NULL ? g_strdupv ((GStrv)names) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify)get_options_data_free);

  if (!_sc_madv_camera_check_connected (self, task))
    return;

  steps = steps_new ();
  steps_add (steps, SC_MADV_MSG_GET_ALL_SETTINGS, NULL, 0, FALSE);
  steps_add (steps, SC_MADV_MSG_GET_ALL_MODES, NULL, 0, TRUE);
  chain_run_async (self, steps, cancellable, on_get_options_chain_cb, g_steal_pointer (&task));
}

static GVariant *
sc_madv_camera_get_options_finish (ScCamera      *camera,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_set_options_chain_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *results;
  guint n;

  results = chain_run_finish (self, result, &error);
  if (results == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The last two replies are the fresh settings and modes. */
  n = results->len;
  apply_settings (self, g_ptr_array_index (results, n - 2));
  apply_modes (self, g_ptr_array_index (results, n - 1));
  results_free (results);

  update_state (self, TRUE);
  g_task_return_boolean (task, TRUE);
}

static void
sc_madv_camera_set_options_async (ScCamera            *camera,
                                  GVariant            *options,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GArray) steps = NULL;
  GVariantIter iter;
  const char *name;
  GVariant *value;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_madv_camera_set_options_async);

  if (!_sc_madv_camera_check_connected (self, task))
    return;

  /* Every name and value is checked before anything is sent. */
  steps = steps_new ();
  g_variant_iter_init (&iter, options);
  while (g_variant_iter_next (&iter, "{&sv}", &name, &value))
    {
      g_autoptr(GVariant) owned = value;
      const OptionInfo *info = find_option (name);
      g_autofree char *param = NULL;
      GError *error = NULL;

      if (info == NULL)
        {
          g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED,
                                   _("This camera has no option “%s”. Leave it out."), name);
          return;
        }

      param = option_param (info, value, &error);
      if (param == NULL)
        {
          g_task_return_error (task, error);
          return;
        }

      steps_add (steps, info->msg_id, sc_madv_client_param (param), 0, FALSE);
    }

  steps_add (steps, SC_MADV_MSG_GET_ALL_SETTINGS, NULL, 0, FALSE);
  steps_add (steps, SC_MADV_MSG_GET_ALL_MODES, NULL, 0, TRUE);
  chain_run_async (self, g_steal_pointer (&steps), cancellable, on_set_options_chain_cb,
                   g_steal_pointer (&task));
}

static gboolean
sc_madv_camera_set_options_finish (ScCamera      *camera,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Shooting                                                            */

static gboolean
on_picture_timeout_cb (gpointer user_data)
{
  ScMadvCamera *self = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&self->picture_task);

  self->picture_timeout_id = 0;
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                           _("The camera did not say that it saved the picture. "
                             "Check its memory card, then try again."));
  return G_SOURCE_REMOVE;
}

static gboolean
on_stop_timeout_cb (gpointer user_data)
{
  ScMadvCamera *self = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&self->stop_task);

  self->stop_timeout_id = 0;
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                           _("The camera did not say that it saved the video. "
                             "Check its memory card, then try again."));
  return G_SOURCE_REMOVE;
}

static void
on_shoot_chain_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (object);
  GTask *task = user_data;   /* owned by self->picture_task */
  g_autoptr(GError) error = NULL;
  GPtrArray *results;
  WaitData *data;

  results = chain_run_finish (self, result, &error);
  if (self->picture_task != task)
    {
      /* Already failed (disconnect) and returned. */
      if (results != NULL)
        results_free (results);
      return;
    }

  if (results == NULL)
    {
      g_autoptr(GTask) owned = g_steal_pointer (&self->picture_task);
      g_task_return_error (owned, g_steal_pointer (&error));
      return;
    }
  results_free (results);

  self->camera_mode = 1;
  data = g_task_get_task_data (task);
  data->replied = TRUE;
  if (data->file != NULL)
    {
      complete_picture (self);
      return;
    }

  self->picture_timeout_id = g_timeout_add (SC_MADV_CAPTURE_TIMEOUT_MS, on_picture_timeout_cb, self);
}

static void
sc_madv_camera_take_picture_async (ScCamera            *camera,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  GArray *steps;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_madv_camera_take_picture_async);
  g_task_set_task_data (task, g_new0 (WaitData, 1), (GDestroyNotify)wait_data_free);

  if (!_sc_madv_camera_check_connected (self, task))
    return;

  if (self->picture_task != NULL || self->stop_task != NULL)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                               _("The camera is still saving the last shot. Wait a moment."));
      return;
    }

  steps = steps_new ();
  if (self->camera_mode != 1)
    steps_add (steps, SC_MADV_MSG_SET_CAMERA_MODE, sc_madv_client_param ("1"), 0, FALSE);
  steps_add (steps, SC_MADV_MSG_SHOOT_PHOTO, NULL, SC_MADV_CAPTURE_TIMEOUT_MS, FALSE);

  self->picture_task = g_object_ref (task);
  chain_run_async (self, steps, self->cancellable, on_shoot_chain_cb, task);
}

static ScCameraFile *
sc_madv_camera_take_picture_finish (ScCamera      *camera,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_record_chain_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *results;

  results = chain_run_finish (self, result, &error);
  if (results == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  results_free (results);

  self->camera_mode = 0;
  self->work_state = 3;
  update_state (self, TRUE);
  g_task_return_boolean (task, TRUE);
}

static void
sc_madv_camera_start_capture_async (ScCamera            *camera,
                                    ScCameraCaptureMode  mode,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  GArray *steps;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_madv_camera_start_capture_async);

  if (!_sc_madv_camera_check_connected (self, task))
    return;

  if (mode != SC_CAMERA_CAPTURE_MODE_VIDEO)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED,
                               _("Interval shooting on this camera is not supported yet. "
                                 "Record a video or take single pictures."));
      return;
    }

  steps = steps_new ();
  if (self->camera_mode != 0)
    steps_add (steps, SC_MADV_MSG_SET_CAMERA_MODE, sc_madv_client_param ("0"), 0, FALSE);
  /* "0" = with sound. */
  steps_add (steps, SC_MADV_MSG_RECORD_START, sc_madv_client_param ("0"), 0, FALSE);
  chain_run_async (self, steps, cancellable, on_record_chain_cb, g_steal_pointer (&task));
}

static gboolean
sc_madv_camera_start_capture_finish (ScCamera      *camera,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_stop_reply_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;   /* owned by self->stop_task */
  ScMadvCamera *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  WaitData *data;

  reply = sc_madv_client_request_finish (SC_MADV_CLIENT (object), result, &error);
  if (self->stop_task != task)
    return;

  if (reply == NULL)
    {
      g_autoptr(GTask) owned = g_steal_pointer (&self->stop_task);
      g_task_return_error (owned, g_steal_pointer (&error));
      return;
    }

  data = g_task_get_task_data (task);
  data->replied = TRUE;
  if (data->file != NULL)
    {
      complete_stop (self);
      return;
    }

  self->stop_timeout_id = g_timeout_add (SC_MADV_CAPTURE_TIMEOUT_MS, on_stop_timeout_cb, self);
}

static void
sc_madv_camera_stop_capture_async (ScCamera            *camera,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (camera);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_madv_camera_stop_capture_async);
  g_task_set_task_data (task, g_new0 (WaitData, 1), (GDestroyNotify)wait_data_free);

  if (!_sc_madv_camera_check_connected (self, task))
    return;

  if (self->stop_task != NULL)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                               _("The camera is already stopping the recording. Wait a moment."));
      return;
    }

  self->stop_task = g_object_ref (task);
  sc_madv_client_request_async (self->client, SC_MADV_MSG_RECORD_STOP, NULL,
                                SC_MADV_CAPTURE_TIMEOUT_MS, self->cancellable,
                                on_stop_reply_cb, task);
}

static GPtrArray *
sc_madv_camera_stop_capture_finish (ScCamera      *camera,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* SD card format                                                      */

static void
on_format_reply_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScMadvCamera *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) reply = NULL;
  GError *error = NULL;

  reply = sc_madv_client_request_finish (SC_MADV_CLIENT (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  set_string (&self->latest_file_uri, NULL);
  refresh_storage (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * sc_madv_camera_format_async:
 * @self: the camera
 * @confirmed: %TRUE once the user agreed to lose everything on the card
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure
 *
 * Formats the camera's memory card (4 FORMAT with "c").
 */
void
sc_madv_camera_format_async (ScMadvCamera        *self,
                             gboolean             confirmed,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SC_IS_MADV_CAMERA (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_madv_camera_format_async);

  if (!confirmed)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Formatting erases every file on the camera’s memory card. "
                                 "Confirm it to go on."));
      return;
    }

  if (!_sc_madv_camera_check_connected (self, task))
    return;

  /* Formatting a big card takes a while. */
  _sc_madv_camera_request (self, SC_MADV_MSG_FORMAT, "c", 120000, cancellable,
                           on_format_reply_cb, g_steal_pointer (&task));
}

/**
 * sc_madv_camera_format_finish:
 * @self: the camera
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: whether the card was formatted
 */
gboolean
sc_madv_camera_format_finish (ScMadvCamera  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sc_madv_camera_iface_format_async (ScCamera            *camera,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  /* The interface wrapper has checked the confirmation. */
  sc_madv_camera_format_async (SC_MADV_CAMERA (camera), TRUE, cancellable, callback, user_data);
}

static gboolean
sc_madv_camera_iface_format_finish (ScCamera      *camera,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return sc_madv_camera_format_finish (SC_MADV_CAMERA (camera), result, error);
}

/* ------------------------------------------------------------------ */
/* Live preview                                                        */

/**
 * sc_madv_camera_dup_preview_uri:
 * @self: the camera
 *
 * Returns: (transfer full): the RTSP address of the live preview,
 *   `rtsp://HOST:PORT/live`
 */
char *
sc_madv_camera_dup_preview_uri (ScMadvCamera *self)
{
  g_autofree char *host = NULL;

  g_return_val_if_fail (SC_IS_MADV_CAMERA (self), NULL);

  host = strchr (self->host, ':') != NULL ? g_strdup_printf ("[%s]", self->host)
                                          : g_strdup (self->host);
  return g_strdup_printf ("rtsp://%s:%u/live", host, self->rtsp_port);
}

static char *
sc_madv_camera_iface_dup_preview_uri (ScCamera *camera)
{
  return sc_madv_camera_dup_preview_uri (SC_MADV_CAMERA (camera));
}

/* ------------------------------------------------------------------ */
/* GPS (4917)                                                          */

static void
on_gps_pushed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ScMadvCamera) self = user_data;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;

  self->gps_in_flight = FALSE;
  reply = sc_madv_client_request_finish (SC_MADV_CLIENT (object), result, &error);
  if (reply == NULL)
    g_debug ("GPS push: %s", error->message);   /* the vendor ignores it too */
}

static void
gps_push (ScMadvCamera *self)
{
  ScGeoLocation location = { 0 };
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  JsonObject *extra;

  if (!self->is_connected || self->client == NULL || self->location_source == NULL ||
      self->gps_in_flight)
    return;

  /* FALSE whenever the location permission (or consent) is off. */
  if (!sc_location_source_get_current (self->location_source, &location))
    return;

  extra = json_object_new ();
  json_object_set_string_member (extra, "lon",
                                 g_ascii_formatd (text, sizeof text, "%.6f", location.longitude));
  json_object_set_string_member (extra, "lat",
                                 g_ascii_formatd (text, sizeof text, "%.6f", location.latitude));
  json_object_set_string_member (extra, "alt",
                                 g_ascii_formatd (text, sizeof text, "%.1f",
                                                  location.has_altitude ? location.altitude : 0));
  g_clear_pointer (&location.time, g_date_time_unref);

  self->gps_in_flight = TRUE;
  sc_madv_client_request_async (self->client, SC_MADV_MSG_SET_GPS_INFO, extra, 0,
                                self->cancellable, on_gps_pushed_cb, g_object_ref (self));
  json_object_unref (extra);
}

static gboolean
on_gps_timeout_cb (gpointer user_data)
{
  gps_push (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_location_changed_cb (ScLocationSource *source,
                        ScMadvCamera     *self)
{
  gps_push (self);
}

static void
location_start (ScMadvCamera *self)
{
  location_stop (self);

  self->location_source = g_object_ref (sc_location_source_get_default ());
  g_signal_connect_object (self->location_source, "changed",
                           G_CALLBACK (on_location_changed_cb), self, 0);
  self->gps_timeout_id = g_timeout_add_seconds (SC_MADV_GPS_INTERVAL_S, on_gps_timeout_cb, self);
  gps_push (self);
}

static void
location_stop (ScMadvCamera *self)
{
  g_clear_handle_id (&self->gps_timeout_id, g_source_remove);
  if (self->location_source != NULL)
    g_signal_handlers_disconnect_by_func (self->location_source, on_location_changed_cb, self);
  g_clear_object (&self->location_source);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static gboolean
parse_port (const char *text,
            guint16    *port)
{
  guint64 n;

  if (!g_ascii_string_to_unsigned (text, 10, 1, 65535, &n, NULL))
    return FALSE;
  *port = (guint16)n;
  return TRUE;
}

static void
sc_madv_camera_dispose (GObject *object)
{
  ScMadvCamera *self = (ScMadvCamera *)object;

  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      sc_madv_client_close (self->client);
      g_clear_object (&self->client);
    }
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    soup_session_abort (self->session);
  fail_waiting (self, NULL);
  location_stop (self);
  self->is_connected = FALSE;

  G_OBJECT_CLASS (sc_madv_camera_parent_class)->dispose (object);
}

static void
sc_madv_camera_finalize (GObject *object)
{
  ScMadvCamera *self = (ScMadvCamera *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->serial_number, g_free);
  g_clear_pointer (&self->firmware_version, g_free);
  g_clear_pointer (&self->pin_directory, g_free);
  g_clear_pointer (&self->lut_md5, g_free);
  g_clear_pointer (&self->lut_directory, g_free);
  g_clear_pointer (&self->lut, sc_madv_lut_unref);
  g_queue_clear (&self->data_port_waiters);   /* each waiter's task holds a reference */
  g_clear_pointer (&self->wifi_ssid, g_free);
  g_clear_pointer (&self->info, g_variant_unref);
  g_clear_pointer (&self->state, g_variant_unref);
  g_clear_pointer (&self->settings, json_object_unref);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->latest_file_uri, g_free);

  G_OBJECT_CLASS (sc_madv_camera_parent_class)->finalize (object);
}

static void
sc_madv_camera_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ScMadvCamera *self = SC_MADV_CAMERA (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;

    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;

    case PROP_IS_CONNECTED:
      g_value_set_boolean (value, self->is_connected);
      break;

    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;

    case PROP_MANUFACTURER:
      g_value_set_string (value, self->model != NULL ? "MADV" : NULL);
      break;

    case PROP_SERIAL_NUMBER:
      g_value_set_string (value, self->serial_number);
      break;

    case PROP_FIRMWARE_VERSION:
      g_value_set_string (value, self->firmware_version);
      break;

    case PROP_STATE:
      if (self->state != NULL)
        g_value_set_variant (value, self->state);
      else
        g_value_take_variant (value, g_variant_ref_sink (g_variant_new ("a{sv}", NULL)));
      break;

    case PROP_TRANSPORT:
      g_value_set_string (value, self->transport == SC_MADV_TRANSPORT_DATA_PORT ? "data-port" : "http");
      break;

    case PROP_LUT_MD5:
      g_value_set_string (value, self->lut_md5);
      break;

    case PROP_PREVIEW_URI:
      g_value_take_string (value, sc_madv_camera_dup_preview_uri (self));
      break;

    case PROP_LUT:
      g_value_set_boxed (value, self->lut);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_madv_camera_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ScMadvCamera *self = SC_MADV_CAMERA (object);

  switch (prop_id)
    {
    case PROP_DISPLAY_NAME:
      self->display_name_set = g_value_get_string (value) != NULL;
      if (set_string (&self->display_name, g_value_get_string (value)))
        notify (self, PROP_DISPLAY_NAME);
      break;

    case PROP_URI:
      self->uri = g_value_dup_string (value);
      break;

    case PROP_TRANSPORT:
      {
        ScMadvTransport transport = g_strcmp0 (g_value_get_string (value), "data-port") == 0
                                    ? SC_MADV_TRANSPORT_DATA_PORT : SC_MADV_TRANSPORT_HTTP;

        if (self->transport != transport)
          {
            self->transport = transport;
            notify (self, PROP_TRANSPORT);
          }
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_madv_camera_class_init (ScMadvCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_madv_camera_dispose;
  object_class->finalize = sc_madv_camera_finalize;
  object_class->get_property = sc_madv_camera_get_property;
  object_class->set_property = sc_madv_camera_set_property;

  g_object_class_override_property (object_class, PROP_ID, "id");
  g_object_class_override_property (object_class, PROP_DISPLAY_NAME, "display-name");
  g_object_class_override_property (object_class, PROP_URI, "uri");
  g_object_class_override_property (object_class, PROP_IS_CONNECTED, "is-connected");
  g_object_class_override_property (object_class, PROP_MODEL, "model");
  g_object_class_override_property (object_class, PROP_MANUFACTURER, "manufacturer");
  g_object_class_override_property (object_class, PROP_SERIAL_NUMBER, "serial-number");
  g_object_class_override_property (object_class, PROP_FIRMWARE_VERSION, "firmware-version");
  g_object_class_override_property (object_class, PROP_STATE, "state");

  /**
   * ScMadvCamera:transport:
   *
   * How files are downloaded: "http" (the camera's file server, the
   * default) or "data-port" (1285 GET_FILE over the data port).
   */
  properties[PROP_TRANSPORT] =
    g_param_spec_string ("transport", NULL, NULL, "http",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScMadvCamera:lut-md5:
   *
   * The MD5 of the camera's lens LUT file as 261 reported it, or %NULL.
   */
  properties[PROP_LUT_MD5] =
    g_param_spec_string ("lut-md5", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScMadvCamera:preview-uri:
   *
   * The RTSP address of the live preview.
   */
  properties[PROP_PREVIEW_URI] =
    g_param_spec_string ("preview-uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * ScMadvCamera:lut:
   *
   * The camera's own lens LUT (#ScMadvLut), cached per camera and
   * refreshed after connecting when its MD5 changed; %NULL until cached.
   * Notified when it becomes available ("lut ready"), e.g. for the live
   * preview. See sc_madv_camera_dup_lut().
   */
  properties[PROP_LUT] =
    g_param_spec_boxed ("lut", NULL, NULL, SC_TYPE_MADV_LUT,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_property (object_class, PROP_TRANSPORT, properties[PROP_TRANSPORT]);
  g_object_class_install_property (object_class, PROP_LUT, properties[PROP_LUT]);
  g_object_class_install_property (object_class, PROP_LUT_MD5, properties[PROP_LUT_MD5]);
  g_object_class_install_property (object_class, PROP_PREVIEW_URI, properties[PROP_PREVIEW_URI]);

  properties[PROP_ID] = g_object_class_find_property (object_class, "id");
  properties[PROP_DISPLAY_NAME] = g_object_class_find_property (object_class, "display-name");
  properties[PROP_URI] = g_object_class_find_property (object_class, "uri");
  properties[PROP_IS_CONNECTED] = g_object_class_find_property (object_class, "is-connected");
  properties[PROP_MODEL] = g_object_class_find_property (object_class, "model");
  properties[PROP_MANUFACTURER] = g_object_class_find_property (object_class, "manufacturer");
  properties[PROP_SERIAL_NUMBER] = g_object_class_find_property (object_class, "serial-number");
  properties[PROP_FIRMWARE_VERSION] = g_object_class_find_property (object_class, "firmware-version");
  properties[PROP_STATE] = g_object_class_find_property (object_class, "state");
}

static void
sc_madv_camera_init (ScMadvCamera *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->camera_mode = -1;
  self->battery_code = -1;
  self->session = soup_session_new_with_options ("max-conns-per-host", 4,
                                                 "timeout", 30,
                                                 "idle-timeout", 60,
                                                 NULL);
  _sc_madv_camera_files_init (self);
}

static void
camera_iface_init (ScCameraInterface *iface)
{
  iface->connect_async = sc_madv_camera_connect_async;
  iface->connect_finish = sc_madv_camera_connect_finish;
  iface->disconnect = sc_madv_camera_disconnect;
  iface->get_info = sc_madv_camera_get_info;
  iface->refresh_state_async = sc_madv_camera_refresh_state_async;
  iface->refresh_state_finish = sc_madv_camera_refresh_state_finish;
  iface->get_options_async = sc_madv_camera_get_options_async;
  iface->get_options_finish = sc_madv_camera_get_options_finish;
  iface->set_options_async = sc_madv_camera_set_options_async;
  iface->set_options_finish = sc_madv_camera_set_options_finish;
  iface->take_picture_async = sc_madv_camera_take_picture_async;
  iface->take_picture_finish = sc_madv_camera_take_picture_finish;
  iface->start_capture_async = sc_madv_camera_start_capture_async;
  iface->start_capture_finish = sc_madv_camera_start_capture_finish;
  iface->stop_capture_async = sc_madv_camera_stop_capture_async;
  iface->stop_capture_finish = sc_madv_camera_stop_capture_finish;
  iface->dup_preview_uri = sc_madv_camera_iface_dup_preview_uri;
  iface->format_storage_async = sc_madv_camera_iface_format_async;
  iface->format_storage_finish = sc_madv_camera_iface_format_finish;

  _sc_madv_camera_files_iface_init (iface);
}

/**
 * _sc_madv_camera_new:
 * @uri: `madv://HOST[:PORT][?data=PORT&http=PORT&rtsp=PORT&https=PORT]`
 * @error: return location for a #GError
 *
 * Use sc_camera_new_for_uri() instead.
 *
 * Returns: (transfer full): a new camera, not connected, or %NULL with
 *   %G_IO_ERROR_INVALID_ARGUMENT
 */
ScMadvCamera *
_sc_madv_camera_new (const char  *uri,
                     GError     **error)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GHashTable) params = NULL;
  ScMadvCamera *self;
  guint16 command_port = SC_MADV_DEFAULT_COMMAND_PORT;
  guint16 data_port = SC_MADV_DEFAULT_DATA_PORT;
  guint16 http_port = SC_MADV_DEFAULT_HTTP_PORT;
  guint16 rtsp_port = SC_MADV_DEFAULT_RTSP_PORT;
  guint16 https_port = SC_MADV_DEFAULT_HTTPS_PORT;
  const char *host;

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  host = parsed != NULL ? g_uri_get_host (parsed) : NULL;
  if (host == NULL || *host == '\0' || g_uri_get_port (parsed) == 0)
    goto invalid;

  if (g_uri_get_port (parsed) > 0)
    command_port = (guint16)g_uri_get_port (parsed);

  if (g_uri_get_query (parsed) != NULL)
    {
      const char *value;

      params = g_uri_parse_params (g_uri_get_query (parsed), -1, "&", G_URI_PARAMS_NONE, NULL);
      if (params == NULL)
        goto invalid;
      if ((value = g_hash_table_lookup (params, "data")) != NULL && !parse_port (value, &data_port))
        goto invalid;
      if ((value = g_hash_table_lookup (params, "http")) != NULL && !parse_port (value, &http_port))
        goto invalid;
      if ((value = g_hash_table_lookup (params, "rtsp")) != NULL && !parse_port (value, &rtsp_port))
        goto invalid;
      if ((value = g_hash_table_lookup (params, "https")) != NULL && !parse_port (value, &https_port))
        goto invalid;
    }

  self = g_object_new (SC_TYPE_MADV_CAMERA, "uri", uri, NULL);
  self->host = g_strdup (host);
  self->command_port = command_port;
  self->data_port = data_port;
  self->http_port = http_port;
  self->rtsp_port = rtsp_port;
  self->https_port = https_port;
  self->id = g_strdup (uri);
  self->display_name = g_strdup (host);
  return self;

invalid:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a Mi Sphere address. Enter one like madv://192.168.42.1."), uri);
  return NULL;
}
