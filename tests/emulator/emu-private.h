/* emu-private.h: the camera emulator's shared state
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "emu-image.h"
#include "emu-media.h"
#include "emu-render.h"

G_BEGIN_DECLS

#define SC_EMU_MANUFACTURER   "Spherecam Project"
#define SC_EMU_MODEL          "Spherecam Emulator"
#define SC_EMU_SERIAL         "EMU7K2Q9"
#define SC_EMU_FIRMWARE       "1.4.2"
#define SC_EMU_SUPPORT_URL    "https://spherecam.invalid/emulator"
#define SC_EMU_WLAN_MAC       "02:5C:E7:00:42:17"
#define SC_EMU_BLUETOOTH_MAC  "02:5C:E7:00:42:18"
#define SC_EMU_STORAGE_ID     "53504843454d55374b32513900000001"
#define SC_EMU_DCIM_DIR       "100SPHCM"
#define SC_EMU_BIG_FILE_NAME  "SPHC9999.MP4"
#define SC_EMU_CODEC          "H.264/MPEG-4 AVC"
#define SC_EMU_TOTAL_SPACE    G_GUINT64_CONSTANT (32000000000)
#define SC_EMU_PHOTO_ESTIMATE G_GUINT64_CONSTANT (4000000)    /* bytes per picture, for remainingPictures */
#define SC_EMU_VIDEO_RATE     G_GUINT64_CONSTANT (1250000)    /* bytes per second of video */
#define SC_EMU_STITCH_TIME_MS 300
#define SC_EMU_PREVIEW_YAW_RATE 10.0   /* degrees per second */
#define SC_EMU_VIDEO_YAW_RATE   20.0
#define SC_EMU_PHOTO_YAW_STEP   10.0   /* degrees between consecutive pictures */

/* OSC error codes (PROTOCOLS.md §1.6) as a GError domain. */
typedef enum
{
  SC_EMU_OSC_UNKNOWN_COMMAND,
  SC_EMU_OSC_MISSING_PARAMETER,
  SC_EMU_OSC_INVALID_PARAMETER_NAME,
  SC_EMU_OSC_INVALID_PARAMETER_VALUE,
  SC_EMU_OSC_CAMERA_IN_EXCLUSIVE_USE,
  SC_EMU_OSC_DISABLED_COMMAND,
  SC_EMU_OSC_SERVICE_UNAVAILABLE,
  SC_EMU_OSC_UNEXPECTED,
} ScEmuOscError;

#define SC_EMU_OSC_ERROR (sc_emu_osc_error_quark ())

typedef struct
{
  gint64   drop_after;          /* -1: off */
  guint    slow_ms;
  gboolean malformed_json;
  gboolean busy;
  gboolean disk_full;
  gboolean wrong_length;
  gboolean listing_size_mismatch;
  gboolean bad_thumbnail;
  gboolean strings_for_numbers;
} ScEmuFaults;

typedef struct
{
  char        *listen_host;
  guint        listen_port;
  char        *user;
  char        *password;
  int          api_level;       /* highest level offered: 1 or 2 */
  char        *storage_dir;     /* NULL: a temporary directory */
  int          photo_width;
  int          photo_height;
  guint64      big_file_size;   /* 0: no synthetic file */
  double       tilt_pitch_deg;  /* the camera's attitude (--tilt): pitch up */
  double       tilt_roll_deg;   /* and roll; 0, 0: held level */
  gboolean     preview_dual_fisheye; /* --preview-projection dual-fisheye */
  ScEmuFaults  faults;
} ScEmuConfig;

typedef enum
{
  SC_EMU_FILE_IMAGE,
  SC_EMU_FILE_VIDEO,
} ScEmuFileKind;

typedef struct
{
  char          *name;          /* SPHC0001.JPG */
  char          *url_path;      /* /files/<storage-id>/100SPHCM/SPHC0001.JPG */
  char          *path;          /* on disk; NULL for the synthetic big file */
  ScEmuFileKind  kind;
  guint          number;
  guint64        size;
  int            width;
  int            height;
  GDateTime     *date;          /* camera local time */
  int            record_time;   /* videos: seconds */
  int            frame_rate;
  GBytes        *thumbnail;     /* JPEG; NULL: the generic one */
  char          *lens_json;
  gboolean       has_gps;
  double         latitude;
  double         longitude;
  gboolean       dropped;       /* the drop-after fault has cut it once */
} ScEmuFile;

typedef enum
{
  SC_EMU_CAPTURE_IDLE,
  SC_EMU_CAPTURE_SHOOTING,
  SC_EMU_CAPTURE_RECORDING,
  SC_EMU_CAPTURE_INTERVAL,
} ScEmuCaptureStatus;

typedef struct
{
  char *type;                   /* "jpeg" or "mp4" */
  int   width;
  int   height;
  int   frame_rate;             /* mp4 only */
} ScEmuFileFormat;

typedef struct
{
  char            *capture_mode;
  int              exposure_program;
  double           exposure_compensation;
  int              iso;
  double           shutter_speed;
  char            *white_balance;
  ScEmuFileFormat  image_format;
  ScEmuFileFormat  video_format;
  int              preview_width;
  int              preview_height;
  int              preview_framerate;
  int              capture_interval;
  int              capture_number;
  int              sleep_delay;
  int              off_delay;
  gboolean         gps_enabled;
  double           gps_lat;
  double           gps_lng;
  double           gps_altitude;
  char            *gps_date_time_zone;
  gboolean         gps_tag_recording;
} ScEmuOptions;

typedef enum
{
  SC_EMU_COMMAND_IN_PROGRESS,
  SC_EMU_COMMAND_DONE,
  SC_EMU_COMMAND_ERROR,
} ScEmuCommandState;

typedef struct
{
  char              *id;
  char              *name;
  ScEmuCommandState  state;
  JsonObject        *results;
  GError            *error;
  gint64             started_at;    /* monotonic µs */
  gint64             expected_us;   /* for progress.completion; 0: unknown */
} ScEmuCommand;

typedef struct
{
  SoupServerMessage *msg;
  char              *path;
  GHashTable        *query;
  JsonObject        *body;          /* parsed JSON request body, or NULL */
  gboolean           paused;
  gboolean           finished;
  gulong             finished_id;
} ScEmuRequest;

typedef struct _ScEmuPreview  ScEmuPreview;
typedef struct _ScEmuCapture  ScEmuCapture;

#define SC_EMU_TYPE_CAMERA (sc_emu_camera_get_type ())
G_DECLARE_FINAL_TYPE (ScEmuCamera, sc_emu_camera, SC_EMU, CAMERA, GObject)

struct _ScEmuCamera
{
  GObject             parent_instance;

  ScEmuConfig        *config;
  SoupServer         *server;
  char               *base_url;
  guint               port;
  char               *storage_dir;
  char               *dcim_dir;
  gboolean            storage_is_temporary;

  GPtrArray          *files;
  guint               next_number;
  GBytes             *generic_thumbnail;

  ScEmuOptions        options;
  gint64              started_at;
  gint64              clock_offset_us;
  GTimeZone          *time_zone;

  ScEmuCaptureStatus  capture_status;
  guint               fingerprint;
  char               *latest_file_url;
  GPtrArray          *update_waiters;

  GHashTable         *commands;
  GQueue              command_order;
  guint               next_command_id;

  int                 api_level;
  char               *session_id;
  gint64              session_expires_at;
  guint               next_session_id;

  ScEmuPreview       *preview;
  ScEmuCapture       *capture;
};

/* emu-camera.c */
GQuark        sc_emu_osc_error_quark          (void);
const char   *sc_emu_osc_error_name           (int                 code);
guint         sc_emu_osc_error_http_status    (int                 code);
void          sc_emu_config_free              (ScEmuConfig        *config);
ScEmuCamera  *sc_emu_camera_new               (ScEmuConfig        *config);
gboolean      sc_emu_camera_prepare_storage   (ScEmuCamera        *self,
                                               GError            **error);
void          sc_emu_camera_cleanup_storage   (ScEmuCamera        *self);
GDateTime    *sc_emu_camera_now               (ScEmuCamera        *self);
char         *sc_emu_camera_format_date       (GDateTime          *date);
void          sc_emu_camera_state_changed     (ScEmuCamera        *self);
JsonObject   *sc_emu_camera_info_json         (ScEmuCamera        *self);
JsonObject   *sc_emu_camera_state_json        (ScEmuCamera        *self);
char         *sc_emu_camera_fingerprint       (ScEmuCamera        *self);
guint64       sc_emu_camera_remaining_space   (ScEmuCamera        *self);
char         *sc_emu_camera_file_url          (ScEmuCamera        *self,
                                               const ScEmuFile    *file);
ScEmuFile    *sc_emu_camera_lookup_file       (ScEmuCamera        *self,
                                               const char         *url_or_path);
ScEmuFile    *sc_emu_camera_new_file          (ScEmuCamera        *self,
                                               ScEmuFileKind       kind);
void          sc_emu_camera_add_file          (ScEmuCamera        *self,
                                               ScEmuFile          *file);
void          sc_emu_camera_delete_file       (ScEmuCamera        *self,
                                               ScEmuFile          *file);
GBytes       *sc_emu_camera_get_thumbnail     (ScEmuCamera        *self,
                                               ScEmuFile          *file);
void          sc_emu_file_free                (ScEmuFile          *file);

/* emu-server.c */
gboolean      sc_emu_server_start             (ScEmuCamera        *self,
                                               GError            **error);
void          sc_emu_server_wake_waiters      (ScEmuCamera        *self);
ScEmuRequest *sc_emu_request_ref              (ScEmuRequest       *request);
void          sc_emu_request_unref            (ScEmuRequest       *request);
void          sc_emu_request_defer            (ScEmuRequest       *request);
void          sc_emu_request_resume           (ScEmuRequest       *request);
void          sc_emu_request_reply_json       (ScEmuRequest       *request,
                                               ScEmuCamera        *camera,
                                               guint               status,
                                               JsonObject         *object);
void          sc_emu_request_reply_text       (ScEmuRequest       *request,
                                               guint               status,
                                               const char         *text);
void          sc_emu_request_reply_error      (ScEmuRequest       *request,
                                               ScEmuCamera        *camera,
                                               const char         *name,
                                               const GError       *error);

/* emu-commands.c */
void          sc_emu_commands_execute         (ScEmuCamera        *self,
                                               ScEmuRequest       *request);
void          sc_emu_commands_status          (ScEmuCamera        *self,
                                               ScEmuRequest       *request);
ScEmuCommand *sc_emu_command_new              (ScEmuCamera        *self,
                                               const char         *name,
                                               gint64              expected_us);
JsonObject   *sc_emu_command_to_json          (ScEmuCommand       *command);
void          sc_emu_command_complete         (ScEmuCamera        *self,
                                               ScEmuCommand       *command,
                                               JsonObject         *results,
                                               const GError       *error);
void          sc_emu_command_free             (ScEmuCommand       *command);

/* emu-capture.c */
gboolean      sc_emu_capture_take_picture     (ScEmuCamera        *self,
                                               ScEmuRequest       *request,
                                               GError            **error);
gboolean      sc_emu_capture_start            (ScEmuCamera        *self,
                                               ScEmuRequest       *request,
                                               JsonObject         *params,
                                               GError            **error);
gboolean      sc_emu_capture_stop             (ScEmuCamera        *self,
                                               ScEmuRequest       *request,
                                               GError            **error);
int           sc_emu_capture_recorded_time    (ScEmuCamera        *self);
gboolean      sc_emu_capture_is_busy          (ScEmuCamera        *self);
void          sc_emu_capture_free             (ScEmuCapture       *capture);

/* emu-options.c */
void          sc_emu_options_reset            (ScEmuCamera        *self);
void          sc_emu_options_clear            (ScEmuOptions       *options);
JsonObject   *sc_emu_options_get              (ScEmuCamera        *self,
                                               JsonArray          *names,
                                               GError            **error);
gboolean      sc_emu_options_set              (ScEmuCamera        *self,
                                               JsonObject         *options,
                                               GError            **error);
const ScEmuFileFormat *
              sc_emu_options_current_format   (ScEmuCamera        *self);

/* emu-files.c */
void          sc_emu_files_serve              (ScEmuCamera        *self,
                                               ScEmuRequest       *request);
guint8        sc_emu_big_file_byte            (guint64             offset);

/* emu-preview.c */
void          sc_emu_preview_serve            (ScEmuCamera        *self,
                                               ScEmuRequest       *request);
void          sc_emu_preview_stop_all         (ScEmuCamera        *self);
void          sc_emu_preview_free             (ScEmuPreview       *preview);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScEmuCapture, sc_emu_capture_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScEmuConfig, sc_emu_config_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScEmuFile, sc_emu_file_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScEmuRequest, sc_emu_request_unref)

G_END_DECLS
