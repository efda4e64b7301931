/* sc-osc-camera-options.c: options and their …Support lists
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-osc-camera"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-osc-camera-private.h"

/* What each option we know holds, so that values sent as strings
 * ("iso": "100") still reach callers as numbers:
 * 'x' integer, 'd' number, 's' string, 'o' object. */
static const struct {
  const char *name;
  char        kind;
} option_kinds[] = {
  { "captureMode", 's' },
  { "exposureProgram", 'x' },
  { "exposureCompensation", 'd' },
  { "exposureDelay", 'x' },
  { "iso", 'x' },
  { "shutterSpeed", 'd' },
  { "aperture", 'd' },
  { "whiteBalance", 's' },
  { "_colorTemperature", 'x' },
  { "fileFormat", 'o' },
  { "previewFormat", 'o' },
  { "captureInterval", 'x' },
  { "captureNumber", 'x' },
  { "dateTimeZone", 's' },
  { "sleepDelay", 'x' },
  { "offDelay", 'x' },
  { "gpsInfo", 'o' },
  { "_gpsTagRecording", 's' },
  { "remainingPictures", 'x' },
  { "remainingVideoSeconds", 'x' },
  { "remainingSpace", 'x' },
  { "totalSpace", 'x' },
  { "clientVersion", 'x' },
  { "videoStitching", 's' },
  { "_imageStitching", 's' },
  { "_shootingMethod", 's' },
};

/* Members of object options that are numbers. */
static const struct {
  const char *name;
  char        kind;
} member_kinds[] = {
  { "width", 'x' },
  { "height", 'x' },
  { "framerate", 'd' },
  { "_frameRate", 'd' },
  { "lat", 'd' },
  { "lng", 'd' },
  { "_altitude", 'd' },
};

static char
kind_of (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (option_kinds); i++)
    if (strcmp (option_kinds[i].name, name) == 0)
      return option_kinds[i].kind;
  return 0;
}

static char
member_kind_of (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (member_kinds); i++)
    if (strcmp (member_kinds[i].name, name) == 0)
      return member_kinds[i].kind;

  /* Range supports: {"minInterval": 8, "maxInterval": 3600} */
  if (g_str_has_prefix (name, "min") || g_str_has_prefix (name, "max"))
    return 'd';

  return 0;
}

static GVariant *
coerce (JsonNode *node,
        char      kind)
{
  gint64 n;
  double d;

  switch (kind)
    {
    case 'x':
      if (_sc_json_node_get_int64 (node, &n))
        return g_variant_new_int64 (n);
      break;

    case 'd':
      if (_sc_json_node_get_double (node, &d))
        return g_variant_new_double (d);
      break;

    case 'o':
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          GVariantBuilder builder;
          JsonObjectIter iter;
          const char *name;
          JsonNode *member;

          g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
          json_object_iter_init (&iter, json_node_get_object (node));
          while (json_object_iter_next (&iter, &name, &member))
            {
              char member_kind = member_kind_of (name);
              GVariant *value = NULL;

              if (member_kind == 'x' && _sc_json_node_get_int64 (member, &n))
                value = g_variant_new_int64 (n);
              else if (member_kind == 'd' && _sc_json_node_get_double (member, &d))
                {
                  /* Keep integers integers ("minInterval": 8). */
                  if (JSON_NODE_HOLDS_VALUE (member) &&
                      json_node_get_value_type (member) == G_TYPE_INT64)
                    value = g_variant_new_int64 (json_node_get_int (member));
                  else
                    value = g_variant_new_double (d);
                }
              else
                value = _sc_json_to_variant (member);

              if (value != NULL)
                g_variant_builder_add (&builder, "{sv}", name, value);
            }
          return g_variant_builder_end (&builder);
        }
      break;

    default:
      break;
    }

  return _sc_json_to_variant (node);
}

/**
 * _sc_osc_option_to_variant:
 * @name: the option name, possibly ending in "Support"
 * @node: its JSON value
 *
 * Converts an option value (or a …Support list) to a #GVariant, turning
 * numbers sent as strings into numbers for the options we know:
 * integers "x", numbers "d", objects "a{sv}"; lists "ax", "ad", "as" or
 * "aa{sv}"; range supports ({"minInterval": …}) "a{sv}".
 *
 * Returns: (transfer floating) (nullable): the value
 */
GVariant *
_sc_osc_option_to_variant (const char *name,
                           JsonNode   *node)
{
  char kind;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (g_str_has_suffix (name, "Support") && strlen (name) > strlen ("Support"))
    {
      g_autofree char *base = g_strndup (name, strlen (name) - strlen ("Support"));

      kind = kind_of (base);

      if (kind != 0 && JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          GVariantBuilder builder;
          const char *type = kind == 'x' ? "ax" : kind == 'd' ? "ad" : kind == 's' ? "as" : "aa{sv}";

          g_variant_builder_init (&builder, G_VARIANT_TYPE (type));
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);
              GVariant *value = coerce (element, kind);

              /* Leave out what does not fit rather than fail the list. */
              if (value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE (type + 1)))
                {
                  if (value != NULL)
                    g_variant_unref (g_variant_ref_sink (value));
                  continue;
                }
              g_variant_builder_add_value (&builder, value);
            }
          return g_variant_builder_end (&builder);
        }

      if (JSON_NODE_HOLDS_OBJECT (node))
        return coerce (node, 'o');

      return _sc_json_to_variant (node);
    }

  kind = kind_of (name);
  return coerce (node, kind);
}

/* ------------------------------------------------------------------ */
/* Validation against …Support lists                                   */

static gboolean
json_value_matches (JsonNode *value,
                    JsonNode *candidate)
{
  double a, b;

  if (value == NULL || candidate == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_OBJECT (value))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;
      JsonObject *other;

      if (!JSON_NODE_HOLDS_OBJECT (candidate))
        return FALSE;

      /* {"width": 1024, "height": 512} matches a listed format with more
       * members; every member given must agree. */
      other = json_node_get_object (candidate);
      json_object_iter_init (&iter, json_node_get_object (value));
      while (json_object_iter_next (&iter, &name, &member))
        if (!json_value_matches (member, json_object_get_member (other, name)))
          return FALSE;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (value) || !JSON_NODE_HOLDS_VALUE (candidate))
    return FALSE;

  if (json_node_get_value_type (value) == G_TYPE_STRING &&
      json_node_get_value_type (candidate) == G_TYPE_STRING)
    return g_strcmp0 (json_node_get_string (value), json_node_get_string (candidate)) == 0;

  if (json_node_get_value_type (value) == G_TYPE_BOOLEAN ||
      json_node_get_value_type (candidate) == G_TYPE_BOOLEAN)
    return json_node_get_value_type (value) == json_node_get_value_type (candidate) &&
           json_node_get_boolean (value) == json_node_get_boolean (candidate);

  if (_sc_json_node_get_double (value, &a) && _sc_json_node_get_double (candidate, &b))
    return fabs (a - b) <= 1e-9 * MAX (1.0, MAX (fabs (a), fabs (b)));

  return FALSE;
}

/* Returns TRUE if the support list allows @value; sets @known to FALSE
 * when the list has a shape we cannot judge (then nothing is refused). */
static gboolean
support_allows (JsonNode *support,
                JsonNode *value,
                gboolean *known)
{
  *known = FALSE;

  if (support == NULL || JSON_NODE_HOLDS_NULL (support))
    return TRUE;

  if (JSON_NODE_HOLDS_ARRAY (support))
    {
      JsonArray *array = json_node_get_array (support);

      if (json_array_get_length (array) == 0)
        return TRUE;

      *known = TRUE;
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (json_value_matches (value, json_array_get_element (array, i)))
          return TRUE;
      return FALSE;
    }

  if (JSON_NODE_HOLDS_OBJECT (support))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;
      gboolean have_min = FALSE, have_max = FALSE, have_value;
      double min = 0, max = 0, v = 0, special;
      g_autoptr(GArray) specials = g_array_new (FALSE, FALSE, sizeof (double));

      /* {"minNumber": 1, "maxNumber": 9999, "limitless": 0}: a range plus
       * named special values. */
      json_object_iter_init (&iter, json_node_get_object (support));
      while (json_object_iter_next (&iter, &name, &member))
        {
          if (g_str_has_prefix (name, "min") && _sc_json_node_get_double (member, &min))
            have_min = TRUE;
          else if (g_str_has_prefix (name, "max") && _sc_json_node_get_double (member, &max))
            have_max = TRUE;
          else if (JSON_NODE_HOLDS_VALUE (member) && _sc_json_node_get_double (member, &special))
            g_array_append_val (specials, special);
        }

      if (!have_min || !have_max)
        return TRUE;

      *known = TRUE;
      have_value = _sc_json_node_get_double (value, &v);
      if (!have_value)
        return FALSE;
      for (guint i = 0; i < specials->len; i++)
        if (fabs (v - g_array_index (specials, double, i)) < 1e-9)
          return TRUE;
      return v >= min - 1e-9 && v <= max + 1e-9;
    }

  return TRUE;
}

static char *
describe_value (JsonNode *value)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, value);
  return json_generator_to_data (generator, NULL);
}

/* ------------------------------------------------------------------ */
/* get_options                                                         */

static void
remember_supports (ScOscCamera *self,
                   JsonObject  *options)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, options);
  while (json_object_iter_next (&iter, &name, &member))
    if (g_str_has_suffix (name, "Support") && strlen (name) > strlen ("Support"))
      g_hash_table_insert (self->supports,
                           g_strndup (name, strlen (name) - strlen ("Support")),
                           json_node_copy (member));
}

static void
on_get_options_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) results = NULL;
  GVariantBuilder builder;
  JsonObject *options;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  GError *error = NULL;

  results = _sc_osc_camera_execute_finish (self, result, &error);
  if (results == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  options = _sc_json_get_object (results, "options");
  if (options == NULL)
    {
      g_task_return_error (task, _sc_osc_protocol_error ("getOptions without options"));
      return;
    }

  remember_supports (self, options);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  json_object_iter_init (&iter, options);
  while (json_object_iter_next (&iter, &name, &member))
    {
      GVariant *value = _sc_osc_option_to_variant (name, member);

      if (value != NULL)
        g_variant_builder_add (&builder, "{sv}", name, value);
    }

  g_task_return_pointer (task, g_variant_ref_sink (g_variant_builder_end (&builder)),
                         (GDestroyNotify)g_variant_unref);
}

static JsonObject *
option_names_parameters (const char * const *names)
{
  JsonObject *parameters = json_object_new ();
  JsonArray *array = json_array_new ();

  for (guint i = 0; names[i] != NULL; i++)
    json_array_add_string_element (array, names[i]);
  json_object_set_array_member (parameters, "optionNames", array);

  return parameters;
}

void
_sc_osc_camera_get_options_async (ScCamera            *camera,
                                  const char * const  *names,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) parameters = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _sc_osc_camera_get_options_async);

  if (!_sc_osc_camera_check_connected (self, task))
    return;

  if (names[0] == NULL)
    {
      g_task_return_pointer (task, g_variant_ref_sink (g_variant_new ("a{sv}", NULL)),
                             (GDestroyNotify)g_variant_unref);
      return;
    }

  parameters = option_names_parameters (names);
  _sc_osc_camera_execute_async (self, "camera.getOptions", parameters, SC_OSC_EXECUTE_DEFAULT,
                                self->timeout_ms / 1000 + 1, cancellable,
                                on_get_options_cb, g_steal_pointer (&task));
}

GVariant *
_sc_osc_camera_get_options_finish (ScCamera      *camera,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* set_options                                                         */

typedef struct
{
  JsonObject *options;       /* what to set */
  GPtrArray  *missing;       /* option names whose …Support we still need */
  guint       next_missing;  /* when asking one by one */
  gboolean    one_by_one;
  gboolean    date_sent;     /* dateTimeZone goes alone, first */
} SetOptionsData;

static void
set_options_data_free (SetOptionsData *data)
{
  g_clear_pointer (&data->options, json_object_unref);
  g_clear_pointer (&data->missing, g_ptr_array_unref);
  g_free (data);
}

static void set_options_send (GTask *task);
static void set_options_fetch_supports (GTask *task);

static void
on_set_options_done_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  SetOptionsData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) results = NULL;
  GError *error = NULL;

  results = _sc_osc_camera_execute_finish (self, result, &error);
  if (results == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (json_object_get_size (data->options) > 0)
    {
      set_options_send (g_steal_pointer (&task));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
set_options_send (GTask *task)
{
  ScOscCamera *self = g_task_get_source_object (task);
  SetOptionsData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) parameters = json_object_new ();
  JsonObject *batch;

  /* THETA: dateTimeZone must be set on its own. */
  if (!data->date_sent && json_object_has_member (data->options, "dateTimeZone") &&
      json_object_get_size (data->options) > 1)
    {
      batch = json_object_new ();
      json_object_set_member (batch, "dateTimeZone",
                              json_node_copy (json_object_get_member (data->options, "dateTimeZone")));
      json_object_remove_member (data->options, "dateTimeZone");
      data->date_sent = TRUE;
    }
  else
    {
      batch = g_steal_pointer (&data->options);
      data->options = json_object_new ();
    }

  /* Values the camera offers depend on these: forget the lists. */
  if (json_object_has_member (batch, "captureMode") ||
      json_object_has_member (batch, "exposureProgram"))
    g_hash_table_remove_all (self->supports);

  json_object_set_object_member (parameters, "options", batch);
  _sc_osc_camera_execute_async (self, "camera.setOptions", parameters, SC_OSC_EXECUTE_HELD,
                                self->timeout_ms / 1000 + 5, g_task_get_cancellable (task),
                                on_set_options_done_cb, task);
}

static void
set_options_validate_and_send (GTask *task)
{
  ScOscCamera *self = g_task_get_source_object (task);
  SetOptionsData *data = g_task_get_task_data (task);
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, data->options);
  while (json_object_iter_next (&iter, &name, &value))
    {
      JsonNode *support = g_hash_table_lookup (self->supports, name);
      gboolean known;

      if (!support_allows (support, value, &known))
        {
          g_autofree char *text = describe_value (value);

          g_debug ("%s = %s is not in the camera's %sSupport list", name, text, name);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                   _("The camera does not offer %s = %s. "
                                     "Choose one of the values it lists."), name, text);
          return;
        }
    }

  set_options_send (g_object_ref (task));
}

static void
on_supports_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  SetOptionsData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) results = NULL;
  g_autoptr(GError) error = NULL;

  results = _sc_osc_camera_execute_finish (self, result, &error);
  if (results == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT) &&
          !g_error_matches (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED))
        {
          /* Transport or camera trouble: setting would fail the same way. */
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      if (!data->one_by_one && data->missing->len > 1)
        {
          /* One unknown name fails the whole call: ask one by one. */
          g_debug ("Asking for the support lists one by one: %s", error->message);
          data->one_by_one = TRUE;
          data->next_missing = 0;
          set_options_fetch_supports (g_steal_pointer (&task));
          return;
        }

      /* This option has no list: accept whatever the caller sets. */
      {
        const char *name = g_ptr_array_index (data->missing,
                                              data->one_by_one ? data->next_missing - 1 : 0);

        g_hash_table_insert (self->supports, g_strdup (name), json_node_new (JSON_NODE_NULL));
      }
    }
  else
    {
      JsonObject *options = _sc_json_get_object (results, "options");

      if (options != NULL)
        remember_supports (self, options);
    }

  /* Whatever is still missing has no list. */
  if (!data->one_by_one || data->next_missing >= data->missing->len)
    {
      for (guint i = 0; i < data->missing->len; i++)
        if (!g_hash_table_contains (self->supports, g_ptr_array_index (data->missing, i)))
          g_hash_table_insert (self->supports, g_strdup (g_ptr_array_index (data->missing, i)),
                               json_node_new (JSON_NODE_NULL));
      set_options_validate_and_send (task);
      return;
    }

  set_options_fetch_supports (g_steal_pointer (&task));
}

static void
set_options_fetch_supports (GTask *task)
{
  ScOscCamera *self = g_task_get_source_object (task);
  SetOptionsData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) parameters = NULL;

  if (data->one_by_one)
    {
      const char *name = g_ptr_array_index (data->missing, data->next_missing++);
      g_ptr_array_add (names, g_strconcat (name, "Support", NULL));
    }
  else
    {
      for (guint i = 0; i < data->missing->len; i++)
        g_ptr_array_add (names, g_strconcat (g_ptr_array_index (data->missing, i), "Support", NULL));
    }
  g_ptr_array_add (names, NULL);

  parameters = option_names_parameters ((const char * const *)names->pdata);
  _sc_osc_camera_execute_async (self, "camera.getOptions", parameters, SC_OSC_EXECUTE_HELD,
                                self->timeout_ms / 1000 + 1, g_task_get_cancellable (task),
                                on_supports_cb, task);
}

static void
set_options_start (ScOscCamera *self,
                   GTask       *task)
{
  SetOptionsData *data = g_task_get_task_data (task);

  if (data->missing->len > 0)
    set_options_fetch_supports (g_object_ref (task));
  else
    set_options_validate_and_send (task);
}

void
_sc_osc_camera_set_options_async (ScCamera            *camera,
                                  GVariant            *options,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) node = NULL;
  SetOptionsData *data;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _sc_osc_camera_set_options_async);

  if (!_sc_osc_camera_check_connected (self, task))
    return;

  node = _sc_variant_to_json (options);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The options could not be sent to the camera."));
      return;
    }

  data = g_new0 (SetOptionsData, 1);
  data->options = json_object_ref (json_node_get_object (node));
  data->missing = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify)set_options_data_free);

  if (json_object_get_size (data->options) == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  json_object_iter_init (&iter, data->options);
  while (json_object_iter_next (&iter, &name, &value))
    if (!g_hash_table_contains (self->supports, name) && !g_str_has_suffix (name, "Support"))
      g_ptr_array_add (data->missing, g_strdup (name));

  /* Fetching the lists, checking and setting go as one operation. */
  _sc_osc_camera_enqueue (self, task, set_options_start);
}

gboolean
_sc_osc_camera_set_options_finish (ScCamera      *camera,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* captureMode before shooting                                         */

static void
on_capture_mode_set_cb (GObject      *object,
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
  g_task_return_boolean (task, TRUE);
}

static void
on_capture_mode_read_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  const char *wanted = g_task_get_task_data (task);
  g_autoptr(JsonObject) results = NULL;
  g_autoptr(JsonObject) parameters = NULL;
  JsonObject *options;
  GError *error = NULL;

  results = _sc_osc_camera_execute_finish (self, result, &error);
  if (results == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_strcmp0 (_sc_json_get_string (_sc_json_get_object (results, "options"), "captureMode"),
                 wanted) == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_debug ("Switching the camera to %s mode", wanted);
  parameters = json_object_new ();
  options = json_object_new ();
  json_object_set_string_member (options, "captureMode", wanted);
  json_object_set_object_member (parameters, "options", options);
  _sc_osc_camera_execute_async (self, "camera.setOptions", parameters, SC_OSC_EXECUTE_HELD,
                                self->timeout_ms / 1000 + 5, g_task_get_cancellable (task),
                                on_capture_mode_set_cb, g_object_ref (task));
}

/**
 * _sc_osc_camera_ensure_capture_mode_async:
 * @self: the camera
 * @mode: "image" or "video"
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the camera is in @mode
 * @user_data: closure for @callback
 *
 * Reads captureMode and sets it when it differs. A step of an operation
 * that holds the queue.
 */
void
_sc_osc_camera_ensure_capture_mode_async (ScOscCamera         *self,
                                          const char          *mode,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  static const char * const names[] = { "captureMode", NULL };
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) parameters = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _sc_osc_camera_ensure_capture_mode_async);
  g_task_set_task_data (task, g_strdup (mode), g_free);

  parameters = option_names_parameters (names);
  _sc_osc_camera_execute_async (self, "camera.getOptions", parameters, SC_OSC_EXECUTE_HELD,
                                self->timeout_ms / 1000 + 1, cancellable,
                                on_capture_mode_read_cb, g_steal_pointer (&task));
}

gboolean
_sc_osc_camera_ensure_capture_mode_finish (ScOscCamera   *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* gpsInfo: the user's location, pushed to the camera                  */

/* OSC's "no position" value for gpsInfo's lat and lng. */
#define GPS_DISABLED 65535

/*
 * While connected, the camera follows sc_location_source_get_default():
 * when it has a location (which means the location permission and consent
 * allow it), that position is set as gpsInfo after connecting and again
 * on every "changed"; when the location goes away after a position was
 * sent, lat/lng 65535 is sent once so the camera stops tagging with it.
 * Nothing is sent, and the camera is not even asked whether it has
 * gpsInfo, while there is no location. One setOptions at a time; changes
 * that arrive meanwhile are sent when it completes.
 */

typedef struct
{
  ScOscCamera *self;
  guint        generation;
  gboolean     position;   /* a position, or 65535 */
} GpsPush;

static void gps_sync (ScOscCamera *self);

static GpsPush *
gps_push_new (ScOscCamera *self,
              gboolean     position)
{
  GpsPush *push = g_new0 (GpsPush, 1);

  push->self = g_object_ref (self);
  push->generation = self->gps_generation;
  push->position = position;
  return push;
}

static void
gps_push_free (GpsPush *push)
{
  g_clear_object (&push->self);
  g_free (push);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpsPush, gps_push_free)

static GVariant *
gps_info_variant (const ScGeoLocation *location)
{
  GVariantBuilder gps;

  g_variant_builder_init (&gps, G_VARIANT_TYPE_VARDICT);

  if (location != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *date = g_date_time_format (now, "%Y:%m:%d %H:%M:%S%:z");

      g_variant_builder_add (&gps, "{sv}", "lat", g_variant_new_double (location->latitude));
      g_variant_builder_add (&gps, "{sv}", "lng", g_variant_new_double (location->longitude));
      /* Left out rather than sent as 0 m when unknown. */
      if (location->has_altitude)
        g_variant_builder_add (&gps, "{sv}", "_altitude", g_variant_new_double (location->altitude));
      g_variant_builder_add (&gps, "{sv}", "_dateTimeZone", g_variant_new_string (date));
      g_variant_builder_add (&gps, "{sv}", "_datum", g_variant_new_string ("WGS84"));
    }
  else
    {
      g_variant_builder_add (&gps, "{sv}", "lat", g_variant_new_int64 (GPS_DISABLED));
      g_variant_builder_add (&gps, "{sv}", "lng", g_variant_new_int64 (GPS_DISABLED));
    }

  return g_variant_new_parsed ("{'gpsInfo': <%@a{sv}>}", g_variant_builder_end (&gps));
}

static void
on_gps_pushed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GpsPush) push = user_data;
  ScOscCamera *self = push->self;
  g_autoptr(GError) error = NULL;

  if (!_sc_osc_camera_set_options_finish (SC_CAMERA (object), result, &error))
    g_debug ("Could not set gpsInfo: %s", error->message);

  if (push->generation != self->gps_generation)
    return;

  self->gps_in_flight = FALSE;
  if (error == NULL)
    {
      self->gps_pushed = push->position;
      g_debug (push->position ? "Sent the location to the camera"
                              : "Told the camera that there is no location");
    }

  /* Once: gps_push() clears the flag, so failures cannot loop. */
  if (self->gps_dirty)
    gps_sync (self);
}

static void
gps_push (ScOscCamera         *self,
          const ScGeoLocation *location)
{
  g_autoptr(GVariant) options = g_variant_ref_sink (gps_info_variant (location));

  self->gps_in_flight = TRUE;
  self->gps_dirty = FALSE;
  _sc_osc_camera_set_options_async (SC_CAMERA (self), options, self->cancellable,
                                    on_gps_pushed_cb, gps_push_new (self, location != NULL));
}

static void
on_gps_checked_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GpsPush) push = user_data;
  ScOscCamera *self = push->self;
  g_autoptr(GVariant) options = NULL;
  g_autoptr(GError) error = NULL;

  options = _sc_osc_camera_get_options_finish (SC_CAMERA (object), result, &error);
  if (push->generation != self->gps_generation)
    return;

  self->gps_in_flight = FALSE;
  if (options == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* An unknown option name fails getOptions: no gpsInfo on this camera. */
  self->gps_checked = TRUE;
  if (options != NULL)
    {
      g_autoptr(GVariant) gps = g_variant_lookup_value (options, "gpsInfo", NULL);

      self->gps_supported = gps != NULL;
    }
  else
    g_debug ("The camera has no gpsInfo: %s", error->message);

  gps_sync (self);
}

static void
gps_sync (ScOscCamera *self)
{
  static const char * const names[] = { "gpsInfo", NULL };
  ScGeoLocation location = { 0 };
  gboolean has_location;

  if (!self->is_connected || self->location_source == NULL)
    return;

  if (self->gps_in_flight)
    {
      self->gps_dirty = TRUE;
      return;
    }

  has_location = sc_location_source_get_current (self->location_source, &location);

  /* Without a location, only a position sent earlier needs undoing. */
  if (!has_location && !self->gps_pushed)
    return;

  if (!self->gps_checked)
    {
      self->gps_in_flight = TRUE;
      self->gps_dirty = FALSE;
      _sc_osc_camera_get_options_async (SC_CAMERA (self), names, self->cancellable,
                                        on_gps_checked_cb, gps_push_new (self, FALSE));
      return;
    }

  if (!self->gps_supported)
    return;

  gps_push (self, has_location ? &location : NULL);
}

static void
on_location_changed_cb (ScLocationSource *source,
                        ScOscCamera      *self)
{
  gps_sync (self);
}

/**
 * _sc_osc_camera_location_start:
 * @self: the camera, just connected
 *
 * Follows the default #ScLocationSource while connected: sends the
 * current location as gpsInfo now, when there is one and the camera has
 * gpsInfo, and again whenever it changes.
 */
void
_sc_osc_camera_location_start (ScOscCamera *self)
{
  _sc_osc_camera_location_stop (self);

  if (!self->is_connected)
    return;

  self->location_source = g_object_ref (sc_location_source_get_default ());
  g_signal_connect_object (self->location_source, "changed",
                           G_CALLBACK (on_location_changed_cb), self, 0);
  gps_sync (self);
}

/**
 * _sc_osc_camera_location_stop:
 * @self: the camera, disconnecting or disposed
 *
 * Stops following the location source. A push in flight is cancelled with
 * the camera's cancellable; its reply is ignored.
 */
void
_sc_osc_camera_location_stop (ScOscCamera *self)
{
  if (self->location_source != NULL)
    g_signal_handlers_disconnect_by_func (self->location_source, on_location_changed_cb, self);
  g_clear_object (&self->location_source);

  self->gps_generation++;
  self->gps_checked = FALSE;
  self->gps_supported = FALSE;
  self->gps_pushed = FALSE;
  self->gps_in_flight = FALSE;
  self->gps_dirty = FALSE;
}
