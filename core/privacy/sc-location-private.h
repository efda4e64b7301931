/* sc-location-private.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <geoclue.h>

#include "sc-location.h"

G_BEGIN_DECLS

/* ScLocationSource is split by concern:
 *   sc-location.c          the object, its properties, the manual position,
 *                          the permission gate and "changed"
 *   sc-location-geoclue.c  the desktop's location service (GeoClue2) */
struct _ScLocationSource
{
  GObject         parent_instance;

  ScPermissions  *permissions;
  ScConsent      *consent;              /* the permissions' consent, watched */

  ScLocationMode  mode;
  gboolean        manual_set;
  double          manual_latitude;
  double          manual_longitude;
  double          manual_altitude;
  gboolean        manual_has_altitude;

  /* GeoClue: set from the start of a lookup until it is stopped. Each
   * start gets a fresh cancellable, so late replies of an earlier one are
   * recognised and dropped. */
  GCancellable   *geoclue_cancellable;
  GClueClient    *client;
  gboolean        have_automatic;
  double          automatic_latitude;
  double          automatic_longitude;
  double          automatic_altitude;
  gboolean        automatic_has_altitude;
  char           *status;
  guint           n_lookups;

  /* What the last "changed" was about. */
  gboolean        had_location;
  ScGeoLocation   last;
};

/* sc-location.c */
void     _sc_location_source_update          (ScLocationSource *self);
void     _sc_location_source_set_status      (ScLocationSource *self,
                                              const char       *status);
void     _sc_location_source_notify_lookups  (ScLocationSource *self);
gboolean _sc_location_is_valid               (double            latitude,
                                              double            longitude);
gboolean _sc_location_altitude_is_valid      (double            altitude);

/* sc-location-geoclue.c */
void     _sc_location_source_geoclue_start   (ScLocationSource *self);
void     _sc_location_source_geoclue_stop    (ScLocationSource *self);

G_END_DECLS
