/* sc-data-inventory.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-data-inventory"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sc-camera-registry-private.h"
#include "sc-data-inventory.h"
#include "sc-log.h"

#define EXPORT_FORMAT   "spherecam-personal-data"
#define EXPORT_VERSION  1

/*
 * THE list of personal-data categories Spherecam holds. Whoever adds a new
 * store of personal data (a file, a keyring item, a GSettings key about the
 * user, a cache of anything the user did) adds its id here AND registers a
 * provider for it in sc_data_inventory_new_default(); test-data-inventory
 * fails until both are done, so that "Your data" can list, export and
 * erase it.
 */
static const char * const expected_categories[] = {
  "cameras",
  "credentials",
  "consent",
  "permissions",
  "logs",
  NULL
};

/*
 * Categories the privacy issue names that do not exist yet. Nothing holds
 * them, so nothing is registered and the completeness test ignores this
 * list. The change that adds one of these stores MUST move its id to
 * expected_categories[] above and register a provider for it.
 */
static const char * const planned_categories[] = {
  "location",
  "usage-statistics",
  "feedback",
  NULL
};

struct _ScDataCategory
{
  GObject           parent_instance;

  char             *id;
  char             *title;
  char             *description;
  GPtrArray        *field_names;    /* in the order added */
  GHashTable       *fields;         /* name → meaning */

  ScDataCountFunc   count_func;
  ScDataExportFunc  export_func;
  ScDataEraseFunc   erase_func;
  gpointer          user_data;
  GDestroyNotify    destroy;
};

struct _ScDataInventory
{
  GObject    parent_instance;

  GPtrArray *categories;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE (ScDataCategory, sc_data_category, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE_WITH_CODE (ScDataInventory, sc_data_inventory, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  CATEGORY_PROP_0,
  CATEGORY_PROP_ID,
  CATEGORY_PROP_TITLE,
  CATEGORY_PROP_DESCRIPTION,
  CATEGORY_N_PROPS
};

static GParamSpec *category_properties[CATEGORY_N_PROPS];

enum {
  PROP_0,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ */
/* Helpers for the providers                                           */

static void
set_string_or_null (JsonObject *object,
                    const char *member,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

static void
set_date_time_or_null (JsonObject *object,
                       const char *member,
                       GDateTime  *value)
{
  if (value != NULL)
    {
      g_autofree char *iso = g_date_time_format_iso8601 (value);

      json_object_set_string_member (object, member, iso);
    }
  else
    json_object_set_null_member (object, member);
}

static JsonNode *
node_from_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static JsonNode *
node_from_array (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  return node;
}

/* ------------------------------------------------------------------ */
/* "cameras": ScCameraRegistry's records                               */

static gint64
cameras_count (gpointer user_data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (user_data));
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

/* ------------------------------------------------------------------ */
/* ScDataCategory                                                      */

static void
sc_data_category_finalize (GObject *object)
{
  ScDataCategory *self = (ScDataCategory *)object;

  if (self->destroy != NULL)
    g_clear_pointer (&self->user_data, self->destroy);
  self->user_data = NULL;
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->field_names, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_hash_table_unref);

  G_OBJECT_CLASS (sc_data_category_parent_class)->finalize (object);
}

static void
sc_data_category_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ScDataCategory *self = SC_DATA_CATEGORY (object);

  switch (prop_id)
    {
    case CATEGORY_PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case CATEGORY_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case CATEGORY_PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_data_category_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ScDataCategory *self = SC_DATA_CATEGORY (object);

  switch (prop_id)
    {
    case CATEGORY_PROP_ID:
      g_assert (self->id == NULL);
      self->id = g_value_dup_string (value);
      break;

    case CATEGORY_PROP_TITLE:
      g_assert (self->title == NULL);
      self->title = g_value_dup_string (value);
      break;

    case CATEGORY_PROP_DESCRIPTION:
      g_assert (self->description == NULL);
      self->description = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_data_category_class_init (ScDataCategoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sc_data_category_finalize;
  object_class->get_property = sc_data_category_get_property;
  object_class->set_property = sc_data_category_set_property;

  /**
   * ScDataCategory:id:
   *
   * The stable id ("cameras", "logs", …): the key in the export.
   */
  category_properties[CATEGORY_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * ScDataCategory:title:
   *
   * What the data is, translated, for a list row.
   */
  category_properties[CATEGORY_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * ScDataCategory:description:
   *
   * What the data holds and why the app keeps it, translated.
   */
  category_properties[CATEGORY_PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, CATEGORY_N_PROPS, category_properties);
}

static void
sc_data_category_init (ScDataCategory *self)
{
  self->field_names = g_ptr_array_new_with_free_func (g_free);
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
}

/**
 * sc_data_category_new:
 * @id: the stable id, the category's key in the export
 * @title: what the data is, translated
 * @description: what it holds and why the app keeps it, translated
 * @count_func: counts the items
 * @export_func: describes them, every field with its value
 * @erase_func: erases them
 * @user_data: passed to the callbacks
 * @destroy: (nullable): frees @user_data with the category
 *
 * Returns: (transfer full): a new #ScDataCategory; describe its exported
 *   fields with sc_data_category_add_field()
 */
ScDataCategory *
sc_data_category_new (const char        *id,
                      const char        *title,
                      const char        *description,
                      ScDataCountFunc    count_func,
                      ScDataExportFunc   export_func,
                      ScDataEraseFunc    erase_func,
                      gpointer           user_data,
                      GDestroyNotify     destroy)
{
  ScDataCategory *self;

  g_return_val_if_fail (id != NULL && *id != '\0', NULL);
  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (description != NULL, NULL);
  g_return_val_if_fail (count_func != NULL, NULL);
  g_return_val_if_fail (export_func != NULL, NULL);
  g_return_val_if_fail (erase_func != NULL, NULL);

  self = g_object_new (SC_TYPE_DATA_CATEGORY,
                       "id", id,
                       "title", title,
                       "description", description,
                       NULL);
  self->count_func = count_func;
  self->export_func = export_func;
  self->erase_func = erase_func;
  self->user_data = user_data;
  self->destroy = destroy;

  return self;
}

/**
 * sc_data_category_add_field:
 * @self: a #ScDataCategory
 * @name: a member name the export uses
 * @meaning: what it is, translated (goes into the export's readme)
 */
void
sc_data_category_add_field (ScDataCategory *self,
                            const char     *name,
                            const char     *meaning)
{
  gpointer key;

  g_return_if_fail (SC_IS_DATA_CATEGORY (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (meaning != NULL);

  /* The keys are the strings in field_names. */
  if (!g_hash_table_lookup_extended (self->fields, name, &key, NULL))
    {
      key = g_strdup (name);
      g_ptr_array_add (self->field_names, key);
    }
  g_hash_table_insert (self->fields, key, g_strdup (meaning));
}

const char *
sc_data_category_get_id (ScDataCategory *self)
{
  g_return_val_if_fail (SC_IS_DATA_CATEGORY (self), NULL);

  return self->id;
}

const char *
sc_data_category_get_title (ScDataCategory *self)
{
  g_return_val_if_fail (SC_IS_DATA_CATEGORY (self), NULL);

  return self->title;
}

const char *
sc_data_category_get_description (ScDataCategory *self)
{
  g_return_val_if_fail (SC_IS_DATA_CATEGORY (self), NULL);

  return self->description;
}

/**
 * sc_data_category_get_field_meaning:
 *
 * Returns: (nullable): what the field @name means, or %NULL when the
 *   category does not describe it
 */
const char *
sc_data_category_get_field_meaning (ScDataCategory *self,
                                    const char     *name)
{
  g_return_val_if_fail (SC_IS_DATA_CATEGORY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->fields, name);
}

/**
 * sc_data_category_dup_field_names:
 *
 * Returns: (transfer full): the described fields, in the order added
 */
char **
sc_data_category_dup_field_names (ScDataCategory *self)
{
  GStrvBuilder *builder;
  char **ret;

  g_return_val_if_fail (SC_IS_DATA_CATEGORY (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->field_names->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->field_names, i));
  ret = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return ret;
}

/**
 * sc_data_category_count:
 *
 * Returns: how many items the category holds, or -1 when unknown
 */
gint64
sc_data_category_count (ScDataCategory *self)
{
  g_return_val_if_fail (SC_IS_DATA_CATEGORY (self), -1);

  return self->count_func (self->user_data);
}

/**
 * sc_data_category_export:
 *
 * Returns: (transfer full): the category's data, every field with its value
 */
JsonNode *
sc_data_category_export (ScDataCategory *self)
{
  JsonNode *ret;

  g_return_val_if_fail (SC_IS_DATA_CATEGORY (self), NULL);

  ret = self->export_func (self->user_data);
  if (ret == NULL)
    ret = json_node_new (JSON_NODE_NULL);

  return ret;
}

/**
 * sc_data_category_erase:
 * @error: return location for a #GError
 *
 * Returns: %TRUE when everything the category holds was erased
 */
gboolean
sc_data_category_erase (ScDataCategory  *self,
                        GError         **error)
{
  g_return_val_if_fail (SC_IS_DATA_CATEGORY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return self->erase_func (self->user_data, error);
}

/* ------------------------------------------------------------------ */
/* ScDataInventory                                                     */

static GType
sc_data_inventory_get_item_type (GListModel *model)
{
  return SC_TYPE_DATA_CATEGORY;
}

static guint
sc_data_inventory_get_n_items (GListModel *model)
{
  return SC_DATA_INVENTORY (model)->categories->len;
}

static gpointer
sc_data_inventory_get_item (GListModel *model,
                            guint       position)
{
  ScDataInventory *self = SC_DATA_INVENTORY (model);

  if (position >= self->categories->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->categories, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sc_data_inventory_get_item_type;
  iface->get_n_items = sc_data_inventory_get_n_items;
  iface->get_item = sc_data_inventory_get_item;
}

static void
sc_data_inventory_dispose (GObject *object)
{
  ScDataInventory *self = (ScDataInventory *)object;

  if (self->categories != NULL)
    g_ptr_array_set_size (self->categories, 0);

  G_OBJECT_CLASS (sc_data_inventory_parent_class)->dispose (object);
}

static void
sc_data_inventory_finalize (GObject *object)
{
  ScDataInventory *self = (ScDataInventory *)object;

  g_clear_pointer (&self->categories, g_ptr_array_unref);

  G_OBJECT_CLASS (sc_data_inventory_parent_class)->finalize (object);
}

static void
sc_data_inventory_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ScDataInventory *self = SC_DATA_INVENTORY (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->categories->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_data_inventory_class_init (ScDataInventoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_data_inventory_dispose;
  object_class->finalize = sc_data_inventory_finalize;
  object_class->get_property = sc_data_inventory_get_property;

  /**
   * ScDataInventory:n-items:
   *
   * How many categories are registered.
   */
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_data_inventory_init (ScDataInventory *self)
{
  self->categories = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * sc_data_inventory_expected_categories:
 *
 * Returns: (transfer none): the id of every category of personal data the
 *   app holds; sc_data_inventory_new_default() registers exactly these
 */
const char * const *
sc_data_inventory_expected_categories (void)
{
  return expected_categories;
}

/**
 * sc_data_inventory_planned_categories:
 *
 * Returns: (transfer none): the ids of categories the privacy issue names
 *   that no code holds yet (location, usage statistics, feedback)
 */
const char * const *
sc_data_inventory_planned_categories (void)
{
  return planned_categories;
}

/**
 * sc_data_inventory_new:
 *
 * Returns: (transfer full): an empty #ScDataInventory
 */
ScDataInventory *
sc_data_inventory_new (void)
{
  return g_object_new (SC_TYPE_DATA_INVENTORY, NULL);
}

/**
 * sc_data_inventory_new_default:
 * @registry: the remembered cameras and their credentials
 * @consent: the accepted user agreement and privacy policy
 * @permissions: the privacy toggles
 *
 * An inventory of every category in
 * sc_data_inventory_expected_categories(), in that order; the logs are the
 * process-wide ScLog. Keeps references to the three objects.
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

  g_return_val_if_fail (SC_IS_CAMERA_REGISTRY (registry), NULL);
  g_return_val_if_fail (SC_IS_CONSENT (consent), NULL);
  g_return_val_if_fail (SC_IS_PERMISSIONS (permissions), NULL);

  self = sc_data_inventory_new ();

  cameras = sc_data_category_new ("cameras",
                                  _("Remembered cameras"),
                                  _("The cameras you connected to, so that Spherecam can find them "
                                    "and connect again: their address, name, model, serial number, "
                                    "firmware, Wi-Fi network name and when you last used them. "
                                    "Erasing them also removes their saved passwords."),
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

  return g_steal_pointer (&self);
}

/**
 * sc_data_inventory_register:
 * @self: a #ScDataInventory
 * @category: a category whose id is not registered yet
 *
 * Returns: %TRUE if @category was added; %FALSE (with a critical) if its
 *   id is taken
 */
gboolean
sc_data_inventory_register (ScDataInventory *self,
                            ScDataCategory  *category)
{
  g_return_val_if_fail (SC_IS_DATA_INVENTORY (self), FALSE);
  g_return_val_if_fail (SC_IS_DATA_CATEGORY (category), FALSE);
  g_return_val_if_fail (sc_data_inventory_lookup (self, category->id) == NULL, FALSE);

  g_ptr_array_add (self->categories, g_object_ref (category));
  g_list_model_items_changed (G_LIST_MODEL (self), self->categories->len - 1, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

  return TRUE;
}

/**
 * sc_data_inventory_lookup:
 *
 * Returns: (transfer none) (nullable): the category @id, or %NULL
 */
ScDataCategory *
sc_data_inventory_lookup (ScDataInventory *self,
                          const char      *id)
{
  g_return_val_if_fail (SC_IS_DATA_INVENTORY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->categories->len; i++)
    {
      ScDataCategory *category = g_ptr_array_index (self->categories, i);

      if (g_str_equal (category->id, id))
        return category;
    }

  return NULL;
}

/**
 * sc_data_inventory_to_json:
 *
 * The document sc_data_inventory_export() writes: `format`, `version`,
 * `exported-at` (ISO 8601), `readme` (per category id: `title`,
 * `description`, `fields`: field → meaning) and `categories` (per
 * category id: its data).
 *
 * Returns: (transfer full): everything the app holds about the user
 */
JsonNode *
sc_data_inventory_to_json (ScDataInventory *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *exported_at = NULL;
  JsonObject *root;
  JsonObject *readme;
  JsonObject *categories;

  g_return_val_if_fail (SC_IS_DATA_INVENTORY (self), NULL);

  now = g_date_time_new_now_local ();
  exported_at = g_date_time_format_iso8601 (now);

  root = json_object_new ();
  readme = json_object_new ();
  categories = json_object_new ();

  json_object_set_string_member (root, "format", EXPORT_FORMAT);
  json_object_set_int_member (root, "version", EXPORT_VERSION);
  json_object_set_string_member (root, "exported-at", exported_at);

  for (guint i = 0; i < self->categories->len; i++)
    {
      ScDataCategory *category = g_ptr_array_index (self->categories, i);
      JsonObject *entry = json_object_new ();
      JsonObject *fields = json_object_new ();

      for (guint j = 0; j < category->field_names->len; j++)
        {
          const char *name = g_ptr_array_index (category->field_names, j);

          json_object_set_string_member (fields, name, g_hash_table_lookup (category->fields, name));
        }

      json_object_set_string_member (entry, "title", category->title);
      json_object_set_string_member (entry, "description", category->description);
      json_object_set_object_member (entry, "fields", fields);
      json_object_set_object_member (readme, category->id, entry);

      json_object_set_member (categories, category->id, sc_data_category_export (category));
    }

  json_object_set_object_member (root, "readme", readme);
  json_object_set_object_member (root, "categories", categories);

  return node_from_object (root);
}

/**
 * sc_data_inventory_export:
 * @self: a #ScDataInventory
 * @file: a local file to write
 * @error: return location for a #GError
 *
 * Writes sc_data_inventory_to_json() to @file, replacing it atomically
 * (a temporary file renamed over it) with mode 0600.
 *
 * Returns: %TRUE on success
 */
gboolean
sc_data_inventory_export (ScDataInventory  *self,
                          GFile            *file,
                          GError          **error)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (SC_IS_DATA_INVENTORY (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Your data can only be exported to a file on this computer."));
      return FALSE;
    }

  root = sc_data_inventory_to_json (self);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  contents = json_generator_to_data (generator, &length);

  return g_file_set_contents_full (path, contents, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/**
 * sc_data_inventory_erase:
 * @self: a #ScDataInventory
 * @id: (nullable): the category to erase, or %NULL for every category
 * @error: return location for a #GError
 *
 * Erases one category or all of them. With %NULL, every category is tried
 * even when one fails, and the first failure is returned. Files the user
 * downloaded are not in any category and stay.
 *
 * Returns: %TRUE on success; %G_IO_ERROR_NOT_FOUND for an unknown @id
 */
gboolean
sc_data_inventory_erase (ScDataInventory  *self,
                         const char       *id,
                         GError          **error)
{
  g_autoptr(GError) first_error = NULL;

  g_return_val_if_fail (SC_IS_DATA_INVENTORY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (id != NULL)
    {
      ScDataCategory *category = sc_data_inventory_lookup (self, id);

      if (category == NULL)
        {
          /* Translators: %s is a data category id, such as "cameras". */
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("Spherecam keeps no data of the kind “%s”."), id);
          return FALSE;
        }

      return sc_data_category_erase (category, error);
    }

  for (guint i = 0; i < self->categories->len; i++)
    {
      ScDataCategory *category = g_ptr_array_index (self->categories, i);
      g_autoptr(GError) local_error = NULL;

      if (!sc_data_category_erase (category, &local_error))
        {
          g_debug ("Could not erase %s: %s", category->id, local_error->message);
          if (first_error == NULL)
            first_error = g_steal_pointer (&local_error);
        }
    }

  if (first_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }

  return TRUE;
}
