/* sc-download.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "sc-geotag.h"

G_BEGIN_DECLS

#define SC_TYPE_DOWNLOAD (sc_download_get_type ())

/**
 * SC_DOWNLOAD_DEFAULT_MAX_RETRIES:
 *
 * How many times a download is resumed or restarted after a dropped
 * connection unless sc_download_set_max_retries() says otherwise.
 */
#define SC_DOWNLOAD_DEFAULT_MAX_RETRIES 3

G_DECLARE_FINAL_TYPE (ScDownload, sc_download, SC, DOWNLOAD, GObject)

/*
 * One HTTP download to a folder, with the guarantees every camera download
 * has: streamed in constant memory; progress ("bytes-received",
 * "total-bytes" properties, notified in the owner's context); cancellable;
 * written to a hidden temporary file in the target folder and renamed only
 * when complete and its size verified against Content-Length (the
 * size_hint from a listing is only a hint); resumed with an HTTP Range
 * request after a dropped connection (up to "max-retries" times, when the
 * server honours Range; otherwise restarted from 0); never overwrites (a
 * clash gets "name (1).ext"); free space checked before the first byte;
 * on any failure the temporary file is removed and nothing is left behind.
 * With a geotag (sc_download_set_geotag(), else the user's current
 * location from the default ScLocationSource when the location permission
 * allows it) and the location permission still on when the file is
 * complete, the position is written into a JPEG or MP4 before the rename,
 * unless the camera put its own there.
 * Errors: G_IO_ERROR_NO_SPACE, G_IO_ERROR_PARTIAL_INPUT (short body after
 * the retries), G_IO_ERROR_CANCELLED, SC_CAMERA_ERROR_PROTOCOL (HTTP error
 * status), G_IO_ERROR_INVALID_FILENAME (a name that cannot be made safe).
 */
ScDownload *sc_download_new               (SoupSession          *session,
                                           const char           *url,
                                           GFile                *directory,
                                           const char           *name);
void        sc_download_set_size_hint     (ScDownload           *self,
                                           guint64               size_hint);
void        sc_download_set_max_retries   (ScDownload           *self,
                                           guint                 max_retries);
guint64     sc_download_get_bytes_received (ScDownload          *self);
guint64     sc_download_get_total_bytes   (ScDownload           *self);
void        sc_download_run_async         (ScDownload           *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GFile      *sc_download_run_finish        (ScDownload           *self,
                                           GAsyncResult         *result,
                                           GError              **error);

const char *sc_download_get_url           (ScDownload           *self);
GFile      *sc_download_get_directory     (ScDownload           *self);
const char *sc_download_get_name          (ScDownload           *self);
guint64     sc_download_get_size_hint     (ScDownload           *self);
guint       sc_download_get_max_retries   (ScDownload           *self);
GFile      *sc_download_get_file          (ScDownload           *self);

char       *sc_download_sanitize_name     (const char           *name);

void        sc_download_set_keep_bytes    (ScDownload           *self,
                                           gboolean              keep_bytes);
void        sc_download_set_geotag        (ScDownload           *self,
                                           const ScGeoLocation  *location);

G_END_DECLS
