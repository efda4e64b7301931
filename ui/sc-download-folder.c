/* sc-download-folder.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-download-folder"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-ui.h"

/* Where downloads go: the one place that decides it, so that the Camera
 * page, the Library page and its "already downloaded" marks agree. */

/**
 * sc_download_folder_dup:
 * @settings: the application's #GSettings
 *
 * The folder the `download-folder` key names or, when it is empty, the
 * Spherecam folder in the user's Pictures folder (~/Pictures/Spherecam
 * when no Pictures folder is configured). Does no I/O: the folder may not
 * exist yet; see sc_download_folder_ensure_async().
 *
 * Returns: (transfer full): the download folder
 */
GFile *
sc_download_folder_dup (GSettings *settings)
{
  g_autofree char *configured = NULL;
  const char *pictures;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  configured = g_settings_get_string (settings, "download-folder");
  if (configured[0] != '\0')
    {
      if (g_str_has_prefix (configured, "~/"))
        {
          g_autofree char *path = g_build_filename (g_get_home_dir (), configured + 2, NULL);
          return g_file_new_for_path (path);
        }
      if (g_uri_peek_scheme (configured) != NULL)
        return g_file_new_for_uri (configured);
      return g_file_new_for_path (configured);
    }

  pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  if (pictures == NULL)
    {
      g_autofree char *path = g_build_filename (g_get_home_dir (), "Pictures", "Spherecam", NULL);
      return g_file_new_for_path (path);
    }

  {
    g_autofree char *path = g_build_filename (pictures, "Spherecam", NULL);
    return g_file_new_for_path (path);
  }
}

/**
 * sc_download_folder_dup_label:
 * @folder: a folder
 *
 * A short name for @folder that people recognise in a toast: the folder's
 * display name ("Spherecam"), or its path for the root.
 *
 * Returns: (transfer full): a label
 */
char *
sc_download_folder_dup_label (GFile *folder)
{
  g_autofree char *basename = NULL;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  basename = g_file_get_basename (folder);
  if (basename == NULL || g_str_equal (basename, "/"))
    return g_file_get_parse_name (folder);

  return g_filename_display_name (basename);
}

static void
ensure_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GFile *folder = source_object;
  g_autoptr(GError) error = NULL;

  if (!g_file_make_directory_with_parents (folder, cancellable, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_autofree char *name = g_file_get_parse_name (folder);

      g_task_return_new_error (task, error->domain, error->code,
                               _("Could not create the download folder %s: %s"),
                               name, error->message);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * sc_download_folder_ensure_async:
 * @folder: the download folder
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the folder exists
 * @user_data: closure for @callback
 *
 * Creates @folder and its parents unless they exist, on a worker thread.
 */
void
sc_download_folder_ensure_async (GFile               *folder,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (folder));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (folder, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_download_folder_ensure_async);
  g_task_run_in_thread (task, ensure_thread);
}

/**
 * sc_download_folder_ensure_finish:
 * @folder: the download folder
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the folder exists
 */
gboolean
sc_download_folder_ensure_finish (GFile         *folder,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, folder), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
