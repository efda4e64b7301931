# Tests of core/transfer/: ScDownload and ScCameraRegistry.
# Included by tests/CMakeLists.txt, which defines sc_add_test.
# SPDX-License-Identifier: GPL-3.0-or-later

# A real libsoup server on 127.0.0.1 inside each test (sc-download-test-util.c).
# test-download-disk has the free-space, disk-full and memory cases; one
# remounts a 4 MiB tmpfs in a private mount namespace (unshare) to fill a
# disk for real.
sc_add_test (download SOURCES test-download.c sc-download-test-util.c LIBS sc-core
  LABELS integration
  ENV "ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0" TIMEOUT 300)

sc_add_test (download-disk SOURCES test-download-disk.c sc-download-test-util.c LIBS sc-core
  LABELS integration
  ENV "ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0" TIMEOUT 300)

sc_add_test (camera-registry SOURCES test-camera-registry.c LIBS sc-core LABELS unit
  ENV "ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0")
