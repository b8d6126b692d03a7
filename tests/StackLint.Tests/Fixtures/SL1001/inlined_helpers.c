// SL1001: a force-inlined helper's locals join every caller's frame once per call site, also through another
// force-inlined helper; the message names the helper instead of a local.
#include <ntifs.h>
#include "telemetry_helpers.h"

VOID ReportDeviceReset_bad(ULONG Code) // expect: SL1001 "largest: 3 inlined copies of 'TelemetryWriteEvent' (1,224 bytes)"
{
    TelemetryWriteEvent(Code, 1);
    TelemetryWriteEvent(Code, 2);
    TelemetryWriteEvent(Code, 3);
}

VOID ReportStartStopTwice_bad(ULONG Code) // expect: SL1001 "4 inlined copies of 'TelemetryWriteEvent' (1,632 bytes)"
{
    TelemetryWriteStartStop(Code);
    TelemetryWriteStartStop(Code + 1);
}

VOID ReportDeviceArrival_ok(ULONG Code)
{
    TelemetryWriteEvent(Code, 1);
}
