/* make-scene.c: draws the emulator's equirectangular test scene
 *
 * Usage: sc-emu-make-scene SCENE.jpg [FEATURES.json]
 *
 * Writes tests/data/scene-equirect.jpg (2048×1024, JPEG quality 90) and,
 * optionally, a JSON list of where every feature is (ground truth for
 * stitching tests). The output is deterministic; the JPEG is committed, so
 * this only needs to run when the scene changes.
 *
 * Coordinates: longitude λ ∈ [−180°, 180°) left to right, latitude φ from
 * +90° (top row) to −90° (bottom row); pixel (u, v) has its centre at
 * λ = 360°·(u + 0.5)/W − 180°, φ = 90° − 180°·(v + 0.5)/H (PROTOCOLS.md §5.1).
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "make-scene"

#include "config.h"

#include <math.h>
#include <stdio.h>

#include <gst/gst.h>
#include <json-glib/json-glib.h>

#include "emu-image.h"
#include "emu-json.h"

#define SCENE_WIDTH       2048
#define SCENE_HEIGHT      1024
#define SUPERSAMPLE       3
#define DEG               (G_PI / 180.0)
#define FEATURE_RADIUS    6.0   /* degrees of arc */
#define FONT_PIXEL        0.9   /* degrees of arc per font pixel */
#define STRIPE_HALF_WIDTH 0.6   /* degrees of longitude */
#define HORIZON_HALF      0.35  /* degrees of latitude: 4 px at 1024 rows */

typedef struct
{
  double r, g, b;
} Rgb;

typedef struct
{
  int    id;
  double lat;
  double lng;
  Rgb    colour;
} Feature;

typedef struct
{
  const char *name;
  double      lat0, lat1, lng0, lng1;   /* degrees */
  double      square;                   /* degrees */
} CheckerRegion;

/* 3×5 digit glyphs, one row per 3-bit number, top row first. */
static const guint8 digits[10][5] = {
  { 7, 5, 5, 5, 7 }, { 2, 6, 2, 2, 7 }, { 7, 1, 7, 4, 7 }, { 7, 1, 7, 1, 7 }, { 5, 5, 7, 1, 1 },
  { 7, 4, 7, 1, 7 }, { 7, 4, 7, 5, 7 }, { 7, 1, 2, 2, 2 }, { 7, 5, 7, 5, 7 }, { 7, 5, 7, 1, 7 },
};

/* Fine checkerboards in plain latitude/longitude degrees, placed across
 * the two seams of a front-facing camera (λ = ±90°), plus coarser patches
 * elsewhere for feature matching. */
static const CheckerRegion checkers[] = {
  { "seam-east-fine", -25.0, -5.0, 80.0, 100.0, 1.0 },
  { "seam-west-fine", 5.0, 25.0, -100.0, -80.0, 1.0 },
  { "back-coarse", 8.0, 20.0, 160.0, 172.0, 2.0 },
  { "front-coarse", -20.0, -8.0, -14.0, -2.0, 2.0 },
};

static Feature features[24];

static Rgb
hsv (double h,
     double s,
     double v)
{
  double c = v * s;
  double hp = fmod (h, 360.0) / 60.0;
  double x = c * (1.0 - fabs (fmod (hp, 2.0) - 1.0));
  double m = v - c;
  Rgb rgb = { m, m, m };

  if (hp < 1) { rgb.r += c; rgb.g += x; }
  else if (hp < 2) { rgb.r += x; rgb.g += c; }
  else if (hp < 3) { rgb.g += c; rgb.b += x; }
  else if (hp < 4) { rgb.g += x; rgb.b += c; }
  else if (hp < 5) { rgb.r += x; rgb.b += c; }
  else { rgb.r += c; rgb.b += x; }

  return rgb;
}

static Rgb
mix (Rgb    a,
     Rgb    b,
     double t)
{
  Rgb out = { a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t };
  return out;
}

/* Value noise on a 3D lattice, evaluated on the unit sphere so that the
 * texture is seamless across λ = ±180° and at the poles. */
static double
lattice (int x,
         int y,
         int z)
{
  guint32 h = (guint32)x * 374761393u + (guint32)y * 668265263u + (guint32)z * 2147483647u;

  h = (h ^ (h >> 13)) * 1274126177u;
  h ^= h >> 16;
  return (h & 0xffffff) / (double)0xffffff;
}

static double
smooth (double t)
{
  return t * t * (3.0 - 2.0 * t);
}

static double
value_noise (double x,
             double y,
             double z)
{
  int ix = (int)floor (x), iy = (int)floor (y), iz = (int)floor (z);
  double fx = smooth (x - ix), fy = smooth (y - iy), fz = smooth (z - iz);
  double c[2][2][2];

  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2; j++)
      for (int k = 0; k < 2; k++)
        c[i][j][k] = lattice (ix + i, iy + j, iz + k);

  for (int j = 0; j < 2; j++)
    for (int k = 0; k < 2; k++)
      c[0][j][k] += (c[1][j][k] - c[0][j][k]) * fx;
  for (int k = 0; k < 2; k++)
    c[0][0][k] += (c[0][1][k] - c[0][0][k]) * fy;

  return c[0][0][0] + (c[0][0][1] - c[0][0][0]) * fz;
}

static double
fbm (const double p[3],
     double       frequency,
     int          octaves)
{
  double sum = 0.0, amplitude = 0.5, norm = 0.0;

  for (int o = 0; o < octaves; o++)
    {
      sum += amplitude * value_noise (p[0] * frequency + 17.0 * o, p[1] * frequency,
                                      p[2] * frequency - 5.0 * o);
      norm += amplitude;
      amplitude *= 0.5;
      frequency *= 2.0;
    }

  return sum / norm;
}

/* Great-circle distance in degrees. */
static double
arc_distance (double lat1,
              double lng1,
              double lat2,
              double lng2)
{
  double s = sin (lat1 * DEG) * sin (lat2 * DEG) +
             cos (lat1 * DEG) * cos (lat2 * DEG) * cos ((lng1 - lng2) * DEG);

  return acos (CLAMP (s, -1.0, 1.0)) / DEG;
}

static double
wrap_lng (double d)
{
  while (d >= 180.0)
    d -= 360.0;
  while (d < -180.0)
    d += 360.0;
  return d;
}

/* Whether the label of @f covers (lat, lng): the digits are drawn in the
 * local tangent plane (east, north) so that they are not stretched. */
static gboolean
label_covers (const Feature *f,
              double         lat,
              double         lng)
{
  double east = wrap_lng (lng - f->lng) * cos (f->lat * DEG);
  double north = lat - f->lat;
  char text[8];
  int n = g_snprintf (text, sizeof text, "%d", f->id);
  double width = (n * 4 - 1) * FONT_PIXEL;
  int col, row;

  col = (int)floor ((east + width / 2.0) / FONT_PIXEL);
  row = (int)floor ((2.5 * FONT_PIXEL - north) / FONT_PIXEL);
  if (col < 0 || row < 0 || row >= 5 || col >= n * 4 - 1 || col % 4 == 3)
    return FALSE;

  return (digits[text[col / 4] - '0'][row] >> (2 - col % 4)) & 1;
}

static Rgb
scene_colour (double lat,
              double lng)
{
  double p[3] = { cos (lat * DEG) * sin (lng * DEG), sin (lat * DEG), cos (lat * DEG) * cos (lng * DEG) };
  Rgb colour;

  if (lat >= 0.0)
    {
      Rgb horizon = { 0.80, 0.88, 0.96 }, zenith = { 0.12, 0.32, 0.70 };
      double cloud = fbm (p, 3.0, 4);

      colour = mix (horizon, zenith, sin (lat * DEG));
      if (cloud > 0.55)
        colour = mix (colour, (Rgb){ 0.97, 0.97, 0.97 }, MIN (1.0, (cloud - 0.55) * 5.0));
    }
  else
    {
      Rgb near = { 0.40, 0.50, 0.24 }, far = { 0.26, 0.28, 0.18 };
      double grain = fbm (p, 12.0, 3);

      colour = mix (near, far, sin (-lat * DEG));
      colour = mix (colour, (Rgb){ 0.55, 0.45, 0.30 }, grain > 0.5 ? (grain - 0.5) * 1.6 : 0.0);
    }

  /* Faint latitude circles every 30°. */
  for (int k = -2; k <= 2; k++)
    if (k != 0 && fabs (lat - 30.0 * k) < 0.25)
      colour = mix (colour, (Rgb){ 1.0, 1.0, 1.0 }, 0.45);

  /* Meridian stripes every 30°, hue by index (λ = −180° is red). */
  if (fabs (lat) <= 75.0)
    for (int k = 0; k < 12; k++)
      if (fabs (wrap_lng (lng - (-180.0 + 30.0 * k))) < STRIPE_HALF_WIDTH)
        colour = hsv (30.0 * k, 0.85, 0.95);

  for (guint i = 0; i < G_N_ELEMENTS (checkers); i++)
    {
      const CheckerRegion *c = &checkers[i];

      if (lat >= c->lat0 && lat < c->lat1 && lng >= c->lng0 && lng < c->lng1)
        {
          int a = (int)floor ((lat - c->lat0) / c->square);
          int b = (int)floor ((lng - c->lng0) / c->square);
          double v = ((a + b) & 1) ? 0.95 : 0.05;

          colour = (Rgb){ v, v, v };
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (features); i++)
    {
      const Feature *f = &features[i];
      double d;

      if (fabs (lat - f->lat) >= FEATURE_RADIUS)
        continue;
      d = arc_distance (lat, lng, f->lat, f->lng);
      if (d < FEATURE_RADIUS)
        {
          double luma = 0.3 * f->colour.r + 0.59 * f->colour.g + 0.11 * f->colour.b;

          colour = d > FEATURE_RADIUS - 0.4 ? (Rgb){ 0.0, 0.0, 0.0 } : f->colour;
          if (label_covers (f, lat, lng))
            colour = luma > 0.5 ? (Rgb){ 0.0, 0.0, 0.0 } : (Rgb){ 1.0, 1.0, 1.0 };
        }
    }

  /* Zenith: concentric rings every 2°; nadir: eight sectors by longitude. */
  if (lat > 82.0)
    colour = ((int)floor ((90.0 - lat) / 2.0) & 1) ? (Rgb){ 1.0, 0.85, 0.1 } : (Rgb){ 1.0, 1.0, 1.0 };
  if (lat < -82.0)
    colour = hsv (45.0 * floor ((lng + 180.0) / 45.0), 0.7, 0.8);

  if (fabs (lat) < HORIZON_HALF)
    colour = (Rgb){ 0.0, 0.0, 0.0 };

  return colour;
}

static void
init_features (void)
{
  /* Two rings of numbered discs, between the stripes: 1–12 at +40°,
   * 13–24 at −40°, longitudes −165°, −135°, … 165°. */
  for (int i = 0; i < 24; i++)
    {
      Feature *f = &features[i];

      f->id = i + 1;
      f->lat = i < 12 ? 40.0 : -40.0;
      f->lng = -165.0 + 30.0 * (i % 12);
      f->colour = hsv (fmod (15.0 + 47.0 * i, 360.0), i < 12 ? 0.9 : 0.6, i % 2 ? 0.55 : 0.95);
    }
}

static void
add_rgb (JsonObject *object,
         const char *name,
         Rgb         c)
{
  JsonArray *array = json_array_new ();

  json_array_add_int_element (array, (gint64)lround (c.r * 255.0));
  json_array_add_int_element (array, (gint64)lround (c.g * 255.0));
  json_array_add_int_element (array, (gint64)lround (c.b * 255.0));
  json_object_set_array_member (object, name, array);
}

static char *
features_json (void)
{
  g_autoptr(JsonObject) doc = json_object_new ();
  JsonArray *list = json_array_new ();
  JsonArray *stripes = json_array_new ();
  JsonArray *regions = json_array_new ();

  json_object_set_string_member (doc, "scene", "scene-equirect.jpg");
  json_object_set_int_member (doc, "width", SCENE_WIDTH);
  json_object_set_int_member (doc, "height", SCENE_HEIGHT);
  json_object_set_string_member (doc, "coordinates",
                                 "lng = 360*(u+0.5)/W - 180, lat = 90 - 180*(v+0.5)/H (degrees)");
  json_object_set_double_member (doc, "horizon_half_width_deg", HORIZON_HALF);
  json_object_set_double_member (doc, "stripe_half_width_deg", STRIPE_HALF_WIDTH);

  for (int k = 0; k < 12; k++)
    {
      JsonObject *s = json_object_new ();

      json_object_set_double_member (s, "lng", -180.0 + 30.0 * k);
      add_rgb (s, "rgb", hsv (30.0 * k, 0.85, 0.95));
      json_array_add_object_element (stripes, s);
    }
  json_object_set_array_member (doc, "meridian_stripes", stripes);

  for (guint i = 0; i < G_N_ELEMENTS (features); i++)
    {
      JsonObject *f = json_object_new ();

      json_object_set_int_member (f, "id", features[i].id);
      json_object_set_double_member (f, "lat", features[i].lat);
      json_object_set_double_member (f, "lng", features[i].lng);
      json_object_set_double_member (f, "radius_deg", FEATURE_RADIUS);
      add_rgb (f, "rgb", features[i].colour);
      json_array_add_object_element (list, f);
    }
  json_object_set_array_member (doc, "discs", list);

  for (guint i = 0; i < G_N_ELEMENTS (checkers); i++)
    {
      JsonObject *r = json_object_new ();

      json_object_set_string_member (r, "name", checkers[i].name);
      json_object_set_double_member (r, "lat_min", checkers[i].lat0);
      json_object_set_double_member (r, "lat_max", checkers[i].lat1);
      json_object_set_double_member (r, "lng_min", checkers[i].lng0);
      json_object_set_double_member (r, "lng_max", checkers[i].lng1);
      json_object_set_double_member (r, "square_deg", checkers[i].square);
      json_array_add_object_element (regions, r);
    }
  json_object_set_array_member (doc, "checkerboards", regions);
  json_object_set_string_member (doc, "zenith", "lat > 82: rings every 2 deg, white/yellow");
  json_object_set_string_member (doc, "nadir", "lat < -82: eight 45-degree hue sectors");

  return sc_emu_json_object_to_string (doc, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ScEmuImage) scene = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GError) error = NULL;

  gst_init (&argc, &argv);
  if (argc < 2 || argc > 3)
    {
      g_printerr ("Usage: %s SCENE.jpg [FEATURES.json]\n", argv[0]);
      return 2;
    }

  init_features ();
  scene = sc_emu_image_new (SCENE_WIDTH, SCENE_HEIGHT);
  for (int v = 0; v < SCENE_HEIGHT; v++)
    {
      guint8 *row = scene->data + (gsize)v * scene->stride;

      for (int u = 0; u < SCENE_WIDTH; u++)
        {
          double acc[3] = { 0, 0, 0 };

          for (int sy = 0; sy < SUPERSAMPLE; sy++)
            for (int sx = 0; sx < SUPERSAMPLE; sx++)
              {
                double x = u + (sx + 0.5) / SUPERSAMPLE;
                double y = v + (sy + 0.5) / SUPERSAMPLE;
                Rgb c = scene_colour (90.0 - 180.0 * y / SCENE_HEIGHT,
                                      360.0 * x / SCENE_WIDTH - 180.0);

                acc[0] += c.r;
                acc[1] += c.g;
                acc[2] += c.b;
              }

          for (int c = 0; c < 3; c++)
            row[u * 3 + c] = (guint8)CLAMP (lround (acc[c] * 255.0 / (SUPERSAMPLE * SUPERSAMPLE)), 0, 255);
        }
    }

  jpeg = sc_emu_image_encode_jpeg (scene, 90, &error);
  if (jpeg == NULL || !g_file_set_contents (argv[1], g_bytes_get_data (jpeg, NULL),
                                            (gssize)g_bytes_get_size (jpeg), &error))
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return 1;
    }
  g_print ("%s: %dx%d, %zu bytes\n", argv[1], SCENE_WIDTH, SCENE_HEIGHT, g_bytes_get_size (jpeg));

  if (argc == 3)
    {
      g_autofree char *json = features_json ();
      g_autofree char *text = g_strconcat (json, "\n", NULL);

      if (!g_file_set_contents (argv[2], text, -1, &error))
        {
          g_printerr ("%s: %s\n", argv[2], error->message);
          return 1;
        }
    }

  return 0;
}
