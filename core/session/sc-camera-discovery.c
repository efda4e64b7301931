/* sc-camera-discovery.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-camera-discovery"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sc-core.h"

#define ROUTE_PATH          "/proc/net/route"
#define MADV_DEFAULT_PORT   7878
#define MI_SPHERE_GATEWAY   "192.168.42.1"
#define THETA_GATEWAY       "192.168.1.1"

/* Route flags from <linux/route.h> */
#define RTF_UP      0x0001
#define RTF_GATEWAY 0x0002

/**
 * ScCameraDiscovery:
 *
 * Finds the addresses where a camera may be once the computer has joined
 * a camera's Wi-Fi. Cameras in access-point mode are the network's
 * gateway: a Mi Sphere (and OSC cameras such as Insta360's) at
 * 192.168.42.1, a RICOH THETA at 192.168.1.1. The gateway is read from
 * /proc/net/route (no NetworkManager needed) and read again whenever
 * #GNetworkMonitor says the network changed; #ScCameraDiscovery:gateway
 * tells when it did. sc_camera_discovery_probe_async() then says which
 * of the candidates answer.
 *
 * Nothing is probed by itself: the network is only contacted when asked.
 * Owner thread only.
 */
struct _ScCameraDiscovery
{
  GObject          parent_instance;

  char            *route_path;
  char            *gateway;
  GNetworkMonitor *network_monitor;
  SoupSession     *session;
  GSocketClient   *socket_client;
};

G_DEFINE_FINAL_TYPE (ScCameraDiscovery, sc_camera_discovery, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (ScCameraCandidate, sc_camera_candidate,
                     sc_camera_candidate_copy, sc_camera_candidate_free)

enum {
  PROP_0,
  PROP_ROUTE_PATH,
  PROP_GATEWAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One candidate being probed */
typedef struct
{
  GTask             *task;         /* owned */
  ScCameraCandidate *candidate;    /* in the task data's results */
  GCancellable      *cancellable;  /* owned: cancelled on timeout or by the caller */
  GSource           *timeout;      /* owned */
  gboolean           timed_out;
} Probe;

typedef struct
{
  GPtrArray    *results;          /* of ScCameraCandidate */
  GPtrArray    *probes;           /* of Probe, unowned: each frees itself */
  GCancellable *cancellable;      /* the caller's, or NULL */
  gulong        cancelled_id;
  GMutex        mutex;            /* "cancelled" may come from another thread */
  guint         n_pending;
} ProbeData;

static void
probe_data_free (ProbeData *data)
{
  if (data->cancellable != NULL)
    g_cancellable_disconnect (data->cancellable, data->cancelled_id);
  g_clear_object (&data->cancellable);
  g_clear_pointer (&data->results, g_ptr_array_unref);
  g_clear_pointer (&data->probes, g_ptr_array_unref);
  g_mutex_clear (&data->mutex);
  g_free (data);
}

static void
probe_free (Probe *probe)
{
  if (probe->timeout != NULL)
    g_source_destroy (probe->timeout);
  g_clear_pointer (&probe->timeout, g_source_unref);
  g_clear_object (&probe->cancellable);
  g_clear_object (&probe->task);
  g_free (probe);
}

static gboolean
is_madv_scheme (const char *scheme)
{
  return scheme != NULL && g_ascii_strcasecmp (scheme, "madv") == 0;
}

/* Called once per probe, on the owner's context */
static void
probe_done (Probe    *probe,
            gboolean  answers)
{
  GTask *task = g_object_ref (probe->task);
  ProbeData *data = g_task_get_task_data (task);
  gboolean last;

  probe->candidate->state = answers ? SC_CAMERA_CANDIDATE_ANSWERS : SC_CAMERA_CANDIDATE_NO_ANSWER;
  g_debug ("%s: %s%s", probe->candidate->uri,
           sc_camera_candidate_state_to_string (probe->candidate->state),
           probe->timed_out ? " (timed out)" : "");

  g_mutex_lock (&data->mutex);
  g_ptr_array_remove_fast (data->probes, probe);
  last = --data->n_pending == 0;
  g_mutex_unlock (&data->mutex);

  probe_free (probe);

  if (last)
    {
      /* A cancelled task returns G_IO_ERROR_CANCELLED here by itself. */
      g_task_return_pointer (task, g_ptr_array_ref (data->results),
                             (GDestroyNotify) g_ptr_array_unref);
    }
  g_object_unref (task);
}

static gboolean
on_probe_timeout_cb (gpointer user_data)
{
  Probe *probe = user_data;

  probe->timed_out = TRUE;
  g_clear_pointer (&probe->timeout, g_source_unref);
  g_cancellable_cancel (probe->cancellable);

  return G_SOURCE_REMOVE;
}

/* May run in the thread that cancelled the caller's cancellable */
static void
on_caller_cancelled_cb (GCancellable *cancellable,
                        ProbeData    *data)
{
  g_mutex_lock (&data->mutex);
  for (guint i = 0; i < data->probes->len; i++)
    {
      Probe *probe = g_ptr_array_index (data->probes, i);

      g_cancellable_cancel (probe->cancellable);
    }
  g_mutex_unlock (&data->mutex);
}

static void
on_socket_connected_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection == NULL)
    g_debug ("%s: %s", probe->candidate->uri, error->message);

  /* Only the port is checked: no session is opened, so a Mi Sphere's one
   * client slot is left free. The connection closes when it is freed. */
  probe_done (probe, connection != NULL);
}

static void
on_info_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Probe *probe = user_data;
  SoupSession *session = SOUP_SESSION (object);
  SoupMessage *message = soup_session_get_async_result_message (session, result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  gboolean answers = FALSE;

  body = soup_session_send_and_read_finish (session, result, &error);
  if (body == NULL)
    {
      g_debug ("%s: %s", probe->candidate->uri, error->message);
    }
  else if (message == NULL || soup_message_get_status (message) != SOUP_STATUS_OK)
    {
      g_debug ("%s: /osc/info answered HTTP %u", probe->candidate->uri,
               message != NULL ? soup_message_get_status (message) : 0);
    }
  else
    {
      gsize size = 0;
      const char *text = g_bytes_get_data (body, &size);

      parser = json_parser_new ();
      if (json_parser_load_from_data (parser, text != NULL ? text : "", size, &error) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        answers = TRUE;
      else
        g_debug ("%s: /osc/info is not a JSON object", probe->candidate->uri);
    }

  probe_done (probe, answers);
}

/* Probes may not work for a self-signed camera certificate otherwise; the
 * probe sends nothing but a GET of /osc/info. */
static gboolean
on_accept_certificate_cb (SoupMessage          *message,
                          GTlsCertificate      *certificate,
                          GTlsCertificateFlags  errors,
                          gpointer              user_data)
{
  return TRUE;
}

static void
probe_start (ScCameraDiscovery *self,
             Probe             *probe)
{
  g_autoptr(GUri) uri = g_uri_parse (probe->candidate->uri, G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;
  guint timeout_ms;

  if (host == NULL || host[0] == '\0')
    {
      g_debug ("%s: not an address", probe->candidate->uri);
      probe_done (probe, FALSE);
      return;
    }

  timeout_ms = is_madv_scheme (scheme) ? SC_CAMERA_DISCOVERY_MADV_TIMEOUT_MS
                                       : SC_CAMERA_DISCOVERY_HTTP_TIMEOUT_MS;
  probe->timeout = g_timeout_source_new (timeout_ms);
  g_source_set_callback (probe->timeout, on_probe_timeout_cb, probe, NULL);
  g_source_set_static_name (probe->timeout, "[sc] camera discovery probe timeout");
  g_source_attach (probe->timeout, g_task_get_context (probe->task));

  if (is_madv_scheme (scheme))
    {
      int port = g_uri_get_port (uri);
      g_autoptr(GSocketConnectable) address = NULL;

      address = g_network_address_new (host, port > 0 ? port : MADV_DEFAULT_PORT);
      g_socket_client_connect_async (self->socket_client, address, probe->cancellable,
                                     on_socket_connected_cb, probe);
    }
  else
    {
      g_autoptr(GUri) info = g_uri_parse_relative (uri, "/osc/info", G_URI_FLAGS_NONE, NULL);
      g_autoptr(SoupMessage) message = NULL;

      if (info == NULL)
        {
          probe_done (probe, FALSE);
          return;
        }
      message = soup_message_new_from_uri (SOUP_METHOD_GET, info);
      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    "Accept", "application/json");
      g_signal_connect (message, "accept-certificate",
                        G_CALLBACK (on_accept_certificate_cb), NULL);
      soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                        probe->cancellable, on_info_read_cb, probe);
    }
}

static char *
read_gateway (const char *route_path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  /* A small procfs file: reading it does not block. */
  if (!g_file_get_contents (route_path, &text, NULL, &error))
    {
      g_debug ("Cannot read %s: %s", route_path, error->message);
      return NULL;
    }

  return sc_camera_discovery_parse_route (text);
}

static void
on_network_changed_cb (ScCameraDiscovery *self)
{
  sc_camera_discovery_refresh (self);
}

static void
sc_camera_discovery_dispose (GObject *object)
{
  ScCameraDiscovery *self = SC_CAMERA_DISCOVERY (object);

  if (self->network_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->network_monitor, self);
  g_clear_object (&self->network_monitor);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->socket_client);

  G_OBJECT_CLASS (sc_camera_discovery_parent_class)->dispose (object);
}

static void
sc_camera_discovery_finalize (GObject *object)
{
  ScCameraDiscovery *self = SC_CAMERA_DISCOVERY (object);

  g_clear_pointer (&self->route_path, g_free);
  g_clear_pointer (&self->gateway, g_free);

  G_OBJECT_CLASS (sc_camera_discovery_parent_class)->finalize (object);
}

static void
sc_camera_discovery_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ScCameraDiscovery *self = SC_CAMERA_DISCOVERY (object);

  switch (prop_id)
    {
    case PROP_ROUTE_PATH:
      g_value_set_string (value, self->route_path);
      break;

    case PROP_GATEWAY:
      g_value_set_string (value, self->gateway);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_camera_discovery_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ScCameraDiscovery *self = SC_CAMERA_DISCOVERY (object);

  switch (prop_id)
    {
    case PROP_ROUTE_PATH:
      g_free (self->route_path);
      self->route_path = g_value_dup_string (value);
      if (self->route_path == NULL)
        self->route_path = g_strdup (ROUTE_PATH);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_camera_discovery_constructed (GObject *object)
{
  ScCameraDiscovery *self = SC_CAMERA_DISCOVERY (object);

  G_OBJECT_CLASS (sc_camera_discovery_parent_class)->constructed (object);

  self->gateway = read_gateway (self->route_path);
}

static void
sc_camera_discovery_class_init (ScCameraDiscoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_camera_discovery_dispose;
  object_class->finalize = sc_camera_discovery_finalize;
  object_class->get_property = sc_camera_discovery_get_property;
  object_class->set_property = sc_camera_discovery_set_property;
  object_class->constructed = sc_camera_discovery_constructed;

  /**
   * ScCameraDiscovery:route-path:
   *
   * The routing table to read, in the format of /proc/net/route (the
   * default). Tests point it at a file of their own.
   */
  properties[PROP_ROUTE_PATH] =
    g_param_spec_string ("route-path", NULL, NULL,
                         ROUTE_PATH,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScCameraDiscovery:gateway:
   *
   * The IPv4 default gateway, e.g. "192.168.42.1", or %NULL when there is
   * no default route. Notified when it changes.
   */
  properties[PROP_GATEWAY] =
    g_param_spec_string ("gateway", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_camera_discovery_init (ScCameraDiscovery *self)
{
  self->route_path = g_strdup (ROUTE_PATH);
  self->network_monitor = g_object_ref (g_network_monitor_get_default ());
  g_signal_connect_swapped (self->network_monitor, "network-changed",
                            G_CALLBACK (on_network_changed_cb), self);
  self->session = soup_session_new_with_options ("max-conns-per-host", 2, NULL);
  self->socket_client = g_socket_client_new ();
}

/**
 * sc_camera_candidate_new:
 * @uri: a camera URI
 * @label: a translated name of the kind of camera
 *
 * Returns: (transfer full): a new candidate in the "suggested" state
 */
ScCameraCandidate *
sc_camera_candidate_new (const char *uri,
                         const char *label)
{
  ScCameraCandidate *candidate;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (label != NULL, NULL);

  candidate = g_new0 (ScCameraCandidate, 1);
  candidate->uri = g_strdup (uri);
  candidate->label = g_strdup (label);
  candidate->state = SC_CAMERA_CANDIDATE_SUGGESTED;

  return candidate;
}

/**
 * sc_camera_candidate_new_for_uri:
 * @uri: a camera URI, e.g. one the user typed
 *
 * Like sc_camera_candidate_new(), with a label that follows the URI's
 * scheme: madv:// is a Mi Sphere, anything else an OSC camera.
 *
 * Returns: (transfer full): a new candidate in the "suggested" state
 */
ScCameraCandidate *
sc_camera_candidate_new_for_uri (const char *uri)
{
  g_autofree char *scheme = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  scheme = g_uri_parse_scheme (uri);

  return sc_camera_candidate_new (uri, is_madv_scheme (scheme) ? _("Mi Sphere")
                                                               : _("OSC camera"));
}

/**
 * sc_camera_candidate_copy:
 * @candidate: a #ScCameraCandidate
 *
 * Returns: (transfer full): a copy of @candidate
 */
ScCameraCandidate *
sc_camera_candidate_copy (const ScCameraCandidate *candidate)
{
  ScCameraCandidate *copy;

  g_return_val_if_fail (candidate != NULL, NULL);

  copy = sc_camera_candidate_new (candidate->uri, candidate->label);
  copy->state = candidate->state;

  return copy;
}

/**
 * sc_camera_candidate_free:
 * @candidate: (nullable): a #ScCameraCandidate
 */
void
sc_camera_candidate_free (ScCameraCandidate *candidate)
{
  if (candidate == NULL)
    return;

  g_free (candidate->uri);
  g_free (candidate->label);
  g_free (candidate);
}

/**
 * sc_camera_candidate_state_to_string:
 * @state: a #ScCameraCandidateState
 *
 * Returns: (transfer none): "suggested", "answers" or "no-answer", the
 *   names D-Bus and spherecamctl use
 */
const char *
sc_camera_candidate_state_to_string (ScCameraCandidateState state)
{
  switch (state)
    {
    case SC_CAMERA_CANDIDATE_ANSWERS:
      return "answers";
    case SC_CAMERA_CANDIDATE_NO_ANSWER:
      return "no-answer";
    case SC_CAMERA_CANDIDATE_SUGGESTED:
    default:
      return "suggested";
    }
}

/**
 * sc_camera_discovery_parse_route:
 * @route_text: the text of /proc/net/route
 *
 * Finds the IPv4 default route (destination and mask 0.0.0.0, up, through
 * a gateway) with the lowest metric. Does not block.
 *
 * Returns: (transfer full) (nullable): its gateway as a dotted address,
 *   e.g. "192.168.42.1", or %NULL when there is no default route
 */
char *
sc_camera_discovery_parse_route (const char *route_text)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *best = NULL;
  guint64 best_metric = G_MAXUINT64;

  g_return_val_if_fail (route_text != NULL, NULL);

  lines = g_strsplit (route_text, "\n", -1);
  /* The first line is the header: Iface Destination Gateway Flags RefCnt
   * Use Metric Mask MTU Window IRTT. */
  for (guint i = 1; lines[0] != NULL && lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      g_autoptr(GPtrArray) columns = g_ptr_array_new ();
      guint64 destination, gateway, flags, metric, mask;
      guint32 gateway32;
      guint8 bytes[4];
      char *end;

      for (guint j = 0; fields[j] != NULL; j++)
        if (fields[j][0] != '\0')
          g_ptr_array_add (columns, fields[j]);
      if (columns->len < 8)
        continue;

      /* The kernel prints addresses as the hexadecimal value of their
       * network-order bytes read as a host-order u32. */
      destination = g_ascii_strtoull (g_ptr_array_index (columns, 1), &end, 16);
      if (*end != '\0')
        continue;
      gateway = g_ascii_strtoull (g_ptr_array_index (columns, 2), &end, 16);
      if (*end != '\0')
        continue;
      flags = g_ascii_strtoull (g_ptr_array_index (columns, 3), &end, 16);
      if (*end != '\0')
        continue;
      metric = g_ascii_strtoull (g_ptr_array_index (columns, 6), &end, 10);
      if (*end != '\0')
        continue;
      mask = g_ascii_strtoull (g_ptr_array_index (columns, 7), &end, 16);
      if (*end != '\0')
        continue;

      if (destination != 0 || mask != 0 || gateway == 0 || gateway > G_MAXUINT32 ||
          (flags & (RTF_UP | RTF_GATEWAY)) != (RTF_UP | RTF_GATEWAY))
        continue;
      if (best != NULL && metric >= best_metric)
        continue;

      gateway32 = (guint32) gateway;
      memcpy (bytes, &gateway32, sizeof bytes);
      g_free (best);
      best = g_strdup_printf ("%u.%u.%u.%u", bytes[0], bytes[1], bytes[2], bytes[3]);
      best_metric = metric;
    }

  return g_steal_pointer (&best);
}

/**
 * sc_camera_discovery_candidates_for_gateway:
 * @gateway: (nullable): the default gateway, e.g. "192.168.42.1"
 *
 * The usual addresses of cameras whose Wi-Fi gives this gateway:
 * 192.168.42.1 is a Mi Sphere (madv://192.168.42.1) or an OSC camera such
 * as an Insta360 (http://192.168.42.1); 192.168.1.1 a RICOH THETA
 * (http://192.168.1.1). Any other network gives none: the user types the
 * address. Does not block.
 *
 * Returns: (transfer container) (element-type ScCameraCandidate): the
 *   candidates, all "suggested"; empty if none
 */
GPtrArray *
sc_camera_discovery_candidates_for_gateway (const char *gateway)
{
  GPtrArray *candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_camera_candidate_free);

  if (g_strcmp0 (gateway, MI_SPHERE_GATEWAY) == 0)
    {
      g_ptr_array_add (candidates,
                       sc_camera_candidate_new ("madv://" MI_SPHERE_GATEWAY, _("Mi Sphere")));
      g_ptr_array_add (candidates,
                       sc_camera_candidate_new ("http://" MI_SPHERE_GATEWAY,
                                                _("OSC camera (Insta360 and others)")));
    }
  else if (g_strcmp0 (gateway, THETA_GATEWAY) == 0)
    {
      g_ptr_array_add (candidates,
                       sc_camera_candidate_new ("http://" THETA_GATEWAY, _("RICOH THETA")));
    }

  return candidates;
}

/**
 * sc_camera_discovery_new:
 *
 * Reads the gateway from /proc/net/route now and whenever the network
 * changes. Does not block.
 *
 * Returns: (transfer full): a new #ScCameraDiscovery
 */
ScCameraDiscovery *
sc_camera_discovery_new (void)
{
  return g_object_new (SC_TYPE_CAMERA_DISCOVERY, NULL);
}

/**
 * sc_camera_discovery_new_for_route_file:
 * @route_path: a file in the format of /proc/net/route
 *
 * Like sc_camera_discovery_new(), reading @route_path instead (tests).
 *
 * Returns: (transfer full): a new #ScCameraDiscovery
 */
ScCameraDiscovery *
sc_camera_discovery_new_for_route_file (const char *route_path)
{
  g_return_val_if_fail (route_path != NULL, NULL);

  return g_object_new (SC_TYPE_CAMERA_DISCOVERY, "route-path", route_path, NULL);
}

/**
 * sc_camera_discovery_get_gateway:
 * @self: a #ScCameraDiscovery
 *
 * Returns: (transfer none) (nullable): the IPv4 default gateway, or %NULL
 */
const char *
sc_camera_discovery_get_gateway (ScCameraDiscovery *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_DISCOVERY (self), NULL);

  return self->gateway;
}

/**
 * sc_camera_discovery_refresh:
 * @self: a #ScCameraDiscovery
 *
 * Reads the routing table again (done by itself when the network
 * changes), notifying #ScCameraDiscovery:gateway if it changed. Does not
 * block.
 */
void
sc_camera_discovery_refresh (ScCameraDiscovery *self)
{
  g_autofree char *gateway = NULL;

  g_return_if_fail (SC_IS_CAMERA_DISCOVERY (self));

  gateway = read_gateway (self->route_path);
  if (g_strcmp0 (gateway, self->gateway) == 0)
    return;

  g_debug ("Default gateway: %s", gateway != NULL ? gateway : "none");
  g_free (self->gateway);
  self->gateway = g_steal_pointer (&gateway);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GATEWAY]);
}

/**
 * sc_camera_discovery_dup_candidates:
 * @self: a #ScCameraDiscovery
 *
 * sc_camera_discovery_candidates_for_gateway() for the current gateway.
 *
 * Returns: (transfer container) (element-type ScCameraCandidate): the
 *   candidates; empty if none
 */
GPtrArray *
sc_camera_discovery_dup_candidates (ScCameraDiscovery *self)
{
  g_return_val_if_fail (SC_IS_CAMERA_DISCOVERY (self), NULL);

  return sc_camera_discovery_candidates_for_gateway (self->gateway);
}

/**
 * sc_camera_discovery_probe_async:
 * @self: a #ScCameraDiscovery
 * @candidates: (element-type ScCameraCandidate): what to probe (copied)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when every candidate has answered or timed out
 * @user_data: data for @callback
 *
 * Checks, all at once, which candidates answer: for madv:// a TCP
 * connection to the command port (the URI's port, or 7878) within 2 s;
 * for http:// and https:// a GET of /osc/info that answers a JSON object
 * within 3 s. No session is opened on the camera. Does not block; the
 * callback runs on the thread-default main context of the caller.
 */
void
sc_camera_discovery_probe_async (ScCameraDiscovery   *self,
                                 GPtrArray           *candidates,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) probes = NULL;
  ProbeData *data;

  g_return_if_fail (SC_IS_CAMERA_DISCOVERY (self));
  g_return_if_fail (candidates != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_camera_discovery_probe_async);

  data = g_new0 (ProbeData, 1);
  g_mutex_init (&data->mutex);
  data->results = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_camera_candidate_free);
  data->probes = g_ptr_array_new ();
  data->n_pending = candidates->len;
  g_task_set_task_data (task, data, (GDestroyNotify) probe_data_free);

  if (candidates->len == 0)
    {
      g_task_return_pointer (task, g_ptr_array_ref (data->results),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  for (guint i = 0; i < candidates->len; i++)
    {
      Probe *probe = g_new0 (Probe, 1);

      probe->task = g_object_ref (task);
      probe->candidate = sc_camera_candidate_copy (g_ptr_array_index (candidates, i));
      probe->candidate->state = SC_CAMERA_CANDIDATE_SUGGESTED;
      probe->cancellable = g_cancellable_new ();
      g_ptr_array_add (data->results, probe->candidate);
      g_ptr_array_add (data->probes, probe);
    }

  if (cancellable != NULL)
    {
      data->cancellable = g_object_ref (cancellable);
      data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled_cb),
                                                  data, NULL);
    }

  /* A probe may complete at once (a bad address): start them from a copy. */
  probes = g_ptr_array_copy (data->probes, NULL, NULL);
  for (guint i = 0; i < probes->len; i++)
    probe_start (self, g_ptr_array_index (probes, i));
}

/**
 * sc_camera_discovery_probe_finish:
 * @self: a #ScCameraDiscovery
 * @result: the #GAsyncResult
 * @error: return location for a #GError (only %G_IO_ERROR_CANCELLED)
 *
 * Returns: (transfer container) (element-type ScCameraCandidate): the
 *   candidates in the order given, each "answers" or "no-answer"; %NULL if
 *   cancelled
 */
GPtrArray *
sc_camera_discovery_probe_finish (ScCameraDiscovery  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (SC_IS_CAMERA_DISCOVERY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
