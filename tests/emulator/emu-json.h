/* emu-json.h: compact JSON output with camera-like numbers
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

char *sc_emu_json_to_string         (JsonNode   *node,
                                     gboolean    pretty);
char *sc_emu_json_object_to_string  (JsonObject *object,
                                     gboolean    pretty);

G_END_DECLS
