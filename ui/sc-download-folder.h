/* sc-download-folder.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_UI_INSIDE) && !defined (SC_UI_COMPILATION)
# error "Only <sc-ui.h> can be included directly."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

GFile    *sc_download_folder_dup           (GSettings            *settings);
char     *sc_download_folder_dup_label     (GFile                *folder);
void      sc_download_folder_ensure_async  (GFile                *folder,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean  sc_download_folder_ensure_finish (GFile                *folder,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
