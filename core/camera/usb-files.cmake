# core/camera: USB cameras that speak PTP (ISO 15740 / MTP) through
# libusb-1.0: the pure protocol code, the transport, ScPtpCamera and the
# hot-plug monitor ScUsbMonitor. Included by core/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

pkg_check_modules (LIBUSB REQUIRED IMPORTED_TARGET libusb-1.0)
list (APPEND SC_CORE_EXTRA_LIBS PkgConfig::LIBUSB)

list (APPEND SC_CORE_PUBLIC_HEADERS
  camera/sc-ptp-camera.h
  camera/sc-usb-monitor.h)

list (APPEND SC_CORE_SOURCES
  camera/sc-ptp-protocol.c)

foreach (_sc_ptp_src sc-ptp-transport.c sc-ptp-camera.c sc-ptp-camera-control.c
                    sc-ptp-camera-files.c sc-ptp-camera-holder.c sc-usb-monitor.c)
  if (EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/camera/${_sc_ptp_src}")
    list (APPEND SC_CORE_SOURCES "camera/${_sc_ptp_src}")
  endif ()
endforeach ()
