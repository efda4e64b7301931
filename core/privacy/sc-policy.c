/* sc-policy.c: the shipped user agreement and privacy policy
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-policy"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-policy.h"
#include "sc-policy-resources.h"

#define RESOURCE_DIR "/org/spherecam/Spherecam/policy/"

/* The languages the texts are written in; the first is the fallback. */
static const char * const languages[] = { "en", "zh_CN" };

static const char * const document_names[] = {
  [SC_POLICY_USER_AGREEMENT] = "user-agreement",
  [SC_POLICY_PRIVACY_POLICY] = "privacy-policy",
};

static void
ensure_resource (void)
{
  static gsize registered;

  if (g_once_init_enter (&registered))
    {
      sc_policy_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

/**
 * sc_policy_document_to_string:
 * @document: an #ScPolicyDocument
 *
 * Returns: "user-agreement" or "privacy-policy"
 */
const char *
sc_policy_document_to_string (ScPolicyDocument document)
{
  g_return_val_if_fail ((guint) document < G_N_ELEMENTS (document_names), NULL);

  return document_names[document];
}

/**
 * sc_policy_document_from_string:
 * @string: "user-agreement" or "privacy-policy"
 * @document: (out): where to store the document
 *
 * Returns: %TRUE if @string names a document
 */
gboolean
sc_policy_document_from_string (const char       *string,
                                ScPolicyDocument *document)
{
  g_return_val_if_fail (document != NULL, FALSE);

  for (guint i = 0; string != NULL && i < G_N_ELEMENTS (document_names); i++)
    if (g_str_equal (string, document_names[i]))
      {
        *document = i;
        return TRUE;
      }

  return FALSE;
}

/* "zh_CN.UTF-8@x" → "zh_CN" and "zh"; returns the shipped language that
 * matches @name exactly or by its language part, or NULL. */
static const char *
match_language (const char *name)
{
  g_autofree char *base = g_strdup (name);
  char *cut;

  if ((cut = strpbrk (base, ".@")) != NULL)
    *cut = '\0';

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (base, languages[i]))
      return languages[i];

  if ((cut = strchr (base, '_')) != NULL)
    *cut = '\0';

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_str_has_prefix (languages[i], base) &&
        (languages[i][strlen (base)] == '\0' || languages[i][strlen (base)] == '_'))
      return languages[i];

  return NULL;
}

static const char *
pick_language (const char *requested)
{
  const char * const *names;

  if (requested != NULL && requested[0] != '\0')
    return match_language (requested) ?: languages[0];

  names = g_get_language_names ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *match;

      if (g_str_equal (names[i], "C") || g_str_equal (names[i], "POSIX"))
        break;
      if ((match = match_language (names[i])) != NULL)
        return match;
    }

  return languages[0];
}

/* Splits "---\nkey: value\n…\n---\nbody" into its header values and body. */
static gboolean
parse (const char  *contents,
       gsize        length,
       char       **text,
       char       **version,
       char       **date,
       GError     **error)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *found_version = NULL;
  g_autofree char *found_date = NULL;
  const char *body;
  const char *end;

  if (!g_str_has_prefix (contents, "---\n") ||
      (end = strstr (contents + 4, "\n---\n")) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "A policy text has no header block");
      return FALSE;
    }

  lines = g_strsplit (contents + 4, "\n", 0);
  for (guint i = 0; lines[i] != NULL && !g_str_equal (lines[i], "---"); i++)
    {
      g_auto(GStrv) pair = g_strsplit (lines[i], ":", 2);

      if (g_strv_length (pair) != 2)
        continue;
      g_strstrip (pair[0]);
      g_strstrip (pair[1]);
      if (g_str_equal (pair[0], "version"))
        { g_free (found_version); found_version = g_strdup (pair[1]); }
      else if (g_str_equal (pair[0], "date"))
        { g_free (found_date); found_date = g_strdup (pair[1]); }
    }

  if (found_version == NULL || found_date == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "A policy text has no version or date");
      return FALSE;
    }

  body = end + strlen ("\n---\n");
  while (*body == '\n')
    body++;

  if (text != NULL)
    *text = g_strndup (body, length - (gsize) (body - contents));
  if (version != NULL)
    *version = g_steal_pointer (&found_version);
  if (date != NULL)
    *date = g_steal_pointer (&found_date);

  return TRUE;
}

/**
 * sc_policy_load:
 * @document: which text
 * @language: (nullable): "en", "zh_CN" (or "zh", "zh_CN.UTF-8"…), or %NULL
 *   for the user's language; a language without a text gets English
 * @text: (out) (optional): the Markdown text, without its header block
 * @version: (out) (optional): the text's version
 * @date: (out) (optional): the text's date, YYYY-MM-DD
 * @out_language: (out) (optional): the language of the text returned
 * @error: return location for a #GError
 *
 * Reads a policy text compiled into the library.
 *
 * Returns: %TRUE on success
 */
gboolean
sc_policy_load (ScPolicyDocument   document,
                const char        *language,
                char             **text,
                char             **version,
                char             **date,
                char             **out_language,
                GError           **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  const char *lang;
  const char *contents;
  gsize length;

  g_return_val_if_fail ((guint) document < G_N_ELEMENTS (document_names), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ensure_resource ();

  lang = pick_language (language);
  path = g_strdup_printf (RESOURCE_DIR "%s.%s.md", document_names[document], lang);
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;

  contents = g_bytes_get_data (bytes, &length);
  if (!parse (contents, length, text, version, date, error))
    return FALSE;

  if (out_language != NULL)
    *out_language = g_strdup (lang);

  return TRUE;
}
