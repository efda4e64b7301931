/* sc-data-inventory-providers-privacy.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-data-inventory"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sc-data-inventory-private.h"
#include "sc-location.h"
#include "sc-usage-stats.h"

/* The built-in providers for what the privacy features themselves keep:
 * the location settings (ScLocationSource) and the usage statistics
 * (ScUsageStats). Both are process-wide objects the app may replace at
 * start-up, so every call looks up the current default instead of
 * keeping the one there was when the inventory was made. The others are
 * in sc-data-inventory-providers.c. */

/* ------------------------------------------------------------------ */
/* "location": ScLocationSource                                        */

/* What is remembered: a mode other than "none", a manual position, and
 * how many times the location service was asked. */
static gint64
location_count (gpointer user_data)
{
  ScLocationSource *source = sc_location_source_get_default ();
  ScGeoLocation manual = { 0 };
  gint64 ret = 0;

  if (sc_location_source_get_mode (source) != SC_LOCATION_MODE_NONE)
    ret++;
  if (sc_location_source_get_manual (source, &manual))
    ret++;
  if (sc_location_source_get_n_lookups (source) > 0)
    ret++;

  return ret;
}

static JsonNode *
location_export (gpointer user_data)
{
  ScLocationSource *source = sc_location_source_get_default ();
  ScGeoLocation manual = { 0 };
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "mode",
                                 sc_location_mode_to_string (sc_location_source_get_mode (source)));
  if (sc_location_source_get_manual (source, &manual))
    {
      json_object_set_double_member (object, "manual-latitude", manual.latitude);
      json_object_set_double_member (object, "manual-longitude", manual.longitude);
      if (manual.has_altitude)
        json_object_set_double_member (object, "manual-altitude", manual.altitude);
    }
  set_string_or_null (object, "automatic-status", sc_location_source_get_status (source));
  json_object_set_int_member (object, "lookups", sc_location_source_get_n_lookups (source));

  return node_from_object (object);
}

static gboolean
location_erase (gpointer   user_data,
                GError   **error)
{
  sc_location_source_clear (sc_location_source_get_default ());

  return TRUE;
}

/**
 * _sc_data_inventory_location_category_new:
 *
 * Returns: (transfer full): the "location" category, on
 *   sc_location_source_get_default()
 */
ScDataCategory *
_sc_data_inventory_location_category_new (void)
{
  ScDataCategory *category;

  category = sc_data_category_new ("location",
                                   _("Location"),
                                   _("Where your location comes from for geotagging photos and "
                                     "videos: nowhere, a position you typed in, or this "
                                     "computer’s location service. Spherecam does not keep a "
                                     "history of where you were. Erasing it turns location off "
                                     "and forgets the position you typed in."),
                                   location_count, location_export, location_erase,
                                   NULL, NULL);
  sc_data_category_add_field (category, "mode",
                              _("Where the location comes from: “none”, “manual” (the position "
                                "you typed in) or “automatic” (this computer’s location service)."));
  sc_data_category_add_field (category, "manual-latitude",
                              _("The latitude you typed in, in degrees north (only if you typed "
                                "in a position)."));
  sc_data_category_add_field (category, "manual-longitude",
                              _("The longitude you typed in, in degrees east (only if you typed "
                                "in a position)."));
  sc_data_category_add_field (category, "manual-altitude",
                              _("The altitude you typed in, in metres above sea level (only if "
                                "you gave one)."));
  sc_data_category_add_field (category, "automatic-status",
                              _("Why the location service cannot be used right now, if it "
                                "cannot."));
  sc_data_category_add_field (category, "lookups",
                              _("How many times Spherecam asked this computer’s location service "
                                "for your position."));

  return category;
}

/* ------------------------------------------------------------------ */
/* "usage-statistics": ScUsageStats                                    */

static gint64
usage_count (gpointer user_data)
{
  return sc_usage_stats_get_n_days (sc_usage_stats_get_default ());
}

static JsonNode *
usage_export (gpointer user_data)
{
  return sc_usage_stats_to_json (sc_usage_stats_get_default ());
}

static gboolean
usage_erase (gpointer   user_data,
             GError   **error)
{
  return sc_usage_stats_erase (sc_usage_stats_get_default (), error);
}

/**
 * _sc_data_inventory_usage_category_new:
 *
 * Returns: (transfer full): the "usage-statistics" category, on
 *   sc_usage_stats_get_default()
 */
ScDataCategory *
_sc_data_inventory_usage_category_new (void)
{
  ScDataCategory *category;

  category = sc_data_category_new ("usage-statistics",
                                   _("Usage statistics"),
                                   _("If you turned usage statistics on: how often, per day, "
                                     "Spherecam was started, which pages you opened, which camera "
                                     "commands it sent and how long they took, and whether it "
                                     "crashed. Only counts are kept, for at most 90 days, on this "
                                     "computer; nothing is sent anywhere. Erasing them removes "
                                     "every count."),
                                   usage_count, usage_export, usage_erase,
                                   NULL, NULL);
  sc_data_category_add_field (category, "date",
                              _("The day the counts are for, in your time zone (YYYY-MM-DD)."));
  sc_data_category_add_field (category, "counters",
                              _("The counts for that day, by name: “app-starts” (times Spherecam "
                                "started), “crashes” (times it did not close normally), "
                                "“seconds-active” (how long it ran), “page-opened:…” (times you "
                                "opened a page), “camera-requests:…”, “camera-request-errors:…” "
                                "and “camera-request-ms:…” (camera commands sent, how many "
                                "failed and their total time in milliseconds)."));

  return category;
}
