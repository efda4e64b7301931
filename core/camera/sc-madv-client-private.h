/* sc-madv-client-private.h: what the files of ScMadvClient share

 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sc-madv-client.h"

G_BEGIN_DECLS

struct _ScMadvClient
{
  GObject             parent_instance;

  GMainContext       *context;
  char               *host;
  guint16             command_port;
  guint16             data_port;

  GSocketConnection  *connection;
  GCancellable       *io_cancellable;   /* reads and writes of this connection */
  GByteArray         *buffer;           /* the framer's buffer */
  GQueue              out_queue;        /* GBytes waiting to be written */
  gboolean            writing;
  gint64              last_activity_us;

  gint                token;
  gboolean            is_open;
  gboolean            opening;

  GQueue              queue;            /* Request, not yet sent */
  struct _Request    *current;          /* sent, waiting for its reply */
  GHashTable         *stale;            /* msg_id → count of replies to drop */

  guint               awake_count;
  GSource            *heartbeat;

  GSocketConnection  *data_connection;
  struct _Transfer   *transfer;         /* the get_file in progress, if any */
  gsize               chunk_size;
  gboolean            verify_md5;
};

typedef void (*ScMadvRequestDone) (ScMadvClient *self,
                                   JsonObject   *reply,
                                   const GError *error,
                                   gpointer      data);

/* sc-madv-client-json.c */
gboolean    _sc_madv_json_get_int                  (JsonObject        *object,
                                                    const char        *name,
                                                    gint64            *value);
const char *_sc_madv_json_get_string               (JsonObject        *object,
                                                    const char        *name);
GBytes     *_sc_madv_build_request                 (guint              msg_id,
                                                    gint               token,
                                                    JsonObject        *extra);
gboolean    _sc_madv_rval_is_ok                    (JsonObject        *message,
                                                    gint64            *rval);

/* sc-madv-client.c */
void        _sc_madv_client_enqueue_internal       (ScMadvClient      *self,
                                                    guint              msg_id,
                                                    JsonObject        *extra,
                                                    guint              timeout_ms,
                                                    ScMadvRequestDone  done,
                                                    gpointer           done_data,
                                                    gboolean           at_head);
void        _sc_madv_client_mark_stale             (ScMadvClient      *self,
                                                    guint              msg_id);
gboolean    _sc_madv_client_take_stale             (ScMadvClient      *self,
                                                    guint              msg_id);
void        _sc_madv_client_schedule               (ScMadvClient      *self,
                                                    GSourceFunc        func,
                                                    const char        *name);

/* sc-madv-client-transfer.c */
gboolean    _sc_madv_client_transfer_notification  (ScMadvClient      *self,
                                                    JsonObject        *message);
void        _sc_madv_client_transfer_abort         (ScMadvClient      *self,
                                                    const GError      *error);
void        _sc_madv_client_close_data             (ScMadvClient      *self);

G_END_DECLS
