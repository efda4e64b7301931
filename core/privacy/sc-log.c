/* sc-log.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-log"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sc-log.h"
#include "sc-redact.h"

typedef struct {
  GMutex          mutex;

  /* Set by sc_log_init(), cleared by sc_log_shutdown(); the writer stays
   * installed (GLib allows one g_log_set_writer_func() per process) and
   * only forwards while this is FALSE. */
  gint            active;         /* atomic */
  gint            capture_debug;  /* atomic */
  gsize           max_size;

  GFile          *directory;
  char           *path;
  int             fd;
  gsize           size;
  gboolean        file_failed;

  char          **ring;
  guint           ring_size;
  guint           ring_head;  /* index of the oldest line */
  guint           ring_len;

  ScLogLineFunc   line_func;
  gpointer        line_func_data;
} ScLogState;

static ScLogState state = {
  .fd = -1,
  .max_size = SC_LOG_DEFAULT_MAX_SIZE,
  .ring_size = SC_LOG_DEFAULT_RING_SIZE,
};

/* Read without the lock on every message. */
static gint detailed;

/* How deep this thread is inside the writer: a message logged from inside
 * (by a line func, a failing write) goes, redacted, to the default writer
 * only instead of deadlocking on the mutex; one logged from inside that
 * goes there unchanged, so that redaction can never recurse. GLib 2.74
 * already aborts a g_log() made inside a g_log() and sends a structured
 * message logged inside a writer to its own fallback writer; this guard
 * covers paths and versions that do not. */
static GPrivate in_writer = G_PRIVATE_INIT (NULL);

static const char *
level_to_string (GLogLevelFlags log_level)
{
  switch (log_level & G_LOG_LEVEL_MASK)
    {
    case G_LOG_LEVEL_ERROR:    return "ERROR";
    case G_LOG_LEVEL_CRITICAL: return "CRITICAL";
    case G_LOG_LEVEL_WARNING:  return "WARNING";
    case G_LOG_LEVEL_MESSAGE:  return "MESSAGE";
    case G_LOG_LEVEL_INFO:     return "INFO";
    case G_LOG_LEVEL_DEBUG:    return "DEBUG";
    default:                   return "LOG";
    }
}

static char *
path_for_index (const char *path,
                guint       index)
{
  if (index == 0)
    return g_strdup (path);
  return g_strdup_printf ("%s.%u", path, index);
}

static void
close_file_locked (void)
{
  if (state.fd >= 0)
    {
      close (state.fd);
      state.fd = -1;
    }
  state.size = 0;
}

static gboolean
open_file_locked (void)
{
  struct stat st;

  g_assert (state.path != NULL);
  g_assert (state.fd < 0);

  state.fd = g_open (state.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (state.fd < 0)
    return FALSE;

  /* An older file may have been created with a laxer mode. */
  if (fchmod (state.fd, 0600) != 0 || fstat (state.fd, &st) != 0)
    {
      close_file_locked ();
      return FALSE;
    }

  state.size = st.st_size;
  return TRUE;
}

static void
rotate_locked (void)
{
  close_file_locked ();

  for (guint i = SC_LOG_N_ROTATED; i > 0; i--)
    {
      g_autofree char *from = path_for_index (state.path, i - 1);
      g_autofree char *to = path_for_index (state.path, i);

      /* rename() replaces the oldest; a missing one is fine. */
      g_rename (from, to);
    }

  open_file_locked ();
}

static void
write_file_locked (const char *line,
                   gsize       len)
{
  if (state.path == NULL || state.file_failed)
    return;

  if (state.fd < 0 && !open_file_locked ())
    goto failed;

  if (state.size > 0 && state.size + len > state.max_size)
    {
      rotate_locked ();
      if (state.fd < 0)
        goto failed;
    }

  /* One write per line, O_APPEND: line-buffered and never interleaved. */
  while (len > 0)
    {
      gssize n = write (state.fd, line, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto failed;

      line += n;
      len -= n;
      state.size += n;
    }

  return;

failed:
  {
    int saved_errno = errno;

    /* Report once. Structured, not g_warning(): a g_log() from inside a
     * g_log() is fatal (G_LOG_FLAG_RECURSION); the guard sends this to
     * stderr only. */
    state.file_failed = TRUE;
    close_file_locked ();
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                      "MESSAGE", "Cannot write the log file %s: %s",
                      state.path, g_strerror (saved_errno));
  }
}

static void
ring_append_locked (char *line)
{
  if (state.ring == NULL)
    state.ring = g_new0 (char *, state.ring_size);

  if (state.ring_len < state.ring_size)
    {
      state.ring[(state.ring_head + state.ring_len) % state.ring_size] = line;
      state.ring_len++;
    }
  else
    {
      g_free (state.ring[state.ring_head]);
      state.ring[state.ring_head] = line;
      state.ring_head = (state.ring_head + 1) % state.ring_size;
    }
}

static void
ring_clear_locked (void)
{
  if (state.ring != NULL)
    for (guint i = 0; i < state.ring_size; i++)
      g_clear_pointer (&state.ring[i], g_free);

  g_clear_pointer (&state.ring, g_free);
  state.ring_head = 0;
  state.ring_len = 0;
}

static char *
format_line (GLogLevelFlags  log_level,
             const char     *domain,
             const char     *message)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ %s %s: %s",
                          stamp,
                          g_date_time_get_microsecond (now) / 1000,
                          level_to_string (log_level),
                          domain != NULL ? domain : "default",
                          message);
}

static void
record (GLogLevelFlags  log_level,
        const char     *domain,
        const char     *message)
{
  g_autofree char *line = NULL;
  g_autofree char *file_line = NULL;

  line = format_line (log_level, domain, message);
  file_line = g_strconcat (line, "\n", NULL);

  g_mutex_lock (&state.mutex);
  if (g_atomic_int_get (&state.active)
      && ((log_level & G_LOG_LEVEL_DEBUG) == 0 || g_atomic_int_get (&state.capture_debug)))
    {
      write_file_locked (file_line, strlen (file_line));
      if (state.line_func != NULL)
        state.line_func (line, state.line_func_data);
      ring_append_locked (g_steal_pointer (&line));
    }
  g_mutex_unlock (&state.mutex);
}

static GLogWriterOutput
sc_log_writer (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  g_autofree char *message = NULL;
  g_autofree GLogField *copy = NULL;
  const char *domain = NULL;
  gssize message_index = -1;
  gboolean is_detailed;
  gboolean capture;
  GLogWriterOutput ret;
  guint depth = GPOINTER_TO_UINT (g_private_get (&in_writer));

  /* A message logged while redacting a nested one: stop here. */
  if (depth > 1)
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  g_private_set (&in_writer, GUINT_TO_POINTER (depth + 1));

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
        {
          message_index = i;
          if (fields[i].length < 0)
            message = g_strdup (fields[i].value);
          else
            message = g_strndup (fields[i].value, fields[i].length);
        }
      else if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0 && fields[i].length < 0)
        domain = fields[i].value;
    }

  is_detailed = g_atomic_int_get (&detailed);

  if (message != NULL && !is_detailed)
    {
      char *redacted = sc_redact (message, SC_REDACT_ALL);

      g_free (message);
      message = redacted;
    }

  /* Unlocked peek; record() checks again under the lock. A nested message (depth 1) is redacted for stderr but kept out of the
   * ring and the file, whose lock this thread may hold. */
  capture = depth == 0
            && g_atomic_int_get (&state.active)
            && ((log_level & G_LOG_LEVEL_DEBUG) == 0 || g_atomic_int_get (&state.capture_debug));
  if (capture)
    record (log_level, domain, message != NULL ? message : "");

  /* Always redacted: g_log_writer_default_would_drop() does not know
   * every case in which the default writer prints debug messages (it does
   * in test programs). */
  if (message_index >= 0 && !is_detailed)
    {
      copy = g_memdup2 (fields, sizeof (GLogField) * n_fields);
      copy[message_index].value = message;
      copy[message_index].length = -1;
      ret = g_log_writer_default (log_level, copy, n_fields, user_data);
    }
  else
    {
      ret = g_log_writer_default (log_level, fields, n_fields, user_data);
    }

  g_private_set (&in_writer, GUINT_TO_POINTER (depth));

  return ret;
}

/**
 * sc_log_init:
 * @directory: (nullable): where to keep spherecam.log, normally
 *   `g_get_user_state_dir()/spherecam` (`$XDG_STATE_HOME/spherecam`,
 *   `~/.local/state/spherecam`); %NULL for the ring only
 *
 * Starts capturing log messages. Call once, early in main(), before
 * threads start logging; sc_log_shutdown() stops. The directory is
 * created with mode 0700 when missing.
 */
void
sc_log_init (GFile *directory)
{
  static gsize writer_installed = 0;

  g_return_if_fail (directory == NULL || G_IS_FILE (directory));

  g_mutex_lock (&state.mutex);
  close_file_locked ();
  g_clear_object (&state.directory);
  g_clear_pointer (&state.path, g_free);
  state.file_failed = FALSE;

  if (directory != NULL)
    {
      g_autofree char *dir = g_file_get_path (directory);

      if (dir != NULL && g_mkdir_with_parents (dir, 0700) == 0)
        {
          g_chmod (dir, 0700);
          state.directory = g_object_ref (directory);
          state.path = g_build_filename (dir, SC_LOG_FILE_NAME, NULL);
        }
    }

  g_atomic_int_set (&state.active, TRUE);
  g_mutex_unlock (&state.mutex);

  if (g_once_init_enter (&writer_installed))
    {
      g_log_set_writer_func (sc_log_writer, NULL, NULL);
      g_once_init_leave (&writer_installed, 1);
    }

  /* After the writer, so this line is captured; outside the lock. */
  if (directory != NULL && state.path == NULL)
    g_warning ("Cannot create the log directory; keeping the log in memory only");
}

/**
 * sc_log_shutdown:
 *
 * Stops capturing: closes the file and frees the ring. Messages still go
 * to stderr, redacted unless detailed diagnostics are on.
 */
void
sc_log_shutdown (void)
{
  g_mutex_lock (&state.mutex);
  g_atomic_int_set (&state.active, FALSE);
  close_file_locked ();
  g_clear_object (&state.directory);
  g_clear_pointer (&state.path, g_free);
  ring_clear_locked ();
  state.line_func = NULL;
  state.line_func_data = NULL;
  g_mutex_unlock (&state.mutex);
}

/**
 * sc_log_set_detailed:
 * @detailed: whether to keep identifiers in the logs
 *
 * Turns "detailed diagnostics" on or off. When off (the default), every
 * message is passed through sc_redact() before it reaches the ring, the
 * file or stderr. Lines already logged are not changed.
 */
void
sc_log_set_detailed (gboolean detailed_)
{
  g_atomic_int_set (&detailed, !!detailed_);
}

gboolean
sc_log_get_detailed (void)
{
  return g_atomic_int_get (&detailed);
}

/**
 * sc_log_set_capture_debug:
 * @capture_debug: whether debug messages go into the ring and the file
 *
 * Off by default. Independent of G_MESSAGES_DEBUG, which only decides
 * what the default writer prints.
 */
void
sc_log_set_capture_debug (gboolean capture_debug)
{
  g_atomic_int_set (&state.capture_debug, !!capture_debug);
}

gboolean
sc_log_get_capture_debug (void)
{
  return g_atomic_int_get (&state.capture_debug);
}

/**
 * sc_log_set_max_size:
 * @max_size: size in bytes at which spherecam.log is rotated
 *
 * Defaults to %SC_LOG_DEFAULT_MAX_SIZE. A file only exceeds it when a
 * single line is longer.
 */
void
sc_log_set_max_size (gsize max_size)
{
  g_return_if_fail (max_size > 0);

  g_mutex_lock (&state.mutex);
  state.max_size = max_size;
  g_mutex_unlock (&state.mutex);
}

gsize
sc_log_get_max_size (void)
{
  gsize ret;

  g_mutex_lock (&state.mutex);
  ret = state.max_size;
  g_mutex_unlock (&state.mutex);

  return ret;
}

/**
 * sc_log_get_file:
 *
 * Returns: (transfer full) (nullable): the current log file, or %NULL
 *   when logging to memory only
 */
GFile *
sc_log_get_file (void)
{
  GFile *ret = NULL;

  g_mutex_lock (&state.mutex);
  if (state.path != NULL)
    ret = g_file_new_for_path (state.path);
  g_mutex_unlock (&state.mutex);

  return ret;
}

/**
 * sc_log_dup_ring:
 *
 * Returns: (transfer full): the lines in the ring, oldest first, without
 *   newlines; an empty vector when there are none
 */
char **
sc_log_dup_ring (void)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **ret;

  g_mutex_lock (&state.mutex);
  for (guint i = 0; i < state.ring_len; i++)
    g_strv_builder_add (builder, state.ring[(state.ring_head + i) % state.ring_size]);
  g_mutex_unlock (&state.mutex);

  ret = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return ret;
}

/**
 * sc_log_clear:
 * @error: return location for a #GError
 *
 * Erases the ring, spherecam.log and its rotated copies (the "erase my
 * data" action). Logging continues into a new, empty file.
 *
 * Returns: %TRUE if every file was removed
 */
gboolean
sc_log_clear (GError **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_mutex_lock (&state.mutex);
  ring_clear_locked ();
  close_file_locked ();

  if (state.path != NULL)
    {
      for (guint i = 0; i <= SC_LOG_N_ROTATED; i++)
        {
          g_autofree char *path = path_for_index (state.path, i);
          g_autoptr(GFile) file = g_file_new_for_path (path);
          g_autoptr(GError) delete_error = NULL;

          /* GIO's own (translated) message names the file. */
          if (!g_file_delete (file, NULL, &delete_error)
              && !g_error_matches (delete_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
              && local_error == NULL)
            local_error = g_steal_pointer (&delete_error);
        }
      state.file_failed = FALSE;
    }
  g_mutex_unlock (&state.mutex);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/**
 * sc_log_set_line_func:
 * @func: (nullable): called for every line that enters the ring
 * @user_data: data for @func
 *
 * For a live log view. See #ScLogLineFunc for the rules.
 */
void
sc_log_set_line_func (ScLogLineFunc func,
                      gpointer      user_data)
{
  g_mutex_lock (&state.mutex);
  state.line_func = func;
  state.line_func_data = user_data;
  g_mutex_unlock (&state.mutex);
}
