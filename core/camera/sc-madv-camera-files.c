/* sc-madv-camera-files.c: the Mi Sphere's files — their addresses,
 * listing (with thumbnails) and deleting
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-madv-camera"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-camera-private.h"
#include "sc-madv-camera-private.h"

#define MAX_FOLDERS        256
#define MAX_FILES          10000

/* ------------------------------------------------------------------ */
/* Files and their addresses                                           */

static gboolean
is_companion (const char *name)
{
  gsize len = strlen (name);

  /* VID_…AB.MP4: the low-resolution copy of VID_…AA.MP4 */
  return len > 6 && g_ascii_strcasecmp (name + len - 6, "AB.MP4") == 0;
}

static ScCameraFileType
type_for_name (const char *name)
{
  if (g_str_has_suffix (name, ".JPG") || g_str_has_suffix (name, ".jpg") ||
      g_str_has_suffix (name, ".DNG") || g_str_has_suffix (name, ".dng"))
    return SC_CAMERA_FILE_TYPE_IMAGE;
  if (g_str_has_suffix (name, ".MP4") || g_str_has_suffix (name, ".mp4"))
    return SC_CAMERA_FILE_TYPE_VIDEO;
  return SC_CAMERA_FILE_TYPE_ALL;
}

/* IMG_20240501_120005.JPG, VID_20240501_113000AA.MP4: camera local time */
static GDateTime *
date_time_from_name (const char *name)
{
  const char *p = strchr (name, '_');
  int y, mo, d, h, mi, s;

  if (p == NULL || sscanf (p + 1, "%4d%2d%2d_%2d%2d%2d", &y, &mo, &d, &h, &mi, &s) != 6)
    return NULL;

  return g_date_time_new_local (y, mo, d, h, mi, s);
}

/**
 * _sc_madv_camera_file_new:
 * @self: the camera
 * @path: a camera path under /tmp/SD0/DCIM
 * @size: its size, 0 if unknown
 *
 * Returns: (transfer full) (nullable): the file, its URI the HTTP address
 *   the camera serves it at
 */
ScCameraFile *
_sc_madv_camera_file_new (ScMadvCamera *self,
                          const char   *path,
                          guint64       size)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *escaped = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *host = NULL;
  g_autoptr(GDateTime) date_time = NULL;
  ScCameraFileType type = type_for_name (name);
  ScCameraFile *file;

  if (!g_str_has_prefix (path, SC_MADV_DCIM_PATH "/") || type == SC_CAMERA_FILE_TYPE_ALL)
    return NULL;

  escaped = g_uri_escape_string (path + strlen (SC_MADV_DCIM_PATH), "/", FALSE);
  host = strchr (self->host, ':') != NULL ? g_strdup_printf ("[%s]", self->host)
                                          : g_strdup (self->host);
  uri = g_strdup_printf ("http://%s:%u%s", host, self->http_port, escaped);

  file = sc_camera_file_new (name, uri, type, size);
  sc_camera_file_set_projection (file, "Dual-Fisheye");
  date_time = date_time_from_name (name);
  if (date_time != NULL)
    sc_camera_file_set_date_time (file, date_time);

  return file;
}

/**
 * _sc_madv_camera_path_from_uri:
 * @self: the camera
 * @uri: a file's URI (its HTTP address on this camera)
 *
 * Returns: (transfer full) (nullable): the camera path, or %NULL when @uri
 *   is not a file of this camera
 */
char *
_sc_madv_camera_path_from_uri (ScMadvCamera *self,
                               const char   *uri)
{
  g_autoptr(GUri) parsed = NULL;
  g_autofree char *path = NULL;

  if (uri == NULL)
    return NULL;

  /* Camera paths are accepted as they are. */
  if (g_str_has_prefix (uri, SC_MADV_DCIM_PATH "/"))
    return _sc_madv_path_from_rtos (uri);

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  if (parsed == NULL || g_strcmp0 (g_uri_get_scheme (parsed), "http") != 0 ||
      g_strcmp0 (g_uri_get_host (parsed), self->host) != 0 ||
      g_uri_get_port (parsed) != self->http_port)
    return NULL;

  path = g_strconcat (SC_MADV_DCIM_PATH, g_uri_get_path (parsed), NULL);
  return _sc_madv_path_from_rtos (path);
}

/* ------------------------------------------------------------------ */
/* list_files: CD + LS of DCIM, then of each date folder, then 1026     */

typedef enum
{
  LIST_ROOT,
  LIST_FOLDER,
  LIST_INFO,
} ListStage;

typedef struct
{
  ScCameraFileType  type;
  guint             max_entries;
  gboolean          with_thumbnails;
  ListStage         stage;
  GQueue            folders;     /* char *, camera paths without the trailing / */
  char             *folder;      /* being listed */
  GPtrArray        *paths;       /* char *, the files kept */
  GPtrArray        *files;       /* ScCameraFile */
  guint             index;       /* next 1026 */
} ListData;

static void
list_data_free (ListData *data)
{
  g_queue_clear_full (&data->folders, g_free);
  g_free (data->folder);
  g_clear_pointer (&data->paths, g_ptr_array_unref);
  g_clear_pointer (&data->files, g_ptr_array_unref);
  g_free (data);
}

static void list_step (GTask *task);

static gboolean
valid_entry_name (const char *name)
{
  return *name != '\0' && *name != '.' && strchr (name, '/') == NULL &&
         strchr (name, '\\') == NULL && strlen (name) < 128;
}

/* Each entry of "listing" is {"NAME": "…"} (or, leniently, "NAME"). */
static void
collect_listing (GTask      *task,
                 JsonObject *reply)
{
  ListData *data = g_task_get_task_data (task);
  JsonNode *node = json_object_get_member (reply, "listing");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *name = NULL;
      gsize len;

      if (JSON_NODE_HOLDS_OBJECT (element))
        {
          g_autoptr(GList) members = json_object_get_members (json_node_get_object (element));

          if (members == NULL)
            continue;
          name = g_strdup (members->data);
        }
      else if (JSON_NODE_HOLDS_VALUE (element) &&
               json_node_get_value_type (element) == G_TYPE_STRING)
        name = g_strdup (json_node_get_string (element));
      else
        continue;

      len = strlen (name);
      if (data->stage == LIST_ROOT)
        {
          if (len < 2 || name[len - 1] != '/' || g_queue_get_length (&data->folders) >= MAX_FOLDERS)
            continue;
          name[len - 1] = '\0';
          if (valid_entry_name (name))
            g_queue_push_tail (&data->folders,
                               g_strconcat (SC_MADV_DCIM_PATH "/", name, NULL));
        }
      else
        {
          ScCameraFileType type;

          if (!valid_entry_name (name) || is_companion (name) || data->paths->len >= MAX_FILES)
            continue;
          type = type_for_name (name);
          if (type == SC_CAMERA_FILE_TYPE_ALL ||
              (data->type != SC_CAMERA_FILE_TYPE_ALL && data->type != type))
            continue;
          g_ptr_array_add (data->paths, g_strconcat (data->folder, "/", name, NULL));
        }
    }
}

static void
on_list_ls_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) reply = NULL;
  GError *error = NULL;

  reply = sc_madv_client_request_finish (SC_MADV_CLIENT (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  collect_listing (task, reply);
  list_step (g_steal_pointer (&task));
}

static void
on_list_cd_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable;
  g_autoptr(JsonObject) reply = NULL;
  GError *error = NULL;

  reply = sc_madv_client_request_finish (SC_MADV_CLIENT (object), result, &error);
  if (reply == NULL)
    {
      ListData *data = g_task_get_task_data (task);

      /* A folder that went away meanwhile is skipped; no DCIM at all
       * (a fresh card) is an empty listing. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
          data->stage == LIST_FOLDER)
        {
          g_debug ("Cannot open %s: %s", data->folder, error->message);
          g_clear_error (&error);
          if (data->stage == LIST_ROOT)
            data->stage = LIST_FOLDER;
          list_step (g_steal_pointer (&task));
          return;
        }
      g_task_return_error (task, error);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  sc_madv_client_request_async (SC_MADV_CLIENT (object), SC_MADV_MSG_LS, NULL, 0,
                                cancellable, on_list_ls_cb, g_steal_pointer (&task));
}

static void
on_list_thumbnail_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) thumbnail = NULL;
  g_autoptr(GError) error = NULL;

  thumbnail = sc_madv_client_get_thumbnail_finish (SC_MADV_CLIENT (object), result, &error);
  if (thumbnail == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      /* A missing thumbnail does not spoil the listing. */
      g_debug ("No thumbnail for %s: %s", (char *)g_ptr_array_index (data->paths, data->index),
               error->message);
    }
  else if (data->files->len > 0)
    sc_camera_file_set_thumbnail (g_ptr_array_index (data->files, data->files->len - 1), thumbnail);

  data->index++;
  list_step (g_steal_pointer (&task));
}

/* Photos: 1025 "thumb" over the data port, once the LUT is not being
 * fetched. */
static void
list_fetch_thumbnail (GTask *task)
{
  ScMadvCamera *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);

  if (self->client == NULL)
    {
      data->index++;
      list_step (task);
      return;
    }

  sc_madv_client_get_thumbnail_async (self->client, g_ptr_array_index (data->paths, data->index), "thumb",
                                      g_task_get_cancellable (task), on_list_thumbnail_cb, task);
}

static void
on_list_info_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScMadvCamera *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *path = g_ptr_array_index (data->paths, data->index);
  ScCameraFile *file;
  guint64 size = 0;

  reply = sc_madv_client_request_finish (SC_MADV_CLIENT (object), result, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("No media info for %s: %s", path, error->message);
    }
  else
    {
      JsonNode *node = json_object_get_member (reply, "size");

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_INT64)
        size = sc_madv_size_from_json (json_node_get_int (node));
    }

  file = _sc_madv_camera_file_new (self, path, size);
  if (file != NULL)
    g_ptr_array_add (data->files, file);

  /* Photos: 1025 "thumb" over the data port. Videos have none yet (their
   * thumbnail is an H.264 IDR frame of the AB companion to decode). */
  if (file != NULL && data->with_thumbnails && self->client != NULL &&
      sc_camera_file_get_file_type (file) == SC_CAMERA_FILE_TYPE_IMAGE)
    {
      _sc_madv_camera_when_data_port_free (self, g_steal_pointer (&task), list_fetch_thumbnail);
      return;
    }

  data->index++;
  list_step (g_steal_pointer (&task));
}

static int
compare_paths_newest_first (gconstpointer a,
                            gconstpointer b)
{
  g_autofree char *name_a = g_path_get_basename (*(const char * const *)a);
  g_autofree char *name_b = g_path_get_basename (*(const char * const *)b);
  const char *date_a = strchr (name_a, '_');
  const char *date_b = strchr (name_b, '_');

  /* By the date in the name, whatever the prefix. */
  return -g_strcmp0 (date_a != NULL ? date_a : name_a, date_b != NULL ? date_b : name_b);
}

static void
list_step (GTask *task)
{
  ScMadvCamera *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (self->client == NULL)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                               _("The camera is not connected. Connect to it first."));
      g_object_unref (task);
      return;
    }

  if (data->stage == LIST_ROOT && data->folder == NULL)
    {
      /* First: the root. */
      data->folder = g_strdup (SC_MADV_DCIM_PATH);
      _sc_madv_camera_request (self, SC_MADV_MSG_CD, SC_MADV_DCIM_PATH "/", 0, cancellable,
                               on_list_cd_cb, task);
      return;
    }

  if (data->stage == LIST_ROOT || data->stage == LIST_FOLDER)
    {
      g_autofree char *folder = NULL;

      /* The root was listed: now its folders, one by one. */
      data->stage = LIST_FOLDER;
      folder = g_queue_pop_head (&data->folders);
      if (folder != NULL)
        {
          g_autofree char *param = g_strconcat (folder, "/", NULL);

          g_free (data->folder);
          data->folder = g_steal_pointer (&folder);
          _sc_madv_camera_request (self, SC_MADV_MSG_CD, param, 0, cancellable,
                                   on_list_cd_cb, task);
          return;
        }

      /* Every folder listed: newest first, then their sizes. */
      g_ptr_array_sort (data->paths, compare_paths_newest_first);
      if (data->max_entries > 0 && data->paths->len > data->max_entries)
        g_ptr_array_set_size (data->paths, data->max_entries);
      data->stage = LIST_INFO;
      data->index = 0;
    }

  if (data->index < data->paths->len)
    {
      _sc_madv_camera_request (self, SC_MADV_MSG_GET_MEDIA_INFO,
                               g_ptr_array_index (data->paths, data->index), 0, cancellable,
                               on_list_info_cb, task);
      return;
    }

  g_task_return_pointer (task, g_ptr_array_ref (data->files), (GDestroyNotify)g_ptr_array_unref);
  g_object_unref (task);
}

static void
sc_madv_camera_list_files_async (ScCamera            *camera,
                                 ScCameraFileType     type,
                                 guint                max_entries,
                                 gboolean             with_thumbnails,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  ListData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_madv_camera_list_files_async);
  data = g_new0 (ListData, 1);
  data->type = type;
  data->max_entries = max_entries;
  data->with_thumbnails = with_thumbnails;
  data->stage = LIST_ROOT;
  g_queue_init (&data->folders);
  data->paths = g_ptr_array_new_with_free_func (g_free);
  data->files = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, data, (GDestroyNotify)list_data_free);

  if (!_sc_madv_camera_check_connected (self, task))
    return;

  list_step (g_steal_pointer (&task));
}

static GPtrArray *
sc_madv_camera_list_files_finish (ScCamera      *camera,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* delete_files: 1281, then the AB companion of a video                */

typedef struct
{
  GPtrArray *paths;   /* char *: with companions, in order */
  GArray    *optional; /* gboolean per path: a companion's failure is ignored */
  guint      index;
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_clear_pointer (&data->paths, g_ptr_array_unref);
  g_clear_pointer (&data->optional, g_array_unref);
  g_free (data);
}

static void delete_next (GTask *task);

static void
on_delete_reply_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeleteData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) reply = NULL;
  GError *error = NULL;

  reply = sc_madv_client_request_finish (SC_MADV_CLIENT (object), result, &error);
  if (reply == NULL)
    {
      if (!g_array_index (data->optional, gboolean, data->index))
        {
          g_task_return_error (task, error);
          return;
        }
      g_debug ("Companion not deleted: %s", error->message);
      g_clear_error (&error);
    }

  data->index++;
  delete_next (g_steal_pointer (&task));
}

static void
delete_next (GTask *task)
{
  ScMadvCamera *self = g_task_get_source_object (task);
  DeleteData *data = g_task_get_task_data (task);

  if (data->index >= data->paths->len)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  if (self->client == NULL)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                               _("The camera is not connected. Connect to it first."));
      g_object_unref (task);
      return;
    }

  _sc_madv_camera_request (self, SC_MADV_MSG_DELETE_FILE,
                           g_ptr_array_index (data->paths, data->index), 0,
                           g_task_get_cancellable (task), on_delete_reply_cb, task);
}

static void
sc_madv_camera_delete_files_async (ScCamera            *camera,
                                   const char * const  *uris,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  DeleteData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_madv_camera_delete_files_async);
  data = g_new0 (DeleteData, 1);
  data->paths = g_ptr_array_new_with_free_func (g_free);
  data->optional = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_task_set_task_data (task, data, (GDestroyNotify)delete_data_free);

  if (!_sc_madv_camera_check_connected (self, task))
    return;

  /* Every address is checked before anything is deleted. */
  for (guint i = 0; uris != NULL && uris[i] != NULL; i++)
    {
      g_autofree char *path = _sc_madv_camera_path_from_uri (self, uris[i]);
      gboolean no = FALSE, yes = TRUE;
      gsize len;

      if (path == NULL || type_for_name (path) == SC_CAMERA_FILE_TYPE_ALL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                   _("“%s” is not a file on this camera. Refresh the list of "
                                     "files, then try again."), uris[i]);
          return;
        }

      len = strlen (path);
      g_ptr_array_add (data->paths, g_strdup (path));
      g_array_append_val (data->optional, no);

      if (len > 6 && g_ascii_strcasecmp (path + len - 6, "AA.MP4") == 0)
        {
          char *companion = g_strdup (path);

          companion[len - 5] = path[len - 5] == 'a' ? 'b' : 'B';
          g_ptr_array_add (data->paths, companion);
          g_array_append_val (data->optional, yes);
        }
    }

  delete_next (g_steal_pointer (&task));
}

static gboolean
sc_madv_camera_delete_files_finish (ScCamera      *camera,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * _sc_madv_camera_files_iface_init:
 * @iface: the #ScCameraInterface being filled
 *
 * Installs the file vfuncs of this file.
 */
void
_sc_madv_camera_files_iface_init (ScCameraInterface *iface)
{
  iface->list_files_async = sc_madv_camera_list_files_async;
  iface->list_files_finish = sc_madv_camera_list_files_finish;
  iface->delete_files_async = sc_madv_camera_delete_files_async;
  iface->delete_files_finish = sc_madv_camera_delete_files_finish;
  iface->download_async = _sc_madv_camera_download_async;
  iface->download_finish = _sc_madv_camera_download_finish;
}
