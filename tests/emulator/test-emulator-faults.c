/* test-emulator-faults.c: every --fault shows its effect
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-emulator"

#include "config.h"

#include <string.h>

#include "test-emulator-util.h"

#define BIG_FILE_URL_PATH SC_EMULATOR_FILES_PATH "SPHC9999.MP4"

static void
assert_big_file_bytes (GBytes  *bytes,
                       guint64  offset)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  for (gsize i = 0; i < size; i++)
    if (data[i] != sc_emulator_big_file_byte (offset + i))
      g_error ("byte %" G_GUINT64_FORMAT " is %u, expected %u", offset + i, data[i],
               sc_emulator_big_file_byte (offset + i));
}

static void
test_drop_after (void)
{
  g_autoptr(Emu) emu = emu_start ("--fault", "drop-after=100000", "--big-file", "300000", NULL);
  g_autofree char *url = emu_take_picture (emu);
  g_auto(EmuReply) cut = { 0 };
  g_auto(EmuReply) rest = { 0 };
  g_auto(EmuReply) full = { 0 };

  /* The first GET of a file is cut short… */
  emu_request (emu, "GET", url, NULL, NULL, &cut);
  g_assert_nonnull (cut.error);
  g_test_message ("cut: %s", cut.error->message);

  /* …a resume with Range gets the rest, and the bytes match a clean GET. */
  emu_request (emu, "GET", url, NULL, "bytes=100000-", &rest);
  g_assert_no_error (rest.error);
  g_assert_cmpuint (rest.status, ==, 206);
  emu_request (emu, "GET", url, NULL, NULL, &full);
  g_assert_no_error (full.error);
  g_assert_cmpuint (full.status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (full.body), >, 100000);
  g_assert_cmpmem (g_bytes_get_data (rest.body, NULL), g_bytes_get_size (rest.body),
                   (const guint8 *)g_bytes_get_data (full.body, NULL) + 100000,
                   g_bytes_get_size (full.body) - 100000);

  /* Same for the generated big file, first asked for with a Range: the
   * cut comes 100000 bytes into that body. */
  emu_request (emu, "GET", BIG_FILE_URL_PATH, NULL, "bytes=50000-", &cut);
  g_assert_nonnull (cut.error);
  emu_request (emu, "GET", BIG_FILE_URL_PATH, NULL, "bytes=150000-", &rest);
  g_assert_no_error (rest.error);
  g_assert_cmpuint (rest.status, ==, 206);
  g_assert_cmpuint (g_bytes_get_size (rest.body), ==, 150000);
  assert_big_file_bytes (rest.body, 150000);
  emu_request (emu, "GET", BIG_FILE_URL_PATH, NULL, NULL, &full);
  g_assert_no_error (full.error);
  g_assert_cmpuint (g_bytes_get_size (full.body), ==, 300000);
  assert_big_file_bytes (full.body, 0);
}

static void
test_slow (void)
{
  g_autoptr(Emu) emu = emu_start ("--fault", "slow=300", NULL);
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(JsonObject) state = emu_post (emu, "/osc/state", NULL, NULL);

  g_assert_cmpint (g_get_monotonic_time () - t0, >=, 300 * 1000);
  g_assert_true (json_object_has_member (state, "fingerprint"));
}

static void
test_malformed_json (void)
{
  g_autoptr(Emu) emu = emu_start ("--fault", "malformed-json", NULL);
  static const char * const paths[] = { "/osc/info", "/osc/state", "/osc/commands/execute" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_auto(EmuReply) reply = { 0 };
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      gboolean post = i > 0;

      emu_request (emu, post ? "POST" : "GET", paths[i], i == 2 ? "{\"name\":\"camera.listFiles\"}" : NULL,
                   NULL, &reply);
      g_assert_no_error (reply.error);
      g_assert_cmpuint (g_bytes_get_size (reply.body), >, 0);
      g_assert_false (json_parser_load_from_data (parser, g_bytes_get_data (reply.body, NULL),
                                                  (gssize)g_bytes_get_size (reply.body), &error));
    }
}

static void
test_busy (void)
{
  g_autoptr(Emu) emu = emu_start ("--fault", "busy", NULL);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonObject) state = NULL;
  guint status = 0;

  reply = emu_execute (emu, "camera.takePicture", NULL, &status);
  emu_assert_error (reply, status, 403, "disabledCommand");
  g_clear_pointer (&reply, json_object_unref);
  reply = emu_execute (emu, "camera.listFiles", "{\"fileType\":\"all\",\"entryCount\":1,\"maxThumbSize\":0}",
                       &status);
  emu_assert_error (reply, status, 403, "disabledCommand");

  state = emu_post (emu, "/osc/state", NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (state, "state"),
                                                  "_captureStatus"), ==, "shooting");
}

static void
test_disk_full (void)
{
  g_autoptr(Emu) emu = emu_start ("--fault", "disk-full", NULL);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(JsonObject) options = NULL;
  JsonArray *errors;
  guint status = 0;

  reply = emu_execute (emu, "camera.takePicture", NULL, &status);
  emu_assert_error (reply, status, 403, "disabledCommand");
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (reply, "error"),
                                                           "message"), "full"));

  state = emu_post (emu, "/osc/state", NULL, NULL);
  errors = json_object_get_array_member (json_object_get_object_member (state, "state"), "_cameraError");
  g_assert_cmpuint (json_array_get_length (errors), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (errors, 0), ==, "NO_MEMORY");

  options = emu_execute_done (emu, "camera.getOptions", "{\"optionNames\":[\"remainingPictures\"]}");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (options, "options"),
                                               "remainingPictures"), ==, 0);
}

static void
test_wrong_length (void)
{
  g_autoptr(Emu) emu = emu_start ("--fault", "wrong-length", "--big-file", "50000", NULL);
  g_auto(EmuReply) reply = { 0 };

  /* Content-Length promises 4096 more bytes than ever come. */
  emu_request (emu, "GET", BIG_FILE_URL_PATH, NULL, NULL, &reply);
  g_assert_nonnull (reply.error);
  g_assert_cmpint (soup_message_headers_get_content_length (reply.headers), ==, 50000 + 4096);
}

static void
test_listing_faults (void)
{
  g_autoptr(Emu) emu = emu_start ("--big-file", "123456", "--fault", "listing-size-mismatch",
                                  "--fault", "bad-thumbnail", "--fault", "strings-for-numbers", NULL);
  g_autoptr(JsonObject) results = NULL;
  g_autoptr(JsonObject) state = NULL;
  JsonObject *entry;
  JsonNode *battery;
  const char *thumbnail;

  results = emu_execute_done (emu, "camera.listFiles",
                              "{\"fileType\":\"all\",\"entryCount\":5,\"maxThumbSize\":640}");
  entry = json_array_get_object_element (json_object_get_array_member (results, "entries"), 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "name"), ==, "SPHC9999.MP4");

  /* strings-for-numbers + listing-size-mismatch */
  g_assert_cmpstr (json_object_get_string_member (entry, "size"), ==, "135801");
  g_assert_cmpstr (json_object_get_string_member (entry, "width"), ==, "1920");
  g_assert_cmpstr (json_object_get_string_member (entry, "height"), ==, "960");

  /* bad-thumbnail: not base64 at all. */
  thumbnail = json_object_get_string_member (entry, "thumbnail");
  g_assert_false (g_regex_match_simple ("^[A-Za-z0-9+/]*={0,2}$", thumbnail, 0, 0));

  state = emu_post (emu, "/osc/state", NULL, NULL);
  battery = json_object_get_member (json_object_get_object_member (state, "state"), "batteryLevel");
  g_assert_cmpuint (json_node_get_value_type (battery), ==, G_TYPE_STRING);
}

static void
test_unknown_fault (void)
{
  const char *argv[] = { g_getenv ("SC_TEST_EMULATOR"), "--fault", "gremlins", NULL };
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_nonnull (argv[0]);
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  g_assert_nonnull (strstr (err, "gremlins"));
}

void
test_emulator_add_fault_tests (void)
{
  g_test_add_func ("/emulator/faults/drop-after", test_drop_after);
  g_test_add_func ("/emulator/faults/slow", test_slow);
  g_test_add_func ("/emulator/faults/malformed-json", test_malformed_json);
  g_test_add_func ("/emulator/faults/busy", test_busy);
  g_test_add_func ("/emulator/faults/disk-full", test_disk_full);
  g_test_add_func ("/emulator/faults/wrong-length", test_wrong_length);
  g_test_add_func ("/emulator/faults/listing", test_listing_faults);
  g_test_add_func ("/emulator/faults/unknown", test_unknown_fault);
}
