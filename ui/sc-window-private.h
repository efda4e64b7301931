/* sc-window-private.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sc-camera-page.h"
#include "sc-consent-view.h"
#include "sc-jobs-button.h"
#include "sc-library-page.h"
#include "sc-window.h"

G_BEGIN_DECLS

struct _ScWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  ScPermissions        *permissions;      /* the default one, for its consent */
  ScConsent            *consent;          /* watched; NULL: no consent needed */
  ScDataInventory      *data_inventory;
  gint64                active_since;     /* monotonic µs, 0 while inactive */

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  ScConsentView        *consent_view;
  GtkBox               *main_box;
  AdwHeaderBar         *header_bar;
  AdwViewSwitcherTitle *switcher_title;
  GtkMenuButton        *primary_menu_button;
  ScJobsButton         *jobs_button;
  AdwViewStack         *stack;
  AdwViewSwitcherBar   *switcher_bar;
  ScCameraPage         *camera_page;
  ScLibraryPage        *library_page;
  AdwStatusPage        *editor_status_page;
  AdwStatusPage        *help_status_page;
};

void _sc_window_class_actions_init (ScWindowClass *klass);
void _sc_window_update_actions      (ScWindow      *self);
gboolean _sc_window_is_consent_accepted (ScWindow   *self);

G_END_DECLS
