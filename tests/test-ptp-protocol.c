/* test-ptp-protocol.c: the pure PTP code against the spec's own layouts
 * (PROTOCOLS.md §2) and a fuzz loop of random and truncated buffers.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sc-core.h"
#include "sc-ptp-protocol.h"

static void
test_container_command (void)
{
  /* OpenSession(SessionID 1) with TransactionID 0: 16 bytes. */
  static const guint8 expected[] = {
    0x10, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x10,
    0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
  };
  guint8 buf[32];
  guint32 param = 1;
  ScPtpContainer c;
  g_autoptr(GError) error = NULL;
  gsize n;

  n = sc_ptp_container_build (buf, sizeof buf, SC_PTP_CONTAINER_COMMAND,
                              SC_PTP_OC_OPEN_SESSION, 0, &param, 1, 0);
  g_assert_cmpuint (n, ==, 16);
  g_assert_cmpmem (buf, n, expected, sizeof expected);

  g_assert_true (sc_ptp_container_parse (buf, n, &c, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.length, ==, 16);
  g_assert_cmpuint (c.type, ==, SC_PTP_CONTAINER_COMMAND);
  g_assert_cmpuint (c.code, ==, 0x1002);
  g_assert_cmpuint (c.transaction_id, ==, 0);
  g_assert_cmpuint (c.n_params, ==, 1);
  g_assert_cmpuint (c.params[0], ==, 1);

  /* Max 5 params: 32 bytes; 6 do not fit. */
  {
    guint32 params[6] = { 1, 2, 3, 4, 5, 6 };

    g_assert_cmpuint (sc_ptp_container_build (buf, sizeof buf, SC_PTP_CONTAINER_COMMAND,
                                              0x1007, 7, params, 5, 0), ==, 32);
    g_assert_cmpuint (sc_ptp_container_build (buf, sizeof buf, SC_PTP_CONTAINER_COMMAND,
                                              0x1007, 7, params, 6, 0), ==, 0);
    g_assert_cmpuint (sc_ptp_container_build (buf, 8, SC_PTP_CONTAINER_COMMAND,
                                              0x1007, 7, params, 1, 0), ==, 0);
  }
}

static void
test_container_response (void)
{
  /* Response OK to transaction 5 with one parameter (GetNumObjects). */
  static const guint8 resp[] = {
    0x10, 0x00, 0x00, 0x00, 0x03, 0x00, 0x01, 0x20,
    0x05, 0x00, 0x00, 0x00, 0x2A, 0x00, 0x00, 0x00,
  };
  ScPtpContainer c;
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_ptp_container_parse (resp, sizeof resp, &c, &error));
  g_assert_cmpuint (c.type, ==, SC_PTP_CONTAINER_RESPONSE);
  g_assert_cmpuint (c.code, ==, SC_PTP_RC_OK);
  g_assert_cmpuint (c.transaction_id, ==, 5);
  g_assert_cmpuint (c.n_params, ==, 1);
  g_assert_cmpuint (c.params[0], ==, 42);

  /* The length field disagrees with what was read. */
  g_assert_false (sc_ptp_container_parse (resp, sizeof resp - 4, &c, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* Unknown container type. */
  {
    guint8 bad[sizeof resp];

    memcpy (bad, resp, sizeof resp);
    bad[4] = 9;
    g_assert_false (sc_ptp_container_parse (bad, sizeof bad, &c, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_clear_error (&error);
  }
}

static void
test_container_data (void)
{
  guint8 buf[16];
  ScPtpContainer c;
  g_autoptr(GError) error = NULL;

  /* A data container announces header + payload. */
  g_assert_cmpuint (sc_ptp_container_build (buf, sizeof buf, SC_PTP_CONTAINER_DATA,
                                            SC_PTP_OC_GET_OBJECT, 3, NULL, 0, 1000), ==, 12);
  g_assert_true (sc_ptp_container_parse (buf, 12, &c, &error));
  g_assert_cmpuint (c.length, ==, 1012);
  g_assert_cmpuint (c.type, ==, SC_PTP_CONTAINER_DATA);
  g_assert_cmpuint (c.code, ==, SC_PTP_OC_GET_OBJECT);

  /* ≥ 4 GiB: the length field is 0xFFFFFFFF ("read to the short packet"). */
  g_assert_cmpuint (sc_ptp_container_build (buf, sizeof buf, SC_PTP_CONTAINER_DATA,
                                            SC_PTP_OC_GET_OBJECT, 3, NULL, 0, 0xFFFFFFF8u), ==, 12);
  g_assert_true (sc_ptp_container_parse (buf, 12, &c, &error));
  g_assert_cmpuint (c.length, ==, SC_PTP_LENGTH_UNKNOWN);

  /* A data container shorter than its header is invalid. */
  buf[0] = 8; buf[1] = buf[2] = buf[3] = 0;
  g_assert_false (sc_ptp_container_parse (buf, 12, &c, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_event (void)
{
  /* ObjectAdded(handle 0x12) from the interrupt endpoint. */
  static const guint8 ev[] = {
    0x10, 0x00, 0x00, 0x00, 0x04, 0x00, 0x02, 0x40,
    0xFF, 0xFF, 0xFF, 0xFF, 0x12, 0x00, 0x00, 0x00,
  };
  ScPtpContainer c;
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_ptp_event_parse (ev, sizeof ev, &c, &error));
  g_assert_cmpuint (c.code, ==, SC_PTP_EC_OBJECT_ADDED);
  g_assert_cmpuint (c.params[0], ==, 0x12);

  /* Four parameters (28 bytes) is not an event. */
  {
    guint8 buf[32];
    guint32 params[4] = { 1, 2, 3, 4 };
    gsize n = sc_ptp_container_build (buf, sizeof buf, SC_PTP_CONTAINER_EVENT,
                                      SC_PTP_EC_CAPTURE_COMPLETE, 1, params, 4, 0);

    g_assert_false (sc_ptp_event_parse (buf, n, &c, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_clear_error (&error);
  }

  /* A response is not an event either. */
  {
    guint8 buf[32];
    gsize n = sc_ptp_container_build (buf, sizeof buf, SC_PTP_CONTAINER_RESPONSE,
                                      SC_PTP_RC_OK, 1, NULL, 0, 0);

    g_assert_false (sc_ptp_event_parse (buf, n, &c, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }
}

static void
test_string (void)
{
  /* "Hi": count 3 (incl. NUL), then UCS-2LE. */
  static const guint8 hi[] = { 0x03, 'H', 0, 'i', 0, 0, 0 };
  static const guint8 empty[] = { 0x00 };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree char *s = NULL;
  g_autofree char *e = NULL;
  g_autofree char *u = NULL;
  g_autofree char *t = NULL;
  gsize p = 0;

  g_assert_true (sc_ptp_read_string (hi, sizeof hi, &p, &s));
  g_assert_cmpstr (s, ==, "Hi");
  g_assert_cmpuint (p, ==, sizeof hi);

  sc_ptp_write_string (out, "Hi");
  g_assert_cmpmem (out->data, out->len, hi, sizeof hi);

  p = 0;
  g_assert_true (sc_ptp_read_string (empty, sizeof empty, &p, &e));
  g_assert_cmpstr (e, ==, "");
  g_byte_array_set_size (out, 0);
  sc_ptp_write_string (out, "");
  g_assert_cmpmem (out->data, out->len, empty, sizeof empty);
  g_byte_array_set_size (out, 0);
  sc_ptp_write_string (out, NULL);
  g_assert_cmpmem (out->data, out->len, empty, sizeof empty);

  /* Non-ASCII and a surrogate pair survive the round trip. */
  g_byte_array_set_size (out, 0);
  sc_ptp_write_string (out, "Kamera ÄÖ 360° 📷");
  p = 0;
  g_assert_true (sc_ptp_read_string (out->data, out->len, &p, &u));
  g_assert_cmpstr (u, ==, "Kamera ÄÖ 360° 📷");
  g_assert_cmpuint (p, ==, out->len);

  /* No terminator, truncated, lone surrogate: all refused, cursor kept. */
  {
    static const guint8 no_nul[] = { 0x02, 'H', 0, 'i', 0 };
    static const guint8 truncated[] = { 0x03, 'H', 0, 'i' };
    static const guint8 lone[] = { 0x02, 0x00, 0xD8, 0, 0 };
    char *bad = NULL;

    p = 0;
    g_assert_false (sc_ptp_read_string (no_nul, sizeof no_nul, &p, &bad));
    g_assert_false (sc_ptp_read_string (truncated, sizeof truncated, &p, &bad));
    g_assert_false (sc_ptp_read_string (lone, sizeof lone, &p, &bad));
    g_assert_cmpuint (p, ==, 0);
    g_assert_null (bad);
  }

  /* Writers cut long strings to 255 code units with the NUL. */
  {
    g_autofree char *longer = g_strnfill (400, 'x');

    g_byte_array_set_size (out, 0);
    sc_ptp_write_string (out, longer);
    g_assert_cmpuint (out->data[0], ==, 255);
    g_assert_cmpuint (out->len, ==, 1 + 255 * 2);
    p = 0;
    g_assert_true (sc_ptp_read_string (out->data, out->len, &p, &t));
    g_assert_cmpuint (strlen (t), ==, 254);
  }
}

static void
test_arrays (void)
{
  static const guint8 a16[] = { 0x02, 0, 0, 0, 0x01, 0x10, 0x02, 0x10 };
  static const guint8 a32[] = { 0x01, 0, 0, 0, 0x01, 0x00, 0x01, 0x00 };
  g_autoptr(GArray) ops = NULL;
  g_autoptr(GArray) ids = NULL;
  GArray *bad = NULL;
  gsize p = 0;

  g_assert_true (sc_ptp_read_u16_array (a16, sizeof a16, &p, &ops));
  g_assert_cmpuint (ops->len, ==, 2);
  g_assert_cmpuint (g_array_index (ops, guint16, 0), ==, 0x1001);
  g_assert_cmpuint (g_array_index (ops, guint16, 1), ==, 0x1002);

  p = 0;
  g_assert_true (sc_ptp_read_u32_array (a32, sizeof a32, &p, &ids));
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpuint (g_array_index (ids, guint32, 0), ==, 0x00010001);   /* THETA SD, usable */

  /* A count larger than the data. */
  {
    static const guint8 huge[] = { 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x10 };

    p = 0;
    g_assert_false (sc_ptp_read_u16_array (huge, sizeof huge, &p, &bad));
    g_assert_null (bad);
    g_assert_cmpuint (p, ==, 0);
  }
}

static void
put_u16_array (GByteArray    *out,
               const guint16 *values,
               guint          n)
{
  sc_ptp_write_u32 (out, n);
  for (guint i = 0; i < n; i++)
    sc_ptp_write_u16 (out, values[i]);
}

static GByteArray *
build_device_info (void)
{
  static const guint16 ops[] = { 0x1001, 0x1002, 0x1003, 0x1004, 0x1005, 0x1007,
                                 0x1008, 0x1009, 0x100A, 0x100B, 0x100E, 0x101B };
  static const guint16 events[] = { 0x4002, 0x400A, 0x400D };
  static const guint16 props[] = { 0x5001, 0x5011, 0x5013, 0xD808 };
  static const guint16 formats[] = { 0x3801, 0xB982 };
  GByteArray *out = g_byte_array_new ();

  sc_ptp_write_u16 (out, 100);
  sc_ptp_write_u32 (out, 0x00000006);
  sc_ptp_write_u16 (out, 110);
  sc_ptp_write_string (out, "microsoft.com: 1.0;");
  sc_ptp_write_u16 (out, 0);
  put_u16_array (out, ops, G_N_ELEMENTS (ops));
  put_u16_array (out, events, G_N_ELEMENTS (events));
  put_u16_array (out, props, G_N_ELEMENTS (props));
  put_u16_array (out, formats, G_N_ELEMENTS (formats));
  put_u16_array (out, formats, G_N_ELEMENTS (formats));
  sc_ptp_write_string (out, "Ricoh Company, Ltd.");
  sc_ptp_write_string (out, "RICOH THETA V");
  sc_ptp_write_string (out, "3.82.1");
  sc_ptp_write_string (out, "00105377");
  return out;
}

static void
test_device_info (void)
{
  g_autoptr(GByteArray) data = build_device_info ();
  g_autoptr(ScPtpDeviceInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = sc_ptp_device_info_parse (data->data, data->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_cmpuint (info->standard_version, ==, 100);
  g_assert_cmpuint (info->vendor_extension_id, ==, 6);
  g_assert_cmpuint (info->vendor_extension_version, ==, 110);
  g_assert_cmpstr (info->vendor_extension_desc, ==, "microsoft.com: 1.0;");
  g_assert_cmpuint (info->operations->len, ==, 12);
  g_assert_cmpuint (info->events->len, ==, 3);
  g_assert_cmpstr (info->manufacturer, ==, "Ricoh Company, Ltd.");
  g_assert_cmpstr (info->model, ==, "RICOH THETA V");
  g_assert_cmpstr (info->device_version, ==, "3.82.1");
  g_assert_cmpstr (info->serial_number, ==, "00105377");
  g_assert_true (sc_ptp_device_info_has_operation (info, SC_PTP_OC_GET_PARTIAL_OBJECT));
  g_assert_false (sc_ptp_device_info_has_operation (info, SC_PTP_OC_FORMAT_STORE));
  g_assert_true (sc_ptp_device_info_has_property (info, SC_PTP_DPC_BATTERY_LEVEL));
  g_assert_false (sc_ptp_device_info_has_property (info, 0x5003));

  /* Every truncation fails cleanly. */
  for (guint len = 0; len < data->len; len++)
    {
      ScPtpDeviceInfo *cut = sc_ptp_device_info_parse (data->data, len, &error);

      g_assert_null (cut);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_clear_error (&error);
    }
}

static void
test_storage_info (void)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(ScPtpStorageInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  guint64 capacity = G_GUINT64_CONSTANT (19327352832);
  guint64 free_space = G_GUINT64_CONSTANT (10737418240);

  sc_ptp_write_u16 (out, 3);                       /* FixedRAM */
  sc_ptp_write_u16 (out, 2);                       /* hierarchical */
  sc_ptp_write_u16 (out, 0);                       /* RW */
  sc_ptp_write_u32 (out, (guint32)capacity);
  sc_ptp_write_u32 (out, (guint32)(capacity >> 32));
  sc_ptp_write_u32 (out, (guint32)free_space);
  sc_ptp_write_u32 (out, (guint32)(free_space >> 32));
  sc_ptp_write_u32 (out, 1234);
  sc_ptp_write_string (out, "Internal Memory");
  sc_ptp_write_string (out, "");

  info = sc_ptp_storage_info_parse (out->data, out->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->storage_type, ==, 3);
  g_assert_cmpuint (info->filesystem_type, ==, 2);
  g_assert_cmpuint (info->max_capacity, ==, capacity);
  g_assert_cmpuint (info->free_space, ==, free_space);
  g_assert_cmpuint (info->free_objects, ==, 1234);
  g_assert_cmpstr (info->description, ==, "Internal Memory");
  g_assert_cmpstr (info->volume_label, ==, "");

  for (guint len = 0; len < out->len; len++)
    {
      ScPtpStorageInfo *cut = sc_ptp_storage_info_parse (out->data, len, &error);

      g_assert_null (cut);
      g_clear_error (&error);
    }
}

static GByteArray *
build_object_info (guint32     size,
                   const char *name)
{
  GByteArray *out = g_byte_array_new ();

  sc_ptp_write_u32 (out, 0x00010001);   /* StorageID */
  sc_ptp_write_u16 (out, SC_PTP_OFC_EXIF_JPEG);
  sc_ptp_write_u16 (out, 0);
  sc_ptp_write_u32 (out, size);
  sc_ptp_write_u16 (out, SC_PTP_OFC_EXIF_JPEG);
  sc_ptp_write_u32 (out, 5000);
  sc_ptp_write_u32 (out, 160);
  sc_ptp_write_u32 (out, 80);
  sc_ptp_write_u32 (out, 5376);
  sc_ptp_write_u32 (out, 2688);
  sc_ptp_write_u32 (out, 24);
  sc_ptp_write_u32 (out, 0x00000003);   /* parent folder handle */
  sc_ptp_write_u16 (out, 0);
  sc_ptp_write_u32 (out, 0);
  sc_ptp_write_u32 (out, 7);
  g_assert_cmpuint (out->len, ==, 52);  /* Filename at offset 52 */
  sc_ptp_write_string (out, name);
  sc_ptp_write_string (out, "20250904T103045");
  sc_ptp_write_string (out, "20250904T103046+0900");
  sc_ptp_write_string (out, "");
  return out;
}

static void
test_object_info (void)
{
  g_autoptr(GByteArray) data = build_object_info (4567890, "R0010012.JPG");
  g_autoptr(ScPtpObjectInfo) info = NULL;
  g_autoptr(ScPtpObjectInfo) big = NULL;
  g_autoptr(GByteArray) big_data = build_object_info (0xFFFFFFFF, "R0010013.MP4");
  g_autoptr(GError) error = NULL;

  info = sc_ptp_object_info_parse (data->data, data->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->storage_id, ==, 0x00010001);
  g_assert_cmpuint (info->object_format, ==, SC_PTP_OFC_EXIF_JPEG);
  g_assert_cmpuint (info->compressed_size, ==, 4567890);
  g_assert_cmpuint (info->thumb_compressed_size, ==, 5000);
  g_assert_cmpuint (info->image_width, ==, 5376);
  g_assert_cmpuint (info->image_height, ==, 2688);
  g_assert_cmpuint (info->parent, ==, 3);
  g_assert_cmpuint (info->sequence_number, ==, 7);
  g_assert_cmpstr (info->filename, ==, "R0010012.JPG");
  g_assert_cmpstr (info->capture_date, ==, "20250904T103045");
  g_assert_cmpstr (info->modification_date, ==, "20250904T103046+0900");

  big = sc_ptp_object_info_parse (big_data->data, big_data->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (big->compressed_size, ==, 0xFFFFFFFF);

  /* Without the file name it is invalid; without the dates it is fine. */
  for (guint len = 0; len < 52 + 1 + 13 * 2; len++)
    {
      ScPtpObjectInfo *cut = sc_ptp_object_info_parse (data->data, len, &error);

      g_assert_null (cut);
      g_clear_error (&error);
    }
  for (guint len = 52 + 1 + 13 * 2; len <= data->len; len++)
    {
      ScPtpObjectInfo *cut = sc_ptp_object_info_parse (data->data, len, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (cut->filename, ==, "R0010012.JPG");
      sc_ptp_object_info_free (cut);
    }
}

static void
test_prop_desc_battery (void)
{
  /* BatteryLevel 0x5001: UINT8, get only, default 100, current 67,
   * Range 0…100 step 1. */
  static const guint8 desc_bytes[] = {
    0x01, 0x50, 0x02, 0x00, 0x00, 100, 67, 0x01, 0, 100, 1,
  };
  g_autoptr(ScPtpPropDesc) desc = NULL;
  g_autoptr(GError) error = NULL;

  desc = sc_ptp_prop_desc_parse (desc_bytes, sizeof desc_bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (desc->code, ==, SC_PTP_DPC_BATTERY_LEVEL);
  g_assert_cmpuint (desc->data_type, ==, SC_PTP_DTC_UINT8);
  g_assert_cmpuint (desc->get_set, ==, 0);
  g_assert_cmpuint (desc->factory_default.u, ==, 100);
  g_assert_cmpuint (desc->current.u, ==, 67);
  g_assert_cmpuint (desc->form_flag, ==, 1);
  g_assert_cmpuint (desc->range_min.u, ==, 0);
  g_assert_cmpuint (desc->range_max.u, ==, 100);
  g_assert_cmpuint (desc->range_step.u, ==, 1);

  for (guint len = 0; len < sizeof desc_bytes; len++)
    {
      ScPtpPropDesc *cut = sc_ptp_prop_desc_parse (desc_bytes, len, &error);

      /* Cut right before FormFlag is tolerated (no form). */
      if (len == 7)
        {
          g_assert_nonnull (cut);
          g_assert_cmpuint (cut->form_flag, ==, 0);
          sc_ptp_prop_desc_free (cut);
          continue;
        }
      g_assert_null (cut);
      g_clear_error (&error);
    }
}

static void
test_prop_desc_date_time (void)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(ScPtpPropDesc) desc = NULL;
  g_autoptr(ScPtpPropDesc) enum_desc = NULL;
  g_autoptr(GError) error = NULL;
  guint8 flag = 0, get_set = 1;

  sc_ptp_write_u16 (out, SC_PTP_DPC_DATE_TIME);
  sc_ptp_write_u16 (out, SC_PTP_DTC_STR);
  g_byte_array_append (out, &get_set, 1);
  sc_ptp_write_string (out, "");
  sc_ptp_write_string (out, "20250904T103045+0900");
  g_byte_array_append (out, &flag, 1);

  desc = sc_ptp_prop_desc_parse (out->data, out->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (desc->data_type, ==, SC_PTP_DTC_STR);
  g_assert_cmpuint (desc->get_set, ==, 1);
  g_assert_cmpstr (desc->current.str, ==, "20250904T103045+0900");
  g_assert_cmpuint (desc->form_flag, ==, 0);

  /* StillCaptureMode, UINT16 enumeration {1, 0x8002}. */
  g_byte_array_set_size (out, 0);
  sc_ptp_write_u16 (out, SC_PTP_DPC_STILL_CAPTURE_MODE);
  sc_ptp_write_u16 (out, SC_PTP_DTC_UINT16);
  g_byte_array_append (out, &get_set, 1);
  sc_ptp_write_u16 (out, 1);
  sc_ptp_write_u16 (out, 0x8002);
  flag = 2;
  g_byte_array_append (out, &flag, 1);
  sc_ptp_write_u16 (out, 2);
  sc_ptp_write_u16 (out, 1);
  sc_ptp_write_u16 (out, 0x8002);
  enum_desc = sc_ptp_prop_desc_parse (out->data, out->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (enum_desc->current.u, ==, 0x8002);
  g_assert_cmpuint (enum_desc->enumeration->len, ==, 2);
  g_assert_cmpuint (((ScPtpValue *)g_ptr_array_index (enum_desc->enumeration, 1))->u, ==, 0x8002);
}

static void
test_values (void)
{
  /* INT16 −700 (ExposureBias −0.7 EV), UINT64 ShutterSpeed 1/100
   * (denominator then numerator on the wire), an array skipped. */
  static const guint8 i16[] = { 0x44, 0xFD };
  static const guint8 u64[] = { 100, 0, 0, 0, 1, 0, 0, 0 };
  static const guint8 arr[] = { 2, 0, 0, 0, 1, 0, 2, 0, 0xAA };
  ScPtpValue v;
  gsize p = 0;

  g_assert_true (sc_ptp_read_value (i16, sizeof i16, &p, SC_PTP_DTC_INT16, &v));
  g_assert_cmpint (v.i, ==, -700);
  p = 0;
  g_assert_true (sc_ptp_read_value (u64, sizeof u64, &p, SC_PTP_DTC_UINT64, &v));
  g_assert_cmpuint (v.u >> 32, ==, 1);
  g_assert_cmpuint (v.u & 0xFFFFFFFF, ==, 100);
  p = 0;
  g_assert_true (sc_ptp_read_value (arr, sizeof arr, &p, SC_PTP_DTC_ARRAY | SC_PTP_DTC_UINT16, &v));
  g_assert_cmpuint (v.u, ==, 2);
  g_assert_cmpuint (p, ==, 8);
  p = 0;
  g_assert_false (sc_ptp_read_value (arr, sizeof arr, &p, 0x1234, &v));
}

static void
test_date_time (void)
{
  g_autoptr(GDateTime) a = sc_ptp_parse_date_time ("20250904T103045+0900");
  g_autoptr(GDateTime) b = sc_ptp_parse_date_time ("20250904T013045Z");
  g_autoptr(GDateTime) c = sc_ptp_parse_date_time ("20250904T103045.5-0130");
  g_autofree char *text = NULL;

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_true (g_date_time_equal (a, b));
  g_assert_nonnull (c);
  g_assert_cmpint (g_date_time_get_microsecond (c), ==, 500000);
  g_assert_cmpint (g_date_time_get_utc_offset (c), ==, -(90 * G_TIME_SPAN_MINUTE));

  text = sc_ptp_format_date_time (a);
  g_assert_cmpstr (text, ==, "20250904T103045+0900");
  g_free (text);
  text = sc_ptp_format_date_time (b);
  g_assert_cmpstr (text, ==, "20250904T013045Z");
  g_free (text);
  text = sc_ptp_format_date_time (c);
  g_assert_cmpstr (text, ==, "20250904T103045-0130");

  g_assert_null (sc_ptp_parse_date_time (NULL));
  g_assert_null (sc_ptp_parse_date_time (""));
  g_assert_null (sc_ptp_parse_date_time ("2025-09-04T10:30:45"));
  g_assert_null (sc_ptp_parse_date_time ("20250904T103045+09"));
  g_assert_null (sc_ptp_parse_date_time ("20251304T103045Z"));
  g_assert_null (sc_ptp_parse_date_time ("20250904T103045."));
}

/* Random, truncated and bit-flipped buffers never crash a parser, never
 * read out of bounds (ASan in CI) and never succeed with a cursor past the
 * end. */
static void
test_fuzz (void)
{
  g_autoptr(GByteArray) dev = build_device_info ();
  g_autoptr(GByteArray) obj = build_object_info (1234, "R0010001.JPG");
  GRand *rand = g_rand_new_with_seed (0x5C07u);
  const GByteArray *seeds[] = { dev, obj };

  for (guint round = 0; round < 20000; round++)
    {
      guint8 buf[600];
      gsize len;
      ScPtpContainer c;

      if (round % 2 == 0)
        {
          const GByteArray *seed = seeds[round % 4 / 2];

          len = MIN (seed->len, sizeof buf);
          memcpy (buf, seed->data, len);
          for (guint flips = g_rand_int_range (rand, 1, 6); flips > 0; flips--)
            buf[g_rand_int_range (rand, 0, len)] = (guint8)g_rand_int_range (rand, 0, 256);
          len = g_rand_int_range (rand, 0, len + 1);
        }
      else
        {
          len = g_rand_int_range (rand, 0, sizeof buf);
          for (gsize i = 0; i < len; i++)
            buf[i] = (guint8)g_rand_int_range (rand, 0, 256);
          /* Bias towards plausible headers now and then. */
          if (len >= 12 && round % 3 == 0)
            {
              buf[0] = (guint8)len; buf[1] = buf[2] = buf[3] = 0;
              buf[4] = (guint8)g_rand_int_range (rand, 1, 5); buf[5] = 0;
            }
        }

      sc_ptp_device_info_free (sc_ptp_device_info_parse (buf, len, NULL));
      sc_ptp_storage_info_free (sc_ptp_storage_info_parse (buf, len, NULL));
      sc_ptp_object_info_free (sc_ptp_object_info_parse (buf, len, NULL));
      sc_ptp_prop_desc_free (sc_ptp_prop_desc_parse (buf, len, NULL));
      if (sc_ptp_container_parse (buf, len, &c, NULL))
        {
          g_assert_cmpuint (c.n_params, <=, SC_PTP_MAX_PARAMS);
          if (c.type != SC_PTP_CONTAINER_DATA)
            g_assert_cmpuint (c.length, ==, len);
        }
      if (sc_ptp_event_parse (buf, len, &c, NULL))
        g_assert_cmpuint (c.n_params, <=, 3);

      {
        gsize p = 0;
        char *s = NULL;
        GArray *a = NULL;

        if (sc_ptp_read_string (buf, len, &p, &s))
          {
            g_assert_cmpuint (p, <=, len);
            g_assert_true (g_utf8_validate (s, -1, NULL));
            g_free (s);
          }
        p = 0;
        if (sc_ptp_read_u32_array (buf, len, &p, &a))
          {
            g_assert_cmpuint (p, <=, len);
            g_array_unref (a);
          }
      }
    }

  g_rand_free (rand);
}

/* The "usb:" dispatch and the camera's URI rules, without a device. */
static void
test_camera_uri (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCamera) camera = sc_camera_new_for_uri ("usb:3:7", NULL, NULL, &error);
  ScCamera *bad;

  g_assert_no_error (error);
  g_assert_true (SC_IS_PTP_CAMERA (camera));
  g_assert_cmpstr (sc_camera_get_uri (camera), ==, "usb:3:7");
  g_assert_cmpstr (sc_camera_get_id (camera), ==, "usb:3:7");
  g_assert_cmpuint (sc_ptp_camera_get_bus_number (SC_PTP_CAMERA (camera)), ==, 3);
  g_assert_cmpuint (sc_ptp_camera_get_device_address (SC_PTP_CAMERA (camera)), ==, 7);
  g_assert_null (sc_ptp_camera_get_holder (SC_PTP_CAMERA (camera)));
  g_assert_false (sc_camera_is_connected (camera));

  bad = sc_camera_new_for_uri ("usb:3", NULL, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  bad = sc_camera_new_for_uri ("usb:0:300", NULL, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
on_connect_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (sc_camera_connect_finish (SC_CAMERA (object), result, error));
}

/* No device at that address: a clear NO_DEVICE error from the worker,
 * delivered in the caller's main context. */
static void
test_camera_no_device (void)
{
  g_autoptr(ScPtpCamera) camera = sc_ptp_camera_new (255, 127);
  GError *error = NULL;

  sc_camera_connect_async (SC_CAMERA (camera), NULL, on_connect_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE);
  g_assert_false (sc_camera_is_connected (SC_CAMERA (camera)));
  g_error_free (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ptp/protocol/container/command", test_container_command);
  g_test_add_func ("/ptp/protocol/container/response", test_container_response);
  g_test_add_func ("/ptp/protocol/container/data", test_container_data);
  g_test_add_func ("/ptp/protocol/event", test_event);
  g_test_add_func ("/ptp/protocol/string", test_string);
  g_test_add_func ("/ptp/protocol/arrays", test_arrays);
  g_test_add_func ("/ptp/protocol/device-info", test_device_info);
  g_test_add_func ("/ptp/protocol/storage-info", test_storage_info);
  g_test_add_func ("/ptp/protocol/object-info", test_object_info);
  g_test_add_func ("/ptp/protocol/prop-desc/battery", test_prop_desc_battery);
  g_test_add_func ("/ptp/protocol/prop-desc/date-time", test_prop_desc_date_time);
  g_test_add_func ("/ptp/protocol/values", test_values);
  g_test_add_func ("/ptp/protocol/date-time", test_date_time);
  g_test_add_func ("/ptp/protocol/fuzz", test_fuzz);
  g_test_add_func ("/ptp/camera/uri", test_camera_uri);
  g_test_add_func ("/ptp/camera/no-device", test_camera_no_device);

  return g_test_run ();
}
