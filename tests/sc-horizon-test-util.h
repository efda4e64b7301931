/* sc-horizon-test-util.h: how far an equirectangular image is from level
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A view of 8-bit RGB (bpp 3) or RGBA (bpp 4) pixels; nothing is copied. */
typedef struct
{
  const guint8 *data;
  int           width;
  int           height;
  int           stride;
  int           bpp;
} ScHorizonImage;

double  sc_horizon_test_mse            (const ScHorizonImage *image,
                                        const ScHorizonImage *truth,
                                        double                pitch_deg,
                                        double                roll_deg,
                                        int                   step);
void    sc_horizon_test_find_tilt      (const ScHorizonImage *image,
                                        const ScHorizonImage *truth,
                                        double                range_deg,
                                        double               *pitch_deg,
                                        double               *roll_deg);
double  sc_horizon_test_gpano_patch_mse (const ScHorizonImage *image,
                                         const ScHorizonImage *truth,
                                         double                gpano_pitch_deg,
                                         double                gpano_roll_deg,
                                         double                half_deg);

G_END_DECLS
