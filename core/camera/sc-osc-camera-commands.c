/* sc-osc-camera-commands.c: shooting, reset and the live preview
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-osc-camera"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-osc-camera-private.h"

/* How long a command may keep the camera busy ("inProgress"): stitching a
 * Z1 raw picture takes several seconds, finishing a long video more. */
#define TAKE_PICTURE_TIMEOUT_S 120
#define STOP_CAPTURE_TIMEOUT_S 120
#define PREVIEW_ERROR_BYTES    (64 * 1024)

/* ------------------------------------------------------------------ */
/* take_picture                                                        */

/* A camera with a full card often just says "disabledCommand"; its state
 * tells why. */
static GError *
refine_capture_error (ScOscCamera *self,
                      GError      *error)
{
  g_autoptr(GVariant) errors = NULL;
  guint64 remaining = 1;
  gboolean full = FALSE;

  if (!g_error_matches (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY) || self->state == NULL)
    return error;

  errors = g_variant_lookup_value (self->state, "cameraError", G_VARIANT_TYPE_STRING_ARRAY);
  if (errors != NULL)
    {
      g_autofree const char **list = g_variant_get_strv (errors, NULL);

      for (guint i = 0; list[i] != NULL; i++)
        full |= g_str_equal (list[i], "NO_MEMORY");
    }
  if (g_variant_lookup (self->state, "remainingSpace", "t", &remaining) && remaining == 0)
    full = TRUE;

  if (!full)
    return error;

  g_debug ("Busy with a full card: reporting no space (%s)", error->message);
  g_clear_error (&error);
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                              _("The camera’s storage is full. "
                                "Delete some files on the camera, then try again."));
}

static void
on_picture_taken_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) results = NULL;
  g_autoptr(GPtrArray) files = NULL;
  GError *error = NULL;

  results = _sc_osc_camera_execute_finish (self, result, &error);
  if (results == NULL)
    {
      g_task_return_error (task, refine_capture_error (self, error));
      return;
    }

  _sc_osc_camera_watch_soon (self);

  files = _sc_osc_camera_files_from_urls (self, results, SC_CAMERA_FILE_TYPE_IMAGE);
  if (files->len == 0)
    {
      g_task_return_error (task, _sc_osc_protocol_error ("takePicture done without a fileUrl"));
      return;
    }

  g_task_return_pointer (task, g_object_ref (g_ptr_array_index (files, 0)), g_object_unref);
}

static void
on_picture_mode_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!_sc_osc_camera_ensure_capture_mode_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  _sc_osc_camera_execute_async (self, "camera.takePicture", NULL, SC_OSC_EXECUTE_HELD,
                                TAKE_PICTURE_TIMEOUT_S, g_task_get_cancellable (task),
                                on_picture_taken_cb, g_object_ref (task));
}

static void
take_picture_start (ScOscCamera *self,
                    GTask       *task)
{
  _sc_osc_camera_ensure_capture_mode_async (self, "image", g_task_get_cancellable (task),
                                            on_picture_mode_cb, g_object_ref (task));
}

static void
sc_osc_camera_take_picture_async (ScCamera            *camera,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (camera);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_osc_camera_take_picture_async);

  if (!_sc_osc_camera_check_connected (self, task))
    return;

  _sc_osc_camera_enqueue (self, task, take_picture_start);
}

static ScCameraFile *
sc_osc_camera_take_picture_finish (ScCamera      *camera,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* start_capture / stop_capture                                        */

static void
on_capture_started_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) results = NULL;
  GError *error = NULL;

  results = _sc_osc_camera_execute_finish (self, result, &error);
  if (results == NULL)
    {
      g_task_return_error (task, refine_capture_error (self, error));
      return;
    }

  _sc_osc_camera_watch_soon (self);
  g_task_return_boolean (task, TRUE);
}

static void
on_capture_mode_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  ScCameraCaptureMode mode = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(JsonObject) parameters = NULL;
  GError *error = NULL;

  if (!_sc_osc_camera_ensure_capture_mode_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (mode == SC_CAMERA_CAPTURE_MODE_INTERVAL)
    {
      parameters = json_object_new ();
      json_object_set_string_member (parameters, "_mode", "interval");
    }

  /* Video and unlimited intervals answer "done" at once; a counted
   * interval stays "inProgress" until its last shot. Either way the
   * camera has started: do not hold the queue for it. */
  _sc_osc_camera_execute_async (self, "camera.startCapture", parameters,
                                SC_OSC_EXECUTE_NO_WAIT | SC_OSC_EXECUTE_HELD,
                                self->timeout_ms / 1000 + 5, g_task_get_cancellable (task),
                                on_capture_started_cb, g_object_ref (task));
}

static void
start_capture_start (ScOscCamera *self,
                     GTask       *task)
{
  ScCameraCaptureMode mode = GPOINTER_TO_INT (g_task_get_task_data (task));

  _sc_osc_camera_ensure_capture_mode_async (self,
                                            mode == SC_CAMERA_CAPTURE_MODE_VIDEO ? "video" : "image",
                                            g_task_get_cancellable (task), on_capture_mode_cb,
                                            g_object_ref (task));
}

static void
sc_osc_camera_start_capture_async (ScCamera            *camera,
                                   ScCameraCaptureMode  mode,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (camera);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_osc_camera_start_capture_async);
  g_task_set_task_data (task, GINT_TO_POINTER (mode), NULL);

  if (!_sc_osc_camera_check_connected (self, task))
    return;

  _sc_osc_camera_enqueue (self, task, start_capture_start);
}

static gboolean
sc_osc_camera_start_capture_finish (ScCamera      *camera,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_capture_stopped_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) results = NULL;
  GError *error = NULL;

  results = _sc_osc_camera_execute_finish (self, result, &error);
  if (results == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  _sc_osc_camera_watch_soon (self);
  g_task_return_pointer (task,
                         _sc_osc_camera_files_from_urls (self, results, SC_CAMERA_FILE_TYPE_VIDEO),
                         (GDestroyNotify)g_ptr_array_unref);
}

static void
sc_osc_camera_stop_capture_async (ScCamera            *camera,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (camera);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_osc_camera_stop_capture_async);

  if (!_sc_osc_camera_check_connected (self, task))
    return;

  _sc_osc_camera_execute_async (self, "camera.stopCapture", NULL, SC_OSC_EXECUTE_DEFAULT,
                                STOP_CAPTURE_TIMEOUT_S, cancellable,
                                on_capture_stopped_cb, g_steal_pointer (&task));
}

static GPtrArray *
sc_osc_camera_stop_capture_finish (ScCamera      *camera,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* reset                                                               */

static void
on_reset_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) results = NULL;
  GError *error = NULL;

  results = _sc_osc_camera_execute_finish (self, result, &error);
  if (results == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_hash_table_remove_all (self->supports);
  _sc_osc_camera_watch_soon (self);
  g_task_return_boolean (task, TRUE);
}

static void
sc_osc_camera_reset_async (ScCamera            *camera,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (camera);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_osc_camera_reset_async);

  if (!_sc_osc_camera_check_connected (self, task))
    return;

  _sc_osc_camera_execute_async (self, "camera.reset", NULL, SC_OSC_EXECUTE_DEFAULT,
                                self->timeout_ms / 1000 + 30, cancellable,
                                on_reset_cb, g_steal_pointer (&task));
}

static gboolean
sc_osc_camera_reset_finish (ScCamera      *camera,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* open_preview                                                        */

typedef struct
{
  SoupMessage  *message;
  GInputStream *stream;
  GSource      *settle_source;
} PreviewData;

static void
preview_data_free (PreviewData *data)
{
  if (data->settle_source != NULL)
    {
      g_source_destroy (data->settle_source);
      g_source_unref (data->settle_source);
    }
  g_clear_object (&data->message);
  g_clear_object (&data->stream);
  g_free (data);
}

static void
preview_return_error (GTask  *task,
                      GError *error)
{
  ScOscCamera *self = g_task_get_source_object (task);

  _sc_osc_camera_queue_release (self, task);
  g_task_return_error (task, error);
}

static void
on_preview_error_read_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PreviewData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) reply = NULL;
  guint status = soup_message_get_status (data->message);

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);
  if (bytes != NULL)
    reply = _sc_osc_parse_json_object (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL);

  if (reply != NULL && _sc_json_get_object (reply, "error") != NULL)
    {
      preview_return_error (task, _sc_osc_error_from_reply (reply, status));
      return;
    }

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      preview_return_error (task, g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PERMISSION_DENIED,
                                                       _("The camera did not accept the user name and "
                                                         "password. Check them and connect again.")));
      return;
    }

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    preview_return_error (task, _sc_osc_protocol_error ("live preview answered with JSON"));
  else
    preview_return_error (task, g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
                                             _("The camera could not start the live preview "
                                               "(HTTP %u)."), status));
}

static void
on_preview_sent_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (g_task_get_source_object (G_TASK (user_data)));
  g_autoptr(GTask) task = user_data;
  PreviewData *data = g_task_get_task_data (task);
  const char *content_type;
  GError *error = NULL;
  guint status;

  data->stream = _sc_osc_camera_send_finish (self, result, &error);
  if (data->stream == NULL)
    {
      preview_return_error (task, error);
      return;
    }

  status = soup_message_get_status (data->message);
  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (data->message),
                                                        NULL);
  g_debug ("Live preview: HTTP %u, %s", status, content_type != NULL ? content_type : "no type");

  if (!SOUP_STATUS_IS_SUCCESSFUL (status) ||
      (content_type != NULL && g_ascii_strncasecmp (content_type, "application/json", 16) == 0))
    {
      /* An error reply: read a bounded piece of it. */
      g_input_stream_read_bytes_async (data->stream, PREVIEW_ERROR_BYTES, G_PRIORITY_DEFAULT,
                                       g_task_get_cancellable (task),
                                       on_preview_error_read_cb, g_object_ref (task));
      return;
    }

  _sc_osc_camera_queue_release (self, task);
  g_task_return_pointer (task, g_steal_pointer (&data->stream), g_object_unref);
}

static void
preview_send (GTask *task)
{
  ScOscCamera *self = g_task_get_source_object (task);
  PreviewData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (cancellable != NULL && g_cancellable_is_cancelled (cancellable))
    {
      preview_return_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                               _("The operation was cancelled.")));
      return;
    }

  object = json_object_new ();
  json_object_set_string_member (object, "name", "camera.getLivePreview");
  if (self->session_id != NULL)
    {
      JsonObject *parameters = json_object_new ();

      json_object_set_string_member (parameters, "sessionId", self->session_id);
      json_object_set_object_member (object, "parameters", parameters);
    }
  body = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  data->message = _sc_osc_camera_new_message (self, "POST", "/osc/commands/execute", body);
  g_assert (data->message != NULL);

  _sc_osc_camera_send_async (self, g_object_ref (data->message), cancellable,
                             on_preview_sent_cb, g_object_ref (task));
}

static gboolean
on_preview_settled_cb (gpointer user_data)
{
  GTask *task = user_data;
  PreviewData *data = g_task_get_task_data (task);

  g_clear_pointer (&data->settle_source, g_source_unref);
  preview_send (task);

  return G_SOURCE_REMOVE;
}

static void
preview_start (ScOscCamera *self,
               GTask       *task)
{
  PreviewData *data = g_task_get_task_data (task);
  guint delay_ms = _sc_osc_camera_settle_delay_ms (self);

  if (delay_ms == 0)
    {
      preview_send (task);
      return;
    }

  data->settle_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (data->settle_source, on_preview_settled_cb,
                         g_object_ref (task), g_object_unref);
  g_source_set_static_name (data->settle_source, "[sc-osc-camera] preview settle");
  g_source_attach (data->settle_source, self->context);
}

static void
sc_osc_camera_open_preview_async (ScCamera            *camera,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (camera);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_osc_camera_open_preview_async);
  g_task_set_task_data (task, g_new0 (PreviewData, 1), (GDestroyNotify)preview_data_free);

  if (!_sc_osc_camera_check_connected (self, task))
    return;

  /* Queued like a command until the camera answered with the stream. */
  _sc_osc_camera_enqueue (self, task, preview_start);
}

static GInputStream *
sc_osc_camera_open_preview_finish (ScCamera      *camera,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * _sc_osc_camera_commands_iface_init:
 * @iface: the #ScCameraInterface being filled
 *
 * Installs the command vfuncs of this file.
 */
void
_sc_osc_camera_commands_iface_init (ScCameraInterface *iface)
{
  iface->take_picture_async = sc_osc_camera_take_picture_async;
  iface->take_picture_finish = sc_osc_camera_take_picture_finish;
  iface->start_capture_async = sc_osc_camera_start_capture_async;
  iface->start_capture_finish = sc_osc_camera_start_capture_finish;
  iface->stop_capture_async = sc_osc_camera_stop_capture_async;
  iface->stop_capture_finish = sc_osc_camera_stop_capture_finish;
  iface->reset_async = sc_osc_camera_reset_async;
  iface->reset_finish = sc_osc_camera_reset_finish;
  iface->open_preview_async = sc_osc_camera_open_preview_async;
  iface->open_preview_finish = sc_osc_camera_open_preview_finish;

  _sc_osc_camera_files_iface_init (iface);
}
