/* sc-usb-monitor.c: USB PTP cameras, enumerated and followed on hot-plug
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-usb"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libusb.h>

#include "sc-error.h"
#include "sc-ptp-camera-private.h"
#include "sc-usb-hygiene.h"
#include "sc-usb-monitor.h"

#define RESCAN_INTERVAL_S 2

struct _ScUsbMonitor
{
  GObject                          parent_instance;

  GMainContext                    *context;
  libusb_context                  *ctx;
  libusb_hotplug_callback_handle   hotplug;
  gboolean                         has_hotplug;
  GThread                         *event_thread;
  gint                             stopping;     /* atomic */
  guint                            rescan_id;
  GHashTable                      *cameras;      /* "bus:addr" → ScPtpCamera */
  GHashTable                      *unusable;     /* "bus:addr" → message */
};

G_DEFINE_FINAL_TYPE (ScUsbMonitor, sc_usb_monitor, G_TYPE_OBJECT)

enum {
  CAMERA_ADDED,
  CAMERA_REMOVED,
  UNUSABLE_CAMERA,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
device_is_ptp_camera (libusb_device *device,
                      guint16       *vid,
                      guint16       *pid)
{
  struct libusb_device_descriptor desc;
  struct libusb_config_descriptor *config = NULL;
  gboolean found = FALSE;

  if (libusb_get_device_descriptor (device, &desc) != 0)
    return FALSE;
  *vid = desc.idVendor;
  *pid = desc.idProduct;

  if (libusb_get_active_config_descriptor (device, &config) != 0
      && libusb_get_config_descriptor (device, 0, &config) != 0)
    return FALSE;

  for (guint i = 0; i < config->bNumInterfaces && !found; i++)
    for (int a = 0; a < config->interface[i].num_altsetting && !found; a++)
      {
        const struct libusb_interface_descriptor *alt = &config->interface[i].altsetting[a];

        found = _sc_ptp_usb_interface_matches (desc.idVendor, desc.idProduct, alt->bInterfaceClass,
                                               alt->bInterfaceSubClass, alt->bInterfaceProtocol);
      }

  libusb_free_config_descriptor (config);
  return found;
}

#define RICOH_VENDOR_ID 0x05CA

/* A known camera without a PTP interface: why it cannot be used in its
 * current USB mode, or NULL. */
static char *
describe_unusable_device (libusb_device *device)
{
  struct libusb_device_descriptor desc;
  struct libusb_config_descriptor *config = NULL;
  g_autoptr(GByteArray) classes = NULL;
  char *message;

  if (libusb_get_device_descriptor (device, &desc) != 0)
    return NULL;
  if (desc.idVendor != RICOH_VENDOR_ID && !sc_usb_is_known_ptp_camera (desc.idVendor, desc.idProduct))
    return NULL;

  if (libusb_get_active_config_descriptor (device, &config) != 0
      && libusb_get_config_descriptor (device, 0, &config) != 0)
    return NULL;

  classes = g_byte_array_new ();
  for (guint i = 0; i < config->bNumInterfaces; i++)
    for (int a = 0; a < config->interface[i].num_altsetting; a++)
      {
        guint8 klass = config->interface[i].altsetting[a].bInterfaceClass;

        g_byte_array_append (classes, &klass, 1);
      }
  libusb_free_config_descriptor (config);

  message = sc_usb_describe_unusable_mode (desc.idVendor, desc.idProduct, classes->data, classes->len);
  if (message != NULL)
    g_debug ("USB camera %04x:%04x in a mode we cannot use", desc.idVendor, desc.idProduct);
  return message;
}

/* libusb's list comes from its hot-plug events when it has them: a
 * missed removal would keep the camera for ever. The device's sysfs
 * entry (/sys/bus/usb/devices/BUS-PORT.PORT…) tells. */
static gboolean
device_still_there (libusb_device *device)
{
  g_autoptr(GString) path = NULL;
  guint8 ports[8];
  int n;

  if (!g_file_test ("/sys/bus/usb/devices", G_FILE_TEST_IS_DIR))
    return TRUE;
  n = libusb_get_port_numbers (device, ports, G_N_ELEMENTS (ports));
  if (n <= 0)
    return TRUE;   /* a root hub, or no port numbers: trust libusb */

  path = g_string_new (NULL);
  g_string_printf (path, "/sys/bus/usb/devices/%u-", libusb_get_bus_number (device));
  for (int i = 0; i < n; i++)
    g_string_append_printf (path, i > 0 ? ".%u" : "%u", ports[i]);
  return g_file_test (path->str, G_FILE_TEST_EXISTS);
}

/**
 * sc_usb_monitor_rescan:
 * @self: a started #ScUsbMonitor
 *
 * Enumerates the USB devices now and emits "camera-added" for new PTP
 * cameras and "camera-removed" for those that are gone. Called on
 * hot-plug events (or periodically); tests may call it directly.
 */
void
sc_usb_monitor_rescan (ScUsbMonitor *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_object_unref);
  libusb_device **list = NULL;
  GHashTableIter iter;
  gpointer key, value;
  ssize_t n;

  g_return_if_fail (SC_IS_USB_MONITOR (self));

  if (self->ctx == NULL)
    return;

  n = libusb_get_device_list (self->ctx, &list);
  for (ssize_t i = 0; i < n; i++)
    {
      guint8 bus = libusb_get_bus_number (list[i]);
      guint8 addr = libusb_get_device_address (list[i]);
      guint16 vid = 0, pid = 0;
      char *id;

      if (!device_is_ptp_camera (list[i], &vid, &pid))
        {
          g_autofree char *message = NULL;

          if (!device_still_there (list[i]))
            continue;
          message = describe_unusable_device (list[i]);
          if (message != NULL)
            {
              id = g_strdup_printf ("%u:%u", bus, addr);
              g_hash_table_add (seen, id);
              if (!g_hash_table_contains (self->unusable, id))
                {
                  g_hash_table_insert (self->unusable, g_strdup (id), g_strdup (message));
                  g_signal_emit (self, signals[UNUSABLE_CAMERA], 0, message);
                }
            }
          continue;
        }
      if (!device_still_there (list[i]))
        continue;

      id = g_strdup_printf ("%u:%u", bus, addr);
      g_hash_table_add (seen, id);

      if (!g_hash_table_contains (self->cameras, id))
        {
          g_autoptr(ScPtpCamera) camera = sc_ptp_camera_new (bus, addr);

          camera->vendor_id = vid;
          camera->product_id = pid;
          g_debug ("USB camera %04x:%04x at %s", vid, pid, id);
          g_hash_table_insert (self->cameras, g_strdup (id), g_object_ref (camera));
          g_signal_emit (self, signals[CAMERA_ADDED], 0, camera);
        }
    }
  if (list != NULL)
    libusb_free_device_list (list, 1);

  g_hash_table_iter_init (&iter, self->cameras);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (seen, key))
      {
        g_ptr_array_add (removed, g_object_ref (value));
        g_hash_table_iter_remove (&iter);
      }
  g_hash_table_iter_init (&iter, self->unusable);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (seen, key))
      g_hash_table_iter_remove (&iter);

  for (guint i = 0; i < removed->len; i++)
    g_signal_emit (self, signals[CAMERA_REMOVED], 0, g_ptr_array_index (removed, i));
}

static gboolean
on_rescan_cb (gpointer user_data)
{
  ScUsbMonitor *self = user_data;

  sc_usb_monitor_rescan (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_hotplug_idle_cb (gpointer user_data)
{
  g_autoptr(ScUsbMonitor) self = user_data;

  if (self->ctx != NULL)
    sc_usb_monitor_rescan (self);
  return G_SOURCE_REMOVE;
}

/* libusb's event thread: marshal to the monitor's main context. */
static int LIBUSB_CALL
on_hotplug_cb (libusb_context        *ctx,
               libusb_device         *device,
               libusb_hotplug_event   event,
               void                  *user_data)
{
  ScUsbMonitor *self = user_data;

  if (!g_atomic_int_get (&self->stopping))
    g_main_context_invoke (self->context, on_hotplug_idle_cb, g_object_ref (self));
  return 0;
}

static gpointer
event_thread_func (gpointer user_data)
{
  ScUsbMonitor *self = user_data;

  while (!g_atomic_int_get (&self->stopping))
    {
      struct timeval tv = { 0, 250 * 1000 };

      libusb_handle_events_timeout_completed (self->ctx, &tv, NULL);
    }
  return NULL;
}

/**
 * sc_usb_monitor_start:
 * @self: a #ScUsbMonitor
 * @error: return location for a #GError
 *
 * Enumerates the cameras that are plugged in (emitting "camera-added" for
 * each) and starts following hot-plug. Signals are emitted in the
 * thread-default main context of this call.
 *
 * Returns: %TRUE, or %FALSE when libusb cannot be used
 */
gboolean
sc_usb_monitor_start (ScUsbMonitor  *self,
                      GError       **error)
{
  int rc;

  g_return_val_if_fail (SC_IS_USB_MONITOR (self), FALSE);

  if (self->ctx != NULL)
    return TRUE;

  rc = libusb_init (&self->ctx);
  if (rc != 0)
    {
      self->ctx = NULL;
      g_set_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_NO_DEVICE,
                   _("Spherecam cannot look for USB cameras (%s). Check that USB is available."),
                   libusb_error_name (rc));
      return FALSE;
    }

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  g_atomic_int_set (&self->stopping, 0);

  sc_usb_monitor_rescan (self);

  self->has_hotplug = FALSE;
  if (libusb_has_capability (LIBUSB_CAP_HAS_HOTPLUG)
      && libusb_hotplug_register_callback (self->ctx,
                                           LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT,
                                           0, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
                                           LIBUSB_HOTPLUG_MATCH_ANY, on_hotplug_cb, self,
                                           &self->hotplug) == LIBUSB_SUCCESS)
    {
      self->has_hotplug = TRUE;
      self->event_thread = g_thread_new ("sc-usb-events", event_thread_func, self);
    }
  else
    {
      g_debug ("No libusb hot-plug; re-enumerating every %d s", RESCAN_INTERVAL_S);
      self->rescan_id = g_timeout_add_seconds (RESCAN_INTERVAL_S, on_rescan_cb, self);
    }

  return TRUE;
}

/**
 * sc_usb_monitor_stop:
 * @self: a #ScUsbMonitor
 *
 * Stops following hot-plug. Known cameras stay in the list.
 */
void
sc_usb_monitor_stop (ScUsbMonitor *self)
{
  g_return_if_fail (SC_IS_USB_MONITOR (self));

  if (self->ctx == NULL)
    return;

  g_atomic_int_set (&self->stopping, 1);
  if (self->has_hotplug)
    {
      /* Deregistering wakes the event thread up. */
      libusb_hotplug_deregister_callback (self->ctx, self->hotplug);
      g_thread_join (g_steal_pointer (&self->event_thread));
      self->has_hotplug = FALSE;
    }
  g_clear_handle_id (&self->rescan_id, g_source_remove);
  libusb_exit (self->ctx);
  self->ctx = NULL;
}

/**
 * sc_usb_monitor_dup_cameras:
 *
 * Returns: (transfer full) (element-type ScCamera): the cameras plugged in
 */
GPtrArray *
sc_usb_monitor_dup_cameras (ScUsbMonitor *self)
{
  GPtrArray *cameras = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (SC_IS_USB_MONITOR (self), cameras);

  g_hash_table_iter_init (&iter, self->cameras);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (cameras, g_object_ref (value));
  return cameras;
}

static void
sc_usb_monitor_dispose (GObject *object)
{
  ScUsbMonitor *self = SC_USB_MONITOR (object);

  sc_usb_monitor_stop (self);
  g_hash_table_remove_all (self->cameras);
  g_hash_table_remove_all (self->unusable);

  G_OBJECT_CLASS (sc_usb_monitor_parent_class)->dispose (object);
}

static void
sc_usb_monitor_finalize (GObject *object)
{
  ScUsbMonitor *self = SC_USB_MONITOR (object);

  g_hash_table_unref (self->cameras);
  g_hash_table_unref (self->unusable);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (sc_usb_monitor_parent_class)->finalize (object);
}

static void
sc_usb_monitor_class_init (ScUsbMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_usb_monitor_dispose;
  object_class->finalize = sc_usb_monitor_finalize;

  /**
   * ScUsbMonitor::camera-added:
   * @camera: a new #ScPtpCamera, not connected
   */
  signals[CAMERA_ADDED] =
    g_signal_new ("camera-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SC_TYPE_CAMERA);

  /**
   * ScUsbMonitor::camera-removed:
   * @camera: the camera that was unplugged
   */
  signals[CAMERA_REMOVED] =
    g_signal_new ("camera-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SC_TYPE_CAMERA);

  /**
   * ScUsbMonitor::unusable-camera:
   * @message: what to do, from sc_usb_describe_unusable_mode()
   *
   * A known camera was plugged in a USB mode Spherecam cannot use (a
   * webcam mode, mass storage): emitted once per plug.
   */
  signals[UNUSABLE_CAMERA] =
    g_signal_new ("unusable-camera", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
sc_usb_monitor_init (ScUsbMonitor *self)
{
  self->cameras = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->unusable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * sc_usb_monitor_new:
 *
 * Returns: (transfer full): a monitor; call sc_usb_monitor_start()
 */
ScUsbMonitor *
sc_usb_monitor_new (void)
{
  return g_object_new (SC_TYPE_USB_MONITOR, NULL);
}
