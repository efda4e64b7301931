/* sc-emulator-launcher.h: run spherecam-emulator from a test
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where the emulator's files live: fileUrl = <URL> SC_EMULATOR_FILES_PATH <name>. */
#define SC_EMULATOR_STORAGE_ID "53504843454d55374b32513900000001"
#define SC_EMULATOR_FILES_PATH "/files/" SC_EMULATOR_STORAGE_ID "/100SPHCM/"
#define SC_EMULATOR_SERIAL     "EMU7K2Q9"

char  *sc_emulator_launch         (const char * const  *extra_args,
                                   GSubprocess        **out_process,
                                   GError             **error);
void   sc_emulator_stop           (GSubprocess         *process);

/* Byte @offset of the synthetic --big-file video (SPHC9999.MP4). */
static inline guint8
sc_emulator_big_file_byte (guint64 offset)
{
  return (guint8)((guint32)(offset * 2654435761u) >> 24);
}

G_END_DECLS
