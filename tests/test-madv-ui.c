/* test-madv-ui.c: the Mi Sphere (MADV) in the Camera page and over D-Bus
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs `spherecam-emulator --protocol madv` and, under Xvfb, connects it
 * from the Camera page: its RTSP preview must reach the viewfinder's
 * ScViewer in dual-fisheye mode (frames counted, lens profile set), the
 * row must say "Wi-Fi", the camera's overheating warning must be shown,
 * and "Format…" must ask first (a destructive AdwMessageDialog) and then
 * erase the card.
 *
 * With SC_TEST_MADV_CLI=1 (tests/madv-ui.cmake registers that as its own
 * test) the same program drives the real service on a GTestDBus bus
 * instead: Camera.FormatStorage refuses without the confirmation, and
 * `spherecamctl format` says what it would erase without --yes and
 * erases it with it; an OSC camera (the OSC emulator) answers
 * Camera.Unsupported.
 */

#include "config.h"

#include <string.h>

#include <sc-ui.h>

#include "sc-emulator-launcher.h"
#include "sc-test-ui.h"
#include "sc-test-util.h"

#define CONTROL_MSG_ID 65280   /* the emulator's test control (tests/emulator/MADV.md) */

/* --- The MADV emulator --- */

typedef struct
{
  GSubprocess *process;
  char        *url;
} Emu;

static void
emu_start (Emu *emu)
{
  const char *args[] = { "--protocol", "madv", "--listen", "127.0.0.1:0", NULL };
  g_autoptr(GError) error = NULL;

  emu->url = sc_emulator_launch (args, &emu->process, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (emu->url, "madv://127.0.0.1:"));
}

static void
emu_stop (Emu *emu)
{
  sc_emulator_stop (emu->process);
  g_clear_object (&emu->process);
  g_clear_pointer (&emu->url, g_free);
}

/* The emulator's control message, on a connection of its own. */
static void
emu_control (Emu        *emu,
             const char *type,
             int         param)
{
  g_autoptr(GUri) uri = g_uri_parse (emu->url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  char reply[512];
  gssize n;

  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri),
                                                (guint16)g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  request = g_strdup_printf ("{\"msg_id\":%d,\"token\":0,\"type\":\"%s\",\"param\":\"%d\"}",
                             CONTROL_MSG_ID, type, param);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                           reply, sizeof reply - 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, >, 0);
  reply[n] = '\0';
  g_assert_nonnull (strstr (reply, "\"rval\":0"));
}

/* --- The Camera page --- */

static AdwApplication *app;

typedef struct
{
  Emu              emu;
  ScCameraMonitor *monitor;
  ScJobManager    *jobs;
  ScCamera        *camera;
  ScWindow        *window;
  ScCameraPage    *camera_page;
  ScViewfinder    *viewfinder;
  GAsyncResult    *result;
} Fixture;

static void
on_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Fixture *f = user_data;

  g_set_object (&f->result, result);
}

static gboolean
have_result (gpointer data)
{
  Fixture *f = data;

  return f->result != NULL;
}

static gboolean
camera_connected (gpointer data)
{
  Fixture *f = data;

  return sc_camera_is_connected (f->camera);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  emu_start (&f->emu);

  f->monitor = sc_camera_monitor_new ();
  f->jobs = sc_job_manager_new ();
  f->camera = g_object_ref (sc_camera_monitor_add_uri (f->monitor, f->emu.url, NULL, NULL,
                                                       &error));
  g_assert_no_error (error);

  f->window = sc_window_new (GTK_APPLICATION (app));
  sc_window_set_job_manager (f->window, f->jobs);
  sc_window_set_camera_monitor (f->window, f->monitor);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  sc_window_set_page (f->window, "camera");
  gtk_window_present (GTK_WINDOW (f->window));
  f->camera_page = sc_window_get_camera_page (f->window);
  f->viewfinder = SC_VIEWFINDER (sc_test_ui_find_descendant (GTK_WIDGET (f->camera_page),
                                                             SC_TYPE_VIEWFINDER));
  g_assert_nonnull (f->viewfinder);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  sc_test_ui_iterate (100);
  sc_camera_monitor_disconnect_all (f->monitor);
  g_clear_object (&f->result);
  g_clear_object (&f->camera);
  g_clear_object (&f->monitor);
  g_clear_object (&f->jobs);
  emu_stop (&f->emu);
}

static void
connect_camera (Fixture *f)
{
  GtkWidget *row;

  row = sc_test_ui_find_descendant (GTK_WIDGET (f->camera_page), SC_TYPE_CAMERA_ROW);
  g_assert_nonnull (row);
  /* A madv:// camera is reached over its Wi-Fi. */
  g_assert_nonnull (sc_test_ui_find_label (row, "Wi-Fi"));
  g_assert_true (gtk_widget_activate_action (row, "row.connect", NULL));
  sc_test_ui_wait_until (camera_connected, f, 30, "the connection");
}

static gboolean
preview_reaches_viewer (gpointer data)
{
  Fixture *f = data;
  ScLivePreview *preview = sc_viewfinder_get_live_preview (f->viewfinder);
  ScViewer *viewer = sc_viewfinder_get_viewer (f->viewfinder);

  return preview != NULL && sc_live_preview_get_frames (preview) >= 3 &&
         viewer != NULL && sc_viewer_get_texture (viewer) != NULL &&
         sc_viewer_get_lens_profile (viewer) != NULL;
}

static guint
count_files (Fixture *f)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->result);
  sc_camera_list_files_async (f->camera, SC_CAMERA_FILE_TYPE_ALL, 0, FALSE, NULL,
                              on_result_cb, f);
  sc_test_ui_wait_until (have_result, f, 30, "the listing");
  files = sc_camera_list_files_finish (f->camera, f->result, &error);
  g_assert_no_error (error);

  return files->len;
}

static gboolean
card_is_empty (gpointer data)
{
  return count_files (data) == 0;
}

static gboolean
warning_shown (gpointer data)
{
  Fixture *f = data;
  GtkWidget *label = sc_test_ui_find_label (GTK_WIDGET (f->camera_page), "The camera is too hot");
  GtkWidget *revealer;

  if (label == NULL)
    return FALSE;
  revealer = gtk_widget_get_ancestor (label, GTK_TYPE_REVEALER);

  return revealer != NULL && gtk_revealer_get_reveal_child (GTK_REVEALER (revealer));
}

/* The RTSP preview of the Mi Sphere reaches the viewer's stitcher. */
static void
test_preview (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *preview_uri = NULL;
  ScLivePreview *preview;
  ScViewer *viewer;
  ScLensProfile *profile;

  preview_uri = sc_camera_dup_preview_uri (f->camera);
  g_assert_nonnull (preview_uri);
  g_assert_true (g_str_has_prefix (preview_uri, "rtsp://127.0.0.1:"));

  connect_camera (f);
  sc_test_ui_wait_until (preview_reaches_viewer, f, 90, "RTSP preview frames in the viewer");

  preview = sc_viewfinder_get_live_preview (f->viewfinder);
  viewer = sc_viewfinder_get_viewer (f->viewfinder);
  g_assert_cmpint (sc_live_preview_get_state (preview), ==, SC_LIVE_PREVIEW_STATE_PLAYING);
  /* Dual fisheye, side by side: the viewer stitches it with a profile at
   * the preview's size. */
  g_assert_cmpuint (sc_live_preview_get_width (preview), ==,
                    2 * sc_live_preview_get_height (preview));
  profile = sc_viewer_get_lens_profile (viewer);
  g_assert_nonnull (profile);
  g_assert_cmpint (profile->width, ==, sc_live_preview_get_width (preview));
  g_assert_cmpint (profile->height, ==, sc_live_preview_get_height (preview));
  g_assert_cmpstr (sc_viewfinder_get_camera_model (f->viewfinder), ==, "MJXJ01FM");
}

/* The camera's warnings are shown; formatting asks first, then erases. */
static void
test_warning_and_format (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(ScCameraFile) file = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *button;

  connect_camera (f);

  /* Something on the card */
  sc_camera_take_picture_async (f->camera, NULL, on_result_cb, f);
  sc_test_ui_wait_until (have_result, f, 30, "the picture");
  file = sc_camera_take_picture_finish (f->camera, f->result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (file);
  g_assert_cmpuint (count_files (f), >, 0);

  /* Overheating: a bar above the preview says what to do */
  g_assert_false (warning_shown (f));
  emu_control (&f->emu, "overheat", 0);
  sc_test_ui_wait_until (warning_shown, f, 30, "the overheating warning");
  g_assert_nonnull (sc_test_ui_find_label (GTK_WIDGET (f->camera_page),
                                           "The camera is too hot. Switch it off"));

  /* Format…: a destructive confirmation first; Cancel keeps the files */
  button = sc_test_ui_find_button (GTK_WIDGET (f->camera_page), "camera.confirm-format");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  dialog = sc_test_ui_wait_for_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "All photos and videos on the camera’s memory card are erased"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "format"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  sc_test_ui_respond (dialog, "cancel");
  sc_test_ui_iterate (300);
  g_assert_cmpuint (count_files (f), >, 0);

  g_signal_emit_by_name (button, "clicked");
  dialog = sc_test_ui_wait_for_message_dialog ();
  sc_test_ui_respond (dialog, "format");
  sc_test_ui_wait_until (card_is_empty, f, 30, "the card to be formatted");
}

/* --- D-Bus and spherecamctl (SC_TEST_MADV_CLI=1) --- */

static JsonObject *
ctl_json (ScTestRun   *run,
          JsonNode   **root,
          int          expected,
          const char  *first,
          ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  g_ptr_array_add (args, (char *)"--json");
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  sc_test_ctl_argv (run, NULL, (const char * const *)args->pdata);
  g_assert_cmpint (run->status, ==, expected);

  return sc_test_run_json (run, root);
}

static guint
ls_count (void)
{
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = ctl_json (&run, &root, 0, "ls", NULL);

  return json_array_get_length (json_object_get_array_member (object, "files"));
}

static void
test_cli_format (void)
{
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *remote = NULL;
  JsonObject *camera;
  Emu emu = { 0 };

  emu_start (&emu);

  camera = json_object_get_object_member (ctl_json (&run, &root, 0, "add-camera", emu.url, NULL),
                                          "camera");
  path = g_strdup (json_object_get_string_member (camera, "path"));
  g_assert_true (g_variant_is_object_path (path));
  g_clear_pointer (&root, json_node_unref);
  sc_test_ctl (&run, "connect", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sc_test_ctl (&run, "shoot", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (ls_count (), >, 0);

  /* D-Bus: refused without the confirmation, with a sentence */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (bus, "org.spherecam.Spherecam", path,
                                       "org.spherecam.Spherecam.Camera", "FormatStorage",
                                       g_variant_new ("(b)", FALSE), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, 30000, NULL, &error);
  g_assert_null (reply);
  g_assert_nonnull (error);
  remote = g_dbus_error_get_remote_error (error);
  g_dbus_error_strip_remote_error (error);
  g_test_message ("FormatStorage(false): %s: %s", remote, error->message);
  g_assert_nonnull (strstr (error->message, "Confirm"));
  g_clear_error (&error);
  g_assert_cmpuint (ls_count (), >, 0);

  /* spherecamctl format without --yes: says what it would erase, exits 1 */
  sc_test_ctl (&run, "format", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "erases all photos and videos"));
  g_assert_nonnull (strstr (run.err, "--yes"));
  g_assert_cmpuint (ls_count (), >, 0);

  /* With --yes: the card is empty */
  sc_test_ctl (&run, "format", "--yes", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Formatted"));
  g_assert_cmpuint (ls_count (), ==, 0);

  sc_test_ctl (&run, "forget", NULL);
  g_assert_cmpint (run.status, ==, 0);
  emu_stop (&emu);
}

/* An OSC camera cannot format its card: Camera.Unsupported, files kept. */
static void
test_cli_format_unsupported (void)
{
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GSubprocess) emulator = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = sc_emulator_launch (NULL, &emulator, &error);
  JsonObject *object;

  g_assert_no_error (error);
  ctl_json (&run, &root, 0, "add-camera", url, NULL);
  g_clear_pointer (&root, json_node_unref);
  sc_test_ctl (&run, "connect", NULL);
  g_assert_cmpint (run.status, ==, 0);

  object = ctl_json (&run, &root, 1, "format", "--yes", NULL);
  g_assert_cmpstr (json_object_get_string_member (object, "error_name"), ==,
                   "org.spherecam.Spherecam.Error.Camera.Unsupported");
  g_clear_pointer (&root, json_node_unref);

  sc_test_ctl (&run, "forget", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sc_emulator_stop (emulator);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  if (g_strcmp0 (g_getenv ("SC_TEST_MADV_CLI"), "1") == 0)
    {
      g_autoptr(GTestDBus) test_bus = NULL;
      g_autofree char *home = NULL;

      g_test_init (&argc, &argv, NULL);
      home = sc_test_private_home ();
      sc_test_env_path ("SC_TEST_EMULATOR");
      test_bus = sc_test_service_bus_up (TRUE);
      g_free (sc_test_accept_consent ());

      g_test_add_func ("/madv-cli/format", test_cli_format);
      g_test_add_func ("/madv-cli/format-unsupported", test_cli_format_unsupported);
      ret = g_test_run ();

      g_test_dbus_down (test_bus);
      return ret;
    }

  app = sc_test_ui_init (&argc, &argv);

  g_test_add ("/madv-ui/preview", Fixture, NULL, fixture_set_up, test_preview,
              fixture_tear_down);
  g_test_add ("/madv-ui/warning-and-format", Fixture, NULL, fixture_set_up,
              test_warning_and_format, fixture_tear_down);

  ret = g_test_run ();

  g_clear_object (&app);

  return ret;
}
