# core/camera: cameras that mount as a disk (ScStorageCamera, watched by
# ScStorageMonitor) and the Linux USB hygiene helpers (who holds a camera,
# releasing gvfs's hold, USB modes we cannot use). Included by
# core/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

list (APPEND SC_CORE_SOURCES
  camera/sc-storage-camera.c
  camera/sc-storage-camera-dcim.c
  camera/sc-storage-camera-files.c)

if (EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/camera/sc-storage-monitor.c")
  list (APPEND SC_CORE_SOURCES
    camera/sc-storage-monitor.c)
endif ()
if (EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/camera/sc-usb-hygiene.c")
  list (APPEND SC_CORE_SOURCES
    camera/sc-usb-hygiene.c)
endif ()
