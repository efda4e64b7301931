# core/stitch/ GL side: "scglstitch", the GstGLFilter that stitches
# dual-fisheye frames on the GPU, and the GL renderer probe that picks the
# CPU path on software renderers. Included by core/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

pkg_check_modules (GSTGL REQUIRED IMPORTED_TARGET gstreamer-gl-1.0 gstreamer-video-1.0)
list (APPEND SC_CORE_EXTRA_LIBS PkgConfig::GSTGL)

list (APPEND SC_CORE_PUBLIC_HEADERS
  stitch/sc-gl-stitch.h)

list (APPEND SC_CORE_SOURCES
  stitch/sc-gl-stitch.c
  stitch/sc-stitch-caps.c)
