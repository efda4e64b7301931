/* sc-narration.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-narration"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "sc-error.h"
#include "sc-file-private.h"
#include "sc-narration.h"
#include "sc-permissions.h"

GST_DEBUG_CATEGORY_STATIC (sc_narration_debug);
#define GST_CAT_DEFAULT sc_narration_debug

/*
 * ScNarrationRecorder records the microphone with
 *
 *   <source> ! audioconvert ! audioresample ! opusenc ! oggmux ! filesink    (.ogg, .opus)
 *   <source> ! audioconvert ! audioresample ! wavenc ! filesink              (.wav)
 *
 * into a hidden temporary file next to the output (".<name>.XXXXXX.part"),
 * renamed to the output only once the recording is complete: stop sends
 * EOS, waits for it on the bus (on the owner's main context), stops the
 * pipeline, syncs the file and links it to its final name, which never
 * replaces an existing file. Any failure or cancellation deletes the
 * temporary file.
 *
 * The privacy gate comes first: start() checks the "microphone" permission
 * (and consent) before creating any GStreamer element, so with the toggle
 * off no audio device is ever opened.
 */

#define DEFAULT_SOURCE     "autoaudiosrc"
#define SOURCE_ENV         "SPHERECAM_AUDIO_SOURCE"
#define EOS_TIMEOUT_S      10

typedef enum
{
  FORMAT_OPUS,
  FORMAT_WAV,
} Format;

struct _ScNarrationRecorder
{
  GObject       parent_instance;

  GFile        *output;
  char         *source_factory;

  GMainContext *context;
  GstElement   *pipeline;
  GSource      *bus_source;
  char         *temp_path;
  GError       *error;          /* the first pipeline error while recording */
  gint          n_buffers;      /* atomic: sound that reached the encoder */

  GTask        *stop_task;      /* while stopping */
  GSource      *eos_timeout;
  GSource      *cancel_source;
};

G_DEFINE_FINAL_TYPE (ScNarrationRecorder, sc_narration_recorder, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_OUTPUT,
  PROP_SOURCE_FACTORY,
  PROP_IS_RECORDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

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

static gboolean
format_for_output (GFile   *output,
                   Format  *format,
                   GError **error)
{
  g_autofree char *basename = g_file_get_basename (output);
  g_autofree char *lower = g_ascii_strdown (basename != NULL ? basename : "", -1);

  if (g_str_has_suffix (lower, ".ogg") || g_str_has_suffix (lower, ".opus"))
    *format = FORMAT_OPUS;
  else if (g_str_has_suffix (lower, ".wav"))
    *format = FORMAT_WAV;
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("Narration can be saved as .ogg, .opus or .wav only. "
                     "Choose a file name with one of these extensions."));
      return FALSE;
    }

  return TRUE;
}

static GstElement *
make (const char  *factory,
      GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    g_set_error (error, SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_MISSING_ELEMENT,
                 _("The GStreamer element “%s” is missing. Install the GStreamer plugins "
                   "that provide it (gstreamer1.0-plugins-base and -good)."), factory);
  return element;
}

static GError *
error_from_message (GstMessage *message)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;

  gst_message_parse_error (message, &gst_error, &debug);
  g_debug ("Pipeline error from %s: %s (%s)", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)),
           gst_error->message, debug != NULL ? debug : "");
  GST_WARNING ("%s: %s", gst_error->message, debug);

  if (g_error_matches (gst_error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION) ||
      g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT))
    return g_error_new (SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_NEGOTIATION,
                        _("The microphone’s sound could not be converted for recording: %s"),
                        gst_error->message);

  if (gst_error->domain == GST_RESOURCE_ERROR &&
      (gst_error->code == GST_RESOURCE_ERROR_OPEN_WRITE ||
       gst_error->code == GST_RESOURCE_ERROR_WRITE ||
       gst_error->code == GST_RESOURCE_ERROR_NO_SPACE_LEFT))
    return g_error_new (SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_STREAM,
                        _("The narration could not be written: %s. "
                          "Check that the folder is writable and has free space."),
                        gst_error->message);

  return g_error_new (SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_STREAM,
                      _("Sound could not be recorded: %s. "
                        "Check that a microphone is connected and not used by another application."),
                      gst_error->message);
}

static void
delete_temp (ScNarrationRecorder *self)
{
  if (self->temp_path == NULL)
    return;

  if (g_unlink (self->temp_path) != 0 && errno != ENOENT)
    g_debug ("Could not remove %s: %s", self->temp_path, g_strerror (errno));
  g_clear_pointer (&self->temp_path, g_free);
}

static void
clear_stop_sources (ScNarrationRecorder *self)
{
  if (self->eos_timeout != NULL)
    {
      g_source_destroy (self->eos_timeout);
      g_clear_pointer (&self->eos_timeout, g_source_unref);
    }
  if (self->cancel_source != NULL)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }
}

/* Stops and drops the pipeline; keeps the temporary file. */
static void
stop_pipeline (ScNarrationRecorder *self)
{
  clear_stop_sources (self);

  if (self->bus_source != NULL)
    {
      g_source_destroy (self->bus_source);
      g_clear_pointer (&self->bus_source, g_source_unref);
    }

  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_object (&self->pipeline);
    }
}

/* Drops everything of the current recording, temporary file included. */
static void
teardown (ScNarrationRecorder *self)
{
  gboolean was_recording = self->pipeline != NULL;

  stop_pipeline (self);
  delete_temp (self);
  g_clear_error (&self->error);

  if (was_recording)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_RECORDING]);
}

static gboolean
fsync_path (const char  *path,
            int          flags,
            GError     **error)
{
  int fd = g_open (path, flags | O_CLOEXEC, 0);

  if (fd < 0 || (fsync (fd) != 0 && errno != EINVAL))
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The narration could not be saved: %s. "
                     "Check that the disk is not full, then record again."),
                   g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

/* Gives the complete temporary file its final name, never replacing a
 * file that exists (see _sc_file_publish()). File systems with neither
 * RENAME_NOREPLACE nor hard links get a checked rename(). */
static gboolean
publish (ScNarrationRecorder  *self,
         GError              **error)
{
  g_autofree char *output = g_file_get_path (self->output);
  g_autofree char *dir = g_path_get_dirname (output);
  g_autofree char *name = g_path_get_basename (output);
  g_autofree char *final_path = NULL;
  int saved_errno = 0;

  if (!fsync_path (self->temp_path, O_RDONLY, error))
    return FALSE;

  final_path = _sc_file_publish (self->temp_path, dir, name, FALSE, &saved_errno);
  if (final_path == NULL &&
      (saved_errno == EPERM || saved_errno == ENOTSUP || saved_errno == EOPNOTSUPP ||
       saved_errno == EMLINK || saved_errno == ENOSYS) &&
      !g_file_test (output, G_FILE_TEST_EXISTS) &&
      g_rename (self->temp_path, output) == 0)
    {
      _sc_file_sync_directory (dir);
      final_path = g_strdup (output);
    }

  if (final_path == NULL)
    {
      if (saved_errno == EEXIST || g_file_test (output, G_FILE_TEST_EXISTS))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                     _("%s already exists. Choose another name for the narration, "
                       "so that the existing file is kept."), output);
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                     _("The narration could not be saved as %s: %s"),
                     output, g_strerror (saved_errno));
      return FALSE;
    }

  g_clear_pointer (&self->temp_path, g_free);

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Stopping                                                            */

/* Completes the pending stop with @error (taken), or with the output. */
static void
complete_stop (ScNarrationRecorder *self,
               GError              *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->stop_task);

  g_assert (task != NULL);

  stop_pipeline (self);

  if (error == NULL && self->error != NULL)
    error = g_steal_pointer (&self->error);
  /* Stopped before the device delivered anything: no file of silence. */
  if (error == NULL && g_atomic_int_get (&self->n_buffers) == 0)
    error = g_error_new_literal (SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_STREAM,
                                 _("No sound was recorded. Check that the microphone works, "
                                   "then record for a little longer."));
  if (error == NULL && !publish (self, &error))
    g_assert (error != NULL);

  teardown (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_RECORDING]);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_object_ref (self->output), g_object_unref);
}

static gboolean
on_bus_message_cb (GstBus     *bus,
                   GstMessage *message,
                   gpointer    user_data)
{
  ScNarrationRecorder *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      if (self->error == NULL)
        self->error = error_from_message (message);
      /* Nothing more will come: stop now; a later stop reports the error. */
      if (self->stop_task != NULL)
        complete_stop (self, NULL);
      else
        {
          g_clear_pointer (&self->bus_source, g_source_unref);
          gst_element_set_state (self->pipeline, GST_STATE_NULL);
        }
      return G_SOURCE_REMOVE;

    case GST_MESSAGE_EOS:
      if (self->stop_task != NULL)
        {
          g_clear_pointer (&self->bus_source, g_source_unref);
          complete_stop (self, NULL);
          return G_SOURCE_REMOVE;
        }
      break;

    case GST_MESSAGE_WARNING:
      {
        g_autoptr(GError) gst_error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_warning (message, &gst_error, &debug);
        g_debug ("Pipeline warning: %s (%s)", gst_error->message, debug != NULL ? debug : "");
        break;
      }

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
on_eos_timeout_cb (gpointer user_data)
{
  ScNarrationRecorder *self = user_data;

  g_clear_pointer (&self->eos_timeout, g_source_unref);
  complete_stop (self, g_error_new (SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_STREAM,
                                    _("The recording did not finish within %d seconds. "
                                      "Check the microphone and record again."), EOS_TIMEOUT_S));
  return G_SOURCE_REMOVE;
}

static gboolean
on_stop_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  ScNarrationRecorder *self = user_data;

  g_clear_pointer (&self->cancel_source, g_source_unref);
  complete_stop (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                            _("Saving the narration was cancelled.")));
  return G_SOURCE_REMOVE;
}

/* On a streaming thread. */
static GstPadProbeReturn
on_encoder_buffer_cb (GstPad          *pad,
                      GstPadProbeInfo *info,
                      gpointer         user_data)
{
  ScNarrationRecorder *self = user_data;

  g_atomic_int_inc (&self->n_buffers);

  return GST_PAD_PROBE_REMOVE;
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
sc_narration_recorder_dispose (GObject *object)
{
  ScNarrationRecorder *self = (ScNarrationRecorder *)object;

  /* A pending stop holds a reference: nothing is stopping here. */
  g_assert (self->stop_task == NULL);
  stop_pipeline (self);
  delete_temp (self);

  G_OBJECT_CLASS (sc_narration_recorder_parent_class)->dispose (object);
}

static void
sc_narration_recorder_finalize (GObject *object)
{
  ScNarrationRecorder *self = (ScNarrationRecorder *)object;

  g_clear_error (&self->error);
  g_clear_object (&self->output);
  g_clear_pointer (&self->source_factory, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (sc_narration_recorder_parent_class)->finalize (object);
}

static void
sc_narration_recorder_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ScNarrationRecorder *self = SC_NARRATION_RECORDER (object);

  switch (prop_id)
    {
    case PROP_OUTPUT:
      g_value_set_object (value, self->output);
      break;

    case PROP_SOURCE_FACTORY:
      g_value_set_string (value, self->source_factory);
      break;

    case PROP_IS_RECORDING:
      g_value_set_boolean (value, sc_narration_recorder_get_is_recording (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_narration_recorder_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ScNarrationRecorder *self = SC_NARRATION_RECORDER (object);

  switch (prop_id)
    {
    case PROP_OUTPUT:
      self->output = g_value_dup_object (value);
      break;

    case PROP_SOURCE_FACTORY:
      sc_narration_recorder_set_source_factory (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_narration_recorder_class_init (ScNarrationRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_narration_recorder_dispose;
  object_class->finalize = sc_narration_recorder_finalize;
  object_class->get_property = sc_narration_recorder_get_property;
  object_class->set_property = sc_narration_recorder_set_property;

  /**
   * ScNarrationRecorder:output:
   *
   * The file the narration is saved to: Ogg Opus for .ogg and .opus,
   * WAV for .wav. It must not exist; it is never replaced.
   */
  properties[PROP_OUTPUT] =
    g_param_spec_object ("output", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * ScNarrationRecorder:source-factory:
   *
   * The GStreamer element that captures sound: "autoaudiosrc" unless
   * $SPHERECAM_AUDIO_SOURCE names another. Used by the next start.
   */
  properties[PROP_SOURCE_FACTORY] =
    g_param_spec_string ("source-factory", NULL, NULL,
                         DEFAULT_SOURCE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ScNarrationRecorder:is-recording:
   *
   * Whether a recording runs: from a successful start until its stop
   * completes.
   */
  properties[PROP_IS_RECORDING] =
    g_param_spec_boolean ("is-recording", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  GST_DEBUG_CATEGORY_INIT (sc_narration_debug, "scnarration", 0, "Spherecam narration recorder");
}

static void
sc_narration_recorder_init (ScNarrationRecorder *self)
{
  const char *env = g_getenv (SOURCE_ENV);

  self->source_factory = g_strdup (env != NULL && *env != '\0' ? env : DEFAULT_SOURCE);
  self->context = g_main_context_ref_thread_default ();
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */

/**
 * sc_narration_recorder_new:
 * @output: where to save the narration (.ogg, .opus or .wav); a local
 *   file that does not exist yet
 *
 * Creates a recorder. Nothing is opened until sc_narration_recorder_start().
 * The recorder belongs to the calling thread and its main context.
 *
 * Returns: (transfer full): a new #ScNarrationRecorder
 */
ScNarrationRecorder *
sc_narration_recorder_new (GFile *output)
{
  g_return_val_if_fail (G_IS_FILE (output), NULL);

  return g_object_new (SC_TYPE_NARRATION_RECORDER,
                       "output", output,
                       NULL);
}

/**
 * sc_narration_recorder_get_output:
 * @self: an #ScNarrationRecorder
 *
 * Returns: (transfer none): the file the narration is saved to
 */
GFile *
sc_narration_recorder_get_output (ScNarrationRecorder *self)
{
  g_return_val_if_fail (SC_IS_NARRATION_RECORDER (self), NULL);

  return self->output;
}

/**
 * sc_narration_recorder_get_source_factory:
 * @self: an #ScNarrationRecorder
 *
 * Returns: (transfer none): the name of the GStreamer source element
 */
const char *
sc_narration_recorder_get_source_factory (ScNarrationRecorder *self)
{
  g_return_val_if_fail (SC_IS_NARRATION_RECORDER (self), NULL);

  return self->source_factory;
}

/**
 * sc_narration_recorder_set_source_factory:
 * @self: an #ScNarrationRecorder
 * @factory: (nullable): a GStreamer element factory name, or %NULL for
 *   the default ("autoaudiosrc" or $SPHERECAM_AUDIO_SOURCE)
 *
 * Chooses the element that captures sound, for the next start.
 */
void
sc_narration_recorder_set_source_factory (ScNarrationRecorder *self,
                                          const char          *factory)
{
  const char *env = g_getenv (SOURCE_ENV);

  g_return_if_fail (SC_IS_NARRATION_RECORDER (self));

  if (factory == NULL || *factory == '\0')
    factory = env != NULL && *env != '\0' ? env : DEFAULT_SOURCE;

  if (set_str (&self->source_factory, factory))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE_FACTORY]);
}

/**
 * sc_narration_recorder_get_is_recording:
 * @self: an #ScNarrationRecorder
 *
 * Returns: whether a recording runs (started and not yet stopped)
 */
gboolean
sc_narration_recorder_get_is_recording (ScNarrationRecorder *self)
{
  g_return_val_if_fail (SC_IS_NARRATION_RECORDER (self), FALSE);

  return self->pipeline != NULL || self->stop_task != NULL;
}

/**
 * sc_narration_recorder_start:
 * @self: an #ScNarrationRecorder
 * @error: return location for a #GError
 *
 * Starts recording. First checks, on sc_permissions_get_default(), that
 * the user accepted the privacy policy and turned "microphone" on; only
 * then builds the pipeline and opens the audio device. Does not block on
 * the device: errors that come later are reported by
 * sc_narration_recorder_stop_finish().
 *
 * Returns: %TRUE if recording started; %FALSE with
 *   %SC_PERMISSION_ERROR_DENIED, %SC_PERMISSION_ERROR_CONSENT_REQUIRED,
 *   %G_IO_ERROR_EXISTS (the output exists), %G_IO_ERROR_INVALID_FILENAME,
 *   %SC_PIPELINE_ERROR_MISSING_ELEMENT, %SC_PIPELINE_ERROR_STREAM …
 */
gboolean
sc_narration_recorder_start (ScNarrationRecorder  *self,
                             GError              **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autofree char *output = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *template = NULL;
  GstElement *source, *convert, *resample, *encoder, *mux = NULL, *sink;
  GstStateChangeReturn ret;
  Format format;
  int fd;

  g_return_val_if_fail (SC_IS_NARRATION_RECORDER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (!sc_narration_recorder_get_is_recording (self), FALSE);

  /* The gate, before anything that could touch a device. */
  if (!sc_permissions_check (sc_permissions_get_default (), SC_PERMISSION_MICROPHONE, error))
    return FALSE;

  if (!format_for_output (self->output, &format, error))
    return FALSE;

  output = g_file_get_path (self->output);
  if (output == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Narration can only be saved to a folder on this computer."));
      return FALSE;
    }
  if (g_file_test (output, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("%s already exists. Choose another name for the narration, "
                     "so that the existing file is kept."), output);
      return FALSE;
    }

  if (!gst_is_initialized () && !gst_init_check (NULL, NULL, error))
    return FALSE;

  /* The hidden temporary file, created now so that its name is ours. */
  dir = g_path_get_dirname (output);
  basename = g_path_get_basename (output);
  template = g_strdup_printf ("%s/.%s.XXXXXX.part", dir, basename);
  fd = g_mkstemp_full (template, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The narration could not be created in %s: %s. "
                     "Check that the folder exists and is writable."),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);
  self->temp_path = g_steal_pointer (&template);

  pipeline = gst_pipeline_new ("sc-narration");
  if ((source = make (self->source_factory, error)) == NULL)
    goto failed;
  gst_bin_add (GST_BIN (pipeline), source);
  if ((convert = make ("audioconvert", error)) == NULL)
    goto failed;
  gst_bin_add (GST_BIN (pipeline), convert);
  if ((resample = make ("audioresample", error)) == NULL)
    goto failed;
  gst_bin_add (GST_BIN (pipeline), resample);
  if ((encoder = make (format == FORMAT_OPUS ? "opusenc" : "wavenc", error)) == NULL)
    goto failed;
  gst_bin_add (GST_BIN (pipeline), encoder);
  if (format == FORMAT_OPUS)
    {
      if ((mux = make ("oggmux", error)) == NULL)
        goto failed;
      gst_bin_add (GST_BIN (pipeline), mux);
    }
  if ((sink = make ("filesink", error)) == NULL)
    goto failed;
  gst_bin_add (GST_BIN (pipeline), sink);

  /* Unbuffered: what was recorded is on disk as it comes (a few kB/s),
   * not after 64 kB. */
  g_object_set (sink, "location", self->temp_path, "async", FALSE, NULL);
  gst_util_set_object_arg (G_OBJECT (sink), "buffer-mode", "unbuffered");

  if (!gst_element_link_many (source, convert, resample, encoder, NULL) ||
      (mux != NULL && !gst_element_link (encoder, mux)) ||
      !gst_element_link (mux != NULL ? mux : encoder, sink))
    {
      g_set_error_literal (error, SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_NEGOTIATION,
                           _("The narration recording pipeline could not be built. "
                             "Check the GStreamer installation."));
      goto failed;
    }

  {
    g_autoptr(GstPad) pad = gst_element_get_static_pad (encoder, "sink");

    g_atomic_int_set (&self->n_buffers, 0);
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_encoder_buffer_cb, self, NULL);
  }

  ret = gst_element_set_state (pipeline, GST_STATE_PLAYING);
  if (ret == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstBus) failed_bus = gst_element_get_bus (pipeline);
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (failed_bus, GST_MESSAGE_ERROR);

      if (message != NULL)
        g_propagate_error (error, error_from_message (message));
      else
        g_set_error_literal (error, SC_PIPELINE_ERROR, SC_PIPELINE_ERROR_STREAM,
                             _("Sound could not be recorded. Check that a microphone is "
                               "connected and not used by another application."));
      gst_element_set_state (pipeline, GST_STATE_NULL);
      goto failed;
    }

  /* The bus is watched on the owner's context. */
  bus = gst_element_get_bus (pipeline);
  self->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_source, (GSourceFunc) G_CALLBACK (on_bus_message_cb), self, NULL);
  g_source_set_static_name (self->bus_source, "[sc-narration] bus");
  g_source_attach (self->bus_source, self->context);

  self->pipeline = g_steal_pointer (&pipeline);
  g_clear_error (&self->error);
  GST_DEBUG_OBJECT (self->pipeline, "Recording narration with %s", self->source_factory);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_RECORDING]);

  return TRUE;

failed:
  delete_temp (self);
  return FALSE;
}

/**
 * sc_narration_recorder_stop_async:
 * @self: an #ScNarrationRecorder
 * @cancellable: (nullable): a #GCancellable; cancelling discards the
 *   recording
 * @callback: called when the narration is saved, or not
 * @user_data: closure for @callback
 *
 * Ends the recording: the pipeline drains (EOS), the file is synced and
 * given its final name. Runs on the owner's main context.
 */
void
sc_narration_recorder_stop_async (ScNarrationRecorder *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SC_IS_NARRATION_RECORDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_narration_recorder_stop_async);

  if (self->stop_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The narration is already being saved."));
      return;
    }

  if (self->pipeline == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("No narration is being recorded. Start recording first."));
      return;
    }

  self->stop_task = g_steal_pointer (&task);

  /* A pipeline error while recording: nothing to drain. */
  if (self->error != NULL)
    {
      complete_stop (self, NULL);
      return;
    }

  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, G_SOURCE_FUNC (on_stop_cancelled_cb), self, NULL);
      g_source_set_static_name (self->cancel_source, "[sc-narration] cancel");
      g_source_attach (self->cancel_source, self->context);
    }

  self->eos_timeout = g_timeout_source_new_seconds (EOS_TIMEOUT_S);
  g_source_set_callback (self->eos_timeout, on_eos_timeout_cb, self, NULL);
  g_source_set_static_name (self->eos_timeout, "[sc-narration] eos timeout");
  g_source_attach (self->eos_timeout, self->context);

  gst_element_send_event (self->pipeline, gst_event_new_eos ());
}

/**
 * sc_narration_recorder_stop_finish:
 * @self: an #ScNarrationRecorder
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the saved narration (#ScNarrationRecorder:output),
 *   or %NULL with %G_IO_ERROR_EXISTS (a file appeared under that name; it
 *   is kept), %G_IO_ERROR_CANCELLED, %SC_PIPELINE_ERROR_* …; on failure no
 *   file is left behind
 */
GFile *
sc_narration_recorder_stop_finish (ScNarrationRecorder  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (SC_IS_NARRATION_RECORDER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
