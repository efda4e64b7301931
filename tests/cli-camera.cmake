# tests/cli-camera.cmake: spherecamctl's camera commands, end to end: the
# real service on a GTestDBus bus, driving the camera emulator.
# Included from tests/CMakeLists.txt, after the emulator's directory.
# SPDX-License-Identifier: GPL-3.0-or-later

if (NOT TARGET spherecam-emulator OR NOT TARGET sc-emulator-launcher)
  message (STATUS "cli-camera: no camera emulator yet (tests/emulator/); test not added")
  return ()
endif ()

sc_add_test (cli-camera
  SOURCES test-cli-camera.c sc-test-util.c
  LIBS sc-emulator-launcher PkgConfig::GLIB PkgConfig::JSONGLIB
  LABELS integration
  TIMEOUT 300
  ENV "ASAN_OPTIONS=detect_leaks=0"
      "SC_TEST_EMULATOR=$<TARGET_FILE:spherecam-emulator>")
target_include_directories (test-cli-camera PRIVATE
  "${CMAKE_CURRENT_SOURCE_DIR}" "${CMAKE_CURRENT_SOURCE_DIR}/emulator")
# The test runs these programs; build them with it.
add_dependencies (test-cli-camera spherecam spherecamctl spherecam-emulator)
