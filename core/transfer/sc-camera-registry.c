/* sc-camera-registry.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-camera-registry"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#ifdef HAVE_LIBSECRET
# include <libsecret/secret.h>
#endif

#include "sc-camera-registry.h"

/**
 * ScCameraRegistry:
 *
 * The cameras the user connected to, so the app can offer them again: a
 * #GListModel of #ScCameraRecord, in the order they were first remembered.
 *
 * The list lives in `registry.json` in the directory given to
 * sc_camera_registry_new() (the app passes `$XDG_CONFIG_HOME/spherecam`).
 * Every change is written at once, atomically (a temporary file, fsync'd,
 * renamed over the old one), with mode 0600 in a 0700 directory. A file
 * that cannot be read is never overwritten: it is renamed to
 * `registry.json.corrupt-<time>` and an empty list starts.
 *
 * Passwords never go into `registry.json`. They are kept in the keyring
 * through libsecret when Spherecam was built with it and a Secret Service
 * answers; otherwise (no libsecret, no service on the bus) in
 * `credentials.json` next to it, readable only by the user.
 * #ScCameraRegistry:credentials-backend says which. Passwords are never
 * logged.
 *
 * Owner thread only. The list and credential files are small, so
 * sc_camera_registry_load(), sc_camera_registry_remember() and
 * sc_camera_registry_forget() read and write them synchronously; the
 * keyring is only reached asynchronously.
 */

#define REGISTRY_FILE     "registry.json"
#define CREDENTIALS_FILE  "credentials.json"
#define FORMAT_VERSION    1
#define SECRET_SCHEMA_ID  "org.spherecam.Spherecam.Camera"

struct _ScCameraRegistry
{
  GObject     parent_instance;

  GFile      *directory;
  GPtrArray  *records;
  char       *credentials_backend;
  gboolean    file_backend_chosen;  /* "file" set explicitly: never the keyring */
};

typedef struct
{
  char *id;
  char *username;
  char *password;
} Credentials;

static void sc_camera_registry_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScCameraRegistry, sc_camera_registry, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      sc_camera_registry_list_model_init))

enum {
  PROP_0,
  PROP_DIRECTORY,
  PROP_CREDENTIALS_BACKEND,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Overwrites a string that held a secret before freeing it. */
static void
free_secret (char *secret)
{
  if (secret == NULL)
    return;
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

static void
credentials_free (Credentials *credentials)
{
  g_clear_pointer (&credentials->id, g_free);
  g_clear_pointer (&credentials->username, g_free);
  g_clear_pointer (&credentials->password, free_secret);
  g_free (credentials);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Credentials, credentials_free)

static const char *
directory_path (ScCameraRegistry *self)
{
  return g_file_peek_path (self->directory);
}

static char *
file_path (ScCameraRegistry *self,
           const char       *name)
{
  return g_build_filename (directory_path (self), name, NULL);
}

static gpointer
copy_ref (gconstpointer src,
          gpointer      user_data)
{
  return g_object_ref ((gpointer)src);
}

static GPtrArray *
copy_records (GPtrArray *records)
{
  GPtrArray *copy = g_ptr_array_copy (records, copy_ref, NULL);

  g_ptr_array_set_free_func (copy, g_object_unref);
  return copy;
}

static guint
find_record (ScCameraRegistry *self,
             const char       *id)
{
  for (guint i = 0; i < self->records->len; i++)
    {
      ScCameraRecord *record = g_ptr_array_index (self->records, i);

      if (g_strcmp0 (sc_camera_record_get_id (record), id) == 0)
        return i;
    }

  return G_MAXUINT;
}

/* The directory holds usernames and maybe passwords: only for the user. */
static gboolean
ensure_directory (ScCameraRegistry  *self,
                  GError           **error)
{
  const char *path = directory_path (self);
  GStatBuf st;

  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  if (g_stat (path, &st) == 0 && (st.st_mode & 0077) != 0 && g_chmod (path, 0700) != 0)
    g_debug ("Could not restrict %s to its owner: %s", path, g_strerror (errno));

  return TRUE;
}

/* Atomic replacement (temporary file, fsync, rename), mode 0600. */
static gboolean
write_private_file (ScCameraRegistry  *self,
                    const char        *name,
                    const char        *contents,
                    gsize              length,
                    GError           **error)
{
  g_autofree char *path = file_path (self, name);
  g_autoptr(GError) local_error = NULL;

  if (!ensure_directory (self, error))
    return FALSE;

  if (!g_file_set_contents_full (path, contents, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, G_FILE_ERROR, local_error->code,
                   _("Could not save %s: %s"), path, local_error->message);
      return FALSE;
    }

  /* An older file may have been created with a wider mode by hand; the
   * rename above gave it ours, but make sure. */
  if (g_chmod (path, 0600) != 0)
    g_debug ("Could not restrict %s to its owner: %s", path, g_strerror (errno));

  return TRUE;
}

/* Renames a file we cannot read to NAME.corrupt-<time>, so the next save
 * does not destroy what may still be recovered by hand. */
static char *
set_aside (const char  *path,
           GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");

  for (guint n = 0; n < 100; n++)
    {
      g_autofree char *aside = n == 0 ? g_strdup_printf ("%s.corrupt-%s", path, stamp)
                                      : g_strdup_printf ("%s.corrupt-%s.%u", path, stamp, n);

      if (g_file_test (aside, G_FILE_TEST_EXISTS))
        continue;

      if (g_rename (path, aside) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "rename to %s: %s", aside, g_strerror (saved_errno));
          return NULL;
        }

      return g_steal_pointer (&aside);
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "too many corrupt copies of %s", path);
  return NULL;
}

/* Reads @name into a parsed JSON object; %NULL with no error when the file
 * does not exist. A parse failure is reported as G_IO_ERROR_INVALID_DATA. */
static JsonNode *
read_json_file (ScCameraRegistry  *self,
                const char        *name,
                GError           **error)
{
  g_autofree char *path = file_path (self, name);
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  JsonNode *root;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return NULL;
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                   _("Could not read %s: %s"), path, local_error->message);
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, contents, length, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s", local_error->message);
      if (contents != NULL)
        memset (contents, 0, length);
      return NULL;
    }
  if (contents != NULL)
    memset (contents, 0, length);

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the top level is not a JSON object");
      return NULL;
    }

  return json_node_ref (root);
}

static gboolean
read_optional_string (JsonObject  *object,
                      const char  *member,
                      const char **value)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  *value = json_node_get_string (node);
  return TRUE;
}

static ScCameraRecord *
record_from_json (JsonNode  *node,
                  GError   **error)
{
  static const char *members[] = {
    "uri", "display-name", "model", "serial-number", "firmware-version", "wifi-ssid",
    "username",
  };
  g_autoptr(ScCameraRecord) record = NULL;
  JsonObject *object;
  const char *id = NULL, *date = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    goto invalid;
  object = json_node_get_object (node);

  if (!read_optional_string (object, "id", &id) || id == NULL || *id == '\0')
    goto invalid;
  record = sc_camera_record_new (id);

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      const char *value;

      if (!read_optional_string (object, members[i], &value))
        goto invalid;
      if (value != NULL)
        g_object_set (record, members[i], value, NULL);
    }

  if (!read_optional_string (object, "last-connected", &date))
    goto invalid;
  if (date != NULL)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (date, NULL);

      if (when == NULL)
        goto invalid;
      sc_camera_record_set_last_connected (record, when);
    }

  return g_steal_pointer (&record);

invalid:
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "a camera entry is not an object with a string \"id\" and string fields");
  return NULL;
}

static GPtrArray *
records_from_json (JsonNode  *root,
                   GError   **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *object = json_node_get_object (root);
  JsonNode *cameras = json_object_get_member (object, "cameras");
  JsonArray *array;

  if (cameras == NULL || !JSON_NODE_HOLDS_ARRAY (cameras))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "there is no \"cameras\" array");
      return NULL;
    }

  array = json_node_get_array (cameras);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      ScCameraRecord *record = record_from_json (json_array_get_element (array, i), error);

      if (record == NULL)
        return NULL;

      if (!g_hash_table_add (ids, (gpointer)sc_camera_record_get_id (record)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "the camera \"%s\" is listed twice", sc_camera_record_get_id (record));
          g_object_unref (record);
          return NULL;
        }
      g_ptr_array_add (records, record);
    }

  return g_steal_pointer (&records);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *member,
                   const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static char *
records_to_json (GPtrArray *records,
                 gsize     *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  json_builder_set_member_name (builder, "cameras");
  json_builder_begin_array (builder);

  for (guint i = 0; i < records->len; i++)
    {
      ScCameraRecord *record = g_ptr_array_index (records, i);
      GDateTime *when = sc_camera_record_get_last_connected (record);

      json_builder_begin_object (builder);
      add_string_member (builder, "id", sc_camera_record_get_id (record));
      add_string_member (builder, "uri", sc_camera_record_get_uri (record));
      add_string_member (builder, "display-name", sc_camera_record_get_display_name (record));
      add_string_member (builder, "model", sc_camera_record_get_model (record));
      add_string_member (builder, "serial-number", sc_camera_record_get_serial_number (record));
      add_string_member (builder, "firmware-version",
                         sc_camera_record_get_firmware_version (record));
      add_string_member (builder, "wifi-ssid", sc_camera_record_get_wifi_ssid (record));
      add_string_member (builder, "username", sc_camera_record_get_username (record));
      if (when != NULL)
        {
          g_autofree char *iso = g_date_time_format_iso8601 (when);
          add_string_member (builder, "last-connected", iso);
        }
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, length);
}

static gboolean
save_records (ScCameraRegistry  *self,
              GPtrArray         *records,
              GError           **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  contents = records_to_json (records, &length);

  return write_private_file (self, REGISTRY_FILE, contents, length, error);
}

/* Replaces the list with @records, telling the model's users. */
static void
replace_records (ScCameraRegistry *self,
                 GPtrArray        *records)
{
  guint removed = self->records->len;

  g_ptr_array_unref (self->records);
  self->records = g_ptr_array_ref (records);

  if (removed > 0 || records->len > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, records->len);
      if (removed != records->len)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
}

/* --- Credentials in a file (no keyring) --- */

static JsonObject *
credentials_section (JsonNode *root)
{
  JsonObject *object = json_node_get_object (root);
  JsonNode *section = json_object_get_member (object, "credentials");

  if (section == NULL || !JSON_NODE_HOLDS_OBJECT (section))
    return NULL;

  return json_node_get_object (section);
}

/* The credential file as a mutable tree: {"version":1,"credentials":{}}
 * when there is none yet. A corrupt file is set aside (and kept). */
static JsonNode *
load_credentials_file (ScCameraRegistry  *self,
                       GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(JsonObject) object = NULL;
  JsonNode *root;

  parsed = read_json_file (self, CREDENTIALS_FILE, &local_error);

  if (parsed != NULL && credentials_section (parsed) != NULL)
    return g_steal_pointer (&parsed);

  if (local_error != NULL && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (parsed != NULL || local_error != NULL)
    {
      g_autofree char *path = file_path (self, CREDENTIALS_FILE);
      g_autofree char *aside = NULL;
      g_autoptr(GError) aside_error = NULL;

      aside = set_aside (path, &aside_error);
      if (aside == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The saved camera passwords in %s could not be read."), path);
          return NULL;
        }
      g_warning ("%s could not be read (%s); it was kept as %s and the saved camera "
                 "passwords start empty",
                 path, local_error != NULL ? local_error->message : "no \"credentials\" object",
                 aside);
    }

  object = json_object_new ();
  json_object_set_int_member (object, "version", FORMAT_VERSION);
  json_object_set_object_member (object, "credentials", json_object_new ());
  root = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (root, object);

  return root;
}

static gboolean
save_credentials_file (ScCameraRegistry  *self,
                       JsonNode          *root,
                       GError           **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *contents = NULL;
  gsize length = 0;
  gboolean ret;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  contents = json_generator_to_data (generator, &length);

  ret = write_private_file (self, CREDENTIALS_FILE, contents, length, error);
  memset (contents, 0, length);

  return ret;
}

static gboolean
store_in_file (ScCameraRegistry  *self,
               const char        *id,
               const char        *username,
               const char        *password,
               GError           **error)
{
  g_autoptr(JsonNode) root = load_credentials_file (self, error);
  g_autoptr(JsonObject) entry = NULL;

  if (root == NULL)
    return FALSE;

  entry = json_object_new ();
  if (username != NULL)
    json_object_set_string_member (entry, "username", username);
  json_object_set_string_member (entry, "password", password);
  json_object_set_object_member (credentials_section (root), id, g_steal_pointer (&entry));

  return save_credentials_file (self, root, error);
}

/* Returns %TRUE and fills @credentials (which may stay empty) unless the
 * file cannot be read. */
static gboolean
lookup_in_file (ScCameraRegistry  *self,
                const char        *id,
                Credentials       *credentials,
                GError           **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *section;
  JsonNode *entry;

  if (!g_file_test (g_file_peek_path (self->directory), G_FILE_TEST_IS_DIR))
    return TRUE;

  root = load_credentials_file (self, error);
  if (root == NULL)
    return FALSE;

  section = credentials_section (root);
  entry = json_object_get_member (section, id);
  if (entry != NULL && JSON_NODE_HOLDS_OBJECT (entry))
    {
      JsonObject *object = json_node_get_object (entry);
      const char *username = NULL, *password = NULL;

      if (read_optional_string (object, "username", &username) &&
          read_optional_string (object, "password", &password) && password != NULL)
        {
          credentials->username = g_strdup (username);
          credentials->password = g_strdup (password);
        }
    }

  return TRUE;
}

/* Removes @id's entry; does nothing (successfully) when there is none. */
static gboolean
remove_from_file (ScCameraRegistry  *self,
                  const char        *id,
                  GError           **error)
{
  g_autofree char *path = file_path (self, CREDENTIALS_FILE);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *section;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  root = load_credentials_file (self, error);
  if (root == NULL)
    return FALSE;

  section = credentials_section (root);
  if (!json_object_has_member (section, id))
    return TRUE;

  json_object_remove_member (section, id);
  return save_credentials_file (self, root, error);
}

static void
switch_to_file_backend (ScCameraRegistry *self,
                        const GError     *why)
{
  if (g_strcmp0 (self->credentials_backend, "file") == 0)
    return;

  g_debug ("No usable Secret Service (%s); camera passwords go to %s from now on",
           why->message, CREDENTIALS_FILE);
  g_free (self->credentials_backend);
  self->credentials_backend = g_strdup ("file");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREDENTIALS_BACKEND]);
}

/* --- Credentials in the keyring --- */

#ifdef HAVE_LIBSECRET
static const SecretSchema *
get_secret_schema (void)
{
  static const SecretSchema schema = {
    SECRET_SCHEMA_ID, SECRET_SCHEMA_NONE,
    {
      { "camera-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static GHashTable *
secret_attributes (const char *id,
                   const char *username)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (gpointer)"camera-id", (gpointer)id);
  if (username != NULL)
    g_hash_table_insert (attributes, (gpointer)"username", (gpointer)username);

  return attributes;
}

/* Failures that mean "there is no keyring to talk to", as opposed to
 * "the keyring said no" (a dismissed unlock prompt, for one). */
static gboolean
is_keyring_unavailable (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;

  return error->domain == G_DBUS_ERROR ||
         error->domain == G_IO_ERROR ||
         g_error_matches (error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT);
}

static void
on_secret_cleared_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_clear_finish (result, &error) && error != NULL)
    g_debug ("Could not remove a camera password from the keyring: %s", error->message);
}
#endif

static gboolean
using_keyring (ScCameraRegistry *self)
{
  return g_strcmp0 (self->credentials_backend, "keyring") == 0;
}

/* --- GObject --- */

static GType
sc_camera_registry_get_item_type (GListModel *model)
{
  return SC_TYPE_CAMERA_RECORD;
}

static guint
sc_camera_registry_get_n_items (GListModel *model)
{
  ScCameraRegistry *self = SC_CAMERA_REGISTRY (model);

  return self->records->len;
}

static gpointer
sc_camera_registry_get_item (GListModel *model,
                             guint       position)
{
  ScCameraRegistry *self = SC_CAMERA_REGISTRY (model);

  if (position >= self->records->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->records, position));
}

static void
sc_camera_registry_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = sc_camera_registry_get_item_type;
  iface->get_n_items = sc_camera_registry_get_n_items;
  iface->get_item = sc_camera_registry_get_item;
}

static void
sc_camera_registry_finalize (GObject *object)
{
  ScCameraRegistry *self = (ScCameraRegistry *)object;

  g_clear_object (&self->directory);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->credentials_backend, g_free);

  G_OBJECT_CLASS (sc_camera_registry_parent_class)->finalize (object);
}

static void
sc_camera_registry_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ScCameraRegistry *self = SC_CAMERA_REGISTRY (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_object (value, self->directory);
      break;

    case PROP_CREDENTIALS_BACKEND:
      g_value_set_string (value, self->credentials_backend);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->records->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_camera_registry_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ScCameraRegistry *self = SC_CAMERA_REGISTRY (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      self->directory = g_value_dup_object (value);
      break;

    case PROP_CREDENTIALS_BACKEND:
      sc_camera_registry_set_credentials_backend (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_camera_registry_class_init (ScCameraRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sc_camera_registry_finalize;
  object_class->get_property = sc_camera_registry_get_property;
  object_class->set_property = sc_camera_registry_set_property;

  /**
   * ScCameraRegistry:directory:
   *
   * The folder holding `registry.json` (and `credentials.json` when there
   * is no keyring). A local folder; created, mode 0700, on the first save.
   */
  properties[PROP_DIRECTORY] =
    g_param_spec_object ("directory", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraRegistry:credentials-backend:
   *
   * Where passwords are kept: "keyring" (libsecret) or "file"
   * (`credentials.json`, mode 0600). Detected automatically: "keyring"
   * when Spherecam was built with libsecret, switching to "file" (and
   * notifying) the first time no Secret Service answers. Setting %NULL
   * detects again; setting "keyring" without libsecret gives "file".
   */
  properties[PROP_CREDENTIALS_BACKEND] =
    g_param_spec_string ("credentials-backend", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraRegistry:n-items:
   *
   * The number of cameras remembered, for bindings.
   */
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_camera_registry_init (ScCameraRegistry *self)
{
  self->records = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * sc_camera_registry_new:
 * @directory: a local folder, e.g. `$XDG_CONFIG_HOME/spherecam`; it need
 *   not exist yet
 *
 * Creates an empty registry; call sc_camera_registry_load() to read what
 * was saved. Does not block.
 *
 * Returns: (transfer full): a new #ScCameraRegistry
 */
ScCameraRegistry *
sc_camera_registry_new (GFile *directory)
{
  g_return_val_if_fail (G_IS_FILE (directory), NULL);
  g_return_val_if_fail (g_file_peek_path (directory) != NULL, NULL);

  return g_object_new (SC_TYPE_CAMERA_REGISTRY, "directory", directory, NULL);
}

/**
 * sc_camera_registry_get_directory:
 * @self: a #ScCameraRegistry
 *
 * Returns: (transfer none): the folder the registry is kept in
 */
GFile *
sc_camera_registry_get_directory (ScCameraRegistry *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_REGISTRY (self), NULL);

  return self->directory;
}

/**
 * sc_camera_registry_get_credentials_backend:
 * @self: a #ScCameraRegistry
 *
 * Returns: (transfer none): "keyring" or "file"
 */
const char *
sc_camera_registry_get_credentials_backend (ScCameraRegistry *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_REGISTRY (self), NULL);

  return self->credentials_backend;
}

/**
 * sc_camera_registry_set_credentials_backend:
 * @self: a #ScCameraRegistry
 * @backend: (nullable): "keyring", "file", or %NULL to detect
 *
 * Chooses where passwords are kept from now on; see
 * #ScCameraRegistry:credentials-backend. Tests set "file". Passwords
 * already stored are not moved.
 */
void
sc_camera_registry_set_credentials_backend (ScCameraRegistry *self,
                                            const char       *backend)
{
  const char *effective;

  g_return_if_fail (SC_IS_CAMERA_REGISTRY (self));
  g_return_if_fail (backend == NULL || g_str_equal (backend, "keyring") ||
                    g_str_equal (backend, "file"));

#ifdef HAVE_LIBSECRET
  effective = backend != NULL ? backend : "keyring";
#else
  effective = "file";
#endif
  self->file_backend_chosen = g_strcmp0 (backend, "file") == 0;

  if (g_strcmp0 (self->credentials_backend, effective) == 0)
    return;

  g_free (self->credentials_backend);
  self->credentials_backend = g_strdup (effective);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREDENTIALS_BACKEND]);
}

/**
 * sc_camera_registry_load:
 * @self: a #ScCameraRegistry
 * @error: return location for a #GError
 *
 * Replaces the list with what `registry.json` holds (nothing, if it does
 * not exist). Blocks on a small local read.
 *
 * If the file is not a registry (corrupt, truncated, edited badly), it is
 * renamed to `registry.json.corrupt-<time>` (never deleted), a warning is
 * logged, the list becomes empty, and %FALSE is returned with
 * G_IO_ERROR_INVALID_DATA: the registry is still usable. Other errors
 * (the file cannot be read) leave the list and the file as they were.
 *
 * Returns: %TRUE if the saved list was read
 */
gboolean
sc_camera_registry_load (ScCameraRegistry  *self,
                         GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *path = NULL;
  g_autofree char *aside = NULL;
  g_autoptr(GError) aside_error = NULL;

  g_return_val_if_fail (SC_IS_CAMERA_REGISTRY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  root = read_json_file (self, REGISTRY_FILE, &local_error);
  if (root != NULL)
    records = records_from_json (root, &local_error);
  else if (local_error == NULL)
    records = g_ptr_array_new_with_free_func (g_object_unref);

  if (records != NULL)
    {
      g_debug ("Loaded %u cameras from %s", records->len, directory_path (self));
      replace_records (self, records);
      return TRUE;
    }

  if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  path = file_path (self, REGISTRY_FILE);
  aside = set_aside (path, &aside_error);
  if (aside == NULL)
    {
      g_warning ("%s is not a camera registry (%s) and could not be set aside: %s",
                 path, local_error->message, aside_error->message);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The list of known cameras in %s could not be read."), path);
      return FALSE;
    }

  g_warning ("%s is not a camera registry (%s); it was kept as %s and an empty list starts",
             path, local_error->message, aside);

  records = g_ptr_array_new_with_free_func (g_object_unref);
  replace_records (self, records);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               /* Translators: two file names: the list, and the copy it was kept as */
               _("The list of known cameras in %s could not be read. It was kept as %s "
                 "and a new list was started."),
               path, aside);
  return FALSE;
}

/**
 * sc_camera_registry_remember:
 * @self: a #ScCameraRegistry
 * @record: the camera to remember
 * @error: return location for a #GError
 *
 * Adds @record at the end of the list, or replaces the record with the
 * same id in place, and saves the list. The registry keeps a copy: later
 * changes to @record are not seen until it is remembered again. Blocks on
 * a small local write; on failure nothing changes.
 *
 * Returns: %TRUE if the list was saved
 */
gboolean
sc_camera_registry_remember (ScCameraRegistry  *self,
                             ScCameraRecord    *record,
                             GError           **error)
{
  g_autoptr(GPtrArray) records = NULL;
  ScCameraRecord *copy;
  guint position;

  g_return_val_if_fail (SC_IS_CAMERA_REGISTRY (self), FALSE);
  g_return_val_if_fail (SC_IS_CAMERA_RECORD (record), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  position = find_record (self, sc_camera_record_get_id (record));
  copy = sc_camera_record_copy (record);

  records = copy_records (self->records);
  if (position == G_MAXUINT)
    g_ptr_array_add (records, copy);
  else
    {
      g_object_unref (g_ptr_array_index (records, position));
      g_ptr_array_index (records, position) = copy;
    }

  if (!save_records (self, records, error))
    return FALSE;

  g_ptr_array_unref (self->records);
  self->records = g_steal_pointer (&records);

  if (position == G_MAXUINT)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), self->records->len - 1, 0, 1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  else
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
    }

  return TRUE;
}

/**
 * sc_camera_registry_forget:
 * @self: a #ScCameraRegistry
 * @id: the camera's id
 *
 * Removes everything stored about the camera: its record (the list is
 * saved) and its password, from `credentials.json` at once and from the
 * keyring in the background. Forgetting an unknown camera still removes
 * any password stored for it. Blocks on small local writes.
 *
 * Returns: %TRUE on success
 */
gboolean
sc_camera_registry_forget (ScCameraRegistry  *self,
                           const char        *id,
                           GError           **error)
{
  guint position;

  g_return_val_if_fail (SC_IS_CAMERA_REGISTRY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  position = find_record (self, id);
  if (position != G_MAXUINT)
    {
      g_autoptr(GPtrArray) records = copy_records (self->records);

      g_ptr_array_remove_index (records, position);
      if (!save_records (self, records, error))
        return FALSE;

      g_ptr_array_unref (self->records);
      self->records = g_steal_pointer (&records);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

#ifdef HAVE_LIBSECRET
  /* Also after a switch to the file: a password may have been stored while
   * the keyring answered. Not when the file was chosen explicitly. */
  if (!self->file_backend_chosen)
    {
      g_autoptr(GHashTable) attributes = secret_attributes (id, NULL);

      secret_password_clearv (get_secret_schema (), attributes, NULL,
                              on_secret_cleared_cb, NULL);
    }
#endif

  return remove_from_file (self, id, error);
}

/**
 * sc_camera_registry_lookup:
 * @self: a #ScCameraRegistry
 * @id: the camera's id
 *
 * Returns: (transfer none) (nullable): the registry's record for @id; do
 *   not change it (copy it first)
 */
ScCameraRecord *
sc_camera_registry_lookup (ScCameraRegistry *self,
                           const char       *id)
{
  guint position;

  g_return_val_if_fail (SC_IS_CAMERA_REGISTRY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  position = find_record (self, id);
  if (position == G_MAXUINT)
    return NULL;

  return g_ptr_array_index (self->records, position);
}

#ifdef HAVE_LIBSECRET
static void
on_secret_stored_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScCameraRegistry *self = g_task_get_source_object (task);
  Credentials *credentials = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (secret_password_store_finish (result, &error))
    {
      g_autoptr(GError) file_error = NULL;

      /* No stale copy in the file from a time without keyring. */
      if (!remove_from_file (self, credentials->id, &file_error))
        g_debug ("Could not remove an older password from %s: %s",
                 CREDENTIALS_FILE, file_error->message);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!is_keyring_unavailable (error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, error->domain, error->code,
                                 _("The password for the camera could not be saved in the "
                                   "keyring: %s"), error->message);
      return;
    }

  switch_to_file_backend (self, error);
  g_clear_error (&error);

  if (store_in_file (self, credentials->id, credentials->username, credentials->password, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}
#endif

/**
 * sc_camera_registry_store_password_async:
 * @self: a #ScCameraRegistry
 * @id: the camera's id
 * @username: (nullable): the user name that goes with @password
 * @password: the password
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the password is stored
 * @user_data: closure for @callback
 *
 * Stores the camera's password, replacing an older one: in the keyring,
 * or in `credentials.json` (0600) when #ScCameraRegistry:credentials-backend
 * is "file" or no Secret Service answers. Never in `registry.json`. The
 * callback runs in the caller's thread-default context.
 */
void
sc_camera_registry_store_password_async (ScCameraRegistry    *self,
                                         const char          *id,
                                         const char          *username,
                                         const char          *password,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Credentials *credentials;

  g_return_if_fail (SC_IS_CAMERA_REGISTRY (self));
  g_return_if_fail (id != NULL && *id != '\0');
  g_return_if_fail (password != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_camera_registry_store_password_async);

  credentials = g_new0 (Credentials, 1);
  credentials->id = g_strdup (id);
  credentials->username = g_strdup (username);
  credentials->password = g_strdup (password);
  g_task_set_task_data (task, credentials, (GDestroyNotify)credentials_free);

  if (g_task_return_error_if_cancelled (task))
    return;

#ifdef HAVE_LIBSECRET
  if (using_keyring (self))
    {
      g_autoptr(GHashTable) attributes = secret_attributes (id, username);
      ScCameraRecord *record = sc_camera_registry_lookup (self, id);
      g_autofree char *label =
        /* Translators: the label of a password in the keyring; %s is a camera's name */
        g_strdup_printf (_("Spherecam: password for %s"),
                         record != NULL && sc_camera_record_get_display_name (record) != NULL
                           ? sc_camera_record_get_display_name (record) : id);

      secret_password_storev (get_secret_schema (), attributes, SECRET_COLLECTION_DEFAULT,
                              label, password, cancellable,
                              on_secret_stored_cb, g_steal_pointer (&task));
      return;
    }
#endif

  if (store_in_file (self, id, username, password, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * sc_camera_registry_store_password_finish:
 * @self: a #ScCameraRegistry
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the password was stored
 */
gboolean
sc_camera_registry_store_password_finish (ScCameraRegistry  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (SC_IS_CAMERA_REGISTRY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
return_credentials_from_file (GTask *task)
{
  ScCameraRegistry *self = g_task_get_source_object (task);
  const char *id = g_task_get_task_data (task);
  g_autoptr(Credentials) credentials = g_new0 (Credentials, 1);
  GError *error = NULL;

  if (!lookup_in_file (self, id, credentials, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (credentials->password == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&credentials), (GDestroyNotify)credentials_free);
}

#ifdef HAVE_LIBSECRET
static void
on_secret_looked_up_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScCameraRegistry *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  char *password;

  password = secret_password_lookup_finish (result, &error);

  if (password != NULL)
    {
      Credentials *credentials = g_new0 (Credentials, 1);

      credentials->password = g_strdup (password);
      secret_password_free (password);
      g_task_return_pointer (task, credentials, (GDestroyNotify)credentials_free);
      return;
    }

  if (error != NULL && !is_keyring_unavailable (error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (error != NULL)
    switch_to_file_backend (self, error);

  /* Not in the keyring: maybe stored while there was none. */
  return_credentials_from_file (task);
}
#endif

/**
 * sc_camera_registry_lookup_password_async:
 * @self: a #ScCameraRegistry
 * @id: the camera's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: closure for @callback
 *
 * Looks up the camera's password where sc_camera_registry_store_password_async()
 * put it. The callback runs in the caller's thread-default context.
 */
void
sc_camera_registry_lookup_password_async (ScCameraRegistry    *self,
                                          const char          *id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SC_IS_CAMERA_REGISTRY (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_camera_registry_lookup_password_async);
  g_task_set_task_data (task, g_strdup (id), g_free);

  if (g_task_return_error_if_cancelled (task))
    return;

#ifdef HAVE_LIBSECRET
  if (using_keyring (self))
    {
      g_autoptr(GHashTable) attributes = secret_attributes (id, NULL);

      secret_password_lookupv (get_secret_schema (), attributes, cancellable,
                               on_secret_looked_up_cb, g_steal_pointer (&task));
      return;
    }
#endif

  return_credentials_from_file (task);
}

/**
 * sc_camera_registry_lookup_password_finish:
 * @self: a #ScCameraRegistry
 * @result: the #GAsyncResult given to the callback
 * @username: (out) (optional) (nullable) (transfer full): the user name
 *   stored with the password, else the record's, else %NULL
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the password, or %NULL (and no
 *   error) when none is stored. Clear it from memory when done with it.
 */
char *
sc_camera_registry_lookup_password_finish (ScCameraRegistry  *self,
                                           GAsyncResult      *result,
                                           char             **username,
                                           GError           **error)
{
  g_autoptr(Credentials) credentials = NULL;
  GError *local_error = NULL;
  ScCameraRecord *record;

  g_return_val_if_fail (SC_IS_CAMERA_REGISTRY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (username != NULL)
    *username = NULL;

  credentials = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (credentials == NULL)
    return NULL;

  if (username != NULL)
    {
      record = sc_camera_registry_lookup (self, g_task_get_task_data (G_TASK (result)));
      if (credentials->username != NULL)
        *username = g_steal_pointer (&credentials->username);
      else if (record != NULL)
        *username = g_strdup (sc_camera_record_get_username (record));
    }

  return g_steal_pointer (&credentials->password);
}
