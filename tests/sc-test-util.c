/* sc-test-util.c: helpers shared by the integration tests
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sc-test-util.h"

void
sc_test_run_clear (ScTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/* The path of a built program, passed by CTest in the environment. */
const char *
sc_test_env_path (const char *variable)
{
  const char *path = g_getenv (variable);

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("%s must name a built executable (set by CTest)", variable);

  return path;
}

/* Runs spherecamctl with the given arguments on the current session bus and
 * waits for it to exit. */
void
sc_test_ctl (ScTestRun  *run,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  va_list args;

  g_ptr_array_add (argv, (char *)sc_test_env_path ("SC_TEST_SPHERECAMCTL"));
  va_start (args, run);
  for (const char *arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  sc_test_run_clear (run);
  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);

  run->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  {
    g_autofree char *command = g_strjoinv (" ", (char **)argv->pdata + 1);
    g_test_message ("spherecamctl %s → %d\nstdout: %s\nstderr: %s", command,
                    run->status, run->out, run->err);
  }
}

JsonNode *
sc_test_parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));

  return json_node_copy (json_parser_get_root (parser));
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  g_error ("Timed out waiting for a condition");
  return G_SOURCE_REMOVE;
}

/* Iterates the default main context until predicate (data) holds. */
void
sc_test_wait_until (gboolean (*predicate) (gpointer),
                    gpointer   data,
                    guint      timeout_s)
{
  guint timeout_id = g_timeout_add_seconds (timeout_s, on_timeout_cb, NULL);

  while (!predicate (data))
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (timeout_id);
}
