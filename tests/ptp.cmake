# The emulated USB camera (tests/usb/: a PTP responder behind umockdev's
# usbdevfs emulation) and the tests that run real libusb against it.
# Included by tests/CMakeLists.txt after stitch.cmake, whose sc-emu-render
# library renders the responder's photos.
# SPDX-License-Identifier: GPL-3.0-or-later

pkg_check_modules (SC_TEST_UMOCKDEV IMPORTED_TARGET umockdev-1.0)
pkg_check_modules (SC_TEST_LIBUSB IMPORTED_TARGET libusb-1.0)
find_program (UMOCKDEV_WRAPPER umockdev-wrapper)

if (SC_TEST_UMOCKDEV_FOUND AND SC_TEST_LIBUSB_FOUND AND UMOCKDEV_WRAPPER AND TARGET sc-emu-render)
  add_library (sc-ptp-responder STATIC usb/sc-ptp-responder.c usb/sc-ptp-responder-ptp.c
               usb/sc-ptp-responder-store.c usb/sc-ptp-responder-usb.c)
  target_include_directories (sc-ptp-responder PUBLIC "${CMAKE_CURRENT_SOURCE_DIR}/usb")
  target_link_libraries (sc-ptp-responder PUBLIC sc-emu-render PkgConfig::SC_TEST_UMOCKDEV PkgConfig::GLIB)
  # It generates the > 4 GiB object byte by byte: optimised also in Debug.
  target_compile_options (sc-ptp-responder PRIVATE -O2)

  # libusb only sees the emulated device with libumockdev-preload.so in the
  # process: the test runs under umockdev-wrapper (and re-executes itself
  # under it when started by hand). ASan wants to be first in the preload
  # list, which the wrapper is not.
  # gvfs holding the camera: the fake GIO volume monitor of
  # usb/sc-fake-gvfs.c, with no GIO modules so that no real gvfs answers.
  set (_sc_ptp_no_gio_modules "${CMAKE_CURRENT_BINARY_DIR}/ptp-no-gio-modules")
  file (MAKE_DIRECTORY "${_sc_ptp_no_gio_modules}")
  add_executable (test-ptp-camera test-ptp-camera.c usb/sc-fake-gvfs.c)
  target_link_libraries (test-ptp-camera PRIVATE sc-core sc-ptp-responder PkgConfig::GLIB)
  target_compile_definitions (test-ptp-camera PRIVATE
    SC_UMOCKDEV_WRAPPER="${UMOCKDEV_WRAPPER}")
  sc_add_test (ptp-camera TARGET "${UMOCKDEV_WRAPPER}"
    ARGS "$<TARGET_FILE:test-ptp-camera>"
    LABELS integration TIMEOUT 600
    ENV "ASAN_OPTIONS=detect_leaks=0:verify_asan_link_order=0"
        "GIO_MODULE_DIR=${_sc_ptp_no_gio_modules}" "GIO_USE_VFS=local")

  # The Camera page with the emulated USB camera, under Xvfb: held by the
  # fake gvfs ("Release and Connect"), and one in webcam mode (the banner).
  if (TARGET sc-ui)
    add_executable (test-usb-ui test-usb-ui.c sc-test-ui.c usb/sc-fake-gvfs.c)
    target_link_libraries (test-usb-ui PRIVATE sc-ui sc-ptp-responder)
    target_include_directories (test-usb-ui PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}")
    target_compile_definitions (test-usb-ui PRIVATE
      SC_UMOCKDEV_WRAPPER="${UMOCKDEV_WRAPPER}")
    sc_add_test (usb-ui TARGET "${UMOCKDEV_WRAPPER}"
      ARGS "$<TARGET_FILE:test-usb-ui>"
      LABELS ui TIMEOUT 180
      ENV "ASAN_OPTIONS=detect_leaks=0:verify_asan_link_order=0" "LANGUAGE=en"
          "SC_TEST_SCREENSHOT_SUFFIX=en"
          "GIO_MODULE_DIR=${_sc_ptp_no_gio_modules}" "GIO_USE_VFS=local")
    set_tests_properties (usb-ui PROPERTIES RESOURCE_LOCK x-display)
  endif ()
else ()
  message (STATUS "umockdev-1.0 or libusb-1.0 missing: the emulated USB camera tests are not built")
endif ()

# spherecamctl with the emulated USB camera: the responder lives in the
# test process, so the real ScService does too (built from app/'s sources),
# exported on a private bus; spherecamctl runs without umockdev's preload.
if (SC_TEST_UMOCKDEV_FOUND AND SC_TEST_LIBUSB_FOUND AND UMOCKDEV_WRAPPER AND TARGET sc-emu-render)
  set (_sc_usb_cli_app_sources sc-service.c sc-service-privacy.c sc-dbus-camera-impl.c
       sc-dbus-job-impl.c sc-dbus-manager-impl.c sc-dbus-privacy-impl.c sc-dbus-stitcher-impl.c)
  if (SC_TEST_HOOKS)
    list (APPEND _sc_usb_cli_app_sources sc-dbus-testing-impl.c)
  endif ()
  list (TRANSFORM _sc_usb_cli_app_sources PREPEND "${PROJECT_SOURCE_DIR}/app/")
  add_executable (test-usb-cli test-usb-cli.c sc-test-util.c usb/sc-fake-gvfs.c
                  ${_sc_usb_cli_app_sources})
  target_link_libraries (test-usb-cli PRIVATE sc-core sc-dbus sc-ptp-responder
                         PkgConfig::GLIB PkgConfig::JSONGLIB)
  target_include_directories (test-usb-cli PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}"
                              "${PROJECT_SOURCE_DIR}/app")
  target_compile_definitions (test-usb-cli PRIVATE
    SC_UMOCKDEV_WRAPPER="${UMOCKDEV_WRAPPER}")
  add_dependencies (test-usb-cli spherecamctl)
  sc_add_test (usb-cli TARGET "${UMOCKDEV_WRAPPER}"
    ARGS "$<TARGET_FILE:test-usb-cli>"
    LABELS integration TIMEOUT 120
    ENV "ASAN_OPTIONS=detect_leaks=0:verify_asan_link_order=0"
        "GIO_MODULE_DIR=${_sc_ptp_no_gio_modules}" "GIO_USE_VFS=local")
endif ()
