/* fake-geoclue.h: a small GeoClue2 service for tests
 *
 * Serves org.freedesktop.GeoClue2 (Manager, Client, Location) on a bus
 * connection of its own, in the test process, so that libgeoclue in the
 * code under test finds it when DBUS_SYSTEM_BUS_ADDRESS names that bus
 * (a GTestDBus bus). It counts the requests it receives and hands every
 * started client one fixed position.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _FakeGeoclue FakeGeoclue;

/* A private bus (GTestDBus) that this process uses as its system bus.
 * Call fake_geoclue_bus_up() before anything touches the system bus. */
GTestDBus   *fake_geoclue_bus_up          (void);
void         fake_geoclue_bus_down        (GTestDBus   *bus);

FakeGeoclue *fake_geoclue_new             (const char  *bus_address,
                                           double       latitude,
                                           double       longitude,
                                           double       altitude);
void         fake_geoclue_free            (FakeGeoclue *self);

/* Start answers org.freedesktop.DBus.Error.AccessDenied, as GeoClue does
 * for an application it does not allow. */
void         fake_geoclue_set_deny        (FakeGeoclue *self,
                                           gboolean     deny);

guint        fake_geoclue_get_n_clients   (FakeGeoclue *self);  /* GetClient + CreateClient */
guint        fake_geoclue_get_n_starts    (FakeGeoclue *self);
guint        fake_geoclue_get_n_stops     (FakeGeoclue *self);
guint        fake_geoclue_get_n_active    (FakeGeoclue *self);  /* started, not stopped */
guint        fake_geoclue_get_n_existing  (FakeGeoclue *self);  /* created, not deleted */
const char  *fake_geoclue_get_desktop_id  (FakeGeoclue *self);

G_END_DECLS
