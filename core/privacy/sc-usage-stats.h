/* sc-usage-stats.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SC_TYPE_USAGE_STATS (sc_usage_stats_get_type ())

G_DECLARE_FINAL_TYPE (ScUsageStats, sc_usage_stats, SC, USAGE_STATS, GObject)

/*
 * Usage statistics, off by default ("enabled"). While enabled: local,
 * aggregated daily counters only, kept in DIRECTORY/usage-statistics.json
 * (0600, replaced atomically). Counter names are fixed strings chosen by
 * the app ("app-starts", "page-opened:camera", "camera-requests:camera.takePicture",
 * "camera-request-errors:…", "camera-request-ms:…", "seconds-running"
 * (counted here: the time the process ran), "seconds-active" (the window's
 * active time, counted by the UI),
 * "crashes"); never an identifier, path, address or free text. Nothing is
 * sent anywhere. While disabled every call is a no-op and nothing is
 * written. Thread-safe.
 */
ScUsageStats *sc_usage_stats_new              (GFile        *directory);
ScUsageStats *sc_usage_stats_get_default      (void);
void          sc_usage_stats_set_default      (ScUsageStats *stats);

gboolean      sc_usage_stats_get_enabled      (ScUsageStats *self);
void          sc_usage_stats_set_enabled      (ScUsageStats *self,
                                               gboolean      enabled);
void          sc_usage_stats_count            (ScUsageStats *self,
                                               const char   *counter,
                                               gint64        delta);
void          sc_usage_stats_record_request   (ScUsageStats *self,
                                               const char   *command,
                                               gint64        duration_ms,
                                               gboolean      failed);
void          sc_usage_stats_app_started      (ScUsageStats *self);
void          sc_usage_stats_app_stopped      (ScUsageStats *self);
JsonNode     *sc_usage_stats_to_json          (ScUsageStats *self);
gint64        sc_usage_stats_get_n_days       (ScUsageStats *self);
gboolean      sc_usage_stats_save             (ScUsageStats *self,
                                               GError      **error);
gboolean      sc_usage_stats_erase            (ScUsageStats *self,
                                               GError      **error);

G_END_DECLS
