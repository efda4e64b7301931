/* sc-ptp-camera-control.c: ScPtpCamera options, taking pictures and the device reset
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

/* --- options: batteryLevel, dateTimeZone, captureMode, captureStatus --- */

static char *
osc_date_from_ptp (const char *text)
{
  g_autoptr(GDateTime) dt = sc_ptp_parse_date_time (text);

  if (dt == NULL)
    return NULL;
  return g_date_time_format (dt, "%Y:%m:%d %H:%M:%S%:z");
}

static char *
ptp_date_from_osc (const char *text)
{
  int y, mo, d, h, mi, s, zh, zm;
  char sign;
  g_autofree char *iso = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL
      || sscanf (text, "%4d:%2d:%2d %2d:%2d:%2d%c%2d:%2d", &y, &mo, &d, &h, &mi, &s, &sign, &zh, &zm) != 9
      || (sign != '+' && sign != '-'))
    return NULL;

  iso = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, mo, d, h, mi, s, sign, zh, zm);
  dt = g_date_time_new_from_iso8601 (iso, NULL);
  if (dt == NULL)
    return NULL;
  return sc_ptp_format_date_time (dt);
}

static const char *
capture_status_name (guint64 value)
{
  switch (value)
    {
    case 0: return "idle";
    case 1: return "shooting";
    case 2: return "self-timer countdown";
    case 3: return "bracket shooting";
    case 4: return "converting";
    default: return "unknown";
    }
}

static void
get_options_job (ScPtpCamera  *self,
                 GTask        *task,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  const char * const *names = task_data;
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  gboolean theta;

  if (!_sc_ptp_camera_require_transport (self, task))
    return;

  theta = self->vendor_id == SC_PTP_RICOH_VENDOR_ID;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      const char *name = names[i];
      guint16 code;
      g_autoptr(ScPtpPropDesc) desc = NULL;
      GError *error = NULL;

      if (g_str_equal (name, "batteryLevel"))
        code = SC_PTP_DPC_BATTERY_LEVEL;
      else if (g_str_equal (name, "dateTimeZone"))
        code = SC_PTP_DPC_DATE_TIME;
      else if (g_str_equal (name, "captureMode") && theta)
        code = SC_PTP_DPC_STILL_CAPTURE_MODE;
      else if (g_str_equal (name, "captureStatus") && theta)
        code = SC_PTP_DPC_THETA_CAPTURE_STATUS;
      else
        {
          g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED,
                                   _("This camera has no option “%s” over USB."), name);
          return;
        }

      if (!sc_ptp_device_info_has_property (self->device_info, code))
        {
          g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED,
                                   _("This camera has no option “%s” over USB."), name);
          return;
        }

      if (!_sc_ptp_camera_read_prop_desc (self, code, &desc, cancellable, &error))
        {
          _sc_ptp_camera_return_error (self, task, error);
          return;
        }

      if (code == SC_PTP_DPC_BATTERY_LEVEL)
        {
          double max = desc->form_flag == 1 && desc->range_max.u > 0 ? (double)desc->range_max.u : 100.0;

          g_variant_dict_insert (&dict, name, "d", CLAMP (desc->current.u / max, 0.0, 1.0));
        }
      else if (code == SC_PTP_DPC_DATE_TIME)
        {
          g_autofree char *osc = osc_date_from_ptp (desc->current.str);

          g_variant_dict_insert (&dict, name, "s", osc != NULL ? osc : "");
        }
      else if (code == SC_PTP_DPC_STILL_CAPTURE_MODE)
        g_variant_dict_insert (&dict, name, "s", desc->current.u == 0x8002 ? "video" : "image");
      else
        g_variant_dict_insert (&dict, name, "s", capture_status_name (desc->current.u));
    }

  g_task_return_pointer (task, g_variant_ref_sink (g_variant_dict_end (&dict)),
                         (GDestroyNotify)g_variant_unref);
}

static void
sc_ptp_camera_get_options_async (ScCamera            *camera,
                                 const char * const  *names,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ScPtpCamera *self = SC_PTP_CAMERA (camera);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, sc_ptp_camera_get_options_async);
  if (!_sc_ptp_camera_check_connected (self, task))
    return;

  g_task_set_task_data (task, g_strdupv ((char **)names), (GDestroyNotify)g_strfreev);
  _sc_ptp_camera_push_job (self, task, get_options_job);
}

static GVariant *
sc_ptp_camera_get_options_finish (ScCamera      *camera,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
set_options_job (ScPtpCamera  *self,
                 GTask        *task,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GVariant *options = task_data;
  GVariantIter iter;
  const char *name;
  GVariant *value;

  if (!_sc_ptp_camera_require_transport (self, task))
    return;

  g_variant_iter_init (&iter, options);
  while (g_variant_iter_loop (&iter, "{&sv}", &name, &value))
    {
      g_autofree char *ptp = NULL;
      g_autoptr(GByteArray) payload = g_byte_array_new ();
      g_autoptr(GBytes) bytes = NULL;
      guint32 code = SC_PTP_DPC_DATE_TIME;
      ScPtpContainer response;
      GError *error = NULL;

      if (!g_str_equal (name, "dateTimeZone") || !g_variant_is_of_type (value, G_VARIANT_TYPE_STRING)
          || !sc_ptp_device_info_has_property (self->device_info, SC_PTP_DPC_DATE_TIME))
        {
          g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED,
                                   _("This camera cannot change “%s” over USB."), name);
          return;
        }

      ptp = ptp_date_from_osc (g_variant_get_string (value, NULL));
      if (ptp == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                   _("Enter the date and time like 2025:09:04 10:30:45+09:00."));
          return;
        }

      sc_ptp_write_string (payload, ptp);
      bytes = g_byte_array_free_to_bytes (g_steal_pointer (&payload));
      if (!_sc_ptp_transport_transaction (self->transport, SC_PTP_OC_SET_DEVICE_PROP_VALUE, &code, 1,
                                          bytes, NULL, NULL, cancellable, &response, &error))
        {
          _sc_ptp_camera_return_error (self, task, error);
          return;
        }
      if (response.code != SC_PTP_RC_OK)
        {
          g_task_return_error (task, _sc_ptp_response_error (SC_PTP_OC_SET_DEVICE_PROP_VALUE, response.code));
          return;
        }
    }

  g_task_return_boolean (task, TRUE);
}

static void
sc_ptp_camera_set_options_async (ScCamera            *camera,
                                 GVariant            *options,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ScPtpCamera *self = SC_PTP_CAMERA (camera);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, sc_ptp_camera_set_options_async);
  if (!_sc_ptp_camera_check_connected (self, task))
    return;

  g_task_set_task_data (task, g_variant_ref_sink (options), (GDestroyNotify)g_variant_unref);
  _sc_ptp_camera_push_job (self, task, set_options_job);
}

static gboolean
sc_ptp_camera_set_options_finish (ScCamera      *camera,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- take picture: InitiateCapture, then ObjectAdded + CaptureComplete --- */

static void
picture_job (ScPtpCamera  *self,
             GTask        *task,
             gpointer      task_data,
             GCancellable *cancellable)
{
  guint32 params[2] = { 0, 0 };
  ScPtpContainer response;
  GError *error = NULL;
  guint32 handle = 0;
  gboolean complete = FALSE;
  gint64 deadline;
  g_autoptr(ScPtpObjectInfo) info = NULL;
  g_autofree char *folder = NULL;

  if (!_sc_ptp_camera_require_transport (self, task))
    return;

  /* Events left from an earlier capture (a StoreFull after a refused
   * InitiateCapture, say) would end this one: drop them first. */
  for (guint i = 0; i < 16; i++)
    {
      ScPtpContainer stale;
      g_autoptr(GError) local = NULL;

      if (!_sc_ptp_transport_read_event (self->transport, 10, &stale, &local))
        break;
      g_debug ("Dropped a stale event 0x%04x", stale.code);
    }

  if (!_sc_ptp_transport_transaction (self->transport, SC_PTP_OC_INITIATE_CAPTURE, params, 2, NULL,
                                      NULL, NULL, cancellable, &response, &error))
    {
      _sc_ptp_camera_return_error (self, task, error);
      return;
    }
  if (response.code != SC_PTP_RC_OK)
    {
      g_task_return_error (task, _sc_ptp_response_error (SC_PTP_OC_INITIATE_CAPTURE, response.code));
      return;
    }

  deadline = g_get_monotonic_time () + SC_PTP_CAPTURE_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  while (handle == 0 || !complete)
    {
      ScPtpContainer event;
      g_autoptr(GError) local = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      if (g_get_monotonic_time () > deadline)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                   _("The camera did not report the new picture. Look for it in the list of files."));
          return;
        }

      if (!_sc_ptp_transport_read_event (self->transport, 250, &event, &local))
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
            continue;
          _sc_ptp_camera_return_error (self, task, g_steal_pointer (&local));
          return;
        }

      switch (event.code)
        {
        case SC_PTP_EC_OBJECT_ADDED:
          if (event.n_params >= 1)
            handle = event.params[0];
          break;
        case SC_PTP_EC_CAPTURE_COMPLETE:
          complete = TRUE;
          break;
        case SC_PTP_EC_STORE_FULL:
          g_task_return_error (task, _sc_ptp_response_error (SC_PTP_OC_INITIATE_CAPTURE, SC_PTP_RC_STORE_FULL));
          return;
        default:
          break;
        }

      /* Some cameras report CaptureComplete without ObjectAdded. */
      if (complete && handle == 0)
        {
          g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
                                   _("The camera finished shooting without saving a picture. Check the camera, then try again."));
          return;
        }
    }

  info = _sc_ptp_camera_get_object_info (self, handle, cancellable, &error);
  if (info == NULL)
    {
      _sc_ptp_camera_return_error (self, task, error);
      return;
    }
  folder = _sc_ptp_camera_folder_path (self, info->parent, NULL, cancellable);
  g_task_return_pointer (task, _sc_ptp_camera_file_new (self, handle, info, folder), g_object_unref);
}

static void
on_picture_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ScPtpCamera *self = SC_PTP_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCameraFile) file = g_task_propagate_pointer (G_TASK (result), &error);

  if (file == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _sc_camera_emit_file_added (SC_CAMERA (self), file);
  g_task_return_pointer (task, g_object_ref (file), g_object_unref);
}

static void
sc_ptp_camera_take_picture_async (ScCamera            *camera,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ScPtpCamera *self = SC_PTP_CAMERA (camera);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) inner = NULL;

  g_task_set_source_tag (task, sc_ptp_camera_take_picture_async);
  if (!_sc_ptp_camera_check_connected (self, task))
    return;

  if (!sc_ptp_device_info_has_operation (self->device_info, SC_PTP_OC_INITIATE_CAPTURE))
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED,
                               _("This camera cannot take pictures over USB."));
      return;
    }

  inner = g_task_new (self, cancellable, on_picture_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (inner, picture_job);
  _sc_ptp_camera_push_job (self, inner, picture_job);
}

static ScCameraFile *
sc_ptp_camera_take_picture_finish (ScCamera      *camera,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- device reset (class request 0x66) --- */

static void
reset_job (ScPtpCamera  *self,
           GTask        *task,
           gpointer      task_data,
           GCancellable *cancellable)
{
  GError *error = NULL;
  guint32 session_id = 1;

  if (!_sc_ptp_camera_require_transport (self, task))
    return;

  if (!_sc_ptp_transport_device_reset (self->transport, &error)
      || !_sc_ptp_transport_simple (self->transport, SC_PTP_OC_OPEN_SESSION, &session_id, 1, NULL, &error))
    {
      _sc_ptp_camera_return_error (self, task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * sc_ptp_camera_reset_device_async:
 * @self: a connected #ScPtpCamera
 *
 * Sends the Device Reset class request (0x66), clears the pipes and opens
 * a new session. Use it when the camera stopped answering.
 */
void
sc_ptp_camera_reset_device_async (ScPtpCamera         *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SC_IS_PTP_CAMERA (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_ptp_camera_reset_device_async);
  if (!_sc_ptp_camera_check_connected (self, task))
    return;
  _sc_ptp_camera_push_job (self, task, reset_job);
}

gboolean
sc_ptp_camera_reset_device_finish (ScPtpCamera   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * _sc_ptp_camera_control_iface_init:
 * @iface: the #ScCameraInterface of #ScPtpCamera
 *
 * Fills in the options and take-picture vfuncs.
 */
void
_sc_ptp_camera_control_iface_init (ScCameraInterface *iface)
{
  iface->get_options_async = sc_ptp_camera_get_options_async;
  iface->get_options_finish = sc_ptp_camera_get_options_finish;
  iface->set_options_async = sc_ptp_camera_set_options_async;
  iface->set_options_finish = sc_ptp_camera_set_options_finish;
  iface->take_picture_async = sc_ptp_camera_take_picture_async;
  iface->take_picture_finish = sc_ptp_camera_take_picture_finish;
}
