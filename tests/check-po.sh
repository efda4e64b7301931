#!/bin/sh
# Usage: check-po.sh SOURCE_DIR WORK_DIR
# Fails when
#  - a file that uses _()/N_()/C_() or translatable="yes" (or is a
#    .desktop.in/.metainfo.xml.in/.gschema.xml) is missing from POTFILES.in,
#  - POTFILES.in names a file that does not exist or is not sorted,
#  - a language in LINGUAS has an untranslated or fuzzy string, measured
#    against a .pot freshly extracted from the sources (so a string added to
#    the code but not to the .po also fails).
set -eu
src=$1; work=$2
cd "$src"
status=0

listed=$(grep -v '^#' po/POTFILES.in | grep -v '^$')
if [ "$(printf '%s\n' "$listed" | LC_ALL=C sort)" != "$listed" ]; then
  echo "FAIL: po/POTFILES.in is not sorted"; status=1
fi
for f in $listed; do
  [ -f "$f" ] || { echo "FAIL: po/POTFILES.in lists $f, which does not exist"; status=1; }
done

uses=$( { git ls-files 2>/dev/null || find . -type f | sed 's|^\./||'; } |
  grep -E '^(app|core|ui|data)/' |
  while read -r f; do
    case "$f" in
      *.c) grep -lE '(^|[^A-Za-z0-9_])(N?_|C_|NC_|g_dngettext) ?\(' "$f" 2>/dev/null || true ;;
      *.ui) grep -l 'translatable="yes"' "$f" 2>/dev/null || true ;;
      *.desktop.in|*.metainfo.xml.in|*.gschema.xml) echo "$f" ;;
    esac
  done | LC_ALL=C sort -u)
for f in $uses; do
  printf '%s\n' "$listed" | grep -qxF "$f" || { echo "FAIL: $f has translatable strings but is not in po/POTFILES.in"; status=1; }
done

mkdir -p "$work"
pot="$work/check-po.pot"
"$src/build-aux/update-po" "$src" "$pot" >/dev/null
for lang in $(grep -v '^#' po/LINGUAS); do
  merged="$work/check-po-$lang.po"
  msgmerge --quiet --no-fuzzy-matching -o "$merged" "po/$lang.po" "$pot"
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$merged" 2>&1) || { echo "FAIL: $lang: $stats"; status=1; continue; }
  case "$stats" in
    *fuzzy*|*untranslated*)
      echo "FAIL: $lang: $stats"
      msgattrib --untranslated --only-fuzzy "$merged" 2>/dev/null | grep '^msgid' | head -20
      msgattrib --untranslated "$merged" 2>/dev/null | grep -A1 '^msgid' | head -40
      status=1 ;;
    *) echo "ok: $lang: $stats" ;;
  esac
done
exit $status
