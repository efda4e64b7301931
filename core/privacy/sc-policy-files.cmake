# core/privacy/: the shipped user agreement and privacy policy (ScPolicy),
# compiled from data/policy/ into libsc-core. Included by core/CMakeLists.txt.
# SPDX-License-Identifier: GPL-3.0-or-later

sc_compile_resources (SC_POLICY_RESOURCE_SOURCES
  "${CMAKE_CURRENT_SOURCE_DIR}/privacy/sc-policy.gresource.xml" sc_policy
  SOURCE_DIR "${PROJECT_SOURCE_DIR}/data/policy")

list (APPEND SC_CORE_PUBLIC_HEADERS
  privacy/sc-policy.h)

list (APPEND SC_CORE_SOURCES
  privacy/sc-policy.c
  ${SC_POLICY_RESOURCE_SOURCES})
