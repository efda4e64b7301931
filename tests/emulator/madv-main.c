/* madv-main.c: `spherecam-emulator --protocol madv`
 *
 * Prints madv://HOST:PORT?data=PORT&http=PORT&rtsp=PORT as its first
 * stdout line, then serves until SIGTERM/SIGINT (or stdin EOF with
 * --exit-on-stdin-eof). See MADV.md.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "emu-madv"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gstdio.h>

#include "madv-private.h"

#define EXIT_USAGE 2

static gboolean
parse_count (const char *text,
             guint      *count)
{
  guint64 value;

  if (text == NULL)
    {
      *count = 1;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT - 1, &value, NULL))
    return FALSE;
  *count = (guint)value;
  return TRUE;
}

static gboolean
parse_fault (ScMadvFaults  *faults,
             const char    *spec,
             GError       **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, "=", 2);
  const char *name = parts[0];
  const char *value = parts[1];
  guint64 number;
  gint64 rval;

  if (g_str_equal (name, "madv-session-taken"))
    {
      if (value == NULL)
        number = 1;
      else if (!g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT, &number, NULL))
        goto bad;
      faults->session_taken_after = (guint)number;
    }
  else if (g_str_equal (name, "madv-drop-data"))
    {
      if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &number, NULL))
        goto bad;
      faults->drop_data_after = (gint64)number;
    }
  else if (g_str_equal (name, "madv-rval"))
    {
      g_auto(GStrv) args = value != NULL ? g_strsplit (value, ":", 3) : NULL;

      if (args == NULL || g_strv_length (args) < 2 ||
          !g_ascii_string_to_unsigned (args[0], 10, 1, G_MAXINT32, &number, NULL) ||
          !g_ascii_string_to_signed (args[1], 10, G_MININT32, G_MAXINT32, &rval, NULL) ||
          !parse_count (args[2], &faults->rval_count))
        goto bad;
      faults->rval_msg_id = (int)number;
      faults->rval_value = (int)rval;
    }
  else if (g_str_equal (name, "madv-no-reply"))
    {
      g_auto(GStrv) args = value != NULL ? g_strsplit (value, ":", 2) : NULL;

      if (args == NULL || !g_ascii_string_to_unsigned (args[0], 10, 1, G_MAXINT32, &number, NULL) ||
          !parse_count (args[1], &faults->no_reply_count))
        goto bad;
      faults->no_reply_msg_id = (int)number;
    }
  else if (g_str_equal (name, "madv-garbage"))
    {
      if (value != NULL)
        goto bad;
      faults->garbage = TRUE;
    }
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Unknown fault '%s' for --protocol madv (known: madv-session-taken[=N], "
                   "madv-drop-data=BYTES, madv-rval=MSGID:RVAL[:COUNT], madv-no-reply=MSGID[:COUNT], "
                   "madv-garbage)", name);
      return FALSE;
    }
  return TRUE;

bad:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "Bad value in --fault %s (see MADV.md)", spec);
  return FALSE;
}

static gboolean
on_quit_signal_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_stdin_cb (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  char buf[256];

  if (read (fd, buf, sizeof buf) > 0)
    return G_SOURCE_CONTINUE;

  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Runs the MADV camera; takes @config. Returns the exit status. */
int
sc_madv_emu_main (ScEmuConfig        *config,
                  const char * const *faults,
                  gboolean            exit_on_stdin_eof)
{
  ScMadvEmu *self = g_new0 (ScMadvEmu, 1);
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_SUCCESS;

  self->config = config;
  self->faults.drop_data_after = -1;
  for (guint i = 0; faults != NULL && faults[i] != NULL; i++)
    if (!parse_fault (&self->faults, faults[i], &error))
      {
        g_printerr ("spherecam-emulator: %s\n", error->message);
        sc_emu_config_free (config);
        g_free (self);
        return EXIT_USAGE;
      }

  if (config->storage_dir != NULL)
    self->storage_dir = g_strdup (config->storage_dir);
  else
    {
      self->storage_dir = g_dir_make_tmp ("spherecam-madv-XXXXXX", &error);
      self->own_storage = TRUE;
    }
  if (self->storage_dir != NULL)
    {
      self->sd_dir = g_build_filename (self->storage_dir, "SD0", NULL);
      self->fl_dir = g_build_filename (self->storage_dir, "FL0", NULL);
    }

  if (self->storage_dir == NULL || !sc_madv_emu_start (self, &error))
    {
      g_printerr ("spherecam-emulator: %s\n", error->message);
      status = EXIT_FAILURE;
      goto out;
    }

  self->url = g_strdup_printf ("madv://%s:%u?data=%u&http=%u&rtsp=%u",
                               strchr (config->listen_host, ':') != NULL ? "[::1]" : config->listen_host,
                               self->cmd_port, self->data_port, self->http_port, self->rtsp_port);
  g_print ("%s\n", self->url);
  fflush (stdout);
  g_message ("Mi Sphere (emulated, serial %s) at %s, storage %s", SC_MADV_SERIAL, self->url, self->storage_dir);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_quit_signal_cb, loop);
  g_unix_signal_add (SIGINT, on_quit_signal_cb, loop);
  if (exit_on_stdin_eof)
    g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, on_stdin_cb, loop);
  g_main_loop_run (loop);

out:
  sc_madv_emu_stop (self);
  if (self->own_storage && self->storage_dir != NULL)
    remove_tree (self->storage_dir);
  g_clear_pointer (&self->lut_block, g_bytes_unref);
  g_free (self->lut_md5);
  g_free (self->url);
  g_free (self->sd_dir);
  g_free (self->fl_dir);
  g_free (self->storage_dir);
  g_free (self->clock_text);
  g_free (self->client_ip);
  g_free (self->gps_lon);
  g_free (self->gps_lat);
  g_free (self->gps_alt);
  g_free (self->recording_path);
  sc_emu_config_free (config);
  g_free (self);
  return status;
}
