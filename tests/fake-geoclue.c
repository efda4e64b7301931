/* fake-geoclue.c: a small GeoClue2 service for tests
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fake-geoclue.h"

#define GEOCLUE_NAME      "org.freedesktop.GeoClue2"
#define MANAGER_PATH      "/org/freedesktop/GeoClue2/Manager"
#define LOCATION_PATH     "/org/freedesktop/GeoClue2/Location/1"

static const char introspection_xml[] =
  "<node>"
  " <interface name='org.freedesktop.GeoClue2.Manager'>"
  "  <property name='InUse' type='b' access='read'/>"
  "  <property name='AvailableAccuracyLevel' type='u' access='read'/>"
  "  <method name='GetClient'><arg name='client' type='o' direction='out'/></method>"
  "  <method name='CreateClient'><arg name='client' type='o' direction='out'/></method>"
  "  <method name='DeleteClient'><arg name='client' type='o' direction='in'/></method>"
  "  <method name='AddAgent'><arg name='id' type='s' direction='in'/></method>"
  " </interface>"
  " <interface name='org.freedesktop.GeoClue2.Client'>"
  "  <property name='Location' type='o' access='read'/>"
  "  <property name='DistanceThreshold' type='u' access='readwrite'/>"
  "  <property name='TimeThreshold' type='u' access='readwrite'/>"
  "  <property name='DesktopId' type='s' access='readwrite'/>"
  "  <property name='RequestedAccuracyLevel' type='u' access='readwrite'/>"
  "  <property name='Active' type='b' access='read'/>"
  "  <method name='Start'/>"
  "  <method name='Stop'/>"
  "  <signal name='LocationUpdated'>"
  "   <arg name='old' type='o'/><arg name='new' type='o'/>"
  "  </signal>"
  " </interface>"
  " <interface name='org.freedesktop.GeoClue2.Location'>"
  "  <property name='Latitude' type='d' access='read'/>"
  "  <property name='Longitude' type='d' access='read'/>"
  "  <property name='Accuracy' type='d' access='read'/>"
  "  <property name='Altitude' type='d' access='read'/>"
  "  <property name='Speed' type='d' access='read'/>"
  "  <property name='Heading' type='d' access='read'/>"
  "  <property name='Description' type='s' access='read'/>"
  "  <property name='Timestamp' type='(tt)' access='read'/>"
  " </interface>"
  "</node>";

typedef struct
{
  FakeGeoclue *fake;
  char        *path;
  guint        registration;
  char        *desktop_id;
  guint        accuracy;
  guint        distance_threshold;
  guint        time_threshold;
  gboolean     active;
  gboolean     has_location;
} Client;

struct _FakeGeoclue
{
  GDBusConnection *connection;
  GDBusNodeInfo   *info;
  guint            manager_registration;
  guint            location_registration;
  GPtrArray       *clients;     /* Client */
  guint            next_client;
  double           latitude;
  double           longitude;
  double           altitude;
  gboolean         deny;

  guint            n_clients;
  guint            n_starts;
  guint            n_stops;
  char            *desktop_id;  /* of the last client started */
};

static void
client_free (Client *client)
{
  if (client->registration != 0)
    g_dbus_connection_unregister_object (client->fake->connection, client->registration);
  g_free (client->path);
  g_free (client->desktop_id);
  g_free (client);
}

static Client *
find_client (FakeGeoclue *self,
             const char  *path)
{
  for (guint i = 0; i < self->clients->len; i++)
    {
      Client *client = g_ptr_array_index (self->clients, i);

      if (g_str_equal (client->path, path))
        return client;
    }
  return NULL;
}

static void
emit_client_properties_changed (Client *client)
{
  GVariantBuilder changed;

  g_variant_builder_init (&changed, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&changed, "{sv}", "Location",
                         g_variant_new_object_path (client->has_location ? LOCATION_PATH : "/"));
  g_variant_builder_add (&changed, "{sv}", "Active", g_variant_new_boolean (client->active));
  g_dbus_connection_emit_signal (client->fake->connection, NULL, client->path,
                                 "org.freedesktop.DBus.Properties", "PropertiesChanged",
                                 g_variant_new ("(sa{sv}as)", "org.freedesktop.GeoClue2.Client",
                                                &changed, NULL),
                                 NULL);
}

static void
client_method_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *object_path,
                    const char            *interface_name,
                    const char            *method_name,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  Client *client = user_data;
  FakeGeoclue *self = client->fake;

  if (g_str_equal (method_name, "Start"))
    {
      self->n_starts++;
      g_free (self->desktop_id);
      self->desktop_id = g_strdup (client->desktop_id);

      if (self->deny)
        {
          g_dbus_method_invocation_return_dbus_error (invocation,
                                                      "org.freedesktop.DBus.Error.AccessDenied",
                                                      "disallowed, no agent");
          return;
        }

      client->active = TRUE;
      client->has_location = TRUE;
      g_dbus_method_invocation_return_value (invocation, NULL);
      emit_client_properties_changed (client);
      g_dbus_connection_emit_signal (connection, NULL, client->path,
                                     "org.freedesktop.GeoClue2.Client", "LocationUpdated",
                                     g_variant_new ("(oo)", "/", LOCATION_PATH), NULL);
    }
  else if (g_str_equal (method_name, "Stop"))
    {
      self->n_stops++;
      client->active = FALSE;
      client->has_location = FALSE;
      g_dbus_method_invocation_return_value (invocation, NULL);
      emit_client_properties_changed (client);
    }
  else
    g_dbus_method_invocation_return_dbus_error (invocation,
                                                "org.freedesktop.DBus.Error.UnknownMethod",
                                                method_name);
}

static GVariant *
client_get_property (GDBusConnection  *connection,
                     const char       *sender,
                     const char       *object_path,
                     const char       *interface_name,
                     const char       *property_name,
                     GError          **error,
                     gpointer          user_data)
{
  Client *client = user_data;

  if (g_str_equal (property_name, "Location"))
    return g_variant_new_object_path (client->has_location ? LOCATION_PATH : "/");
  if (g_str_equal (property_name, "DistanceThreshold"))
    return g_variant_new_uint32 (client->distance_threshold);
  if (g_str_equal (property_name, "TimeThreshold"))
    return g_variant_new_uint32 (client->time_threshold);
  if (g_str_equal (property_name, "DesktopId"))
    return g_variant_new_string (client->desktop_id != NULL ? client->desktop_id : "");
  if (g_str_equal (property_name, "RequestedAccuracyLevel"))
    return g_variant_new_uint32 (client->accuracy);
  if (g_str_equal (property_name, "Active"))
    return g_variant_new_boolean (client->active);

  g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY, "%s", property_name);
  return NULL;
}

static gboolean
client_set_property (GDBusConnection  *connection,
                     const char       *sender,
                     const char       *object_path,
                     const char       *interface_name,
                     const char       *property_name,
                     GVariant         *value,
                     GError          **error,
                     gpointer          user_data)
{
  Client *client = user_data;

  if (g_str_equal (property_name, "DesktopId"))
    {
      g_free (client->desktop_id);
      client->desktop_id = g_variant_dup_string (value, NULL);
    }
  else if (g_str_equal (property_name, "RequestedAccuracyLevel"))
    client->accuracy = g_variant_get_uint32 (value);
  else if (g_str_equal (property_name, "DistanceThreshold"))
    client->distance_threshold = g_variant_get_uint32 (value);
  else if (g_str_equal (property_name, "TimeThreshold"))
    client->time_threshold = g_variant_get_uint32 (value);
  else
    {
      g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_PROPERTY_READ_ONLY, "%s", property_name);
      return FALSE;
    }

  return TRUE;
}

static const GDBusInterfaceVTable client_vtable = {
  client_method_call, client_get_property, client_set_property, { 0 }
};

static void
manager_method_call (GDBusConnection       *connection,
                     const char            *sender,
                     const char            *object_path,
                     const char            *interface_name,
                     const char            *method_name,
                     GVariant              *parameters,
                     GDBusMethodInvocation *invocation,
                     gpointer               user_data)
{
  FakeGeoclue *self = user_data;

  if (g_str_equal (method_name, "GetClient") || g_str_equal (method_name, "CreateClient"))
    {
      Client *client = g_new0 (Client, 1);
      g_autoptr(GError) error = NULL;

      self->n_clients++;
      client->fake = self;
      client->path = g_strdup_printf ("/org/freedesktop/GeoClue2/Client/%u", ++self->next_client);
      client->registration =
        g_dbus_connection_register_object (connection, client->path,
                                           g_dbus_node_info_lookup_interface (self->info,
                                                                              "org.freedesktop.GeoClue2.Client"),
                                           &client_vtable, client, NULL, &error);
      g_assert_no_error (error);
      g_ptr_array_add (self->clients, client);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", client->path));
    }
  else if (g_str_equal (method_name, "DeleteClient"))
    {
      const char *path;
      Client *client;

      g_variant_get (parameters, "(&o)", &path);
      client = find_client (self, path);
      if (client != NULL)
        g_ptr_array_remove (self->clients, client);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "AddAgent"))
    g_dbus_method_invocation_return_value (invocation, NULL);
  else
    g_dbus_method_invocation_return_dbus_error (invocation,
                                                "org.freedesktop.DBus.Error.UnknownMethod",
                                                method_name);
}

static GVariant *
manager_get_property (GDBusConnection  *connection,
                      const char       *sender,
                      const char       *object_path,
                      const char       *interface_name,
                      const char       *property_name,
                      GError          **error,
                      gpointer          user_data)
{
  FakeGeoclue *self = user_data;

  if (g_str_equal (property_name, "InUse"))
    return g_variant_new_boolean (fake_geoclue_get_n_active (self) > 0);
  if (g_str_equal (property_name, "AvailableAccuracyLevel"))
    return g_variant_new_uint32 (8);

  g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY, "%s", property_name);
  return NULL;
}

static const GDBusInterfaceVTable manager_vtable = {
  manager_method_call, manager_get_property, NULL, { 0 }
};

static GVariant *
location_get_property (GDBusConnection  *connection,
                       const char       *sender,
                       const char       *object_path,
                       const char       *interface_name,
                       const char       *property_name,
                       GError          **error,
                       gpointer          user_data)
{
  FakeGeoclue *self = user_data;

  if (g_str_equal (property_name, "Latitude"))
    return g_variant_new_double (self->latitude);
  if (g_str_equal (property_name, "Longitude"))
    return g_variant_new_double (self->longitude);
  if (g_str_equal (property_name, "Altitude"))
    return g_variant_new_double (self->altitude);
  if (g_str_equal (property_name, "Accuracy"))
    return g_variant_new_double (10.0);
  if (g_str_equal (property_name, "Speed") || g_str_equal (property_name, "Heading"))
    return g_variant_new_double (-1.0);
  if (g_str_equal (property_name, "Description"))
    return g_variant_new_string ("");
  if (g_str_equal (property_name, "Timestamp"))
    return g_variant_new ("(tt)", (guint64)(g_get_real_time () / G_USEC_PER_SEC), (guint64)0);

  g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY, "%s", property_name);
  return NULL;
}

static const GDBusInterfaceVTable location_vtable = {
  NULL, location_get_property, NULL, { 0 }
};

static GDBusConnection *system_bus;

GTestDBus *
fake_geoclue_bus_up (void)
{
  GTestDBus *bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autoptr(GError) error = NULL;

  g_test_dbus_up (bus);
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", g_test_dbus_get_bus_address (bus), TRUE);

  /* The process-wide system bus connection that libgeoclue will use: it
   * must not end the process when this bus goes away at the end. */
  system_bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_set_exit_on_close (system_bus, FALSE);

  return bus;
}

void
fake_geoclue_bus_down (GTestDBus *bus)
{
  g_dbus_connection_close_sync (system_bus, NULL, NULL);
  g_clear_object (&system_bus);
  g_test_dbus_down (bus);
  g_object_unref (bus);
}

/* Serves GeoClue2 on the bus at @bus_address, with one position for every
 * client. Returns once the name is owned. */
FakeGeoclue *
fake_geoclue_new (const char *bus_address,
                  double      latitude,
                  double      longitude,
                  double      altitude)
{
  FakeGeoclue *self = g_new0 (FakeGeoclue, 1);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint32 result;

  self->latitude = latitude;
  self->longitude = longitude;
  self->altitude = altitude;
  self->clients = g_ptr_array_new_with_free_func ((GDestroyNotify)client_free);
  self->info = g_dbus_node_info_new_for_xml (introspection_xml, &error);
  g_assert_no_error (error);

  self->connection =
    g_dbus_connection_new_for_address_sync (bus_address,
                                            G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                            G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                            NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_set_exit_on_close (self->connection, FALSE);

  self->manager_registration =
    g_dbus_connection_register_object (self->connection, MANAGER_PATH,
                                       g_dbus_node_info_lookup_interface (self->info,
                                                                          "org.freedesktop.GeoClue2.Manager"),
                                       &manager_vtable, self, NULL, &error);
  g_assert_no_error (error);
  self->location_registration =
    g_dbus_connection_register_object (self->connection, LOCATION_PATH,
                                       g_dbus_node_info_lookup_interface (self->info,
                                                                          "org.freedesktop.GeoClue2.Location"),
                                       &location_vtable, self, NULL, &error);
  g_assert_no_error (error);

  reply = g_dbus_connection_call_sync (self->connection, "org.freedesktop.DBus",
                                       "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "RequestName", g_variant_new ("(su)", GEOCLUE_NAME, 4),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &result);
  g_assert_cmpuint (result, ==, 1);  /* DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER */

  return self;
}

void
fake_geoclue_free (FakeGeoclue *self)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_sync (self->connection, "org.freedesktop.DBus",
                                       "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "ReleaseName", g_variant_new ("(s)", GEOCLUE_NAME),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, &error);
  g_assert_no_error (error);

  g_clear_pointer (&self->clients, g_ptr_array_unref);
  g_dbus_connection_unregister_object (self->connection, self->manager_registration);
  g_dbus_connection_unregister_object (self->connection, self->location_registration);
  g_dbus_connection_close_sync (self->connection, NULL, NULL);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->info, g_dbus_node_info_unref);
  g_clear_pointer (&self->desktop_id, g_free);
  g_free (self);
}

void
fake_geoclue_set_deny (FakeGeoclue *self,
                       gboolean     deny)
{
  self->deny = deny;
}

guint
fake_geoclue_get_n_clients (FakeGeoclue *self)
{
  return self->n_clients;
}

guint
fake_geoclue_get_n_starts (FakeGeoclue *self)
{
  return self->n_starts;
}

guint
fake_geoclue_get_n_stops (FakeGeoclue *self)
{
  return self->n_stops;
}

guint
fake_geoclue_get_n_active (FakeGeoclue *self)
{
  guint n = 0;

  for (guint i = 0; i < self->clients->len; i++)
    n += ((Client *)g_ptr_array_index (self->clients, i))->active;
  return n;
}

guint
fake_geoclue_get_n_existing (FakeGeoclue *self)
{
  return self->clients->len;
}

const char *
fake_geoclue_get_desktop_id (FakeGeoclue *self)
{
  return self->desktop_id;
}
