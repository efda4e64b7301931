/* sc-service.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sc-core.h>

G_BEGIN_DECLS

#define SC_SERVICE_OBJECT_PATH "/org/spherecam/Spherecam"

/* How long a service started by D-Bus activation, with no window, stays up
 * after its last call or job. */
#define SERVICE_INACTIVITY_TIMEOUT_MS 60000

#define SC_TYPE_SERVICE (sc_service_get_type ())

G_DECLARE_FINAL_TYPE (ScService, sc_service, SC, SERVICE, GObject)

ScService    *sc_service_new              (GApplication     *application);
ScJobManager *sc_service_get_job_manager  (ScService        *self);
gboolean      sc_service_export           (ScService        *self,
                                           GDBusConnection  *connection,
                                           GError          **error);
void          sc_service_unexport         (ScService        *self);
ScCameraMonitor *sc_service_get_camera_monitor (ScService     *self);
ScUsbMonitor    *sc_service_get_usb_monitor    (ScService     *self);
void          sc_service_add_demo_camera  (ScService        *self,
                                           const char       *uri);
ScConsent    *sc_service_get_consent      (ScService        *self);
ScDataInventory *sc_service_get_data_inventory (ScService     *self);
ScLocationSource *sc_service_get_location_source (ScService   *self);
ScUsageStats *sc_service_get_usage_stats  (ScService        *self);

G_END_DECLS
