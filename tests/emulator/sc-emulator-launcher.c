/* sc-emulator-launcher.c: run spherecam-emulator from a test
 *
 * The binary comes from $SC_TEST_EMULATOR (CTest sets it with
 * ENV "SC_TEST_EMULATOR=$<TARGET_FILE:spherecam-emulator>"). The emulator
 * runs with --exit-on-stdin-eof and a pipe on its stdin, so it also goes
 * away when the test process dies without stopping it.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-emulator-launcher"

#include "config.h"

#include <signal.h>

#include "sc-emulator-launcher.h"

#define START_TIMEOUT_S 60   /* the first start may rebuild the GStreamer registry */
#define STOP_TIMEOUT_S  10

typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
  gboolean      timed_out;
} Wait;

static void
on_ready_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_context_wakeup (wait->context);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  Wait *wait = user_data;

  wait->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates a private context until the async call started on it
 * completes or @timeout_s passes; the caller's own sources do not run. */
static gboolean
wait_for_result (Wait *wait,
                 guint timeout_s)
{
  GSource *timeout = g_timeout_source_new_seconds (timeout_s);

  g_source_set_callback (timeout, on_timeout_cb, wait, NULL);
  g_source_attach (timeout, wait->context);
  while (wait->result == NULL && !wait->timed_out)
    g_main_context_iteration (wait->context, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);

  return wait->result != NULL;
}

/**
 * sc_emulator_launch:
 * @extra_args: (nullable) (array zero-terminated=1): arguments for the
 *   emulator, e.g. { "--fault", "drop-after=100000", NULL }
 * @out_process: (out) (transfer full): the running emulator
 * @error: return location for an error
 *
 * Starts spherecam-emulator on 127.0.0.1 (a free port unless @extra_args
 * has --listen) and waits for it to print its URL. Blocks (a private main
 * context is iterated, not the caller's). Stop it with sc_emulator_stop().
 *
 * Returns: (transfer full): the camera's base URL, e.g. "http://127.0.0.1:40123"
 */
char *
sc_emulator_launch (const char * const  *extra_args,
                    GSubprocess        **out_process,
                    GError             **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autofree char *line = NULL;
  const char *binary = g_getenv ("SC_TEST_EMULATOR");
  Wait wait = { context, NULL, FALSE };

  g_return_val_if_fail (out_process != NULL, NULL);

  if (binary == NULL || !g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "SC_TEST_EMULATOR must name the spherecam-emulator binary");
      return NULL;
    }

  g_ptr_array_add (argv, (char *)binary);
  g_ptr_array_add (argv, (char *)"--exit-on-stdin-eof");
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)extra_args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, error);
  if (process == NULL)
    return NULL;

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_main_context_push_thread_default (context);
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, cancellable, on_ready_cb, &wait);
  if (!wait_for_result (&wait, START_TIMEOUT_S))
    {
      /* Let the cancelled read finish before the stream goes away. */
      g_cancellable_cancel (cancellable);
      while (wait.result == NULL)
        g_main_context_iteration (context, TRUE);
    }
  g_main_context_pop_thread_default (context);

  line = g_data_input_stream_read_line_finish (out, wait.result, NULL, wait.timed_out ? NULL : error);
  g_clear_object (&wait.result);
  if (line == NULL || (!g_str_has_prefix (line, "http") && !g_str_has_prefix (line, "madv://")))
    {
      if (wait.timed_out)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                     "spherecam-emulator did not start within %d s", START_TIMEOUT_S);
      else if (error != NULL && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                             "spherecam-emulator exited without printing its URL");
      sc_emulator_stop (process);
      return NULL;
    }

  g_debug ("spherecam-emulator %s at %s", g_subprocess_get_identifier (process), line);
  *out_process = g_steal_pointer (&process);
  return g_steal_pointer (&line);
}

/**
 * sc_emulator_stop:
 * @process: (nullable): an emulator from sc_emulator_launch()
 *
 * Sends SIGTERM and waits for the emulator to exit (SIGKILL after a few
 * seconds). Does not unref @process. Blocks.
 */
void
sc_emulator_stop (GSubprocess *process)
{
  g_autoptr(GMainContext) context = NULL;
  Wait wait = { NULL, NULL, FALSE };

  if (process == NULL || g_subprocess_get_identifier (process) == NULL)
    return;

  context = g_main_context_new ();
  wait.context = context;
  g_main_context_push_thread_default (context);
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait_async (process, NULL, on_ready_cb, &wait);
  if (!wait_for_result (&wait, STOP_TIMEOUT_S))
    {
      g_warning ("spherecam-emulator ignored SIGTERM; killing it");
      g_subprocess_force_exit (process);
      while (wait.result == NULL)
        g_main_context_iteration (context, TRUE);
    }
  g_main_context_pop_thread_default (context);
  g_clear_object (&wait.result);
}
