/* test-camera-registry.c: ScCameraRegistry and ScCameraRecord
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#define SC_CORE_INSIDE
#include "sc-camera-record.h"
#include "sc-camera-registry.h"
#undef SC_CORE_INSIDE

typedef struct
{
  char             *top;        /* a temporary folder */
  char             *dir_path;   /* top/spherecam, created by the registry */
  GFile            *dir;
  ScCameraRegistry *registry;
  gpointer          weak_registry;
  GArray           *changes;    /* Change */
} Fixture;

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Fixture    *fixture)
{
  Change change = { position, removed, added };

  g_array_append_val (fixture->changes, change);
}

static void
assert_change (Fixture *fixture,
               guint    position,
               guint    removed,
               guint    added)
{
  Change *change;

  g_assert_cmpuint (fixture->changes->len, ==, 1);
  change = &g_array_index (fixture->changes, Change, 0);
  g_assert_cmpuint (change->position, ==, position);
  g_assert_cmpuint (change->removed, ==, removed);
  g_assert_cmpuint (change->added, ==, added);
  g_array_set_size (fixture->changes, 0);
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static ScCameraRegistry *
new_registry (Fixture *fixture)
{
  ScCameraRegistry *registry = sc_camera_registry_new (fixture->dir);

  sc_camera_registry_set_credentials_backend (registry, "file");
  return registry;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->top = g_dir_make_tmp ("sc-test-registry-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->dir_path = g_build_filename (fixture->top, "spherecam", NULL);
  fixture->dir = g_file_new_for_path (fixture->dir_path);
  fixture->changes = g_array_new (FALSE, FALSE, sizeof (Change));

  fixture->registry = new_registry (fixture);
  fixture->weak_registry = fixture->registry;
  g_object_add_weak_pointer (G_OBJECT (fixture->registry), &fixture->weak_registry);
  g_signal_connect (fixture->registry, "items-changed",
                    G_CALLBACK (on_items_changed_cb), fixture);
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
  g_clear_object (&fixture->registry);
  g_assert_null (fixture->weak_registry);

  rm_rf (fixture->top);
  g_clear_pointer (&fixture->top, g_free);
  g_clear_pointer (&fixture->dir_path, g_free);
  g_clear_object (&fixture->dir);
  g_clear_pointer (&fixture->changes, g_array_unref);
}

static ScCameraRecord *
make_record (const char *id,
             const char *name)
{
  ScCameraRecord *record = sc_camera_record_new (id);
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 3, 14, 15, 9, 26.5);

  sc_camera_record_set_uri (record, "http://192.168.1.1");
  sc_camera_record_set_display_name (record, name);
  sc_camera_record_set_model (record, "RICOH THETA Z1");
  sc_camera_record_set_serial_number (record, "10010104");
  sc_camera_record_set_firmware_version (record, "3.30.2");
  sc_camera_record_set_wifi_ssid (record, "THETAYN10010104.OSC");
  sc_camera_record_set_username (record, "THETAYN10010104");
  sc_camera_record_set_last_connected (record, when);

  return record;
}

static void
assert_records_equal (ScCameraRecord *a,
                      ScCameraRecord *b)
{
  GDateTime *wa = sc_camera_record_get_last_connected (a);
  GDateTime *wb = sc_camera_record_get_last_connected (b);

  g_assert_cmpstr (sc_camera_record_get_id (a), ==, sc_camera_record_get_id (b));
  g_assert_cmpstr (sc_camera_record_get_uri (a), ==, sc_camera_record_get_uri (b));
  g_assert_cmpstr (sc_camera_record_get_display_name (a), ==,
                   sc_camera_record_get_display_name (b));
  g_assert_cmpstr (sc_camera_record_get_model (a), ==, sc_camera_record_get_model (b));
  g_assert_cmpstr (sc_camera_record_get_serial_number (a), ==,
                   sc_camera_record_get_serial_number (b));
  g_assert_cmpstr (sc_camera_record_get_firmware_version (a), ==,
                   sc_camera_record_get_firmware_version (b));
  g_assert_cmpstr (sc_camera_record_get_wifi_ssid (a), ==, sc_camera_record_get_wifi_ssid (b));
  g_assert_cmpstr (sc_camera_record_get_username (a), ==, sc_camera_record_get_username (b));
  g_assert_true ((wa == NULL) == (wb == NULL));
  if (wa != NULL)
    g_assert_true (g_date_time_equal (wa, wb));
}

static char *
read_file (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return contents;
}

static guint
file_mode (const char *dir,
           const char *name)
{
  g_autofree char *path = name != NULL ? g_build_filename (dir, name, NULL) : g_strdup (dir);
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static void
test_record (void)
{
  g_autoptr(ScCameraRecord) record = make_record ("osc:10010104", "Z1");
  g_autoptr(ScCameraRecord) copy = sc_camera_record_copy (record);
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *name = NULL;
  gpointer weak = copy;
  guint notifies = 0;

  assert_records_equal (record, copy);
  g_assert_true (copy != record);

  /* Properties, kebab-case, notified only on change. */
  g_object_add_weak_pointer (G_OBJECT (copy), &weak);
  g_object_get (record, "display-name", &name, "last-connected", &when, NULL);
  g_assert_cmpstr (name, ==, "Z1");
  g_assert_nonnull (when);

  g_signal_connect_swapped (copy, "notify", G_CALLBACK (count_cb), &notifies);
  sc_camera_record_set_display_name (copy, "Z1");
  g_assert_cmpuint (notifies, ==, 0);
  sc_camera_record_set_display_name (copy, "My Z1");
  sc_camera_record_set_wifi_ssid (copy, NULL);
  g_assert_cmpuint (notifies, ==, 2);
  g_assert_null (sc_camera_record_get_wifi_ssid (copy));
  g_assert_cmpstr (sc_camera_record_get_display_name (record), ==, "Z1");

  g_clear_object (&copy);
  g_assert_null (weak);
}

static void
test_remember_lookup_forget (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCameraRecord) z1 = make_record ("osc:10010104", "Z1");
  g_autoptr(ScCameraRecord) x = make_record ("osc:14010001", "X");
  g_autoptr(ScCameraRecord) item = NULL;
  ScCameraRecord *found;
  GListModel *model = G_LIST_MODEL (fixture->registry);

  g_assert_true (g_list_model_get_item_type (model) == SC_TYPE_CAMERA_RECORD);

  /* Nothing saved yet: an empty list, and no file or folder created. */
  g_assert_true (sc_camera_registry_load (fixture->registry, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpuint (fixture->changes->len, ==, 0);
  g_assert_false (g_file_test (fixture->dir_path, G_FILE_TEST_EXISTS));

  g_assert_true (sc_camera_registry_remember (fixture->registry, z1, &error));
  g_assert_no_error (error);
  assert_change (fixture, 0, 0, 1);
  g_assert_true (sc_camera_registry_remember (fixture->registry, x, &error));
  assert_change (fixture, 1, 0, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  found = sc_camera_registry_lookup (fixture->registry, "osc:10010104");
  g_assert_nonnull (found);
  g_assert_true (found != z1);    /* the registry keeps a copy */
  assert_records_equal (found, z1);
  g_assert_null (sc_camera_registry_lookup (fixture->registry, "osc:nope"));

  item = g_list_model_get_item (model, 1);
  assert_records_equal (item, x);
  g_assert_null (g_list_model_get_item (model, 2));

  /* Update in place: same position, one item replaced. */
  sc_camera_record_set_firmware_version (z1, "3.40.1");
  g_assert_cmpstr (sc_camera_record_get_firmware_version (
                     sc_camera_registry_lookup (fixture->registry, "osc:10010104")), ==, "3.30.2");
  g_assert_true (sc_camera_registry_remember (fixture->registry, z1, &error));
  assert_change (fixture, 0, 1, 1);
  g_assert_cmpstr (sc_camera_record_get_firmware_version (
                     sc_camera_registry_lookup (fixture->registry, "osc:10010104")), ==, "3.40.1");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  g_assert_true (sc_camera_registry_forget (fixture->registry, "osc:10010104", &error));
  g_assert_no_error (error);
  assert_change (fixture, 0, 1, 0);
  g_assert_null (sc_camera_registry_lookup (fixture->registry, "osc:10010104"));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);

  /* Forgetting an unknown camera is not an error and changes nothing. */
  g_assert_true (sc_camera_registry_forget (fixture->registry, "osc:nope", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->changes->len, ==, 0);
}

static void
test_reload (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCameraRecord) z1 = make_record ("osc:10010104", "Z1");
  g_autoptr(ScCameraRecord) usb = sc_camera_record_new ("ptp:05ca:0368:YN10010104");
  g_autoptr(ScCameraRecord) gone = make_record ("osc:gone", "Gone");
  g_autoptr(ScCameraRegistry) again = NULL;
  gpointer weak = NULL, weak_item = NULL;

  /* A sparse record: the unset fields stay unset (no "" for NULL). */
  sc_camera_record_set_display_name (usb, "THETA over USB “Ü”");

  g_assert_true (sc_camera_registry_remember (fixture->registry, z1, &error));
  g_assert_true (sc_camera_registry_remember (fixture->registry, gone, &error));
  g_assert_true (sc_camera_registry_remember (fixture->registry, usb, &error));
  g_assert_true (sc_camera_registry_forget (fixture->registry, "osc:gone", &error));
  g_assert_no_error (error);

  again = new_registry (fixture);
  weak = again;
  g_object_add_weak_pointer (G_OBJECT (again), &weak);
  g_assert_true (sc_camera_registry_load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 2);
  {
    g_autoptr(ScCameraRecord) first = g_list_model_get_item (G_LIST_MODEL (again), 0);
    g_autoptr(ScCameraRecord) second = g_list_model_get_item (G_LIST_MODEL (again), 1);

    assert_records_equal (first, z1);
    assert_records_equal (second, usb);
    g_assert_null (sc_camera_record_get_uri (second));
    g_assert_null (sc_camera_record_get_last_connected (second));
  }

  /* Loading again replaces the list: one change for everything. */
  g_array_set_size (fixture->changes, 0);
  g_signal_connect (again, "items-changed", G_CALLBACK (on_items_changed_cb), fixture);
  g_assert_true (sc_camera_registry_load (again, &error));
  assert_change (fixture, 0, 2, 2);

  /* The records go with the registry. */
  {
    g_autoptr(ScCameraRecord) item = g_list_model_get_item (G_LIST_MODEL (again), 0);

    weak_item = item;
    g_object_add_weak_pointer (G_OBJECT (item), &weak_item);
  }
  g_assert_nonnull (weak_item);

  g_clear_object (&again);
  g_assert_null (weak);
  g_assert_null (weak_item);
}

static void
test_permissions (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCameraRecord) z1 = make_record ("osc:10010104", "Z1");
  mode_t old_umask = umask (022);

  g_assert_true (sc_camera_registry_remember (fixture->registry, z1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (fixture->dir_path, NULL), ==, 0700);
  g_assert_cmpuint (file_mode (fixture->dir_path, "registry.json"), ==, 0600);

  /* A folder and file someone made readable by all are tightened. */
  g_assert_cmpint (g_chmod (fixture->dir_path, 0755), ==, 0);
  {
    g_autofree char *path = g_build_filename (fixture->dir_path, "registry.json", NULL);
    g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  }
  g_assert_true (sc_camera_registry_remember (fixture->registry, z1, &error));
  g_assert_cmpuint (file_mode (fixture->dir_path, NULL), ==, 0700);
  g_assert_cmpuint (file_mode (fixture->dir_path, "registry.json"), ==, 0600);

  /* No temporary file left next to it. */
  {
    g_autoptr(GDir) dir = g_dir_open (fixture->dir_path, 0, NULL);
    const char *name;
    guint n = 0;

    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_assert_cmpstr (name, ==, "registry.json");
        n++;
      }
    g_assert_cmpuint (n, ==, 1);
  }

  umask (old_umask);
}

static char *
find_corrupt_copy (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  char *found = NULL;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "registry.json.corrupt-"))
      {
        g_assert_null (found);
        found = g_strdup (name);
      }

  return found;
}

static void
check_corrupt (Fixture    *fixture,
               const char *garbage)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir_path, "registry.json", NULL);
  g_autofree char *aside = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(ScCameraRecord) z1 = make_record ("osc:10010104", "Z1");
  g_autoptr(ScCameraRegistry) registry = new_registry (fixture);
  guint changes = 0;

  g_assert_cmpint (g_mkdir_with_parents (fixture->dir_path, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));

  /* A registry with something in it, to see the list emptied. */
  g_assert_true (sc_camera_registry_remember (registry, z1, &error));
  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));
  g_signal_connect_swapped (registry, "items-changed", G_CALLBACK (count_cb), &changes);

  g_test_expect_message ("sc-camera-registry", G_LOG_LEVEL_WARNING,
                         "*is not a camera registry*kept as*registry.json.corrupt-*");
  g_assert_false (sc_camera_registry_load (registry, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "could not be read"));
  g_assert_nonnull (strstr (error->message, ".corrupt-"));
  g_clear_error (&error);

  /* The bad file is kept aside, byte for byte; the list starts empty. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  aside = find_corrupt_copy (fixture->dir_path);
  g_assert_nonnull (aside);
  kept = read_file (fixture->dir_path, aside);
  g_assert_cmpstr (kept, ==, garbage);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (registry)), ==, 0);
  g_assert_cmpuint (changes, ==, 1);

  /* And it works again. */
  g_assert_true (sc_camera_registry_remember (registry, z1, &error));
  g_assert_no_error (error);
  g_assert_true (sc_camera_registry_load (registry, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (registry)), ==, 1);

  {
    g_autofree char *aside_path = g_build_filename (fixture->dir_path, aside, NULL);
    g_unlink (aside_path);
  }
}

static void
test_corrupt (Fixture       *fixture,
              gconstpointer  data)
{
  check_corrupt (fixture, "{ \"version\": 1, \"cameras\": [ { \"id\": \"osc:1\", ");
  check_corrupt (fixture, "");
  check_corrupt (fixture, "[1, 2, 3]");
  check_corrupt (fixture, "{ \"version\": 1, \"cameras\": [ { \"uri\": \"http://x\" } ] }");
  check_corrupt (fixture, "{ \"cameras\": [ { \"id\": \"a\" }, { \"id\": \"a\" } ] }");
  check_corrupt (fixture, "{ \"cameras\": [ { \"id\": \"a\", \"last-connected\": \"never\" } ] }");
  check_corrupt (fixture, "\xff\xfe binary \x01");
}

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

static GAsyncResult *
wait_for (Waiter *waiter)
{
  while (waiter->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return waiter->result;
}

static gboolean
store_password (ScCameraRegistry  *registry,
                const char        *id,
                const char        *username,
                const char        *password,
                GError           **error)
{
  Waiter waiter = { NULL };
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_registry_store_password_async (registry, id, username, password, NULL,
                                           on_done_cb, &waiter);
  g_assert_null (waiter.result);   /* never synchronously */
  result = wait_for (&waiter);
  return sc_camera_registry_store_password_finish (registry, result, error);
}

static char *
lookup_password (ScCameraRegistry  *registry,
                 const char        *id,
                 char             **username,
                 GError           **error)
{
  Waiter waiter = { NULL };
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_registry_lookup_password_async (registry, id, NULL, on_done_cb, &waiter);
  result = wait_for (&waiter);
  return sc_camera_registry_lookup_password_finish (registry, result, username, error);
}

#define SECRET "s3cret \"pass\\word\" ü"

static void
test_credentials_file (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCameraRecord) z1 = make_record ("osc:10010104", "Z1");
  g_autoptr(ScCameraRecord) x = make_record ("osc:14010001", "X");
  g_autofree char *registry_json = NULL;
  g_autofree char *credentials_json = NULL;
  g_autofree char *password = NULL;
  g_autofree char *username = NULL;

  g_assert_cmpstr (sc_camera_registry_get_credentials_backend (fixture->registry), ==, "file");

  g_assert_true (sc_camera_registry_remember (fixture->registry, z1, &error));
  g_assert_true (sc_camera_registry_remember (fixture->registry, x, &error));
  g_assert_true (store_password (fixture->registry, "osc:10010104", "THETAYN10010104",
                                 SECRET, &error));
  g_assert_no_error (error);
  g_assert_true (store_password (fixture->registry, "osc:14010001", NULL, "other", &error));
  g_assert_no_error (error);

  /* Kept apart: not in registry.json; in credentials.json, 0600. */
  registry_json = read_file (fixture->dir_path, "registry.json");
  g_assert_null (strstr (registry_json, "s3cret"));
  g_assert_null (strstr (registry_json, "password"));
  credentials_json = read_file (fixture->dir_path, "credentials.json");
  g_assert_nonnull (strstr (credentials_json, "s3cret"));
  g_assert_cmpuint (file_mode (fixture->dir_path, "credentials.json"), ==, 0600);

  password = lookup_password (fixture->registry, "osc:10010104", &username, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, SECRET);
  g_assert_cmpstr (username, ==, "THETAYN10010104");
  g_clear_pointer (&password, g_free);
  g_clear_pointer (&username, g_free);

  /* No user name stored with it: the record's. */
  password = lookup_password (fixture->registry, "osc:14010001", &username, &error);
  g_assert_cmpstr (password, ==, "other");
  g_assert_cmpstr (username, ==, sc_camera_record_get_username (x));
  g_clear_pointer (&password, g_free);
  g_clear_pointer (&username, g_free);

  /* Replacing. */
  g_assert_true (store_password (fixture->registry, "osc:10010104", "THETAYN10010104",
                                 "new", &error));
  password = lookup_password (fixture->registry, "osc:10010104", NULL, &error);
  g_assert_cmpstr (password, ==, "new");
  g_clear_pointer (&password, g_free);

  /* Nothing stored: NULL, no error. */
  password = lookup_password (fixture->registry, "osc:unknown", &username, &error);
  g_assert_no_error (error);
  g_assert_null (password);
  g_assert_null (username);

  /* Survives a restart. */
  {
    g_autoptr(ScCameraRegistry) again = new_registry (fixture);

    g_assert_true (sc_camera_registry_load (again, &error));
    password = lookup_password (again, "osc:14010001", NULL, &error);
    g_assert_cmpstr (password, ==, "other");
    g_clear_pointer (&password, g_free);
  }

  /* Forget removes everything stored about the camera. */
  g_assert_true (sc_camera_registry_forget (fixture->registry, "osc:10010104", &error));
  g_assert_no_error (error);
  password = lookup_password (fixture->registry, "osc:10010104", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (password);
  g_clear_pointer (&credentials_json, g_free);
  credentials_json = read_file (fixture->dir_path, "credentials.json");
  g_assert_null (strstr (credentials_json, "osc:10010104"));
  g_assert_null (strstr (credentials_json, "new"));
  g_assert_nonnull (strstr (credentials_json, "osc:14010001"));
  g_clear_pointer (&registry_json, g_free);
  registry_json = read_file (fixture->dir_path, "registry.json");
  g_assert_null (strstr (registry_json, "osc:10010104"));

  /* A password for a camera that was never remembered goes too. */
  g_assert_true (store_password (fixture->registry, "osc:stray", NULL, "stray", &error));
  g_assert_true (sc_camera_registry_forget (fixture->registry, "osc:stray", &error));
  password = lookup_password (fixture->registry, "osc:stray", NULL, &error);
  g_assert_null (password);
}

static void
test_credentials_corrupt (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir_path, "credentials.json", NULL);
  g_autofree char *password = NULL;

  g_assert_cmpint (g_mkdir_with_parents (fixture->dir_path, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "{ not json", -1, NULL));

  g_test_expect_message ("sc-camera-registry", G_LOG_LEVEL_WARNING,
                         "*credentials.json could not be read*kept as*");
  g_assert_true (store_password (fixture->registry, "osc:1", NULL, "pw", &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);

  password = lookup_password (fixture->registry, "osc:1", NULL, &error);
  g_assert_cmpstr (password, ==, "pw");
}

static void
test_keyring_fallback (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *credentials_json = NULL;
  guint notifies = 0;

  /* libsecret is a required dependency: the keyring backend always exists. */
  sc_camera_registry_set_credentials_backend (fixture->registry, "keyring");
  g_assert_cmpstr (sc_camera_registry_get_credentials_backend (fixture->registry), ==, "keyring");

  /* No session bus at all (set in main): no Secret Service answers, so
   * the password goes to the file, and the registry says so. */
  g_signal_connect_swapped (fixture->registry, "notify::credentials-backend",
                            G_CALLBACK (count_cb), &notifies);
  g_assert_true (store_password (fixture->registry, "osc:1", "user", "pw", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sc_camera_registry_get_credentials_backend (fixture->registry), ==, "file");
  g_assert_cmpuint (notifies, ==, 1);

  credentials_json = read_file (fixture->dir_path, "credentials.json");
  g_assert_nonnull (strstr (credentials_json, "\"pw\""));

  /* A registry that still believes in the keyring finds it in the file. */
  {
    g_autoptr(ScCameraRegistry) again = sc_camera_registry_new (fixture->dir);

    g_assert_cmpstr (sc_camera_registry_get_credentials_backend (again), ==, "keyring");
    password = lookup_password (again, "osc:1", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (password, ==, "pw");
    g_assert_true (sc_camera_registry_forget (again, "osc:1", &error));
    g_assert_no_error (error);
  }
}

int
main (int   argc,
      char *argv[])
{
  /* A unit test: no session bus, and never the user's real keyring. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sc-test-no-bus", TRUE);
  g_unsetenv ("DISPLAY");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sc-core/ScCameraRecord/properties", test_record);
#define ADD(path, func) \
  g_test_add ("/sc-core/ScCameraRegistry/" path, Fixture, NULL, \
              fixture_set_up, func, fixture_tear_down)
  ADD ("remember-lookup-forget", test_remember_lookup_forget);
  ADD ("reload", test_reload);
  ADD ("permissions", test_permissions);
  ADD ("corrupt", test_corrupt);
  ADD ("credentials-file", test_credentials_file);
  ADD ("credentials-corrupt", test_credentials_corrupt);
  ADD ("keyring-fallback", test_keyring_fallback);
#undef ADD

  return g_test_run ();
}
