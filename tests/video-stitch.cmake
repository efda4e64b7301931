# Tests of video stitching (core/stitch/sc-video-stitch.c, "scstitch"):
# a dual-fisheye MP4 with audio made from the emulator's renderer
# (sc-emu-render, tests/stitch.cmake), stitched, checked with ffprobe and
# against the emulator's ground truth.
# Included by tests/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

if (TARGET sc-emu-render)
  sc_add_test (video-stitch
    SOURCES test-video-stitch.c sc-image-test-util.c
    LIBS sc-core sc-emu-render
    LABELS integration TIMEOUT 120
    ENV "ASAN_OPTIONS=detect_leaks=0"
        "GST_GL_PLATFORM=egl" "GST_GL_WINDOW=egl-device" "LIBGL_ALWAYS_SOFTWARE=1")
endif ()
