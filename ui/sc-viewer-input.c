/* sc-viewer-input.c: looking around the 360° view: gestures, scrolling, keys
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-viewer"

#include "config.h"

#include <math.h>

#include "sc-ui.h"
#include "sc-viewer-private.h"

static double
degrees_per_pixel (ScViewer *self)
{
  int width = MAX (1, gtk_widget_get_width (GTK_WIDGET (self)));

  if (self->projection == SC_VIEWER_PROJECTION_LITTLE_PLANET)
    return 360.0 / width;

  return self->fov / width;
}

static void
on_drag_begin_cb (ScViewer       *self,
                  double          x,
                  double          y,
                  GtkGestureDrag *gesture)
{
  self->drag_yaw = self->yaw;
  self->drag_pitch = self->pitch;
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_drag_update_cb (ScViewer       *self,
                   double          dx,
                   double          dy,
                   GtkGestureDrag *gesture)
{
  double k = degrees_per_pixel (self);

  /* The image follows the pointer: dragging right turns the view left,
   * dragging down looks up. */
  g_object_freeze_notify (G_OBJECT (self));
  sc_viewer_set_yaw (self, self->drag_yaw - dx * k);
  sc_viewer_set_pitch (self, self->drag_pitch + dy * k);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
on_scroll_cb (ScViewer                 *self,
              double                    dx,
              double                    dy,
              GtkEventControllerScroll *controller)
{
  /* Scrolling down (or towards you) zooms out. */
  sc_viewer_set_fov (self, self->fov * pow (1.1, dy));

  return TRUE;
}

static void
on_zoom_begin_cb (ScViewer         *self,
                  GdkEventSequence *sequence,
                  GtkGesture       *gesture)
{
  self->zoom_fov = self->fov;
}

static void
on_zoom_scale_changed_cb (ScViewer       *self,
                          double          scale,
                          GtkGestureZoom *gesture)
{
  if (scale > 0.0)
    sc_viewer_set_fov (self, self->zoom_fov / scale);
}

static void
sc_viewer_reset_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  sc_viewer_reset (SC_VIEWER (widget));
}

static void
sc_viewer_zoom_in_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  ScViewer *self = SC_VIEWER (widget);

  sc_viewer_set_fov (self, self->fov / 1.2);
}

static void
sc_viewer_zoom_out_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  ScViewer *self = SC_VIEWER (widget);

  sc_viewer_set_fov (self, self->fov * 1.2);
}

/* "viewer.pan" (dd): steps right and up, each a twelfth of the view. */
static void
sc_viewer_pan_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  ScViewer *self = SC_VIEWER (widget);
  double right, up;
  double step = MIN (self->fov, 180.0) / 12.0;

  g_variant_get (param, "(dd)", &right, &up);
  g_object_freeze_notify (G_OBJECT (self));
  sc_viewer_set_yaw (self, self->yaw + right * step);
  sc_viewer_set_pitch (self, self->pitch + up * step);
  g_object_thaw_notify (G_OBJECT (self));
}

/* The actions and their keys. */
void
_sc_viewer_class_init_input (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "viewer.reset", NULL, sc_viewer_reset_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-in", NULL, sc_viewer_zoom_in_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-out", NULL, sc_viewer_zoom_out_action);
  gtk_widget_class_install_action (widget_class, "viewer.pan", "(dd)", sc_viewer_pan_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "viewer.pan", "(dd)", -1.0, 0.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "viewer.pan", "(dd)", 1.0, 0.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "viewer.pan", "(dd)", 0.0, 1.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "viewer.pan", "(dd)", 0.0, -1.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "viewer.reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, 0, "viewer.reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "viewer.reset", NULL);
}

/* Dragging looks around, pinching and scrolling zoom. */
void
_sc_viewer_init_input (ScViewer *self)
{
  GtkGesture *drag;
  GtkGesture *zoom;
  GtkEventController *scroll;

  drag = gtk_gesture_drag_new ();
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect_swapped (zoom, "begin", G_CALLBACK (on_zoom_begin_cb), self);
  g_signal_connect_swapped (zoom, "scale-changed", G_CALLBACK (on_zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_swapped (scroll, "scroll", G_CALLBACK (on_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
}
