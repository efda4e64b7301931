/* sc-download-file.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-download"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <gio/gfiledescriptorbased.h>

#include "sc-download.h"
#include "sc-file-private.h"
#include "sc-download-private.h"
#include "sc-geotag.h"

/* The file-system side of ScDownload: safe names, and making a complete
 * temporary file final (fsync, then a rename that never replaces). */

/* Longest name we create ourselves, in bytes, not counting " (n)". */
#define MAX_NAME_BYTES        200

/* An extension longer than this is not worth keeping when shortening. */
#define MAX_EXTENSION_BYTES   32


static gboolean
is_unwanted_char (gunichar c)
{
  return c < 0x20 || c == 0x7f ||
         (c >= 0x80 && c < 0xa0) ||              /* C1 controls */
         (c >= 0x200e && c <= 0x200f) ||         /* direction marks */
         (c >= 0x202a && c <= 0x202e) ||         /* bidi embeddings, overrides */
         (c >= 0x2066 && c <= 0x2069);           /* bidi isolates */
}

static gboolean
is_fat_reserved_char (gunichar c)
{
  /* Harmless on Linux file systems, refused by FAT and exFAT, which is what
   * SD cards and USB sticks use. */
  return c != 0 && c < 0x80 && strchr ("<>:\"|?*", (int)c) != NULL;
}

static void
strip_trailing (GString *str)
{
  while (str->len > 0 &&
         (str->str[str->len - 1] == '.' || g_ascii_isspace (str->str[str->len - 1])))
    g_string_truncate (str, str->len - 1);
}

/* Splits "stem.ext" at the last dot; the dot stays with the extension. */
static void
split_extension (const char  *name,
                 char       **stem,
                 const char **extension)
{
  const char *dot = strrchr (name, '.');

  if (dot == NULL || dot == name)
    dot = name + strlen (name);

  *stem = g_strndup (name, dot - name);
  *extension = dot;
}

void
_sc_download_finish_data_free (gpointer user_data)
{
  ScDownloadFinishData *data = user_data;

  g_clear_object (&data->temp_file);
  g_clear_object (&data->output);
  g_clear_object (&data->directory);
  g_clear_pointer (&data->name, g_free);
  g_clear_pointer (&data->geotag.time, g_date_time_unref);
  g_free (data);
}

static gboolean
has_extension (const char         *name,
               const char * const *extensions)
{
  const char *dot = strrchr (name, '.');

  if (dot == NULL)
    return FALSE;

  for (guint i = 0; extensions[i] != NULL; i++)
    if (g_ascii_strcasecmp (dot + 1, extensions[i]) == 0)
      return TRUE;

  return FALSE;
}

/* Worker thread: writes the geotag into the complete temporary file. Never
 * fails the download: a file the camera geotagged itself stays as it is,
 * and any other trouble leaves the file without a location. Messages never
 * hold the position. */
static void
geotag_temp_file (ScDownloadFinishData *data,
                  GCancellable         *cancellable)
{
  static const char * const jpeg[] = { "jpg", "jpeg", NULL };
  static const char * const mp4[] = { "mp4", "mov", NULL };
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (has_extension (data->name, jpeg))
    ok = sc_geotag_write_jpeg (data->temp_file, &data->geotag, SC_GEOTAG_FLAGS_NONE,
                               cancellable, &error);
  else if (has_extension (data->name, mp4))
    ok = sc_geotag_write_mp4 (data->temp_file, &data->geotag, SC_GEOTAG_FLAGS_NONE,
                              cancellable, &error);
  else
    {
      g_debug ("%s is neither a JPEG nor an MP4: no location added", data->name);
      return;
    }

  if (ok)
    g_debug ("Added the location to %s", data->name);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    g_debug ("%s already has a location from the camera; left as it is", data->name);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Adding the location to %s was cancelled", data->name);
  else
    g_warning ("Could not add the location to %s; it is saved without one: %s",
               data->name, error->message);
}

/* Worker thread: make the data durable, then give the file its name. */
void
_sc_download_finish_file_thread (GTask        *task,
                                 gpointer      source_object,
                                 gpointer      task_data,
                                 GCancellable *cancellable)
{
  ScDownloadFinishData *data = task_data;
  g_autofree char *temp_path = g_file_get_path (data->temp_file);
  g_autofree char *dir_path = g_file_get_path (data->directory);
  GError *error = NULL;

  if (G_IS_FILE_DESCRIPTOR_BASED (data->output))
    {
      int fd = g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (data->output));

      if (fsync (fd) != 0)
        {
          int saved_errno = errno;

          g_output_stream_close (G_OUTPUT_STREAM (data->output), NULL, NULL);
          g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                   "fsync: %s", g_strerror (saved_errno));
          return;
        }
    }

  if (!g_output_stream_close (G_OUTPUT_STREAM (data->output), NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (data->has_geotag)
    geotag_temp_file (data, cancellable);

  for (guint n = 0; n < 10000; n++)
    {
      g_autofree char *candidate = _sc_file_numbered_name (data->name, n);
      g_autoptr(GFile) dest = g_file_get_child (data->directory, candidate);

      if (temp_path != NULL && dir_path != NULL)
        {
          g_autofree char *dest_path = g_file_get_path (dest);
          int res = _sc_file_rename_noreplace (temp_path, dest_path);

          if (res == 0)
            {
              _sc_file_sync_directory (dir_path);
              g_task_return_pointer (task, g_steal_pointer (&dest), g_object_unref);
              return;
            }
          if (res == EEXIST)
            continue;
          if (res != EPERM && res != ENOTSUP && res != EOPNOTSUPP && res != EXDEV)
            {
              g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (res),
                                       "%s", g_strerror (res));
              return;
            }
          /* Neither renameat2 nor link: fall through to GIO. */
        }

      /* Not a local file, or a file system that can only rename: GIO's move
       * checks for the destination first; a file that appears in between
       * is the only thing that could be replaced, by a file of our own. */
      if (g_file_move (data->temp_file, dest, G_FILE_COPY_NOFOLLOW_SYMLINKS,
                       NULL, NULL, NULL, &error))
        {
          g_task_return_pointer (task, g_steal_pointer (&dest), g_object_unref);
          return;
        }
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_task_return_error (task, error);
          return;
        }
      g_clear_error (&error);
    }

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS,
                           "Too many files named like %s", data->name);
}

/**
 * sc_download_sanitize_name:
 * @name: (nullable): a file name from a camera (untrusted)
 *
 * Makes a camera's file name safe to create in a folder: keeps only what
 * follows the last '/' or '\\'; replaces invalid UTF-8; drops control
 * characters and the invisible characters that can disguise a name
 * (bidirectional overrides); replaces the characters FAT cannot store
 * (`<>:"|?*`) with '_'; collapses runs of dots; removes leading dots (no
 * hidden files, no "." or "..") and trailing dots and spaces; and
 * shortens the result to 200 bytes at a character boundary, keeping the
 * extension. Pure function, any thread.
 *
 * Returns: (transfer full) (nullable): the safe name, or %NULL when
 *   nothing usable remains
 */
char *
sc_download_sanitize_name (const char *name)
{
  g_autofree char *valid = NULL;
  g_auto(GStrv) parts = NULL;
  const char *base = NULL;
  g_autoptr(GString) out = NULL;
  gsize start;

  if (name == NULL)
    return NULL;

  valid = g_utf8_make_valid (name, -1);
  parts = g_strsplit_set (valid, "/\\", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      base = parts[i];
  if (base == NULL)
    return NULL;

  out = g_string_sized_new (strlen (base));
  for (const char *p = base; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_unwanted_char (c))
        continue;
      if (c == '.' && out->len > 0 && out->str[out->len - 1] == '.')
        continue;
      if (is_fat_reserved_char (c))
        g_string_append_c (out, '_');
      else
        g_string_append_unichar (out, c);
    }

  start = 0;
  while (start < out->len && (out->str[start] == '.' || g_ascii_isspace (out->str[start])))
    start++;
  g_string_erase (out, 0, start);
  strip_trailing (out);

  if (out->len == 0)
    return NULL;

  if (out->len > MAX_NAME_BYTES)
    {
      g_autofree char *stem = NULL;
      const char *extension;
      g_autofree char *kept_extension = NULL;
      g_autoptr(GString) shortened = NULL;
      gsize stem_max;
      const char *end;

      split_extension (out->str, &stem, &extension);
      if (strlen (extension) > MAX_EXTENSION_BYTES)
        {
          g_clear_pointer (&stem, g_free);
          stem = g_strdup (out->str);
          extension = "";
        }
      kept_extension = g_strdup (extension);

      stem_max = MAX_NAME_BYTES - strlen (kept_extension);
      end = stem + MIN (stem_max, strlen (stem));
      /* Back up to the start of a character. */
      while (end > stem && (*end & 0xc0) == 0x80)
        end--;

      shortened = g_string_new_len (stem, end - stem);
      strip_trailing (shortened);
      if (shortened->len == 0)
        return NULL;
      g_string_append (shortened, kept_extension);

      g_string_free (g_steal_pointer (&out), TRUE);
      out = g_steal_pointer (&shortened);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
