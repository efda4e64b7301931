# core/stitch/: the Mi Sphere's (MADV) lens LUT and gyro matrices (JPEG
# trailer, DNG tag, MP4 `madv` box, app_lut.bin; PNG planes via libpng).
# Included by core/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

pkg_check_modules (PNG REQUIRED IMPORTED_TARGET libpng)

list (APPEND SC_CORE_PUBLIC_HEADERS
  stitch/sc-madv-lut.h)

list (APPEND SC_CORE_SOURCES
  stitch/sc-madv-lut.c
  stitch/sc-madv-lut-files.c
  stitch/sc-madv-gyro.c)

list (APPEND SC_CORE_EXTRA_LIBS PkgConfig::PNG)

# The PNG planes are converted pixel by pixel, even in Debug builds.
set_source_files_properties (stitch/sc-madv-lut.c
  PROPERTIES COMPILE_OPTIONS "-O2")
