/* sc-camera-page.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_UI_INSIDE) && !defined (SC_UI_COMPILATION)
# error "Only <sc-ui.h> can be included directly."
#endif

#include <adwaita.h>
#include <sc-core.h>

G_BEGIN_DECLS

#define SC_TYPE_CAMERA_PAGE (sc_camera_page_get_type ())

G_DECLARE_FINAL_TYPE (ScCameraPage, sc_camera_page, SC, CAMERA_PAGE, GtkWidget)

ScCameraMonitor *sc_camera_page_get_monitor       (ScCameraPage    *self);
void             sc_camera_page_set_monitor       (ScCameraPage    *self,
                                                   ScCameraMonitor *monitor);
ScJobManager    *sc_camera_page_get_job_manager   (ScCameraPage    *self);
void             sc_camera_page_set_job_manager   (ScCameraPage    *self,
                                                   ScJobManager    *manager);
ScCamera        *sc_camera_page_get_camera        (ScCameraPage    *self);
void             sc_camera_page_set_camera        (ScCameraPage    *self,
                                                   ScCamera        *camera);
gboolean         sc_camera_page_get_can_capture   (ScCameraPage    *self);
gboolean         sc_camera_page_get_can_record    (ScCameraPage    *self);
gboolean         sc_camera_page_get_recording     (ScCameraPage    *self);
ScCameraFile    *sc_camera_page_get_last_file     (ScCameraPage    *self);
void             sc_camera_page_connect_camera    (ScCameraPage    *self,
                                                   ScCamera        *camera);
void             sc_camera_page_add_camera        (ScCameraPage    *self);
void             sc_camera_page_capture           (ScCameraPage    *self);
void             sc_camera_page_toggle_recording  (ScCameraPage    *self);
void             sc_camera_page_download_file     (ScCameraPage    *self,
                                                   const char      *uri);

G_END_DECLS
