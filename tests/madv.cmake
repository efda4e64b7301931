# Tests of the Mi Sphere (MADV) backend: the protocol engine ScMadvClient
# and the camera object ScMadvCamera, against `spherecam-emulator --protocol
# madv`. Included by tests/CMakeLists.txt, which defines sc_add_test.
# SPDX-License-Identifier: GPL-3.0-or-later

if (EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/emulator/CMakeLists.txt")
  sc_add_test (madv-client SOURCES test-madv-client.c
    LIBS sc-core sc-emulator-launcher
    LABELS integration TIMEOUT 120
    ENV "ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0" "SC_TEST_EMULATOR=$<TARGET_FILE:spherecam-emulator>")
  add_dependencies (test-madv-client spherecam-emulator)

  sc_add_test (madv-camera SOURCES test-madv-camera.c
    LIBS sc-core sc-emulator-launcher
    LABELS integration TIMEOUT 120
    ENV "ASAN_OPTIONS=detect_leaks=0" "SC_TEST_EMULATOR=$<TARGET_FILE:spherecam-emulator>")
  add_dependencies (test-madv-camera spherecam-emulator)
endif ()
