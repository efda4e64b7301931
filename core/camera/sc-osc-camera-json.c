/* sc-osc-camera-json.c: JSON helpers that accept what cameras really send
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-osc-camera"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "sc-core.h"
#include "sc-osc-camera-private.h"

/* Cameras are untrusted peers: members may be missing, numbers may come as
 * strings ("size": "12345") and booleans as "true". These helpers never
 * fail loudly; they say whether they found a usable value. */

/**
 * _sc_json_get_string:
 * @object: (nullable): a JSON object
 * @member: the member name
 *
 * Returns: (nullable): the member if it is a string, else %NULL
 */
const char *
_sc_json_get_string (JsonObject *object,
                     const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/**
 * _sc_json_node_get_int64:
 * @node: (nullable): a JSON node
 * @value: (out): the number
 *
 * Reads an integer sent as a number (rounded if fractional) or as a
 * string of digits.
 *
 * Returns: %TRUE if @node held one
 */
gboolean
_sc_json_node_get_int64 (JsonNode *node,
                         gint64   *value)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (!isfinite (d) || d > (double)G_MAXINT64 || d < (double)G_MININT64)
        return FALSE;
      *value = (gint64)(d >= 0 ? d + 0.5 : d - 0.5);
      return TRUE;
    }
  if (type == G_TYPE_BOOLEAN)
    return FALSE;
  if (type == G_TYPE_STRING)
    {
      g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (node)));
      char *end = NULL;
      gint64 v;

      if (*text == '\0')
        return FALSE;
      errno = 0;
      v = g_ascii_strtoll (text, &end, 10);
      if (errno == 0 && end != NULL && *end == '\0')
        {
          *value = v;
          return TRUE;
        }
      {
        double d = g_ascii_strtod (text, &end);

        if (end != NULL && *end == '\0' && isfinite (d) &&
            d <= (double)G_MAXINT64 && d >= (double)G_MININT64)
          {
            *value = (gint64)(d >= 0 ? d + 0.5 : d - 0.5);
            return TRUE;
          }
      }
    }

  return FALSE;
}

/**
 * _sc_json_node_get_double:
 * @node: (nullable): a JSON node
 * @value: (out): the number
 *
 * Reads a number sent as a number or as a string.
 *
 * Returns: %TRUE if @node held one
 */
gboolean
_sc_json_node_get_double (JsonNode *node,
                          double   *value)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      *value = json_node_get_double (node);
      return isfinite (*value);
    }
  if (type == G_TYPE_STRING)
    {
      g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (node)));
      char *end = NULL;
      double d;

      if (*text == '\0')
        return FALSE;
      d = g_ascii_strtod (text, &end);
      if (end != NULL && *end == '\0' && isfinite (d))
        {
          *value = d;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
_sc_json_get_int64 (JsonObject *object,
                    const char *member,
                    gint64     *value)
{
  if (object == NULL)
    return FALSE;
  return _sc_json_node_get_int64 (json_object_get_member (object, member), value);
}

gboolean
_sc_json_get_double (JsonObject *object,
                     const char *member,
                     double     *value)
{
  if (object == NULL)
    return FALSE;
  return _sc_json_node_get_double (json_object_get_member (object, member), value);
}

gboolean
_sc_json_get_boolean (JsonObject *object,
                      const char *member,
                      gboolean   *value)
{
  JsonNode *node;
  GType type;

  if (object == NULL)
    return FALSE;

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_BOOLEAN)
    {
      *value = json_node_get_boolean (node);
      return TRUE;
    }
  if (type == G_TYPE_INT64)
    {
      *value = json_node_get_int (node) != 0;
      return TRUE;
    }
  if (type == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);

      if (g_ascii_strcasecmp (s, "true") == 0 || g_strcmp0 (s, "1") == 0)
        *value = TRUE;
      else if (g_ascii_strcasecmp (s, "false") == 0 || g_strcmp0 (s, "0") == 0)
        *value = FALSE;
      else
        return FALSE;
      return TRUE;
    }

  return FALSE;
}

JsonObject *
_sc_json_get_object (JsonObject *object,
                     const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

JsonArray *
_sc_json_get_array (JsonObject *object,
                    const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

static GVariant *
json_array_to_variant (JsonArray *array)
{
  guint n = json_array_get_length (array);
  gboolean all_strings = TRUE, all_ints = TRUE, all_numbers = TRUE, all_objects = TRUE;
  GVariantBuilder builder;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

      all_strings &= type == G_TYPE_STRING;
      all_ints &= type == G_TYPE_INT64;
      all_numbers &= type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
      all_objects &= JSON_NODE_HOLDS_OBJECT (node);
    }

  if (n == 0)
    return g_variant_new_array (G_VARIANT_TYPE_VARIANT, NULL, 0);

  if (all_strings)
    {
      g_variant_builder_init (&builder, G_VARIANT_TYPE_STRING_ARRAY);
      for (guint i = 0; i < n; i++)
        g_variant_builder_add (&builder, "s", json_array_get_string_element (array, i));
    }
  else if (all_ints)
    {
      g_variant_builder_init (&builder, G_VARIANT_TYPE ("ax"));
      for (guint i = 0; i < n; i++)
        g_variant_builder_add (&builder, "x", json_array_get_int_element (array, i));
    }
  else if (all_numbers)
    {
      g_variant_builder_init (&builder, G_VARIANT_TYPE ("ad"));
      for (guint i = 0; i < n; i++)
        {
          double d = 0;
          _sc_json_node_get_double (json_array_get_element (array, i), &d);
          g_variant_builder_add (&builder, "d", d);
        }
    }
  else if (all_objects)
    {
      g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
      for (guint i = 0; i < n; i++)
        g_variant_builder_add_value (&builder, _sc_json_to_variant (json_array_get_element (array, i)));
    }
  else
    {
      g_variant_builder_init (&builder, G_VARIANT_TYPE ("av"));
      for (guint i = 0; i < n; i++)
        {
          GVariant *v = _sc_json_to_variant (json_array_get_element (array, i));

          if (v != NULL)
            g_variant_builder_add (&builder, "v", v);
        }
    }

  return g_variant_builder_end (&builder);
}

/**
 * _sc_json_to_variant:
 * @node: a JSON node
 *
 * Converts JSON to a D-Bus friendly #GVariant: strings "s", integers "x",
 * other numbers "d", booleans "b", objects "a{sv}", arrays "as", "ax",
 * "ad", "aa{sv}" when uniform, else "av". Nulls become %NULL (and are
 * dropped from objects and arrays).
 *
 * Returns: (transfer floating) (nullable): the value
 */
GVariant *
_sc_json_to_variant (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      GVariantBuilder builder;
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &name, &member))
        {
          GVariant *v = _sc_json_to_variant (member);

          if (v != NULL)
            g_variant_builder_add (&builder, "{sv}", name, v);
        }
      return g_variant_builder_end (&builder);
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_array_to_variant (json_node_get_array (node));

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_variant_new_string (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_variant_new_int64 (json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_variant_new_double (json_node_get_double (node));
    case G_TYPE_BOOLEAN:
      return g_variant_new_boolean (json_node_get_boolean (node));
    default:
      return NULL;
    }
}

/**
 * _sc_variant_to_json:
 * @value: a #GVariant
 *
 * Converts what callers hand us (`a{sv}` options) to JSON: dictionaries
 * become objects, arrays arrays, variants are unwrapped, every integer
 * type a JSON integer.
 *
 * Returns: (transfer full) (nullable): the JSON node, or %NULL for types
 *   JSON cannot express
 */
JsonNode *
_sc_variant_to_json (GVariant *value)
{
  JsonNode *node;

  if (value == NULL)
    return json_node_new (JSON_NODE_NULL);

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    {
      g_autoptr(GVariant) inner = g_variant_get_variant (value);
      return _sc_variant_to_json (inner);
    }

  if (g_variant_is_of_type (value, G_VARIANT_TYPE ("a{s*}")))
    {
      JsonObject *object = json_object_new ();
      GVariantIter iter;
      GVariant *child;

      g_variant_iter_init (&iter, value);
      while ((child = g_variant_iter_next_value (&iter)) != NULL)
        {
          g_autoptr(GVariant) key = g_variant_get_child_value (child, 0);
          g_autoptr(GVariant) val = g_variant_get_child_value (child, 1);
          JsonNode *member = _sc_variant_to_json (val);

          if (member != NULL)
            json_object_set_member (object, g_variant_get_string (key, NULL), member);
          g_variant_unref (child);
        }

      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, object);
      return node;
    }

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_ARRAY) ||
      g_variant_is_of_type (value, G_VARIANT_TYPE_TUPLE))
    {
      JsonArray *array = json_array_new ();
      GVariantIter iter;
      GVariant *child;

      g_variant_iter_init (&iter, value);
      while ((child = g_variant_iter_next_value (&iter)) != NULL)
        {
          JsonNode *element = _sc_variant_to_json (child);

          if (element != NULL)
            json_array_add_element (array, element);
          g_variant_unref (child);
        }

      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, array);
      return node;
    }

  node = json_node_new (JSON_NODE_VALUE);
  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_BOOLEAN:
      json_node_set_boolean (node, g_variant_get_boolean (value));
      break;
    case G_VARIANT_CLASS_BYTE:
      json_node_set_int (node, g_variant_get_byte (value));
      break;
    case G_VARIANT_CLASS_INT16:
      json_node_set_int (node, g_variant_get_int16 (value));
      break;
    case G_VARIANT_CLASS_UINT16:
      json_node_set_int (node, g_variant_get_uint16 (value));
      break;
    case G_VARIANT_CLASS_INT32:
      json_node_set_int (node, g_variant_get_int32 (value));
      break;
    case G_VARIANT_CLASS_UINT32:
      json_node_set_int (node, g_variant_get_uint32 (value));
      break;
    case G_VARIANT_CLASS_INT64:
      json_node_set_int (node, g_variant_get_int64 (value));
      break;
    case G_VARIANT_CLASS_UINT64:
      json_node_set_int (node, (gint64)MIN (g_variant_get_uint64 (value), (guint64)G_MAXINT64));
      break;
    case G_VARIANT_CLASS_DOUBLE:
      json_node_set_double (node, g_variant_get_double (value));
      break;
    case G_VARIANT_CLASS_STRING:
    case G_VARIANT_CLASS_OBJECT_PATH:
    case G_VARIANT_CLASS_SIGNATURE:
      json_node_set_string (node, g_variant_get_string (value, NULL));
      break;
    default:
      json_node_unref (node);
      return NULL;
    }

  return node;
}

/**
 * _sc_osc_clean_string:
 * @text: (nullable): a string from the camera
 *
 * Returns: (transfer full) (nullable): @text as valid UTF-8 without
 *   control characters, trimmed and bounded, or %NULL if nothing is left
 */
char *
_sc_osc_clean_string (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, MIN (strlen (text), SC_OSC_MAX_STRING));
  out = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_iscntrl (c))
        g_string_append_unichar (out, c);
    }
  g_strstrip (out->str);
  out->len = strlen (out->str);

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/**
 * _sc_json_node_take_object:
 * @object: (transfer full): an object
 *
 * Returns: (transfer full): a node holding @object
 */
JsonNode *
_sc_json_node_take_object (JsonObject *object)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);
  return node;
}
