/* sc-test-ui.h: helpers shared by the UI tests
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

AdwApplication *sc_test_ui_init             (int          *argc,
                                             char       ***argv);
void            sc_test_ui_wait_for_paint   (GtkWidget    *widget);
void            sc_test_ui_save_screenshot  (GtkWidget    *widget,
                                             const char   *name);
GtkWidget      *sc_test_ui_find_descendant  (GtkWidget    *widget,
                                             GType         type);
GtkWidget      *sc_test_ui_find_button      (GtkWidget    *widget,
                                             const char   *action_name);
GtkWidget      *sc_test_ui_find_label       (GtkWidget    *widget,
                                             const char   *prefix);
GtkWidget      *sc_test_ui_find_named       (GtkWidget    *widget,
                                             const char   *name);
GtkWidget      *sc_test_ui_find_toplevel    (GType         type);
AdwMessageDialog *sc_test_ui_wait_for_message_dialog (void);
void            sc_test_ui_respond          (AdwMessageDialog *dialog,
                                             const char   *response);
void            sc_test_ui_iterate          (guint         msec);
void            sc_test_ui_wait_until       (gboolean    (*predicate) (gpointer),
                                             gpointer      data,
                                             guint         timeout_s,
                                             const char   *what);

G_END_DECLS
