/* sc-usb-hygiene.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Linux USB hygiene for cameras: who holds a camera we cannot claim
 * (GNOME's gvfs mounts PTP cameras through its gphoto2 and MTP backends,
 * and its daemon then owns the USB interface), releasing gvfs's hold by
 * unmounting through GIO, and the USB modes of known cameras we cannot use.
 *
 * Typical use by the PTP backend when libusb says LIBUSB_ERROR_BUSY:
 *
 *   g_autofree char *holder = sc_usb_find_holder (bus, address);
 *   sc_usb_set_busy_error (error, holder);          // tells the user
 *   ...
 *   sc_usb_release_holder_async (bus, address, …);  // the user said "Release"
 *   // then claim again
 */

char     *sc_usb_find_holder             (guint                bus_number,
                                          guint                device_address);
gboolean  sc_usb_holder_can_be_released  (guint                bus_number,
                                          guint                device_address);
void      sc_usb_set_busy_error          (GError             **error,
                                          const char          *holder);
void      sc_usb_release_holder_async    (guint                bus_number,
                                          guint                device_address,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean  sc_usb_release_holder_finish   (GAsyncResult        *result,
                                          GError             **error);
char     *sc_usb_describe_unusable_mode  (guint16              vendor_id,
                                          guint16              product_id,
                                          const guint8        *interface_classes,
                                          gsize                n_interface_classes);

/* For tests: the process (other than this one unless @include_self) that
 * has @device_path open, as "NAME (process PID)". */
char     *_sc_usb_find_process_holding   (const char          *device_path,
                                          gboolean             include_self);

G_END_DECLS
