/* sc-camera-registry-json.c
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

#include "sc-camera-registry.h"
#include "sc-camera-registry-private.h"

/* How ScCameraRegistry keeps things on disk: the private directory, files
 * replaced atomically with mode 0600, unreadable files set aside rather
 * than overwritten, and registry.json to and from a list of
 * ScCameraRecord. credentials.json uses the same file helpers
 * (sc-camera-registry-credentials.c). */

const char *
_sc_camera_registry_directory_path (ScCameraRegistry *self)
{
  return g_file_peek_path (self->directory);
}

char *
_sc_camera_registry_file_path (ScCameraRegistry *self,
                               const char       *name)
{
  return g_build_filename (_sc_camera_registry_directory_path (self), name, NULL);
}

/* The directory holds usernames and maybe passwords: only for the user. */
static gboolean
ensure_directory (ScCameraRegistry  *self,
                  GError           **error)
{
  const char *path = _sc_camera_registry_directory_path (self);
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
gboolean
_sc_camera_registry_write_private_file (ScCameraRegistry  *self,
                                        const char        *name,
                                        const char        *contents,
                                        gsize              length,
                                        GError           **error)
{
  g_autofree char *path = _sc_camera_registry_file_path (self, name);
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
char *
_sc_camera_registry_set_aside (const char  *path,
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
JsonNode *
_sc_camera_registry_read_json_file (ScCameraRegistry  *self,
                                    const char        *name,
                                    GError           **error)
{
  g_autofree char *path = _sc_camera_registry_file_path (self, name);
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

gboolean
_sc_camera_registry_read_optional_string (JsonObject  *object,
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

  if (!_sc_camera_registry_read_optional_string (object, "id", &id) || id == NULL || *id == '\0')
    goto invalid;
  record = sc_camera_record_new (id);

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      const char *value;

      if (!_sc_camera_registry_read_optional_string (object, members[i], &value))
        goto invalid;
      if (value != NULL)
        g_object_set (record, members[i], value, NULL);
    }

  if (!_sc_camera_registry_read_optional_string (object, "last-connected", &date))
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

GPtrArray *
_sc_camera_registry_records_from_json (JsonNode  *root,
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

gboolean
_sc_camera_registry_save_records (ScCameraRegistry  *self,
                                  GPtrArray         *records,
                                  GError           **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  contents = records_to_json (records, &length);

  return _sc_camera_registry_write_private_file (self, REGISTRY_FILE, contents, length, error);
}
