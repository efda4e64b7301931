/* test-camera-ui.c: the Camera and Library pages with a camera, under Xvfb
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the camera emulator (a real OSC server on loopback), adds it to a
 * camera monitor and drives the main window through its actions, the way
 * a person would: connect, watch the live preview, change an option, take
 * a picture and download it from the toast, record a video, then browse
 * the Library,
 * download and delete from there. Saves camera-page-SUFFIX.png and
 * library-page-SUFFIX.png into <build>/tests/screenshots/.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sc-ui.h>

#include "sc-emulator-launcher.h"
#include "sc-test-ui.h"

static AdwApplication *app;

/* GTK 4.8 warns when the window's AdwViewSwitcherBar is revealed in a
 * narrow window ("attempt to allocate GtkBox … with width 0 and height
 * -1", then the same for the AdwViewSwitcher, from the bar's
 * GtkCenterBox); harmless and not ours, so it is printed but not fatal.
 * Everything else goes to the default writer. */
static GLogWriterOutput
log_writer_cb (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  const char *domain = NULL, *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  if ((log_level & G_LOG_LEVEL_WARNING) && g_strcmp0 (domain, "Gtk") == 0 &&
      message != NULL && strstr (message, "attempt to allocate") != NULL &&
      g_str_has_suffix (message, "and height -1"))
    {
      g_printerr ("(ignored) Gtk-WARNING: %s\n", message);
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

typedef struct
{
  GSubprocess     *emulator;
  char            *url;
  char            *folder;
  GSettings       *settings;
  ScCameraMonitor *monitor;
  ScJobManager    *jobs;
  ScCamera        *camera;
  ScWindow        *window;
  ScCameraPage    *camera_page;
  ScLibraryPage   *library_page;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->url = sc_emulator_launch (NULL, &f->emulator, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->url);

  f->folder = g_dir_make_tmp ("spherecam-camera-ui-XXXXXX", &error);
  g_assert_no_error (error);
  f->settings = g_settings_new ("org.spherecam.Spherecam");
  g_settings_set_string (f->settings, "download-folder", f->folder);

  f->monitor = sc_camera_monitor_new ();
  f->jobs = sc_job_manager_new ();
  f->camera = g_object_ref (sc_camera_monitor_add_uri (f->monitor, f->url, NULL, NULL, &error));
  g_assert_no_error (error);
  g_object_set (f->camera, "display-name", "Test Camera", NULL);

  f->window = sc_window_new (GTK_APPLICATION (app));
  sc_window_set_job_manager (f->window, f->jobs);
  sc_window_set_camera_monitor (f->window, f->monitor);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1180, 760);
  sc_window_set_page (f->window, "camera");
  gtk_window_present (GTK_WINDOW (f->window));
  f->camera_page = sc_window_get_camera_page (f->window);
  f->library_page = sc_window_get_library_page (f->window);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  gtk_window_destroy (GTK_WINDOW (f->window));
  sc_test_ui_iterate (100);
  sc_camera_monitor_disconnect_all (f->monitor);
  g_clear_object (&f->camera);
  g_clear_object (&f->monitor);
  g_clear_object (&f->jobs);
  g_settings_reset (f->settings, "download-folder");
  g_clear_object (&f->settings);
  remove_tree (f->folder);
  g_clear_pointer (&f->folder, g_free);
  sc_emulator_stop (f->emulator);
  g_clear_object (&f->emulator);
  g_clear_pointer (&f->url, g_free);
}

/* --- Predicates --- */

static gboolean
camera_connected (gpointer data)
{
  Fixture *f = data;

  return sc_camera_is_connected (f->camera);
}

static gboolean
frame_shown (gpointer data)
{
  Fixture *f = data;
  ScViewfinder *viewfinder;
  GdkPaintable *paintable;

  viewfinder = SC_VIEWFINDER (sc_test_ui_find_descendant (GTK_WIDGET (f->camera_page),
                                                          SC_TYPE_VIEWFINDER));
  paintable = sc_viewfinder_get_paintable (viewfinder);

  return paintable != NULL && gdk_paintable_get_intrinsic_width (paintable) > 0 &&
         gdk_paintable_get_intrinsic_height (paintable) > 0;
}

static gboolean
preview_playing (gpointer data)
{
  Fixture *f = data;
  ScViewfinder *viewfinder;
  ScLivePreview *preview;

  viewfinder = SC_VIEWFINDER (sc_test_ui_find_descendant (GTK_WIDGET (f->camera_page),
                                                          SC_TYPE_VIEWFINDER));
  preview = sc_viewfinder_get_live_preview (viewfinder);

  return preview != NULL && sc_live_preview_get_state (preview) == SC_LIVE_PREVIEW_STATE_PLAYING;
}

static gboolean
can_capture (gpointer data)
{
  Fixture *f = data;

  return sc_camera_page_get_can_capture (f->camera_page);
}

static gboolean
picture_taken (gpointer data)
{
  Fixture *f = data;

  return sc_camera_page_get_last_file (f->camera_page) != NULL &&
         sc_camera_page_get_can_capture (f->camera_page);
}

typedef struct
{
  Fixture    *f;
  ScJob      *job;
  guint       n_before;
} JobWait;

/* The newest "download" job added after n_before jobs, once finished. */
static gboolean
download_finished (gpointer data)
{
  JobWait *wait = data;
  GListModel *jobs = G_LIST_MODEL (wait->f->jobs);
  guint n = g_list_model_get_n_items (jobs);

  for (guint i = n; i > wait->n_before; i--)
    {
      g_autoptr(ScJob) job = g_list_model_get_item (jobs, i - 1);

      if (g_str_equal (sc_job_get_kind (job), "download") && sc_job_is_finished (job))
        {
          g_set_object (&wait->job, job);
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
recording (gpointer data)
{
  Fixture *f = data;

  return sc_camera_page_get_recording (f->camera_page);
}

static gboolean
label_past_zero (gpointer data)
{
  const char *text = gtk_label_get_text (data);

  return g_str_has_prefix (text, "0:0") && !g_str_equal (text, "0:00");
}

static gboolean
recording_stopped (gpointer data)
{
  Fixture *f = data;

  return !sc_camera_page_get_recording (f->camera_page) &&
         sc_camera_page_get_can_capture (f->camera_page);
}

static gboolean
options_loaded (gpointer data)
{
  ScOptionsPopover *popover = data;

  return !sc_options_popover_get_loading (popover) &&
         sc_test_ui_find_descendant (GTK_WIDGET (popover), ADW_TYPE_COMBO_ROW) != NULL;
}

static gboolean
widget_sensitive (gpointer data)
{
  return gtk_widget_get_sensitive (data);
}

static gboolean
library_shows_files (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (sc_library_page_get_view (f->library_page), "files") == 0 &&
         !sc_library_page_get_loading (f->library_page);
}

typedef struct
{
  Fixture    *f;
  const char *name;
} TileWait;

static ScFileTile *
find_tile (GtkWidget  *widget,
           const char *name)
{
  if (SC_IS_FILE_TILE (widget))
    {
      ScLibraryItem *item = sc_file_tile_get_item (SC_FILE_TILE (widget));

      if (item != NULL &&
          g_str_equal (sc_camera_file_get_name (sc_library_item_get_file (item)), name))
        return SC_FILE_TILE (widget);
      return NULL;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      ScFileTile *found = find_tile (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
tile_shows_downloaded (gpointer data)
{
  TileWait *wait = data;
  ScFileTile *tile = find_tile (GTK_WIDGET (wait->f->library_page), wait->name);

  return tile != NULL && sc_file_tile_get_shows_downloaded (tile) &&
         gtk_widget_get_mapped (GTK_WIDGET (tile));
}

static gboolean
tile_gone (gpointer data)
{
  TileWait *wait = data;
  GListModel *files = sc_library_page_get_files (wait->f->library_page);
  guint n = g_list_model_get_n_items (files);

  if (sc_library_page_get_loading (wait->f->library_page))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScLibraryItem) item = g_list_model_get_item (files, i);

      if (g_str_equal (sc_camera_file_get_name (sc_library_item_get_file (item)), wait->name))
        return FALSE;
    }

  return TRUE;
}

static gboolean
leaflet_folded (gpointer data)
{
  return adw_leaflet_get_folded (data);
}

static gboolean
toplevel_shown (gpointer data)
{
  return sc_test_ui_find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

/* --- Helpers --- */

static GtkWidget *
find_options_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) &&
      SC_IS_OPTIONS_POPOVER (gtk_menu_button_get_popover (GTK_MENU_BUTTON (widget))))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_options_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static guint
find_item (Fixture    *f,
           const char *name)
{
  GListModel *files = sc_library_page_get_files (f->library_page);
  guint n = g_list_model_get_n_items (files);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScLibraryItem) item = g_list_model_get_item (files, i);

      if (g_str_equal (sc_camera_file_get_name (sc_library_item_get_file (item)), name))
        return i;
    }

  g_error ("%s is not in the Library", name);
}

static void
assert_downloaded (const char   *path,
                   ScCameraFile *file)
{
  g_autoptr(GFile) local = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = g_file_query_info (local, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_file_info_get_size (info), >, 0);
  if (sc_camera_file_get_size (file) > 0)
    g_assert_cmpuint (g_file_info_get_size (info), ==, sc_camera_file_get_size (file));
}

static char *
take_picture (Fixture *f)
{
  ScCameraFile *before = sc_camera_page_get_last_file (f->camera_page);
  g_autofree char *before_uri = before != NULL ? g_strdup (sc_camera_file_get_uri (before)) : NULL;
  ScCameraFile *file;

  sc_test_ui_wait_until (can_capture, f, 30, "the shutter to be enabled");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.capture", NULL));
  g_assert_false (sc_camera_page_get_can_capture (f->camera_page));
  sc_test_ui_wait_until (picture_taken, f, 60, "the picture");

  file = sc_camera_page_get_last_file (f->camera_page);
  g_assert_cmpstr (sc_camera_file_get_uri (file), !=, before_uri);

  return g_strdup (sc_camera_file_get_name (file));
}

/* --- The test --- */

static void
test_camera_and_library (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *name = NULL;
  g_autofree char *second = NULL;
  g_autofree char *model = NULL;
  g_autoptr(ScCameraFile) file = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row, *button, *menu_button, *label;
  ScOptionsPopover *popover;
  AdwComboRow *combo;
  guint selected;
  JobWait wait = { f, NULL, 0 };
  TileWait tile_wait = { f, NULL };
  const char * const *paths = NULL;
  AdwMessageDialog *dialog;
  GtkSelectionModel *selection;
  AdwLeaflet *leaflet;
  GtkWidget *back;

  /* The only camera is selected; connect it from its row. */
  g_assert_true (sc_camera_page_get_camera (f->camera_page) == f->camera);
  row = sc_test_ui_find_descendant (GTK_WIDGET (f->camera_page), SC_TYPE_CAMERA_ROW);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate_action (row, "row.connect", NULL));
  sc_test_ui_wait_until (camera_connected, f, 30, "the connection");

  /* The live preview shows frames; the info panel shows the camera. */
  sc_test_ui_wait_until (frame_shown, f, 60, "a live preview frame");
  g_object_get (f->camera, "model", &model, NULL);
  g_assert_nonnull (model);
  g_assert_nonnull (sc_test_ui_find_label (GTK_WIDGET (f->camera_page), model));
  g_assert_nonnull (sc_test_ui_find_label (GTK_WIDGET (f->camera_page), SC_EMULATOR_SERIAL));

  /* The shooting options come from the camera's …Support lists; a new
   * value is set on the camera. */
  menu_button = find_options_button (GTK_WIDGET (f->camera_page));
  g_assert_nonnull (menu_button);
  popover = SC_OPTIONS_POPOVER (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
  gtk_popover_set_autohide (GTK_POPOVER (popover), FALSE);
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  sc_test_ui_wait_until (options_loaded, popover, 30, "the shooting options");
  g_assert_nonnull (sc_test_ui_find_named (GTK_WIDGET (popover), "iso"));
  combo = ADW_COMBO_ROW (sc_test_ui_find_named (GTK_WIDGET (popover), "whiteBalance"));
  g_assert_nonnull (combo);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (combo)), >, 1);
  selected = adw_combo_row_get_selected (combo);
  adw_combo_row_set_selected (combo, selected == 1 ? 2 : 1);
  sc_test_ui_wait_until (widget_sensitive, combo, 30, "the camera to take the option");
  g_assert_cmpuint (adw_combo_row_get_selected (combo), ==, selected == 1 ? 2 : 1);
  gtk_popover_popdown (GTK_POPOVER (popover));

  sc_test_ui_wait_until (preview_playing, f, 30, "the live preview");
  sc_test_ui_save_screenshot (GTK_WIDGET (f->window), "camera-page");

  /* Space/Ctrl+Return: a picture; its toast downloads it. */
  name = take_picture (f);
  file = g_object_ref (sc_camera_page_get_last_file (f->camera_page));
  button = sc_test_ui_find_button (GTK_WIDGET (f->window), "win.download-file");
  g_assert_nonnull (button);
  wait.n_before = g_list_model_get_n_items (G_LIST_MODEL (f->jobs));
  g_signal_emit_by_name (button, "clicked");
  sc_test_ui_wait_until (download_finished, &wait, 60, "the download from the toast");
  g_assert_cmpint (sc_job_get_state (wait.job), ==, SC_JOB_STATE_DONE);
  g_assert_true (g_variant_lookup (sc_job_get_result (wait.job), "paths", "^a&s", &paths));
  g_assert_cmpuint (g_strv_length ((char **)paths), ==, 1);
  g_assert_true (g_str_has_prefix (paths[0], f->folder));
  assert_downloaded (paths[0], file);
  g_free ((gpointer)paths);
  g_clear_object (&wait.job);

  /* The preview comes back after shooting. */
  sc_test_ui_wait_until (preview_playing, f, 30, "the live preview after the picture");

  /* A second picture, left on the camera. */
  second = take_picture (f);

  /* Ctrl+R records a video, with the elapsed time shown, until Ctrl+R. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.toggle-recording",
                                             NULL));
  sc_test_ui_wait_until (recording, f, 30, "the recording to start");
  g_assert_false (sc_camera_page_get_can_capture (f->camera_page));
  label = sc_test_ui_find_label (GTK_WIDGET (f->camera_page), "0:0");
  g_assert_nonnull (label);
  sc_test_ui_wait_until (label_past_zero, label, 10, "the elapsed time to count");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.toggle-recording",
                                             NULL));
  sc_test_ui_wait_until (recording_stopped, f, 30, "the recording to stop");
  g_assert_cmpint (sc_camera_file_get_file_type (sc_camera_page_get_last_file (f->camera_page)),
                   ==, SC_CAMERA_FILE_TYPE_VIDEO);

  /* The Library: both files, the first one marked as downloaded. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s",
                                             "library"));
  /* No picture by surprise from another page. */
  wait.n_before = g_list_model_get_n_items (G_LIST_MODEL (f->jobs));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.capture", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->jobs)), ==, wait.n_before);
  sc_test_ui_wait_until (library_shows_files, f, 60, "the Library's files");
  g_assert_cmpuint (g_list_model_get_n_items (sc_library_page_get_files (f->library_page)), >=, 3);
  tile_wait.name = name;
  sc_test_ui_wait_until (tile_shows_downloaded, &tile_wait, 30, "the downloaded mark");
  tile_wait.name = second;
  g_assert_false (tile_shows_downloaded (&tile_wait));

  selection = sc_library_page_get_selection (f->library_page);
  gtk_selection_model_select_item (selection, find_item (f, second), TRUE);
  label = sc_test_ui_find_label (GTK_WIDGET (f->library_page), "1 selected");
  g_assert_nonnull (label);
  sc_test_ui_save_screenshot (GTK_WIDGET (f->window), "library-page");

  /* Download from the Library: one job, shown in the action bar. */
  wait.n_before = g_list_model_get_n_items (G_LIST_MODEL (f->jobs));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->library_page), "library.download",
                                             NULL));
  sc_test_ui_wait_until (download_finished, &wait, 60, "the Library download");
  g_assert_cmpint (sc_job_get_state (wait.job), ==, SC_JOB_STATE_DONE);
  g_clear_object (&wait.job);
  sc_test_ui_wait_until (tile_shows_downloaded, &tile_wait, 30, "the second downloaded mark");

  /* Delete it from the camera, after the confirmation. */
  gtk_selection_model_select_item (selection, find_item (f, second), TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->library_page), "library.delete",
                                             NULL));
  sc_test_ui_wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), 10,
                         "the delete confirmation");
  dialog = ADW_MESSAGE_DIALOG (sc_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete 1 File From the Camera?");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "delete"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_response (dialog, "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  sc_test_ui_wait_until (tile_gone, &tile_wait, 30, "the deleted file to go");
  g_assert_cmpuint (find_item (f, name), <, G_MAXUINT);

  /* Narrow: the camera list and the camera fold into one column, with a
   * back button from the camera to the list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s",
                                             "camera"));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 620, 720);
  leaflet = ADW_LEAFLET (sc_test_ui_find_descendant (GTK_WIDGET (f->camera_page),
                                                     ADW_TYPE_LEAFLET));
  sc_test_ui_wait_until (leaflet_folded, leaflet, 10, "the narrow layout");
  g_signal_emit_by_name (row, "activate");
  back = sc_test_ui_find_descendant (GTK_WIDGET (f->camera_page), GTK_TYPE_OVERLAY);
  back = gtk_widget_get_last_child (back);
  g_assert_true (GTK_IS_BUTTON (back));
  g_assert_true (gtk_widget_get_visible (back));
  sc_test_ui_wait_until (frame_shown, f, 30, "the preview in the narrow layout");
  sc_test_ui_save_screenshot (GTK_WIDGET (f->window), "camera-page-narrow");
  g_signal_emit_by_name (back, "clicked");
  g_assert_true (adw_leaflet_get_visible_child (leaflet) ==
                 gtk_widget_get_ancestor (row, GTK_TYPE_BOX));
}

/* Adding a camera: the address is checked while typed, and a camera that
 * cannot be reached gives a toast that says what to do. */
static void
test_add_camera (void)
{
  g_autoptr(ScCameraMonitor) monitor = sc_camera_monitor_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  ScWindow *window = sc_window_new (GTK_APPLICATION (app));
  ScCameraPage *page = sc_window_get_camera_page (window);
  ScAddCameraDialog *dialog;
  ScCamera *camera;

  uri = sc_add_camera_dialog_parse_address ("192.168.1.1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uri, ==, "http://192.168.1.1");
  g_clear_pointer (&uri, g_free);
  uri = sc_add_camera_dialog_parse_address (" ftp://camera ", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "http://"));
  g_clear_error (&error);
  uri = sc_add_camera_dialog_parse_address ("", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  sc_window_set_camera_monitor (window, monitor);
  gtk_window_present (GTK_WINDOW (window));
  sc_window_set_page (window, "library");

  /* win.add-camera shows the Camera page and the dialog. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-camera", NULL));
  g_assert_cmpstr (sc_window_get_page (window), ==, "camera");
  sc_test_ui_wait_until (toplevel_shown, GSIZE_TO_POINTER (SC_TYPE_ADD_CAMERA_DIALOG), 10,
                         "the Add Camera dialog");
  dialog = SC_ADD_CAMERA_DIALOG (sc_test_ui_find_toplevel (SC_TYPE_ADD_CAMERA_DIALOG));

  sc_add_camera_dialog_set_address (dialog, "not an address");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add"));
  g_assert_nonnull (sc_test_ui_find_label (GTK_WIDGET (dialog), "This is not an address"));
  sc_test_ui_save_screenshot (GTK_WIDGET (dialog), "add-camera");

  /* Nothing listens on port 9: the connection is refused at once. */
  sc_add_camera_dialog_set_address (dialog, "127.0.0.1:9");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "add");
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (monitor)), ==, 1);
  camera = sc_camera_page_get_camera (page);
  g_assert_nonnull (camera);
  g_assert_cmpstr (sc_camera_get_uri (camera), ==, "http://127.0.0.1:9");

  for (guint i = 0; i < 600 && !sc_test_ui_find_label (GTK_WIDGET (window), "Could not connect"); i++)
    sc_test_ui_iterate (50);
  g_assert_nonnull (sc_test_ui_find_label (GTK_WIDGET (window), "Could not connect to"));
  g_assert_false (sc_camera_is_connected (camera));
  sc_test_ui_save_screenshot (GTK_WIDGET (window), "camera-page-disconnected");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
camera_disconnected (gpointer data)
{
  Fixture *f = data;

  return !sc_camera_is_connected (f->camera);
}

static gboolean
reset_reported (gpointer data)
{
  Fixture *f = data;

  /* The toast: "Test Camera was reset to its default settings" */
  return sc_test_ui_find_label (GTK_WIDGET (f->window), "Test Camera was reset") != NULL;
}

/* Reset and Forget from the info panel, each behind a confirmation, and
 * revoking the consent disconnects the cameras. */
static void
test_reset_forget_revoke (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *tmp = NULL;
  g_autoptr(GFile) directory = NULL;
  g_autoptr(ScConsent) consent = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->camera_page), "camera.connect", "s",
                                             sc_camera_get_uri (f->camera)));
  sc_test_ui_wait_until (camera_connected, f, 30, "the connection");

  /* Reset: cancelling does nothing; confirming resets and says so. */
  gtk_widget_activate_action (GTK_WIDGET (f->camera_page), "camera.reset-settings", NULL);
  dialog = sc_test_ui_wait_for_message_dialog ();
  sc_test_ui_save_screenshot (GTK_WIDGET (dialog), "camera-reset-confirmation");
  sc_test_ui_respond (dialog, "cancel");
  sc_test_ui_iterate (50);
  g_assert_false (reset_reported (f));
  gtk_widget_activate_action (GTK_WIDGET (f->camera_page), "camera.reset-settings", NULL);
  dialog = sc_test_ui_wait_for_message_dialog ();
  sc_test_ui_respond (dialog, "reset");
  sc_test_ui_wait_until (reset_reported, f, 30, "the reset");
  g_assert_true (sc_camera_is_connected (f->camera));

  /* Revoking the consent, from anywhere, disconnects the cameras. */
  tmp = g_dir_make_tmp ("sc-camera-ui-consent-XXXXXX", &error);
  g_assert_no_error (error);
  directory = g_file_new_for_path (tmp);
  consent = sc_consent_new (directory, SC_POLICY_VERSION);
  g_assert_true (sc_consent_accept (consent, &error));
  g_assert_no_error (error);
  sc_permissions_set_consent (sc_permissions_get_default (), consent);
  g_assert_true (sc_window_get_consent_accepted (f->window));
  g_assert_true (sc_consent_revoke (consent, &error));
  g_assert_no_error (error);
  sc_test_ui_wait_until (camera_disconnected, f, 30, "the disconnection");
  g_assert_false (sc_window_get_consent_accepted (f->window));
  sc_permissions_set_consent (sc_permissions_get_default (), NULL);
  g_assert_true (sc_window_get_consent_accepted (f->window));

  /* Forget: the camera leaves the list. */
  gtk_widget_activate_action (GTK_WIDGET (f->camera_page), "camera.confirm-forget", NULL);
  dialog = sc_test_ui_wait_for_message_dialog ();
  sc_test_ui_respond (dialog, "forget");
  sc_test_ui_iterate (50);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->monitor)), ==, 0);
  g_assert_null (sc_camera_page_get_camera (f->camera_page));

  remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_log_set_writer_func (log_writer_cb, NULL, NULL);
  app = sc_test_ui_init (&argc, &argv);

  g_test_add ("/sc-ui/ScCameraPage/camera-and-library", Fixture, NULL,
              fixture_set_up, test_camera_and_library, fixture_tear_down);
  g_test_add_func ("/sc-ui/ScAddCameraDialog/add", test_add_camera);
  g_test_add ("/sc-ui/ScCameraPage/reset-forget-revoke", Fixture, NULL,
              fixture_set_up, test_reset_forget_revoke, fixture_tear_down);

  ret = g_test_run ();

  g_clear_object (&app);

  return ret;
}
