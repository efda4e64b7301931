/* sc-location.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-location"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-location-private.h"

/**
 * ScLocationSource:
 *
 * The user's location, for geotagging downloads and for pushing to
 * cameras: none, a position typed in by hand, or the desktop's location
 * service (GeoClue2, see sc-location-geoclue.c).
 *
 * Every answer goes through the "location" permission (and consent, when
 * the permissions have one): while it is off, the GeoClue client is
 * stopped and dropped, sc_location_source_get_current() returns %FALSE and
 * #ScLocationSource:has-location is %FALSE, whatever the mode. The GeoClue
 * client runs only while the mode is automatic and the permission allows
 * it; each start is counted in #ScLocationSource:n-lookups.
 *
 * Core never reads GSettings: the app binds "mode" and the manual-*
 * properties to the location-* keys.
 */

G_DEFINE_FINAL_TYPE (ScLocationSource, sc_location_source, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PERMISSIONS,
  PROP_MODE,
  PROP_MANUAL_SET,
  PROP_MANUAL_LATITUDE,
  PROP_MANUAL_LONGITUDE,
  PROP_MANUAL_ALTITUDE,
  PROP_MANUAL_HAS_ALTITUDE,
  PROP_HAS_LOCATION,
  PROP_STATUS,
  PROP_N_LOOKUPS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const mode_names[] = {
  [SC_LOCATION_MODE_NONE] = "none",
  [SC_LOCATION_MODE_MANUAL] = "manual",
  [SC_LOCATION_MODE_AUTOMATIC] = "automatic",
};

/* Altitudes beyond these are typing mistakes, not places. */
#define MIN_ALTITUDE  (-12000.0)
#define MAX_ALTITUDE  (100000.0)

G_LOCK_DEFINE_STATIC (default_instance);
static ScLocationSource *default_instance;

gboolean
_sc_location_is_valid (double latitude,
                       double longitude)
{
  return isfinite (latitude) && isfinite (longitude) &&
         latitude >= -90.0 && latitude <= 90.0 &&
         longitude >= -180.0 && longitude <= 180.0;
}

gboolean
_sc_location_altitude_is_valid (double altitude)
{
  return isfinite (altitude) && altitude >= MIN_ALTITUDE && altitude <= MAX_ALTITUDE;
}

static gboolean
same_location (const ScGeoLocation *a,
               const ScGeoLocation *b)
{
  return a->latitude == b->latitude &&
         a->longitude == b->longitude &&
         a->has_altitude == b->has_altitude &&
         (!a->has_altitude || a->altitude == b->altitude);
}

/* Emits "changed" (and notifies "has-location") when what
 * sc_location_source_get_current() answers is not what it answered at the
 * last emission. */
static void
emit_if_changed (ScLocationSource *self)
{
  ScGeoLocation now = { 0 };
  gboolean has = sc_location_source_get_current (self, &now);

  if (has == self->had_location && (!has || same_location (&now, &self->last)))
    return;

  self->last = now;
  if (has != self->had_location)
    {
      self->had_location = has;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_LOCATION]);
    }

  g_debug ("The current location %s", has ? "changed" : "is no longer available");
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * _sc_location_source_update:
 * @self: the source
 *
 * Starts or stops the GeoClue client for the mode and the permission now,
 * then emits "changed" if the current location changed. Called after
 * every change of mode, manual position, permission or consent.
 */
void
_sc_location_source_update (ScLocationSource *self)
{
  gboolean allowed = sc_permissions_check (self->permissions, SC_PERMISSION_LOCATION, NULL);

  if (allowed && self->mode == SC_LOCATION_MODE_AUTOMATIC)
    _sc_location_source_geoclue_start (self);
  else
    _sc_location_source_geoclue_stop (self);

  emit_if_changed (self);
}

void
_sc_location_source_set_status (ScLocationSource *self,
                                const char       *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;

  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

void
_sc_location_source_notify_lookups (ScLocationSource *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LOOKUPS]);
}

static void
on_permissions_changed_cb (ScLocationSource *self)
{
  _sc_location_source_update (self);
}

static void
watch_consent (ScLocationSource *self)
{
  ScConsent *consent = sc_permissions_get_consent (self->permissions);

  if (consent == self->consent)
    return;

  if (self->consent != NULL)
    g_signal_handlers_disconnect_by_data (self->consent, self);
  g_set_object (&self->consent, consent);
  if (self->consent != NULL)
    g_signal_connect_swapped (self->consent, "notify::is-accepted",
                              G_CALLBACK (on_permissions_changed_cb), self);
}

static void
on_consent_replaced_cb (ScLocationSource *self)
{
  watch_consent (self);
  _sc_location_source_update (self);
}

static void
sc_location_source_constructed (GObject *object)
{
  ScLocationSource *self = (ScLocationSource *)object;

  G_OBJECT_CLASS (sc_location_source_parent_class)->constructed (object);

  if (self->permissions == NULL)
    self->permissions = g_object_ref (sc_permissions_get_default ());

  g_signal_connect_swapped (self->permissions, "notify::location",
                            G_CALLBACK (on_permissions_changed_cb), self);
  g_signal_connect_swapped (self->permissions, "notify::consent",
                            G_CALLBACK (on_consent_replaced_cb), self);
  watch_consent (self);
}

static void
sc_location_source_dispose (GObject *object)
{
  ScLocationSource *self = (ScLocationSource *)object;

  _sc_location_source_geoclue_stop (self);

  if (self->consent != NULL)
    g_signal_handlers_disconnect_by_data (self->consent, self);
  g_clear_object (&self->consent);
  if (self->permissions != NULL)
    g_signal_handlers_disconnect_by_data (self->permissions, self);
  g_clear_object (&self->permissions);

  G_OBJECT_CLASS (sc_location_source_parent_class)->dispose (object);
}

static void
sc_location_source_finalize (GObject *object)
{
  ScLocationSource *self = (ScLocationSource *)object;

  g_clear_pointer (&self->status, g_free);

  G_OBJECT_CLASS (sc_location_source_parent_class)->finalize (object);
}

static void
sc_location_source_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ScLocationSource *self = SC_LOCATION_SOURCE (object);

  switch (prop_id)
    {
    case PROP_PERMISSIONS:
      g_value_set_object (value, self->permissions);
      break;

    case PROP_MODE:
      g_value_set_string (value, sc_location_mode_to_string (self->mode));
      break;

    case PROP_MANUAL_SET:
      g_value_set_boolean (value, self->manual_set);
      break;

    case PROP_MANUAL_LATITUDE:
      g_value_set_double (value, self->manual_latitude);
      break;

    case PROP_MANUAL_LONGITUDE:
      g_value_set_double (value, self->manual_longitude);
      break;

    case PROP_MANUAL_ALTITUDE:
      g_value_set_double (value, self->manual_altitude);
      break;

    case PROP_MANUAL_HAS_ALTITUDE:
      g_value_set_boolean (value, self->manual_has_altitude);
      break;

    case PROP_HAS_LOCATION:
      g_value_set_boolean (value, sc_location_source_get_has_location (self));
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_N_LOOKUPS:
      g_value_set_uint (value, self->n_lookups);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* One manual-* value changed: notify it and re-evaluate. */
static void
set_manual_double (ScLocationSource *self,
                   double           *field,
                   double            value,
                   guint             prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  _sc_location_source_update (self);
}

static void
set_manual_boolean (ScLocationSource *self,
                    gboolean         *field,
                    gboolean          value,
                    guint             prop_id)
{
  value = !!value;
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  _sc_location_source_update (self);
}

static void
sc_location_source_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ScLocationSource *self = SC_LOCATION_SOURCE (object);

  switch (prop_id)
    {
    case PROP_PERMISSIONS:
      self->permissions = g_value_dup_object (value);
      break;

    case PROP_MODE:
      {
        ScLocationMode mode;

        if (sc_location_mode_from_string (g_value_get_string (value), &mode))
          sc_location_source_set_mode (self, mode);
        else
          g_warning ("Unknown location mode “%s”", g_value_get_string (value));
      }
      break;

    case PROP_MANUAL_SET:
      set_manual_boolean (self, &self->manual_set, g_value_get_boolean (value), prop_id);
      break;

    case PROP_MANUAL_LATITUDE:
      set_manual_double (self, &self->manual_latitude, g_value_get_double (value), prop_id);
      break;

    case PROP_MANUAL_LONGITUDE:
      set_manual_double (self, &self->manual_longitude, g_value_get_double (value), prop_id);
      break;

    case PROP_MANUAL_ALTITUDE:
      set_manual_double (self, &self->manual_altitude, g_value_get_double (value), prop_id);
      break;

    case PROP_MANUAL_HAS_ALTITUDE:
      set_manual_boolean (self, &self->manual_has_altitude, g_value_get_boolean (value), prop_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_location_source_class_init (ScLocationSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sc_location_source_constructed;
  object_class->dispose = sc_location_source_dispose;
  object_class->finalize = sc_location_source_finalize;
  object_class->get_property = sc_location_source_get_property;
  object_class->set_property = sc_location_source_set_property;

  /**
   * ScLocationSource:permissions:
   *
   * The #ScPermissions whose "location" toggle (and consent) gates
   * everything; sc_permissions_get_default() when not given.
   */
  properties[PROP_PERMISSIONS] =
    g_param_spec_object ("permissions", NULL, NULL,
                         SC_TYPE_PERMISSIONS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * ScLocationSource:mode:
   *
   * Where the location comes from: "none" (the default), "manual" or
   * "automatic", as in the location-mode GSettings key.
   */
  properties[PROP_MODE] =
    g_param_spec_string ("mode", NULL, NULL,
                         "none",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ScLocationSource:manual-set:
   *
   * Whether a position was set by hand. Without one, manual mode has no
   * location.
   */
  properties[PROP_MANUAL_SET] =
    g_param_spec_boolean ("manual-set", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ScLocationSource:manual-latitude:
   *
   * The latitude set by hand, in degrees north (WGS 84).
   */
  properties[PROP_MANUAL_LATITUDE] =
    g_param_spec_double ("manual-latitude", NULL, NULL,
                         -90.0, 90.0, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ScLocationSource:manual-longitude:
   *
   * The longitude set by hand, in degrees east (WGS 84).
   */
  properties[PROP_MANUAL_LONGITUDE] =
    g_param_spec_double ("manual-longitude", NULL, NULL,
                         -180.0, 180.0, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ScLocationSource:manual-altitude:
   *
   * The altitude set by hand, in metres above sea level; used only when
   * #ScLocationSource:manual-has-altitude is %TRUE.
   */
  properties[PROP_MANUAL_ALTITUDE] =
    g_param_spec_double ("manual-altitude", NULL, NULL,
                         MIN_ALTITUDE, MAX_ALTITUDE, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ScLocationSource:manual-has-altitude:
   *
   * Whether the position set by hand has an altitude.
   */
  properties[PROP_MANUAL_HAS_ALTITUDE] =
    g_param_spec_boolean ("manual-has-altitude", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ScLocationSource:has-location:
   *
   * Whether sc_location_source_get_current() would succeed now.
   */
  properties[PROP_HAS_LOCATION] =
    g_param_spec_boolean ("has-location", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ScLocationSource:status:
   *
   * A translated sentence saying why automatic location does not work
   * (no location service, access refused), or %NULL.
   */
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ScLocationSource:n-lookups:
   *
   * How many times the desktop's location service was asked (each start
   * of the GeoClue client), since creation or the last
   * sc_location_source_clear().
   */
  properties[PROP_N_LOOKUPS] =
    g_param_spec_uint ("n-lookups", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ScLocationSource::changed:
   * @self: the source
   *
   * The current location changed, appeared or went away (mode, manual
   * position, a new fix from the location service, or the permission).
   * Emitted in the source's thread.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
sc_location_source_init (ScLocationSource *self)
{
  self->mode = SC_LOCATION_MODE_NONE;
}

/**
 * sc_location_mode_to_string:
 * @mode: an #ScLocationMode
 *
 * Returns: "none", "manual" or "automatic"
 */
const char *
sc_location_mode_to_string (ScLocationMode mode)
{
  g_return_val_if_fail ((guint)mode < G_N_ELEMENTS (mode_names), NULL);

  return mode_names[mode];
}

/**
 * sc_location_mode_from_string:
 * @string: (nullable): "none", "manual" or "automatic"
 * @mode: (out): where to store the mode
 *
 * Returns: %TRUE if @string names a mode
 */
gboolean
sc_location_mode_from_string (const char     *string,
                              ScLocationMode *mode)
{
  g_return_val_if_fail (mode != NULL, FALSE);

  if (string == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (mode_names); i++)
    if (g_str_equal (string, mode_names[i]))
      {
        *mode = i;
        return TRUE;
      }

  return FALSE;
}

/**
 * sc_location_source_new:
 * @permissions: (nullable): the permissions that gate it, or %NULL for
 *   sc_permissions_get_default()
 *
 * Creates a source in mode "none". Nothing is looked up until the mode is
 * automatic and the location permission allows it.
 *
 * Returns: (transfer full): a new #ScLocationSource
 */
ScLocationSource *
sc_location_source_new (ScPermissions *permissions)
{
  g_return_val_if_fail (permissions == NULL || SC_IS_PERMISSIONS (permissions), NULL);

  return g_object_new (SC_TYPE_LOCATION_SOURCE, "permissions", permissions, NULL);
}

/**
 * sc_location_source_get_default:
 *
 * The process-wide source that downloads and cameras use. Created on
 * first use for sc_permissions_get_default(), in mode "none"; the app
 * binds it to GSettings at start-up. Call it from the main thread.
 *
 * Returns: (transfer none): the default #ScLocationSource
 */
ScLocationSource *
sc_location_source_get_default (void)
{
  ScLocationSource *ret;

  G_LOCK (default_instance);
  if (default_instance == NULL)
    default_instance = sc_location_source_new (NULL);
  ret = default_instance;
  G_UNLOCK (default_instance);

  return ret;
}

/**
 * sc_location_source_set_default:
 * @source: (nullable): the new default, or %NULL to drop it (the next
 *   sc_location_source_get_default() creates a fresh one)
 *
 * Replaces the process-wide source. For the app at start-up and for tests.
 */
void
sc_location_source_set_default (ScLocationSource *source)
{
  ScLocationSource *old;

  g_return_if_fail (source == NULL || SC_IS_LOCATION_SOURCE (source));

  if (source != NULL)
    g_object_ref (source);

  G_LOCK (default_instance);
  old = default_instance;
  default_instance = source;
  G_UNLOCK (default_instance);

  g_clear_object (&old);
}

/**
 * sc_location_source_get_mode:
 * @self: an #ScLocationSource
 *
 * Returns: the mode
 */
ScLocationMode
sc_location_source_get_mode (ScLocationSource *self)
{
  g_return_val_if_fail (SC_IS_LOCATION_SOURCE (self), SC_LOCATION_MODE_NONE);

  return self->mode;
}

/**
 * sc_location_source_set_mode:
 * @self: an #ScLocationSource
 * @mode: where the location comes from
 *
 * Sets the mode. Automatic mode starts the GeoClue client, but only while
 * the location permission (and consent) allows it; any other mode stops
 * it.
 */
void
sc_location_source_set_mode (ScLocationSource *self,
                             ScLocationMode    mode)
{
  g_return_if_fail (SC_IS_LOCATION_SOURCE (self));
  g_return_if_fail ((guint)mode < G_N_ELEMENTS (mode_names));

  if (self->mode == mode)
    return;

  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
  _sc_location_source_update (self);
}

/**
 * sc_location_source_set_manual:
 * @self: an #ScLocationSource
 * @latitude: degrees north, in [-90, 90]
 * @longitude: degrees east, in [-180, 180]
 * @altitude: metres above sea level; ignored unless @has_altitude
 * @has_altitude: whether @altitude is known
 *
 * Sets the position typed in by hand (and #ScLocationSource:manual-set).
 * It is used in manual mode. Values out of range are refused (a critical
 * warning, nothing changes): callers validate what users type.
 */
void
sc_location_source_set_manual (ScLocationSource *self,
                               double            latitude,
                               double            longitude,
                               double            altitude,
                               gboolean          has_altitude)
{
  g_return_if_fail (SC_IS_LOCATION_SOURCE (self));
  g_return_if_fail (_sc_location_is_valid (latitude, longitude));
  g_return_if_fail (!has_altitude || _sc_location_altitude_is_valid (altitude));

  if (!has_altitude)
    altitude = 0.0;

  g_object_freeze_notify (G_OBJECT (self));

  if (self->manual_latitude != latitude)
    {
      self->manual_latitude = latitude;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANUAL_LATITUDE]);
    }
  if (self->manual_longitude != longitude)
    {
      self->manual_longitude = longitude;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANUAL_LONGITUDE]);
    }
  if (self->manual_altitude != altitude)
    {
      self->manual_altitude = altitude;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANUAL_ALTITUDE]);
    }
  if (self->manual_has_altitude != !!has_altitude)
    {
      self->manual_has_altitude = !!has_altitude;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANUAL_HAS_ALTITUDE]);
    }
  if (!self->manual_set)
    {
      self->manual_set = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANUAL_SET]);
    }

  _sc_location_source_update (self);

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * sc_location_source_get_manual:
 * @self: an #ScLocationSource
 * @location: (out caller-allocates): where to store the position
 *
 * Reads the position set by hand, whatever the mode and the permission
 * (it is the user's own setting, shown in Preferences). @location's time
 * is set to %NULL.
 *
 * Returns: %TRUE if a position was set by hand
 */
gboolean
sc_location_source_get_manual (ScLocationSource *self,
                               ScGeoLocation    *location)
{
  g_return_val_if_fail (SC_IS_LOCATION_SOURCE (self), FALSE);
  g_return_val_if_fail (location != NULL, FALSE);

  if (!self->manual_set)
    return FALSE;

  location->latitude = self->manual_latitude;
  location->longitude = self->manual_longitude;
  location->has_altitude = self->manual_has_altitude;
  location->altitude = self->manual_has_altitude ? self->manual_altitude : 0.0;
  location->time = NULL;

  return TRUE;
}

/**
 * sc_location_source_clear:
 * @self: an #ScLocationSource
 *
 * Forgets everything location-related: the mode goes back to "none", the
 * manual position is cleared, the GeoClue client is stopped, its last fix
 * and status dropped, and #ScLocationSource:n-lookups goes back to 0. For
 * "erase my data"; the app writes the cleared values back to GSettings
 * through its bindings.
 */
void
sc_location_source_clear (ScLocationSource *self)
{
  g_return_if_fail (SC_IS_LOCATION_SOURCE (self));

  g_object_freeze_notify (G_OBJECT (self));

  sc_location_source_set_mode (self, SC_LOCATION_MODE_NONE);
  _sc_location_source_geoclue_stop (self);

  set_manual_boolean (self, &self->manual_set, FALSE, PROP_MANUAL_SET);
  set_manual_double (self, &self->manual_latitude, 0.0, PROP_MANUAL_LATITUDE);
  set_manual_double (self, &self->manual_longitude, 0.0, PROP_MANUAL_LONGITUDE);
  set_manual_double (self, &self->manual_altitude, 0.0, PROP_MANUAL_ALTITUDE);
  set_manual_boolean (self, &self->manual_has_altitude, FALSE, PROP_MANUAL_HAS_ALTITUDE);

  _sc_location_source_set_status (self, NULL);
  if (self->n_lookups != 0)
    {
      self->n_lookups = 0;
      _sc_location_source_notify_lookups (self);
    }

  emit_if_changed (self);

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * sc_location_source_get_current:
 * @self: an #ScLocationSource
 * @location: (out caller-allocates) (optional): where to store the position
 *
 * The location to use now: the manual position in manual mode, the last
 * fix from the location service in automatic mode. Never blocks and never
 * starts a lookup. @location's time is set to %NULL.
 *
 * Returns: %TRUE with @location filled in; %FALSE when the location
 *   permission (or consent) is off, the mode is "none", or there is no
 *   position yet
 */
gboolean
sc_location_source_get_current (ScLocationSource *self,
                                ScGeoLocation    *location)
{
  ScGeoLocation found = { 0 };

  g_return_val_if_fail (SC_IS_LOCATION_SOURCE (self), FALSE);

  if (!sc_permissions_check (self->permissions, SC_PERMISSION_LOCATION, NULL))
    return FALSE;

  switch (self->mode)
    {
    case SC_LOCATION_MODE_MANUAL:
      if (!sc_location_source_get_manual (self, &found))
        return FALSE;
      break;

    case SC_LOCATION_MODE_AUTOMATIC:
      if (!self->have_automatic)
        return FALSE;
      found.latitude = self->automatic_latitude;
      found.longitude = self->automatic_longitude;
      found.has_altitude = self->automatic_has_altitude;
      found.altitude = self->automatic_has_altitude ? self->automatic_altitude : 0.0;
      break;

    case SC_LOCATION_MODE_NONE:
    default:
      return FALSE;
    }

  if (location != NULL)
    *location = found;

  return TRUE;
}

/**
 * sc_location_source_get_has_location:
 * @self: an #ScLocationSource
 *
 * Returns: whether sc_location_source_get_current() would succeed now
 */
gboolean
sc_location_source_get_has_location (ScLocationSource *self)
{
  g_return_val_if_fail (SC_IS_LOCATION_SOURCE (self), FALSE);

  return sc_location_source_get_current (self, NULL);
}

/**
 * sc_location_source_get_status:
 * @self: an #ScLocationSource
 *
 * Returns: (nullable): why automatic location does not work, a translated
 *   sentence, or %NULL
 */
const char *
sc_location_source_get_status (ScLocationSource *self)
{
  g_return_val_if_fail (SC_IS_LOCATION_SOURCE (self), NULL);

  return self->status;
}

/**
 * sc_location_source_get_n_lookups:
 * @self: an #ScLocationSource
 *
 * Returns: how many times the desktop's location service was asked
 */
guint
sc_location_source_get_n_lookups (ScLocationSource *self)
{
  g_return_val_if_fail (SC_IS_LOCATION_SOURCE (self), 0);

  return self->n_lookups;
}
