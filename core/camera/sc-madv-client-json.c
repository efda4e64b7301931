/* sc-madv-client-json.c: framing, JSON helpers and rval errors of the MADV protocol
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-madv-client"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-madv-client-private.h"

/* ------------------------------------------------------------------ */
/* Framing                                                             */

/* A JSON object can only start with '{' then optional whitespace then '"'
 * or '}'. Returns 1 when the bytes at @p look like a start, 0 when they
 * cannot be one, -1 when more bytes are needed to tell. */
static int
looks_like_object_start (const guint8 *p,
                         const guint8 *end)
{
  g_assert (p < end && *p == '{');

  for (p++; p < end; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        continue;
      return (*p == '"' || *p == '}') ? 1 : 0;
    }
  return -1;
}

/* Scans one candidate object at @start. Returns the length of a complete
 * object, 0 when more bytes are needed, or -1 when the candidate is broken
 * (a control character outside a string, or inside one unescaped: JSON
 * allows neither, and the camera's NUL terminators are exactly that). */
static gssize
scan_object (const guint8 *start,
             const guint8 *end)
{
  gsize depth = 0;
  gboolean in_string = FALSE;
  gboolean escape = FALSE;

  for (const guint8 *p = start; p < end; p++)
    {
      guint8 c = *p;

      if (in_string)
        {
          if (escape)
            escape = FALSE;
          else if (c == '\\')
            escape = TRUE;
          else if (c == '"')
            in_string = FALSE;
          else if (c < 0x20)
            return -1;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '{':
        case '[':
          depth++;
          break;
        case '}':
        case ']':
          if (depth == 0)
            return -1;
          depth--;
          if (depth == 0)
            return (p - start) + 1;
          break;
        default:
          if (c < 0x20 && c != ' ' && c != '\t' && c != '\r' && c != '\n')
            return -1;
          break;
        }
    }

  return 0;
}

/**
 * sc_madv_framer_push:
 * @buffer: the connection's buffer (initially empty)
 * @data: (array length=length) (nullable): bytes just read
 * @length: their number (0 to only drain what @buffer holds)
 * @error: return location for an error
 *
 * Splits the camera's stream of back-to-back JSON objects (MADV-PROTOCOL.md
 * §1.3). Bytes that cannot start an object (NULs, whitespace, garbage) are
 * dropped; braces and brackets inside strings, and escapes, are honoured;
 * an object may arrive in any number of pieces.
 *
 * When a complete candidate is not valid JSON (or not an object), the
 * objects before it are returned first, without error; the call after that
 * drops the broken candidate's first byte, so that an object hidden inside
 * garbage is still found, and fails with %G_IO_ERROR_INVALID_DATA. Callers
 * therefore call again with no data until the result is empty. When
 * @buffer grows past %SC_MADV_MAX_MESSAGE_BYTES without a complete object,
 * it is emptied and the call fails with %G_IO_ERROR_INVALID_DATA.
 *
 * Returns: (transfer full) (element-type JsonNode) (nullable): the
 *   complete objects, oldest first (possibly none), or %NULL on error
 */
GPtrArray *
sc_madv_framer_push (GByteArray    *buffer,
                     const guint8  *data,
                     gsize          length,
                     GError       **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  gsize pos = 0;

  g_return_val_if_fail (buffer != NULL, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > 0)
    g_byte_array_append (buffer, data, length);

  while (pos < buffer->len)
    {
      const guint8 *base = buffer->data;
      const guint8 *end = base + buffer->len;
      const guint8 *start = memchr (base + pos, '{', buffer->len - pos);
      g_autoptr(JsonParser) parser = NULL;
      g_autoptr(GError) local_error = NULL;
      gssize object_length;
      int looks;

      if (start == NULL)
        {
          pos = buffer->len;
          break;
        }
      pos = start - base;

      looks = looks_like_object_start (start, end);
      if (looks < 0)
        break;
      if (looks == 0)
        {
          pos++;
          continue;
        }

      object_length = scan_object (start, end);
      if (object_length == 0)
        break;
      if (object_length < 0)
        {
          pos++;
          continue;
        }

      parser = json_parser_new_immutable ();
      if (!json_parser_load_from_data (parser, (const char *)start, object_length, &local_error)
          || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          if (messages->len > 0)
            break;  /* report it on the next call */

          g_byte_array_remove_range (buffer, 0, pos + 1);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "The camera sent a message that is not a JSON object: %s",
                       local_error != NULL ? local_error->message : "not an object");
          return NULL;
        }

      g_ptr_array_add (messages, json_node_ref (json_parser_get_root (parser)));
      pos += object_length;
    }

  if (pos > 0)
    g_byte_array_remove_range (buffer, 0, MIN (pos, buffer->len));

  if (buffer->len > SC_MADV_MAX_MESSAGE_BYTES)
    {
      g_byte_array_set_size (buffer, 0);
      if (messages->len == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "The camera sent a message larger than %d bytes",
                       SC_MADV_MAX_MESSAGE_BYTES);
          return NULL;
        }
    }

  return g_steal_pointer (&messages);
}

/* ------------------------------------------------------------------ */
/* JSON helpers                                                        */

gboolean
_sc_madv_json_get_int (JsonObject *object,
                       const char *name,
                       gint64     *value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *value = json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      *value = (gint64)json_node_get_double (node);
      return TRUE;
    case G_TYPE_BOOLEAN:
      *value = json_node_get_boolean (node);
      return TRUE;
    case G_TYPE_STRING:
      {
        const char *s = json_node_get_string (node);
        char *endptr = NULL;
        gint64 v;

        if (s == NULL || *s == '\0')
          return FALSE;
        v = g_ascii_strtoll (s, &endptr, 10);
        if (endptr == s || *endptr != '\0')
          return FALSE;
        *value = v;
        return TRUE;
      }
    default:
      return FALSE;
    }
}

const char *
_sc_madv_json_get_string (JsonObject *object,
                          const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Flat request text: msg_id and token first, then @extra's members. */
GBytes *
_sc_madv_build_request (guint       msg_id,
                        gint        token,
                        JsonObject *extra)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gsize length = 0;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "msg_id");
  json_builder_add_int_value (builder, msg_id);
  json_builder_set_member_name (builder, "token");
  json_builder_add_int_value (builder, token);
  if (extra != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, extra);
      while (json_object_iter_next (&iter, &name, &value))
        {
          if (g_str_equal (name, "msg_id") || g_str_equal (name, "token"))
            continue;
          json_builder_set_member_name (builder, name);
          json_builder_add_value (builder, json_node_copy (value));
        }
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (text, length);
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */

/**
 * sc_madv_client_error_from_rval:
 * @rval: the camera's non-zero result code
 * @msg_id: the request it answers (for the log and the few id-specific codes)
 *
 * Turns a MADV rval into an error the user can act on (MADV-PROTOCOL.md §1.7).
 *
 * Returns: (transfer full): a #GError in %SC_CAMERA_ERROR
 */
GError *
sc_madv_client_error_from_rval (gint  rval,
                                guint msg_id)
{
  g_debug ("Request %u failed with rval %d", msg_id, rval);

  switch (rval)
    {
    case SC_MADV_RVAL_SESSION_DENIED:
      return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                                  _("Another app or phone is connected to the camera. "
                                    "Disconnect it, then try again."));
    case -1:
      /* The Ambarella reference server answers a second client's 257
       * with −1; elsewhere it is a generic failure. */
      if (msg_id == SC_MADV_MSG_START_SESSION)
        return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                                    _("Another app or phone is connected to the camera. "
                                      "Disconnect it, then try again."));
      return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
                                  _("The camera refused the command. Try again; if it "
                                    "keeps failing, restart the camera."));
    case SC_MADV_RVAL_INVALID_TOKEN:
      return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_NOT_CONNECTED,
                                  _("The camera ended the session. Connect to it again."));
    case SC_MADV_RVAL_INVALID_OP:
      return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                                  _("The camera cannot do that right now. Wait until "
                                    "it has finished what it is doing, then try again."));
    case SC_MADV_RVAL_SD_FULL:
      return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                                  _("The camera’s memory card is full. Delete or download "
                                    "some files, then try again."));
    case SC_MADV_RVAL_BUSY:
      return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                                  _("The camera is busy. Wait until it has finished, "
                                    "then try again."));
    case SC_MADV_RVAL_NO_SUCH_FILE:
      return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                  _("The file is no longer on the camera. Refresh the "
                                    "list of files."));
    case SC_MADV_RVAL_NO_SD:
      return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                                  _("The camera has no memory card. Insert one, then "
                                    "try again."));
    case SC_MADV_RVAL_WRONG_MODE:
      return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                                  _("The camera is in the wrong mode for this. Switch "
                                    "it to photo or video mode, then try again."));
    case -57:
      return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED,
                                  _("The camera found no firmware file. Copy the "
                                    "firmware to the camera again."));
    case SC_MADV_RVAL_LOW_BATTERY:
      return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                                  _("The camera’s battery is too low. Charge it, then "
                                    "try again."));
    case SC_MADV_RVAL_BAD_SD:
      return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED,
                                  _("The camera cannot use this memory card. Insert a "
                                    "supported card, then try again."));
    case SC_MADV_RVAL_FAULTY_SD:
      return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED,
                                  _("The camera’s memory card is faulty. Replace it, "
                                    "then try again."));
    case -7:
    case -9:
    case -23:
      return g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_UNSUPPORTED,
                                  _("The camera does not support this command. Update "
                                    "the camera’s firmware, or use the camera’s own "
                                    "controls."));
    default:
      return g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PROTOCOL,
                          _("The camera refused the command (error %d). Try again; "
                            "if it keeps failing, restart the camera."), rval);
    }
}

gboolean
_sc_madv_rval_is_ok (JsonObject *message,
                     gint64     *rval)
{
  *rval = 0;
  if (!_sc_madv_json_get_int (message, "rval", rval))
    return TRUE;
  return *rval == SC_MADV_RVAL_OK || *rval == SC_MADV_RVAL_NOTIFICATION_OK;
}
