/* test-location.c: ScLocationSource, its permission gate and GeoClue2
 *
 * The automatic mode runs real libgeoclue against a fake GeoClue2 service
 * (fake-geoclue.c) on a private bus that this process uses as its system
 * bus, so every request the code makes of the location service is seen
 * and counted.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include <sc-core.h>

#include "fake-geoclue.h"

#define FAKE_LATITUDE   48.8583701
#define FAKE_LONGITUDE  2.2944813
#define FAKE_ALTITUDE   35.0

static GTestDBus *test_bus;

typedef struct
{
  ScPermissions    *permissions;
  ScLocationSource *source;
  guint             n_changed;
} Fixture;

static void
on_changed_cb (ScLocationSource *source,
               Fixture          *fixture)
{
  fixture->n_changed++;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->permissions = sc_permissions_new (NULL);
  fixture->source = sc_location_source_new (fixture->permissions);
  g_signal_connect (fixture->source, "changed", G_CALLBACK (on_changed_cb), fixture);
}

static gboolean wait_for (gboolean (*predicate) (gpointer), gpointer data);

static gboolean
is_null (gpointer data)
{
  return *(gpointer *)data == NULL;
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gpointer weak = fixture->source;

  /* Replies to requests that were cancelled may still be on their way,
   * each holding the source until it arrives. */
  g_object_add_weak_pointer (G_OBJECT (fixture->source), &weak);
  g_clear_object (&fixture->source);
  g_assert_true (wait_for (is_null, &weak));
  g_clear_object (&fixture->permissions);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until @predicate holds (or 10 s pass). */
static gboolean
wait_for (gboolean (*predicate) (gpointer),
          gpointer   data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (10000, on_timeout_cb, &timed_out);

  while (!predicate (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);

  return predicate (data);
}

/* Runs the main context for @ms, to let anything that should not happen
 * have its chance. */
static void
spin (guint ms)
{
  gboolean timed_out = FALSE;

  g_timeout_add (ms, on_timeout_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
has_location (gpointer data)
{
  return sc_location_source_get_has_location (data);
}

static gboolean
has_status (gpointer data)
{
  return sc_location_source_get_status (data) != NULL;
}

static gboolean
fake_is_idle (gpointer data)
{
  return fake_geoclue_get_n_active (data) == 0 && fake_geoclue_get_n_existing (data) == 0;
}

static void
test_location_mode_strings (void)
{
  ScLocationMode mode = SC_LOCATION_MODE_MANUAL;

  g_assert_cmpstr (sc_location_mode_to_string (SC_LOCATION_MODE_NONE), ==, "none");
  g_assert_cmpstr (sc_location_mode_to_string (SC_LOCATION_MODE_MANUAL), ==, "manual");
  g_assert_cmpstr (sc_location_mode_to_string (SC_LOCATION_MODE_AUTOMATIC), ==, "automatic");

  for (guint i = SC_LOCATION_MODE_NONE; i <= SC_LOCATION_MODE_AUTOMATIC; i++)
    {
      g_assert_true (sc_location_mode_from_string (sc_location_mode_to_string (i), &mode));
      g_assert_cmpuint (mode, ==, i);
    }

  mode = SC_LOCATION_MODE_MANUAL;
  g_assert_false (sc_location_mode_from_string ("gps", &mode));
  g_assert_false (sc_location_mode_from_string ("", &mode));
  g_assert_false (sc_location_mode_from_string (NULL, &mode));
  g_assert_cmpuint (mode, ==, SC_LOCATION_MODE_MANUAL);
}

static void
test_location_defaults (Fixture       *fixture,
                        gconstpointer  data)
{
  ScGeoLocation location = { 0 };
  g_autofree char *mode = NULL;

  g_object_get (fixture->source, "mode", &mode, NULL);
  g_assert_cmpstr (mode, ==, "none");
  g_assert_cmpuint (sc_location_source_get_mode (fixture->source), ==, SC_LOCATION_MODE_NONE);
  g_assert_false (sc_location_source_get_manual (fixture->source, &location));
  g_assert_false (sc_location_source_get_current (fixture->source, &location));
  g_assert_false (sc_location_source_get_has_location (fixture->source));
  g_assert_null (sc_location_source_get_status (fixture->source));
  g_assert_cmpuint (sc_location_source_get_n_lookups (fixture->source), ==, 0);

  /* The default source follows the default permissions. */
  g_assert_true (SC_IS_LOCATION_SOURCE (sc_location_source_get_default ()));
  g_assert_true (sc_location_source_get_default () == sc_location_source_get_default ());
  g_assert_false (sc_location_source_get_has_location (sc_location_source_get_default ()));
}

/* A manual position counts only while the location permission is on. */
static void
test_location_manual (Fixture       *fixture,
                      gconstpointer  data)
{
  ScGeoLocation location = { 0 };

  g_object_set (fixture->source, "mode", "manual", NULL);
  sc_location_source_set_manual (fixture->source, 31.2304167, 121.4737014, 12.5, TRUE);

  /* The position is kept, but nothing is current with the toggle off. */
  g_assert_true (sc_location_source_get_manual (fixture->source, &location));
  g_assert_cmpfloat (location.latitude, ==, 31.2304167);
  g_assert_false (sc_location_source_get_current (fixture->source, &location));
  g_assert_false (sc_location_source_get_has_location (fixture->source));
  g_assert_cmpuint (fixture->n_changed, ==, 0);

  sc_permissions_set (fixture->permissions, SC_PERMISSION_LOCATION, TRUE);
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  g_assert_true (sc_location_source_get_has_location (fixture->source));
  memset (&location, 0, sizeof location);
  g_assert_true (sc_location_source_get_current (fixture->source, &location));
  g_assert_cmpfloat (location.latitude, ==, 31.2304167);
  g_assert_cmpfloat (location.longitude, ==, 121.4737014);
  g_assert_true (location.has_altitude);
  g_assert_cmpfloat (location.altitude, ==, 12.5);
  g_assert_null (location.time);

  /* A new position is a change; the same one again is not. */
  sc_location_source_set_manual (fixture->source, -33.8567844, 151.213108, 0, FALSE);
  g_assert_cmpuint (fixture->n_changed, ==, 2);
  sc_location_source_set_manual (fixture->source, -33.8567844, 151.213108, 0, FALSE);
  g_assert_cmpuint (fixture->n_changed, ==, 2);
  g_assert_true (sc_location_source_get_current (fixture->source, &location));
  g_assert_false (location.has_altitude);

  /* The properties the app binds to GSettings. */
  g_object_set (fixture->source, "manual-latitude", 10.0, "manual-longitude", -20.0, NULL);
  g_assert_true (sc_location_source_get_current (fixture->source, &location));
  g_assert_cmpfloat (location.latitude, ==, 10.0);
  g_assert_cmpfloat (location.longitude, ==, -20.0);

  sc_location_source_set_mode (fixture->source, SC_LOCATION_MODE_NONE);
  g_assert_false (sc_location_source_get_current (fixture->source, &location));
  sc_location_source_set_mode (fixture->source, SC_LOCATION_MODE_MANUAL);
  g_assert_true (sc_location_source_get_current (fixture->source, &location));

  sc_permissions_set (fixture->permissions, SC_PERMISSION_LOCATION, FALSE);
  g_assert_false (sc_location_source_get_current (fixture->source, &location));
  g_assert_false (sc_location_source_get_has_location (fixture->source));

  /* Manual mode never asks the location service. */
  g_assert_cmpuint (sc_location_source_get_n_lookups (fixture->source), ==, 0);
}

static void
test_location_manual_ranges (Fixture       *fixture,
                             gconstpointer  data)
{
  ScGeoLocation location = { 0 };

  sc_permissions_set (fixture->permissions, SC_PERMISSION_LOCATION, TRUE);
  sc_location_source_set_mode (fixture->source, SC_LOCATION_MODE_MANUAL);

  g_test_expect_message ("sc-location", G_LOG_LEVEL_CRITICAL, "*_sc_location_is_valid*");
  sc_location_source_set_manual (fixture->source, 90.5, 0, 0, FALSE);
  g_test_assert_expected_messages ();
  g_test_expect_message ("sc-location", G_LOG_LEVEL_CRITICAL, "*_sc_location_is_valid*");
  sc_location_source_set_manual (fixture->source, 0, -180.001, 0, FALSE);
  g_test_assert_expected_messages ();
  g_test_expect_message ("sc-location", G_LOG_LEVEL_CRITICAL, "*_sc_location_is_valid*");
  sc_location_source_set_manual (fixture->source, NAN, 0, 0, FALSE);
  g_test_assert_expected_messages ();
  g_test_expect_message ("sc-location", G_LOG_LEVEL_CRITICAL, "*altitude_is_valid*");
  sc_location_source_set_manual (fixture->source, 0, 0, INFINITY, TRUE);
  g_test_assert_expected_messages ();

  g_assert_false (sc_location_source_get_manual (fixture->source, &location));
  g_assert_false (sc_location_source_get_current (fixture->source, &location));

  /* The edges are places. */
  sc_location_source_set_manual (fixture->source, -90, 180, 0, FALSE);
  g_assert_true (sc_location_source_get_current (fixture->source, &location));
  sc_location_source_set_manual (fixture->source, 90, -180, 0, FALSE);
  g_assert_true (sc_location_source_get_current (fixture->source, &location));
}

/* Without consent nothing is current, whatever the toggle says. */
static void
test_location_consent (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-location-XXXXXX", &error);
  g_autoptr(GFile) directory = g_file_new_for_path (dir);
  g_autoptr(ScConsent) consent = sc_consent_new (directory, "1.0");
  g_autoptr(GFile) file = NULL;

  g_assert_no_error (error);

  sc_permissions_set (fixture->permissions, SC_PERMISSION_LOCATION, TRUE);
  sc_location_source_set_manual (fixture->source, 1, 2, 0, FALSE);
  sc_location_source_set_mode (fixture->source, SC_LOCATION_MODE_MANUAL);
  g_assert_true (sc_location_source_get_has_location (fixture->source));

  sc_permissions_set_consent (fixture->permissions, consent);
  g_assert_false (sc_location_source_get_has_location (fixture->source));

  g_assert_true (sc_consent_accept (consent, &error));
  g_assert_no_error (error);
  g_assert_true (sc_location_source_get_has_location (fixture->source));

  g_assert_true (sc_consent_revoke (consent, &error));
  g_assert_no_error (error);
  g_assert_false (sc_location_source_get_has_location (fixture->source));

  sc_permissions_set_consent (fixture->permissions, NULL);
  file = g_file_get_child (directory, "consent.json");
  g_file_delete (file, NULL, NULL);
  g_rmdir (dir);
}

/* Automatic mode with the toggle off asks nobody. */
static void
test_location_automatic_off (Fixture       *fixture,
                             gconstpointer  data)
{
  FakeGeoclue *fake = fake_geoclue_new (g_test_dbus_get_bus_address (test_bus),
                                        FAKE_LATITUDE, FAKE_LONGITUDE, FAKE_ALTITUDE);

  sc_location_source_set_mode (fixture->source, SC_LOCATION_MODE_AUTOMATIC);
  spin (300);

  g_assert_cmpuint (fake_geoclue_get_n_clients (fake), ==, 0);
  g_assert_cmpuint (fake_geoclue_get_n_starts (fake), ==, 0);
  g_assert_cmpuint (sc_location_source_get_n_lookups (fixture->source), ==, 0);
  g_assert_false (sc_location_source_get_has_location (fixture->source));
  g_assert_null (sc_location_source_get_status (fixture->source));

  fake_geoclue_free (fake);
}

static void
test_location_automatic (Fixture       *fixture,
                         gconstpointer  data)
{
  FakeGeoclue *fake = fake_geoclue_new (g_test_dbus_get_bus_address (test_bus),
                                        FAKE_LATITUDE, FAKE_LONGITUDE, FAKE_ALTITUDE);
  ScGeoLocation location = { 0 };

  sc_location_source_set_mode (fixture->source, SC_LOCATION_MODE_AUTOMATIC);
  sc_permissions_set (fixture->permissions, SC_PERMISSION_LOCATION, TRUE);
  g_assert_cmpuint (sc_location_source_get_n_lookups (fixture->source), ==, 1);

  g_assert_true (wait_for (has_location, fixture->source));
  g_assert_true (sc_location_source_get_current (fixture->source, &location));
  g_assert_cmpfloat_with_epsilon (location.latitude, FAKE_LATITUDE, 1e-9);
  g_assert_cmpfloat_with_epsilon (location.longitude, FAKE_LONGITUDE, 1e-9);
  g_assert_true (location.has_altitude);
  g_assert_cmpfloat_with_epsilon (location.altitude, FAKE_ALTITUDE, 1e-9);
  g_assert_null (sc_location_source_get_status (fixture->source));
  g_assert_cmpuint (fixture->n_changed, ==, 1);

  g_assert_cmpuint (fake_geoclue_get_n_clients (fake), ==, 1);
  g_assert_cmpuint (fake_geoclue_get_n_starts (fake), ==, 1);
  g_assert_cmpuint (fake_geoclue_get_n_active (fake), ==, 1);
  g_assert_cmpstr (fake_geoclue_get_desktop_id (fake), ==, APP_ID);

  /* Turning the permission off stops and deletes the client. */
  sc_permissions_set (fixture->permissions, SC_PERMISSION_LOCATION, FALSE);
  g_assert_false (sc_location_source_get_has_location (fixture->source));
  g_assert_false (sc_location_source_get_current (fixture->source, &location));
  g_assert_cmpuint (fixture->n_changed, ==, 2);
  g_assert_true (wait_for (fake_is_idle, fake));
  g_assert_cmpuint (fake_geoclue_get_n_stops (fake), ==, 1);

  /* On again: a second lookup. */
  sc_permissions_set (fixture->permissions, SC_PERMISSION_LOCATION, TRUE);
  g_assert_true (wait_for (has_location, fixture->source));
  g_assert_cmpuint (sc_location_source_get_n_lookups (fixture->source), ==, 2);
  g_assert_cmpuint (fake_geoclue_get_n_starts (fake), ==, 2);

  /* Another mode stops it too. */
  sc_location_source_set_mode (fixture->source, SC_LOCATION_MODE_NONE);
  g_assert_false (sc_location_source_get_has_location (fixture->source));
  g_assert_true (wait_for (fake_is_idle, fake));
  g_assert_cmpuint (fake_geoclue_get_n_stops (fake), ==, 2);
  g_assert_cmpuint (fake_geoclue_get_n_clients (fake), ==, 2);

  fake_geoclue_free (fake);
}

/* No location service on the bus: a status, no location, no crash. */
static void
test_location_automatic_absent (Fixture       *fixture,
                                gconstpointer  data)
{
  ScGeoLocation location = { 0 };
  g_autofree char *status = NULL;

  sc_permissions_set (fixture->permissions, SC_PERMISSION_LOCATION, TRUE);
  sc_location_source_set_mode (fixture->source, SC_LOCATION_MODE_AUTOMATIC);

  g_assert_true (wait_for (has_status, fixture->source));
  g_object_get (fixture->source, "status", &status, NULL);
  g_test_message ("Status: %s", status);
  g_assert_nonnull (strstr (status, "not available"));
  g_assert_false (sc_location_source_get_current (fixture->source, &location));
  g_assert_false (sc_location_source_get_has_location (fixture->source));
  g_assert_cmpuint (sc_location_source_get_n_lookups (fixture->source), ==, 1);
  g_assert_cmpuint (fixture->n_changed, ==, 0);

  /* No retrying on its own. */
  spin (300);
  g_assert_cmpuint (sc_location_source_get_n_lookups (fixture->source), ==, 1);

  /* The status goes with the mode. */
  sc_location_source_set_mode (fixture->source, SC_LOCATION_MODE_MANUAL);
  g_assert_null (sc_location_source_get_status (fixture->source));
}

/* The service refuses: another status. */
static void
test_location_automatic_denied (Fixture       *fixture,
                                gconstpointer  data)
{
  FakeGeoclue *fake = fake_geoclue_new (g_test_dbus_get_bus_address (test_bus),
                                        FAKE_LATITUDE, FAKE_LONGITUDE, FAKE_ALTITUDE);

  fake_geoclue_set_deny (fake, TRUE);
  sc_permissions_set (fixture->permissions, SC_PERMISSION_LOCATION, TRUE);
  sc_location_source_set_mode (fixture->source, SC_LOCATION_MODE_AUTOMATIC);

  g_assert_true (wait_for (has_status, fixture->source));
  g_test_message ("Status: %s", sc_location_source_get_status (fixture->source));
  g_assert_nonnull (strstr (sc_location_source_get_status (fixture->source), "does not allow"));
  g_assert_false (sc_location_source_get_has_location (fixture->source));
  g_assert_cmpuint (fake_geoclue_get_n_starts (fake), ==, 1);
  g_assert_true (wait_for (fake_is_idle, fake));

  fake_geoclue_free (fake);
}

/* "Erase my data": everything back to the defaults. */
static void
test_location_clear (Fixture       *fixture,
                     gconstpointer  data)
{
  FakeGeoclue *fake = fake_geoclue_new (g_test_dbus_get_bus_address (test_bus),
                                        FAKE_LATITUDE, FAKE_LONGITUDE, FAKE_ALTITUDE);
  ScGeoLocation location = { 0 };
  gboolean manual_set = TRUE;
  double latitude = 1;

  sc_permissions_set (fixture->permissions, SC_PERMISSION_LOCATION, TRUE);
  sc_location_source_set_manual (fixture->source, 31.2304167, 121.4737014, 12.5, TRUE);
  sc_location_source_set_mode (fixture->source, SC_LOCATION_MODE_AUTOMATIC);
  g_assert_true (wait_for (has_location, fixture->source));
  g_assert_cmpuint (sc_location_source_get_n_lookups (fixture->source), ==, 1);

  sc_location_source_clear (fixture->source);

  g_assert_cmpuint (sc_location_source_get_mode (fixture->source), ==, SC_LOCATION_MODE_NONE);
  g_assert_false (sc_location_source_get_manual (fixture->source, &location));
  g_object_get (fixture->source, "manual-set", &manual_set, "manual-latitude", &latitude, NULL);
  g_assert_false (manual_set);
  g_assert_cmpfloat (latitude, ==, 0.0);
  g_assert_false (sc_location_source_get_has_location (fixture->source));
  g_assert_cmpuint (sc_location_source_get_n_lookups (fixture->source), ==, 0);
  g_assert_null (sc_location_source_get_status (fixture->source));
  g_assert_true (wait_for (fake_is_idle, fake));

  fake_geoclue_free (fake);
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
  g_test_add ("/sc-core/ScLocationSource/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/sc-core/ScLocationSource/mode-strings", test_location_mode_strings);
  ADD ("defaults", test_location_defaults);
  ADD ("manual", test_location_manual);
  ADD ("manual-ranges", test_location_manual_ranges);
  ADD ("consent", test_location_consent);
  ADD ("automatic-off", test_location_automatic_off);
  ADD ("automatic", test_location_automatic);
  ADD ("automatic-absent", test_location_automatic_absent);
  ADD ("automatic-denied", test_location_automatic_denied);
  ADD ("clear", test_location_clear);

  ret = g_test_run ();

  sc_location_source_set_default (NULL);
  fake_geoclue_bus_down (test_bus);

  return ret;
}
