/* sc-stitch-filter.c: "scstitch", dual-fisheye to equirectangular on the CPU
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GstVideoFilter: RGBA dual-fisheye frames in, RGBA equirectangular
 * frames of any 2:1 size out (negotiated like "scglstitch": downstream's
 * width or height wins, else as wide as the input). The ScStitchMap
 * (sc-stitch-map.h) is built in set_info from the "profile" (scaled to the
 * input), "blend-width" and "yaw"/"pitch"/"roll"; changing a property
 * rebuilds it before the next frame.
 */

#define G_LOG_DOMAIN "sc-stitch-filter"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/video/video.h>
#include <gst/video/gstvideofilter.h>

#include "sc-lens.h"
#include "sc-stitch-caps-private.h"
#include "sc-stitch-filter.h"
#include "sc-stitch-map.h"

G_DECLARE_FINAL_TYPE (ScStitchFilter, sc_stitch_filter, SC, STITCH_FILTER, GstVideoFilter)

GST_DEBUG_CATEGORY_STATIC (sc_stitch_filter_debug);
#define GST_CAT_DEFAULT sc_stitch_filter_debug

struct _ScStitchFilter
{
  GstVideoFilter  parent_instance;

  /* Properties, under the object lock */
  ScLensProfile  *profile;
  double          blend_width;
  double          yaw;
  double          pitch;
  double          roll;
  int             n_threads;
  gboolean        dirty;

  /* Streaming thread only */
  ScStitchMap    *map;
};

G_DEFINE_FINAL_TYPE_WITH_CODE (ScStitchFilter, sc_stitch_filter, GST_TYPE_VIDEO_FILTER,
                               GST_DEBUG_CATEGORY_INIT (sc_stitch_filter_debug, "scstitch", 0,
                                                        "Spherecam dual-fisheye stitcher (CPU)"))

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_BLEND_WIDTH,
  PROP_YAW,
  PROP_PITCH,
  PROP_ROLL,
  PROP_N_THREADS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define RGBA_CAPS GST_VIDEO_CAPS_MAKE ("RGBA")

static GstStaticPadTemplate sink_template =
  GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS (RGBA_CAPS));
static GstStaticPadTemplate src_template =
  GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS (RGBA_CAPS));

/* --- caps --- */

static GstCaps *
sc_stitch_filter_transform_caps (GstBaseTransform *trans,
                                 GstPadDirection   direction,
                                 GstCaps          *caps,
                                 GstCaps          *filter_caps)
{
  GstCaps *result = _sc_stitch_caps_any_size (caps);

  if (filter_caps != NULL)
    {
      GstCaps *tmp = gst_caps_intersect_full (filter_caps, result, GST_CAPS_INTERSECT_FIRST);

      gst_caps_unref (result);
      result = tmp;
    }

  return result;
}

static GstCaps *
sc_stitch_filter_fixate_caps (GstBaseTransform *trans,
                              GstPadDirection   direction,
                              GstCaps          *caps,
                              GstCaps          *othercaps)
{
  if (direction != GST_PAD_SINK)
    return GST_BASE_TRANSFORM_CLASS (sc_stitch_filter_parent_class)->fixate_caps (trans, direction,
                                                                                   caps, othercaps);

  return _sc_stitch_caps_fixate (caps, othercaps);
}

/* Builds the map for the current properties; FALSE with an element error
 * when there is no profile. */
static gboolean
sc_stitch_filter_build_map (ScStitchFilter *self,
                            int             in_width,
                            int             in_height,
                            int             out_width,
                            int             out_height)
{
  g_autoptr(ScLensProfile) profile = NULL;
  g_autoptr(ScLensProfile) scaled = NULL;
  double orientation[9], blend;
  int n_threads;

  GST_OBJECT_LOCK (self);
  profile = self->profile != NULL ? sc_lens_profile_ref (self->profile) : NULL;
  blend = self->blend_width;
  n_threads = self->n_threads;
  sc_orientation_matrix (self->yaw, self->pitch, self->roll, orientation);
  self->dirty = FALSE;
  GST_OBJECT_UNLOCK (self);

  if (profile == NULL)
    {
      GST_ELEMENT_ERROR (self, LIBRARY, SETTINGS,
                         ("%s", _("No lens profile is set: give the stitcher the camera’s lens profile")),
                         (NULL));
      return FALSE;
    }

  scaled = sc_lens_profile_scale (profile, in_width, in_height);
  g_clear_pointer (&self->map, sc_stitch_map_unref);
  self->map = sc_stitch_map_new (scaled, in_width, in_height, out_width, out_height,
                                 orientation, blend, n_threads);
  return self->map != NULL;
}

static gboolean
sc_stitch_filter_set_info (GstVideoFilter *filter,
                           GstCaps        *incaps,
                           GstVideoInfo   *in_info,
                           GstCaps        *outcaps,
                           GstVideoInfo   *out_info)
{
  ScStitchFilter *self = SC_STITCH_FILTER (filter);
  int width = GST_VIDEO_INFO_WIDTH (out_info);
  int height = GST_VIDEO_INFO_HEIGHT (out_info);

  if (!_sc_stitch_caps_check (GST_ELEMENT (self), width, height))
    return FALSE;

  GST_DEBUG_OBJECT (self, "%dx%d → %dx%d", GST_VIDEO_INFO_WIDTH (in_info),
                    GST_VIDEO_INFO_HEIGHT (in_info), width, height);
  return sc_stitch_filter_build_map (self, GST_VIDEO_INFO_WIDTH (in_info),
                                     GST_VIDEO_INFO_HEIGHT (in_info), width, height);
}

static GstFlowReturn
sc_stitch_filter_transform_frame (GstVideoFilter *filter,
                                  GstVideoFrame  *in_frame,
                                  GstVideoFrame  *out_frame)
{
  ScStitchFilter *self = SC_STITCH_FILTER (filter);
  gboolean dirty;
  int n_threads;

  GST_OBJECT_LOCK (self);
  dirty = self->dirty;
  n_threads = self->n_threads;
  GST_OBJECT_UNLOCK (self);

  if ((dirty || self->map == NULL) &&
      !sc_stitch_filter_build_map (self, GST_VIDEO_FRAME_WIDTH (in_frame),
                                   GST_VIDEO_FRAME_HEIGHT (in_frame),
                                   GST_VIDEO_FRAME_WIDTH (out_frame),
                                   GST_VIDEO_FRAME_HEIGHT (out_frame)))
    return GST_FLOW_NOT_NEGOTIATED;

  sc_stitch_map_apply_rgba (self->map,
                            GST_VIDEO_FRAME_PLANE_DATA (in_frame, 0),
                            GST_VIDEO_FRAME_PLANE_STRIDE (in_frame, 0),
                            GST_VIDEO_FRAME_PLANE_DATA (out_frame, 0),
                            GST_VIDEO_FRAME_PLANE_STRIDE (out_frame, 0),
                            n_threads);
  return GST_FLOW_OK;
}

static gboolean
sc_stitch_filter_stop (GstBaseTransform *trans)
{
  ScStitchFilter *self = SC_STITCH_FILTER (trans);

  g_clear_pointer (&self->map, sc_stitch_map_unref);
  return TRUE;
}

/* --- GObject --- */

static void
sc_stitch_filter_finalize (GObject *object)
{
  ScStitchFilter *self = (ScStitchFilter *)object;

  g_clear_pointer (&self->profile, sc_lens_profile_unref);
  g_clear_pointer (&self->map, sc_stitch_map_unref);

  G_OBJECT_CLASS (sc_stitch_filter_parent_class)->finalize (object);
}

static void
sc_stitch_filter_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ScStitchFilter *self = SC_STITCH_FILTER (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_boxed (value, self->profile);
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

    case PROP_N_THREADS:
      g_value_set_int (value, self->n_threads);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
  GST_OBJECT_UNLOCK (self);
}

static void
sc_stitch_filter_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ScStitchFilter *self = SC_STITCH_FILTER (object);
  const ScLensProfile *profile;

  GST_OBJECT_LOCK (self);
  switch (prop_id)
    {
    case PROP_PROFILE:
      profile = g_value_get_boxed (value);
      g_clear_pointer (&self->profile, sc_lens_profile_unref);
      self->profile = profile != NULL ? sc_lens_profile_copy (profile) : NULL;
      break;

    case PROP_BLEND_WIDTH:
      self->blend_width = g_value_get_double (value);
      break;

    case PROP_YAW:
      self->yaw = g_value_get_double (value);
      break;

    case PROP_PITCH:
      self->pitch = g_value_get_double (value);
      break;

    case PROP_ROLL:
      self->roll = g_value_get_double (value);
      break;

    case PROP_N_THREADS:
      self->n_threads = g_value_get_int (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
  self->dirty = TRUE;
  GST_OBJECT_UNLOCK (self);
}

static void
sc_stitch_filter_class_init (ScStitchFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *transform_class = GST_BASE_TRANSFORM_CLASS (klass);
  GstVideoFilterClass *filter_class = GST_VIDEO_FILTER_CLASS (klass);

  object_class->finalize = sc_stitch_filter_finalize;
  object_class->get_property = sc_stitch_filter_get_property;
  object_class->set_property = sc_stitch_filter_set_property;

  transform_class->transform_caps = sc_stitch_filter_transform_caps;
  transform_class->fixate_caps = sc_stitch_filter_fixate_caps;
  transform_class->stop = sc_stitch_filter_stop;
  transform_class->passthrough_on_same_caps = FALSE;

  filter_class->set_info = sc_stitch_filter_set_info;
  filter_class->transform_frame = sc_stitch_filter_transform_frame;

  /**
   * ScStitchFilter:profile:
   *
   * The lens profile (#ScLensProfile), scaled to the input. Without one
   * the element fails to negotiate with an error that says so.
   */
  properties[PROP_PROFILE] =
    g_param_spec_boxed ("profile", NULL, NULL, SC_TYPE_LENS_PROFILE,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);

  /**
   * ScStitchFilter:blend-width:
   *
   * The width of the feather band in degrees.
   */
  properties[PROP_BLEND_WIDTH] =
    g_param_spec_double ("blend-width", NULL, NULL, 0.0, 60.0, SC_STITCH_DEFAULT_BLEND_DEG,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);

  /**
   * ScStitchFilter:yaw:
   *
   * The camera's yaw in degrees (the orientation of sc_orientation_matrix()).
   */
  properties[PROP_YAW] =
    g_param_spec_double ("yaw", NULL, NULL, -360.0, 360.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);

  /**
   * ScStitchFilter:pitch:
   *
   * The camera's pitch in degrees.
   */
  properties[PROP_PITCH] =
    g_param_spec_double ("pitch", NULL, NULL, -180.0, 180.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);

  /**
   * ScStitchFilter:roll:
   *
   * The camera's roll in degrees.
   */
  properties[PROP_ROLL] =
    g_param_spec_double ("roll", NULL, NULL, -360.0, 360.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);

  /**
   * ScStitchFilter:n-threads:
   *
   * Worker threads per frame; 0 picks one per processor.
   */
  properties[PROP_N_THREADS] =
    g_param_spec_int ("n-threads", NULL, NULL, 0, 256, 0,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
                                         "Spherecam dual-fisheye stitcher (CPU)",
                                         "Filter/Effect/Converter/Video",
                                         "Stitches dual-fisheye RGBA frames into equirectangular frames",
                                         "The Spherecam developers");
}

static void
sc_stitch_filter_init (ScStitchFilter *self)
{
  self->blend_width = SC_STITCH_DEFAULT_BLEND_DEG;
}

/**
 * sc_stitch_filter_register:
 *
 * Registers the "scstitch" element with GStreamer (once).
 *
 * Returns: %TRUE when it is registered
 */
gboolean
sc_stitch_filter_register (void)
{
  return gst_element_register (NULL, "scstitch", GST_RANK_NONE, SC_TYPE_STITCH_FILTER);
}
