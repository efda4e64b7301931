# tests/: the "Your data" inventory. Included by tests/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

sc_add_test (data-inventory SOURCES test-data-inventory.c LIBS sc-core LABELS unit
  ENV "ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0")
