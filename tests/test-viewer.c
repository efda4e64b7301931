/* test-viewer.c: the 360° viewer under Xvfb (GL through Mesa llvmpipe)
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Renders tests/data/scene-equirect.jpg (2048×1024) in an ScViewer and
 * compares the rendered pixels with the image sampled on the CPU along
 * the same view rays; drives the gestures, keys and actions; opens the
 * photo in an ScViewerWindow and saves screenshots of the projections.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include <sc-ui.h>

#include "emu-image.h"
#include "emu-render.h"
#include "sc-test-ui.h"

static AdwApplication *app;
static GdkTexture *scene;
static guint8 *scene_pixels;   /* ARGB32 (B, G, R, A bytes) */
static int scene_width, scene_height;

static GFile *
scene_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "scene-equirect.jpg", NULL);

  return g_file_new_for_path (path);
}

static void
load_scene (void)
{
  g_autoptr(GFile) file = scene_file ();
  g_autoptr(GError) error = NULL;

  scene = gdk_texture_new_from_file (file, &error);
  g_assert_no_error (error);
  scene_width = gdk_texture_get_width (scene);
  scene_height = gdk_texture_get_height (scene);
  g_assert_cmpint (scene_width, ==, 2048);
  g_assert_cmpint (scene_height, ==, 1024);
  scene_pixels = g_malloc ((gsize)scene_width * scene_height * 4);
  gdk_texture_download (scene, scene_pixels, (gsize)scene_width * 4);
}

/* The image bilinearly sampled at (lon, lat) in degrees, as GL_LINEAR
 * with GL_REPEAT in longitude and GL_CLAMP_TO_EDGE in latitude does. */
static void
sample_scene (double lon,
              double lat,
              double rgb[3])
{
  double u = (0.5 + lon / 360.0) * scene_width - 0.5;
  double v = (0.5 - lat / 180.0) * scene_height - 0.5;
  int x0 = (int)floor (u), y0 = (int)floor (v);
  double fx = u - x0, fy = v - y0;

  for (int c = 0; c < 3; c++)
    rgb[c] = 0.0;
  for (int j = 0; j < 2; j++)
    for (int i = 0; i < 2; i++)
      {
        int x = ((x0 + i) % scene_width + scene_width) % scene_width;
        int y = CLAMP (y0 + j, 0, scene_height - 1);
        double w = (i ? fx : 1.0 - fx) * (j ? fy : 1.0 - fy);
        const guint8 *p = scene_pixels + ((gsize)y * scene_width + x) * 4;

        rgb[0] += w * p[2];
        rgb[1] += w * p[1];
        rgb[2] += w * p[0];
      }
}

typedef struct
{
  int     width;
  int     height;
  guint8 *data;   /* ARGB32 */
} Render;

static void
render_clear (Render *render)
{
  g_clear_pointer (&render->data, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Render, render_clear)

/* What @widget shows, rendered by its window's renderer, as the
 * screenshots are; the GL area's content included. */
static void
render_widget (GtkWidget *widget,
               Render    *render)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;

  sc_test_ui_wait_for_paint (widget);
  render->width = gtk_widget_get_width (widget);
  render->height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, render->width, render->height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, render->width, render->height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, render->width);
  render->data = g_malloc ((gsize)render->width * render->height * 4);
  gdk_texture_download (texture, render->data, (gsize)render->width * 4);
}

static void
render_pixel (const Render *render,
              int           x,
              int           y,
              double        rgb[3])
{
  const guint8 *p = render->data + ((gsize)y * render->width + x) * 4;

  rgb[0] = p[2];
  rgb[1] = p[1];
  rgb[2] = p[0];
}

/* The view ray of the perspective projection through the centre of
 * pixel (x, y) (rows from the top), as longitude and latitude. */
static void
perspective_lon_lat (const Render *render,
                     int           x,
                     int           y,
                     double        yaw,
                     double        pitch,
                     double        fov,
                     double       *lon,
                     double       *lat)
{
  double px = (x + 0.5 - 0.5 * render->width) / (0.5 * render->width);
  double py = ((render->height - y - 0.5) - 0.5 * render->height) / (0.5 * render->width);
  double t = tan (fov * G_PI / 360.0);
  double d[3] = { px * t, py * t, 1.0 };
  double n = sqrt (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
  double p = pitch * G_PI / 180.0, a = yaw * G_PI / 180.0;
  double y1, z1, x2, z2;

  for (int i = 0; i < 3; i++)
    d[i] /= n;
  y1 = d[1] * cos (p) + d[2] * sin (p);
  z1 = -d[1] * sin (p) + d[2] * cos (p);
  x2 = d[0] * cos (a) + z1 * sin (a);
  z2 = -d[0] * sin (a) + z1 * cos (a);
  *lon = atan2 (x2, z2) * 180.0 / G_PI;
  *lat = asin (CLAMP (y1, -1.0, 1.0)) * 180.0 / G_PI;
}

static void
assert_colour_near (const double  got[3],
                    const double  want[3],
                    double        tolerance,
                    const char   *what)
{
  for (int c = 0; c < 3; c++)
    if (fabs (got[c] - want[c]) > tolerance)
      g_error ("%s: got (%.0f, %.0f, %.0f), expected (%.0f, %.0f, %.0f)", what,
               got[0], got[1], got[2], want[0], want[1], want[2]);
}

static GtkWindow *
new_viewer_window (ScViewer **viewer_out)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *viewer = sc_viewer_new ();

  gtk_window_set_application (window, GTK_APPLICATION (app));
  gtk_window_set_default_size (window, 640, 400);
  gtk_window_set_child (window, viewer);
  sc_viewer_set_texture (SC_VIEWER (viewer), scene);
  gtk_window_present (window);
  sc_test_ui_wait_for_paint (viewer);
  *viewer_out = SC_VIEWER (viewer);

  return window;
}

static void
assert_gl_ok (ScViewer *viewer)
{
  GtkWidget *area = sc_test_ui_find_descendant (GTK_WIDGET (viewer), GTK_TYPE_GL_AREA);
  const GError *error = sc_viewer_get_gl_error (viewer);

  g_assert_nonnull (area);
  g_assert_true (gtk_widget_get_realized (area));
  if (error != NULL)
    g_error ("GL failed: %s", error->message);
  g_assert_no_error (gtk_gl_area_get_error (GTK_GL_AREA (area)));
  g_assert_true (gtk_widget_get_child_visible (area));
}

static void
assert_centre_matches (ScViewer   *viewer,
                       const char *what)
{
  g_auto(Render) render = { 0 };
  double got[3], want[3], lon, lat;
  int cx, cy;

  render_widget (GTK_WIDGET (viewer), &render);
  cx = render.width / 2;
  cy = render.height / 2;
  perspective_lon_lat (&render, cx, cy, sc_viewer_get_yaw (viewer), sc_viewer_get_pitch (viewer),
                       sc_viewer_get_fov (viewer), &lon, &lat);
  render_pixel (&render, cx, cy, got);
  sample_scene (lon, lat, want);
  g_test_message ("%s: centre (%.2f°, %.2f°) rendered (%.0f, %.0f, %.0f), image (%.0f, %.0f, %.0f)",
                  what, lon, lat, got[0], got[1], got[2], want[0], want[1], want[2]);
  assert_colour_near (got, want, 12.0, what);
}

/* The perspective view shows the image's centre at yaw 0, the pixel at
 * longitude +90° after turning 90° right, and a level horizon. */
static void
test_render (void)
{
  g_auto(Render) render = { 0 };
  ScViewer *viewer;
  GtkWindow *window = new_viewer_window (&viewer);
  int mismatches = 0, checked = 0;

  assert_gl_ok (viewer);
  g_assert_cmpfloat (sc_viewer_get_yaw (viewer), ==, 0.0);
  g_assert_cmpfloat (sc_viewer_get_pitch (viewer), ==, 0.0);
  g_assert_cmpfloat (sc_viewer_get_fov (viewer), ==, 90.0);

  assert_centre_matches (viewer, "yaw 0");
  sc_viewer_set_yaw (viewer, 90.0);
  assert_centre_matches (viewer, "yaw +90");
  sc_viewer_set_yaw (viewer, -135.0);
  sc_viewer_set_pitch (viewer, 20.0);
  assert_centre_matches (viewer, "yaw -135, pitch 20");

  /* A grid of points over the whole view, away from sharp edges: most
   * pixels match the image along their ray (JPEG edges may differ). */
  sc_viewer_set_yaw (viewer, 30.0);
  sc_viewer_set_pitch (viewer, -10.0);
  render_widget (GTK_WIDGET (viewer), &render);
  for (int y = 10; y < render.height; y += 37)
    for (int x = 10; x < render.width; x += 41)
      {
        double got[3], want[3], lon, lat;

        perspective_lon_lat (&render, x, y, 30.0, -10.0, 90.0, &lon, &lat);
        render_pixel (&render, x, y, got);
        sample_scene (lon, lat, want);
        checked++;
        for (int c = 0; c < 3; c++)
          if (fabs (got[c] - want[c]) > 16.0)
            {
              mismatches++;
              break;
            }
      }
  g_test_message ("%d of %d grid pixels differ", mismatches, checked);
  g_assert_cmpint (mismatches * 20, <, checked);

  gtk_window_destroy (window);
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }

  g_error ("%s has no %s", G_OBJECT_TYPE_NAME (widget), g_type_name (type));
  return NULL;
}

/* Activates what @widget's own shortcuts bind @keyval (no modifiers) to,
 * as pressing the key while it has the focus does; with @capture, only
 * the shortcuts that run before the focused widget's. */
static void
press_key_full (GtkWidget *widget,
                guint      keyval,
                gboolean   capture)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      GListModel *shortcuts;

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          (capture && gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_CAPTURE))
        continue;
      shortcuts = G_LIST_MODEL (controller);
      for (guint j = 0; j < g_list_model_get_n_items (shortcuts); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (shortcuts, j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                           GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                                           gtk_shortcut_get_arguments (shortcut)));
              sc_test_ui_iterate (10);
              return;
            }
        }
    }

  g_error ("%s has no shortcut for %s", G_OBJECT_TYPE_NAME (widget), gdk_keyval_name (keyval));
}

static void
press_key (GtkWidget *widget,
           guint      keyval)
{
  press_key_full (widget, keyval, FALSE);
}

/* Dragging moves the image with the pointer, scrolling and pinching
 * zoom, keys pan and zoom, and everything stays in range. */
static void
test_input (void)
{
  ScViewer *viewer;
  GtkWindow *window = new_viewer_window (&viewer);
  GtkEventController *drag = find_controller (GTK_WIDGET (viewer), GTK_TYPE_GESTURE_DRAG);
  GtkEventController *scroll = find_controller (GTK_WIDGET (viewer), GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  GtkEventController *zoom = find_controller (GTK_WIDGET (viewer), GTK_TYPE_GESTURE_ZOOM);
  double width = gtk_widget_get_width (GTK_WIDGET (viewer));
  gboolean handled = FALSE;

  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (viewer)));

  /* Drag right by a quarter of the width: the view turns left by a
   * quarter of the field of view (the image follows the pointer). */
  g_signal_emit_by_name (drag, "drag-begin", 100.0, 100.0);
  g_signal_emit_by_name (drag, "drag-update", width / 4, 0.0);
  g_assert_cmpfloat_with_epsilon (sc_viewer_get_yaw (viewer), -22.5, 1e-6);
  g_assert_cmpfloat (sc_viewer_get_pitch (viewer), ==, 0.0);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (viewer)));
  /* Down: looks up; far down: stops straight up. */
  g_signal_emit_by_name (drag, "drag-update", 0.0, width / 4);
  g_assert_cmpfloat_with_epsilon (sc_viewer_get_pitch (viewer), 22.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (sc_viewer_get_yaw (viewer), 0.0, 1e-6);
  g_signal_emit_by_name (drag, "drag-update", 0.0, 100 * width);
  g_assert_cmpfloat (sc_viewer_get_pitch (viewer), ==, 90.0);
  g_signal_emit_by_name (drag, "drag-update", 0.0, -100 * width);
  g_assert_cmpfloat (sc_viewer_get_pitch (viewer), ==, -90.0);
  /* Yaw wraps around. */
  g_signal_emit_by_name (drag, "drag-update", -3 * width, 0.0);
  g_assert_cmpfloat (sc_viewer_get_yaw (viewer), >=, -180.0);
  g_assert_cmpfloat (sc_viewer_get_yaw (viewer), <=, 180.0);

  sc_viewer_reset (viewer);
  g_assert_cmpfloat (sc_viewer_get_yaw (viewer), ==, 0.0);
  g_assert_cmpfloat (sc_viewer_get_pitch (viewer), ==, 0.0);

  /* Scrolling down zooms out, up zooms in, within 30–120°. */
  g_signal_emit_by_name (scroll, "scroll", 0.0, 1.0, &handled);
  g_assert_true (handled);
  g_assert_cmpfloat (sc_viewer_get_fov (viewer), >, 90.0);
  g_signal_emit_by_name (scroll, "scroll", 0.0, -2.0, &handled);
  g_assert_cmpfloat (sc_viewer_get_fov (viewer), <, 90.0);
  g_signal_emit_by_name (scroll, "scroll", 0.0, 100.0, &handled);
  g_assert_cmpfloat (sc_viewer_get_fov (viewer), ==, 120.0);
  g_signal_emit_by_name (scroll, "scroll", 0.0, -100.0, &handled);
  g_assert_cmpfloat (sc_viewer_get_fov (viewer), ==, 30.0);

  /* Pinching out (scale 2) halves the field of view. */
  sc_viewer_set_fov (viewer, 100.0);
  g_signal_emit_by_name (zoom, "begin", NULL);
  g_signal_emit_by_name (zoom, "scale-changed", 2.0);
  g_assert_cmpfloat_with_epsilon (sc_viewer_get_fov (viewer), 50.0, 1e-6);
  g_signal_emit_by_name (zoom, "scale-changed", 0.5);
  g_assert_cmpfloat (sc_viewer_get_fov (viewer), ==, 120.0);

  /* Keys: 0 resets; arrows pan; + and - zoom; Home resets. */
  press_key (GTK_WIDGET (viewer), GDK_KEY_0);
  g_assert_cmpfloat (sc_viewer_get_fov (viewer), ==, 90.0);
  press_key (GTK_WIDGET (viewer), GDK_KEY_Right);
  g_assert_cmpfloat (sc_viewer_get_yaw (viewer), >, 0.0);
  press_key (GTK_WIDGET (viewer), GDK_KEY_Left);
  press_key (GTK_WIDGET (viewer), GDK_KEY_Left);
  g_assert_cmpfloat (sc_viewer_get_yaw (viewer), <, 0.0);
  press_key (GTK_WIDGET (viewer), GDK_KEY_Up);
  g_assert_cmpfloat (sc_viewer_get_pitch (viewer), >, 0.0);
  press_key (GTK_WIDGET (viewer), GDK_KEY_Down);
  press_key (GTK_WIDGET (viewer), GDK_KEY_Down);
  g_assert_cmpfloat (sc_viewer_get_pitch (viewer), <, 0.0);
  press_key (GTK_WIDGET (viewer), GDK_KEY_plus);
  g_assert_cmpfloat (sc_viewer_get_fov (viewer), <, 90.0);
  press_key (GTK_WIDGET (viewer), GDK_KEY_minus);
  press_key (GTK_WIDGET (viewer), GDK_KEY_minus);
  g_assert_cmpfloat (sc_viewer_get_fov (viewer), >, 90.0);
  press_key (GTK_WIDGET (viewer), GDK_KEY_Home);
  g_assert_cmpfloat (sc_viewer_get_yaw (viewer), ==, 0.0);
  g_assert_cmpfloat (sc_viewer_get_pitch (viewer), ==, 0.0);
  g_assert_cmpfloat (sc_viewer_get_fov (viewer), ==, 90.0);

  /* Out-of-range values are clamped or wrapped. */
  g_object_set (viewer, "yaw", 170.0, NULL);
  sc_viewer_set_yaw (viewer, 190.0);
  g_assert_cmpfloat_with_epsilon (sc_viewer_get_yaw (viewer), -170.0, 1e-9);
  sc_viewer_set_fov (viewer, 10.0);
  g_assert_cmpfloat (sc_viewer_get_fov (viewer), ==, 30.0);

  gtk_window_destroy (window);
}

/* Switching projection starts from its default field of view; the
 * little planet shows ground in the middle and sky around it. */
static void
test_projection (void)
{
  g_auto(Render) render = { 0 };
  ScViewer *viewer;
  GtkWindow *window = new_viewer_window (&viewer);
  double rgb[3];
  GEnumClass *enum_class = g_type_class_ref (SC_TYPE_VIEWER_PROJECTION);

  g_assert_nonnull (g_enum_get_value_by_nick (enum_class, "little-planet"));
  g_type_class_unref (enum_class);

  sc_viewer_set_yaw (viewer, 40.0);
  sc_viewer_set_pitch (viewer, 10.0);
  g_object_set (viewer, "projection", SC_VIEWER_PROJECTION_LITTLE_PLANET, NULL);
  g_assert_cmpint (sc_viewer_get_projection (viewer), ==, SC_VIEWER_PROJECTION_LITTLE_PLANET);
  g_assert_cmpfloat (sc_viewer_get_fov (viewer), ==, 240.0);
  g_assert_cmpfloat (sc_viewer_get_pitch (viewer), ==, 0.0);
  g_assert_cmpfloat (sc_viewer_get_yaw (viewer), ==, 40.0);
  sc_viewer_set_fov (viewer, 1000.0);
  g_assert_cmpfloat (sc_viewer_get_fov (viewer), ==, 300.0);
  sc_viewer_reset (viewer);
  g_assert_cmpfloat (sc_viewer_get_fov (viewer), ==, 240.0);

  render_widget (GTK_WIDGET (viewer), &render);
  /* Sky (blue to white) on a ring near the edge, ground (green or brown)
   * on a ring around the middle; the scene's coloured meridian lines
   * cross a few of the points. */
  {
    int sky = 0, ground = 0, n = 36;

    for (int k = 0; k < n; k++)
      {
        double a = 2.0 * G_PI * k / n;
        int x = render.width / 2 + (int)(0.47 * render.height * cos (a));
        int y = render.height / 2 + (int)(0.47 * render.height * sin (a));

        render_pixel (&render, x, y, rgb);
        if (rgb[2] >= MAX (rgb[0], rgb[1]) - 5 && rgb[2] > 120)
          sky++;
        x = render.width / 2 + (int)(0.22 * render.width / 2 * cos (a));
        y = render.height / 2 + (int)(0.22 * render.width / 2 * sin (a));
        render_pixel (&render, x, y, rgb);
        if (rgb[1] > rgb[2])
          ground++;
      }
    g_test_message ("little planet: %d of %d sky, %d of %d ground", sky, n, ground, n);
    g_assert_cmpint (sky, >=, n * 3 / 4);
    g_assert_cmpint (ground, >=, n * 3 / 4);
  }
  render_clear (&render);

  /* Flat: the whole image, letterboxed: black above and below, the image's
   * centre in the middle. */
  sc_viewer_set_projection (viewer, SC_VIEWER_PROJECTION_FLAT);
  g_assert_cmpfloat (sc_viewer_get_fov (viewer), ==, 360.0);
  sc_viewer_set_yaw (viewer, 0.0);
  render_widget (GTK_WIDGET (viewer), &render);
  render_pixel (&render, render.width / 2, 1, rgb);
  g_assert_cmpfloat (rgb[0] + rgb[1] + rgb[2], <, 10.0);
  {
    double want[3];
    double lon = ((render.width / 2 + 0.5) - 0.5 * render.width) / (0.5 * render.width) * 180.0;
    double lat = (render.height / 4 + 0.5 - 0.5 * render.height) / (0.5 * render.width) * -180.0;

    render_pixel (&render, render.width / 2, render.height / 4, rgb);
    sample_scene (lon, lat, want);
    assert_colour_near (rgb, want, 16.0, "flat");
  }

  sc_viewer_set_projection (viewer, SC_VIEWER_PROJECTION_PERSPECTIVE);
  g_assert_cmpfloat (sc_viewer_get_fov (viewer), ==, 90.0);
  assert_centre_matches (viewer, "back to perspective");

  gtk_window_destroy (window);
}

/* A new frame of the same size replaces the old one. */
static void
test_set_texture (void)
{
  ScViewer *viewer;
  GtkWindow *window = new_viewer_window (&viewer);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) red = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  guint8 *data = g_malloc (64 * 32 * 4);
  g_auto(Render) render = { 0 };
  double rgb[3];

  for (int i = 0; i < 64 * 32; i++)
    {
      data[i * 4] = 200, data[i * 4 + 1] = 10, data[i * 4 + 2] = 20, data[i * 4 + 3] = 255;
    }
  bytes = g_bytes_new_take (data, 64 * 32 * 4);
  red = gdk_memory_texture_new (64, 32, GDK_MEMORY_R8G8B8A8, bytes, 64 * 4);

  for (int frame = 0; frame < 3; frame++)
    {
      sc_viewer_set_texture (viewer, frame % 2 ? scene : red);
      g_assert_true (sc_viewer_get_texture (viewer) == (frame % 2 ? scene : red));
      render_clear (&render);
      render_widget (GTK_WIDGET (viewer), &render);
    }
  render_pixel (&render, render.width / 2, render.height / 2, rgb);
  assert_colour_near (rgb, (double[3]) { 200, 10, 20 }, 2.0, "red frame");

  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 32);
  gdk_pixbuf_fill (pixbuf, 0x1040c0ff);
  sc_viewer_set_pixbuf (viewer, pixbuf);
  render_clear (&render);
  render_widget (GTK_WIDGET (viewer), &render);
  render_pixel (&render, render.width / 2, render.height / 2, rgb);
  assert_colour_near (rgb, (double[3]) { 0x10, 0x40, 0xc0 }, 2.0, "pixbuf");

  sc_viewer_set_texture (viewer, NULL);
  render_clear (&render);
  render_widget (GTK_WIDGET (viewer), &render);
  render_pixel (&render, render.width / 2, render.height / 2, rgb);
  g_assert_cmpfloat (rgb[0] + rgb[1] + rgb[2], <, 10.0);

  gtk_window_destroy (window);
}

static gboolean
is_loaded (gpointer data)
{
  return !sc_viewer_window_get_loading (data);
}

/* The viewer window: title, projection switch and reset from the header
 * bar, screenshots of each projection, Escape closes it. */
static void
test_window (void)
{
  g_autoptr(GFile) file = scene_file ();
  GtkWidget *weak = NULL;
  ScViewerWindow *window;
  ScViewer *viewer;
  GtkWidget *button;
  GtkWidget *parent = adw_application_window_new (GTK_APPLICATION (app));

  window = sc_viewer_window_new (GTK_WINDOW (parent), file);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 500);
  gtk_window_present (GTK_WINDOW (window));
  sc_test_ui_wait_until (is_loaded, window, 20, "the photo");

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "scene-equirect.jpg");
  g_assert_nonnull (sc_test_ui_find_label (GTK_WIDGET (window), "scene-equirect.jpg"));
  viewer = sc_viewer_window_get_viewer (window);
  g_assert_true (sc_viewer_get_texture (viewer) != NULL);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (viewer)));
  sc_test_ui_wait_for_paint (GTK_WIDGET (viewer));
  assert_gl_ok (viewer);
  sc_viewer_set_yaw (viewer, 25.0);
  sc_viewer_set_pitch (viewer, 5.0);
  sc_test_ui_save_screenshot (GTK_WIDGET (window), "viewer-perspective");
  assert_centre_matches (viewer, "window");

  button = sc_test_ui_find_button (GTK_WIDGET (window), "viewer-window.projection");
  g_assert_nonnull (button);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
  gtk_widget_activate_action (GTK_WIDGET (window), "viewer-window.projection", "s", "little-planet");
  g_assert_cmpint (sc_viewer_get_projection (viewer), ==, SC_VIEWER_PROJECTION_LITTLE_PLANET);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
  sc_test_ui_save_screenshot (GTK_WIDGET (window), "viewer-little-planet");

  gtk_widget_activate_action (GTK_WIDGET (window), "viewer-window.projection", "s", "flat");
  g_assert_cmpint (sc_viewer_get_projection (viewer), ==, SC_VIEWER_PROJECTION_FLAT);
  sc_test_ui_save_screenshot (GTK_WIDGET (window), "viewer-flat");

  gtk_widget_activate_action (GTK_WIDGET (window), "viewer-window.projection", "s", "perspective");
  sc_viewer_set_yaw (viewer, 60.0);
  button = sc_test_ui_find_button (GTK_WIDGET (window), "viewer-window.reset");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpfloat (sc_viewer_get_yaw (viewer), ==, 0.0);

  /* Escape closes the window. */
  weak = GTK_WIDGET (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&weak);
  press_key (GTK_WIDGET (window), GDK_KEY_Escape);
  sc_test_ui_iterate (50);
  g_assert_null (weak);

  gtk_window_destroy (GTK_WINDOW (parent));
}

/* A photo as the app makes it: a dual-fisheye frame of the emulator's
 * scene through its lenses, stitched by sc_photo_stitch(), shown in the
 * viewer; the screenshots of the issue come from here. */
static void
test_window_stitched (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "viewer-stitched", NULL);
  g_autofree char *fisheye_path = g_build_filename (dir, "fisheye.jpg", NULL);
  g_autofree char *stitched_path = g_build_filename (dir, "stitched.jpg", NULL);
  g_autoptr(GFile) fisheye_file = g_file_new_for_path (fisheye_path);
  g_autoptr(GFile) stitched_file = g_file_new_for_path (stitched_path);
  g_autoptr(ScEmuImage) fisheye = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GError) error = NULL;
  ScEmuRigMap *map;
  const ScEmuImage *scene_image;
  ScStitchOptions options;
  ScEmuRig rig;
  ScViewerWindow *window;
  ScViewer *viewer;
  GtkWidget *parent = adw_application_window_new (GTK_APPLICATION (app));

  g_mkdir_with_parents (dir, 0700);
  g_unlink (fisheye_path);
  g_unlink (stitched_path);

  sc_emu_scene_set_path (SC_TEST_SCENE);
  scene_image = sc_emu_scene_get (&error);
  g_assert_no_error (error);
  fisheye = sc_emu_image_new (1920, 960);
  sc_emu_rig_init (&rig, 1920, 960);
  map = sc_emu_rig_map_get (&rig, scene_image);
  sc_emu_rig_map_render (map, scene_image, 0.0, fisheye);
  sc_emu_rig_map_unref (map);
  jpeg = sc_emu_image_encode_jpeg (fisheye, 92, &error);
  g_assert_no_error (error);
  g_file_replace_contents (fisheye_file, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg),
                           NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error);
  g_assert_no_error (error);

  sc_stitch_options_init_default (&options);
  options.profile = "spherecam-emulator";
  options.path = SC_STITCH_PATH_CPU;
  options.width = 2048;
  g_assert_true (sc_photo_stitch (fisheye_file, stitched_file, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  window = sc_viewer_window_new (GTK_WINDOW (parent), stitched_file);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 500);
  gtk_window_present (GTK_WINDOW (window));
  sc_test_ui_wait_until (is_loaded, window, 20, "the stitched photo");
  viewer = sc_viewer_window_get_viewer (window);
  g_assert_nonnull (sc_viewer_get_texture (viewer));
  sc_test_ui_wait_for_paint (GTK_WIDGET (viewer));
  assert_gl_ok (viewer);

  sc_viewer_set_yaw (viewer, 75.0);
  sc_viewer_set_pitch (viewer, 10.0);
  sc_test_ui_save_screenshot (GTK_WIDGET (window), "viewer-stitched-perspective");
  gtk_widget_activate_action (GTK_WIDGET (window), "viewer-window.projection", "s", "little-planet");
  sc_test_ui_save_screenshot (GTK_WIDGET (window), "viewer-stitched-little-planet");

  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (parent));
  g_unlink (fisheye_path);
  g_unlink (stitched_path);
}

/* The Library page has the "Open in 360° Viewer" action and button;
 * opening a downloaded photo with it is not driven here. */
static void
test_library_action (void)
{
  GtkWidget *page = g_object_ref_sink (g_object_new (SC_TYPE_LIBRARY_PAGE, NULL));
  GtkWidget *button;

  /* (GTK 4.8's query_action needs every out argument.) */
  for (guint i = 0;; i++)
    {
      GType owner;
      const char *name;
      const GVariantType *parameter_type;
      const char *property;

      g_assert_true (gtk_widget_class_query_action (GTK_WIDGET_GET_CLASS (page), i, &owner, &name,
                                                    &parameter_type, &property));
      if (g_str_equal (name, "library.open-viewer"))
        break;
    }
  button = sc_test_ui_find_button (page, "library.open-viewer");
  g_assert_nonnull (button);
  g_object_unref (page);
}

/* A file that is not a photo shows a message, not a broken view. */
static void
test_window_error (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_test_get_filename (G_TEST_DIST, "data",
                                                                     "includes-gtk.c", NULL));
  ScViewerWindow *window = sc_viewer_window_new (NULL, file);

  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  sc_test_ui_wait_until (is_loaded, window, 20, "the file");
  g_assert_null (sc_viewer_get_texture (sc_viewer_window_get_viewer (window)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (sc_viewer_window_get_viewer (window))));
  g_assert_nonnull (sc_test_ui_find_descendant (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- Videos --- */

/* Runs @description (a gst-launch line ending in a filesink) to EOS. */
static void
run_pipeline (const char *description)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;

  g_assert_no_error (error);
  bus = gst_element_get_bus (pipeline);
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  message = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      gst_message_parse_error (message, &error, NULL);
      g_error ("%s: %s", description, error->message);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

static char *
video_path (const char *name)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "viewer-video", NULL);

  g_mkdir_with_parents (dir, 0700);
  return g_build_filename (dir, name, NULL);
}

/* A 2 s equirectangular MP4 (2:1, 30 fps, the SMPTE bars scrolling, a key
 * frame every 10 frames) with spherical metadata, as the app writes it. */
static GFile *
make_equirect_video (void)
{
  g_autofree char *path = video_path ("equirect.mp4");
  g_autofree char *description = NULL;
  g_autoptr(GError) error = NULL;
  GFile *file = g_file_new_for_path (path);
  ScSphericalVideo video;

  g_unlink (path);
  description = g_strdup_printf ("videotestsrc num-buffers=60 pattern=smpte horizontal-speed=4 "
                                 "! video/x-raw,width=256,height=128,framerate=30/1 "
                                 "! x264enc speed-preset=ultrafast key-int-max=10 "
                                 "! mp4mux ! filesink location=\"%s\"", path);
  run_pipeline (description);
  sc_spherical_video_init_default (&video);
  g_assert_true (sc_spherical_mp4_write (file, &video, NULL, &error));
  g_assert_no_error (error);

  return file;
}

static gboolean
pipeline_settled (gpointer data)
{
  GstElement *pipeline = sc_video_player_get_pipeline (data);
  GstState state, pending;

  return gst_element_get_state (pipeline, &state, &pending, 0) == GST_STATE_CHANGE_SUCCESS &&
         pending == GST_STATE_VOID_PENDING;
}

typedef struct
{
  ScVideoPlayer *player;
  GdkTexture    *texture;   /* the frame to move away from */
  gint64         near;      /* the stream time to reach, or -1 */
} FrameWait;

static gboolean
frame_changed (gpointer data)
{
  FrameWait *wait = data;
  GdkTexture *texture = sc_video_player_get_texture (wait->player);

  if (texture == NULL || texture == wait->texture)
    return FALSE;
  return wait->near < 0 ||
         ABS (sc_video_player_get_frame_position (wait->player) - wait->near) < GST_SECOND / 10;
}

/* Waits for a frame other than @before (a reference, dropped here) and,
 * unless @near is -1, within 0.1 s of @near. */
static void
wait_for_frame (ScVideoPlayer *player,
                GdkTexture    *before,
                gint64         near,
                const char    *what)
{
  FrameWait wait = { player, before, near };

  sc_test_ui_wait_until (frame_changed, &wait, 30, what);
  g_clear_object (&before);
}

static GdkTexture *
ref_frame (ScVideoPlayer *player)
{
  GdkTexture *texture = sc_video_player_get_texture (player);

  return texture != NULL ? g_object_ref (texture) : NULL;
}

static gboolean
is_ended (gpointer data)
{
  return sc_video_player_get_ended (data);
}

/* A paused pipeline whose last frame reached the viewer. */
static void
wait_paused (ScViewerWindow *window,
             ScVideoPlayer  *player)
{
  g_assert_false (sc_video_player_get_playing (player));
  sc_test_ui_wait_until (pipeline_settled, player, 30, "the paused pipeline");
  sc_test_ui_iterate (100);
  g_assert_true (sc_viewer_get_texture (sc_viewer_window_get_viewer (window)) ==
                 sc_video_player_get_texture (player));
}

/* Plays, pauses, seeks and ends an equirectangular MP4 in the viewer
 * window; closing the window frees the pipeline. */
static void
test_video (void)
{
  g_autoptr(GFile) file = make_equirect_video ();
  GtkWidget *parent = adw_application_window_new (GTK_APPLICATION (app));
  ScViewerWindow *window = sc_viewer_window_new (GTK_WINDOW (parent), file);
  gpointer weak_window = window, weak_player, weak_pipeline;
  ScVideoPlayer *player;
  ScViewer *viewer;
  GtkWidget *scale, *button;
  GdkTexture *held, *before;
  gint64 first, duration;
  gboolean handled = FALSE;

  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 500);
  gtk_window_present (GTK_WINDOW (window));
  sc_test_ui_wait_until (is_loaded, window, 30, "the first video frame");

  player = sc_viewer_window_get_player (window);
  g_assert_nonnull (player);
  g_assert_null (sc_video_player_get_error (player));
  viewer = sc_viewer_window_get_viewer (window);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (viewer)));
  g_assert_true (sc_video_player_get_playing (player));
  weak_player = player;
  g_object_add_weak_pointer (G_OBJECT (player), &weak_player);
  weak_pipeline = sc_video_player_get_pipeline (player);
  g_object_add_weak_pointer (G_OBJECT (weak_pipeline), &weak_pipeline);

  /* Frames reach the viewer, moving forward. */
  first = sc_video_player_get_frame_position (player);
  wait_for_frame (player, ref_frame (player), -1, "a second frame");
  wait_for_frame (player, ref_frame (player), -1, "a third frame");
  g_assert_cmpint (sc_video_player_get_frame_position (player), >, first);
  g_assert_true (sc_viewer_get_texture (viewer) == sc_video_player_get_texture (player));
  g_assert_false (sc_video_player_get_dual_fisheye (player));
  g_assert_false (gtk_info_bar_get_revealed (GTK_INFO_BAR (
    sc_test_ui_find_descendant (GTK_WIDGET (window), GTK_TYPE_INFO_BAR))));
  duration = sc_video_player_get_duration (player);
  g_assert_cmpint (ABS (duration - 2 * GST_SECOND), <, GST_SECOND / 10);
  g_assert_nonnull (sc_test_ui_find_label (GTK_WIDGET (window), "0:02"));

  /* Pause (the button) holds the frame. Back to the start first, so that
   * a slow run has not reached the end yet; no main loop iteration
   * between the two, so no end of stream comes in between either. */
  button = sc_test_ui_find_button (GTK_WIDGET (window), "viewer-window.play-pause");
  g_assert_nonnull (button);
  sc_video_player_seek (player, 0);
  g_assert_true (sc_video_player_get_playing (player));
  g_signal_emit_by_name (button, "clicked");
  g_assert_false (sc_video_player_get_playing (player));
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (button)), ==, "media-playback-start-symbolic");
  wait_paused (window, player);
  held = sc_video_player_get_texture (player);
  sc_test_ui_iterate (300);
  g_assert_false (sc_video_player_get_ended (player));
  g_assert_true (sc_video_player_get_texture (player) == held);
  g_assert_true (sc_viewer_get_texture (viewer) == held);
  sc_viewer_set_yaw (viewer, 40.0);
  sc_test_ui_save_screenshot (GTK_WIDGET (window), "viewer-video");

  /* The seek bar goes to 1 s, paused: that frame is shown. */
  scale = sc_test_ui_find_descendant (GTK_WIDGET (window), GTK_TYPE_SCALE);
  g_assert_nonnull (scale);
  before = ref_frame (player);
  g_signal_emit_by_name (scale, "change-value", GTK_SCROLL_JUMP, 1.0, &handled);
  wait_for_frame (player, before, GST_SECOND, "the frame at 1 s");
  wait_paused (window, player);
  g_test_message ("seek to 1 s: frame at %" GST_TIME_FORMAT ", position %" GST_TIME_FORMAT,
                  GST_TIME_ARGS (sc_video_player_get_frame_position (player)),
                  GST_TIME_ARGS (sc_video_player_get_position (player)));
  g_assert_cmpint (ABS (sc_video_player_get_position (player) - GST_SECOND), <, GST_SECOND / 10);
  g_assert_cmpfloat_with_epsilon (gtk_range_get_value (GTK_RANGE (scale)), 1.0, 0.1);
  g_assert_nonnull (sc_test_ui_find_label (GTK_WIDGET (window), "0:01"));

  /* J goes back 5 s, stopping at the start. */
  before = ref_frame (player);
  press_key_full (GTK_WIDGET (window), GDK_KEY_j, TRUE);
  g_assert_cmpint (sc_video_player_get_position (player), <, GST_SECOND / 10);
  wait_for_frame (player, before, 0, "the first frame again");
  wait_paused (window, player);

  /* Space plays to the end, which stops on the last frame. */
  press_key_full (GTK_WIDGET (window), GDK_KEY_space, TRUE);
  g_assert_true (sc_video_player_get_playing (player));
  sc_test_ui_wait_until (is_ended, player, 30, "the end of the video");
  g_assert_false (sc_video_player_get_playing (player));
  g_assert_cmpint (sc_video_player_get_position (player), ==, duration);
  g_assert_cmpint (sc_video_player_get_frame_position (player), >, duration - GST_SECOND / 10);
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (button)), ==, "media-playback-start-symbolic");

  /* Playing again restarts from the beginning. */
  before = ref_frame (player);
  press_key_full (GTK_WIDGET (window), GDK_KEY_k, TRUE);
  g_assert_true (sc_video_player_get_playing (player));
  g_assert_false (sc_video_player_get_ended (player));
  g_assert_cmpint (sc_video_player_get_position (player), <, duration / 2);
  wait_for_frame (player, before, -1, "a frame after restarting");
  g_assert_cmpint (sc_video_player_get_frame_position (player), <, duration - GST_SECOND / 10);

  /* Closing the window (playing) stops and frees the pipeline. */
  gtk_window_destroy (GTK_WINDOW (window));
  sc_test_ui_iterate (50);
  g_assert_null (weak_window);
  g_assert_null (weak_player);
  g_assert_null (weak_pipeline);

  gtk_window_destroy (GTK_WINDOW (parent));
}

/* A damaged MP4 (cut in half, so without its moov box) shows the error
 * page with what to do, and nothing crashes. */
static void
test_video_corrupt (void)
{
  g_autoptr(GFile) good = make_equirect_video ();
  g_autofree char *path = video_path ("corrupt.mp4");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  ScViewerWindow *window;
  gpointer weak_window;
  ScVideoPlayer *player;
  const GError *player_error;
  GtkWidget *label;

  g_assert_true (g_file_load_contents (good, NULL, &contents, &length, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_replace_contents (file, contents, length / 2, NULL, FALSE,
                                          G_FILE_CREATE_NONE, NULL, NULL, &error));
  g_assert_no_error (error);

  window = sc_viewer_window_new (NULL, file);
  weak_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  sc_test_ui_wait_until (is_loaded, window, 30, "the damaged video");

  player = sc_viewer_window_get_player (window);
  player_error = sc_video_player_get_error (player);
  g_assert_nonnull (player_error);
  g_test_message ("%s", player_error->message);
  g_assert_true (player_error->domain == SC_PIPELINE_ERROR);
  g_assert_nonnull (strstr (player_error->message, "corrupt.mp4"));
  g_assert_null (sc_viewer_get_texture (sc_viewer_window_get_viewer (window)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (sc_viewer_window_get_viewer (window))));
  label = sc_test_ui_find_label (GTK_WIDGET (window), player_error->message);
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_mapped (label));
  /* the page's title, in the language the test runs in */
  g_assert_nonnull (sc_test_ui_find_label (GTK_WIDGET (window),
                                           g_dgettext (GETTEXT_PACKAGE, "Cannot Play the Video")));
  {
    GstState state = GST_STATE_VOID_PENDING;

    gst_element_get_state (sc_video_player_get_pipeline (player), &state, NULL, 0);
    g_assert_cmpint (state, ==, GST_STATE_NULL);
  }

  /* Play does nothing now. */
  gtk_widget_activate_action (GTK_WIDGET (window), "viewer-window.play-pause", NULL);
  g_assert_false (sc_video_player_get_playing (player));
  sc_test_ui_save_screenshot (GTK_WIDGET (window), "viewer-video-error");

  gtk_window_destroy (GTK_WINDOW (window));
  sc_test_ui_iterate (50);
  g_assert_null (weak_window);
  g_unlink (path);
}

/* A dual-fisheye video without spherical metadata (the emulator's lenses
 * on its scene) plays with a banner that says to stitch it first. */
static void
test_video_dual_fisheye (void)
{
  g_autofree char *jpeg_path = video_path ("fisheye.jpg");
  g_autofree char *path = video_path ("fisheye.mp4");
  g_autofree char *description = NULL;
  g_autoptr(GFile) jpeg_file = g_file_new_for_path (jpeg_path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(ScEmuImage) fisheye = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GError) error = NULL;
  const ScEmuImage *scene_image;
  ScEmuRigMap *map;
  ScEmuRig rig;
  ScViewerWindow *window;
  GtkWidget *banner;

  sc_emu_scene_set_path (SC_TEST_SCENE);
  scene_image = sc_emu_scene_get (&error);
  g_assert_no_error (error);
  fisheye = sc_emu_image_new (960, 480);
  sc_emu_rig_init (&rig, 960, 480);
  map = sc_emu_rig_map_get (&rig, scene_image);
  sc_emu_rig_map_render (map, scene_image, 0.0, fisheye);
  sc_emu_rig_map_unref (map);
  jpeg = sc_emu_image_encode_jpeg (fisheye, 92, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_replace_contents (jpeg_file, g_bytes_get_data (jpeg, NULL),
                                          g_bytes_get_size (jpeg), NULL, FALSE,
                                          G_FILE_CREATE_NONE, NULL, NULL, &error));
  g_assert_no_error (error);
  g_unlink (path);
  description = g_strdup_printf ("filesrc location=\"%s\" ! jpegdec ! imagefreeze num-buffers=5 "
                                 "! video/x-raw,framerate=10/1 ! videoconvert "
                                 "! x264enc speed-preset=ultrafast ! mp4mux "
                                 "! filesink location=\"%s\"", jpeg_path, path);
  run_pipeline (description);

  window = sc_viewer_window_new (NULL, file);
  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  sc_test_ui_wait_until (is_loaded, window, 30, "the dual-fisheye video");
  g_assert_null (sc_video_player_get_error (sc_viewer_window_get_player (window)));
  g_assert_true (sc_video_player_get_dual_fisheye (sc_viewer_window_get_player (window)));
  banner = sc_test_ui_find_descendant (GTK_WIDGET (window), GTK_TYPE_INFO_BAR);
  g_assert_true (gtk_info_bar_get_revealed (GTK_INFO_BAR (banner)));
  g_assert_nonnull (sc_test_ui_find_label (GTK_WIDGET (window),
                                           g_dgettext (GETTEXT_PACKAGE,
                                                       "This video is not stitched yet: it shows the camera’s two "
                                                       "lenses side by side. Stitch it first (spherecamctl stitch FILE), "
                                                       "then open the stitched copy.")));

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_unlink (jpeg_path);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app = sc_test_ui_init (&argc, &argv);
  load_scene ();

  g_test_add_func ("/sc-ui/ScViewer/render", test_render);
  g_test_add_func ("/sc-ui/ScViewer/input", test_input);
  g_test_add_func ("/sc-ui/ScViewer/projection", test_projection);
  g_test_add_func ("/sc-ui/ScViewer/set-texture", test_set_texture);
  g_test_add_func ("/sc-ui/ScViewerWindow/open", test_window);
  g_test_add_func ("/sc-ui/ScViewerWindow/stitched", test_window_stitched);
  g_test_add_func ("/sc-ui/ScViewerWindow/not-a-photo", test_window_error);
  g_test_add_func ("/sc-ui/ScViewerWindow/video", test_video);
  g_test_add_func ("/sc-ui/ScViewerWindow/video-corrupt", test_video_corrupt);
  g_test_add_func ("/sc-ui/ScViewerWindow/video-dual-fisheye", test_video_dual_fisheye);
  g_test_add_func ("/sc-ui/ScLibraryPage/open-viewer-action", test_library_action);

  ret = g_test_run ();

  g_clear_object (&scene);
  g_clear_pointer (&scene_pixels, g_free);
  g_object_unref (app);

  return ret;
}
