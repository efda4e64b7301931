# core/camera: the Mi Sphere (MADV/Ambarella JSON) backend: the protocol
# engine ScMadvClient and the camera object ScMadvCamera. Included by
# core/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

list (APPEND SC_CORE_SOURCES
  camera/sc-madv-client.c
  camera/sc-madv-client-json.c
  camera/sc-madv-client-transfer.c
  camera/sc-madv-camera.c
  camera/sc-madv-camera-commands.c
  camera/sc-madv-camera-connect.c
  camera/sc-madv-camera-download.c
  camera/sc-madv-camera-files.c
  camera/sc-madv-camera-https.c
  camera/sc-madv-camera-lut.c
  camera/sc-madv-camera-options.c
  camera/sc-madv-camera-requests.c
  camera/sc-madv-camera-state.c)

