# tests/privacy-dbus.cmake: consent gating, the privacy toggles, location
# and "your data" over D-Bus and through spherecamctl, against the camera
# emulator. Included from tests/CMakeLists.txt, after the emulator's
# directory.
# SPDX-License-Identifier: GPL-3.0-or-later

if (NOT TARGET spherecam-emulator OR NOT TARGET sc-emulator-launcher)
  message (STATUS "privacy-dbus: no camera emulator yet (tests/emulator/); test not added")
  return ()
endif ()

find_program (EXIFTOOL exiftool REQUIRED)

# SPHERECAM_AUDIO_SOURCE: narration records a test tone, so that no sound
# device is needed once the microphone toggle is on.
sc_add_test (privacy-dbus
  SOURCES test-privacy-dbus.c sc-test-util.c
  LIBS sc-core sc-dbus sc-emulator-launcher PkgConfig::GLIB PkgConfig::JSONGLIB
  LABELS integration
  TIMEOUT 300
  ENV "ASAN_OPTIONS=detect_leaks=0"
      "SC_TEST_EMULATOR=$<TARGET_FILE:spherecam-emulator>"
      "SPHERECAM_AUDIO_SOURCE=audiotestsrc")
target_include_directories (test-privacy-dbus PRIVATE
  "${CMAKE_CURRENT_SOURCE_DIR}" "${CMAKE_CURRENT_SOURCE_DIR}/emulator")
add_dependencies (test-privacy-dbus spherecam spherecamctl spherecam-emulator)
