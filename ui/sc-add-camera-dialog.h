/* sc-add-camera-dialog.h
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

#define SC_TYPE_ADD_CAMERA_DIALOG (sc_add_camera_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ScAddCameraDialog, sc_add_camera_dialog, SC, ADD_CAMERA_DIALOG,
                      AdwMessageDialog)

ScAddCameraDialog *sc_add_camera_dialog_new            (GtkWindow          *parent);
char              *sc_add_camera_dialog_dup_uri        (ScAddCameraDialog  *self);
const char        *sc_add_camera_dialog_get_username   (ScAddCameraDialog  *self);
const char        *sc_add_camera_dialog_get_password   (ScAddCameraDialog  *self);
void               sc_add_camera_dialog_set_address    (ScAddCameraDialog  *self,
                                                        const char         *address);
void               sc_add_camera_dialog_set_discovery  (ScAddCameraDialog  *self,
                                                        ScCameraDiscovery  *discovery);
char              *sc_add_camera_dialog_parse_address  (const char         *address,
                                                        GError            **error);

G_END_DECLS
