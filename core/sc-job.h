/* sc-job.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * ScJobState:
 * @SC_JOB_STATE_RUNNING: the job is working
 * @SC_JOB_STATE_DONE: the job finished and has a result
 * @SC_JOB_STATE_FAILED: the job stopped with an error
 * @SC_JOB_STATE_CANCELLED: the job was cancelled
 *
 * The life of a job. The nicks ("running", "done", "failed", "cancelled")
 * are what D-Bus and the CLI show.
 */
typedef enum
{
  SC_JOB_STATE_RUNNING,
  SC_JOB_STATE_DONE,
  SC_JOB_STATE_FAILED,
  SC_JOB_STATE_CANCELLED,
} ScJobState;

#define SC_TYPE_JOB (sc_job_get_type ())

G_DECLARE_FINAL_TYPE (ScJob, sc_job, SC, JOB, GObject)

ScJob        *sc_job_new              (const char   *kind);
guint         sc_job_get_id           (ScJob        *self);
const char   *sc_job_get_kind         (ScJob        *self);
ScJobState    sc_job_get_state        (ScJob        *self);
const char   *sc_job_state_to_string  (ScJobState    state);
gboolean      sc_job_is_finished      (ScJob        *self);
double        sc_job_get_progress     (ScJob        *self);
const char   *sc_job_get_message      (ScJob        *self);
const GError *sc_job_get_error        (ScJob        *self);
GVariant     *sc_job_get_result       (ScJob        *self);
GCancellable *sc_job_get_cancellable  (ScJob        *self);
void          sc_job_cancel           (ScJob        *self);
void          sc_job_update           (ScJob        *self,
                                       double        progress,
                                       const char   *message);
void          sc_job_return_result    (ScJob        *self,
                                       GVariant     *result);
void          sc_job_return_error     (ScJob        *self,
                                       GError       *error);

G_END_DECLS
