#!/usr/bin/env python3
"""edit_tree.py DATABASE OUT: a copy of the driver one edit is measured in, and a database that points at it.

The edited file is the middle entry of the largest project folder (a file-system driver's, on the real corpus). Its
driver is copied whole into OUT/edit and OUT/compile_commands.json lists every entry with the driver's pointing at the
copy; OUT/edited.txt names the copied file to edit. The tree itself is never written to. Used by run.sh and ab.sh.
"""
import json, os, shutil, sys
entries, out = json.load(open(sys.argv[1])), sys.argv[2]
def full(e):
    return os.path.normpath(os.path.join(e["directory"], e["file"]))
# The edited file: the middle entry of the largest project folder (a file-system driver's, on the real corpus).
folders = {}
for e in entries:
    folders.setdefault(os.path.dirname(full(e)), []).append(e)
largest = max(folders.values(), key=len)
pick = sorted(largest, key=lambda e: e["file"])[len(largest) // 2]
source = full(pick)
# Its driver (the top folder under the entry's directory: ext4fsd on the real corpus) is copied whole and its entries
# point at the copy, so the edited file stays one file of its driver, with its driver's flags, as in a real edit; the
# tree itself is never written to.
top = os.path.relpath(source, pick["directory"]).split(os.sep)[0]
original = os.path.normpath(os.path.join(pick["directory"], top))
copy_root = os.path.join(out, "edit", top)
shutil.copytree(original, copy_root, symlinks=True)
def moved(arg, directory):
    if directory == pick["directory"]:
        for flag in ("", "-I", "-isystem", "-include", "-iquote"):
            if arg == flag + top or arg.startswith(flag + top + "/"):
                return flag + copy_root + arg[len(flag + top):]
    return arg.replace(original + "/", copy_root + "/")
count = 0
for e in entries:
    if not full(e).startswith(original + os.sep):
        continue
    count += 1
    args = list(e.get("arguments") or e["command"].split())
    e["arguments"] = [moved(a, e["directory"]) for a in args]
    e["file"] = copy_root + full(e)[len(original):]
    e.pop("command", None)
edited = copy_root + source[len(original):]
open(os.path.join(out, "edited.txt"), "w").write(edited + "\n")
json.dump(entries, open(os.path.join(out, "compile_commands.json"), "w"), indent=1)
print(f"{len(entries)} files; the edited file is a copy of {source}, one of {count} files of its copied driver", file=sys.stderr)
