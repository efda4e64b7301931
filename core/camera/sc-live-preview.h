/* sc-live-preview.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gio/gio.h>
#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * ScLivePreviewState:
 * @SC_LIVE_PREVIEW_STATE_STOPPED: not running (never started, stopped, or
 *   the stream ended)
 * @SC_LIVE_PREVIEW_STATE_STARTING: started, no picture decoded yet
 * @SC_LIVE_PREVIEW_STATE_PLAYING: pictures are being decoded
 * @SC_LIVE_PREVIEW_STATE_ERROR: failed; see #ScLivePreview:error
 */
typedef enum
{
  SC_LIVE_PREVIEW_STATE_STOPPED,
  SC_LIVE_PREVIEW_STATE_STARTING,
  SC_LIVE_PREVIEW_STATE_PLAYING,
  SC_LIVE_PREVIEW_STATE_ERROR,
} ScLivePreviewState;

#define SC_TYPE_LIVE_PREVIEW_STATE (sc_live_preview_state_get_type ())
GType sc_live_preview_state_get_type (void) G_GNUC_CONST;

#define SC_TYPE_LIVE_PREVIEW (sc_live_preview_get_type ())

G_DECLARE_FINAL_TYPE (ScLivePreview, sc_live_preview, SC, LIVE_PREVIEW, GObject)

ScLivePreview      *sc_live_preview_new              (void);
gboolean            sc_live_preview_start            (ScLivePreview  *self,
                                                      GInputStream   *stream,
                                                      GError        **error);
gboolean            sc_live_preview_start_uri        (ScLivePreview  *self,
                                                      const char     *uri,
                                                      GError        **error);
void                sc_live_preview_stop             (ScLivePreview  *self);
ScLivePreviewState  sc_live_preview_get_state        (ScLivePreview  *self);
const GError       *sc_live_preview_get_error        (ScLivePreview  *self);
guint64             sc_live_preview_get_frames       (ScLivePreview  *self);
double              sc_live_preview_get_fps          (ScLivePreview  *self);
guint               sc_live_preview_get_width        (ScLivePreview  *self);
guint               sc_live_preview_get_height       (ScLivePreview  *self);
GstSample          *sc_live_preview_dup_last_sample  (ScLivePreview  *self);
GBytes             *sc_live_preview_dup_last_jpeg    (ScLivePreview  *self);

G_END_DECLS
