# core/stitch/: stitching dual-fisheye MP4 videos in a streaming GStreamer
# pipeline ("scstitch", the CPU stitcher as an element, or "scglstitch").
# Included by core/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

list (APPEND SC_CORE_PUBLIC_HEADERS
  stitch/sc-stitch-filter.h
  stitch/sc-video-stitch.h)

list (APPEND SC_CORE_SOURCES
  stitch/sc-stitch-filter.c
  stitch/sc-video-stitch.c)
