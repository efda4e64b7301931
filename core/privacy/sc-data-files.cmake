# core/privacy/: ScDataInventory, the "Your data" inventory (list, export
# and erase every category of personal data the app holds).
# Included by core/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

list (APPEND SC_CORE_PUBLIC_HEADERS
  privacy/sc-data-inventory.h)

list (APPEND SC_CORE_SOURCES
  privacy/sc-data-inventory.c
  privacy/sc-data-inventory-providers.c
  privacy/sc-data-inventory-providers-privacy.c)
