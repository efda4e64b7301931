/* sc-ptp-camera-files.c: listing, thumbnails, deleting and downloading
 * files of a PTP camera
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-ptp"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sc-download.h"
#include "sc-error.h"
#include "sc-file-private.h"
#include "sc-ptp-camera-private.h"

#define PROGRESS_INTERVAL_US (100 * 1000)

/* --- helpers shared with sc-ptp-camera.c (worker) --- */

ScPtpObjectInfo *
_sc_ptp_camera_get_object_info (ScPtpCamera   *self,
                                guint32        handle,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  ScPtpObjectInfo *info;
  const guint8 *data;
  gsize len;

  bytes = _sc_ptp_transport_get_data (self->transport, SC_PTP_OC_GET_OBJECT_INFO, &handle, 1,
                                      cancellable, NULL, error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &len);
  info = sc_ptp_object_info_parse (data, len, NULL);
  if (info == NULL)
    g_propagate_error (error, _sc_ptp_protocol_error ("ObjectInfo 0x%08x", handle));
  return info;
}

/* The names of the folders above @parent, "A/B", or "" at the root.
 * @folders (handle → name, nullable) is a cache of known folders. */
char *
_sc_ptp_camera_folder_path (ScPtpCamera  *self,
                            guint32       parent,
                            GHashTable   *folders,
                            GCancellable *cancellable)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) path = g_string_new (NULL);

  for (guint depth = 0; parent != 0 && parent != 0xFFFFFFFF && depth < 32; depth++)
    {
      g_autoptr(ScPtpObjectInfo) info = NULL;
      const char *cached = folders != NULL ? g_hash_table_lookup (folders, GUINT_TO_POINTER (parent)) : NULL;

      if (cached != NULL)
        {
          /* cached: "parent-handle-hex/name" */
          const char *slash = strchr (cached, '/');

          g_ptr_array_add (names, g_strdup (slash + 1));
          parent = (guint32)g_ascii_strtoull (cached, NULL, 16);
          continue;
        }

      info = _sc_ptp_camera_get_object_info (self, parent, cancellable, NULL);
      if (info == NULL)
        break;
      g_ptr_array_add (names, g_strdup (info->filename));
      parent = info->parent;
    }

  for (guint i = names->len; i > 0; i--)
    {
      g_autofree char *safe = sc_download_sanitize_name (g_ptr_array_index (names, i - 1));

      if (path->len > 0)
        g_string_append_c (path, '/');
      g_string_append (path, safe != NULL ? safe : "_");
    }
  return g_string_free (g_steal_pointer (&path), FALSE);
}

static ScCameraFileType
file_type_for (const ScPtpObjectInfo *info)
{
  const char *dot = info->filename != NULL ? strrchr (info->filename, '.') : NULL;

  switch (info->object_format)
    {
    case SC_PTP_OFC_EXIF_JPEG:
    case SC_PTP_OFC_DNG:
      return SC_CAMERA_FILE_TYPE_IMAGE;
    case SC_PTP_OFC_MPEG:
    case SC_PTP_OFC_MTP_MP4:
      return SC_CAMERA_FILE_TYPE_VIDEO;
    default:
      break;
    }

  if (dot != NULL && (g_ascii_strcasecmp (dot, ".mp4") == 0 || g_ascii_strcasecmp (dot, ".mov") == 0
                      || g_ascii_strcasecmp (dot, ".insv") == 0))
    return SC_CAMERA_FILE_TYPE_VIDEO;
  return SC_CAMERA_FILE_TYPE_IMAGE;
}

/* Objects of 4 GiB and more report 0xFFFFFFFF: the size is then unknown (0). */
static guint64
object_size (const ScPtpObjectInfo *info)
{
  return info->compressed_size == 0xFFFFFFFF ? 0 : info->compressed_size;
}

ScCameraFile *
_sc_ptp_camera_file_new (ScPtpCamera     *self,
                         guint32          handle,
                         ScPtpObjectInfo *info,
                         const char      *folder_path)
{
  g_autofree char *name = sc_download_sanitize_name (info->filename);
  g_autofree char *uri = NULL;
  g_autoptr(GDateTime) date = NULL;
  ScCameraFile *file;

  if (name == NULL)
    name = g_strdup_printf ("%08X", handle);

  uri = g_strdup_printf ("%s/%08x/%s%s%s", self->uri, handle,
                         folder_path != NULL ? folder_path : "",
                         folder_path != NULL && *folder_path != '\0' ? "/" : "", name);
  file = sc_camera_file_new (name, uri, file_type_for (info), object_size (info));

  date = sc_ptp_parse_date_time (info->capture_date);
  if (date == NULL)
    date = sc_ptp_parse_date_time (info->modification_date);
  if (date != NULL)
    sc_camera_file_set_date_time (file, date);
  if (info->image_width > 0 && info->image_height > 0)
    sc_camera_file_set_dimensions (file, info->image_width, info->image_height);

  return file;
}

gboolean
_sc_ptp_camera_handle_from_uri (ScPtpCamera *self,
                                const char  *uri,
                                guint32     *handle)
{
  gsize prefix = strlen (self->uri);
  const char *rest;
  guint64 value;
  char hex[9];

  if (uri == NULL || strncmp (uri, self->uri, prefix) != 0 || uri[prefix] != '/')
    return FALSE;

  rest = uri + prefix + 1;
  if (strlen (rest) < 9 || rest[8] != '/')
    return FALSE;
  memcpy (hex, rest, 8);
  hex[8] = '\0';
  if (!g_ascii_string_to_unsigned (hex, 16, 1, G_MAXUINT32, &value, NULL))
    return FALSE;
  *handle = (guint32)value;
  return TRUE;
}

static GError *
unknown_file_error (const char *uri)
{
  return g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                      _("“%s” is not a file on this camera. Refresh the list of files."), uri);
}

static GArray *
read_u32_array (ScPtpCamera   *self,
                guint16        code,
                const guint32 *params,
                guint          n_params,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  GArray *array = NULL;
  const guint8 *data;
  gsize len, pos = 0;

  bytes = _sc_ptp_transport_get_data (self->transport, code, params, n_params, cancellable, NULL, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  if (!sc_ptp_read_u32_array (data, len, &pos, &array))
    g_propagate_error (error, _sc_ptp_protocol_error ("%s: bad array", sc_ptp_operation_name (code)));
  return array;
}

static GBytes *
get_thumb (ScPtpCamera   *self,
           guint32        handle,
           GCancellable  *cancellable,
           GError       **error)
{
  return _sc_ptp_transport_get_data (self->transport, SC_PTP_OC_GET_THUMB, &handle, 1,
                                     cancellable, NULL, error);
}

/* --- list --- */

typedef struct
{
  ScCameraFileType type;
  guint            max_entries;
  gboolean         with_thumbnails;
} ListData;

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  ScCameraFile *fa = *(ScCameraFile **)a;
  ScCameraFile *fb = *(ScCameraFile **)b;
  GDateTime *da = sc_camera_file_get_date_time (fa);
  GDateTime *db = sc_camera_file_get_date_time (fb);

  if (da != NULL && db != NULL && !g_date_time_equal (da, db))
    return g_date_time_compare (db, da);
  if ((da == NULL) != (db == NULL))
    return da == NULL ? 1 : -1;
  return -g_strcmp0 (sc_camera_file_get_uri (fa), sc_camera_file_get_uri (fb));
}

static void
list_job (ScPtpCamera  *self,
          GTask        *task,
          gpointer      task_data,
          GCancellable *cancellable)
{
  ListData *ld = task_data;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) folders = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GArray) storages = NULL;
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_ptp_object_info_free);
  g_autoptr(GArray) all_handles = g_array_new (FALSE, FALSE, sizeof (guint32));
  GError *error = NULL;

  if (self->transport == NULL)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                               _("The camera is not connected. Connect to it first."));
      return;
    }

  storages = read_u32_array (self, SC_PTP_OC_GET_STORAGE_IDS, NULL, 0, cancellable, &error);
  if (storages == NULL)
    goto fail;

  /* Every object with its ObjectInfo; folders remembered for the paths. */
  for (guint s = 0; s < storages->len; s++)
    {
      guint32 params[3] = { g_array_index (storages, guint32, s), 0, 0 };
      g_autoptr(GArray) handles = NULL;

      if ((params[0] & 0xFFFF) == 0)
        continue;

      handles = read_u32_array (self, SC_PTP_OC_GET_OBJECT_HANDLES, params, 3, cancellable, &error);
      if (handles == NULL)
        goto fail;

      for (guint i = 0; i < handles->len; i++)
        {
          guint32 handle = g_array_index (handles, guint32, i);
          ScPtpObjectInfo *info = _sc_ptp_camera_get_object_info (self, handle, cancellable, &error);

          if (info == NULL)
            goto fail;

          if (info->object_format == SC_PTP_OFC_ASSOCIATION)
            {
              g_hash_table_insert (folders, GUINT_TO_POINTER (handle),
                                   g_strdup_printf ("%08x/%s", info->parent, info->filename));
              sc_ptp_object_info_free (info);
              continue;
            }
          g_ptr_array_add (infos, info);
          g_array_append_val (all_handles, handle);
        }
    }

  for (guint i = 0; i < infos->len; i++)
    {
      ScPtpObjectInfo *info = g_ptr_array_index (infos, i);
      g_autofree char *folder = NULL;
      ScCameraFileType type = file_type_for (info);

      if (ld->type != SC_CAMERA_FILE_TYPE_ALL && ld->type != type)
        continue;
      folder = _sc_ptp_camera_folder_path (self, info->parent, folders, cancellable);
      g_ptr_array_add (files, _sc_ptp_camera_file_new (self, g_array_index (all_handles, guint32, i),
                                                       info, folder));
    }

  g_ptr_array_sort (files, compare_newest_first);
  if (ld->max_entries > 0 && files->len > ld->max_entries)
    g_ptr_array_set_size (files, ld->max_entries);

  if (ld->with_thumbnails)
    for (guint i = 0; i < files->len; i++)
      {
        ScCameraFile *file = g_ptr_array_index (files, i);
        g_autoptr(GBytes) thumb = NULL;
        g_autoptr(GError) local = NULL;
        guint32 handle;

        if (!_sc_ptp_camera_handle_from_uri (self, sc_camera_file_get_uri (file), &handle))
          continue;
        thumb = get_thumb (self, handle, cancellable, &local);
        if (thumb != NULL)
          sc_camera_file_set_thumbnail (file, thumb);
        else if (g_error_matches (local, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE))
          {
            error = g_steal_pointer (&local);
            goto fail;
          }
      }

  g_task_return_pointer (task, g_steal_pointer (&files), (GDestroyNotify)g_ptr_array_unref);
  return;

fail:
  _sc_ptp_camera_return_error (self, task, error);
}

static void
sc_ptp_camera_list_files_async (ScCamera            *camera,
                                ScCameraFileType     type,
                                guint                max_entries,
                                gboolean             with_thumbnails,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  ScPtpCamera *self = SC_PTP_CAMERA (camera);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  ListData *ld;

  g_task_set_source_tag (task, sc_ptp_camera_list_files_async);
  if (!_sc_ptp_camera_check_connected (self, task))
    return;

  ld = g_new0 (ListData, 1);
  ld->type = type;
  ld->max_entries = max_entries;
  ld->with_thumbnails = with_thumbnails;
  g_task_set_task_data (task, ld, g_free);
  _sc_ptp_camera_push_job (self, task, list_job);
}

static GPtrArray *
sc_ptp_camera_list_files_finish (ScCamera      *camera,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- thumbnail --- */

static void
thumb_job (ScPtpCamera  *self,
           GTask        *task,
           gpointer      task_data,
           GCancellable *cancellable)
{
  const char *uri = task_data;
  GError *error = NULL;
  GBytes *thumb;
  guint32 handle;

  if (self->transport == NULL || !_sc_ptp_camera_handle_from_uri (self, uri, &handle))
    {
      g_task_return_error (task, self->transport == NULL
                           ? g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                                                  _("The camera is not connected. Connect to it first."))
                           : unknown_file_error (uri));
      return;
    }

  thumb = get_thumb (self, handle, cancellable, &error);
  if (thumb == NULL)
    _sc_ptp_camera_return_error (self, task, error);
  else
    g_task_return_pointer (task, thumb, (GDestroyNotify)g_bytes_unref);
}

/**
 * sc_ptp_camera_get_thumbnail_async:
 * @file: a file listed by this camera
 *
 * Reads the file's thumbnail (GetThumb), usually a small JPEG.
 */
void
sc_ptp_camera_get_thumbnail_async (ScPtpCamera         *self,
                                   ScCameraFile        *file,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SC_IS_PTP_CAMERA (self));
  g_return_if_fail (SC_IS_CAMERA_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_ptp_camera_get_thumbnail_async);
  if (!_sc_ptp_camera_check_connected (self, task))
    return;
  g_task_set_task_data (task, g_strdup (sc_camera_file_get_uri (file)), g_free);
  _sc_ptp_camera_push_job (self, task, thumb_job);
}

/**
 * sc_ptp_camera_get_thumbnail_finish:
 *
 * Returns: (transfer full): the thumbnail's bytes
 */
GBytes *
sc_ptp_camera_get_thumbnail_finish (ScPtpCamera   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- delete --- */

static void
delete_job (ScPtpCamera  *self,
            GTask        *task,
            gpointer      task_data,
            GCancellable *cancellable)
{
  char **uris = task_data;

  if (self->transport == NULL)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                               _("The camera is not connected. Connect to it first."));
      return;
    }

  for (guint i = 0; uris[i] != NULL; i++)
    {
      guint32 params[2] = { 0, 0 };
      GError *error = NULL;

      if (!_sc_ptp_camera_handle_from_uri (self, uris[i], &params[0]))
        {
          g_task_return_error (task, unknown_file_error (uris[i]));
          return;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, &error)
          || !_sc_ptp_transport_simple (self->transport, SC_PTP_OC_DELETE_OBJECT, params, 1, NULL, &error))
        {
          _sc_ptp_camera_return_error (self, task, error);
          return;
        }
    }

  g_task_return_boolean (task, TRUE);
}

static void
sc_ptp_camera_delete_files_async (ScCamera            *camera,
                                  const char * const  *uris,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ScPtpCamera *self = SC_PTP_CAMERA (camera);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, sc_ptp_camera_delete_files_async);
  if (!_sc_ptp_camera_check_connected (self, task))
    return;
  g_task_set_task_data (task, g_strdupv ((char **)uris), (GDestroyNotify)g_strfreev);
  _sc_ptp_camera_push_job (self, task, delete_job);
}

static gboolean
sc_ptp_camera_delete_files_finish (ScCamera      *camera,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- download --- */

typedef struct
{
  char                 *uri;
  char                 *directory;
  ScCameraProgressFunc  progress;
  gpointer              progress_data;
  GDestroyNotify        progress_notify;
  GMainContext         *context;

  /* worker */
  int                   fd;
  guint64               written;
  guint64               expected;      /* 0: unknown (≥ 4 GiB) */
  gint64                last_progress;
} DownloadData;

static void
download_data_free (gpointer data)
{
  DownloadData *dd = data;

  if (dd->fd >= 0)
    close (dd->fd);
  if (dd->progress_notify != NULL)
    dd->progress_notify (dd->progress_data);
  g_free (dd->uri);
  g_free (dd->directory);
  g_main_context_unref (dd->context);
  g_free (dd);
}

typedef struct
{
  ScCameraProgressFunc  func;
  gpointer              data;
  guint64               current;
  guint64               total;
  GTask                *task;         /* keeps progress_data alive */
} Progress;

static gboolean
on_progress_cb (gpointer user_data)
{
  Progress *p = user_data;

  p->func (p->current, p->total, p->data);
  g_object_unref (p->task);
  g_free (p);
  return G_SOURCE_REMOVE;
}

static void
report_progress (GTask        *task,
                 DownloadData *dd,
                 gboolean      force)
{
  gint64 now = g_get_monotonic_time ();
  Progress *p;

  if (dd->progress == NULL || (!force && now - dd->last_progress < PROGRESS_INTERVAL_US))
    return;
  dd->last_progress = now;

  p = g_new0 (Progress, 1);
  p->func = dd->progress;
  p->data = dd->progress_data;
  p->current = dd->written;
  p->total = dd->expected;
  p->task = g_object_ref (task);
  g_main_context_invoke (dd->context, on_progress_cb, p);
}

typedef struct
{
  GTask        *task;
  DownloadData *dd;
} SinkData;

static gboolean
file_sink (const guint8  *data,
           gsize          len,
           guint64        total,
           gpointer       user_data,
           GError       **error)
{
  SinkData *sd = user_data;
  DownloadData *dd = sd->dd;

  while (len > 0)
    {
      ssize_t n = write (dd->fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not save the file: %s. Free some space or choose another folder."),
                       g_strerror (saved));
          return FALSE;
        }
      data += n;
      len -= n;
      dd->written += n;
    }

  report_progress (sd->task, dd, FALSE);
  return TRUE;
}

static void
download_job (ScPtpCamera  *self,
              GTask        *task,
              gpointer      task_data,
              GCancellable *cancellable)
{
  DownloadData *dd = task_data;
  g_autoptr(ScPtpObjectInfo) info = NULL;
  g_autofree char *name = NULL;
  g_autofree char *temp_name = NULL;
  g_autofree char *temp_path = NULL;
  g_autofree char *final_path = NULL;
  ScPtpContainer response;
  SinkData sd = { task, dd };
  GError *error = NULL;
  guint32 handle;
  gboolean resume;
  GStatBuf st;
  int saved_errno = 0;

  if (self->transport == NULL)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                               _("The camera is not connected. Connect to it first."));
      return;
    }
  if (!_sc_ptp_camera_handle_from_uri (self, dd->uri, &handle))
    {
      g_task_return_error (task, unknown_file_error (dd->uri));
      return;
    }

  info = _sc_ptp_camera_get_object_info (self, handle, cancellable, &error);
  if (info == NULL)
    goto fail;

  name = sc_download_sanitize_name (info->filename);
  if (name == NULL)
    name = g_strdup_printf ("%08X", handle);
  dd->expected = object_size (info);

  /* A deterministic temporary name, so a broken transfer can be resumed. */
  temp_name = g_strdup_printf (".%s.usb.part", name);
  temp_path = g_build_filename (dd->directory, temp_name, NULL);

  resume = dd->expected > 0
           && sc_ptp_device_info_has_operation (self->device_info, SC_PTP_OC_GET_PARTIAL_OBJECT)
           && g_stat (temp_path, &st) == 0 && st.st_size > 0 && (guint64)st.st_size < dd->expected;

  dd->fd = g_open (temp_path, O_WRONLY | O_CREAT | O_CLOEXEC | (resume ? O_APPEND : O_TRUNC), 0644);
  if (dd->fd < 0)
    {
      int saved = errno;

      error = g_error_new (G_IO_ERROR, g_io_error_from_errno (saved),
                           _("Could not save the file: %s. Choose another folder."), g_strerror (saved));
      goto fail;
    }

  if (resume)
    {
      guint32 params[3] = { handle, (guint32)st.st_size, (guint32)(dd->expected - st.st_size) };

      dd->written = st.st_size;
      g_debug ("Resuming %s at %" G_GUINT64_FORMAT, name, dd->written);
      if (!_sc_ptp_transport_transaction (self->transport, SC_PTP_OC_GET_PARTIAL_OBJECT, params, 3,
                                          NULL, file_sink, &sd, cancellable, &response, &error))
        goto fail;
    }
  else
    {
      if (!_sc_ptp_transport_transaction (self->transport, SC_PTP_OC_GET_OBJECT, &handle, 1,
                                          NULL, file_sink, &sd, cancellable, &response, &error))
        goto fail;
    }

  if (response.code != SC_PTP_RC_OK)
    {
      error = _sc_ptp_response_error (resume ? SC_PTP_OC_GET_PARTIAL_OBJECT : SC_PTP_OC_GET_OBJECT,
                                      response.code);
      goto fail;
    }

  if (dd->expected > 0 && dd->written != dd->expected)
    {
      error = _sc_ptp_protocol_error ("%s: %" G_GUINT64_FORMAT " bytes, expected %" G_GUINT64_FORMAT,
                                      name, dd->written, dd->expected);
      goto fail;
    }

  if (fsync (dd->fd) != 0 || close (dd->fd) != 0)
    {
      int saved = errno;

      dd->fd = -1;
      error = g_error_new (G_IO_ERROR, g_io_error_from_errno (saved),
                           _("Could not save the file: %s. Free some space or choose another folder."),
                           g_strerror (saved));
      goto fail;
    }
  dd->fd = -1;

  final_path = _sc_file_publish (temp_path, dd->directory, name, TRUE, &saved_errno);
  if (final_path == NULL)
    {
      error = g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           _("Could not save the file: %s. Choose another folder."),
                           g_strerror (saved_errno));
      goto fail;
    }

  report_progress (task, dd, TRUE);
  g_task_return_pointer (task, g_file_new_for_path (final_path), g_object_unref);
  return;

fail:
  /* The temporary file stays: the next download resumes it. */
  if (dd->fd >= 0)
    {
      fsync (dd->fd);
      close (dd->fd);
      dd->fd = -1;
    }
  _sc_ptp_camera_return_error (self, task, error);
}

static void
sc_ptp_camera_download_async (ScCamera             *camera,
                              ScCameraFile         *file,
                              GFile                *directory,
                              ScCameraProgressFunc  progress,
                              gpointer              progress_data,
                              GDestroyNotify        progress_notify,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  ScPtpCamera *self = SC_PTP_CAMERA (camera);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  DownloadData *dd = g_new0 (DownloadData, 1);

  dd->fd = -1;
  dd->uri = g_strdup (sc_camera_file_get_uri (file));
  dd->directory = g_file_get_path (directory);
  dd->progress = progress;
  dd->progress_data = progress_data;
  dd->progress_notify = progress_notify;
  dd->context = g_main_context_ref_thread_default ();
  g_task_set_source_tag (task, sc_ptp_camera_download_async);
  g_task_set_task_data (task, dd, download_data_free);

  if (!_sc_ptp_camera_check_connected (self, task))
    return;
  if (dd->directory == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Choose a local folder to save the file in."));
      return;
    }
  _sc_ptp_camera_push_job (self, task, download_job);
}

static GFile *
sc_ptp_camera_download_finish (ScCamera      *camera,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- streamed reads: an object into a GOutputStream, in bounded memory --- */

typedef struct
{
  char          *uri;
  GOutputStream *stream;
  guint64        length;
  guint64        expected;   /* 0: unknown (≥ 4 GiB) */
} ReadData;

static void
read_data_free (gpointer data)
{
  ReadData *rd = data;

  g_free (rd->uri);
  g_clear_object (&rd->stream);
  g_free (rd);
}

static gboolean
stream_sink (const guint8  *data,
             gsize          len,
             guint64        total,
             gpointer       user_data,
             GError       **error)
{
  ReadData *rd = user_data;

  if (!g_output_stream_write_all (rd->stream, data, len, NULL, NULL, error))
    return FALSE;
  rd->length += len;
  return TRUE;
}

static void
read_object_job (ScPtpCamera  *self,
                 GTask        *task,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ReadData *rd = task_data;
  g_autoptr(ScPtpObjectInfo) info = NULL;
  ScPtpContainer response;
  GError *error = NULL;
  guint32 handle;

  if (self->transport == NULL)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                               _("The camera is not connected. Connect to it first."));
      return;
    }
  if (!_sc_ptp_camera_handle_from_uri (self, rd->uri, &handle))
    {
      g_task_return_error (task, unknown_file_error (rd->uri));
      return;
    }

  info = _sc_ptp_camera_get_object_info (self, handle, cancellable, &error);
  if (info == NULL)
    goto fail;
  rd->expected = object_size (info);

  if (!_sc_ptp_transport_transaction (self->transport, SC_PTP_OC_GET_OBJECT, &handle, 1,
                                      NULL, stream_sink, rd, cancellable, &response, &error))
    goto fail;
  if (response.code != SC_PTP_RC_OK)
    {
      error = _sc_ptp_response_error (SC_PTP_OC_GET_OBJECT, response.code);
      goto fail;
    }
  if (rd->expected > 0 && rd->length != rd->expected)
    {
      error = _sc_ptp_protocol_error ("object 0x%08x: %" G_GUINT64_FORMAT " bytes, expected %"
                                      G_GUINT64_FORMAT, handle, rd->length, rd->expected);
      goto fail;
    }

  g_task_return_boolean (task, TRUE);
  return;

fail:
  _sc_ptp_camera_return_error (self, task, error);
}

/**
 * sc_ptp_camera_read_object_async:
 * @file: a file listed by this camera
 * @stream: where the object's bytes go
 *
 * Reads the whole object (GetObject) into @stream, chunk by chunk, so
 * that objects of 4 GiB and more (size field 0xFFFFFFFF, read to the
 * short packet) never sit in memory. @stream is written with blocking
 * calls on the camera's worker thread, one transfer at a time: it must
 * not need the caller's main context. @stream is neither flushed nor
 * closed.
 */
void
sc_ptp_camera_read_object_async (ScPtpCamera         *self,
                                 ScCameraFile        *file,
                                 GOutputStream       *stream,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadData *rd;

  g_return_if_fail (SC_IS_PTP_CAMERA (self));
  g_return_if_fail (SC_IS_CAMERA_FILE (file));
  g_return_if_fail (G_IS_OUTPUT_STREAM (stream));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_ptp_camera_read_object_async);
  rd = g_new0 (ReadData, 1);
  rd->uri = g_strdup (sc_camera_file_get_uri (file));
  rd->stream = g_object_ref (stream);
  g_task_set_task_data (task, rd, read_data_free);

  if (!_sc_ptp_camera_check_connected (self, task))
    return;
  _sc_ptp_camera_push_job (self, task, read_object_job);
}

/**
 * sc_ptp_camera_read_object_finish:
 * @length: (out) (optional): how many bytes were written to the stream
 *
 * Returns: %TRUE when the whole object was read
 */
gboolean
sc_ptp_camera_read_object_finish (ScPtpCamera   *self,
                                  GAsyncResult  *result,
                                  guint64       *length,
                                  GError       **error)
{
  ReadData *rd;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  rd = g_task_get_task_data (G_TASK (result));
  if (length != NULL)
    *length = rd->length;
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
_sc_ptp_camera_files_iface_init (ScCameraInterface *iface)
{
  iface->list_files_async = sc_ptp_camera_list_files_async;
  iface->list_files_finish = sc_ptp_camera_list_files_finish;
  iface->delete_files_async = sc_ptp_camera_delete_files_async;
  iface->delete_files_finish = sc_ptp_camera_delete_files_finish;
  iface->download_async = sc_ptp_camera_download_async;
  iface->download_finish = sc_ptp_camera_download_finish;
}
