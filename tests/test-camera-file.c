/* test-camera-file.c: ScCameraFile
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sc-core.h>
/* Until sc-core.h includes the camera headers. */
#define SC_CORE_INSIDE
#include "sc-camera-file.h"
#undef SC_CORE_INSIDE

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_camera_file_basics (void)
{
  g_autoptr(ScCameraFile) file = NULL;
  gpointer weak;

  file = sc_camera_file_new ("R0010005.JPG", "http://192.168.1.1/files/100RICOH/R0010005.JPG",
                             SC_CAMERA_FILE_TYPE_IMAGE, 4404019);
  weak = file;
  g_object_add_weak_pointer (G_OBJECT (file), &weak);

  g_assert_cmpstr (sc_camera_file_get_name (file), ==, "R0010005.JPG");
  g_assert_cmpstr (sc_camera_file_get_uri (file), ==, "http://192.168.1.1/files/100RICOH/R0010005.JPG");
  g_assert_cmpint (sc_camera_file_get_file_type (file), ==, SC_CAMERA_FILE_TYPE_IMAGE);
  g_assert_cmpuint (sc_camera_file_get_size (file), ==, 4404019);
  g_assert_null (sc_camera_file_get_date_time (file));
  g_assert_cmpuint (sc_camera_file_get_width (file), ==, 0);
  g_assert_cmpuint (sc_camera_file_get_height (file), ==, 0);
  g_assert_null (sc_camera_file_get_projection (file));
  g_assert_null (sc_camera_file_get_thumbnail (file));

  g_clear_object (&file);
  g_assert_null (weak);
}

static void
test_camera_file_setters (void)
{
  g_autoptr(ScCameraFile) file = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+09:00");
  g_autoptr(GDateTime) when = g_date_time_new (zone, 2026, 3, 14, 15, 9, 26);
  g_autoptr(GDateTime) same = g_date_time_new (zone, 2026, 3, 14, 15, 9, 26);
  g_autoptr(GBytes) jpeg = g_bytes_new_static ("\xff\xd8\xff\xe0", 4);
  g_autoptr(GBytes) jpeg_copy = g_bytes_new ("\xff\xd8\xff\xe0", 4);
  guint date_notifies = 0, width_notifies = 0, height_notifies = 0, thumb_notifies = 0,
        projection_notifies = 0;
  g_autoptr(GDateTime) got = NULL;
  GBytes *thumbnail = NULL;
  guint width = 0;

  file = sc_camera_file_new ("R0010017.MP4", "http://cam/files/R0010017.MP4",
                             SC_CAMERA_FILE_TYPE_VIDEO, 0);
  g_signal_connect (file, "notify::date-time", G_CALLBACK (count_notify_cb), &date_notifies);
  g_signal_connect (file, "notify::width", G_CALLBACK (count_notify_cb), &width_notifies);
  g_signal_connect (file, "notify::height", G_CALLBACK (count_notify_cb), &height_notifies);
  g_signal_connect (file, "notify::thumbnail", G_CALLBACK (count_notify_cb), &thumb_notifies);
  g_signal_connect (file, "notify::projection", G_CALLBACK (count_notify_cb), &projection_notifies);

  sc_camera_file_set_date_time (file, when);
  sc_camera_file_set_date_time (file, same);   /* equal: no notify */
  g_assert_cmpuint (date_notifies, ==, 1);
  g_assert_true (g_date_time_equal (sc_camera_file_get_date_time (file), when));

  sc_camera_file_set_dimensions (file, 3840, 1920);
  sc_camera_file_set_dimensions (file, 3840, 1920);
  sc_camera_file_set_dimensions (file, 3840, 2160);
  g_assert_cmpuint (width_notifies, ==, 1);
  g_assert_cmpuint (height_notifies, ==, 2);
  g_assert_cmpuint (sc_camera_file_get_width (file), ==, 3840);
  g_assert_cmpuint (sc_camera_file_get_height (file), ==, 2160);

  sc_camera_file_set_projection (file, "Equirectangular");
  sc_camera_file_set_projection (file, "Equirectangular");
  g_assert_cmpuint (projection_notifies, ==, 1);
  g_assert_cmpstr (sc_camera_file_get_projection (file), ==, "Equirectangular");

  sc_camera_file_set_thumbnail (file, jpeg);
  sc_camera_file_set_thumbnail (file, jpeg_copy);
  g_assert_cmpuint (thumb_notifies, ==, 1);
  g_assert_true (g_bytes_equal (sc_camera_file_get_thumbnail (file), jpeg));
  sc_camera_file_set_thumbnail (file, NULL);
  g_assert_null (sc_camera_file_get_thumbnail (file));
  g_assert_cmpuint (thumb_notifies, ==, 2);

  /* The same through properties. */
  g_object_get (file, "date-time", &got, "width", &width, "thumbnail", &thumbnail, NULL);
  g_assert_true (g_date_time_equal (got, when));
  g_assert_cmpuint (width, ==, 3840);
  g_assert_null (thumbnail);
  g_assert_cmpint (sc_camera_file_get_file_type (file), ==, SC_CAMERA_FILE_TYPE_VIDEO);
}

static void
test_camera_file_variant (void)
{
  g_autoptr(ScCameraFile) file = NULL;
  g_autoptr(GVariant) v = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("-05:30");
  g_autoptr(GDateTime) when = g_date_time_new (zone, 2026, 1, 2, 3, 4, 5);
  g_autoptr(GBytes) jpeg = g_bytes_new_static ("\xff\xd8\xff\xe0", 4);
  const char *s = NULL;
  guint64 size = 0;
  guint32 w = 0, h = 0;
  gboolean has = TRUE;

  file = sc_camera_file_new ("A.JPG", "http://cam/files/A.JPG", SC_CAMERA_FILE_TYPE_IMAGE, 12345);

  /* Unknown fields are left out, not invented. */
  v = g_variant_ref_sink (sc_camera_file_to_variant (file));
  g_assert_true (g_variant_is_of_type (v, G_VARIANT_TYPE_VARDICT));
  g_assert_true (g_variant_lookup (v, "name", "&s", &s));
  g_assert_cmpstr (s, ==, "A.JPG");
  g_assert_true (g_variant_lookup (v, "uri", "&s", &s));
  g_assert_cmpstr (s, ==, "http://cam/files/A.JPG");
  g_assert_true (g_variant_lookup (v, "type", "&s", &s));
  g_assert_cmpstr (s, ==, "image");
  g_assert_true (g_variant_lookup (v, "size", "t", &size));
  g_assert_cmpuint (size, ==, 12345);
  g_assert_true (g_variant_lookup (v, "hasThumbnail", "b", &has));
  g_assert_false (has);
  g_assert_false (g_variant_lookup (v, "dateTime", "&s", &s));
  g_assert_false (g_variant_lookup (v, "width", "u", &w));
  g_assert_false (g_variant_lookup (v, "projection", "&s", &s));
  g_clear_pointer (&v, g_variant_unref);

  sc_camera_file_set_date_time (file, when);
  sc_camera_file_set_dimensions (file, 5376, 2688);
  sc_camera_file_set_projection (file, "Dual-Fisheye");
  sc_camera_file_set_thumbnail (file, jpeg);

  v = g_variant_ref_sink (sc_camera_file_to_variant (file));
  g_assert_true (g_variant_lookup (v, "dateTime", "&s", &s));
  g_assert_cmpstr (s, ==, "2026-01-02T03:04:05-05:30");
  g_assert_true (g_variant_lookup (v, "width", "u", &w));
  g_assert_true (g_variant_lookup (v, "height", "u", &h));
  g_assert_cmpuint (w, ==, 5376);
  g_assert_cmpuint (h, ==, 2688);
  g_assert_true (g_variant_lookup (v, "projection", "&s", &s));
  g_assert_cmpstr (s, ==, "Dual-Fisheye");
  g_assert_true (g_variant_lookup (v, "hasThumbnail", "b", &has));
  g_assert_true (has);
  g_clear_pointer (&v, g_variant_unref);

  g_clear_object (&file);
  file = sc_camera_file_new ("B.MP4", "http://cam/files/B.MP4", SC_CAMERA_FILE_TYPE_VIDEO, 0);
  v = g_variant_ref_sink (sc_camera_file_to_variant (file));
  g_assert_true (g_variant_lookup (v, "type", "&s", &s));
  g_assert_cmpstr (s, ==, "video");
}

static void
test_camera_file_enum (void)
{
  GEnumClass *klass = g_type_class_ref (SC_TYPE_CAMERA_FILE_TYPE);

  g_assert_cmpstr (g_enum_get_value (klass, SC_CAMERA_FILE_TYPE_IMAGE)->value_nick, ==, "image");
  g_assert_cmpstr (g_enum_get_value (klass, SC_CAMERA_FILE_TYPE_VIDEO)->value_nick, ==, "video");
  g_assert_cmpstr (g_enum_get_value (klass, SC_CAMERA_FILE_TYPE_ALL)->value_nick, ==, "all");
  g_type_class_unref (klass);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sc-core/ScCameraFile/basics", test_camera_file_basics);
  g_test_add_func ("/sc-core/ScCameraFile/setters", test_camera_file_setters);
  g_test_add_func ("/sc-core/ScCameraFile/variant", test_camera_file_variant);
  g_test_add_func ("/sc-core/ScCameraFile/enum", test_camera_file_enum);

  return g_test_run ();
}
