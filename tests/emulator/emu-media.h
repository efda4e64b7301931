/* emu-media.h: what the emulator writes: EXIF and MP4 recordings
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "emu-render.h"

G_BEGIN_DECLS

typedef struct
{
  GDateTime  *date;           /* camera local time of the capture */
  int         width;
  int         height;
  const char *user_comment;   /* the lens JSON */
  gboolean    has_gps;
  double      latitude;
  double      longitude;
  double      altitude;
  GDateTime  *gps_time;       /* UTC */
} ScEmuExifInfo;

typedef struct _ScEmuRecorder ScEmuRecorder;

typedef struct
{
  guint   frames;
  double  duration;           /* seconds */
  GBytes *thumbnail;          /* JPEG of the first frame, 320×160 */
} ScEmuRecording;

GBytes         *sc_emu_exif_attach            (GBytes               *jpeg,
                                               const ScEmuExifInfo  *info,
                                               GError              **error);

GBytes         *sc_emu_make_thumbnail         (const ScEmuImage     *image,
                                               GError              **error);

ScEmuRecorder  *sc_emu_recorder_start         (const char           *path,
                                               const ScEmuRig       *rig,
                                               int                   frame_rate,
                                               double                yaw_rate,
                                               GError              **error);
void            sc_emu_recorder_stop_async    (ScEmuRecorder        *self,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
ScEmuRecording *sc_emu_recorder_stop_finish   (GAsyncResult         *result,
                                               GError              **error);
void            sc_emu_recorder_abort         (ScEmuRecorder        *self);
void            sc_emu_recording_free         (ScEmuRecording       *recording);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScEmuRecording, sc_emu_recording_free)

G_END_DECLS
