/* test-lens.c: the lens model and the calibration profiles
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <sc-core.h>

#include "emu-render.h"

static void
ray_from_angles (double lambda_deg,
                 double phi_deg,
                 double ray[3])
{
  double l = lambda_deg * G_PI / 180.0, p = phi_deg * G_PI / 180.0;

  ray[0] = cos (p) * sin (l);
  ray[1] = sin (p);
  ray[2] = cos (p) * cos (l);
}

static void
test_project (void)
{
  ScLens front = { .cx = 1440, .cy = 480, .radius = 470, .fov_deg = 200, .gain = 1 };
  ScLens back = front;
  double ray[3], px, py, theta;

  back.cx = 480;
  back.yaw_deg = 180;

  /* the axis lands on the centre */
  ray_from_angles (0, 0, ray);
  g_assert_true (sc_lens_project (&front, ray, &px, &py, &theta));
  g_assert_cmpfloat_with_epsilon (px, 1440, 1e-9);
  g_assert_cmpfloat_with_epsilon (py, 480, 1e-9);
  g_assert_cmpfloat_with_epsilon (theta, 0, 1e-9);

  /* equidistant: 90° right is at 0.9 × radius to the right; up is up */
  ray_from_angles (90, 0, ray);
  g_assert_true (sc_lens_project (&front, ray, &px, &py, &theta));
  g_assert_cmpfloat_with_epsilon (px, 1440 + 470 * 0.9, 1e-6);
  g_assert_cmpfloat_with_epsilon (py, 480, 1e-6);
  ray_from_angles (0, 45, ray);
  sc_lens_project (&front, ray, &px, &py, NULL);
  g_assert_cmpfloat_with_epsilon (py, 480 - 470 * 0.45, 1e-6);

  /* the back lens sees (−x, y, −z): λ = 180° at its centre, λ = 90° (right
   * of the camera) on its left, not mirrored */
  ray_from_angles (180, 0, ray);
  g_assert_true (sc_lens_project (&back, ray, &px, &py, &theta));
  g_assert_cmpfloat_with_epsilon (px, 480, 1e-6);
  g_assert_cmpfloat_with_epsilon (theta, 0, 1e-9);
  ray_from_angles (135, 0, ray);
  sc_lens_project (&back, ray, &px, NULL, NULL);
  g_assert_cmpfloat_with_epsilon (px, 480 - 470 * 0.45, 1e-6);
  ray_from_angles (0, 0, ray);
  g_assert_false (sc_lens_project (&back, ray, NULL, NULL, &theta));
  g_assert_cmpfloat_with_epsilon (theta, G_PI, 1e-9);

  /* 95° is inside a 200° lens, 101° is not */
  ray_from_angles (95, 0, ray);
  g_assert_true (sc_lens_project (&front, ray, NULL, NULL, NULL));
  ray_from_angles (101, 0, ray);
  g_assert_false (sc_lens_project (&front, ray, NULL, NULL, NULL));

  /* roll turns the image counter-clockwise */
  front.roll_deg = 90;
  ray_from_angles (45, 0, ray);
  sc_lens_project (&front, ray, &px, &py, NULL);
  g_assert_cmpfloat_with_epsilon (px, 1440, 1e-6);
  g_assert_cmpfloat_with_epsilon (py, 480 - 470 * 0.45, 1e-6);
  front.roll_deg = 0;

  /* distortion keeps the rim at radius and moves the inside */
  front.k1 = 0.05;
  ray_from_angles (100, 0, ray);
  sc_lens_project (&front, ray, &px, NULL, NULL);
  g_assert_cmpfloat_with_epsilon (px, 1440 + 470, 1e-6);
  ray_from_angles (50, 0, ray);
  sc_lens_project (&front, ray, &px, NULL, NULL);
  g_assert_cmpfloat (px, <, 1440 + 470 * 0.5);
}

static void
test_orientation_matrix (void)
{
  double m[9], ray[3], out[3];

  /* yaw 90: the output ray at λ = 90° comes from the camera's front */
  sc_orientation_matrix (90, 0, 0, m);
  ray_from_angles (90, 0, ray);
  for (guint i = 0; i < 3; i++)
    out[i] = m[i * 3] * ray[0] + m[i * 3 + 1] * ray[1] + m[i * 3 + 2] * ray[2];
  g_assert_cmpfloat_with_epsilon (out[0], 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (out[2], 1, 1e-12);

  /* pitch 30: the output ray at φ = 30° is the camera's axis */
  sc_orientation_matrix (0, 30, 0, m);
  ray_from_angles (0, 30, ray);
  for (guint i = 0; i < 3; i++)
    out[i] = m[i * 3] * ray[0] + m[i * 3 + 1] * ray[1] + m[i * 3 + 2] * ray[2];
  g_assert_cmpfloat_with_epsilon (out[1], 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (out[2], 1, 1e-12);

  /* a rotation: orthonormal, determinant 1 */
  sc_orientation_matrix (33, -12, 7, m);
  for (guint i = 0; i < 3; i++)
    for (guint j = 0; j < 3; j++)
      {
        double dot = m[i * 3] * m[j * 3] + m[i * 3 + 1] * m[j * 3 + 1] + m[i * 3 + 2] * m[j * 3 + 2];

        g_assert_cmpfloat_with_epsilon (dot, i == j ? 1.0 : 0.0, 1e-12);
      }
}

static void
test_emulator_json (void)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScLensProfile) profile = NULL;
  g_autoptr(ScLensProfile) builtin = NULL;
  g_autoptr(ScLensProfile) half = NULL;
  g_autoptr(ScLensProfile) again = NULL;
  g_autoptr(JsonNode) json = NULL;
  ScEmuRig rig;

  sc_emu_rig_init (&rig, 1920, 960);
  json_node_take_object (node, sc_emu_rig_to_json (&rig, 0.0));
  profile = sc_lens_profile_new_from_json (node, &error);
  g_assert_no_error (error);

  g_assert_cmpint (profile->width, ==, 1920);
  g_assert_cmpint (profile->height, ==, 960);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpfloat (profile->lenses[i].cx, ==, rig.lenses[i].cx);
      g_assert_cmpfloat (profile->lenses[i].cy, ==, rig.lenses[i].cy);
      g_assert_cmpfloat (profile->lenses[i].radius, ==, rig.lenses[i].radius);
      g_assert_cmpfloat (profile->lenses[i].roll_deg, ==, rig.lenses[i].roll_deg);
      g_assert_cmpfloat (profile->lenses[i].gain, ==, rig.lenses[i].gain);
      g_assert_cmpfloat (profile->lenses[i].yaw_deg, ==, rig.lenses[i].yaw_deg);
    }

  /* the shipped emulator profile is the rig */
  builtin = sc_lens_profile_load ("spherecam-emulator", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpfloat_with_epsilon (builtin->lenses[i].cx, rig.lenses[i].cx, 1e-9);
      g_assert_cmpfloat_with_epsilon (builtin->lenses[i].cy, rig.lenses[i].cy, 1e-9);
      g_assert_cmpfloat_with_epsilon (builtin->lenses[i].radius, rig.lenses[i].radius, 1e-9);
      g_assert_cmpfloat_with_epsilon (builtin->lenses[i].gain, rig.lenses[i].gain, 1e-9);
    }

  /* profiles scale with the frame: the emulator's 960×480 rig */
  half = sc_lens_profile_scale (profile, 960, 480);
  sc_emu_rig_init (&rig, 960, 480);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpfloat_with_epsilon (half->lenses[i].cx, rig.lenses[i].cx, 1e-9);
      g_assert_cmpfloat_with_epsilon (half->lenses[i].cy, rig.lenses[i].cy, 1e-9);
      g_assert_cmpfloat_with_epsilon (half->lenses[i].radius, rig.lenses[i].radius, 1e-9);
    }

  /* round trip */
  json = sc_lens_profile_to_json (half);
  again = sc_lens_profile_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (again->lenses, sizeof again->lenses, half->lenses, sizeof half->lenses);
}

static void
test_builtin_profiles (void)
{
  g_auto(GStrv) names = sc_lens_profile_list_builtin ();
  const char *expected[] = { "ricoh-theta-s", "ricoh-theta-sc", "spherecam-emulator", "xiaomi-mi-sphere" };

  g_assert_cmpuint (g_strv_length (names), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ScLensProfile) profile = NULL;
      g_autofree char *path = g_build_filename (SC_TEST_SRCDIR, "data", "calibration", NULL);
      g_autofree char *file = g_strconcat (path, "/", expected[i], ".json", NULL);
      g_autoptr(ScLensProfile) from_file = NULL;

      g_assert_cmpstr (names[i], ==, expected[i]);
      profile = sc_lens_profile_load (names[i], &error);
      g_assert_no_error (error);
      g_test_message ("%s: “%s” %d×%d", names[i], profile->name, profile->width, profile->height);

      /* sane numbers: 2:1 frame, each circle in its own half, the rim
       * inside the frame, back-to-back lenses, a fisheye's field of view,
       * a monotonic r(θ) */
      g_assert_cmpint (profile->width, ==, 2 * profile->height);
      for (guint k = 0; k < 2; k++)
        {
          const ScLens *lens = &profile->lenses[k];
          double half = profile->width / 2.0;

          g_assert_cmpfloat (lens->cx, >, k * half + lens->radius - 1.0);
          g_assert_cmpfloat (lens->cx, <, (k + 1) * half - lens->radius + 1.0);
          g_assert_cmpfloat (lens->cy - lens->radius, >=, -1.0);
          g_assert_cmpfloat (lens->cy + lens->radius, <=, profile->height + 1.0);
          g_assert_cmpfloat (lens->fov_deg, >=, 180.0);
          g_assert_cmpfloat (lens->fov_deg, <=, 220.0);
          g_assert_cmpfloat (lens->yaw_deg, ==, k == SC_LENS_BACK ? 180.0 : 0.0);
          for (double t = 0.01; t <= lens->fov_deg / 2.0 * G_PI / 180.0; t += 0.01)
            {
              double dr = 1.0 + 3.0 * lens->k1 * t * t + 5.0 * lens->k2 * t * t * t * t;

              g_assert_cmpfloat (dr, >, 0.0);
            }
        }

      /* the same file loads by path */
      from_file = sc_lens_profile_load (file, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (from_file->lenses, sizeof from_file->lenses,
                       profile->lenses, sizeof profile->lenses);
    }
}

static void
test_bad_profiles (void)
{
  static const char * const bad[] = {
    "",
    "[]",
    "{\"width\":1920,\"height\":960}",
    "{\"spherecam_lens_model\":\"fisheye-of-doom\",\"width\":1920,\"height\":960,\"lenses\":[]}",
    "{\"spherecam_lens_model\":\"equidistant\",\"width\":1920,\"height\":960,\"lenses\":[{}]}",
    "{\"spherecam_lens_model\":\"equidistant\",\"width\":1920,\"height\":960,\"lenses\":"
      "[{\"cx\":480,\"cy\":480,\"radius\":470,\"fov_deg\":200},{\"cx\":\"1440\",\"cy\":480,\"radius\":470,\"fov_deg\":200}]}",
    "{\"spherecam_lens_model\":\"equidistant\",\"width\":1920,\"height\":960,\"lenses\":"
      "[{\"cx\":480,\"cy\":480,\"radius\":470,\"fov_deg\":200},{\"cx\":1440,\"cy\":480,\"radius\":-4,\"fov_deg\":200}]}",
    "{\"spherecam_lens_model\":\"equidistant\",\"width\":-3,\"height\":960,\"lenses\":[]}",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScLensProfile) missing = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(ScLensProfile) profile = sc_lens_profile_new_from_data (bad[i], -1, &error);

      g_assert_null (profile);
      g_assert_error (error, SC_LENS_ERROR, SC_LENS_ERROR_INVALID_PROFILE);
      g_test_message ("%s → %s", bad[i], error->message);
      g_clear_error (&error);
    }

  missing = sc_lens_profile_load ("no-such-camera", &error);
  g_assert_null (missing);
  g_assert_error (error, SC_LENS_ERROR, SC_LENS_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lens/project", test_project);
  g_test_add_func ("/lens/orientation-matrix", test_orientation_matrix);
  g_test_add_func ("/lens/emulator-json", test_emulator_json);
  g_test_add_func ("/lens/builtin-profiles", test_builtin_profiles);
  g_test_add_func ("/lens/bad-profiles", test_bad_profiles);

  return g_test_run ();
}
