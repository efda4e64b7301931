/* sc-camera-record.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

#define SC_TYPE_CAMERA_RECORD (sc_camera_record_get_type ())

G_DECLARE_FINAL_TYPE (ScCameraRecord, sc_camera_record, SC, CAMERA_RECORD, GObject)

/* What ScCameraRegistry remembers about one camera: how to reach it and
 * how to show it. Never a password (see the registry's credentials API). */
ScCameraRecord *sc_camera_record_new                    (const char     *id);
ScCameraRecord *sc_camera_record_copy                   (ScCameraRecord *self);
const char     *sc_camera_record_get_id                 (ScCameraRecord *self);
const char     *sc_camera_record_get_uri                (ScCameraRecord *self);
void            sc_camera_record_set_uri                (ScCameraRecord *self,
                                                         const char     *uri);
const char     *sc_camera_record_get_display_name       (ScCameraRecord *self);
void            sc_camera_record_set_display_name       (ScCameraRecord *self,
                                                         const char     *display_name);
const char     *sc_camera_record_get_model              (ScCameraRecord *self);
void            sc_camera_record_set_model              (ScCameraRecord *self,
                                                         const char     *model);
const char     *sc_camera_record_get_serial_number      (ScCameraRecord *self);
void            sc_camera_record_set_serial_number      (ScCameraRecord *self,
                                                         const char     *serial_number);
const char     *sc_camera_record_get_firmware_version   (ScCameraRecord *self);
void            sc_camera_record_set_firmware_version   (ScCameraRecord *self,
                                                         const char     *firmware_version);
const char     *sc_camera_record_get_wifi_ssid          (ScCameraRecord *self);
void            sc_camera_record_set_wifi_ssid          (ScCameraRecord *self,
                                                         const char     *wifi_ssid);
const char     *sc_camera_record_get_username           (ScCameraRecord *self);
void            sc_camera_record_set_username           (ScCameraRecord *self,
                                                         const char     *username);
GDateTime      *sc_camera_record_get_last_connected     (ScCameraRecord *self);
void            sc_camera_record_set_last_connected     (ScCameraRecord *self,
                                                         GDateTime      *last_connected);

G_END_DECLS
