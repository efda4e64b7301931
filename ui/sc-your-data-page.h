/* sc-your-data-page.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_UI_INSIDE) && !defined (SC_UI_COMPILATION)
# error "Only <sc-ui.h> can be included directly."
#endif

#include <adwaita.h>
#include <sc-core.h>

G_BEGIN_DECLS

#define SC_TYPE_YOUR_DATA_PAGE (sc_your_data_page_get_type ())

G_DECLARE_FINAL_TYPE (ScYourDataPage, sc_your_data_page, SC, YOUR_DATA_PAGE, GtkWidget)

GtkWidget       *sc_your_data_page_new           (ScDataInventory *inventory,
                                                  ScUsageStats    *usage_stats);
ScDataInventory *sc_your_data_page_get_inventory (ScYourDataPage  *self);
void             sc_your_data_page_set_inventory (ScYourDataPage  *self,
                                                  ScDataInventory *inventory);
ScUsageStats    *sc_your_data_page_get_usage_stats (ScYourDataPage *self);
void             sc_your_data_page_set_usage_stats (ScYourDataPage *self,
                                                    ScUsageStats   *usage_stats);
void             sc_your_data_page_refresh       (ScYourDataPage  *self);

G_END_DECLS
