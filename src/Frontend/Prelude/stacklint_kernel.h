/*
 * stacklint_kernel.h - the StackLint embedded kernel prelude, all in one.
 *
 * WHAT IT IS
 *   A small, self-contained stand-in for the WDK's ntddk.h / wdm.h / ntifs.h /
 *   fltKernel.h / ntstrsafe.h, shipped inside StackLint (the Frontend embeds
 *   src/Frontend/Prelude/<name>.h) so `stacklint analyze driver.c` can parse typical
 *   WDM and minifilter code on a machine without the WDK or mingw-w64. The
 *   front end passes the extracted directory with -isystem, for
 *   --target=x86_64|i686|aarch64-pc-windows-msvc with -fms-extensions
 *   -fms-compatibility and _AMD64_/_X86_/_ARM64_. Only clang's builtin headers
 *   (stddef.h, stdarg.h) are used besides these files.
 *
 *   Files: stacklint_sal.h (SAL as empty macros), stacklint_base.h (types,
 *   macros, NTSTATUS), stacklint_io.h (dispatcher/sync objects, device/driver/
 *   file objects, callback typedefs), stacklint_files.h (information classes,
 *   Zw/Nt, Rtl strings), stacklint_irp.h (IRP, IO_STACK_LOCATION, Ps/Ob/Cm
 *   structures), stacklint_routines.h (Io/Ke/Ex/Ps/Ob/Cm/Mm/Dbg, Interlocked,
 *   list helpers), stacklint_flt.h + fltKernel.h (Filter Manager; dual-mode:
 *   also works on top of mingw-w64's ntifs.h), ntstrsafe.h, and thin wrappers
 *   ntddk.h, wdm.h, ntifs.h, ntdef.h, ntstatus.h, wdmsec.h.
 *
 * WHAT IT LEAVES OUT (deliberately)
 *   - UMDF, NDIS, WFP, storport, KS, audio. KMDF is in wdf.h and wdfusb.h; USB
 *     (usb.h, usbdlib.h), HID minidrivers (hidclass.h, hidport.h, hidusage.h)
 *     and WMI (wmistr.h, wmilib.h, guiddef.h, initguid.h) have their own files.
 *   - Calling conventions: NTAPI/FASTCALL/WINAPI expand to nothing. They do not
 *     change frame sizes; x86 drivers are built with /Gz, so one convention
 *     everywhere is the faithful simplification. FLTAPI is empty in both modes,
 *     so minifilter callbacks match on x86 with or without FLTAPI. On top of
 *     mingw-w64 (whose NTAPI is __stdcall) x86 code should declare callbacks
 *     with their role typedef (DRIVER_DISPATCH Foo;) as the WDK samples do, or
 *     the front end can pass -mrtd (x86 only) to mirror /Gz.
 *   - SAL and driver annotations (_In_, _IRQL_requires_, ...) expand to nothing.
 *   - Private/undocumented fields; FAST_IO_DISPATCH entries are PVOIDs; ACCESS_
 *     STATE, ECP lists, transactions, CM resource lists are opaque or minimal.
 *   - DBG-build variants (IO_REMOVE_LOCK debug block, ASSERT bodies).
 *   - Most of the ~5,000 WDK routines: only those common in WDM drivers and
 *     minifilters are declared. An undeclared routine is a parse error the
 *     front end reports, never a silently wrong size.
 *
 * HOW SIZES WERE VERIFIED
 *   tests/prelude-check/measure.sh prints sizeof/alignof/offsetof of ~150
 *   types as laid out by mingw-w64's DDK headers under clang-19 (x64, x86), and
 *   tests/prelude-check/layout.c static-asserts the same numbers against this
 *   prelude for x64, x86 and arm64 (arm64 = x64 layout). Where mingw-w64
 *   deviates from the WDK (DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) on IRP and
 *   DEVICE_OBJECT: DEVICE_OBJECT is 0x150 on x64 in the WDK, 0x148 in mingw),
 *   the WDK wins and layout.c says so. Filter Manager types (mingw has none)
 *   are checked against field-by-field sums from the WDK's fltKernel.h, e.g.
 *   FLT_OPERATION_REGISTRATION 32/20, FLT_REGISTRATION 0x70/0x3C,
 *   FLT_CALLBACK_DATA 0x58/0x2C (x64/x86).
 *   tests/StackLint.Tests/Prelude/PreludeTests.cs runs all of it.
 */
#ifndef STACKLINT_KERNEL_H
#define STACKLINT_KERNEL_H

#include "stacklint_sal.h"
#include "stacklint_base.h"
#include "stacklint_io.h"
#include "stacklint_files.h"
#include "stacklint_irp.h"
#include "stacklint_routines.h"

#endif /* STACKLINT_KERNEL_H */
