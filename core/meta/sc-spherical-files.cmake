# core/meta/: 360° metadata (XMP GPano in JPEGs through exempi, EXIF carried
# over with libexif, Spherical Video V1/V2 in MP4s) and its check/repair.
# Included by core/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

pkg_check_modules (EXEMPI REQUIRED IMPORTED_TARGET exempi-2.0)
list (APPEND SC_CORE_EXTRA_LIBS PkgConfig::EXEMPI)

list (APPEND SC_CORE_PUBLIC_HEADERS
  meta/sc-360-check.h
  meta/sc-gpano.h
  meta/sc-spherical-mp4.h)

list (APPEND SC_CORE_SOURCES
  meta/sc-360-check.c
  meta/sc-gpano.c
  meta/sc-spherical-mp4.c)
