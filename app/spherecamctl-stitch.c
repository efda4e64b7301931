/* spherecamctl-stitch.c: check-360, the 360° metadata of local files
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <sc-core.h>

#include "spherecamctl-private.h"

/* check-360 works on local files through sc-core; it sends nothing over
 * D-Bus. */

static gboolean opt_fix;

const GOptionEntry sc_ctl_check_360_entries[] = {
  { "fix", 0, 0, G_OPTION_ARG_NONE, &opt_fix,
    N_("Add the 360° metadata to files that lack it (only for stitched, equirectangular files)"),
    NULL },
  { NULL }
};

static const char *
kind_name (ScCheckKind kind)
{
  return kind == SC_CHECK_KIND_PHOTO ? "photo" : "video";
}

static JsonObject *
result_to_json (const ScCheckResult *result)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "kind", kind_name (result->kind));
  json_object_set_boolean_member (object, "valid", result->valid);
  if (result->problem != NULL)
    json_object_set_string_member (object, "problem", result->problem);
  if (result->kind == SC_CHECK_KIND_PHOTO)
    {
      json_object_set_int_member (object, "width", result->width);
      json_object_set_int_member (object, "height", result->height);
      json_object_set_boolean_member (object, "gpano-present", result->gpano_present);
      json_object_set_boolean_member (object, "gpano-valid", result->gpano_valid);
    }
  else
    {
      JsonArray *tracks = json_array_new ();

      for (guint i = 0; result->tracks != NULL && i < result->tracks->len; i++)
        {
          const ScSphericalTrack *t = &g_array_index (result->tracks, ScSphericalTrack, i);
          JsonObject *track = json_object_new ();

          json_object_set_int_member (track, "index", t->track_index);
          json_object_set_boolean_member (track, "v1-present", t->v1_present);
          json_object_set_boolean_member (track, "v1-valid", t->v1_valid);
          json_object_set_boolean_member (track, "v2-present", t->v2_present);
          json_object_set_boolean_member (track, "v2-valid", t->v2_valid);
          json_array_add_object_element (tracks, track);
        }
      json_object_set_array_member (object, "tracks", tracks);
    }

  return object;
}

static void
print_result (const char          *name,
              const ScCheckResult *result,
              gboolean             fixed)
{
  if (fixed)
    /* Translators: %s is a file name */
    g_print (_("%s: 360° metadata added\n"), name);
  else if (result->valid)
    g_print (_("%s: valid 360° metadata\n"), name);
  else
    /* Translators: the first %s is a file name, the second says what is wrong */
    g_print (_("%s: %s Run “spherecamctl check-360 --fix” on a stitched file to add it.\n"),
             name, result->problem != NULL ? result->problem : "");
}

int
sc_ctl_cmd_check_360 (ScCtl   *ctl,
                      char   **args,
                      GError **error)
{
  g_autoptr(JsonArray) files = json_array_new ();
  gboolean all_valid = TRUE;

  for (guint i = 0; args[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (args[i]);
      g_autoptr(GError) local_error = NULL;
      JsonObject *entry;
      ScCheckResult result = { 0 };
      gboolean fixed = FALSE;
      gboolean ok;

      ok = sc_360_check (file, &result, &local_error);
      if (ok && !result.valid && opt_fix)
        {
          if (sc_360_fix (file, NULL, &local_error))
            {
              sc_check_result_clear (&result);
              ok = sc_360_check (file, &result, &local_error);
              fixed = ok && result.valid;
            }
          else
            {
              ok = FALSE;
            }
        }

      if (ok)
        {
          entry = result_to_json (&result);
          json_object_set_boolean_member (entry, "fixed", fixed);
          all_valid &= result.valid;
          if (!sc_ctl_opt_json)
            print_result (args[i], &result, fixed);
        }
      else
        {
          entry = json_object_new ();
          json_object_set_boolean_member (entry, "valid", FALSE);
          json_object_set_string_member (entry, "error", local_error->message);
          all_valid = FALSE;
          if (!sc_ctl_opt_json)
            /* Translators: the first %s is a file name, the second an error message */
            g_printerr (_("%s: %s\n"), args[i], local_error->message);
        }
      json_object_set_string_member (entry, "file", args[i]);
      json_array_add_object_element (files, entry);
      sc_check_result_clear (&result);
    }

  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_boolean_member (object, "valid", all_valid);
      json_object_set_array_member (object, "files", json_array_ref (files));
      sc_ctl_print_json_object (object);
    }

  return all_valid ? 0 : 1;
}
