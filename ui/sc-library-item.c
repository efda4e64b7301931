/* sc-library-item.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-library-item"

#include "config.h"

#include "sc-ui.h"

/**
 * ScLibraryItem:
 *
 * One file in the Library page's grid: the camera's #ScCameraFile plus
 * what the page learns about it — whether it is already in the download
 * folder, and its thumbnail as a texture (decoded from the camera's JPEG
 * the first time a tile shows it).
 */
struct _ScLibraryItem
{
  GObject       parent_instance;

  ScCameraFile *file;
  GdkTexture   *thumbnail;
  gboolean      thumbnail_tried;
  gboolean      downloaded;
};

G_DEFINE_FINAL_TYPE (ScLibraryItem, sc_library_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_THUMBNAIL,
  PROP_DOWNLOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sc_library_item_dispose (GObject *object)
{
  ScLibraryItem *self = (ScLibraryItem *)object;

  g_clear_object (&self->file);
  g_clear_object (&self->thumbnail);

  G_OBJECT_CLASS (sc_library_item_parent_class)->dispose (object);
}

static void
sc_library_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ScLibraryItem *self = SC_LIBRARY_ITEM (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_THUMBNAIL:
      g_value_set_object (value, sc_library_item_get_thumbnail (self));
      break;

    case PROP_DOWNLOADED:
      g_value_set_boolean (value, self->downloaded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_library_item_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ScLibraryItem *self = SC_LIBRARY_ITEM (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;

    case PROP_DOWNLOADED:
      sc_library_item_set_downloaded (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_library_item_class_init (ScLibraryItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_library_item_dispose;
  object_class->get_property = sc_library_item_get_property;
  object_class->set_property = sc_library_item_set_property;

  /**
   * ScLibraryItem:file:
   *
   * The file on the camera.
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, SC_TYPE_CAMERA_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScLibraryItem:thumbnail:
   *
   * The file's thumbnail, or %NULL if the camera sent none (or one that
   * could not be decoded).
   */
  properties[PROP_THUMBNAIL] =
    g_param_spec_object ("thumbnail", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * ScLibraryItem:downloaded:
   *
   * Whether a file with this name and size is in the download folder.
   */
  properties[PROP_DOWNLOADED] =
    g_param_spec_boolean ("downloaded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_library_item_init (ScLibraryItem *self)
{
}

/**
 * sc_library_item_new:
 * @file: a file on the camera
 *
 * Returns: (transfer full): a new item
 */
ScLibraryItem *
sc_library_item_new (ScCameraFile *file)
{
  g_return_val_if_fail (SC_IS_CAMERA_FILE (file), NULL);

  return g_object_new (SC_TYPE_LIBRARY_ITEM, "file", file, NULL);
}

/**
 * sc_library_item_get_file:
 * @self: a #ScLibraryItem
 *
 * Returns: (transfer none): the file on the camera
 */
ScCameraFile *
sc_library_item_get_file (ScLibraryItem *self)
{
  g_return_val_if_fail (SC_IS_LIBRARY_ITEM (self), NULL);

  return self->file;
}

/**
 * sc_library_item_get_thumbnail:
 * @self: a #ScLibraryItem
 *
 * Decodes the camera's thumbnail on first use.
 *
 * Returns: (transfer none) (nullable): the thumbnail
 */
GdkPaintable *
sc_library_item_get_thumbnail (ScLibraryItem *self)
{
  g_return_val_if_fail (SC_IS_LIBRARY_ITEM (self), NULL);

  if (!self->thumbnail_tried)
    {
      GBytes *jpeg = sc_camera_file_get_thumbnail (self->file);

      self->thumbnail_tried = TRUE;
      if (jpeg != NULL && g_bytes_get_size (jpeg) > 0)
        {
          g_autoptr(GError) error = NULL;

          self->thumbnail = gdk_texture_new_from_bytes (jpeg, &error);
          if (self->thumbnail == NULL)
            g_debug ("Thumbnail of %s: %s", sc_camera_file_get_name (self->file), error->message);
        }
    }

  return self->thumbnail != NULL ? GDK_PAINTABLE (self->thumbnail) : NULL;
}

gboolean
sc_library_item_get_downloaded (ScLibraryItem *self)
{
  g_return_val_if_fail (SC_IS_LIBRARY_ITEM (self), FALSE);

  return self->downloaded;
}

/**
 * sc_library_item_set_downloaded:
 * @self: a #ScLibraryItem
 * @downloaded: whether the file is in the download folder
 */
void
sc_library_item_set_downloaded (ScLibraryItem *self,
                                gboolean       downloaded)
{
  g_return_if_fail (SC_IS_LIBRARY_ITEM (self));

  downloaded = !!downloaded;
  if (self->downloaded == downloaded)
    return;

  self->downloaded = downloaded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOWNLOADED]);
}
