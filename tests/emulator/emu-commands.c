/* emu-commands.c: /osc/commands/execute and /osc/commands/status
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "emu-commands"

#include "config.h"

#include <string.h>

#include "emu-private.h"

#define SC_EMU_KEPT_COMMANDS   100
#define SC_EMU_SESSION_TIMEOUT 180
#define SC_EMU_THUMB_SIZE      640
#define SC_EMU_MAX_DELETE      128

typedef gboolean (*CommandFunc) (ScEmuCamera   *self,
                                 ScEmuRequest  *request,
                                 const char    *name,
                                 JsonObject    *params,
                                 GError       **error);

void
sc_emu_command_free (ScEmuCommand *command)
{
  g_free (command->id);
  g_free (command->name);
  g_clear_pointer (&command->results, json_object_unref);
  g_clear_error (&command->error);
  g_free (command);
}

/* A new inProgress command, kept for /osc/commands/status (the last
 * hundred are kept). @expected_us drives progress.completion. */
ScEmuCommand *
sc_emu_command_new (ScEmuCamera *self,
                    const char  *name,
                    gint64       expected_us)
{
  ScEmuCommand *command = g_new0 (ScEmuCommand, 1);

  command->id = g_strdup_printf ("%u", self->next_command_id++);
  command->name = g_strdup (name);
  command->state = SC_EMU_COMMAND_IN_PROGRESS;
  command->started_at = g_get_monotonic_time ();
  command->expected_us = expected_us;

  g_hash_table_insert (self->commands, command->id, command);
  g_queue_push_tail (&self->command_order, command->id);
  while (g_queue_get_length (&self->command_order) > SC_EMU_KEPT_COMMANDS)
    {
      ScEmuCommand *old = g_hash_table_lookup (self->commands, g_queue_peek_head (&self->command_order));

      /* Never forget a command that is still running. */
      if (old != NULL && old->state == SC_EMU_COMMAND_IN_PROGRESS)
        break;
      g_hash_table_remove (self->commands, g_queue_pop_head (&self->command_order));
    }

  return command;
}

/* Finishes @command with @results (owned by the caller; may be NULL) or
 * @error. */
void
sc_emu_command_complete (ScEmuCamera  *self,
                         ScEmuCommand *command,
                         JsonObject   *results,
                         const GError *error)
{
  g_assert (command->state == SC_EMU_COMMAND_IN_PROGRESS);

  if (error != NULL)
    {
      command->state = SC_EMU_COMMAND_ERROR;
      command->error = g_error_copy (error);
    }
  else
    {
      command->state = SC_EMU_COMMAND_DONE;
      command->results = results != NULL ? json_object_ref (results) : NULL;
    }
}

JsonObject *
sc_emu_command_to_json (ScEmuCommand *command)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "name", command->name);
  json_object_set_string_member (object, "id", command->id);
  switch (command->state)
    {
    case SC_EMU_COMMAND_IN_PROGRESS:
      {
        JsonObject *progress = json_object_new ();
        double completion = 0.0;

        if (command->expected_us > 0)
          completion = MIN (0.99, (double)(g_get_monotonic_time () - command->started_at) /
                                  command->expected_us);
        json_object_set_string_member (object, "state", "inProgress");
        json_object_set_double_member (progress, "completion", (int)(completion * 100) / 100.0);
        json_object_set_object_member (object, "progress", progress);
      }
      break;

    case SC_EMU_COMMAND_DONE:
      json_object_set_string_member (object, "state", "done");
      if (command->results != NULL)
        json_object_set_object_member (object, "results", json_object_ref (command->results));
      break;

    case SC_EMU_COMMAND_ERROR:
    default:
      {
        JsonObject *details = json_object_new ();
        int code = command->error->domain == SC_EMU_OSC_ERROR ? command->error->code : SC_EMU_OSC_UNEXPECTED;

        json_object_set_string_member (object, "state", "error");
        json_object_set_string_member (details, "code", sc_emu_osc_error_name (code));
        json_object_set_string_member (details, "message", command->error->message);
        json_object_set_object_member (object, "error", details);
      }
      break;
    }

  return object;
}

static void
reply_done (ScEmuCamera  *self,
            ScEmuRequest *request,
            const char   *name,
            JsonObject   *results)
{
  g_autoptr(JsonObject) reply = json_object_new ();

  json_object_set_string_member (reply, "name", name);
  json_object_set_string_member (reply, "state", "done");
  if (results != NULL)
    json_object_set_object_member (reply, "results", json_object_ref (results));
  sc_emu_request_reply_json (request, self, SOUP_STATUS_OK, reply);
}

static gboolean
require_member (JsonObject  *params,
                const char  *member,
                GError     **error)
{
  if (params != NULL && json_object_has_member (params, member))
    return TRUE;

  g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_MISSING_PARAMETER,
               "Parameter %s is missing", member);
  return FALSE;
}

static gboolean
get_int_param (JsonObject  *params,
               const char  *member,
               gint64       fallback,
               gint64      *out,
               GError     **error)
{
  JsonNode *node = params != NULL ? json_object_get_member (params, member) : NULL;

  if (node == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0)
    {
      g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_INVALID_PARAMETER_VALUE,
                   "Parameter %s is invalid", member);
      return FALSE;
    }

  *out = json_node_get_int (node);
  return TRUE;
}

static const char *
get_string_param (JsonObject *params,
                  const char *member)
{
  JsonNode *node = params != NULL ? json_object_get_member (params, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
set_number (JsonObject *object,
            const char *member,
            gint64      value,
            gboolean    as_string)
{
  if (as_string)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

      json_object_set_string_member (object, member, text);
    }
  else
    json_object_set_int_member (object, member, value);
}

static JsonObject *
file_entry (ScEmuCamera *self,
            ScEmuFile   *file,
            gboolean     detail,
            gboolean     with_thumbnail)
{
  const ScEmuFaults *faults = &self->config->faults;
  JsonObject *entry = json_object_new ();
  g_autofree char *url = sc_emu_camera_file_url (self, file);
  g_autofree char *preview_url = g_strconcat (url, "?type=thumb", NULL);
  g_autoptr(GBytes) thumbnail = sc_emu_camera_get_thumbnail (self, file);
  gint64 size = (gint64)file->size + (faults->listing_size_mismatch ? 12345 : 0);

  json_object_set_string_member (entry, "name", file->name);
  json_object_set_string_member (entry, "fileUrl", url);
  set_number (entry, "size", size, faults->strings_for_numbers);

  if (!detail)
    {
      g_autofree char *date = g_date_time_format (file->date, "%Y:%m:%d %H:%M");

      json_object_set_string_member (entry, "dateTime", date);
      return entry;
    }

  {
    g_autofree char *date = sc_emu_camera_format_date (file->date);

    json_object_set_string_member (entry, "dateTimeZone", date);
  }
  set_number (entry, "width", file->width, faults->strings_for_numbers);
  set_number (entry, "height", file->height, faults->strings_for_numbers);
  json_object_set_boolean_member (entry, "isProcessed", TRUE);
  json_object_set_string_member (entry, "previewUrl", preview_url);
  json_object_set_string_member (entry, "_projectionType", "Dual-Fisheye");
  json_object_set_boolean_member (entry, "_favorite", FALSE);
  json_object_set_int_member (entry, "_thumbSize", (gint64)g_bytes_get_size (thumbnail));
  if (file->has_gps)
    {
      json_object_set_double_member (entry, "lat", file->latitude);
      json_object_set_double_member (entry, "lng", file->longitude);
    }
  if (file->kind == SC_EMU_FILE_VIDEO)
    {
      json_object_set_int_member (entry, "_recordTime", file->record_time);
      json_object_set_string_member (entry, "_codec", SC_EMU_CODEC);
      json_object_set_int_member (entry, "_frameRate", file->frame_rate);
    }
  if (with_thumbnail)
    {
      g_autofree char *base64 = g_base64_encode (g_bytes_get_data (thumbnail, NULL),
                                                 g_bytes_get_size (thumbnail));

      if (faults->bad_thumbnail)
        {
          /* Characters outside the base64 alphabet, and a broken length. */
          g_autofree char *broken = NULL;

          base64[MIN (strlen (base64), 17)] = '\0';
          broken = g_strconcat ("#%!", base64, "*", NULL);
          json_object_set_string_member (entry, "thumbnail", broken);
        }
      else
        json_object_set_string_member (entry, "thumbnail", base64);
    }

  return entry;
}

static gboolean
command_list_files (ScEmuCamera   *self,
                    ScEmuRequest  *request,
                    const char    *name,
                    JsonObject    *params,
                    GError       **error)
{
  g_autoptr(JsonObject) results = json_object_new ();
  JsonArray *entries = json_array_new ();
  const char *file_type, *sort;
  JsonNode *thumb_node;
  gint64 count, start, thumb_size = 0;
  gboolean detail = TRUE, oldest_first = FALSE;
  GPtrArray *matching = g_ptr_array_new ();

  json_object_set_array_member (results, "entries", entries);
  if (!require_member (params, "fileType", error) || !require_member (params, "entryCount", error) ||
      !require_member (params, "maxThumbSize", error))
    goto fail;

  file_type = get_string_param (params, "fileType");
  if (file_type == NULL || (!g_str_equal (file_type, "all") && !g_str_equal (file_type, "image") &&
                            !g_str_equal (file_type, "video")))
    {
      g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_INVALID_PARAMETER_VALUE, "Parameter fileType is invalid");
      goto fail;
    }
  if (!get_int_param (params, "entryCount", 0, &count, error) ||
      !get_int_param (params, "startPosition", 0, &start, error))
    goto fail;

  thumb_node = json_object_get_member (params, "maxThumbSize");
  if (!JSON_NODE_HOLDS_NULL (thumb_node) &&
      (!get_int_param (params, "maxThumbSize", 0, &thumb_size, error) ||
       (thumb_size != 0 && thumb_size != SC_EMU_THUMB_SIZE)))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_INVALID_PARAMETER_VALUE,
                     "Parameter maxThumbSize is invalid");
      goto fail;
    }

  if (json_object_has_member (params, "_detail"))
    detail = json_object_get_boolean_member_with_default (params, "_detail", TRUE);
  sort = get_string_param (params, "_sort");
  if (sort != NULL && !g_str_equal (sort, "newest") && !g_str_equal (sort, "oldest"))
    {
      g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_INVALID_PARAMETER_VALUE, "Parameter _sort is invalid");
      goto fail;
    }
  oldest_first = g_strcmp0 (sort, "oldest") == 0;

  for (guint i = 0; i < self->files->len; i++)
    {
      guint index = oldest_first ? self->files->len - 1 - i : i;
      ScEmuFile *file = g_ptr_array_index (self->files, index);

      if (g_str_equal (file_type, "all") ||
          (g_str_equal (file_type, "image") && file->kind == SC_EMU_FILE_IMAGE) ||
          (g_str_equal (file_type, "video") && file->kind == SC_EMU_FILE_VIDEO))
        g_ptr_array_add (matching, file);
    }

  for (gint64 i = start; i < (gint64)matching->len && i < start + count; i++)
    json_array_add_object_element (entries, file_entry (self, g_ptr_array_index (matching, i),
                                                        detail, thumb_size > 0));
  json_object_set_int_member (results, "totalEntries", matching->len);

  g_ptr_array_unref (matching);
  reply_done (self, request, name, results);
  return TRUE;

fail:
  g_ptr_array_unref (matching);
  return FALSE;
}

static gboolean
command_delete (ScEmuCamera   *self,
                ScEmuRequest  *request,
                const char    *name,
                JsonObject    *params,
                GError       **error)
{
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();
  JsonNode *node;
  JsonArray *urls;
  guint n;

  if (!require_member (params, "fileUrls", error))
    return FALSE;
  node = json_object_get_member (params, "fileUrls");
  if (!JSON_NODE_HOLDS_ARRAY (node) || (n = json_array_get_length (urls = json_node_get_array (node))) == 0 ||
      n > SC_EMU_MAX_DELETE)
    {
      g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_INVALID_PARAMETER_VALUE, "Parameter fileUrls is invalid");
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (urls, i);
      const char *url = JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING
                        ? json_node_get_string (element) : NULL;
      ScEmuFile *file;

      if (url != NULL && n == 1 && (g_str_equal (url, "all") || g_str_equal (url, "image") ||
                                    g_str_equal (url, "video")))
        {
          for (guint k = 0; k < self->files->len; k++)
            {
              ScEmuFile *f = g_ptr_array_index (self->files, k);

              if (g_str_equal (url, "all") || (g_str_equal (url, "image") && f->kind == SC_EMU_FILE_IMAGE) ||
                  (g_str_equal (url, "video") && f->kind == SC_EMU_FILE_VIDEO))
                g_ptr_array_add (doomed, f);
            }
          break;
        }

      file = url != NULL ? sc_emu_camera_lookup_file (self, url) : NULL;
      if (file == NULL)
        {
          g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_INVALID_PARAMETER_VALUE,
                       "Parameter fileUrls contains a file that does not exist: %s", url != NULL ? url : "?");
          return FALSE;
        }
      if (!g_ptr_array_find (doomed, file, NULL))
        g_ptr_array_add (doomed, file);
    }

  for (guint i = 0; i < doomed->len; i++)
    sc_emu_camera_delete_file (self, g_ptr_array_index (doomed, i));
  if (doomed->len > 0)
    sc_emu_camera_state_changed (self);

  reply_done (self, request, name, NULL);
  return TRUE;
}

static gboolean
command_get_options (ScEmuCamera   *self,
                     ScEmuRequest  *request,
                     const char    *name,
                     JsonObject    *params,
                     GError       **error)
{
  g_autoptr(JsonObject) results = json_object_new ();
  JsonObject *options;
  JsonNode *names;

  if (!require_member (params, "optionNames", error))
    return FALSE;
  names = json_object_get_member (params, "optionNames");
  if (!JSON_NODE_HOLDS_ARRAY (names))
    {
      g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_INVALID_PARAMETER_VALUE,
                   "Parameter optionNames is invalid");
      return FALSE;
    }

  options = sc_emu_options_get (self, json_node_get_array (names), error);
  if (options == NULL)
    return FALSE;

  json_object_set_object_member (results, "options", options);
  reply_done (self, request, name, results);
  return TRUE;
}

static gboolean
command_set_options (ScEmuCamera   *self,
                     ScEmuRequest  *request,
                     const char    *name,
                     JsonObject    *params,
                     GError       **error)
{
  JsonNode *options;

  if (!require_member (params, "options", error))
    return FALSE;
  options = json_object_get_member (params, "options");
  if (!JSON_NODE_HOLDS_OBJECT (options))
    {
      g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_INVALID_PARAMETER_VALUE, "Parameter options is invalid");
      return FALSE;
    }

  if (!sc_emu_options_set (self, json_node_get_object (options), error))
    return FALSE;

  reply_done (self, request, name, NULL);
  return TRUE;
}

static gboolean
command_reset (ScEmuCamera   *self,
               ScEmuRequest  *request,
               const char    *name,
               JsonObject    *params,
               GError       **error)
{
  if (sc_emu_capture_is_busy (self))
    {
      g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_DISABLED_COMMAND, "Cannot reset while shooting");
      return FALSE;
    }

  sc_emu_preview_stop_all (self);
  sc_emu_options_reset (self);
  reply_done (self, request, name, NULL);
  return TRUE;
}

static gboolean
command_live_preview (ScEmuCamera   *self,
                      ScEmuRequest  *request,
                      const char    *name,
                      JsonObject    *params,
                      GError       **error)
{
  sc_emu_preview_serve (self, request);
  return TRUE;
}

static gboolean
command_take_picture (ScEmuCamera   *self,
                      ScEmuRequest  *request,
                      const char    *name,
                      JsonObject    *params,
                      GError       **error)
{
  return sc_emu_capture_take_picture (self, request, error);
}

static gboolean
command_start_capture (ScEmuCamera   *self,
                       ScEmuRequest  *request,
                       const char    *name,
                       JsonObject    *params,
                       GError       **error)
{
  return sc_emu_capture_start (self, request, params, error);
}

static gboolean
command_stop_capture (ScEmuCamera   *self,
                      ScEmuRequest  *request,
                      const char    *name,
                      JsonObject    *params,
                      GError       **error)
{
  return sc_emu_capture_stop (self, request, error);
}

static void
reply_session (ScEmuCamera  *self,
               ScEmuRequest *request,
               const char   *name)
{
  g_autoptr(JsonObject) results = json_object_new ();

  json_object_set_string_member (results, "sessionId", self->session_id);
  json_object_set_int_member (results, "timeout", SC_EMU_SESSION_TIMEOUT);
  reply_done (self, request, name, results);
}

static gboolean
command_start_session (ScEmuCamera   *self,
                       ScEmuRequest  *request,
                       const char    *name,
                       JsonObject    *params,
                       GError       **error)
{
  if (self->session_id != NULL)
    {
      g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_CAMERA_IN_EXCLUSIVE_USE,
                   "A session is already open");
      return FALSE;
    }

  self->session_id = g_strdup_printf ("SID_%04u", self->next_session_id++);
  self->session_expires_at = g_get_monotonic_time () + SC_EMU_SESSION_TIMEOUT * G_USEC_PER_SEC;
  sc_emu_camera_state_changed (self);
  reply_session (self, request, name);
  return TRUE;
}

static gboolean
check_session_id (ScEmuCamera  *self,
                  JsonObject   *params,
                  GError      **error)
{
  const char *id;

  if (!require_member (params, "sessionId", error))
    return FALSE;
  id = get_string_param (params, "sessionId");
  if (self->session_id == NULL || g_strcmp0 (id, self->session_id) != 0)
    {
      g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_INVALID_PARAMETER_VALUE,
                   "Parameter sessionId is invalid");
      return FALSE;
    }
  return TRUE;
}

static gboolean
command_update_session (ScEmuCamera   *self,
                        ScEmuRequest  *request,
                        const char    *name,
                        JsonObject    *params,
                        GError       **error)
{
  if (!check_session_id (self, params, error))
    return FALSE;

  self->session_expires_at = g_get_monotonic_time () + SC_EMU_SESSION_TIMEOUT * G_USEC_PER_SEC;
  reply_session (self, request, name);
  return TRUE;
}

static gboolean
command_close_session (ScEmuCamera   *self,
                       ScEmuRequest  *request,
                       const char    *name,
                       JsonObject    *params,
                       GError       **error)
{
  if (!check_session_id (self, params, error))
    return FALSE;

  g_clear_pointer (&self->session_id, g_free);
  sc_emu_camera_state_changed (self);
  reply_done (self, request, name, NULL);
  return TRUE;
}

static const struct
{
  const char  *name;
  CommandFunc  func;
} commands[] = {
  { "camera.takePicture", command_take_picture },
  { "camera.startCapture", command_start_capture },
  { "camera.stopCapture", command_stop_capture },
  { "camera.listFiles", command_list_files },
  { "camera.delete", command_delete },
  { "camera.getOptions", command_get_options },
  { "camera.setOptions", command_set_options },
  { "camera.getLivePreview", command_live_preview },
  { "camera._getLivePreview", command_live_preview },
  { "camera.reset", command_reset },
  { "camera.startSession", command_start_session },
  { "camera.updateSession", command_update_session },
  { "camera.closeSession", command_close_session },
};

/* API level 1 (THETA S before clientVersion 2): while a session is open,
 * only its holder may send commands. */
static gboolean
check_exclusive_use (ScEmuCamera  *self,
                     const char   *name,
                     JsonObject   *params,
                     GError      **error)
{
  if (self->session_id != NULL && g_get_monotonic_time () > self->session_expires_at)
    {
      g_debug ("Session %s expired", self->session_id);
      g_clear_pointer (&self->session_id, g_free);
      sc_emu_camera_state_changed (self);
    }

  if (self->api_level != 1 || self->session_id == NULL || g_str_equal (name, "camera.startSession"))
    return TRUE;

  if (g_strcmp0 (get_string_param (params, "sessionId"), self->session_id) != 0)
    {
      g_set_error (error, SC_EMU_OSC_ERROR, SC_EMU_OSC_CAMERA_IN_EXCLUSIVE_USE,
                   "The camera is in use by another session");
      return FALSE;
    }

  return TRUE;
}

void
sc_emu_commands_execute (ScEmuCamera  *self,
                         ScEmuRequest *request)
{
  g_autoptr(GError) error = NULL;
  JsonObject *params = NULL;
  const char *name = NULL;
  JsonNode *node;

  if (request->body == NULL || (name = get_string_param (request->body, "name")) == NULL)
    {
      error = g_error_new (SC_EMU_OSC_ERROR, SC_EMU_OSC_MISSING_PARAMETER, "Parameter name is missing");
      sc_emu_request_reply_error (request, self, "", error);
      return;
    }

  node = json_object_get_member (request->body, "parameters");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    params = json_node_get_object (node);
  else if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      error = g_error_new (SC_EMU_OSC_ERROR, SC_EMU_OSC_INVALID_PARAMETER_VALUE,
                           "Parameter parameters is not an object");
      sc_emu_request_reply_error (request, self, name, error);
      return;
    }

  g_debug ("execute %s", name);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!g_str_equal (commands[i].name, name))
        continue;

      if (self->config->faults.busy)
        error = g_error_new (SC_EMU_OSC_ERROR, SC_EMU_OSC_DISABLED_COMMAND, "Camera is busy");
      else if (check_exclusive_use (self, name, params, &error))
        commands[i].func (self, request, name, params, &error);

      if (error != NULL)
        sc_emu_request_reply_error (request, self, name, error);
      return;
    }

  error = g_error_new (SC_EMU_OSC_ERROR, SC_EMU_OSC_UNKNOWN_COMMAND, "Command %s is unknown", name);
  sc_emu_request_reply_error (request, self, name, error);
}

void
sc_emu_commands_status (ScEmuCamera  *self,
                        ScEmuRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;
  ScEmuCommand *command;
  const char *id;
  guint status = SOUP_STATUS_OK;

  if (request->body == NULL || !json_object_has_member (request->body, "id"))
    {
      error = g_error_new (SC_EMU_OSC_ERROR, SC_EMU_OSC_MISSING_PARAMETER, "Parameter id is missing");
      sc_emu_request_reply_error (request, self, "", error);
      return;
    }

  id = get_string_param (request->body, "id");
  command = id != NULL ? g_hash_table_lookup (self->commands, id) : NULL;
  if (command == NULL)
    {
      error = g_error_new (SC_EMU_OSC_ERROR, SC_EMU_OSC_INVALID_PARAMETER_VALUE, "Parameter id is invalid");
      sc_emu_request_reply_error (request, self, "", error);
      return;
    }

  if (command->state == SC_EMU_COMMAND_ERROR)
    status = sc_emu_osc_error_http_status (command->error->domain == SC_EMU_OSC_ERROR
                                           ? command->error->code : SC_EMU_OSC_UNEXPECTED);
  reply = sc_emu_command_to_json (command);
  sc_emu_request_reply_json (request, self, status, reply);
}
