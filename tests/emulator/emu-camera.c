/* emu-camera.c: the emulated camera: identity, state, storage
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "emu-camera"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu-private.h"

G_DEFINE_FINAL_TYPE (ScEmuCamera, sc_emu_camera, G_TYPE_OBJECT)

G_DEFINE_QUARK (sc-emu-osc-error, sc_emu_osc_error)

static const struct
{
  const char *name;
  guint       status;
} osc_errors[] = {
  [SC_EMU_OSC_UNKNOWN_COMMAND] = { "unknownCommand", SOUP_STATUS_BAD_REQUEST },
  [SC_EMU_OSC_MISSING_PARAMETER] = { "missingParameter", SOUP_STATUS_BAD_REQUEST },
  [SC_EMU_OSC_INVALID_PARAMETER_NAME] = { "invalidParameterName", SOUP_STATUS_BAD_REQUEST },
  [SC_EMU_OSC_INVALID_PARAMETER_VALUE] = { "invalidParameterValue", SOUP_STATUS_BAD_REQUEST },
  [SC_EMU_OSC_CAMERA_IN_EXCLUSIVE_USE] = { "cameraInExclusiveUse", SOUP_STATUS_BAD_REQUEST },
  [SC_EMU_OSC_DISABLED_COMMAND] = { "disabledCommand", SOUP_STATUS_FORBIDDEN },
  [SC_EMU_OSC_SERVICE_UNAVAILABLE] = { "serviceUnavailable", SOUP_STATUS_SERVICE_UNAVAILABLE },
  [SC_EMU_OSC_UNEXPECTED] = { "unexpected", SOUP_STATUS_SERVICE_UNAVAILABLE },
};

const char *
sc_emu_osc_error_name (int code)
{
  if (code < 0 || code >= (int)G_N_ELEMENTS (osc_errors))
    code = SC_EMU_OSC_UNEXPECTED;
  return osc_errors[code].name;
}

guint
sc_emu_osc_error_http_status (int code)
{
  if (code < 0 || code >= (int)G_N_ELEMENTS (osc_errors))
    code = SC_EMU_OSC_UNEXPECTED;
  return osc_errors[code].status;
}

void
sc_emu_file_free (ScEmuFile *file)
{
  if (file == NULL)
    return;

  g_free (file->name);
  g_free (file->url_path);
  g_free (file->path);
  g_clear_pointer (&file->date, g_date_time_unref);
  g_clear_pointer (&file->thumbnail, g_bytes_unref);
  g_free (file->lens_json);
  g_free (file);
}

void
sc_emu_config_free (ScEmuConfig *config)
{
  if (config == NULL)
    return;

  g_free (config->listen_host);
  g_free (config->user);
  g_free (config->password);
  g_free (config->storage_dir);
  g_free (config);
}

static void
sc_emu_camera_dispose (GObject *object)
{
  ScEmuCamera *self = (ScEmuCamera *)object;

  g_clear_pointer (&self->preview, sc_emu_preview_free);
  g_clear_pointer (&self->capture, sc_emu_capture_free);
  if (self->update_waiters != NULL)
    g_ptr_array_set_size (self->update_waiters, 0);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (sc_emu_camera_parent_class)->dispose (object);
}

static void
sc_emu_camera_finalize (GObject *object)
{
  ScEmuCamera *self = (ScEmuCamera *)object;

  g_queue_clear (&self->command_order);
  g_clear_pointer (&self->commands, g_hash_table_unref);
  g_clear_pointer (&self->update_waiters, g_ptr_array_unref);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_pointer (&self->generic_thumbnail, g_bytes_unref);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  sc_emu_options_clear (&self->options);
  g_clear_pointer (&self->config, sc_emu_config_free);
  g_free (self->base_url);
  g_free (self->storage_dir);
  g_free (self->dcim_dir);
  g_free (self->latest_file_url);
  g_free (self->session_id);

  G_OBJECT_CLASS (sc_emu_camera_parent_class)->finalize (object);
}

static void
sc_emu_camera_class_init (ScEmuCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_emu_camera_dispose;
  object_class->finalize = sc_emu_camera_finalize;
}

static void
sc_emu_camera_init (ScEmuCamera *self)
{
  self->files = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_emu_file_free);
  self->commands = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify)sc_emu_command_free);
  g_queue_init (&self->command_order);
  self->started_at = g_get_monotonic_time ();
  self->time_zone = g_time_zone_new_utc ();
  self->fingerprint = 1;
  self->next_number = 1;
  self->next_command_id = 1;
  self->next_session_id = 1;
}

/* Takes ownership of @config. */
ScEmuCamera *
sc_emu_camera_new (ScEmuConfig *config)
{
  ScEmuCamera *self = g_object_new (SC_EMU_TYPE_CAMERA, NULL);

  self->config = config;
  self->api_level = config->api_level;
  sc_emu_options_reset (self);

  return self;
}

/* The camera clock: the system clock plus the offset set through the
 * dateTimeZone option, in the camera's time zone (UTC by default). */
GDateTime *
sc_emu_camera_now (ScEmuCamera *self)
{
  g_autoptr(GDateTime) utc = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) shifted = g_date_time_add (utc, self->clock_offset_us);

  return g_date_time_to_timezone (shifted, self->time_zone);
}

/* "YYYY:MM:DD hh:mm:ss+hh:mm", the OSC dateTimeZone format. */
char *
sc_emu_camera_format_date (GDateTime *date)
{
  return g_date_time_format (date, "%Y:%m:%d %H:%M:%S%:z");
}

char *
sc_emu_camera_file_url (ScEmuCamera     *self,
                        const ScEmuFile *file)
{
  return g_strconcat (self->base_url, file->url_path, NULL);
}

static gint
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const ScEmuFile *fa = *(ScEmuFile * const *)a;
  const ScEmuFile *fb = *(ScEmuFile * const *)b;
  int cmp = g_date_time_compare (fb->date, fa->date);

  if (cmp != 0)
    return cmp;
  return fb->number < fa->number ? -1 : fb->number > fa->number;
}

static ScEmuFile *
file_new (ScEmuCamera   *self,
          ScEmuFileKind  kind,
          guint          number)
{
  ScEmuFile *file = g_new0 (ScEmuFile, 1);

  file->kind = kind;
  file->number = number;
  file->name = g_strdup_printf ("SPHC%04u.%s", number, kind == SC_EMU_FILE_IMAGE ? "JPG" : "MP4");
  file->url_path = g_strdup_printf ("/files/%s/%s/%s", SC_EMU_STORAGE_ID, SC_EMU_DCIM_DIR, file->name);
  if (number != 9999 || self->config->big_file_size == 0)
    file->path = g_build_filename (self->dcim_dir, file->name, NULL);

  return file;
}

/* A file about to be captured, with the next free number. It is not
 * listed until sc_emu_camera_add_file(). */
ScEmuFile *
sc_emu_camera_new_file (ScEmuCamera   *self,
                        ScEmuFileKind  kind)
{
  guint number = self->next_number++;

  if (self->config->big_file_size > 0 && number == 9999)
    number = self->next_number++;

  return file_new (self, kind, number);
}

/* Lists @file (takes ownership). */
void
sc_emu_camera_add_file (ScEmuCamera *self,
                        ScEmuFile   *file)
{
  g_ptr_array_add (self->files, file);
  g_ptr_array_sort (self->files, compare_newest_first);
}

static void
remove_sidecars (const char *path)
{
  static const char * const suffixes[] = { ".lens.json", ".thumb.jpg" };
  g_autofree char *stem = g_strndup (path, strlen (path) - 4);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *sidecar = g_strconcat (stem, suffixes[i], NULL);

      g_unlink (sidecar);
    }
}

void
sc_emu_camera_delete_file (ScEmuCamera *self,
                           ScEmuFile   *file)
{
  if (file->path != NULL)
    {
      if (g_unlink (file->path) != 0)
        g_warning ("Could not delete %s: %s", file->path, g_strerror (errno));
      remove_sidecars (file->path);
    }
  g_ptr_array_remove (self->files, file);
}

/* Finds a listed file by its absolute fileUrl (any host) or its path. */
ScEmuFile *
sc_emu_camera_lookup_file (ScEmuCamera *self,
                           const char  *url_or_path)
{
  g_autoptr(GUri) uri = NULL;
  const char *path = url_or_path;

  if (url_or_path[0] != '/')
    {
      uri = g_uri_parse (url_or_path, G_URI_FLAGS_NONE, NULL);
      if (uri == NULL)
        return NULL;
      path = g_uri_get_path (uri);
    }

  for (guint i = 0; i < self->files->len; i++)
    {
      ScEmuFile *file = g_ptr_array_index (self->files, i);

      if (g_strcmp0 (file->url_path, path) == 0)
        return file;
    }

  return NULL;
}

/* The thumbnail of @file; files without one (the synthetic big file, or
 * files found on disk without a sidecar) share a rendering of the scene. */
GBytes *
sc_emu_camera_get_thumbnail (ScEmuCamera *self,
                             ScEmuFile   *file)
{
  if (file->thumbnail != NULL)
    return g_bytes_ref (file->thumbnail);

  if (self->generic_thumbnail == NULL)
    {
      g_autoptr(GError) error = NULL;
      const ScEmuImage *scene = sc_emu_scene_get (&error);
      g_autoptr(ScEmuRigMap) map = NULL;
      g_autoptr(ScEmuImage) image = NULL;
      ScEmuRig rig;

      if (scene == NULL)
        {
          g_warning ("No thumbnail: %s", error->message);
          return g_bytes_new (NULL, 0);
        }

      sc_emu_rig_init (&rig, 640, 320);
      map = sc_emu_rig_map_get (&rig, scene);
      image = sc_emu_image_new (rig.width, rig.height);
      sc_emu_rig_map_render (map, scene, 0.0, image);
      self->generic_thumbnail = sc_emu_make_thumbnail (image, &error);
      if (self->generic_thumbnail == NULL)
        {
          g_warning ("No thumbnail: %s", error->message);
          return g_bytes_new (NULL, 0);
        }
    }

  return g_bytes_ref (self->generic_thumbnail);
}

static void
load_existing_file (ScEmuCamera *self,
                    const char  *name)
{
  g_autofree char *path = g_build_filename (self->dcim_dir, name, NULL);
  g_autofree char *stem = g_strndup (path, strlen (path) - 4);
  g_autofree char *lens_path = g_strconcat (stem, ".lens.json", NULL);
  g_autofree char *thumb_path = g_strconcat (stem, ".thumb.jpg", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gboolean video = g_str_has_suffix (name, ".MP4");
  guint number = (guint)g_ascii_strtoull (name + 4, NULL, 10);
  GStatBuf st;
  char *contents = NULL;
  gsize length = 0;
  ScEmuFile *file;

  if (g_stat (path, &st) != 0 || number == 0 || (number == 9999 && self->config->big_file_size > 0))
    return;

  file = file_new (self, video ? SC_EMU_FILE_VIDEO : SC_EMU_FILE_IMAGE, number);
  file->size = (guint64)st.st_size;
  {
    g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (st.st_mtime);

    file->date = g_date_time_to_timezone (utc, self->time_zone);
  }
  file->width = video ? 960 : self->config->photo_width;
  file->height = video ? 480 : self->config->photo_height;
  file->frame_rate = 15;

  if (g_file_get_contents (lens_path, &file->lens_json, NULL, NULL) &&
      json_parser_load_from_data (parser, file->lens_json, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *lens = json_node_get_object (json_parser_get_root (parser));

      file->width = (int)json_object_get_int_member_with_default (lens, "width", file->width);
      file->height = (int)json_object_get_int_member_with_default (lens, "height", file->height);
      file->record_time = (int)(json_object_get_double_member_with_default (lens, "duration", 0.0) + 0.5);
    }
  if (g_file_get_contents (thumb_path, &contents, &length, NULL))
    file->thumbnail = g_bytes_new_take (contents, length);

  self->next_number = MAX (self->next_number, number + 1);
  sc_emu_camera_add_file (self, file);
}

/* Creates (or re-reads) the storage directory: files already in
 * <storage>/100SPHCM/ are listed, and numbering continues after them. */
gboolean
sc_emu_camera_prepare_storage (ScEmuCamera  *self,
                               GError      **error)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (self->config->storage_dir != NULL)
    {
      self->storage_dir = g_canonicalize_filename (self->config->storage_dir, NULL);
    }
  else
    {
      self->storage_dir = g_dir_make_tmp ("spherecam-emulator-XXXXXX", error);
      if (self->storage_dir == NULL)
        return FALSE;
      self->storage_is_temporary = TRUE;
    }

  self->dcim_dir = g_build_filename (self->storage_dir, SC_EMU_DCIM_DIR, NULL);
  if (g_mkdir_with_parents (self->dcim_dir, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot create %s: %s", self->dcim_dir, g_strerror (saved_errno));
      return FALSE;
    }

  dir = g_dir_open (self->dcim_dir, 0, error);
  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (strlen (name) == 12 && g_str_has_prefix (name, "SPHC") &&
          (g_str_has_suffix (name, ".JPG") || g_str_has_suffix (name, ".MP4")) &&
          g_ascii_isdigit (name[4]) && g_ascii_isdigit (name[7]))
        load_existing_file (self, name);
    }

  if (self->config->big_file_size > 0)
    {
      ScEmuFile *file = file_new (self, SC_EMU_FILE_VIDEO, 9999);
      g_autoptr(GDateTime) now = sc_emu_camera_now (self);

      file->size = self->config->big_file_size;
      file->date = g_date_time_add_hours (now, -1);
      file->width = 1920;
      file->height = 960;
      file->frame_rate = 30;
      file->record_time = (int)MAX (1, file->size / SC_EMU_VIDEO_RATE);
      sc_emu_camera_add_file (self, file);
    }

  g_debug ("Storage in %s, %u files", self->storage_dir, self->files->len);
  return TRUE;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Removes the temporary storage directory, if the camera made one. */
void
sc_emu_camera_cleanup_storage (ScEmuCamera *self)
{
  if (self->storage_is_temporary && self->storage_dir != NULL)
    remove_tree (self->storage_dir);
}

guint64
sc_emu_camera_remaining_space (ScEmuCamera *self)
{
  guint64 used = 0;

  if (self->config->faults.disk_full)
    return 0;

  for (guint i = 0; i < self->files->len; i++)
    used += ((ScEmuFile *)g_ptr_array_index (self->files, i))->size;

  return used >= SC_EMU_TOTAL_SPACE ? 0 : SC_EMU_TOTAL_SPACE - used;
}

char *
sc_emu_camera_fingerprint (ScEmuCamera *self)
{
  return g_strdup_printf ("FIG_%04u", self->fingerprint);
}

/* Something /osc/state reports has changed: new fingerprint, and wake the
 * clients waiting in checkForUpdates. */
void
sc_emu_camera_state_changed (ScEmuCamera *self)
{
  self->fingerprint++;
  sc_emu_server_wake_waiters (self);
}

JsonObject *
sc_emu_camera_info_json (ScEmuCamera *self)
{
  static const char * const api[] = {
    "/osc/info", "/osc/state", "/osc/checkForUpdates", "/osc/commands/execute", "/osc/commands/status",
  };
  JsonObject *info = json_object_new ();
  JsonObject *endpoints = json_object_new ();
  JsonArray *api_list = json_array_new ();
  JsonArray *levels = json_array_new ();

  json_object_set_string_member (info, "manufacturer", SC_EMU_MANUFACTURER);
  json_object_set_string_member (info, "model", SC_EMU_MODEL);
  json_object_set_string_member (info, "serialNumber", SC_EMU_SERIAL);
  json_object_set_string_member (info, "firmwareVersion", SC_EMU_FIRMWARE);
  json_object_set_string_member (info, "supportUrl", SC_EMU_SUPPORT_URL);
  json_object_set_boolean_member (info, "gps", TRUE);
  json_object_set_boolean_member (info, "gyro", TRUE);
  json_object_set_int_member (info, "uptime", (g_get_monotonic_time () - self->started_at) / G_USEC_PER_SEC);
  for (guint i = 0; i < G_N_ELEMENTS (api); i++)
    json_array_add_string_element (api_list, api[i]);
  json_object_set_array_member (info, "api", api_list);
  json_object_set_int_member (endpoints, "httpPort", self->port);
  json_object_set_int_member (endpoints, "httpUpdatesPort", self->port);
  json_object_set_object_member (info, "endpoints", endpoints);
  json_array_add_int_element (levels, 1);
  if (self->config->api_level >= 2)
    json_array_add_int_element (levels, 2);
  json_object_set_array_member (info, "apiLevel", levels);
  json_object_set_string_member (info, "_wlanMacAddress", SC_EMU_WLAN_MAC);
  json_object_set_string_member (info, "_bluetoothMacAddress", SC_EMU_BLUETOOTH_MAC);

  return info;
}

JsonObject *
sc_emu_camera_state_json (ScEmuCamera *self)
{
  static const char * const status_names[] = {
    [SC_EMU_CAPTURE_IDLE] = "idle",
    [SC_EMU_CAPTURE_SHOOTING] = "shooting",
    [SC_EMU_CAPTURE_RECORDING] = "shooting",
    [SC_EMU_CAPTURE_INTERVAL] = "shooting",
  };
  const ScEmuFaults *faults = &self->config->faults;
  JsonObject *reply = json_object_new ();
  JsonObject *state = json_object_new ();
  JsonArray *errors = json_array_new ();
  g_autofree char *fingerprint = sc_emu_camera_fingerprint (self);
  g_autofree char *storage_uri = g_strdup_printf ("%s/files/%s/", self->base_url, SC_EMU_STORAGE_ID);
  int recorded = sc_emu_capture_recorded_time (self);
  guint64 remaining_s = sc_emu_camera_remaining_space (self) / SC_EMU_VIDEO_RATE;

  if (faults->strings_for_numbers)
    json_object_set_string_member (state, "batteryLevel", "0.83");
  else
    json_object_set_double_member (state, "batteryLevel", 0.83);
  json_object_set_string_member (state, "storageUri", storage_uri);
  json_object_set_string_member (state, "_captureStatus",
                                 faults->busy ? "shooting" : status_names[self->capture_status]);
  json_object_set_int_member (state, "_recordedTime", recorded);
  json_object_set_int_member (state, "_recordableTime",
                              self->capture_status == SC_EMU_CAPTURE_RECORDING
                              ? (gint64)MIN (1500 - MIN (recorded, 1500), remaining_s) : 0);
  json_object_set_string_member (state, "_latestFileUrl",
                                 self->latest_file_url != NULL ? self->latest_file_url : "");
  json_object_set_string_member (state, "_batteryState", "disconnect");
  json_object_set_int_member (state, "_apiVersion", self->api_level);
  if (faults->disk_full)
    json_array_add_string_element (errors, "NO_MEMORY");
  json_object_set_array_member (state, "_cameraError", errors);
  if (self->api_level == 1)
    {
      json_object_set_string_member (state, "sessionId", self->session_id != NULL ? self->session_id : "");
      json_object_set_boolean_member (state, "storageChanged", FALSE);
    }

  json_object_set_string_member (reply, "fingerprint", fingerprint);
  json_object_set_object_member (reply, "state", state);
  return reply;
}
