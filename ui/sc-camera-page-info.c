/* sc-camera-page-info.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-camera-page"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sc-ui.h"
#include "sc-camera-page-private.h"
#include "sc-ui-private.h"

/* The Camera page's info panel: the selected camera's model, serial
 * number, firmware and address, its battery and free space, and the
 * polling that keeps them current while the page is shown; resetting the
 * camera's settings and forgetting it, both behind a confirmation. */

#define STATE_REFRESH_SECONDS 10

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_text (label, text != NULL && text[0] != '\0' ? text : _("Unknown"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
}

/* The camera's own warnings (the Mi Sphere's overheating, memory card
 * and USB storage messages, in the state's "cameraError"; core writes
 * them as sentences that say what to do). A new one is also a toast, in
 * case the info panel and the bar are out of sight. */
static char *
dup_camera_warning (GVariant *state)
{
  g_autofree const char **errors = NULL;
  gboolean full = FALSE;

  if (state == NULL)
    return NULL;

  if (g_variant_lookup (state, "cameraError", "^a&s", &errors) &&
      errors != NULL && errors[0] != NULL)
    return g_strjoinv ("\n", (char **)errors);

  if (g_variant_lookup (state, "storageFull", "b", &full) && full)
    return g_strdup (_("The camera’s memory card is full. Download the pictures and videos you "
                       "want to keep, then delete them from the camera or format the card."));

  return NULL;
}

static void
update_warning (ScCameraPage *self,
                GVariant     *state)
{
  g_autofree char *warning = NULL;

  if (self->camera != NULL && sc_camera_is_connected (self->camera))
    warning = dup_camera_warning (state);

  if (g_strcmp0 (warning, self->warning) == 0)
    return;

  if (warning != NULL)
    {
      gtk_label_set_text (self->warning_label, warning);
      _sc_ui_show_message (GTK_WIDGET (self), warning);
    }
  gtk_revealer_set_reveal_child (self->warning_revealer, warning != NULL);

  g_free (self->warning);
  self->warning = g_steal_pointer (&warning);
}

void
_sc_camera_page_update_info (ScCameraPage *self)
{
  g_autofree char *model = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *firmware = NULL;
  g_autoptr(GVariant) state = NULL;
  double battery;
  guint64 remaining, total;
  const char *battery_state = NULL;

  if (self->camera == NULL)
    {
      update_warning (self, NULL);
      return;
    }

  g_object_get (self->camera,
                "model", &model,
                "serial-number", &serial,
                "firmware-version", &firmware,
                NULL);
  set_label (self->model_label, model);
  set_label (self->serial_label, serial);
  set_label (self->firmware_label, firmware);
  set_label (self->address_label, sc_camera_get_uri (self->camera));
  /* Only cameras that can format their card offer it. */
  gtk_widget_set_visible (GTK_WIDGET (self->format_row),
                          SC_CAMERA_GET_IFACE (self->camera)->format_storage_async != NULL);

  state = sc_camera_dup_state (self->camera);
  if (state != NULL)
    g_variant_lookup (state, "batteryState", "&s", &battery_state);
  update_warning (self, state);

  if (state != NULL && g_variant_lookup (state, "batteryLevel", "d", &battery))
    {
      g_autofree char *text = NULL;
      g_autofree char *icon = NULL;
      int level = CLAMP ((int)round (battery * 10), 0, 10) * 10;

      /* Translators: a battery charge, e.g. "80 %" */
      text = g_strdup_printf (_("%.0f %%"), CLAMP (battery, 0, 1) * 100);
      gtk_label_set_text (self->battery_label, text);
      if (g_strcmp0 (battery_state, "charging") == 0)
        icon = g_strdup_printf ("battery-level-%d-charging-symbolic", level);
      else if (g_strcmp0 (battery_state, "charged") == 0 && level == 100)
        icon = g_strdup ("battery-level-100-charged-symbolic");
      else
        icon = g_strdup_printf ("battery-level-%d-symbolic", level);
      gtk_image_set_from_icon_name (self->battery_icon, icon);
    }
  else
    {
      gtk_label_set_text (self->battery_label, _("Unknown"));
      gtk_image_set_from_icon_name (self->battery_icon, "battery-missing-symbolic");
    }

  if (state != NULL && g_variant_lookup (state, "remainingSpace", "t", &remaining))
    {
      g_autofree char *free_text = g_format_size (remaining);

      gtk_label_set_text (self->space_label, free_text);
      if (g_variant_lookup (state, "totalSpace", "t", &total) && total > 0)
        {
          g_autofree char *total_text = g_format_size (total);
          /* Translators: under "Free Space": the size of the camera's storage, "32.0 GB total" */
          g_autofree char *subtitle = g_strdup_printf (_("%s total"), total_text);
          g_autofree char *markup = g_markup_escape_text (subtitle, -1);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (self->space_row), markup);
        }
      else
        {
          adw_action_row_set_subtitle (ADW_ACTION_ROW (self->space_row), NULL);
        }
    }
  else
    {
      gtk_label_set_text (self->space_label, _("Unknown"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->space_row), NULL);
    }
}

static void
on_state_refreshed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GError) error = NULL;

  /* The camera emits state-changed; only log failures here. */
  state = sc_camera_refresh_state_finish (SC_CAMERA (object), result, &error);
  if (state == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not refresh the camera state: %s", error->message);
}

static gboolean
refresh_state_cb (gpointer user_data)
{
  ScCameraPage *self = user_data;

  if (self->camera != NULL && sc_camera_is_connected (self->camera))
    sc_camera_refresh_state_async (self->camera, self->cancellable, on_state_refreshed_cb, NULL);

  return G_SOURCE_CONTINUE;
}

void
_sc_camera_page_update_state_polling (ScCameraPage *self)
{
  gboolean wanted = self->camera != NULL && sc_camera_is_connected (self->camera) &&
                    gtk_widget_get_mapped (GTK_WIDGET (self));

  if (wanted && self->state_source == 0)
    self->state_source = g_timeout_add_seconds (STATE_REFRESH_SECONDS, refresh_state_cb, self);
  else if (!wanted)
    g_clear_handle_id (&self->state_source, g_source_remove);
}

/* --- Reset and forget --- */

static void
on_reset_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ScCameraPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = _sc_camera_page_dup_camera_name (SC_CAMERA (object));
  g_autofree char *message = NULL;

  if (!sc_camera_reset_finish (SC_CAMERA (object), result, &error))
    {
      g_autofree char *sentence = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      sentence = _sc_ui_error_sentence (error);
      /* Translators: "Could not reset <camera>: <why>. …" */
      message = g_strdup_printf (_("Could not reset %s: %s. Check the connection, then try "
                                   "again."), name, sentence);
    }
  else
    {
      /* Translators: "<camera> was reset to its default settings" */
      message = g_strdup_printf (_("%s was reset to its default settings"), name);
    }

  _sc_ui_show_message (GTK_WIDGET (self), message);
  if (SC_IS_CAMERA (object) && SC_CAMERA (object) == self->camera)
    _sc_camera_page_update_info (self);
}

static void
on_reset_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      ScCameraPage     *self)
{
  ScCamera *camera = g_object_get_data (G_OBJECT (dialog), "sc-camera");

  if (!g_str_equal (response, "reset") || camera == NULL || camera != self->camera ||
      !sc_camera_is_connected (camera))
    return;

  sc_camera_reset_async (camera, self->cancellable, on_reset_cb, g_object_ref (self));
}

static void
on_forget_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       ScCameraPage     *self)
{
  ScCamera *camera = g_object_get_data (G_OBJECT (dialog), "sc-camera");
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (!g_str_equal (response, "forget") || camera == NULL)
    return;

  name = _sc_camera_page_dup_camera_name (camera);
  gtk_widget_activate_action (GTK_WIDGET (self), "camera.forget", "s", sc_camera_get_uri (camera));
  /* Translators: "<camera> was forgotten" */
  message = g_strdup_printf (_("%s was forgotten"), name);
  _sc_ui_show_message (GTK_WIDGET (self), message);
}

static void
confirm (ScCameraPage *self,
         const char   *heading,
         const char   *body,
         const char   *response,
         const char   *label,
         GCallback     callback)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    response, label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "sc-camera", g_object_ref (self->camera),
                          g_object_unref);
  g_signal_connect_object (dialog, "response", callback, self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sc_camera_page_reset_settings_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  ScCameraPage *self = SC_CAMERA_PAGE (widget);
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;

  if (self->camera == NULL || !sc_camera_is_connected (self->camera))
    return;

  name = _sc_camera_page_dup_camera_name (self->camera);
  /* Translators: "Reset <camera>?" */
  heading = g_strdup_printf (_("Reset %s?"), name);
  confirm (self, heading,
           _("The camera’s shooting options, such as exposure, white balance and timers, return "
             "to their defaults. Pictures and videos on the camera are kept."),
           "reset", _("_Reset"), G_CALLBACK (on_reset_response_cb));
}

static void
on_format_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ScCameraPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = _sc_camera_page_dup_camera_name (SC_CAMERA (object));
  g_autofree char *message = NULL;

  if (!sc_camera_format_storage_finish (SC_CAMERA (object), result, &error))
    {
      g_autofree char *sentence = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      sentence = _sc_ui_error_sentence (error);
      /* Translators: "Could not format the memory card of <camera>: <why>. …" */
      message = g_strdup_printf (_("Could not format the memory card of %s: %s. Check the "
                                   "card and the connection, then try again."), name, sentence);
    }
  else
    {
      /* Translators: "The memory card of <camera> was formatted" */
      message = g_strdup_printf (_("The memory card of %s was formatted"), name);
    }

  _sc_ui_show_message (GTK_WIDGET (self), message);
  if (SC_IS_CAMERA (object) && SC_CAMERA (object) == self->camera)
    {
      sc_camera_refresh_state_async (self->camera, self->cancellable, on_state_refreshed_cb, NULL);
      _sc_camera_page_update_info (self);
    }
}

static void
on_format_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       ScCameraPage     *self)
{
  ScCamera *camera = g_object_get_data (G_OBJECT (dialog), "sc-camera");

  if (!g_str_equal (response, "format") || camera == NULL || camera != self->camera ||
      !sc_camera_is_connected (camera))
    return;

  sc_camera_format_storage_async (camera, TRUE, self->cancellable, on_format_cb,
                                  g_object_ref (self));
}

static void
sc_camera_page_confirm_format_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  ScCameraPage *self = SC_CAMERA_PAGE (widget);
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;

  if (self->camera == NULL || !sc_camera_is_connected (self->camera))
    return;

  name = _sc_camera_page_dup_camera_name (self->camera);
  /* Translators: "Format the memory card of <camera>?" */
  heading = g_strdup_printf (_("Format the Memory Card of %s?"), name);
  confirm (self, heading,
           _("All photos and videos on the camera’s memory card are erased and cannot be "
             "recovered. Download the ones you want to keep first."),
           "format", _("_Format"), G_CALLBACK (on_format_response_cb));
}

static void
sc_camera_page_confirm_forget_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  ScCameraPage *self = SC_CAMERA_PAGE (widget);
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;

  if (self->camera == NULL)
    return;

  name = _sc_camera_page_dup_camera_name (self->camera);
  /* Translators: "Forget <camera>?" */
  heading = g_strdup_printf (_("Forget %s?"), name);
  confirm (self, heading,
           _("The camera is disconnected and removed from the list. Pictures and videos you "
             "downloaded are kept. To use it again, add it or connect to its Wi-Fi."),
           "forget", _("_Forget"), G_CALLBACK (on_forget_response_cb));
}

void
_sc_camera_page_update_info_actions (ScCameraPage *self)
{
  gboolean connected = self->camera != NULL && sc_camera_is_connected (self->camera) &&
                       !_sc_camera_page_is_connecting (self, self->camera);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "camera.reset-settings",
                                 connected && self->shoot_job == NULL && !self->recording);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "camera.confirm-forget",
                                 self->camera != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "camera.confirm-format",
                                 connected && self->shoot_job == NULL && !self->recording);
}

void
_sc_camera_page_install_info_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "camera.reset-settings", NULL,
                                   sc_camera_page_reset_settings_action);
  gtk_widget_class_install_action (widget_class, "camera.confirm-forget", NULL,
                                   sc_camera_page_confirm_forget_action);
  gtk_widget_class_install_action (widget_class, "camera.confirm-format", NULL,
                                   sc_camera_page_confirm_format_action);
}
