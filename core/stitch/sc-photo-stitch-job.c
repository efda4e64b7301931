/* sc-photo-stitch-job.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-photo-stitch"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-photo-stitch-private.h"
#include "sc-video-stitch-private.h"

/* The "stitch" job: photos and videos one after another on a worker thread (GTask),
 * reporting through the job (which hops to its owner's context). Cancel
 * stops between photos and inside one (the GStreamer waits poll it). */

typedef struct
{
  ScJob           *job;
  GPtrArray       *inputs;      /* GFile */
  GFile           *directory;
  ScStitchOptions  options;
  char            *profile;     /* owns options.profile */
  char            *encoder;     /* owns options.encoder */
  guint            index;
} StitchJob;

typedef struct
{
  GPtrArray    *paths;
  ScStitchPath  path;
  char         *reason;
} StitchResult;

static void
stitch_job_free (StitchJob *state)
{
  g_clear_object (&state->job);
  g_clear_pointer (&state->inputs, g_ptr_array_unref);
  g_clear_object (&state->directory);
  g_free (state->profile);
  g_free (state->encoder);
  g_free (state);
}

static void
stitch_result_free (StitchResult *result)
{
  g_ptr_array_unref (result->paths);
  g_free (result->reason);
  g_free (result);
}

static gboolean
is_video (GFile *input)
{
  g_autofree char *base = g_file_get_basename (input);

  return base != NULL &&
         (g_str_has_suffix (base, ".mp4") || g_str_has_suffix (base, ".MP4") ||
          g_str_has_suffix (base, ".mov") || g_str_has_suffix (base, ".MOV"));
}

static char *
output_name (GFile *input)
{
  g_autofree char *base = g_file_get_basename (input);
  g_autofree char *name = NULL;
  gboolean video = is_video (input);
  char *dot;

  if (base == NULL)
    base = g_strdup ("photo");
  if ((dot = strrchr (base, '.')) != NULL && dot != base)
    *dot = '\0';
  name = g_strdup_printf (video ? "%s-equirect.mp4" : "%s-equirect.jpg", base);

  return sc_download_sanitize_name (name);
}

static void
on_progress (double   fraction,
             gpointer user_data)
{
  StitchJob *state = user_data;

  sc_job_update (state->job, (state->index + fraction) / state->inputs->len, NULL);
}

static void
stitch_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  StitchJob *state = task_data;
  StitchResult *result = g_new0 (StitchResult, 1);

  result->paths = g_ptr_array_new_with_free_func (g_free);
  result->path = SC_STITCH_PATH_CPU;

  for (state->index = 0; state->index < state->inputs->len; state->index++)
    {
      GFile *input = g_ptr_array_index (state->inputs, state->index);
      g_autofree char *name = output_name (input);
      g_autofree char *display = g_file_get_basename (input);
      g_autofree char *message = NULL;
      g_autofree char *reason = NULL;
      g_autoptr(GFile) output = NULL;
      GError *error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        {
          stitch_result_free (result);
          g_task_return_error (task, error);
          return;
        }

      /* Translators: %s is a file name, then its place in the queue */
      message = g_strdup_printf (_("Stitching %s (%u of %u)"), display,
                                 state->index + 1, state->inputs->len);
      sc_job_update (state->job, (double) state->index / state->inputs->len, message);

      if (is_video (input))
        {
          if (!_sc_video_stitch_run (input, state->directory, name, TRUE, &state->options,
                                     cancellable, on_progress, state, &result->path, &reason,
                                     &output, &error))
            {
              stitch_result_free (result);
              g_task_return_error (task, error);
              return;
            }
        }
      else if (!_sc_photo_stitch_run (input, state->directory, name, TRUE, &state->options,
                                      on_progress, state, cancellable, &result->path, &reason,
                                      &output, &error))
        {
          stitch_result_free (result);
          g_task_return_error (task, error);
          return;
        }

      g_ptr_array_add (result->paths, g_file_get_path (output));
      g_free (result->reason);
      result->reason = g_steal_pointer (&reason);
    }

  g_task_return_pointer (task, result, (GDestroyNotify) stitch_result_free);
}

static void
stitch_done (GObject      *source_object,
             GAsyncResult *res,
             gpointer      user_data)
{
  StitchJob *state = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;
  StitchResult *result;
  GVariantDict dict;

  result = g_task_propagate_pointer (G_TASK (res), &error);
  if (result == NULL)
    {
      sc_job_return_error (state->job, g_steal_pointer (&error));
      return;
    }

  g_ptr_array_add (result->paths, NULL);
  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert_value (&dict, "paths",
                               g_variant_new_strv ((const char * const *) result->paths->pdata, -1));
  g_variant_dict_insert (&dict, "path", "s", sc_stitch_path_to_string (result->path));
  g_variant_dict_insert (&dict, "reason", "s", result->reason != NULL ? result->reason : "");
  stitch_result_free (result);

  sc_job_update (state->job, 1.0, _("Stitched"));
  sc_job_return_result (state->job, g_variant_dict_end (&dict));
}

/**
 * sc_photo_stitch_job_new:
 * @inputs: (element-type GFile): dual-fisheye JPEGs
 * @directory: where the outputs go
 * @options: how to stitch (copied)
 *
 * Starts a "stitch" job; see sc-photo-stitch.h.
 *
 * Returns: (transfer full): the running job
 */
ScJob *
sc_photo_stitch_job_new (GPtrArray              *inputs,
                         GFile                  *directory,
                         const ScStitchOptions  *options)
{
  g_autoptr(GTask) task = NULL;
  StitchJob *state;

  g_return_val_if_fail (inputs != NULL && inputs->len > 0, NULL);
  g_return_val_if_fail (G_IS_FILE (directory), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  state = g_new0 (StitchJob, 1);
  state->job = sc_job_new ("stitch");
  state->inputs = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < inputs->len; i++)
    g_ptr_array_add (state->inputs, g_object_ref (g_ptr_array_index (inputs, i)));
  state->directory = g_object_ref (directory);
  state->options = *options;
  state->profile = g_strdup (options->profile);
  state->options.profile = state->profile;
  state->encoder = g_strdup (options->encoder);
  state->options.encoder = state->encoder;

  sc_job_update (state->job, 0.0, _("Stitching photos"));

  task = g_task_new (NULL, sc_job_get_cancellable (state->job), stitch_done, NULL);
  g_task_set_source_tag (task, sc_photo_stitch_job_new);
  g_task_set_task_data (task, state, (GDestroyNotify) stitch_job_free);
  g_task_run_in_thread (task, stitch_thread);

  return g_object_ref (state->job);
}
