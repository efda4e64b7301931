/* sc-dbus-camera-impl.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-dbus-camera-impl"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-dbus-camera-impl.h"

/* Exports one core ScCamera as org.spherecam.Spherecam.Camera. Every method
 * starts the same core _async call the window uses and answers when it
 * finishes; errors cross as named D-Bus errors. The last listing is kept so
 * that files can be named by their camera name as well as their URI. */
struct _ScDbusCameraImpl
{
  ScDbusCameraSkeleton   parent_instance;

  ScCamera              *camera;
  ScDbusCameraImplHooks  hooks;
  GPtrArray             *listing;      /* ScCameraFile, from the last ListFiles */
  gboolean               listing_has_thumbnails;
};

static void sc_dbus_camera_iface_init (ScDbusCameraIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScDbusCameraImpl, sc_dbus_camera_impl, SC_DBUS_TYPE_CAMERA_SKELETON,
                               G_IMPLEMENT_INTERFACE (SC_DBUS_TYPE_CAMERA, sc_dbus_camera_iface_init))

/* The options the app handles (PROTOCOLS.md §1.8), asked for when a client
 * passes an empty list to GetOptions. */
static const char * const known_options[] = {
  "captureMode", "exposureProgram", "exposureCompensation", "iso", "shutterSpeed",
  "whiteBalance", "fileFormat", "previewFormat", "captureInterval", "captureNumber",
  "dateTimeZone", "sleepDelay", "offDelay", "gpsInfo",
  NULL
};

/* One method call in flight. */
typedef struct
{
  ScDbusCameraImpl      *self;
  GDBusMethodInvocation *invocation;
  char                 **names;
  char                  *directory;
  gboolean               for_thumbnail;
} Call;

static Call *
call_new (ScDbusCameraImpl      *self,
          GDBusMethodInvocation *invocation)
{
  Call *call = g_new0 (Call, 1);

  call->self = g_object_ref (self);
  call->invocation = g_object_ref (invocation);

  return call;
}

static void
call_free (Call *call)
{
  g_clear_object (&call->self);
  g_clear_object (&call->invocation);
  g_clear_pointer (&call->names, g_strfreev);
  g_clear_pointer (&call->directory, g_free);
  g_free (call);
}

static void
call_return_error (Call   *call,
                   GError *error)
{
  g_dbus_method_invocation_return_gerror (call->invocation, error);
  call_free (call);
}

static const char *
or_empty (const char *s)
{
  return s != NULL ? s : "";
}

static void
sync_properties (ScDbusCameraImpl *self)
{
  ScDbusCamera *iface = SC_DBUS_CAMERA (self);
  g_autofree char *display_name = sc_camera_dup_display_name (self->camera);
  g_autofree char *model = NULL;
  g_autofree char *manufacturer = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *firmware = NULL;
  g_autoptr(GVariant) state = sc_camera_dup_state (self->camera);
  GVariant *info = sc_camera_get_info (self->camera);

  g_object_get (self->camera,
                "model", &model,
                "manufacturer", &manufacturer,
                "serial-number", &serial,
                "firmware-version", &firmware,
                NULL);

  sc_dbus_camera_set_id (iface, or_empty (sc_camera_get_id (self->camera)));
  sc_dbus_camera_set_uri (iface, or_empty (sc_camera_get_uri (self->camera)));
  sc_dbus_camera_set_display_name (iface, or_empty (display_name));
  sc_dbus_camera_set_is_connected (iface, sc_camera_is_connected (self->camera));
  sc_dbus_camera_set_model (iface, or_empty (model));
  sc_dbus_camera_set_manufacturer (iface, or_empty (manufacturer));
  sc_dbus_camera_set_serial_number (iface, or_empty (serial));
  sc_dbus_camera_set_firmware_version (iface, or_empty (firmware));
  sc_dbus_camera_set_info (iface, info != NULL ? info : g_variant_new ("a{sv}", NULL));
  sc_dbus_camera_set_state (iface, state != NULL ? state : g_variant_new ("a{sv}", NULL));
}

static void
on_camera_file_added_cb (ScDbusCameraImpl *self,
                         ScCameraFile     *file)
{
  g_clear_pointer (&self->listing, g_ptr_array_unref);
  sc_dbus_camera_emit_file_added (SC_DBUS_CAMERA (self), sc_camera_file_to_variant (file));
}

static GVariant *
files_to_variant (GPtrArray *files)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; files != NULL && i < files->len; i++)
    g_variant_builder_add_value (&builder, sc_camera_file_to_variant (g_ptr_array_index (files, i)));

  return g_variant_builder_end (&builder);
}

static ScCameraFile *
find_in_listing (ScDbusCameraImpl *self,
                 const char       *name_or_uri)
{
  for (guint i = 0; self->listing != NULL && i < self->listing->len; i++)
    {
      ScCameraFile *file = g_ptr_array_index (self->listing, i);

      if (g_strcmp0 (sc_camera_file_get_uri (file), name_or_uri) == 0 ||
          g_strcmp0 (sc_camera_file_get_name (file), name_or_uri) == 0)
        return file;
    }

  return NULL;
}

/* Resolves call->names against the listing; NULL with error if one is not
 * on the camera. */
static GPtrArray *
resolve_names (Call    *call,
               GError **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; call->names[i] != NULL; i++)
    {
      ScCameraFile *file = find_in_listing (call->self, call->names[i]);

      if (file == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("There is no file “%s” on the camera. List the files to see their names."),
                       call->names[i]);
          return NULL;
        }
      g_ptr_array_add (files, g_object_ref (file));
    }

  return g_steal_pointer (&files);
}

typedef void (*CallStep) (Call *call);

typedef struct
{
  Call     *call;
  CallStep  next;
} ListThen;

static void
on_listed_then_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ListThen *then = user_data;
  Call *call = then->call;
  CallStep next = then->next;
  g_autoptr(GError) error = NULL;
  GPtrArray *files;

  g_free (then);
  files = sc_camera_list_files_finish (SC_CAMERA (object), result, &error);
  if (files == NULL)
    {
      call_return_error (call, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&call->self->listing, g_ptr_array_unref);
  call->self->listing = files;
  call->self->listing_has_thumbnails = call->for_thumbnail;
  next (call);
}

/* Runs next (call) once a listing is there (fetching one if needed). */
static void
with_listing (Call     *call,
              gboolean  need_thumbnails,
              CallStep  next)
{
  ListThen *then;

  if (call->self->listing != NULL && (!need_thumbnails || call->self->listing_has_thumbnails))
    {
      next (call);
      return;
    }

  then = g_new0 (ListThen, 1);
  then->call = call;
  then->next = next;
  call->for_thumbnail = need_thumbnails;
  sc_camera_list_files_async (call->self->camera, SC_CAMERA_FILE_TYPE_ALL, 0, need_thumbnails,
                              NULL, on_listed_then_cb, then);
}

/* --- Connect, Disconnect, Forget --- */

static void
on_connected_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;

  if (!sc_camera_connect_finish (SC_CAMERA (object), result, &error))
    {
      call_return_error (call, g_steal_pointer (&error));
      return;
    }

  sync_properties (call->self);
  sc_dbus_camera_complete_connect (SC_DBUS_CAMERA (call->self), call->invocation);
  call_free (call);
}

static gboolean
handle_connect (ScDbusCamera          *iface,
                GDBusMethodInvocation *invocation)
{
  ScDbusCameraImpl *self = SC_DBUS_CAMERA_IMPL (iface);

  if (sc_camera_is_connected (self->camera))
    sc_dbus_camera_complete_connect (iface, invocation);
  else
    sc_camera_connect_async (self->camera, NULL, on_connected_cb, call_new (self, invocation));

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
on_released_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;

  if (!sc_ptp_camera_release_holder_finish (SC_PTP_CAMERA (object), result, &error))
    {
      sync_properties (call->self);
      call_return_error (call, g_steal_pointer (&error));
      return;
    }

  sync_properties (call->self);
  sc_dbus_camera_complete_release_holder (SC_DBUS_CAMERA (call->self), call->invocation);
  call_free (call);
}

static gboolean
handle_release_holder (ScDbusCamera          *iface,
                       GDBusMethodInvocation *invocation)
{
  ScDbusCameraImpl *self = SC_DBUS_CAMERA_IMPL (iface);

  if (!SC_IS_PTP_CAMERA (self->camera))
    g_dbus_method_invocation_return_error_literal (invocation, SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED,
                                                   _("Only USB cameras can be released from another "
                                                     "program. Connect this camera instead."));
  else if (sc_camera_is_connected (self->camera))
    sc_dbus_camera_complete_release_holder (iface, invocation);
  else
    sc_ptp_camera_release_holder_async (SC_PTP_CAMERA (self->camera), NULL, on_released_cb,
                                        call_new (self, invocation));

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_disconnect (ScDbusCamera          *iface,
                   GDBusMethodInvocation *invocation)
{
  ScDbusCameraImpl *self = SC_DBUS_CAMERA_IMPL (iface);

  if (sc_camera_is_connected (self->camera))
    sc_camera_disconnect (self->camera);
  sync_properties (self);
  sc_dbus_camera_complete_disconnect (iface, invocation);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_forget (ScDbusCamera          *iface,
               GDBusMethodInvocation *invocation)
{
  ScDbusCameraImpl *self = SC_DBUS_CAMERA_IMPL (iface);
  g_autoptr(ScDbusCameraImpl) hold = g_object_ref (self);

  /* Answer first: forgetting unexports this object. */
  sc_dbus_camera_complete_forget (iface, invocation);
  if (self->hooks.forget != NULL)
    self->hooks.forget (self->camera, self->hooks.user_data);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* --- State and options --- */

static void
on_state_refreshed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) state = NULL;

  state = sc_camera_refresh_state_finish (SC_CAMERA (object), result, &error);
  if (state == NULL)
    {
      call_return_error (call, g_steal_pointer (&error));
      return;
    }

  sync_properties (call->self);
  sc_dbus_camera_complete_refresh_state (SC_DBUS_CAMERA (call->self), call->invocation, state);
  call_free (call);
}

static gboolean
handle_refresh_state (ScDbusCamera          *iface,
                      GDBusMethodInvocation *invocation)
{
  ScDbusCameraImpl *self = SC_DBUS_CAMERA_IMPL (iface);

  sc_camera_refresh_state_async (self->camera, NULL, on_state_refreshed_cb,
                                 call_new (self, invocation));

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
on_options_got_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) options = NULL;

  options = sc_camera_get_options_finish (SC_CAMERA (object), result, &error);
  if (options == NULL)
    {
      call_return_error (call, g_steal_pointer (&error));
      return;
    }

  sc_dbus_camera_complete_get_options (SC_DBUS_CAMERA (call->self), call->invocation, options);
  call_free (call);
}

static gboolean
handle_get_options (ScDbusCamera          *iface,
                    GDBusMethodInvocation *invocation,
                    const char * const    *names)
{
  ScDbusCameraImpl *self = SC_DBUS_CAMERA_IMPL (iface);

  sc_camera_get_options_async (self->camera,
                               names != NULL && names[0] != NULL ? names : known_options,
                               NULL, on_options_got_cb, call_new (self, invocation));

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
on_options_set_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;

  if (!sc_camera_set_options_finish (SC_CAMERA (object), result, &error))
    {
      call_return_error (call, g_steal_pointer (&error));
      return;
    }

  sc_dbus_camera_complete_set_options (SC_DBUS_CAMERA (call->self), call->invocation);
  call_free (call);
}

static gboolean
handle_set_options (ScDbusCamera          *iface,
                    GDBusMethodInvocation *invocation,
                    GVariant              *options)
{
  ScDbusCameraImpl *self = SC_DBUS_CAMERA_IMPL (iface);

  sc_camera_set_options_async (self->camera, options, NULL, on_options_set_cb,
                               call_new (self, invocation));

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* --- Capture --- */

static GFile *
directory_from_arg (const char  *path,
                    GError     **error)
{
  if (path == NULL || path[0] == '\0')
    return NULL;

  if (!g_path_is_absolute (path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The folder “%s” is not an absolute path."), path);
      return NULL;
    }

  return g_file_new_for_path (path);
}

static gboolean
handle_take_picture (ScDbusCamera          *iface,
                     GDBusMethodInvocation *invocation,
                     const char            *download_directory)
{
  ScDbusCameraImpl *self = SC_DBUS_CAMERA_IMPL (iface);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) directory = directory_from_arg (download_directory, &error);
  g_autoptr(ScJob) job = NULL;
  g_autofree char *path = NULL;

  if (error != NULL)
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  job = sc_camera_shoot_job_new (self->camera, directory);
  path = self->hooks.add_job (job, self->hooks.user_data);
  g_clear_pointer (&self->listing, g_ptr_array_unref);
  sc_dbus_camera_complete_take_picture (iface, invocation, path);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
on_capture_started_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;

  if (!sc_camera_start_capture_finish (SC_CAMERA (object), result, &error))
    {
      call_return_error (call, g_steal_pointer (&error));
      return;
    }

  sc_dbus_camera_complete_start_capture (SC_DBUS_CAMERA (call->self), call->invocation);
  call_free (call);
}

static gboolean
handle_start_capture (ScDbusCamera          *iface,
                      GDBusMethodInvocation *invocation,
                      const char            *mode)
{
  ScDbusCameraImpl *self = SC_DBUS_CAMERA_IMPL (iface);
  ScCameraCaptureMode capture_mode;

  if (g_strcmp0 (mode, "video") == 0)
    capture_mode = SC_CAMERA_CAPTURE_MODE_VIDEO;
  else if (g_strcmp0 (mode, "interval") == 0)
    capture_mode = SC_CAMERA_CAPTURE_MODE_INTERVAL;
  else
    {
      g_dbus_method_invocation_return_error (invocation, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                             _("Unknown capture mode “%s”: use “video” or “interval”."),
                                             mode);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  sc_camera_start_capture_async (self->camera, capture_mode, NULL, on_capture_started_cb,
                                 call_new (self, invocation));

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
on_capture_stopped_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;

  files = sc_camera_stop_capture_finish (SC_CAMERA (object), result, &error);
  if (files == NULL)
    {
      call_return_error (call, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&call->self->listing, g_ptr_array_unref);
  sc_dbus_camera_complete_stop_capture (SC_DBUS_CAMERA (call->self), call->invocation,
                                        files_to_variant (files));
  call_free (call);
}

static gboolean
handle_stop_capture (ScDbusCamera          *iface,
                     GDBusMethodInvocation *invocation)
{
  ScDbusCameraImpl *self = SC_DBUS_CAMERA_IMPL (iface);

  sc_camera_stop_capture_async (self->camera, NULL, on_capture_stopped_cb,
                                call_new (self, invocation));

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* --- Files --- */

static void
on_files_listed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *files;

  files = sc_camera_list_files_finish (SC_CAMERA (object), result, &error);
  if (files == NULL)
    {
      call_return_error (call, g_steal_pointer (&error));
      return;
    }

  sc_dbus_camera_complete_list_files (SC_DBUS_CAMERA (call->self), call->invocation,
                                      files_to_variant (files));
  /* Only a full listing can resolve names later. */
  if (call->names == NULL)
    {
      g_clear_pointer (&call->self->listing, g_ptr_array_unref);
      call->self->listing = g_ptr_array_ref (files);
      call->self->listing_has_thumbnails = FALSE;
    }
  g_ptr_array_unref (files);
  call_free (call);
}

static gboolean
handle_list_files (ScDbusCamera          *iface,
                   GDBusMethodInvocation *invocation,
                   const char            *type,
                   guint                  max_entries)
{
  ScDbusCameraImpl *self = SC_DBUS_CAMERA_IMPL (iface);
  ScCameraFileType file_type;
  Call *call;

  if (g_strcmp0 (type, "all") == 0 || g_strcmp0 (type, "") == 0)
    file_type = SC_CAMERA_FILE_TYPE_ALL;
  else if (g_strcmp0 (type, "image") == 0)
    file_type = SC_CAMERA_FILE_TYPE_IMAGE;
  else if (g_strcmp0 (type, "video") == 0)
    file_type = SC_CAMERA_FILE_TYPE_VIDEO;
  else
    {
      g_dbus_method_invocation_return_error (invocation, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                             _("Unknown file type “%s”: use “all”, “image” or “video”."),
                                             type);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  call = call_new (self, invocation);
  /* A partial listing (one type, or capped) is not kept for name lookups. */
  if (file_type != SC_CAMERA_FILE_TYPE_ALL || max_entries != 0)
    call->names = g_new0 (char *, 1);
  sc_camera_list_files_async (self->camera, file_type, max_entries, FALSE, NULL,
                              on_files_listed_cb, call);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
get_thumbnail_step (Call *call)
{
  ScCameraFile *file = find_in_listing (call->self, call->names[0]);
  GBytes *jpeg = file != NULL ? sc_camera_file_get_thumbnail (file) : NULL;
  gsize size = 0;
  const guint8 *data = jpeg != NULL ? g_bytes_get_data (jpeg, &size) : NULL;

  if (file == NULL)
    {
      call_return_error (call, g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                            _("There is no file “%s” on the camera."),
                                            call->names[0]));
      return;
    }

  sc_dbus_camera_complete_get_thumbnail (SC_DBUS_CAMERA (call->self), call->invocation,
                                         g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE,
                                                                    data, size, 1));
  call_free (call);
}

static gboolean
handle_get_thumbnail (ScDbusCamera          *iface,
                      GDBusMethodInvocation *invocation,
                      const char            *uri)
{
  ScDbusCameraImpl *self = SC_DBUS_CAMERA_IMPL (iface);
  Call *call = call_new (self, invocation);
  const char *names[] = { uri, NULL };

  call->names = g_strdupv ((char **)names);
  with_listing (call, TRUE, get_thumbnail_step);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
download_step (Call *call)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = resolve_names (call, &error);
  g_autoptr(GFile) directory = NULL;
  g_autoptr(ScJob) job = NULL;
  g_autofree char *path = NULL;

  if (files == NULL)
    {
      call_return_error (call, g_steal_pointer (&error));
      return;
    }

  directory = g_file_new_for_path (call->directory);
  job = sc_camera_download_job_new (call->self->camera, files, directory);
  path = call->self->hooks.add_job (job, call->self->hooks.user_data);
  sc_dbus_camera_complete_download (SC_DBUS_CAMERA (call->self), call->invocation, path);
  call_free (call);
}

static gboolean
handle_download (ScDbusCamera          *iface,
                 GDBusMethodInvocation *invocation,
                 const char * const    *names,
                 const char            *directory)
{
  ScDbusCameraImpl *self = SC_DBUS_CAMERA_IMPL (iface);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir = directory_from_arg (directory, &error);
  Call *call;

  if (dir == NULL || names == NULL || names[0] == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _("Name the files to download and the folder to put them in."));
      g_dbus_method_invocation_return_gerror (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  call = call_new (self, invocation);
  call->names = g_strdupv ((char **)names);
  call->directory = g_strdup (directory);
  with_listing (call, FALSE, download_step);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
on_deleted_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;

  if (!sc_camera_delete_files_finish (SC_CAMERA (object), result, &error))
    {
      call_return_error (call, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&call->self->listing, g_ptr_array_unref);
  sc_dbus_camera_complete_delete (SC_DBUS_CAMERA (call->self), call->invocation);
  call_free (call);
}

static void
delete_step (Call *call)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = resolve_names (call, &error);
  g_autoptr(GPtrArray) uris = NULL;

  if (files == NULL)
    {
      call_return_error (call, g_steal_pointer (&error));
      return;
    }

  uris = g_ptr_array_new ();
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (uris, (char *)sc_camera_file_get_uri (g_ptr_array_index (files, i)));
  g_ptr_array_add (uris, NULL);

  sc_camera_delete_files_async (call->self->camera, (const char * const *)uris->pdata, NULL,
                                on_deleted_cb, call);
}

static gboolean
handle_delete (ScDbusCamera          *iface,
               GDBusMethodInvocation *invocation,
               const char * const    *names)
{
  ScDbusCameraImpl *self = SC_DBUS_CAMERA_IMPL (iface);
  Call *call;

  if (names == NULL || names[0] == NULL)
    {
      g_dbus_method_invocation_return_error_literal (invocation, G_IO_ERROR,
                                                     G_IO_ERROR_INVALID_ARGUMENT,
                                                     _("Name the files to delete."));
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  call = call_new (self, invocation);
  call->names = g_strdupv ((char **)names);
  with_listing (call, FALSE, delete_step);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* --- Preview and reset --- */

typedef struct
{
  Call          *call;
  ScLivePreview *preview;
  GCancellable  *cancellable;
  guint          timeout_id;
} PreviewFrame;

static void
preview_frame_finish (PreviewFrame *pf,
                      GBytes       *jpeg,
                      GError       *error)
{
  g_clear_handle_id (&pf->timeout_id, g_source_remove);
  g_cancellable_cancel (pf->cancellable);
  if (pf->preview != NULL)
    {
      g_signal_handlers_disconnect_by_data (pf->preview, pf);
      sc_live_preview_stop (pf->preview);
    }

  if (error != NULL)
    call_return_error (pf->call, error);
  else
    {
      gsize size = 0;
      const guint8 *data = g_bytes_get_data (jpeg, &size);

      sc_dbus_camera_complete_get_preview_frame (SC_DBUS_CAMERA (pf->call->self),
                                                 pf->call->invocation,
                                                 g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE,
                                                                            data, size, 1));
      call_free (pf->call);
    }

  g_clear_object (&pf->preview);
  g_clear_object (&pf->cancellable);
  g_free (pf);
}

static void
on_preview_frame_cb (ScLivePreview *preview,
                     GstSample     *sample,
                     PreviewFrame  *pf)
{
  g_autoptr(GBytes) jpeg = sc_live_preview_dup_last_jpeg (preview);

  if (jpeg != NULL)
    preview_frame_finish (pf, jpeg, NULL);
}

static void
on_preview_state_cb (ScLivePreview *preview,
                     GParamSpec    *pspec,
                     PreviewFrame  *pf)
{
  const GError *error = sc_live_preview_get_error (preview);

  if (error != NULL)
    preview_frame_finish (pf, NULL, g_error_copy (error));
}

static gboolean
on_preview_timeout_cb (gpointer user_data)
{
  PreviewFrame *pf = user_data;

  pf->timeout_id = 0;
  preview_frame_finish (pf, NULL,
                        g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                             _("The camera sent no preview picture. "
                                               "Check that it is not busy recording.")));

  return G_SOURCE_REMOVE;
}

static void
on_preview_opened_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  PreviewFrame *pf = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;

  stream = sc_camera_open_preview_finish (SC_CAMERA (object), result, &error);
  if (stream == NULL)
    {
      preview_frame_finish (pf, NULL, g_steal_pointer (&error));
      return;
    }

  pf->preview = sc_live_preview_new ();
  g_signal_connect (pf->preview, "frame", G_CALLBACK (on_preview_frame_cb), pf);
  g_signal_connect (pf->preview, "notify::error", G_CALLBACK (on_preview_state_cb), pf);
  if (!sc_live_preview_start (pf->preview, stream, &error))
    preview_frame_finish (pf, NULL, g_steal_pointer (&error));
}

static gboolean
handle_get_preview_frame (ScDbusCamera          *iface,
                          GDBusMethodInvocation *invocation)
{
  ScDbusCameraImpl *self = SC_DBUS_CAMERA_IMPL (iface);
  PreviewFrame *pf = g_new0 (PreviewFrame, 1);

  pf->call = call_new (self, invocation);
  pf->cancellable = g_cancellable_new ();
  pf->timeout_id = g_timeout_add_seconds (15, on_preview_timeout_cb, pf);
  sc_camera_open_preview_async (self->camera, pf->cancellable, on_preview_opened_cb, pf);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
on_reset_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;

  if (!sc_camera_reset_finish (SC_CAMERA (object), result, &error))
    {
      call_return_error (call, g_steal_pointer (&error));
      return;
    }

  sc_dbus_camera_complete_reset (SC_DBUS_CAMERA (call->self), call->invocation);
  call_free (call);
}

static gboolean
handle_reset (ScDbusCamera          *iface,
              GDBusMethodInvocation *invocation)
{
  ScDbusCameraImpl *self = SC_DBUS_CAMERA_IMPL (iface);

  sc_camera_reset_async (self->camera, NULL, on_reset_cb, call_new (self, invocation));

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
on_format_storage_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;

  if (!sc_camera_format_storage_finish (SC_CAMERA (object), result, &error))
    {
      call_return_error (call, g_steal_pointer (&error));
      return;
    }

  sc_dbus_camera_complete_format_storage (SC_DBUS_CAMERA (call->self), call->invocation);
  call_free (call);
}

static gboolean
handle_format_storage (ScDbusCamera          *iface,
                       GDBusMethodInvocation *invocation,
                       gboolean               confirmed)
{
  ScDbusCameraImpl *self = SC_DBUS_CAMERA_IMPL (iface);

  /* Core refuses it without the confirmation, before the camera hears of it. */
  sc_camera_format_storage_async (self->camera, confirmed, NULL, on_format_storage_cb,
                                  call_new (self, invocation));

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
sc_dbus_camera_iface_init (ScDbusCameraIface *iface)
{
  iface->handle_connect = handle_connect;
  iface->handle_release_holder = handle_release_holder;
  iface->handle_disconnect = handle_disconnect;
  iface->handle_forget = handle_forget;
  iface->handle_refresh_state = handle_refresh_state;
  iface->handle_get_options = handle_get_options;
  iface->handle_set_options = handle_set_options;
  iface->handle_take_picture = handle_take_picture;
  iface->handle_start_capture = handle_start_capture;
  iface->handle_stop_capture = handle_stop_capture;
  iface->handle_list_files = handle_list_files;
  iface->handle_get_thumbnail = handle_get_thumbnail;
  iface->handle_download = handle_download;
  iface->handle_delete = handle_delete;
  iface->handle_get_preview_frame = handle_get_preview_frame;
  iface->handle_reset = handle_reset;
  iface->handle_format_storage = handle_format_storage;
}

static void
sc_dbus_camera_impl_dispose (GObject *object)
{
  ScDbusCameraImpl *self = (ScDbusCameraImpl *)object;

  if (self->camera != NULL)
    g_signal_handlers_disconnect_by_data (self->camera, self);
  g_clear_object (&self->camera);
  g_clear_pointer (&self->listing, g_ptr_array_unref);

  G_OBJECT_CLASS (sc_dbus_camera_impl_parent_class)->dispose (object);
}

static void
sc_dbus_camera_impl_class_init (ScDbusCameraImplClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sc_dbus_camera_impl_dispose;
}

/* How the camera is reached, from its address: "usb" (PTP), "disk" (a
 * card or a camera mounted as a disk) or "wifi". */
static const char *
transport_for_uri (const char *uri)
{
  if (uri != NULL && g_ascii_strncasecmp (uri, "usb:", 4) == 0)
    return "usb";
  if (uri != NULL && g_ascii_strncasecmp (uri, "file:", 5) == 0)
    return "disk";
  return "wifi";
}

static void
sc_dbus_camera_impl_init (ScDbusCameraImpl *self)
{
  sc_dbus_camera_set_transport (SC_DBUS_CAMERA (self), "wifi");
}

ScDbusCameraImpl *
sc_dbus_camera_impl_new (ScCamera                    *camera,
                         const ScDbusCameraImplHooks *hooks)
{
  ScDbusCameraImpl *self;

  g_return_val_if_fail (SC_IS_CAMERA (camera), NULL);
  g_return_val_if_fail (hooks != NULL && hooks->add_job != NULL, NULL);

  self = g_object_new (SC_TYPE_DBUS_CAMERA_IMPL, NULL);
  self->camera = g_object_ref (camera);
  self->hooks = *hooks;
  sc_dbus_camera_set_transport (SC_DBUS_CAMERA (self), transport_for_uri (sc_camera_get_uri (camera)));
  sync_properties (self);

  g_signal_connect_swapped (camera, "notify", G_CALLBACK (sync_properties), self);
  g_signal_connect_swapped (camera, "state-changed", G_CALLBACK (sync_properties), self);
  g_signal_connect_swapped (camera, "file-added", G_CALLBACK (on_camera_file_added_cb), self);

  return self;
}

ScCamera *
sc_dbus_camera_impl_get_camera (ScDbusCameraImpl *self)
{
  g_return_val_if_fail (SC_IS_DBUS_CAMERA_IMPL (self), NULL);

  return self->camera;
}

void
sc_dbus_camera_impl_set_remembered (ScDbusCameraImpl *self,
                                    gboolean          remembered)
{
  g_return_if_fail (SC_IS_DBUS_CAMERA_IMPL (self));

  sc_dbus_camera_set_is_remembered (SC_DBUS_CAMERA (self), remembered);
}
