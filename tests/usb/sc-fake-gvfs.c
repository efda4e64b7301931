/* sc-fake-gvfs.c: gvfs as GIO sees it, for tests
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GVolumeMonitor implementation registered at GIO's extension point
 * (run the test with an empty GIO_MODULE_DIR so that no real gvfs monitor
 * answers). Its camera volumes carry the unix-device identifier gvfs's
 * gphoto2 monitor gives (/dev/bus/usb/BBB/DDD) and their mounts a
 * gphoto2://[usb:BBB,DDD]/ root; unmounting one is what gvfs's daemon does
 * to let go of the camera.
 */

#include "sc-fake-gvfs.h"

/* ------------------------------------------------------------------ */
/* A fake volume monitor with fake volumes and mounts                  */

#define FAKE_TYPE_MOUNT (fake_mount_get_type ())
G_DECLARE_FINAL_TYPE (FakeMount, fake_mount, FAKE, MOUNT, GObject)

#define FAKE_TYPE_VOLUME (fake_volume_get_type ())
G_DECLARE_FINAL_TYPE (FakeVolume, fake_volume, FAKE, VOLUME, GObject)

#define FAKE_TYPE_VOLUME_MONITOR (fake_volume_monitor_get_type ())
G_DECLARE_FINAL_TYPE (FakeVolumeMonitor, fake_volume_monitor, FAKE, VOLUME_MONITOR, GVolumeMonitor)

struct _FakeVolume
{
  GObject  parent_instance;
  char    *name;
  char    *unix_device;
  char    *uuid;
  GFile   *activation_root;
};

struct _FakeMount
{
  GObject     parent_instance;
  char       *name;
  GFile      *root;
  FakeVolume *volume;
};

struct _FakeVolumeMonitor
{
  GVolumeMonitor parent_instance;
};

static GList *fake_mounts;    /* FakeMount */
static GList *fake_volumes;   /* FakeVolume */
static GVolumeMonitor *the_monitor;
static guint unmount_calls;

guint
sc_fake_gvfs_get_unmount_calls (void)
{
  return unmount_calls;
}


/* GVolume */

static char *fake_volume_get_name (GVolume *volume) { return g_strdup (FAKE_VOLUME (volume)->name); }
static GIcon *fake_volume_get_icon (GVolume *volume) { return g_themed_icon_new ("camera-photo"); }
static char *fake_volume_get_uuid (GVolume *volume) { return g_strdup (FAKE_VOLUME (volume)->uuid); }
static GDrive *fake_volume_get_drive (GVolume *volume) { return NULL; }
static gboolean fake_volume_can_mount (GVolume *volume) { return TRUE; }
static gboolean fake_volume_can_eject (GVolume *volume) { return FALSE; }

static GMount *
fake_volume_get_mount (GVolume *volume)
{
  for (GList *l = fake_mounts; l != NULL; l = l->next)
    if (FAKE_MOUNT (l->data)->volume == FAKE_VOLUME (volume))
      return g_object_ref (l->data);
  return NULL;
}

static char *
fake_volume_get_identifier (GVolume    *volume,
                            const char *kind)
{
  if (g_strcmp0 (kind, G_VOLUME_IDENTIFIER_KIND_UNIX_DEVICE) == 0)
    return g_strdup (FAKE_VOLUME (volume)->unix_device);
  return NULL;
}

static char **
fake_volume_enumerate_identifiers (GVolume *volume)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **ids;

  if (FAKE_VOLUME (volume)->unix_device != NULL)
    g_strv_builder_add (builder, G_VOLUME_IDENTIFIER_KIND_UNIX_DEVICE);
  ids = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return ids;
}

static GFile *
fake_volume_get_activation_root (GVolume *volume)
{
  FakeVolume *self = FAKE_VOLUME (volume);

  return self->activation_root != NULL ? g_object_ref (self->activation_root) : NULL;
}

static void
fake_volume_iface_init (GVolumeIface *iface)
{
  iface->get_name = fake_volume_get_name;
  iface->get_icon = fake_volume_get_icon;
  iface->get_uuid = fake_volume_get_uuid;
  iface->get_drive = fake_volume_get_drive;
  iface->get_mount = fake_volume_get_mount;
  iface->can_mount = fake_volume_can_mount;
  iface->can_eject = fake_volume_can_eject;
  iface->get_identifier = fake_volume_get_identifier;
  iface->enumerate_identifiers = fake_volume_enumerate_identifiers;
  iface->get_activation_root = fake_volume_get_activation_root;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (FakeVolume, fake_volume, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_VOLUME, fake_volume_iface_init))

static void
fake_volume_finalize (GObject *object)
{
  FakeVolume *self = FAKE_VOLUME (object);

  g_free (self->name);
  g_free (self->unix_device);
  g_free (self->uuid);
  g_clear_object (&self->activation_root);
  G_OBJECT_CLASS (fake_volume_parent_class)->finalize (object);
}

static void
fake_volume_class_init (FakeVolumeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fake_volume_finalize;
}

static void
fake_volume_init (FakeVolume *self)
{
}

/* GMount */

static GFile *fake_mount_get_root (GMount *mount) { return g_object_ref (FAKE_MOUNT (mount)->root); }
static char *fake_mount_get_name (GMount *mount) { return g_strdup (FAKE_MOUNT (mount)->name); }
static GIcon *fake_mount_get_icon (GMount *mount) { return g_themed_icon_new ("camera-photo"); }
static char *fake_mount_get_uuid (GMount *mount) { return NULL; }
static GDrive *fake_mount_get_drive (GMount *mount) { return NULL; }
static gboolean fake_mount_can_unmount (GMount *mount) { return TRUE; }
static gboolean fake_mount_can_eject (GMount *mount) { return FALSE; }

static GVolume *
fake_mount_get_volume (GMount *mount)
{
  FakeMount *self = FAKE_MOUNT (mount);

  return self->volume != NULL ? g_object_ref (G_VOLUME (self->volume)) : NULL;
}

static void
remove_mount (FakeMount *mount)
{
  GList *link = g_list_find (fake_mounts, mount);

  if (link == NULL)
    return;
  fake_mounts = g_list_delete_link (fake_mounts, link);
  g_signal_emit_by_name (mount, "unmounted");
  g_signal_emit_by_name (the_monitor, "mount-removed", mount);
  g_object_unref (mount);
}

static void
fake_mount_unmount_with_operation (GMount              *mount,
                                   GMountUnmountFlags   flags,
                                   GMountOperation     *operation,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (mount, cancellable, callback, user_data);

  unmount_calls++;
  remove_mount (FAKE_MOUNT (mount));
  g_task_return_boolean (task, TRUE);
}

static gboolean
fake_mount_unmount_with_operation_finish (GMount        *mount,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
fake_mount_iface_init (GMountIface *iface)
{
  iface->get_root = fake_mount_get_root;
  iface->get_name = fake_mount_get_name;
  iface->get_icon = fake_mount_get_icon;
  iface->get_uuid = fake_mount_get_uuid;
  iface->get_volume = fake_mount_get_volume;
  iface->get_drive = fake_mount_get_drive;
  iface->can_unmount = fake_mount_can_unmount;
  iface->can_eject = fake_mount_can_eject;
  iface->unmount_with_operation = fake_mount_unmount_with_operation;
  iface->unmount_with_operation_finish = fake_mount_unmount_with_operation_finish;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (FakeMount, fake_mount, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_MOUNT, fake_mount_iface_init))

static void
fake_mount_finalize (GObject *object)
{
  FakeMount *self = FAKE_MOUNT (object);

  g_free (self->name);
  g_clear_object (&self->root);
  g_clear_object (&self->volume);
  G_OBJECT_CLASS (fake_mount_parent_class)->finalize (object);
}

static void
fake_mount_class_init (FakeMountClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fake_mount_finalize;
}

static void
fake_mount_init (FakeMount *self)
{
}

/* GVolumeMonitor */

static gboolean fake_volume_monitor_is_supported (void) { return TRUE; }
static GList *fake_volume_monitor_get_connected_drives (GVolumeMonitor *monitor) { return NULL; }

static GList *
fake_volume_monitor_get_volumes (GVolumeMonitor *monitor)
{
  return g_list_copy_deep (fake_volumes, (GCopyFunc)g_object_ref, NULL);
}

static GList *
fake_volume_monitor_get_mounts (GVolumeMonitor *monitor)
{
  return g_list_copy_deep (fake_mounts, (GCopyFunc)g_object_ref, NULL);
}

static GVolume *fake_volume_monitor_get_volume_for_uuid (GVolumeMonitor *m, const char *uuid) { return NULL; }
static GMount *fake_volume_monitor_get_mount_for_uuid (GVolumeMonitor *m, const char *uuid) { return NULL; }

G_DEFINE_FINAL_TYPE (FakeVolumeMonitor, fake_volume_monitor, G_TYPE_VOLUME_MONITOR)

static void
fake_volume_monitor_constructed (GObject *object)
{
  G_OBJECT_CLASS (fake_volume_monitor_parent_class)->constructed (object);
  the_monitor = G_VOLUME_MONITOR (object);
}

static void
fake_volume_monitor_class_init (FakeVolumeMonitorClass *klass)
{
  GVolumeMonitorClass *monitor_class = G_VOLUME_MONITOR_CLASS (klass);

  G_OBJECT_CLASS (klass)->constructed = fake_volume_monitor_constructed;
  monitor_class->is_supported = fake_volume_monitor_is_supported;
  monitor_class->get_connected_drives = fake_volume_monitor_get_connected_drives;
  monitor_class->get_volumes = fake_volume_monitor_get_volumes;
  monitor_class->get_mounts = fake_volume_monitor_get_mounts;
  monitor_class->get_volume_for_uuid = fake_volume_monitor_get_volume_for_uuid;
  monitor_class->get_mount_for_uuid = fake_volume_monitor_get_mount_for_uuid;
}

static void
fake_volume_monitor_init (FakeVolumeMonitor *self)
{
}

GMount *
sc_fake_gvfs_add_mount (const char *name,
           const char *root_uri,
           const char *unix_device,
           const char *uuid)
{
  FakeVolume *volume = g_object_new (FAKE_TYPE_VOLUME, NULL);
  FakeMount *mount = g_object_new (FAKE_TYPE_MOUNT, NULL);

  volume->name = g_strdup (name);
  volume->unix_device = g_strdup (unix_device);
  volume->uuid = g_strdup (uuid);
  volume->activation_root = g_file_new_for_uri (root_uri);
  fake_volumes = g_list_append (fake_volumes, volume);
  g_signal_emit_by_name (the_monitor, "volume-added", volume);

  mount->name = g_strdup (name);
  mount->root = g_file_new_for_uri (root_uri);
  mount->volume = g_object_ref (volume);
  fake_mounts = g_list_append (fake_mounts, mount);
  g_signal_emit_by_name (the_monitor, "mount-added", mount);

  return G_MOUNT (mount);
}

void
sc_fake_gvfs_remove_all (void)
{
  while (fake_mounts != NULL)
    remove_mount (fake_mounts->data);
  g_list_free_full (g_steal_pointer (&fake_volumes), g_object_unref);
}

/**
 * sc_fake_gvfs_register:
 *
 * Makes GIO's extension points exist (loading no modules), then adds the
 * fake monitor and creates GIO's volume monitor (kept for the whole
 * process); call before the first g_volume_monitor_get().
 */
void
sc_fake_gvfs_register (void)
{
  static GVolumeMonitor *kept;

  g_type_ensure (G_TYPE_VOLUME_MONITOR);
  (void)g_vfs_get_default ();
  g_io_extension_point_implement (G_VOLUME_MONITOR_EXTENSION_POINT_NAME,
                                  FAKE_TYPE_VOLUME_MONITOR, "spherecam-test", 0);
  kept = g_volume_monitor_get ();
  g_assert (the_monitor != NULL && kept != NULL);
}

gboolean
sc_fake_gvfs_is_active (void)
{
  return the_monitor != NULL;
}

void
sc_fake_gvfs_remove_mount (GMount *mount)
{
  remove_mount (FAKE_MOUNT (mount));
}
