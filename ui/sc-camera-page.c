/* sc-camera-page.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-camera-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-ui.h"
#include "sc-camera-page-private.h"
#include "sc-ui-private.h"

/**
 * ScCameraPage:
 *
 * The Camera page: a sidebar with the cameras of an #ScCameraMonitor
 * (connect, disconnect, forget, add), and for the selected camera its
 * live preview, a shutter and a record button, the shooting options and
 * an info panel (battery, free space, model, serial number, firmware).
 * With no cameras at all it says how to add one.
 *
 * This file has the widget, its properties and the view of the selected
 * camera; sc-camera-page-cameras.c has the camera list, connecting and
 * adding; sc-camera-page-info.c the info panel; sc-camera-page-shooting.c
 * the preview, shooting and downloads.
 */

G_DEFINE_FINAL_TYPE (ScCameraPage, sc_camera_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MONITOR,
  PROP_JOB_MANAGER,
  PROP_CAMERA,
  PROP_CAN_CAPTURE,
  PROP_CAN_RECORD,
  PROP_RECORDING,
  PROP_LAST_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* --- Template callbacks --- */

static void
on_connect_button_clicked_cb (ScCameraPage *self)
{
  if (self->camera != NULL)
    sc_camera_page_connect_camera (self, self->camera);
}

static void
on_release_button_clicked_cb (ScCameraPage *self)
{
  if (self->camera != NULL)
    _sc_camera_page_release_and_connect (self, self->camera);
}

static void
on_unusable_close_button_clicked_cb (ScCameraPage *self)
{
  gtk_revealer_set_reveal_child (self->unusable_revealer, FALSE);
}

static void
on_camera_list_row_selected_cb (ScCameraPage  *self,
                                GtkListBoxRow *row)
{
  if (row != NULL && SC_IS_CAMERA_ROW (row))
    sc_camera_page_set_camera (self, sc_camera_row_get_camera (SC_CAMERA_ROW (row)));
}

static void
on_camera_list_row_activated_cb (ScCameraPage  *self,
                                 GtkListBoxRow *row)
{
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content));
}

static void
on_leaflet_folded_cb (ScCameraPage *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), folded);
}

static void
on_back_button_clicked_cb (ScCameraPage *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_viewfinder_retry_requested_cb (ScCameraPage *self)
{
  _sc_camera_page_restart_preview (self);
}

static void
on_options_popover_option_changed_cb (ScCameraPage     *self,
                                      const char       *name,
                                      ScOptionsPopover *popover)
{
  /* A new capture mode stops the camera's preview. */
  if (g_strcmp0 (name, "captureMode") == 0)
    _sc_camera_page_restart_preview (self);
}

/* --- The selected camera --- */

void
_sc_camera_page_update_content (ScCameraPage *self)
{
  ScCamera *camera = self->camera;
  const char *view;
  gboolean arriving;

  if (camera == NULL)
    {
      view = "none";
    }
  else if (_sc_camera_page_is_connecting (self, camera))
    {
      g_autofree char *name = _sc_camera_page_dup_camera_name (camera);
      /* Translators: "Connecting to <camera>…" */
      g_autofree char *title = g_strdup_printf (_("Connecting to %s…"), name);

      adw_status_page_set_title (self->connecting_page, title);
      view = "connecting";
    }
  else if (!sc_camera_is_connected (camera))
    {
      g_autofree char *name = _sc_camera_page_dup_camera_name (camera);
      const char *reason = g_hash_table_lookup (self->errors, camera);
      g_autofree char *markup = NULL;
      gboolean can_release = _sc_camera_page_can_release (self, camera);

      adw_status_page_set_title (self->disconnected_page, name);
      /* Why the last attempt failed: core's messages say what to do. */
      if (reason != NULL)
        markup = g_markup_escape_text (reason, -1);
      else if (SC_IS_PTP_CAMERA (camera))
        {
          markup = g_markup_escape_text (_("Plug the camera in with its USB cable and switch "
                                           "it on, then connect."), -1);
        }
      else
        {
          markup = g_markup_escape_text (_("Join the camera’s Wi-Fi on this computer, then "
                                           "connect."), -1);
        }
      adw_status_page_set_description (self->disconnected_page, markup);

      /* Another program holds the USB camera and we may take it over: that
       * is the thing to do, plain connecting would fail again. */
      gtk_widget_set_visible (GTK_WIDGET (self->release_button), can_release);
      if (can_release)
        gtk_widget_remove_css_class (GTK_WIDGET (self->connect_button), "suggested-action");
      else
        gtk_widget_add_css_class (GTK_WIDGET (self->connect_button), "suggested-action");
      view = "disconnected";
    }
  else
    {
      view = "connected";
    }

  gtk_spinner_set_spinning (self->connecting_spinner, g_str_equal (view, "connecting"));

  arriving = g_str_equal (view, "connected") &&
             g_strcmp0 (gtk_stack_get_visible_child_name (self->camera_stack), view) != 0;
  gtk_stack_set_visible_child_name (self->camera_stack, view);
  sc_options_popover_set_camera (self->options_popover,
                                 g_str_equal (view, "connected") ? camera : NULL);

  if (!g_str_equal (view, "connected"))
    _sc_camera_page_reset_shooting (self);

  _sc_camera_page_update_info (self);
  _sc_camera_page_update_state_polling (self);
  _sc_camera_page_update_capabilities (self);
  _sc_camera_page_update_preview (self);

  /* Arriving at a connected camera: Space (on the focused shutter) shoots
   * even when the camera list had the focus. */
  if (arriving)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

      if (focus == NULL || gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
        gtk_widget_grab_focus (GTK_WIDGET (self->shutter_button));
    }
}

/* --- Capabilities, for the window's actions --- */

void
_sc_camera_page_update_capabilities (ScCameraPage *self)
{
  gboolean connected = self->camera != NULL && sc_camera_is_connected (self->camera) &&
                       !_sc_camera_page_is_connecting (self, self->camera);
  gboolean can_capture = connected && self->shoot_job == NULL && !self->recording &&
                         !self->record_busy;
  gboolean can_record = connected && self->shoot_job == NULL && !self->record_busy;

  _sc_camera_page_update_info_actions (self);

  if (self->can_capture != can_capture)
    {
      self->can_capture = can_capture;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_CAPTURE]);
    }
  if (self->can_record != can_record)
    {
      self->can_record = can_record;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_RECORD]);
    }
}

void
_sc_camera_page_set_last_file (ScCameraPage *self,
                               ScCameraFile *file)
{
  if (g_set_object (&self->last_file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_FILE]);
}

void
_sc_camera_page_set_recording (ScCameraPage *self,
                               gboolean      recording)
{
  recording = !!recording;
  if (self->recording == recording)
    return;

  self->recording = recording;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
}

/* --- GObject --- */

static void
sc_camera_page_map (GtkWidget *widget)
{
  ScCameraPage *self = SC_CAMERA_PAGE (widget);

  GTK_WIDGET_CLASS (sc_camera_page_parent_class)->map (widget);

  _sc_camera_page_update_state_polling (self);
  _sc_camera_page_update_preview (self);
}

static void
sc_camera_page_unmap (GtkWidget *widget)
{
  ScCameraPage *self = SC_CAMERA_PAGE (widget);

  GTK_WIDGET_CLASS (sc_camera_page_parent_class)->unmap (widget);

  /* Leaving the page: the preview costs the camera's battery and Wi-Fi. */
  _sc_camera_page_update_state_polling (self);
  _sc_camera_page_update_preview (self);
}

static void
sc_camera_page_dispose (GObject *object)
{
  ScCameraPage *self = (ScCameraPage *)object;
  GHashTableIter iter;
  gpointer cancellable;

  g_cancellable_cancel (self->cancellable);
  g_hash_table_iter_init (&iter, self->connecting);
  while (g_hash_table_iter_next (&iter, NULL, &cancellable))
    g_cancellable_cancel (cancellable);
  g_clear_handle_id (&self->state_source, g_source_remove);
  _sc_camera_page_shooting_dispose (self);

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  if (self->camera_list != NULL)
    gtk_list_box_bind_model (self->camera_list, NULL, NULL, NULL, NULL);
  _sc_camera_page_unwatch_all (self);
  g_clear_object (&self->monitor);
  g_clear_object (&self->camera);
  g_clear_object (&self->job_manager);
  g_clear_object (&self->last_file);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_CAMERA_PAGE);

  G_OBJECT_CLASS (sc_camera_page_parent_class)->dispose (object);
}

static void
sc_camera_page_finalize (GObject *object)
{
  ScCameraPage *self = (ScCameraPage *)object;

  g_clear_pointer (&self->connecting, g_hash_table_unref);
  g_clear_pointer (&self->watched, g_hash_table_unref);
  g_clear_pointer (&self->errors, g_hash_table_unref);
  g_clear_pointer (&self->session_files, g_hash_table_unref);
  g_clear_pointer (&self->warning, g_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sc_camera_page_parent_class)->finalize (object);
}

static void
sc_camera_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ScCameraPage *self = SC_CAMERA_PAGE (object);

  switch (prop_id)
    {
    case PROP_MONITOR:
      g_value_set_object (value, self->monitor);
      break;

    case PROP_JOB_MANAGER:
      g_value_set_object (value, self->job_manager);
      break;

    case PROP_CAMERA:
      g_value_set_object (value, self->camera);
      break;

    case PROP_CAN_CAPTURE:
      g_value_set_boolean (value, self->can_capture);
      break;

    case PROP_CAN_RECORD:
      g_value_set_boolean (value, self->can_record);
      break;

    case PROP_RECORDING:
      g_value_set_boolean (value, self->recording);
      break;

    case PROP_LAST_FILE:
      g_value_set_object (value, self->last_file);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_camera_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ScCameraPage *self = SC_CAMERA_PAGE (object);

  switch (prop_id)
    {
    case PROP_MONITOR:
      sc_camera_page_set_monitor (self, g_value_get_object (value));
      break;

    case PROP_JOB_MANAGER:
      sc_camera_page_set_job_manager (self, g_value_get_object (value));
      break;

    case PROP_CAMERA:
      sc_camera_page_set_camera (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_camera_page_class_init (ScCameraPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_camera_page_dispose;
  object_class->finalize = sc_camera_page_finalize;
  object_class->get_property = sc_camera_page_get_property;
  object_class->set_property = sc_camera_page_set_property;

  widget_class->map = sc_camera_page_map;
  widget_class->unmap = sc_camera_page_unmap;

  /**
   * ScCameraPage:monitor:
   *
   * The cameras listed in the sidebar.
   */
  properties[PROP_MONITOR] =
    g_param_spec_object ("monitor", NULL, NULL, SC_TYPE_CAMERA_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraPage:job-manager:
   *
   * Where shooting and download jobs are added, so that the jobs popover
   * and D-Bus show them.
   */
  properties[PROP_JOB_MANAGER] =
    g_param_spec_object ("job-manager", NULL, NULL, SC_TYPE_JOB_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraPage:camera:
   *
   * The selected camera, or %NULL.
   */
  properties[PROP_CAMERA] =
    g_param_spec_object ("camera", NULL, NULL, SC_TYPE_CAMERA,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraPage:can-capture:
   *
   * Whether a picture can be taken now (`win.capture`).
   */
  properties[PROP_CAN_CAPTURE] =
    g_param_spec_boolean ("can-capture", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraPage:can-record:
   *
   * Whether recording can be started or stopped now
   * (`win.toggle-recording`).
   */
  properties[PROP_CAN_RECORD] =
    g_param_spec_boolean ("can-record", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraPage:recording:
   *
   * Whether the selected camera is recording a video.
   */
  properties[PROP_RECORDING] =
    g_param_spec_boolean ("recording", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraPage:last-file:
   *
   * The last picture or video shot from this page, or %NULL.
   */
  properties[PROP_LAST_FILE] =
    g_param_spec_object ("last-file", NULL, NULL, SC_TYPE_CAMERA_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  _sc_camera_page_install_camera_actions (widget_class);
  _sc_camera_page_install_info_actions (widget_class);

  g_type_ensure (SC_TYPE_CAMERA_ROW);
  g_type_ensure (SC_TYPE_OPTIONS_POPOVER);
  g_type_ensure (SC_TYPE_VIEWFINDER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               SC_RESOURCE_BASE "/ui/sc-camera-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, page_box);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, unusable_revealer);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, unusable_label);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, page_stack);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, camera_list);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, content);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, camera_stack);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, disconnected_page);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, release_button);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, connect_button);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, connecting_page);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, info_flap);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, warning_revealer);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, warning_label);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, viewfinder);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, controls);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, options_button);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, options_popover);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, record_button);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, record_icon);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, shutter_button);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, recording_box);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, recording_dot);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, info_button);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, battery_icon);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, battery_label);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, space_row);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, space_label);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, model_label);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, serial_label);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, firmware_label);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, address_label);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, format_row);
  gtk_widget_class_bind_template_child (widget_class, ScCameraPage, back_button);
  gtk_widget_class_bind_template_callback (widget_class, on_camera_list_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_camera_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_connect_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_release_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_unusable_close_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_viewfinder_retry_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_options_popover_option_changed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sccamerapage");
}

static void
sc_camera_page_init (ScCameraPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new ("org.spherecam.Spherecam");
  self->connecting = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
  self->watched = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->errors = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
  self->session_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  gtk_stack_set_visible_child_name (self->page_stack, "empty");
  _sc_camera_page_update_content (self);
}

/**
 * sc_camera_page_get_monitor:
 * @self: a #ScCameraPage
 *
 * Returns: (transfer none) (nullable): the cameras listed
 */
ScCameraMonitor *
sc_camera_page_get_monitor (ScCameraPage *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_PAGE (self), NULL);

  return self->monitor;
}

/**
 * sc_camera_page_set_monitor:
 * @self: a #ScCameraPage
 * @monitor: (nullable): the cameras to list
 */
void
sc_camera_page_set_monitor (ScCameraPage    *self,
                            ScCameraMonitor *monitor)
{
  g_return_if_fail (SC_IS_CAMERA_PAGE (self));
  g_return_if_fail (monitor == NULL || SC_IS_CAMERA_MONITOR (monitor));

  if (self->monitor == monitor)
    return;

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  sc_camera_page_set_camera (self, NULL);
  g_set_object (&self->monitor, monitor);
  _sc_camera_page_bind_monitor (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONITOR]);
}

/**
 * sc_camera_page_get_job_manager:
 * @self: a #ScCameraPage
 *
 * Returns: (transfer none) (nullable): where jobs are added
 */
ScJobManager *
sc_camera_page_get_job_manager (ScCameraPage *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_PAGE (self), NULL);

  return self->job_manager;
}

/**
 * sc_camera_page_set_job_manager:
 * @self: a #ScCameraPage
 * @manager: (nullable): where to add shooting and download jobs
 */
void
sc_camera_page_set_job_manager (ScCameraPage *self,
                                ScJobManager *manager)
{
  g_return_if_fail (SC_IS_CAMERA_PAGE (self));
  g_return_if_fail (manager == NULL || SC_IS_JOB_MANAGER (manager));

  if (g_set_object (&self->job_manager, manager))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB_MANAGER]);
}

/**
 * sc_camera_page_get_camera:
 * @self: a #ScCameraPage
 *
 * Returns: (transfer none) (nullable): the selected camera
 */
ScCamera *
sc_camera_page_get_camera (ScCameraPage *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_PAGE (self), NULL);

  return self->camera;
}

/**
 * sc_camera_page_set_camera:
 * @self: a #ScCameraPage
 * @camera: (nullable): the camera to select
 */
void
sc_camera_page_set_camera (ScCameraPage *self,
                           ScCamera     *camera)
{
  g_return_if_fail (SC_IS_CAMERA_PAGE (self));
  g_return_if_fail (camera == NULL || SC_IS_CAMERA (camera));

  if (self->camera == camera)
    return;

  _sc_camera_page_stop_preview (self);
  _sc_camera_page_reset_shooting (self);
  sc_viewfinder_clear (self->viewfinder);
  g_set_object (&self->camera, camera);
  _sc_camera_page_select_camera_row (self);
  _sc_camera_page_update_content (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMERA]);
}

gboolean
sc_camera_page_get_can_capture (ScCameraPage *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_PAGE (self), FALSE);

  return self->can_capture;
}

gboolean
sc_camera_page_get_can_record (ScCameraPage *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_PAGE (self), FALSE);

  return self->can_record;
}

gboolean
sc_camera_page_get_recording (ScCameraPage *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_PAGE (self), FALSE);

  return self->recording;
}

/**
 * sc_camera_page_get_last_file:
 * @self: a #ScCameraPage
 *
 * Returns: (transfer none) (nullable): the last picture or video shot
 */
ScCameraFile *
sc_camera_page_get_last_file (ScCameraPage *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_PAGE (self), NULL);

  return self->last_file;
}
