/* sc-window.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-ui.h"
#include "sc-window-private.h"

/**
 * ScWindow:
 *
 * The main window: a header bar with a view switcher over the four main
 * pages (Camera, Library, Editor, Help), and a toast overlay for errors and
 * results. Pages are switched with the `win.show-page` action (Alt+1…4).
 *
 * The window receives the core objects it shows as properties: the
 * cameras (#ScWindow:camera-monitor) and the jobs (#ScWindow:job-manager).
 * The Library page shows the camera selected on the Camera page.
 *
 * While the consent of the default #ScPermissions is not accepted (first
 * run, after a revocation, after a new policy version) the window shows
 * only the first-run #ScConsentView, and the actions that reach cameras,
 * files and pages are disabled. The window follows #ScConsent:is-accepted
 * wherever it changes (the UI, D-Bus, the command line); when it becomes
 * FALSE the connected cameras are disconnected.
 *
 * With usage statistics on, the window counts the pages opened and the
 * seconds it is active (fixed counter names, no identifiers).
 */

G_DEFINE_FINAL_TYPE (ScWindow, sc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PAGE,
  PROP_JOB_MANAGER,
  PROP_CAMERA_MONITOR,
  PROP_DATA_INVENTORY,
  PROP_CONSENT_ACCEPTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
count_usage (ScWindow   *self,
             const char *counter,
             gint64      delta)
{
  ScUsageStats *stats = sc_usage_stats_get_default ();

  /* A no-op while usage statistics are off. */
  if (stats != NULL && delta > 0)
    sc_usage_stats_count (stats, counter, delta);
}

static void
count_page_opened (ScWindow *self)
{
  static const char * const pages[] = { "camera", "library", "editor", "help" };
  const char *page = sc_window_get_page (self);

  if (!_sc_window_is_consent_accepted (self) ||
      !gtk_widget_get_visible (GTK_WIDGET (self)))
    return;

  /* Only the fixed page names, never anything else a stack could hold. */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_strcmp0 (page, pages[i]) == 0)
      {
        g_autofree char *counter = g_strconcat ("page-opened:", pages[i], NULL);

        count_usage (self, counter, 1);
      }
}

static void
flush_active_time (ScWindow *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->active_since != 0)
    count_usage (self, "seconds-active", (now - self->active_since) / G_USEC_PER_SEC);
  self->active_since = gtk_window_is_active (GTK_WINDOW (self)) &&
                       _sc_window_is_consent_accepted (self) ? now : 0;
}

static void
on_is_active_cb (ScWindow *self)
{
  flush_active_time (self);
}

static void
on_stack_visible_child_name_cb (ScWindow *self)
{
  _sc_window_update_actions (self);
  count_page_opened (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

static void
on_main_stack_visible_child_name_cb (ScWindow *self)
{
  _sc_window_update_actions (self);
}

static void
disconnect_cameras (ScWindow *self)
{
  ScCameraMonitor *monitor = sc_window_get_camera_monitor (self);
  guint n;

  if (monitor == NULL)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (monitor));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScCamera) camera = g_list_model_get_item (G_LIST_MODEL (monitor), i);

      /* Through the page, so that it stops its preview and shooting first. */
      if (sc_camera_is_connected (camera))
        gtk_widget_activate_action (GTK_WIDGET (self->camera_page), "camera.disconnect", "s",
                                    sc_camera_get_uri (camera));
    }
}

static void
update_consent (ScWindow *self)
{
  gboolean accepted = _sc_window_is_consent_accepted (self);
  gboolean was_accepted = g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack),
                                     "main") == 0;

  sc_consent_view_set_consent (self->consent_view, self->consent);
  gtk_stack_set_visible_child_name (self->main_stack, accepted ? "main" : "consent");
  gtk_widget_set_sensitive (GTK_WIDGET (self->main_box), accepted);
  if (!accepted)
    {
      disconnect_cameras (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->consent_view));
    }
  flush_active_time (self);
  _sc_window_update_actions (self);

  if (accepted != was_accepted)
    {
      if (accepted)
        count_page_opened (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSENT_ACCEPTED]);
    }
}

static void
on_permissions_consent_cb (ScWindow *self)
{
  ScConsent *consent = sc_permissions_get_consent (self->permissions);

  if (consent != self->consent)
    {
      if (self->consent != NULL)
        g_signal_handlers_disconnect_by_func (self->consent, update_consent, self);
      g_set_object (&self->consent, consent);
      if (consent != NULL)
        g_signal_connect_object (consent, "notify::is-accepted",
                                 G_CALLBACK (update_consent), self, G_CONNECT_SWAPPED);
    }

  update_consent (self);
}

static void
on_camera_page_capabilities_cb (ScWindow *self)
{
  _sc_window_update_actions (self);
}

static void
save_window_state (ScWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", MAX (width, 360));
      g_settings_set_int (self->settings, "window-height", MAX (height, 294));
    }
  g_settings_set_string (self->settings, "last-page", sc_window_get_page (self));
  g_settings_apply (self->settings);
}

static gboolean
sc_window_close_request (GtkWindow *window)
{
  save_window_state (SC_WINDOW (window));
  flush_active_time (SC_WINDOW (window));

  return GTK_WINDOW_CLASS (sc_window_parent_class)->close_request (window);
}

static void
sc_window_dispose (GObject *object)
{
  ScWindow *self = (ScWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->consent);
  g_clear_object (&self->permissions);
  g_clear_object (&self->data_inventory);

  G_OBJECT_CLASS (sc_window_parent_class)->dispose (object);
}

static void
sc_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  ScWindow *self = SC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_string (value, sc_window_get_page (self));
      break;

    case PROP_JOB_MANAGER:
      g_value_set_object (value, sc_window_get_job_manager (self));
      break;

    case PROP_CAMERA_MONITOR:
      g_value_set_object (value, sc_window_get_camera_monitor (self));
      break;

    case PROP_DATA_INVENTORY:
      g_value_set_object (value, sc_window_get_data_inventory (self));
      break;

    case PROP_CONSENT_ACCEPTED:
      g_value_set_boolean (value, _sc_window_is_consent_accepted (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  ScWindow *self = SC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      sc_window_set_page (self, g_value_get_string (value));
      break;

    case PROP_JOB_MANAGER:
      sc_window_set_job_manager (self, g_value_get_object (value));
      break;

    case PROP_CAMERA_MONITOR:
      sc_window_set_camera_monitor (self, g_value_get_object (value));
      break;

    case PROP_DATA_INVENTORY:
      sc_window_set_data_inventory (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_window_class_init (ScWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sc_window_dispose;
  object_class->get_property = sc_window_get_property;
  object_class->set_property = sc_window_set_property;

  window_class->close_request = sc_window_close_request;

  /**
   * ScWindow:page:
   *
   * The name of the main page shown: "camera", "library", "editor" or "help".
   */
  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL, "camera",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScWindow:job-manager:
   *
   * The jobs shown in the header bar's jobs popover: the same
   * #ScJobManager the D-Bus service exports.
   */
  properties[PROP_JOB_MANAGER] =
    g_param_spec_object ("job-manager", NULL, NULL, SC_TYPE_JOB_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScWindow:camera-monitor:
   *
   * The cameras the Camera page lists: the same #ScCameraMonitor the
   * D-Bus service exports.
   */
  properties[PROP_CAMERA_MONITOR] =
    g_param_spec_object ("camera-monitor", NULL, NULL, SC_TYPE_CAMERA_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScWindow:data-inventory:
   *
   * The personal data the Preferences' "Your Data" page lists, exports
   * and erases: the same #ScDataInventory the D-Bus service exports.
   */
  properties[PROP_DATA_INVENTORY] =
    g_param_spec_object ("data-inventory", NULL, NULL, SC_TYPE_DATA_INVENTORY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScWindow:consent-accepted:
   *
   * Whether the main pages are shown: the default permissions have no
   * consent, or it is accepted. Otherwise the first-run screen is shown.
   */
  properties[PROP_CONSENT_ACCEPTED] =
    g_param_spec_boolean ("consent-accepted", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               SC_RESOURCE_BASE "/ui/sc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ScWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, consent_view);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, main_box);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, jobs_button);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, camera_page);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, library_page);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, editor_status_page);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, help_status_page);
  gtk_widget_class_bind_template_callback (widget_class, on_stack_visible_child_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_main_stack_visible_child_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_camera_page_capabilities_cb);

  g_type_ensure (SC_TYPE_CAMERA_PAGE);
  g_type_ensure (SC_TYPE_CONSENT_VIEW);
  g_type_ensure (SC_TYPE_JOBS_BUTTON);
  g_type_ensure (SC_TYPE_LIBRARY_PAGE);

  _sc_window_class_actions_init (klass);
}

static void
sc_window_init (ScWindow *self)
{
  g_autofree char *page = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

#if SC_DEVELOPMENT
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->settings = g_settings_new ("org.spherecam.Spherecam");
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  page = g_settings_get_string (self->settings, "last-page");
  sc_window_set_page (self, page);

  self->permissions = g_object_ref (sc_permissions_get_default ());
  g_signal_connect_object (self->permissions, "notify::consent",
                           G_CALLBACK (on_permissions_consent_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_is_active_cb), NULL);
  on_permissions_consent_cb (self);
}

gboolean
_sc_window_is_consent_accepted (ScWindow *self)
{
  return self->consent == NULL || sc_consent_get_is_accepted (self->consent);
}

/**
 * sc_window_new:
 * @application: the application
 *
 * Returns: (transfer full): a new main window
 */
ScWindow *
sc_window_new (GtkApplication *application)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  return g_object_new (SC_TYPE_WINDOW, "application", application, NULL);
}

/**
 * sc_window_get_page:
 * @self: a #ScWindow
 *
 * Returns: (transfer none): the name of the page shown
 */
const char *
sc_window_get_page (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

/**
 * sc_window_set_page:
 * @self: a #ScWindow
 * @page: "camera", "library", "editor" or "help"
 *
 * Shows a main page. An unknown name is ignored with a warning.
 */
void
sc_window_set_page (ScWindow   *self,
                    const char *page)
{
  g_return_if_fail (SC_IS_WINDOW (self));
  g_return_if_fail (page != NULL);

  if (adw_view_stack_get_child_by_name (self->stack, page) == NULL)
    {
      g_warning ("No page named “%s”", page);
      return;
    }

  adw_view_stack_set_visible_child_name (self->stack, page);
}

/**
 * sc_window_add_toast:
 * @self: a #ScWindow
 * @toast: (transfer full): a toast
 *
 * Shows @toast over the window's content.
 */
void
sc_window_add_toast (ScWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (SC_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * sc_window_get_job_manager:
 * @self: a #ScWindow
 *
 * Returns: (transfer none) (nullable): the jobs the window shows
 */
ScJobManager *
sc_window_get_job_manager (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);

  return sc_jobs_button_get_manager (self->jobs_button);
}

/**
 * sc_window_set_job_manager:
 * @self: a #ScWindow
 * @manager: (nullable): the jobs to show
 *
 * Shows @manager's jobs, with their progress, in the header bar.
 */
void
sc_window_set_job_manager (ScWindow     *self,
                           ScJobManager *manager)
{
  g_return_if_fail (SC_IS_WINDOW (self));

  if (sc_jobs_button_get_manager (self->jobs_button) == manager)
    return;

  sc_jobs_button_set_manager (self->jobs_button, manager);
  sc_camera_page_set_job_manager (self->camera_page, manager);
  sc_library_page_set_job_manager (self->library_page, manager);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB_MANAGER]);
}

/**
 * sc_window_get_camera_monitor:
 * @self: a #ScWindow
 *
 * Returns: (transfer none) (nullable): the cameras the window lists
 */
ScCameraMonitor *
sc_window_get_camera_monitor (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);

  return sc_camera_page_get_monitor (self->camera_page);
}

/**
 * sc_window_set_camera_monitor:
 * @self: a #ScWindow
 * @monitor: (nullable): the cameras to list
 *
 * Lists @monitor's cameras on the Camera page; the Library page shows the
 * files of the one selected there.
 */
void
sc_window_set_camera_monitor (ScWindow        *self,
                              ScCameraMonitor *monitor)
{
  g_return_if_fail (SC_IS_WINDOW (self));
  g_return_if_fail (monitor == NULL || SC_IS_CAMERA_MONITOR (monitor));

  if (sc_camera_page_get_monitor (self->camera_page) == monitor)
    return;

  sc_camera_page_set_monitor (self->camera_page, monitor);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMERA_MONITOR]);
}

/**
 * sc_window_get_camera_page:
 * @self: a #ScWindow
 *
 * Returns: (transfer none): the Camera page
 */
ScCameraPage *
sc_window_get_camera_page (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);

  return self->camera_page;
}

/**
 * sc_window_get_library_page:
 * @self: a #ScWindow
 *
 * Returns: (transfer none): the Library page
 */
ScLibraryPage *
sc_window_get_library_page (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);

  return self->library_page;
}

/**
 * sc_window_get_data_inventory:
 * @self: a #ScWindow
 *
 * Returns: (transfer none) (nullable): the personal data Preferences lists
 */
ScDataInventory *
sc_window_get_data_inventory (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);

  return self->data_inventory;
}

/**
 * sc_window_set_data_inventory:
 * @self: a #ScWindow
 * @inventory: (nullable): the personal data the app holds
 *
 * Sets what the Preferences' "Your Data" page opened from this window
 * lists, exports and erases.
 */
void
sc_window_set_data_inventory (ScWindow        *self,
                              ScDataInventory *inventory)
{
  g_return_if_fail (SC_IS_WINDOW (self));
  g_return_if_fail (inventory == NULL || SC_IS_DATA_INVENTORY (inventory));

  if (g_set_object (&self->data_inventory, inventory))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_INVENTORY]);
}

/**
 * sc_window_get_consent_accepted:
 * @self: a #ScWindow
 *
 * Returns: %TRUE if the main pages are shown, %FALSE while the first-run
 *   screen asks for consent
 */
gboolean
sc_window_get_consent_accepted (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), FALSE);

  return _sc_window_is_consent_accepted (self);
}
