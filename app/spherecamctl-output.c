/* spherecamctl-output.c: JSON and text output, error reports
 *
 * Copyright 2025 The Spherecam Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spherecamctl-output"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "spherecamctl-private.h"

G_DEFINE_QUARK (sc-ctl-usage-error, sc_ctl_usage_error)

/* gettext ("") would return the catalog's header */
const char *
sc_ctl_translate (const char *msgid)
{
  return *msgid != '\0' ? _(msgid) : msgid;
}

/* JSON output
 *
 * JsonGenerator prints no spaces, 17 digits for most doubles and "inf.0" for
 * infinity. This writer prints one line with the usual ", " and ": "
 * separators, the shortest digits that read back as the same double, and only
 * ASCII, so that g_print() never replaces characters the locale's charset
 * lacks.
 */

static void
json_append_string (GString    *out,
                    const char *str)
{
  g_string_append_c (out, '"');

  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", (char) c);
      else if (c >= 0x20 && c < 0x7f)
        g_string_append_c (out, (char) c);
      else if (c < 0x10000)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_printf (out, "\\u%04x\\u%04x",
                                0xd800 + ((c - 0x10000) >> 10),
                                0xdc00 + ((c - 0x10000) & 0x3ff));
    }

  g_string_append_c (out, '"');
}

static void
json_append_double (GString *out,
                    double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }

  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  g_string_append (out, buf);
  if (strpbrk (buf, ".en") == NULL)
    g_string_append (out, ".0");
}

void
sc_ctl_json_append_node (GString  *out,
                         JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);

        g_string_append_c (out, '{');
        for (const GList *l = members; l != NULL; l = l->next)
          {
            if (l != members)
              g_string_append (out, ", ");
            json_append_string (out, l->data);
            g_string_append (out, ": ");
            sc_ctl_json_append_node (out, json_object_get_member (object, l->data));
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append (out, ", ");
            sc_ctl_json_append_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        json_append_string (out, json_node_get_string (node));
      else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        json_append_double (out, json_node_get_double (node));
      else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      else
        g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

void
sc_ctl_print_json_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autoptr(GString) out = g_string_new (NULL);

  sc_ctl_json_append_node (out, node);
  g_print ("%s\n", out->str);
}

/* A{sv} dictionaries become objects; a NULL value becomes null */
JsonNode *
sc_ctl_json_from_variant (GVariant *value)
{
  JsonNode *node = NULL;

  if (value != NULL)
    node = json_gvariant_serialize (value);
  if (node == NULL)
    node = json_node_init_null (json_node_alloc ());

  return node;
}

/* A value for text output: strings as they are, anything else as JSON */
char *
sc_ctl_format_value (GVariant *value)
{
  g_autoptr(JsonNode) node = NULL;
  GString *out;

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    {
      g_autoptr(GVariant) inner = g_variant_get_variant (value);

      return sc_ctl_format_value (inner);
    }

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) ||
      g_variant_is_of_type (value, G_VARIANT_TYPE_OBJECT_PATH))
    return g_variant_dup_string (value, NULL);

  out = g_string_new (NULL);
  node = sc_ctl_json_from_variant (value);
  sc_ctl_json_append_node (out, node);

  return g_string_free (out, FALSE);
}

/* Text tables */

/* Columns on a terminal: Chinese characters take two */
gsize
sc_ctl_display_width (const char *str)
{
  gsize width = 0;

  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

/* For g_ptr_array_sort () of strings */
int
sc_ctl_compare_strings (gconstpointer a,
                        gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Prints @rows (GStrv, all the same length) in aligned columns, two spaces
 * apart; the last column is not padded.
 */
void
sc_ctl_print_table (GPtrArray *rows)
{
  g_autoptr(GArray) widths = g_array_new (FALSE, TRUE, sizeof (gsize));
  guint n_columns;

  if (rows->len == 0)
    return;

  n_columns = g_strv_length (g_ptr_array_index (rows, 0));
  g_array_set_size (widths, n_columns);

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      for (guint j = 0; j < n_columns && row[j] != NULL; j++)
        g_array_index (widths, gsize, j) = MAX (g_array_index (widths, gsize, j),
                                                sc_ctl_display_width (row[j]));
    }

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint j = 0; j < n_columns && row[j] != NULL; j++)
        {
          g_string_append (line, row[j]);
          if (j + 1 < n_columns)
            {
              gsize pad = g_array_index (widths, gsize, j) - sc_ctl_display_width (row[j]) + 2;

              for (gsize k = 0; k < pad; k++)
                g_string_append_c (line, ' ');
            }
        }

      /* No trailing spaces when the last columns are empty */
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      g_print ("%s\n", line->str);
    }
}

/* Errors */

int
sc_ctl_report_error (const GError *error)
{
  g_autoptr(GError) copy = g_error_copy (error);
  g_autofree char *name = NULL;

  if (g_dbus_error_is_remote_error (error))
    name = g_dbus_error_get_remote_error (error);
  else if (error->domain == G_DBUS_ERROR)
    name = g_dbus_error_encode_gerror (error);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    name = g_strdup ("org.freedesktop.DBus.Error.Timeout");
  g_dbus_error_strip_remote_error (copy);

  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_string_member (object, "error", copy->message);
      if (name != NULL)
        json_object_set_string_member (object, "error_name", name);
      else
        json_object_set_null_member (object, "error_name");
      sc_ctl_print_json_object (object);
    }
  else
    {
      g_printerr ("spherecamctl: %s\n", copy->message);
    }

  return EXIT_FAILURE;
}

int
sc_ctl_usage_error (const char *prgname,
                    const char *message)
{
  g_autofree char *hint = g_strdup_printf (_("Try “%s --help” for more information."), prgname);

  g_printerr ("%s: %s\n%s\n", prgname, message, hint);

  return SC_CTL_EXIT_USAGE;
}
