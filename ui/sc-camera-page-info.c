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
 * polling that keeps them current while the page is shown. */

#define STATE_REFRESH_SECONDS 10

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_text (label, text != NULL && text[0] != '\0' ? text : _("Unknown"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
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
    return;

  g_object_get (self->camera,
                "model", &model,
                "serial-number", &serial,
                "firmware-version", &firmware,
                NULL);
  set_label (self->model_label, model);
  set_label (self->serial_label, serial);
  set_label (self->firmware_label, firmware);
  set_label (self->address_label, sc_camera_get_uri (self->camera));

  state = sc_camera_dup_state (self->camera);
  if (state != NULL)
    g_variant_lookup (state, "batteryState", "&s", &battery_state);

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
