/* sc-test-util.c: helpers shared by the integration tests
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

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

/* spherecamctl ARGS… in @cwd (or ours), stdin on /dev/null so that no
 * run ever finds a terminal there; the run is logged with the test. */
void
sc_test_ctl_argv (ScTestRun          *run,
                  const char         *cwd,
                  const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;

  g_ptr_array_add (argv, (char *) sc_test_env_path ("SC_TEST_SPHERECAMCTL"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  sc_test_run_clear (run);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);

  run->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;

  command = g_strjoinv (" ", (char **) args);
  g_test_message ("spherecamctl %s → %d\nstdout: %s\nstderr: %s", command, run->status,
                  run->out, run->err);
}

void
sc_test_ctl_valist (ScTestRun  *run,
                    const char *cwd,
                    const char *first,
                    va_list     ap)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  g_ptr_array_add (args, NULL);

  sc_test_ctl_argv (run, cwd, (const char * const *) args->pdata);
}

void
sc_test_ctl (ScTestRun *run,
             ...)
{
  const char *first;
  va_list ap;

  va_start (ap, run);
  first = va_arg (ap, const char *);
  sc_test_ctl_valist (run, NULL, first, ap);
  va_end (ap);
}

/* The JSON object a run printed (owned by *@root) */
JsonObject *
sc_test_run_json (ScTestRun  *run,
                  JsonNode  **root)
{
  g_clear_pointer (root, json_node_unref);
  *root = sc_test_parse_json (run->out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*root));

  return json_node_get_object (*root);
}

/* A failed command's text: one line on stderr, nothing on stdout */
void
sc_test_assert_text_error (ScTestRun *run)
{
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "spherecamctl: "));
  g_assert_null (strstr (run->err, "GDBus.Error"));
}

/* Runs a tool from $PATH (exiftool, ffprobe…); fails the test unless it
 * exits with 0. Returns its standard output. */
char *
sc_test_run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);

  return out;
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

/* Starts a private session bus that activates the service from the build
 * tree. With @connects_cameras (the test connects the emulator through the
 * service, which then logs the camera's identifiers, redacted), notes so in
 * $HOME, so that the whole-run log check (check-logs.sh) expects its logs. */
GTestDBus *
sc_test_service_bus_up (gboolean connects_cameras)
{
  GTestDBus *bus;

  if (connects_cameras)
    {
      g_autofree char *note = g_build_filename (g_get_home_dir (), SC_TEST_SERVICE_NOTE, NULL);
      g_autoptr(GError) error = NULL;

      g_file_set_contents (note, "", 0, &error);
      g_assert_no_error (error);
    }

  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_add_service_dir (bus, sc_test_env_path ("SC_TEST_SERVICE_DIR"));
  g_test_dbus_up (bus);

  return bus;
}

/* Accepts the user agreement and privacy policy through the Privacy
 * interface (starting the service if needed), as a user does once before
 * anything works with cameras. Returns the accepted version. */
char *
sc_test_accept_consent (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  char *version = NULL;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (bus, "org.spherecam.Spherecam", "/org/spherecam/Spherecam",
                                       "org.spherecam.Spherecam.Privacy", "AcceptConsent",
                                       g_variant_new ("(s)", ""), G_VARIANT_TYPE ("(s)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(s)", &version);
  g_assert_cmpstr (version, !=, "");

  return version;
}

/**
 * sc_test_remove_tree:
 * @path: a folder
 *
 * Deletes @path and everything in it (symbolic links, not what they
 * point to).
 *
 * Returns: whether @path itself could be removed
 */
gboolean
sc_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        sc_test_remove_tree (child);
      else
        g_unlink (child);
    }

  return g_rmdir (path) == 0;
}

/**
 * sc_test_private_home:
 *
 * Makes $HOME/run (under the test's CTest home, not /tmp, so that the
 * whole-run log check reads the service's logs) a fresh home with its
 * own config, data and cache folders, and points HOME and XDG_* at it.
 * The service activated afterwards inherits it through dbus-daemon, so it
 * remembers cameras, passwords and settings there and nowhere else. Also
 * clears the variables that would change what the service does.
 *
 * Returns: (transfer full): the new home
 */
char *
sc_test_private_home (void)
{
  static const char * const subdirs[] = { "config", "data", "cache" };
  static const char * const variables[] = {
    "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"
  };
  char *home = g_build_filename (g_get_home_dir (), "run", NULL);

  sc_test_remove_tree (home);
  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *dir = g_build_filename (home, subdirs[i], NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
      g_setenv (variables[i], dir, TRUE);
    }
  g_setenv ("HOME", home, TRUE);
  g_unsetenv ("SPHERECAM_DEMO_CAMERA");
  g_unsetenv ("SPHERECAM_BUS_NAME");

  return home;
}
