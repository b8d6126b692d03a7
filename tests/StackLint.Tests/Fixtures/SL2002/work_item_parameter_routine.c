// A file system queues its flushes through one work item routine: ExInitializeWorkItem hands the routine that does
// the work as the item's Parameter, and the worker calls it through that parameter (the shape of a driver that keeps
// one WORKER_THREAD_ROUTINE for several jobs). The journal flush goes nine levels of about 950 bytes deep on the
// worker's stack: found only by following the routine from QueueJob's parameter through the item's Parameter.
// The statistics job is small, and its worker, a second one, stays quiet.
#include <ntddk.h>

typedef struct _VOLUME {
    WORK_QUEUE_ITEM FlushItem;
    WORK_QUEUE_ITEM StatsItem;
    ULONG Dirty;
} VOLUME, *PVOLUME;

typedef ULONG JOB_ROUTINE(PVOLUME Volume);
typedef JOB_ROUTINE *PJOB_ROUTINE;

static VOLUME g_Volume;

static VOID JobWorker_bad(PVOID Parameter) // expect: SL2002 "'JobWorker_bad' (work item routine"
{
    g_Volume.Dirty = ((PJOB_ROUTINE)Parameter)(&g_Volume);
}

static VOID QueueJob(PWORK_QUEUE_ITEM Item, PJOB_ROUTINE Job)
{
    ExInitializeWorkItem(Item, JobWorker_bad, (PVOID)Job);
    ExQueueWorkItem(Item, DelayedWorkQueue);
}

// Flush step 9 of 9: about 950 bytes of scratch.
static ULONG FlushSubmit(PVOLUME Volume)
{
    UCHAR block[480];
    UCHAR digest[440];

    RtlZeroMemory(block, sizeof(block));
    RtlZeroMemory(digest, sizeof(digest));
    return block[0] + digest[0] + Volume->Dirty;
}

// Flush step 8 of 9: about 950 bytes of scratch.
static ULONG FlushChecksum(PVOLUME Volume)
{
    UCHAR block[480];
    UCHAR digest[440];

    RtlZeroMemory(block, sizeof(block));
    RtlZeroMemory(digest, sizeof(digest));
    return block[0] + digest[0] + FlushSubmit(Volume);
}

// Flush step 7 of 9: about 950 bytes of scratch.
static ULONG FlushSeal(PVOLUME Volume)
{
    UCHAR block[480];
    UCHAR digest[440];

    RtlZeroMemory(block, sizeof(block));
    RtlZeroMemory(digest, sizeof(digest));
    return block[0] + digest[0] + FlushChecksum(Volume);
}

// Flush step 6 of 9: about 950 bytes of scratch.
static ULONG FlushEncode(PVOLUME Volume)
{
    UCHAR block[480];
    UCHAR digest[440];

    RtlZeroMemory(block, sizeof(block));
    RtlZeroMemory(digest, sizeof(digest));
    return block[0] + digest[0] + FlushSeal(Volume);
}

// Flush step 5 of 9: about 950 bytes of scratch.
static ULONG FlushFlatten(PVOLUME Volume)
{
    UCHAR block[480];
    UCHAR digest[440];

    RtlZeroMemory(block, sizeof(block));
    RtlZeroMemory(digest, sizeof(digest));
    return block[0] + digest[0] + FlushEncode(Volume);
}

// Flush step 4 of 9: about 950 bytes of scratch.
static ULONG FlushWriteBack(PVOLUME Volume)
{
    UCHAR block[480];
    UCHAR digest[440];

    RtlZeroMemory(block, sizeof(block));
    RtlZeroMemory(digest, sizeof(digest));
    return block[0] + digest[0] + FlushFlatten(Volume);
}

// Flush step 3 of 9: about 950 bytes of scratch.
static ULONG FlushCheckpoint(PVOLUME Volume)
{
    UCHAR block[480];
    UCHAR digest[440];

    RtlZeroMemory(block, sizeof(block));
    RtlZeroMemory(digest, sizeof(digest));
    return block[0] + digest[0] + FlushWriteBack(Volume);
}

// Flush step 2 of 9: about 950 bytes of scratch.
static ULONG FlushCommit(PVOLUME Volume)
{
    UCHAR block[480];
    UCHAR digest[440];

    RtlZeroMemory(block, sizeof(block));
    RtlZeroMemory(digest, sizeof(digest));
    return block[0] + digest[0] + FlushCheckpoint(Volume);
}

// Flush step 1 of 9: about 950 bytes of scratch.
static ULONG FlushJournal(PVOLUME Volume)
{
    UCHAR block[480];
    UCHAR digest[440];

    RtlZeroMemory(block, sizeof(block));
    RtlZeroMemory(digest, sizeof(digest));
    return block[0] + digest[0] + FlushCommit(Volume);
}

static ULONG CountStats(PVOLUME Volume)
{
    return Volume->Dirty + 1;
}

static VOID StatsWorker_ok(PVOID Parameter)
{
    g_Volume.Dirty = ((PJOB_ROUTINE)Parameter)(&g_Volume);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    QueueJob(&g_Volume.FlushItem, FlushJournal);
    ExInitializeWorkItem(&g_Volume.StatsItem, StatsWorker_ok, (PVOID)CountStats);
    ExQueueWorkItem(&g_Volume.StatsItem, DelayedWorkQueue);
    return STATUS_SUCCESS;
}
