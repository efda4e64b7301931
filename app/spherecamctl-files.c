/* spherecamctl-files.c: shooting, recording and the camera's files
 * (shoot, record, ls, get, rm)
 *
 * Copyright 2025 The Spherecam Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spherecamctl-files"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "spherecamctl-private.h"

static char *opt_download;
static char *opt_type;
static char *opt_to;

const GOptionEntry sc_ctl_shoot_entries[] = {
  { "download", 0, 0, G_OPTION_ARG_FILENAME, &opt_download,
    N_("Also download the picture into DIRECTORY"), N_("DIRECTORY") },
  { NULL }
};

const GOptionEntry sc_ctl_ls_entries[] = {
  { "type", 0, 0, G_OPTION_ARG_STRING, &opt_type,
    N_("Only files of this TYPE: image, video or all (the default)"), N_("TYPE") },
  { NULL }
};

const GOptionEntry sc_ctl_get_entries[] = {
  { "to", 0, 0, G_OPTION_ARG_FILENAME, &opt_to,
    N_("Save the files in DIRECTORY (by default the current one)"), N_("DIRECTORY") },
  { NULL }
};

/* The service runs in another directory: send it absolute paths */
static char *
absolute_directory (const char *directory)
{
  if (directory == NULL)
    return g_get_current_dir ();

  return g_canonicalize_filename (directory, NULL);
}

static JsonNode *
files_to_json (GVariant *files)
{
  JsonArray *array = json_array_new ();

  for (gsize i = 0; files != NULL && i < g_variant_n_children (files); i++)
    {
      g_autoptr(GVariant) file = g_variant_get_child_value (files, i);

      json_array_add_element (array, sc_ctl_json_from_variant (file));
    }

  return json_node_init_array (json_node_alloc (), array);
}

/* The camera's time, as it wrote it; the raw text if it is not ISO 8601 */
static char *
format_date (const char *iso8601)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (iso8601, utc);

  if (date == NULL)
    return g_strdup (iso8601);

  return g_date_time_format (date, "%Y-%m-%d %H:%M:%S");
}

/* NAME SIZE DATE TYPE, one file a line */
static void
print_files (GVariant *files)
{
  g_autoptr(GPtrArray) rows = NULL;

  if (files == NULL || g_variant_n_children (files) == 0)
    {
      g_print ("%s\n", _("No files"));
      return;
    }

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (rows, g_strdupv ((char *[]) { _("NAME"), _("SIZE"), _("DATE"), _("TYPE"),
                                                 NULL }));

  for (gsize i = 0; i < g_variant_n_children (files); i++)
    {
      g_autoptr(GVariant) file = g_variant_get_child_value (files, i);
      const char *name = "";
      const char *date = "";
      const char *type = "";
      guint64 size = 0;
      g_autofree char *size_text = NULL;
      g_autofree char *date_text = NULL;

      g_variant_lookup (file, "name", "&s", &name);
      g_variant_lookup (file, "dateTime", "&s", &date);
      g_variant_lookup (file, "type", "&s", &type);
      if (g_variant_lookup (file, "size", "t", &size))
        size_text = g_format_size (size);
      date_text = format_date (date);

      g_ptr_array_add (rows, g_strdupv ((char *[]) {
        (char *) name, size_text != NULL ? size_text : "", date_text, (char *) type, NULL }));
    }

  sc_ctl_print_table (rows);
}

/* shoot */

int
sc_ctl_cmd_shoot (ScCtl   *ctl,
                  char   **args,
                  GError **error)
{
  g_autofree char *directory = opt_download != NULL ? absolute_directory (opt_download) : NULL;
  g_autofree char *job_path = NULL;
  g_autoptr(ScCtlObject) job = NULL;
  g_autoptr(GVariant) result = NULL;
  g_autoptr(GVariant) file = NULL;
  const char *path = NULL;
  const char *name = "";

  if (!sc_dbus_camera_call_take_picture_sync (ctl->camera.proxy,
                                              directory != NULL ? directory : "",
                                              &job_path, NULL, error) ||
      !(job = sc_ctl_job_run (ctl, job_path, error)))
    return EXIT_FAILURE;

  result = g_variant_dict_lookup_value (job->props, "Result", G_VARIANT_TYPE_VARDICT);
  if (result != NULL)
    {
      file = g_variant_lookup_value (result, "file", G_VARIANT_TYPE_VARDICT);
      g_variant_lookup (result, "path", "&s", &path);
    }
  if (file != NULL)
    g_variant_lookup (file, "name", "&s", &name);

  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      if (file != NULL)
        json_object_set_member (object, "file", sc_ctl_json_from_variant (file));
      else
        json_object_set_null_member (object, "file");
      if (path != NULL)
        json_object_set_string_member (object, "path", path);
      sc_ctl_print_json_object (object);
    }
  else
    {
      /* What "get" and "rm" take, or the local copy */
      g_print ("%s\n", path != NULL ? path : name);
    }

  return EXIT_SUCCESS;
}

/* record */

int
sc_ctl_cmd_record_start (ScCtl   *ctl,
                         char   **args,
                         GError **error)
{
  if (!sc_dbus_camera_call_start_capture_sync (ctl->camera.proxy, "video", NULL, error))
    return EXIT_FAILURE;

  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_boolean_member (object, "recording", TRUE);
      sc_ctl_print_json_object (object);
    }
  else
    {
      g_print (_("Recording on %s"), sc_ctl_camera_get_name (&ctl->camera));
      g_print ("\n");
    }

  return EXIT_SUCCESS;
}

int
sc_ctl_cmd_record_stop (ScCtl   *ctl,
                        char   **args,
                        GError **error)
{
  g_autoptr(GVariant) files = NULL;

  if (!sc_dbus_camera_call_stop_capture_sync (ctl->camera.proxy, &files, NULL, error))
    return EXIT_FAILURE;

  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_boolean_member (object, "recording", FALSE);
      json_object_set_member (object, "files", files_to_json (files));
      sc_ctl_print_json_object (object);
    }
  else
    print_files (files);

  return EXIT_SUCCESS;
}

/* ls */

gboolean
sc_ctl_check_ls (char   **args,
                 GError **error)
{
  static const char * const types[] = { "all", "image", "video", NULL };

  if (opt_type != NULL && !g_strv_contains (types, opt_type))
    {
      g_set_error (error, SC_CTL_USAGE_ERROR, 0,
                   _("Unknown file type “%s”: use image, video or all"), opt_type);
      return FALSE;
    }

  return TRUE;
}

int
sc_ctl_cmd_ls (ScCtl   *ctl,
               char   **args,
               GError **error)
{
  g_autoptr(GVariant) files = NULL;

  if (!sc_dbus_camera_call_list_files_sync (ctl->camera.proxy,
                                            opt_type != NULL ? opt_type : "all", 0,
                                            &files, NULL, error))
    return EXIT_FAILURE;

  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_member (object, "files", files_to_json (files));
      sc_ctl_print_json_object (object);
    }
  else
    print_files (files);

  return EXIT_SUCCESS;
}

/* get, rm */

int
sc_ctl_cmd_get (ScCtl   *ctl,
                char   **args,
                GError **error)
{
  g_autofree char *directory = absolute_directory (opt_to);
  g_autofree char *job_path = NULL;
  g_autoptr(ScCtlObject) job = NULL;
  g_autoptr(GVariant) result = NULL;
  g_autoptr(GVariant) paths = NULL;

  if (!sc_dbus_camera_call_download_sync (ctl->camera.proxy, (const char * const *) args,
                                          directory, &job_path, NULL, error) ||
      !(job = sc_ctl_job_run (ctl, job_path, error)))
    return EXIT_FAILURE;

  result = g_variant_dict_lookup_value (job->props, "Result", G_VARIANT_TYPE_VARDICT);
  if (result != NULL)
    paths = g_variant_lookup_value (result, "paths", G_VARIANT_TYPE_STRING_ARRAY);

  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      if (paths != NULL)
        json_object_set_member (object, "paths", sc_ctl_json_from_variant (paths));
      else
        json_object_set_array_member (object, "paths", json_array_new ());
      sc_ctl_print_json_object (object);
    }
  else
    {
      for (gsize i = 0; paths != NULL && i < g_variant_n_children (paths); i++)
        {
          const char *path;

          g_variant_get_child (paths, i, "&s", &path);
          g_print ("%s\n", path);
        }
    }

  return EXIT_SUCCESS;
}

int
sc_ctl_cmd_rm (ScCtl   *ctl,
               char   **args,
               GError **error)
{
  if (!sc_dbus_camera_call_delete_sync (ctl->camera.proxy, (const char * const *) args,
                                        NULL, error))
    return EXIT_FAILURE;

  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      JsonArray *array = json_array_new ();

      for (guint i = 0; args[i] != NULL; i++)
        json_array_add_string_element (array, args[i]);
      json_object_set_array_member (object, "deleted", array);
      sc_ctl_print_json_object (object);
    }
  else
    {
      for (guint i = 0; args[i] != NULL; i++)
        {
          g_print (_("Deleted %s"), args[i]);
          g_print ("\n");
        }
    }

  return EXIT_SUCCESS;
}
