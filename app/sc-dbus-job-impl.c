/* sc-dbus-job-impl.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-dbus-job-impl"

#include "config.h"

#include "sc-dbus-job-impl.h"

/* Exports one core ScJob as org.spherecam.Spherecam.Job. The skeleton's
 * properties mirror the job's; the generated code batches the changes into
 * PropertiesChanged signals. */
struct _ScDbusJobImpl
{
  ScDbusJobSkeleton  parent_instance;

  ScJob             *job;
};

static void sc_dbus_job_iface_init (ScDbusJobIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScDbusJobImpl, sc_dbus_job_impl, SC_DBUS_TYPE_JOB_SKELETON,
                               G_IMPLEMENT_INTERFACE (SC_DBUS_TYPE_JOB, sc_dbus_job_iface_init))

static void
sync_from_job (ScDbusJobImpl *self)
{
  ScDbusJob *iface = SC_DBUS_JOB (self);
  const GError *error = sc_job_get_error (self->job);
  GVariant *result = sc_job_get_result (self->job);
  g_autofree char *error_name = NULL;

  if (error != NULL)
    error_name = g_dbus_error_encode_gerror (error);

  sc_dbus_job_set_state (iface, sc_job_state_to_string (sc_job_get_state (self->job)));
  sc_dbus_job_set_progress (iface, sc_job_get_progress (self->job));
  sc_dbus_job_set_message (iface, sc_job_get_message (self->job) ?: "");
  sc_dbus_job_set_error (iface, error != NULL ? error->message : "");
  sc_dbus_job_set_error_name (iface, error_name ?: "");
  if (result != NULL)
    sc_dbus_job_set_result (iface, result);
}

static void
on_job_notify_cb (ScDbusJobImpl *self)
{
  sync_from_job (self);
}

static void
on_job_finished_cb (ScDbusJobImpl *self)
{
  sync_from_job (self);
  /* Send the final properties before the signal, so that a client that
   * reacts to Finished by reading them sees the final values. */
  g_dbus_interface_skeleton_flush (G_DBUS_INTERFACE_SKELETON (self));
  sc_dbus_job_emit_finished (SC_DBUS_JOB (self),
                             sc_job_state_to_string (sc_job_get_state (self->job)));
}

static gboolean
sc_dbus_job_impl_handle_cancel (ScDbusJob             *iface,
                                GDBusMethodInvocation *invocation)
{
  ScDbusJobImpl *self = SC_DBUS_JOB_IMPL (iface);

  sc_job_cancel (self->job);
  sc_dbus_job_complete_cancel (iface, invocation);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
sc_dbus_job_iface_init (ScDbusJobIface *iface)
{
  iface->handle_cancel = sc_dbus_job_impl_handle_cancel;
}

static void
sc_dbus_job_impl_dispose (GObject *object)
{
  ScDbusJobImpl *self = (ScDbusJobImpl *)object;

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->job);

  G_OBJECT_CLASS (sc_dbus_job_impl_parent_class)->dispose (object);
}

static void
sc_dbus_job_impl_class_init (ScDbusJobImplClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sc_dbus_job_impl_dispose;
}

static void
sc_dbus_job_impl_init (ScDbusJobImpl *self)
{
  sc_dbus_job_set_result (SC_DBUS_JOB (self), g_variant_new ("a{sv}", NULL));
}

ScDbusJobImpl *
sc_dbus_job_impl_new (ScJob *job)
{
  ScDbusJobImpl *self;

  g_return_val_if_fail (SC_IS_JOB (job), NULL);

  self = g_object_new (SC_TYPE_DBUS_JOB_IMPL, NULL);
  self->job = g_object_ref (job);
  sc_dbus_job_set_id (SC_DBUS_JOB (self), sc_job_get_id (job));
  sc_dbus_job_set_kind (SC_DBUS_JOB (self), sc_job_get_kind (job));
  sync_from_job (self);

  g_signal_connect_swapped (job, "notify", G_CALLBACK (on_job_notify_cb), self);
  g_signal_connect_swapped (job, "finished", G_CALLBACK (on_job_finished_cb), self);

  return self;
}

ScJob *
sc_dbus_job_impl_get_job (ScDbusJobImpl *self)
{
  g_return_val_if_fail (SC_IS_DBUS_JOB_IMPL (self), NULL);

  return self->job;
}

char *
sc_dbus_job_path_for_id (guint id)
{
  return g_strdup_printf ("/org/spherecam/Spherecam/Job/%u", id);
}
