# core/privacy/: log redaction and the redacted, size-capped log
# (ScLog). Included by core/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

list (APPEND SC_CORE_PUBLIC_HEADERS
  privacy/sc-log.h
  privacy/sc-redact.h)

list (APPEND SC_CORE_SOURCES
  privacy/sc-log.c
  privacy/sc-redact.c)
