/* sc-consent-view.h
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

#define SC_TYPE_CONSENT_VIEW (sc_consent_view_get_type ())

G_DECLARE_FINAL_TYPE (ScConsentView, sc_consent_view, SC, CONSENT_VIEW, GtkWidget)

ScConsent *sc_consent_view_get_consent (ScConsentView *self);
void       sc_consent_view_set_consent (ScConsentView *self,
                                        ScConsent     *consent);

G_END_DECLS
