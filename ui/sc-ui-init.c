/* sc-ui-init.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-ui-init"

#include "config.h"

#include "sc-ui.h"
#include "sc-ui-resources.h"

/**
 * sc_ui_init:
 *
 * Registers the UI's resources (templates, style, icons) and types. The
 * resources are compiled with --manual-register, so that this static
 * library's resource object cannot be dropped by the linker. Call once
 * before creating any window; later calls do nothing.
 */
void
sc_ui_init (void)
{
  static gboolean initialized;

  if (initialized)
    return;

  sc_ui_register_resource ();
  g_type_ensure (SC_TYPE_ADD_CAMERA_DIALOG);
  g_type_ensure (SC_TYPE_CAMERA_PAGE);
  g_type_ensure (SC_TYPE_CAMERA_ROW);
  g_type_ensure (SC_TYPE_FILE_TILE);
  g_type_ensure (SC_TYPE_JOB_ROW);
  g_type_ensure (SC_TYPE_JOBS_BUTTON);
  g_type_ensure (SC_TYPE_LIBRARY_ITEM);
  g_type_ensure (SC_TYPE_LIBRARY_PAGE);
  g_type_ensure (SC_TYPE_OPTIONS_POPOVER);
  g_type_ensure (SC_TYPE_PREFERENCES_WINDOW);
  g_type_ensure (SC_TYPE_VIEWFINDER);
  g_type_ensure (SC_TYPE_WINDOW);
  initialized = TRUE;
}
