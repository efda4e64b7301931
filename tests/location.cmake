# Tests of core/privacy/sc-location*: ScLocationSource, and geotagging
# downloads and cameras with the user's location.
# Included by tests/CMakeLists.txt, which defines sc_add_test.
# SPDX-License-Identifier: GPL-3.0-or-later

# A fake GeoClue2 service (fake-geoclue.c) runs in the test process on a
# GTestDBus bus that the process uses as its system bus: real libgeoclue,
# counted requests.
sc_add_test (location SOURCES test-location.c fake-geoclue.c LIBS sc-core
  LABELS integration
  ENV "ASAN_OPTIONS=detect_leaks=0")

# Downloads from the camera emulator, geotagged (or not), read back with
# exiftool and ffprobe; the emulator's gpsInfo shows what was pushed.
if (EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/emulator/CMakeLists.txt")
  sc_add_test (geotag-download
    SOURCES test-geotag-download.c fake-geoclue.c sc-osc-test-util.c sc-test-util.c
    LIBS sc-core sc-emulator-launcher
    LABELS integration TIMEOUT 120
    ENV "ASAN_OPTIONS=detect_leaks=0" "SC_TEST_EMULATOR=$<TARGET_FILE:spherecam-emulator>")
  add_dependencies (test-geotag-download spherecam-emulator)
endif ()
