/* sc-video-stitch.h: dual-fisheye MP4 videos to equirectangular MP4
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sc-photo-stitch.h"

G_BEGIN_DECLS

/**
 * ScVideoStitchProgress:
 * @fraction: how far the video is, 0 to 1
 * @user_data: the data given with the callback
 *
 * Progress of sc_video_stitch(), called from the thread that runs it.
 */
typedef void (*ScVideoStitchProgress) (double   fraction,
                                       gpointer user_data);

gboolean  sc_video_stitch (GFile                  *input,
                           GFile                  *output,
                           const ScStitchOptions  *options,
                           GCancellable           *cancellable,
                           ScVideoStitchProgress   progress,
                           gpointer                user_data,
                           ScStitchPath           *used_path,
                           char                  **reason,
                           GError                **error);

gboolean  sc_video_stitch_choose_encoder (const char   *encoder,
                                          char        **factory,
                                          gboolean     *hardware,
                                          GError      **error);
char    **sc_video_stitch_list_encoders  (void);


G_END_DECLS
