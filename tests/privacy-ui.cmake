# The privacy UI under Xvfb, in English and in Chinese: the first-run
# consent screen and the actions it gates, Preferences' Privacy and More
# Help pages (permissions, location, revocation) and the "Your Data" page.
# Included by tests/CMakeLists.txt, which defines sc_add_test.
# SPDX-License-Identifier: GPL-3.0-or-later

sc_add_test (privacy-ui SOURCES test-privacy-ui.c sc-test-ui.c LIBS sc-ui LABELS ui
  ENV "ASAN_OPTIONS=detect_leaks=0" "LANGUAGE=en" "SC_TEST_SCREENSHOT_SUFFIX=en")
target_include_directories (test-privacy-ui PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}")
sc_add_test (privacy-ui-zh_CN TARGET test-privacy-ui LABELS ui
  ENV "ASAN_OPTIONS=detect_leaks=0" "LANGUAGE=zh_CN" "SC_TEST_SCREENSHOT_SUFFIX=zh_CN"
      "SC_TEST_EXPECT_CHINESE=1")

# One X server: the UI tests take turns (see the window tests).
set_tests_properties (privacy-ui privacy-ui-zh_CN PROPERTIES RESOURCE_LOCK x-display)
