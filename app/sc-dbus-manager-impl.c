/* sc-dbus-manager-impl.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-dbus-manager-impl"

#include "config.h"

#include "sc-dbus-manager-impl.h"

/* org.spherecam.Spherecam.Manager. The Jobs property is kept up to date by
 * ScService, which owns the job exports. */
struct _ScDbusManagerImpl
{
  ScDbusManagerSkeleton parent_instance;
};

static void sc_dbus_manager_iface_init (ScDbusManagerIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScDbusManagerImpl, sc_dbus_manager_impl,
                               SC_DBUS_TYPE_MANAGER_SKELETON,
                               G_IMPLEMENT_INTERFACE (SC_DBUS_TYPE_MANAGER,
                                                      sc_dbus_manager_iface_init))

static gboolean
sc_dbus_manager_impl_handle_ping (ScDbusManager         *iface,
                                  GDBusMethodInvocation *invocation,
                                  const char            *payload)
{
  sc_dbus_manager_complete_ping (iface, invocation, payload);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
sc_dbus_manager_iface_init (ScDbusManagerIface *iface)
{
  iface->handle_ping = sc_dbus_manager_impl_handle_ping;
}

static void
sc_dbus_manager_impl_class_init (ScDbusManagerImplClass *klass)
{
}

static void
sc_dbus_manager_impl_init (ScDbusManagerImpl *self)
{
  static const char * const no_jobs[] = { NULL };

  sc_dbus_manager_set_version (SC_DBUS_MANAGER (self), PACKAGE_VERSION);
  sc_dbus_manager_set_jobs (SC_DBUS_MANAGER (self), no_jobs);
}

ScDbusManagerImpl *
sc_dbus_manager_impl_new (void)
{
  return g_object_new (SC_TYPE_DBUS_MANAGER_IMPL, NULL);
}
