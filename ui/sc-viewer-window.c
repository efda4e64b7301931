/* sc-viewer-window.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-viewer-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-ui.h"

/**
 * ScViewerWindow:
 *
 * A window showing one photo in an #ScViewer: the file name as title, a
 * button that resets the view and a switch between the projections
 * (actions "viewer-window.reset" and "viewer-window.projection", whose
 * state is the #ScViewerProjection nick). Escape closes it. The photo is
 * decoded on a worker thread; a spinner shows meanwhile and a message if
 * it cannot be read.
 */
struct _ScViewerWindow
{
  AdwWindow       parent_instance;

  GFile          *file;
  GCancellable   *cancellable;
  gboolean        loading;

  /* Template children */
  AdwWindowTitle *window_title;
  GtkStack       *stack;
  ScViewer       *viewer;
  AdwStatusPage  *error_page;
};

G_DEFINE_FINAL_TYPE (ScViewerWindow, sc_viewer_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_FILE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
load_texture_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;
  GdkTexture *texture;

  texture = gdk_texture_new_from_file (G_FILE (task_data), &error);
  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static void
on_texture_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  ScViewerWindow *self;

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = SC_VIEWER_WINDOW (object);
  self->loading = FALSE;

  if (texture == NULL)
    {
      g_autofree char *name = g_file_get_basename (self->file);
      g_autofree char *description = NULL;

      g_debug ("Cannot load %s: %s", name, error->message);
      /* Translators: %s is a file name */
      description = g_strdup_printf (_("“%s” is not a photo Spherecam can read. "
                                       "Check that the download finished, then open it again."),
                                     name);
      adw_status_page_set_description (self->error_page, description);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    {
      sc_viewer_set_texture (self->viewer, texture);
      gtk_stack_set_visible_child_name (self->stack, "viewer");
      gtk_widget_grab_focus (GTK_WIDGET (self->viewer));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
load (ScViewerWindow *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;

  g_assert (self->file != NULL);

  name = g_file_get_basename (self->file);
  adw_window_title_set_title (self->window_title, name);
  gtk_window_set_title (GTK_WINDOW (self), name);

  self->loading = TRUE;
  gtk_stack_set_visible_child_name (self->stack, "loading");

  task = g_task_new (self, self->cancellable, on_texture_loaded_cb, NULL);
  g_task_set_source_tag (task, load);
  g_task_set_task_data (task, g_object_ref (self->file), g_object_unref);
  g_task_run_in_thread (task, load_texture_thread);
}

static void
on_reset_activate_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  ScViewerWindow *self = user_data;

  sc_viewer_reset (self->viewer);
}

static void
sc_viewer_window_constructed (GObject *object)
{
  ScViewerWindow *self = (ScViewerWindow *)object;

  G_OBJECT_CLASS (sc_viewer_window_parent_class)->constructed (object);

  if (self->file != NULL)
    load (self);
}

static void
sc_viewer_window_dispose (GObject *object)
{
  ScViewerWindow *self = (ScViewerWindow *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_VIEWER_WINDOW);

  G_OBJECT_CLASS (sc_viewer_window_parent_class)->dispose (object);
}

static void
sc_viewer_window_finalize (GObject *object)
{
  ScViewerWindow *self = (ScViewerWindow *)object;

  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sc_viewer_window_parent_class)->finalize (object);
}

static void
sc_viewer_window_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ScViewerWindow *self = SC_VIEWER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_viewer_window_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ScViewerWindow *self = SC_VIEWER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_viewer_window_class_init (ScViewerWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sc_viewer_window_constructed;
  object_class->dispose = sc_viewer_window_dispose;
  object_class->finalize = sc_viewer_window_finalize;
  object_class->get_property = sc_viewer_window_get_property;
  object_class->set_property = sc_viewer_window_set_property;

  /**
   * ScViewerWindow:file:
   *
   * The equirectangular photo shown (a local file).
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScViewerWindow:loading:
   *
   * Whether the photo is still being decoded.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/spherecam/Spherecam/ui/sc-viewer-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ScViewerWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ScViewerWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ScViewerWindow, viewer);
  gtk_widget_class_bind_template_child (widget_class, ScViewerWindow, error_page);

  g_type_ensure (SC_TYPE_VIEWER);
}

static void
sc_viewer_window_init (ScViewerWindow *self)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GPropertyAction) projection = NULL;
  g_autoptr(GSimpleAction) reset = NULL;

  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  projection = g_property_action_new ("projection", self->viewer, "projection");
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (projection));
  reset = g_simple_action_new ("reset", NULL);
  g_signal_connect (reset, "activate", G_CALLBACK (on_reset_activate_cb), self);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (reset));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "viewer-window", G_ACTION_GROUP (group));
}

/**
 * sc_viewer_window_new:
 * @parent: (nullable): the window it belongs to
 * @file: a local equirectangular photo
 *
 * Creates a window that loads @file and shows it in a 360° view; present
 * it with gtk_window_present().
 *
 * Returns: (transfer none): the new window (owned by GTK's toplevel list)
 */
ScViewerWindow *
sc_viewer_window_new (GtkWindow *parent,
                      GFile     *file)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (SC_TYPE_VIEWER_WINDOW,
                       "file", file,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);
}

/**
 * sc_viewer_window_get_file:
 * @self: a #ScViewerWindow
 *
 * Returns: (transfer none): the photo shown
 */
GFile *
sc_viewer_window_get_file (ScViewerWindow *self)
{
  g_return_val_if_fail (SC_IS_VIEWER_WINDOW (self), NULL);

  return self->file;
}

/**
 * sc_viewer_window_get_viewer:
 * @self: a #ScViewerWindow
 *
 * Returns: (transfer none): the window's viewer
 */
ScViewer *
sc_viewer_window_get_viewer (ScViewerWindow *self)
{
  g_return_val_if_fail (SC_IS_VIEWER_WINDOW (self), NULL);

  return self->viewer;
}

/**
 * sc_viewer_window_get_loading:
 * @self: a #ScViewerWindow
 *
 * Returns: whether the photo is still being decoded
 */
gboolean
sc_viewer_window_get_loading (ScViewerWindow *self)
{
  g_return_val_if_fail (SC_IS_VIEWER_WINDOW (self), FALSE);

  return self->loading;
}
