/* sc-stitch-caps-private.h: caps negotiation shared by the stitching
 * elements (scstitch on the CPU, scglstitch on the GPU)
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

GstCaps  *_sc_stitch_caps_any_size (GstCaps    *caps);
GstCaps  *_sc_stitch_caps_fixate   (GstCaps    *caps,
                                    GstCaps    *othercaps);
gboolean  _sc_stitch_caps_check    (GstElement *element,
                                    int         width,
                                    int         height);

G_END_DECLS
