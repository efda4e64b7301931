/* sc-error.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-error"

#include "config.h"

#include <gio/gio.h>

#include "sc-error.h"

G_DEFINE_QUARK (sc-camera-error, sc_camera_error)
G_DEFINE_QUARK (sc-pipeline-error, sc_pipeline_error)
G_DEFINE_QUARK (sc-edit-error, sc_edit_error)
G_DEFINE_QUARK (sc-job-error, sc_job_error)

#define ERROR_PREFIX "org.spherecam.Spherecam.Error."

static const GDBusErrorEntry camera_entries[] = {
  { SC_CAMERA_ERROR_NOT_CONNECTED, ERROR_PREFIX "Camera.NotConnected" },
  { SC_CAMERA_ERROR_BUSY, ERROR_PREFIX "Camera.Busy" },
  { SC_CAMERA_ERROR_PROTOCOL, ERROR_PREFIX "Camera.Protocol" },
  { SC_CAMERA_ERROR_UNSUPPORTED, ERROR_PREFIX "Camera.Unsupported" },
  { SC_CAMERA_ERROR_PERMISSION_DENIED, ERROR_PREFIX "Camera.PermissionDenied" },
  { SC_CAMERA_ERROR_NO_DEVICE, ERROR_PREFIX "Camera.NoDevice" },
};

static const GDBusErrorEntry pipeline_entries[] = {
  { SC_PIPELINE_ERROR_MISSING_ELEMENT, ERROR_PREFIX "Pipeline.MissingElement" },
  { SC_PIPELINE_ERROR_NEGOTIATION, ERROR_PREFIX "Pipeline.Negotiation" },
  { SC_PIPELINE_ERROR_GL_UNAVAILABLE, ERROR_PREFIX "Pipeline.GlUnavailable" },
  { SC_PIPELINE_ERROR_STREAM, ERROR_PREFIX "Pipeline.Stream" },
};

static const GDBusErrorEntry edit_entries[] = {
  { SC_EDIT_ERROR_ASSET, ERROR_PREFIX "Edit.Asset" },
  { SC_EDIT_ERROR_RENDER, ERROR_PREFIX "Edit.Render" },
};

/* GIO does not give G_IO_ERROR D-Bus names; without these, a failed job's
 * ErrorName would read org.gtk.GDBus.UnmappedGError.Quark… */
static const GDBusErrorEntry io_entries[] = {
  { G_IO_ERROR_FAILED, ERROR_PREFIX "IO.Failed" },
  { G_IO_ERROR_NOT_FOUND, ERROR_PREFIX "IO.NotFound" },
  { G_IO_ERROR_EXISTS, ERROR_PREFIX "IO.Exists" },
  { G_IO_ERROR_IS_DIRECTORY, ERROR_PREFIX "IO.IsDirectory" },
  { G_IO_ERROR_NOT_DIRECTORY, ERROR_PREFIX "IO.NotDirectory" },
  { G_IO_ERROR_INVALID_FILENAME, ERROR_PREFIX "IO.InvalidFilename" },
  { G_IO_ERROR_NO_SPACE, ERROR_PREFIX "IO.NoSpace" },
  { G_IO_ERROR_INVALID_ARGUMENT, ERROR_PREFIX "IO.InvalidArgument" },
  { G_IO_ERROR_PERMISSION_DENIED, ERROR_PREFIX "IO.PermissionDenied" },
  { G_IO_ERROR_NOT_SUPPORTED, ERROR_PREFIX "IO.NotSupported" },
  { G_IO_ERROR_CANCELLED, ERROR_PREFIX "IO.Cancelled" },
  { G_IO_ERROR_READ_ONLY, ERROR_PREFIX "IO.ReadOnly" },
  { G_IO_ERROR_TIMED_OUT, ERROR_PREFIX "IO.TimedOut" },
  { G_IO_ERROR_BUSY, ERROR_PREFIX "IO.Busy" },
  { G_IO_ERROR_HOST_NOT_FOUND, ERROR_PREFIX "IO.HostNotFound" },
  { G_IO_ERROR_PARTIAL_INPUT, ERROR_PREFIX "IO.PartialInput" },
  { G_IO_ERROR_INVALID_DATA, ERROR_PREFIX "IO.InvalidData" },
  { G_IO_ERROR_CONNECTION_REFUSED, ERROR_PREFIX "IO.ConnectionRefused" },
  { G_IO_ERROR_NETWORK_UNREACHABLE, ERROR_PREFIX "IO.NetworkUnreachable" },
  { G_IO_ERROR_CONNECTION_CLOSED, ERROR_PREFIX "IO.ConnectionClosed" },
};

static const GDBusErrorEntry job_entries[] = {
  { SC_JOB_ERROR_NOT_FOUND, ERROR_PREFIX "Job.NotFound" },
  { SC_JOB_ERROR_ABORTED, ERROR_PREFIX "Job.Aborted" },
};

/**
 * sc_error_register_dbus:
 *
 * Registers Spherecam's error domains with GDBus, so that a #GError from core
 * crosses D-Bus as a named error (`org.spherecam.Spherecam.Error.Camera.Busy`)
 * and comes back on the other side as the same domain and code.
 *
 * Safe to call more than once and from any thread.
 */
void
sc_error_register_dbus (void)
{
  static gsize camera_quark, pipeline_quark, edit_quark, job_quark, io_quark;

  g_dbus_error_register_error_domain ("sc-camera-error", &camera_quark,
                                      camera_entries, G_N_ELEMENTS (camera_entries));
  g_dbus_error_register_error_domain ("sc-pipeline-error", &pipeline_quark,
                                      pipeline_entries, G_N_ELEMENTS (pipeline_entries));
  g_dbus_error_register_error_domain ("sc-edit-error", &edit_quark,
                                      edit_entries, G_N_ELEMENTS (edit_entries));
  g_dbus_error_register_error_domain ("sc-job-error", &job_quark,
                                      job_entries, G_N_ELEMENTS (job_entries));
  g_dbus_error_register_error_domain ("g-io-error-quark", &io_quark,
                                      io_entries, G_N_ELEMENTS (io_entries));

  /* The quarks g_dbus_error_register_error_domain() creates must be the ones
   * our G_DEFINE_QUARK functions return, or errors would not round-trip. */
  g_assert (camera_quark == SC_CAMERA_ERROR);
  g_assert (pipeline_quark == SC_PIPELINE_ERROR);
  g_assert (edit_quark == SC_EDIT_ERROR);
  g_assert (job_quark == SC_JOB_ERROR);
  g_assert (io_quark == G_IO_ERROR);
}
