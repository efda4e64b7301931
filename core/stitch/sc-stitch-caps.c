/* sc-stitch-caps.c: caps negotiation shared by the stitching elements
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-stitch"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-stitch-caps-private.h"

/*
 * Both stitchers take any size in and give any 2:1 size out: downstream's
 * width or height wins, else the output is as wide as the input. The 2:1
 * rule is applied when fixating and checked once the caps are set.
 */

/* Returns: (transfer full): @caps with any width and height, without a
 * pixel aspect ratio (for transform_caps). */
GstCaps *
_sc_stitch_caps_any_size (GstCaps *caps)
{
  GstCaps *result = gst_caps_copy (caps);

  for (guint i = 0; i < gst_caps_get_size (result); i++)
    {
      GstStructure *s = gst_caps_get_structure (result, i);

      gst_structure_set (s,
                         "width", GST_TYPE_INT_RANGE, 1, G_MAXINT,
                         "height", GST_TYPE_INT_RANGE, 1, G_MAXINT,
                         NULL);
      gst_structure_remove_field (s, "pixel-aspect-ratio");
    }

  return result;
}

/* fixate_caps for the sink direction: takes @othercaps, returns the
 * fixated output caps. */
GstCaps *
_sc_stitch_caps_fixate (GstCaps *caps,
                        GstCaps *othercaps)
{
  GstStructure *in, *out;
  int in_width = 0, width, height;

  othercaps = gst_caps_make_writable (gst_caps_truncate (othercaps));
  in = gst_caps_get_structure (caps, 0);
  out = gst_caps_get_structure (othercaps, 0);
  gst_structure_get_int (in, "width", &in_width);
  if (in_width < 2)
    in_width = 2;

  if (gst_structure_get_int (out, "width", &width))
    gst_structure_fixate_field_nearest_int (out, "height", width / 2);
  else if (gst_structure_get_int (out, "height", &height))
    gst_structure_fixate_field_nearest_int (out, "width", height * 2);
  else
    {
      gst_structure_fixate_field_nearest_int (out, "width", in_width & ~1);
      gst_structure_get_int (out, "width", &width);
      gst_structure_fixate_field_nearest_int (out, "height", width / 2);
    }
  if (gst_structure_has_field (out, "pixel-aspect-ratio"))
    gst_structure_fixate_field_nearest_fraction (out, "pixel-aspect-ratio", 1, 1);

  return gst_caps_fixate (othercaps);
}

/* Posts an element error and returns FALSE unless @width is twice @height. */
gboolean
_sc_stitch_caps_check (GstElement *element,
                       int         width,
                       int         height)
{
  if (width == 2 * height)
    return TRUE;

  GST_ELEMENT_ERROR (element, CORE, NEGOTIATION,
                     (_("The stitched size %d×%d is not 2:1: choose a height half the width"),
                      width, height), (NULL));
  return FALSE;
}
