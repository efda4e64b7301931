/* sc-jobs-button.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-jobs-button"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-ui.h"

/**
 * ScJobsButton:
 *
 * The header bar's jobs indicator: hidden while there are no jobs; a
 * button whose popover lists every job of an #ScJobManager (running and
 * recently finished) with progress and a cancel button. It spins while any
 * job runs.
 */
struct _ScJobsButton
{
  GtkWidget      parent_instance;

  ScJobManager  *manager;

  GtkMenuButton *menu_button;
  GtkPopover    *popover;
  GtkListBox    *list_box;
};

G_DEFINE_FINAL_TYPE (ScJobsButton, sc_jobs_button, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MANAGER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return sc_job_row_new (SC_JOB (item));
}

static void
update_visibility (ScJobsButton *self)
{
  guint n_items = 0, n_running = 0;
  g_autofree char *tooltip = NULL;

  if (self->manager != NULL)
    {
      n_items = g_list_model_get_n_items (G_LIST_MODEL (self->manager));
      n_running = sc_job_manager_get_n_running (self->manager);
    }

  gtk_widget_set_visible (GTK_WIDGET (self), n_items > 0);
  if (n_running > 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->menu_button), "sc-jobs-running");
      tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u job running",
                                              "%u jobs running", n_running), n_running);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->menu_button), "sc-jobs-running");
      tooltip = g_strdup (_("Jobs"));
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->menu_button), tooltip);
}

static void
sc_jobs_button_dispose (GObject *object)
{
  ScJobsButton *self = (ScJobsButton *)object;

  sc_jobs_button_set_manager (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_JOBS_BUTTON);

  G_OBJECT_CLASS (sc_jobs_button_parent_class)->dispose (object);
}

static void
sc_jobs_button_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ScJobsButton *self = SC_JOBS_BUTTON (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_jobs_button_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ScJobsButton *self = SC_JOBS_BUTTON (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      sc_jobs_button_set_manager (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_jobs_button_class_init (ScJobsButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_jobs_button_dispose;
  object_class->get_property = sc_jobs_button_get_property;
  object_class->set_property = sc_jobs_button_set_property;

  /**
   * ScJobsButton:manager:
   *
   * The #ScJobManager whose jobs are shown.
   */
  properties[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL, SC_TYPE_JOB_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               SC_RESOURCE_BASE "/ui/sc-jobs-button.ui");
  gtk_widget_class_bind_template_child (widget_class, ScJobsButton, menu_button);
  gtk_widget_class_bind_template_child (widget_class, ScJobsButton, popover);
  gtk_widget_class_bind_template_child (widget_class, ScJobsButton, list_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "scjobsbutton");
}

static void
sc_jobs_button_init (ScJobsButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_visibility (self);
}

ScJobManager *
sc_jobs_button_get_manager (ScJobsButton *self)
{
  g_return_val_if_fail (SC_IS_JOBS_BUTTON (self), NULL);

  return self->manager;
}

void
sc_jobs_button_set_manager (ScJobsButton *self,
                            ScJobManager *manager)
{
  g_return_if_fail (SC_IS_JOBS_BUTTON (self));
  g_return_if_fail (manager == NULL || SC_IS_JOB_MANAGER (manager));

  if (self->manager == manager)
    return;

  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  g_set_object (&self->manager, manager);

  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (manager), create_row, NULL, NULL);

  if (manager != NULL)
    {
      g_signal_connect_swapped (manager, "items-changed", G_CALLBACK (update_visibility), self);
      g_signal_connect_swapped (manager, "notify::n-running", G_CALLBACK (update_visibility), self);
    }

  update_visibility (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANAGER]);
}
