/* spherecamctl-privacy.c: consent, permissions, location, your data and
 * narration (org.spherecam.Spherecam.Privacy)
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spherecamctl-privacy"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "spherecamctl-private.h"

#define PRIVACY_IFACE "org.spherecam.Spherecam.Privacy"

static char *opt_document;
static gboolean opt_yes;

const GOptionEntry sc_ctl_consent_show_entries[] = {
  { "document", 0, 0, G_OPTION_ARG_STRING, &opt_document,
    N_("Which text: user-agreement (the default) or privacy-policy"), N_("DOCUMENT") },
  { NULL }
};

const GOptionEntry sc_ctl_data_erase_entries[] = {
  { "yes", 'y', 0, G_OPTION_ARG_NONE, &opt_yes,
    N_("Do not ask for confirmation"), NULL },
  { NULL }
};

static const char * const toggle_names[] = {
  "storage", "location", "microphone", "usage-statistics", "detailed-diagnostics", NULL
};

/* D-Bus property of each of toggle_names */
static const char * const toggle_properties[] = {
  "Storage", "Location", "Microphone", "UsageStatistics", "DetailedDiagnostics", NULL
};

static ScDbusPrivacy *
privacy_proxy (ScCtl   *ctl,
               GError **error)
{
  return sc_dbus_privacy_proxy_new_sync (ctl->bus,
                                         G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES |
                                         G_DBUS_PROXY_FLAGS_DO_NOT_CONNECT_SIGNALS,
                                         ctl->bus_name, SC_CTL_MANAGER_PATH, NULL, error);
}

/* The Privacy properties, read with an explicit call (which starts the
 * service if needed) */
static ScCtlObject *
fetch_privacy (ScCtl   *ctl,
               GError **error)
{
  g_autoptr(ScCtlObject) object = sc_ctl_object_new (SC_CTL_MANAGER_PATH);

  if (!sc_ctl_object_fetch (object, ctl, PRIVACY_IFACE, error))
    return NULL;

  return g_steal_pointer (&object);
}

static void
print_done (const char *key,
            JsonNode   *value,
            const char *text)
{
  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_member (object, key, value);
      sc_ctl_print_json_object (object);
    }
  else
    {
      json_node_unref (value);
      g_print ("%s\n", text);
    }
}

static gboolean
parse_on_off (const char *arg,
              gboolean   *enabled)
{
  if (g_str_equal (arg, "on") || g_str_equal (arg, "true") || g_str_equal (arg, "1"))
    *enabled = TRUE;
  else if (g_str_equal (arg, "off") || g_str_equal (arg, "false") || g_str_equal (arg, "0"))
    *enabled = FALSE;
  else
    return FALSE;

  return TRUE;
}

/* "a.b" → an absolute path (relative to the current folder) */
static char *
absolute_path (const char *arg)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (arg);

  return g_file_get_path (file);
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

/* consent */

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (unix_time <= 0)
    return NULL;

  utc = g_date_time_new_from_unix_utc (unix_time);
  local = g_date_time_to_local (utc);

  return g_date_time_format_iso8601 (local);
}

int
sc_ctl_cmd_consent_status (ScCtl   *ctl,
                           char   **args,
                           GError **error)
{
  g_autoptr(ScCtlObject) privacy = fetch_privacy (ctl, error);
  g_autofree char *accepted_at = NULL;
  const char *policy_version;
  const char *accepted_version;
  gint64 at = 0;
  gboolean accepted;

  if (privacy == NULL)
    return EXIT_FAILURE;

  policy_version = sc_ctl_object_get_string (privacy, "PolicyVersion");
  accepted_version = sc_ctl_object_get_string (privacy, "AcceptedVersion");
  accepted = sc_ctl_object_get_boolean (privacy, "ConsentAccepted");
  g_variant_dict_lookup (privacy->props, "AcceptedAt", "x", &at);
  accepted_at = format_time (at);

  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_boolean_member (object, "accepted", accepted);
      json_object_set_string_member (object, "policy_version", policy_version);
      if (accepted_version[0] != '\0')
        json_object_set_string_member (object, "accepted_version", accepted_version);
      else
        json_object_set_null_member (object, "accepted_version");
      if (accepted_at != NULL)
        json_object_set_string_member (object, "accepted_at", accepted_at);
      else
        json_object_set_null_member (object, "accepted_at");
      sc_ctl_print_json_object (object);
    }
  else if (accepted)
    {
      /* Translators: %s is a version such as "1.0", the second a date and time */
      g_print (_("You accepted the user agreement and privacy policy, version %s, on %s."),
               accepted_version, accepted_at != NULL ? accepted_at : "?");
      g_print ("\n");
    }
  else
    {
      if (accepted_version[0] != '\0')
        /* Translators: both %s are versions such as "1.0" */
        g_print (_("You accepted version %s of the user agreement and privacy policy; "
                   "version %s has replaced it."), accepted_version, policy_version);
      else
        g_print (_("You have not accepted the user agreement and privacy policy (version %s)."),
                 policy_version);
      g_print ("\n%s\n", _("Read them with “spherecamctl consent show” and accept them with "
                           "“spherecamctl consent accept”. Until then Spherecam does not "
                           "work with cameras."));
    }

  return EXIT_SUCCESS;
}

gboolean
sc_ctl_check_consent_accept (char   **args,
                             GError **error)
{
  if (args[0] != NULL && args[0][0] == '\0')
    {
      g_set_error_literal (error, SC_CTL_USAGE_ERROR, 0,
                           _("VERSION must not be empty; leave it out to accept the current "
                             "version."));
      return FALSE;
    }

  return TRUE;
}

int
sc_ctl_cmd_consent_accept (ScCtl   *ctl,
                           char   **args,
                           GError **error)
{
  g_autoptr(ScDbusPrivacy) proxy = privacy_proxy (ctl, error);
  g_autofree char *version = NULL;
  g_autofree char *text = NULL;

  if (proxy == NULL ||
      !sc_dbus_privacy_call_accept_consent_sync (proxy, args[0] != NULL ? args[0] : "",
                                                 &version, NULL, error))
    return EXIT_FAILURE;

  /* Translators: %s is a version such as "1.0" */
  text = g_strdup_printf (_("Accepted the user agreement and privacy policy, version %s"), version);
  print_done ("accepted_version", json_node_init_string (json_node_alloc (), version), text);

  return EXIT_SUCCESS;
}

int
sc_ctl_cmd_consent_revoke (ScCtl   *ctl,
                           char   **args,
                           GError **error)
{
  g_autoptr(ScDbusPrivacy) proxy = privacy_proxy (ctl, error);

  if (proxy == NULL || !sc_dbus_privacy_call_revoke_consent_sync (proxy, NULL, error))
    return EXIT_FAILURE;

  print_done ("accepted", json_node_init_boolean (json_node_alloc (), FALSE),
              _("Withdrew your consent. Spherecam disconnected every camera and stopped "
                "collecting data; accept again with “spherecamctl consent accept”."));

  return EXIT_SUCCESS;
}

gboolean
sc_ctl_check_consent_show (char   **args,
                           GError **error)
{
  if (opt_document != NULL &&
      !g_str_equal (opt_document, "user-agreement") &&
      !g_str_equal (opt_document, "privacy-policy"))
    {
      g_set_error (error, SC_CTL_USAGE_ERROR, 0,
                   _("Unknown document “%s”: use “user-agreement” or “privacy-policy”."),
                   opt_document);
      return FALSE;
    }

  return TRUE;
}

int
sc_ctl_cmd_consent_show (ScCtl   *ctl,
                         char   **args,
                         GError **error)
{
  g_autoptr(ScDbusPrivacy) proxy = privacy_proxy (ctl, error);
  const char * const *languages = g_get_language_names ();
  const char *document = opt_document != NULL ? opt_document : "user-agreement";
  g_autofree char *text = NULL;
  g_autofree char *version = NULL;
  g_autofree char *date = NULL;
  g_autofree char *language = NULL;

  /* The text in the language of whoever runs this, not of the service */
  if (proxy == NULL ||
      !sc_dbus_privacy_call_get_policy_sync (proxy, document, languages[0], &text, &version,
                                             &date, &language, NULL, error))
    return EXIT_FAILURE;

  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_string_member (object, "document", document);
      json_object_set_string_member (object, "version", version);
      json_object_set_string_member (object, "date", date);
      json_object_set_string_member (object, "language", language);
      json_object_set_string_member (object, "text", text);
      sc_ctl_print_json_object (object);
    }
  else
    {
      g_print ("%s", text);
      if (!g_str_has_suffix (text, "\n"))
        g_print ("\n");
    }

  return EXIT_SUCCESS;
}

/* permissions */

gboolean
sc_ctl_check_permissions (char   **args,
                          GError **error)
{
  gboolean enabled;

  if (args[0] == NULL)
    return TRUE;

  if (!g_strv_contains (toggle_names, args[0]))
    {
      g_set_error (error, SC_CTL_USAGE_ERROR, 0,
                   _("Unknown permission “%s”: use storage, location, microphone, "
                     "usage-statistics or detailed-diagnostics."), args[0]);
      return FALSE;
    }

  if (args[1] == NULL)
    {
      g_set_error (error, SC_CTL_USAGE_ERROR, 0,
                   _("Say whether to turn %s on or off, e.g. “spherecamctl permissions %s on”."),
                   args[0], args[0]);
      return FALSE;
    }

  if (!parse_on_off (args[1], &enabled))
    {
      g_set_error (error, SC_CTL_USAGE_ERROR, 0, _("“%s” is neither “on” nor “off”."), args[1]);
      return FALSE;
    }

  return TRUE;
}

static void
print_permissions (ScCtlObject *privacy)
{
  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      JsonObject *permissions = json_object_new ();

      for (guint i = 0; toggle_names[i] != NULL; i++)
        json_object_set_boolean_member (permissions, toggle_names[i],
                                        sc_ctl_object_get_boolean (privacy, toggle_properties[i]));
      json_object_set_object_member (object, "permissions", permissions);
      sc_ctl_print_json_object (object);
    }
  else
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

      for (guint i = 0; toggle_names[i] != NULL; i++)
        {
          gboolean on = sc_ctl_object_get_boolean (privacy, toggle_properties[i]);
          char **row = g_new0 (char *, 3);

          row[0] = g_strdup (toggle_names[i]);
          /* Translators: the state of a permission */
          row[1] = g_strdup (on ? _("on") : _("off"));
          g_ptr_array_add (rows, row);
        }
      sc_ctl_print_table (rows);
    }
}

int
sc_ctl_cmd_permissions (ScCtl   *ctl,
                        char   **args,
                        GError **error)
{
  g_autoptr(ScCtlObject) privacy = NULL;

  if (args[0] != NULL)
    {
      g_autoptr(ScDbusPrivacy) proxy = privacy_proxy (ctl, error);
      gboolean enabled = FALSE;

      parse_on_off (args[1], &enabled);
      if (proxy == NULL ||
          !sc_dbus_privacy_call_set_permission_sync (proxy, args[0], enabled, NULL, error))
        return EXIT_FAILURE;
    }

  privacy = fetch_privacy (ctl, error);
  if (privacy == NULL)
    return EXIT_FAILURE;

  print_permissions (privacy);

  return EXIT_SUCCESS;
}

/* location */

static gboolean
parse_double (const char  *arg,
              guint        position,
              double      *value,
              GError     **error)
{
  char *end = NULL;

  *value = g_ascii_strtod (arg, &end);
  if (arg[0] == '\0' || end == NULL || *end != '\0')
    {
      /* Whole sentences, so that translations can order their words. */
      if (position == 0)
        g_set_error (error, SC_CTL_USAGE_ERROR, 0,
                     _("The latitude “%s” is not a number. Write it in degrees "
                       "with a dot, e.g. 31.2304167."), arg);
      else if (position == 1)
        g_set_error (error, SC_CTL_USAGE_ERROR, 0,
                     _("The longitude “%s” is not a number. Write it in degrees "
                       "with a dot, e.g. 121.4737014."), arg);
      else
        g_set_error (error, SC_CTL_USAGE_ERROR, 0,
                     _("The altitude “%s” is not a number. Write it in metres "
                       "with a dot, e.g. 12.5."), arg);
      return FALSE;
    }

  return TRUE;
}

gboolean
sc_ctl_check_location_set (char   **args,
                           GError **error)
{
  double value;

  return parse_double (args[0], 0, &value, error) &&
         parse_double (args[1], 1, &value, error) &&
         (args[2] == NULL || parse_double (args[2], 2, &value, error));
}

static int
print_location (ScCtl   *ctl,
                GError **error)
{
  g_autoptr(ScDbusPrivacy) proxy = privacy_proxy (ctl, error);
  g_autofree char *mode = NULL;
  gboolean has_location = FALSE;
  gboolean has_altitude = FALSE;
  double latitude = 0, longitude = 0, altitude = 0;

  if (proxy == NULL ||
      !sc_dbus_privacy_call_get_location_sync (proxy, &mode, &has_location, &latitude, &longitude,
                                               &altitude, &has_altitude, NULL, error))
    return EXIT_FAILURE;

  if (sc_ctl_opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_string_member (object, "mode", mode);
      json_object_set_boolean_member (object, "has_location", has_location);
      if (has_location)
        {
          json_object_set_double_member (object, "latitude", latitude);
          json_object_set_double_member (object, "longitude", longitude);
          if (has_altitude)
            json_object_set_double_member (object, "altitude", altitude);
          else
            json_object_set_null_member (object, "altitude");
        }
      sc_ctl_print_json_object (object);
    }
  else if (!has_location)
    {
      g_print (_("No location (mode: %s). Set one with “spherecamctl location set LATITUDE "
                 "LONGITUDE”."), mode);
      g_print ("\n");
    }
  else
    {
      char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE];
      char alt[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (lat, sizeof lat, "%.7f", latitude);
      g_ascii_formatd (lon, sizeof lon, "%.7f", longitude);
      g_ascii_formatd (alt, sizeof alt, "%.1f", altitude);
      if (has_altitude)
        /* Translators: latitude, longitude, altitude in metres, then the mode */
        g_print (_("%s, %s, %s m (mode: %s)"), lat, lon, alt, mode);
      else
        /* Translators: latitude, longitude, then the mode */
        g_print (_("%s, %s (mode: %s)"), lat, lon, mode);
      g_print ("\n");
    }

  return EXIT_SUCCESS;
}

int
sc_ctl_cmd_location_set (ScCtl   *ctl,
                         char   **args,
                         GError **error)
{
  g_autoptr(ScDbusPrivacy) proxy = privacy_proxy (ctl, error);
  double latitude = g_ascii_strtod (args[0], NULL);
  double longitude = g_ascii_strtod (args[1], NULL);
  double altitude = args[2] != NULL ? g_ascii_strtod (args[2], NULL) : 0.0;

  if (proxy == NULL ||
      !sc_dbus_privacy_call_set_location_sync (proxy, latitude, longitude, altitude,
                                               args[2] != NULL, NULL, error))
    return EXIT_FAILURE;

  if (!sc_ctl_opt_json)
    {
      g_autoptr(ScCtlObject) privacy = fetch_privacy (ctl, error);

      if (privacy == NULL)
        return EXIT_FAILURE;

      g_print ("%s\n", _("The location is set."));
      if (!sc_ctl_object_get_boolean (privacy, "Location"))
        g_print ("%s\n", _("It is not used while location access is off: turn it on with "
                           "“spherecamctl permissions location on”."));
      return EXIT_SUCCESS;
    }

  print_done ("mode", json_node_init_string (json_node_alloc (), "manual"), NULL);

  return EXIT_SUCCESS;
}

int
sc_ctl_cmd_location_auto (ScCtl   *ctl,
                          char   **args,
                          GError **error)
{
  g_autoptr(ScDbusPrivacy) proxy = privacy_proxy (ctl, error);

  if (proxy == NULL || !sc_dbus_privacy_call_set_location_auto_sync (proxy, NULL, error))
    return EXIT_FAILURE;

  print_done ("mode", json_node_init_string (json_node_alloc (), "automatic"),
              _("Spherecam will ask the desktop’s location service while location access is on."));

  return EXIT_SUCCESS;
}

int
sc_ctl_cmd_location_clear (ScCtl   *ctl,
                           char   **args,
                           GError **error)
{
  g_autoptr(ScDbusPrivacy) proxy = privacy_proxy (ctl, error);

  if (proxy == NULL || !sc_dbus_privacy_call_clear_location_sync (proxy, NULL, error))
    return EXIT_FAILURE;

  print_done ("mode", json_node_init_string (json_node_alloc (), "none"),
              _("The location is cleared."));

  return EXIT_SUCCESS;
}

int
sc_ctl_cmd_location_show (ScCtl   *ctl,
                          char   **args,
                          GError **error)
{
  return print_location (ctl, error);
}

/* data */

int
sc_ctl_cmd_data_list (ScCtl   *ctl,
                      char   **args,
                      GError **error)
{
  g_autoptr(ScDbusPrivacy) proxy = privacy_proxy (ctl, error);
  g_autoptr(GVariant) categories = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  JsonArray *array;
  GVariantIter iter;
  const char *id, *title, *description;
  gint64 count;

  if (proxy == NULL || !sc_dbus_privacy_call_list_data_sync (proxy, &categories, NULL, error))
    return EXIT_FAILURE;

  object = json_object_new ();
  array = json_array_new ();
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  g_variant_iter_init (&iter, categories);
  while (g_variant_iter_loop (&iter, "(&s&s&sx)", &id, &title, &description, &count))
    {
      JsonObject *entry = json_object_new ();
      char **row = g_new0 (char *, 4);

      json_object_set_string_member (entry, "id", id);
      json_object_set_string_member (entry, "title", title);
      json_object_set_string_member (entry, "description", description);
      if (count >= 0)
        json_object_set_int_member (entry, "count", count);
      else
        json_object_set_null_member (entry, "count");
      json_array_add_object_element (array, entry);

      row[0] = g_strdup (id);
      row[1] = count >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, count) : g_strdup ("?");
      row[2] = g_strdup (title);
      g_ptr_array_add (rows, row);
    }
  json_object_set_array_member (object, "categories", array);

  if (sc_ctl_opt_json)
    sc_ctl_print_json_object (object);
  else
    sc_ctl_print_table (rows);

  return EXIT_SUCCESS;
}

int
sc_ctl_cmd_data_export (ScCtl   *ctl,
                        char   **args,
                        GError **error)
{
  g_autoptr(ScDbusPrivacy) proxy = privacy_proxy (ctl, error);
  g_autofree char *path = absolute_path (args[0]);
  g_autofree char *text = NULL;

  if (proxy == NULL || !sc_dbus_privacy_call_export_data_sync (proxy, path, NULL, error))
    return EXIT_FAILURE;

  /* Translators: %s is a file name */
  text = g_strdup_printf (_("Saved your data to %s"), path);
  print_done ("path", json_node_init_string (json_node_alloc (), path), text);

  return EXIT_SUCCESS;
}

gboolean
sc_ctl_check_data_erase (char   **args,
                         GError **error)
{
  if (!opt_yes && !isatty (STDIN_FILENO))
    {
      g_set_error_literal (error, SC_CTL_USAGE_ERROR, 0,
                           _("Erasing asks for confirmation on a terminal; pass --yes to "
                             "erase without asking."));
      return FALSE;
    }

  return TRUE;
}

int
sc_ctl_cmd_data_erase (ScCtl   *ctl,
                       char   **args,
                       GError **error)
{
  g_autoptr(ScDbusPrivacy) proxy = privacy_proxy (ctl, error);
  const char *everything[] = { NULL };
  const char *one[] = { args[0], NULL };

  if (proxy == NULL)
    return EXIT_FAILURE;

  if (!opt_yes)
    {
      g_autofree char *question = NULL;

      if (args[0] != NULL)
        /* Translators: %s is a data category id such as "cameras" */
        question = g_strdup_printf (_("Erase everything Spherecam keeps of the kind “%s”? [y/N]"),
                                    args[0]);
      else
        question = g_strdup (_("Erase everything Spherecam keeps about you, including your "
                               "consent? [y/N]"));
      if (!confirm (question))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Nothing was erased."));
          return EXIT_FAILURE;
        }
    }

  if (!sc_dbus_privacy_call_erase_data_sync (proxy, args[0] != NULL ? one : everything,
                                             NULL, error))
    return EXIT_FAILURE;

  print_done ("erased", json_node_init_string (json_node_alloc (), args[0] != NULL ? args[0] : "all"),
              args[0] != NULL ? _("Erased.") : _("Erased everything Spherecam kept about you."));

  return EXIT_SUCCESS;
}

/* narration */

int
sc_ctl_cmd_narration_start (ScCtl   *ctl,
                            char   **args,
                            GError **error)
{
  g_autoptr(ScDbusPrivacy) proxy = privacy_proxy (ctl, error);
  g_autofree char *path = absolute_path (args[0]);
  g_autofree char *text = NULL;

  if (proxy == NULL || !sc_dbus_privacy_call_start_narration_sync (proxy, path, NULL, error))
    return EXIT_FAILURE;

  /* Translators: %s is a file name */
  text = g_strdup_printf (_("Recording narration into %s. Stop with “spherecamctl narration stop”."),
                          path);
  print_done ("path", json_node_init_string (json_node_alloc (), path), text);

  return EXIT_SUCCESS;
}

int
sc_ctl_cmd_narration_stop (ScCtl   *ctl,
                           char   **args,
                           GError **error)
{
  g_autoptr(ScDbusPrivacy) proxy = privacy_proxy (ctl, error);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  if (proxy == NULL || !sc_dbus_privacy_call_stop_narration_sync (proxy, &path, NULL, error))
    return EXIT_FAILURE;

  /* Translators: %s is a file name */
  text = g_strdup_printf (_("Saved the narration to %s"), path);
  print_done ("path", json_node_init_string (json_node_alloc (), path), text);

  return EXIT_SUCCESS;
}
