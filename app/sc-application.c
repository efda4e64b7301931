/* sc-application.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-application"

#include "config.h"

#include <glib/gi18n.h>
#include <sc-ui.h>

#include "sc-application-private.h"
#include "sc-cli.h"


G_DEFINE_FINAL_TYPE (ScApplication, sc_application, ADW_TYPE_APPLICATION)

static gboolean
color_scheme_get_mapping (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  const char *id = g_variant_get_string (variant, NULL);

  if (g_str_equal (id, "light"))
    g_value_set_enum (value, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_str_equal (id, "dark"))
    g_value_set_enum (value, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    g_value_set_enum (value, ADW_COLOR_SCHEME_DEFAULT);

  return TRUE;
}

static gboolean
sc_application_dbus_register (GApplication     *application,
                              GDBusConnection  *connection,
                              const char       *object_path,
                              GError          **error)
{
  ScApplication *self = SC_APPLICATION (application);

  if (!G_APPLICATION_CLASS (sc_application_parent_class)->dbus_register (application,
                                                                        connection,
                                                                        object_path,
                                                                        error))
    return FALSE;

  return sc_service_export (self->service, connection, error);
}

static void
sc_application_dbus_unregister (GApplication    *application,
                                GDBusConnection *connection,
                                const char      *object_path)
{
  ScApplication *self = SC_APPLICATION (application);

  sc_service_unexport (self->service);

  G_APPLICATION_CLASS (sc_application_parent_class)->dbus_unregister (application,
                                                                     connection,
                                                                     object_path);
}

static void
sc_application_startup (GApplication *application)
{
  ScApplication *self = SC_APPLICATION (application);

  g_application_set_resource_base_path (application, SC_RESOURCE_BASE);

  G_APPLICATION_CLASS (sc_application_parent_class)->startup (application);

  sc_ui_init ();
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new ("org.spherecam.Spherecam");
  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                adw_style_manager_get_default (), "color-scheme",
                                G_SETTINGS_BIND_GET,
                                color_scheme_get_mapping, NULL, NULL, NULL);

  _sc_application_actions_init (self);

  if (g_application_get_flags (application) & G_APPLICATION_IS_SERVICE)
    g_application_set_inactivity_timeout (application, SERVICE_INACTIVITY_TIMEOUT_MS);
}

static void
sc_application_activate (GApplication *application)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (window == NULL)
    {
      ScApplication *self = SC_APPLICATION (application);

      window = GTK_WINDOW (sc_window_new (GTK_APPLICATION (application)));
      sc_window_set_job_manager (SC_WINDOW (window), sc_service_get_job_manager (self->service));
      sc_window_set_camera_monitor (SC_WINDOW (window),
                                    sc_service_get_camera_monitor (self->service));
      sc_window_set_data_inventory (SC_WINDOW (window),
                                    sc_service_get_data_inventory (self->service));
    }

  gtk_window_present (window);
}

static int
sc_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  return sc_cli_handle_local_options (application, options);
}

static void
sc_application_dispose (GObject *object)
{
  ScApplication *self = (ScApplication *)object;

  g_clear_object (&self->service);
  g_clear_object (&self->settings);
  g_clear_object (&self->consent);

  G_OBJECT_CLASS (sc_application_parent_class)->dispose (object);
}

static void
sc_application_class_init (ScApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sc_application_dispose;

  app_class->dbus_register = sc_application_dbus_register;
  app_class->dbus_unregister = sc_application_dbus_unregister;
  app_class->startup = sc_application_startup;
  app_class->activate = sc_application_activate;
  app_class->handle_local_options = sc_application_handle_local_options;
}

/* A camera plugged in over USB in a mode we cannot use: the windows show
 * what to do on their Camera page. */
static void
on_unusable_camera_cb (ScApplication *self,
                       const char    *message)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (SC_IS_WINDOW (l->data))
      gtk_widget_activate_action (GTK_WIDGET (sc_window_get_camera_page (SC_WINDOW (l->data))),
                                  "camera.report-unusable", "s", message);
}

static void
sc_application_init (ScApplication *self)
{
  self->service = sc_service_new (G_APPLICATION (self));
  g_signal_connect_object (sc_service_get_usb_monitor (self->service), "unusable-camera",
                           G_CALLBACK (on_unusable_camera_cb), self, G_CONNECT_SWAPPED);
  sc_cli_add_main_options (G_APPLICATION (self));
}

ScApplication *
sc_application_new (void)
{
  return g_object_new (SC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

ScService *
sc_application_get_service (ScApplication *self)
{
  g_return_val_if_fail (SC_IS_APPLICATION (self), NULL);

  return self->service;
}
