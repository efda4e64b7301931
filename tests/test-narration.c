/* test-narration.c: ScNarrationRecorder and the microphone gate
 *
 * The "microphone" is a GStreamer element registered here, a live
 * audiotestsrc whose instance_init counts how many were made: an audio
 * device is only opened through such an element, so the counter proves
 * that with the toggle off (or without consent) none was even created.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-narration"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gst/base/gstbasesrc.h>
#include <gst/gst.h>

#include <sc-core.h>

#define COUNTING_SOURCE "sccountingsrc"
#define RECORD_MS       300

static gint opened_devices;

typedef struct
{
  char          *dir;          /* a temporary folder */
  ScConsent     *consent;
  ScPermissions *permissions;
} Fixture;

/* ------------------------------------------------------------------ */
/* The counting source                                                 */

static void
counting_src_init (GTypeInstance *instance,
                   gpointer       klass)
{
  g_atomic_int_inc (&opened_devices);

  /* Like a microphone: live, stamped with the pipeline clock. */
  gst_base_src_set_live (GST_BASE_SRC (instance), TRUE);
  gst_base_src_set_do_timestamp (GST_BASE_SRC (instance), TRUE);
}

static void
register_counting_source (void)
{
  g_autoptr(GstElementFactory) factory = gst_element_factory_find ("audiotestsrc");
  g_autoptr(GstPluginFeature) loaded = NULL;
  GTypeQuery query;
  GType parent;
  GType type;

  g_assert_nonnull (factory);
  loaded = gst_plugin_feature_load (GST_PLUGIN_FEATURE (factory));
  g_assert_nonnull (loaded);
  parent = gst_element_factory_get_element_type (GST_ELEMENT_FACTORY (loaded));
  g_assert_true (g_type_is_a (parent, GST_TYPE_BASE_SRC));

  g_type_query (parent, &query);
  type = g_type_register_static_simple (parent, "ScTestCountingSrc",
                                        query.class_size, NULL,
                                        query.instance_size, counting_src_init, 0);
  g_assert_true (gst_element_register (NULL, COUNTING_SOURCE, GST_RANK_NONE, type));
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) consent_dir = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("sc-test-narration-XXXXXX", &error);
  g_assert_no_error (error);

  path = g_build_filename (g_get_user_config_dir (), "narration-consent", NULL);
  consent_dir = g_file_new_for_path (path);
  fixture->consent = sc_consent_new (consent_dir, SC_POLICY_VERSION);
  fixture->permissions = sc_permissions_new (fixture->consent);
  sc_permissions_set_default (fixture->permissions);

  g_atomic_int_set (&opened_devices, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  sc_permissions_set_default (NULL);
  g_clear_object (&fixture->permissions);
  sc_consent_revoke (fixture->consent, NULL);
  g_clear_object (&fixture->consent);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static void
allow_microphone (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_consent_accept (fixture->consent, &error));
  g_assert_no_error (error);
  sc_permissions_set (fixture->permissions, SC_PERMISSION_MICROPHONE, TRUE);
}

static ScNarrationRecorder *
new_recorder (Fixture    *fixture,
              const char *name)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GFile) output = g_file_new_for_path (path);
  ScNarrationRecorder *recorder = sc_narration_recorder_new (output);

  sc_narration_recorder_set_source_factory (recorder, COUNTING_SOURCE);
  g_assert_cmpstr (sc_narration_recorder_get_source_factory (recorder), ==, COUNTING_SOURCE);

  return recorder;
}

/* The names in the folder, sorted and joined with ",". */
static char *
list_dir (Fixture *fixture)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (",", (char **) names->pdata);
}

static void
async_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *done = user_data;

  *done = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Waits until the hidden temporary file has something in it: the device
 * delivers sound and the encoder wrote it (the pipeline may take a while
 * to start on a loaded machine; this is not a timing test). */
static void
wait_for_sound (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
          GStatBuf st;

          if (name[0] == '.' && g_stat (path, &st) == 0 && st.st_size > 0)
            return;
        }
      spin (10);
    }

  g_error ("The recording's temporary file stayed empty");
}

static GFile *
stop (ScNarrationRecorder  *recorder,
      GCancellable         *cancellable,
      GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_narration_recorder_stop_async (recorder, cancellable, async_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return sc_narration_recorder_stop_finish (recorder, result, error);
}

static void
on_handoff_cb (GstElement *sink,
               GstBuffer  *buffer,
               GstPad     *pad,
               guint64    *bytes)
{
  *bytes += gst_buffer_get_size (buffer);
}

/* Decodes @path with GStreamer and returns how many seconds of sound it
 * holds (mono, 48 kHz, 16 bits after conversion). */
static double
decoded_seconds (const char *path)
{
  g_autofree char *description =
    g_strdup_printf ("filesrc name=src ! decodebin ! audioconvert ! audioresample ! "
                     "audio/x-raw,format=S16LE,channels=1,rate=48000 ! "
                     "fakesink name=sink sync=false signal-handoffs=true");
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  guint64 bytes = 0;

  g_assert_no_error (error);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (src, "location", path, NULL);
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff_cb), &bytes);

  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  bus = gst_element_get_bus (pipeline);
  message = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) gst_error = NULL;

      gst_message_parse_error (message, &gst_error, NULL);
      g_error ("%s does not decode: %s", path, gst_error->message);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);

  return bytes / 2.0 / 48000.0;
}

/* ------------------------------------------------------------------ */
/* The gate                                                            */

static void
test_denied (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(ScNarrationRecorder) recorder = new_recorder (fixture, "narration.ogg");
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;

  /* Consent given, the microphone toggle off (its default). */
  g_assert_true (sc_consent_accept (fixture->consent, &error));
  g_assert_no_error (error);
  g_assert_false (sc_permissions_get (fixture->permissions, SC_PERMISSION_MICROPHONE));

  g_assert_false (sc_narration_recorder_start (recorder, &error));
  g_assert_error (error, SC_PERMISSION_ERROR, SC_PERMISSION_ERROR_DENIED);
  g_assert_false (sc_narration_recorder_get_is_recording (recorder));

  g_assert_cmpint (g_atomic_int_get (&opened_devices), ==, 0);
  listing = list_dir (fixture);
  g_assert_cmpstr (listing, ==, "");
}

static void
test_consent_required (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(ScNarrationRecorder) recorder = new_recorder (fixture, "narration.wav");
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;

  /* The toggle on, the privacy policy not accepted. */
  sc_permissions_set (fixture->permissions, SC_PERMISSION_MICROPHONE, TRUE);
  g_assert_false (sc_consent_get_is_accepted (fixture->consent));

  g_assert_false (sc_narration_recorder_start (recorder, &error));
  g_assert_error (error, SC_PERMISSION_ERROR, SC_PERMISSION_ERROR_CONSENT_REQUIRED);
  g_assert_false (sc_narration_recorder_get_is_recording (recorder));

  g_assert_cmpint (g_atomic_int_get (&opened_devices), ==, 0);
  listing = list_dir (fixture);
  g_assert_cmpstr (listing, ==, "");
}

/* ------------------------------------------------------------------ */
/* Recording                                                           */

static void
test_record (Fixture       *fixture,
             gconstpointer  data)
{
  const char *name = data;
  g_autoptr(ScNarrationRecorder) recorder = new_recorder (fixture, name);
  g_autoptr(GFile) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *path = NULL;
  gpointer weak = recorder;
  double seconds;

  allow_microphone (fixture);
  g_object_add_weak_pointer (G_OBJECT (recorder), &weak);

  g_assert_true (sc_narration_recorder_start (recorder, &error));
  g_assert_no_error (error);
  g_assert_true (sc_narration_recorder_get_is_recording (recorder));
  g_assert_cmpint (g_atomic_int_get (&opened_devices), ==, 1);

  /* While recording, only a hidden temporary file exists. */
  listing = list_dir (fixture);
  g_assert_true (listing[0] == '.');
  g_assert_null (strchr (listing, ','));
  g_assert_true (g_str_has_suffix (listing, ".part"));
  g_clear_pointer (&listing, g_free);

  wait_for_sound (fixture);
  spin (RECORD_MS);

  saved = stop (recorder, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved);
  g_assert_true (g_file_equal (saved, sc_narration_recorder_get_output (recorder)));
  g_assert_false (sc_narration_recorder_get_is_recording (recorder));
  g_assert_cmpint (g_atomic_int_get (&opened_devices), ==, 1);

  /* Only the output is left, and it holds sound of about the length
   * recorded (generous bounds: this is not a timing test). */
  listing = list_dir (fixture);
  g_assert_cmpstr (listing, ==, name);
  path = g_file_get_path (saved);
  seconds = decoded_seconds (path);
  g_test_message ("%s: %.3f s of sound", name, seconds);
  g_assert_cmpfloat (seconds, >, 0.1);
  g_assert_cmpfloat (seconds, <, 60.0);

  /* Stopping twice is an error, not a second file. */
  g_clear_object (&saved);
  saved = stop (recorder, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_assert_null (saved);

  g_clear_object (&recorder);
  g_assert_null (weak);
}

/* The output exists before start: refused, and the file is untouched. */
static void
test_never_replaces_at_start (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(ScNarrationRecorder) recorder = new_recorder (fixture, "narration.ogg");
  g_autofree char *path = g_file_get_path (sc_narration_recorder_get_output (recorder));
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;

  allow_microphone (fixture);
  g_file_set_contents (path, "the user's file", -1, &error);
  g_assert_no_error (error);

  g_assert_false (sc_narration_recorder_start (recorder, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_cmpint (g_atomic_int_get (&opened_devices), ==, 0);

  g_file_get_contents (path, &contents, NULL, NULL);
  g_assert_cmpstr (contents, ==, "the user's file");
  listing = list_dir (fixture);
  g_assert_cmpstr (listing, ==, "narration.ogg");
}

/* A file appears under the output's name while recording: stop fails,
 * keeps that file and removes the recording's temporary file. */
static void
test_never_replaces_at_stop (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(ScNarrationRecorder) recorder = new_recorder (fixture, "narration.wav");
  g_autofree char *path = g_file_get_path (sc_narration_recorder_get_output (recorder));
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GFile) saved = NULL;
  g_autoptr(GError) error = NULL;

  allow_microphone (fixture);
  g_assert_true (sc_narration_recorder_start (recorder, &error));
  g_assert_no_error (error);
  wait_for_sound (fixture);

  g_file_set_contents (path, "appeared meanwhile", -1, &error);
  g_assert_no_error (error);

  saved = stop (recorder, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_null (saved);
  g_assert_false (sc_narration_recorder_get_is_recording (recorder));

  g_file_get_contents (path, &contents, NULL, NULL);
  g_assert_cmpstr (contents, ==, "appeared meanwhile");
  listing = list_dir (fixture);
  g_assert_cmpstr (listing, ==, "narration.wav");
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(ScNarrationRecorder) recorder = new_recorder (fixture, "narration.ogg");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *listing = NULL;
  g_autoptr(GFile) saved = NULL;
  g_autoptr(GError) error = NULL;

  allow_microphone (fixture);
  g_assert_true (sc_narration_recorder_start (recorder, &error));
  g_assert_no_error (error);
  spin (50);

  g_cancellable_cancel (cancellable);
  saved = stop (recorder, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (saved);
  g_assert_false (sc_narration_recorder_get_is_recording (recorder));

  listing = list_dir (fixture);
  g_assert_cmpstr (listing, ==, "");
}

/* A recorder dropped while recording leaves nothing behind. */
static void
test_dispose_while_recording (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(ScNarrationRecorder) recorder = new_recorder (fixture, "narration.wav");
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;

  allow_microphone (fixture);
  g_assert_true (sc_narration_recorder_start (recorder, &error));
  g_assert_no_error (error);
  spin (50);
  g_clear_object (&recorder);

  listing = list_dir (fixture);
  g_assert_cmpstr (listing, ==, "");
}

static void
test_bad_source_and_name (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(ScNarrationRecorder) recorder = new_recorder (fixture, "narration.ogg");
  g_autoptr(ScNarrationRecorder) mp3 = new_recorder (fixture, "narration.mp3");
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;

  allow_microphone (fixture);

  sc_narration_recorder_set_source_factory (recorder, "sc-no-such-source");
  g_assert_false (sc_narration_recorder_start (recorder, &error));
  g_assert_error (error, SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_MISSING_ELEMENT);
  g_assert_nonnull (strstr (error->message, "sc-no-such-source"));
  g_clear_error (&error);

  g_assert_false (sc_narration_recorder_start (mp3, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
  g_assert_cmpint (g_atomic_int_get (&opened_devices), ==, 0);

  listing = list_dir (fixture);
  g_assert_cmpstr (listing, ==, "");

  /* The default source: $SPHERECAM_AUDIO_SOURCE, else autoaudiosrc. */
  sc_narration_recorder_set_source_factory (recorder, NULL);
  g_assert_cmpstr (sc_narration_recorder_get_source_factory (recorder), ==, "autoaudiosrc");
  g_setenv ("SPHERECAM_AUDIO_SOURCE", COUNTING_SOURCE, TRUE);
  sc_narration_recorder_set_source_factory (recorder, NULL);
  g_assert_cmpstr (sc_narration_recorder_get_source_factory (recorder), ==, COUNTING_SOURCE);
  g_unsetenv ("SPHERECAM_AUDIO_SOURCE");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  g_unsetenv ("SPHERECAM_AUDIO_SOURCE");
  g_assert_true (sc_core_init (&error));
  g_assert_no_error (error);
  register_counting_source ();

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/sc-core/ScNarrationRecorder/gate/denied", test_denied, NULL);
  ADD ("/sc-core/ScNarrationRecorder/gate/consent-required", test_consent_required, NULL);
  ADD ("/sc-core/ScNarrationRecorder/record/ogg", test_record, "narration.ogg");
  ADD ("/sc-core/ScNarrationRecorder/record/wav", test_record, "narration.wav");
  ADD ("/sc-core/ScNarrationRecorder/never-replaces/at-start", test_never_replaces_at_start, NULL);
  ADD ("/sc-core/ScNarrationRecorder/never-replaces/at-stop", test_never_replaces_at_stop, NULL);
  ADD ("/sc-core/ScNarrationRecorder/cancel", test_cancel, NULL);
  ADD ("/sc-core/ScNarrationRecorder/dispose-while-recording", test_dispose_while_recording, NULL);
  ADD ("/sc-core/ScNarrationRecorder/bad-source-and-name", test_bad_source_and_name, NULL);

#undef ADD

  return g_test_run ();
}
