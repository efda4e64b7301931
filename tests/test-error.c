/* test-error.c: error domains and their D-Bus names
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sc-core.h>

static void
assert_round_trip (GQuark      domain,
                   int         code,
                   const char *expected_name)
{
  g_autoptr(GError) error = g_error_new_literal (domain, code, "What to do about it");
  g_autoptr(GError) back = NULL;
  g_autofree char *name = g_dbus_error_encode_gerror (error);

  g_assert_cmpstr (name, ==, expected_name);

  back = g_dbus_error_new_for_dbus_error (name, "What to do about it");
  g_assert_error (back, domain, code);
  g_dbus_error_strip_remote_error (back);
  g_assert_cmpstr (back->message, ==, "What to do about it");
}

static void
test_dbus_names (void)
{
  assert_round_trip (SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                     "org.spherecam.Spherecam.Error.Camera.NotConnected");
  assert_round_trip (SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                     "org.spherecam.Spherecam.Error.Camera.Busy");
  assert_round_trip (SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE,
                     "org.spherecam.Spherecam.Error.Camera.NoDevice");
  assert_round_trip (SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_GL_UNAVAILABLE,
                     "org.spherecam.Spherecam.Error.Pipeline.GlUnavailable");
  assert_round_trip (SC_EDIT_ERROR, SC_EDIT_ERROR_RENDER,
                     "org.spherecam.Spherecam.Error.Edit.Render");
  assert_round_trip (SC_JOB_ERROR, SC_JOB_ERROR_NOT_FOUND,
                     "org.spherecam.Spherecam.Error.Job.NotFound");
  assert_round_trip (G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                     "org.spherecam.Spherecam.Error.IO.NoSpace");
}

static void
test_register_twice (void)
{
  /* sc_core_init() registered already; doing it again must be harmless. */
  sc_error_register_dbus ();
  assert_round_trip (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
                     "org.spherecam.Spherecam.Error.Camera.Protocol");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sc_core_init (NULL));

  g_test_add_func ("/sc-core/error/dbus-names", test_dbus_names);
  g_test_add_func ("/sc-core/error/register-twice", test_register_twice);

  return g_test_run ();
}
