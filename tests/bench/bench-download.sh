#!/bin/sh
# bench-download.sh: ScDownload against curl, on the same server, same run.
#
# Usage: tests/bench/bench-download.sh [BUILD_DIR] [SIZE]
#   BUILD_DIR  the CMake build tree (default: build/ next to tests/)
#   SIZE       bytes of the big file (default 2147483648, 2 GiB)
#
# Starts `spherecam-emulator --big-file SIZE`, finds SPHC9999.MP4 through
# camera.listFiles, then downloads it alternately with curl and with
# tests/bench/bench-download (ScDownload), twice each, and prints the
# throughput of both, their ratio (target: ScDownload >= 0.9 x curl) and
# the peak RSS of both (target: ScDownload < 100 MB).
#
# ScDownload fsyncs the file before it reports success and curl does not;
# the ratio compares both up to the last byte written (curl's own figure,
# ScDownload's file mtime), and "with fsync" adds an fsync to curl's run.
#
# Environment:
#   BENCH_URL     skip the emulator and download this URL instead
#   BENCH_TMPDIR  where the downloaded files go (default: $TMPDIR or /tmp);
#                 needs twice SIZE free; everything is removed at the end
#   BENCH_ROUNDS  rounds (default 2)
#
# Exit status: 0 when both targets are met, 1 when one is missed, 2 when
# the benchmark could not run.
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
size=${2:-2147483648}
rounds=${BENCH_ROUNDS:-2}
build=$(cd "$build" && pwd) || { echo "bench-download: no build tree at $1" >&2; exit 2; }

emulator=$build/tests/emulator/spherecam-emulator
bench=$build/tests/bench/bench-download

die () { echo "bench-download: $*" >&2; exit 2; }

[ -x "$bench" ] || die "$bench is not built (cmake --build $build --target bench-download)"
command -v curl >/dev/null || die "curl is not installed"

work=$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}/sc-bench-download-XXXXXX")
emulator_pid=
cleanup () {
  if [ -n "$emulator_pid" ]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 2' INT TERM HUP

# Free space for two copies (curl's and ours, compared once), plus margin.
avail_kib=$(df -Pk "$work" | awk 'NR == 2 { print $4 }')
need_kib=$(( size / 1024 * 2 + 65536 ))
[ "$avail_kib" -ge "$need_kib" ] ||
  die "not enough space in $work: $need_kib KiB needed, $avail_kib KiB free (set BENCH_TMPDIR)"

# --- The server ---

if [ -n "${BENCH_URL:-}" ]; then
  url=$BENCH_URL
  echo "Server: $url (BENCH_URL)"
else
  [ -x "$emulator" ] || die "$emulator is not built (or set BENCH_URL)"
  fifo=$work/emulator.out
  mkfifo "$fifo"
  "$emulator" --big-file "$size" >"$fifo" 2>"$work/emulator.err" &
  emulator_pid=$!
  # Its first line is its URL.
  exec 3<"$fifo"
  base=
  if ! read -r base <&3 || [ -z "$base" ]; then
    cat "$work/emulator.err" >&2
    die "the emulator did not print its URL"
  fi
  # Keep draining its output so it never blocks on a full pipe.
  cat <&3 >/dev/null &
  exec 3<&-
  echo "Server: spherecam-emulator at $base"

  listing=$(curl -s --max-time 30 -X POST -H 'Content-Type: application/json' \
    -d '{"name":"camera.listFiles","parameters":{"fileType":"all","entryCount":100,"maxThumbSize":0}}' \
    "$base/osc/commands/execute") || die "camera.listFiles failed"
  url=$(printf '%s' "$listing" | tr ',{}' '\n\n\n' |
        sed -n 's/^ *"fileUrl" *: *"\([^"]*SPHC9999\.MP4\)".*/\1/p' | head -n 1)
  [ -n "$url" ] || die "SPHC9999.MP4 is not in camera.listFiles: $listing"
  echo "File:   $url"
fi

# --- The runs ---

have_time_v=no
if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
  have_time_v=yes
fi

now () { date +%s.%N; }

# Prints "BYTES SECONDS SYNC_SECONDS PEAK_RSS_KIB" for one curl download to
# $1; SYNC_SECONDS is what fsync(2) of the file then takes (`sync FILE`),
# because ScDownload fsyncs before it reports success and curl does not.
run_curl () {
  out=$1
  if [ "$have_time_v" = yes ]; then
    line=$(/usr/bin/time -v -o "$work/curl.time" \
             curl -s -f -o "$out" -w '%{size_download} %{time_total}' "$url") ||
      die "curl failed"
    rss=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$work/curl.time")
  else
    line=$(curl -s -f -o "$out" -w '%{size_download} %{time_total}' "$url") || die "curl failed"
    rss=0
  fi
  t0=$(now); sync "$out"; t1=$(now)
  echo "$line $(echo "$t0 $t1" | awk '{ printf "%.3f", $2 - $1 }') ${rss:-0}"
}

# Prints "BYTES SECONDS STREAM_SECONDS PEAK_RSS_KIB" for one ScDownload to
# the folder $1: SECONDS to the fsync'd, renamed file, STREAM_SECONDS to
# the last write (like curl's figure).
run_bench () {
  dir=$1
  mkdir -p "$dir"
  line=$("$bench" "$url" "$dir" SPHC9999.MP4) || die "bench-download failed"
  bytes=$(echo "$line" | sed -n 's/.*bytes=\([0-9]*\).*/\1/p')
  secs=$(echo "$line" | sed -n 's/.* seconds=\([0-9.]*\).*/\1/p')
  stream=$(echo "$line" | sed -n 's/.*stream_seconds=\([0-9.]*\).*/\1/p')
  rss=$(echo "$line" | sed -n 's/.*peak_rss_kib=\([0-9]*\).*/\1/p')
  echo "$bytes $secs $stream $rss"
}

mbps () { echo "$1 $2" | awk '{ printf "%.1f", ($2 > 0 ? $1 / $2 / 1e6 : 0) }'; }
mb () { echo "$1" | awk '{ printf "%.1f", $1 * 1024 / 1e6 }'; }

do_curl () {
  line=$(run_curl "$work/curl.bin") || exit 2
  set -- $line
  echo "curl $*" >>"$results"
  printf 'round %d  curl        %8s MB/s  (+ fsync: %8s MB/s)  peak RSS %6s MB\n' \
    "$round" "$(mbps "$1" "$2")" "$(mbps "$1" "$(echo "$2 $3" | awk '{ print $1 + $2 }')")" "$(mb "$4")"
  [ -n "${BENCH_URL:-}" ] || [ "$1" -eq "$size" ] || die "curl got $1 bytes, not $size"
}

do_bench () {
  line=$(run_bench "$work/sc") || exit 2
  set -- $line
  echo "sc $*" >>"$results"
  printf 'round %d  ScDownload  %8s MB/s  (  fsync: %8s MB/s)  peak RSS %6s MB\n' \
    "$round" "$(mbps "$1" "$3")" "$(mbps "$1" "$2")" "$(mb "$4")"
}

# Interleaved, and the order alternates from round to round, so that
# neither client always runs right after the other's disk traffic.
results=$work/results
: >"$results"
round=1
while [ "$round" -le "$rounds" ]; do
  # sync between the two: curl does not fsync, so without it the 2 GB it
  # leaves dirty are written back during the other client's timed run.
  if [ $((round % 2)) -eq 1 ]; then
    do_curl; sync; do_bench
  else
    do_bench; sync; do_curl
  fi

  if [ "$round" -eq 1 ]; then
    cmp -s "$work/curl.bin" "$work/sc/SPHC9999.MP4" ||
      die "ScDownload's file differs from curl's"
    echo "         round 1: both files are identical"
  fi
  rm -f "$work/curl.bin"
  rm -rf "$work/sc"
  sync
  round=$((round + 1))
done

# --- Summary: total bytes over total time, per client ---
# "stream" compares like with like, up to the last byte written (what curl
# reports); "durable" adds the fsync ScDownload does before it succeeds.

awk '
  $1 == "curl" { cb += $2; cs += $3; cf += $3 + $4; if ($5 > crss) crss = $5 }
  $1 == "sc"   { sb += $2; ss += $4; sf += $3;      if ($5 > srss) srss = $5 }
  END {
    curl = cb / cs / 1e6; curl_durable = cb / cf / 1e6
    sc = sb / ss / 1e6;   sc_durable = sb / sf / 1e6
    ratio = sc / curl;    ratio_durable = sc_durable / curl_durable
    sc_rss = srss * 1024 / 1e6
    ok_ratio = (ratio >= 0.9); ok_rss = (sc_rss < 100)
    printf "\n"
    printf "curl        %8.1f MB/s   with fsync %8.1f MB/s   peak RSS %6.1f MB\n", curl, curl_durable, crss * 1024 / 1e6
    printf "ScDownload  %8.1f MB/s   with fsync %8.1f MB/s   peak RSS %6.1f MB\n", sc, sc_durable, sc_rss
    printf "ratio       %8.2f x curl (target >= 0.90: %s); with fsync on both sides %.2f x\n", ratio, (ok_ratio ? "ok" : "MISSED"), ratio_durable
    printf "peak RSS    %8.1f MB     (target < 100 MB: %s)\n", sc_rss, (ok_rss ? "ok" : "MISSED")
    exit (ok_ratio && ok_rss) ? 0 : 1
  }' "$results"
