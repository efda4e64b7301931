/* sc-window-actions.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-window-actions"

#include "config.h"

#include "sc-ui.h"
#include "sc-window-private.h"

static void
sc_window_show_page_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  sc_window_set_page (SC_WINDOW (widget), g_variant_get_string (param, NULL));
}

void
_sc_window_class_actions_init (ScWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const struct {
    guint       keyval;
    const char *page;
  } page_keys[] = {
    { GDK_KEY_1, "camera" },
    { GDK_KEY_2, "library" },
    { GDK_KEY_3, "editor" },
    { GDK_KEY_4, "help" },
  };

  gtk_widget_class_install_action (widget_class, "win.show-page", "s",
                                   sc_window_show_page_action);

  for (guint i = 0; i < G_N_ELEMENTS (page_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, page_keys[i].keyval, GDK_ALT_MASK,
                                         "win.show-page", "s", page_keys[i].page);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F1, 0,
                                       "win.show-page", "s", "help");
}
