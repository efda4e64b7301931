/* sc-job.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-job"

#include "config.h"

#include "sc-core.h"
#include "sc-job-private.h"

/**
 * ScJob:
 *
 * A long operation that people and scripts can watch and cancel: a
 * download, a stitch, a render. The window's progress bars and the D-Bus
 * `org.spherecam.Spherecam.Job` object read the same #ScJob.
 *
 * A job belongs to the thread (the #GMainContext) that created it: its
 * signals and notifications are emitted there. The code doing the work may
 * report from any thread with sc_job_update(), sc_job_return_result() and
 * sc_job_return_error(); those hop to the owner's context. Reports from a
 * fast worker are coalesced, so a tight loop cannot flood the main loop.
 */
struct _ScJob
{
  GObject       parent_instance;

  guint         id;
  char         *kind;
  GMainContext *context;
  GThread      *owner;
  GCancellable *cancellable;

  /* Owner-thread state, what properties read. */
  ScJobState    state;
  double        progress;
  char         *message;
  GError       *error;
  GVariant     *result;

  /* Reports from other threads wait here until the owner's context runs. */
  GMutex        lock;
  GSource      *pending_source;
  gboolean      pending_update;
  double        pending_progress;
  char         *pending_message;
  gboolean      pending_final;
  GVariant     *pending_result;
  GError       *pending_error;
};

G_DEFINE_FINAL_TYPE (ScJob, sc_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_STATE,
  PROP_PROGRESS,
  PROP_MESSAGE,
  PROP_ERROR,
  PROP_RESULT,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
set_string (char       **ptr,
            const char  *str)
{
  if (g_strcmp0 (*ptr, str) == 0)
    return FALSE;
  g_free (*ptr);
  *ptr = g_strdup (str);
  return TRUE;
}

static void
apply_update (ScJob      *self,
              double      progress,
              const char *message)
{
  progress = CLAMP (progress, 0.0, 1.0);

  if (progress != self->progress)
    {
      self->progress = progress;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }

  if (message != NULL && set_string (&self->message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

static void
apply_final (ScJob    *self,
             GVariant *result,
             GError   *error)
{
  g_assert (self->state == SC_JOB_STATE_RUNNING);

  g_object_freeze_notify (G_OBJECT (self));

  if (error == NULL)
    {
      self->result = result != NULL ? g_variant_ref_sink (result)
                                    : g_variant_ref_sink (g_variant_new ("a{sv}", NULL));
      self->state = SC_JOB_STATE_DONE;
      apply_update (self, 1.0, NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULT]);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      self->state = SC_JOB_STATE_CANCELLED;
    }
  else
    {
      self->error = error;
      self->state = SC_JOB_STATE_FAILED;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_thaw_notify (G_OBJECT (self));

  g_debug ("Job %u (%s) finished: %s", self->id, self->kind,
           sc_job_state_to_string (self->state));
  g_signal_emit (self, signals[FINISHED], 0);
}

static gboolean
dispatch_pending (gpointer user_data)
{
  ScJob *self = user_data;
  g_autofree char *message = NULL;
  g_autoptr(GVariant) result = NULL;
  GError *error = NULL;
  gboolean update, final;
  double progress;

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->pending_source, g_source_unref);
  update = self->pending_update;
  progress = self->pending_progress;
  message = g_steal_pointer (&self->pending_message);
  final = self->pending_final;
  result = g_steal_pointer (&self->pending_result);
  error = g_steal_pointer (&self->pending_error);
  self->pending_update = FALSE;
  self->pending_final = FALSE;
  g_mutex_unlock (&self->lock);

  if (self->state != SC_JOB_STATE_RUNNING)
    {
      g_clear_error (&error);
      return G_SOURCE_REMOVE;
    }

  if (update)
    apply_update (self, progress, message);
  if (final)
    apply_final (self, g_steal_pointer (&result), error);

  return G_SOURCE_REMOVE;
}

/* Called with self->lock held. The source keeps a reference on the job, so a
 * report from a worker always reaches a live object. */
static void
schedule_dispatch_locked (ScJob *self)
{
  if (self->pending_source != NULL)
    return;

  self->pending_source = g_idle_source_new ();
  g_source_set_priority (self->pending_source, G_PRIORITY_DEFAULT);
  g_source_set_callback (self->pending_source, dispatch_pending,
                         g_object_ref (self), g_object_unref);
  g_source_set_static_name (self->pending_source, "[sc-job] dispatch");
  g_source_attach (self->pending_source, self->context);
}

static inline gboolean
is_owner_thread (ScJob *self)
{
  return g_thread_self () == self->owner;
}

static void
sc_job_dispose (GObject *object)
{
  ScJob *self = (ScJob *)object;

  g_mutex_lock (&self->lock);
  if (self->pending_source != NULL)
    {
      g_source_destroy (self->pending_source);
      g_clear_pointer (&self->pending_source, g_source_unref);
    }
  g_mutex_unlock (&self->lock);

  G_OBJECT_CLASS (sc_job_parent_class)->dispose (object);
}

static void
sc_job_finalize (GObject *object)
{
  ScJob *self = (ScJob *)object;

  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_error (&self->error);
  g_clear_pointer (&self->result, g_variant_unref);
  g_clear_pointer (&self->pending_message, g_free);
  g_clear_pointer (&self->pending_result, g_variant_unref);
  g_clear_error (&self->pending_error);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sc_job_parent_class)->finalize (object);
}

static void
sc_job_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  ScJob *self = SC_JOB (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_uint (value, self->id);
      break;

    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_RESULT:
      g_value_set_variant (value, self->result);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_job_set_property (GObject      *object,
                     guint         prop_id,
                     const GValue *value,
                     GParamSpec   *pspec)
{
  ScJob *self = SC_JOB (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_job_class_init (ScJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_job_dispose;
  object_class->finalize = sc_job_finalize;
  object_class->get_property = sc_job_get_property;
  object_class->set_property = sc_job_set_property;

  /**
   * ScJob:id:
   *
   * The job's number, unique within its #ScJobManager; 0 until the job is
   * added to one.
   */
  properties[PROP_ID] =
    g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * ScJob:kind:
   *
   * What the job does, e.g. "download" or "stitch".
   */
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScJob:state:
   *
   * The job's #ScJobState.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SC_TYPE_JOB_STATE, SC_JOB_STATE_RUNNING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScJob:progress:
   *
   * The fraction done, from 0 to 1.
   */
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScJob:message:
   *
   * A translated sentence saying what the job is doing now, or %NULL.
   */
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScJob:error:
   *
   * The #GError the job failed with, or %NULL.
   */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScJob:result:
   *
   * What the job produced, a `a{sv}` #GVariant, once it is done; %NULL before.
   */
  properties[PROP_RESULT] =
    g_param_spec_variant ("result", NULL, NULL, G_VARIANT_TYPE_VARDICT, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ScJob::finished:
   * @self: the job
   *
   * Emitted once, in the owner's context, when the job reaches a final
   * state (done, failed or cancelled).
   */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
sc_job_init (ScJob *self)
{
  g_mutex_init (&self->lock);
  self->state = SC_JOB_STATE_RUNNING;
  self->cancellable = g_cancellable_new ();
  self->context = g_main_context_ref_thread_default ();
  self->owner = g_thread_self ();
}

/**
 * sc_job_new:
 * @kind: what the job does, e.g. "download"
 *
 * Creates a running job owned by the calling thread's default #GMainContext.
 * Does not block.
 *
 * Returns: (transfer full): a new #ScJob
 */
ScJob *
sc_job_new (const char *kind)
{
  g_return_val_if_fail (kind != NULL, NULL);

  return g_object_new (SC_TYPE_JOB, "kind", kind, NULL);
}

void
_sc_job_set_id (ScJob *self,
                guint  id)
{
  g_return_if_fail (SC_IS_JOB (self));
  g_return_if_fail (self->id == 0);

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

/**
 * sc_job_get_id:
 * @self: a #ScJob
 *
 * Returns: the job's number, or 0 if no #ScJobManager holds it
 */
guint
sc_job_get_id (ScJob *self)
{
  g_return_val_if_fail (SC_IS_JOB (self), 0);

  return self->id;
}

/**
 * sc_job_get_kind:
 * @self: a #ScJob
 *
 * Returns: (transfer none): what the job does
 */
const char *
sc_job_get_kind (ScJob *self)
{
  g_return_val_if_fail (SC_IS_JOB (self), NULL);

  return self->kind;
}

/**
 * sc_job_get_state:
 * @self: a #ScJob
 *
 * Owner thread only.
 *
 * Returns: the job's state
 */
ScJobState
sc_job_get_state (ScJob *self)
{
  g_return_val_if_fail (SC_IS_JOB (self), SC_JOB_STATE_FAILED);

  return self->state;
}

/**
 * sc_job_state_to_string:
 * @state: a #ScJobState
 *
 * Returns: (transfer none): "running", "done", "failed" or "cancelled"
 */
const char *
sc_job_state_to_string (ScJobState state)
{
  GEnumClass *klass = g_type_class_ref (SC_TYPE_JOB_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  g_type_class_unref (klass);
  g_return_val_if_fail (value != NULL, "failed");

  return value->value_nick;
}

/**
 * sc_job_is_finished:
 * @self: a #ScJob
 *
 * Returns: %TRUE once the job is done, failed or cancelled
 */
gboolean
sc_job_is_finished (ScJob *self)
{
  g_return_val_if_fail (SC_IS_JOB (self), TRUE);

  return self->state != SC_JOB_STATE_RUNNING;
}

/**
 * sc_job_get_progress:
 * @self: a #ScJob
 *
 * Returns: the fraction done, 0 to 1
 */
double
sc_job_get_progress (ScJob *self)
{
  g_return_val_if_fail (SC_IS_JOB (self), 0.0);

  return self->progress;
}

/**
 * sc_job_get_message:
 * @self: a #ScJob
 *
 * Returns: (transfer none) (nullable): what the job is doing now
 */
const char *
sc_job_get_message (ScJob *self)
{
  g_return_val_if_fail (SC_IS_JOB (self), NULL);

  return self->message;
}

/**
 * sc_job_get_error:
 * @self: a #ScJob
 *
 * Returns: (transfer none) (nullable): the error the job failed with
 */
const GError *
sc_job_get_error (ScJob *self)
{
  g_return_val_if_fail (SC_IS_JOB (self), NULL);

  return self->error;
}

/**
 * sc_job_get_result:
 * @self: a #ScJob
 *
 * Returns: (transfer none) (nullable): the `a{sv}` result once done
 */
GVariant *
sc_job_get_result (ScJob *self)
{
  g_return_val_if_fail (SC_IS_JOB (self), NULL);

  return self->result;
}

/**
 * sc_job_get_cancellable:
 * @self: a #ScJob
 *
 * The cancellable to pass to the operation the job runs; sc_job_cancel()
 * triggers it. Safe from any thread.
 *
 * Returns: (transfer none): the job's #GCancellable
 */
GCancellable *
sc_job_get_cancellable (ScJob *self)
{
  g_return_val_if_fail (SC_IS_JOB (self), NULL);

  return self->cancellable;
}

/**
 * sc_job_cancel:
 * @self: a #ScJob
 *
 * Asks the job to stop by cancelling its #GCancellable. The job becomes
 * "cancelled" when the operation returns %G_IO_ERROR_CANCELLED through
 * sc_job_return_error(). Does nothing on a finished job. Safe from any
 * thread.
 */
void
sc_job_cancel (ScJob *self)
{
  g_return_if_fail (SC_IS_JOB (self));

  g_cancellable_cancel (self->cancellable);
}

/**
 * sc_job_update:
 * @self: a #ScJob
 * @progress: fraction done, 0 to 1 (clamped)
 * @message: (nullable): what the job is doing now, or %NULL to keep the last
 *
 * Reports progress. From the owner thread the properties change at once;
 * from another thread the report is queued to the owner's context, and
 * reports that arrive before it runs are merged (the last one wins).
 */
void
sc_job_update (ScJob      *self,
               double      progress,
               const char *message)
{
  g_return_if_fail (SC_IS_JOB (self));

  if (is_owner_thread (self))
    {
      if (self->state == SC_JOB_STATE_RUNNING)
        apply_update (self, progress, message);
      return;
    }

  g_mutex_lock (&self->lock);
  self->pending_update = TRUE;
  self->pending_progress = progress;
  if (message != NULL)
    set_string (&self->pending_message, message);
  schedule_dispatch_locked (self);
  g_mutex_unlock (&self->lock);
}

static void
return_final (ScJob    *self,
              GVariant *result,
              GError   *error)
{
  if (is_owner_thread (self))
    {
      if (self->state == SC_JOB_STATE_RUNNING)
        apply_final (self, result, error);
      else
        {
          g_critical ("Job %u (%s) returned twice", self->id, self->kind);
          if (result != NULL)
            g_variant_unref (g_variant_ref_sink (result));
          g_clear_error (&error);
        }
      return;
    }

  g_mutex_lock (&self->lock);
  if (self->pending_final)
    {
      g_mutex_unlock (&self->lock);
      g_critical ("Job %u (%s) returned twice", self->id, self->kind);
      if (result != NULL)
        g_variant_unref (g_variant_ref_sink (result));
      g_clear_error (&error);
      return;
    }
  self->pending_final = TRUE;
  self->pending_result = result != NULL ? g_variant_ref_sink (result) : NULL;
  self->pending_error = error;
  schedule_dispatch_locked (self);
  g_mutex_unlock (&self->lock);
}

/**
 * sc_job_return_result:
 * @self: a #ScJob
 * @result: (transfer floating) (nullable): an `a{sv}` #GVariant, or %NULL for
 *   an empty result
 *
 * Ends the job as "done" with @result. Call exactly once per job, or call
 * sc_job_return_error() instead. Safe from any thread; ::finished is
 * emitted in the owner's context.
 */
void
sc_job_return_result (ScJob    *self,
                      GVariant *result)
{
  g_return_if_fail (SC_IS_JOB (self));
  g_return_if_fail (result == NULL || g_variant_is_of_type (result, G_VARIANT_TYPE_VARDICT));

  return_final (self, result, NULL);
}

/**
 * sc_job_return_error:
 * @self: a #ScJob
 * @error: (transfer full): what went wrong
 *
 * Ends the job: "cancelled" if @error is %G_IO_ERROR_CANCELLED, else
 * "failed" with @error. Call exactly once per job, or call
 * sc_job_return_result() instead. Safe from any thread.
 */
void
sc_job_return_error (ScJob  *self,
                     GError *error)
{
  g_return_if_fail (SC_IS_JOB (self));
  g_return_if_fail (error != NULL);

  return_final (self, NULL, error);
}
