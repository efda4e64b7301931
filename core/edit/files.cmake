# core/edit/: narration recording (ScNarrationRecorder) and, later, the
# video editor. Included by core/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

list (APPEND SC_CORE_PUBLIC_HEADERS
  edit/sc-narration.h)

list (APPEND SC_CORE_SOURCES
  edit/sc-narration.c)
