/* sc-ptp-responder-ptp.c: the emulated THETA V's PTP operations
 *
 * Whole containers from the bulk OUT pipe are run as operations
 * (PROTOCOLS.md §2): each queues its data phase (if any) and its response
 * on the bulk IN pipe, and its events on the interrupt pipe. The faults
 * that strike data phases and responses are applied here.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sc-ptp-responder-private.h"

/* --- containers --- */

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

void
_sc_ptp_in_container_free (InContainer *container)
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
      if ((object = _sc_ptp_responder_find_object (self, p[0])) == NULL)
        rc = PTP_RC_INVALID_OBJECT_HANDLE;
      else
        {
          g_autoptr(GBytes) bytes = object_info (object);

          queue_data (self, code, tid, bytes, &incomplete);
        }
      break;

    case PTP_OC_GET_OBJECT:
    case PTP_OC_GET_PARTIAL_OBJECT:
      if ((object = _sc_ptp_responder_find_object (self, p[0])) == NULL)
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
      if ((object = _sc_ptp_responder_find_object (self, p[0])) == NULL)
        rc = PTP_RC_INVALID_OBJECT_HANDLE;
      else if (object->thumb == NULL)
        rc = PTP_RC_NO_THUMBNAIL_PRESENT;
      else
        queue_data (self, code, tid, object->thumb, &incomplete);
      break;

    case PTP_OC_DELETE_OBJECT:
      if ((object = _sc_ptp_responder_find_object (self, p[0])) == NULL)
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
          const Media *media = _sc_ptp_responder_get_media ();
          g_autofree char *name = g_strdup_printf ("R00100%02u.JPG", 10 + self->photo_counter++);

          object = _sc_ptp_responder_add_object (self, SC_PTP_RESPONDER_HANDLE_FOLDER, PTP_OFC_EXIF_JPEG, name,
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
      if ((object = _sc_ptp_responder_find_object (self, p[0])) == NULL)
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
void
_sc_ptp_responder_consume_out (ScPtpResponder *self,
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
