/* sc-video-stitch-private.h: what the stitch job needs from sc-video-stitch.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sc-video-stitch.h"

G_BEGIN_DECLS

/* sc_video_stitch() with the output named @name in @directory; with
 * @unique, an existing name gets " (n)" like downloads instead of
 * G_IO_ERROR_EXISTS. @output_file (out, optional): what was written.
 * Core only (the stitch job). */
gboolean  _sc_video_stitch_run   (GFile                  *input,
                                  GFile                  *directory,
                                  const char             *name,
                                  gboolean                unique,
                                  const ScStitchOptions  *options,
                                  GCancellable           *cancellable,
                                  ScVideoStitchProgress   progress,
                                  gpointer                user_data,
                                  ScStitchPath           *used_path,
                                  char                  **reason,
                                  GFile                 **output_file,
                                  GError                **error);

G_END_DECLS
