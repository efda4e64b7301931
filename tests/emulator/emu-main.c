/* emu-main.c: spherecam-emulator, a dual-fisheye OSC camera on loopback
 *
 * spherecam-emulator [--protocol osc] [--listen HOST:PORT]
 *                    [--fault NAME[=VALUE]]… [--user U --password P]
 *                    [--api-level 1|2] [--storage DIR] [--photo-size WxH]
 *                    [--big-file BYTES] [--scene FILE] [--exit-on-stdin-eof]
 * spherecam-emulator --protocol madv [--listen HOST:PORT] [--fault NAME[=VALUE]]…
 *                    [--storage DIR] [--photo-size WxH] [--tilt PITCH,ROLL]
 *
 * The first line on stdout is the camera's base URL; logs go to stderr.
 * See tests/emulator/README.md (and MADV.md for --protocol madv).
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "emu-main"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>
#include <gst/gst.h>

#include "emu-private.h"
#include "madv-private.h"
#include "sc-emu-resources.h"

#define EXIT_USAGE 2

static const char * const fault_names[] = {
  "drop-after", "slow", "malformed-json", "busy", "disk-full", "wrong-length",
  "listing-size-mismatch", "bad-thumbnail", "strings-for-numbers", NULL,
};

static gboolean
parse_uint (const char *text,
            guint64     max,
            guint64    *out)
{
  return text != NULL && g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL);
}

static gboolean
parse_fault (ScEmuFaults  *faults,
             const char   *spec,
             GError      **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, "=", 2);
  const char *name = parts[0];
  const char *value = parts[1];
  gboolean wants_value = g_str_equal (name, "drop-after") || g_str_equal (name, "slow");
  guint64 number = 0;

  if (!g_strv_contains (fault_names, name))
    {
      g_autofree char *known = g_strjoinv (", ", (char **)fault_names);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Unknown fault '%s' (known: %s)", name, known);
      return FALSE;
    }
  if (wants_value && !parse_uint (value, G_MAXINT64, &number))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Fault %s needs a number: --fault %s=N", name, name);
      return FALSE;
    }
  if (!wants_value && value != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "Fault %s takes no value", name);
      return FALSE;
    }

  if (g_str_equal (name, "drop-after"))
    faults->drop_after = (gint64)number;
  else if (g_str_equal (name, "slow"))
    faults->slow_ms = (guint)MIN (number, G_MAXUINT);
  else if (g_str_equal (name, "malformed-json"))
    faults->malformed_json = TRUE;
  else if (g_str_equal (name, "busy"))
    faults->busy = TRUE;
  else if (g_str_equal (name, "disk-full"))
    faults->disk_full = TRUE;
  else if (g_str_equal (name, "wrong-length"))
    faults->wrong_length = TRUE;
  else if (g_str_equal (name, "listing-size-mismatch"))
    faults->listing_size_mismatch = TRUE;
  else if (g_str_equal (name, "bad-thumbnail"))
    faults->bad_thumbnail = TRUE;
  else if (g_str_equal (name, "strings-for-numbers"))
    faults->strings_for_numbers = TRUE;

  return TRUE;
}

static gboolean
parse_listen (ScEmuConfig  *config,
              const char   *spec,
              GError      **error)
{
  const char *colon = strrchr (spec, ':');
  guint64 port;

  if (colon == NULL || colon == spec || !parse_uint (colon + 1, 65535, &port))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--listen wants HOST:PORT, got '%s'", spec);
      return FALSE;
    }

  g_free (config->listen_host);
  if (spec[0] == '[' && colon[-1] == ']')
    config->listen_host = g_strndup (spec + 1, (gsize)(colon - spec) - 2);
  else
    config->listen_host = g_strndup (spec, (gsize)(colon - spec));
  config->listen_port = (guint)port;
  return TRUE;
}

static gboolean
parse_size (const char  *spec,
            int         *width,
            int         *height,
            GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, "x", 2);
  guint64 w, h;

  if (g_strv_length (parts) != 2 || !parse_uint (parts[0], 16384, &w) || !parse_uint (parts[1], 8192, &h) ||
      w < 64 || h < 32 || w % 4 != 0 || h % 2 != 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--photo-size wants WxH (width a multiple of 4, e.g. 1920x960), got '%s'", spec);
      return FALSE;
    }

  *width = (int)w;
  *height = (int)h;
  return TRUE;
}

static gboolean
parse_tilt (ScEmuConfig  *config,
            const char   *spec,
            GError      **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, ",", 2);
  char *end = NULL;
  double pitch, roll;

  if (g_strv_length (parts) != 2)
    goto bad;
  pitch = g_ascii_strtod (parts[0], &end);
  if (end == parts[0] || *end != '\0' || pitch < -45.0 || pitch > 45.0)
    goto bad;
  roll = g_ascii_strtod (parts[1], &end);
  if (end == parts[1] || *end != '\0' || roll < -45.0 || roll > 45.0)
    goto bad;

  config->tilt_pitch_deg = pitch;
  config->tilt_roll_deg = roll;
  return TRUE;

bad:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "--tilt wants PITCH,ROLL in degrees between -45 and 45 (e.g. 8,-5), got '%s'", spec);
  return FALSE;
}

/* GLib prints debug and info messages on stdout, where the emulator's
 * first line must be its URL: send every message to stderr instead. */
static GLogWriterOutput
log_to_stderr (GLogLevelFlags   level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  g_autofree char *line = NULL;
  const char *domain = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      domain = fields[i].value;

  if (g_log_writer_default_would_drop (level, domain))
    return G_LOG_WRITER_HANDLED;

  line = g_log_writer_format_fields (level, fields, n_fields, g_log_writer_supports_color (STDERR_FILENO));
  fprintf (stderr, "%s\n", line);
  return G_LOG_WRITER_HANDLED;
}

static gboolean
on_quit_signal_cb (gpointer user_data)
{
  g_debug ("Signal received, quitting");
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_stdin_cb (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  char buf[256];
  ssize_t n = read (fd, buf, sizeof buf);

  if (n > 0)
    return G_SOURCE_CONTINUE;

  g_debug ("stdin closed, quitting");
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ScEmuConfig) config = g_new0 (ScEmuConfig, 1);
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(ScEmuCamera) camera = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *protocol = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *photo_size = NULL;
  g_autofree char *scene = NULL;
  g_autofree char *tilt = NULL;
  g_autofree char *preview_projection = NULL;
  g_auto(GStrv) faults = NULL;
  gint64 big_file = 0;
  int api_level = 2;
  gboolean exit_on_stdin_eof = FALSE;
  const GOptionEntry entries[] = {
    { "protocol", 0, 0, G_OPTION_ARG_STRING, &protocol, "Camera protocol: osc (default) or madv (a Mi Sphere)", "osc|madv" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Address to listen on (default 127.0.0.1:0)", "HOST:PORT" },
    { "fault", 0, 0, G_OPTION_ARG_STRING_ARRAY, &faults, "Inject a fault (repeatable)", "NAME[=VALUE]" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &config->user, "Require HTTP Digest auth with this user", "USER" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &config->password, "Digest auth password", "PASSWORD" },
    { "api-level", 0, 0, G_OPTION_ARG_INT, &api_level, "Highest OSC API level offered (1 or 2)", "LEVEL" },
    { "storage", 0, 0, G_OPTION_ARG_FILENAME, &config->storage_dir,
      "Directory for captured files (default: a temporary one)", "DIR" },
    { "photo-size", 0, 0, G_OPTION_ARG_STRING, &photo_size, "Picture size (default 1920x960)", "WxH" },
    { "big-file", 0, 0, G_OPTION_ARG_INT64, &big_file, "Add a synthetic video SPHC9999.MP4 of this size",
      "BYTES" },
    { "scene", 0, 0, G_OPTION_ARG_FILENAME, &scene, "Equirectangular JPEG to film (default: built in)",
      "FILE" },
    { "tilt", 0, 0, G_OPTION_ARG_STRING, &tilt,
      "Hold the camera tilted: pitch (up) and roll in degrees, recorded as its gravity data", "PITCH,ROLL" },
    { "preview-projection", 0, 0, G_OPTION_ARG_STRING, &preview_projection,
      "Live preview picture: equirectangular (default, as a THETA) or dual-fisheye", "PROJECTION" },
    { "exit-on-stdin-eof", 0, 0, G_OPTION_ARG_NONE, &exit_on_stdin_eof, "Quit when stdin is closed", NULL },
    { NULL }
  };

  /* Clients vanish mid-transfer; a write must fail, not kill us. */
  signal (SIGPIPE, SIG_IGN);
  g_log_set_writer_func (log_to_stderr, NULL, NULL);

  context = g_option_context_new ("— a dual-fisheye OSC camera for tests");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, gst_init_get_option_group ());
  g_option_context_add_group (context, sc_madv_emu_get_option_group ());
  config->listen_host = g_strdup ("127.0.0.1");
  config->faults.drop_after = -1;
  config->photo_width = 1920;
  config->photo_height = 960;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    goto usage;
  if (protocol != NULL && !g_str_equal (protocol, "osc") && !g_str_equal (protocol, "madv"))
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Unknown protocol '%s' (osc or madv)", protocol);
      goto usage;
    }
  if ((listen != NULL && !parse_listen (config, listen, &error)) ||
      (photo_size != NULL && !parse_size (photo_size, &config->photo_width, &config->photo_height, &error)))
    goto usage;

  if (tilt != NULL && !parse_tilt (config, tilt, &error))
    goto usage;
  if (preview_projection != NULL)
    {
      if (g_str_equal (preview_projection, "dual-fisheye"))
        config->preview_dual_fisheye = TRUE;
      else if (!g_str_equal (preview_projection, "equirectangular"))
        {
          g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--preview-projection must be equirectangular or dual-fisheye");
          goto usage;
        }
    }

  /* The Mi Sphere has its own faults and servers (madv-main.c). */
  if (protocol != NULL && g_str_equal (protocol, "madv"))
    {
      sc_emu_register_resource ();
      sc_emu_scene_set_path (scene);
      return sc_madv_emu_main (g_steal_pointer (&config), (const char * const *)faults, exit_on_stdin_eof);
    }

  for (guint i = 0; faults != NULL && faults[i] != NULL; i++)
    if (!parse_fault (&config->faults, faults[i], &error))
      goto usage;

  if (api_level != 1 && api_level != 2)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--api-level must be 1 or 2");
      goto usage;
    }
  if ((config->user == NULL) != (config->password == NULL))
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--user and --password go together");
      goto usage;
    }
  if (big_file < 0)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--big-file must not be negative");
      goto usage;
    }
  config->api_level = api_level;
  config->big_file_size = (guint64)big_file;

  sc_emu_register_resource ();
  sc_emu_scene_set_path (scene);

  camera = sc_emu_camera_new (g_steal_pointer (&config));
  if (!sc_emu_camera_prepare_storage (camera, &error) || !sc_emu_server_start (camera, &error))
    {
      g_printerr ("spherecam-emulator: %s\n", error->message);
      sc_emu_camera_cleanup_storage (camera);
      return EXIT_FAILURE;
    }

  g_print ("%s\n", camera->base_url);
  fflush (stdout);
  g_message ("%s %s (serial %s) at %s, storage %s", SC_EMU_MANUFACTURER, SC_EMU_MODEL, SC_EMU_SERIAL,
             camera->base_url, camera->storage_dir);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_quit_signal_cb, loop);
  g_unix_signal_add (SIGINT, on_quit_signal_cb, loop);
  if (exit_on_stdin_eof)
    g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, on_stdin_cb, loop);

  g_main_loop_run (loop);

  g_object_run_dispose (G_OBJECT (camera));
  sc_emu_camera_cleanup_storage (camera);
  g_debug ("Bye");
  return EXIT_SUCCESS;

usage:
  g_printerr ("spherecam-emulator: %s\n", error->message);
  g_printerr ("Try 'spherecam-emulator --help'.\n");
  return EXIT_USAGE;
}
