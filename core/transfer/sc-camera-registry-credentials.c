/* sc-camera-registry-credentials.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-camera-registry"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#ifdef HAVE_LIBSECRET
# include <libsecret/secret.h>
#endif

#include "sc-camera-registry.h"
#include "sc-camera-registry-private.h"

/* The cameras' passwords: in the keyring through libsecret, or in
 * credentials.json (mode 0600) when there is no keyring or the "file"
 * backend was chosen; never in registry.json, never in a log. */

#define SECRET_SCHEMA_ID  "org.spherecam.Spherecam.Camera"

typedef struct
{
  char *id;
  char *username;
  char *password;
} Credentials;

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

  parsed = _sc_camera_registry_read_json_file (self, CREDENTIALS_FILE, &local_error);

  if (parsed != NULL && credentials_section (parsed) != NULL)
    return g_steal_pointer (&parsed);

  if (local_error != NULL && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (parsed != NULL || local_error != NULL)
    {
      g_autofree char *path = _sc_camera_registry_file_path (self, CREDENTIALS_FILE);
      g_autofree char *aside = NULL;
      g_autoptr(GError) aside_error = NULL;

      aside = _sc_camera_registry_set_aside (path, &aside_error);
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

  ret = _sc_camera_registry_write_private_file (self, CREDENTIALS_FILE, contents, length, error);
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

      if (_sc_camera_registry_read_optional_string (object, "username", &username) &&
          _sc_camera_registry_read_optional_string (object, "password", &password) &&
          password != NULL)
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
  g_autofree char *path = _sc_camera_registry_file_path (self, CREDENTIALS_FILE);
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
  /* libsecret keeps a reference on the table for as long as its call runs,
   * after the caller's strings may be gone (forget frees the id): the table
   * owns copies of its values. */
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer)"camera-id", g_strdup (id));
  if (username != NULL)
    g_hash_table_insert (attributes, (gpointer)"username", g_strdup (username));

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

static gboolean
using_keyring (ScCameraRegistry *self)
{
  return g_strcmp0 (self->credentials_backend, "keyring") == 0;
}
#endif

/* Removes the camera's password: from `credentials.json` at once and from
 * the keyring in the background. */
gboolean
_sc_camera_registry_forget_password (ScCameraRegistry  *self,
                                     const char        *id,
                                     GError           **error)
{
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

  _sc_camera_registry_switch_to_file_backend (self, error);
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
    _sc_camera_registry_switch_to_file_backend (self, error);

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
