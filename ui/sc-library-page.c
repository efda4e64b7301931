/* sc-library-page.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-library-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-ui.h"
#include "sc-ui-private.h"

/**
 * ScLibraryPage:
 *
 * The Library page: the photos and videos on the selected camera, in a
 * grid with thumbnails and a checkmark on the ones already in the
 * download folder. The action bar downloads the selection (one download
 * job, shown in the action bar and in the jobs popover), deletes it from
 * the camera after a confirmation, and refreshes the list.
 *
 * The list is read when the page is shown and something changed since:
 * the camera connected, a file was added, files were deleted.
 */
struct _ScLibraryPage
{
  GtkWidget          parent_instance;

  ScCamera          *camera;
  ScJobManager      *job_manager;
  GSettings         *settings;
  GCancellable      *cancellable;        /* for the page's lifetime */
  GCancellable      *list_cancellable;
  GCancellable      *check_cancellable;
  ScJob             *download_job;
  GBinding          *progress_binding;
  GError            *list_error;
  const char        *view;
  guint              refresh_source;
  gboolean           loading;
  gboolean           stale;
  gboolean           deleting;

  /* Template children */
  GtkBox            *box;
  GtkStack          *stack;
  AdwStatusPage     *no_camera_page;
  AdwStatusPage     *loading_page;
  GtkSpinner        *loading_spinner;
  AdwStatusPage     *error_page;
  AdwStatusPage     *empty_page;
  GtkGridView       *grid_view;
  GListStore        *store;
  GtkMultiSelection *selection;
  GtkActionBar      *action_bar;
  GtkLabel          *selection_label;
  GtkBox            *progress_box;
  GtkLabel          *progress_label;
  GtkProgressBar    *progress_bar;
  GtkButton         *cancel_button;
  GtkButton         *download_button;
  GtkButton         *delete_button;
  GtkButton         *refresh_button;
};

G_DEFINE_FINAL_TYPE (ScLibraryPage, sc_library_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CAMERA,
  PROP_JOB_MANAGER,
  PROP_LOADING,
  PROP_DOWNLOAD_JOB,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_connected (ScLibraryPage *self)
{
  return self->camera != NULL && sc_camera_is_connected (self->camera);
}

static guint
n_selected (ScLibraryPage *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  return (guint)gtk_bitset_get_size (selected);
}

static void
update_selection_label (ScLibraryPage *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint n = n_selected (self);
  g_autofree char *text = NULL;

  if (n == 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u photo or video",
                                         "%u photos and videos", n_items), n_items);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u selected",
                                         "%u selected", n), n);

  gtk_label_set_text (self->selection_label, text);
}

static void
update_actions (ScLibraryPage *self)
{
  gboolean connected = is_connected (self);
  guint n = n_selected (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "library.refresh",
                                 connected && !self->loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "library.download",
                                 connected && n > 0 && self->download_job == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "library.delete",
                                 connected && n > 0 && !self->deleting &&
                                 self->download_job == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "library.open-viewer", n == 1);
}

static void
update_view (ScLibraryPage *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  gboolean connected = is_connected (self);
  const char *view;

  if (!connected)
    view = "no-camera";
  else if (n_items > 0)
    view = "files";
  else if (self->loading || self->stale)
    view = "loading";
  else if (self->list_error != NULL)
    view = "error";
  else
    view = "empty";

  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (view, "loading"));
  gtk_stack_set_visible_child_name (self->stack, view);
  gtk_action_bar_set_revealed (self->action_bar,
                               connected && (n_items > 0 || self->download_job != NULL));
  update_selection_label (self);
  update_actions (self);

  if (self->view != view)
    {
      self->view = view;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
    }
}

static void
set_loading (ScLibraryPage *self,
             gboolean       loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
on_selection_changed_cb (ScLibraryPage *self)
{
  update_selection_label (self);
  update_actions (self);
}

/* --- "Already downloaded" marks --- */

typedef struct
{
  ScLibraryItem *item;
  guint64        size;
} CheckData;

static void
on_download_checked_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  CheckData *data = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = g_file_query_info_finish (G_FILE (object), result, &error);
  if (info != NULL)
    {
      gboolean same = g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
                      (data->size == 0 || (guint64)g_file_info_get_size (info) == data->size);

      sc_library_item_set_downloaded (data->item, same);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      sc_library_item_set_downloaded (data->item, FALSE);
    }

  g_object_unref (data->item);
  g_free (data);
}

static void
check_downloaded (ScLibraryPage *self)
{
  g_autoptr(GFile) folder = sc_download_folder_dup (self->settings);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  self->check_cancellable = g_cancellable_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScLibraryItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      ScCameraFile *file = sc_library_item_get_file (item);
      g_autofree char *name = sc_download_sanitize_name (sc_camera_file_get_name (file));
      g_autoptr(GFile) local = NULL;
      CheckData *data;

      if (name == NULL)
        continue;

      local = g_file_get_child (folder, name);
      data = g_new0 (CheckData, 1);
      data->item = g_object_ref (item);
      data->size = sc_camera_file_get_size (file);
      g_file_query_info_async (local,
                               G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                               G_FILE_QUERY_INFO_NONE, G_PRIORITY_LOW,
                               self->check_cancellable, on_download_checked_cb, data);
    }
}

/* --- Listing --- */

static void
on_files_listed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ScLibraryPage) self = user_data;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) old = NULL;
  g_autoptr(GHashTable) selected_uris = NULL;
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GError) error = NULL;
  guint n_old;

  files = sc_camera_list_files_finish (SC_CAMERA (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->list_cancellable);
  set_loading (self, FALSE);

  if (files == NULL)
    {
      g_autofree char *reason = _sc_ui_error_sentence (error);
      g_autofree char *message = NULL;

      /* Translators: "<reason>. Check that …" */
      message = g_strdup_printf (_("%s. Check that the camera is still connected, then try "
                                   "again."), reason);
      g_clear_error (&self->list_error);
      self->list_error = g_steal_pointer (&error);
      {
        g_autofree char *markup = g_markup_escape_text (message, -1);

        adw_status_page_set_description (self->error_page, markup);
      }

      /* With files on screen, keep them and say what went wrong. */
      if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) > 0)
        {
          g_autofree char *toast = g_strdup_printf (_("Could not refresh the list: %s"), message);
          _sc_ui_show_message (GTK_WIDGET (self), toast);
        }
      update_view (self);
      return;
    }

  g_clear_error (&self->list_error);

  /* A refresh keeps what was selected, and the checkmarks until they are
   * checked again, for the files that are still there. */
  old = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  selected_uris = g_hash_table_new (g_str_hash, g_str_equal);
  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n_old; i++)
    {
      ScLibraryItem *item = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      const char *uri = sc_camera_file_get_uri (sc_library_item_get_file (item));

      g_hash_table_replace (old, (gpointer)uri, item);
      if (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), i))
        g_hash_table_add (selected_uris, (gpointer)uri);
    }

  items = g_ptr_array_new_with_free_func (g_object_unref);
  selected = gtk_bitset_new_empty ();
  for (guint i = 0; i < files->len; i++)
    {
      ScCameraFile *file = g_ptr_array_index (files, i);
      ScLibraryItem *previous = g_hash_table_lookup (old, sc_camera_file_get_uri (file));
      ScLibraryItem *item = sc_library_item_new (file);

      if (previous != NULL)
        sc_library_item_set_downloaded (item, sc_library_item_get_downloaded (previous));
      if (g_hash_table_contains (selected_uris, sc_camera_file_get_uri (file)))
        gtk_bitset_add (selected, i);
      g_ptr_array_add (items, item);
    }

  g_list_store_splice (self->store, 0, n_old, items->pdata, items->len);
  if (!gtk_bitset_is_empty (selected))
    {
      g_autoptr(GtkBitset) mask = gtk_bitset_new_range (0, items->len);

      gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), selected, mask);
    }

  update_view (self);
  check_downloaded (self);
}

static void
clear_files (ScLibraryPage *self)
{
  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  g_clear_error (&self->list_error);
  set_loading (self, FALSE);
  g_list_store_remove_all (self->store);
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  ScLibraryPage *self = user_data;

  self->refresh_source = 0;
  sc_library_page_refresh (self);

  return G_SOURCE_REMOVE;
}

/* Something changed on the camera: read the list now if the page is
 * shown, or the next time it is. */
static void
mark_stale (ScLibraryPage *self,
            gboolean       soon)
{
  self->stale = TRUE;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || !is_connected (self))
    {
      update_view (self);
      return;
    }

  /* Several files arrive together (interval shooting): read once. */
  if (soon)
    {
      if (self->refresh_source == 0)
        self->refresh_source = g_timeout_add (500, refresh_timeout_cb, self);
      return;
    }

  sc_library_page_refresh (self);
}

static void
on_camera_connected_cb (ScLibraryPage *self)
{
  if (is_connected (self))
    {
      mark_stale (self, FALSE);
    }
  else
    {
      clear_files (self);
      update_view (self);
    }
}

static void
on_camera_file_added_cb (ScLibraryPage *self,
                         ScCameraFile  *file)
{
  mark_stale (self, TRUE);
}

static void
on_download_folder_changed_cb (ScLibraryPage *self)
{
  check_downloaded (self);
}

/* --- Download --- */

static void
clear_download_job (ScLibraryPage *self)
{
  if (self->download_job == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->download_job, self);
  g_clear_pointer (&self->progress_binding, g_binding_unbind);
  g_clear_object (&self->download_job);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_box), FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOWNLOAD_JOB]);
}

static void
on_download_job_notify_cb (ScLibraryPage *self,
                           GParamSpec    *pspec,
                           ScJob         *job)
{
  g_autofree char *message = NULL;

  gtk_label_set_text (self->progress_label, sc_job_get_message (job) ?: "");

  if (!sc_job_is_finished (job))
    return;

  switch (sc_job_get_state (job))
    {
    case SC_JOB_STATE_DONE:
      {
        GVariant *result = sc_job_get_result (job);
        g_autoptr(GFile) folder = sc_download_folder_dup (self->settings);
        g_autofree char *label = sc_download_folder_dup_label (folder);
        g_autofree const char **paths = NULL;
        gsize n = 0;

        if (result != NULL)
          g_variant_lookup (result, "paths", "^a&s", &paths);
        n = paths != NULL ? g_strv_length ((char **)paths) : 0;
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Downloaded %u file to %s",
                                                "Downloaded %u files to %s", n),
                                   (guint)n, label);
      }
      break;

    case SC_JOB_STATE_CANCELLED:
      message = g_strdup (_("Download cancelled. The files downloaded before stay on this "
                            "computer."));
      break;

    case SC_JOB_STATE_FAILED:
    default:
      {
        const GError *error = sc_job_get_error (job);
        g_autofree char *reason = error != NULL ? _sc_ui_error_sentence (error)
                                                : g_strdup (_("Unknown error"));

        /* Translators: "<reason>. Check …" */
        message = g_strdup_printf (_("Could not download: %s. Check the free space on this "
                                     "computer and the connection to the camera."), reason);
      }
      break;
    }

  _sc_ui_show_message (GTK_WIDGET (self), message);
  clear_download_job (self);
  check_downloaded (self);
  update_view (self);
}

static void
set_download_job (ScLibraryPage *self,
                  ScJob         *job)
{
  clear_download_job (self);

  self->download_job = g_object_ref (job);
  self->progress_binding = g_object_bind_property (job, "progress",
                                                   self->progress_bar, "fraction",
                                                   G_BINDING_SYNC_CREATE);
  g_signal_connect_object (job, "notify", G_CALLBACK (on_download_job_notify_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_box), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOWNLOAD_JOB]);

  on_download_job_notify_cb (self, NULL, job);
  update_view (self);
}

typedef struct
{
  ScLibraryPage *self;
  ScCamera      *camera;
  GPtrArray     *files;
  GFile         *folder;
} DownloadData;

static void
download_data_free (DownloadData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->camera);
  g_clear_pointer (&data->files, g_ptr_array_unref);
  g_clear_object (&data->folder);
  g_free (data);
}

static void
on_folder_ready_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  DownloadData *data = user_data;
  ScLibraryPage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScJob) job = NULL;

  if (!sc_download_folder_ensure_finish (G_FILE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *reason = _sc_ui_error_sentence (error);
          g_autofree char *message = NULL;

          message = g_strdup_printf (_("%s. Choose another download folder in Preferences."),
                                     reason);
          _sc_ui_show_message (GTK_WIDGET (self), message);
        }
      download_data_free (data);
      return;
    }

  job = sc_camera_download_job_new (data->camera, data->files, data->folder);
  if (self->job_manager != NULL)
    sc_job_manager_add (self->job_manager, job);
  set_download_job (self, job);

  download_data_free (data);
}

static void
sc_library_page_download_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  ScLibraryPage *self = SC_LIBRARY_PAGE (widget);
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GPtrArray) files = NULL;
  GtkBitsetIter iter;
  DownloadData *data;
  guint position;

  if (!is_connected (self) || self->download_job != NULL)
    return;

  files = g_ptr_array_new_with_free_func (g_object_unref);
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position);
       ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(ScLibraryItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), position);

      /* Never fetch a second copy of what is already here. */
      if (item != NULL && !sc_library_item_get_downloaded (item))
        g_ptr_array_add (files, g_object_ref (sc_library_item_get_file (item)));
    }

  if (files->len == 0)
    {
      _sc_ui_show_message (widget, _("The selected files are already on this computer."));
      return;
    }

  data = g_new0 (DownloadData, 1);
  data->self = g_object_ref (self);
  data->camera = g_object_ref (self->camera);
  data->files = g_steal_pointer (&files);
  data->folder = sc_download_folder_dup (self->settings);
  sc_download_folder_ensure_async (data->folder, self->cancellable, on_folder_ready_cb, data);
}

static void
on_cancel_button_clicked_cb (ScLibraryPage *self)
{
  if (self->download_job != NULL)
    sc_job_cancel (self->download_job);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
}

/* --- Delete --- */

static void
on_files_deleted_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(ScLibraryPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->deleting = FALSE;

  if (!sc_camera_delete_files_finish (SC_CAMERA (object), result, &error) &&
      self->stack != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *reason = _sc_ui_error_sentence (error);
          g_autofree char *message = NULL;

          message = g_strdup_printf (_("Could not delete the files: %s. Check that the "
                                       "camera’s memory card is not locked."), reason);
          _sc_ui_show_message (GTK_WIDGET (self), message);
        }
    }

  /* The page went away while the camera answered. */
  if (self->stack == NULL)
    return;

  /* Even a partial failure may have deleted some: read the list again. */
  mark_stale (self, FALSE);
  update_actions (self);
}

static void
on_delete_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       ScLibraryPage    *self)
{
  const char * const *uris = g_object_get_data (G_OBJECT (dialog), "sc-uris");

  if (!g_str_equal (response, "delete") || !is_connected (self) || uris == NULL)
    return;

  self->deleting = TRUE;
  update_actions (self);
  sc_camera_delete_files_async (self->camera, uris, self->cancellable,
                                on_files_deleted_cb, g_object_ref (self));
}

static void
sc_library_page_delete_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  ScLibraryPage *self = SC_LIBRARY_PAGE (widget);
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *heading = NULL;
  GtkBitsetIter iter;
  GtkWidget *dialog;
  guint position;
  guint n = 0;

  if (!is_connected (self) || self->deleting)
    return;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position);
       ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(ScLibraryItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), position);

      if (item == NULL)
        continue;
      g_strv_builder_add (builder, sc_camera_file_get_uri (sc_library_item_get_file (item)));
      n++;
    }

  if (n == 0)
    return;

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Delete %u File From the Camera?",
                                          "Delete %u Files From the Camera?", n), n);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                   _("They are deleted from the camera’s memory card and cannot "
                                     "be recovered. Copies already downloaded to this computer "
                                     "are kept."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "sc-uris", g_strv_builder_end (builder),
                          (GDestroyNotify)g_strfreev);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sc_library_page_refresh_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  sc_library_page_refresh (SC_LIBRARY_PAGE (widget));
}

/* --- GObject --- */

/* --- The 360° viewer --- */

/* Opens @item's downloaded copy (a photo or a video) in an
 * ScViewerWindow; only files in the download folder can be opened. */
static void
open_in_viewer (ScLibraryPage *self,
                ScLibraryItem *item)
{
  ScCameraFile *file = sc_library_item_get_file (item);
  g_autofree char *name = sc_download_sanitize_name (sc_camera_file_get_name (file));
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) local = NULL;
  GtkRoot *root;
  ScViewerWindow *window;

  if (!sc_library_item_get_downloaded (item) || name == NULL)
    {
      _sc_ui_show_message (GTK_WIDGET (self),
                           sc_camera_file_get_file_type (file) == SC_CAMERA_FILE_TYPE_VIDEO
                           ? _("Download the video first, then open it in the 360° viewer.")
                           : _("Download the photo first, then open it in the 360° viewer."));
      return;
    }

  folder = sc_download_folder_dup (self->settings);
  local = g_file_get_child (folder, name);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  window = sc_viewer_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, local);
  gtk_window_present (GTK_WINDOW (window));
}

static void
sc_library_page_open_viewer_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  ScLibraryPage *self = SC_LIBRARY_PAGE (widget);
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(ScLibraryItem) item = NULL;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_get_size (selected) != 1)
    return;

  item = g_list_model_get_item (G_LIST_MODEL (self->store), gtk_bitset_get_nth (selected, 0));
  open_in_viewer (self, item);
}

static void
on_grid_view_activate_cb (ScLibraryPage *self,
                          guint          position)
{
  g_autoptr(ScLibraryItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), position);

  if (item != NULL)
    open_in_viewer (self, item);
}

static void
sc_library_page_map (GtkWidget *widget)
{
  ScLibraryPage *self = SC_LIBRARY_PAGE (widget);

  GTK_WIDGET_CLASS (sc_library_page_parent_class)->map (widget);

  if (self->stale && is_connected (self))
    sc_library_page_refresh (self);
}

static void
sc_library_page_dispose (GObject *object)
{
  ScLibraryPage *self = (ScLibraryPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  sc_library_page_set_camera (self, NULL);
  clear_download_job (self);
  g_clear_object (&self->job_manager);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_LIBRARY_PAGE);

  G_OBJECT_CLASS (sc_library_page_parent_class)->dispose (object);
}

static void
sc_library_page_finalize (GObject *object)
{
  ScLibraryPage *self = (ScLibraryPage *)object;

  g_clear_object (&self->cancellable);
  g_clear_error (&self->list_error);

  G_OBJECT_CLASS (sc_library_page_parent_class)->finalize (object);
}

static void
sc_library_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ScLibraryPage *self = SC_LIBRARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CAMERA:
      g_value_set_object (value, self->camera);
      break;

    case PROP_JOB_MANAGER:
      g_value_set_object (value, self->job_manager);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_DOWNLOAD_JOB:
      g_value_set_object (value, self->download_job);
      break;

    case PROP_VIEW:
      g_value_set_string (value, self->view);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_library_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ScLibraryPage *self = SC_LIBRARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CAMERA:
      sc_library_page_set_camera (self, g_value_get_object (value));
      break;

    case PROP_JOB_MANAGER:
      sc_library_page_set_job_manager (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_library_page_class_init (ScLibraryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_library_page_dispose;
  object_class->finalize = sc_library_page_finalize;
  object_class->get_property = sc_library_page_get_property;
  object_class->set_property = sc_library_page_set_property;

  widget_class->map = sc_library_page_map;

  /**
   * ScLibraryPage:camera:
   *
   * The camera whose files are shown, or %NULL.
   */
  properties[PROP_CAMERA] =
    g_param_spec_object ("camera", NULL, NULL, SC_TYPE_CAMERA,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScLibraryPage:job-manager:
   *
   * Where download jobs are added, so that the jobs popover and D-Bus
   * show them.
   */
  properties[PROP_JOB_MANAGER] =
    g_param_spec_object ("job-manager", NULL, NULL, SC_TYPE_JOB_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScLibraryPage:loading:
   *
   * Whether the list of files is being read from the camera.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScLibraryPage:download-job:
   *
   * The download the action bar shows, or %NULL.
   */
  properties[PROP_DOWNLOAD_JOB] =
    g_param_spec_object ("download-job", NULL, NULL, SC_TYPE_JOB,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScLibraryPage:view:
   *
   * What the page shows: "no-camera", "loading", "error", "empty" or
   * "files".
   */
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "library.refresh", NULL,
                                   sc_library_page_refresh_action);
  gtk_widget_class_install_action (widget_class, "library.download", NULL,
                                   sc_library_page_download_action);
  gtk_widget_class_install_action (widget_class, "library.delete", NULL,
                                   sc_library_page_delete_action);
  gtk_widget_class_install_action (widget_class, "library.open-viewer", NULL,
                                   sc_library_page_open_viewer_action);

  g_type_ensure (SC_TYPE_FILE_TILE);
  g_type_ensure (SC_TYPE_LIBRARY_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               SC_RESOURCE_BASE "/ui/sc-library-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, box);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, no_camera_page);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, loading_page);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, grid_view);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, store);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, selection);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, action_bar);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, selection_label);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, download_button);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, delete_button);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, refresh_button);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_grid_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_button_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sclibrarypage");
}

static void
sc_library_page_init (ScLibraryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new ("org.spherecam.Spherecam");
  g_signal_connect_swapped (self->settings, "changed::download-folder",
                            G_CALLBACK (on_download_folder_changed_cb), self);
  update_view (self);
}

/**
 * sc_library_page_get_camera:
 * @self: a #ScLibraryPage
 *
 * Returns: (transfer none) (nullable): the camera shown
 */
ScCamera *
sc_library_page_get_camera (ScLibraryPage *self)
{
  g_return_val_if_fail (SC_IS_LIBRARY_PAGE (self), NULL);

  return self->camera;
}

/**
 * sc_library_page_set_camera:
 * @self: a #ScLibraryPage
 * @camera: (nullable): the camera whose files to show
 */
void
sc_library_page_set_camera (ScLibraryPage *self,
                            ScCamera      *camera)
{
  g_return_if_fail (SC_IS_LIBRARY_PAGE (self));
  g_return_if_fail (camera == NULL || SC_IS_CAMERA (camera));

  if (self->camera == camera)
    return;

  if (self->camera != NULL)
    g_signal_handlers_disconnect_by_data (self->camera, self);
  g_set_object (&self->camera, camera);
  clear_files (self);
  self->stale = FALSE;

  if (camera != NULL)
    {
      g_signal_connect_swapped (camera, "notify::is-connected",
                                G_CALLBACK (on_camera_connected_cb), self);
      g_signal_connect_swapped (camera, "file-added", G_CALLBACK (on_camera_file_added_cb), self);
      if (sc_camera_is_connected (camera))
        mark_stale (self, FALSE);
    }

  update_view (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMERA]);
}

/**
 * sc_library_page_get_job_manager:
 * @self: a #ScLibraryPage
 *
 * Returns: (transfer none) (nullable): where downloads are added
 */
ScJobManager *
sc_library_page_get_job_manager (ScLibraryPage *self)
{
  g_return_val_if_fail (SC_IS_LIBRARY_PAGE (self), NULL);

  return self->job_manager;
}

/**
 * sc_library_page_set_job_manager:
 * @self: a #ScLibraryPage
 * @manager: (nullable): where to add download jobs
 */
void
sc_library_page_set_job_manager (ScLibraryPage *self,
                                 ScJobManager  *manager)
{
  g_return_if_fail (SC_IS_LIBRARY_PAGE (self));
  g_return_if_fail (manager == NULL || SC_IS_JOB_MANAGER (manager));

  if (g_set_object (&self->job_manager, manager))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB_MANAGER]);
}

/**
 * sc_library_page_get_files:
 * @self: a #ScLibraryPage
 *
 * Returns: (transfer none): the files shown, a #GListModel of
 *   #ScLibraryItem
 */
GListModel *
sc_library_page_get_files (ScLibraryPage *self)
{
  g_return_val_if_fail (SC_IS_LIBRARY_PAGE (self), NULL);

  return G_LIST_MODEL (self->store);
}

/**
 * sc_library_page_get_selection:
 * @self: a #ScLibraryPage
 *
 * Returns: (transfer none): the grid's selection
 */
GtkSelectionModel *
sc_library_page_get_selection (ScLibraryPage *self)
{
  g_return_val_if_fail (SC_IS_LIBRARY_PAGE (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

gboolean
sc_library_page_get_loading (ScLibraryPage *self)
{
  g_return_val_if_fail (SC_IS_LIBRARY_PAGE (self), FALSE);

  return self->loading;
}

/**
 * sc_library_page_get_download_job:
 * @self: a #ScLibraryPage
 *
 * Returns: (transfer none) (nullable): the download the action bar shows
 */
ScJob *
sc_library_page_get_download_job (ScLibraryPage *self)
{
  g_return_val_if_fail (SC_IS_LIBRARY_PAGE (self), NULL);

  return self->download_job;
}

/**
 * sc_library_page_get_view:
 * @self: a #ScLibraryPage
 *
 * Returns: (transfer none): see #ScLibraryPage:view
 */
const char *
sc_library_page_get_view (ScLibraryPage *self)
{
  g_return_val_if_fail (SC_IS_LIBRARY_PAGE (self), NULL);

  return self->view;
}

/**
 * sc_library_page_refresh:
 * @self: a #ScLibraryPage
 *
 * Reads the list of files (with thumbnails) from the camera again.
 */
void
sc_library_page_refresh (ScLibraryPage *self)
{
  g_return_if_fail (SC_IS_LIBRARY_PAGE (self));

  g_clear_handle_id (&self->refresh_source, g_source_remove);

  if (!is_connected (self))
    return;

  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  self->list_cancellable = g_cancellable_new ();
  self->stale = FALSE;
  set_loading (self, TRUE);
  update_view (self);

  sc_camera_list_files_async (self->camera, SC_CAMERA_FILE_TYPE_ALL, 0, TRUE,
                              self->list_cancellable, on_files_listed_cb, g_object_ref (self));
}
