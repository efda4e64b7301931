/* spherecamctl-private.h: what spherecamctl's files share
 *
 * Copyright 2025 The Spherecam Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sc-dbus-generated.h"

G_BEGIN_DECLS

#define SC_CTL_BUS_NAME         "org.spherecam.Spherecam"
#define SC_CTL_MANAGER_PATH     "/org/spherecam/Spherecam"
#define SC_CTL_MANAGER_IFACE    "org.spherecam.Spherecam.Manager"
#define SC_CTL_CAMERA_IFACE     "org.spherecam.Spherecam.Camera"
#define SC_CTL_JOB_PATH_PREFIX  "/org/spherecam/Spherecam/Job/"
#define SC_CTL_JOB_IFACE        "org.spherecam.Spherecam.Job"
#define SC_CTL_PROPERTIES_IFACE "org.freedesktop.DBus.Properties"
/* -1 is GDBus's default of 25 s: long enough for D-Bus activation */
#define SC_CTL_CALL_TIMEOUT_MSEC -1
/* Camera calls wait for the camera, which may be slow to answer over Wi-Fi */
#define SC_CTL_CAMERA_TIMEOUT_MSEC (120 * 1000)
#define SC_CTL_EXIT_USAGE 2

/* An error in this domain makes the command exit with SC_CTL_EXIT_USAGE */
#define SC_CTL_USAGE_ERROR (sc_ctl_usage_error_quark ())

/* A D-Bus object seen through Properties.GetAll */
typedef struct
{
  char         *path;
  GVariantDict *props;
} ScCtlObject;

/* The chosen camera of a camera command */
typedef struct
{
  ScCtlObject  *object;
  ScDbusCamera *proxy;
} ScCtlCamera;

typedef struct
{
  GDBusConnection *bus;
  const char      *bus_name;
  const char      *job_path;    /* commands with SC_CTL_COMMAND_JOB */
  ScCtlCamera      camera;      /* commands with SC_CTL_COMMAND_CAMERA */
} ScCtl;

typedef int      (*ScCtlCommandFunc) (ScCtl   *ctl,
                                      char   **args,
                                      GError **error);
/* Runs before any D-Bus traffic; its errors are usage errors */
typedef gboolean (*ScCtlCheckFunc)   (char   **args,
                                      GError **error);

typedef enum
{
  SC_CTL_COMMAND_JOB    = 1 << 0,  /* the first argument is a JOB */
  SC_CTL_COMMAND_CAMERA = 1 << 1,  /* acts on one camera: --camera */
  SC_CTL_COMMAND_LOCAL  = 1 << 2,  /* works on local files: no D-Bus */
} ScCtlCommandFlags;

typedef struct
{
  const char         *name;
  const char         *verb;         /* "get" in "options get", or NULL */
  const char         *args;
  const char         *summary;
  const char         *description;  /* or NULL */
  guint               min_args;
  guint               max_args;
  ScCtlCommandFlags   flags;
  const GOptionEntry *entries;
  ScCtlCheckFunc      check;
  ScCtlCommandFunc    func;
} ScCtlCommand;

/* Options shared by several commands (spherecamctl.c) */
extern gboolean sc_ctl_opt_json;

/* spherecamctl-output.c */
GQuark      sc_ctl_usage_error_quark    (void);
const char *sc_ctl_translate            (const char    *msgid);
void        sc_ctl_json_append_node     (GString       *out,
                                         JsonNode      *node);
void        sc_ctl_print_json_object    (JsonObject    *object);
JsonNode   *sc_ctl_json_from_variant    (GVariant      *value);
char       *sc_ctl_format_value         (GVariant      *value);
gsize       sc_ctl_display_width        (const char    *str);
int         sc_ctl_compare_strings      (gconstpointer  a,
                                         gconstpointer  b);
void        sc_ctl_print_table          (GPtrArray     *rows);
int         sc_ctl_report_error         (const GError  *error);
int         sc_ctl_usage_error          (const char    *prgname,
                                         const char    *message);

/* spherecamctl-bus.c */
GVariant    *sc_ctl_call_properties     (ScCtl               *ctl,
                                         const char          *path,
                                         const char          *method,
                                         GVariant            *params,
                                         const char          *reply_type,
                                         GError             **error);
GVariant    *sc_ctl_get_manager_property (ScCtl              *ctl,
                                         const char          *name,
                                         const GVariantType  *type,
                                         GError             **error);
gboolean     sc_ctl_is_unknown_object   (const GError        *error);
ScCtlObject *sc_ctl_object_new          (const char          *path);
void         sc_ctl_object_free         (ScCtlObject         *object);
void         sc_ctl_object_update       (ScCtlObject         *object,
                                         GVariant            *props);
gboolean     sc_ctl_object_fetch        (ScCtlObject         *object,
                                         ScCtl               *ctl,
                                         const char          *iface,
                                         GError             **error);
const char  *sc_ctl_object_get_string   (ScCtlObject         *object,
                                         const char          *key);
gboolean     sc_ctl_object_get_boolean  (ScCtlObject         *object,
                                         const char          *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScCtlObject, sc_ctl_object_free)

/* spherecamctl-jobs.c */
extern const GOptionEntry sc_ctl_wait_entries[];

gboolean     sc_ctl_check_timeout       (char               **args,
                                         GError             **error);
char        *sc_ctl_parse_job_arg       (const char          *arg,
                                         GError             **error);
ScCtlObject *sc_ctl_job_run             (ScCtl               *ctl,
                                         const char          *path,
                                         GError             **error);
int          sc_ctl_cmd_jobs            (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_wait            (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_cancel          (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);

/* spherecamctl-camera.c */
extern const GOptionEntry sc_ctl_add_camera_entries[];
extern const GOptionEntry sc_ctl_connect_entries[];
extern const GOptionEntry sc_ctl_reset_entries[];
extern const GOptionEntry sc_ctl_format_entries[];

gboolean     sc_ctl_camera_choose       (ScCtl               *ctl,
                                         const char          *wanted,
                                         GError             **error);
void         sc_ctl_camera_clear        (ScCtlCamera         *camera);
const char  *sc_ctl_camera_get_name     (ScCtlCamera         *camera);
gboolean     sc_ctl_check_options_set   (char               **args,
                                         GError             **error);
gboolean     sc_ctl_check_reset         (char               **args,
                                         GError             **error);
int          sc_ctl_cmd_cameras         (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_add_camera      (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_connect         (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_disconnect      (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_forget          (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_info            (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_state           (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_options_get     (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_options_set     (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_preview_frame   (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_reset           (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_format          (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);

/* spherecamctl-files.c */
extern const GOptionEntry sc_ctl_shoot_entries[];
extern const GOptionEntry sc_ctl_ls_entries[];
extern const GOptionEntry sc_ctl_get_entries[];

gboolean     sc_ctl_check_ls            (char               **args,
                                         GError             **error);
int          sc_ctl_cmd_shoot           (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_record_start    (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_record_stop     (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_ls              (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_get             (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_rm              (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);

/* spherecamctl-privacy.c */
extern const GOptionEntry sc_ctl_consent_show_entries[];
extern const GOptionEntry sc_ctl_data_erase_entries[];

gboolean     sc_ctl_check_consent_accept (char              **args,
                                         GError             **error);
gboolean     sc_ctl_check_consent_show  (char               **args,
                                         GError             **error);
gboolean     sc_ctl_check_permissions   (char               **args,
                                         GError             **error);
gboolean     sc_ctl_check_location_set  (char               **args,
                                         GError             **error);
gboolean     sc_ctl_check_data_erase    (char               **args,
                                         GError             **error);
int          sc_ctl_cmd_consent_status  (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_consent_accept  (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_consent_revoke  (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_consent_show    (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_permissions     (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_location_set    (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_location_auto   (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_location_clear  (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_location_show   (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_data_list       (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_data_export     (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_data_erase      (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_narration_start (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_narration_stop  (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);

/* spherecamctl-discover.c */
extern const GOptionEntry sc_ctl_discover_entries[];
int          sc_ctl_cmd_discover        (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);

/* spherecamctl-stitch.c */
extern const GOptionEntry sc_ctl_check_360_entries[];
extern const GOptionEntry sc_ctl_stitch_entries[];

gboolean     sc_ctl_check_stitch        (char               **args,
                                         GError             **error);
int          sc_ctl_cmd_stitch          (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);
int          sc_ctl_cmd_check_360       (ScCtl               *ctl,
                                         char               **args,
                                         GError             **error);

G_END_DECLS
