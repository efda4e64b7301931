/* sc-gl-stitch.c: "scglstitch", dual-fisheye to equirectangular on the GPU
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GstGLFilter: RGBA dual-fisheye textures in, RGBA equirectangular
 * textures of any 2:1 size out. For every output pixel the fragment shader
 * builds the ray of PROTOCOLS.md §5.1, turns it by the orientation (the
 * "yaw", "pitch" and "roll" properties), projects it into both lenses of
 * the "profile" (equidistant with the k1/k2 polynomial of §5.2), samples
 * each circle bilinearly, feathers the two across a band of "blend-width"
 * degrees centred on the front lens's 90° ring and divides each lens by its
 * gain.
 *
 * The shader is GLSL ES 1.00 with the precision header GStreamer picks for
 * the context, linked with GStreamer's default vertex stage: GstGLSLStage
 * prepends "#version 100" on desktop OpenGL 3 core contexts, so the same
 * source runs on OpenGL ES 2/3, OpenGL 3.3 core and legacy OpenGL.
 *
 * The geometry is sc-lens.h's, shared with the CPU path: an output ray
 * goes to the camera frame by sc_orientation_matrix() (the camera's pose
 * yaw/pitch/roll) and into each lens by sc_lens_matrix(); the two are
 * multiplied here and handed to the shader as one matrix per lens.
 *
 * The sampling itself (sc_gl_stitch_get_sample_source()) and its uniforms
 * (sc_gl_stitch_get_uniforms()) are public: ScViewer pastes the same GLSL
 * into its view shader to stitch the live preview as it draws it.
 */

#define G_LOG_DOMAIN "sc-gl-stitch"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gst/gl/gl.h>
#include <gst/gl/gstglfuncs.h>
#include <gst/video/video.h>
#include <json-glib/json-glib.h>

#include "sc-error.h"
#include "sc-gl-stitch.h"
#include "sc-lens.h"
#include "sc-stitch-caps-private.h"

G_DECLARE_FINAL_TYPE (ScGlStitch, sc_gl_stitch, SC, GL_STITCH, GstGLFilter)

GST_DEBUG_CATEGORY_STATIC (sc_gl_stitch_debug);
#define GST_CAT_DEFAULT sc_gl_stitch_debug

#define DEG (G_PI / 180.0)

struct _ScGlStitch
{
  GstGLFilter  parent_instance;

  /* Properties, under the object lock */
  ScLensProfile *profile;      /* NULL when unset or invalid */
  char        *profile_json;
  char        *profile_error;
  double       blend_width;
  double       yaw;
  double       pitch;
  double       roll;

  /* GL thread only */
  GstGLShader *shader;
};

G_DEFINE_FINAL_TYPE_WITH_CODE (ScGlStitch, sc_gl_stitch, GST_TYPE_GL_FILTER,
                               GST_DEBUG_CATEGORY_INIT (sc_gl_stitch_debug, "scglstitch", 0,
                                                        "Spherecam dual-fisheye stitcher (GL)"))

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_PROFILE_JSON,
  PROP_BLEND_WIDTH,
  PROP_YAW,
  PROP_PITCH,
  PROP_ROLL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The sampling function shared with ScViewer's live preview (see
 * sc_gl_stitch_get_sample_source()): GLSL ES 1.00, no precision line (the
 * includer prepends its own), every name prefixed so that it can be pasted
 * into another shader. */
static const char stitch_sample_source[] =
  "uniform vec2 sc_stitch_in_size;\n"
  "uniform mat3 sc_stitch_lens_rot[2];\n"       /* output ray → lens frame */
  "uniform vec4 sc_stitch_lens_geom[2];\n"      /* cx, cy, radius, roll (rad) */
  "uniform vec4 sc_stitch_lens_model[2];\n"     /* Θ (rad), k1, k2, 1 / (Θ + k1Θ³ + k2Θ⁵) */
  "uniform float sc_stitch_lens_inv_gain[2];\n"
  "uniform float sc_stitch_blend_lo;\n"         /* θ_front where the front weight is 1 */
  "uniform float sc_stitch_blend_inv_width;\n"
  "\n"
  "#ifndef SC_STITCH_TEXTURE\n"
  "#define SC_STITCH_TEXTURE texture2D\n"
  "#endif\n"
  "\n"
  "float sc_stitch_lens_theta (mat3 rot, vec3 ray)\n"
  "{\n"
  "  vec3 d = rot * ray;\n"
  "  return atan (length (d.xy), d.z);\n"
  "}\n"
  "\n"
  "vec3 sc_stitch_lens_sample (sampler2D tex, mat3 rot, vec4 geom, vec4 model, vec3 ray)\n"
  "{\n"
  "  vec3 d = rot * ray;\n"
  "  float s = length (d.xy);\n"
  "  float theta = atan (s, d.z);\n"
  "  float t2 = theta * theta;\n"
  "  float r = geom.z * theta * (1.0 + t2 * (model.y + t2 * model.z)) * model.w;\n"
  "  vec2 dir = s > 1e-9 ? d.xy / s : vec2 (1.0, 0.0);\n"
  "  float c = cos (geom.w), sn = sin (geom.w);\n"
  "  vec2 rot_dir = vec2 (dir.x * c - dir.y * sn, dir.y * c + dir.x * sn);\n"
  "  vec2 p = vec2 (geom.x + r * rot_dir.x, geom.y - r * rot_dir.y);\n"
  "  return SC_STITCH_TEXTURE (tex, p / sc_stitch_in_size).rgb;\n"
  "}\n"
  "\n"
  "vec4 sc_stitch_sample (sampler2D tex, vec3 ray)\n"
  "{\n"
  "  float theta_back = sc_stitch_lens_theta (sc_stitch_lens_rot[0], ray);\n"
  "  float theta_front = sc_stitch_lens_theta (sc_stitch_lens_rot[1], ray);\n"
  "  float w_front = clamp ((sc_stitch_blend_lo - theta_front) * sc_stitch_blend_inv_width + 1.0, 0.0, 1.0);\n"
  "  float w_back = 1.0 - w_front;\n"
  "  if (theta_front > sc_stitch_lens_model[1].x)\n"
  "    w_front = 0.0;\n"
  "  if (theta_back > sc_stitch_lens_model[0].x)\n"
  "    w_back = 0.0;\n"
  "  float sum = w_front + w_back;\n"
  "  vec3 color = vec3 (0.0);\n"
  "  if (sum > 0.0)\n"
  "    {\n"
  "      if (w_back > 0.0)\n"
  "        color += w_back * sc_stitch_lens_inv_gain[0] *\n"
  "                 sc_stitch_lens_sample (tex, sc_stitch_lens_rot[0], sc_stitch_lens_geom[0],\n"
  "                                        sc_stitch_lens_model[0], ray);\n"
  "      if (w_front > 0.0)\n"
  "        color += w_front * sc_stitch_lens_inv_gain[1] *\n"
  "                 sc_stitch_lens_sample (tex, sc_stitch_lens_rot[1], sc_stitch_lens_geom[1],\n"
  "                                        sc_stitch_lens_model[1], ray);\n"
  "      color /= sum;\n"
  "    }\n"
  "  return vec4 (color, 1.0);\n"
  "}\n";

/* The element's own main(): one output pixel's ray, PROTOCOLS.md §5.1. */
static const char stitch_main_source[] =
  "varying vec2 v_texcoord;\n"
  "uniform sampler2D tex;\n"
  "\n"
  "void main ()\n"
  "{\n"
  "  float pi = 3.14159265358979;\n"
  "  float lambda = 2.0 * pi * v_texcoord.x - pi;\n"
  "  float phi = 0.5 * pi - pi * v_texcoord.y;\n"
  "  vec3 ray = vec3 (cos (phi) * sin (lambda), sin (phi), cos (phi) * cos (lambda));\n"
  "  gl_FragColor = sc_stitch_sample (tex, ray);\n"
  "}\n";

/* --- the shared sampler --- */

/* Row-major 3×3 product; @out may be @a or @b. */
static void
mat3_multiply (const double a[9],
               const double b[9],
               double       out[9])
{
  double tmp[9];

  for (int r = 0; r < 3; r++)
    for (int c = 0; c < 3; c++)
      tmp[r * 3 + c] = a[r * 3] * b[c] + a[r * 3 + 1] * b[3 + c] + a[r * 3 + 2] * b[6 + c];
  memcpy (out, tmp, sizeof tmp);
}

/**
 * sc_gl_stitch_get_sample_source:
 *
 * The GLSL of the stitcher's sampling, shared by "scglstitch" and the
 * live preview's 360° view so that both stitch alike: the uniforms of
 * #ScGlStitchUniforms (names prefixed "sc_stitch_") and
 * `vec4 sc_stitch_sample (sampler2D tex, vec3 ray)`, which returns the
 * colour the two lenses of the dual-fisheye texture @tex see along @ray
 * (x right, y up, z forward, as PROTOCOLS.md §5.1), feathered across the
 * seam and divided by the lens gains; alpha is 1.
 *
 * The text is GLSL ES 1.00 without a #version or precision line, and also
 * compiles as GLSL ES 3.00 or GLSL 1.50 when the includer defines
 * `SC_STITCH_TEXTURE` as `texture` first (it defaults to `texture2D`).
 * Sample @tex with linear filtering and clamping to the edge.
 *
 * Returns: (transfer none): the source, a static string
 */
const char *
sc_gl_stitch_get_sample_source (void)
{
  return stitch_sample_source;
}

/**
 * sc_gl_stitch_get_uniforms:
 * @profile: the lens profile; scaled to @in_width×@in_height here
 * @in_width: the dual-fisheye texture's width
 * @in_height: its height
 * @orientation: (nullable) (array fixed-size=9): the camera's orientation
 *   (sc_orientation_matrix()), or %NULL for none
 * @blend_deg: the width of the feathered band around the seam, degrees (0:
 *   a hard switch)
 * @out: (out caller-allocates): the values of the uniforms
 *
 * Computes what sc_gl_stitch_get_sample_source() needs, without any GL
 * call. A lens gain of 0 (unknown) is taken as 1.
 */
void
sc_gl_stitch_get_uniforms (const ScLensProfile *profile,
                           int                  in_width,
                           int                  in_height,
                           const double        *orientation,
                           double               blend_deg,
                           ScGlStitchUniforms  *out)
{
  static const double identity[9] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
  g_autoptr(ScLensProfile) scaled = NULL;
  double blend;

  g_return_if_fail (profile != NULL);
  g_return_if_fail (in_width > 0 && in_height > 0);
  g_return_if_fail (out != NULL);

  if (orientation == NULL)
    orientation = identity;

  /* The profile may be for another size of the same frame. */
  scaled = sc_lens_profile_scale (profile, in_width, in_height);

  out->in_size[0] = (float)in_width;
  out->in_size[1] = (float)in_height;
  for (int i = 0; i < 2; i++)
    {
      const ScLens *lens = &scaled->lenses[i];
      double theta_max = lens->fov_deg / 2.0 * DEG;
      double t2 = theta_max * theta_max;
      double m[9];

      /* output ray → camera ray → lens frame */
      sc_lens_matrix (lens, m);
      mat3_multiply (m, orientation, m);
      /* GLSL wants column-major. */
      for (int r = 0; r < 3; r++)
        for (int c = 0; c < 3; c++)
          out->lens_rot[i * 9 + c * 3 + r] = (float)m[r * 3 + c];

      out->lens_geom[i * 4 + 0] = (float)lens->cx;
      out->lens_geom[i * 4 + 1] = (float)lens->cy;
      out->lens_geom[i * 4 + 2] = (float)lens->radius;
      out->lens_geom[i * 4 + 3] = (float)(lens->roll_deg * DEG);
      out->lens_model[i * 4 + 0] = (float)theta_max;
      out->lens_model[i * 4 + 1] = (float)lens->k1;
      out->lens_model[i * 4 + 2] = (float)lens->k2;
      out->lens_model[i * 4 + 3] = (float)(1.0 / (theta_max * (1.0 + t2 * (lens->k1 + t2 * lens->k2))));
      out->lens_inv_gain[i] = lens->gain > 0 ? (float)(1.0 / lens->gain) : 1.0f;
    }

  /* A band of zero width is a hard switch at 90°. */
  blend = MAX (blend_deg * DEG, 1e-4);
  out->blend_lo = (float)(G_PI / 2.0 - blend / 2.0);
  out->blend_inv_width = (float)(1.0 / blend);
}

/* --- GL --- */

static gboolean
sc_gl_stitch_gl_start (GstGLBaseFilter *base)
{
  ScGlStitch *self = SC_GL_STITCH (base);
  GstGLContext *context = base->context;
  g_autoptr(GError) error = NULL;
  g_autofree char *source = NULL;
  GstGLSLProfile profile = GST_GLSL_PROFILE_ES | GST_GLSL_PROFILE_COMPATIBILITY;
  GstGLSLStage *fragment;

  if (!GST_GL_BASE_FILTER_CLASS (sc_gl_stitch_parent_class)->gl_start (base))
    return FALSE;

  source = g_strconcat (gst_gl_shader_string_get_highest_precision (context,
                                                                    GST_GLSL_VERSION_NONE,
                                                                    profile),
                        stitch_sample_source, stitch_main_source, NULL);
  fragment = gst_glsl_stage_new_with_string (context, GL_FRAGMENT_SHADER,
                                             GST_GLSL_VERSION_NONE, profile, source);

  g_clear_object (&self->shader);
  self->shader = gst_gl_shader_new_link_with_stages (context, &error,
                                                     gst_glsl_stage_new_default_vertex (context),
                                                     fragment, NULL);
  if (self->shader == NULL)
    {
      GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
                         ("%s", _("The stitching shader could not be built on this graphics card. Stitch on the CPU instead (“spherecamctl stitch --cpu”).")),
                         ("%s", error->message));
      return FALSE;
    }

  GST_DEBUG_OBJECT (self, "shader ready on %s",
                    (const char *)context->gl_vtable->GetString (GL_RENDERER));
  return TRUE;
}

static void
sc_gl_stitch_gl_stop (GstGLBaseFilter *base)
{
  ScGlStitch *self = SC_GL_STITCH (base);

  g_clear_object (&self->shader);

  GST_GL_BASE_FILTER_CLASS (sc_gl_stitch_parent_class)->gl_stop (base);
}

static gboolean
sc_gl_stitch_draw (GstGLFilter *filter,
                   GstGLMemory *in_tex,
                   gpointer     user_data)
{
  ScGlStitch *self = SC_GL_STITCH (filter);
  const GstGLFuncs *gl = GST_GL_BASE_FILTER (filter)->context->gl_vtable;
  int in_width = GST_VIDEO_INFO_WIDTH (&filter->in_info);
  int in_height = GST_VIDEO_INFO_HEIGHT (&filter->in_info);
  g_autoptr(ScLensProfile) profile = NULL;
  ScGlStitchUniforms u;
  double orientation[9], blend;

  GST_OBJECT_LOCK (self);
  profile = self->profile != NULL ? sc_lens_profile_ref (self->profile) : NULL;
  blend = self->blend_width;
  sc_orientation_matrix (self->yaw, self->pitch, self->roll, orientation);
  GST_OBJECT_UNLOCK (self);

  if (profile == NULL)
    return FALSE;

  sc_gl_stitch_get_uniforms (profile, in_width, in_height, orientation, blend, &u);

  gl->ClearColor (0.0, 0.0, 0.0, 1.0);
  gl->Clear (GL_COLOR_BUFFER_BIT);

  gst_gl_shader_use (self->shader);
  gl->ActiveTexture (GL_TEXTURE0);
  gl->BindTexture (GL_TEXTURE_2D, gst_gl_memory_get_texture_id (in_tex));
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);

  gst_gl_shader_set_uniform_1i (self->shader, "tex", 0);
  gst_gl_shader_set_uniform_2f (self->shader, "sc_stitch_in_size", u.in_size[0], u.in_size[1]);
  gst_gl_shader_set_uniform_matrix_3fv (self->shader, "sc_stitch_lens_rot", 2, FALSE, u.lens_rot);
  gst_gl_shader_set_uniform_4fv (self->shader, "sc_stitch_lens_geom", 2, u.lens_geom);
  gst_gl_shader_set_uniform_4fv (self->shader, "sc_stitch_lens_model", 2, u.lens_model);
  gst_gl_shader_set_uniform_1fv (self->shader, "sc_stitch_lens_inv_gain", 2, u.lens_inv_gain);
  gst_gl_shader_set_uniform_1f (self->shader, "sc_stitch_blend_lo", u.blend_lo);
  gst_gl_shader_set_uniform_1f (self->shader, "sc_stitch_blend_inv_width", u.blend_inv_width);

  filter->draw_attr_position_loc = gst_gl_shader_get_attribute_location (self->shader, "a_position");
  filter->draw_attr_texture_loc = gst_gl_shader_get_attribute_location (self->shader, "a_texcoord");
  gst_gl_filter_draw_fullscreen_quad (filter);

  return TRUE;
}

static gboolean
sc_gl_stitch_filter_texture (GstGLFilter *filter,
                             GstGLMemory *input,
                             GstGLMemory *output)
{
  ScGlStitch *self = SC_GL_STITCH (filter);

  if (self->shader == NULL)
    return FALSE;

  return gst_gl_filter_render_to_target (filter, input, output, sc_gl_stitch_draw, NULL);
}

/* --- caps --- */

static GstCaps *
sc_gl_stitch_transform_internal_caps (GstGLFilter    *filter,
                                      GstPadDirection direction,
                                      GstCaps        *caps,
                                      GstCaps        *filter_caps)
{
  return _sc_stitch_caps_any_size (caps);
}

static GstCaps *
sc_gl_stitch_fixate_caps (GstBaseTransform *trans,
                          GstPadDirection   direction,
                          GstCaps          *caps,
                          GstCaps          *othercaps)
{
  if (direction != GST_PAD_SINK)
    return GST_BASE_TRANSFORM_CLASS (sc_gl_stitch_parent_class)->fixate_caps (trans, direction,
                                                                               caps, othercaps);

  return _sc_stitch_caps_fixate (caps, othercaps);
}

static gboolean
sc_gl_stitch_set_caps (GstGLFilter *filter,
                       GstCaps     *incaps,
                       GstCaps     *outcaps)
{
  ScGlStitch *self = SC_GL_STITCH (filter);
  int width = GST_VIDEO_INFO_WIDTH (&filter->out_info);
  int height = GST_VIDEO_INFO_HEIGHT (&filter->out_info);
  g_autofree char *profile_error = NULL;
  gboolean valid;

  GST_OBJECT_LOCK (self);
  valid = self->profile != NULL;
  profile_error = g_strdup (self->profile_error);
  GST_OBJECT_UNLOCK (self);

  if (!valid)
    {
      GST_ELEMENT_ERROR (self, LIBRARY, SETTINGS, ("%s", profile_error), (NULL));
      return FALSE;
    }

  if (!_sc_stitch_caps_check (GST_ELEMENT (self), width, height))
    return FALSE;

  GST_DEBUG_OBJECT (self, "%dx%d → %dx%d",
                    GST_VIDEO_INFO_WIDTH (&filter->in_info), GST_VIDEO_INFO_HEIGHT (&filter->in_info),
                    width, height);
  return TRUE;
}

/* --- GObject --- */

/* Takes @profile (NULL with @message when it is missing or invalid). */
static void
sc_gl_stitch_take_profile (ScGlStitch    *self,
                           ScLensProfile *profile,
                           const char    *json,
                           const char    *message)
{
  if (message != NULL)
    GST_WARNING_OBJECT (self, "%s", message);

  GST_OBJECT_LOCK (self);
  g_clear_pointer (&self->profile, sc_lens_profile_unref);
  self->profile = profile;
  g_free (self->profile_json);
  self->profile_json = g_strdup (json);
  g_free (self->profile_error);
  self->profile_error = g_strdup (message);
  GST_OBJECT_UNLOCK (self);
}

static void
sc_gl_stitch_set_profile_json (ScGlStitch *self,
                               const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  ScLensProfile *profile = NULL;

  if (json == NULL || *json == '\0')
    message = g_strdup (_("No lens profile is set: give the stitcher the camera’s lens profile"));
  else if ((profile = sc_lens_profile_new_from_data (json, -1, &error)) == NULL)
    message = g_strdup_printf (_("The lens profile cannot be used (%s): give the stitcher a valid lens profile"),
                               error->message);

  sc_gl_stitch_take_profile (self, profile, json, message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE_JSON]);
}

static void
sc_gl_stitch_set_profile (ScGlStitch          *self,
                          const ScLensProfile *profile)
{
  g_autofree char *json = NULL;

  if (profile == NULL)
    {
      sc_gl_stitch_take_profile (self, NULL, NULL,
                                 _("No lens profile is set: give the stitcher the camera’s lens profile"));
    }
  else
    {
      g_autoptr(JsonNode) node = sc_lens_profile_to_json (profile);

      json = json_to_string (node, FALSE);
      sc_gl_stitch_take_profile (self, sc_lens_profile_copy (profile), json, NULL);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE_JSON]);
}

static void
sc_gl_stitch_finalize (GObject *object)
{
  ScGlStitch *self = (ScGlStitch *)object;

  g_clear_pointer (&self->profile, sc_lens_profile_unref);
  g_clear_pointer (&self->profile_json, g_free);
  g_clear_pointer (&self->profile_error, g_free);

  G_OBJECT_CLASS (sc_gl_stitch_parent_class)->finalize (object);
}

static void
sc_gl_stitch_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  ScGlStitch *self = SC_GL_STITCH (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_boxed (value, self->profile);
      break;

    case PROP_PROFILE_JSON:
      g_value_set_string (value, self->profile_json);
      break;

    case PROP_BLEND_WIDTH:
      g_value_set_double (value, self->blend_width);
      break;

    case PROP_YAW:
      g_value_set_double (value, self->yaw);
      break;

    case PROP_PITCH:
      g_value_set_double (value, self->pitch);
      break;

    case PROP_ROLL:
      g_value_set_double (value, self->roll);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
  GST_OBJECT_UNLOCK (self);
}

static void
sc_gl_stitch_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  ScGlStitch *self = SC_GL_STITCH (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      sc_gl_stitch_set_profile (self, g_value_get_boxed (value));
      break;

    case PROP_PROFILE_JSON:
      sc_gl_stitch_set_profile_json (self, g_value_get_string (value));
      break;

    case PROP_BLEND_WIDTH:
      GST_OBJECT_LOCK (self);
      self->blend_width = g_value_get_double (value);
      GST_OBJECT_UNLOCK (self);
      break;

    case PROP_YAW:
      GST_OBJECT_LOCK (self);
      self->yaw = g_value_get_double (value);
      GST_OBJECT_UNLOCK (self);
      break;

    case PROP_PITCH:
      GST_OBJECT_LOCK (self);
      self->pitch = g_value_get_double (value);
      GST_OBJECT_UNLOCK (self);
      break;

    case PROP_ROLL:
      GST_OBJECT_LOCK (self);
      self->roll = g_value_get_double (value);
      GST_OBJECT_UNLOCK (self);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_gl_stitch_class_init (ScGlStitchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *transform_class = GST_BASE_TRANSFORM_CLASS (klass);
  GstGLBaseFilterClass *base_filter_class = GST_GL_BASE_FILTER_CLASS (klass);
  GstGLFilterClass *filter_class = GST_GL_FILTER_CLASS (klass);

  object_class->finalize = sc_gl_stitch_finalize;
  object_class->get_property = sc_gl_stitch_get_property;
  object_class->set_property = sc_gl_stitch_set_property;

  transform_class->fixate_caps = sc_gl_stitch_fixate_caps;

  base_filter_class->gl_start = sc_gl_stitch_gl_start;
  base_filter_class->gl_stop = sc_gl_stitch_gl_stop;
  base_filter_class->supported_gl_api = GST_GL_API_GLES2 | GST_GL_API_OPENGL | GST_GL_API_OPENGL3;

  filter_class->set_caps = sc_gl_stitch_set_caps;
  filter_class->filter_texture = sc_gl_stitch_filter_texture;
  filter_class->transform_internal_caps = sc_gl_stitch_transform_internal_caps;

  /**
   * ScGlStitch:profile:
   *
   * The lens profile (#ScLensProfile). A profile for another size of the
   * same frame is scaled to the input. A lens gain of 0 (unknown) is taken
   * as 1. Without a valid profile the element fails to negotiate and posts
   * an error that says what is wrong.
   */
  properties[PROP_PROFILE] =
    g_param_spec_boxed ("profile", NULL, NULL, SC_TYPE_LENS_PROFILE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS |
                        GST_PARAM_MUTABLE_PLAYING);

  /**
   * ScGlStitch:profile-json:
   *
   * The same profile as the JSON document cameras (and the emulator) write,
   * read with sc_lens_profile_new_from_data(): handy in gst-launch lines.
   */
  properties[PROP_PROFILE_JSON] =
    g_param_spec_string ("profile-json", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS |
                         GST_PARAM_MUTABLE_PLAYING);

  /**
   * ScGlStitch:blend-width:
   *
   * Width in degrees of the feathered band centred on the front lens's 90°
   * ring; 0 is a hard switch.
   */
  properties[PROP_BLEND_WIDTH] =
    g_param_spec_double ("blend-width", NULL, NULL, 0.0, 90.0, SC_GL_STITCH_DEFAULT_BLEND_WIDTH,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS |
                         GST_PARAM_MUTABLE_PLAYING | GST_PARAM_CONTROLLABLE);

  /**
   * ScGlStitch:yaw:
   *
   * The camera's heading in the output, degrees (sc_orientation_matrix()):
   * what the camera saw straight ahead lands at longitude @yaw.
   */
  properties[PROP_YAW] =
    g_param_spec_double ("yaw", NULL, NULL, -360.0, 360.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS |
                         GST_PARAM_MUTABLE_PLAYING | GST_PARAM_CONTROLLABLE);

  /**
   * ScGlStitch:pitch:
   *
   * The camera's pitch (nose up), degrees, for horizon levelling.
   */
  properties[PROP_PITCH] =
    g_param_spec_double ("pitch", NULL, NULL, -180.0, 180.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS |
                         GST_PARAM_MUTABLE_PLAYING | GST_PARAM_CONTROLLABLE);

  /**
   * ScGlStitch:roll:
   *
   * The camera's roll about its forward axis (+x towards +y), degrees,
   * for horizon levelling.
   */
  properties[PROP_ROLL] =
    g_param_spec_double ("roll", NULL, NULL, -180.0, 180.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS |
                         GST_PARAM_MUTABLE_PLAYING | GST_PARAM_CONTROLLABLE);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gst_element_class_set_static_metadata (element_class,
                                         "Spherecam dual-fisheye stitcher",
                                         "Filter/Effect/Video",
                                         "Stitches dual-fisheye frames into equirectangular frames with OpenGL",
                                         "The Spherecam developers");
  gst_gl_filter_add_rgba_pad_templates (filter_class);
}

static void
sc_gl_stitch_init (ScGlStitch *self)
{
  self->blend_width = SC_GL_STITCH_DEFAULT_BLEND_WIDTH;
  self->profile_error = g_strdup (_("No lens profile is set: give the stitcher the camera’s lens profile"));
}

/* --- registration and the renderer probe --- */

/**
 * sc_gl_stitch_register:
 *
 * Registers the "scglstitch" element with GStreamer (statically, without
 * a plugin). sc_core_init() calls it.
 *
 * Returns: %TRUE if the element is registered
 */
gboolean
sc_gl_stitch_register (void)
{
  return gst_element_register (NULL, "scglstitch", GST_RANK_NONE, SC_TYPE_GL_STITCH);
}

/**
 * sc_gl_stitch_renderer_is_software:
 * @renderer: (nullable): a GL_RENDERER string
 *
 * Returns: %TRUE if @renderer names one of Mesa's software rasterisers
 *   (llvmpipe, softpipe, swrast), where the CPU stitcher is faster
 */
gboolean
sc_gl_stitch_renderer_is_software (const char *renderer)
{
  g_autofree char *lower = NULL;

  if (renderer == NULL)
    return FALSE;

  lower = g_ascii_strdown (renderer, -1);
  return strstr (lower, "llvmpipe") != NULL ||
         strstr (lower, "softpipe") != NULL ||
         strstr (lower, "swrast") != NULL;
}

static void
get_renderer_cb (GstGLContext *context,
                 gpointer      data)
{
  const char *renderer = (const char *)context->gl_vtable->GetString (GL_RENDERER);

  *(char **)data = g_strdup (renderer);
}

static char *
context_get_renderer (GstGLContext *context)
{
  char *renderer = NULL;

  gst_gl_context_thread_add (context, get_renderer_cb, &renderer);
  return renderer;
}

/**
 * sc_gl_stitch_probe:
 * @renderer: (out) (optional): return location for the GL_RENDERER string
 * @error: return location for a #GError
 *
 * Creates an OpenGL context the way GStreamer's elements do (the display
 * and platform follow GST_GL_PLATFORM, GST_GL_WINDOW and GST_GL_API; use
 * GST_GL_PLATFORM=egl GST_GL_WINDOW=egl-device without a display) and
 * reports its renderer. Blocks for the time a context takes to create.
 *
 * Returns: %TRUE if a context could be created; %FALSE with @error set
 *   (%SC_PIPELINE_ERROR_GL_UNAVAILABLE) if not
 */
gboolean
sc_gl_stitch_probe (char   **renderer,
                    GError **error)
{
  g_autoptr(GstGLDisplay) display = NULL;
  g_autoptr(GstGLContext) context = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;

  display = gst_gl_display_new ();
  if (!gst_gl_display_create_context (display, NULL, &context, &local_error))
    {
      g_set_error (error, SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_GL_UNAVAILABLE,
                   _("OpenGL is not available (%s). Stitch on the CPU instead (“spherecamctl stitch --cpu”)."),
                   local_error != NULL ? local_error->message : "unknown error");
      return FALSE;
    }

  name = context_get_renderer (context);
  if (name == NULL)
    {
      g_set_error_literal (error, SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_GL_UNAVAILABLE,
                           _("The graphics driver does not say which renderer it is. Stitch on the CPU instead (“spherecamctl stitch --cpu”)."));
      return FALSE;
    }

  if (renderer != NULL)
    *renderer = g_steal_pointer (&name);
  return TRUE;
}

/**
 * sc_gl_stitch_should_use_gl:
 * @force_gl: use GL even on a software renderer
 * @reason: (out) (optional): return location for why, to log and show
 *
 * Chooses between the GL and the CPU stitcher: GL when a context can be
 * created on a hardware renderer (or on any renderer with @force_gl), the
 * CPU otherwise. On a software renderer (llvmpipe, softpipe, swrast) the
 * CPU path is several times faster (PERF-NOTES.md). The reason is logged.
 *
 * Returns: %TRUE to stitch with "scglstitch"
 */
gboolean
sc_gl_stitch_should_use_gl (gboolean   force_gl,
                            char     **reason)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *renderer = NULL;
  g_autofree char *why = NULL;
  gboolean use_gl;

  if (!sc_gl_stitch_probe (&renderer, &error))
    {
      why = g_strdup (error->message);
      use_gl = FALSE;
    }
  else if (sc_gl_stitch_renderer_is_software (renderer) && !force_gl)
    {
      why = g_strdup_printf (_("%s draws in software, without a graphics card: stitching on the CPU, which is faster here"),
                             renderer);
      use_gl = FALSE;
    }
  else if (sc_gl_stitch_renderer_is_software (renderer))
    {
      why = g_strdup_printf (_("%s draws in software, without a graphics card: stitching with OpenGL anyway, as asked"),
                             renderer);
      use_gl = TRUE;
    }
  else
    {
      why = g_strdup_printf (_("Stitching on the GPU (%s)"), renderer);
      use_gl = TRUE;
    }

  g_message ("%s", why);
  if (reason != NULL)
    *reason = g_steal_pointer (&why);
  return use_gl;
}
