/* test-geotag.c: EXIF GPS in JPEGs and ©xyz in MP4s, checked with exiftool and FFmpeg
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include <sc-core.h>
/* Until sc-core.h includes it; #pragma once makes this harmless after. */
#define SC_CORE_INSIDE
#include "sc-geotag.h"
#include "sc-test-util.h"
#undef SC_CORE_INSIDE

typedef struct
{
  char *dir;
} Fixture;

static void
require_tool (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  if (path == NULL)
    g_error ("%s is not installed; it is needed by this test (see the project's package list)",
             name);
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
  fixture->dir = g_dir_make_tmp ("test-geotag-XXXXXX", &error);
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
      g_unlink (path);
    }
  g_dir_close (dir);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static void
assert_same_file (const char *path,
                  GBytes     *before)
{
  g_autoptr(GBytes) now = read_bytes (path);

  g_assert_true (g_bytes_equal (now, before));
}

/* The folder holds exactly @n files: no temporary file was left behind. */
static void
assert_n_files (Fixture *fixture,
                guint    n)
{
  GDir *dir = g_dir_open (fixture->dir, 0, NULL);
  guint count = 0;

  while (g_dir_read_name (dir) != NULL)
    count++;
  g_dir_close (dir);
  g_assert_cmpuint (count, ==, n);
}

static char *
make_path (Fixture    *fixture,
           const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

/* --- JPEG ---------------------------------------------------------------- */

static char *
make_gst_jpeg (Fixture *fixture)
{
  char *path = make_path (fixture, "gst.jpg");
  g_autofree char *location = g_strdup_printf ("location=%s", path);
  const char *argv[] = { "gst-launch-1.0", "-q", "videotestsrc", "num-buffers=1", "!",
                         "video/x-raw,width=320,height=160", "!", "jpegenc", "!",
                         "filesink", location, NULL };
  g_autofree char *out = sc_test_run_tool (argv);

  return path;
}

/* The ship scene, given camera-like Exif and GPano XMP by exiftool. */
static char *
make_camera_jpeg (Fixture  *fixture,
                  gboolean  with_gps)
{
  g_autofree char *src = g_test_build_filename (G_TEST_DIST, "data", "scene-equirect.jpg", NULL);
  char *path = make_path (fixture, "camera.jpg");
  g_autoptr(GBytes) bytes = read_bytes (src);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "exiftool", "-q", "-overwrite_original", "-Make=RICOH",
                         "-Model=RICOH THETA Z1", "-XMP-GPano:ProjectionType=equirectangular",
                         with_gps ? "-GPSLatitude=10.5" : "-Software=none",
                         with_gps ? "-GPSLatitudeRef=N" : "-Artist=none",
                         with_gps ? "-GPSLongitude=20.25" : "-Copyright=none",
                         with_gps ? "-GPSLongitudeRef=E" : "-ImageDescription=none",
                         path, NULL };
  g_autofree char *out = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  out = sc_test_run_tool (argv);
  return path;
}

/* Every segment but the Exif APP1, plus the scan data: what must not change. */
static GByteArray *
jpeg_without_exif (GBytes *bytes)
{
  gsize len;
  const guint8 *d = g_bytes_get_data (bytes, &len);
  GByteArray *out = g_byte_array_new ();
  gsize pos = 2;

  g_assert_cmpuint (len, >, 4);
  g_byte_array_append (out, d, 2);
  for (;;)
    {
      gsize seg_len;

      g_assert_cmpuint (pos + 4, <=, len);
      g_assert_cmpuint (d[pos], ==, 0xFF);
      seg_len = (d[pos + 2] << 8) | d[pos + 3];
      if (d[pos + 1] == 0xDA)
        {
          g_byte_array_append (out, d + pos, len - pos);
          return out;
        }
      if (!(d[pos + 1] == 0xE1 && seg_len >= 8 && memcmp (d + pos + 4, "Exif\0\0", 6) == 0))
        g_byte_array_append (out, d + pos, 2 + seg_len);
      pos += 2 + seg_len;
    }
}

static void
assert_jpeg_image_unchanged (GBytes     *before,
                             const char *path)
{
  g_autoptr(GBytes) after = read_bytes (path);
  g_autoptr(GByteArray) a = jpeg_without_exif (before);
  g_autoptr(GByteArray) b = jpeg_without_exif (after);

  g_assert_cmpmem (a->data, a->len, b->data, b->len);
}

static JsonObject *
exiftool_read (const char *path,
               JsonParser *parser)
{
  const char *argv[] = { "exiftool", "-n", "-json", "-GPSLatitude", "-GPSLongitude",
                         "-GPSAltitude", "-GPSDateStamp", "-GPSTimeStamp", "-GPSMapDatum",
                         "-GPSVersionID", "-Make", "-XMP-GPano:ProjectionType", path, NULL };
  g_autofree char *out = sc_test_run_tool (argv);
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  return json_array_get_object_element (array, 0);
}

static void
assert_exif_location (const char *path,
                      double      lat,
                      double      lon,
                      double      alt)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o = exiftool_read (path, parser);

  g_assert_true (json_object_has_member (o, "GPSLatitude"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "GPSLatitude"), lat, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "GPSLongitude"), lon, 1e-6);
  if (isnan (alt))
    g_assert_false (json_object_has_member (o, "GPSAltitude"));
  else
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "GPSAltitude"), alt, 1e-6);
  g_assert_cmpstr (json_object_get_string_member (o, "GPSMapDatum"), ==, "WGS-84");
  g_assert_cmpstr (json_object_get_string_member (o, "GPSVersionID"), ==, "2 3 0 0");
}

static void
test_jpeg_write_new (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = make_gst_jpeg (fixture);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) before = read_bytes (path);
  g_autoptr(GDateTime) time = g_date_time_new_utc (2025, 9, 4, 1, 30, 45);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  ScGeoLocation loc = { 35.681236, 139.767125, 12.5, TRUE, time };
  gboolean has_gps = TRUE;
  JsonObject *o;

  g_assert_true (sc_geotag_jpeg_has_gps (file, &has_gps, &error));
  g_assert_no_error (error);
  g_assert_false (has_gps);

  g_assert_true (sc_geotag_write_jpeg (file, &loc, SC_GEOTAG_FLAGS_NONE, NULL, &error));
  g_assert_no_error (error);
  assert_exif_location (path, 35.681236, 139.767125, 12.5);
  assert_jpeg_image_unchanged (before, path);
  assert_n_files (fixture, 1);

  o = exiftool_read (path, parser);
  g_assert_cmpstr (json_object_get_string_member (o, "GPSDateStamp"), ==, "2025:09:04");
  g_assert_cmpstr (json_object_get_string_member (o, "GPSTimeStamp"), ==, "01:30:45");

  g_assert_true (sc_geotag_jpeg_has_gps (file, &has_gps, &error));
  g_assert_true (has_gps);
}

static void
test_jpeg_negative (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = make_camera_jpeg (fixture, FALSE);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) before = read_bytes (path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  ScGeoLocation sydney = { -33.856784, 151.215297, 0, FALSE, NULL };
  ScGeoLocation rio = { -22.9519, -43.2105, 0, FALSE, NULL };
  JsonObject *o;

  g_assert_true (sc_geotag_write_jpeg (file, &sydney, SC_GEOTAG_FLAGS_NONE, NULL, &error));
  g_assert_no_error (error);
  assert_exif_location (path, -33.856784, 151.215297, NAN);
  assert_jpeg_image_unchanged (before, path);

  /* The camera's Exif and the XMP survive. */
  o = exiftool_read (path, parser);
  g_assert_cmpstr (json_object_get_string_member (o, "Make"), ==, "RICOH");
  g_assert_cmpstr (json_object_get_string_member (o, "ProjectionType"), ==, "equirectangular");

  g_assert_true (sc_geotag_write_jpeg (file, &rio, SC_GEOTAG_FLAGS_REPLACE, NULL, &error));
  g_assert_no_error (error);
  assert_exif_location (path, -22.9519, -43.2105, NAN);
  assert_jpeg_image_unchanged (before, path);
  assert_n_files (fixture, 1);
}

static void
test_jpeg_camera_gps (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = make_camera_jpeg (fixture, TRUE);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) before = read_bytes (path);
  g_autoptr(GError) error = NULL;
  ScGeoLocation loc = { 35.681236, 139.767125, 12.5, TRUE, NULL };
  gboolean has_gps = FALSE;

  g_assert_true (sc_geotag_jpeg_has_gps (file, &has_gps, &error));
  g_assert_true (has_gps);

  g_assert_false (sc_geotag_write_jpeg (file, &loc, SC_GEOTAG_FLAGS_NONE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  assert_same_file (path, before);
  assert_n_files (fixture, 1);
  g_clear_error (&error);

  g_assert_true (sc_geotag_write_jpeg (file, &loc, SC_GEOTAG_FLAGS_REPLACE, NULL, &error));
  g_assert_no_error (error);
  assert_exif_location (path, 35.681236, 139.767125, 12.5);
  assert_jpeg_image_unchanged (before, path);
}

static void
test_jpeg_corrupt (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = make_gst_jpeg (fixture);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) full = read_bytes (path);
  g_autoptr(GBytes) half = g_bytes_new_from_bytes (full, 0, g_bytes_get_size (full) / 2);
  g_autoptr(GBytes) head = g_bytes_new_from_bytes (full, 0, 40);
  g_autoptr(GByteArray) bad_exif = g_byte_array_new ();
  g_autoptr(GBytes) bad_exif_bytes = NULL;
  g_autoptr(GError) error = NULL;
  ScGeoLocation loc = { 1, 2, 0, FALSE, NULL };
  GBytes *cases[4] = { half, head, NULL, NULL };
  gboolean has_gps;

  /* An Exif segment libexif cannot read: the camera's metadata must not be
   * thrown away by writing over it. */
  g_byte_array_append (bad_exif, g_bytes_get_data (full, NULL), 2);
  g_byte_array_append (bad_exif, (const guint8 *) "\xff\xe1\x00\x10" "Exif\0\0" "XXXXXXXX", 18);
  g_byte_array_append (bad_exif, (const guint8 *) g_bytes_get_data (full, NULL) + 2,
                       g_bytes_get_size (full) - 2);
  bad_exif_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&bad_exif));
  cases[2] = bad_exif_bytes;

  for (guint i = 0; cases[i] != NULL; i++)
    {
      g_file_set_contents (path, g_bytes_get_data (cases[i], NULL),
                           g_bytes_get_size (cases[i]), &error);
      g_assert_no_error (error);
      g_assert_false (sc_geotag_write_jpeg (file, &loc, SC_GEOTAG_FLAGS_NONE, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_clear_error (&error);
      g_assert_false (sc_geotag_jpeg_has_gps (file, &has_gps, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_clear_error (&error);
      assert_same_file (path, cases[i]);
      assert_n_files (fixture, 1);
    }

  /* Not a JPEG at all. */
  g_file_set_contents (path, "GIF89a and so on", -1, &error);
  g_assert_false (sc_geotag_write_jpeg (file, &loc, SC_GEOTAG_FLAGS_NONE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  assert_n_files (fixture, 1);
}

static void
test_invalid_location (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = make_gst_jpeg (fixture);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) before = read_bytes (path);
  ScGeoLocation bad[] = {
    { 90.5, 0, 0, FALSE, NULL },
    { -91, 0, 0, FALSE, NULL },
    { 0, 180.01, 0, FALSE, NULL },
    { 0, -181, 0, FALSE, NULL },
    { NAN, 0, 0, FALSE, NULL },
    { 0, INFINITY, 0, FALSE, NULL },
    { 0, 0, NAN, TRUE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (sc_geotag_write_jpeg (file, &bad[i], SC_GEOTAG_FLAGS_REPLACE, NULL,
                                            &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      g_assert_false (sc_geotag_write_mp4 (file, &bad[i], SC_GEOTAG_FLAGS_REPLACE, NULL,
                                           &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
  assert_same_file (path, before);
  assert_n_files (fixture, 1);
}

/* --- MP4 ----------------------------------------------------------------- */

static char *
make_mp4 (Fixture  *fixture,
          gboolean  faststart)
{
  char *path = make_path (fixture, faststart ? "fast.mp4" : "slow.mp4");
  const char *argv[] = { "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                         "testsrc=size=320x160:rate=10", "-t", "1", "-c:v", "libx264",
                         "-pix_fmt", "yuv420p",
                         faststart ? "-movflags" : "-metadata",
                         faststart ? "+faststart" : "title=moov-last",
                         path, NULL };
  g_autofree char *out = sc_test_run_tool (argv);

  return path;
}

/* Offset of a top-level box, or -1. */
static gssize
top_box (GBytes     *bytes,
         const char *type,
         gsize      *size)
{
  gsize len;
  const guint8 *d = g_bytes_get_data (bytes, &len);
  gsize pos = 0;

  while (pos + 8 <= len)
    {
      gsize s = ((gsize) d[pos] << 24) | (d[pos + 1] << 16) | (d[pos + 2] << 8) | d[pos + 3];

      g_assert_cmpuint (s, >=, 8);
      if (memcmp (d + pos + 4, type, 4) == 0)
        {
          *size = s;
          return (gssize) pos;
        }
      pos += s;
    }
  return -1;
}

static void
assert_mdat_unchanged (GBytes     *before,
                       const char *path)
{
  g_autoptr(GBytes) after = read_bytes (path);
  gsize s1 = 0, s2 = 0;
  gssize o1 = top_box (before, "mdat", &s1);
  gssize o2 = top_box (after, "mdat", &s2);

  g_assert_cmpint (o1, >=, 0);
  g_assert_cmpint (o2, >=, 0);
  g_assert_cmpmem ((const guint8 *) g_bytes_get_data (before, NULL) + o1, s1,
                   (const guint8 *) g_bytes_get_data (after, NULL) + o2, s2);
}

static void
assert_mp4_location (const char *path,
                     const char *expected)
{
  const char *probe[] = { "ffprobe", "-v", "error", "-show_entries", "format_tags=location",
                          "-of", "default=nw=1:nk=1", path, NULL };
  const char *decode[] = { "ffmpeg", "-v", "error", "-i", path, "-f", "null", "-", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = sc_test_run_tool (probe);
  g_autofree char *err = NULL;
  g_autofree char *dout = NULL;
  int status = 0;

  g_assert_cmpstr (g_strstrip (out), ==, expected);

  /* Wrong chunk offsets decode as garbage: FFmpeg says so on stderr. */
  g_spawn_sync (NULL, (char **) decode, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &dout, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (err, ==, "");
}

static void
check_mp4_write (Fixture  *fixture,
                 gboolean  faststart)
{
  g_autofree char *path = make_mp4 (fixture, faststart);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) before = read_bytes (path);
  g_autoptr(GError) error = NULL;
  ScGeoLocation tokyo = { 35.681236, 139.767125, 12.5, TRUE, NULL };
  ScGeoLocation rio = { -22.9519, -43.2105, 0, FALSE, NULL };
  gboolean has_location = TRUE;
  gsize size;

  g_assert_true (sc_geotag_mp4_has_location (file, &has_location, &error));
  g_assert_no_error (error);
  g_assert_false (has_location);
  if (faststart)
    g_assert_cmpint (top_box (before, "moov", &size), <, top_box (before, "mdat", &size));
  else
    g_assert_cmpint (top_box (before, "moov", &size), >, top_box (before, "mdat", &size));

  g_assert_true (sc_geotag_write_mp4 (file, &tokyo, SC_GEOTAG_FLAGS_NONE, NULL, &error));
  g_assert_no_error (error);
  assert_mp4_location (path, "+35.681236+139.767125+012.500/");
  assert_mdat_unchanged (before, path);
  assert_n_files (fixture, 1);

  g_assert_true (sc_geotag_mp4_has_location (file, &has_location, &error));
  g_assert_true (has_location);

  /* Now it has one: refused and untouched unless replacing. */
  g_clear_pointer (&before, g_bytes_unref);
  before = read_bytes (path);
  g_assert_false (sc_geotag_write_mp4 (file, &rio, SC_GEOTAG_FLAGS_NONE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  assert_same_file (path, before);

  g_assert_true (sc_geotag_write_mp4 (file, &rio, SC_GEOTAG_FLAGS_REPLACE, NULL, &error));
  g_assert_no_error (error);
  assert_mp4_location (path, "-22.951900-043.210500/");
  assert_mdat_unchanged (before, path);
  assert_n_files (fixture, 1);
}

static void
test_mp4_faststart (Fixture       *fixture,
                    gconstpointer  data)
{
  check_mp4_write (fixture, TRUE);
}

static void
test_mp4_moov_last (Fixture       *fixture,
                    gconstpointer  data)
{
  check_mp4_write (fixture, FALSE);
}

static void
test_mp4_corrupt (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *fast = make_mp4 (fixture, TRUE);
  g_autofree char *slow = make_mp4 (fixture, FALSE);
  g_autoptr(GBytes) fast_bytes = read_bytes (fast);
  g_autoptr(GBytes) slow_bytes = read_bytes (slow);
  g_autofree char *path = make_path (fixture, "bad.mp4");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  ScGeoLocation loc = { 1, 2, 0, FALSE, NULL };
  g_autoptr(GByteArray) huge_child = g_byte_array_new ();
  gsize moov_size;
  gssize moov = top_box (fast_bytes, "moov", &moov_size);
  GBytes *cases[5];

  g_assert_cmpint (moov, >=, 0);
  cases[0] = g_bytes_new_from_bytes (fast_bytes, 0, g_bytes_get_size (fast_bytes) / 2);
  cases[1] = g_bytes_new_from_bytes (slow_bytes, 0, g_bytes_get_size (slow_bytes) - 100);
  cases[2] = g_bytes_new_from_bytes (fast_bytes, 0, 5);
  /* moov's first child claims to be far larger than moov. */
  g_byte_array_append (huge_child, g_bytes_get_data (fast_bytes, NULL),
                       g_bytes_get_size (fast_bytes));
  memset (huge_child->data + moov + 8, 0x7f, 4);
  cases[3] = g_byte_array_free_to_bytes (g_steal_pointer (&huge_child));
  cases[4] = NULL;

  for (guint i = 0; cases[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean has_location;

      g_file_set_contents (path, g_bytes_get_data (cases[i], NULL),
                           g_bytes_get_size (cases[i]), &error);
      g_assert_no_error (error);
      g_assert_false (sc_geotag_write_mp4 (file, &loc, SC_GEOTAG_FLAGS_REPLACE, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_clear_error (&error);
      g_assert_false (sc_geotag_mp4_has_location (file, &has_location, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      assert_same_file (path, cases[i]);
      assert_n_files (fixture, 3);
      g_bytes_unref (cases[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sc_core_init (NULL));

#define ADD(path, func) \
  g_test_add ("/sc-core/geotag/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("jpeg/write-new", test_jpeg_write_new);
  ADD ("jpeg/negative-and-replace", test_jpeg_negative);
  ADD ("jpeg/camera-gps", test_jpeg_camera_gps);
  ADD ("jpeg/corrupt", test_jpeg_corrupt);
  ADD ("invalid-location", test_invalid_location);
  ADD ("mp4/faststart", test_mp4_faststart);
  ADD ("mp4/moov-last", test_mp4_moov_last);
  ADD ("mp4/corrupt", test_mp4_corrupt);
#undef ADD

  return g_test_run ();
}
