/* sc-photo-stitch-private.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sc-photo-stitch.h"

G_BEGIN_DECLS

/* Progress within one photo, 0 to 1, from the stitching thread. */
typedef void (*ScPhotoStitchProgress) (double   fraction,
                                       gpointer user_data);

/* sc_photo_stitch() with the output named @name in @directory; with
 * @unique, an existing name gets " (n)" like downloads instead of
 * G_IO_ERROR_EXISTS. @output_file (out, optional): what was written. */
gboolean _sc_photo_stitch_run (GFile                  *input,
                               GFile                  *directory,
                               const char             *name,
                               gboolean                unique,
                               const ScStitchOptions  *options,
                               ScPhotoStitchProgress   progress,
                               gpointer                user_data,
                               GCancellable           *cancellable,
                               ScStitchPath           *used_path,
                               char                  **reason,
                               GFile                 **output_file,
                               GError                **error);

G_END_DECLS
