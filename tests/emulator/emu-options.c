/* emu-options.c: camera.getOptions / camera.setOptions
 *
 * Options are validated as a whole on a staged copy and committed only when
 * every value is acceptable (THETA applies none of a rejected request).
 * "<name>Support" returns the allowed values; see the table in README.md.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "emu-options"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "emu-private.h"

#define GPS_DISABLED 65535

typedef struct
{
  ScEmuOptions  options;
  gint64        clock_offset_us;
  GTimeZone    *time_zone;
  int           api_level;
} Staged;

static const char * const option_names[] = {
  "captureMode", "exposureProgram", "exposureCompensation", "iso", "shutterSpeed",
  "whiteBalance", "fileFormat", "previewFormat", "captureInterval", "captureNumber",
  "dateTimeZone", "sleepDelay", "offDelay", "gpsInfo", "_gpsTagRecording", "clientVersion",
  "remainingPictures", "remainingVideoSeconds", "remainingSpace", "totalSpace",
};

static const char * const read_only_names[] = {
  "remainingPictures", "remainingVideoSeconds", "remainingSpace", "totalSpace",
};

static const gint64 exposure_programs[] = { 1, 2, 4, 9 };
static const double exposure_compensations[] = {
  -2.0, -1.7, -1.3, -1.0, -0.7, -0.3, 0.0, 0.3, 0.7, 1.0, 1.3, 1.7, 2.0,
};
static const gint64 isos[] = {
  0, 100, 125, 160, 200, 250, 320, 400, 500, 640, 800, 1000, 1250, 1600, 2000, 2500, 3200,
};
static const double shutter_speeds[] = {
  0, 0.0000625, 0.000125, 0.00025, 0.0005, 0.001, 0.002, 0.004, 0.008, 1.0 / 60, 1.0 / 30,
  1.0 / 15, 0.125, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60,
};
static const char * const white_balances[] = {
  "auto", "daylight", "shade", "cloudy-daylight", "incandescent", "fluorescent",
};
static const gint64 sleep_delays[] = { 60, 120, 180, 300, 600, 1800, 65535 };
static const gint64 off_delays[] = { 0, 600, 1200, 1800, 3600, 65535 };
static const struct { int width, height, framerate; } preview_formats[] = {
  { 1024, 512, 30 }, { 640, 320, 30 },
};
static const struct { int width, height; } video_formats[] = {
  { 960, 480 }, { 1920, 960 },
};

#define VIDEO_FRAME_RATE 15

static void
format_copy (ScEmuFileFormat       *dst,
             const ScEmuFileFormat *src)
{
  *dst = *src;
  dst->type = g_strdup (src->type);
}

static void
options_copy (ScEmuOptions       *dst,
              const ScEmuOptions *src)
{
  *dst = *src;
  dst->capture_mode = g_strdup (src->capture_mode);
  dst->white_balance = g_strdup (src->white_balance);
  dst->gps_date_time_zone = g_strdup (src->gps_date_time_zone);
  format_copy (&dst->image_format, &src->image_format);
  format_copy (&dst->video_format, &src->video_format);
}

void
sc_emu_options_clear (ScEmuOptions *options)
{
  g_clear_pointer (&options->capture_mode, g_free);
  g_clear_pointer (&options->white_balance, g_free);
  g_clear_pointer (&options->gps_date_time_zone, g_free);
  g_clear_pointer (&options->image_format.type, g_free);
  g_clear_pointer (&options->video_format.type, g_free);
}

/* camera.reset: back to the factory options (the clock is kept). */
void
sc_emu_options_reset (ScEmuCamera *self)
{
  ScEmuOptions *o = &self->options;

  sc_emu_options_clear (o);
  memset (o, 0, sizeof *o);
  o->capture_mode = g_strdup ("image");
  o->exposure_program = 2;
  o->white_balance = g_strdup ("auto");
  o->image_format = (ScEmuFileFormat) { g_strdup ("jpeg"), self->config->photo_width,
                                        self->config->photo_height, 0 };
  o->video_format = (ScEmuFileFormat) { g_strdup ("mp4"), 960, 480, VIDEO_FRAME_RATE };
  o->preview_width = 1024;
  o->preview_height = 512;
  o->preview_framerate = 30;
  o->capture_interval = 4;
  o->capture_number = 0;
  o->sleep_delay = 180;
  o->off_delay = 600;
  o->gps_tag_recording = TRUE;
}

const ScEmuFileFormat *
sc_emu_options_current_format (ScEmuCamera *self)
{
  if (g_strcmp0 (self->options.capture_mode, "video") == 0)
    return &self->options.video_format;
  return &self->options.image_format;
}

static JsonObject *
format_json (const char *type,
             int         width,
             int         height,
             int         frame_rate)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", type);
  json_object_set_int_member (object, "width", width);
  json_object_set_int_member (object, "height", height);
  if (g_str_equal (type, "mp4"))
    {
      json_object_set_string_member (object, "_codec", SC_EMU_CODEC);
      json_object_set_int_member (object, "_frameRate", frame_rate);
    }

  return object;
}

/* Image sizes: the --photo-size default, then 1920×960 and 3840×1920. */
static int
image_sizes (ScEmuCamera *self,
             int          sizes[3][2])
{
  int n = 0;

  sizes[n][0] = self->config->photo_width;
  sizes[n++][1] = self->config->photo_height;
  if (self->config->photo_width != 1920 || self->config->photo_height != 960)
    {
      sizes[n][0] = 1920;
      sizes[n++][1] = 960;
    }
  if (self->config->photo_width != 3840 || self->config->photo_height != 1920)
    {
      sizes[n][0] = 3840;
      sizes[n++][1] = 1920;
    }

  return n;
}

static JsonArray *
int_array (const gint64 *values,
           guint         n)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < n; i++)
    json_array_add_int_element (array, values[i]);
  return array;
}

static void
append_ints (JsonArray    *array,
             const gint64 *values,
             guint         n)
{
  for (guint i = 0; i < n; i++)
    json_array_add_int_element (array, values[i]);
}

static JsonNode *
support_json (ScEmuCamera *self,
              const char  *name)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonObject) object = NULL;

  if (g_str_equal (name, "captureMode"))
    {
      json_array_add_string_element (array, "image");
      json_array_add_string_element (array, "video");
    }
  else if (g_str_equal (name, "exposureProgram"))
    append_ints (array, exposure_programs, G_N_ELEMENTS (exposure_programs));
  else if (g_str_equal (name, "exposureCompensation"))
    for (guint i = 0; i < G_N_ELEMENTS (exposure_compensations); i++)
      json_array_add_double_element (array, exposure_compensations[i]);
  else if (g_str_equal (name, "iso"))
    append_ints (array, isos, G_N_ELEMENTS (isos));
  else if (g_str_equal (name, "shutterSpeed"))
    for (guint i = 0; i < G_N_ELEMENTS (shutter_speeds); i++)
      json_array_add_double_element (array, shutter_speeds[i]);
  else if (g_str_equal (name, "whiteBalance"))
    for (guint i = 0; i < G_N_ELEMENTS (white_balances); i++)
      json_array_add_string_element (array, white_balances[i]);
  else if (g_str_equal (name, "fileFormat"))
    {
      int sizes[3][2];
      int n = image_sizes (self, sizes);

      for (int i = 0; i < n; i++)
        json_array_add_object_element (array, format_json ("jpeg", sizes[i][0], sizes[i][1], 0));
      for (guint i = 0; i < G_N_ELEMENTS (video_formats); i++)
        json_array_add_object_element (array, format_json ("mp4", video_formats[i].width,
                                                           video_formats[i].height, VIDEO_FRAME_RATE));
    }
  else if (g_str_equal (name, "previewFormat"))
    for (guint i = 0; i < G_N_ELEMENTS (preview_formats); i++)
      {
        JsonObject *p = json_object_new ();

        json_object_set_int_member (p, "width", preview_formats[i].width);
        json_object_set_int_member (p, "height", preview_formats[i].height);
        json_object_set_int_member (p, "framerate", preview_formats[i].framerate);
        json_array_add_object_element (array, p);
      }
  else if (g_str_equal (name, "captureInterval"))
    {
      object = json_object_new ();
      json_object_set_int_member (object, "minInterval", 1);
      json_object_set_int_member (object, "maxInterval", 3600);
    }
  else if (g_str_equal (name, "captureNumber"))
    {
      object = json_object_new ();
      json_object_set_int_member (object, "limitless", 0);
      json_object_set_int_member (object, "minNumber", 1);
      json_object_set_int_member (object, "maxNumber", 9999);
    }
  else if (g_str_equal (name, "dateTimeZone"))
    {
      object = json_object_new ();
      json_object_set_string_member (object, "format", "YYYY:MM:DD hh:mm:ss+hh:mm");
    }
  else if (g_str_equal (name, "sleepDelay"))
    append_ints (array, sleep_delays, G_N_ELEMENTS (sleep_delays));
  else if (g_str_equal (name, "offDelay"))
    append_ints (array, off_delays, G_N_ELEMENTS (off_delays));
  else if (g_str_equal (name, "gpsInfo"))
    {
      object = json_object_new ();
      json_object_set_array_member (object, "lat", int_array ((const gint64[]) { -90, 90 }, 2));
      json_object_set_array_member (object, "lng", int_array ((const gint64[]) { -180, 180 }, 2));
      json_object_set_int_member (object, "disabled", GPS_DISABLED);
      json_object_set_array_member (object, "_datum", json_array_new ());
      json_array_add_string_element (json_object_get_array_member (object, "_datum"), "WGS84");
    }
  else if (g_str_equal (name, "_gpsTagRecording"))
    {
      json_array_add_string_element (array, "on");
      json_array_add_string_element (array, "off");
    }
  else if (g_str_equal (name, "clientVersion"))
    {
      json_array_add_int_element (array, 1);
      json_array_add_int_element (array, 2);
    }
  else
    return NULL;

  if (object != NULL)
    return json_node_init_object (json_node_alloc (), object);
  return json_node_init_array (json_node_alloc (), array);
}

static gboolean
str_in (const char        *s,
        const char * const *list,
        guint               n)
{
  for (guint i = 0; i < n; i++)
    if (g_str_equal (list[i], s))
      return TRUE;
  return FALSE;
}

static gboolean
option_known (const char *name)
{
  return str_in (name, option_names, G_N_ELEMENTS (option_names));
}

static void
add_option (ScEmuCamera *self,
            JsonObject  *out,
            const char  *name)
{
  const ScEmuOptions *o = &self->options;
  guint64 remaining = sc_emu_camera_remaining_space (self);

  if (g_str_equal (name, "captureMode"))
    json_object_set_string_member (out, name, o->capture_mode);
  else if (g_str_equal (name, "exposureProgram"))
    json_object_set_int_member (out, name, o->exposure_program);
  else if (g_str_equal (name, "exposureCompensation"))
    json_object_set_double_member (out, name, o->exposure_compensation);
  else if (g_str_equal (name, "iso"))
    json_object_set_int_member (out, name, o->iso);
  else if (g_str_equal (name, "shutterSpeed"))
    json_object_set_double_member (out, name, o->shutter_speed);
  else if (g_str_equal (name, "whiteBalance"))
    json_object_set_string_member (out, name, o->white_balance);
  else if (g_str_equal (name, "fileFormat"))
    {
      const ScEmuFileFormat *f = sc_emu_options_current_format (self);

      json_object_set_object_member (out, name, format_json (f->type, f->width, f->height, f->frame_rate));
    }
  else if (g_str_equal (name, "previewFormat"))
    {
      JsonObject *p = json_object_new ();

      json_object_set_int_member (p, "width", o->preview_width);
      json_object_set_int_member (p, "height", o->preview_height);
      json_object_set_int_member (p, "framerate", o->preview_framerate);
      json_object_set_object_member (out, name, p);
    }
  else if (g_str_equal (name, "captureInterval"))
    json_object_set_int_member (out, name, o->capture_interval);
  else if (g_str_equal (name, "captureNumber"))
    json_object_set_int_member (out, name, o->capture_number);
  else if (g_str_equal (name, "dateTimeZone"))
    {
      g_autoptr(GDateTime) now = sc_emu_camera_now (self);
      g_autofree char *text = sc_emu_camera_format_date (now);

      json_object_set_string_member (out, name, text);
    }
  else if (g_str_equal (name, "sleepDelay"))
    json_object_set_int_member (out, name, o->sleep_delay);
  else if (g_str_equal (name, "offDelay"))
    json_object_set_int_member (out, name, o->off_delay);
  else if (g_str_equal (name, "gpsInfo"))
    {
      JsonObject *g = json_object_new ();

      if (o->gps_enabled)
        {
          json_object_set_double_member (g, "lat", o->gps_lat);
          json_object_set_double_member (g, "lng", o->gps_lng);
          json_object_set_double_member (g, "_altitude", o->gps_altitude);
          json_object_set_string_member (g, "_dateTimeZone",
                                         o->gps_date_time_zone != NULL ? o->gps_date_time_zone : "");
          json_object_set_string_member (g, "_datum", "WGS84");
        }
      else
        {
          json_object_set_int_member (g, "lat", GPS_DISABLED);
          json_object_set_int_member (g, "lng", GPS_DISABLED);
        }
      json_object_set_object_member (out, name, g);
    }
  else if (g_str_equal (name, "_gpsTagRecording"))
    json_object_set_string_member (out, name, o->gps_tag_recording ? "on" : "off");
  else if (g_str_equal (name, "clientVersion"))
    json_object_set_int_member (out, name, self->api_level);
  else if (g_str_equal (name, "remainingPictures"))
    json_object_set_int_member (out, name, (gint64)(remaining / SC_EMU_PHOTO_ESTIMATE));
  else if (g_str_equal (name, "remainingVideoSeconds"))
    json_object_set_int_member (out, name, (gint64)(remaining / SC_EMU_VIDEO_RATE));
  else if (g_str_equal (name, "remainingSpace"))
    json_object_set_int_member (out, name, (gint64)remaining);
  else if (g_str_equal (name, "totalSpace"))
    json_object_set_int_member (out, name, (gint64)SC_EMU_TOTAL_SPACE);
  else
    g_assert_not_reached ();
}

/* camera.getOptions: any known option, and "<option>Support" for the
 * settable ones. */
JsonObject *
sc_emu_options_get (ScEmuCamera  *self,
                    JsonArray    *names,
                    GError      **error)
{
  g_autoptr(JsonObject) out = json_object_new ();

  for (guint i = 0; i < json_array_get_length (names); i++)
    {
      JsonNode *element = json_array_get_element (names, i);
      const char *name;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_INVALID_PARAMETER_VALUE,
                       "Parameter optionNames contains a value that is not a string");
          return NULL;
        }

      name = json_node_get_string (element);
      if (option_known (name))
        {
          add_option (self, out, name);
          continue;
        }

      if (g_str_has_suffix (name, "Support"))
        {
          g_autofree char *base = g_strndup (name, strlen (name) - strlen ("Support"));
          JsonNode *support = support_json (self, base);

          if (support != NULL)
            {
              json_object_set_member (out, name, support);
              continue;
            }
        }

      g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_INVALID_PARAMETER_NAME,
                   "Parameter optionNames contains unsupported option %s", name);
      return NULL;
    }

  return g_steal_pointer (&out);
}

static gboolean
get_int (JsonNode *value,
         gint64   *out)
{
  if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (value);
  return TRUE;
}

static gboolean
get_number (JsonNode *value,
            double   *out)
{
  if (!JSON_NODE_HOLDS_VALUE (value))
    return FALSE;
  if (json_node_get_value_type (value) == G_TYPE_INT64)
    *out = (double)json_node_get_int (value);
  else if (json_node_get_value_type (value) == G_TYPE_DOUBLE)
    *out = json_node_get_double (value);
  else
    return FALSE;
  return TRUE;
}

static const char *
get_string (JsonNode *value)
{
  if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (value);
}

static gboolean
int_in (gint64        v,
        const gint64 *list,
        guint         n)
{
  for (guint i = 0; i < n; i++)
    if (list[i] == v)
      return TRUE;
  return FALSE;
}

static gboolean
number_in (double        v,
           const double *list,
           guint         n)
{
  for (guint i = 0; i < n; i++)
    if (fabs (list[i] - v) <= 0.01 * MAX (fabs (list[i]), 0.001))
      return TRUE;
  return FALSE;
}

static gboolean
parse_camera_date (const char  *text,
                   GDateTime  **out)
{
  int y, mo, d, h, mi, s, zh, zm;
  char sign;
  g_autofree char *zone = NULL;
  g_autoptr(GTimeZone) tz = NULL;

  if (text == NULL || strlen (text) != 25 ||
      sscanf (text, "%4d:%2d:%2d %2d:%2d:%2d%c%2d:%2d", &y, &mo, &d, &h, &mi, &s, &sign, &zh, &zm) != 9 ||
      (sign != '+' && sign != '-'))
    return FALSE;

  zone = g_strdup_printf ("%c%02d:%02d", sign, zh, zm);
  tz = g_time_zone_new_identifier (zone);
  if (tz == NULL)
    return FALSE;
  *out = g_date_time_new (tz, y, mo, d, h, mi, s);
  return *out != NULL;
}

static gboolean
stage_file_format (ScEmuCamera  *self,
                   Staged       *staged,
                   JsonNode     *value)
{
  JsonObject *object;
  const char *type, *codec;
  gint64 width, height, frame_rate = VIDEO_FRAME_RATE;
  gboolean video = g_str_equal (staged->options.capture_mode, "video");

  if (!JSON_NODE_HOLDS_OBJECT (value))
    return FALSE;
  object = json_node_get_object (value);
  type = json_object_has_member (object, "type") ? get_string (json_object_get_member (object, "type")) : NULL;
  if (type == NULL || !json_object_has_member (object, "width") || !json_object_has_member (object, "height") ||
      !get_int (json_object_get_member (object, "width"), &width) ||
      !get_int (json_object_get_member (object, "height"), &height))
    return FALSE;

  if (g_str_equal (type, "jpeg") && !video)
    {
      int sizes[3][2];
      int n = image_sizes (self, sizes);

      for (int i = 0; i < n; i++)
        if (sizes[i][0] == width && sizes[i][1] == height)
          {
            staged->options.image_format.width = (int)width;
            staged->options.image_format.height = (int)height;
            return TRUE;
          }
      return FALSE;
    }

  if (!g_str_equal (type, "mp4") || !video)
    return FALSE;
  codec = json_object_has_member (object, "_codec") ? get_string (json_object_get_member (object, "_codec"))
                                                     : SC_EMU_CODEC;
  if (json_object_has_member (object, "_frameRate") &&
      !get_int (json_object_get_member (object, "_frameRate"), &frame_rate))
    return FALSE;
  if (g_strcmp0 (codec, SC_EMU_CODEC) != 0 || frame_rate != VIDEO_FRAME_RATE)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (video_formats); i++)
    if (video_formats[i].width == width && video_formats[i].height == height)
      {
        staged->options.video_format.width = (int)width;
        staged->options.video_format.height = (int)height;
        return TRUE;
      }

  return FALSE;
}

static gboolean
stage_gps_info (Staged   *staged,
                JsonNode *value)
{
  JsonObject *object;
  double lat, lng, altitude = 0.0;
  const char *datum = "WGS84", *date = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (value))
    return FALSE;
  object = json_node_get_object (value);
  if (!json_object_has_member (object, "lat") || !json_object_has_member (object, "lng") ||
      !get_number (json_object_get_member (object, "lat"), &lat) ||
      !get_number (json_object_get_member (object, "lng"), &lng))
    return FALSE;

  if (lat == GPS_DISABLED && lng == GPS_DISABLED)
    {
      staged->options.gps_enabled = FALSE;
      return TRUE;
    }

  if (json_object_has_member (object, "_altitude") &&
      !get_number (json_object_get_member (object, "_altitude"), &altitude))
    return FALSE;
  if (json_object_has_member (object, "_datum"))
    datum = get_string (json_object_get_member (object, "_datum"));
  if (json_object_has_member (object, "_dateTimeZone"))
    {
      g_autoptr(GDateTime) parsed = NULL;

      date = get_string (json_object_get_member (object, "_dateTimeZone"));
      if (!parse_camera_date (date, &parsed))
        return FALSE;
    }
  if (lat < -90.0 || lat > 90.0 || lng < -180.0 || lng > 180.0 || g_strcmp0 (datum, "WGS84") != 0)
    return FALSE;

  staged->options.gps_enabled = TRUE;
  staged->options.gps_lat = lat;
  staged->options.gps_lng = lng;
  staged->options.gps_altitude = altitude;
  g_free (staged->options.gps_date_time_zone);
  staged->options.gps_date_time_zone = g_strdup (date);
  return TRUE;
}

/* Validates one option into @staged. Returns FALSE for a bad value. */
static gboolean
stage_option (ScEmuCamera *self,
              Staged      *staged,
              const char  *name,
              JsonNode    *value)
{
  ScEmuOptions *o = &staged->options;
  const char *s;
  gint64 i;
  double d;

  if (g_str_equal (name, "captureMode"))
    {
      if ((s = get_string (value)) == NULL || (!g_str_equal (s, "image") && !g_str_equal (s, "video")))
        return FALSE;
      g_free (o->capture_mode);
      o->capture_mode = g_strdup (s);
    }
  else if (g_str_equal (name, "exposureProgram"))
    {
      if (!get_int (value, &i) || !int_in (i, exposure_programs, G_N_ELEMENTS (exposure_programs)))
        return FALSE;
      o->exposure_program = (int)i;
    }
  else if (g_str_equal (name, "exposureCompensation"))
    {
      if (!get_number (value, &d) ||
          !number_in (d, exposure_compensations, G_N_ELEMENTS (exposure_compensations)))
        return FALSE;
      o->exposure_compensation = round (d * 10.0) / 10.0;
    }
  else if (g_str_equal (name, "iso"))
    {
      if (!get_int (value, &i) || !int_in (i, isos, G_N_ELEMENTS (isos)))
        return FALSE;
      o->iso = (int)i;
    }
  else if (g_str_equal (name, "shutterSpeed"))
    {
      if (!get_number (value, &d) || !number_in (d, shutter_speeds, G_N_ELEMENTS (shutter_speeds)))
        return FALSE;
      o->shutter_speed = d;
    }
  else if (g_str_equal (name, "whiteBalance"))
    {
      if ((s = get_string (value)) == NULL || !str_in (s, white_balances, G_N_ELEMENTS (white_balances)))
        return FALSE;
      g_free (o->white_balance);
      o->white_balance = g_strdup (s);
    }
  else if (g_str_equal (name, "fileFormat"))
    return stage_file_format (self, staged, value);
  else if (g_str_equal (name, "previewFormat"))
    {
      JsonObject *p;
      gint64 w, h, f;

      if (!JSON_NODE_HOLDS_OBJECT (value))
        return FALSE;
      p = json_node_get_object (value);
      if (!json_object_has_member (p, "width") || !json_object_has_member (p, "height") ||
          !json_object_has_member (p, "framerate") ||
          !get_int (json_object_get_member (p, "width"), &w) ||
          !get_int (json_object_get_member (p, "height"), &h) ||
          !get_int (json_object_get_member (p, "framerate"), &f))
        return FALSE;
      for (guint k = 0; k < G_N_ELEMENTS (preview_formats); k++)
        if (preview_formats[k].width == w && preview_formats[k].height == h && preview_formats[k].framerate == f)
          {
            o->preview_width = (int)w;
            o->preview_height = (int)h;
            o->preview_framerate = (int)f;
            return TRUE;
          }
      return FALSE;
    }
  else if (g_str_equal (name, "captureInterval"))
    {
      if (!get_int (value, &i) || i < 1 || i > 3600)
        return FALSE;
      o->capture_interval = (int)i;
    }
  else if (g_str_equal (name, "captureNumber"))
    {
      if (!get_int (value, &i) || i < 0 || i > 9999)
        return FALSE;
      o->capture_number = (int)i;
    }
  else if (g_str_equal (name, "dateTimeZone"))
    {
      g_autoptr(GDateTime) date = NULL;
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (!parse_camera_date (get_string (value), &date))
        return FALSE;
      staged->clock_offset_us = g_date_time_difference (date, now);
      g_clear_pointer (&staged->time_zone, g_time_zone_unref);
      staged->time_zone = g_time_zone_ref (g_date_time_get_timezone (date));
    }
  else if (g_str_equal (name, "sleepDelay"))
    {
      if (!get_int (value, &i) || i < 60 || i > 65535)
        return FALSE;
      o->sleep_delay = (int)i;
    }
  else if (g_str_equal (name, "offDelay"))
    {
      if (!get_int (value, &i) || !(i == 0 || i == 65535 || (i >= 600 && i <= 604800 && i % 60 == 0)))
        return FALSE;
      o->off_delay = (int)i;
    }
  else if (g_str_equal (name, "gpsInfo"))
    return stage_gps_info (staged, value);
  else if (g_str_equal (name, "_gpsTagRecording"))
    {
      if ((s = get_string (value)) == NULL || (!g_str_equal (s, "on") && !g_str_equal (s, "off")))
        return FALSE;
      o->gps_tag_recording = g_str_equal (s, "on");
    }
  else if (g_str_equal (name, "clientVersion"))
    {
      if (!get_int (value, &i) || (i != 1 && i != 2))
        return FALSE;
      staged->api_level = (int)i;
    }
  else
    g_assert_not_reached ();

  return TRUE;
}

/* camera.setOptions: all or nothing. captureMode is applied first so that
 * fileFormat is checked against the mode it will be used in. */
gboolean
sc_emu_options_set (ScEmuCamera  *self,
                    JsonObject   *options,
                    GError      **error)
{
  g_autoptr(GList) names = json_object_get_members (options);
  Staged staged = { { 0 }, self->clock_offset_us, g_time_zone_ref (self->time_zone), self->api_level };
  gboolean ok = FALSE;
  gboolean mode_change;

  options_copy (&staged.options, &self->options);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (!option_known (name))
        {
          g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_INVALID_PARAMETER_NAME,
                       "Parameter options contains unsupported option %s", name);
          goto out;
        }
      if (str_in (name, read_only_names, G_N_ELEMENTS (read_only_names)))
        {
          g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_INVALID_PARAMETER_NAME,
                       "Option %s is read-only", name);
          goto out;
        }
    }

  if (json_object_has_member (options, "captureMode") &&
      !stage_option (self, &staged, "captureMode", json_object_get_member (options, "captureMode")))
    {
      g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_INVALID_PARAMETER_VALUE,
                   "Parameter options.captureMode is invalid");
      goto out;
    }

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (g_str_equal (name, "captureMode"))
        continue;
      if (!stage_option (self, &staged, name, json_object_get_member (options, name)))
        {
          g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_INVALID_PARAMETER_VALUE,
                       "Parameter options.%s is invalid", name);
          goto out;
        }
    }

  mode_change = g_strcmp0 (staged.options.capture_mode, self->options.capture_mode) != 0;
  if (json_object_has_member (options, "captureMode") && sc_emu_capture_is_busy (self))
    {
      g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_DISABLED_COMMAND,
                   "captureMode cannot be changed while shooting");
      goto out;
    }

  /* Commit. */
  sc_emu_options_clear (&self->options);
  self->options = staged.options;
  memset (&staged.options, 0, sizeof staged.options);
  self->clock_offset_us = staged.clock_offset_us;
  g_time_zone_unref (self->time_zone);
  self->time_zone = g_steal_pointer (&staged.time_zone);
  if (mode_change)
    sc_emu_preview_stop_all (self);
  if (staged.api_level != self->api_level)
    {
      self->api_level = staged.api_level;
      sc_emu_camera_state_changed (self);
    }
  ok = TRUE;

out:
  sc_emu_options_clear (&staged.options);
  g_clear_pointer (&staged.time_zone, g_time_zone_unref);
  return ok;
}
