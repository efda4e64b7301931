/* sc-storage-monitor.c: mounted disks with a DCIM folder as cameras
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-storage-monitor"

#include "config.h"

#include "sc-core.h"
#include "sc-storage-camera.h"
#include "sc-storage-monitor.h"

/**
 * ScStorageMonitor:
 *
 * Watches GIO's #GVolumeMonitor for mounted local volumes whose root holds
 * a DCIM folder (a Mi Sphere or an Insta360 in "U-Disk" mode, a memory
 * card) and announces them as #ScStorageCamera objects with
 * "camera-added", and their removal with "camera-removed". Looking for
 * DCIM runs on a worker thread.
 */

struct _ScStorageMonitor
{
  GObject         parent_instance;

  GVolumeMonitor *volume_monitor;
  GHashTable     *cameras;   /* GMount → ScStorageCamera */
  GHashTable     *pending;   /* GMount being looked at */
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (ScStorageMonitor, sc_storage_monitor, G_TYPE_OBJECT)

enum {
  CAMERA_ADDED,
  CAMERA_REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  GWeakRef  monitor;
  GMount   *mount;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_weak_ref_clear (&data->monitor);
  g_clear_object (&data->mount);
  g_free (data);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GFile *root = task_data;

  g_task_return_boolean (task, sc_storage_camera_folder_has_dcim (root, cancellable));
}

static void
on_dcim_checked_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CheckData *data = user_data;
  g_autoptr(ScStorageMonitor) self = g_weak_ref_get (&data->monitor);
  g_autoptr(ScStorageCamera) camera = NULL;
  gboolean has_dcim;

  has_dcim = g_task_propagate_boolean (G_TASK (result), NULL);
  if (self == NULL || !g_hash_table_remove (self->pending, data->mount))
    goto out;  /* stopped, or unmounted meanwhile */
  if (!has_dcim)
    goto out;

  camera = sc_storage_camera_new_for_mount (data->mount);
  g_debug ("Disk with DCIM: %s", sc_camera_get_id (SC_CAMERA (camera)));
  g_hash_table_insert (self->cameras, g_object_ref (data->mount), g_object_ref (camera));
  g_signal_emit (self, signals[CAMERA_ADDED], 0, camera);

out:
  check_data_free (data);
}

static void
check_mount (ScStorageMonitor *self,
             GMount           *mount)
{
  g_autoptr(GFile) root = NULL;
  g_autoptr(GTask) task = NULL;
  CheckData *data;

  if (g_hash_table_contains (self->cameras, mount) || g_hash_table_contains (self->pending, mount))
    return;
  if (g_mount_is_shadowed (mount))
    return;

  /* gphoto2://, mtp://, smb://… are not disks (and PTP cameras are
   * ScUsbMonitor's, even when gvfs shows them through FUSE). */
  root = g_mount_get_root (mount);
  if (!g_file_has_uri_scheme (root, "file"))
    return;

  g_hash_table_add (self->pending, g_object_ref (mount));
  data = g_new0 (CheckData, 1);
  g_weak_ref_init (&data->monitor, self);
  data->mount = g_object_ref (mount);

  /* No source object: the monitor is never released on the worker. */
  task = g_task_new (NULL, self->cancellable, on_dcim_checked_cb, data);
  g_task_set_source_tag (task, check_mount);
  g_task_set_task_data (task, g_steal_pointer (&root), g_object_unref);
  g_task_run_in_thread (task, check_thread);
}

static void
forget_mount (ScStorageMonitor *self,
              GMount           *mount)
{
  g_autoptr(ScStorageCamera) camera = NULL;
  gpointer key = NULL;

  g_hash_table_remove (self->pending, mount);
  if (!g_hash_table_steal_extended (self->cameras, mount, &key, (gpointer *)&camera))
    return;
  g_object_unref (key);

  sc_camera_disconnect (SC_CAMERA (camera));
  g_signal_emit (self, signals[CAMERA_REMOVED], 0, camera);
}

static void
on_mount_added_cb (GVolumeMonitor   *volume_monitor,
                   GMount           *mount,
                   ScStorageMonitor *self)
{
  check_mount (self, mount);
}

static void
on_mount_changed_cb (GVolumeMonitor   *volume_monitor,
                     GMount           *mount,
                     ScStorageMonitor *self)
{
  if (g_mount_is_shadowed (mount))
    forget_mount (self, mount);
  else
    check_mount (self, mount);
}

static void
on_mount_removed_cb (GVolumeMonitor   *volume_monitor,
                     GMount           *mount,
                     ScStorageMonitor *self)
{
  forget_mount (self, mount);
}

/**
 * sc_storage_monitor_new:
 *
 * Returns: (transfer full): a new monitor; call sc_storage_monitor_start()
 */
ScStorageMonitor *
sc_storage_monitor_new (void)
{
  return g_object_new (SC_TYPE_STORAGE_MONITOR, NULL);
}

/**
 * sc_storage_monitor_start:
 * @self: a #ScStorageMonitor
 * @error: return location for a #GError
 *
 * Starts following mounts in the thread-default main context, and looks
 * at the ones already there ("camera-added" follows for those with DCIM).
 *
 * Returns: %TRUE (GIO's volume monitor cannot fail)
 */
gboolean
sc_storage_monitor_start (ScStorageMonitor  *self,
                          GError           **error)
{
  GList *mounts;

  g_return_val_if_fail (SC_IS_STORAGE_MONITOR (self), FALSE);

  if (self->volume_monitor != NULL)
    return TRUE;

  self->cancellable = g_cancellable_new ();
  self->volume_monitor = g_volume_monitor_get ();
  g_signal_connect_object (self->volume_monitor, "mount-added",
                           G_CALLBACK (on_mount_added_cb), self, 0);
  g_signal_connect_object (self->volume_monitor, "mount-changed",
                           G_CALLBACK (on_mount_changed_cb), self, 0);
  g_signal_connect_object (self->volume_monitor, "mount-removed",
                           G_CALLBACK (on_mount_removed_cb), self, 0);

  mounts = g_volume_monitor_get_mounts (self->volume_monitor);
  for (GList *l = mounts; l != NULL; l = l->next)
    check_mount (self, l->data);
  g_list_free_full (mounts, g_object_unref);

  return TRUE;
}

/**
 * sc_storage_monitor_stop:
 * @self: a #ScStorageMonitor
 *
 * Stops following mounts. The cameras found so far stay in
 * sc_storage_monitor_dup_cameras().
 */
void
sc_storage_monitor_stop (ScStorageMonitor *self)
{
  g_return_if_fail (SC_IS_STORAGE_MONITOR (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_hash_table_remove_all (self->pending);
  if (self->volume_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->volume_monitor, self);
  g_clear_object (&self->volume_monitor);
}

/**
 * sc_storage_monitor_dup_cameras:
 * @self: a #ScStorageMonitor
 *
 * Returns: (transfer container) (element-type ScCamera): the cameras on
 *   mounted disks
 */
GPtrArray *
sc_storage_monitor_dup_cameras (ScStorageMonitor *self)
{
  GPtrArray *cameras = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (SC_IS_STORAGE_MONITOR (self), cameras);

  g_hash_table_iter_init (&iter, self->cameras);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (cameras, g_object_ref (value));

  return cameras;
}

static void
sc_storage_monitor_dispose (GObject *object)
{
  ScStorageMonitor *self = (ScStorageMonitor *)object;

  sc_storage_monitor_stop (self);
  g_hash_table_remove_all (self->cameras);

  G_OBJECT_CLASS (sc_storage_monitor_parent_class)->dispose (object);
}

static void
sc_storage_monitor_finalize (GObject *object)
{
  ScStorageMonitor *self = (ScStorageMonitor *)object;

  g_clear_pointer (&self->cameras, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);

  G_OBJECT_CLASS (sc_storage_monitor_parent_class)->finalize (object);
}

static void
sc_storage_monitor_class_init (ScStorageMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_storage_monitor_dispose;
  object_class->finalize = sc_storage_monitor_finalize;

  /**
   * ScStorageMonitor::camera-added:
   * @self: the monitor
   * @camera: a new #ScStorageCamera, not connected
   *
   * A mounted disk with a DCIM folder appeared.
   */
  signals[CAMERA_ADDED] =
    g_signal_new ("camera-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SC_TYPE_CAMERA);

  /**
   * ScStorageMonitor::camera-removed:
   * @self: the monitor
   * @camera: the camera "camera-added" gave
   *
   * The camera's disk was unmounted or unplugged.
   */
  signals[CAMERA_REMOVED] =
    g_signal_new ("camera-removed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SC_TYPE_CAMERA);
}

static void
sc_storage_monitor_init (ScStorageMonitor *self)
{
  self->cameras = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, g_object_unref);
  self->pending = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
}
