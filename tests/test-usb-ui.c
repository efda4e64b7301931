/* test-usb-ui.c: the Camera page with a USB camera, under Xvfb
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The emulated THETA V (tests/usb/sc-ptp-responder.c, behind umockdev's
 * usbdevfs emulation) is listed in the main window's Camera page, the
 * way the service lists a plugged camera. GNOME Files (the fake gvfs of
 * tests/usb/sc-fake-gvfs.c) holds it: connecting fails with an error that
 * names gvfs and a "Release and Connect" button; pressing it unmounts
 * gvfs's mount and the page shows the connected camera. A second THETA
 * in live-streaming (webcam) mode makes ScUsbMonitor report it, and the
 * page shows the message in a banner until it is dismissed or a camera
 * arrives. Runs under umockdev-wrapper (and re-executes itself under it
 * when started by hand). Saves usb-busy-SUFFIX.png and
 * usb-unusable-SUFFIX.png into <build>/tests/screenshots/.
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <sc-ui.h>

#include "sc-fake-gvfs.h"
#include "sc-ptp-responder.h"
#include "sc-test-ui.h"

#define CAMERA_URI "usb:1:7"

static AdwApplication *app;

/* GTK 4.8 warns when the window's AdwViewSwitcherBar is revealed in a
 * narrow window (see test-camera-ui.c); harmless and not ours. */
static GLogWriterOutput
log_writer_cb (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  const char *domain = NULL, *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  if ((log_level & G_LOG_LEVEL_WARNING) && g_strcmp0 (domain, "Gtk") == 0 &&
      message != NULL && strstr (message, "attempt to allocate") != NULL &&
      g_str_has_suffix (message, "and height -1"))
    {
      g_printerr ("(ignored) Gtk-WARNING: %s\n", message);
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

typedef struct
{
  UMockdevTestbed *testbed;
  ScPtpResponder  *responder;
  ScCameraMonitor *monitor;
  ScJobManager    *jobs;
  ScCamera        *camera;
  ScWindow        *window;
  ScCameraPage    *page;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->testbed = umockdev_testbed_new ();
  f->responder = sc_ptp_responder_new (f->testbed, &error);
  g_assert_no_error (error);

  f->monitor = sc_camera_monitor_new ();
  f->jobs = sc_job_manager_new ();

  f->window = sc_window_new (GTK_APPLICATION (app));
  sc_window_set_job_manager (f->window, f->jobs);
  sc_window_set_camera_monitor (f->window, f->monitor);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  sc_window_set_page (f->window, "camera");
  gtk_window_present (GTK_WINDOW (f->window));
  f->page = sc_window_get_camera_page (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  sc_test_ui_iterate (100);

  if (f->camera != NULL)
    {
      GWeakRef weak;

      /* CloseSession and libusb_close run on the camera's worker, which
       * holds the camera until then: wait for it before the responder
       * goes. */
      sc_camera_monitor_disconnect_all (f->monitor);
      sc_camera_monitor_remove (f->monitor, f->camera);
      g_weak_ref_init (&weak, f->camera);
      g_clear_object (&f->camera);
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
    }

  g_clear_object (&f->monitor);
  g_clear_object (&f->jobs);
  g_clear_object (&f->responder);
  g_clear_object (&f->testbed);
  sc_fake_gvfs_remove_all ();
}

/* --- Predicates --- */

static gboolean
release_offered (gpointer data)
{
  Fixture *f = data;
  GtkWidget *button = sc_test_ui_find_named (GTK_WIDGET (f->page), "release-button");

  return button != NULL && gtk_widget_get_mapped (button);
}

static gboolean
camera_ready (gpointer data)
{
  Fixture *f = data;

  return sc_camera_is_connected (f->camera) && sc_camera_page_get_can_capture (f->page);
}

static gboolean
banner_shown (gpointer data)
{
  Fixture *f = data;
  GtkWidget *banner = sc_test_ui_find_named (GTK_WIDGET (f->page), "unusable-banner");

  return gtk_revealer_get_reveal_child (GTK_REVEALER (banner)) &&
         gtk_revealer_get_child_revealed (GTK_REVEALER (banner));
}

/* --- GNOME Files holds the camera --- */

static gboolean
on_gvfs_lets_go_cb (gpointer user_data)
{
  sc_ptp_responder_set_claim_busy (SC_PTP_RESPONDER (user_data), FALSE);
  return G_SOURCE_REMOVE;
}

/* gvfs's daemon closes the device a moment after its mount is unmounted */
static void
on_gvfs_unmounted_cb (GMount   *mount,
                      Fixture  *f)
{
  g_timeout_add_full (G_PRIORITY_DEFAULT, 300, on_gvfs_lets_go_cb,
                      g_object_ref (f->responder), g_object_unref);
}

static void
test_release_and_connect (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMount) mount = NULL;
  GtkWidget *button;

  /* gvfs has mounted the camera and claimed its interface */
  mount = g_object_ref (sc_fake_gvfs_add_mount ("RICOH THETA V",
                                                "gphoto2://%5Busb%3A001%2C007%5D/",
                                                "/dev/bus/usb/001/007", NULL));
  g_signal_connect (mount, "unmounted", G_CALLBACK (on_gvfs_unmounted_cb), f);
  sc_ptp_responder_set_claim_busy (f->responder, TRUE);

  /* Plugged in: the service adds it to the list */
  f->camera = sc_camera_new_for_uri (CAMERA_URI, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (SC_IS_PTP_CAMERA (f->camera));
  sc_camera_monitor_add (f->monitor, f->camera);
  g_assert_true (sc_camera_page_get_camera (f->page) == f->camera);
  sc_test_ui_iterate (50);

  /* Before any attempt: no release offered, the USB hint */
  g_assert_false (release_offered (f));
  g_assert_nonnull (sc_test_ui_find_label (GTK_WIDGET (f->page), "Plug the camera in"));

  /* Connecting fails: gvfs is named, and the page offers to release it */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "camera.connect", "s", CAMERA_URI);
  sc_test_ui_wait_until (release_offered, f, 30, "the Release and Connect button");
  g_assert_false (sc_camera_is_connected (f->camera));
  g_assert_nonnull (sc_test_ui_find_label (GTK_WIDGET (f->page), "GNOME Files (gvfs) is using"));
  g_assert_cmpuint (sc_fake_gvfs_get_unmount_calls (), ==, 0);
  sc_test_ui_wait_for_paint (GTK_WIDGET (f->window));
  sc_test_ui_save_screenshot (GTK_WIDGET (f->window), "usb-busy");

  /* Release and Connect: gvfs's mount is unmounted, the camera connects
   * and the page shows it ready to shoot */
  button = sc_test_ui_find_named (GTK_WIDGET (f->page), "release-button");
  g_assert_true (gtk_widget_activate (button));
  sc_test_ui_wait_until (camera_ready, f, 30, "the connected camera");
  g_assert_cmpuint (sc_fake_gvfs_get_unmount_calls (), ==, 1);
  g_assert_true (sc_ptp_responder_has_session (f->responder));
  g_assert_false (release_offered (f));

  g_signal_handlers_disconnect_by_data (mount, f);
}

/* --- A camera in live-streaming mode --- */

static void
on_unusable_camera_cb (ScUsbMonitor *usb,
                       const char   *message,
                       Fixture      *f)
{
  /* What the application does with the service's Manager.UnusableCamera */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "camera.report-unusable", "s", message);
}

static void
test_unusable_banner (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScUsbMonitor) usb = sc_usb_monitor_new ();
  g_autofree char *webcam = NULL;
  GtkWidget *banner;
  GtkWidget *label;

  banner = sc_test_ui_find_named (GTK_WIDGET (f->page), "unusable-banner");
  g_assert_nonnull (banner);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (banner)));

  /* A second THETA V, in live-streaming mode: only a video interface */
  webcam = sc_ptp_responder_add_webcam_mode (f->testbed, &error);
  g_assert_no_error (error);
  g_signal_connect (usb, "unusable-camera", G_CALLBACK (on_unusable_camera_cb), f);
  g_assert_true (sc_usb_monitor_start (usb, &error));
  g_assert_no_error (error);

  /* The page says which mode the camera is in and how to switch */
  sc_test_ui_wait_until (banner_shown, f, 30, "the unusable-camera banner");
  label = sc_test_ui_find_label (banner, "");
  g_assert_nonnull (label);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "live-streaming"));
  sc_test_ui_wait_for_paint (GTK_WIDGET (f->window));
  sc_test_ui_save_screenshot (GTK_WIDGET (f->window), "usb-unusable");

  /* Dismissed, it goes */
  g_signal_emit_by_name (sc_test_ui_find_named (banner, "unusable-dismiss-button"), "clicked");
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (banner)));

  /* Shown again, it goes when a camera arrives (switched to a mode that
   * works) */
  on_unusable_camera_cb (usb, "Switch the camera to its still-picture mode.", f);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (banner)));
  f->camera = sc_camera_new_for_uri (CAMERA_URI, NULL, NULL, &error);
  g_assert_no_error (error);
  sc_camera_monitor_add (f->monitor, f->camera);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (banner)));

  sc_usb_monitor_stop (usb);
  g_signal_handlers_disconnect_by_data (usb, f);
  umockdev_testbed_remove_device (f->testbed, webcam);
}

int
main (int   argc,
      char *argv[])
{
  /* libusb sees the emulated device only through umockdev's preload
   * (umockdev_in_mock_environment() does not tell, on 0.17). */
  const char *preload = g_getenv ("LD_PRELOAD");
  int ret;

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

  g_log_set_writer_func (log_writer_cb, NULL, NULL);
  app = sc_test_ui_init (&argc, &argv);
  sc_fake_gvfs_register ();

  g_test_add ("/sc-ui/usb/release-and-connect", Fixture, NULL,
              fixture_set_up, test_release_and_connect, fixture_tear_down);
  g_test_add ("/sc-ui/usb/unusable-banner", Fixture, NULL,
              fixture_set_up, test_unusable_banner, fixture_tear_down);

  ret = g_test_run ();

  g_clear_object (&app);

  return ret;
}
