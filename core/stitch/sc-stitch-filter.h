/* sc-stitch-filter.h: "scstitch", dual-fisheye to equirectangular on the CPU
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gst/gst.h>

G_BEGIN_DECLS

#define SC_TYPE_STITCH_FILTER (sc_stitch_filter_get_type ())

GType     sc_stitch_filter_get_type  (void) G_GNUC_CONST;
gboolean  sc_stitch_filter_register  (void);

G_END_DECLS
