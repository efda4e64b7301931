/* sc-ptp-responder.c: an emulated RICOH THETA V on USB for tests
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The object, the device it adds to the umockdev testbed and the test API.
 * The usbdevfs ioctls are answered in sc-ptp-responder-usb.c, the PTP
 * operations in sc-ptp-responder-ptp.c, and the media in
 * sc-ptp-responder-store.c (see sc-ptp-responder-private.h).
 */

#include "config.h"

#include "sc-ptp-responder-private.h"

G_DEFINE_FINAL_TYPE (ScPtpResponder, sc_ptp_responder, G_TYPE_OBJECT)

/* --- the device in the testbed --- */

static const guint8 descriptors[] = {
  /* device: USB 2.0, class per interface, EP0 64, VID/PID, bcdDevice 1.00, strings 1/2/3 */
  0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40,
  SC_PTP_RESPONDER_VID & 0xff, SC_PTP_RESPONDER_VID >> 8,
  SC_PTP_RESPONDER_PID & 0xff, SC_PTP_RESPONDER_PID >> 8,
  0x00, 0x01, 0x01, 0x02, 0x03, 0x01,
  /* configuration 1: one interface, self-powered */
  0x09, 0x02, 0x27, 0x00, 0x01, 0x01, 0x00, 0xc0, 0x01,
  /* interface 0: Still Image Capture 6/1/1, three endpoints */
  0x09, 0x04, 0x00, 0x00, 0x03, 0x06, 0x01, 0x01, 0x00,
  /* bulk IN, bulk OUT (512), interrupt IN (64, every 2^(9-1) µframes) */
  0x07, 0x05, SC_PTP_RESPONDER_EP_IN, 0x02, MAX_PACKET & 0xff, MAX_PACKET >> 8, 0x00,
  0x07, 0x05, SC_PTP_RESPONDER_EP_OUT, 0x02, MAX_PACKET & 0xff, MAX_PACKET >> 8, 0x00,
  0x07, 0x05, SC_PTP_RESPONDER_EP_EVENT, 0x03, EVENT_PACKET, 0x00, 0x09,
};

#define DEVICE_PATH "/devices/pci0000:00/0000:00:14.0/usb1/1-2"
#define WEBCAM_DEVICE_PATH "/devices/pci0000:00/0000:00:14.0/usb1/1-3"

static char *
device_record (void)
{
  g_autoptr(GString) hex = g_string_new (NULL);
  g_autofree char *devnode = g_strdup_printf ("bus/usb/%03d/%03d", SC_PTP_RESPONDER_BUS, SC_PTP_RESPONDER_ADDRESS);

  for (gsize i = 0; i < sizeof descriptors; i++)
    g_string_append_printf (hex, "%02x", descriptors[i]);

  return g_strdup_printf ("P: " DEVICE_PATH "\n"
                          "N: %s\n"
                          "E: SUBSYSTEM=usb\n"
                          "E: DRIVER=usb\n"
                          "E: DEVTYPE=usb_device\n"
                          "E: DEVNAME=/dev/%s\n"
                          "E: BUSNUM=%03d\n"
                          "E: DEVNUM=%03d\n"
                          "E: PRODUCT=5ca/368/100\n"
                          "E: ID_VENDOR_ID=05ca\n"
                          "E: ID_MODEL_ID=0368\n"
                          "A: idVendor=05ca\\n\n"
                          "A: idProduct=0368\\n\n"
                          "A: bcdDevice=0100\\n\n"
                          "A: bDeviceClass=00\\n\n"
                          "A: bNumConfigurations=1\\n\n"
                          "A: bNumInterfaces= 1\\n\n"
                          "A: bConfigurationValue=1\\n\n"
                          "A: busnum=%d\\n\n"
                          "A: devnum=%d\\n\n"
                          "A: speed=480\\n\n"
                          "A: manufacturer=Ricoh Company, Ltd.\\n\n"
                          "A: product=" SC_PTP_RESPONDER_MODEL "\\n\n"
                          "A: serial=" SC_PTP_RESPONDER_SERIAL "\\n\n"
                          "H: descriptors=%s\n"
                          "\n"
                          "P: " DEVICE_PATH "/1-2:1.0\n"
                          "E: SUBSYSTEM=usb\n"
                          "E: DEVTYPE=usb_interface\n"
                          "E: INTERFACE=6/1/1\n"
                          "A: bInterfaceNumber=00\\n\n"
                          "A: bInterfaceClass=06\\n\n"
                          "A: bInterfaceSubClass=01\\n\n"
                          "A: bInterfaceProtocol=01\\n\n"
                          "A: bNumEndpoints=03\\n\n",
                          devnode, devnode,
                          SC_PTP_RESPONDER_BUS, SC_PTP_RESPONDER_ADDRESS,
                          SC_PTP_RESPONDER_BUS, SC_PTP_RESPONDER_ADDRESS,
                          hex->str);
}

static void
sc_ptp_responder_finalize (GObject *object)
{
  ScPtpResponder *self = (ScPtpResponder *)object;
  g_autofree char *devnode = g_strdup_printf ("/dev/bus/usb/%03d/%03d", SC_PTP_RESPONDER_BUS, SC_PTP_RESPONDER_ADDRESS);

  if (self->handler != NULL)
    umockdev_testbed_detach_ioctl (self->testbed, devnode, NULL);
  g_clear_object (&self->handler);
  g_clear_object (&self->testbed);
  g_queue_clear_full (&self->pending_in, (GDestroyNotify)_sc_ptp_urb_free);
  g_queue_clear_full (&self->pending_event, (GDestroyNotify)_sc_ptp_urb_free);
  g_queue_clear_full (&self->reapable, (GDestroyNotify)_sc_ptp_urb_free);
  g_queue_clear_full (&self->in_queue, (GDestroyNotify)_sc_ptp_in_container_free);
  g_queue_clear_full (&self->events, (GDestroyNotify)g_bytes_unref);
  g_clear_pointer (&self->out, g_byte_array_unref);
  g_clear_pointer (&self->objects, g_ptr_array_unref);
  g_free (self->sysfs_path);
  g_free (self->date_time);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sc_ptp_responder_parent_class)->finalize (object);
}

static void
sc_ptp_responder_class_init (ScPtpResponderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_ptp_responder_finalize;
}

static void
sc_ptp_responder_init (ScPtpResponder *self)
{
  g_mutex_init (&self->lock);
  self->out = g_byte_array_new ();
  self->objects = g_ptr_array_new_with_free_func ((GDestroyNotify)_sc_ptp_object_free);
  self->next_handle = 1;
  self->date_time = g_strdup ("20260417T093000+0900");
}

/**
 * sc_ptp_responder_new:
 * @testbed: the umockdev testbed to add the camera to
 * @error: a location for a #GError
 *
 * Adds an emulated THETA V to @testbed (bus %SC_PTP_RESPONDER_BUS, address
 * %SC_PTP_RESPONDER_ADDRESS) with a DCIM/100RICOH folder holding
 * %SC_PTP_RESPONDER_N_PHOTOS photos and one lazily generated video of
 * %SC_PTP_RESPONDER_BIG_SIZE bytes, and answers its ioctls until it is
 * finalized.
 *
 * Returns: (transfer full): the responder, or %NULL with @error set
 */
ScPtpResponder *
sc_ptp_responder_new (UMockdevTestbed  *testbed,
                      GError          **error)
{
  g_autoptr(ScPtpResponder) self = g_object_new (SC_TYPE_PTP_RESPONDER, NULL);
  g_autofree char *devnode = g_strdup_printf ("/dev/bus/usb/%03d/%03d", SC_PTP_RESPONDER_BUS, SC_PTP_RESPONDER_ADDRESS);
  g_autofree char *record = device_record ();
  const Media *media = _sc_ptp_responder_get_media ();
  PtpObject *big;

  g_return_val_if_fail (UMOCKDEV_IS_TESTBED (testbed), NULL);

  self->testbed = g_object_ref (testbed);
  self->sysfs_path = g_strdup ("/sys" DEVICE_PATH);

  _sc_ptp_responder_add_object (self, 0, PTP_OFC_ASSOCIATION, "DCIM", NULL, NULL);
  _sc_ptp_responder_add_object (self, SC_PTP_RESPONDER_HANDLE_DCIM, PTP_OFC_ASSOCIATION, "100RICOH", NULL, NULL);
  for (guint i = 0; i < SC_PTP_RESPONDER_N_PHOTOS; i++)
    {
      g_autofree char *name = g_strdup_printf ("R00100%02u.JPG", i + 1);

      _sc_ptp_responder_add_object (self, SC_PTP_RESPONDER_HANDLE_FOLDER, PTP_OFC_EXIF_JPEG, name,
                                    media->jpegs[i], media->thumbs[i]);
    }
  big = _sc_ptp_responder_add_object (self, SC_PTP_RESPONDER_HANDLE_FOLDER, MTP_OFC_MP4, "R0010100.MP4", NULL, NULL);
  big->lazy = TRUE;
  big->size = SC_PTP_RESPONDER_BIG_SIZE;
  self->big_handle = big->handle;

  /* The handler first, so that libusb can open the node once the device appears. */
  self->handler = umockdev_ioctl_base_new ();
  g_signal_connect (self->handler, "handle-ioctl", G_CALLBACK (_sc_ptp_responder_on_handle_ioctl_cb), self);
  if (!umockdev_testbed_attach_ioctl (testbed, devnode, self->handler, error))
    return NULL;
  if (!umockdev_testbed_add_from_string (testbed, record, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
sc_ptp_responder_get_sysfs_path (ScPtpResponder *self)
{
  g_return_val_if_fail (SC_IS_PTP_RESPONDER (self), NULL);

  return self->sysfs_path;
}

/**
 * sc_ptp_responder_set_claim_busy:
 * @self: a #ScPtpResponder
 * @busy: whether another program holds the camera's interface
 *
 * While @busy, claiming the interface fails with EBUSY (libusb's
 * LIBUSB_ERROR_BUSY), as when gvfs's daemon has the camera.
 */
void
sc_ptp_responder_set_claim_busy (ScPtpResponder *self,
                                 gboolean        busy)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (SC_IS_PTP_RESPONDER (self));

  locker = g_mutex_locker_new (&self->lock);
  self->claim_busy = busy;
}

/**
 * sc_ptp_responder_add_webcam_mode:
 * @testbed: the umockdev testbed
 * @error: a location for a #GError
 *
 * Adds a second THETA V (bus %SC_PTP_RESPONDER_BUS, address
 * %SC_PTP_RESPONDER_WEBCAM_ADDRESS) in live-streaming mode: its only
 * interface is USB video (class 14), no still-image one. Nothing answers
 * its ioctls: it is only for enumeration.
 *
 * Returns: the device's sysfs path (free it), or %NULL with @error set
 */
char *
sc_ptp_responder_add_webcam_mode (UMockdevTestbed  *testbed,
                                  GError          **error)
{
  static const guint8 webcam_descriptors[] = {
    0x12, 0x01, 0x00, 0x02, 0xef, 0x02, 0x01, 0x40,
    SC_PTP_RESPONDER_VID & 0xff, SC_PTP_RESPONDER_VID >> 8,
    SC_PTP_RESPONDER_PID & 0xff, SC_PTP_RESPONDER_PID >> 8,
    0x00, 0x01, 0x01, 0x02, 0x03, 0x01,
    /* configuration 1: one interface */
    0x09, 0x02, 0x12, 0x00, 0x01, 0x01, 0x00, 0xc0, 0x01,
    /* interface 0: Video Control 14/1/0, no endpoints */
    0x09, 0x04, 0x00, 0x00, 0x00, 0x0e, 0x01, 0x00, 0x00,
  };
  g_autoptr(GString) hex = g_string_new (NULL);
  g_autofree char *devnode = g_strdup_printf ("bus/usb/%03d/%03d", SC_PTP_RESPONDER_BUS,
                                              SC_PTP_RESPONDER_WEBCAM_ADDRESS);
  g_autofree char *record = NULL;

  for (gsize i = 0; i < sizeof webcam_descriptors; i++)
    g_string_append_printf (hex, "%02x", webcam_descriptors[i]);

  record = g_strdup_printf ("P: " WEBCAM_DEVICE_PATH "\n"
                            "N: %s\n"
                            "E: SUBSYSTEM=usb\n"
                            "E: DEVTYPE=usb_device\n"
                            "E: DEVNAME=/dev/%s\n"
                            "E: BUSNUM=%03d\n"
                            "E: DEVNUM=%03d\n"
                            "A: idVendor=05ca\\n\n"
                            "A: idProduct=0368\\n\n"
                            "A: bDeviceClass=ef\\n\n"
                            "A: bNumConfigurations=1\\n\n"
                            "A: bConfigurationValue=1\\n\n"
                            "A: busnum=%d\\n\n"
                            "A: devnum=%d\\n\n"
                            "A: speed=480\\n\n"
                            "A: product=" SC_PTP_RESPONDER_MODEL "\\n\n"
                            "H: descriptors=%s\n",
                            devnode, devnode,
                            SC_PTP_RESPONDER_BUS, SC_PTP_RESPONDER_WEBCAM_ADDRESS,
                            SC_PTP_RESPONDER_BUS, SC_PTP_RESPONDER_WEBCAM_ADDRESS,
                            hex->str);
  if (!umockdev_testbed_add_from_string (testbed, record, error))
    return NULL;
  return g_strdup ("/sys" WEBCAM_DEVICE_PATH);
}

/**
 * sc_ptp_responder_set_fault:
 * @self: a #ScPtpResponder
 * @fault: the fault for the next transfers (see #ScPtpFault)
 *
 * Arms @fault, replacing any fault that has not struck yet.
 */
void
sc_ptp_responder_set_fault (ScPtpResponder *self,
                            ScPtpFault      fault)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (SC_IS_PTP_RESPONDER (self));

  locker = g_mutex_locker_new (&self->lock);
  self->fault = fault;
}

gboolean
sc_ptp_responder_is_gone (ScPtpResponder *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SC_IS_PTP_RESPONDER (self), FALSE);

  locker = g_mutex_locker_new (&self->lock);
  return self->gone;
}

gboolean
sc_ptp_responder_has_session (ScPtpResponder *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SC_IS_PTP_RESPONDER (self), FALSE);

  locker = g_mutex_locker_new (&self->lock);
  return self->session_id != 0;
}

/**
 * sc_ptp_responder_dup_object:
 * @self: a #ScPtpResponder
 * @handle: an object handle
 *
 * Returns: (transfer full) (nullable): the bytes of a stored object (not
 *   of the lazy one, nor of folders), %NULL if there is no such object
 */
GBytes *
sc_ptp_responder_dup_object (ScPtpResponder *self,
                             guint32         handle)
{
  g_autoptr(GMutexLocker) locker = NULL;
  PtpObject *object;

  g_return_val_if_fail (SC_IS_PTP_RESPONDER (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  object = _sc_ptp_responder_find_object (self, handle);
  return object != NULL && object->data != NULL ? g_bytes_ref (object->data) : NULL;
}

GBytes *
sc_ptp_responder_dup_thumb (ScPtpResponder *self,
                            guint32         handle)
{
  g_autoptr(GMutexLocker) locker = NULL;
  PtpObject *object;

  g_return_val_if_fail (SC_IS_PTP_RESPONDER (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  object = _sc_ptp_responder_find_object (self, handle);
  return object != NULL && object->thumb != NULL ? g_bytes_ref (object->thumb) : NULL;
}

gboolean
sc_ptp_responder_has_object (ScPtpResponder *self,
                             guint32         handle)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SC_IS_PTP_RESPONDER (self), FALSE);

  locker = g_mutex_locker_new (&self->lock);
  return _sc_ptp_responder_find_object (self, handle) != NULL;
}

guint32
sc_ptp_responder_get_big_handle (ScPtpResponder *self)
{
  g_return_val_if_fail (SC_IS_PTP_RESPONDER (self), 0);

  return self->big_handle;
}

guint
sc_ptp_responder_get_n_objects (ScPtpResponder *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SC_IS_PTP_RESPONDER (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  return self->objects->len;
}
