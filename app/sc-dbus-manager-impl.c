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
  ScDbusManagerSkeleton  parent_instance;

  ScCameraDiscovery     *discovery;   /* created on the first Discover */
  GCancellable          *cancellable;
};

typedef struct
{
  ScDbusManager         *manager;
  GDBusMethodInvocation *invocation;
  char                  *gateway;
} DiscoverCall;

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
discover_call_free (DiscoverCall *call)
{
  g_clear_object (&call->manager);
  g_clear_object (&call->invocation);
  g_clear_pointer (&call->gateway, g_free);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscoverCall, discover_call_free)

static void
complete_discover (DiscoverCall *call,
                   GPtrArray    *candidates)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sss)"));
  for (guint i = 0; i < candidates->len; i++)
    {
      ScCameraCandidate *candidate = g_ptr_array_index (candidates, i);

      g_variant_builder_add (&builder, "(sss)", candidate->uri, candidate->label,
                             sc_camera_candidate_state_to_string (candidate->state));
    }

  sc_dbus_manager_complete_discover (call->manager, call->invocation,
                                     g_variant_builder_end (&builder),
                                     call->gateway != NULL ? call->gateway : "");
}

static void
on_discover_probed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(DiscoverCall) call = user_data;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GError) error = NULL;

  candidates = sc_camera_discovery_probe_finish (SC_CAMERA_DISCOVERY (object), result, &error);
  if (candidates == NULL)
    g_dbus_method_invocation_return_gerror (call->invocation, error);
  else
    complete_discover (call, candidates);
}

static gboolean
sc_dbus_manager_impl_handle_discover (ScDbusManager         *iface,
                                      GDBusMethodInvocation *invocation,
                                      GVariant              *options)
{
  ScDbusManagerImpl *self = SC_DBUS_MANAGER_IMPL (iface);
  g_autoptr(DiscoverCall) call = g_new0 (DiscoverCall, 1);
  g_autoptr(GPtrArray) candidates = NULL;
  g_autofree const char **uris = NULL;
  const char *gateway = NULL;
  gboolean probe = TRUE;

  g_variant_lookup (options, "gateway", "&s", &gateway);
  g_variant_lookup (options, "candidates", "^a&s", &uris);
  g_variant_lookup (options, "probe", "b", &probe);

  if (self->discovery == NULL)
    self->discovery = sc_camera_discovery_new ();

  call->manager = g_object_ref (iface);
  call->invocation = g_object_ref (invocation);
  if (gateway != NULL)
    {
      call->gateway = gateway[0] != '\0' ? g_strdup (gateway) : NULL;
    }
  else
    {
      sc_camera_discovery_refresh (self->discovery);
      call->gateway = g_strdup (sc_camera_discovery_get_gateway (self->discovery));
    }

  if (uris != NULL)
    {
      candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_camera_candidate_free);
      for (guint i = 0; uris[i] != NULL; i++)
        g_ptr_array_add (candidates, sc_camera_candidate_new_for_uri (uris[i]));
    }
  else
    {
      candidates = sc_camera_discovery_candidates_for_gateway (call->gateway);
    }

  if (!probe || candidates->len == 0)
    {
      complete_discover (call, candidates);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  sc_camera_discovery_probe_async (self->discovery, candidates, self->cancellable,
                                   on_discover_probed_cb, g_steal_pointer (&call));

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
sc_dbus_manager_iface_init (ScDbusManagerIface *iface)
{
  iface->handle_ping = sc_dbus_manager_impl_handle_ping;
  iface->handle_discover = sc_dbus_manager_impl_handle_discover;
}

static void
sc_dbus_manager_impl_dispose (GObject *object)
{
  ScDbusManagerImpl *self = SC_DBUS_MANAGER_IMPL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->discovery);

  G_OBJECT_CLASS (sc_dbus_manager_impl_parent_class)->dispose (object);
}

static void
sc_dbus_manager_impl_finalize (GObject *object)
{
  ScDbusManagerImpl *self = SC_DBUS_MANAGER_IMPL (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sc_dbus_manager_impl_parent_class)->finalize (object);
}

static void
sc_dbus_manager_impl_class_init (ScDbusManagerImplClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_dbus_manager_impl_dispose;
  object_class->finalize = sc_dbus_manager_impl_finalize;
}

static void
sc_dbus_manager_impl_init (ScDbusManagerImpl *self)
{
  static const char * const no_jobs[] = { NULL };

  self->cancellable = g_cancellable_new ();
  sc_dbus_manager_set_version (SC_DBUS_MANAGER (self), PACKAGE_VERSION);
  sc_dbus_manager_set_jobs (SC_DBUS_MANAGER (self), no_jobs);
}

ScDbusManagerImpl *
sc_dbus_manager_impl_new (void)
{
  return g_object_new (SC_TYPE_DBUS_MANAGER_IMPL, NULL);
}
