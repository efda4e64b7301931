/* sc-download-test-util.h: the ScDownload tests' HTTP server and helpers
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#define SC_CORE_INSIDE
#include "sc-download.h"
#include "sc-error.h"
#include "sc-permissions.h"
#undef SC_CORE_INSIDE

G_BEGIN_DECLS

#define KiB (G_GUINT64_CONSTANT (1024))
#define MiB (1024 * KiB)

/* How the in-test server answers one path. */
typedef struct
{
  guint64  size;
  guint64  seed;
  guint    status;            /* answer this instead of the file, if not 0 */
  gboolean accept_ranges;     /* send "Accept-Ranges: bytes" */
  gboolean honour_range;      /* answer Range with 206 */
  guint64  drop_after;        /* shut the connection after this many body bytes… */
  guint    drop_requests;     /* …on the first N requests (G_MAXUINT: always) */
  guint64  announce_extra;    /* Content-Length says this much more than is sent */
  gboolean chunked;           /* no Content-Length (chunked encoding) */
  gint64   chunked_length;    /* chunked, with this bogus Content-Length too (if > 0) */
  guint64  stall_after;       /* stop sending after this many body bytes */
  guint64  chunk_size;

  /* What happened. */
  guint    n_requests;
  guint    n_range_requests;
  gboolean stalled;
} ScTestResource;

/* What "notify::bytes-received" showed during sc_test_download_and_check(). */
typedef struct
{
  guint   notifies;
  guint64 last;
  guint64 max;
  gboolean went_back;
} ScTestProgress;

/* The server: one per test program, on 127.0.0.1 */
void            sc_test_server_start             (void);
void            sc_test_server_stop              (void);
ScTestResource *sc_test_add_resource             (const char      *path,
                                                  guint64          size);
ScTestResource *sc_test_lookup_resource          (const char      *path);
char           *sc_test_url_for                  (const char      *path);

/* Checks a downloaded file against what the server sent. */
void            sc_test_assert_file_content      (GFile           *file,
                                                  guint64          size,
                                                  guint64          seed);

GFile          *sc_test_run_download             (ScDownload      *download,
                                                  GCancellable    *cancellable,
                                                  GError         **error);
void            sc_test_download_and_check       (const char      *path,
                                                  const char      *name,
                                                  ScTestResource  *resource,
                                                  ScTestProgress  *progress);
GError         *sc_test_download_expecting_error (const char      *path,
                                                  const char      *name,
                                                  const char      *dir_path,
                                                  guint            max_retries,
                                                  guint64          size_hint);

/* Folders */
char           *sc_test_make_temp_dir            (void);
char           *sc_test_list_dir                 (const char      *path);
void            sc_test_rm_rf                    (const char      *path);

G_END_DECLS
