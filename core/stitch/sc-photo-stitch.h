/* sc-photo-stitch.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sc-job.h"

G_BEGIN_DECLS

/**
 * ScStitchPath:
 * @SC_STITCH_PATH_AUTO: GL on a hardware renderer, else the CPU (the reason
 *   is logged and reported in the result)
 * @SC_STITCH_PATH_CPU: the CPU stitcher
 * @SC_STITCH_PATH_GPU: scglstitch, even on a software renderer; fails when
 *   GL is unavailable
 */
typedef enum
{
  SC_STITCH_PATH_AUTO,
  SC_STITCH_PATH_CPU,
  SC_STITCH_PATH_GPU,
} ScStitchPath;

/**
 * ScStitchOptions:
 * @profile: (nullable): a built-in profile name or a JSON file path; %NULL:
 *   the lens JSON the file carries (emulator, EXIF UserComment), else the
 *   built-in profile for its EXIF Model, else circles estimated from the
 *   picture with @fov_deg (200 when 0)
 * @fov_deg: with no profile: both lenses' field of view; 0 for the default
 * @width: output width (height = width / 2); 0: the input width
 * @blend_deg: width of the feathered seam in degrees; < 0 for the default (10)
 * @level: level the horizon from the file's gravity/pose metadata when it
 *   has some
 * @yaw_deg, @pitch_deg, @roll_deg: orientation set by hand (added to the
 *   levelling)
 * @path: which stitcher
 * @jpeg_quality: 1–100; 0 for the default (92)
 * @encoder: (nullable): videos only: the H.264 encoder; %NULL or "auto" for
 *   a working hardware encoder when GStreamer offers one, else x264enc;
 *   "x264" for x264enc; else a GStreamer encoder factory name
 */
typedef struct
{
  const char   *profile;
  double        fov_deg;
  int           width;
  double        blend_deg;
  gboolean      level;
  double        yaw_deg;
  double        pitch_deg;
  double        roll_deg;
  ScStitchPath  path;
  int           jpeg_quality;
  const char   *encoder;
} ScStitchOptions;

void      sc_stitch_options_init_default (ScStitchOptions      *options);
const char *sc_stitch_path_to_string     (ScStitchPath          path);
gboolean  sc_stitch_path_from_string     (const char           *string,
                                          ScStitchPath         *path);

/*
 * Stitches a dual-fisheye JPEG into an equirectangular JPEG, leaving the
 * original untouched. The output carries the input's EXIF (Make, Model,
 * DateTimeOriginal, Orientation, GPS when present; pixel sizes updated)
 * and XMP GPano (UsePanoramaViewer, ProjectionType=equirectangular,
 * FullPano*, CroppedArea*, Pose* when known). It is written to a hidden
 * temporary name next to @output, fsync'd and renamed only when complete
 * (never replacing an existing file: G_IO_ERROR_EXISTS). A file that is
 * already equirectangular (GPano/OSC metadata first, then image analysis)
 * is refused with SC_LENS_ERROR_NOT_DUAL_FISHEYE; a truncated or corrupt
 * JPEG with G_IO_ERROR_INVALID_DATA; storage permission off with
 * SC_PERMISSION_ERROR_DENIED — in every case no output file is left.
 * Blocking; call it from a worker thread (the job does).
 *
 * @used_path (out, optional): the path that ran; @reason (out, optional):
 * why (e.g. "llvmpipe is a software renderer: using the CPU path").
 */
gboolean  sc_photo_stitch                (GFile                  *input,
                                          GFile                  *output,
                                          const ScStitchOptions  *options,
                                          GCancellable           *cancellable,
                                          ScStitchPath           *used_path,
                                          char                  **reason,
                                          GError                **error);

/*
 * A job ("stitch") that stitches @inputs one after another into @directory
 * (output name: "<input stem>-equirect.jpg", or ".mp4" for videos
 * (sc_video_stitch()), made unique like downloads: never replacing a file),
 * with progress per file and cancel between and within files. Its result
 * (a{sv}) has "paths" (as: the outputs), "path" (s: "cpu" or "gpu") and
 * "reason" (s). @options is copied.
 */
ScJob    *sc_photo_stitch_job_new        (GPtrArray              *inputs,
                                          GFile                  *directory,
                                          const ScStitchOptions  *options);

G_END_DECLS
