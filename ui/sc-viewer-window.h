/* sc-viewer-window.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_UI_INSIDE) && !defined (SC_UI_COMPILATION)
# error "Only <sc-ui.h> can be included directly."
#endif

#include <adwaita.h>

#include "sc-video-player.h"
#include "sc-viewer.h"

G_BEGIN_DECLS

#define SC_TYPE_VIEWER_WINDOW (sc_viewer_window_get_type ())

G_DECLARE_FINAL_TYPE (ScViewerWindow, sc_viewer_window, SC, VIEWER_WINDOW, AdwWindow)

ScViewerWindow *sc_viewer_window_new          (GtkWindow      *parent,
                                               GFile          *file);
GFile          *sc_viewer_window_get_file     (ScViewerWindow *self);
ScViewer       *sc_viewer_window_get_viewer   (ScViewerWindow *self);
gboolean        sc_viewer_window_get_loading  (ScViewerWindow *self);
ScVideoPlayer  *sc_viewer_window_get_player   (ScViewerWindow *self);

G_END_DECLS
