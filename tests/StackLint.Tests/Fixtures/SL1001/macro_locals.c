// SL1001: a local a macro declares is named with the macro (DECLARE_UNICODE_STRING_SIZE pastes 'path_buffer').
#include <ntifs.h>

#ifndef DECLARE_UNICODE_STRING_SIZE
#define DECLARE_UNICODE_STRING_SIZE(_var, _size) \
    WCHAR _var ## _buffer[_size]; \
    UNICODE_STRING _var = { 0, (_size) * sizeof(WCHAR), _var ## _buffer }
#endif

extern NTSTATUS QueryTargetPath(PUNICODE_STRING Path);

NTSTATUS ResolveTarget_bad(VOID) // expect: SL1001 "largest: 'path_buffer' (from DECLARE_UNICODE_STRING_SIZE) (1,200 bytes)"
{
    DECLARE_UNICODE_STRING_SIZE(path, 600); // expect: SL1002 "'path_buffer' (from DECLARE_UNICODE_STRING_SIZE) in 'ResolveTarget_bad' is a 1,200-byte array"

    return QueryTargetPath(&path);
}

NTSTATUS ResolveShortTarget_ok(VOID)
{
    DECLARE_UNICODE_STRING_SIZE(path, 64);

    return QueryTargetPath(&path);
}
