/* sc-madv-camera-files.c: the Mi Sphere's files — listing, deleting and
 * downloading (over HTTP, HTTPS or the data port)
 *
 * HTTPS (MADV-PROTOCOL.md §3.3, H for the vendor code, M for the
 * behaviour): firmware newer than 1.3.105.114.5.18100 (compared as dotted
 * numbers) serves DCIM on https://HOST:443/ with a self-signed
 * certificate. A HEAD probe decides per connection: no answer → HTTP
 * 50422; an answer → the download goes over HTTPS. The certificate is
 * trusted on first use: pinned as <config>/spherecam/pins/SERIAL.pem, and
 * afterwards only that certificate is accepted (a different one fails the
 * download with an error that says the camera's identity changed; it never
 * falls back to HTTP). sc_madv_camera_forget_pin() erases the pin.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-madv-camera"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-camera-private.h"
#include "sc-download.h"
#include "sc-madv-camera-private.h"
#include "sc-permissions.h"

#define MAX_FOLDERS        256
#define MAX_FILES          10000
#define DATA_PORT_RETRIES  3
#define PIN_MISMATCH_KEY   "sc-madv-pin-mismatch"

/* ------------------------------------------------------------------ */
/* Files and their addresses                                           */

static gboolean
is_companion (const char *name)
{
  gsize len = strlen (name);

  /* VID_…AB.MP4: the low-resolution copy of VID_…AA.MP4 */
  return len > 6 && g_ascii_strcasecmp (name + len - 6, "AB.MP4") == 0;
}

static ScCameraFileType
type_for_name (const char *name)
{
  if (g_str_has_suffix (name, ".JPG") || g_str_has_suffix (name, ".jpg") ||
      g_str_has_suffix (name, ".DNG") || g_str_has_suffix (name, ".dng"))
    return SC_CAMERA_FILE_TYPE_IMAGE;
  if (g_str_has_suffix (name, ".MP4") || g_str_has_suffix (name, ".mp4"))
    return SC_CAMERA_FILE_TYPE_VIDEO;
  return SC_CAMERA_FILE_TYPE_ALL;
}

/* IMG_20240501_120005.JPG, VID_20240501_113000AA.MP4: camera local time */
static GDateTime *
date_time_from_name (const char *name)
{
  const char *p = strchr (name, '_');
  int y, mo, d, h, mi, s;

  if (p == NULL || sscanf (p + 1, "%4d%2d%2d_%2d%2d%2d", &y, &mo, &d, &h, &mi, &s) != 6)
    return NULL;

  return g_date_time_new_local (y, mo, d, h, mi, s);
}

/**
 * _sc_madv_camera_file_new:
 * @self: the camera
 * @path: a camera path under /tmp/SD0/DCIM
 * @size: its size, 0 if unknown
 *
 * Returns: (transfer full) (nullable): the file, its URI the HTTP address
 *   the camera serves it at
 */
ScCameraFile *
_sc_madv_camera_file_new (ScMadvCamera *self,
                          const char   *path,
                          guint64       size)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *escaped = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *host = NULL;
  g_autoptr(GDateTime) date_time = NULL;
  ScCameraFileType type = type_for_name (name);
  ScCameraFile *file;

  if (!g_str_has_prefix (path, SC_MADV_DCIM_PATH "/") || type == SC_CAMERA_FILE_TYPE_ALL)
    return NULL;

  escaped = g_uri_escape_string (path + strlen (SC_MADV_DCIM_PATH), "/", FALSE);
  host = strchr (self->host, ':') != NULL ? g_strdup_printf ("[%s]", self->host)
                                          : g_strdup (self->host);
  uri = g_strdup_printf ("http://%s:%u%s", host, self->http_port, escaped);

  file = sc_camera_file_new (name, uri, type, size);
  sc_camera_file_set_projection (file, "Dual-Fisheye");
  date_time = date_time_from_name (name);
  if (date_time != NULL)
    sc_camera_file_set_date_time (file, date_time);

  return file;
}

/**
 * _sc_madv_camera_path_from_uri:
 * @self: the camera
 * @uri: a file's URI (its HTTP address on this camera)
 *
 * Returns: (transfer full) (nullable): the camera path, or %NULL when @uri
 *   is not a file of this camera
 */
char *
_sc_madv_camera_path_from_uri (ScMadvCamera *self,
                               const char   *uri)
{
  g_autoptr(GUri) parsed = NULL;
  g_autofree char *path = NULL;

  if (uri == NULL)
    return NULL;

  /* Camera paths are accepted as they are. */
  if (g_str_has_prefix (uri, SC_MADV_DCIM_PATH "/"))
    return _sc_madv_path_from_rtos (uri);

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  if (parsed == NULL || g_strcmp0 (g_uri_get_scheme (parsed), "http") != 0 ||
      g_strcmp0 (g_uri_get_host (parsed), self->host) != 0 ||
      g_uri_get_port (parsed) != self->http_port)
    return NULL;

  path = g_strconcat (SC_MADV_DCIM_PATH, g_uri_get_path (parsed), NULL);
  return _sc_madv_path_from_rtos (path);
}

/* ------------------------------------------------------------------ */
/* HTTPS: firmware versions and the pinned certificate                 */

/**
 * _sc_madv_version_is_newer:
 * @version: a firmware version such as "1.3.105.114.5.18100"
 * @than: another
 *
 * Compares dotted numbers as numbers (1.3.105 is newer than 1.3.97); a
 * missing part counts as 0, and anything after the digits of a part is
 * ignored.
 *
 * Returns: %TRUE if @version is strictly newer than @than
 */
gboolean
_sc_madv_version_is_newer (const char *version,
                           const char *than)
{
  const char *a = version, *b = than;

  g_return_val_if_fail (version != NULL && than != NULL, FALSE);

  while (*a != '\0' || *b != '\0')
    {
      guint64 x = g_ascii_isdigit (*a) ? g_ascii_strtoull (a, NULL, 10) : 0;
      guint64 y = g_ascii_isdigit (*b) ? g_ascii_strtoull (b, NULL, 10) : 0;

      if (x != y)
        return x > y;
      a += strcspn (a, ".");
      b += strcspn (b, ".");
      if (*a == '.')
        a++;
      if (*b == '.')
        b++;
    }

  return FALSE;
}

/* Whether downloads try HTTPS first: newer firmware, and it answered (or
 * was not tried yet) on this connection. */
gboolean
_sc_madv_camera_uses_https (ScMadvCamera *self)
{
  return self->firmware_version != NULL && !self->https_unavailable &&
         _sc_madv_version_is_newer (self->firmware_version, SC_MADV_HTTPS_FIRMWARE);
}

static char *
pin_path_for (const char *pin_directory,
              const char *serial)
{
  g_autofree char *directory = NULL;
  g_autofree char *name = NULL;

  if (serial == NULL || *serial == '\0' || strlen (serial) > 64)
    return NULL;

  /* The serial comes from the camera: a file name of safe characters. */
  name = g_strdup (serial);
  for (char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      *p = '_';

  directory = pin_directory != NULL ? g_strdup (pin_directory)
                                    : g_build_filename (g_get_user_config_dir (), "spherecam", "pins", NULL);
  return g_strconcat (directory, G_DIR_SEPARATOR_S, name, ".pem", NULL);
}

/**
 * _sc_madv_camera_dup_pin_path:
 * @self: the camera
 *
 * Returns: (transfer full) (nullable): where this camera's certificate is
 *   pinned, %NULL while its serial number is unknown
 */
char *
_sc_madv_camera_dup_pin_path (ScMadvCamera *self)
{
  return pin_path_for (self->pin_directory, self->serial_number);
}

/**
 * _sc_madv_camera_set_pin_directory:
 * @self: the camera
 * @directory: (nullable): where pins are kept; %NULL for the default
 *   (`<user config dir>/spherecam/pins`)
 */
void
_sc_madv_camera_set_pin_directory (ScMadvCamera *self,
                                   const char   *directory)
{
  g_free (self->pin_directory);
  self->pin_directory = g_strdup (directory);
}

/**
 * sc_madv_camera_dup_pin_file:
 * @pin_directory: (nullable): where pins are kept; %NULL for the default
 * @serial: the camera's serial number
 *
 * Returns: (transfer full) (nullable): the file that pins the camera's
 *   certificate (it may not exist), or %NULL for an unusable serial
 */
char *
sc_madv_camera_dup_pin_file (const char *pin_directory,
                             const char *serial)
{
  return pin_path_for (pin_directory, serial);
}

/**
 * sc_madv_camera_forget_pin:
 * @pin_directory: (nullable): where pins are kept; %NULL for the default
 * @serial: the camera's serial number (its id is "madv:SERIAL")
 * @error: return location for a #GError
 *
 * Erases the certificate pinned for a Mi Sphere, so that the next HTTPS
 * connection trusts (and pins) whatever certificate it presents. Meant
 * for forgetting the camera. No pin is not an error.
 *
 * Returns: %TRUE on success
 */
gboolean
sc_madv_camera_forget_pin (const char  *pin_directory,
                           const char  *serial,
                           GError     **error)
{
  g_autofree char *path = pin_path_for (pin_directory, serial);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local = NULL;

  if (path == NULL)
    return TRUE;
  file = g_file_new_for_path (path);
  if (!g_file_delete (file, NULL, &local) && !g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static GError *
identity_changed_error (ScMadvCamera *self)
{
  g_autofree char *path = _sc_madv_camera_dup_pin_path (self);

  return g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PERMISSION_DENIED,
                      _("The camera’s identity changed: “%s” presented a different security certificate "
                        "than the one this computer trusted before, so nothing was downloaded. If the camera "
                        "was reset or repaired, forget it in Spherecam and add it again (or delete “%s”); "
                        "otherwise another device may be posing as your camera: do not use this Wi-Fi network."),
                      self->serial_number != NULL ? self->serial_number : self->host,
                      path != NULL ? path : "");
}

/* Trust on first use: the first certificate seen for this serial is
 * pinned; afterwards only the very same certificate is accepted. The
 * usual checks (a known CA, the host name) cannot apply to a self-signed
 * camera certificate, so @errors is not looked at. */
static gboolean
on_accept_certificate_cb (SoupMessage          *msg,
                          GTlsCertificate      *certificate,
                          GTlsCertificateFlags  errors,
                          gpointer              user_data)
{
  ScMadvCamera *self = user_data;
  g_autofree char *path = _sc_madv_camera_dup_pin_path (self);
  g_autofree char *contents = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *directory = NULL;
  g_autoptr(GTlsCertificate) pinned = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  if (path == NULL)
    {
      g_debug ("No serial number yet: cannot pin the camera’s certificate");
      return FALSE;
    }

  if (g_file_get_contents (path, &contents, &length, &error))
    {
      pinned = g_tls_certificate_new_from_pem (contents, (gssize)length, NULL);
      if (pinned != NULL && g_tls_certificate_is_same (pinned, certificate))
        return TRUE;

      g_warning ("The certificate of camera %s is not the one pinned in %s", self->serial_number, path);
      g_object_set_data (G_OBJECT (msg), PIN_MISMATCH_KEY, GINT_TO_POINTER (1));
      self->pin_mismatch = TRUE;
      return FALSE;
    }
  if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_warning ("Cannot read the pinned certificate %s: %s", path, error->message);
      return FALSE;
    }
  g_clear_error (&error);

  /* First use: pin it. */
  g_object_get (certificate, "certificate-pem", &pem, NULL);
  directory = g_path_get_dirname (path);
  if (pem == NULL || g_mkdir_with_parents (directory, 0700) != 0 ||
      !g_file_set_contents_full (path, pem, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_warning ("Cannot pin the certificate of camera %s in %s: %s", self->serial_number, path,
                 error != NULL ? error->message : g_strerror (errno));
      return FALSE;
    }

  g_debug ("Pinned the certificate of camera %s in %s", self->serial_number, path);
  return TRUE;
}

static void
on_request_queued_cb (SoupSession *session,
                      SoupMessage *msg,
                      gpointer     user_data)
{
  ScMadvCamera *self = user_data;
  GUri *uri = soup_message_get_uri (msg);

  if (g_strcmp0 (g_uri_get_scheme (uri), "https") == 0 &&
      g_strcmp0 (g_uri_get_host (uri), self->host) == 0)
    g_signal_connect_object (msg, "accept-certificate", G_CALLBACK (on_accept_certificate_cb), self, 0);
}

/**
 * _sc_madv_camera_files_init:
 * @self: the camera, its #SoupSession created
 *
 * Makes the session check HTTPS certificates against the pin.
 */
void
_sc_madv_camera_files_init (ScMadvCamera *self)
{
  g_signal_connect_object (self->session, "request-queued", G_CALLBACK (on_request_queued_cb), self, 0);
}

/* ------------------------------------------------------------------ */
/* The lens LUT, cached per camera                                     */

/* The camera's app_lut.bin (MADV-PROTOCOL.md §3.9) is its own lens
 * calibration; 261 gives its MD5 at connect. It is kept as
 * <user cache dir>/spherecam/lut/SERIAL.bin and fetched again over the
 * data port when missing or when the MD5 differs. While that runs, other
 * data-port transfers wait (the camera does one at a time). */

typedef struct
{
  char          *path;        /* the cache file */
  char          *md5;         /* 261's */
  ScMadvClient  *client;      /* the connection it was started on */
  GCancellable  *cancellable; /* the camera's at the start */
  ScMadvCamera  *camera;      /* while fetching */
  GOutputStream *output;      /* while fetching */
  GBytes        *block;       /* fetched */
} LutJob;

typedef struct
{
  GTask              *task;
  ScMadvDataPortFunc  func;
} DataPortWaiter;

static void
lut_job_free (LutJob *job)
{
  g_free (job->path);
  g_free (job->md5);
  g_clear_object (&job->client);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->camera);
  g_clear_object (&job->output);
  g_clear_pointer (&job->block, g_bytes_unref);
  g_free (job);
}

/* Moves a job out of a task's data (whose destroy notify then frees an
 * empty shell). */
static LutJob *
lut_job_steal (LutJob *job)
{
  LutJob *moved = g_new (LutJob, 1);

  *moved = *job;
  memset (job, 0, sizeof *job);
  return moved;
}

static char *
lut_path_for (const char *lut_directory,
              const char *serial)
{
  g_autofree char *directory = NULL;
  g_autofree char *name = NULL;

  if (serial == NULL || *serial == '\0' || strlen (serial) > 64)
    return NULL;

  /* The serial comes from the camera: a file name of safe characters,
   * as for the pins. */
  name = g_strdup (serial);
  for (char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      *p = '_';

  directory = lut_directory != NULL ? g_strdup (lut_directory)
                                    : g_build_filename (g_get_user_cache_dir (), "spherecam", "lut", NULL);
  return g_strconcat (directory, G_DIR_SEPARATOR_S, name, ".bin", NULL);
}

/**
 * sc_madv_camera_dup_lut_file:
 * @lut_directory: (nullable): where LUTs are cached; %NULL for the default
 *   (`<user cache dir>/spherecam/lut`)
 * @serial: the camera's serial number
 *
 * Returns: (transfer full) (nullable): the file that caches the camera's
 *   lens LUT (it may not exist), or %NULL for an unusable serial
 */
char *
sc_madv_camera_dup_lut_file (const char *lut_directory,
                             const char *serial)
{
  return lut_path_for (lut_directory, serial);
}

/**
 * sc_madv_camera_forget_lut:
 * @lut_directory: (nullable): where LUTs are cached; %NULL for the default
 * @serial: the camera's serial number (its id is "madv:SERIAL")
 * @error: return location for a #GError
 *
 * Erases the lens LUT cached for a Mi Sphere. Meant for forgetting the
 * camera. No cached LUT is not an error.
 *
 * Returns: %TRUE on success
 */
gboolean
sc_madv_camera_forget_lut (const char  *lut_directory,
                           const char  *serial,
                           GError     **error)
{
  g_autofree char *path = lut_path_for (lut_directory, serial);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local = NULL;

  if (path == NULL)
    return TRUE;
  file = g_file_new_for_path (path);
  if (!g_file_delete (file, NULL, &local) && !g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/**
 * _sc_madv_camera_set_lut_directory:
 * @self: the camera
 * @directory: (nullable): where LUTs are cached; %NULL for the default
 *   (`<user cache dir>/spherecam/lut`)
 */
void
_sc_madv_camera_set_lut_directory (ScMadvCamera *self,
                                   const char   *directory)
{
  g_free (self->lut_directory);
  self->lut_directory = g_strdup (directory);
}

/**
 * sc_madv_camera_dup_lut:
 * @self: the camera
 *
 * The camera's own lens LUT, for stitching its live preview and files
 * that carry none. Cached after the first connection (see
 * #ScMadvCamera:lut, notified when it arrives).
 *
 * Returns: (transfer full) (nullable): the LUT, or %NULL until cached
 */
ScMadvLut *
sc_madv_camera_dup_lut (ScMadvCamera *self)
{
  g_return_val_if_fail (SC_IS_MADV_CAMERA (self), NULL);

  return self->lut != NULL ? sc_madv_lut_ref (self->lut) : NULL;
}

/**
 * _sc_madv_camera_when_data_port_free:
 * @self: the camera
 * @task: (transfer full): the operation that wants the data port
 * @func: called with @task (and its reference) once the LUT is no longer
 *   being fetched: at once when it is not
 */
void
_sc_madv_camera_when_data_port_free (ScMadvCamera       *self,
                                     GTask              *task,
                                     ScMadvDataPortFunc  func)
{
  DataPortWaiter *waiter;

  if (!self->lut_busy)
    {
      func (task);
      return;
    }

  waiter = g_new0 (DataPortWaiter, 1);
  waiter->task = task;
  waiter->func = func;
  g_queue_push_tail (&self->data_port_waiters, waiter);
}

/* Read the checks in a thread: compute an MD5, decode the PNGs. */
static gboolean
lut_md5_matches (GBytes     *block,
                 const char *md5)
{
  g_autofree char *actual = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, block);

  return g_ascii_strcasecmp (actual, md5) == 0;
}

static void
lut_done (ScMadvCamera *self,
          ScMadvLut    *lut)
{
  if (lut != NULL)
    {
      g_clear_pointer (&self->lut, sc_madv_lut_unref);
      self->lut = sc_madv_lut_ref (lut);
      g_object_notify (G_OBJECT (self), "lut");
    }

  self->lut_busy = FALSE;
  while (!self->lut_busy && !g_queue_is_empty (&self->data_port_waiters))
    {
      DataPortWaiter *waiter = g_queue_pop_head (&self->data_port_waiters);
      GTask *task = waiter->task;
      ScMadvDataPortFunc func = waiter->func;

      g_free (waiter);
      func (task);
    }
}

static void
lut_check_cache_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  LutJob *job = task_data;
  g_autoptr(GFile) file = g_file_new_for_path (job->path);
  g_autoptr(GBytes) block = NULL;
  g_autoptr(GError) error = NULL;
  ScMadvLut *lut;

  block = g_file_load_bytes (file, cancellable, NULL, &error);
  if (block == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!lut_md5_matches (block, job->md5))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "The cached LUT %s is not the camera's (MD5 differs)", job->path);
      return;
    }
  lut = sc_madv_lut_new_from_bytes (block, &error);
  if (lut == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, lut, (GDestroyNotify)sc_madv_lut_unref);
}

static void
lut_store_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  LutJob *job = task_data;
  g_autofree char *directory = g_path_get_dirname (job->path);
  g_autoptr(ScMadvLut) lut = NULL;
  g_autoptr(GError) error = NULL;

  if (!lut_md5_matches (job->block, job->md5))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "The LUT fetched does not have the MD5 the camera gave (%s)", job->md5);
      return;
    }
  lut = sc_madv_lut_new_from_bytes (job->block, &error);
  if (lut == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Camera calibration, not personal: readable like other caches. A
   * temporary file, then a rename: never a half-written LUT. */
  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               "Cannot create %s: %s", directory, g_strerror (saved));
      return;
    }
  if (!g_file_set_contents_full (job->path, g_bytes_get_data (job->block, NULL),
                                 (gssize)g_bytes_get_size (job->block),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&lut), (GDestroyNotify)sc_madv_lut_unref);
}

static void
on_lut_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (object);
  g_autoptr(ScMadvLut) lut = NULL;
  g_autoptr(GError) error = NULL;

  lut = g_task_propagate_pointer (G_TASK (result), &error);
  if (lut == NULL)
    g_info ("The lens LUT of camera %s was not cached (next connection tries again): %s",
            self->serial_number, error->message);
  else
    g_debug ("Cached the lens LUT of camera %s", self->serial_number);
  lut_done (self, lut);
}

/* Refuses to grow past what a LUT can be. */
static gpointer
lut_realloc (gpointer data,
             gsize    size)
{
  if (size > SC_MADV_LUT_MAX_BLOCK_SIZE)
    return NULL;
  return g_realloc (data, size);
}

static void
on_lut_fetched_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  LutJob *job = user_data;
  g_autoptr(ScMadvCamera) self = g_steal_pointer (&job->camera);
  g_autoptr(GOutputStream) output = g_steal_pointer (&job->output);
  g_autoptr(GTask) store = NULL;
  g_autoptr(GError) error = NULL;

  if (!sc_madv_client_get_file_finish (SC_MADV_CLIENT (object), result, NULL, &error) ||
      !g_output_stream_close (output, NULL, &error))
    {
      g_info ("Cannot fetch the lens LUT of camera %s (next connection tries again): %s",
              self->serial_number, error->message);
      lut_job_free (job);
      lut_done (self, NULL);
      return;
    }

  job->block = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (output));
  store = g_task_new (self, job->cancellable, on_lut_stored_cb, NULL);
  g_task_set_source_tag (store, lut_store_thread);
  g_task_set_task_data (store, job, (GDestroyNotify)lut_job_free);
  g_task_run_in_thread (store, lut_store_thread);
}

static void
on_lut_checked_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (object);
  GTask *checked = G_TASK (result);
  LutJob *job = g_task_get_task_data (checked);
  g_autoptr(ScMadvLut) lut = NULL;
  g_autoptr(GError) error = NULL;

  lut = g_task_propagate_pointer (checked, &error);
  if (lut != NULL)
    {
      g_debug ("The cached lens LUT of camera %s is current", self->serial_number);
      lut_done (self, lut);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      self->client == NULL || self->client != job->client)
    {
      lut_done (self, NULL);
      return;
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_debug ("Fetching the lens LUT of camera %s again: %s", self->serial_number, error->message);

  /* The checks found nothing usable: fetch app_lut.bin. */
  job = lut_job_steal (job);
  job->camera = g_object_ref (self);
  job->output = g_memory_output_stream_new (NULL, 0, lut_realloc, g_free);
  self->lut_fetches++;
  sc_madv_client_get_file_async (self->client, SC_MADV_LUT_PATH, 0, job->output, NULL, NULL,
                                 job->cancellable, on_lut_fetched_cb, job);
}

/**
 * _sc_madv_camera_lut_refresh:
 * @self: a camera that has just connected
 *
 * When 261 gave the LUT's MD5: uses the cached LUT if it has that MD5,
 * otherwise fetches app_lut.bin over the data port, checks its MD5 and
 * that it decodes, and caches it. In the background; failures are logged
 * and the next connection tries again. A camera without a LUT (no MD5)
 * is left as it is.
 */
void
_sc_madv_camera_lut_refresh (ScMadvCamera *self)
{
  g_autoptr(GTask) task = NULL;
  LutJob *job;
  char *path;

  if (self->lut_busy || self->lut_md5 == NULL || *self->lut_md5 == '\0' || self->client == NULL)
    return;
  path = lut_path_for (self->lut_directory, self->serial_number);
  if (path == NULL)
    {
      g_debug ("No usable serial number: the lens LUT is not cached");
      return;
    }

  job = g_new0 (LutJob, 1);
  job->path = path;
  job->md5 = g_strdup (self->lut_md5);
  job->client = g_object_ref (self->client);
  job->cancellable = g_object_ref (self->cancellable);

  self->lut_busy = TRUE;
  task = g_task_new (self, self->cancellable, on_lut_checked_cb, NULL);
  g_task_set_source_tag (task, _sc_madv_camera_lut_refresh);
  g_task_set_task_data (task, job, (GDestroyNotify)lut_job_free);
  g_task_run_in_thread (task, lut_check_cache_thread);
}

/* ------------------------------------------------------------------ */
/* list_files: CD + LS of DCIM, then of each date folder, then 1026     */

typedef enum
{
  LIST_ROOT,
  LIST_FOLDER,
  LIST_INFO,
} ListStage;

typedef struct
{
  ScCameraFileType  type;
  guint             max_entries;
  gboolean          with_thumbnails;
  ListStage         stage;
  GQueue            folders;     /* char *, camera paths without the trailing / */
  char             *folder;      /* being listed */
  GPtrArray        *paths;       /* char *, the files kept */
  GPtrArray        *files;       /* ScCameraFile */
  guint             index;       /* next 1026 */
} ListData;

static void
list_data_free (ListData *data)
{
  g_queue_clear_full (&data->folders, g_free);
  g_free (data->folder);
  g_clear_pointer (&data->paths, g_ptr_array_unref);
  g_clear_pointer (&data->files, g_ptr_array_unref);
  g_free (data);
}

static void list_step (GTask *task);

static gboolean
valid_entry_name (const char *name)
{
  return *name != '\0' && *name != '.' && strchr (name, '/') == NULL &&
         strchr (name, '\\') == NULL && strlen (name) < 128;
}

/* Each entry of "listing" is {"NAME": "…"} (or, leniently, "NAME"). */
static void
collect_listing (GTask      *task,
                 JsonObject *reply)
{
  ListData *data = g_task_get_task_data (task);
  JsonNode *node = json_object_get_member (reply, "listing");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *name = NULL;
      gsize len;

      if (JSON_NODE_HOLDS_OBJECT (element))
        {
          g_autoptr(GList) members = json_object_get_members (json_node_get_object (element));

          if (members == NULL)
            continue;
          name = g_strdup (members->data);
        }
      else if (JSON_NODE_HOLDS_VALUE (element) &&
               json_node_get_value_type (element) == G_TYPE_STRING)
        name = g_strdup (json_node_get_string (element));
      else
        continue;

      len = strlen (name);
      if (data->stage == LIST_ROOT)
        {
          if (len < 2 || name[len - 1] != '/' || g_queue_get_length (&data->folders) >= MAX_FOLDERS)
            continue;
          name[len - 1] = '\0';
          if (valid_entry_name (name))
            g_queue_push_tail (&data->folders,
                               g_strconcat (SC_MADV_DCIM_PATH "/", name, NULL));
        }
      else
        {
          ScCameraFileType type;

          if (!valid_entry_name (name) || is_companion (name) || data->paths->len >= MAX_FILES)
            continue;
          type = type_for_name (name);
          if (type == SC_CAMERA_FILE_TYPE_ALL ||
              (data->type != SC_CAMERA_FILE_TYPE_ALL && data->type != type))
            continue;
          g_ptr_array_add (data->paths, g_strconcat (data->folder, "/", name, NULL));
        }
    }
}

static void
on_list_ls_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) reply = NULL;
  GError *error = NULL;

  reply = sc_madv_client_request_finish (SC_MADV_CLIENT (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  collect_listing (task, reply);
  list_step (g_steal_pointer (&task));
}

static void
on_list_cd_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable;
  g_autoptr(JsonObject) reply = NULL;
  GError *error = NULL;

  reply = sc_madv_client_request_finish (SC_MADV_CLIENT (object), result, &error);
  if (reply == NULL)
    {
      ListData *data = g_task_get_task_data (task);

      /* A folder that went away meanwhile is skipped; no DCIM at all
       * (a fresh card) is an empty listing. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
          data->stage == LIST_FOLDER)
        {
          g_debug ("Cannot open %s: %s", data->folder, error->message);
          g_clear_error (&error);
          if (data->stage == LIST_ROOT)
            data->stage = LIST_FOLDER;
          list_step (g_steal_pointer (&task));
          return;
        }
      g_task_return_error (task, error);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  sc_madv_client_request_async (SC_MADV_CLIENT (object), SC_MADV_MSG_LS, NULL, 0,
                                cancellable, on_list_ls_cb, g_steal_pointer (&task));
}

static void
on_list_thumbnail_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) thumbnail = NULL;
  g_autoptr(GError) error = NULL;

  thumbnail = sc_madv_client_get_thumbnail_finish (SC_MADV_CLIENT (object), result, &error);
  if (thumbnail == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      /* A missing thumbnail does not spoil the listing. */
      g_debug ("No thumbnail for %s: %s", (char *)g_ptr_array_index (data->paths, data->index),
               error->message);
    }
  else if (data->files->len > 0)
    sc_camera_file_set_thumbnail (g_ptr_array_index (data->files, data->files->len - 1), thumbnail);

  data->index++;
  list_step (g_steal_pointer (&task));
}

/* Photos: 1025 "thumb" over the data port, once the LUT is not being
 * fetched. */
static void
list_fetch_thumbnail (GTask *task)
{
  ScMadvCamera *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);

  if (self->client == NULL)
    {
      data->index++;
      list_step (task);
      return;
    }

  sc_madv_client_get_thumbnail_async (self->client, g_ptr_array_index (data->paths, data->index), "thumb",
                                      g_task_get_cancellable (task), on_list_thumbnail_cb, task);
}

static void
on_list_info_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScMadvCamera *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *path = g_ptr_array_index (data->paths, data->index);
  ScCameraFile *file;
  guint64 size = 0;

  reply = sc_madv_client_request_finish (SC_MADV_CLIENT (object), result, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("No media info for %s: %s", path, error->message);
    }
  else
    {
      JsonNode *node = json_object_get_member (reply, "size");

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_INT64)
        size = sc_madv_size_from_json (json_node_get_int (node));
    }

  file = _sc_madv_camera_file_new (self, path, size);
  if (file != NULL)
    g_ptr_array_add (data->files, file);

  /* Photos: 1025 "thumb" over the data port. Videos have none yet (their
   * thumbnail is an H.264 IDR frame of the AB companion to decode). */
  if (file != NULL && data->with_thumbnails && self->client != NULL &&
      sc_camera_file_get_file_type (file) == SC_CAMERA_FILE_TYPE_IMAGE)
    {
      _sc_madv_camera_when_data_port_free (self, g_steal_pointer (&task), list_fetch_thumbnail);
      return;
    }

  data->index++;
  list_step (g_steal_pointer (&task));
}

static int
compare_paths_newest_first (gconstpointer a,
                            gconstpointer b)
{
  g_autofree char *name_a = g_path_get_basename (*(const char * const *)a);
  g_autofree char *name_b = g_path_get_basename (*(const char * const *)b);
  const char *date_a = strchr (name_a, '_');
  const char *date_b = strchr (name_b, '_');

  /* By the date in the name, whatever the prefix. */
  return -g_strcmp0 (date_a != NULL ? date_a : name_a, date_b != NULL ? date_b : name_b);
}

static void
list_step (GTask *task)
{
  ScMadvCamera *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (self->client == NULL)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                               _("The camera is not connected. Connect to it first."));
      g_object_unref (task);
      return;
    }

  if (data->stage == LIST_ROOT && data->folder == NULL)
    {
      /* First: the root. */
      data->folder = g_strdup (SC_MADV_DCIM_PATH);
      _sc_madv_camera_request (self, SC_MADV_MSG_CD, SC_MADV_DCIM_PATH "/", 0, cancellable,
                               on_list_cd_cb, task);
      return;
    }

  if (data->stage == LIST_ROOT || data->stage == LIST_FOLDER)
    {
      g_autofree char *folder = NULL;

      /* The root was listed: now its folders, one by one. */
      data->stage = LIST_FOLDER;
      folder = g_queue_pop_head (&data->folders);
      if (folder != NULL)
        {
          g_autofree char *param = g_strconcat (folder, "/", NULL);

          g_free (data->folder);
          data->folder = g_steal_pointer (&folder);
          _sc_madv_camera_request (self, SC_MADV_MSG_CD, param, 0, cancellable,
                                   on_list_cd_cb, task);
          return;
        }

      /* Every folder listed: newest first, then their sizes. */
      g_ptr_array_sort (data->paths, compare_paths_newest_first);
      if (data->max_entries > 0 && data->paths->len > data->max_entries)
        g_ptr_array_set_size (data->paths, data->max_entries);
      data->stage = LIST_INFO;
      data->index = 0;
    }

  if (data->index < data->paths->len)
    {
      _sc_madv_camera_request (self, SC_MADV_MSG_GET_MEDIA_INFO,
                               g_ptr_array_index (data->paths, data->index), 0, cancellable,
                               on_list_info_cb, task);
      return;
    }

  g_task_return_pointer (task, g_ptr_array_ref (data->files), (GDestroyNotify)g_ptr_array_unref);
  g_object_unref (task);
}

static void
sc_madv_camera_list_files_async (ScCamera            *camera,
                                 ScCameraFileType     type,
                                 guint                max_entries,
                                 gboolean             with_thumbnails,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  ListData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_madv_camera_list_files_async);
  data = g_new0 (ListData, 1);
  data->type = type;
  data->max_entries = max_entries;
  data->with_thumbnails = with_thumbnails;
  data->stage = LIST_ROOT;
  g_queue_init (&data->folders);
  data->paths = g_ptr_array_new_with_free_func (g_free);
  data->files = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, data, (GDestroyNotify)list_data_free);

  if (!_sc_madv_camera_check_connected (self, task))
    return;

  list_step (g_steal_pointer (&task));
}

static GPtrArray *
sc_madv_camera_list_files_finish (ScCamera      *camera,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* delete_files: 1281, then the AB companion of a video                */

typedef struct
{
  GPtrArray *paths;   /* char *: with companions, in order */
  GArray    *optional; /* gboolean per path: a companion's failure is ignored */
  guint      index;
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_clear_pointer (&data->paths, g_ptr_array_unref);
  g_clear_pointer (&data->optional, g_array_unref);
  g_free (data);
}

static void delete_next (GTask *task);

static void
on_delete_reply_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeleteData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) reply = NULL;
  GError *error = NULL;

  reply = sc_madv_client_request_finish (SC_MADV_CLIENT (object), result, &error);
  if (reply == NULL)
    {
      if (!g_array_index (data->optional, gboolean, data->index))
        {
          g_task_return_error (task, error);
          return;
        }
      g_debug ("Companion not deleted: %s", error->message);
      g_clear_error (&error);
    }

  data->index++;
  delete_next (g_steal_pointer (&task));
}

static void
delete_next (GTask *task)
{
  ScMadvCamera *self = g_task_get_source_object (task);
  DeleteData *data = g_task_get_task_data (task);

  if (data->index >= data->paths->len)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  if (self->client == NULL)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                               _("The camera is not connected. Connect to it first."));
      g_object_unref (task);
      return;
    }

  _sc_madv_camera_request (self, SC_MADV_MSG_DELETE_FILE,
                           g_ptr_array_index (data->paths, data->index), 0,
                           g_task_get_cancellable (task), on_delete_reply_cb, task);
}

static void
sc_madv_camera_delete_files_async (ScCamera            *camera,
                                   const char * const  *uris,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  DeleteData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_madv_camera_delete_files_async);
  data = g_new0 (DeleteData, 1);
  data->paths = g_ptr_array_new_with_free_func (g_free);
  data->optional = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_task_set_task_data (task, data, (GDestroyNotify)delete_data_free);

  if (!_sc_madv_camera_check_connected (self, task))
    return;

  /* Every address is checked before anything is deleted. */
  for (guint i = 0; uris != NULL && uris[i] != NULL; i++)
    {
      g_autofree char *path = _sc_madv_camera_path_from_uri (self, uris[i]);
      gboolean no = FALSE, yes = TRUE;
      gsize len;

      if (path == NULL || type_for_name (path) == SC_CAMERA_FILE_TYPE_ALL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                   _("“%s” is not a file on this camera. Refresh the list of "
                                     "files, then try again."), uris[i]);
          return;
        }

      len = strlen (path);
      g_ptr_array_add (data->paths, g_strdup (path));
      g_array_append_val (data->optional, no);

      if (len > 6 && g_ascii_strcasecmp (path + len - 6, "AA.MP4") == 0)
        {
          char *companion = g_strdup (path);

          companion[len - 5] = path[len - 5] == 'a' ? 'b' : 'B';
          g_ptr_array_add (data->paths, companion);
          g_array_append_val (data->optional, yes);
        }
    }

  delete_next (g_steal_pointer (&task));
}

static gboolean
sc_madv_camera_delete_files_finish (ScCamera      *camera,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* download                                                            */

typedef struct
{
  ScDownload           *download;      /* HTTP(S) */
  char                 *http_uri;      /* HTTP(S): the file's addresses */
  char                 *https_uri;
  gboolean              over_https;
  SoupMessage          *probe;         /* HEAD over HTTPS: does it answer? */
  GCancellable         *probe_cancellable;
  gulong                probe_cancel_id;
  GSource              *probe_timeout;
  char                 *path;          /* data port: the camera path */
  char                 *name;          /* sanitised */
  GFile                *directory;
  GFile                *temp_file;
  GFileOutputStream    *output;
  guint                 retries;
  guint64               written;
  GCancellable         *cancellable;
  GCancellable         *caller;
  gulong                caller_id;
  GCancellable         *camera;
  gulong                camera_id;
  guint64               size_hint;
  gboolean              held_awake;
  ScMadvClient         *client;
  ScCameraProgressFunc  progress;
  gpointer              progress_data;
  GDestroyNotify        progress_notify;
} DownloadData;

static void
download_data_free (DownloadData *data)
{
  if (data->download != NULL)
    g_signal_handlers_disconnect_by_data (data->download, data);
  g_clear_object (&data->download);
  if (data->probe_timeout != NULL)
    g_source_destroy (data->probe_timeout);
  g_clear_pointer (&data->probe_timeout, g_source_unref);
  if (data->probe_cancel_id != 0)
    g_cancellable_disconnect (data->cancellable, data->probe_cancel_id);
  g_clear_object (&data->probe_cancellable);
  g_clear_object (&data->probe);
  g_free (data->http_uri);
  g_free (data->https_uri);
  if (data->output != NULL)
    g_output_stream_close (G_OUTPUT_STREAM (data->output), NULL, NULL);
  g_clear_object (&data->output);
  if (data->temp_file != NULL)
    g_file_delete (data->temp_file, NULL, NULL);   /* nothing half-written stays */
  g_clear_object (&data->temp_file);
  if (data->held_awake && data->client != NULL)
    sc_madv_client_release_awake (data->client);
  g_clear_object (&data->client);
  g_clear_object (&data->directory);
  g_free (data->path);
  g_free (data->name);
  if (data->caller != NULL)
    g_cancellable_disconnect (data->caller, data->caller_id);
  g_clear_object (&data->caller);
  if (data->camera != NULL)
    g_cancellable_disconnect (data->camera, data->camera_id);
  g_clear_object (&data->camera);
  g_clear_object (&data->cancellable);
  if (data->progress_notify != NULL)
    data->progress_notify (data->progress_data);
  g_free (data);
}

static void
on_download_cancelled_cb (GCancellable *cancellable,
                          GCancellable *download_cancellable)
{
  g_cancellable_cancel (download_cancellable);
}

static void
on_bytes_received_cb (ScDownload   *download,
                      GParamSpec   *pspec,
                      DownloadData *data)
{
  guint64 total = sc_download_get_total_bytes (download);

  if (data->progress != NULL)
    data->progress (sc_download_get_bytes_received (download),
                    total > 0 ? total : data->size_hint,
                    data->progress_data);
}

static void
on_http_download_done_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScMadvCamera *self = g_task_get_source_object (task);
  DownloadData *data = g_task_get_task_data (task);
  g_autoptr(GFile) file = NULL;
  GError *error = NULL;

  file = sc_download_run_finish (SC_DOWNLOAD (object), result, &error);
  if (file == NULL)
    {
      /* The certificate changed between the probe and the download. */
      if (data->over_https && self->pin_mismatch &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&error);
          error = identity_changed_error (self);
        }
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&file), g_object_unref);
}

/* Data port: bytes go to a hidden temporary file in the target folder,
 * resumed from what it holds after a dropped connection, renamed when
 * complete and of the announced size. */

static void data_port_fetch (GTask *task);

static void
on_data_port_progress_cb (guint64  received,
                          guint64  total,
                          gpointer user_data)
{
  DownloadData *data = user_data;

  if (data->progress != NULL)
    data->progress (MIN (received, total > 0 ? total : received),
                    total > 0 ? total : data->size_hint, data->progress_data);
}

static gboolean
move_without_overwriting (GFile         *source,
                          GFile         *directory,
                          const char    *name,
                          GFile        **out_file,
                          GError       **error)
{
  g_autofree char *stem = NULL;
  const char *dot = strrchr (name, '.');

  stem = dot != NULL && dot != name ? g_strndup (name, dot - name) : g_strdup (name);
  if (dot == NULL || dot == name)
    dot = "";

  for (guint n = 0; n < 1000; n++)
    {
      g_autofree char *candidate = n == 0 ? g_strdup (name)
                                          : g_strdup_printf ("%s (%u)%s", stem, n, dot);
      g_autoptr(GFile) target = g_file_get_child (directory, candidate);
      g_autoptr(GError) local = NULL;

      if (g_file_query_exists (target, NULL))
        continue;

      if (g_file_move (source, target, G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL, &local))
        {
          *out_file = g_steal_pointer (&target);
          return TRUE;
        }
      if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               _("The folder already holds too many files named “%s”. Choose another folder."),
               name);
  return FALSE;
}

static void
on_data_port_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DownloadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  guint64 size = 0;
  goffset written;

  written = g_seekable_tell (G_SEEKABLE (data->output));
  data->written = written > 0 ? (guint64)written : 0;

  if (!sc_madv_client_get_file_finish (SC_MADV_CLIENT (object), result, &size, &error))
    {
      if ((g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE)) &&
          data->retries < DATA_PORT_RETRIES &&
          !g_cancellable_is_cancelled (data->cancellable))
        {
          data->retries++;
          g_debug ("Data connection dropped at %" G_GUINT64_FORMAT " bytes; resuming (%u)",
                   data->written, data->retries);
          data_port_fetch (g_steal_pointer (&task));
          return;
        }

      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!g_output_stream_close (G_OUTPUT_STREAM (data->output), NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_object (&data->output);

  if (size != data->written)
    {
      g_debug ("Size mismatch: camera said %" G_GUINT64_FORMAT ", got %" G_GUINT64_FORMAT,
               size, data->written);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                               _("The camera sent an incomplete file. Try the download again."));
      return;
    }

  if (!move_without_overwriting (data->temp_file, data->directory, data->name, &file, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_object (&data->temp_file);

  g_task_return_pointer (task, g_steal_pointer (&file), g_object_unref);
}

static void
data_port_fetch_now (GTask *task)
{
  ScMadvCamera *self = g_task_get_source_object (task);
  DownloadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (self->client == NULL || self->client != data->client)
    {
      g_task_return_new_error (task, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                               _("The camera is not connected. Connect to it first."));
      g_object_unref (task);
      return;
    }

  /* Resume after what the temporary file holds. */
  if (!g_seekable_truncate (G_SEEKABLE (data->output), (goffset)data->written, NULL, &error) ||
      !g_seekable_seek (G_SEEKABLE (data->output), (goffset)data->written, G_SEEK_SET, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  sc_madv_client_get_file_async (self->client, data->path, data->written,
                                 G_OUTPUT_STREAM (data->output),
                                 on_data_port_progress_cb, data,
                                 data->cancellable, on_data_port_done_cb, task);
}

/* Waits while the camera's LUT is being fetched (one transfer at a time). */
static void
data_port_fetch (GTask *task)
{
  _sc_madv_camera_when_data_port_free (g_task_get_source_object (task), task, data_port_fetch_now);
}

static gboolean
start_data_port (ScMadvCamera  *self,
                 GTask         *task,
                 GError       **error)
{
  DownloadData *data = g_task_get_task_data (task);
  g_autoptr(GFileInfo) info = NULL;

  /* As ScDownload does: the storage permission, then the free space. */
  if (!sc_permissions_check (sc_permissions_get_default (), SC_PERMISSION_STORAGE, error))
    return FALSE;

  info = g_file_query_filesystem_info (data->directory, G_FILE_ATTRIBUTE_FILESYSTEM_FREE,
                                       NULL, NULL);
  if (info != NULL && data->size_hint > 0 &&
      g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE) &&
      g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE) < data->size_hint)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("There is not enough space in “%s” for “%s”. Free some space, then try again."),
                   g_file_peek_path (data->directory), data->name);
      return FALSE;
    }

  for (guint attempt = 0; data->output == NULL; attempt++)
    {
      g_autofree char *temp_name = g_strdup_printf (".%s.%08x.part", data->name, g_random_int ());
      g_autoptr(GError) local = NULL;

      g_clear_object (&data->temp_file);
      data->temp_file = g_file_get_child (data->directory, temp_name);
      data->output = g_file_create (data->temp_file, G_FILE_CREATE_PRIVATE, NULL, &local);
      if (data->output == NULL)
        {
          g_clear_object (&data->temp_file);
          if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_EXISTS) || attempt > 8)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
        }
    }

  data->client = g_object_ref (self->client);
  sc_madv_client_hold_awake (data->client);
  data->held_awake = TRUE;
  data_port_fetch (g_object_ref (task));
  return TRUE;
}

/* Runs the download from @uri (HTTP or HTTPS) with ScDownload: its
 * temporary name, resume, size check and sanitised name. */
static void
start_http_download (GTask      *task,
                     const char *uri)
{
  ScMadvCamera *self = g_task_get_source_object (task);
  DownloadData *data = g_task_get_task_data (task);

  data->over_https = g_str_has_prefix (uri, "https:");
  g_debug ("Downloading %s to %s", uri, g_file_peek_path (data->directory));

  data->download = sc_download_new (self->session, uri, data->directory, data->name);
  if (data->size_hint > 0)
    sc_download_set_size_hint (data->download, data->size_hint);
  /* Vendor files stay byte-exact: the LUT trailer, the madv box (and the
   * camera writes GPS itself from our 4917 pushes) */
  sc_download_set_keep_bytes (data->download, TRUE);
  g_signal_connect (data->download, "notify::bytes-received",
                    G_CALLBACK (on_bytes_received_cb), data);

  sc_download_run_async (data->download, data->cancellable, on_http_download_done_cb, task);
}

static gboolean
on_probe_timeout_cb (gpointer user_data)
{
  DownloadData *data = user_data;

  g_debug ("HTTPS did not answer within %u ms", SC_MADV_HTTPS_PROBE_MS);
  g_cancellable_cancel (data->probe_cancellable);
  g_clear_pointer (&data->probe_timeout, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
on_https_probe_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScMadvCamera *self = g_task_get_source_object (task);
  DownloadData *data = g_task_get_task_data (task);
  g_autoptr(GInputStream) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (data->probe_timeout != NULL)
    g_source_destroy (data->probe_timeout);
  g_clear_pointer (&data->probe_timeout, g_source_unref);

  if (body != NULL)
    {
      g_input_stream_close (body, NULL, NULL);
      g_debug ("HTTPS answered (%u)", soup_message_get_status (data->probe));
      start_http_download (g_steal_pointer (&task), data->https_uri);
      return;
    }

  /* Never HTTP instead of a camera that is not the one we know. */
  if (g_object_get_data (G_OBJECT (data->probe), PIN_MISMATCH_KEY) != NULL)
    {
      g_task_return_error (task, identity_changed_error (self));
      return;
    }
  if (g_cancellable_is_cancelled (data->cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The download was cancelled."));
      return;
    }

  g_debug ("HTTPS does not answer (%s): HTTP until the next connection", error->message);
  self->https_unavailable = TRUE;
  start_http_download (g_steal_pointer (&task), data->http_uri);
}

/* Newer firmware: does the camera answer over HTTPS (and with the pinned
 * certificate)? A HEAD of the file itself, given a few seconds. */
static void
start_https_probe (GTask *task)
{
  ScMadvCamera *self = g_task_get_source_object (task);
  DownloadData *data = g_task_get_task_data (task);

  data->probe = soup_message_new (SOUP_METHOD_HEAD, data->https_uri);
  if (data->probe == NULL)
    {
      self->https_unavailable = TRUE;
      start_http_download (task, data->http_uri);
      return;
    }

  self->pin_mismatch = FALSE;
  data->probe_cancellable = g_cancellable_new ();
  data->probe_cancel_id = g_cancellable_connect (data->cancellable, G_CALLBACK (on_download_cancelled_cb),
                                                 g_object_ref (data->probe_cancellable), g_object_unref);
  data->probe_timeout = g_timeout_source_new (SC_MADV_HTTPS_PROBE_MS);
  g_source_set_callback (data->probe_timeout, on_probe_timeout_cb, data, NULL);
  g_source_attach (data->probe_timeout, g_main_context_get_thread_default ());

  g_debug ("Trying HTTPS: %s", data->https_uri);
  soup_session_send_async (self->session, data->probe, G_PRIORITY_DEFAULT, data->probe_cancellable,
                           on_https_probe_cb, task);
}

static void
sc_madv_camera_download_async (ScCamera             *camera,
                               ScCameraFile         *file,
                               GFile                *directory,
                               ScCameraProgressFunc  progress,
                               gpointer              progress_data,
                               GDestroyNotify        progress_notify,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  ScMadvCamera *self = SC_MADV_CAMERA (camera);
  g_autoptr(GTask) task = NULL;
  g_autoptr(ScCameraFile) own = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;
  DownloadData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_madv_camera_download_async);
  data = g_new0 (DownloadData, 1);
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_notify = progress_notify;
  data->directory = g_object_ref (directory);
  g_task_set_task_data (task, data, (GDestroyNotify)download_data_free);

  if (!_sc_madv_camera_check_connected (self, task))
    return;

  /* Only ever from the camera itself, whatever the listing said. */
  path = _sc_madv_camera_path_from_uri (self, sc_camera_file_get_uri (file));
  own = path != NULL ? _sc_madv_camera_file_new (self, path, 0) : NULL;
  if (own == NULL)
    {
      g_task_return_error (task, _sc_madv_protocol_error ("unusable file address %s",
                                                          sc_camera_file_get_uri (file)));
      return;
    }

  data->name = sc_download_sanitize_name (sc_camera_file_get_name (own));
  if (data->name == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                               _("The camera’s file name “%s” cannot be used on this computer."),
                               sc_camera_file_get_name (own));
      return;
    }

  /* Cancelled by the caller, by disconnect and by dispose. */
  data->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      data->caller = g_object_ref (cancellable);
      data->caller_id = g_cancellable_connect (cancellable, G_CALLBACK (on_download_cancelled_cb),
                                               g_object_ref (data->cancellable), g_object_unref);
    }
  data->camera = g_object_ref (self->cancellable);
  data->camera_id = g_cancellable_connect (data->camera, G_CALLBACK (on_download_cancelled_cb),
                                           g_object_ref (data->cancellable), g_object_unref);
  data->size_hint = sc_camera_file_get_size (file);
  data->path = g_strdup (path);

  if (self->transport == SC_MADV_TRANSPORT_DATA_PORT)
    {
      g_debug ("Downloading %s over the data port to %s", path, g_file_peek_path (directory));
      if (!start_data_port (self, task, &error))
        g_task_return_error (task, error);
      return;
    }

  /* The camera counts only its command socket as activity. */
  data->client = g_object_ref (self->client);
  sc_madv_client_hold_awake (data->client);
  data->held_awake = TRUE;
  data->http_uri = g_strdup (sc_camera_file_get_uri (own));

  if (_sc_madv_camera_uses_https (self))
    {
      g_autofree char *escaped = g_uri_escape_string (path + strlen (SC_MADV_DCIM_PATH), "/", FALSE);
      g_autofree char *host = strchr (self->host, ':') != NULL ? g_strdup_printf ("[%s]", self->host)
                                                               : g_strdup (self->host);

      data->https_uri = g_strdup_printf ("https://%s:%u%s", host, self->https_port, escaped);
      start_https_probe (g_steal_pointer (&task));
      return;
    }

  start_http_download (g_steal_pointer (&task), data->http_uri);
}

static GFile *
sc_madv_camera_download_finish (ScCamera      *camera,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, camera), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * _sc_madv_camera_files_iface_init:
 * @iface: the #ScCameraInterface being filled
 *
 * Installs the file vfuncs of this file.
 */
void
_sc_madv_camera_files_iface_init (ScCameraInterface *iface)
{
  iface->list_files_async = sc_madv_camera_list_files_async;
  iface->list_files_finish = sc_madv_camera_list_files_finish;
  iface->delete_files_async = sc_madv_camera_delete_files_async;
  iface->delete_files_finish = sc_madv_camera_delete_files_finish;
  iface->download_async = sc_madv_camera_download_async;
  iface->download_finish = sc_madv_camera_download_finish;
}
