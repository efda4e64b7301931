/* test-log.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-log"

#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#define SC_CORE_INSIDE
#include "sc-log.h"
#include "sc-redact.h"
#undef SC_CORE_INSIDE

/* What the tests log: none of these may reach the real stderr or stdout,
 * so every test that logs runs between capture_begin() and capture_end(). */
#define SERIAL "EMU7K2Q9"
#define MAC    "02:5C:E7:00:42:17"

typedef struct {
  char *dir;
  int   saved_stdout;
  int   saved_stderr;
  char *capture_path;
} Fixture;

static void
capture_begin (Fixture *fixture)
{
  int fd;

  g_assert_cmpint (fixture->saved_stderr, ==, -1);

  fflush (stdout);
  fflush (stderr);
  fd = g_open (fixture->capture_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  fixture->saved_stdout = dup (STDOUT_FILENO);
  fixture->saved_stderr = dup (STDERR_FILENO);
  dup2 (fd, STDOUT_FILENO);
  dup2 (fd, STDERR_FILENO);
  close (fd);
}

static char *
capture_end (Fixture *fixture)
{
  char *contents = NULL;

  fflush (stdout);
  fflush (stderr);
  dup2 (fixture->saved_stdout, STDOUT_FILENO);
  dup2 (fixture->saved_stderr, STDERR_FILENO);
  close (fixture->saved_stdout);
  close (fixture->saved_stderr);
  fixture->saved_stdout = -1;
  fixture->saved_stderr = -1;

  g_assert_true (g_file_get_contents (fixture->capture_path, &contents, NULL, NULL));
  return contents;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autofree char *base = g_dir_make_tmp ("test-log-XXXXXX", &error);

  g_assert_no_error (error);
  fixture->dir = g_build_filename (base, "state", "spherecam", NULL);
  fixture->capture_path = g_build_filename (base, "captured", NULL);
  fixture->saved_stdout = -1;
  fixture->saved_stderr = -1;

  sc_log_set_detailed (FALSE);
  sc_log_set_capture_debug (FALSE);
  sc_log_set_max_size (SC_LOG_DEFAULT_MAX_SIZE);

  dir = g_file_new_for_path (fixture->dir);
  sc_log_init (dir);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        remove_tree (child);
      }

  g_remove (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *base = g_path_get_dirname (fixture->capture_path);

  sc_log_shutdown ();
  sc_log_set_detailed (FALSE);

  remove_tree (base);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->capture_path, g_free);
}

static char *
read_log (Fixture    *fixture,
          const char *suffix)
{
  g_autofree char *path = g_strconcat (fixture->dir, "/" SC_LOG_FILE_NAME, suffix, NULL);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return contents;
}

static char *
ring_joined (void)
{
  g_auto(GStrv) ring = sc_log_dup_ring ();

  return g_strjoinv ("\n", ring);
}

static void
test_log_redacted (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *captured = NULL;
  g_autofree char *file = NULL;
  g_autofree char *ring = NULL;
  g_autoptr(GFile) log_file = NULL;
  g_autofree char *log_path = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GRegex) line_regex = NULL;
  struct stat st;

  capture_begin (fixture);
  g_debug ("not captured: serial=" SERIAL);
  g_message ("camera serial=" SERIAL " mac " MAC);
  g_warning ("joined ssid=HomeNet as owner@example.org");
  sc_log_set_capture_debug (TRUE);
  g_debug ("position 35.681236, 139.767125");
  captured = capture_end (fixture);

  /* stderr got the message and the warning, redacted. */
  g_assert_null (strstr (captured, SERIAL));
  g_assert_null (strstr (captured, "HomeNet"));
  g_assert_nonnull (strstr (captured, "camera serial=[serial] mac [mac]"));
  g_assert_nonnull (strstr (captured, "joined ssid=[ssid] as [email]"));

  ring = ring_joined ();
  file = read_log (fixture, "");
  g_assert_nonnull (file);

  for (guint i = 0; i < 2; i++)
    {
      const char *text = i == 0 ? ring : file;

      g_assert_null (strstr (text, SERIAL));
      g_assert_null (strstr (text, MAC));
      g_assert_null (strstr (text, "HomeNet"));
      g_assert_null (strstr (text, "35.681236"));
      g_assert_null (strstr (text, "not captured"));
      g_assert_nonnull (strstr (text, " MESSAGE test-log: camera serial=[serial] mac [mac]"));
      g_assert_nonnull (strstr (text, " WARNING test-log: joined ssid=[ssid] as [email]"));
      g_assert_nonnull (strstr (text, " DEBUG test-log: position [coordinates]"));
    }

  /* One line per message, ISO 8601 UTC first. */
  lines = g_strsplit (file, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[3], ==, "");
  line_regex = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z [A-Z]+ test-log: ", 0, 0, NULL);
  for (guint i = 0; i < 3; i++)
    g_assert_true (g_regex_match (line_regex, lines[i], 0, NULL));

  /* Modes. */
  log_file = sc_log_get_file ();
  log_path = g_file_get_path (log_file);
  g_assert_cmpstr (g_strrstr (log_path, "/"), ==, "/" SC_LOG_FILE_NAME);
  g_assert_cmpint (g_stat (log_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (fixture->dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
}

static void
test_log_detailed (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *captured = NULL;
  g_autofree char *ring = NULL;
  g_autofree char *file = NULL;

  sc_log_set_detailed (TRUE);
  g_assert_true (sc_log_get_detailed ());

  capture_begin (fixture);
  g_message ("camera serial=" SERIAL " mac " MAC);
  captured = capture_end (fixture);

  g_assert_nonnull (strstr (captured, "serial=" SERIAL " mac " MAC));
  ring = ring_joined ();
  g_assert_nonnull (strstr (ring, "serial=" SERIAL " mac " MAC));
  file = read_log (fixture, "");
  g_assert_nonnull (strstr (file, "serial=" SERIAL " mac " MAC));

  sc_log_set_detailed (FALSE);
  g_assert_false (sc_log_get_detailed ());
}

static void
test_log_rotation (Fixture       *fixture,
                   gconstpointer  data)
{
  const gsize cap = 4096;
  gsize longest = 0;
  g_autofree char *captured = NULL;
  g_autofree char *fourth = NULL;
  g_autofree char *ring_last = NULL;
  g_auto(GStrv) ring = NULL;

  sc_log_set_max_size (cap);
  g_assert_cmpuint (sc_log_get_max_size (), ==, cap);

  capture_begin (fixture);
  for (guint i = 0; i < 600; i++)
    g_message ("rotation line %04u serial=" SERIAL " padding padding padding padding", i);
  captured = capture_end (fixture);

  ring = sc_log_dup_ring ();
  g_assert_cmpuint (g_strv_length (ring), ==, 600);
  for (guint i = 0; ring[i] != NULL; i++)
    longest = MAX (longest, strlen (ring[i]) + 1);

  for (guint i = 0; i <= SC_LOG_N_ROTATED; i++)
    {
      g_autofree char *suffix = i == 0 ? g_strdup ("") : g_strdup_printf (".%u", i);
      g_autofree char *contents = read_log (fixture, suffix);

      g_assert_nonnull (contents);
      g_assert_cmpuint (strlen (contents), <=, cap + longest);
      g_assert_cmpuint (strlen (contents), >, 0);
      g_assert_null (strstr (contents, SERIAL));
    }

  fourth = read_log (fixture, ".4");
  g_assert_null (fourth);

  /* The newest line is in the current file. */
  {
    g_autofree char *current = read_log (fixture, "");

    g_assert_nonnull (strstr (current, "rotation line 0599"));
  }
}

static void
test_log_clear (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *captured = NULL;
  g_auto(GStrv) ring = NULL;
  g_autofree char *after = NULL;

  sc_log_set_max_size (512);

  capture_begin (fixture);
  for (guint i = 0; i < 40; i++)
    g_message ("before clear %u", i);

  g_assert_true (sc_log_clear (&error));
  g_assert_no_error (error);

  ring = sc_log_dup_ring ();
  g_assert_cmpuint (g_strv_length (ring), ==, 0);
  for (guint i = 0; i <= SC_LOG_N_ROTATED; i++)
    {
      g_autofree char *suffix = i == 0 ? g_strdup ("") : g_strdup_printf (".%u", i);
      g_autofree char *contents = read_log (fixture, suffix);

      g_assert_null (contents);
    }

  g_message ("after clear");
  captured = capture_end (fixture);

  after = read_log (fixture, "");
  g_assert_nonnull (after);
  g_assert_nonnull (strstr (after, "after clear"));
  g_assert_null (strstr (after, "before clear"));
}

#define N_THREADS 4
#define N_PER_THREAD 250

static gpointer
log_thread (gpointer data)
{
  guint id = GPOINTER_TO_UINT (data);

  for (guint i = 0; i < N_PER_THREAD; i++)
    g_message ("thread %u line %u mac " MAC, id, i);

  return NULL;
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;

  return n;
}

static void
test_log_threads (Fixture       *fixture,
                  gconstpointer  data)
{
  GThread *threads[N_THREADS];
  g_autofree char *captured = NULL;
  g_autofree char *ring = NULL;
  g_autofree char *file = NULL;

  capture_begin (fixture);
  for (guint i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("log", log_thread, GUINT_TO_POINTER (i));
  for (guint i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);
  captured = capture_end (fixture);

  ring = ring_joined ();
  file = read_log (fixture, "");
  g_assert_cmpuint (count_occurrences (ring, " mac [mac]"), ==, N_THREADS * N_PER_THREAD);
  g_assert_cmpuint (count_occurrences (file, " mac [mac]\n"), ==, N_THREADS * N_PER_THREAD);
  g_assert_cmpuint (count_occurrences (captured, " mac [mac]"), ==, N_THREADS * N_PER_THREAD);
  g_assert_null (strstr (file, MAC));
  g_assert_null (strstr (captured, MAC));

  for (guint t = 0; t < N_THREADS; t++)
    for (guint i = 0; i < N_PER_THREAD; i += 50)
      {
        g_autofree char *needle = g_strdup_printf ("thread %u line %u mac", t, i);

        g_assert_nonnull (strstr (ring, needle));
      }
}

static guint line_func_calls;

static void
warn_from_inside_cb (const char *line,
                     gpointer    user_data)
{
  line_func_calls++;
  /* Logged from inside the writer, with its lock held: must go to stderr
   * only, without deadlocking or recursing. Structured, because GLib
   * aborts any g_log() (g_warning()) made inside another one; GLib prints
   * it with its fallback writer, which ScLog cannot redact. */
  if (strstr (line, "outer") != NULL)
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                      "MESSAGE", "inner warning");
}

static void
test_log_recursion (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *captured = NULL;
  g_autofree char *ring = NULL;

  line_func_calls = 0;
  sc_log_set_line_func (warn_from_inside_cb, NULL);

  capture_begin (fixture);
  g_message ("outer message");
  captured = capture_end (fixture);

  sc_log_set_line_func (NULL, NULL);

  g_assert_cmpuint (line_func_calls, ==, 1);
  ring = ring_joined ();
  g_assert_nonnull (strstr (ring, "outer message"));
  g_assert_null (strstr (ring, "inner warning"));
  g_assert_nonnull (strstr (captured, "inner warning"));
}

/* A handler installed with g_log_set_handler() that itself logs. */
static void
warning_handler (const char     *log_domain,
                 GLogLevelFlags  log_level,
                 const char     *message,
                 gpointer        user_data)
{
  /* Structured: GLib aborts a g_log() inside a handler (recursion). */
  g_log_structured ("test-log-inner", G_LOG_LEVEL_WARNING, "MESSAGE", "handler saw: %s", message);
  g_log_default_handler (log_domain, log_level, message, user_data);
}

static void
test_log_handler_recursion (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *captured = NULL;
  g_autofree char *ring = NULL;
  guint id;

  id = g_log_set_handler ("test-log-handler", G_LOG_LEVEL_MASK, warning_handler, NULL);

  capture_begin (fixture);
  g_log ("test-log-handler", G_LOG_LEVEL_WARNING, "outer serial=%s", SERIAL);
  captured = capture_end (fixture);

  g_log_remove_handler ("test-log-handler", id);

  ring = ring_joined ();
  g_assert_nonnull (strstr (ring, "WARNING test-log-handler: outer serial=[serial]"));
  g_assert_nonnull (strstr (ring, "WARNING test-log-inner: handler saw: outer serial=[serial]"));
  g_assert_null (strstr (ring, SERIAL));
  g_assert_null (strstr (captured, SERIAL));
}

static void
test_log_registered (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *captured = NULL;
  g_autofree char *ring = NULL;

  sc_redact_add_identifier ("Cafe Corner", SC_REDACT_KIND_SSID);

  capture_begin (fixture);
  g_message ("connected to Cafe Corner");
  captured = capture_end (fixture);

  sc_redact_clear_identifiers ();

  ring = ring_joined ();
  g_assert_nonnull (strstr (ring, "connected to [ssid]"));
  g_assert_null (strstr (captured, "Cafe Corner"));
}

static void
test_log_no_directory (void)
{
  g_autofree char *ring = NULL;
  g_autoptr(GFile) file = NULL;
  int saved;
  int null_fd;

  sc_log_init (NULL);
  file = sc_log_get_file ();
  g_assert_null (file);

  fflush (stderr);
  saved = dup (STDERR_FILENO);
  null_fd = g_open ("/dev/null", O_WRONLY | O_CLOEXEC, 0);
  dup2 (null_fd, STDERR_FILENO);
  g_message ("memory only serial=" SERIAL);
  fflush (stderr);
  dup2 (saved, STDERR_FILENO);
  close (saved);
  close (null_fd);

  ring = ring_joined ();
  g_assert_nonnull (strstr (ring, "memory only serial=[serial]"));
  g_assert_true (sc_log_clear (NULL));
  sc_log_shutdown ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* GTest's own default handler prints every message, unredacted, before
   * passing it on; the application has GLib's, which goes straight to the
   * structured writer. */
  g_log_set_default_handler (g_log_default_handler, NULL);

  /* Warnings are what these tests log; keep criticals fatal. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/log/redacted", test_log_redacted);
  ADD ("/log/detailed", test_log_detailed);
  ADD ("/log/rotation", test_log_rotation);
  ADD ("/log/clear", test_log_clear);
  ADD ("/log/threads", test_log_threads);
  ADD ("/log/recursion", test_log_recursion);
  ADD ("/log/handler-recursion", test_log_handler_recursion);
  ADD ("/log/registered", test_log_registered);
  g_test_add_func ("/log/no-directory", test_log_no_directory);

#undef ADD

  return g_test_run ();
}
