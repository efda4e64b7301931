/* test-privacy-ui.c: the privacy UI under Xvfb
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A consent attached to the default permissions (in a temporary folder):
 * the window shows only the first-run screen, and refuses the actions it
 * gates, until "Agree and Continue"; revoking in Preferences (behind its
 * confirmation) and a new policy version bring the screen back.
 * Preferences' switches and the permissions follow each other, the manual
 * location is validated, and "Your Data" lists every expected category
 * and erases one. Screenshots: first-run, preferences-authorization,
 * preferences-privacy, your-data (and policy).
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sc-ui.h>

#include "sc-test-ui.h"

static AdwApplication *app;
static ScConsent *consent;
static GFile *directory;

static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar)*p >= 0x80)
      return FALSE;
  return TRUE;
}

static ScWindow *
open_window (void)
{
  ScWindow *window = sc_window_new (GTK_APPLICATION (app));

  gtk_window_set_default_size (GTK_WINDOW (window), 960, 720);
  gtk_window_present (GTK_WINDOW (window));
  sc_test_ui_wait_for_paint (GTK_WIDGET (window));

  return window;
}

static void
close_window (gpointer window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  sc_test_ui_iterate (50);
}

static void
accept (ScWindow *window)
{
  GtkWidget *button = sc_test_ui_find_button (GTK_WIDGET (window), "consent.accept");

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  g_signal_emit_by_name (button, "clicked");
  sc_test_ui_iterate (50);
  g_assert_true (sc_consent_get_is_accepted (consent));
  g_assert_true (sc_window_get_consent_accepted (window));
}

static void
ensure_accepted (void)
{
  g_autoptr(GError) error = NULL;

  if (!sc_consent_get_is_accepted (consent))
    g_assert_true (sc_consent_accept (consent, &error));
  g_assert_no_error (error);
}

/* The gated actions do nothing before consent. */
static void
assert_gated (ScWindow *window)
{
  ScConsentView *view;

  g_assert_false (sc_window_get_consent_accepted (window));
  view = SC_CONSENT_VIEW (sc_test_ui_find_descendant (GTK_WIDGET (window), SC_TYPE_CONSENT_VIEW));
  g_assert_nonnull (view);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (view)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (sc_window_get_camera_page (window))));

  sc_window_set_page (window, "camera");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "library");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-camera", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.capture", NULL);
  sc_test_ui_iterate (50);
  g_assert_cmpstr (sc_window_get_page (window), ==, "camera");
  g_assert_null (sc_test_ui_find_toplevel (SC_TYPE_ADD_CAMERA_DIALOG));
}

static void
test_first_run (void)
{
  g_autoptr(GError) error = NULL;
  ScUsageStats *stats = sc_usage_stats_get_default ();
  ScWindow *window;
  GtkWidget *policy;
  g_autofree char *text = NULL;

  if (sc_consent_get_is_accepted (consent))
    g_assert_true (sc_consent_revoke (consent, &error));

  window = open_window ();
  assert_gated (window);
  sc_test_ui_save_screenshot (GTK_WIDGET (window), "first-run");

  /* The policy texts are readable before agreeing. */
  gtk_widget_activate_action (sc_test_ui_find_descendant (GTK_WIDGET (window), SC_TYPE_CONSENT_VIEW),
                              "consent.show-document", "s", "privacy-policy");
  policy = sc_test_ui_find_toplevel (SC_TYPE_POLICY_WINDOW);
  g_assert_nonnull (policy);
  g_assert_cmpint (sc_policy_window_get_document (SC_POLICY_WINDOW (policy)), ==,
                   SC_POLICY_PRIVACY_POLICY);
  text = sc_policy_window_dup_text (SC_POLICY_WINDOW (policy));
  g_assert_cmpuint (strlen (text), >, 1000);
  /* Headings and bullets are rendered, not shown as Markdown. */
  g_assert_null (strstr (text, "## "));
  g_assert_null (strstr (text, "**"));
  g_assert_nonnull (strstr (text, "•"));
  gtk_window_set_default_size (GTK_WINDOW (policy), 640, 600);
  sc_test_ui_save_screenshot (policy, "policy");
  close_window (policy);

  /* Agreeing shows the main pages, and the actions work. */
  sc_usage_stats_set_enabled (stats, TRUE);
  accept (window);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (sc_window_get_camera_page (window))));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "library");
  g_assert_cmpstr (sc_window_get_page (window), ==, "library");

  /* Usage counting: the page, by its fixed name. */
  {
    g_autoptr(JsonNode) node = sc_usage_stats_to_json (stats);
    g_autoptr(JsonGenerator) generator = json_generator_new ();
    g_autofree char *json = NULL;

    json_generator_set_root (generator, node);
    json = json_generator_to_data (generator, NULL);
    g_assert_nonnull (strstr (json, "\"page-opened:library\""));
  }
  sc_usage_stats_set_enabled (stats, FALSE);
  sc_window_set_page (window, "camera");

  /* A new policy version asks again, from anywhere. */
  sc_consent_set_policy_version (consent, "2.0");
  sc_test_ui_iterate (50);
  assert_gated (window);
  accept (window);
  g_assert_cmpstr (sc_consent_get_accepted_version (consent), ==, "2.0");
  sc_consent_set_policy_version (consent, SC_POLICY_VERSION);
  sc_test_ui_iterate (50);
  g_assert_false (sc_window_get_consent_accepted (window));
  accept (window);

  close_window (window);
}

static void
test_revoke (void)
{
  ScWindow *window;
  ScPreferencesWindow *prefs;
  AdwMessageDialog *dialog;
  GtkWidget *button;

  ensure_accepted ();
  window = open_window ();
  g_assert_true (sc_window_get_consent_accepted (window));

  prefs = sc_preferences_window_new (GTK_WINDOW (window));
  g_object_add_weak_pointer (G_OBJECT (prefs), (gpointer *) &prefs);
  gtk_window_present (GTK_WINDOW (prefs));
  sc_preferences_window_show_page (prefs, "more-help");
  sc_test_ui_save_screenshot (GTK_WIDGET (prefs), "preferences-authorization");

  /* Cancelling keeps everything. */
  button = sc_test_ui_find_button (GTK_WIDGET (prefs), "preferences.revoke-authorization");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  dialog = sc_test_ui_wait_for_message_dialog ();
  sc_test_ui_respond (dialog, "cancel");
  sc_test_ui_iterate (50);
  g_assert_true (sc_consent_get_is_accepted (consent));
  g_assert_nonnull (prefs);

  /* Revoking returns to the first-run screen and closes Preferences. */
  g_signal_emit_by_name (button, "clicked");
  dialog = sc_test_ui_wait_for_message_dialog ();
  sc_test_ui_save_screenshot (GTK_WIDGET (dialog), "revoke-confirmation");
  sc_test_ui_respond (dialog, "revoke");
  for (guint i = 0; i < 100 && prefs != NULL && gtk_widget_get_visible (GTK_WIDGET (prefs)); i++)
    sc_test_ui_iterate (20);
  g_assert_false (sc_consent_get_is_accepted (consent));
  g_assert_true (prefs == NULL || !gtk_widget_get_visible (GTK_WIDGET (prefs)));
  assert_gated (window);

  close_window (window);
}

static void
collect_switches (GtkWidget *widget,
                  GPtrArray *switches)
{
  if (GTK_IS_SWITCH (widget))
    g_ptr_array_add (switches, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_switches (child, switches);
}

static void
collect_entry_rows (GtkWidget *widget,
                    GPtrArray *rows)
{
  if (ADW_IS_ENTRY_ROW (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_entry_rows (child, rows);
}

static GtkWidget *
find_page (GtkWidget  *widget,
           const char *name)
{
  if (ADW_IS_PREFERENCES_PAGE (widget) && g_strcmp0 (adw_preferences_page_get_name (ADW_PREFERENCES_PAGE (widget)), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_page (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_error_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "error"))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_error_label (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_privacy_page (void)
{
  ScPermissions *permissions = sc_permissions_get_default ();
  ScLocationSource *location = sc_location_source_get_default ();
  ScUsageStats *stats = sc_usage_stats_get_default ();
  g_autoptr(GPtrArray) switches = g_ptr_array_new ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  ScGeoLocation manual;
  ScPreferencesWindow *prefs;
  GtkWidget *page, *error_label;
  gboolean storage;

  ensure_accepted ();
  prefs = sc_preferences_window_new (NULL);
  gtk_window_present (GTK_WINDOW (prefs));
  sc_preferences_window_show_page (prefs, "privacy");
  sc_test_ui_wait_for_paint (GTK_WIDGET (prefs));
  page = find_page (GTK_WIDGET (prefs), "privacy");
  g_assert_nonnull (page);
  collect_switches (page, switches);
  /* Storage, Location, Microphone, Usage Statistics, Detailed Diagnostics */
  g_assert_cmpuint (switches->len, ==, 5);

  /* Switches → permissions */
  storage = sc_permissions_get (permissions, SC_PERMISSION_STORAGE);
  gtk_switch_set_active (g_ptr_array_index (switches, 0), !storage);
  g_assert_cmpint (sc_permissions_get (permissions, SC_PERMISSION_STORAGE), ==, !storage);
  gtk_switch_set_active (g_ptr_array_index (switches, 0), storage);
  g_assert_cmpint (sc_permissions_get (permissions, SC_PERMISSION_STORAGE), ==, storage);

  /* Permissions → switches */
  sc_permissions_set (permissions, SC_PERMISSION_MICROPHONE, TRUE);
  g_assert_true (gtk_switch_get_active (g_ptr_array_index (switches, 2)));
  sc_permissions_set (permissions, SC_PERMISSION_MICROPHONE, FALSE);
  g_assert_false (gtk_switch_get_active (g_ptr_array_index (switches, 2)));
  sc_permissions_set (permissions, SC_PERMISSION_LOCATION, TRUE);
  g_assert_true (gtk_switch_get_active (g_ptr_array_index (switches, 1)));

  /* Usage statistics, off by default */
  g_assert_false (gtk_switch_get_active (g_ptr_array_index (switches, 3)));
  gtk_switch_set_active (g_ptr_array_index (switches, 3), TRUE);
  g_assert_true (sc_usage_stats_get_enabled (stats));
  gtk_switch_set_active (g_ptr_array_index (switches, 3), FALSE);
  g_assert_false (sc_usage_stats_get_enabled (stats));

  /* Detailed diagnostics */
  gtk_switch_set_active (g_ptr_array_index (switches, 4), TRUE);
  g_assert_true (sc_log_get_detailed ());
  gtk_switch_set_active (g_ptr_array_index (switches, 4), FALSE);
  g_assert_false (sc_log_get_detailed ());

  /* Location set by hand, validated */
  adw_combo_row_set_selected (ADW_COMBO_ROW (sc_test_ui_find_named (page, "location-mode")), 1);
  g_assert_cmpint (sc_location_source_get_mode (location), ==, SC_LOCATION_MODE_MANUAL);
  sc_test_ui_iterate (50);
  collect_entry_rows (page, entries);
  g_assert_cmpuint (entries->len, ==, 3);
  for (guint i = 0; i < entries->len; i++)
    g_assert_true (gtk_widget_get_mapped (g_ptr_array_index (entries, i)));
  gtk_editable_set_text (g_ptr_array_index (entries, 0), "95");
  gtk_editable_set_text (g_ptr_array_index (entries, 1), "2.2945");
  g_signal_emit_by_name (g_ptr_array_index (entries, 0), "apply");
  error_label = find_error_label (page);
  g_assert_nonnull (error_label);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_has_css_class (g_ptr_array_index (entries, 0), "error"));
  g_assert_false (sc_location_source_get_manual (location, &manual));

  gtk_editable_set_text (g_ptr_array_index (entries, 0), "48,8584");
  gtk_editable_set_text (g_ptr_array_index (entries, 2), "35");
  g_signal_emit_by_name (g_ptr_array_index (entries, 1), "apply");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_true (sc_location_source_get_manual (location, &manual));
  g_assert_cmpfloat_with_epsilon (manual.latitude, 48.8584, 1e-6);
  g_assert_cmpfloat_with_epsilon (manual.longitude, 2.2945, 1e-6);
  g_assert_true (manual.has_altitude);
  g_assert_cmpfloat_with_epsilon (manual.altitude, 35, 1e-6);

  sc_test_ui_save_screenshot (GTK_WIDGET (prefs), "preferences-privacy");

  sc_location_source_set_mode (location, SC_LOCATION_MODE_NONE);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (sc_test_ui_find_named (page, "location-mode"))),
                    ==, 0);
  g_assert_false (gtk_widget_get_visible (g_ptr_array_index (entries, 0)));
  sc_permissions_set (permissions, SC_PERMISSION_LOCATION, FALSE);

  close_window (prefs);
}

static const char *
count_text (GtkWidget *row)
{
  GtkWidget *label = NULL;

  /* The count is the dim numeric label at the end of the row. */
  for (GtkWidget *w = row; w != NULL; )
    {
      GtkWidget *next = gtk_widget_get_first_child (w);

      if (GTK_IS_LABEL (w) && gtk_widget_has_css_class (w, "numeric"))
        label = w;
      while (next == NULL && w != row && w != NULL)
        {
          next = gtk_widget_get_next_sibling (w);
          if (next == NULL)
            w = gtk_widget_get_parent (w);
        }
      if (w == row && next == NULL)
        break;
      w = next;
    }
  g_assert_nonnull (label);

  return gtk_label_get_text (GTK_LABEL (label));
}

static void
test_your_data (void)
{
  g_autoptr(GFile) registry_dir = g_file_get_child (directory, "registry");
  g_autoptr(ScCameraRegistry) registry = sc_camera_registry_new (registry_dir);
  g_autoptr(ScCameraRecord) record = sc_camera_record_new ("theta-test");
  g_autoptr(ScDataInventory) inventory = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *expected = sc_data_inventory_expected_categories ();
  ScUsageStats *stats = sc_usage_stats_get_default ();
  ScPreferencesWindow *prefs;
  ScYourDataPage *page;
  AdwMessageDialog *dialog;
  ScWindow *window;
  GtkWidget *row;

  ensure_accepted ();
  sc_camera_record_set_model (record, "RICOH THETA Z1");
  sc_camera_record_set_uri (record, "http://192.168.1.1/");
  g_assert_true (sc_camera_registry_remember (registry, record, &error));
  g_assert_no_error (error);
  inventory = sc_data_inventory_new_default (registry, consent, sc_permissions_get_default ());

  sc_usage_stats_set_enabled (stats, TRUE);
  sc_usage_stats_count (stats, "app-starts", 1);
  sc_usage_stats_count (stats, "page-opened:camera", 3);
  sc_usage_stats_count (stats, "seconds-active", 754);
  sc_usage_stats_set_enabled (stats, FALSE);

  window = open_window ();
  sc_window_set_data_inventory (window, inventory);
  prefs = sc_preferences_window_new (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (prefs));
  sc_preferences_window_show_page (prefs, "privacy");
  page = sc_preferences_window_show_your_data (prefs);
  g_assert_true (sc_your_data_page_get_inventory (page) == inventory);

  for (guint i = 0; expected[i] != NULL; i++)
    {
      row = sc_test_ui_find_named (GTK_WIDGET (page), expected[i]);
      if (row == NULL)
        g_error ("“Your Data” has no row for the “%s” category", expected[i]);
    }

  row = sc_test_ui_find_named (GTK_WIDGET (page), "cameras");
  g_assert_true (g_str_has_prefix (count_text (row), "1"));
  sc_test_ui_save_screenshot (GTK_WIDGET (prefs), "your-data");

  /* Erasing one category, behind its confirmation, updates its count. */
  gtk_widget_activate_action (GTK_WIDGET (page), "your-data.erase", "s", "cameras");
  dialog = sc_test_ui_wait_for_message_dialog ();
  sc_test_ui_respond (dialog, "erase");
  sc_test_ui_iterate (50);
  g_assert_cmpint (sc_data_category_count (sc_data_inventory_lookup (inventory, "cameras")), ==, 0);
  row = sc_test_ui_find_named (GTK_WIDGET (page), "cameras");
  g_assert_true (g_str_has_prefix (count_text (row), "0"));
  g_assert_true (sc_consent_get_is_accepted (consent));

  close_window (prefs);
  close_window (window);
}

/* The new screens in the user's language (Chinese once translated). */
static void
test_translated (void)
{
  const char *texts[] = {
    _("Welcome to Spherecam"),
    _("_Agree and Continue"),
    _("Privacy"),
    _("Revoke Authorization"),
    _("Your Data"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      if (g_getenv ("SC_TEST_EXPECT_CHINESE") != NULL && is_ascii (texts[i]))
        g_error ("“%s” is shown untranslated under LANGUAGE=zh_CN", texts[i]);
      else if (g_getenv ("SC_TEST_EXPECT_CHINESE") == NULL && !is_ascii (texts[i]))
        g_error ("“%s” is not English", texts[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  app = sc_test_ui_init (&argc, &argv);

  tmp = g_dir_make_tmp ("sc-privacy-ui-XXXXXX", &error);
  g_assert_no_error (error);
  directory = g_file_new_for_path (tmp);
  consent = sc_consent_new (directory, SC_POLICY_VERSION);
  sc_consent_load (consent, NULL);
  sc_permissions_set_consent (sc_permissions_get_default (), consent);

  g_test_add_func ("/sc-ui/privacy/first-run", test_first_run);
  g_test_add_func ("/sc-ui/privacy/revoke", test_revoke);
  g_test_add_func ("/sc-ui/privacy/preferences", test_privacy_page);
  g_test_add_func ("/sc-ui/privacy/your-data", test_your_data);
  g_test_add_func ("/sc-ui/privacy/translated", test_translated);

  ret = g_test_run ();

  sc_permissions_set_consent (sc_permissions_get_default (), NULL);
  g_clear_object (&consent);
  g_clear_object (&directory);
  g_object_unref (app);

  /* consent.json and its temporary files; nothing else is written here. */
  {
    g_autoptr(GDir) dir = g_dir_open (tmp, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (tmp, name, NULL);
        g_unlink (child);
      }
    g_rmdir (tmp);
  }

  return ret;
}
