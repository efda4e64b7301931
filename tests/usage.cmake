# tests/: ScUsageStats (with the camera request counters, against the
# camera emulator) and ScNarrationRecorder (the microphone gate).
# Included by tests/CMakeLists.txt, which defines sc_add_test.
# SPDX-License-Identifier: GPL-3.0-or-later

if (EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/emulator/CMakeLists.txt")
  sc_add_test (usage-stats SOURCES test-usage-stats.c sc-osc-test-util.c
    LIBS sc-core sc-emulator-launcher
    LABELS integration TIMEOUT 120
    ENV "ASAN_OPTIONS=detect_leaks=0" "SC_TEST_EMULATOR=$<TARGET_FILE:spherecam-emulator>")
  add_dependencies (test-usage-stats spherecam-emulator)
endif ()

# The microphone gate and narration recording, with a counting GStreamer
# source registered by the test (no audio device is ever used).
sc_add_test (narration SOURCES test-narration.c LIBS sc-core LABELS unit TIMEOUT 120
  ENV "ASAN_OPTIONS=detect_leaks=0")
