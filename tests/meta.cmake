# Tests of core/meta/: geotagging JPEGs (EXIF GPS) and MP4s (©xyz).
# Included by tests/CMakeLists.txt, which defines sc_add_test. Test media are
# made at run time with GStreamer, exiftool and FFmpeg, which must be
# installed: a missing tool fails the test, it is never skipped.
# SPDX-License-Identifier: GPL-3.0-or-later

sc_add_test (geotag SOURCES test-geotag.c sc-test-util.c LIBS sc-core LABELS unit
  ENV "ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0")
