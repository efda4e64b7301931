/* sc-camera-monitor.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-camera-monitor"

#include "config.h"

#include <string.h>

#include "sc-core.h"

/**
 * ScCameraMonitor:
 *
 * The cameras the app knows, as a #GListModel of #ScCamera: the ones the
 * user added or connected to in this run, the remembered ones (the app
 * adds them from the registry at start-up) and, as backends arrive, the
 * ones that appear by themselves (USB hot-plug). The window's camera list
 * and the D-Bus service's Camera objects are both views of this model.
 *
 * Owner thread only.
 */
struct _ScCameraMonitor
{
  GObject    parent_instance;

  GPtrArray *cameras;
};

static void list_model_iface_init (GListModelInterface *iface);

enum {
  CAMERA_FORGOTTEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE_WITH_CODE (ScCameraMonitor, sc_camera_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return SC_TYPE_CAMERA;
}

static guint
get_n_items (GListModel *model)
{
  return SC_CAMERA_MONITOR (model)->cameras->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  ScCameraMonitor *self = SC_CAMERA_MONITOR (model);

  if (position >= self->cameras->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->cameras, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* URIs compare without a trailing slash: http://h:1/ and http://h:1 match. */
static gboolean
same_uri (const char *a,
          const char *b)
{
  gsize la, lb;

  if (a == NULL || b == NULL)
    return FALSE;

  la = strlen (a);
  lb = strlen (b);
  while (la > 0 && a[la - 1] == '/')
    la--;
  while (lb > 0 && b[lb - 1] == '/')
    lb--;

  return la == lb && g_ascii_strncasecmp (a, b, la) == 0;
}

static void
sc_camera_monitor_dispose (GObject *object)
{
  ScCameraMonitor *self = (ScCameraMonitor *)object;

  if (self->cameras != NULL)
    sc_camera_monitor_disconnect_all (self);
  g_clear_pointer (&self->cameras, g_ptr_array_unref);

  G_OBJECT_CLASS (sc_camera_monitor_parent_class)->dispose (object);
}

static void
sc_camera_monitor_class_init (ScCameraMonitorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sc_camera_monitor_dispose;

  /**
   * ScCameraMonitor::camera-forgotten:
   * @self: the monitor
   * @camera: the camera the user asked to forget, still in the model
   *
   * Emitted by sc_camera_monitor_forget() before the camera leaves the
   * model, so that whoever stores something about it (the camera registry,
   * the keyring) erases it, whichever front end asked.
   */
  signals[CAMERA_FORGOTTEN] =
    g_signal_new ("camera-forgotten",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SC_TYPE_CAMERA);
}

static void
sc_camera_monitor_init (ScCameraMonitor *self)
{
  self->cameras = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * sc_camera_monitor_new:
 *
 * Returns: (transfer full): an empty monitor
 */
ScCameraMonitor *
sc_camera_monitor_new (void)
{
  return g_object_new (SC_TYPE_CAMERA_MONITOR, NULL);
}

/**
 * sc_camera_monitor_add:
 * @self: a #ScCameraMonitor
 * @camera: a camera not in the monitor yet
 *
 * Appends @camera to the model.
 */
void
sc_camera_monitor_add (ScCameraMonitor *self,
                       ScCamera        *camera)
{
  g_return_if_fail (SC_IS_CAMERA_MONITOR (self));
  g_return_if_fail (SC_IS_CAMERA (camera));

  if (g_ptr_array_find (self->cameras, camera, NULL))
    return;

  g_ptr_array_add (self->cameras, g_object_ref (camera));
  g_list_model_items_changed (G_LIST_MODEL (self), self->cameras->len - 1, 0, 1);
}

/**
 * sc_camera_monitor_add_uri:
 * @self: a #ScCameraMonitor
 * @uri: how to reach the camera (http://HOST[:PORT] for OSC)
 * @username: (nullable): for digest authentication
 * @password: (nullable): for digest authentication
 * @error: return location for a #GError
 *
 * Returns the camera already known at @uri, or creates one (not
 * connected) and adds it. Does not block: nothing is sent to the camera.
 *
 * Returns: (transfer none): the camera, or %NULL if @uri is not one any
 *   backend understands
 */
ScCamera *
sc_camera_monitor_add_uri (ScCameraMonitor  *self,
                           const char       *uri,
                           const char       *username,
                           const char       *password,
                           GError          **error)
{
  g_autoptr(ScCamera) camera = NULL;
  ScCamera *existing;

  g_return_val_if_fail (SC_IS_CAMERA_MONITOR (self), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  existing = sc_camera_monitor_lookup (self, uri);
  if (existing != NULL)
    return existing;

  camera = sc_camera_new_for_uri (uri, username, password, error);
  if (camera == NULL)
    return NULL;

  sc_camera_monitor_add (self, camera);

  return camera;
}

/**
 * sc_camera_monitor_remove:
 * @self: a #ScCameraMonitor
 * @camera: a camera in the monitor
 *
 * Removes @camera from the model (it is disconnected first).
 */
void
sc_camera_monitor_remove (ScCameraMonitor *self,
                          ScCamera        *camera)
{
  guint position;

  g_return_if_fail (SC_IS_CAMERA_MONITOR (self));
  g_return_if_fail (SC_IS_CAMERA (camera));

  if (!g_ptr_array_find (self->cameras, camera, &position))
    return;

  if (sc_camera_is_connected (camera))
    sc_camera_disconnect (camera);
  g_ptr_array_remove_index (self->cameras, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

/**
 * sc_camera_monitor_forget:
 * @self: a #ScCameraMonitor
 * @camera: a camera in the monitor
 *
 * What "Forget this camera" does, from the window or from D-Bus: emits
 * #ScCameraMonitor::camera-forgotten, so that everything stored about
 * @camera is erased, then disconnects and removes it.
 */
void
sc_camera_monitor_forget (ScCameraMonitor *self,
                          ScCamera        *camera)
{
  g_autoptr(ScCamera) hold = NULL;

  g_return_if_fail (SC_IS_CAMERA_MONITOR (self));
  g_return_if_fail (SC_IS_CAMERA (camera));

  if (!g_ptr_array_find (self->cameras, camera, NULL))
    return;

  hold = g_object_ref (camera);
  g_signal_emit (self, signals[CAMERA_FORGOTTEN], 0, camera);
  sc_camera_monitor_remove (self, camera);
}

/**
 * sc_camera_monitor_lookup:
 * @self: a #ScCameraMonitor
 * @id_or_uri: a camera id ("osc:SERIAL") or URI
 *
 * Returns: (transfer none) (nullable): the camera
 */
ScCamera *
sc_camera_monitor_lookup (ScCameraMonitor *self,
                          const char      *id_or_uri)
{
  g_return_val_if_fail (SC_IS_CAMERA_MONITOR (self), NULL);
  g_return_val_if_fail (id_or_uri != NULL, NULL);

  for (guint i = 0; i < self->cameras->len; i++)
    {
      ScCamera *camera = g_ptr_array_index (self->cameras, i);

      if (g_strcmp0 (sc_camera_get_id (camera), id_or_uri) == 0 ||
          same_uri (sc_camera_get_uri (camera), id_or_uri))
        return camera;
    }

  return NULL;
}

/**
 * sc_camera_monitor_disconnect_all:
 * @self: a #ScCameraMonitor
 *
 * Disconnects every connected camera (at shutdown, or when consent is
 * revoked).
 */
void
sc_camera_monitor_disconnect_all (ScCameraMonitor *self)
{
  g_return_if_fail (SC_IS_CAMERA_MONITOR (self));

  for (guint i = 0; i < self->cameras->len; i++)
    {
      ScCamera *camera = g_ptr_array_index (self->cameras, i);

      if (sc_camera_is_connected (camera))
        sc_camera_disconnect (camera);
    }
}
