/* test-privacy-dbus.c: consent, permissions, location and "your data",
 * end to end over D-Bus and through spherecamctl
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real service (activated on a GTestDBus bus) drives the camera
 * emulator. The tests run in order on one service and one camera: consent
 * gating, a new policy version, the privacy toggles (storage, location,
 * microphone), the personal-data inventory, and last a restart of the
 * service with a newer policy shipped.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sc-core.h>

#include "sc-dbus-generated.h"
#include "sc-emulator-launcher.h"
#include "sc-test-util.h"

#define BUS_NAME      "org.spherecam.Spherecam"
#define MANAGER_PATH  "/org/spherecam/Spherecam"
#define ERROR_CONSENT "org.spherecam.Spherecam.Error.Permission.ConsentRequired"
#define ERROR_DENIED  "org.spherecam.Spherecam.Error.Permission.Denied"
#define INVALID_ARGS  "org.freedesktop.DBus.Error.InvalidArgs"

#define TEST_LAT 31.2304167
#define TEST_LON 121.4737014
#define TEST_ALT 12.5

static GTestDBus *test_bus;
static GDBusConnection *bus;
static ScDbusPrivacy *privacy;
static ScDbusManager *manager;
static ScDbusCamera *camera;
static GSubprocess *emulator;
static char *emulator_url;
static GHashTable *changed_properties;   /* names seen in PropertiesChanged */

/* Helpers */

static void
assert_remote_error (const GError *error,
                     const char   *name)
{
  g_autofree char *remote = NULL;

  g_assert_nonnull (error);
  remote = g_dbus_error_get_remote_error (error);
  g_assert_cmpstr (remote, ==, name);
  g_assert_cmpstr (error->message, !=, "");
}

static void
on_privacy_properties_changed_cb (GDBusProxy *proxy,
                                  GVariant   *changed,
                                  GStrv       invalidated,
                                  gpointer    user_data)
{
  GVariantIter iter;
  const char *name;

  g_variant_iter_init (&iter, changed);
  while (g_variant_iter_next (&iter, "{&sv}", &name, NULL))
    g_hash_table_add (changed_properties, g_strdup (name));
}

static void
connect_to_service (void)
{
  g_autoptr(GError) error = NULL;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  privacy = sc_dbus_privacy_proxy_new_sync (bus, G_DBUS_PROXY_FLAGS_NONE, BUS_NAME, MANAGER_PATH,
                                            NULL, &error);
  g_assert_no_error (error);
  manager = sc_dbus_manager_proxy_new_sync (bus, G_DBUS_PROXY_FLAGS_NONE, BUS_NAME, MANAGER_PATH,
                                            NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (privacy, "g-properties-changed",
                    G_CALLBACK (on_privacy_properties_changed_cb), NULL);
}

static void
disconnect_from_service (void)
{
  g_clear_object (&camera);
  g_clear_object (&manager);
  g_clear_object (&privacy);
  g_clear_object (&bus);
}

static gboolean
property_seen (gpointer data)
{
  return g_hash_table_contains (changed_properties, data);
}

static gboolean
consent_accepted (gpointer data)
{
  return sc_dbus_privacy_get_consent_accepted (privacy) == GPOINTER_TO_INT (data);
}

static gboolean
camera_connected (gpointer data)
{
  return sc_dbus_camera_get_is_connected (camera) == GPOINTER_TO_INT (data);
}

static void
wait_consent (gboolean accepted)
{
  sc_test_wait_until (consent_accepted, GINT_TO_POINTER (accepted), 30);
}

static void
wait_connected (gboolean connected)
{
  sc_test_wait_until (camera_connected, GINT_TO_POINTER (connected), 30);
}

/* Turns a toggle on or off and waits until PropertiesChanged says so */
static void
set_permission (const char *name,
                const char *property,
                gboolean    enabled,
                gboolean    with_cli)
{
  g_autoptr(GError) error = NULL;

  g_hash_table_remove_all (changed_properties);
  if (with_cli)
    {
      g_auto(ScTestRun) run = { 0 };

      sc_test_ctl (&run, "permissions", name, enabled ? "on" : "off", NULL);
      g_assert_cmpint (run.status, ==, 0);
    }
  else
    {
      sc_dbus_privacy_call_set_permission_sync (privacy, name, enabled, NULL, &error);
      g_assert_no_error (error);
    }
  sc_test_wait_until (property_seen, (gpointer) property, 30);
}

static void
connect_camera (void)
{
  g_autoptr(GError) error = NULL;

  sc_dbus_camera_call_connect_sync (camera, NULL, &error);
  g_assert_no_error (error);
  wait_connected (TRUE);
}

static gboolean
job_finished (gpointer data)
{
  const char *state = sc_dbus_job_get_state (data);

  return g_strcmp0 (state, "done") == 0 || g_strcmp0 (state, "failed") == 0 ||
         g_strcmp0 (state, "cancelled") == 0;
}

static ScDbusJob *
wait_job (const char *path)
{
  g_autoptr(GError) error = NULL;
  ScDbusJob *job;

  job = sc_dbus_job_proxy_new_sync (bus, G_DBUS_PROXY_FLAGS_NONE, BUS_NAME, path, NULL, &error);
  g_assert_no_error (error);
  sc_test_wait_until (job_finished, job, 60);

  return job;
}

/* Takes a picture (not downloaded) and returns its name on the camera */
static char *
take_picture (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScDbusJob) job = NULL;
  g_autoptr(GVariant) files = NULL;
  g_autoptr(GVariant) first = NULL;
  g_autofree char *path = NULL;
  char *name = NULL;

  sc_dbus_camera_call_take_picture_sync (camera, "", &path, NULL, &error);
  g_assert_no_error (error);
  job = wait_job (path);
  g_assert_cmpstr (sc_dbus_job_get_state (job), ==, "done");

  sc_dbus_camera_call_list_files_sync (camera, "image", 1, &files, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_variant_n_children (files), ==, 1);
  first = g_variant_get_child_value (files, 0);
  g_assert_true (g_variant_lookup (first, "name", "s", &name));

  return name;
}

static char *
make_dir (const char *name)
{
  char *dir = g_build_filename (g_get_home_dir (), name, NULL);
  g_autoptr(GDir) listing = NULL;
  const char *entry;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  listing = g_dir_open (dir, 0, NULL);
  while (listing != NULL && (entry = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, entry, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }

  return dir;
}

static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *entry;

  g_assert_nonnull (listing);
  while ((entry = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (names, (char *) entry);
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);

  return g_strjoinv ("\n", (char **) names->pdata);
}

static ScDbusJob *
download (const char *name,
          const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *names[] = { name, NULL };

  sc_dbus_camera_call_download_sync (camera, names, dir, &path, NULL, &error);
  g_assert_no_error (error);

  return wait_job (path);
}

/* exiftool's GPS tags of @path (-n: signed decimal degrees and metres) */
static JsonObject *
read_gps (const char  *path,
          JsonNode   **root)
{
  const char *argv[] = { "exiftool", "-j", "-n", "-GPSLatitude", "-GPSLongitude",
                         "-GPSAltitude", "-GPSLatitudeRef", "-GPSLongitudeRef", path, NULL };
  g_autofree char *out = sc_test_run_tool (argv);

  *root = sc_test_parse_json (out);

  return json_array_get_object_element (json_node_get_array (*root), 0);
}

static char *
downloaded_path (ScDbusJob *job)
{
  GVariant *result = sc_dbus_job_get_result (job);
  g_autofree const char **paths = NULL;

  g_assert_nonnull (result);
  g_assert_true (g_variant_lookup (result, "paths", "^a&s", &paths));
  g_assert_cmpuint (g_strv_length ((char **) paths), ==, 1);

  return g_strdup (paths[0]);
}

/* Tests */

static void
test_consent_gating (void)
{
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *echo = NULL;
  g_autofree char *job = NULL;
  g_autofree char *dir = make_dir ("gated");
  const char *names[] = { "SPHC0001.JPG", NULL };

  /* A fresh user: nothing accepted, usage statistics off */
  g_assert_false (sc_dbus_privacy_get_consent_accepted (privacy));
  g_assert_cmpstr (sc_dbus_privacy_get_policy_version (privacy), ==, SC_POLICY_VERSION);
  g_assert_cmpstr (sc_dbus_privacy_get_accepted_version (privacy), ==, "");
  g_assert_cmpint (sc_dbus_privacy_get_accepted_at (privacy), ==, 0);
  g_assert_false (sc_dbus_privacy_get_usage_statistics (privacy));
  g_assert_false (sc_dbus_privacy_get_detailed_diagnostics (privacy));
  g_assert_true (sc_dbus_privacy_get_storage (privacy));
  g_assert_false (sc_dbus_privacy_get_location (privacy));
  g_assert_false (sc_dbus_privacy_get_microphone (privacy));

  /* Before consent: no camera can even be added, over D-Bus or the CLI */
  sc_dbus_manager_call_add_camera_sync (manager, emulator_url, "", "", &path, NULL, &error);
  assert_remote_error (error, ERROR_CONSENT);
  g_clear_error (&error);
  /* nor looked for on the network */
  {
    g_autoptr(GVariant) candidates = NULL;
    g_autofree char *gateway = NULL;

    sc_dbus_manager_call_discover_sync (manager, g_variant_new ("a{sv}", NULL), &candidates,
                                        &gateway, NULL, &error);
    assert_remote_error (error, ERROR_CONSENT);
    g_clear_error (&error);
  }
  sc_test_ctl (&run, "--json", "add-camera", emulator_url, NULL);
  g_assert_cmpint (run.status, ==, 1);
  root = sc_test_parse_json (run.out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "error_name"), ==,
                   ERROR_CONSENT);
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (root), "error"),
                            "consent accept"));
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (g_strv_length ((char **) sc_dbus_manager_get_cameras (manager)), ==, 0);

  /* What needs no consent still works */
  sc_dbus_manager_call_ping_sync (manager, "still here", &echo, NULL, &error);
  g_assert_no_error (error);
  sc_test_ctl (&run, "--json", "consent", "status", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = sc_test_parse_json (run.out);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (root), "accepted"));
  g_clear_pointer (&root, json_node_unref);

  /* Accept with the CLI: it says which version */
  sc_test_ctl (&run, "consent", "accept", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "version " SC_POLICY_VERSION));
  wait_consent (TRUE);
  g_assert_cmpstr (sc_dbus_privacy_get_accepted_version (privacy), ==, SC_POLICY_VERSION);
  g_assert_cmpint (sc_dbus_privacy_get_accepted_at (privacy), >, 0);

  /* Now the camera works */
  sc_dbus_manager_call_add_camera_sync (manager, emulator_url, "", "", &path, NULL, &error);
  g_assert_no_error (error);
  camera = sc_dbus_camera_proxy_new_sync (bus, G_DBUS_PROXY_FLAGS_NONE, BUS_NAME, path, NULL,
                                          &error);
  g_assert_no_error (error);
  connect_camera ();
  g_assert_cmpstr (sc_dbus_camera_get_serial_number (camera), ==, SC_EMULATOR_SERIAL);
  g_free (take_picture ());

  /* Revoked: the camera is disconnected, and every call is refused */
  sc_dbus_privacy_call_revoke_consent_sync (privacy, NULL, &error);
  g_assert_no_error (error);
  wait_consent (FALSE);
  wait_connected (FALSE);
  g_assert_cmpstr (sc_dbus_privacy_get_accepted_version (privacy), ==, "");

  sc_dbus_camera_call_connect_sync (camera, NULL, &error);
  assert_remote_error (error, ERROR_CONSENT);
  g_clear_error (&error);
  sc_dbus_camera_call_take_picture_sync (camera, "", &job, NULL, &error);
  assert_remote_error (error, ERROR_CONSENT);
  g_clear_error (&error);
  sc_dbus_camera_call_download_sync (camera, names, dir, &job, NULL, &error);
  assert_remote_error (error, ERROR_CONSENT);
  g_clear_error (&error);
  sc_test_ctl (&run, "--json", "connect", NULL);
  g_assert_cmpint (run.status, ==, 1);
  root = sc_test_parse_json (run.out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "error_name"), ==,
                   ERROR_CONSENT);
  g_clear_pointer (&root, json_node_unref);
  sc_test_ctl (&run, "shoot", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "consent accept"));
  g_assert_false (sc_dbus_camera_get_is_connected (camera));

  /* Letting go of a camera needs no consent */
  sc_dbus_camera_call_disconnect_sync (camera, NULL, &error);
  g_assert_no_error (error);

  /* Nothing was downloaded while gated */
  {
    g_autofree char *listing = list_dir (dir);

    g_assert_cmpstr (listing, ==, "");
  }
}

static void
test_policy_bump (void)
{
  g_autoptr(ScDbusTesting) testing = NULL;
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;

  testing = sc_dbus_testing_proxy_new_sync (bus, G_DBUS_PROXY_FLAGS_NONE, BUS_NAME, MANAGER_PATH,
                                            NULL, &error);
  g_assert_no_error (error);

  sc_dbus_privacy_call_accept_consent_sync (privacy, "", &version, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, SC_POLICY_VERSION);
  g_clear_pointer (&version, g_free);
  wait_consent (TRUE);
  connect_camera ();

  /* Version 2.0 ships: the consent to 1.0 no longer counts */
  sc_dbus_testing_call_set_policy_version_sync (testing, "2.0", NULL, &error);
  g_assert_no_error (error);
  wait_consent (FALSE);
  wait_connected (FALSE);
  g_assert_cmpstr (sc_dbus_privacy_get_policy_version (privacy), ==, "2.0");
  g_assert_cmpstr (sc_dbus_privacy_get_accepted_version (privacy), ==, SC_POLICY_VERSION);
  sc_dbus_camera_call_connect_sync (camera, NULL, &error);
  assert_remote_error (error, ERROR_CONSENT);
  g_clear_error (&error);
  sc_test_ctl (&run, "consent", "status", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "2.0"));

  /* Accepting the old version is refused; the new one is accepted */
  sc_dbus_privacy_call_accept_consent_sync (privacy, SC_POLICY_VERSION, &version, NULL, &error);
  assert_remote_error (error, INVALID_ARGS);
  g_clear_error (&error);
  sc_test_ctl (&run, "consent", "accept", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "version 2.0"));
  wait_consent (TRUE);
  connect_camera ();

  /* Back to the shipped version: accept it again */
  sc_dbus_testing_call_set_policy_version_sync (testing, "", NULL, &error);
  g_assert_no_error (error);
  wait_consent (FALSE);
  sc_dbus_privacy_call_accept_consent_sync (privacy, SC_POLICY_VERSION, &version, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, SC_POLICY_VERSION);
  wait_consent (TRUE);
  connect_camera ();
}

static void
test_storage (void)
{
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(ScDbusJob) job = NULL;
  g_autofree char *name = take_picture ();
  g_autofree char *dir = make_dir ("storage-off");
  g_autofree char *before = list_dir (dir);
  g_autofree char *after = NULL;

  /* Off over D-Bus: the download fails, naming the toggle, and writes nothing */
  set_permission ("storage", "Storage", FALSE, FALSE);
  g_assert_false (sc_dbus_privacy_get_storage (privacy));
  job = download (name, dir);
  g_assert_cmpstr (sc_dbus_job_get_state (job), ==, "failed");
  g_assert_cmpstr (sc_dbus_job_get_error_name (job), ==, ERROR_DENIED);
  g_assert_nonnull (strstr (sc_dbus_job_get_error (job), "Storage"));

  sc_test_ctl (&run, "--json", "get", name, "--to", dir, NULL);
  g_assert_cmpint (run.status, ==, 1);
  root = sc_test_parse_json (run.out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "error_name"), ==,
                   ERROR_DENIED);

  after = list_dir (dir);
  g_assert_cmpstr (after, ==, before);

  /* On again with the CLI */
  set_permission ("storage", "Storage", TRUE, TRUE);
  g_assert_true (sc_dbus_privacy_get_storage (privacy));
  sc_test_ctl (&run, "permissions", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "storage"));
  g_assert_nonnull (strstr (run.out, "microphone"));
}

static void
test_location (void)
{
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) options = NULL;
  g_autoptr(GVariant) gps = NULL;
  g_autoptr(ScDbusJob) job = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dir = make_dir ("location");
  g_autofree char *file = NULL;
  g_autofree char *mode = NULL;
  const char *gps_names[] = { "gpsInfo", NULL };
  gboolean has_location, has_altitude;
  double lat, lon, alt, value = 0;
  JsonObject *tags;

  /* Off (the default): the location is not revealed, photos get none */
  g_assert_false (sc_dbus_privacy_get_location (privacy));
  sc_test_ctl (&run, "location", "set", "31.2304167", "121.4737014", "12.5", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sc_dbus_privacy_call_get_location_sync (privacy, &mode, &has_location, &lat, &lon, &alt,
                                          &has_altitude, NULL, &error);
  assert_remote_error (error, ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (sc_dbus_privacy_get_has_location (privacy));

  name = take_picture ();
  job = download (name, dir);
  g_assert_cmpstr (sc_dbus_job_get_state (job), ==, "done");
  file = downloaded_path (job);
  tags = read_gps (file, &root);
  g_assert_false (json_object_has_member (tags, "GPSLatitude"));
  g_assert_false (json_object_has_member (tags, "GPSLongitude"));
  g_clear_pointer (&root, json_node_unref);
  g_clear_object (&job);
  g_clear_pointer (&file, g_free);
  g_clear_pointer (&name, g_free);

  /* …and the camera was never told where the user is */
  sc_dbus_camera_call_get_options_sync (camera, gps_names, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (options, "gpsInfo", "@a{sv}", &gps));
  {
    g_autoptr(GVariant) lat_value = g_variant_lookup_value (gps, "lat", NULL);

    g_assert_nonnull (lat_value);
    if (g_variant_is_of_type (lat_value, G_VARIANT_TYPE_DOUBLE))
      value = g_variant_get_double (lat_value);
    else if (g_variant_is_of_type (lat_value, G_VARIANT_TYPE_INT64))
      value = g_variant_get_int64 (lat_value);
    else if (g_variant_is_of_type (lat_value, G_VARIANT_TYPE_INT32))
      value = g_variant_get_int32 (lat_value);
    /* 65535: "no position" for OSC */
    g_assert_cmpfloat (value, ==, 65535);
  }

  /* On: the location set with the CLI is used, to 1e-6 degrees */
  set_permission ("location", "Location", TRUE, TRUE);
  sc_dbus_privacy_call_get_location_sync (privacy, &mode, &has_location, &lat, &lon, &alt,
                                          &has_altitude, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mode, ==, "manual");
  g_assert_true (has_location);
  g_assert_true (has_altitude);
  g_assert_cmpfloat_with_epsilon (lat, TEST_LAT, 1e-9);
  g_assert_cmpfloat_with_epsilon (lon, TEST_LON, 1e-9);
  g_assert_cmpfloat_with_epsilon (alt, TEST_ALT, 1e-9);
  g_assert_cmpstr (sc_dbus_privacy_get_location_mode (privacy), ==, "manual");

  sc_test_ctl (&run, "--json", "location", "show", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = sc_test_parse_json (run.out);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_node_get_object (root),
                                                                 "latitude"), TEST_LAT, 1e-9);
  g_clear_pointer (&root, json_node_unref);

  name = take_picture ();
  job = download (name, dir);
  g_assert_cmpstr (sc_dbus_job_get_state (job), ==, "done");
  file = downloaded_path (job);
  tags = read_gps (file, &root);
  g_assert_true (json_object_has_member (tags, "GPSLatitude"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (tags, "GPSLatitude"), TEST_LAT, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (tags, "GPSLongitude"), TEST_LON, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (tags, "GPSAltitude"), TEST_ALT, 1e-6);
  g_assert_cmpstr (json_object_get_string_member (tags, "GPSLatitudeRef"), ==, "N");
  g_assert_cmpstr (json_object_get_string_member (tags, "GPSLongitudeRef"), ==, "E");

  /* Bad values are refused with a clear message; nothing changes */
  sc_test_ctl (&run, "location", "set", "91", "0", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "latitude"));
  sc_test_ctl (&run, "location", "set", "north", "0", NULL);
  g_assert_cmpint (run.status, ==, 2);

  /* Off again */
  set_permission ("location", "Location", FALSE, FALSE);
  g_assert_false (sc_dbus_privacy_get_has_location (privacy));
}

static gboolean
keep_polling_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* The recorder's hidden temporary file in @user_data (a folder) has
 * something in it: the source has delivered sound to the encoder. */
static gboolean
narration_has_sound (gpointer user_data)
{
  const char *dir = user_data;
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf buf;

      if (name[0] == '.' && g_stat (path, &buf) == 0 && buf.st_size > 0)
        return TRUE;
    }

  return FALSE;
}

static void
test_microphone (void)
{
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_dir ("narration");
  g_autofree char *path = g_build_filename (dir, "narration.ogg", NULL);
  g_autofree char *saved = NULL;
  g_autofree char *listing = NULL;

  /* Off (the default): refused, and nothing is created */
  g_assert_false (sc_dbus_privacy_get_microphone (privacy));
  sc_dbus_privacy_call_start_narration_sync (privacy, path, NULL, &error);
  assert_remote_error (error, ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "Microphone"));
  g_clear_error (&error);
  sc_test_ctl (&run, "narration", "start", path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Microphone"));
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "");
  g_assert_false (sc_dbus_privacy_get_narration_recording (privacy));

  /* On: SPHERECAM_AUDIO_SOURCE=audiotestsrc stands in for a microphone */
  set_permission ("microphone", "Microphone", TRUE, FALSE);
  sc_test_ctl (&run, "narration", "start", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* Stopping before any sound arrived is an error of its own (tested in
   * test-narration); wait for the first encoded bytes, however slow the
   * machine. */
  {
    /* Nothing on the bus wakes the loop for a file: poll. */
    guint poll_id = g_timeout_add (50, keep_polling_cb, NULL);

    sc_test_wait_until (narration_has_sound, dir, 30);
    g_source_remove (poll_id);
  }
  sc_dbus_privacy_call_stop_narration_sync (privacy, &saved, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved, ==, path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  set_permission ("microphone", "Microphone", FALSE, TRUE);
}

static void
test_data (void)
{
  const char * const *expected = sc_data_inventory_expected_categories ();
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GVariant) categories = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *export_path = g_build_filename (g_get_home_dir (), "export.json", NULL);
  g_autofree char *version = NULL;
  JsonObject *exported;
  JsonArray *listed;
  GVariantIter iter;
  const char *id;
  gint64 count;

  /* Every category is listed, over D-Bus and by the CLI */
  sc_dbus_privacy_call_list_data_sync (privacy, &categories, NULL, &error);
  g_assert_no_error (error);
  g_variant_iter_init (&iter, categories);
  while (g_variant_iter_next (&iter, "(&s&s&sx)", &id, NULL, NULL, &count))
    g_hash_table_insert (counts, g_strdup (id), GINT_TO_POINTER ((int) count));
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_true (g_hash_table_contains (counts, expected[i]));
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (counts, "cameras")), >=, 1);

  sc_test_ctl (&run, "--json", "data", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = sc_test_parse_json (run.out);
  listed = json_object_get_array_member (json_node_get_object (root), "categories");
  g_assert_cmpuint (json_array_get_length (listed), ==, g_hash_table_size (counts));
  g_clear_pointer (&root, json_node_unref);

  /* The export holds every category, and the camera we used */
  sc_test_ctl (&run, "data", "export", export_path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (export_path, &contents, NULL, NULL));
    root = sc_test_parse_json (contents);
    g_assert_nonnull (strstr (contents, SC_EMULATOR_SERIAL));
  }
  exported = json_object_get_object_member (json_node_get_object (root), "categories");
  for (guint i = 0; expected[i] != NULL; i++)
    {
      g_assert_true (json_object_has_member (exported, expected[i]));
      g_assert_true (json_object_has_member (json_object_get_object_member (json_node_get_object (root),
                                                                            "readme"),
                                             expected[i]));
    }
  g_clear_pointer (&root, json_node_unref);

  /* A relative or unknown name is refused before anything happens */
  sc_dbus_privacy_call_export_data_sync (privacy, "relative.json", NULL, &error);
  assert_remote_error (error, INVALID_ARGS);
  g_clear_error (&error);
  sc_test_ctl (&run, "data", "erase", "no-such-kind", "--yes", NULL);
  g_assert_cmpint (run.status, ==, 1);
  sc_test_ctl (&run, "data", "erase", NULL);   /* no terminal, no --yes */
  g_assert_cmpint (run.status, ==, 2);

  /* Erase everything: the export shows it gone, consent included */
  sc_test_ctl (&run, "data", "erase", "--yes", NULL);
  g_assert_cmpint (run.status, ==, 0);
  wait_consent (FALSE);
  wait_connected (FALSE);
  sc_dbus_privacy_call_export_data_sync (privacy, export_path, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *contents = NULL;
    JsonObject *consent;

    g_assert_true (g_file_get_contents (export_path, &contents, NULL, NULL));
    g_assert_null (strstr (contents, SC_EMULATOR_SERIAL));
    root = sc_test_parse_json (contents);
    exported = json_object_get_object_member (json_node_get_object (root), "categories");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (exported, "cameras")),
                      ==, 0);
    consent = json_object_get_object_member (exported, "consent");
    g_assert_true (json_object_get_null_member (consent, "accepted-version"));
  }
  g_clear_pointer (&root, json_node_unref);

  g_variant_unref (g_steal_pointer (&categories));
  sc_dbus_privacy_call_list_data_sync (privacy, &categories, NULL, &error);
  g_assert_no_error (error);
  g_variant_iter_init (&iter, categories);
  while (g_variant_iter_next (&iter, "(&s&s&sx)", &id, NULL, NULL, &count))
    if (g_str_equal (id, "cameras") || g_str_equal (id, "credentials"))
      g_assert_cmpint (count, ==, 0);

  /* Usage statistics stayed off all along: nothing was counted */
  g_assert_false (sc_dbus_privacy_get_usage_statistics (privacy));

  /* Accept again, for the restart below, and connect: the log (emptied by
   * the erase) records the connection, with the serial number hidden, for
   * the whole-run log check. */
  sc_dbus_privacy_call_accept_consent_sync (privacy, "", &version, NULL, &error);
  g_assert_no_error (error);
  wait_consent (TRUE);
  connect_camera ();
}

/* The service restarts with a newer policy shipped: the consent.json of
 * version 1.0 no longer counts. */
static void
test_policy_bump_at_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  disconnect_from_service ();
  g_test_dbus_down (test_bus);
  g_clear_object (&test_bus);

  g_setenv ("SPHERECAM_TEST_POLICY_VERSION", "2.0", TRUE);
  test_bus = sc_test_service_bus_up (TRUE);
  connect_to_service ();

  g_assert_cmpstr (sc_dbus_privacy_get_policy_version (privacy), ==, "2.0");
  g_assert_cmpstr (sc_dbus_privacy_get_accepted_version (privacy), ==, SC_POLICY_VERSION);
  g_assert_false (sc_dbus_privacy_get_consent_accepted (privacy));
  sc_dbus_manager_call_add_camera_sync (manager, emulator_url, "", "", &path, NULL, &error);
  assert_remote_error (error, ERROR_CONSENT);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  sc_test_env_path ("SC_TEST_EMULATOR");
  g_unsetenv ("SPHERECAM_DEMO_CAMERA");
  g_unsetenv ("SPHERECAM_BUS_NAME");
  g_unsetenv ("SPHERECAM_TEST_POLICY_VERSION");
  /* Start from a user who never accepted anything nor used a camera */
  {
    g_autofree char *config = g_build_filename (g_get_user_config_dir (), "spherecam", NULL);
    g_autofree char *data = g_build_filename (g_get_user_data_dir (), "spherecam", NULL);

    sc_test_remove_tree (config);
    sc_test_remove_tree (data);
  }

  changed_properties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  emulator_url = sc_emulator_launch (NULL, &emulator, &error);
  g_assert_no_error (error);

  test_bus = sc_test_service_bus_up (TRUE);
  connect_to_service ();

  g_test_add_func ("/spherecam/privacy-dbus/consent-gating", test_consent_gating);
  g_test_add_func ("/spherecam/privacy-dbus/policy-bump", test_policy_bump);
  g_test_add_func ("/spherecam/privacy-dbus/storage", test_storage);
  g_test_add_func ("/spherecam/privacy-dbus/location", test_location);
  g_test_add_func ("/spherecam/privacy-dbus/microphone", test_microphone);
  g_test_add_func ("/spherecam/privacy-dbus/data", test_data);
  g_test_add_func ("/spherecam/privacy-dbus/policy-bump-at-start", test_policy_bump_at_start);

  ret = g_test_run ();

  disconnect_from_service ();
  g_test_dbus_down (test_bus);
  g_clear_object (&test_bus);
  sc_emulator_stop (emulator);
  g_clear_object (&emulator);
  g_clear_pointer (&emulator_url, g_free);
  g_clear_pointer (&changed_properties, g_hash_table_unref);

  return ret;
}
