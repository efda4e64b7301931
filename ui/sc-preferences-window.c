/* sc-preferences-window.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-preferences-window"

#include "config.h"

#include "sc-ui.h"

/**
 * ScPreferencesWindow:
 *
 * The Preferences window. Rows are bound to GSettings keys; the
 * application applies the keys (e.g. the style) where they take effect.
 */
struct _ScPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  AdwComboRow          *style_row;
};

G_DEFINE_FINAL_TYPE (ScPreferencesWindow, sc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The style row's items, in the order of the .ui file. */
static const char * const style_ids[] = { "default", "light", "dark" };

static gboolean
style_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *id = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (style_ids); i++)
    if (g_str_equal (id, style_ids[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
style_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (style_ids))
    return NULL;

  return g_variant_new_string (style_ids[i]);
}

static void
sc_preferences_window_dispose (GObject *object)
{
  ScPreferencesWindow *self = (ScPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sc_preferences_window_parent_class)->dispose (object);
}

static void
sc_preferences_window_class_init (ScPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               SC_RESOURCE_BASE "/ui/sc-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, style_row);
}

static void
sc_preferences_window_init (ScPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new ("org.spherecam.Spherecam");
  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                style_get_mapping, style_set_mapping, NULL, NULL);
}

/**
 * sc_preferences_window_new:
 * @transient_for: (nullable): the parent window
 *
 * Returns: (transfer full): a new Preferences window
 */
ScPreferencesWindow *
sc_preferences_window_new (GtkWindow *transient_for)
{
  return g_object_new (SC_TYPE_PREFERENCES_WINDOW,
                       "transient-for", transient_for,
                       "modal", transient_for != NULL,
                       NULL);
}
