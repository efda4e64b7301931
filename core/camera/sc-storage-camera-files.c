/* sc-storage-camera-files.c: ScStorageCamera: listing, deleting and importing files
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-storage-camera"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libexif/exif-data.h>

#include "sc-core.h"
#include "sc-camera-private.h"
#include "sc-download.h"
#include "sc-file-private.h"
#include "sc-permissions.h"
#include "sc-storage-camera.h"
#include "sc-storage-camera-private.h"

#define MAX_FILES        20000
#define COPY_CHUNK       (1024 * 1024)
#define PROGRESS_STEP    (4 * 1024 * 1024)

/* ------------------------------------------------------------------ */
/* Listing                                                             */

typedef struct
{
  GFile            *root;
  ScCameraFileType  type;
  guint             max_entries;
  gboolean          with_thumbnails;
} ListData;

static void
list_data_free (ListData *data)
{
  g_clear_object (&data->root);
  g_free (data);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  ScCameraFile *fa = *(ScCameraFile **)a;
  ScCameraFile *fb = *(ScCameraFile **)b;
  GDateTime *da = sc_camera_file_get_date_time (fa);
  GDateTime *db = sc_camera_file_get_date_time (fb);
  int by_date = 0;

  if (da != NULL && db != NULL)
    by_date = g_date_time_compare (db, da);
  if (by_date != 0)
    return by_date;
  return g_strcmp0 (sc_camera_file_get_uri (fb), sc_camera_file_get_uri (fa));
}

static gpointer
list_work (gpointer       work_data,
           GTask         *outer,
           GCancellable  *cancellable,
           GError       **error)
{
  ListData *data = work_data;
  ScStorageWalk walk = { 0 };
  GPtrArray *files;

  walk.entries = g_ptr_array_new_with_free_func ((GDestroyNotify)_sc_storage_entry_free);
  walk.limit = MAX_FILES;
  if (!_sc_storage_walk_dcim (data->root, &walk, cancellable, error))
    {
      g_ptr_array_unref (walk.entries);
      return NULL;
    }

  files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < walk.entries->len; i++)
    {
      ScStorageEntry *entry = g_ptr_array_index (walk.entries, i);
      g_autofree char *uri = NULL;
      g_autoptr(GDateTime) date_time = NULL;
      ScCameraFile *file;

      if (data->type != SC_CAMERA_FILE_TYPE_ALL && data->type != entry->type)
        continue;

      uri = g_file_get_uri (entry->file);
      file = sc_camera_file_new (entry->name, uri, entry->type, entry->size);
      date_time = _sc_storage_date_time_from_name (entry->name);
      if (date_time == NULL && entry->mtime > 0)
        date_time = g_date_time_new_from_unix_local (entry->mtime);
      if (date_time != NULL)
        sc_camera_file_set_date_time (file, date_time);
      g_ptr_array_add (files, file);
    }
  g_ptr_array_unref (walk.entries);

  g_ptr_array_sort (files, compare_newest_first);
  if (data->max_entries > 0 && files->len > data->max_entries)
    g_ptr_array_set_size (files, data->max_entries);

  /* Thumbnails: the one in a photo's EXIF, where there is one. */
  for (guint i = 0; data->with_thumbnails && i < files->len; i++)
    {
      ScCameraFile *file = g_ptr_array_index (files, i);
      g_autoptr(GFile) source = NULL;
      ExifData *exif;

      if (sc_camera_file_get_file_type (file) != SC_CAMERA_FILE_TYPE_IMAGE)
        continue;
      source = g_file_new_for_uri (sc_camera_file_get_uri (file));
      exif = _sc_storage_read_exif (source, cancellable);
      if (exif == NULL)
        continue;
      if (exif->data != NULL && exif->size > 0)
        {
          g_autoptr(GBytes) thumbnail = g_bytes_new (exif->data, exif->size);

          sc_camera_file_set_thumbnail (file, thumbnail);
        }
      exif_data_unref (exif);
    }

  return files;
}

static void
sc_storage_camera_list_files_async (ScCamera            *camera,
                                    ScCameraFileType     type,
                                    guint                max_entries,
                                    gboolean             with_thumbnails,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  ScStorageCamera *self = SC_STORAGE_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ListData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_storage_camera_list_files_async);
  if (!_sc_storage_camera_check_connected (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (ListData, 1);
  data->root = g_object_ref (self->root);
  data->type = type;
  data->max_entries = max_entries;
  data->with_thumbnails = with_thumbnails;
  _sc_storage_camera_run_work (task, list_work, data, (GDestroyNotify)list_data_free,
            (GDestroyNotify)g_ptr_array_unref, NULL);
}

static GPtrArray *
sc_storage_camera_list_files_finish (ScCamera      *camera,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Deleting                                                            */

typedef struct
{
  GFile  *root;
  GStrv   uris;
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_clear_object (&data->root);
  g_strfreev (data->uris);
  g_free (data);
}

/* Only files under the camera's DCIM folder are the camera's to touch. */
static GFile *
file_on_camera (GFile       *root,
                const char  *uri,
                GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  g_autoptr(GFile) dcim = _sc_storage_find_dcim (root, NULL);

  if (dcim == NULL)
    {
      g_propagate_error (error, _sc_storage_no_device_error ());
      return NULL;
    }
  if (!g_file_has_prefix (file, dcim))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a file on this camera. Choose a file from the camera’s list."),
                   uri);
      return NULL;
    }

  return g_steal_pointer (&file);
}

static gpointer
delete_work (gpointer       work_data,
             GTask         *outer,
             GCancellable  *cancellable,
             GError       **error)
{
  DeleteData *data = work_data;

  for (guint i = 0; data->uris[i] != NULL; i++)
    {
      g_autoptr(GFile) file = file_on_camera (data->root, data->uris[i], error);
      g_autoptr(GError) local = NULL;
      g_autofree char *name = NULL;

      if (file == NULL)
        return NULL;

      name = g_file_get_basename (file);
      if (!g_file_delete (file, cancellable, &local))
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("“%s” is no longer on the camera. Refresh the list of files."), name);
          else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) ||
                   g_error_matches (local, G_IO_ERROR, G_IO_ERROR_READ_ONLY))
            g_set_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PERMISSION_DENIED,
                         _("The camera’s disk does not let “%s” be deleted. Unlock the memory "
                           "card’s write-protect switch, or mount the disk with write access."),
                         name);
          else
            g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }

      /* A Mi Sphere's low-resolution copy goes with its video. */
      if (_sc_storage_is_aa_name (name))
        {
          g_autofree char *ab_name = _sc_storage_sibling_name (name, 'b');
          g_autoptr(GFile) parent = g_file_get_parent (file);
          g_autoptr(GFile) ab = g_file_get_child (parent, ab_name);
          g_autoptr(GError) ab_error = NULL;

          if (!g_file_delete (ab, cancellable, &ab_error) &&
              !g_error_matches (ab_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
            g_debug ("Could not delete the companion of %s: %s", name, ab_error->message);
        }
    }

  return GINT_TO_POINTER (TRUE);
}

static void
sc_storage_camera_delete_files_async (ScCamera            *camera,
                                      const char * const  *uris,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  ScStorageCamera *self = SC_STORAGE_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  DeleteData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_storage_camera_delete_files_async);
  if (!_sc_storage_camera_check_connected (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (DeleteData, 1);
  data->root = g_object_ref (self->root);
  data->uris = g_strdupv ((char **)uris);
  _sc_storage_camera_run_work (task, delete_work, data, (GDestroyNotify)delete_data_free, NULL, NULL);
}

static gboolean
sc_storage_camera_delete_files_finish (ScCamera      *camera,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error) != NULL;
}

/* ------------------------------------------------------------------ */
/* Importing                                                           */

/* Owned by the outer task: the progress closure lives and dies in the
 * caller's context. */
typedef struct
{
  ScCameraProgressFunc  progress;
  gpointer              progress_data;
  GDestroyNotify        progress_notify;
} ProgressClosure;

static void
progress_closure_free (ProgressClosure *closure)
{
  if (closure->progress_notify != NULL)
    closure->progress_notify (closure->progress_data);
  g_free (closure);
}

typedef struct
{
  GTask   *task;
  guint64  current;
  guint64  total;
} ProgressUpdate;

static gboolean
deliver_progress (gpointer user_data)
{
  ProgressUpdate *update = user_data;
  ProgressClosure *closure = g_task_get_task_data (update->task);

  if (closure->progress != NULL && !g_task_get_completed (update->task))
    closure->progress (update->current, update->total, closure->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_update_free (ProgressUpdate *update)
{
  g_object_unref (update->task);
  g_free (update);
}

static void
post_progress (GTask   *outer,
               guint64  current,
               guint64  total)
{
  ProgressUpdate *update;

  if (((ProgressClosure *)g_task_get_task_data (outer))->progress == NULL)
    return;

  update = g_new0 (ProgressUpdate, 1);
  update->task = g_object_ref (outer);
  update->current = current;
  update->total = total;
  g_main_context_invoke_full (g_task_get_context (outer), G_PRIORITY_DEFAULT,
                              deliver_progress, update, (GDestroyNotify)progress_update_free);
}

typedef struct
{
  GFile *root;
  char  *uri;
  char  *name;        /* sanitized */
  char  *directory;   /* local path */
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_object (&data->root);
  g_free (data->uri);
  g_free (data->name);
  g_free (data->directory);
  g_free (data);
}

static gboolean
write_all (int            fd,
           const guint8  *buffer,
           gsize          length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, buffer, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      buffer += n;
      length -= (gsize)n;
    }
  return TRUE;
}

static void
set_write_error (GError     **error,
                 int          saved_errno,
                 const char  *name,
                 const char  *directory)
{
  if (saved_errno == ENOSPC || saved_errno == EDQUOT)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                 _("There is not enough space in “%s” for “%s”. Free some space, then try again."),
                 directory, name);
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 _("Could not save “%s” in “%s” (%s). Choose another folder, then try again."),
                 name, directory, g_strerror (saved_errno));
}

static void
set_read_error (GError     **error,
                int          saved_errno,
                const char  *name)
{
  if (saved_errno == ENOENT)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("“%s” is no longer on the camera. Refresh the list of files."), name);
  else
    g_set_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE,
                 _("Could not read “%s” from the camera (%s). Check that the camera is still "
                   "connected, then import the file again."),
                 name, g_strerror (saved_errno));
}

static char *
copy_to_temp (ImportData    *data,
              const char    *source_path,
              GTask         *outer,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autofree char *temp_path = NULL;
  g_autofree guint8 *buffer = NULL;
  struct stat before, after, written;
  guint64 copied = 0, reported = 0;
  int in = -1, out = -1;
  gboolean ok = FALSE;

  in = open (source_path, O_RDONLY | O_CLOEXEC);
  if (in < 0 || fstat (in, &before) != 0)
    {
      set_read_error (error, errno, data->name);
      goto out;
    }
  if (!S_ISREG (before.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is not a photo or a video. Choose a file from the camera’s list."),
                   data->name);
      goto out;
    }

  /* Hidden, next to its final name, never an existing file. */
  for (guint attempt = 0; out < 0; attempt++)
    {
      g_autofree char *temp_name = g_strdup_printf (".%s.%08x.part", data->name, g_random_int ());

      g_free (temp_path);
      temp_path = g_build_filename (data->directory, temp_name, NULL);
      out = open (temp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (out < 0 && (errno != EEXIST || attempt > 8))
        {
          set_write_error (error, errno, data->name, data->directory);
          g_clear_pointer (&temp_path, g_free);
          goto out;
        }
    }

  buffer = g_malloc (COPY_CHUNK);
  post_progress (outer, 0, (guint64)before.st_size);
  for (;;)
    {
      ssize_t n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      n = read (in, buffer, COPY_CHUNK);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_read_error (error, errno, data->name);
          goto out;
        }
      if (n == 0)
        break;
      if (!write_all (out, buffer, (gsize)n))
        {
          set_write_error (error, errno, data->name, data->directory);
          goto out;
        }

      copied += (guint64)n;
      if (copied - reported >= PROGRESS_STEP)
        {
          post_progress (outer, copied, (guint64)before.st_size);
          reported = copied;
        }
    }

  if (fsync (out) != 0 || fstat (out, &written) != 0)
    {
      set_write_error (error, errno, data->name, data->directory);
      goto out;
    }

  /* The whole file, as the camera had it when we started. */
  if (fstat (in, &after) != 0 ||
      copied != (guint64)before.st_size ||
      (guint64)written.st_size != copied ||
      after.st_size != before.st_size ||
      after.st_mtim.tv_sec != before.st_mtim.tv_sec ||
      after.st_mtim.tv_nsec != before.st_mtim.tv_nsec)
    {
      g_debug ("Size check failed: %" G_GUINT64_FORMAT " copied, %" G_GINT64_FORMAT
               " at start, %" G_GINT64_FORMAT " now, %" G_GINT64_FORMAT " written",
               copied, (gint64)before.st_size, (gint64)after.st_size, (gint64)written.st_size);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                   _("“%s” changed or was cut short while it was imported. Import it again."),
                   data->name);
      goto out;
    }

  post_progress (outer, copied, copied);
  ok = TRUE;

out:
  if (in >= 0)
    close (in);
  if (out >= 0 && close (out) != 0 && ok)
    {
      set_write_error (error, errno, data->name, data->directory);
      ok = FALSE;
    }
  if (!ok && temp_path != NULL)
    {
      /* Nothing to resume from a disk: a broken import leaves nothing. */
      if (g_unlink (temp_path) != 0)
        g_debug ("Could not remove %s: %s", temp_path, g_strerror (errno));
      g_clear_pointer (&temp_path, g_free);
    }

  return g_steal_pointer (&temp_path);
}

static gpointer
import_work (gpointer       work_data,
             GTask         *outer,
             GCancellable  *cancellable,
             GError       **error)
{
  ImportData *data = work_data;
  g_autoptr(GFile) source = NULL;
  g_autofree char *source_path = NULL;
  g_autofree char *temp_path = NULL;
  g_autofree char *final_path = NULL;
  int saved_errno = 0;

  source = file_on_camera (data->root, data->uri, error);
  if (source == NULL)
    return NULL;
  source_path = g_file_get_path (source);
  if (source_path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is not on a local disk. Mount the camera’s disk, then try again."),
                   data->uri);
      return NULL;
    }

  temp_path = copy_to_temp (data, source_path, outer, cancellable, error);
  if (temp_path == NULL)
    return NULL;

  final_path = _sc_file_publish (temp_path, data->directory, data->name, TRUE, &saved_errno);
  if (final_path == NULL)
    {
      set_write_error (error, saved_errno, data->name, data->directory);
      g_unlink (temp_path);
      return NULL;
    }

  return g_file_new_for_path (final_path);
}

static void
sc_storage_camera_download_async (ScCamera             *camera,
                                  ScCameraFile         *file,
                                  GFile                *directory,
                                  ScCameraProgressFunc  progress,
                                  gpointer              progress_data,
                                  GDestroyNotify        progress_notify,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data)
{
  ScStorageCamera *self = SC_STORAGE_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ProgressClosure *closure;
  ImportData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_storage_camera_download_async);
  closure = g_new0 (ProgressClosure, 1);
  closure->progress = progress;
  closure->progress_data = progress_data;
  closure->progress_notify = progress_notify;
  g_task_set_task_data (task, closure, (GDestroyNotify)progress_closure_free);

  if (!_sc_storage_camera_check_connected (self, &error) ||
      !sc_permissions_check (sc_permissions_get_default (), SC_PERMISSION_STORAGE, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_file_peek_path (directory) == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Spherecam can only import into a local folder. Choose one."));
      return;
    }

  data = g_new0 (ImportData, 1);
  data->root = g_object_ref (self->root);
  data->uri = g_strdup (sc_camera_file_get_uri (file));
  data->name = sc_download_sanitize_name (sc_camera_file_get_name (file));
  data->directory = g_strdup (g_file_peek_path (directory));
  _sc_storage_camera_run_work (task, import_work, data, (GDestroyNotify)import_data_free, g_object_unref, NULL);
}

static GFile *
sc_storage_camera_download_finish (ScCamera      *camera,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * _sc_storage_camera_files_iface_init:
 * @iface: the #ScCameraInterface of #ScStorageCamera
 *
 * Fills in the listing, deleting and importing vfuncs.
 */
void
_sc_storage_camera_files_iface_init (ScCameraInterface *iface)
{
  iface->list_files_async = sc_storage_camera_list_files_async;
  iface->list_files_finish = sc_storage_camera_list_files_finish;
  iface->delete_files_async = sc_storage_camera_delete_files_async;
  iface->delete_files_finish = sc_storage_camera_delete_files_finish;
  iface->download_async = sc_storage_camera_download_async;
  iface->download_finish = sc_storage_camera_download_finish;
}
