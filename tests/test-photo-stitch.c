/* test-photo-stitch.c: stitching the emulator's photos into equirectangular JPEGs
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two photos are taken with the emulator (GPS set on the camera) and
 * downloaded once; each case stitches them (CPU path, GL path forced on
 * llvmpipe at a small size, the job) and checks the output with exiftool,
 * sc_360_check() and the emulator's ground truth at the photo's heading.
 * A third photo is taken with the camera held tilted (emulator --tilt):
 * stitched with levelling it must match the level ground truth, without
 * it its GPano must carry the tilt (signs checked on the pixels).
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/video/video.h>
#include <libsoup/soup.h>
#include <sc-core.h>

#include "emu-render.h"
#include "sc-image-test-util.h"
#include "sc-horizon-test-util.h"
#include "sc-osc-test-util.h"
#include "sc-test-util.h"

#define CAMERA_LATITUDE  35.681236
#define CAMERA_LONGITUDE 139.767125

/* The tilted camera's attitude, as sc_orientation_matrix() takes it, and
 * what GPano says for it (emu-render.c: PosePitch = pitch, PoseRoll = −roll). */
#define TILT_PITCH       8.0
#define TILT_ROLL        (-5.0)
#define TILT_ARG         "8,-5"
#define GPANO_PITCH      8.0
#define GPANO_ROLL       5.0

static char *photos[2];        /* downloaded emulator photos */
static char *tilted;           /* one taken with the camera tilted */
static char *photo_dir;

typedef struct
{
  ScPermissions *permissions;
  char          *dir;
  GFile         *directory;
} Fixture;

/* --- helpers ---------------------------------------------------------- */

static JsonObject *
exiftool (const char *path)
{
  const char *argv[] = { "exiftool", "-n", "-json", path, NULL };
  g_autofree char *out = sc_test_run_tool (argv);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  return json_object_ref (json_array_get_object_element (array, 0));
}

static char *
checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

/* Sorted names in @dir, hidden ones included. */
static char *
listing (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("\n", (char **) names->pdata);
}

typedef ScTestImage Image;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Image, sc_test_image_free)


static const ScEmuImage *
get_scene (void)
{
  static ScEmuImage *scene;

  if (scene == NULL)
    {
      g_autoptr(GError) error = NULL;
      const ScEmuImage *full;

      sc_emu_scene_set_path (SC_TEST_SCENE);
      full = sc_emu_scene_get (&error);
      g_assert_no_error (error);
      scene = sc_emu_image_downscale (full, 1024, 512);
    }
  return scene;
}

/* The heading the emulator recorded in the photo's lens JSON. */
static double
photo_yaw (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(ScPhotoMeta) meta = { 0 };
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
  g_assert_true (sc_photo_meta_read (bytes, &meta, &error));
  g_assert_no_error (error);
  g_assert_nonnull (meta.lens_json);
  json_parser_load_from_data (parser, meta.lens_json, -1, &error);
  g_assert_no_error (error);
  return json_object_get_double_member (json_node_get_object (json_parser_get_root (parser)), "yaw");
}

static ScEmuImage *
truth_for (const Image *image,
           double       yaw)
{
  ScEmuImage *truth = sc_emu_image_new (image->width, image->height);

  sc_emu_render_equirect (get_scene (), yaw, truth);
  return truth;
}

static ScHorizonImage
view_image (const Image *image)
{
  return (ScHorizonImage) { image->rgba, image->width, image->height, image->width * 4, 4 };
}

static ScHorizonImage
view_truth (const ScEmuImage *truth)
{
  return (ScHorizonImage) { truth->data, truth->width, truth->height, truth->stride, 3 };
}

/* The tilt left in @output (level: 0, 0), against the ground truth at the
 * heading of @input. */
static void
measure_tilt (const char *input,
              const char *output,
              double     *pitch,
              double     *roll)
{
  g_autoptr(Image) image = sc_test_image_decode_jpeg (output);
  g_autoptr(ScEmuImage) truth = truth_for (image, photo_yaw (input));
  ScHorizonImage a = view_image (image), b = view_truth (truth);

  sc_horizon_test_find_tilt (&a, &b, 10.0, pitch, roll);
  g_test_message ("%s: tilt pitch %.2f°, roll %.2f°", output, *pitch, *roll);
}

static double
psnr_against_truth (const char *output,
                    double      yaw)
{
  g_autoptr(Image) image = sc_test_image_decode_jpeg (output);
  g_autoptr(ScEmuImage) truth = truth_for (image, yaw);
  double sum = 0.0;

  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      for (int c = 0; c < 3; c++)
        {
          double d = (double) image->rgba[((gsize) y * image->width + x) * 4 + c]
                   - truth->data[(gsize) y * truth->stride + x * 3 + c];
          sum += d * d;
        }
  sum /= (double) image->width * image->height * 3;
  return sum > 0 ? 10.0 * log10 (255.0 * 255.0 / sum) : 99.0;
}

static void
assert_same_member (JsonObject *a,
                    JsonObject *b,
                    const char *name)
{
  JsonNode *na = json_object_get_member (a, name);
  JsonNode *nb = json_object_get_member (b, name);
  g_autofree char *sa = NULL;
  g_autofree char *sb = NULL;

  if (na == NULL || nb == NULL)
    g_error ("exiftool: %s missing (%s)", name, na == NULL ? "input" : "output");
  sa = json_to_string (na, FALSE);
  sb = json_to_string (nb, FALSE);
  g_assert_cmpstr (sa, ==, sb);
}

/* Everything a stitched photo must be. */
static void
assert_output (const char *input,
               const char *output,
               int         width)
{
  g_autoptr(JsonObject) in = exiftool (input);
  g_autoptr(JsonObject) out = exiftool (output);
  g_autoptr(GFile) file = g_file_new_for_path (output);
  g_autoptr(GError) error = NULL;
  ScCheckResult check = { 0 };
  double psnr;

  g_assert_true (g_file_test (output, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (json_object_get_string_member (out, "ProjectionType"), ==, "equirectangular");
  g_assert_true (json_object_has_member (out, "UsePanoramaViewer"));
  g_assert_cmpint (json_object_get_int_member (out, "FullPanoWidthPixels"), ==, width);
  g_assert_cmpint (json_object_get_int_member (out, "FullPanoHeightPixels"), ==, width / 2);
  g_assert_cmpint (json_object_get_int_member (out, "ImageWidth"), ==, width);
  g_assert_cmpint (json_object_get_int_member (out, "ExifImageWidth"), ==, width);
  assert_same_member (in, out, "Make");
  assert_same_member (in, out, "Model");
  assert_same_member (in, out, "DateTimeOriginal");
  assert_same_member (in, out, "GPSLatitude");
  assert_same_member (in, out, "GPSLongitude");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (out, "GPSLatitude"), CAMERA_LATITUDE, 1e-5);
  g_assert_false (json_object_has_member (out, "UserComment"));

  g_assert_true (sc_360_check (file, &check, &error));
  g_assert_no_error (error);
  if (!check.valid)
    g_error ("sc_360_check: %s", check.problem);
  sc_check_result_clear (&check);

  psnr = psnr_against_truth (output, photo_yaw (input));
  g_test_message ("%s: PSNR %.2f dB against the ground truth", output, psnr);
  g_assert_cmpfloat (psnr, >=, 28.0);
}

/* --- fixture ----------------------------------------------------------- */

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->permissions = sc_permissions_new (NULL);
  sc_permissions_set_default (fixture->permissions);
  fixture->dir = g_dir_make_tmp ("test-photo-stitch-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->directory = g_file_new_for_path (fixture->dir);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_object (&fixture->directory);
  sc_permissions_set_default (NULL);
  g_clear_object (&fixture->permissions);
}

/* --- cases ------------------------------------------------------------- */

static void
test_cpu (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *before = checksum (photos[0]);
  g_autofree char *after = NULL;
  g_autofree char *output = g_build_filename (fixture->dir, "out.jpg", NULL);
  g_autofree char *again = g_build_filename (fixture->dir, "again.jpg", NULL);
  g_autofree char *listed = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(GFile) in = g_file_new_for_path (photos[0]);
  g_autoptr(GFile) out = g_file_new_for_path (output);
  g_autoptr(GFile) again_file = g_file_new_for_path (again);
  g_autoptr(GError) error = NULL;
  ScStitchOptions options;
  ScStitchPath used = SC_STITCH_PATH_AUTO;

  sc_stitch_options_init_default (&options);
  options.path = SC_STITCH_PATH_CPU;
  options.width = 1024;
  g_assert_true (sc_photo_stitch (in, out, &options, NULL, &used, &reason, &error));
  g_assert_no_error (error);
  g_assert_cmpint (used, ==, SC_STITCH_PATH_CPU);
  g_assert_nonnull (reason);

  after = checksum (photos[0]);
  g_assert_cmpstr (before, ==, after);
  assert_output (photos[0], output, 1024);

  /* Not over an existing file. */
  listed = listing (fixture->dir);
  g_assert_false (sc_photo_stitch (in, out, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  /* Never stitched twice. */
  g_assert_false (sc_photo_stitch (out, again_file, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, SC_LENS_ERROR, SC_LENS_ERROR_NOT_DUAL_FISHEYE);
  g_clear_error (&error);
  {
    g_autofree char *now = listing (fixture->dir);
    g_assert_cmpstr (now, ==, listed);
  }
}

static void
test_gpu (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *before = checksum (photos[1]);
  g_autofree char *after = NULL;
  g_autofree char *output = g_build_filename (fixture->dir, "gpu.jpg", NULL);
  g_autofree char *reason = NULL;
  g_autoptr(GFile) in = g_file_new_for_path (photos[1]);
  g_autoptr(GFile) out = g_file_new_for_path (output);
  g_autoptr(GError) error = NULL;
  ScStitchOptions options;
  ScStitchPath used = SC_STITCH_PATH_AUTO;

  sc_stitch_options_init_default (&options);
  options.path = SC_STITCH_PATH_GPU;
  options.width = 512;
  g_assert_true (sc_photo_stitch (in, out, &options, NULL, &used, &reason, &error));
  g_assert_no_error (error);
  g_assert_cmpint (used, ==, SC_STITCH_PATH_GPU);
  g_test_message ("GPU path: %s", reason);

  after = checksum (photos[1]);
  g_assert_cmpstr (before, ==, after);
  assert_output (photos[1], output, 512);
}

static void
test_truncated (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *contents = NULL;
  g_autofree char *cut = g_build_filename (photo_dir, "cut.jpg", NULL);
  g_autofree char *output = g_build_filename (fixture->dir, "cut-equirect.jpg", NULL);
  g_autofree char *before = listing (fixture->dir);
  g_autofree char *after = NULL;
  g_autoptr(GFile) in = g_file_new_for_path (cut);
  g_autoptr(GFile) out = g_file_new_for_path (output);
  g_autoptr(GError) error = NULL;
  ScStitchOptions options;
  gsize len;

  g_assert_true (g_file_get_contents (photos[0], &contents, &len, NULL));
  g_assert_true (g_file_set_contents (cut, contents, len / 2, NULL));

  sc_stitch_options_init_default (&options);
  options.path = SC_STITCH_PATH_CPU;
  g_assert_false (sc_photo_stitch (in, out, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  after = listing (fixture->dir);
  g_assert_cmpstr (after, ==, before);
  g_unlink (cut);
}

static void
test_denied (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *output = g_build_filename (fixture->dir, "denied.jpg", NULL);
  g_autofree char *before = listing (fixture->dir);
  g_autofree char *after = NULL;
  g_autoptr(GFile) in = g_file_new_for_path (photos[0]);
  g_autoptr(GFile) out = g_file_new_for_path (output);
  g_autoptr(GError) error = NULL;
  ScStitchOptions options;

  sc_permissions_set (fixture->permissions, SC_PERMISSION_STORAGE, FALSE);
  sc_stitch_options_init_default (&options);
  options.path = SC_STITCH_PATH_CPU;
  g_assert_false (sc_photo_stitch (in, out, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, SC_PERMISSION_ERROR, SC_PERMISSION_ERROR_DENIED);
  after = listing (fixture->dir);
  g_assert_cmpstr (after, ==, before);
}

static gboolean
job_finished (gpointer data)
{
  return sc_job_is_finished (data);
}

static void
on_progress (GObject    *job,
             GParamSpec *pspec,
             gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_job (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ScJob) job = NULL;
  g_auto(GStrv) paths = NULL;
  const char *path = NULL;
  GVariant *result;
  ScStitchOptions options;
  guint updates = 0;

  for (guint i = 0; i < G_N_ELEMENTS (photos); i++)
    g_ptr_array_add (inputs, g_file_new_for_path (photos[i]));
  sc_stitch_options_init_default (&options);
  options.path = SC_STITCH_PATH_CPU;
  options.width = 512;

  job = sc_photo_stitch_job_new (inputs, fixture->directory, &options);
  g_assert_cmpstr (sc_job_get_kind (job), ==, "stitch");
  g_signal_connect (job, "notify::progress", G_CALLBACK (on_progress), &updates);
  g_assert_true (sc_osc_test_wait_for (job_finished, job, 60000));
  if (sc_job_get_error (job) != NULL)
    g_error ("The job failed: %s", sc_job_get_error (job)->message);
  g_assert_cmpint (sc_job_get_state (job), ==, SC_JOB_STATE_DONE);
  g_assert_cmpuint (updates, >=, 2);

  result = sc_job_get_result (job);
  g_assert_true (g_variant_lookup (result, "paths", "^as", &paths));
  g_assert_cmpuint (g_strv_length (paths), ==, 2);
  g_assert_true (g_variant_lookup (result, "path", "&s", &path));
  g_assert_cmpstr (path, ==, "cpu");
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *base = g_path_get_basename (paths[i]);
      g_autofree char *stem = g_path_get_basename (photos[i]);

      *strrchr (stem, '.') = '\0';
      g_assert_true (g_str_has_prefix (base, stem));
      g_assert_true (g_str_has_suffix (base, "-equirect.jpg"));
      assert_output (photos[i], paths[i], 512);
    }

  /* Again into the same folder: numbered names, nothing replaced. */
  {
    g_autoptr(ScJob) second = sc_photo_stitch_job_new (inputs, fixture->directory, &options);
    g_auto(GStrv) more = NULL;

    g_assert_true (sc_osc_test_wait_for (job_finished, second, 60000));
    g_assert_null (sc_job_get_error (second));
    g_assert_true (g_variant_lookup (sc_job_get_result (second), "paths", "^as", &more));
    g_assert_cmpuint (g_strv_length (more), ==, 2);
    g_assert_true (g_str_has_suffix (more[0], "-equirect (1).jpg"));
  }
}

static void
test_job_cancel (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ScJob) job = NULL;
  g_autofree char *listed = NULL;
  ScStitchOptions options;

  for (guint i = 0; i < G_N_ELEMENTS (photos); i++)
    g_ptr_array_add (inputs, g_file_new_for_path (photos[i]));
  sc_stitch_options_init_default (&options);
  options.path = SC_STITCH_PATH_CPU;

  job = sc_photo_stitch_job_new (inputs, fixture->directory, &options);
  sc_job_cancel (job);
  g_assert_true (sc_osc_test_wait_for (job_finished, job, 60000));
  g_assert_cmpint (sc_job_get_state (job), ==, SC_JOB_STATE_CANCELLED);
  listed = listing (fixture->dir);
  g_assert_cmpstr (listed, ==, "");
}

static char *
stitch_to (Fixture      *fixture,
           const char   *input,
           const char   *name,
           ScStitchPath  path,
           gboolean      level,
           char        **reason)
{
  char *output = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GFile) in = g_file_new_for_path (input);
  g_autoptr(GFile) out = g_file_new_for_path (output);
  g_autoptr(GError) error = NULL;
  ScStitchOptions options;
  ScStitchPath used = SC_STITCH_PATH_AUTO;

  sc_stitch_options_init_default (&options);
  options.path = path;
  options.width = 512;
  options.level = level;
  g_assert_true (sc_photo_stitch (in, out, &options, NULL, &used, reason, &error));
  g_assert_no_error (error);
  g_assert_cmpint (used, ==, path);
  g_test_message ("%s: %s", name, *reason);

  return output;
}

/* Levelled from the gravity data: the level ground truth, on @data's path */
static void
test_level (Fixture       *fixture,
            gconstpointer  data)
{
  ScStitchPath path = GPOINTER_TO_INT (data);
  g_autofree char *reason = NULL;
  g_autofree char *output = stitch_to (fixture, tilted, "level.jpg", path, TRUE, &reason);
  g_autoptr(JsonObject) out = exiftool (output);
  double psnr, pitch, roll;

  g_assert_nonnull (strstr (reason, "gravity data"));
  g_assert_null (strstr (reason, "no gravity data"));

  psnr = psnr_against_truth (output, photo_yaw (tilted));
  g_test_message ("levelled on the %s path: PSNR %.2f dB", sc_stitch_path_to_string (path), psnr);
  g_assert_cmpfloat (psnr, >=, 30.0);
  measure_tilt (tilted, output, &pitch, &roll);
  g_assert_cmpfloat (hypot (pitch, roll), <, 0.5);

  /* Level now: the tilt is known, and 0 */
  g_assert_cmpfloat (json_object_get_double_member (out, "PosePitchDegrees"), ==, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (out, "PoseRollDegrees"), ==, 0.0);
  assert_output (tilted, output, 512);
}

/* Not levelled: the tilt stays in the pixels and GPano says how much */
static void
test_unlevelled (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(JsonObject) in = exiftool (tilted);
  g_autofree char *reason = NULL;
  g_autofree char *output = stitch_to (fixture, tilted, "tilted.jpg", SC_STITCH_PATH_CPU, FALSE,
                                       &reason);
  g_autoptr(JsonObject) out = exiftool (output);
  g_autoptr(Image) image = sc_test_image_decode_jpeg (output);
  g_autoptr(ScEmuImage) truth = truth_for (image, photo_yaw (tilted));
  ScHorizonImage a = view_image (image), b = view_truth (truth);
  double psnr, pitch, roll, right, wrong_roll, wrong_pitch;

  /* The camera recorded its attitude as a THETA does (dual-fisheye: no
   * ProjectionType) */
  g_assert_false (json_object_has_member (in, "ProjectionType"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (in, "PosePitchDegrees"), GPANO_PITCH, 0.01);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (in, "PoseRollDegrees"), GPANO_ROLL, 0.01);
  g_assert_null (strstr (reason, "gravity"));

  psnr = psnr_against_truth (output, photo_yaw (tilted));
  g_test_message ("not levelled: PSNR %.2f dB", psnr);
  g_assert_cmpfloat (psnr, <, 30.0);

  g_assert_cmpstr (json_object_get_string_member (out, "ProjectionType"), ==, "equirectangular");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (out, "PosePitchDegrees"), GPANO_PITCH, 0.051);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (out, "PoseRollDegrees"), GPANO_ROLL, 0.051);

  /* The pixels are tilted as the emulator held the camera (our signs) */
  sc_horizon_test_find_tilt (&a, &b, 10.0, &pitch, &roll);
  g_test_message ("measured tilt: pitch %.2f°, roll %.2f°", pitch, roll);
  g_assert_cmpfloat (fabs (pitch - TILT_PITCH), <, 0.5);
  g_assert_cmpfloat (fabs (roll - TILT_ROLL), <, 0.5);

  /* And GPano's words fit them: the centre is PosePitch above the horizon,
   * the horizon turned counter-clockwise by PoseRoll; the other signs do not */
  right = sc_horizon_test_gpano_patch_mse (&a, &b, GPANO_PITCH, GPANO_ROLL, 20.0);
  wrong_roll = sc_horizon_test_gpano_patch_mse (&a, &b, GPANO_PITCH, -GPANO_ROLL, 20.0);
  wrong_pitch = sc_horizon_test_gpano_patch_mse (&a, &b, -GPANO_PITCH, GPANO_ROLL, 20.0);
  g_test_message ("GPano patch MSE: %.1f; roll sign flipped %.1f; pitch sign flipped %.1f",
                  right, wrong_roll, wrong_pitch);
  g_assert_cmpfloat (right * 2, <, wrong_roll);
  g_assert_cmpfloat (right * 2, <, wrong_pitch);
}

/* No "pose" in the lens JSON: the XMP GPano tilt is the gravity data */
static void
test_level_xmp (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *contents = NULL;
  g_autofree char *copy = g_build_filename (photo_dir, "xmp-only.jpg", NULL);
  g_autofree char *reason = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ScLensProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(ScPhotoMeta) meta = { 0 };
  char *pose;
  gsize len;
  double psnr, pitch, roll;

  /* Rename the lens JSON's "pose" in place (same length: the EXIF stays
   * valid); the lens model ignores the unknown member. */
  g_assert_true (g_file_get_contents (tilted, &contents, &len, NULL));
  pose = NULL;
  for (gsize i = 0; pose == NULL && i + 8 <= len; i++)
    if (memcmp (contents + i, "\"pose\":{", 8) == 0)
      pose = contents + i;
  g_assert_nonnull (pose);
  memcpy (pose, "\"posX\":{", 8);
  g_assert_true (g_file_set_contents (copy, contents, (gssize) len, NULL));
  bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
  g_assert_true (sc_photo_meta_read (bytes, &meta, &error));
  g_assert_no_error (error);
  profile = sc_lens_profile_new_from_data (meta.lens_json, -1, &error);
  g_assert_no_error (error);
  g_assert_false (profile->has_pose);

  output = stitch_to (fixture, copy, "level-xmp.jpg", SC_STITCH_PATH_CPU, TRUE, &reason);
  g_assert_null (strstr (reason, "no gravity data"));
  psnr = psnr_against_truth (output, photo_yaw (copy));
  g_test_message ("levelled from XMP: PSNR %.2f dB", psnr);
  g_assert_cmpfloat (psnr, >=, 30.0);
  measure_tilt (copy, output, &pitch, &roll);
  g_assert_cmpfloat (hypot (pitch, roll), <, 0.5);
  g_unlink (copy);
}

/* Levelling asked for, no gravity data: stitched as shot, and said so */
static void
test_level_no_gravity (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *reason = NULL;
  g_autofree char *output = stitch_to (fixture, photos[0], "no-gravity.jpg", SC_STITCH_PATH_CPU,
                                       TRUE, &reason);
  g_autoptr(JsonObject) out = exiftool (output);

  g_assert_nonnull (strstr (reason, "no gravity data: not levelled"));
  g_assert_false (json_object_has_member (out, "PosePitchDegrees"));
  g_assert_false (json_object_has_member (out, "PoseRollDegrees"));
  g_assert_cmpfloat (json_object_get_double_member (out, "PoseHeadingDegrees"), ==, 0.0);
  assert_output (photos[0], output, 512);
}

/* --- the photos -------------------------------------------------------- */

/* Turns GPS tagging on in the emulator at @emu_url. */
static void
set_gps (const char *emu_url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *url = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GBytes) body = NULL;

  url = g_strconcat (emu_url, "/osc/commands/execute", NULL);
  json = g_strdup_printf ("{\"name\":\"camera.setOptions\",\"parameters\":"
                          "{\"options\":{\"gpsInfo\":{\"lat\":%.6f,\"lng\":%.6f,\"_altitude\":40,"
                          "\"_dateTimeZone\":\"2026:01:02 10:11:12+09:00\",\"_datum\":\"WGS84\"},"
                          "\"_gpsTagRecording\":\"on\"}}}", CAMERA_LATITUDE, CAMERA_LONGITUDE);
  body = g_bytes_new (json, strlen (json));
  message = soup_message_new ("POST", url);
  soup_message_set_request_body_from_bytes (message, "application/json;charset=utf-8", body);
  reply = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
}

/* Takes @n photos with an emulator started with @tilt (or level) into
 * photo_dir. */
static void
take_with (const char  *tilt,
           char       **paths,
           guint        n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) directory = g_file_new_for_path (photo_dir);
  ScOscEmulator emu = { 0 };
  ScCamera *camera;

  if (tilt != NULL)
    sc_osc_emulator_start (&emu, "--tilt", tilt, NULL);
  else
    sc_osc_emulator_start (&emu, NULL);
  camera = sc_osc_test_new_connected_camera (emu.url);
  set_gps (emu.url);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScCameraFile) file = sc_osc_test_take_picture (camera, &error);
      g_autoptr(GFile) local = NULL;
      ScOscProgress progress = { 0 };

      g_assert_no_error (error);
      local = sc_osc_test_download (camera, file, directory, &progress, &error);
      g_assert_no_error (error);
      paths[i] = g_file_get_path (local);
    }

  sc_camera_disconnect (camera);
  sc_osc_test_finish_camera (&camera);
  sc_osc_emulator_stop (&emu);
}

static void
take_photos (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScPermissions) permissions = sc_permissions_new (NULL);

  sc_permissions_set_default (permissions);
  photo_dir = g_dir_make_tmp ("test-photo-stitch-in-XXXXXX", &error);
  g_assert_no_error (error);

  take_with (NULL, photos, G_N_ELEMENTS (photos));
  /* The same camera held tilted */
  take_with (TILT_ARG, &tilted, 1);
  sc_permissions_set_default (NULL);
}

static void
remove_photos (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (photos); i++)
    {
      g_unlink (photos[i]);
      g_clear_pointer (&photos[i], g_free);
    }
  g_unlink (tilted);
  g_clear_pointer (&tilted, g_free);
  g_rmdir (photo_dir);
  g_clear_pointer (&photo_dir, g_free);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *exiftool_path = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  if (!sc_core_init (&error))
    g_error ("%s", error->message);
  if ((exiftool_path = g_find_program_in_path ("exiftool")) == NULL)
    g_error ("exiftool is not installed; it is needed by this test");

  take_photos ();

#define ADD(path, func) \
  g_test_add ("/sc-core/photo-stitch/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("cpu", test_cpu);
  ADD ("gpu", test_gpu);
  ADD ("truncated", test_truncated);
  ADD ("denied", test_denied);
  ADD ("job", test_job);
  ADD ("job-cancel", test_job_cancel);
  g_test_add ("/sc-core/photo-stitch/level-cpu", Fixture, GINT_TO_POINTER (SC_STITCH_PATH_CPU),
              fixture_setup, test_level, fixture_teardown);
  g_test_add ("/sc-core/photo-stitch/level-gpu", Fixture, GINT_TO_POINTER (SC_STITCH_PATH_GPU),
              fixture_setup, test_level, fixture_teardown);
  ADD ("unlevelled", test_unlevelled);
  ADD ("level-xmp", test_level_xmp);
  ADD ("level-no-gravity", test_level_no_gravity);

  ret = g_test_run ();
  remove_photos ();

  return ret;
}
