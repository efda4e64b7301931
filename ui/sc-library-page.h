/* sc-library-page.h
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

#define SC_TYPE_LIBRARY_PAGE (sc_library_page_get_type ())

G_DECLARE_FINAL_TYPE (ScLibraryPage, sc_library_page, SC, LIBRARY_PAGE, GtkWidget)

ScCamera          *sc_library_page_get_camera       (ScLibraryPage *self);
void               sc_library_page_set_camera       (ScLibraryPage *self,
                                                     ScCamera      *camera);
ScJobManager      *sc_library_page_get_job_manager  (ScLibraryPage *self);
void               sc_library_page_set_job_manager  (ScLibraryPage *self,
                                                     ScJobManager  *manager);
GListModel        *sc_library_page_get_files        (ScLibraryPage *self);
GtkSelectionModel *sc_library_page_get_selection    (ScLibraryPage *self);
gboolean           sc_library_page_get_loading      (ScLibraryPage *self);
ScJob             *sc_library_page_get_download_job (ScLibraryPage *self);
const char        *sc_library_page_get_view         (ScLibraryPage *self);
void               sc_library_page_refresh          (ScLibraryPage *self);

G_END_DECLS
