/* sc-preferences-window.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-preferences-window"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sc-ui.h"
#include "sc-ui-private.h"

/**
 * ScPreferencesWindow:
 *
 * The Preferences window. General rows are bound to GSettings keys; the
 * application applies the keys (e.g. the style) where they take effect,
 * and the pages read the download folder through
 * sc_download_folder_dup().
 *
 * The Privacy page is bound to the core objects themselves (the app binds
 * GSettings to the same objects): the permission switches to the default
 * #ScPermissions, the location rows to the default #ScLocationSource, the
 * usage statistics switch to the default #ScUsageStats; "Your Data" opens
 * an #ScYourDataPage on #ScPreferencesWindow:data-inventory. The More Help
 * page shows the accepted agreement and revokes it. Preferences close when
 * the consent stops being accepted, from anywhere.
 */
struct _ScPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  GtkFileChooserNative *chooser;

  ScPermissions        *permissions;
  ScConsent            *consent;
  ScLocationSource     *location;
  ScUsageStats         *usage_stats;
  ScDataInventory      *data_inventory;
  gboolean              updating_location;

  AdwComboRow          *style_row;
  AdwActionRow         *download_folder_row;
  GtkButton            *reset_folder_button;
  GtkButton            *choose_folder_button;

  /* Privacy */
  AdwPreferencesPage   *privacy_page;
  GtkSwitch            *storage_switch;
  GtkSwitch            *location_switch;
  GtkSwitch            *microphone_switch;
  AdwPreferencesGroup  *location_group;
  AdwComboRow          *location_mode_row;
  AdwActionRow         *location_status_row;
  AdwEntryRow          *latitude_row;
  AdwEntryRow          *longitude_row;
  AdwEntryRow          *altitude_row;
  GtkLabel             *location_error_label;
  GtkSwitch            *usage_switch;
  GtkSwitch            *diagnostics_switch;
  AdwActionRow         *your_data_row;

  /* More Help */
  AdwPreferencesPage   *help_page;
  AdwPreferencesGroup  *authorization_group;
  AdwActionRow         *accepted_row;
  AdwPreferencesGroup  *revoke_group;
  GtkButton            *revoke_button;
};

G_DEFINE_FINAL_TYPE (ScPreferencesWindow, sc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_DATA_INVENTORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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


/* --- Privacy: location --- */

/* "48.858400" → "48.8584" */
static const char *
format_coordinate (char   *buffer,
                   gsize   size,
                   double  value)
{
  char *end;

  g_ascii_formatd (buffer, size, "%.6f", value);
  end = buffer + strlen (buffer) - 1;
  while (end > buffer && *end == '0')
    *end-- = '\0';
  if (end > buffer && *end == '.')
    *end = '\0';

  return buffer;
}

static void
update_location (ScPreferencesWindow *self)
{
  ScLocationMode mode = sc_location_source_get_mode (self->location);
  const char *status = sc_location_source_get_status (self->location);
  ScGeoLocation manual;
  gboolean manual_mode = mode == SC_LOCATION_MODE_MANUAL;

  self->updating_location = TRUE;
  adw_combo_row_set_selected (self->location_mode_row, (guint) mode);
  self->updating_location = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->latitude_row), manual_mode);
  gtk_widget_set_visible (GTK_WIDGET (self->longitude_row), manual_mode);
  gtk_widget_set_visible (GTK_WIDGET (self->altitude_row), manual_mode);
  if (!manual_mode)
    gtk_widget_set_visible (GTK_WIDGET (self->location_error_label), FALSE);

  if (mode == SC_LOCATION_MODE_AUTOMATIC && status != NULL && status[0] != '\0')
    {
      g_autofree char *markup = g_markup_escape_text (status, -1);

      adw_action_row_set_subtitle (self->location_status_row, markup);
      gtk_widget_set_visible (GTK_WIDGET (self->location_status_row), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->location_status_row), FALSE);
    }

  memset (&manual, 0, sizeof manual);
  if (manual_mode && sc_location_source_get_manual (self->location, &manual))
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      /* Leave what the user is typing alone. */
      if (!gtk_widget_has_focus (GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (self->latitude_row)))))
        gtk_editable_set_text (GTK_EDITABLE (self->latitude_row),
                               format_coordinate (buffer, sizeof buffer, manual.latitude));
      if (!gtk_widget_has_focus (GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (self->longitude_row)))))
        gtk_editable_set_text (GTK_EDITABLE (self->longitude_row),
                               format_coordinate (buffer, sizeof buffer, manual.longitude));
      if (!gtk_widget_has_focus (GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (self->altitude_row)))))
        gtk_editable_set_text (GTK_EDITABLE (self->altitude_row),
                               manual.has_altitude
                                 ? format_coordinate (buffer, sizeof buffer, manual.altitude)
                                 : "");
    }
}

static void
on_location_mode_row_selected_cb (ScPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->location_mode_row);

  if (self->updating_location || selected > SC_LOCATION_MODE_AUTOMATIC)
    return;

  sc_location_source_set_mode (self->location, (ScLocationMode) selected);
}

/* Parses a number typed by hand: a dot or the locale's comma, nothing else. */
static gboolean
parse_number (const char *text,
              double     *value)
{
  g_autofree char *copy = g_strstrip (g_strdelimit (g_strdup (text), ",", '.'));
  char *end = NULL;

  if (copy[0] == '\0')
    return FALSE;

  *value = g_ascii_strtod (copy, &end);

  return end != NULL && *end == '\0' && isfinite (*value);
}

static void
set_row_error (AdwEntryRow *row,
               gboolean     error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* Validates the latitude, longitude and altitude rows and sets them as the
 * manual location, or shows what is wrong below them. */
static gboolean
apply_location (ScPreferencesWindow *self)
{
  const char *lat_text = gtk_editable_get_text (GTK_EDITABLE (self->latitude_row));
  const char *lon_text = gtk_editable_get_text (GTK_EDITABLE (self->longitude_row));
  const char *alt_text = gtk_editable_get_text (GTK_EDITABLE (self->altitude_row));
  double latitude = 0, longitude = 0, altitude = 0;
  gboolean has_altitude = FALSE;
  const char *problem = NULL;
  gboolean lat_ok, lon_ok, alt_ok = TRUE;

  lat_ok = parse_number (lat_text, &latitude) && latitude >= -90 && latitude <= 90;
  lon_ok = parse_number (lon_text, &longitude) && longitude >= -180 && longitude <= 180;
  if (alt_text[strspn (alt_text, " \t")] != '\0')
    {
      alt_ok = parse_number (alt_text, &altitude) && altitude > -11000 && altitude < 100000;
      has_altitude = alt_ok;
    }

  if (!lat_ok)
    problem = _("Enter a latitude between −90 and 90 degrees, for example 48.8584.");
  else if (!lon_ok)
    problem = _("Enter a longitude between −180 and 180 degrees, for example 2.2945.");
  else if (!alt_ok)
    problem = _("Enter the altitude in metres, for example 35, or leave it empty.");

  set_row_error (self->latitude_row, !lat_ok);
  set_row_error (self->longitude_row, lat_ok && !lon_ok);
  set_row_error (self->altitude_row, lat_ok && lon_ok && !alt_ok);
  gtk_label_set_text (self->location_error_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->location_error_label), problem != NULL);

  if (problem != NULL)
    return FALSE;

  sc_location_source_set_manual (self->location, latitude, longitude, altitude, has_altitude);

  return TRUE;
}

static void
on_location_entry_apply_cb (ScPreferencesWindow *self)
{
  apply_location (self);
}

/* --- Privacy: diagnostics and data --- */

static void
on_diagnostics_switch_active_cb (ScPreferencesWindow *self)
{
  gboolean active = gtk_switch_get_active (self->diagnostics_switch);

  sc_log_set_detailed (active);
  if (g_settings_get_boolean (self->settings, "detailed-diagnostics") != active)
    g_settings_set_boolean (self->settings, "detailed-diagnostics", active);
}

static void
on_your_data_row_activated_cb (ScPreferencesWindow *self)
{
  sc_preferences_window_show_your_data (self);
}

/* --- More Help: authorization --- */

static void
show_document (ScPreferencesWindow *self,
               ScPolicyDocument     document)
{
  gtk_window_present (GTK_WINDOW (sc_policy_window_new (GTK_WINDOW (self), document)));
}

static void
on_user_agreement_row_activated_cb (ScPreferencesWindow *self)
{
  show_document (self, SC_POLICY_USER_AGREEMENT);
}

static void
on_privacy_policy_row_activated_cb (ScPreferencesWindow *self)
{
  show_document (self, SC_POLICY_PRIVACY_POLICY);
}

static gboolean
close_cb (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));

  return G_SOURCE_REMOVE;
}

/* Closes the window once the confirmation dialog (transient for it, and
 * possibly emitting its response now) is gone. */
static void
close_later (ScPreferencesWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_idle_add_full (G_PRIORITY_DEFAULT, close_cb, g_object_ref (self), g_object_unref);
}

static void
update_authorization (ScPreferencesWindow *self)
{
  g_autofree char *subtitle = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->revoke_group), self->consent != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->accepted_row), self->consent != NULL);
  if (self->consent == NULL)
    return;

  if (sc_consent_get_is_accepted (self->consent))
    {
      GDateTime *at = sc_consent_get_accepted_at (self->consent);
      g_autofree char *date = at != NULL ? g_date_time_format (at, "%Y-%m-%d") : NULL;

      if (date != NULL)
        /* Translators: "Version 1.0, accepted on 2026-11-22" */
        subtitle = g_strdup_printf (_("Version %s, accepted on %s"),
                                    sc_consent_get_accepted_version (self->consent), date);
      else
        /* Translators: "Version 1.0" */
        subtitle = g_strdup_printf (_("Version %s"),
                                    sc_consent_get_accepted_version (self->consent));
    }
  else
    {
      subtitle = g_strdup (_("Not accepted"));
      /* Everything behind consent must be out of reach now. */
      close_later (self);
    }

  adw_action_row_set_subtitle (self->accepted_row, subtitle);
}

static void
on_revoke_response_cb (AdwMessageDialog    *dialog,
                       const char          *response,
                       ScPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "revoke") || self->consent == NULL)
    return;

  if (!sc_consent_revoke (self->consent, &error))
    {
      g_autofree char *sentence = _sc_ui_error_sentence (error);
      /* Translators: %s says why */
      g_autofree char *message = g_strdup_printf (_("Could not revoke the authorization: %s. "
                                                    "Check that your home folder is writable, "
                                                    "then try again."), sentence);

      _sc_ui_show_message (GTK_WIDGET (self), message);
      return;
    }

  /* Revoking already closes this window (it follows the consent). */
  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    close_later (self);
}

static void
sc_preferences_window_revoke_authorization_action (GtkWidget  *widget,
                                                   const char *action_name,
                                                   GVariant   *param)
{
  ScPreferencesWindow *self = SC_PREFERENCES_WINDOW (widget);
  GtkWidget *dialog;

  if (self->consent == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Revoke Authorization?"),
                                   _("Spherecam stops collecting anything at once, disconnects "
                                     "your cameras and returns to the welcome screen. Nothing "
                                     "works until you agree again. What is stored stays on this "
                                     "computer until you erase it in Your Data."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "revoke", _("_Revoke"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "revoke",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_revoke_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sc_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ScPreferencesWindow *self = SC_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATA_INVENTORY:
      g_value_set_object (value, self->data_inventory);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ScPreferencesWindow *self = SC_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATA_INVENTORY:
      if (g_set_object (&self->data_inventory, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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
  g_clear_object (&self->permissions);
  g_clear_object (&self->consent);
  g_clear_object (&self->location);
  g_clear_object (&self->usage_stats);
  g_clear_object (&self->data_inventory);

  G_OBJECT_CLASS (sc_preferences_window_parent_class)->dispose (object);
}

static void
sc_preferences_window_class_init (ScPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_preferences_window_dispose;
  object_class->get_property = sc_preferences_window_get_property;
  object_class->set_property = sc_preferences_window_set_property;

  /**
   * ScPreferencesWindow:data-inventory:
   *
   * The personal data the "Your Data" page lists, exports and erases.
   */
  properties[PROP_DATA_INVENTORY] =
    g_param_spec_object ("data-inventory", NULL, NULL, SC_TYPE_DATA_INVENTORY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               SC_RESOURCE_BASE "/ui/sc-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, download_folder_row);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, reset_folder_button);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, choose_folder_button);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_folder_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reset_folder_button_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, privacy_page);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, storage_switch);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, location_switch);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, microphone_switch);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, location_group);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, location_mode_row);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, location_status_row);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, latitude_row);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, longitude_row);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, altitude_row);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, location_error_label);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, usage_switch);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, diagnostics_switch);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, your_data_row);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, help_page);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, authorization_group);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, accepted_row);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, revoke_group);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, revoke_button);
  gtk_widget_class_bind_template_callback (widget_class, on_location_entry_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_your_data_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_user_agreement_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_privacy_policy_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "preferences.revoke-authorization", NULL,
                                   sc_preferences_window_revoke_authorization_action);
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

  /* Privacy: the core objects themselves, so that a change from D-Bus or
   * the command line shows here at once. */
  self->permissions = g_object_ref (sc_permissions_get_default ());
  g_object_bind_property (self->permissions, "storage", self->storage_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->permissions, "location", self->location_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->permissions, "microphone", self->microphone_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  self->location = g_object_ref (sc_location_source_get_default ());
  g_signal_connect_object (self->location, "notify", G_CALLBACK (update_location), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->location_mode_row, "notify::selected",
                           G_CALLBACK (on_location_mode_row_selected_cb), self,
                           G_CONNECT_SWAPPED);
  update_location (self);

  self->usage_stats = g_object_ref (sc_usage_stats_get_default ());
  g_object_bind_property (self->usage_stats, "enabled", self->usage_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  gtk_switch_set_active (self->diagnostics_switch, sc_log_get_detailed ());
  g_signal_connect_object (self->diagnostics_switch, "notify::active",
                           G_CALLBACK (on_diagnostics_switch_active_cb), self,
                           G_CONNECT_SWAPPED);

  self->consent = sc_permissions_get_consent (self->permissions);
  if (self->consent != NULL)
    {
      g_object_ref (self->consent);
      g_signal_connect_object (self->consent, "notify::is-accepted",
                               G_CALLBACK (update_authorization), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->consent, "notify::accepted-version",
                               G_CALLBACK (update_authorization), self, G_CONNECT_SWAPPED);
    }
  update_authorization (self);
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
                       "data-inventory", SC_IS_WINDOW (transient_for)
                                           ? sc_window_get_data_inventory (SC_WINDOW (transient_for))
                                           : NULL,
                       NULL);
}

/**
 * sc_preferences_window_show_page:
 * @self: a #ScPreferencesWindow
 * @name: "general", "privacy" or "more-help"
 *
 * Shows one of the pages.
 */
void
sc_preferences_window_show_page (ScPreferencesWindow *self,
                                 const char          *name)
{
  g_return_if_fail (SC_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (name != NULL);

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self), name);
}

/**
 * sc_preferences_window_show_your_data:
 * @self: a #ScPreferencesWindow
 *
 * Shows the "Your Data" page over the Privacy page.
 *
 * Returns: (transfer none): the page shown
 */
ScYourDataPage *
sc_preferences_window_show_your_data (ScPreferencesWindow *self)
{
  GtkWidget *page;

  g_return_val_if_fail (SC_IS_PREFERENCES_WINDOW (self), NULL);

  page = sc_your_data_page_new (self->data_inventory, self->usage_stats);
  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self), page);

  return SC_YOUR_DATA_PAGE (page);
}
