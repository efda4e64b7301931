# core/camera: the camera interface, ScCameraFile, the OSC backend and the
# live preview decoder. Included by core/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

list (APPEND SC_CORE_PUBLIC_HEADERS
  camera/sc-camera.h
  camera/sc-camera-file.h
  camera/sc-live-preview.h)

list (APPEND SC_CORE_SOURCES
  camera/sc-camera.c
  camera/sc-camera-operations.c
  camera/sc-camera-file.c
  camera/sc-live-preview.c
  camera/sc-live-preview-mjpeg.c
  camera/sc-live-preview-rtsp.c
  camera/sc-osc-camera.c
  camera/sc-osc-camera-commands.c
  camera/sc-osc-camera-connect.c
  camera/sc-osc-camera-files.c
  camera/sc-camera-download-job.c
  camera/sc-osc-camera-http.c
  camera/sc-osc-camera-json.c
  camera/sc-osc-camera-options.c
  camera/sc-osc-camera-queue.c
  camera/sc-osc-camera-state.c)
