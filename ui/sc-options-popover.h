/* sc-options-popover.h
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

#define SC_TYPE_OPTIONS_POPOVER (sc_options_popover_get_type ())

G_DECLARE_FINAL_TYPE (ScOptionsPopover, sc_options_popover, SC, OPTIONS_POPOVER, GtkPopover)

GtkWidget *sc_options_popover_new          (void);
ScCamera  *sc_options_popover_get_camera   (ScOptionsPopover *self);
void       sc_options_popover_set_camera   (ScOptionsPopover *self,
                                            ScCamera         *camera);
void       sc_options_popover_reload       (ScOptionsPopover *self);
gboolean   sc_options_popover_get_loading  (ScOptionsPopover *self);
char      *sc_options_popover_format_value (const char       *option,
                                            GVariant         *value);

G_END_DECLS
