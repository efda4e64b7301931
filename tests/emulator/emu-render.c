/* emu-render.c: the emulator's optics: a scene seen through two fisheyes
 *
 * Ground truth for stitching tests. Every capture records this model in
 * its EXIF UserComment and in a .lens.json sidecar:
 *
 *  - Image coordinates are continuous: (0, 0) is the top-left corner of
 *    the top-left pixel, pixel (i, j) has its centre at (i + 0.5, j + 0.5),
 *    y grows downwards.
 *  - Camera frame: x right, y up, z forward (PROTOCOLS.md §5.1). A ray
 *    (x, y, z) has longitude λ = atan2 (x, z) and latitude φ = asin (y).
 *  - The camera has heading "yaw": the scene point seen along camera
 *    longitude λ is at scene longitude λ + yaw.
 *  - Lens with yaw_deg 0 (front) sees the ray as is; yaw_deg 180 (back)
 *    sees (−x, y, −z). In the lens frame θ = acos (z), ψ = atan2 (y, x),
 *    r = radius · θ / (fov/2), and the ray lands at
 *      px = cx + r · cos (ψ + roll),  py = cy − r · sin (ψ + roll).
 *  - The pixel value is gain × the bilinear sample of the scene; pixels
 *    farther than radius from the centre are black (a one-pixel
 *    anti-aliased rim).
 *  - A tilted camera (the rig's pitch_deg, roll_deg; --tilt) turns the
 *    camera ray d into the world ray Rx(pitch)·Rz(roll)·d before the
 *    heading: the camera's pose in the world is Ry(yaw)·Rx(pitch)·Rz(roll)
 *    with Ry turning +z towards +x, Rx +z towards +y (nose up) and Rz +x
 *    towards +y, exactly as core's sc_orientation_matrix() takes it, so
 *    stitching with the recorded pose levels the horizon. The lens JSON
 *    then has "pose": {"pitch_deg": pitch, "roll_deg": roll} in this
 *    convention.
 *  - GPano (Google's Photo Sphere XMP) describes the same attitude with
 *    PosePitchDegrees = degrees above the horizon of the image centre and
 *    PoseRollDegrees such that "as roll increases, the horizon rotates
 *    counter-clockwise in the image". The image centre is the camera's
 *    +z, which points Rx(pitch)·Rz(roll)·ez = (0, sin pitch, cos pitch):
 *    PosePitch = pitch. Our roll turns the camera's +x upwards
 *    (counter-clockwise as the photographer behind it sees it), so the
 *    world's horizon turns clockwise in the image: PoseRoll = −roll.
 *    (tests/test-photo-stitch.c checks both signs on the pixels of an
 *    unlevelled stitch.)
 *
 * Rendering goes through a per-size lookup table (scene coordinates at
 * yaw 0 and a weight per output pixel): a yaw is then only a horizontal
 * shift in the scene, so video frames cost one bilinear gather each.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "emu-render"

#include "config.h"

#include <math.h>

#include <gio/gio.h>

#include "emu-render.h"

#define SC_EMU_SCENE_RESOURCE "/org/spherecam/Spherecam/emulator/scene-equirect.jpg"
#define SC_EMU_MAP_CACHE_SIZE 3
#define DEG                   (G_PI / 180.0)

typedef struct
{
  float u;   /* scene column at yaw 0 (pixel centres at integers) */
  float v;   /* scene row */
  float w;   /* gain × rim coverage; 0 outside both circles */
} MapEntry;

struct _ScEmuRigMap
{
  ScEmuRig  rig;
  double    attitude[9];  /* Rx(pitch)·Rz(roll), row-major */
  int       scene_width;
  int       scene_height;
  MapEntry *entries;
};

static char *scene_path;
static GMutex map_lock;
static GPtrArray *map_cache;

/* Call before the first sc_emu_scene_get(); NULL uses the built-in scene. */
void
sc_emu_scene_set_path (const char *path)
{
  g_free (scene_path);
  scene_path = g_strdup (path);
}

static gpointer
load_scene (gpointer data)
{
  GError **error = data;
  g_autoptr(GBytes) jpeg = NULL;

  if (scene_path != NULL)
    {
      g_autoptr(GMappedFile) file = g_mapped_file_new (scene_path, FALSE, error);

      if (file == NULL)
        return NULL;
      jpeg = g_mapped_file_get_bytes (file);
    }
  else
    {
      jpeg = g_resources_lookup_data (SC_EMU_SCENE_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (jpeg == NULL)
        return NULL;
    }

  return sc_emu_image_decode_jpeg (jpeg, error);
}

/* The scene, decoded once on first use (from any thread) and kept for the
 * life of the process. Returns NULL with @error set when it cannot be
 * loaded; later calls then fail the same way. */
const ScEmuImage *
sc_emu_scene_get (GError **error)
{
  static GOnce once = G_ONCE_INIT;
  static GError *load_error;
  ScEmuImage *scene = g_once (&once, load_scene, &load_error);

  if (scene == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         load_error != NULL ? load_error->message : "The scene could not be loaded");

  return scene;
}

/* The emulator's lenses for a W×H dual-fisheye frame: nominal centres at
 * (W/4, H/2) and (3W/4, H/2), radius 0.49·H at 100° off-axis, with small
 * deliberate errors so that calibration matters. The errors are given for
 * a 960-row frame and scale with the height. */
void
sc_emu_rig_init (ScEmuRig *rig,
                 int       width,
                 int       height)
{
  double s = height / 960.0;

  rig->width = width;
  rig->height = height;
  rig->lenses[SC_EMU_LENS_BACK] = (ScEmuLens) {
    .name = "back",
    .cx = width / 4.0,
    .cy = height / 2.0 - 2.0 * s,
    .radius = 0.49 * height,
    .fov_deg = 200.0,
    .roll_deg = 0.5,
    .gain = 0.96,
    .yaw_deg = 180.0,
  };
  rig->lenses[SC_EMU_LENS_FRONT] = (ScEmuLens) {
    .name = "front",
    .cx = 3.0 * width / 4.0 + 3.0 * s,
    .cy = height / 2.0,
    .radius = 0.49 * height,
    .fov_deg = 200.0,
    .roll_deg = 0.0,
    .gain = 1.0,
    .yaw_deg = 0.0,
  };
  rig->pitch_deg = 0.0;
  rig->roll_deg = 0.0;
}

/* Whether the camera is held tilted (a non-zero pitch or roll). */
gboolean
sc_emu_rig_is_tilted (const ScEmuRig *rig)
{
  return rig->pitch_deg != 0.0 || rig->roll_deg != 0.0;
}

/* The rig's attitude as GPano's PosePitchDegrees and PoseRollDegrees
 * (see the file comment for the signs). */
void
sc_emu_rig_get_gpano_pose (const ScEmuRig *rig,
                           double         *pose_pitch_deg,
                           double         *pose_roll_deg)
{
  *pose_pitch_deg = rig->pitch_deg;
  *pose_roll_deg = rig->roll_deg == 0.0 ? 0.0 : -rig->roll_deg;
}

/* The lens document stored with every capture (see the file comment). */
JsonObject *
sc_emu_rig_to_json (const ScEmuRig *rig,
                    double          yaw_deg)
{
  JsonObject *doc = json_object_new ();
  JsonArray *lenses = json_array_new ();

  json_object_set_string_member (doc, "spherecam_lens_model", "equidistant");
  json_object_set_int_member (doc, "version", 1);
  json_object_set_int_member (doc, "width", rig->width);
  json_object_set_int_member (doc, "height", rig->height);
  for (int i = 0; i < 2; i++)
    {
      const ScEmuLens *lens = &rig->lenses[i];
      JsonObject *l = json_object_new ();

      json_object_set_string_member (l, "name", lens->name);
      json_object_set_string_member (l, "half", i == SC_EMU_LENS_BACK ? "left" : "right");
      json_object_set_double_member (l, "cx", lens->cx);
      json_object_set_double_member (l, "cy", lens->cy);
      json_object_set_double_member (l, "radius", lens->radius);
      json_object_set_double_member (l, "fov_deg", lens->fov_deg);
      json_object_set_double_member (l, "roll_deg", lens->roll_deg);
      json_object_set_double_member (l, "gain", lens->gain);
      json_object_set_double_member (l, "yaw_deg", lens->yaw_deg);
      json_array_add_object_element (lenses, l);
    }
  json_object_set_array_member (doc, "lenses", lenses);
  if (sc_emu_rig_is_tilted (rig))
    {
      JsonObject *pose = json_object_new ();

      /* The camera's gravity data, as core's ScLensProfile reads it. */
      json_object_set_double_member (pose, "pitch_deg", rig->pitch_deg);
      json_object_set_double_member (pose, "roll_deg", rig->roll_deg);
      json_object_set_object_member (doc, "pose", pose);
    }
  json_object_set_string_member (doc, "scene", "scene-equirect.jpg");
  json_object_set_double_member (doc, "yaw", yaw_deg);
  json_object_set_string_member (doc, "conventions",
                                 "pixel (i,j) centre at (i+0.5,j+0.5), y down; camera x right, y up, "
                                 "z forward; scene lng = camera lng + yaw; back lens sees (-x,y,-z); "
                                 "theta=acos(z), psi=atan2(y,x) in the lens frame; "
                                 "r=radius*theta/(fov/2); px=cx+r*cos(psi+roll), "
                                 "py=cy-r*sin(psi+roll); value=gain*scene");
  if (sc_emu_rig_is_tilted (rig))
    json_object_set_string_member (doc, "pose_conventions",
                                   "world ray = Ry(yaw)*Rx(pitch_deg)*Rz(roll_deg)*camera ray; "
                                   "Ry turns +z to +x, Rx +z to +y, Rz +x to +y; "
                                   "GPano PosePitch = pitch_deg, PoseRoll = -roll_deg");

  return doc;
}

static gboolean
rig_equal (const ScEmuRig *a,
           const ScEmuRig *b)
{
  if (a->width != b->width || a->height != b->height ||
      a->pitch_deg != b->pitch_deg || a->roll_deg != b->roll_deg)
    return FALSE;

  for (int i = 0; i < 2; i++)
    {
      const ScEmuLens *x = &a->lenses[i], *y = &b->lenses[i];

      if (x->cx != y->cx || x->cy != y->cy || x->radius != y->radius || x->fov_deg != y->fov_deg ||
          x->roll_deg != y->roll_deg || x->gain != y->gain || x->yaw_deg != y->yaw_deg)
        return FALSE;
    }

  return TRUE;
}

static void
map_clear (gpointer data)
{
  ScEmuRigMap *map = data;

  g_free (map->entries);
}

/* m = Rx(pitch)·Rz(roll): Rx turns +z towards +y, Rz +x towards +y. */
static void
attitude_matrix (double pitch_deg,
                 double roll_deg,
                 double m[9])
{
  double cp = cos (pitch_deg * DEG), sp = sin (pitch_deg * DEG);
  double cr = cos (roll_deg * DEG), sr = sin (roll_deg * DEG);

  /* Rx = [1 0 0; 0 cp sp; 0 -sp cp], Rz = [cr -sr 0; sr cr 0; 0 0 1] */
  m[0] = cr;       m[1] = -sr;      m[2] = 0.0;
  m[3] = cp * sr;  m[4] = cp * cr;  m[5] = sp;
  m[6] = -sp * sr; m[7] = -sp * cr; m[8] = cp;
}

static void
map_fill_row (ScEmuRigMap *map,
              int          row)
{
  const ScEmuRig *rig = &map->rig;
  int half = rig->width / 2;
  MapEntry *entry = map->entries + (gsize)row * rig->width;

  for (int col = 0; col < rig->width; col++, entry++)
    {
      int index = col < half ? SC_EMU_LENS_BACK : SC_EMU_LENS_FRONT;
      const ScEmuLens *lens = &rig->lenses[index];
      double dx = col + 0.5 - lens->cx;
      double dy = lens->cy - (row + 0.5);
      double r = hypot (dx, dy);
      double coverage = CLAMP (lens->radius - r + 0.5, 0.0, 1.0);
      double theta, psi, x, y, z, lng, lat;

      if (coverage <= 0.0)
        {
          *entry = (MapEntry) { 0.f, 0.f, 0.f };
          continue;
        }

      theta = r / lens->radius * (lens->fov_deg / 2.0) * DEG;
      psi = atan2 (dy, dx) - lens->roll_deg * DEG;
      x = sin (theta) * cos (psi);
      y = sin (theta) * sin (psi);
      z = cos (theta);
      if (lens->yaw_deg != 0.0)
        {
          /* Lens frame → camera frame: rotate about y by the lens yaw
           * (180° gives (−x, y, −z)). */
          double c = cos (lens->yaw_deg * DEG), s = sin (lens->yaw_deg * DEG);
          double xr = c * x + s * z, zr = -s * x + c * z;

          x = xr;
          z = zr;
        }
      if (sc_emu_rig_is_tilted (rig))
        {
          /* Camera frame → world frame: the attitude. */
          const double *m = map->attitude;
          double xw = m[0] * x + m[1] * y + m[2] * z;
          double yw = m[3] * x + m[4] * y + m[5] * z;
          double zw = m[6] * x + m[7] * y + m[8] * z;

          x = xw;
          y = yw;
          z = zw;
        }

      lng = atan2 (x, z);
      lat = asin (CLAMP (y, -1.0, 1.0));
      entry->u = (float)((lng + G_PI) / (2.0 * G_PI) * map->scene_width - 0.5);
      entry->v = (float)((G_PI / 2.0 - lat) / G_PI * map->scene_height - 0.5);
      entry->w = (float)(lens->gain * coverage);
    }
}

/* A (shared, immutable) lookup table for @rig on @scene; tables are cached
 * for the last few sizes. Thread-safe. */
ScEmuRigMap *
sc_emu_rig_map_get (const ScEmuRig   *rig,
                    const ScEmuImage *scene)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&map_lock);
  ScEmuRigMap *map;

  if (map_cache == NULL)
    map_cache = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_emu_rig_map_unref);

  for (guint i = 0; i < map_cache->len; i++)
    {
      map = g_ptr_array_index (map_cache, i);
      if (rig_equal (&map->rig, rig) && map->scene_width == scene->width &&
          map->scene_height == scene->height)
        return sc_emu_rig_map_ref (map);
    }

  map = g_atomic_rc_box_new0 (ScEmuRigMap);
  map->rig = *rig;
  map->scene_width = scene->width;
  map->scene_height = scene->height;
  attitude_matrix (rig->pitch_deg, rig->roll_deg, map->attitude);
  map->entries = g_new (MapEntry, (gsize)rig->width * rig->height);
  for (int row = 0; row < rig->height; row++)
    map_fill_row (map, row);

  if (map_cache->len == SC_EMU_MAP_CACHE_SIZE)
    g_ptr_array_remove_index (map_cache, 0);
  g_ptr_array_add (map_cache, sc_emu_rig_map_ref (map));

  return map;
}

ScEmuRigMap *
sc_emu_rig_map_ref (ScEmuRigMap *map)
{
  return g_atomic_rc_box_acquire (map);
}

void
sc_emu_rig_map_unref (ScEmuRigMap *map)
{
  g_atomic_rc_box_release_full (map, map_clear);
}

/* Renders the dual-fisheye frame for camera heading @yaw_deg into @out,
 * which must have the rig's size. */
void
sc_emu_rig_map_render (ScEmuRigMap      *map,
                       const ScEmuImage *scene,
                       double            yaw_deg,
                       ScEmuImage       *out)
{
  float shift = (float)(fmod (yaw_deg, 360.0) / 360.0 * scene->width);

  g_return_if_fail (out->width == map->rig.width && out->height == map->rig.height);
  g_return_if_fail (scene->width == map->scene_width && scene->height == map->scene_height);

  for (int row = 0; row < out->height; row++)
    {
      const MapEntry *entry = map->entries + (gsize)row * out->width;
      guint8 *dst = out->data + (gsize)row * out->stride;

      for (int col = 0; col < out->width; col++, entry++, dst += 3)
        {
          float rgb[3];

          if (entry->w <= 0.f)
            {
              dst[0] = dst[1] = dst[2] = 0;
              continue;
            }

          sc_emu_image_sample_bilinear (scene, entry->u + shift, entry->v, rgb);
          for (int c = 0; c < 3; c++)
            dst[c] = (guint8)CLAMP (rgb[c] * entry->w + 0.5f, 0.f, 255.f);
        }
    }
}

/* Renders the scene as an equirectangular frame of @out's size, as the
 * stitched live preview of a camera with heading @yaw_deg. */
void
sc_emu_render_equirect (const ScEmuImage *scene,
                        double            yaw_deg,
                        ScEmuImage       *out)
{
  float sx = (float)scene->width / out->width;
  float sy = (float)scene->height / out->height;
  float shift = (float)(fmod (yaw_deg, 360.0) / 360.0 * scene->width);

  for (int row = 0; row < out->height; row++)
    {
      guint8 *dst = out->data + (gsize)row * out->stride;
      float v = (row + 0.5f) * sy - 0.5f;

      for (int col = 0; col < out->width; col++, dst += 3)
        {
          float rgb[3];

          sc_emu_image_sample_bilinear (scene, (col + 0.5f) * sx - 0.5f + shift, v, rgb);
          for (int c = 0; c < 3; c++)
            dst[c] = (guint8)(rgb[c] + 0.5f);
        }
    }
}
