/* sc-jobs-button.h
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

#define SC_TYPE_JOBS_BUTTON (sc_jobs_button_get_type ())

G_DECLARE_FINAL_TYPE (ScJobsButton, sc_jobs_button, SC, JOBS_BUTTON, GtkWidget)

ScJobManager *sc_jobs_button_get_manager (ScJobsButton *self);
void          sc_jobs_button_set_manager (ScJobsButton *self,
                                          ScJobManager *manager);

G_END_DECLS
