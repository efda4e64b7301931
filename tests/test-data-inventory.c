/* test-data-inventory.c: ScDataInventory, the "Your data" inventory
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#define SC_CORE_INSIDE
#include "sc-camera-record.h"
#include "sc-camera-registry.h"
#include "sc-consent.h"
#include "sc-data-inventory.h"
#include "sc-location.h"
#include "sc-log.h"
#include "sc-permissions.h"
#include "sc-usage-stats.h"
#undef SC_CORE_INSIDE

#define PASSWORD    "s3cret-Pa55-do-not-export"
#define SERIAL      "SN-4711-0815"
#define WIFI_SSID   "THETA-YL0815.OSC"
#define LATITUDE    48.858222
#define LONGITUDE   2.2945
#define ALTITUDE    35.5

typedef struct
{
  char             *top;          /* a temporary folder */
  char             *export_dir;   /* top/export */
  char             *media_path;   /* top/Pictures/R0010001.JPG */
  ScCameraRegistry *registry;
  ScConsent        *consent;
  ScPermissions    *permissions;
  ScDataInventory  *inventory;
  ScLocationSource *location;
  ScUsageStats     *usage;
  char             *usage_path;   /* top/usage/usage-statistics.json */
  gpointer          weak_registry;
  gpointer          weak_consent;
  gpointer          weak_permissions;
  gpointer          weak_inventory;
  gpointer          weak_location;
  gpointer          weak_usage;
} Fixture;

typedef struct
{
  GAsyncResult *result;
} Waiter;

static void
on_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
}

static void
store_password (ScCameraRegistry *registry,
                const char       *id,
                const char       *username,
                const char       *password)
{
  Waiter waiter = { NULL };
  g_autoptr(GError) error = NULL;

  sc_camera_registry_store_password_async (registry, id, username, password, NULL,
                                           on_done_cb, &waiter);
  while (waiter.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sc_camera_registry_store_password_finish (registry, waiter.result, &error));
  g_assert_no_error (error);
  g_clear_object (&waiter.result);
}

static char *
lookup_password (ScCameraRegistry *registry,
                 const char       *id)
{
  Waiter waiter = { NULL };
  g_autoptr(GError) error = NULL;
  char *ret;

  sc_camera_registry_lookup_password_async (registry, id, NULL, on_done_cb, &waiter);
  while (waiter.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  ret = sc_camera_registry_lookup_password_finish (registry, waiter.result, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&waiter.result);

  return ret;
}

static void
remember (Fixture    *fixture,
          const char *id,
          const char *serial,
          const char *ssid,
          const char *username)
{
  g_autoptr(ScCameraRecord) record = sc_camera_record_new (id);
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 5, 4, 12, 30, 0);
  g_autoptr(GError) error = NULL;

  sc_camera_record_set_uri (record, "http://192.168.1.1/");
  sc_camera_record_set_display_name (record, "Living room");
  sc_camera_record_set_model (record, "RICOH THETA Z1");
  sc_camera_record_set_serial_number (record, serial);
  sc_camera_record_set_firmware_version (record, "3.10.1");
  sc_camera_record_set_wifi_ssid (record, ssid);
  sc_camera_record_set_username (record, username);
  sc_camera_record_set_last_connected (record, when);
  g_assert_true (sc_camera_registry_remember (fixture->registry, record, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) registry_dir = NULL;
  g_autoptr(GFile) consent_dir = NULL;
  g_autoptr(GFile) log_dir = NULL;
  g_autoptr(GFile) usage_dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *pictures = NULL;

  fixture->top = g_dir_make_tmp ("sc-test-data-inventory-XXXXXX", &error);
  g_assert_no_error (error);

  path = g_build_filename (fixture->top, "spherecam", NULL);
  registry_dir = g_file_new_for_path (path);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (fixture->top, "consent", NULL);
  consent_dir = g_file_new_for_path (path);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (fixture->top, "log", NULL);
  log_dir = g_file_new_for_path (path);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (fixture->top, "usage", NULL);
  usage_dir = g_file_new_for_path (path);
  fixture->usage_path = g_build_filename (path, "usage-statistics.json", NULL);

  fixture->export_dir = g_build_filename (fixture->top, "export", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->export_dir, 0700), ==, 0);

  /* A photo the user downloaded: theirs, never erased. */
  pictures = g_build_filename (fixture->top, "Pictures", NULL);
  g_assert_cmpint (g_mkdir_with_parents (pictures, 0700), ==, 0);
  fixture->media_path = g_build_filename (pictures, "R0010001.JPG", NULL);
  g_file_set_contents (fixture->media_path, "\xff\xd8\xff\xe0 not really a JPEG", -1, &error);
  g_assert_no_error (error);

  sc_log_set_detailed (FALSE);
  sc_log_init (log_dir);
  g_message ("test-data-inventory: a line for the log");

  fixture->registry = sc_camera_registry_new (registry_dir);
  sc_camera_registry_set_credentials_backend (fixture->registry, "file");
  remember (fixture, "theta-1", SERIAL, WIFI_SSID, "admin");
  remember (fixture, "theta-2", "SN-2", "THETA-2.OSC", NULL);
  store_password (fixture->registry, "theta-1", "admin", PASSWORD);

  fixture->consent = sc_consent_new (consent_dir, "1");
  g_assert_true (sc_consent_accept (fixture->consent, &error));
  g_assert_no_error (error);

  fixture->permissions = sc_permissions_new (fixture->consent);
  sc_permissions_set (fixture->permissions, SC_PERMISSION_LOCATION, TRUE);

  /* A position typed in by hand, used for geotagging. */
  fixture->location = sc_location_source_new (fixture->permissions);
  sc_location_source_set_manual (fixture->location, LATITUDE, LONGITUDE, ALTITUDE, TRUE);
  sc_location_source_set_mode (fixture->location, SC_LOCATION_MODE_MANUAL);
  sc_location_source_set_default (fixture->location);

  /* Usage statistics turned on, with a few counts saved. */
  fixture->usage = sc_usage_stats_new (usage_dir);
  sc_usage_stats_set_enabled (fixture->usage, TRUE);
  sc_usage_stats_app_started (fixture->usage);
  sc_usage_stats_count (fixture->usage, "page-opened:camera", 2);
  sc_usage_stats_record_request (fixture->usage, "camera.takePicture", 120, FALSE);
  g_assert_true (sc_usage_stats_save (fixture->usage, &error));
  g_assert_no_error (error);
  sc_usage_stats_set_default (fixture->usage);

  fixture->inventory = sc_data_inventory_new_default (fixture->registry, fixture->consent,
                                                      fixture->permissions);

  fixture->weak_registry = fixture->registry;
  g_object_add_weak_pointer (G_OBJECT (fixture->registry), &fixture->weak_registry);
  fixture->weak_consent = fixture->consent;
  g_object_add_weak_pointer (G_OBJECT (fixture->consent), &fixture->weak_consent);
  fixture->weak_permissions = fixture->permissions;
  g_object_add_weak_pointer (G_OBJECT (fixture->permissions), &fixture->weak_permissions);
  fixture->weak_inventory = fixture->inventory;
  g_object_add_weak_pointer (G_OBJECT (fixture->inventory), &fixture->weak_inventory);
  fixture->weak_location = fixture->location;
  g_object_add_weak_pointer (G_OBJECT (fixture->location), &fixture->weak_location);
  fixture->weak_usage = fixture->usage;
  g_object_add_weak_pointer (G_OBJECT (fixture->usage), &fixture->weak_usage);
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR))
          rm_rf (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->inventory);
  g_assert_null (fixture->weak_inventory);
  sc_usage_stats_set_default (NULL);
  sc_usage_stats_app_stopped (fixture->usage);
  g_clear_object (&fixture->usage);
  g_assert_null (fixture->weak_usage);
  sc_location_source_set_default (NULL);
  g_clear_object (&fixture->location);
  g_assert_null (fixture->weak_location);
  g_clear_object (&fixture->permissions);
  g_assert_null (fixture->weak_permissions);
  g_clear_object (&fixture->consent);
  g_assert_null (fixture->weak_consent);
  g_clear_object (&fixture->registry);
  g_assert_null (fixture->weak_registry);

  sc_log_shutdown ();

  rm_rf (fixture->top);
  g_clear_pointer (&fixture->top, g_free);
  g_clear_pointer (&fixture->export_dir, g_free);
  g_clear_pointer (&fixture->media_path, g_free);
  g_clear_pointer (&fixture->usage_path, g_free);
}

/* Exports to top/export/my-data.json; returns the parsed document and,
 * optionally, the raw text. */
static JsonNode *
export (Fixture  *fixture,
        char    **text)
{
  g_autofree char *path = g_build_filename (fixture->export_dir, "my-data.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (sc_data_inventory_export (fixture->inventory, file, &error));
  g_assert_no_error (error);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, contents, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  if (text != NULL)
    *text = g_steal_pointer (&contents);

  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
category_data (JsonNode   *root,
               const char *id)
{
  JsonObject *categories = json_object_get_object_member (json_node_get_object (root), "categories");

  g_assert_nonnull (categories);
  g_assert_true (json_object_has_member (categories, id));

  return json_object_get_member (categories, id);
}

static void
assert_fields_explained (JsonObject *readme_fields,
                         JsonObject *object,
                         const char *id)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      if (!json_object_has_member (readme_fields, l->data))
        g_error ("field \"%s\" of category \"%s\" is exported but not explained in the readme",
                 (const char *)l->data, id);
      g_assert_cmpstr (json_object_get_string_member (readme_fields, l->data), !=, "");
    }
}

/* The rule: every personal-data store is in the inventory. A store
 * listed in sc_data_inventory_expected_categories() without a provider, or
 * a provider that is not listed, fails here. */
static void
test_complete (Fixture       *fixture,
               gconstpointer  data)
{
  const char * const *expected = sc_data_inventory_expected_categories ();
  const char * const *planned = sc_data_inventory_planned_categories ();
  GListModel *model = G_LIST_MODEL (fixture->inventory);
  guint n = g_list_model_get_n_items (model);

  g_assert_true (g_list_model_get_item_type (model) == SC_TYPE_DATA_CATEGORY);

  for (guint i = 0; expected[i] != NULL; i++)
    if (sc_data_inventory_lookup (fixture->inventory, expected[i]) == NULL)
      g_error ("personal data \"%s\" is listed in sc_data_inventory_expected_categories () "
               "but sc_data_inventory_new_default () registers no provider for it", expected[i]);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScDataCategory) category = g_list_model_get_item (model, i);

      if (!g_strv_contains (expected, sc_data_category_get_id (category)))
        g_error ("category \"%s\" is registered but missing from "
                 "sc_data_inventory_expected_categories ()", sc_data_category_get_id (category));
    }
  g_assert_cmpuint (n, ==, g_strv_length ((char **)expected));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScDataCategory) category = g_list_model_get_item (model, i);
      const char *id = sc_data_category_get_id (category);

      g_assert_cmpstr (id, ==, expected[i]);
      g_assert_true (sc_data_inventory_lookup (fixture->inventory, id) == category);
      g_assert_cmpstr (sc_data_category_get_title (category), !=, "");
      g_assert_cmpstr (sc_data_category_get_description (category), !=, "");
      g_assert_false (g_strv_contains (planned, id));
    }

  /* The location settings and the usage statistics exist now … */
  g_assert_true (g_strv_contains (expected, "location"));
  g_assert_true (g_strv_contains (expected, "usage-statistics"));
  g_assert_false (g_strv_contains (planned, "location"));
  g_assert_false (g_strv_contains (planned, "usage-statistics"));

  /* … feedback does not yet: not faked. */
  g_assert_true (g_strv_contains (planned, "feedback"));
  for (guint i = 0; planned[i] != NULL; i++)
    g_assert_null (sc_data_inventory_lookup (fixture->inventory, planned[i]));

  g_assert_null (sc_data_inventory_lookup (fixture->inventory, "nothing"));
}

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(JsonNode) root = export (fixture, NULL);
  JsonObject *object = json_node_get_object (root);
  JsonObject *readme = json_object_get_object_member (object, "readme");
  JsonObject *categories = json_object_get_object_member (object, "categories");
  g_autoptr(GDateTime) exported_at = NULL;
  GListModel *model = G_LIST_MODEL (fixture->inventory);
  JsonArray *cameras;
  JsonObject *camera;
  JsonObject *location;
  JsonArray *days;
  JsonObject *day;
  JsonObject *counters;

  g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, "spherecam-personal-data");
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 1);
  exported_at = g_date_time_new_from_iso8601 (json_object_get_string_member (object, "exported-at"), NULL);
  g_assert_nonnull (exported_at);

  g_assert_cmpuint (json_object_get_size (readme), ==, g_list_model_get_n_items (model));
  g_assert_cmpuint (json_object_get_size (categories), ==, g_list_model_get_n_items (model));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ScDataCategory) category = g_list_model_get_item (model, i);
      const char *id = sc_data_category_get_id (category);
      JsonObject *entry = json_object_get_object_member (readme, id);
      JsonObject *fields;
      JsonNode *node = category_data (root, id);

      g_assert_nonnull (entry);
      g_assert_cmpstr (json_object_get_string_member (entry, "title"), ==,
                       sc_data_category_get_title (category));
      g_assert_cmpstr (json_object_get_string_member (entry, "description"), ==,
                       sc_data_category_get_description (category));
      fields = json_object_get_object_member (entry, "fields");
      g_assert_nonnull (fields);

      /* Something to explain: every category holds data in the fixture. */
      g_assert_cmpint (sc_data_category_count (category), >, 0);

      if (JSON_NODE_HOLDS_OBJECT (node))
        assert_fields_explained (fields, json_node_get_object (node), id);
      else
        {
          JsonArray *array;

          g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
          array = json_node_get_array (node);
          g_assert_cmpuint (json_array_get_length (array), >, 0);
          for (guint j = 0; j < json_array_get_length (array); j++)
            assert_fields_explained (fields, json_array_get_object_element (array, j), id);
        }
    }

  cameras = json_node_get_array (category_data (root, "cameras"));
  g_assert_cmpuint (json_array_get_length (cameras), ==, 2);
  camera = json_array_get_object_element (cameras, 0);
  g_assert_cmpstr (json_object_get_string_member (camera, "id"), ==, "theta-1");
  g_assert_cmpstr (json_object_get_string_member (camera, "serial-number"), ==, SERIAL);
  g_assert_cmpstr (json_object_get_string_member (camera, "wifi-ssid"), ==, WIFI_SSID);
  g_assert_cmpstr (json_object_get_string_member (camera, "username"), ==, "admin");
  g_assert_cmpstr (json_object_get_string_member (camera, "last-connected"), ==, "2026-05-04T12:30:00Z");

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (category_data (root, "consent")),
                                                  "accepted-version"), ==, "1");
  g_assert_true (json_object_get_boolean_member (json_node_get_object (category_data (root, "permissions")),
                                                 "location"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (category_data (root, "logs")),
                                               "line-count"), >, 0);

  location = json_node_get_object (category_data (root, "location"));
  g_assert_cmpstr (json_object_get_string_member (location, "mode"), ==, "manual");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (location, "manual-latitude"),
                                  LATITUDE, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (location, "manual-longitude"),
                                  LONGITUDE, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (location, "manual-altitude"),
                                  ALTITUDE, 1e-9);
  g_assert_cmpint (json_object_get_int_member (location, "lookups"), ==, 0);
  g_assert_cmpint (sc_data_category_count (sc_data_inventory_lookup (fixture->inventory, "location")),
                   ==, 2);

  days = json_node_get_array (category_data (root, "usage-statistics"));
  g_assert_cmpuint (json_array_get_length (days), ==, 1);
  g_assert_cmpint (sc_data_category_count (sc_data_inventory_lookup (fixture->inventory,
                                                                     "usage-statistics")), ==, 1);
  day = json_array_get_object_element (days, 0);
  g_assert_nonnull (json_object_get_string_member (day, "date"));
  counters = json_object_get_object_member (day, "counters");
  g_assert_cmpint (json_object_get_int_member (counters, "app-starts"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (counters, "page-opened:camera"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (counters, "camera-requests:camera.takepicture"), ==, 1);
}

static void
test_no_password (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = export (fixture, &text);
  g_autofree char *stored = lookup_password (fixture->registry, "theta-1");
  JsonArray *credentials;
  JsonObject *entry;
  JsonObject *readme_fields;

  /* The password is stored (so there is something not to export). */
  g_assert_cmpstr (stored, ==, PASSWORD);
  g_assert_null (strstr (text, PASSWORD));

  credentials = json_node_get_array (category_data (root, "credentials"));
  g_assert_cmpuint (json_array_get_length (credentials), ==, 1);
  entry = json_array_get_object_element (credentials, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "camera-id"), ==, "theta-1");
  g_assert_cmpstr (json_object_get_string_member (entry, "username"), ==, "admin");
  g_assert_cmpstr (json_object_get_string_member (entry, "password"), ==,
                   "(stored in a file readable only by you)");

  readme_fields = json_object_get_object_member (
    json_object_get_object_member (
      json_object_get_object_member (json_node_get_object (root), "readme"), "credentials"), "fields");
  g_assert_nonnull (strstr (json_object_get_string_member (readme_fields, "password"), "Not exported"));
}

static void
test_file_private_and_atomic (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->export_dir, "my-data.json", NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;
  const char *name;
  guint n_files = 0;

  /* An older, world-readable export is replaced, not rewritten in place. */
  g_file_set_contents (path, "old", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);

  root = export (fixture, NULL);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  dir = g_dir_open (fixture->export_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_cmpstr (name, ==, "my-data.json");
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, 1);
}

static void
test_erase_one (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *password = NULL;
  ScDataCategory *credentials = sc_data_inventory_lookup (fixture->inventory, "credentials");
  ScDataCategory *cameras = sc_data_inventory_lookup (fixture->inventory, "cameras");
  ScCameraRecord *record;

  /* Credentials alone: the cameras stay, without user name and password. */
  g_assert_cmpint (sc_data_category_count (credentials), ==, 1);
  g_assert_true (sc_data_inventory_erase (fixture->inventory, "credentials", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sc_data_category_count (credentials), ==, 0);
  g_assert_cmpint (sc_data_category_count (cameras), ==, 2);
  record = sc_camera_registry_lookup (fixture->registry, "theta-1");
  g_assert_nonnull (record);
  g_assert_null (sc_camera_record_get_username (record));
  g_assert_cmpstr (sc_camera_record_get_serial_number (record), ==, SERIAL);
  password = lookup_password (fixture->registry, "theta-1");
  g_assert_null (password);

  root = export (fixture, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (category_data (root, "credentials"))), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (category_data (root, "cameras"))), ==, 2);
  g_clear_pointer (&root, json_node_unref);

  /* Then the cameras. */
  g_assert_true (sc_data_inventory_erase (fixture->inventory, "cameras", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sc_data_category_count (cameras), ==, 0);
  root = export (fixture, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (category_data (root, "cameras"))), ==, 0);

  /* The others are untouched. */
  g_assert_true (sc_consent_get_is_accepted (fixture->consent));
  g_assert_true (sc_permissions_get (fixture->permissions, SC_PERMISSION_LOCATION));
  g_assert_true (g_file_test (fixture->media_path, G_FILE_TEST_IS_REGULAR));

  g_assert_cmpint (sc_location_source_get_mode (fixture->location), ==, SC_LOCATION_MODE_MANUAL);
  g_assert_cmpint (sc_usage_stats_get_n_days (fixture->usage), ==, 1);

  /* An unknown category. */
  g_assert_false (sc_data_inventory_erase (fixture->inventory, "feedback", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_erase_cameras_erases_passwords (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  g_assert_true (sc_data_inventory_erase (fixture->inventory, "cameras", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sc_data_category_count (sc_data_inventory_lookup (fixture->inventory, "credentials")), ==, 0);
  password = lookup_password (fixture->registry, "theta-1");
  g_assert_null (password);
}

/* Export, erase, export: the location settings and the usage statistics
 * each on their own, the others untouched. */
static void
test_erase_location_and_usage (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = export (fixture, NULL);
  JsonObject *location;

  location = json_node_get_object (category_data (root, "location"));
  g_assert_cmpstr (json_object_get_string_member (location, "mode"), ==, "manual");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (category_data (root, "usage-statistics"))),
                    ==, 1);
  g_clear_pointer (&root, json_node_unref);

  g_assert_true (sc_data_inventory_erase (fixture->inventory, "location", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sc_data_category_count (sc_data_inventory_lookup (fixture->inventory, "location")), ==, 0);
  root = export (fixture, NULL);
  location = json_node_get_object (category_data (root, "location"));
  g_assert_cmpstr (json_object_get_string_member (location, "mode"), ==, "none");
  g_assert_false (json_object_has_member (location, "manual-latitude"));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (category_data (root, "usage-statistics"))),
                    ==, 1);
  g_clear_pointer (&root, json_node_unref);

  g_assert_true (sc_data_inventory_erase (fixture->inventory, "usage-statistics", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sc_data_category_count (sc_data_inventory_lookup (fixture->inventory,
                                                                     "usage-statistics")), ==, 0);
  root = export (fixture, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (category_data (root, "usage-statistics"))),
                    ==, 0);

  /* Erasing keeps the statistics turned on; the others are untouched. */
  g_assert_true (sc_usage_stats_get_enabled (fixture->usage));
  g_assert_true (sc_permissions_get (fixture->permissions, SC_PERMISSION_LOCATION));
  g_assert_true (sc_consent_get_is_accepted (fixture->consent));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (category_data (root, "cameras"))), ==, 2);
}

static void
test_erase_all (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *media = NULL;
  g_autofree char *text = NULL;
  GListModel *model = G_LIST_MODEL (fixture->inventory);
  JsonObject *consent;
  JsonObject *permissions;
  JsonObject *logs;
  JsonObject *location;
  JsonObject *usage_file = NULL;
  ScGeoLocation manual = { 0 };

  g_assert_true (sc_data_inventory_erase (fixture->inventory, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ScDataCategory) category = g_list_model_get_item (model, i);

      if (sc_data_category_count (category) != 0)
        g_error ("category \"%s\" still holds data after erasing everything",
                 sc_data_category_get_id (category));
    }

  root = export (fixture, &text);
  g_assert_null (strstr (text, SERIAL));
  g_assert_null (strstr (text, WIFI_SSID));
  g_assert_null (strstr (text, "admin"));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (category_data (root, "cameras"))), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (category_data (root, "credentials"))), ==, 0);
  consent = json_node_get_object (category_data (root, "consent"));
  g_assert_true (json_object_get_null_member (consent, "accepted-version"));
  g_assert_true (json_object_get_null_member (consent, "accepted-at"));
  permissions = json_node_get_object (category_data (root, "permissions"));
  g_assert_true (json_object_get_boolean_member (permissions, "storage"));
  g_assert_false (json_object_get_boolean_member (permissions, "location"));
  g_assert_false (json_object_get_boolean_member (permissions, "microphone"));
  logs = json_node_get_object (category_data (root, "logs"));
  g_assert_cmpint (json_object_get_int_member (logs, "line-count"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (logs, "lines")), ==, 0);

  /* Location: off, no position, no lookups. */
  location = json_node_get_object (category_data (root, "location"));
  g_assert_cmpstr (json_object_get_string_member (location, "mode"), ==, "none");
  g_assert_false (json_object_has_member (location, "manual-latitude"));
  g_assert_false (json_object_has_member (location, "manual-longitude"));
  g_assert_false (json_object_has_member (location, "manual-altitude"));
  g_assert_cmpint (json_object_get_int_member (location, "lookups"), ==, 0);
  g_assert_false (sc_location_source_get_manual (fixture->location, &manual));
  g_assert_cmpint (sc_location_source_get_mode (fixture->location), ==, SC_LOCATION_MODE_NONE);
  g_assert_null (strstr (text, "48.858"));

  /* Usage statistics: no day left, in memory or in the file (which only
   * keeps the mark that the app runs, while it does). */
  g_assert_cmpuint (json_array_get_length (json_node_get_array (category_data (root, "usage-statistics"))),
                    ==, 0);
  g_assert_cmpint (sc_usage_stats_get_n_days (fixture->usage), ==, 0);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();

    json_parser_load_from_file (parser, fixture->usage_path, &error);
    g_assert_no_error (error);
    usage_file = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (usage_file, "days")), ==, 0);
  }
  g_assert_null (strstr (text, "page-opened:camera"));

  /* The user's own files stay. */
  g_file_get_contents (fixture->media_path, &media, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (media, ==, "\xff\xd8\xff\xe0 not really a JPEG");
}

static gint64
custom_count (gpointer user_data)
{
  g_assert_cmpstr (user_data, ==, "data");
  return -1;
}

static JsonNode *
custom_export (gpointer user_data)
{
  return NULL;
}

static gboolean
custom_erase (gpointer   user_data,
              GError   **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "no");
  return FALSE;
}

static void
test_custom_category (void)
{
  g_autoptr(ScDataInventory) inventory = sc_data_inventory_new ();
  g_autoptr(ScDataCategory) category = NULL;
  g_autofree char *field_names = NULL;
  g_auto(GStrv) names = NULL;
  gpointer weak_inventory = inventory;
  gpointer weak_category;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  category = sc_data_category_new ("test", "Test", "A test category.",
                                   custom_count, custom_export, custom_erase,
                                   g_strdup ("data"), g_free);
  sc_data_category_add_field (category, "a", "first");
  sc_data_category_add_field (category, "b", "second");
  sc_data_category_add_field (category, "a", "first, again");
  names = sc_data_category_dup_field_names (category);
  field_names = g_strjoinv (",", names);
  g_assert_cmpstr (field_names, ==, "a,b");
  g_assert_cmpstr (sc_data_category_get_field_meaning (category, "a"), ==, "first, again");
  g_assert_null (sc_data_category_get_field_meaning (category, "c"));

  weak_category = category;
  g_object_add_weak_pointer (G_OBJECT (category), &weak_category);
  g_object_add_weak_pointer (G_OBJECT (inventory), &weak_inventory);

  g_assert_true (sc_data_inventory_register (inventory, category));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (inventory)), ==, 1);
  g_assert_cmpint (sc_data_category_count (category), ==, -1);
  node = sc_data_category_export (category);
  g_assert_true (JSON_NODE_HOLDS_NULL (node));
  g_clear_pointer (&node, json_node_unref);
  g_assert_false (sc_data_inventory_erase (inventory, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_clear_object (&category);
  g_assert_nonnull (weak_category);
  g_clear_object (&inventory);
  g_assert_null (weak_inventory);
  g_assert_null (weak_category);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/data-inventory/complete", test_complete);
  ADD ("/data-inventory/export", test_export);
  ADD ("/data-inventory/export/no-password", test_no_password);
  ADD ("/data-inventory/export/private-and-atomic", test_file_private_and_atomic);
  ADD ("/data-inventory/erase/one", test_erase_one);
  ADD ("/data-inventory/erase/cameras-with-passwords", test_erase_cameras_erases_passwords);
  ADD ("/data-inventory/erase/location-and-usage", test_erase_location_and_usage);
  ADD ("/data-inventory/erase/all", test_erase_all);
  g_test_add_func ("/data-inventory/custom-category", test_custom_category);

#undef ADD

  return g_test_run ();
}
