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

/* Filled by the option group (emu-main.c adds it) before sc_madv_emu_main(). */
static char *opt_firmware;
static char *opt_https_cert;
static char *opt_https_key;
static int   opt_https_port = -1;

/**
 * sc_madv_emu_get_option_group:
 *
 * The Mi Sphere's own options: --firmware VERSION, --https-cert PEM,
 * --https-key PEM, --https-port PORT (MADV.md).
 *
 * Returns: (transfer full): the group, for g_option_context_add_group()
 */
GOptionGroup *
sc_madv_emu_get_option_group (void)
{
  static const GOptionEntry entries[] = {
    { "firmware", 0, 0, G_OPTION_ARG_STRING, &opt_firmware,
      "--protocol madv: the firmware version 4364 reports (newer than " SC_MADV_HTTPS_AFTER
      " also serves HTTPS)", "VERSION" },
    { "https-cert", 0, 0, G_OPTION_ARG_FILENAME, &opt_https_cert,
      "--protocol madv: the HTTPS certificate (default tests/data/madv-emulator-cert.pem)", "PEM" },
    { "https-key", 0, 0, G_OPTION_ARG_FILENAME, &opt_https_key,
      "--protocol madv: its private key (default: -key.pem beside the certificate)", "PEM" },
    { "https-port", 0, 0, G_OPTION_ARG_INT, &opt_https_port,
      "--protocol madv: the HTTPS port (default 443, ephemeral with --listen HOST:0)", "PORT" },
    { NULL }
  };
  GOptionGroup *group = g_option_group_new ("madv", "Mi Sphere (--protocol madv) options:",
                                            "Show the Mi Sphere options", NULL, NULL);

  g_option_group_add_entries (group, entries);
  return group;
}

/* Dotted numbers compared as numbers: 1.3.105 > 1.3.97. Missing parts
 * count as 0; anything after a non-digit in a part is ignored. */
gboolean
sc_madv_version_newer (const char *version,
                       const char *than)
{
  const char *a = version, *b = than;

  while (*a != '\0' || *b != '\0')
    {
      guint64 x = g_ascii_strtoull (a, (char **)&a, 10);
      guint64 y = g_ascii_strtoull (b, (char **)&b, 10);

      if (x != y)
        return x > y;
      a += strcspn (a, ".");
      b += strcspn (b, ".");
      if (*a == '.')
        a++;
      if (*b == '.')
        b++;
    }
  return FALSE;
}

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
             ScMadvOptions *options,
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
  /* Not faults: the options of sc_madv_emu_get_option_group() for a
   * spherecam-emulator that does not add the group. */
  else if (g_str_equal (name, "madv-firmware") || g_str_equal (name, "madv-https-cert") ||
           g_str_equal (name, "madv-https-key"))
    {
      char **target = g_str_equal (name, "madv-firmware") ? &options->firmware :
                      g_str_equal (name, "madv-https-cert") ? &options->https_cert : &options->https_key;

      if (value == NULL || *value == '\0')
        goto bad;
      g_free (*target);
      *target = g_strdup (value);
    }
  else if (g_str_equal (name, "madv-https-port"))
    {
      if (!g_ascii_string_to_unsigned (value, 10, 0, 65535, &number, NULL))
        goto bad;
      options->https_port = (int)number;
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
                   "madv-garbage; settings: madv-firmware=VERSION, madv-https-cert=PEM, "
                   "madv-https-key=PEM, madv-https-port=PORT)", name);
      return FALSE;
    }
  return TRUE;

bad:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "Bad value in --fault %s (see MADV.md)", spec);
  return FALSE;
}

static void
options_clear (ScMadvOptions *options)
{
  g_clear_pointer (&options->firmware, g_free);
  g_clear_pointer (&options->https_cert, g_free);
  g_clear_pointer (&options->https_key, g_free);
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
  self->options.firmware = g_strdup (opt_firmware);
  self->options.https_cert = g_strdup (opt_https_cert);
  self->options.https_key = g_strdup (opt_https_key);
  self->options.https_port = opt_https_port;
  for (guint i = 0; faults != NULL && faults[i] != NULL; i++)
    if (!parse_fault (&self->faults, &self->options, faults[i], &error))
      {
        g_printerr ("spherecam-emulator: %s\n", error->message);
        sc_emu_config_free (config);
        options_clear (&self->options);
        g_free (self);
        return EXIT_USAGE;
      }
  if (self->options.https_port > 65535)
    {
      g_printerr ("spherecam-emulator: --https-port must be at most 65535\n");
      sc_emu_config_free (config);
      options_clear (&self->options);
      g_free (self);
      return EXIT_USAGE;
    }
  self->firmware = g_strdup (self->options.firmware != NULL ? self->options.firmware : SC_MADV_FIRMWARE);
  self->version = g_strconcat (self->firmware, ";" SC_MADV_RC_VERSION, NULL);

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
  if (self->https != NULL)
    {
      char *with_https = g_strdup_printf ("%s&https=%u", self->url, self->https_port);

      g_free (self->url);
      self->url = with_https;
    }
  g_print ("%s\n", self->url);
  fflush (stdout);
  g_message ("Mi Sphere (emulated, serial %s, firmware %s) at %s, storage %s", SC_MADV_SERIAL, self->firmware,
             self->url, self->storage_dir);

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
  g_free (self->firmware);
  g_free (self->version);
  options_clear (&self->options);
  sc_emu_config_free (config);
  g_free (self);
  return status;
}
