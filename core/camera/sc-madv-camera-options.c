/* sc-madv-camera-options.c: options, mapped onto the settings table
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-madv-camera"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-camera-private.h"
#include "sc-madv-camera-private.h"

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

  if (!_sc_madv_reply_get_int (self->settings, info->key, &n))
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

  results = _sc_madv_camera_chain_finish (self, result, &error);
  if (results == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _sc_madv_camera_apply_settings (self, g_ptr_array_index (results, 0));
  _sc_madv_camera_apply_modes (self, g_ptr_array_index (results, 1));
  _sc_madv_results_free (results);

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

/**
 * _sc_madv_camera_get_options_async:
 * @camera: the camera
 * @names: (nullable): the options wanted, %NULL for all
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure
 *
 * The get_options vfunc: reads the settings and modes.
 */
void
_sc_madv_camera_get_options_async (ScCamera            *camera,
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
  g_task_set_source_tag (task, _sc_madv_camera_get_options_async);
  data = g_new0 (GetOptionsData, 1);
  data->names = names != NULL && names[0] != NULL ? g_strdupv ((GStrv)names) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify)get_options_data_free);

  if (!_sc_madv_camera_check_connected (self, task))
    return;

  steps = _sc_madv_steps_new ();
  _sc_madv_steps_add (steps, SC_MADV_MSG_GET_ALL_SETTINGS, NULL, 0, FALSE);
  _sc_madv_steps_add (steps, SC_MADV_MSG_GET_ALL_MODES, NULL, 0, TRUE);
  _sc_madv_camera_chain_async (self, steps, cancellable, on_get_options_chain_cb, g_steal_pointer (&task));
}

/**
 * _sc_madv_camera_get_options_finish:
 * @camera: the camera
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the options, `a{sv}`
 */
GVariant *
_sc_madv_camera_get_options_finish (ScCamera      *camera,
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

  results = _sc_madv_camera_chain_finish (self, result, &error);
  if (results == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The last two replies are the fresh settings and modes. */
  n = results->len;
  _sc_madv_camera_apply_settings (self, g_ptr_array_index (results, n - 2));
  _sc_madv_camera_apply_modes (self, g_ptr_array_index (results, n - 1));
  _sc_madv_results_free (results);

  _sc_madv_camera_update_state (self, TRUE);
  g_task_return_boolean (task, TRUE);
}

/**
 * _sc_madv_camera_set_options_async:
 * @camera: the camera
 * @options: `a{sv}` of option names and values
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure
 *
 * The set_options vfunc: every name and value is checked, then sent.
 */
void
_sc_madv_camera_set_options_async (ScCamera            *camera,
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
  g_task_set_source_tag (task, _sc_madv_camera_set_options_async);

  if (!_sc_madv_camera_check_connected (self, task))
    return;

  /* Every name and value is checked before anything is sent. */
  steps = _sc_madv_steps_new ();
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

      _sc_madv_steps_add (steps, info->msg_id, sc_madv_client_param (param), 0, FALSE);
    }

  _sc_madv_steps_add (steps, SC_MADV_MSG_GET_ALL_SETTINGS, NULL, 0, FALSE);
  _sc_madv_steps_add (steps, SC_MADV_MSG_GET_ALL_MODES, NULL, 0, TRUE);
  _sc_madv_camera_chain_async (self, g_steal_pointer (&steps), cancellable, on_set_options_chain_cb,
                               g_steal_pointer (&task));
}

/**
 * _sc_madv_camera_set_options_finish:
 * @camera: the camera
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: whether every option was set
 */
gboolean
_sc_madv_camera_set_options_finish (ScCamera      *camera,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
