/*
 * guiddef.h - StackLint embedded kernel prelude: DEFINE_GUID, as the SDK's guiddef.h has it. Without INITGUID a
 * DEFINE_GUID declares the GUID; after <initguid.h> it defines it. The GUID type itself is in stacklint_base.h.
 */
#include "stacklint_kernel.h"

#ifdef DEFINE_GUID
#undef DEFINE_GUID
#endif
#ifdef INITGUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    EXTERN_C const GUID DECLSPEC_SELECTANY name = { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) EXTERN_C const GUID name
#endif
