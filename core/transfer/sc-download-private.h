/* sc-download-private.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the worker thread needs to make a downloaded file final. */
typedef struct
{
  GFile             *temp_file;
  GFileOutputStream *output;      /* closed by the worker */
  GFile             *directory;
  char              *name;        /* sanitised */
} ScDownloadFinishData;

void _sc_download_finish_data_free   (gpointer      user_data);
void _sc_download_finish_file_thread (GTask        *task,
                                      gpointer      source_object,
                                      gpointer      task_data,
                                      GCancellable *cancellable);

G_END_DECLS
