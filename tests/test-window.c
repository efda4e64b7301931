/* test-window.c: the main window under Xvfb
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the main window, switches to every page through its action and
 * saves a PNG of each page (and of the Preferences and Keyboard Shortcuts
 * windows) into <build>/tests/screenshots/. CTest runs it in English and,
 * with LANGUAGE=zh_CN, in Chinese, where it also checks that what is shown
 * is translated.
 *
 * The Camera and Library pages are tested with a camera in
 * test-camera-ui.c; here they are shown with no cameras at all.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <sc-ui.h>

#include "sc-test-ui.h"

static const char * const pages[] = { "camera", "library", "editor", "help" };

static AdwApplication *app;

static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar)*p >= 0x80)
      return FALSE;
  return TRUE;
}

/* Checks a user-visible string: Chinese under zh_CN, English otherwise. */
static void
assert_language (const char *text)
{
  g_assert_nonnull (text);
  if (g_getenv ("SC_TEST_EXPECT_CHINESE") != NULL)
    {
      if (is_ascii (text))
        g_error ("“%s” is shown untranslated under LANGUAGE=zh_CN", text);
    }
  else if (!is_ascii (text) && strstr (text, "°") == NULL)
    g_error ("“%s” is not English", text);
}

static void
wait_for_mapped (GtkWidget *widget)
{
  for (guint i = 0; i < 200 && !gtk_widget_get_mapped (widget); i++)
    sc_test_ui_iterate (10);
}

static void
test_pages (void)
{
  ScWindow *window = sc_window_new (GTK_APPLICATION (app));
  AdwViewStack *stack;

  gtk_window_set_default_size (GTK_WINDOW (window), 960, 640);
  gtk_window_present (GTK_WINDOW (window));
  stack = ADW_VIEW_STACK (sc_test_ui_find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  g_assert_nonnull (stack);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (adw_view_stack_get_pages (stack))),
                    ==, G_N_ELEMENTS (pages));

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *name = g_strdup_printf ("window-%s", pages[i]);
      GtkWidget *child;
      AdwViewStackPage *page;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                                 pages[i]));
      g_assert_cmpstr (sc_window_get_page (window), ==, pages[i]);
      g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, pages[i]);

      child = adw_view_stack_get_visible_child (stack);
      page = adw_view_stack_get_page (stack, child);
      assert_language (adw_view_stack_page_get_title (page));

      if (g_str_equal (pages[i], "camera"))
        {
          /* No cameras: the page says how to add one. */
          AdwStatusPage *status;

          g_assert_true (SC_IS_CAMERA_PAGE (child));
          g_assert_null (sc_camera_page_get_camera (SC_CAMERA_PAGE (child)));
          g_assert_false (sc_camera_page_get_can_capture (SC_CAMERA_PAGE (child)));
          status = ADW_STATUS_PAGE (sc_test_ui_find_descendant (child, ADW_TYPE_STATUS_PAGE));
          g_assert_nonnull (status);
          wait_for_mapped (GTK_WIDGET (status));
          g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (status)));
          g_assert_nonnull (sc_test_ui_find_button (GTK_WIDGET (status), "camera.add"));
          if (g_getenv ("SC_TEST_EXPECT_CHINESE") == NULL)
            g_assert_cmpstr (adw_status_page_get_title (status), ==, "No Cameras");
        }
      else if (g_str_equal (pages[i], "library"))
        {
          g_assert_true (SC_IS_LIBRARY_PAGE (child));
          g_assert_cmpstr (sc_library_page_get_view (SC_LIBRARY_PAGE (child)), ==, "no-camera");
          g_assert_nonnull (sc_test_ui_find_button (child, "win.show-page"));
        }
      else
        {
          /* Not built yet: the page says so, in the user's language. */
          g_assert_true (ADW_IS_STATUS_PAGE (child));
          assert_language (adw_status_page_get_title (ADW_STATUS_PAGE (child)));
          assert_language (adw_status_page_get_description (ADW_STATUS_PAGE (child)));
        }

      sc_test_ui_save_screenshot (GTK_WIDGET (window), name);
      g_assert_true (gtk_widget_get_mapped (child));
    }

  /* An unknown page is refused and leaves the window where it was. */
  g_test_expect_message ("sc-window", G_LOG_LEVEL_WARNING, "*No page named*");
  sc_window_set_page (window, "nonsense");
  g_test_assert_expected_messages ();
  g_assert_cmpstr (sc_window_get_page (window), ==, "help");

  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_row (GtkWidget  *widget,
          const char *buildable_id)
{
  if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), buildable_id) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, buildable_id);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_preferences (void)
{
  ScWindow *window = sc_window_new (GTK_APPLICATION (app));
  ScPreferencesWindow *prefs;
  g_autoptr(GSettings) settings = g_settings_new ("org.spherecam.Spherecam");
  AdwActionRow *folder_row;
  AdwComboRow *row;

  gtk_window_present (GTK_WINDOW (window));
  prefs = sc_preferences_window_new (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (prefs));
  assert_language (gtk_window_get_title (GTK_WINDOW (prefs)));

  /* The Style row follows and writes the color-scheme key. */
  row = ADW_COMBO_ROW (sc_test_ui_find_descendant (GTK_WIDGET (prefs), ADW_TYPE_COMBO_ROW));
  g_assert_nonnull (row);
  assert_language (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  g_settings_set_string (settings, "color-scheme", "dark");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 2);
  adw_combo_row_set_selected (row, 1);
  g_assert_cmpstr (g_settings_get_string (settings, "color-scheme"), ==, "light");
  adw_combo_row_set_selected (row, 0);

  /* The Download Folder row shows the download-folder key, or the
   * Pictures folder when it is empty. */
  folder_row = ADW_ACTION_ROW (find_row (GTK_WIDGET (prefs), "download_folder_row"));
  g_assert_nonnull (folder_row);
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (folder_row), "Spherecam"));
  g_settings_set_string (settings, "download-folder", "/srv/pictures & videos");
  /* Shown as text, not taken as markup. */
  g_assert_cmpstr (adw_action_row_get_subtitle (folder_row), ==, "/srv/pictures & videos");
  g_settings_reset (settings, "download-folder");

  sc_test_ui_save_screenshot (GTK_WIDGET (prefs), "preferences");

  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The header bar's jobs popover shows the same ScJob objects the service
 * exports: their progress, and a cancel button that reaches the job. */
static void
test_jobs (void)
{
  ScWindow *window = sc_window_new (GTK_APPLICATION (app));
  g_autoptr(ScJobManager) manager = sc_job_manager_new ();
  g_autoptr(ScJob) job = sc_job_new ("test.countdown");
  GtkWidget *jobs_button, *menu_button, *popover;
  GtkProgressBar *bar;
  ScJobRow *row;

  sc_window_set_job_manager (window, manager);
  gtk_window_present (GTK_WINDOW (window));
  jobs_button = sc_test_ui_find_descendant (GTK_WIDGET (window), SC_TYPE_JOBS_BUTTON);
  g_assert_nonnull (jobs_button);
  g_assert_false (gtk_widget_get_visible (jobs_button));   /* no jobs, no button */

  sc_job_manager_add (manager, job);
  sc_job_update (job, 0.4, "Step 2 of 5");
  g_assert_true (gtk_widget_get_visible (jobs_button));

  menu_button = sc_test_ui_find_descendant (jobs_button, GTK_TYPE_MENU_BUTTON);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
  /* An autohiding popover closes when another client takes the focus. */
  gtk_popover_set_autohide (GTK_POPOVER (popover), FALSE);
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  row = SC_JOB_ROW (sc_test_ui_find_descendant (popover, SC_TYPE_JOB_ROW));
  g_assert_nonnull (row);
  g_assert_true (sc_job_row_get_job (row) == job);
  bar = GTK_PROGRESS_BAR (sc_test_ui_find_descendant (GTK_WIDGET (row), GTK_TYPE_PROGRESS_BAR));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (bar), ==, 0.4);

  sc_job_update (job, 0.6, NULL);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (bar), ==, 0.6);
  sc_test_ui_save_screenshot (popover, "jobs");

  /* The row's cancel button cancels the job itself. */
  g_signal_emit_by_name (sc_test_ui_find_descendant (GTK_WIDGET (row), GTK_TYPE_BUTTON), "clicked");
  g_assert_true (g_cancellable_is_cancelled (sc_job_get_cancellable (job)));
  sc_job_return_error (job, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x"));
  assert_language (gtk_label_get_text (GTK_LABEL (gtk_widget_get_last_child (
    gtk_widget_get_parent (GTK_WIDGET (bar))))));

  gtk_popover_popdown (GTK_POPOVER (popover));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_shortcuts (void)
{
  ScWindow *window = sc_window_new (GTK_APPLICATION (app));
  GtkShortcutsWindow *overlay;

  gtk_window_present (GTK_WINDOW (window));
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  sc_test_ui_save_screenshot (GTK_WIDGET (overlay), "shortcuts");
  gtk_window_close (GTK_WINDOW (overlay));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app = sc_test_ui_init (&argc, &argv);

  g_test_add_func ("/sc-ui/ScWindow/pages", test_pages);
  g_test_add_func ("/sc-ui/ScPreferencesWindow/style", test_preferences);
  g_test_add_func ("/sc-ui/ScWindow/shortcuts", test_shortcuts);
  g_test_add_func ("/sc-ui/ScJobsButton/jobs", test_jobs);

  ret = g_test_run ();

  g_clear_object (&app);

  return ret;
}
