/* test-permissions.c: ScPermissions, the privacy toggles and the gate
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#define SC_CORE_INSIDE
#include "sc-consent.h"
#include "sc-permissions.h"
#undef SC_CORE_INSIDE

static const ScPermission all_permissions[] = {
  SC_PERMISSION_STORAGE,
  SC_PERMISSION_LOCATION,
  SC_PERMISSION_MICROPHONE,
};

/* What each DENIED message must name, so the user knows which toggle. */
static const char * const toggle_labels[] = {
  [SC_PERMISSION_STORAGE] = "“Storage”",
  [SC_PERMISSION_LOCATION] = "“Location”",
  [SC_PERMISSION_MICROPHONE] = "“Microphone”",
};

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR))
          rm_rf (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              GPtrArray  *names)
{
  g_ptr_array_add (names, g_strdup (pspec->name));
}

static void
test_strings (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_permissions); i++)
    {
      ScPermission permission = all_permissions[i];
      ScPermission back = -1;

      g_assert_true (sc_permission_from_string (sc_permission_to_string (permission), &back));
      g_assert_cmpint (back, ==, permission);
    }

  g_assert_cmpstr (sc_permission_to_string (SC_PERMISSION_STORAGE), ==, "storage");
  g_assert_cmpstr (sc_permission_to_string (SC_PERMISSION_LOCATION), ==, "location");
  g_assert_cmpstr (sc_permission_to_string (SC_PERMISSION_MICROPHONE), ==, "microphone");

  {
    ScPermission untouched = SC_PERMISSION_MICROPHONE;

    g_assert_false (sc_permission_from_string ("camera", &untouched));
    g_assert_false (sc_permission_from_string ("", &untouched));
    g_assert_false (sc_permission_from_string ("Storage", &untouched));
    g_assert_false (sc_permission_from_string (NULL, &untouched));
    g_assert_cmpint (untouched, ==, SC_PERMISSION_MICROPHONE);
  }
}

static void
test_defaults (void)
{
  g_autoptr(ScPermissions) permissions = sc_permissions_new (NULL);
  gboolean storage, location, microphone;
  g_autoptr(ScConsent) consent = NULL;
  gpointer weak = permissions;

  g_object_add_weak_pointer (G_OBJECT (permissions), &weak);

  g_assert_true (sc_permissions_get (permissions, SC_PERMISSION_STORAGE));
  g_assert_false (sc_permissions_get (permissions, SC_PERMISSION_LOCATION));
  g_assert_false (sc_permissions_get (permissions, SC_PERMISSION_MICROPHONE));
  g_assert_null (sc_permissions_get_consent (permissions));

  g_object_get (permissions,
                "storage", &storage,
                "location", &location,
                "microphone", &microphone,
                "consent", &consent,
                NULL);
  g_assert_true (storage);
  g_assert_false (location);
  g_assert_false (microphone);
  g_assert_null (consent);

  g_clear_object (&permissions);
  g_assert_null (weak);
}

static void
test_set_get_notify (void)
{
  g_autoptr(ScPermissions) permissions = sc_permissions_new (NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gboolean value = FALSE;
  gpointer weak = permissions;

  g_object_add_weak_pointer (G_OBJECT (permissions), &weak);
  g_signal_connect (permissions, "notify", G_CALLBACK (on_notify_cb), names);

  for (guint i = 0; i < G_N_ELEMENTS (all_permissions); i++)
    {
      ScPermission permission = all_permissions[i];
      const char *name = sc_permission_to_string (permission);
      gboolean initial = sc_permissions_get (permissions, permission);

      /* Same value: no notify. */
      g_ptr_array_set_size (names, 0);
      sc_permissions_set (permissions, permission, initial);
      g_assert_cmpuint (names->len, ==, 0);

      /* Change through the function: one notify of that property. */
      sc_permissions_set (permissions, permission, !initial);
      g_assert_cmpuint (names->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (names, 0), ==, name);
      g_assert_cmpint (sc_permissions_get (permissions, permission), ==, !initial);
      g_object_get (permissions, name, &value, NULL);
      g_assert_cmpint (value, ==, !initial);

      /* Change through the property (as a GSettings binding does). */
      g_ptr_array_set_size (names, 0);
      g_object_set (permissions, name, initial, NULL);
      g_assert_cmpuint (names->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (names, 0), ==, name);
      g_assert_cmpint (sc_permissions_get (permissions, permission), ==, initial);

      g_object_set (permissions, name, initial, NULL);
      g_assert_cmpuint (names->len, ==, 1);

      /* Toggling one leaves the others alone. */
      for (guint j = 0; j < G_N_ELEMENTS (all_permissions); j++)
        if (j != i)
          {
            g_autoptr(ScPermissions) fresh = sc_permissions_new (NULL);

            g_assert_cmpint (sc_permissions_get (permissions, all_permissions[j]), ==,
                             sc_permissions_get (fresh, all_permissions[j]));
          }
    }

  g_signal_handlers_disconnect_by_data (permissions, names);
  g_clear_object (&permissions);
  g_assert_null (weak);
}

static void
test_check_denied (void)
{
  g_autoptr(ScPermissions) permissions = sc_permissions_new (NULL);
  gpointer weak = permissions;

  g_object_add_weak_pointer (G_OBJECT (permissions), &weak);

  for (guint i = 0; i < G_N_ELEMENTS (all_permissions); i++)
    {
      ScPermission permission = all_permissions[i];
      g_autoptr(GError) error = NULL;

      sc_permissions_set (permissions, permission, TRUE);
      g_assert_true (sc_permissions_check (permissions, permission, &error));
      g_assert_no_error (error);
      g_assert_true (sc_permissions_check (permissions, permission, NULL));

      sc_permissions_set (permissions, permission, FALSE);
      g_assert_false (sc_permissions_check (permissions, permission, &error));
      g_assert_error (error, SC_PERMISSION_ERROR, SC_PERMISSION_ERROR_DENIED);
      g_assert_nonnull (strstr (error->message, toggle_labels[permission]));
      g_assert_nonnull (strstr (error->message, "Preferences → Privacy"));
      for (guint j = 0; j < G_N_ELEMENTS (all_permissions); j++)
        if (j != i)
          g_assert_null (strstr (error->message, toggle_labels[all_permissions[j]]));

      g_assert_false (sc_permissions_check (permissions, permission, NULL));

      /* The other toggles still pass. */
      for (guint j = 0; j < G_N_ELEMENTS (all_permissions); j++)
        if (j != i)
          {
            sc_permissions_set (permissions, all_permissions[j], TRUE);
            g_assert_true (sc_permissions_check (permissions, all_permissions[j], NULL));
          }
    }

  g_clear_object (&permissions);
  g_assert_null (weak);
}

static void
assert_all_consent_required (ScPermissions *permissions)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_permissions); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (sc_permissions_get (permissions, all_permissions[i]));
      g_assert_false (sc_permissions_check (permissions, all_permissions[i], &error));
      g_assert_error (error, SC_PERMISSION_ERROR, SC_PERMISSION_ERROR_CONSENT_REQUIRED);
      g_assert_nonnull (strstr (error->message, "spherecamctl consent accept"));
    }
}

static void
assert_all_allowed (ScPermissions *permissions)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_permissions); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (sc_permissions_check (permissions, all_permissions[i], &error));
      g_assert_no_error (error);
    }
}

static void
on_revoked_cb (ScConsent *consent,
               guint     *count)
{
  (*count)++;
}

static void
test_consent_gating (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *top = g_dir_make_tmp ("sc-test-permissions-XXXXXX", &error);
  g_autofree char *dir_path = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(ScConsent) consent = NULL;
  g_autoptr(ScConsent) bumped = NULL;
  g_autoptr(ScPermissions) permissions = NULL;
  gpointer weak_consent, weak_bumped, weak_permissions;
  guint revoked = 0;

  g_assert_no_error (error);
  dir_path = g_build_filename (top, "spherecam", NULL);
  dir = g_file_new_for_path (dir_path);

  consent = sc_consent_new (dir, "1");
  weak_consent = consent;
  g_object_add_weak_pointer (G_OBJECT (consent), &weak_consent);
  g_assert_true (sc_consent_load (consent, &error));
  g_assert_no_error (error);
  g_signal_connect (consent, "revoked", G_CALLBACK (on_revoked_cb), &revoked);

  permissions = sc_permissions_new (consent);
  weak_permissions = permissions;
  g_object_add_weak_pointer (G_OBJECT (permissions), &weak_permissions);
  g_assert_true (sc_permissions_get_consent (permissions) == consent);

  /* Every toggle on, consent not given: consent wins, and it comes before
   * a toggle that is off. */
  for (guint i = 0; i < G_N_ELEMENTS (all_permissions); i++)
    sc_permissions_set (permissions, all_permissions[i], TRUE);
  assert_all_consent_required (permissions);
  sc_permissions_set (permissions, SC_PERMISSION_LOCATION, FALSE);
  g_assert_false (sc_permissions_check (permissions, SC_PERMISSION_LOCATION, &error));
  g_assert_error (error, SC_PERMISSION_ERROR, SC_PERMISSION_ERROR_CONSENT_REQUIRED);
  g_clear_error (&error);
  sc_permissions_set (permissions, SC_PERMISSION_LOCATION, TRUE);

  /* Accept: all pass; a toggle that is off is still denied. */
  g_assert_true (sc_consent_accept (consent, &error));
  g_assert_no_error (error);
  assert_all_allowed (permissions);
  sc_permissions_set (permissions, SC_PERMISSION_MICROPHONE, FALSE);
  g_assert_false (sc_permissions_check (permissions, SC_PERMISSION_MICROPHONE, &error));
  g_assert_error (error, SC_PERMISSION_ERROR, SC_PERMISSION_ERROR_DENIED);
  g_clear_error (&error);
  sc_permissions_set (permissions, SC_PERMISSION_MICROPHONE, TRUE);

  /* Revoke: "revoked" once, and everything needs consent again. */
  g_assert_true (sc_consent_revoke (consent, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (revoked, ==, 1);
  assert_all_consent_required (permissions);

  /* Accept version 1 again, then ship version 2: asks again. */
  g_assert_true (sc_consent_accept (consent, &error));
  g_assert_no_error (error);
  assert_all_allowed (permissions);

  bumped = sc_consent_new (dir, "2");
  weak_bumped = bumped;
  g_object_add_weak_pointer (G_OBJECT (bumped), &weak_bumped);
  g_assert_true (sc_consent_load (bumped, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sc_consent_get_accepted_version (bumped), ==, "1");
  g_assert_false (sc_consent_get_is_accepted (bumped));
  sc_permissions_set_consent (permissions, bumped);
  assert_all_consent_required (permissions);

  g_assert_true (sc_consent_accept (bumped, &error));
  g_assert_no_error (error);
  assert_all_allowed (permissions);

  /* No consent object: the toggles alone. */
  g_object_set (permissions, "consent", NULL, NULL);
  assert_all_allowed (permissions);

  g_signal_handlers_disconnect_by_data (consent, &revoked);
  g_clear_object (&permissions);
  g_assert_null (weak_permissions);
  g_clear_object (&consent);
  g_assert_null (weak_consent);
  g_clear_object (&bumped);
  g_assert_null (weak_bumped);

  rm_rf (top);
}

static void
test_default_instance (void)
{
  ScPermissions *first;
  ScPermissions *own;
  gpointer weak_first, weak_own;

  first = sc_permissions_get_default ();
  g_assert_true (SC_IS_PERMISSIONS (first));
  g_assert_true (sc_permissions_get_default () == first);
  weak_first = first;
  g_object_add_weak_pointer (G_OBJECT (first), &weak_first);

  own = sc_permissions_new (NULL);
  weak_own = own;
  g_object_add_weak_pointer (G_OBJECT (own), &weak_own);
  sc_permissions_set (own, SC_PERMISSION_STORAGE, FALSE);

  sc_permissions_set_default (own);
  g_assert_null (weak_first);          /* the old default was dropped */
  g_object_unref (own);                /* the default keeps its own ref */
  g_assert_nonnull (weak_own);
  g_assert_true (sc_permissions_get_default () == own);
  g_assert_false (sc_permissions_check (sc_permissions_get_default (),
                                        SC_PERMISSION_STORAGE, NULL));

  /* Reset: a fresh default with the default toggles. */
  sc_permissions_set_default (NULL);
  g_assert_null (weak_own);
  g_assert_true (sc_permissions_check (sc_permissions_get_default (),
                                       SC_PERMISSION_STORAGE, NULL));
  sc_permissions_set_default (NULL);
}

static void
test_dbus_errors (void)
{
  static const struct {
    int         code;
    const char *name;
  } cases[] = {
    { SC_PERMISSION_ERROR_DENIED, "org.spherecam.Spherecam.Error.Permission.Denied" },
    { SC_PERMISSION_ERROR_CONSENT_REQUIRED, "org.spherecam.Spherecam.Error.Permission.ConsentRequired" },
  };

  sc_permissions_register_dbus_errors ();
  sc_permissions_register_dbus_errors ();   /* twice is fine */

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (SC_PERMISSION_ERROR, cases[i].code, "message");
      g_autoptr(GError) back = NULL;
      g_autofree char *name = g_dbus_error_encode_gerror (error);

      g_assert_cmpstr (name, ==, cases[i].name);
      back = g_dbus_error_new_for_dbus_error (name, "message");
      g_assert_error (back, SC_PERMISSION_ERROR, cases[i].code);
      g_assert_true (g_dbus_error_is_remote_error (back));
      g_dbus_error_strip_remote_error (back);
      g_assert_cmpstr (back->message, ==, "message");
    }

  /* A real gate error crosses too. */
  {
    g_autoptr(ScPermissions) permissions = sc_permissions_new (NULL);
    g_autoptr(GError) error = NULL;
    g_autofree char *name = NULL;

    g_assert_false (sc_permissions_check (permissions, SC_PERMISSION_LOCATION, &error));
    name = g_dbus_error_encode_gerror (error);
    g_assert_cmpstr (name, ==, "org.spherecam.Spherecam.Error.Permission.Denied");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sc-core/ScPermissions/strings", test_strings);
  g_test_add_func ("/sc-core/ScPermissions/defaults", test_defaults);
  g_test_add_func ("/sc-core/ScPermissions/set-get-notify", test_set_get_notify);
  g_test_add_func ("/sc-core/ScPermissions/check-denied", test_check_denied);
  g_test_add_func ("/sc-core/ScPermissions/consent-gating", test_consent_gating);
  g_test_add_func ("/sc-core/ScPermissions/default-instance", test_default_instance);
  g_test_add_func ("/sc-core/ScPermissions/dbus-errors", test_dbus_errors);

  return g_test_run ();
}
