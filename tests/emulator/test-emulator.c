/* test-emulator.c: spherecam-emulator speaks OSC like a THETA
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-emulator"

#include "config.h"

#include <string.h>

#include <gst/gst.h>

#include "test-emulator-util.h"

static void
test_info (void)
{
  Emu *emu = emu_shared ();
  g_auto(EmuReply) reply = { 0 };
  g_autoptr(JsonObject) info = NULL;
  g_autofree char *port = NULL;
  JsonArray *levels;

  emu_request (emu, "GET", "/osc/info", NULL, NULL, &reply);
  g_assert_no_error (reply.error);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (reply.headers, "X-Content-Type-Options"), ==, "nosniff");
  info = emu_parse (reply.body);

  g_assert_cmpstr (json_object_get_string_member (info, "manufacturer"), ==, "Spherecam Project");
  g_assert_cmpstr (json_object_get_string_member (info, "model"), ==, "Spherecam Emulator");
  g_assert_cmpstr (json_object_get_string_member (info, "serialNumber"), ==, SC_EMULATOR_SERIAL);
  g_assert_cmpstr (json_object_get_string_member (info, "firmwareVersion"), ==, "1.4.2");
  g_assert_cmpstr (json_object_get_string_member (info, "_wlanMacAddress"), ==, "02:5C:E7:00:42:17");
  g_assert_true (json_object_get_boolean_member (info, "gps"));
  g_assert_true (json_object_get_boolean_member (info, "gyro"));
  g_assert_cmpint (json_object_get_int_member (info, "uptime"), >=, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (info, "api")), ==, 5);
  levels = json_object_get_array_member (info, "apiLevel");
  g_assert_cmpuint (json_array_get_length (levels), ==, 2);
  g_assert_cmpint (json_array_get_int_element (levels, 1), ==, 2);
  port = g_strdup_printf ("%" G_GINT64_FORMAT,
                          json_object_get_int_member (json_object_get_object_member (info, "endpoints"),
                                                      "httpPort"));
  g_assert_true (g_str_has_suffix (emu->url, port));

  /* /osc/state wants POST, unknown paths are 404. */
  emu_request (emu, "GET", "/osc/state", NULL, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
  emu_request (emu, "GET", "/nothing", NULL, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, SOUP_STATUS_NOT_FOUND);
}

static void
on_updates_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GBytes **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_assert_no_error (error);
}

static void
test_state (void)
{
  Emu *emu = emu_shared ();
  g_autoptr(JsonObject) reply = emu_post (emu, "/osc/state", NULL, NULL);
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) updates = NULL;
  g_autoptr(SoupSession) waiter = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) woken = NULL;
  g_autofree char *before = g_strdup (json_object_get_string_member (reply, "fingerprint"));
  g_autofree char *url = NULL;
  g_autofree char *current = NULL;
  JsonObject *state = json_object_get_object_member (reply, "state");
  gint64 t0;

  g_assert_cmpfloat (json_object_get_double_member (state, "batteryLevel"), ==, 0.83);
  g_assert_cmpstr (json_object_get_string_member (state, "_captureStatus"), ==, "idle");
  g_assert_cmpstr (json_object_get_string_member (state, "_batteryState"), ==, "disconnect");
  g_assert_cmpint (json_object_get_int_member (state, "_apiVersion"), ==, 2);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (state, "storageUri"), emu->url));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (state, "_cameraError")), ==, 0);

  /* A stale fingerprint is answered at once. */
  updates = emu_post (emu, "/osc/checkForUpdates", "{\"stateFingerprint\":\"FIG_stale\"}", NULL);
  g_assert_cmpstr (json_object_get_string_member (updates, "stateFingerprint"), ==, before);
  g_assert_cmpint (json_object_get_int_member (updates, "throttleTimeout"), >=, 0);

  /* The current one with waitTimeout is held until the state changes. */
  {
    g_autofree char *text = g_strdup_printf ("{\"stateFingerprint\":\"%s\",\"waitTimeout\":5}", before);

    body = g_bytes_new (text, strlen (text));
  }
  url = g_strconcat (emu->url, "/osc/checkForUpdates", NULL);
  msg = soup_message_new ("POST", url);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  soup_session_send_and_read_async (waiter, msg, G_PRIORITY_DEFAULT, NULL, on_updates_cb, &woken);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_usleep (200 * 1000);
  g_main_context_iteration (NULL, FALSE);
  g_assert_null (woken);

  t0 = g_get_monotonic_time ();
  g_free (emu_take_picture (emu));
  while (woken == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 3 * G_USEC_PER_SEC);
  g_clear_pointer (&updates, json_object_unref);
  updates = emu_parse (woken);
  g_assert_cmpstr (json_object_get_string_member (updates, "stateFingerprint"), !=, before);

  after = emu_post (emu, "/osc/state", NULL, NULL);
  current = g_strdup (json_object_get_string_member (after, "fingerprint"));
  g_assert_cmpstr (current, !=, before);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (json_object_get_object_member (after, "state"),
                                                                  "_latestFileUrl"), ".JPG"));
}

static void
test_errors (void)
{
  Emu *emu = emu_shared ();
  g_autoptr(JsonObject) reply = NULL;
  guint status = 0;

  reply = emu_execute (emu, "camera.fooBar", NULL, &status);
  emu_assert_error (reply, status, 400, "unknownCommand");
  g_assert_cmpstr (json_object_get_string_member (reply, "name"), ==, "camera.fooBar");
  g_clear_pointer (&reply, json_object_unref);

  reply = emu_post (emu, "/osc/commands/execute", "{\"parameters\":{}}", &status);
  emu_assert_error (reply, status, 400, "missingParameter");
  g_clear_pointer (&reply, json_object_unref);

  reply = emu_post (emu, "/osc/commands/execute", "{not json", &status);
  emu_assert_error (reply, status, 400, "invalidParameterValue");
  g_clear_pointer (&reply, json_object_unref);

  reply = emu_post (emu, "/osc/commands/status", "{\"id\":\"no-such-id\"}", &status);
  emu_assert_error (reply, status, 400, "invalidParameterValue");
  g_clear_pointer (&reply, json_object_unref);

  reply = emu_execute (emu, "camera.stopCapture", NULL, &status);
  emu_assert_error (reply, status, 403, "disabledCommand");
}

static void
assert_option_error (Emu        *emu,
                     const char *options,
                     const char *code)
{
  g_autofree char *params = g_strdup_printf ("{\"options\":%s}", options);
  g_autoptr(JsonObject) reply = NULL;
  guint status = 0;

  reply = emu_execute (emu, "camera.setOptions", params, &status);
  emu_assert_error (reply, status, 400, code);
}

static JsonObject *
get_options (Emu        *emu,
             const char *names)
{
  g_autofree char *params = g_strdup_printf ("{\"optionNames\":%s}", names);
  g_autoptr(JsonObject) results = emu_execute_done (emu, "camera.getOptions", params);

  return json_object_ref (json_object_get_object_member (results, "options"));
}

static void
test_options (void)
{
  Emu *emu = emu_shared ();
  g_autoptr(JsonObject) options = NULL;
  g_autoptr(JsonObject) results = NULL;
  g_autoptr(JsonObject) reply = NULL;
  JsonObject *object;
  JsonArray *array;
  guint status = 0;

  options = get_options (emu, "[\"iso\",\"isoSupport\",\"captureMode\",\"fileFormat\",\"fileFormatSupport\","
                              "\"captureIntervalSupport\",\"previewFormat\",\"exposureCompensationSupport\","
                              "\"remainingPictures\",\"totalSpace\",\"gpsInfo\",\"dateTimeZone\"]");
  g_assert_cmpint (json_object_get_int_member (options, "iso"), ==, 0);
  array = json_object_get_array_member (options, "isoSupport");
  g_assert_cmpint (json_array_get_int_element (array, 0), ==, 0);
  g_assert_cmpint (json_array_get_int_element (array, json_array_get_length (array) - 1), ==, 3200);
  g_assert_cmpstr (json_object_get_string_member (options, "captureMode"), ==, "image");
  object = json_object_get_object_member (options, "fileFormat");
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "jpeg");
  g_assert_cmpint (json_object_get_int_member (object, "width"), ==, 1920);
  g_assert_cmpint (json_object_get_int_member (object, "height"), ==, 960);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (options, "fileFormatSupport")), >=, 3);
  object = json_object_get_object_member (options, "captureIntervalSupport");
  g_assert_cmpint (json_object_get_int_member (object, "minInterval"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "maxInterval"), ==, 3600);
  object = json_object_get_object_member (options, "previewFormat");
  g_assert_cmpint (json_object_get_int_member (object, "framerate"), ==, 30);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (options, "exposureCompensationSupport")),
                    ==, 13);
  g_assert_cmpint (json_object_get_int_member (options, "remainingPictures"), >, 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (options, "gpsInfo"), "lat"), ==, 65535);
  g_assert_true (g_regex_match_simple ("^\\d{4}:\\d\\d:\\d\\d \\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d$",
                                       json_object_get_string_member (options, "dateTimeZone"), 0, 0));

  /* Validation, camera-style, and all-or-nothing. */
  results = emu_execute_done (emu, "camera.setOptions",
                              "{\"options\":{\"iso\":400,\"exposureCompensation\":0.7,\"whiteBalance\":\"shade\"}}");
  assert_option_error (emu, "{\"iso\":123}", "invalidParameterValue");
  assert_option_error (emu, "{\"iso\":\"400\"}", "invalidParameterValue");
  assert_option_error (emu, "{\"fooBar\":1}", "invalidParameterName");
  assert_option_error (emu, "{\"remainingSpace\":1}", "invalidParameterName");
  assert_option_error (emu, "{\"iso\":800,\"exposureCompensation\":5.0}", "invalidParameterValue");
  assert_option_error (emu, "{\"fileFormat\":{\"type\":\"mp4\",\"width\":960,\"height\":480}}",
                       "invalidParameterValue");
  assert_option_error (emu, "{\"captureInterval\":0}", "invalidParameterValue");
  assert_option_error (emu, "{\"offDelay\":601}", "invalidParameterValue");
  reply = emu_execute (emu, "camera.getOptions", "{\"optionNames\":[\"isoo\"]}", &status);
  emu_assert_error (reply, status, 400, "invalidParameterName");
  g_clear_pointer (&reply, json_object_unref);
  reply = emu_execute (emu, "camera.getOptions", "{}", &status);
  emu_assert_error (reply, status, 400, "missingParameter");

  g_clear_pointer (&options, json_object_unref);
  options = get_options (emu, "[\"iso\",\"exposureCompensation\",\"whiteBalance\"]");
  g_assert_cmpint (json_object_get_int_member (options, "iso"), ==, 400);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (options, "exposureCompensation"), 0.7, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (options, "whiteBalance"), ==, "shade");

  /* The camera clock follows dateTimeZone. */
  g_clear_pointer (&results, json_object_unref);
  results = emu_execute_done (emu, "camera.setOptions",
                              "{\"options\":{\"dateTimeZone\":\"2025:09:04 10:30:45+09:00\"}}");
  g_clear_pointer (&options, json_object_unref);
  options = get_options (emu, "[\"dateTimeZone\"]");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (options, "dateTimeZone"), "2025:09:04 10:3"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (options, "dateTimeZone"), "+09:00"));

  /* Set the clock back (reset keeps it), a second ahead as the format
   * has whole seconds, so that later pictures sort as the newest. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) ahead = g_date_time_add_seconds (now, 1.0);
    g_autofree char *text = g_date_time_format (ahead, "%Y:%m:%d %H:%M:%S+00:00");
    g_autofree char *params = g_strdup_printf ("{\"options\":{\"dateTimeZone\":\"%s\"}}", text);

    g_clear_pointer (&results, json_object_unref);
    results = emu_execute_done (emu, "camera.setOptions", params);
  }

  g_clear_pointer (&results, json_object_unref);
  results = emu_execute_done (emu, "camera.reset", NULL);
  g_clear_pointer (&options, json_object_unref);
  options = get_options (emu, "[\"iso\",\"whiteBalance\"]");
  g_assert_cmpint (json_object_get_int_member (options, "iso"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (options, "whiteBalance"), ==, "auto");
}

static JsonObject *
list_files (Emu        *emu,
            const char *params)
{
  return emu_execute_done (emu, "camera.listFiles", params);
}

static void
test_list_files (void)
{
  Emu *emu = emu_shared ();
  g_autofree char *a = emu_take_picture (emu);
  g_autofree char *b = emu_take_picture (emu);
  g_autoptr(JsonObject) page1 = NULL;
  g_autoptr(JsonObject) page2 = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonObject) videos = NULL;
  g_auto(EmuReply) thumb = { 0 };
  g_autofree guchar *decoded = NULL;
  JsonArray *entries;
  JsonObject *entry;
  gint64 total;
  gsize length = 0;
  guint status = 0;

  page1 = list_files (emu, "{\"fileType\":\"all\",\"entryCount\":2,\"maxThumbSize\":640}");
  total = json_object_get_int_member (page1, "totalEntries");
  g_assert_cmpint (total, >=, 3);
  entries = json_object_get_array_member (page1, "entries");
  g_assert_cmpuint (json_array_get_length (entries), ==, 2);

  /* Newest first. */
  entry = json_array_get_object_element (entries, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "fileUrl"), ==, b);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 1), "fileUrl"), ==, a);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (entry, "name"), "SPHC"));
  g_assert_true (g_str_has_prefix (b, emu->url));
  g_assert_nonnull (strstr (b, SC_EMULATOR_FILES_PATH));
  g_assert_cmpint (json_object_get_int_member (entry, "width"), ==, 1920);
  g_assert_cmpint (json_object_get_int_member (entry, "height"), ==, 960);
  g_assert_cmpint (json_object_get_int_member (entry, "size"), >, 10000);
  g_assert_true (json_object_get_boolean_member (entry, "isProcessed"));
  g_assert_cmpstr (json_object_get_string_member (entry, "_projectionType"), ==, "Dual-Fisheye");
  g_assert_true (g_regex_match_simple ("^\\d{4}:\\d\\d:\\d\\d \\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d$",
                                       json_object_get_string_member (entry, "dateTimeZone"), 0, 0));
  decoded = g_base64_decode (json_object_get_string_member (entry, "thumbnail"), &length);
  g_assert_cmpuint (length, ==, json_object_get_int_member (entry, "_thumbSize"));
  g_assert_cmpuint (length, >, 100);
  g_assert_cmpint (decoded[0], ==, 0xff);
  g_assert_cmpint (decoded[1], ==, 0xd8);

  /* The same thumbnail over HTTP. */
  emu_request (emu, "GET", json_object_get_string_member (entry, "previewUrl"), NULL, NULL, &thumb);
  g_assert_cmpuint (thumb.status, ==, 200);
  g_assert_cmpmem (g_bytes_get_data (thumb.body, NULL), g_bytes_get_size (thumb.body), decoded, length);

  page2 = list_files (emu, "{\"fileType\":\"image\",\"entryCount\":100,\"startPosition\":2,\"maxThumbSize\":0}");
  entries = json_object_get_array_member (page2, "entries");
  g_assert_cmpint (json_array_get_length (entries), ==, total - 2);
  g_assert_false (json_object_has_member (json_array_get_object_element (entries, 0), "thumbnail"));

  videos = list_files (emu, "{\"fileType\":\"video\",\"entryCount\":10,\"maxThumbSize\":0}");
  g_assert_cmpint (json_object_get_int_member (videos, "totalEntries"), ==, 0);

  reply = emu_execute (emu, "camera.listFiles", "{\"fileType\":\"all\",\"entryCount\":2}", &status);
  emu_assert_error (reply, status, 400, "missingParameter");
  g_clear_pointer (&reply, json_object_unref);
  reply = emu_execute (emu, "camera.listFiles", "{\"fileType\":\"all\",\"entryCount\":2,\"maxThumbSize\":320}",
                       &status);
  emu_assert_error (reply, status, 400, "invalidParameterValue");
}

static void
test_range (void)
{
  Emu *emu = emu_shared ();
  g_autofree char *url = emu_take_picture (emu);
  g_auto(EmuReply) full = { 0 };
  g_auto(EmuReply) part = { 0 };
  g_autofree char *expected_range = NULL;
  const guint8 *data;
  gsize size;

  emu_request (emu, "GET", url, NULL, NULL, &full);
  g_assert_cmpuint (full.status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (full.headers, "Accept-Ranges"), ==, "bytes");
  g_assert_cmpstr (soup_message_headers_get_content_type (full.headers, NULL), ==, "image/jpeg");
  data = g_bytes_get_data (full.body, &size);
  g_assert_cmpint (soup_message_headers_get_content_length (full.headers), ==, size);

  emu_request (emu, "GET", url, NULL, "bytes=100-199", &part);
  g_assert_cmpuint (part.status, ==, 206);
  expected_range = g_strdup_printf ("bytes 100-199/%" G_GSIZE_FORMAT, size);
  g_assert_cmpstr (soup_message_headers_get_one (part.headers, "Content-Range"), ==, expected_range);
  g_assert_cmpmem (g_bytes_get_data (part.body, NULL), g_bytes_get_size (part.body), data + 100, 100);

  emu_request (emu, "GET", url, NULL, "bytes=-50", &part);
  g_assert_cmpuint (part.status, ==, 206);
  g_assert_cmpmem (g_bytes_get_data (part.body, NULL), g_bytes_get_size (part.body), data + size - 50, 50);

  emu_request (emu, "GET", url, NULL, "bytes=1000-", &part);
  g_assert_cmpuint (part.status, ==, 206);
  g_assert_cmpmem (g_bytes_get_data (part.body, NULL), g_bytes_get_size (part.body), data + 1000, size - 1000);

  emu_request (emu, "GET", url, NULL, "bytes=99999999-", &part);
  g_assert_cmpuint (part.status, ==, 416);

  emu_request (emu, "HEAD", url, NULL, NULL, &part);
  g_assert_cmpuint (part.status, ==, 200);
  g_assert_cmpint (soup_message_headers_get_content_length (part.headers), ==, size);
}

static void
test_delete (void)
{
  Emu *emu = emu_shared ();
  g_autofree char *url = emu_take_picture (emu);
  g_autofree char *params = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) done = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *fingerprint_after = NULL;
  g_auto(EmuReply) get = { 0 };
  guint status = 0;

  before = list_files (emu, "{\"fileType\":\"all\",\"entryCount\":0,\"maxThumbSize\":0}");

  /* All or nothing: one unknown URL and nothing goes. */
  params = g_strdup_printf ("{\"fileUrls\":[\"%s\",\"%s" SC_EMULATOR_FILES_PATH "SPHC0999.JPG\"]}", url, emu->url);
  reply = emu_execute (emu, "camera.delete", params, &status);
  emu_assert_error (reply, status, 400, "invalidParameterValue");
  after = list_files (emu, "{\"fileType\":\"all\",\"entryCount\":0,\"maxThumbSize\":0}");
  g_assert_cmpint (json_object_get_int_member (after, "totalEntries"), ==,
                   json_object_get_int_member (before, "totalEntries"));

  fingerprint = emu_fingerprint (emu);
  g_free (params);
  params = g_strdup_printf ("{\"fileUrls\":[\"%s\"]}", url);
  done = emu_execute_done (emu, "camera.delete", params);
  g_clear_pointer (&after, json_object_unref);
  after = list_files (emu, "{\"fileType\":\"all\",\"entryCount\":0,\"maxThumbSize\":0}");
  g_assert_cmpint (json_object_get_int_member (after, "totalEntries"), ==,
                   json_object_get_int_member (before, "totalEntries") - 1);
  emu_request (emu, "GET", url, NULL, NULL, &get);
  g_assert_cmpuint (get.status, ==, 404);
  fingerprint_after = emu_fingerprint (emu);
  g_assert_cmpstr (fingerprint_after, !=, fingerprint);
}

static void
on_authenticate_cb (SoupMessage *msg,
                    SoupAuth    *auth,
                    gboolean     retrying,
                    gpointer     user_data)
{
  g_assert_false (retrying);
  g_assert_cmpstr (soup_auth_get_scheme_name (auth), ==, "Digest");
  soup_auth_authenticate (auth, "THETAYL00105377", "00105377");
}

static void
test_digest_auth (void)
{
  g_autoptr(Emu) emu = emu_start ("--user", "THETAYL00105377", "--password", "00105377", NULL);
  g_auto(EmuReply) reply = { 0 };
  g_autofree char *url = g_strconcat (emu->url, "/osc/info", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) info = NULL;
  const char *challenge;

  emu_request (emu, "GET", "/osc/info", NULL, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 401);
  challenge = soup_message_headers_get_one (reply.headers, "WWW-Authenticate");
  g_assert_true (g_str_has_prefix (challenge, "Digest "));
  g_assert_nonnull (strstr (challenge, "qop=\"auth\""));

  g_signal_connect (msg, "authenticate", G_CALLBACK (on_authenticate_cb), NULL);
  body = soup_session_send_and_read (emu->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  info = emu_parse (body);
  g_assert_cmpstr (json_object_get_string_member (info, "serialNumber"), ==, SC_EMULATOR_SERIAL);
}

static void
test_api_level_1 (void)
{
  g_autoptr(Emu) emu = emu_start ("--api-level", "1", NULL);
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(JsonObject) session = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonObject) results = NULL;
  g_autofree char *params = NULL;
  g_auto(EmuReply) raw = { 0 };
  const char *id;
  guint status = 0;

  emu_request (emu, "GET", "/osc/info", NULL, NULL, &raw);
  info = emu_parse (raw.body);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (info, "apiLevel")), ==, 1);
  state = emu_post (emu, "/osc/state", NULL, NULL);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (state, "state"), "_apiVersion"),
                   ==, 1);

  session = emu_execute_done (emu, "camera.startSession", "{}");
  id = json_object_get_string_member (session, "sessionId");
  g_assert_cmpstr (id, !=, "");
  g_assert_cmpint (json_object_get_int_member (session, "timeout"), ==, 180);

  /* Another client (no or wrong sessionId) is locked out. */
  reply = emu_execute (emu, "camera.takePicture", NULL, &status);
  emu_assert_error (reply, status, 400, "cameraInExclusiveUse");
  g_clear_pointer (&reply, json_object_unref);
  reply = emu_execute (emu, "camera.getOptions", "{\"sessionId\":\"SID_nope\",\"optionNames\":[\"iso\"]}", &status);
  emu_assert_error (reply, status, 400, "cameraInExclusiveUse");
  g_clear_pointer (&reply, json_object_unref);
  reply = emu_execute (emu, "camera.startSession", "{}", &status);
  emu_assert_error (reply, status, 400, "cameraInExclusiveUse");

  params = g_strdup_printf ("{\"sessionId\":\"%s\"}", id);
  results = emu_execute_done (emu, "camera.updateSession", params);
  g_assert_cmpstr (json_object_get_string_member (results, "sessionId"), ==, id);

  /* clientVersion 2 switches to level 2: no more session checks. */
  g_free (params);
  params = g_strdup_printf ("{\"sessionId\":\"%s\",\"options\":{\"clientVersion\":2}}", id);
  g_clear_pointer (&results, json_object_unref);
  results = emu_execute_done (emu, "camera.setOptions", params);
  g_clear_pointer (&results, json_object_unref);
  results = emu_execute_done (emu, "camera.getOptions", "{\"optionNames\":[\"clientVersion\"]}");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (results, "options"),
                                               "clientVersion"), ==, 2);
  g_clear_pointer (&state, json_object_unref);
  state = emu_post (emu, "/osc/state", NULL, NULL);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (state, "state"), "_apiVersion"),
                   ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);

  g_test_add_func ("/emulator/osc/info", test_info);
  g_test_add_func ("/emulator/osc/state", test_state);
  g_test_add_func ("/emulator/osc/errors", test_errors);
  g_test_add_func ("/emulator/osc/options", test_options);
  g_test_add_func ("/emulator/osc/list-files", test_list_files);
  g_test_add_func ("/emulator/osc/delete", test_delete);
  g_test_add_func ("/emulator/files/range", test_range);
  g_test_add_func ("/emulator/auth/digest", test_digest_auth);
  g_test_add_func ("/emulator/osc/api-level-1", test_api_level_1);
  test_emulator_add_media_tests ();
  test_emulator_add_fault_tests ();

  ret = g_test_run ();
  emu_shared_stop ();
  return ret;
}
