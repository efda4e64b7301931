/* sc-options-popover.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-options-popover"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sc-ui.h"
#include "sc-ui-private.h"

/**
 * ScOptionsPopover:
 *
 * The Camera page's shooting options: one combo row per option the camera
 * offers (capture mode, exposure program and compensation, ISO, shutter
 * speed, white balance), listing the values from the camera's
 * "…Support" lists. Choosing a value sets it on the camera; if the camera
 * refuses, a toast says so and the row goes back to the camera's value.
 * The options are read again every time the popover opens.
 */
struct _ScOptionsPopover
{
  GtkPopover    parent_instance;

  ScCamera     *camera;
  GCancellable *cancellable;
  gboolean      loading;
  gboolean      updating;

  /* Template children */
  GtkStack     *stack;
  GtkSpinner   *spinner;
  GtkListBox   *list_box;
  GtkLabel     *message_label;
};

G_DEFINE_FINAL_TYPE (ScOptionsPopover, sc_options_popover, GTK_TYPE_POPOVER)

enum {
  PROP_0,
  PROP_CAMERA,
  PROP_LOADING,
  N_PROPS
};

enum {
  OPTION_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  const char *name;
  const char *title;
} OptionDef;

static const OptionDef option_defs[] = {
  { "captureMode", N_("Mode") },
  { "exposureProgram", N_("Exposure Program") },
  { "exposureCompensation", N_("Exposure Compensation") },
  { "iso", N_("ISO") },
  { "shutterSpeed", N_("Shutter Speed") },
  { "whiteBalance", N_("White Balance") },
};

/* Attached to each combo row. */
typedef struct
{
  const OptionDef *def;
  GPtrArray       *values;    /* GVariant, in the order of the row's model */
  guint            current;   /* the index the camera has */
} OptionRow;

static void
option_row_free (OptionRow *option)
{
  g_clear_pointer (&option->values, g_ptr_array_unref);
  g_free (option);
}

typedef struct
{
  ScOptionsPopover *self;
  AdwComboRow      *row;
  guint             index;
} SetData;

static void
set_data_free (SetData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->row);
  g_free (data);
}

static GVariant *
unbox (GVariant *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    return g_variant_get_variant (value);

  return g_variant_ref (value);
}

static gboolean
get_number (GVariant *value,
            double   *out)
{
  const GVariantType *type = g_variant_get_type (value);

  if (g_variant_type_equal (type, G_VARIANT_TYPE_DOUBLE))
    *out = g_variant_get_double (value);
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_INT64))
    *out = g_variant_get_int64 (value);
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_INT32))
    *out = g_variant_get_int32 (value);
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_UINT32))
    *out = g_variant_get_uint32 (value);
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_UINT64))
    *out = g_variant_get_uint64 (value);
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_INT16))
    *out = g_variant_get_int16 (value);
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_UINT16))
    *out = g_variant_get_uint16 (value);
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_BYTE))
    *out = g_variant_get_byte (value);
  else
    return FALSE;

  return TRUE;
}

/* JSON numbers may come back as integers or doubles: compare them as
 * numbers. */
static gboolean
values_equal (GVariant *a,
              GVariant *b)
{
  double x, y;

  if (get_number (a, &x) && get_number (b, &y))
    return fabs (x - y) < 1e-6;

  return g_variant_equal (a, b);
}

static const char *
white_balance_label (const char *id)
{
  static const struct {
    const char *id;
    const char *label;
  } labels[] = {
    { "auto", N_("Automatic") },
    { "daylight", N_("Daylight") },
    { "shade", N_("Shade") },
    { "cloudy-daylight", N_("Cloudy") },
    { "incandescent", N_("Incandescent") },
    { "fluorescent", N_("Fluorescent") },
    { "_warmWhiteFluorescent", N_("Warm White Fluorescent") },
    { "_dayWhiteFluorescent", N_("Day White Fluorescent") },
    { "_dayLightFluorescent", N_("Daylight Fluorescent") },
    { "_coolWhiteFluorescent", N_("Cool White Fluorescent") },
    { "_bulbFluorescent", N_("Bulb Fluorescent") },
    { "_colorTemperature", N_("Color Temperature") },
    { "_underwater", N_("Underwater") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (id, labels[i].id))
      return _(labels[i].label);

  return NULL;
}

/**
 * sc_options_popover_format_value:
 * @option: an option name, e.g. "iso"
 * @value: one of its values
 *
 * How a value is shown: "ISO 400", "1/250 s", "+0.7 EV", "Automatic", …
 *
 * Returns: (transfer full): the label
 */
char *
sc_options_popover_format_value (const char *option,
                                 GVariant   *value)
{
  g_autoptr(GVariant) v = NULL;
  double number = 0;
  gboolean is_number;

  g_return_val_if_fail (option != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  v = unbox (value);
  is_number = get_number (v, &number);

  if (g_str_equal (option, "captureMode") && g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
    {
      const char *mode = g_variant_get_string (v, NULL);

      if (g_str_equal (mode, "image"))
        return g_strdup (_("Photo"));
      if (g_str_equal (mode, "video"))
        return g_strdup (_("Video"));
      if (g_str_equal (mode, "interval"))
        return g_strdup (_("Interval"));
      if (g_str_equal (mode, "_liveStreaming") || g_str_equal (mode, "live"))
        return g_strdup (_("Live Streaming"));
    }
  else if (g_str_equal (option, "exposureProgram") && is_number)
    {
      switch ((int)number)
        {
        case 1: return g_strdup (_("Manual"));
        case 2: return g_strdup (_("Automatic"));
        case 3: return g_strdup (_("Aperture Priority"));
        case 4: return g_strdup (_("Shutter Priority"));
        case 9: return g_strdup (_("ISO Priority"));
        default: break;
        }
    }
  else if (g_str_equal (option, "exposureCompensation") && is_number)
    {
      if (fabs (number) < 0.05)
        return g_strdup (_("0 EV"));
      /* Translators: exposure compensation, e.g. "+0.7 EV" */
      return g_strdup_printf (_("%+.1f EV"), number);
    }
  else if (g_str_equal (option, "iso") && is_number)
    {
      if (number <= 0)
        return g_strdup (_("Automatic"));
      /* Translators: a film speed, e.g. "ISO 400" */
      return g_strdup_printf (_("ISO %.0f"), number);
    }
  else if (g_str_equal (option, "shutterSpeed") && is_number)
    {
      if (number <= 0)
        return g_strdup (_("Automatic"));
      if (number >= 0.3)
        /* Translators: an exposure time in seconds, e.g. "2.5 s" */
        return g_strdup_printf (_("%g s"), round (number * 10) / 10);
      /* Translators: an exposure time as a fraction of a second, e.g. "1/250 s" */
      return g_strdup_printf (_("1/%.0f s"), round (1.0 / number));
    }
  else if (g_str_equal (option, "whiteBalance") && g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
    {
      const char *label = white_balance_label (g_variant_get_string (v, NULL));

      if (label != NULL)
        return g_strdup (label);
    }

  if (g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
    {
      const char *text = g_variant_get_string (v, NULL);

      /* Vendor values start with "_" ("_hdr"); show them without it. */
      return g_strdup (text[0] == '_' ? text + 1 : text);
    }
  if (is_number)
    return g_strdup_printf ("%g", number);

  return g_variant_print (v, FALSE);
}

static void
set_loading (ScOptionsPopover *self,
             gboolean          loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_message (ScOptionsPopover *self,
              const char       *message)
{
  gtk_label_set_text (self->message_label, message);
  gtk_stack_set_visible_child_name (self->stack, "message");
}

static void
remove_rows (ScOptionsPopover *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
}

static void
on_set_options_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SetData *data = user_data;
  ScOptionsPopover *self = data->self;
  OptionRow *option = g_object_get_data (G_OBJECT (data->row), "sc-option");
  g_autoptr(GError) error = NULL;

  if (sc_camera_set_options_finish (SC_CAMERA (object), result, &error))
    {
      option->current = data->index;
      g_signal_emit (self, signals[OPTION_CHANGED], 0, option->def->name);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *value = NULL;
      g_autofree char *reason = _sc_ui_error_sentence (error);
      g_autofree char *message = NULL;

      value = sc_options_popover_format_value (option->def->name,
                                               g_ptr_array_index (option->values, data->index));
      /* Translators: "Could not set White Balance to Shade: <reason>. …" */
      message = g_strdup_printf (_("Could not set %s to %s: %s. The camera may not allow it "
                                   "in the current mode; try another exposure program."),
                                 _(option->def->title), value, reason);
      _sc_ui_show_message (GTK_WIDGET (self), message);
    }

  /* Show what the camera has now: the new value, or the old one back. */
  if (adw_combo_row_get_selected (data->row) != option->current)
    {
      self->updating = TRUE;
      adw_combo_row_set_selected (data->row, option->current);
      self->updating = FALSE;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (data->row), TRUE);

  set_data_free (data);
}

static void
on_row_selected_cb (AdwComboRow      *row,
                    GParamSpec       *pspec,
                    ScOptionsPopover *self)
{
  OptionRow *option = g_object_get_data (G_OBJECT (row), "sc-option");
  guint selected = adw_combo_row_get_selected (row);
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  SetData *data;

  if (self->updating || option == NULL || selected == option->current ||
      selected >= option->values->len || self->camera == NULL)
    return;

  g_variant_dict_insert_value (&dict, option->def->name,
                               g_ptr_array_index (option->values, selected));

  data = g_new0 (SetData, 1);
  data->self = g_object_ref (self);
  data->row = g_object_ref (row);
  data->index = selected;
  gtk_widget_set_sensitive (GTK_WIDGET (row), FALSE);
  sc_camera_set_options_async (self->camera, g_variant_dict_end (&dict), self->cancellable,
                               on_set_options_cb, data);
}

static void
add_row (ScOptionsPopover *self,
         const OptionDef  *def,
         GVariant         *support,
         GVariant         *value)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify)g_variant_unref);
  g_autoptr(GVariant) current = value != NULL ? unbox (value) : NULL;
  AdwComboRow *row;
  OptionRow *option;
  guint selected = GTK_INVALID_LIST_POSITION;
  gsize n = g_variant_n_children (support);

  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (support, i);
      g_autoptr(GVariant) item = unbox (child);
      g_autofree char *label = sc_options_popover_format_value (def->name, item);

      if (current != NULL && selected == GTK_INVALID_LIST_POSITION && values_equal (item, current))
        selected = values->len;
      gtk_string_list_append (labels, label);
      g_ptr_array_add (values, g_steal_pointer (&item));
    }

  /* A value outside the list (the camera chose it itself): show it too. */
  if (current != NULL && selected == GTK_INVALID_LIST_POSITION)
    {
      g_autofree char *label = sc_options_popover_format_value (def->name, current);

      selected = values->len;
      gtk_string_list_append (labels, label);
      g_ptr_array_add (values, g_variant_ref (current));
    }

  if (values->len == 0)
    return;

  option = g_new0 (OptionRow, 1);
  option->def = def;
  option->values = g_steal_pointer (&values);
  option->current = selected != GTK_INVALID_LIST_POSITION ? selected : 0;

  row = g_object_new (ADW_TYPE_COMBO_ROW,
                      "title", _(def->title),
                      "model", labels,
                      "selected", option->current,
                      NULL);
  gtk_widget_set_name (GTK_WIDGET (row), def->name);
  g_object_set_data_full (G_OBJECT (row), "sc-option", option, (GDestroyNotify)option_row_free);
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_row_selected_cb), self, 0);
  gtk_list_box_append (self->list_box, GTK_WIDGET (row));
}

static void
build_rows (ScOptionsPopover *self,
            GVariant         *options)
{
  g_autoptr(GVariantDict) dict = g_variant_dict_new (options);

  remove_rows (self);

  for (guint i = 0; i < G_N_ELEMENTS (option_defs); i++)
    {
      g_autofree char *support_name = g_strconcat (option_defs[i].name, "Support", NULL);
      g_autoptr(GVariant) support = g_variant_dict_lookup_value (dict, support_name, NULL);
      g_autoptr(GVariant) value = g_variant_dict_lookup_value (dict, option_defs[i].name, NULL);
      g_autoptr(GVariant) list = NULL;

      if (support == NULL)
        continue;
      list = unbox (support);
      if (!g_variant_is_container (list) || g_variant_is_of_type (list, G_VARIANT_TYPE_VARDICT))
        continue;

      add_row (self, &option_defs[i], list, value);
    }

  if (gtk_widget_get_first_child (GTK_WIDGET (self->list_box)) == NULL)
    show_message (self, _("This camera does not offer any shooting options."));
  else
    gtk_stack_set_visible_child_name (self->stack, "options");
}

static char **
option_names (const OptionDef *def)
{
  GPtrArray *names = g_ptr_array_new ();
  guint first = def != NULL ? def - option_defs : 0;
  guint last = def != NULL ? first + 1 : G_N_ELEMENTS (option_defs);

  for (guint i = first; i < last; i++)
    {
      g_ptr_array_add (names, g_strdup (option_defs[i].name));
      g_ptr_array_add (names, g_strconcat (option_defs[i].name, "Support", NULL));
    }
  g_ptr_array_add (names, NULL);

  return (char **)g_ptr_array_free (names, FALSE);
}

/* Asking for all options at once fails on a camera that lacks one of
 * them; then ask for them one by one and keep what the camera knows. */
typedef struct
{
  ScOptionsPopover *self;
  GVariantDict     *found;
  guint             next;
} OneByOne;

static void get_next_option (OneByOne *state);

static void
one_by_one_free (OneByOne *state)
{
  g_clear_object (&state->self);
  g_clear_pointer (&state->found, g_variant_dict_unref);
  g_free (state);
}

static void
on_get_one_option_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  OneByOne *state = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) options = NULL;

  options = sc_camera_get_options_finish (SC_CAMERA (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      one_by_one_free (state);
      return;
    }

  if (options != NULL)
    {
      GVariantIter iter;
      const char *key;
      GVariant *value;

      g_variant_iter_init (&iter, options);
      while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
        {
          g_variant_dict_insert_value (state->found, key, value);
          g_variant_unref (value);
        }
    }
  else
    {
      g_debug ("Option %s: %s", option_defs[state->next - 1].name, error->message);
    }

  get_next_option (state);
}

static void
get_next_option (OneByOne *state)
{
  ScOptionsPopover *self = state->self;
  g_auto(GStrv) names = NULL;

  if (state->next == G_N_ELEMENTS (option_defs))
    {
      g_autoptr(GVariant) options = g_variant_ref_sink (g_variant_dict_end (state->found));

      set_loading (self, FALSE);
      build_rows (self, options);
      one_by_one_free (state);
      return;
    }

  names = option_names (&option_defs[state->next++]);
  sc_camera_get_options_async (self->camera, (const char * const *)names, self->cancellable,
                               on_get_one_option_cb, state);
}

static void
on_get_options_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ScOptionsPopover) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) options = NULL;
  OneByOne *state;

  options = sc_camera_get_options_finish (SC_CAMERA (object), result, &error);
  if (options != NULL)
    {
      set_loading (self, FALSE);
      build_rows (self, options);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    {
      g_autofree char *reason = _sc_ui_error_sentence (error);
      g_autofree char *message = g_strdup_printf (_("Could not read the shooting options: %s."),
                                                  reason);
      set_loading (self, FALSE);
      show_message (self, message);
      return;
    }

  g_debug ("Reading all options failed (%s); reading them one by one", error->message);
  state = g_new0 (OneByOne, 1);
  state->self = g_object_ref (self);
  state->found = g_variant_dict_new (NULL);
  get_next_option (state);
}

static void
sc_options_popover_show (GtkWidget *widget)
{
  ScOptionsPopover *self = SC_OPTIONS_POPOVER (widget);

  GTK_WIDGET_CLASS (sc_options_popover_parent_class)->show (widget);

  sc_options_popover_reload (self);
}

static void
sc_options_popover_dispose (GObject *object)
{
  ScOptionsPopover *self = (ScOptionsPopover *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->camera);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_OPTIONS_POPOVER);

  G_OBJECT_CLASS (sc_options_popover_parent_class)->dispose (object);
}

static void
sc_options_popover_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ScOptionsPopover *self = SC_OPTIONS_POPOVER (object);

  switch (prop_id)
    {
    case PROP_CAMERA:
      g_value_set_object (value, self->camera);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_options_popover_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ScOptionsPopover *self = SC_OPTIONS_POPOVER (object);

  switch (prop_id)
    {
    case PROP_CAMERA:
      sc_options_popover_set_camera (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_options_popover_class_init (ScOptionsPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_options_popover_dispose;
  object_class->get_property = sc_options_popover_get_property;
  object_class->set_property = sc_options_popover_set_property;

  widget_class->show = sc_options_popover_show;

  /**
   * ScOptionsPopover:camera:
   *
   * The camera whose options are shown and set.
   */
  properties[PROP_CAMERA] =
    g_param_spec_object ("camera", NULL, NULL, SC_TYPE_CAMERA,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScOptionsPopover:loading:
   *
   * Whether the options are being read from the camera.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ScOptionsPopover::option-changed:
   * @self: the popover
   * @name: the option the camera accepted a new value for
   *
   * Emitted after the camera accepted a new value.
   */
  signals[OPTION_CHANGED] =
    g_signal_new ("option-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               SC_RESOURCE_BASE "/ui/sc-options-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, ScOptionsPopover, stack);
  gtk_widget_class_bind_template_child (widget_class, ScOptionsPopover, spinner);
  gtk_widget_class_bind_template_child (widget_class, ScOptionsPopover, list_box);
  gtk_widget_class_bind_template_child (widget_class, ScOptionsPopover, message_label);
}

static void
sc_options_popover_init (ScOptionsPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sc_options_popover_new:
 *
 * Returns: (transfer floating): a new popover
 */
GtkWidget *
sc_options_popover_new (void)
{
  return g_object_new (SC_TYPE_OPTIONS_POPOVER, NULL);
}

/**
 * sc_options_popover_get_camera:
 * @self: a #ScOptionsPopover
 *
 * Returns: (transfer none) (nullable): the camera
 */
ScCamera *
sc_options_popover_get_camera (ScOptionsPopover *self)
{
  g_return_val_if_fail (SC_IS_OPTIONS_POPOVER (self), NULL);

  return self->camera;
}

/**
 * sc_options_popover_set_camera:
 * @self: a #ScOptionsPopover
 * @camera: (nullable): the camera whose options to show
 */
void
sc_options_popover_set_camera (ScOptionsPopover *self,
                               ScCamera         *camera)
{
  g_return_if_fail (SC_IS_OPTIONS_POPOVER (self));
  g_return_if_fail (camera == NULL || SC_IS_CAMERA (camera));

  if (!g_set_object (&self->camera, camera))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);
  remove_rows (self);
  gtk_stack_set_visible_child_name (self->stack, "loading");

  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    sc_options_popover_reload (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMERA]);
}

/**
 * sc_options_popover_reload:
 * @self: a #ScOptionsPopover
 *
 * Reads the options and their allowed values from the camera again.
 */
void
sc_options_popover_reload (ScOptionsPopover *self)
{
  g_auto(GStrv) names = NULL;

  g_return_if_fail (SC_IS_OPTIONS_POPOVER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->camera == NULL || !sc_camera_is_connected (self->camera))
    {
      set_loading (self, FALSE);
      remove_rows (self);
      show_message (self, _("Connect to the camera to change its shooting options."));
      return;
    }

  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  /* Keep the rows from last time while the new values arrive. */
  if (gtk_widget_get_first_child (GTK_WIDGET (self->list_box)) == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");

  names = option_names (NULL);
  sc_camera_get_options_async (self->camera, (const char * const *)names, self->cancellable,
                               on_get_options_cb, g_object_ref (self));
}

/**
 * sc_options_popover_get_loading:
 * @self: a #ScOptionsPopover
 *
 * Returns: whether the options are being read
 */
gboolean
sc_options_popover_get_loading (ScOptionsPopover *self)
{
  g_return_val_if_fail (SC_IS_OPTIONS_POPOVER (self), FALSE);

  return self->loading;
}
