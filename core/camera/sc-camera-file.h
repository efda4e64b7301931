/* sc-camera-file.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * ScCameraFileType:
 * @SC_CAMERA_FILE_TYPE_ALL: images and videos (for listing)
 * @SC_CAMERA_FILE_TYPE_IMAGE: a still image
 * @SC_CAMERA_FILE_TYPE_VIDEO: a video
 */
typedef enum
{
  SC_CAMERA_FILE_TYPE_ALL,
  SC_CAMERA_FILE_TYPE_IMAGE,
  SC_CAMERA_FILE_TYPE_VIDEO,
} ScCameraFileType;

#define SC_TYPE_CAMERA_FILE_TYPE (sc_camera_file_type_get_type ())
GType sc_camera_file_type_get_type (void) G_GNUC_CONST;

#define SC_TYPE_CAMERA_FILE (sc_camera_file_get_type ())

G_DECLARE_FINAL_TYPE (ScCameraFile, sc_camera_file, SC, CAMERA_FILE, GObject)

/* An immutable description of a file on a camera. Camera backends create
 * them; everyone else reads them. */
ScCameraFile     *sc_camera_file_new                 (const char       *name,
                                                      const char       *uri,
                                                      ScCameraFileType  type,
                                                      guint64           size);
const char       *sc_camera_file_get_name            (ScCameraFile     *self);
const char       *sc_camera_file_get_uri             (ScCameraFile     *self);
ScCameraFileType  sc_camera_file_get_file_type       (ScCameraFile     *self);
guint64           sc_camera_file_get_size            (ScCameraFile     *self);
GDateTime        *sc_camera_file_get_date_time       (ScCameraFile     *self);
void              sc_camera_file_set_date_time       (ScCameraFile     *self,
                                                      GDateTime        *date_time);
guint             sc_camera_file_get_width           (ScCameraFile     *self);
guint             sc_camera_file_get_height          (ScCameraFile     *self);
void              sc_camera_file_set_dimensions      (ScCameraFile     *self,
                                                      guint             width,
                                                      guint             height);
const char       *sc_camera_file_get_projection      (ScCameraFile     *self);
void              sc_camera_file_set_projection      (ScCameraFile     *self,
                                                      const char       *projection);
GBytes           *sc_camera_file_get_thumbnail       (ScCameraFile     *self);
void              sc_camera_file_set_thumbnail       (ScCameraFile     *self,
                                                      GBytes           *jpeg);
GVariant         *sc_camera_file_to_variant          (ScCameraFile     *self);

G_END_DECLS
