/* sc-job-row.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-job-row"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-ui.h"

/**
 * ScJobRow:
 *
 * One job in the jobs popover: what it is, a progress bar, what it is doing
 * now (or how it ended), and a cancel button. It shows the same #ScJob that
 * D-Bus exports, so a job started by a script shows here too.
 */
struct _ScJobRow
{
  GtkListBoxRow   parent_instance;

  ScJob          *job;

  GtkLabel       *title_label;
  GtkProgressBar *progress_bar;
  GtkLabel       *message_label;
  GtkButton      *cancel_button;
};

G_DEFINE_FINAL_TYPE (ScJobRow, sc_job_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_JOB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
kind_title (const char *kind)
{
  if (g_str_equal (kind, "test.countdown"))
    return _("Countdown (test)");
  if (g_str_equal (kind, "download"))
    /* Translators: a job in the jobs popover: files coming from the camera */
    return _("Download");
  if (g_str_equal (kind, "shoot"))
    /* Translators: a job in the jobs popover */
    return _("Take a Picture");

  return kind;
}

static void
update (ScJobRow *self)
{
  const GError *error = sc_job_get_error (self->job);
  const char *message = sc_job_get_message (self->job);

  gtk_progress_bar_set_fraction (self->progress_bar, sc_job_get_progress (self->job));
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), !sc_job_is_finished (self->job));

  switch (sc_job_get_state (self->job))
    {
    case SC_JOB_STATE_RUNNING:
      gtk_label_set_text (self->message_label, message ?: "");
      break;

    case SC_JOB_STATE_DONE:
      gtk_label_set_text (self->message_label, _("Done"));
      break;

    case SC_JOB_STATE_CANCELLED:
      gtk_label_set_text (self->message_label, _("Cancelled"));
      break;

    case SC_JOB_STATE_FAILED:
    default:
      gtk_label_set_text (self->message_label, error != NULL ? error->message : _("Failed"));
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
      break;
    }

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->message_label),
                               gtk_label_get_text (self->message_label));
}

static void
on_cancel_button_clicked_cb (ScJobRow *self)
{
  sc_job_cancel (self->job);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
}

static void
sc_job_row_dispose (GObject *object)
{
  ScJobRow *self = (ScJobRow *)object;

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->job);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_JOB_ROW);

  G_OBJECT_CLASS (sc_job_row_parent_class)->dispose (object);
}

static void
sc_job_row_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  ScJobRow *self = SC_JOB_ROW (object);

  switch (prop_id)
    {
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_job_row_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  ScJobRow *self = SC_JOB_ROW (object);

  switch (prop_id)
    {
    case PROP_JOB:
      self->job = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_job_row_constructed (GObject *object)
{
  ScJobRow *self = (ScJobRow *)object;

  G_OBJECT_CLASS (sc_job_row_parent_class)->constructed (object);

  g_assert (SC_IS_JOB (self->job));

  gtk_label_set_text (self->title_label, kind_title (sc_job_get_kind (self->job)));
  g_signal_connect_swapped (self->job, "notify", G_CALLBACK (update), self);
  update (self);
}

static void
sc_job_row_class_init (ScJobRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sc_job_row_constructed;
  object_class->dispose = sc_job_row_dispose;
  object_class->get_property = sc_job_row_get_property;
  object_class->set_property = sc_job_row_set_property;

  /**
   * ScJobRow:job:
   *
   * The job the row shows.
   */
  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, SC_TYPE_JOB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               SC_RESOURCE_BASE "/ui/sc-job-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ScJobRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, ScJobRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, ScJobRow, message_label);
  gtk_widget_class_bind_template_child (widget_class, ScJobRow, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_button_clicked_cb);
}

static void
sc_job_row_init (ScJobRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sc_job_row_new (ScJob *job)
{
  g_return_val_if_fail (SC_IS_JOB (job), NULL);

  return g_object_new (SC_TYPE_JOB_ROW, "job", job, NULL);
}

ScJob *
sc_job_row_get_job (ScJobRow *self)
{
  g_return_val_if_fail (SC_IS_JOB_ROW (self), NULL);

  return self->job;
}
