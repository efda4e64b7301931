/* sc-dbus-camera-impl.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sc-core.h>

#include "sc-dbus-generated.h"

G_BEGIN_DECLS

#define SC_TYPE_DBUS_CAMERA_IMPL (sc_dbus_camera_impl_get_type ())

G_DECLARE_FINAL_TYPE (ScDbusCameraImpl, sc_dbus_camera_impl, SC, DBUS_CAMERA_IMPL,
                      ScDbusCameraSkeleton)

/**
 * ScDbusCameraImplHooks:
 *
 * What the service does around a camera's life: forget it, and run jobs.
 * (Remembering after a connection follows the camera's "is-connected",
 * whoever connected it.) The service fills these in.
 */
typedef struct
{
  void   (*forget)    (ScCamera *camera, gpointer user_data);
  char  *(*add_job)   (ScJob *job, gpointer user_data);   /* returns the job's object path */
  gpointer user_data;
} ScDbusCameraImplHooks;

ScDbusCameraImpl *sc_dbus_camera_impl_new           (ScCamera                    *camera,
                                                     const ScDbusCameraImplHooks *hooks);
ScCamera         *sc_dbus_camera_impl_get_camera    (ScDbusCameraImpl            *self);
void              sc_dbus_camera_impl_set_remembered (ScDbusCameraImpl           *self,
                                                     gboolean                     remembered);

G_END_DECLS
