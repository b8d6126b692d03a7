#!/usr/bin/env python3
"""Writes a tree of driver projects shaped like a real source tree into DIR, with DIR/compile_commands.json.

Each project has 1 to 40 files (most have few), its own include folder and defines, and one of several kernel header
sets: <wdm.h>, <ntddk.h>, <ntifs.h>, <fltKernel.h>, or a KMDF driver (<ntddk.h>, <wdf.h> and a KMDF-like helper
header of our own, common/include/kmdfx.h). Files include their project header before or after the kernel headers,
some add <ntstrsafe.h> or a header of their own, so some prefixes are shared by many files and some by one, as in
real drivers. Functions have locals of assorted sizes and call earlier files of their project.
Usage: gen_projects.py PROJECTS DIR"""
import json, os, random, sys

KINDS = [
    ("wdm", ["<wdm.h>"]),
    ("ntddk", ["<ntddk.h>"]),
    ("fs", ["<ntifs.h>"]),
    ("minifilter", ["<fltKernel.h>"]),
    ("kmdf", ["<ntddk.h>", "<wdf.h>"]),
]
LOCALS = ["ULONG count = Depth;", "UNICODE_STRING name;", "KEVENT event;", "IO_STATUS_BLOCK iosb;",
          "LARGE_INTEGER timeout;", "KSPIN_LOCK lock;", "OBJECT_ATTRIBUTES attrs;"]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="\n") as f:
        f.write(text)


def main():
    projects, out = int(sys.argv[1]), os.path.abspath(sys.argv[2])
    rnd = random.Random(4321)  # the same tree every time
    write(os.path.join(out, "common", "include", "kmdfx.h"),
          "#pragma once\n#include <wdf.h>\n"
          "typedef struct _KX_QUEUE_CONTEXT { WDFQUEUE Queue; ULONG Pending; UCHAR Scratch[128]; } KX_QUEUE_CONTEXT, *PKX_QUEUE_CONTEXT;\n"
          "FORCEINLINE ULONG KxPending(PKX_QUEUE_CONTEXT Context) { return Context->Pending; }\n")
    db = []
    for p in range(projects):
        name = f"p{p:03d}"
        kind, kernel = KINDS[p % len(KINDS)]
        if kind == "kmdf":
            kernel = kernel + ["<kmdfx.h>"]
        files = rnd.choice([1, 1, 2, 3, 4, 6, 8, 12, 20, 40])
        proj = os.path.join(out, name)
        tag = "".join(rnd.choice("ABCDEFGH") for _ in range(4))
        write(os.path.join(proj, "inc", f"{name}.h"),
              f"#pragma once\n#include {kernel[0]}\n#define {name.upper()}_TAG '{tag}'\n"
              f"typedef struct _{name.upper()}_CONTEXT {{ LIST_ENTRY Link; ULONG Id; UCHAR Data[{rnd.choice([32, 96, 256])}]; }} {name.upper()}_CONTEXT;\n")
        defines = [f"-D{name.upper()}=1", f"-DPOOL_TAG_{p}=0x{p:04x}"]
        if kind == "kmdf":
            defines += ["-DKMDF_VERSION_MAJOR=1", f"-DKMDF_VERSION_MINOR={rnd.choice([15, 31, 33])}"]
        if rnd.random() < 0.3:
            defines.append("-DDBG=1")
        counts = [rnd.randint(3, 12) for _ in range(files)]
        for f in range(files):
            order = rnd.random()
            project_header = f'"{name}.h"'
            if order < 0.4:
                includes = kernel + [project_header]
            elif order < 0.7:
                includes = [project_header] + kernel
            elif order < 0.85:
                includes = kernel + ["<ntstrsafe.h>", project_header]
            else:
                # A header of the file's own: its prefix is shared with no other file.
                own = f"f{f:02d}_local.h"
                write(os.path.join(proj, "src", own), f"#pragma once\n#define F{f}_LIMIT {rnd.randint(8, 64)}\n")
                includes = kernel + [project_header, f'"{own}"']
            lines = [f"#include {i}" for i in includes] + [""]
            ctx = f"{name.upper()}_CONTEXT"
            for k in range(counts[f]):
                lines.append(f"NTSTATUS F{f}Fn{k}(PDEVICE_OBJECT Device, ULONG Depth);")
            for k in range(counts[f]):
                lines += [f"NTSTATUS F{f}Fn{k}(PDEVICE_OBJECT Device, ULONG Depth)", "{",
                          f"    UCHAR buffer[{rnd.choice([16, 64, 128, 256, 512, 700, 1024, 2048])}];",
                          f"    {ctx} context;"]
                lines += ["    " + d for d in rnd.sample(LOCALS, rnd.randint(1, 3))]
                lines += ["    NTSTATUS status = STATUS_SUCCESS;", "    RtlZeroMemory(buffer, sizeof(buffer));",
                          "    RtlZeroMemory(&context, sizeof(context));",
                          "    if (Depth > 8 || Device == NULL) return STATUS_INVALID_PARAMETER;"]
                if f > 0:
                    g = rnd.randrange(f)
                    lines += [f"    status = F{g}Fn{rnd.randrange(counts[g])}(Device, Depth + 1);",
                              "    if (!NT_SUCCESS(status)) return status;"]
                if k > 0:
                    lines.append(f"    status = F{f}Fn{rnd.randrange(k)}(Device, Depth + 1);")
                lines += ["    return buffer[0] ? status : STATUS_UNSUCCESSFUL;", "}", ""]
            # Calls to earlier files need their prototypes: a project's files declare what they call.
            protos = []
            for g in range(f):
                protos += [f"NTSTATUS F{g}Fn{k}(PDEVICE_OBJECT Device, ULONG Depth);" for k in range(counts[g])]
            body = lines[:len(includes) + 1] + protos + lines[len(includes) + 1:]
            source = os.path.join(proj, "src", f"f{f:02d}.c")
            write(source, "\n".join(body) + "\n")
            db.append({"directory": out, "file": source,
                       "arguments": ["clang", "-I", os.path.join(proj, "inc"), "-I", os.path.join(out, "common", "include")]
                       + defines + ["-c", source]})
    with open(os.path.join(out, "compile_commands.json"), "w") as f:
        json.dump(db, f, indent=1)
    print(f"{projects} projects, {len(db)} files", file=sys.stderr)


main()
