/* sc-ui.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <sc-core.h>

#define SC_UI_INSIDE
# include "sc-job-row.h"
# include "sc-jobs-button.h"
# include "sc-preferences-window.h"
# include "sc-window.h"
#undef SC_UI_INSIDE

G_BEGIN_DECLS

void sc_ui_init (void);

G_END_DECLS
