/* emu-render.h: the emulator's optics: a scene seen through two fisheyes
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "emu-image.h"

G_BEGIN_DECLS

/* Lens model (written into every capture's metadata, see emu-render.c):
 * equidistant, r = radius · θ / (fov/2). Index 0 is the back lens (left
 * half of the frame), index 1 the front lens (right half), as ffmpeg's
 * v360 "dfisheye" and PROTOCOLS.md §5 have it. */
typedef struct
{
  const char *name;       /* "back" or "front" */
  double      cx;         /* optical centre, pixels, continuous coordinates */
  double      cy;
  double      radius;     /* image radius of the fov/2 ring, pixels */
  double      fov_deg;
  double      roll_deg;   /* image rotation about the centre, counter-clockwise as seen */
  double      gain;       /* exposure gain applied to the scene colour */
  double      yaw_deg;    /* optical axis: 0 = front (+z), 180 = back (−z) */
} ScEmuLens;

/* The camera's attitude (pitch_deg, roll_deg) is how it was held: a
 * camera ray d is the world ray Rx(pitch)·Rz(roll)·d (then the heading,
 * a horizontal shift), as sc_orientation_matrix() in core takes it; see
 * emu-render.c for the mapping to GPano's PosePitch/PoseRoll. Both 0
 * (sc_emu_rig_init()) is a level camera, rendered exactly as before. */
typedef struct
{
  int       width;
  int       height;
  ScEmuLens lenses[2];
  double    pitch_deg;   /* nose up */
  double    roll_deg;    /* camera +x turned towards +y (counter-clockwise from behind) */
} ScEmuRig;

#define SC_EMU_LENS_BACK  0
#define SC_EMU_LENS_FRONT 1

typedef struct _ScEmuRigMap ScEmuRigMap;

void               sc_emu_scene_set_path       (const char        *path);
const ScEmuImage  *sc_emu_scene_get            (GError           **error);

void               sc_emu_rig_init             (ScEmuRig          *rig,
                                                int                width,
                                                int                height);
JsonObject        *sc_emu_rig_to_json          (const ScEmuRig    *rig,
                                                double             yaw_deg);
gboolean           sc_emu_rig_is_tilted        (const ScEmuRig    *rig);
void               sc_emu_rig_get_gpano_pose   (const ScEmuRig    *rig,
                                                double            *pose_pitch_deg,
                                                double            *pose_roll_deg);

ScEmuRigMap       *sc_emu_rig_map_get          (const ScEmuRig    *rig,
                                                const ScEmuImage  *scene);
ScEmuRigMap       *sc_emu_rig_map_ref          (ScEmuRigMap       *map);
void               sc_emu_rig_map_unref        (ScEmuRigMap       *map);
void               sc_emu_rig_map_render       (ScEmuRigMap       *map,
                                                const ScEmuImage  *scene,
                                                double             yaw_deg,
                                                ScEmuImage        *out);

void               sc_emu_render_equirect      (const ScEmuImage  *scene,
                                                double             yaw_deg,
                                                ScEmuImage        *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScEmuRigMap, sc_emu_rig_map_unref)

G_END_DECLS
