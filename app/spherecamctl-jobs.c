/* spherecamctl-jobs.c: jobs, wait, cancel, and waiting for the jobs that
 * camera commands start
 *
 * Copyright 2025 The Spherecam Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spherecamctl-jobs"

#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "spherecamctl-private.h"

typedef struct
{
  ScCtl       *ctl;
  ScCtlObject *job;
  const char  *arg;
  GMainLoop   *loop;
  GError      *error;
  char        *finished_state;
  guint        timeout_id;
  gboolean     show_progress;
  gboolean     cancel_requested;
} WaitData;

static int opt_timeout;

const GOptionEntry sc_ctl_wait_entries[] = {
  { "timeout", 0, 0, G_OPTION_ARG_INT, &opt_timeout,
    N_("Give up after SECONDS (0, the default, waits forever)"), N_("SECONDS") },
  { NULL }
};

/* Turns what GDBus answers for a path with no job object into "No such job",
 * keeping the D-Bus error name; returns whether it did.
 */
static gboolean
is_no_such_job (GError     **error,
                const char  *arg)
{
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (!sc_ctl_is_unknown_object (*error))
    return FALSE;

  name = g_dbus_error_get_remote_error (*error);
  message = g_strdup_printf (_("No such job: %s"), arg);
  g_clear_error (error);
  g_dbus_error_set_dbus_error (error, name ? name : "org.freedesktop.DBus.Error.UnknownObject",
                               message, NULL);

  return TRUE;
}

char *
sc_ctl_parse_job_arg (const char  *arg,
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

  return g_strdup_printf (SC_CTL_JOB_PATH_PREFIX "%" G_GUINT64_FORMAT, id);
}

gboolean
sc_ctl_check_timeout (char   **args,
                      GError **error)
{
  if (opt_timeout < 0)
    {
      g_set_error_literal (error, SC_CTL_USAGE_ERROR, 0,
                           _("The timeout must be 0 or more seconds"));
      return FALSE;
    }

  return TRUE;
}

/* Job properties */

static guint
job_get_id (ScCtlObject *job)
{
  guint id = 0;

  g_variant_dict_lookup (job->props, "Id", "u", &id);

  return id;
}

static int
job_get_percent (ScCtlObject *job)
{
  double progress = 0.0;

  g_variant_dict_lookup (job->props, "Progress", "d", &progress);

  /* Round down, so that a running job never shows 100 % */
  return CLAMP ((int) floor (progress * 100.0 + 1e-6), 0, 100);
}

static gboolean
job_is_final (ScCtlObject *job)
{
  const char *state = sc_ctl_object_get_string (job, "State");

  return g_str_equal (state, "done") ||
         g_str_equal (state, "failed") ||
         g_str_equal (state, "cancelled");
}

static JsonObject *
job_to_json (ScCtlObject *job)
{
  JsonObject *object = json_object_new ();
  g_autoptr(GVariant) result = NULL;
  JsonNode *result_node = NULL;

  json_object_set_int_member (object, "id", job_get_id (job));
  json_object_set_string_member (object, "path", job->path);
  json_object_set_string_member (object, "kind", sc_ctl_object_get_string (job, "Kind"));
  json_object_set_string_member (object, "state", sc_ctl_object_get_string (job, "State"));
  {
    double progress = 0.0;

    /* The same 0…1 fraction as the D-Bus Progress property. */
    g_variant_dict_lookup (job->props, "Progress", "d", &progress);
    json_object_set_double_member (object, "progress", CLAMP (progress, 0.0, 1.0));
  }
  json_object_set_string_member (object, "message", sc_ctl_object_get_string (job, "Message"));
  json_object_set_string_member (object, "error", sc_ctl_object_get_string (job, "Error"));
  json_object_set_string_member (object, "error_name",
                                 sc_ctl_object_get_string (job, "ErrorName"));

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
print_job (ScCtlObject *job)
{
  const char *state = sc_ctl_object_get_string (job, "State");
  const char *error = sc_ctl_object_get_string (job, "Error");

  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = job_to_json (job);

      sc_ctl_print_json_object (object);
    }
  else if (g_str_equal (state, "failed") && *error != '\0')
    g_print ("%s: %s\n", state, error);
  else
    g_print ("%s\n", state);
}

/* Waiting */

static void
show_progress (WaitData *data)
{
  if (data->show_progress)
    g_printerr ("\r\033[K%3d%% %s", job_get_percent (data->job),
                sc_ctl_object_get_string (data->job, "Message"));
}

/* Job.Finished and Properties.PropertiesChanged */
static void
on_job_signal_cb (GDBusConnection *bus,
                  const char      *sender,
                  const char      *path,
                  const char      *iface,
                  const char      *signal_name,
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
      sc_ctl_object_update (data->job, changed);
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

/* Ctrl+C while a command waits for the job it started: cancel the job and
 * wait for it to end; a second Ctrl+C stops waiting.
 */
static gboolean
on_interrupt_cb (gpointer user_data)
{
  WaitData *data = user_data;

  if (data->cancel_requested)
    {
      g_clear_error (&data->error);
      g_set_error_literal (&data->error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The job was cancelled"));
      g_main_loop_quit (data->loop);
      return G_SOURCE_CONTINUE;
    }

  data->cancel_requested = TRUE;
  g_dbus_connection_call (data->ctl->bus, data->ctl->bus_name, data->job->path,
                          SC_CTL_JOB_IFACE, "Cancel", NULL, NULL, G_DBUS_CALL_FLAGS_NONE,
                          SC_CTL_CALL_TIMEOUT_MSEC, NULL, NULL, NULL);

  return G_SOURCE_CONTINUE;
}

/* Waits until @job reaches a final state, showing its progress on a
 * terminal. Fails only when the job cannot be followed (no such job, the
 * service quit, a timeout), not when the job failed.
 */
static gboolean
job_wait (ScCtl        *ctl,
          ScCtlObject  *job,
          const char   *arg,
          guint         timeout_s,
          gboolean      cancel_on_interrupt,
          GError      **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  WaitData data = { 0 };
  guint finished_id, changed_id;
  guint watch_id = 0;
  guint interrupt_id = 0;

  data.ctl = ctl;
  data.job = job;
  data.arg = arg;
  data.loop = loop;
  data.show_progress = !sc_ctl_opt_json && isatty (STDERR_FILENO);

  /* Subscribe before reading the state, so that the end cannot slip
   * between the read and the subscription.
   */
  finished_id = g_dbus_connection_signal_subscribe (ctl->bus, ctl->bus_name, SC_CTL_JOB_IFACE,
                                                    "Finished", job->path, NULL,
                                                    G_DBUS_SIGNAL_FLAGS_NONE,
                                                    on_job_signal_cb, &data, NULL);
  changed_id = g_dbus_connection_signal_subscribe (ctl->bus, ctl->bus_name,
                                                   SC_CTL_PROPERTIES_IFACE,
                                                   "PropertiesChanged", job->path,
                                                   SC_CTL_JOB_IFACE,
                                                   G_DBUS_SIGNAL_FLAGS_NONE,
                                                   on_job_signal_cb, &data, NULL);

  if (!sc_ctl_object_fetch (job, ctl, SC_CTL_JOB_IFACE, &data.error))
    is_no_such_job (&data.error, arg);
  else if (!job_is_final (job))
    {
      watch_id = g_bus_watch_name_on_connection (ctl->bus, ctl->bus_name,
                                                 G_BUS_NAME_WATCHER_FLAGS_NONE, NULL,
                                                 on_service_vanished_cb, &data, NULL);
      if (timeout_s > 0)
        data.timeout_id = g_timeout_add_seconds (timeout_s, on_timeout_cb, &data);
      if (cancel_on_interrupt)
        interrupt_id = g_unix_signal_add (SIGINT, on_interrupt_cb, &data);

      show_progress (&data);
      g_main_loop_run (loop);

      if (data.show_progress)
        g_printerr ("\r\033[K");

      /* Finished may come before the last PropertiesChanged: read the
       * final values once more.
       */
      if (data.error == NULL && !sc_ctl_object_fetch (job, ctl, SC_CTL_JOB_IFACE, NULL))
        g_debug ("Could not read the final state of %s", job->path);
      if (data.finished_state != NULL && !job_is_final (job))
        g_variant_dict_insert (job->props, "State", "s", data.finished_state);
    }

  g_dbus_connection_signal_unsubscribe (ctl->bus, finished_id);
  g_dbus_connection_signal_unsubscribe (ctl->bus, changed_id);
  g_clear_handle_id (&watch_id, g_bus_unwatch_name);
  g_clear_handle_id (&data.timeout_id, g_source_remove);
  g_clear_handle_id (&interrupt_id, g_source_remove);
  g_clear_pointer (&data.finished_state, g_free);

  if (data.error != NULL)
    {
      g_propagate_error (error, data.error);
      return FALSE;
    }

  return TRUE;
}

/* Waits for the job a camera command started and returns it when it is
 * done; a failed job becomes an error with its D-Bus error name.
 */
ScCtlObject *
sc_ctl_job_run (ScCtl       *ctl,
                const char  *path,
                GError     **error)
{
  g_autoptr(ScCtlObject) job = sc_ctl_object_new (path);
  const char *state;
  const char *message;
  const char *name;

  if (!job_wait (ctl, job, path, 0, TRUE, error))
    return NULL;

  state = sc_ctl_object_get_string (job, "State");
  message = sc_ctl_object_get_string (job, "Error");
  name = sc_ctl_object_get_string (job, "ErrorName");

  if (g_str_equal (state, "done"))
    return g_steal_pointer (&job);

  if (g_str_equal (state, "cancelled"))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The job was cancelled"));
  else if (*message == '\0')
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The job failed"));
  else if (g_dbus_is_interface_name (name))
    g_dbus_error_set_dbus_error (error, name, message, NULL);
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, message);

  return NULL;
}

/* Commands */

int
sc_ctl_cmd_jobs (ScCtl   *ctl,
                 char   **args,
                 GError **error)
{
  g_autoptr(GVariant) paths = NULL;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_ctl_object_free);
  GVariantIter iter;
  const char *path;

  paths = sc_ctl_get_manager_property (ctl, "Jobs", G_VARIANT_TYPE_OBJECT_PATH_ARRAY, error);
  if (paths == NULL)
    return EXIT_FAILURE;

  g_variant_iter_init (&iter, paths);
  while (g_variant_iter_next (&iter, "&o", &path))
    {
      g_autoptr(ScCtlObject) job = sc_ctl_object_new (path);
      g_autoptr(GError) local_error = NULL;

      /* A job may go away between the two calls */
      if (sc_ctl_object_fetch (job, ctl, SC_CTL_JOB_IFACE, &local_error))
        g_ptr_array_add (jobs, g_steal_pointer (&job));
      else if (is_no_such_job (&local_error, path))
        g_debug ("Skipping job %s: %s", path, local_error->message);
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return EXIT_FAILURE;
        }
    }

  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < jobs->len; i++)
        json_array_add_object_element (array, job_to_json (g_ptr_array_index (jobs, i)));
      json_object_set_array_member (object, "jobs", array);
      sc_ctl_print_json_object (object);
    }
  else if (jobs->len == 0)
    {
      g_print ("%s\n", _("No jobs"));
    }
  else
    {
      for (guint i = 0; i < jobs->len; i++)
        {
          ScCtlObject *job = g_ptr_array_index (jobs, i);
          gboolean failed = g_str_equal (sc_ctl_object_get_string (job, "State"), "failed");

          g_print ("%4u  %-9s %3d%%  %-16s %s\n",
                   job_get_id (job),
                   sc_ctl_object_get_string (job, "State"),
                   job_get_percent (job),
                   sc_ctl_object_get_string (job, "Kind"),
                   sc_ctl_object_get_string (job, failed ? "Error" : "Message"));
        }
    }

  return EXIT_SUCCESS;
}

int
sc_ctl_cmd_wait (ScCtl   *ctl,
                 char   **args,
                 GError **error)
{
  g_autoptr(ScCtlObject) job = sc_ctl_object_new (ctl->job_path);

  /* Ctrl+C stops waiting; the job is not ours to cancel */
  if (!job_wait (ctl, job, args[0], opt_timeout, FALSE, error))
    return EXIT_FAILURE;

  print_job (job);

  return g_str_equal (sc_ctl_object_get_string (job, "State"), "done")
         ? EXIT_SUCCESS : EXIT_FAILURE;
}

int
sc_ctl_cmd_cancel (ScCtl   *ctl,
                   char   **args,
                   GError **error)
{
  g_autoptr(ScDbusJob) proxy = NULL;
  g_autoptr(ScCtlObject) job = sc_ctl_object_new (ctl->job_path);

  proxy = sc_dbus_job_proxy_new_sync (ctl->bus,
                                      G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES |
                                      G_DBUS_PROXY_FLAGS_DO_NOT_CONNECT_SIGNALS,
                                      ctl->bus_name, ctl->job_path, NULL, error);
  if (proxy == NULL)
    return EXIT_FAILURE;

  if (!sc_dbus_job_call_cancel_sync (proxy, NULL, error) ||
      !sc_ctl_object_fetch (job, ctl, SC_CTL_JOB_IFACE, error))
    {
      is_no_such_job (error, args[0]);
      return EXIT_FAILURE;
    }

  print_job (job);

  return EXIT_SUCCESS;
}
