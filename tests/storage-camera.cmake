# Tests of cameras that mount as a disk (ScStorageCamera, ScStorageMonitor)
# and of the Linux USB hygiene helpers (gvfs holding a camera, USB modes).
# Included by tests/CMakeLists.txt, which defines sc_add_test.
# SPDX-License-Identifier: GPL-3.0-or-later

if (NOT EXISTS "${PROJECT_SOURCE_DIR}/core/camera/sc-storage-camera.c")
  return ()
endif ()

# The core object against a folder shaped like a Mi Sphere's card.
sc_add_test (storage-camera SOURCES test-storage-camera.c
  LIBS sc-core
  LABELS unit
  ENV "ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0")

# gvfs holding a camera (a fake GIO volume monitor registered by the test
# through the extension point; no GIO modules, so no real gvfs answers),
# releasing it, ScStorageMonitor, and the USB modes we cannot use.
if (EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/test-usb-hygiene.c")
  set (_sc_no_gio_modules "${CMAKE_CURRENT_BINARY_DIR}/no-gio-modules")
  file (MAKE_DIRECTORY "${_sc_no_gio_modules}")
  sc_add_test (usb-hygiene SOURCES test-usb-hygiene.c usb/sc-fake-gvfs.c
    LIBS sc-core
    LABELS unit
    ENV "ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0"
        "GIO_MODULE_DIR=${_sc_no_gio_modules}" "GIO_USE_VFS=local")
  target_include_directories (test-usb-hygiene PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}/usb")
endif ()

# End to end through spherecamctl and the service, once
# sc_camera_new_for_uri() dispatches file:// to ScStorageCamera.
file (READ "${PROJECT_SOURCE_DIR}/core/camera/sc-camera.c" _sc_camera_c)
set_property (DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  "${PROJECT_SOURCE_DIR}/core/camera/sc-camera.c")
if (_sc_camera_c MATCHES "sc_storage_camera_new_for_uri" AND TARGET spherecam AND TARGET spherecamctl)
  sc_add_test (storage-camera-cli SOURCES test-storage-camera.c sc-test-util.c
    LIBS PkgConfig::GLIB PkgConfig::JSONGLIB
    LABELS integration
    TIMEOUT 180
    ENV "ASAN_OPTIONS=detect_leaks=0")
  target_compile_definitions (test-storage-camera-cli PRIVATE SC_TEST_CLI)
  target_include_directories (test-storage-camera-cli PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}")
  add_dependencies (test-storage-camera-cli spherecam spherecamctl)
else ()
  message (STATUS "storage-camera-cli: sc_camera_new_for_uri() does not open file:// yet; test not added")
endif ()
