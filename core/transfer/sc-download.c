/* sc-download.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-download"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "sc-download.h"
#include "sc-download-private.h"
#include "sc-location.h"
#include "sc-permissions.h"

/**
 * ScDownload:
 *
 * One HTTP download from a camera into a folder.
 *
 * The body is streamed through two fixed buffers of
 * %SC_DOWNLOAD_CHUNK_SIZE bytes (one filling from the network while the
 * other is written) into a hidden temporary file (".NAME.XXXXXX.part")
 * created next to the final one, so the final rename never crosses file
 * systems. The temporary file
 * is fsync'd, its size checked against what the server announced, and only
 * then renamed, without ever replacing an existing file. Any failure or
 * cancellation removes the temporary file before the task returns, so a
 * caller never sees half a file.
 *
 * All work happens in the thread-default #GMainContext of the caller of
 * sc_download_run_async(): libsoup and GIO asynchronous calls only. The
 * single exception is the final fsync-and-rename step, which blocks in the
 * kernel and therefore runs in GIO's worker pool like any other GIO
 * asynchronous file operation.
 *
 * This file has the object, its properties and its public API;
 * sc-download-request.c sends the request and reads the response;
 * sc-download-write.c writes the body, retries and cleans up after a
 * failure; sc-download-file.c makes names safe and the file final.
 */

/* At most one "bytes-received" notification per interval (plus the last). */
#define NOTIFY_INTERVAL_USEC  (100 * G_TIME_SPAN_MILLISECOND)

G_DEFINE_FINAL_TYPE (ScDownload, sc_download, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_URL,
  PROP_DIRECTORY,
  PROP_NAME,
  PROP_SIZE_HINT,
  PROP_MAX_RETRIES,
  PROP_BYTES_RECEIVED,
  PROP_TOTAL_BYTES,
  PROP_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
run_data_free (gpointer user_data)
{
  ScDownloadRun *data = user_data;

  g_assert (data->retry_source == NULL);
  g_assert (!data->read_pending && !data->write_pending);
  g_assert (data->body == NULL);
  g_assert (data->output == NULL);

  g_clear_pointer (&data->name, g_free);
  g_clear_pointer (&data->folder, g_free);
  g_clear_object (&data->message);
  g_clear_object (&data->request_cancellable);
  g_clear_object (&data->temp_file);
  g_clear_pointer (&data->buffers[0], g_free);
  g_clear_pointer (&data->buffers[1], g_free);
  g_clear_error (&data->read_error);
  g_clear_error (&data->error);
  g_free (data);
}

/* Untrusted names may hold anything; this is what messages show of them. */
static char *
printable_name (const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name != NULL ? name : "", -1);

  return g_strescape (valid, "\"'\\");
}

void
_sc_download_notify_progress (ScDownload *self,
                              gboolean    force)
{
  gint64 now = g_get_monotonic_time ();

  if (!force && now - self->last_notify_usec < NOTIFY_INTERVAL_USEC)
    return;

  self->last_notify_usec = now;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RECEIVED]);
}

void
_sc_download_set_bytes_received (ScDownload *self,
                                 guint64     bytes,
                                 gboolean    force_notify)
{
  if (self->bytes_received == bytes)
    return;

  self->bytes_received = bytes;
  _sc_download_notify_progress (self, force_notify);
}

void
_sc_download_set_total_bytes (ScDownload *self,
                              guint64     total)
{
  if (self->total_bytes == total)
    return;

  self->total_bytes = total;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_BYTES]);
}

void
_sc_download_set_file (ScDownload *self,
                       GFile      *file)
{
  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

static void
sc_download_dispose (GObject *object)
{
  ScDownload *self = (ScDownload *)object;

  g_clear_object (&self->session);

  G_OBJECT_CLASS (sc_download_parent_class)->dispose (object);
}

static void
sc_download_finalize (GObject *object)
{
  ScDownload *self = (ScDownload *)object;

  g_clear_pointer (&self->url, g_free);
  g_clear_object (&self->directory);
  g_clear_pointer (&self->name, g_free);
  g_clear_object (&self->file);
  g_clear_pointer (&self->geotag.time, g_date_time_unref);

  G_OBJECT_CLASS (sc_download_parent_class)->finalize (object);
}

static void
sc_download_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  ScDownload *self = SC_DOWNLOAD (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    case PROP_DIRECTORY:
      g_value_set_object (value, self->directory);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_SIZE_HINT:
      g_value_set_uint64 (value, self->size_hint);
      break;

    case PROP_MAX_RETRIES:
      g_value_set_uint (value, self->max_retries);
      break;

    case PROP_BYTES_RECEIVED:
      g_value_set_uint64 (value, self->bytes_received);
      break;

    case PROP_TOTAL_BYTES:
      g_value_set_uint64 (value, self->total_bytes);
      break;

    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_download_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  ScDownload *self = SC_DOWNLOAD (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_URL:
      self->url = g_value_dup_string (value);
      break;

    case PROP_DIRECTORY:
      self->directory = g_value_dup_object (value);
      break;

    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    case PROP_SIZE_HINT:
      sc_download_set_size_hint (self, g_value_get_uint64 (value));
      break;

    case PROP_MAX_RETRIES:
      sc_download_set_max_retries (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_download_class_init (ScDownloadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_download_dispose;
  object_class->finalize = sc_download_finalize;
  object_class->get_property = sc_download_get_property;
  object_class->set_property = sc_download_set_property;

  /**
   * ScDownload:session:
   *
   * The #SoupSession the request goes through (the camera's, with its
   * credentials). It must belong to the context sc_download_run_async() is
   * called in.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SOUP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScDownload:url:
   *
   * What to download, an http or https URL.
   */
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScDownload:directory:
   *
   * The folder the file is saved in.
   */
  properties[PROP_DIRECTORY] =
    g_param_spec_object ("directory", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScDownload:name:
   *
   * The file name the camera gave, untrusted: it is passed through
   * sc_download_sanitize_name() before use. %NULL means the last segment
   * of #ScDownload:url.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScDownload:size-hint:
   *
   * The size a file listing gave, or 0. Used for the free-space check and
   * the final size check only when the server does not announce a length.
   */
  properties[PROP_SIZE_HINT] =
    g_param_spec_uint64 ("size-hint", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScDownload:max-retries:
   *
   * How many times the download is resumed (or restarted) after the
   * connection drops, on top of the first request.
   */
  properties[PROP_MAX_RETRIES] =
    g_param_spec_uint ("max-retries", NULL, NULL, 0, 100, SC_DOWNLOAD_DEFAULT_MAX_RETRIES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScDownload:bytes-received:
   *
   * How much of the file has arrived. It goes back when a download has to
   * start again from the beginning. Notifications are coalesced (at most
   * about ten a second) and the final value is always notified.
   */
  properties[PROP_BYTES_RECEIVED] =
    g_param_spec_uint64 ("bytes-received", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScDownload:total-bytes:
   *
   * The size of the file: what the server announced, else the size hint,
   * else 0 (unknown) until the download ends.
   */
  properties[PROP_TOTAL_BYTES] =
    g_param_spec_uint64 ("total-bytes", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScDownload:file:
   *
   * The saved file once the download succeeded, else %NULL. Its name may
   * differ from #ScDownload:name ("name (1).ext") when that was taken.
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_download_init (ScDownload *self)
{
  self->max_retries = SC_DOWNLOAD_DEFAULT_MAX_RETRIES;
}

/**
 * sc_download_new:
 * @session: the #SoupSession to use
 * @url: what to download
 * @directory: the folder to save it in
 * @name: (nullable): the file name the camera uses (untrusted), or %NULL
 *   to take the last segment of @url
 *
 * Creates a download; nothing happens until sc_download_run_async().
 * Does not block.
 *
 * Returns: (transfer full): a new #ScDownload
 */
ScDownload *
sc_download_new (SoupSession *session,
                 const char  *url,
                 GFile       *directory,
                 const char  *name)
{
  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (directory), NULL);

  return g_object_new (SC_TYPE_DOWNLOAD,
                       "session", session,
                       "url", url,
                       "directory", directory,
                       "name", name,
                       NULL);
}

/**
 * sc_download_set_size_hint:
 * @self: a #ScDownload
 * @size_hint: the size from a file listing, or 0
 *
 * Sets #ScDownload:size-hint. Call it before sc_download_run_async().
 */
void
sc_download_set_size_hint (ScDownload *self,
                           guint64     size_hint)
{
  g_return_if_fail (SC_IS_DOWNLOAD (self));

  if (self->size_hint == size_hint)
    return;

  self->size_hint = size_hint;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE_HINT]);

  if (!self->started)
    _sc_download_set_total_bytes (self, size_hint);
}

/**
 * sc_download_get_size_hint:
 * @self: a #ScDownload
 *
 * Returns: the size hint, or 0
 */
guint64
sc_download_get_size_hint (ScDownload *self)
{
  g_return_val_if_fail (SC_IS_DOWNLOAD (self), 0);

  return self->size_hint;
}

/**
 * sc_download_set_max_retries:
 * @self: a #ScDownload
 * @max_retries: retries after the first request (0 to never retry)
 *
 * Sets #ScDownload:max-retries. Call it before sc_download_run_async().
 */
void
sc_download_set_max_retries (ScDownload *self,
                             guint       max_retries)
{
  g_return_if_fail (SC_IS_DOWNLOAD (self));

  if (self->max_retries == max_retries)
    return;

  self->max_retries = max_retries;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RETRIES]);
}

/**
 * sc_download_get_max_retries:
 * @self: a #ScDownload
 *
 * Returns: how many times the download may be resumed or restarted
 */
guint
sc_download_get_max_retries (ScDownload *self)
{
  g_return_val_if_fail (SC_IS_DOWNLOAD (self), 0);

  return self->max_retries;
}

/**
 * sc_download_get_bytes_received:
 * @self: a #ScDownload
 *
 * Returns: the bytes of the file received so far
 */
guint64
sc_download_get_bytes_received (ScDownload *self)
{
  g_return_val_if_fail (SC_IS_DOWNLOAD (self), 0);

  return self->bytes_received;
}

/**
 * sc_download_get_total_bytes:
 * @self: a #ScDownload
 *
 * Returns: the size of the file, or 0 while it is not known
 */
guint64
sc_download_get_total_bytes (ScDownload *self)
{
  g_return_val_if_fail (SC_IS_DOWNLOAD (self), 0);

  return self->total_bytes;
}

/**
 * sc_download_get_url:
 * @self: a #ScDownload
 *
 * Returns: (transfer none): the URL
 */
const char *
sc_download_get_url (ScDownload *self)
{
  g_return_val_if_fail (SC_IS_DOWNLOAD (self), NULL);

  return self->url;
}

/**
 * sc_download_get_directory:
 * @self: a #ScDownload
 *
 * Returns: (transfer none): the target folder
 */
GFile *
sc_download_get_directory (ScDownload *self)
{
  g_return_val_if_fail (SC_IS_DOWNLOAD (self), NULL);

  return self->directory;
}

/**
 * sc_download_get_name:
 * @self: a #ScDownload
 *
 * Returns: (transfer none) (nullable): the name as given to
 *   sc_download_new(), not yet sanitised
 */
const char *
sc_download_get_name (ScDownload *self)
{
  g_return_val_if_fail (SC_IS_DOWNLOAD (self), NULL);

  return self->name;
}

/**
 * sc_download_get_file:
 * @self: a #ScDownload
 *
 * Returns: (transfer none) (nullable): the saved file once the download
 *   succeeded, else %NULL
 */
GFile *
sc_download_get_file (ScDownload *self)
{
  g_return_val_if_fail (SC_IS_DOWNLOAD (self), NULL);

  return self->file;
}

static char *
name_from_url (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  g_autofree char *path = NULL;
  const char *slash;

  if (uri == NULL)
    return NULL;

  path = g_uri_unescape_string (g_uri_get_path (uri), NULL);
  if (path == NULL)
    return NULL;

  slash = strrchr (path, '/');
  return g_strdup (slash != NULL ? slash + 1 : path);
}

/**
 * sc_download_run_async:
 * @self: a #ScDownload
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is saved, or the download failed
 * @user_data: closure for @callback
 *
 * Downloads the file. Call it once. Everything happens in the calling
 * thread's default #GMainContext, where @callback runs and where the
 * progress properties are notified; the #ScDownload:session must belong
 * to that context. When @callback runs after a failure, the temporary
 * file is already gone.
 */
void
sc_download_run_async (ScDownload          *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *raw_name = NULL;
  ScDownloadRun *data;

  g_return_if_fail (SC_IS_DOWNLOAD (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!self->started);

  /* The user's location, when the location permission allows it (the
   * source says nothing otherwise) and no geotag was set by hand. */
  if (!self->has_geotag && !self->keep_bytes)
    {
      ScGeoLocation location;

      if (sc_location_source_get_current (sc_location_source_get_default (), &location))
        sc_download_set_geotag (self, &location);
    }

  self->started = TRUE;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_download_run_async);

  /* The storage permission (and consent, once the app attaches it) is
   * checked before anything is asked of the camera or written here. */
  if (!sc_permissions_check (sc_permissions_get_default (), SC_PERMISSION_STORAGE, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (ScDownloadRun, 1);
  data->expected = -1;
  data->folder = g_file_get_parse_name (self->directory);
  g_task_set_task_data (task, data, run_data_free);

  raw_name = self->name != NULL ? g_strdup (self->name) : name_from_url (self->url);
  data->name = sc_download_sanitize_name (raw_name);
  if (data->name == NULL)
    {
      g_autofree char *shown = printable_name (raw_name);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                               _("The camera file name “%s” cannot be used as a file name."),
                               shown);
      return;
    }
  if (self->name != NULL && strcmp (data->name, self->name) != 0)
    g_debug ("Saving the camera file “%s” as “%s”", raw_name, data->name);

  if (g_task_return_error_if_cancelled (task))
    return;

  data->buffers[0] = g_malloc (SC_DOWNLOAD_CHUNK_SIZE);
  data->buffers[1] = g_malloc (SC_DOWNLOAD_CHUNK_SIZE);
  _sc_download_start_request (g_steal_pointer (&task));
}

/**
 * sc_download_run_finish:
 * @self: a #ScDownload
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the saved file, or %NULL with @error set
 */
GFile *
sc_download_run_finish (ScDownload    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (SC_IS_DOWNLOAD (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sc_download_set_keep_bytes:
 * @self: a #ScDownload
 * @keep_bytes: whether the file must stay byte for byte as the camera
 *   wrote it
 *
 * Some cameras keep data of their own in their files that rewriting them
 * would lose or break (a Mi Sphere's lens table after the JPEG's end, its
 * `madv` box in MP4s): with @keep_bytes nothing is written into the file,
 * not even a geotag. Call it before sc_download_run_async().
 */
void
sc_download_set_keep_bytes (ScDownload *self,
                            gboolean    keep_bytes)
{
  g_return_if_fail (SC_IS_DOWNLOAD (self));
  g_return_if_fail (!self->started);

  self->keep_bytes = !!keep_bytes;
  if (self->keep_bytes)
    sc_download_set_geotag (self, NULL);
}

/**
 * sc_download_set_geotag:
 * @self: a #ScDownload
 * @location: (nullable): the position to write into the file, or %NULL
 *   for none
 *
 * Sets where the file was taken, to be written into it (EXIF GPS for
 * .jpg/.jpeg, ©xyz for .mp4/.mov) once it is complete and verified, just
 * before the rename. At that moment the location permission (and consent)
 * is checked again: when it is off nothing is written. A file that already
 * has a position (the camera's own GPS) is left as the camera wrote it,
 * and a geotag that cannot be written never fails the download. Call it
 * before sc_download_run_async(). @location is copied.
 */
void
sc_download_set_geotag (ScDownload          *self,
                        const ScGeoLocation *location)
{
  g_return_if_fail (SC_IS_DOWNLOAD (self));
  g_return_if_fail (!self->started);

  g_clear_pointer (&self->geotag.time, g_date_time_unref);
  memset (&self->geotag, 0, sizeof self->geotag);
  self->has_geotag = location != NULL && !self->keep_bytes;

  if (self->has_geotag)
    {
      self->geotag = *location;
      if (self->geotag.time != NULL)
        g_date_time_ref (self->geotag.time);
    }
}

