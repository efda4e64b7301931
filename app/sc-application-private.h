/* sc-application-private.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sc-application.h"

G_BEGIN_DECLS

struct _ScApplication
{
  AdwApplication  parent_instance;

  ScService      *service;
  GSettings      *settings;
  ScConsent      *consent;    /* watched for app.preferences */
};

void _sc_application_actions_init (ScApplication *self);

G_END_DECLS
