/* sc-gpano.h
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
 * ScGPano:
 * @projection_type: (nullable): GPano:ProjectionType
 * @use_panorama_viewer: GPano:UsePanoramaViewer
 * @full_pano_width: GPano:FullPanoWidthPixels, or -1 when absent
 * @full_pano_height: GPano:FullPanoHeightPixels, or -1
 * @cropped_width: GPano:CroppedAreaImageWidthPixels, or -1
 * @cropped_height: GPano:CroppedAreaImageHeightPixels, or -1
 * @cropped_left: GPano:CroppedAreaLeftPixels, or -1
 * @cropped_top: GPano:CroppedAreaTopPixels, or -1
 * @pose_heading: GPano:PoseHeadingDegrees, [0, 360)
 * @pose_pitch: GPano:PosePitchDegrees, [-90, 90]
 * @pose_roll: GPano:PoseRollDegrees, (-180, 180]
 * @has_pose_tilt: whether @pose_pitch and @pose_roll are known (written
 *   only then)
 * @has_pose_heading: whether the photo had GPano:PoseHeadingDegrees (read
 *   only: the heading is always written, 0 when unknown)
 *
 * The XMP GPano properties of a photo (PROTOCOLS.md §3.5). Free the
 * string with sc_gpano_clear().
 */
typedef struct
{
  char     *projection_type;
  gboolean  use_panorama_viewer;
  gint      full_pano_width;
  gint      full_pano_height;
  gint      cropped_width;
  gint      cropped_height;
  gint      cropped_left;
  gint      cropped_top;
  double    pose_heading;
  double    pose_pitch;
  double    pose_roll;
  gboolean  has_pose_tilt;
  gboolean  has_pose_heading;
} ScGPano;

void      sc_gpano_init_equirect  (ScGPano        *gpano,
                                   guint           width,
                                   guint           height);
void      sc_gpano_clear          (ScGPano        *gpano);
gboolean  sc_gpano_is_valid       (const ScGPano  *gpano,
                                   guint           width,
                                   guint           height,
                                   const char    **problem);
gboolean  sc_gpano_read_jpeg      (GFile          *file,
                                   ScGPano        *gpano,
                                   gboolean       *present,
                                   guint          *width,
                                   guint          *height,
                                   GError        **error);
gboolean  sc_gpano_read_jpeg_bytes (GBytes        *jpeg,
                                    ScGPano       *gpano,
                                    gboolean      *present,
                                    guint         *width,
                                    guint         *height,
                                    GError       **error);
gboolean  sc_gpano_write_jpeg     (GFile          *file,
                                   const ScGPano  *gpano,
                                   GCancellable   *cancellable,
                                   GError        **error);

G_END_DECLS
