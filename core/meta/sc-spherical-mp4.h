/* sc-spherical-mp4.h
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
 * ScSphericalStereo:
 * @SC_SPHERICAL_STEREO_MONO: one view
 * @SC_SPHERICAL_STEREO_TOP_BOTTOM: left eye on top
 * @SC_SPHERICAL_STEREO_LEFT_RIGHT: left eye on the left
 *
 * The stereo layout of a spherical video (PROTOCOLS.md §3.3).
 */
typedef enum
{
  SC_SPHERICAL_STEREO_MONO,
  SC_SPHERICAL_STEREO_TOP_BOTTOM,
  SC_SPHERICAL_STEREO_LEFT_RIGHT,
} ScSphericalStereo;

/**
 * ScSphericalVideo:
 * @stitching_software: (nullable): written as V1 StitchingSoftware and V2
 *   svhd metadata_source; %NULL for "Spherecam" and the version
 * @stereo: the stereo layout
 * @source_count: the number of lenses (V1 SourceCount), or 0 to leave it out
 * @pose_yaw: V2 prhd yaw in degrees, in [-180, 180]
 * @pose_pitch: V2 prhd pitch in degrees, in [-90, 90]
 * @pose_roll: V2 prhd roll in degrees, in [-180, 180]
 *
 * What to write into an equirectangular video.
 */
typedef struct
{
  const char        *stitching_software;
  ScSphericalStereo  stereo;
  guint              source_count;
  double             pose_yaw;
  double             pose_pitch;
  double             pose_roll;
} ScSphericalVideo;

/**
 * ScSphericalTrack:
 * @track_index: the index of the trak box in moov (all tracks counted)
 * @v1_present: the track has a Spherical Video V1 `uuid` box
 * @v1_valid: it says Spherical and Stitched true, equirectangular, and
 *   names its StitchingSoftware (what FFmpeg needs)
 * @v2_present: the sample entry has an `sv3d` box
 * @v2_valid: `sv3d` starts with `svhd`, its `proj` starts with `prhd` and
 *   holds `equi`, and any `st3d` is well formed
 *
 * The spherical metadata of one video track.
 */
typedef struct
{
  guint    track_index;
  gboolean v1_present;
  gboolean v1_valid;
  gboolean v2_present;
  gboolean v2_valid;
} ScSphericalTrack;

void      sc_spherical_video_init_default (ScSphericalVideo        *video);
gboolean  sc_spherical_mp4_read           (GFile                   *file,
                                           GArray                 **tracks,
                                           GError                 **error);
gboolean  sc_spherical_mp4_write          (GFile                   *file,
                                           const ScSphericalVideo  *video,
                                           GCancellable            *cancellable,
                                           GError                 **error);

G_END_DECLS
