# core/camera: the Mi Sphere (MADV/Ambarella JSON) backend: the protocol
# engine ScMadvClient and the camera object ScMadvCamera. Included by
# core/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

list (APPEND SC_CORE_SOURCES
  camera/sc-madv-client.c
  camera/sc-madv-client-json.c
  camera/sc-madv-client-transfer.c
  camera/sc-madv-camera.c
  camera/sc-madv-camera-files.c)

