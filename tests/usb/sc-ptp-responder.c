/* sc-ptp-responder.c: an emulated RICOH THETA V on USB for tests
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the usbdevfs ioctls are answered (libusb's tests/umockdev.c shows the
 * mechanics): USBDEVFS_SUBMITURB hands us a struct usbdevfs_urb in the
 * client's memory; we resolve it and its buffer into local copies, keep
 * both, and complete the ioctl at once. An OUT URB is consumed when it is
 * submitted; an IN URB waits in a queue until the device has something to
 * send (a data or response container on the bulk pipe, an event on the
 * interrupt pipe), is then filled, and moves to the queue of finished URBs
 * that USBDEVFS_REAPURB(NDELAY) hands back (umockdev writes the local copies
 * back into the client's memory when that ioctl completes).
 *
 * The bulk IN pipe is modelled packet-exactly enough for PTP: a container
 * fills as many URBs as it needs; the URB that takes its end finishes
 * there (a short packet), and a container whose length is a multiple of
 * wMaxPacketSize that ends exactly at the end of a URB is followed by a
 * zero-length packet, which the next URB receives.
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <linux/usb/ch9.h>

#include <gst/gst.h>

#include "emu-render.h"
#include "sc-ptp-responder.h"

#define MAX_PACKET       512
#define EVENT_PACKET     64

/* PTP (PROTOCOLS.md §2) */
#define PTP_CONTAINER_COMMAND  1
#define PTP_CONTAINER_DATA     2
#define PTP_CONTAINER_RESPONSE 3
#define PTP_CONTAINER_EVENT    4

#define PTP_OC_GET_DEVICE_INFO        0x1001
#define PTP_OC_OPEN_SESSION           0x1002
#define PTP_OC_CLOSE_SESSION          0x1003
#define PTP_OC_GET_STORAGE_IDS        0x1004
#define PTP_OC_GET_STORAGE_INFO       0x1005
#define PTP_OC_GET_NUM_OBJECTS        0x1006
#define PTP_OC_GET_OBJECT_HANDLES     0x1007
#define PTP_OC_GET_OBJECT_INFO        0x1008
#define PTP_OC_GET_OBJECT             0x1009
#define PTP_OC_GET_THUMB              0x100A
#define PTP_OC_DELETE_OBJECT          0x100B
#define PTP_OC_INITIATE_CAPTURE       0x100E
#define PTP_OC_GET_DEVICE_PROP_DESC   0x1014
#define PTP_OC_GET_DEVICE_PROP_VALUE  0x1015
#define PTP_OC_SET_DEVICE_PROP_VALUE  0x1016
#define PTP_OC_GET_PARTIAL_OBJECT     0x101B
#define MTP_OC_GET_OBJECT_PROP_VALUE  0x9803

#define PTP_RC_OK                        0x2001
#define PTP_RC_GENERAL_ERROR             0x2002
#define PTP_RC_SESSION_NOT_OPEN          0x2003
#define PTP_RC_OPERATION_NOT_SUPPORTED   0x2005
#define PTP_RC_PARAMETER_NOT_SUPPORTED   0x2006
#define PTP_RC_INCOMPLETE_TRANSFER       0x2007
#define PTP_RC_INVALID_STORAGE_ID        0x2008
#define PTP_RC_INVALID_OBJECT_HANDLE     0x2009
#define PTP_RC_DEVICE_PROP_NOT_SUPPORTED 0x200A
#define PTP_RC_STORE_FULL                0x200C
#define PTP_RC_NO_THUMBNAIL_PRESENT      0x2010
#define PTP_RC_INVALID_PARAMETER         0x201D
#define PTP_RC_SESSION_ALREADY_OPEN      0x201E

#define PTP_EC_OBJECT_ADDED      0x4002
#define PTP_EC_STORE_FULL        0x400A
#define PTP_EC_CAPTURE_COMPLETE  0x400D

#define PTP_OFC_ASSOCIATION 0x3001
#define PTP_OFC_EXIF_JPEG   0x3801
#define MTP_OFC_MP4         0xB982

#define PTP_DPC_BATTERY_LEVEL 0x5001
#define PTP_DPC_DATE_TIME     0x5011
#define MTP_OPC_OBJECT_SIZE   0xDC04
#define MTP_OPC_FILE_NAME     0xDC07

/* class requests on EP0 (§2.8) */
#define PTP_REQ_CANCEL            0x64
#define PTP_REQ_GET_EXT_EVENT     0x65
#define PTP_REQ_DEVICE_RESET      0x66
#define PTP_REQ_GET_DEVICE_STATUS 0x67

#define PHOTO_WIDTH  1024
#define PHOTO_HEIGHT 512
#define THUMB_WIDTH  160

typedef struct
{
  guint32  handle;
  guint32  parent;
  guint16  format;
  char    *name;
  GBytes  *data;     /* NULL for folders and the lazy object */
  GBytes  *thumb;
  guint64  size;
  gboolean lazy;
} PtpObject;

/* One container the device sends on the bulk IN pipe. */
typedef struct
{
  guint8   header[12];
  GBytes  *payload;      /* or the lazy object from lazy_offset */
  gboolean lazy;
  guint64  lazy_offset;
  guint64  total;        /* bytes the device sends: header + payload (cut by a fault) */
  guint64  pos;
  guint64  gone_at;      /* device-gone fault: vanish at this position; 0: never */
  gboolean zlp_pending;
} InContainer;

/* A submitted URB and its buffer, resolved into local copies. */
typedef struct
{
  UMockdevIoctlData *urb_data;
  UMockdevIoctlData *buffer_data;
} Urb;

struct _ScPtpResponder
{
  GObject            parent_instance;

  UMockdevTestbed   *testbed;
  UMockdevIoctlBase *handler;
  char              *sysfs_path;

  GMutex             lock;

  /* URBs */
  GQueue             pending_in;      /* Urb*: bulk IN URBs waiting for data */
  GQueue             pending_event;   /* Urb*: interrupt IN URBs waiting for events */
  GQueue             reapable;        /* Urb*: finished, for REAPURB */

  /* pipes */
  GByteArray        *out;             /* bulk OUT bytes not yet a whole container */
  GQueue             in_queue;        /* InContainer* */
  GQueue             events;          /* GBytes* */
  gboolean           halted_in;
  gboolean           halted_out;
  gboolean           gone;
  gboolean           claim_busy;      /* another program has the interface */

  /* PTP state */
  guint32            session_id;
  guint8             pending_command[32];   /* a command waiting for its data phase */
  gboolean           has_pending_command;
  GPtrArray         *objects;         /* PtpObject* */
  guint32            next_handle;
  guint32            big_handle;
  guint              photo_counter;
  char              *date_time;
  ScPtpFault         fault;
};

G_DEFINE_FINAL_TYPE (ScPtpResponder, sc_ptp_responder, G_TYPE_OBJECT)

/* --- media, rendered once per process --- */

typedef struct
{
  GBytes *jpegs[SC_PTP_RESPONDER_N_PHOTOS + 1];   /* the last one is for captures */
  GBytes *thumbs[SC_PTP_RESPONDER_N_PHOTOS + 1];
} Media;

static gpointer
render_media (gpointer data)
{
  Media *media = g_new0 (Media, 1);
  g_autoptr(GError) error = NULL;
  const ScEmuImage *scene;
  g_autoptr(ScEmuRigMap) map = NULL;
  ScEmuRig rig;

  gst_init (NULL, NULL);      /* the JPEG codec is GStreamer's */
  sc_emu_scene_set_path (SC_TEST_SCENE);
  scene = sc_emu_scene_get (&error);
  if (scene == NULL)
    g_error ("The emulator's scene cannot be loaded: %s", error->message);

  sc_emu_rig_init (&rig, PHOTO_WIDTH, PHOTO_HEIGHT);
  map = sc_emu_rig_map_get (&rig, scene);
  for (guint i = 0; i < G_N_ELEMENTS (media->jpegs); i++)
    {
      g_autoptr(ScEmuImage) image = sc_emu_image_new (PHOTO_WIDTH, PHOTO_HEIGHT);
      g_autoptr(ScEmuImage) small = NULL;

      sc_emu_rig_map_render (map, scene, 45.0 * i, image);
      media->jpegs[i] = sc_emu_image_encode_jpeg (image, 85, &error);
      g_assert_no_error (error);
      small = sc_emu_image_downscale (image, THUMB_WIDTH, THUMB_WIDTH * PHOTO_HEIGHT / PHOTO_WIDTH);
      media->thumbs[i] = sc_emu_image_encode_jpeg (small, 80, &error);
      g_assert_no_error (error);
    }

  return media;
}

static const Media *
get_media (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, render_media, NULL);
}

/* The lazy object's bytes: little-endian 64-bit words, word i = i·φ64. */
void
sc_ptp_responder_fill_lazy (guint64  offset,
                            guint8  *buffer,
                            gsize    length)
{
  while (length > 0)
    {
      guint64 word = (offset / 8) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
      guint skip = offset % 8;
      guint8 bytes[8];
      gsize n;

      if (skip == 0 && length >= 8)
        {
          word = GUINT64_TO_LE (word);
          memcpy (buffer, &word, 8);
          buffer += 8;
          offset += 8;
          length -= 8;
          continue;
        }

      for (guint i = 0; i < 8; i++)
        bytes[i] = (word >> (8 * i)) & 0xff;
      n = MIN (length, (gsize)(8 - skip));
      memcpy (buffer, bytes + skip, n);
      buffer += n;
      offset += n;
      length -= n;
    }
}

static void
ptp_object_free (PtpObject *object)
{
  g_free (object->name);
  g_clear_pointer (&object->data, g_bytes_unref);
  g_clear_pointer (&object->thumb, g_bytes_unref);
  g_free (object);
}

static PtpObject *
add_object (ScPtpResponder *self,
            guint32         parent,
            guint16         format,
            const char     *name,
            GBytes         *data,
            GBytes         *thumb)
{
  PtpObject *object = g_new0 (PtpObject, 1);

  object->handle = self->next_handle++;
  object->parent = parent;
  object->format = format;
  object->name = g_strdup (name);
  object->data = data != NULL ? g_bytes_ref (data) : NULL;
  object->thumb = thumb != NULL ? g_bytes_ref (thumb) : NULL;
  object->size = data != NULL ? g_bytes_get_size (data) : 0;
  g_ptr_array_add (self->objects, object);

  return object;
}

static PtpObject *
find_object (ScPtpResponder *self,
             guint32         handle)
{
  for (guint i = 0; i < self->objects->len; i++)
    {
      PtpObject *object = g_ptr_array_index (self->objects, i);

      if (object->handle == handle)
        return object;
    }

  return NULL;
}

/* --- containers --- */

static void
put_u16 (GByteArray *array,
         guint16     value)
{
  guint8 b[2] = { value & 0xff, value >> 8 };

  g_byte_array_append (array, b, 2);
}

static void
put_u32 (GByteArray *array,
         guint32     value)
{
  guint8 b[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };

  g_byte_array_append (array, b, 4);
}

static void
put_u64 (GByteArray *array,
         guint64     value)
{
  put_u32 (array, value & 0xffffffff);
  put_u32 (array, value >> 32);
}

static void
put_string (GByteArray *array,
            const char *string)
{
  g_autofree gunichar2 *utf16 = NULL;
  glong n = 0;
  guint8 count;

  if (string == NULL || *string == '\0')
    {
      guint8 zero = 0;

      g_byte_array_append (array, &zero, 1);
      return;
    }

  utf16 = g_utf8_to_utf16 (string, -1, NULL, &n, NULL);
  n = MIN (n, 254);
  count = (guint8)(n + 1);
  g_byte_array_append (array, &count, 1);
  for (glong i = 0; i < n; i++)
    put_u16 (array, utf16[i]);
  put_u16 (array, 0);
}

static void
put_u16_array (GByteArray    *array,
               const guint16 *values,
               guint          n)
{
  put_u32 (array, n);
  for (guint i = 0; i < n; i++)
    put_u16 (array, values[i]);
}

static guint16
get_u16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static guint32
get_u32 (const guint8 *p)
{
  return (guint32)p[0] | ((guint32)p[1] << 8) | ((guint32)p[2] << 16) | ((guint32)p[3] << 24);
}

static void
set_header (guint8  header[12],
            guint32 length,
            guint16 type,
            guint16 code,
            guint32 tid)
{
  header[0] = length & 0xff;
  header[1] = (length >> 8) & 0xff;
  header[2] = (length >> 16) & 0xff;
  header[3] = length >> 24;
  header[4] = type & 0xff;
  header[5] = type >> 8;
  header[6] = code & 0xff;
  header[7] = code >> 8;
  header[8] = tid & 0xff;
  header[9] = (tid >> 8) & 0xff;
  header[10] = (tid >> 16) & 0xff;
  header[11] = tid >> 24;
}

static void
in_container_free (InContainer *container)
{
  g_clear_pointer (&container->payload, g_bytes_unref);
  g_free (container);
}

static InContainer *
queue_in (ScPtpResponder *self,
          guint16         type,
          guint16         code,
          guint32         tid,
          GBytes         *payload)
{
  InContainer *container = g_new0 (InContainer, 1);
  gsize size = payload != NULL ? g_bytes_get_size (payload) : 0;

  set_header (container->header, (guint32)(12 + size), type, code, tid);
  container->payload = payload != NULL ? g_bytes_ref (payload) : NULL;
  container->total = 12 + size;
  g_queue_push_tail (&self->in_queue, container);

  return container;
}

static void
queue_response (ScPtpResponder *self,
                guint16         code,
                guint32         tid,
                const guint32  *params,
                guint           n_params)
{
  g_autoptr(GByteArray) array = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;

  if (self->fault == SC_PTP_FAULT_WRONG_TRANSACTION_ID)
    {
      tid += 0x100;
      self->fault = SC_PTP_FAULT_NONE;
    }
  for (guint i = 0; i < n_params; i++)
    put_u32 (array, params[i]);
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&array));
  queue_in (self, PTP_CONTAINER_RESPONSE, code, tid, bytes);
}

static void
queue_event (ScPtpResponder *self,
             guint16         code,
             guint32         tid,
             guint32         param)
{
  guint8 event[16];

  set_header (event, sizeof event, PTP_CONTAINER_EVENT, code, tid);
  event[12] = param & 0xff;
  event[13] = (param >> 8) & 0xff;
  event[14] = (param >> 16) & 0xff;
  event[15] = param >> 24;
  g_queue_push_tail (&self->events, g_bytes_new (event, sizeof event));
}

/* Queues a data phase of @count bytes, from @payload or (@lazy) from the
 * lazy object at @lazy_offset; applies the faults that strike data phases. */
static InContainer *
queue_data_full (ScPtpResponder *self,
                 guint16         code,
                 guint32         tid,
                 GBytes         *payload,
                 gboolean        lazy,
                 guint64         lazy_offset,
                 guint64         count,
                 gboolean       *incomplete)
{
  InContainer *container = g_new0 (InContainer, 1);
  guint64 length = 12 + count;

  /* Past 4 GiB the length field says "unknown": read to the short packet. */
  set_header (container->header, length >= G_MAXUINT32 ? G_MAXUINT32 : (guint32)length,
              PTP_CONTAINER_DATA, code, tid);
  container->payload = payload != NULL ? g_bytes_ref (payload) : NULL;
  container->lazy = lazy;
  container->lazy_offset = lazy_offset;
  container->total = length;
  g_queue_push_tail (&self->in_queue, container);

  if (self->fault == SC_PTP_FAULT_SHORT_PACKET && container->total > 2 * MAX_PACKET)
    {
      /* Stop in the middle of a packet: the transfer that gets the end
       * comes back short, well before the length in the header. */
      container->total = (container->total / 2) / MAX_PACKET * MAX_PACKET + 100;
      self->fault = SC_PTP_FAULT_NONE;
      *incomplete = TRUE;
    }
  else if (self->fault == SC_PTP_FAULT_DEVICE_GONE && container->total > 2 * MAX_PACKET)
    {
      container->gone_at = MAX (container->total / 2, 1);
      self->fault = SC_PTP_FAULT_NONE;
    }

  return container;
}

static void
queue_data (ScPtpResponder *self,
            guint16         code,
            guint32         tid,
            GBytes         *payload,
            gboolean       *incomplete)
{
  queue_data_full (self, code, tid, payload, FALSE, 0, g_bytes_get_size (payload), incomplete);
}

static GBytes *
byte_array_to_bytes (GByteArray *array)
{
  return g_byte_array_free_to_bytes (array);
}

static GBytes *
device_info (ScPtpResponder *self)
{
  static const guint16 operations[] = {
    PTP_OC_GET_DEVICE_INFO, PTP_OC_OPEN_SESSION, PTP_OC_CLOSE_SESSION,
    PTP_OC_GET_STORAGE_IDS, PTP_OC_GET_STORAGE_INFO, PTP_OC_GET_NUM_OBJECTS,
    PTP_OC_GET_OBJECT_HANDLES, PTP_OC_GET_OBJECT_INFO, PTP_OC_GET_OBJECT,
    PTP_OC_GET_THUMB, PTP_OC_DELETE_OBJECT, PTP_OC_INITIATE_CAPTURE,
    PTP_OC_GET_DEVICE_PROP_DESC, PTP_OC_GET_DEVICE_PROP_VALUE,
    PTP_OC_SET_DEVICE_PROP_VALUE, PTP_OC_GET_PARTIAL_OBJECT,
    MTP_OC_GET_OBJECT_PROP_VALUE,
  };
  static const guint16 events[] = {
    PTP_EC_OBJECT_ADDED, 0x4006, 0x4008, PTP_EC_STORE_FULL, 0x400C, PTP_EC_CAPTURE_COMPLETE,
  };
  static const guint16 properties[] = { PTP_DPC_BATTERY_LEVEL, PTP_DPC_DATE_TIME };
  static const guint16 capture_formats[] = { PTP_OFC_EXIF_JPEG };
  static const guint16 image_formats[] = { PTP_OFC_ASSOCIATION, PTP_OFC_EXIF_JPEG, MTP_OFC_MP4 };
  GByteArray *array = g_byte_array_new ();

  (void)self;
  put_u16 (array, 100);
  put_u32 (array, 0x00000006);                  /* Microsoft: MTP */
  put_u16 (array, 110);
  put_string (array, "microsoft.com: 1.0;");
  put_u16 (array, 0);
  put_u16_array (array, operations, G_N_ELEMENTS (operations));
  put_u16_array (array, events, G_N_ELEMENTS (events));
  put_u16_array (array, properties, G_N_ELEMENTS (properties));
  put_u16_array (array, capture_formats, G_N_ELEMENTS (capture_formats));
  put_u16_array (array, image_formats, G_N_ELEMENTS (image_formats));
  put_string (array, "Ricoh Company, Ltd.");
  put_string (array, SC_PTP_RESPONDER_MODEL);
  put_string (array, "3.82.1");
  put_string (array, SC_PTP_RESPONDER_SERIAL);

  return byte_array_to_bytes (array);
}

static GBytes *
storage_info (ScPtpResponder *self)
{
  GByteArray *array = g_byte_array_new ();
  guint64 capacity = G_GUINT64_CONSTANT (19) * 1024 * 1024 * 1024;
  guint64 used = 0;

  for (guint i = 0; i < self->objects->len; i++)
    {
      PtpObject *object = g_ptr_array_index (self->objects, i);

      used += object->lazy ? SC_PTP_RESPONDER_BIG_SIZE : object->size;
    }

  put_u16 (array, 3);              /* FixedRAM */
  put_u16 (array, 2);              /* hierarchical */
  put_u16 (array, 0);              /* read-write */
  put_u64 (array, capacity);
  put_u64 (array, self->fault == SC_PTP_FAULT_STORE_FULL ? 0 : capacity - used);
  put_u32 (array, self->fault == SC_PTP_FAULT_STORE_FULL ? 0 : 4000);
  put_string (array, "Internal Storage");
  put_string (array, "");

  return byte_array_to_bytes (array);
}

static GBytes *
object_info (PtpObject *object)
{
  GByteArray *array = g_byte_array_new ();
  gboolean photo = object->format == PTP_OFC_EXIF_JPEG;

  put_u32 (array, SC_PTP_RESPONDER_STORAGE_ID);
  put_u16 (array, object->format);
  put_u16 (array, 0);
  put_u32 (array, object->size >= G_MAXUINT32 ? G_MAXUINT32 : (guint32)object->size);
  put_u16 (array, photo ? PTP_OFC_EXIF_JPEG : 0);
  put_u32 (array, object->thumb != NULL ? (guint32)g_bytes_get_size (object->thumb) : 0);
  put_u32 (array, photo ? THUMB_WIDTH : 0);
  put_u32 (array, photo ? THUMB_WIDTH * PHOTO_HEIGHT / PHOTO_WIDTH : 0);
  put_u32 (array, photo ? PHOTO_WIDTH : (object->lazy ? 3840 : 0));
  put_u32 (array, photo ? PHOTO_HEIGHT : (object->lazy ? 1920 : 0));
  put_u32 (array, photo ? 24 : 0);
  put_u32 (array, object->parent);
  put_u16 (array, object->format == PTP_OFC_ASSOCIATION ? 1 : 0);
  put_u32 (array, 0);
  put_u32 (array, 0);
  put_string (array, object->name);
  put_string (array, "20260417T093000");
  put_string (array, "20260417T093000");
  put_string (array, "");

  return byte_array_to_bytes (array);
}

static GBytes *
prop_value (ScPtpResponder *self,
            guint16         code,
            gboolean        desc)
{
  GByteArray *array = g_byte_array_new ();

  if (code == PTP_DPC_BATTERY_LEVEL)
    {
      guint8 level = 87, factory = 100, range[3] = { 0, 100, 1 }, form = 1;

      if (!desc)
        {
          g_byte_array_append (array, &level, 1);
          return byte_array_to_bytes (array);
        }
      put_u16 (array, code);
      put_u16 (array, 0x0002);     /* UINT8 */
      g_byte_array_append (array, (guint8[]) { 0 }, 1);
      g_byte_array_append (array, &factory, 1);
      g_byte_array_append (array, &level, 1);
      g_byte_array_append (array, &form, 1);
      g_byte_array_append (array, range, 3);
    }
  else
    {
      if (!desc)
        {
          put_string (array, self->date_time);
          return byte_array_to_bytes (array);
        }
      put_u16 (array, code);
      put_u16 (array, 0xFFFF);     /* STR */
      g_byte_array_append (array, (guint8[]) { 1 }, 1);
      put_string (array, "");
      put_string (array, self->date_time);
      g_byte_array_append (array, (guint8[]) { 0 }, 1);
    }

  return byte_array_to_bytes (array);
}

static char *
parse_string (const guint8 *data,
              gsize         length)
{
  guint n;
  g_autofree gunichar2 *utf16 = NULL;

  if (length < 1 || data[0] == 0)
    return g_strdup ("");
  n = data[0];
  if (length < 1 + 2 * (gsize)n)
    return NULL;
  utf16 = g_new0 (gunichar2, n + 1);
  for (guint i = 0; i < n; i++)
    utf16[i] = get_u16 (data + 1 + 2 * i);

  return g_utf16_to_utf8 (utf16, -1, NULL, NULL, NULL);
}

/* Runs one operation: queues its data phase (if any) and its response. */
static void
run_operation (ScPtpResponder *self,
               const guint8   *command,
               const guint8   *data,
               gsize           data_length)
{
  guint32 length = get_u32 (command);
  guint16 code = get_u16 (command + 6);
  guint32 tid = get_u32 (command + 8);
  guint32 p[5] = { 0, };
  guint n_params = MIN ((length - 12) / 4, 5);
  guint16 rc = PTP_RC_OK;
  guint32 out_params[1];
  guint n_out = 0;
  gboolean incomplete = FALSE;
  PtpObject *object = NULL;

  for (guint i = 0; i < n_params; i++)
    p[i] = get_u32 (command + 12 + 4 * i);

  if (code != PTP_OC_GET_DEVICE_INFO && code != PTP_OC_OPEN_SESSION && self->session_id == 0)
    {
      queue_response (self, PTP_RC_SESSION_NOT_OPEN, tid, NULL, 0);
      return;
    }

  switch (code)
    {
    case PTP_OC_GET_DEVICE_INFO:
      {
        g_autoptr(GBytes) bytes = device_info (self);

        queue_data (self, code, tid, bytes, &incomplete);
      }
      break;

    case PTP_OC_OPEN_SESSION:
      if (p[0] == 0)
        rc = PTP_RC_INVALID_PARAMETER;
      else if (self->session_id != 0)
        {
          rc = PTP_RC_SESSION_ALREADY_OPEN;
          out_params[n_out++] = self->session_id;
        }
      else
        self->session_id = p[0];
      break;

    case PTP_OC_CLOSE_SESSION:
      self->session_id = 0;
      break;

    case PTP_OC_GET_STORAGE_IDS:
      {
        GByteArray *array = g_byte_array_new ();
        g_autoptr(GBytes) bytes = NULL;

        put_u32 (array, 1);
        put_u32 (array, SC_PTP_RESPONDER_STORAGE_ID);
        bytes = byte_array_to_bytes (array);
        queue_data (self, code, tid, bytes, &incomplete);
      }
      break;

    case PTP_OC_GET_STORAGE_INFO:
      if (p[0] != SC_PTP_RESPONDER_STORAGE_ID)
        rc = PTP_RC_INVALID_STORAGE_ID;
      else
        {
          g_autoptr(GBytes) bytes = storage_info (self);

          queue_data (self, code, tid, bytes, &incomplete);
        }
      break;

    case PTP_OC_GET_NUM_OBJECTS:
    case PTP_OC_GET_OBJECT_HANDLES:
      if (p[0] != SC_PTP_RESPONDER_STORAGE_ID && p[0] != 0xFFFFFFFF)
        rc = PTP_RC_INVALID_STORAGE_ID;
      else
        {
          g_autoptr(GArray) handles = g_array_new (FALSE, FALSE, sizeof (guint32));

          for (guint i = 0; i < self->objects->len; i++)
            {
              PtpObject *o = g_ptr_array_index (self->objects, i);

              if (p[1] != 0 && o->format != p[1])
                continue;
              if (p[2] == 0xFFFFFFFF && o->parent != 0)
                continue;
              if (p[2] != 0 && p[2] != 0xFFFFFFFF && o->parent != p[2])
                continue;
              g_array_append_val (handles, o->handle);
            }

          if (code == PTP_OC_GET_NUM_OBJECTS)
            out_params[n_out++] = handles->len;
          else
            {
              GByteArray *array = g_byte_array_new ();
              g_autoptr(GBytes) bytes = NULL;

              put_u32 (array, handles->len);
              for (guint i = 0; i < handles->len; i++)
                put_u32 (array, g_array_index (handles, guint32, i));
              bytes = byte_array_to_bytes (array);
              queue_data (self, code, tid, bytes, &incomplete);
            }
        }
      break;

    case PTP_OC_GET_OBJECT_INFO:
      if ((object = find_object (self, p[0])) == NULL)
        rc = PTP_RC_INVALID_OBJECT_HANDLE;
      else
        {
          g_autoptr(GBytes) bytes = object_info (object);

          queue_data (self, code, tid, bytes, &incomplete);
        }
      break;

    case PTP_OC_GET_OBJECT:
    case PTP_OC_GET_PARTIAL_OBJECT:
      if ((object = find_object (self, p[0])) == NULL)
        rc = PTP_RC_INVALID_OBJECT_HANDLE;
      else if (object->format == PTP_OFC_ASSOCIATION)
        rc = PTP_RC_INVALID_OBJECT_HANDLE;
      else
        {
          guint64 offset = 0, count = object->size;

          if (code == PTP_OC_GET_PARTIAL_OBJECT)
            {
              offset = MIN ((guint64)p[1], object->size);
              count = MIN ((guint64)p[2], object->size - offset);
              out_params[n_out++] = (guint32)count;
            }

          if (object->lazy)
            queue_data_full (self, code, tid, NULL, TRUE, offset, count, &incomplete);
          else
            {
              g_autoptr(GBytes) slice = g_bytes_new_from_bytes (object->data, offset, count);

              queue_data (self, code, tid, slice, &incomplete);
            }
        }
      break;

    case PTP_OC_GET_THUMB:
      if ((object = find_object (self, p[0])) == NULL)
        rc = PTP_RC_INVALID_OBJECT_HANDLE;
      else if (object->thumb == NULL)
        rc = PTP_RC_NO_THUMBNAIL_PRESENT;
      else
        queue_data (self, code, tid, object->thumb, &incomplete);
      break;

    case PTP_OC_DELETE_OBJECT:
      if ((object = find_object (self, p[0])) == NULL)
        rc = PTP_RC_INVALID_OBJECT_HANDLE;
      else
        g_ptr_array_remove (self->objects, object);
      break;

    case PTP_OC_INITIATE_CAPTURE:
      if (self->fault == SC_PTP_FAULT_STORE_FULL)
        {
          rc = PTP_RC_STORE_FULL;
          queue_event (self, PTP_EC_STORE_FULL, tid, SC_PTP_RESPONDER_STORAGE_ID);
        }
      else
        {
          const Media *media = get_media ();
          g_autofree char *name = g_strdup_printf ("R00100%02u.JPG", 10 + self->photo_counter++);

          object = add_object (self, SC_PTP_RESPONDER_HANDLE_FOLDER, PTP_OFC_EXIF_JPEG, name,
                               media->jpegs[SC_PTP_RESPONDER_N_PHOTOS],
                               media->thumbs[SC_PTP_RESPONDER_N_PHOTOS]);
          queue_event (self, PTP_EC_OBJECT_ADDED, tid, object->handle);
          queue_event (self, PTP_EC_CAPTURE_COMPLETE, tid, tid);
        }
      break;

    case PTP_OC_GET_DEVICE_PROP_DESC:
    case PTP_OC_GET_DEVICE_PROP_VALUE:
      if (p[0] != PTP_DPC_BATTERY_LEVEL && p[0] != PTP_DPC_DATE_TIME)
        rc = PTP_RC_DEVICE_PROP_NOT_SUPPORTED;
      else
        {
          g_autoptr(GBytes) bytes = prop_value (self, (guint16)p[0], code == PTP_OC_GET_DEVICE_PROP_DESC);

          queue_data (self, code, tid, bytes, &incomplete);
        }
      break;

    case PTP_OC_SET_DEVICE_PROP_VALUE:
      if (p[0] != PTP_DPC_DATE_TIME)
        rc = p[0] == PTP_DPC_BATTERY_LEVEL ? PTP_RC_PARAMETER_NOT_SUPPORTED
                                          : PTP_RC_DEVICE_PROP_NOT_SUPPORTED;
      else
        {
          char *value = parse_string (data, data_length);

          if (value == NULL)
            rc = PTP_RC_GENERAL_ERROR;
          else
            {
              g_free (self->date_time);
              self->date_time = value;
            }
        }
      break;

    case MTP_OC_GET_OBJECT_PROP_VALUE:
      if ((object = find_object (self, p[0])) == NULL)
        rc = PTP_RC_INVALID_OBJECT_HANDLE;
      else if (p[1] != MTP_OPC_OBJECT_SIZE && p[1] != MTP_OPC_FILE_NAME)
        rc = PTP_RC_PARAMETER_NOT_SUPPORTED;
      else
        {
          GByteArray *array = g_byte_array_new ();
          g_autoptr(GBytes) bytes = NULL;

          if (p[1] == MTP_OPC_OBJECT_SIZE)
            put_u64 (array, object->size);
          else
            put_string (array, object->name);
          bytes = byte_array_to_bytes (array);
          queue_data (self, code, tid, bytes, &incomplete);
        }
      break;

    default:
      rc = PTP_RC_OPERATION_NOT_SUPPORTED;
      break;
    }

  if (incomplete)
    queue_response (self, PTP_RC_INCOMPLETE_TRANSFER, tid, NULL, 0);
  else
    queue_response (self, rc, tid, out_params, n_out);
}

/* Bulk OUT bytes: whole containers are run. */
static void
consume_out (ScPtpResponder *self,
             const guint8   *data,
             gsize           length)
{
  g_byte_array_append (self->out, data, (guint)length);

  while (self->out->len >= 12)
    {
      guint32 clen = get_u32 (self->out->data);
      guint16 type = get_u16 (self->out->data + 4);

      if (clen < 12)
        clen = self->out->len;           /* garbage: drop what we have */
      if (self->out->len < clen)
        return;

      if (type == PTP_CONTAINER_COMMAND)
        {
          guint16 code = get_u16 (self->out->data + 6);

          if (code == PTP_OC_SET_DEVICE_PROP_VALUE)
            {
              memset (self->pending_command, 0, sizeof self->pending_command);
              memcpy (self->pending_command, self->out->data, MIN (clen, sizeof self->pending_command));
              self->has_pending_command = TRUE;
            }
          else if (clen <= 32)
            run_operation (self, self->out->data, NULL, 0);
        }
      else if (type == PTP_CONTAINER_DATA && self->has_pending_command)
        {
          self->has_pending_command = FALSE;
          run_operation (self, self->pending_command, self->out->data + 12, clen - 12);
        }

      g_byte_array_remove_range (self->out, 0, clen);
    }
}

/* --- URBs --- */

static void
urb_free (Urb *urb)
{
  g_clear_object (&urb->buffer_data);
  g_clear_object (&urb->urb_data);
  g_free (urb);
}

static struct usbdevfs_urb *
urb_struct (Urb *urb)
{
  return (struct usbdevfs_urb *)urb->urb_data->data;
}

static guint8 *
urb_buffer (Urb *urb)
{
  return urb->buffer_data != NULL ? urb->buffer_data->data : NULL;
}

static void
finish_urb (ScPtpResponder *self,
            Urb            *urb,
            int             status,
            int             actual_length)
{
  urb_struct (urb)->status = status;
  urb_struct (urb)->actual_length = actual_length;
  g_queue_push_tail (&self->reapable, urb);
}

static void
go_away (ScPtpResponder *self)
{
  Urb *urb;

  self->gone = TRUE;
  while ((urb = g_queue_pop_head (&self->pending_in)) != NULL)
    finish_urb (self, urb, -ENODEV, 0);
  while ((urb = g_queue_pop_head (&self->pending_event)) != NULL)
    finish_urb (self, urb, -ENODEV, 0);
  g_queue_clear_full (&self->in_queue, (GDestroyNotify)in_container_free);
  umockdev_testbed_remove_device (self->testbed, self->sysfs_path);
}

static void
copy_container (InContainer *container,
                guint64      pos,
                guint8      *dest,
                gsize        length)
{
  while (length > 0 && pos < 12)
    {
      *dest++ = container->header[pos++];
      length--;
    }
  if (length == 0)
    return;

  if (container->lazy)
    sc_ptp_responder_fill_lazy (container->lazy_offset + pos - 12, dest, length);
  else
    memcpy (dest, (const guint8 *)g_bytes_get_data (container->payload, NULL) + pos - 12, length);
}

/* Hands what the device has to send to the waiting IN URBs. */
static void
pump (ScPtpResponder *self)
{
  Urb *urb;

  while (!self->gone && (urb = g_queue_peek_head (&self->pending_in)) != NULL)
    {
      InContainer *container;
      gsize room = urb_struct (urb)->buffer_length;
      guint64 n;

      if (self->fault == SC_PTP_FAULT_STALL && !self->halted_in)
        {
          /* The transaction is abandoned; the pipe stays halted. */
          self->fault = SC_PTP_FAULT_NONE;
          self->halted_in = TRUE;
          g_queue_clear_full (&self->in_queue, (GDestroyNotify)in_container_free);
        }
      if (self->halted_in)
        {
          g_queue_pop_head (&self->pending_in);
          finish_urb (self, urb, -EPIPE, 0);
          continue;
        }

      if ((container = g_queue_peek_head (&self->in_queue)) == NULL)
        break;

      g_queue_pop_head (&self->pending_in);
      if (container->zlp_pending)
        {
          g_queue_pop_head (&self->in_queue);
          in_container_free (container);
          finish_urb (self, urb, 0, 0);
          continue;
        }

      n = MIN (container->total - container->pos, (guint64)room);
      if (container->gone_at != 0 && container->pos + n >= container->gone_at)
        {
          finish_urb (self, urb, -ENODEV, 0);
          go_away (self);
          break;
        }

      copy_container (container, container->pos, urb_buffer (urb), n);
      container->pos += n;
      finish_urb (self, urb, 0, (int)n);

      if (container->pos == container->total)
        {
          if (n == room && container->total % MAX_PACKET == 0)
            container->zlp_pending = TRUE;
          else
            {
              g_queue_pop_head (&self->in_queue);
              in_container_free (container);
            }
        }
    }

  while (!self->gone && (urb = g_queue_peek_head (&self->pending_event)) != NULL)
    {
      g_autoptr(GBytes) event = g_queue_pop_head (&self->events);
      gsize size;
      const guint8 *data;

      if (event == NULL)
        break;
      g_queue_pop_head (&self->pending_event);
      data = g_bytes_get_data (event, &size);
      size = MIN (size, (gsize)urb_struct (urb)->buffer_length);
      memcpy (urb_buffer (urb), data, size);
      finish_urb (self, urb, 0, (int)size);
    }
}

static void
reset_pipes (ScPtpResponder *self)
{
  g_queue_clear_full (&self->in_queue, (GDestroyNotify)in_container_free);
  g_byte_array_set_size (self->out, 0);
  self->has_pending_command = FALSE;
}

/* A control transfer: the class requests and the standard requests that
 * libusb sends to a device (strings, status). Returns the number of bytes
 * of the data stage, or -errno for a stall. */
static int
control (ScPtpResponder *self,
         guint8         *buffer,
         gsize           buffer_length)
{
  guint8 request_type, request;
  guint16 value, length;
  guint8 *data = buffer + 8;
  gsize room;

  if (buffer == NULL || buffer_length < 8)
    return -EINVAL;

  request_type = buffer[0];
  request = buffer[1];
  value = get_u16 (buffer + 2);
  length = get_u16 (buffer + 6);
  room = MIN ((gsize)length, buffer_length - 8);

  if (request_type == 0x21 && request == PTP_REQ_CANCEL)
    {
      reset_pipes (self);
      return (int)room;
    }
  if (request_type == 0x21 && request == PTP_REQ_DEVICE_RESET)
    {
      reset_pipes (self);
      self->session_id = 0;
      self->halted_in = self->halted_out = FALSE;
      return 0;
    }
  if (request_type == 0xA1 && request == PTP_REQ_GET_DEVICE_STATUS)
    {
      g_autoptr(GByteArray) array = g_byte_array_new ();

      put_u16 (array, 0);
      put_u16 (array, PTP_RC_OK);
      if (self->halted_in)
        put_u32 (array, SC_PTP_RESPONDER_EP_IN);
      if (self->halted_out)
        put_u32 (array, SC_PTP_RESPONDER_EP_OUT);
      array->data[0] = array->len & 0xff;
      array->data[1] = array->len >> 8;
      room = MIN (room, (gsize)array->len);
      memcpy (data, array->data, room);
      return (int)room;
    }
  if (request_type == 0x80 && request == USB_REQ_GET_STATUS)
    {
      room = MIN (room, (gsize)2);
      memset (data, 0, room);
      return (int)room;
    }
  if (request_type == 0x80 && request == USB_REQ_GET_DESCRIPTOR && (value >> 8) == USB_DT_STRING)
    {
      static const char *strings[] = { NULL, "Ricoh Company, Ltd.", SC_PTP_RESPONDER_MODEL, SC_PTP_RESPONDER_SERIAL };
      guint index = value & 0xff;
      guint8 descriptor[255];
      gsize size;

      if (index == 0)
        {
          descriptor[0] = 4;
          descriptor[1] = USB_DT_STRING;
          descriptor[2] = 0x09;
          descriptor[3] = 0x04;
          size = 4;
        }
      else if (index < G_N_ELEMENTS (strings))
        {
          const char *s = strings[index];

          size = 2 + 2 * strlen (s);
          descriptor[0] = (guint8)size;
          descriptor[1] = USB_DT_STRING;
          for (gsize i = 0; s[i] != '\0'; i++)
            {
              descriptor[2 + 2 * i] = (guint8)s[i];
              descriptor[3 + 2 * i] = 0;
            }
        }
      else
        return -EPIPE;

      room = MIN (room, size);
      memcpy (data, descriptor, room);
      return (int)room;
    }

  return -EPIPE;
}

static gboolean
submit_urb (ScPtpResponder    *self,
            UMockdevIoctlData *arg)
{
  g_autoptr(GError) error = NULL;
  Urb *urb = g_new0 (Urb, 1);
  struct usbdevfs_urb *s;

  /* resolve() gives us a reference: the Urb keeps it until it is reaped. */
  urb->urb_data = umockdev_ioctl_data_resolve (arg, 0, sizeof (struct usbdevfs_urb), &error);
  if (urb->urb_data == NULL)
    {
      g_warning ("Cannot read the URB: %s", error != NULL ? error->message : "?");
      urb_free (urb);
      return FALSE;
    }
  s = urb_struct (urb);
  if (s->buffer_length > 0)
    {
      urb->buffer_data = umockdev_ioctl_data_resolve (urb->urb_data,
                                                      G_STRUCT_OFFSET (struct usbdevfs_urb, buffer),
                                                      s->buffer_length, &error);
      if (urb->buffer_data == NULL)
        {
          g_warning ("Cannot read the URB's buffer: %s", error != NULL ? error->message : "?");
          urb_free (urb);
          return FALSE;
        }
    }

  if (s->type == USBDEVFS_URB_TYPE_CONTROL)
    {
      int r = control (self, urb_buffer (urb), s->buffer_length);

      if (r < 0)
        finish_urb (self, urb, r, 0);
      else
        finish_urb (self, urb, 0, r);
    }
  else if (s->endpoint == SC_PTP_RESPONDER_EP_OUT)
    {
      if (self->halted_out)
        finish_urb (self, urb, -EPIPE, 0);
      else
        {
          consume_out (self, urb_buffer (urb), s->buffer_length);
          finish_urb (self, urb, 0, s->buffer_length);
        }
    }
  else if (s->endpoint == SC_PTP_RESPONDER_EP_IN)
    g_queue_push_tail (&self->pending_in, urb);
  else if (s->endpoint == SC_PTP_RESPONDER_EP_EVENT)
    g_queue_push_tail (&self->pending_event, urb);
  else
    finish_urb (self, urb, -EPIPE, 0);

  pump (self);

  return TRUE;
}

static gboolean
remove_urb (GQueue  *queue,
            gulong   client_addr,
            Urb    **found)
{
  for (GList *l = queue->head; l != NULL; l = l->next)
    {
      Urb *urb = l->data;

      if (urb->urb_data->client_addr == client_addr)
        {
          g_queue_delete_link (queue, l);
          *found = urb;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
on_handle_ioctl_cb (UMockdevIoctlBase   *handler,
                    UMockdevIoctlClient *client,
                    ScPtpResponder      *self)
{
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg (client);
  gulong request = umockdev_ioctl_client_get_request (client);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  (void)handler;

  if (self->gone)
    {
      Urb *urb;

      if ((request == USBDEVFS_REAPURB || request == USBDEVFS_REAPURBNDELAY) &&
          (urb = g_queue_pop_head (&self->reapable)) != NULL)
        {
          g_autoptr(UMockdevIoctlData) ptr = umockdev_ioctl_data_resolve (arg, 0, sizeof (gpointer), NULL);

          umockdev_ioctl_data_set_ptr (ptr, 0, urb->urb_data);
          umockdev_ioctl_client_complete (client, 0, 0);
          urb_free (urb);
          return TRUE;
        }
      umockdev_ioctl_client_complete (client, -1, ENODEV);
      return TRUE;
    }

  switch (request)
    {
    case USBDEVFS_GET_CAPABILITIES:
      {
        g_autoptr(UMockdevIoctlData) d = umockdev_ioctl_data_resolve (arg, 0, sizeof (guint32), NULL);

        if (d == NULL)
          return FALSE;
        *(guint32 *)d->data = USBDEVFS_CAP_BULK_SCATTER_GATHER |
                              USBDEVFS_CAP_BULK_CONTINUATION |
                              USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
                              USBDEVFS_CAP_REAP_AFTER_DISCONNECT |
                              USBDEVFS_CAP_ZERO_PACKET;
        umockdev_ioctl_client_complete (client, 0, 0);
        return TRUE;
      }

    case USBDEVFS_GETDRIVER:
      umockdev_ioctl_client_complete (client, -1, ENODATA);
      return TRUE;

    case USBDEVFS_CLEAR_HALT:
      {
        g_autoptr(UMockdevIoctlData) d = umockdev_ioctl_data_resolve (arg, 0, sizeof (guint32), NULL);

        if (d == NULL)
          return FALSE;
        if (*(guint32 *)d->data == SC_PTP_RESPONDER_EP_IN)
          self->halted_in = FALSE;
        else if (*(guint32 *)d->data == SC_PTP_RESPONDER_EP_OUT)
          self->halted_out = FALSE;
        umockdev_ioctl_client_complete (client, 0, 0);
        return TRUE;
      }

    case USBDEVFS_RESET:
      reset_pipes (self);
      self->session_id = 0;
      self->halted_in = self->halted_out = FALSE;
      umockdev_ioctl_client_complete (client, 0, 0);
      return TRUE;

    case USBDEVFS_CLAIMINTERFACE:
    case USBDEVFS_DISCONNECT_CLAIM:
      if (self->claim_busy)
        umockdev_ioctl_client_complete (client, -1, EBUSY);
      else
        umockdev_ioctl_client_complete (client, 0, 0);
      return TRUE;

    case USBDEVFS_RELEASEINTERFACE:
    case USBDEVFS_SETINTERFACE:
    case USBDEVFS_SETCONFIGURATION:
    case USBDEVFS_RESETEP:
      umockdev_ioctl_client_complete (client, 0, 0);
      return TRUE;

    case USBDEVFS_SUBMITURB:
      if (!submit_urb (self, arg))
        return FALSE;
      umockdev_ioctl_client_complete (client, 0, 0);
      return TRUE;

    case USBDEVFS_REAPURB:
    case USBDEVFS_REAPURBNDELAY:
      {
        Urb *urb;

        pump (self);
        if ((urb = g_queue_pop_head (&self->reapable)) != NULL)
          {
            g_autoptr(UMockdevIoctlData) ptr = umockdev_ioctl_data_resolve (arg, 0, sizeof (gpointer), NULL);

            umockdev_ioctl_data_set_ptr (ptr, 0, urb->urb_data);
            umockdev_ioctl_client_complete (client, 0, 0);
            urb_free (urb);
          }
        else
          umockdev_ioctl_client_complete (client, -1, EAGAIN);
        return TRUE;
      }

    case USBDEVFS_DISCARDURB:
      {
        gulong addr = *(gulong *)arg->data;
        Urb *urb = NULL;

        if (remove_urb (&self->pending_in, addr, &urb) ||
            remove_urb (&self->pending_event, addr, &urb))
          {
            finish_urb (self, urb, -ENOENT, 0);
            umockdev_ioctl_client_complete (client, 0, 0);
          }
        else
          umockdev_ioctl_client_complete (client, -1, EINVAL);
        return TRUE;
      }

    default:
      return FALSE;
    }
}

/* --- the device in the testbed --- */

static const guint8 descriptors[] = {
  /* device: USB 2.0, class per interface, EP0 64, VID/PID, bcdDevice 1.00, strings 1/2/3 */
  0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40,
  SC_PTP_RESPONDER_VID & 0xff, SC_PTP_RESPONDER_VID >> 8,
  SC_PTP_RESPONDER_PID & 0xff, SC_PTP_RESPONDER_PID >> 8,
  0x00, 0x01, 0x01, 0x02, 0x03, 0x01,
  /* configuration 1: one interface, self-powered */
  0x09, 0x02, 0x27, 0x00, 0x01, 0x01, 0x00, 0xc0, 0x01,
  /* interface 0: Still Image Capture 6/1/1, three endpoints */
  0x09, 0x04, 0x00, 0x00, 0x03, 0x06, 0x01, 0x01, 0x00,
  /* bulk IN, bulk OUT (512), interrupt IN (64, every 2^(9-1) µframes) */
  0x07, 0x05, SC_PTP_RESPONDER_EP_IN, 0x02, MAX_PACKET & 0xff, MAX_PACKET >> 8, 0x00,
  0x07, 0x05, SC_PTP_RESPONDER_EP_OUT, 0x02, MAX_PACKET & 0xff, MAX_PACKET >> 8, 0x00,
  0x07, 0x05, SC_PTP_RESPONDER_EP_EVENT, 0x03, EVENT_PACKET, 0x00, 0x09,
};

#define DEVICE_PATH "/devices/pci0000:00/0000:00:14.0/usb1/1-2"
#define WEBCAM_DEVICE_PATH "/devices/pci0000:00/0000:00:14.0/usb1/1-3"

static char *
device_record (void)
{
  g_autoptr(GString) hex = g_string_new (NULL);
  g_autofree char *devnode = g_strdup_printf ("bus/usb/%03d/%03d", SC_PTP_RESPONDER_BUS, SC_PTP_RESPONDER_ADDRESS);

  for (gsize i = 0; i < sizeof descriptors; i++)
    g_string_append_printf (hex, "%02x", descriptors[i]);

  return g_strdup_printf ("P: " DEVICE_PATH "\n"
                          "N: %s\n"
                          "E: SUBSYSTEM=usb\n"
                          "E: DRIVER=usb\n"
                          "E: DEVTYPE=usb_device\n"
                          "E: DEVNAME=/dev/%s\n"
                          "E: BUSNUM=%03d\n"
                          "E: DEVNUM=%03d\n"
                          "E: PRODUCT=5ca/368/100\n"
                          "E: ID_VENDOR_ID=05ca\n"
                          "E: ID_MODEL_ID=0368\n"
                          "A: idVendor=05ca\\n\n"
                          "A: idProduct=0368\\n\n"
                          "A: bcdDevice=0100\\n\n"
                          "A: bDeviceClass=00\\n\n"
                          "A: bNumConfigurations=1\\n\n"
                          "A: bNumInterfaces= 1\\n\n"
                          "A: bConfigurationValue=1\\n\n"
                          "A: busnum=%d\\n\n"
                          "A: devnum=%d\\n\n"
                          "A: speed=480\\n\n"
                          "A: manufacturer=Ricoh Company, Ltd.\\n\n"
                          "A: product=" SC_PTP_RESPONDER_MODEL "\\n\n"
                          "A: serial=" SC_PTP_RESPONDER_SERIAL "\\n\n"
                          "H: descriptors=%s\n"
                          "\n"
                          "P: " DEVICE_PATH "/1-2:1.0\n"
                          "E: SUBSYSTEM=usb\n"
                          "E: DEVTYPE=usb_interface\n"
                          "E: INTERFACE=6/1/1\n"
                          "A: bInterfaceNumber=00\\n\n"
                          "A: bInterfaceClass=06\\n\n"
                          "A: bInterfaceSubClass=01\\n\n"
                          "A: bInterfaceProtocol=01\\n\n"
                          "A: bNumEndpoints=03\\n\n",
                          devnode, devnode,
                          SC_PTP_RESPONDER_BUS, SC_PTP_RESPONDER_ADDRESS,
                          SC_PTP_RESPONDER_BUS, SC_PTP_RESPONDER_ADDRESS,
                          hex->str);
}

static void
sc_ptp_responder_finalize (GObject *object)
{
  ScPtpResponder *self = (ScPtpResponder *)object;
  g_autofree char *devnode = g_strdup_printf ("/dev/bus/usb/%03d/%03d", SC_PTP_RESPONDER_BUS, SC_PTP_RESPONDER_ADDRESS);

  if (self->handler != NULL)
    umockdev_testbed_detach_ioctl (self->testbed, devnode, NULL);
  g_clear_object (&self->handler);
  g_clear_object (&self->testbed);
  g_queue_clear_full (&self->pending_in, (GDestroyNotify)urb_free);
  g_queue_clear_full (&self->pending_event, (GDestroyNotify)urb_free);
  g_queue_clear_full (&self->reapable, (GDestroyNotify)urb_free);
  g_queue_clear_full (&self->in_queue, (GDestroyNotify)in_container_free);
  g_queue_clear_full (&self->events, (GDestroyNotify)g_bytes_unref);
  g_clear_pointer (&self->out, g_byte_array_unref);
  g_clear_pointer (&self->objects, g_ptr_array_unref);
  g_free (self->sysfs_path);
  g_free (self->date_time);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sc_ptp_responder_parent_class)->finalize (object);
}

static void
sc_ptp_responder_class_init (ScPtpResponderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_ptp_responder_finalize;
}

static void
sc_ptp_responder_init (ScPtpResponder *self)
{
  g_mutex_init (&self->lock);
  self->out = g_byte_array_new ();
  self->objects = g_ptr_array_new_with_free_func ((GDestroyNotify)ptp_object_free);
  self->next_handle = 1;
  self->date_time = g_strdup ("20260417T093000+0900");
}

/**
 * sc_ptp_responder_new:
 * @testbed: the umockdev testbed to add the camera to
 * @error: a location for a #GError
 *
 * Adds an emulated THETA V to @testbed (bus %SC_PTP_RESPONDER_BUS, address
 * %SC_PTP_RESPONDER_ADDRESS) with a DCIM/100RICOH folder holding
 * %SC_PTP_RESPONDER_N_PHOTOS photos and one lazily generated video of
 * %SC_PTP_RESPONDER_BIG_SIZE bytes, and answers its ioctls until it is
 * finalized.
 *
 * Returns: (transfer full): the responder, or %NULL with @error set
 */
ScPtpResponder *
sc_ptp_responder_new (UMockdevTestbed  *testbed,
                      GError          **error)
{
  g_autoptr(ScPtpResponder) self = g_object_new (SC_TYPE_PTP_RESPONDER, NULL);
  g_autofree char *devnode = g_strdup_printf ("/dev/bus/usb/%03d/%03d", SC_PTP_RESPONDER_BUS, SC_PTP_RESPONDER_ADDRESS);
  g_autofree char *record = device_record ();
  const Media *media = get_media ();
  PtpObject *big;

  g_return_val_if_fail (UMOCKDEV_IS_TESTBED (testbed), NULL);

  self->testbed = g_object_ref (testbed);
  self->sysfs_path = g_strdup ("/sys" DEVICE_PATH);

  add_object (self, 0, PTP_OFC_ASSOCIATION, "DCIM", NULL, NULL);
  add_object (self, SC_PTP_RESPONDER_HANDLE_DCIM, PTP_OFC_ASSOCIATION, "100RICOH", NULL, NULL);
  for (guint i = 0; i < SC_PTP_RESPONDER_N_PHOTOS; i++)
    {
      g_autofree char *name = g_strdup_printf ("R00100%02u.JPG", i + 1);

      add_object (self, SC_PTP_RESPONDER_HANDLE_FOLDER, PTP_OFC_EXIF_JPEG, name,
                  media->jpegs[i], media->thumbs[i]);
    }
  big = add_object (self, SC_PTP_RESPONDER_HANDLE_FOLDER, MTP_OFC_MP4, "R0010100.MP4", NULL, NULL);
  big->lazy = TRUE;
  big->size = SC_PTP_RESPONDER_BIG_SIZE;
  self->big_handle = big->handle;

  /* The handler first, so that libusb can open the node once the device appears. */
  self->handler = umockdev_ioctl_base_new ();
  g_signal_connect (self->handler, "handle-ioctl", G_CALLBACK (on_handle_ioctl_cb), self);
  if (!umockdev_testbed_attach_ioctl (testbed, devnode, self->handler, error))
    return NULL;
  if (!umockdev_testbed_add_from_string (testbed, record, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
sc_ptp_responder_get_sysfs_path (ScPtpResponder *self)
{
  g_return_val_if_fail (SC_IS_PTP_RESPONDER (self), NULL);

  return self->sysfs_path;
}

/**
 * sc_ptp_responder_set_claim_busy:
 * @self: a #ScPtpResponder
 * @busy: whether another program holds the camera's interface
 *
 * While @busy, claiming the interface fails with EBUSY (libusb's
 * LIBUSB_ERROR_BUSY), as when gvfs's daemon has the camera.
 */
void
sc_ptp_responder_set_claim_busy (ScPtpResponder *self,
                                 gboolean        busy)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (SC_IS_PTP_RESPONDER (self));

  locker = g_mutex_locker_new (&self->lock);
  self->claim_busy = busy;
}

/**
 * sc_ptp_responder_add_webcam_mode:
 * @testbed: the umockdev testbed
 * @error: a location for a #GError
 *
 * Adds a second THETA V (bus %SC_PTP_RESPONDER_BUS, address
 * %SC_PTP_RESPONDER_WEBCAM_ADDRESS) in live-streaming mode: its only
 * interface is USB video (class 14), no still-image one. Nothing answers
 * its ioctls: it is only for enumeration.
 *
 * Returns: the device's sysfs path (free it), or %NULL with @error set
 */
char *
sc_ptp_responder_add_webcam_mode (UMockdevTestbed  *testbed,
                                  GError          **error)
{
  static const guint8 webcam_descriptors[] = {
    0x12, 0x01, 0x00, 0x02, 0xef, 0x02, 0x01, 0x40,
    SC_PTP_RESPONDER_VID & 0xff, SC_PTP_RESPONDER_VID >> 8,
    SC_PTP_RESPONDER_PID & 0xff, SC_PTP_RESPONDER_PID >> 8,
    0x00, 0x01, 0x01, 0x02, 0x03, 0x01,
    /* configuration 1: one interface */
    0x09, 0x02, 0x12, 0x00, 0x01, 0x01, 0x00, 0xc0, 0x01,
    /* interface 0: Video Control 14/1/0, no endpoints */
    0x09, 0x04, 0x00, 0x00, 0x00, 0x0e, 0x01, 0x00, 0x00,
  };
  g_autoptr(GString) hex = g_string_new (NULL);
  g_autofree char *devnode = g_strdup_printf ("bus/usb/%03d/%03d", SC_PTP_RESPONDER_BUS,
                                              SC_PTP_RESPONDER_WEBCAM_ADDRESS);
  g_autofree char *record = NULL;

  for (gsize i = 0; i < sizeof webcam_descriptors; i++)
    g_string_append_printf (hex, "%02x", webcam_descriptors[i]);

  record = g_strdup_printf ("P: " WEBCAM_DEVICE_PATH "\n"
                            "N: %s\n"
                            "E: SUBSYSTEM=usb\n"
                            "E: DEVTYPE=usb_device\n"
                            "E: DEVNAME=/dev/%s\n"
                            "E: BUSNUM=%03d\n"
                            "E: DEVNUM=%03d\n"
                            "A: idVendor=05ca\\n\n"
                            "A: idProduct=0368\\n\n"
                            "A: bDeviceClass=ef\\n\n"
                            "A: bNumConfigurations=1\\n\n"
                            "A: bConfigurationValue=1\\n\n"
                            "A: busnum=%d\\n\n"
                            "A: devnum=%d\\n\n"
                            "A: speed=480\\n\n"
                            "A: product=" SC_PTP_RESPONDER_MODEL "\\n\n"
                            "H: descriptors=%s\n",
                            devnode, devnode,
                            SC_PTP_RESPONDER_BUS, SC_PTP_RESPONDER_WEBCAM_ADDRESS,
                            SC_PTP_RESPONDER_BUS, SC_PTP_RESPONDER_WEBCAM_ADDRESS,
                            hex->str);
  if (!umockdev_testbed_add_from_string (testbed, record, error))
    return NULL;
  return g_strdup ("/sys" WEBCAM_DEVICE_PATH);
}

/**
 * sc_ptp_responder_set_fault:
 * @self: a #ScPtpResponder
 * @fault: the fault for the next transfers (see #ScPtpFault)
 *
 * Arms @fault, replacing any fault that has not struck yet.
 */
void
sc_ptp_responder_set_fault (ScPtpResponder *self,
                            ScPtpFault      fault)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (SC_IS_PTP_RESPONDER (self));

  locker = g_mutex_locker_new (&self->lock);
  self->fault = fault;
}

gboolean
sc_ptp_responder_is_gone (ScPtpResponder *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SC_IS_PTP_RESPONDER (self), FALSE);

  locker = g_mutex_locker_new (&self->lock);
  return self->gone;
}

gboolean
sc_ptp_responder_has_session (ScPtpResponder *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SC_IS_PTP_RESPONDER (self), FALSE);

  locker = g_mutex_locker_new (&self->lock);
  return self->session_id != 0;
}

/**
 * sc_ptp_responder_dup_object:
 * @self: a #ScPtpResponder
 * @handle: an object handle
 *
 * Returns: (transfer full) (nullable): the bytes of a stored object (not
 *   of the lazy one, nor of folders), %NULL if there is no such object
 */
GBytes *
sc_ptp_responder_dup_object (ScPtpResponder *self,
                             guint32         handle)
{
  g_autoptr(GMutexLocker) locker = NULL;
  PtpObject *object;

  g_return_val_if_fail (SC_IS_PTP_RESPONDER (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  object = find_object (self, handle);
  return object != NULL && object->data != NULL ? g_bytes_ref (object->data) : NULL;
}

GBytes *
sc_ptp_responder_dup_thumb (ScPtpResponder *self,
                            guint32         handle)
{
  g_autoptr(GMutexLocker) locker = NULL;
  PtpObject *object;

  g_return_val_if_fail (SC_IS_PTP_RESPONDER (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  object = find_object (self, handle);
  return object != NULL && object->thumb != NULL ? g_bytes_ref (object->thumb) : NULL;
}

gboolean
sc_ptp_responder_has_object (ScPtpResponder *self,
                             guint32         handle)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SC_IS_PTP_RESPONDER (self), FALSE);

  locker = g_mutex_locker_new (&self->lock);
  return find_object (self, handle) != NULL;
}

guint32
sc_ptp_responder_get_big_handle (ScPtpResponder *self)
{
  g_return_val_if_fail (SC_IS_PTP_RESPONDER (self), 0);

  return self->big_handle;
}

guint
sc_ptp_responder_get_n_objects (ScPtpResponder *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SC_IS_PTP_RESPONDER (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  return self->objects->len;
}
