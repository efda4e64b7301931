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
 * rebuilds it before the next frame. With "lut" (a Mi Sphere's own lens
 * table) the map comes from the LUT instead of the profile; with
 * "orientation-track" (one orientation matrix per frame, the camera's
 * gravity data) each frame gets its own orientation, and the map is rebuilt
 * only when it changes by more than about a tenth of a degree.
 */

#define G_LOG_DOMAIN "sc-stitch-filter"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gst/video/video.h>
#include <gst/video/gstvideofilter.h>

#include "sc-lens.h"
#include "sc-madv-lut.h"
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
  ScMadvLut      *lut;
  GBytes         *track;            /* doubles, 9 per frame */
  double          blend_width;
  double          yaw;
  double          pitch;
  double          roll;
  int             n_threads;
  gboolean        dirty;

  /* Streaming thread only */
  ScStitchMap    *map;
  double          map_orientation[9];
  int             fps_n;
  int             fps_d;
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
  PROP_LUT,
  PROP_ORIENTATION_TRACK,
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

/* Builds the map for the current properties, or with @override as the
 * orientation when given; FALSE with an element error when there is
 * neither a profile nor a LUT. */
static gboolean
sc_stitch_filter_build_map (ScStitchFilter *self,
                            int             in_width,
                            int             in_height,
                            int             out_width,
                            int             out_height,
                            const double   *override)
{
  g_autoptr(ScLensProfile) profile = NULL;
  g_autoptr(ScLensProfile) scaled = NULL;
  g_autoptr(ScMadvLut) lut = NULL;
  double orientation[9], blend;
  int n_threads;

  GST_OBJECT_LOCK (self);
  profile = self->profile != NULL ? sc_lens_profile_ref (self->profile) : NULL;
  lut = self->lut != NULL ? sc_madv_lut_ref (self->lut) : NULL;
  blend = self->blend_width;
  n_threads = self->n_threads;
  sc_orientation_matrix (self->yaw, self->pitch, self->roll, orientation);
  self->dirty = FALSE;
  GST_OBJECT_UNLOCK (self);

  if (override != NULL)
    memcpy (orientation, override, sizeof orientation);

  if (profile == NULL && lut == NULL)
    {
      GST_ELEMENT_ERROR (self, LIBRARY, SETTINGS,
                         ("%s", _("No lens profile is set: give the stitcher the camera’s lens profile")),
                         (NULL));
      return FALSE;
    }

  g_clear_pointer (&self->map, sc_stitch_map_unref);
  if (lut != NULL)
    {
      self->map = sc_stitch_map_new_from_madv_lut (lut, in_width, in_height, out_width, out_height,
                                                   orientation, blend, n_threads);
    }
  else
    {
      scaled = sc_lens_profile_scale (profile, in_width, in_height);
      self->map = sc_stitch_map_new (scaled, in_width, in_height, out_width, out_height,
                                     orientation, blend, n_threads);
    }
  memcpy (self->map_orientation, orientation, sizeof orientation);
  return self->map != NULL;
}

/* The orientation "orientation-track" gives the frame at @pts (the last
 * one for frames past its end); FALSE without a track. */
static gboolean
sc_stitch_filter_track_orientation (ScStitchFilter *self,
                                    GstClockTime    pts,
                                    double          orientation[9])
{
  g_autoptr(GBytes) track = NULL;
  const double *m;
  gsize size, n, index = 0;

  GST_OBJECT_LOCK (self);
  track = self->track != NULL ? g_bytes_ref (self->track) : NULL;
  GST_OBJECT_UNLOCK (self);

  if (track == NULL)
    return FALSE;
  m = g_bytes_get_data (track, &size);
  n = size / (9 * sizeof (double));
  if (n == 0)
    return FALSE;

  if (GST_CLOCK_TIME_IS_VALID (pts) && self->fps_n > 0 && self->fps_d > 0)
    index = (gsize) gst_util_uint64_scale_round (pts, self->fps_n, (guint64) self->fps_d * GST_SECOND);
  index = MIN (index, n - 1);
  memcpy (orientation, m + 9 * index, 9 * sizeof (double));
  return TRUE;
}

static gboolean
orientation_differs (const double a[9],
                     const double b[9])
{
  /* about 0.1° */
  for (guint i = 0; i < 9; i++)
    if (fabs (a[i] - b[i]) > 0.0017)
      return TRUE;
  return FALSE;
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
  self->fps_n = GST_VIDEO_INFO_FPS_N (in_info);
  self->fps_d = GST_VIDEO_INFO_FPS_D (in_info);
  return sc_stitch_filter_build_map (self, GST_VIDEO_INFO_WIDTH (in_info),
                                     GST_VIDEO_INFO_HEIGHT (in_info), width, height, NULL);
}

static GstFlowReturn
sc_stitch_filter_transform_frame (GstVideoFilter *filter,
                                  GstVideoFrame  *in_frame,
                                  GstVideoFrame  *out_frame)
{
  ScStitchFilter *self = SC_STITCH_FILTER (filter);
  double orientation[9];
  gboolean dirty, tracked;
  int n_threads;

  GST_OBJECT_LOCK (self);
  dirty = self->dirty;
  n_threads = self->n_threads;
  GST_OBJECT_UNLOCK (self);

  tracked = sc_stitch_filter_track_orientation (self, GST_BUFFER_PTS (in_frame->buffer), orientation);
  if (tracked && self->map != NULL && orientation_differs (orientation, self->map_orientation))
    dirty = TRUE;

  if ((dirty || self->map == NULL) &&
      !sc_stitch_filter_build_map (self, GST_VIDEO_FRAME_WIDTH (in_frame),
                                   GST_VIDEO_FRAME_HEIGHT (in_frame),
                                   GST_VIDEO_FRAME_WIDTH (out_frame),
                                   GST_VIDEO_FRAME_HEIGHT (out_frame),
                                   tracked ? orientation : NULL))
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
  g_clear_pointer (&self->lut, sc_madv_lut_unref);
  g_clear_pointer (&self->track, g_bytes_unref);
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

    case PROP_LUT:
      g_value_set_boxed (value, self->lut);
      break;

    case PROP_ORIENTATION_TRACK:
      g_value_set_boxed (value, self->track);
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

    case PROP_LUT:
      g_clear_pointer (&self->lut, sc_madv_lut_unref);
      self->lut = g_value_dup_boxed (value);
      break;

    case PROP_ORIENTATION_TRACK:
      g_clear_pointer (&self->track, g_bytes_unref);
      self->track = g_value_dup_boxed (value);
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

  /**
   * ScStitchFilter:lut:
   *
   * A Mi Sphere's own lens table (#ScMadvLut); when set, it replaces the
   * profile.
   */
  properties[PROP_LUT] =
    g_param_spec_boxed ("lut", NULL, NULL, SC_TYPE_MADV_LUT,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);

  /**
   * ScStitchFilter:orientation-track:
   *
   * One orientation matrix per frame (#GBytes of doubles, 9 per frame, as
   * sc_orientation_matrix() makes them), frame i at i / framerate; frames
   * past the end use the last. When set, it replaces yaw, pitch and roll.
   */
  properties[PROP_ORIENTATION_TRACK] =
    g_param_spec_boxed ("orientation-track", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);

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
