/* sc-job-private.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sc-job.h"

G_BEGIN_DECLS

void _sc_job_set_id (ScJob *self,
                     guint  id);

G_END_DECLS
