/* sc-data-inventory.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sc-camera-registry.h"
#include "sc-consent.h"
#include "sc-permissions.h"

G_BEGIN_DECLS

/**
 * ScDataCountFunc:
 * @user_data: the data given to sc_data_category_new()
 *
 * Returns: how many items the category holds now, or -1 when unknown
 */
typedef gint64    (*ScDataCountFunc)  (gpointer   user_data);

/**
 * ScDataExportFunc:
 * @user_data: the data given to sc_data_category_new()
 *
 * Returns: (transfer full): everything the category holds: a JSON object,
 *   or an array of objects, whose member names are the category's fields
 *   (see sc_data_category_add_field()). Never a password.
 */
typedef JsonNode *(*ScDataExportFunc) (gpointer   user_data);

/**
 * ScDataEraseFunc:
 * @user_data: the data given to sc_data_category_new()
 * @error: return location for a #GError
 *
 * Erases everything the category holds.
 *
 * Returns: %TRUE on success
 */
typedef gboolean  (*ScDataEraseFunc)  (gpointer   user_data,
                                       GError   **error);

#define SC_TYPE_DATA_CATEGORY (sc_data_category_get_type ())

G_DECLARE_FINAL_TYPE (ScDataCategory, sc_data_category, SC, DATA_CATEGORY, GObject)

/*
 * One kind of personal data the app holds, described for the user
 * (translated title and description, and the meaning of every exported
 * field) and handled by callbacks from the owner of the data.
 */
ScDataCategory   *sc_data_category_new               (const char        *id,
                                                      const char        *title,
                                                      const char        *description,
                                                      ScDataCountFunc    count_func,
                                                      ScDataExportFunc   export_func,
                                                      ScDataEraseFunc    erase_func,
                                                      gpointer           user_data,
                                                      GDestroyNotify     destroy);
void              sc_data_category_add_field         (ScDataCategory    *self,
                                                      const char        *name,
                                                      const char        *meaning);
const char       *sc_data_category_get_id            (ScDataCategory    *self);
const char       *sc_data_category_get_title         (ScDataCategory    *self);
const char       *sc_data_category_get_description   (ScDataCategory    *self);
const char       *sc_data_category_get_field_meaning (ScDataCategory    *self,
                                                      const char        *name);
char            **sc_data_category_dup_field_names   (ScDataCategory    *self);
gint64            sc_data_category_count             (ScDataCategory    *self);
JsonNode         *sc_data_category_export            (ScDataCategory    *self);
gboolean          sc_data_category_erase             (ScDataCategory    *self,
                                                      GError           **error);

#define SC_TYPE_DATA_INVENTORY (sc_data_inventory_get_type ())

G_DECLARE_FINAL_TYPE (ScDataInventory, sc_data_inventory, SC, DATA_INVENTORY, GObject)

/*
 * Every category of personal data the app holds, as a GListModel of
 * ScDataCategory in registration order: the "Your data" page lists it,
 * exports it to one JSON file and erases a category or everything.
 * Files the user downloaded from a camera are theirs: no category holds
 * them and nothing here erases them.
 * Belongs to the thread that created it.
 */
const char * const *sc_data_inventory_expected_categories (void);
const char * const *sc_data_inventory_planned_categories  (void);

ScDataInventory  *sc_data_inventory_new              (void);
ScDataInventory  *sc_data_inventory_new_default      (ScCameraRegistry  *registry,
                                                      ScConsent         *consent,
                                                      ScPermissions     *permissions);
gboolean          sc_data_inventory_register         (ScDataInventory   *self,
                                                      ScDataCategory    *category);
ScDataCategory   *sc_data_inventory_lookup           (ScDataInventory   *self,
                                                      const char        *id);
JsonNode         *sc_data_inventory_to_json          (ScDataInventory   *self);
gboolean          sc_data_inventory_export           (ScDataInventory   *self,
                                                      GFile             *file,
                                                      GError           **error);
gboolean          sc_data_inventory_erase            (ScDataInventory   *self,
                                                      const char        *id,
                                                      GError           **error);

G_END_DECLS
