# Tests of photo stitching (core/stitch/sc-photo-stitch.c): photos taken
# with the emulator (with GPS), stitched on the CPU and on scglstitch
# (headless EGL, llvmpipe), checked with exiftool, sc_360_check() and
# against the emulator's ground truth (sc-emu-render, tests/stitch.cmake);
# a photo taken with the camera tilted (--tilt) is levelled from its
# gravity data (sc-horizon-test-util measures the horizon).
# Included by tests/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

if (EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/emulator/CMakeLists.txt" AND TARGET sc-emu-render)
  sc_add_test (photo-stitch
    SOURCES test-photo-stitch.c sc-osc-test-util.c sc-test-util.c sc-horizon-test-util.c sc-image-test-util.c
    LIBS sc-core sc-emulator-launcher sc-emu-render
    LABELS integration TIMEOUT 180
    ENV "ASAN_OPTIONS=detect_leaks=0" "SC_TEST_EMULATOR=$<TARGET_FILE:spherecam-emulator>"
        "GST_GL_PLATFORM=egl" "GST_GL_WINDOW=egl-device" "LIBGL_ALWAYS_SOFTWARE=1")
  add_dependencies (test-photo-stitch spherecam-emulator)
endif ()
