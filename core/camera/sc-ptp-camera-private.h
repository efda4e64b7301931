/* sc-ptp-camera-private.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sc-camera.h"
#include "sc-ptp-camera.h"
#include "sc-ptp-protocol.h"

G_BEGIN_DECLS

/* --- sc-ptp-transport.c: one claimed PTP interface. Blocking; only ever
 * used from the camera's worker thread, one transaction at a time. --- */

typedef struct _ScPtpTransport ScPtpTransport;

/* Receives a data phase in chunks. @total is the payload size the
 * container announced, or 0 when it did not (0xFFFFFFFF: read to the
 * short packet). Return FALSE with @error set to stop (the transfer is
 * then cancelled on the device). */
typedef gboolean (*ScPtpDataSink) (const guint8  *data,
                                   gsize          len,
                                   guint64        total,
                                   gpointer       user_data,
                                   GError       **error);

ScPtpTransport *_sc_ptp_transport_open              (guint8            bus_number,
                                                     guint8            device_address,
                                                     guint             timeout_ms,
                                                     GError          **error);
void            _sc_ptp_transport_close             (ScPtpTransport   *self);
guint16         _sc_ptp_transport_get_vendor_id     (ScPtpTransport   *self);
guint16         _sc_ptp_transport_get_product_id    (ScPtpTransport   *self);
void            _sc_ptp_transport_set_timeout       (ScPtpTransport   *self,
                                                     guint             timeout_ms);
gboolean        _sc_ptp_transport_transaction       (ScPtpTransport   *self,
                                                     guint16           code,
                                                     const guint32    *params,
                                                     guint             n_params,
                                                     GBytes           *data_out,
                                                     ScPtpDataSink     sink,
                                                     gpointer          sink_data,
                                                     GCancellable     *cancellable,
                                                     ScPtpContainer   *response,
                                                     GError          **error);
GBytes         *_sc_ptp_transport_get_data          (ScPtpTransport   *self,
                                                     guint16           code,
                                                     const guint32    *params,
                                                     guint             n_params,
                                                     GCancellable     *cancellable,
                                                     ScPtpContainer   *response,
                                                     GError          **error);
gboolean        _sc_ptp_transport_simple            (ScPtpTransport   *self,
                                                     guint16           code,
                                                     const guint32    *params,
                                                     guint             n_params,
                                                     ScPtpContainer   *response,
                                                     GError          **error);
gboolean        _sc_ptp_transport_read_event        (ScPtpTransport   *self,
                                                     guint             timeout_ms,
                                                     ScPtpContainer   *event,
                                                     GError          **error);
gboolean        _sc_ptp_transport_get_device_status (ScPtpTransport   *self,
                                                     guint16          *code,
                                                     GError          **error);
gboolean        _sc_ptp_transport_cancel            (ScPtpTransport   *self,
                                                     guint32           transaction_id,
                                                     GError          **error);
gboolean        _sc_ptp_transport_device_reset      (ScPtpTransport   *self,
                                                     GError          **error);
void            _sc_ptp_transport_recover           (ScPtpTransport   *self);
gboolean        _sc_ptp_transport_session_is_open   (ScPtpTransport   *self);

GError         *_sc_ptp_response_error              (guint16           operation,
                                                     guint16           response);
GError         *_sc_ptp_protocol_error              (const char       *debug_format,
                                                     ...) G_GNUC_PRINTF (1, 2);
gboolean        _sc_ptp_usb_interface_matches       (guint16           vendor_id,
                                                     guint16           product_id,
                                                     guint8            klass,
                                                     guint8            subclass,
                                                     guint8            protocol);

/* --- sc-ptp-camera.c --- */

struct _ScPtpCamera
{
  GObject          parent_instance;

  GMainContext    *context;
  GThreadPool     *worker;           /* one thread: one transaction at a time */
  ScPtpTransport  *transport;        /* touched only on the worker */
  guint            timeout_ms;

  guint8           bus_number;
  guint8           device_address;
  guint16          vendor_id;
  guint16          product_id;
  char            *uri;
  char            *holder;
  gboolean         holder_releasable;

  /* Properties (main context) */
  char            *id;
  char            *display_name;
  gboolean         display_name_set;
  char            *model;
  char            *manufacturer;
  char            *serial_number;
  char            *firmware_version;
  GVariant        *info;
  GVariant        *state;
  gboolean         is_connected;
  gboolean         connecting;

  /* From GetDeviceInfo; written on the worker while connecting, read-only
   * afterwards (guarded by the job queue's ordering). */
  ScPtpDeviceInfo *device_info;
};

typedef void (*ScPtpJobFunc) (ScPtpCamera  *self,
                              GTask        *task,
                              gpointer      task_data,
                              GCancellable *cancellable);

void          _sc_ptp_camera_push_job          (ScPtpCamera   *self,
                                                GTask         *task,
                                                ScPtpJobFunc   func);
gboolean      _sc_ptp_camera_check_connected   (ScPtpCamera   *self,
                                                GTask         *task);
void          _sc_ptp_camera_return_error      (ScPtpCamera   *self,
                                                GTask         *task,
                                                GError        *error);
ScPtpObjectInfo *_sc_ptp_camera_get_object_info (ScPtpCamera  *self,
                                                guint32        handle,
                                                GCancellable  *cancellable,
                                                GError       **error);
ScCameraFile *_sc_ptp_camera_file_new          (ScPtpCamera   *self,
                                                guint32        handle,
                                                ScPtpObjectInfo *info,
                                                const char    *folder_path);
char         *_sc_ptp_camera_folder_path       (ScPtpCamera   *self,
                                                guint32        parent,
                                                GHashTable    *folders,
                                                GCancellable  *cancellable);
gboolean      _sc_ptp_camera_handle_from_uri   (ScPtpCamera   *self,
                                                const char    *uri,
                                                guint32       *handle);
gboolean      _sc_ptp_camera_require_transport (ScPtpCamera   *self,
                                                GTask         *task);
gboolean      _sc_ptp_camera_read_prop_desc    (ScPtpCamera   *self,
                                                guint16        code,
                                                ScPtpPropDesc **out,
                                                GCancellable  *cancellable,
                                                GError       **error);

/* --- sc-ptp-camera-control.c: options, take picture, device reset --- */
void          _sc_ptp_camera_control_iface_init (ScCameraInterface *iface);

/* --- sc-ptp-camera-holder.c: who holds the interface, releasing it ---
 * (public API only: sc_ptp_camera_get_holder() and friends) */

/* --- sc-ptp-camera-files.c --- */
void          _sc_ptp_camera_files_iface_init  (ScCameraInterface *iface);

G_END_DECLS
