/* sc-storage-monitor.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sc-camera.h"

G_BEGIN_DECLS

#define SC_TYPE_STORAGE_MONITOR (sc_storage_monitor_get_type ())

G_DECLARE_FINAL_TYPE (ScStorageMonitor, sc_storage_monitor, SC, STORAGE_MONITOR, GObject)

/*
 * ScStorageMonitor: follows GIO's volume monitor and turns every mounted
 * local volume whose root holds a DCIM folder into an ScStorageCamera.
 * Mounts of gvfs backends (gphoto2://, mtp://…) are left out: those are
 * PTP cameras, for ScUsbMonitor.
 *
 * Signals (emitted in the thread-default main context of the caller of
 * sc_storage_monitor_start()):
 *   "camera-added"   (ScCamera *camera)  a new ScStorageCamera, not connected
 *   "camera-removed" (ScCamera *camera)  the same object, after its disk left
 */

ScStorageMonitor *sc_storage_monitor_new         (void);
gboolean          sc_storage_monitor_start       (ScStorageMonitor  *self,
                                                  GError           **error);
void              sc_storage_monitor_stop        (ScStorageMonitor  *self);
GPtrArray        *sc_storage_monitor_dup_cameras (ScStorageMonitor  *self);

G_END_DECLS
