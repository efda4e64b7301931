/* sc-camera-jobs.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include "sc-camera.h"
#include "sc-job.h"

G_BEGIN_DECLS

ScJob *sc_camera_download_job_new (ScCamera  *camera,
                                   GPtrArray *files,
                                   GFile     *directory);
ScJob *sc_camera_shoot_job_new    (ScCamera  *camera,
                                   GFile     *directory);

G_END_DECLS
