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
 * Shows a camera's live preview (#ScViewfinder:live-preview): each RGBA
 * frame becomes a #GdkMemoryTexture (wrapping the GStreamer buffer, no
 * copy) shown in an #ScViewer, so that the person can drag and zoom to
 * look around. The first frame of a stream says what the camera sends:
 * equirectangular frames are shown as they are; dual-fisheye frames
 * (sc_lens_profile_estimate(), as sc_is_dual_fisheye() does) are stitched
 * by the viewer's shader as it draws, with the built-in lens profile of
 * the camera's model (#ScViewfinder:camera-model) scaled to the preview
 * size, or else with the circles found in that frame. A toggle shows the
 * frame as the camera sends it, in a #GtkPicture.
 *
 * Without GL (sc_viewer_get_gl_error()) the frames are shown flat in the
 * picture instead, dual-fisheye ones stitched on the CPU by an
 * #ScStitchMap at a modest size, with a note saying why.
 *
 * Over the picture it shows a spinner with a message while waiting for
 * the first frame, or an error with a "Try Again" button, which emits
 * #ScViewfinder::retry-requested. It shows the preview's own errors, and
 * the end of its stream, by itself; its owner shows what it is waiting
 * for (connecting, shooting) with sc_viewfinder_show_waiting().
 */
/* What the stream's first frame showed. */
typedef enum
{
  FRAME_KIND_UNKNOWN,
  FRAME_KIND_EQUIRECT,
  FRAME_KIND_DUAL_FISHEYE,
} FrameKind;

/* The CPU stitch's largest output width, when GL is missing. */
#define CPU_STITCH_MAX_WIDTH 1024

struct _ScViewfinder
{
  GtkWidget        parent_instance;

  ScLivePreview   *live_preview;
  char            *camera_model;
  GdkTexture      *texture;          /* the frame as the camera sent it */
  gboolean         warned_format;

  /* The stream's kind of frames, from its first frame */
  FrameKind        kind;
  int              frame_width;
  int              frame_height;
  ScLensProfile   *profile;          /* FRAME_KIND_DUAL_FISHEYE: at the frame size */

  /* Without GL */
  ScStitchMap     *stitch_map;
  GdkTexture      *stitched;
  gboolean         logged_cpu;

  /* Template children */
  GtkOverlay      *overlay;
  GtkStack        *stack;
  ScViewer        *viewer;
  GtkPicture      *picture;
  GtkBox          *corner_box;
  GtkLabel        *note_label;
  GtkToggleButton *raw_button;
  GtkBox          *waiting_box;
  GtkSpinner      *spinner;
  GtkLabel        *waiting_label;
  AdwStatusPage   *error_page;
  GtkButton       *retry_button;
};

G_DEFINE_FINAL_TYPE (ScViewfinder, sc_viewfinder, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LIVE_PREVIEW,
  PROP_PAINTABLE,
  PROP_CAMERA_MODEL,
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

/* The frame's pixels as tightly packed RGBA. */
static guint8 *
download_rgba (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize size = (gsize)width * height * 4;
  guint8 *pixels = g_malloc (size);

  /* CAIRO_FORMAT_ARGB32: B, G, R, A bytes on little-endian machines. */
  gdk_texture_download (texture, pixels, (gsize)width * 4);
  for (gsize i = 0; i < size; i += 4)
    {
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
      guint8 b = pixels[i];

      pixels[i] = pixels[i + 2];
      pixels[i + 2] = b;
#else
      guint8 a = pixels[i];

      pixels[i] = pixels[i + 1];
      pixels[i + 1] = pixels[i + 2];
      pixels[i + 2] = pixels[i + 3];
      pixels[i + 3] = a;
#endif
    }

  return pixels;
}

static void
forget_kind (ScViewfinder *self)
{
  self->kind = FRAME_KIND_UNKNOWN;
  self->frame_width = self->frame_height = 0;
  g_clear_pointer (&self->profile, sc_lens_profile_unref);
  g_clear_pointer (&self->stitch_map, sc_stitch_map_unref);
  g_clear_object (&self->stitched);
}

/* Looks at the first frame of a stream (or of a new size): dual-fisheye
 * or equirectangular, and with which lenses. */
static void
detect_kind (ScViewfinder *self,
             GdkTexture   *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint8 *rgba = download_rgba (texture);
  g_autoptr(ScLensProfile) builtin = NULL;
  g_autoptr(ScLensProfile) estimated = NULL;
  g_autoptr(GError) error = NULL;

  forget_kind (self);
  self->frame_width = width;
  self->frame_height = height;

  /* What sc_is_dual_fisheye() does, keeping the circles it finds. */
  estimated = sc_lens_profile_estimate (rgba, width, height, width * 4, 200.0, &error);
  if (estimated == NULL)
    {
      g_debug ("The live preview is equirectangular (%d×%d): %s", width, height, error->message);
      self->kind = FRAME_KIND_EQUIRECT;
      return;
    }

  builtin = sc_lens_profile_load_for_model (self->camera_model);
  if (builtin != NULL)
    {
      g_debug ("The live preview is dual-fisheye (%d×%d): using the built-in profile of %s",
               width, height, self->camera_model);
      self->profile = sc_lens_profile_scale (builtin, width, height);
    }
  else
    {
      g_debug ("The live preview is dual-fisheye (%d×%d): using the circles found in it",
               width, height);
      self->profile = sc_lens_profile_scale (estimated, width, height);
    }
  /* Matched once, on this frame: the exposure of a live view moves little. */
  if (!sc_lens_profile_has_gains (self->profile))
    {
      ScLensProfile *copy = sc_lens_profile_copy (self->profile);

      sc_lens_profile_ensure_gains (copy, rgba, width, height, width * 4);
      sc_lens_profile_unref (self->profile);
      self->profile = copy;
    }
  self->kind = FRAME_KIND_DUAL_FISHEYE;
}

/* Without GL: the frame stitched on the CPU, at most
 * CPU_STITCH_MAX_WIDTH wide. */
static GdkTexture *
stitch_on_cpu (ScViewfinder *self,
               GdkTexture   *texture)
{
  int n_threads = (int)MAX (1, g_get_num_processors ());
  g_autofree guint8 *rgba = download_rgba (texture);
  g_autoptr(GBytes) bytes = NULL;
  guint8 *out;
  int out_width, out_height;

  if (self->stitch_map == NULL)
    {
      out_width = MIN (CPU_STITCH_MAX_WIDTH, self->frame_width) & ~1;
      out_width = MAX (out_width, 2);
      self->stitch_map = sc_stitch_map_new (self->profile, self->frame_width, self->frame_height,
                                            out_width, out_width / 2, NULL,
                                            SC_STITCH_DEFAULT_BLEND_DEG, n_threads);
    }
  out_width = sc_stitch_map_get_out_width (self->stitch_map);
  out_height = sc_stitch_map_get_out_height (self->stitch_map);

  out = g_malloc ((gsize)out_width * out_height * 4);
  sc_stitch_map_apply_rgba (self->stitch_map, rgba, self->frame_width * 4,
                            out, out_width * 4, n_threads);
  bytes = g_bytes_new_take (out, (gsize)out_width * out_height * 4);

  return gdk_memory_texture_new (out_width, out_height, GDK_MEMORY_R8G8B8A8, bytes,
                                 (gsize)out_width * 4);
}

static void
set_note (ScViewfinder *self,
          const char   *note,
          const char   *detail)
{
  gtk_label_set_text (self->note_label, note != NULL ? note : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->note_label), detail);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL);
}

/* Shows self->texture: in the 360° view, stitched by its shader when it
 * is dual-fisheye; or flat in the picture, as the camera sends it (the
 * toggle) or, without GL, stitched on the CPU. */
static void
update_view (ScViewfinder *self)
{
  const GError *gl_error = sc_viewer_get_gl_error (self->viewer);
  gboolean raw = gtk_toggle_button_get_active (self->raw_button);
  gboolean dual_fisheye = self->kind == FRAME_KIND_DUAL_FISHEYE;

  gtk_widget_set_visible (GTK_WIDGET (self->corner_box), self->texture != NULL);

  if (self->texture == NULL)
    {
      sc_viewer_set_texture (self->viewer, NULL);
      gtk_picture_set_paintable (self->picture, NULL);
      set_note (self, NULL, NULL);
      return;
    }

  if (raw)
    {
      gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (self->texture));
      gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->picture));
      set_note (self, NULL, NULL);
      return;
    }

  if (gl_error == NULL)
    {
      sc_viewer_set_lens_profile (self->viewer, dual_fisheye ? self->profile : NULL);
      sc_viewer_set_texture (self->viewer, self->texture);
      gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->viewer));
      set_note (self, NULL, NULL);
      return;
    }

  /* No GL: the CPU path, chosen automatically, the reason logged
   * and shown. */
  if (!self->logged_cpu)
    {
      g_message ("No OpenGL for the live preview (%s): %s", gl_error->message,
                 dual_fisheye ? "stitching it on the CPU" : "showing it flat");
      self->logged_cpu = TRUE;
    }
  sc_viewer_set_texture (self->viewer, NULL);
  if (dual_fisheye)
    {
      g_autoptr(GdkTexture) stitched = stitch_on_cpu (self, self->texture);

      g_set_object (&self->stitched, stitched);
      gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (stitched));
      set_note (self, _("No GPU: stitched on the CPU and shown flat. Install a graphics "
                        "driver with OpenGL to look around in the preview."),
                gl_error->message);
    }
  else
    {
      gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (self->texture));
      set_note (self, _("No GPU: shown flat. Install a graphics driver with OpenGL to look "
                        "around in the preview."),
                gl_error->message);
    }
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->picture));
}

static void
set_texture (ScViewfinder *self,
             GdkTexture   *texture)
{
  if (texture != NULL &&
      (self->kind == FRAME_KIND_UNKNOWN ||
       gdk_texture_get_width (texture) != self->frame_width ||
       gdk_texture_get_height (texture) != self->frame_height))
    detect_kind (self, texture);

  if (g_set_object (&self->texture, texture))
    {
      update_view (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAINTABLE]);
    }
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
  gtk_widget_set_opacity (GTK_WIDGET (self->stack), waiting || error ? 0.35 : 1.0);
}

static void
on_viewer_gl_error_cb (ScViewfinder *self)
{
  update_view (self);
}

static void
on_raw_button_toggled_cb (ScViewfinder *self)
{
  update_view (self);
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
      /* A new stream: its first frame says what it is. */
      self->kind = FRAME_KIND_UNKNOWN;
      break;

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
  forget_kind (self);
  g_clear_pointer (&self->camera_model, g_free);

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

    case PROP_CAMERA_MODEL:
      g_value_set_string (value, self->camera_model);
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

    case PROP_CAMERA_MODEL:
      sc_viewfinder_set_camera_model (self, g_value_get_string (value));
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
   * The last frame, as the camera sent it, or %NULL before the first one.
   */
  properties[PROP_PAINTABLE] =
    g_param_spec_object ("paintable", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScViewfinder:camera-model:
   *
   * The camera's model (#ScCamera's "model"), whose built-in lens profile
   * (sc_lens_profile_load_for_model()) stitches a dual-fisheye preview;
   * %NULL or a model without one: the circles are found in the frame.
   */
  properties[PROP_CAMERA_MODEL] =
    g_param_spec_string ("camera-model", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

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

  g_type_ensure (SC_TYPE_VIEWER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               SC_RESOURCE_BASE "/ui/sc-viewfinder.ui");
  gtk_widget_class_bind_template_child (widget_class, ScViewfinder, overlay);
  gtk_widget_class_bind_template_child (widget_class, ScViewfinder, stack);
  gtk_widget_class_bind_template_child (widget_class, ScViewfinder, viewer);
  gtk_widget_class_bind_template_child (widget_class, ScViewfinder, picture);
  gtk_widget_class_bind_template_child (widget_class, ScViewfinder, corner_box);
  gtk_widget_class_bind_template_child (widget_class, ScViewfinder, note_label);
  gtk_widget_class_bind_template_child (widget_class, ScViewfinder, raw_button);
  gtk_widget_class_bind_template_child (widget_class, ScViewfinder, waiting_box);
  gtk_widget_class_bind_template_child (widget_class, ScViewfinder, spinner);
  gtk_widget_class_bind_template_child (widget_class, ScViewfinder, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, ScViewfinder, error_page);
  gtk_widget_class_bind_template_child (widget_class, ScViewfinder, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_viewer_gl_error_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_raw_button_toggled_cb);
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
  self->kind = FRAME_KIND_UNKNOWN;

  if (preview != NULL)
    {
      g_signal_connect_swapped (preview, "frame", G_CALLBACK (on_live_preview_frame_cb), self);
      g_signal_connect_swapped (preview, "notify::state",
                                G_CALLBACK (on_live_preview_state_cb), self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE_PREVIEW]);
}

/**
 * sc_viewfinder_get_camera_model:
 * @self: a #ScViewfinder
 *
 * Returns: (nullable): the camera's model, whose lens profile stitches a
 *   dual-fisheye preview
 */
const char *
sc_viewfinder_get_camera_model (ScViewfinder *self)
{
  g_return_val_if_fail (SC_IS_VIEWFINDER (self), NULL);

  return self->camera_model;
}

/**
 * sc_viewfinder_set_camera_model:
 * @self: a #ScViewfinder
 * @model: (nullable): the camera's model (#ScCamera's "model")
 *
 * The next frame is looked at again, with @model's built-in lens profile.
 */
void
sc_viewfinder_set_camera_model (ScViewfinder *self,
                                const char   *model)
{
  g_return_if_fail (SC_IS_VIEWFINDER (self));

  if (g_strcmp0 (model, self->camera_model) == 0)
    return;

  g_free (self->camera_model);
  self->camera_model = g_strdup (model);
  self->kind = FRAME_KIND_UNKNOWN;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMERA_MODEL]);
}

/**
 * sc_viewfinder_get_viewer:
 * @self: a #ScViewfinder
 *
 * Returns: (transfer none): the 360° view of the preview
 */
ScViewer *
sc_viewfinder_get_viewer (ScViewfinder *self)
{
  g_return_val_if_fail (SC_IS_VIEWFINDER (self), NULL);

  return self->viewer;
}

/**
 * sc_viewfinder_get_stitched:
 * @self: a #ScViewfinder
 *
 * Returns: (transfer none) (nullable): without GL, the last dual-fisheye
 *   frame as stitched on the CPU and shown; %NULL otherwise
 */
GdkPaintable *
sc_viewfinder_get_stitched (ScViewfinder *self)
{
  g_return_val_if_fail (SC_IS_VIEWFINDER (self), NULL);

  return self->stitched != NULL ? GDK_PAINTABLE (self->stitched) : NULL;
}

/**
 * sc_viewfinder_get_paintable:
 * @self: a #ScViewfinder
 *
 * Returns: (transfer none) (nullable): the last frame, as the camera sent it
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
  forget_kind (self);
  show_overlay (self, FALSE, FALSE);
}
