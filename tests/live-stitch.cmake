# The Camera page's live preview of a dual-fisheye camera (the emulator with
# --preview-projection dual-fisheye), stitched by ScViewer's shader, under
# Xvfb; and the CPU fallback when GTK has no GL (GDK_DEBUG=gl-disable).
# Included by tests/CMakeLists.txt, which defines sc_add_test.
# SPDX-License-Identifier: GPL-3.0-or-later

if (EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/emulator/sc-emulator-launcher.h")
  sc_add_test (live-stitch SOURCES test-live-stitch.c sc-test-ui.c
    LIBS sc-ui sc-emulator-launcher
    LABELS ui TIMEOUT 180
    ENV "ASAN_OPTIONS=detect_leaks=0" "LANGUAGE=en" "SC_TEST_SCREENSHOT_SUFFIX=en"
        "SC_TEST_EMULATOR=$<TARGET_FILE:spherecam-emulator>")
  target_include_directories (test-live-stitch PRIVATE
    "${CMAKE_CURRENT_SOURCE_DIR}" "${CMAKE_CURRENT_SOURCE_DIR}/emulator")
  sc_add_test (live-stitch-no-gl TARGET test-live-stitch LABELS ui TIMEOUT 180
    ENV "ASAN_OPTIONS=detect_leaks=0" "LANGUAGE=en" "SC_TEST_SCREENSHOT_SUFFIX=en"
        "SC_TEST_EMULATOR=$<TARGET_FILE:spherecam-emulator>"
        "SC_TEST_LIVE_STITCH_NO_GL=1" "GDK_DEBUG=gl-disable")
  set_tests_properties (live-stitch live-stitch-no-gl PROPERTIES RESOURCE_LOCK x-display)
endif ()
