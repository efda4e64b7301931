/* sc-osc-camera-files.c: files — listing, deleting, downloading, and the
 * ScCameraFile descriptions built from what the camera says
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-osc-camera"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-camera-download-job-private.h"
#include "sc-download.h"
#include "sc-osc-camera-private.h"

/* Thumbnails make big replies (Ricoh even limits them per call): small
 * pages then. */
#define LIST_PAGE_THUMBNAILS   10
#define LIST_PAGE_PLAIN        100
#define LIST_MAX_PAGES         10000
#define DELETE_BATCH           128
#define MAX_THUMBNAIL_BYTES    (4 * 1024 * 1024)
#define MAX_DIMENSION          200000

/* ------------------------------------------------------------------ */
/* Files                                                               */

static ScCameraFileType
type_from_name (const char       *name,
                ScCameraFileType  fallback)
{
  static const char * const images[] = { "jpg", "jpeg", "dng", "png", "heic", "insp", "tif", "tiff" };
  static const char * const videos[] = { "mp4", "mov", "insv", "avi", "mkv", "m4v", "360" };
  const char *dot = name != NULL ? strrchr (name, '.') : NULL;

  if (dot != NULL && strchr (dot, '/') == NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (images); i++)
        if (g_ascii_strcasecmp (dot + 1, images[i]) == 0)
          return SC_CAMERA_FILE_TYPE_IMAGE;
      for (guint i = 0; i < G_N_ELEMENTS (videos); i++)
        if (g_ascii_strcasecmp (dot + 1, videos[i]) == 0)
          return SC_CAMERA_FILE_TYPE_VIDEO;
    }

  return fallback == SC_CAMERA_FILE_TYPE_VIDEO ? SC_CAMERA_FILE_TYPE_VIDEO
                                               : SC_CAMERA_FILE_TYPE_IMAGE;
}

/* The last path segment of a URL, unescaped, as a file name. */
static char *
name_from_url (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  const char *path = uri != NULL ? g_uri_get_path (uri) : url;
  const char *slash;
  g_autofree char *unescaped = NULL;

  if (path == NULL)
    return NULL;

  slash = strrchr (path, '/');
  unescaped = g_uri_unescape_string (slash != NULL ? slash + 1 : path, NULL);
  if (unescaped == NULL || *unescaped == '\0' || !g_utf8_validate (unescaped, -1, NULL))
    return NULL;

  return g_steal_pointer (&unescaped);
}

static char *
clean_name (const char *name)
{
  g_autofree char *valid = NULL;

  if (name == NULL || *name == '\0')
    return NULL;

  valid = g_utf8_make_valid (name, MIN (strlen (name), 255));
  g_strdelimit (valid, "\r\n\t", ' ');
  return g_steal_pointer (&valid);
}

/**
 * _sc_osc_camera_file_new_from_url:
 * @self: the camera
 * @url: a fileUrl the camera sent
 * @fallback_type: the type when the extension does not tell
 *
 * Returns: (transfer full) (nullable): a file description, or %NULL when
 *   @url is unusable
 */
ScCameraFile *
_sc_osc_camera_file_new_from_url (ScOscCamera      *self,
                                  const char       *url,
                                  ScCameraFileType  fallback_type)
{
  g_autofree char *name = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *resolved = NULL;

  if (url == NULL || *url == '\0' || !g_utf8_validate (url, -1, NULL))
    return NULL;

  resolved = _sc_osc_camera_resolve (self, url);
  if (resolved == NULL)
    {
      g_debug ("Ignoring an unusable file URL from the camera: %s", url);
      return NULL;
    }

  name = name_from_url (url);
  clean = clean_name (name);
  if (clean == NULL)
    return NULL;

  return sc_camera_file_new (clean, url, type_from_name (clean, fallback_type), 0);
}

/**
 * _sc_osc_parse_date_time:
 * @text: "YYYY:MM:DD hh:mm:ss" plus "±hh:mm" when @has_zone
 * @has_zone: whether a UTC offset follows
 *
 * Returns: (transfer full) (nullable): the time (local time when there is
 *   no zone), or %NULL if @text is not one
 */
GDateTime *
_sc_osc_parse_date_time (const char *text,
                         gboolean    has_zone)
{
  int year, month, day, hour, minute, second, zh = 0, zm = 0, consumed = 0;
  char sign = '+';
  g_autoptr(GTimeZone) zone = NULL;

  if (text == NULL)
    return NULL;

  if (sscanf (text, "%4d:%2d:%2d %2d:%2d:%2d%n", &year, &month, &day,
              &hour, &minute, &second, &consumed) != 6)
    return NULL;

  if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 ||
      hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60)
    return NULL;

  text += consumed;
  if (has_zone && *text != '\0')
    {
      g_autofree char *identifier = NULL;

      if (sscanf (text, "%c%2d:%2d", &sign, &zh, &zm) != 3 || (sign != '+' && sign != '-') ||
          zh < 0 || zh > 14 || zm < 0 || zm > 59)
        {
          if (g_ascii_strcasecmp (text, "Z") == 0)
            zone = g_time_zone_new_utc ();
          else
            return NULL;
        }
      else
        {
          identifier = g_strdup_printf ("%c%02d:%02d", sign, zh, zm);
          zone = g_time_zone_new_identifier (identifier);
        }
    }

  if (zone == NULL)
    zone = g_time_zone_new_local ();

  return g_date_time_new (zone, year, month, day, hour, minute, MIN (second, 59));
}

/**
 * _sc_osc_decode_thumbnail:
 * @base64: what the camera sent as "thumbnail"
 *
 * Returns: (transfer full) (nullable): the JPEG, or %NULL when it is not
 *   valid base64 of a JPEG (never an error: thumbnails are optional)
 */
GBytes *
_sc_osc_decode_thumbnail (const char *base64)
{
  g_autofree char *compact = NULL;
  const char *comma;
  guchar *data;
  gsize length = 0, n = 0;

  if (base64 == NULL)
    return NULL;

  if (g_str_has_prefix (base64, "data:") && (comma = strchr (base64, ',')) != NULL)
    base64 = comma + 1;

  length = strlen (base64);
  if (length == 0 || length > MAX_THUMBNAIL_BYTES / 3 * 4 + 16)
    return NULL;

  compact = g_malloc (length + 1);
  for (const char *p = base64; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '+' || *p == '/' || *p == '=')
        compact[n++] = *p;
      else if (*p == '\r' || *p == '\n' || *p == ' ')
        continue;
      else
        return NULL;
    }
  compact[n] = '\0';

  if (n % 4 != 0)
    return NULL;

  data = g_base64_decode (compact, &length);
  if (data == NULL || length < 4 || data[0] != 0xFF || data[1] != 0xD8)
    {
      g_free (data);
      return NULL;
    }

  return g_bytes_new_take (data, length);
}

/**
 * _sc_osc_camera_file_new_from_entry:
 * @self: the camera
 * @entry: one camera.listFiles entry
 * @fallback_type: the type when the extension does not tell
 *
 * Reads what the entry offers, liberally: missing members stay unknown,
 * numbers may come as strings, a broken thumbnail is dropped.
 *
 * Returns: (transfer full) (nullable): a file, or %NULL without a fileUrl
 */
ScCameraFile *
_sc_osc_camera_file_new_from_entry (ScOscCamera      *self,
                                    JsonObject       *entry,
                                    ScCameraFileType  fallback_type)
{
  const char *url = _sc_json_get_string (entry, "fileUrl");
  g_autofree char *name = NULL;
  g_autoptr(GDateTime) date_time = NULL;
  g_autoptr(GBytes) thumbnail = NULL;
  g_autofree char *resolved = NULL;
  ScCameraFile *file;
  gint64 size = 0, width = 0, height = 0;
  const char *projection;

  if (url == NULL)
    url = _sc_json_get_string (entry, "uri");
  if (url == NULL || !g_utf8_validate (url, -1, NULL) ||
      (resolved = _sc_osc_camera_resolve (self, url)) == NULL)
    {
      g_debug ("Skipping a listing entry without a usable fileUrl");
      return NULL;
    }

  name = clean_name (_sc_json_get_string (entry, "name"));
  if (name == NULL)
    {
      g_autofree char *from_url = name_from_url (url);
      name = clean_name (from_url);
    }
  if (name == NULL)
    return NULL;

  if (!_sc_json_get_int64 (entry, "size", &size) || size < 0)
    size = 0;

  file = sc_camera_file_new (name, url, type_from_name (name, fallback_type), (guint64)size);

  date_time = _sc_osc_parse_date_time (_sc_json_get_string (entry, "dateTimeZone"), TRUE);
  if (date_time == NULL)
    date_time = _sc_osc_parse_date_time (_sc_json_get_string (entry, "dateTime"), FALSE);
  if (date_time != NULL)
    sc_camera_file_set_date_time (file, date_time);

  if (_sc_json_get_int64 (entry, "width", &width) && _sc_json_get_int64 (entry, "height", &height) &&
      width > 0 && height > 0 && width <= MAX_DIMENSION && height <= MAX_DIMENSION)
    sc_camera_file_set_dimensions (file, (guint)width, (guint)height);

  projection = _sc_json_get_string (entry, "_projectionType");
  if (projection != NULL && *projection != '\0')
    {
      g_autofree char *clean = g_utf8_make_valid (projection, MIN (strlen (projection), 64));
      sc_camera_file_set_projection (file, clean);
    }

  thumbnail = _sc_osc_decode_thumbnail (_sc_json_get_string (entry, "thumbnail"));
  if (thumbnail != NULL)
    sc_camera_file_set_thumbnail (file, thumbnail);
  else if (json_object_has_member (entry, "thumbnail"))
    g_debug ("Dropping a thumbnail of %s that is not a base64 JPEG", name);

  return file;
}

/**
 * _sc_osc_camera_files_from_urls:
 * @self: the camera
 * @results: command results with "fileUrls" (or "_fileUrls", or one
 *   "fileUrl")
 * @fallback_type: the type when an extension does not tell
 *
 * Returns: (transfer container) (element-type ScCameraFile): the files
 */
GPtrArray *
_sc_osc_camera_files_from_urls (ScOscCamera      *self,
                                JsonObject       *results,
                                ScCameraFileType  fallback_type)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);
  static const char * const members[] = { "fileUrls", "_fileUrls" };

  for (guint m = 0; m < G_N_ELEMENTS (members) && files->len == 0; m++)
    {
      JsonArray *urls = _sc_json_get_array (results, members[m]);

      for (guint i = 0; urls != NULL && i < json_array_get_length (urls) && i < 100000; i++)
        {
          JsonNode *node = json_array_get_element (urls, i);
          ScCameraFile *file;

          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
            continue;
          file = _sc_osc_camera_file_new_from_url (self, json_node_get_string (node), fallback_type);
          if (file != NULL)
            g_ptr_array_add (files, file);
        }
    }

  if (files->len == 0 && _sc_json_get_string (results, "fileUrl") != NULL)
    {
      ScCameraFile *file = _sc_osc_camera_file_new_from_url (self, _sc_json_get_string (results, "fileUrl"),
                                                             fallback_type);
      if (file != NULL)
        g_ptr_array_add (files, file);
    }

  return files;
}

/* ------------------------------------------------------------------ */
/* list_files                                                          */

typedef struct
{
  ScCameraFileType  type;
  guint             max_entries;
  gboolean          with_thumbnails;
  GPtrArray        *files;
  guint             position;
  guint             pages;
} ListData;

static void
list_data_free (ListData *data)
{
  g_clear_pointer (&data->files, g_ptr_array_unref);
  g_free (data);
}

static void list_next_page (GTask *task);

static void
on_list_page_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  ListData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) results = NULL;
  JsonArray *entries;
  GError *error = NULL;
  gint64 total = -1;
  guint count;

  results = _sc_osc_camera_execute_finish (self, result, &error);
  if (results == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  entries = _sc_json_get_array (results, "entries");
  if (entries == NULL)
    {
      g_task_return_error (task, _sc_osc_protocol_error ("listFiles without entries"));
      return;
    }

  count = json_array_get_length (entries);
  for (guint i = 0; i < count; i++)
    {
      JsonNode *node = json_array_get_element (entries, i);
      ScCameraFile *file;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      file = _sc_osc_camera_file_new_from_entry (self, json_node_get_object (node), data->type);
      if (file != NULL)
        g_ptr_array_add (data->files, file);
      if (data->max_entries > 0 && data->files->len >= data->max_entries)
        break;
    }

  data->position += count;
  data->pages++;

  /* totalEntries is only a hint; an empty page always ends the listing. */
  if (!_sc_json_get_int64 (results, "totalEntries", &total))
    total = -1;

  if (count == 0 ||
      (data->max_entries > 0 && data->files->len >= data->max_entries) ||
      (total >= 0 && data->position >= total) ||
      data->pages >= LIST_MAX_PAGES)
    {
      g_debug ("Listed %u files in %u pages", data->files->len, data->pages);
      g_task_return_pointer (task, g_ptr_array_ref (data->files), (GDestroyNotify)g_ptr_array_unref);
      return;
    }

  list_next_page (g_steal_pointer (&task));
}

static void
list_next_page (GTask *task)
{
  ScOscCamera *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) parameters = json_object_new ();
  guint page = data->with_thumbnails ? LIST_PAGE_THUMBNAILS : LIST_PAGE_PLAIN;

  if (data->max_entries > 0)
    page = MIN (page, data->max_entries - data->files->len);

  json_object_set_string_member (parameters, "fileType",
                                 data->type == SC_CAMERA_FILE_TYPE_IMAGE ? "image" :
                                 data->type == SC_CAMERA_FILE_TYPE_VIDEO ? "video" : "all");
  json_object_set_int_member (parameters, "entryCount", page);
  json_object_set_int_member (parameters, "maxThumbSize", data->with_thumbnails ? 640 : 0);
  if (data->position > 0)
    json_object_set_int_member (parameters, "startPosition", data->position);

  _sc_osc_camera_execute_async (self, "camera.listFiles", parameters, SC_OSC_EXECUTE_HELD,
                                self->timeout_ms / 1000 + 10, g_task_get_cancellable (task),
                                on_list_page_cb, task);
}

static void
list_start (ScOscCamera *self,
            GTask       *task)
{
  list_next_page (g_object_ref (task));
}

static void
sc_osc_camera_list_files_async (ScCamera            *camera,
                                ScCameraFileType     type,
                                guint                max_entries,
                                gboolean             with_thumbnails,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  ListData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_osc_camera_list_files_async);
  data = g_new0 (ListData, 1);
  data->type = type;
  data->max_entries = max_entries;
  data->with_thumbnails = with_thumbnails;
  data->files = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, data, (GDestroyNotify)list_data_free);

  if (!_sc_osc_camera_check_connected (self, task))
    return;

  /* All pages in one go: a delete in between would shift them. */
  _sc_osc_camera_enqueue (self, task, list_start);
}

static GPtrArray *
sc_osc_camera_list_files_finish (ScCamera      *camera,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* delete_files                                                        */

typedef struct
{
  GStrv uris;
  guint next;
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_strfreev (data->uris);
  g_free (data);
}

static void delete_next_batch (GTask *task);

static void
on_deleted_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (object);
  g_autoptr(GTask) task = user_data;
  DeleteData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) results = NULL;
  GError *error = NULL;

  results = _sc_osc_camera_execute_finish (self, result, &error);
  if (results == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (data->uris[data->next] == NULL)
    {
      _sc_osc_camera_watch_soon (self);
      g_task_return_boolean (task, TRUE);
      return;
    }

  delete_next_batch (g_steal_pointer (&task));
}

static void
delete_next_batch (GTask *task)
{
  ScOscCamera *self = g_task_get_source_object (task);
  DeleteData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) parameters = json_object_new ();
  JsonArray *urls = json_array_new ();

  for (guint n = 0; n < DELETE_BATCH && data->uris[data->next] != NULL; n++)
    json_array_add_string_element (urls, data->uris[data->next++]);
  json_object_set_array_member (parameters, "fileUrls", urls);

  _sc_osc_camera_execute_async (self, "camera.delete", parameters, SC_OSC_EXECUTE_HELD,
                                self->timeout_ms / 1000 + 30, g_task_get_cancellable (task),
                                on_deleted_cb, task);
}

static void
delete_start (ScOscCamera *self,
              GTask       *task)
{
  delete_next_batch (g_object_ref (task));
}

static void
sc_osc_camera_delete_files_async (ScCamera            *camera,
                                  const char * const  *uris,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  DeleteData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_osc_camera_delete_files_async);
  data = g_new0 (DeleteData, 1);
  data->uris = g_strdupv ((char **)uris);
  g_task_set_task_data (task, data, (GDestroyNotify)delete_data_free);

  if (!_sc_osc_camera_check_connected (self, task))
    return;

  if (data->uris[0] == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  _sc_osc_camera_enqueue (self, task, delete_start);
}

static gboolean
sc_osc_camera_delete_files_finish (ScCamera      *camera,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* download                                                            */

/* The download itself is shared with the other cameras
 * (sc-camera-download-job.c). */

static void
download_job_free (ScCameraDownloadJob *job)
{
  _sc_camera_download_job_clear (job);
  g_free (job);
}

static void
sc_osc_camera_download_async (ScCamera             *camera,
                              ScCameraFile         *file,
                              GFile                *directory,
                              ScCameraProgressFunc  progress,
                              gpointer              progress_data,
                              GDestroyNotify        progress_notify,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  ScOscCamera *self = SC_OSC_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  g_autofree char *name = NULL;
  ScCameraDownloadJob *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_osc_camera_download_async);
  job = g_new0 (ScCameraDownloadJob, 1);
  _sc_camera_download_job_init (job, progress, progress_data, progress_notify);
  g_task_set_task_data (task, job, (GDestroyNotify)download_job_free);

  if (!_sc_osc_camera_check_connected (self, task))
    return;

  /* Only ever from the camera itself, whatever the listing said. */
  url = _sc_osc_camera_resolve (self, sc_camera_file_get_uri (file));
  if (url == NULL)
    {
      g_task_return_error (task, _sc_osc_protocol_error ("unusable file URL %s",
                                                         sc_camera_file_get_uri (file)));
      return;
    }

  name = sc_download_sanitize_name (sc_camera_file_get_name (file));
  if (name == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                               _("The camera’s file name “%s” cannot be used on this computer."),
                               sc_camera_file_get_name (file));
      return;
    }

  /* Cancelled by the caller, by disconnect and by dispose. */
  _sc_camera_download_job_link (job, cancellable, self->cancellable);

  g_debug ("Downloading %s to %s", url, g_file_peek_path (directory));

  job->size_hint = sc_camera_file_get_size (file);
  _sc_camera_download_job_run (job, sc_download_new (self->session, url, directory, name),
                               _sc_camera_download_job_return_cb, g_steal_pointer (&task));
}

static GFile *
sc_osc_camera_download_finish (ScCamera      *camera,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * _sc_osc_camera_files_iface_init:
 * @iface: the #ScCameraInterface being filled
 *
 * Installs the file vfuncs of this file.
 */
void
_sc_osc_camera_files_iface_init (ScCameraInterface *iface)
{
  iface->list_files_async = sc_osc_camera_list_files_async;
  iface->list_files_finish = sc_osc_camera_list_files_finish;
  iface->delete_files_async = sc_osc_camera_delete_files_async;
  iface->delete_files_finish = sc_osc_camera_delete_files_finish;
  iface->download_async = sc_osc_camera_download_async;
  iface->download_finish = sc_osc_camera_download_finish;
}
