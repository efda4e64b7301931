# The Camera and Library pages against the camera emulator, under Xvfb.
# Included by tests/CMakeLists.txt (after the window tests), which defines
# sc_add_test.
# SPDX-License-Identifier: GPL-3.0-or-later

# The UI tests share their helpers (set-up, waiting, screenshots).
target_sources (test-window PRIVATE sc-test-ui.c)
target_include_directories (test-window PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}")

if (EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/emulator/sc-emulator-launcher.h")
  sc_add_test (camera-ui SOURCES test-camera-ui.c sc-test-ui.c
    LIBS sc-ui sc-emulator-launcher
    LABELS ui TIMEOUT 180
    ENV "ASAN_OPTIONS=detect_leaks=0" "LANGUAGE=en" "SC_TEST_SCREENSHOT_SUFFIX=en"
        "SC_TEST_EMULATOR=$<TARGET_FILE:spherecam-emulator>")
  target_include_directories (test-camera-ui PRIVATE
    "${CMAKE_CURRENT_SOURCE_DIR}" "${CMAKE_CURRENT_SOURCE_DIR}/emulator")
  set_tests_properties (camera-ui PROPERTIES RESOURCE_LOCK x-display)
endif ()
