/* sc-location-geoclue.c: ScLocationSource's automatic mode (GeoClue2)
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-location"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "sc-location-private.h"

/*
 * The GeoClue2 client on the system bus, run by hand rather than through
 * GClueSimple: GClueSimple gives its client only once a first position
 * has arrived, so a lookup that the user turns off before that (no fix
 * indoors, no network) could not be stopped. Here the client is ours from
 * the moment it exists: stop sends Client.Stop and drops the proxy (which
 * deletes the client on the service, GCLUE_CLIENT_PROXY_CREATE_AUTO_DELETE).
 *
 * Every asynchronous step carries the cancellable of its start; a reply
 * whose start was stopped meanwhile is dropped.
 */

#define GEOCLUE_BUS_NAME "org.freedesktop.GeoClue2"

typedef struct
{
  ScLocationSource *self;
  GCancellable     *cancellable;
} Lookup;

static Lookup *
lookup_new (ScLocationSource *self)
{
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->self = g_object_ref (self);
  lookup->cancellable = g_object_ref (self->geoclue_cancellable);
  return lookup;
}

static void
lookup_free (Lookup *lookup)
{
  g_clear_object (&lookup->self);
  g_clear_object (&lookup->cancellable);
  g_free (lookup);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Lookup, lookup_free)

/* Whether the start this step belongs to is still the current one. */
static gboolean
lookup_is_current (Lookup *lookup)
{
  return !g_cancellable_is_cancelled (lookup->cancellable) &&
         lookup->self->geoclue_cancellable == lookup->cancellable;
}

static void
on_client_stopped_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gclue_client_call_stop_finish (GCLUE_CLIENT (object), result, &error))
    g_debug ("Could not stop the location service client: %s", error->message);
}

static void
drop_client (ScLocationSource *self)
{
  g_autoptr(GClueClient) client = g_steal_pointer (&self->client);

  if (client == NULL)
    return;

  g_signal_handlers_disconnect_by_data (client, self);
  /* The call holds the proxy until the reply; dropping the last reference
   * then deletes the client on the service. */
  gclue_client_call_stop (client, NULL, on_client_stopped_cb, NULL);
}

/* The lookup failed: say why, keep the attempt (no retry until the mode or
 * the permission changes again), drop the client. */
static void
lookup_failed (ScLocationSource *self,
               const GError     *error)
{
  const char *status;

  g_debug ("The location service is not usable: %s", error->message);

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_AUTH_FAILED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    status = _("The location service does not allow Spherecam to use your location. "
               "Allow it in the system’s privacy settings, or enter your position by hand.");
  else
    status = _("The location service is not available on this computer. "
               "Turn on location services in the system settings, or enter your position by hand.");

  drop_client (self);
  _sc_location_source_set_status (self, status);
  _sc_location_source_update (self);
}

static void
on_location_ready_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(Lookup) lookup = user_data;
  ScLocationSource *self = lookup->self;
  g_autoptr(GClueLocation) location = NULL;
  g_autoptr(GError) error = NULL;
  double latitude, longitude, altitude;

  location = gclue_location_proxy_new_for_bus_finish (result, &error);
  if (!lookup_is_current (lookup))
    return;
  if (location == NULL)
    {
      g_debug ("Could not read the position from the location service: %s", error->message);
      return;
    }

  latitude = gclue_location_get_latitude (location);
  longitude = gclue_location_get_longitude (location);
  altitude = gclue_location_get_altitude (location);

  if (!_sc_location_is_valid (latitude, longitude))
    {
      g_debug ("The location service sent a position out of range; ignored");
      return;
    }

  self->have_automatic = TRUE;
  self->automatic_latitude = latitude;
  self->automatic_longitude = longitude;
  /* GeoClue says "unknown" with -G_MAXDOUBLE. */
  self->automatic_has_altitude = _sc_location_altitude_is_valid (altitude);
  self->automatic_altitude = self->automatic_has_altitude ? altitude : 0.0;

  g_debug ("The location service sent a position");
  _sc_location_source_set_status (self, NULL);
  _sc_location_source_update (self);
}

static void
read_location (ScLocationSource *self,
               const char       *path)
{
  if (path == NULL || !g_variant_is_object_path (path) || g_str_equal (path, "/"))
    return;

  gclue_location_proxy_new_for_bus (G_BUS_TYPE_SYSTEM,
                                    G_DBUS_PROXY_FLAGS_NONE,
                                    GEOCLUE_BUS_NAME,
                                    path,
                                    self->geoclue_cancellable,
                                    on_location_ready_cb,
                                    lookup_new (self));
}

static void
on_location_updated_cb (GClueClient *client,
                        const char  *old_path,
                        const char  *new_path,
                        gpointer     user_data)
{
  ScLocationSource *self = user_data;

  if (self->client != client || self->geoclue_cancellable == NULL)
    return;

  read_location (self, new_path);
}

static void
on_client_started_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(Lookup) lookup = user_data;
  ScLocationSource *self = lookup->self;
  g_autoptr(GError) error = NULL;

  if (!gclue_client_call_start_finish (GCLUE_CLIENT (object), result, &error))
    {
      if (lookup_is_current (lookup))
        lookup_failed (self, error);
      return;
    }
  if (!lookup_is_current (lookup) || self->client != GCLUE_CLIENT (object))
    return;

  g_debug ("The location service client is running");
  read_location (self, gclue_client_get_location (self->client));
}

static void
on_client_created_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(Lookup) lookup = user_data;
  ScLocationSource *self = lookup->self;
  g_autoptr(GClueClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = gclue_client_proxy_create_full_finish (result, &error);
  if (!lookup_is_current (lookup))
    return;  /* dropping @client deletes it on the service */
  if (client == NULL)
    {
      lookup_failed (self, error);
      return;
    }

  self->client = g_steal_pointer (&client);
  g_signal_connect (self->client, "location-updated",
                    G_CALLBACK (on_location_updated_cb), self);
  gclue_client_call_start (self->client, self->geoclue_cancellable,
                           on_client_started_cb, g_steal_pointer (&lookup));
}

/**
 * _sc_location_source_geoclue_start:
 * @self: the source
 *
 * Starts a GeoClue client unless one is running or a start already failed
 * (the caller checked the mode and the permission). Counts the start in
 * #ScLocationSource:n-lookups. Never blocks.
 */
void
_sc_location_source_geoclue_start (ScLocationSource *self)
{
  if (self->geoclue_cancellable != NULL)
    return;

  self->geoclue_cancellable = g_cancellable_new ();
  self->n_lookups++;
  _sc_location_source_notify_lookups (self);

  g_debug ("Asking the location service for the position");
  gclue_client_proxy_create_full (APP_ID,
                                  GCLUE_ACCURACY_LEVEL_EXACT,
                                  GCLUE_CLIENT_PROXY_CREATE_AUTO_DELETE,
                                  self->geoclue_cancellable,
                                  on_client_created_cb,
                                  lookup_new (self));
}

/**
 * _sc_location_source_geoclue_stop:
 * @self: the source
 *
 * Stops and drops the GeoClue client and forgets its position and status.
 * Does not emit "changed"; _sc_location_source_update() does.
 */
void
_sc_location_source_geoclue_stop (ScLocationSource *self)
{
  if (self->geoclue_cancellable != NULL)
    {
      g_debug ("Stopping the location service client");
      g_cancellable_cancel (self->geoclue_cancellable);
      g_clear_object (&self->geoclue_cancellable);
    }

  drop_client (self);

  self->have_automatic = FALSE;
  self->automatic_latitude = 0.0;
  self->automatic_longitude = 0.0;
  self->automatic_altitude = 0.0;
  self->automatic_has_altitude = FALSE;
  _sc_location_source_set_status (self, NULL);
}
