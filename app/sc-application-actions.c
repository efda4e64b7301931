/* sc-application-actions.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-application-actions"

#include "config.h"

#include <glib/gi18n.h>
#include <sc-ui.h>

#include "sc-application-private.h"

static void
sc_application_about_action (GSimpleAction *action,
                             GVariant      *param,
                             gpointer       user_data)
{
  ScApplication *self = user_data;
  static const char *developers[] = { "The Spherecam developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  AdwAboutWindow *about;

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  g_object_set (about,
                "application-name", _("Spherecam"),
                "application-icon", APP_ID,
                "developer-name", _("The Spherecam developers"),
                "version", PACKAGE_VERSION,
                "comments", _("The desktop companion app for 360° cameras"),
                "website", "https://spherecam.org",
                "license-type", GTK_LICENSE_GPL_3_0,
                "developers", developers,
                /* Translators: put your names here, one per line */
                "translator-credits", _("translator-credits"),
                "copyright", "© 2026 The Spherecam developers",
                "transient-for", parent,
                "modal", parent != NULL,
                NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
sc_application_preferences_action (GSimpleAction *action,
                                   GVariant      *param,
                                   gpointer       user_data)
{
  ScApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GListModel *toplevels = gtk_window_get_toplevels ();
  ScPreferencesWindow *preferences;

  /* One Preferences window at a time: Ctrl+, again brings it forward. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (SC_IS_PREFERENCES_WINDOW (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          gtk_window_present (window);
          return;
        }
    }

  preferences = sc_preferences_window_new (parent);
  g_object_set (preferences,
                "data-inventory", sc_service_get_data_inventory (self->service),
                NULL);
  gtk_window_present (GTK_WINDOW (preferences));
}

/* Before the user agreement and privacy policy are accepted, nothing but
 * the first-run screen is reachable: Preferences (cameras, folders,
 * permissions) wait for consent too. */
static void
update_consent_actions (ScApplication *self)
{
  ScConsent *consent = sc_permissions_get_consent (sc_permissions_get_default ());
  GAction *preferences = g_action_map_lookup_action (G_ACTION_MAP (self), "preferences");

  if (self->consent != consent)
    {
      if (self->consent != NULL)
        g_signal_handlers_disconnect_by_func (self->consent, update_consent_actions, self);
      g_set_object (&self->consent, consent);
      if (consent != NULL)
        g_signal_connect_object (consent, "notify::is-accepted",
                                 G_CALLBACK (update_consent_actions), self, G_CONNECT_SWAPPED);
    }

  g_simple_action_set_enabled (G_SIMPLE_ACTION (preferences),
                               consent == NULL || sc_consent_get_is_accepted (consent));
}

static void
sc_application_quit_action (GSimpleAction *action,
                            GVariant      *param,
                            gpointer       user_data)
{
  ScApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Close the windows first so that they save their state. */
  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "about", sc_application_about_action },
  { "preferences", sc_application_preferences_action },
  { "quit", sc_application_quit_action },
};

void
_sc_application_actions_init (ScApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);

  g_signal_connect_object (sc_permissions_get_default (), "notify::consent",
                           G_CALLBACK (update_consent_actions), self, G_CONNECT_SWAPPED);
  update_consent_actions (self);
}
