/* test-policy.c: the shipped user agreement and privacy policy
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <sc-core.h>

static const ScPolicyDocument documents[] = {
  SC_POLICY_USER_AGREEMENT,
  SC_POLICY_PRIVACY_POLICY,
};

/* Every text carries the version this build asks the user to accept, and
 * both languages of a document carry the same version and date. */
static void
test_policy_versions_agree (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autofree char *en_version = NULL;
      g_autofree char *en_date = NULL;
      g_autofree char *zh_version = NULL;
      g_autofree char *zh_date = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (sc_policy_load (documents[i], "en", NULL, &en_version, &en_date, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (sc_policy_load (documents[i], "zh_CN", NULL, &zh_version, &zh_date, NULL, &error));
      g_assert_no_error (error);

      g_assert_cmpstr (en_version, ==, SC_POLICY_VERSION);
      g_assert_cmpstr (zh_version, ==, SC_POLICY_VERSION);
      g_assert_cmpstr (en_date, ==, zh_date);
      g_assert_true (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", en_date, 0, 0));
    }
}

/* The privacy policy says what the issue asks it to say, in both languages. */
static void
test_policy_says_what_it_handles (void)
{
  static const char * const en_terms[] = {
    "serial", "firmware", "Wi-Fi", "GPU", "location", "microphone", "storage", "feedback",
  };
  static const char * const zh_terms[] = {
    "序列号", "固件", "Wi-Fi", "GPU", "位置", "麦克风", "存储", "反馈",
  };
  g_autofree char *en = NULL;
  g_autofree char *zh = NULL;
  g_autofree char *en_lower = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_policy_load (SC_POLICY_PRIVACY_POLICY, "en", &en, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sc_policy_load (SC_POLICY_PRIVACY_POLICY, "zh_CN", &zh, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* The header block is not part of the text. */
  g_assert_false (g_str_has_prefix (en, "---"));
  g_assert_null (strstr (en, "document: privacy-policy"));

  en_lower = g_utf8_strdown (en, -1);
  for (guint i = 0; i < G_N_ELEMENTS (en_terms); i++)
    {
      g_autofree char *term = g_utf8_strdown (en_terms[i], -1);
      if (strstr (en_lower, term) == NULL)
        g_error ("The English privacy policy never mentions “%s”", en_terms[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (zh_terms); i++)
    if (strstr (zh, zh_terms[i]) == NULL)
      g_error ("The Chinese privacy policy never mentions “%s”", zh_terms[i]);
}

static void
test_policy_language_choice (void)
{
  static const struct {
    const char *requested;
    const char *expected;
  } cases[] = {
    { "en", "en" },
    { "en_GB.UTF-8", "en" },
    { "zh_CN", "zh_CN" },
    { "zh_CN.UTF-8", "zh_CN" },
    { "zh", "zh_CN" },
    { "de_DE", "en" },
    { "", "en" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *lang = NULL;
      g_autofree char *text = NULL;

      g_assert_true (sc_policy_load (SC_POLICY_USER_AGREEMENT, cases[i].requested,
                                     &text, NULL, NULL, &lang, NULL));
      g_assert_cmpstr (lang, ==, cases[i].expected);
      g_assert_nonnull (text);
    }
}

static void
test_policy_document_names (void)
{
  ScPolicyDocument document;

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      const char *name = sc_policy_document_to_string (documents[i]);

      g_assert_true (sc_policy_document_from_string (name, &document));
      g_assert_cmpint (document, ==, documents[i]);
    }
  g_assert_false (sc_policy_document_from_string ("terms", &document));
  g_assert_false (sc_policy_document_from_string (NULL, &document));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/policy/versions-agree", test_policy_versions_agree);
  g_test_add_func ("/policy/says-what-it-handles", test_policy_says_what_it_handles);
  g_test_add_func ("/policy/language-choice", test_policy_language_choice);
  g_test_add_func ("/policy/document-names", test_policy_document_names);

  return g_test_run ();
}
