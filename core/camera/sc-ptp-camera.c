/* sc-ptp-camera.c: ScPtpCamera, a PTP camera over USB
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-ptp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sc-camera-private.h"
#include "sc-error.h"
#include "sc-ptp-camera-private.h"
#include "sc-usb-hygiene.h"

/**
 * ScPtpCamera:
 *
 * An #ScCamera for cameras that speak PTP/MTP over USB (RICOH THETA and
 * other class 6/1/1 devices). libusb's blocking calls run on one worker
 * thread per camera, one transaction at a time; results come back in the
 * thread-default main context of the caller. See sc-ptp-camera.h for
 * URIs, info/state keys and errors.
 */

static void camera_iface_init (ScCameraInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScPtpCamera, sc_ptp_camera, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SC_TYPE_CAMERA, camera_iface_init))

enum {
  PROP_0,
  /* ScCamera's, in _sc_camera_class_override_properties() order */
  PROP_ID,
  PROP_DISPLAY_NAME,
  PROP_URI,
  PROP_IS_CONNECTED,
  PROP_MODEL,
  PROP_MANUFACTURER,
  PROP_SERIAL_NUMBER,
  PROP_FIRMWARE_VERSION,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
notify (ScPtpCamera *self,
        guint        prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* --- the worker --- */

typedef struct
{
  GTask        *task;
  ScPtpJobFunc  func;
  ScPtpTransport *close_transport;   /* a close job when func is NULL */
} Job;

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;

  if (job->func != NULL)
    {
      ScPtpCamera *self = g_task_get_source_object (job->task);

      job->func (self, job->task, g_task_get_task_data (job->task),
                 g_task_get_cancellable (job->task));
      g_object_unref (job->task);
    }
  else if (job->close_transport != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (_sc_ptp_transport_session_is_open (job->close_transport)
          && !_sc_ptp_transport_simple (job->close_transport, SC_PTP_OC_CLOSE_SESSION,
                                        NULL, 0, NULL, &error))
        g_debug ("CloseSession: %s", error->message);
      _sc_ptp_transport_close (job->close_transport);
    }

  g_free (job);
}

/**
 * _sc_ptp_camera_push_job:
 * @task: (transfer none): the operation; @func returns it (on the worker)
 *
 * Queues @func on the camera's worker thread.
 */
void
_sc_ptp_camera_push_job (ScPtpCamera  *self,
                         GTask        *task,
                         ScPtpJobFunc  func)
{
  Job *job = g_new0 (Job, 1);

  job->task = g_object_ref (task);
  job->func = func;
  g_thread_pool_push (self->worker, job, NULL);
}

gboolean
_sc_ptp_camera_check_connected (ScPtpCamera *self,
                                GTask       *task)
{
  if (self->is_connected)
    return TRUE;

  g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                           _("The camera is not connected. Connect to it first."));
  return FALSE;
}

static void set_connected (ScPtpCamera *self,
                           gboolean     connected);

typedef struct
{
  ScPtpCamera *self;
  GError      *error;
} Lost;

static gboolean
on_device_lost_cb (gpointer user_data)
{
  Lost *lost = user_data;

  if (lost->self->is_connected)
    {
      g_debug ("The USB camera went away");
      set_connected (lost->self, FALSE);
      _sc_camera_emit_disconnected (SC_CAMERA (lost->self), lost->error);
    }

  g_object_unref (lost->self);
  g_error_free (lost->error);
  g_free (lost);
  return G_SOURCE_REMOVE;
}

/**
 * _sc_ptp_camera_return_error:
 * @error: (transfer full)
 *
 * Returns @task with @error (on the worker). When the device is gone the
 * transport is closed and the camera disconnects in its main context.
 */
void
_sc_ptp_camera_return_error (ScPtpCamera *self,
                             GTask       *task,
                             GError      *error)
{
  if (g_error_matches (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE) && self->transport != NULL)
    {
      Lost *lost = g_new0 (Lost, 1);

      _sc_ptp_transport_close (self->transport);
      self->transport = NULL;
      lost->self = g_object_ref (self);
      lost->error = g_error_copy (error);
      g_main_context_invoke (self->context, on_device_lost_cb, lost);
    }

  g_task_return_error (task, error);
}

gboolean
_sc_ptp_camera_require_transport (ScPtpCamera  *self,
                                  GTask        *task)
{
  if (self->transport != NULL)
    return TRUE;

  g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                           _("The camera is not connected. Connect to it first."));
  return FALSE;
}

/* --- state --- */

static void
set_connected (ScPtpCamera *self,
               gboolean     connected)
{
  if (self->is_connected == connected)
    return;
  self->is_connected = connected;
  notify (self, PROP_IS_CONNECTED);
}

gboolean
_sc_ptp_camera_read_prop_desc (ScPtpCamera    *self,
                               guint16         code,
                               ScPtpPropDesc **out,
                               GCancellable   *cancellable,
                               GError        **error)
{
  guint32 param = code;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local = NULL;
  gsize len;
  const guint8 *data;

  bytes = _sc_ptp_transport_get_data (self->transport, SC_PTP_OC_GET_DEVICE_PROP_DESC, &param, 1,
                                      cancellable, NULL, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &len);
  *out = sc_ptp_prop_desc_parse (data, len, &local);
  if (*out == NULL)
    {
      g_propagate_error (error, _sc_ptp_protocol_error ("prop 0x%04x: %s", code, local->message));
      return FALSE;
    }
  return TRUE;
}

/* Collects the state dictionary (worker). Storage errors are fatal,
 * a missing battery property is not. */
static GVariant *
collect_state (ScPtpCamera   *self,
               GCancellable  *cancellable,
               GError       **error)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_auto(GVariantBuilder) storages = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(GBytes) ids_bytes = NULL;
  g_autoptr(GArray) ids = NULL;
  guint64 total = 0, remaining = 0;
  guint32 pictures = 0;
  const guint8 *data;
  gsize len, pos = 0;

  ids_bytes = _sc_ptp_transport_get_data (self->transport, SC_PTP_OC_GET_STORAGE_IDS, NULL, 0,
                                          cancellable, NULL, error);
  if (ids_bytes == NULL)
    return NULL;
  data = g_bytes_get_data (ids_bytes, &len);
  if (!sc_ptp_read_u32_array (data, len, &pos, &ids))
    {
      g_propagate_error (error, _sc_ptp_protocol_error ("GetStorageIDs: bad array"));
      return NULL;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      guint32 id = g_array_index (ids, guint32, i);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(ScPtpStorageInfo) info = NULL;
      g_auto(GVariantDict) sd = G_VARIANT_DICT_INIT (NULL);

      if ((id & 0xFFFF) == 0)
        continue;   /* the storage is not usable (no card) */

      bytes = _sc_ptp_transport_get_data (self->transport, SC_PTP_OC_GET_STORAGE_INFO, &id, 1,
                                          cancellable, NULL, error);
      if (bytes == NULL)
        return NULL;
      data = g_bytes_get_data (bytes, &len);
      info = sc_ptp_storage_info_parse (data, len, NULL);
      if (info == NULL)
        {
          g_propagate_error (error, _sc_ptp_protocol_error ("StorageInfo 0x%08x", id));
          return NULL;
        }

      total += info->max_capacity;
      remaining += info->free_space;
      pictures += info->free_objects != 0xFFFFFFFF ? info->free_objects : 0;

      g_variant_dict_insert (&sd, "id", "u", id);
      g_variant_dict_insert (&sd, "description", "s", info->description);
      g_variant_dict_insert (&sd, "totalSpace", "t", info->max_capacity);
      g_variant_dict_insert (&sd, "remainingSpace", "t", info->free_space);
      g_variant_dict_insert (&sd, "readOnly", "b", info->access_capability != 0);
      g_variant_builder_add_value (&storages, g_variant_dict_end (&sd));
    }

  g_variant_dict_insert (&dict, "totalSpace", "t", total);
  g_variant_dict_insert (&dict, "remainingSpace", "t", remaining);
  g_variant_dict_insert (&dict, "remainingPictures", "u", pictures);
  g_variant_dict_insert_value (&dict, "storages", g_variant_builder_end (&storages));

  if (sc_ptp_device_info_has_property (self->device_info, SC_PTP_DPC_BATTERY_LEVEL))
    {
      g_autoptr(ScPtpPropDesc) desc = NULL;
      g_autoptr(GError) local = NULL;

      if (_sc_ptp_camera_read_prop_desc (self, SC_PTP_DPC_BATTERY_LEVEL, &desc, cancellable, &local))
        {
          double max = desc->form_flag == 1 && desc->range_max.u > 0 ? (double)desc->range_max.u : 100.0;

          g_variant_dict_insert (&dict, "batteryLevel", "d", CLAMP (desc->current.u / max, 0.0, 1.0));
        }
      else if (g_error_matches (local, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      else
        g_debug ("No battery level: %s", local->message);
    }

  return g_variant_ref_sink (g_variant_dict_end (&dict));
}

static void
apply_state (ScPtpCamera *self,
             GVariant    *state)
{
  if (state == NULL)
    return;
  g_clear_pointer (&self->state, g_variant_unref);
  self->state = g_variant_ref (state);
  notify (self, PROP_STATE);
  _sc_camera_emit_state_changed (SC_CAMERA (self));
}

static GVariant *
array_variant (GArray *array)
{
  return g_variant_new_fixed_array (G_VARIANT_TYPE_UINT16,
                                    array != NULL ? array->data : NULL,
                                    array != NULL ? array->len : 0,
                                    sizeof (guint16));
}

static GVariant *
build_info (ScPtpCamera     *self,
            ScPtpDeviceInfo *di)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&dict, "model", "s", di->model);
  g_variant_dict_insert (&dict, "manufacturer", "s", di->manufacturer);
  g_variant_dict_insert (&dict, "serialNumber", "s", di->serial_number);
  g_variant_dict_insert (&dict, "firmwareVersion", "s", di->device_version);
  g_variant_dict_insert (&dict, "vendorId", "q", self->vendor_id);
  g_variant_dict_insert (&dict, "productId", "q", self->product_id);
  g_variant_dict_insert (&dict, "busNumber", "y", self->bus_number);
  g_variant_dict_insert (&dict, "deviceAddress", "y", self->device_address);
  g_variant_dict_insert (&dict, "standardVersion", "q", di->standard_version);
  g_variant_dict_insert (&dict, "vendorExtensionId", "u", di->vendor_extension_id);
  g_variant_dict_insert (&dict, "vendorExtensionDesc", "s", di->vendor_extension_desc);
  g_variant_dict_insert_value (&dict, "operations", array_variant (di->operations));
  g_variant_dict_insert_value (&dict, "events", array_variant (di->events));
  g_variant_dict_insert_value (&dict, "properties", array_variant (di->properties));
  g_variant_dict_insert_value (&dict, "captureFormats", array_variant (di->capture_formats));
  g_variant_dict_insert_value (&dict, "imageFormats", array_variant (di->image_formats));
  return g_variant_ref_sink (g_variant_dict_end (&dict));
}

/* --- connect --- */

typedef struct
{
  gboolean  claim_busy;   /* the interface is claimed by another program */
  GVariant *state;
} ConnectData;

static void
connect_data_free (gpointer data)
{
  ConnectData *cd = data;

  g_clear_pointer (&cd->state, g_variant_unref);
  g_free (cd);
}

static void
connect_job (ScPtpCamera  *self,
             GTask        *task,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ConnectData *cd = task_data;
  GError *error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) state_error = NULL;
  guint32 session_id = 1;
  const guint8 *data;
  gsize len;

  if (self->transport == NULL)
    {
      self->transport = _sc_ptp_transport_open (self->bus_number, self->device_address,
                                                self->timeout_ms, &error);
      if (self->transport == NULL)
        {
          cd->claim_busy = g_error_matches (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY);
          g_task_return_error (task, error);
          return;
        }
    }

  self->vendor_id = _sc_ptp_transport_get_vendor_id (self->transport);
  self->product_id = _sc_ptp_transport_get_product_id (self->transport);

  bytes = _sc_ptp_transport_get_data (self->transport, SC_PTP_OC_GET_DEVICE_INFO, NULL, 0,
                                      cancellable, NULL, &error);
  if (bytes == NULL)
    goto fail;

  data = g_bytes_get_data (bytes, &len);
  sc_ptp_device_info_free (self->device_info);
  self->device_info = sc_ptp_device_info_parse (data, len, NULL);
  if (self->device_info == NULL)
    {
      error = _sc_ptp_protocol_error ("GetDeviceInfo: malformed");
      goto fail;
    }

  {
    ScPtpContainer response;

    if (!_sc_ptp_transport_transaction (self->transport, SC_PTP_OC_OPEN_SESSION, &session_id, 1,
                                        NULL, NULL, NULL, cancellable, &response, &error))
      goto fail;
    if (response.code != SC_PTP_RC_OK && response.code != SC_PTP_RC_SESSION_ALREADY_OPEN)
      {
        error = _sc_ptp_response_error (SC_PTP_OC_OPEN_SESSION, response.code);
        goto fail;
      }
  }

  cd->state = collect_state (self, cancellable, &state_error);
  if (cd->state == NULL)
    {
      if (g_error_matches (state_error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE))
        {
          error = g_steal_pointer (&state_error);
          goto fail;
        }
      g_debug ("No state while connecting: %s", state_error->message);
    }

  g_task_return_boolean (task, TRUE);
  return;

fail:
  _sc_ptp_transport_close (self->transport);
  self->transport = NULL;
  g_task_return_error (task, error);
}

static void
on_connect_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ScPtpCamera *self = SC_PTP_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  ConnectData *cd = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  ScPtpDeviceInfo *di;

  self->connecting = FALSE;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_clear_pointer (&self->holder, g_free);
      self->holder_releasable = FALSE;
      if (cd->claim_busy)
        {
          /* GIO's volume monitor belongs to the main context: ask here. */
          self->holder = sc_usb_find_holder (self->bus_number, self->device_address);
          self->holder_releasable = sc_usb_holder_can_be_released (self->bus_number,
                                                                   self->device_address);
          g_debug ("The camera is held by %s%s", self->holder != NULL ? self->holder : "an unknown program",
                   self->holder_releasable ? " (releasable)" : "");
          g_clear_error (&error);
          sc_usb_set_busy_error (&error, self->holder);
          if (self->holder == NULL)
            self->holder = g_strdup (_("Another program"));
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&self->holder, g_free);
  self->holder_releasable = FALSE;
  di = self->device_info;

  g_object_freeze_notify (G_OBJECT (self));
  g_clear_pointer (&self->info, g_variant_unref);
  self->info = build_info (self, di);
  if (_sc_camera_set_string (&self->model, di->model))
    notify (self, PROP_MODEL);
  if (_sc_camera_set_string (&self->manufacturer, di->manufacturer))
    notify (self, PROP_MANUFACTURER);
  if (_sc_camera_set_string (&self->serial_number, di->serial_number))
    notify (self, PROP_SERIAL_NUMBER);
  if (_sc_camera_set_string (&self->firmware_version, di->device_version))
    notify (self, PROP_FIRMWARE_VERSION);
  if (di->serial_number != NULL && *di->serial_number != '\0')
    {
      g_autofree char *id = g_strconcat ("ptp:", di->serial_number, NULL);

      if (_sc_camera_set_string (&self->id, id))
        notify (self, PROP_ID);
    }
  if (!self->display_name_set && di->model != NULL && *di->model != '\0'
      && _sc_camera_set_string (&self->display_name, di->model))
    notify (self, PROP_DISPLAY_NAME);
  set_connected (self, TRUE);
  g_object_thaw_notify (G_OBJECT (self));

  apply_state (self, cd->state);
  g_task_return_boolean (task, TRUE);
}

static void
sc_ptp_camera_connect_async (ScCamera            *camera,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  ScPtpCamera *self = SC_PTP_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) inner = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_ptp_camera_connect_async);

  if (self->is_connected)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->connecting)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                               _("Spherecam is already connecting to this camera. Wait a moment."));
      return;
    }

  self->connecting = TRUE;
  inner = g_task_new (self, cancellable, on_connect_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (inner, connect_job);
  g_task_set_task_data (inner, g_new0 (ConnectData, 1), connect_data_free);
  _sc_ptp_camera_push_job (self, inner, connect_job);
}

static gboolean
sc_ptp_camera_connect_finish (ScCamera      *camera,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
close_transport_job (ScPtpCamera  *self,
                     GTask        *task,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  if (self->transport != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (_sc_ptp_transport_session_is_open (self->transport)
          && !_sc_ptp_transport_simple (self->transport, SC_PTP_OC_CLOSE_SESSION, NULL, 0, NULL, &error))
        g_debug ("CloseSession: %s", error->message);
      _sc_ptp_transport_close (self->transport);
      self->transport = NULL;
    }
  g_task_return_boolean (task, TRUE);
}

static void
sc_ptp_camera_disconnect (ScCamera *camera)
{
  ScPtpCamera *self = SC_PTP_CAMERA (camera);
  g_autoptr(GTask) task = NULL;

  if (!self->is_connected)
    return;

  /* CloseSession and release the interface after whatever is queued. */
  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_source_tag (task, close_transport_job);
  _sc_ptp_camera_push_job (self, task, close_transport_job);

  set_connected (self, FALSE);
  _sc_camera_emit_disconnected (camera, NULL);
}

static GVariant *
sc_ptp_camera_get_info (ScCamera *camera)
{
  ScPtpCamera *self = SC_PTP_CAMERA (camera);

  if (self->info == NULL)
    return g_variant_ref_sink (g_variant_new ("a{sv}", NULL));
  return g_variant_ref (self->info);
}

/* --- refresh state --- */

static void
state_job (ScPtpCamera  *self,
           GTask        *task,
           gpointer      task_data,
           GCancellable *cancellable)
{
  GError *error = NULL;
  GVariant *state;

  if (!_sc_ptp_camera_require_transport (self, task))
    return;

  state = collect_state (self, cancellable, &error);
  if (state == NULL)
    _sc_ptp_camera_return_error (self, task, error);
  else
    g_task_return_pointer (task, state, (GDestroyNotify)g_variant_unref);
}

static void
on_state_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ScPtpCamera *self = SC_PTP_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) state = g_task_propagate_pointer (G_TASK (result), &error);

  if (state == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  apply_state (self, state);
  g_task_return_pointer (task, g_variant_ref (state), (GDestroyNotify)g_variant_unref);
}

static void
sc_ptp_camera_refresh_state_async (ScCamera            *camera,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  ScPtpCamera *self = SC_PTP_CAMERA (camera);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) inner = NULL;

  g_task_set_source_tag (task, sc_ptp_camera_refresh_state_async);
  if (!_sc_ptp_camera_check_connected (self, task))
    return;

  inner = g_task_new (self, cancellable, on_state_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (inner, state_job);
  _sc_ptp_camera_push_job (self, inner, state_job);
}

static GVariant *
sc_ptp_camera_refresh_state_finish (ScCamera      *camera,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- object --- */

static void
sc_ptp_camera_dispose (GObject *object)
{
  ScPtpCamera *self = SC_PTP_CAMERA (object);

  if (self->worker != NULL)
    {
      /* Close the interface after queued jobs, without waiting here (this
       * may run on the worker itself). */
      if (self->transport != NULL)
        {
          Job *job = g_new0 (Job, 1);

          job->close_transport = g_steal_pointer (&self->transport);
          g_thread_pool_push (self->worker, job, NULL);
        }
      g_thread_pool_free (g_steal_pointer (&self->worker), FALSE, FALSE);
    }

  G_OBJECT_CLASS (sc_ptp_camera_parent_class)->dispose (object);
}

static void
sc_ptp_camera_finalize (GObject *object)
{
  ScPtpCamera *self = SC_PTP_CAMERA (object);

  g_free (self->uri);
  g_free (self->holder);
  g_free (self->id);
  g_free (self->display_name);
  g_free (self->model);
  g_free (self->manufacturer);
  g_free (self->serial_number);
  g_free (self->firmware_version);
  g_clear_pointer (&self->info, g_variant_unref);
  g_clear_pointer (&self->state, g_variant_unref);
  sc_ptp_device_info_free (self->device_info);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (sc_ptp_camera_parent_class)->finalize (object);
}

static void
sc_ptp_camera_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ScPtpCamera *self = SC_PTP_CAMERA (object);

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
      g_value_set_string (value, self->manufacturer);
      break;
    case PROP_SERIAL_NUMBER:
      g_value_set_string (value, self->serial_number);
      break;
    case PROP_FIRMWARE_VERSION:
      g_value_set_string (value, self->firmware_version);
      break;
    case PROP_STATE:
      _sc_camera_value_set_state (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_ptp_camera_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  ScPtpCamera *self = SC_PTP_CAMERA (object);

  switch (prop_id)
    {
    case PROP_DISPLAY_NAME:
      self->display_name_set = g_value_get_string (value) != NULL;
      if (_sc_camera_set_string (&self->display_name, g_value_get_string (value)))
        notify (self, PROP_DISPLAY_NAME);
      break;
    case PROP_URI:
      self->uri = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_ptp_camera_class_init (ScPtpCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_ptp_camera_dispose;
  object_class->finalize = sc_ptp_camera_finalize;
  object_class->get_property = sc_ptp_camera_get_property;
  object_class->set_property = sc_ptp_camera_set_property;

  _sc_camera_class_override_properties (object_class, PROP_ID, properties);
}

static void
sc_ptp_camera_init (ScPtpCamera *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->timeout_ms = SC_PTP_DEFAULT_TIMEOUT_MS;
  self->worker = g_thread_pool_new (run_job, NULL, 1, FALSE, NULL);
}

static void
camera_iface_init (ScCameraInterface *iface)
{
  iface->connect_async = sc_ptp_camera_connect_async;
  iface->connect_finish = sc_ptp_camera_connect_finish;
  iface->disconnect = sc_ptp_camera_disconnect;
  iface->get_info = sc_ptp_camera_get_info;
  iface->refresh_state_async = sc_ptp_camera_refresh_state_async;
  iface->refresh_state_finish = sc_ptp_camera_refresh_state_finish;

  _sc_ptp_camera_control_iface_init (iface);
  _sc_ptp_camera_files_iface_init (iface);
}

/**
 * sc_ptp_camera_new:
 * @bus_number: the USB bus, as lsusb prints it
 * @device_address: the device's address on that bus
 *
 * Does not touch the device; call sc_camera_connect_async() next.
 *
 * Returns: (transfer full): a camera with the URI "usb:BUS:ADDR"
 */
ScPtpCamera *
sc_ptp_camera_new (guint8 bus_number,
                   guint8 device_address)
{
  g_autofree char *uri = g_strdup_printf ("usb:%u:%u", bus_number, device_address);
  ScPtpCamera *self = g_object_new (SC_TYPE_PTP_CAMERA, "uri", uri, NULL);

  self->bus_number = bus_number;
  self->device_address = device_address;
  self->id = g_strdup (uri);
  self->display_name = g_strdup (_("USB camera"));
  return self;
}

/**
 * sc_ptp_camera_new_for_uri:
 * @uri: "usb:BUS:ADDR" (decimal)
 *
 * Returns: (transfer full): a camera, or %NULL with
 *   %G_IO_ERROR_INVALID_ARGUMENT
 */
ScPtpCamera *
sc_ptp_camera_new_for_uri (const char  *uri,
                           GError     **error)
{
  g_auto(GStrv) parts = NULL;
  guint64 bus = 0, addr = 0;

  if (uri != NULL && g_ascii_strncasecmp (uri, "usb:", 4) == 0)
    parts = g_strsplit (uri + 4, ":", -1);

  if (parts == NULL || g_strv_length (parts) != 2
      || !g_ascii_string_to_unsigned (parts[0], 10, 1, 255, &bus, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 1, 127, &addr, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a USB camera address. Enter one like usb:3:7 (bus and device as lsusb shows them)."),
                   uri != NULL ? uri : "");
      return NULL;
    }

  return sc_ptp_camera_new ((guint8)bus, (guint8)addr);
}

guint8
sc_ptp_camera_get_bus_number (ScPtpCamera *self)
{
  g_return_val_if_fail (SC_IS_PTP_CAMERA (self), 0);
  return self->bus_number;
}

guint8
sc_ptp_camera_get_device_address (ScPtpCamera *self)
{
  g_return_val_if_fail (SC_IS_PTP_CAMERA (self), 0);
  return self->device_address;
}

/**
 * sc_ptp_camera_get_vendor_id:
 *
 * Returns: the USB vendor id, 0 until connected (or set by the monitor)
 */
guint16
sc_ptp_camera_get_vendor_id (ScPtpCamera *self)
{
  g_return_val_if_fail (SC_IS_PTP_CAMERA (self), 0);
  return self->vendor_id;
}

guint16
sc_ptp_camera_get_product_id (ScPtpCamera *self)
{
  g_return_val_if_fail (SC_IS_PTP_CAMERA (self), 0);
  return self->product_id;
}

/**
 * sc_ptp_camera_supports_operation:
 *
 * Returns: whether GetDeviceInfo listed @operation_code (FALSE until connected)
 */
gboolean
sc_ptp_camera_supports_operation (ScPtpCamera *self,
                                  guint16      operation_code)
{
  g_return_val_if_fail (SC_IS_PTP_CAMERA (self), FALSE);
  return self->is_connected && sc_ptp_device_info_has_operation (self->device_info, operation_code);
}

static void
timeout_job (ScPtpCamera  *self,
             GTask        *task,
             gpointer      task_data,
             GCancellable *cancellable)
{
  if (self->transport != NULL)
    _sc_ptp_transport_set_timeout (self->transport, self->timeout_ms);
  g_task_return_boolean (task, TRUE);
}

/**
 * sc_ptp_camera_set_timeout:
 * @timeout_ms: the limit for one USB transfer (0: the default, 5 s)
 */
void
sc_ptp_camera_set_timeout (ScPtpCamera *self,
                           guint        timeout_ms)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SC_IS_PTP_CAMERA (self));

  self->timeout_ms = timeout_ms > 0 ? timeout_ms : SC_PTP_DEFAULT_TIMEOUT_MS;
  task = g_task_new (self, NULL, NULL, NULL);
  _sc_ptp_camera_push_job (self, task, timeout_job);
}

guint
sc_ptp_camera_get_timeout (ScPtpCamera *self)
{
  g_return_val_if_fail (SC_IS_PTP_CAMERA (self), 0);
  return self->timeout_ms;
}
