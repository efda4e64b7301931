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
#include "sc-data-inventory-private.h"
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
  "location",
  "usage-statistics",
  NULL
};

/*
 * Categories the privacy issue names that do not exist yet. Nothing holds
 * them, so nothing is registered and the completeness test ignores this
 * list. The change that adds one of these stores MUST move its id to
 * expected_categories[] above and register a provider for it.
 */
static const char * const planned_categories[] = {
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
 *   that no code holds yet (feedback)
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
