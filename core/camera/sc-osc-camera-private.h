/* sc-osc-camera-private.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sc-camera.h"
#include "sc-location.h"

G_BEGIN_DECLS

#define SC_TYPE_OSC_CAMERA (sc_osc_camera_get_type ())

G_DECLARE_FINAL_TYPE (ScOscCamera, sc_osc_camera, SC, OSC_CAMERA, GObject)

/* Limits that protect us from a misbehaving camera. */
#define SC_OSC_MAX_JSON_BYTES      (8 * 1024 * 1024)
#define SC_OSC_MAX_JSON_DEPTH      64
#define SC_OSC_DEFAULT_TIMEOUT_MS  10000
#define SC_OSC_POLL_INTERVAL_MS    400
#define SC_OSC_MAX_FAILURES        3
#define SC_OSC_WATCH_INTERVAL_MS   1000
#define SC_OSC_MAX_STRING          256

/* ScOscCamera: the Open Spherical Camera / RICOH THETA Web API client.
 * The struct is shared by sc-osc-camera*.c; the work is split by concern:
 *   sc-osc-camera.c           the object, its properties, /osc/info
 *   sc-osc-camera-connect.c   connecting, level-1 sessions, disconnecting
 *   sc-osc-camera-state.c     state, storage space, watching for changes
 *   sc-osc-camera-http.c      requests, replies and errors
 *   sc-osc-camera-json.c      JSON helpers for untrusted replies
 *   sc-osc-camera-queue.c     the command queue, execute and status polling
 *   sc-osc-camera-options.c   options and their …Support lists, gpsInfo
 *   sc-osc-camera-commands.c  shooting, reset and the live preview
 *   sc-osc-camera-files.c     listing, deleting, downloading files */
struct _ScOscCamera
{
  GObject        parent_instance;

  GMainContext  *context;
  char          *uri;
  GUri          *base_uri;           /* scheme, host and port of the camera */
  char          *username;
  char          *password;
  SoupSession   *session;
  GCancellable  *cancellable;        /* cancelled (and replaced) by disconnect, and by dispose */
  guint          timeout_ms;

  /* Properties */
  char          *id;
  char          *display_name;
  gboolean       display_name_set;   /* set by the user: connect leaves it alone */
  char          *model;
  char          *manufacturer;
  char          *serial_number;
  char          *firmware_version;
  GVariant      *info;
  GVariant      *state;
  gboolean       is_connected;

  /* API level in use, and the level-1 session when switching failed */
  guint          api_level;
  char          *session_id;
  guint          session_timeout_s;
  guint          session_update_id;

  /* Commands run one at a time */
  GQueue         queue;
  gpointer       queue_current;
  guint          queue_idle_id;
  gint64         last_set_options_us;

  /* Watching /osc/checkForUpdates */
  char          *fingerprint;
  char          *latest_file_url;
  guint          watch_id;
  gboolean       watch_in_flight;
  guint          failures;
  guint64        remaining_space;
  guint64        total_space;
  gboolean       have_space;
  gboolean       space_unsupported;

  /* Option name → its …Support value (JsonNode), or NULL when the camera
   * has no such list. */
  GHashTable    *supports;

  /* The user's location pushed as gpsInfo while connected
   * (sc-osc-camera-options.c). A generation tells the replies of an
   * earlier connection from the current ones. */
  ScLocationSource *location_source; /* watched while connected */
  guint          gps_generation;
  gboolean       gps_checked;        /* asked whether the camera has gpsInfo */
  gboolean       gps_supported;
  gboolean       gps_pushed;         /* the camera holds a position we sent */
  gboolean       gps_in_flight;
  gboolean       gps_dirty;          /* the location changed while in flight */
};

typedef enum
{
  SC_OSC_EXECUTE_DEFAULT    = 0,
  SC_OSC_EXECUTE_NO_WAIT    = 1 << 0,  /* complete on "inProgress", do not poll */
  SC_OSC_EXECUTE_NO_SESSION = 1 << 1,  /* do not add the level-1 sessionId */
  SC_OSC_EXECUTE_HELD       = 1 << 2,  /* part of an operation that holds the queue */
} ScOscExecuteFlags;

typedef void (*ScOscQueueFunc) (ScOscCamera *self,
                                GTask       *task);

/* sc-osc-camera.c */
ScOscCamera  *_sc_osc_camera_new                 (const char           *uri,
                                                  const char           *username,
                                                  const char           *password);
gboolean      _sc_osc_camera_check_connected     (ScOscCamera          *self,
                                                  GTask                *task);
void          _sc_osc_camera_set_connected       (ScOscCamera          *self,
                                                  gboolean              connected);
void          _sc_osc_camera_set_api_level       (ScOscCamera          *self,
                                                  guint                 level);
void          _sc_osc_camera_set_session_id      (ScOscCamera          *self,
                                                  const char           *session_id);
void          _sc_osc_camera_notify_state        (ScOscCamera          *self);
void          _sc_osc_camera_apply_info          (ScOscCamera          *self,
                                                  JsonObject           *info,
                                                  gboolean             *has_level1,
                                                  gboolean             *has_level2);

/* sc-osc-camera-connect.c */
void          _sc_osc_camera_connect_async       (ScCamera             *camera,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean      _sc_osc_camera_connect_finish      (ScCamera             *camera,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void          _sc_osc_camera_disconnect          (ScCamera             *camera);
void          _sc_osc_camera_close_session       (ScOscCamera          *self);

/* sc-osc-camera-state.c */
GVariant     *_sc_osc_camera_apply_state         (ScOscCamera          *self,
                                                  JsonObject           *reply,
                                                  gboolean              announce);
void          _sc_osc_camera_fetch_space_async   (ScOscCamera          *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
void          _sc_osc_camera_watch_schedule      (ScOscCamera          *self,
                                                  guint                 delay_ms);
void          _sc_osc_camera_watch_soon          (ScOscCamera          *self);
void          _sc_osc_camera_refresh_state_async (ScCamera             *camera,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GVariant     *_sc_osc_camera_refresh_state_finish (ScCamera            *camera,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* sc-osc-camera-http.c */
char         *_sc_osc_camera_resolve             (ScOscCamera          *self,
                                                  const char           *path_or_url);
SoupMessage  *_sc_osc_camera_new_message         (ScOscCamera          *self,
                                                  const char           *method,
                                                  const char           *path,
                                                  JsonNode             *body);
void          _sc_osc_camera_request_async       (ScOscCamera          *self,
                                                  const char           *method,
                                                  const char           *path,
                                                  JsonNode             *body,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
JsonObject   *_sc_osc_camera_request_finish      (ScOscCamera          *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void          _sc_osc_camera_send_async          (ScOscCamera          *self,
                                                  SoupMessage          *message,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GInputStream *_sc_osc_camera_send_finish         (ScOscCamera          *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void          _sc_osc_camera_execute_async       (ScOscCamera          *self,
                                                  const char           *name,
                                                  JsonObject           *parameters,
                                                  ScOscExecuteFlags     flags,
                                                  guint                 timeout_s,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
JsonObject   *_sc_osc_camera_execute_finish      (ScOscCamera          *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void          _sc_osc_camera_enqueue             (ScOscCamera          *self,
                                                  GTask                *task,
                                                  ScOscQueueFunc        start);
void          _sc_osc_camera_queue_release       (ScOscCamera          *self,
                                                  GTask                *task);
guint         _sc_osc_camera_settle_delay_ms     (ScOscCamera          *self);
void          _sc_osc_camera_queue_cancel_all    (ScOscCamera          *self);
GError       *_sc_osc_error_from_reply           (JsonObject           *reply,
                                                  guint                 status);
GError       *_sc_osc_error_from_transport       (const char           *host,
                                                  const GError         *error);
GError       *_sc_osc_protocol_error             (const char           *debug_format,
                                                  ...) G_GNUC_PRINTF (1, 2);
JsonObject   *_sc_osc_parse_json_object          (const char           *data,
                                                  gsize                 length,
                                                  GError              **error);

/* JSON helpers that accept what cameras really send (numbers as strings,
 * booleans as strings, missing members). */
char         *_sc_osc_clean_string               (const char           *text);
JsonNode     *_sc_json_node_take_object          (JsonObject           *object);
const char   *_sc_json_get_string                (JsonObject           *object,
                                                  const char           *member);
gboolean      _sc_json_get_int64                 (JsonObject           *object,
                                                  const char           *member,
                                                  gint64               *value);
gboolean      _sc_json_get_double                (JsonObject           *object,
                                                  const char           *member,
                                                  double               *value);
gboolean      _sc_json_get_boolean               (JsonObject           *object,
                                                  const char           *member,
                                                  gboolean             *value);
gboolean      _sc_json_node_get_int64            (JsonNode             *node,
                                                  gint64               *value);
gboolean      _sc_json_node_get_double           (JsonNode             *node,
                                                  double               *value);
JsonObject   *_sc_json_get_object                (JsonObject           *object,
                                                  const char           *member);
JsonArray    *_sc_json_get_array                 (JsonObject           *object,
                                                  const char           *member);
GVariant     *_sc_json_to_variant                (JsonNode             *node);
JsonNode     *_sc_variant_to_json                (GVariant             *value);

/* sc-osc-camera-options.c */
void          _sc_osc_camera_get_options_async   (ScCamera             *camera,
                                                  const char * const   *names,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GVariant     *_sc_osc_camera_get_options_finish  (ScCamera             *camera,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void          _sc_osc_camera_set_options_async   (ScCamera             *camera,
                                                  GVariant             *options,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean      _sc_osc_camera_set_options_finish  (ScCamera             *camera,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void          _sc_osc_camera_ensure_capture_mode_async  (ScOscCamera   *self,
                                                  const char           *mode,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean      _sc_osc_camera_ensure_capture_mode_finish (ScOscCamera   *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
GVariant     *_sc_osc_option_to_variant          (const char           *name,
                                                  JsonNode             *node);
void          _sc_osc_camera_location_start      (ScOscCamera          *self);
void          _sc_osc_camera_location_stop       (ScOscCamera          *self);

/* sc-osc-camera-files.c */
ScCameraFile *_sc_osc_camera_file_new_from_url   (ScOscCamera          *self,
                                                  const char           *url,
                                                  ScCameraFileType      fallback_type);
ScCameraFile *_sc_osc_camera_file_new_from_entry (ScOscCamera          *self,
                                                  JsonObject           *entry,
                                                  ScCameraFileType      fallback_type);
GDateTime    *_sc_osc_parse_date_time            (const char           *text,
                                                  gboolean              has_zone);
GBytes       *_sc_osc_decode_thumbnail           (const char           *base64);
GPtrArray    *_sc_osc_camera_files_from_urls     (ScOscCamera          *self,
                                                  JsonObject           *results,
                                                  ScCameraFileType      fallback_type);
void          _sc_osc_camera_files_iface_init    (ScCameraInterface    *iface);

/* sc-osc-camera-commands.c */
void          _sc_osc_camera_commands_iface_init (ScCameraInterface    *iface);

G_END_DECLS
