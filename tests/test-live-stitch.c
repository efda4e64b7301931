/* test-live-stitch.c: the live preview of a dual-fisheye camera, stitched
 * by the 360° view's shader, under Xvfb (GL through Mesa llvmpipe)
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the camera emulator with --preview-projection dual-fisheye and
 * connects it from the Camera page: the viewfinder must take the frames
 * as dual-fisheye and hand them to its ScViewer with the emulator's
 * built-in lens profile scaled to the preview size. A second viewfinder,
 * 2:1 and fed by the same live preview, is frozen on one frame and its
 * viewer drawn in flat projection: the result must match the CPU stitch
 * (ScStitchMap) of that frame. The shared uniforms are checked against
 * the lens model on the CPU.
 *
 * With SC_TEST_LIVE_STITCH_NO_GL=1 (and GDK_DEBUG=gl-disable, see
 * tests/live-stitch.cmake) the same preview must fall back to the CPU
 * stitch, shown flat with a note.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <sc-ui.h>

#include "sc-emulator-launcher.h"
#include "sc-test-ui.h"

#define VIEW_WIDTH  512
#define VIEW_HEIGHT 256

static AdwApplication *app;

/* GTK 4.8 warns when the window's AdwViewSwitcherBar is revealed in a
 * narrow window; harmless and not ours (see test-camera-ui.c). */
static GLogWriterOutput
log_writer_cb (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  const char *domain = NULL, *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  if ((log_level & G_LOG_LEVEL_WARNING) && g_strcmp0 (domain, "Gtk") == 0 &&
      message != NULL && strstr (message, "attempt to allocate") != NULL &&
      g_str_has_suffix (message, "and height -1"))
    {
      g_printerr ("(ignored) Gtk-WARNING: %s\n", message);
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

typedef struct
{
  GSubprocess     *emulator;
  char            *url;
  ScCameraMonitor *monitor;
  ScJobManager    *jobs;
  ScCamera        *camera;
  ScWindow        *window;
  ScCameraPage    *camera_page;
  ScViewfinder    *viewfinder;    /* the Camera page's */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char * const args[] = { "--preview-projection", "dual-fisheye", NULL };
  g_autoptr(GError) error = NULL;

  f->url = sc_emulator_launch (args, &f->emulator, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->url);

  f->monitor = sc_camera_monitor_new ();
  f->jobs = sc_job_manager_new ();
  f->camera = g_object_ref (sc_camera_monitor_add_uri (f->monitor, f->url, NULL, NULL, &error));
  g_assert_no_error (error);

  f->window = sc_window_new (GTK_APPLICATION (app));
  sc_window_set_job_manager (f->window, f->jobs);
  sc_window_set_camera_monitor (f->window, f->monitor);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  sc_window_set_page (f->window, "camera");
  gtk_window_present (GTK_WINDOW (f->window));
  f->camera_page = sc_window_get_camera_page (f->window);
  f->viewfinder = SC_VIEWFINDER (sc_test_ui_find_descendant (GTK_WIDGET (f->camera_page),
                                                             SC_TYPE_VIEWFINDER));
  g_assert_nonnull (f->viewfinder);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  sc_test_ui_iterate (100);
  sc_camera_monitor_disconnect_all (f->monitor);
  g_clear_object (&f->camera);
  g_clear_object (&f->monitor);
  g_clear_object (&f->jobs);
  sc_emulator_stop (f->emulator);
  g_clear_object (&f->emulator);
  g_clear_pointer (&f->url, g_free);
}

static gboolean
camera_connected (gpointer data)
{
  Fixture *f = data;

  return sc_camera_is_connected (f->camera);
}

static gboolean
page_frame_shown (gpointer data)
{
  Fixture *f = data;

  return sc_viewfinder_get_paintable (f->viewfinder) != NULL;
}

static void
connect_camera (Fixture *f)
{
  GtkWidget *row;

  row = sc_test_ui_find_descendant (GTK_WIDGET (f->camera_page), SC_TYPE_CAMERA_ROW);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate_action (row, "row.connect", NULL));
  sc_test_ui_wait_until (camera_connected, f, 30, "the connection");
  sc_test_ui_wait_until (page_frame_shown, f, 60, "a live preview frame");
}

/* The frame's pixels, tightly packed RGBA. */
static guint8 *
texture_rgba (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize size = (gsize)width * height * 4;
  guint8 *pixels = g_malloc (size);

  gdk_texture_download (texture, pixels, (gsize)width * 4);
  for (gsize i = 0; i < size; i += 4)
    {
      guint32 argb;
      guint8 *p = pixels + i;

      memcpy (&argb, p, 4);
      p[0] = (argb >> 16) & 0xff;
      p[1] = (argb >> 8) & 0xff;
      p[2] = argb & 0xff;
      p[3] = argb >> 24;
    }

  return pixels;
}

/* What @widget shows, rendered by its window's renderer (the GL area's
 * content included), as RGBA. */
static guint8 *
render_widget (GtkWidget *widget,
               int       *width,
               int       *height)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;

  sc_test_ui_wait_for_paint (widget);
  *width = gtk_widget_get_width (widget);
  *height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, *width, *height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, *width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, *height);

  return texture_rgba (texture);
}

/* The CPU stitcher's output for @frame with @profile, @width×@height. */
static guint8 *
stitch_on_cpu (GdkTexture          *frame,
               const ScLensProfile *profile,
               int                  width,
               int                  height)
{
  int in_width = gdk_texture_get_width (frame);
  int in_height = gdk_texture_get_height (frame);
  g_autofree guint8 *rgba = texture_rgba (frame);
  g_autoptr(ScStitchMap) map = NULL;
  guint8 *out = g_malloc ((gsize)width * height * 4);

  map = sc_stitch_map_new (profile, in_width, in_height, width, height, NULL,
                           SC_STITCH_DEFAULT_BLEND_DEG, 2);
  sc_stitch_map_apply_rgba (map, rgba, in_width * 4, out, width * 4, 2);

  return out;
}

static double
mean_abs_diff (const guint8 *a,
               const guint8 *b,
               int           width,
               int           height)
{
  double sum = 0.0;

  for (gsize i = 0; i < (gsize)width * height; i++)
    for (int c = 0; c < 3; c++)
      sum += fabs ((double)a[i * 4 + c] - b[i * 4 + c]);

  return sum / ((double)width * height * 3);
}

static double
mean_level (const guint8 *rgba,
            int           width,
            int           height)
{
  double sum = 0.0;

  for (gsize i = 0; i < (gsize)width * height; i++)
    sum += rgba[i * 4] + rgba[i * 4 + 1] + rgba[i * 4 + 2];

  return sum / ((double)width * height * 3);
}

/* A 2:1 window with a viewfinder fed by the Camera page's live preview. */
static GtkWindow *
new_reference_window (Fixture       *f,
                      ScViewfinder **viewfinder_out)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *viewfinder = sc_viewfinder_new ();
  g_autofree char *model = NULL;

  g_object_get (f->camera, "model", &model, NULL);
  gtk_window_set_application (window, GTK_APPLICATION (app));
  /* The default size, not a size request: the viewer's hidden error page
   * asks for a little more height than 256 naturally. */
  gtk_window_set_default_size (window, VIEW_WIDTH, VIEW_HEIGHT);
  gtk_window_set_child (window, viewfinder);
  sc_viewfinder_set_camera_model (SC_VIEWFINDER (viewfinder), model);
  sc_viewfinder_set_live_preview (SC_VIEWFINDER (viewfinder),
                                  sc_viewfinder_get_live_preview (f->viewfinder));
  gtk_window_present (window);
  *viewfinder_out = SC_VIEWFINDER (viewfinder);

  return window;
}

static gboolean
frame_shown (gpointer data)
{
  return sc_viewfinder_get_paintable (SC_VIEWFINDER (data)) != NULL;
}

static gboolean
viewer_has_frame (gpointer data)
{
  return sc_viewer_get_texture (SC_VIEWER (data)) != NULL;
}

/* The built-in profile of the emulator, at the preview's size. */
static ScLensProfile *
expected_profile (Fixture    *f,
                  GdkTexture *frame)
{
  g_autofree char *model = NULL;
  g_autoptr(ScLensProfile) builtin = NULL;

  g_object_get (f->camera, "model", &model, NULL);
  g_assert_cmpstr (model, ==, "Spherecam Emulator");
  builtin = sc_lens_profile_load_for_model (model);
  g_assert_nonnull (builtin);

  return sc_lens_profile_scale (builtin, gdk_texture_get_width (frame),
                                gdk_texture_get_height (frame));
}

static void
assert_profile_equal (const ScLensProfile *got,
                      const ScLensProfile *want)
{
  g_assert_cmpint (got->width, ==, want->width);
  g_assert_cmpint (got->height, ==, want->height);
  for (int i = 0; i < 2; i++)
    {
      g_assert_cmpfloat_with_epsilon (got->lenses[i].cx, want->lenses[i].cx, 1e-6);
      g_assert_cmpfloat_with_epsilon (got->lenses[i].cy, want->lenses[i].cy, 1e-6);
      g_assert_cmpfloat_with_epsilon (got->lenses[i].radius, want->lenses[i].radius, 1e-6);
      g_assert_cmpfloat_with_epsilon (got->lenses[i].fov_deg, want->lenses[i].fov_deg, 1e-9);
      g_assert_cmpfloat_with_epsilon (got->lenses[i].gain, want->lenses[i].gain, 1e-9);
    }
}

/* The Camera page shows the dual-fisheye preview in its 360° view,
 * stitched with the camera's built-in profile; the GL view in flat
 * projection matches the CPU stitch of the same frame. */
static void
test_gl (Fixture       *f,
         gconstpointer  data)
{
  g_autoptr(ScLensProfile) want = NULL;
  g_autofree guint8 *rendered = NULL;
  g_autofree guint8 *reference = NULL;
  g_autoptr(GdkTexture) frame = NULL;
  ScViewfinder *viewfinder;
  GtkWindow *window;
  ScViewer *viewer;
  GtkWidget *raw_button;
  double diff;
  int width, height;

  connect_camera (f);

  /* The Camera page: dual-fisheye mode with the emulator's profile. */
  viewer = sc_viewfinder_get_viewer (f->viewfinder);
  sc_test_ui_wait_until (viewer_has_frame, viewer, 30, "a frame in the page's viewer");
  g_assert_null (sc_viewer_get_gl_error (viewer));
  g_assert_nonnull (sc_viewer_get_lens_profile (viewer));
  want = expected_profile (f, GDK_TEXTURE (sc_viewfinder_get_paintable (f->viewfinder)));
  assert_profile_equal (sc_viewer_get_lens_profile (viewer), want);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (viewer)));
  g_assert_null (sc_viewfinder_get_stitched (f->viewfinder));
  sc_test_ui_save_screenshot (GTK_WIDGET (f->window), "live-stitch-perspective");

  /* The toggle shows the raw frame; the 360° view comes back after. */
  raw_button = sc_test_ui_find_descendant (GTK_WIDGET (f->viewfinder), GTK_TYPE_TOGGLE_BUTTON);
  g_assert_nonnull (raw_button);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (raw_button), TRUE);
  g_assert_false (gtk_widget_get_child_visible (GTK_WIDGET (viewer)));
  sc_test_ui_wait_for_paint (GTK_WIDGET (f->viewfinder));
  sc_test_ui_save_screenshot (GTK_WIDGET (f->window), "live-stitch-raw");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (raw_button), FALSE);
  g_assert_true (gtk_widget_get_child_visible (GTK_WIDGET (viewer)));

  /* A 2:1 viewfinder on the same stream, frozen on one frame. */
  window = new_reference_window (f, &viewfinder);
  viewer = sc_viewfinder_get_viewer (viewfinder);
  sc_test_ui_wait_until (frame_shown, viewfinder, 30, "a frame in the 2:1 viewfinder");
  sc_test_ui_wait_until (viewer_has_frame, viewer, 30, "a frame in the 2:1 viewer");
  sc_viewfinder_set_live_preview (viewfinder, NULL);
  frame = g_object_ref (sc_viewer_get_texture (viewer));
  g_assert_true (GDK_PAINTABLE (frame) == sc_viewfinder_get_paintable (viewfinder));
  assert_profile_equal (sc_viewer_get_lens_profile (viewer), want);
  g_assert_cmpfloat (sc_viewer_get_blend_width (viewer), ==, SC_GL_STITCH_DEFAULT_BLEND_WIDTH);

  sc_viewer_set_projection (viewer, SC_VIEWER_PROJECTION_FLAT);
  g_assert_cmpfloat (sc_viewer_get_fov (viewer), ==, 360.0);
  g_assert_cmpfloat (sc_viewer_get_yaw (viewer), ==, 0.0);

  rendered = render_widget (GTK_WIDGET (viewer), &width, &height);
  g_assert_null (sc_viewer_get_gl_error (viewer));
  g_assert_cmpint (width, ==, VIEW_WIDTH);
  g_assert_cmpint (height, ==, VIEW_HEIGHT);
  reference = stitch_on_cpu (frame, sc_viewer_get_lens_profile (viewer), width, height);

  diff = mean_abs_diff (rendered, reference, width, height);
  g_test_message ("GL view (flat, %d×%d) against the CPU stitch: mean absolute difference %.3f "
                  "(levels %.1f and %.1f)", width, height, diff,
                  mean_level (rendered, width, height), mean_level (reference, width, height));
  g_print ("# live stitch: mean absolute difference GL view vs CPU stitch %.3f\n", diff);
  g_assert_cmpfloat (mean_level (rendered, width, height), >, 20.0);
  g_assert_cmpfloat (diff, <=, 3.0);

  /* Every projection draws (little planet: not black). */
  sc_viewer_set_projection (viewer, SC_VIEWER_PROJECTION_LITTLE_PLANET);
  g_clear_pointer (&rendered, g_free);
  rendered = render_widget (GTK_WIDGET (viewer), &width, &height);
  g_assert_cmpfloat (mean_level (rendered, width, height), >, 20.0);

  gtk_window_destroy (window);
}

static gboolean
note_shown (gpointer data)
{
  Fixture *f = data;

  return sc_viewfinder_get_stitched (f->viewfinder) != NULL &&
         sc_test_ui_find_label (GTK_WIDGET (f->viewfinder), "No GPU: stitched on the CPU") != NULL;
}

/* Without GL, the dual-fisheye preview is stitched on the CPU and shown
 * flat, with a note saying why. */
static void
test_no_gl (Fixture       *f,
            gconstpointer  data)
{
  ScViewer *viewer = sc_viewfinder_get_viewer (f->viewfinder);
  GtkWidget *label;
  GdkPaintable *stitched;

  connect_camera (f);
  sc_test_ui_wait_until (note_shown, f, 30, "the CPU stitch and its note");

  g_assert_nonnull (sc_viewer_get_gl_error (viewer));
  g_assert_false (gtk_widget_get_child_visible (GTK_WIDGET (viewer)));
  label = sc_test_ui_find_label (GTK_WIDGET (f->viewfinder), "No GPU: stitched on the CPU");
  g_assert_true (gtk_widget_get_mapped (label));
  stitched = sc_viewfinder_get_stitched (f->viewfinder);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (stitched), ==,
                   2 * gdk_paintable_get_intrinsic_height (stitched));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (stitched), <=, 1024);
  sc_test_ui_save_screenshot (GTK_WIDGET (f->window), "live-stitch-no-gl");
}

/* The shared uniforms, put through the shader's arithmetic here, land
 * where the lens model (sc_lens_project()) puts each ray, in both lenses
 * and with an orientation; the GLSL declares what they fill. */
static void
test_uniforms (void)
{
  g_autoptr(ScLensProfile) builtin = sc_lens_profile_load_for_model ("Spherecam Emulator");
  g_autoptr(ScLensProfile) profile = NULL;
  const char *source = sc_gl_stitch_get_sample_source ();
  const char * const names[] = {
    "sc_stitch_in_size", "sc_stitch_lens_rot", "sc_stitch_lens_geom", "sc_stitch_lens_model",
    "sc_stitch_lens_inv_gain", "sc_stitch_blend_lo", "sc_stitch_blend_inv_width",
    "vec4 sc_stitch_sample (sampler2D tex, vec3 ray)",
  };
  ScGlStitchUniforms u;
  double orientation[9];

  g_assert_nonnull (builtin);
  g_assert_null (sc_lens_profile_load_for_model ("Some Other Camera"));
  g_assert_null (sc_lens_profile_load_for_model (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_nonnull (strstr (source, names[i]));

  profile = sc_lens_profile_scale (builtin, 1024, 512);
  sc_orientation_matrix (20.0, -8.0, 5.0, orientation);
  sc_gl_stitch_get_uniforms (builtin, 1024, 512, orientation, 10.0, &u);

  g_assert_cmpfloat (u.in_size[0], ==, 1024.0f);
  g_assert_cmpfloat (u.in_size[1], ==, 512.0f);
  g_assert_cmpfloat_with_epsilon (u.blend_lo, G_PI / 2 - 5.0 * G_PI / 180.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (u.blend_inv_width, 180.0 / (10.0 * G_PI), 1e-4);
  g_assert_cmpfloat_with_epsilon (u.lens_inv_gain[SC_LENS_BACK], 1.0 / 0.96, 1e-6);
  g_assert_cmpfloat_with_epsilon (u.lens_inv_gain[SC_LENS_FRONT], 1.0, 1e-6);

  for (int k = 0; k < 200; k++)
    {
      double lon = g_test_rand_double_range (-G_PI, G_PI);
      double lat = asin (g_test_rand_double_range (-1.0, 1.0));
      double ray[3] = { cos (lat) * sin (lon), sin (lat), cos (lat) * cos (lon) };
      double cam[3];

      /* sc_stitch_lens_rot = lens matrix × orientation */
      for (int r = 0; r < 3; r++)
        cam[r] = orientation[r * 3] * ray[0] + orientation[r * 3 + 1] * ray[1] +
                 orientation[r * 3 + 2] * ray[2];

      for (int i = 0; i < 2; i++)
        {
          const float *rot = u.lens_rot + i * 9;
          const float *geom = u.lens_geom + i * 4;
          const float *model = u.lens_model + i * 4;
          double d[3], s, theta, t2, r, dir[2], c, sn, px, py, want_x, want_y, want_theta;

          /* GLSL: d = rot * ray, rot column-major */
          for (int row = 0; row < 3; row++)
            d[row] = rot[row] * ray[0] + rot[3 + row] * ray[1] + rot[6 + row] * ray[2];
          s = sqrt (d[0] * d[0] + d[1] * d[1]);
          theta = atan2 (s, d[2]);
          t2 = theta * theta;
          r = geom[2] * theta * (1.0 + t2 * (model[1] + t2 * model[2])) * model[3];
          dir[0] = s > 1e-9 ? d[0] / s : 1.0;
          dir[1] = s > 1e-9 ? d[1] / s : 0.0;
          c = cos (geom[3]);
          sn = sin (geom[3]);
          px = geom[0] + r * (dir[0] * c - dir[1] * sn);
          py = geom[1] - r * (dir[1] * c + dir[0] * sn);

          sc_lens_project (&profile->lenses[i], cam, &want_x, &want_y, &want_theta);
          g_assert_cmpfloat_with_epsilon (theta, want_theta, 1e-5);
          if (want_theta <= model[0])
            {
              g_assert_cmpfloat_with_epsilon (px, want_x, 1e-2);
              g_assert_cmpfloat_with_epsilon (py, want_y, 1e-2);
            }
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_log_set_writer_func (log_writer_cb, NULL, NULL);
  app = sc_test_ui_init (&argc, &argv);

  g_test_add_func ("/live-stitch/uniforms", test_uniforms);
  if (g_strcmp0 (g_getenv ("SC_TEST_LIVE_STITCH_NO_GL"), "1") == 0)
    g_test_add ("/live-stitch/no-gl", Fixture, NULL, fixture_set_up, test_no_gl, fixture_tear_down);
  else
    g_test_add ("/live-stitch/gl", Fixture, NULL, fixture_set_up, test_gl, fixture_tear_down);

  ret = g_test_run ();

  g_clear_object (&app);

  return ret;
}
