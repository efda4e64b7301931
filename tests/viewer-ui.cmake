# The 360° viewer (ScViewer, ScViewerWindow) under Xvfb, in English and in
# Chinese; GL goes through Mesa's llvmpipe there. Included by
# tests/CMakeLists.txt, which defines sc_add_test.
# SPDX-License-Identifier: GPL-3.0-or-later

sc_add_test (viewer-ui SOURCES test-viewer.c sc-test-ui.c LIBS sc-ui sc-emu-render LABELS ui
  ENV "ASAN_OPTIONS=detect_leaks=0" "LANGUAGE=en" "SC_TEST_SCREENSHOT_SUFFIX=en")
target_include_directories (test-viewer-ui PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}")
sc_add_test (viewer-ui-zh_CN TARGET test-viewer-ui LABELS ui
  ENV "ASAN_OPTIONS=detect_leaks=0" "LANGUAGE=zh_CN" "SC_TEST_SCREENSHOT_SUFFIX=zh_CN")

# One X server: the UI tests take turns (see the window tests).
set_tests_properties (viewer-ui viewer-ui-zh_CN PROPERTIES RESOURCE_LOCK x-display)
