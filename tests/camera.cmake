# Tests of core/camera/: ScCameraFile, ScOscCamera against the camera
# emulator, and ScLivePreview. Included by tests/CMakeLists.txt, which
# defines sc_add_test.
# SPDX-License-Identifier: GPL-3.0-or-later

sc_add_test (camera-file SOURCES test-camera-file.c LIBS sc-core LABELS unit
  ENV "ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0")

# The OSC client and the live preview run against spherecam-emulator, a real
# OSC server on 127.0.0.1 (tests/emulator/, added after this file), which
# each test case starts with its own options and faults.
if (EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/emulator/CMakeLists.txt")
  # ScOscCamera in three programs by subject, sharing sc-osc-test-util.c:
  # connecting, shooting, options and files; downloads, the preview stream
  # and authentication; faults and hostile servers.
  sc_add_test (osc-camera SOURCES test-osc-camera.c sc-osc-test-util.c
    LIBS sc-core sc-emulator-launcher
    LABELS integration TIMEOUT 120
    ENV "ASAN_OPTIONS=detect_leaks=0" "SC_TEST_EMULATOR=$<TARGET_FILE:spherecam-emulator>")
  add_dependencies (test-osc-camera spherecam-emulator)

  sc_add_test (osc-camera-transfer SOURCES test-osc-camera-transfer.c sc-osc-test-util.c
    LIBS sc-core sc-emulator-launcher
    LABELS integration TIMEOUT 120
    ENV "ASAN_OPTIONS=detect_leaks=0" "SC_TEST_EMULATOR=$<TARGET_FILE:spherecam-emulator>")
  add_dependencies (test-osc-camera-transfer spherecam-emulator)

  sc_add_test (osc-camera-faults SOURCES test-osc-camera-faults.c sc-osc-test-util.c
    LIBS sc-core sc-emulator-launcher
    LABELS integration TIMEOUT 120
    ENV "ASAN_OPTIONS=detect_leaks=0" "SC_TEST_EMULATOR=$<TARGET_FILE:spherecam-emulator>")
  add_dependencies (test-osc-camera-faults spherecam-emulator)

  sc_add_test (live-preview SOURCES test-live-preview.c LIBS sc-core sc-emulator-launcher
    LABELS integration TIMEOUT 120
    ENV "ASAN_OPTIONS=detect_leaks=0" "SC_TEST_EMULATOR=$<TARGET_FILE:spherecam-emulator>")
  add_dependencies (test-live-preview spherecam-emulator)
endif ()
