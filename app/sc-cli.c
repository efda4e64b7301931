/* sc-cli.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-cli.h"

/* The `spherecam` executable's own options. Scripting goes through
 * spherecamctl and D-Bus; these are only what a launcher needs. */

void
sc_cli_add_main_options (GApplication *application)
{
  static const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (application, entries);
  g_application_set_option_context_summary (application,
                                            _("The desktop companion app for 360° cameras. "
                                              "Use spherecamctl to script it."));
}

int
sc_cli_handle_local_options (GApplication *application,
                             GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("spherecam %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}
