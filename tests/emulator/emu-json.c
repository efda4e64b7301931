/* emu-json.c: compact JSON output with camera-like numbers
 *
 * json-glib writes doubles with 17 significant digits (0.83 becomes
 * 0.82999999999999996); a camera writes 0.83. This writer prints the
 * shortest form that reads back as the same double, and keeps ".0" on
 * integral doubles so typed clients still see a floating-point number.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "emu-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "emu-json.h"

static void write_node (GString *out, JsonNode *node, int depth);

/* depth < 0: compact output; otherwise two-space indentation. */
static void
newline (GString *out,
         int      depth)
{
  if (depth < 0)
    return;
  g_string_append_c (out, '\n');
  for (int i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

static void
write_string (GString    *out,
              const char *s)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *)s; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char)*p);
        }
    }
  g_string_append_c (out, '"');
}

static void
write_double (GString *out,
              double   d)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (d))
    {
      g_string_append (out, "null");
      return;
    }

  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, d);
      /* %g switches to exponent form when the precision is shorter than
       * the integer part (180 → "1.8e+02"): only accept that for numbers
       * that really need it. */
      if (g_ascii_strtod (buf, NULL) == d &&
          (strchr (buf, 'e') == NULL || fabs (d) < 1e-4 || fabs (d) >= 1e15))
        break;
    }

  g_string_append (out, buf);
  if (strpbrk (buf, ".e") == NULL)
    g_string_append (out, ".0");
}

static void
write_object (GString    *out,
              JsonObject *object,
              int         depth)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      newline (out, depth < 0 ? depth : depth + 1);
      write_string (out, name);
      g_string_append (out, depth < 0 ? ":" : ": ");
      write_node (out, member, depth < 0 ? depth : depth + 1);
    }
  if (!first)
    newline (out, depth);
  g_string_append_c (out, '}');
}

static void
write_node (GString  *out,
            JsonNode *node,
            int       depth)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      write_object (out, json_node_get_object (node), depth);
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);
        gboolean any_nested = FALSE;

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            JsonNode *element = json_array_get_element (array, i);
            gboolean nested = !JSON_NODE_HOLDS_VALUE (element) && !JSON_NODE_HOLDS_NULL (element);

            if (i > 0)
              g_string_append (out, depth < 0 || nested ? "," : ", ");
            if (nested)
              newline (out, depth < 0 ? depth : depth + 1);
            any_nested |= nested;
            write_node (out, element, depth < 0 ? depth : depth + 1);
          }
        if (any_nested)
          newline (out, depth);
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          write_double (out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          write_string (out, json_node_get_string (node));
          break;
        default:
          g_string_append (out, "null");
        }
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
    }
}

/* Serialises @node, members in insertion order: compact (no whitespace)
 * unless @pretty. */
char *
sc_emu_json_to_string (JsonNode *node,
                       gboolean  pretty)
{
  GString *out = g_string_new (NULL);

  write_node (out, node, pretty ? 0 : -1);
  return g_string_free (out, FALSE);
}

char *
sc_emu_json_object_to_string (JsonObject *object,
                              gboolean    pretty)
{
  GString *out = g_string_new (NULL);

  write_object (out, object, pretty ? 0 : -1);
  return g_string_free (out, FALSE);
}
