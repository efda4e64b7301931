# core/meta/: metadata written into media files (geotagging: the EXIF GPS IFD
# of JPEGs, the ISO 6709 ©xyz location of MP4s). Included by core/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

list (APPEND SC_CORE_PUBLIC_HEADERS
  meta/sc-geotag.h)

list (APPEND SC_CORE_SOURCES
  meta/sc-geotag.c
  meta/sc-geotag-jpeg.c
  meta/sc-geotag-mp4.c
  meta/sc-jpeg.c)
