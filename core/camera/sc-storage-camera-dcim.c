/* sc-storage-camera-dcim.c: ScStorageCamera's DCIM folder: file names, EXIF, walking it
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

#define MAX_DEPTH        6
#define EXIF_READ_SIZE   (128 * 1024)

/* ------------------------------------------------------------------ */
/* DCIM and file names                                                 */

/* The DCIM folder of @folder, whatever its case (FAT is case-insensitive
 * but a card copied to ext4 is not), or NULL. Blocking. */
GFile *
_sc_storage_find_dcim (GFile        *folder,
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

  dcim = _sc_storage_find_dcim (folder, cancellable);
  return dcim != NULL;
}

gboolean
_sc_storage_has_extension (const char         *name,
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
  if (_sc_storage_has_extension (name, image_extensions))
    return SC_CAMERA_FILE_TYPE_IMAGE;
  if (_sc_storage_has_extension (name, video_extensions))
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

gboolean
_sc_storage_is_aa_name (const char *name)
{
  gsize len = strlen (name);

  return len > 6 && g_ascii_strcasecmp (name + len - 6, "AA.MP4") == 0;
}

char *
_sc_storage_sibling_name (const char *name,
                          char        letter)
{
  char *other = g_strdup (name);
  gsize len = strlen (other);

  other[len - 5] = g_ascii_isupper (name[len - 5]) ? g_ascii_toupper (letter) : letter;
  return other;
}

/* IMG_20240501_120005.JPG, VID_20240501_113000AA.MP4 (Mi Sphere),
 * IMG_20240501_120005_00_001.insp (Insta360): the camera's local time. */
GDateTime *
_sc_storage_date_time_from_name (const char *name)
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
ExifData *
_sc_storage_read_exif (GFile        *file,
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

char *
_sc_storage_exif_string (ExifData *exif,
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

void
_sc_storage_entry_free (ScStorageEntry *entry)
{
  g_clear_object (&entry->file);
  g_free (entry->name);
  g_free (entry);
}

static gboolean
walk_folder (ScStorageWalk  *walk,
             GFile          *folder,
             guint           depth,
             GCancellable   *cancellable,
             GError        **error)
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
      ScStorageEntry *entry;

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

      if (_sc_storage_has_extension (name, (const char * const[]) { "insp", "insv", NULL }))
        walk->insta360 = TRUE;
      if (_sc_storage_has_extension (name, (const char * const[]) { "360", NULL }))
        walk->gopro_360 = TRUE;
      if (is_date_folder (folder_name) && _sc_storage_is_aa_name (name))
        walk->madv_layout = TRUE;

      entry = g_new0 (ScStorageEntry, 1);
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
      ScStorageEntry *entry = g_ptr_array_index (walk->entries, i - 1);
      g_autofree char *aa = NULL;
      g_autofree char *key = NULL;

      if (!is_ab_name (entry->name))
        continue;
      aa = _sc_storage_sibling_name (entry->name, 'a');
      key = g_ascii_strup (aa, -1);
      if (g_hash_table_contains (names, key))
        g_ptr_array_remove_index (walk->entries, i - 1);
    }

  for (guint i = 0; i < folders->len && walk->entries->len < walk->limit; i++)
    if (!walk_folder (walk, g_ptr_array_index (folders, i), depth + 1, cancellable, error))
      return FALSE;

  return TRUE;
}

GError *
_sc_storage_no_device_error (void)
{
  return g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE,
                      _("The camera’s disk is no longer there. Connect the camera again, "
                        "or check that its memory card is in."));
}

gboolean
_sc_storage_walk_dcim (GFile          *root,
                       ScStorageWalk  *walk,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_autoptr(GFile) dcim = _sc_storage_find_dcim (root, cancellable);

  if (dcim == NULL)
    {
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        g_propagate_error (error, _sc_storage_no_device_error ());
      return FALSE;
    }

  return walk_folder (walk, dcim, 0, cancellable, error);
}
