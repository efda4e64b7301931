/* sc-your-data-page.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-your-data-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sc-ui.h"
#include "sc-ui-private.h"

/**
 * ScYourDataPage:
 *
 * "Your Data": every category of personal data the app holds (from an
 * #ScDataInventory), with its description and how many items it holds,
 * each with an Erase button; "Export All…" (one JSON file) and "Erase
 * Everything…", both behind a confirmation; and the local usage
 * statistics, day by day, when there are any. Downloaded pictures and
 * videos are not personal data the app holds and are never touched.
 *
 * Shown as a subpage of the Preferences window (its back button closes
 * the subpage), or on its own.
 *
 * Actions: `your-data.erase` (a category id), `your-data.erase-all`,
 * `your-data.export`.
 */
struct _ScYourDataPage
{
  GtkWidget             parent_instance;

  ScDataInventory      *inventory;
  ScUsageStats         *usage_stats;
  GPtrArray            *category_rows;  /* AdwActionRow* in categories_group */
  GPtrArray            *usage_rows;     /* rows in usage_group */
  GtkFileChooserNative *chooser;

  GtkWidget            *box;
  GtkButton            *back_button;
  AdwPreferencesPage   *page;
  AdwPreferencesGroup  *categories_group;
  AdwPreferencesGroup  *usage_group;
  GtkButton            *export_button;
  GtkButton            *erase_all_button;
};

G_DEFINE_FINAL_TYPE (ScYourDataPage, sc_your_data_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_INVENTORY,
  PROP_USAGE_STATS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The days of usage statistics shown, newest first. */
#define MAX_USAGE_DAYS 14

static void
show_message (ScYourDataPage *self,
              const char     *message)
{
  _sc_ui_show_message (GTK_WIDGET (self), message);
}

static GtkWindow *
get_parent_window (ScYourDataPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static GtkWidget *
new_count_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");

  return label;
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
rebuild_categories (ScYourDataPage *self)
{
  guint n;

  clear_rows (self->categories_group, self->category_rows);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "your-data.export", self->inventory != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "your-data.erase-all",
                                 self->inventory != NULL);
  if (self->inventory == NULL)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->inventory));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScDataCategory) category = g_list_model_get_item (G_LIST_MODEL (self->inventory), i);
      g_autofree char *title = g_markup_escape_text (sc_data_category_get_title (category), -1);
      g_autofree char *description = NULL;
      g_autofree char *count_text = NULL;
      gint64 count = sc_data_category_count (category);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button;

      description = g_markup_escape_text (sc_data_category_get_description (category) ?: "", -1);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description);
      gtk_widget_set_name (row, sc_data_category_get_id (category));

      if (count >= 0)
        {
          /* Translators: how many items of one kind of data are kept, "3 items" */
          count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%ld item", "%ld items",
                                                     (gulong) MIN (count, G_MAXLONG)),
                                        (long) MIN (count, G_MAXLONG));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_count_label (count_text));
        }

      button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Erase…"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "your-data.erase");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s",
                                        sc_data_category_get_id (category));
      gtk_widget_set_sensitive (button, count != 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      adw_preferences_group_add (self->categories_group, row);
      g_ptr_array_add (self->category_rows, row);
    }
}

/* A readable name for a usage counter; the names are fixed strings
 * chosen by the app ("page-opened:camera"), never user data. */
static char *
dup_counter_title (const char *name)
{
  static const struct {
    const char *name;
    const char *title;
  } names[] = {
    { "app-starts", N_("App starts") },
    { "seconds-active", N_("Time in use") },
    { "seconds-running", N_("Time running") },
    { "crashes", N_("Crashes") },
    { "page-opened:camera", N_("Camera page opened") },
    { "page-opened:library", N_("Library page opened") },
    { "page-opened:editor", N_("Editor page opened") },
    { "page-opened:help", N_("Help page opened") },
  };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i].name))
      return g_strdup (_(names[i].title));

  /* The command after the prefix is a fixed protocol name, "camera.takePicture". */
  if (g_str_has_prefix (name, "camera-requests:"))
    /* Translators: %s is a camera command, e.g. "camera.takePicture" */
    return g_strdup_printf (_("Camera requests: %s"), name + strlen ("camera-requests:"));
  if (g_str_has_prefix (name, "camera-request-errors:"))
    /* Translators: %s is a camera command, e.g. "camera.takePicture" */
    return g_strdup_printf (_("Failed camera requests: %s"),
                            name + strlen ("camera-request-errors:"));
  if (g_str_has_prefix (name, "camera-request-ms:"))
    /* Translators: %s is a camera command, e.g. "camera.takePicture" */
    return g_strdup_printf (_("Camera request time (ms): %s"),
                            name + strlen ("camera-request-ms:"));

  return g_strdup (name);
}

static char *
dup_counter_value (const char *name,
                   gint64      value)
{
  if (g_str_equal (name, "seconds-active") || g_str_equal (name, "seconds-running"))
    {
      gint64 minutes = value / 60;

      if (minutes >= 60)
        /* Translators: time in use, "2 h 05 min" */
        return g_strdup_printf (_("%ld h %02d min"), (long) (minutes / 60), (int) (minutes % 60));
      /* Translators: time in use, "12 min" */
      return g_strdup_printf (_("%d min"), (int) minutes);
    }

  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

static void
rebuild_usage (ScYourDataPage *self)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *days;
  guint n, shown = 0;

  clear_rows (self->usage_group, self->usage_rows);

  if (self->usage_stats != NULL)
    node = sc_usage_stats_to_json (self->usage_stats);
  days = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  n = days != NULL ? json_array_get_length (days) : 0;

  for (guint i = n; i > 0 && shown < MAX_USAGE_DAYS; i--)
    {
      JsonObject *day = json_array_get_object_element (days, i - 1);
      JsonObject *counters;
      g_autoptr(GList) names = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *expander;
      const char *date;

      if (day == NULL || !json_object_has_member (day, "counters"))
        continue;
      date = json_object_get_string_member_with_default (day, "date", "");
      counters = json_object_get_object_member (day, "counters");
      if (counters == NULL)
        continue;

      names = json_object_get_members (counters);
      names = g_list_sort (names, (GCompareFunc) g_strcmp0);

      expander = adw_expander_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), date);
      /* Translators: under a date in the usage statistics, "5 counters" */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u counter", "%u counters",
                                               g_list_length (names)),
                                  g_list_length (names));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);

      for (GList *l = names; l != NULL; l = l->next)
        {
          const char *name = l->data;
          g_autofree char *title = dup_counter_title (name);
          g_autofree char *escaped = g_markup_escape_text (title, -1);
          g_autofree char *value = dup_counter_value (name,
                                                      json_object_get_int_member (counters, name));
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_count_label (value));
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
        }

      adw_preferences_group_add (self->usage_group, expander);
      g_ptr_array_add (self->usage_rows, expander);
      shown++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->usage_group), shown > 0);
}

/* --- Erasing --- */

static void
erase (ScYourDataPage *self,
       const char     *id)
{
  g_autoptr(GError) error = NULL;

  if (self->inventory == NULL)
    return;

  if (!sc_data_inventory_erase (self->inventory, id, &error))
    {
      g_autofree char *sentence = _sc_ui_error_sentence (error);
      /* Translators: %s says why */
      g_autofree char *message = g_strdup_printf (_("Could not erase your data: %s. Close other "
                                                    "Spherecam windows, then try again."),
                                                  sentence);
      show_message (self, message);
    }
  else
    {
      show_message (self, id != NULL ? _("Erased") : _("All your data was erased"));
    }

  sc_your_data_page_refresh (self);
}

static void
on_erase_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      ScYourDataPage   *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "sc-category-id");

  if (g_str_equal (response, "erase"))
    erase (self, id);
}

static void
confirm_erase (ScYourDataPage *self,
               const char     *id)
{
  g_autofree char *heading = NULL;
  const char *body;
  GtkWidget *dialog;

  if (id != NULL)
    {
      ScDataCategory *category;

      if (self->inventory == NULL ||
          (category = sc_data_inventory_lookup (self->inventory, id)) == NULL)
        return;

      /* Translators: %s is a kind of data, e.g. "Cameras" */
      heading = g_strdup_printf (_("Erase “%s”?"), sc_data_category_get_title (category));
      body = _("This cannot be undone. Downloaded pictures and videos are not touched.");
    }
  else
    {
      heading = g_strdup (_("Erase All Your Data?"));
      body = _("Everything Spherecam keeps about you is erased: remembered cameras and their "
               "passwords, your agreement, permissions, logs and usage statistics. This cannot "
               "be undone. Downloaded pictures and videos are not touched.");
    }

  dialog = adw_message_dialog_new (get_parent_window (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "erase", _("_Erase"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "erase",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "sc-category-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_erase_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sc_your_data_page_erase_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  confirm_erase (SC_YOUR_DATA_PAGE (widget), g_variant_get_string (param, NULL));
}

static void
sc_your_data_page_erase_all_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  confirm_erase (SC_YOUR_DATA_PAGE (widget), NULL);
}

/* --- Exporting --- */

static void
on_chooser_response_cb (ScYourDataPage       *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT && self->inventory != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      if (file != NULL && !sc_data_inventory_export (self->inventory, file, &error))
        {
          g_autofree char *sentence = _sc_ui_error_sentence (error);
          /* Translators: %s says why */
          g_autofree char *message = g_strdup_printf (_("Could not export your data: %s. Choose "
                                                        "another folder, then try again."),
                                                      sentence);
          show_message (self, message);
        }
      else if (file != NULL)
        {
          show_message (self, _("Your data was exported"));
        }
    }

  g_clear_object (&self->chooser);
}

static void
sc_your_data_page_export_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  ScYourDataPage *self = SC_YOUR_DATA_PAGE (widget);

  if (self->chooser != NULL || self->inventory == NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Export Your Data"), get_parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "spherecam-data.json");
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_back_button_clicked_cb (ScYourDataPage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_PREFERENCES_WINDOW);

  if (window != NULL)
    adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (window));
}

static void
sc_your_data_page_root (GtkWidget *widget)
{
  ScYourDataPage *self = SC_YOUR_DATA_PAGE (widget);

  GTK_WIDGET_CLASS (sc_your_data_page_parent_class)->root (widget);

  gtk_widget_set_visible (GTK_WIDGET (self->back_button),
                          gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_WINDOW) != NULL);
}

static void
sc_your_data_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sc_your_data_page_parent_class)->map (widget);

  /* The counts change behind our back (new cameras, new log lines). */
  sc_your_data_page_refresh (SC_YOUR_DATA_PAGE (widget));
}

static void
sc_your_data_page_dispose (GObject *object)
{
  ScYourDataPage *self = (ScYourDataPage *)object;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->inventory != NULL)
    g_signal_handlers_disconnect_by_func (self->inventory, rebuild_categories, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_YOUR_DATA_PAGE);
  g_clear_object (&self->inventory);
  g_clear_object (&self->usage_stats);
  g_clear_pointer (&self->category_rows, g_ptr_array_unref);
  g_clear_pointer (&self->usage_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (sc_your_data_page_parent_class)->dispose (object);
}

static void
sc_your_data_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ScYourDataPage *self = SC_YOUR_DATA_PAGE (object);

  switch (prop_id)
    {
    case PROP_INVENTORY:
      g_value_set_object (value, self->inventory);
      break;

    case PROP_USAGE_STATS:
      g_value_set_object (value, self->usage_stats);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_your_data_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ScYourDataPage *self = SC_YOUR_DATA_PAGE (object);

  switch (prop_id)
    {
    case PROP_INVENTORY:
      sc_your_data_page_set_inventory (self, g_value_get_object (value));
      break;

    case PROP_USAGE_STATS:
      sc_your_data_page_set_usage_stats (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_your_data_page_class_init (ScYourDataPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_your_data_page_dispose;
  object_class->get_property = sc_your_data_page_get_property;
  object_class->set_property = sc_your_data_page_set_property;

  widget_class->root = sc_your_data_page_root;
  widget_class->map = sc_your_data_page_map;

  /**
   * ScYourDataPage:inventory:
   *
   * The personal data listed.
   */
  properties[PROP_INVENTORY] =
    g_param_spec_object ("inventory", NULL, NULL, SC_TYPE_DATA_INVENTORY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScYourDataPage:usage-stats:
   *
   * The usage statistics whose daily counters are shown.
   */
  properties[PROP_USAGE_STATS] =
    g_param_spec_object ("usage-stats", NULL, NULL, SC_TYPE_USAGE_STATS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "scyourdatapage");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               SC_RESOURCE_BASE "/ui/sc-your-data-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ScYourDataPage, box);
  gtk_widget_class_bind_template_child (widget_class, ScYourDataPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, ScYourDataPage, page);
  gtk_widget_class_bind_template_child (widget_class, ScYourDataPage, categories_group);
  gtk_widget_class_bind_template_child (widget_class, ScYourDataPage, usage_group);
  gtk_widget_class_bind_template_child (widget_class, ScYourDataPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, ScYourDataPage, erase_all_button);
  gtk_widget_class_bind_template_callback (widget_class, on_back_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "your-data.erase", "s",
                                   sc_your_data_page_erase_action);
  gtk_widget_class_install_action (widget_class, "your-data.erase-all", NULL,
                                   sc_your_data_page_erase_all_action);
  gtk_widget_class_install_action (widget_class, "your-data.export", NULL,
                                   sc_your_data_page_export_action);
}

static void
sc_your_data_page_init (ScYourDataPage *self)
{
  self->category_rows = g_ptr_array_new ();
  self->usage_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  rebuild_categories (self);
}

/**
 * sc_your_data_page_new:
 * @inventory: (nullable): the personal data to list
 * @usage_stats: (nullable): the usage statistics to show
 *
 * Returns: (transfer floating): a new "Your Data" page
 */
GtkWidget *
sc_your_data_page_new (ScDataInventory *inventory,
                       ScUsageStats    *usage_stats)
{
  return g_object_new (SC_TYPE_YOUR_DATA_PAGE,
                       "inventory", inventory,
                       "usage-stats", usage_stats,
                       NULL);
}

/**
 * sc_your_data_page_get_inventory:
 * @self: a #ScYourDataPage
 *
 * Returns: (transfer none) (nullable): the personal data listed
 */
ScDataInventory *
sc_your_data_page_get_inventory (ScYourDataPage *self)
{
  g_return_val_if_fail (SC_IS_YOUR_DATA_PAGE (self), NULL);

  return self->inventory;
}

/**
 * sc_your_data_page_set_inventory:
 * @self: a #ScYourDataPage
 * @inventory: (nullable): the personal data to list
 */
void
sc_your_data_page_set_inventory (ScYourDataPage  *self,
                                 ScDataInventory *inventory)
{
  g_return_if_fail (SC_IS_YOUR_DATA_PAGE (self));
  g_return_if_fail (inventory == NULL || SC_IS_DATA_INVENTORY (inventory));

  if (self->inventory == inventory)
    return;

  if (self->inventory != NULL)
    g_signal_handlers_disconnect_by_func (self->inventory, rebuild_categories, self);
  g_set_object (&self->inventory, inventory);
  if (inventory != NULL)
    g_signal_connect_object (inventory, "items-changed", G_CALLBACK (rebuild_categories), self,
                             G_CONNECT_SWAPPED);
  rebuild_categories (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INVENTORY]);
}

/**
 * sc_your_data_page_get_usage_stats:
 * @self: a #ScYourDataPage
 *
 * Returns: (transfer none) (nullable): the usage statistics shown
 */
ScUsageStats *
sc_your_data_page_get_usage_stats (ScYourDataPage *self)
{
  g_return_val_if_fail (SC_IS_YOUR_DATA_PAGE (self), NULL);

  return self->usage_stats;
}

/**
 * sc_your_data_page_set_usage_stats:
 * @self: a #ScYourDataPage
 * @usage_stats: (nullable): the usage statistics to show
 */
void
sc_your_data_page_set_usage_stats (ScYourDataPage *self,
                                   ScUsageStats   *usage_stats)
{
  g_return_if_fail (SC_IS_YOUR_DATA_PAGE (self));
  g_return_if_fail (usage_stats == NULL || SC_IS_USAGE_STATS (usage_stats));

  if (!g_set_object (&self->usage_stats, usage_stats))
    return;

  rebuild_usage (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USAGE_STATS]);
}

/**
 * sc_your_data_page_refresh:
 * @self: a #ScYourDataPage
 *
 * Counts the items of every category again and reloads the usage
 * statistics.
 */
void
sc_your_data_page_refresh (ScYourDataPage *self)
{
  g_return_if_fail (SC_IS_YOUR_DATA_PAGE (self));

  rebuild_categories (self);
  rebuild_usage (self);
}
