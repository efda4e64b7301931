/* sc-360-check.h
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
 * ScCheckKind:
 * @SC_CHECK_KIND_PHOTO: a JPEG photo
 * @SC_CHECK_KIND_VIDEO: an MP4 video
 *
 * What sc_360_check() found the file to be.
 */
typedef enum
{
  SC_CHECK_KIND_PHOTO,
  SC_CHECK_KIND_VIDEO,
} ScCheckKind;

/**
 * ScCheckResult:
 * @kind: photo or video
 * @valid: whether the file carries all the 360° metadata it should, valid
 * @problem: (nullable): a translated sentence about the first problem
 *   found, %NULL when @valid
 * @width: photo only: the image width
 * @height: photo only: the image height
 * @gpano_present: photo only: the XMP has GPano:ProjectionType
 * @gpano_valid: photo only: see sc_gpano_is_valid()
 * @tracks: (element-type ScSphericalTrack): video only: one entry per video
 *   track (empty for a photo)
 *
 * The result of sc_360_check(); free its members with
 * sc_check_result_clear().
 */
typedef struct
{
  ScCheckKind  kind;
  gboolean     valid;
  char        *problem;
  guint        width;
  guint        height;
  gboolean     gpano_present;
  gboolean     gpano_valid;
  GArray      *tracks;
} ScCheckResult;

void      sc_check_result_clear (ScCheckResult  *result);
gboolean  sc_360_check          (GFile          *file,
                                 ScCheckResult  *result,
                                 GError        **error);
gboolean  sc_360_fix            (GFile          *file,
                                 GCancellable   *cancellable,
                                 GError        **error);

G_END_DECLS
