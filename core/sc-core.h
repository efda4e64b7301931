/* sc-core.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#define SC_CORE_INSIDE
# include "sc-360-check.h"
# include "sc-camera-discovery.h"
# include "sc-camera-file.h"
# include "sc-camera-jobs.h"
# include "sc-camera-monitor.h"
# include "sc-camera-record.h"
# include "sc-camera-registry.h"
# include "sc-camera.h"
# include "sc-consent.h"
# include "sc-core-init.h"
# include "sc-data-inventory.h"
# include "sc-download.h"
# include "sc-enums.h"
# include "sc-error.h"
# include "sc-geotag.h"
# include "sc-gl-stitch.h"
# include "sc-gpano.h"
# include "sc-job-manager.h"
# include "sc-job.h"
# include "sc-lens.h"
# include "sc-live-preview.h"
# include "sc-location.h"
# include "sc-log.h"
# include "sc-madv-lut.h"
# include "sc-narration.h"
# include "sc-permissions.h"
# include "sc-photo-meta.h"
# include "sc-photo-stitch.h"
# include "sc-policy.h"
# include "sc-redact.h"
# include "sc-spherical-mp4.h"
# include "sc-stitch-filter.h"
# include "sc-stitch-map.h"
# include "sc-storage-camera.h"
# include "sc-storage-monitor.h"
# include "sc-usage-stats.h"
# include "sc-usb-hygiene.h"
# include "sc-usb-monitor.h"
# include "sc-version.h"
# include "sc-video-stitch.h"
#undef SC_CORE_INSIDE
