# Tests of core/stitch/: the lens model, calibration profiles, circle
# estimation and the CPU stitcher, against the emulator's optics (its
# renderer is linked in: dual-fisheye frames from the scene with a known
# rig, and the ground-truth equirectangular view).
# Included by tests/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

pkg_check_modules (PNG REQUIRED IMPORTED_TARGET libpng)

add_library (sc-emu-render STATIC
  emulator/emu-render.c
  emulator/emu-image.c
  emulator/emu-madv-lut.c)
target_include_directories (sc-emu-render PUBLIC
  "${CMAKE_CURRENT_SOURCE_DIR}/emulator" "${PROJECT_BINARY_DIR}")
target_link_libraries (sc-emu-render PUBLIC
  PkgConfig::GLIB PkgConfig::GST PkgConfig::JSONGLIB PkgConfig::PNG m)
target_compile_definitions (sc-emu-render PUBLIC
  SC_TEST_SCENE="${PROJECT_SOURCE_DIR}/tests/data/scene-equirect.jpg")
target_compile_options (sc-emu-render PRIVATE -O2)

sc_add_test (lens SOURCES test-lens.c LIBS sc-core sc-emu-render LABELS unit
  ENV "ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0")
sc_add_test (stitch-cpu SOURCES test-stitch-cpu.c LIBS sc-core sc-emu-render LABELS unit
  ENV "ASAN_OPTIONS=detect_leaks=0")
target_compile_definitions (test-lens PRIVATE SC_TEST_SRCDIR="${PROJECT_SOURCE_DIR}")
