/* ntstatus.h - StackLint embedded kernel prelude wrapper; see stacklint_kernel.h. */
#pragma once
#include "stacklint_kernel.h"
