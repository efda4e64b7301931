/* sc-error.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

#define SC_CAMERA_ERROR   (sc_camera_error_quark ())
#define SC_PIPELINE_ERROR (sc_pipeline_error_quark ())
#define SC_EDIT_ERROR     (sc_edit_error_quark ())
#define SC_JOB_ERROR      (sc_job_error_quark ())

/**
 * ScCameraError:
 * @SC_CAMERA_ERROR_NOT_CONNECTED: the camera is not connected; connect first
 * @SC_CAMERA_ERROR_BUSY: the camera is busy with another command or client
 * @SC_CAMERA_ERROR_PROTOCOL: the camera answered something we cannot understand
 * @SC_CAMERA_ERROR_UNSUPPORTED: the camera does not offer this command or value
 * @SC_CAMERA_ERROR_PERMISSION_DENIED: the camera refused access (credentials)
 * @SC_CAMERA_ERROR_NO_DEVICE: the camera went away
 *
 * Errors from camera backends. Over D-Bus they are named
 * `org.spherecam.Spherecam.Error.Camera.<Code>`.
 */
typedef enum
{
  SC_CAMERA_ERROR_NOT_CONNECTED,
  SC_CAMERA_ERROR_BUSY,
  SC_CAMERA_ERROR_PROTOCOL,
  SC_CAMERA_ERROR_UNSUPPORTED,
  SC_CAMERA_ERROR_PERMISSION_DENIED,
  SC_CAMERA_ERROR_NO_DEVICE,
} ScCameraError;

/**
 * ScPipelineError:
 * @SC_PIPELINE_ERROR_MISSING_ELEMENT: a GStreamer element is not installed
 * @SC_PIPELINE_ERROR_NEGOTIATION: the pipeline could not agree on a format
 * @SC_PIPELINE_ERROR_GL_UNAVAILABLE: no usable OpenGL context
 * @SC_PIPELINE_ERROR_STREAM: the media stream is broken
 *
 * Errors from media pipelines, named `org.spherecam.Spherecam.Error.Pipeline.<Code>`.
 */
typedef enum
{
  SC_PIPELINE_ERROR_MISSING_ELEMENT,
  SC_PIPELINE_ERROR_NEGOTIATION,
  SC_PIPELINE_ERROR_GL_UNAVAILABLE,
  SC_PIPELINE_ERROR_STREAM,
} ScPipelineError;

/**
 * ScEditError:
 * @SC_EDIT_ERROR_ASSET: a clip could not be loaded
 * @SC_EDIT_ERROR_RENDER: rendering the project failed
 *
 * Errors from the video editor, named `org.spherecam.Spherecam.Error.Edit.<Code>`.
 */
typedef enum
{
  SC_EDIT_ERROR_ASSET,
  SC_EDIT_ERROR_RENDER,
} ScEditError;

/**
 * ScJobError:
 * @SC_JOB_ERROR_NOT_FOUND: there is no job with that id
 * @SC_JOB_ERROR_ABORTED: the job was stopped because the service shut down
 *
 * Errors about jobs themselves, named `org.spherecam.Spherecam.Error.Job.<Code>`.
 */
typedef enum
{
  SC_JOB_ERROR_NOT_FOUND,
  SC_JOB_ERROR_ABORTED,
} ScJobError;

GQuark sc_camera_error_quark   (void);
GQuark sc_pipeline_error_quark (void);
GQuark sc_edit_error_quark     (void);
GQuark sc_job_error_quark      (void);

void   sc_error_register_dbus  (void);

G_END_DECLS
