/* main.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spherecam"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <sc-core.h>

#include "sc-application.h"
#include "sc-headless-application.h"

static gboolean
wants_service (int    argc,
               char **argv)
{
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--gapplication-service"))
      return TRUE;

  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) log_dir = NULL;
  const char *localedir;
  int status;

  /* SPHERECAM_LOCALEDIR lets an uninstalled build (build-aux/dev, the
   * tests) find its own translations. */
  localedir = g_getenv ("SPHERECAM_LOCALEDIR");
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Spherecam"));

  if (!sc_core_init (&error))
    {
      g_printerr ("%s: %s\n", _("Could not start the media core"), error->message);
      return 1;
    }

  /* Logs go to $XDG_STATE_HOME/spherecam (rotated, size-capped) and a ring
   * in memory, with serial numbers, MAC addresses, Wi-Fi names,
   * coordinates, e-mail addresses and phone numbers removed. */
  log_dir = g_file_new_build_filename (g_get_user_state_dir (), "spherecam", NULL);
  sc_log_init (log_dir);

  /* The D-Bus service must come up even where no display can be opened;
   * everything else needs one. */
  if (gtk_init_check ())
    app = G_APPLICATION (sc_application_new ());
  else if (wants_service (argc, argv))
    app = G_APPLICATION (sc_headless_application_new ());
  else
    {
      g_printerr ("%s\n", _("Spherecam could not open a display. Run it in a graphical "
                            "session, or start the D-Bus service alone with "
                            "“spherecam --gapplication-service”."));
      return 1;
    }

  status = g_application_run (app, argc, argv);
  g_clear_object (&app);
  sc_log_shutdown ();

  return status;
}
