/* sc-lens.h: the dual-fisheye lens model and calibration profiles
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * SC_LENS_ERROR:
 *
 * Error domain of the lens model, the calibration profiles and the circle
 * estimation. Codes are #ScLensError.
 */
#define SC_LENS_ERROR (sc_lens_error_quark ())

/**
 * ScLensError:
 * @SC_LENS_ERROR_INVALID_PROFILE: the profile is not a valid lens model
 * @SC_LENS_ERROR_NOT_FOUND: there is no built-in profile with that name and
 *   no file at that path
 * @SC_LENS_ERROR_NOT_DUAL_FISHEYE: the image is not two fisheye circles side
 *   by side (for example an equirectangular picture)
 */
typedef enum
{
  SC_LENS_ERROR_INVALID_PROFILE,
  SC_LENS_ERROR_NOT_FOUND,
  SC_LENS_ERROR_NOT_DUAL_FISHEYE,
} ScLensError;

/**
 * SC_LENS_BACK:
 *
 * Index of the back lens: the left half of the frame (ffmpeg v360 dfisheye).
 */
#define SC_LENS_BACK  0
/**
 * SC_LENS_FRONT:
 *
 * Index of the front lens: the right half of the frame.
 */
#define SC_LENS_FRONT 1

/**
 * ScLens:
 * @cx: optical centre, input pixels (continuous: pixel i has its centre at i + 0.5)
 * @cy: optical centre, input pixels, y down
 * @radius: image radius of the fov/2 ring, pixels
 * @fov_deg: field of view, degrees (typically 190–210)
 * @roll_deg: image rotation about the centre, counter-clockwise as seen
 * @yaw_deg: optical axis: 0 = front (+z), 180 = back (−z)
 * @pitch_deg: small pitch misalignment of the lens, degrees
 * @k1: θ³ distortion coefficient (0 = equidistant)
 * @k2: θ⁵ distortion coefficient
 * @gain: the lens's exposure gain (the stitcher divides by it); 0 = unknown
 *
 * One fisheye of a dual-fisheye camera, PROTOCOLS.md §5:
 * r(θ) = radius · (θ + k1θ³ + k2θ⁵) / (Θ + k1Θ³ + k2Θ⁵), Θ = fov/2.
 */
typedef struct
{
  double cx;
  double cy;
  double radius;
  double fov_deg;
  double roll_deg;
  double yaw_deg;
  double pitch_deg;
  double k1;
  double k2;
  double gain;
} ScLens;

/**
 * ScLensProfile:
 * @name: the camera model or profile name (never %NULL)
 * @width: the dual-fisheye frame width the numbers refer to
 * @height: the frame height
 * @lenses: [SC_LENS_BACK] left half, [SC_LENS_FRONT] right half
 * @has_pose: whether the camera recorded its attitude for this shot
 *   (gravity data: the lens JSON's optional "pose" object)
 * @pose_pitch_deg: the camera's pitch when it shot, up positive, as
 *   sc_orientation_matrix() takes it: stitching with this pitch and
 *   @pose_roll_deg levels the horizon
 * @pose_roll_deg: the camera's roll, as sc_orientation_matrix() takes it
 *
 * A calibration profile: two lenses in a frame of a given size. Boxed and
 * reference counted; treat a shared profile as read-only (copy it with
 * sc_lens_profile_copy() to change it).
 */
typedef struct
{
  char   *name;
  int     width;
  int     height;
  ScLens  lenses[2];
  gboolean has_pose;
  double  pose_pitch_deg;
  double  pose_roll_deg;
} ScLensProfile;

#define SC_TYPE_LENS_PROFILE (sc_lens_profile_get_type ())

GQuark         sc_lens_error_quark             (void);
void           sc_lens_register_dbus_errors    (void);
GType          sc_lens_profile_get_type        (void) G_GNUC_CONST;

ScLensProfile *sc_lens_profile_new             (const char       *name,
                                                int               width,
                                                int               height);
ScLensProfile *sc_lens_profile_ref             (ScLensProfile    *self);
void           sc_lens_profile_unref           (ScLensProfile    *self);
ScLensProfile *sc_lens_profile_copy            (const ScLensProfile *self);
ScLensProfile *sc_lens_profile_new_from_json   (JsonNode         *node,
                                                GError          **error);
ScLensProfile *sc_lens_profile_new_from_data   (const char       *json,
                                                gssize            length,
                                                GError          **error);
JsonNode      *sc_lens_profile_to_json         (const ScLensProfile *self);
ScLensProfile *sc_lens_profile_load            (const char       *name_or_path,
                                                GError          **error);
char         **sc_lens_profile_list_builtin    (void);
ScLensProfile *sc_lens_profile_load_for_model  (const char       *model);
ScLensProfile *sc_lens_profile_scale           (const ScLensProfile *self,
                                                int               width,
                                                int               height);
gboolean       sc_lens_profile_has_gains       (const ScLensProfile *self);

ScLensProfile *sc_lens_profile_estimate        (const guint8     *rgba,
                                                int               width,
                                                int               height,
                                                int               stride,
                                                double            fov_deg,
                                                GError          **error);
gboolean       sc_is_dual_fisheye              (const guint8     *rgba,
                                                int               width,
                                                int               height,
                                                int               stride,
                                                GError          **error);

void           sc_orientation_matrix           (double           yaw_deg,
                                                double           pitch_deg,
                                                double           roll_deg,
                                                double           m[9]);
void           sc_matrix3_multiply             (const double     a[9],
                                                const double     b[9],
                                                double           m[9]);
void           sc_matrix3_transpose            (const double     a[9],
                                                double           m[9]);
void           sc_lens_matrix                  (const ScLens     *lens,
                                                double           m[9]);
gboolean       sc_lens_project                 (const ScLens     *lens,
                                                const double      ray[3],
                                                double           *px,
                                                double           *py,
                                                double           *theta);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScLensProfile, sc_lens_profile_unref)

G_END_DECLS
