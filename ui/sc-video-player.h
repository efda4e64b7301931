/* sc-video-player.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_UI_INSIDE) && !defined (SC_UI_COMPILATION)
# error "Only <sc-ui.h> can be included directly."
#endif

#include <gst/gst.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SC_TYPE_VIDEO_PLAYER (sc_video_player_get_type ())

G_DECLARE_FINAL_TYPE (ScVideoPlayer, sc_video_player, SC, VIDEO_PLAYER, GObject)

ScVideoPlayer *sc_video_player_new                (GFile         *file);
GFile         *sc_video_player_get_file           (ScVideoPlayer *self);
GdkTexture    *sc_video_player_get_texture        (ScVideoPlayer *self);
gint64         sc_video_player_get_frame_position (ScVideoPlayer *self);
gboolean       sc_video_player_get_playing        (ScVideoPlayer *self);
void           sc_video_player_set_playing        (ScVideoPlayer *self,
                                                   gboolean       playing);
void           sc_video_player_toggle             (ScVideoPlayer *self);
gint64         sc_video_player_get_position       (ScVideoPlayer *self);
gint64         sc_video_player_get_duration       (ScVideoPlayer *self);
void           sc_video_player_seek               (ScVideoPlayer *self,
                                                   gint64         position);
gboolean       sc_video_player_get_ended          (ScVideoPlayer *self);
gboolean       sc_video_player_get_dual_fisheye   (ScVideoPlayer *self);
const GError  *sc_video_player_get_error          (ScVideoPlayer *self);
GstElement    *sc_video_player_get_pipeline       (ScVideoPlayer *self);
void           sc_video_player_stop               (ScVideoPlayer *self);

G_END_DECLS
