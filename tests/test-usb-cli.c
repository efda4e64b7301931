/* test-usb-cli.c: a USB camera through the service and spherecamctl
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The emulated THETA V (tests/usb/sc-ptp-responder.c, behind umockdev's
 * usbdevfs emulation) lives in this process, so the service does too: the
 * test creates the real ScService, exports it on a private session bus
 * under org.spherecam.Spherecam, accepts the consent, and lets the
 * service's ScUsbMonitor find the camera. spherecamctl, a separate process
 * that only speaks D-Bus (run without umockdev's preload), then lists it
 * in `cameras`, and `info` and `ls` work on it. Runs under
 * umockdev-wrapper (and re-executes itself under it when started by hand).
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <sc-core.h>

#include "sc-fake-gvfs.h"
#include "sc-ptp-responder.h"
#include "sc-service.h"
#include "sc-test-util.h"

#define BUS_NAME   "org.spherecam.Spherecam"
#define CAMERA_URI "usb:1:7"

typedef struct
{
  GSubprocess *process;
  char        *out;
  char        *err;
  gboolean     done;
} AsyncRun;

static void
on_communicated_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  AsyncRun *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->done = TRUE;
}

static gboolean
run_is_done (gpointer data)
{
  return ((AsyncRun *) data)->done;
}

/* spherecamctl ARGS… while the main loop runs, since the service it talks
 * to is in this thread. Without LD_PRELOAD: it needs no umockdev. */
static void
ctl (ScTestRun *result,
     int        expected_status,
     ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  AsyncRun run = { 0 };
  va_list ap;

  g_ptr_array_add (argv, (char *) sc_test_env_path ("SC_TEST_SPHERECAMCTL"));
  va_start (ap, expected_status);
  for (const char *arg = va_arg (ap, const char *); arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "LD_PRELOAD");
  run.process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (run.process, NULL, NULL, on_communicated_cb, &run);
  sc_test_wait_until (run_is_done, &run, 60);
  g_subprocess_wait (run.process, NULL, &error);
  g_assert_no_error (error);

  sc_test_run_clear (result);
  result->status = g_subprocess_get_if_exited (run.process)
                   ? g_subprocess_get_exit_status (run.process) : -1;
  result->out = g_steal_pointer (&run.out);
  result->err = g_steal_pointer (&run.err);
  g_clear_object (&run.process);

  command = g_strjoinv (" ", (char **) argv->pdata + 1);
  g_test_message ("spherecamctl %s → %d\nstdout: %s\nstderr: %s", command, result->status,
                  result->out, result->err);
  g_assert_cmpint (result->status, ==, expected_status);
}

typedef struct
{
  GTestDBus       *bus;
  GDBusConnection *connection;
  UMockdevTestbed *testbed;
  ScPtpResponder  *responder;
  ScService       *service;
  guint            owner_id;
  gboolean         name_acquired;
} Fixture;

static void
on_name_acquired_cb (GDBusConnection *connection,
                     const char      *name,
                     gpointer         user_data)
{
  Fixture *f = user_data;

  f->name_acquired = TRUE;
}

static void
on_name_lost_cb (GDBusConnection *connection,
                 const char      *name,
                 gpointer         user_data)
{
  g_error ("Could not own %s on the test bus", name);
}

static gboolean
name_is_acquired (gpointer data)
{
  return ((Fixture *) data)->name_acquired;
}

static gboolean
camera_is_listed (gpointer data)
{
  Fixture *f = data;

  return sc_camera_monitor_lookup (sc_service_get_camera_monitor (f->service), CAMERA_URI) != NULL;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* A fresh home: the camera is not remembered from an earlier run */
  g_free (sc_test_private_home ());
  f->bus = sc_test_service_bus_up (FALSE);
  f->connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  f->testbed = umockdev_testbed_new ();
  f->responder = sc_ptp_responder_new (f->testbed, &error);
  g_assert_no_error (error);

  /* As ScHeadlessApplication does, less the GApplication: export, then
   * own the name, so that no call arrives before the objects exist. */
  f->service = sc_service_new (NULL);
  g_assert_true (sc_service_export (f->service, f->connection, &error));
  g_assert_no_error (error);
  f->owner_id = g_bus_own_name_on_connection (f->connection, BUS_NAME,
                                              G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                              on_name_acquired_cb, on_name_lost_cb, f, NULL);
  sc_test_wait_until (name_is_acquired, f, 30);

  /* The user agreed once, as in the first-run dialog */
  g_assert_true (sc_consent_accept (sc_service_get_consent (f->service), &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ScCameraMonitor *monitor = sc_service_get_camera_monitor (f->service);
  ScCamera *camera = sc_camera_monitor_lookup (monitor, CAMERA_URI);
  GWeakRef weak;

  g_weak_ref_init (&weak, camera);
  sc_camera_monitor_disconnect_all (monitor);

  g_bus_unown_name (f->owner_id);
  sc_service_unexport (f->service);
  g_clear_object (&f->service);

  /* CloseSession and libusb_close run on the camera's worker, which
   * holds the camera until then: wait for it before the responder goes. */
  for (;;)
    {
      g_autoptr(GObject) object = g_weak_ref_get (&weak);

      if (object == NULL)
        break;
      g_clear_object (&object);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_weak_ref_clear (&weak);

  g_clear_object (&f->responder);
  g_clear_object (&f->testbed);
  g_clear_object (&f->connection);
  g_test_dbus_down (f->bus);
  g_clear_object (&f->bus);
  sc_fake_gvfs_remove_all ();
}

static JsonObject *
find_usb_camera (JsonObject *object)
{
  JsonArray *cameras = json_object_get_array_member (object, "cameras");

  for (guint i = 0; i < json_array_get_length (cameras); i++)
    {
      JsonObject *camera = json_array_get_object_element (cameras, i);

      if (g_strcmp0 (json_object_get_string_member (camera, "uri"), CAMERA_URI) == 0)
        return camera;
    }

  return NULL;
}

static gboolean
ls_has (JsonObject *object,
        const char *name)
{
  JsonArray *files = json_object_get_array_member (object, "files");

  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *file = json_array_get_object_element (files, i);

      if (g_strcmp0 (json_object_get_string_member (file, "name"), name) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Plugged in: `cameras` lists it by its URI; `connect` opens it, after
 * which its id is ptp:SERIAL, which `--camera` takes (as the serial
 * number alone): `info` names it and `ls` lists the photos on it. */
static void
test_usb_camera_in_cli (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *id = NULL;
  JsonObject *camera;

  sc_test_wait_until (camera_is_listed, f, 30);

  ctl (&run, 0, "--json", "cameras", NULL);
  camera = find_usb_camera (sc_test_run_json (&run, &root));
  g_assert_nonnull (camera);
  id = g_strdup (json_object_get_string_member (camera, "id"));
  g_assert_cmpstr (id, !=, "");
  g_assert_cmpstr (json_object_get_string_member (camera, "transport"), ==, "usb");

  ctl (&run, 0, "cameras", NULL);
  g_assert_nonnull (strstr (run.out, CAMERA_URI));

  g_assert_cmpstr (id, ==, CAMERA_URI);
  g_assert_false (json_object_get_boolean_member (camera, "connected"));
  g_assert_false (json_object_get_boolean_member (camera, "remembered"));

  ctl (&run, 0, "--camera", id, "connect", NULL);
  ctl (&run, 0, "--json", "--camera", "ptp:" SC_PTP_RESPONDER_SERIAL, "info", NULL);
  camera = json_object_get_object_member (sc_test_run_json (&run, &root), "camera");
  g_assert_cmpstr (json_object_get_string_member (camera, "model"), ==, SC_PTP_RESPONDER_MODEL);
  g_assert_cmpstr (json_object_get_string_member (camera, "serial"), ==, SC_PTP_RESPONDER_SERIAL);
  ctl (&run, 0, "--camera", SC_PTP_RESPONDER_SERIAL, "info", NULL);
  g_assert_nonnull (strstr (run.out, SC_PTP_RESPONDER_MODEL));

  /* Connected, the camera goes by its serial number */
  ctl (&run, 0, "--json", "cameras", NULL);
  camera = find_usb_camera (sc_test_run_json (&run, &root));
  g_assert_nonnull (camera);
  g_assert_cmpstr (json_object_get_string_member (camera, "id"), ==, "ptp:" SC_PTP_RESPONDER_SERIAL);
  g_assert_true (json_object_get_boolean_member (camera, "connected"));

  ctl (&run, 0, "--json", "--camera", "ptp:" SC_PTP_RESPONDER_SERIAL, "ls", NULL);
  g_assert_true (ls_has (sc_test_run_json (&run, &root), "R0010001.JPG"));
  ctl (&run, 0, "--camera", "ptp:" SC_PTP_RESPONDER_SERIAL, "ls", NULL);
  g_assert_nonnull (strstr (run.out, "R0010001.JPG"));
}

int
main (int   argc,
      char *argv[])
{
  /* libusb sees the emulated device only through umockdev's preload
   * (umockdev_in_mock_environment() does not tell, on 0.17). */
  const char *preload = g_getenv ("LD_PRELOAD");

  if (preload == NULL || strstr (preload, "libumockdev-preload") == NULL)
    {
      char **args;

      if (g_getenv ("SC_TEST_PTP_REEXEC") != NULL)
        {
          g_printerr ("%s did not preload libumockdev-preload.so\n", SC_UMOCKDEV_WRAPPER);
          return 1;
        }
      g_setenv ("SC_TEST_PTP_REEXEC", "1", TRUE);
      args = g_new0 (char *, argc + 2);

      args[0] = (char *)SC_UMOCKDEV_WRAPPER;
      for (int i = 0; i < argc; i++)
        args[i + 1] = argv[i];
      execv (SC_UMOCKDEV_WRAPPER, args);
      g_printerr ("Cannot run %s: %s\n", SC_UMOCKDEV_WRAPPER, g_strerror (errno));
      return 1;
    }

  g_test_init (&argc, &argv, NULL);
  sc_fake_gvfs_register ();

  g_test_add ("/sc-service/usb/cli", Fixture, NULL,
              fixture_set_up, test_usb_camera_in_cli, fixture_tear_down);

  return g_test_run ();
}
