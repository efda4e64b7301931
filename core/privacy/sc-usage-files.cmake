# core/privacy/: ScUsageStats, the local, opt-in usage statistics (daily
# aggregated counters). Included by core/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

list (APPEND SC_CORE_PUBLIC_HEADERS
  privacy/sc-usage-stats.h)

list (APPEND SC_CORE_SOURCES
  privacy/sc-usage-stats.c)
