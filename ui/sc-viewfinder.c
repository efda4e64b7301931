/* sc-viewfinder.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-viewfinder"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/video/video.h>

#include "sc-ui.h"
#include "sc-ui-private.h"

/**
 * ScViewfinder:
 *
 * Shows a camera's live preview (#ScViewfinder:live-preview) as the
 * camera sends it: each RGBA frame becomes a #GdkMemoryTexture (wrapping
 * the GStreamer buffer, no copy) in a #GtkPicture. Equirectangular frames are shown flat for now; an
 * interactive 360° view will replace the picture inside this widget.
 *
 * Over the picture it shows a spinner with a message while waiting for
 * the first frame, or an error with a "Try Again" button, which emits
 * #ScViewfinder::retry-requested. It shows the preview's own errors, and
 * the end of its stream, by itself; its owner shows what it is waiting
 * for (connecting, shooting) with sc_viewfinder_show_waiting().
 */
struct _ScViewfinder
{
  GtkWidget      parent_instance;

  ScLivePreview *live_preview;
  GdkTexture    *texture;
  gboolean       warned_format;

  /* Template children */
  GtkOverlay    *overlay;
  GtkPicture    *picture;
  GtkBox        *waiting_box;
  GtkSpinner    *spinner;
  GtkLabel      *waiting_label;
  AdwStatusPage *error_page;
  GtkButton     *retry_button;
};

G_DEFINE_FINAL_TYPE (ScViewfinder, sc_viewfinder, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LIVE_PREVIEW,
  PROP_PAINTABLE,
  N_PROPS
};

enum {
  RETRY_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  GstVideoFrame frame;
} MappedFrame;

static void
mapped_frame_free (gpointer data)
{
  MappedFrame *mapped = data;

  gst_video_frame_unmap (&mapped->frame);
  g_free (mapped);
}

static gboolean
memory_format_for (GstVideoFormat   format,
                   GdkMemoryFormat *out)
{
  switch (format)
    {
    case GST_VIDEO_FORMAT_RGBA:
      *out = GDK_MEMORY_R8G8B8A8;
      return TRUE;

    case GST_VIDEO_FORMAT_BGRA:
      *out = GDK_MEMORY_B8G8R8A8;
      return TRUE;

    case GST_VIDEO_FORMAT_ARGB:
      *out = GDK_MEMORY_A8R8G8B8;
      return TRUE;

    case GST_VIDEO_FORMAT_RGB:
      *out = GDK_MEMORY_R8G8B8;
      return TRUE;

    case GST_VIDEO_FORMAT_BGR:
      *out = GDK_MEMORY_B8G8R8;
      return TRUE;

    default:
      return FALSE;
    }
}

/* Wraps the sample's buffer in a texture; the texture keeps the buffer
 * mapped (and alive) for as long as GTK needs the pixels. */
static GdkTexture *
texture_from_sample (ScViewfinder *self,
                     GstSample    *sample)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstCaps *caps = gst_sample_get_caps (sample);
  g_autoptr(GBytes) bytes = NULL;
  GstVideoInfo info;
  GdkMemoryFormat format;
  MappedFrame *mapped;
  gsize stride;
  int width, height;

  if (buffer == NULL || caps == NULL || !gst_video_info_from_caps (&info, caps))
    return NULL;

  if (!memory_format_for (GST_VIDEO_INFO_FORMAT (&info), &format))
    {
      if (!self->warned_format)
        g_warning ("Cannot show %s preview frames", GST_VIDEO_INFO_NAME (&info));
      self->warned_format = TRUE;
      return NULL;
    }

  mapped = g_new0 (MappedFrame, 1);
  if (!gst_video_frame_map (&mapped->frame, &info, buffer, GST_MAP_READ))
    {
      g_free (mapped);
      return NULL;
    }

  width = GST_VIDEO_FRAME_WIDTH (&mapped->frame);
  height = GST_VIDEO_FRAME_HEIGHT (&mapped->frame);
  stride = GST_VIDEO_FRAME_PLANE_STRIDE (&mapped->frame, 0);
  bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (&mapped->frame, 0),
                                      stride * height, mapped_frame_free, mapped);

  return gdk_memory_texture_new (width, height, format, bytes, stride);
}

static void
set_texture (ScViewfinder *self,
             GdkTexture   *texture)
{
  if (!g_set_object (&self->texture, texture))
    return;

  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAINTABLE]);
}

static void
show_overlay (ScViewfinder *self,
              gboolean      waiting,
              gboolean      error)
{
  gtk_widget_set_visible (GTK_WIDGET (self->waiting_box), waiting);
  gtk_spinner_set_spinning (self->spinner, waiting);
  gtk_widget_set_visible (GTK_WIDGET (self->error_page), error);

  /* The last frame stays, dimmed, behind a spinner or an error. */
  if (waiting || error)
    gtk_widget_add_css_class (GTK_WIDGET (self->picture), "sc-dimmed");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->picture), "sc-dimmed");
}

static void
on_live_preview_frame_cb (ScViewfinder  *self,
                          GstSample     *sample,
                          ScLivePreview *preview)
{
  sc_viewfinder_show_sample (self, sample);
}

static void
on_live_preview_state_cb (ScViewfinder  *self,
                          GParamSpec    *pspec,
                          ScLivePreview *preview)
{
  switch (sc_live_preview_get_state (preview))
    {
    case SC_LIVE_PREVIEW_STATE_ERROR:
      {
        const GError *error = sc_live_preview_get_error (preview);
        g_autofree char *reason = error != NULL ? _sc_ui_error_sentence (error)
                                                : g_strdup (_("The live preview failed"));
        g_autofree char *message = NULL;

        /* Translators: "<reason>. Check …" */
        message = g_strdup_printf (_("%s. Check that the camera is still connected, then try "
                                     "again."), reason);
        sc_viewfinder_show_error (self, message);
      }
      break;

    case SC_LIVE_PREVIEW_STATE_STOPPED:
      /* The stream ended by itself (the owner stops the preview only to
       * show something else right after). */
      sc_viewfinder_show_error (self, _("The camera stopped sending the live preview."));
      break;

    case SC_LIVE_PREVIEW_STATE_STARTING:
    case SC_LIVE_PREVIEW_STATE_PLAYING:
    default:
      break;
    }
}

static void
on_retry_button_clicked_cb (ScViewfinder *self)
{
  g_signal_emit (self, signals[RETRY_REQUESTED], 0);
}

static void
sc_viewfinder_dispose (GObject *object)
{
  ScViewfinder *self = (ScViewfinder *)object;

  sc_viewfinder_set_live_preview (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_VIEWFINDER);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (sc_viewfinder_parent_class)->dispose (object);
}

static void
sc_viewfinder_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ScViewfinder *self = SC_VIEWFINDER (object);

  switch (prop_id)
    {
    case PROP_LIVE_PREVIEW:
      g_value_set_object (value, self->live_preview);
      break;

    case PROP_PAINTABLE:
      g_value_set_object (value, sc_viewfinder_get_paintable (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_viewfinder_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  ScViewfinder *self = SC_VIEWFINDER (object);

  switch (prop_id)
    {
    case PROP_LIVE_PREVIEW:
      sc_viewfinder_set_live_preview (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_viewfinder_class_init (ScViewfinderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_viewfinder_dispose;
  object_class->get_property = sc_viewfinder_get_property;
  object_class->set_property = sc_viewfinder_set_property;

  /**
   * ScViewfinder:live-preview:
   *
   * The decoder whose frames are shown.
   */
  properties[PROP_LIVE_PREVIEW] =
    g_param_spec_object ("live-preview", NULL, NULL, SC_TYPE_LIVE_PREVIEW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScViewfinder:paintable:
   *
   * The frame shown, or %NULL before the first one.
   */
  properties[PROP_PAINTABLE] =
    g_param_spec_object ("paintable", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ScViewfinder::retry-requested:
   * @self: the viewfinder
   *
   * Emitted when the person asks to try the preview again after an error.
   */
  signals[RETRY_REQUESTED] =
    g_signal_new ("retry-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               SC_RESOURCE_BASE "/ui/sc-viewfinder.ui");
  gtk_widget_class_bind_template_child (widget_class, ScViewfinder, overlay);
  gtk_widget_class_bind_template_child (widget_class, ScViewfinder, picture);
  gtk_widget_class_bind_template_child (widget_class, ScViewfinder, waiting_box);
  gtk_widget_class_bind_template_child (widget_class, ScViewfinder, spinner);
  gtk_widget_class_bind_template_child (widget_class, ScViewfinder, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, ScViewfinder, error_page);
  gtk_widget_class_bind_template_child (widget_class, ScViewfinder, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_button_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "scviewfinder");
}

static void
sc_viewfinder_init (ScViewfinder *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sc_viewfinder_new:
 *
 * Returns: (transfer floating): a new, empty viewfinder
 */
GtkWidget *
sc_viewfinder_new (void)
{
  return g_object_new (SC_TYPE_VIEWFINDER, NULL);
}

/**
 * sc_viewfinder_get_live_preview:
 * @self: a #ScViewfinder
 *
 * Returns: (transfer none) (nullable): the decoder whose frames are shown
 */
ScLivePreview *
sc_viewfinder_get_live_preview (ScViewfinder *self)
{
  g_return_val_if_fail (SC_IS_VIEWFINDER (self), NULL);

  return self->live_preview;
}

/**
 * sc_viewfinder_set_live_preview:
 * @self: a #ScViewfinder
 * @preview: (nullable): the decoder whose frames to show
 */
void
sc_viewfinder_set_live_preview (ScViewfinder  *self,
                                ScLivePreview *preview)
{
  g_return_if_fail (SC_IS_VIEWFINDER (self));
  g_return_if_fail (preview == NULL || SC_IS_LIVE_PREVIEW (preview));

  if (self->live_preview == preview)
    return;

  if (self->live_preview != NULL)
    g_signal_handlers_disconnect_by_data (self->live_preview, self);
  g_set_object (&self->live_preview, preview);

  if (preview != NULL)
    {
      g_signal_connect_swapped (preview, "frame", G_CALLBACK (on_live_preview_frame_cb), self);
      g_signal_connect_swapped (preview, "notify::state",
                                G_CALLBACK (on_live_preview_state_cb), self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE_PREVIEW]);
}

/**
 * sc_viewfinder_get_paintable:
 * @self: a #ScViewfinder
 *
 * Returns: (transfer none) (nullable): the frame shown
 */
GdkPaintable *
sc_viewfinder_get_paintable (ScViewfinder *self)
{
  g_return_val_if_fail (SC_IS_VIEWFINDER (self), NULL);

  return self->texture != NULL ? GDK_PAINTABLE (self->texture) : NULL;
}

/**
 * sc_viewfinder_show_sample:
 * @self: a #ScViewfinder
 * @sample: a raw video sample (RGBA, BGRA, ARGB, RGB or BGR)
 *
 * Shows @sample and hides the spinner or error.
 */
void
sc_viewfinder_show_sample (ScViewfinder *self,
                           GstSample    *sample)
{
  g_autoptr(GdkTexture) texture = NULL;

  g_return_if_fail (SC_IS_VIEWFINDER (self));
  g_return_if_fail (GST_IS_SAMPLE (sample));

  texture = texture_from_sample (self, sample);
  if (texture == NULL)
    return;

  set_texture (self, texture);
  show_overlay (self, FALSE, FALSE);
}

/**
 * sc_viewfinder_show_waiting:
 * @self: a #ScViewfinder
 * @message: (nullable): what is happening, e.g. "Starting the preview…"
 *
 * Shows a spinner until the next frame (over the last frame, dimmed).
 */
void
sc_viewfinder_show_waiting (ScViewfinder *self,
                            const char   *message)
{
  g_return_if_fail (SC_IS_VIEWFINDER (self));

  gtk_label_set_text (self->waiting_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->waiting_label), message != NULL);
  show_overlay (self, TRUE, FALSE);
}

/**
 * sc_viewfinder_show_error:
 * @self: a #ScViewfinder
 * @message: what went wrong and what to do
 *
 * Shows @message with a "Try Again" button instead of the preview.
 */
void
sc_viewfinder_show_error (ScViewfinder *self,
                          const char   *message)
{
  g_autofree char *markup = NULL;

  g_return_if_fail (SC_IS_VIEWFINDER (self));
  g_return_if_fail (message != NULL);

  markup = g_markup_escape_text (message, -1);
  adw_status_page_set_description (self->error_page, markup);
  show_overlay (self, FALSE, TRUE);
}

/**
 * sc_viewfinder_clear:
 * @self: a #ScViewfinder
 *
 * Forgets the last frame and hides the spinner and error.
 */
void
sc_viewfinder_clear (ScViewfinder *self)
{
  g_return_if_fail (SC_IS_VIEWFINDER (self));

  set_texture (self, NULL);
  show_overlay (self, FALSE, FALSE);
}
