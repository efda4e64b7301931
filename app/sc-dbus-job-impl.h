/* sc-dbus-job-impl.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sc-core.h>

#include "sc-dbus-generated.h"

G_BEGIN_DECLS

#define SC_TYPE_DBUS_JOB_IMPL (sc_dbus_job_impl_get_type ())

G_DECLARE_FINAL_TYPE (ScDbusJobImpl, sc_dbus_job_impl, SC, DBUS_JOB_IMPL, ScDbusJobSkeleton)

ScDbusJobImpl *sc_dbus_job_impl_new     (ScJob         *job);
ScJob         *sc_dbus_job_impl_get_job (ScDbusJobImpl *self);
char          *sc_dbus_job_path_for_id  (guint          id);

G_END_DECLS
