/* madv-private.h: the emulator's Mi Sphere (MADV / Ambarella JSON) camera
 *
 * `spherecam-emulator --protocol madv` (see MADV.md): commands on a JSON
 * port (7878 on a real camera), raw file bytes on a data port (8787), an
 * HTTP file server (50422) and an RTSP live preview (554, path /live).
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "emu-media.h"
#include "emu-private.h"

G_BEGIN_DECLS

#define SC_MADV_SERIAL       "EMUMADV0042"
#define SC_MADV_PRODUCT      "MJXJ01FM"
#define SC_MADV_VERSION      "1.3.97.85.5.13333;1.0.3"
#define SC_MADV_FIRMWARE     "1.3.97.85.5.13333"    /* --firmware default (old: HTTP only) */
#define SC_MADV_RC_VERSION   "1.0.3"                /* the remote control's, after the ';' */
#define SC_MADV_HTTPS_AFTER  "1.3.105.114.5.18100"  /* newer firmware also serves HTTPS (§3.3) */
#define SC_MADV_MAKE         "MADV"
#define SC_MADV_SOFTWARE     "14079/00000001;1.3.97.85.5.13333"
#define SC_MADV_WIFI         "AP_SSID=MIXJ-EMU042\nAP_PASSWD=12345678\nAP_PUBLIC=no\n"
#define SC_MADV_SD_ROOT      "/tmp/SD0"
#define SC_MADV_DCIM         "/tmp/SD0/DCIM"
#define SC_MADV_LUT_PATH     "/tmp/FL0/lut/app_lut.bin"
#define SC_MADV_SCENE_TYPE   0x00005954u   /* EXIF SceneType / 1026 scene_type: dual fisheye */
#define SC_MADV_FILE_SOURCE  0x59000000u   /* EXIF FileSource: a LUT trailer follows the EOI */
#define SC_MADV_NOTIFY_RVAL  128           /* rval of unsolicited notifications */
#define SC_MADV_MSG_CONTROL  65280         /* emulator-only test control message (MADV.md) */

/* Faults (--fault NAME[=VALUE], MADV.md). A count of 0 means "every time". */
typedef struct
{
  guint    session_taken_after;   /* 0: off; else after the holder's Nth request */
  gint64   drop_data_after;       /* -1: off; data port closed after N bytes (once) */
  gint     rval_msg_id;           /* 0: off */
  gint     rval_value;
  guint    rval_count;
  gint     no_reply_msg_id;       /* 0: off */
  guint    no_reply_count;
  gboolean garbage;               /* NULs, blanks and junk between objects */
} ScMadvFaults;

/* --firmware, --https-cert, --https-port (also as --fault madv-firmware=…,
 * madv-https-cert=…, madv-https-port=…, see MADV.md) */
typedef struct
{
  char    *firmware;              /* NULL: SC_MADV_FIRMWARE */
  char    *https_cert;            /* PEM with the certificate (and key, or a -key.pem beside it) */
  char    *https_key;             /* NULL: the certificate file or its -key.pem sibling */
  int      https_port;            /* -1: 443 (ephemeral with --listen …:0) */
} ScMadvOptions;

typedef struct
{
  double   duration;              /* seconds, 0 for photos */
  int      res_id;                /* 1026 res_id */
  gboolean is_video;
  GBytes  *thumbnail;             /* JPEG, may be NULL */
} ScMadvMedia;

typedef struct _ScMadvEmu ScMadvEmu;
typedef struct _ScMadvClient ScMadvClient;

/* The camera (ScMadvEmu) and its command-port clients (ScMadvClient) are
 * shared by the madv-*.c files, each with its concern:
 *   madv-main.c      options, faults, the main loop
 *   madv-server.c    the command port: connections, framing, the session
 *   madv-commands.c  the command table: settings, clock, GPS, capture, control
 *   madv-files.c     the file commands: cd, ls, info, delete, format, get_file
 *   madv-data.c      the data port: file bytes and their msg 7
 *   madv-media.c     the storage, photos and videos, the media info
 *   madv-stream.c    the HTTP(S) file server and the RTSP preview */

struct _ScMadvEmu
{
  ScEmuConfig       *config;
  ScMadvFaults       faults;
  char              *storage_dir;
  gboolean           own_storage;
  char              *sd_dir;            /* <storage>/SD0 = /tmp/SD0 */
  char              *fl_dir;            /* <storage>/FL0 = /tmp/FL0 */

  GSocketService    *cmd_service;
  GSocketService    *data_service;
  guint              cmd_port;
  guint              data_port;
  guint              http_port;
  guint              rtsp_port;
  char              *url;
  SoupServer        *http;
  SoupServer        *https;             /* newer firmware only */
  guint              https_port;
  char              *firmware;          /* 4364 ver before the ';' */
  char              *version;           /* 4364 ver */
  ScMadvOptions      options;
  gpointer           rtsp;              /* GstRTSPServer */
  guint              rtsp_source;

  GList             *clients;           /* ScMadvClient */
  ScMadvClient      *holder;            /* the session holder or NULL */
  gboolean           phantom_holds;     /* "another phone" holds the session */
  guint              holder_requests;
  int                next_token;
  guint32            session_id;

  GSocketConnection *data_conn;
  GCancellable      *data_cancellable;
  guint64            data_sent_total;   /* for drop-data */
  guint64            transfer_sent;     /* bytes of the current get_file */
  gboolean           transferring;
  guint              data_generation;   /* counts data connections */

  GBytes            *lut_block;         /* NULL: no LUT writer built in */
  char              *lut_md5;
  float              gyro[9];           /* the camera attitude */
  GHashTable        *media;             /* camera path → ScMadvMedia */

  /* State and settings. */
  int                mode;              /* 0 video, 1 photo */
  int                work_state;
  int                battery;
  int                sd_mounted;
  int                sd_full;
  int                v_res, p_res, video_ev, still_ev, still_iso, video_wb, still_wb;
  int                loop, poweroff_time, buzzer, led;
  guint              cam_jpg, cam_mp4;
  gint64             clock_offset_us;   /* set by 6147 */
  char              *clock_text;
  char              *client_ip;
  char              *gps_lon, *gps_lat, *gps_alt;
  gboolean           busy;              /* a photo is being written */

  ScEmuRecorder     *recorder;
  char              *recording_path;    /* camera path of the AA file */
  gint64             recording_started;
  int                recording_res_id;
};

/* One connection to the command port. */
struct _ScMadvClient
{
  ScMadvEmu         *emu;
  GSocketConnection *conn;
  GCancellable      *cancellable;
  GByteArray        *buffer;
  guint8             chunk[4096];
  int                token;
  char              *cwd;
  gboolean           closed;
};

/* madv-server.c */
gboolean     sc_madv_emu_start          (ScMadvEmu          *self,
                                         GError            **error);
void         sc_madv_emu_stop           (ScMadvEmu          *self);
void         sc_madv_emu_notify         (ScMadvEmu          *self,
                                         JsonObject         *message);
void         _sc_madv_client_send       (ScMadvClient       *client,
                                         JsonObject         *object);
JsonObject  *_sc_madv_reply_new         (int                 msg_id,
                                         int                 rval);
void         _sc_madv_reply             (ScMadvClient       *client,
                                         int                 msg_id,
                                         int                 rval);
void         _sc_madv_notify_int        (ScMadvEmu          *self,
                                         int                 msg_id,
                                         int                 param);
void         _sc_madv_close_data        (ScMadvEmu          *self);
void         _sc_madv_take_session      (ScMadvEmu          *self);
void         _sc_madv_start_session     (ScMadvClient       *client);

/* madv-commands.c */
const char  *_sc_madv_param_string      (JsonObject         *request,
                                         const char         *member);
gboolean     _sc_madv_param_int         (JsonObject         *request,
                                         const char         *member,
                                         gint64             *out);
void         _sc_madv_handle_request    (ScMadvClient       *client,
                                         JsonObject         *request);

/* madv-files.c */
void         _sc_madv_do_cd             (ScMadvClient       *client,
                                         JsonObject         *request);
void         _sc_madv_do_ls             (ScMadvClient       *client,
                                         JsonObject         *request);
void         _sc_madv_do_media_info     (ScMadvClient       *client,
                                         JsonObject         *request);
void         _sc_madv_do_delete         (ScMadvClient       *client,
                                         JsonObject         *request);
void         _sc_madv_do_format         (ScMadvClient       *client,
                                         JsonObject         *request);
void         _sc_madv_do_thumb          (ScMadvClient       *client,
                                         JsonObject         *request);
void         _sc_madv_do_get_file       (ScMadvClient       *client,
                                         JsonObject         *request);
void         _sc_madv_do_cancel         (ScMadvClient       *client);

/* madv-data.c */
void         _sc_madv_send_data         (ScMadvClient       *client,
                                         GBytes             *bytes);
gboolean     _sc_madv_on_data_incoming_cb (GSocketService    *service,
                                           GSocketConnection *conn,
                                           GObject           *source_object,
                                           gpointer           user_data);

/* madv-media.c */
void         sc_madv_media_free         (ScMadvMedia        *media);
GDateTime   *sc_madv_emu_now            (ScMadvEmu          *self);
char        *sc_madv_local_path         (ScMadvEmu          *self,
                                         const char         *camera_path);
char        *sc_madv_rtos_path          (const char         *camera_path);
gboolean     sc_madv_emu_prepare        (ScMadvEmu          *self,
                                         GError            **error);
void         sc_madv_take_photo_async   (ScMadvEmu          *self,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
char        *sc_madv_take_photo_finish  (ScMadvEmu          *self,
                                         GAsyncResult       *result,
                                         GError            **error);
gboolean     sc_madv_start_video        (ScMadvEmu          *self,
                                         GError            **error);
void         sc_madv_stop_video_async   (ScMadvEmu          *self,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
char        *sc_madv_stop_video_finish  (ScMadvEmu          *self,
                                         GAsyncResult       *result,
                                         GError            **error);
void         sc_madv_storage_json       (ScMadvEmu          *self,
                                         JsonObject         *object);

/* madv-stream.c */
gboolean     sc_madv_http_start         (ScMadvEmu          *self,
                                         GError            **error);
gboolean     sc_madv_rtsp_start         (ScMadvEmu          *self,
                                         GError            **error);
void         sc_madv_streams_stop       (ScMadvEmu          *self);

/* madv-main.c */
GOptionGroup *sc_madv_emu_get_option_group (void);
gboolean     sc_madv_version_newer      (const char         *version,
                                         const char         *than);
int          sc_madv_emu_main           (ScEmuConfig        *config,
                                         const char * const *faults,
                                         gboolean            exit_on_stdin_eof);

G_END_DECLS
