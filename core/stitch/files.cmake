# core/stitch/: the dual-fisheye lens model, the calibration profiles
# (compiled from data/calibration/), circle estimation and the CPU stitcher.
# Included by core/CMakeLists.txt. (The GL path has sc-gl-files.cmake.)
# SPDX-License-Identifier: GPL-3.0-or-later

sc_compile_resources (SC_CALIBRATION_RESOURCE_SOURCES
  "${CMAKE_CURRENT_SOURCE_DIR}/stitch/sc-calibration.gresource.xml" sc_calibration
  SOURCE_DIR "${PROJECT_SOURCE_DIR}/data/calibration")

list (APPEND SC_CORE_PUBLIC_HEADERS
  stitch/sc-lens.h
  stitch/sc-stitch-map.h)

list (APPEND SC_CORE_SOURCES
  stitch/sc-lens.c
  stitch/sc-circle-detect.c
  stitch/sc-stitch-map.c
  ${SC_CALIBRATION_RESOURCE_SOURCES})

list (APPEND SC_CORE_EXTRA_LIBS m)

# The per-pixel loops are optimised even in Debug builds (tests stitch real
# frames; the benchmark measures them).
set_source_files_properties (stitch/sc-circle-detect.c
  PROPERTIES COMPILE_OPTIONS "-O2")
set_source_files_properties (stitch/sc-stitch-map.c
  PROPERTIES COMPILE_OPTIONS "-O3")
