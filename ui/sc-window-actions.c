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

static void
sc_window_capture_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  sc_camera_page_capture (SC_WINDOW (widget)->camera_page);
}

static void
sc_window_toggle_recording_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  sc_camera_page_toggle_recording (SC_WINDOW (widget)->camera_page);
}

static void
sc_window_download_file_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  sc_camera_page_download_file (SC_WINDOW (widget)->camera_page,
                                g_variant_get_string (param, NULL));
}

static void
sc_window_add_camera_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);

  sc_window_set_page (self, "camera");
  sc_camera_page_add_camera (self->camera_page);
}

/* Shooting works from the Camera page only, so that Space on another
 * page never takes a picture by surprise. Before consent nothing that
 * reaches cameras, files or pages works. */
void
_sc_window_update_actions (ScWindow *self)
{
  const char *page;
  gboolean on_camera_page;
  gboolean accepted;

  /* Called while the template is being built, too. */
  if (self->camera_page == NULL || self->stack == NULL || self->main_stack == NULL)
    return;

  accepted = _sc_window_is_consent_accepted (self);
  page = sc_window_get_page (self);
  on_camera_page = accepted && g_strcmp0 (page, "camera") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-page", accepted);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.download-file", accepted);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-camera", accepted);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.capture",
                                 on_camera_page &&
                                 sc_camera_page_get_can_capture (self->camera_page));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-recording",
                                 on_camera_page &&
                                 sc_camera_page_get_can_record (self->camera_page));
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
  gtk_widget_class_install_action (widget_class, "win.capture", NULL,
                                   sc_window_capture_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-recording", NULL,
                                   sc_window_toggle_recording_action);
  gtk_widget_class_install_action (widget_class, "win.download-file", "s",
                                   sc_window_download_file_action);
  gtk_widget_class_install_action (widget_class, "win.add-camera", NULL,
                                   sc_window_add_camera_action);

  for (guint i = 0; i < G_N_ELEMENTS (page_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, page_keys[i].keyval, GDK_ALT_MASK,
                                         "win.show-page", "s", page_keys[i].page);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F1, 0,
                                       "win.show-page", "s", "help");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "win.capture", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "win.capture", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "win.capture", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.toggle-recording", NULL);
}
