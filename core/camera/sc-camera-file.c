/* sc-camera-file.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-camera-file"

#include "config.h"

#include "sc-core.h"
#include "sc-camera-file.h"

/**
 * ScCameraFile:
 *
 * A description of one file on a camera: its name, where to fetch it, its
 * kind and size, and whatever else the camera's listing said (date, picture
 * size, projection, a thumbnail). Camera backends create and fill them;
 * everyone else only reads them. The size is what the camera claimed and is
 * only a hint for downloads.
 *
 * Like every core object, a file belongs to the thread that created it.
 */
struct _ScCameraFile
{
  GObject           parent_instance;

  char             *name;
  char             *uri;
  ScCameraFileType  file_type;
  guint64           size;
  GDateTime        *date_time;
  guint             width;
  guint             height;
  char             *projection;
  GBytes           *thumbnail;
};

G_DEFINE_FINAL_TYPE (ScCameraFile, sc_camera_file, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (ScCameraFileType, sc_camera_file_type,
  G_DEFINE_ENUM_VALUE (SC_CAMERA_FILE_TYPE_ALL, "all"),
  G_DEFINE_ENUM_VALUE (SC_CAMERA_FILE_TYPE_IMAGE, "image"),
  G_DEFINE_ENUM_VALUE (SC_CAMERA_FILE_TYPE_VIDEO, "video"))

enum {
  PROP_0,
  PROP_NAME,
  PROP_URI,
  PROP_FILE_TYPE,
  PROP_SIZE,
  PROP_DATE_TIME,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_PROJECTION,
  PROP_THUMBNAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sc_camera_file_finalize (GObject *object)
{
  ScCameraFile *self = (ScCameraFile *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->date_time, g_date_time_unref);
  g_clear_pointer (&self->projection, g_free);
  g_clear_pointer (&self->thumbnail, g_bytes_unref);

  G_OBJECT_CLASS (sc_camera_file_parent_class)->finalize (object);
}

static void
sc_camera_file_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ScCameraFile *self = SC_CAMERA_FILE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;

    case PROP_FILE_TYPE:
      g_value_set_enum (value, self->file_type);
      break;

    case PROP_SIZE:
      g_value_set_uint64 (value, self->size);
      break;

    case PROP_DATE_TIME:
      g_value_set_boxed (value, self->date_time);
      break;

    case PROP_WIDTH:
      g_value_set_uint (value, self->width);
      break;

    case PROP_HEIGHT:
      g_value_set_uint (value, self->height);
      break;

    case PROP_PROJECTION:
      g_value_set_string (value, self->projection);
      break;

    case PROP_THUMBNAIL:
      g_value_set_boxed (value, self->thumbnail);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_camera_file_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ScCameraFile *self = SC_CAMERA_FILE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    case PROP_URI:
      self->uri = g_value_dup_string (value);
      break;

    case PROP_FILE_TYPE:
      self->file_type = g_value_get_enum (value);
      break;

    case PROP_SIZE:
      self->size = g_value_get_uint64 (value);
      break;

    case PROP_DATE_TIME:
      sc_camera_file_set_date_time (self, g_value_get_boxed (value));
      break;

    case PROP_WIDTH:
      sc_camera_file_set_dimensions (self, g_value_get_uint (value), self->height);
      break;

    case PROP_HEIGHT:
      sc_camera_file_set_dimensions (self, self->width, g_value_get_uint (value));
      break;

    case PROP_PROJECTION:
      sc_camera_file_set_projection (self, g_value_get_string (value));
      break;

    case PROP_THUMBNAIL:
      sc_camera_file_set_thumbnail (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_camera_file_class_init (ScCameraFileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sc_camera_file_finalize;
  object_class->get_property = sc_camera_file_get_property;
  object_class->set_property = sc_camera_file_set_property;

  /**
   * ScCameraFile:name:
   *
   * The file's name on the camera, e.g. "R0010005.JPG".
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraFile:uri:
   *
   * Where the camera serves the file, exactly as the camera named it (for
   * OSC cameras the `fileUrl`); backends use it to fetch and delete.
   */
  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraFile:file-type:
   *
   * Whether the file is a still image or a video.
   */
  properties[PROP_FILE_TYPE] =
    g_param_spec_enum ("file-type", NULL, NULL,
                       SC_TYPE_CAMERA_FILE_TYPE, SC_CAMERA_FILE_TYPE_IMAGE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraFile:size:
   *
   * The size in bytes the camera claimed, or 0 if it did not say. Only a
   * hint: downloads verify the real length.
   */
  properties[PROP_SIZE] =
    g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraFile:date-time:
   *
   * When the file was recorded, with the camera's time zone when it gave
   * one, or %NULL if unknown.
   */
  properties[PROP_DATE_TIME] =
    g_param_spec_boxed ("date-time", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraFile:width:
   *
   * The picture width in pixels, or 0 if unknown.
   */
  properties[PROP_WIDTH] =
    g_param_spec_uint ("width", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraFile:height:
   *
   * The picture height in pixels, or 0 if unknown.
   */
  properties[PROP_HEIGHT] =
    g_param_spec_uint ("height", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraFile:projection:
   *
   * The projection the camera reported, e.g. "Equirectangular" or
   * "Dual-Fisheye", or %NULL if unknown.
   */
  properties[PROP_PROJECTION] =
    g_param_spec_string ("projection", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraFile:thumbnail:
   *
   * A small JPEG of the file, or %NULL if the camera sent none.
   */
  properties[PROP_THUMBNAIL] =
    g_param_spec_boxed ("thumbnail", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_camera_file_init (ScCameraFile *self)
{
  self->file_type = SC_CAMERA_FILE_TYPE_IMAGE;
}

/**
 * sc_camera_file_new:
 * @name: the file name on the camera
 * @uri: where the camera serves it
 * @type: %SC_CAMERA_FILE_TYPE_IMAGE or %SC_CAMERA_FILE_TYPE_VIDEO
 * @size: the size in bytes the camera claimed, or 0
 *
 * Creates a file description. Does not block.
 *
 * Returns: (transfer full): a new #ScCameraFile
 */
ScCameraFile *
sc_camera_file_new (const char       *name,
                    const char       *uri,
                    ScCameraFileType  type,
                    guint64           size)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (type == SC_CAMERA_FILE_TYPE_IMAGE || type == SC_CAMERA_FILE_TYPE_VIDEO, NULL);

  return g_object_new (SC_TYPE_CAMERA_FILE,
                       "name", name,
                       "uri", uri,
                       "file-type", type,
                       "size", size,
                       NULL);
}

/**
 * sc_camera_file_get_name:
 * @self: a #ScCameraFile
 *
 * Returns: (transfer none): the file name on the camera
 */
const char *
sc_camera_file_get_name (ScCameraFile *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_FILE (self), NULL);

  return self->name;
}

/**
 * sc_camera_file_get_uri:
 * @self: a #ScCameraFile
 *
 * Returns: (transfer none): where the camera serves the file
 */
const char *
sc_camera_file_get_uri (ScCameraFile *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_FILE (self), NULL);

  return self->uri;
}

/**
 * sc_camera_file_get_file_type:
 * @self: a #ScCameraFile
 *
 * Returns: %SC_CAMERA_FILE_TYPE_IMAGE or %SC_CAMERA_FILE_TYPE_VIDEO
 */
ScCameraFileType
sc_camera_file_get_file_type (ScCameraFile *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_FILE (self), SC_CAMERA_FILE_TYPE_IMAGE);

  return self->file_type;
}

/**
 * sc_camera_file_get_size:
 * @self: a #ScCameraFile
 *
 * Returns: the size in bytes the camera claimed, or 0 if unknown
 */
guint64
sc_camera_file_get_size (ScCameraFile *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_FILE (self), 0);

  return self->size;
}

/**
 * sc_camera_file_get_date_time:
 * @self: a #ScCameraFile
 *
 * Returns: (transfer none) (nullable): when the file was recorded
 */
GDateTime *
sc_camera_file_get_date_time (ScCameraFile *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_FILE (self), NULL);

  return self->date_time;
}

/**
 * sc_camera_file_set_date_time:
 * @self: a #ScCameraFile
 * @date_time: (nullable): when the file was recorded
 *
 * For backends. Notifies #ScCameraFile:date-time when it changes.
 */
void
sc_camera_file_set_date_time (ScCameraFile *self,
                              GDateTime    *date_time)
{
  g_return_if_fail (SC_IS_CAMERA_FILE (self));

  if (self->date_time == date_time ||
      (self->date_time != NULL && date_time != NULL && g_date_time_equal (self->date_time, date_time) &&
       g_date_time_get_utc_offset (self->date_time) == g_date_time_get_utc_offset (date_time)))
    return;

  g_clear_pointer (&self->date_time, g_date_time_unref);
  if (date_time != NULL)
    self->date_time = g_date_time_ref (date_time);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE_TIME]);
}

/**
 * sc_camera_file_get_width:
 * @self: a #ScCameraFile
 *
 * Returns: the picture width in pixels, or 0 if unknown
 */
guint
sc_camera_file_get_width (ScCameraFile *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_FILE (self), 0);

  return self->width;
}

/**
 * sc_camera_file_get_height:
 * @self: a #ScCameraFile
 *
 * Returns: the picture height in pixels, or 0 if unknown
 */
guint
sc_camera_file_get_height (ScCameraFile *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_FILE (self), 0);

  return self->height;
}

/**
 * sc_camera_file_set_dimensions:
 * @self: a #ScCameraFile
 * @width: width in pixels, or 0 if unknown
 * @height: height in pixels, or 0 if unknown
 *
 * For backends. Notifies #ScCameraFile:width and #ScCameraFile:height when
 * they change.
 */
void
sc_camera_file_set_dimensions (ScCameraFile *self,
                               guint         width,
                               guint         height)
{
  g_return_if_fail (SC_IS_CAMERA_FILE (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->width != width)
    {
      self->width = width;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
    }
  if (self->height != height)
    {
      self->height = height;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEIGHT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * sc_camera_file_get_projection:
 * @self: a #ScCameraFile
 *
 * Returns: (transfer none) (nullable): the projection the camera reported,
 *   e.g. "Equirectangular" or "Dual-Fisheye"
 */
const char *
sc_camera_file_get_projection (ScCameraFile *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_FILE (self), NULL);

  return self->projection;
}

/**
 * sc_camera_file_set_projection:
 * @self: a #ScCameraFile
 * @projection: (nullable): the projection, e.g. "Equirectangular"
 *
 * For backends. Notifies #ScCameraFile:projection when it changes.
 */
void
sc_camera_file_set_projection (ScCameraFile *self,
                               const char   *projection)
{
  g_return_if_fail (SC_IS_CAMERA_FILE (self));

  if (g_strcmp0 (self->projection, projection) == 0)
    return;

  g_free (self->projection);
  self->projection = g_strdup (projection);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECTION]);
}

/**
 * sc_camera_file_get_thumbnail:
 * @self: a #ScCameraFile
 *
 * Returns: (transfer none) (nullable): the JPEG thumbnail the camera sent
 */
GBytes *
sc_camera_file_get_thumbnail (ScCameraFile *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_FILE (self), NULL);

  return self->thumbnail;
}

/**
 * sc_camera_file_set_thumbnail:
 * @self: a #ScCameraFile
 * @jpeg: (nullable): a JPEG thumbnail
 *
 * For backends. Notifies #ScCameraFile:thumbnail when it changes.
 */
void
sc_camera_file_set_thumbnail (ScCameraFile *self,
                              GBytes       *jpeg)
{
  g_return_if_fail (SC_IS_CAMERA_FILE (self));

  if (self->thumbnail == jpeg ||
      (self->thumbnail != NULL && jpeg != NULL && g_bytes_equal (self->thumbnail, jpeg)))
    return;

  g_clear_pointer (&self->thumbnail, g_bytes_unref);
  if (jpeg != NULL)
    self->thumbnail = g_bytes_ref (jpeg);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAIL]);
}

/**
 * sc_camera_file_to_variant:
 * @self: a #ScCameraFile
 *
 * Describes the file as an `a{sv}` dictionary, as D-Bus and the CLI show
 * it: "name" (s), "uri" (s), "type" (s, "image" or "video"), "size" (t),
 * "hasThumbnail" (b), and when known "dateTime" (s, ISO 8601), "width" and
 * "height" (u) and "projection" (s). The thumbnail itself is not included.
 *
 * Returns: (transfer floating): an `a{sv}` #GVariant
 */
GVariant *
sc_camera_file_to_variant (ScCameraFile *self)
{
  GVariantDict dict;

  g_return_val_if_fail (SC_IS_CAMERA_FILE (self), NULL);

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "name", "s", self->name != NULL ? self->name : "");
  g_variant_dict_insert (&dict, "uri", "s", self->uri != NULL ? self->uri : "");
  g_variant_dict_insert (&dict, "type", "s",
                         self->file_type == SC_CAMERA_FILE_TYPE_VIDEO ? "video" : "image");
  g_variant_dict_insert (&dict, "size", "t", self->size);

  if (self->date_time != NULL)
    {
      g_autofree char *iso = g_date_time_format_iso8601 (self->date_time);
      g_variant_dict_insert (&dict, "dateTime", "s", iso);
    }

  if (self->width > 0 && self->height > 0)
    {
      g_variant_dict_insert (&dict, "width", "u", self->width);
      g_variant_dict_insert (&dict, "height", "u", self->height);
    }

  if (self->projection != NULL)
    g_variant_dict_insert (&dict, "projection", "s", self->projection);

  g_variant_dict_insert (&dict, "hasThumbnail", "b", self->thumbnail != NULL);

  return g_variant_dict_end (&dict);
}
