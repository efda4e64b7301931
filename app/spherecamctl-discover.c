/* spherecamctl-discover.c: the discover command (cameras on the Wi-Fi the
 * computer joined)
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spherecamctl-discover"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "spherecamctl-private.h"

static char *opt_gateway;
static char **opt_candidates;
static gboolean opt_no_probe;

const GOptionEntry sc_ctl_discover_entries[] = {
  { "gateway", 0, 0, G_OPTION_ARG_STRING, &opt_gateway,
    N_("Look for cameras as if the network’s gateway were ADDRESS"), N_("ADDRESS") },
  { "candidate", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_candidates,
    N_("Check this camera address instead of the usual ones (may be repeated)"), N_("URL") },
  { "no-probe", 0, 0, G_OPTION_ARG_NONE, &opt_no_probe,
    N_("Only list the usual addresses; do not check which cameras answer"), NULL },
  { NULL }
};

static const char *
describe_state (const char *state)
{
  if (g_str_equal (state, "answers"))
    return _("answers");
  if (g_str_equal (state, "no-answer"))
    return _("no answer");
  return _("not checked");
}

int
sc_ctl_cmd_discover (ScCtl   *ctl,
                     char   **args,
                     GError **error)
{
  g_autoptr(ScDbusManager) manager = NULL;
  g_autoptr(GVariant) candidates = NULL;
  g_autofree char *gateway = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GVariantDict options;
  GVariantIter iter;
  const char *uri, *label, *state;
  guint n_answer = 0;

  manager = sc_dbus_manager_proxy_new_sync (ctl->bus,
                                            G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES |
                                            G_DBUS_PROXY_FLAGS_DO_NOT_CONNECT_SIGNALS,
                                            ctl->bus_name, SC_CTL_MANAGER_PATH, NULL, error);
  if (manager == NULL)
    return EXIT_FAILURE;

  g_variant_dict_init (&options, NULL);
  if (opt_gateway != NULL)
    g_variant_dict_insert (&options, "gateway", "s", opt_gateway);
  if (opt_candidates != NULL)
    g_variant_dict_insert_value (&options, "candidates",
                                 g_variant_new_strv ((const char * const *) opt_candidates, -1));
  if (opt_no_probe)
    g_variant_dict_insert (&options, "probe", "b", FALSE);

  if (!sc_dbus_manager_call_discover_sync (manager, g_variant_dict_end (&options),
                                           &candidates, &gateway, NULL, error))
    return EXIT_FAILURE;

  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      JsonArray *array = json_array_new ();

      json_object_set_string_member (object, "gateway", gateway);
      g_variant_iter_init (&iter, candidates);
      while (g_variant_iter_next (&iter, "(&s&s&s)", &uri, &label, &state))
        {
          JsonObject *candidate = json_object_new ();

          json_object_set_string_member (candidate, "uri", uri);
          json_object_set_string_member (candidate, "label", label);
          json_object_set_string_member (candidate, "state", state);
          json_array_add_object_element (array, candidate);
        }
      json_object_set_array_member (object, "candidates", array);
      sc_ctl_print_json_object (object);

      return EXIT_SUCCESS;
    }

  if (g_variant_n_children (candidates) == 0)
    {
      if (gateway[0] == '\0')
        g_print ("%s\n", _("This computer is not on a network. Join your camera’s Wi-Fi, then "
                           "run spherecamctl discover again."));
      else
        g_print (_("No camera is usually found on this network (gateway %s). Join your "
                   "camera’s Wi-Fi, or add the camera by its address with spherecamctl "
                   "add-camera URL."), gateway);
      g_print ("\n");

      return EXIT_SUCCESS;
    }

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (rows, g_strdupv ((char *[]) { _("CAMERA"), _("URI"), _("STATUS"), NULL }));
  g_variant_iter_init (&iter, candidates);
  while (g_variant_iter_next (&iter, "(&s&s&s)", &uri, &label, &state))
    {
      g_ptr_array_add (rows, g_strdupv ((char *[]) { (char *) label, (char *) uri,
                                                     (char *) describe_state (state), NULL }));
      if (g_str_equal (state, "answers"))
        n_answer++;
    }
  sc_ctl_print_table (rows);

  g_print ("\n");
  if (n_answer > 0)
    g_print ("%s\n", _("Add a camera that answers with spherecamctl add-camera URI."));
  else if (opt_no_probe)
    g_print ("%s\n", _("Add your camera with spherecamctl add-camera URI."));
  else
    g_print ("%s\n", _("No camera answered. Turn the camera on and join its Wi-Fi, or add it "
                       "by its address with spherecamctl add-camera URL."));

  return EXIT_SUCCESS;
}
