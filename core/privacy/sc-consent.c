/* sc-consent.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-consent"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sc-consent.h"
#include "sc-permissions.h"

#define CONSENT_FILE_NAME "consent.json"
#define FORMAT_VERSION    1

struct _ScConsent
{
  GObject    parent_instance;

  GFile     *directory;
  char      *policy_version;
  char      *accepted_version;
  GDateTime *accepted_at;
};

G_DEFINE_FINAL_TYPE (ScConsent, sc_consent, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DIRECTORY,
  PROP_POLICY_VERSION,
  PROP_ACCEPTED_VERSION,
  PROP_ACCEPTED_AT,
  PROP_IS_ACCEPTED,
  N_PROPS
};

enum {
  REVOKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* g_set_str() needs GLib 2.76. */
static gboolean
set_str (char       **str_pointer,
         const char  *new_str)
{
  char *copy;

  if (*str_pointer == new_str || g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  copy = g_strdup (new_str);
  g_free (*str_pointer);
  *str_pointer = copy;

  return TRUE;
}

static char *
consent_path (ScConsent *self)
{
  g_autofree char *dir = g_file_get_path (self->directory);

  g_assert (dir != NULL);

  return g_build_filename (dir, CONSENT_FILE_NAME, NULL);
}

/* Sets the accepted state, notifying what changed. */
static void
set_accepted (ScConsent  *self,
              const char *version,
              GDateTime  *at)
{
  gboolean was_accepted = sc_consent_get_is_accepted (self);

  g_object_freeze_notify (G_OBJECT (self));

  if (set_str (&self->accepted_version, version))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCEPTED_VERSION]);

  if (self->accepted_at != at &&
      (self->accepted_at == NULL || at == NULL || !g_date_time_equal (self->accepted_at, at)))
    {
      g_clear_pointer (&self->accepted_at, g_date_time_unref);
      self->accepted_at = at != NULL ? g_date_time_ref (at) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCEPTED_AT]);
    }

  if (was_accepted != sc_consent_get_is_accepted (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_ACCEPTED]);

  g_object_thaw_notify (G_OBJECT (self));
}

/* Renames an unreadable file to PATH.corrupt-<time>, so what is in it is not
 * lost by the next save. */
static void
set_aside (const char *path)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");

  for (guint n = 0; n < 100; n++)
    {
      g_autofree char *aside = n == 0 ? g_strdup_printf ("%s.corrupt-%s", path, stamp)
                                      : g_strdup_printf ("%s.corrupt-%s.%u", path, stamp, n);

      if (g_file_test (aside, G_FILE_TEST_EXISTS))
        continue;

      if (g_rename (path, aside) != 0)
        {
          int saved_errno = errno;

          g_warning ("Could not set aside %s: %s", path, g_strerror (saved_errno));
          return;
        }

      g_warning ("%s is unreadable; moved it to %s and treating consent as not given",
                 path, aside);
      return;
    }

  g_warning ("%s is unreadable and there are too many corrupt copies; leaving it", path);
}

/* Parses the file's contents; FALSE if it is not what we write. */
static gboolean
parse_contents (const char  *contents,
                gsize        length,
                char       **version,
                GDateTime  **at)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *root, *node;
  const char *accepted_version, *accepted_at;
  g_autoptr(GDateTime) date_time = NULL;

  if (!json_parser_load_from_data (parser, contents, length, &local_error))
    {
      g_debug ("Could not parse consent: %s", local_error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  object = json_node_get_object (root);

  node = json_object_get_member (object, "version");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) != FORMAT_VERSION)
    return FALSE;

  node = json_object_get_member (object, "accepted-version");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  accepted_version = json_node_get_string (node);
  if (accepted_version[0] == '\0' || !g_utf8_validate (accepted_version, -1, NULL))
    return FALSE;

  node = json_object_get_member (object, "accepted-at");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  accepted_at = json_node_get_string (node);
  date_time = g_date_time_new_from_iso8601 (accepted_at, NULL);
  if (date_time == NULL)
    return FALSE;

  *version = g_strdup (accepted_version);
  *at = g_steal_pointer (&date_time);

  return TRUE;
}

static char *
build_contents (const char *version,
                GDateTime  *at,
                gsize      *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *at_string = g_date_time_format_iso8601 (at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  json_builder_set_member_name (builder, "accepted-version");
  json_builder_add_string_value (builder, version);
  json_builder_set_member_name (builder, "accepted-at");
  json_builder_add_string_value (builder, at_string);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, length);
}

static void
sc_consent_dispose (GObject *object)
{
  ScConsent *self = (ScConsent *)object;

  g_clear_object (&self->directory);

  G_OBJECT_CLASS (sc_consent_parent_class)->dispose (object);
}

static void
sc_consent_finalize (GObject *object)
{
  ScConsent *self = (ScConsent *)object;

  g_clear_pointer (&self->policy_version, g_free);
  g_clear_pointer (&self->accepted_version, g_free);
  g_clear_pointer (&self->accepted_at, g_date_time_unref);

  G_OBJECT_CLASS (sc_consent_parent_class)->finalize (object);
}

static void
sc_consent_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  ScConsent *self = SC_CONSENT (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_object (value, self->directory);
      break;

    case PROP_POLICY_VERSION:
      g_value_set_string (value, self->policy_version);
      break;

    case PROP_ACCEPTED_VERSION:
      g_value_set_string (value, self->accepted_version);
      break;

    case PROP_ACCEPTED_AT:
      g_value_set_boxed (value, self->accepted_at);
      break;

    case PROP_IS_ACCEPTED:
      g_value_set_boolean (value, sc_consent_get_is_accepted (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_consent_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  ScConsent *self = SC_CONSENT (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      self->directory = g_value_dup_object (value);
      break;

    case PROP_POLICY_VERSION:
      sc_consent_set_policy_version (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_consent_class_init (ScConsentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_consent_dispose;
  object_class->finalize = sc_consent_finalize;
  object_class->get_property = sc_consent_get_property;
  object_class->set_property = sc_consent_set_property;

  /**
   * ScConsent:directory:
   *
   * The folder that holds consent.json (a local path).
   */
  properties[PROP_DIRECTORY] =
    g_param_spec_object ("directory", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * ScConsent:policy-version:
   *
   * The version of the user agreement and privacy policy this build ships,
   * from the policy file's header. A version other than the accepted one
   * asks again.
   */
  properties[PROP_POLICY_VERSION] =
    g_param_spec_string ("policy-version", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ScConsent:accepted-version:
   *
   * The policy version the user accepted, or %NULL.
   */
  properties[PROP_ACCEPTED_VERSION] =
    g_param_spec_string ("accepted-version", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * ScConsent:accepted-at:
   *
   * When the user accepted (a #GDateTime), or %NULL.
   */
  properties[PROP_ACCEPTED_AT] =
    g_param_spec_boxed ("accepted-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * ScConsent:is-accepted:
   *
   * Whether the accepted version is the one shipped ("policy-version").
   */
  properties[PROP_IS_ACCEPTED] =
    g_param_spec_boolean ("is-accepted", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ScConsent::revoked:
   *
   * Emitted after sc_consent_revoke() withdrew a consent that had been
   * given, so that the app can stop collecting data and disconnect cameras.
   */
  signals[REVOKED] =
    g_signal_new ("revoked",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
sc_consent_init (ScConsent *self)
{
}

/**
 * sc_consent_new:
 * @directory: a local folder for consent.json (created when needed)
 * @policy_version: the policy version this build ships
 *
 * Creates the consent record. Call sc_consent_load() to read what the user
 * accepted before.
 *
 * Returns: (transfer full): a new #ScConsent, not accepted until loaded
 */
ScConsent *
sc_consent_new (GFile      *directory,
                const char *policy_version)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (directory), NULL);
  g_return_val_if_fail (policy_version != NULL && policy_version[0] != '\0', NULL);

  path = g_file_get_path (directory);
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (SC_TYPE_CONSENT,
                       "directory", directory,
                       "policy-version", policy_version,
                       NULL);
}

/**
 * sc_consent_load:
 * @self: an #ScConsent
 * @error: return location for a #GError
 *
 * Reads consent.json. A missing file means "not accepted"; so does an
 * unreadable one, which is renamed to consent.json.corrupt-<time> with a
 * warning.
 *
 * Returns: %TRUE unless the file exists and could not be read (an I/O
 *   error); the state is then "not accepted".
 */
gboolean
sc_consent_load (ScConsent  *self,
                 GError    **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *version = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  g_return_val_if_fail (SC_IS_CONSENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = consent_path (self);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      set_accepted (self, NULL, NULL);

      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;

      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!parse_contents (contents, length, &version, &at))
    {
      set_aside (path);
      set_accepted (self, NULL, NULL);
      return TRUE;
    }

  set_accepted (self, version, at);
  return TRUE;
}

/**
 * sc_consent_accept:
 * @self: an #ScConsent
 * @error: return location for a #GError
 *
 * Records that the user accepted "policy-version" now, and saves it.
 *
 * Returns: %TRUE on success; on failure nothing changes.
 */
gboolean
sc_consent_accept (ScConsent  *self,
                   GError    **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  g_return_val_if_fail (SC_IS_CONSENT (self), FALSE);
  g_return_val_if_fail (self->policy_version != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = g_file_get_path (self->directory);
  path = consent_path (self);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  /* Whole seconds are enough, and keep the file free of anything finer. */
  {
    g_autoptr(GDateTime) exact = g_date_time_new_now_utc ();

    now = g_date_time_new_from_unix_utc (g_date_time_to_unix (exact));
  }
  contents = build_contents (self->policy_version, now, &length);

  if (!g_file_set_contents_full (path, contents, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, G_FILE_ERROR, local_error->code,
                   _("Could not save %s: %s"), path, local_error->message);
      return FALSE;
    }

  /* The rename gave the file our mode, but a file created by hand before
   * may have been wider; make sure. */
  if (g_chmod (path, 0600) != 0)
    g_debug ("Could not restrict %s to its owner: %s", path, g_strerror (errno));

  set_accepted (self, self->policy_version, now);
  return TRUE;
}

/**
 * sc_consent_revoke:
 * @self: an #ScConsent
 * @error: return location for a #GError
 *
 * Withdraws consent: forgets it at once, emits #ScConsent::revoked if it
 * had been given (for any version), and removes consent.json.
 *
 * Returns: %TRUE on success; %FALSE if the file could not be removed
 *   (consent is withdrawn in this process all the same).
 */
gboolean
sc_consent_revoke (ScConsent  *self,
                   GError    **error)
{
  g_autofree char *path = NULL;
  gboolean had_consent;

  g_return_val_if_fail (SC_IS_CONSENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = consent_path (self);
  had_consent = self->accepted_version != NULL;

  set_accepted (self, NULL, NULL);

  if (had_consent)
    g_signal_emit (self, signals[REVOKED], 0);

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not remove %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/**
 * sc_consent_check:
 * @self: an #ScConsent
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the current policy version is accepted; otherwise
 *   %FALSE with %SC_PERMISSION_ERROR_CONSENT_REQUIRED.
 */
gboolean
sc_consent_check (ScConsent  *self,
                  GError    **error)
{
  g_return_val_if_fail (SC_IS_CONSENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (sc_consent_get_is_accepted (self))
    return TRUE;

  g_debug ("Consent required: accepted %s, shipped %s",
           self->accepted_version ? self->accepted_version : "(none)",
           self->policy_version ? self->policy_version : "(none)");
  g_propagate_error (error, sc_consent_required_error_new ());
  return FALSE;
}

/**
 * sc_consent_required_error_new:
 *
 * The error every consent gate returns, for gates that cannot look at an
 * #ScConsent themselves (GDBus's worker threads).
 *
 * Returns: (transfer full): a new %SC_PERMISSION_ERROR_CONSENT_REQUIRED
 */
GError *
sc_consent_required_error_new (void)
{
  return g_error_new_literal (SC_PERMISSION_ERROR, SC_PERMISSION_ERROR_CONSENT_REQUIRED,
                              _("You have not accepted the user agreement and privacy policy yet. "
                                "Open Spherecam and accept them, or run “spherecamctl consent accept”."));
}

/**
 * sc_consent_get_directory:
 *
 * Returns: (transfer none): the folder that holds consent.json
 */
GFile *
sc_consent_get_directory (ScConsent *self)
{
  g_return_val_if_fail (SC_IS_CONSENT (self), NULL);

  return self->directory;
}

/**
 * sc_consent_get_file:
 *
 * Returns: (transfer full): consent.json in the folder
 */
GFile *
sc_consent_get_file (ScConsent *self)
{
  g_return_val_if_fail (SC_IS_CONSENT (self), NULL);

  return g_file_get_child (self->directory, CONSENT_FILE_NAME);
}

const char *
sc_consent_get_policy_version (ScConsent *self)
{
  g_return_val_if_fail (SC_IS_CONSENT (self), NULL);

  return self->policy_version;
}

/**
 * sc_consent_set_policy_version:
 * @self: an #ScConsent
 * @policy_version: the version shipped
 *
 * Changing it to a version other than the accepted one withdraws
 * "is-accepted" until the user accepts again (no #ScConsent::revoked).
 */
void
sc_consent_set_policy_version (ScConsent  *self,
                               const char *policy_version)
{
  gboolean was_accepted;

  g_return_if_fail (SC_IS_CONSENT (self));

  was_accepted = sc_consent_get_is_accepted (self);

  if (!set_str (&self->policy_version, policy_version))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLICY_VERSION]);
  if (was_accepted != sc_consent_get_is_accepted (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_ACCEPTED]);
}

const char *
sc_consent_get_accepted_version (ScConsent *self)
{
  g_return_val_if_fail (SC_IS_CONSENT (self), NULL);

  return self->accepted_version;
}

/**
 * sc_consent_get_accepted_at:
 *
 * Returns: (transfer none) (nullable): when the user accepted
 */
GDateTime *
sc_consent_get_accepted_at (ScConsent *self)
{
  g_return_val_if_fail (SC_IS_CONSENT (self), NULL);

  return self->accepted_at;
}

gboolean
sc_consent_get_is_accepted (ScConsent *self)
{
  g_return_val_if_fail (SC_IS_CONSENT (self), FALSE);

  return self->accepted_version != NULL &&
         self->policy_version != NULL &&
         g_str_equal (self->accepted_version, self->policy_version);
}
