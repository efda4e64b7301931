/* sc-ptp-responder-usb.c: the emulated THETA V's usbdevfs ioctls
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

#include "sc-ptp-responder-private.h"

/* class requests on EP0 (§2.8) */
#define PTP_REQ_CANCEL            0x64
#define PTP_REQ_GET_EXT_EVENT     0x65
#define PTP_REQ_DEVICE_RESET      0x66
#define PTP_REQ_GET_DEVICE_STATUS 0x67

/* --- URBs --- */

void
_sc_ptp_urb_free (Urb *urb)
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
  g_queue_clear_full (&self->in_queue, (GDestroyNotify)_sc_ptp_in_container_free);
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
          g_queue_clear_full (&self->in_queue, (GDestroyNotify)_sc_ptp_in_container_free);
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
          _sc_ptp_in_container_free (container);
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
              _sc_ptp_in_container_free (container);
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
  g_queue_clear_full (&self->in_queue, (GDestroyNotify)_sc_ptp_in_container_free);
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
      _sc_ptp_urb_free (urb);
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
          _sc_ptp_urb_free (urb);
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
          _sc_ptp_responder_consume_out (self, urb_buffer (urb), s->buffer_length);
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

gboolean
_sc_ptp_responder_on_handle_ioctl_cb (UMockdevIoctlBase   *handler,
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
          _sc_ptp_urb_free (urb);
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
            _sc_ptp_urb_free (urb);
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
