/* sc-file-tile.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-file-tile"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-ui.h"

/**
 * ScFileTile:
 *
 * One cell of the Library grid: the thumbnail (or a placeholder), a video
 * badge, a checkmark when the file is already in the download folder, the
 * name, and the date and size.
 */
struct _ScFileTile
{
  GtkWidget      parent_instance;

  ScLibraryItem *item;

  /* Template children */
  GtkBox        *box;
  GtkPicture    *picture;
  GtkImage      *placeholder;
  GtkBox        *video_badge;
  GtkImage      *downloaded_badge;
  GtkLabel      *name_label;
  GtkLabel      *details_label;
};

G_DEFINE_FINAL_TYPE (ScFileTile, sc_file_tile, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_downloaded (ScFileTile *self)
{
  gboolean downloaded = self->item != NULL && sc_library_item_get_downloaded (self->item);

  gtk_widget_set_visible (GTK_WIDGET (self->downloaded_badge), downloaded);
}

static char *
format_details (ScCameraFile *file)
{
  GDateTime *date_time = sc_camera_file_get_date_time (file);
  g_autofree char *size = g_format_size (sc_camera_file_get_size (file));
  g_autofree char *date = NULL;

  if (date_time == NULL)
    return g_steal_pointer (&size);

  {
    g_autoptr(GDateTime) local = g_date_time_to_local (date_time);

    /* Translators: the date and time of a picture in the Library, see
     * g_date_time_format(); e.g. "12 Mar 2026, 14:05" */
    date = g_date_time_format (local, _("%-d %b %Y, %H:%M"));
  }

  /* Translators: a file's date and size in the Library: "12 Mar 2026, 14:05 · 4.2 MB" */
  return g_strdup_printf (_("%s · %s"), date, size);
}

static void
update (ScFileTile *self)
{
  ScCameraFile *file = self->item != NULL ? sc_library_item_get_file (self->item) : NULL;
  GdkPaintable *thumbnail = self->item != NULL ? sc_library_item_get_thumbnail (self->item) : NULL;
  g_autofree char *details = NULL;
  gboolean video;

  gtk_picture_set_paintable (self->picture, thumbnail);
  gtk_widget_set_visible (GTK_WIDGET (self->placeholder), thumbnail == NULL);

  if (file == NULL)
    {
      gtk_label_set_text (self->name_label, "");
      gtk_label_set_text (self->details_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->video_badge), FALSE);
      update_downloaded (self);
      return;
    }

  video = sc_camera_file_get_file_type (file) == SC_CAMERA_FILE_TYPE_VIDEO;
  gtk_image_set_from_icon_name (self->placeholder,
                                video ? "video-x-generic-symbolic" : "image-x-generic-symbolic");
  gtk_widget_set_visible (GTK_WIDGET (self->video_badge), video);
  gtk_label_set_text (self->name_label, sc_camera_file_get_name (file));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), sc_camera_file_get_name (file));
  details = format_details (file);
  gtk_label_set_text (self->details_label, details);
  update_downloaded (self);
}

static void
sc_file_tile_dispose (GObject *object)
{
  ScFileTile *self = (ScFileTile *)object;

  sc_file_tile_set_item (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_FILE_TILE);

  G_OBJECT_CLASS (sc_file_tile_parent_class)->dispose (object);
}

static void
sc_file_tile_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  ScFileTile *self = SC_FILE_TILE (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_file_tile_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  ScFileTile *self = SC_FILE_TILE (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      sc_file_tile_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_file_tile_class_init (ScFileTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_file_tile_dispose;
  object_class->get_property = sc_file_tile_get_property;
  object_class->set_property = sc_file_tile_set_property;

  /**
   * ScFileTile:item:
   *
   * The file shown.
   */
  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, SC_TYPE_LIBRARY_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               SC_RESOURCE_BASE "/ui/sc-file-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, ScFileTile, box);
  gtk_widget_class_bind_template_child (widget_class, ScFileTile, picture);
  gtk_widget_class_bind_template_child (widget_class, ScFileTile, placeholder);
  gtk_widget_class_bind_template_child (widget_class, ScFileTile, video_badge);
  gtk_widget_class_bind_template_child (widget_class, ScFileTile, downloaded_badge);
  gtk_widget_class_bind_template_child (widget_class, ScFileTile, name_label);
  gtk_widget_class_bind_template_child (widget_class, ScFileTile, details_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "scfiletile");
}

static void
sc_file_tile_init (ScFileTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sc_file_tile_new:
 *
 * Returns: (transfer floating): a new, empty tile
 */
GtkWidget *
sc_file_tile_new (void)
{
  return g_object_new (SC_TYPE_FILE_TILE, NULL);
}

/**
 * sc_file_tile_get_item:
 * @self: a #ScFileTile
 *
 * Returns: (transfer none) (nullable): the item shown
 */
ScLibraryItem *
sc_file_tile_get_item (ScFileTile *self)
{
  g_return_val_if_fail (SC_IS_FILE_TILE (self), NULL);

  return self->item;
}

/**
 * sc_file_tile_set_item:
 * @self: a #ScFileTile
 * @item: (nullable): the item to show
 */
void
sc_file_tile_set_item (ScFileTile    *self,
                       ScLibraryItem *item)
{
  g_return_if_fail (SC_IS_FILE_TILE (self));
  g_return_if_fail (item == NULL || SC_IS_LIBRARY_ITEM (item));

  if (self->item == item)
    return;

  if (self->item != NULL)
    g_signal_handlers_disconnect_by_data (self->item, self);
  g_set_object (&self->item, item);
  if (item != NULL)
    g_signal_connect_swapped (item, "notify::downloaded", G_CALLBACK (update_downloaded), self);

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/**
 * sc_file_tile_get_shows_downloaded:
 * @self: a #ScFileTile
 *
 * Returns: whether the "already downloaded" checkmark is shown
 */
gboolean
sc_file_tile_get_shows_downloaded (ScFileTile *self)
{
  g_return_val_if_fail (SC_IS_FILE_TILE (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->downloaded_badge));
}
