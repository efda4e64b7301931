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
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>
#include <sc-ui.h>

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
on_after_paint_cb (GdkFrameClock *clock,
                   guint         *painted)
{
  (*painted)++;
}

static gboolean
wake_up_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates until @widget's surface has painted twice since now; fails
 * after 20 s rather than hanging. */
static void
wait_for_paint (GtkWidget *widget)
{
  GdkFrameClock *clock;
  guint painted = 0;
  gulong id;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint wake_up_id = g_timeout_add (50, wake_up_cb, NULL);

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_mapped (widget));

  clock = gtk_widget_get_frame_clock (widget);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  while (painted < 2 && g_get_monotonic_time () < deadline)
    {
      gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, id);
  g_source_remove (wake_up_id);
  g_assert_cmpuint (painted, >=, 2);
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  int width, height;

  wait_for_paint (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  dir = g_test_build_filename (G_TEST_BUILT, "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  file = g_strdup_printf ("%s-%s.png", name, g_getenv ("SC_TEST_SCREENSHOT_SUFFIX") ?: "C");
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s (%d×%d)", path, width, height);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_pages (void)
{
  ScWindow *window = sc_window_new (GTK_APPLICATION (app));
  AdwViewStack *stack;

  gtk_window_set_default_size (GTK_WINDOW (window), 960, 640);
  gtk_window_present (GTK_WINDOW (window));
  stack = ADW_VIEW_STACK (find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
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

      /* Not built yet: the page says so, in the user's language. */
      child = adw_view_stack_get_visible_child (stack);
      page = adw_view_stack_get_page (stack, child);
      g_assert_true (ADW_IS_STATUS_PAGE (child));
      assert_language (adw_view_stack_page_get_title (page));
      assert_language (adw_status_page_get_title (ADW_STATUS_PAGE (child)));
      assert_language (adw_status_page_get_description (ADW_STATUS_PAGE (child)));

      save_screenshot (GTK_WIDGET (window), name);
      g_assert_true (gtk_widget_get_mapped (child));
    }

  /* An unknown page is refused and leaves the window where it was. */
  g_test_expect_message ("sc-window", G_LOG_LEVEL_WARNING, "*No page named*");
  sc_window_set_page (window, "nonsense");
  g_test_assert_expected_messages ();
  g_assert_cmpstr (sc_window_get_page (window), ==, "help");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_preferences (void)
{
  ScWindow *window = sc_window_new (GTK_APPLICATION (app));
  ScPreferencesWindow *prefs;
  g_autoptr(GSettings) settings = g_settings_new ("org.spherecam.Spherecam");
  AdwComboRow *row;

  gtk_window_present (GTK_WINDOW (window));
  prefs = sc_preferences_window_new (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (prefs));
  assert_language (gtk_window_get_title (GTK_WINDOW (prefs)));

  /* The Style row follows and writes the color-scheme key. */
  row = ADW_COMBO_ROW (find_descendant (GTK_WIDGET (prefs), ADW_TYPE_COMBO_ROW));
  g_assert_nonnull (row);
  assert_language (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  g_settings_set_string (settings, "color-scheme", "dark");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 2);
  adw_combo_row_set_selected (row, 1);
  g_assert_cmpstr (g_settings_get_string (settings, "color-scheme"), ==, "light");
  adw_combo_row_set_selected (row, 0);

  save_screenshot (GTK_WIDGET (prefs), "preferences");

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
  jobs_button = find_descendant (GTK_WIDGET (window), SC_TYPE_JOBS_BUTTON);
  g_assert_nonnull (jobs_button);
  g_assert_false (gtk_widget_get_visible (jobs_button));   /* no jobs, no button */

  sc_job_manager_add (manager, job);
  sc_job_update (job, 0.4, "Step 2 of 5");
  g_assert_true (gtk_widget_get_visible (jobs_button));

  menu_button = find_descendant (jobs_button, GTK_TYPE_MENU_BUTTON);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
  /* An autohiding popover closes when another client takes the focus. */
  gtk_popover_set_autohide (GTK_POPOVER (popover), FALSE);
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  row = SC_JOB_ROW (find_descendant (popover, SC_TYPE_JOB_ROW));
  g_assert_nonnull (row);
  g_assert_true (sc_job_row_get_job (row) == job);
  bar = GTK_PROGRESS_BAR (find_descendant (GTK_WIDGET (row), GTK_TYPE_PROGRESS_BAR));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (bar), ==, 0.4);

  sc_job_update (job, 0.6, NULL);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (bar), ==, 0.6);
  save_screenshot (popover, "jobs");

  /* The row's cancel button cancels the job itself. */
  g_signal_emit_by_name (find_descendant (GTK_WIDGET (row), GTK_TYPE_BUTTON), "clicked");
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
  save_screenshot (GTK_WIDGET (overlay), "shortcuts");
  gtk_window_close (GTK_WINDOW (overlay));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("SPHERECAM_LOCALEDIR");
  int ret;

  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init() forces en_US.UTF-8, which may not exist; use the
   * environment's locale (C.UTF-8 from CTest) so that LANGUAGE applies. */
  setlocale (LC_ALL, "");
  g_assert_true (sc_core_init (NULL));
  adw_init ();
  sc_ui_init ();

  /* Screenshots must show the final state, not a cross-fade. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = adw_application_new ("org.spherecam.Spherecam.Test", G_APPLICATION_NON_UNIQUE);
  g_application_set_resource_base_path (G_APPLICATION (app), SC_RESOURCE_BASE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/sc-ui/ScWindow/pages", test_pages);
  g_test_add_func ("/sc-ui/ScPreferencesWindow/style", test_preferences);
  g_test_add_func ("/sc-ui/ScWindow/shortcuts", test_shortcuts);
  g_test_add_func ("/sc-ui/ScJobsButton/jobs", test_jobs);

  ret = g_test_run ();

  g_clear_object (&app);

  return ret;
}
