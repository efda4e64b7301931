# Tests of the Mi Sphere's (MADV) lens LUT and gyro matrices
# (core/stitch/sc-madv-lut.c, sc_stitch_map_new_from_madv_lut()): the LUT
# written from the emulator's rig (tests/emulator/emu-madv-lut.c, in
# sc-emu-render) embedded as the camera embeds it, read back, stitched and
# levelled against the emulator's ground truth; damaged files.
# Included by tests/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

if (TARGET sc-emu-render)
  sc_add_test (madv-lut
    SOURCES test-madv-lut.c sc-horizon-test-util.c
    LIBS sc-core sc-emu-render
    LABELS unit
    ENV "ASAN_OPTIONS=detect_leaks=0")
endif ()

# A Mi Sphere photo from the MADV emulator, stitched by sc_photo_stitch()
# with its own LUT and levelled by its own gravity matrix.
if (TARGET sc-emu-render AND TARGET spherecam-emulator)
  sc_add_test (madv-stitch
    SOURCES test-madv-stitch.c sc-horizon-test-util.c sc-test-util.c sc-image-test-util.c
    LIBS sc-core sc-emulator-launcher sc-emu-render
    LABELS integration
    ENV "ASAN_OPTIONS=detect_leaks=0" "SC_TEST_EMULATOR=$<TARGET_FILE:spherecam-emulator>")
  add_dependencies (test-madv-stitch spherecam-emulator)
endif ()
