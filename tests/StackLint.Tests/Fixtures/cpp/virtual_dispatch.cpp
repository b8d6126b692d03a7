// A C++ driver whose request handlers are classes: a virtual call runs the member it names or any override the
// program defines, so the call graph binds it to each of them (as an indirect call) and the C rules follow it.
// A visitor over a tree of nodes recurses through the virtual 'Visit'; a handler chain does not recurse.
#include <ntddk.h>

class Node {
public:
    virtual ~Node() {}
    virtual NTSTATUS Visit(ULONG Depth) = 0;
    Node *Child;
};

class Folder : public Node {
public:
    // Folder::Visit -> Node::Visit (virtual) -> Folder::Visit: one frame per level of the tree.
    NTSTATUS Visit(ULONG Depth) override                               // expect: SL2001 "'Folder::Visit' -> 'Folder::Visit'"
    {
        return Child != NULL ? Child->Visit(Depth + 1) : STATUS_SUCCESS;
    }
};

class Leaf : public Node {
public:
    NTSTATUS Visit(ULONG Depth) override { return Depth != 0 ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL; }
};

class Handler {
public:
    virtual NTSTATUS Handle(PIRP Irp) { Irp->IoStatus.Information = 0; return STATUS_SUCCESS; }
};

class QueryHandler : public Handler {
public:
    NTSTATUS Handle(PIRP Irp) override;
};

// An override of an override: reached from a call through 'Handler *'.
class DetailedQueryHandler : public QueryHandler {
public:
    NTSTATUS Handle(PIRP Irp) override                                 // expect: SL1001
    {
        UCHAR detail[1500];                                            // expect: SL1002 "'detail' in 'DetailedQueryHandler::Handle'"
        RtlZeroMemory(detail, sizeof(detail));
        Irp->IoStatus.Information = detail[0];
        return STATUS_SUCCESS;
    }
};

NTSTATUS QueryHandler::Handle(PIRP Irp)
{
    Irp->IoStatus.Information = sizeof(ULONG);
    return STATUS_SUCCESS;
}

extern "C" NTSTATUS DispatchWithHandler_ok(Handler *Handler, PIRP Irp)
{
    return Handler->Handle(Irp);
}

extern "C" NTSTATUS WalkTree_ok(Node *Root)
{
    NTSTATUS status = Root->Visit(0);
    delete Root;
    return status;
}
