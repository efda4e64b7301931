/* sc-window.h
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

#include "sc-camera-page.h"
#include "sc-library-page.h"

G_BEGIN_DECLS

#define SC_TYPE_WINDOW (sc_window_get_type ())

G_DECLARE_FINAL_TYPE (ScWindow, sc_window, SC, WINDOW, AdwApplicationWindow)

ScWindow        *sc_window_new                (GtkApplication  *application);
const char      *sc_window_get_page           (ScWindow        *self);
void             sc_window_set_page           (ScWindow        *self,
                                               const char      *page);
void             sc_window_add_toast          (ScWindow        *self,
                                               AdwToast        *toast);
ScJobManager    *sc_window_get_job_manager    (ScWindow        *self);
void             sc_window_set_job_manager    (ScWindow        *self,
                                               ScJobManager    *manager);
ScCameraMonitor *sc_window_get_camera_monitor (ScWindow        *self);
void             sc_window_set_camera_monitor (ScWindow        *self,
                                               ScCameraMonitor *monitor);
ScCameraPage    *sc_window_get_camera_page    (ScWindow        *self);
ScLibraryPage   *sc_window_get_library_page   (ScWindow        *self);
ScDataInventory *sc_window_get_data_inventory (ScWindow        *self);
void             sc_window_set_data_inventory (ScWindow        *self,
                                               ScDataInventory *inventory);
gboolean         sc_window_get_consent_accepted (ScWindow      *self);

G_END_DECLS
