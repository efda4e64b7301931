/* sc-ptp-transport.c: PTP over USB bulk/interrupt pipes with libusb-1.0
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-ptp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libusb.h>
#include <string.h>

#include "sc-error.h"
#include "sc-ptp-camera-private.h"
#include "sc-usb-monitor.h"

/* Everything here blocks and runs on the camera's worker thread. Every
 * libusb transfer has a timeout. A stall (LIBUSB_ERROR_PIPE) or a broken
 * data phase is followed by _sc_ptp_transport_recover() (Get Device
 * Status, clear halt on both bulk pipes, drain stale packets), so the next
 * transaction starts clean. */

#define CHUNK_SIZE     (256 * 1024)
#define EVENT_SIZE     64
#define DRAIN_TIMEOUT  100

struct _ScPtpTransport
{
  libusb_context       *ctx;
  libusb_device_handle *handle;
  int                   interface;
  guint8                ep_in;
  guint8                ep_out;
  guint8                ep_int;
  guint16               max_packet;
  guint16               vendor_id;
  guint16               product_id;
  guint                 timeout_ms;
  guint32               session_id;
  guint32               next_tid;
  gboolean              session_open;
  guint8               *chunk;
};

/* Known cameras whose PTP interface is vendor-specific (class 0xFF) on
 * some firmware: RICOH THETA m15, S, SC, V, Z1 (PROTOCOLS.md §2.1). */
static const struct { guint16 vid, pid; } known_cameras[] = {
  { SC_PTP_RICOH_VENDOR_ID, 0x0365 },
  { SC_PTP_RICOH_VENDOR_ID, 0x0366 },
  { SC_PTP_RICOH_VENDOR_ID, 0x0367 },
  { SC_PTP_RICOH_VENDOR_ID, 0x0368 },
  { SC_PTP_RICOH_VENDOR_ID, 0x036D },
};

gboolean
sc_usb_is_known_ptp_camera (guint16 vendor_id,
                            guint16 product_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_cameras); i++)
    if (known_cameras[i].vid == vendor_id && known_cameras[i].pid == product_id)
      return TRUE;
  return FALSE;
}

gboolean
_sc_ptp_usb_interface_matches (guint16 vendor_id,
                               guint16 product_id,
                               guint8  klass,
                               guint8  subclass,
                               guint8  protocol)
{
  if (klass == SC_PTP_USB_CLASS_IMAGE && subclass == SC_PTP_USB_SUBCLASS
      && protocol == SC_PTP_USB_PROTOCOL)
    return TRUE;

  return klass == LIBUSB_CLASS_VENDOR_SPEC && sc_usb_is_known_ptp_camera (vendor_id, product_id);
}

GError *
_sc_ptp_protocol_error (const char *debug_format,
                        ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, debug_format);
  detail = g_strdup_vprintf (debug_format, args);
  va_end (args);

  g_debug ("PTP protocol error: %s", detail);
  return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
                              _("The camera sent an answer Spherecam does not understand. "
                                "Try again; if it keeps failing, unplug the camera and plug it in again."));
}

/**
 * _sc_ptp_response_error:
 *
 * Returns: (transfer full): the error for a response code other than OK
 */
GError *
_sc_ptp_response_error (guint16 operation,
                        guint16 response)
{
  g_debug ("%s answered %s (0x%04x)", sc_ptp_operation_name (operation),
           sc_ptp_response_name (response), response);

  switch (response)
    {
    case SC_PTP_RC_DEVICE_BUSY:
      return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                                  _("The camera is busy (shooting, recording or saving). "
                                    "Wait until it is done, then try again."));
    case SC_PTP_RC_OPERATION_NOT_SUPPORTED:
    case SC_PTP_RC_PARAMETER_NOT_SUPPORTED:
    case SC_PTP_RC_DEVICE_PROP_NOT_SUPPORTED:
      return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED,
                                  _("This camera cannot do that over USB."));
    case SC_PTP_RC_STORE_FULL:
      return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                                  _("The camera’s storage is full. Delete or download some files, then try again."));
    case SC_PTP_RC_INVALID_OBJECT_HANDLE:
      return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                  _("The file is no longer on the camera. Refresh the list of files."));
    case SC_PTP_RC_OBJECT_WRITE_PROTECTED:
    case SC_PTP_RC_STORE_READ_ONLY:
    case SC_PTP_RC_ACCESS_DENIED:
      return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PERMISSION_DENIED,
                                  _("The camera does not allow changing this file. Remove its protection on the camera first."));
    case SC_PTP_RC_NO_THUMBNAIL_PRESENT:
      return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                  _("The camera has no thumbnail for this file."));
    case SC_PTP_RC_STORE_NOT_AVAILABLE:
      return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED,
                                  _("The camera’s storage is not available. Check the memory card."));
    case SC_PTP_RC_SESSION_NOT_OPEN:
      return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                                  _("The camera closed the connection. Connect to it again."));
    case SC_PTP_RC_TRANSACTION_CANCELLED:
      return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                  _("The camera cancelled the transfer."));
    default:
      return _sc_ptp_protocol_error ("%s answered 0x%04x", sc_ptp_operation_name (operation), response);
    }
}

static GError *
usb_error (int         rc,
           const char *what)
{
  g_debug ("libusb %s: %s", what, libusb_error_name (rc));

  switch (rc)
    {
    case LIBUSB_ERROR_NO_DEVICE:
      return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE,
                                  _("The camera was unplugged or switched off. Plug it in again and turn it on."));
    case LIBUSB_ERROR_TIMEOUT:
      return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                  _("The camera stopped answering over USB. Check the cable, then try again."));
    case LIBUSB_ERROR_ACCESS:
      return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PERMISSION_DENIED,
                                  _("Spherecam may not use this USB device. Install Spherecam’s udev rules "
                                    "(or add yourself to the group that owns USB cameras), then plug the camera in again."));
    case LIBUSB_ERROR_BUSY:
      return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                                  _("Another program is using the camera, often GNOME Files (gvfs). "
                                    "Release the camera there (eject it), then connect again."));
    default:
      return _sc_ptp_protocol_error ("%s failed: %s", what, libusb_error_name (rc));
    }
}

/* --- opening --- */

static gboolean
find_interface (libusb_device          *device,
                guint16                 vid,
                guint16                 pid,
                ScPtpTransport         *self)
{
  struct libusb_config_descriptor *config = NULL;
  gboolean found = FALSE;

  if (libusb_get_active_config_descriptor (device, &config) != 0
      && libusb_get_config_descriptor (device, 0, &config) != 0)
    return FALSE;

  for (guint i = 0; i < config->bNumInterfaces && !found; i++)
    {
      const struct libusb_interface *iface = &config->interface[i];

      for (int a = 0; a < iface->num_altsetting && !found; a++)
        {
          const struct libusb_interface_descriptor *alt = &iface->altsetting[a];
          guint8 in = 0, out = 0, intr = 0;
          guint16 mps = 0;

          if (!_sc_ptp_usb_interface_matches (vid, pid, alt->bInterfaceClass,
                                              alt->bInterfaceSubClass,
                                              alt->bInterfaceProtocol))
            continue;

          for (guint e = 0; e < alt->bNumEndpoints; e++)
            {
              const struct libusb_endpoint_descriptor *ep = &alt->endpoint[e];
              int type = ep->bmAttributes & LIBUSB_TRANSFER_TYPE_MASK;

              if (type == LIBUSB_TRANSFER_TYPE_BULK && (ep->bEndpointAddress & LIBUSB_ENDPOINT_IN))
                {
                  in = ep->bEndpointAddress;
                  mps = ep->wMaxPacketSize;
                }
              else if (type == LIBUSB_TRANSFER_TYPE_BULK)
                out = ep->bEndpointAddress;
              else if (type == LIBUSB_TRANSFER_TYPE_INTERRUPT && (ep->bEndpointAddress & LIBUSB_ENDPOINT_IN))
                intr = ep->bEndpointAddress;
            }

          if (in != 0 && out != 0)
            {
              self->interface = alt->bInterfaceNumber;
              self->ep_in = in;
              self->ep_out = out;
              self->ep_int = intr;
              self->max_packet = mps > 0 ? mps : 512;
              found = TRUE;
            }
        }
    }

  libusb_free_config_descriptor (config);
  return found;
}

/**
 * _sc_ptp_transport_open:
 *
 * Opens the device at @bus_number:@device_address, finds its PTP
 * interface and claims it. A claim that fails with LIBUSB_ERROR_BUSY gives
 * %SC_CAMERA_ERROR_BUSY ("another program holds the camera").
 */
ScPtpTransport *
_sc_ptp_transport_open (guint8   bus_number,
                        guint8   device_address,
                        guint    timeout_ms,
                        GError **error)
{
  g_autofree ScPtpTransport *self = g_new0 (ScPtpTransport, 1);
  libusb_device **list = NULL;
  libusb_device *device = NULL;
  ssize_t n;
  int rc;

  self->interface = -1;
  self->timeout_ms = timeout_ms > 0 ? timeout_ms : SC_PTP_DEFAULT_TIMEOUT_MS;

  rc = libusb_init (&self->ctx);
  if (rc != 0)
    {
      g_propagate_error (error, usb_error (rc, "init"));
      return NULL;
    }

  n = libusb_get_device_list (self->ctx, &list);
  for (ssize_t i = 0; i < n; i++)
    if (libusb_get_bus_number (list[i]) == bus_number
        && libusb_get_device_address (list[i]) == device_address)
      device = libusb_ref_device (list[i]);
  if (list != NULL)
    libusb_free_device_list (list, 1);

  if (device == NULL)
    {
      g_set_error_literal (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE,
                           _("The USB camera is no longer there. Plug it in again and turn it on."));
      goto fail;
    }

  {
    struct libusb_device_descriptor desc;

    if (libusb_get_device_descriptor (device, &desc) == 0)
      {
        self->vendor_id = desc.idVendor;
        self->product_id = desc.idProduct;
      }
  }

  if (!find_interface (device, self->vendor_id, self->product_id, self))
    {
      libusb_unref_device (device);
      g_set_error_literal (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED,
                           _("This USB device does not offer picture transfer (PTP). "
                             "Switch the camera to its file transfer (MTP/PTP) mode."));
      goto fail;
    }

  rc = libusb_open (device, &self->handle);
  libusb_unref_device (device);
  if (rc != 0)
    {
      g_propagate_error (error, usb_error (rc, "open"));
      goto fail;
    }

  libusb_set_auto_detach_kernel_driver (self->handle, 1);
  rc = libusb_claim_interface (self->handle, self->interface);
  if (rc != 0)
    {
      self->interface = -1;
      g_propagate_error (error, usb_error (rc, "claim"));
      goto fail;
    }

  self->chunk = g_malloc (CHUNK_SIZE);
  g_debug ("Opened PTP interface %d (in 0x%02x out 0x%02x int 0x%02x, %u-byte packets)",
           self->interface, self->ep_in, self->ep_out, self->ep_int, self->max_packet);
  return g_steal_pointer (&self);

fail:
  if (self->handle != NULL)
    libusb_close (self->handle);
  libusb_exit (self->ctx);
  return NULL;
}

void
_sc_ptp_transport_close (ScPtpTransport *self)
{
  if (self == NULL)
    return;

  if (self->handle != NULL)
    {
      if (self->interface >= 0)
        libusb_release_interface (self->handle, self->interface);
      libusb_close (self->handle);
    }
  if (self->ctx != NULL)
    libusb_exit (self->ctx);
  g_free (self->chunk);
  g_free (self);
}

guint16
_sc_ptp_transport_get_vendor_id (ScPtpTransport *self)
{
  return self->vendor_id;
}

guint16
_sc_ptp_transport_get_product_id (ScPtpTransport *self)
{
  return self->product_id;
}

void
_sc_ptp_transport_set_timeout (ScPtpTransport *self,
                               guint           timeout_ms)
{
  self->timeout_ms = timeout_ms > 0 ? timeout_ms : SC_PTP_DEFAULT_TIMEOUT_MS;
}

gboolean
_sc_ptp_transport_session_is_open (ScPtpTransport *self)
{
  return self->session_open;
}

/* --- class requests (EP0) --- */

gboolean
_sc_ptp_transport_get_device_status (ScPtpTransport  *self,
                                     guint16         *code,
                                     GError         **error)
{
  guint8 buf[32];
  int rc;

  rc = libusb_control_transfer (self->handle, 0xA1, SC_PTP_REQ_GET_DEVICE_STATUS, 0,
                                (guint16)self->interface, buf, sizeof buf, self->timeout_ms);
  if (rc < 0)
    {
      g_propagate_error (error, usb_error (rc, "Get Device Status"));
      return FALSE;
    }
  if (rc < 4)
    {
      g_propagate_error (error, _sc_ptp_protocol_error ("Get Device Status: %d bytes", rc));
      return FALSE;
    }

  *code = (guint16)(buf[2] | (buf[3] << 8));
  return TRUE;
}

gboolean
_sc_ptp_transport_cancel (ScPtpTransport  *self,
                          guint32          transaction_id,
                          GError         **error)
{
  guint8 buf[6] = {
    SC_PTP_EC_CANCEL_TRANSACTION & 0xFF, SC_PTP_EC_CANCEL_TRANSACTION >> 8,
    transaction_id & 0xFF, (transaction_id >> 8) & 0xFF,
    (transaction_id >> 16) & 0xFF, transaction_id >> 24,
  };
  int rc;

  rc = libusb_control_transfer (self->handle, 0x21, SC_PTP_REQ_CANCEL, 0,
                                (guint16)self->interface, buf, sizeof buf, self->timeout_ms);
  if (rc < 0)
    {
      g_propagate_error (error, usb_error (rc, "Cancel Request"));
      return FALSE;
    }

  /* Wait for the device to settle (bounded), then clean the pipes. */
  for (guint i = 0; i < 20; i++)
    {
      guint16 status = 0;

      if (!_sc_ptp_transport_get_device_status (self, &status, NULL))
        break;
      if (status == SC_PTP_RC_OK)
        break;
      g_usleep (50 * 1000);
    }
  _sc_ptp_transport_recover (self);
  return TRUE;
}

gboolean
_sc_ptp_transport_device_reset (ScPtpTransport  *self,
                                GError         **error)
{
  int rc;

  rc = libusb_control_transfer (self->handle, 0x21, SC_PTP_REQ_DEVICE_RESET, 0,
                                (guint16)self->interface, NULL, 0, self->timeout_ms);
  if (rc < 0)
    {
      g_propagate_error (error, usb_error (rc, "Device Reset Request"));
      return FALSE;
    }

  /* A reset closes the session. */
  self->session_open = FALSE;
  _sc_ptp_transport_recover (self);
  return TRUE;
}

/**
 * _sc_ptp_transport_recover:
 *
 * After a stall or a broken transaction: ask the device for its status,
 * clear halts on both bulk pipes and throw away whatever is still queued
 * on the IN pipe.
 */
void
_sc_ptp_transport_recover (ScPtpTransport *self)
{
  guint16 status = 0;
  int actual = 0;

  if (_sc_ptp_transport_get_device_status (self, &status, NULL))
    g_debug ("Device status after an error: 0x%04x", status);

  libusb_clear_halt (self->handle, self->ep_in);
  libusb_clear_halt (self->handle, self->ep_out);

  for (guint i = 0; i < 64; i++)
    {
      int rc = libusb_bulk_transfer (self->handle, self->ep_in, self->chunk, CHUNK_SIZE,
                                     &actual, DRAIN_TIMEOUT);
      if (rc != 0 || actual == 0)
        break;
      g_debug ("Dropped %d stale bytes", actual);
    }
}

/* --- bulk I/O --- */

static gboolean
bulk (ScPtpTransport  *self,
      guint8           endpoint,
      guint8          *data,
      int              length,
      int             *actual,
      GError         **error)
{
  int rc;

  *actual = 0;
  rc = libusb_bulk_transfer (self->handle, endpoint, data, length, actual, self->timeout_ms);
  if (rc == 0)
    return TRUE;

  if (rc == LIBUSB_ERROR_PIPE)
    {
      g_debug ("Endpoint 0x%02x stalled; recovering", endpoint);
      _sc_ptp_transport_recover (self);
      g_propagate_error (error, _sc_ptp_protocol_error ("endpoint 0x%02x stalled", endpoint));
      return FALSE;
    }

  if (rc != LIBUSB_ERROR_NO_DEVICE)
    _sc_ptp_transport_recover (self);
  g_propagate_error (error, usb_error (rc, endpoint & LIBUSB_ENDPOINT_IN ? "bulk in" : "bulk out"));
  return FALSE;
}

static gboolean
write_all (ScPtpTransport  *self,
           const guint8    *data,
           gsize            len,
           GError         **error)
{
  gsize done = 0;

  while (done < len)
    {
      int chunk = (int)MIN (len - done, CHUNK_SIZE);
      int actual;

      if (!bulk (self, self->ep_out, (guint8 *)data + done, chunk, &actual, error))
        return FALSE;
      if (actual != chunk)
        {
          g_propagate_error (error, _sc_ptp_protocol_error ("short write %d/%d", actual, chunk));
          return FALSE;
        }
      done += actual;
    }

  /* A transfer that ends on a packet boundary is closed by a ZLP. */
  if (len % self->max_packet == 0)
    {
      int actual;

      if (!bulk (self, self->ep_out, (guint8 *)data, 0, &actual, error))
        return FALSE;
    }
  return TRUE;
}

/* Reads one non-empty transfer (skipping zero-length packets). */
static gboolean
read_packet (ScPtpTransport  *self,
             guint8          *buf,
             int              size,
             int             *actual,
             GError         **error)
{
  for (guint zlp = 0; zlp < 4; zlp++)
    {
      if (!bulk (self, self->ep_in, buf, size, actual, error))
        return FALSE;
      if (*actual > 0)
        return TRUE;
    }

  _sc_ptp_transport_recover (self);
  g_propagate_error (error, _sc_ptp_protocol_error ("only empty packets"));
  return FALSE;
}

static gboolean
check_response (ScPtpTransport  *self,
                const guint8    *buf,
                gsize            len,
                guint16          code,
                guint32          tid,
                ScPtpContainer  *response,
                GError         **error)
{
  g_autoptr(GError) local = NULL;

  if (!sc_ptp_container_parse (buf, len, response, &local)
      || response->type != SC_PTP_CONTAINER_RESPONSE)
    {
      _sc_ptp_transport_recover (self);
      g_propagate_error (error, _sc_ptp_protocol_error ("%s: bad response (%s)",
                                                        sc_ptp_operation_name (code),
                                                        local != NULL ? local->message : "type"));
      return FALSE;
    }

  if (response->transaction_id != tid)
    {
      _sc_ptp_transport_recover (self);
      g_propagate_error (error, _sc_ptp_protocol_error ("%s: response to transaction %u, expected %u",
                                                        sc_ptp_operation_name (code),
                                                        response->transaction_id, tid));
      return FALSE;
    }

  return TRUE;
}

static gboolean
abort_transfer (ScPtpTransport  *self,
                guint32          tid,
                GError          *cause,
                GError         **error)
{
  g_autoptr(GError) local = NULL;

  if (!g_error_matches (cause, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE)
      && !_sc_ptp_transport_cancel (self, tid, &local))
    g_debug ("Cancel request failed: %s", local->message);

  g_propagate_error (error, cause);
  return FALSE;
}

static gsize
round_up (gsize value,
          gsize multiple)
{
  return (value + multiple - 1) / multiple * multiple;
}

/**
 * _sc_ptp_transport_transaction:
 * @data_out: (nullable): payload to send in a data phase (I→R)
 * @sink: (nullable): receives the payload of an R→I data phase in chunks
 * @response: (out): the response container
 *
 * Runs one transaction. OpenSession (params[0] = session id) uses
 * TransactionID 0 and opens the session; then ids count from 1. Returns
 * TRUE when a response came back, whatever its code: the caller checks
 * @response->code. FALSE with @error for transport and protocol errors
 * (a response or data container carrying another transaction's id is one).
 */
gboolean
_sc_ptp_transport_transaction (ScPtpTransport  *self,
                               guint16          code,
                               const guint32   *params,
                               guint            n_params,
                               GBytes          *data_out,
                               ScPtpDataSink    sink,
                               gpointer         sink_data,
                               GCancellable    *cancellable,
                               ScPtpContainer  *response,
                               GError         **error)
{
  guint8 header[SC_PTP_HEADER_SIZE + 4 * SC_PTP_MAX_PARAMS];
  guint32 tid;
  gsize header_len;
  ScPtpContainer container;
  int actual;
  g_autoptr(GError) local = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (code == SC_PTP_OC_OPEN_SESSION || !self->session_open)
    tid = 0;
  else
    {
      tid = self->next_tid++;
      if (self->next_tid == 0xFFFFFFFF)
        self->next_tid = 1;
    }

  header_len = sc_ptp_container_build (header, sizeof header, SC_PTP_CONTAINER_COMMAND,
                                       code, tid, params, n_params, 0);
  g_return_val_if_fail (header_len > 0, FALSE);

  g_debug ("→ %s (0x%04x) tid %u", sc_ptp_operation_name (code), code, tid);
  if (!write_all (self, header, header_len, error))
    return FALSE;

  if (data_out != NULL)
    {
      gsize size;
      const guint8 *payload = g_bytes_get_data (data_out, &size);
      g_autoptr(GByteArray) out = g_byte_array_sized_new (SC_PTP_HEADER_SIZE + size);

      g_byte_array_set_size (out, SC_PTP_HEADER_SIZE);
      sc_ptp_container_build (out->data, out->len, SC_PTP_CONTAINER_DATA, code, tid,
                              NULL, 0, (guint32)MIN (size, G_MAXUINT32));
      g_byte_array_append (out, payload, size);
      if (!write_all (self, out->data, out->len, error))
        return FALSE;
    }

  /* Data phase (R→I) or directly the response. */
  if (!read_packet (self, self->chunk, CHUNK_SIZE, &actual, error))
    return FALSE;

  if (!sc_ptp_container_parse (self->chunk, actual, &container, &local))
    {
      _sc_ptp_transport_recover (self);
      g_propagate_error (error, _sc_ptp_protocol_error ("%s: %s", sc_ptp_operation_name (code),
                                                        local->message));
      return FALSE;
    }

  if (container.type == SC_PTP_CONTAINER_DATA)
    {
      guint64 length = container.length;
      gboolean unknown = length == SC_PTP_LENGTH_UNKNOWN;
      guint64 total = unknown ? 0 : length - SC_PTP_HEADER_SIZE;
      guint64 received = actual;
      gboolean ended = actual < CHUNK_SIZE;   /* a short packet ends the phase */

      if (container.code != code || container.transaction_id != tid)
        {
          _sc_ptp_transport_recover (self);
          g_propagate_error (error, _sc_ptp_protocol_error ("%s: data for 0x%04x tid %u, expected tid %u",
                                                            sc_ptp_operation_name (code), container.code,
                                                            container.transaction_id, tid));
          return FALSE;
        }
      if (!unknown && received > length)
        {
          _sc_ptp_transport_recover (self);
          g_propagate_error (error, _sc_ptp_protocol_error ("%s: %" G_GUINT64_FORMAT " bytes in a %"
                                                            G_GUINT64_FORMAT "-byte container",
                                                            sc_ptp_operation_name (code), received, length));
          return FALSE;
        }

      if (!unknown && ended && received < length)
        {
          /* What did arrive is the start of the object: keep it, so
           * that a download can resume after it. */
          if (actual > SC_PTP_HEADER_SIZE && sink != NULL)
            sink (self->chunk + SC_PTP_HEADER_SIZE, actual - SC_PTP_HEADER_SIZE, total, sink_data, NULL);
          _sc_ptp_transport_recover (self);
          g_propagate_error (error, _sc_ptp_protocol_error ("%s: short first packet",
                                                            sc_ptp_operation_name (code)));
          return FALSE;
        }

      if (actual > SC_PTP_HEADER_SIZE && sink != NULL
          && !sink (self->chunk + SC_PTP_HEADER_SIZE, actual - SC_PTP_HEADER_SIZE, total, sink_data, &local))
        return abort_transfer (self, tid, g_steal_pointer (&local), error);

      while (unknown ? !ended : received < length)
        {
          int want = CHUNK_SIZE;

          if (g_cancellable_set_error_if_cancelled (cancellable, &local))
            return abort_transfer (self, tid, g_steal_pointer (&local), error);

          if (!unknown)
            want = (int)MIN ((guint64)CHUNK_SIZE, round_up (length - received, self->max_packet));

          if (!bulk (self, self->ep_in, self->chunk, want, &actual, &local))
            {
              /* A stall was already recovered by bulk(); a vanished device needs nothing. */
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }

          if (!unknown && (actual == 0 || (actual < want && received + actual < length)))
            {
              if (actual > 0 && sink != NULL)
                sink (self->chunk, actual, total, sink_data, NULL);
              _sc_ptp_transport_recover (self);
              g_propagate_error (error, _sc_ptp_protocol_error ("%s: short data phase, %" G_GUINT64_FORMAT
                                                                " of %" G_GUINT64_FORMAT " bytes",
                                                                sc_ptp_operation_name (code),
                                                                received + actual, length));
              return FALSE;
            }

          received += actual;
          if (!unknown && received > length)
            {
              _sc_ptp_transport_recover (self);
              g_propagate_error (error, _sc_ptp_protocol_error ("%s: data phase too long",
                                                                sc_ptp_operation_name (code)));
              return FALSE;
            }

          if (actual > 0 && sink != NULL
              && !sink (self->chunk, actual, total, sink_data, &local))
            return abort_transfer (self, tid, g_steal_pointer (&local), error);

          if (unknown && actual < want)
            ended = TRUE;
        }

      if (!read_packet (self, self->chunk, CHUNK_SIZE, &actual, error))
        return FALSE;
    }

  if (!check_response (self, self->chunk, actual, code, tid, response, error))
    return FALSE;

  g_debug ("← %s (0x%04x) tid %u", sc_ptp_response_name (response->code), response->code, tid);

  if (code == SC_PTP_OC_OPEN_SESSION
      && (response->code == SC_PTP_RC_OK || response->code == SC_PTP_RC_SESSION_ALREADY_OPEN))
    {
      self->session_open = TRUE;
      self->session_id = n_params > 0 ? params[0] : 1;
      self->next_tid = 1;
    }
  else if (code == SC_PTP_OC_CLOSE_SESSION)
    self->session_open = FALSE;

  return TRUE;
}

typedef struct
{
  GByteArray *bytes;
  gsize       limit;
} Collect;

static gboolean
collect_sink (const guint8  *data,
              gsize          len,
              guint64        total,
              gpointer       user_data,
              GError       **error)
{
  Collect *collect = user_data;

  if (collect->bytes->len + len > collect->limit)
    {
      g_propagate_error (error, _sc_ptp_protocol_error ("dataset larger than %" G_GSIZE_FORMAT " bytes",
                                                        collect->limit));
      return FALSE;
    }
  g_byte_array_append (collect->bytes, data, len);
  return TRUE;
}

/**
 * _sc_ptp_transport_get_data:
 *
 * A transaction with an R→I data phase collected in memory (datasets,
 * thumbnails: capped at 64 MiB). Response codes other than OK become
 * errors.
 *
 * Returns: (transfer full): the payload
 */
GBytes *
_sc_ptp_transport_get_data (ScPtpTransport  *self,
                            guint16          code,
                            const guint32   *params,
                            guint            n_params,
                            GCancellable    *cancellable,
                            ScPtpContainer  *response,
                            GError         **error)
{
  Collect collect = { g_byte_array_new (), 64 * 1024 * 1024 };
  ScPtpContainer local_response;

  if (response == NULL)
    response = &local_response;

  if (!_sc_ptp_transport_transaction (self, code, params, n_params, NULL, collect_sink, &collect,
                                      cancellable, response, error))
    {
      g_byte_array_unref (collect.bytes);
      return NULL;
    }

  if (response->code != SC_PTP_RC_OK)
    {
      g_byte_array_unref (collect.bytes);
      g_propagate_error (error, _sc_ptp_response_error (code, response->code));
      return NULL;
    }

  return g_byte_array_free_to_bytes (collect.bytes);
}

/**
 * _sc_ptp_transport_simple:
 *
 * A transaction without data phase; response codes other than OK become
 * errors.
 */
gboolean
_sc_ptp_transport_simple (ScPtpTransport  *self,
                          guint16          code,
                          const guint32   *params,
                          guint            n_params,
                          ScPtpContainer  *response,
                          GError         **error)
{
  ScPtpContainer local_response;

  if (response == NULL)
    response = &local_response;

  if (!_sc_ptp_transport_transaction (self, code, params, n_params, NULL, NULL, NULL, NULL,
                                      response, error))
    return FALSE;

  if (response->code != SC_PTP_RC_OK)
    {
      g_propagate_error (error, _sc_ptp_response_error (code, response->code));
      return FALSE;
    }
  return TRUE;
}

/**
 * _sc_ptp_transport_read_event:
 *
 * Waits up to @timeout_ms for an event on the interrupt pipe.
 * G_IO_ERROR_TIMED_OUT when none came.
 */
gboolean
_sc_ptp_transport_read_event (ScPtpTransport  *self,
                              guint            timeout_ms,
                              ScPtpContainer  *event,
                              GError         **error)
{
  guint8 buf[EVENT_SIZE];
  int actual = 0;
  int rc;
  g_autoptr(GError) local = NULL;

  if (self->ep_int == 0)
    {
      g_set_error_literal (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED,
                           _("This camera does not report events over USB."));
      return FALSE;
    }

  rc = libusb_interrupt_transfer (self->handle, self->ep_int, buf, sizeof buf, &actual, timeout_ms);
  if (rc == LIBUSB_ERROR_PIPE)
    {
      libusb_clear_halt (self->handle, self->ep_int);
      g_propagate_error (error, _sc_ptp_protocol_error ("interrupt endpoint stalled"));
      return FALSE;
    }
  if (rc != 0)
    {
      g_propagate_error (error, usb_error (rc, "interrupt in"));
      return FALSE;
    }

  if (!sc_ptp_event_parse (buf, actual, event, &local))
    {
      g_propagate_error (error, _sc_ptp_protocol_error ("event: %s", local->message));
      return FALSE;
    }

  g_debug ("Event 0x%04x (%u params)", event->code, event->n_params);
  return TRUE;
}
