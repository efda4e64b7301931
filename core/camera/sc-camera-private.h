/* sc-camera-private.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sc-camera.h"

G_BEGIN_DECLS

/* For backends: emit the interface's signals. Backends tag their GTasks
 * with their own functions, never with the sc_camera_*_async wrappers
 * (those tags mark "not implemented" reports). */
void _sc_camera_emit_state_changed (ScCamera     *self);
void _sc_camera_emit_file_added    (ScCamera     *self,
                                    ScCameraFile *file);
void _sc_camera_emit_disconnected  (ScCamera     *self,
                                    const GError *error);

G_END_DECLS
