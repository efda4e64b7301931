/* sc-ptp-responder-private.h: what the sc-ptp-responder*.c files share
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sc-ptp-responder.h"

G_BEGIN_DECLS

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

/* ScPtpResponder: the emulated THETA V. The struct is shared by
 * sc-ptp-responder*.c; the work is split by concern:
 *   sc-ptp-responder.c        the object, its device in the testbed, the
 *                             test API (faults are armed there)
 *   sc-ptp-responder-usb.c    the usbdevfs ioctls: URBs, the bulk and
 *                             interrupt pipes, control transfers (stall,
 *                             device-gone faults)
 *   sc-ptp-responder-ptp.c    PTP containers, datasets and operations
 *                             (short-packet, wrong-transaction-id,
 *                             store-full faults)
 *   sc-ptp-responder-store.c  the rendered media, the lazy big object, the
 *                             object list
 * The ioctls are answered on umockdev's worker thread with self->lock
 * held; the public functions take it too. */
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

/* The photos every responder serves, rendered once per process. */
typedef struct
{
  GBytes *jpegs[SC_PTP_RESPONDER_N_PHOTOS + 1];   /* the last one is for captures */
  GBytes *thumbs[SC_PTP_RESPONDER_N_PHOTOS + 1];
} Media;

/* Little-endian fields of PTP containers and USB requests. */
static inline void
put_u16 (GByteArray *array,
         guint16     value)
{
  guint8 b[2] = { value & 0xff, value >> 8 };

  g_byte_array_append (array, b, 2);
}

static inline void
put_u32 (GByteArray *array,
         guint32     value)
{
  guint8 b[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };

  g_byte_array_append (array, b, 4);
}

static inline guint16
get_u16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static inline guint32
get_u32 (const guint8 *p)
{
  return (guint32)p[0] | ((guint32)p[1] << 8) | ((guint32)p[2] << 16) | ((guint32)p[3] << 24);
}

/* sc-ptp-responder-store.c */
const Media *_sc_ptp_responder_get_media            (void);
void         _sc_ptp_object_free                    (PtpObject           *object);
PtpObject   *_sc_ptp_responder_add_object           (ScPtpResponder      *self,
                                                     guint32              parent,
                                                     guint16              format,
                                                     const char          *name,
                                                     GBytes              *data,
                                                     GBytes              *thumb);
PtpObject   *_sc_ptp_responder_find_object          (ScPtpResponder      *self,
                                                     guint32              handle);

/* sc-ptp-responder-ptp.c */
void         _sc_ptp_in_container_free              (InContainer         *container);
void         _sc_ptp_responder_consume_out          (ScPtpResponder      *self,
                                                     const guint8        *data,
                                                     gsize                length);

/* sc-ptp-responder-usb.c */
void         _sc_ptp_urb_free                       (Urb                 *urb);
gboolean     _sc_ptp_responder_on_handle_ioctl_cb   (UMockdevIoctlBase   *handler,
                                                     UMockdevIoctlClient *client,
                                                     ScPtpResponder      *self);

G_END_DECLS
