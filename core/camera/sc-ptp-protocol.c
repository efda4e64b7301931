/* sc-ptp-protocol.c: PTP containers, strings, arrays and datasets
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-ptp"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "sc-ptp-protocol.h"

/* Everything here is pure: buffers in, structures out. Parse errors are
 * G_IO_ERROR_INVALID_DATA with a technical message; the transport turns
 * them into SC_CAMERA_ERROR_PROTOCOL for the user. */

static gboolean
invalid (GError     **error,
         const char  *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Malformed PTP %s", what);
  return FALSE;
}

/* --- little-endian readers --- */

gboolean
sc_ptp_read_u8 (const guint8 *buf,
                gsize         len,
                gsize        *pos,
                guint8       *out)
{
  if (*pos > len || len - *pos < 1)
    return FALSE;
  *out = buf[*pos];
  *pos += 1;
  return TRUE;
}

gboolean
sc_ptp_read_u16 (const guint8 *buf,
                 gsize         len,
                 gsize        *pos,
                 guint16      *out)
{
  if (*pos > len || len - *pos < 2)
    return FALSE;
  *out = (guint16)(buf[*pos] | (buf[*pos + 1] << 8));
  *pos += 2;
  return TRUE;
}

gboolean
sc_ptp_read_u32 (const guint8 *buf,
                 gsize         len,
                 gsize        *pos,
                 guint32      *out)
{
  if (*pos > len || len - *pos < 4)
    return FALSE;
  *out = (guint32)buf[*pos]
         | ((guint32)buf[*pos + 1] << 8)
         | ((guint32)buf[*pos + 2] << 16)
         | ((guint32)buf[*pos + 3] << 24);
  *pos += 4;
  return TRUE;
}

gboolean
sc_ptp_read_u64 (const guint8 *buf,
                 gsize         len,
                 gsize        *pos,
                 guint64      *out)
{
  gsize p = *pos;
  guint32 lo, hi;

  if (!sc_ptp_read_u32 (buf, len, &p, &lo) || !sc_ptp_read_u32 (buf, len, &p, &hi))
    return FALSE;
  *out = ((guint64)hi << 32) | lo;
  *pos = p;
  return TRUE;
}

/**
 * sc_ptp_read_string:
 *
 * A PTP string: UINT8 number of UCS-2LE code units including the final
 * NUL, then the code units. 0 means the empty string. Surrogate pairs are
 * decoded; a lone surrogate or a missing terminator is an error.
 */
gboolean
sc_ptp_read_string (const guint8  *buf,
                    gsize          len,
                    gsize         *pos,
                    char         **out)
{
  gsize p = *pos;
  guint8 n_chars;
  g_autofree gunichar2 *units = NULL;
  g_autofree char *utf8 = NULL;

  if (!sc_ptp_read_u8 (buf, len, &p, &n_chars))
    return FALSE;

  if (n_chars == 0)
    {
      *out = g_strdup ("");
      *pos = p;
      return TRUE;
    }

  if (len - p < (gsize)n_chars * 2)
    return FALSE;

  units = g_new0 (gunichar2, n_chars);
  for (guint i = 0; i < n_chars; i++)
    units[i] = (gunichar2)(buf[p + 2 * i] | (buf[p + 2 * i + 1] << 8));
  if (units[n_chars - 1] != 0)
    return FALSE;

  utf8 = g_utf16_to_utf8 (units, n_chars - 1, NULL, NULL, NULL);
  if (utf8 == NULL)
    return FALSE;
  /* A NUL before the end: keep what comes before it, like other readers. */

  *out = g_steal_pointer (&utf8);
  *pos = p + (gsize)n_chars * 2;
  return TRUE;
}

static gboolean
read_array (const guint8  *buf,
            gsize          len,
            gsize         *pos,
            guint          element_size,
            GArray       **out)
{
  gsize p = *pos;
  guint32 count;
  GArray *array;

  if (!sc_ptp_read_u32 (buf, len, &p, &count))
    return FALSE;
  if (len - p < (guint64)count * element_size)
    return FALSE;

  array = g_array_sized_new (FALSE, FALSE, element_size, count);
  for (guint32 i = 0; i < count; i++)
    {
      if (element_size == 2)
        {
          guint16 v;
          sc_ptp_read_u16 (buf, len, &p, &v);
          g_array_append_val (array, v);
        }
      else
        {
          guint32 v;
          sc_ptp_read_u32 (buf, len, &p, &v);
          g_array_append_val (array, v);
        }
    }

  *out = array;
  *pos = p;
  return TRUE;
}

gboolean
sc_ptp_read_u16_array (const guint8  *buf,
                       gsize          len,
                       gsize         *pos,
                       GArray       **out)
{
  return read_array (buf, len, pos, 2, out);
}

gboolean
sc_ptp_read_u32_array (const guint8  *buf,
                       gsize          len,
                       gsize         *pos,
                       GArray       **out)
{
  return read_array (buf, len, pos, 4, out);
}

void
sc_ptp_value_clear (ScPtpValue *value)
{
  g_clear_pointer (&value->str, g_free);
  value->u = 0;
  value->i = 0;
}

/**
 * sc_ptp_read_value:
 *
 * Reads one value of @data_type: integers up to 64 bits (128-bit ones are
 * skipped, keeping their low 64 bits), strings; arrays are skipped and
 * keep their element count in @out->u.
 */
gboolean
sc_ptp_read_value (const guint8 *buf,
                   gsize         len,
                   gsize        *pos,
                   guint16       data_type,
                   ScPtpValue   *out)
{
  gsize p = *pos;

  memset (out, 0, sizeof *out);
  out->data_type = data_type;

  switch (data_type)
    {
    case SC_PTP_DTC_INT8:
    case SC_PTP_DTC_UINT8:
      {
        guint8 v;
        if (!sc_ptp_read_u8 (buf, len, &p, &v))
          return FALSE;
        out->u = v;
        out->i = data_type == SC_PTP_DTC_INT8 ? (gint8)v : v;
      }
      break;

    case SC_PTP_DTC_INT16:
    case SC_PTP_DTC_UINT16:
      {
        guint16 v;
        if (!sc_ptp_read_u16 (buf, len, &p, &v))
          return FALSE;
        out->u = v;
        out->i = data_type == SC_PTP_DTC_INT16 ? (gint16)v : v;
      }
      break;

    case SC_PTP_DTC_INT32:
    case SC_PTP_DTC_UINT32:
      {
        guint32 v;
        if (!sc_ptp_read_u32 (buf, len, &p, &v))
          return FALSE;
        out->u = v;
        out->i = data_type == SC_PTP_DTC_INT32 ? (gint32)v : (gint64)v;
      }
      break;

    case SC_PTP_DTC_INT64:
    case SC_PTP_DTC_UINT64:
      {
        guint64 v;
        if (!sc_ptp_read_u64 (buf, len, &p, &v))
          return FALSE;
        out->u = v;
        out->i = (gint64)v;
      }
      break;

    case SC_PTP_DTC_INT128:
    case SC_PTP_DTC_UINT128:
      {
        guint64 lo, hi;
        if (!sc_ptp_read_u64 (buf, len, &p, &lo) || !sc_ptp_read_u64 (buf, len, &p, &hi))
          return FALSE;
        out->u = lo;
        out->i = (gint64)lo;
      }
      break;

    case SC_PTP_DTC_STR:
      if (!sc_ptp_read_string (buf, len, &p, &out->str))
        return FALSE;
      break;

    default:
      if ((data_type & SC_PTP_DTC_ARRAY) != 0 && (data_type & ~SC_PTP_DTC_ARRAY) >= SC_PTP_DTC_INT8
          && (data_type & ~SC_PTP_DTC_ARRAY) <= SC_PTP_DTC_UINT128)
        {
          static const guint sizes[] = { 0, 1, 1, 2, 2, 4, 4, 8, 8, 16, 16 };
          guint32 count;
          guint size = sizes[data_type & ~SC_PTP_DTC_ARRAY];

          if (!sc_ptp_read_u32 (buf, len, &p, &count) || len - p < (guint64)count * size)
            return FALSE;
          p += (gsize)count * size;
          out->u = count;
          break;
        }
      return FALSE;
    }

  *pos = p;
  return TRUE;
}

/* --- writers --- */

void
sc_ptp_write_u16 (GByteArray *out,
                  guint16     value)
{
  guint8 b[2] = { value & 0xFF, value >> 8 };

  g_byte_array_append (out, b, 2);
}

void
sc_ptp_write_u32 (GByteArray *out,
                  guint32     value)
{
  guint8 b[4] = { value & 0xFF, (value >> 8) & 0xFF, (value >> 16) & 0xFF, value >> 24 };

  g_byte_array_append (out, b, 4);
}

/**
 * sc_ptp_write_string:
 *
 * Writes @utf8 as a PTP string, cut to 254 code units (255 with the NUL).
 * %NULL or "" is the single byte 0.
 */
void
sc_ptp_write_string (GByteArray *out,
                     const char *utf8)
{
  g_autofree gunichar2 *units = NULL;
  glong n = 0;
  guint8 count;

  if (utf8 != NULL && *utf8 != '\0')
    units = g_utf8_to_utf16 (utf8, -1, NULL, &n, NULL);

  if (units == NULL || n == 0)
    {
      guint8 zero = 0;
      g_byte_array_append (out, &zero, 1);
      return;
    }

  if (n > 254)
    {
      n = 254;
      if (units[n - 1] >= 0xD800 && units[n - 1] <= 0xDBFF)
        n--;   /* never cut a surrogate pair */
    }

  count = (guint8)(n + 1);
  g_byte_array_append (out, &count, 1);
  for (glong i = 0; i < n; i++)
    sc_ptp_write_u16 (out, units[i]);
  sc_ptp_write_u16 (out, 0);
}

/* --- containers --- */

/**
 * sc_ptp_container_build:
 * @buf: where to write (at least 12 + 4·@n_params bytes)
 * @payload_length: for a data container, the payload that follows the
 *   header (the length field becomes 12 + @payload_length, or 0xFFFFFFFF
 *   when that does not fit); 0 otherwise
 *
 * Returns: the header size written (12 + 4·@n_params), 0 if it did not fit
 */
gsize
sc_ptp_container_build (guint8        *buf,
                        gsize          buf_size,
                        guint16        type,
                        guint16        code,
                        guint32        transaction_id,
                        const guint32 *params,
                        guint          n_params,
                        guint32        payload_length)
{
  gsize size = SC_PTP_HEADER_SIZE + 4 * (gsize)n_params;
  guint64 length = (guint64)size + payload_length;
  g_autoptr(GByteArray) out = NULL;

  if (n_params > SC_PTP_MAX_PARAMS || buf_size < size)
    return 0;

  out = g_byte_array_sized_new (size);
  sc_ptp_write_u32 (out, length > G_MAXUINT32 - 1 ? SC_PTP_LENGTH_UNKNOWN : (guint32)length);
  sc_ptp_write_u16 (out, type);
  sc_ptp_write_u16 (out, code);
  sc_ptp_write_u32 (out, transaction_id);
  for (guint i = 0; i < n_params; i++)
    sc_ptp_write_u32 (out, params[i]);

  memcpy (buf, out->data, size);
  return size;
}

/**
 * sc_ptp_container_parse:
 * @buf: the first bytes of a container as read from the bulk IN pipe
 * @len: how many
 *
 * Parses the header. For command and response containers @len must equal
 * the length field (12 + 4·n, n ≤ 5) and the parameters are filled in;
 * for data containers only the header is read (the length field may be
 * larger than @len, or 0xFFFFFFFF).
 */
gboolean
sc_ptp_container_parse (const guint8    *buf,
                        gsize            len,
                        ScPtpContainer  *out,
                        GError         **error)
{
  gsize p = 0;

  memset (out, 0, sizeof *out);

  if (!sc_ptp_read_u32 (buf, len, &p, &out->length)
      || !sc_ptp_read_u16 (buf, len, &p, &out->type)
      || !sc_ptp_read_u16 (buf, len, &p, &out->code)
      || !sc_ptp_read_u32 (buf, len, &p, &out->transaction_id))
    return invalid (error, "container (short header)");

  switch (out->type)
    {
    case SC_PTP_CONTAINER_DATA:
      if (out->length < SC_PTP_HEADER_SIZE)
        return invalid (error, "data container length");
      return TRUE;

    case SC_PTP_CONTAINER_COMMAND:
    case SC_PTP_CONTAINER_RESPONSE:
    case SC_PTP_CONTAINER_EVENT:
      if (out->length < SC_PTP_HEADER_SIZE
          || out->length > SC_PTP_HEADER_SIZE + 4 * SC_PTP_MAX_PARAMS
          || (out->length - SC_PTP_HEADER_SIZE) % 4 != 0
          || out->length != len)
        return invalid (error, "container length");
      out->n_params = (out->length - SC_PTP_HEADER_SIZE) / 4;
      for (guint i = 0; i < out->n_params; i++)
        sc_ptp_read_u32 (buf, len, &p, &out->params[i]);
      return TRUE;

    default:
      return invalid (error, "container type");
    }
}

/**
 * sc_ptp_event_parse:
 *
 * An event container from the interrupt endpoint: 12-byte header and at
 * most 3 parameters.
 */
gboolean
sc_ptp_event_parse (const guint8    *buf,
                    gsize            len,
                    ScPtpContainer  *out,
                    GError         **error)
{
  if (!sc_ptp_container_parse (buf, len, out, error))
    return FALSE;
  if (out->type != SC_PTP_CONTAINER_EVENT || out->n_params > 3)
    return invalid (error, "event");
  return TRUE;
}

/* --- datasets --- */

void
sc_ptp_device_info_free (ScPtpDeviceInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->vendor_extension_desc);
  g_clear_pointer (&info->operations, g_array_unref);
  g_clear_pointer (&info->events, g_array_unref);
  g_clear_pointer (&info->properties, g_array_unref);
  g_clear_pointer (&info->capture_formats, g_array_unref);
  g_clear_pointer (&info->image_formats, g_array_unref);
  g_free (info->manufacturer);
  g_free (info->model);
  g_free (info->device_version);
  g_free (info->serial_number);
  g_free (info);
}

ScPtpDeviceInfo *
sc_ptp_device_info_parse (const guint8  *buf,
                          gsize          len,
                          GError       **error)
{
  g_autoptr(ScPtpDeviceInfo) info = g_new0 (ScPtpDeviceInfo, 1);
  gsize p = 0;

  if (!sc_ptp_read_u16 (buf, len, &p, &info->standard_version)
      || !sc_ptp_read_u32 (buf, len, &p, &info->vendor_extension_id)
      || !sc_ptp_read_u16 (buf, len, &p, &info->vendor_extension_version)
      || !sc_ptp_read_string (buf, len, &p, &info->vendor_extension_desc)
      || !sc_ptp_read_u16 (buf, len, &p, &info->functional_mode)
      || !sc_ptp_read_u16_array (buf, len, &p, &info->operations)
      || !sc_ptp_read_u16_array (buf, len, &p, &info->events)
      || !sc_ptp_read_u16_array (buf, len, &p, &info->properties)
      || !sc_ptp_read_u16_array (buf, len, &p, &info->capture_formats)
      || !sc_ptp_read_u16_array (buf, len, &p, &info->image_formats)
      || !sc_ptp_read_string (buf, len, &p, &info->manufacturer)
      || !sc_ptp_read_string (buf, len, &p, &info->model)
      || !sc_ptp_read_string (buf, len, &p, &info->device_version)
      || !sc_ptp_read_string (buf, len, &p, &info->serial_number))
    {
      invalid (error, "DeviceInfo");
      return NULL;
    }

  return g_steal_pointer (&info);
}

static gboolean
array_has (const GArray *array,
           guint16       code)
{
  if (array == NULL)
    return FALSE;
  for (guint i = 0; i < array->len; i++)
    if (g_array_index (array, guint16, i) == code)
      return TRUE;
  return FALSE;
}

gboolean
sc_ptp_device_info_has_operation (const ScPtpDeviceInfo *info,
                                  guint16                code)
{
  return info != NULL && array_has (info->operations, code);
}

gboolean
sc_ptp_device_info_has_property (const ScPtpDeviceInfo *info,
                                 guint16                code)
{
  return info != NULL && array_has (info->properties, code);
}

void
sc_ptp_storage_info_free (ScPtpStorageInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->description);
  g_free (info->volume_label);
  g_free (info);
}

ScPtpStorageInfo *
sc_ptp_storage_info_parse (const guint8  *buf,
                           gsize          len,
                           GError       **error)
{
  g_autoptr(ScPtpStorageInfo) info = g_new0 (ScPtpStorageInfo, 1);
  gsize p = 0;

  if (!sc_ptp_read_u16 (buf, len, &p, &info->storage_type)
      || !sc_ptp_read_u16 (buf, len, &p, &info->filesystem_type)
      || !sc_ptp_read_u16 (buf, len, &p, &info->access_capability)
      || !sc_ptp_read_u64 (buf, len, &p, &info->max_capacity)
      || !sc_ptp_read_u64 (buf, len, &p, &info->free_space)
      || !sc_ptp_read_u32 (buf, len, &p, &info->free_objects)
      || !sc_ptp_read_string (buf, len, &p, &info->description)
      || !sc_ptp_read_string (buf, len, &p, &info->volume_label))
    {
      invalid (error, "StorageInfo");
      return NULL;
    }

  return g_steal_pointer (&info);
}

void
sc_ptp_object_info_free (ScPtpObjectInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->filename);
  g_free (info->capture_date);
  g_free (info->modification_date);
  g_free (info->keywords);
  g_free (info);
}

ScPtpObjectInfo *
sc_ptp_object_info_parse (const guint8  *buf,
                          gsize          len,
                          GError       **error)
{
  g_autoptr(ScPtpObjectInfo) info = g_new0 (ScPtpObjectInfo, 1);
  gsize p = 0;

  if (!sc_ptp_read_u32 (buf, len, &p, &info->storage_id)
      || !sc_ptp_read_u16 (buf, len, &p, &info->object_format)
      || !sc_ptp_read_u16 (buf, len, &p, &info->protection_status)
      || !sc_ptp_read_u32 (buf, len, &p, &info->compressed_size)
      || !sc_ptp_read_u16 (buf, len, &p, &info->thumb_format)
      || !sc_ptp_read_u32 (buf, len, &p, &info->thumb_compressed_size)
      || !sc_ptp_read_u32 (buf, len, &p, &info->thumb_width)
      || !sc_ptp_read_u32 (buf, len, &p, &info->thumb_height)
      || !sc_ptp_read_u32 (buf, len, &p, &info->image_width)
      || !sc_ptp_read_u32 (buf, len, &p, &info->image_height)
      || !sc_ptp_read_u32 (buf, len, &p, &info->image_bit_depth)
      || !sc_ptp_read_u32 (buf, len, &p, &info->parent)
      || !sc_ptp_read_u16 (buf, len, &p, &info->association_type)
      || !sc_ptp_read_u32 (buf, len, &p, &info->association_desc)
      || !sc_ptp_read_u32 (buf, len, &p, &info->sequence_number)
      || !sc_ptp_read_string (buf, len, &p, &info->filename))
    {
      invalid (error, "ObjectInfo");
      return NULL;
    }

  /* The dates and keywords are optional in practice: some devices stop
   * after the file name. */
  if (!sc_ptp_read_string (buf, len, &p, &info->capture_date))
    info->capture_date = g_strdup ("");
  if (!sc_ptp_read_string (buf, len, &p, &info->modification_date))
    info->modification_date = g_strdup ("");
  if (!sc_ptp_read_string (buf, len, &p, &info->keywords))
    info->keywords = g_strdup ("");

  return g_steal_pointer (&info);
}

static void
value_free (gpointer data)
{
  ScPtpValue *value = data;

  sc_ptp_value_clear (value);
  g_free (value);
}

void
sc_ptp_prop_desc_free (ScPtpPropDesc *desc)
{
  if (desc == NULL)
    return;
  sc_ptp_value_clear (&desc->factory_default);
  sc_ptp_value_clear (&desc->current);
  sc_ptp_value_clear (&desc->range_min);
  sc_ptp_value_clear (&desc->range_max);
  sc_ptp_value_clear (&desc->range_step);
  g_clear_pointer (&desc->enumeration, g_ptr_array_unref);
  g_free (desc);
}

/**
 * sc_ptp_prop_desc_parse:
 *
 * A DevicePropDesc, parsed by its DataType (not by vendor tables).
 */
ScPtpPropDesc *
sc_ptp_prop_desc_parse (const guint8  *buf,
                        gsize          len,
                        GError       **error)
{
  g_autoptr(ScPtpPropDesc) desc = g_new0 (ScPtpPropDesc, 1);
  gsize p = 0;

  if (!sc_ptp_read_u16 (buf, len, &p, &desc->code)
      || !sc_ptp_read_u16 (buf, len, &p, &desc->data_type)
      || !sc_ptp_read_u8 (buf, len, &p, &desc->get_set)
      || !sc_ptp_read_value (buf, len, &p, desc->data_type, &desc->factory_default)
      || !sc_ptp_read_value (buf, len, &p, desc->data_type, &desc->current))
    goto fail;

  /* FormFlag is missing on some devices when there is no form. */
  if (!sc_ptp_read_u8 (buf, len, &p, &desc->form_flag))
    desc->form_flag = 0;

  if (desc->form_flag == 1)
    {
      if (!sc_ptp_read_value (buf, len, &p, desc->data_type, &desc->range_min)
          || !sc_ptp_read_value (buf, len, &p, desc->data_type, &desc->range_max)
          || !sc_ptp_read_value (buf, len, &p, desc->data_type, &desc->range_step))
        goto fail;
    }
  else if (desc->form_flag == 2)
    {
      guint16 count;

      if (!sc_ptp_read_u16 (buf, len, &p, &count))
        goto fail;
      desc->enumeration = g_ptr_array_new_with_free_func (value_free);
      for (guint i = 0; i < count; i++)
        {
          ScPtpValue *value = g_new0 (ScPtpValue, 1);

          g_ptr_array_add (desc->enumeration, value);
          if (!sc_ptp_read_value (buf, len, &p, desc->data_type, value))
            goto fail;
        }
    }
  else if (desc->form_flag != 0)
    goto fail;

  return g_steal_pointer (&desc);

fail:
  invalid (error, "DevicePropDesc");
  return NULL;
}

/* --- date/time --- */

static gboolean
digits (const char *s,
        guint       n,
        int        *out)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (s[i] - '0');
    }
  *out = v;
  return TRUE;
}

/**
 * sc_ptp_parse_date_time:
 * @text: "YYYYMMDDThhmmss[.s][Z|±hhmm]"
 *
 * Without a zone the time is taken as local time.
 *
 * Returns: (transfer full) (nullable): the time, or %NULL if invalid
 */
GDateTime *
sc_ptp_parse_date_time (const char *text)
{
  int year, month, day, hour, minute, second;
  double fraction = 0;
  g_autoptr(GTimeZone) zone = NULL;
  const char *s;

  if (text == NULL || strlen (text) < 15 || text[8] != 'T'
      || !digits (text, 4, &year) || !digits (text + 4, 2, &month) || !digits (text + 6, 2, &day)
      || !digits (text + 9, 2, &hour) || !digits (text + 11, 2, &minute)
      || !digits (text + 13, 2, &second))
    return NULL;

  s = text + 15;
  if (*s == '.')
    {
      double scale = 0.1;

      s++;
      if (!g_ascii_isdigit (*s))
        return NULL;
      while (g_ascii_isdigit (*s))
        {
          fraction += (*s - '0') * scale;
          scale /= 10;
          s++;
        }
    }

  if (*s == '\0')
    zone = g_time_zone_new_local ();
  else if (strcmp (s, "Z") == 0)
    zone = g_time_zone_new_utc ();
  else if ((*s == '+' || *s == '-') && strlen (s) == 5)
    {
      int hh, mm;
      char id[10];

      if (!digits (s + 1, 2, &hh) || !digits (s + 3, 2, &mm) || hh > 23 || mm > 59)
        return NULL;
      g_snprintf (id, sizeof id, "%c%02d:%02d", *s, hh, mm);
      zone = g_time_zone_new_identifier (id);
      if (zone == NULL)
        return NULL;
    }
  else
    return NULL;

  return g_date_time_new (zone, year, month, day, hour, minute, second + fraction);
}

/**
 * sc_ptp_format_date_time:
 *
 * Returns: (transfer full): "YYYYMMDDThhmmss±hhmm" (Z for UTC)
 */
char *
sc_ptp_format_date_time (GDateTime *date_time)
{
  GTimeSpan offset = g_date_time_get_utc_offset (date_time);
  g_autofree char *base = g_date_time_format (date_time, "%Y%m%dT%H%M%S");
  gint64 minutes = ABS (offset) / G_TIME_SPAN_MINUTE;

  if (offset == 0)
    return g_strconcat (base, "Z", NULL);

  return g_strdup_printf ("%s%c%02d%02d", base, offset < 0 ? '-' : '+',
                          (int)(minutes / 60), (int)(minutes % 60));
}

/* --- names for logs --- */

const char *
sc_ptp_response_name (guint16 code)
{
  switch (code)
    {
    case SC_PTP_RC_OK: return "OK";
    case SC_PTP_RC_GENERAL_ERROR: return "GeneralError";
    case SC_PTP_RC_SESSION_NOT_OPEN: return "SessionNotOpen";
    case SC_PTP_RC_INVALID_TRANSACTION_ID: return "InvalidTransactionID";
    case SC_PTP_RC_OPERATION_NOT_SUPPORTED: return "OperationNotSupported";
    case SC_PTP_RC_PARAMETER_NOT_SUPPORTED: return "ParameterNotSupported";
    case SC_PTP_RC_INCOMPLETE_TRANSFER: return "IncompleteTransfer";
    case SC_PTP_RC_INVALID_STORAGE_ID: return "InvalidStorageID";
    case SC_PTP_RC_INVALID_OBJECT_HANDLE: return "InvalidObjectHandle";
    case SC_PTP_RC_DEVICE_PROP_NOT_SUPPORTED: return "DevicePropNotSupported";
    case SC_PTP_RC_STORE_FULL: return "StoreFull";
    case SC_PTP_RC_OBJECT_WRITE_PROTECTED: return "ObjectWriteProtected";
    case SC_PTP_RC_STORE_READ_ONLY: return "StoreReadOnly";
    case SC_PTP_RC_ACCESS_DENIED: return "AccessDenied";
    case SC_PTP_RC_NO_THUMBNAIL_PRESENT: return "NoThumbnailPresent";
    case SC_PTP_RC_STORE_NOT_AVAILABLE: return "StoreNotAvailable";
    case SC_PTP_RC_DEVICE_BUSY: return "DeviceBusy";
    case SC_PTP_RC_SESSION_ALREADY_OPEN: return "SessionAlreadyOpen";
    case SC_PTP_RC_TRANSACTION_CANCELLED: return "TransactionCancelled";
    default: return "Unknown";
    }
}

const char *
sc_ptp_operation_name (guint16 code)
{
  switch (code)
    {
    case SC_PTP_OC_GET_DEVICE_INFO: return "GetDeviceInfo";
    case SC_PTP_OC_OPEN_SESSION: return "OpenSession";
    case SC_PTP_OC_CLOSE_SESSION: return "CloseSession";
    case SC_PTP_OC_GET_STORAGE_IDS: return "GetStorageIDs";
    case SC_PTP_OC_GET_STORAGE_INFO: return "GetStorageInfo";
    case SC_PTP_OC_GET_NUM_OBJECTS: return "GetNumObjects";
    case SC_PTP_OC_GET_OBJECT_HANDLES: return "GetObjectHandles";
    case SC_PTP_OC_GET_OBJECT_INFO: return "GetObjectInfo";
    case SC_PTP_OC_GET_OBJECT: return "GetObject";
    case SC_PTP_OC_GET_THUMB: return "GetThumb";
    case SC_PTP_OC_DELETE_OBJECT: return "DeleteObject";
    case SC_PTP_OC_INITIATE_CAPTURE: return "InitiateCapture";
    case SC_PTP_OC_GET_DEVICE_PROP_DESC: return "GetDevicePropDesc";
    case SC_PTP_OC_GET_DEVICE_PROP_VALUE: return "GetDevicePropValue";
    case SC_PTP_OC_SET_DEVICE_PROP_VALUE: return "SetDevicePropValue";
    case SC_PTP_OC_GET_PARTIAL_OBJECT: return "GetPartialObject";
    default: return "Operation";
    }
}
