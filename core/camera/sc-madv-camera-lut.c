/* sc-madv-camera-lut.c: the lens LUT, cached per camera, and the data
 * port's waiting line
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-madv-camera"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-camera-private.h"
#include "sc-madv-camera-private.h"

/* ------------------------------------------------------------------ */
/* The lens LUT, cached per camera                                     */

/* The camera's app_lut.bin (MADV-PROTOCOL.md §3.9) is its own lens
 * calibration; 261 gives its MD5 at connect. It is kept as
 * <user cache dir>/spherecam/lut/SERIAL.bin and fetched again over the
 * data port when missing or when the MD5 differs. While that runs, other
 * data-port transfers wait (the camera does one at a time). */

typedef struct
{
  char          *path;        /* the cache file */
  char          *md5;         /* 261's */
  ScMadvClient  *client;      /* the connection it was started on */
  GCancellable  *cancellable; /* the camera's at the start */
  ScMadvCamera  *camera;      /* while fetching */
  GOutputStream *output;      /* while fetching */
  GBytes        *block;       /* fetched */
} LutJob;

typedef struct
{
  GTask              *task;
  ScMadvDataPortFunc  func;
} DataPortWaiter;

static void
lut_job_free (LutJob *job)
{
  g_free (job->path);
  g_free (job->md5);
  g_clear_object (&job->client);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->camera);
  g_clear_object (&job->output);
  g_clear_pointer (&job->block, g_bytes_unref);
  g_free (job);
}

/* Moves a job out of a task's data (whose destroy notify then frees an
 * empty shell). */
static LutJob *
lut_job_steal (LutJob *job)
{
  LutJob *moved = g_new (LutJob, 1);

  *moved = *job;
  memset (job, 0, sizeof *job);
  return moved;
}

static char *
lut_path_for (const char *lut_directory,
              const char *serial)
{
  g_autofree char *directory = NULL;
  g_autofree char *name = NULL;

  if (serial == NULL || *serial == '\0' || strlen (serial) > 64)
    return NULL;

  /* The serial comes from the camera: a file name of safe characters,
   * as for the pins. */
  name = g_strdup (serial);
  for (char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      *p = '_';

  directory = lut_directory != NULL ? g_strdup (lut_directory)
                                    : g_build_filename (g_get_user_cache_dir (), "spherecam", "lut", NULL);
  return g_strconcat (directory, G_DIR_SEPARATOR_S, name, ".bin", NULL);
}

/**
 * sc_madv_camera_dup_lut_file:
 * @lut_directory: (nullable): where LUTs are cached; %NULL for the default
 *   (`<user cache dir>/spherecam/lut`)
 * @serial: the camera's serial number
 *
 * Returns: (transfer full) (nullable): the file that caches the camera's
 *   lens LUT (it may not exist), or %NULL for an unusable serial
 */
char *
sc_madv_camera_dup_lut_file (const char *lut_directory,
                             const char *serial)
{
  return lut_path_for (lut_directory, serial);
}

/**
 * sc_madv_camera_forget_lut:
 * @lut_directory: (nullable): where LUTs are cached; %NULL for the default
 * @serial: the camera's serial number (its id is "madv:SERIAL")
 * @error: return location for a #GError
 *
 * Erases the lens LUT cached for a Mi Sphere. Meant for forgetting the
 * camera. No cached LUT is not an error.
 *
 * Returns: %TRUE on success
 */
gboolean
sc_madv_camera_forget_lut (const char  *lut_directory,
                           const char  *serial,
                           GError     **error)
{
  g_autofree char *path = lut_path_for (lut_directory, serial);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local = NULL;

  if (path == NULL)
    return TRUE;
  file = g_file_new_for_path (path);
  if (!g_file_delete (file, NULL, &local) && !g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/**
 * _sc_madv_camera_set_lut_directory:
 * @self: the camera
 * @directory: (nullable): where LUTs are cached; %NULL for the default
 *   (`<user cache dir>/spherecam/lut`)
 */
void
_sc_madv_camera_set_lut_directory (ScMadvCamera *self,
                                   const char   *directory)
{
  g_free (self->lut_directory);
  self->lut_directory = g_strdup (directory);
}

/**
 * sc_madv_camera_dup_lut:
 * @self: the camera
 *
 * The camera's own lens LUT, for stitching its live preview and files
 * that carry none. Cached after the first connection (see
 * #ScMadvCamera:lut, notified when it arrives).
 *
 * Returns: (transfer full) (nullable): the LUT, or %NULL until cached
 */
ScMadvLut *
sc_madv_camera_dup_lut (ScMadvCamera *self)
{
  g_return_val_if_fail (SC_IS_MADV_CAMERA (self), NULL);

  return self->lut != NULL ? sc_madv_lut_ref (self->lut) : NULL;
}

/**
 * _sc_madv_camera_when_data_port_free:
 * @self: the camera
 * @task: (transfer full): the operation that wants the data port
 * @func: called with @task (and its reference) once the LUT is no longer
 *   being fetched: at once when it is not
 */
void
_sc_madv_camera_when_data_port_free (ScMadvCamera       *self,
                                     GTask              *task,
                                     ScMadvDataPortFunc  func)
{
  DataPortWaiter *waiter;

  if (!self->lut_busy)
    {
      func (task);
      return;
    }

  waiter = g_new0 (DataPortWaiter, 1);
  waiter->task = task;
  waiter->func = func;
  g_queue_push_tail (&self->data_port_waiters, waiter);
}

/* Read the checks in a thread: compute an MD5, decode the PNGs. */
static gboolean
lut_md5_matches (GBytes     *block,
                 const char *md5)
{
  g_autofree char *actual = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, block);

  return g_ascii_strcasecmp (actual, md5) == 0;
}

static void
lut_done (ScMadvCamera *self,
          ScMadvLut    *lut)
{
  if (lut != NULL)
    {
      g_clear_pointer (&self->lut, sc_madv_lut_unref);
      self->lut = sc_madv_lut_ref (lut);
      g_object_notify (G_OBJECT (self), "lut");
    }

  self->lut_busy = FALSE;
  while (!self->lut_busy && !g_queue_is_empty (&self->data_port_waiters))
    {
      DataPortWaiter *waiter = g_queue_pop_head (&self->data_port_waiters);
      GTask *task = waiter->task;
      ScMadvDataPortFunc func = waiter->func;

      g_free (waiter);
      func (task);
    }
}

static void
lut_check_cache_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  LutJob *job = task_data;
  g_autoptr(GFile) file = g_file_new_for_path (job->path);
  g_autoptr(GBytes) block = NULL;
  g_autoptr(GError) error = NULL;
  ScMadvLut *lut;

  block = g_file_load_bytes (file, cancellable, NULL, &error);
  if (block == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!lut_md5_matches (block, job->md5))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "The cached LUT %s is not the camera's (MD5 differs)", job->path);
      return;
    }
  lut = sc_madv_lut_new_from_bytes (block, &error);
  if (lut == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, lut, (GDestroyNotify)sc_madv_lut_unref);
}

static void
lut_store_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  LutJob *job = task_data;
  g_autofree char *directory = g_path_get_dirname (job->path);
  g_autoptr(ScMadvLut) lut = NULL;
  g_autoptr(GError) error = NULL;

  if (!lut_md5_matches (job->block, job->md5))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "The LUT fetched does not have the MD5 the camera gave (%s)", job->md5);
      return;
    }
  lut = sc_madv_lut_new_from_bytes (job->block, &error);
  if (lut == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Camera calibration, not personal: readable like other caches. A
   * temporary file, then a rename: never a half-written LUT. */
  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               "Cannot create %s: %s", directory, g_strerror (saved));
      return;
    }
  if (!g_file_set_contents_full (job->path, g_bytes_get_data (job->block, NULL),
                                 (gssize)g_bytes_get_size (job->block),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&lut), (GDestroyNotify)sc_madv_lut_unref);
}

static void
on_lut_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (object);
  g_autoptr(ScMadvLut) lut = NULL;
  g_autoptr(GError) error = NULL;

  lut = g_task_propagate_pointer (G_TASK (result), &error);
  if (lut == NULL)
    g_info ("The lens LUT of camera %s was not cached (next connection tries again): %s",
            self->serial_number, error->message);
  else
    g_debug ("Cached the lens LUT of camera %s", self->serial_number);
  lut_done (self, lut);
}

/* Refuses to grow past what a LUT can be. */
static gpointer
lut_realloc (gpointer data,
             gsize    size)
{
  if (size > SC_MADV_LUT_MAX_BLOCK_SIZE)
    return NULL;
  return g_realloc (data, size);
}

static void
on_lut_fetched_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  LutJob *job = user_data;
  g_autoptr(ScMadvCamera) self = g_steal_pointer (&job->camera);
  g_autoptr(GOutputStream) output = g_steal_pointer (&job->output);
  g_autoptr(GTask) store = NULL;
  g_autoptr(GError) error = NULL;

  if (!sc_madv_client_get_file_finish (SC_MADV_CLIENT (object), result, NULL, &error) ||
      !g_output_stream_close (output, NULL, &error))
    {
      g_info ("Cannot fetch the lens LUT of camera %s (next connection tries again): %s",
              self->serial_number, error->message);
      lut_job_free (job);
      lut_done (self, NULL);
      return;
    }

  job->block = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (output));
  store = g_task_new (self, job->cancellable, on_lut_stored_cb, NULL);
  g_task_set_source_tag (store, lut_store_thread);
  g_task_set_task_data (store, job, (GDestroyNotify)lut_job_free);
  g_task_run_in_thread (store, lut_store_thread);
}

static void
on_lut_checked_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (object);
  GTask *checked = G_TASK (result);
  LutJob *job = g_task_get_task_data (checked);
  g_autoptr(ScMadvLut) lut = NULL;
  g_autoptr(GError) error = NULL;

  lut = g_task_propagate_pointer (checked, &error);
  if (lut != NULL)
    {
      g_debug ("The cached lens LUT of camera %s is current", self->serial_number);
      lut_done (self, lut);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      self->client == NULL || self->client != job->client)
    {
      lut_done (self, NULL);
      return;
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_debug ("Fetching the lens LUT of camera %s again: %s", self->serial_number, error->message);

  /* The checks found nothing usable: fetch app_lut.bin. */
  job = lut_job_steal (job);
  job->camera = g_object_ref (self);
  job->output = g_memory_output_stream_new (NULL, 0, lut_realloc, g_free);
  self->lut_fetches++;
  sc_madv_client_get_file_async (self->client, SC_MADV_LUT_PATH, 0, job->output, NULL, NULL,
                                 job->cancellable, on_lut_fetched_cb, job);
}

/**
 * _sc_madv_camera_lut_refresh:
 * @self: a camera that has just connected
 *
 * When 261 gave the LUT's MD5: uses the cached LUT if it has that MD5,
 * otherwise fetches app_lut.bin over the data port, checks its MD5 and
 * that it decodes, and caches it. In the background; failures are logged
 * and the next connection tries again. A camera without a LUT (no MD5)
 * is left as it is.
 */
void
_sc_madv_camera_lut_refresh (ScMadvCamera *self)
{
  g_autoptr(GTask) task = NULL;
  LutJob *job;
  char *path;

  if (self->lut_busy || self->lut_md5 == NULL || *self->lut_md5 == '\0' || self->client == NULL)
    return;
  path = lut_path_for (self->lut_directory, self->serial_number);
  if (path == NULL)
    {
      g_debug ("No usable serial number: the lens LUT is not cached");
      return;
    }

  job = g_new0 (LutJob, 1);
  job->path = path;
  job->md5 = g_strdup (self->lut_md5);
  job->client = g_object_ref (self->client);
  job->cancellable = g_object_ref (self->cancellable);

  self->lut_busy = TRUE;
  task = g_task_new (self, self->cancellable, on_lut_checked_cb, NULL);
  g_task_set_source_tag (task, _sc_madv_camera_lut_refresh);
  g_task_set_task_data (task, job, (GDestroyNotify)lut_job_free);
  g_task_run_in_thread (task, lut_check_cache_thread);
}
