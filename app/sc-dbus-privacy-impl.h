/* sc-dbus-privacy-impl.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sc-core.h>

#include "sc-dbus-generated.h"

G_BEGIN_DECLS

#define SC_TYPE_DBUS_PRIVACY_IMPL (sc_dbus_privacy_impl_get_type ())

G_DECLARE_FINAL_TYPE (ScDbusPrivacyImpl, sc_dbus_privacy_impl, SC, DBUS_PRIVACY_IMPL,
                      ScDbusPrivacySkeleton)

ScDbusPrivacyImpl *sc_dbus_privacy_impl_new            (ScConsent         *consent,
                                                        ScPermissions     *permissions,
                                                        ScLocationSource  *location,
                                                        ScUsageStats      *stats,
                                                        ScDataInventory   *inventory,
                                                        GSettings         *settings);
void               sc_dbus_privacy_impl_stop_narration (ScDbusPrivacyImpl *self);

G_END_DECLS
