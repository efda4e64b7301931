/* test-storage-camera.c: cameras that mount as a disk (ScStorageCamera)
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A folder tree shaped like a Mi Sphere's card (DCIM/YYYYMMDD/ with
 * IMG_….JPG, VID_…AA.MP4 and its low-resolution VID_…AB.MP4) stands in
 * for the mounted disk. Built twice: as a unit test of the core object,
 * and with SC_TEST_CLI as the end-to-end test that imports from the card
 * through `spherecamctl add-camera file:///…`, `ls`, `get` and `rm`
 * against the real service.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#ifdef SC_TEST_CLI
# include "sc-test-util.h"
#else
# include <libexif/exif-data.h>
# include "sc-core.h"
# include "sc-storage-camera.h"
#endif

#define PHOTO_NAME "IMG_20240501_120005.JPG"
#define VIDEO_NAME "VID_20240501_113000AA.MP4"
#define PROXY_NAME "VID_20240501_113000AB.MP4"

static char *work_dir;

/* ------------------------------------------------------------------ */
/* The card                                                            */

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* The scene JPEG from tests/data: real JPEG bytes */
static GBytes *
scene_jpeg (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "scene-equirect.jpg", NULL);

  return read_bytes (path);
}

/* A small MP4: an ftyp box and an mdat of patterned bytes */
static GBytes *
small_mp4 (guint size)
{
  static const guint8 ftyp[] = {
    0x00, 0x00, 0x00, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm',
    0x00, 0x00, 0x02, 0x00, 'i', 's', 'o', 'm', 'm', 'p', '4', '1',
  };
  guint8 *data = g_malloc (size);
  guint32 mdat = size - sizeof ftyp;

  g_assert_cmpuint (size, >, sizeof ftyp + 8);
  memcpy (data, ftyp, sizeof ftyp);
  data[sizeof ftyp + 0] = (mdat >> 24) & 0xFF;
  data[sizeof ftyp + 1] = (mdat >> 16) & 0xFF;
  data[sizeof ftyp + 2] = (mdat >> 8) & 0xFF;
  data[sizeof ftyp + 3] = mdat & 0xFF;
  memcpy (data + sizeof ftyp + 4, "mdat", 4);
  for (guint i = sizeof ftyp + 8; i < size; i++)
    data[i] = (guint8)(i * 31 + 7);

  return g_bytes_new_take (data, size);
}

static void
write_bytes (const char *path,
             GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
}

/* A Mi Sphere card in a fresh folder; returns its root */
static char *
make_misphere_card (const char *name)
{
  g_autofree char *root = g_build_filename (work_dir, name, NULL);
  g_autofree char *day = g_build_filename (root, "DCIM", "20240501", NULL);
  g_autofree char *misc = g_build_filename (root, "MISC", NULL);
  g_autoptr(GBytes) photo = scene_jpeg ();
  g_autoptr(GBytes) video = small_mp4 (3 * 1024 * 1024 + 123);
  g_autoptr(GBytes) proxy = small_mp4 (64 * 1024);
  g_autoptr(GBytes) text = g_bytes_new_static ("log", 3);
  g_autofree char *photo_path = g_build_filename (day, PHOTO_NAME, NULL);
  g_autofree char *video_path = g_build_filename (day, VIDEO_NAME, NULL);
  g_autofree char *proxy_path = g_build_filename (day, PROXY_NAME, NULL);
  g_autofree char *hidden_path = g_build_filename (day, ".IMG_hidden.JPG", NULL);
  g_autofree char *log_path = g_build_filename (day, "camera.log", NULL);
  g_autofree char *outside_path = g_build_filename (misc, "IMG_20240501_999999.JPG", NULL);

  g_assert_cmpint (g_mkdir_with_parents (day, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (misc, 0755), ==, 0);
  write_bytes (photo_path, photo);
  write_bytes (video_path, video);
  write_bytes (proxy_path, proxy);
  write_bytes (hidden_path, photo);
  write_bytes (log_path, text);
  write_bytes (outside_path, photo);

  return g_steal_pointer (&root);
}

static guint
count_entries (const char *directory)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static char *
new_empty_dir (const char *name)
{
  g_autofree char *path = g_build_filename (work_dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
  return g_steal_pointer (&path);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

#ifndef SC_TEST_CLI

/* ------------------------------------------------------------------ */
/* The core object                                                     */

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

  *slot = g_object_ref (result);
}

static ScCamera *
connected_camera (const char *root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *uri = g_filename_to_uri (root, NULL, NULL);
  ScCamera *camera;

  camera = SC_CAMERA (sc_storage_camera_new_for_uri (uri, &error));
  g_assert_no_error (error);
  g_assert_nonnull (camera);
  g_assert_cmpstr (sc_camera_get_uri (camera), ==, uri);
  g_assert_cmpstr (sc_camera_get_id (camera), ==, uri);
  g_assert_false (sc_camera_is_connected (camera));

  sc_camera_connect_async (camera, NULL, on_result_cb, &result);
  g_assert_true (sc_camera_connect_finish (camera, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_true (sc_camera_is_connected (camera));
  return camera;
}

static GPtrArray *
list_files (ScCamera         *camera,
            ScCameraFileType  type,
            gboolean          thumbnails,
            GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_list_files_async (camera, type, 0, thumbnails, NULL, on_result_cb, &result);
  return sc_camera_list_files_finish (camera, wait_result (&result), error);
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

typedef struct
{
  guint   calls;
  guint64 last_current;
  guint64 last_total;
  gboolean notified;
} Progress;

static void
on_progress (guint64  current,
             guint64  total,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_false (progress->notified);
  g_assert_cmpuint (current, >=, progress->last_current);
  progress->calls++;
  progress->last_current = current;
  progress->last_total = total;
}

static void
on_progress_notify (gpointer user_data)
{
  Progress *progress = user_data;

  progress->notified = TRUE;
}

static GFile *
download (ScCamera      *camera,
          ScCameraFile  *file,
          const char    *directory,
          Progress      *progress,
          GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) dir = g_file_new_for_path (directory);

  sc_camera_download_async (camera, file, dir,
                            progress != NULL ? on_progress : NULL, progress,
                            progress != NULL ? on_progress_notify : NULL,
                            NULL, on_result_cb, &result);
  return sc_camera_download_finish (camera, wait_result (&result), error);
}

static gboolean
delete_uris (ScCamera            *camera,
             const char * const  *uris,
             GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_camera_delete_files_async (camera, uris, NULL, on_result_cb, &result);
  return sc_camera_delete_files_finish (camera, wait_result (&result), error);
}

static void
assert_same_file (const char *a,
                  const char *b)
{
  g_autoptr(GBytes) bytes_a = read_bytes (a);
  g_autoptr(GBytes) bytes_b = read_bytes (b);

  g_assert_true (g_bytes_equal (bytes_a, bytes_b));
}

/* A Mi Sphere card: what camera it is, its files, importing, deleting */
static void
test_misphere_card (void)
{
  g_autofree char *root = make_misphere_card ("misphere");
  g_autofree char *dest = new_empty_dir ("misphere-import");
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) videos = NULL;
  g_autoptr(GVariant) info = NULL;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) first = NULL;
  g_autoptr(GFile) second = NULL;
  g_autofree char *model = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *photo_src = g_build_filename (root, "DCIM", "20240501", PHOTO_NAME, NULL);
  g_autofree char *video_src = g_build_filename (root, "DCIM", "20240501", VIDEO_NAME, NULL);
  g_autofree char *proxy_src = g_build_filename (root, "DCIM", "20240501", PROXY_NAME, NULL);
  const char *protocol = NULL;
  ScCameraFile *photo, *video;
  Progress progress = { 0 };
  guint64 remaining = 0;

  camera = connected_camera (root);

  /* The model comes from the card's layout (the JPEG has no EXIF) */
  g_object_get (camera, "model", &model, "display-name", &display_name, NULL);
  g_assert_cmpstr (model, ==, "Mi Sphere");
  g_assert_cmpstr (display_name, ==, "Mi Sphere");
  info = sc_camera_get_info (camera);
  g_assert_true (g_variant_lookup (info, "protocol", "&s", &protocol));
  g_assert_cmpstr (protocol, ==, "storage");
  state = sc_camera_dup_state (camera);
  g_assert_true (g_variant_lookup (state, "remainingSpace", "t", &remaining));
  g_assert_cmpuint (remaining, >, 0);

  /* The photo and the video; not the AB copy, hidden files, other kinds
   * of file or files outside DCIM */
  files = list_files (camera, SC_CAMERA_FILE_TYPE_ALL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 2);
  photo = find_file (files, PHOTO_NAME);
  video = find_file (files, VIDEO_NAME);
  g_assert_nonnull (photo);
  g_assert_nonnull (video);
  g_assert_cmpint (sc_camera_file_get_file_type (photo), ==, SC_CAMERA_FILE_TYPE_IMAGE);
  g_assert_cmpint (sc_camera_file_get_file_type (video), ==, SC_CAMERA_FILE_TYPE_VIDEO);
  g_assert_cmpuint (sc_camera_file_get_size (video), ==, 3 * 1024 * 1024 + 123);
  g_assert_nonnull (sc_camera_file_get_date_time (photo));
  g_assert_cmpint (g_date_time_get_hour (sc_camera_file_get_date_time (photo)), ==, 12);
  g_assert_cmpint (g_date_time_get_second (sc_camera_file_get_date_time (photo)), ==, 5);
  /* newest first */
  g_assert_true (g_ptr_array_index (files, 0) == photo);

  videos = list_files (camera, SC_CAMERA_FILE_TYPE_VIDEO, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (videos->len, ==, 1);

  /* Import: the same bytes, progress to the end, no temporary left */
  first = download (camera, video, dest, &progress, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  assert_same_file (g_file_peek_path (first), video_src);
  g_assert_cmpuint (progress.last_current, ==, progress.last_total);
  g_assert_cmpuint (progress.last_total, ==, 3 * 1024 * 1024 + 123);
  g_assert_cmpuint (progress.calls, >=, 2);
  g_assert_true (progress.notified);

  g_clear_object (&first);
  first = download (camera, photo, dest, NULL, &error);
  g_assert_no_error (error);
  assert_same_file (g_file_peek_path (first), photo_src);

  /* Again: a numbered name, never over the first */
  second = download (camera, photo, dest, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *base = g_file_get_basename (second);

    g_assert_cmpstr (base, ==, "IMG_20240501_120005 (1).JPG");
  }
  assert_same_file (g_file_peek_path (second), photo_src);
  g_assert_cmpuint (count_entries (dest), ==, 3);

  /* Delete the video: its AB copy goes with it */
  {
    const char *uris[] = { sc_camera_file_get_uri (video), NULL };

    g_assert_true (delete_uris (camera, uris, &error));
    g_assert_no_error (error);
  }
  g_assert_false (g_file_test (video_src, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (proxy_src, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (photo_src, G_FILE_TEST_EXISTS));

  /* It is gone: deleting or importing it again says so */
  {
    const char *uris[] = { sc_camera_file_get_uri (video), NULL };
    g_autoptr(GFile) none = NULL;

    g_assert_false (delete_uris (camera, uris, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);

    none = download (camera, video, dest, NULL, &error);
    g_assert_null (none);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_cmpuint (count_entries (dest), ==, 3);
  }

  /* Only files under DCIM are the camera's */
  {
    g_autofree char *outside = g_build_filename (root, "MISC", "IMG_20240501_999999.JPG", NULL);
    g_autofree char *outside_uri = g_filename_to_uri (outside, NULL, NULL);
    const char *uris[] = { outside_uri, NULL };

    g_assert_false (delete_uris (camera, uris, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_true (g_file_test (outside, G_FILE_TEST_EXISTS));
  }

  files = (g_ptr_array_unref (files), list_files (camera, SC_CAMERA_FILE_TYPE_ALL, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 1);
}

/* It imports, deletes and lists, and says plainly that it cannot shoot */
static void
test_cannot_shoot (void)
{
  g_autofree char *root = make_misphere_card ("shoot");
  g_autoptr(ScCamera) camera = connected_camera (root);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCameraFile) file = NULL;

  sc_camera_take_picture_async (camera, NULL, on_result_cb, &result);
  file = sc_camera_take_picture_finish (camera, wait_result (&result), &error);
  g_assert_null (file);
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "disk"));
  g_clear_error (&error);
  g_clear_object (&result);

  sc_camera_start_capture_async (camera, SC_CAMERA_CAPTURE_MODE_VIDEO, NULL, on_result_cb, &result);
  g_assert_false (sc_camera_start_capture_finish (camera, wait_result (&result), &error));
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED);
}

/* Folders that are not a camera's disk, and addresses that are not folders */
static void
test_not_a_card (void)
{
  g_autofree char *empty = new_empty_dir ("no-dcim");
  g_autofree char *uri = g_filename_to_uri (empty, NULL, NULL);
  g_autoptr(GError) error = NULL;
  ScStorageCamera *camera;

  camera = sc_storage_camera_new_for_uri (uri, &error);
  g_assert_null (camera);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  camera = sc_storage_camera_new_for_uri ("http://192.168.1.1/DCIM", &error);
  g_assert_null (camera);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

/* The camera's EXIF names it; a lower-case dcim is found too */
/* An ASCII entry in IFD0, its data from the entry's own allocator (the
 * default one: exif_entry_initialize() would allocate a value first). */
static void
put_ascii (ExifData   *exif,
           ExifTag     tag,
           const char *value)
{
  ExifEntry *entry = exif_entry_new ();
  ExifMem *mem = exif_mem_new_default ();

  exif_content_add_entry (exif->ifd[EXIF_IFD_0], entry);
  entry->tag = tag;
  entry->format = EXIF_FORMAT_ASCII;
  entry->components = strlen (value) + 1;
  entry->size = entry->components;
  entry->data = exif_mem_alloc (mem, entry->size);
  memcpy (entry->data, value, entry->size);
  exif_mem_unref (mem);
  exif_entry_unref (entry);
}

static void
test_model_from_exif (void)
{
  g_autofree char *root = g_build_filename (work_dir, "theta-card", NULL);
  g_autofree char *folder = g_build_filename (root, "dcim", "100RICOH", NULL);
  g_autofree char *path = g_build_filename (folder, "R0010001.JPG", NULL);
  g_autoptr(GBytes) scene = scene_jpeg ();
  g_autoptr(GByteArray) jpeg = g_byte_array_new ();
  g_autoptr(ScCamera) camera = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *model = NULL;
  g_autofree char *manufacturer = NULL;
  ExifData *exif = exif_data_new ();
  unsigned char *exif_bytes = NULL;
  unsigned int exif_size = 0;
  const guint8 *scene_data;
  gsize scene_size;
  guint8 header[4];

  exif_data_set_byte_order (exif, EXIF_BYTE_ORDER_INTEL);
  put_ascii (exif, EXIF_TAG_MAKE, "RICOH");
  put_ascii (exif, EXIF_TAG_MODEL, "RICOH THETA Z1");
  exif_data_save_data (exif, &exif_bytes, &exif_size);
  exif_data_unref (exif);
  g_assert_nonnull (exif_bytes);

  /* SOI, APP1 (Exif), then the rest of the scene JPEG */
  scene_data = g_bytes_get_data (scene, &scene_size);
  g_byte_array_append (jpeg, scene_data, 2);
  header[0] = 0xFF;
  header[1] = 0xE1;
  header[2] = ((exif_size + 2) >> 8) & 0xFF;
  header[3] = (exif_size + 2) & 0xFF;
  g_byte_array_append (jpeg, header, 4);
  g_byte_array_append (jpeg, exif_bytes, exif_size);
  g_byte_array_append (jpeg, scene_data + 2, scene_size - 2);
  free (exif_bytes);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&jpeg));
  write_bytes (path, bytes);

  camera = connected_camera (root);
  g_object_get (camera, "model", &model, "manufacturer", &manufacturer, NULL);
  g_assert_cmpstr (model, ==, "RICOH THETA Z1");
  g_assert_cmpstr (manufacturer, ==, "RICOH");
}

/* The card goes away: a clear error, and nothing written */
static void
test_card_removed (void)
{
  g_autofree char *root = make_misphere_card ("removed");
  g_autofree char *moved = g_strconcat (root, "-elsewhere", NULL);
  g_autofree char *dest = new_empty_dir ("removed-import");
  g_autoptr(ScCamera) camera = connected_camera (root);
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  files = list_files (camera, SC_CAMERA_FILE_TYPE_ALL, FALSE, &error);
  g_assert_no_error (error);

  g_assert_cmpint (g_rename (root, moved), ==, 0);

  none = list_files (camera, SC_CAMERA_FILE_TYPE_ALL, FALSE, &error);
  g_assert_null (none);
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE);
  g_clear_error (&error);

  file = download (camera, find_file (files, PHOTO_NAME), dest, NULL, &error);
  g_assert_null (file);
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE);
  g_assert_cmpuint (count_entries (dest), ==, 0);
}

/* The storage permission is off: nothing is imported */
static void
test_storage_permission (void)
{
  g_autofree char *root = make_misphere_card ("permission");
  g_autofree char *dest = new_empty_dir ("permission-import");
  g_autoptr(ScCamera) camera = connected_camera (root);
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  ScPermissions *permissions = sc_permissions_get_default ();

  files = list_files (camera, SC_CAMERA_FILE_TYPE_ALL, FALSE, &error);
  g_assert_no_error (error);

  sc_permissions_set (permissions, SC_PERMISSION_STORAGE, FALSE);
  file = download (camera, find_file (files, PHOTO_NAME), dest, NULL, &error);
  sc_permissions_set (permissions, SC_PERMISSION_STORAGE, TRUE);
  g_assert_null (file);
  g_assert_error (error, SC_PERMISSION_ERROR, SC_PERMISSION_ERROR_DENIED);
  g_assert_cmpuint (count_entries (dest), ==, 0);
}

#else /* SC_TEST_CLI */

/* ------------------------------------------------------------------ */
/* Through spherecamctl and the service                                */

static JsonObject *
ctl_json (ScTestRun   *run,
          JsonNode   **root,
          int          expected,
          const char  *first,
          ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  g_ptr_array_add (args, (char *)"--json");
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  sc_test_ctl_argv (run, NULL, (const char * const *)args->pdata);
  if (run->status != expected)
    g_printerr ("spherecamctl: %s\n%s\n", run->out, run->err);
  g_assert_cmpint (run->status, ==, expected);
  return sc_test_run_json (run, root);
}

static gboolean
ls_has (JsonObject *object,
        const char *name)
{
  JsonArray *files = json_object_get_array_member (object, "files");

  for (guint i = 0; i < json_array_get_length (files); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (files, i), "name"),
                   name) == 0)
      return TRUE;
  return FALSE;
}

static void
test_import_through_spherecamctl (void)
{
  g_autofree char *card = make_misphere_card ("cli-card");
  g_autofree char *dest = new_empty_dir ("cli-import");
  g_autofree char *uri = g_filename_to_uri (card, NULL, NULL);
  g_autofree char *photo_src = g_build_filename (card, "DCIM", "20240501", PHOTO_NAME, NULL);
  g_autofree char *video_src = g_build_filename (card, "DCIM", "20240501", VIDEO_NAME, NULL);
  g_auto(ScTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *paths;

  object = ctl_json (&run, &root, 0, "add-camera", uri, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "camera"),
                                                  "id"), ==, uri);
  g_clear_pointer (&root, json_node_unref);
  sc_test_run_clear (&run);

  ctl_json (&run, &root, 0, "connect", NULL);
  g_clear_pointer (&root, json_node_unref);
  sc_test_run_clear (&run);

  object = ctl_json (&run, &root, 0, "ls", NULL);
  g_assert_true (ls_has (object, PHOTO_NAME));
  g_assert_true (ls_has (object, VIDEO_NAME));
  g_assert_false (ls_has (object, PROXY_NAME));
  g_clear_pointer (&root, json_node_unref);
  sc_test_run_clear (&run);

  object = ctl_json (&run, &root, 0, "get", PHOTO_NAME, VIDEO_NAME, "--to", dest, NULL);
  paths = json_object_get_array_member (object, "paths");
  g_assert_cmpuint (json_array_get_length (paths), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const char *path = json_array_get_string_element (paths, i);
      g_autofree char *base = g_path_get_basename (path);
      g_autoptr(GBytes) copy = read_bytes (path);
      g_autoptr(GBytes) original = read_bytes (g_str_equal (base, PHOTO_NAME) ? photo_src : video_src);

      g_assert_true (g_str_has_prefix (path, dest));
      g_assert_true (g_bytes_equal (copy, original));
    }
  g_assert_cmpuint (count_entries (dest), ==, 2);
  g_clear_pointer (&root, json_node_unref);
  sc_test_run_clear (&run);

  ctl_json (&run, &root, 0, "rm", VIDEO_NAME, NULL);
  g_clear_pointer (&root, json_node_unref);
  sc_test_run_clear (&run);
  g_assert_false (g_file_test (video_src, G_FILE_TEST_EXISTS));

  ctl_json (&run, &root, 0, "forget", NULL);
}

#endif /* SC_TEST_CLI */

int
main (int   argc,
      char *argv[])
{
  int ret;
#ifdef SC_TEST_CLI
  g_autoptr(GTestDBus) test_bus = NULL;
  g_autofree char *home_dir = NULL;
#endif

  g_test_init (&argc, &argv, NULL);

  work_dir = g_dir_make_tmp ("sc-storage-camera-XXXXXX", NULL);
  g_assert_nonnull (work_dir);

#ifndef SC_TEST_CLI
  g_test_add_func ("/storage-camera/misphere-card", test_misphere_card);
  g_test_add_func ("/storage-camera/cannot-shoot", test_cannot_shoot);
  g_test_add_func ("/storage-camera/not-a-card", test_not_a_card);
  g_test_add_func ("/storage-camera/model-from-exif", test_model_from_exif);
  g_test_add_func ("/storage-camera/card-removed", test_card_removed);
  g_test_add_func ("/storage-camera/storage-permission", test_storage_permission);
  ret = g_test_run ();
#else
  home_dir = sc_test_private_home ();
  test_bus = sc_test_service_bus_up (TRUE);
  g_free (sc_test_accept_consent ());
  g_test_add_func ("/storage-camera/cli/import", test_import_through_spherecamctl);
  ret = g_test_run ();
  g_test_dbus_down (test_bus);
#endif

  remove_tree (work_dir);
  g_clear_pointer (&work_dir, g_free);

  return ret;
}
