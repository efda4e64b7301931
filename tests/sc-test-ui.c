/* sc-test-ui.c: helpers shared by the UI tests
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Set-up (translations, GTK, libadwaita, libsc-ui, an application to
 * attach windows to), waiting for the main loop, finding widgets and
 * saving screenshots into <build>/tests/screenshots/.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <sc-ui.h>

#include "sc-test-ui.h"

/**
 * sc_test_ui_init:
 * @argc: main's argc
 * @argv: main's argv
 *
 * Initialises translations (from SPHERECAM_LOCALEDIR), GTK for tests,
 * core, libadwaita and libsc-ui, turns animations off (screenshots show
 * final states, not cross-fades) and registers a non-unique application.
 *
 * Returns: (transfer full): the application windows are attached to
 */
AdwApplication *
sc_test_ui_init (int    *argc,
                 char ***argv)
{
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("SPHERECAM_LOCALEDIR");
  AdwApplication *app;

  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (argc, argv, NULL);
  /* gtk_test_init() forces en_US.UTF-8, which may not exist; use the
   * environment's locale (C.UTF-8 from CTest) so that LANGUAGE applies. */
  setlocale (LC_ALL, "");
  g_assert_true (sc_core_init (NULL));
  adw_init ();
  sc_ui_init ();

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = adw_application_new ("org.spherecam.Spherecam.Test", G_APPLICATION_NON_UNIQUE);
  g_application_set_resource_base_path (G_APPLICATION (app), SC_RESOURCE_BASE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  return app;
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

/**
 * sc_test_ui_wait_for_paint:
 * @widget: a widget
 *
 * Iterates until @widget's surface has painted twice since now; fails
 * after 20 s rather than hanging.
 */
void
sc_test_ui_wait_for_paint (GtkWidget *widget)
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

/**
 * sc_test_ui_save_screenshot:
 * @widget: a widget, usually a window
 * @name: the file name without suffix, e.g. "camera-page"
 *
 * Saves what @widget shows as <build>/tests/screenshots/NAME-SUFFIX.png,
 * SUFFIX being $SC_TEST_SCREENSHOT_SUFFIX (or "C").
 */
void
sc_test_ui_save_screenshot (GtkWidget  *widget,
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

  sc_test_ui_wait_for_paint (widget);
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

/**
 * sc_test_ui_find_descendant:
 * @widget: where to start
 * @type: the type to look for
 *
 * Returns: (transfer none) (nullable): the first widget of @type in
 *   @widget's tree (depth first), @widget included
 */
GtkWidget *
sc_test_ui_find_descendant (GtkWidget *widget,
                            GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = sc_test_ui_find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/**
 * sc_test_ui_find_button:
 * @widget: where to start
 * @action_name: an action name, e.g. "win.download-file"
 *
 * Returns: (transfer none) (nullable): the first visible button in
 *   @widget's tree that activates @action_name
 */
GtkWidget *
sc_test_ui_find_button (GtkWidget  *widget,
                        const char *action_name)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = sc_test_ui_find_button (child, action_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/**
 * sc_test_ui_find_label:
 * @widget: where to start
 * @prefix: the start of the text
 *
 * Returns: (transfer none) (nullable): the first visible label in
 *   @widget's tree whose text starts with @prefix
 */
GtkWidget *
sc_test_ui_find_label (GtkWidget  *widget,
                       const char *prefix)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = sc_test_ui_find_label (child, prefix);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/**
 * sc_test_ui_find_toplevel:
 * @type: a window type
 *
 * Returns: (transfer none) (nullable): a visible toplevel of @type
 */
GtkWidget *
sc_test_ui_find_toplevel (GType type)
{
  g_autoptr(GListModel) toplevels = NULL;
  guint n;

  toplevels = g_object_ref (gtk_window_get_toplevels ());
  n = g_list_model_get_n_items (toplevels);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (window))
        return window;
    }

  return NULL;
}

/**
 * sc_test_ui_iterate:
 * @msec: how long
 *
 * Runs the main loop for @msec milliseconds.
 */
void
sc_test_ui_iterate (guint msec)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)msec * 1000;
  guint wake_up_id = g_timeout_add (20, wake_up_cb, NULL);

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_up_id);
}

/**
 * sc_test_ui_wait_until:
 * @predicate: what to wait for
 * @data: closure for @predicate
 * @timeout_s: how long at most
 * @what: what is waited for, for the failure message
 *
 * Runs the main loop until @predicate returns %TRUE; fails the test after
 * @timeout_s seconds.
 */
void
sc_test_ui_wait_until (gboolean   (*predicate) (gpointer),
                       gpointer     data,
                       guint        timeout_s,
                       const char  *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_s * G_USEC_PER_SEC;
  guint wake_up_id = g_timeout_add (50, wake_up_cb, NULL);

  while (!predicate (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %u s waiting for %s", timeout_s, what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake_up_id);
}

/**
 * sc_test_ui_find_named:
 * @widget: where to start
 * @name: a widget name (gtk_widget_set_name() or the template's name)
 *
 * Returns: (transfer none) (nullable): the first of @widget and its
 *   descendants with that name
 */
GtkWidget *
sc_test_ui_find_named (GtkWidget  *widget,
                       const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = sc_test_ui_find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/**
 * sc_test_ui_wait_for_message_dialog:
 *
 * Waits (up to 2 s of main loop) for an #AdwMessageDialog to appear.
 *
 * Returns: (transfer none): the dialog
 */
AdwMessageDialog *
sc_test_ui_wait_for_message_dialog (void)
{
  GtkWidget *dialog = NULL;

  for (guint i = 0; i < 100 && dialog == NULL; i++)
    {
      sc_test_ui_iterate (20);
      dialog = sc_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    }
  g_assert_nonnull (dialog);

  return ADW_MESSAGE_DIALOG (dialog);
}

/**
 * sc_test_ui_respond:
 * @dialog: a confirmation
 * @response: the response id to give
 *
 * Answers a confirmation as its button would: the response, then closing
 * (adw_message_dialog_response() only emits the signal).
 */
void
sc_test_ui_respond (AdwMessageDialog *dialog,
                    const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  sc_test_ui_iterate (50);
}
