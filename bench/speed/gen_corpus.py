#!/usr/bin/env python3
"""Writes N realistic driver files into DIR: each includes <ntifs.h>, has 5-15 functions with locals of assorted
sizes (scalars, UNICODE_STRING, structs, 64-2048-byte buffers) and calls functions of other files (always of a lower
file number, so the call graph is a DAG with some deep paths, like a real driver's layering)."""
import os, random, sys

def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rnd = random.Random(1234)  # same corpus every time
    os.makedirs(out, exist_ok=True)
    counts = [rnd.randint(5, 15) for _ in range(n)]
    with open(os.path.join(out, "common.h"), "w") as h:
        h.write("#pragma once\n#include <ntifs.h>\ntypedef struct _WORK_ITEM { LIST_ENTRY Link; ULONG Id; UCHAR Data[96]; } WORK_ITEM, *PWORK_ITEM;\n")
    locals_pool = [
        "ULONG count = Depth;", "UNICODE_STRING name;", "KEVENT event;", "IO_STATUS_BLOCK iosb;",
        "WORK_ITEM item;", "LARGE_INTEGER timeout;", "KSPIN_LOCK lock;", "OBJECT_ATTRIBUTES attrs;",
    ]
    for f in range(n):
        lines, called = [], set()
        for k in range(counts[f]):
            lines.append(f"NTSTATUS Mod{f}Fn{k}(PDEVICE_OBJECT Device, ULONG Depth);")
        for k in range(counts[f]):
            lines.append(f"NTSTATUS Mod{f}Fn{k}(PDEVICE_OBJECT Device, ULONG Depth)")
            lines.append("{")
            size = rnd.choice([16, 64, 128, 256, 512, 700, 1024, 2048])
            lines.append(f"    UCHAR buffer[{size}];")
            for decl in rnd.sample(locals_pool, rnd.randint(1, 4)):
                lines.append("    " + decl)
            lines.append("    NTSTATUS status = STATUS_SUCCESS;")
            lines.append("    RtlZeroMemory(buffer, sizeof(buffer));")
            lines.append("    if (Depth > 8 || Device == NULL) return STATUS_INVALID_PARAMETER;")
            for _ in range(rnd.randint(1, 3)):
                if f > 0:
                    g = rnd.randrange(max(0, f - 40), f)
                    callee = f"Mod{g}Fn{rnd.randrange(counts[g])}"
                    called.add(callee)
                    lines.append(f"    status = {callee}(Device, Depth + 1);")
                    lines.append("    if (!NT_SUCCESS(status)) return status;")
            if k > 0:
                lines.append(f"    status = Mod{f}Fn{rnd.randrange(k)}(Device, Depth + 1);")
            lines.append("    return buffer[0] ? status : STATUS_UNSUCCESSFUL;")
            lines.append("}")
            lines.append("")
        with open(os.path.join(out, f"mod{f:04d}.c"), "w") as c:
            # Prototypes of the other files' functions it calls, as a driver's module header would declare them.
            head = ['#include <ntifs.h>', '#include "common.h"', ''] + [f"NTSTATUS {c}(PDEVICE_OBJECT Device, ULONG Depth);" for c in sorted(called)] + ['']
            c.write("\n".join(head + lines) + "\n")

main()
