/* sc-headless-application.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SC_TYPE_HEADLESS_APPLICATION (sc_headless_application_get_type ())

G_DECLARE_FINAL_TYPE (ScHeadlessApplication, sc_headless_application, SC, HEADLESS_APPLICATION,
                      GApplication)

ScHeadlessApplication *sc_headless_application_new (void);

G_END_DECLS
