/* test-madv-lut-cache.c: the Mi Sphere's own lens LUT, cached per camera
 *
 * Against `spherecam-emulator --protocol madv`: the first connection
 * fetches /tmp/FL0/lut/app_lut.bin over the data port (while a listing
 * with thumbnails waits for the data port) and caches it byte-identically
 * as <user cache dir>/spherecam/lut/SERIAL.bin; the next connection uses
 * the cache without fetching; a cached LUT with another MD5 (another
 * valid block, or a damaged one) is fetched again; a camera whose LUT
 * does not match 261's MD5 caches nothing and still connects; "Your Data"
 * lists the cached LUT with the camera, and forgetting the camera erases
 * it.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "sc-core.h"
#include "sc-emulator-launcher.h"
#include "sc-camera-record.h"
#include "sc-camera-registry.h"
#include "sc-consent.h"
#include "sc-data-inventory.h"
#include "sc-madv-camera-private.h"
#include "sc-permissions.h"

#include "emu-madv-lut.h"
#include "emu-render.h"

#define SERIAL    "EMUMADV0042"
#define CAMERA_ID "madv:" SERIAL

typedef struct
{
  GSubprocess *process;
  char        *url;
  char        *storage;
  char        *camera_lut;   /* the emulator's app_lut.bin */
  char        *cache_file;   /* ours */
} Fixture;

static void
on_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static GAsyncResult *
spin (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->storage = g_dir_make_tmp ("sc-madv-lut-cache-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->camera_lut = g_build_filename (fixture->storage, "FL0", "lut", "app_lut.bin", NULL);
  fixture->cache_file = sc_madv_camera_dup_lut_file (NULL, SERIAL);
  g_assert_nonnull (fixture->cache_file);
  g_assert_true (g_str_has_prefix (fixture->cache_file, g_get_user_cache_dir ()));
  g_unlink (fixture->cache_file);

  {
    const char *args[] = { "--protocol", "madv", "--listen", "127.0.0.1:0",
                           "--storage", fixture->storage, NULL };

    fixture->url = sc_emulator_launch (args, &fixture->process, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (fixture->url, "madv://127.0.0.1:"));
  g_assert_true (g_file_test (fixture->camera_lut, G_FILE_TEST_IS_REGULAR));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  sc_emulator_stop (fixture->process);
  g_clear_object (&fixture->process);
  remove_tree (fixture->storage);
  g_unlink (fixture->cache_file);
  g_clear_pointer (&fixture->url, g_free);
  g_clear_pointer (&fixture->storage, g_free);
  g_clear_pointer (&fixture->camera_lut, g_free);
  g_clear_pointer (&fixture->cache_file, g_free);
}

static void
on_lut_notify_cb (GObject    *object,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  (*(guint *)user_data)++;
}

/* Connects a new camera object, and waits for its LUT job to end. Returns
 * how many times it fetched app_lut.bin; @n_notified counts "lut". */
static ScMadvCamera *
connect_and_settle (Fixture *fixture,
                    guint   *n_notified)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCamera) camera = sc_camera_new_for_uri (fixture->url, NULL, NULL, &error);
  g_autoptr(GAsyncResult) result = NULL;
  ScMadvCamera *self;

  g_assert_no_error (error);
  g_assert_true (SC_IS_MADV_CAMERA (camera));
  self = SC_MADV_CAMERA (camera);
  *n_notified = 0;
  g_signal_connect (camera, "notify::lut", G_CALLBACK (on_lut_notify_cb), n_notified);

  sc_camera_connect_async (camera, NULL, on_result_cb, &result);
  g_assert_true (sc_camera_connect_finish (camera, spin (&result), &error));
  g_assert_no_error (error);
  g_assert_nonnull (self->lut_md5);

  while (self->lut_busy)
    g_main_context_iteration (NULL, TRUE);

  return SC_MADV_CAMERA (g_steal_pointer (&camera));
}

static void
disconnect (ScMadvCamera *camera,
            guint        *n_notified)
{
  g_signal_handlers_disconnect_by_data (camera, n_notified);
  sc_camera_disconnect (SC_CAMERA (camera));
  g_object_unref (camera);
}

static void
assert_cache_is_camera_lut (Fixture *fixture)
{
  g_autofree char *cached = NULL;
  g_autofree char *original = NULL;
  gsize cached_length = 0, original_length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (fixture->cache_file, &cached, &cached_length, &error);
  g_assert_no_error (error);
  g_file_get_contents (fixture->camera_lut, &original, &original_length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (cached, cached_length, original, original_length);
}

/* Another valid LUT block: the emulator's rig at another size and grid. */
static GBytes *
other_lut_block (void)
{
  g_autoptr(GError) error = NULL;
  ScEmuRig rig;
  GBytes *block;

  sc_emu_rig_init (&rig, 1728, 864);
  block = sc_emu_madv_lut_new (&rig, 216, 108, &error);
  g_assert_no_error (error);
  g_assert_nonnull (block);
  return block;
}

static void
write_bytes (const char *path,
             GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize)g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
}

static GPtrArray *
list_files (ScMadvCamera *camera)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GPtrArray *files;

  sc_camera_list_files_async (SC_CAMERA (camera), SC_CAMERA_FILE_TYPE_ALL, 0, TRUE, NULL, on_result_cb, &result);
  files = sc_camera_list_files_finish (SC_CAMERA (camera), spin (&result), &error);
  g_assert_no_error (error);
  return files;
}

static void
test_cache (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScMadvLut) lut = NULL;
  g_autoptr(GBytes) other = other_lut_block ();
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ScCamera) camera = NULL;
  g_autofree char *original = NULL;
  gsize original_length = 0;
  ScMadvCamera *self;
  GStatBuf before, after;
  guint n_notified = 0;
  gboolean have_thumbnail = FALSE;

  /* First connection: fetched and cached. A listing with thumbnails
   * started at once waits for the data port instead of failing. */
  camera = sc_camera_new_for_uri (fixture->url, NULL, NULL, &error);
  g_assert_no_error (error);
  self = SC_MADV_CAMERA (camera);
  g_signal_connect (camera, "notify::lut", G_CALLBACK (on_lut_notify_cb), &n_notified);
  sc_camera_connect_async (camera, NULL, on_result_cb, &result);
  g_assert_true (sc_camera_connect_finish (camera, spin (&result), &error));
  g_assert_no_error (error);
  g_assert_true (self->lut_busy);           /* connecting did not wait for it */
  g_assert_null (sc_madv_camera_dup_lut (self));
  files = list_files (self);
  for (guint i = 0; i < files->len; i++)
    if (sc_camera_file_get_thumbnail (g_ptr_array_index (files, i)) != NULL)
      have_thumbnail = TRUE;
  g_assert_true (have_thumbnail);
  while (self->lut_busy)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (self->lut_fetches, ==, 1);
  g_assert_cmpuint (n_notified, ==, 1);
  lut = sc_madv_camera_dup_lut (self);
  g_assert_nonnull (lut);
  g_assert_cmpint (sc_madv_lut_get_grid_width (lut), ==, SC_EMU_MADV_LUT_WIDTH);
  g_clear_pointer (&lut, sc_madv_lut_unref);
  assert_cache_is_camera_lut (fixture);
  g_signal_handlers_disconnect_by_data (camera, &n_notified);
  sc_camera_disconnect (camera);
  g_clear_object (&camera);
  g_assert_cmpint (g_stat (fixture->cache_file, &before), ==, 0);

  /* Second connection: the cache is current, nothing is fetched. */
  self = connect_and_settle (fixture, &n_notified);
  g_assert_cmpuint (self->lut_fetches, ==, 0);
  g_assert_cmpuint (n_notified, ==, 1);
  lut = sc_madv_camera_dup_lut (self);
  g_assert_nonnull (lut);
  g_clear_pointer (&lut, sc_madv_lut_unref);
  g_assert_cmpint (g_stat (fixture->cache_file, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, ==, before.st_ino);
  g_assert_cmpint (after.st_mtime, ==, before.st_mtime);
  disconnect (self, &n_notified);

  /* The cached LUT is another (valid) one: the camera's LUT changed. */
  write_bytes (fixture->cache_file, other);
  self = connect_and_settle (fixture, &n_notified);
  g_assert_cmpuint (self->lut_fetches, ==, 1);
  lut = sc_madv_camera_dup_lut (self);
  g_assert_nonnull (lut);
  g_assert_cmpint (sc_madv_lut_get_grid_width (lut), ==, SC_EMU_MADV_LUT_WIDTH);
  g_clear_pointer (&lut, sc_madv_lut_unref);
  assert_cache_is_camera_lut (fixture);
  disconnect (self, &n_notified);

  /* A damaged cache file is replaced. */
  g_file_get_contents (fixture->camera_lut, &original, &original_length, &error);
  g_assert_no_error (error);
  g_file_set_contents (fixture->cache_file, original, (gssize)original_length / 2, &error);
  g_assert_no_error (error);
  self = connect_and_settle (fixture, &n_notified);
  g_assert_cmpuint (self->lut_fetches, ==, 1);
  g_assert_nonnull (self->lut);
  assert_cache_is_camera_lut (fixture);
  disconnect (self, &n_notified);

  /* The camera serves a LUT other than the one 261's MD5 names: nothing
   * is cached, the camera still connects, and works. */
  g_unlink (fixture->cache_file);
  write_bytes (fixture->camera_lut, other);
  self = connect_and_settle (fixture, &n_notified);
  g_assert_cmpuint (self->lut_fetches, ==, 1);
  g_assert_cmpuint (n_notified, ==, 0);
  g_assert_null (sc_madv_camera_dup_lut (self));
  g_assert_false (g_file_test (fixture->cache_file, G_FILE_TEST_EXISTS));
  g_assert_true (self->is_connected);
  g_clear_pointer (&files, g_ptr_array_unref);
  files = list_files (self);
  g_assert_cmpuint (files->len, >, 0);
  disconnect (self, &n_notified);

  /* The right one again: cached again by the next connection. */
  g_file_set_contents (fixture->camera_lut, original, (gssize)original_length, &error);
  g_assert_no_error (error);
  self = connect_and_settle (fixture, &n_notified);
  g_assert_cmpuint (self->lut_fetches, ==, 1);
  g_assert_nonnull (self->lut);
  assert_cache_is_camera_lut (fixture);
  disconnect (self, &n_notified);
}

static JsonObject *
exported_camera (ScDataInventory *inventory,
                 const char      *id)
{
  ScDataCategory *cameras = sc_data_inventory_lookup (inventory, "cameras");
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;

  g_assert_nonnull (cameras);
  node = sc_data_category_export (cameras);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (object, "id"), id) == 0)
        return json_object_ref (object);
    }
  return NULL;
}

static void
test_forget (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *top = g_dir_make_tmp ("sc-madv-lut-forget-XXXXXX", &error);
  g_autofree char *registry_path = g_build_filename (top, "registry", NULL);
  g_autofree char *consent_path = g_build_filename (top, "consent", NULL);
  g_autoptr(GFile) registry_dir = g_file_new_for_path (registry_path);
  g_autoptr(GFile) consent_dir = g_file_new_for_path (consent_path);
  g_autoptr(ScCameraRegistry) registry = NULL;
  g_autoptr(ScCameraRecord) record = sc_camera_record_new (CAMERA_ID);
  g_autoptr(ScConsent) consent = NULL;
  g_autoptr(ScPermissions) permissions = NULL;
  g_autoptr(ScDataInventory) inventory = NULL;
  g_autoptr(JsonObject) exported = NULL;
  ScDataCategory *cameras;
  ScMadvCamera *self;
  guint n_notified = 0;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (registry_path, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (consent_path, 0700), ==, 0);

  self = connect_and_settle (fixture, &n_notified);
  g_assert_cmpuint (self->lut_fetches, ==, 1);
  g_assert_true (g_file_test (fixture->cache_file, G_FILE_TEST_IS_REGULAR));
  disconnect (self, &n_notified);

  registry = sc_camera_registry_new (registry_dir);
  sc_camera_registry_set_credentials_backend (registry, "file");
  sc_camera_record_set_uri (record, fixture->url);
  sc_camera_record_set_serial_number (record, SERIAL);
  g_assert_true (sc_camera_registry_remember (registry, record, &error));
  g_assert_no_error (error);
  consent = sc_consent_new (consent_dir, "1");
  permissions = sc_permissions_new (consent);
  inventory = sc_data_inventory_new_default (registry, consent, permissions);

  /* "Your Data" lists it, with a meaning. */
  cameras = sc_data_inventory_lookup (inventory, "cameras");
  g_assert_nonnull (cameras);
  exported = exported_camera (inventory, CAMERA_ID);
  g_assert_nonnull (exported);
  g_assert_true (json_object_get_boolean_member (exported, "cached-lens-table"));
  g_clear_pointer (&exported, json_object_unref);

  /* Forgetting the camera erases it. */
  g_assert_true (sc_camera_registry_forget (registry, CAMERA_ID, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (fixture->cache_file, G_FILE_TEST_EXISTS));
  g_assert_null (exported_camera (inventory, CAMERA_ID));

  /* A camera remembered again without a cached LUT says so. */
  g_assert_true (sc_camera_registry_remember (registry, record, &error));
  g_assert_no_error (error);
  exported = exported_camera (inventory, CAMERA_ID);
  g_assert_nonnull (exported);
  g_assert_false (json_object_get_boolean_member (exported, "cached-lens-table"));
  g_assert_true (sc_camera_registry_forget (registry, CAMERA_ID, &error));
  g_assert_no_error (error);

  g_clear_object (&inventory);
  g_clear_object (&registry);
  remove_tree (top);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  if (!sc_core_init (&error))
    g_error ("%s", error->message);

  g_test_add ("/madv-lut-cache/cache", Fixture, NULL, fixture_set_up, test_cache, fixture_tear_down);
  g_test_add ("/madv-lut-cache/forget", Fixture, NULL, fixture_set_up, test_forget, fixture_tear_down);

  return g_test_run ();
}
