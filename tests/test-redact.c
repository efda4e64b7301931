/* test-redact.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-redact"

#include "config.h"

#include <string.h>

#include <glib.h>

#define SC_CORE_INSIDE
#include "sc-redact.h"
#undef SC_CORE_INSIDE

typedef struct {
  const char *input;
  const char *expected;
} Case;

static const Case positive_cases[] = {
  /* serial numbers */
  { "serialNumber=EMU7K2Q9", "serialNumber=[serial]" },
  { "serial-number: EMU7K2Q9.", "serial-number: [serial]." },
  { "Serial number: EMU7K2Q9", "Serial number: [serial]" },
  { "camera serial EMU7K2Q9 connected", "camera serial [serial] connected" },
  { "{\"serialNumber\": \"EMU7K2Q9\", \"model\": \"X\"}", "{\"serialNumber\": \"[serial]\", \"model\": \"X\"}" },
  { "{\"serial_number\":\"YN12345678\"}", "{\"serial_number\":\"[serial]\"}" },
  { "camera osc:EMU7K2Q9 ready", "camera osc:[serial] ready" },
  { "joined THETAYL00105377.OSC", "joined [serial].OSC" },
  { "user THETAYL00105377", "user [serial]" },
  /* MAC addresses */
  { "mac 02:5C:E7:00:42:17 up", "mac [mac] up" },
  { "mac=02:5c:e7:00:42:17", "mac=[mac]" },
  { "bssid 02-5C-E7-00-42-17,", "bssid [mac]," },
  { "mac:02:5C:E7:00:42:17", "mac:[mac]" },
  /* Wi-Fi names */
  { "ssid=HomeNet", "ssid=[ssid]" },
  { "SSID: HomeNet, channel 6", "SSID: [ssid], channel 6" },
  { "wifi_ssid=Cafe_5G", "wifi_ssid=[ssid]" },
  { "{\"ssid\": \"My Home Wi-Fi\", \"band\": 5}", "{\"ssid\": \"[ssid]\", \"band\": 5}" },
  { "joining SSID 'Office Guest'", "joining SSID '[ssid]'" },
  /* coordinates */
  { "at 35.681236, 139.767125 now", "at [coordinates] now" },
  { "at -33.868820,151.209296", "at [coordinates]" },
  { "lat 35.68 lon 139.76", "lat [coordinates] lon [coordinates]" },
  { "lat=35.681236&lng=139.767125", "lat=[coordinates]&lng=[coordinates]" },
  { "{\"lat\": 35.6, \"lng\": 139.7}", "{\"lat\": [coordinates], \"lng\": [coordinates]}" },
  { "{\"latitude\":-33.8688,\"longitude\":151.2093}", "{\"latitude\":[coordinates],\"longitude\":[coordinates]}" },
  { "location +35.681236+139.767125/", "location [coordinates]/" },
  { "©xyz +35.6812+139.7671+040.000/", "©xyz [coordinates]/" },
  /* e-mail addresses */
  { "from jane.doe@example.org.", "from [email]." },
  { "<a.b+tag@mail.example.co.uk>", "<[email]>" },
  /* phone numbers */
  { "call +86 138 0013 8000", "call [phone]" },
  { "call (555) 123-4567 now", "call [phone] now" },
  { "call +1 (555) 123-4567.", "call [phone]." },
  { "tel +4915112345678", "tel [phone]" },
  { "tel +81-3-1234-5678", "tel [phone]" },
  { "tel 555-123-4567", "tel [phone]" },
  { "tel 030 1234 5678", "tel [phone]" },
  { "tel 020 7946 0958", "tel [phone]" },
  /* several at once */
  { "EMU7K2Q9 serial=EMU7K2Q9 mac 02:5C:E7:00:42:17 owner a@b.io",
    "EMU7K2Q9 serial=[serial] mac [mac] owner [email]" },
};

static const char * const negative_cases[] = {
  "2026-11-22",
  "2026-11-22T11:33:09Z",
  "2026-11-22T11:33:09.123+09:00",
  "at 11:33:09 and 23:59",
  "22/11/2026 22.11.2026",
  "connecting to 127.0.0.1",
  "GET http://127.0.0.1:8080/osc/info",
  "http://192.168.1.1:80/osc/commands/execute",
  "http://[::1]:8080/",
  "Spherecam 1.4.2 (GLib 2.74.6)",
  "version 10.12.1234",
  "343.9 kB of 1.2 MB",
  "1048576 bytes, 65536/1048576 received",
  "downloaded 2048 4096",
  "job 42 done",
  "job-0001 queued, id 7f3a9c21-4b5e-4d6f-8a1b-2c3d4e5f6071",
  "SPHC0001.JPG R0010012.JPG VID_20261122_113309.mp4",
  "/org/spherecam/Spherecam/Camera/0x55d3a1b2c4e0",
  "object at 0x7ffd5e8c3a10",
  "serial port busy",
  "serial numbers are redacted",
  "took long 5 seconds",
  "ratio 0.5, 1.5",
  "width=5376 height=2688 fps=29.97",
  "exposure 1/125 f/2.0 ISO 100",
  "camera.getOptions [\"iso\",\"shutterSpeed\"]",
  "port 8080, pid 12345, uid 1000",
  "duration 00:01:02.500",
  "Content-Length: 3456789",
  "2026-11-22 11:33:09 UTC, 2026/11/22",
  "deserialized 12 items; serialize(3)",
  "format=JPEG latency 120 ms",
  "HTTP/1.1 200 OK in 0.123456 s",
  "",
};

static void
test_redact_positive (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (positive_cases); i++)
    {
      g_autofree char *result = sc_redact (positive_cases[i].input, SC_REDACT_ALL);

      g_test_message ("case %u", i);
      g_assert_cmpstr (result, ==, positive_cases[i].expected);
    }
}

static void
test_redact_negative (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (negative_cases); i++)
    {
      g_autofree char *result = sc_redact (negative_cases[i], SC_REDACT_ALL);

      g_assert_cmpstr (result, ==, negative_cases[i]);
    }
}

static void
test_redact_idempotent (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (positive_cases); i++)
    {
      g_autofree char *result = sc_redact (positive_cases[i].expected, SC_REDACT_ALL);

      g_assert_cmpstr (result, ==, positive_cases[i].expected);
    }
}

static void
test_redact_registered (void)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *only_serial = NULL;
  g_autofree char *cleared = NULL;
  g_autofree char *short_value = NULL;
  const char *text = "EMU7K2Q9 on Cafe Corner Wifi (aa:bb:cc:dd:ee:ff), emu7k2q9";

  before = sc_redact ("EMU7K2Q9 on Cafe Corner Wifi", SC_REDACT_ALL);
  g_assert_cmpstr (before, ==, "EMU7K2Q9 on Cafe Corner Wifi");

  sc_redact_add_identifier ("EMU7K2Q9", SC_REDACT_KIND_SERIAL);
  sc_redact_add_identifier ("Cafe Corner Wifi", SC_REDACT_KIND_SSID);
  sc_redact_add_identifier ("Cafe", SC_REDACT_KIND_SSID);
  sc_redact_add_identifier ("AA:BB:CC:DD:EE:FF", SC_REDACT_KIND_MAC);
  sc_redact_add_identifier ("ab", SC_REDACT_KIND_SERIAL); /* too short: ignored */

  after = sc_redact (text, SC_REDACT_ALL);
  g_assert_cmpstr (after, ==, "[serial] on [ssid] ([mac]), [serial]");

  only_serial = sc_redact (text, SC_REDACT_SERIAL);
  g_assert_cmpstr (only_serial, ==, "[serial] on Cafe Corner Wifi (aa:bb:cc:dd:ee:ff), [serial]");

  short_value = sc_redact ("about abc", SC_REDACT_ALL);
  g_assert_cmpstr (short_value, ==, "about abc");

  sc_redact_clear_identifiers ();
  cleared = sc_redact ("EMU7K2Q9 on Cafe Corner Wifi", SC_REDACT_ALL);
  g_assert_cmpstr (cleared, ==, "EMU7K2Q9 on Cafe Corner Wifi");
}

static void
test_redact_flags (void)
{
  const char *text = "serial=EMU7K2Q9 mac 02:5C:E7:00:42:17 ssid=Home "
                     "at 35.681236, 139.767125 a@b.io +86 138 0013 8000";
  struct {
    ScRedactFlags flags;
    const char *expected;
  } cases[] = {
    { SC_REDACT_NONE, "serial=EMU7K2Q9 mac 02:5C:E7:00:42:17 ssid=Home at 35.681236, 139.767125 a@b.io +86 138 0013 8000" },
    { SC_REDACT_SERIAL, "serial=[serial] mac 02:5C:E7:00:42:17 ssid=Home at 35.681236, 139.767125 a@b.io +86 138 0013 8000" },
    { SC_REDACT_MAC, "serial=EMU7K2Q9 mac [mac] ssid=Home at 35.681236, 139.767125 a@b.io +86 138 0013 8000" },
    { SC_REDACT_SSID, "serial=EMU7K2Q9 mac 02:5C:E7:00:42:17 ssid=[ssid] at 35.681236, 139.767125 a@b.io +86 138 0013 8000" },
    { SC_REDACT_COORDINATES, "serial=EMU7K2Q9 mac 02:5C:E7:00:42:17 ssid=Home at [coordinates] a@b.io +86 138 0013 8000" },
    { SC_REDACT_EMAIL, "serial=EMU7K2Q9 mac 02:5C:E7:00:42:17 ssid=Home at 35.681236, 139.767125 [email] +86 138 0013 8000" },
    { SC_REDACT_PHONE, "serial=EMU7K2Q9 mac 02:5C:E7:00:42:17 ssid=Home at 35.681236, 139.767125 a@b.io [phone]" },
    { SC_REDACT_ALL, "serial=[serial] mac [mac] ssid=[ssid] at [coordinates] [email] [phone]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *result = sc_redact (text, cases[i].flags);

      g_assert_cmpstr (result, ==, cases[i].expected);
    }
}

static void
test_redact_edge (void)
{
  g_autofree char *invalid = NULL;

  g_assert_null (sc_redact (NULL, SC_REDACT_ALL));

  /* Invalid UTF-8 is made valid, and still redacted. */
  invalid = sc_redact ("\xff serial=EMU7K2Q9", SC_REDACT_ALL);
  g_assert_true (g_utf8_validate (invalid, -1, NULL));
  g_assert_nonnull (strstr (invalid, "serial=[serial]"));
}

static gpointer
redact_thread (gpointer data)
{
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *result = sc_redact ("mac 02:5C:E7:00:42:17", SC_REDACT_ALL);

      g_assert_cmpstr (result, ==, "mac [mac]");
      if (i % 50 == 0)
        sc_redact_add_identifier ("THREADSERIAL", SC_REDACT_KIND_SERIAL);
    }

  return NULL;
}

static void
test_redact_threads (void)
{
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("redact", redact_thread, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  sc_redact_clear_identifiers ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/redact/positive", test_redact_positive);
  g_test_add_func ("/redact/negative", test_redact_negative);
  g_test_add_func ("/redact/idempotent", test_redact_idempotent);
  g_test_add_func ("/redact/registered", test_redact_registered);
  g_test_add_func ("/redact/flags", test_redact_flags);
  g_test_add_func ("/redact/edge", test_redact_edge);
  g_test_add_func ("/redact/threads", test_redact_threads);

  return g_test_run ();
}
