/* sc-redact.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-redact"

#include "config.h"

#include <string.h>

#include <glib.h>

#include "sc-redact.h"

/*
 * Every pattern has a named group "v": the part of the match that is
 * replaced by the placeholder. What the match has before and after "v" (a
 * key, a quote, a separator) is kept, so `"ssid": "Home"` becomes
 * `"ssid": "[ssid]"`. Phone candidates are checked afterwards for their
 * digit count. This file never logs: ScLog's writer calls it.
 */

typedef enum {
  CHECK_NONE,
  CHECK_PHONE_DIGITS,
} Check;

typedef struct {
  ScRedactFlags  flag;
  const char    *placeholder;
  Check          check;
  gboolean       caseless;
  const char    *pattern;
} PatternDef;

/* The order matters: registered identifiers first (see sc_redact), then the
 * specific forms (e-mail, keyed values), then the generic ones (coordinate
 * pairs, MAC addresses), and phone numbers last, so that they never eat the
 * digits of a coordinate or an address. */
static const PatternDef pattern_defs[] = {
  /* user@example.org */
  { SC_REDACT_EMAIL, "[email]", CHECK_NONE, TRUE,
    "(?<v>(?<![\\w.%+-])[a-z0-9._%+-]+@[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.[a-z]{2,})(?![\\w-])" },

  /* serialNumber=X, serial-number: X, Serial number: X, "serialNumber": "X",
   * serial X (only when X has a digit) */
  { SC_REDACT_SERIAL, "[serial]", CHECK_NONE, TRUE,
    "\\bserial(?:[ _-]?(?:number|no|num|nr))?\"?"
    "(?:\\s*[:=]\\s*\"?|\\s+\"?(?=[a-z_.-]*\\d))"
    "(?<v>[a-z0-9](?:[\\w.-]*[a-z0-9])?)" },

  /* camera ids: osc:EMU7K2Q9 */
  { SC_REDACT_SERIAL, "[serial]", CHECK_NONE, FALSE,
    "\\bosc:(?<v>[A-Za-z0-9](?:[\\w.-]*[A-Za-z0-9])?)" },

  /* THETA user names / SSIDs: THETA + model letters + digits */
  { SC_REDACT_SERIAL, "[serial]", CHECK_NONE, FALSE,
    "(?<v>\\bTHETA[A-Z]{1,3}\\d{6,10})(?:\\.OSC)?\\b" },

  /* ssid=X, SSID: X, wifi_ssid=X, "ssid": "X", ssid 'X' */
  { SC_REDACT_SSID, "[ssid]", CHECK_NONE, TRUE,
    "\\b(?:wi-?fi[ _-]?)?ssid\"?"
    "(?:\\s*[:=]\\s*|\\s+(?=[\"']))"
    "(?:\"(?<v>[^\"]*)\"|'(?<v>[^']*)'|(?<v>(?!\\[)[^\\s,;\"')}\\]]+))" },

  /* lat=35.6, lon 139.7, "lat": 35.6, "lng": 139.7, latitude/longitude */
  { SC_REDACT_COORDINATES, "[coordinates]", CHECK_NONE, TRUE,
    "\\b(?:lat|latitude|lon|lng|long|longitude)\\b\"?"
    "(?:\\s*[:=]\\s*\"?|\\s+(?=[-+]?\\d{1,3}\\.\\d))"
    "(?<v>[-+]?\\d{1,3}(?:\\.\\d+)?)(?![\\d.])" },

  /* ISO 6709: +35.681236+139.767125/ (optionally with altitude) */
  { SC_REDACT_COORDINATES, "[coordinates]", CHECK_NONE, FALSE,
    "(?<![\\w.])(?<v>[-+]\\d{2,6}(?:\\.\\d+)?[-+]\\d{3,7}(?:\\.\\d+)?(?:[-+]\\d+(?:\\.\\d+)?)?)(?:CRS\\w+)?/" },

  /* decimal degree pairs: 35.681236, 139.767125 (4+ decimals each) */
  { SC_REDACT_COORDINATES, "[coordinates]", CHECK_NONE, FALSE,
    "(?<![\\w.])(?<v>[-+]?\\d{1,2}\\.\\d{4,}\\s*,\\s*[-+]?\\d{1,3}\\.\\d{4,})(?![\\w.])" },

  /* 02:5C:E7:00:42:17, 02-5c-e7-00-42-17 */
  { SC_REDACT_MAC, "[mac]", CHECK_NONE, TRUE,
    "(?<![[:xdigit:]])(?<v>[[:xdigit:]]{2}([:-])(?:[[:xdigit:]]{2}\\g{-1}){4}[[:xdigit:]]{2})(?![[:xdigit:]]|[:-][[:xdigit:]])" },

  /* +86 138 0013 8000, +1 (555) 123-4567, (555) 123-4567, 555-123-4567,
   * 030 1234 5678; 7 to 15 digits. No dots as separators, never after a
   * word character, dot, colon, slash or dash, so dates, times, versions,
   * addresses and sizes stay. */
  { SC_REDACT_PHONE, "[phone]", CHECK_PHONE_DIGITS, FALSE,
    "(?<![\\w.:/+-])(?<v>"
      "\\+\\d{1,3}(?:[ -]?\\(\\d{1,5}\\)|[ -]?\\d{1,5}){1,5}"
      "|\\(\\d{2,5}\\)[ -]?\\d{3,4}[ -]?\\d{3,5}"
      "|\\d{3}([- ])\\d{3}\\g{-1}\\d{4}"
      "|0\\d{1,4}[ /-]\\d{3,8}(?:[ -]\\d{2,5})?"
    ")(?![\\w:/-]|\\.\\w|[ -]?\\(?\\d)" },
};

typedef struct {
  const PatternDef *def;
  GRegex           *regex;
} Pattern;

typedef struct {
  Pattern patterns[G_N_ELEMENTS (pattern_defs)];
} Patterns;

/* Registered identifiers: value (casefolded) → ScRedactKind + 1, and the
 * alternation of all values, rebuilt on change. */
static GMutex      identifiers_mutex;
static GHashTable *identifiers;
static GRegex     *identifiers_regex;

static const char *
placeholder_for_kind (ScRedactKind kind)
{
  switch (kind)
    {
    case SC_REDACT_KIND_MAC:    return "[mac]";
    case SC_REDACT_KIND_SSID:   return "[ssid]";
    case SC_REDACT_KIND_SERIAL:
    default:                    return "[serial]";
    }
}

static ScRedactFlags
flag_for_kind (ScRedactKind kind)
{
  switch (kind)
    {
    case SC_REDACT_KIND_MAC:    return SC_REDACT_MAC;
    case SC_REDACT_KIND_SSID:   return SC_REDACT_SSID;
    case SC_REDACT_KIND_SERIAL:
    default:                    return SC_REDACT_SERIAL;
    }
}

static gpointer
compile_patterns (gpointer data)
{
  Patterns *patterns = g_new0 (Patterns, 1);

  for (guint i = 0; i < G_N_ELEMENTS (pattern_defs); i++)
    {
      GRegexCompileFlags flags = G_REGEX_OPTIMIZE | G_REGEX_DUPNAMES;
      g_autoptr(GError) error = NULL;

      if (pattern_defs[i].caseless)
        flags |= G_REGEX_CASELESS;

      patterns->patterns[i].def = &pattern_defs[i];
      patterns->patterns[i].regex = g_regex_new (pattern_defs[i].pattern, flags, 0, &error);
      /* A broken built-in pattern is a programming error, caught by the tests. */
      g_assert_no_error (error);
    }

  return patterns;
}

static const Patterns *
get_patterns (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, compile_patterns, NULL);
}

static guint
count_digits (const char *s,
              gssize      len)
{
  guint n = 0;

  for (gssize i = 0; i < len; i++)
    if (g_ascii_isdigit (s[i]))
      n++;

  return n;
}

/* The span of the group "v" (with G_REGEX_DUPNAMES, GLib returns the
 * alternative that matched). */
static gboolean
fetch_value_pos (const GMatchInfo *match_info,
                 int              *start,
                 int              *end)
{
  return g_match_info_fetch_named_pos (match_info, "v", start, end) && *start >= 0;
}

static int
compare_longest_first (gconstpointer a,
                       gconstpointer b)
{
  const char *sa = *(const char * const *) a;
  const char *sb = *(const char * const *) b;
  gsize la = strlen (sa);
  gsize lb = strlen (sb);

  if (la != lb)
    return la > lb ? -1 : 1;
  return strcmp (sa, sb);
}

typedef struct {
  const PatternDef *def;
  const char       *subject;
} EvalData;

static gboolean
replace_pattern_cb (const GMatchInfo *match_info,
                    GString          *result,
                    gpointer          user_data)
{
  EvalData *data = user_data;
  int m_start, m_end, v_start, v_end;

  g_match_info_fetch_pos (match_info, 0, &m_start, &m_end);
  if (!fetch_value_pos (match_info, &v_start, &v_end))
    {
      g_string_append_len (result, data->subject + m_start, m_end - m_start);
      return FALSE;
    }

  if (data->def->check == CHECK_PHONE_DIGITS)
    {
      guint digits = count_digits (data->subject + v_start, v_end - v_start);

      if (digits < 7 || digits > 15)
        {
          g_string_append_len (result, data->subject + m_start, m_end - m_start);
          return FALSE;
        }
    }

  g_string_append_len (result, data->subject + m_start, v_start - m_start);
  g_string_append (result, data->def->placeholder);
  g_string_append_len (result, data->subject + v_end, m_end - v_end);

  return FALSE;
}

static gboolean
replace_identifier_cb (const GMatchInfo *match_info,
                       GString          *result,
                       gpointer          user_data)
{
  ScRedactFlags what = GPOINTER_TO_UINT (user_data);
  g_autofree char *word = g_match_info_fetch (match_info, 0);
  g_autofree char *key = g_utf8_casefold (word, -1);
  gpointer value;

  g_mutex_lock (&identifiers_mutex);
  value = identifiers != NULL ? g_hash_table_lookup (identifiers, key) : NULL;
  g_mutex_unlock (&identifiers_mutex);

  if (value != NULL && (what & flag_for_kind (GPOINTER_TO_UINT (value) - 1)) != 0)
    g_string_append (result, placeholder_for_kind (GPOINTER_TO_UINT (value) - 1));
  else
    g_string_append (result, word);

  return FALSE;
}

static void
rebuild_identifiers_regex_locked (void)
{
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GString) pattern = NULL;
  GHashTableIter iter;
  gpointer key;

  g_clear_pointer (&identifiers_regex, g_regex_unref);

  if (identifiers == NULL || g_hash_table_size (identifiers) == 0)
    return;

  values = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, identifiers);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (values, key);

  /* Longest first, so that a value containing another one wins. */
  g_ptr_array_sort (values, compare_longest_first);

  pattern = g_string_new (NULL);
  for (guint i = 0; i < values->len; i++)
    {
      g_autofree char *escaped = g_regex_escape_string (g_ptr_array_index (values, i), -1);

      if (pattern->len > 0)
        g_string_append_c (pattern, '|');
      g_string_append (pattern, escaped);
    }

  identifiers_regex = g_regex_new (pattern->str, G_REGEX_CASELESS, 0, NULL);
}

static char *
replace_all (GRegex                *regex,
             const char            *text,
             GRegexEvalCallback     eval,
             gpointer               user_data)
{
  g_autoptr(GError) error = NULL;
  char *result;

  result = g_regex_replace_eval (regex, text, -1, 0, 0, eval, user_data, &error);
  if (result == NULL)
    {
      /* Cannot happen for valid UTF-8; never log here (see top). Fail safe:
       * say that something was removed rather than leak it. */
      return g_strdup ("[redacted]");
    }

  return result;
}

/**
 * sc_redact:
 * @text: (nullable): text to redact, UTF-8
 * @what: the kinds of identifiers to replace; %SC_REDACT_ALL normally
 *
 * Returns a copy of @text in which serial numbers, MAC addresses, Wi-Fi
 * names, coordinates, e-mail addresses and phone numbers are replaced by
 * placeholders (`[serial]`, `[mac]`, `[ssid]`, `[coordinates]`, `[email]`,
 * `[phone]`), and so is every identifier registered with
 * sc_redact_add_identifier(). Thread-safe; never logs. Text that is not
 * valid UTF-8 is made valid first.
 *
 * Returns: (transfer full) (nullable): the redacted text, %NULL for %NULL
 */
char *
sc_redact (const char    *text,
           ScRedactFlags  what)
{
  const Patterns *patterns;
  g_autoptr(GRegex) ids = NULL;
  char *current;

  if (text == NULL)
    return NULL;

  current = g_utf8_make_valid (text, -1);

  if ((what & SC_REDACT_ALL) == 0)
    return current;

  g_mutex_lock (&identifiers_mutex);
  if (identifiers_regex != NULL)
    ids = g_regex_ref (identifiers_regex);
  g_mutex_unlock (&identifiers_mutex);

  if (ids != NULL)
    {
      char *next = replace_all (ids, current, replace_identifier_cb, GUINT_TO_POINTER (what));

      g_free (current);
      current = next;
    }

  patterns = get_patterns ();
  for (guint i = 0; i < G_N_ELEMENTS (patterns->patterns); i++)
    {
      const Pattern *p = &patterns->patterns[i];
      EvalData data = { p->def, current };
      char *next;

      if ((what & p->def->flag) == 0)
        continue;

      next = replace_all (p->regex, current, replace_pattern_cb, &data);
      g_free (current);
      current = next;
    }

  return current;
}

/**
 * sc_redact_add_identifier:
 * @value: an identifier, e.g. a connected camera's serial number, Wi-Fi
 *   network name or MAC address
 * @kind: what @value is
 *
 * Makes sc_redact() replace @value (case-insensitively) wherever it
 * appears, with or without a key before it. Values shorter than
 * %SC_REDACT_MIN_IDENTIFIER_LENGTH characters are ignored, since they
 * would redact ordinary words. Thread-safe.
 */
void
sc_redact_add_identifier (const char   *value,
                          ScRedactKind  kind)
{
  g_autofree char *key = NULL;

  g_return_if_fail (value != NULL);
  g_return_if_fail (kind <= SC_REDACT_KIND_SSID);

  if (g_utf8_strlen (value, -1) < SC_REDACT_MIN_IDENTIFIER_LENGTH
      || !g_utf8_validate (value, -1, NULL))
    return;

  key = g_utf8_casefold (value, -1);

  g_mutex_lock (&identifiers_mutex);
  if (identifiers == NULL)
    identifiers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!g_hash_table_contains (identifiers, key))
    {
      g_hash_table_insert (identifiers, g_steal_pointer (&key), GUINT_TO_POINTER (kind + 1));
      rebuild_identifiers_regex_locked ();
    }
  g_mutex_unlock (&identifiers_mutex);
}

/**
 * sc_redact_clear_identifiers:
 *
 * Forgets every identifier added with sc_redact_add_identifier().
 */
void
sc_redact_clear_identifiers (void)
{
  g_mutex_lock (&identifiers_mutex);
  g_clear_pointer (&identifiers, g_hash_table_unref);
  g_clear_pointer (&identifiers_regex, g_regex_unref);
  g_mutex_unlock (&identifiers_mutex);
}
