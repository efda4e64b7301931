/* sc-camera-page-cameras.c
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

/* The Camera page's cameras: the sidebar list bound to the monitor and its
 * selection, connecting, disconnecting and forgetting (the camera.*
 * actions), watching each camera for changes and lost connections, and
 * adding a camera by its address. */

char *
_sc_camera_page_dup_camera_name (ScCamera *camera)
{
  char *name = sc_camera_dup_display_name (camera);

  return name != NULL ? name : g_strdup (sc_camera_get_uri (camera));
}

static ScCameraRow *
find_row (ScCameraPage *self,
          ScCamera     *camera)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->camera_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (SC_IS_CAMERA_ROW (child) && sc_camera_row_get_camera (SC_CAMERA_ROW (child)) == camera)
      return SC_CAMERA_ROW (child);

  return NULL;
}

gboolean
_sc_camera_page_is_connecting (ScCameraPage *self,
                               ScCamera     *camera)
{
  return camera != NULL && g_hash_table_contains (self->connecting, camera);
}

/* --- Connecting --- */

static void
set_error (ScCameraPage *self,
           ScCamera     *camera,
           const GError *error)
{
  /* The whole message, with its own (translated) full stop: it is shown as a sentence. */
  g_hash_table_replace (self->errors, g_object_ref (camera), g_strdup (error->message));
}

typedef struct
{
  ScCameraPage *self;
  ScCamera     *camera;
  gboolean      release;   /* sc_ptp_camera_release_holder_async() */
} ConnectData;

/**
 * _sc_camera_page_can_release:
 * @self: a #ScCameraPage
 * @camera: a camera of the monitor
 *
 * Whether connecting to @camera failed because another program holds it
 * and that program can be asked to let go (gvfs's mount), so that the
 * page offers "Release and Connect".
 */
gboolean
_sc_camera_page_can_release (ScCameraPage *self,
                             ScCamera     *camera)
{
  return SC_IS_PTP_CAMERA (camera) &&
         g_hash_table_contains (self->errors, camera) &&
         !sc_camera_is_connected (camera) &&
         sc_ptp_camera_can_release_holder (SC_PTP_CAMERA (camera));
}

/* The toast after a failed connection: what to check for this kind of
 * camera; the camera's page shows core's message. */
static char *
dup_connect_failed_message (ScCamera     *camera,
                            const GError *error)
{
  g_autofree char *name = _sc_camera_page_dup_camera_name (camera);

  if (!SC_IS_PTP_CAMERA (camera))
    {
      /* Translators: "Could not connect to <camera>. Check …" */
      return g_strdup_printf (_("Could not connect to %s. Check that the computer is on the "
                                "camera’s Wi-Fi."), name);
    }

  if (g_error_matches (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY))
    {
      if (sc_ptp_camera_can_release_holder (SC_PTP_CAMERA (camera)))
        {
          /* Translators: "<program> is using <camera>. …" */
          return g_strdup_printf (_("%s is using %s. Press Release and Connect to use it "
                                    "here."),
                                  sc_ptp_camera_get_holder (SC_PTP_CAMERA (camera)), name);
        }
      /* Translators: "Another program is using <camera>. …" */
      return g_strdup_printf (_("Another program is using %s. Close it, then connect again."),
                              name);
    }

  /* Translators: "Could not connect to <camera>. Check …" */
  return g_strdup_printf (_("Could not connect to %s. Check the USB cable and that the camera "
                            "is switched on."), name);
}

static void
on_camera_connected_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  ConnectData *data = user_data;
  ScCameraPage *self = data->self;
  ScCamera *camera = data->camera;
  g_autoptr(GError) error = NULL;
  ScCameraRow *row;
  gboolean connected;

  if (data->release)
    connected = sc_ptp_camera_release_holder_finish (SC_PTP_CAMERA (camera), result, &error);
  else
    connected = sc_camera_connect_finish (camera, result, &error);

  if (connected)
    {
      g_hash_table_remove (self->errors, camera);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = dup_connect_failed_message (camera, error);

      /* The toast says what to do; the camera's page shows the details. */
      set_error (self, camera, error);
      _sc_ui_show_message (GTK_WIDGET (self), message);
    }

  g_hash_table_remove (self->connecting, camera);

  /* The page went away while the camera answered. */
  if (self->page_stack == NULL)
    goto out;

  row = find_row (self, camera);
  if (row != NULL)
    sc_camera_row_set_busy (row, FALSE);
  if (camera == self->camera)
    _sc_camera_page_update_content (self);

out:
  g_object_unref (data->self);
  g_object_unref (data->camera);
  g_free (data);
}

/**
 * sc_camera_page_connect_camera:
 * @self: a #ScCameraPage
 * @camera: a camera of the monitor
 *
 * Connects to @camera (unless it is connected or being connected to);
 * a failure is reported in a toast.
 */
static void
start_connecting (ScCameraPage *self,
                  ScCamera     *camera,
                  gboolean      release)
{
  GCancellable *cancellable;
  ConnectData *data;
  ScCameraRow *row;

  if (sc_camera_is_connected (camera) || _sc_camera_page_is_connecting (self, camera))
    return;

  cancellable = g_cancellable_new ();
  g_hash_table_insert (self->connecting, g_object_ref (camera), cancellable);
  row = find_row (self, camera);
  if (row != NULL)
    sc_camera_row_set_busy (row, TRUE);
  if (camera == self->camera)
    _sc_camera_page_update_content (self);

  data = g_new0 (ConnectData, 1);
  data->self = g_object_ref (self);
  data->camera = g_object_ref (camera);
  data->release = release;
  if (release)
    sc_ptp_camera_release_holder_async (SC_PTP_CAMERA (camera), cancellable,
                                        on_camera_connected_cb, data);
  else
    sc_camera_connect_async (camera, cancellable, on_camera_connected_cb, data);
}

void
sc_camera_page_connect_camera (ScCameraPage *self,
                               ScCamera     *camera)
{
  g_return_if_fail (SC_IS_CAMERA_PAGE (self));
  g_return_if_fail (SC_IS_CAMERA (camera));

  start_connecting (self, camera, FALSE);
}

/**
 * _sc_camera_page_release_and_connect:
 * @self: a #ScCameraPage
 * @camera: a USB camera that another program holds
 *
 * Asks the program that holds @camera to let go (unmounts gvfs's mount),
 * then connects; the page goes on as after sc_camera_page_connect_camera(),
 * or shows the new error.
 */
void
_sc_camera_page_release_and_connect (ScCameraPage *self,
                                     ScCamera     *camera)
{
  g_return_if_fail (SC_IS_CAMERA_PAGE (self));
  g_return_if_fail (SC_IS_CAMERA (camera));

  if (!SC_IS_PTP_CAMERA (camera))
    {
      start_connecting (self, camera, FALSE);
      return;
    }

  start_connecting (self, camera, TRUE);
}

static void
disconnect_camera (ScCameraPage *self,
                   ScCamera     *camera)
{
  GCancellable *cancellable = g_hash_table_lookup (self->connecting, camera);

  if (cancellable != NULL)
    {
      g_cancellable_cancel (cancellable);
      return;
    }

  if (camera == self->camera)
    {
      _sc_camera_page_stop_preview (self);
      _sc_camera_page_reset_shooting (self);
    }
  if (sc_camera_is_connected (camera))
    sc_camera_disconnect (camera);
}

static ScCamera *
lookup_camera (ScCameraPage *self,
               GVariant     *param)
{
  const char *uri = g_variant_get_string (param, NULL);

  if (self->monitor == NULL)
    return NULL;

  return sc_camera_monitor_lookup (self->monitor, uri);
}

static void
sc_camera_page_connect_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  ScCameraPage *self = SC_CAMERA_PAGE (widget);
  ScCamera *camera = lookup_camera (self, param);

  if (camera != NULL)
    sc_camera_page_connect_camera (self, camera);
}

static void
sc_camera_page_release_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  ScCameraPage *self = SC_CAMERA_PAGE (widget);
  ScCamera *camera = lookup_camera (self, param);

  if (camera != NULL)
    _sc_camera_page_release_and_connect (self, camera);
}

static void
sc_camera_page_disconnect_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  ScCameraPage *self = SC_CAMERA_PAGE (widget);
  ScCamera *camera = lookup_camera (self, param);

  if (camera != NULL)
    disconnect_camera (self, camera);
}

static void
sc_camera_page_forget_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  ScCameraPage *self = SC_CAMERA_PAGE (widget);
  g_autoptr(ScCamera) camera = NULL;
  ScCamera *found = lookup_camera (self, param);

  if (found == NULL)
    return;

  camera = g_object_ref (found);

  disconnect_camera (self, camera);
  sc_camera_monitor_forget (self->monitor, camera);
}

static void
sc_camera_page_add_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  sc_camera_page_add_camera (SC_CAMERA_PAGE (widget));
}

/* --- Watching the cameras --- */

static void
on_camera_disconnected_cb (ScCamera     *camera,
                           const GError *error,
                           ScCameraPage *self)
{
  if (camera == self->camera)
    {
      _sc_camera_page_stop_preview (self);
      _sc_camera_page_reset_shooting (self);
    }

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *name = _sc_camera_page_dup_camera_name (camera);
      g_autofree char *message = NULL;

      set_error (self, camera, error);
      if (SC_IS_PTP_CAMERA (camera))
        {
          /* Translators: "Lost the connection to <camera>. Check …" */
          message = g_strdup_printf (_("Lost the connection to %s. Check the USB cable and that "
                                       "the camera is switched on, then connect again."), name);
        }
      else
        {
          /* Translators: "Lost the connection to <camera>. Check …" */
          message = g_strdup_printf (_("Lost the connection to %s. Check that the computer is "
                                       "still on the camera’s Wi-Fi, then connect again."), name);
        }
      _sc_ui_show_message (GTK_WIDGET (self), message);
    }

  if (camera == self->camera)
    _sc_camera_page_update_content (self);
}

static void
on_camera_changed_cb (ScCamera     *camera,
                      GParamSpec   *pspec,
                      ScCameraPage *self)
{
  if (camera != self->camera)
    return;

  if (g_str_equal (pspec->name, "is-connected"))
    _sc_camera_page_update_content (self);
  else
    _sc_camera_page_update_info (self);
}

static void
on_camera_state_changed_cb (ScCamera     *camera,
                            ScCameraPage *self)
{
  if (camera == self->camera)
    _sc_camera_page_update_info (self);
}

static void
watch_camera (ScCameraPage *self,
              ScCamera     *camera)
{
  if (!g_hash_table_add (self->watched, g_object_ref (camera)))
    return;

  g_signal_connect_object (camera, "disconnected",
                           G_CALLBACK (on_camera_disconnected_cb), self, 0);
  g_signal_connect_object (camera, "notify", G_CALLBACK (on_camera_changed_cb), self, 0);
  g_signal_connect_object (camera, "state-changed",
                           G_CALLBACK (on_camera_state_changed_cb), self, 0);
}

void
_sc_camera_page_unwatch_all (ScCameraPage *self)
{
  GHashTableIter iter;
  gpointer camera;

  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &camera, NULL))
    g_signal_handlers_disconnect_by_data (camera, self);
  g_hash_table_remove_all (self->watched);
  g_hash_table_remove_all (self->errors);
}

static void
sync_watched (ScCameraPage *self)
{
  g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
  guint n = self->monitor != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->monitor)) : 0;
  GHashTableIter iter;
  gpointer camera;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScCamera) item = g_list_model_get_item (G_LIST_MODEL (self->monitor), i);

      g_hash_table_add (present, item);
      watch_camera (self, item);
    }

  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &camera, NULL))
    if (!g_hash_table_contains (present, camera))
      {
        g_signal_handlers_disconnect_by_data (camera, self);
        g_hash_table_remove (self->errors, camera);
        g_hash_table_iter_remove (&iter);
      }
}

/* --- The list and the selection --- */

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  ScCameraPage *self = user_data;
  GtkWidget *row = sc_camera_row_new (SC_CAMERA (item));

  sc_camera_row_set_busy (SC_CAMERA_ROW (row),
                          _sc_camera_page_is_connecting (self, SC_CAMERA (item)));

  return row;
}

void
_sc_camera_page_select_camera_row (ScCameraPage *self)
{
  ScCameraRow *row = self->camera != NULL ? find_row (self, self->camera) : NULL;

  if (row == NULL)
    gtk_list_box_unselect_all (self->camera_list);
  else if (gtk_list_box_get_selected_row (self->camera_list) != GTK_LIST_BOX_ROW (row))
    gtk_list_box_select_row (self->camera_list, GTK_LIST_BOX_ROW (row));
}

static void
on_monitor_items_changed_cb (ScCameraPage *self,
                             guint         position,
                             guint         removed,
                             guint         added)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->monitor));

  /* A camera arrived, probably the one switched to a mode we can use. */
  if (added > 0)
    gtk_revealer_set_reveal_child (self->unusable_revealer, FALSE);

  sync_watched (self);
  gtk_stack_set_visible_child_name (self->page_stack, n > 0 ? "cameras" : "empty");

  if (self->camera != NULL && !g_hash_table_contains (self->watched, self->camera))
    sc_camera_page_set_camera (self, NULL);

  if (self->camera == NULL && n > 0)
    {
      g_autoptr(ScCamera) first = g_list_model_get_item (G_LIST_MODEL (self->monitor), 0);

      sc_camera_page_set_camera (self, first);
    }
  else
    {
      /* bind_model made new rows: select the camera's again */
      _sc_camera_page_select_camera_row (self);
    }
}

void
_sc_camera_page_bind_monitor (ScCameraPage *self)
{
  gtk_list_box_bind_model (self->camera_list, G_LIST_MODEL (self->monitor), create_row, self,
                           NULL);

  if (self->monitor != NULL)
    {
      g_signal_connect_swapped (self->monitor, "items-changed",
                                G_CALLBACK (on_monitor_items_changed_cb), self);
      on_monitor_items_changed_cb (self, 0, 0, 0);
    }
  else
    {
      _sc_camera_page_unwatch_all (self);
      gtk_stack_set_visible_child_name (self->page_stack, "empty");
    }
}

/* --- Cameras plugged in a mode we cannot use --- */

/**
 * _sc_camera_page_show_unusable:
 * @self: a #ScCameraPage
 * @message: what ScUsbMonitor::unusable-camera said: which mode the camera
 *   is in and how to switch it
 *
 * Shows @message in a banner above the page until it is dismissed or a
 * camera arrives; when the page is not on screen, in a toast too.
 */
void
_sc_camera_page_show_unusable (ScCameraPage *self,
                               const char   *message)
{
  g_return_if_fail (SC_IS_CAMERA_PAGE (self));
  g_return_if_fail (message != NULL);

  gtk_label_set_text (self->unusable_label, message);
  gtk_revealer_set_reveal_child (self->unusable_revealer, TRUE);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    _sc_ui_show_message (GTK_WIDGET (self), message);
}

static void
sc_camera_page_report_unusable_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *param)
{
  _sc_camera_page_show_unusable (SC_CAMERA_PAGE (widget), g_variant_get_string (param, NULL));
}

/* --- Adding a camera --- */

static void
on_add_dialog_response_cb (ScAddCameraDialog *dialog,
                           const char        *response,
                           ScCameraPage      *self)
{
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  ScCamera *camera;

  if (!g_str_equal (response, "add"))
    return;

  uri = sc_add_camera_dialog_dup_uri (dialog);
  if (uri == NULL || self->monitor == NULL)
    return;

  camera = sc_camera_monitor_add_uri (self->monitor, uri,
                                      sc_add_camera_dialog_get_username (dialog),
                                      sc_add_camera_dialog_get_password (dialog),
                                      &error);
  if (camera == NULL)
    {
      g_autofree char *reason = _sc_ui_error_sentence (error);
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Could not add the camera: %s. Check the address."), reason);
      _sc_ui_show_message (GTK_WIDGET (self), message);
      return;
    }

  sc_camera_page_set_camera (self, camera);
  sc_camera_page_connect_camera (self, camera);
}

/**
 * sc_camera_page_add_camera:
 * @self: a #ScCameraPage
 *
 * Asks for a camera's address and adds the camera to the monitor, then
 * selects it and connects.
 */
void
sc_camera_page_add_camera (ScCameraPage *self)
{
  ScAddCameraDialog *dialog;
  GtkRoot *root;

  g_return_if_fail (SC_IS_CAMERA_PAGE (self));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = sc_add_camera_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_add_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_sc_camera_page_install_camera_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "camera.add", NULL,
                                   sc_camera_page_add_action);
  gtk_widget_class_install_action (widget_class, "camera.connect", "s",
                                   sc_camera_page_connect_action);
  gtk_widget_class_install_action (widget_class, "camera.release-and-connect", "s",
                                   sc_camera_page_release_action);
  /* The window passes ScUsbMonitor::unusable-camera (the service's
   * Manager.UnusableCamera) here. */
  gtk_widget_class_install_action (widget_class, "camera.report-unusable", "s",
                                   sc_camera_page_report_unusable_action);
  gtk_widget_class_install_action (widget_class, "camera.disconnect", "s",
                                   sc_camera_page_disconnect_action);
  gtk_widget_class_install_action (widget_class, "camera.forget", "s",
                                   sc_camera_page_forget_action);
}
