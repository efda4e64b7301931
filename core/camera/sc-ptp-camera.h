/* sc-ptp-camera.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sc-camera.h"

G_BEGIN_DECLS

#define SC_TYPE_PTP_CAMERA (sc_ptp_camera_get_type ())

G_DECLARE_FINAL_TYPE (ScPtpCamera, sc_ptp_camera, SC, PTP_CAMERA, GObject)

/* Default timeout of one USB transfer, in milliseconds. */
#define SC_PTP_DEFAULT_TIMEOUT_MS 5000
/* How long sc_camera_take_picture_async() waits for ObjectAdded and
 * CaptureComplete on the interrupt endpoint, in milliseconds. */
#define SC_PTP_CAPTURE_TIMEOUT_MS 30000

/*
 * ScPtpCamera: a camera that speaks PTP (ISO 15740 / MTP) over USB, through
 * libusb-1.0. An #ScCamera:
 *
 *   "uri"   "usb:BUS:ADDR" (decimal, as lsusb prints them)
 *   "id"    "ptp:SERIAL" once GetDeviceInfo gave the serial number; the
 *           URI before
 *
 * File URIs (ScCameraFile "uri") are "usb:BUS:ADDR/HANDLE/PATH": HANDLE is
 * the PTP ObjectHandle in 8 hex digits, PATH the names of the parent
 * folders and the file, e.g. "usb:3:7/00000012/DCIM/100RICOH/R0010012.JPG".
 * sc_camera_delete_files_async() and sc_camera_download_async() read the
 * handle from it.
 *
 * sc_camera_get_info() adds, next to "model", "manufacturer",
 * "serialNumber", "firmwareVersion": "vendorId" (q), "productId" (q),
 * "busNumber" (y), "deviceAddress" (y), "standardVersion" (q),
 * "vendorExtensionId" (u), "vendorExtensionDesc" (s), "operations" (aq),
 * "events" (aq), "properties" (aq), "captureFormats" (aq), "imageFormats"
 * (aq).
 *
 * "state": "batteryLevel" (d 0..1, from property 0x5001 where offered),
 * "totalSpace"/"remainingSpace" (t, summed over the storages),
 * "remainingPictures" (u), "storages" (aa{sv}: "id" u, "description" s,
 * "totalSpace" t, "remainingSpace" t, "readOnly" b).
 *
 * Options (sc_camera_get_options_async / set): "batteryLevel" (d, read-only,
 * property 0x5001), "dateTimeZone" (s, "YYYY:MM:DD hh:mm:ss+hh:mm" like OSC;
 * property 0x5011), "captureMode" (s, "image" / "video" from 0x5013 on
 * THETA), "captureStatus" (s, 0xD808 on THETA). Others fail with
 * %SC_CAMERA_ERROR_UNSUPPORTED.
 *
 * Errors (domain %SC_CAMERA_ERROR unless noted):
 *   %SC_CAMERA_ERROR_BUSY         the USB interface is claimed by another
 *                                 program (LIBUSB_ERROR_BUSY; often GNOME's
 *                                 gvfs): the message says so and
 *                                 sc_ptp_camera_get_holder() is non-%NULL;
 *                                 or the camera answered DeviceBusy
 *   %SC_CAMERA_ERROR_NO_DEVICE    the camera was unplugged (LIBUSB_ERROR_NO_DEVICE);
 *                                 the camera also emits "disconnected"
 *   %SC_CAMERA_ERROR_PROTOCOL     a malformed container, a wrong transaction
 *                                 id, a short data phase, an unexpected
 *                                 response code; a stall is recovered (clear
 *                                 halt) before this is returned, so the next
 *                                 operation works
 *   %SC_CAMERA_ERROR_UNSUPPORTED  the camera does not offer the operation
 *   %SC_CAMERA_ERROR_PERMISSION_DENIED  the device node cannot be opened
 *                                 (LIBUSB_ERROR_ACCESS: udev rules missing)
 *   G_IO_ERROR_TIMED_OUT          a transfer did not complete in time
 *   G_IO_ERROR_NO_SPACE           the camera's store is full (StoreFull)
 *   G_IO_ERROR_CANCELLED          cancelled (a Cancel class request was sent)
 *
 * Downloads go to ".NAME.usb.part" in the target folder, are fsynced,
 * checked against ObjectCompressedSize (or, for objects of 4 GiB and more
 * whose size field is 0xFFFFFFFF, read to the short packet) and renamed
 * only when complete. A broken transfer leaves only that temporary file;
 * the next download of the same file resumes it with GetPartialObject when
 * the camera offers it (objects under 4 GiB), and starts again otherwise.
 */

ScPtpCamera *sc_ptp_camera_new                  (guint8        bus_number,
                                                 guint8        device_address);
ScPtpCamera *sc_ptp_camera_new_for_uri          (const char   *uri,
                                                 GError      **error);
guint8       sc_ptp_camera_get_bus_number       (ScPtpCamera  *self);
guint8       sc_ptp_camera_get_device_address   (ScPtpCamera  *self);
guint16      sc_ptp_camera_get_vendor_id        (ScPtpCamera  *self);
guint16      sc_ptp_camera_get_product_id       (ScPtpCamera  *self);
const char  *sc_ptp_camera_get_holder           (ScPtpCamera  *self);
gboolean     sc_ptp_camera_can_release_holder   (ScPtpCamera  *self);
void         sc_ptp_camera_release_holder_async (ScPtpCamera  *self,
                                                 GCancellable *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer      user_data);
gboolean     sc_ptp_camera_release_holder_finish (ScPtpCamera *self,
                                                 GAsyncResult *result,
                                                 GError      **error);
gboolean     sc_ptp_camera_supports_operation   (ScPtpCamera  *self,
                                                 guint16       operation_code);
void         sc_ptp_camera_set_timeout          (ScPtpCamera  *self,
                                                 guint         timeout_ms);
guint        sc_ptp_camera_get_timeout          (ScPtpCamera  *self);
void         sc_ptp_camera_reset_device_async   (ScPtpCamera  *self,
                                                 GCancellable *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer      user_data);
gboolean     sc_ptp_camera_reset_device_finish  (ScPtpCamera  *self,
                                                 GAsyncResult *result,
                                                 GError      **error);
void         sc_ptp_camera_get_thumbnail_async  (ScPtpCamera  *self,
                                                 ScCameraFile *file,
                                                 GCancellable *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer      user_data);
GBytes      *sc_ptp_camera_get_thumbnail_finish (ScPtpCamera  *self,
                                                 GAsyncResult *result,
                                                 GError      **error);
void         sc_ptp_camera_read_object_async    (ScPtpCamera  *self,
                                                 ScCameraFile *file,
                                                 GOutputStream *stream,
                                                 GCancellable *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer      user_data);
gboolean     sc_ptp_camera_read_object_finish   (ScPtpCamera  *self,
                                                 GAsyncResult *result,
                                                 guint64      *length,
                                                 GError      **error);

G_END_DECLS
