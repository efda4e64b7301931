/* test-stitch-dbus.c: org.spherecam.Spherecam.Stitcher and
 * `spherecamctl stitch`, end to end
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real service (activated on a GTestDBus bus) stitches dual-fisheye
 * photos that the camera emulator took and the service downloaded; this
 * program calls the interface, runs spherecamctl and reads the files it
 * wrote with exiftool; a photo taken with the camera tilted is levelled
 * with --level (its horizon measured against the emulator's scene).
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "emu-render.h"
#include "sc-dbus-generated.h"
#include "sc-emulator-launcher.h"
#include "sc-horizon-test-util.h"
#include "sc-test-util.h"

#define BUS_NAME       "org.spherecam.Spherecam"
#define OBJECT_PATH    "/org/spherecam/Spherecam"
#define ERROR_CONSENT  "org.spherecam.Spherecam.Error.Permission.ConsentRequired"
#define ERROR_ARGS     "org.freedesktop.DBus.Error.InvalidArgs"

static char *home_dir;

/* Running spherecamctl */

/* Runs spherecamctl ARGS… and checks its exit status */
static void
ctl (ScTestRun  *run,
     int         expected,
     const char *first,
     ...)
{
  va_list ap;

  va_start (ap, first);
  sc_test_ctl_valist (run, NULL, first, ap);
  va_end (ap);

  g_assert_cmpint (run->status, ==, expected);
}

/* The same in @cwd */
static void
ctl_at (ScTestRun  *run,
        const char *cwd,
        int         expected,
        const char *first,
        ...)
{
  va_list ap;

  va_start (ap, first);
  sc_test_ctl_valist (run, cwd, first, ap);
  va_end (ap);

  g_assert_cmpint (run->status, ==, expected);
}

/* Helpers */

static char *
make_dir (const char *name)
{
  char *dir = g_build_filename (home_dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  return dir;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (handle);
  while (g_dir_read_name (handle) != NULL)
    n++;

  return n;
}

static GDBusConnection *
session_bus (void)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);

  g_assert_no_error (error);

  return bus;
}

static ScDbusStitcher *
stitcher_proxy (void)
{
  g_autoptr(GDBusConnection) bus = session_bus ();
  g_autoptr(GError) error = NULL;
  ScDbusStitcher *proxy;

  proxy = sc_dbus_stitcher_proxy_new_sync (bus, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                           BUS_NAME, OBJECT_PATH, NULL, &error);
  g_assert_no_error (error);

  return proxy;
}

/* Calls Stitch and returns the D-Bus error name it answered with (NULL if
 * it made a job) */
static char *
stitch_error_name (ScDbusStitcher     *proxy,
                   const char * const *inputs,
                   const char         *directory,
                   GVariant           *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *job = NULL;
  char *name;

  if (sc_dbus_stitcher_call_stitch_sync (proxy, inputs, directory, options, &job, NULL, &error))
    return NULL;

  g_test_message ("Stitch: %s", error->message);
  name = g_dbus_error_get_remote_error (error);
  g_assert_nonnull (name);
  /* A clear sentence, not GDBus's wrapping */
  g_dbus_error_strip_remote_error (error);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_null (strstr (error->message, "GDBus.Error"));

  return name;
}

/* exiftool -TAG of @path, as text */
static char *
exif_tag (const char *path,
          const char *tag)
{
  g_autofree char *option = g_strdup_printf ("-%s", tag);
  const char *argv[] = { g_getenv ("SC_TEST_EXIFTOOL"), "-s", "-s", "-s", option, path, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_nonnull (argv[0]);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return g_strchomp (out);
}

/* Takes a picture with the emulator through the service and downloads it
 * into @dir: a real dual-fisheye JPEG with its lens description */
static char *
take_picture (const char *dir)
{
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  char *path;

  ctl (&run, 0, "--json", "shoot", "--download", dir, NULL);
  path = g_strdup (json_object_get_string_member (sc_test_run_json (&run, &root), "path"));
  g_assert_true (g_str_has_prefix (path, dir));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  return path;
}

/* Tests */

/* Usage errors are found before any D-Bus call: exit status 2 */
static void
test_usage (void)
{
  g_auto(ScTestRun) run = { 0 };

  ctl (&run, 0, "--help", NULL);
  g_assert_nonnull (strstr (run.out, "stitch"));
  ctl (&run, 0, "stitch", "--help", NULL);
  g_assert_nonnull (strstr (run.out, "--cpu"));
  g_assert_nonnull (strstr (run.out, "--profile"));

  ctl (&run, 2, "stitch", NULL);
  g_assert_nonnull (strstr (run.err, "--help"));
  ctl (&run, 2, "stitch", "a.jpg", "b.jpg", "-o", "/tmp/out.jpg", NULL);
  g_assert_nonnull (strstr (run.err, "--to"));
  ctl (&run, 2, "stitch", "a.jpg", "--cpu", "--gpu", NULL);
  g_assert_nonnull (strstr (run.err, "--cpu"));
  ctl (&run, 2, "stitch", "a.jpg", "-o", "/tmp/out.jpg", "--to", "/tmp", NULL);
  ctl (&run, 2, "stitch", "a.jpg", "--width", "wide", NULL);
}

/* Without consent, Stitch is refused at the door */
static void
test_consent (void)
{
  g_autoptr(GDBusConnection) bus = session_bus ();
  g_autoptr(ScDbusStitcher) proxy = stitcher_proxy ();
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *name = NULL;
  g_autofree char *out_dir = make_dir ("consent");
  g_autofree char *input = g_build_filename (out_dir, "photo.jpg", NULL);
  const char *inputs[] = { input, NULL };

  reply = g_dbus_connection_call_sync (bus, BUS_NAME, OBJECT_PATH,
                                       "org.spherecam.Spherecam.Privacy", "RevokeConsent",
                                       NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);

  name = stitch_error_name (proxy, inputs, out_dir, g_variant_new ("a{sv}", NULL));
  g_assert_cmpstr (name, ==, ERROR_CONSENT);

  ctl (&run, 1, "stitch", input, "--to", out_dir, NULL);
  sc_test_assert_text_error (&run);
  g_assert_nonnull (strstr (run.err, "consent accept"));
  ctl (&run, 1, "--json", "stitch", input, "--to", out_dir, NULL);
  g_assert_cmpstr (json_object_get_string_member (sc_test_run_json (&run, &root), "error_name"), ==,
                   ERROR_CONSENT);
  g_assert_cmpuint (count_files (out_dir), ==, 0);

  g_free (sc_test_accept_consent ());
}

/* Bad arguments: InvalidArgs with a sentence, and no job */
static void
test_invalid_args (void)
{
  g_autoptr(ScDbusStitcher) proxy = stitcher_proxy ();
  g_autofree char *out_dir = make_dir ("invalid");
  g_autofree char *input = g_build_filename (out_dir, "photo.jpg", NULL);
  const char *inputs[] = { input, NULL };
  const char *relative[] = { "photo.jpg", NULL };
  const char *none[] = { NULL };
  static const char * const bad_options[] = {
    "{'width': <'512'>}",
    "{'width': <int64 512>}",
    "{'width': <511>}",
    "{'fov': <200>}",
    "{'blend': <-1.0>}",
    "{'level': <1>}",
    "{'path': <'fast'>}",
    "{'quality': <0>}",
    "{'profile': <'relative/profile.json'>}",
    "{'no-such-option': <1.0>}",
  };

  g_free (sc_test_accept_consent ());

  for (guint i = 0; i < G_N_ELEMENTS (bad_options); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GError) error = NULL;
      GVariant *options = g_variant_parse (G_VARIANT_TYPE_VARDICT, bad_options[i], NULL, NULL,
                                           &error);

      g_assert_no_error (error);
      g_test_message ("options %s", bad_options[i]);
      name = stitch_error_name (proxy, inputs, out_dir, options);
      g_assert_cmpstr (name, ==, ERROR_ARGS);
    }

  {
    g_autofree char *name = stitch_error_name (proxy, relative, out_dir,
                                               g_variant_new ("a{sv}", NULL));
    g_assert_cmpstr (name, ==, ERROR_ARGS);
  }
  {
    g_autofree char *name = stitch_error_name (proxy, none, out_dir,
                                               g_variant_new ("a{sv}", NULL));
    g_assert_cmpstr (name, ==, ERROR_ARGS);
  }
  {
    g_autofree char *name = stitch_error_name (proxy, inputs, "out",
                                               g_variant_new ("a{sv}", NULL));
    g_assert_cmpstr (name, ==, ERROR_ARGS);
  }

  /* The message names the option and what it takes */
  {
    g_autoptr(GError) error = NULL;
    GVariant *options = g_variant_parse (G_VARIANT_TYPE_VARDICT, "{'width': <'512'>}", NULL,
                                         NULL, NULL);

    g_assert_false (sc_dbus_stitcher_call_stitch_sync (proxy, inputs, out_dir, options, NULL,
                                                       NULL, &error));
    g_dbus_error_strip_remote_error (error);
    g_assert_nonnull (strstr (error->message, "width"));
    g_assert_nonnull (strstr (error->message, "“i”"));
  }

  g_assert_cmpuint (count_files (out_dir), ==, 0);
}

/* GlRenderer and DefaultPath, found out on first read */
static void
test_properties (void)
{
  g_autoptr(GDBusConnection) bus = session_bus ();
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) all = NULL;
  g_autoptr(GError) error = NULL;
  const char *renderer = NULL;
  const char *path = NULL;

  reply = g_dbus_connection_call_sync (bus, BUS_NAME, OBJECT_PATH,
                                       "org.freedesktop.DBus.Properties", "GetAll",
                                       g_variant_new ("(s)", "org.spherecam.Spherecam.Stitcher"),
                                       G_VARIANT_TYPE ("(a{sv})"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, &error);
  g_assert_no_error (error);
  all = g_variant_get_child_value (reply, 0);
  g_assert_true (g_variant_lookup (all, "GlRenderer", "&s", &renderer));
  g_assert_true (g_variant_lookup (all, "DefaultPath", "&s", &path));
  g_test_message ("GlRenderer “%s”, DefaultPath “%s”", renderer, path);
  g_assert_true (g_str_equal (path, "cpu") || g_str_equal (path, "gpu"));
  /* No renderer, no GPU path */
  if (renderer[0] == '\0')
    g_assert_cmpstr (path, ==, "cpu");
  /* A software renderer is slower than the CPU path */
  if (strstr (renderer, "llvmpipe") != NULL)
    g_assert_cmpstr (path, ==, "cpu");

  /* Get answers the same */
  {
    g_autoptr(GVariant) one = NULL;
    g_autoptr(GVariant) value = NULL;

    one = g_dbus_connection_call_sync (bus, BUS_NAME, OBJECT_PATH,
                                       "org.freedesktop.DBus.Properties", "Get",
                                       g_variant_new ("(ss)", "org.spherecam.Spherecam.Stitcher",
                                                      "DefaultPath"),
                                       G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, &error);
    g_assert_no_error (error);
    g_variant_get (one, "(v)", &value);
    g_assert_cmpstr (g_variant_get_string (value, NULL), ==, path);
  }
}

/* Photos from the emulator, stitched through spherecamctl */
static void
test_stitch_photos (void)
{
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GSubprocess) emulator = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *shot_dir = make_dir ("photos/shots");
  g_autofree char *out_dir = make_dir ("photos/out");
  g_autofree char *pair_dir = make_dir ("photos/pair");
  g_autofree char *named_dir = make_dir ("photos/named");
  g_autofree char *named = g_build_filename (named_dir, "panorama.jpg", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *base = NULL;
  g_autofree char *stitched = NULL;
  g_autofree char *tag = NULL;
  JsonObject *object;
  JsonArray *paths;

  g_free (sc_test_accept_consent ());

  url = sc_emulator_launch (NULL, &emulator, &error);
  g_assert_no_error (error);
  ctl (&run, 0, "add-camera", url, NULL);
  ctl (&run, 0, "connect", NULL);
  first = take_picture (shot_dir);
  second = take_picture (shot_dir);
  g_assert_cmpstr (first, !=, second);
  ctl (&run, 0, "forget", NULL);
  sc_emulator_stop (emulator);

  /* One photo, named relative to the current folder: one output */
  base = g_path_get_basename (first);
  ctl_at (&run, shot_dir, 0, "stitch", base, "--to", out_dir, "--cpu", "--width", "512", NULL);
  stitched = g_strdup (g_strchomp (run.out));
  g_assert_null (strchr (stitched, '\n'));
  g_assert_true (g_str_has_prefix (stitched, out_dir));
  g_assert_true (g_str_has_suffix (stitched, "-equirect.jpg"));
  g_assert_true (g_file_test (stitched, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (strstr (run.err, "CPU"));
  g_assert_cmpuint (count_files (out_dir), ==, 1);

  tag = exif_tag (stitched, "ProjectionType");
  g_assert_cmpstr (tag, ==, "equirectangular");
  g_clear_pointer (&tag, g_free);
  tag = exif_tag (stitched, "ImageWidth");
  g_assert_cmpstr (tag, ==, "512");
  g_clear_pointer (&tag, g_free);
  tag = exif_tag (stitched, "ImageHeight");
  g_assert_cmpstr (tag, ==, "256");
  g_clear_pointer (&tag, g_free);
  /* The original is untouched */
  tag = exif_tag (first, "ProjectionType");
  g_assert_cmpstr (tag, !=, "equirectangular");
  g_clear_pointer (&tag, g_free);

  /* Two photos: one job, two outputs, and --json */
  ctl (&run, 0, "--json", "stitch", first, second, "--to", pair_dir, "--cpu", "--width", "256",
       NULL);
  object = sc_test_run_json (&run, &root);
  g_assert_true (g_variant_is_object_path (json_object_get_string_member (object, "job")));
  g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, "cpu");
  g_assert_true (json_object_has_member (object, "reason"));
  paths = json_object_get_array_member (object, "paths");
  g_assert_cmpuint (json_array_get_length (paths), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const char *path = json_array_get_string_element (paths, i);

      g_assert_true (g_str_has_prefix (path, pair_dir));
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
  g_assert_cmpstr (json_array_get_string_element (paths, 0), !=,
                   json_array_get_string_element (paths, 1));
  g_assert_cmpuint (count_files (pair_dir), ==, 2);
  {
    g_autofree char *job = g_strdup (json_object_get_string_member (object, "job"));
    g_autofree char *id = g_path_get_basename (job);

    ctl (&run, 0, "--json", "wait", id, NULL);
    object = sc_test_run_json (&run, &root);
    g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "stitch");
    g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "done");
    paths = json_object_get_array_member (json_object_get_object_member (object, "result"),
                                          "paths");
    g_assert_cmpuint (json_array_get_length (paths), ==, 2);
  }

  /* -o: exactly that file; an existing one is never replaced */
  ctl (&run, 0, "stitch", first, "-o", named, "--cpu", "--width", "256", NULL);
  g_assert_cmpstr (g_strchomp (run.out), ==, named);
  g_assert_cmpuint (count_files (named_dir), ==, 1);
  tag = exif_tag (named, "ProjectionType");
  g_assert_cmpstr (tag, ==, "equirectangular");
  g_clear_pointer (&tag, g_free);
  ctl (&run, 1, "stitch", first, "-o", named, "--cpu", "--width", "256", NULL);
  sc_test_assert_text_error (&run);
  g_assert_cmpuint (count_files (named_dir), ==, 1);

  /* Not dual-fisheye (already stitched): a clear error, no new file */
  ctl (&run, 1, "stitch", stitched, "--to", out_dir, "--cpu", "--width", "256", NULL);
  sc_test_assert_text_error (&run);
  g_assert_cmpuint (count_files (out_dir), ==, 1);
  ctl (&run, 1, "--json", "stitch", stitched, "--to", out_dir, "--cpu", NULL);
  object = sc_test_run_json (&run, &root);
  g_assert_cmpstr (json_object_get_string_member (object, "error"), !=, "");
  g_assert_cmpstr (json_object_get_string_member (object, "error_name"), ==,
                   "org.spherecam.Spherecam.Error.Lens.NotDualFisheye");
  g_assert_cmpuint (count_files (out_dir), ==, 1);

  /* --no-wait: the job, to follow with wait */
  ctl (&run, 0, "stitch", first, "--to", out_dir, "--cpu", "--width", "256", "--no-wait", NULL);
  {
    g_autofree char *job = g_strdup (g_strchomp (run.out));

    g_assert_true (g_variant_is_object_path (job));
    ctl (&run, 0, "wait", job, NULL);
    g_assert_cmpstr (g_strchomp (run.out), ==, "done");
  }
  g_assert_cmpuint (count_files (out_dir), ==, 2);
}

static double
exif_double (const char *path,
             const char *tag)
{
  g_autofree char *text = exif_tag (path, tag);

  g_assert_cmpstr (text, !=, "");
  return g_ascii_strtod (text, NULL);
}

/* The tilt left in the stitched @output of @input (level: 0, 0), against
 * the emulator's scene at the heading its lens JSON records */
static void
measure_tilt (const char *input,
              const char *output,
              double     *pitch,
              double     *roll)
{
  g_autofree char *comment = exif_tag (input, "UserComment");
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(ScEmuImage) image = NULL;
  g_autoptr(ScEmuImage) scene = NULL;
  g_autoptr(ScEmuImage) truth = NULL;
  g_autoptr(GError) error = NULL;
  ScHorizonImage a, b;
  gsize len;
  double yaw;

  json_parser_load_from_data (parser, comment, -1, &error);
  g_assert_no_error (error);
  yaw = json_object_get_double_member (json_node_get_object (json_parser_get_root (parser)), "yaw");

  g_assert_true (g_file_get_contents (output, &contents, &len, NULL));
  {
    g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), len);

    image = sc_emu_image_decode_jpeg (bytes, &error);
    g_assert_no_error (error);
  }
  sc_emu_scene_set_path (SC_TEST_SCENE);
  scene = sc_emu_image_downscale (sc_emu_scene_get (&error), 1024, 512);
  g_assert_no_error (error);
  truth = sc_emu_image_new (image->width, image->height);
  sc_emu_render_equirect (scene, yaw, truth);

  a = (ScHorizonImage) { image->data, image->width, image->height, image->stride, 3 };
  b = (ScHorizonImage) { truth->data, truth->width, truth->height, truth->stride, 3 };
  sc_horizon_test_find_tilt (&a, &b, 10.0, pitch, roll);
  g_test_message ("%s: tilt pitch %.2f°, roll %.2f°", output, *pitch, *roll);
}

/* `spherecamctl stitch --level` on a photo the camera took tilted
 * (pitch 8°, roll −5°; GPano PosePitch 8, PoseRoll 5) */
static void
test_stitch_level (void)
{
  const char *args[] = { "--tilt", "8,-5", NULL };
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(GSubprocess) emulator = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *shot_dir = make_dir ("level/shots");
  g_autofree char *level_dir = make_dir ("level/level");
  g_autofree char *plain_dir = make_dir ("level/plain");
  g_autofree char *tilted = NULL;
  g_autofree char *levelled = NULL;
  g_autofree char *plain = NULL;
  double pitch, roll;

  g_free (sc_test_accept_consent ());

  url = sc_emulator_launch (args, &emulator, &error);
  g_assert_no_error (error);
  ctl (&run, 0, "add-camera", url, NULL);
  ctl (&run, 0, "connect", NULL);
  tilted = take_picture (shot_dir);
  ctl (&run, 0, "forget", NULL);
  sc_emulator_stop (emulator);
  g_assert_cmpfloat (exif_double (tilted, "PosePitchDegrees"), ==, 8.0);
  g_assert_cmpfloat (exif_double (tilted, "PoseRollDegrees"), ==, 5.0);

  ctl (&run, 0, "stitch", tilted, "--to", level_dir, "--cpu", "--width", "512", "--level", NULL);
  levelled = g_strdup (g_strchomp (run.out));
  g_assert_true (g_file_test (levelled, G_FILE_TEST_IS_REGULAR));
  g_test_message ("%s", run.err);
  g_assert_nonnull (strstr (run.err, "gravity data"));
  g_assert_cmpfloat (exif_double (levelled, "PosePitchDegrees"), ==, 0.0);
  g_assert_cmpfloat (exif_double (levelled, "PoseRollDegrees"), ==, 0.0);
  measure_tilt (tilted, levelled, &pitch, &roll);
  g_assert_cmpfloat (hypot (pitch, roll), <, 0.5);

  /* Without --level: as shot, and GPano tells viewers the tilt */
  ctl (&run, 0, "stitch", tilted, "--to", plain_dir, "--cpu", "--width", "512", NULL);
  plain = g_strdup (g_strchomp (run.out));
  g_assert_cmpfloat (exif_double (plain, "PosePitchDegrees"), ==, 8.0);
  g_assert_cmpfloat (exif_double (plain, "PoseRollDegrees"), ==, 5.0);
  measure_tilt (tilted, plain, &pitch, &roll);
  g_assert_cmpfloat (fabs (pitch - 8.0), <, 0.5);
  g_assert_cmpfloat (fabs (roll + 5.0), <, 0.5);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTestDBus) test_bus = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  /* A home of our own, emptied at the start of every run; the service
   * inherits it through dbus-daemon. */
  home_dir = sc_test_private_home ();
  sc_test_env_path ("SC_TEST_EMULATOR");

  test_bus = sc_test_service_bus_up (TRUE);

  g_test_add_func ("/stitch-dbus/usage", test_usage);
  g_test_add_func ("/stitch-dbus/consent", test_consent);
  g_test_add_func ("/stitch-dbus/invalid-args", test_invalid_args);
  g_test_add_func ("/stitch-dbus/properties", test_properties);
  g_test_add_func ("/stitch-dbus/photos", test_stitch_photos);
  g_test_add_func ("/stitch-dbus/level", test_stitch_level);

  ret = g_test_run ();

  g_test_dbus_down (test_bus);
  g_clear_pointer (&home_dir, g_free);

  return ret;
}
