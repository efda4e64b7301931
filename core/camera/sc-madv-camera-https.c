/* sc-madv-camera-https.c: HTTPS on newer firmware — firmware versions
 * and the pinned certificate
 *
 * HTTPS (MADV-PROTOCOL.md §3.3, H for the vendor code, M for the
 * behaviour): firmware newer than 1.3.105.114.5.18100 (compared as dotted
 * numbers) serves DCIM on https://HOST:443/ with a self-signed
 * certificate. A HEAD probe decides per connection: no answer → HTTP
 * 50422; an answer → the download goes over HTTPS. The certificate is
 * trusted on first use: pinned as <config>/spherecam/pins/SERIAL.pem, and
 * afterwards only that certificate is accepted (a different one fails the
 * download with an error that says the camera's identity changed; it never
 * falls back to HTTP). sc_madv_camera_forget_pin() erases the pin.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-madv-camera"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-camera-private.h"
#include "sc-madv-camera-private.h"

/* ------------------------------------------------------------------ */
/* HTTPS: firmware versions and the pinned certificate                 */

/**
 * _sc_madv_version_is_newer:
 * @version: a firmware version such as "1.3.105.114.5.18100"
 * @than: another
 *
 * Compares dotted numbers as numbers (1.3.105 is newer than 1.3.97); a
 * missing part counts as 0, and anything after the digits of a part is
 * ignored.
 *
 * Returns: %TRUE if @version is strictly newer than @than
 */
gboolean
_sc_madv_version_is_newer (const char *version,
                           const char *than)
{
  const char *a = version, *b = than;

  g_return_val_if_fail (version != NULL && than != NULL, FALSE);

  while (*a != '\0' || *b != '\0')
    {
      guint64 x = g_ascii_isdigit (*a) ? g_ascii_strtoull (a, NULL, 10) : 0;
      guint64 y = g_ascii_isdigit (*b) ? g_ascii_strtoull (b, NULL, 10) : 0;

      if (x != y)
        return x > y;
      a += strcspn (a, ".");
      b += strcspn (b, ".");
      if (*a == '.')
        a++;
      if (*b == '.')
        b++;
    }

  return FALSE;
}

/* Whether downloads try HTTPS first: newer firmware, and it answered (or
 * was not tried yet) on this connection. */
gboolean
_sc_madv_camera_uses_https (ScMadvCamera *self)
{
  return self->firmware_version != NULL && !self->https_unavailable &&
         _sc_madv_version_is_newer (self->firmware_version, SC_MADV_HTTPS_FIRMWARE);
}

static char *
pin_path_for (const char *pin_directory,
              const char *serial)
{
  g_autofree char *directory = NULL;
  g_autofree char *name = NULL;

  if (serial == NULL || *serial == '\0' || strlen (serial) > 64)
    return NULL;

  /* The serial comes from the camera: a file name of safe characters. */
  name = g_strdup (serial);
  for (char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      *p = '_';

  directory = pin_directory != NULL ? g_strdup (pin_directory)
                                    : g_build_filename (g_get_user_config_dir (), "spherecam", "pins", NULL);
  return g_strconcat (directory, G_DIR_SEPARATOR_S, name, ".pem", NULL);
}

/**
 * _sc_madv_camera_dup_pin_path:
 * @self: the camera
 *
 * Returns: (transfer full) (nullable): where this camera's certificate is
 *   pinned, %NULL while its serial number is unknown
 */
char *
_sc_madv_camera_dup_pin_path (ScMadvCamera *self)
{
  return pin_path_for (self->pin_directory, self->serial_number);
}

/**
 * _sc_madv_camera_set_pin_directory:
 * @self: the camera
 * @directory: (nullable): where pins are kept; %NULL for the default
 *   (`<user config dir>/spherecam/pins`)
 */
void
_sc_madv_camera_set_pin_directory (ScMadvCamera *self,
                                   const char   *directory)
{
  g_free (self->pin_directory);
  self->pin_directory = g_strdup (directory);
}

/**
 * sc_madv_camera_dup_pin_file:
 * @pin_directory: (nullable): where pins are kept; %NULL for the default
 * @serial: the camera's serial number
 *
 * Returns: (transfer full) (nullable): the file that pins the camera's
 *   certificate (it may not exist), or %NULL for an unusable serial
 */
char *
sc_madv_camera_dup_pin_file (const char *pin_directory,
                             const char *serial)
{
  return pin_path_for (pin_directory, serial);
}

/**
 * sc_madv_camera_forget_pin:
 * @pin_directory: (nullable): where pins are kept; %NULL for the default
 * @serial: the camera's serial number (its id is "madv:SERIAL")
 * @error: return location for a #GError
 *
 * Erases the certificate pinned for a Mi Sphere, so that the next HTTPS
 * connection trusts (and pins) whatever certificate it presents. Meant
 * for forgetting the camera. No pin is not an error.
 *
 * Returns: %TRUE on success
 */
gboolean
sc_madv_camera_forget_pin (const char  *pin_directory,
                           const char  *serial,
                           GError     **error)
{
  g_autofree char *path = pin_path_for (pin_directory, serial);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local = NULL;

  if (path == NULL)
    return TRUE;
  file = g_file_new_for_path (path);
  if (!g_file_delete (file, NULL, &local) && !g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/**
 * _sc_madv_camera_identity_changed_error:
 * @self: the camera
 *
 * Returns: (transfer full): the error for a certificate other than the
 *   pinned one
 */
GError *
_sc_madv_camera_identity_changed_error (ScMadvCamera *self)
{
  g_autofree char *path = _sc_madv_camera_dup_pin_path (self);

  return g_error_new (SC_CAMERA_ERROR, SC_CAMERA_ERROR_PERMISSION_DENIED,
                      _("The camera’s identity changed: “%s” presented a different security certificate "
                        "than the one this computer trusted before, so nothing was downloaded. If the camera "
                        "was reset or repaired, forget it in Spherecam and add it again (or delete “%s”); "
                        "otherwise another device may be posing as your camera: do not use this Wi-Fi network."),
                      self->serial_number != NULL ? self->serial_number : self->host,
                      path != NULL ? path : "");
}

/* Trust on first use: the first certificate seen for this serial is
 * pinned; afterwards only the very same certificate is accepted. The
 * usual checks (a known CA, the host name) cannot apply to a self-signed
 * camera certificate, so @errors is not looked at. */
static gboolean
on_accept_certificate_cb (SoupMessage          *msg,
                          GTlsCertificate      *certificate,
                          GTlsCertificateFlags  errors,
                          gpointer              user_data)
{
  ScMadvCamera *self = user_data;
  g_autofree char *path = _sc_madv_camera_dup_pin_path (self);
  g_autofree char *contents = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *directory = NULL;
  g_autoptr(GTlsCertificate) pinned = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  if (path == NULL)
    {
      g_debug ("No serial number yet: cannot pin the camera’s certificate");
      return FALSE;
    }

  if (g_file_get_contents (path, &contents, &length, &error))
    {
      pinned = g_tls_certificate_new_from_pem (contents, (gssize)length, NULL);
      if (pinned != NULL && g_tls_certificate_is_same (pinned, certificate))
        return TRUE;

      g_warning ("The certificate of camera %s is not the one pinned in %s", self->serial_number, path);
      g_object_set_data (G_OBJECT (msg), SC_MADV_PIN_MISMATCH_KEY, GINT_TO_POINTER (1));
      self->pin_mismatch = TRUE;
      return FALSE;
    }
  if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_warning ("Cannot read the pinned certificate %s: %s", path, error->message);
      return FALSE;
    }
  g_clear_error (&error);

  /* First use: pin it. */
  g_object_get (certificate, "certificate-pem", &pem, NULL);
  directory = g_path_get_dirname (path);
  if (pem == NULL || g_mkdir_with_parents (directory, 0700) != 0 ||
      !g_file_set_contents_full (path, pem, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_warning ("Cannot pin the certificate of camera %s in %s: %s", self->serial_number, path,
                 error != NULL ? error->message : g_strerror (errno));
      return FALSE;
    }

  g_debug ("Pinned the certificate of camera %s in %s", self->serial_number, path);
  return TRUE;
}

static void
on_request_queued_cb (SoupSession *session,
                      SoupMessage *msg,
                      gpointer     user_data)
{
  ScMadvCamera *self = user_data;
  GUri *uri = soup_message_get_uri (msg);

  if (g_strcmp0 (g_uri_get_scheme (uri), "https") == 0 &&
      g_strcmp0 (g_uri_get_host (uri), self->host) == 0)
    g_signal_connect_object (msg, "accept-certificate", G_CALLBACK (on_accept_certificate_cb), self, 0);
}

/**
 * _sc_madv_camera_https_init:
 * @self: the camera, its #SoupSession created
 *
 * Makes the session check HTTPS certificates against the pin.
 */
void
_sc_madv_camera_https_init (ScMadvCamera *self)
{
  g_signal_connect_object (self->session, "request-queued", G_CALLBACK (on_request_queued_cb), self, 0);
}
