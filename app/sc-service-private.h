/* sc-service-private.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sc-dbus-camera-impl.h"
#include "sc-dbus-job-impl.h"
#include "sc-dbus-manager-impl.h"
#include "sc-dbus-privacy-impl.h"
#include "sc-dbus-stitcher-impl.h"
#include "sc-service.h"
#if SC_TEST_HOOKS
# include "sc-dbus-testing-impl.h"
#endif

G_BEGIN_DECLS

/* Whether consent is given, readable from GDBus's worker threads, where
 * "g-authorize-method" runs; written on the owner's thread only. Shared
 * (refcounted) with every skeleton that it guards. */
typedef struct
{
  int accepted;   /* atomic */
} ScConsentGate;

struct _ScService
{
  GObject            parent_instance;

  GApplication      *application;      /* unowned: it owns us */
  ScJobManager      *jobs;
  ScCameraMonitor   *cameras;
  ScCameraRegistry  *registry;
  ScUsbMonitor      *usb;              /* PTP cameras on USB, hot-plugged */
  ScStorageMonitor  *disks;            /* cameras mounted as a disk (DCIM) */
  guint              monitors_idle_id; /* starts usb and disks */
  GHashTable        *new_credentials;  /* ScCamera* → GStrv {username, password} */
  GHashTable        *camera_exports;   /* ScCamera* → ScDbusCameraImpl* */
  guint              next_camera_number;
  ScDbusManagerImpl *manager;
  ScDbusPrivacyImpl *privacy;
  ScDbusStitcherImpl *stitcher;
  GSettings         *settings;
  ScConsent         *consent;
  ScPermissions     *permissions;
  ScLocationSource  *location;
  ScUsageStats      *stats;
  ScDataInventory   *inventory;
  ScConsentGate     *gate;
  gboolean           app_started;
#if SC_TEST_HOOKS
  ScDbusTestingImpl *testing;
#endif
  GDBusConnection   *connection;
  GHashTable        *job_exports;      /* ScJob* → ScDbusJobImpl* */
  GMainContext      *context;
  guint              filter_id;
  int                touch_pending;     /* atomic */
  gboolean           holding_for_jobs;
};

void     _sc_service_setup_privacy            (ScService              *self);
void     _sc_service_guard_skeleton           (ScService              *self,
                                               GDBusInterfaceSkeleton *skeleton,
                                               GCallback               callback);
gboolean _sc_service_authorize_camera_method  (GDBusInterfaceSkeleton *skeleton,
                                               GDBusMethodInvocation  *invocation,
                                               ScConsentGate          *gate);
gboolean _sc_service_authorize_manager_method (GDBusInterfaceSkeleton *skeleton,
                                               GDBusMethodInvocation  *invocation,
                                               ScConsentGate          *gate);
gboolean _sc_service_authorize_stitcher_method (GDBusInterfaceSkeleton *skeleton,
                                                GDBusMethodInvocation  *invocation,
                                                ScConsentGate          *gate);

G_END_DECLS
