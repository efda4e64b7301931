/* sc-consent-view.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-consent-view"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-ui.h"
#include "sc-ui-private.h"

/**
 * ScConsentView:
 *
 * The first-run screen: what the app handles and why, links to the User
 * Agreement and the Privacy Policy, and "Agree and Continue" or "Quit".
 * The window shows it instead of its pages while #ScConsentView:consent
 * is not accepted (first run, after a revocation, after a new policy
 * version). Agreeing calls sc_consent_accept(); the window follows
 * #ScConsent:is-accepted, wherever it changes.
 *
 * Actions: `consent.accept`, `consent.quit` (app.quit), `consent.show-document`
 * ("user-agreement" or "privacy-policy").
 */
struct _ScConsentView
{
  GtkWidget      parent_instance;

  ScConsent     *consent;

  GtkWidget     *box;
  AdwStatusPage *status_page;
  GtkLabel      *error_label;
  GtkButton     *accept_button;
  GtkButton     *quit_button;
};

G_DEFINE_FINAL_TYPE (ScConsentView, sc_consent_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONSENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sc_consent_view_accept_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  ScConsentView *self = SC_CONSENT_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (self->consent == NULL)
    return;

  if (!sc_consent_accept (self->consent, &error))
    {
      g_autofree char *sentence = _sc_ui_error_sentence (error);
      /* Translators: %s says why, e.g. "Permission denied" */
      g_autofree char *message = g_strdup_printf (_("Your agreement could not be saved: %s. "
                                                    "Check that your home folder is writable, "
                                                    "then try again."), sentence);

      gtk_label_set_text (self->error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
sc_consent_view_quit_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  GtkRoot *root;

  if (gtk_widget_activate_action (widget, "app.quit", NULL))
    return;

  /* Without the application's quit action (a test), close the window. */
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    gtk_window_close (GTK_WINDOW (root));
}

static void
sc_consent_view_show_document_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  ScPolicyDocument document;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (!sc_policy_document_from_string (g_variant_get_string (param, NULL), &document))
    return;

  gtk_window_present (GTK_WINDOW (sc_policy_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                             : NULL,
                                                        document)));
}

static void
sc_consent_view_dispose (GObject *object)
{
  ScConsentView *self = (ScConsentView *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_CONSENT_VIEW);
  g_clear_object (&self->consent);

  G_OBJECT_CLASS (sc_consent_view_parent_class)->dispose (object);
}

static void
sc_consent_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ScConsentView *self = SC_CONSENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONSENT:
      g_value_set_object (value, self->consent);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_consent_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ScConsentView *self = SC_CONSENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONSENT:
      sc_consent_view_set_consent (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_consent_view_class_init (ScConsentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_consent_view_dispose;
  object_class->get_property = sc_consent_view_get_property;
  object_class->set_property = sc_consent_view_set_property;

  /**
   * ScConsentView:consent:
   *
   * The consent "Agree and Continue" accepts.
   */
  properties[PROP_CONSENT] =
    g_param_spec_object ("consent", NULL, NULL, SC_TYPE_CONSENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "scconsentview");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               SC_RESOURCE_BASE "/ui/sc-consent-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ScConsentView, box);
  gtk_widget_class_bind_template_child (widget_class, ScConsentView, status_page);
  gtk_widget_class_bind_template_child (widget_class, ScConsentView, error_label);
  gtk_widget_class_bind_template_child (widget_class, ScConsentView, accept_button);
  gtk_widget_class_bind_template_child (widget_class, ScConsentView, quit_button);

  gtk_widget_class_install_action (widget_class, "consent.accept", NULL,
                                   sc_consent_view_accept_action);
  gtk_widget_class_install_action (widget_class, "consent.quit", NULL,
                                   sc_consent_view_quit_action);
  gtk_widget_class_install_action (widget_class, "consent.show-document", "s",
                                   sc_consent_view_show_document_action);
}

static void
sc_consent_view_init (ScConsentView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sc_consent_view_get_consent:
 * @self: a #ScConsentView
 *
 * Returns: (transfer none) (nullable): the consent the view accepts
 */
ScConsent *
sc_consent_view_get_consent (ScConsentView *self)
{
  g_return_val_if_fail (SC_IS_CONSENT_VIEW (self), NULL);

  return self->consent;
}

/**
 * sc_consent_view_set_consent:
 * @self: a #ScConsentView
 * @consent: (nullable): the consent to accept
 */
void
sc_consent_view_set_consent (ScConsentView *self,
                             ScConsent     *consent)
{
  g_return_if_fail (SC_IS_CONSENT_VIEW (self));
  g_return_if_fail (consent == NULL || SC_IS_CONSENT (consent));

  if (!g_set_object (&self->consent, consent))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSENT]);
}
