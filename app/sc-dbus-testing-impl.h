/* sc-dbus-testing-impl.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sc-core.h>

#include "sc-dbus-generated.h"

G_BEGIN_DECLS

#define SC_TYPE_DBUS_TESTING_IMPL (sc_dbus_testing_impl_get_type ())

G_DECLARE_FINAL_TYPE (ScDbusTestingImpl, sc_dbus_testing_impl, SC, DBUS_TESTING_IMPL,
                      ScDbusTestingSkeleton)

ScDbusTestingImpl *sc_dbus_testing_impl_new (ScJobManager *jobs);

G_END_DECLS
