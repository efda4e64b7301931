/* madv-files.c: the MADV emulator's file commands
 *
 * The camera paths under /tmp/SD0 (and the LUT under /tmp/FL0) map to the
 * emulator's storage directory: cd (1283), ls (1282), media info (1026),
 * delete (1281), format (4), and the thumbnails (1025) and file chunks
 * (1285) that go out on the data port, and cancelling them (1287).
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "emu-madv"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "emu-madv-lut.h"
#include "madv-private.h"

/* Files ------------------------------------------------------------------- */

/* The listed entries of a directory: folders ("NAME/") and media. */
static gboolean
listable (const char *dir,
          const char *name,
          gboolean   *is_dir)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  *is_dir = g_file_test (path, G_FILE_TEST_IS_DIR);
  if (name[0] == '.')
    return FALSE;
  return *is_dir || g_str_has_suffix (name, ".JPG") || g_str_has_suffix (name, ".MP4") ||
         g_str_has_suffix (name, ".bin");
}

void
_sc_madv_do_cd (ScMadvClient *client,
                JsonObject   *request)
{
  const char *param = _sc_madv_param_string (request, "param");
  g_autofree char *path = NULL;
  g_autofree char *local = NULL;
  g_autoptr(JsonObject) object = NULL;
  gsize len;

  if (param == NULL || param[0] != '/')
    {
      _sc_madv_reply (client, 1283, -26);
      return;
    }
  path = g_strdup (param);
  len = strlen (path);
  while (len > 1 && path[len - 1] == '/')
    path[--len] = '\0';
  local = sc_madv_local_path (client->emu, path);
  if (local == NULL || !g_file_test (local, G_FILE_TEST_IS_DIR))
    {
      _sc_madv_reply (client, 1283, -26);
      return;
    }

  g_free (client->cwd);
  client->cwd = g_steal_pointer (&path);
  object = _sc_madv_reply_new (1283, 0);
  json_object_set_string_member (object, "pwd", client->cwd);
  _sc_madv_client_send (client, object);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *)a, *(char * const *)b);
}

void
_sc_madv_do_ls (ScMadvClient *client,
                JsonObject   *request)
{
  const char *param = _sc_madv_param_string (request, "param");
  g_autofree char *local = sc_madv_local_path (client->emu, client->cwd);
  g_autoptr(GDir) dir = local != NULL ? g_dir_open (local, 0, NULL) : NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gboolean detailed = param != NULL && strstr (param, "-S") != NULL;
  JsonArray *listing;
  const char *name;

  if (dir == NULL)
    {
      _sc_madv_reply (client, 1282, -26);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  listing = json_array_new ();
  for (guint i = 0; i < names->len; i++)
    {
      const char *entry = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (local, entry, NULL);
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      g_autoptr(GDateTime) mtime = NULL;
      JsonObject *item;
      GStatBuf st;
      gboolean is_dir;

      if (!listable (local, entry, &is_dir) || g_stat (path, &st) != 0)
        continue;
      mtime = g_date_time_new_from_unix_local (st.st_mtime);
      value = g_date_time_format (mtime, "%Y-%m-%d %H:%M:%S");
      if (detailed && !is_dir)
        {
          g_autofree char *date = g_steal_pointer (&value);

          value = g_strdup_printf ("%" G_GINT64_FORMAT " bytes|%s", (gint64)st.st_size, date);
        }
      key = is_dir ? g_strconcat (entry, "/", NULL) : g_strdup (entry);
      item = json_object_new ();
      json_object_set_string_member (item, key, value);
      json_array_add_object_element (listing, item);
    }

  object = _sc_madv_reply_new (1282, 0);
  json_object_set_array_member (object, "listing", listing);
  _sc_madv_client_send (client, object);
}

static char *
existing_file (ScMadvClient *client,
               JsonObject   *request,
               GStatBuf     *st)
{
  g_autofree char *local = sc_madv_local_path (client->emu, _sc_madv_param_string (request, "param"));

  if (local == NULL || g_stat (local, st) != 0 || !S_ISREG (st->st_mode))
    return NULL;
  return g_steal_pointer (&local);
}

void
_sc_madv_do_media_info (ScMadvClient *client,
                        JsonObject   *request)
{
  ScMadvEmu *self = client->emu;
  const char *path = _sc_madv_param_string (request, "param");
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *local = NULL;
  g_autofree char *gyro = NULL;
  ScMadvMedia *media;
  guint8 bytes[36];
  GStatBuf st;

  local = existing_file (client, request, &st);
  if (local == NULL)
    {
      _sc_madv_reply (client, 1026, -26);
      return;
    }

  media = g_hash_table_lookup (self->media, path);
  sc_emu_madv_gyro_to_bytes (self->gyro, bytes);
  gyro = g_malloc (sizeof bytes * 2 + 1);
  for (guint i = 0; i < sizeof bytes; i++)
    g_snprintf (gyro + 2 * i, 3, "%02x", bytes[i]);

  object = _sc_madv_reply_new (1026, 0);
  json_object_set_int_member (object, "size", (gint32)(guint32)st.st_size);
  json_object_set_int_member (object, "duration", media != NULL ? (gint64)(media->duration + 0.5) : 0);
  json_object_set_string_member (object, "media_type",
                                 g_str_has_suffix (path, ".MP4") ? "video" : "photo");
  json_object_set_int_member (object, "scene_type", SC_MADV_SCENE_TYPE);
  json_object_set_string_member (object, "gyro", gyro);
  json_object_set_int_member (object, "res_id", media != NULL ? media->res_id : 0);
  _sc_madv_client_send (client, object);
}

void
_sc_madv_do_delete (ScMadvClient *client,
                    JsonObject   *request)
{
  g_autofree char *local = NULL;
  GStatBuf st;

  local = existing_file (client, request, &st);
  if (local == NULL || g_str_has_prefix (_sc_madv_param_string (request, "param"), "/tmp/FL0"))
    {
      _sc_madv_reply (client, 1281, -26);
      return;
    }
  if (g_unlink (local) != 0)
    {
      _sc_madv_reply (client, 1281, -14);
      return;
    }
  g_hash_table_remove (client->emu->media, _sc_madv_param_string (request, "param"));
  _sc_madv_reply (client, 1281, 0);
}

void
_sc_madv_do_format (ScMadvClient *client,
                    JsonObject   *request)
{
  ScMadvEmu *self = client->emu;
  g_autofree char *dcim = g_build_filename (self->sd_dir, "DCIM", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (dcim);
  g_autoptr(GError) error = NULL;
  const char *drive = _sc_madv_param_string (request, "param");

  if (drive == NULL || g_ascii_strcasecmp (drive, "c") != 0)
    {
      _sc_madv_reply (client, 4, -14);
      return;
    }
  if (self->recorder != NULL || self->busy)
    {
      _sc_madv_reply (client, 4, -21);
      return;
    }

  /* Remove DCIM's contents (GIO has no recursive delete). */
  {
    g_autofree char *argv_dir = g_shell_quote (dcim);
    g_autofree char *command = g_strdup_printf ("rm -rf %s", argv_dir);

    if (!g_spawn_command_line_sync (command, NULL, NULL, NULL, &error) || g_mkdir_with_parents (dcim, 0755) != 0)
      {
        g_warning ("Format failed: %s", error != NULL ? error->message : "mkdir");
        _sc_madv_reply (client, 4, -14);
        return;
      }
  }
  g_hash_table_remove_all (self->media);
  g_message ("SD card formatted");
  _sc_madv_reply (client, 4, 0);
}

static gboolean
data_port_ready (ScMadvClient *client,
                 int           msg_id)
{
  ScMadvEmu *self = client->emu;

  if (self->client_ip == NULL || self->data_conn == NULL || self->transferring)
    {
      _sc_madv_reply (client, msg_id, self->transferring ? -21 : -14);
      return FALSE;
    }
  return TRUE;
}

void
_sc_madv_do_thumb (ScMadvClient *client,
                   JsonObject   *request)
{
  ScMadvEmu *self = client->emu;
  const char *path = _sc_madv_param_string (request, "param");
  const char *type = _sc_madv_param_string (request, "type");
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *md5 = NULL;
  g_autofree char *local = NULL;
  ScMadvMedia *media;
  GStatBuf st;

  local = existing_file (client, request, &st);
  media = path != NULL ? g_hash_table_lookup (self->media, path) : NULL;
  if (local == NULL || media == NULL || media->thumbnail == NULL)
    {
      _sc_madv_reply (client, 1025, -26);
      return;
    }
  if (type != NULL && !g_str_equal (type, "thumb"))
    {
      _sc_madv_reply (client, 1025, -14);
      return;
    }
  if (!data_port_ready (client, 1025))
    return;

  md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, media->thumbnail);
  object = _sc_madv_reply_new (1025, 0);
  json_object_set_int_member (object, "size", (gint64)g_bytes_get_size (media->thumbnail));
  json_object_set_string_member (object, "md5sum", md5);
  json_object_set_string_member (object, "type", "thumb");
  _sc_madv_client_send (client, object);
  _sc_madv_send_data (client, media->thumbnail);
}

void
_sc_madv_do_get_file (ScMadvClient *client,
                      JsonObject   *request)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) all = NULL;
  g_autoptr(GBytes) chunk = NULL;
  g_autofree char *local = NULL;
  gint64 offset = 0, fetch = 0;
  gsize size, length;
  GStatBuf st;

  local = existing_file (client, request, &st);
  if (local == NULL)
    {
      _sc_madv_reply (client, 1285, -26);
      return;
    }
  if (!_sc_madv_param_int (request, "offset", &offset))
    offset = 0;
  if (!_sc_madv_param_int (request, "fetch_size", &fetch) || fetch <= 0)
    fetch = G_MAXINT32;
  if (!data_port_ready (client, 1285))
    return;

  mapped = g_mapped_file_new (local, FALSE, NULL);
  if (mapped == NULL)
    {
      _sc_madv_reply (client, 1285, -26);
      return;
    }
  all = g_mapped_file_get_bytes (mapped);
  size = g_bytes_get_size (all);
  if (offset < 0 || (gsize)offset > size)
    {
      _sc_madv_reply (client, 1285, -14);
      return;
    }
  length = MIN ((gsize)fetch, size - (gsize)offset);
  chunk = g_bytes_new_from_bytes (all, (gsize)offset, length);

  object = _sc_madv_reply_new (1285, 0);
  json_object_set_int_member (object, "rem_size", (gint32)(guint32)(size - (gsize)offset - length));
  json_object_set_int_member (object, "size", (gint32)(guint32)size);
  _sc_madv_client_send (client, object);
  _sc_madv_send_data (client, chunk);
}

void
_sc_madv_do_cancel (ScMadvClient *client)
{
  ScMadvEmu *self = client->emu;
  g_autoptr(JsonObject) object = _sc_madv_reply_new (1287, 0);

  json_object_set_int_member (object, "transferred_size", (gint64)self->transfer_sent);
  if (self->transferring && self->data_cancellable != NULL)
    {
      /* Cancelling a write leaves the data stream out of step: start over.
       * (Only a write still going on the current connection: a client that
       * already opened a new one has dropped the old transfer.) */
      _sc_madv_close_data (self);
      self->data_generation++;
      self->transferring = FALSE;
    }
  _sc_madv_client_send (client, object);
}
