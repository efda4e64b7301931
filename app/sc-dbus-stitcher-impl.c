/* sc-dbus-stitcher-impl.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-dbus-stitcher-impl"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sc-dbus-stitcher-impl.h"

/* org.spherecam.Spherecam.Stitcher: checks a Stitch call's arguments, turns
 * them into ScStitchOptions and hands a photo stitching job to the service
 * (one job per call). GlRenderer and DefaultPath are found out the first
 * time a client reads one of them: creating a GL context takes a moment,
 * and most runs of the service never need it. */
struct _ScDbusStitcherImpl
{
  ScDbusStitcherSkeleton    parent_instance;

  ScDbusStitcherImplAddJob  add_job;
  gpointer                  user_data;
  gboolean                  probed;
};

static void sc_dbus_stitcher_iface_init (ScDbusStitcherIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScDbusStitcherImpl, sc_dbus_stitcher_impl,
                               SC_DBUS_TYPE_STITCHER_SKELETON,
                               G_IMPLEMENT_INTERFACE (SC_DBUS_TYPE_STITCHER,
                                                      sc_dbus_stitcher_iface_init))

/* --- The GL renderer, on first read --- */

static GDBusInterfaceGetPropertyFunc parent_get_property;

/* Same rule as sc_gl_stitch_should_use_gl (FALSE, …), from a single probe. */
static void
ensure_probed (ScDbusStitcherImpl *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *renderer = NULL;
  gboolean hardware;

  if (self->probed)
    return;
  self->probed = TRUE;

  if (!sc_gl_stitch_probe (&renderer, &error))
    g_info ("No GL stitching: %s", error->message);
  hardware = renderer != NULL && !sc_gl_stitch_renderer_is_software (renderer);

  sc_dbus_stitcher_set_gl_renderer (SC_DBUS_STITCHER (self), renderer != NULL ? renderer : "");
  sc_dbus_stitcher_set_default_path (SC_DBUS_STITCHER (self),
                                     sc_stitch_path_to_string (hardware ? SC_STITCH_PATH_GPU
                                                                        : SC_STITCH_PATH_CPU));
}

/* Properties.Get (and GetAll, which GDBus answers with this too). */
static GVariant *
get_property_cb (GDBusConnection  *connection,
                 const char       *sender,
                 const char       *object_path,
                 const char       *interface_name,
                 const char       *property_name,
                 GError          **error,
                 gpointer          user_data)
{
  ScDbusStitcherImpl *self = SC_DBUS_STITCHER_IMPL (user_data);

  ensure_probed (self);

  return parent_get_property (connection, sender, object_path, interface_name,
                              property_name, error, user_data);
}

static GDBusInterfaceVTable *
sc_dbus_stitcher_impl_get_vtable (GDBusInterfaceSkeleton *skeleton)
{
  static GDBusInterfaceVTable vtable;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      GDBusInterfaceSkeletonClass *parent_class =
        G_DBUS_INTERFACE_SKELETON_CLASS (sc_dbus_stitcher_impl_parent_class);

      vtable = *parent_class->get_vtable (skeleton);
      parent_get_property = vtable.get_property;
      vtable.get_property = get_property_cb;
      g_once_init_leave (&initialized, 1);
    }

  return &vtable;
}

static GVariant *
sc_dbus_stitcher_impl_get_properties (GDBusInterfaceSkeleton *skeleton)
{
  ensure_probed (SC_DBUS_STITCHER_IMPL (skeleton));

  return G_DBUS_INTERFACE_SKELETON_CLASS (sc_dbus_stitcher_impl_parent_class)->get_properties (skeleton);
}

/* --- Stitch --- */

typedef struct
{
  const char *key;
  const char *type;
} OptionInfo;

static const OptionInfo known_options[] = {
  { "profile", "s" },
  { "fov", "d" },
  { "width", "i" },
  { "blend", "d" },
  { "level", "b" },
  { "yaw", "d" },
  { "pitch", "d" },
  { "roll", "d" },
  { "path", "s" },
  { "quality", "i" },
  { "encoder", "s" },
};

static const OptionInfo *
lookup_option (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_options); i++)
    if (g_str_equal (known_options[i].key, key))
      return &known_options[i];

  return NULL;
}

static gboolean
invalid_args (GError    **error,
              const char *format,
              ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid_args (GError    **error,
              const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS, message);

  return FALSE;
}

static gboolean
check_double (const char  *key,
              double       value,
              double       min,
              double       max,
              gboolean     min_exclusive,
              GError     **error)
{
  if (isfinite (value) && (min_exclusive ? value > min : value >= min) && value <= max)
    return TRUE;

  if (min_exclusive)
    /* Translators: %s is an option name, the numbers are its limits */
    return invalid_args (error, _("The stitching option “%s” must be more than %g and at most %g."),
                         key, min, max);

  /* Translators: %s is an option name, the numbers are its limits */
  return invalid_args (error, _("The stitching option “%s” must be between %g and %g."),
                       key, min, max);
}

/* Fills @out from the a{sv} of a Stitch call; the strings point into
 * @options. */
static gboolean
parse_options (GVariant         *options,
               ScStitchOptions  *out,
               GError          **error)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  sc_stitch_options_init_default (out);

  g_variant_iter_init (&iter, options);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      const OptionInfo *info = lookup_option (key);

      if (info == NULL)
        {
          g_variant_unref (value);
          /* Translators: %s is what the caller sent; keep the option names as they are */
          return invalid_args (error, _("“%s” is not a stitching option. Use profile, fov, width, "
                                        "blend, level, yaw, pitch, roll, path, quality or encoder."), key);
        }

      if (!g_variant_is_of_type (value, G_VARIANT_TYPE (info->type)))
        {
          g_autofree char *got = g_strdup (g_variant_get_type_string (value));

          g_variant_unref (value);
          /* Translators: the first %s is an option name, the others D-Bus type codes */
          return invalid_args (error, _("The stitching option “%s” must be of type “%s”, not “%s”."),
                               key, info->type, got);
        }

      if (g_str_equal (key, "profile"))
        {
          const char *profile = g_variant_get_string (value, NULL);

          if (profile[0] == '\0')
            {
              g_variant_unref (value);
              return invalid_args (error, _("The stitching option “profile” is empty. Give a "
                                            "built-in profile name or the absolute path of a "
                                            "profile file."));
            }
          if (strchr (profile, '/') != NULL && !g_path_is_absolute (profile))
            {
              g_variant_unref (value);
              /* Translators: %s is a file path */
              return invalid_args (error, _("The profile file “%s” is not an absolute path."),
                                   profile);
            }
          out->profile = profile;
        }
      else if (g_str_equal (key, "path"))
        {
          const char *path = g_variant_get_string (value, NULL);

          if (!sc_stitch_path_from_string (path, &out->path))
            {
              g_variant_unref (value);
              /* Translators: %s is what the caller sent; keep auto, cpu and gpu as they are */
              return invalid_args (error, _("“%s” is not a stitching path. Use auto, cpu or gpu."),
                                   path);
            }
        }
      else if (g_str_equal (key, "width"))
        {
          gint32 width = g_variant_get_int32 (value);

          if (width < 2 || width > 32768 || width % 2 != 0)
            {
              g_variant_unref (value);
              return invalid_args (error, _("The stitching option “width” must be an even "
                                            "number of pixels from 2 to 32768."));
            }
          out->width = width;
        }
      else if (g_str_equal (key, "quality"))
        {
          gint32 quality = g_variant_get_int32 (value);

          if (quality < 1 || quality > 100)
            {
              g_variant_unref (value);
              return invalid_args (error, _("The stitching option “quality” must be from 1 to 100."));
            }
          out->jpeg_quality = quality;
        }
      else if (g_str_equal (key, "encoder"))
        {
          const char *encoder = g_variant_get_string (value, NULL);
          g_autoptr(GError) encoder_error = NULL;

          /* "auto" is resolved by the job; a name must be an H.264
           * encoder that starts here. */
          if (*encoder != '\0' && !g_str_equal (encoder, "auto") &&
              !sc_video_stitch_choose_encoder (encoder, NULL, NULL, &encoder_error))
            {
              g_variant_unref (value);
              return invalid_args (error, "%s", encoder_error->message);
            }
          out->encoder = encoder;
        }
      else if (g_str_equal (key, "level"))
        {
          out->level = g_variant_get_boolean (value);
        }
      else
        {
          double number = g_variant_get_double (value);
          double *target;
          gboolean ok;

          if (g_str_equal (key, "fov"))
            {
              ok = check_double (key, number, 0.0, 360.0, TRUE, error);
              target = &out->fov_deg;
            }
          else if (g_str_equal (key, "blend"))
            {
              ok = check_double (key, number, 0.0, 90.0, FALSE, error);
              target = &out->blend_deg;
            }
          else
            {
              ok = check_double (key, number, -360.0, 360.0, FALSE, error);
              target = g_str_equal (key, "yaw") ? &out->yaw_deg
                       : g_str_equal (key, "pitch") ? &out->pitch_deg
                       : &out->roll_deg;
            }

          if (!ok)
            {
              g_variant_unref (value);
              return FALSE;
            }
          *target = number;
        }
    }

  return TRUE;
}

static GPtrArray *
parse_inputs (const char * const  *inputs,
              GError             **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  if (inputs == NULL || inputs[0] == NULL)
    {
      invalid_args (error, _("Give at least one photo to stitch."));
      return NULL;
    }

  for (guint i = 0; inputs[i] != NULL; i++)
    {
      if (!g_path_is_absolute (inputs[i]))
        {
          /* Translators: %s is a file path */
          invalid_args (error, _("The photo “%s” is not an absolute path."), inputs[i]);
          return NULL;
        }
      g_ptr_array_add (files, g_file_new_for_path (inputs[i]));
    }

  return g_steal_pointer (&files);
}

static gboolean
sc_dbus_stitcher_impl_handle_stitch (ScDbusStitcher        *iface,
                                     GDBusMethodInvocation *invocation,
                                     const char * const    *inputs,
                                     const char            *directory,
                                     GVariant              *options)
{
  ScDbusStitcherImpl *self = SC_DBUS_STITCHER_IMPL (iface);
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(ScJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  ScStitchOptions stitch_options;

  if (!(files = parse_inputs (inputs, &error)) ||
      !parse_options (options, &stitch_options, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  if (!g_path_is_absolute (directory))
    {
      /* Translators: %s is a folder path */
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                             _("The folder “%s” is not an absolute path."),
                                             directory);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  folder = g_file_new_for_path (directory);

  job = sc_photo_stitch_job_new (files, folder, &stitch_options);
  path = self->add_job (job, self->user_data);
  sc_dbus_stitcher_complete_stitch (iface, invocation, path);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
sc_dbus_stitcher_iface_init (ScDbusStitcherIface *iface)
{
  iface->handle_stitch = sc_dbus_stitcher_impl_handle_stitch;
}

static void
sc_dbus_stitcher_impl_class_init (ScDbusStitcherImplClass *klass)
{
  GDBusInterfaceSkeletonClass *skeleton_class = G_DBUS_INTERFACE_SKELETON_CLASS (klass);

  skeleton_class->get_vtable = sc_dbus_stitcher_impl_get_vtable;
  skeleton_class->get_properties = sc_dbus_stitcher_impl_get_properties;
}

static void
sc_dbus_stitcher_impl_init (ScDbusStitcherImpl *self)
{
}

/**
 * sc_dbus_stitcher_impl_new:
 * @add_job: adds a job to the service and returns its object path
 * @user_data: for @add_job
 *
 * Returns: (transfer full): a new Stitcher skeleton, not exported yet
 */
ScDbusStitcherImpl *
sc_dbus_stitcher_impl_new (ScDbusStitcherImplAddJob add_job,
                           gpointer                 user_data)
{
  ScDbusStitcherImpl *self;

  g_return_val_if_fail (add_job != NULL, NULL);

  self = g_object_new (SC_TYPE_DBUS_STITCHER_IMPL, NULL);
  self->add_job = add_job;
  self->user_data = user_data;

  return self;
}
