/* sc-camera-discovery.h
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SC_CORE_INSIDE) && !defined (SC_CORE_COMPILATION)
# error "Only <sc-core.h> can be included directly."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* How long a probe waits for a camera before it says "no answer" */
#define SC_CAMERA_DISCOVERY_MADV_TIMEOUT_MS 2000
#define SC_CAMERA_DISCOVERY_HTTP_TIMEOUT_MS 3000

/**
 * ScCameraCandidateState:
 * @SC_CAMERA_CANDIDATE_SUGGESTED: the usual address of a camera on this
 *   network, not probed (yet)
 * @SC_CAMERA_CANDIDATE_ANSWERS: a camera answered at this address
 * @SC_CAMERA_CANDIDATE_NO_ANSWER: nothing answered in time
 */
typedef enum
{
  SC_CAMERA_CANDIDATE_SUGGESTED,
  SC_CAMERA_CANDIDATE_ANSWERS,
  SC_CAMERA_CANDIDATE_NO_ANSWER,
} ScCameraCandidateState;

/**
 * ScCameraCandidate:
 * @uri: the camera URI to add (`madv://…` or `http://…`)
 * @label: a translated name of the kind of camera, e.g. "Mi Sphere"
 * @state: whether it was probed, and how that went
 *
 * An address where a camera may be.
 */
typedef struct
{
  char                   *uri;
  char                   *label;
  ScCameraCandidateState  state;
} ScCameraCandidate;

#define SC_TYPE_CAMERA_CANDIDATE (sc_camera_candidate_get_type ())

GType              sc_camera_candidate_get_type          (void) G_GNUC_CONST;
ScCameraCandidate *sc_camera_candidate_new               (const char              *uri,
                                                          const char              *label);
ScCameraCandidate *sc_camera_candidate_new_for_uri       (const char              *uri);
ScCameraCandidate *sc_camera_candidate_copy              (const ScCameraCandidate *candidate);
void               sc_camera_candidate_free              (ScCameraCandidate       *candidate);
const char        *sc_camera_candidate_state_to_string   (ScCameraCandidateState   state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScCameraCandidate, sc_camera_candidate_free)

#define SC_TYPE_CAMERA_DISCOVERY (sc_camera_discovery_get_type ())

G_DECLARE_FINAL_TYPE (ScCameraDiscovery, sc_camera_discovery, SC, CAMERA_DISCOVERY, GObject)

char              *sc_camera_discovery_parse_route       (const char              *route_text);
GPtrArray         *sc_camera_discovery_candidates_for_gateway
                                                         (const char              *gateway);

ScCameraDiscovery *sc_camera_discovery_new               (void);
ScCameraDiscovery *sc_camera_discovery_new_for_route_file (const char             *route_path);
const char        *sc_camera_discovery_get_gateway       (ScCameraDiscovery       *self);
void               sc_camera_discovery_refresh           (ScCameraDiscovery       *self);
GPtrArray         *sc_camera_discovery_dup_candidates    (ScCameraDiscovery       *self);
void               sc_camera_discovery_probe_async       (ScCameraDiscovery       *self,
                                                          GPtrArray               *candidates,
                                                          GCancellable            *cancellable,
                                                          GAsyncReadyCallback      callback,
                                                          gpointer                 user_data);
GPtrArray         *sc_camera_discovery_probe_finish      (ScCameraDiscovery       *self,
                                                          GAsyncResult            *result,
                                                          GError                 **error);

G_END_DECLS
