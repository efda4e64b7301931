/* sc-ptp-camera-holder.c: who holds an ScPtpCamera's USB interface, and releasing it
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-ptp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sc-camera-private.h"
#include "sc-error.h"
#include "sc-ptp-camera-private.h"
#include "sc-usb-hygiene.h"

/**
 * sc_ptp_camera_get_holder:
 * @self: a #ScPtpCamera
 *
 * After sc_camera_connect_finish() failed with %SC_CAMERA_ERROR_BUSY
 * because the USB interface is claimed elsewhere: a description of who
 * holds it, for the "release it" action (see sc-usb-hygiene). %NULL when
 * the last connection attempt did not fail that way.
 *
 * Returns: (nullable): the holder
 */
const char *
sc_ptp_camera_get_holder (ScPtpCamera *self)
{
  g_return_val_if_fail (SC_IS_PTP_CAMERA (self), NULL);
  return self->holder;
}

/**
 * sc_ptp_camera_can_release_holder:
 * @self: a #ScPtpCamera
 *
 * After sc_camera_connect_finish() failed with %SC_CAMERA_ERROR_BUSY:
 * whether the holder is a gvfs mount that
 * sc_ptp_camera_release_holder_async() can unmount.
 *
 * Returns: %TRUE when Spherecam can release the camera
 */
gboolean
sc_ptp_camera_can_release_holder (ScPtpCamera *self)
{
  g_return_val_if_fail (SC_IS_PTP_CAMERA (self), FALSE);
  return self->holder != NULL && self->holder_releasable;
}

/* --- releasing the holder, then connecting --- */

#define RELEASE_CONNECT_TRIES    8
#define RELEASE_CONNECT_DELAY_MS 250

typedef struct
{
  guint tries;
} ReleaseData;

static void release_try_connect (GTask *task);

static gboolean
on_release_retry_cb (gpointer user_data)
{
  /* The source holds a reference of its own. */
  release_try_connect (g_object_ref (G_TASK (user_data)));
  return G_SOURCE_REMOVE;
}

static void
on_release_connected_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReleaseData *rd = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (sc_camera_connect_finish (SC_CAMERA (object), result, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* gvfs's daemon closes the device a moment after the unmount. */
  if (g_error_matches (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY)
      && ++rd->tries < RELEASE_CONNECT_TRIES
      && !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_autoptr(GSource) source = g_timeout_source_new (RELEASE_CONNECT_DELAY_MS);

      g_debug ("The camera is still held (%s); trying again", error->message);
      g_task_attach_source (task, source, on_release_retry_cb);
      return;
    }

  g_task_return_error (task, g_steal_pointer (&error));
}

static void
release_try_connect (GTask *task)
{
  ScPtpCamera *self = g_task_get_source_object (task);

  sc_camera_connect_async (SC_CAMERA (self), g_task_get_cancellable (task),
                           on_release_connected_cb, task);
}

static void
on_holder_released_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  (void)object;
  if (!sc_usb_release_holder_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  release_try_connect (task);
}

/**
 * sc_ptp_camera_release_holder_async:
 * @self: a #ScPtpCamera
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure
 *
 * Releases the camera from the program that holds it (unmounts gvfs's
 * mount through GIO, see sc_usb_release_holder_async()), then connects,
 * trying the claim again a few times while gvfs's daemon lets go.
 */
void
sc_ptp_camera_release_holder_async (ScPtpCamera         *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SC_IS_PTP_CAMERA (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_ptp_camera_release_holder_async);
  g_task_set_task_data (task, g_new0 (ReleaseData, 1), g_free);

  if (self->is_connected)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  sc_usb_release_holder_async (self->bus_number, self->device_address, cancellable,
                               on_holder_released_cb, task);
}

/**
 * sc_ptp_camera_release_holder_finish:
 * @self: a #ScPtpCamera
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the camera is connected now
 */
gboolean
sc_ptp_camera_release_holder_finish (ScPtpCamera   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
