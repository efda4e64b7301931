/* sc-lens.c: the dual-fisheye lens model
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "sc-calibration-resources.h"
#include "sc-lens.h"

G_DEFINE_QUARK (sc-lens-error-quark, sc_lens_error)

static const GDBusErrorEntry lens_error_entries[] = {
  { SC_LENS_ERROR_INVALID_PROFILE, "org.spherecam.Spherecam.Error.Lens.InvalidProfile" },
  { SC_LENS_ERROR_NOT_FOUND, "org.spherecam.Spherecam.Error.Lens.NotFound" },
  { SC_LENS_ERROR_NOT_DUAL_FISHEYE, "org.spherecam.Spherecam.Error.Lens.NotDualFisheye" },
};

/**
 * sc_lens_register_dbus_errors:
 *
 * Registers %SC_LENS_ERROR with GDBus as
 * `org.spherecam.Spherecam.Error.Lens.<Code>`. Safe to call more than once.
 */
void
sc_lens_register_dbus_errors (void)
{
  static gsize lens_quark;

  g_dbus_error_register_error_domain ("sc-lens-error-quark", &lens_quark,
                                      lens_error_entries, G_N_ELEMENTS (lens_error_entries));
}

static inline double
deg2rad (double deg)
{
  return deg * G_PI / 180.0;
}

/**
 * sc_matrix3_multiply:
 * @a: a 3×3 matrix, row-major
 * @b: another
 * @m: (out): a · b; may be @a or @b
 */
void
sc_matrix3_multiply (const double a[9],
                     const double b[9],
                     double       m[9])
{
  double r[9];

  for (guint i = 0; i < 3; i++)
    for (guint j = 0; j < 3; j++)
      r[i * 3 + j] = a[i * 3 + 0] * b[0 * 3 + j]
                   + a[i * 3 + 1] * b[1 * 3 + j]
                   + a[i * 3 + 2] * b[2 * 3 + j];
  memcpy (m, r, sizeof r);
}

/**
 * sc_orientation_matrix:
 * @yaw_deg: heading of the camera: positive turns it towards +x (right)
 * @pitch_deg: nose up
 * @roll_deg: rotation about the forward axis, +x towards +y
 * @m: (out): the 3×3 row-major matrix
 *
 * The rotation to apply to an output ray (PROTOCOLS.md §5.1) to get the ray
 * in the camera frame, for a camera whose pose in the output is
 * Ry(yaw)·Rx(pitch)·Rz(roll): m is the transpose of that pose. Stitching
 * with the camera's own pose levels the horizon; with yaw = Y, what the
 * camera saw straight ahead lands at longitude Y in the output (a shift of
 * W·Y/360 pixels to the right).
 */
void
sc_orientation_matrix (double yaw_deg,
                       double pitch_deg,
                       double roll_deg,
                       double m[9])
{
  double cy = cos (deg2rad (yaw_deg)), sy = sin (deg2rad (yaw_deg));
  double cp = cos (deg2rad (pitch_deg)), sp = sin (deg2rad (pitch_deg));
  double cr = cos (deg2rad (roll_deg)), sr = sin (deg2rad (roll_deg));
  /* Pose rotations: Ry turns +z towards +x, Rx +z towards +y, Rz +x towards +y. */
  const double ry[9] = { cy, 0, sy,   0, 1, 0,   -sy, 0, cy };
  const double rx[9] = { 1, 0, 0,   0, cp, sp,   0, -sp, cp };
  const double rz[9] = { cr, -sr, 0,   sr, cr, 0,   0, 0, 1 };
  double pose[9];

  g_return_if_fail (m != NULL);

  sc_matrix3_multiply (ry, rx, pose);
  sc_matrix3_multiply (pose, rz, pose);
  sc_matrix3_transpose (pose, m);
}

/**
 * sc_matrix3_transpose:
 * @a: a 3×3 matrix, row-major
 * @m: (out): its transpose; may be @a
 */
void
sc_matrix3_transpose (const double a[9],
                      double       m[9])
{
  double pose[9];

  memcpy (pose, a, sizeof pose);
  for (guint i = 0; i < 3; i++)
    for (guint j = 0; j < 3; j++)
      m[i * 3 + j] = pose[j * 3 + i];
}

/**
 * sc_lens_matrix:
 * @lens: a lens
 * @m: (out): the 3×3 row-major matrix
 *
 * The rotation from the camera frame into @lens's frame (its optical axis
 * becomes +z): yaw 180 gives (−x, y, −z), the back lens. The image roll is
 * not part of it (sc_lens_project() applies @lens's roll_deg in the image).
 */
void
sc_lens_matrix (const ScLens *lens,
                double        m[9])
{
  g_return_if_fail (lens != NULL);

  sc_orientation_matrix (lens->yaw_deg, lens->pitch_deg, 0.0, m);
}

static inline double
lens_poly (const ScLens *lens,
           double        theta)
{
  double t2 = theta * theta;

  return theta * (1.0 + t2 * (lens->k1 + t2 * lens->k2));
}

/**
 * sc_lens_project:
 * @lens: a lens
 * @ray: a unit ray in the camera frame (x right, y up, z forward)
 * @px: (out) (optional): image x, continuous pixel coordinates
 * @py: (out) (optional): image y, continuous, y down
 * @theta: (out) (optional): angle between @ray and the lens axis, radians
 *
 * Projects @ray into @lens's image, PROTOCOLS.md §5.2 with the polynomial
 * r(θ) = radius · (θ + k1θ³ + k2θ⁵) / (Θ + k1Θ³ + k2Θ⁵), Θ = fov/2.
 *
 * Returns: %TRUE when the ray is inside the lens's field of view
 */
gboolean
sc_lens_project (const ScLens *lens,
                 const double  ray[3],
                 double       *px,
                 double       *py,
                 double       *theta)
{
  double m[9];
  double x, y, z, t, r, psi, half;

  g_return_val_if_fail (lens != NULL, FALSE);
  g_return_val_if_fail (ray != NULL, FALSE);

  sc_lens_matrix (lens, m);
  x = m[0] * ray[0] + m[1] * ray[1] + m[2] * ray[2];
  y = m[3] * ray[0] + m[4] * ray[1] + m[5] * ray[2];
  z = m[6] * ray[0] + m[7] * ray[1] + m[8] * ray[2];

  t = acos (CLAMP (z, -1.0, 1.0));
  half = deg2rad (lens->fov_deg) / 2.0;
  r = lens->radius * lens_poly (lens, t) / lens_poly (lens, half);
  psi = atan2 (y, x) + deg2rad (lens->roll_deg);

  if (px != NULL)
    *px = lens->cx + r * cos (psi);
  if (py != NULL)
    *py = lens->cy - r * sin (psi);
  if (theta != NULL)
    *theta = t;

  return t <= half;
}

/* Profiles */

G_DEFINE_BOXED_TYPE (ScLensProfile, sc_lens_profile, sc_lens_profile_ref, sc_lens_profile_unref)

typedef struct
{
  ScLensProfile profile;
  gatomicrefcount ref_count;
} ScLensProfileReal;

/**
 * sc_lens_profile_new:
 * @name: (nullable): the profile's name
 * @width: frame width
 * @height: frame height
 *
 * A profile with the nominal layout of a side-by-side dual-fisheye frame:
 * each circle centred in its half, diameter = height, 200° field of view,
 * back lens left, unknown gains.
 *
 * Returns: (transfer full): a new profile
 */
ScLensProfile *
sc_lens_profile_new (const char *name,
                     int         width,
                     int         height)
{
  ScLensProfileReal *real = g_new0 (ScLensProfileReal, 1);
  ScLensProfile *self = &real->profile;

  g_atomic_ref_count_init (&real->ref_count);
  self->name = g_strdup (name != NULL ? name : "unnamed");
  self->width = width;
  self->height = height;
  for (guint i = 0; i < 2; i++)
    {
      ScLens *lens = &self->lenses[i];

      lens->cx = width / 4.0 + i * width / 2.0;
      lens->cy = height / 2.0;
      lens->radius = MIN (width / 4.0, height / 2.0);
      lens->fov_deg = 200.0;
      lens->yaw_deg = i == SC_LENS_BACK ? 180.0 : 0.0;
      lens->gain = 0.0;
    }

  return self;
}

ScLensProfile *
sc_lens_profile_ref (ScLensProfile *self)
{
  ScLensProfileReal *real = (ScLensProfileReal *)self;

  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&real->ref_count);
  return self;
}

void
sc_lens_profile_unref (ScLensProfile *self)
{
  ScLensProfileReal *real = (ScLensProfileReal *)self;

  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&real->ref_count))
    {
      g_free (self->name);
      g_free (real);
    }
}

/**
 * sc_lens_profile_copy:
 * @self: a profile
 *
 * Returns: (transfer full): an independent copy of @self
 */
ScLensProfile *
sc_lens_profile_copy (const ScLensProfile *self)
{
  ScLensProfile *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = sc_lens_profile_new (self->name, self->width, self->height);
  memcpy (copy->lenses, self->lenses, sizeof copy->lenses);
  copy->has_pose = self->has_pose;
  copy->pose_pitch_deg = self->pose_pitch_deg;
  copy->pose_roll_deg = self->pose_roll_deg;
  return copy;
}

/**
 * sc_lens_profile_has_gains:
 * @self: a profile
 *
 * Returns: %TRUE when both lenses carry a known exposure gain
 */
gboolean
sc_lens_profile_has_gains (const ScLensProfile *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->lenses[0].gain > 0.0 && self->lenses[1].gain > 0.0;
}

static gboolean
read_number (JsonObject  *object,
             const char  *member,
             gboolean     required,
             double      *value,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
      g_set_error (error, SC_LENS_ERROR, SC_LENS_ERROR_INVALID_PROFILE,
                   _("Lens profile: “%s” is missing; add it to the profile"), member);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_DOUBLE &&
       json_node_get_value_type (node) != G_TYPE_INT64))
    {
      g_set_error (error, SC_LENS_ERROR, SC_LENS_ERROR_INVALID_PROFILE,
                   _("Lens profile: “%s” must be a number"), member);
      return FALSE;
    }

  *value = json_node_get_double (node);
  if (!isfinite (*value))
    {
      g_set_error (error, SC_LENS_ERROR, SC_LENS_ERROR_INVALID_PROFILE,
                   _("Lens profile: “%s” must be a finite number"), member);
      return FALSE;
    }

  return TRUE;
}

static gboolean
lens_is_sane (const ScLens         *lens,
              const ScLensProfile  *profile,
              GError              **error)
{
  if (!(lens->fov_deg >= 90.0 && lens->fov_deg <= 280.0) ||
      !(lens->radius > 0.0) ||
      !(lens->cx >= 0.0 && lens->cx <= profile->width) ||
      !(lens->cy >= 0.0 && lens->cy <= profile->height) ||
      !(lens->gain >= 0.0 && lens->gain <= 16.0))
    {
      g_set_error (error, SC_LENS_ERROR, SC_LENS_ERROR_INVALID_PROFILE,
                   _("Lens profile “%s”: a lens has an impossible centre, radius, "
                   "field of view or gain; check its numbers"), profile->name);
      return FALSE;
    }

  return TRUE;
}

/**
 * sc_lens_profile_new_from_json:
 * @node: a JSON object in the "spherecam_lens_model" format (the emulator's
 *   lens JSON, the files of data/calibration/)
 * @error: return location for a #GError
 *
 * Reads `width`, `height`, an optional `name` (else `model`, else the
 * model's name) and `lenses`: two objects with `cx`, `cy`, `radius`,
 * `fov_deg` and optional `roll_deg`, `yaw_deg`, `pitch_deg`, `k1`, `k2`,
 * `gain`, `half` ("left" or "right": which one is the back lens; else the
 * order, back first); and an optional `pose` object, the camera's attitude
 * for one shot from its gravity sensor: `pitch_deg` and `roll_deg` as
 * sc_orientation_matrix() takes them.
 *
 * Returns: (transfer full): the profile, or %NULL with @error set
 */
ScLensProfile *
sc_lens_profile_new_from_json (JsonNode  *node,
                               GError   **error)
{
  g_autoptr(ScLensProfile) self = NULL;
  JsonObject *object;
  JsonArray *lenses;
  const char *model;
  const char *name;
  double width = 0, height = 0;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, SC_LENS_ERROR, SC_LENS_ERROR_INVALID_PROFILE,
                           _("Lens profile: expected a JSON object"));
      return NULL;
    }

  object = json_node_get_object (node);
  model = json_object_get_string_member_with_default (object, "spherecam_lens_model", NULL);
  if (model == NULL ||
      (g_strcmp0 (model, "equidistant") != 0 && g_strcmp0 (model, "polynomial") != 0))
    {
      g_set_error (error, SC_LENS_ERROR, SC_LENS_ERROR_INVALID_PROFILE,
                   _("Lens profile: unknown lens model “%s”; use “equidistant” or “polynomial”"),
                   model != NULL ? model : "");
      return NULL;
    }

  if (!read_number (object, "width", TRUE, &width, error) ||
      !read_number (object, "height", TRUE, &height, error))
    return NULL;
  if (width < 16 || height < 8 || width > 65536 || height > 65536)
    {
      g_set_error (error, SC_LENS_ERROR, SC_LENS_ERROR_INVALID_PROFILE,
                   _("Lens profile: the frame size %g×%g is impossible"), width, height);
      return NULL;
    }

  name = json_object_get_string_member_with_default (object, "name", NULL);
  if (name == NULL)
    name = json_object_get_string_member_with_default (object, "model", model);

  self = sc_lens_profile_new (name, (int)width, (int)height);

  if (!json_object_has_member (object, "lenses") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "lenses")) ||
      json_array_get_length ((lenses = json_object_get_array_member (object, "lenses"))) != 2)
    {
      g_set_error_literal (error, SC_LENS_ERROR, SC_LENS_ERROR_INVALID_PROFILE,
                           _("Lens profile: “lenses” must be an array of two lenses"));
      return NULL;
    }

  for (guint i = 0; i < 2; i++)
    {
      JsonNode *lnode = json_array_get_element (lenses, i);
      JsonObject *lo;
      const char *half;
      ScLens lens = { 0 };
      guint index = i;

      if (!JSON_NODE_HOLDS_OBJECT (lnode))
        {
          g_set_error_literal (error, SC_LENS_ERROR, SC_LENS_ERROR_INVALID_PROFILE,
                               _("Lens profile: each lens must be a JSON object"));
          return NULL;
        }
      lo = json_node_get_object (lnode);

      lens.yaw_deg = i == SC_LENS_BACK ? 180.0 : 0.0;
      half = json_object_get_string_member_with_default (lo, "half", NULL);
      if (g_strcmp0 (half, "left") == 0)
        index = SC_LENS_BACK;
      else if (g_strcmp0 (half, "right") == 0)
        index = SC_LENS_FRONT;
      lens.yaw_deg = index == SC_LENS_BACK ? 180.0 : 0.0;

      if (!read_number (lo, "cx", TRUE, &lens.cx, error) ||
          !read_number (lo, "cy", TRUE, &lens.cy, error) ||
          !read_number (lo, "radius", TRUE, &lens.radius, error) ||
          !read_number (lo, "fov_deg", TRUE, &lens.fov_deg, error) ||
          !read_number (lo, "roll_deg", FALSE, &lens.roll_deg, error) ||
          !read_number (lo, "yaw_deg", FALSE, &lens.yaw_deg, error) ||
          !read_number (lo, "pitch_deg", FALSE, &lens.pitch_deg, error) ||
          !read_number (lo, "k1", FALSE, &lens.k1, error) ||
          !read_number (lo, "k2", FALSE, &lens.k2, error) ||
          !read_number (lo, "gain", FALSE, &lens.gain, error))
        return NULL;

      if (!lens_is_sane (&lens, self, error))
        return NULL;

      self->lenses[index] = lens;
    }

  if (json_object_has_member (object, "pose"))
    {
      JsonNode *pnode = json_object_get_member (object, "pose");
      JsonObject *po;

      if (!JSON_NODE_HOLDS_OBJECT (pnode))
        {
          g_set_error_literal (error, SC_LENS_ERROR, SC_LENS_ERROR_INVALID_PROFILE,
                               _("Lens profile: “pose” must be an object with pitch_deg and roll_deg"));
          return NULL;
        }
      po = json_node_get_object (pnode);
      if (!read_number (po, "pitch_deg", TRUE, &self->pose_pitch_deg, error) ||
          !read_number (po, "roll_deg", TRUE, &self->pose_roll_deg, error))
        return NULL;
      if (fabs (self->pose_pitch_deg) > 90.0 || fabs (self->pose_roll_deg) > 180.0)
        {
          g_set_error_literal (error, SC_LENS_ERROR, SC_LENS_ERROR_INVALID_PROFILE,
                               _("Lens profile: the pose is out of range (pitch within ±90°, roll within ±180°)"));
          return NULL;
        }
      self->has_pose = TRUE;
    }

  return g_steal_pointer (&self);
}

/**
 * sc_lens_profile_new_from_data:
 * @json: JSON text
 * @length: its length, or -1 when nul-terminated
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the profile, or %NULL with @error set
 */
ScLensProfile *
sc_lens_profile_new_from_data (const char  *json,
                               gssize       length,
                               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      g_set_error (error, SC_LENS_ERROR, SC_LENS_ERROR_INVALID_PROFILE,
                   _("Lens profile: not valid JSON (%s)"), local_error->message);
      return NULL;
    }

  return sc_lens_profile_new_from_json (json_parser_get_root (parser), error);
}

/**
 * sc_lens_profile_to_json:
 * @self: a profile
 *
 * Returns: (transfer full): @self in the format sc_lens_profile_new_from_json() reads
 */
JsonNode *
sc_lens_profile_to_json (const ScLensProfile *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "spherecam_lens_model");
  json_builder_add_string_value (builder, "equidistant");
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, self->width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, self->height);
  json_builder_set_member_name (builder, "lenses");
  json_builder_begin_array (builder);
  for (guint i = 0; i < 2; i++)
    {
      const ScLens *lens = &self->lenses[i];
      const struct { const char *name; double value; } members[] = {
        { "cx", lens->cx }, { "cy", lens->cy }, { "radius", lens->radius },
        { "fov_deg", lens->fov_deg }, { "roll_deg", lens->roll_deg },
        { "yaw_deg", lens->yaw_deg }, { "pitch_deg", lens->pitch_deg },
        { "k1", lens->k1 }, { "k2", lens->k2 },
      };

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, i == SC_LENS_BACK ? "back" : "front");
      json_builder_set_member_name (builder, "half");
      json_builder_add_string_value (builder, i == SC_LENS_BACK ? "left" : "right");
      for (guint j = 0; j < G_N_ELEMENTS (members); j++)
        {
          json_builder_set_member_name (builder, members[j].name);
          json_builder_add_double_value (builder, members[j].value);
        }
      if (lens->gain > 0.0)
        {
          json_builder_set_member_name (builder, "gain");
          json_builder_add_double_value (builder, lens->gain);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (self->has_pose)
    {
      json_builder_set_member_name (builder, "pose");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "pitch_deg");
      json_builder_add_double_value (builder, self->pose_pitch_deg);
      json_builder_set_member_name (builder, "roll_deg");
      json_builder_add_double_value (builder, self->pose_roll_deg);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

#define SC_CALIBRATION_RESOURCE_PATH "/org/spherecam/Spherecam/calibration/"

static void
ensure_resource (void)
{
  static gsize registered;

  if (g_once_init_enter (&registered))
    {
      sc_calibration_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *)a, *(char * const *)b);
}

/**
 * sc_lens_profile_list_builtin:
 *
 * Returns: (transfer full): the names of the built-in profiles
 *   (data/calibration/), for sc_lens_profile_load()
 */
char **
sc_lens_profile_list_builtin (void)
{
  g_auto(GStrv) children = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  ensure_resource ();
  children = g_resources_enumerate_children (SC_CALIBRATION_RESOURCE_PATH,
                                             G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  for (guint i = 0; children != NULL && children[i] != NULL; i++)
    if (g_str_has_suffix (children[i], ".json"))
      g_ptr_array_add (names, g_strndup (children[i], strlen (children[i]) - 5));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return (char **)g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

/**
 * sc_lens_profile_load:
 * @name_or_path: a built-in profile name ("spherecam-emulator",
 *   "ricoh-theta-s", …) or the path of a JSON profile
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the profile, or %NULL with @error set
 */
ScLensProfile *
sc_lens_profile_load (const char  *name_or_path,
                      GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *resource = NULL;
  gsize length = 0;

  g_return_val_if_fail (name_or_path != NULL, NULL);

  if (strchr (name_or_path, '/') == NULL && !g_str_has_suffix (name_or_path, ".json"))
    {
      ensure_resource ();
      resource = g_strconcat (SC_CALIBRATION_RESOURCE_PATH, name_or_path, ".json", NULL);
      bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      if (bytes != NULL)
        return sc_lens_profile_new_from_data (g_bytes_get_data (bytes, NULL),
                                              g_bytes_get_size (bytes), error);
    }

  if (!g_file_test (name_or_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SC_LENS_ERROR, SC_LENS_ERROR_NOT_FOUND,
                   _("There is no lens profile “%s”; give the name of a built-in "
                   "profile or the path of a JSON profile"), name_or_path);
      return NULL;
    }

  if (!g_file_get_contents (name_or_path, &contents, &length, error))
    return NULL;

  return sc_lens_profile_new_from_data (contents, length, error);
}

/* The built-in profile of a camera model, as EXIF Model or OSC info
 * "model" name it. */
static const char *
builtin_for_model (const char *model)
{
  g_autofree char *folded = NULL;

  if (model == NULL)
    return NULL;
  if (g_ascii_strcasecmp (model, "Spherecam Emulator") == 0)
    return "spherecam-emulator";
  if (g_ascii_strcasecmp (model, "RICOH THETA S") == 0)
    return "ricoh-theta-s";
  if (g_ascii_strcasecmp (model, "RICOH THETA SC") == 0)
    return "ricoh-theta-sc";
  folded = g_ascii_strup (model, -1);
  if (strstr (folded, "MI SPHERE") != NULL || strstr (folded, "MISPHERE") != NULL)
    return "xiaomi-mi-sphere";

  return NULL;
}

/**
 * sc_lens_profile_load_for_model:
 * @model: (nullable): a camera model, as EXIF "Model" or the OSC info
 *   "model" names it ("RICOH THETA S", "Spherecam Emulator", …)
 *
 * Returns: (transfer full) (nullable): the built-in profile of @model, or
 *   %NULL when there is none
 */
ScLensProfile *
sc_lens_profile_load_for_model (const char *model)
{
  g_autoptr(GError) error = NULL;
  const char *name = builtin_for_model (model);
  ScLensProfile *profile;

  if (name == NULL)
    return NULL;

  profile = sc_lens_profile_load (name, &error);
  if (profile == NULL)
    g_warning ("The built-in lens profile %s cannot be read: %s", name, error->message);

  return profile;
}

/**
 * sc_lens_profile_scale:
 * @self: a profile
 * @width: the frame width to use it at
 * @height: the frame height
 *
 * Profiles scale with the frame: centres and radii are multiplied by the
 * ratio of the sizes (continuous coordinates, so the edges stay at 0 and
 * the width).
 *
 * Returns: (transfer full): a profile for @width×@height (a new reference to
 *   @self when the size is the same)
 */
ScLensProfile *
sc_lens_profile_scale (const ScLensProfile *self,
                       int                  width,
                       int                  height)
{
  ScLensProfile *scaled;
  double sx, sy;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  if (width == self->width && height == self->height)
    return sc_lens_profile_ref ((ScLensProfile *)self);

  sx = (double)width / self->width;
  sy = (double)height / self->height;

  scaled = sc_lens_profile_copy (self);
  scaled->width = width;
  scaled->height = height;
  for (guint i = 0; i < 2; i++)
    {
      scaled->lenses[i].cx *= sx;
      scaled->lenses[i].cy *= sy;
      scaled->lenses[i].radius *= sqrt (sx * sy);
    }

  return scaled;
}
