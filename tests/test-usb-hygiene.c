/* test-usb-hygiene.c: gvfs holding a USB camera, releasing it; disks with
 * DCIM found through GIO's volume monitor; USB modes we cannot use
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gvfs is emulated the way GIO sees it: a GVolumeMonitor implementation
 * registered by this test at GIO's extension point (the test runs with an
 * empty GIO_MODULE_DIR, so no real gvfs monitor answers). Its camera
 * volume carries the unix-device identifier gvfs's gphoto2 monitor gives
 * (/dev/bus/usb/BBB/DDD) and its mount the gphoto2://[usb:BBB,DDD]/ root;
 * unmounting it is what gvfs's daemon does to let go of the camera.
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sc-core.h"
#include "sc-storage-camera.h"
#include "sc-storage-monitor.h"
#include "sc-usb-hygiene.h"

#define CAMERA_BUS  1
#define CAMERA_ADDR 5

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

static FakeMount *
add_mount (const char *name,
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

  return mount;
}

static void
remove_all (void)
{
  while (fake_mounts != NULL)
    remove_mount (fake_mounts->data);
  g_list_free_full (g_steal_pointer (&fake_volumes), g_object_unref);
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */

static void
on_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* gvfs has mounted the camera: it is named, and releasing it unmounts it */
static void
test_gvfs_holds_camera (void)
{
  g_autoptr(GVolumeMonitor) monitor = g_volume_monitor_get ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *holder = NULL;
  g_autofree char *other = NULL;
  g_autofree char *after = NULL;

  g_assert_nonnull (the_monitor);
  add_mount ("RICOH THETA Z1", "gphoto2://%5Busb%3A001%2C005%5D/", "/dev/bus/usb/001/005", NULL);

  holder = sc_usb_find_holder (CAMERA_BUS, CAMERA_ADDR);
  g_assert_cmpstr (holder, ==, "GNOME Files (gvfs)");
  g_assert_true (sc_usb_holder_can_be_released (CAMERA_BUS, CAMERA_ADDR));

  /* Another device on the bus is nobody's */
  other = sc_usb_find_holder (CAMERA_BUS, CAMERA_ADDR + 1);
  g_assert_null (other);

  /* What the PTP backend tells the user */
  sc_usb_set_busy_error (&error, holder);
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "GNOME Files (gvfs)"));
  g_clear_error (&error);

  /* The release action: gvfs's mount is unmounted through GIO */
  sc_usb_release_holder_async (CAMERA_BUS, CAMERA_ADDR, NULL, on_result_cb, &result);
  g_assert_true (sc_usb_release_holder_finish (wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (unmount_calls, ==, 1);

  after = sc_usb_find_holder (CAMERA_BUS, CAMERA_ADDR);
  g_assert_null (after);
  g_assert_false (sc_usb_holder_can_be_released (CAMERA_BUS, CAMERA_ADDR));

  /* Nothing holds it now: releasing again succeeds without unmounting */
  g_clear_object (&result);
  sc_usb_release_holder_async (CAMERA_BUS, CAMERA_ADDR, NULL, on_result_cb, &result);
  g_assert_true (sc_usb_release_holder_finish (wait_result (&result), &error));
  g_assert_cmpuint (unmount_calls, ==, 1);

  remove_all ();
}

/* Newer gvfs names mounts after the device: the volume's unix-device
 * identifier still ties it to the camera; MTP mounts count too */
static void
test_gvfs_mount_by_device_node (void)
{
  g_autoptr(GVolumeMonitor) monitor = g_volume_monitor_get ();
  g_autofree char *holder = NULL;

  add_mount ("THETA", "mtp://RICOH_THETA_Z1_10010001/", "/dev/bus/usb/003/017", NULL);
  holder = sc_usb_find_holder (3, 17);
  g_assert_cmpstr (holder, ==, "GNOME Files (gvfs)");
  g_assert_false (sc_usb_holder_can_be_released (3, 18));
  remove_all ();
}

/* A process that has the device node open is named by /proc */
static void
test_process_holds_node (void)
{
  g_autofree char *path = NULL;
  g_autofree char *holder = NULL;
  g_autofree char *expected = NULL;
  int fd;

  fd = g_file_open_tmp ("sc-usb-node-XXXXXX", &path, NULL);
  g_assert_cmpint (fd, >=, 0);

  holder = _sc_usb_find_process_holding (path, TRUE);
  expected = g_strdup_printf ("(process %ld)", (long)getpid ());
  g_assert_nonnull (holder);
  g_assert_true (g_str_has_suffix (holder, expected));
  g_clear_pointer (&holder, g_free);

  /* This process does not count by default */
  holder = _sc_usb_find_process_holding (path, FALSE);
  g_assert_null (holder);

  close (fd);
  g_unlink (path);
}

/* USB modes: only what vendor documents say */
static void
test_unusable_modes (void)
{
  const guint8 ptp[] = { 0x06 };
  const guint8 theta_live[] = { 0x0E, 0x0E, 0x01, 0x01 };
  const guint8 webcam[] = { 0x0E, 0x0E };
  const guint8 disk[] = { 0x08 };
  const guint8 vendor[] = { 0xFF };
  g_autofree char *message = NULL;

  g_assert_null (sc_usb_describe_unusable_mode (0x05CA, 0x036D, ptp, G_N_ELEMENTS (ptp)));
  g_assert_null (sc_usb_describe_unusable_mode (0x1234, 0x5678, vendor, G_N_ELEMENTS (vendor)));
  g_assert_null (sc_usb_describe_unusable_mode (0x1234, 0x5678, NULL, 0));

  message = sc_usb_describe_unusable_mode (0x05CA, 0x2712, theta_live, G_N_ELEMENTS (theta_live));
  g_assert_nonnull (strstr (message, "live-streaming"));
  g_assert_nonnull (strstr (message, "Mode button"));
  g_clear_pointer (&message, g_free);

  message = sc_usb_describe_unusable_mode (0x1234, 0x5678, webcam, G_N_ELEMENTS (webcam));
  g_assert_nonnull (strstr (message, "webcam"));
  g_clear_pointer (&message, g_free);

  message = sc_usb_describe_unusable_mode (0x1234, 0x5678, disk, G_N_ELEMENTS (disk));
  g_assert_nonnull (strstr (message, "disk"));
}

/* ScStorageMonitor: a mounted disk with DCIM becomes a camera; gvfs
 * camera mounts and disks without DCIM do not */
static void
on_camera_cb (GObject  *monitor,
              ScCamera *camera,
              gpointer  user_data)
{
  ScCamera **slot = user_data;

  g_set_object (slot, camera);
}

static gboolean
camera_set (gpointer user_data)
{
  return *(ScCamera **)user_data != NULL;
}

static void
test_storage_monitor (void)
{
  g_autoptr(GVolumeMonitor) monitor = g_volume_monitor_get ();
  g_autoptr(ScStorageMonitor) storage = sc_storage_monitor_new ();
  g_autofree char *card = g_dir_make_tmp ("sc-card-XXXXXX", NULL);
  g_autofree char *plain = g_dir_make_tmp ("sc-plain-XXXXXX", NULL);
  g_autofree char *dcim = g_build_filename (card, "DCIM", NULL);
  g_autofree char *card_uri = g_filename_to_uri (card, NULL, NULL);
  g_autofree char *plain_uri = g_filename_to_uri (plain, NULL, NULL);
  g_autoptr(ScCamera) added = NULL;
  g_autoptr(ScCamera) removed = NULL;
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  FakeMount *card_mount;

  g_assert_cmpint (g_mkdir (dcim, 0755), ==, 0);
  g_signal_connect (storage, "camera-added", G_CALLBACK (on_camera_cb), &added);
  g_signal_connect (storage, "camera-removed", G_CALLBACK (on_camera_cb), &removed);

  /* One there before start, one after */
  add_mount ("NOT A CAMERA", plain_uri, "/dev/sdz1", NULL);
  add_mount ("RICOH THETA Z1", "gphoto2://%5Busb%3A001%2C005%5D/", "/dev/bus/usb/001/005", NULL);
  g_assert_true (sc_storage_monitor_start (storage, &error));
  g_assert_no_error (error);
  card_mount = add_mount ("MI SPHERE", card_uri, "/dev/sdy1", "3A1F-0C2B");

  while (added == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (SC_IS_STORAGE_CAMERA (added));
  g_assert_cmpstr (sc_camera_get_id (added), ==, "disk:3A1F-0C2B");
  g_assert_cmpstr (sc_camera_get_uri (added), ==, card_uri);
  name = sc_camera_dup_display_name (added);
  g_assert_cmpstr (name, ==, "MI SPHERE");
  g_assert_true (sc_storage_camera_get_mount (SC_STORAGE_CAMERA (added)) == G_MOUNT (card_mount));

  /* Let the other two checks finish: neither becomes a camera */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  cameras = sc_storage_monitor_dup_cameras (storage);
  g_assert_cmpuint (cameras->len, ==, 1);

  /* Unplugged */
  remove_mount (card_mount);
  g_assert_true (camera_set (&removed));
  g_assert_true (removed == added);
  g_assert_false (sc_camera_is_connected (removed));
  g_clear_pointer (&cameras, g_ptr_array_unref);
  cameras = sc_storage_monitor_dup_cameras (storage);
  g_assert_cmpuint (cameras->len, ==, 0);

  sc_storage_monitor_stop (storage);
  remove_all ();
  g_rmdir (dcim);
  g_rmdir (card);
  g_rmdir (plain);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GVolumeMonitor) monitor = NULL;

  g_test_init (&argc, &argv, NULL);

  /* Make GIO's extension points exist (loading no modules: the test runs
   * with an empty GIO_MODULE_DIR), then add ours before the first
   * g_volume_monitor_get(). */
  g_type_ensure (G_TYPE_VOLUME_MONITOR);
  (void)g_vfs_get_default ();
  g_io_extension_point_implement (G_VOLUME_MONITOR_EXTENSION_POINT_NAME,
                                  FAKE_TYPE_VOLUME_MONITOR, "spherecam-test", 0);
  monitor = g_volume_monitor_get ();

  g_test_add_func ("/usb-hygiene/gvfs-holds-camera", test_gvfs_holds_camera);
  g_test_add_func ("/usb-hygiene/gvfs-mount-by-device-node", test_gvfs_mount_by_device_node);
  g_test_add_func ("/usb-hygiene/process-holds-node", test_process_holds_node);
  g_test_add_func ("/usb-hygiene/unusable-modes", test_unusable_modes);
  g_test_add_func ("/usb-hygiene/storage-monitor", test_storage_monitor);

  return g_test_run ();
}
