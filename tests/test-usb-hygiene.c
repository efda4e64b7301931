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
#include "sc-fake-gvfs.h"

#define CAMERA_BUS  1
#define CAMERA_ADDR 5

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

  g_assert_true (sc_fake_gvfs_is_active ());
  sc_fake_gvfs_add_mount ("RICOH THETA Z1", "gphoto2://%5Busb%3A001%2C005%5D/", "/dev/bus/usb/001/005", NULL);

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
  g_assert_cmpuint (sc_fake_gvfs_get_unmount_calls (), ==, 1);

  after = sc_usb_find_holder (CAMERA_BUS, CAMERA_ADDR);
  g_assert_null (after);
  g_assert_false (sc_usb_holder_can_be_released (CAMERA_BUS, CAMERA_ADDR));

  /* Nothing holds it now: releasing again succeeds without unmounting */
  g_clear_object (&result);
  sc_usb_release_holder_async (CAMERA_BUS, CAMERA_ADDR, NULL, on_result_cb, &result);
  g_assert_true (sc_usb_release_holder_finish (wait_result (&result), &error));
  g_assert_cmpuint (sc_fake_gvfs_get_unmount_calls (), ==, 1);

  sc_fake_gvfs_remove_all ();
}

/* Newer gvfs names mounts after the device: the volume's unix-device
 * identifier still ties it to the camera; MTP mounts count too */
static void
test_gvfs_mount_by_device_node (void)
{
  g_autoptr(GVolumeMonitor) monitor = g_volume_monitor_get ();
  g_autofree char *holder = NULL;

  sc_fake_gvfs_add_mount ("THETA", "mtp://RICOH_THETA_Z1_10010001/", "/dev/bus/usb/003/017", NULL);
  holder = sc_usb_find_holder (3, 17);
  g_assert_cmpstr (holder, ==, "GNOME Files (gvfs)");
  g_assert_false (sc_usb_holder_can_be_released (3, 18));
  sc_fake_gvfs_remove_all ();
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
  GMount *card_mount;

  g_assert_cmpint (g_mkdir (dcim, 0755), ==, 0);
  g_signal_connect (storage, "camera-added", G_CALLBACK (on_camera_cb), &added);
  g_signal_connect (storage, "camera-removed", G_CALLBACK (on_camera_cb), &removed);

  /* One there before start, one after */
  sc_fake_gvfs_add_mount ("NOT A CAMERA", plain_uri, "/dev/sdz1", NULL);
  sc_fake_gvfs_add_mount ("RICOH THETA Z1", "gphoto2://%5Busb%3A001%2C005%5D/", "/dev/bus/usb/001/005", NULL);
  g_assert_true (sc_storage_monitor_start (storage, &error));
  g_assert_no_error (error);
  card_mount = sc_fake_gvfs_add_mount ("MI SPHERE", card_uri, "/dev/sdy1", "3A1F-0C2B");

  while (added == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (SC_IS_STORAGE_CAMERA (added));
  g_assert_cmpstr (sc_camera_get_id (added), ==, "disk:3A1F-0C2B");
  g_assert_cmpstr (sc_camera_get_uri (added), ==, card_uri);
  name = sc_camera_dup_display_name (added);
  g_assert_cmpstr (name, ==, "MI SPHERE");
  g_assert_true (sc_storage_camera_get_mount (SC_STORAGE_CAMERA (added)) == card_mount);

  /* Let the other two checks finish: neither becomes a camera */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  cameras = sc_storage_monitor_dup_cameras (storage);
  g_assert_cmpuint (cameras->len, ==, 1);

  /* Unplugged */
  sc_fake_gvfs_remove_mount (card_mount);
  g_assert_true (camera_set (&removed));
  g_assert_true (removed == added);
  g_assert_false (sc_camera_is_connected (removed));
  g_clear_pointer (&cameras, g_ptr_array_unref);
  cameras = sc_storage_monitor_dup_cameras (storage);
  g_assert_cmpuint (cameras->len, ==, 0);

  sc_storage_monitor_stop (storage);
  sc_fake_gvfs_remove_all ();
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
  sc_fake_gvfs_register ();
  monitor = g_volume_monitor_get ();

  g_test_add_func ("/usb-hygiene/gvfs-holds-camera", test_gvfs_holds_camera);
  g_test_add_func ("/usb-hygiene/gvfs-mount-by-device-node", test_gvfs_mount_by_device_node);
  g_test_add_func ("/usb-hygiene/process-holds-node", test_process_holds_node);
  g_test_add_func ("/usb-hygiene/unusable-modes", test_unusable_modes);
  g_test_add_func ("/usb-hygiene/storage-monitor", test_storage_monitor);

  return g_test_run ();
}
