/* sc-camera-page-private.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sc-camera-page.h"
#include "sc-options-popover.h"
#include "sc-viewfinder.h"

G_BEGIN_DECLS

struct _ScCameraPage
{
  GtkWidget         parent_instance;

  ScCameraMonitor  *monitor;
  ScJobManager     *job_manager;
  GSettings        *settings;
  GCancellable     *cancellable;        /* for the page's lifetime */
  ScCamera         *camera;             /* the selected one */
  GHashTable       *connecting;         /* ScCamera* → GCancellable* */
  GHashTable       *watched;            /* ScCamera* (signals connected) */
  GHashTable       *errors;             /* ScCamera* → char*, why it is not connected */
  GHashTable       *session_files;      /* uri → ScCameraFile*, shot in this run */
  ScCameraFile     *last_file;
  guint             state_source;
  gboolean          can_capture;
  gboolean          can_record;

  /* Live preview */
  ScLivePreview    *live_preview;
  GCancellable     *preview_cancellable;  /* non-NULL while opening or running */

  /* Shooting */
  ScJob            *shoot_job;
  gboolean          recording;
  gboolean          record_busy;
  gint64            record_started;
  guint             record_tick_source;

  /* The camera's own warnings (overheating, memory card), as shown */
  char             *warning;

  /* Template children */
  GtkBox           *page_box;
  GtkRevealer      *unusable_revealer;
  GtkLabel         *unusable_label;
  GtkStack         *page_stack;
  AdwStatusPage    *empty_page;
  AdwLeaflet       *leaflet;
  GtkBox           *sidebar;
  GtkListBox       *camera_list;
  GtkButton        *add_button;
  GtkOverlay       *content;
  GtkStack         *camera_stack;
  AdwStatusPage    *disconnected_page;
  GtkButton        *release_button;
  GtkButton        *connect_button;
  AdwStatusPage    *connecting_page;
  GtkSpinner       *connecting_spinner;
  AdwFlap          *info_flap;
  GtkRevealer      *warning_revealer;
  GtkLabel         *warning_label;
  ScViewfinder     *viewfinder;
  GtkCenterBox     *controls;
  GtkMenuButton    *options_button;
  ScOptionsPopover *options_popover;
  GtkButton        *record_button;
  GtkImage         *record_icon;
  GtkButton        *shutter_button;
  GtkBox           *recording_box;
  GtkImage         *recording_dot;
  GtkLabel         *elapsed_label;
  GtkToggleButton  *info_button;
  GtkImage         *battery_icon;
  GtkLabel         *battery_label;
  AdwActionRow     *space_row;
  GtkLabel         *space_label;
  GtkLabel         *model_label;
  GtkLabel         *serial_label;
  GtkLabel         *firmware_label;
  GtkLabel         *address_label;
  AdwActionRow     *format_row;
  GtkButton        *back_button;
};

/* sc-camera-page.c */
void      _sc_camera_page_update_content         (ScCameraPage   *self);
void      _sc_camera_page_update_capabilities    (ScCameraPage   *self);
void      _sc_camera_page_set_last_file          (ScCameraPage   *self,
                                                  ScCameraFile   *file);
void      _sc_camera_page_set_recording          (ScCameraPage   *self,
                                                  gboolean        recording);

/* sc-camera-page-cameras.c: the camera list, connecting, watching the
 * cameras and adding one */
char     *_sc_camera_page_dup_camera_name        (ScCamera       *camera);
gboolean  _sc_camera_page_is_connecting          (ScCameraPage   *self,
                                                  ScCamera       *camera);
void      _sc_camera_page_bind_monitor           (ScCameraPage   *self);
void      _sc_camera_page_select_camera_row      (ScCameraPage   *self);
gboolean  _sc_camera_page_can_release            (ScCameraPage   *self,
                                                  ScCamera       *camera);
void      _sc_camera_page_release_and_connect    (ScCameraPage   *self,
                                                  ScCamera       *camera);
void      _sc_camera_page_show_unusable          (ScCameraPage   *self,
                                                  const char     *message);
void      _sc_camera_page_unwatch_all            (ScCameraPage   *self);
void      _sc_camera_page_install_camera_actions (GtkWidgetClass *widget_class);

/* sc-camera-page-info.c: the info panel */
void      _sc_camera_page_update_info            (ScCameraPage   *self);
void      _sc_camera_page_update_state_polling   (ScCameraPage   *self);
void      _sc_camera_page_update_info_actions    (ScCameraPage   *self);
void      _sc_camera_page_install_info_actions   (GtkWidgetClass *widget_class);

/* sc-camera-page-shooting.c: the live preview, pictures, videos and
 * their downloads */
void      _sc_camera_page_update_preview         (ScCameraPage   *self);
void      _sc_camera_page_stop_preview           (ScCameraPage   *self);
void      _sc_camera_page_restart_preview        (ScCameraPage   *self);
void      _sc_camera_page_reset_shooting         (ScCameraPage   *self);
void      _sc_camera_page_shooting_dispose       (ScCameraPage   *self);

G_END_DECLS
