/* sc-viewer.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-viewer"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sc-ui.h"
#include "sc-viewer-private.h"

/**
 * ScViewer:
 *
 * An interactive 360° view of an equirectangular image, drawn by a
 * fragment shader in a #GtkGLArea: per screen pixel it computes the view
 * ray from #ScViewer:yaw, #ScViewer:pitch and #ScViewer:fov and samples
 * the image (linear filtering, wrapping in longitude).
 *
 * With #ScViewer:lens-profile the image is a raw dual-fisheye frame
 * instead, stitched in the same shader along each view ray with the
 * stitcher's GLSL (sc_gl_stitch_get_sample_source()): the live preview of
 * a dual-fisheye camera, in real time and without an equirectangular
 * intermediate.
 *
 * Dragging looks around (the image follows the pointer, as in maps),
 * scrolling and pinching zoom, the arrow keys pan, + and − zoom and 0 or
 * Home reset the view (actions "viewer.pan", "viewer.zoom-in",
 * "viewer.zoom-out", "viewer.reset").
 *
 * sc_viewer_set_texture() is cheap enough for every video frame: a frame
 * of the same size is uploaded into the same GL texture. Images larger
 * than the GL maximum texture size are scaled down first. Without GL the
 * widget shows a message instead of the view.
 */

G_DEFINE_FINAL_TYPE (ScViewer, sc_viewer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXTURE,
  PROP_YAW,
  PROP_PITCH,
  PROP_FOV,
  PROP_PROJECTION,
  PROP_LENS_PROFILE,
  PROP_BLEND_WIDTH,
  PROP_GL_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GType
sc_viewer_projection_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { SC_VIEWER_PROJECTION_PERSPECTIVE, "SC_VIEWER_PROJECTION_PERSPECTIVE", "perspective" },
        { SC_VIEWER_PROJECTION_LITTLE_PLANET, "SC_VIEWER_PROJECTION_LITTLE_PLANET", "little-planet" },
        { SC_VIEWER_PROJECTION_FLAT, "SC_VIEWER_PROJECTION_FLAT", "flat" },
        { 0, NULL, NULL }
      };
      GType id = g_enum_register_static (g_intern_static_string ("ScViewerProjection"), values);

      g_once_init_leave (&type_id, id);
    }

  return type_id;
}

/* Shows why GL cannot draw the view, in place of the view. */
void
_sc_viewer_show_gl_error (ScViewer     *self,
                          const GError *error)
{
  g_autofree char *escaped = NULL;
  g_autofree char *description = NULL;

  g_debug ("GL is unavailable: %s", error->message);

  if (self->gl_error == NULL)
    {
      self->gl_error = g_error_copy (error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GL_ERROR]);
    }

  /* The sentence for the user first, the technical detail small below. */
  escaped = g_markup_escape_text (error->message, -1);
  description = g_strdup_printf ("%s\n\n<small>%s</small>",
                                 _("The 360° view needs OpenGL 3.2 or OpenGL ES 3.0. "
                                   "Update or install your graphics driver, then open "
                                   "the photo again."),
                                 escaped);
  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->error_page));
}

/* --- GObject --- */

static void
sc_viewer_dispose (GObject *object)
{
  ScViewer *self = (ScViewer *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_VIEWER);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (sc_viewer_parent_class)->dispose (object);
}

static void
sc_viewer_finalize (GObject *object)
{
  ScViewer *self = (ScViewer *)object;

  g_clear_pointer (&self->pixels, g_free);
  g_clear_pointer (&self->scaled, g_free);
  g_clear_pointer (&self->lens_profile, sc_lens_profile_unref);
  g_clear_error (&self->gl_error);

  G_OBJECT_CLASS (sc_viewer_parent_class)->finalize (object);
}

static void
sc_viewer_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  ScViewer *self = SC_VIEWER (object);

  switch (prop_id)
    {
    case PROP_TEXTURE:
      g_value_set_object (value, self->texture);
      break;
    case PROP_YAW:
      g_value_set_double (value, self->yaw);
      break;
    case PROP_PITCH:
      g_value_set_double (value, self->pitch);
      break;
    case PROP_FOV:
      g_value_set_double (value, self->fov);
      break;
    case PROP_PROJECTION:
      g_value_set_enum (value, self->projection);
      break;
    case PROP_LENS_PROFILE:
      g_value_set_boxed (value, self->lens_profile);
      break;
    case PROP_BLEND_WIDTH:
      g_value_set_double (value, self->blend_width);
      break;
    case PROP_GL_ERROR:
      g_value_set_boxed (value, self->gl_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_viewer_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  ScViewer *self = SC_VIEWER (object);

  switch (prop_id)
    {
    case PROP_TEXTURE:
      sc_viewer_set_texture (self, g_value_get_object (value));
      break;
    case PROP_YAW:
      sc_viewer_set_yaw (self, g_value_get_double (value));
      break;
    case PROP_PITCH:
      sc_viewer_set_pitch (self, g_value_get_double (value));
      break;
    case PROP_FOV:
      sc_viewer_set_fov (self, g_value_get_double (value));
      break;
    case PROP_PROJECTION:
      sc_viewer_set_projection (self, g_value_get_enum (value));
      break;
    case PROP_LENS_PROFILE:
      sc_viewer_set_lens_profile (self, g_value_get_boxed (value));
      break;
    case PROP_BLEND_WIDTH:
      sc_viewer_set_blend_width (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_viewer_class_init (ScViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_viewer_dispose;
  object_class->finalize = sc_viewer_finalize;
  object_class->get_property = sc_viewer_get_property;
  object_class->set_property = sc_viewer_set_property;

  /**
   * ScViewer:texture:
   *
   * The equirectangular image shown, or %NULL.
   */
  properties[PROP_TEXTURE] =
    g_param_spec_object ("texture", NULL, NULL, GDK_TYPE_TEXTURE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScViewer:yaw:
   *
   * The heading at the centre of the view, in degrees from the image's
   * centre, positive to the right; kept within -180…180.
   */
  properties[PROP_YAW] =
    g_param_spec_double ("yaw", NULL, NULL, -180.0, 180.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScViewer:pitch:
   *
   * How far the view looks up (positive) or down, in degrees (-90…90).
   */
  properties[PROP_PITCH] =
    g_param_spec_double ("pitch", NULL, NULL, -90.0, 90.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScViewer:fov:
   *
   * The horizontal field of view in degrees, clamped to the range of
   * the projection (see sc_viewer_get_fov_range()).
   */
  properties[PROP_FOV] =
    g_param_spec_double ("fov", NULL, NULL, 1.0, 360.0, 90.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScViewer:projection:
   *
   * How the sphere is drawn. Changing it starts from that projection's
   * default field of view and a level view, keeping the heading.
   */
  properties[PROP_PROJECTION] =
    g_param_spec_enum ("projection", NULL, NULL,
                       SC_TYPE_VIEWER_PROJECTION, SC_VIEWER_PROJECTION_PERSPECTIVE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScViewer:lens-profile:
   *
   * With a profile, #ScViewer:texture is a raw dual-fisheye frame of
   * those lenses (the profile is scaled to its size), stitched by the
   * view's shader as it draws: the GLSL of "scglstitch"
   * (sc_gl_stitch_get_sample_source()). %NULL: the texture is
   * equirectangular.
   */
  properties[PROP_LENS_PROFILE] =
    g_param_spec_boxed ("lens-profile", NULL, NULL, SC_TYPE_LENS_PROFILE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScViewer:blend-width:
   *
   * With #ScViewer:lens-profile, the width in degrees of the feathered
   * band around the seam; 0 is a hard switch.
   */
  properties[PROP_BLEND_WIDTH] =
    g_param_spec_double ("blend-width", NULL, NULL, 0.0, 90.0, SC_GL_STITCH_DEFAULT_BLEND_WIDTH,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScViewer:gl-error:
   *
   * Why GL cannot draw the view (see sc_viewer_get_gl_error()), or %NULL;
   * notified when it is first known.
   */
  properties[PROP_GL_ERROR] =
    g_param_spec_boxed ("gl-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  _sc_viewer_class_init_input (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "viewer");
  gtk_widget_class_set_template_from_resource (widget_class, "/org/spherecam/Spherecam/ui/sc-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, ScViewer, stack);
  gtk_widget_class_bind_template_child (widget_class, ScViewer, gl_area);
  gtk_widget_class_bind_template_child (widget_class, ScViewer, error_page);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_gl_area_realize_cb",
                                                G_CALLBACK (_sc_viewer_on_gl_area_realize_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_gl_area_unrealize_cb",
                                                G_CALLBACK (_sc_viewer_on_gl_area_unrealize_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_gl_area_render_cb",
                                                G_CALLBACK (_sc_viewer_on_gl_area_render_cb));
}

static void
sc_viewer_init (ScViewer *self)
{
  self->fov = 90.0;
  self->projection = SC_VIEWER_PROJECTION_PERSPECTIVE;
  self->blend_width = SC_GL_STITCH_DEFAULT_BLEND_WIDTH;

  gtk_widget_init_template (GTK_WIDGET (self));

  _sc_viewer_init_input (self);
}

/**
 * sc_viewer_new:
 *
 * Returns: (transfer floating): a new viewer showing nothing
 */
GtkWidget *
sc_viewer_new (void)
{
  return g_object_new (SC_TYPE_VIEWER, NULL);
}

/**
 * sc_viewer_get_texture:
 * @self: a #ScViewer
 *
 * Returns: (transfer none) (nullable): the image shown
 */
GdkTexture *
sc_viewer_get_texture (ScViewer *self)
{
  g_return_val_if_fail (SC_IS_VIEWER (self), NULL);

  return self->texture;
}

/**
 * sc_viewer_set_texture:
 * @self: a #ScViewer
 * @texture: (nullable): an equirectangular image
 *
 * Shows @texture. Cheap enough to call for every video frame: the pixels
 * are copied into the GL texture at the next redraw, into the same GL
 * texture when the size has not changed.
 */
void
sc_viewer_set_texture (ScViewer   *self,
                       GdkTexture *texture)
{
  g_return_if_fail (SC_IS_VIEWER (self));
  g_return_if_fail (texture == NULL || GDK_IS_TEXTURE (texture));

  if (texture == self->texture)
    return;

  g_set_object (&self->texture, texture);
  self->texture_dirty = texture != NULL;
  gtk_gl_area_queue_render (self->gl_area);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXTURE]);
}

/**
 * sc_viewer_set_pixbuf:
 * @self: a #ScViewer
 * @pixbuf: (nullable): an equirectangular image
 *
 * Shows @pixbuf, as sc_viewer_set_texture() does.
 */
void
sc_viewer_set_pixbuf (ScViewer  *self,
                      GdkPixbuf *pixbuf)
{
  g_autoptr(GdkTexture) texture = NULL;

  g_return_if_fail (SC_IS_VIEWER (self));
  g_return_if_fail (pixbuf == NULL || GDK_IS_PIXBUF (pixbuf));

  if (pixbuf != NULL)
    texture = gdk_texture_new_for_pixbuf (pixbuf);
  sc_viewer_set_texture (self, texture);
}

/**
 * sc_viewer_get_yaw:
 * @self: a #ScViewer
 *
 * Returns: the heading in degrees, -180…180
 */
double
sc_viewer_get_yaw (ScViewer *self)
{
  g_return_val_if_fail (SC_IS_VIEWER (self), 0.0);

  return self->yaw;
}

/**
 * sc_viewer_set_yaw:
 * @self: a #ScViewer
 * @yaw: the heading in degrees; any value, wrapped into -180…180
 */
void
sc_viewer_set_yaw (ScViewer *self,
                   double    yaw)
{
  g_return_if_fail (SC_IS_VIEWER (self));

  if (!isfinite (yaw))
    return;
  yaw = fmod (yaw, 360.0);
  if (yaw > 180.0)
    yaw -= 360.0;
  else if (yaw < -180.0)
    yaw += 360.0;

  if (yaw == self->yaw)
    return;

  self->yaw = yaw;
  gtk_gl_area_queue_render (self->gl_area);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YAW]);
}

/**
 * sc_viewer_get_pitch:
 * @self: a #ScViewer
 *
 * Returns: the pitch in degrees, -90…90
 */
double
sc_viewer_get_pitch (ScViewer *self)
{
  g_return_val_if_fail (SC_IS_VIEWER (self), 0.0);

  return self->pitch;
}

/**
 * sc_viewer_set_pitch:
 * @self: a #ScViewer
 * @pitch: degrees up, clamped to -90…90
 */
void
sc_viewer_set_pitch (ScViewer *self,
                     double    pitch)
{
  g_return_if_fail (SC_IS_VIEWER (self));

  if (!isfinite (pitch))
    return;
  pitch = CLAMP (pitch, -90.0, 90.0);
  if (pitch == self->pitch)
    return;

  self->pitch = pitch;
  gtk_gl_area_queue_render (self->gl_area);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PITCH]);
}

/**
 * sc_viewer_get_fov:
 * @self: a #ScViewer
 *
 * Returns: the horizontal field of view in degrees
 */
double
sc_viewer_get_fov (ScViewer *self)
{
  g_return_val_if_fail (SC_IS_VIEWER (self), 90.0);

  return self->fov;
}

/**
 * sc_viewer_set_fov:
 * @self: a #ScViewer
 * @fov: the horizontal field of view in degrees, clamped to the
 *   projection's range
 */
void
sc_viewer_set_fov (ScViewer *self,
                   double    fov)
{
  double min_fov, max_fov;

  g_return_if_fail (SC_IS_VIEWER (self));

  if (!isfinite (fov))
    return;
  sc_viewer_get_fov_range (self->projection, &min_fov, &max_fov, NULL);
  fov = CLAMP (fov, min_fov, max_fov);
  if (fov == self->fov)
    return;

  self->fov = fov;
  gtk_gl_area_queue_render (self->gl_area);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOV]);
}

/**
 * sc_viewer_get_projection:
 * @self: a #ScViewer
 *
 * Returns: how the sphere is drawn
 */
ScViewerProjection
sc_viewer_get_projection (ScViewer *self)
{
  g_return_val_if_fail (SC_IS_VIEWER (self), SC_VIEWER_PROJECTION_PERSPECTIVE);

  return self->projection;
}

/**
 * sc_viewer_set_projection:
 * @self: a #ScViewer
 * @projection: how to draw the sphere
 *
 * Switches projection, starting from its default field of view and a
 * level view; the heading stays.
 */
void
sc_viewer_set_projection (ScViewer           *self,
                          ScViewerProjection  projection)
{
  double default_fov;

  g_return_if_fail (SC_IS_VIEWER (self));
  g_return_if_fail (projection <= SC_VIEWER_PROJECTION_FLAT);

  if (projection == self->projection)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->projection = projection;
  sc_viewer_get_fov_range (projection, NULL, NULL, &default_fov);
  sc_viewer_set_fov (self, default_fov);
  sc_viewer_set_pitch (self, 0.0);
  gtk_gl_area_queue_render (self->gl_area);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECTION]);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * sc_viewer_reset:
 * @self: a #ScViewer
 *
 * Looks at the image's centre, level, with the projection's default
 * field of view.
 */
void
sc_viewer_reset (ScViewer *self)
{
  double default_fov;

  g_return_if_fail (SC_IS_VIEWER (self));

  sc_viewer_get_fov_range (self->projection, NULL, NULL, &default_fov);
  g_object_freeze_notify (G_OBJECT (self));
  sc_viewer_set_yaw (self, 0.0);
  sc_viewer_set_pitch (self, 0.0);
  sc_viewer_set_fov (self, default_fov);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * sc_viewer_get_lens_profile:
 * @self: a #ScViewer
 *
 * Returns: (transfer none) (nullable): the lenses of the dual-fisheye
 *   texture, or %NULL when the texture is equirectangular
 */
ScLensProfile *
sc_viewer_get_lens_profile (ScViewer *self)
{
  g_return_val_if_fail (SC_IS_VIEWER (self), NULL);

  return self->lens_profile;
}

/**
 * sc_viewer_set_lens_profile:
 * @self: a #ScViewer
 * @profile: (nullable): the lenses of a dual-fisheye texture, or %NULL
 *   for an equirectangular texture
 *
 * Switches the dual-fisheye mode: with @profile the texture is the raw
 * frame of a dual-fisheye camera and the view's fragment shader stitches
 * it for each view ray, so every projection shows the stitched sphere in
 * real time (the live preview). The profile is scaled to the texture's
 * size; its pose is not applied. The viewer keeps a reference: treat
 * @profile as read-only from then on.
 */
void
sc_viewer_set_lens_profile (ScViewer            *self,
                            const ScLensProfile *profile)
{
  g_return_if_fail (SC_IS_VIEWER (self));

  if (profile == self->lens_profile)
    return;

  g_clear_pointer (&self->lens_profile, sc_lens_profile_unref);
  if (profile != NULL)
    self->lens_profile = sc_lens_profile_ref ((ScLensProfile *)profile);
  gtk_gl_area_queue_render (self->gl_area);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LENS_PROFILE]);
}

/**
 * sc_viewer_get_blend_width:
 * @self: a #ScViewer
 *
 * Returns: the width of the seam's feathered band, degrees
 */
double
sc_viewer_get_blend_width (ScViewer *self)
{
  g_return_val_if_fail (SC_IS_VIEWER (self), SC_GL_STITCH_DEFAULT_BLEND_WIDTH);

  return self->blend_width;
}

/**
 * sc_viewer_set_blend_width:
 * @self: a #ScViewer
 * @blend_width: the width of the seam's feathered band in degrees,
 *   0…90 (%SC_GL_STITCH_DEFAULT_BLEND_WIDTH by default)
 */
void
sc_viewer_set_blend_width (ScViewer *self,
                           double    blend_width)
{
  g_return_if_fail (SC_IS_VIEWER (self));

  if (!isfinite (blend_width))
    return;
  blend_width = CLAMP (blend_width, 0.0, 90.0);
  if (blend_width == self->blend_width)
    return;

  self->blend_width = blend_width;
  gtk_gl_area_queue_render (self->gl_area);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLEND_WIDTH]);
}

/**
 * sc_viewer_get_gl_error:
 * @self: a #ScViewer
 *
 * Returns: (transfer none) (nullable): why GL could not draw (the widget
 *   then shows a message instead), or %NULL
 */
const GError *
sc_viewer_get_gl_error (ScViewer *self)
{
  g_return_val_if_fail (SC_IS_VIEWER (self), NULL);

  return self->gl_error;
}

/**
 * sc_viewer_get_fov_range:
 * @projection: a projection
 * @min_fov: (out) (optional): the narrowest field of view, in degrees
 * @max_fov: (out) (optional): the widest
 * @default_fov: (out) (optional): the one a reset goes back to
 *
 * Perspective views are 30–120° wide, little planets up to 300° (the
 * sky wraps around the planet), flat views up to the whole 360°.
 */
void
sc_viewer_get_fov_range (ScViewerProjection  projection,
                         double             *min_fov,
                         double             *max_fov,
                         double             *default_fov)
{
  static const double ranges[][3] = {
    [SC_VIEWER_PROJECTION_PERSPECTIVE] = { 30.0, 120.0, 90.0 },
    [SC_VIEWER_PROJECTION_LITTLE_PLANET] = { 60.0, 300.0, 240.0 },
    [SC_VIEWER_PROJECTION_FLAT] = { 30.0, 360.0, 360.0 },
  };

  g_return_if_fail (projection <= SC_VIEWER_PROJECTION_FLAT);

  if (min_fov != NULL)
    *min_fov = ranges[projection][0];
  if (max_fov != NULL)
    *max_fov = ranges[projection][1];
  if (default_fov != NULL)
    *default_fov = ranges[projection][2];
}
