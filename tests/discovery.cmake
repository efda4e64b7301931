# tests/discovery.cmake: finding cameras on the Wi-Fi the computer joined
# (ScCameraDiscovery, the Manager's Discover method, spherecamctl discover
# and add-camera madv://), against both emulators on loopback and the real
# service on a GTestDBus bus. Included from tests/CMakeLists.txt, after the
# emulator's directory.
# SPDX-License-Identifier: GPL-3.0-or-later

if (NOT TARGET spherecam-emulator OR NOT TARGET sc-emulator-launcher)
  message (STATUS "discovery: no camera emulator yet (tests/emulator/); test not added")
  return ()
endif ()

sc_add_test (discovery
  SOURCES test-discovery.c sc-test-util.c
  LIBS sc-core sc-emulator-launcher PkgConfig::GLIB PkgConfig::JSONGLIB
  LABELS integration
  TIMEOUT 120
  ENV "ASAN_OPTIONS=detect_leaks=0"
      "SC_TEST_EMULATOR=$<TARGET_FILE:spherecam-emulator>")
target_include_directories (test-discovery PRIVATE
  "${CMAKE_CURRENT_SOURCE_DIR}" "${CMAKE_CURRENT_SOURCE_DIR}/emulator")
# The test runs these programs; build them with it.
add_dependencies (test-discovery spherecam spherecamctl spherecam-emulator)

# The Add Camera dialog's part, from the same source, under Xvfb.
sc_add_test (discovery-ui
  SOURCES test-discovery.c sc-test-ui.c
  LIBS sc-ui
  LABELS ui
  TIMEOUT 120
  ENV "ASAN_OPTIONS=detect_leaks=0" "LANGUAGE=en" "SC_TEST_SCREENSHOT_SUFFIX=en")
target_compile_definitions (test-discovery-ui PRIVATE SC_TEST_DISCOVERY_UI)
target_include_directories (test-discovery-ui PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}")
set_tests_properties (discovery-ui PROPERTIES RESOURCE_LOCK x-display)
