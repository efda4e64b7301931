/* test-madv-lut.c: the Mi Sphere's lens LUT and gyro matrices
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The LUT is written from the emulator's rig (tests/emulator/emu-madv-lut.c,
 * the same code the emulator's captures carry), embedded the ways a Mi
 * Sphere embeds it (JPEG trailer, DNG tag 0x9009, MP4 `madv`/`lutz`,
 * app_lut.bin), read back by core and stitched; the ground truth is the
 * scene rendered equirectangular (sc_emu_render_equirect()). Damaged and
 * truncated blocks and files must fail with a clear error.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <sc-core.h>

#include "emu-madv-lut.h"
#include "emu-render.h"
#include "sc-horizon-test-util.h"

#define IN_W   1920
#define IN_H    960
#define OUT_W  1024
#define OUT_H   512

typedef struct
{
  int     width;
  int     height;
  int     stride;
  guint8 *data;
} Rgba;

static void
rgba_free (Rgba *img)
{
  g_free (img->data);
  g_free (img);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Rgba, rgba_free)

static Rgba *
rgba_new (int width,
          int height)
{
  Rgba *img = g_new0 (Rgba, 1);

  img->width = width;
  img->height = height;
  img->stride = width * 4;
  img->data = g_malloc0 ((gsize)img->stride * height);
  return img;
}

static Rgba *
rgba_from_emu (const ScEmuImage *src)
{
  Rgba *img = rgba_new (src->width, src->height);

  for (int y = 0; y < src->height; y++)
    for (int x = 0; x < src->width; x++)
      {
        const guint8 *p = src->data + (gsize)y * src->stride + x * 3;
        guint8 *q = img->data + (gsize)y * img->stride + x * 4;

        q[0] = p[0];
        q[1] = p[1];
        q[2] = p[2];
        q[3] = 255;
      }
  return img;
}

static ScHorizonImage
horizon_image (const Rgba *img)
{
  return (ScHorizonImage) { img->data, img->width, img->height, img->stride, 4 };
}

static const ScEmuImage *
scene (void)
{
  static const ScEmuImage *s;

  if (s == NULL)
    {
      g_autoptr(GError) error = NULL;

      sc_emu_scene_set_path (SC_TEST_SCENE);
      s = sc_emu_scene_get (&error);
      g_assert_no_error (error);
    }
  return s;
}

static Rgba *
render_fisheye (const ScEmuRig *rig)
{
  g_autoptr(ScEmuImage) out = sc_emu_image_new (rig->width, rig->height);
  g_autoptr(ScEmuRigMap) map = sc_emu_rig_map_get (rig, scene ());

  sc_emu_rig_map_render (map, scene (), 0.0, out);
  return rgba_from_emu (out);
}

static Rgba *
render_truth (void)
{
  g_autoptr(ScEmuImage) out = sc_emu_image_new (OUT_W, OUT_H);

  sc_emu_render_equirect (scene (), 0.0, out);
  return rgba_from_emu (out);
}

static double
psnr (const Rgba *a,
      const Rgba *b)
{
  double sum = 0.0;

  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->height, ==, b->height);

  for (int y = 0; y < a->height; y++)
    for (int x = 0; x < a->width; x++)
      for (int c = 0; c < 3; c++)
        {
          double d = (double)a->data[(gsize)y * a->stride + x * 4 + c]
                   - b->data[(gsize)y * b->stride + x * 4 + c];
          sum += d * d;
        }

  sum /= (double)a->width * a->height * 3;
  return sum > 0 ? 10.0 * log10 (255.0 * 255.0 / sum) : 99.0;
}

/* The emulator's LUT block for its rig (any frame size: the positions are
 * in a 3456×1728 frame), made once. */
static GBytes *
lut_block (void)
{
  static GBytes *block;

  if (block == NULL)
    {
      g_autoptr(GError) error = NULL;
      ScEmuRig rig;

      sc_emu_rig_init (&rig, IN_W, IN_H);
      block = sc_emu_madv_lut_new (&rig, SC_EMU_MADV_LUT_WIDTH, SC_EMU_MADV_LUT_HEIGHT, &error);
      g_assert_no_error (error);
      g_assert_nonnull (block);
    }
  return block;
}

static ScMadvLut *
lut_decoded (void)
{
  g_autoptr(GError) error = NULL;
  ScMadvLut *lut = sc_madv_lut_new_from_bytes (lut_block (), &error);

  g_assert_no_error (error);
  g_assert_nonnull (lut);
  return lut;
}

static Rgba *
stitch_lut (const ScMadvLut *lut,
            const Rgba      *in,
            const double    *orientation)
{
  g_autoptr(ScStitchMap) map = NULL;
  Rgba *out = rgba_new (OUT_W, OUT_H);

  map = sc_stitch_map_new_from_madv_lut (lut, in->width, in->height, OUT_W, OUT_H,
                                         orientation, SC_STITCH_DEFAULT_BLEND_DEG, 2);
  sc_stitch_map_apply_rgba (map, in->data, in->stride, out->data, out->stride, 2);
  return out;
}

static char *
write_temp (const char   *name,
            const guint8 *data,
            gsize         length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-madv-lut-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, (const char *)data, length, &error);
  g_assert_no_error (error);
  return path;
}

static void
remove_temp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

static ScMadvLut *
load_path (const char *path,
           GError    **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return sc_madv_lut_load (file, NULL, error);
}

/* --- file builders: what a Mi Sphere writes ---------------------------- */

static void
put_u16 (GByteArray *a,
         guint16     v)
{
  guint8 b[2] = { v & 0xff, v >> 8 };

  g_byte_array_append (a, b, 2);
}

static void
put_u32 (GByteArray *a,
         guint32     v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

  g_byte_array_append (a, b, 4);
}

static void
put_u32_be (GByteArray *a,
            guint32     v)
{
  guint8 b[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };

  g_byte_array_append (a, b, 4);
}

static void
put_entry (GByteArray *a,
           guint16     tag,
           guint16     type,
           guint32     count,
           guint32     value)
{
  put_u16 (a, tag);
  put_u16 (a, type);
  put_u32 (a, count);
  put_u32 (a, value);
}

/* A little-endian TIFF: IFD0 with Make and the Exif IFD pointer (and tag
 * 0x9009 = @lut for a DNG), the Exif IFD with UserComment = @gyro. */
static GByteArray *
build_tiff (const char *make,
            const float gyro[9],
            GBytes     *lut)
{
  GByteArray *a = g_byte_array_new ();
  guint n0 = lut != NULL ? 3 : 2;
  guint32 ifd0 = 8;
  guint32 exif_ifd = ifd0 + 2 + 12 * n0 + 4;
  guint32 data = exif_ifd + 2 + 12 + 4;
  guint32 make_len = (guint32)strlen (make) + 1;
  guint8 comment[36];

  sc_emu_madv_gyro_to_bytes (gyro, comment);

  g_byte_array_append (a, (const guint8 *)"II*\0", 4);
  put_u32 (a, ifd0);
  put_u16 (a, n0);
  put_entry (a, 0x010f, 2, make_len, data);
  put_entry (a, 0x8769, 4, 1, exif_ifd);
  if (lut != NULL)
    put_entry (a, 0x9009, 7, (guint32)g_bytes_get_size (lut), data + make_len + 36);
  put_u32 (a, 0);
  put_u16 (a, 1);
  put_entry (a, 0x9286, 7, 36, data + make_len);
  put_u32 (a, 0);
  g_assert_cmpuint (a->len, ==, data);
  g_byte_array_append (a, (const guint8 *)make, make_len);
  g_byte_array_append (a, comment, 36);
  if (lut != NULL)
    g_byte_array_append (a, g_bytes_get_data (lut, NULL), (guint)g_bytes_get_size (lut));
  return a;
}

/* A Mi Sphere JPEG: EXIF (Make MADV, UserComment = @gyro), a small
 * picture, and the LUT trailer [block][u32 LE L] when @lut is set. */
static GByteArray *
build_jpeg (const float gyro[9],
            GBytes     *lut)
{
  g_autoptr(ScEmuImage) img = sc_emu_image_new (64, 32);
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GByteArray) tiff = build_tiff ("MADV", gyro, NULL);
  g_autoptr(GError) error = NULL;
  GByteArray *a = g_byte_array_new ();
  const guint8 *j;
  gsize jlen;
  guint seg = 2 + 6 + tiff->len;

  jpeg = sc_emu_image_encode_jpeg (img, 80, &error);
  g_assert_no_error (error);
  j = g_bytes_get_data (jpeg, &jlen);
  g_assert_cmpint (j[0], ==, 0xff);
  g_assert_cmpint (j[1], ==, 0xd8);

  g_byte_array_append (a, (const guint8 *)"\xff\xd8\xff\xe1", 4);
  g_byte_array_append (a, (const guint8 []) { seg >> 8, seg & 0xff }, 2);
  g_byte_array_append (a, (const guint8 *)"Exif\0\0", 6);
  g_byte_array_append (a, tiff->data, tiff->len);
  g_byte_array_append (a, j + 2, (guint)jlen - 2);
  if (lut != NULL)
    {
      g_byte_array_append (a, g_bytes_get_data (lut, NULL), (guint)g_bytes_get_size (lut));
      put_u32 (a, (guint32)g_bytes_get_size (lut));
    }
  return a;
}

static void
put_box (GByteArray   *a,
         const char   *type,
         const guint8 *payload,
         gsize         length)
{
  put_u32_be (a, (guint32)(8 + length));
  g_byte_array_append (a, (const guint8 *)type, 4);
  if (length > 0)
    g_byte_array_append (a, payload, (guint)length);
}

/* A `madv` box: lutz = @lut, tlyd = @n records (record i = @gyros[i]) then
 * zero padding, fltr = @fltr. */
static GByteArray *
build_madv_box (GBytes      *lut,
                const float *gyros,
                guint        n,
                guint32      fltr)
{
  g_autoptr(GByteArray) inner = g_byte_array_new ();
  g_autoptr(GByteArray) tlyd = g_byte_array_new ();
  GByteArray *box = g_byte_array_new ();
  guint8 f[4] = { fltr & 0xff, (fltr >> 8) & 0xff, (fltr >> 16) & 0xff, fltr >> 24 };

  for (guint i = 0; i < n; i++)
    {
      guint8 rec[36];

      sc_emu_madv_gyro_to_bytes (gyros + 9 * i, rec);
      g_byte_array_append (tlyd, rec, 36);
    }
  g_byte_array_set_size (tlyd, tlyd->len + 36 * 8);   /* pre-allocated, zero */
  memset (tlyd->data + 36 * n, 0, 36 * 8);

  put_box (inner, "fltr", f, 4);
  put_box (inner, "lutz", g_bytes_get_data (lut, NULL), g_bytes_get_size (lut));
  put_box (inner, "tlyd", tlyd->data, tlyd->len);
  put_box (box, "madv", inner->data, inner->len);
  return box;
}

/* An MP4-shaped file: ftyp, a 64-bit `mdat`, moov (mvhd, udta [madv]) or
 * a top-level madv after moov. */
static GByteArray *
build_mp4 (GByteArray *madv,
           gboolean    in_udta)
{
  GByteArray *a = g_byte_array_new ();
  g_autoptr(GByteArray) moov = g_byte_array_new ();
  g_autoptr(GByteArray) udta = g_byte_array_new ();
  guint8 zeros[100] = { 0 };
  guint8 ftyp[8] = { 'i', 's', 'o', 'm', 0, 0, 2, 0 };

  put_box (a, "ftyp", ftyp, 8);
  /* mdat with a 64-bit size */
  put_u32_be (a, 1);
  g_byte_array_append (a, (const guint8 *)"mdat", 4);
  put_u32_be (a, 0);
  put_u32_be (a, 16 + 64);
  g_byte_array_append (a, zeros, 64);

  put_box (moov, "mvhd", zeros, 100);
  if (in_udta)
    {
      put_box (udta, "free", zeros, 8);
      g_byte_array_append (udta, madv->data, madv->len);
      put_box (moov, "udta", udta->data, udta->len);
    }
  put_box (a, "moov", moov->data, moov->len);
  if (!in_udta)
    g_byte_array_append (a, madv->data, madv->len);
  return a;
}

static void
gyro_for_tilt (double pitch,
               double roll,
               float  gyro[9])
{
  ScEmuRig rig;

  sc_emu_rig_init (&rig, IN_W, IN_H);
  rig.pitch_deg = pitch;
  rig.roll_deg = roll;
  sc_emu_madv_gyro_matrix (&rig, gyro);
}

static void
assert_same_lut (ScMadvLut *a,
                 ScMadvLut *b)
{
  g_assert_cmpint (sc_madv_lut_get_grid_width (a), ==, sc_madv_lut_get_grid_width (b));
  g_assert_cmpint (sc_madv_lut_get_grid_height (a), ==, sc_madv_lut_get_grid_height (b));
  for (guint lens = 0; lens < 2; lens++)
    for (int k = 0; k < 50; k++)
      {
        double lambda = -3.1 + 0.124 * k, phi = 1.5 * sin (k * 0.7);
        double ax, ay, bx, by;

        sc_madv_lut_lookup (a, lens, lambda, phi, &ax, &ay);
        sc_madv_lut_lookup (b, lens, lambda, phi, &bx, &by);
        g_assert_cmpfloat (ax, ==, bx);
        g_assert_cmpfloat (ay, ==, by);
      }
}

/* --- tests -------------------------------------------------------------- */

/* The decoded LUT gives the lens model's own positions. */
static void
test_lookup (void)
{
  g_autoptr(ScMadvLut) lut = lut_decoded ();
  double max_err = 0;
  ScEmuRig rig;

  g_assert_cmpint (sc_madv_lut_get_grid_width (lut), ==, SC_EMU_MADV_LUT_WIDTH);
  g_assert_cmpint (sc_madv_lut_get_grid_height (lut), ==, SC_EMU_MADV_LUT_HEIGHT);

  sc_emu_rig_init (&rig, SC_MADV_LUT_FRAME_WIDTH, SC_MADV_LUT_FRAME_HEIGHT);
  for (int i = 0; i < 400; i++)
    {
      double lambda = g_test_rand_double_range (-G_PI, G_PI);
      double phi = g_test_rand_double_range (-1.4, 1.4);
      double d[3] = { cos (phi) * sin (lambda), sin (phi), cos (phi) * cos (lambda) };
      /* the lens that owns the ray, well inside its circle */
      guint lens = fabs (lambda) < G_PI / 2 ? SC_EMU_LENS_FRONT : SC_EMU_LENS_BACK;
      const ScEmuLens *l = &rig.lenses[lens];
      double c = cos (l->yaw_deg * G_PI / 180), s = sin (l->yaw_deg * G_PI / 180);
      double x = c * d[0] - s * d[2], z = s * d[0] + c * d[2];
      double theta = acos (z), psi = atan2 (d[1], x) + l->roll_deg * G_PI / 180;
      double r = l->radius * theta / (l->fov_deg / 2 * G_PI / 180);
      double px = l->cx + r * cos (psi), py = l->cy - r * sin (psi);
      double lx, ly;

      sc_madv_lut_lookup (lut, lens == SC_EMU_LENS_FRONT ? SC_LENS_FRONT : SC_LENS_BACK,
                          lambda, phi, &lx, &ly);
      max_err = MAX (max_err, hypot (lx - px, ly - py));
    }
  g_test_message ("LUT lookup against the lens model: max error %.3f px (3456×1728)", max_err);
  g_assert_cmpfloat (max_err, <, 0.5);
}

/* The bar: stitched with the LUT, ≥ 32 dB against the truth. */
static void
test_stitch_psnr (void)
{
  g_autoptr(ScMadvLut) lut = lut_decoded ();
  g_autoptr(Rgba) truth = render_truth ();
  ScEmuRig rig;
  int sizes[][2] = { { IN_W, IN_H }, { 3456, 1728 } };

  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      g_autoptr(Rgba) in = NULL;
      g_autoptr(Rgba) out = NULL;
      double p;

      sc_emu_rig_init (&rig, sizes[k][0], sizes[k][1]);
      in = render_fisheye (&rig);
      out = stitch_lut (lut, in, NULL);
      p = psnr (out, truth);
      g_test_message ("LUT stitch %d×%d → %d×%d: PSNR %.2f dB", sizes[k][0], sizes[k][1], OUT_W, OUT_H, p);
      g_assert_cmpfloat (p, >=, 32.0);
    }
}

/* A tilted camera, levelled by its own gyro matrix (through the JPEG
 * UserComment bytes and sc_madv_gyro_to_orientation()). */
static void
test_levelled (void)
{
  g_autoptr(ScMadvLut) lut = lut_decoded ();
  g_autoptr(Rgba) truth = render_truth ();
  g_autoptr(Rgba) in = NULL;
  g_autoptr(Rgba) raw = NULL;
  g_autoptr(Rgba) level = NULL;
  g_autoptr(GError) error = NULL;
  ScHorizonImage ht, hr, hl;
  ScEmuRig rig;
  float gyro[9], parsed[9];
  guint8 comment[36];
  double m[9], pitch, roll, p;

  sc_emu_rig_init (&rig, IN_W, IN_H);
  rig.pitch_deg = 9.0;
  rig.roll_deg = -6.0;
  in = render_fisheye (&rig);
  sc_emu_madv_gyro_matrix (&rig, gyro);
  sc_emu_madv_gyro_to_bytes (gyro, comment);
  g_assert_true (sc_madv_gyro_from_user_comment (comment, 36, parsed, &error));
  g_assert_no_error (error);
  sc_madv_gyro_to_orientation (parsed, m);

  raw = stitch_lut (lut, in, NULL);
  level = stitch_lut (lut, in, m);
  ht = horizon_image (truth);
  hr = horizon_image (raw);
  hl = horizon_image (level);

  /* unlevelled: the truth seen at the rig's attitude matches, level or
   * the opposite signs do not */
  {
    double at = sc_horizon_test_mse (&hr, &ht, rig.pitch_deg, rig.roll_deg, 2);
    double flat = sc_horizon_test_mse (&hr, &ht, 0.0, 0.0, 2);
    double flipped = sc_horizon_test_mse (&hr, &ht, -rig.pitch_deg, -rig.roll_deg, 2);

    g_test_message ("not levelled: MSE %.1f at the rig's attitude, %.1f level, %.1f flipped",
                    at, flat, flipped);
    g_assert_cmpfloat (at * 4.0, <, flat);
    g_assert_cmpfloat (at * 4.0, <, flipped);
  }

  sc_horizon_test_find_tilt (&hl, &ht, 2.0, &pitch, &roll);
  p = psnr (level, truth);
  g_test_message ("levelled by the gyro matrix: pitch %.2f° roll %.2f°, PSNR %.2f dB", pitch, roll, p);
  g_assert_cmpfloat (fabs (pitch), <=, 0.5);
  g_assert_cmpfloat (fabs (roll), <=, 0.5);
  g_assert_cmpfloat (p, >=, 30.0);
}

static void
test_gyro_matrix (void)
{
  g_autoptr(GError) error = NULL;
  float gyro[9], parsed[9];
  guint8 bytes[68] = { 0 };
  g_autofree char *hex = NULL;
  double m[9], id[9];
  GString *s = g_string_new (NULL);

  gyro_for_tilt (20.0, 35.0, gyro);
  sc_emu_madv_gyro_to_bytes (gyro, bytes);

  /* 36 and 68 bytes */
  g_assert_true (sc_madv_gyro_from_user_comment (bytes, 36, parsed, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (parsed, sizeof parsed, gyro, sizeof gyro);
  g_assert_true (sc_madv_gyro_from_user_comment (bytes, 68, parsed, &error));
  g_assert_cmpmem (parsed, sizeof parsed, gyro, sizeof gyro);
  /* another kind of comment */
  g_assert_false (sc_madv_gyro_from_user_comment ((const guint8 *)"ASCII\0\0\0hello", 13, parsed, &error));
  g_assert_error (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* NaN */
  memset (bytes + 4, 0xff, 4);
  g_assert_false (sc_madv_gyro_from_user_comment (bytes, 36, parsed, &error));
  g_assert_error (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_INVALID);
  g_clear_error (&error);

  /* 1026's hex string */
  sc_emu_madv_gyro_to_bytes (gyro, bytes);
  for (guint i = 0; i < 36; i++)
    g_string_append_printf (s, "%02X", bytes[i]);
  hex = g_string_free (s, FALSE);
  g_assert_true (sc_madv_gyro_from_hex (hex, parsed, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (parsed, sizeof parsed, gyro, sizeof gyro);
  g_assert_true (sc_madv_gyro_from_hex ("", parsed, &error));
  g_assert_cmpfloat (parsed[0], ==, 1.0f);
  g_assert_cmpfloat (parsed[4], ==, 1.0f);
  g_assert_cmpfloat (parsed[8], ==, 1.0f);
  g_assert_cmpfloat (parsed[1], ==, 0.0f);
  g_assert_false (sc_madv_gyro_from_hex ("12ab", parsed, &error));
  g_assert_error (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_INVALID);
  g_clear_error (&error);
  hex[10] = 'x';
  g_assert_false (sc_madv_gyro_from_hex (hex, parsed, &error));
  g_assert_error (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_INVALID);
  g_clear_error (&error);

  /* the orientation is the stitcher's own pose matrix for that attitude */
  sc_madv_gyro_to_orientation (gyro, m);
  sc_orientation_matrix (0.0, 20.0, 35.0, id);
  for (guint k = 0; k < 9; k++)
    g_assert_cmpfloat_with_epsilon (m[k], id[k], 1e-6);
}

static void
test_corrupt_block (void)
{
  GBytes *good = lut_block ();
  gsize size;
  const guint8 *data = g_bytes_get_data (good, &size);
  GRand *rand = g_rand_new_with_seed (6);

  /* truncated anywhere */
  for (gsize cut = 0; cut < size; cut += MAX (1, size / 37))
    {
      g_autoptr(GBytes) b = g_bytes_new (data, cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(ScMadvLut) lut = sc_madv_lut_new_from_bytes (b, &error);

      g_assert_null (lut);
      g_assert_error (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_INVALID);
    }

  /* header fields out of range */
  for (guint k = 0; k < 16; k++)
    {
      static const guint32 bad[] = { 0, 63, 0x7fffffff, 0xffffffff };
      g_autoptr(GByteArray) a = g_byte_array_new ();

      g_byte_array_append (a, data, (guint)size);
      for (guint v = 0; v < G_N_ELEMENTS (bad); v++)
        {
          g_autoptr(GBytes) b = NULL;
          g_autoptr(GError) error = NULL;
          g_autoptr(ScMadvLut) lut = NULL;
          guint32 le = GUINT32_TO_LE (bad[v]);
          guint8 saved[4];

          memcpy (saved, a->data + 4 * k, 4);
          memcpy (a->data + 4 * k, &le, 4);
          b = g_bytes_new (a->data, a->len);
          lut = sc_madv_lut_new_from_bytes (b, &error);
          g_assert_null (lut);
          g_assert_error (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_INVALID);
          memcpy (a->data + 4 * k, saved, 4);
        }
    }

  /* random damage: never a crash; a failure is INVALID */
  for (guint round = 0; round < 40; round++)
    {
      g_autoptr(GByteArray) a = g_byte_array_new ();
      g_autoptr(GBytes) b = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(ScMadvLut) lut = NULL;
      guint n = g_rand_int_range (rand, 1, 16);

      g_byte_array_append (a, data, (guint)size);
      for (guint i = 0; i < n; i++)
        a->data[g_rand_int_range (rand, 0, (gint32)size)] ^= (guint8)g_rand_int_range (rand, 1, 256);
      b = g_bytes_new (a->data, a->len);
      lut = sc_madv_lut_new_from_bytes (b, &error);
      if (lut == NULL)
        g_assert_error (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_INVALID);
      else
        g_assert_no_error (error);
    }

  /* an 8-bit PNG where a 16-bit one belongs */
  {
    static const guint8 png8[] = {
      0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'I', 'H', 'D', 'R',
      0, 0, 0, 2, 0, 0, 0, 1, 8, 0, 0, 0, 0, 0x1d, 0x47, 0x44, 0xa7,   /* CRC may be wrong: either way INVALID */
    };
    g_autoptr(GByteArray) a = g_byte_array_new ();
    g_autoptr(GBytes) b = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(ScMadvLut) lut = NULL;

    for (guint k = 0; k < 8; k++)
      {
        put_u32 (a, 64);
        put_u32 (a, sizeof png8);
      }
    g_byte_array_append (a, png8, sizeof png8);
    b = g_bytes_new (a->data, a->len);
    lut = sc_madv_lut_new_from_bytes (b, &error);
    g_assert_null (lut);
    g_assert_error (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_INVALID);
  }

  g_rand_free (rand);
}

static void
test_jpeg (void)
{
  g_autoptr(ScMadvLut) expected = lut_decoded ();
  g_autoptr(GByteArray) jpeg = NULL;
  g_autoptr(GByteArray) plain = NULL;
  g_autoptr(ScMadvLut) lut = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *plain_path = NULL;
  g_autoptr(GFile) file = NULL;
  gsize lut_size = g_bytes_get_size (lut_block ());
  float gyro[9], parsed[9];

  gyro_for_tilt (4.0, -3.0, gyro);
  jpeg = build_jpeg (gyro, lut_block ());
  path = write_temp ("IMG_20240501_120005.JPG", jpeg->data, jpeg->len);
  file = g_file_new_for_path (path);

  lut = sc_madv_lut_load (file, NULL, &error);
  g_assert_no_error (error);
  assert_same_lut (lut, expected);
  g_assert_true (sc_madv_gyro_read_photo (file, parsed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (parsed, sizeof parsed, gyro, sizeof gyro);

  /* no trailer: NOT_FOUND; the gyro is still there */
  plain = build_jpeg (gyro, NULL);
  plain_path = write_temp ("IMG_20240501_120006.JPG", plain->data, plain->len);
  {
    g_autoptr(ScMadvLut) none = load_path (plain_path, &error);

    g_assert_null (none);
    g_assert_error (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* truncated anywhere in the trailer, or its length damaged */
  for (gsize cut = jpeg->len - lut_size - 4; cut < jpeg->len; cut += MAX (1, lut_size / 41))
    {
      g_autoptr(ScMadvLut) bad = NULL;
      g_autofree char *p = write_temp ("cut.JPG", jpeg->data, cut);

      bad = load_path (p, &error);
      g_assert_null (bad);
      g_assert_true (g_error_matches (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_INVALID) ||
                     g_error_matches (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_NOT_FOUND));
      g_clear_error (&error);
      remove_temp (p);
    }
  {
    static const guint32 lengths[] = { 0, 12, 0x7fffffff, 0xfffffff0 };

    for (guint k = 0; k < G_N_ELEMENTS (lengths); k++)
      {
        g_autoptr(ScMadvLut) bad = NULL;
        g_autofree char *p = NULL;
        guint32 le = GUINT32_TO_LE (lengths[k]);
        guint8 saved[4];

        memcpy (saved, jpeg->data + jpeg->len - 4, 4);
        memcpy (jpeg->data + jpeg->len - 4, &le, 4);
        p = write_temp ("len.JPG", jpeg->data, jpeg->len);
        memcpy (jpeg->data + jpeg->len - 4, saved, 4);
        bad = load_path (p, &error);
        g_assert_null (bad);
        g_assert_error (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_INVALID);
        g_clear_error (&error);
        remove_temp (p);
      }
  }
  /* the trailer's length is right but the block is shifted by one */
  {
    g_autoptr(ScMadvLut) bad = NULL;
    g_autofree char *p = NULL;
    guint32 le = GUINT32_TO_LE ((guint32)lut_size + 1);
    guint8 saved[4];

    memcpy (saved, jpeg->data + jpeg->len - 4, 4);
    memcpy (jpeg->data + jpeg->len - 4, &le, 4);
    p = write_temp ("shift.JPG", jpeg->data, jpeg->len);
    memcpy (jpeg->data + jpeg->len - 4, saved, 4);
    bad = load_path (p, &error);
    g_assert_null (bad);
    g_assert_error (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_INVALID);
    g_clear_error (&error);
    remove_temp (p);
  }

  /* a JPEG whose Make is not MADV has no gyro for us */
  {
    g_autoptr(GByteArray) tiff = build_tiff ("RICOH", gyro, NULL);
    g_autoptr(GByteArray) other = g_byte_array_new ();
    g_autofree char *p = NULL;
    g_autoptr(GFile) f = NULL;
    guint seg = 2 + 6 + tiff->len;

    g_byte_array_append (other, (const guint8 *)"\xff\xd8\xff\xe1", 4);
    g_byte_array_append (other, (const guint8 []) { seg >> 8, seg & 0xff }, 2);
    g_byte_array_append (other, (const guint8 *)"Exif\0\0", 6);
    g_byte_array_append (other, tiff->data, tiff->len);
    g_byte_array_append (other, (const guint8 *)"\xff\xd9", 2);
    p = write_temp ("R0010001.JPG", other->data, other->len);
    f = g_file_new_for_path (p);
    g_assert_false (sc_madv_gyro_read_photo (f, parsed, NULL, &error));
    g_assert_error (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_NOT_FOUND);
    g_clear_error (&error);
    /* and its EXIF cut short */
    remove_temp (p);
    g_free (p);
    p = write_temp ("cut.JPG", other->data, 40);
    g_clear_object (&f);
    f = g_file_new_for_path (p);
    g_assert_false (sc_madv_gyro_read_photo (f, parsed, NULL, &error));
    g_assert_error (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_INVALID);
    g_clear_error (&error);
    remove_temp (p);
  }

  remove_temp (path);
  remove_temp (plain_path);
}

static void
test_dng (void)
{
  g_autoptr(ScMadvLut) expected = lut_decoded ();
  g_autoptr(GByteArray) dng = NULL;
  g_autoptr(ScMadvLut) lut = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  float gyro[9], parsed[9];

  gyro_for_tilt (-5.0, 2.0, gyro);
  dng = build_tiff ("MADV", gyro, lut_block ());
  path = write_temp ("IMG_20240501_120005.DNG", dng->data, dng->len);
  file = g_file_new_for_path (path);

  lut = sc_madv_lut_load (file, NULL, &error);
  g_assert_no_error (error);
  assert_same_lut (lut, expected);
  g_assert_true (sc_madv_gyro_read_photo (file, parsed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (parsed, sizeof parsed, gyro, sizeof gyro);
  remove_temp (path);

  /* cut inside the LUT value */
  path = (g_free (path), write_temp ("cut.DNG", dng->data, dng->len - 1000));
  {
    g_autoptr(ScMadvLut) bad = load_path (path, &error);

    g_assert_null (bad);
    g_assert_error (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_INVALID);
    g_clear_error (&error);
  }
  remove_temp (path);

  /* cut inside the IFD */
  path = (g_free (path), write_temp ("ifd.DNG", dng->data, 20));
  {
    g_autoptr(ScMadvLut) bad = load_path (path, &error);

    g_assert_null (bad);
    g_assert_error (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_INVALID);
    g_clear_error (&error);
  }
  remove_temp (path);
}

static void
test_mp4 (void)
{
  g_autoptr(ScMadvLut) expected = lut_decoded ();
  float gyros[3 * 9];
  g_autoptr(GByteArray) madv = NULL;

  gyro_for_tilt (1.0, 2.0, gyros);
  gyro_for_tilt (3.0, 4.0, gyros + 9);
  gyro_for_tilt (5.0, 6.0, gyros + 18);
  madv = build_madv_box (lut_block (), gyros, 3, 2);

  for (guint nested = 0; nested < 2; nested++)
    {
      g_autoptr(GByteArray) mp4 = build_mp4 (madv, nested);
      g_autofree char *path = write_temp ("VID_20240501_113000AA.MP4", mp4->data, mp4->len);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(ScMadvLut) lut = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree float *frames = NULL;
      guint n = 0;

      lut = sc_madv_lut_load (file, NULL, &error);
      g_assert_no_error (error);
      assert_same_lut (lut, expected);

      frames = sc_madv_gyro_read_mp4 (file, &n, NULL, &error);
      g_assert_no_error (error);
      /* fltr 2: the first record stands for frames 0, 1 and 2 */
      g_assert_cmpuint (n, ==, 5);
      g_assert_cmpmem (frames, 9 * sizeof (float), gyros, 9 * sizeof (float));
      g_assert_cmpmem (frames + 9, 9 * sizeof (float), gyros, 9 * sizeof (float));
      g_assert_cmpmem (frames + 18, 9 * sizeof (float), gyros, 9 * sizeof (float));
      g_assert_cmpmem (frames + 27, 9 * sizeof (float), gyros + 9, 9 * sizeof (float));
      g_assert_cmpmem (frames + 36, 9 * sizeof (float), gyros + 18, 9 * sizeof (float));

      /* truncated anywhere: a clean failure, never a crash */
      for (gsize cut = 0; cut < mp4->len; cut += MAX (1, mp4->len / 53))
        {
          g_autofree char *p = write_temp ("cut.MP4", mp4->data, cut);
          g_autoptr(GFile) f = g_file_new_for_path (p);
          g_autoptr(ScMadvLut) bad = NULL;
          g_autofree float *bad_frames = NULL;

          bad = sc_madv_lut_load (f, NULL, &error);
          g_assert_null (bad);
          g_assert_true (g_error_matches (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_INVALID) ||
                         g_error_matches (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_NOT_FOUND));
          g_clear_error (&error);
          bad_frames = sc_madv_gyro_read_mp4 (f, &n, NULL, &error);
          if (bad_frames == NULL)
            {
              g_assert_true (g_error_matches (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_INVALID) ||
                             g_error_matches (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_NOT_FOUND));
              g_clear_error (&error);
            }
          else
            g_assert_cmpuint (n, >=, 3);
          remove_temp (p);
        }
      remove_temp (path);
    }

  /* an MP4 without a madv box */
  {
    g_autoptr(GByteArray) empty = g_byte_array_new ();
    g_autoptr(GByteArray) mp4 = NULL;
    g_autofree char *path = NULL;
    g_autoptr(GFile) file = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(ScMadvLut) lut = NULL;
    g_autofree float *frames = NULL;
    guint n = 0;

    put_box (empty, "free", NULL, 0);
    mp4 = build_mp4 (empty, TRUE);
    path = write_temp ("plain.mp4", mp4->data, mp4->len);
    file = g_file_new_for_path (path);
    lut = sc_madv_lut_load (file, NULL, &error);
    g_assert_null (lut);
    g_assert_error (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_NOT_FOUND);
    g_clear_error (&error);
    frames = sc_madv_gyro_read_mp4 (file, &n, NULL, &error);
    g_assert_null (frames);
    g_assert_error (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_NOT_FOUND);
    remove_temp (path);
  }
}

static void
test_app_lut_bin (void)
{
  g_autoptr(ScMadvLut) expected = lut_decoded ();
  gsize size;
  const guint8 *data = g_bytes_get_data (lut_block (), &size);
  g_autofree char *path = write_temp ("app_lut.bin", data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScMadvLut) lut = load_path (path, &error);
  g_autoptr(GBytes) block = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_no_error (error);
  assert_same_lut (lut, expected);
  /* the raw block is byte-exact */
  block = sc_madv_lut_read_block (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (block, lut_block ()));
  remove_temp (path);

  path = (g_free (path), write_temp ("app_lut.bin", data, size / 2));
  {
    g_autoptr(ScMadvLut) bad = load_path (path, &error);

    g_assert_null (bad);
    g_assert_error (error, SC_MADV_LUT_ERROR, SC_MADV_LUT_ERROR_INVALID);
    g_clear_error (&error);
  }
  remove_temp (path);

  /* a file that is not there: the I/O error */
  {
    g_autoptr(ScMadvLut) none = load_path ("/nonexistent/app_lut.bin", &error);

    g_assert_null (none);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/madv-lut/lookup", test_lookup);
  g_test_add_func ("/madv-lut/stitch-psnr", test_stitch_psnr);
  g_test_add_func ("/madv-lut/levelled", test_levelled);
  g_test_add_func ("/madv-lut/gyro-matrix", test_gyro_matrix);
  g_test_add_func ("/madv-lut/corrupt-block", test_corrupt_block);
  g_test_add_func ("/madv-lut/jpeg", test_jpeg);
  g_test_add_func ("/madv-lut/dng", test_dng);
  g_test_add_func ("/madv-lut/mp4", test_mp4);
  g_test_add_func ("/madv-lut/app-lut-bin", test_app_lut_bin);

  return g_test_run ();
}
