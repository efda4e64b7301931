/* sc-camera-page-shooting.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-camera-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-ui.h"
#include "sc-camera-page-private.h"
#include "sc-ui-private.h"

/* The Camera page's live preview, pictures, videos and downloads.
 *
 * The preview runs while a connected camera is selected and the page is
 * shown. The camera stops its preview when it shoots or changes its
 * capture mode, so the page stops it first (keeping the last frame,
 * dimmed, behind a spinner) and opens it again afterwards. */

static gboolean
should_preview (ScCameraPage *self)
{
  return self->camera != NULL &&
         sc_camera_is_connected (self->camera) &&
         !g_hash_table_contains (self->connecting, self->camera) &&
         gtk_widget_get_mapped (GTK_WIDGET (self)) &&
         self->shoot_job == NULL &&
         !self->record_busy;
}

/* --- Live preview --- */

typedef struct
{
  ScCameraPage *self;
  GCancellable *cancellable;
} PreviewData;

static void
on_preview_opened_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  PreviewData *data = user_data;
  ScCameraPage *self = data->self;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = sc_camera_open_preview_finish (SC_CAMERA (object), result, &error);

  /* Stopped (or restarted) while the camera answered. */
  if (g_cancellable_is_cancelled (data->cancellable) ||
      self->preview_cancellable != data->cancellable)
    goto out;

  if (stream == NULL)
    {
      g_autofree char *reason = _sc_ui_error_sentence (error);
      g_autofree char *message = NULL;

      /* Translators: "<reason>. Check …" */
      message = g_strdup_printf (_("%s. Check that the camera is awake and still connected, "
                                   "then try again."), reason);
      sc_viewfinder_show_error (self->viewfinder, message);
      goto out;
    }

  if (self->live_preview == NULL)
    {
      self->live_preview = sc_live_preview_new ();
      sc_viewfinder_set_live_preview (self->viewfinder, self->live_preview);
    }
  if (!sc_live_preview_start (self->live_preview, stream, &error))
    g_debug ("Could not start the live preview: %s", error->message);

out:
  g_object_unref (data->self);
  g_object_unref (data->cancellable);
  g_free (data);
}

static void
open_preview (ScCameraPage *self)
{
  g_autofree char *model = NULL;
  g_autofree char *preview_uri = NULL;
  PreviewData *data;

  g_assert (self->preview_cancellable == NULL);

  self->preview_cancellable = g_cancellable_new ();
  sc_viewfinder_show_waiting (self->viewfinder, _("Starting the live preview…"));

  /* Its built-in lens profile stitches a dual-fisheye preview. */
  g_object_get (self->camera, "model", &model, NULL);
  sc_viewfinder_set_camera_model (self->viewfinder, model);

  /* Cameras with a stream of their own (the Mi Sphere's RTSP preview)
   * are opened by address: its dual-fisheye frames go to the same
   * viewfinder and its stitcher. */
  preview_uri = sc_camera_dup_preview_uri (self->camera);
  if (preview_uri != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (self->live_preview == NULL)
        {
          self->live_preview = sc_live_preview_new ();
          sc_viewfinder_set_live_preview (self->viewfinder, self->live_preview);
        }
      if (!sc_live_preview_start_uri (self->live_preview, preview_uri, &error))
        {
          g_autofree char *reason = _sc_ui_error_sentence (error);
          g_autofree char *message = NULL;

          /* Translators: "<reason>. Check …" */
          message = g_strdup_printf (_("%s. Check that the camera is awake and still connected, "
                                       "then try again."), reason);
          sc_viewfinder_show_error (self->viewfinder, message);
        }
      return;
    }

  data = g_new0 (PreviewData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->preview_cancellable);
  sc_camera_open_preview_async (self->camera, self->preview_cancellable,
                                on_preview_opened_cb, data);
}

void
_sc_camera_page_stop_preview (ScCameraPage *self)
{
  if (self->preview_cancellable == NULL)
    return;

  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  if (self->live_preview != NULL)
    sc_live_preview_stop (self->live_preview);
}

void
_sc_camera_page_update_preview (ScCameraPage *self)
{
  gboolean wanted = should_preview (self);

  if (wanted && self->preview_cancellable == NULL)
    open_preview (self);
  else if (!wanted && self->preview_cancellable != NULL)
    _sc_camera_page_stop_preview (self);
}

void
_sc_camera_page_restart_preview (ScCameraPage *self)
{
  _sc_camera_page_stop_preview (self);
  _sc_camera_page_update_preview (self);
}

/* --- Files shot in this run --- */

static ScCameraFile *
file_from_variant (GVariant *dict)
{
  const char *name = NULL, *uri = NULL, *type = NULL, *date = NULL;
  guint64 size = 0;
  guint width = 0, height = 0;
  ScCameraFile *file;

  if (!g_variant_lookup (dict, "uri", "&s", &uri) || uri[0] == '\0')
    return NULL;
  if (!g_variant_lookup (dict, "name", "&s", &name))
    name = uri;
  g_variant_lookup (dict, "type", "&s", &type);
  g_variant_lookup (dict, "size", "t", &size);

  file = sc_camera_file_new (name, uri,
                             g_strcmp0 (type, "video") == 0 ? SC_CAMERA_FILE_TYPE_VIDEO
                                                            : SC_CAMERA_FILE_TYPE_IMAGE,
                             size);

  if (g_variant_lookup (dict, "dateTime", "&s", &date))
    {
      g_autoptr(GDateTime) date_time = g_date_time_new_from_iso8601 (date, NULL);

      if (date_time != NULL)
        sc_camera_file_set_date_time (file, date_time);
    }
  if (g_variant_lookup (dict, "width", "u", &width) &&
      g_variant_lookup (dict, "height", "u", &height))
    sc_camera_file_set_dimensions (file, width, height);

  return file;
}

static void
remember_file (ScCameraPage *self,
               ScCameraFile *file)
{
  g_hash_table_replace (self->session_files, g_strdup (sc_camera_file_get_uri (file)),
                        g_object_ref (file));
  _sc_camera_page_set_last_file (self, file);
}

static void
show_download_toast (ScCameraPage *self,
                     const char   *title,
                     ScCameraFile *file)
{
  g_autofree char *markup = g_markup_escape_text (title, -1);
  AdwToast *toast = adw_toast_new (markup);

  adw_toast_set_button_label (toast, _("_Download"));
  adw_toast_set_action_name (toast, "win.download-file");
  adw_toast_set_action_target_value (toast, g_variant_new_string (sc_camera_file_get_uri (file)));
  adw_toast_set_timeout (toast, 10);
  _sc_ui_show_toast (GTK_WIDGET (self), toast);
}

/* --- Pictures --- */

static void
on_state_refreshed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GVariant) state = sc_camera_refresh_state_finish (SC_CAMERA (object), result, NULL);
}

static void
on_shoot_job_notify_cb (ScCameraPage *self,
                        GParamSpec   *pspec,
                        ScJob        *job)
{
  g_autoptr(ScJob) owned = NULL;

  if (!sc_job_is_finished (job) || job != self->shoot_job)
    return;

  g_signal_handlers_disconnect_by_data (job, self);
  owned = g_steal_pointer (&self->shoot_job);

  if (sc_job_get_state (job) == SC_JOB_STATE_DONE)
    {
      GVariant *result = sc_job_get_result (job);
      g_autoptr(GVariant) dict = result != NULL ? g_variant_lookup_value (result, "file", NULL)
                                                : NULL;
      g_autoptr(ScCameraFile) file = dict != NULL ? file_from_variant (dict) : NULL;

      if (file != NULL)
        {
          remember_file (self, file);
          show_download_toast (self, _("Picture taken"), file);
        }
    }
  else if (sc_job_get_state (job) == SC_JOB_STATE_FAILED)
    {
      const GError *error = sc_job_get_error (job);
      g_autofree char *reason = error != NULL ? _sc_ui_error_sentence (error)
                                              : g_strdup (_("Unknown error"));
      g_autofree char *message = NULL;

      /* Translators: "Could not take a picture: <reason>. Check …" */
      message = g_strdup_printf (_("Could not take a picture: %s. Check that the camera has "
                                   "free space and is not recording."), reason);
      _sc_ui_show_message (GTK_WIDGET (self), message);
    }

  if (self->camera != NULL && sc_camera_is_connected (self->camera))
    sc_camera_refresh_state_async (self->camera, self->cancellable, on_state_refreshed_cb, NULL);

  _sc_camera_page_update_capabilities (self);
  _sc_camera_page_update_preview (self);
}

/**
 * sc_camera_page_capture:
 * @self: a #ScCameraPage
 *
 * Takes a picture with the selected camera (a shoot job, shown in the
 * jobs popover). When it is saved on the camera, a toast offers to
 * download it.
 */
void
sc_camera_page_capture (ScCameraPage *self)
{
  g_return_if_fail (SC_IS_CAMERA_PAGE (self));

  if (!self->can_capture)
    return;

  /* The camera stops its preview to shoot: stop ours first, so that the
   * end of the stream is not shown as an error. */
  _sc_camera_page_stop_preview (self);
  sc_viewfinder_show_waiting (self->viewfinder, _("Taking a picture…"));

  self->shoot_job = sc_camera_shoot_job_new (self->camera, NULL);
  if (self->job_manager != NULL)
    sc_job_manager_add (self->job_manager, self->shoot_job);
  g_signal_connect_object (self->shoot_job, "notify", G_CALLBACK (on_shoot_job_notify_cb), self,
                           G_CONNECT_SWAPPED);

  _sc_camera_page_update_capabilities (self);
}

/* --- Videos --- */

static void
update_record_button (ScCameraPage *self)
{
  if (self->recording)
    {
      gint64 elapsed = (g_get_monotonic_time () - self->record_started) / G_USEC_PER_SEC;
      g_autofree char *text = NULL;

      if (elapsed >= 3600)
        text = g_strdup_printf ("%d:%02d:%02d", (int)(elapsed / 3600),
                                (int)(elapsed / 60 % 60), (int)(elapsed % 60));
      else
        text = g_strdup_printf ("%d:%02d", (int)(elapsed / 60), (int)(elapsed % 60));

      gtk_label_set_text (self->elapsed_label, text);
      gtk_image_set_from_icon_name (self->record_icon, "media-playback-stop-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->record_button), _("Stop Recording (Ctrl+R)"));
      gtk_widget_add_css_class (GTK_WIDGET (self->record_button), "sc-recording");
    }
  else
    {
      gtk_label_set_text (self->elapsed_label, "");
      gtk_image_set_from_icon_name (self->record_icon, "media-record-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->record_button), _("Start Recording (Ctrl+R)"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->record_button), "sc-recording");
    }

  gtk_widget_set_visible (GTK_WIDGET (self->recording_dot), self->recording);
}

static gboolean
record_tick_cb (gpointer user_data)
{
  update_record_button (user_data);

  return G_SOURCE_CONTINUE;
}

static void
on_capture_started_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(ScCameraPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->record_busy = FALSE;

  /* The page went away while the camera answered. */
  if (self->page_stack == NULL)
    {
      sc_camera_start_capture_finish (SC_CAMERA (object), result, NULL);
      return;
    }

  if (sc_camera_start_capture_finish (SC_CAMERA (object), result, &error))
    {
      if (SC_CAMERA (object) == self->camera)
        {
          self->record_started = g_get_monotonic_time ();
          g_clear_handle_id (&self->record_tick_source, g_source_remove);
          /* Twice a second, so that the seconds turn over on time. */
          self->record_tick_source = g_timeout_add (500, record_tick_cb, self);
          _sc_camera_page_set_recording (self, TRUE);
        }
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *reason = _sc_ui_error_sentence (error);
      g_autofree char *message = NULL;

      /* Translators: "Could not start recording: <reason>. Check …" */
      message = g_strdup_printf (_("Could not start recording: %s. Check that the camera has "
                                   "free space."), reason);
      _sc_ui_show_message (GTK_WIDGET (self), message);
    }

  update_record_button (self);
  _sc_camera_page_update_capabilities (self);
  _sc_camera_page_update_preview (self);
}

static void
on_capture_stopped_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(ScCameraPage) self = user_data;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;

  self->record_busy = FALSE;

  files = sc_camera_stop_capture_finish (SC_CAMERA (object), result, &error);

  /* The page went away while the camera answered. */
  if (self->page_stack == NULL)
    return;

  if (files != NULL)
    {
      g_clear_handle_id (&self->record_tick_source, g_source_remove);
      _sc_camera_page_set_recording (self, FALSE);

      for (guint i = 0; i < files->len; i++)
        remember_file (self, g_ptr_array_index (files, i));
      if (files->len > 0)
        show_download_toast (self, _("Video saved on the camera"),
                             g_ptr_array_index (files, files->len - 1));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *reason = _sc_ui_error_sentence (error);
      g_autofree char *message = NULL;

      /* Translators: "Could not stop recording: <reason>. …" */
      message = g_strdup_printf (_("Could not stop recording: %s. Stop it on the camera if it "
                                   "is still recording."), reason);
      _sc_ui_show_message (GTK_WIDGET (self), message);
    }

  update_record_button (self);
  _sc_camera_page_update_capabilities (self);
  _sc_camera_page_update_preview (self);
}

/**
 * sc_camera_page_toggle_recording:
 * @self: a #ScCameraPage
 *
 * Starts recording a video with the selected camera, or stops it. When
 * the video is saved on the camera, a toast offers to download it.
 */
void
sc_camera_page_toggle_recording (ScCameraPage *self)
{
  g_return_if_fail (SC_IS_CAMERA_PAGE (self));

  if (!self->can_record)
    return;

  self->record_busy = TRUE;
  _sc_camera_page_update_capabilities (self);

  /* Switching to video mode stops the camera's preview: stop ours, and
   * open it again once the camera is recording (or stopped). */
  _sc_camera_page_stop_preview (self);
  sc_viewfinder_show_waiting (self->viewfinder, NULL);

  if (!self->recording)
    sc_camera_start_capture_async (self->camera, SC_CAMERA_CAPTURE_MODE_VIDEO, self->cancellable,
                                   on_capture_started_cb, g_object_ref (self));
  else
    sc_camera_stop_capture_async (self->camera, self->cancellable,
                                  on_capture_stopped_cb, g_object_ref (self));
}

void
_sc_camera_page_reset_shooting (ScCameraPage *self)
{
  g_clear_handle_id (&self->record_tick_source, g_source_remove);
  _sc_camera_page_set_recording (self, FALSE);
  if (self->record_button != NULL)
    update_record_button (self);
}

/* --- Downloads --- */

typedef struct
{
  ScCameraPage *self;
  ScCamera     *camera;
  ScCameraFile *file;
  GFile        *folder;
  ScJob        *job;
} DownloadData;

static void
download_data_free (DownloadData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->camera);
  g_clear_object (&data->file);
  g_clear_object (&data->folder);
  g_clear_object (&data->job);
  g_free (data);
}

static void
on_download_job_notify_cb (ScJob        *job,
                           GParamSpec   *pspec,
                           DownloadData *data)
{
  g_autofree char *message = NULL;
  g_autofree char *folder = NULL;

  if (!sc_job_is_finished (job))
    return;

  g_signal_handlers_disconnect_by_data (job, data);
  folder = sc_download_folder_dup_label (data->folder);

  switch (sc_job_get_state (job))
    {
    case SC_JOB_STATE_DONE:
      /* Translators: "Saved R0010012.JPG in Spherecam" */
      message = g_strdup_printf (_("Saved %s in %s"), sc_camera_file_get_name (data->file),
                                 folder);
      break;

    case SC_JOB_STATE_CANCELLED:
      break;

    case SC_JOB_STATE_FAILED:
    default:
      {
        const GError *error = sc_job_get_error (job);
        g_autofree char *reason = error != NULL ? _sc_ui_error_sentence (error)
                                                : g_strdup (_("Unknown error"));

        /* Translators: "Could not download <file>: <reason>. Check …" */
        message = g_strdup_printf (_("Could not download %s: %s. Check the free space on this "
                                     "computer and the connection to the camera."),
                                   sc_camera_file_get_name (data->file), reason);
      }
      break;
    }

  if (message != NULL)
    _sc_ui_show_message (GTK_WIDGET (data->self), message);

  download_data_free (data);
}

static void
on_download_folder_ready_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  DownloadData *data = user_data;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;

  if (!sc_download_folder_ensure_finish (G_FILE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *reason = _sc_ui_error_sentence (error);
          g_autofree char *message = NULL;

          message = g_strdup_printf (_("%s. Choose another download folder in Preferences."),
                                     reason);
          _sc_ui_show_message (GTK_WIDGET (data->self), message);
        }
      download_data_free (data);
      return;
    }

  files = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (files, g_object_ref (data->file));
  data->job = sc_camera_download_job_new (data->camera, files, data->folder);
  if (data->self->job_manager != NULL)
    sc_job_manager_add (data->self->job_manager, data->job);

  /* The data keeps the job (and the page) until the job ends. */
  g_signal_connect (data->job, "notify", G_CALLBACK (on_download_job_notify_cb), data);
}

/**
 * sc_camera_page_download_file:
 * @self: a #ScCameraPage
 * @uri: the URI of a picture or video shot from this page
 *
 * Downloads the file into the download folder (a download job, shown in
 * the jobs popover); a toast says where it went.
 */
void
sc_camera_page_download_file (ScCameraPage *self,
                              const char   *uri)
{
  ScCameraFile *file;
  DownloadData *data;

  g_return_if_fail (SC_IS_CAMERA_PAGE (self));
  g_return_if_fail (uri != NULL);

  file = g_hash_table_lookup (self->session_files, uri);
  if (file == NULL)
    {
      _sc_ui_show_message (GTK_WIDGET (self),
                           _("This file is no longer known here. Download it from the Library "
                             "page."));
      return;
    }

  if (self->camera == NULL || !sc_camera_is_connected (self->camera))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Connect to the camera to download %s."),
                                 sc_camera_file_get_name (file));
      _sc_ui_show_message (GTK_WIDGET (self), message);
      return;
    }

  data = g_new0 (DownloadData, 1);
  data->self = g_object_ref (self);
  data->camera = g_object_ref (self->camera);
  data->file = g_object_ref (file);
  data->folder = sc_download_folder_dup (self->settings);
  sc_download_folder_ensure_async (data->folder, self->cancellable,
                                   on_download_folder_ready_cb, data);
}

void
_sc_camera_page_shooting_dispose (ScCameraPage *self)
{
  _sc_camera_page_stop_preview (self);
  g_clear_handle_id (&self->record_tick_source, g_source_remove);
  if (self->shoot_job != NULL)
    g_signal_handlers_disconnect_by_data (self->shoot_job, self);
  g_clear_object (&self->shoot_job);
  if (self->viewfinder != NULL)
    sc_viewfinder_set_live_preview (self->viewfinder, NULL);
  g_clear_object (&self->live_preview);
}
