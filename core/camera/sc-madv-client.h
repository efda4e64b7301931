/* sc-madv-client.h: the Ambarella/MADV JSON protocol engine (private to core)
 *
 * One TCP connection to the camera's command port (7878) and, on demand,
 * one to its data port (8787). MADV-PROTOCOL.md §1 and §3.4 describe the
 * wire; this object owns it:
 *
 *  - framing: back-to-back JSON objects with no delimiter, NUL bytes,
 *    whitespace and garbage between them skipped (a brace/string/escape
 *    scanner, then json-glib); a buffer cap of SC_MADV_MAX_MESSAGE_BYTES;
 *  - one request in flight; a reply is the next message whose msg_id equals
 *    the request's; any other message is a notification (the ::notification
 *    signal), except 1793 (session holder query) which is answered at once;
 *  - a timeout per request (SC_MADV_DEFAULT_TIMEOUT_MS unless given);
 *  - the session: 257 → token, then every request carries it; rval −4
 *    (token expired) redoes 257 once and retries; 258 on close;
 *  - a heartbeat (6154) when the command socket has been idle for
 *    SC_MADV_HEARTBEAT_IDLE_MS while sc_madv_client_hold_awake() holds are
 *    active (downloads, preview);
 *  - rval → GError: see sc_madv_client_error_from_rval().
 *
 * Signals:
 *  - "notification" (JsonObject *message): an unsolicited message (a
 *    msg_id with no request waiting), rval 0/128 or none;
 *  - "closed" (const GError *error): the command connection ended (the
 *    camera closed it, a read failed, or the session was taken); not
 *    emitted by sc_madv_client_close().
 *
 * Everything runs on the thread-default main context of the thread that
 * created the client (the service's main thread); no blocking calls.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SC_MADV_DEFAULT_COMMAND_PORT  7878
#define SC_MADV_DEFAULT_DATA_PORT     8787
#define SC_MADV_DEFAULT_HTTP_PORT     50422
#define SC_MADV_DEFAULT_RTSP_PORT     554

#define SC_MADV_MAX_MESSAGE_BYTES     (8 * 1024 * 1024)
#define SC_MADV_DEFAULT_TIMEOUT_MS    15000
#define SC_MADV_CONNECT_TIMEOUT_S     5
#define SC_MADV_HEARTBEAT_IDLE_MS     5000
#define SC_MADV_DATA_CHUNK_BYTES      (2 * 1024 * 1024)   /* the vendor's get_file chunk */

/* Message ids the core uses (MADV-PROTOCOL.md §2). */
typedef enum
{
  SC_MADV_MSG_FORMAT               = 4,
  SC_MADV_MSG_NOTIFICATION         = 7,
  SC_MADV_MSG_START_SESSION        = 257,
  SC_MADV_MSG_STOP_SESSION         = 258,
  SC_MADV_MSG_SET_CLIENT_INFO      = 261,
  SC_MADV_MSG_RECORD_START         = 513,
  SC_MADV_MSG_RECORD_STOP          = 514,
  SC_MADV_MSG_GET_THUMB            = 1025,
  SC_MADV_MSG_GET_MEDIA_INFO       = 1026,
  SC_MADV_MSG_DELETE_FILE          = 1281,
  SC_MADV_MSG_LS                   = 1282,
  SC_MADV_MSG_CD                   = 1283,
  SC_MADV_MSG_GET_FILE             = 1285,
  SC_MADV_MSG_CANCEL_FILE_XFER     = 1287,
  SC_MADV_MSG_GET_WIFI_SETTING     = 1539,
  SC_MADV_MSG_QUERY_SESSION_HOLDER = 1793,
  SC_MADV_MSG_GET_SN               = 4097,
  SC_MADV_MSG_GET_DEVICE_NAME      = 4099,
  SC_MADV_MSG_GET_DEVICE_VERSION   = 4100,
  SC_MADV_MSG_SD_MOUNTED           = 4353,
  SC_MADV_MSG_SD_FULL              = 4354,
  SC_MADV_MSG_GET_STORAGE_STATE    = 4358,
  SC_MADV_MSG_SD_SLOW              = 4359,
  SC_MADV_MSG_BATTERY              = 4361,
  SC_MADV_MSG_CAMERA_STATE         = 4362,
  SC_MADV_MSG_GET_ALL_SETTINGS     = 4364,
  SC_MADV_MSG_GET_ALL_MODES        = 4365,
  SC_MADV_MSG_SET_CAMERA_MODE      = 4611,
  SC_MADV_MSG_SHOOT_PHOTO          = 4864,
  SC_MADV_MSG_SET_GPS_INFO         = 4917,
  SC_MADV_MSG_RTC_SYNC             = 6147,
  SC_MADV_MSG_WAKEUP               = 6154,
  SC_MADV_MSG_POWERING_OFF         = 6155,
  SC_MADV_MSG_OVERHEAT             = 6158,
  SC_MADV_MSG_SAVE_VIDEO_DONE      = 8192,
  SC_MADV_MSG_SAVE_PHOTO_DONE      = 8193,
  SC_MADV_MSG_SPLIT_DONE           = 8195,
} ScMadvMsg;

/* rval codes (MADV-PROTOCOL.md §1.7) */
#define SC_MADV_RVAL_OK               0
#define SC_MADV_RVAL_NOTIFICATION_OK  128
#define SC_MADV_RVAL_SESSION_DENIED   (-3)
#define SC_MADV_RVAL_INVALID_TOKEN    (-4)
#define SC_MADV_RVAL_INVALID_OP       (-14)
#define SC_MADV_RVAL_SD_FULL          (-17)
#define SC_MADV_RVAL_BUSY             (-21)
#define SC_MADV_RVAL_NO_SUCH_FILE     (-26)
#define SC_MADV_RVAL_NO_SD            (-50)
#define SC_MADV_RVAL_WRONG_MODE       (-56)
#define SC_MADV_RVAL_LOW_BATTERY      (-58)
#define SC_MADV_RVAL_BAD_SD           (-59)
#define SC_MADV_RVAL_FAULTY_SD        (-61)

#define SC_TYPE_MADV_CLIENT (sc_madv_client_get_type ())
G_DECLARE_FINAL_TYPE (ScMadvClient, sc_madv_client, SC, MADV_CLIENT, GObject)

/* Framing, exposed for tests and fuzzing: appends @data to @buffer and
 * returns every complete JSON object it now holds (a GPtrArray of
 * JsonNode, possibly empty), removing them and any garbage before them
 * from @buffer. A message that is not valid JSON, or a buffer over
 * SC_MADV_MAX_MESSAGE_BYTES, is an error (G_IO_ERROR_INVALID_DATA). */
GPtrArray    *sc_madv_framer_push              (GByteArray           *buffer,
                                                const guint8         *data,
                                                gsize                 length,
                                                GError              **error);

ScMadvClient *sc_madv_client_new               (const char           *host,
                                                guint16               command_port,
                                                guint16               data_port);
const char   *sc_madv_client_get_host          (ScMadvClient         *self);
gint          sc_madv_client_get_token         (ScMadvClient         *self);
gboolean      sc_madv_client_is_open           (ScMadvClient         *self);

/* Connects to the command port and starts the session (257). Fails with
 * SC_CAMERA_ERROR_BUSY and a message that says another app or phone holds
 * the camera when it answers rval −3. */
void          sc_madv_client_open_async        (ScMadvClient         *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean      sc_madv_client_open_finish       (ScMadvClient         *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* Sends 258 (best effort, not waited for long), closes both sockets,
 * fails every queued request with G_IO_ERROR_CLOSED. Idempotent. */
void          sc_madv_client_close             (ScMadvClient         *self);

/* Queues one request. @extra (nullable) is a flat JSON object whose members
 * are added to {"msg_id":…,"token":…} (strings, ints; no nested objects, as
 * the camera's parser requires). @timeout_ms 0 = the default. The result is
 * the reply object (JsonObject, ref'd) when rval is 0 (or 128); otherwise an
 * error from sc_madv_client_error_from_rval(). */
void          sc_madv_client_request_async     (ScMadvClient         *self,
                                                guint                 msg_id,
                                                JsonObject           *extra,
                                                guint                 timeout_ms,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
JsonObject   *sc_madv_client_request_finish    (ScMadvClient         *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* Convenience: {"param": @param} (a string, as MADV sends every param). */
JsonObject   *sc_madv_client_param             (const char           *param);

/* Downloads @length bytes of the camera file @path from @offset over the
 * data port (1285 GET_FILE in chunks of @chunk_size, reading each chunk's
 * bytes from 8787 and waiting for the msg 7 get_file_complete for it,
 * checking its byte count and MD5 when given), writing them to @output.
 * Connects the data port on first use (261 SET_CLNT_INFO must have been
 * sent: the camera object does that at connect). @progress is called on
 * the client's context. A dropped data connection fails with
 * G_IO_ERROR_CONNECTION_CLOSED and leaves the data port closed (the next
 * transfer reconnects). Cancelling sends 1287 CANCEL_FILE_XFER. */
typedef void (*ScMadvProgressFunc) (guint64  received,
                                    guint64  total,
                                    gpointer user_data);
void          sc_madv_client_get_file_async    (ScMadvClient         *self,
                                                const char           *path,
                                                guint64               offset,
                                                GOutputStream        *output,
                                                ScMadvProgressFunc    progress,
                                                gpointer              progress_data,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
/* Returns the file's total size (from the 1285 reply's "size") via @size. */
gboolean      sc_madv_client_get_file_finish   (ScMadvClient         *self,
                                                GAsyncResult         *result,
                                                guint64              *size,
                                                GError              **error);

/* 1025 GET_THUMB over the data port: @type "thumb" (a photo's JPEG) or
 * "idr" (a video's AB companion: one H.264 IDR access unit). Added by M-H. */
#define SC_MADV_MAX_THUMBNAIL_BYTES   (8 * 1024 * 1024)
void          sc_madv_client_get_thumbnail_async  (ScMadvClient        *self,
                                                   const char          *path,
                                                   const char          *type,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GBytes       *sc_madv_client_get_thumbnail_finish (ScMadvClient        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Bytes per 1285 request (0: SC_MADV_DATA_CHUNK_BYTES); for tests and
 * slow links. Added by M-P. */
void          sc_madv_client_set_chunk_size    (ScMadvClient         *self,
                                                gsize                 chunk_size);
/* Whether a chunk must match the md5sum of its msg 7 (default TRUE: the
 * vendor's own check is disabled, so a real camera may differ). Added by M-P. */
void          sc_madv_client_set_verify_md5    (ScMadvClient         *self,
                                                gboolean              verify);

/* While held (count > 0), the client sends 6154 whenever the command
 * socket has been idle for SC_MADV_HEARTBEAT_IDLE_MS. */
void          sc_madv_client_hold_awake        (ScMadvClient         *self);
void          sc_madv_client_release_awake     (ScMadvClient         *self);

/* rval → a GError in SC_CAMERA_ERROR (sc-error.h) with a message that
 * says what to do: −3 "another app or phone is connected to the camera:
 * disconnect it, then try again", −17 storage full, −21 busy, −26 not
 * found, −50 no card, −56 wrong mode, −58 battery low, −59/−61 card, … */
GError       *sc_madv_client_error_from_rval   (gint                  rval,
                                                guint                 msg_id);

/* Sizes come as signed 32-bit ints: values above 2 GiB are negative. */
static inline guint64
sc_madv_size_from_json (gint64 value)
{
  return value < 0 ? (guint64)(guint32)value : (guint64)value;
}

G_END_DECLS
