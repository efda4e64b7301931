/* sc-job-manager.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sc-job.h"

G_BEGIN_DECLS

#define SC_TYPE_JOB_MANAGER (sc_job_manager_get_type ())

G_DECLARE_FINAL_TYPE (ScJobManager, sc_job_manager, SC, JOB_MANAGER, GObject)

ScJobManager *sc_job_manager_new              (void);
guint         sc_job_manager_add              (ScJobManager *self,
                                               ScJob        *job);
ScJob        *sc_job_manager_lookup           (ScJobManager *self,
                                               guint         id);
guint         sc_job_manager_get_n_running    (ScJobManager *self);
void          sc_job_manager_set_keep_finished (ScJobManager *self,
                                               guint         keep_finished);
void          sc_job_manager_cancel_all       (ScJobManager *self);

G_END_DECLS
