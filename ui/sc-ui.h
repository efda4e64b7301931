/* sc-ui.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <sc-core.h>

#define SC_UI_INSIDE
# include "sc-add-camera-dialog.h"
# include "sc-camera-page.h"
# include "sc-camera-row.h"
# include "sc-consent-view.h"
# include "sc-download-folder.h"
# include "sc-file-tile.h"
# include "sc-job-row.h"
# include "sc-jobs-button.h"
# include "sc-library-item.h"
# include "sc-library-page.h"
# include "sc-options-popover.h"
# include "sc-policy-window.h"
# include "sc-preferences-window.h"
# include "sc-viewer.h"
# include "sc-viewer-window.h"
# include "sc-viewfinder.h"
# include "sc-your-data-page.h"
# include "sc-window.h"
#undef SC_UI_INSIDE

G_BEGIN_DECLS

void sc_ui_init (void);

G_END_DECLS
