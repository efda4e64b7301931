/* sc-storage-camera-private.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libexif/exif-data.h>

#include "sc-camera.h"
#include "sc-storage-camera.h"

G_BEGIN_DECLS

/* ScStorageCamera is implemented in:
 *   sc-storage-camera.c        the object, the worker-thread helper,
 *                              connecting, state, shooting (refused) and
 *                              the constructors
 *   sc-storage-camera-dcim.c   finding DCIM, file names, EXIF, walking DCIM
 *   sc-storage-camera-files.c  listing, deleting and importing files
 */

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

/* --- sc-storage-camera.c --- */

typedef gpointer (*ScStorageWorkFunc)  (gpointer          work_data,
                                        GTask            *outer,
                                        GCancellable     *cancellable,
                                        GError          **error);
typedef void     (*ScStorageApplyFunc) (ScStorageCamera  *self,
                                        gpointer          result);

void      _sc_storage_camera_run_work         (GTask               *outer,
                                               ScStorageWorkFunc    func,
                                               gpointer             work_data,
                                               GDestroyNotify       work_data_free,
                                               GDestroyNotify       result_free,
                                               ScStorageApplyFunc   apply);
gboolean  _sc_storage_camera_check_connected  (ScStorageCamera     *self,
                                               GError             **error);

/* --- sc-storage-camera-dcim.c --- */

typedef struct
{
  GFile            *file;
  char             *name;
  ScCameraFileType  type;
  guint64           size;
  gint64            mtime;
} ScStorageEntry;

typedef struct
{
  GPtrArray *entries;      /* ScStorageEntry */
  guint      limit;
  gboolean   insta360;     /* .insp/.insv files */
  gboolean   gopro_360;    /* .360 files */
  gboolean   madv_layout;  /* DCIM/YYYYMMDD/ with IMG_/VID_…AA names */
} ScStorageWalk;

GFile     *_sc_storage_find_dcim           (GFile              *folder,
                                            GCancellable       *cancellable);
gboolean   _sc_storage_has_extension       (const char         *name,
                                            const char * const *extensions);
gboolean   _sc_storage_is_aa_name          (const char         *name);
char      *_sc_storage_sibling_name        (const char         *name,
                                            char                letter);
GDateTime *_sc_storage_date_time_from_name (const char         *name);
ExifData  *_sc_storage_read_exif           (GFile              *file,
                                            GCancellable       *cancellable);
char      *_sc_storage_exif_string         (ExifData           *exif,
                                            ExifTag             tag);
void       _sc_storage_entry_free          (ScStorageEntry     *entry);
GError    *_sc_storage_no_device_error     (void);
gboolean   _sc_storage_walk_dcim           (GFile              *root,
                                            ScStorageWalk      *walk,
                                            GCancellable       *cancellable,
                                            GError            **error);

/* --- sc-storage-camera-files.c --- */

void       _sc_storage_camera_files_iface_init (ScCameraInterface *iface);

G_END_DECLS
