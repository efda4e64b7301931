/* test-usage-stats.c: ScUsageStats, the opt-in local usage statistics,
 * and the camera request counters ScOscCamera records to it (against
 * spherecam-emulator)
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-usage-stats"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sc-osc-test-util.h"

typedef struct
{
  char  *dir;        /* a temporary folder */
  char  *path;       /* dir/usage-statistics.json */
  GFile *directory;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("sc-test-usage-stats-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "usage-statistics.json", NULL);
  fixture->directory = g_file_new_for_path (fixture->dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  sc_usage_stats_set_default (NULL);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (fixture->dir);

  g_clear_object (&fixture->directory);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

/* Drops @stats and checks that it was the last reference. */
static void
finish (ScUsageStats **stats)
{
  gpointer weak = *stats;

  g_object_add_weak_pointer (G_OBJECT (*stats), &weak);
  g_clear_object (stats);
  g_assert_null (weak);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* The sum of @counter over every day (a test may run across midnight). */
static gint64
get_counter (ScUsageStats *stats,
             const char   *counter)
{
  g_autoptr(JsonNode) node = sc_usage_stats_to_json (stats);
  JsonArray *days;
  gint64 ret = 0;

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  days = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      JsonObject *day = json_array_get_object_element (days, i);
      JsonObject *counters = json_object_get_object_member (day, "counters");

      g_assert_nonnull (json_object_get_string_member (day, "date"));
      g_assert_nonnull (counters);
      ret += json_object_get_int_member_with_default (counters, counter, 0);
    }

  return ret;
}

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static JsonObject *
read_file (Fixture *fixture)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Only usage-statistics.json, 0600, no temporary files left beside it. */
static void
assert_only_the_file (Fixture *fixture)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  struct stat st;
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_cmpstr (name, ==, "usage-statistics.json");

  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_disabled_writes_nothing (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(ScUsageStats) stats = sc_usage_stats_new (fixture->directory);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GDir) dir = NULL;

  /* Off by default. */
  g_assert_false (sc_usage_stats_get_enabled (stats));

  sc_usage_stats_app_started (stats);
  sc_usage_stats_count (stats, "page-opened:camera", 3);
  sc_usage_stats_record_request (stats, "camera.takePicture", 120, FALSE);
  g_assert_true (sc_usage_stats_save (stats, &error));
  g_assert_no_error (error);
  sc_usage_stats_app_stopped (stats);

  g_assert_cmpint (sc_usage_stats_get_n_days (stats), ==, 0);
  node = sc_usage_stats_to_json (stats);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 0);
  finish (&stats);

  /* Not a single file, not even a temporary one. */
  dir = g_dir_open (fixture->dir, 0, &error);
  g_assert_no_error (error);
  g_assert_null (g_dir_read_name (dir));

  /* The default instance is memory-only and off as well. */
  g_assert_false (sc_usage_stats_get_enabled (sc_usage_stats_get_default ()));
  sc_usage_stats_count (sc_usage_stats_get_default (), "app-starts", 1);
  g_assert_cmpint (sc_usage_stats_get_n_days (sc_usage_stats_get_default ()), ==, 0);
}

static void
test_counts_and_reloads (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(ScUsageStats) stats = sc_usage_stats_new (fixture->directory);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) file = NULL;
  g_autofree char *date = today ();
  guint notified = 0;
  JsonArray *days;

  g_signal_connect (stats, "notify::enabled", G_CALLBACK (count_notify_cb), &notified);
  sc_usage_stats_set_enabled (stats, TRUE);
  sc_usage_stats_set_enabled (stats, TRUE);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (sc_usage_stats_get_enabled (stats));

  sc_usage_stats_count (stats, "page-opened:camera", 2);
  sc_usage_stats_count (stats, "page-opened:camera", 1);
  sc_usage_stats_count (stats, "page-opened:files", 1);
  sc_usage_stats_count (stats, "seconds-active", 0);
  sc_usage_stats_record_request (stats, "camera.takePicture", 250, FALSE);
  sc_usage_stats_record_request (stats, "camera.takePicture", 50, TRUE);
  sc_usage_stats_record_request (stats, "/osc/info", 7, FALSE);

  g_assert_cmpint (get_counter (stats, "page-opened:camera"), ==, 3);
  g_assert_cmpint (get_counter (stats, "page-opened:files"), ==, 1);
  g_assert_cmpint (get_counter (stats, "camera-requests:camera.takepicture"), ==, 2);
  g_assert_cmpint (get_counter (stats, "camera-request-errors:camera.takepicture"), ==, 1);
  g_assert_cmpint (get_counter (stats, "camera-request-ms:camera.takepicture"), ==, 300);
  g_assert_cmpint (get_counter (stats, "camera-requests:osc.info"), ==, 1);
  g_assert_cmpint (get_counter (stats, "camera-request-errors:osc.info"), ==, 0);
  g_assert_cmpint (sc_usage_stats_get_n_days (stats), ==, 1);

  /* Saved on request (or a few seconds later): atomically, 0600. */
  g_assert_true (sc_usage_stats_save (stats, &error));
  g_assert_no_error (error);
  assert_only_the_file (fixture);
  file = read_file (fixture);
  g_assert_cmpstr (json_object_get_string_member (file, "format"), ==, "spherecam-usage-statistics");
  days = json_object_get_array_member (file, "days");
  g_assert_cmpuint (json_array_get_length (days), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (days, 0), "date"),
                   ==, date);
  finish (&stats);

  /* A new instance reads it back, enabled or not. */
  stats = sc_usage_stats_new (fixture->directory);
  g_assert_false (sc_usage_stats_get_enabled (stats));
  g_assert_cmpint (sc_usage_stats_get_n_days (stats), ==, 1);
  g_assert_cmpint (get_counter (stats, "page-opened:camera"), ==, 3);
  g_assert_cmpint (get_counter (stats, "camera-request-ms:camera.takepicture"), ==, 300);

  /* And counts on from there. */
  sc_usage_stats_set_enabled (stats, TRUE);
  sc_usage_stats_count (stats, "page-opened:camera", 1);
  finish (&stats);       /* dispose saves what is pending */
  stats = sc_usage_stats_new (fixture->directory);
  g_assert_cmpint (get_counter (stats, "page-opened:camera"), ==, 4);
  finish (&stats);
}

static void
test_disable_keeps (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(ScUsageStats) stats = sc_usage_stats_new (fixture->directory);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  sc_usage_stats_set_enabled (stats, TRUE);
  sc_usage_stats_count (stats, "page-opened:camera", 5);

  /* Turning it off saves what was counted, erases nothing … */
  sc_usage_stats_set_enabled (stats, FALSE);
  g_file_get_contents (fixture->path, &before, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (get_counter (stats, "page-opened:camera"), ==, 5);

  /* … and counts and writes nothing more. */
  sc_usage_stats_count (stats, "page-opened:camera", 1);
  sc_usage_stats_app_started (stats);
  sc_usage_stats_app_stopped (stats);
  g_assert_true (sc_usage_stats_save (stats, &error));
  g_assert_no_error (error);
  finish (&stats);
  g_file_get_contents (fixture->path, &after, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (before, ==, after);

  stats = sc_usage_stats_new (fixture->directory);
  g_assert_cmpint (get_counter (stats, "page-opened:camera"), ==, 5);
  g_assert_cmpint (get_counter (stats, "app-starts"), ==, 0);
  finish (&stats);
}

static void
test_crash_detection (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(ScUsageStats) stats = NULL;
  g_autoptr(JsonObject) file = NULL;

  /* A run that starts and never stops: the marker is on disk at once. */
  stats = sc_usage_stats_new (fixture->directory);
  sc_usage_stats_set_enabled (stats, TRUE);
  sc_usage_stats_app_started (stats);
  file = read_file (fixture);
  g_assert_true (json_object_get_boolean_member (file, "running"));
  g_clear_pointer (&file, json_object_unref);
  g_assert_cmpint (get_counter (stats, "app-starts"), ==, 1);
  g_assert_cmpint (get_counter (stats, "crashes"), ==, 0);
  finish (&stats);        /* as if the process had died */

  /* The next start counts a crash (here with the toggle bound after the
   * start, as the app may do it). */
  stats = sc_usage_stats_new (fixture->directory);
  sc_usage_stats_app_started (stats);
  g_assert_cmpint (get_counter (stats, "crashes"), ==, 0);
  sc_usage_stats_set_enabled (stats, TRUE);
  g_assert_cmpint (get_counter (stats, "crashes"), ==, 1);
  sc_usage_stats_app_stopped (stats);
  file = read_file (fixture);
  g_assert_false (json_object_get_boolean_member (file, "running"));
  g_clear_pointer (&file, json_object_unref);
  finish (&stats);

  /* A clean stop before: no crash. */
  stats = sc_usage_stats_new (fixture->directory);
  sc_usage_stats_set_enabled (stats, TRUE);
  sc_usage_stats_app_started (stats);
  sc_usage_stats_app_started (stats);
  g_assert_cmpint (get_counter (stats, "app-starts"), ==, 2);
  g_assert_cmpint (get_counter (stats, "crashes"), ==, 1);
  sc_usage_stats_app_stopped (stats);
  g_assert_cmpint (get_counter (stats, "seconds-running"), >=, 0);
  finish (&stats);

  stats = sc_usage_stats_new (fixture->directory);
  sc_usage_stats_set_enabled (stats, TRUE);
  sc_usage_stats_app_started (stats);
  sc_usage_stats_app_stopped (stats);
  g_assert_cmpint (get_counter (stats, "app-starts"), ==, 3);
  g_assert_cmpint (get_counter (stats, "crashes"), ==, 1);
  finish (&stats);
}

static void
test_bad_names (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const bad[] = {
    "",
    "Page-Opened",
    "page opened",
    "serial:EMU7K2Q9",
    "path:/home/user/Pictures",
    "host:192.168.1.1/osc",
    "mail:someone@example.com",
    "page-opened:caméra",
    "tab\tname",
    "x123456789012345678901234567890123456789012345678901234567890abcd",
  };
  g_autoptr(ScUsageStats) stats = sc_usage_stats_new (fixture->directory);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  char longest[65];

  sc_usage_stats_set_enabled (stats, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_expect_message ("sc-usage-stats", G_LOG_LEVEL_CRITICAL, "*counter_name_is_valid*");
      sc_usage_stats_count (stats, bad[i], 1);
      g_test_assert_expected_messages ();
    }
  g_test_expect_message ("sc-usage-stats", G_LOG_LEVEL_CRITICAL, "*counter_name_is_valid*");
  sc_usage_stats_count (stats, NULL, 1);
  g_test_assert_expected_messages ();
  g_test_expect_message ("sc-usage-stats", G_LOG_LEVEL_CRITICAL, "*delta*");
  sc_usage_stats_count (stats, "app-starts", -1);
  g_test_assert_expected_messages ();

  /* Requests whose "command" is a file URL or free text are not counted. */
  sc_usage_stats_record_request (stats, "/files/53504843/100SPHCM/SPHC0001.JPG", 5, FALSE);
  sc_usage_stats_record_request (stats, "http://192.168.1.1/osc/info", 5, FALSE);
  sc_usage_stats_record_request (stats, "camera.takePicture with my notes", 5, FALSE);

  g_assert_cmpint (sc_usage_stats_get_n_days (stats), ==, 0);

  /* 64 characters is the longest name. */
  memset (longest, 'a', 64);
  longest[64] = '\0';
  sc_usage_stats_count (stats, longest, 1);
  g_assert_cmpint (get_counter (stats, longest), ==, 1);

  g_assert_true (sc_usage_stats_save (stats, &error));
  g_assert_no_error (error);
  g_file_get_contents (fixture->path, &text, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 1; i < G_N_ELEMENTS (bad); i++)
    g_assert_null (strstr (text, bad[i]));
  g_assert_null (strstr (text, "SPHC0001"));
  g_assert_null (strstr (text, "192.168"));
  finish (&stats);
}

static void
test_erase (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(ScUsageStats) stats = sc_usage_stats_new (fixture->directory);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) file = NULL;

  sc_usage_stats_set_enabled (stats, TRUE);
  sc_usage_stats_count (stats, "page-opened:camera", 1);
  g_assert_true (sc_usage_stats_save (stats, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));

  /* Not running: the file goes. */
  g_assert_true (sc_usage_stats_erase (stats, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sc_usage_stats_get_n_days (stats), ==, 0);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  /* Running: the file stays, with no counters, only the running mark. */
  sc_usage_stats_app_started (stats);
  sc_usage_stats_count (stats, "page-opened:camera", 1);
  g_assert_true (sc_usage_stats_save (stats, &error));
  g_assert_no_error (error);
  g_assert_true (sc_usage_stats_erase (stats, &error));
  g_assert_no_error (error);
  file = read_file (fixture);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (file, "days")), ==, 0);
  g_assert_true (json_object_get_boolean_member (file, "running"));
  g_clear_pointer (&file, json_object_unref);
  sc_usage_stats_app_stopped (stats);
  finish (&stats);

  stats = sc_usage_stats_new (fixture->directory);
  g_assert_cmpint (get_counter (stats, "page-opened:camera"), ==, 0);
  g_assert_cmpint (get_counter (stats, "app-starts"), ==, 0);

  /* Erasing works while disabled too. */
  g_assert_true (sc_usage_stats_erase (stats, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
  finish (&stats);
}

/* A file with 200 days up to yesterday, one bad date and one bad name:
 * only the last 90 days (89 of them, and today makes 90) are kept. */
static void
test_retention (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("{\"format\":\"spherecam-usage-statistics\",\"version\":1,"
                                          "\"running\":false,\"days\":[");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(ScUsageStats) stats = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 200; i >= 1; i--)
    {
      g_autoptr(GDateTime) then = g_date_time_add_days (now, -i);
      g_autofree char *date = g_date_time_format (then, "%Y-%m-%d");

      g_string_append_printf (text, "{\"date\":\"%s\",\"counters\":{\"app-starts\":1,"
                              "\"Bad Name\":7}},", date);
    }
  g_string_append (text, "{\"date\":\"2026-02-30\",\"counters\":{\"app-starts\":1}}]}");
  g_file_set_contents (fixture->path, text->str, -1, &error);
  g_assert_no_error (error);

  stats = sc_usage_stats_new (fixture->directory);
  g_assert_cmpint (sc_usage_stats_get_n_days (stats), ==, 89);
  g_assert_cmpint (get_counter (stats, "app-starts"), ==, 89);
  g_assert_cmpint (get_counter (stats, "Bad Name"), ==, 0);

  sc_usage_stats_set_enabled (stats, TRUE);
  sc_usage_stats_count (stats, "app-starts", 1);
  g_assert_cmpint (sc_usage_stats_get_n_days (stats), ==, 90);
  finish (&stats);
}

/* The camera backend records every OSC request to the default instance:
 * the command or endpoint, its time and whether it failed; nothing else. */
static void
test_osc_requests (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(ScUsageStats) stats = sc_usage_stats_new (fixture->directory);
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(ScCameraFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *host = NULL;
  ScOscEmulator emu;

  sc_usage_stats_set_default (stats);

  /* Off: a request counts nothing. */
  sc_osc_emulator_start (&emu, "--photo-size", "640x320", NULL);
  camera = sc_osc_test_new_connected_camera (emu.url);
  g_assert_cmpint (sc_usage_stats_get_n_days (stats), ==, 0);

  /* On. */
  sc_usage_stats_set_enabled (stats, TRUE);
  file = sc_osc_test_take_picture (camera, &error);
  g_assert_no_error (error);
  g_assert_nonnull (file);
  g_assert_cmpint (get_counter (stats, "camera-requests:camera.takepicture"), ==, 1);
  g_assert_cmpint (get_counter (stats, "camera-request-errors:camera.takepicture"), ==, 0);
  g_assert_cmpint (get_counter (stats, "camera-request-ms:camera.takepicture"), >=, 0);
  g_clear_object (&file);
  sc_osc_test_finish_camera (&camera);
  sc_osc_emulator_stop (&emu);

  /* A camera whose card is full: /osc/info works, takePicture fails. */
  sc_osc_emulator_start (&emu, "--fault", "disk-full", NULL);
  host = g_strdup (emu.url);
  camera = sc_osc_test_new_connected_camera (emu.url);
  g_assert_cmpint (get_counter (stats, "camera-requests:osc.info"), >=, 1);
  g_assert_cmpint (get_counter (stats, "camera-request-errors:osc.info"), ==, 0);
  file = sc_osc_test_take_picture (camera, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_clear_error (&error);
  g_assert_null (file);
  g_assert_cmpint (get_counter (stats, "camera-requests:camera.takepicture"), ==, 2);
  g_assert_cmpint (get_counter (stats, "camera-request-errors:camera.takepicture"), ==, 1);
  sc_osc_test_finish_camera (&camera);
  sc_osc_emulator_stop (&emu);

  /* Only command names reach the file: no address, serial or file name. */
  g_assert_true (sc_usage_stats_save (stats, &error));
  g_assert_no_error (error);
  g_file_get_contents (fixture->path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (text, "127.0.0.1"));
  g_assert_null (strstr (text, SC_EMULATOR_SERIAL));
  g_assert_null (strstr (text, "SPHC"));
  g_assert_null (strstr (text, "sessionId"));
  g_assert_null (strstr (text, "http"));

  sc_usage_stats_set_default (NULL);
  finish (&stats);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sc-core/ScUsageStats/disabled-writes-nothing", test_disabled_writes_nothing);
  ADD ("/sc-core/ScUsageStats/counts-and-reloads", test_counts_and_reloads);
  ADD ("/sc-core/ScUsageStats/disable-keeps", test_disable_keeps);
  ADD ("/sc-core/ScUsageStats/crash-detection", test_crash_detection);
  ADD ("/sc-core/ScUsageStats/bad-names", test_bad_names);
  ADD ("/sc-core/ScUsageStats/erase", test_erase);
  ADD ("/sc-core/ScUsageStats/retention", test_retention);
  ADD ("/sc-core/ScUsageStats/osc-requests", test_osc_requests);

#undef ADD

  return g_test_run ();
}
