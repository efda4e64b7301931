/* sc-policy-window.h
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

#define SC_TYPE_POLICY_WINDOW (sc_policy_window_get_type ())

G_DECLARE_FINAL_TYPE (ScPolicyWindow, sc_policy_window, SC, POLICY_WINDOW, AdwWindow)

ScPolicyWindow   *sc_policy_window_new          (GtkWindow      *transient_for,
                                                 ScPolicyDocument document);
ScPolicyDocument  sc_policy_window_get_document (ScPolicyWindow *self);
char             *sc_policy_window_dup_text     (ScPolicyWindow *self);

G_END_DECLS
