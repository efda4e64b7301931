/* test-cli-camera.c: spherecamctl's camera commands, end to end
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real service (activated on a GTestDBus bus, as in test-dbus.c) drives
 * the camera emulator (spherecam-emulator, started through the launcher
 * library) on loopback; this program only runs spherecamctl and looks at
 * what it prints, exits with and writes. Each test leaves the service with
 * no camera, so the next one starts from an empty list.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sc-emulator-launcher.h"
#include "sc-test-util.h"

#define MODEL  "Spherecam Emulator"
#define SERIAL "EMU7K2Q9"

static char *home_dir;

/* Running spherecamctl */

static void
ctl_va (ScTestRun  *run,
        const char *cwd,
        gboolean    json,
        const char *first,
        va_list     ap)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  if (json)
    g_ptr_array_add (args, (char *) "--json");
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  g_ptr_array_add (args, NULL);

  sc_test_ctl_argv (run, cwd, (const char * const *) args->pdata);
}

/* Runs spherecamctl ARGS… and checks its exit status */
static void
ctl (ScTestRun  *run,
     int         expected,
     const char *first,
     ...)
{
  va_list ap;

  va_start (ap, first);
  ctl_va (run, NULL, FALSE, first, ap);
  va_end (ap);

  g_assert_cmpint (run->status, ==, expected);
}

/* Runs spherecamctl --json ARGS…, checks its exit status and returns the
 * document it printed (owned by *root).
 */
static JsonObject *
ctl_json (ScTestRun   *run,
          JsonNode   **root,
          int          expected,
          const char  *first,
          ...)
{
  va_list ap;

  va_start (ap, first);
  ctl_va (run, NULL, TRUE, first, ap);
  va_end (ap);

  g_assert_cmpint (run->status, ==, expected);

  return sc_test_run_json (run, root);
}

/* A failed command's JSON: a user's sentence and a D-Bus error name */
static void
assert_json_error (JsonObject *object)
{
  const char *message = json_object_get_string_member (object, "error");

  g_assert_nonnull (message);
  g_assert_cmpstr (message, !=, "");
  g_assert_null (strstr (message, "GDBus.Error"));
  g_assert_true (json_object_has_member (object, "error_name"));
}

/* Helpers */

static JsonArray *
camera_list (ScTestRun  *run,
             JsonNode  **root)
{
  JsonObject *object = ctl_json (run, root, 0, "cameras", NULL);

  return json_object_get_array_member (object, "cameras");
}

/* Adds the camera at @url and returns its id */
static char *
add_camera (const char *url,
            char      **path)
{
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *camera;

  camera = json_object_get_object_member (ctl_json (&run, &root, 0, "add-camera", url, NULL),
                                          "camera");
  g_assert_cmpstr (json_object_get_string_member (camera, "id"), !=, "");
  g_assert_false (json_object_get_boolean_member (camera, "connected"));
  if (path != NULL)
    *path = g_strdup (json_object_get_string_member (camera, "path"));

  return g_strdup (json_object_get_string_member (camera, "id"));
}

static void
assert_no_cameras (void)
{
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (json_array_get_length (camera_list (&run, &root)), ==, 0);
}

static char *
make_dir (const char *name)
{
  char *dir = g_build_filename (home_dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  return dir;
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

/* A whole JPEG: SOI at the start and EOI at the end */
static void
assert_jpeg (GBytes *bytes)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  g_assert_cmpuint (size, >, 4);
  g_assert_cmpuint (data[0], ==, 0xff);
  g_assert_cmpuint (data[1], ==, 0xd8);
  g_assert_cmpuint (data[size - 2], ==, 0xff);
  g_assert_cmpuint (data[size - 1], ==, 0xd9);
}

/* Whether the files in `ls --json` include @name */
static gboolean
ls_has (JsonObject *object,
        const char *name)
{
  JsonArray *files = json_object_get_array_member (object, "files");

  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *file = json_array_get_object_element (files, i);

      if (g_strcmp0 (json_object_get_string_member (file, "name"), name) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The size `ls --json` gives for @name */
static gint64
ls_size (JsonObject *object,
         const char *name)
{
  JsonArray *files = json_object_get_array_member (object, "files");

  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *file = json_array_get_object_element (files, i);

      if (g_strcmp0 (json_object_get_string_member (file, "name"), name) == 0)
        return json_object_get_int_member (file, "size");
    }

  g_assert_not_reached ();
}

static char *
launch_emulator (const char * const  *extra_args,
                 GSubprocess        **process)
{
  g_autoptr(GError) error = NULL;
  char *url = sc_emulator_launch (extra_args, process, &error);

  g_assert_no_error (error);
  g_assert_nonnull (url);
  g_test_message ("Emulator at %s", url);

  return url;
}

/* Tests */

/* Usage errors are found before any D-Bus call: exit status 2 */
static void
test_usage (void)
{
  static const char * const commands[] = {
    "cameras", "add-camera", "connect", "disconnect", "forget", "info", "state", "shoot",
    "ls", "get", "rm", "preview-frame", "reset",
  };
  g_auto(ScTestRun) run = { 0 };

  ctl (&run, 0, "--help", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_assert_nonnull (strstr (run.out, commands[i]));
    }
  g_assert_nonnull (strstr (run.out, "options set"));
  g_assert_nonnull (strstr (run.out, "record stop"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *usage = g_strdup_printf ("spherecamctl %s", commands[i]);

      ctl (&run, 0, commands[i], "--help", NULL);
      g_assert_nonnull (strstr (run.out, usage));
      g_assert_nonnull (strstr (run.out, "--json"));
    }
  ctl (&run, 0, "options", "set", "--help", NULL);
  g_assert_nonnull (strstr (run.out, "--camera"));
  ctl (&run, 0, "options", "--help", NULL);
  g_assert_nonnull (strstr (run.out, "options get"));

  /* Missing or extra arguments, unknown verbs and values */
  ctl (&run, 2, "add-camera", NULL);
  ctl (&run, 2, "get", NULL);
  ctl (&run, 2, "rm", NULL);
  ctl (&run, 2, "preview-frame", NULL);
  ctl (&run, 2, "connect", "extra", NULL);
  ctl (&run, 2, "options", NULL);
  ctl (&run, 2, "options", "frob", NULL);
  ctl (&run, 2, "options", "set", NULL);
  ctl (&run, 2, "record", NULL);
  ctl (&run, 2, "record", "pause", NULL);
  ctl (&run, 2, "ls", "--type", "panorama", NULL);
  g_assert_nonnull (strstr (run.err, "panorama"));
  ctl (&run, 2, "options", "set", "iso", NULL);
  ctl (&run, 2, "options", "set", "=200", NULL);
  ctl (&run, 2, "options", "set", "fileFormat={\"type\": ", NULL);
  ctl (&run, 2, "options", "set", "iso=null", NULL);
  ctl (&run, 2, "shoot", "--no-such-option", NULL);
  ctl (&run, 2, "--camera", NULL);

  /* reset with no terminal to ask on */
  ctl (&run, 2, "reset", NULL);
  g_assert_nonnull (strstr (run.err, "--yes"));
  g_assert_cmpstr (run.out, ==, "");
}

static void
test_session (void)
{
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GSubprocess) emulator = NULL;
  g_autofree char *url = launch_emulator (NULL, &emulator);
  g_autofree char *id = NULL;
  g_autofree char *shot_dir = make_dir ("session/shoot");
  g_autofree char *get_dir = make_dir ("session/get");
  g_autofree char *cwd_dir = make_dir ("session/cwd");
  g_autofree char *preview_dir = make_dir ("session/preview");
  g_autofree char *preview = g_build_filename (preview_dir, "out.jpg", NULL);
  g_autofree char *shot_path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *video = NULL;
  g_autoptr(GBytes) shot = NULL;
  JsonObject *object;
  JsonObject *camera;
  JsonArray *array;
  gint64 size;

  /* No camera yet: a clear error, not a crash */
  assert_no_cameras ();
  ctl (&run, 0, "cameras", NULL);
  g_assert_nonnull (strstr (run.out, "add-camera"));
  ctl (&run, 1, "connect", NULL);
  sc_test_assert_text_error (&run);
  g_assert_nonnull (strstr (run.err, "add-camera"));
  object = ctl_json (&run, &root, 1, "info", NULL);
  assert_json_error (object);

  /* add-camera prints the id; adding it again gives the same camera */
  id = add_camera (url, NULL);
  ctl (&run, 0, "add-camera", url, NULL);
  g_assert_cmpstr (g_strchomp (run.out), ==, id);

  array = camera_list (&run, &root);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  camera = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (camera, "id"), ==, id);
  g_assert_nonnull (strstr (json_object_get_string_member (camera, "uri"), "127.0.0.1"));
  g_assert_true (g_variant_is_object_path (json_object_get_string_member (camera, "path")));
  g_assert_false (json_object_get_boolean_member (camera, "connected"));
  g_assert_true (json_object_has_member (camera, "remembered"));
  g_assert_true (json_object_has_member (camera, "transport"));
  ctl (&run, 0, "cameras", NULL);
  g_assert_nonnull (strstr (run.out, id));

  /* connect, info, state */
  camera = json_object_get_object_member (ctl_json (&run, &root, 0, "connect", NULL), "camera");
  g_assert_true (json_object_get_boolean_member (camera, "connected"));
  ctl (&run, 0, "connect", NULL);
  g_assert_nonnull (strstr (run.out, MODEL));

  camera = json_object_get_object_member (ctl_json (&run, &root, 0, "info", NULL), "camera");
  g_assert_cmpstr (json_object_get_string_member (camera, "model"), ==, MODEL);
  g_assert_cmpstr (json_object_get_string_member (camera, "serial"), ==, SERIAL);
  g_assert_cmpstr (json_object_get_string_member (camera, "firmware"), !=, "");
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (camera, "info")), >, 0);
  ctl (&run, 0, "info", NULL);
  g_assert_nonnull (strstr (run.out, MODEL));
  g_assert_nonnull (strstr (run.out, SERIAL));

  object = ctl_json (&run, &root, 0, "state", NULL);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object, "state")), >, 0);
  ctl (&run, 0, "state", NULL);
  g_assert_cmpstr (run.out, !=, "");

  /* options */
  object = json_object_get_object_member (ctl_json (&run, &root, 0, "options", "get", "iso",
                                                    "isoSupport", NULL), "options");
  g_assert_true (json_object_has_member (object, "iso"));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "isoSupport")));
  ctl (&run, 0, "options", "get", "iso", NULL);
  g_assert_true (g_str_has_prefix (run.out, "iso="));

  ctl (&run, 0, "options", "set", "iso=200", NULL);
  g_assert_cmpstr (run.out, ==, "iso=200\n");
  object = json_object_get_object_member (ctl_json (&run, &root, 0, "options", "get", "iso",
                                                    NULL), "options");
  g_assert_cmpint (json_object_get_int_member (object, "iso"), ==, 200);

  /* A value the camera does not take: its error, with exit status 1 */
  ctl (&run, 1, "options", "set", "iso=7", NULL);
  sc_test_assert_text_error (&run);
  object = ctl_json (&run, &root, 1, "options", "set", "iso=7", NULL);
  assert_json_error (object);
  g_assert_false (json_object_get_null_member (object, "error_name"));
  object = json_object_get_object_member (ctl_json (&run, &root, 0, "options", "get", "iso",
                                                    NULL), "options");
  g_assert_cmpint (json_object_get_int_member (object, "iso"), ==, 200);

  /* shoot --download: the picture, whole, where we asked */
  object = ctl_json (&run, &root, 0, "shoot", "--download", shot_dir, NULL);
  shot_path = g_strdup (json_object_get_string_member (object, "path"));
  g_assert_true (g_str_has_prefix (shot_path, shot_dir));
  camera = json_object_get_object_member (object, "file");
  name = g_strdup (json_object_get_string_member (camera, "name"));
  g_assert_cmpstr (name, !=, "");
  shot = read_file (shot_path);
  assert_jpeg (shot);

  /* ls lists it, with the size we got */
  object = ctl_json (&run, &root, 0, "ls", NULL);
  g_assert_true (ls_has (object, name));
  size = ls_size (object, name);
  g_assert_cmpint (g_bytes_get_size (shot), ==, size);
  ctl (&run, 0, "ls", NULL);
  g_assert_nonnull (strstr (run.out, name));
  object = ctl_json (&run, &root, 0, "ls", "--type", "image", NULL);
  g_assert_true (ls_has (object, name));
  object = ctl_json (&run, &root, 0, "ls", "--type", "video", NULL);
  g_assert_false (ls_has (object, name));

  /* get --to: the same bytes again */
  {
    g_autoptr(GBytes) copy = NULL;

    object = ctl_json (&run, &root, 0, "get", name, "--to", get_dir, NULL);
    array = json_object_get_array_member (object, "paths");
    g_assert_cmpuint (json_array_get_length (array), ==, 1);
    g_assert_true (g_str_has_prefix (json_array_get_string_element (array, 0), get_dir));
    copy = read_file (json_array_get_string_element (array, 0));
    g_assert_true (g_bytes_equal (copy, shot));
  }

  /* get with no --to: the current directory, wherever the service runs */
  {
    const char * const args[] = { "get", name, NULL };
    g_autoptr(GBytes) copy = NULL;
    g_autofree char *expected = g_build_filename (cwd_dir, name, NULL);

    sc_test_ctl_argv (&run, cwd_dir, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (g_strchomp (run.out), ==, expected);
    copy = read_file (expected);
    g_assert_true (g_bytes_equal (copy, shot));
  }

  /* A file the camera does not have */
  ctl (&run, 1, "get", "no-such-file.jpg", "--to", get_dir, NULL);
  sc_test_assert_text_error (&run);

  /* record: an MP4 */
  object = ctl_json (&run, &root, 0, "record", "start", NULL);
  g_assert_true (json_object_get_boolean_member (object, "recording"));
  g_usleep (1500 * 1000);
  object = ctl_json (&run, &root, 0, "record", "stop", NULL);
  array = json_object_get_array_member (object, "files");
  g_assert_cmpuint (json_array_get_length (array), >=, 1);
  camera = json_array_get_object_element (array, 0);
  video = g_strdup (json_object_get_string_member (camera, "name"));
  {
    g_autofree char *lower = g_ascii_strdown (video, -1);

    g_assert_true (g_str_has_suffix (lower, ".mp4"));
  }
  object = ctl_json (&run, &root, 0, "ls", "--type", "video", NULL);
  g_assert_true (ls_has (object, video));
  ctl (&run, 0, "ls", NULL);
  g_assert_nonnull (strstr (run.out, video));

  /* rm: gone from ls */
  ctl (&run, 0, "rm", name, NULL);
  object = ctl_json (&run, &root, 0, "ls", NULL);
  g_assert_false (ls_has (object, name));
  g_assert_true (ls_has (object, video));
  ctl (&run, 1, "rm", name, NULL);
  sc_test_assert_text_error (&run);

  /* preview-frame: a whole JPEG, written in one go */
  {
    g_autoptr(GBytes) frame = NULL;
    g_autoptr(GDir) dir = NULL;
    guint n_files = 0;

    object = ctl_json (&run, &root, 0, "preview-frame", preview, NULL);
    g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, preview);
    frame = read_file (preview);
    assert_jpeg (frame);
    g_assert_cmpint (json_object_get_int_member (object, "size"), ==, g_bytes_get_size (frame));

    /* Again, over the first: no temporary file is left behind */
    ctl (&run, 0, "preview-frame", preview, NULL);
    dir = g_dir_open (preview_dir, 0, NULL);
    while (g_dir_read_name (dir) != NULL)
      n_files++;
    g_assert_cmpuint (n_files, ==, 1);
  }

  /* reset */
  ctl (&run, 0, "reset", "--yes", NULL);
  ctl (&run, 2, "reset", NULL);

  /* disconnect, forget */
  camera = json_object_get_object_member (ctl_json (&run, &root, 0, "disconnect", NULL),
                                          "camera");
  g_assert_false (json_object_get_boolean_member (camera, "connected"));
  array = camera_list (&run, &root);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (array, 0),
                                                  "connected"));
  ctl (&run, 0, "forget", NULL);
  assert_no_cameras ();

  sc_emulator_stop (emulator);
}

/* The camera drops the first connection for each file after 200 000
 * bytes: downloads resume and still give the camera's bytes exactly.
 */
static void
test_dropped_connections (void)
{
  g_autofree char *storage = make_dir ("drop/storage");
  const char * const args[] = {
    "--fault", "drop-after=200000", "--photo-size", "3840x1920", "--big-file", "3000000",
    "--storage", storage, NULL
  };
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GSubprocess) emulator = NULL;
  g_autofree char *url = launch_emulator (args, &emulator);
  g_autofree char *id = add_camera (url, NULL);
  g_autofree char *shot_dir = make_dir ("drop/shoot");
  g_autofree char *get_dir = make_dir ("drop/get");
  g_autofree char *name = NULL;
  g_autofree char *original_path = NULL;
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GBytes) shot = NULL;
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GBytes) big = NULL;
  const guint8 *data;
  JsonObject *object;
  JsonArray *paths;
  gsize size;

  ctl (&run, 0, "connect", NULL);

  /* The picture, downloaded by shoot and again by get */
  object = ctl_json (&run, &root, 0, "shoot", "--download", shot_dir, NULL);
  shot = read_file (json_object_get_string_member (object, "path"));
  name = g_strdup (json_object_get_string_member (json_object_get_object_member (object, "file"),
                                                  "name"));
  original_path = g_build_filename (storage, "100SPHCM", name, NULL);
  original = read_file (original_path);
  g_assert_cmpuint (g_bytes_get_size (original), >, 200000);
  g_assert_true (g_bytes_equal (shot, original));

  paths = json_object_get_array_member (ctl_json (&run, &root, 0, "get", name, "--to", get_dir,
                                                  NULL), "paths");
  copy = read_file (json_array_get_string_element (paths, 0));
  g_assert_true (g_bytes_equal (copy, original));

  /* A bigger file, cut once too */
  paths = json_object_get_array_member (ctl_json (&run, &root, 0, "get", "SPHC9999.MP4", "--to",
                                                  get_dir, NULL), "paths");
  big = read_file (json_array_get_string_element (paths, 0));
  data = g_bytes_get_data (big, &size);
  g_assert_cmpuint (size, ==, 3000000);
  for (gsize i = 0; i < size; i++)
    {
      if (data[i] != sc_emulator_big_file_byte (i))
        g_error ("SPHC9999.MP4 differs at byte %" G_GSIZE_FORMAT, i);
    }

  ctl (&run, 0, "forget", NULL);
  assert_no_cameras ();
  sc_emulator_stop (emulator);
}

/* The camera answers with broken JSON: connect fails, clearly, and the
 * service lives on.
 */
static void
test_malformed_json (void)
{
  static const char * const fault[] = { "--fault", "malformed-json", NULL };
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GSubprocess) emulator = NULL;
  g_autofree char *url = launch_emulator (fault, &emulator);
  g_autofree char *id = add_camera (url, NULL);
  JsonObject *object;

  ctl (&run, 1, "connect", NULL);
  sc_test_assert_text_error (&run);
  object = ctl_json (&run, &root, 1, "connect", NULL);
  assert_json_error (object);

  ctl (&run, 0, "ping", NULL);
  object = json_object_get_object_member (ctl_json (&run, &root, 0, "info", NULL), "camera");
  g_assert_false (json_object_get_boolean_member (object, "connected"));

  ctl (&run, 0, "forget", NULL);
  assert_no_cameras ();
  sc_emulator_stop (emulator);
}

/* --camera with two cameras: by id, by object path, global or per command */
static void
test_choose_camera (void)
{
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GSubprocess) emulator_a = NULL;
  g_autoptr(GSubprocess) emulator_b = NULL;
  g_autofree char *url_a = launch_emulator (NULL, &emulator_a);
  g_autofree char *url_b = launch_emulator (NULL, &emulator_b);
  g_autofree char *path_a = NULL;
  g_autofree char *path_b = NULL;
  g_autofree char *id_a = add_camera (url_a, &path_a);
  g_autofree char *id_b = add_camera (url_b, &path_b);
  JsonObject *camera;

  g_assert_cmpstr (id_a, !=, id_b);
  g_assert_cmpuint (json_array_get_length (camera_list (&run, &root)), ==, 2);

  /* Which one? The error names both and says how to choose */
  ctl (&run, 1, "info", NULL);
  sc_test_assert_text_error (&run);
  g_assert_nonnull (strstr (run.err, id_a));
  g_assert_nonnull (strstr (run.err, id_b));
  g_assert_nonnull (strstr (run.err, "--camera"));

  camera = json_object_get_object_member (ctl_json (&run, &root, 0, "--camera", id_b, "info",
                                                    NULL), "camera");
  g_assert_cmpstr (json_object_get_string_member (camera, "id"), ==, id_b);
  camera = json_object_get_object_member (ctl_json (&run, &root, 0, "info", "--camera", id_a,
                                                    NULL), "camera");
  g_assert_cmpstr (json_object_get_string_member (camera, "path"), ==, path_a);
  camera = json_object_get_object_member (ctl_json (&run, &root, 0, "info", "--camera", path_b,
                                                    NULL), "camera");
  g_assert_cmpstr (json_object_get_string_member (camera, "id"), ==, id_b);
  /* The command's --camera wins over the global one */
  camera = json_object_get_object_member (ctl_json (&run, &root, 0, "--camera", id_a, "info",
                                                    "--camera", id_b, NULL), "camera");
  g_assert_cmpstr (json_object_get_string_member (camera, "id"), ==, id_b);

  ctl (&run, 1, "info", "--camera", "no-such-camera", NULL);
  sc_test_assert_text_error (&run);
  g_assert_nonnull (strstr (run.err, "no-such-camera"));

  /* Connecting one leaves the other alone */
  camera = json_object_get_object_member (ctl_json (&run, &root, 0, "connect", "--camera",
                                                    path_b, NULL), "camera");
  g_assert_true (json_object_get_boolean_member (camera, "connected"));
  g_assert_cmpstr (json_object_get_string_member (camera, "serial"), ==, SERIAL);
  camera = json_object_get_object_member (ctl_json (&run, &root, 0, "info", "--camera", path_a,
                                                    NULL), "camera");
  g_assert_false (json_object_get_boolean_member (camera, "connected"));

  ctl (&run, 0, "forget", "--camera", path_a, NULL);
  ctl (&run, 0, "forget", "--camera", path_b, NULL);
  assert_no_cameras ();

  sc_emulator_stop (emulator_a);
  sc_emulator_stop (emulator_b);
}

/* The password goes to the service, and nowhere else */
static void
test_password_not_shown (void)
{
  static const char * const args[] = { "--user", "alice", "--password", "s3cret-Pa55", NULL };
  const char *secret = args[3];
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GSubprocess) emulator = NULL;
  g_autofree char *url = launch_emulator (args, &emulator);
  JsonObject *camera;

  camera = json_object_get_object_member (ctl_json (&run, &root, 0, "add-camera", url,
                                                    "--user", "alice", "--password", secret,
                                                    NULL), "camera");
  g_assert_null (strstr (run.out, secret));
  g_assert_null (strstr (run.err, secret));
  g_assert_cmpstr (json_object_get_string_member (camera, "uri"), !=, "");

  /* The camera asks for it, and gets it */
  ctl (&run, 0, "connect", NULL);
  g_assert_null (strstr (run.out, secret));
  g_assert_null (strstr (run.err, secret));
  ctl (&run, 0, "cameras", NULL);
  g_assert_null (strstr (run.out, secret));
  ctl (&run, 0, "info", NULL);
  g_assert_null (strstr (run.out, secret));
  ctl_json (&run, &root, 0, "info", NULL);
  g_assert_null (strstr (run.out, secret));

  ctl (&run, 0, "forget", NULL);
  assert_no_cameras ();
  sc_emulator_stop (emulator);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTestDBus) test_bus = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* A home of our own, so that the service remembers cameras, passwords and
   * settings there and nowhere else; the service inherits it, with the rest
   * of this environment, through dbus-daemon.
   */
  home_dir = sc_test_private_home ();
  sc_test_env_path ("SC_TEST_EMULATOR");

  test_bus = sc_test_service_bus_up (TRUE);
  /* The user accepted the user agreement and privacy policy; nothing works
   * with cameras before (test-privacy-dbus.c checks that). */
  g_free (sc_test_accept_consent ());

  g_test_add_func ("/spherecamctl/camera/usage", test_usage);
  g_test_add_func ("/spherecamctl/camera/session", test_session);
  g_test_add_func ("/spherecamctl/camera/dropped-connections", test_dropped_connections);
  g_test_add_func ("/spherecamctl/camera/malformed-json", test_malformed_json);
  g_test_add_func ("/spherecamctl/camera/choose-camera", test_choose_camera);
  g_test_add_func ("/spherecamctl/camera/password-not-shown", test_password_not_shown);

  ret = g_test_run ();

  g_test_dbus_down (test_bus);
  g_clear_pointer (&home_dir, g_free);

  return ret;
}
