# Unit test of the pure PTP protocol code (core/camera/sc-ptp-protocol.c):
# containers, strings, arrays, datasets, the spec's examples and a fuzz
# loop. Included by tests/CMakeLists.txt, which defines sc_add_test.
# SPDX-License-Identifier: GPL-3.0-or-later

sc_add_test (ptp-protocol SOURCES test-ptp-protocol.c LIBS sc-core LABELS unit
  ENV "ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0")
