/* sc-file.c: putting a finished file in place
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sc-file-private.h"

#ifndef RENAME_NOREPLACE
# define RENAME_NOREPLACE (1 << 0)   /* <linux/fs.h>; glibc has no renameat2 wrapper here */
#endif

/*
 * Everything Spherecam writes (downloads, stitched photos and videos,
 * narration) is written to a hidden temporary file next to its final name,
 * made durable, and only then given that name, never replacing a file
 * that is there. These are the shared last steps.
 */

/* "name.ext" for 0, else "name (n).ext"; a leading dot is not an
 * extension. */
char *
_sc_file_numbered_name (const char *name,
                        guint       n)
{
  const char *dot = strrchr (name, '.');
  g_autofree char *stem = NULL;

  if (n == 0)
    return g_strdup (name);
  if (dot == NULL || dot == name)
    return g_strdup_printf ("%s (%u)", name, n);

  stem = g_strndup (name, dot - name);
  return g_strdup_printf ("%s (%u)%s", stem, n, dot);
}

/* Moves @source to @dest unless @dest exists, atomically where the file
 * system allows it. Returns 0 or an errno value (EEXIST when @dest exists). */
int
_sc_file_rename_noreplace (const char *source,
                           const char *dest)
{
  static gboolean renameat2_unsupported = FALSE;

  if (!g_atomic_int_get (&renameat2_unsupported))
    {
      if (syscall (SYS_renameat2, AT_FDCWD, source, AT_FDCWD, dest, RENAME_NOREPLACE) == 0)
        return 0;
      if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP && errno != EPERM)
        return errno;
      if (errno == ENOSYS)
        g_atomic_int_set (&renameat2_unsupported, TRUE);
    }

  /* No RENAME_NOREPLACE here (an older kernel, or a file system without
   * it): link() fails with EEXIST just as atomically. */
  if (link (source, dest) == 0)
    {
      if (unlink (source) != 0)
        g_debug ("Could not remove %s after linking it: %s", source, g_strerror (errno));
      return 0;
    }

  return errno;
}

/* A new name is durable once its folder is synced too. */
void
_sc_file_sync_directory (const char *path)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    return;
  if (fsync (fd) != 0)
    g_debug ("fsync of %s failed: %s", path, g_strerror (errno));
  close (fd);
}

/* Gives the complete, already synced @temp_path the name @name in
 * @directory, or with @numbered the first free "name (n).ext", never
 * replacing a file, then syncs the folder. Returns the final path, or
 * NULL with the errno value in @saved_errno (EEXIST: the name is taken);
 * @temp_path is then still there for the caller to remove. */
char *
_sc_file_publish (const char *temp_path,
                  const char *directory,
                  const char *name,
                  gboolean    numbered,
                  int        *saved_errno)
{
  for (guint n = 0; n < 10000; n++)
    {
      g_autofree char *candidate = _sc_file_numbered_name (name, n);
      g_autofree char *path = g_build_filename (directory, candidate, NULL);
      int res = _sc_file_rename_noreplace (temp_path, path);

      if (res == 0)
        {
          _sc_file_sync_directory (directory);
          return g_steal_pointer (&path);
        }
      if (res != EEXIST || !numbered)
        {
          *saved_errno = res;
          return NULL;
        }
    }

  *saved_errno = EEXIST;
  return NULL;
}
