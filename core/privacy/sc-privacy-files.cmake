# core/privacy/: ScPermissions (the privacy toggles every gated core
# operation checks) and ScConsent (the accepted user agreement and privacy
# policy version). Included by core/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

list (APPEND SC_CORE_PUBLIC_HEADERS
  privacy/sc-consent.h
  privacy/sc-permissions.h)

list (APPEND SC_CORE_SOURCES
  privacy/sc-permissions.c
  privacy/sc-consent.c)
