/* sc-ptp-protocol.h: PTP (ISO 15740) containers, codes and datasets.
 * Pure functions, no I/O (PROTOCOLS.md §2).
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Container types */
#define SC_PTP_CONTAINER_COMMAND  1
#define SC_PTP_CONTAINER_DATA     2
#define SC_PTP_CONTAINER_RESPONSE 3
#define SC_PTP_CONTAINER_EVENT    4

#define SC_PTP_HEADER_SIZE        12
#define SC_PTP_MAX_PARAMS         5
#define SC_PTP_LENGTH_UNKNOWN     0xFFFFFFFFu   /* data phase ≥ 4 GiB: read to the short packet */

/* Operation codes */
#define SC_PTP_OC_GET_DEVICE_INFO         0x1001
#define SC_PTP_OC_OPEN_SESSION            0x1002
#define SC_PTP_OC_CLOSE_SESSION           0x1003
#define SC_PTP_OC_GET_STORAGE_IDS         0x1004
#define SC_PTP_OC_GET_STORAGE_INFO        0x1005
#define SC_PTP_OC_GET_NUM_OBJECTS         0x1006
#define SC_PTP_OC_GET_OBJECT_HANDLES      0x1007
#define SC_PTP_OC_GET_OBJECT_INFO         0x1008
#define SC_PTP_OC_GET_OBJECT              0x1009
#define SC_PTP_OC_GET_THUMB               0x100A
#define SC_PTP_OC_DELETE_OBJECT           0x100B
#define SC_PTP_OC_INITIATE_CAPTURE        0x100E
#define SC_PTP_OC_FORMAT_STORE            0x100F
#define SC_PTP_OC_RESET_DEVICE            0x1010
#define SC_PTP_OC_GET_DEVICE_PROP_DESC    0x1014
#define SC_PTP_OC_GET_DEVICE_PROP_VALUE   0x1015
#define SC_PTP_OC_SET_DEVICE_PROP_VALUE   0x1016
#define SC_PTP_OC_TERMINATE_OPEN_CAPTURE  0x1018
#define SC_PTP_OC_GET_PARTIAL_OBJECT      0x101B
#define SC_PTP_OC_INITIATE_OPEN_CAPTURE   0x101C

/* Response codes */
#define SC_PTP_RC_OK                      0x2001
#define SC_PTP_RC_GENERAL_ERROR           0x2002
#define SC_PTP_RC_SESSION_NOT_OPEN        0x2003
#define SC_PTP_RC_INVALID_TRANSACTION_ID  0x2004
#define SC_PTP_RC_OPERATION_NOT_SUPPORTED 0x2005
#define SC_PTP_RC_PARAMETER_NOT_SUPPORTED 0x2006
#define SC_PTP_RC_INCOMPLETE_TRANSFER     0x2007
#define SC_PTP_RC_INVALID_STORAGE_ID      0x2008
#define SC_PTP_RC_INVALID_OBJECT_HANDLE   0x2009
#define SC_PTP_RC_DEVICE_PROP_NOT_SUPPORTED 0x200A
#define SC_PTP_RC_STORE_FULL              0x200C
#define SC_PTP_RC_OBJECT_WRITE_PROTECTED  0x200D
#define SC_PTP_RC_STORE_READ_ONLY         0x200E
#define SC_PTP_RC_ACCESS_DENIED           0x200F
#define SC_PTP_RC_NO_THUMBNAIL_PRESENT    0x2010
#define SC_PTP_RC_STORE_NOT_AVAILABLE     0x2013
#define SC_PTP_RC_DEVICE_BUSY             0x2019
#define SC_PTP_RC_SESSION_ALREADY_OPEN    0x201E
#define SC_PTP_RC_TRANSACTION_CANCELLED   0x201F

/* Event codes */
#define SC_PTP_EC_CANCEL_TRANSACTION      0x4001
#define SC_PTP_EC_OBJECT_ADDED            0x4002
#define SC_PTP_EC_OBJECT_REMOVED          0x4003
#define SC_PTP_EC_STORE_ADDED             0x4004
#define SC_PTP_EC_STORE_REMOVED           0x4005
#define SC_PTP_EC_DEVICE_PROP_CHANGED     0x4006
#define SC_PTP_EC_OBJECT_INFO_CHANGED     0x4007
#define SC_PTP_EC_DEVICE_INFO_CHANGED     0x4008
#define SC_PTP_EC_STORE_FULL              0x400A
#define SC_PTP_EC_DEVICE_RESET            0x400B
#define SC_PTP_EC_STORAGE_INFO_CHANGED    0x400C
#define SC_PTP_EC_CAPTURE_COMPLETE        0x400D

/* Device properties */
#define SC_PTP_DPC_BATTERY_LEVEL          0x5001
#define SC_PTP_DPC_FUNCTIONAL_MODE        0x5002
#define SC_PTP_DPC_DATE_TIME              0x5011
#define SC_PTP_DPC_STILL_CAPTURE_MODE     0x5013
#define SC_PTP_DPC_THETA_CAPTURE_STATUS   0xD808

/* Data types */
#define SC_PTP_DTC_INT8    0x0001
#define SC_PTP_DTC_UINT8   0x0002
#define SC_PTP_DTC_INT16   0x0003
#define SC_PTP_DTC_UINT16  0x0004
#define SC_PTP_DTC_INT32   0x0005
#define SC_PTP_DTC_UINT32  0x0006
#define SC_PTP_DTC_INT64   0x0007
#define SC_PTP_DTC_UINT64  0x0008
#define SC_PTP_DTC_INT128  0x0009
#define SC_PTP_DTC_UINT128 0x000A
#define SC_PTP_DTC_ARRAY   0x4000
#define SC_PTP_DTC_STR     0xFFFF

/* Object formats */
#define SC_PTP_OFC_ASSOCIATION 0x3001
#define SC_PTP_OFC_EXIF_JPEG   0x3801
#define SC_PTP_OFC_DNG         0x3811
#define SC_PTP_OFC_MPEG        0x300B
#define SC_PTP_OFC_MTP_MP4     0xB982

/* Class-specific control requests (EP0) */
#define SC_PTP_REQ_CANCEL              0x64
#define SC_PTP_REQ_GET_EXT_EVENT_DATA  0x65
#define SC_PTP_REQ_DEVICE_RESET        0x66
#define SC_PTP_REQ_GET_DEVICE_STATUS   0x67

/* USB */
#define SC_PTP_USB_CLASS_IMAGE   0x06
#define SC_PTP_USB_SUBCLASS      0x01
#define SC_PTP_USB_PROTOCOL      0x01
#define SC_PTP_RICOH_VENDOR_ID   0x05CA

typedef struct
{
  guint32 length;
  guint16 type;
  guint16 code;
  guint32 transaction_id;
  guint   n_params;
  guint32 params[SC_PTP_MAX_PARAMS];
} ScPtpContainer;

typedef struct
{
  guint16    standard_version;
  guint32    vendor_extension_id;
  guint16    vendor_extension_version;
  char      *vendor_extension_desc;
  guint16    functional_mode;
  GArray    *operations;          /* guint16 */
  GArray    *events;              /* guint16 */
  GArray    *properties;          /* guint16 */
  GArray    *capture_formats;     /* guint16 */
  GArray    *image_formats;       /* guint16 */
  char      *manufacturer;
  char      *model;
  char      *device_version;
  char      *serial_number;
} ScPtpDeviceInfo;

typedef struct
{
  guint16  storage_type;
  guint16  filesystem_type;
  guint16  access_capability;
  guint64  max_capacity;
  guint64  free_space;
  guint32  free_objects;
  char    *description;
  char    *volume_label;
} ScPtpStorageInfo;

typedef struct
{
  guint32  storage_id;
  guint16  object_format;
  guint16  protection_status;
  guint32  compressed_size;       /* 0xFFFFFFFF: 4 GiB or more */
  guint16  thumb_format;
  guint32  thumb_compressed_size;
  guint32  thumb_width;
  guint32  thumb_height;
  guint32  image_width;
  guint32  image_height;
  guint32  image_bit_depth;
  guint32  parent;
  guint16  association_type;
  guint32  association_desc;
  guint32  sequence_number;
  char    *filename;
  char    *capture_date;
  char    *modification_date;
  char    *keywords;
} ScPtpObjectInfo;

/* A property value: integers in u/i (by sign), strings in str. */
typedef struct
{
  guint16  data_type;
  guint64  u;
  gint64   i;
  char    *str;
} ScPtpValue;

typedef struct
{
  guint16    code;
  guint16    data_type;
  guint8     get_set;
  ScPtpValue factory_default;
  ScPtpValue current;
  guint8     form_flag;           /* 0 none, 1 range, 2 enumeration */
  ScPtpValue range_min;
  ScPtpValue range_max;
  ScPtpValue range_step;
  GPtrArray *enumeration;         /* of ScPtpValue* */
} ScPtpPropDesc;

/* Containers */
gsize     sc_ptp_container_build        (guint8                *buf,
                                         gsize                  buf_size,
                                         guint16                type,
                                         guint16                code,
                                         guint32                transaction_id,
                                         const guint32         *params,
                                         guint                  n_params,
                                         guint32                payload_length);
gboolean  sc_ptp_container_parse        (const guint8          *buf,
                                         gsize                  len,
                                         ScPtpContainer        *out,
                                         GError               **error);
gboolean  sc_ptp_event_parse            (const guint8          *buf,
                                         gsize                  len,
                                         ScPtpContainer        *out,
                                         GError               **error);

/* Little-endian readers over a buffer with a cursor; each returns FALSE
 * (and leaves *pos unchanged) when the data is too short. */
gboolean  sc_ptp_read_u8                (const guint8 *buf, gsize len, gsize *pos, guint8  *out);
gboolean  sc_ptp_read_u16               (const guint8 *buf, gsize len, gsize *pos, guint16 *out);
gboolean  sc_ptp_read_u32               (const guint8 *buf, gsize len, gsize *pos, guint32 *out);
gboolean  sc_ptp_read_u64               (const guint8 *buf, gsize len, gsize *pos, guint64 *out);
gboolean  sc_ptp_read_string            (const guint8 *buf, gsize len, gsize *pos, char   **out);
gboolean  sc_ptp_read_u16_array         (const guint8 *buf, gsize len, gsize *pos, GArray **out);
gboolean  sc_ptp_read_u32_array         (const guint8 *buf, gsize len, gsize *pos, GArray **out);
gboolean  sc_ptp_read_value             (const guint8 *buf, gsize len, gsize *pos,
                                         guint16 data_type, ScPtpValue *out);

/* Writers (append to a GByteArray). */
void      sc_ptp_write_u16              (GByteArray *out, guint16 value);
void      sc_ptp_write_u32              (GByteArray *out, guint32 value);
void      sc_ptp_write_string           (GByteArray *out, const char *utf8);

/* Datasets */
ScPtpDeviceInfo  *sc_ptp_device_info_parse   (const guint8 *buf, gsize len, GError **error);
void              sc_ptp_device_info_free    (ScPtpDeviceInfo *info);
gboolean          sc_ptp_device_info_has_operation (const ScPtpDeviceInfo *info, guint16 code);
gboolean          sc_ptp_device_info_has_property  (const ScPtpDeviceInfo *info, guint16 code);
ScPtpStorageInfo *sc_ptp_storage_info_parse  (const guint8 *buf, gsize len, GError **error);
void              sc_ptp_storage_info_free   (ScPtpStorageInfo *info);
ScPtpObjectInfo  *sc_ptp_object_info_parse   (const guint8 *buf, gsize len, GError **error);
void              sc_ptp_object_info_free    (ScPtpObjectInfo *info);
ScPtpPropDesc    *sc_ptp_prop_desc_parse     (const guint8 *buf, gsize len, GError **error);
void              sc_ptp_prop_desc_free      (ScPtpPropDesc *desc);
void              sc_ptp_value_clear         (ScPtpValue *value);

/* Date/time "YYYYMMDDThhmmss[.s][Z|±hhmm]" ↔ GDateTime (NULL if invalid) */
GDateTime        *sc_ptp_parse_date_time     (const char *text);
char             *sc_ptp_format_date_time    (GDateTime *date_time);

const char       *sc_ptp_response_name       (guint16 code);
const char       *sc_ptp_operation_name      (guint16 code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScPtpDeviceInfo, sc_ptp_device_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScPtpStorageInfo, sc_ptp_storage_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScPtpObjectInfo, sc_ptp_object_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScPtpPropDesc, sc_ptp_prop_desc_free)

G_END_DECLS
