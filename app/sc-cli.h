/* sc-cli.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void sc_cli_add_main_options      (GApplication *application);
int  sc_cli_handle_local_options  (GApplication *application,
                                   GVariantDict *options);

G_END_DECLS
