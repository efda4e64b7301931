/* test-ptp-camera.c: real libusb against the emulated USB PTP camera
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case builds a umockdev testbed with the emulated THETA V
 * (tests/usb/sc-ptp-responder.c), opens it with libusb as any application
 * would, and speaks PTP to it: device info, listing, downloads (bytes
 * identical, resumed with GetPartialObject), thumbnails, delete, capture
 * with its events, the > 4 GiB object streamed to its short packet, and
 * every fault the responder injects. Runs under umockdev-wrapper.
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <libusb.h>

#include "sc-ptp-responder.h"

#define CHUNK       (1024 * 1024)
#define TIMEOUT_MS  5000

#define PTP_RC_OK                     0x2001
#define PTP_RC_INCOMPLETE_TRANSFER    0x2007
#define PTP_RC_INVALID_OBJECT_HANDLE  0x2009
#define PTP_RC_STORE_FULL             0x200C
#define PTP_RC_NO_THUMBNAIL_PRESENT   0x2010

typedef struct
{
  UMockdevTestbed      *testbed;
  ScPtpResponder       *responder;
  libusb_context       *ctx;
  libusb_device_handle *handle;
  guint32               tid;
  char                 *dir;
} Fixture;

/* Where a data phase goes. */
typedef gboolean (*Sink) (const guint8 *data,
                          gsize         length,
                          gpointer      user_data,
                          GError      **error);

static GQuark
usb_error_quark (void)
{
  return g_quark_from_static_string ("test-usb-error");
}

static gboolean
usb_failed (int      r,
            GError **error)
{
  if (r == 0)
    return FALSE;
  g_set_error (error, usb_error_quark (), r, "USB: %s", libusb_error_name (r));
  return TRUE;
}

static gboolean
bulk_in (Fixture  *f,
         guint8   *buffer,
         int      *got,
         GError  **error)
{
  return !usb_failed (libusb_bulk_transfer (f->handle, SC_PTP_RESPONDER_EP_IN, buffer, CHUNK, got, TIMEOUT_MS), error);
}

/* One PTP transaction with an optional data phase from the device into
 * @sink. Returns the response code, or 0 with @error set when the
 * transaction broke (transport error, short data phase, wrong id). */
static guint16
transaction (Fixture       *f,
             guint16        code,
             const guint32 *params,
             guint          n_params,
             Sink           sink,
             gpointer       sink_data,
             guint32       *response_params,
             GError       **error)
{
  g_autofree guint8 *buffer = g_malloc (CHUNK);
  guint8 command[32];
  guint32 tid = code == 0x1002 ? 0 : f->tid++;
  guint32 length = 12 + 4 * n_params;
  gboolean incomplete = FALSE;
  int got = 0;

  memset (command, 0, sizeof command);
  command[0] = length;
  command[4] = 1;
  command[6] = code & 0xff;
  command[7] = code >> 8;
  memcpy (command + 8, &(guint32) { GUINT32_TO_LE (tid) }, 4);
  for (guint i = 0; i < n_params; i++)
    memcpy (command + 12 + 4 * i, &(guint32) { GUINT32_TO_LE (params[i]) }, 4);
  if (usb_failed (libusb_bulk_transfer (f->handle, SC_PTP_RESPONDER_EP_OUT, command, (int)length, &got, TIMEOUT_MS), error))
    return 0;

  if (!bulk_in (f, buffer, &got, error))
    return 0;
  g_assert_cmpint (got, >=, 12);

  if (buffer[4] == 2)
    {
      guint32 declared = GUINT32_FROM_LE (*(guint32 *)buffer);
      gboolean unknown = declared == G_MAXUINT32;
      guint64 received = (guint64)got;
      gboolean ended = got < CHUNK;
      gboolean ok = TRUE;
      g_autoptr(GError) sink_error = NULL;

      ok = sink == NULL || sink (buffer + 12, got - 12, sink_data, &sink_error);
      while (ok && !ended && (unknown || received < declared))
        {
          if (!bulk_in (f, buffer, &got, error))
            return 0;
          ended = got < CHUNK;
          received += got;
          ok = sink == NULL || sink (buffer, got, sink_data, &sink_error);
        }
      if (!ok)
        {
          g_propagate_error (error, g_steal_pointer (&sink_error));
          return 0;
        }
      /* A data phase that ends on a packet boundary ends with a ZLP. */
      if (!unknown && received == declared && !ended && declared % 512 == 0)
        {
          if (!bulk_in (f, buffer, &got, error))
            return 0;
          g_assert_cmpint (got, ==, 0);
        }
      incomplete = !unknown && received != declared;

      if (!bulk_in (f, buffer, &got, error))
        return 0;
    }

  g_assert_cmpint (got, >=, 12);
  g_assert_cmpint (buffer[4], ==, 3);
  if (GUINT32_FROM_LE (*(guint32 *)(buffer + 8)) != tid)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The camera answered transaction %u with the id of another one",
                   tid);
      return 0;
    }
  if (incomplete)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                   "The camera ended the transfer early (response 0x%04x)",
                   buffer[6] | (buffer[7] << 8));
      return 0;
    }
  for (guint i = 0; response_params != NULL && i < (guint)(got - 12) / 4; i++)
    response_params[i] = GUINT32_FROM_LE (*(guint32 *)(buffer + 12 + 4 * i));

  return buffer[6] | (buffer[7] << 8);
}

static gboolean
sink_to_array (const guint8  *data,
               gsize          length,
               gpointer       user_data,
               GError       **error)
{
  g_byte_array_append (user_data, data, (guint)length);
  return TRUE;
}

static guint16
transaction_bytes (Fixture       *f,
                   guint16        code,
                   const guint32 *params,
                   guint          n_params,
                   GBytes       **bytes,
                   GError       **error)
{
  g_autoptr(GByteArray) array = g_byte_array_new ();
  guint16 rc = transaction (f, code, params, n_params, sink_to_array, array, NULL, error);

  *bytes = rc != 0 ? g_byte_array_free_to_bytes (g_steal_pointer (&array)) : NULL;
  return rc;
}

static GBytes *
get_ok (Fixture       *f,
        guint16        code,
        const guint32 *params,
        guint          n_params)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = NULL;

  g_assert_cmphex (transaction_bytes (f, code, params, n_params, &bytes, &error), ==, PTP_RC_OK);
  g_assert_no_error (error);
  return bytes;
}

/* --- datasets --- */

static char *
read_string (const guint8 **p)
{
  guint n = **p;
  GString *s = g_string_new (NULL);

  *p += 1;
  for (guint i = 0; i < n; i++)
    {
      gunichar c = (*p)[2 * i] | ((*p)[2 * i + 1] << 8);

      if (c != 0)
        g_string_append_unichar (s, c);
    }
  *p += 2 * n;

  return g_string_free (s, FALSE);
}

static guint32
read_u32 (const guint8 **p)
{
  guint32 v = (*p)[0] | ((*p)[1] << 8) | ((*p)[2] << 16) | ((guint32)(*p)[3] << 24);

  *p += 4;
  return v;
}

static guint16
read_u16 (const guint8 **p)
{
  guint16 v = (*p)[0] | ((*p)[1] << 8);

  *p += 2;
  return v;
}

static GArray *
read_u16_array (const guint8 **p)
{
  guint32 n = read_u32 (p);
  GArray *array = g_array_new (FALSE, FALSE, sizeof (guint16));

  for (guint i = 0; i < n; i++)
    {
      guint16 v = read_u16 (p);

      g_array_append_val (array, v);
    }
  return array;
}

static gboolean
u16_array_has (GArray  *array,
               guint16  value)
{
  for (guint i = 0; i < array->len; i++)
    if (g_array_index (array, guint16, i) == value)
      return TRUE;
  return FALSE;
}

typedef struct
{
  guint32  storage;
  guint16  format;
  guint32  size;
  guint32  thumb_size;
  guint32  parent;
  char    *name;
} ObjectInfo;

static void
object_info_clear (ObjectInfo *info)
{
  g_free (info->name);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ObjectInfo, object_info_clear)

static void
get_object_info (Fixture    *f,
                 guint32     handle,
                 ObjectInfo *info)
{
  g_autoptr(GBytes) bytes = get_ok (f, 0x1008, &handle, 1);
  const guint8 *p = g_bytes_get_data (bytes, NULL);

  g_assert_cmpuint (g_bytes_get_size (bytes), >=, 52);
  info->storage = read_u32 (&p);
  info->format = read_u16 (&p);
  read_u16 (&p);
  info->size = read_u32 (&p);
  read_u16 (&p);
  info->thumb_size = read_u32 (&p);
  p += 4 * 5;
  info->parent = read_u32 (&p);
  p += 2 + 4 + 4;
  info->name = read_string (&p);
}

static GArray *
get_handles (Fixture *f,
             guint32  association)
{
  guint32 params[3] = { 0xFFFFFFFF, 0, association };
  g_autoptr(GBytes) bytes = get_ok (f, 0x1007, params, 3);
  const guint8 *p = g_bytes_get_data (bytes, NULL);
  guint32 n = read_u32 (&p);
  GArray *handles = g_array_new (FALSE, FALSE, sizeof (guint32));

  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 4 + 4 * n);
  for (guint i = 0; i < n; i++)
    {
      guint32 h = read_u32 (&p);

      g_array_append_val (handles, h);
    }
  return handles;
}

static gboolean
has_handle (GArray  *handles,
            guint32  handle)
{
  for (guint i = 0; i < handles->len; i++)
    if (g_array_index (handles, guint32, i) == handle)
      return TRUE;
  return FALSE;
}

/* --- downloads: a temporary next to the target, renamed when complete --- */

static gboolean
sink_to_stream (const guint8  *data,
                gsize          length,
                gpointer       user_data,
                GError       **error)
{
  return g_output_stream_write_all (user_data, data, length, NULL, NULL, error);
}

static gboolean
download (Fixture     *f,
          guint32      handle,
          const char  *path,
          GError     **error)
{
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (part);
  g_autoptr(GFileOutputStream) stream = NULL;
  ObjectInfo info = { 0, };
  guint16 rc;

  get_object_info (f, handle, &info);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, error);
  if (stream == NULL)
    return FALSE;
  rc = transaction (f, 0x1009, &handle, 1, sink_to_stream, stream, NULL, error);
  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, rc != 0 ? error : NULL) || rc == 0)
    {
      object_info_clear (&info);
      return FALSE;
    }
  if (rc != PTP_RC_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "GetObject: 0x%04x", rc);
      object_info_clear (&info);
      return FALSE;
    }
  {
    GStatBuf st;

    g_assert_cmpint (g_stat (part, &st), ==, 0);
    g_assert_cmpuint ((guint64)st.st_size, ==, info.size);
  }
  object_info_clear (&info);
  g_assert_cmpint (g_rename (part, path), ==, 0);
  return TRUE;
}

static void
assert_file_equals (const char *path,
                    GBytes     *expected)
{
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_assert_true (g_bytes_equal (bytes, expected));
}

/* --- fixture --- */

static void
open_session (Fixture *f)
{
  guint32 session = 1;
  g_autoptr(GError) error = NULL;

  g_assert_cmphex (transaction (f, 0x1002, &session, 1, NULL, NULL, NULL, &error), ==, PTP_RC_OK);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  libusb_device **devices = NULL;
  libusb_device *camera = NULL;
  struct libusb_config_descriptor *config = NULL;
  const struct libusb_interface_descriptor *alt;
  ssize_t n;

  (void)data;
  f->testbed = umockdev_testbed_new ();
  f->responder = sc_ptp_responder_new (f->testbed, &error);
  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("test-ptp-XXXXXX", &error);
  g_assert_no_error (error);

  g_assert_cmpint (libusb_init (&f->ctx), ==, 0);
  n = libusb_get_device_list (f->ctx, &devices);
  for (ssize_t i = 0; i < n; i++)
    {
      struct libusb_device_descriptor desc;

      g_assert_cmpint (libusb_get_device_descriptor (devices[i], &desc), ==, 0);
      if (desc.idVendor == SC_PTP_RESPONDER_VID && desc.idProduct == SC_PTP_RESPONDER_PID)
        camera = devices[i];
    }
  g_assert_nonnull (camera);
  g_assert_cmpint (libusb_get_bus_number (camera), ==, SC_PTP_RESPONDER_BUS);
  g_assert_cmpint (libusb_get_device_address (camera), ==, SC_PTP_RESPONDER_ADDRESS);

  /* The PTP interface, as a client detects it: class 6/1/1, three endpoints. */
  g_assert_cmpint (libusb_get_active_config_descriptor (camera, &config), ==, 0);
  g_assert_cmpint (config->bNumInterfaces, ==, 1);
  alt = &config->interface[0].altsetting[0];
  g_assert_cmpint (alt->bInterfaceClass, ==, LIBUSB_CLASS_IMAGE);
  g_assert_cmpint (alt->bInterfaceSubClass, ==, 1);
  g_assert_cmpint (alt->bInterfaceProtocol, ==, 1);
  g_assert_cmpint (alt->bNumEndpoints, ==, 3);
  g_assert_cmphex (alt->endpoint[0].bEndpointAddress, ==, SC_PTP_RESPONDER_EP_IN);
  g_assert_cmphex (alt->endpoint[1].bEndpointAddress, ==, SC_PTP_RESPONDER_EP_OUT);
  g_assert_cmphex (alt->endpoint[2].bEndpointAddress, ==, SC_PTP_RESPONDER_EP_EVENT);
  g_assert_cmpint (alt->endpoint[2].bmAttributes & 3, ==, LIBUSB_TRANSFER_TYPE_INTERRUPT);
  libusb_free_config_descriptor (config);

  g_assert_cmpint (libusb_open (camera, &f->handle), ==, 0);
  libusb_free_device_list (devices, TRUE);
  g_assert_cmpint (libusb_claim_interface (f->handle, 0), ==, 0);
  f->tid = 1;
  open_session (f);
  g_assert_true (sc_ptp_responder_has_session (f->responder));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  (void)data;
  if (!sc_ptp_responder_is_gone (f->responder))
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmphex (transaction (f, 0x1003, NULL, 0, NULL, NULL, NULL, &error), ==, PTP_RC_OK);
      g_assert_no_error (error);
      g_assert_false (sc_ptp_responder_has_session (f->responder));
      libusb_release_interface (f->handle, 0);
    }
  libusb_close (f->handle);
  libusb_exit (f->ctx);
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
  g_autoptr(GBytes) bytes = get_ok (f, 0x1001, NULL, 0);
  const guint8 *p = g_bytes_get_data (bytes, NULL);
  g_autoptr(GArray) operations = NULL;
  g_autoptr(GArray) events = NULL;
  g_autoptr(GArray) properties = NULL;
  g_autoptr(GArray) capture = NULL;
  g_autoptr(GArray) image = NULL;
  g_autofree char *extension = NULL;
  g_autofree char *manufacturer = NULL;
  g_autofree char *model = NULL;
  g_autofree char *version = NULL;
  g_autofree char *serial = NULL;
  unsigned char usb_serial[64];
  guint8 battery;

  (void)data;
  g_assert_cmpuint (read_u16 (&p), ==, 100);
  g_assert_cmphex (read_u32 (&p), ==, 6);
  read_u16 (&p);
  extension = read_string (&p);
  read_u16 (&p);
  operations = read_u16_array (&p);
  events = read_u16_array (&p);
  properties = read_u16_array (&p);
  capture = read_u16_array (&p);
  image = read_u16_array (&p);
  manufacturer = read_string (&p);
  model = read_string (&p);
  version = read_string (&p);
  serial = read_string (&p);
  g_assert_cmpuint (p - (const guint8 *)g_bytes_get_data (bytes, NULL), ==, g_bytes_get_size (bytes));

  g_assert_true (g_str_has_prefix (extension, "microsoft.com"));
  g_assert_cmpstr (manufacturer, ==, "Ricoh Company, Ltd.");
  g_assert_cmpstr (model, ==, SC_PTP_RESPONDER_MODEL);
  g_assert_cmpstr (version, ==, "3.82.1");
  /* Compared, never printed: the serial is a personal identifier. */
  g_assert_true (g_str_equal (serial, SC_PTP_RESPONDER_SERIAL));
  g_assert_true (u16_array_has (operations, 0x101B));
  g_assert_true (u16_array_has (operations, 0x100E));
  g_assert_true (u16_array_has (events, 0x4002));
  g_assert_true (u16_array_has (events, 0x400D));
  g_assert_true (u16_array_has (properties, 0x5001));
  g_assert_true (u16_array_has (properties, 0x5011));
  g_assert_true (u16_array_has (capture, 0x3801));
  g_assert_true (u16_array_has (image, 0xB982));

  /* The USB string descriptors say the same. */
  g_assert_cmpint (libusb_get_string_descriptor_ascii (f->handle, 3, usb_serial, sizeof usb_serial), ==,
                   strlen (SC_PTP_RESPONDER_SERIAL));
  g_assert_true (g_str_equal ((char *)usb_serial, SC_PTP_RESPONDER_SERIAL));

  /* Battery (UINT8 range 0…100) and date/time (a string, settable). */
  {
    guint32 code = 0x5001;
    g_autoptr(GBytes) value = get_ok (f, 0x1015, &code, 1);
    g_autoptr(GBytes) desc = get_ok (f, 0x1014, &code, 1);
    const guint8 *d = g_bytes_get_data (desc, NULL);

    g_assert_cmpuint (g_bytes_get_size (value), ==, 1);
    battery = *(const guint8 *)g_bytes_get_data (value, NULL);
    g_assert_cmpuint (battery, <=, 100);
    g_assert_cmphex (read_u16 (&d), ==, 0x5001);
    g_assert_cmphex (read_u16 (&d), ==, 0x0002);
    g_assert_cmpuint (d[2], ==, battery);
    g_assert_cmpuint (d[3], ==, 1);
    g_assert_cmpuint (d[5], ==, 100);
  }
  {
    guint32 code = 0x5011;
    g_autoptr(GBytes) value = get_ok (f, 0x1015, &code, 1);
    const guint8 *v = g_bytes_get_data (value, NULL);
    g_autofree char *date = read_string (&v);

    g_assert_true (g_regex_match_simple ("^\\d{8}T\\d{6}", date, 0, 0));
  }
}

static void
test_storage (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GBytes) ids = get_ok (f, 0x1004, NULL, 0);
  const guint8 *p = g_bytes_get_data (ids, NULL);
  guint32 id;
  g_autoptr(GBytes) info = NULL;
  g_autofree char *description = NULL;
  guint64 capacity, free_space;

  (void)data;
  g_assert_cmpuint (read_u32 (&p), ==, 1);
  id = read_u32 (&p);
  g_assert_cmphex (id, ==, SC_PTP_RESPONDER_STORAGE_ID);

  info = get_ok (f, 0x1005, &id, 1);
  p = g_bytes_get_data (info, NULL);
  g_assert_cmpuint (read_u16 (&p), ==, 3);
  g_assert_cmpuint (read_u16 (&p), ==, 2);
  g_assert_cmpuint (read_u16 (&p), ==, 0);
  capacity = read_u32 (&p);
  capacity |= (guint64)read_u32 (&p) << 32;
  free_space = read_u32 (&p);
  free_space |= (guint64)read_u32 (&p) << 32;
  read_u32 (&p);
  description = read_string (&p);
  g_assert_cmpuint (capacity, >, free_space);
  g_assert_cmpuint (free_space, >, 0);
  g_assert_cmpstr (description, ==, "Internal Storage");
}

static void
test_listing (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GArray) all = get_handles (f, 0);
  g_autoptr(GArray) root = get_handles (f, 0xFFFFFFFF);
  g_autoptr(GArray) folder = get_handles (f, SC_PTP_RESPONDER_HANDLE_FOLDER);
  guint32 big = sc_ptp_responder_get_big_handle (f->responder);
  guint photos = 0;

  (void)data;
  g_assert_cmpuint (all->len, ==, sc_ptp_responder_get_n_objects (f->responder));
  g_assert_cmpuint (root->len, ==, 1);
  g_assert_cmpuint (g_array_index (root, guint32, 0), ==, SC_PTP_RESPONDER_HANDLE_DCIM);
  g_assert_cmpuint (folder->len, ==, SC_PTP_RESPONDER_N_PHOTOS + 1);

  for (guint i = 0; i < all->len; i++)
    {
      guint32 handle = g_array_index (all, guint32, i);
      g_auto(ObjectInfo) info = { 0, };

      get_object_info (f, handle, &info);
      g_assert_cmphex (info.storage, ==, SC_PTP_RESPONDER_STORAGE_ID);
      if (handle == SC_PTP_RESPONDER_HANDLE_DCIM)
        {
          g_assert_cmpstr (info.name, ==, "DCIM");
          g_assert_cmphex (info.format, ==, 0x3001);
          g_assert_cmpuint (info.parent, ==, 0);
        }
      else if (handle == SC_PTP_RESPONDER_HANDLE_FOLDER)
        {
          g_assert_cmpstr (info.name, ==, "100RICOH");
          g_assert_cmpuint (info.parent, ==, SC_PTP_RESPONDER_HANDLE_DCIM);
        }
      else if (handle == big)
        {
          g_assert_cmpstr (info.name, ==, "R0010100.MP4");
          g_assert_cmphex (info.size, ==, 0xFFFFFFFF);
        }
      else
        {
          g_autoptr(GBytes) bytes = sc_ptp_responder_dup_object (f->responder, handle);

          g_assert_true (g_str_has_suffix (info.name, ".JPG"));
          g_assert_cmphex (info.format, ==, 0x3801);
          g_assert_cmpuint (info.parent, ==, SC_PTP_RESPONDER_HANDLE_FOLDER);
          g_assert_cmpuint (info.size, ==, g_bytes_get_size (bytes));
          g_assert_cmpuint (info.thumb_size, >, 0);
          photos++;
        }
    }
  g_assert_cmpuint (photos, ==, SC_PTP_RESPONDER_N_PHOTOS);

  /* The real size of the big one: MTP's ObjectSize property, 64 bits. */
  {
    guint32 params[2] = { big, 0xDC04 };
    g_autoptr(GBytes) size = get_ok (f, 0x9803, params, 2);
    const guint8 *p = g_bytes_get_data (size, NULL);
    guint64 value;

    g_assert_cmpuint (g_bytes_get_size (size), ==, 8);
    value = read_u32 (&p);
    value |= (guint64)read_u32 (&p) << 32;
    g_assert_cmpuint (value, ==, SC_PTP_RESPONDER_BIG_SIZE);
  }
}

static void
test_download (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  (void)data;
  for (guint i = 0; i < SC_PTP_RESPONDER_N_PHOTOS; i++)
    {
      guint32 handle = SC_PTP_RESPONDER_HANDLE_PHOTO + i;
      g_autoptr(GBytes) expected = sc_ptp_responder_dup_object (f->responder, handle);
      g_autofree char *name = g_strdup_printf ("photo%u.jpg", i);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_assert_true (download (f, handle, path, &error));
      g_assert_no_error (error);
      assert_file_equals (path, expected);
    }

  /* Resumed: the first part, then the rest with GetPartialObject. */
  {
    guint32 handle = SC_PTP_RESPONDER_HANDLE_PHOTO;
    g_autoptr(GBytes) expected = sc_ptp_responder_dup_object (f->responder, handle);
    guint32 size = (guint32)g_bytes_get_size (expected);
    guint32 first[3] = { handle, 0, 10000 };
    guint32 rest[3] = { handle, 10000, 0xFFFFFFFF };
    g_autoptr(GByteArray) array = g_byte_array_new ();
    guint32 count[1] = { 0 };
    g_autoptr(GBytes) bytes = NULL;

    g_assert_cmphex (transaction (f, 0x101B, first, 3, sink_to_array, array, count, &error), ==, PTP_RC_OK);
    g_assert_no_error (error);
    g_assert_cmpuint (count[0], ==, 10000);
    g_assert_cmphex (transaction (f, 0x101B, rest, 3, sink_to_array, array, count, &error), ==, PTP_RC_OK);
    g_assert_no_error (error);
    g_assert_cmpuint (count[0], ==, size - 10000);
    bytes = g_byte_array_free_to_bytes (g_steal_pointer (&array));
    g_assert_true (g_bytes_equal (bytes, expected));
  }
}

static void
test_thumbnail (Fixture       *f,
                gconstpointer  data)
{
  guint32 handle = SC_PTP_RESPONDER_HANDLE_PHOTO + 1;
  g_autoptr(GBytes) expected = sc_ptp_responder_dup_thumb (f->responder, handle);
  g_autoptr(GBytes) thumb = get_ok (f, 0x100A, &handle, 1);
  const guint8 *p = g_bytes_get_data (thumb, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) none = NULL;
  guint32 folder = SC_PTP_RESPONDER_HANDLE_FOLDER;

  (void)data;
  g_assert_cmpuint (g_bytes_get_size (thumb), >, 100);
  g_assert_cmphex (p[0], ==, 0xFF);
  g_assert_cmphex (p[1], ==, 0xD8);
  g_assert_true (g_bytes_equal (thumb, expected));

  g_assert_cmphex (transaction_bytes (f, 0x100A, &folder, 1, &none, &error), ==, PTP_RC_NO_THUMBNAIL_PRESENT);
  g_assert_no_error (error);
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  guint32 handle = SC_PTP_RESPONDER_HANDLE_PHOTO + 2;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) handles = NULL;
  g_autoptr(GBytes) none = NULL;

  (void)data;
  g_assert_cmphex (transaction (f, 0x100B, &handle, 1, NULL, NULL, NULL, &error), ==, PTP_RC_OK);
  g_assert_no_error (error);
  g_assert_false (sc_ptp_responder_has_object (f->responder, handle));
  handles = get_handles (f, 0);
  g_assert_false (has_handle (handles, handle));
  g_assert_cmphex (transaction_bytes (f, 0x1008, &handle, 1, &none, &error), ==, PTP_RC_INVALID_OBJECT_HANDLE);
  g_assert_no_error (error);
}

static void
read_event (Fixture *f,
            guint16 *code,
            guint32 *tid,
            guint32 *param)
{
  guint8 event[64];
  int got = 0;

  g_assert_cmpint (libusb_interrupt_transfer (f->handle, SC_PTP_RESPONDER_EP_EVENT, event, sizeof event, &got, TIMEOUT_MS), ==, 0);
  g_assert_cmpint (got, >=, 16);
  g_assert_cmpuint (event[4], ==, 4);
  *code = event[6] | (event[7] << 8);
  *tid = GUINT32_FROM_LE (*(guint32 *)(event + 8));
  *param = GUINT32_FROM_LE (*(guint32 *)(event + 12));
}

static void
test_capture (Fixture       *f,
              gconstpointer  data)
{
  guint32 params[2] = { 0, 0 };
  g_autoptr(GError) error = NULL;
  guint32 capture_tid = f->tid;
  guint16 code;
  guint32 tid, handle, param;
  g_autoptr(GArray) handles = NULL;
  g_auto(ObjectInfo) info = { 0, };
  g_autofree char *path = g_build_filename (f->dir, "capture.jpg", NULL);
  g_autoptr(GBytes) expected = NULL;

  (void)data;
  g_assert_cmphex (transaction (f, 0x100E, params, 2, NULL, NULL, NULL, &error), ==, PTP_RC_OK);
  g_assert_no_error (error);

  read_event (f, &code, &tid, &handle);
  g_assert_cmphex (code, ==, 0x4002);
  g_assert_cmpuint (tid, ==, capture_tid);
  read_event (f, &code, &tid, &param);
  g_assert_cmphex (code, ==, 0x400D);
  g_assert_cmpuint (param, ==, capture_tid);

  handles = get_handles (f, SC_PTP_RESPONDER_HANDLE_FOLDER);
  g_assert_true (has_handle (handles, handle));
  get_object_info (f, handle, &info);
  g_assert_true (g_str_has_suffix (info.name, ".JPG"));
  g_assert_cmpuint (info.parent, ==, SC_PTP_RESPONDER_HANDLE_FOLDER);

  expected = sc_ptp_responder_dup_object (f->responder, handle);
  g_assert_true (download (f, handle, path, &error));
  g_assert_no_error (error);
  assert_file_equals (path, expected);
}

typedef struct
{
  guint64 offset;
  guint8 *expected;
} LazyCheck;

static gboolean
sink_check_lazy (const guint8  *data,
                 gsize          length,
                 gpointer       user_data,
                 GError       **error)
{
  LazyCheck *check = user_data;

  g_assert_cmpuint (length, <=, CHUNK);
  sc_ptp_responder_fill_lazy (check->offset, check->expected, length);
  if (memcmp (data, check->expected, length) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Wrong bytes at %" G_GUINT64_FORMAT, check->offset);
      return FALSE;
    }
  check->offset += length;
  return TRUE;
}

static guint64
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + 6, NULL, 10);
}

static void
test_big_object (Fixture       *f,
                 gconstpointer  data)
{
  guint32 handle = sc_ptp_responder_get_big_handle (f->responder);
  g_autofree guint8 *expected = g_malloc (CHUNK);
  LazyCheck check = { 0, expected };
  g_autoptr(GError) error = NULL;
  guint64 rss_before = peak_rss_kib ();

  (void)data;
  /* The whole object, streamed: the header says 0xFFFFFFFF, the data
   * phase ends with the short packet. Nothing holds more than a chunk. */
  g_assert_cmphex (transaction (f, 0x1009, &handle, 1, sink_check_lazy, &check, NULL, &error), ==, PTP_RC_OK);
  g_assert_no_error (error);
  g_assert_cmpuint (check.offset, ==, SC_PTP_RESPONDER_BIG_SIZE);
  /* Well under the object (ASan keeps up to 256 MiB of freed chunks). */
  g_assert_cmpuint (peak_rss_kib () - rss_before, <, 512 * 1024);

  /* A window of it, 32-bit offsets. */
  {
    guint32 params[3] = { handle, 0xFFFFF000, 8192 };
    guint32 count[1] = { 0 };

    check.offset = 0xFFFFF000;
    g_assert_cmphex (transaction (f, 0x101B, params, 3, sink_check_lazy, &check, count, &error), ==, PTP_RC_OK);
    g_assert_no_error (error);
    g_assert_cmpuint (count[0], ==, 8192);
    g_assert_cmpuint (check.offset, ==, 0xFFFFF000 + G_GUINT64_CONSTANT (8192));
  }
}

/* Get Device Status on EP0: the response code and the halted endpoints. */
static guint16
device_status (Fixture *f,
               guint   *n_halted)
{
  guint8 status[32];
  int r = libusb_control_transfer (f->handle, 0xA1, 0x67, 0, 0, status, sizeof status, TIMEOUT_MS);

  g_assert_cmpint (r, >=, 4);
  g_assert_cmpint (status[0] | (status[1] << 8), ==, r);
  *n_halted = (r - 4) / 4;
  return status[2] | (status[3] << 8);
}

static void
test_fault_stall (Fixture       *f,
                  gconstpointer  data)
{
  guint32 handle = SC_PTP_RESPONDER_HANDLE_PHOTO;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_auto(ObjectInfo) info = { 0, };
  guint n_halted;

  (void)data;
  sc_ptp_responder_set_fault (f->responder, SC_PTP_FAULT_STALL);
  g_assert_cmpuint (transaction_bytes (f, 0x1008, &handle, 1, &bytes, &error), ==, 0);
  g_assert_error (error, usb_error_quark (), LIBUSB_ERROR_PIPE);
  g_assert_null (bytes);

  /* Recovery as the class spec has it: status, clear the halt, go on. */
  g_assert_cmphex (device_status (f, &n_halted), ==, PTP_RC_OK);
  g_assert_cmpuint (n_halted, ==, 1);
  g_assert_cmpint (libusb_clear_halt (f->handle, SC_PTP_RESPONDER_EP_IN), ==, 0);
  g_assert_cmphex (device_status (f, &n_halted), ==, PTP_RC_OK);
  g_assert_cmpuint (n_halted, ==, 0);

  get_object_info (f, handle, &info);
  g_assert_cmpstr (info.name, ==, "R0010001.JPG");
}

static void
test_fault_short_packet (Fixture       *f,
                         gconstpointer  data)
{
  guint32 handle = SC_PTP_RESPONDER_HANDLE_PHOTO;
  g_autofree char *path = g_build_filename (f->dir, "short.jpg", NULL);
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) expected = sc_ptp_responder_dup_object (f->responder, handle);

  (void)data;
  sc_ptp_responder_set_fault (f->responder, SC_PTP_FAULT_SHORT_PACKET);
  g_assert_false (download (f, handle, path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (part, G_FILE_TEST_EXISTS));

  /* The next try works. */
  g_assert_true (download (f, handle, path, &error));
  g_assert_no_error (error);
  assert_file_equals (path, expected);
}

static void
test_fault_wrong_transaction_id (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) ids = NULL;

  (void)data;
  sc_ptp_responder_set_fault (f->responder, SC_PTP_FAULT_WRONG_TRANSACTION_ID);
  g_assert_cmpuint (transaction_bytes (f, 0x1004, NULL, 0, &bytes, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  ids = get_ok (f, 0x1004, NULL, 0);
  g_assert_cmpuint (g_bytes_get_size (ids), ==, 8);
}

static void
test_fault_device_gone (Fixture       *f,
                        gconstpointer  data)
{
  guint32 handle = SC_PTP_RESPONDER_HANDLE_PHOTO + 1;
  g_autofree char *path = g_build_filename (f->dir, "gone.jpg", NULL);
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autofree char *sysfs = g_build_filename (umockdev_testbed_get_root_dir (f->testbed),
                                             sc_ptp_responder_get_sysfs_path (f->responder), NULL);
  g_autoptr(GError) error = NULL;
  guint n_halted;
  guint8 status[8];

  (void)data;
  g_assert_true (g_file_test (sysfs, G_FILE_TEST_IS_DIR));
  sc_ptp_responder_set_fault (f->responder, SC_PTP_FAULT_DEVICE_GONE);
  g_assert_false (download (f, handle, path, &error));
  g_assert_error (error, usb_error_quark (), LIBUSB_ERROR_NO_DEVICE);
  g_assert_true (sc_ptp_responder_is_gone (f->responder));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (part, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (sysfs, G_FILE_TEST_EXISTS));

  /* Gone for good. */
  (void)n_halted;
  g_assert_cmpint (libusb_control_transfer (f->handle, 0xA1, 0x67, 0, 0, status, sizeof status, TIMEOUT_MS),
                   ==, LIBUSB_ERROR_NO_DEVICE);
}

static void
test_fault_store_full (Fixture       *f,
                       gconstpointer  data)
{
  guint32 params[2] = { 0, 0 };
  g_autoptr(GError) error = NULL;
  guint n_before = sc_ptp_responder_get_n_objects (f->responder);
  guint16 code;
  guint32 tid, param;

  (void)data;
  sc_ptp_responder_set_fault (f->responder, SC_PTP_FAULT_STORE_FULL);
  g_assert_cmphex (transaction (f, 0x100E, params, 2, NULL, NULL, NULL, &error), ==, PTP_RC_STORE_FULL);
  g_assert_no_error (error);
  read_event (f, &code, &tid, &param);
  g_assert_cmphex (code, ==, 0x400A);
  g_assert_cmphex (param, ==, SC_PTP_RESPONDER_STORAGE_ID);
  g_assert_cmpuint (sc_ptp_responder_get_n_objects (f->responder), ==, n_before);

  /* Room again: the capture works. */
  sc_ptp_responder_set_fault (f->responder, SC_PTP_FAULT_NONE);
  g_assert_cmphex (transaction (f, 0x100E, params, 2, NULL, NULL, NULL, &error), ==, PTP_RC_OK);
  g_assert_no_error (error);
  read_event (f, &code, &tid, &param);
  g_assert_cmphex (code, ==, 0x4002);
  read_event (f, &code, &tid, &param);
  g_assert_cmphex (code, ==, 0x400D);
  g_assert_cmpuint (sc_ptp_responder_get_n_objects (f->responder), ==, n_before + 1);
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

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/ptp-camera/device-info", test_device_info);
  ADD ("/ptp-camera/storage", test_storage);
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

#undef ADD

  return g_test_run ();
}
