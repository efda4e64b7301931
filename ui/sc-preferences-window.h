/* sc-preferences-window.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_UI_INSIDE) && !defined (SC_UI_COMPILATION)
# error "Only <sc-ui.h> can be included directly."
#endif

#include <adwaita.h>

#include "sc-your-data-page.h"

G_BEGIN_DECLS

#define SC_TYPE_PREFERENCES_WINDOW (sc_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (ScPreferencesWindow, sc_preferences_window, SC, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

ScPreferencesWindow *sc_preferences_window_new            (GtkWindow           *transient_for);
void                 sc_preferences_window_show_page      (ScPreferencesWindow *self,
                                                           const char          *name);
ScYourDataPage      *sc_preferences_window_show_your_data (ScPreferencesWindow *self);

G_END_DECLS
