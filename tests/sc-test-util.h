/* sc-test-util.h: helpers shared by the integration tests
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Written in $HOME by sc_test_service_bus_up(); see check-logs.sh. */
#define SC_TEST_SERVICE_NOTE ".spherecam-test-runs-service"

typedef struct
{
  int   status;     /* exit status, or -1 if it did not exit normally */
  char *out;
  char *err;
} ScTestRun;

void        sc_test_run_clear   (ScTestRun   *run);
const char *sc_test_env_path    (const char  *variable);
void        sc_test_ctl         (ScTestRun   *run,
                                 ...) G_GNUC_NULL_TERMINATED;
void        sc_test_ctl_argv    (ScTestRun          *run,
                                 const char         *cwd,
                                 const char * const *args);
void        sc_test_ctl_valist  (ScTestRun   *run,
                                 const char  *cwd,
                                 const char  *first,
                                 va_list      ap);
JsonObject *sc_test_run_json    (ScTestRun   *run,
                                 JsonNode   **root);
void        sc_test_assert_text_error (ScTestRun *run);
JsonNode   *sc_test_parse_json  (const char  *text);
char       *sc_test_run_tool    (const char * const *argv);
void        sc_test_wait_until  (gboolean   (*predicate) (gpointer),
                                 gpointer      data,
                                 guint         timeout_s);
GTestDBus  *sc_test_service_bus_up (gboolean connects_cameras);
char       *sc_test_accept_consent (void);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScTestRun, sc_test_run_clear)

gboolean    sc_test_remove_tree         (const char  *path);
char       *sc_test_private_home        (void);

G_END_DECLS
