/* sc-camera-row.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-camera-row"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-ui.h"

/**
 * ScCameraRow:
 *
 * One camera in the Camera page's sidebar: its name, its model or
 * connection state, a spinner while connecting, a Connect button (while
 * not connected) and a menu with Connect or Disconnect, and Forget. The row does not talk to the camera
 * itself: its `row.*` actions activate the page's `camera.connect`,
 * `camera.disconnect` and `camera.forget` actions with the camera's URI.
 */
struct _ScCameraRow
{
  GtkListBoxRow  parent_instance;

  ScCamera      *camera;
  gboolean       busy;

  /* Template children */
  GtkImage      *icon;
  GtkImage      *connected_badge;
  GtkLabel      *name_label;
  GtkLabel      *link_badge;
  GtkLabel      *status_label;
  GtkSpinner    *spinner;
  GtkButton     *connect_button;
  GtkMenuButton *menu_button;
};

G_DEFINE_FINAL_TYPE (ScCameraRow, sc_camera_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_CAMERA,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* How the camera is reached, from its address: a short badge and a
 * tooltip for it. */
static const char *
link_badge_for_uri (const char  *uri,
                    const char **tooltip)
{
  g_autofree char *scheme = uri != NULL ? g_uri_parse_scheme (uri) : NULL;

  *tooltip = NULL;
  if (scheme == NULL)
    return NULL;

  if (g_str_equal (scheme, "usb") || g_str_equal (scheme, "ptp"))
    {
      *tooltip = _("Connected with a USB cable");
      /* Translators: a badge on a camera connected with a cable */
      return C_("connection", "USB");
    }
  if (g_str_equal (scheme, "file"))
    {
      *tooltip = _("The camera’s memory card, read as a disk");
      /* Translators: a badge on a camera whose memory card is read as a disk */
      return C_("connection", "Card");
    }
  if (g_str_equal (scheme, "http") || g_str_equal (scheme, "https") ||
      g_str_equal (scheme, "madv"))
    {
      *tooltip = _("Connected over the camera’s Wi-Fi");
      /* Translators: a badge on a camera connected over Wi-Fi */
      return C_("connection", "Wi-Fi");
    }

  return NULL;
}

static void
update (ScCameraRow *self)
{
  g_autofree char *name = sc_camera_dup_display_name (self->camera);
  g_autofree char *model = NULL;
  gboolean connected = sc_camera_is_connected (self->camera);
  const char *badge;
  const char *badge_tooltip;

  g_object_get (self->camera, "model", &model, NULL);

  gtk_label_set_text (self->name_label, name != NULL ? name : sc_camera_get_uri (self->camera));

  badge = link_badge_for_uri (sc_camera_get_uri (self->camera), &badge_tooltip);
  gtk_label_set_text (self->link_badge, badge != NULL ? badge : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->link_badge), badge_tooltip);
  gtk_widget_set_visible (GTK_WIDGET (self->link_badge), badge != NULL);

  if (self->busy)
    gtk_label_set_text (self->status_label, _("Connecting…"));
  else if (connected && model != NULL && g_strcmp0 (model, name) != 0)
    gtk_label_set_text (self->status_label, model);
  else if (connected)
    gtk_label_set_text (self->status_label, _("Connected"));
  else
    gtk_label_set_text (self->status_label, _("Not connected"));

  gtk_widget_set_visible (GTK_WIDGET (self->connected_badge), connected && !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
  /* Connected rows keep the space for the name; Disconnect is in the
   * menu then. */
  gtk_widget_set_visible (GTK_WIDGET (self->connect_button), !self->busy && !connected);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.connect", !connected && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.disconnect", connected || self->busy);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (self->name_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  gtk_label_get_text (self->status_label),
                                  -1);
}

static void
forward_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  ScCameraRow *self = SC_CAMERA_ROW (widget);
  const char *page_action = NULL;

  if (g_str_equal (action_name, "row.connect"))
    page_action = "camera.connect";
  else if (g_str_equal (action_name, "row.disconnect"))
    page_action = "camera.disconnect";
  else if (g_str_equal (action_name, "row.forget"))
    page_action = "camera.forget";
  g_assert (page_action != NULL);

  gtk_widget_activate_action (widget, page_action, "s", sc_camera_get_uri (self->camera));
}

static void
sc_camera_row_dispose (GObject *object)
{
  ScCameraRow *self = (ScCameraRow *)object;

  if (self->camera != NULL)
    g_signal_handlers_disconnect_by_data (self->camera, self);
  g_clear_object (&self->camera);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_CAMERA_ROW);

  G_OBJECT_CLASS (sc_camera_row_parent_class)->dispose (object);
}

static void
sc_camera_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ScCameraRow *self = SC_CAMERA_ROW (object);

  switch (prop_id)
    {
    case PROP_CAMERA:
      g_value_set_object (value, self->camera);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_camera_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  ScCameraRow *self = SC_CAMERA_ROW (object);

  switch (prop_id)
    {
    case PROP_CAMERA:
      self->camera = g_value_dup_object (value);
      break;

    case PROP_BUSY:
      sc_camera_row_set_busy (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_camera_row_constructed (GObject *object)
{
  ScCameraRow *self = (ScCameraRow *)object;

  G_OBJECT_CLASS (sc_camera_row_parent_class)->constructed (object);

  g_assert (SC_IS_CAMERA (self->camera));

  g_signal_connect_swapped (self->camera, "notify::display-name", G_CALLBACK (update), self);
  g_signal_connect_swapped (self->camera, "notify::model", G_CALLBACK (update), self);
  g_signal_connect_swapped (self->camera, "notify::is-connected", G_CALLBACK (update), self);
  update (self);
}

static void
sc_camera_row_class_init (ScCameraRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sc_camera_row_constructed;
  object_class->dispose = sc_camera_row_dispose;
  object_class->get_property = sc_camera_row_get_property;
  object_class->set_property = sc_camera_row_set_property;

  /**
   * ScCameraRow:camera:
   *
   * The camera the row shows.
   */
  properties[PROP_CAMERA] =
    g_param_spec_object ("camera", NULL, NULL, SC_TYPE_CAMERA,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraRow:busy:
   *
   * Whether the camera is being connected to: the row shows a spinner.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "row.connect", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "row.disconnect", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "row.forget", NULL, forward_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               SC_RESOURCE_BASE "/ui/sc-camera-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ScCameraRow, icon);
  gtk_widget_class_bind_template_child (widget_class, ScCameraRow, connected_badge);
  gtk_widget_class_bind_template_child (widget_class, ScCameraRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, ScCameraRow, link_badge);
  gtk_widget_class_bind_template_child (widget_class, ScCameraRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, ScCameraRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, ScCameraRow, connect_button);
  gtk_widget_class_bind_template_child (widget_class, ScCameraRow, menu_button);
}

static void
sc_camera_row_init (ScCameraRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sc_camera_row_new:
 * @camera: the camera to show
 *
 * Returns: (transfer floating): a new row
 */
GtkWidget *
sc_camera_row_new (ScCamera *camera)
{
  g_return_val_if_fail (SC_IS_CAMERA (camera), NULL);

  return g_object_new (SC_TYPE_CAMERA_ROW, "camera", camera, NULL);
}

/**
 * sc_camera_row_get_camera:
 * @self: a #ScCameraRow
 *
 * Returns: (transfer none): the camera
 */
ScCamera *
sc_camera_row_get_camera (ScCameraRow *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_ROW (self), NULL);

  return self->camera;
}

gboolean
sc_camera_row_get_busy (ScCameraRow *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_ROW (self), FALSE);

  return self->busy;
}

/**
 * sc_camera_row_set_busy:
 * @self: a #ScCameraRow
 * @busy: whether a connection attempt is under way
 */
void
sc_camera_row_set_busy (ScCameraRow *self,
                        gboolean     busy)
{
  g_return_if_fail (SC_IS_CAMERA_ROW (self));

  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}
