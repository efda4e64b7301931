/* sc-location.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sc-geotag.h"
#include "sc-permissions.h"

G_BEGIN_DECLS

/**
 * ScLocationMode:
 * @SC_LOCATION_MODE_NONE: no location (the default)
 * @SC_LOCATION_MODE_MANUAL: the position the user typed in
 * @SC_LOCATION_MODE_AUTOMATIC: the desktop's location service (GeoClue2)
 *
 * Where the current location comes from.
 */
typedef enum
{
  SC_LOCATION_MODE_NONE,
  SC_LOCATION_MODE_MANUAL,
  SC_LOCATION_MODE_AUTOMATIC,
} ScLocationMode;

const char *sc_location_mode_to_string   (ScLocationMode  mode);
gboolean    sc_location_mode_from_string (const char     *string,
                                          ScLocationMode *mode);

#define SC_TYPE_LOCATION_SOURCE (sc_location_source_get_type ())

G_DECLARE_FINAL_TYPE (ScLocationSource, sc_location_source, SC, LOCATION_SOURCE, GObject)

/*
 * The user's location, for geotagging downloads and for pushing to
 * cameras. Nothing is looked up, returned or notified unless the
 * "location" permission (and consent) allows it: with the toggle off the
 * GeoClue client is stopped and dropped, and sc_location_source_get_current()
 * returns FALSE whatever the mode. The app binds "mode" and the manual-*
 * properties to GSettings; core code never reads GSettings.
 *
 * Properties: "permissions" (construct-only), "mode" (ScLocationMode as
 * string: "none", "manual", "automatic"), "manual-set" (b),
 * "manual-latitude", "manual-longitude", "manual-altitude" (d),
 * "manual-has-altitude" (b), "has-location" (b, read-only: whether
 * get_current() would succeed now), "status" (s, read-only, nullable:
 * a translated sentence when automatic location is unavailable, e.g.
 * "The location service is not available on this computer"),
 * "n-lookups" (u, read-only: how many times the desktop's location
 * service has been asked, for tests and the "Your data" page).
 * Signal "changed": the current location (or its availability) changed.
 * Belongs to the thread that created it.
 */
ScLocationSource *sc_location_source_new             (ScPermissions     *permissions);
ScLocationSource *sc_location_source_get_default     (void);
void              sc_location_source_set_default     (ScLocationSource  *source);

ScLocationMode    sc_location_source_get_mode        (ScLocationSource  *self);
void              sc_location_source_set_mode        (ScLocationSource  *self,
                                                      ScLocationMode     mode);
void              sc_location_source_set_manual      (ScLocationSource  *self,
                                                      double             latitude,
                                                      double             longitude,
                                                      double             altitude,
                                                      gboolean           has_altitude);
gboolean          sc_location_source_get_manual      (ScLocationSource  *self,
                                                      ScGeoLocation     *location);
void              sc_location_source_clear           (ScLocationSource  *self);
gboolean          sc_location_source_get_current     (ScLocationSource  *self,
                                                      ScGeoLocation     *location);
gboolean          sc_location_source_get_has_location (ScLocationSource *self);
const char       *sc_location_source_get_status      (ScLocationSource  *self);
guint             sc_location_source_get_n_lookups   (ScLocationSource  *self);

G_END_DECLS
