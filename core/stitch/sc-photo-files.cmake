# core/stitch/: stitching photos (JPEG in, equirectangular JPEG out, on the
# CPU or GL path) and the "stitch" job; core/meta/sc-photo-meta.c carries
# the EXIF over. Included by core/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

list (APPEND SC_CORE_PUBLIC_HEADERS
  meta/sc-photo-meta.h
  stitch/sc-photo-stitch.h)

list (APPEND SC_CORE_SOURCES
  meta/sc-photo-meta.c
  stitch/sc-photo-stitch.c
  stitch/sc-photo-stitch-job.c)
