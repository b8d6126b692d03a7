// Force-inlined helpers in a driver's own header, the way storage miniports write telemetry: each call site gets
// its own copy of the helper's locals in the caller's frame, even in a debug build.
#pragma once

typedef struct _TELEMETRY_EVENT {
    ULONG Code;
    ULONG Sequence;
    UCHAR Payload[392];
} TELEMETRY_EVENT;

NTSTATUS TelemetrySubmit(const TELEMETRY_EVENT *Event);

FORCEINLINE VOID TelemetryWriteEvent(ULONG Code, ULONG Sequence)
{
    TELEMETRY_EVENT event;
    RtlZeroMemory(&event, sizeof(event));
    event.Code = Code;
    event.Sequence = Sequence;
    (VOID)TelemetrySubmit(&event);
}

FORCEINLINE VOID TelemetryWriteStartStop(ULONG Code)
{
    TelemetryWriteEvent(Code, 0);
    TelemetryWriteEvent(Code, 1);
}
