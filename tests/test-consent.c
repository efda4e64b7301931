/* test-consent.c: ScConsent, the accepted user agreement and privacy policy
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#define SC_CORE_INSIDE
#include "sc-consent.h"
#include "sc-permissions.h"
#undef SC_CORE_INSIDE

typedef struct
{
  char      *top;        /* a temporary folder */
  char      *dir_path;   /* top/spherecam, created on the first accept */
  char      *file_path;  /* dir_path/consent.json */
  GFile     *dir;
  ScConsent *consent;
  gpointer   weak_consent;
  guint      revoked;
  GPtrArray *notified;   /* property names */
} Fixture;

static void
on_revoked_cb (ScConsent *consent,
               Fixture   *fixture)
{
  fixture->revoked++;
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              Fixture    *fixture)
{
  g_ptr_array_add (fixture->notified, g_strdup (pspec->name));
}

static gboolean
was_notified (Fixture    *fixture,
              const char *name)
{
  for (guint i = 0; i < fixture->notified->len; i++)
    if (g_str_equal (g_ptr_array_index (fixture->notified, i), name))
      return TRUE;
  return FALSE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->top = g_dir_make_tmp ("sc-test-consent-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->dir_path = g_build_filename (fixture->top, "spherecam", NULL);
  fixture->file_path = g_build_filename (fixture->dir_path, "consent.json", NULL);
  fixture->dir = g_file_new_for_path (fixture->dir_path);
  fixture->notified = g_ptr_array_new_with_free_func (g_free);

  fixture->consent = sc_consent_new (fixture->dir, "1.0");
  fixture->weak_consent = fixture->consent;
  g_object_add_weak_pointer (G_OBJECT (fixture->consent), &fixture->weak_consent);
  g_signal_connect (fixture->consent, "revoked", G_CALLBACK (on_revoked_cb), fixture);
  g_signal_connect (fixture->consent, "notify", G_CALLBACK (on_notify_cb), fixture);
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR))
          rm_rf (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->consent);
  g_assert_null (fixture->weak_consent);

  rm_rf (fixture->top);
  g_clear_pointer (&fixture->top, g_free);
  g_clear_pointer (&fixture->dir_path, g_free);
  g_clear_pointer (&fixture->file_path, g_free);
  g_clear_object (&fixture->dir);
  g_clear_pointer (&fixture->notified, g_ptr_array_unref);
}

static ScConsent *
new_loaded (Fixture    *fixture,
            const char *policy_version)
{
  g_autoptr(GError) error = NULL;
  ScConsent *consent = sc_consent_new (fixture->dir, policy_version);

  g_assert_true (sc_consent_load (consent, &error));
  g_assert_no_error (error);

  return consent;
}

static void
assert_consent_required (ScConsent *consent)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sc_consent_get_is_accepted (consent));
  g_assert_false (sc_consent_check (consent, &error));
  g_assert_error (error, SC_PERMISSION_ERROR, SC_PERMISSION_ERROR_CONSENT_REQUIRED);
  g_assert_nonnull (strstr (error->message, "“spherecamctl consent accept”"));
  g_assert_false (sc_consent_check (consent, NULL));
}

static void
test_new (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = sc_consent_get_file (fixture->consent);
  g_autofree char *policy_version = NULL;
  g_autofree char *accepted_version = NULL;
  g_autoptr(GDateTime) accepted_at = NULL;
  g_autoptr(GFile) directory = NULL;
  gboolean is_accepted = TRUE;

  g_assert_cmpstr (sc_consent_get_policy_version (fixture->consent), ==, "1.0");
  g_assert_null (sc_consent_get_accepted_version (fixture->consent));
  g_assert_null (sc_consent_get_accepted_at (fixture->consent));
  g_assert_true (g_file_equal (sc_consent_get_directory (fixture->consent), fixture->dir));
  g_assert_cmpstr (g_file_peek_path (file), ==, fixture->file_path);

  g_object_get (fixture->consent,
                "policy-version", &policy_version,
                "accepted-version", &accepted_version,
                "accepted-at", &accepted_at,
                "is-accepted", &is_accepted,
                "directory", &directory,
                NULL);
  g_assert_cmpstr (policy_version, ==, "1.0");
  g_assert_null (accepted_version);
  g_assert_null (accepted_at);
  g_assert_false (is_accepted);
  g_assert_true (directory == fixture->dir);

  assert_consent_required (fixture->consent);

  /* No file, no folder yet: not accepted, and loading creates nothing. */
  g_assert_true (sc_consent_load (fixture->consent, &error));
  g_assert_no_error (error);
  assert_consent_required (fixture->consent);
  g_assert_false (g_file_test (fixture->dir_path, G_FILE_TEST_EXISTS));
}

static void
test_accept_and_persist (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) after = NULL;
  g_autoptr(ScConsent) again = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GList) members = NULL;
  GDateTime *at;
  GStatBuf st;
  gpointer weak_again;

  g_assert_true (sc_consent_accept (fixture->consent, &error));
  g_assert_no_error (error);
  after = g_date_time_new_now_utc ();

  g_assert_true (sc_consent_get_is_accepted (fixture->consent));
  g_assert_true (sc_consent_check (fixture->consent, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sc_consent_get_accepted_version (fixture->consent), ==, "1.0");
  at = sc_consent_get_accepted_at (fixture->consent);
  g_assert_nonnull (at);
  g_assert_cmpint (g_date_time_to_unix (at), >=, g_date_time_to_unix (before));
  g_assert_cmpint (g_date_time_to_unix (at), <=, g_date_time_to_unix (after));
  g_assert_true (was_notified (fixture, "is-accepted"));
  g_assert_true (was_notified (fixture, "accepted-version"));
  g_assert_true (was_notified (fixture, "accepted-at"));

  /* The file: 0600, only the format version, the policy version and the
   * time; no temporary files left in the folder. */
  g_assert_cmpint (g_stat (fixture->file_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (fixture->dir_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  g_assert_true (json_parser_load_from_file (parser, fixture->file_path, &error));
  g_assert_no_error (error);
  members = json_object_get_members (json_node_get_object (json_parser_get_root (parser)));
  g_assert_cmpuint (g_list_length (members), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                  "accepted-version"), ==, "1.0");
  {
    g_autoptr(GDir) dir = g_dir_open (fixture->dir_path, 0, &error);
    const char *name;
    guint n = 0;

    g_assert_no_error (error);
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_assert_cmpstr (name, ==, "consent.json");
        n++;
      }
    g_assert_cmpuint (n, ==, 1);
  }

  /* Round trip: a new object on the same folder sees the same. */
  again = new_loaded (fixture, "1.0");
  weak_again = again;
  g_object_add_weak_pointer (G_OBJECT (again), &weak_again);
  g_assert_true (sc_consent_get_is_accepted (again));
  g_assert_cmpstr (sc_consent_get_accepted_version (again), ==, "1.0");
  g_assert_true (g_date_time_equal (sc_consent_get_accepted_at (again), at));

  /* A file made wider by hand is narrowed on the next save. */
  g_assert_cmpint (g_chmod (fixture->file_path, 0644), ==, 0);
  g_assert_true (sc_consent_accept (again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (fixture->file_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_clear_object (&again);
  g_assert_null (weak_again);
}

static void
test_revoke (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScConsent) again = NULL;

  /* Nothing to revoke: no signal, no error. */
  g_assert_true (sc_consent_revoke (fixture->consent, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->revoked, ==, 0);

  g_assert_true (sc_consent_accept (fixture->consent, &error));
  g_assert_no_error (error);
  g_ptr_array_set_size (fixture->notified, 0);

  g_assert_true (sc_consent_revoke (fixture->consent, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->revoked, ==, 1);
  g_assert_true (was_notified (fixture, "is-accepted"));
  g_assert_null (sc_consent_get_accepted_version (fixture->consent));
  g_assert_null (sc_consent_get_accepted_at (fixture->consent));
  assert_consent_required (fixture->consent);

  /* Nothing left on disk, and it stays revoked after a reload. */
  g_assert_false (g_file_test (fixture->file_path, G_FILE_TEST_EXISTS));
  again = new_loaded (fixture, "1.0");
  assert_consent_required (again);

  g_assert_true (sc_consent_revoke (fixture->consent, &error));
  g_assert_cmpuint (fixture->revoked, ==, 1);
}

static void
test_policy_bump (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScConsent) bumped = NULL;
  g_autoptr(ScConsent) reloaded = NULL;

  g_assert_true (sc_consent_accept (fixture->consent, &error));
  g_assert_no_error (error);

  /* A new build ships policy 2.0: loading the same folder asks again. */
  bumped = new_loaded (fixture, "2.0");
  g_assert_cmpstr (sc_consent_get_accepted_version (bumped), ==, "1.0");
  assert_consent_required (bumped);

  g_assert_true (sc_consent_accept (bumped, &error));
  g_assert_no_error (error);
  g_assert_true (sc_consent_check (bumped, &error));
  g_assert_no_error (error);

  reloaded = new_loaded (fixture, "2.0");
  g_assert_true (sc_consent_get_is_accepted (reloaded));

  /* Changing the property on a live object does the same, with notify. */
  g_assert_true (sc_consent_get_is_accepted (fixture->consent));
  g_ptr_array_set_size (fixture->notified, 0);
  g_object_set (fixture->consent, "policy-version", "3.0", NULL);
  g_assert_true (was_notified (fixture, "policy-version"));
  g_assert_true (was_notified (fixture, "is-accepted"));
  assert_consent_required (fixture->consent);
  g_ptr_array_set_size (fixture->notified, 0);
  sc_consent_set_policy_version (fixture->consent, "3.0");
  g_assert_cmpuint (fixture->notified->len, ==, 0);
  sc_consent_set_policy_version (fixture->consent, "1.0");
  g_assert_true (sc_consent_get_is_accepted (fixture->consent));
  g_assert_cmpuint (fixture->revoked, ==, 0);
}

static void
write_file (Fixture    *fixture,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (fixture->dir_path, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->file_path, contents, -1, &error));
  g_assert_no_error (error);
}

static guint
count_corrupt_copies (Fixture *fixture)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "consent.json.corrupt-"))
      n++;

  return n;
}

static void
test_corrupt (Fixture       *fixture,
              gconstpointer  data)
{
  static const char * const bad[] = {
    "{ not json",
    "[]",
    "{}",
    "{ \"version\": 1, \"accepted-version\": \"1.0\" }",
    "{ \"version\": 1, \"accepted-version\": 10, \"accepted-at\": \"2026-01-01T00:00:00Z\" }",
    "{ \"version\": 1, \"accepted-version\": \"1.0\", \"accepted-at\": \"yesterday\" }",
    "{ \"version\": 99, \"accepted-version\": \"1.0\", \"accepted-at\": \"2026-01-01T00:00:00Z\" }",
    "{ \"version\": 1, \"accepted-version\": \"\", \"accepted-at\": \"2026-01-01T00:00:00Z\" }",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ScConsent) consent = NULL;

      /* Start from an accepted state, to see that a bad file clears it. */
      g_assert_true (sc_consent_accept (fixture->consent, &error));
      g_assert_no_error (error);
      write_file (fixture, bad[i]);

      g_test_expect_message ("sc-consent", G_LOG_LEVEL_WARNING, "*unreadable*");
      g_assert_true (sc_consent_load (fixture->consent, &error));
      g_test_assert_expected_messages ();
      g_assert_no_error (error);
      assert_consent_required (fixture->consent);
      g_assert_null (sc_consent_get_accepted_at (fixture->consent));

      g_assert_false (g_file_test (fixture->file_path, G_FILE_TEST_EXISTS));
      g_assert_cmpuint (count_corrupt_copies (fixture), ==, i + 1);

      /* The next accept writes a good file again. */
      consent = sc_consent_new (fixture->dir, "1.0");
      g_assert_true (sc_consent_accept (consent, &error));
      g_assert_no_error (error);
      g_clear_object (&consent);
      consent = new_loaded (fixture, "1.0");
      g_assert_true (sc_consent_get_is_accepted (consent));
    }

  /* The copies set aside keep what was in the bad file. */
  {
    g_autoptr(GDir) dir = g_dir_open (fixture->dir_path, 0, NULL);
    const char *name;
    gboolean found = FALSE;

    while ((name = g_dir_read_name (dir)) != NULL)
      if (g_str_has_prefix (name, "consent.json.corrupt-"))
        {
          g_autofree char *path = g_build_filename (fixture->dir_path, name, NULL);
          g_autofree char *contents = NULL;

          g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
          if (g_str_equal (contents, bad[0]))
            found = TRUE;
        }
    g_assert_true (found);
  }
}

static void
test_unreadable_io (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* consent.json is a folder: an I/O error, reported, not "corrupt". */
  g_assert_cmpint (g_mkdir_with_parents (fixture->file_path, 0700), ==, 0);
  g_assert_false (sc_consent_load (fixture->consent, &error));
  g_assert_nonnull (error);
  assert_consent_required (fixture->consent);
  g_assert_cmpuint (count_corrupt_copies (fixture), ==, 0);

  /* Nor can it be saved over: accept fails and changes nothing. */
  g_clear_error (&error);
  g_assert_false (sc_consent_accept (fixture->consent, &error));
  g_assert_nonnull (error);
  assert_consent_required (fixture->consent);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/sc-core/ScConsent/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("new", test_new);
  ADD ("accept-and-persist", test_accept_and_persist);
  ADD ("revoke", test_revoke);
  ADD ("policy-bump", test_policy_bump);
  ADD ("corrupt", test_corrupt);
  ADD ("unreadable-io", test_unreadable_io);

#undef ADD

  return g_test_run ();
}
