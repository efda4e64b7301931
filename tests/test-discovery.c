/* test-discovery.c: finding cameras on the Wi-Fi the computer joined
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ScCameraDiscovery (core): the default gateway from /proc/net/route
 * text, the usual camera addresses for it, and the probe against both
 * emulators on loopback (`spherecam-emulator` for OSC and `--protocol
 * madv`) and against ports where nothing answers. Then, through the real
 * service on a GTestDBus bus: `spherecamctl discover` with its overrides,
 * and `spherecamctl add-camera madv://…`.
 *
 * Built a second time with SC_TEST_DISCOVERY_UI (test-discovery-ui, under
 * Xvfb): the Add Camera dialog's address parsing and its rows of usual
 * addresses.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sc-core.h>

#ifdef SC_TEST_DISCOVERY_UI
# include <sc-ui.h>
# include "sc-test-ui.h"
#else
# include "sc-emulator-launcher.h"
# include "sc-test-util.h"
#endif

#define ROUTE_HEADER \
  "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT" \
  "                                                       \n"

#ifndef SC_TEST_DISCOVERY_UI

static char *madv_url;
static char *osc_url;
static GSubprocess *madv_emulator;
static GSubprocess *osc_emulator;

/* Helpers */

/* A loopback port where nothing listens: bound, then closed again */
static guint16
closed_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_socket_listener_close (listener);

  return port;
}

/* A loopback port that accepts connections (the kernel does) and never
 * answers: nothing calls accept(). */
static GSocketListener *
silent_listener (guint16 *port)
{
  GSocketListener *listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));

  return listener;
}

static void
on_probed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Probes @uris and returns the candidates, or NULL with @error set */
static GPtrArray *
probe (ScCameraDiscovery   *discovery,
       const char * const  *uris,
       GCancellable        *cancellable,
       GError             **error)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (
    (GDestroyNotify) sc_camera_candidate_free);
  g_autoptr(GAsyncResult) result = NULL;

  for (guint i = 0; uris[i] != NULL; i++)
    g_ptr_array_add (candidates, sc_camera_candidate_new_for_uri (uris[i]));

  sc_camera_discovery_probe_async (discovery, candidates, cancellable, on_probed_cb, &result);
  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return sc_camera_discovery_probe_finish (discovery, result, error);
}

static void
assert_candidate (GPtrArray              *candidates,
                  guint                   index,
                  const char             *uri,
                  ScCameraCandidateState  state)
{
  ScCameraCandidate *candidate;

  g_assert_cmpuint (index, <, candidates->len);
  candidate = g_ptr_array_index (candidates, index);
  g_assert_cmpstr (candidate->uri, ==, uri);
  g_assert_cmpstr (candidate->label, !=, "");
  g_assert_cmpstr (sc_camera_candidate_state_to_string (candidate->state), ==,
                   sc_camera_candidate_state_to_string (state));
}

/* Runs spherecamctl --json ARGS…, expects exit status 0 and returns the
 * document it printed (owned by *root) */
static JsonObject *
ctl_json (ScTestRun  *run,
          JsonNode  **root,
          ...)
{
  va_list ap;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (char *) "--json");
  va_start (ap, root);
  for (const char *arg = va_arg (ap, const char *); arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  sc_test_ctl_argv (run, NULL, (const char * const *) args->pdata);
  g_assert_cmpint (run->status, ==, 0);

  return sc_test_run_json (run, root);
}

static JsonObject *
json_candidate (JsonObject *object,
                guint       index)
{
  JsonArray *candidates = json_object_get_array_member (object, "candidates");

  g_assert_cmpuint (index, <, json_array_get_length (candidates));

  return json_array_get_object_element (candidates, index);
}

/* Tests: core */

static void
test_parse_route (void)
{
  /* A laptop on a Mi Sphere's Wi-Fi */
  static const char wifi[] = ROUTE_HEADER
    "wlan0\t00000000\t012AA8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
    "wlan0\t002AA8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0\n";
  /* Two default routes: the lower metric wins (wired 10.0.2.2 at 100) */
  static const char two[] = ROUTE_HEADER
    "wlp2s0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
    "enp0s3\t00000000\t0202000A\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
    "enp0s3\t0002000A\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n";
  /* Only the local subnet, as on a network without a router */
  static const char no_default[] = ROUTE_HEADER
    "eth0\t0000A8C0\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n";
  /* A default route that is down, and one without RTF_GATEWAY */
  static const char down[] = ROUTE_HEADER
    "wlan0\t00000000\t012AA8C0\t0002\t0\t0\t600\t00000000\t0\t0\t0\n"
    "tun0\t00000000\t00000000\t0001\t0\t0\t50\t00000000\t0\t0\t0\n";
  g_autofree char *gateway = NULL;

  gateway = sc_camera_discovery_parse_route (wifi);
  g_assert_cmpstr (gateway, ==, "192.168.42.1");
  g_clear_pointer (&gateway, g_free);

  gateway = sc_camera_discovery_parse_route (two);
  g_assert_cmpstr (gateway, ==, "10.0.2.2");
  g_clear_pointer (&gateway, g_free);

  g_assert_null (sc_camera_discovery_parse_route (no_default));
  g_assert_null (sc_camera_discovery_parse_route (down));
  g_assert_null (sc_camera_discovery_parse_route (ROUTE_HEADER));
  g_assert_null (sc_camera_discovery_parse_route (""));
  g_assert_null (sc_camera_discovery_parse_route ("not\na routing\ttable 00000000 zz\n"));
}

static void
test_candidates (void)
{
  g_autoptr(GPtrArray) candidates = NULL;

  candidates = sc_camera_discovery_candidates_for_gateway ("192.168.42.1");
  g_assert_cmpuint (candidates->len, ==, 2);
  assert_candidate (candidates, 0, "madv://192.168.42.1", SC_CAMERA_CANDIDATE_SUGGESTED);
  assert_candidate (candidates, 1, "http://192.168.42.1", SC_CAMERA_CANDIDATE_SUGGESTED);
  g_clear_pointer (&candidates, g_ptr_array_unref);

  candidates = sc_camera_discovery_candidates_for_gateway ("192.168.1.1");
  g_assert_cmpuint (candidates->len, ==, 1);
  assert_candidate (candidates, 0, "http://192.168.1.1", SC_CAMERA_CANDIDATE_SUGGESTED);
  g_clear_pointer (&candidates, g_ptr_array_unref);

  candidates = sc_camera_discovery_candidates_for_gateway ("10.0.2.2");
  g_assert_cmpuint (candidates->len, ==, 0);
  g_clear_pointer (&candidates, g_ptr_array_unref);

  candidates = sc_camera_discovery_candidates_for_gateway (NULL);
  g_assert_cmpuint (candidates->len, ==, 0);
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

/* The gateway follows the routing table: read at construction and again
 * on refresh (which the network monitor triggers). */
static void
test_route_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sc-discovery-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "route", NULL);
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GError) error = NULL;
  ScCameraDiscovery *discovery;
  guint notified = 0;

  g_file_set_contents (path, ROUTE_HEADER, -1, &error);
  g_assert_no_error (error);

  discovery = sc_camera_discovery_new_for_route_file (path);
  g_object_add_weak_pointer (G_OBJECT (discovery), (gpointer *) &discovery);
  g_signal_connect (discovery, "notify::gateway", G_CALLBACK (on_notify_cb), &notified);
  g_assert_null (sc_camera_discovery_get_gateway (discovery));
  candidates = sc_camera_discovery_dup_candidates (discovery);
  g_assert_cmpuint (candidates->len, ==, 0);
  g_clear_pointer (&candidates, g_ptr_array_unref);

  /* The computer joins a THETA's Wi-Fi */
  g_file_set_contents (path, ROUTE_HEADER
                       "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n",
                       -1, &error);
  g_assert_no_error (error);
  sc_camera_discovery_refresh (discovery);
  g_assert_cmpstr (sc_camera_discovery_get_gateway (discovery), ==, "192.168.1.1");
  g_assert_cmpuint (notified, ==, 1);
  candidates = sc_camera_discovery_dup_candidates (discovery);
  g_assert_cmpuint (candidates->len, ==, 1);
  assert_candidate (candidates, 0, "http://192.168.1.1", SC_CAMERA_CANDIDATE_SUGGESTED);

  /* Nothing changed: no notification */
  sc_camera_discovery_refresh (discovery);
  g_assert_cmpuint (notified, ==, 1);

  g_object_unref (discovery);
  g_assert_null (discovery);
  g_unlink (path);
  g_rmdir (dir);
}

/* Both emulators answer; a closed port and a port that never answers
 * HTTP do not. */
static void
test_probe (void)
{
  g_autoptr(GSocketListener) silent = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *closed_madv = NULL;
  g_autofree char *closed_http = NULL;
  g_autofree char *silent_http = NULL;
  ScCameraDiscovery *discovery = sc_camera_discovery_new ();
  guint16 silent_port = 0;

  g_object_add_weak_pointer (G_OBJECT (discovery), (gpointer *) &discovery);
  closed_madv = g_strdup_printf ("madv://127.0.0.1:%u", closed_port ());
  closed_http = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());
  silent = silent_listener (&silent_port);
  silent_http = g_strdup_printf ("http://127.0.0.1:%u", silent_port);

  {
    const char * const uris[] = { madv_url, osc_url, closed_madv, closed_http, silent_http, NULL };

    candidates = probe (discovery, uris, NULL, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpuint (candidates->len, ==, 5);
  assert_candidate (candidates, 0, madv_url, SC_CAMERA_CANDIDATE_ANSWERS);
  assert_candidate (candidates, 1, osc_url, SC_CAMERA_CANDIDATE_ANSWERS);
  assert_candidate (candidates, 2, closed_madv, SC_CAMERA_CANDIDATE_NO_ANSWER);
  assert_candidate (candidates, 3, closed_http, SC_CAMERA_CANDIDATE_NO_ANSWER);
  assert_candidate (candidates, 4, silent_http, SC_CAMERA_CANDIDATE_NO_ANSWER);
  g_assert_cmpstr (((ScCameraCandidate *) g_ptr_array_index (candidates, 0))->label, ==,
                   "Mi Sphere");
  g_clear_pointer (&candidates, g_ptr_array_unref);

  /* Nothing to probe */
  {
    const char * const none[] = { NULL };

    candidates = probe (discovery, none, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (candidates->len, ==, 0);
    g_clear_pointer (&candidates, g_ptr_array_unref);
  }

  g_object_unref (discovery);
  g_assert_null (discovery);
}

static void
test_probe_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GSocketListener) silent = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *silent_http = NULL;
  ScCameraDiscovery *discovery = sc_camera_discovery_new ();
  guint16 port = 0;

  g_object_add_weak_pointer (G_OBJECT (discovery), (gpointer *) &discovery);
  silent = silent_listener (&port);
  silent_http = g_strdup_printf ("http://127.0.0.1:%u", port);

  {
    const char * const uris[] = { silent_http, madv_url, NULL };

    candidates = probe (discovery, uris, cancellable, &error);
  }
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (candidates);

  g_object_unref (discovery);
  g_assert_null (discovery);
}

/* Tests: spherecamctl through the service */

static void
test_cli_discover (void)
{
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *closed = g_strdup_printf ("madv://127.0.0.1:%u", closed_port ());
  JsonObject *object;
  JsonObject *candidate;

  sc_test_ctl (&run, "discover", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "spherecamctl discover"));
  g_assert_nonnull (strstr (run.out, "--gateway"));
  sc_test_ctl (&run, "discover", "extra", NULL);
  g_assert_cmpint (run.status, ==, 2);

  /* A network that is not a camera's: nothing, and what to do */
  object = ctl_json (&run, &root, "discover", "--gateway", "10.0.2.2", NULL);
  g_assert_cmpstr (json_object_get_string_member (object, "gateway"), ==, "10.0.2.2");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "candidates")),
                    ==, 0);
  g_clear_pointer (&root, json_node_unref);
  sc_test_ctl (&run, "discover", "--gateway", "10.0.2.2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Join your camera’s Wi-Fi"));
  g_assert_nonnull (strstr (run.out, "spherecamctl add-camera"));

  /* A Mi Sphere's network, not probed: the usual addresses */
  object = ctl_json (&run, &root, "discover", "--gateway", "192.168.42.1", "--no-probe", NULL);
  g_assert_cmpstr (json_object_get_string_member (object, "gateway"), ==, "192.168.42.1");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "candidates")),
                    ==, 2);
  candidate = json_candidate (object, 0);
  g_assert_cmpstr (json_object_get_string_member (candidate, "uri"), ==, "madv://192.168.42.1");
  g_assert_cmpstr (json_object_get_string_member (candidate, "label"), ==, "Mi Sphere");
  g_assert_cmpstr (json_object_get_string_member (candidate, "state"), ==, "suggested");
  candidate = json_candidate (object, 1);
  g_assert_cmpstr (json_object_get_string_member (candidate, "uri"), ==, "http://192.168.42.1");
  g_assert_cmpstr (json_object_get_string_member (candidate, "state"), ==, "suggested");
  g_clear_pointer (&root, json_node_unref);

  /* The emulators, probed by the service */
  object = ctl_json (&run, &root, "discover", "--candidate", madv_url, "--candidate", osc_url,
                     "--candidate", closed, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "candidates")),
                    ==, 3);
  candidate = json_candidate (object, 0);
  g_assert_cmpstr (json_object_get_string_member (candidate, "uri"), ==, madv_url);
  g_assert_cmpstr (json_object_get_string_member (candidate, "state"), ==, "answers");
  candidate = json_candidate (object, 1);
  g_assert_cmpstr (json_object_get_string_member (candidate, "uri"), ==, osc_url);
  g_assert_cmpstr (json_object_get_string_member (candidate, "state"), ==, "answers");
  candidate = json_candidate (object, 2);
  g_assert_cmpstr (json_object_get_string_member (candidate, "state"), ==, "no-answer");
  g_clear_pointer (&root, json_node_unref);

  /* In text: a table and what to do next */
  sc_test_ctl (&run, "discover", "--candidate", madv_url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, madv_url));
  g_assert_nonnull (strstr (run.out, "answers"));
  g_assert_nonnull (strstr (run.out, "add-camera"));
  sc_test_ctl (&run, "discover", "--candidate", closed, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "no answer"));
  g_assert_nonnull (strstr (run.out, "No camera answered"));
}

/* A Mi Sphere added by its madv:// address, as discover lists it */
static void
test_cli_add_madv (void)
{
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *camera;
  g_autofree char *path = NULL;

  camera = json_object_get_object_member (ctl_json (&run, &root, "add-camera", madv_url, NULL),
                                          "camera");
  g_assert_cmpstr (json_object_get_string_member (camera, "uri"), ==, madv_url);
  g_assert_cmpstr (json_object_get_string_member (camera, "id"), !=, "");
  g_assert_false (json_object_get_boolean_member (camera, "connected"));
  path = g_strdup (json_object_get_string_member (camera, "path"));
  g_clear_pointer (&root, json_node_unref);

  /* Adding it again gives the same camera */
  camera = json_object_get_object_member (ctl_json (&run, &root, "add-camera", madv_url, NULL),
                                          "camera");
  g_assert_cmpstr (json_object_get_string_member (camera, "path"), ==, path);
  g_clear_pointer (&root, json_node_unref);

  /* A typo in the scheme says what to type */
  sc_test_ctl (&run, "add-camera", "madw://127.0.0.1", NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "madv://"));

  sc_test_ctl (&run, "forget", "--camera", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const madv_args[] = { "--protocol", "madv", "--listen", "127.0.0.1:0", NULL };
  g_autoptr(GTestDBus) test_bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *home = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  home = sc_test_private_home ();
  madv_url = sc_emulator_launch (madv_args, &madv_emulator, &error);
  g_assert_no_error (error);
  osc_url = sc_emulator_launch (NULL, &osc_emulator, &error);
  g_assert_no_error (error);
  g_test_message ("Emulators at %s and %s", madv_url, osc_url);

  /* Cameras are added, never connected: the service may log nothing. */
  test_bus = sc_test_service_bus_up (FALSE);
  g_free (sc_test_accept_consent ());

  g_test_add_func ("/sc-core/ScCameraDiscovery/parse-route", test_parse_route);
  g_test_add_func ("/sc-core/ScCameraDiscovery/candidates", test_candidates);
  g_test_add_func ("/sc-core/ScCameraDiscovery/route-file", test_route_file);
  g_test_add_func ("/sc-core/ScCameraDiscovery/probe", test_probe);
  g_test_add_func ("/sc-core/ScCameraDiscovery/probe-cancel", test_probe_cancel);
  g_test_add_func ("/spherecamctl/discover/discover", test_cli_discover);
  g_test_add_func ("/spherecamctl/discover/add-madv", test_cli_add_madv);

  ret = g_test_run ();

  g_test_dbus_down (test_bus);
  sc_emulator_stop (madv_emulator);
  sc_emulator_stop (osc_emulator);
  g_clear_object (&madv_emulator);
  g_clear_object (&osc_emulator);
  g_clear_pointer (&madv_url, g_free);
  g_clear_pointer (&osc_url, g_free);

  return ret;
}

#else /* SC_TEST_DISCOVERY_UI */

static AdwApplication *app;

static char *
write_route_file (const char *dir,
                  const char *gateway_hex)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  char *path = g_build_filename (dir, "route", NULL);

  text = g_strdup_printf (ROUTE_HEADER
                          "wlan0\t00000000\t%s\t0003\t0\t0\t600\t00000000\t0\t0\t0\n",
                          gateway_hex);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  return path;
}

static void
test_parse_address (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  uri = sc_add_camera_dialog_parse_address ("madv://192.168.42.1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uri, ==, "madv://192.168.42.1");
  g_clear_pointer (&uri, g_free);

  uri = sc_add_camera_dialog_parse_address (" madv://127.0.0.1:7878?data=8787&http=50422&rtsp=554 ",
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uri, ==, "madv://127.0.0.1:7878?data=8787&http=50422&rtsp=554");
  g_clear_pointer (&uri, g_free);

  /* No scheme is still an OSC camera */
  uri = sc_add_camera_dialog_parse_address ("192.168.42.1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uri, ==, "http://192.168.42.1");
  g_clear_pointer (&uri, g_free);

  uri = sc_add_camera_dialog_parse_address ("ftp://camera", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "http://"));
  g_assert_nonnull (strstr (error->message, "madv://"));
  g_clear_error (&error);

  uri = sc_add_camera_dialog_parse_address ("madv://", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (uri);
}

static gboolean
probe_done (gpointer data)
{
  GtkWidget *dialog = data;

  return sc_test_ui_find_label (dialog, "Checking") == NULL;
}

/* On a Mi Sphere's Wi-Fi the usual addresses are rows; clicking one fills
 * the address. On another network there are none. */
static void
test_dialog_candidates (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sc-discovery-ui-XXXXXX", NULL);
  g_autofree char *path = write_route_file (dir, "012AA8C0");
  g_autoptr(ScCameraDiscovery) discovery = sc_camera_discovery_new_for_route_file (path);
  g_autofree char *uri = NULL;
  ScAddCameraDialog *dialog = sc_add_camera_dialog_new (NULL);
  GtkWidget *title;
  GtkWidget *row;
  GtkListBox *list;

  sc_add_camera_dialog_set_discovery (dialog, discovery);
  gtk_window_present (GTK_WINDOW (dialog));

  title = sc_test_ui_find_label (GTK_WIDGET (dialog), "Cameras on This Wi-Fi");
  g_assert_nonnull (title);
  g_assert_true (gtk_widget_is_visible (title));
  g_assert_nonnull (sc_test_ui_find_label (GTK_WIDGET (dialog), "Mi Sphere"));
  g_assert_nonnull (sc_test_ui_find_label (GTK_WIDGET (dialog), "madv://192.168.42.1"));
  g_assert_nonnull (sc_test_ui_find_label (GTK_WIDGET (dialog), "http://192.168.42.1"));

  /* Clicking the Mi Sphere's row fills in its address, which can be added */
  row = gtk_widget_get_ancestor (sc_test_ui_find_label (GTK_WIDGET (dialog), "madv://192.168.42.1"),
                                 GTK_TYPE_LIST_BOX_ROW);
  g_assert_nonnull (row);
  list = GTK_LIST_BOX (gtk_widget_get_parent (row));
  g_signal_emit_by_name (list, "row-activated", row);
  uri = sc_add_camera_dialog_dup_uri (dialog);
  g_assert_cmpstr (uri, ==, "madv://192.168.42.1");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add"));
  sc_test_ui_save_screenshot (GTK_WIDGET (dialog), "add-camera-discovery");

  /* Nothing is at 192.168.42.1 here: the rows say so once probed */
  sc_test_ui_wait_until (probe_done, dialog, 10, "the probe");
  g_assert_nonnull (sc_test_ui_find_label (GTK_WIDGET (dialog), "No answer"));

  /* The computer moves to another network: no rows */
  g_clear_pointer (&path, g_free);
  path = write_route_file (dir, "0102000A");
  sc_camera_discovery_refresh (discovery);
  g_assert_false (gtk_widget_is_visible (title));
  g_assert_null (sc_test_ui_find_label (GTK_WIDGET (dialog), "madv://192.168.42.1"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app = sc_test_ui_init (&argc, &argv);

  g_test_add_func ("/sc-ui/ScAddCameraDialog/parse-address-madv", test_parse_address);
  g_test_add_func ("/sc-ui/ScAddCameraDialog/candidates", test_dialog_candidates);

  ret = g_test_run ();

  g_clear_object (&app);

  return ret;
}

#endif /* SC_TEST_DISCOVERY_UI */
