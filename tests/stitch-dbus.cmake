# tests/stitch-dbus.cmake: org.spherecam.Spherecam.Stitcher and
# `spherecamctl stitch`, end to end: the real service on a GTestDBus bus
# stitches photos the camera emulator took. Included from
# tests/CMakeLists.txt, after the emulator's directory.
# SPDX-License-Identifier: GPL-3.0-or-later

if (NOT TARGET spherecam-emulator OR NOT TARGET sc-emulator-launcher OR NOT TARGET sc-emu-render)
  message (STATUS "stitch-dbus: no camera emulator yet (tests/emulator/); test not added")
  return ()
endif ()

find_program (EXIFTOOL exiftool REQUIRED)

# The service inherits this environment through dbus-daemon: GL (for the
# GlRenderer property) on the headless EGL device platform.
sc_add_test (stitch-dbus
  SOURCES test-stitch-dbus.c sc-test-util.c sc-horizon-test-util.c
  LIBS sc-dbus sc-emulator-launcher sc-emu-render PkgConfig::GLIB PkgConfig::JSONGLIB
  LABELS integration
  TIMEOUT 300
  ENV "ASAN_OPTIONS=detect_leaks=0"
      "SC_TEST_EMULATOR=$<TARGET_FILE:spherecam-emulator>"
      "SC_TEST_EXIFTOOL=${EXIFTOOL}"
      "GST_GL_PLATFORM=egl" "GST_GL_WINDOW=egl-device")
target_include_directories (test-stitch-dbus PRIVATE
  "${CMAKE_CURRENT_SOURCE_DIR}" "${CMAKE_CURRENT_SOURCE_DIR}/emulator")
add_dependencies (test-stitch-dbus spherecam spherecamctl spherecam-emulator)
