/* sc-job-row.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_UI_INSIDE) && !defined (SC_UI_COMPILATION)
# error "Only <sc-ui.h> can be included directly."
#endif

#include <gtk/gtk.h>
#include <sc-core.h>

G_BEGIN_DECLS

#define SC_TYPE_JOB_ROW (sc_job_row_get_type ())

G_DECLARE_FINAL_TYPE (ScJobRow, sc_job_row, SC, JOB_ROW, GtkListBoxRow)

GtkWidget *sc_job_row_new     (ScJob    *job);
ScJob     *sc_job_row_get_job (ScJobRow *self);

G_END_DECLS
