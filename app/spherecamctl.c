/* spherecamctl.c: the command table, option parsing and dispatch
 *
 * Copyright 2025 The Spherecam Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spherecamctl"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "spherecamctl-private.h"

gboolean sc_ctl_opt_json;
static gboolean opt_version;
static char *opt_global_camera;
static char *opt_camera;

#define JSON_ENTRY \
  { "json", 0, 0, G_OPTION_ARG_NONE, &sc_ctl_opt_json, \
    N_("Print one JSON document on standard output"), NULL }
#define CAMERA_ENTRY(variable) \
  { "camera", 0, 0, G_OPTION_ARG_STRING, &variable, \
    N_("Use this camera: its id, object path, serial number or name"), N_("CAMERA") }

static const GOptionEntry global_entries[] = {
  JSON_ENTRY,
  CAMERA_ENTRY (opt_global_camera),
  { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version,
    N_("Show the version of spherecamctl"), NULL },
  { NULL }
};

static const GOptionEntry json_entries[] = {
  JSON_ENTRY,
  { NULL }
};

static const GOptionEntry camera_entries[] = {
  CAMERA_ENTRY (opt_camera),
  { NULL }
};

static void
print_version (const char *prefix,
               const char *version)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_string_member (object, "version", version);
  if (sc_ctl_opt_json)
    sc_ctl_print_json_object (object);
  else
    g_print ("%s%s\n", prefix, version);
}

/* Commands about the service itself */

static int
cmd_version (ScCtl   *ctl,
             char   **args,
             GError **error)
{
  g_autoptr(GVariant) version = NULL;

  version = sc_ctl_get_manager_property (ctl, "Version", G_VARIANT_TYPE_STRING, error);
  if (version == NULL)
    return EXIT_FAILURE;

  print_version ("", g_variant_get_string (version, NULL));

  return EXIT_SUCCESS;
}

static int
cmd_ping (ScCtl   *ctl,
          char   **args,
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
                                            ctl->bus_name, SC_CTL_MANAGER_PATH, NULL, error);
  if (manager == NULL)
    return EXIT_FAILURE;

  start = g_get_monotonic_time ();
  if (!sc_dbus_manager_call_ping_sync (manager, payload, &reply, NULL, error))
    return EXIT_FAILURE;
  rtt_ms = (g_get_monotonic_time () - start) / 1000.0;

  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_string_member (object, "reply", reply);
      json_object_set_double_member (object, "rtt_ms", rtt_ms);
      sc_ctl_print_json_object (object);
    }
  else
    {
      g_print (_("pong (%.1f ms)"), rtt_ms);
      g_print ("\n");
    }

  return EXIT_SUCCESS;
}

#define JOB_HELP N_("JOB is a job’s number, or its object path.")
#define CAMERA SC_CTL_COMMAND_CAMERA

static const ScCtlCommand commands[] = {
  { "version", NULL, "", N_("Show the version of the running Spherecam"), NULL,
    0, 0, 0, NULL, NULL, cmd_version },
  { "ping", NULL, N_("[PAYLOAD]"), N_("Check that Spherecam answers, and how fast"), NULL,
    0, 1, 0, NULL, NULL, cmd_ping },
  { "jobs", NULL, "", N_("List the jobs of the running Spherecam"), NULL,
    0, 0, 0, NULL, NULL, sc_ctl_cmd_jobs },
  { "wait", NULL, N_("JOB"), N_("Wait until a job has finished"), JOB_HELP,
    1, 1, SC_CTL_COMMAND_JOB, sc_ctl_wait_entries, sc_ctl_check_timeout, sc_ctl_cmd_wait },
  { "cancel", NULL, N_("JOB"), N_("Cancel a job"), JOB_HELP,
    1, 1, SC_CTL_COMMAND_JOB, NULL, NULL, sc_ctl_cmd_cancel },

  { "cameras", NULL, "", N_("List the cameras Spherecam knows"), NULL,
    0, 0, 0, NULL, NULL, sc_ctl_cmd_cameras },
  { "discover", NULL, "", N_("Look for cameras on the Wi-Fi this computer joined"),
    N_("Lists the usual addresses of cameras on this network (a Mi Sphere at "
       "madv://192.168.42.1, OSC cameras at http://192.168.42.1, a RICOH THETA at "
       "http://192.168.1.1) and checks which of them answer. Add one with "
       "spherecamctl add-camera URI."),
    0, 0, 0, sc_ctl_discover_entries, NULL, sc_ctl_cmd_discover },
  { "add-camera", NULL, N_("URL"), N_("Add a camera by its address"),
    N_("URL is how to reach the camera, e.g. http://192.168.1.1 for a camera in "
       "access point mode, or madv://192.168.42.1 for a Mi Sphere "
       "(madv://HOST[:PORT][?data=PORT&http=PORT&rtsp=PORT])."),
    1, 1, 0, sc_ctl_add_camera_entries, NULL, sc_ctl_cmd_add_camera },
  { "connect", NULL, "", N_("Connect to a camera"),
    N_("When a USB camera is busy because GNOME Files (gvfs) opened it, "
       "--release unmounts it in Files, then connects."),
    0, 0, CAMERA, sc_ctl_connect_entries, NULL, sc_ctl_cmd_connect },
  { "disconnect", NULL, "", N_("Disconnect from a camera"), NULL,
    0, 0, CAMERA, NULL, NULL, sc_ctl_cmd_disconnect },
  { "forget", NULL, "", N_("Forget a camera and its password"), NULL,
    0, 0, CAMERA, NULL, NULL, sc_ctl_cmd_forget },
  { "info", NULL, "", N_("Show a camera’s model, serial number and firmware"), NULL,
    0, 0, CAMERA, NULL, NULL, sc_ctl_cmd_info },
  { "state", NULL, "", N_("Show a camera’s battery, storage and capture status"), NULL,
    0, 0, CAMERA, NULL, NULL, sc_ctl_cmd_state },
  { "options", "get", N_("[NAME…]"), N_("Show a camera’s options"),
    N_("Without NAME, shows the options Spherecam knows. NAMESupport, e.g. isoSupport, "
       "lists the values an option accepts."),
    0, G_MAXUINT, CAMERA, NULL, NULL, sc_ctl_cmd_options_get },
  { "options", "set", N_("NAME=VALUE…"), N_("Change a camera’s options"),
    N_("VALUE is read as JSON if it is valid JSON (200, true, {\"width\": 1024}), "
       "otherwise as text."),
    1, G_MAXUINT, CAMERA, NULL, sc_ctl_check_options_set, sc_ctl_cmd_options_set },
  { "shoot", NULL, "", N_("Take a picture"), NULL,
    0, 0, CAMERA, sc_ctl_shoot_entries, NULL, sc_ctl_cmd_shoot },
  { "record", "start", "", N_("Start recording a video"), NULL,
    0, 0, CAMERA, NULL, NULL, sc_ctl_cmd_record_start },
  { "record", "stop", "", N_("Stop recording, and list the new files"), NULL,
    0, 0, CAMERA, NULL, NULL, sc_ctl_cmd_record_stop },
  { "ls", NULL, "", N_("List the files on a camera"), NULL,
    0, 0, CAMERA, sc_ctl_ls_entries, sc_ctl_check_ls, sc_ctl_cmd_ls },
  { "get", NULL, N_("NAME…"), N_("Download files from a camera"),
    N_("NAME is a file’s name or URI, as “ls” shows it."),
    1, G_MAXUINT, CAMERA, sc_ctl_get_entries, NULL, sc_ctl_cmd_get },
  { "rm", NULL, N_("NAME…"), N_("Delete files from a camera"),
    N_("NAME is a file’s name or URI, as “ls” shows it."),
    1, G_MAXUINT, CAMERA, NULL, NULL, sc_ctl_cmd_rm },
  { "preview-frame", NULL, N_("FILE"), N_("Save a frame of the live preview as a JPEG file"),
    NULL,
    1, 1, CAMERA, NULL, NULL, sc_ctl_cmd_preview_frame },
  { "reset", NULL, "", N_("Reset a camera’s settings to the factory defaults"), NULL,
    0, 0, CAMERA, sc_ctl_reset_entries, sc_ctl_check_reset, sc_ctl_cmd_reset },
  { "format", NULL, "", N_("Format a camera’s memory card, erasing every file on it"),
    N_("Without --yes, says what would be erased and changes nothing."),
    0, 0, CAMERA, sc_ctl_format_entries, NULL, sc_ctl_cmd_format },

  { "consent", "status", "", N_("Show whether you accepted the user agreement and privacy policy"),
    NULL,
    0, 0, 0, NULL, NULL, sc_ctl_cmd_consent_status },
  { "consent", "show", "", N_("Show the user agreement or the privacy policy"),
    N_("The text is shown in your language when Spherecam has it, otherwise in English."),
    0, 0, 0, sc_ctl_consent_show_entries, sc_ctl_check_consent_show, sc_ctl_cmd_consent_show },
  { "consent", "accept", N_("[VERSION]"), N_("Accept the user agreement and privacy policy"),
    N_("Spherecam works with cameras only after you accept the user agreement and privacy "
       "policy. VERSION, if given, must be the version “consent show” shows."),
    0, 1, 0, NULL, sc_ctl_check_consent_accept, sc_ctl_cmd_consent_accept },
  { "consent", "revoke", "", N_("Withdraw your consent; Spherecam stops collecting data"),
    NULL,
    0, 0, 0, NULL, NULL, sc_ctl_cmd_consent_revoke },
  { "permissions", NULL, N_("[NAME on|off]"), N_("Show or change the privacy permissions"),
    N_("NAME is storage, location, microphone, usage-statistics or detailed-diagnostics. "
       "Without arguments, shows them all."),
    0, 2, 0, NULL, sc_ctl_check_permissions, sc_ctl_cmd_permissions },
  { "location", "set", N_("LATITUDE LONGITUDE [ALTITUDE]"),
    N_("Use this location for geotagging"),
    N_("LATITUDE and LONGITUDE are in degrees (north and east are positive), ALTITUDE in "
       "metres. It is used only while location access is on."),
    2, 3, 0, NULL, sc_ctl_check_location_set, sc_ctl_cmd_location_set },
  { "location", "auto", "", N_("Ask the desktop’s location service for the location"), NULL,
    0, 0, 0, NULL, NULL, sc_ctl_cmd_location_auto },
  { "location", "clear", "", N_("Forget the location you set"), NULL,
    0, 0, 0, NULL, NULL, sc_ctl_cmd_location_clear },
  { "location", "show", "", N_("Show the location Spherecam would use now"), NULL,
    0, 0, 0, NULL, NULL, sc_ctl_cmd_location_show },
  { "data", "list", "", N_("List the kinds of personal data Spherecam keeps"), NULL,
    0, 0, 0, NULL, NULL, sc_ctl_cmd_data_list },
  { "data", "export", N_("FILE"), N_("Save all your personal data to a JSON file"), NULL,
    1, 1, 0, NULL, NULL, sc_ctl_cmd_data_export },
  { "data", "erase", N_("[CATEGORY]"), N_("Erase your personal data"),
    N_("CATEGORY is a kind “data list” shows; without it, everything is erased, your consent "
       "included. Files downloaded from cameras are never erased."),
    0, 1, 0, sc_ctl_data_erase_entries, sc_ctl_check_data_erase, sc_ctl_cmd_data_erase },
  { "narration", "start", N_("FILE"), N_("Record narration from the microphone into FILE"),
    N_("FILE ends in .ogg, .opus or .wav. Needs microphone access: "
       "“spherecamctl permissions microphone on”."),
    1, 1, 0, NULL, NULL, sc_ctl_cmd_narration_start },
  { "narration", "stop", "", N_("Stop recording narration and save the file"), NULL,
    0, 0, 0, NULL, NULL, sc_ctl_cmd_narration_stop },
  { "check-360", NULL, N_("FILE…"), N_("Check that photos and videos carry 360° metadata"),
    N_("FILE is a JPEG photo or an MP4 video on this computer. With --fix, the metadata is "
       "added to files that lack it: use it only on stitched (equirectangular) files."),
    1, G_MAXUINT, SC_CTL_COMMAND_LOCAL, sc_ctl_check_360_entries, NULL, sc_ctl_cmd_check_360 },
  { "stitch", NULL, N_("FILE…"), N_("Stitch dual-fisheye photos and videos into 360° panoramas"),
    N_("FILE is a dual-fisheye JPEG photo or MP4 video on this computer; it is left untouched. "
       "Each stitched file is saved as NAME-equirect.jpg or NAME-equirect.mp4 (in the current "
       "folder, or --to DIRECTORY; a number is added when the name is taken), or as -o FILE "
       "for a single input, and its path is printed. Without a profile, the calibration the "
       "file carries is used, else the one for its camera model, else the circles are found "
       "in the picture (with --fov). --level straightens the horizon with the camera’s "
       "gravity data. --cpu and --gpu choose the stitcher; by default the GPU on a hardware "
       "renderer, else the CPU. Videos use a hardware H.264 encoder when one works, else "
       "x264 (--encoder chooses)."),
    1, G_MAXUINT, 0, sc_ctl_stitch_entries, sc_ctl_check_stitch, sc_ctl_cmd_stitch },
};

static char *
command_synopsis (const ScCtlCommand *command)
{
  return g_strjoin (" ", command->name,
                    command->verb != NULL ? command->verb : sc_ctl_translate (command->args),
                    command->verb != NULL ? sc_ctl_translate (command->args) : NULL,
                    NULL);
}

/* The commands named @name (all of them if NULL), one a line */
static void
append_command_list (GString    *out,
                     const char *name)
{
  gsize width = 0;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *synopsis = command_synopsis (&commands[i]);

      width = MAX (width, sc_ctl_display_width (synopsis));
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *synopsis = NULL;

      if (name != NULL && !g_str_equal (name, commands[i].name))
        continue;

      synopsis = g_strchomp (command_synopsis (&commands[i]));
      g_string_append_printf (out, "\n  %s", synopsis);
      for (gsize pad = sc_ctl_display_width (synopsis); pad < width + 1; pad++)
        g_string_append_c (out, ' ');
      g_string_append (out, _(commands[i].summary));
    }
}

static char *
describe_commands (void)
{
  GString *summary = g_string_new (_("Control the running Spherecam over D-Bus."));

  g_string_append_printf (summary, "\n\n%s", _("Commands:"));
  append_command_list (summary, NULL);

  return g_string_free (summary, FALSE);
}

static int
run_command (const ScCtlCommand  *command,
             char               **argv)
{
  g_autofree char *prgname = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (sc_ctl_translate (command->args));
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autofree char *job_path = NULL;
  g_autoptr(GString) description = g_string_new (NULL);
  g_auto(GStrv) args = g_strdupv (argv);
  ScCtl ctl = { 0 };
  guint n_args;
  int status;

  /* GOptionContext names the command in its usage line after the prgname */
  if (command->verb != NULL)
    prgname = g_strdup_printf ("spherecamctl %s %s", command->name, command->verb);
  else
    prgname = g_strdup_printf ("spherecamctl %s", command->name);
  g_set_prgname (prgname);
  g_option_context_set_summary (context, _(command->summary));
  if (command->description != NULL)
    g_string_append (description, _(command->description));
  if (command->flags & SC_CTL_COMMAND_CAMERA)
    g_string_append_printf (description, "%s%s", description->len > 0 ? "\n\n" : "",
                            _("--camera may be left out when Spherecam knows only one camera."));
  if (description->len > 0)
    g_option_context_set_description (context, description->str);
  g_option_context_add_main_entries (context, json_entries, GETTEXT_PACKAGE);
  if (command->flags & SC_CTL_COMMAND_CAMERA)
    g_option_context_add_main_entries (context, camera_entries, GETTEXT_PACKAGE);
  if (command->entries != NULL)
    g_option_context_add_main_entries (context, command->entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse_strv (context, &args, &error))
    return sc_ctl_usage_error (prgname, error->message);

  n_args = g_strv_length (args) - 1;
  if (n_args < command->min_args)
    return sc_ctl_usage_error (prgname, _("Missing argument"));
  if (n_args > command->max_args)
    return sc_ctl_usage_error (prgname, _("Too many arguments"));
  if ((command->flags & SC_CTL_COMMAND_JOB) &&
      !(job_path = sc_ctl_parse_job_arg (args[1], &error)))
    return sc_ctl_usage_error (prgname, error->message);
  if (command->check != NULL && !command->check (args + 1, &error))
    return sc_ctl_usage_error (prgname, error->message);
  ctl.job_path = job_path;

  /* Commands on local files need neither the service nor a session bus. */
  if (!(command->flags & SC_CTL_COMMAND_LOCAL))
    {
      ctl.bus_name = g_getenv ("SPHERECAM_BUS_NAME");
      if (ctl.bus_name == NULL || *ctl.bus_name == '\0')
        ctl.bus_name = SC_CTL_BUS_NAME;
      if (!g_dbus_is_name (ctl.bus_name))
        {
          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("SPHERECAM_BUS_NAME is not a valid bus name: “%s”"), ctl.bus_name);
          return sc_ctl_report_error (error);
        }

      if (!(bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error)))
        return sc_ctl_report_error (error);
      ctl.bus = bus;

      if ((command->flags & SC_CTL_COMMAND_CAMERA) &&
          !sc_ctl_camera_choose (&ctl, opt_camera != NULL ? opt_camera : opt_global_camera, &error))
        return sc_ctl_report_error (error);
    }

  status = command->func (&ctl, args + 1, &error);
  sc_ctl_camera_clear (&ctl.camera);

  if (error != NULL && error->domain == SC_CTL_USAGE_ERROR)
    return sc_ctl_usage_error (prgname, error->message);
  if (error != NULL)
    return sc_ctl_report_error (error);

  return status;
}

/* Keeps the password of add-camera out of ps and /proc/PID/cmdline, as far as
 * that can be done: the arguments have been copied already.
 */
static void
hide_password (int    argc,
               char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      char *value = NULL;

      if (g_str_equal (argv[i], "--"))
        break;
      if (g_str_has_prefix (argv[i], "--password="))
        value = argv[i] + strlen ("--password=");
      else if (g_str_equal (argv[i], "--password") && i + 1 < argc)
        value = argv[++i];

      if (value != NULL)
        memset (value, '*', strlen (value));
    }
}

/* "spherecamctl options" alone, or with --help: the commands it has */
static int
list_verbs (const char *name,
            gboolean    help)
{
  g_autoptr(GString) out = g_string_new (_("Commands:"));
  g_autofree char *prgname = g_strdup_printf ("spherecamctl %s", name);

  append_command_list (out, name);
  if (help)
    {
      g_print ("%s\n", out->str);
      return EXIT_SUCCESS;
    }

  g_printerr ("%s\n\n", out->str);

  return sc_ctl_usage_error (prgname, _("Missing argument"));
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
  gboolean has_verbs = FALSE;

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
  hide_password (argc, argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    return sc_ctl_usage_error ("spherecamctl", error->message);

  if (opt_version)
    {
      print_version ("spherecamctl ", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (args[1] == NULL)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      return SC_CTL_EXIT_USAGE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!g_str_equal (args[1], commands[i].name))
        continue;
      if (commands[i].verb == NULL)
        return run_command (&commands[i], args + 1);

      has_verbs = TRUE;
      if (args[2] != NULL && g_str_equal (args[2], commands[i].verb))
        return run_command (&commands[i], args + 2);
    }

  if (has_verbs && (args[2] == NULL || g_str_equal (args[2], "--help") ||
                    g_str_equal (args[2], "-h")))
    return list_verbs (args[1], args[2] != NULL);

  if (has_verbs)
    message = g_strdup_printf (_("Unknown command “%s %s”"), args[1], args[2]);
  else
    message = g_strdup_printf (_("Unknown command “%s”"), args[1]);

  return sc_ctl_usage_error ("spherecamctl", message);
}
