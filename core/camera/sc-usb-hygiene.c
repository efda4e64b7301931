/* sc-usb-hygiene.c: who holds a USB camera, releasing gvfs's hold, and
 * USB modes we cannot use
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-usb-hygiene"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-usb-hygiene.h"

/* USB interface classes (usb.org "Defined Class Codes") */
#define USB_CLASS_AUDIO         0x01
#define USB_CLASS_MASS_STORAGE  0x08
#define USB_CLASS_STILL_IMAGE   0x06
#define USB_CLASS_VIDEO         0x0E

#define RICOH_VENDOR_ID         0x05CA

static char *
device_path_for (guint bus_number,
                 guint device_address)
{
  return g_strdup_printf ("/dev/bus/usb/%03u/%03u", bus_number, device_address);
}

static gboolean
is_gvfs_camera_uri (const char *uri)
{
  return g_str_has_prefix (uri, "gphoto2://") || g_str_has_prefix (uri, "mtp://");
}

/* gvfs names a camera's mount "gphoto2://[usb:BBB,DDD]/" (and mtp:// the
 * same way) in the versions that put the address in the URI; newer ones
 * name it after the device, and the volume's unix-device identifier
 * (/dev/bus/usb/BBB/DDD) is what ties it to the camera. */
static gboolean
uri_names_device (const char *uri,
                  guint       bus_number,
                  guint       device_address)
{
  g_autofree char *needle = g_strdup_printf ("[usb:%03u,%03u]", bus_number, device_address);

  return is_gvfs_camera_uri (uri) && strstr (uri, needle) != NULL;
}

static gboolean
volume_is_device (GVolume    *volume,
                  const char *device_path)
{
  g_autofree char *unix_device = g_volume_get_identifier (volume, G_VOLUME_IDENTIFIER_KIND_UNIX_DEVICE);

  return g_strcmp0 (unix_device, device_path) == 0;
}

/* The gvfs mount of the camera at BUS:ADDRESS, or NULL. */
static GMount *
find_gvfs_mount (guint bus_number,
                 guint device_address)
{
  g_autoptr(GVolumeMonitor) monitor = g_volume_monitor_get ();
  g_autofree char *device_path = device_path_for (bus_number, device_address);
  GList *mounts = g_volume_monitor_get_mounts (monitor);
  GMount *found = NULL;

  for (GList *l = mounts; l != NULL && found == NULL; l = l->next)
    {
      GMount *mount = l->data;
      g_autoptr(GFile) root = g_mount_get_root (mount);
      g_autofree char *uri = g_file_get_uri (root);
      g_autoptr(GVolume) volume = g_mount_get_volume (mount);

      if (!is_gvfs_camera_uri (uri))
        continue;
      if (uri_names_device (uri, bus_number, device_address) ||
          (volume != NULL && volume_is_device (volume, device_path)))
        found = g_object_ref (mount);
    }
  g_list_free_full (mounts, g_object_unref);
  if (found != NULL)
    return found;

  /* A volume for the device whose mount does not point back to it:
   * match the mount by the volume's activation root. */
  {
    GList *volumes = g_volume_monitor_get_volumes (monitor);

    for (GList *l = volumes; l != NULL && found == NULL; l = l->next)
      {
        GVolume *volume = l->data;
        g_autoptr(GFile) activation_root = NULL;

        if (!volume_is_device (volume, device_path))
          continue;

        found = g_volume_get_mount (volume);
        if (found != NULL)
          break;

        activation_root = g_volume_get_activation_root (volume);
        if (activation_root != NULL)
          found = g_file_find_enclosing_mount (activation_root, NULL, NULL);
      }
    g_list_free_full (volumes, g_object_unref);
  }

  return found;
}

/**
 * _sc_usb_find_process_holding:
 * @device_path: a device node, e.g. "/dev/bus/usb/001/005"
 * @include_self: whether this process counts
 *
 * Looks through /proc for a process of this user that has @device_path
 * open (the processes of other users cannot be seen, and are not named).
 *
 * Returns: (transfer full) (nullable): "NAME (process PID)", or %NULL
 */
char *
_sc_usb_find_process_holding (const char *device_path,
                              gboolean    include_self)
{
  g_autoptr(GDir) proc = NULL;
  const char *pid_name;
  pid_t self_pid = getpid ();

  g_return_val_if_fail (device_path != NULL, NULL);

  proc = g_dir_open ("/proc", 0, NULL);
  if (proc == NULL)
    return NULL;

  while ((pid_name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *fd_path = NULL;
      g_autoptr(GDir) fds = NULL;
      const char *fd_name;
      char *end = NULL;
      long pid = strtol (pid_name, &end, 10);

      if (end == pid_name || *end != '\0' || pid <= 0)
        continue;
      if (pid == self_pid && !include_self)
        continue;

      fd_path = g_build_filename ("/proc", pid_name, "fd", NULL);
      fds = g_dir_open (fd_path, 0, NULL);
      if (fds == NULL)
        continue;   /* another user's, or gone */

      while ((fd_name = g_dir_read_name (fds)) != NULL)
        {
          g_autofree char *link = g_build_filename (fd_path, fd_name, NULL);
          g_autofree char *target = g_file_read_link (link, NULL);
          g_autofree char *comm_path = NULL;
          g_autofree char *comm = NULL;

          if (g_strcmp0 (target, device_path) != 0)
            continue;

          comm_path = g_build_filename ("/proc", pid_name, "comm", NULL);
          if (!g_file_get_contents (comm_path, &comm, NULL, NULL))
            comm = g_strdup ("?");
          g_strstrip (comm);
          return g_strdup_printf (_("%s (process %ld)"), comm, pid);
        }
    }

  return NULL;
}

static gboolean
is_gvfs_process (const char *description)
{
  return g_str_has_prefix (description, "gvfsd-gphoto2 ") ||
         g_str_has_prefix (description, "gvfsd-mtp ") ||
         g_str_has_prefix (description, "gvfs-gphoto2-vo") ||
         g_str_has_prefix (description, "gvfs-mtp-volume");
}

/**
 * sc_usb_find_holder:
 * @bus_number: the camera's USB bus, as lsusb prints it
 * @device_address: its address on that bus
 *
 * Says who holds the camera when its interface cannot be claimed: GNOME's
 * gvfs when it has mounted the camera (a GIO mount with a gphoto2:// or
 * mtp:// root for this device), else a process of this user that has the
 * device node open. Call it in the main context: GIO's volume monitor
 * belongs to it.
 *
 * Returns: (transfer full) (nullable): a description for the user, such
 *   as "GNOME Files (gvfs)", or %NULL when nothing visible holds it
 */
char *
sc_usb_find_holder (guint bus_number,
                    guint device_address)
{
  g_autoptr(GMount) mount = find_gvfs_mount (bus_number, device_address);
  g_autofree char *device_path = NULL;
  g_autofree char *process = NULL;

  if (mount != NULL)
    return g_strdup (_("GNOME Files (gvfs)"));

  device_path = device_path_for (bus_number, device_address);
  process = _sc_usb_find_process_holding (device_path, FALSE);
  if (process != NULL && is_gvfs_process (process))
    return g_strdup (_("GNOME Files (gvfs)"));

  return g_steal_pointer (&process);
}

/**
 * sc_usb_holder_can_be_released:
 * @bus_number: the camera's USB bus
 * @device_address: its address on that bus
 *
 * Returns: %TRUE when the camera is held by a gvfs mount that
 *   sc_usb_release_holder_async() can unmount
 */
gboolean
sc_usb_holder_can_be_released (guint bus_number,
                               guint device_address)
{
  g_autoptr(GMount) mount = find_gvfs_mount (bus_number, device_address);

  return mount != NULL;
}

/**
 * sc_usb_set_busy_error:
 * @error: return location for a #GError
 * @holder: (nullable): what sc_usb_find_holder() said
 *
 * Sets %SC_CAMERA_ERROR_BUSY with a message that names the holder and
 * says what to do.
 */
void
sc_usb_set_busy_error (GError     **error,
                       const char  *holder)
{
  if (holder == NULL)
    g_set_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                 _("Another program is using the camera. Close programs that show the "
                   "camera’s files, then connect again."));
  else
    g_set_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                 _("%s is using the camera. Release it from Spherecam, or eject the camera "
                   "in that program, then connect again."),
                 holder);
}

static void
on_unmounted_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_mount_unmount_with_operation_finish (G_MOUNT (object), result, &error))
    {
      g_debug ("Unmounting the camera failed: %s", error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                                 _("GNOME Files (gvfs) did not let go of the camera (%s). "
                                   "Eject the camera in Files, then connect again."),
                                 error->message);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * sc_usb_release_holder_async:
 * @bus_number: the camera's USB bus
 * @device_address: its address on that bus
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done, in the thread-default main context
 * @user_data: closure
 *
 * Releases the camera from gvfs by unmounting its GIO mount
 * (g_mount_unmount_with_operation()); gvfs's daemon then closes the
 * device. Succeeds at once when nothing holds the camera; fails with
 * %SC_CAMERA_ERROR_BUSY, naming the program, when another program holds
 * it (Spherecam does not stop other programs).
 */
void
sc_usb_release_holder_async (guint                bus_number,
                             guint                device_address,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GMount) mount = NULL;
  g_autofree char *device_path = NULL;
  g_autofree char *process = NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_usb_release_holder_async);

  mount = find_gvfs_mount (bus_number, device_address);
  if (mount != NULL)
    {
      g_autofree char *name = g_mount_get_name (mount);

      g_debug ("Unmounting %s to release the camera at %u:%u", name, bus_number, device_address);
      g_mount_unmount_with_operation (mount, G_MOUNT_UNMOUNT_NONE, NULL, cancellable,
                                      on_unmounted_cb, g_steal_pointer (&task));
      return;
    }

  device_path = device_path_for (bus_number, device_address);
  process = _sc_usb_find_process_holding (device_path, FALSE);
  if (process != NULL)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                               _("%s is using the camera. Close that program, then connect "
                                 "again."),
                               process);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * sc_usb_release_holder_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE when nothing Spherecam can release holds the camera now
 */
gboolean
sc_usb_release_holder_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sc_usb_describe_unusable_mode:
 * @vendor_id: the device's idVendor
 * @product_id: the device's idProduct
 * @interface_classes: (array length=n_interface_classes): the bInterfaceClass
 *   of each of its interfaces (active configuration)
 * @n_interface_classes: how many
 *
 * For a camera (a known camera id, or a device the user picked) that
 * offers no PTP interface, says why Spherecam cannot use it in its
 * current USB mode and how to switch. Only modes that vendor documents
 * state are named:
 *
 * - a RICOH THETA in live-streaming mode presents UVC video (class 14)
 *   and UAC audio, no still-image interface (PROTOCOLS.md §2.9);
 * - a camera that presents only mass storage (class 8), as a Mi Sphere
 *   does over USB (MADV-PROTOCOL.md §1), is a disk: Spherecam shows it
 *   once it is mounted;
 * - any other camera with video but no still-image interface is in a
 *   webcam mode.
 *
 * Returns: (transfer full) (nullable): the message, or %NULL when the
 *   device has a still-image (PTP) interface or nothing is known
 */
char *
sc_usb_describe_unusable_mode (guint16       vendor_id,
                               guint16       product_id,
                               const guint8 *interface_classes,
                               gsize         n_interface_classes)
{
  gboolean has_still_image = FALSE;
  gboolean has_video = FALSE;
  gboolean only_mass_storage = n_interface_classes > 0;

  g_return_val_if_fail (interface_classes != NULL || n_interface_classes == 0, NULL);

  for (gsize i = 0; i < n_interface_classes; i++)
    {
      guint8 klass = interface_classes[i];

      has_still_image |= klass == USB_CLASS_STILL_IMAGE;
      has_video |= klass == USB_CLASS_VIDEO;
      only_mass_storage &= klass == USB_CLASS_MASS_STORAGE;
    }

  if (has_still_image)
    return NULL;

  if (has_video && vendor_id == RICOH_VENDOR_ID)
    return g_strdup (_("The RICOH THETA is in live-streaming (webcam) mode, in which it only "
                       "sends live video. Unplug it, turn it off, then turn it on without "
                       "holding the Mode button (or press Mode until the LIVE lamp goes out) "
                       "and plug it in again."));

  if (has_video)
    return g_strdup (_("The camera is in webcam (live-streaming) mode, in which it only sends "
                       "live video. Switch it to its file transfer or PTP mode in the camera’s "
                       "USB settings, then plug it in again."));

  if (only_mass_storage)
    return g_strdup (_("The camera is connected as a USB disk. Spherecam shows it once the "
                       "disk is mounted: open it in Files."));

  g_debug ("No known mode for %04x:%04x", vendor_id, product_id);
  return NULL;
}
