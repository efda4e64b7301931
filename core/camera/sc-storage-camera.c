/* sc-storage-camera.c: cameras that mount as a disk, and folders with DCIM
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-storage-camera"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libexif/exif-data.h>

#include "sc-core.h"
#include "sc-camera-private.h"
#include "sc-download.h"
#include "sc-file-private.h"
#include "sc-permissions.h"
#include "sc-storage-camera.h"
#include "sc-storage-camera-private.h"

/**
 * ScStorageCamera:
 *
 * A camera that shows up as a disk: a mounted volume (a Mi Sphere or an
 * Insta360 in "U-Disk" mode, a memory card in a reader) or any folder
 * that holds a `DCIM` folder. It lists the photos and videos under DCIM,
 * imports them with the same guarantees as Wi-Fi downloads (a hidden
 * temporary file next to the target, synced to disk, its size checked
 * against the source, then given its name without replacing anything) and
 * deletes them. It cannot shoot.
 *
 * All file system work runs on a worker thread; results come back in the
 * thread-default main context of the caller.
 */

#define MODEL_SCAN_FILES 200

static void camera_iface_init (ScCameraInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScStorageCamera, sc_storage_camera, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SC_TYPE_CAMERA, camera_iface_init))

enum {
  PROP_0,
  /* ScCamera's, in _sc_camera_class_override_properties() order */
  PROP_ID,
  PROP_DISPLAY_NAME,
  PROP_URI,
  PROP_IS_CONNECTED,
  PROP_MODEL,
  PROP_MANUFACTURER,
  PROP_SERIAL_NUMBER,
  PROP_FIRMWARE_VERSION,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ */
/* Running blocking work on a worker thread                            */

typedef struct
{
  ScStorageWorkFunc   func;
  gpointer            work_data;
  GDestroyNotify      work_data_free;
  GDestroyNotify      result_free;
  ScStorageApplyFunc  apply;
  GTask              *outer;   /* borrowed on the thread; the callback owns it */
} Work;

static void
work_free (Work *work)
{
  if (work->work_data_free != NULL)
    g_clear_pointer (&work->work_data, work->work_data_free);
  g_free (work);
}

static void
work_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Work *work = task_data;
  GError *error = NULL;
  gpointer result;

  result = work->func (work->work_data, work->outer, cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, work->result_free);
}

static void
on_work_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  Work *work = g_task_get_task_data (G_TASK (result));
  GDestroyNotify result_free = work->result_free;
  ScStorageApplyFunc apply = work->apply;
  GError *error = NULL;
  gpointer value;

  value = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    {
      g_task_return_error (outer, error);
      return;
    }

  if (apply != NULL)
    apply (g_task_get_source_object (outer), value);
  g_task_return_pointer (outer, value, result_free);
}

/* Runs @func on a worker thread and returns its result (a pointer freed
 * with @result_free; GINT_TO_POINTER (TRUE) for booleans) through @outer,
 * after @apply ran with it in the caller's context. The worker's own task
 * has no source object, so the camera is never released on the thread. */
void
_sc_storage_camera_run_work (GTask              *outer,
                             ScStorageWorkFunc   func,
                             gpointer            work_data,
                             GDestroyNotify      work_data_free,
                             GDestroyNotify      result_free,
                             ScStorageApplyFunc  apply)
{
  g_autoptr(GTask) inner = NULL;
  Work *work = g_new0 (Work, 1);

  work->func = func;
  work->work_data = work_data;
  work->work_data_free = work_data_free;
  work->result_free = result_free;
  work->apply = apply;
  work->outer = outer;

  inner = g_task_new (NULL, g_task_get_cancellable (outer), on_work_done_cb, g_object_ref (outer));
  g_task_set_source_tag (inner, _sc_storage_camera_run_work);
  g_task_set_task_data (inner, work, (GDestroyNotify)work_free);
  g_task_run_in_thread (inner, work_thread);
}

/* ------------------------------------------------------------------ */
/* Connecting: what camera this is, and how full its disk is          */

typedef struct
{
  char    *model;
  char    *manufacturer;
  guint64  free_space;
  guint64  total_space;
  gboolean have_space;
} Probe;

static void
probe_free (Probe *probe)
{
  g_free (probe->model);
  g_free (probe->manufacturer);
  g_free (probe);
}

static void
query_space (GFile        *root,
             Probe        *probe,
             GCancellable *cancellable)
{
  g_autoptr(GFileInfo) info = NULL;

  info = g_file_query_filesystem_info (root,
                                       G_FILE_ATTRIBUTE_FILESYSTEM_FREE ","
                                       G_FILE_ATTRIBUTE_FILESYSTEM_SIZE,
                                       cancellable, NULL);
  if (info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_SIZE))
    return;

  probe->have_space = TRUE;
  probe->total_space = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_SIZE);
  probe->free_space = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
}

/* The model, from the first photo's EXIF Make/Model, else from the
 * layout of the files: DCIM/YYYYMMDD/VID_…AA.MP4 is a Mi Sphere
 * (MADV-PROTOCOL.md §3), .insp/.insv an Insta360, .360 a GoPro MAX. */
static gpointer
connect_work (gpointer       work_data,
              GTask         *outer,
              GCancellable  *cancellable,
              GError       **error)
{
  GFile *root = work_data;
  ScStorageWalk walk = { 0 };
  Probe *probe;

  walk.entries = g_ptr_array_new_with_free_func ((GDestroyNotify)_sc_storage_entry_free);
  walk.limit = MODEL_SCAN_FILES;
  if (!_sc_storage_walk_dcim (root, &walk, cancellable, error))
    {
      g_ptr_array_unref (walk.entries);
      return NULL;
    }

  probe = g_new0 (Probe, 1);
  for (guint i = 0; i < walk.entries->len && probe->model == NULL; i++)
    {
      ScStorageEntry *entry = g_ptr_array_index (walk.entries, i);
      ExifData *exif;

      if (!_sc_storage_has_extension (entry->name, (const char * const[]) { "jpg", "jpeg", NULL }))
        continue;
      exif = _sc_storage_read_exif (entry->file, cancellable);
      if (exif == NULL)
        continue;
      probe->manufacturer = _sc_storage_exif_string (exif, EXIF_TAG_MAKE);
      probe->model = _sc_storage_exif_string (exif, EXIF_TAG_MODEL);
      exif_data_unref (exif);
      if (probe->model == NULL)
        g_clear_pointer (&probe->manufacturer, g_free);
    }

  if (probe->model == NULL)
    {
      if (walk.madv_layout)
        {
          probe->model = g_strdup ("Mi Sphere");
          probe->manufacturer = g_strdup ("MADV");
        }
      else if (walk.insta360)
        {
          probe->model = g_strdup ("Insta360");
          probe->manufacturer = g_strdup ("Insta360");
        }
      else if (walk.gopro_360)
        {
          probe->model = g_strdup ("GoPro MAX");
          probe->manufacturer = g_strdup ("GoPro");
        }
    }

  query_space (root, probe, cancellable);
  g_ptr_array_unref (walk.entries);
  return probe;
}

static char *
display_name_for_model (const char *model)
{
  if (model == NULL)
    return NULL;
  /* As ScMadvCamera names it */
  if (g_str_has_prefix (model, "MJXJ"))
    return g_strdup_printf ("Mi Sphere (%s)", model);
  return g_strdup (model);
}

static void
update_state (ScStorageCamera *self,
              const Probe     *probe)
{
  GVariantDict dict;
  g_autofree char *root_uri = g_file_get_uri (self->root);

  g_variant_dict_init (&dict, NULL);
  if (probe->have_space)
    {
      g_variant_dict_insert (&dict, "remainingSpace", "t", probe->free_space);
      g_variant_dict_insert (&dict, "totalSpace", "t", probe->total_space);
    }
  g_variant_dict_insert (&dict, "captureStatus", "s", "idle");
  g_variant_dict_insert (&dict, "storageUri", "s", root_uri);

  g_clear_pointer (&self->state, g_variant_unref);
  self->state = g_variant_ref_sink (g_variant_dict_end (&dict));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  _sc_camera_emit_state_changed (SC_CAMERA (self));
}

static void
apply_probe (ScStorageCamera *self,
             gpointer         result)
{
  Probe *probe = result;
  GVariantDict dict;
  g_autofree char *path = g_file_get_path (self->root);

  g_object_freeze_notify (G_OBJECT (self));

  if (_sc_camera_set_string (&self->model, probe->model))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  if (_sc_camera_set_string (&self->manufacturer, probe->manufacturer))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANUFACTURER]);

  if (!self->display_name_set && self->volume_name == NULL && probe->model != NULL)
    {
      g_autofree char *name = display_name_for_model (probe->model);

      if (_sc_camera_set_string (&self->display_name, name))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
    }

  g_variant_dict_init (&dict, NULL);
  if (probe->manufacturer != NULL)
    g_variant_dict_insert (&dict, "manufacturer", "s", probe->manufacturer);
  if (probe->model != NULL)
    g_variant_dict_insert (&dict, "model", "s", probe->model);
  if (self->volume_name != NULL)
    g_variant_dict_insert (&dict, "volumeName", "s", self->volume_name);
  if (path != NULL)
    g_variant_dict_insert (&dict, "path", "s", path);
  g_variant_dict_insert (&dict, "protocol", "s", "storage");
  g_variant_dict_insert (&dict, "transport", "s", "usb");
  g_clear_pointer (&self->info, g_variant_unref);
  self->info = g_variant_ref_sink (g_variant_dict_end (&dict));

  if (!self->is_connected)
    {
      self->is_connected = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_CONNECTED]);
    }

  update_state (self, probe);

  g_object_thaw_notify (G_OBJECT (self));
}

static void
sc_storage_camera_connect_async (ScCamera            *camera,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ScStorageCamera *self = SC_STORAGE_CAMERA (camera);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_storage_camera_connect_async);
  _sc_storage_camera_run_work (task, connect_work, g_object_ref (self->root), g_object_unref,
            (GDestroyNotify)probe_free, apply_probe);
}

static gboolean
sc_storage_camera_connect_finish (ScCamera      *camera,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_autoptr(GError) local = NULL;
  gpointer probe;

  probe = g_task_propagate_pointer (G_TASK (result), &local);
  if (probe == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  probe_free (probe);
  return TRUE;
}

static void
sc_storage_camera_disconnect (ScCamera *camera)
{
  ScStorageCamera *self = SC_STORAGE_CAMERA (camera);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->is_connected)
    {
      self->is_connected = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_CONNECTED]);
      _sc_camera_emit_disconnected (camera, NULL);
    }
}

static GVariant *
sc_storage_camera_get_info (ScCamera *camera)
{
  ScStorageCamera *self = SC_STORAGE_CAMERA (camera);

  if (self->info == NULL)
    return g_variant_ref_sink (g_variant_new ("a{sv}", NULL));

  return g_variant_ref (self->info);
}

gboolean
_sc_storage_camera_check_connected (ScStorageCamera  *self,
                                    GError          **error)
{
  if (self->is_connected)
    return TRUE;

  g_set_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
               _("The camera is not connected. Connect to it first."));
  return FALSE;
}

/* refresh_state: the disk's free space */

static gpointer
refresh_work (gpointer       work_data,
              GTask         *outer,
              GCancellable  *cancellable,
              GError       **error)
{
  GFile *root = work_data;
  g_autoptr(GFile) dcim = _sc_storage_find_dcim (root, cancellable);
  Probe *probe;

  if (dcim == NULL)
    {
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        g_propagate_error (error, _sc_storage_no_device_error ());
      return NULL;
    }

  probe = g_new0 (Probe, 1);
  query_space (root, probe, cancellable);
  return probe;
}

static void
apply_refresh (ScStorageCamera *self,
               gpointer         result)
{
  update_state (self, result);
}

static void
sc_storage_camera_refresh_state_async (ScCamera            *camera,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  ScStorageCamera *self = SC_STORAGE_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_storage_camera_refresh_state_async);
  if (!_sc_storage_camera_check_connected (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _sc_storage_camera_run_work (task, refresh_work, g_object_ref (self->root), g_object_unref,
            (GDestroyNotify)probe_free, apply_refresh);
}

static GVariant *
sc_storage_camera_refresh_state_finish (ScCamera      *camera,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  ScStorageCamera *self = SC_STORAGE_CAMERA (camera);
  g_autoptr(GError) local = NULL;
  gpointer probe;

  probe = g_task_propagate_pointer (G_TASK (result), &local);
  if (probe == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  probe_free (probe);
  return g_variant_ref (self->state);
}

/* ------------------------------------------------------------------ */
/* Shooting: not over a disk                                           */

static void
report_cannot_shoot (ScStorageCamera     *self,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data,
                     gpointer             source_tag)
{
  g_task_report_new_error (self, callback, user_data, source_tag,
                           SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED,
                           _("This camera is connected as a disk, which can only import and "
                             "delete files. To shoot, unplug it from the computer and use "
                             "the camera, or connect to it over Wi-Fi."));
}

static void
sc_storage_camera_take_picture_async (ScCamera            *camera,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  report_cannot_shoot (SC_STORAGE_CAMERA (camera), callback, user_data,
                       sc_storage_camera_take_picture_async);
}

static ScCameraFile *
sc_storage_camera_take_picture_finish (ScCamera      *camera,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sc_storage_camera_start_capture_async (ScCamera            *camera,
                                       ScCameraCaptureMode  mode,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  report_cannot_shoot (SC_STORAGE_CAMERA (camera), callback, user_data,
                       sc_storage_camera_start_capture_async);
}

static gboolean
sc_storage_camera_start_capture_finish (ScCamera      *camera,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sc_storage_camera_stop_capture_async (ScCamera            *camera,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  report_cannot_shoot (SC_STORAGE_CAMERA (camera), callback, user_data,
                       sc_storage_camera_stop_capture_async);
}

static GPtrArray *
sc_storage_camera_stop_capture_finish (ScCamera      *camera,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* The object                                                          */

static void
sc_storage_camera_dispose (GObject *object)
{
  ScStorageCamera *self = (ScStorageCamera *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (sc_storage_camera_parent_class)->dispose (object);
}

static void
sc_storage_camera_finalize (GObject *object)
{
  ScStorageCamera *self = (ScStorageCamera *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->root);
  g_clear_object (&self->mount);
  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->volume_name, g_free);
  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->manufacturer, g_free);
  g_clear_pointer (&self->info, g_variant_unref);
  g_clear_pointer (&self->state, g_variant_unref);

  G_OBJECT_CLASS (sc_storage_camera_parent_class)->finalize (object);
}

static void
sc_storage_camera_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ScStorageCamera *self = SC_STORAGE_CAMERA (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;

    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;

    case PROP_IS_CONNECTED:
      g_value_set_boolean (value, self->is_connected);
      break;

    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;

    case PROP_MANUFACTURER:
      g_value_set_string (value, self->manufacturer);
      break;

    case PROP_SERIAL_NUMBER:
    case PROP_FIRMWARE_VERSION:
      g_value_set_string (value, NULL);
      break;

    case PROP_STATE:
      _sc_camera_value_set_state (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_storage_camera_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ScStorageCamera *self = SC_STORAGE_CAMERA (object);

  switch (prop_id)
    {
    case PROP_DISPLAY_NAME:
      self->display_name_set = g_value_get_string (value) != NULL;
      if (_sc_camera_set_string (&self->display_name, g_value_get_string (value)))
        g_object_notify_by_pspec (object, pspec);
      break;

    case PROP_URI:
      self->uri = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_storage_camera_class_init (ScStorageCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_storage_camera_dispose;
  object_class->finalize = sc_storage_camera_finalize;
  object_class->get_property = sc_storage_camera_get_property;
  object_class->set_property = sc_storage_camera_set_property;

  _sc_camera_class_override_properties (object_class, PROP_ID, properties);
}

static void
sc_storage_camera_init (ScStorageCamera *self)
{
  self->cancellable = g_cancellable_new ();
}

static void
camera_iface_init (ScCameraInterface *iface)
{
  iface->connect_async = sc_storage_camera_connect_async;
  iface->connect_finish = sc_storage_camera_connect_finish;
  iface->disconnect = sc_storage_camera_disconnect;
  iface->get_info = sc_storage_camera_get_info;
  iface->refresh_state_async = sc_storage_camera_refresh_state_async;
  iface->refresh_state_finish = sc_storage_camera_refresh_state_finish;
  iface->take_picture_async = sc_storage_camera_take_picture_async;
  iface->take_picture_finish = sc_storage_camera_take_picture_finish;
  iface->start_capture_async = sc_storage_camera_start_capture_async;
  iface->start_capture_finish = sc_storage_camera_start_capture_finish;
  iface->stop_capture_async = sc_storage_camera_stop_capture_async;
  iface->stop_capture_finish = sc_storage_camera_stop_capture_finish;

  _sc_storage_camera_files_iface_init (iface);
}

static ScStorageCamera *
storage_camera_new (GFile      *root,
                    const char *uri)
{
  ScStorageCamera *self;
  g_autofree char *basename = g_file_get_basename (root);

  self = g_object_new (SC_TYPE_STORAGE_CAMERA, "uri", uri, NULL);
  self->root = g_object_ref (root);
  self->id = g_strdup (uri);
  self->display_name = g_strdup (basename);
  return self;
}

/**
 * sc_storage_camera_new_for_uri:
 * @uri: `file:///path`, a folder that holds a DCIM folder
 * @error: return location for a #GError
 *
 * Use sc_camera_new_for_uri() instead. Checks (a quick look at a local
 * folder) that the folder holds a DCIM folder; does not read the files.
 *
 * Returns: (transfer full): a new camera, not connected, or %NULL with
 *   %G_IO_ERROR_INVALID_ARGUMENT (not a local folder) or
 *   %G_IO_ERROR_NOT_FOUND (no DCIM folder in it)
 */
ScStorageCamera *
sc_storage_camera_new_for_uri (const char  *uri,
                               GError     **error)
{
  g_autoptr(GFile) root = NULL;
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  root = g_file_new_for_uri (uri);
  if (!g_file_is_native (root) || g_file_peek_path (root) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a folder on this computer. Enter one like "
                     "file:///media/me/CAMERA."), uri);
      return NULL;
    }

  if (!sc_storage_camera_folder_has_dcim (root, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("“%s” has no DCIM folder, so it is not a camera’s storage. Choose the "
                     "folder that holds DCIM, such as the camera’s disk."),
                   g_file_peek_path (root));
      return NULL;
    }

  /* One spelling per folder, so the same card is the same camera. */
  canonical = g_file_get_uri (root);
  return storage_camera_new (root, canonical);
}

/**
 * sc_storage_camera_new_for_mount:
 * @mount: a mounted volume whose root holds a DCIM folder
 *
 * Creates the camera for a mounted disk, as #ScStorageMonitor does: its
 * id is "disk:UUID" when the volume has a UUID, its name the volume's.
 *
 * Returns: (transfer full): a new camera, not connected
 */
ScStorageCamera *
sc_storage_camera_new_for_mount (GMount *mount)
{
  g_autoptr(GFile) root = NULL;
  g_autoptr(GVolume) volume = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *uuid = NULL;
  ScStorageCamera *self;

  g_return_val_if_fail (G_IS_MOUNT (mount), NULL);

  root = g_mount_get_root (mount);
  uri = g_file_get_uri (root);
  self = storage_camera_new (root, uri);
  self->mount = g_object_ref (mount);
  self->volume_name = g_mount_get_name (mount);
  if (self->volume_name != NULL)
    _sc_camera_set_string (&self->display_name, self->volume_name);

  volume = g_mount_get_volume (mount);
  if (volume != NULL)
    uuid = g_volume_get_uuid (volume);
  if (uuid == NULL)
    uuid = g_mount_get_uuid (mount);
  if (uuid != NULL && *uuid != '\0')
    {
      g_free (self->id);
      self->id = g_strconcat ("disk:", uuid, NULL);
    }

  return self;
}

/**
 * sc_storage_camera_get_mount:
 * @self: a #ScStorageCamera
 *
 * Returns: (transfer none) (nullable): the mount it was made for, or
 *   %NULL for a folder
 */
GMount *
sc_storage_camera_get_mount (ScStorageCamera *self)
{
  g_return_val_if_fail (SC_IS_STORAGE_CAMERA (self), NULL);

  return self->mount;
}

/**
 * sc_storage_camera_get_root:
 * @self: a #ScStorageCamera
 *
 * Returns: (transfer none): the folder that holds DCIM
 */
GFile *
sc_storage_camera_get_root (ScStorageCamera *self)
{
  g_return_val_if_fail (SC_IS_STORAGE_CAMERA (self), NULL);

  return self->root;
}
