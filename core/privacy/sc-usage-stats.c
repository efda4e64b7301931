/* sc-usage-stats.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-usage-stats"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sc-usage-stats.h"

/*
 * ScUsageStats keeps aggregated daily counters, nothing else: a tree of
 * local dates ("2026-11-22"), each a tree of counter names → gint64. The
 * names are fixed strings the app chooses, restricted to [a-z0-9.:_-] so
 * that no identifier, path, address or free text can ever be stored.
 *
 * The file, DIRECTORY/usage-statistics.json, is only written while the
 * statistics are enabled: debounced after a change, at once when the app
 * starts (for the "running" marker) and stops, and when the object goes
 * away. The marker is how a crash is noticed: app_started() sets it,
 * app_stopped() clears it, and a start that finds it still set counts one
 * crash.
 *
 * Every public function takes the mutex, so counters may be recorded from
 * any thread; the debounced save runs on the main context of the thread
 * that created the object.
 */

#define USAGE_FILE_NAME   "usage-statistics.json"
#define FILE_FORMAT       "spherecam-usage-statistics"
#define FILE_VERSION      1
#define MAX_DAYS          90
#define MAX_COUNTER_LEN   64
#define SAVE_DELAY_S      10

struct _ScUsageStats
{
  GObject       parent_instance;

  GMutex        mutex;
  GFile        *directory;      /* nullable: memory only */
  GMainContext *context;        /* for the debounced save */
  GSource      *save_source;

  GTree        *days;           /* "YYYY-MM-DD" → GTree (name → gint64 *) */

  gint64        active_since;   /* monotonic µs while running and enabled, or 0 */
  guint         enabled : 1;
  guint         dirty : 1;
  guint         app_running : 1;        /* between app_started and app_stopped */
  guint         marker_on_disk : 1;     /* the file says "running" (ours or a previous run's) */
  guint         marker_is_ours : 1;     /* … because this run set it */
};

G_DEFINE_FINAL_TYPE (ScUsageStats, sc_usage_stats, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DIRECTORY,
  PROP_ENABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_LOCK_DEFINE_STATIC (default_instance);
static ScUsageStats *default_instance;

/* ------------------------------------------------------------------ */
/* Names and dates                                                     */

static gboolean
counter_name_is_valid (const char *name)
{
  gsize len;

  if (name == NULL)
    return FALSE;

  len = strlen (name);
  if (len == 0 || len > MAX_COUNTER_LEN)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = name[i];

      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '.' || c == ':' || c == '_' || c == '-'))
        return FALSE;
    }

  return TRUE;
}

/* "YYYY-MM-DD" and a real date. */
static gboolean
date_key_is_valid (const char *key)
{
  guint year, month, day;

  if (key == NULL || strlen (key) != 10 || key[4] != '-' || key[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (key[i]))
      return FALSE;

  year = (guint) g_ascii_strtoull (key, NULL, 10);
  month = (guint) g_ascii_strtoull (key + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (key + 8, NULL, 10);

  return g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static char *
date_key_for_offset (int days_from_today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days_from_today);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* A command name ("camera.takePicture") or one of the camera's fixed
 * endpoints ("/osc/info"): never a URL, a file the camera gave us, or
 * anything with parameters. */
static gboolean
command_is_valid (const char *command)
{
  if (command[0] == '/' && !g_str_has_prefix (command, "/osc/"))
    return FALSE;

  for (const char *p = command; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-' && *p != '/')
      return FALSE;

  return command[0] != '\0';
}

/* "camera.takePicture" → "camera.takepicture", "/osc/info" → "osc.info":
 * the command part of the camera-request counters. */
static char *
command_to_counter_part (const char *command)
{
  GString *str = g_string_new (NULL);

  while (*command == '/')
    command++;

  for (const char *p = command; *p != '\0'; p++)
    g_string_append_c (str, *p == '/' ? '.' : g_ascii_tolower (*p));

  return g_string_free (str, FALSE);
}

/* ------------------------------------------------------------------ */
/* The counters (callers hold the mutex)                               */

static GTree *
counters_new (void)
{
  return g_tree_new_full ((GCompareDataFunc) strcmp, NULL, g_free, g_free);
}

static void
prune_locked (ScUsageStats *self)
{
  g_autofree char *oldest_kept = date_key_for_offset (-(MAX_DAYS - 1));
  g_autoptr(GPtrArray) old = g_ptr_array_new_with_free_func (g_free);
  GTreeNode *node;

  /* Older than MAX_DAYS days … */
  for (node = g_tree_node_first (self->days); node != NULL; node = g_tree_node_next (node))
    {
      const char *key = g_tree_node_key (node);

      if (strcmp (key, oldest_kept) >= 0)
        break;
      g_ptr_array_add (old, g_strdup (key));
    }
  for (guint i = 0; i < old->len; i++)
    g_tree_remove (self->days, g_ptr_array_index (old, i));

  /* … and never more than MAX_DAYS days (the clock may have gone back). */
  while (g_tree_nnodes (self->days) > MAX_DAYS)
    {
      g_autofree char *key = g_strdup (g_tree_node_key (g_tree_node_first (self->days)));

      g_tree_remove (self->days, key);
    }
}

static void
add_locked (ScUsageStats *self,
            const char   *counter,
            gint64        delta)
{
  g_autofree char *today = date_key_for_offset (0);
  GTree *counters;
  gint64 *value;

  counters = g_tree_lookup (self->days, today);
  if (counters == NULL)
    {
      counters = counters_new ();
      g_tree_insert (self->days, g_strdup (today), counters);
      prune_locked (self);
    }

  value = g_tree_lookup (counters, counter);
  if (value == NULL)
    {
      value = g_new0 (gint64, 1);
      g_tree_insert (counters, g_strdup (counter), value);
    }

  *value = (delta > G_MAXINT64 - *value) ? G_MAXINT64 : *value + delta;
  self->dirty = TRUE;
}

/* ------------------------------------------------------------------ */
/* The file                                                            */

static char *
file_path (ScUsageStats *self)
{
  g_autofree char *dir = NULL;

  if (self->directory == NULL)
    return NULL;

  dir = g_file_get_path (self->directory);
  if (dir == NULL)
    return NULL;

  return g_build_filename (dir, USAGE_FILE_NAME, NULL);
}

static JsonNode *
days_to_json_locked (ScUsageStats *self)
{
  JsonArray *array = json_array_new ();
  JsonNode *node;

  for (GTreeNode *day = g_tree_node_first (self->days); day != NULL; day = g_tree_node_next (day))
    {
      JsonObject *object = json_object_new ();
      JsonObject *counters = json_object_new ();

      for (GTreeNode *c = g_tree_node_first (g_tree_node_value (day)); c != NULL; c = g_tree_node_next (c))
        json_object_set_int_member (counters, g_tree_node_key (c), *(gint64 *) g_tree_node_value (c));

      json_object_set_string_member (object, "date", g_tree_node_key (day));
      json_object_set_object_member (object, "counters", counters);
      json_array_add_object_element (array, object);
    }

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  return node;
}

static gboolean
write_file_locked (ScUsageStats  *self,
                   gboolean       running,
                   GError       **error)
{
  g_autofree char *path = file_path (self);
  g_autofree char *dir = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  if (path == NULL)
    return TRUE;

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, FILE_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FILE_VERSION);
  json_builder_set_member_name (builder, "running");
  json_builder_add_boolean_value (builder, running);
  json_builder_set_member_name (builder, "days");
  json_builder_add_value (builder, days_to_json_locked (self));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  contents = json_generator_to_data (generator, &length);

  /* A temporary file, fsynced and renamed over the old one, mode 0600. */
  if (!g_file_set_contents_full (path, contents, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not save the usage statistics to %s: %s"), path, local_error->message);
      return FALSE;
    }
  if (g_chmod (path, 0600) != 0)
    g_debug ("Could not restrict %s to its owner: %s", path, g_strerror (errno));

  self->dirty = FALSE;
  self->marker_on_disk = running;
  return TRUE;
}

/* Writes what is pending, if the statistics are on (or were on until now:
 * turning them off flushes what was counted before). */
static gboolean
save_locked (ScUsageStats  *self,
             GError       **error)
{
  if (self->save_source != NULL)
    {
      g_source_destroy (self->save_source);
      g_clear_pointer (&self->save_source, g_source_unref);
    }

  if (!self->enabled || self->directory == NULL)
    return TRUE;
  if (!self->dirty && self->marker_on_disk == self->marker_is_ours)
    return TRUE;

  return write_file_locked (self, self->marker_is_ours, error);
}

static void
flush_active_time_locked (ScUsageStats *self)
{
  gint64 now;

  if (self->active_since == 0)
    return;

  now = g_get_monotonic_time ();
  if (now - self->active_since >= G_USEC_PER_SEC)
    {
      gint64 seconds = (now - self->active_since) / G_USEC_PER_SEC;

      add_locked (self, "seconds-running", seconds);
      self->active_since += seconds * G_USEC_PER_SEC;
    }
}

static gboolean
on_save_timeout_cb (gpointer user_data)
{
  ScUsageStats *self = user_data;
  g_autoptr(GError) error = NULL;

  g_mutex_lock (&self->mutex);
  g_clear_pointer (&self->save_source, g_source_unref);
  if (self->enabled)
    flush_active_time_locked (self);
  if (!save_locked (self, &error))
    g_warning ("%s", error->message);
  g_mutex_unlock (&self->mutex);

  return G_SOURCE_REMOVE;
}

static void
schedule_save_locked (ScUsageStats *self)
{
  if (self->save_source != NULL || self->directory == NULL)
    return;

  /* The source holds no reference: dispose destroys it. */
  self->save_source = g_timeout_source_new_seconds (SAVE_DELAY_S);
  g_source_set_callback (self->save_source, on_save_timeout_cb, self, NULL);
  g_source_set_static_name (self->save_source, "[sc-usage-stats] save");
  g_source_attach (self->save_source, self->context);
}

static void
load (ScUsageStats *self)
{
  g_autofree char *path = file_path (self);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonNode *node;
  JsonArray *days;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    return;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_file (parser, path, &error))
    {
      g_debug ("%s could not be read; starting afresh: %s", path, error->message);
      return;
    }

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  root = json_node_get_object (node);

  node = json_object_get_member (root, "running");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    self->marker_on_disk = json_node_get_boolean (node);

  node = json_object_get_member (root, "days");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  days = json_node_get_array (node);

  /* Only what we could have written: valid dates, valid names, integers. */
  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      JsonNode *element = json_array_get_element (days, i);
      JsonObject *day;
      JsonObject *counters;
      const char *date;
      g_autoptr(GList) names = NULL;
      GTree *tree;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      day = json_node_get_object (element);
      date = json_object_get_string_member_with_default (day, "date", NULL);
      node = json_object_get_member (day, "counters");
      if (!date_key_is_valid (date) || node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      counters = json_node_get_object (node);

      tree = g_tree_lookup (self->days, date);
      if (tree == NULL)
        {
          tree = counters_new ();
          g_tree_insert (self->days, g_strdup (date), tree);
        }

      names = json_object_get_members (counters);
      for (const GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *value = json_object_get_member (counters, l->data);
          gint64 *stored;

          if (!counter_name_is_valid (l->data) || !JSON_NODE_HOLDS_VALUE (value) ||
              json_node_get_value_type (value) != G_TYPE_INT64)
            continue;

          stored = g_new (gint64, 1);
          *stored = MAX (0, json_node_get_int (value));
          g_tree_replace (tree, g_strdup (l->data), stored);
        }
    }

  prune_locked (self);
}

/* ------------------------------------------------------------------ */
/* Running and active time (callers hold the mutex)                    */

/* The app runs and the statistics are on: set our marker, counting the
 * previous run's marker, still on disk, as a crash. Saves at once, so
 * that a crash of this run is noticed too. */
static void
begin_running_locked (ScUsageStats *self)
{
  g_autoptr(GError) error = NULL;

  g_assert (self->enabled && self->app_running);

  if (self->marker_is_ours)
    return;

  if (self->marker_on_disk)
    add_locked (self, "crashes", 1);

  self->marker_is_ours = TRUE;
  self->active_since = g_get_monotonic_time ();
  self->dirty = TRUE;

  if (!save_locked (self, &error))
    g_warning ("%s", error->message);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
sc_usage_stats_dispose (GObject *object)
{
  ScUsageStats *self = (ScUsageStats *)object;
  g_autoptr(GError) error = NULL;

  /* Keeps the running marker as it is: only app_stopped() clears it. */
  g_mutex_lock (&self->mutex);
  if (self->enabled)
    flush_active_time_locked (self);
  if (!save_locked (self, &error))
    g_warning ("%s", error->message);
  g_mutex_unlock (&self->mutex);

  G_OBJECT_CLASS (sc_usage_stats_parent_class)->dispose (object);
}

static void
sc_usage_stats_finalize (GObject *object)
{
  ScUsageStats *self = (ScUsageStats *)object;

  if (self->save_source != NULL)
    {
      g_source_destroy (self->save_source);
      g_clear_pointer (&self->save_source, g_source_unref);
    }
  g_clear_pointer (&self->days, g_tree_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->directory);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (sc_usage_stats_parent_class)->finalize (object);
}

static void
sc_usage_stats_constructed (GObject *object)
{
  ScUsageStats *self = (ScUsageStats *)object;

  G_OBJECT_CLASS (sc_usage_stats_parent_class)->constructed (object);

  g_mutex_lock (&self->mutex);
  load (self);
  g_mutex_unlock (&self->mutex);
}

static void
sc_usage_stats_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ScUsageStats *self = SC_USAGE_STATS (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_object (value, self->directory);
      break;

    case PROP_ENABLED:
      g_value_set_boolean (value, sc_usage_stats_get_enabled (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_usage_stats_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ScUsageStats *self = SC_USAGE_STATS (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      self->directory = g_value_dup_object (value);
      break;

    case PROP_ENABLED:
      sc_usage_stats_set_enabled (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_usage_stats_class_init (ScUsageStatsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sc_usage_stats_constructed;
  object_class->dispose = sc_usage_stats_dispose;
  object_class->finalize = sc_usage_stats_finalize;
  object_class->get_property = sc_usage_stats_get_property;
  object_class->set_property = sc_usage_stats_set_property;

  /**
   * ScUsageStats:directory:
   *
   * The folder of usage-statistics.json, or %NULL to keep the counters
   * in memory only.
   */
  properties[PROP_DIRECTORY] =
    g_param_spec_object ("directory", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * ScUsageStats:enabled:
   *
   * Whether counters are recorded and saved. Off by default; turning it
   * off keeps what was recorded (sc_usage_stats_erase() removes it).
   */
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_usage_stats_init (ScUsageStats *self)
{
  g_mutex_init (&self->mutex);
  self->days = g_tree_new_full ((GCompareDataFunc) strcmp, NULL, g_free,
                                (GDestroyNotify) g_tree_unref);
  self->context = g_main_context_ref_thread_default ();
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */

/**
 * sc_usage_stats_new:
 * @directory: (nullable): where usage-statistics.json lives, or %NULL to
 *   keep the counters in memory only
 *
 * Creates the statistics, disabled, with what the file holds (read at
 * once; an unreadable file counts as empty). The debounced saves run on
 * the calling thread's default main context.
 *
 * Returns: (transfer full): a new #ScUsageStats
 */
ScUsageStats *
sc_usage_stats_new (GFile *directory)
{
  g_return_val_if_fail (directory == NULL || G_IS_FILE (directory), NULL);

  return g_object_new (SC_TYPE_USAGE_STATS,
                       "directory", directory,
                       NULL);
}

/**
 * sc_usage_stats_get_default:
 *
 * The process-wide statistics that core code (the camera backends)
 * records to. Created on first use in memory only and disabled; the app
 * replaces it with sc_usage_stats_set_default() at start-up.
 *
 * Returns: (transfer none): the default #ScUsageStats
 */
ScUsageStats *
sc_usage_stats_get_default (void)
{
  ScUsageStats *ret;

  G_LOCK (default_instance);
  if (default_instance == NULL)
    default_instance = sc_usage_stats_new (NULL);
  ret = default_instance;
  G_UNLOCK (default_instance);

  return ret;
}

/**
 * sc_usage_stats_set_default:
 * @stats: (nullable): the new default, or %NULL to drop it (the next
 *   sc_usage_stats_get_default() creates a fresh one)
 *
 * Replaces the process-wide instance. For the app at start-up and for tests.
 */
void
sc_usage_stats_set_default (ScUsageStats *stats)
{
  ScUsageStats *old;

  g_return_if_fail (stats == NULL || SC_IS_USAGE_STATS (stats));

  if (stats != NULL)
    g_object_ref (stats);

  G_LOCK (default_instance);
  old = default_instance;
  default_instance = stats;
  G_UNLOCK (default_instance);

  g_clear_object (&old);
}

/**
 * sc_usage_stats_get_enabled:
 * @self: an #ScUsageStats
 *
 * Returns: whether counters are recorded
 */
gboolean
sc_usage_stats_get_enabled (ScUsageStats *self)
{
  gboolean ret;

  g_return_val_if_fail (SC_IS_USAGE_STATS (self), FALSE);

  g_mutex_lock (&self->mutex);
  ret = self->enabled;
  g_mutex_unlock (&self->mutex);

  return ret;
}

/**
 * sc_usage_stats_set_enabled:
 * @self: an #ScUsageStats
 * @enabled: whether to record counters
 *
 * Turns recording on or off. Turning it off saves what was counted so far
 * (and that the app is no longer recorded as running), then writes nothing
 * more; it does not erase anything. Notifies #ScUsageStats:enabled on the
 * calling thread.
 */
void
sc_usage_stats_set_enabled (ScUsageStats *self,
                            gboolean      enabled)
{
  g_autoptr(GError) error = NULL;
  gboolean changed;

  g_return_if_fail (SC_IS_USAGE_STATS (self));

  enabled = !!enabled;

  g_mutex_lock (&self->mutex);
  changed = self->enabled != (guint) enabled;
  if (changed && !enabled)
    {
      /* The last write: what was counted, and "not running". */
      flush_active_time_locked (self);
      self->active_since = 0;
      self->marker_is_ours = FALSE;
      if (!save_locked (self, &error))
        g_warning ("%s", error->message);
      self->enabled = FALSE;
    }
  else if (changed)
    {
      self->enabled = TRUE;
      if (self->app_running)
        begin_running_locked (self);
    }
  g_mutex_unlock (&self->mutex);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

/**
 * sc_usage_stats_count:
 * @self: an #ScUsageStats
 * @counter: a fixed counter name: 1 to 64 characters from [a-z0-9.:_-]
 * @delta: how much to add (0 or more)
 *
 * Adds @delta to today's @counter, and saves a little later. Does nothing
 * while disabled. A name with any other character (so no identifier, path
 * or free text) is refused with a critical warning. Thread-safe.
 */
void
sc_usage_stats_count (ScUsageStats *self,
                      const char   *counter,
                      gint64        delta)
{
  g_return_if_fail (SC_IS_USAGE_STATS (self));
  g_return_if_fail (counter_name_is_valid (counter));
  g_return_if_fail (delta >= 0);

  g_mutex_lock (&self->mutex);
  if (self->enabled)
    {
      add_locked (self, counter, delta);
      schedule_save_locked (self);
    }
  g_mutex_unlock (&self->mutex);
}

/**
 * sc_usage_stats_record_request:
 * @self: an #ScUsageStats
 * @command: the OSC command ("camera.takePicture") or endpoint
 *   ("/osc/info"); never arguments, hosts or file names
 * @duration_ms: how long the request took
 * @failed: whether it failed
 *
 * Counts one camera request in "camera-requests:<command>", its time in
 * "camera-request-ms:<command>" and, when it failed, one in
 * "camera-request-errors:<command>", where <command> is @command in lower
 * case with "/" as "." and no leading "/" ("camera.takepicture",
 * "osc.info"). A command that does not make a valid name is not counted.
 * Does nothing while disabled. Thread-safe.
 */
void
sc_usage_stats_record_request (ScUsageStats *self,
                               const char   *command,
                               gint64        duration_ms,
                               gboolean      failed)
{
  g_autofree char *part = NULL;
  g_autofree char *requests = NULL;
  g_autofree char *errors = NULL;
  g_autofree char *ms = NULL;

  g_return_if_fail (SC_IS_USAGE_STATS (self));
  g_return_if_fail (command != NULL);

  if (!command_is_valid (command))
    {
      g_debug ("Not counting a request that is neither a command name nor an /osc/ endpoint");
      return;
    }

  part = command_to_counter_part (command);
  requests = g_strconcat ("camera-requests:", part, NULL);
  errors = g_strconcat ("camera-request-errors:", part, NULL);
  ms = g_strconcat ("camera-request-ms:", part, NULL);

  if (!counter_name_is_valid (requests) || !counter_name_is_valid (errors) ||
      !counter_name_is_valid (ms))
    {
      g_debug ("Not counting a request whose command makes no valid counter name");
      return;
    }

  g_mutex_lock (&self->mutex);
  if (self->enabled)
    {
      add_locked (self, requests, 1);
      add_locked (self, ms, MAX (duration_ms, 0));
      if (failed)
        add_locked (self, errors, 1);
      schedule_save_locked (self);
    }
  g_mutex_unlock (&self->mutex);
}

/**
 * sc_usage_stats_app_started:
 * @self: an #ScUsageStats
 *
 * The app started: counts "app-starts" and, if the previous run did not
 * call sc_usage_stats_app_stopped() (it crashed), "crashes"; marks the
 * file "running" and saves at once. While disabled only remembers that the
 * app runs, so that turning the statistics on later marks it.
 */
void
sc_usage_stats_app_started (ScUsageStats *self)
{
  g_return_if_fail (SC_IS_USAGE_STATS (self));

  g_mutex_lock (&self->mutex);
  if (!self->app_running)
    {
      self->app_running = TRUE;
      if (self->enabled)
        {
          add_locked (self, "app-starts", 1);
          begin_running_locked (self);
        }
    }
  g_mutex_unlock (&self->mutex);
}

/**
 * sc_usage_stats_app_stopped:
 * @self: an #ScUsageStats
 *
 * The app is stopping normally: adds the time it ran to
 * "seconds-running", clears the "running" mark and saves at once (while
 * enabled).
 */
void
sc_usage_stats_app_stopped (ScUsageStats *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SC_IS_USAGE_STATS (self));

  g_mutex_lock (&self->mutex);
  if (self->app_running)
    {
      self->app_running = FALSE;
      if (self->enabled)
        {
          flush_active_time_locked (self);
          self->active_since = 0;
          self->marker_is_ours = FALSE;
          if (!save_locked (self, &error))
            g_warning ("%s", error->message);
        }
    }
  g_mutex_unlock (&self->mutex);
}

/**
 * sc_usage_stats_to_json:
 * @self: an #ScUsageStats
 *
 * Everything recorded, enabled or not: an array of days, oldest first,
 * each `{ "date": "2026-11-22", "counters": { "app-starts": 2, … } }`.
 *
 * Returns: (transfer full): a JSON array
 */
JsonNode *
sc_usage_stats_to_json (ScUsageStats *self)
{
  JsonNode *ret;

  g_return_val_if_fail (SC_IS_USAGE_STATS (self), NULL);

  g_mutex_lock (&self->mutex);
  ret = days_to_json_locked (self);
  g_mutex_unlock (&self->mutex);

  return ret;
}

/**
 * sc_usage_stats_get_n_days:
 * @self: an #ScUsageStats
 *
 * Returns: how many days have counters (at most 90)
 */
gint64
sc_usage_stats_get_n_days (ScUsageStats *self)
{
  gint64 ret;

  g_return_val_if_fail (SC_IS_USAGE_STATS (self), 0);

  g_mutex_lock (&self->mutex);
  ret = g_tree_nnodes (self->days);
  g_mutex_unlock (&self->mutex);

  return ret;
}

/**
 * sc_usage_stats_save:
 * @self: an #ScUsageStats
 * @error: return location for a #GError
 *
 * Writes pending counters now instead of a few seconds later (blocking,
 * small). Writes nothing while disabled or without a directory.
 *
 * Returns: %TRUE on success
 */
gboolean
sc_usage_stats_save (ScUsageStats  *self,
                     GError       **error)
{
  gboolean ret;

  g_return_val_if_fail (SC_IS_USAGE_STATS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_mutex_lock (&self->mutex);
  if (self->enabled)
    flush_active_time_locked (self);
  ret = save_locked (self, error);
  g_mutex_unlock (&self->mutex);

  return ret;
}

/**
 * sc_usage_stats_erase:
 * @self: an #ScUsageStats
 * @error: return location for a #GError
 *
 * Forgets every counter, in memory and on disk, enabled or not. While
 * enabled and the app runs, the file is kept with no counters and only
 * the "running" mark (so that a crash is still noticed); otherwise it is
 * removed.
 *
 * Returns: %TRUE on success
 */
gboolean
sc_usage_stats_erase (ScUsageStats  *self,
                      GError       **error)
{
  g_autofree char *path = NULL;
  gboolean ret = TRUE;

  g_return_val_if_fail (SC_IS_USAGE_STATS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_mutex_lock (&self->mutex);

  if (self->save_source != NULL)
    {
      g_source_destroy (self->save_source);
      g_clear_pointer (&self->save_source, g_source_unref);
    }
  g_tree_remove_all (self->days);
  self->dirty = FALSE;
  if (self->active_since != 0)
    self->active_since = g_get_monotonic_time ();

  path = file_path (self);
  if (path != NULL)
    {
      if (self->enabled && self->marker_is_ours)
        ret = write_file_locked (self, TRUE, error);
      else if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not remove %s: %s"), path, g_strerror (saved_errno));
          ret = FALSE;
        }
      else
        {
          self->marker_on_disk = FALSE;
        }
    }

  g_mutex_unlock (&self->mutex);

  return ret;
}
