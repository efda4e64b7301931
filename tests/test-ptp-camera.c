/* test-ptp-camera.c: ScPtpCamera, with real libusb, against the emulated
 * USB PTP camera
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case builds a umockdev testbed with the emulated THETA V
 * (tests/usb/sc-ptp-responder.c) and drives our core through the ScCamera
 * interface (sc_camera_new_for_uri ("usb:1:7")): device info and state,
 * listing, downloads (bytes identical, resumed with GetPartialObject),
 * thumbnails, delete, capture with the ObjectAdded event, the > 4 GiB
 * object streamed to its short packet in bounded memory, every fault the
 * responder injects, and ScUsbMonitor finding the camera and losing it.
 * Runs under umockdev-wrapper (and re-executes itself under it when
 * started by hand).
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "sc-core.h"
#include "sc-ptp-responder.h"
#include "sc-fake-gvfs.h"

#define CAMERA_URI "usb:1:7"

typedef struct
{
  UMockdevTestbed *testbed;
  ScPtpResponder  *responder;
  ScCamera        *camera;
  char            *dir;
  guint            n_disconnected;
  guint            n_added;
  ScCameraFile    *added;
} Fixture;

/* --- waiting for async results in the default main context --- */

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
on_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  (void)object;
  *slot = g_object_ref (result);
}

static gboolean
camera_connect (ScCamera  *camera,
                GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_connect_async (camera, NULL, on_result_cb, &result);
  return sc_camera_connect_finish (camera, wait_result (&result), error);
}

static GVariant *
refresh_state (Fixture  *f,
               GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_refresh_state_async (f->camera, NULL, on_result_cb, &result);
  return sc_camera_refresh_state_finish (f->camera, wait_result (&result), error);
}

static GPtrArray *
list_files (Fixture   *f,
            gboolean   with_thumbnails,
            GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_list_files_async (f->camera, SC_CAMERA_FILE_TYPE_ALL, 0, with_thumbnails, NULL,
                              on_result_cb, &result);
  return sc_camera_list_files_finish (f->camera, wait_result (&result), error);
}

static GFile *
download (Fixture       *f,
          ScCameraFile  *file,
          GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);

  sc_camera_download_async (f->camera, file, dir, NULL, NULL, NULL, NULL, on_result_cb, &result);
  return sc_camera_download_finish (f->camera, wait_result (&result), error);
}

static gboolean
delete_file (Fixture       *f,
             ScCameraFile  *file,
             GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  const char *uris[] = { sc_camera_file_get_uri (file), NULL };

  sc_camera_delete_files_async (f->camera, uris, NULL, on_result_cb, &result);
  return sc_camera_delete_files_finish (f->camera, wait_result (&result), error);
}

static ScCameraFile *
take_picture (Fixture  *f,
              GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_take_picture_async (f->camera, NULL, on_result_cb, &result);
  return sc_camera_take_picture_finish (f->camera, wait_result (&result), error);
}

/* The handle in a file URI "usb:B:A/HHHHHHHH/PATH". */
static guint32
file_handle (ScCameraFile *file)
{
  const char *uri = sc_camera_file_get_uri (file);
  const char *slash = strchr (uri, '/');

  g_assert_nonnull (slash);
  return (guint32)g_ascii_strtoull (slash + 1, NULL, 16);
}

static ScCameraFile *
find_file (GPtrArray  *files,
           const char *name)
{
  for (guint i = 0; i < files->len; i++)
    if (g_strcmp0 (sc_camera_file_get_name (g_ptr_array_index (files, i)), name) == 0)
      return g_ptr_array_index (files, i);
  return NULL;
}

static ScCameraFile *
first_photo (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = list_files (f, FALSE, &error);
  ScCameraFile *file;

  g_assert_no_error (error);
  file = find_file (files, "R0010001.JPG");
  g_assert_nonnull (file);
  g_assert_cmpuint (file_handle (file), ==, SC_PTP_RESPONDER_HANDLE_PHOTO);
  return g_object_ref (file);
}

static void
assert_file_equals (GFile  *file,
                    GBytes *expected)
{
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_true (g_file_load_contents (file, NULL, &contents, &length, NULL, NULL));
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, g_bytes_get_size (expected));
  g_assert_true (g_bytes_equal (bytes, expected));
}

/* The names in the download folder, sorted, joined by spaces. */
static char *
dir_listing (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, (gpointer)name);
  g_ptr_array_sort (names, (GCompareFunc)g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **)names->pdata);
}

/* --- fixture --- */

static void
on_disconnected_cb (ScCamera *camera,
                    GError   *error,
                    Fixture  *f)
{
  (void)camera;
  (void)error;
  f->n_disconnected++;
}

static void
on_file_added_cb (ScCamera     *camera,
                  ScCameraFile *file,
                  Fixture      *f)
{
  (void)camera;
  f->n_added++;
  g_set_object (&f->added, file);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->testbed = umockdev_testbed_new ();
  f->responder = sc_ptp_responder_new (f->testbed, &error);
  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("test-ptp-XXXXXX", &error);
  g_assert_no_error (error);

  if (data != NULL)   /* the monitor cases make their own cameras */
    return;

  f->camera = sc_camera_new_for_uri (CAMERA_URI, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (SC_IS_PTP_CAMERA (f->camera));
  g_signal_connect (f->camera, "disconnected", G_CALLBACK (on_disconnected_cb), f);
  g_signal_connect (f->camera, "file-added", G_CALLBACK (on_file_added_cb), f);

  g_assert_true (camera_connect (f->camera, &error));
  g_assert_no_error (error);
  g_assert_true (sc_camera_is_connected (f->camera));
  g_assert_true (sc_ptp_responder_has_session (f->responder));
}

static void
wait_gone (GWeakRef *weak)
{
  for (;;)
    {
      g_autoptr(GObject) object = g_weak_ref_get (weak);

      if (object == NULL)
        return;
      g_clear_object (&object);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  (void)data;
  if (f->camera != NULL)
    {
      GWeakRef weak;

      /* CloseSession and libusb_close run on the camera's worker, which
       * holds the camera until then: wait for it before the responder
       * goes. */
      sc_camera_disconnect (f->camera);
      g_signal_handlers_disconnect_by_data (f->camera, f);
      g_weak_ref_init (&weak, f->camera);
      g_clear_object (&f->camera);
      wait_gone (&weak);
      g_weak_ref_clear (&weak);
    }
  g_clear_object (&f->added);
  g_clear_object (&f->responder);
  g_clear_object (&f->testbed);
  if (f->dir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (f->dir, name, NULL);

          g_unlink (path);
        }
      g_rmdir (f->dir);
      g_free (f->dir);
    }
}

/* --- the cases --- */

static void
test_device_info (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) state = NULL;
  GVariant *info = sc_camera_get_info (f->camera);
  g_autoptr(GVariant) storages = NULL;
  g_autoptr(GVariant) operations = NULL;
  const char *text;
  guint16 u16;
  guint64 total = 0, remaining = 0;
  gboolean has_get_object = FALSE;

  (void)data;
  g_assert_nonnull (info);
  g_assert_true (g_variant_lookup (info, "model", "&s", &text));
  g_assert_cmpstr (text, ==, SC_PTP_RESPONDER_MODEL);
  g_assert_true (g_variant_lookup (info, "serialNumber", "&s", &text));
  g_assert_cmpstr (text, ==, SC_PTP_RESPONDER_SERIAL);
  g_assert_true (g_variant_lookup (info, "manufacturer", "&s", &text));
  g_assert_cmpstr (text, !=, "");
  g_assert_true (g_variant_lookup (info, "firmwareVersion", "&s", &text));
  g_assert_cmpstr (text, !=, "");
  g_assert_true (g_variant_lookup (info, "vendorId", "q", &u16));
  g_assert_cmphex (u16, ==, SC_PTP_RESPONDER_VID);
  g_assert_true (g_variant_lookup (info, "productId", "q", &u16));
  g_assert_cmphex (u16, ==, SC_PTP_RESPONDER_PID);
  operations = g_variant_lookup_value (info, "operations", G_VARIANT_TYPE ("aq"));
  g_assert_nonnull (operations);
  for (gsize i = 0; i < g_variant_n_children (operations); i++)
    {
      g_variant_get_child (operations, i, "q", &u16);
      has_get_object |= u16 == 0x1009;
    }
  g_assert_true (has_get_object);
  g_assert_true (sc_ptp_camera_supports_operation (SC_PTP_CAMERA (f->camera), 0x100E));

  g_assert_cmpstr (sc_camera_get_id (f->camera), ==, "ptp:" SC_PTP_RESPONDER_SERIAL);
  g_assert_cmpstr (sc_camera_get_uri (f->camera), ==, CAMERA_URI);
  g_assert_cmpuint (sc_ptp_camera_get_bus_number (SC_PTP_CAMERA (f->camera)), ==, SC_PTP_RESPONDER_BUS);
  g_assert_cmpuint (sc_ptp_camera_get_device_address (SC_PTP_CAMERA (f->camera)), ==,
                    SC_PTP_RESPONDER_ADDRESS);

  /* Storage: capacity and free space (GetStorageIDs, GetStorageInfo). */
  state = refresh_state (f, &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (state, "totalSpace", "t", &total));
  g_assert_true (g_variant_lookup (state, "remainingSpace", "t", &remaining));
  g_assert_cmpuint (total, >, 0);
  g_assert_cmpuint (remaining, <=, total);
  storages = g_variant_lookup_value (state, "storages", G_VARIANT_TYPE ("aa{sv}"));
  g_assert_nonnull (storages);
  g_assert_cmpuint (g_variant_n_children (storages), ==, 1);
  {
    g_autoptr(GVariant) storage = g_variant_get_child_value (storages, 0);
    guint32 id;

    g_assert_true (g_variant_lookup (storage, "id", "u", &id));
    g_assert_cmphex (id, ==, SC_PTP_RESPONDER_STORAGE_ID);
  }
}

static void
test_listing (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = list_files (f, FALSE, &error);
  ScCameraFile *big;

  (void)data;
  g_assert_no_error (error);
  /* The photos and the big video; the two folders are not files. */
  g_assert_cmpuint (files->len, ==, SC_PTP_RESPONDER_N_PHOTOS + 1);
  g_assert_cmpuint (files->len, ==, sc_ptp_responder_get_n_objects (f->responder) - 2);

  for (guint i = 0; i < SC_PTP_RESPONDER_N_PHOTOS; i++)
    {
      g_autofree char *name = g_strdup_printf ("R00100%02u.JPG", i + 1);
      g_autofree char *suffix = g_strdup_printf ("/%08X/DCIM/100RICOH/%s", SC_PTP_RESPONDER_HANDLE_PHOTO + i, name);
      g_autoptr(GBytes) bytes = sc_ptp_responder_dup_object (f->responder, SC_PTP_RESPONDER_HANDLE_PHOTO + i);
      ScCameraFile *file = find_file (files, name);

      g_assert_nonnull (file);
      g_assert_true (g_str_has_prefix (sc_camera_file_get_uri (file), CAMERA_URI "/"));
      g_assert_true (g_str_has_suffix (sc_camera_file_get_uri (file), suffix)
                     || g_ascii_strcasecmp (sc_camera_file_get_uri (file) + strlen (CAMERA_URI), suffix) == 0);
      g_assert_cmpuint (sc_camera_file_get_size (file), ==, g_bytes_get_size (bytes));
      g_assert_cmpint (sc_camera_file_get_file_type (file), ==, SC_CAMERA_FILE_TYPE_IMAGE);
      g_assert_null (sc_camera_file_get_thumbnail (file));
    }

  /* Over 4 GiB: the 32-bit size says 0xFFFFFFFF, i.e. unknown. */
  big = find_file (files, "R0010100.MP4");
  g_assert_nonnull (big);
  g_assert_cmpuint (file_handle (big), ==, sc_ptp_responder_get_big_handle (f->responder));
  g_assert_cmpint (sc_camera_file_get_file_type (big), ==, SC_CAMERA_FILE_TYPE_VIDEO);
}

static void
test_download (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCameraFile) photo = first_photo (f);
  g_autoptr(GBytes) expected = sc_ptp_responder_dup_object (f->responder, SC_PTP_RESPONDER_HANDLE_PHOTO);
  g_autoptr(GFile) saved = NULL;
  g_autoptr(GFile) again = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *listing = NULL;

  (void)data;
  saved = download (f, photo, &error);
  g_assert_no_error (error);
  basename = g_file_get_basename (saved);
  g_assert_cmpstr (basename, ==, "R0010001.JPG");
  assert_file_equals (saved, expected);
  listing = dir_listing (f);
  g_assert_cmpstr (listing, ==, "R0010001.JPG");

  /* The same file again: a new name, the first one untouched. */
  again = download (f, photo, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_equal (saved, again));
  assert_file_equals (again, expected);
  assert_file_equals (saved, expected);
}

static void
test_thumbnail (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = list_files (f, TRUE, &error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) thumb = NULL;

  (void)data;
  g_assert_no_error (error);
  for (guint i = 0; i < SC_PTP_RESPONDER_N_PHOTOS; i++)
    {
      g_autofree char *name = g_strdup_printf ("R00100%02u.JPG", i + 1);
      ScCameraFile *file = find_file (files, name);
      g_autoptr(GBytes) expected = sc_ptp_responder_dup_thumb (f->responder, SC_PTP_RESPONDER_HANDLE_PHOTO + i);

      g_assert_nonnull (file);
      g_assert_nonnull (expected);
      g_assert_nonnull (sc_camera_file_get_thumbnail (file));
      g_assert_true (g_bytes_equal (sc_camera_file_get_thumbnail (file), expected));
    }

  /* One thumbnail on its own (GetThumb). */
  sc_ptp_camera_get_thumbnail_async (SC_PTP_CAMERA (f->camera), find_file (files, "R0010002.JPG"),
                                     NULL, on_result_cb, &result);
  thumb = sc_ptp_camera_get_thumbnail_finish (SC_PTP_CAMERA (f->camera), wait_result (&result), &error);
  g_assert_no_error (error);
  {
    g_autoptr(GBytes) expected = sc_ptp_responder_dup_thumb (f->responder, SC_PTP_RESPONDER_HANDLE_PHOTO + 1);

    g_assert_true (g_bytes_equal (thumb, expected));
  }
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCameraFile) photo = first_photo (f);
  g_autoptr(GPtrArray) files = NULL;

  (void)data;
  g_assert_true (sc_ptp_responder_has_object (f->responder, SC_PTP_RESPONDER_HANDLE_PHOTO));
  g_assert_true (delete_file (f, photo, &error));
  g_assert_no_error (error);
  g_assert_false (sc_ptp_responder_has_object (f->responder, SC_PTP_RESPONDER_HANDLE_PHOTO));

  files = list_files (f, FALSE, &error);
  g_assert_no_error (error);
  g_assert_null (find_file (files, "R0010001.JPG"));
  g_assert_nonnull (find_file (files, "R0010002.JPG"));

  /* A file that is no longer there: a clear error, not a crash. */
  g_assert_false (delete_file (f, photo, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (error->message);
}

static void
test_capture (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCameraFile) shot = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GFile) saved = NULL;
  g_autoptr(GPtrArray) files = NULL;
  guint n_before = sc_ptp_responder_get_n_objects (f->responder);
  guint32 handle;

  (void)data;
  shot = take_picture (f, &error);
  g_assert_no_error (error);
  g_assert_nonnull (shot);

  /* The handle came with ObjectAdded on the interrupt endpoint. */
  handle = file_handle (shot);
  g_assert_true (sc_ptp_responder_has_object (f->responder, handle));
  g_assert_cmpuint (sc_ptp_responder_get_n_objects (f->responder), ==, n_before + 1);
  g_assert_true (g_str_has_suffix (sc_camera_file_get_uri (shot), ".JPG"));
  g_assert_true (strstr (sc_camera_file_get_uri (shot), "/DCIM/100RICOH/") != NULL);
  g_assert_cmpuint (f->n_added, ==, 1);
  g_assert_true (f->added == shot);

  expected = sc_ptp_responder_dup_object (f->responder, handle);
  g_assert_cmpuint (sc_camera_file_get_size (shot), ==, g_bytes_get_size (expected));
  saved = download (f, shot, &error);
  g_assert_no_error (error);
  assert_file_equals (saved, expected);

  files = list_files (f, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_file (files, sc_camera_file_get_name (shot)));
}

/* --- the > 4 GiB object: a GOutputStream that checks every byte --- */

#define SC_TYPE_CHECK_STREAM (sc_check_stream_get_type ())
G_DECLARE_FINAL_TYPE (ScCheckStream, sc_check_stream, SC, CHECK_STREAM, GOutputStream)

struct _ScCheckStream
{
  GOutputStream parent_instance;
  guint64       offset;
  guint8       *expected;
  gsize         expected_size;
  gsize         max_write;
  gboolean      mismatch;
};

G_DEFINE_FINAL_TYPE (ScCheckStream, sc_check_stream, G_TYPE_OUTPUT_STREAM)

static gssize
sc_check_stream_write_fn (GOutputStream  *stream,
                          const void     *buffer,
                          gsize           count,
                          GCancellable   *cancellable,
                          GError        **error)
{
  ScCheckStream *self = SC_CHECK_STREAM (stream);

  (void)cancellable;
  (void)error;
  if (count > self->expected_size)
    {
      self->expected = g_realloc (self->expected, count);
      self->expected_size = count;
    }
  sc_ptp_responder_fill_lazy (self->offset, self->expected, count);
  if (memcmp (buffer, self->expected, count) != 0)
    self->mismatch = TRUE;
  self->offset += count;
  self->max_write = MAX (self->max_write, count);
  return (gssize)count;
}

static void
sc_check_stream_finalize (GObject *object)
{
  g_free (SC_CHECK_STREAM (object)->expected);
  G_OBJECT_CLASS (sc_check_stream_parent_class)->finalize (object);
}

static void
sc_check_stream_class_init (ScCheckStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_check_stream_finalize;
  G_OUTPUT_STREAM_CLASS (klass)->write_fn = sc_check_stream_write_fn;
}

static void
sc_check_stream_init (ScCheckStream *self)
{
  (void)self;
}

static void
test_big_object (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = list_files (f, FALSE, &error);
  g_autoptr(ScCheckStream) stream = g_object_new (SC_TYPE_CHECK_STREAM, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  ScCameraFile *big;
  guint64 length = 0;

  (void)data;
  g_assert_no_error (error);
  big = find_file (files, "R0010100.MP4");
  g_assert_nonnull (big);

  /* Read to the short packet through our transport, never all in memory:
   * the stream sees chunks of at most a few hundred KiB. */
  sc_ptp_camera_read_object_async (SC_PTP_CAMERA (f->camera), big, G_OUTPUT_STREAM (stream), NULL,
                                   on_result_cb, &result);
  g_assert_true (sc_ptp_camera_read_object_finish (SC_PTP_CAMERA (f->camera), wait_result (&result),
                                                   &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, SC_PTP_RESPONDER_BIG_SIZE);
  g_assert_cmpuint (stream->offset, ==, SC_PTP_RESPONDER_BIG_SIZE);
  g_assert_false (stream->mismatch);
  g_assert_cmpuint (stream->max_write, <=, 16 * 1024 * 1024);

  /* The camera is still in step. */
  g_clear_object (&result);
  g_clear_pointer (&files, g_ptr_array_unref);
  files = list_files (f, FALSE, &error);
  g_assert_no_error (error);
}

/* --- faults --- */

static void
assert_only_part_file (Fixture    *f,
                       const char *name)
{
  g_autofree char *listing = dir_listing (f);
  g_autofree char *part = g_strdup_printf (".%s.usb.part", name);

  /* Only the resumable temporary; never a finished file. */
  g_assert_cmpstr (listing, ==, part);
}

static void
test_fault_stall (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCameraFile) photo = first_photo (f);
  g_autoptr(GBytes) expected = sc_ptp_responder_dup_object (f->responder, SC_PTP_RESPONDER_HANDLE_PHOTO);
  g_autoptr(GFile) saved = NULL;
  g_autoptr(GPtrArray) files = NULL;

  (void)data;
  sc_ptp_responder_set_fault (f->responder, SC_PTP_FAULT_STALL);
  files = list_files (f, FALSE, &error);
  g_assert_null (files);
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);
  g_assert_true (sc_camera_is_connected (f->camera));

  /* Cleared halt: the next operations work. */
  files = list_files (f, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_file (files, "R0010001.JPG"));
  saved = download (f, photo, &error);
  g_assert_no_error (error);
  assert_file_equals (saved, expected);
}

static void
test_fault_short_packet (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCameraFile) photo = first_photo (f);
  g_autoptr(GBytes) expected = sc_ptp_responder_dup_object (f->responder, SC_PTP_RESPONDER_HANDLE_PHOTO);
  g_autoptr(GFile) saved = NULL;
  g_autofree char *part = g_build_filename (f->dir, ".R0010001.JPG.usb.part", NULL);
  GStatBuf st;

  (void)data;
  sc_ptp_responder_set_fault (f->responder, SC_PTP_FAULT_SHORT_PACKET);
  saved = download (f, photo, &error);
  g_assert_null (saved);
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL);
  g_clear_error (&error);
  assert_only_part_file (f, "R0010001.JPG");

  /* What arrived before the short packet is kept, and is the start of
   * the file. */
  g_assert_cmpint (g_stat (part, &st), ==, 0);
  g_assert_cmpuint ((guint64)st.st_size, >, 0);
  g_assert_cmpuint ((guint64)st.st_size, <, g_bytes_get_size (expected));
  {
    g_autofree char *contents = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (part, &contents, &length, NULL));
    g_assert_cmpmem (contents, length, g_bytes_get_data (expected, NULL), length);
  }

  /* The next download resumes it (GetPartialObject) and completes. */
  saved = download (f, photo, &error);
  g_assert_no_error (error);
  assert_file_equals (saved, expected);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
}

static void
test_fault_wrong_transaction_id (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GPtrArray) files = NULL;

  (void)data;
  sc_ptp_responder_set_fault (f->responder, SC_PTP_FAULT_WRONG_TRANSACTION_ID);
  files = list_files (f, FALSE, &error);
  g_assert_null (files);
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL);
  g_clear_error (&error);

  state = refresh_state (f, &error);
  g_assert_no_error (error);
  g_assert_nonnull (state);
  files = list_files (f, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_file (files, "R0010001.JPG"));
}

static void
test_fault_device_gone (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCameraFile) photo = first_photo (f);
  g_autoptr(GFile) saved = NULL;
  g_autoptr(GPtrArray) files = NULL;

  (void)data;
  sc_ptp_responder_set_fault (f->responder, SC_PTP_FAULT_DEVICE_GONE);
  saved = download (f, photo, &error);
  g_assert_null (saved);
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);
  g_assert_true (sc_ptp_responder_is_gone (f->responder));
  assert_only_part_file (f, "R0010001.JPG");

  /* The camera says it is gone, and later calls fail clearly. */
  while (f->n_disconnected == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (sc_camera_is_connected (f->camera));
  files = list_files (f, FALSE, &error);
  g_assert_null (files);
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED);
}

static void
test_fault_store_full (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCameraFile) shot = NULL;
  guint n_before = sc_ptp_responder_get_n_objects (f->responder);

  (void)data;
  sc_ptp_responder_set_fault (f->responder, SC_PTP_FAULT_STORE_FULL);
  shot = take_picture (f, &error);
  g_assert_null (shot);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);
  g_assert_cmpuint (sc_ptp_responder_get_n_objects (f->responder), ==, n_before);
  g_assert_cmpuint (f->n_added, ==, 0);

  /* Space made: capture works again. */
  sc_ptp_responder_set_fault (f->responder, SC_PTP_FAULT_NONE);
  shot = take_picture (f, &error);
  g_assert_no_error (error);
  g_assert_nonnull (shot);
}

/* --- ScUsbMonitor --- */

typedef struct
{
  GPtrArray *added;
  GPtrArray *removed;
} MonitorEvents;

static void
on_camera_added_cb (ScUsbMonitor  *monitor,
                    ScCamera      *camera,
                    MonitorEvents *events)
{
  (void)monitor;
  g_ptr_array_add (events->added, g_object_ref (camera));
}

static void
on_camera_removed_cb (ScUsbMonitor  *monitor,
                      ScCamera      *camera,
                      MonitorEvents *events)
{
  (void)monitor;
  g_ptr_array_add (events->removed, g_object_ref (camera));
}

static void
test_monitor (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScUsbMonitor) monitor = sc_usb_monitor_new ();
  g_autoptr(GPtrArray) cameras = NULL;
  MonitorEvents events = {
    g_ptr_array_new_with_free_func (g_object_unref),
    g_ptr_array_new_with_free_func (g_object_unref),
  };
  ScCamera *camera;
  gint64 deadline;

  (void)data;
  g_signal_connect (monitor, "camera-added", G_CALLBACK (on_camera_added_cb), &events);
  g_signal_connect (monitor, "camera-removed", G_CALLBACK (on_camera_removed_cb), &events);
  g_assert_true (sc_usb_monitor_start (monitor, &error));
  g_assert_no_error (error);

  /* The emulated THETA V, found by its PTP interface. */
  while (events.added->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (events.added->len, ==, 1);
  camera = g_ptr_array_index (events.added, 0);
  g_assert_true (SC_IS_PTP_CAMERA (camera));
  g_assert_cmpstr (sc_camera_get_uri (camera), ==, CAMERA_URI);
  g_assert_false (sc_camera_is_connected (camera));
  cameras = sc_usb_monitor_dup_cameras (monitor);
  g_assert_cmpuint (cameras->len, ==, 1);
  g_assert_true (g_ptr_array_index (cameras, 0) == camera);
  g_assert_true (sc_usb_is_known_ptp_camera (SC_PTP_RESPONDER_VID, SC_PTP_RESPONDER_PID));

  /* The camera the monitor hands out works. */
  g_assert_true (camera_connect (camera, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sc_camera_get_id (camera), ==, "ptp:" SC_PTP_RESPONDER_SERIAL);
  sc_camera_disconnect (camera);

  /* Unplugged: removed, the same object. Hot-plug where libusb has it;
   * a rescan (what the periodic re-enumeration does) otherwise. */
  umockdev_testbed_remove_device (f->testbed, sc_ptp_responder_get_sysfs_path (f->responder));
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (events.removed->len == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  if (events.removed->len == 0)
    sc_usb_monitor_rescan (monitor);
  while (events.removed->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (events.removed->len, ==, 1);
  g_assert_true (g_ptr_array_index (events.removed, 0) == camera);
  g_clear_pointer (&cameras, g_ptr_array_unref);
  cameras = sc_usb_monitor_dup_cameras (monitor);
  g_assert_cmpuint (cameras->len, ==, 0);

  sc_usb_monitor_stop (monitor);
  g_signal_handlers_disconnect_by_data (monitor, &events);
  g_ptr_array_unref (events.added);
  g_ptr_array_unref (events.removed);
}

/* --- the camera held by another program --- */

static gboolean
on_gvfs_lets_go_cb (gpointer user_data)
{
  sc_ptp_responder_set_claim_busy (SC_PTP_RESPONDER (user_data), FALSE);
  return G_SOURCE_REMOVE;
}

/* gvfs's daemon closes the device a moment after its mount is unmounted */
static void
on_gvfs_unmounted_cb (GMount   *mount,
                      Fixture  *f)
{
  (void)mount;
  g_timeout_add_full (G_PRIORITY_DEFAULT, 300, on_gvfs_lets_go_cb,
                      g_object_ref (f->responder), g_object_unref);
}

static void
test_busy_gvfs (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GMount) mount = NULL;
  ScPtpCamera *ptp;

  (void)data;
  /* gvfs has mounted the camera and claimed its interface */
  mount = g_object_ref (sc_fake_gvfs_add_mount ("RICOH THETA V", "gphoto2://%5Busb%3A001%2C007%5D/",
                                                "/dev/bus/usb/001/007", NULL));
  g_signal_connect (mount, "unmounted", G_CALLBACK (on_gvfs_unmounted_cb), f);
  sc_ptp_responder_set_claim_busy (f->responder, TRUE);

  f->camera = sc_camera_new_for_uri (CAMERA_URI, NULL, NULL, &error);
  g_assert_no_error (error);
  ptp = SC_PTP_CAMERA (f->camera);

  /* The claim fails: gvfs is named, and it can be released */
  g_assert_false (camera_connect (f->camera, &error));
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "GNOME Files (gvfs)"));
  g_assert_nonnull (strstr (error->message, "Release"));
  g_assert_cmpstr (sc_ptp_camera_get_holder (ptp), ==, "GNOME Files (gvfs)");
  g_assert_true (sc_ptp_camera_can_release_holder (ptp));
  g_assert_false (sc_camera_is_connected (f->camera));
  g_clear_error (&error);

  /* Release and connect: the mount is unmounted, the claim retried until
   * gvfs lets go */
  sc_ptp_camera_release_holder_async (ptp, NULL, on_result_cb, &result);
  g_assert_true (sc_ptp_camera_release_holder_finish (ptp, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sc_fake_gvfs_get_unmount_calls (), ==, 1);
  g_assert_true (sc_camera_is_connected (f->camera));
  g_assert_true (sc_ptp_responder_has_session (f->responder));
  g_assert_null (sc_ptp_camera_get_holder (ptp));
  g_assert_false (sc_ptp_camera_can_release_holder (ptp));

  g_signal_handlers_disconnect_by_data (mount, f);
  sc_fake_gvfs_remove_all ();
}

static void
test_busy_other (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  ScPtpCamera *ptp;

  (void)data;
  /* Held by a program that is not gvfs (nothing this test can see) */
  sc_ptp_responder_set_claim_busy (f->responder, TRUE);
  f->camera = sc_camera_new_for_uri (CAMERA_URI, NULL, NULL, &error);
  g_assert_no_error (error);
  ptp = SC_PTP_CAMERA (f->camera);

  g_assert_false (camera_connect (f->camera, &error));
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "Another program"));
  g_assert_nonnull (sc_ptp_camera_get_holder (ptp));
  g_assert_false (sc_ptp_camera_can_release_holder (ptp));
  g_clear_error (&error);

  /* The program closes: connecting again works */
  sc_ptp_responder_set_claim_busy (f->responder, FALSE);
  g_assert_true (camera_connect (f->camera, &error));
  g_assert_no_error (error);
  g_assert_null (sc_ptp_camera_get_holder (ptp));
}

/* --- a camera in a USB mode we cannot use --- */

static void
on_unusable_cb (ScUsbMonitor *monitor,
                const char   *message,
                GPtrArray    *messages)
{
  (void)monitor;
  g_ptr_array_add (messages, g_strdup (message));
}

static void
on_added_count_cb (ScUsbMonitor *monitor,
                   ScCamera     *camera,
                   guint        *n_added)
{
  (void)monitor;
  (void)camera;
  (*n_added)++;
}

static void
test_unusable_mode (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScUsbMonitor) monitor = sc_usb_monitor_new ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *webcam = NULL;
  guint n_added = 0;

  (void)data;
  /* A second THETA V, in live-streaming mode: only a video interface */
  webcam = sc_ptp_responder_add_webcam_mode (f->testbed, &error);
  g_assert_no_error (error);

  g_signal_connect (monitor, "unusable-camera", G_CALLBACK (on_unusable_cb), messages);
  g_signal_connect (monitor, "camera-added", G_CALLBACK (on_added_count_cb), &n_added);
  g_assert_true (sc_usb_monitor_start (monitor, &error));
  g_assert_no_error (error);
  while (messages->len == 0 || n_added == 0)
    g_main_context_iteration (NULL, TRUE);

  /* The PTP one is a camera; the webcam-mode one says how to switch */
  g_assert_cmpuint (n_added, ==, 1);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (messages, 0), "live-streaming"));

  /* Once per plug: a rescan does not repeat it */
  sc_usb_monitor_rescan (monitor);
  g_assert_cmpuint (messages->len, ==, 1);

  sc_usb_monitor_stop (monitor);
  g_signal_handlers_disconnect_by_data (monitor, messages);
  g_signal_handlers_disconnect_by_data (monitor, &n_added);
  umockdev_testbed_remove_device (f->testbed, webcam);
}

int
main (int   argc,
      char *argv[])
{
  /* libusb sees the emulated device only through umockdev's preload
   * (umockdev_in_mock_environment() does not tell, on 0.17). */
  const char *preload = g_getenv ("LD_PRELOAD");

  if (preload == NULL || strstr (preload, "libumockdev-preload") == NULL)
    {
      char **args;

      if (g_getenv ("SC_TEST_PTP_REEXEC") != NULL)
        {
          g_printerr ("%s did not preload libumockdev-preload.so\n", SC_UMOCKDEV_WRAPPER);
          return 1;
        }
      g_setenv ("SC_TEST_PTP_REEXEC", "1", TRUE);
      args = g_new0 (char *, argc + 2);

      args[0] = (char *)SC_UMOCKDEV_WRAPPER;
      for (int i = 0; i < argc; i++)
        args[i + 1] = argv[i];
      execv (SC_UMOCKDEV_WRAPPER, args);
      g_printerr ("Cannot run %s: %s\n", SC_UMOCKDEV_WRAPPER, g_strerror (errno));
      return 1;
    }

  g_test_init (&argc, &argv, NULL);
  sc_fake_gvfs_register ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/ptp-camera/device-info", test_device_info);
  ADD ("/ptp-camera/listing", test_listing);
  ADD ("/ptp-camera/download", test_download);
  ADD ("/ptp-camera/thumbnail", test_thumbnail);
  ADD ("/ptp-camera/delete", test_delete);
  ADD ("/ptp-camera/capture", test_capture);
  ADD ("/ptp-camera/big-object", test_big_object);
  ADD ("/ptp-camera/fault/stall", test_fault_stall);
  ADD ("/ptp-camera/fault/short-packet", test_fault_short_packet);
  ADD ("/ptp-camera/fault/wrong-transaction-id", test_fault_wrong_transaction_id);
  ADD ("/ptp-camera/fault/device-gone", test_fault_device_gone);
  ADD ("/ptp-camera/fault/store-full", test_fault_store_full);
  g_test_add ("/ptp-camera/monitor", Fixture, "monitor", fixture_setup, test_monitor, fixture_teardown);
  g_test_add ("/ptp-camera/busy/gvfs", Fixture, "busy", fixture_setup, test_busy_gvfs, fixture_teardown);
  g_test_add ("/ptp-camera/busy/other", Fixture, "busy", fixture_setup, test_busy_other, fixture_teardown);
  g_test_add ("/ptp-camera/unusable-mode", Fixture, "monitor", fixture_setup, test_unusable_mode,
              fixture_teardown);

#undef ADD

  return g_test_run ();
}
