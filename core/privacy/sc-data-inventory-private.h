/* sc-data-inventory-private.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "sc-data-inventory.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------------ */
/* Helpers for the providers                                           */

static inline void
set_string_or_null (JsonObject *object,
                    const char *member,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

static inline void
set_date_time_or_null (JsonObject *object,
                       const char *member,
                       GDateTime  *value)
{
  if (value != NULL)
    {
      g_autofree char *iso = g_date_time_format_iso8601 (value);

      json_object_set_string_member (object, member, iso);
    }
  else
    json_object_set_null_member (object, member);
}

static inline JsonNode *
node_from_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static inline JsonNode *
node_from_array (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  return node;
}

/* ------------------------------------------------------------------ */
/* Built-in categories in sc-data-inventory-providers-privacy.c        */

ScDataCategory *_sc_data_inventory_location_category_new (void);
ScDataCategory *_sc_data_inventory_usage_category_new    (void);

G_END_DECLS
