# core/privacy/: ScLocationSource (the user's location for geotagging, from
# a position set by hand or the desktop's location service, GeoClue2).
# Included by core/CMakeLists.txt, which links ${SC_CORE_EXTRA_LIBS}.
# SPDX-License-Identifier: GPL-3.0-or-later

pkg_check_modules (GEOCLUE REQUIRED IMPORTED_TARGET libgeoclue-2.0>=2.6)

list (APPEND SC_CORE_PUBLIC_HEADERS
  privacy/sc-location.h)

list (APPEND SC_CORE_SOURCES
  privacy/sc-location.c
  privacy/sc-location-geoclue.c)

list (APPEND SC_CORE_EXTRA_LIBS PkgConfig::GEOCLUE)
