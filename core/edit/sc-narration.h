/* sc-narration.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

#define SC_TYPE_NARRATION_RECORDER (sc_narration_recorder_get_type ())

G_DECLARE_FINAL_TYPE (ScNarrationRecorder, sc_narration_recorder, SC, NARRATION_RECORDER, GObject)

/*
 * Records narration from the microphone into OUTPUT (Ogg Opus for .ogg/.opus,
 * WAV for .wav), written to a hidden temporary name and renamed when
 * stopped and complete. sc_narration_recorder_start() checks consent and
 * the "microphone" permission before it creates any GStreamer element, so
 * with the toggle off no audio device is ever opened. "source-factory"
 * names the GStreamer source element ("autoaudiosrc" unless
 * $SPHERECAM_AUDIO_SOURCE says otherwise; tests use a counting source).
 * Errors: SC_PERMISSION_ERROR_*, SC_PIPELINE_ERROR_*, G_IO_ERROR_*.
 * Belongs to the thread that created it.
 */
ScNarrationRecorder *sc_narration_recorder_new                (GFile               *output);
GFile               *sc_narration_recorder_get_output         (ScNarrationRecorder *self);
const char          *sc_narration_recorder_get_source_factory (ScNarrationRecorder *self);
void                 sc_narration_recorder_set_source_factory (ScNarrationRecorder *self,
                                                               const char          *factory);
gboolean             sc_narration_recorder_get_is_recording   (ScNarrationRecorder *self);
gboolean             sc_narration_recorder_start              (ScNarrationRecorder *self,
                                                               GError             **error);
void                 sc_narration_recorder_stop_async         (ScNarrationRecorder *self,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
GFile               *sc_narration_recorder_stop_finish        (ScNarrationRecorder *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

G_END_DECLS
