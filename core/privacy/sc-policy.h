/* sc-policy.h
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
 * SC_POLICY_VERSION:
 *
 * The version of the user agreement and privacy policy this build ships
 * (the `version` in the header of every file in data/policy/; a test keeps
 * them equal). The user must accept it before the app does anything.
 */
#define SC_POLICY_VERSION "1.0"

/**
 * ScPolicyDocument:
 * @SC_POLICY_USER_AGREEMENT: the user agreement
 * @SC_POLICY_PRIVACY_POLICY: the privacy policy
 */
typedef enum
{
  SC_POLICY_USER_AGREEMENT,
  SC_POLICY_PRIVACY_POLICY,
} ScPolicyDocument;

const char *sc_policy_document_to_string   (ScPolicyDocument   document);
gboolean    sc_policy_document_from_string (const char        *string,
                                            ScPolicyDocument  *document);
gboolean    sc_policy_load                 (ScPolicyDocument   document,
                                            const char        *language,
                                            char             **text,
                                            char             **version,
                                            char             **date,
                                            char             **out_language,
                                            GError           **error);

G_END_DECLS
