# Tests of the 360° metadata in core/meta/ (GPano XMP, Spherical Video V1/V2,
# check and repair) and of `spherecamctl check-360`. Test media are made at run
# time with GStreamer and FFmpeg and checked with exiftool and ffprobe, which
# must be installed: a missing tool fails the test, it is never skipped.
# SPDX-License-Identifier: GPL-3.0-or-later

sc_add_test (spherical SOURCES test-spherical.c sc-test-util.c LIBS sc-core LABELS integration
  ENV "ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0")
add_dependencies (test-spherical spherecamctl)
