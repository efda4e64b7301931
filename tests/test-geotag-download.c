/* test-geotag-download.c: the user's location in downloads and cameras
 *
 * The camera emulator takes the pictures and videos; the download job
 * fetches them; exiftool and ffprobe read back what was written; the
 * emulator's gpsInfo shows what was pushed to the camera; a fake GeoClue2
 * service (fake-geoclue.c) on a private system bus serves the automatic
 * mode and counts what it is asked.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fake-geoclue.h"
#include "sc-osc-test-util.h"
#include "sc-test-util.h"

/* Shanghai, by hand */
#define MANUAL_LATITUDE    31.2304167
#define MANUAL_LONGITUDE   121.4737014
#define MANUAL_ALTITUDE    12.5

/* Paris, from the (fake) location service */
#define FAKE_LATITUDE      48.8583701
#define FAKE_LONGITUDE     2.2944813
#define FAKE_ALTITUDE      35.0

/* Tokyo, the camera's own GPS */
#define CAMERA_LATITUDE    35.681236
#define CAMERA_LONGITUDE   139.767125

#define GPS_DISABLED       65535.0

static GTestDBus *test_bus;

typedef struct
{
  ScOscEmulator     emu;
  ScCamera         *camera;
  char             *dir;
  GFile            *directory;
  ScPermissions    *permissions;
  ScLocationSource *source;
  FakeGeoclue      *fake;
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
  require_tool ("ffprobe");

  /* What downloads and cameras consult: fresh defaults, location off. */
  fixture->permissions = sc_permissions_new (NULL);
  sc_permissions_set_default (fixture->permissions);
  fixture->source = sc_location_source_new (fixture->permissions);
  sc_location_source_set_default (fixture->source);

  fixture->dir = g_dir_make_tmp ("test-geotag-download-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->directory = g_file_new_for_path (fixture->dir);

  sc_osc_emulator_start (&fixture->emu, NULL);
  fixture->camera = sc_osc_test_new_connected_camera (fixture->emu.url);
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *)data == NULL;
}

static gboolean
fake_is_idle (gpointer data)
{
  return fake_geoclue_get_n_active (data) == 0 && fake_geoclue_get_n_existing (data) == 0;
}

/* Drops @object and waits until it is finalized (replies still on their
 * way hold it a little longer). */
static void
finish_object (gpointer object)
{
  gpointer weak = object;

  g_object_add_weak_pointer (G_OBJECT (object), &weak);
  g_object_unref (object);
  g_assert_true (sc_osc_test_wait_for (is_null, &weak, 10000));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  sc_camera_disconnect (fixture->camera);
  finish_object (g_steal_pointer (&fixture->camera));
  sc_osc_emulator_stop (&fixture->emu);

  sc_location_source_set_default (NULL);
  finish_object (g_steal_pointer (&fixture->source));
  sc_permissions_set_default (NULL);
  g_clear_object (&fixture->permissions);

  if (fixture->fake != NULL)
    {
      g_assert_true (sc_osc_test_wait_for (fake_is_idle, fixture->fake, 10000));
      g_clear_pointer (&fixture->fake, fake_geoclue_free);
    }

  dir = g_dir_open (fixture->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_object (&fixture->directory);
}

/* The GPS position exiftool reads in @path; FALSE if it has none. */
static gboolean
exif_gps (const char *path,
          double     *latitude,
          double     *longitude,
          double     *altitude)
{
  const char *argv[] = { "exiftool", "-n", "-json", "-GPSLatitude", "-GPSLongitude",
                         "-GPSAltitude", path, NULL };
  g_autofree char *out = sc_test_run_tool (argv);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *o;

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  o = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);

  if (!json_object_has_member (o, "GPSLatitude"))
    {
      g_assert_false (json_object_has_member (o, "GPSLongitude"));
      return FALSE;
    }

  *latitude = json_object_get_double_member (o, "GPSLatitude");
  *longitude = json_object_get_double_member (o, "GPSLongitude");
  *altitude = json_object_has_member (o, "GPSAltitude")
              ? json_object_get_double_member (o, "GPSAltitude") : NAN;
  return TRUE;
}

/* The ISO 6709 location of an MP4, as ffprobe reads it, or "". */
static char *
mp4_location (const char *path)
{
  const char *argv[] = { "ffprobe", "-v", "error", "-show_entries", "format_tags=location",
                         "-of", "default=nw=1:nk=1", path, NULL };

  return g_strstrip (sc_test_run_tool (argv));
}

static double
variant_number (GVariant *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    return g_variant_get_double (value);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    return (double)g_variant_get_int64 (value);
  g_error ("Not a number: %s", g_variant_get_type_string (value));
}

/* The camera's gpsInfo lat and lng, read back with camera.getOptions. */
static void
camera_gps (ScCamera *camera,
            double   *latitude,
            double   *longitude)
{
  g_autoptr(GVariant) gps = sc_osc_test_get_option (camera, "gpsInfo");
  g_autoptr(GVariant) lat = g_variant_lookup_value (gps, "lat", NULL);
  g_autoptr(GVariant) lng = g_variant_lookup_value (gps, "lng", NULL);

  g_assert_nonnull (lat);
  g_assert_nonnull (lng);
  *latitude = variant_number (lat);
  *longitude = variant_number (lng);
}

/* Polls the camera until its gpsInfo latitude is @latitude (pushes are
 * asynchronous). */
static void
wait_camera_gps (ScCamera *camera,
                 double    latitude,
                 double    longitude)
{
  double lat = 0, lng = 0;

  for (guint i = 0; i < 100; i++)
    {
      camera_gps (camera, &lat, &lng);
      if (fabs (lat - latitude) < 1e-9)
        break;
      sc_osc_test_spin (100);
    }

  g_assert_cmpfloat_with_epsilon (lat, latitude, 1e-9);
  g_assert_cmpfloat_with_epsilon (lng, longitude, 1e-9);
}

static ScCameraFile *
take_picture (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  ScCameraFile *file = sc_osc_test_take_picture (fixture->camera, &error);

  g_assert_no_error (error);
  g_assert_nonnull (file);
  return file;
}

static ScCameraFile *
record_video (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;

  sc_camera_start_capture_async (fixture->camera, SC_CAMERA_CAPTURE_MODE_VIDEO, NULL,
                                 sc_osc_test_async_cb, &result);
  g_assert_true (sc_camera_start_capture_finish (fixture->camera, AWAIT (result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  sc_osc_test_spin (700);

  sc_camera_stop_capture_async (fixture->camera, NULL, sc_osc_test_async_cb, &result);
  files = sc_camera_stop_capture_finish (fixture->camera, AWAIT (result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 1);
  g_assert_true (g_str_has_suffix (sc_camera_file_get_name (g_ptr_array_index (files, 0)),
                                   ".MP4"));
  return g_object_ref (g_ptr_array_index (files, 0));
}

static gboolean
job_finished (gpointer data)
{
  return sc_job_is_finished (data);
}

/* Downloads @files with the download job; returns the local paths. */
static GStrv
download (Fixture      *fixture,
          ScCameraFile *first,
          ...)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ScJob) job = NULL;
  GVariant *result;
  GStrv paths = NULL;
  va_list ap;

  va_start (ap, first);
  for (ScCameraFile *file = first; file != NULL; file = va_arg (ap, ScCameraFile *))
    g_ptr_array_add (files, g_object_ref (file));
  va_end (ap);

  job = sc_camera_download_job_new (fixture->camera, files, fixture->directory);
  g_assert_true (sc_osc_test_wait_for (job_finished, job, 60000));
  if (sc_job_get_error (job) != NULL)
    g_error ("The download failed: %s", sc_job_get_error (job)->message);
  g_assert_cmpint (sc_job_get_state (job), ==, SC_JOB_STATE_DONE);

  result = sc_job_get_result (job);
  g_assert_true (g_variant_lookup (result, "paths", "^as", &paths));
  g_assert_cmpuint (g_strv_length (paths), ==, files->len);
  return paths;
}

static void
assert_no_gps (const char *path)
{
  double lat, lng, alt;

  g_assert_false (exif_gps (path, &lat, &lng, &alt));
}

static void
assert_gps (const char *path,
            double      latitude,
            double      longitude,
            double      epsilon)
{
  double lat = 0, lng = 0, alt = 0;

  g_assert_true (exif_gps (path, &lat, &lng, &alt));
  g_assert_cmpfloat_with_epsilon (lat, latitude, epsilon);
  g_assert_cmpfloat_with_epsilon (lng, longitude, epsilon);
}

static gboolean
has_location (gpointer data)
{
  return sc_location_source_get_has_location (data);
}

/* Location off (the default): nothing location-related happens, even with
 * the automatic mode chosen and a location service at hand. */
static void
test_geotag_download_off (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(ScCameraFile) photo = NULL;
  g_auto(GStrv) paths = NULL;
  double lat = 0, lng = 0;

  fixture->fake = fake_geoclue_new (g_test_dbus_get_bus_address (test_bus),
                                    FAKE_LATITUDE, FAKE_LONGITUDE, FAKE_ALTITUDE);
  sc_location_source_set_manual (fixture->source, MANUAL_LATITUDE, MANUAL_LONGITUDE,
                                 MANUAL_ALTITUDE, TRUE);
  sc_location_source_set_mode (fixture->source, SC_LOCATION_MODE_AUTOMATIC);

  photo = take_picture (fixture);
  paths = download (fixture, photo, NULL);

  assert_no_gps (paths[0]);
  g_assert_cmpuint (fake_geoclue_get_n_clients (fixture->fake), ==, 0);
  g_assert_cmpuint (fake_geoclue_get_n_starts (fixture->fake), ==, 0);
  g_assert_cmpuint (sc_location_source_get_n_lookups (fixture->source), ==, 0);

  camera_gps (fixture->camera, &lat, &lng);
  g_assert_cmpfloat (lat, ==, GPS_DISABLED);
  g_assert_cmpfloat (lng, ==, GPS_DISABLED);

  /* Manual mode with the toggle off: the same. */
  sc_location_source_set_mode (fixture->source, SC_LOCATION_MODE_MANUAL);
  sc_osc_test_spin (200);
  camera_gps (fixture->camera, &lat, &lng);
  g_assert_cmpfloat (lat, ==, GPS_DISABLED);
}

/* Location on, a position by hand: photos and videos downloaded get it,
 * and the camera is told it. */
static void
test_geotag_download_manual (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(ScCameraFile) photo = NULL;
  g_autoptr(ScCameraFile) video = NULL;
  g_auto(GStrv) paths = NULL;
  g_autofree char *location = NULL;
  double lat = 0, lng = 0, alt = 0;

  /* Taken without GPS, before the location is turned on. */
  photo = take_picture (fixture);
  video = record_video (fixture);

  sc_location_source_set_manual (fixture->source, MANUAL_LATITUDE, MANUAL_LONGITUDE,
                                 MANUAL_ALTITUDE, TRUE);
  sc_location_source_set_mode (fixture->source, SC_LOCATION_MODE_MANUAL);
  sc_permissions_set (fixture->permissions, SC_PERMISSION_LOCATION, TRUE);

  wait_camera_gps (fixture->camera, MANUAL_LATITUDE, MANUAL_LONGITUDE);

  paths = download (fixture, photo, video, NULL);

  g_assert_true (exif_gps (paths[0], &lat, &lng, &alt));
  g_assert_cmpfloat_with_epsilon (lat, MANUAL_LATITUDE, 1e-6);
  g_assert_cmpfloat_with_epsilon (lng, MANUAL_LONGITUDE, 1e-6);
  g_assert_cmpfloat_with_epsilon (alt, MANUAL_ALTITUDE, 1e-6);

  location = mp4_location (paths[1]);
  g_test_message ("MP4 location: %s", location);
  g_assert_cmpstr (location, ==, "+31.230417+121.473701+012.500/");
}

/* A photo with the camera's own GPS keeps the camera's position. */
static void
test_geotag_download_camera_gps (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCameraFile) photo = NULL;
  g_auto(GStrv) paths = NULL;
  g_autofree char *url = g_strconcat (fixture->emu.url, "/osc/commands/execute", NULL);

  /* Straight to the camera over HTTP, as its own app would. */
  {
    g_autofree char *json = g_strdup_printf ("{\"name\":\"camera.setOptions\",\"parameters\":"
                                             "{\"options\":{\"gpsInfo\":{\"lat\":%.6f,"
                                             "\"lng\":%.6f,\"_altitude\":40,\"_dateTimeZone\":"
                                             "\"2026:01:02 10:11:12+09:00\",\"_datum\":\"WGS84\"},"
                                             "\"_gpsTagRecording\":\"on\"}}}",
                                             CAMERA_LATITUDE, CAMERA_LONGITUDE);
    g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

    message = soup_message_new ("POST", url);
    soup_message_set_request_body_from_bytes (message, "application/json;charset=utf-8", bytes);
    reply = soup_session_send_and_read (session, message, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
  }

  photo = take_picture (fixture);

  sc_location_source_set_manual (fixture->source, MANUAL_LATITUDE, MANUAL_LONGITUDE,
                                 MANUAL_ALTITUDE, TRUE);
  sc_location_source_set_mode (fixture->source, SC_LOCATION_MODE_MANUAL);
  sc_permissions_set (fixture->permissions, SC_PERMISSION_LOCATION, TRUE);
  wait_camera_gps (fixture->camera, MANUAL_LATITUDE, MANUAL_LONGITUDE);

  paths = download (fixture, photo, NULL);
  assert_gps (paths[0], CAMERA_LATITUDE, CAMERA_LONGITUDE, 1e-5);
}

/* Automatic: the location service's position is used for downloads and
 * the camera; turning the permission off stops the service, clears the
 * camera's gpsInfo and geotags nothing more. */
static void
test_geotag_download_automatic (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(ScCameraFile) photo = NULL;
  g_autoptr(ScCameraFile) later = NULL;
  g_auto(GStrv) paths = NULL;
  g_auto(GStrv) later_paths = NULL;

  fixture->fake = fake_geoclue_new (g_test_dbus_get_bus_address (test_bus),
                                    FAKE_LATITUDE, FAKE_LONGITUDE, FAKE_ALTITUDE);
  photo = take_picture (fixture);

  sc_location_source_set_mode (fixture->source, SC_LOCATION_MODE_AUTOMATIC);
  sc_permissions_set (fixture->permissions, SC_PERMISSION_LOCATION, TRUE);
  g_assert_true (sc_osc_test_wait_for (has_location, fixture->source, 10000));
  g_assert_cmpuint (fake_geoclue_get_n_starts (fixture->fake), ==, 1);
  g_assert_cmpuint (sc_location_source_get_n_lookups (fixture->source), ==, 1);

  wait_camera_gps (fixture->camera, FAKE_LATITUDE, FAKE_LONGITUDE);
  paths = download (fixture, photo, NULL);
  assert_gps (paths[0], FAKE_LATITUDE, FAKE_LONGITUDE, 1e-6);

  /* Off while connected: 65535 for the camera, GeoClue stopped. */
  sc_permissions_set (fixture->permissions, SC_PERMISSION_LOCATION, FALSE);
  wait_camera_gps (fixture->camera, GPS_DISABLED, GPS_DISABLED);
  g_assert_true (sc_osc_test_wait_for (fake_is_idle, fixture->fake, 10000));
  g_assert_cmpuint (fake_geoclue_get_n_stops (fixture->fake), ==, 1);

  later = take_picture (fixture);
  later_paths = download (fixture, later, NULL);
  assert_no_gps (later_paths[0]);
  g_assert_cmpuint (fake_geoclue_get_n_starts (fixture->fake), ==, 1);
}

/* No location service: the download goes ahead without a location. */
static void
test_geotag_download_automatic_absent (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(ScCameraFile) photo = NULL;
  g_auto(GStrv) paths = NULL;
  double lat = 0, lng = 0;

  sc_location_source_set_mode (fixture->source, SC_LOCATION_MODE_AUTOMATIC);
  sc_permissions_set (fixture->permissions, SC_PERMISSION_LOCATION, TRUE);
  g_assert_cmpuint (sc_location_source_get_n_lookups (fixture->source), ==, 1);

  photo = take_picture (fixture);
  paths = download (fixture, photo, NULL);
  assert_no_gps (paths[0]);
  g_assert_nonnull (sc_location_source_get_status (fixture->source));
  g_assert_false (sc_location_source_get_has_location (fixture->source));

  camera_gps (fixture->camera, &lat, &lng);
  g_assert_cmpfloat (lat, ==, GPS_DISABLED);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  test_bus = fake_geoclue_bus_up ();
  if (!sc_core_init (&error))
    g_error ("%s", error->message);

#define ADD(path, func) \
  g_test_add ("/sc-core/geotag-download/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("location-off", test_geotag_download_off);
  ADD ("manual", test_geotag_download_manual);
  ADD ("camera-gps", test_geotag_download_camera_gps);
  ADD ("automatic", test_geotag_download_automatic);
  ADD ("automatic-absent", test_geotag_download_automatic_absent);

  ret = g_test_run ();

  fake_geoclue_bus_down (test_bus);

  return ret;
}
