/* sc-redact.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

/**
 * ScRedactFlags:
 * @SC_REDACT_SERIAL: camera serial numbers, `osc:` camera ids, THETA user names
 * @SC_REDACT_MAC: MAC addresses
 * @SC_REDACT_SSID: Wi-Fi network names
 * @SC_REDACT_COORDINATES: latitude/longitude values
 * @SC_REDACT_EMAIL: e-mail addresses
 * @SC_REDACT_PHONE: phone numbers
 * @SC_REDACT_ALL: all of the above
 *
 * Which kinds of identifiers sc_redact() replaces.
 */
typedef enum {
  SC_REDACT_NONE        = 0,
  SC_REDACT_SERIAL      = 1 << 0,
  SC_REDACT_MAC         = 1 << 1,
  SC_REDACT_SSID        = 1 << 2,
  SC_REDACT_COORDINATES = 1 << 3,
  SC_REDACT_EMAIL       = 1 << 4,
  SC_REDACT_PHONE       = 1 << 5,
  SC_REDACT_ALL         = 0x3f,
} ScRedactFlags;

/**
 * ScRedactKind:
 * @SC_REDACT_KIND_SERIAL: a camera serial number (placeholder `[serial]`)
 * @SC_REDACT_KIND_MAC: a MAC address (placeholder `[mac]`)
 * @SC_REDACT_KIND_SSID: a Wi-Fi network name (placeholder `[ssid]`)
 *
 * What a registered identifier is (see sc_redact_add_identifier()).
 */
typedef enum {
  SC_REDACT_KIND_SERIAL,
  SC_REDACT_KIND_MAC,
  SC_REDACT_KIND_SSID,
} ScRedactKind;

/* The shortest value sc_redact_add_identifier() accepts. */
#define SC_REDACT_MIN_IDENTIFIER_LENGTH 3

char     *sc_redact                   (const char    *text,
                                       ScRedactFlags  what);
void      sc_redact_add_identifier    (const char    *value,
                                       ScRedactKind   kind);
void      sc_redact_clear_identifiers (void);

G_END_DECLS
