/* spherecamctl-camera.c: choosing a camera, and the commands about the
 * camera itself (cameras, add-camera, connect, info, options, reset…)
 *
 * Copyright 2025 The Spherecam Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spherecamctl-camera"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "spherecamctl-private.h"

static char *opt_user;
static char *opt_password;
static gboolean opt_yes;
static gboolean opt_release;

const GOptionEntry sc_ctl_connect_entries[] = {
  { "release", 0, 0, G_OPTION_ARG_NONE, &opt_release,
    N_("If GNOME Files (gvfs) holds the USB camera, release it from Files first"), NULL },
  { NULL }
};

const GOptionEntry sc_ctl_add_camera_entries[] = {
  { "user", 0, 0, G_OPTION_ARG_STRING, &opt_user,
    N_("User name, for a camera that asks for one"), N_("USER") },
  { "password", 0, 0, G_OPTION_ARG_STRING, &opt_password,
    N_("Password (asked for on a terminal when --user is given without it)"), N_("PASSWORD") },
  { NULL }
};

const GOptionEntry sc_ctl_format_entries[] = {
  { "yes", 'y', 0, G_OPTION_ARG_NONE, &opt_yes,
    N_("Erase every file on the camera’s memory card without asking again"), NULL },
  { NULL }
};

const GOptionEntry sc_ctl_reset_entries[] = {
  { "yes", 'y', 0, G_OPTION_ARG_NONE, &opt_yes,
    N_("Do not ask for confirmation"), NULL },
  { NULL }
};

static JsonObject *
camera_to_json (ScCtlObject *camera)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", sc_ctl_object_get_string (camera, "Id"));
  json_object_set_string_member (object, "path", camera->path);
  json_object_set_string_member (object, "display_name",
                                 sc_ctl_object_get_string (camera, "DisplayName"));
  json_object_set_string_member (object, "model", sc_ctl_object_get_string (camera, "Model"));
  json_object_set_string_member (object, "serial",
                                 sc_ctl_object_get_string (camera, "SerialNumber"));
  json_object_set_boolean_member (object, "connected",
                                  sc_ctl_object_get_boolean (camera, "IsConnected"));
  json_object_set_boolean_member (object, "remembered",
                                  sc_ctl_object_get_boolean (camera, "IsRemembered"));
  json_object_set_string_member (object, "transport",
                                 sc_ctl_object_get_string (camera, "Transport"));
  json_object_set_string_member (object, "uri", sc_ctl_object_get_string (camera, "Uri"));

  return object;
}

/* Prints {"camera": {…}} */
static void
print_camera_json (ScCtlObject *camera)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_object_member (object, "camera", camera_to_json (camera));
  sc_ctl_print_json_object (object);
}

/* All the cameras the service knows, in its order */
static GPtrArray *
list_cameras (ScCtl   *ctl,
              GError **error)
{
  g_autoptr(GVariant) paths = NULL;
  g_autoptr(GPtrArray) cameras = NULL;
  GVariantIter iter;
  const char *path;

  paths = sc_ctl_get_manager_property (ctl, "Cameras", G_VARIANT_TYPE_OBJECT_PATH_ARRAY, error);
  if (paths == NULL)
    return NULL;

  cameras = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_ctl_object_free);
  g_variant_iter_init (&iter, paths);
  while (g_variant_iter_next (&iter, "&o", &path))
    {
      g_autoptr(ScCtlObject) camera = sc_ctl_object_new (path);
      g_autoptr(GError) local_error = NULL;

      /* A camera may be forgotten between the two calls */
      if (sc_ctl_object_fetch (camera, ctl, SC_CTL_CAMERA_IFACE, &local_error))
        g_ptr_array_add (cameras, g_steal_pointer (&camera));
      else if (sc_ctl_is_unknown_object (local_error))
        g_debug ("Skipping camera %s: %s", path, local_error->message);
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  return g_steal_pointer (&cameras);
}

/* "ID, ID…" for messages; an id that two cameras share gets its object
 * path, so that each can still be named.
 */
static char *
join_ids (GPtrArray *cameras)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < cameras->len; i++)
    {
      ScCtlObject *camera = g_ptr_array_index (cameras, i);
      const char *id = sc_ctl_object_get_string (camera, "Id");
      gboolean shared = FALSE;

      for (guint j = 0; j < cameras->len && !shared; j++)
        {
          ScCtlObject *other = g_ptr_array_index (cameras, j);

          shared = j != i && g_str_equal (id, sc_ctl_object_get_string (other, "Id"));
        }

      if (i > 0)
        g_string_append (out, ", ");
      if (shared)
        g_string_append_printf (out, "%s (%s)", id, camera->path);
      else
        g_string_append (out, id);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
set_no_camera_error (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("No camera. Add one with spherecamctl add-camera URL."));
}

/* Picks the camera for a camera command: @wanted is an id, object path,
 * serial number, URI or display name, tried in that order; NULL means the
 * only camera there is.
 */
gboolean
sc_ctl_camera_choose (ScCtl       *ctl,
                      const char  *wanted,
                      GError     **error)
{
  static const char * const keys[] = { "Id", "SerialNumber", "Uri", "DisplayName" };
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GPtrArray) matches = g_ptr_array_new ();
  ScCtlObject *chosen;

  if (!(cameras = list_cameras (ctl, error)))
    return FALSE;

  if (wanted == NULL)
    {
      if (cameras->len == 0)
        {
          set_no_camera_error (error);
          return FALSE;
        }
      if (cameras->len > 1)
        {
          g_autofree char *ids = join_ids (cameras);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("Spherecam knows several cameras: %s. Choose one with --camera ID."),
                       ids);
          return FALSE;
        }
      g_ptr_array_add (matches, g_ptr_array_index (cameras, 0));
    }

  for (guint i = 0; wanted != NULL && i < cameras->len; i++)
    {
      ScCtlObject *camera = g_ptr_array_index (cameras, i);

      if (g_str_equal (camera->path, wanted))
        g_ptr_array_add (matches, camera);
    }

  for (guint k = 0; wanted != NULL && matches->len == 0 && k < G_N_ELEMENTS (keys); k++)
    {
      for (guint i = 0; i < cameras->len; i++)
        {
          ScCtlObject *camera = g_ptr_array_index (cameras, i);

          if (*wanted != '\0' && g_str_equal (sc_ctl_object_get_string (camera, keys[k]), wanted))
            g_ptr_array_add (matches, camera);
        }
    }

  if (matches->len == 0)
    {
      if (cameras->len == 0)
        set_no_camera_error (error);
      else
        {
          g_autofree char *ids = join_ids (cameras);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("No camera “%s”. Spherecam knows: %s."), wanted, ids);
        }
      return FALSE;
    }

  if (matches->len > 1)
    {
      g_autofree char *ids = join_ids (matches);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Several cameras match “%s”: %s. Choose one with --camera ID."),
                   wanted, ids);
      return FALSE;
    }

  chosen = g_ptr_array_index (matches, 0);
  ctl->camera.proxy = sc_dbus_camera_proxy_new_sync (ctl->bus,
                                                     G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES |
                                                     G_DBUS_PROXY_FLAGS_DO_NOT_CONNECT_SIGNALS,
                                                     ctl->bus_name, chosen->path, NULL, error);
  if (ctl->camera.proxy == NULL)
    return FALSE;
  g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (ctl->camera.proxy),
                                    SC_CTL_CAMERA_TIMEOUT_MSEC);

  /* Steal the chosen one out of the list */
  for (guint i = 0; i < cameras->len; i++)
    {
      if (g_ptr_array_index (cameras, i) == chosen)
        {
          ctl->camera.object = g_ptr_array_steal_index (cameras, i);
          break;
        }
    }

  return TRUE;
}

void
sc_ctl_camera_clear (ScCtlCamera *camera)
{
  g_clear_pointer (&camera->object, sc_ctl_object_free);
  g_clear_object (&camera->proxy);
}

const char *
sc_ctl_camera_get_name (ScCtlCamera *camera)
{
  const char *name = sc_ctl_object_get_string (camera->object, "DisplayName");

  return *name != '\0' ? name : sc_ctl_object_get_string (camera->object, "Id");
}

/* cameras, add-camera */

int
sc_ctl_cmd_cameras (ScCtl   *ctl,
                    char   **args,
                    GError **error)
{
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (!(cameras = list_cameras (ctl, error)))
    return EXIT_FAILURE;

  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < cameras->len; i++)
        json_array_add_object_element (array, camera_to_json (g_ptr_array_index (cameras, i)));
      json_object_set_array_member (object, "cameras", array);
      sc_ctl_print_json_object (object);

      return EXIT_SUCCESS;
    }

  if (cameras->len == 0)
    {
      g_autoptr(GError) none = NULL;

      set_no_camera_error (&none);
      g_print ("%s\n", none->message);

      return EXIT_SUCCESS;
    }

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (rows, g_strdupv ((char *[]) { _("ID"), _("NAME"), _("MODEL"), _("SERIAL"),
                                                 _("STATUS"), _("URI"), NULL }));
  for (guint i = 0; i < cameras->len; i++)
    {
      ScCtlObject *camera = g_ptr_array_index (cameras, i);
      const char *status = "";

      if (sc_ctl_object_get_boolean (camera, "IsConnected"))
        status = _("connected");
      else if (sc_ctl_object_get_boolean (camera, "IsRemembered"))
        status = _("remembered");

      g_ptr_array_add (rows, g_strdupv ((char *[]) {
        (char *) sc_ctl_object_get_string (camera, "Id"),
        (char *) sc_ctl_object_get_string (camera, "DisplayName"),
        (char *) sc_ctl_object_get_string (camera, "Model"),
        (char *) sc_ctl_object_get_string (camera, "SerialNumber"),
        (char *) status,
        (char *) sc_ctl_object_get_string (camera, "Uri"),
        NULL }));
    }
  sc_ctl_print_table (rows);

  return EXIT_SUCCESS;
}

/* Reads a line from the terminal without echoing it */
static char *
read_password (const char *prompt)
{
  struct termios saved, quiet;
  char line[1024];
  gboolean restore;
  char *result = NULL;

  g_printerr ("%s", prompt);
  restore = tcgetattr (STDIN_FILENO, &saved) == 0;
  if (restore)
    {
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }

  if (fgets (line, sizeof line, stdin) != NULL)
    result = g_strdup (g_strchomp (line));
  memset (line, 0, sizeof line);

  if (restore)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  g_printerr ("\n");

  return result;
}

int
sc_ctl_cmd_add_camera (ScCtl   *ctl,
                       char   **args,
                       GError **error)
{
  g_autoptr(ScDbusManager) manager = NULL;
  g_autoptr(ScCtlObject) camera = NULL;
  g_autofree char *path = NULL;
  g_autofree char *asked = NULL;
  const char *password = opt_password;

  if (opt_user != NULL && password == NULL && isatty (STDIN_FILENO))
    {
      g_autofree char *prompt = g_strdup_printf (_("Password for %s: "), opt_user);

      password = asked = read_password (prompt);
    }

  manager = sc_dbus_manager_proxy_new_sync (ctl->bus,
                                            G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES |
                                            G_DBUS_PROXY_FLAGS_DO_NOT_CONNECT_SIGNALS,
                                            ctl->bus_name, SC_CTL_MANAGER_PATH, NULL, error);
  if (manager == NULL)
    return EXIT_FAILURE;

  if (!sc_dbus_manager_call_add_camera_sync (manager, args[0],
                                             opt_user != NULL ? opt_user : "",
                                             password != NULL ? password : "",
                                             &path, NULL, error))
    return EXIT_FAILURE;

  camera = sc_ctl_object_new (path);
  if (!sc_ctl_object_fetch (camera, ctl, SC_CTL_CAMERA_IFACE, error))
    return EXIT_FAILURE;

  if (sc_ctl_opt_json)
    print_camera_json (camera);
  else
    g_print ("%s\n", sc_ctl_object_get_string (camera, "Id"));

  return EXIT_SUCCESS;
}

/* connect, disconnect, forget */

int
sc_ctl_cmd_connect (ScCtl   *ctl,
                    char   **args,
                    GError **error)
{
  gboolean connected;

  if (opt_release)
    connected = sc_dbus_camera_call_release_holder_sync (ctl->camera.proxy, NULL, error);
  else
    connected = sc_dbus_camera_call_connect_sync (ctl->camera.proxy, NULL, error);
  if (!connected ||
      !sc_ctl_object_fetch (ctl->camera.object, ctl, SC_CTL_CAMERA_IFACE, error))
    return EXIT_FAILURE;

  if (sc_ctl_opt_json)
    print_camera_json (ctl->camera.object);
  else
    {
      g_print (_("Connected to %s"), sc_ctl_camera_get_name (&ctl->camera));
      g_print ("\n");
    }

  return EXIT_SUCCESS;
}

int
sc_ctl_cmd_disconnect (ScCtl   *ctl,
                       char   **args,
                       GError **error)
{
  if (!sc_dbus_camera_call_disconnect_sync (ctl->camera.proxy, NULL, error) ||
      !sc_ctl_object_fetch (ctl->camera.object, ctl, SC_CTL_CAMERA_IFACE, error))
    return EXIT_FAILURE;

  if (sc_ctl_opt_json)
    print_camera_json (ctl->camera.object);
  else
    {
      g_print (_("Disconnected from %s"), sc_ctl_camera_get_name (&ctl->camera));
      g_print ("\n");
    }

  return EXIT_SUCCESS;
}

int
sc_ctl_cmd_forget (ScCtl   *ctl,
                   char   **args,
                   GError **error)
{
  ScCtlObject *camera = ctl->camera.object;

  if (!sc_dbus_camera_call_forget_sync (ctl->camera.proxy, NULL, error))
    return EXIT_FAILURE;

  /* The object is gone: describe it as it is now, from what we knew */
  g_variant_dict_insert (camera->props, "IsConnected", "b", FALSE);
  g_variant_dict_insert (camera->props, "IsRemembered", "b", FALSE);

  if (sc_ctl_opt_json)
    print_camera_json (camera);
  else
    {
      g_print (_("Forgot %s"), sc_ctl_camera_get_name (&ctl->camera));
      g_print ("\n");
    }

  return EXIT_SUCCESS;
}

/* info, state */

static void
add_row (GPtrArray  *rows,
         const char *label,
         const char *value)
{
  g_autofree char *with_colon = g_strconcat (label, ":", NULL);

  g_ptr_array_add (rows, g_strdupv ((char *[]) { with_colon, (char *) value, NULL }));
}

/* Adds the entries of @dict, sorted by key, skipping those in @skip */
static void
add_dict_rows (GPtrArray          *rows,
               GVariant           *dict,
               const char * const *skip)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  GVariantIter iter;
  char *key;

  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_next (&iter, "{sv}", &key, NULL))
    {
      if (skip != NULL && g_strv_contains (skip, key))
        g_free (key);
      else
        g_ptr_array_add (keys, key);
    }
  g_ptr_array_sort (keys, sc_ctl_compare_strings);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *name = g_ptr_array_index (keys, i);
      g_autoptr(GVariant) value = g_variant_lookup_value (dict, name, NULL);
      g_autofree char *text = sc_ctl_format_value (value);

      add_row (rows, name, text);
    }
}

int
sc_ctl_cmd_info (ScCtl   *ctl,
                 char   **args,
                 GError **error)
{
  ScCtlObject *camera = ctl->camera.object;
  g_autoptr(GVariant) info = g_variant_dict_lookup_value (camera->props, "Info",
                                                          G_VARIANT_TYPE_VARDICT);
  g_autoptr(GPtrArray) rows = NULL;

  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      JsonObject *description = camera_to_json (camera);

      json_object_set_string_member (description, "manufacturer",
                                     sc_ctl_object_get_string (camera, "Manufacturer"));
      json_object_set_string_member (description, "firmware",
                                     sc_ctl_object_get_string (camera, "FirmwareVersion"));
      if (info != NULL)
        json_object_set_member (description, "info", sc_ctl_json_from_variant (info));
      else
        json_object_set_object_member (description, "info", json_object_new ());
      json_object_set_object_member (object, "camera", description);
      sc_ctl_print_json_object (object);

      return EXIT_SUCCESS;
    }

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  add_row (rows, _("Name"), sc_ctl_object_get_string (camera, "DisplayName"));
  add_row (rows, _("Model"), sc_ctl_object_get_string (camera, "Model"));
  add_row (rows, _("Manufacturer"), sc_ctl_object_get_string (camera, "Manufacturer"));
  add_row (rows, _("Serial number"), sc_ctl_object_get_string (camera, "SerialNumber"));
  add_row (rows, _("Firmware"), sc_ctl_object_get_string (camera, "FirmwareVersion"));
  add_row (rows, _("Id"), sc_ctl_object_get_string (camera, "Id"));
  add_row (rows, _("Address"), sc_ctl_object_get_string (camera, "Uri"));
  add_row (rows, _("Connected"), sc_ctl_object_get_boolean (camera, "IsConnected")
                                 ? _("yes") : _("no"));
  if (info != NULL)
    {
      /* Shown above already */
      static const char * const skip[] = {
        "manufacturer", "model", "serialNumber", "firmwareVersion", NULL
      };

      add_dict_rows (rows, info, skip);
    }
  sc_ctl_print_table (rows);

  return EXIT_SUCCESS;
}

static gboolean
lookup_number (GVariant   *dict,
               const char *key,
               double     *number)
{
  g_autoptr(GVariant) value = g_variant_lookup_value (dict, key, NULL);

  if (value == NULL)
    return FALSE;

  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_DOUBLE: *number = g_variant_get_double (value); return TRUE;
    case G_VARIANT_CLASS_INT32: *number = g_variant_get_int32 (value); return TRUE;
    case G_VARIANT_CLASS_UINT32: *number = g_variant_get_uint32 (value); return TRUE;
    case G_VARIANT_CLASS_INT64: *number = g_variant_get_int64 (value); return TRUE;
    case G_VARIANT_CLASS_UINT64: *number = g_variant_get_uint64 (value); return TRUE;
    default: return FALSE;
    }
}

int
sc_ctl_cmd_state (ScCtl   *ctl,
                  char   **args,
                  GError **error)
{
  static const char * const shown[] = {
    "batteryLevel", "remainingSpace", "totalSpace", "recordedTime", NULL
  };
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  double number;

  if (!sc_dbus_camera_call_refresh_state_sync (ctl->camera.proxy, &state, NULL, error))
    return EXIT_FAILURE;

  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_member (object, "state", sc_ctl_json_from_variant (state));
      sc_ctl_print_json_object (object);

      return EXIT_SUCCESS;
    }

  /* The usual ones first, readable; then whatever else the camera said */
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  if (lookup_number (state, "batteryLevel", &number))
    {
      g_autofree char *text = g_strdup_printf ("%.0f %%", CLAMP (number, 0.0, 1.0) * 100.0);

      add_row (rows, _("Battery"), text);
    }
  if (lookup_number (state, "remainingSpace", &number))
    {
      g_autofree char *text = g_format_size ((guint64) MAX (number, 0.0));

      add_row (rows, _("Free space"), text);
    }
  if (lookup_number (state, "totalSpace", &number))
    {
      g_autofree char *text = g_format_size ((guint64) MAX (number, 0.0));

      add_row (rows, _("Total space"), text);
    }
  if (lookup_number (state, "recordedTime", &number))
    {
      g_autofree char *text = g_strdup_printf (_("%.0f s"), number);

      add_row (rows, _("Recorded"), text);
    }
  add_dict_rows (rows, state, shown);
  sc_ctl_print_table (rows);

  return EXIT_SUCCESS;
}

/* options */

int
sc_ctl_cmd_options_get (ScCtl   *ctl,
                        char   **args,
                        GError **error)
{
  g_autoptr(GVariant) options = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GVariantIter) iter = NULL;

  if (!sc_dbus_camera_call_get_options_sync (ctl->camera.proxy, (const char * const *) args,
                                             &options, NULL, error))
    return EXIT_FAILURE;

  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_member (object, "options", sc_ctl_json_from_variant (options));
      sc_ctl_print_json_object (object);

      return EXIT_SUCCESS;
    }

  /* NAME=VALUE, as "options set" takes them: in the order asked, else sorted */
  if (args[0] != NULL)
    {
      for (guint i = 0; args[i] != NULL; i++)
        g_ptr_array_add (names, args[i]);
    }
  else
    {
      const char *name;

      iter = g_variant_iter_new (options);
      while (g_variant_iter_next (iter, "{&sv}", &name, NULL))
        g_ptr_array_add (names, (char *) name);
      g_ptr_array_sort (names, sc_ctl_compare_strings);
    }

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(GVariant) value = g_variant_lookup_value (options, name, NULL);
      g_autofree char *text = value != NULL ? sc_ctl_format_value (value) : NULL;

      if (text != NULL)
        g_print ("%s=%s\n", name, text);
    }

  return EXIT_SUCCESS;
}

static GVariant *
json_to_variant (JsonNode    *node,
                 const char  *name,
                 GError     **error)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);
        g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

        for (const GList *l = members; l != NULL; l = l->next)
          {
            GVariant *value = json_to_variant (json_object_get_member (object, l->data),
                                               name, error);

            if (value == NULL)
              return NULL;
            g_variant_builder_add (&builder, "{sv}", l->data, value);
          }

        return g_variant_builder_end (&builder);
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("av"));

        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            GVariant *value = json_to_variant (json_array_get_element (array, i), name, error);

            if (value == NULL)
              return NULL;
            g_variant_builder_add (&builder, "v", value);
          }

        return g_variant_builder_end (&builder);
      }

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_INT64)
        return g_variant_new_int64 (json_node_get_int (node));
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        return g_variant_new_double (json_node_get_double (node));
      if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        return g_variant_new_boolean (json_node_get_boolean (node));
      return g_variant_new_string (json_node_get_string (node));

    case JSON_NODE_NULL:
    default:
      g_set_error (error, SC_CTL_USAGE_ERROR, 0,
                   _("Option “%s” cannot be set to null"), name);
      return NULL;
    }
}

/* NAME=VALUE…: VALUE is JSON when it parses as JSON, else a string */
static GVariant *
parse_assignments (char   **args,
                   GError **error)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  for (guint i = 0; args[i] != NULL; i++)
    {
      const char *equals = strchr (args[i], '=');
      g_autofree char *name = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) json_error = NULL;
      GVariant *value;

      if (equals == NULL || equals == args[i])
        {
          g_set_error (error, SC_CTL_USAGE_ERROR, 0,
                       _("Not NAME=VALUE: “%s”"), args[i]);
          return NULL;
        }

      name = g_strndup (args[i], equals - args[i]);
      if (json_parser_load_from_data (parser, equals + 1, -1, &json_error) &&
          json_parser_get_root (parser) != NULL)
        {
          value = json_to_variant (json_parser_get_root (parser), name, error);
          if (value == NULL)
            return NULL;
        }
      else if (json_error != NULL && (equals[1] == '{' || equals[1] == '['))
        {
          /* Meant as JSON, surely: say what is wrong rather than send text */
          g_set_error (error, SC_CTL_USAGE_ERROR, 0,
                       _("The value of “%s” is not valid JSON: %s"), name, json_error->message);
          return NULL;
        }
      else
        value = g_variant_new_string (equals + 1);

      g_variant_builder_add (&builder, "{sv}", name, value);
    }

  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

gboolean
sc_ctl_check_options_set (char   **args,
                          GError **error)
{
  g_autoptr(GVariant) options = parse_assignments (args, error);

  return options != NULL;
}

int
sc_ctl_cmd_options_set (ScCtl   *ctl,
                        char   **args,
                        GError **error)
{
  g_autoptr(GVariant) options = parse_assignments (args, error);

  if (options == NULL ||
      !sc_dbus_camera_call_set_options_sync (ctl->camera.proxy, options, NULL, error))
    return EXIT_FAILURE;

  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_member (object, "options", sc_ctl_json_from_variant (options));
      sc_ctl_print_json_object (object);
    }
  else
    {
      for (guint i = 0; i < g_variant_n_children (options); i++)
        {
          g_autoptr(GVariant) value = NULL;
          g_autofree char *text = NULL;
          const char *name;

          g_variant_get_child (options, i, "{&sv}", &name, &value);
          text = sc_ctl_format_value (value);
          g_print ("%s=%s\n", name, text);
        }
    }

  return EXIT_SUCCESS;
}

/* preview-frame */

int
sc_ctl_cmd_preview_frame (ScCtl   *ctl,
                          char   **args,
                          GError **error)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) jpeg = NULL;
  g_autofree char *path = g_canonicalize_filename (args[0], NULL);
  const guint8 *data;
  gsize size;

  /* Not sc_dbus_camera_call_get_preview_frame_sync (): the generated code
   * takes "ay" for a NUL-terminated string and would cut the JPEG short.
   */
  reply = g_dbus_proxy_call_sync (G_DBUS_PROXY (ctl->camera.proxy), "GetPreviewFrame", NULL,
                                  G_DBUS_CALL_FLAGS_NONE, -1, NULL, error);
  if (reply == NULL)
    return EXIT_FAILURE;
  if (!g_variant_is_of_type (reply, G_VARIANT_TYPE ("(ay)")))
    {
      g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_SIGNATURE,
                   _("The service sent a reply of the wrong type “%s”"),
                   g_variant_get_type_string (reply));
      return EXIT_FAILURE;
    }

  g_variant_get (reply, "(@ay)", &jpeg);
  data = g_variant_get_fixed_array (jpeg, &size, 1);
  if (size == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The camera sent an empty preview frame"));
      return EXIT_FAILURE;
    }

  /* A temporary file in the same directory, renamed over FILE */
  if (!g_file_set_contents_full (path, (const char *) data, size,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0666, error))
    return EXIT_FAILURE;

  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_string_member (object, "path", path);
      json_object_set_int_member (object, "size", size);
      sc_ctl_print_json_object (object);
    }
  else
    g_print ("%s\n", path);

  return EXIT_SUCCESS;
}

/* reset */

gboolean
sc_ctl_check_reset (char   **args,
                    GError **error)
{
  if (!opt_yes && !isatty (STDIN_FILENO))
    {
      g_set_error_literal (error, SC_CTL_USAGE_ERROR, 0,
                           _("Reset asks for confirmation on a terminal; pass --yes to "
                             "reset without asking."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
confirm (const char *question)
{
  char line[256];

  g_printerr ("%s ", question);
  if (fgets (line, sizeof line, stdin) == NULL)
    return FALSE;

  /* y, yes, or the locale's own word */
  return rpmatch (g_strchomp (line)) == 1;
}

int
sc_ctl_cmd_reset (ScCtl   *ctl,
                  char   **args,
                  GError **error)
{
  g_autofree char *name = g_strdup (sc_ctl_camera_get_name (&ctl->camera));

  if (!opt_yes)
    {
      g_autofree char *question = NULL;

      question = g_strdup_printf (_("Reset all settings of %s to the factory defaults? [y/N]"),
                                  name);
      if (!confirm (question))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("Nothing was reset."));
          return EXIT_FAILURE;
        }
    }

  if (!sc_dbus_camera_call_reset_sync (ctl->camera.proxy, NULL, error) ||
      !sc_ctl_object_fetch (ctl->camera.object, ctl, SC_CTL_CAMERA_IFACE, error))
    return EXIT_FAILURE;

  if (sc_ctl_opt_json)
    print_camera_json (ctl->camera.object);
  else
    {
      g_print (_("Reset %s"), name);
      g_print ("\n");
    }

  return EXIT_SUCCESS;
}

/* format */

/* Formats the camera's memory card. Without --yes it says what it would
 * erase and fails (exit status 1), asking nothing: a format cannot be
 * undone. */
int
sc_ctl_cmd_format (ScCtl   *ctl,
                   char   **args,
                   GError **error)
{
  g_autofree char *name = g_strdup (sc_ctl_camera_get_name (&ctl->camera));

  if (!opt_yes)
    {
      g_printerr (_("Formatting erases all photos and videos on the memory card of %s, "
                    "and they cannot be recovered. Download what you want to keep, then "
                    "run it again with --yes."), name);
      g_printerr ("\n");
      return EXIT_FAILURE;
    }

  if (!sc_dbus_camera_call_format_storage_sync (ctl->camera.proxy, TRUE, NULL, error) ||
      !sc_ctl_object_fetch (ctl->camera.object, ctl, SC_CTL_CAMERA_IFACE, error))
    return EXIT_FAILURE;

  if (sc_ctl_opt_json)
    print_camera_json (ctl->camera.object);
  else
    {
      /* Translators: "Formatted the memory card of <camera>" */
      g_print (_("Formatted the memory card of %s"), name);
      g_print ("\n");
    }

  return EXIT_SUCCESS;
}
