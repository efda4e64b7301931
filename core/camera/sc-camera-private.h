/* sc-camera-private.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/* ScCamera is implemented in:
 *   sc-camera.c             the interface, its properties and signals,
 *                           sc_camera_new_for_uri(), the getters and the
 *                           helpers for backends declared here
 *   sc-camera-operations.c  the async operations: consent check, then the
 *                           backend's vfunc
 */

#include "sc-camera.h"

G_BEGIN_DECLS

/* The ScCamera interface properties a backend overrides, in the order
 * _sc_camera_class_override_properties() installs them. A backend's
 * property enum lists them in exactly this order, starting at the id it
 * passes as @first_prop_id:
 *
 *   PROP_ID, PROP_DISPLAY_NAME, PROP_URI, PROP_IS_CONNECTED, PROP_MODEL,
 *   PROP_MANUFACTURER, PROP_SERIAL_NUMBER, PROP_FIRMWARE_VERSION, PROP_STATE
 */
#define SC_CAMERA_N_OVERRIDDEN_PROPS 9

void _sc_camera_class_override_properties (GObjectClass  *klass,
                                           guint          first_prop_id,
                                           GParamSpec   **pspecs);
void _sc_camera_value_set_state           (GValue        *value,
                                           GVariant      *state);
gboolean _sc_camera_set_string            (char         **field,
                                           const char    *value);

/* For backends: emit the interface's signals. Backends tag their GTasks
 * with their own functions, never with the sc_camera_*_async wrappers
 * (those tags mark "not implemented" reports). */
void _sc_camera_emit_state_changed (ScCamera     *self);
void _sc_camera_emit_file_added    (ScCamera     *self,
                                    ScCameraFile *file);
void _sc_camera_emit_disconnected  (ScCamera     *self,
                                    const GError *error);

G_END_DECLS
