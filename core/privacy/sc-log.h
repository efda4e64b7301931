/* sc-log.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * SC_LOG_DEFAULT_MAX_SIZE:
 *
 * The size at which spherecam.log is rotated, unless
 * sc_log_set_max_size() says otherwise.
 */
#define SC_LOG_DEFAULT_MAX_SIZE (1024 * 1024)

/**
 * SC_LOG_DEFAULT_RING_SIZE:
 *
 * How many lines the in-memory ring keeps.
 */
#define SC_LOG_DEFAULT_RING_SIZE 2000

/**
 * SC_LOG_N_ROTATED:
 *
 * How many rotated files (spherecam.log.1 … .3) are kept.
 */
#define SC_LOG_N_ROTATED 3

#define SC_LOG_FILE_NAME "spherecam.log"

/**
 * ScLogLineFunc:
 * @line: one formatted line as it enters the ring (redacted unless
 *   detailed diagnostics are on), without a trailing newline
 * @user_data: the data given to sc_log_set_line_func()
 *
 * Called on the logging thread with ScLog's lock held: it must be quick,
 * must not call sc_log_*() and must hop to its own main context for any
 * UI work. It should not log: GLib aborts a g_log() made inside another
 * one, and prints a structured message logged from inside a log writer
 * with its fallback writer, to stderr only and unredacted.
 */
typedef void (*ScLogLineFunc) (const char *line,
                               gpointer    user_data);

/*
 * The process-wide log (a singleton: GLib has one log writer).
 * sc_log_init() installs a structured log writer that forwards every
 * message to g_log_writer_default() (so G_MESSAGES_DEBUG works as usual)
 * and keeps the last lines in memory and in <directory>/spherecam.log
 * (mode 0600 in a 0700 directory, rotated at the maximum size to
 * spherecam.log.1 … .3). Unless detailed diagnostics are on, everything —
 * ring, file and stderr — goes through sc_redact(). Thread-safe.
 */
void       sc_log_init              (GFile          *directory);
void       sc_log_shutdown          (void);
void       sc_log_set_detailed      (gboolean        detailed);
gboolean   sc_log_get_detailed      (void);
void       sc_log_set_capture_debug (gboolean        capture_debug);
gboolean   sc_log_get_capture_debug (void);
void       sc_log_set_max_size      (gsize           max_size);
gsize      sc_log_get_max_size      (void);
GFile     *sc_log_get_file          (void);
char     **sc_log_dup_ring          (void);
gboolean   sc_log_clear             (GError        **error);
void       sc_log_set_line_func     (ScLogLineFunc   func,
                                     gpointer        user_data);

G_END_DECLS
