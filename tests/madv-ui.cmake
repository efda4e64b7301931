# The Mi Sphere (MADV) in the Camera page, under Xvfb: its RTSP preview
# reaching the viewer's stitcher, its warnings, formatting its card behind
# a confirmation; and with SC_TEST_MADV_CLI=1 the same program drives
# Camera.FormatStorage and `spherecamctl format` through the real service.
# Included by tests/CMakeLists.txt, which defines sc_add_test.
# SPDX-License-Identifier: GPL-3.0-or-later

if (TARGET spherecam-emulator AND TARGET sc-emulator-launcher)
  sc_add_test (madv-ui SOURCES test-madv-ui.c sc-test-ui.c sc-test-util.c
    LIBS sc-ui sc-emulator-launcher PkgConfig::JSONGLIB
    LABELS ui TIMEOUT 180
    ENV "ASAN_OPTIONS=detect_leaks=0" "LANGUAGE=en" "SC_TEST_SCREENSHOT_SUFFIX=en"
        "SC_TEST_EMULATOR=$<TARGET_FILE:spherecam-emulator>")
  target_include_directories (test-madv-ui PRIVATE
    "${CMAKE_CURRENT_SOURCE_DIR}" "${CMAKE_CURRENT_SOURCE_DIR}/emulator")
  add_dependencies (test-madv-ui spherecam spherecamctl spherecam-emulator)
  set_tests_properties (madv-ui PROPERTIES RESOURCE_LOCK x-display)

  sc_add_test (madv-cli TARGET test-madv-ui LABELS integration TIMEOUT 180
    ENV "ASAN_OPTIONS=detect_leaks=0" "LANGUAGE=en" "SC_TEST_MADV_CLI=1"
        "SC_TEST_EMULATOR=$<TARGET_FILE:spherecam-emulator>")
endif ()
