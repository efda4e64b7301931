/* sc-dbus-privacy-impl.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-dbus-privacy-impl"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sc-dbus-privacy-impl.h"

/* org.spherecam.Spherecam.Privacy: a view of the core privacy objects the
 * service created (consent, permissions, location, usage statistics, the
 * data inventory) and of the GSettings keys bound to them. Its properties
 * follow those objects, whoever changes them (the Preferences window, this
 * interface, the CLI); its methods change them through the same calls the
 * window makes. Nothing here needs consent: it is how consent is given. */
struct _ScDbusPrivacyImpl
{
  ScDbusPrivacySkeleton  parent_instance;

  ScConsent             *consent;
  ScPermissions         *permissions;
  ScLocationSource      *location;
  ScUsageStats          *stats;
  ScDataInventory       *inventory;
  GSettings             *settings;
  ScNarrationRecorder   *narration;
};

static void sc_dbus_privacy_iface_init (ScDbusPrivacyIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScDbusPrivacyImpl, sc_dbus_privacy_impl,
                               SC_DBUS_TYPE_PRIVACY_SKELETON,
                               G_IMPLEMENT_INTERFACE (SC_DBUS_TYPE_PRIVACY,
                                                      sc_dbus_privacy_iface_init))

static const char *
or_empty (const char *s)
{
  return s != NULL ? s : "";
}

static gboolean
narration_is_recording (ScDbusPrivacyImpl *self)
{
  return self->narration != NULL && sc_narration_recorder_get_is_recording (self->narration);
}

static void
sync_properties (ScDbusPrivacyImpl *self)
{
  ScDbusPrivacy *iface = SC_DBUS_PRIVACY (self);
  GDateTime *accepted_at = sc_consent_get_accepted_at (self->consent);

  sc_dbus_privacy_set_policy_version (iface, or_empty (sc_consent_get_policy_version (self->consent)));
  sc_dbus_privacy_set_accepted_version (iface,
                                        or_empty (sc_consent_get_accepted_version (self->consent)));
  sc_dbus_privacy_set_accepted_at (iface, accepted_at != NULL ? g_date_time_to_unix (accepted_at) : 0);
  sc_dbus_privacy_set_consent_accepted (iface, sc_consent_get_is_accepted (self->consent));

  sc_dbus_privacy_set_storage (iface, sc_permissions_get (self->permissions, SC_PERMISSION_STORAGE));
  sc_dbus_privacy_set_location (iface, sc_permissions_get (self->permissions, SC_PERMISSION_LOCATION));
  sc_dbus_privacy_set_microphone (iface,
                                  sc_permissions_get (self->permissions, SC_PERMISSION_MICROPHONE));

  sc_dbus_privacy_set_usage_statistics (iface, sc_usage_stats_get_enabled (self->stats));
  sc_dbus_privacy_set_detailed_diagnostics (iface, g_settings_get_boolean (self->settings,
                                                                           "detailed-diagnostics"));

  sc_dbus_privacy_set_location_mode (iface,
                                     sc_location_mode_to_string (sc_location_source_get_mode (self->location)));
  sc_dbus_privacy_set_has_location (iface, sc_location_source_get_has_location (self->location));
  sc_dbus_privacy_set_location_status (iface, or_empty (sc_location_source_get_status (self->location)));

  sc_dbus_privacy_set_narration_recording (iface, narration_is_recording (self));
}

static gboolean
return_invalid_args (GDBusMethodInvocation *invocation,
                     const char            *message)
{
  g_dbus_method_invocation_return_error_literal (invocation, G_DBUS_ERROR,
                                                 G_DBUS_ERROR_INVALID_ARGS, message);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
return_error (GDBusMethodInvocation *invocation,
              GError                *error)
{
  g_dbus_method_invocation_return_gerror (invocation, error);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* --- Consent and policy --- */

static gboolean
handle_accept_consent (ScDbusPrivacy         *iface,
                       GDBusMethodInvocation *invocation,
                       const char            *version)
{
  ScDbusPrivacyImpl *self = SC_DBUS_PRIVACY_IMPL (iface);
  const char *shipped = sc_consent_get_policy_version (self->consent);
  g_autoptr(GError) error = NULL;

  if (version[0] != '\0' && g_strcmp0 (version, shipped) != 0)
    {
      g_autofree char *message = NULL;

      /* Translators: the first %s is the version asked for, the second the
       * version of the texts Spherecam ships, e.g. "1.0". */
      message = g_strdup_printf (_("Version %s of the user agreement and privacy policy cannot be "
                                   "accepted: this Spherecam ships version %s. Read it with "
                                   "“spherecamctl consent show” and accept that one."),
                                 version, shipped);
      return return_invalid_args (invocation, message);
    }

  if (!sc_consent_accept (self->consent, &error))
    return return_error (invocation, g_steal_pointer (&error));

  sync_properties (self);
  sc_dbus_privacy_complete_accept_consent (iface, invocation,
                                           sc_consent_get_accepted_version (self->consent));

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_revoke_consent (ScDbusPrivacy         *iface,
                       GDBusMethodInvocation *invocation)
{
  ScDbusPrivacyImpl *self = SC_DBUS_PRIVACY_IMPL (iface);
  g_autoptr(GError) error = NULL;

  /* Whoever revokes, the service's ScConsent::revoked handler stops
   * everything; the consent is withdrawn even if the file stays. */
  if (!sc_consent_revoke (self->consent, &error))
    return return_error (invocation, g_steal_pointer (&error));

  sync_properties (self);
  sc_dbus_privacy_complete_revoke_consent (iface, invocation);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_get_policy (ScDbusPrivacy         *iface,
                   GDBusMethodInvocation *invocation,
                   const char            *document,
                   const char            *language)
{
  ScPolicyDocument which = SC_POLICY_USER_AGREEMENT;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *version = NULL;
  g_autofree char *date = NULL;
  g_autofree char *out_language = NULL;

  if (document[0] != '\0' && !sc_policy_document_from_string (document, &which))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("There is no document “%s”. Ask for “user-agreement” or "
                                   "“privacy-policy”."), document);
      return return_invalid_args (invocation, message);
    }

  if (!sc_policy_load (which, language[0] != '\0' ? language : NULL,
                       &text, &version, &date, &out_language, &error))
    return return_error (invocation, g_steal_pointer (&error));

  sc_dbus_privacy_complete_get_policy (iface, invocation, text, version, date, out_language);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* --- Toggles --- */

static gboolean
handle_set_permission (ScDbusPrivacy         *iface,
                       GDBusMethodInvocation *invocation,
                       const char            *name,
                       gboolean               enabled)
{
  ScDbusPrivacyImpl *self = SC_DBUS_PRIVACY_IMPL (iface);
  ScPermission permission;

  if (sc_permission_from_string (name, &permission))
    sc_permissions_set (self->permissions, permission, enabled);
  else if (g_str_equal (name, "usage-statistics"))
    sc_usage_stats_set_enabled (self->stats, enabled);
  else if (g_str_equal (name, "detailed-diagnostics"))
    g_settings_set_boolean (self->settings, "detailed-diagnostics", enabled);
  else
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("There is no permission “%s”. Use “storage”, “location”, "
                                   "“microphone”, “usage-statistics” or “detailed-diagnostics”."),
                                 name);
      return return_invalid_args (invocation, message);
    }

  sync_properties (self);
  sc_dbus_privacy_complete_set_permission (iface, invocation);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* --- Location --- */

static gboolean
handle_set_location (ScDbusPrivacy         *iface,
                     GDBusMethodInvocation *invocation,
                     double                 latitude,
                     double                 longitude,
                     double                 altitude,
                     gboolean               has_altitude)
{
  ScDbusPrivacyImpl *self = SC_DBUS_PRIVACY_IMPL (iface);

  if (!isfinite (latitude) || latitude < -90.0 || latitude > 90.0)
    return return_invalid_args (invocation,
                                _("The latitude must be between -90 and 90 degrees "
                                  "(north is positive)."));
  if (!isfinite (longitude) || longitude < -180.0 || longitude > 180.0)
    return return_invalid_args (invocation,
                                _("The longitude must be between -180 and 180 degrees "
                                  "(east is positive)."));
  if (has_altitude && (!isfinite (altitude) || altitude < -12000.0 || altitude > 100000.0))
    return return_invalid_args (invocation,
                                _("The altitude must be between -12000 and 100000 metres."));

  sc_location_source_set_manual (self->location, latitude, longitude,
                                 has_altitude ? altitude : 0.0, has_altitude);
  sc_location_source_set_mode (self->location, SC_LOCATION_MODE_MANUAL);

  sync_properties (self);
  sc_dbus_privacy_complete_set_location (iface, invocation);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_set_location_auto (ScDbusPrivacy         *iface,
                          GDBusMethodInvocation *invocation)
{
  ScDbusPrivacyImpl *self = SC_DBUS_PRIVACY_IMPL (iface);

  sc_location_source_set_mode (self->location, SC_LOCATION_MODE_AUTOMATIC);

  sync_properties (self);
  sc_dbus_privacy_complete_set_location_auto (iface, invocation);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_clear_location (ScDbusPrivacy         *iface,
                       GDBusMethodInvocation *invocation)
{
  ScDbusPrivacyImpl *self = SC_DBUS_PRIVACY_IMPL (iface);

  sc_location_source_clear (self->location);
  sc_location_source_set_mode (self->location, SC_LOCATION_MODE_NONE);

  sync_properties (self);
  sc_dbus_privacy_complete_clear_location (iface, invocation);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_get_location (ScDbusPrivacy         *iface,
                     GDBusMethodInvocation *invocation)
{
  ScDbusPrivacyImpl *self = SC_DBUS_PRIVACY_IMPL (iface);
  g_autoptr(GError) error = NULL;
  ScGeoLocation location = { 0 };
  gboolean has_location;

  /* With the toggle off nothing is revealed, not even the manual position:
   * the user switched location off. */
  if (!sc_permissions_check (self->permissions, SC_PERMISSION_LOCATION, &error))
    return return_error (invocation, g_steal_pointer (&error));

  has_location = sc_location_source_get_current (self->location, &location);
  sc_dbus_privacy_complete_get_location (iface, invocation,
                                         sc_location_mode_to_string (sc_location_source_get_mode (self->location)),
                                         has_location,
                                         has_location ? location.latitude : 0.0,
                                         has_location ? location.longitude : 0.0,
                                         has_location && location.has_altitude ? location.altitude : 0.0,
                                         has_location && location.has_altitude);
  g_clear_pointer (&location.time, g_date_time_unref);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* --- Personal data --- */

static gboolean
handle_list_data (ScDbusPrivacy         *iface,
                  GDBusMethodInvocation *invocation)
{
  ScDbusPrivacyImpl *self = SC_DBUS_PRIVACY_IMPL (iface);
  GListModel *model = G_LIST_MODEL (self->inventory);
  guint n = g_list_model_get_n_items (model);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sssx)"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScDataCategory) category = g_list_model_get_item (model, i);

      g_variant_builder_add (&builder, "(sssx)",
                             sc_data_category_get_id (category),
                             sc_data_category_get_title (category),
                             sc_data_category_get_description (category),
                             sc_data_category_count (category));
    }

  sc_dbus_privacy_complete_list_data (iface, invocation, g_variant_builder_end (&builder));

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_export_data (ScDbusPrivacy         *iface,
                    GDBusMethodInvocation *invocation,
                    const char            *path)
{
  ScDbusPrivacyImpl *self = SC_DBUS_PRIVACY_IMPL (iface);
  g_autoptr(ScPermissions) storage_only = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  if (!g_path_is_absolute (path))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("“%s” is not an absolute file name. Give the full path of "
                                   "the file to write."), path);
      return return_invalid_args (invocation, message);
    }

  /* Exporting is the user's right to their data: it needs no consent, but
   * it writes a file, so the Storage toggle applies (checked on its own). */
  storage_only = sc_permissions_new (NULL);
  sc_permissions_set (storage_only, SC_PERMISSION_STORAGE,
                      sc_permissions_get (self->permissions, SC_PERMISSION_STORAGE));
  if (!sc_permissions_check (storage_only, SC_PERMISSION_STORAGE, &error))
    return return_error (invocation, g_steal_pointer (&error));

  file = g_file_new_for_path (path);
  if (!sc_data_inventory_export (self->inventory, file, &error))
    {
      g_autoptr(GError) wrapped = NULL;

      /* Translators: %s is a file name, the second %s why it failed. */
      wrapped = g_error_new (error->domain, error->code,
                             _("Could not write your data to “%s”: %s. Choose a folder you "
                               "can write to."), path, error->message);
      return return_error (invocation, g_steal_pointer (&wrapped));
    }

  sc_dbus_privacy_complete_export_data (iface, invocation);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_erase_data (ScDbusPrivacy         *iface,
                   GDBusMethodInvocation *invocation,
                   const char * const    *ids)
{
  ScDbusPrivacyImpl *self = SC_DBUS_PRIVACY_IMPL (iface);
  g_autoptr(GError) error = NULL;

  /* All or nothing for the names: check every id before erasing any. */
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    if (sc_data_inventory_lookup (self->inventory, ids[i]) == NULL)
      {
        g_dbus_method_invocation_return_error (invocation, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                               _("Spherecam keeps no data of the kind “%s”. "
                                                 "Run “spherecamctl data list” to see the "
                                                 "kinds."), ids[i]);
        return G_DBUS_METHOD_INVOCATION_HANDLED;
      }

  if (ids == NULL || ids[0] == NULL)
    {
      if (!sc_data_inventory_erase (self->inventory, NULL, &error))
        return return_error (invocation, g_steal_pointer (&error));
    }
  else
    {
      for (guint i = 0; ids[i] != NULL; i++)
        if (!sc_data_inventory_erase (self->inventory, ids[i], &error))
          return return_error (invocation, g_steal_pointer (&error));
    }

  sync_properties (self);
  sc_dbus_privacy_complete_erase_data (iface, invocation);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_get_usage_statistics (ScDbusPrivacy         *iface,
                             GDBusMethodInvocation *invocation)
{
  ScDbusPrivacyImpl *self = SC_DBUS_PRIVACY_IMPL (iface);
  g_autoptr(JsonNode) node = sc_usage_stats_to_json (self->stats);
  g_autofree char *json = NULL;

  json = node != NULL ? json_to_string (node, FALSE) : g_strdup ("{}");
  sc_dbus_privacy_complete_get_usage_statistics (iface, invocation, json);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* --- Narration --- */

static void
on_narration_notify_cb (ScDbusPrivacyImpl *self)
{
  sync_properties (self);
}

static gboolean
handle_start_narration (ScDbusPrivacy         *iface,
                        GDBusMethodInvocation *invocation,
                        const char            *path)
{
  ScDbusPrivacyImpl *self = SC_DBUS_PRIVACY_IMPL (iface);
  g_autoptr(ScNarrationRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  if (!g_path_is_absolute (path))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("“%s” is not an absolute file name. Give the full path of "
                                   "the file to record into."), path);
      return return_invalid_args (invocation, message);
    }

  if (self->narration != NULL && sc_narration_recorder_get_is_recording (self->narration))
    {
      g_dbus_method_invocation_return_error_literal (invocation, G_IO_ERROR, G_IO_ERROR_BUSY,
                                                     _("Narration is already being recorded. "
                                                       "Stop it first."));
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  file = g_file_new_for_path (path);
  recorder = sc_narration_recorder_new (file);
  /* Checks consent and the microphone toggle before any audio element
   * exists. */
  if (!sc_narration_recorder_start (recorder, &error))
    return return_error (invocation, g_steal_pointer (&error));

  if (self->narration != NULL)
    g_signal_handlers_disconnect_by_data (self->narration, self);
  g_set_object (&self->narration, recorder);
  g_signal_connect_swapped (self->narration, "notify::is-recording",
                            G_CALLBACK (on_narration_notify_cb), self);

  sync_properties (self);
  sc_dbus_privacy_complete_start_narration (iface, invocation);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

typedef struct
{
  ScDbusPrivacyImpl     *self;
  GDBusMethodInvocation *invocation;
} StopCall;

static void
on_narration_stopped_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  StopCall *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  file = sc_narration_recorder_stop_finish (SC_NARRATION_RECORDER (object), result, &error);
  if (file == NULL)
    g_dbus_method_invocation_return_gerror (call->invocation, error);
  else
    {
      g_autofree char *path = g_file_get_path (file);

      sc_dbus_privacy_complete_stop_narration (SC_DBUS_PRIVACY (call->self), call->invocation,
                                               or_empty (path));
    }

  sync_properties (call->self);
  g_object_unref (call->self);
  g_object_unref (call->invocation);
  g_free (call);
}

static gboolean
handle_stop_narration (ScDbusPrivacy         *iface,
                       GDBusMethodInvocation *invocation)
{
  ScDbusPrivacyImpl *self = SC_DBUS_PRIVACY_IMPL (iface);
  g_autoptr(ScNarrationRecorder) recorder = NULL;
  StopCall *call;

  if (self->narration == NULL || !sc_narration_recorder_get_is_recording (self->narration))
    {
      g_dbus_method_invocation_return_error_literal (invocation, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                                     _("No narration is being recorded. "
                                                       "Start one first."));
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  recorder = g_steal_pointer (&self->narration);
  g_signal_handlers_disconnect_by_data (recorder, self);

  call = g_new0 (StopCall, 1);
  call->self = g_object_ref (self);
  call->invocation = g_object_ref (invocation);
  sc_narration_recorder_stop_async (recorder, NULL, on_narration_stopped_cb, call);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
on_revoked_stop_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  file = sc_narration_recorder_stop_finish (SC_NARRATION_RECORDER (object), result, &error);
  if (file == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Narration ended with an error: %s", error->message);
}


static void
sc_dbus_privacy_iface_init (ScDbusPrivacyIface *iface)
{
  iface->handle_accept_consent = handle_accept_consent;
  iface->handle_revoke_consent = handle_revoke_consent;
  iface->handle_get_policy = handle_get_policy;
  iface->handle_set_permission = handle_set_permission;
  iface->handle_set_location = handle_set_location;
  iface->handle_set_location_auto = handle_set_location_auto;
  iface->handle_clear_location = handle_clear_location;
  iface->handle_get_location = handle_get_location;
  iface->handle_list_data = handle_list_data;
  iface->handle_export_data = handle_export_data;
  iface->handle_erase_data = handle_erase_data;
  iface->handle_get_usage_statistics = handle_get_usage_statistics;
  iface->handle_start_narration = handle_start_narration;
  iface->handle_stop_narration = handle_stop_narration;
}

static void
sc_dbus_privacy_impl_dispose (GObject *object)
{
  ScDbusPrivacyImpl *self = (ScDbusPrivacyImpl *)object;

  sc_dbus_privacy_impl_stop_narration (self);

  if (self->consent != NULL)
    g_signal_handlers_disconnect_by_data (self->consent, self);
  if (self->permissions != NULL)
    g_signal_handlers_disconnect_by_data (self->permissions, self);
  if (self->location != NULL)
    g_signal_handlers_disconnect_by_data (self->location, self);
  if (self->stats != NULL)
    g_signal_handlers_disconnect_by_data (self->stats, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);

  g_clear_object (&self->consent);
  g_clear_object (&self->permissions);
  g_clear_object (&self->location);
  g_clear_object (&self->stats);
  g_clear_object (&self->inventory);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sc_dbus_privacy_impl_parent_class)->dispose (object);
}

static void
sc_dbus_privacy_impl_class_init (ScDbusPrivacyImplClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sc_dbus_privacy_impl_dispose;
}

static void
sc_dbus_privacy_impl_init (ScDbusPrivacyImpl *self)
{
}

/**
 * sc_dbus_privacy_impl_new:
 * @consent: the app's consent record
 * @permissions: the privacy toggles (the default #ScPermissions)
 * @location: the location source
 * @stats: the usage statistics
 * @inventory: the personal-data inventory
 * @settings: the app's settings (for detailed diagnostics)
 *
 * Returns: (transfer full): the Privacy interface, not exported yet
 */
ScDbusPrivacyImpl *
sc_dbus_privacy_impl_new (ScConsent        *consent,
                          ScPermissions    *permissions,
                          ScLocationSource *location,
                          ScUsageStats     *stats,
                          ScDataInventory  *inventory,
                          GSettings        *settings)
{
  ScDbusPrivacyImpl *self;

  g_return_val_if_fail (SC_IS_CONSENT (consent), NULL);
  g_return_val_if_fail (SC_IS_PERMISSIONS (permissions), NULL);
  g_return_val_if_fail (SC_IS_LOCATION_SOURCE (location), NULL);
  g_return_val_if_fail (SC_IS_USAGE_STATS (stats), NULL);
  g_return_val_if_fail (SC_IS_DATA_INVENTORY (inventory), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SC_TYPE_DBUS_PRIVACY_IMPL, NULL);
  self->consent = g_object_ref (consent);
  self->permissions = g_object_ref (permissions);
  self->location = g_object_ref (location);
  self->stats = g_object_ref (stats);
  self->inventory = g_object_ref (inventory);
  self->settings = g_object_ref (settings);

  g_signal_connect_swapped (consent, "notify", G_CALLBACK (sync_properties), self);
  g_signal_connect_swapped (permissions, "notify", G_CALLBACK (sync_properties), self);
  g_signal_connect_swapped (location, "notify", G_CALLBACK (sync_properties), self);
  g_signal_connect_swapped (location, "changed", G_CALLBACK (sync_properties), self);
  g_signal_connect_swapped (stats, "notify::enabled", G_CALLBACK (sync_properties), self);
  g_signal_connect_swapped (settings, "changed::detailed-diagnostics",
                            G_CALLBACK (sync_properties), self);
  sync_properties (self);

  return self;
}

/**
 * sc_dbus_privacy_impl_stop_narration:
 * @self: a #ScDbusPrivacyImpl
 *
 * Stops a narration recording started over D-Bus, if any (consent was
 * revoked, or the service is going away). The file is finished as with
 * StopNarration.
 */
void
sc_dbus_privacy_impl_stop_narration (ScDbusPrivacyImpl *self)
{
  g_autoptr(ScNarrationRecorder) recorder = NULL;

  g_return_if_fail (SC_IS_DBUS_PRIVACY_IMPL (self));

  if (self->narration == NULL)
    return;

  recorder = g_steal_pointer (&self->narration);
  g_signal_handlers_disconnect_by_data (recorder, self);
  if (sc_narration_recorder_get_is_recording (recorder))
    sc_narration_recorder_stop_async (recorder, NULL, on_revoked_stop_cb, NULL);
  if (self->consent != NULL)
    sync_properties (self);
}
