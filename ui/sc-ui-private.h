/* sc-ui-private.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Helpers shared by the widgets of libsc-ui; not installed. */

gboolean  _sc_ui_show_toast     (GtkWidget    *widget,
                                 AdwToast     *toast);
void      _sc_ui_show_message   (GtkWidget    *widget,
                                 const char   *message);
char     *_sc_ui_error_sentence (const GError *error);

G_END_DECLS
