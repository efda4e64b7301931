/* sc-preferences-window.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-preferences-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sc-ui.h"

/**
 * ScPreferencesWindow:
 *
 * The Preferences window. Rows are bound to GSettings keys; the
 * application applies the keys (e.g. the style) where they take effect,
 * and the pages read the download folder through
 * sc_download_folder_dup().
 */
struct _ScPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  GtkFileChooserNative *chooser;

  AdwComboRow          *style_row;
  AdwActionRow         *download_folder_row;
  GtkButton            *reset_folder_button;
  GtkButton            *choose_folder_button;
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
update_download_folder (ScPreferencesWindow *self)
{
  g_autoptr(GFile) folder = sc_download_folder_dup (self->settings);
  g_autofree char *configured = g_settings_get_string (self->settings, "download-folder");
  g_autofree char *name = g_file_get_parse_name (folder);
  const char *home = g_get_home_dir ();
  g_autofree char *markup = NULL;

  /* ~/Pictures/Spherecam reads better than the full path. */
  if (g_str_has_prefix (name, home) && name[strlen (home)] == G_DIR_SEPARATOR)
    {
      char *short_name = g_strconcat ("~", name + strlen (home), NULL);

      g_free (name);
      name = short_name;
    }
  markup = g_markup_escape_text (name, -1);

  adw_action_row_set_subtitle (self->download_folder_row, markup);
  gtk_widget_set_visible (GTK_WIDGET (self->reset_folder_button), configured[0] != '\0');
}

static void
on_chooser_response_cb (ScPreferencesWindow  *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = folder != NULL ? g_file_get_path (folder) : NULL;

      if (path != NULL)
        g_settings_set_string (self->settings, "download-folder", path);
    }

  g_clear_object (&self->chooser);
}

static void
on_choose_folder_button_clicked_cb (ScPreferencesWindow *self)
{
  g_autoptr(GFile) folder = sc_download_folder_dup (self->settings);

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Download Folder"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (g_file_query_exists (folder, NULL))
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_reset_folder_button_clicked_cb (ScPreferencesWindow *self)
{
  g_settings_reset (self->settings, "download-folder");
}

static void
sc_preferences_window_dispose (GObject *object)
{
  ScPreferencesWindow *self = (ScPreferencesWindow *)object;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
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
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, download_folder_row);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, reset_folder_button);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, choose_folder_button);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_folder_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reset_folder_button_clicked_cb);
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
  g_signal_connect_object (self->settings, "changed::download-folder",
                           G_CALLBACK (update_download_folder), self, G_CONNECT_SWAPPED);
  update_download_folder (self);
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
