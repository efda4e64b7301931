/* spherecamctl.c
 *
 * Copyright 2025 The Spherecam Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spherecamctl"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sc-dbus-generated.h"

#define BUS_NAME         "org.spherecam.Spherecam"
#define MANAGER_PATH     "/org/spherecam/Spherecam"
#define MANAGER_IFACE    "org.spherecam.Spherecam.Manager"
#define JOB_PATH_PREFIX  "/org/spherecam/Spherecam/Job/"
#define JOB_IFACE        "org.spherecam.Spherecam.Job"
#define PROPERTIES_IFACE "org.freedesktop.DBus.Properties"
/* -1 is GDBus's default of 25 s: long enough for D-Bus activation */
#define CALL_TIMEOUT_MSEC -1
#define EXIT_USAGE 2

typedef struct
{
  GDBusConnection *bus;
  const char      *bus_name;
  const char      *job_path;
} Ctl;

typedef int (*CommandFunc) (Ctl    *ctl,
                            char  **args,
                            GError **error);

typedef struct
{
  const char         *name;
  const char         *args;
  const char         *summary;
  guint               min_args;
  guint               max_args;
  const GOptionEntry *entries;
  CommandFunc         func;
} Command;

typedef struct
{
  char         *path;
  GVariantDict *props;
} Job;

static gboolean opt_json;
static gboolean opt_version;
static int opt_timeout;

#define JSON_ENTRY \
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, \
    N_("Print one JSON document on standard output"), NULL }

static const GOptionEntry global_entries[] = {
  JSON_ENTRY,
  { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version,
    N_("Show the version of spherecamctl"), NULL },
  { NULL }
};

static const GOptionEntry json_entries[] = {
  JSON_ENTRY,
  { NULL }
};

static const GOptionEntry wait_entries[] = {
  { "timeout", 0, 0, G_OPTION_ARG_INT, &opt_timeout,
    N_("Give up after SECONDS (0, the default, waits forever)"), N_("SECONDS") },
  { NULL }
};

/* gettext ("") would return the catalog's header */
static const char *
translate (const char *msgid)
{
  return *msgid != '\0' ? _(msgid) : msgid;
}

/* JSON output
 *
 * JsonGenerator prints no spaces, 17 digits for most doubles and "inf.0" for
 * infinity. This writer prints one line with the usual ", " and ": "
 * separators, the shortest digits that read back as the same double, and only
 * ASCII, so that g_print() never replaces characters the locale's charset
 * lacks.
 */

static void
json_append_string (GString    *out,
                    const char *str)
{
  g_string_append_c (out, '"');

  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", (char) c);
      else if (c >= 0x20 && c < 0x7f)
        g_string_append_c (out, (char) c);
      else if (c < 0x10000)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_printf (out, "\\u%04x\\u%04x",
                                0xd800 + ((c - 0x10000) >> 10),
                                0xdc00 + ((c - 0x10000) & 0x3ff));
    }

  g_string_append_c (out, '"');
}

static void
json_append_double (GString *out,
                    double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }

  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  g_string_append (out, buf);
  if (strpbrk (buf, ".en") == NULL)
    g_string_append (out, ".0");
}

static void
json_append_node (GString  *out,
                  JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);

        g_string_append_c (out, '{');
        for (const GList *l = members; l != NULL; l = l->next)
          {
            if (l != members)
              g_string_append (out, ", ");
            json_append_string (out, l->data);
            g_string_append (out, ": ");
            json_append_node (out, json_object_get_member (object, l->data));
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append (out, ", ");
            json_append_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        json_append_string (out, json_node_get_string (node));
      else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        json_append_double (out, json_node_get_double (node));
      else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      else
        g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

static void
print_json_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autoptr(GString) out = g_string_new (NULL);

  json_append_node (out, node);
  g_print ("%s\n", out->str);
}

static void
print_version (const char *prefix,
               const char *version)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_string_member (object, "version", version);
  if (opt_json)
    print_json_object (object);
  else
    g_print ("%s%s\n", prefix, version);
}

/* Errors */

static int
report_error (const GError *error)
{
  g_autoptr(GError) copy = g_error_copy (error);
  g_autofree char *name = NULL;

  if (g_dbus_error_is_remote_error (error))
    name = g_dbus_error_get_remote_error (error);
  else if (error->domain == G_DBUS_ERROR)
    name = g_dbus_error_encode_gerror (error);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    name = g_strdup ("org.freedesktop.DBus.Error.Timeout");
  g_dbus_error_strip_remote_error (copy);

  if (opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_string_member (object, "error", copy->message);
      if (name != NULL)
        json_object_set_string_member (object, "error_name", name);
      else
        json_object_set_null_member (object, "error_name");
      print_json_object (object);
    }
  else
    {
      g_printerr ("spherecamctl: %s\n", copy->message);
    }

  return EXIT_FAILURE;
}

static int
usage_error (const char *prgname,
             const char *message)
{
  g_autofree char *hint = g_strdup_printf (_("Try “%s --help” for more information."), prgname);

  g_printerr ("%s: %s\n%s\n", prgname, message, hint);

  return EXIT_USAGE;
}

/* Turns what GDBus answers for a path with no job object into "No such job",
 * keeping the D-Bus error name; returns whether it did.
 */
static gboolean
is_no_such_job (GError     **error,
                const char  *arg)
{
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  /* InvalidArgs: the object exists, but is not a job */
  if (!g_error_matches (*error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) &&
      !g_error_matches (*error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_INTERFACE) &&
      !g_error_matches (*error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) &&
      !g_error_matches (*error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS))
    return FALSE;

  name = g_dbus_error_get_remote_error (*error);
  message = g_strdup_printf (_("No such job: %s"), arg);
  g_clear_error (error);
  g_dbus_error_set_dbus_error (error, name ? name : "org.freedesktop.DBus.Error.UnknownObject",
                               message, NULL);

  return TRUE;
}

/* D-Bus helpers */

/* Explicit Properties calls rather than a proxy's cache: a call is what
 * makes the bus start (activate) the service when it is not running.
 */
static GVariant *
call_properties (Ctl         *ctl,
                 const char  *path,
                 const char  *method,
                 GVariant    *params,
                 const char  *reply_type,
                 GError     **error)
{
  return g_dbus_connection_call_sync (ctl->bus, ctl->bus_name, path, PROPERTIES_IFACE, method,
                                      params, G_VARIANT_TYPE (reply_type),
                                      G_DBUS_CALL_FLAGS_NONE, CALL_TIMEOUT_MSEC, NULL, error);
}

static GVariant *
get_manager_property (Ctl                 *ctl,
                      const char          *name,
                      const GVariantType  *type,
                      GError             **error)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;

  reply = call_properties (ctl, MANAGER_PATH, "Get",
                           g_variant_new ("(ss)", MANAGER_IFACE, name), "(v)", error);
  if (reply == NULL)
    return NULL;

  g_variant_get (reply, "(v)", &value);
  if (!g_variant_is_of_type (value, type))
    {
      g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_SIGNATURE,
                   _("The service sent property “%s” with the wrong type “%s”"),
                   name, g_variant_get_type_string (value));
      return NULL;
    }

  return g_steal_pointer (&value);
}

static char *
parse_job_arg (const char  *arg,
               GError     **error)
{
  guint64 id;

  if (g_variant_is_object_path (arg))
    return g_strdup (arg);

  if (!g_ascii_string_to_unsigned (arg, 10, 0, G_MAXUINT32, &id, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Not a job number or object path: “%s”"), arg);
      return NULL;
    }

  return g_strdup_printf (JOB_PATH_PREFIX "%" G_GUINT64_FORMAT, id);
}

/* Jobs */

static void
job_free (Job *job)
{
  g_clear_pointer (&job->path, g_free);
  g_clear_pointer (&job->props, g_variant_dict_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static Job *
job_new (const char *path)
{
  Job *job = g_new0 (Job, 1);

  job->path = g_strdup (path);
  job->props = g_variant_dict_new (NULL);

  return job;
}

static void
job_update (Job      *job,
            GVariant *props)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_iter_init (&iter, props);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    g_variant_dict_insert_value (job->props, key, value);
}

static gboolean
job_fetch (Job         *job,
           Ctl         *ctl,
           GError     **error)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) props = NULL;

  reply = call_properties (ctl, job->path, "GetAll", g_variant_new ("(s)", JOB_IFACE),
                           "(a{sv})", error);
  if (reply == NULL)
    return FALSE;

  g_variant_get (reply, "(@a{sv})", &props);
  job_update (job, props);

  return TRUE;
}

static const char *
job_get_string (Job        *job,
                const char *key)
{
  const char *value = NULL;

  if (!g_variant_dict_lookup (job->props, key, "&s", &value))
    return "";

  return value;
}

static guint
job_get_id (Job *job)
{
  guint id = 0;

  g_variant_dict_lookup (job->props, "Id", "u", &id);

  return id;
}

static int
job_get_percent (Job *job)
{
  double progress = 0.0;

  g_variant_dict_lookup (job->props, "Progress", "d", &progress);

  /* Round down, so that a running job never shows 100 % */
  return CLAMP ((int) floor (progress * 100.0 + 1e-6), 0, 100);
}

static gboolean
job_is_final (Job *job)
{
  const char *state = job_get_string (job, "State");

  return g_str_equal (state, "done") ||
         g_str_equal (state, "failed") ||
         g_str_equal (state, "cancelled");
}

static JsonObject *
job_to_json (Job *job)
{
  JsonObject *object = json_object_new ();
  g_autoptr(GVariant) result = NULL;
  JsonNode *result_node = NULL;

  json_object_set_int_member (object, "id", job_get_id (job));
  json_object_set_string_member (object, "path", job->path);
  json_object_set_string_member (object, "kind", job_get_string (job, "Kind"));
  json_object_set_string_member (object, "state", job_get_string (job, "State"));
  {
    double progress = 0.0;

    /* The same 0…1 fraction as the D-Bus Progress property. */
    g_variant_dict_lookup (job->props, "Progress", "d", &progress);
    json_object_set_double_member (object, "progress", CLAMP (progress, 0.0, 1.0));
  }
  json_object_set_string_member (object, "message", job_get_string (job, "Message"));
  json_object_set_string_member (object, "error", job_get_string (job, "Error"));
  json_object_set_string_member (object, "error_name", job_get_string (job, "ErrorName"));

  result = g_variant_dict_lookup_value (job->props, "Result", G_VARIANT_TYPE_VARDICT);
  if (result != NULL)
    result_node = json_gvariant_serialize (result);
  if (result_node == NULL || !JSON_NODE_HOLDS_OBJECT (result_node))
    {
      g_clear_pointer (&result_node, json_node_unref);
      result_node = json_node_init_object (json_node_alloc (), json_object_new ());
    }
  json_object_set_member (object, "result", result_node);

  return object;
}

/* Prints the job as JSON, or its state and the error of a failed job */
static void
print_job (Job *job)
{
  const char *state = job_get_string (job, "State");
  const char *error = job_get_string (job, "Error");

  if (opt_json)
    {
      g_autoptr(JsonObject) object = job_to_json (job);

      print_json_object (object);
    }
  else if (g_str_equal (state, "failed") && *error != '\0')
    g_print ("%s: %s\n", state, error);
  else
    g_print ("%s\n", state);
}

/* Commands */

static int
cmd_version (Ctl    *ctl,
             char  **args,
             GError **error)
{
  g_autoptr(GVariant) version = NULL;

  version = get_manager_property (ctl, "Version", G_VARIANT_TYPE_STRING, error);
  if (version == NULL)
    return EXIT_FAILURE;

  print_version ("", g_variant_get_string (version, NULL));

  return EXIT_SUCCESS;
}

static int
cmd_ping (Ctl    *ctl,
          char  **args,
          GError **error)
{
  g_autoptr(ScDbusManager) manager = NULL;
  g_autofree char *reply = NULL;
  const char *payload = args[0] != NULL ? args[0] : "spherecamctl";
  gint64 start;
  double rtt_ms;

  /* Creating the proxy starts the service if needed, so the ping
   * measures only the round trip.
   */
  manager = sc_dbus_manager_proxy_new_sync (ctl->bus,
                                            G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES |
                                            G_DBUS_PROXY_FLAGS_DO_NOT_CONNECT_SIGNALS,
                                            ctl->bus_name, MANAGER_PATH, NULL, error);
  if (manager == NULL)
    return EXIT_FAILURE;

  start = g_get_monotonic_time ();
  if (!sc_dbus_manager_call_ping_sync (manager, payload, &reply, NULL, error))
    return EXIT_FAILURE;
  rtt_ms = (g_get_monotonic_time () - start) / 1000.0;

  if (opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_string_member (object, "reply", reply);
      json_object_set_double_member (object, "rtt_ms", rtt_ms);
      print_json_object (object);
    }
  else
    {
      g_print (_("pong (%.1f ms)"), rtt_ms);
      g_print ("\n");
    }

  return EXIT_SUCCESS;
}

static int
cmd_jobs (Ctl    *ctl,
          char  **args,
          GError **error)
{
  g_autoptr(GVariant) paths = NULL;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);
  GVariantIter iter;
  const char *path;

  paths = get_manager_property (ctl, "Jobs", G_VARIANT_TYPE_OBJECT_PATH_ARRAY, error);
  if (paths == NULL)
    return EXIT_FAILURE;

  g_variant_iter_init (&iter, paths);
  while (g_variant_iter_next (&iter, "&o", &path))
    {
      g_autoptr(Job) job = job_new (path);
      g_autoptr(GError) local_error = NULL;

      /* A job may go away between the two calls */
      if (job_fetch (job, ctl, &local_error))
        g_ptr_array_add (jobs, g_steal_pointer (&job));
      else if (is_no_such_job (&local_error, path))
        g_debug ("Skipping job %s: %s", path, local_error->message);
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return EXIT_FAILURE;
        }
    }

  if (opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < jobs->len; i++)
        json_array_add_object_element (array, job_to_json (g_ptr_array_index (jobs, i)));
      json_object_set_array_member (object, "jobs", array);
      print_json_object (object);
    }
  else if (jobs->len == 0)
    {
      g_print ("%s\n", _("No jobs"));
    }
  else
    {
      for (guint i = 0; i < jobs->len; i++)
        {
          Job *job = g_ptr_array_index (jobs, i);
          gboolean failed = g_str_equal (job_get_string (job, "State"), "failed");

          g_print ("%4u  %-9s %3d%%  %-16s %s\n",
                   job_get_id (job),
                   job_get_string (job, "State"),
                   job_get_percent (job),
                   job_get_string (job, "Kind"),
                   job_get_string (job, failed ? "Error" : "Message"));
        }
    }

  return EXIT_SUCCESS;
}

typedef struct
{
  Job        *job;
  const char *arg;
  GMainLoop  *loop;
  GError     *error;
  char       *finished_state;
  guint       timeout_id;
  gboolean    show_progress;
} WaitData;

static void
show_progress (WaitData *data)
{
  if (data->show_progress)
    g_printerr ("\r\033[K%3d%% %s", job_get_percent (data->job),
                job_get_string (data->job, "Message"));
}

/* Job.Finished and Properties.PropertiesChanged */
static void
on_job_signal_cb (GDBusConnection *bus,
                  const char      *sender,
                  const char      *path,
                  const char      *iface,
                  const char      *signal,
                  GVariant        *params,
                  gpointer         user_data)
{
  WaitData *data = user_data;
  g_autoptr(GVariant) changed = NULL;

  if (g_variant_is_of_type (params, G_VARIANT_TYPE ("(s)")))
    {
      g_free (data->finished_state);
      g_variant_get (params, "(s)", &data->finished_state);
      g_main_loop_quit (data->loop);
    }
  else if (g_variant_is_of_type (params, G_VARIANT_TYPE ("(sa{sv}as)")))
    {
      g_variant_get (params, "(&s@a{sv}@as)", NULL, &changed, NULL);
      job_update (data->job, changed);
      if (job_is_final (data->job))
        g_main_loop_quit (data->loop);
      else
        show_progress (data);
    }
}

static void
on_service_vanished_cb (GDBusConnection *bus,
                        const char      *name,
                        gpointer         user_data)
{
  WaitData *data = user_data;

  g_clear_error (&data->error);
  g_set_error (&data->error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER,
               _("Spherecam quit before job %s finished"), data->arg);
  g_main_loop_quit (data->loop);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  WaitData *data = user_data;

  g_clear_error (&data->error);
  g_set_error (&data->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               _("Timed out waiting for job %s"), data->arg);
  g_main_loop_quit (data->loop);
  data->timeout_id = 0;

  return G_SOURCE_REMOVE;
}

static int
cmd_wait (Ctl    *ctl,
          char  **args,
          GError **error)
{
  const char *path = ctl->job_path;
  g_autoptr(Job) job = job_new (path);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  WaitData data = { 0 };
  guint finished_id, changed_id;
  guint watch_id = 0;

  data.job = job;
  data.arg = args[0];
  data.loop = loop;
  data.show_progress = !opt_json && isatty (STDERR_FILENO);

  /* Subscribe before reading the state, so that the end cannot slip
   * between the read and the subscription.
   */
  finished_id = g_dbus_connection_signal_subscribe (ctl->bus, ctl->bus_name, JOB_IFACE,
                                                    "Finished", path, NULL,
                                                    G_DBUS_SIGNAL_FLAGS_NONE,
                                                    on_job_signal_cb, &data, NULL);
  changed_id = g_dbus_connection_signal_subscribe (ctl->bus, ctl->bus_name, PROPERTIES_IFACE,
                                                   "PropertiesChanged", path, JOB_IFACE,
                                                   G_DBUS_SIGNAL_FLAGS_NONE,
                                                   on_job_signal_cb, &data, NULL);

  if (!job_fetch (job, ctl, &data.error))
    is_no_such_job (&data.error, args[0]);
  else if (!job_is_final (job))
    {
      watch_id = g_bus_watch_name_on_connection (ctl->bus, ctl->bus_name,
                                                 G_BUS_NAME_WATCHER_FLAGS_NONE, NULL,
                                                 on_service_vanished_cb, &data, NULL);
      if (opt_timeout > 0)
        data.timeout_id = g_timeout_add_seconds (opt_timeout, on_timeout_cb, &data);

      show_progress (&data);
      g_main_loop_run (loop);

      if (data.show_progress)
        g_printerr ("\r\033[K");

      /* Finished may come before the last PropertiesChanged: read the
       * final values once more.
       */
      if (data.error == NULL && !job_fetch (job, ctl, NULL))
        g_debug ("Could not read the final state of %s", path);
      if (data.finished_state != NULL && !job_is_final (job))
        g_variant_dict_insert (job->props, "State", "s", data.finished_state);
    }

  g_dbus_connection_signal_unsubscribe (ctl->bus, finished_id);
  g_dbus_connection_signal_unsubscribe (ctl->bus, changed_id);
  g_clear_handle_id (&watch_id, g_bus_unwatch_name);
  g_clear_handle_id (&data.timeout_id, g_source_remove);
  g_clear_pointer (&data.finished_state, g_free);

  if (data.error != NULL)
    {
      g_propagate_error (error, data.error);
      return EXIT_FAILURE;
    }

  print_job (job);

  return g_str_equal (job_get_string (job, "State"), "done") ? EXIT_SUCCESS : EXIT_FAILURE;
}

static int
cmd_cancel (Ctl    *ctl,
            char  **args,
            GError **error)
{
  g_autoptr(ScDbusJob) proxy = NULL;
  g_autoptr(Job) job = job_new (ctl->job_path);

  proxy = sc_dbus_job_proxy_new_sync (ctl->bus,
                                      G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES |
                                      G_DBUS_PROXY_FLAGS_DO_NOT_CONNECT_SIGNALS,
                                      ctl->bus_name, ctl->job_path, NULL, error);
  if (proxy == NULL)
    return EXIT_FAILURE;

  if (!sc_dbus_job_call_cancel_sync (proxy, NULL, error) || !job_fetch (job, ctl, error))
    {
      is_no_such_job (error, args[0]);
      return EXIT_FAILURE;
    }

  print_job (job);

  return EXIT_SUCCESS;
}

static const Command commands[] = {
  { "version", "", N_("Show the version of the running Spherecam"),
    0, 0, NULL, cmd_version },
  { "ping", N_("[PAYLOAD]"), N_("Check that Spherecam answers, and how fast"),
    0, 1, NULL, cmd_ping },
  { "jobs", "", N_("List the jobs of the running Spherecam"),
    0, 0, NULL, cmd_jobs },
  { "wait", N_("JOB"), N_("Wait until a job has finished"),
    1, 1, wait_entries, cmd_wait },
  { "cancel", N_("JOB"), N_("Cancel a job"),
    1, 1, NULL, cmd_cancel },
};

static char *
describe_commands (void)
{
  GString *summary = g_string_new (_("Control the running Spherecam over D-Bus."));

  g_string_append_printf (summary, "\n\n%s", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *synopsis = g_strjoin (" ", commands[i].name,
                                             translate (commands[i].args), NULL);

      g_string_append_printf (summary, "\n  %-16s %s", synopsis, _(commands[i].summary));
    }

  return g_string_free (summary, FALSE);
}

static int
run_command (const Command  *command,
             char          **argv)
{
  g_autofree char *prgname = g_strdup_printf ("spherecamctl %s", command->name);
  g_autoptr(GOptionContext) context = g_option_context_new (translate (command->args));
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autofree char *job_path = NULL;
  g_auto(GStrv) args = g_strdupv (argv);
  Ctl ctl = { 0 };
  guint n_args;
  int status;

  /* GOptionContext names the command in its usage line after the prgname */
  g_set_prgname (prgname);
  g_option_context_set_summary (context, _(command->summary));
  /* The commands with a required argument take a JOB */
  if (command->min_args > 0)
    g_option_context_set_description (context, _("JOB is a job’s number, or its object path."));
  g_option_context_add_main_entries (context, json_entries, GETTEXT_PACKAGE);
  if (command->entries != NULL)
    g_option_context_add_main_entries (context, command->entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse_strv (context, &args, &error))
    return usage_error (prgname, error->message);

  n_args = g_strv_length (args) - 1;
  if (n_args < command->min_args)
    return usage_error (prgname, _("Missing argument"));
  if (n_args > command->max_args)
    return usage_error (prgname, _("Too many arguments"));
  if (command->min_args > 0 && !(job_path = parse_job_arg (args[1], &error)))
    return usage_error (prgname, error->message);
  if (opt_timeout < 0)
    return usage_error (prgname, _("The timeout must be 0 or more seconds"));
  ctl.job_path = job_path;

  ctl.bus_name = g_getenv ("SPHERECAM_BUS_NAME");
  if (ctl.bus_name == NULL || *ctl.bus_name == '\0')
    ctl.bus_name = BUS_NAME;
  if (!g_dbus_is_name (ctl.bus_name))
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("SPHERECAM_BUS_NAME is not a valid bus name: “%s”"), ctl.bus_name);
      return report_error (error);
    }

  if (!(bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error)))
    return report_error (error);
  ctl.bus = bus;

  status = command->func (&ctl, args + 1, &error);
  if (error != NULL)
    return report_error (error);

  return status;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *message = NULL;
  g_auto(GStrv) args = NULL;
  const char *localedir = g_getenv ("SPHERECAM_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname ("spherecamctl");
  summary = describe_commands ();
  context = g_option_context_new (_("COMMAND [ARGUMENT…]"));
  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, _("Run “spherecamctl COMMAND --help” "
                                               "to see a command’s options."));
  g_option_context_add_main_entries (context, global_entries, GETTEXT_PACKAGE);
  /* Stop at the command name: the rest belongs to the command */
  g_option_context_set_strict_posix (context, TRUE);

  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    return usage_error ("spherecamctl", error->message);

  if (opt_version)
    {
      print_version ("spherecamctl ", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (args[1] == NULL)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      return EXIT_USAGE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (args[1], commands[i].name))
        return run_command (&commands[i], args + 1);
    }

  message = g_strdup_printf (_("Unknown command “%s”"), args[1]);

  return usage_error ("spherecamctl", message);
}
