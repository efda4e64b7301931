/* sc-viewer-gl.c: the 360° view's GL programs, texture upload and drawing
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-viewer"

#include "config.h"

#include <string.h>

#include <epoxy/gl.h>

#include "sc-ui.h"
#include "sc-viewer-private.h"

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

void
_sc_viewer_on_gl_area_realize_cb (ScViewer *self)
{
  g_autoptr(GError) error = NULL;

  gtk_gl_area_make_current (self->gl_area);
  if (gtk_gl_area_get_error (self->gl_area) != NULL)
    {
      _sc_viewer_show_gl_error (self, gtk_gl_area_get_error (self->gl_area));
      return;
    }

  if (!create_program (self, MODE_EQUIRECT, &error))
    {
      gtk_gl_area_set_error (self->gl_area, error);
      _sc_viewer_show_gl_error (self, error);
      return;
    }

  glGenVertexArrays (1, &self->vao);
  glGenTextures (1, &self->gl_texture);
  glGetIntegerv (GL_MAX_TEXTURE_SIZE, &self->max_texture_size);

  self->tex_width = self->tex_height = 0;
  self->texture_dirty = self->texture != NULL;
}

void
_sc_viewer_on_gl_area_unrealize_cb (ScViewer *self)
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

gboolean
_sc_viewer_on_gl_area_render_cb (ScViewer     *self,
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
          _sc_viewer_show_gl_error (self, error);
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
