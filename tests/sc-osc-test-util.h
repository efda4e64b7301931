/* sc-osc-test-util.h: helpers shared by the ScOscCamera tests
 *
 * Each test case starts its own spherecam-emulator (a real OSC server on
 * 127.0.0.1, from SC_TEST_EMULATOR) and drives an ScCamera against it,
 * waiting for each asynchronous call in the main context.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include <sc-core.h>
/* Until sc-core.h includes the camera headers. */
#define SC_CORE_INSIDE
#include "sc-camera.h"
#undef SC_CORE_INSIDE

#include "sc-emulator-launcher.h"

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char        *url;
  char        *storage;
} ScOscEmulator;

/* What the progress callback of sc_osc_test_download() saw. */
typedef struct
{
  guint   calls;
  guint64 current;
  guint64 total;
  gboolean freed;
} ScOscProgress;

void          sc_osc_emulator_start_with_files (ScOscEmulator       *emu,
                                                guint                n_files,
                                                const char          *first_arg,
                                                ...);
void          sc_osc_emulator_stop             (ScOscEmulator       *emu);

/* Starts the emulator with an empty storage folder and the given extra
 * arguments, NULL-terminated. */
#define sc_osc_emulator_start(emu, ...) sc_osc_emulator_start_with_files ((emu), 0, __VA_ARGS__)

gboolean      sc_osc_test_wait_for             (gboolean           (*predicate) (gpointer),
                                                gpointer             data,
                                                guint                timeout_ms);
void          sc_osc_test_spin                 (guint                ms);
void          sc_osc_test_async_cb             (GObject             *object,
                                                GAsyncResult        *result,
                                                gpointer             user_data);
GAsyncResult *sc_osc_test_await                (GAsyncResult       **slot);

/* Waits for the result that sc_osc_test_async_cb() stores in @slot. */
#define AWAIT(slot) (sc_osc_test_await (&(slot)))

ScCamera     *sc_osc_test_new_camera           (const char          *url,
                                                const char          *username,
                                                const char          *password);
gboolean      sc_osc_test_connect_camera       (ScCamera            *camera,
                                                GError             **error);
ScCamera     *sc_osc_test_new_connected_camera (const char          *url);
void          sc_osc_test_finish_camera        (ScCamera           **camera);

ScCameraFile *sc_osc_test_take_picture         (ScCamera            *camera,
                                                GError             **error);
GVariant     *sc_osc_test_get_options          (ScCamera            *camera,
                                                const char * const  *names,
                                                GError             **error);
GVariant     *sc_osc_test_get_option           (ScCamera            *camera,
                                                const char          *name);
gboolean      sc_osc_test_set_options          (ScCamera            *camera,
                                                GVariant            *options,
                                                GError             **error);
GPtrArray    *sc_osc_test_list_files           (ScCamera            *camera,
                                                ScCameraFileType     type,
                                                guint                max_entries,
                                                gboolean             with_thumbnails,
                                                GError             **error);
gboolean      sc_osc_test_delete_files         (ScCamera            *camera,
                                                const char * const  *uris,
                                                GError             **error);
GVariant     *sc_osc_test_refresh_state        (ScCamera            *camera,
                                                GError             **error);
GFile        *sc_osc_test_download             (ScCamera            *camera,
                                                ScCameraFile        *file,
                                                GFile               *directory,
                                                ScOscProgress       *progress,
                                                GError             **error);

G_END_DECLS
