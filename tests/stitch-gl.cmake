# Tests of "scglstitch", the GL stitcher, on the headless EGL device
# platform: Mesa's llvmpipe in CI (LIBGL_ALWAYS_SOFTWARE), so the frames are
# small. The emulator's optics (sc-emu-render, from tests/stitch.cmake) make
# the input and the ground truth; the CPU stitcher is the other reference.
# Included by tests/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

sc_add_test (stitch-gl
  SOURCES test-stitch-gl.c
  LIBS sc-core sc-emu-render
  LABELS integration
  ENV "GST_GL_PLATFORM=egl" "GST_GL_WINDOW=egl-device" "LIBGL_ALWAYS_SOFTWARE=1"
      "ASAN_OPTIONS=detect_leaks=0"
  TIMEOUT 180)
