// A C++ driver file: parsed as C++ (MSVC mode). The C rules apply to free functions, also inside namespaces and
// extern "C" blocks, to member functions, constructors, destructors, lambdas and each template instance used;
// destructors run at a block's end and by 'delete', and operator new/delete, are calls. What is not covered yet is
// listed in the rules' Limitations.
#include <ntddk.h>

#define IOCTL_CPP_QUERY CTL_CODE(FILE_DEVICE_UNKNOWN, 0x910, METHOD_BUFFERED, FILE_ANY_ACCESS)

struct QueryReply {
    ULONG Count;
    UCHAR Data[2040];
};

// A class with methods and a virtual call: methods are functions of their own ('Channel::SendTwice_bad'), a
// virtual call is an indirect call, a qualified one ('Channel::Log_ok') a direct one.
class Channel {
public:
    Channel() : Sent(0)
    {
        UCHAR header[16];
        RtlZeroMemory(header, sizeof(header));
        Sent = header[0];
    }
    ~Channel() { Sent = 0; }
    virtual NTSTATUS Send(const UCHAR *Data, ULONG Length) = 0;
    virtual void Log_ok(ULONG Value) { Sent += Value; }
    NTSTATUS SendTwice_bad(const UCHAR *Data, ULONG Length)           // expect: SL1001
    {
        UCHAR copy[1024];                                              // expect: SL1002 "'copy' in 'Channel::SendTwice_bad'"
        RtlCopyMemory(copy, Data, Length < sizeof(copy) ? Length : sizeof(copy));
        Channel::Log_ok(Length);
        NTSTATUS status = Send(copy, Length);
        return NT_SUCCESS(status) ? Send(copy, Length) : status;
    }
    NTSTATUS Stage_bad(ULONG Length);
    ULONG Sent;
};

NTSTATUS Channel::Stage_bad(ULONG Length)                             // expect: SL1001
{
    UCHAR staging[1100];                                               // expect: SL1002 "'staging' in 'Channel::Stage_bad'"
    RtlZeroMemory(staging, sizeof(staging));
    Log_ok(staging[0] + Length);
    return STATUS_SUCCESS;
}

namespace cppdrv {
NTSTATUS FillReply_bad(QueryReply *Reply)                             // expect: SL1001
{
    UCHAR scratch[1024];                                               // expect: SL1002 "'scratch' in 'FillReply_bad'"
    RtlZeroMemory(scratch, sizeof(scratch));
    Reply->Count = scratch[0];
    return STATUS_SUCCESS;
}
}

static NTSTATUS HandleQuery_bad(QueryReply Reply)                     // expect: SL1003 "2,044-byte 'QueryReply'"
{
    UCHAR staging[800];                                                // expect: SL1002 "'staging'"
    RtlZeroMemory(staging, sizeof(staging));
    auto first = [](const UCHAR *p) {                                 // a lambda: a function of its own
        UCHAR lambdaScratch[700];                                      // expect: SL1002 "'lambdaScratch'"
        RtlCopyMemory(lambdaScratch, p, sizeof(lambdaScratch));
        return lambdaScratch[1];
    };
    return first(staging) ? cppdrv::FillReply_bad(&Reply) : STATUS_SUCCESS;
}

static NTSTATUS HandleSmall_ok(ULONG Code)
{
    UCHAR small[64];
    RtlZeroMemory(small, sizeof(small));
    return Code == IOCTL_CPP_QUERY && small[0] == 0 ? STATUS_SUCCESS : STATUS_INVALID_DEVICE_REQUEST;
}

// A template: each instance used is a function of its own with its own frame; only the large one is reported.
template <ULONG N>
static ULONG Checksum(const UCHAR *Data)                               // expect: SL1001 "'Checksum<2048>'"
{
    UCHAR block[N];                                                    // expect: SL1002 "'block' in 'Checksum<2048>'"
    RtlCopyMemory(block, Data, N);
    return block[0] + block[N - 1];
}

// A driver-defined allocator and a list whose destructor deletes the next node: 'delete' runs ~Entry, which runs
// 'delete' again, a recursion as deep as the list is long. The destructor call is implicit, the cycle real.
void *__cdecl operator new(size_t Size, POOL_TYPE Pool, ULONG Tag) { return ExAllocatePoolWithTag(Pool, Size, Tag); }
void __cdecl operator delete(void *Block) { if (Block) ExFreePoolWithTag(Block, 'lcpC'); }

struct Entry {
    Entry *Next;
    ULONG Value;
    ~Entry()                                                           // expect: SL2001 "'Entry::~Entry'"
    {
        delete Next;
    }
};

static ULONG SumList_ok(const UCHAR *Data)
{
    Entry *head = new (NonPagedPoolNx, 'lcpC') Entry;
    if (head == NULL) return 0;
    head->Next = NULL;
    head->Value = Checksum<16>(Data) + Checksum<2048>(Data);
    ULONG value = head->Value;
    delete head;
    return value;
}

extern "C" NTSTATUS DispatchDeviceControl_bad(PDEVICE_OBJECT DeviceObject, PIRP Irp)   // expect: SL1001
{
    UNREFERENCED_PARAMETER(DeviceObject);
    QueryReply reply;                                                  // expect: SL1002 "'reply'"
    RtlZeroMemory(&reply, sizeof(reply));
    NTSTATUS status = HandleSmall_ok(IOCTL_CPP_QUERY + SumList_ok(reply.Data));
    if (NT_SUCCESS(status)) status = HandleQuery_bad(reply);
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
