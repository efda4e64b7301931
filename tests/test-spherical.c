/* test-spherical.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <sys/wait.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sc-core.h"
#include "sc-test-util.h"

/* 360° metadata: GPano in JPEGs, Spherical Video V1/V2 in MP4s, checked
 * with the real validators (exiftool, ffprobe, ffmpeg). */

typedef struct
{
  char *dir;
} Fixture;

static void
require_tool (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  if (path == NULL)
    g_error ("%s is not installed; it is needed by this test", name);
}

/* Runs argv; returns its exit status, stdout in *out. */
static int
run_status (const char * const *argv,
            char              **out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                out, &err, &status, &error);
  g_assert_no_error (error);
  if (err != NULL && err[0] != '\0')
    g_test_message ("%s: %s", argv[0], err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  require_tool ("exiftool");
  require_tool ("ffmpeg");
  require_tool ("ffprobe");
  require_tool ("gst-launch-1.0");
  fixture->dir = g_dir_make_tmp ("test-spherical-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  GDir *dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_remove (path);
    }
  g_dir_close (dir);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static char *
make_path (Fixture    *fixture,
           const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static guint
count_files (Fixture *fixture)
{
  GDir *dir = g_dir_open (fixture->dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (dir) != NULL)
    n++;
  g_dir_close (dir);
  return n;
}

static char *
make_mp4 (Fixture *fixture)
{
  char *path = make_path (fixture, "in.mp4");
  g_autofree char *location = g_strdup_printf ("location=%s", path);
  const char *argv[] = { "gst-launch-1.0", "-q", "videotestsrc", "num-buffers=10", "!",
                         "video/x-raw,width=256,height=128", "!", "x264enc", "!", "mp4mux",
                         "!", "filesink", location, NULL };
  g_autofree char *out = sc_test_run_tool (argv);

  return path;
}

static char *
make_jpeg (Fixture *fixture)
{
  char *path = make_path (fixture, "in.jpg");
  g_autofree char *location = g_strdup_printf ("location=%s", path);
  const char *argv[] = { "gst-launch-1.0", "-q", "videotestsrc", "num-buffers=1", "!",
                         "video/x-raw,width=256,height=128", "!", "jpegenc", "!",
                         "filesink", location, NULL };
  g_autofree char *out = sc_test_run_tool (argv);

  return path;
}

static JsonObject *
ffprobe_video_stream (const char *path,
                      JsonParser *parser)
{
  const char *argv[] = { "ffprobe", "-v", "error", "-select_streams", "v:0",
                         "-show_streams", "-of", "json", path, NULL };
  g_autofree char *out = sc_test_run_tool (argv);
  g_autoptr(GError) error = NULL;
  JsonArray *streams;

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  streams = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                          "streams");
  g_assert_cmpuint (json_array_get_length (streams), ==, 1);
  return json_array_get_object_element (streams, 0);
}

static void
assert_ffprobe_spherical (const char *path,
                          gboolean    expected)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *stream = ffprobe_video_stream (path, parser);
  gboolean found = FALSE;

  if (json_object_has_member (stream, "side_data_list"))
    {
      JsonArray *list = json_object_get_array_member (stream, "side_data_list");

      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonObject *sd = json_array_get_object_element (list, i);

          if (g_strcmp0 (json_object_get_string_member_with_default (sd, "side_data_type", ""),
                         "Spherical Mapping") == 0)
            {
              g_assert_cmpstr (json_object_get_string_member (sd, "projection"), ==,
                               "equirectangular");
              found = TRUE;
            }
        }
    }
  g_assert_cmpint (found, ==, expected);
}

static guint32
be32 (const void *p)
{
  guint32 v;

  memcpy (&v, p, 4);
  return GUINT32_FROM_BE (v);
}

static void
assert_decodes (const char *path)
{
  const char *argv[] = { "ffmpeg", "-v", "error", "-i", path, "-f", "null", "-", NULL };
  g_autofree char *out = NULL;

  g_assert_cmpint (run_status (argv, &out), ==, 0);
}

/* Finds the first box of @type anywhere on the path of containers that hold
 * the sample entry; returns its offset or -1. Test-side parser, naive. */
static gssize
find_box (const guint8 *d,
          gsize         start,
          gsize         end,
          const char   *type)
{
  static const char *const containers[] = { "moov", "trak", "mdia", "minf", "stbl", "sv3d", "proj" };
  gsize pos = start;

  while (pos + 8 <= end)
    {
      guint32 size = be32 (d + pos);

      if (size < 8 || pos + size > end)
        return -1;
      if (memcmp (d + pos + 4, type, 4) == 0)
        return pos;
      for (guint i = 0; i < G_N_ELEMENTS (containers); i++)
        if (memcmp (d + pos + 4, containers[i], 4) == 0)
          {
            gssize r = find_box (d, pos + 8, pos + size, type);
            if (r >= 0)
              return r;
          }
      if (memcmp (d + pos + 4, "stsd", 4) == 0)
        {
          gssize r = find_box (d, pos + 16 + 8 + 78, pos + size, type);  /* first entry */
          if (r >= 0)
            return r;
        }
      pos += size;
    }
  return -1;
}

static void
assert_check (const char *path,
              gboolean    valid)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  ScCheckResult result;

  g_assert_true (sc_360_check (file, &result, &error));
  g_assert_no_error (error);
  if (result.valid != valid)
    g_test_message ("%s: %s", path, result.problem);
  g_assert_cmpint (result.valid, ==, valid);
  sc_check_result_clear (&result);
}

static void
test_mp4_inject (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = make_mp4 (fixture);
  g_autofree char *remux = make_path (fixture, "remux.mp4");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) remux_file = g_file_new_for_path (remux);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) tracks = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *exif = NULL;
  gsize len;
  ScSphericalVideo video;
  const ScSphericalTrack *t;
  gssize avcc, sv3d, pasp, svhd, proj, prhd, equi;

  assert_check (path, FALSE);
  assert_ffprobe_spherical (path, FALSE);

  sc_spherical_video_init_default (&video);
  video.stitching_software = "Spherecam test";
  g_assert_true (sc_spherical_mp4_write (file, &video, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (sc_spherical_mp4_read (file, &tracks, &error));
  g_assert_cmpuint (tracks->len, ==, 1);
  t = &g_array_index (tracks, ScSphericalTrack, 0);
  g_assert_true (t->v1_present && t->v1_valid && t->v2_present && t->v2_valid);
  assert_check (path, TRUE);
  assert_ffprobe_spherical (path, TRUE);
  assert_decodes (path);

  /* V1 through exiftool */
  {
    const char *argv[] = { "exiftool", "-a", "-G1", "-s", path, NULL };
    exif = sc_test_run_tool (argv);
    g_assert_nonnull (strstr (exif, "[XMP-GSpherical] StitchingSoftware"));
    g_assert_nonnull (strstr (exif, "Spherecam test"));
    g_assert_nonnull (strstr (exif, "[XMP-GSpherical] ProjectionType"));
  }

  /* V2 order: avcC < sv3d; svhd first in sv3d; prhd first in proj; sv3d before pasp */
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  avcc = find_box ((guint8 *) contents, 0, len, "avcC");
  sv3d = find_box ((guint8 *) contents, 0, len, "sv3d");
  svhd = find_box ((guint8 *) contents, 0, len, "svhd");
  proj = find_box ((guint8 *) contents, 0, len, "proj");
  prhd = find_box ((guint8 *) contents, 0, len, "prhd");
  equi = find_box ((guint8 *) contents, 0, len, "equi");
  pasp = find_box ((guint8 *) contents, 0, len, "pasp");
  g_assert_cmpint (avcc, >, 0);
  g_assert_cmpint (sv3d, >, avcc);
  g_assert_cmpint (svhd, ==, sv3d + 8);
  g_assert_cmpint (proj, >, svhd);
  g_assert_cmpint (prhd, ==, proj + 8);
  g_assert_cmpint (equi, ==, prhd + 24);
  if (pasp > 0)
    g_assert_cmpint (pasp, >, sv3d);

  /* Remux drops it; fix brings it back */
  {
    const char *argv[] = { "ffmpeg", "-v", "error", "-y", "-i", path, "-c", "copy", remux, NULL };
    g_autofree char *out = sc_test_run_tool (argv);
  }
  assert_check (remux, FALSE);
  g_assert_true (sc_360_fix (remux_file, NULL, &error));
  g_assert_no_error (error);
  assert_check (remux, TRUE);
  assert_ffprobe_spherical (remux, TRUE);
  assert_decodes (remux);
  g_assert_cmpuint (count_files (fixture), ==, 2);
}

static void
test_mp4_faststart (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = make_mp4 (fixture);
  g_autofree char *fast = make_path (fixture, "fast.mp4");
  g_autoptr(GFile) file = g_file_new_for_path (fast);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "ffmpeg", "-v", "error", "-y", "-i", path, "-c", "copy",
                         "-movflags", "+faststart", fast, NULL };
  g_autofree char *out = sc_test_run_tool (argv);

  g_assert_true (sc_360_fix (file, NULL, &error));
  g_assert_no_error (error);
  assert_check (fast, TRUE);
  assert_ffprobe_spherical (fast, TRUE);
  assert_decodes (fast);
}

static void
test_jpeg_gpano (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = make_jpeg (fixture);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *exif = NULL;
  ScCheckResult result;
  const char *argv[] = { "exiftool", "-a", "-G1", "-s", path, NULL };

  g_assert_true (sc_360_check (file, &result, &error));
  g_assert_cmpint (result.kind, ==, SC_CHECK_KIND_PHOTO);
  g_assert_false (result.valid);
  g_assert_false (result.gpano_present);
  g_assert_nonnull (result.problem);
  g_assert_cmpuint (result.width, ==, 256);
  g_assert_cmpuint (result.height, ==, 128);
  sc_check_result_clear (&result);

  g_assert_true (sc_360_fix (file, NULL, &error));
  g_assert_no_error (error);
  assert_check (path, TRUE);

  exif = sc_test_run_tool (argv);
  g_assert_nonnull (strstr (exif, "[XMP-GPano]     ProjectionType                  : equirectangular"));
  g_assert_nonnull (strstr (exif, "FullPanoWidthPixels             : 256"));
  g_assert_nonnull (strstr (exif, "CroppedAreaImageHeightPixels    : 128"));
  g_assert_nonnull (strstr (exif, "UsePanoramaViewer               : True"));
  g_assert_cmpuint (count_files (fixture), ==, 1);

  /* Wrong sizes are reported invalid and repaired */
  {
    ScGPano gpano;

    sc_gpano_init_equirect (&gpano, 512, 256);
    g_assert_true (sc_gpano_write_jpeg (file, &gpano, NULL, &error));
    sc_gpano_clear (&gpano);
    assert_check (path, FALSE);
    g_assert_true (sc_360_fix (file, NULL, &error));
    assert_check (path, TRUE);
  }
}

static void
assert_truncated_refused (Fixture    *fixture,
                          const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *after = NULL;
  gsize len, after_len;
  ScCheckResult result;
  guint n_files = count_files (fixture);

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (path, contents, (gssize) (len * 2 / 3), NULL));

  g_assert_false (sc_360_check (file, &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  sc_check_result_clear (&result);
  g_clear_error (&error);
  g_assert_false (sc_360_fix (file, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);

  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (after, after_len, contents, len * 2 / 3);
  g_assert_cmpuint (count_files (fixture), ==, n_files);
}

static void
test_truncated (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *mp4 = make_mp4 (fixture);
  g_autofree char *jpeg = make_jpeg (fixture);

  assert_truncated_refused (fixture, mp4);
  assert_truncated_refused (fixture, jpeg);
}

/* Deterministic mutations of box length fields and bytes: never a crash, an
 * error or a result, and no temporary file left. */
static void
test_fuzz (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *path = make_mp4 (fixture);
  g_autofree char *mutant = make_path (fixture, "mutant.mp4");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) mutant_file = g_file_new_for_path (mutant);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GRand) rand = g_rand_new_with_seed (360);
  ScSphericalVideo video;
  gsize len;
  guint n = 0;

  sc_spherical_video_init_default (&video);
  g_assert_true (sc_spherical_mp4_write (file, &video, NULL, &error));
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));

  /* Where the box size fields are: every 4-byte position followed by a type
   * of four printable letters. */
  for (gsize i = 0; i + 8 <= len; i++)
    {
      gboolean letters = TRUE;

      for (guint k = 4; k < 8; k++)
        letters &= g_ascii_isalnum (contents[i + k]) || contents[i + k] == ' ';
      if (letters && be32 (contents + i) <= len)
        g_array_append_val (offsets, i);
    }
  g_assert_cmpuint (offsets->len, >, 20);

  for (guint round = 0; round < 300; round++)
    {
      g_autofree char *copy = g_memdup2 (contents, len);
      gsize at = g_array_index (offsets, gsize, g_rand_int_range (rand, 0, (gint) offsets->len));
      gsize copy_len = len;
      guint32 values[] = { 0, 1, 7, 8, 9, 16, 0xFFFFFFFF, 0x7FFFFFFF,
                           be32 (contents + at) + 1,
                           be32 (contents + at) - 1,
                           g_rand_int (rand) };
      guint32 v = GUINT32_TO_BE (values[round % G_N_ELEMENTS (values)]);
      ScCheckResult result;

      memcpy (copy + at, &v, 4);
      if (round % 7 == 0)
        copy_len = at + g_rand_int_range (rand, 0, 12);   /* truncated */
      copy_len = MIN (copy_len, len);
      g_assert_true (g_file_set_contents (mutant, copy, (gssize) copy_len, NULL));

      if (sc_360_check (mutant_file, &result, &error))
        n++;
      g_clear_error (&error);
      sc_check_result_clear (&result);
      if (sc_360_fix (mutant_file, NULL, &error))
        {
          g_test_message ("mutant %u (%.4s at %" G_GSIZE_FORMAT " = %u, len %" G_GSIZE_FORMAT ") fixed",
                          round, contents + at + 4, at, GUINT32_FROM_BE (v), copy_len);
          assert_check (mutant, TRUE);
        }
      g_clear_error (&error);
      g_assert_cmpuint (count_files (fixture), ==, 2);
    }
  g_test_message ("%u of 300 mutants could be checked", n);
}

static int
run_ctl (const char *const *args,
         char              **out)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) g_getenv ("SC_TEST_SPHERECAMCTL"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  return run_status ((const char * const *) argv->pdata, out);
}

static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *mp4 = make_mp4 (fixture);
  g_autofree char *jpeg = make_jpeg (fixture);
  g_autofree char *junk = make_path (fixture, "junk.txt");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  char *out = NULL;

  g_assert_nonnull (g_getenv ("SC_TEST_SPHERECAMCTL"));
  g_assert_true (g_file_set_contents (junk, "not media", -1, NULL));

  {
    const char *args[] = { "check-360", mp4, jpeg, NULL };
    g_assert_cmpint (run_ctl (args, &out), ==, 1);
    g_clear_pointer (&out, g_free);
  }
  {
    const char *args[] = { "check-360", "--json", mp4, NULL };
    g_assert_cmpint (run_ctl (args, &out), ==, 1);
    json_parser_load_from_data (parser, out, -1, &error);
    g_assert_no_error (error);
    root = json_node_get_object (json_parser_get_root (parser));
    g_assert_false (json_object_get_boolean_member (root, "valid"));
    g_clear_pointer (&out, g_free);
  }
  {
    const char *args[] = { "check-360", "--fix", "--json", mp4, jpeg, NULL };
    JsonArray *files;

    g_assert_cmpint (run_ctl (args, &out), ==, 0);
    json_parser_load_from_data (parser, out, -1, &error);
    g_assert_no_error (error);
    root = json_node_get_object (json_parser_get_root (parser));
    g_assert_true (json_object_get_boolean_member (root, "valid"));
    files = json_object_get_array_member (root, "files");
    g_assert_cmpuint (json_array_get_length (files), ==, 2);
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (files, 0),
                                                   "fixed"));
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (files, 1),
                                                    "kind"), ==, "photo");
    g_clear_pointer (&out, g_free);
  }
  {
    const char *args[] = { "check-360", mp4, jpeg, NULL };
    g_assert_cmpint (run_ctl (args, &out), ==, 0);
    g_clear_pointer (&out, g_free);
  }
  {
    const char *args[] = { "check-360", junk, NULL };
    g_assert_cmpint (run_ctl (args, &out), ==, 1);
    g_clear_pointer (&out, g_free);
  }
  {
    const char *args[] = { "check-360", NULL };
    g_assert_cmpint (run_ctl (args, &out), ==, 2);
    g_clear_pointer (&out, g_free);
  }
  {
    const char *args[] = { "check-360", "--help", NULL };
    g_assert_cmpint (run_ctl (args, &out), ==, 0);
    g_assert_nonnull (strstr (out, "--fix"));
    g_clear_pointer (&out, g_free);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/spherical/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("mp4-inject-remux-fix", test_mp4_inject);
  ADD ("mp4-faststart", test_mp4_faststart);
  ADD ("jpeg-gpano", test_jpeg_gpano);
  ADD ("truncated", test_truncated);
  ADD ("fuzz", test_fuzz);
  ADD ("cli", test_cli);
#undef ADD

  return g_test_run ();
}
