#!/usr/bin/env python3
# Usage: check-core-layering.py BUILD_DIR PROBE.c
#
# Takes the exact command CMake uses to compile a file of sc-core (from
# compile_commands.json), swaps in PROBE.c (which includes <gtk/gtk.h>) and
# checks that it fails because GTK's headers cannot be found: core never
# sees GTK (STYLE.md §2, layering rule 1).
import json, os, shlex, subprocess, sys

build, probe = sys.argv[1], sys.argv[2]
with open(os.path.join(build, "compile_commands.json")) as f:
    commands = json.load(f)
core = [c for c in commands if os.sep + "core" + os.sep in c["file"] and c["file"].endswith(".c")]
if not core:
    sys.exit("FAIL: no sc-core compile command in compile_commands.json")

entry = core[0]
args = shlex.split(entry["command"]) if "command" in entry else entry["arguments"]
out = []
skip = False
for a in args:
    if skip:
        skip = False
        continue
    if a in ("-o", "-MF", "-MT", "-MQ"):
        skip = True
        continue
    if a in ("-c", "-MD", "-MMD") or a == entry["file"] or a.endswith(os.path.basename(entry["file"])):
        continue
    out.append(a)
out += ["-fsyntax-only", probe]
proc = subprocess.run(out, cwd=entry["directory"], capture_output=True, text=True)
if proc.returncode == 0:
    sys.exit("FAIL: <gtk/gtk.h> compiles with sc-core's flags:\n" + " ".join(out))
if "gtk/gtk.h: No such file" not in proc.stderr:
    sys.exit("FAIL: unexpected compiler error:\n" + proc.stderr)
print("ok: sc-core's compile flags (%s) cannot include <gtk/gtk.h>" % os.path.basename(entry["file"]))
