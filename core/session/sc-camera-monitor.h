/* sc-camera-monitor.h
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

#define SC_TYPE_CAMERA_MONITOR (sc_camera_monitor_get_type ())

G_DECLARE_FINAL_TYPE (ScCameraMonitor, sc_camera_monitor, SC, CAMERA_MONITOR, GObject)

ScCameraMonitor *sc_camera_monitor_new          (void);
ScCamera        *sc_camera_monitor_add_uri      (ScCameraMonitor  *self,
                                                 const char       *uri,
                                                 const char       *username,
                                                 const char       *password,
                                                 GError          **error);
void             sc_camera_monitor_add          (ScCameraMonitor  *self,
                                                 ScCamera         *camera);
void             sc_camera_monitor_remove       (ScCameraMonitor  *self,
                                                 ScCamera         *camera);
void             sc_camera_monitor_forget       (ScCameraMonitor  *self,
                                                 ScCamera         *camera);
ScCamera        *sc_camera_monitor_lookup       (ScCameraMonitor  *self,
                                                 const char       *id_or_uri);
void             sc_camera_monitor_disconnect_all (ScCameraMonitor *self);

G_END_DECLS
