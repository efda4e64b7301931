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

#define MAX_DEPTH        6
#define MAX_FILES        20000
#define COPY_CHUNK       (1024 * 1024)
#define PROGRESS_STEP    (4 * 1024 * 1024)
#define EXIF_READ_SIZE   (128 * 1024)
#define MODEL_SCAN_FILES 200

struct _ScStorageCamera
{
  GObject       parent_instance;

  char         *uri;
  GFile        *root;
  GMount       *mount;
  char         *id;
  char         *display_name;
  gboolean      display_name_set;
  char         *volume_name;
  char         *model;
  char         *manufacturer;
  gboolean      is_connected;
  GVariant     *info;
  GVariant     *state;
  GCancellable *cancellable;
};

static void camera_iface_init (ScCameraInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScStorageCamera, sc_storage_camera, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SC_TYPE_CAMERA, camera_iface_init))

enum {
  PROP_0,
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

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Running blocking work on a worker thread                            */

typedef gpointer (*WorkFunc)  (gpointer       work_data,
                               GTask         *outer,
                               GCancellable  *cancellable,
                               GError       **error);
typedef void     (*ApplyFunc) (ScStorageCamera *self,
                               gpointer         result);

typedef struct
{
  WorkFunc        func;
  gpointer        work_data;
  GDestroyNotify  work_data_free;
  GDestroyNotify  result_free;
  ApplyFunc       apply;
  GTask          *outer;   /* borrowed on the thread; the callback owns it */
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
  ApplyFunc apply = work->apply;
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
static void
run_work (GTask          *outer,
          WorkFunc        func,
          gpointer        work_data,
          GDestroyNotify  work_data_free,
          GDestroyNotify  result_free,
          ApplyFunc       apply)
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
  g_task_set_source_tag (inner, run_work);
  g_task_set_task_data (inner, work, (GDestroyNotify)work_free);
  g_task_run_in_thread (inner, work_thread);
}

/* ------------------------------------------------------------------ */
/* DCIM and file names                                                 */

/* The DCIM folder of @folder, whatever its case (FAT is case-insensitive
 * but a card copied to ext4 is not), or NULL. Blocking. */
static GFile *
find_dcim (GFile        *folder,
           GCancellable *cancellable)
{
  g_autoptr(GFile) plain = g_file_get_child (folder, "DCIM");
  g_autoptr(GFileEnumerator) children = NULL;

  if (g_file_query_file_type (plain, G_FILE_QUERY_INFO_NONE, cancellable) == G_FILE_TYPE_DIRECTORY)
    return g_steal_pointer (&plain);

  children = g_file_enumerate_children (folder,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  if (children == NULL)
    return NULL;

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (children, &info, &child, cancellable, NULL) || info == NULL)
        return NULL;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY &&
          g_ascii_strcasecmp (g_file_info_get_name (info), "DCIM") == 0)
        return g_object_ref (child);
    }
}

/**
 * sc_storage_camera_folder_has_dcim:
 * @folder: a folder, e.g. the root of a mounted volume
 * @cancellable: (nullable): a #GCancellable
 *
 * Whether @folder holds a DCIM folder (in any letter case), which makes
 * it a camera's storage. Blocks on the file system: call it on a worker
 * thread for anything but a local folder.
 *
 * Returns: %TRUE if @folder has a DCIM folder
 */
gboolean
sc_storage_camera_folder_has_dcim (GFile        *folder,
                                   GCancellable *cancellable)
{
  g_autoptr(GFile) dcim = NULL;

  g_return_val_if_fail (G_IS_FILE (folder), FALSE);

  dcim = find_dcim (folder, cancellable);
  return dcim != NULL;
}

static gboolean
has_extension (const char         *name,
               const char * const *extensions)
{
  const char *dot = strrchr (name, '.');

  if (dot == NULL || dot == name)
    return FALSE;
  for (guint i = 0; extensions[i] != NULL; i++)
    if (g_ascii_strcasecmp (dot + 1, extensions[i]) == 0)
      return TRUE;
  return FALSE;
}

static const char * const image_extensions[] = { "jpg", "jpeg", "dng", "insp", NULL };
static const char * const video_extensions[] = { "mp4", "mov", "insv", "360", NULL };

static ScCameraFileType
type_for_name (const char *name)
{
  if (has_extension (name, image_extensions))
    return SC_CAMERA_FILE_TYPE_IMAGE;
  if (has_extension (name, video_extensions))
    return SC_CAMERA_FILE_TYPE_VIDEO;
  return SC_CAMERA_FILE_TYPE_ALL;
}

/* A Mi Sphere's VID_…AB.MP4 is the low-resolution copy of VID_…AA.MP4
 * (MADV-PROTOCOL.md §3): listed through its AA file, deleted with it. */
static gboolean
is_ab_name (const char *name)
{
  gsize len = strlen (name);

  return len > 6 && g_ascii_strcasecmp (name + len - 6, "AB.MP4") == 0;
}

static gboolean
is_aa_name (const char *name)
{
  gsize len = strlen (name);

  return len > 6 && g_ascii_strcasecmp (name + len - 6, "AA.MP4") == 0;
}

static char *
sibling_name (const char *name,
              char        letter)
{
  char *other = g_strdup (name);
  gsize len = strlen (other);

  other[len - 5] = g_ascii_isupper (name[len - 5]) ? g_ascii_toupper (letter) : letter;
  return other;
}

/* IMG_20240501_120005.JPG, VID_20240501_113000AA.MP4 (Mi Sphere),
 * IMG_20240501_120005_00_001.insp (Insta360): the camera's local time. */
static GDateTime *
date_time_from_name (const char *name)
{
  const char *p = strchr (name, '_');
  int y, mo, d, h, mi, s;

  if (p == NULL || sscanf (p + 1, "%4d%2d%2d_%2d%2d%2d", &y, &mo, &d, &h, &mi, &s) != 6)
    return NULL;
  if (y < 1990 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
    return NULL;

  return g_date_time_new_local (y, mo, d, h, mi, s);
}

static gboolean
is_date_folder (const char *name)
{
  if (strlen (name) != 8)
    return FALSE;
  for (guint i = 0; i < 8; i++)
    if (!g_ascii_isdigit (name[i]))
      return FALSE;
  return g_str_has_prefix (name, "19") || g_str_has_prefix (name, "20");
}

/* Reads the start of a JPEG, where its EXIF APP1 segment lives. */
static ExifData *
read_exif (GFile        *file,
           GCancellable *cancellable)
{
  g_autoptr(GFileInputStream) input = NULL;
  g_autofree guint8 *buffer = NULL;
  gsize length = 0;

  input = g_file_read (file, cancellable, NULL);
  if (input == NULL)
    return NULL;

  buffer = g_malloc (EXIF_READ_SIZE);
  if (!g_input_stream_read_all (G_INPUT_STREAM (input), buffer, EXIF_READ_SIZE, &length,
                                cancellable, NULL) || length < 4)
    return NULL;
  if (buffer[0] != 0xFF || buffer[1] != 0xD8)
    return NULL;

  return exif_data_new_from_data (buffer, (unsigned int)length);
}

static char *
exif_string (ExifData *exif,
             ExifTag   tag)
{
  ExifEntry *entry = exif_content_get_entry (exif->ifd[EXIF_IFD_0], tag);
  char value[256] = { 0 };

  if (entry == NULL || exif_entry_get_value (entry, value, sizeof value) == NULL)
    return NULL;

  g_strstrip (value);
  if (value[0] == '\0' || !g_utf8_validate (value, -1, NULL))
    return NULL;
  return g_strdup (value);
}

/* ------------------------------------------------------------------ */
/* Walking DCIM                                                        */

typedef struct
{
  GFile            *file;
  char             *name;
  ScCameraFileType  type;
  guint64           size;
  gint64            mtime;
} Entry;

static void
entry_free (Entry *entry)
{
  g_clear_object (&entry->file);
  g_free (entry->name);
  g_free (entry);
}

typedef struct
{
  GPtrArray *entries;      /* Entry */
  guint      limit;
  gboolean   insta360;     /* .insp/.insv files */
  gboolean   gopro_360;    /* .360 files */
  gboolean   madv_layout;  /* DCIM/YYYYMMDD/ with IMG_/VID_…AA names */
} Walk;

static gboolean
walk_folder (Walk          *walk,
             GFile         *folder,
             guint          depth,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GPtrArray) folders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *folder_name = g_file_get_basename (folder);
  guint first = walk->entries->len;

  children = g_file_enumerate_children (folder,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                        G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                        G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN ","
                                        G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, error);
  if (children == NULL)
    return FALSE;

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;
      const char *name;
      ScCameraFileType type;
      Entry *entry;

      if (!g_file_enumerator_iterate (children, &info, &child, cancellable, error))
        return FALSE;
      if (info == NULL)
        break;

      name = g_file_info_get_name (info);
      if (name[0] == '.' || g_file_info_get_is_hidden (info))
        continue;

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          if (depth < MAX_DEPTH)
            g_ptr_array_add (folders, g_object_ref (child));
          continue;
        }
      if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
        continue;

      type = type_for_name (name);
      if (type == SC_CAMERA_FILE_TYPE_ALL)
        continue;
      if (walk->entries->len >= walk->limit)
        break;

      if (has_extension (name, (const char * const[]) { "insp", "insv", NULL }))
        walk->insta360 = TRUE;
      if (has_extension (name, (const char * const[]) { "360", NULL }))
        walk->gopro_360 = TRUE;
      if (is_date_folder (folder_name) && is_aa_name (name))
        walk->madv_layout = TRUE;

      entry = g_new0 (Entry, 1);
      entry->file = g_object_ref (child);
      entry->name = g_strdup (name);
      entry->type = type;
      entry->size = (guint64)MAX (0, g_file_info_get_size (info));
      entry->mtime = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED);
      g_ptr_array_add (walk->entries, entry);
      g_hash_table_add (names, g_ascii_strup (name, -1));
    }

  /* Drop the AB copies whose AA file is here. */
  for (guint i = walk->entries->len; i > first; i--)
    {
      Entry *entry = g_ptr_array_index (walk->entries, i - 1);
      g_autofree char *aa = NULL;
      g_autofree char *key = NULL;

      if (!is_ab_name (entry->name))
        continue;
      aa = sibling_name (entry->name, 'a');
      key = g_ascii_strup (aa, -1);
      if (g_hash_table_contains (names, key))
        g_ptr_array_remove_index (walk->entries, i - 1);
    }

  for (guint i = 0; i < folders->len && walk->entries->len < walk->limit; i++)
    if (!walk_folder (walk, g_ptr_array_index (folders, i), depth + 1, cancellable, error))
      return FALSE;

  return TRUE;
}

static GError *
no_device_error (void)
{
  return g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE,
                      _("The camera’s disk is no longer there. Connect the camera again, "
                        "or check that its memory card is in."));
}

static gboolean
walk_dcim (GFile         *root,
           Walk          *walk,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFile) dcim = find_dcim (root, cancellable);

  if (dcim == NULL)
    {
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        g_propagate_error (error, no_device_error ());
      return FALSE;
    }

  return walk_folder (walk, dcim, 0, cancellable, error);
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
  Walk walk = { 0 };
  Probe *probe;

  walk.entries = g_ptr_array_new_with_free_func ((GDestroyNotify)entry_free);
  walk.limit = MODEL_SCAN_FILES;
  if (!walk_dcim (root, &walk, cancellable, error))
    {
      g_ptr_array_unref (walk.entries);
      return NULL;
    }

  probe = g_new0 (Probe, 1);
  for (guint i = 0; i < walk.entries->len && probe->model == NULL; i++)
    {
      Entry *entry = g_ptr_array_index (walk.entries, i);
      ExifData *exif;

      if (!has_extension (entry->name, (const char * const[]) { "jpg", "jpeg", NULL }))
        continue;
      exif = read_exif (entry->file, cancellable);
      if (exif == NULL)
        continue;
      probe->manufacturer = exif_string (exif, EXIF_TAG_MAKE);
      probe->model = exif_string (exif, EXIF_TAG_MODEL);
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

  if (set_string (&self->model, probe->model))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  if (set_string (&self->manufacturer, probe->manufacturer))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANUFACTURER]);

  if (!self->display_name_set && self->volume_name == NULL && probe->model != NULL)
    {
      g_autofree char *name = display_name_for_model (probe->model);

      if (set_string (&self->display_name, name))
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
  run_work (task, connect_work, g_object_ref (self->root), g_object_unref,
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

static gboolean
check_connected (ScStorageCamera  *self,
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
  g_autoptr(GFile) dcim = find_dcim (root, cancellable);
  Probe *probe;

  if (dcim == NULL)
    {
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        g_propagate_error (error, no_device_error ());
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
  if (!check_connected (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  run_work (task, refresh_work, g_object_ref (self->root), g_object_unref,
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
/* Listing                                                             */

typedef struct
{
  GFile            *root;
  ScCameraFileType  type;
  guint             max_entries;
  gboolean          with_thumbnails;
} ListData;

static void
list_data_free (ListData *data)
{
  g_clear_object (&data->root);
  g_free (data);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  ScCameraFile *fa = *(ScCameraFile **)a;
  ScCameraFile *fb = *(ScCameraFile **)b;
  GDateTime *da = sc_camera_file_get_date_time (fa);
  GDateTime *db = sc_camera_file_get_date_time (fb);
  int by_date = 0;

  if (da != NULL && db != NULL)
    by_date = g_date_time_compare (db, da);
  if (by_date != 0)
    return by_date;
  return g_strcmp0 (sc_camera_file_get_uri (fb), sc_camera_file_get_uri (fa));
}

static gpointer
list_work (gpointer       work_data,
           GTask         *outer,
           GCancellable  *cancellable,
           GError       **error)
{
  ListData *data = work_data;
  Walk walk = { 0 };
  GPtrArray *files;

  walk.entries = g_ptr_array_new_with_free_func ((GDestroyNotify)entry_free);
  walk.limit = MAX_FILES;
  if (!walk_dcim (data->root, &walk, cancellable, error))
    {
      g_ptr_array_unref (walk.entries);
      return NULL;
    }

  files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < walk.entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (walk.entries, i);
      g_autofree char *uri = NULL;
      g_autoptr(GDateTime) date_time = NULL;
      ScCameraFile *file;

      if (data->type != SC_CAMERA_FILE_TYPE_ALL && data->type != entry->type)
        continue;

      uri = g_file_get_uri (entry->file);
      file = sc_camera_file_new (entry->name, uri, entry->type, entry->size);
      date_time = date_time_from_name (entry->name);
      if (date_time == NULL && entry->mtime > 0)
        date_time = g_date_time_new_from_unix_local (entry->mtime);
      if (date_time != NULL)
        sc_camera_file_set_date_time (file, date_time);
      g_ptr_array_add (files, file);
    }
  g_ptr_array_unref (walk.entries);

  g_ptr_array_sort (files, compare_newest_first);
  if (data->max_entries > 0 && files->len > data->max_entries)
    g_ptr_array_set_size (files, data->max_entries);

  /* Thumbnails: the one in a photo's EXIF, where there is one. */
  for (guint i = 0; data->with_thumbnails && i < files->len; i++)
    {
      ScCameraFile *file = g_ptr_array_index (files, i);
      g_autoptr(GFile) source = NULL;
      ExifData *exif;

      if (sc_camera_file_get_file_type (file) != SC_CAMERA_FILE_TYPE_IMAGE)
        continue;
      source = g_file_new_for_uri (sc_camera_file_get_uri (file));
      exif = read_exif (source, cancellable);
      if (exif == NULL)
        continue;
      if (exif->data != NULL && exif->size > 0)
        {
          g_autoptr(GBytes) thumbnail = g_bytes_new (exif->data, exif->size);

          sc_camera_file_set_thumbnail (file, thumbnail);
        }
      exif_data_unref (exif);
    }

  return files;
}

static void
sc_storage_camera_list_files_async (ScCamera            *camera,
                                    ScCameraFileType     type,
                                    guint                max_entries,
                                    gboolean             with_thumbnails,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  ScStorageCamera *self = SC_STORAGE_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ListData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_storage_camera_list_files_async);
  if (!check_connected (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (ListData, 1);
  data->root = g_object_ref (self->root);
  data->type = type;
  data->max_entries = max_entries;
  data->with_thumbnails = with_thumbnails;
  run_work (task, list_work, data, (GDestroyNotify)list_data_free,
            (GDestroyNotify)g_ptr_array_unref, NULL);
}

static GPtrArray *
sc_storage_camera_list_files_finish (ScCamera      *camera,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Deleting                                                            */

typedef struct
{
  GFile  *root;
  GStrv   uris;
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_clear_object (&data->root);
  g_strfreev (data->uris);
  g_free (data);
}

/* Only files under the camera's DCIM folder are the camera's to touch. */
static GFile *
file_on_camera (GFile       *root,
                const char  *uri,
                GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  g_autoptr(GFile) dcim = find_dcim (root, NULL);

  if (dcim == NULL)
    {
      g_propagate_error (error, no_device_error ());
      return NULL;
    }
  if (!g_file_has_prefix (file, dcim))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a file on this camera. Choose a file from the camera’s list."),
                   uri);
      return NULL;
    }

  return g_steal_pointer (&file);
}

static gpointer
delete_work (gpointer       work_data,
             GTask         *outer,
             GCancellable  *cancellable,
             GError       **error)
{
  DeleteData *data = work_data;

  for (guint i = 0; data->uris[i] != NULL; i++)
    {
      g_autoptr(GFile) file = file_on_camera (data->root, data->uris[i], error);
      g_autoptr(GError) local = NULL;
      g_autofree char *name = NULL;

      if (file == NULL)
        return NULL;

      name = g_file_get_basename (file);
      if (!g_file_delete (file, cancellable, &local))
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("“%s” is no longer on the camera. Refresh the list of files."), name);
          else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) ||
                   g_error_matches (local, G_IO_ERROR, G_IO_ERROR_READ_ONLY))
            g_set_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PERMISSION_DENIED,
                         _("The camera’s disk does not let “%s” be deleted. Unlock the memory "
                           "card’s write-protect switch, or mount the disk with write access."),
                         name);
          else
            g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }

      /* A Mi Sphere's low-resolution copy goes with its video. */
      if (is_aa_name (name))
        {
          g_autofree char *ab_name = sibling_name (name, 'b');
          g_autoptr(GFile) parent = g_file_get_parent (file);
          g_autoptr(GFile) ab = g_file_get_child (parent, ab_name);
          g_autoptr(GError) ab_error = NULL;

          if (!g_file_delete (ab, cancellable, &ab_error) &&
              !g_error_matches (ab_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
            g_debug ("Could not delete the companion of %s: %s", name, ab_error->message);
        }
    }

  return GINT_TO_POINTER (TRUE);
}

static void
sc_storage_camera_delete_files_async (ScCamera            *camera,
                                      const char * const  *uris,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  ScStorageCamera *self = SC_STORAGE_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  DeleteData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_storage_camera_delete_files_async);
  if (!check_connected (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (DeleteData, 1);
  data->root = g_object_ref (self->root);
  data->uris = g_strdupv ((char **)uris);
  run_work (task, delete_work, data, (GDestroyNotify)delete_data_free, NULL, NULL);
}

static gboolean
sc_storage_camera_delete_files_finish (ScCamera      *camera,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error) != NULL;
}

/* ------------------------------------------------------------------ */
/* Importing                                                           */

/* Owned by the outer task: the progress closure lives and dies in the
 * caller's context. */
typedef struct
{
  ScCameraProgressFunc  progress;
  gpointer              progress_data;
  GDestroyNotify        progress_notify;
} ProgressClosure;

static void
progress_closure_free (ProgressClosure *closure)
{
  if (closure->progress_notify != NULL)
    closure->progress_notify (closure->progress_data);
  g_free (closure);
}

typedef struct
{
  GTask   *task;
  guint64  current;
  guint64  total;
} ProgressUpdate;

static gboolean
deliver_progress (gpointer user_data)
{
  ProgressUpdate *update = user_data;
  ProgressClosure *closure = g_task_get_task_data (update->task);

  if (closure->progress != NULL && !g_task_get_completed (update->task))
    closure->progress (update->current, update->total, closure->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_update_free (ProgressUpdate *update)
{
  g_object_unref (update->task);
  g_free (update);
}

static void
post_progress (GTask   *outer,
               guint64  current,
               guint64  total)
{
  ProgressUpdate *update;

  if (((ProgressClosure *)g_task_get_task_data (outer))->progress == NULL)
    return;

  update = g_new0 (ProgressUpdate, 1);
  update->task = g_object_ref (outer);
  update->current = current;
  update->total = total;
  g_main_context_invoke_full (g_task_get_context (outer), G_PRIORITY_DEFAULT,
                              deliver_progress, update, (GDestroyNotify)progress_update_free);
}

typedef struct
{
  GFile *root;
  char  *uri;
  char  *name;        /* sanitized */
  char  *directory;   /* local path */
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_object (&data->root);
  g_free (data->uri);
  g_free (data->name);
  g_free (data->directory);
  g_free (data);
}

static gboolean
write_all (int            fd,
           const guint8  *buffer,
           gsize          length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, buffer, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      buffer += n;
      length -= (gsize)n;
    }
  return TRUE;
}

static void
set_write_error (GError     **error,
                 int          saved_errno,
                 const char  *name,
                 const char  *directory)
{
  if (saved_errno == ENOSPC || saved_errno == EDQUOT)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                 _("There is not enough space in “%s” for “%s”. Free some space, then try again."),
                 directory, name);
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 _("Could not save “%s” in “%s” (%s). Choose another folder, then try again."),
                 name, directory, g_strerror (saved_errno));
}

static void
set_read_error (GError     **error,
                int          saved_errno,
                const char  *name)
{
  if (saved_errno == ENOENT)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("“%s” is no longer on the camera. Refresh the list of files."), name);
  else
    g_set_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE,
                 _("Could not read “%s” from the camera (%s). Check that the camera is still "
                   "connected, then import the file again."),
                 name, g_strerror (saved_errno));
}

static char *
copy_to_temp (ImportData    *data,
              const char    *source_path,
              GTask         *outer,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autofree char *temp_path = NULL;
  g_autofree guint8 *buffer = NULL;
  struct stat before, after, written;
  guint64 copied = 0, reported = 0;
  int in = -1, out = -1;
  gboolean ok = FALSE;

  in = open (source_path, O_RDONLY | O_CLOEXEC);
  if (in < 0 || fstat (in, &before) != 0)
    {
      set_read_error (error, errno, data->name);
      goto out;
    }
  if (!S_ISREG (before.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is not a photo or a video. Choose a file from the camera’s list."),
                   data->name);
      goto out;
    }

  /* Hidden, next to its final name, never an existing file. */
  for (guint attempt = 0; out < 0; attempt++)
    {
      g_autofree char *temp_name = g_strdup_printf (".%s.%08x.part", data->name, g_random_int ());

      g_free (temp_path);
      temp_path = g_build_filename (data->directory, temp_name, NULL);
      out = open (temp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (out < 0 && (errno != EEXIST || attempt > 8))
        {
          set_write_error (error, errno, data->name, data->directory);
          g_clear_pointer (&temp_path, g_free);
          goto out;
        }
    }

  buffer = g_malloc (COPY_CHUNK);
  post_progress (outer, 0, (guint64)before.st_size);
  for (;;)
    {
      ssize_t n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      n = read (in, buffer, COPY_CHUNK);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_read_error (error, errno, data->name);
          goto out;
        }
      if (n == 0)
        break;
      if (!write_all (out, buffer, (gsize)n))
        {
          set_write_error (error, errno, data->name, data->directory);
          goto out;
        }

      copied += (guint64)n;
      if (copied - reported >= PROGRESS_STEP)
        {
          post_progress (outer, copied, (guint64)before.st_size);
          reported = copied;
        }
    }

  if (fsync (out) != 0 || fstat (out, &written) != 0)
    {
      set_write_error (error, errno, data->name, data->directory);
      goto out;
    }

  /* The whole file, as the camera had it when we started. */
  if (fstat (in, &after) != 0 ||
      copied != (guint64)before.st_size ||
      (guint64)written.st_size != copied ||
      after.st_size != before.st_size ||
      after.st_mtim.tv_sec != before.st_mtim.tv_sec ||
      after.st_mtim.tv_nsec != before.st_mtim.tv_nsec)
    {
      g_debug ("Size check failed: %" G_GUINT64_FORMAT " copied, %" G_GINT64_FORMAT
               " at start, %" G_GINT64_FORMAT " now, %" G_GINT64_FORMAT " written",
               copied, (gint64)before.st_size, (gint64)after.st_size, (gint64)written.st_size);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                   _("“%s” changed or was cut short while it was imported. Import it again."),
                   data->name);
      goto out;
    }

  post_progress (outer, copied, copied);
  ok = TRUE;

out:
  if (in >= 0)
    close (in);
  if (out >= 0 && close (out) != 0 && ok)
    {
      set_write_error (error, errno, data->name, data->directory);
      ok = FALSE;
    }
  if (!ok && temp_path != NULL)
    {
      /* Nothing to resume from a disk: a broken import leaves nothing. */
      if (g_unlink (temp_path) != 0)
        g_debug ("Could not remove %s: %s", temp_path, g_strerror (errno));
      g_clear_pointer (&temp_path, g_free);
    }

  return g_steal_pointer (&temp_path);
}

static gpointer
import_work (gpointer       work_data,
             GTask         *outer,
             GCancellable  *cancellable,
             GError       **error)
{
  ImportData *data = work_data;
  g_autoptr(GFile) source = NULL;
  g_autofree char *source_path = NULL;
  g_autofree char *temp_path = NULL;
  g_autofree char *final_path = NULL;
  int saved_errno = 0;

  source = file_on_camera (data->root, data->uri, error);
  if (source == NULL)
    return NULL;
  source_path = g_file_get_path (source);
  if (source_path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is not on a local disk. Mount the camera’s disk, then try again."),
                   data->uri);
      return NULL;
    }

  temp_path = copy_to_temp (data, source_path, outer, cancellable, error);
  if (temp_path == NULL)
    return NULL;

  final_path = _sc_file_publish (temp_path, data->directory, data->name, TRUE, &saved_errno);
  if (final_path == NULL)
    {
      set_write_error (error, saved_errno, data->name, data->directory);
      g_unlink (temp_path);
      return NULL;
    }

  return g_file_new_for_path (final_path);
}

static void
sc_storage_camera_download_async (ScCamera             *camera,
                                  ScCameraFile         *file,
                                  GFile                *directory,
                                  ScCameraProgressFunc  progress,
                                  gpointer              progress_data,
                                  GDestroyNotify        progress_notify,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data)
{
  ScStorageCamera *self = SC_STORAGE_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ProgressClosure *closure;
  ImportData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_storage_camera_download_async);
  closure = g_new0 (ProgressClosure, 1);
  closure->progress = progress;
  closure->progress_data = progress_data;
  closure->progress_notify = progress_notify;
  g_task_set_task_data (task, closure, (GDestroyNotify)progress_closure_free);

  if (!check_connected (self, &error) ||
      !sc_permissions_check (sc_permissions_get_default (), SC_PERMISSION_STORAGE, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_file_peek_path (directory) == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Spherecam can only import into a local folder. Choose one."));
      return;
    }

  data = g_new0 (ImportData, 1);
  data->root = g_object_ref (self->root);
  data->uri = g_strdup (sc_camera_file_get_uri (file));
  data->name = sc_download_sanitize_name (sc_camera_file_get_name (file));
  data->directory = g_strdup (g_file_peek_path (directory));
  run_work (task, import_work, data, (GDestroyNotify)import_data_free, g_object_unref, NULL);
}

static GFile *
sc_storage_camera_download_finish (ScCamera      *camera,
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
      if (self->state != NULL)
        g_value_set_variant (value, self->state);
      else
        g_value_take_variant (value, g_variant_ref_sink (g_variant_new ("a{sv}", NULL)));
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
      if (set_string (&self->display_name, g_value_get_string (value)))
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

  g_object_class_override_property (object_class, PROP_ID, "id");
  g_object_class_override_property (object_class, PROP_DISPLAY_NAME, "display-name");
  g_object_class_override_property (object_class, PROP_URI, "uri");
  g_object_class_override_property (object_class, PROP_IS_CONNECTED, "is-connected");
  g_object_class_override_property (object_class, PROP_MODEL, "model");
  g_object_class_override_property (object_class, PROP_MANUFACTURER, "manufacturer");
  g_object_class_override_property (object_class, PROP_SERIAL_NUMBER, "serial-number");
  g_object_class_override_property (object_class, PROP_FIRMWARE_VERSION, "firmware-version");
  g_object_class_override_property (object_class, PROP_STATE, "state");

  properties[PROP_ID] = g_object_class_find_property (object_class, "id");
  properties[PROP_DISPLAY_NAME] = g_object_class_find_property (object_class, "display-name");
  properties[PROP_URI] = g_object_class_find_property (object_class, "uri");
  properties[PROP_IS_CONNECTED] = g_object_class_find_property (object_class, "is-connected");
  properties[PROP_MODEL] = g_object_class_find_property (object_class, "model");
  properties[PROP_MANUFACTURER] = g_object_class_find_property (object_class, "manufacturer");
  properties[PROP_SERIAL_NUMBER] = g_object_class_find_property (object_class, "serial-number");
  properties[PROP_FIRMWARE_VERSION] = g_object_class_find_property (object_class, "firmware-version");
  properties[PROP_STATE] = g_object_class_find_property (object_class, "state");
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
  iface->list_files_async = sc_storage_camera_list_files_async;
  iface->list_files_finish = sc_storage_camera_list_files_finish;
  iface->delete_files_async = sc_storage_camera_delete_files_async;
  iface->delete_files_finish = sc_storage_camera_delete_files_finish;
  iface->download_async = sc_storage_camera_download_async;
  iface->download_finish = sc_storage_camera_download_finish;
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
    set_string (&self->display_name, self->volume_name);

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
