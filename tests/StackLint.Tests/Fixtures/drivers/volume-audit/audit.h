// The volume-audit minifilter's shared declarations.
#pragma once
#include <fltKernel.h>

#ifndef DECLSPEC_EXPORT
#define DECLSPEC_EXPORT __declspec(dllexport)
#endif

extern PFLT_FILTER g_AuditFilter;
extern HANDLE g_AuditLog;

NTSTATUS AuditOpenVolumeLog(PFLT_INSTANCE Instance, PUNICODE_STRING Path, PHANDLE Handle);
