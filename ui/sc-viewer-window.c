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
 * A window showing one photo or video in an #ScViewer: the file name as
 * title, a button that resets the view and a switch between the
 * projections (actions "viewer-window.reset" and
 * "viewer-window.projection", whose state is the #ScViewerProjection
 * nick). Escape closes it. A photo is decoded on a worker thread; a
 * spinner shows meanwhile and a message if it cannot be read.
 *
 * A video (a file whose name says video/…) plays through an
 * #ScVideoPlayer, with a play/pause button and a seek bar below the view
 * (actions "viewer-window.play-pause", Space or K, and
 * "viewer-window.seek" by a number of seconds, J and L for ±5 s: the
 * arrow keys belong to the view). Closing the window stops the pipeline.
 * A video that still shows two fisheye circles gets a banner that says
 * to stitch it first.
 */
struct _ScViewerWindow
{
  AdwWindow       parent_instance;

  GFile          *file;
  GCancellable   *cancellable;
  ScVideoPlayer  *player;
  GSimpleAction  *play_pause;
  GSimpleAction  *seek;
  gboolean        loading;

  /* Template children */
  AdwWindowTitle *window_title;
  GtkStack       *stack;
  GtkInfoBar     *fisheye_banner;
  ScViewer       *viewer;
  GtkBox         *controls;
  GtkButton      *play_button;
  GtkLabel       *position_label;
  GtkAdjustment  *seek_adjustment;
  GtkLabel       *duration_label;
  AdwStatusPage  *error_page;
};

#define SEEK_STEP_S 5.0

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

/* --- Videos --- */

static gboolean
is_video_file (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *type = g_content_type_guess (name, NULL, 0, NULL);
  g_autofree char *mime = g_content_type_get_mime_type (type);

  return mime != NULL && g_str_has_prefix (mime, "video/");
}

static char *
format_time (gint64 ns)
{
  gint64 s = MAX (ns, 0) / GST_SECOND;

  if (s >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
  return g_strdup_printf ("%d:%02d", (int)(s / 60), (int)(s % 60));
}

static void
show_error (ScViewerWindow *self,
            const char     *message)
{
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  if (self->loading)
    {
      self->loading = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

static void
on_player_texture_cb (ScViewerWindow *self)
{
  GdkTexture *texture = sc_video_player_get_texture (self->player);

  if (texture == NULL)
    return;

  sc_viewer_set_texture (self->viewer, texture);
  if (self->loading)
    {
      self->loading = FALSE;
      gtk_stack_set_visible_child_name (self->stack, "viewer");
      gtk_widget_grab_focus (GTK_WIDGET (self->viewer));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

static void
on_player_playing_cb (ScViewerWindow *self)
{
  gboolean playing = sc_video_player_get_playing (self->player);

  gtk_button_set_icon_name (self->play_button,
                            playing ? "media-playback-pause-symbolic"
                                    : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               playing ? _("Pause (Space)") : _("Play (Space)"));
}

static void
on_player_position_cb (ScViewerWindow *self)
{
  gint64 position = sc_video_player_get_position (self->player);
  g_autofree char *text = format_time (position);

  gtk_label_set_label (self->position_label, text);
  gtk_adjustment_set_value (self->seek_adjustment, (double)position / GST_SECOND);
}

static void
on_player_duration_cb (ScViewerWindow *self)
{
  gint64 duration = sc_video_player_get_duration (self->player);
  g_autofree char *text = format_time (duration);

  gtk_label_set_label (self->duration_label, text);
  gtk_adjustment_set_upper (self->seek_adjustment, (double)duration / GST_SECOND);
}

static void
on_player_dual_fisheye_cb (ScViewerWindow *self)
{
  gtk_info_bar_set_revealed (self->fisheye_banner,
                             sc_video_player_get_dual_fisheye (self->player));
}

static void
on_player_error_cb (ScViewerWindow *self)
{
  const GError *error = sc_video_player_get_error (self->player);

  if (error == NULL)
    return;

  g_simple_action_set_enabled (self->play_pause, FALSE);
  g_simple_action_set_enabled (self->seek, FALSE);
  show_error (self, error->message);
}

static gboolean
on_seek_scale_change_value_cb (GtkRange       *range,
                               GtkScrollType   scroll,
                               double          value,
                               ScViewerWindow *self)
{
  if (self->player != NULL)
    sc_video_player_seek (self->player, (gint64)(value * GST_SECOND));

  return FALSE;
}

static void
play (ScViewerWindow *self)
{
  g_assert (self->player == NULL);

  adw_status_page_set_title (self->error_page, _("Cannot Play the Video"));
  adw_status_page_set_icon_name (self->error_page, "video-x-generic-symbolic");
  gtk_widget_set_visible (GTK_WIDGET (self->controls), TRUE);

  self->player = sc_video_player_new (self->file);
  g_signal_connect_swapped (self->player, "notify::texture",
                            G_CALLBACK (on_player_texture_cb), self);
  g_signal_connect_swapped (self->player, "notify::playing",
                            G_CALLBACK (on_player_playing_cb), self);
  g_signal_connect_swapped (self->player, "notify::position",
                            G_CALLBACK (on_player_position_cb), self);
  g_signal_connect_swapped (self->player, "notify::duration",
                            G_CALLBACK (on_player_duration_cb), self);
  g_signal_connect_swapped (self->player, "notify::dual-fisheye",
                            G_CALLBACK (on_player_dual_fisheye_cb), self);
  g_signal_connect_swapped (self->player, "notify::error",
                            G_CALLBACK (on_player_error_cb), self);

  if (sc_video_player_get_error (self->player) != NULL)
    {
      on_player_error_cb (self);
      return;
    }

  g_simple_action_set_enabled (self->play_pause, TRUE);
  g_simple_action_set_enabled (self->seek, TRUE);
  sc_video_player_set_playing (self->player, TRUE);
}

static void
on_play_pause_activate_cb (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  ScViewerWindow *self = user_data;

  if (self->player != NULL)
    sc_video_player_toggle (self->player);
}

static void
on_seek_activate_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  ScViewerWindow *self = user_data;
  double step = g_variant_get_double (parameter);

  if (self->player != NULL)
    sc_video_player_seek (self->player,
                          sc_video_player_get_position (self->player) + (gint64)(step * GST_SECOND));
}

/* --- Photos --- */

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

  if (is_video_file (self->file))
    {
      play (self);
      return;
    }

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
  if (self->player != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->player, self);
      sc_video_player_stop (self->player);
      g_clear_object (&self->player);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_VIEWER_WINDOW);

  G_OBJECT_CLASS (sc_viewer_window_parent_class)->dispose (object);
}

static void
sc_viewer_window_finalize (GObject *object)
{
  ScViewerWindow *self = (ScViewerWindow *)object;

  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->play_pause);
  g_clear_object (&self->seek);

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
   * The equirectangular photo or video shown (a local file).
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScViewerWindow:loading:
   *
   * Whether the photo is still being decoded, or the video's first
   * frame has not arrived yet.
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
  gtk_widget_class_bind_template_child (widget_class, ScViewerWindow, fisheye_banner);
  gtk_widget_class_bind_template_child (widget_class, ScViewerWindow, viewer);
  gtk_widget_class_bind_template_child (widget_class, ScViewerWindow, controls);
  gtk_widget_class_bind_template_child (widget_class, ScViewerWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, ScViewerWindow, position_label);
  gtk_widget_class_bind_template_child (widget_class, ScViewerWindow, seek_adjustment);
  gtk_widget_class_bind_template_child (widget_class, ScViewerWindow, duration_label);
  gtk_widget_class_bind_template_child (widget_class, ScViewerWindow, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_seek_scale_change_value_cb);

  g_type_ensure (SC_TYPE_VIEWER);
}

/* The video keys, in the capture phase: GtkWindow binds Space to
 * "activate-focus" and buttons take it too. While the actions are
 * disabled (photos) the keys go on to the focused widget. */
static void
add_video_shortcuts (ScViewerWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  static const struct {
    guint       keyval;
    const char *action;
    double      step;
  } keys[] = {
    { GDK_KEY_space, "viewer-window.play-pause", 0.0 },
    { GDK_KEY_k, "viewer-window.play-pause", 0.0 },
    { GDK_KEY_j, "viewer-window.seek", -SEEK_STEP_S },
    { GDK_KEY_l, "viewer-window.seek", SEEK_STEP_S },
  };

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].keyval, 0),
                                                gtk_named_action_new (keys[i].action));

      if (keys[i].step != 0.0)
        gtk_shortcut_set_arguments (shortcut, g_variant_new_double (keys[i].step));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
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
  self->play_pause = g_simple_action_new ("play-pause", NULL);
  g_simple_action_set_enabled (self->play_pause, FALSE);
  g_signal_connect (self->play_pause, "activate", G_CALLBACK (on_play_pause_activate_cb), self);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (self->play_pause));
  self->seek = g_simple_action_new ("seek", G_VARIANT_TYPE_DOUBLE);
  g_simple_action_set_enabled (self->seek, FALSE);
  g_signal_connect (self->seek, "activate", G_CALLBACK (on_seek_activate_cb), self);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (self->seek));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "viewer-window", G_ACTION_GROUP (group));
  add_video_shortcuts (self);
}

/**
 * sc_viewer_window_new:
 * @parent: (nullable): the window it belongs to
 * @file: a local equirectangular photo or video
 *
 * Creates a window that loads @file and shows it in a 360° view (a video
 * starts playing); present it with gtk_window_present().
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
 * Returns: (transfer none): the photo or video shown
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
 * Returns: whether the photo is still being decoded, or the video's
 *   first frame has not arrived yet
 */
gboolean
sc_viewer_window_get_loading (ScViewerWindow *self)
{
  g_return_val_if_fail (SC_IS_VIEWER_WINDOW (self), FALSE);

  return self->loading;
}

/**
 * sc_viewer_window_get_player:
 * @self: a #ScViewerWindow
 *
 * Returns: (transfer none) (nullable): the player of the video shown,
 *   %NULL for a photo (and once the window is closed)
 */
ScVideoPlayer *
sc_viewer_window_get_player (ScViewerWindow *self)
{
  g_return_val_if_fail (SC_IS_VIEWER_WINDOW (self), NULL);

  return self->player;
}
