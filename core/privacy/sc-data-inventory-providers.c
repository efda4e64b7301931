/* sc-data-inventory-providers.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-data-inventory"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sc-camera-registry-private.h"
#include "sc-data-inventory-private.h"
#include "sc-log.h"
#include "sc-madv-camera-private.h"

/* The built-in providers: the personal data that exists today, each with
 * how to count, export and erase it. The list of what must be covered, and
 * the inventory itself, are in sc-data-inventory.c. */

/* ------------------------------------------------------------------ */
/* "cameras": ScCameraRegistry's records                               */

static gint64
cameras_count (gpointer user_data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (user_data));
}

/* A Mi Sphere's HTTPS certificate, pinned on first use next to the
 * registry (forgetting the camera erases it). */
static gboolean
has_pinned_certificate (ScCameraRegistry *registry,
                        const char       *id)
{
  g_autoptr(GFile) directory = NULL;
  g_autofree char *pins = NULL;
  g_autofree char *file = NULL;

  if (id == NULL || !g_str_has_prefix (id, "madv:"))
    return FALSE;
  g_object_get (registry, "directory", &directory, NULL);
  pins = g_build_filename (g_file_peek_path (directory), "pins", NULL);
  file = sc_madv_camera_dup_pin_file (pins, id + strlen ("madv:"));
  return file != NULL && g_file_test (file, G_FILE_TEST_IS_REGULAR);
}

/* A Mi Sphere's own lens table, cached as <user cache dir>/spherecam/lut/
 * SERIAL.bin (forgetting the camera erases it). */
static gboolean
has_cached_lens_table (const char *id)
{
  g_autofree char *file = NULL;

  if (id == NULL || !g_str_has_prefix (id, "madv:"))
    return FALSE;
  file = sc_madv_camera_dup_lut_file (NULL, id + strlen ("madv:"));
  return file != NULL && g_file_test (file, G_FILE_TEST_IS_REGULAR);
}

static JsonNode *
cameras_export (gpointer user_data)
{
  GListModel *model = G_LIST_MODEL (user_data);
  JsonArray *array = json_array_new ();
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScCameraRecord) record = g_list_model_get_item (model, i);
      JsonObject *object = json_object_new ();

      set_string_or_null (object, "id", sc_camera_record_get_id (record));
      set_string_or_null (object, "uri", sc_camera_record_get_uri (record));
      set_string_or_null (object, "display-name", sc_camera_record_get_display_name (record));
      set_string_or_null (object, "model", sc_camera_record_get_model (record));
      set_string_or_null (object, "serial-number", sc_camera_record_get_serial_number (record));
      set_string_or_null (object, "firmware-version", sc_camera_record_get_firmware_version (record));
      set_string_or_null (object, "wifi-ssid", sc_camera_record_get_wifi_ssid (record));
      set_string_or_null (object, "username", sc_camera_record_get_username (record));
      set_date_time_or_null (object, "last-connected", sc_camera_record_get_last_connected (record));
      json_object_set_boolean_member (object, "pinned-certificate",
                                      has_pinned_certificate (SC_CAMERA_REGISTRY (model),
                                                              sc_camera_record_get_id (record)));
      json_object_set_boolean_member (object, "cached-lens-table",
                                      has_cached_lens_table (sc_camera_record_get_id (record)));
      json_array_add_object_element (array, object);
    }

  return node_from_array (array);
}

static gboolean
cameras_erase (gpointer   user_data,
               GError   **error)
{
  ScCameraRegistry *registry = user_data;
  GListModel *model = G_LIST_MODEL (registry);

  /* Forgetting a camera also removes its stored password. */
  while (g_list_model_get_n_items (model) > 0)
    {
      g_autoptr(ScCameraRecord) record = g_list_model_get_item (model, 0);

      if (!sc_camera_registry_forget (registry, sc_camera_record_get_id (record), error))
        return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* "credentials": user names and where the passwords are               */

/* The camera ids with a password in credentials.json, each with its user
 * name (or NULL). Never the passwords themselves. */
static GHashTable *
read_credentials_file (ScCameraRegistry *registry)
{
  g_autoptr(GHashTable) ret = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *section;
  JsonNode *root;
  JsonNode *node;

  path = _sc_camera_registry_file_path (registry, CREDENTIALS_FILE);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&ret);

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_file (parser, path, &error))
    {
      g_debug ("%s could not be read for the data export: %s", CREDENTIALS_FILE, error->message);
      return g_steal_pointer (&ret);
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return g_steal_pointer (&ret);
  node = json_object_get_member (json_node_get_object (root), "credentials");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return g_steal_pointer (&ret);

  section = json_node_get_object (node);
  members = json_object_get_members (section);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *entry = json_object_get_member (section, l->data);
      const char *username = NULL;

      if (entry == NULL || !JSON_NODE_HOLDS_OBJECT (entry))
        continue;
      if (!_sc_camera_registry_read_optional_string (json_node_get_object (entry), "username", &username))
        username = NULL;
      g_hash_table_insert (ret, g_strdup (l->data), g_strdup (username));
    }

  return g_steal_pointer (&ret);
}

/* Fills @ids (sorted, unique) with every camera that has a user name in
 * the registry or a password in the file, and returns the file's table. */
static GHashTable *
collect_credentials (ScCameraRegistry *registry,
                     GPtrArray        *ids)
{
  GHashTable *in_file = read_credentials_file (registry);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *model = G_LIST_MODEL (registry);
  guint n = g_list_model_get_n_items (model);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScCameraRecord) record = g_list_model_get_item (model, i);
      const char *id = sc_camera_record_get_id (record);

      if (sc_camera_record_get_username (record) != NULL || g_hash_table_contains (in_file, id))
        if (g_hash_table_add (seen, (gpointer)id))
          g_ptr_array_add (ids, g_strdup (id));
    }

  g_hash_table_iter_init (&iter, in_file);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_hash_table_add (seen, key))
      g_ptr_array_add (ids, g_strdup (key));

  return in_file;
}

static gint64
credentials_count (gpointer user_data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) in_file = collect_credentials (user_data, ids);

  return ids->len;
}

static JsonNode *
credentials_export (gpointer user_data)
{
  ScCameraRegistry *registry = user_data;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) in_file = collect_credentials (registry, ids);
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      ScCameraRecord *record = sc_camera_registry_lookup (registry, id);
      const char *username = NULL;
      JsonObject *object = json_object_new ();

      if (record != NULL)
        username = sc_camera_record_get_username (record);
      if (username == NULL)
        username = g_hash_table_lookup (in_file, id);

      json_object_set_string_member (object, "camera-id", id);
      set_string_or_null (object, "username", username);
      /* Never the password itself: only where it is. */
      json_object_set_string_member (object, "password",
                                     g_hash_table_contains (in_file, id)
                                       ? "(stored in a file readable only by you)"
                                       : "(stored in the keyring, if saved)");
      json_array_add_object_element (array, object);
    }

  return node_from_array (array);
}

static gboolean
credentials_erase (gpointer   user_data,
                   GError   **error)
{
  ScCameraRegistry *registry = user_data;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) in_file = collect_credentials (registry, ids);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      ScCameraRecord *record = sc_camera_registry_lookup (registry, id);

      /* The password, from the keyring and the file; the camera stays. */
      if (!_sc_camera_registry_forget_password (registry, id, error))
        return FALSE;

      if (record != NULL && sc_camera_record_get_username (record) != NULL)
        {
          g_autoptr(ScCameraRecord) copy = sc_camera_record_copy (record);

          sc_camera_record_set_username (copy, NULL);
          if (!sc_camera_registry_remember (registry, copy, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* "consent": ScConsent                                                */

static gint64
consent_count (gpointer user_data)
{
  return sc_consent_get_accepted_version (user_data) != NULL ? 1 : 0;
}

static JsonNode *
consent_export (gpointer user_data)
{
  ScConsent *consent = user_data;
  JsonObject *object = json_object_new ();

  set_string_or_null (object, "accepted-version", sc_consent_get_accepted_version (consent));
  set_date_time_or_null (object, "accepted-at", sc_consent_get_accepted_at (consent));
  set_string_or_null (object, "policy-version", sc_consent_get_policy_version (consent));

  return node_from_object (object);
}

static gboolean
consent_erase (gpointer   user_data,
               GError   **error)
{
  return sc_consent_revoke (user_data, error);
}

/* ------------------------------------------------------------------ */
/* "permissions": ScPermissions                                        */

static gboolean
permission_default (ScPermissions *permissions,
                    ScPermission   permission)
{
  GParamSpec *pspec;

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (permissions),
                                        sc_permission_to_string (permission));
  g_assert (G_IS_PARAM_SPEC_BOOLEAN (pspec));

  return G_PARAM_SPEC_BOOLEAN (pspec)->default_value;
}

/* The user's choices: the toggles that differ from the defaults. */
static gint64
permissions_count (gpointer user_data)
{
  ScPermissions *permissions = user_data;
  gint64 ret = 0;

  for (ScPermission p = 0; p <= SC_PERMISSION_LAST; p++)
    if (sc_permissions_get (permissions, p) != permission_default (permissions, p))
      ret++;

  return ret;
}

static JsonNode *
permissions_export (gpointer user_data)
{
  ScPermissions *permissions = user_data;
  JsonObject *object = json_object_new ();

  for (ScPermission p = 0; p <= SC_PERMISSION_LAST; p++)
    json_object_set_boolean_member (object, sc_permission_to_string (p),
                                    sc_permissions_get (permissions, p));

  return node_from_object (object);
}

static gboolean
permissions_erase (gpointer   user_data,
                   GError   **error)
{
  ScPermissions *permissions = user_data;

  for (ScPermission p = 0; p <= SC_PERMISSION_LAST; p++)
    sc_permissions_set (permissions, p, permission_default (permissions, p));

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* "logs": ScLog (process-wide)                                        */

static gint64
logs_count (gpointer user_data)
{
  g_auto(GStrv) lines = sc_log_dup_ring ();

  return g_strv_length (lines);
}

static JsonNode *
logs_export (gpointer user_data)
{
  g_autoptr(GFile) file = sc_log_get_file ();
  g_auto(GStrv) lines = sc_log_dup_ring ();
  JsonObject *object = json_object_new ();
  JsonArray *files = json_array_new ();
  JsonArray *array = json_array_new ();

  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
        json_array_add_string_element (files, path);
      for (guint i = 1; path != NULL && i <= SC_LOG_N_ROTATED; i++)
        {
          g_autofree char *rotated = g_strdup_printf ("%s.%u", path, i);

          if (g_file_test (rotated, G_FILE_TEST_IS_REGULAR))
            json_array_add_string_element (files, rotated);
        }
    }

  /* The ring went through sc_redact() already, unless the user turned
   * detailed diagnostics on. */
  for (guint i = 0; lines[i] != NULL; i++)
    json_array_add_string_element (array, lines[i]);

  json_object_set_array_member (object, "files", files);
  json_object_set_int_member (object, "line-count", g_strv_length (lines));
  json_object_set_array_member (object, "lines", array);

  return node_from_object (object);
}

static gboolean
logs_erase (gpointer   user_data,
            GError   **error)
{
  return sc_log_clear (error);
}

/**
 * sc_data_inventory_new_default:
 * @registry: the remembered cameras and their credentials
 * @consent: the accepted user agreement and privacy policy
 * @permissions: the privacy toggles
 *
 * An inventory of every category in
 * sc_data_inventory_expected_categories(), in that order; the logs, the
 * location settings and the usage statistics are the process-wide ScLog,
 * sc_location_source_get_default() and sc_usage_stats_get_default() (the
 * current default at each call). Keeps references to the three objects.
 *
 * Returns: (transfer full): a new #ScDataInventory
 */
ScDataInventory *
sc_data_inventory_new_default (ScCameraRegistry *registry,
                               ScConsent        *consent,
                               ScPermissions    *permissions)
{
  g_autoptr(ScDataInventory) self = NULL;
  g_autoptr(ScDataCategory) cameras = NULL;
  g_autoptr(ScDataCategory) credentials = NULL;
  g_autoptr(ScDataCategory) consent_category = NULL;
  g_autoptr(ScDataCategory) permissions_category = NULL;
  g_autoptr(ScDataCategory) logs = NULL;
  g_autoptr(ScDataCategory) location = NULL;
  g_autoptr(ScDataCategory) usage = NULL;

  g_return_val_if_fail (SC_IS_CAMERA_REGISTRY (registry), NULL);
  g_return_val_if_fail (SC_IS_CONSENT (consent), NULL);
  g_return_val_if_fail (SC_IS_PERMISSIONS (permissions), NULL);

  self = sc_data_inventory_new ();

  cameras = sc_data_category_new ("cameras",
                                  _("Remembered cameras"),
                                  _("The cameras you connected to, so that Spherecam can find them "
                                    "and connect again: their address, name, model, serial number, "
                                    "firmware, Wi-Fi network name, when you last used them and, "
                                    "for a Mi Sphere, its HTTPS certificate and its lens table. "
                                    "Erasing them also removes their saved passwords, certificates "
                                    "and lens tables."),
                                  cameras_count, cameras_export, cameras_erase,
                                  g_object_ref (registry), g_object_unref);
  sc_data_category_add_field (cameras, "id", _("The camera's identifier inside Spherecam."));
  sc_data_category_add_field (cameras, "uri", _("The address Spherecam uses to reach the camera."));
  sc_data_category_add_field (cameras, "display-name", _("The camera's name as shown in Spherecam."));
  sc_data_category_add_field (cameras, "model", _("The camera's model."));
  sc_data_category_add_field (cameras, "serial-number", _("The camera's serial number."));
  sc_data_category_add_field (cameras, "firmware-version", _("The camera's firmware version."));
  sc_data_category_add_field (cameras, "wifi-ssid", _("The name of the camera's Wi-Fi network."));
  sc_data_category_add_field (cameras, "username", _("The user name Spherecam signs in to the camera with."));
  sc_data_category_add_field (cameras, "last-connected", _("When Spherecam last connected to the camera (ISO 8601)."));
  sc_data_category_add_field (cameras, "pinned-certificate",
                              _("Whether Spherecam keeps the camera's HTTPS certificate, to recognise the camera next time (Mi Sphere)."));
  sc_data_category_add_field (cameras, "cached-lens-table",
                              _("Whether Spherecam keeps a copy of the camera's own lens table, to stitch its pictures "
                                "with its factory calibration (Mi Sphere). The file name holds the camera's serial number."));
  sc_data_inventory_register (self, cameras);

  credentials = sc_data_category_new ("credentials",
                                      _("Camera passwords"),
                                      _("The user names and passwords that cameras ask for, so that you "
                                        "do not have to type them again. Passwords are kept in the "
                                        "keyring, or in a file only you can read, and are never "
                                        "exported. Erasing them keeps the cameras."),
                                      credentials_count, credentials_export, credentials_erase,
                                      g_object_ref (registry), g_object_unref);
  sc_data_category_add_field (credentials, "camera-id", _("The camera the user name and password are for."));
  sc_data_category_add_field (credentials, "username", _("The user name for the camera."));
  sc_data_category_add_field (credentials, "password",
                              _("Not exported: only where the password is stored, in the keyring "
                                "or in a file readable only by you."));
  sc_data_inventory_register (self, credentials);

  consent_category = sc_data_category_new ("consent",
                                           _("Privacy policy consent"),
                                           _("Which version of the user agreement and privacy policy "
                                             "you accepted, and when, so that Spherecam asks again when "
                                             "they change. Erasing it withdraws your consent."),
                                           consent_count, consent_export, consent_erase,
                                           g_object_ref (consent), g_object_unref);
  sc_data_category_add_field (consent_category, "accepted-version",
                              _("The version of the user agreement and privacy policy you accepted, if any."));
  sc_data_category_add_field (consent_category, "accepted-at", _("When you accepted it (ISO 8601)."));
  sc_data_category_add_field (consent_category, "policy-version",
                              _("The version this Spherecam ships; not about you."));
  sc_data_inventory_register (self, consent_category);

  permissions_category = sc_data_category_new ("permissions",
                                               _("Privacy permissions"),
                                               _("What you allow Spherecam to do: save files, use your "
                                                 "location and record sound. Erasing them restores the "
                                                 "defaults."),
                                               permissions_count, permissions_export, permissions_erase,
                                               g_object_ref (permissions), g_object_unref);
  sc_data_category_add_field (permissions_category, "storage",
                              _("Whether Spherecam may save files (downloads and exports)."));
  sc_data_category_add_field (permissions_category, "location",
                              _("Whether Spherecam may use your location, for example to geotag photos."));
  sc_data_category_add_field (permissions_category, "microphone",
                              _("Whether Spherecam may record sound."));
  sc_data_inventory_register (self, permissions_category);

  logs = sc_data_category_new ("logs",
                               _("Logs"),
                               _("What Spherecam did recently, to help find problems. Personal details "
                                 "such as addresses, names and serial numbers are hidden unless you "
                                 "turned detailed diagnostics on. Erasing them empties the log files."),
                               logs_count, logs_export, logs_erase,
                               NULL, NULL);
  sc_data_category_add_field (logs, "files", _("The log files on this computer."));
  sc_data_category_add_field (logs, "line-count", _("How many recent log lines Spherecam keeps in memory."));
  sc_data_category_add_field (logs, "lines", _("The recent log lines."));
  sc_data_inventory_register (self, logs);

  location = _sc_data_inventory_location_category_new ();
  sc_data_inventory_register (self, location);

  usage = _sc_data_inventory_usage_category_new ();
  sc_data_inventory_register (self, usage);

  return g_steal_pointer (&self);
}
