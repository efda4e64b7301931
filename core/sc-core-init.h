/* sc-core-init.h
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

gboolean sc_core_init (GError **error);

G_END_DECLS
