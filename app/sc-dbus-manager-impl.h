/* sc-dbus-manager-impl.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sc-core.h>

#include "sc-dbus-generated.h"

G_BEGIN_DECLS

#define SC_TYPE_DBUS_MANAGER_IMPL (sc_dbus_manager_impl_get_type ())

G_DECLARE_FINAL_TYPE (ScDbusManagerImpl, sc_dbus_manager_impl, SC, DBUS_MANAGER_IMPL,
                      ScDbusManagerSkeleton)

ScDbusManagerImpl *sc_dbus_manager_impl_new (void);

G_END_DECLS
