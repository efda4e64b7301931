# The Mi Sphere's HTTPS file server on newer firmware (pinned certificate,
# HTTP fallback) against `spherecam-emulator --protocol madv`. Included by
# tests/CMakeLists.txt, which defines sc_add_test.
# SPDX-License-Identifier: GPL-3.0-or-later

if (EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/emulator/CMakeLists.txt")
  sc_add_test (madv-https SOURCES test-madv-https.c
    LIBS sc-core sc-emulator-launcher
    LABELS integration TIMEOUT 120
    ENV "ASAN_OPTIONS=detect_leaks=0" "SC_TEST_EMULATOR=$<TARGET_FILE:spherecam-emulator>"
        "SC_TEST_DATA_DIR=${CMAKE_CURRENT_SOURCE_DIR}/data")
  add_dependencies (test-madv-https spherecam-emulator)
endif ()

# The Mi Sphere's own lens LUT (app_lut.bin) cached per camera, fetched
# again when 261's MD5 changes, listed in "Your Data" and erased when the
# camera is forgotten.
if (EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/emulator/CMakeLists.txt" AND TARGET sc-emu-render)
  sc_add_test (madv-lut-cache SOURCES test-madv-lut-cache.c
    LIBS sc-core sc-emu-render sc-emulator-launcher
    LABELS integration TIMEOUT 120
    ENV "ASAN_OPTIONS=detect_leaks=0" "SC_TEST_EMULATOR=$<TARGET_FILE:spherecam-emulator>")
  add_dependencies (test-madv-lut-cache spherecam-emulator)
endif ()
