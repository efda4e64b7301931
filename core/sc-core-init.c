/* sc-core-init.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-core-init"

#include "config.h"

#include <gst/gst.h>

#include "sc-core.h"

/**
 * sc_core_init:
 * @error: return location for a #GError
 *
 * Initialises the media core: GStreamer, the D-Bus names of the error
 * domains and the core's own types. Call once from the main thread before
 * using anything else in core; later calls do nothing.
 *
 * Returns: %TRUE on success; %FALSE with @error set if GStreamer could not
 *   be initialised.
 */
gboolean
sc_core_init (GError **error)
{
  static gboolean initialized;

  if (initialized)
    return TRUE;

  if (!gst_init_check (NULL, NULL, error))
    return FALSE;

  sc_error_register_dbus ();
  sc_permissions_register_dbus_errors ();
  sc_lens_register_dbus_errors ();
  g_type_ensure (SC_TYPE_PERMISSIONS);
  g_type_ensure (SC_TYPE_CONSENT);
  g_type_ensure (SC_TYPE_JOB);
  g_type_ensure (SC_TYPE_JOB_MANAGER);
  sc_gl_stitch_register ();
  sc_stitch_filter_register ();

  initialized = TRUE;
  return TRUE;
}
