/* test-cli.c: spherecamctl's usage, help and exit statuses
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * These need no service: usage errors are found before any D-Bus call.
 * The calls against a running service are in test-dbus.c.
 */

#include "config.h"

#include <string.h>

#include "sc-test-util.h"

static const char * const subcommands[] = {
  "version", "ping", "jobs", "wait", "cancel",
  "consent", "permissions", "location", "data", "narration",
};

static void
test_help (void)
{
  g_auto(ScTestRun) run = { 0 };

  sc_test_ctl (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    g_assert_nonnull (strstr (run.out, subcommands[i]));
  g_assert_nonnull (strstr (run.out, "--json"));

  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    {
      sc_test_ctl (&run, subcommands[i], "--help", NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, subcommands[i]));
    }

  sc_test_ctl (&run, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, PACKAGE_VERSION));
}

static void
test_usage_errors (void)
{
  g_auto(ScTestRun) run = { 0 };

  sc_test_ctl (&run, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "version"));

  sc_test_ctl (&run, "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);

  sc_test_ctl (&run, "wait", NULL);
  g_assert_cmpint (run.status, ==, 2);

  sc_test_ctl (&run, "cancel", "1", "2", NULL);
  g_assert_cmpint (run.status, ==, 2);

  sc_test_ctl (&run, "wait", "not-a-job", NULL);
  g_assert_cmpint (run.status, ==, 2);

  sc_test_ctl (&run, "version", "--no-such-option", NULL);
  g_assert_cmpint (run.status, ==, 2);

  sc_test_ctl (&run, "--json", "version", "extra", NULL);
  g_assert_cmpint (run.status, ==, 2);

  /* The privacy commands check their arguments before any D-Bus call */
  sc_test_ctl (&run, "consent", NULL);
  g_assert_cmpint (run.status, ==, 2);
  sc_test_ctl (&run, "consent", "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  sc_test_ctl (&run, "consent", "show", "--document", "novel", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "privacy-policy"));
  sc_test_ctl (&run, "permissions", "camera", "on", NULL);
  g_assert_cmpint (run.status, ==, 2);
  sc_test_ctl (&run, "permissions", "location", NULL);
  g_assert_cmpint (run.status, ==, 2);
  sc_test_ctl (&run, "permissions", "location", "maybe", NULL);
  g_assert_cmpint (run.status, ==, 2);
  sc_test_ctl (&run, "location", "set", "31.2", NULL);
  g_assert_cmpint (run.status, ==, 2);
  sc_test_ctl (&run, "location", "set", "north", "east", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "latitude"));
  sc_test_ctl (&run, "data", "export", NULL);
  g_assert_cmpint (run.status, ==, 2);
  sc_test_ctl (&run, "data", "erase", NULL);   /* stdin is not a terminal, no --yes */
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--yes"));
  sc_test_ctl (&run, "narration", "start", NULL);
  g_assert_cmpint (run.status, ==, 2);
}

/* With no bus at all, a real command fails with 1 and says why. */
static void
test_no_bus (void)
{
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/spherecam-test-bus", TRUE);

  sc_test_ctl (&run, "--json", "version", NULL);
  g_assert_cmpint (run.status, ==, 1);
  root = sc_test_parse_json (run.out);
  g_assert_true (json_object_has_member (json_node_get_object (root), "error"));

  sc_test_ctl (&run, "ping", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, !=, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/spherecamctl/help", test_help);
  g_test_add_func ("/spherecamctl/usage-errors", test_usage_errors);
  g_test_add_func ("/spherecamctl/no-bus", test_no_bus);

  return g_test_run ();
}
