/* test-job.c: ScJob and ScJobManager
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sc-core.h>

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
count_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        guint      *count)
{
  (*count)++;
}

static void
test_job_done (void)
{
  g_autoptr(ScJob) job = sc_job_new ("test");
  gpointer weak = job;
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  guint finished = 0, state_notifies = 0;
  guint32 value = 0;

  g_object_add_weak_pointer (G_OBJECT (job), &weak);
  g_signal_connect (job, "finished", G_CALLBACK (count_cb), &finished);
  g_signal_connect (job, "notify::state", G_CALLBACK (count_notify_cb), &state_notifies);

  g_assert_cmpstr (sc_job_get_kind (job), ==, "test");
  g_assert_cmpuint (sc_job_get_id (job), ==, 0);
  g_assert_cmpint (sc_job_get_state (job), ==, SC_JOB_STATE_RUNNING);
  g_assert_cmpstr (sc_job_state_to_string (SC_JOB_STATE_RUNNING), ==, "running");
  g_assert_false (sc_job_is_finished (job));
  g_assert_null (sc_job_get_result (job));

  sc_job_update (job, 0.5, "Half way");
  g_assert_cmpfloat (sc_job_get_progress (job), ==, 0.5);
  g_assert_cmpstr (sc_job_get_message (job), ==, "Half way");

  sc_job_update (job, 7.0, NULL);   /* clamped; the message stays */
  g_assert_cmpfloat (sc_job_get_progress (job), ==, 1.0);
  g_assert_cmpstr (sc_job_get_message (job), ==, "Half way");

  g_variant_dict_insert (&dict, "answer", "u", 42);
  sc_job_return_result (job, g_variant_dict_end (&dict));
  g_assert_cmpint (sc_job_get_state (job), ==, SC_JOB_STATE_DONE);
  g_assert_cmpstr (sc_job_state_to_string (sc_job_get_state (job)), ==, "done");
  g_assert_true (sc_job_is_finished (job));
  g_assert_true (g_variant_lookup (sc_job_get_result (job), "answer", "u", &value));
  g_assert_cmpuint (value, ==, 42);
  g_assert_null (sc_job_get_error (job));
  g_assert_cmpuint (finished, ==, 1);
  g_assert_cmpuint (state_notifies, ==, 1);

  /* Updates after the end change nothing. */
  sc_job_update (job, 0.1, "late");
  g_assert_cmpfloat (sc_job_get_progress (job), ==, 1.0);

  g_clear_object (&job);
  g_assert_null (weak);
}

static void
test_job_failed (void)
{
  g_autoptr(ScJob) job = sc_job_new ("test");
  gpointer weak = job;
  const GError *error;

  g_object_add_weak_pointer (G_OBJECT (job), &weak);

  sc_job_return_error (job, g_error_new_literal (SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY,
                                                 "The camera is busy"));
  g_assert_cmpint (sc_job_get_state (job), ==, SC_JOB_STATE_FAILED);
  error = sc_job_get_error (job);
  g_assert_error (error, SC_CAMERA_ERROR, SC_CAMERA_ERROR_BUSY);
  g_assert_null (sc_job_get_result (job));

  g_clear_object (&job);
  g_assert_null (weak);
}

static void
test_job_cancelled (void)
{
  g_autoptr(ScJob) job = sc_job_new ("test");
  GCancellable *cancellable = sc_job_get_cancellable (job);

  g_assert_false (g_cancellable_is_cancelled (cancellable));
  sc_job_cancel (job);
  g_assert_true (g_cancellable_is_cancelled (cancellable));
  /* Cancelling only asks; the job ends when the work says so. */
  g_assert_cmpint (sc_job_get_state (job), ==, SC_JOB_STATE_RUNNING);

  sc_job_return_error (job, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x"));
  g_assert_cmpint (sc_job_get_state (job), ==, SC_JOB_STATE_CANCELLED);
  g_assert_null (sc_job_get_error (job));

  /* Cancelling a finished job does nothing harmful. */
  sc_job_cancel (job);
  g_assert_cmpint (sc_job_get_state (job), ==, SC_JOB_STATE_CANCELLED);
}

/* A worker thread reports many times and then finishes; everything must
 * arrive in the owner's context, coalesced, with the last values. */
typedef struct
{
  ScJob   *job;
  GThread *owner;
  guint    notifies;
  gboolean wrong_thread;
} ThreadData;

static gpointer
worker_thread (gpointer user_data)
{
  ScJob *job = user_data;
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  for (guint i = 1; i <= 1000; i++)
    {
      g_autofree char *message = g_strdup_printf ("Step %u", i);
      sc_job_update (job, i / 1000.0, message);
    }

  g_variant_dict_insert (&dict, "steps", "u", 1000);
  sc_job_return_result (job, g_variant_dict_end (&dict));

  return NULL;
}

static void
on_progress_cb (ScJob      *job,
                GParamSpec *pspec,
                ThreadData *data)
{
  data->notifies++;
  if (g_thread_self () != data->owner)
    data->wrong_thread = TRUE;
}

static void
test_job_thread (void)
{
  ThreadData data = { 0 };
  GThread *thread;

  data.job = sc_job_new ("test");
  data.owner = g_thread_self ();
  g_signal_connect (data.job, "notify::progress", G_CALLBACK (on_progress_cb), &data);

  thread = g_thread_new ("worker", worker_thread, data.job);
  g_thread_join (thread);

  /* Nothing has been delivered yet: the owner's context has not run. */
  g_assert_cmpint (sc_job_get_state (data.job), ==, SC_JOB_STATE_RUNNING);

  while (!sc_job_is_finished (data.job))
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (data.wrong_thread);
  g_assert_cmpuint (data.notifies, >=, 1);
  g_assert_cmpuint (data.notifies, <, 1000);   /* coalesced */
  g_assert_cmpint (sc_job_get_state (data.job), ==, SC_JOB_STATE_DONE);
  g_assert_cmpfloat (sc_job_get_progress (data.job), ==, 1.0);
  g_assert_cmpstr (sc_job_get_message (data.job), ==, "Step 1000");

  g_clear_object (&data.job);
}

static void
test_manager (void)
{
  g_autoptr(ScJobManager) manager = sc_job_manager_new ();
  gpointer weak_manager = manager;
  g_autoptr(ScJob) a = sc_job_new ("a");
  g_autoptr(ScJob) b = sc_job_new ("b");
  gpointer weak_a = a;
  guint changes = 0;

  g_object_add_weak_pointer (G_OBJECT (manager), &weak_manager);
  g_object_add_weak_pointer (G_OBJECT (a), &weak_a);
  g_signal_connect (manager, "items-changed", G_CALLBACK (count_items_changed_cb), &changes);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (manager)) == SC_TYPE_JOB);
  g_assert_cmpuint (sc_job_manager_add (manager, a), ==, 1);
  g_assert_cmpuint (sc_job_manager_add (manager, b), ==, 2);
  g_assert_cmpuint (sc_job_get_id (b), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 2);
  g_assert_cmpuint (sc_job_manager_get_n_running (manager), ==, 2);
  g_assert_true (sc_job_manager_lookup (manager, 1) == a);
  g_assert_null (sc_job_manager_lookup (manager, 3));
  g_assert_cmpuint (changes, ==, 2);

  /* Keep no finished jobs: a finished job is forgotten at once. */
  sc_job_manager_set_keep_finished (manager, 0);
  sc_job_return_result (a, NULL);
  g_assert_cmpuint (sc_job_manager_get_n_running (manager), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 1);
  g_assert_null (sc_job_manager_lookup (manager, 1));
  g_clear_object (&a);
  g_assert_null (weak_a);

  /* cancel_all reaches running jobs. */
  sc_job_manager_cancel_all (manager);
  g_assert_true (g_cancellable_is_cancelled (sc_job_get_cancellable (b)));
  sc_job_return_error (b, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x"));
  g_assert_cmpuint (sc_job_manager_get_n_running (manager), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 0);

  g_clear_object (&manager);
  g_assert_null (weak_manager);
}

static void
test_manager_keeps_recent (void)
{
  g_autoptr(ScJobManager) manager = sc_job_manager_new ();

  sc_job_manager_set_keep_finished (manager, 3);
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(ScJob) job = sc_job_new ("x");
      sc_job_manager_add (manager, job);
      sc_job_return_result (job, NULL);
    }

  /* The three most recent finished jobs remain, in order. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 3);
  g_assert_null (sc_job_manager_lookup (manager, 7));
  g_assert_nonnull (sc_job_manager_lookup (manager, 8));
  g_assert_nonnull (sc_job_manager_lookup (manager, 10));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sc_core_init (NULL));

  g_test_add_func ("/sc-core/ScJob/done", test_job_done);
  g_test_add_func ("/sc-core/ScJob/failed", test_job_failed);
  g_test_add_func ("/sc-core/ScJob/cancelled", test_job_cancelled);
  g_test_add_func ("/sc-core/ScJob/thread", test_job_thread);
  g_test_add_func ("/sc-core/ScJobManager/basics", test_manager);
  g_test_add_func ("/sc-core/ScJobManager/keeps-recent", test_manager_keeps_recent);

  return g_test_run ();
}
