# core/transfer/: ScDownload (one camera file to a folder, resumable, never
# overwriting) and ScCameraRegistry (the cameras the user connected to, and
# their passwords). Included by core/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

list (APPEND SC_CORE_PUBLIC_HEADERS
  transfer/sc-camera-record.h
  transfer/sc-camera-registry.h
  transfer/sc-download.h)

list (APPEND SC_CORE_SOURCES
  transfer/sc-camera-record.c
  transfer/sc-camera-registry.c
  transfer/sc-camera-registry-credentials.c
  transfer/sc-camera-registry-json.c
  transfer/sc-download.c
  transfer/sc-download-file.c
  transfer/sc-download-request.c
  transfer/sc-download-write.c)
