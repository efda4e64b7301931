/* sc-osc-camera-state.c: /osc/state, storage space and watching for changes
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-osc-camera"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-camera-private.h"
#include "sc-osc-camera-private.h"

/* checkForUpdates may ask for longer pauses; more than this is ignored. */
#define MAX_THROTTLE_MS 60000

/* ------------------------------------------------------------------ */
/* /osc/state                                                          */

static GVariant *
state_to_variant (ScOscCamera *self,
                  JsonObject  *state,
                  const char  *fingerprint)
{
  static const struct {
    const char *json;
    const char *key;
  } strings[] = {
    { "_captureStatus", "captureStatus" },
    { "_latestFileUrl", "latestFileUri" },
    { "_latestFileUri", "latestFileUri" },
    { "storageUri", "storageUri" },
    { "_batteryState", "batteryState" },
    { "_currentStorage", "currentStorage" },
    { "_function", "function" },
  };
  static const struct {
    const char *json;
    const char *key;
  } doubles[] = {
    { "batteryLevel", "batteryLevel" },
    { "_recordedTime", "recordedTime" },
    { "_recordableTime", "recordableTime" },
    { "_compositeShootingElapsedTime", "compositeShootingElapsedTime" },
  };
  GVariantDict dict;
  JsonNode *errors;
  gint64 n;
  gboolean b;

  g_variant_dict_init (&dict, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      g_autofree char *value = _sc_osc_clean_string (_sc_json_get_string (state, strings[i].json));

      if (value != NULL && !g_variant_dict_contains (&dict, strings[i].key))
        g_variant_dict_insert (&dict, strings[i].key, "s", value);
    }

  for (guint i = 0; i < G_N_ELEMENTS (doubles); i++)
    {
      double d;

      if (_sc_json_get_double (state, doubles[i].json, &d))
        g_variant_dict_insert (&dict, doubles[i].key, "d", d);
    }

  if (_sc_json_get_int64 (state, "_capturedPictures", &n))
    g_variant_dict_insert (&dict, "capturedPictures", "x", n);
  if (_sc_json_get_boolean (state, "storageChanged", &b))
    g_variant_dict_insert (&dict, "storageChanged", "b", b);

  errors = state != NULL ? json_object_get_member (state, "_cameraError") : NULL;
  if (errors != NULL)
    {
      GVariantBuilder builder;

      g_variant_builder_init (&builder, G_VARIANT_TYPE_STRING_ARRAY);
      if (JSON_NODE_HOLDS_ARRAY (errors))
        {
          JsonArray *array = json_node_get_array (errors);

          for (guint i = 0; i < json_array_get_length (array) && i < 64; i++)
            {
              JsonNode *element = json_array_get_element (array, i);

              if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
                {
                  g_autofree char *value = _sc_osc_clean_string (json_node_get_string (element));
                  if (value != NULL)
                    g_variant_builder_add (&builder, "s", value);
                }
            }
        }
      else if (JSON_NODE_HOLDS_VALUE (errors) && json_node_get_value_type (errors) == G_TYPE_STRING)
        {
          g_autofree char *value = _sc_osc_clean_string (json_node_get_string (errors));
          if (value != NULL)
            g_variant_builder_add (&builder, "s", value);
        }
      g_variant_dict_insert_value (&dict, "cameraError", g_variant_builder_end (&builder));
    }

  if (fingerprint != NULL)
    g_variant_dict_insert (&dict, "fingerprint", "s", fingerprint);

  if (self->have_space)
    {
      g_variant_dict_insert (&dict, "remainingSpace", "t", self->remaining_space);
      g_variant_dict_insert (&dict, "totalSpace", "t", self->total_space);
    }

  return g_variant_ref_sink (g_variant_dict_end (&dict));
}

static void
set_state (ScOscCamera *self,
           GVariant    *state)
{
  if (self->state != NULL && g_variant_equal (self->state, state))
    return;

  g_clear_pointer (&self->state, g_variant_unref);
  self->state = g_variant_ref (state);
  _sc_osc_camera_notify_state (self);
  _sc_camera_emit_state_changed (SC_CAMERA (self));
}

/* Puts new storage figures into the last known state. */
static void
update_space_in_state (ScOscCamera *self)
{
  g_autoptr(GVariant) state = NULL;
  GVariantDict dict;

  g_variant_dict_init (&dict, self->state);
  if (self->have_space)
    {
      g_variant_dict_insert (&dict, "remainingSpace", "t", self->remaining_space);
      g_variant_dict_insert (&dict, "totalSpace", "t", self->total_space);
    }
  state = g_variant_ref_sink (g_variant_dict_end (&dict));
  set_state (self, state);
}

/**
 * _sc_osc_camera_apply_state:
 * @self: the camera
 * @reply: a /osc/state reply
 * @announce: whether a new `_latestFileUrl` emits #ScCamera::file-added
 *   (not for the first state after connecting: those files are old)
 *
 * Updates #ScCamera:state (emitting #ScCamera::state-changed when it
 * changed) and the fingerprint.
 *
 * Returns: (transfer full): the new state
 */
GVariant *
_sc_osc_camera_apply_state (ScOscCamera *self,
                            JsonObject  *reply,
                            gboolean     announce)
{
  JsonObject *state = _sc_json_get_object (reply, "state");
  g_autofree char *fingerprint = _sc_osc_clean_string (_sc_json_get_string (reply, "fingerprint"));
  g_autoptr(GVariant) variant = NULL;
  const char *latest = NULL;
  gboolean new_file;

  variant = state_to_variant (self, state, fingerprint);

  _sc_camera_set_string (&self->fingerprint, fingerprint);

  g_variant_lookup (variant, "latestFileUri", "&s", &latest);
  new_file = announce && latest != NULL && g_strcmp0 (latest, self->latest_file_url) != 0;
  _sc_camera_set_string (&self->latest_file_url, latest);

  set_state (self, variant);

  if (new_file)
    {
      g_autoptr(ScCameraFile) file = _sc_osc_camera_file_new_from_url (self, latest,
                                                                        SC_CAMERA_FILE_TYPE_IMAGE);

      if (file != NULL)
        {
          g_debug ("New file on the camera: %s", latest);
          _sc_camera_emit_file_added (SC_CAMERA (self), file);
        }
    }

  return g_steal_pointer (&variant);
}

/* remainingSpace / totalSpace are options, not state: ask for them at
 * connect and on explicit refreshes. Failures only mean "unknown". */
static void
on_space_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) results = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *options;
  gint64 remaining, total;

  results = _sc_osc_camera_execute_finish (self, result, &error);
  if (results == NULL)
    {
      g_debug ("Cannot read the storage space: %s", error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT) ||
          g_error_matches (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED))
        self->space_unsupported = TRUE;
    }
  else
    {
      options = _sc_json_get_object (results, "options");
      if (_sc_json_get_int64 (options, "remainingSpace", &remaining) &&
          _sc_json_get_int64 (options, "totalSpace", &total) &&
          remaining >= 0 && total >= 0)
        {
          self->remaining_space = (guint64)remaining;
          self->total_space = (guint64)total;
          self->have_space = TRUE;
          if (self->state != NULL)
            update_space_in_state (self);
        }
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * _sc_osc_camera_fetch_space_async:
 * @self: the camera
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done; never fails (the figures stay unknown)
 * @user_data: closure for @callback
 *
 * Reads remainingSpace and totalSpace into #ScCamera:state.
 */
void
_sc_osc_camera_fetch_space_async (ScOscCamera         *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  JsonObject *parameters;
  JsonArray *names;

  g_task_set_source_tag (task, _sc_osc_camera_fetch_space_async);

  if (self->space_unsupported)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  parameters = json_object_new ();
  names = json_array_new ();
  json_array_add_string_element (names, "remainingSpace");
  json_array_add_string_element (names, "totalSpace");
  json_object_set_array_member (parameters, "optionNames", names);

  _sc_osc_camera_execute_async (self, "camera.getOptions", parameters, SC_OSC_EXECUTE_DEFAULT,
                                self->timeout_ms / 1000 + 1, cancellable, on_space_cb, task);
  json_object_unref (parameters);
}

/* ------------------------------------------------------------------ */
/* Watching: /osc/checkForUpdates                                      */

/* The watcher holds only a weak reference: a watched camera that nobody
 * else holds is finalized, which stops the watching. */
typedef struct
{
  GWeakRef self;
} WatchData;

static WatchData *
watch_data_new (ScOscCamera *self)
{
  WatchData *data = g_new0 (WatchData, 1);

  g_weak_ref_init (&data->self, self);
  return data;
}

static void
watch_data_free (WatchData *data)
{
  g_weak_ref_clear (&data->self);
  g_free (data);
}

static void
connection_lost (ScOscCamera *self,
                 GError      *error)
{
  g_autoptr(GError) owned = error;

  g_debug ("The camera stopped answering: %s", error->message);

  g_clear_handle_id (&self->watch_id, g_source_remove);
  g_clear_handle_id (&self->session_update_id, g_source_remove);
  self->failures = 0;

  if (!self->is_connected)
    return;

  _sc_osc_camera_set_connected (self, FALSE);
  _sc_camera_emit_disconnected (SC_CAMERA (self), error);
}

/* Takes @error. */
static void
watch_failed (ScOscCamera *self,
              GError      *error)
{
  g_autoptr(GError) owned = error;

  self->failures++;
  g_debug ("Watching the camera failed (%u of %u): %s",
           self->failures, SC_OSC_MAX_FAILURES, error->message);

  if (self->failures >= SC_OSC_MAX_FAILURES ||
      g_error_matches (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PERMISSION_DENIED))
    {
      GError *lost;

      if (error->domain == SC_CAMERA_ERROR &&
          (error->code == SC_CAMERA_ERROR_NO_DEVICE || error->code == SC_CAMERA_ERROR_PERMISSION_DENIED))
        lost = g_error_copy (error);
      else
        lost = g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE,
                            _("The camera stopped answering (%s). "
                              "Check that it is switched on and in range, then connect again."),
                            error->message);
      connection_lost (self, lost);
      return;
    }

  _sc_osc_camera_watch_schedule (self, SC_OSC_WATCH_INTERVAL_MS);
}

static void
on_watch_state_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  WatchData *data = user_data;
  g_autoptr(ScOscCamera) self = g_weak_ref_get (&data->self);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;

  watch_data_free (data);
  reply = _sc_osc_camera_request_finish (self, result, &error);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->watch_in_flight = FALSE;
  if (!self->is_connected)
    return;

  if (reply == NULL)
    {
      watch_failed (self, g_steal_pointer (&error));
      return;
    }

  self->failures = 0;
  g_variant_unref (_sc_osc_camera_apply_state (self, reply, TRUE));
  _sc_osc_camera_watch_schedule (self, SC_OSC_WATCH_INTERVAL_MS);
}

static void
watch_refresh_state (ScOscCamera *self)
{
  self->watch_in_flight = TRUE;
  _sc_osc_camera_request_async (self, "POST", "/osc/state", NULL, NULL,
                                on_watch_state_cb, watch_data_new (self));
}

static void
on_watch_check_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  WatchData *data = user_data;
  g_autoptr(ScOscCamera) self = g_weak_ref_get (&data->self);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *fingerprint;
  gint64 throttle_s = 0;
  guint delay_ms = SC_OSC_WATCH_INTERVAL_MS;

  watch_data_free (data);
  reply = _sc_osc_camera_request_finish (self, result, &error);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->watch_in_flight = FALSE;
  if (!self->is_connected)
    return;

  if (reply == NULL)
    {
      watch_failed (self, g_steal_pointer (&error));
      return;
    }

  self->failures = 0;

  fingerprint = _sc_json_get_string (reply, "stateFingerprint");
  if (_sc_json_get_int64 (reply, "throttleTimeout", &throttle_s) && throttle_s > 0)
    delay_ms = (guint)MIN ((guint64)throttle_s * 1000, MAX_THROTTLE_MS);
  delay_ms = MAX (delay_ms, SC_OSC_WATCH_INTERVAL_MS);

  if (fingerprint == NULL || g_strcmp0 (fingerprint, self->fingerprint) != 0)
    {
      watch_refresh_state (self);
      return;
    }

  _sc_osc_camera_watch_schedule (self, delay_ms);
}

static gboolean
on_watch_timeout_cb (gpointer user_data)
{
  ScOscCamera *self = user_data;
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;

  self->watch_id = 0;

  if (!self->is_connected || self->watch_in_flight)
    return G_SOURCE_REMOVE;

  object = json_object_new ();
  json_object_set_string_member (object, "stateFingerprint",
                                 self->fingerprint != NULL ? self->fingerprint : "");
  body = _sc_json_node_take_object (object);

  self->watch_in_flight = TRUE;
  _sc_osc_camera_request_async (self, "POST", "/osc/checkForUpdates", body, NULL,
                                on_watch_check_cb, watch_data_new (self));

  return G_SOURCE_REMOVE;
}

/**
 * _sc_osc_camera_watch_schedule:
 * @self: the camera
 * @delay_ms: when to check for updates next
 *
 * (Re)arms the watcher while connected.
 */
void
_sc_osc_camera_watch_schedule (ScOscCamera *self,
                               guint        delay_ms)
{
  GSource *source;

  if (!self->is_connected)
    return;

  g_clear_handle_id (&self->watch_id, g_source_remove);

  source = g_timeout_source_new (delay_ms);
  g_source_set_callback (source, on_watch_timeout_cb, self, NULL);
  g_source_set_static_name (source, "[sc-osc-camera] watch");
  self->watch_id = g_source_attach (source, self->context);
  g_source_unref (source);
}

/**
 * _sc_osc_camera_watch_soon:
 * @self: the camera
 *
 * Checks for updates shortly, e.g. after a command that changes state.
 */
void
_sc_osc_camera_watch_soon (ScOscCamera *self)
{
  if (!self->watch_in_flight)
    _sc_osc_camera_watch_schedule (self, 50);
}

/* ------------------------------------------------------------------ */
/* refresh_state                                                       */

static void
on_refresh_space_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (object);
  g_autoptr(GTask) task = user_data;

  g_task_propagate_boolean (G_TASK (result), NULL);
  g_task_return_pointer (task, g_variant_ref (self->state), (GDestroyNotify)g_variant_unref);
}

static void
on_refresh_state_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScOscCamera *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) reply = NULL;
  GError *error = NULL;

  reply = _sc_osc_camera_request_finish (self, result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_variant_unref (_sc_osc_camera_apply_state (self, reply, TRUE));
  _sc_osc_camera_fetch_space_async (self, g_task_get_cancellable (task), on_refresh_space_cb,
                                    g_object_ref (task));
}

void
_sc_osc_camera_refresh_state_async (ScCamera            *camera,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (camera);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _sc_osc_camera_refresh_state_async);

  if (!_sc_osc_camera_check_connected (self, task))
    return;

  _sc_osc_camera_request_async (self, "POST", "/osc/state", NULL, cancellable,
                                on_refresh_state_cb, g_steal_pointer (&task));
}

GVariant *
_sc_osc_camera_refresh_state_finish (ScCamera      *camera,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
