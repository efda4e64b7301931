# Tests of core/privacy/: ScPermissions (the privacy toggles and the gate)
# and ScConsent (the accepted policy version, kept in consent.json).
# Included by tests/CMakeLists.txt, which defines sc_add_test.
# SPDX-License-Identifier: GPL-3.0-or-later

sc_add_test (permissions SOURCES test-permissions.c LIBS sc-core LABELS unit
  ENV "ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0")

sc_add_test (consent SOURCES test-consent.c LIBS sc-core LABELS unit
  ENV "ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0")

sc_add_test (policy SOURCES test-policy.c LIBS sc-core LABELS unit
  ENV "ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0")
