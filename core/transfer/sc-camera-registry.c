/* sc-camera-registry.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-camera-registry"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sc-camera-registry.h"
#include "sc-camera-registry-private.h"
#include "sc-madv-camera-private.h"

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
 *
 * This file has the object and its list; sc-camera-registry-json.c reads
 * and writes the files; sc-camera-registry-credentials.c keeps the
 * passwords.
 */

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

void
_sc_camera_registry_switch_to_file_backend (ScCameraRegistry *self,
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

  root = _sc_camera_registry_read_json_file (self, REGISTRY_FILE, &local_error);
  if (root != NULL)
    records = _sc_camera_registry_records_from_json (root, &local_error);
  else if (local_error == NULL)
    records = g_ptr_array_new_with_free_func (g_object_unref);

  if (records != NULL)
    {
      g_debug ("Loaded %u cameras from %s", records->len,
               _sc_camera_registry_directory_path (self));
      replace_records (self, records);
      return TRUE;
    }

  if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  path = _sc_camera_registry_file_path (self, REGISTRY_FILE);
  aside = _sc_camera_registry_set_aside (path, &aside_error);
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

  if (!_sc_camera_registry_save_records (self, records, error))
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
      if (!_sc_camera_registry_save_records (self, records, error))
        return FALSE;

      g_ptr_array_unref (self->records);
      self->records = g_steal_pointer (&records);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

  /* A Mi Sphere's pinned HTTPS certificate and cached lens LUT (whose
   * file name holds the serial) go with the camera */
  if (g_str_has_prefix (id, "madv:"))
    {
      g_autofree char *pins = g_build_filename (g_file_peek_path (self->directory), "pins", NULL);

      if (!sc_madv_camera_forget_pin (pins, id + strlen ("madv:"), error) ||
          !sc_madv_camera_forget_lut (NULL, id + strlen ("madv:"), error))
        return FALSE;
    }

  return _sc_camera_registry_forget_password (self, id, error);
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
