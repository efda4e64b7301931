/* test-emulator-util.h: helpers for the emulator's own tests
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sc-emulator-launcher.h"

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char        *url;
  char        *storage;     /* the --storage directory, removed at stop */
  SoupSession *session;
} Emu;

typedef struct
{
  guint               status;
  GBytes             *body;
  SoupMessageHeaders *headers;
  GError             *error;   /* transport error, if any */
} EmuReply;

Emu        *emu_start              (const char   *first_arg,
                                    ...) G_GNUC_NULL_TERMINATED;
void        emu_stop               (Emu          *emu);
Emu        *emu_shared             (void);
void        emu_shared_stop        (void);

void        emu_reply_clear        (EmuReply     *reply);
void        emu_request            (Emu          *emu,
                                    const char   *method,
                                    const char   *url_or_path,
                                    const char   *body,
                                    const char   *range,
                                    EmuReply     *reply);
JsonObject *emu_post               (Emu          *emu,
                                    const char   *path,
                                    const char   *body,
                                    guint        *status);
JsonObject *emu_execute            (Emu          *emu,
                                    const char   *name,
                                    const char   *params_json,
                                    guint        *status);
JsonObject *emu_execute_done       (Emu          *emu,
                                    const char   *name,
                                    const char   *params_json);
JsonObject *emu_wait_command       (Emu          *emu,
                                    JsonObject   *command);
void        emu_assert_error       (JsonObject   *reply,
                                    guint         status,
                                    guint         expected_status,
                                    const char   *code);
char       *emu_take_picture       (Emu          *emu);
char       *emu_fingerprint        (Emu          *emu);
JsonObject *emu_parse              (GBytes       *bytes);
GBytes     *emu_decode_jpeg        (GBytes       *jpeg,
                                    int          *width,
                                    int          *height);

void        test_emulator_add_media_tests   (void);
void        test_emulator_add_fault_tests   (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Emu, emu_stop)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EmuReply, emu_reply_clear)

G_END_DECLS
