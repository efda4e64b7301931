/* sc-usb-monitor.h
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
#include "sc-ptp-camera.h"

G_BEGIN_DECLS

#define SC_TYPE_USB_MONITOR (sc_usb_monitor_get_type ())

G_DECLARE_FINAL_TYPE (ScUsbMonitor, sc_usb_monitor, SC, USB_MONITOR, GObject)

/*
 * ScUsbMonitor: finds USB cameras that speak PTP (an interface of class
 * 6/1/1, or a known camera's vendor-specific interface by VID:PID) and
 * follows hot-plug. Uses libusb's hot-plug callbacks where libusb has them
 * (events handled on a thread of its own, results marshalled to the
 * thread-default main context of the caller of sc_usb_monitor_start()),
 * else re-enumerates every couple of seconds.
 *
 * Signals (emitted in that main context):
 *   "camera-added"   (ScCamera *camera)  a new ScPtpCamera, not connected
 *   "camera-removed" (ScCamera *camera)  the same object, after unplug
 *   "unusable-camera" (const char *message)  a known camera in a USB mode
 *                                            we cannot use (webcam, disk):
 *                                            what to do; once per plug
 */

ScUsbMonitor *sc_usb_monitor_new          (void);
gboolean      sc_usb_monitor_start        (ScUsbMonitor  *self,
                                           GError       **error);
void          sc_usb_monitor_stop         (ScUsbMonitor  *self);
void          sc_usb_monitor_rescan       (ScUsbMonitor  *self);
GPtrArray    *sc_usb_monitor_dup_cameras  (ScUsbMonitor  *self);

gboolean      sc_usb_is_known_ptp_camera  (guint16        vendor_id,
                                           guint16        product_id);

G_END_DECLS
