/* sc-consent.h
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

#define SC_TYPE_CONSENT (sc_consent_get_type ())

G_DECLARE_FINAL_TYPE (ScConsent, sc_consent, SC, CONSENT, GObject)

/*
 * Which version of the user agreement and privacy policy the user accepted,
 * and when. "is-accepted" is TRUE only while the accepted version equals
 * "policy-version" (the version shipped), so a new policy asks again.
 * Kept in DIRECTORY/consent.json (mode 0600, replaced atomically); the file
 * holds the version and the time, nothing else. An unreadable file counts
 * as "not accepted" and is set aside as consent.json.corrupt-<time>.
 * Errors: SC_PERMISSION_ERROR_CONSENT_REQUIRED (sc_consent_check), G_IO_ERROR
 * or G_FILE_ERROR when the file cannot be read or written.
 * Belongs to the thread that created it.
 */
ScConsent  *sc_consent_new                 (GFile       *directory,
                                            const char  *policy_version);
gboolean    sc_consent_load                (ScConsent   *self,
                                            GError     **error);
gboolean    sc_consent_accept              (ScConsent   *self,
                                            GError     **error);
gboolean    sc_consent_revoke              (ScConsent   *self,
                                            GError     **error);
gboolean    sc_consent_check               (ScConsent   *self,
                                            GError     **error);
GError     *sc_consent_required_error_new  (void);

GFile      *sc_consent_get_directory       (ScConsent   *self);
GFile      *sc_consent_get_file            (ScConsent   *self);
const char *sc_consent_get_policy_version  (ScConsent   *self);
void        sc_consent_set_policy_version  (ScConsent   *self,
                                            const char  *policy_version);
const char *sc_consent_get_accepted_version (ScConsent  *self);
GDateTime  *sc_consent_get_accepted_at     (ScConsent   *self);
gboolean    sc_consent_get_is_accepted     (ScConsent   *self);

G_END_DECLS
