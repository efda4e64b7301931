/* sc-headless-application.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-headless-application"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-cli.h"
#include "sc-headless-application.h"
#include "sc-service.h"

/* The D-Bus service without GTK, for `spherecam --gapplication-service`
 * when no display can be opened (a server, an SSH session, CI). It offers
 * exactly what ScApplication offers on D-Bus, through the same ScService. */
struct _ScHeadlessApplication
{
  GApplication  parent_instance;

  ScService    *service;
};

G_DEFINE_FINAL_TYPE (ScHeadlessApplication, sc_headless_application, G_TYPE_APPLICATION)


static gboolean
sc_headless_application_dbus_register (GApplication     *application,
                                       GDBusConnection  *connection,
                                       const char       *object_path,
                                       GError          **error)
{
  ScHeadlessApplication *self = SC_HEADLESS_APPLICATION (application);

  if (!G_APPLICATION_CLASS (sc_headless_application_parent_class)->dbus_register (application,
                                                                                 connection,
                                                                                 object_path,
                                                                                 error))
    return FALSE;

  return sc_service_export (self->service, connection, error);
}

static void
sc_headless_application_dbus_unregister (GApplication    *application,
                                         GDBusConnection *connection,
                                         const char      *object_path)
{
  ScHeadlessApplication *self = SC_HEADLESS_APPLICATION (application);

  sc_service_unexport (self->service);

  G_APPLICATION_CLASS (sc_headless_application_parent_class)->dbus_unregister (application,
                                                                              connection,
                                                                              object_path);
}

static void
sc_headless_application_startup (GApplication *application)
{
  G_APPLICATION_CLASS (sc_headless_application_parent_class)->startup (application);

  g_application_set_inactivity_timeout (application, SERVICE_INACTIVITY_TIMEOUT_MS);
  g_debug ("Running as a headless D-Bus service");
}

static void
sc_headless_application_activate (GApplication *application)
{
  g_printerr ("%s\n", _("Spherecam cannot open a window: no display is available. "
                        "It keeps running as a D-Bus service for spherecamctl."));
}

static int
sc_headless_application_handle_local_options (GApplication *application,
                                              GVariantDict *options)
{
  return sc_cli_handle_local_options (application, options);
}

static void
sc_headless_application_dispose (GObject *object)
{
  ScHeadlessApplication *self = (ScHeadlessApplication *)object;

  g_clear_object (&self->service);

  G_OBJECT_CLASS (sc_headless_application_parent_class)->dispose (object);
}

static void
sc_headless_application_class_init (ScHeadlessApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sc_headless_application_dispose;

  app_class->dbus_register = sc_headless_application_dbus_register;
  app_class->dbus_unregister = sc_headless_application_dbus_unregister;
  app_class->startup = sc_headless_application_startup;
  app_class->activate = sc_headless_application_activate;
  app_class->handle_local_options = sc_headless_application_handle_local_options;
}

static void
sc_headless_application_init (ScHeadlessApplication *self)
{
  self->service = sc_service_new (G_APPLICATION (self));
  sc_cli_add_main_options (G_APPLICATION (self));
}

ScHeadlessApplication *
sc_headless_application_new (void)
{
  return g_object_new (SC_TYPE_HEADLESS_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
