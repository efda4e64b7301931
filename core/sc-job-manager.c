/* sc-job-manager.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-job-manager"

#include "config.h"

#include "sc-core.h"
#include "sc-job-private.h"

#define DEFAULT_KEEP_FINISHED 32

/**
 * ScJobManager:
 *
 * The jobs of one application: numbers them, keeps them while they run and
 * for a while after (the last #ScJobManager:keep-finished finished jobs, so
 * that a script can still read how its job ended), and is a #GListModel of
 * #ScJob in the order they were added. The D-Bus service exports one
 * `org.spherecam.Spherecam.Job` object per item; the window shows the
 * running ones.
 *
 * Owner thread only.
 */
struct _ScJobManager
{
  GObject    parent_instance;

  GPtrArray *jobs;
  guint      next_id;
  guint      keep_finished;
  guint      n_running;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScJobManager, sc_job_manager, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_N_RUNNING,
  PROP_KEEP_FINISHED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
sc_job_manager_get_item_type (GListModel *model)
{
  return SC_TYPE_JOB;
}

static guint
sc_job_manager_get_n_items (GListModel *model)
{
  return SC_JOB_MANAGER (model)->jobs->len;
}

static gpointer
sc_job_manager_get_item (GListModel *model,
                         guint       position)
{
  ScJobManager *self = SC_JOB_MANAGER (model);

  if (position >= self->jobs->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->jobs, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sc_job_manager_get_item_type;
  iface->get_n_items = sc_job_manager_get_n_items;
  iface->get_item = sc_job_manager_get_item;
}

/* Drops the oldest finished jobs beyond keep_finished. */
static void
prune (ScJobManager *self)
{
  guint n_finished = self->jobs->len - self->n_running;

  for (guint i = 0; i < self->jobs->len && n_finished > self->keep_finished; )
    {
      ScJob *job = g_ptr_array_index (self->jobs, i);

      if (!sc_job_is_finished (job))
        {
          i++;
          continue;
        }

      g_debug ("Forgetting job %u", sc_job_get_id (job));
      g_signal_handlers_disconnect_by_data (job, self);
      g_ptr_array_remove_index (self->jobs, i);
      g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 0);
      n_finished--;
    }
}

static void
on_job_finished_cb (ScJob        *job,
                    ScJobManager *self)
{
  g_assert (self->n_running > 0);

  self->n_running--;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RUNNING]);
  prune (self);
}

static void
sc_job_manager_dispose (GObject *object)
{
  ScJobManager *self = (ScJobManager *)object;

  if (self->jobs != NULL)
    for (guint i = 0; i < self->jobs->len; i++)
      g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->jobs, i), self);
  g_clear_pointer (&self->jobs, g_ptr_array_unref);

  G_OBJECT_CLASS (sc_job_manager_parent_class)->dispose (object);
}

static void
sc_job_manager_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ScJobManager *self = SC_JOB_MANAGER (object);

  switch (prop_id)
    {
    case PROP_N_RUNNING:
      g_value_set_uint (value, self->n_running);
      break;

    case PROP_KEEP_FINISHED:
      g_value_set_uint (value, self->keep_finished);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_job_manager_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ScJobManager *self = SC_JOB_MANAGER (object);

  switch (prop_id)
    {
    case PROP_KEEP_FINISHED:
      sc_job_manager_set_keep_finished (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_job_manager_class_init (ScJobManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_job_manager_dispose;
  object_class->get_property = sc_job_manager_get_property;
  object_class->set_property = sc_job_manager_set_property;

  /**
   * ScJobManager:n-running:
   *
   * How many jobs are running.
   */
  properties[PROP_N_RUNNING] =
    g_param_spec_uint ("n-running", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ScJobManager:keep-finished:
   *
   * How many finished jobs to keep before forgetting the oldest.
   */
  properties[PROP_KEEP_FINISHED] =
    g_param_spec_uint ("keep-finished", NULL, NULL, 0, G_MAXUINT, DEFAULT_KEEP_FINISHED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_job_manager_init (ScJobManager *self)
{
  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  self->next_id = 1;
  self->keep_finished = DEFAULT_KEEP_FINISHED;
}

/**
 * sc_job_manager_new:
 *
 * Returns: (transfer full): a new, empty #ScJobManager
 */
ScJobManager *
sc_job_manager_new (void)
{
  return g_object_new (SC_TYPE_JOB_MANAGER, NULL);
}

/**
 * sc_job_manager_add:
 * @self: a #ScJobManager
 * @job: a running #ScJob that no manager holds yet
 *
 * Gives @job its number and appends it to the model.
 *
 * Returns: the job's id
 */
guint
sc_job_manager_add (ScJobManager *self,
                    ScJob        *job)
{
  g_return_val_if_fail (SC_IS_JOB_MANAGER (self), 0);
  g_return_val_if_fail (SC_IS_JOB (job), 0);
  g_return_val_if_fail (sc_job_get_id (job) == 0, 0);

  _sc_job_set_id (job, self->next_id++);
  g_ptr_array_add (self->jobs, g_object_ref (job));

  if (!sc_job_is_finished (job))
    {
      self->n_running++;
      g_signal_connect_object (job, "finished", G_CALLBACK (on_job_finished_cb), self, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RUNNING]);
    }

  g_list_model_items_changed (G_LIST_MODEL (self), self->jobs->len - 1, 0, 1);
  prune (self);

  return sc_job_get_id (job);
}

/**
 * sc_job_manager_lookup:
 * @self: a #ScJobManager
 * @id: a job id
 *
 * Returns: (transfer none) (nullable): the job with @id, or %NULL if there
 *   is none (never was, or forgotten)
 */
ScJob *
sc_job_manager_lookup (ScJobManager *self,
                       guint         id)
{
  g_return_val_if_fail (SC_IS_JOB_MANAGER (self), NULL);

  for (guint i = 0; i < self->jobs->len; i++)
    {
      ScJob *job = g_ptr_array_index (self->jobs, i);

      if (sc_job_get_id (job) == id)
        return job;
    }

  return NULL;
}

/**
 * sc_job_manager_get_n_running:
 * @self: a #ScJobManager
 *
 * Returns: how many jobs are running
 */
guint
sc_job_manager_get_n_running (ScJobManager *self)
{
  g_return_val_if_fail (SC_IS_JOB_MANAGER (self), 0);

  return self->n_running;
}

/**
 * sc_job_manager_set_keep_finished:
 * @self: a #ScJobManager
 * @keep_finished: how many finished jobs to keep
 *
 * Sets #ScJobManager:keep-finished and forgets finished jobs beyond it.
 */
void
sc_job_manager_set_keep_finished (ScJobManager *self,
                                  guint         keep_finished)
{
  g_return_if_fail (SC_IS_JOB_MANAGER (self));

  if (self->keep_finished == keep_finished)
    return;

  self->keep_finished = keep_finished;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEEP_FINISHED]);
  prune (self);
}

/**
 * sc_job_manager_cancel_all:
 * @self: a #ScJobManager
 *
 * Cancels every running job (at shutdown).
 */
void
sc_job_manager_cancel_all (ScJobManager *self)
{
  g_return_if_fail (SC_IS_JOB_MANAGER (self));

  for (guint i = 0; i < self->jobs->len; i++)
    sc_job_cancel (g_ptr_array_index (self->jobs, i));
}
