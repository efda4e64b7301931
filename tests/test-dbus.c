/* test-dbus.c: the D-Bus service, started by activation on a private bus
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The service is the real `spherecam` binary from the build tree, started
 * by dbus-daemon from the uninstalled .service file when the first call
 * arrives. CTest runs this program twice: with a display (the GTK
 * application) and without one (the headless service).
 */

#include "config.h"

#include <string.h>

#include "sc-dbus-generated.h"
#include "sc-test-util.h"

#define BUS_NAME     "org.spherecam.Spherecam"
#define MANAGER_PATH "/org/spherecam/Spherecam"

static GDBusConnection *bus;

static gboolean
name_has_owner (const char *name)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(b)", &has_owner);

  return has_owner;
}

/* Must run first: nothing owns the name until spherecamctl's call starts it. */
static void
test_activation_by_cli (void)
{
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  g_assert_false (name_has_owner (BUS_NAME));

  sc_test_ctl (&run, "--json", "version", NULL);
  g_assert_cmpint (run.status, ==, 0);

  root = sc_test_parse_json (run.out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_cmpuint (json_object_get_size (object), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "version"), ==, PACKAGE_VERSION);

  g_assert_true (name_has_owner (BUS_NAME));
}

static void
test_manager_ping (void)
{
  g_autoptr(ScDbusManager) manager = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *echo = NULL;

  manager = sc_dbus_manager_proxy_new_sync (bus, G_DBUS_PROXY_FLAGS_NONE, BUS_NAME,
                                            MANAGER_PATH, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (sc_dbus_manager_get_version (manager), ==, PACKAGE_VERSION);

  sc_dbus_manager_call_ping_sync (manager, "hello 你好", &echo, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (echo, ==, "hello 你好");
}

typedef struct
{
  ScDbusJob *job;
  GArray    *progress;       /* the Progress values seen, in order */
  char      *finished_state; /* from the Finished signal */
} JobWatch;

static void
on_job_properties_changed_cb (GDBusProxy *proxy,
                              GVariant   *changed,
                              GStrv       invalidated,
                              JobWatch   *watch)
{
  double progress;

  if (g_variant_lookup (changed, "Progress", "d", &progress))
    g_array_append_val (watch->progress, progress);
}

static void
on_job_finished_cb (ScDbusJob  *job,
                    const char *state,
                    JobWatch   *watch)
{
  g_assert_null (watch->finished_state);
  watch->finished_state = g_strdup (state);
}

static gboolean
job_finished (gpointer data)
{
  return ((JobWatch *)data)->finished_state != NULL;
}

static gboolean
job_progressed (gpointer data)
{
  return sc_dbus_job_get_progress (((JobWatch *)data)->job) > 0.0;
}

static void
job_watch_start (JobWatch   *watch,
                 guint       steps,
                 guint       interval_ms,
                 guint       fail_at)
{
  g_autoptr(ScDbusTesting) testing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  testing = sc_dbus_testing_proxy_new_sync (bus, G_DBUS_PROXY_FLAGS_NONE, BUS_NAME,
                                            MANAGER_PATH, NULL, &error);
  g_assert_no_error (error);
  sc_dbus_testing_call_start_countdown_sync (testing, steps, interval_ms, fail_at,
                                             &path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (path, "/org/spherecam/Spherecam/Job/"));

  memset (watch, 0, sizeof *watch);
  watch->progress = g_array_new (FALSE, FALSE, sizeof (double));
  watch->job = sc_dbus_job_proxy_new_sync (bus, G_DBUS_PROXY_FLAGS_NONE, BUS_NAME, path,
                                           NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (watch->job, "g-properties-changed",
                    G_CALLBACK (on_job_properties_changed_cb), watch);
  g_signal_connect (watch->job, "finished", G_CALLBACK (on_job_finished_cb), watch);

  g_assert_cmpstr (sc_dbus_job_get_kind (watch->job), ==, "test.countdown");
}

static void
job_watch_clear (JobWatch *watch)
{
  g_clear_object (&watch->job);
  g_clear_pointer (&watch->progress, g_array_unref);
  g_clear_pointer (&watch->finished_state, g_free);
}

static void
test_job_done (void)
{
  JobWatch watch;
  g_autoptr(ScDbusManager) manager = NULL;
  g_autoptr(GError) error = NULL;
  GVariant *result;
  const char *const *jobs;
  guint32 steps = 0;

  job_watch_start (&watch, 5, 30, 0);
  sc_test_wait_until (job_finished, &watch, 60);

  g_assert_cmpstr (watch.finished_state, ==, "done");
  g_assert_cmpstr (sc_dbus_job_get_state (watch.job), ==, "done");
  g_assert_cmpfloat (sc_dbus_job_get_progress (watch.job), ==, 1.0);
  g_assert_cmpstr (sc_dbus_job_get_error (watch.job), ==, "");
  result = sc_dbus_job_get_result (watch.job);
  g_assert_true (g_variant_lookup (result, "steps", "u", &steps));
  g_assert_cmpuint (steps, ==, 5);

  /* Progress was reported as it went, never backwards. */
  g_assert_cmpuint (watch.progress->len, >=, 2);
  for (guint i = 1; i < watch.progress->len; i++)
    g_assert_cmpfloat (g_array_index (watch.progress, double, i), >=,
                       g_array_index (watch.progress, double, i - 1));

  /* The Manager lists the job. */
  manager = sc_dbus_manager_proxy_new_sync (bus, G_DBUS_PROXY_FLAGS_NONE, BUS_NAME,
                                            MANAGER_PATH, NULL, &error);
  g_assert_no_error (error);
  jobs = sc_dbus_manager_get_jobs (manager);
  g_assert_nonnull (jobs);
  g_assert_true (g_strv_contains (jobs, g_dbus_proxy_get_object_path (G_DBUS_PROXY (watch.job))));

  job_watch_clear (&watch);
}

static void
test_job_cancel (void)
{
  JobWatch watch;
  g_autoptr(GError) error = NULL;

  job_watch_start (&watch, 10000, 20, 0);
  sc_test_wait_until (job_progressed, &watch, 60);

  sc_dbus_job_call_cancel_sync (watch.job, NULL, &error);
  g_assert_no_error (error);
  sc_test_wait_until (job_finished, &watch, 60);

  g_assert_cmpstr (watch.finished_state, ==, "cancelled");
  g_assert_cmpstr (sc_dbus_job_get_state (watch.job), ==, "cancelled");
  g_assert_cmpfloat (sc_dbus_job_get_progress (watch.job), <, 1.0);

  /* Cancelling again is harmless. */
  sc_dbus_job_call_cancel_sync (watch.job, NULL, &error);
  g_assert_no_error (error);

  job_watch_clear (&watch);
}

static void
test_job_failed (void)
{
  JobWatch watch;

  job_watch_start (&watch, 10, 20, 3);
  sc_test_wait_until (job_finished, &watch, 60);

  g_assert_cmpstr (watch.finished_state, ==, "failed");
  g_assert_cmpstr (sc_dbus_job_get_state (watch.job), ==, "failed");
  g_assert_nonnull (strstr (sc_dbus_job_get_error (watch.job), "3"));
  g_assert_cmpstr (sc_dbus_job_get_error_name (watch.job), ==,
                   "org.spherecam.Spherecam.Error.IO.Failed");

  job_watch_clear (&watch);
}

/* spherecamctl against the same service: jobs, wait, cancel. */
static void
test_cli_jobs (void)
{
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *id = NULL;
  JsonArray *jobs;
  JobWatch watch;
  gboolean found = FALSE;

  job_watch_start (&watch, 3, 20, 0);
  id = g_strdup_printf ("%u", sc_dbus_job_get_id (watch.job));

  /* wait: exit 0 for a job that ends done, with its final state. */
  sc_test_ctl (&run, "--json", "wait", id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = sc_test_parse_json (run.out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "state"), ==, "done");
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (root), "progress"), ==, 1.0);
  g_clear_pointer (&root, json_node_unref);

  /* jobs: the job is listed with its result. */
  sc_test_ctl (&run, "jobs", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = sc_test_parse_json (run.out);
  jobs = json_object_get_array_member (json_node_get_object (root), "jobs");
  for (guint i = 0; i < json_array_get_length (jobs); i++)
    {
      JsonObject *job = json_array_get_object_element (jobs, i);

      if (json_object_get_int_member (job, "id") != sc_dbus_job_get_id (watch.job))
        continue;
      found = TRUE;
      g_assert_cmpstr (json_object_get_string_member (job, "kind"), ==, "test.countdown");
      g_assert_cmpstr (json_object_get_string_member (job, "state"), ==, "done");
      g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (job, "result"),
                                                   "steps"), ==, 3);
    }
  g_assert_true (found);
  job_watch_clear (&watch);

  /* jobs, readable text */
  sc_test_ctl (&run, "jobs", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "test.countdown"));

  /* cancel by object path, then wait: exit 1 for a cancelled job. */
  job_watch_start (&watch, 10000, 20, 0);
  sc_test_ctl (&run, "cancel", g_dbus_proxy_get_object_path (G_DBUS_PROXY (watch.job)), NULL);
  g_assert_cmpint (run.status, ==, 0);
  sc_test_ctl (&run, "wait", g_dbus_proxy_get_object_path (G_DBUS_PROXY (watch.job)), NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "cancelled"));
  job_watch_clear (&watch);

  /* wait: exit 1 for a failed job, with the error in the JSON. */
  job_watch_start (&watch, 5, 10, 2);
  g_free (id);
  id = g_strdup_printf ("%u", sc_dbus_job_get_id (watch.job));
  sc_test_ctl (&run, "wait", "--json", id, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_clear_pointer (&root, json_node_unref);
  root = sc_test_parse_json (run.out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "state"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "error_name"), ==,
                   "org.spherecam.Spherecam.Error.IO.Failed");
  job_watch_clear (&watch);

  /* An unknown job is an error (1), not a usage error (2). */
  sc_test_ctl (&run, "cancel", "999999", NULL);
  g_assert_cmpint (run.status, ==, 1);
  sc_test_ctl (&run, "--json", "wait", "999999", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_clear_pointer (&root, json_node_unref);
  root = sc_test_parse_json (run.out);
  g_assert_true (json_object_has_member (json_node_get_object (root), "error"));

  /* ping */
  sc_test_ctl (&run, "ping", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "pong"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTestDBus) test_bus = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* The activated service inherits this process's environment (through
   * dbus-daemon): schemas, locale dir and display come from CTest. */
  /* No consent is given here: the version, ping and jobs (all this
   * program uses) stay available without it. */
  test_bus = sc_test_service_bus_up (FALSE);

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/spherecam/dbus/activation-by-cli", test_activation_by_cli);
  g_test_add_func ("/spherecam/dbus/manager-ping", test_manager_ping);
  g_test_add_func ("/spherecam/dbus/job-done", test_job_done);
  g_test_add_func ("/spherecam/dbus/job-cancel", test_job_cancel);
  g_test_add_func ("/spherecam/dbus/job-failed", test_job_failed);
  g_test_add_func ("/spherecam/dbus/cli-jobs", test_cli_jobs);

  ret = g_test_run ();

  g_clear_object (&bus);
  g_test_dbus_down (test_bus);

  return ret;
}
