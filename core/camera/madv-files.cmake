# core/camera: the Mi Sphere (MADV/Ambarella JSON) backend: the protocol
# engine ScMadvClient and the camera object ScMadvCamera. Included by
# core/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

list (APPEND SC_CORE_SOURCES
  camera/sc-madv-client.c
  camera/sc-madv-client-json.c
  camera/sc-madv-client-transfer.c)

if (EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/camera/sc-madv-camera.c")
  list (APPEND SC_CORE_SOURCES
    camera/sc-madv-camera.c)
endif ()
if (EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/camera/sc-madv-camera-files.c")
  list (APPEND SC_CORE_SOURCES
    camera/sc-madv-camera-files.c)
endif ()
