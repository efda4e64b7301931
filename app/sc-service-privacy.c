/* sc-service-privacy.c: the service's privacy objects, bound to the
 * settings, and consent at the D-Bus door
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-service"

#include "config.h"

#include "sc-service-private.h"

/* --- Consent at the door --- */

static void
return_consent_required (GDBusMethodInvocation *invocation)
{
  g_dbus_method_invocation_take_error (invocation, sc_consent_required_error_new ());
}

/* Runs in a GDBus worker thread for every call to a guarded skeleton. */
gboolean
_sc_service_authorize_camera_method (GDBusInterfaceSkeleton *skeleton,
                                     GDBusMethodInvocation  *invocation,
                                     ScConsentGate          *gate)
{
  const char *method = g_dbus_method_invocation_get_method_name (invocation);

  /* Letting go of a camera collects nothing. */
  if (g_str_equal (method, "Disconnect") || g_str_equal (method, "Forget"))
    return TRUE;

  if (g_atomic_int_get (&gate->accepted))
    return TRUE;

  return_consent_required (invocation);
  return FALSE;
}

gboolean
_sc_service_authorize_manager_method (GDBusInterfaceSkeleton *skeleton,
                                      GDBusMethodInvocation  *invocation,
                                      ScConsentGate          *gate)
{
  const char *method = g_dbus_method_invocation_get_method_name (invocation);

  /* Version, Ping and the jobs stay available; adding a camera and
   * probing the network for one need consent. */
  if ((!g_str_equal (method, "AddCamera") && !g_str_equal (method, "Discover")) ||
      g_atomic_int_get (&gate->accepted))
    return TRUE;

  return_consent_required (invocation);
  return FALSE;
}

/* Stitching reads and writes the user's photos: only with consent, like
 * the cameras (the storage permission is checked by core). */
gboolean
_sc_service_authorize_stitcher_method (GDBusInterfaceSkeleton *skeleton,
                                       GDBusMethodInvocation  *invocation,
                                       ScConsentGate          *gate)
{
  if (g_atomic_int_get (&gate->accepted))
    return TRUE;

  return_consent_required (invocation);
  return FALSE;
}

void
_sc_service_guard_skeleton (ScService              *self,
                            GDBusInterfaceSkeleton *skeleton,
                            GCallback               callback)
{
  g_signal_connect_data (skeleton, "g-authorize-method", callback,
                         g_atomic_rc_box_acquire (self->gate),
                         (GClosureNotify)(void (*) (void))g_atomic_rc_box_release, 0);
}

/* Whatever withdrew consent (revoked over D-Bus, the CLI or the window, or
 * a new policy version): nothing collects data any more. The window goes
 * back to its first-run screen by itself, following "is-accepted". */
static void
stop_collecting (ScService *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->jobs));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScJob) job = g_list_model_get_item (G_LIST_MODEL (self->jobs), i);

      /* Camera jobs (downloads, shots); the test hooks' jobs touch nothing. */
      if (!sc_job_is_finished (job) && !g_str_has_prefix (sc_job_get_kind (job), "test."))
        sc_job_cancel (job);
    }

  sc_camera_monitor_disconnect_all (self->cameras);
  if (self->privacy != NULL)
    sc_dbus_privacy_impl_stop_narration (self->privacy);
}

static void
on_consent_is_accepted_cb (ScService  *self,
                           GParamSpec *pspec,
                           ScConsent  *consent)
{
  gboolean accepted = sc_consent_get_is_accepted (consent);

  g_atomic_int_set (&self->gate->accepted, accepted);
  if (!accepted)
    {
      g_debug ("Consent withdrawn: stopping everything that collects data");
      stop_collecting (self);
    }
}

/* An explicit withdrawal also turns usage statistics off (the key follows). */
static void
on_consent_revoked_cb (ScService *self,
                       ScConsent *consent)
{
  stop_collecting (self);
  sc_usage_stats_set_enabled (self->stats, FALSE);
}

static void
on_detailed_diagnostics_changed_cb (ScService  *self,
                                    const char *key,
                                    GSettings  *settings)
{
  sc_log_set_detailed (g_settings_get_boolean (settings, "detailed-diagnostics"));
}

static const char *
shipped_policy_version (void)
{
#if SC_TEST_HOOKS
  /* Tests ship a "new" policy without rebuilding. */
  const char *version = g_getenv ("SPHERECAM_TEST_POLICY_VERSION");

  if (version != NULL && version[0] != '\0')
    return version;
#endif

  return SC_POLICY_VERSION;
}

/* Creates the privacy objects and binds them to the settings. */
void
_sc_service_setup_privacy (ScService *self)
{
  g_autofree char *config_dir = g_build_filename (g_get_user_config_dir (), "spherecam", NULL);
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "spherecam", NULL);
  g_autoptr(GFile) config = g_file_new_for_path (config_dir);
  g_autoptr(GFile) data = g_file_new_for_path (data_dir);
  g_autoptr(GError) error = NULL;

  self->settings = g_settings_new ("org.spherecam.Spherecam");

  self->consent = sc_consent_new (config, shipped_policy_version ());
  if (!sc_consent_load (self->consent, &error))
    g_warning ("Could not read the consent record: %s", error->message);
  g_atomic_int_set (&self->gate->accepted, sc_consent_get_is_accepted (self->consent));
  g_signal_connect_object (self->consent, "notify::is-accepted",
                           G_CALLBACK (on_consent_is_accepted_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->consent, "revoked",
                           G_CALLBACK (on_consent_revoked_cb), self, G_CONNECT_SWAPPED);

  self->permissions = g_object_ref (sc_permissions_get_default ());
  sc_permissions_set_consent (self->permissions, self->consent);
  g_settings_bind (self->settings, "permission-storage", self->permissions, "storage",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "permission-location", self->permissions, "location",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "permission-microphone", self->permissions, "microphone",
                   G_SETTINGS_BIND_DEFAULT);

  self->location = sc_location_source_new (self->permissions);
  sc_location_source_set_default (self->location);
  g_settings_bind (self->settings, "location-manual-set", self->location, "manual-set",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "location-latitude", self->location, "manual-latitude",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "location-longitude", self->location, "manual-longitude",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "location-altitude", self->location, "manual-altitude",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "location-has-altitude", self->location, "manual-has-altitude",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "location-mode", self->location, "mode",
                   G_SETTINGS_BIND_DEFAULT);

  self->stats = sc_usage_stats_new (data);
  sc_usage_stats_set_default (self->stats);
  g_settings_bind (self->settings, "usage-statistics", self->stats, "enabled",
                   G_SETTINGS_BIND_DEFAULT);

  sc_log_set_detailed (g_settings_get_boolean (self->settings, "detailed-diagnostics"));
  g_signal_connect_object (self->settings, "changed::detailed-diagnostics",
                           G_CALLBACK (on_detailed_diagnostics_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->inventory = sc_data_inventory_new_default (self->registry, self->consent,
                                                   self->permissions);
  self->privacy = sc_dbus_privacy_impl_new (self->consent, self->permissions, self->location,
                                            self->stats, self->inventory, self->settings);

  sc_usage_stats_app_started (self->stats);
  self->app_started = TRUE;
}

/**
 * sc_service_get_consent:
 * @self: a #ScService
 *
 * Returns: (transfer none): the user's consent to the user agreement and
 *   privacy policy (the window shows its first-run screen while
 *   #ScConsent:is-accepted is %FALSE)
 */
ScConsent *
sc_service_get_consent (ScService *self)
{
  g_return_val_if_fail (SC_IS_SERVICE (self), NULL);

  return self->consent;
}

/**
 * sc_service_get_data_inventory:
 * @self: a #ScService
 *
 * Returns: (transfer none): every category of personal data the app holds
 *   (the "Your data" page lists, exports and erases it)
 */
ScDataInventory *
sc_service_get_data_inventory (ScService *self)
{
  g_return_val_if_fail (SC_IS_SERVICE (self), NULL);

  return self->inventory;
}

/**
 * sc_service_get_location_source:
 * @self: a #ScService
 *
 * Returns: (transfer none): the location used for geotagging (also the
 *   default #ScLocationSource)
 */
ScLocationSource *
sc_service_get_location_source (ScService *self)
{
  g_return_val_if_fail (SC_IS_SERVICE (self), NULL);

  return self->location;
}

/**
 * sc_service_get_usage_stats:
 * @self: a #ScService
 *
 * Returns: (transfer none): the usage statistics (also the default
 *   #ScUsageStats)
 */
ScUsageStats *
sc_service_get_usage_stats (ScService *self)
{
  g_return_val_if_fail (SC_IS_SERVICE (self), NULL);

  return self->stats;
}
