/* sc-ptp-responder.h: an emulated RICOH THETA V on USB for tests
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The responder adds a THETA V (VID 0x05CA, PID 0x0368, one PTP interface
 * 6/1/1 with bulk IN 0x81, bulk OUT 0x02 and interrupt IN 0x83) to a
 * umockdev testbed and answers the usbdevfs ioctls that libusb issues on
 * its device node, so a test runs real libusb against it (under
 * umockdev-wrapper, i.e. with libumockdev-preload.so preloaded). It speaks
 * PTP as PROTOCOLS.md §2 describes: containers on the bulk pipes, events
 * on the interrupt pipe, the class requests on EP0.
 *
 * The ioctls are answered on umockdev's worker thread; every public
 * function here may be called from any thread.
 */

#pragma once

#include <umockdev.h>

G_BEGIN_DECLS

#define SC_PTP_RESPONDER_VID        0x05ca
#define SC_PTP_RESPONDER_PID        0x0368
#define SC_PTP_RESPONDER_BUS        1
#define SC_PTP_RESPONDER_ADDRESS    7
#define SC_PTP_RESPONDER_WEBCAM_ADDRESS 8
#define SC_PTP_RESPONDER_SERIAL     "EMU7K2Q9"
#define SC_PTP_RESPONDER_MODEL      "RICOH THETA V"
#define SC_PTP_RESPONDER_STORAGE_ID 0x00010001u

#define SC_PTP_RESPONDER_EP_IN      0x81
#define SC_PTP_RESPONDER_EP_OUT     0x02
#define SC_PTP_RESPONDER_EP_EVENT   0x83

/* Handles of the media every responder starts with. */
#define SC_PTP_RESPONDER_HANDLE_DCIM   1   /* folder DCIM */
#define SC_PTP_RESPONDER_HANDLE_FOLDER 2   /* folder DCIM/100RICOH */
#define SC_PTP_RESPONDER_HANDLE_PHOTO  3   /* first of the photos R0010001.JPG … */
#define SC_PTP_RESPONDER_N_PHOTOS      3

/* The size of the lazily generated video (more than 4 GiB; its ObjectInfo
 * says 0xFFFFFFFF, MTP's ObjectSize property 0xDC04 has the real size). */
#define SC_PTP_RESPONDER_BIG_SIZE (G_GUINT64_CONSTANT (4) * 1024 * 1024 * 1024 + 4099)

/**
 * ScPtpFault:
 * @SC_PTP_FAULT_NONE: no fault
 * @SC_PTP_FAULT_STALL: the next bulk IN transfer stalls (the transaction
 *   is abandoned; the pipe stays halted until the host clears it)
 * @SC_PTP_FAULT_SHORT_PACKET: the next data phase from the device of more
 *   than 1 KiB (an object, not a dataset) stops with a short packet
 *   halfway; the response is IncompleteTransfer
 * @SC_PTP_FAULT_WRONG_TRANSACTION_ID: the next response carries a wrong
 *   transaction id
 * @SC_PTP_FAULT_DEVICE_GONE: halfway through the next data phase from the
 *   device of more than 1 KiB the device disappears: ENODEV from then on, and the device is
 *   removed from the testbed
 * @SC_PTP_FAULT_STORE_FULL: InitiateCapture answers StoreFull and sends
 *   the StoreFull event (until another fault is set)
 *
 * A fault is used once (except @SC_PTP_FAULT_STORE_FULL).
 */
typedef enum
{
  SC_PTP_FAULT_NONE,
  SC_PTP_FAULT_STALL,
  SC_PTP_FAULT_SHORT_PACKET,
  SC_PTP_FAULT_WRONG_TRANSACTION_ID,
  SC_PTP_FAULT_DEVICE_GONE,
  SC_PTP_FAULT_STORE_FULL,
} ScPtpFault;

#define SC_TYPE_PTP_RESPONDER (sc_ptp_responder_get_type ())

G_DECLARE_FINAL_TYPE (ScPtpResponder, sc_ptp_responder, SC, PTP_RESPONDER, GObject)

ScPtpResponder *sc_ptp_responder_new             (UMockdevTestbed  *testbed,
                                                  GError          **error);
const char     *sc_ptp_responder_get_sysfs_path  (ScPtpResponder   *self);
void            sc_ptp_responder_set_claim_busy  (ScPtpResponder   *self,
                                                  gboolean          busy);
char           *sc_ptp_responder_add_webcam_mode (UMockdevTestbed  *testbed,
                                                  GError          **error);
void            sc_ptp_responder_set_fault       (ScPtpResponder   *self,
                                                  ScPtpFault        fault);
gboolean        sc_ptp_responder_is_gone         (ScPtpResponder   *self);
gboolean        sc_ptp_responder_has_session     (ScPtpResponder   *self);
GBytes         *sc_ptp_responder_dup_object      (ScPtpResponder   *self,
                                                  guint32           handle);
GBytes         *sc_ptp_responder_dup_thumb       (ScPtpResponder   *self,
                                                  guint32           handle);
gboolean        sc_ptp_responder_has_object      (ScPtpResponder   *self,
                                                  guint32           handle);
guint32         sc_ptp_responder_get_big_handle  (ScPtpResponder   *self);
guint           sc_ptp_responder_get_n_objects   (ScPtpResponder   *self);

void            sc_ptp_responder_fill_lazy       (guint64           offset,
                                                  guint8           *buffer,
                                                  gsize             length);

G_END_DECLS
