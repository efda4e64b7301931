#!/bin/sh
# check-logs.sh: the whole-run log check.
#
#   check-logs.sh start TESTS_BUILD_DIR   (CTest FIXTURES_SETUP "run-logs")
#   check-logs.sh check TESTS_BUILD_DIR   (CTest FIXTURES_CLEANUP "run-logs")
#
# Every test made by sc_add_test requires the "run-logs" fixture, so "start"
# runs before all of them (also with ctest -j) and "check" after all of
# them. "start" removes the logs and notes of earlier runs from the tests'
# homes (TESTS_BUILD_DIR/**/home/<test>/) and writes a time stamp; "check"
# reads every spherecam.log* written since (ScLog writes them to
# $XDG_STATE_HOME/spherecam, by default ~/.local/state/spherecam) and fails,
# listing the lines, if any holds the emulator's serial number, one of its
# MAC addresses (any case, with ':' or '-' or nothing between the bytes),
# the test coordinates (31.2304167, 121.4737014, also cut to 4 decimals) or
# a word of $SC_TEST_LOG_FORBIDDEN (space-separated, e.g. Wi-Fi names).
#
# It cannot pass vacuously: when a test that connects the emulator through
# the service ran (it left a .spherecam-test-runs-service note in its home,
# see sc_test_service_bus_up()), the check fails unless it found log files
# and at least one redaction marker ("[serial]", "[mac]", …) in them. Tests
# that start the service without a camera (test-dbus) may log nothing.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -u

mode=${1:?usage: check-logs.sh start|check TESTS_BUILD_DIR}
dir=${2:?usage: check-logs.sh start|check TESTS_BUILD_DIR}
stamp="$dir/run-logs.stamp"
note=.spherecam-test-runs-service

case "$mode" in
start)
  find "$dir" -path '*/home/*' \( -name 'spherecam.log*' -o -name "$note" \) -type f \
    -exec rm -f {} + || exit 1
  touch "$stamp" || exit 1
  echo "check-logs: logs cleared, run started at $(date -r "$stamp" '+%F %T')"
  exit 0
  ;;
check)
  ;;
*)
  echo "check-logs: unknown mode '$mode'" >&2
  exit 2
  ;;
esac

if [ ! -f "$stamp" ]; then
  echo "check-logs: no $stamp: the run-logs-start test did not run" >&2
  exit 1
fi

logs=$(find "$dir" -path '*/home/*' -name 'spherecam.log*' -type f -newer "$stamp" | sort)
notes=$(find "$dir" -path '*/home/*' -name "$note" -type f -newer "$stamp" | sort)

if [ -z "$logs" ]; then
  if [ -n "$notes" ]; then
    echo "check-logs: FAIL: these tests connected cameras through the service, but no spherecam.log was written:" >&2
    echo "$notes" | sed 's|/[^/]*$||; s|^|  |' >&2
    exit 1
  fi
  echo "check-logs: no test of this run connected a camera through the service; nothing to check"
  exit 0
fi

echo "check-logs: reading:"
echo "$logs" | sed 's|^|  |'

mac='02[:-]?5c[:-]?e7[:-]?00[:-]?42[:-]?1[78]'
pattern="emu7k2q9|$mac|31[.,]2304|121[.,]4737"
for word in ${SC_TEST_LOG_FORBIDDEN:-}; do
  pattern="$pattern|$word"
done

status=0
# shellcheck disable=SC2086 # one file name per line, none with spaces
leaks=$(echo "$logs" | tr '\n' '\0' | xargs -0 grep -n -i -E -H -- "$pattern")
if [ -n "$leaks" ]; then
  echo "check-logs: FAIL: personal data in the logs:" >&2
  echo "$leaks" >&2
  status=1
fi

markers=$(echo "$logs" | tr '\n' '\0' |
          xargs -0 grep -h -o -E '\[(serial|mac|ssid|coordinates|email|phone|redacted)\]' |
          sort | uniq -c)
if [ -z "$markers" ]; then
  echo "check-logs: FAIL: no redaction marker in any log: nothing shows that the" \
       "logs were redacted, so this check proves nothing" >&2
  status=1
else
  echo "check-logs: redaction markers found:"
  echo "$markers"
fi

[ $status -eq 0 ] && echo "check-logs: no serial number, MAC address or test coordinates in the logs"
exit $status
