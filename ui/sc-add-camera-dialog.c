/* sc-add-camera-dialog.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-add-camera-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sc-ui.h"

/**
 * ScAddCameraDialog:
 *
 * Asks for a camera's address and, for cameras in client mode, a user
 * name and password. The address is checked while it is typed: the "Add"
 * response is enabled only for an address a camera can have, and a
 * message says what to change otherwise. When the computer is on a
 * camera's Wi-Fi (its gateway is a camera's usual address), the usual
 * addresses are listed as rows that fill the address field when clicked,
 * marked once a probe has checked which of them answer. The dialog only
 * collects; the Camera page adds the camera when the response is "add".
 */
struct _ScAddCameraDialog
{
  AdwMessageDialog     parent_instance;

  ScCameraDiscovery   *discovery;
  GCancellable        *probe_cancellable;

  /* Template children */
  GtkWidget           *candidates_box;
  GtkListBox          *candidates_list;
  AdwEntryRow         *address_row;
  AdwEntryRow         *username_row;
  AdwPasswordEntryRow *password_row;
  GtkLabel            *error_label;
};

G_DEFINE_FINAL_TYPE (ScAddCameraDialog, sc_add_camera_dialog, ADW_TYPE_MESSAGE_DIALOG)

#define CANDIDATE_URI_KEY    "sc-candidate-uri"
#define CANDIDATE_STATUS_KEY "sc-candidate-status"

static const char *
describe_state (ScCameraCandidateState state)
{
  switch (state)
    {
    case SC_CAMERA_CANDIDATE_ANSWERS:
      return _("Answers");
    case SC_CAMERA_CANDIDATE_NO_ANSWER:
      return _("No answer");
    case SC_CAMERA_CANDIDATE_SUGGESTED:
    default:
      return _("Checking…");
    }
}

static void
on_candidates_probed_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(ScAddCameraDialog) self = user_data;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row;

  candidates = sc_camera_discovery_probe_finish (SC_CAMERA_DISCOVERY (object), result, &error);
  if (candidates == NULL)
    {
      g_debug ("Probe stopped: %s", error->message);
      return;
    }

  /* The rows are in the candidates' order. */
  row = gtk_widget_get_first_child (GTK_WIDGET (self->candidates_list));
  for (guint i = 0; i < candidates->len && row != NULL; i++, row = gtk_widget_get_next_sibling (row))
    {
      ScCameraCandidate *candidate = g_ptr_array_index (candidates, i);
      GtkWidget *status = g_object_get_data (G_OBJECT (row), CANDIDATE_STATUS_KEY);

      gtk_label_set_text (GTK_LABEL (status), describe_state (candidate->state));
      if (candidate->state == SC_CAMERA_CANDIDATE_ANSWERS)
        {
          gtk_widget_remove_css_class (status, "dim-label");
          gtk_widget_add_css_class (status, "success");
        }
    }
}

static GtkWidget *
create_candidate_row (ScCameraCandidate *candidate)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *status = gtk_label_new (describe_state (candidate->state));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), candidate->label);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), candidate->uri);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Use this address"));
  gtk_widget_add_css_class (status, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);
  g_object_set_data_full (G_OBJECT (row), CANDIDATE_URI_KEY, g_strdup (candidate->uri), g_free);
  g_object_set_data (G_OBJECT (row), CANDIDATE_STATUS_KEY, status);

  return row;
}

/* Lists the usual addresses for the current gateway, and probes them */
static void
update_candidates (ScAddCameraDialog *self)
{
  g_autoptr(GPtrArray) candidates = NULL;
  GtkWidget *child;

  g_cancellable_cancel (self->probe_cancellable);
  g_clear_object (&self->probe_cancellable);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->candidates_list))) != NULL)
    gtk_list_box_remove (self->candidates_list, child);

  candidates = self->discovery != NULL ? sc_camera_discovery_dup_candidates (self->discovery)
                                       : g_ptr_array_new ();
  gtk_widget_set_visible (self->candidates_box, candidates->len > 0);
  if (candidates->len == 0)
    return;

  for (guint i = 0; i < candidates->len; i++)
    gtk_list_box_append (self->candidates_list,
                         create_candidate_row (g_ptr_array_index (candidates, i)));

  self->probe_cancellable = g_cancellable_new ();
  sc_camera_discovery_probe_async (self->discovery, candidates, self->probe_cancellable,
                                   on_candidates_probed_cb, g_object_ref (self));
}

static void
on_candidates_list_row_activated_cb (ScAddCameraDialog *self,
                                     GtkListBoxRow     *row)
{
  const char *uri = g_object_get_data (G_OBJECT (row), CANDIDATE_URI_KEY);

  if (uri != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->address_row), uri);
      gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
    }
}

static void
on_address_row_changed_cb (ScAddCameraDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->address_row));
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  gboolean empty = stripped[0] == '\0';

  uri = sc_add_camera_dialog_parse_address (text, &error);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "add", uri != NULL);

  /* An empty field is not an error yet: the disabled button says enough. */
  if (uri == NULL && !empty)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), uri == NULL && !empty);
}

static void
sc_add_camera_dialog_dispose (GObject *object)
{
  ScAddCameraDialog *self = SC_ADD_CAMERA_DIALOG (object);

  g_cancellable_cancel (self->probe_cancellable);
  g_clear_object (&self->probe_cancellable);
  if (self->discovery != NULL)
    g_signal_handlers_disconnect_by_data (self->discovery, self);
  g_clear_object (&self->discovery);

  gtk_widget_dispose_template (GTK_WIDGET (object), SC_TYPE_ADD_CAMERA_DIALOG);

  G_OBJECT_CLASS (sc_add_camera_dialog_parent_class)->dispose (object);
}

static void
sc_add_camera_dialog_class_init (ScAddCameraDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_add_camera_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               SC_RESOURCE_BASE "/ui/sc-add-camera-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ScAddCameraDialog, candidates_box);
  gtk_widget_class_bind_template_child (widget_class, ScAddCameraDialog, candidates_list);
  gtk_widget_class_bind_template_child (widget_class, ScAddCameraDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, ScAddCameraDialog, username_row);
  gtk_widget_class_bind_template_child (widget_class, ScAddCameraDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, ScAddCameraDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_address_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_candidates_list_row_activated_cb);
}

static void
sc_add_camera_dialog_init (ScAddCameraDialog *self)
{
  g_autoptr(ScCameraDiscovery) discovery = sc_camera_discovery_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  on_address_row_changed_cb (self);
  sc_add_camera_dialog_set_discovery (self, discovery);
}

/**
 * sc_add_camera_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 *
 * Returns: (transfer floating): a new dialog, not shown yet
 */
ScAddCameraDialog *
sc_add_camera_dialog_new (GtkWindow *parent)
{
  return g_object_new (SC_TYPE_ADD_CAMERA_DIALOG,
                       "transient-for", parent,
                       NULL);
}

/**
 * sc_add_camera_dialog_parse_address:
 * @address: what the person typed: "192.168.1.1", "http://192.168.1.1",
 *   "theta.local:8080", …
 * @error: return location for a #GError with a message that says what to
 *   change
 *
 * Turns @address into a camera URI, adding "http://" when no scheme is
 * given. http://, https:// (OSC cameras) and madv:// (a Mi Sphere,
 * madv://HOST[:PORT][?data=PORT&http=PORT&rtsp=PORT]) are accepted.
 *
 * Returns: (transfer full) (nullable): the URI, or %NULL with @error set
 *   (%G_IO_ERROR_INVALID_ARGUMENT)
 */
char *
sc_add_camera_dialog_parse_address (const char  *address,
                                    GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *with_scheme = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (address != NULL, NULL);

  text = g_strstrip (g_strdup (address));
  if (text[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Enter the camera’s address, for example http://192.168.1.1."));
      return NULL;
    }

  if (strstr (text, "://") == NULL)
    with_scheme = g_strconcat ("http://", text, NULL);
  else
    with_scheme = g_strdup (text);

  uri = g_uri_parse (with_scheme, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (scheme != NULL && g_ascii_strcasecmp (scheme, "http") != 0 &&
      g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "madv") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Spherecam cannot reach cameras over “%s”. Enter an address "
                     "that starts with http://, for example http://192.168.1.1, or "
                     "madv:// for a Mi Sphere, for example madv://192.168.42.1."),
                   scheme);
      return NULL;
    }

  if (uri == NULL || host == NULL || host[0] == '\0' || strchr (text, ' ') != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("This is not an address. Enter the camera’s IP address or "
                             "host name, for example http://192.168.1.1."));
      return NULL;
    }

  return g_uri_to_string (uri);
}

/**
 * sc_add_camera_dialog_set_address:
 * @self: a #ScAddCameraDialog
 * @address: the text of the address field
 */
void
sc_add_camera_dialog_set_address (ScAddCameraDialog *self,
                                  const char        *address)
{
  g_return_if_fail (SC_IS_ADD_CAMERA_DIALOG (self));
  g_return_if_fail (address != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->address_row), address);
}

/**
 * sc_add_camera_dialog_dup_uri:
 * @self: a #ScAddCameraDialog
 *
 * Returns: (transfer full) (nullable): the camera URI from the address
 *   field, or %NULL while it is not valid
 */
char *
sc_add_camera_dialog_dup_uri (ScAddCameraDialog *self)
{
  g_return_val_if_fail (SC_IS_ADD_CAMERA_DIALOG (self), NULL);

  return sc_add_camera_dialog_parse_address (
    gtk_editable_get_text (GTK_EDITABLE (self->address_row)), NULL);
}

/**
 * sc_add_camera_dialog_get_username:
 * @self: a #ScAddCameraDialog
 *
 * Returns: (transfer none) (nullable): the user name, or %NULL if empty
 */
const char *
sc_add_camera_dialog_get_username (ScAddCameraDialog *self)
{
  const char *text;

  g_return_val_if_fail (SC_IS_ADD_CAMERA_DIALOG (self), NULL);

  text = gtk_editable_get_text (GTK_EDITABLE (self->username_row));

  return text[0] != '\0' ? text : NULL;
}

/**
 * sc_add_camera_dialog_get_password:
 * @self: a #ScAddCameraDialog
 *
 * Returns: (transfer none) (nullable): the password, or %NULL if empty
 */
const char *
sc_add_camera_dialog_get_password (ScAddCameraDialog *self)
{
  const char *text;

  g_return_val_if_fail (SC_IS_ADD_CAMERA_DIALOG (self), NULL);

  text = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  return text[0] != '\0' ? text : NULL;
}

/**
 * sc_add_camera_dialog_set_discovery:
 * @self: a #ScAddCameraDialog
 * @discovery: (nullable): where the usual camera addresses come from
 *
 * Replaces the dialog's own #ScCameraDiscovery (which reads the
 * computer's routing table), e.g. with one that reads a test file, lists
 * its candidates and probes them. %NULL lists none.
 */
void
sc_add_camera_dialog_set_discovery (ScAddCameraDialog *self,
                                    ScCameraDiscovery *discovery)
{
  g_return_if_fail (SC_IS_ADD_CAMERA_DIALOG (self));
  g_return_if_fail (discovery == NULL || SC_IS_CAMERA_DISCOVERY (discovery));

  if (self->discovery == discovery)
    return;

  if (self->discovery != NULL)
    g_signal_handlers_disconnect_by_data (self->discovery, self);
  g_set_object (&self->discovery, discovery);
  if (self->discovery != NULL)
    g_signal_connect_object (self->discovery, "notify::gateway",
                             G_CALLBACK (update_candidates), self, G_CONNECT_SWAPPED);
  update_candidates (self);
}
