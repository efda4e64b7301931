/* sc-viewer.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-viewer"

#include "config.h"

#include <math.h>
#include <string.h>

#include <epoxy/gl.h>
#include <glib/gi18n.h>

#include "sc-ui.h"

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
/* The view shader, one per kind of texture. */
typedef enum
{
  MODE_EQUIRECT,
  MODE_DUAL_FISHEYE,
  N_MODES
} Mode;

typedef struct
{
  guint program;
  int   u_texture;
  int   u_resolution;
  int   u_yaw;
  int   u_pitch;
  int   u_fov;
  int   u_projection;
  int   u_swizzle;
  /* MODE_DUAL_FISHEYE: sc_gl_stitch_get_sample_source()'s uniforms */
  int   u_in_size;
  int   u_lens_rot;
  int   u_lens_geom;
  int   u_lens_model;
  int   u_lens_inv_gain;
  int   u_blend_lo;
  int   u_blend_inv_width;
} Program;

struct _ScViewer
{
  GtkWidget           parent_instance;

  GdkTexture         *texture;
  gboolean            texture_dirty;
  guint8             *pixels;          /* download buffer, reused */
  gsize               pixels_size;
  guint8             *scaled;          /* downscaled copy when too large */
  gsize               scaled_size;

  double              yaw;
  double              pitch;
  double              fov;
  ScViewerProjection  projection;
  ScLensProfile      *lens_profile;    /* NULL: the texture is equirectangular */
  double              blend_width;

  /* Gestures */
  double              drag_yaw;
  double              drag_pitch;
  double              zoom_fov;

  /* GL state, valid while the area is realized */
  GError             *gl_error;
  Program             programs[N_MODES];
  guint               vao;
  guint               gl_texture;
  int                 tex_width;
  int                 tex_height;
  int                 max_texture_size;

  /* Template children */
  GtkStack           *stack;
  GtkGLArea          *gl_area;
  AdwStatusPage      *error_page;
};

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

/* --- GL --- */

/* Compiles @header, then @prefix (may be %NULL), then the GLSL in
 * @resource. */
static guint
compile_shader (GLenum       type,
                const char  *header,
                const char  *prefix,
                const char  *resource,
                GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  const char *sources[3];
  int lengths[3];
  guint shader;
  int ok = 0;

  bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return 0;

  sources[0] = header;
  lengths[0] = (int)strlen (header);
  sources[1] = prefix != NULL ? prefix : "";
  lengths[1] = (int)strlen (sources[1]);
  sources[2] = g_bytes_get_data (bytes, NULL);
  lengths[2] = (int)g_bytes_get_size (bytes);

  shader = glCreateShader (type);
  glShaderSource (shader, 3, sources, lengths);
  glCompileShader (shader);
  glGetShaderiv (shader, GL_COMPILE_STATUS, &ok);
  if (!ok)
    {
      char log[2048] = "";

      glGetShaderInfoLog (shader, sizeof log, NULL, log);
      g_debug ("Compiling %s failed: %s", resource, log);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", resource, log);
      glDeleteShader (shader);
      return 0;
    }

  return shader;
}

/* What goes between the #version line and sc-viewer.frag for a
 * dual-fisheye texture: the stitcher's own sampling
 * (sc_gl_stitch_get_sample_source(), the GLSL "scglstitch" runs) and
 * SC_VIEWER_DUAL_FISHEYE, which makes the frag sample the two lenses along
 * each pixel's ray instead of looking up an equirectangular image. So
 * every projection of the view shows the stitched sphere, with no
 * equirectangular intermediate. */
static char *
dual_fisheye_prefix (void)
{
  return g_strconcat ("#define SC_STITCH_TEXTURE texture\n",
                      sc_gl_stitch_get_sample_source (),
                      "\n#define SC_VIEWER_DUAL_FISHEYE 1\n"
                      "#line 1\n",
                      NULL);
}

static gboolean
create_program (ScViewer  *self,
                Mode       mode,
                GError   **error)
{
  GdkGLContext *context = gtk_gl_area_get_context (self->gl_area);
  Program *p = &self->programs[mode];
  g_autofree char *prefix = NULL;
  const char *header;
  guint vertex, fragment;
  int ok = 0;

  if (gdk_gl_context_get_use_es (context))
    header = "#version 300 es\nprecision highp float;\nprecision highp int;\n#line 1\n";
  else
    header = "#version 150\n#line 1\n";
  if (mode == MODE_DUAL_FISHEYE)
    prefix = dual_fisheye_prefix ();

  vertex = compile_shader (GL_VERTEX_SHADER, header, NULL,
                           "/org/spherecam/Spherecam/gl/sc-viewer.vert", error);
  if (vertex == 0)
    return FALSE;
  fragment = compile_shader (GL_FRAGMENT_SHADER, header, prefix,
                             "/org/spherecam/Spherecam/gl/sc-viewer.frag", error);
  if (fragment == 0)
    {
      glDeleteShader (vertex);
      return FALSE;
    }

  p->program = glCreateProgram ();
  glAttachShader (p->program, vertex);
  glAttachShader (p->program, fragment);
  glLinkProgram (p->program);
  glDetachShader (p->program, vertex);
  glDetachShader (p->program, fragment);
  glDeleteShader (vertex);
  glDeleteShader (fragment);

  glGetProgramiv (p->program, GL_LINK_STATUS, &ok);
  if (!ok)
    {
      char log[2048] = "";

      glGetProgramInfoLog (p->program, sizeof log, NULL, log);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Linking failed: %s", log);
      glDeleteProgram (p->program);
      p->program = 0;
      return FALSE;
    }

  p->u_texture = glGetUniformLocation (p->program, "u_texture");
  p->u_resolution = glGetUniformLocation (p->program, "u_resolution");
  p->u_yaw = glGetUniformLocation (p->program, "u_yaw");
  p->u_pitch = glGetUniformLocation (p->program, "u_pitch");
  p->u_fov = glGetUniformLocation (p->program, "u_fov");
  p->u_projection = glGetUniformLocation (p->program, "u_projection");
  p->u_swizzle = glGetUniformLocation (p->program, "u_swizzle");
  p->u_in_size = glGetUniformLocation (p->program, "sc_stitch_in_size");
  p->u_lens_rot = glGetUniformLocation (p->program, "sc_stitch_lens_rot");
  p->u_lens_geom = glGetUniformLocation (p->program, "sc_stitch_lens_geom");
  p->u_lens_model = glGetUniformLocation (p->program, "sc_stitch_lens_model");
  p->u_lens_inv_gain = glGetUniformLocation (p->program, "sc_stitch_lens_inv_gain");
  p->u_blend_lo = glGetUniformLocation (p->program, "sc_stitch_blend_lo");
  p->u_blend_inv_width = glGetUniformLocation (p->program, "sc_stitch_blend_inv_width");

  return TRUE;
}

static void
show_gl_error (ScViewer     *self,
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

static void
on_gl_area_realize_cb (ScViewer *self)
{
  g_autoptr(GError) error = NULL;

  gtk_gl_area_make_current (self->gl_area);
  if (gtk_gl_area_get_error (self->gl_area) != NULL)
    {
      show_gl_error (self, gtk_gl_area_get_error (self->gl_area));
      return;
    }

  if (!create_program (self, MODE_EQUIRECT, &error))
    {
      gtk_gl_area_set_error (self->gl_area, error);
      show_gl_error (self, error);
      return;
    }

  glGenVertexArrays (1, &self->vao);
  glGenTextures (1, &self->gl_texture);
  glGetIntegerv (GL_MAX_TEXTURE_SIZE, &self->max_texture_size);

  self->tex_width = self->tex_height = 0;
  self->texture_dirty = self->texture != NULL;
}

static void
on_gl_area_unrealize_cb (ScViewer *self)
{
  gtk_gl_area_make_current (self->gl_area);
  if (gtk_gl_area_get_error (self->gl_area) != NULL)
    return;

  if (self->gl_texture != 0)
    glDeleteTextures (1, &self->gl_texture);
  if (self->vao != 0)
    glDeleteVertexArrays (1, &self->vao);
  for (guint i = 0; i < N_MODES; i++)
    if (self->programs[i].program != 0)
      glDeleteProgram (self->programs[i].program);
  memset (self->programs, 0, sizeof self->programs);
  self->gl_texture = self->vao = 0;
  self->tex_width = self->tex_height = 0;
}

/* Averages the source pixels that fall into each destination pixel. */
static void
downscale (const guint8 *src,
           int           src_width,
           int           src_height,
           guint8       *dest,
           int           dest_width,
           int           dest_height)
{
  for (int y = 0; y < dest_height; y++)
    {
      int y0 = (int)((gint64)y * src_height / dest_height);
      int y1 = MAX (y0 + 1, (int)((gint64)(y + 1) * src_height / dest_height));

      for (int x = 0; x < dest_width; x++)
        {
          int x0 = (int)((gint64)x * src_width / dest_width);
          int x1 = MAX (x0 + 1, (int)((gint64)(x + 1) * src_width / dest_width));
          guint sum[4] = { 0, 0, 0, 0 };
          guint n = (guint)((y1 - y0) * (x1 - x0));

          for (int sy = y0; sy < y1; sy++)
            for (int sx = x0; sx < x1; sx++)
              for (int c = 0; c < 4; c++)
                sum[c] += src[((gsize)sy * src_width + sx) * 4 + c];
          for (int c = 0; c < 4; c++)
            dest[((gsize)y * dest_width + x) * 4 + c] = (guint8)(sum[c] / n);
        }
    }
}

static void
upload_texture (ScViewer *self)
{
  int width = gdk_texture_get_width (self->texture);
  int height = gdk_texture_get_height (self->texture);
  gsize size = (gsize)width * height * 4;
  const guint8 *data;

  if (size > self->pixels_size)
    {
      g_free (self->pixels);
      self->pixels = g_malloc (size);
      self->pixels_size = size;
    }
  /* CAIRO_FORMAT_ARGB32: B, G, R, A bytes on little-endian machines; the
   * shader swaps them back. */
  gdk_texture_download (self->texture, self->pixels, (gsize)width * 4);
#if G_BYTE_ORDER == G_BIG_ENDIAN
  for (gsize i = 0; i < size; i += 4)
    {
      guint8 a = self->pixels[i], r = self->pixels[i + 1];
      guint8 g = self->pixels[i + 2], b = self->pixels[i + 3];

      self->pixels[i] = b, self->pixels[i + 1] = g;
      self->pixels[i + 2] = r, self->pixels[i + 3] = a;
    }
#endif
  data = self->pixels;

  if (self->max_texture_size > 0 &&
      (width > self->max_texture_size || height > self->max_texture_size))
    {
      double scale = MIN ((double)self->max_texture_size / width,
                          (double)self->max_texture_size / height);
      int dest_width = MAX (1, (int)(width * scale));
      int dest_height = MAX (1, (int)(height * scale));
      gsize dest_size = (gsize)dest_width * dest_height * 4;

      g_debug ("Scaling %d×%d down to %d×%d (GL maximum texture size %d)",
               width, height, dest_width, dest_height, self->max_texture_size);
      if (dest_size > self->scaled_size)
        {
          g_free (self->scaled);
          self->scaled = g_malloc (dest_size);
          self->scaled_size = dest_size;
        }
      downscale (self->pixels, width, height, self->scaled, dest_width, dest_height);
      data = self->scaled;
      width = dest_width;
      height = dest_height;
    }

  glBindTexture (GL_TEXTURE_2D, self->gl_texture);
  glPixelStorei (GL_UNPACK_ALIGNMENT, 4);
  if (width == self->tex_width && height == self->tex_height)
    {
      glTexSubImage2D (GL_TEXTURE_2D, 0, 0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, data);
    }
  else
    {
      glTexImage2D (GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0,
                    GL_RGBA, GL_UNSIGNED_BYTE, data);
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_REPEAT);
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
      self->tex_width = width;
      self->tex_height = height;
    }
  self->texture_dirty = FALSE;
}

static gboolean
on_gl_area_render_cb (ScViewer     *self,
                      GdkGLContext *context)
{
  Mode mode = self->lens_profile != NULL ? MODE_DUAL_FISHEYE : MODE_EQUIRECT;
  const Program *p = &self->programs[mode];
  int viewport[4];

  if (self->programs[MODE_EQUIRECT].program == 0)
    return FALSE;

  glClearColor (0.0f, 0.0f, 0.0f, 1.0f);
  glClear (GL_COLOR_BUFFER_BIT);

  if (self->texture == NULL)
    return TRUE;

  if (p->program == 0)
    {
      g_autoptr(GError) error = NULL;

      if (!create_program (self, mode, &error))
        {
          gtk_gl_area_set_error (self->gl_area, error);
          show_gl_error (self, error);
          return FALSE;
        }
    }

  if (self->texture_dirty)
    upload_texture (self);

  glGetIntegerv (GL_VIEWPORT, viewport);
  glUseProgram (p->program);
  glActiveTexture (GL_TEXTURE0);
  glBindTexture (GL_TEXTURE_2D, self->gl_texture);
  /* Longitude wraps around an equirectangular image; the lenses' circles
   * must not bleed into each other across the frame's edges. */
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S,
                   mode == MODE_EQUIRECT ? GL_REPEAT : GL_CLAMP_TO_EDGE);
  glUniform1i (p->u_texture, 0);
  glUniform2f (p->u_resolution, (float)viewport[2], (float)viewport[3]);
  glUniform1f (p->u_yaw, (float)(self->yaw * G_PI / 180.0));
  glUniform1f (p->u_pitch, (float)(self->pitch * G_PI / 180.0));
  glUniform1f (p->u_fov, (float)(self->fov * G_PI / 180.0));
  glUniform1i (p->u_projection, (int)self->projection);
  glUniform1i (p->u_swizzle, 1);

  if (mode == MODE_DUAL_FISHEYE)
    {
      ScGlStitchUniforms u;

      /* The texture's own size: the frame may have been scaled down to
       * fit the GL maximum texture size. */
      sc_gl_stitch_get_uniforms (self->lens_profile, self->tex_width, self->tex_height,
                                 NULL, self->blend_width, &u);
      glUniform2fv (p->u_in_size, 1, u.in_size);
      glUniformMatrix3fv (p->u_lens_rot, 2, GL_FALSE, u.lens_rot);
      glUniform4fv (p->u_lens_geom, 2, u.lens_geom);
      glUniform4fv (p->u_lens_model, 2, u.lens_model);
      glUniform1fv (p->u_lens_inv_gain, 2, u.lens_inv_gain);
      glUniform1f (p->u_blend_lo, u.blend_lo);
      glUniform1f (p->u_blend_inv_width, u.blend_inv_width);
    }

  glBindVertexArray (self->vao);
  glDrawArrays (GL_TRIANGLES, 0, 3);
  glBindVertexArray (0);
  glUseProgram (0);

  return TRUE;
}

/* --- Input --- */

static double
degrees_per_pixel (ScViewer *self)
{
  int width = MAX (1, gtk_widget_get_width (GTK_WIDGET (self)));

  if (self->projection == SC_VIEWER_PROJECTION_LITTLE_PLANET)
    return 360.0 / width;

  return self->fov / width;
}

static void
on_drag_begin_cb (ScViewer       *self,
                  double          x,
                  double          y,
                  GtkGestureDrag *gesture)
{
  self->drag_yaw = self->yaw;
  self->drag_pitch = self->pitch;
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_drag_update_cb (ScViewer       *self,
                   double          dx,
                   double          dy,
                   GtkGestureDrag *gesture)
{
  double k = degrees_per_pixel (self);

  /* The image follows the pointer: dragging right turns the view left,
   * dragging down looks up. */
  g_object_freeze_notify (G_OBJECT (self));
  sc_viewer_set_yaw (self, self->drag_yaw - dx * k);
  sc_viewer_set_pitch (self, self->drag_pitch + dy * k);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
on_scroll_cb (ScViewer                 *self,
              double                    dx,
              double                    dy,
              GtkEventControllerScroll *controller)
{
  /* Scrolling down (or towards you) zooms out. */
  sc_viewer_set_fov (self, self->fov * pow (1.1, dy));

  return TRUE;
}

static void
on_zoom_begin_cb (ScViewer         *self,
                  GdkEventSequence *sequence,
                  GtkGesture       *gesture)
{
  self->zoom_fov = self->fov;
}

static void
on_zoom_scale_changed_cb (ScViewer       *self,
                          double          scale,
                          GtkGestureZoom *gesture)
{
  if (scale > 0.0)
    sc_viewer_set_fov (self, self->zoom_fov / scale);
}

static void
sc_viewer_reset_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  sc_viewer_reset (SC_VIEWER (widget));
}

static void
sc_viewer_zoom_in_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  ScViewer *self = SC_VIEWER (widget);

  sc_viewer_set_fov (self, self->fov / 1.2);
}

static void
sc_viewer_zoom_out_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  ScViewer *self = SC_VIEWER (widget);

  sc_viewer_set_fov (self, self->fov * 1.2);
}

/* "viewer.pan" (dd): steps right and up, each a twelfth of the view. */
static void
sc_viewer_pan_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  ScViewer *self = SC_VIEWER (widget);
  double right, up;
  double step = MIN (self->fov, 180.0) / 12.0;

  g_variant_get (param, "(dd)", &right, &up);
  g_object_freeze_notify (G_OBJECT (self));
  sc_viewer_set_yaw (self, self->yaw + right * step);
  sc_viewer_set_pitch (self, self->pitch + up * step);
  g_object_thaw_notify (G_OBJECT (self));
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

  gtk_widget_class_install_action (widget_class, "viewer.reset", NULL, sc_viewer_reset_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-in", NULL, sc_viewer_zoom_in_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-out", NULL, sc_viewer_zoom_out_action);
  gtk_widget_class_install_action (widget_class, "viewer.pan", "(dd)", sc_viewer_pan_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "viewer.pan", "(dd)", -1.0, 0.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "viewer.pan", "(dd)", 1.0, 0.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "viewer.pan", "(dd)", 0.0, 1.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "viewer.pan", "(dd)", 0.0, -1.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "viewer.reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, 0, "viewer.reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "viewer.reset", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "viewer");
  gtk_widget_class_set_template_from_resource (widget_class, "/org/spherecam/Spherecam/ui/sc-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, ScViewer, stack);
  gtk_widget_class_bind_template_child (widget_class, ScViewer, gl_area);
  gtk_widget_class_bind_template_child (widget_class, ScViewer, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_gl_area_realize_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_gl_area_unrealize_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_gl_area_render_cb);
}

static void
sc_viewer_init (ScViewer *self)
{
  GtkGesture *drag;
  GtkGesture *zoom;
  GtkEventController *scroll;

  self->fov = 90.0;
  self->projection = SC_VIEWER_PROJECTION_PERSPECTIVE;
  self->blend_width = SC_GL_STITCH_DEFAULT_BLEND_WIDTH;

  gtk_widget_init_template (GTK_WIDGET (self));

  drag = gtk_gesture_drag_new ();
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect_swapped (zoom, "begin", G_CALLBACK (on_zoom_begin_cb), self);
  g_signal_connect_swapped (zoom, "scale-changed", G_CALLBACK (on_zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_swapped (scroll, "scroll", G_CALLBACK (on_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
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
