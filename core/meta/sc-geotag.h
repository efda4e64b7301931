/* sc-geotag.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * ScGeoLocation:
 * @latitude: degrees north, in [-90, 90]
 * @longitude: degrees east, in [-180, 180]
 * @altitude: metres above sea level (negative below); used only when
 *   @has_altitude is %TRUE
 * @has_altitude: whether @altitude is known
 * @time: (nullable): when the position was taken, or %NULL; any time zone
 *   (it is written in UTC)
 *
 * A WGS-84 position to write into a photo or a video. The caller owns
 * @time; the geotag functions only read it.
 */
typedef struct
{
  double     latitude;
  double     longitude;
  double     altitude;
  gboolean   has_altitude;
  GDateTime *time;
} ScGeoLocation;

/**
 * ScGeotagFlags:
 * @SC_GEOTAG_FLAGS_NONE: never touch a file that already has a location
 *   (from the camera); such a file is refused with %G_IO_ERROR_EXISTS
 * @SC_GEOTAG_FLAGS_REPLACE: replace a location the file already has
 *
 * How sc_geotag_write_jpeg() and sc_geotag_write_mp4() treat a file that
 * already has a location.
 */
typedef enum
{
  SC_GEOTAG_FLAGS_NONE    = 0,
  SC_GEOTAG_FLAGS_REPLACE = 1 << 0,
} ScGeotagFlags;

gboolean sc_geotag_jpeg_has_gps     (GFile               *file,
                                     gboolean            *has_gps,
                                     GError             **error);
gboolean sc_geotag_write_jpeg       (GFile               *file,
                                     const ScGeoLocation *location,
                                     ScGeotagFlags        flags,
                                     GCancellable        *cancellable,
                                     GError             **error);
gboolean sc_geotag_mp4_has_location (GFile               *file,
                                     gboolean            *has_location,
                                     GError             **error);
gboolean sc_geotag_write_mp4        (GFile               *file,
                                     const ScGeoLocation *location,
                                     ScGeotagFlags        flags,
                                     GCancellable        *cancellable,
                                     GError             **error);

G_END_DECLS
