/*
 * ntstrsafe.h - StackLint embedded kernel prelude version of the WDK's safe
 * string routines (wide-character subset plus the UNICODE_STRING helpers).
 * Like the WDK's, the routines are static inline functions, so their locals
 * and calls are visible to StackLint; bodies are short equivalents of the WDK
 * workers, not copies. Used only when no mingw-w64 ntstrsafe.h precedes it.
 */
#ifndef STACKLINT_NTSTRSAFE_H
#define STACKLINT_NTSTRSAFE_H

#include <ntifs.h>

#ifndef NTSTRSAFEDDI
#define NTSTRSAFEDDI static __inline NTSTATUS
#endif
#define NTSTRSAFE_MAX_CCH 2147483647
#define NTSTRSAFE_UNICODE_STRING_MAX_CCH (0xffff / sizeof(wchar_t))
#define NTSTRSAFE_MAX_LENGTH (NTSTRSAFE_MAX_CCH - 1)
#define STRSAFE_IGNORE_NULLS 0x00000100
#define STRSAFE_FILL_BEHIND_NULL 0x00000200
#define STRSAFE_FILL_ON_FAILURE 0x00000400
#define STRSAFE_NULL_ON_FAILURE 0x00000800
#define STRSAFE_NO_TRUNCATION 0x00001000
int _vsnprintf(char *, size_t, const char *, va_list);
typedef wchar_t *NTSTRSAFE_PWSTR;
typedef const wchar_t *NTSTRSAFE_PCWSTR;
typedef char *NTSTRSAFE_PSTR;
typedef const char *NTSTRSAFE_PCSTR;

NTSTRSAFEDDI RtlStringCchLengthW(NTSTRSAFE_PCWSTR psz, size_t cchMax, size_t *pcchLength)
{
  size_t cch = 0;
  if (psz == NULL || cchMax > NTSTRSAFE_MAX_CCH) { if (pcchLength) *pcchLength = 0; return STATUS_INVALID_PARAMETER; }
  while (cch < cchMax && psz[cch] != L'\0') cch++;
  if (pcchLength) *pcchLength = (cch < cchMax) ? cch : 0;
  return (cch < cchMax) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}
NTSTRSAFEDDI RtlStringCbLengthW(NTSTRSAFE_PCWSTR psz, size_t cbMax, size_t *pcbLength)
{
  size_t cch = 0;
  NTSTATUS status = RtlStringCchLengthW(psz, cbMax / sizeof(wchar_t), &cch);
  if (pcbLength) *pcbLength = cch * sizeof(wchar_t);
  return status;
}
NTSTRSAFEDDI RtlStringCchCopyNW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc, size_t cchToCopy)
{
  size_t i = 0;
  if (cchDest == 0 || cchDest > NTSTRSAFE_MAX_CCH) return STATUS_INVALID_PARAMETER;
  while (i + 1 < cchDest && i < cchToCopy && pszSrc[i] != L'\0') { pszDest[i] = pszSrc[i]; i++; }
  pszDest[i] = L'\0';
  return (i < cchToCopy && pszSrc[i] != L'\0') ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}
NTSTRSAFEDDI RtlStringCchCopyW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc)
{
  return RtlStringCchCopyNW(pszDest, cchDest, pszSrc, NTSTRSAFE_MAX_LENGTH);
}
NTSTRSAFEDDI RtlStringCbCopyW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc)
{
  return RtlStringCchCopyNW(pszDest, cbDest / sizeof(wchar_t), pszSrc, NTSTRSAFE_MAX_LENGTH);
}
NTSTRSAFEDDI RtlStringCbCopyNW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc, size_t cbToCopy)
{
  return RtlStringCchCopyNW(pszDest, cbDest / sizeof(wchar_t), pszSrc, cbToCopy / sizeof(wchar_t));
}
NTSTRSAFEDDI RtlStringCchCatNW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc, size_t cchToAppend)
{
  size_t cchLen = 0;
  NTSTATUS status = RtlStringCchLengthW(pszDest, cchDest, &cchLen);
  if (!NT_SUCCESS(status)) return status;
  return RtlStringCchCopyNW(pszDest + cchLen, cchDest - cchLen, pszSrc, cchToAppend);
}
NTSTRSAFEDDI RtlStringCchCatW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc)
{
  return RtlStringCchCatNW(pszDest, cchDest, pszSrc, NTSTRSAFE_MAX_LENGTH);
}
NTSTRSAFEDDI RtlStringCbCatW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc)
{
  return RtlStringCchCatNW(pszDest, cbDest / sizeof(wchar_t), pszSrc, NTSTRSAFE_MAX_LENGTH);
}
NTSTRSAFEDDI RtlStringCchVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszFormat, va_list argList)
{
  int iRet;
  if (cchDest == 0 || cchDest > NTSTRSAFE_MAX_CCH) return STATUS_INVALID_PARAMETER;
  iRet = _vsnwprintf(pszDest, cchDest - 1, pszFormat, argList);
  if (iRet < 0 || (size_t)iRet > cchDest - 1) { pszDest[cchDest - 1] = L'\0'; return STATUS_BUFFER_OVERFLOW; }
  if ((size_t)iRet == cchDest - 1) pszDest[cchDest - 1] = L'\0';
  return STATUS_SUCCESS;
}
NTSTRSAFEDDI RtlStringCbVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszFormat, va_list argList)
{
  return RtlStringCchVPrintfW(pszDest, cbDest / sizeof(wchar_t), pszFormat, argList);
}
static __inline NTSTATUS __cdecl RtlStringCchPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszFormat, ...)
{
  NTSTATUS status;
  va_list argList;
  va_start(argList, pszFormat);
  status = RtlStringCchVPrintfW(pszDest, cchDest, pszFormat, argList);
  va_end(argList);
  return status;
}
static __inline NTSTATUS __cdecl RtlStringCbPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszFormat, ...)
{
  NTSTATUS status;
  va_list argList;
  va_start(argList, pszFormat);
  status = RtlStringCchVPrintfW(pszDest, cbDest / sizeof(wchar_t), pszFormat, argList);
  va_end(argList);
  return status;
}
static __inline NTSTATUS __cdecl RtlStringCbPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszFormat, ...)
{
  int iRet;
  va_list argList;
  if (cbDest == 0 || cbDest > NTSTRSAFE_MAX_CCH) return STATUS_INVALID_PARAMETER;
  va_start(argList, pszFormat);
  iRet = _vsnprintf(pszDest, cbDest - 1, pszFormat, argList);
  va_end(argList);
  pszDest[cbDest - 1] = '\0';
  return (iRet < 0 || (size_t)iRet > cbDest - 1) ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}
#define RtlStringCchPrintfA(d, c, ...) RtlStringCbPrintfA((d), (c), __VA_ARGS__)

/* UNICODE_STRING helpers */
NTSTRSAFEDDI RtlUnicodeStringCopy(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString)
{
  USHORT cb = SourceString->Length;
  NTSTATUS status = STATUS_SUCCESS;
  if (cb > DestinationString->MaximumLength) { cb = DestinationString->MaximumLength & ~1; status = STATUS_BUFFER_OVERFLOW; }
  memmove(DestinationString->Buffer, SourceString->Buffer, cb);
  DestinationString->Length = cb;
  return status;
}
NTSTRSAFEDDI RtlUnicodeStringCopyString(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc)
{
  UNICODE_STRING src;
  RtlInitUnicodeString(&src, pszSrc);
  return RtlUnicodeStringCopy(DestinationString, &src);
}
NTSTRSAFEDDI RtlUnicodeStringCat(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString)
{
  USHORT room = DestinationString->MaximumLength - DestinationString->Length;
  USHORT cb = SourceString->Length;
  NTSTATUS status = STATUS_SUCCESS;
  if (cb > room) { cb = room & ~1; status = STATUS_BUFFER_OVERFLOW; }
  memmove((PUCHAR)DestinationString->Buffer + DestinationString->Length, SourceString->Buffer, cb);
  DestinationString->Length += cb;
  return status;
}
NTSTRSAFEDDI RtlUnicodeStringCatString(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc)
{
  UNICODE_STRING src;
  RtlInitUnicodeString(&src, pszSrc);
  return RtlUnicodeStringCat(DestinationString, &src);
}
NTSTRSAFEDDI RtlUnicodeStringVPrintf(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszFormat, va_list argList)
{
  size_t cch = DestinationString->MaximumLength / sizeof(wchar_t);
  int iRet = _vsnwprintf(DestinationString->Buffer, cch, pszFormat, argList);
  if (iRet < 0 || (size_t)iRet > cch) { DestinationString->Length = (USHORT)(cch * sizeof(wchar_t)); return STATUS_BUFFER_OVERFLOW; }
  DestinationString->Length = (USHORT)(iRet * sizeof(wchar_t));
  return STATUS_SUCCESS;
}
static __inline NTSTATUS __cdecl RtlUnicodeStringPrintf(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszFormat, ...)
{
  NTSTATUS status;
  va_list argList;
  va_start(argList, pszFormat);
  status = RtlUnicodeStringVPrintf(DestinationString, pszFormat, argList);
  va_end(argList);
  return status;
}
NTSTRSAFEDDI RtlUnicodeStringInit(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc)
{
  size_t cch = 0;
  NTSTATUS status = STATUS_SUCCESS;
  if (pszSrc) status = RtlStringCchLengthW(pszSrc, NTSTRSAFE_UNICODE_STRING_MAX_CCH, &cch);
  DestinationString->Buffer = (PWCH)pszSrc;
  DestinationString->Length = (USHORT)(cch * sizeof(wchar_t));
  DestinationString->MaximumLength = (USHORT)(cch * sizeof(wchar_t) + (pszSrc ? sizeof(wchar_t) : 0));
  return status;
}

#endif /* STACKLINT_NTSTRSAFE_H */
