/* sc-service.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-service"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-service-private.h"

/* What the app offers on D-Bus, shared by the GUI application and the
 * headless one: the Manager object, one Job object per ScJob of the job
 * manager, and (in test builds) the Testing interface.
 *
 * It also keeps the application alive while it is useful: a hold for as
 * long as any job runs, and a hold/release after every method call, so
 * that a service started by D-Bus activation stays up while scripts talk
 * to it and exits after the inactivity timeout once they stop.
 *
 * It owns the privacy objects of the process: the consent (attached to the
 * default ScPermissions, so that every gated core call needs it), the
 * location source and the usage statistics, all bound to their GSettings
 * keys, and the personal-data inventory (set up in sc-service-privacy.c).
 * Without consent, camera methods are refused at the door (ScConsentGate);
 * when consent goes away, everything that collects data stops. */

G_DEFINE_FINAL_TYPE (ScService, sc_service, G_TYPE_OBJECT)

static gboolean
touch_application_cb (gpointer user_data)
{
  ScService *self = user_data;

  g_atomic_int_set (&self->touch_pending, FALSE);

  /* Restarts the application's inactivity timer. */
  if (self->application != NULL)
    {
      g_application_hold (self->application);
      g_application_release (self->application);
    }

  return G_SOURCE_REMOVE;
}

/* Runs in GDBus's worker thread for every incoming message: hop to the
 * owner's context (at most one pending hop) to touch the application. */
static GDBusMessage *
filter_incoming_cb (GDBusConnection *connection,
                    GDBusMessage    *message,
                    gboolean         incoming,
                    gpointer         user_data)
{
  ScService *self = user_data;

  if (incoming &&
      g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL &&
      g_atomic_int_compare_and_exchange (&self->touch_pending, FALSE, TRUE))
    g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, touch_application_cb,
                                g_object_ref (self), g_object_unref);

  return message;
}

static void
update_jobs_property (ScService *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->jobs));
  g_autoptr(GPtrArray) paths = g_ptr_array_new_full (n + 1, g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScJob) job = g_list_model_get_item (G_LIST_MODEL (self->jobs), i);

      g_ptr_array_add (paths, sc_dbus_job_path_for_id (sc_job_get_id (job)));
    }
  g_ptr_array_add (paths, NULL);

  sc_dbus_manager_set_jobs (SC_DBUS_MANAGER (self->manager),
                            (const char * const *)paths->pdata);
}

static void
export_job (ScService *self,
            ScJob     *job)
{
  g_autoptr(ScDbusJobImpl) impl = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (self->connection == NULL || g_hash_table_contains (self->job_exports, job))
    return;

  impl = sc_dbus_job_impl_new (job);
  path = sc_dbus_job_path_for_id (sc_job_get_id (job));

  if (!g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (impl),
                                         self->connection, path, &error))
    {
      g_warning ("Could not export job %s: %s", path, error->message);
      return;
    }

  g_hash_table_insert (self->job_exports, job, g_steal_pointer (&impl));
  sc_dbus_manager_emit_job_added (SC_DBUS_MANAGER (self->manager), path);
}

static void
on_jobs_items_changed_cb (ScService  *self,
                          guint       position,
                          guint       removed,
                          guint       added,
                          GListModel *model)
{
  GHashTableIter iter;
  gpointer key, value;

  /* Unexport the jobs the model no longer holds. */
  if (removed > 0)
    {
      g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
      guint n = g_list_model_get_n_items (model);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(ScJob) job = g_list_model_get_item (model, i);
          g_hash_table_add (present, job);
        }

      g_hash_table_iter_init (&iter, self->job_exports);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (!g_hash_table_contains (present, key))
          g_hash_table_iter_remove (&iter);
    }

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(ScJob) job = g_list_model_get_item (model, i);
      export_job (self, job);
    }

  update_jobs_property (self);
}

/* --- Cameras --- */

static char *
hook_add_job (ScJob    *job,
              gpointer  user_data)
{
  ScService *self = user_data;

  return sc_dbus_job_path_for_id (sc_job_manager_add (self->jobs, job));
}

static void
set_remembered (ScService *self,
                ScCamera  *camera,
                gboolean   remembered)
{
  ScDbusCameraImpl *impl = g_hash_table_lookup (self->camera_exports, camera);

  g_object_set_data (G_OBJECT (camera), "sc-remembered", GINT_TO_POINTER (remembered));
  if (impl != NULL)
    sc_dbus_camera_impl_set_remembered (impl, remembered);
}

static void
on_password_stored_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!sc_camera_registry_store_password_finish (SC_CAMERA_REGISTRY (object), result, &error))
    g_warning ("Could not store a camera's password: %s", error->message);
}

/* The camera's identifiers are kept out of the logs from now on. */
static void
register_identifiers (ScCamera *camera,
                      const char *serial)
{
  static const char * const mac_keys[] = { "wlanMacAddress", "bluetoothMacAddress", NULL };
  GVariant *info = sc_camera_get_info (camera);

  if (serial != NULL)
    sc_redact_add_identifier (serial, SC_REDACT_KIND_SERIAL);
  for (guint i = 0; info != NULL && mac_keys[i] != NULL; i++)
    {
      const char *mac = NULL;

      if (g_variant_lookup (info, mac_keys[i], "&s", &mac))
        sc_redact_add_identifier (mac, SC_REDACT_KIND_MAC);
    }
}

/* After a connection, whoever made it (the window, D-Bus), the registry
 * learns (or refreshes) what the camera is; the password given when it was
 * added goes to the keyring then. The demo camera lives on a new port every
 * run: it is never remembered. */
static void
on_camera_is_connected_cb (ScCamera   *camera,
                           GParamSpec *pspec,
                           ScService  *self)
{
  g_autoptr(ScCameraRecord) record = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autofree char *display_name = sc_camera_dup_display_name (camera);
  g_autofree char *model = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *firmware = NULL;
  GStrv credentials;

  if (!sc_camera_is_connected (camera))
    return;

  g_object_get (camera,
                "model", &model,
                "serial-number", &serial,
                "firmware-version", &firmware,
                NULL);
  register_identifiers (camera, serial);
  /* The log hides the identifiers (unless detailed diagnostics are on). */
  {
    GVariant *info = sc_camera_get_info (camera);
    const char *mac = NULL;

    if (info == NULL || !g_variant_lookup (info, "wlanMacAddress", "&s", &mac))
      mac = "?";
    g_info ("Connected to %s at %s: model %s, serial number %s, firmware %s, Wi-Fi MAC %s",
            display_name != NULL ? display_name : "a camera", sc_camera_get_uri (camera),
            model != NULL ? model : "?", serial != NULL ? serial : "?",
            firmware != NULL ? firmware : "?", mac);
  }

  if (self->registry == NULL || g_object_get_data (G_OBJECT (camera), "sc-demo") != NULL)
    return;
  record = sc_camera_record_new (sc_camera_get_id (camera));
  sc_camera_record_set_uri (record, sc_camera_get_uri (camera));
  sc_camera_record_set_display_name (record, display_name);
  sc_camera_record_set_model (record, model);
  sc_camera_record_set_serial_number (record, serial);
  sc_camera_record_set_firmware_version (record, firmware);
  sc_camera_record_set_last_connected (record, now);

  credentials = g_hash_table_lookup (self->new_credentials, camera);
  if (credentials != NULL)
    sc_camera_record_set_username (record, credentials[0]);

  if (!sc_camera_registry_remember (self->registry, record, &error))
    {
      g_warning ("Could not remember a camera: %s", error->message);
      return;
    }

  if (credentials != NULL && credentials[1] != NULL)
    sc_camera_registry_store_password_async (self->registry, sc_camera_get_id (camera),
                                             credentials[0], credentials[1], NULL,
                                             on_password_stored_cb, NULL);
  g_hash_table_remove (self->new_credentials, camera);
  set_remembered (self, camera, TRUE);
}

/* The window's "Forget" and D-Bus Forget both end here, through
 * sc_camera_monitor_forget(): erase what is stored about the camera. */
static void
on_camera_forgotten_cb (ScService *self,
                        ScCamera  *camera)
{
  g_autoptr(GError) error = NULL;

  if (self->registry != NULL &&
      sc_camera_registry_lookup (self->registry, sc_camera_get_id (camera)) != NULL &&
      !sc_camera_registry_forget (self->registry, sc_camera_get_id (camera), &error))
    g_warning ("Could not forget a camera: %s", error->message);

  g_hash_table_remove (self->new_credentials, camera);
}

static void
hook_forget_camera (ScCamera *camera,
                    gpointer  user_data)
{
  ScService *self = user_data;

  sc_camera_monitor_forget (self->cameras, camera);
}

static void
on_password_found_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(ScCamera) camera = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *username = NULL;
  g_autofree char *password = NULL;

  password = sc_camera_registry_lookup_password_finish (SC_CAMERA_REGISTRY (object), result,
                                                        &username, &error);
  if (password != NULL)
    g_object_set (camera, "username", username, "password", password, NULL);
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_warning ("Could not read a camera's password: %s", error->message);
}

/* The cameras the user connected to before come back, not connected. */
static void
add_remembered_cameras (ScService *self)
{
  g_autoptr(GError) error = NULL;
  guint n;

  if (!sc_camera_registry_load (self->registry, &error))
    {
      g_warning ("Could not read the remembered cameras: %s", error->message);
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->registry));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScCameraRecord) record = g_list_model_get_item (G_LIST_MODEL (self->registry), i);
      g_autoptr(GError) camera_error = NULL;
      ScCamera *camera;

      camera = sc_camera_monitor_add_uri (self->cameras, sc_camera_record_get_uri (record),
                                          sc_camera_record_get_username (record), NULL,
                                          &camera_error);
      if (camera == NULL)
        {
          g_warning ("Skipping a remembered camera: %s", camera_error->message);
          continue;
        }

      if (sc_camera_record_get_display_name (record) != NULL)
        g_object_set (camera, "display-name", sc_camera_record_get_display_name (record), NULL);
      set_remembered (self, camera, TRUE);
      if (sc_camera_record_get_username (record) != NULL)
        sc_camera_registry_lookup_password_async (self->registry, sc_camera_record_get_id (record),
                                                  NULL, on_password_found_cb,
                                                  g_object_ref (camera));
    }
}

static const char *
camera_path (ScService *self,
             ScCamera  *camera)
{
  GDBusInterfaceSkeleton *skeleton = g_hash_table_lookup (self->camera_exports, camera);

  return skeleton != NULL ? g_dbus_interface_skeleton_get_object_path (skeleton) : NULL;
}

static void
update_cameras_property (ScService *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->cameras));
  g_autoptr(GPtrArray) paths = g_ptr_array_new_full (n + 1, NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScCamera) camera = g_list_model_get_item (G_LIST_MODEL (self->cameras), i);
      const char *path = camera_path (self, camera);

      if (path != NULL)
        g_ptr_array_add (paths, (char *)path);
    }
  g_ptr_array_add (paths, NULL);

  sc_dbus_manager_set_cameras (SC_DBUS_MANAGER (self->manager),
                               (const char * const *)paths->pdata);
}

static void
export_camera (ScService *self,
               ScCamera  *camera)
{
  const ScDbusCameraImplHooks hooks = {
    .forget = hook_forget_camera,
    .add_job = hook_add_job,
    .user_data = self,
  };
  g_autoptr(ScDbusCameraImpl) impl = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (self->connection == NULL || g_hash_table_contains (self->camera_exports, camera))
    return;

  impl = sc_dbus_camera_impl_new (camera, &hooks);
  _sc_service_guard_skeleton (self, G_DBUS_INTERFACE_SKELETON (impl),
                              G_CALLBACK (_sc_service_authorize_camera_method));
  path = g_strdup_printf (SC_SERVICE_OBJECT_PATH "/Camera/%u", ++self->next_camera_number);
  if (!g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (impl),
                                         self->connection, path, &error))
    {
      g_warning ("Could not export camera %s: %s", path, error->message);
      return;
    }

  sc_dbus_camera_impl_set_remembered (impl, g_object_get_data (G_OBJECT (camera),
                                                              "sc-remembered") != NULL);
  g_hash_table_insert (self->camera_exports, camera, g_steal_pointer (&impl));
}

static void
on_cameras_items_changed_cb (ScService  *self,
                             guint       position,
                             guint       removed,
                             guint       added,
                             GListModel *model)
{
  if (removed > 0)
    {
      g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
      guint n = g_list_model_get_n_items (model);
      GHashTableIter iter;
      gpointer key;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(ScCamera) camera = g_list_model_get_item (model, i);
          g_hash_table_add (present, camera);
        }

      g_hash_table_iter_init (&iter, self->camera_exports);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!g_hash_table_contains (present, key))
          g_hash_table_iter_remove (&iter);
    }

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(ScCamera) camera = g_list_model_get_item (model, i);

      g_signal_connect_object (camera, "notify::is-connected",
                               G_CALLBACK (on_camera_is_connected_cb), self, 0);
      export_camera (self, camera);
    }

  update_cameras_property (self);
}

static gboolean
on_handle_add_camera_cb (ScDbusManager         *manager,
                         GDBusMethodInvocation *invocation,
                         const char            *uri,
                         const char            *username,
                         const char            *password,
                         ScService             *self)
{
  g_autoptr(GError) error = NULL;
  ScCamera *camera;
  const char *path;

  camera = sc_camera_monitor_add_uri (self->cameras, uri,
                                      username[0] != '\0' ? username : NULL,
                                      password[0] != '\0' ? password : NULL,
                                      &error);
  if (camera == NULL)
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  if (username[0] != '\0' || password[0] != '\0')
    {
      const char *credentials[] = { username, password[0] != '\0' ? password : NULL, NULL };

      g_hash_table_insert (self->new_credentials, camera, g_strdupv ((char **)credentials));
    }

  path = camera_path (self, camera);
  g_assert (path != NULL);
  sc_dbus_manager_complete_add_camera (manager, invocation, path);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
on_jobs_n_running_cb (ScService *self)
{
  gboolean busy = sc_job_manager_get_n_running (self->jobs) > 0;

  if (self->application == NULL || busy == self->holding_for_jobs)
    return;

  self->holding_for_jobs = busy;
  if (busy)
    g_application_hold (self->application);
  else
    g_application_release (self->application);
}

static void
unexport_skeleton (gpointer data)
{
  GDBusInterfaceSkeleton *skeleton = data;

  if (g_dbus_interface_skeleton_get_connection (skeleton) != NULL)
    g_dbus_interface_skeleton_unexport (skeleton);
  g_object_unref (skeleton);
}

static void
sc_service_dispose (GObject *object)
{
  ScService *self = (ScService *)object;

  sc_service_unexport (self);
  if (self->jobs != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->jobs, self);
      sc_job_manager_cancel_all (self->jobs);
    }
  if (self->holding_for_jobs && self->application != NULL)
    g_application_release (self->application);
  self->holding_for_jobs = FALSE;
  g_clear_weak_pointer (&self->application);
  g_clear_pointer (&self->job_exports, g_hash_table_unref);
  if (self->cameras != NULL)
    g_signal_handlers_disconnect_by_data (self->cameras, self);
  g_clear_pointer (&self->camera_exports, g_hash_table_unref);
  g_clear_pointer (&self->new_credentials, g_hash_table_unref);
  g_clear_handle_id (&self->monitors_idle_id, g_source_remove);
  if (self->usb != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->usb, self);
      sc_usb_monitor_stop (self->usb);
    }
  if (self->disks != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->disks, self);
      sc_storage_monitor_stop (self->disks);
    }
  g_clear_object (&self->usb);
  g_clear_object (&self->disks);
  g_clear_object (&self->cameras);
  g_clear_object (&self->registry);
  g_clear_object (&self->manager);
  g_clear_object (&self->privacy);
  g_clear_object (&self->stitcher);
  g_clear_object (&self->inventory);
  if (self->stats != NULL && self->app_started)
    sc_usage_stats_app_stopped (self->stats);
  self->app_started = FALSE;
  if (self->consent != NULL)
    g_signal_handlers_disconnect_by_data (self->consent, self);
  if (self->settings != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->settings, self);
      g_settings_unbind (self->permissions, "storage");
      g_settings_unbind (self->permissions, "location");
      g_settings_unbind (self->permissions, "microphone");
    }
  g_clear_object (&self->stats);
  g_clear_object (&self->location);
  g_clear_object (&self->permissions);
  g_clear_object (&self->consent);
  g_clear_object (&self->settings);
#if SC_TEST_HOOKS
  g_clear_object (&self->testing);
#endif
  g_clear_object (&self->jobs);

  G_OBJECT_CLASS (sc_service_parent_class)->dispose (object);
}

static void
sc_service_finalize (GObject *object)
{
  ScService *self = (ScService *)object;

  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->gate, g_atomic_rc_box_release);

  G_OBJECT_CLASS (sc_service_parent_class)->finalize (object);
}

static void
sc_service_class_init (ScServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sc_service_dispose;
  G_OBJECT_CLASS (klass)->finalize = sc_service_finalize;
}

static void
sc_service_init (ScService *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->gate = g_atomic_rc_box_new0 (ScConsentGate);
  self->jobs = sc_job_manager_new ();
  self->manager = sc_dbus_manager_impl_new ();
  _sc_service_guard_skeleton (self, G_DBUS_INTERFACE_SKELETON (self->manager),
                              G_CALLBACK (_sc_service_authorize_manager_method));
  self->stitcher = sc_dbus_stitcher_impl_new (hook_add_job, self);
  _sc_service_guard_skeleton (self, G_DBUS_INTERFACE_SKELETON (self->stitcher),
                              G_CALLBACK (_sc_service_authorize_stitcher_method));
  self->job_exports = g_hash_table_new_full (NULL, NULL, NULL, unexport_skeleton);
  self->cameras = sc_camera_monitor_new ();
  self->camera_exports = g_hash_table_new_full (NULL, NULL, NULL, unexport_skeleton);
  self->new_credentials = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_strfreev);
  g_signal_connect_object (self->cameras, "camera-forgotten",
                           G_CALLBACK (on_camera_forgotten_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cameras, "items-changed",
                           G_CALLBACK (on_cameras_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->manager, "handle-add-camera",
                           G_CALLBACK (on_handle_add_camera_cb), self, 0);

  g_signal_connect_object (self->jobs, "items-changed",
                           G_CALLBACK (on_jobs_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->jobs, "notify::n-running",
                           G_CALLBACK (on_jobs_n_running_cb), self, G_CONNECT_SWAPPED);
}

/* USB and disk cameras come and go with the cable: the monitors add them
 * to the camera list and remove them when they are unplugged. */
static void
on_plugged_camera_added_cb (ScService *self,
                            ScCamera  *camera)
{
  if (sc_camera_monitor_lookup (self->cameras, sc_camera_get_uri (camera)) != NULL)
    return;
  g_info ("A camera was plugged in: %s", sc_camera_get_uri (camera));
  sc_camera_monitor_add (self->cameras, camera);
}

static void
on_plugged_camera_removed_cb (ScService *self,
                              ScCamera  *camera)
{
  g_info ("A camera was unplugged: %s", sc_camera_get_uri (camera));
  sc_camera_monitor_remove (self->cameras, camera);
}

static void
on_unusable_camera_cb (ScService  *self,
                       const char *message)
{
  g_info ("A USB camera was plugged in a mode Spherecam cannot use");
  sc_dbus_manager_emit_unusable_camera (SC_DBUS_MANAGER (self->manager), message);
}

/* Started from an idle callback, so that whoever created the service (the
 * window) hears about cameras that were plugged in before it started. */
static gboolean
start_plugged_camera_monitors_cb (gpointer user_data)
{
  ScService *self = user_data;
  g_autoptr(GError) error = NULL;

  self->monitors_idle_id = 0;
  if (!sc_usb_monitor_start (self->usb, &error))
    {
      /* No USB here (a container, a sandbox): Wi-Fi cameras still work */
      g_debug ("USB cameras are not watched: %s", error->message);
      g_clear_error (&error);
    }
  if (!sc_storage_monitor_start (self->disks, &error))
    g_debug ("Cameras mounted as disks are not watched: %s", error->message);

  return G_SOURCE_REMOVE;
}

static void
start_plugged_camera_monitors (ScService *self)
{
  self->usb = sc_usb_monitor_new ();
  g_signal_connect_object (self->usb, "camera-added",
                           G_CALLBACK (on_plugged_camera_added_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->usb, "camera-removed",
                           G_CALLBACK (on_plugged_camera_removed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->usb, "unusable-camera",
                           G_CALLBACK (on_unusable_camera_cb), self, G_CONNECT_SWAPPED);
  self->disks = sc_storage_monitor_new ();
  g_signal_connect_object (self->disks, "camera-added",
                           G_CALLBACK (on_plugged_camera_added_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->disks, "camera-removed",
                           G_CALLBACK (on_plugged_camera_removed_cb), self, G_CONNECT_SWAPPED);
  self->monitors_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, start_plugged_camera_monitors_cb,
                                            self, NULL);
}

/**
 * sc_service_new:
 * @application: the application the service lives in
 *
 * Returns: (transfer full): a new service, not exported yet
 */
ScService *
sc_service_new (GApplication *application)
{
  ScService *self = g_object_new (SC_TYPE_SERVICE, NULL);
  const char *demo = g_getenv ("SPHERECAM_DEMO_CAMERA");

  g_set_weak_pointer (&self->application, application);

  {
    g_autofree char *path = g_build_filename (g_get_user_config_dir (), "spherecam", NULL);
    g_autoptr(GFile) directory = g_file_new_for_path (path);

    self->registry = sc_camera_registry_new (directory);
    add_remembered_cameras (self);
  }

  _sc_service_setup_privacy (self);
  start_plugged_camera_monitors (self);
#if SC_TEST_HOOKS
  self->testing = sc_dbus_testing_impl_new (self->jobs);
#endif

  /* build-aux/dev run starts the camera emulator and passes its URL. */
  if (demo != NULL && demo[0] != '\0')
    sc_service_add_demo_camera (self, demo);

  return self;
}

ScJobManager *
sc_service_get_job_manager (ScService *self)
{
  g_return_val_if_fail (SC_IS_SERVICE (self), NULL);

  return self->jobs;
}

/**
 * sc_service_export:
 * @self: a #ScService
 * @connection: the application's bus connection
 * @error: return location for a #GError
 *
 * Exports the Manager, Privacy, Stitcher (and Testing) interfaces at
 * %SC_SERVICE_OBJECT_PATH and every job. Called from the application's
 * dbus_register vfunc, before the bus name is acquired, so that no call
 * can arrive before the objects exist.
 */
gboolean
sc_service_export (ScService        *self,
                   GDBusConnection  *connection,
                   GError          **error)
{
  guint n;

  g_return_val_if_fail (SC_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (self->connection == NULL, FALSE);

  if (!g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->manager),
                                         connection, SC_SERVICE_OBJECT_PATH, error))
    return FALSE;

  if (!g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->privacy),
                                         connection, SC_SERVICE_OBJECT_PATH, error))
    {
      g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->manager));
      return FALSE;
    }

  if (!g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->stitcher),
                                         connection, SC_SERVICE_OBJECT_PATH, error))
    {
      g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->privacy));
      g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->manager));
      return FALSE;
    }

#if SC_TEST_HOOKS
  if (!g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->testing),
                                         connection, SC_SERVICE_OBJECT_PATH, error))
    {
      g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->stitcher));
      g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->privacy));
      g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->manager));
      return FALSE;
    }
#endif

  self->connection = g_object_ref (connection);
  self->filter_id = g_dbus_connection_add_filter (connection, filter_incoming_cb,
                                                  g_object_ref (self), g_object_unref);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->cameras));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScCamera) camera = g_list_model_get_item (G_LIST_MODEL (self->cameras), i);
      export_camera (self, camera);
    }
  update_cameras_property (self);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->jobs));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScJob) job = g_list_model_get_item (G_LIST_MODEL (self->jobs), i);
      export_job (self, job);
    }

  return TRUE;
}

/**
 * sc_service_unexport:
 * @self: a #ScService
 *
 * Removes everything sc_service_export() exported. Safe to call when
 * nothing is exported.
 */
void
sc_service_unexport (ScService *self)
{
  g_return_if_fail (SC_IS_SERVICE (self));

  if (self->connection == NULL)
    return;

  g_hash_table_remove_all (self->job_exports);
  g_hash_table_remove_all (self->camera_exports);
#if SC_TEST_HOOKS
  g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->testing));
#endif
  g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->stitcher));
  g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->privacy));
  g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->manager));
  g_dbus_connection_remove_filter (self->connection, self->filter_id);
  self->filter_id = 0;
  g_clear_object (&self->connection);
}

/**
 * sc_service_get_camera_monitor:
 * @self: a #ScService
 *
 * Returns: (transfer none): the cameras the service exports (the window
 *   shows the same model)
 */
ScCameraMonitor *
sc_service_get_camera_monitor (ScService *self)
{
  g_return_val_if_fail (SC_IS_SERVICE (self), NULL);

  return self->cameras;
}

/**
 * sc_service_get_usb_monitor:
 * @self: a #ScService
 *
 * Returns: (transfer none): the USB cameras the service watches (the window
 *   shows its ScUsbMonitor::unusable-camera reports)
 */
ScUsbMonitor *
sc_service_get_usb_monitor (ScService *self)
{
  g_return_val_if_fail (SC_IS_SERVICE (self), NULL);

  return self->usb;
}

/**
 * sc_service_add_demo_camera:
 * @self: a #ScService
 * @uri: the emulator's URL
 *
 * Adds the built-in camera emulator (started by `build-aux/dev run`) as
 * "Demo camera".
 */
void
sc_service_add_demo_camera (ScService  *self,
                            const char *uri)
{
  g_autoptr(GError) error = NULL;
  ScCamera *camera;

  g_return_if_fail (SC_IS_SERVICE (self));

  camera = sc_camera_monitor_add_uri (self->cameras, uri, NULL, NULL, &error);
  if (camera == NULL)
    {
      g_warning ("Could not add the demo camera at %s: %s", uri, error->message);
      return;
    }

  g_object_set_data (G_OBJECT (camera), "sc-demo", GINT_TO_POINTER (TRUE));
  g_object_set (camera, "display-name", _("Demo camera"), NULL);
}
