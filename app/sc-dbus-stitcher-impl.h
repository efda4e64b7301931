/* sc-dbus-stitcher-impl.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sc-core.h>

#include "sc-dbus-generated.h"

G_BEGIN_DECLS

#define SC_TYPE_DBUS_STITCHER_IMPL (sc_dbus_stitcher_impl_get_type ())

G_DECLARE_FINAL_TYPE (ScDbusStitcherImpl, sc_dbus_stitcher_impl, SC, DBUS_STITCHER_IMPL,
                      ScDbusStitcherSkeleton)

/**
 * ScDbusStitcherImplAddJob:
 * @job: a new job
 * @user_data: the service
 *
 * Adds @job to the service's job manager (which exports it).
 *
 * Returns: (transfer full): the job's object path
 */
typedef char *(*ScDbusStitcherImplAddJob) (ScJob    *job,
                                           gpointer  user_data);

ScDbusStitcherImpl *sc_dbus_stitcher_impl_new (ScDbusStitcherImplAddJob add_job,
                                               gpointer                 user_data);

G_END_DECLS
