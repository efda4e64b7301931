/* sc-madv-camera-private.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sc-camera.h"
#include "sc-location.h"
#include "sc-madv-client.h"

G_BEGIN_DECLS

#define SC_TYPE_MADV_CAMERA (sc_madv_camera_get_type ())

/* sc-madv-lut.h (included through sc-core.h by core sources) */
typedef struct _ScMadvLut ScMadvLut;

G_DECLARE_FINAL_TYPE (ScMadvCamera, sc_madv_camera, SC, MADV_CAMERA, GObject)

/**
 * ScMadvTransport:
 * @SC_MADV_TRANSPORT_HTTP: downloads from the camera's HTTP file server
 * @SC_MADV_TRANSPORT_DATA_PORT: downloads over the data port (1285 GET_FILE)
 */
typedef enum
{
  SC_MADV_TRANSPORT_HTTP,
  SC_MADV_TRANSPORT_DATA_PORT,
} ScMadvTransport;

/* Camera-side folders (MADV-PROTOCOL.md §3.1). */
#define SC_MADV_DCIM_PATH       "/tmp/SD0/DCIM"
#define SC_MADV_CAPTURE_TIMEOUT_MS 30000
#define SC_MADV_GPS_INTERVAL_S  10

/* HTTPS (MADV-PROTOCOL.md §3.3): firmware newer than this serves DCIM on
 * https://HOST:443/ with a self-signed certificate, pinned on first use. */
#define SC_MADV_DEFAULT_HTTPS_PORT 443
#define SC_MADV_HTTPS_FIRMWARE     "1.3.105.114.5.18100"
#define SC_MADV_HTTPS_PROBE_MS     5000

/* The lens LUT (MADV-PROTOCOL.md §3.9), fetched over the data port after
 * connecting and cached as <user cache dir>/spherecam/lut/SERIAL.bin. */
#define SC_MADV_LUT_PATH           "/tmp/FL0/lut/app_lut.bin"

/* Set on a SoupMessage whose certificate was not the pinned one. */
#define SC_MADV_PIN_MISMATCH_KEY   "sc-madv-pin-mismatch"

typedef void (*ScMadvDataPortFunc) (GTask *task);

/* ScMadvCamera: the Xiaomi Mi Sphere (MADV / Ambarella JSON protocol).
 * The protocol engine is ScMadvClient (sc-madv-client.h); this object
 * turns it into an ScCamera. The struct is shared by sc-madv-camera*.c;
 * the work is split by concern:
 *   sc-madv-camera.c           the object, its properties and identity,
 *                              the live preview address
 *   sc-madv-camera-requests.c  JSON helpers, camera paths, requests in a row
 *   sc-madv-camera-connect.c   connecting (the vendor app's session),
 *                              the connection closing, disconnecting
 *   sc-madv-camera-state.c     state, notifications, refresh_state
 *   sc-madv-camera-options.c   options mapped onto the settings table
 *   sc-madv-camera-commands.c  shooting, recording, formatting, GPS pushes
 *   sc-madv-camera-files.c     file addresses, listing (with thumbnails),
 *                              deleting
 *   sc-madv-camera-download.c  downloads over HTTP, HTTPS or the data port
 *   sc-madv-camera-https.c     HTTPS: firmware versions, the pinned
 *                              certificate
 *   sc-madv-camera-lut.c       the lens LUT cache, data-port waiting line
 * Downloads share sc-camera-download-job.c with the other cameras. */
struct _ScMadvCamera
{
  GObject          parent_instance;

  GMainContext    *context;
  char            *uri;
  char            *host;
  guint16          command_port;
  guint16          data_port;
  guint16          http_port;
  guint16          rtsp_port;
  guint16          https_port;
  ScMadvClient    *client;
  SoupSession     *session;          /* HTTP downloads */
  GCancellable    *cancellable;      /* cancelled (and replaced) by disconnect and dispose */
  ScMadvTransport  transport;

  /* HTTPS on newer firmware (sc-madv-camera-https.c) */
  char            *pin_directory;    /* NULL: <user config>/spherecam/pins */
  gboolean         https_unavailable; /* it did not answer: HTTP until reconnected */
  gboolean         pin_mismatch;     /* a certificate other than the pinned one was seen */

  /* The lens LUT cached per camera (sc-madv-camera-lut.c) */
  char            *lut_directory;    /* NULL: <user cache dir>/spherecam/lut */
  ScMadvLut       *lut;              /* NULL until cached */
  gboolean         lut_busy;         /* checking or fetching it: data-port users wait */
  guint            lut_fetches;      /* app_lut.bin downloads started (for tests) */
  GQueue           data_port_waiters;

  /* Properties */
  char            *id;
  char            *display_name;
  gboolean         display_name_set;
  char            *model;
  char            *serial_number;
  char            *firmware_version;
  char            *lut_md5;          /* 261's param */
  char            *wifi_ssid;
  GVariant        *info;
  GVariant        *state;
  gboolean         is_connected;

  /* Last known values (4364 / 4365 / 4358 and notifications) */
  JsonObject      *settings;         /* 4364 reply */
  gint64           work_state;
  gint64           camera_mode;      /* 0 video, 1 photo, -1 unknown */
  gint64           battery_code;     /* -1 unknown */
  guint64          sd_total_kb;
  guint64          sd_free_kb;
  gint64           sd_full;
  gboolean         have_storage;
  gboolean         overheated;
  gboolean         sd_missing;
  char            *message;          /* a note for the user: storage mode, overheat, card */
  char            *latest_file_uri;

  /* A shot waiting for its 8193 / a recording for its 8192 */
  GTask           *picture_task;
  guint            picture_timeout_id;
  GTask           *stop_task;
  guint            stop_timeout_id;

  /* GPS pushes (4917) while connected and the location is allowed */
  ScLocationSource *location_source;
  guint            gps_timeout_id;
  gboolean         gps_in_flight;
};

/* sc-madv-camera.c */
ScMadvCamera *_sc_madv_camera_new                 (const char           *uri,
                                                   GError              **error);
gboolean      _sc_madv_camera_check_connected     (ScMadvCamera         *self,
                                                   GTask                *task);
void          _sc_madv_camera_request             (ScMadvCamera         *self,
                                                   guint                 msg_id,
                                                   const char           *param,
                                                   guint                 timeout_ms,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GError       *_sc_madv_protocol_error             (const char           *debug_format,
                                                   ...) G_GNUC_PRINTF (1, 2);
void          _sc_madv_camera_set_connected       (ScMadvCamera         *self,
                                                   gboolean              connected);
void          _sc_madv_camera_notify_state        (ScMadvCamera         *self);
void          _sc_madv_camera_notify_lut_md5      (ScMadvCamera         *self);
void          _sc_madv_camera_apply_identity      (ScMadvCamera         *self,
                                                   const char           *serial_reply,
                                                   const char           *wifi,
                                                   JsonObject           *settings);

/* sc-madv-camera-requests.c: the camera sends numbers as ints or strings */
gboolean      _sc_madv_reply_get_int              (JsonObject           *object,
                                                   const char           *member,
                                                   gint64               *value);
const char   *_sc_madv_reply_get_string           (JsonObject           *object,
                                                   const char           *member);
char         *_sc_madv_clean_string               (const char           *text);
char         *_sc_madv_path_from_rtos             (const char           *rtos_path);
GArray       *_sc_madv_steps_new                  (void);
void          _sc_madv_steps_add                  (GArray               *steps,
                                                   guint                 msg_id,
                                                   JsonObject           *extra,
                                                   guint                 timeout_ms,
                                                   gboolean              optional);
void          _sc_madv_camera_chain_async         (ScMadvCamera         *self,
                                                   GArray               *steps,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GPtrArray    *_sc_madv_camera_chain_finish        (ScMadvCamera         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void          _sc_madv_results_free               (GPtrArray            *results);

/* sc-madv-camera-connect.c */
void          _sc_madv_camera_connect_async       (ScCamera             *camera,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean      _sc_madv_camera_connect_finish      (ScCamera             *camera,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void          _sc_madv_camera_disconnect          (ScCamera             *camera);
void          _sc_madv_camera_disconnect_with     (ScMadvCamera         *self,
                                                   const GError         *error);

/* sc-madv-camera-state.c */
void          _sc_madv_camera_update_state        (ScMadvCamera         *self,
                                                   gboolean              announce);
void          _sc_madv_camera_set_message         (ScMadvCamera         *self,
                                                   const char           *message);
void          _sc_madv_camera_apply_storage       (ScMadvCamera         *self,
                                                   JsonObject           *reply);
void          _sc_madv_camera_apply_modes         (ScMadvCamera         *self,
                                                   JsonObject           *reply);
void          _sc_madv_camera_apply_settings      (ScMadvCamera         *self,
                                                   JsonObject           *reply);
void          _sc_madv_camera_note_file           (ScMadvCamera         *self,
                                                   const char           *rtos_or_path,
                                                   ScCameraFileType      type,
                                                   ScCameraFile        **out_file);
void          _sc_madv_camera_refresh_storage     (ScMadvCamera         *self);
void          _sc_madv_camera_on_notification_cb  (ScMadvClient         *client,
                                                   JsonObject           *message,
                                                   ScMadvCamera         *self);
void          _sc_madv_camera_refresh_state_async (ScCamera             *camera,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GVariant     *_sc_madv_camera_refresh_state_finish (ScCamera            *camera,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* sc-madv-camera-options.c */
void          _sc_madv_camera_get_options_async   (ScCamera             *camera,
                                                   const char * const   *names,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GVariant     *_sc_madv_camera_get_options_finish  (ScCamera             *camera,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void          _sc_madv_camera_set_options_async   (ScCamera             *camera,
                                                   GVariant             *options,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean      _sc_madv_camera_set_options_finish  (ScCamera             *camera,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* sc-madv-camera-commands.c */
void          _sc_madv_camera_file_saved          (ScMadvCamera         *self,
                                                   gint64                msg_id,
                                                   ScCameraFile         *file);
void          _sc_madv_camera_fail_waiting        (ScMadvCamera         *self,
                                                   const GError         *error);
void          _sc_madv_camera_location_start      (ScMadvCamera         *self);
void          _sc_madv_camera_location_stop       (ScMadvCamera         *self);
void          _sc_madv_camera_commands_iface_init (ScCameraInterface    *iface);

/* sc-madv-camera-files.c */
ScCameraFile *_sc_madv_camera_file_new            (ScMadvCamera         *self,
                                                   const char           *path,
                                                   guint64               size);
char         *_sc_madv_camera_path_from_uri       (ScMadvCamera         *self,
                                                   const char           *uri);
void          _sc_madv_camera_files_iface_init    (ScCameraInterface    *iface);

/* sc-madv-camera-download.c */
void          _sc_madv_camera_download_async      (ScCamera             *camera,
                                                   ScCameraFile         *file,
                                                   GFile                *directory,
                                                   ScCameraProgressFunc  progress,
                                                   gpointer              progress_data,
                                                   GDestroyNotify        progress_notify,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GFile        *_sc_madv_camera_download_finish     (ScCamera             *camera,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* sc-madv-camera-https.c */
void          _sc_madv_camera_https_init          (ScMadvCamera         *self);
gboolean      _sc_madv_version_is_newer           (const char           *version,
                                                   const char           *than);
gboolean      _sc_madv_camera_uses_https          (ScMadvCamera         *self);
char         *_sc_madv_camera_dup_pin_path        (ScMadvCamera         *self);
void          _sc_madv_camera_set_pin_directory   (ScMadvCamera         *self,
                                                   const char           *directory);
GError       *_sc_madv_camera_identity_changed_error (ScMadvCamera      *self);
char         *sc_madv_camera_dup_pin_file         (const char           *pin_directory,
                                                   const char           *serial);
gboolean      sc_madv_camera_forget_pin           (const char           *pin_directory,
                                                   const char           *serial,
                                                   GError              **error);

/* Formats the SD card (4 FORMAT "c"). Everything on the card is lost:
 * @confirmed must be %TRUE, meaning the user was asked; otherwise fails
 * with G_IO_ERROR_INVALID_ARGUMENT without contacting the camera. */
void          sc_madv_camera_format_async         (ScMadvCamera         *self,
                                                   gboolean              confirmed,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean      sc_madv_camera_format_finish        (ScMadvCamera         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
char         *sc_madv_camera_dup_preview_uri      (ScMadvCamera         *self);

/* sc-madv-camera-lut.c: the lens LUT */
void          _sc_madv_camera_lut_refresh         (ScMadvCamera         *self);
void          _sc_madv_camera_when_data_port_free (ScMadvCamera         *self,
                                                   GTask                *task,
                                                   ScMadvDataPortFunc    func);
void          _sc_madv_camera_set_lut_directory   (ScMadvCamera         *self,
                                                   const char           *directory);
ScMadvLut    *sc_madv_camera_dup_lut              (ScMadvCamera         *self);
char         *sc_madv_camera_dup_lut_file         (const char           *lut_directory,
                                                   const char           *serial);
gboolean      sc_madv_camera_forget_lut           (const char           *lut_directory,
                                                   const char           *serial,
                                                   GError              **error);

G_END_DECLS
