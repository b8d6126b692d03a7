/*
 * fltKernel.h - StackLint embedded kernel prelude: Filter Manager header.
 * Dual-mode: <ntifs.h> resolves to mingw-w64's when its include directories
 * precede the prelude, otherwise to the prelude's own; stacklint_flt.h then
 * adds only what that ntifs.h lacks. See stacklint_kernel.h.
 */
#ifndef __FLTKERNEL__
#define __FLTKERNEL__
#include <ntifs.h>
#include "stacklint_flt.h"
#endif /* __FLTKERNEL__ */
