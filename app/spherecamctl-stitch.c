/* spherecamctl-stitch.c: stitch (over D-Bus) and check-360, the 360°
 * metadata of local files
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spherecamctl-stitch"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include <sc-core.h>

#include "spherecamctl-private.h"

/* stitch asks the service (org.spherecam.Spherecam.Stitcher) to stitch
 * and waits for the job; check-360 works on local files through sc-core
 * and sends nothing over D-Bus. */

#define SC_CTL_STITCHER_IFACE "org.spherecam.Spherecam.Stitcher"

static char     *opt_output;
static char     *opt_to;
static gboolean  opt_cpu;
static gboolean  opt_gpu;
static int       opt_width;
static double    opt_blend = NAN;
static gboolean  opt_level;
static char     *opt_profile;
static double    opt_fov = NAN;
static double    opt_yaw = NAN;
static double    opt_pitch = NAN;
static double    opt_roll = NAN;
static int       opt_quality;
static char     *opt_encoder;
static gboolean  opt_no_wait;

const GOptionEntry sc_ctl_stitch_entries[] = {
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
    N_("Save the stitched file as FILE (one input only; FILE must not exist)"), N_("FILE") },
  { "to", 0, 0, G_OPTION_ARG_FILENAME, &opt_to,
    N_("Save the stitched files in DIRECTORY (by default the current one)"), N_("DIRECTORY") },
  { "cpu", 0, 0, G_OPTION_ARG_NONE, &opt_cpu,
    N_("Stitch on the CPU"), NULL },
  { "gpu", 0, 0, G_OPTION_ARG_NONE, &opt_gpu,
    N_("Stitch on the GPU with OpenGL, even on a software renderer"), NULL },
  { "width", 0, 0, G_OPTION_ARG_INT, &opt_width,
    N_("Make the output WIDTH pixels wide (even; the height is half; by default the input’s width)"),
    N_("WIDTH") },
  { "blend", 0, 0, G_OPTION_ARG_DOUBLE, &opt_blend,
    N_("Blend the seam over DEGREES (0 to 90, by default 10)"), N_("DEGREES") },
  { "level", 0, 0, G_OPTION_ARG_NONE, &opt_level,
    N_("Level the horizon from the camera’s gravity data"), NULL },
  { "profile", 0, 0, G_OPTION_ARG_FILENAME, &opt_profile,
    N_("Use this calibration profile: a built-in NAME or a JSON FILE"), N_("NAME|FILE") },
  { "fov", 0, 0, G_OPTION_ARG_DOUBLE, &opt_fov,
    N_("Without a profile, find the circles and give both lenses this field of view"),
    N_("DEGREES") },
  { "yaw", 0, 0, G_OPTION_ARG_DOUBLE, &opt_yaw,
    N_("Turn the view right by DEGREES"), N_("DEGREES") },
  { "pitch", 0, 0, G_OPTION_ARG_DOUBLE, &opt_pitch,
    N_("Tilt the view up by DEGREES"), N_("DEGREES") },
  { "roll", 0, 0, G_OPTION_ARG_DOUBLE, &opt_roll,
    N_("Roll the view by DEGREES"), N_("DEGREES") },
  { "quality", 0, 0, G_OPTION_ARG_INT, &opt_quality,
    N_("Save with this JPEG QUALITY (1 to 100, by default 92)"), N_("QUALITY") },
  { "encoder", 0, 0, G_OPTION_ARG_STRING, &opt_encoder,
    N_("Encode videos with NAME: auto (a hardware encoder when one works, else x264), x264 or a GStreamer H.264 encoder"),
    N_("NAME") },
  { "no-wait", 0, 0, G_OPTION_ARG_NONE, &opt_no_wait,
    N_("Print the job and return at once (follow it with “spherecamctl wait”)"), NULL },
  { NULL }
};

gboolean
sc_ctl_check_stitch (char   **args,
                     GError **error)
{
  if (opt_cpu && opt_gpu)
    {
      g_set_error_literal (error, SC_CTL_USAGE_ERROR, 0, _("Choose either --cpu or --gpu"));
      return FALSE;
    }

  if (opt_output != NULL && opt_to != NULL)
    {
      g_set_error_literal (error, SC_CTL_USAGE_ERROR, 0, _("Choose either -o or --to"));
      return FALSE;
    }

  if (opt_output != NULL && g_strv_length (args) > 1)
    {
      g_set_error_literal (error, SC_CTL_USAGE_ERROR, 0,
                           _("-o names one output: use --to DIRECTORY for several files"));
      return FALSE;
    }

  if (opt_output != NULL && opt_no_wait)
    {
      g_set_error_literal (error, SC_CTL_USAGE_ERROR, 0,
                           _("-o needs to wait for the job: leave out --no-wait"));
      return FALSE;
    }

  return TRUE;
}

/* The service runs in another directory: send it absolute paths */
static char *
absolute_path (const char *path)
{
  return g_canonicalize_filename (path, NULL);
}

static GVariant *
stitch_options (void)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  if (opt_profile != NULL)
    {
      /* A name has no slash; a file is sent as an absolute path. */
      g_autofree char *profile = NULL;

      if (strchr (opt_profile, '/') != NULL || g_str_has_suffix (opt_profile, ".json"))
        profile = absolute_path (opt_profile);
      else
        profile = g_strdup (opt_profile);
      g_variant_builder_add (&builder, "{sv}", "profile", g_variant_new_string (profile));
    }
  if (!isnan (opt_fov))
    g_variant_builder_add (&builder, "{sv}", "fov", g_variant_new_double (opt_fov));
  if (opt_width != 0)
    g_variant_builder_add (&builder, "{sv}", "width", g_variant_new_int32 (opt_width));
  if (!isnan (opt_blend))
    g_variant_builder_add (&builder, "{sv}", "blend", g_variant_new_double (opt_blend));
  if (opt_level)
    g_variant_builder_add (&builder, "{sv}", "level", g_variant_new_boolean (TRUE));
  if (!isnan (opt_yaw))
    g_variant_builder_add (&builder, "{sv}", "yaw", g_variant_new_double (opt_yaw));
  if (!isnan (opt_pitch))
    g_variant_builder_add (&builder, "{sv}", "pitch", g_variant_new_double (opt_pitch));
  if (!isnan (opt_roll))
    g_variant_builder_add (&builder, "{sv}", "roll", g_variant_new_double (opt_roll));
  if (opt_cpu || opt_gpu)
    g_variant_builder_add (&builder, "{sv}", "path", g_variant_new_string (opt_cpu ? "cpu" : "gpu"));
  if (opt_quality != 0)
    g_variant_builder_add (&builder, "{sv}", "quality", g_variant_new_int32 (opt_quality));
  if (opt_encoder != NULL)
    g_variant_builder_add (&builder, "{sv}", "encoder", g_variant_new_string (opt_encoder));

  return g_variant_builder_end (&builder);
}

/* -o: the job saved the photo under its own name in OUT's folder; give it
 * OUT's name, never replacing a file. */
static gboolean
rename_output (const char  *stitched,
               const char  *output,
               GError     **error)
{
  g_autoptr(GFile) source = g_file_new_for_path (stitched);
  g_autoptr(GFile) target = g_file_new_for_path (output);
  g_autoptr(GError) local_error = NULL;

  if (g_file_move (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &local_error))
    return TRUE;

  /* Translators: the first %s is a file name, the second why it failed,
   * the third where the photo is */
  g_set_error (error, local_error->domain, local_error->code,
               _("Could not save the stitched file as “%s” (%s). It is in “%s”: rename it "
                 "yourself."), output, local_error->message, stitched);
  return FALSE;
}

int
sc_ctl_cmd_stitch (ScCtl   *ctl,
                   char   **args,
                   GError **error)
{
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(ScDbusStitcher) proxy = NULL;
  g_autoptr(ScCtlObject) job = NULL;
  g_autoptr(GVariant) result = NULL;
  g_autoptr(GVariant) paths_variant = NULL;
  g_auto(GStrv) paths = NULL;
  g_autofree char *output = opt_output != NULL ? absolute_path (opt_output) : NULL;
  g_autofree char *directory = NULL;
  g_autofree char *job_path = NULL;
  const char *used_path = "";
  const char *reason = "";

  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (inputs, absolute_path (args[i]));
  g_ptr_array_add (inputs, NULL);

  if (output != NULL)
    {
      /* Found out before any work is done. */
      if (g_file_test (output, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("“%s” already exists: choose another name, or remove it first."),
                       output);
          return EXIT_FAILURE;
        }
      directory = g_path_get_dirname (output);
    }
  else if (opt_to != NULL)
    directory = absolute_path (opt_to);
  else
    directory = g_get_current_dir ();

  proxy = sc_dbus_stitcher_proxy_new_sync (ctl->bus,
                                           G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES |
                                           G_DBUS_PROXY_FLAGS_DO_NOT_CONNECT_SIGNALS,
                                           ctl->bus_name, SC_CTL_MANAGER_PATH, NULL, error);
  if (proxy == NULL ||
      !sc_dbus_stitcher_call_stitch_sync (proxy, (const char * const *) inputs->pdata,
                                          directory, stitch_options (), &job_path, NULL,
                                          error))
    return EXIT_FAILURE;

  if (opt_no_wait)
    {
      if (sc_ctl_opt_json)
        {
          g_autoptr(JsonObject) object = json_object_new ();

          json_object_set_string_member (object, "job", job_path);
          sc_ctl_print_json_object (object);
        }
      else
        g_print ("%s\n", job_path);

      return EXIT_SUCCESS;
    }

  if (!(job = sc_ctl_job_run (ctl, job_path, error)))
    return EXIT_FAILURE;

  result = g_variant_dict_lookup_value (job->props, "Result", G_VARIANT_TYPE_VARDICT);
  if (result != NULL)
    {
      paths_variant = g_variant_lookup_value (result, "paths", G_VARIANT_TYPE_STRING_ARRAY);
      g_variant_lookup (result, "path", "&s", &used_path);
      g_variant_lookup (result, "reason", "&s", &reason);
    }
  paths = paths_variant != NULL ? g_variant_dup_strv (paths_variant, NULL) : g_new0 (char *, 1);

  if (output != NULL && paths[0] != NULL)
    {
      if (!rename_output (paths[0], output, error))
        return EXIT_FAILURE;
      g_free (paths[0]);
      paths[0] = g_strdup (output);
    }

  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      JsonArray *array = json_array_new ();

      for (guint i = 0; paths[i] != NULL; i++)
        json_array_add_string_element (array, paths[i]);
      json_object_set_string_member (object, "job", job_path);
      json_object_set_array_member (object, "paths", array);
      json_object_set_string_member (object, "path", used_path);
      json_object_set_string_member (object, "reason", reason);
      sc_ctl_print_json_object (object);
    }
  else
    {
      for (guint i = 0; paths[i] != NULL; i++)
        g_print ("%s\n", paths[i]);
      /* Which stitcher ran, and why, on stderr: stdout lists only files. */
      if (g_str_equal (used_path, "gpu"))
        g_printerr ("%s", _("Stitched on the GPU"));
      else
        g_printerr ("%s", _("Stitched on the CPU"));
      if (*reason != '\0')
        g_printerr (" (%s)", reason);
      g_printerr ("\n");
    }

  return EXIT_SUCCESS;
}

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
