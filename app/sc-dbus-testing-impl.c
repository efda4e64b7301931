/* sc-dbus-testing-impl.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-dbus-testing-impl"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-dbus-job-impl.h"
#include "sc-dbus-testing-impl.h"

/* org.spherecam.Spherecam.Testing, built only with -DSC_TEST_HOOKS=ON: a
 * job kind ("test.countdown") that only takes time, so that tests can watch
 * and cancel a job without a camera, and a new policy version without a
 * rebuild. */
struct _ScDbusTestingImpl
{
  ScDbusTestingSkeleton  parent_instance;

  ScJobManager          *jobs;
};

typedef struct
{
  ScJob *job;
  guint  step;
  guint  steps;
  guint  fail_at;
  guint  timeout_id;
  guint  cancel_idle_id;
  gulong cancelled_id;
} Countdown;

static void sc_dbus_testing_iface_init (ScDbusTestingIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScDbusTestingImpl, sc_dbus_testing_impl,
                               SC_DBUS_TYPE_TESTING_SKELETON,
                               G_IMPLEMENT_INTERFACE (SC_DBUS_TYPE_TESTING,
                                                      sc_dbus_testing_iface_init))

static void
countdown_free (Countdown *cd)
{
  g_clear_handle_id (&cd->timeout_id, g_source_remove);
  g_clear_handle_id (&cd->cancel_idle_id, g_source_remove);
  g_cancellable_disconnect (sc_job_get_cancellable (cd->job), cd->cancelled_id);
  g_clear_object (&cd->job);
  g_free (cd);
}

static gboolean
countdown_cancel_idle (gpointer user_data)
{
  Countdown *cd = user_data;

  cd->cancel_idle_id = 0;
  sc_job_return_error (cd->job, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                      _("The job was cancelled")));
  countdown_free (cd);

  return G_SOURCE_REMOVE;
}

/* GCancellable::cancelled runs inside g_cancellable_cancel(), where
 * g_cancellable_disconnect() would deadlock; finish from an idle instead.
 * Jobs are only cancelled from the main thread here (D-Bus, the window). */
static void
on_cancelled_cb (GCancellable *cancellable,
                 Countdown    *cd)
{
  if (cd->cancel_idle_id == 0)
    cd->cancel_idle_id = g_idle_add (countdown_cancel_idle, cd);
}

static gboolean
countdown_tick (gpointer user_data)
{
  Countdown *cd = user_data;
  g_autofree char *message = NULL;

  if (g_cancellable_is_cancelled (sc_job_get_cancellable (cd->job)))
    return G_SOURCE_CONTINUE;   /* countdown_cancel_idle is on its way */

  cd->step++;

  if (cd->fail_at != 0 && cd->step == cd->fail_at)
    {
      cd->timeout_id = 0;
      sc_job_return_error (cd->job, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                                 _("The countdown failed at step %u, as asked"),
                                                 cd->step));
      countdown_free (cd);
      return G_SOURCE_REMOVE;
    }

  message = g_strdup_printf (_("Step %u of %u"), cd->step, cd->steps);
  sc_job_update (cd->job, (double)cd->step / cd->steps, message);

  if (cd->step < cd->steps)
    return G_SOURCE_CONTINUE;

  cd->timeout_id = 0;
  {
    g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&dict, "steps", "u", cd->steps);
    sc_job_return_result (cd->job, g_variant_dict_end (&dict));
  }
  countdown_free (cd);

  return G_SOURCE_REMOVE;
}

static gboolean
sc_dbus_testing_impl_handle_start_countdown (ScDbusTesting         *iface,
                                             GDBusMethodInvocation *invocation,
                                             guint                  steps,
                                             guint                  interval_ms,
                                             guint                  fail_at)
{
  ScDbusTestingImpl *self = SC_DBUS_TESTING_IMPL (iface);
  g_autofree char *path = NULL;
  Countdown *cd;

  if (steps == 0 || steps > 100000 || interval_ms > 60000)
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                             "steps must be 1…100000 and interval_ms at most 60000");
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  cd = g_new0 (Countdown, 1);
  cd->job = sc_job_new ("test.countdown");
  cd->steps = steps;
  cd->fail_at = fail_at;
  sc_job_update (cd->job, 0.0, _("Starting"));
  sc_job_manager_add (self->jobs, cd->job);
  path = sc_dbus_job_path_for_id (sc_job_get_id (cd->job));

  cd->timeout_id = g_timeout_add (interval_ms, countdown_tick, cd);
  cd->cancelled_id = g_cancellable_connect (sc_job_get_cancellable (cd->job),
                                            G_CALLBACK (on_cancelled_cb), cd, NULL);

  sc_dbus_testing_complete_start_countdown (iface, invocation, path);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* The consent the service attached to the default permissions. */
static gboolean
sc_dbus_testing_impl_handle_set_policy_version (ScDbusTesting         *iface,
                                                GDBusMethodInvocation *invocation,
                                                const char            *version)
{
  ScConsent *consent = sc_permissions_get_consent (sc_permissions_get_default ());

  if (consent == NULL)
    {
      g_dbus_method_invocation_return_error_literal (invocation, G_DBUS_ERROR, G_DBUS_ERROR_FAILED,
                                                     "The service has no consent record");
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  sc_consent_set_policy_version (consent, version[0] != '\0' ? version : SC_POLICY_VERSION);
  sc_dbus_testing_complete_set_policy_version (iface, invocation);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
sc_dbus_testing_iface_init (ScDbusTestingIface *iface)
{
  iface->handle_start_countdown = sc_dbus_testing_impl_handle_start_countdown;
  iface->handle_set_policy_version = sc_dbus_testing_impl_handle_set_policy_version;
}

static void
sc_dbus_testing_impl_dispose (GObject *object)
{
  ScDbusTestingImpl *self = (ScDbusTestingImpl *)object;

  g_clear_object (&self->jobs);

  G_OBJECT_CLASS (sc_dbus_testing_impl_parent_class)->dispose (object);
}

static void
sc_dbus_testing_impl_class_init (ScDbusTestingImplClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sc_dbus_testing_impl_dispose;
}

static void
sc_dbus_testing_impl_init (ScDbusTestingImpl *self)
{
}

ScDbusTestingImpl *
sc_dbus_testing_impl_new (ScJobManager *jobs)
{
  ScDbusTestingImpl *self = g_object_new (SC_TYPE_DBUS_TESTING_IMPL, NULL);

  self->jobs = g_object_ref (jobs);

  return self;
}
