using StackLint.Rules.Model;
using StackLint.Rules.Model.CallGraph;
using StackLint.Tests.Frontend;
using Xunit;

namespace StackLint.Tests.CallGraph;

/// <summary>
/// Routines that reach a pointer call through a parameter stored into a table or a field, or through a DPC's context
/// pointer: parsed through libclang, since the stores and casts come from function bodies.
/// </summary>
public sealed class CarriedRoutineTests
{
    private const string Code = ParserHarness.Types + """
        typedef struct _KDPC { PVOID Opaque[8]; } KDPC, *PKDPC;
        typedef void KDEFERRED_ROUTINE(PKDPC Dpc, PVOID DeferredContext, PVOID A1, PVOID A2);
        void KeInitializeDpc(PKDPC Dpc, KDEFERRED_ROUTINE *Routine, PVOID Context);
        typedef ULONG (*HANDLER)(PVOID Context);
        typedef struct _HEAD { struct _HEAD *Next; void (*Func)(struct _HEAD *); } HEAD;
        typedef struct _QUEUE { void (*Func)(struct _HEAD *); } QUEUE;

        HANDLER g_Handlers[4];
        HANDLER g_Others[4];
        ULONG First(PVOID c)  { return 1; }
        ULONG Second(PVOID c) { return 2; }
        ULONG Third(PVOID c)  { return 3; }
        void Register(ULONG k, HANDLER h) { g_Handlers[k] = h; }
        void Dispatch(ULONG k) { g_Handlers[k](0); g_Others[k](0); }

        void Done(HEAD *h) { }
        void Queued(HEAD *h) { }
        void Call(HEAD *h, void (*Func)(HEAD *)) { h->Func = Func; }
        void Run(HEAD *h) { h->Func(h); }
        void Worker(QUEUE *q, HEAD *h) { void (*Func)(HEAD *) = q->Func; Func(h); }

        void Expired(PVOID t) { }
        void TimerDpc(PKDPC Dpc, PVOID DeferredContext, PVOID A1, PVOID A2) { ((void (*)(PVOID))DeferredContext)(Dpc); }
        void TimerInit(PKDPC Dpc, void (*Callback)(PVOID)) { KeInitializeDpc(Dpc, TimerDpc, (PVOID)Callback); }

        typedef struct _WORK_QUEUE_ITEM { PVOID List[2]; PVOID WorkerRoutine; PVOID Parameter; } WORK_QUEUE_ITEM;
        typedef void WORKER_THREAD_ROUTINE(PVOID Parameter);
        void ExInitializeWorkItem(WORK_QUEUE_ITEM *Item, WORKER_THREAD_ROUTINE *Routine, PVOID Context);
        void Flushed(PVOID p) { }
        void ExWorker(PVOID Parameter) { ((void (*)(PVOID))Parameter)(0); }
        void Compacted(PVOID p) { }
        void MacroWorker(PVOID Parameter) { ((void (*)(PVOID))Parameter)(0); }
        // What the ExInitializeWorkItem macro of older headers expands to, the context a parameter of the helper.
        void QueueJob(WORK_QUEUE_ITEM *Item, void (*Job)(PVOID)) { Item->WorkerRoutine = MacroWorker; Item->Parameter = (PVOID)Job; }
        void CopyingDpc(PKDPC Dpc, PVOID Ctx, PVOID A1, PVOID A2) { void (*f)(PVOID) = (void (*)(PVOID))Ctx; f(Dpc); }

        typedef struct _NOTIFY { ULONG (*Callback)(PVOID); ULONG (*Other)(PVOID); } NOTIFY;
        HANDLER Lookup(ULONG k);
        ULONG Notify(NOTIFY *n) { HANDLER f = n->Callback; HANDLER g; g = f; return g(n); }
        ULONG NotifyFromTable(ULONG k) { HANDLER f = g_Others[k]; return f(0); }
        ULONG NotifyOrLookup(NOTIFY *n, ULONG k) { HANDLER f = n->Callback; if (k) f = Lookup(k); return f(n); }
        ULONG NotifyUnset(NOTIFY *n) { HANDLER f = n->Other; return f(n); }

        void Setup(HEAD *h, NOTIFY *n)
        {
            KDPC dpc;
            WORK_QUEUE_ITEM item;
            Register(0, First);
            Register(1, Second);
            g_Others[0] = Third;
            Call(h, Done);
            TimerInit(&dpc, Expired);
            ExInitializeWorkItem(&item, ExWorker, (PVOID)Flushed);
            QueueJob(&item, Compacted);
            KeInitializeDpc(&dpc, CopyingDpc, (PVOID)Flushed);
            n->Callback = Second;
        }
        """;

    private static (ProgramCallGraph Graph, Func<string, string[]> Callees) Build()
    {
        var facts = ParserHarness.Parse(Code);
        var graph = ProgramCallGraph.Build(new ProgramAnalysis("probe", facts.Arch, [facts]));
        return (graph, name => [.. graph.CallsFrom(graph.FindByName(name).Single().Id)
            .Where(e => e.Kind == CallEdgeKind.ResolvedIndirect).Select(e => graph.Nodes[e.Callee].Name).Order(StringComparer.Ordinal)]);
    }

    [Fact]
    public void A_routine_a_helper_stores_into_a_table_binds_a_call_through_that_table_with_any_subscript()
    {
        var (_, callees) = Build();
        // g_Handlers gets First and Second through Register's parameter; g_Others, of the same type, only Third.
        Assert.Equal(["First", "Second", "Third"], callees("Dispatch"));
        var (graph, _) = Build();
        var dispatch = graph.FindByName("Dispatch").Single().Id;
        Assert.Equal(["First", "Second"], graph.CallsFrom(dispatch).Where(e => e.Via == "g_Handlers[k]").Select(e => graph.Nodes[e.Callee].Name).Order(StringComparer.Ordinal));
        Assert.Equal(["Third"], graph.CallsFrom(dispatch).Where(e => e.Via == "g_Others[k]").Select(e => graph.Nodes[e.Callee].Name));
    }

    [Fact]
    public void A_routine_a_helper_stores_into_a_field_binds_calls_through_that_field_only()
    {
        var (_, callees) = Build();
        Assert.Equal(["Done"], callees("Run"));
        // A local that shares the member's name is a copy of another record's field: nothing binds it by name.
        Assert.Empty(callees("Worker"));
    }

    [Fact]
    public void A_routine_handed_to_KeInitializeDpc_as_the_context_binds_the_DPCs_call_through_its_context()
    {
        var (_, callees) = Build();
        Assert.Equal(["Expired"], callees("TimerDpc"));
    }

    [Fact]
    public void A_routine_handed_to_ExInitializeWorkItem_as_the_parameter_binds_the_work_routines_call_through_it()
    {
        var (_, callees) = Build();
        Assert.Equal(["Flushed"], callees("ExWorker"));
        // The macro form: the routine stored into 'WorkerRoutine', its context into 'Parameter' of the same item.
        Assert.Equal(["Compacted"], callees("MacroWorker"));
    }

    [Fact]
    public void A_call_through_a_local_copied_from_a_field_a_table_or_a_context_parameter_binds_like_a_call_through_the_source()
    {
        var (graph, callees) = Build();
        // Through two locals: 'f = n->Callback; g = f; g(n)'.
        Assert.Equal(["Second"], callees("Notify"));
        Assert.Equal(["Third"], callees("NotifyFromTable"));
        Assert.Equal(["Flushed"], callees("CopyingDpc"));
        int Unresolved(string name) => graph.UnresolvedIndirectCalls.Count(u => graph.Nodes[u.Caller].Name == name);
        Assert.Equal(0, Unresolved("Notify"));
    }

    [Fact]
    public void A_local_that_may_also_hold_an_unknown_routine_or_copies_an_empty_field_stays_unresolved()
    {
        var (graph, callees) = Build();
        // 'f = Lookup(k)' may bring any routine: no binding to the field's routines alone.
        Assert.Empty(callees("NotifyOrLookup"));
        Assert.Empty(callees("NotifyUnset"));
        Assert.Equal(1, graph.UnresolvedIndirectCalls.Count(u => graph.Nodes[u.Caller].Name == "NotifyOrLookup"));
        Assert.Equal(1, graph.UnresolvedIndirectCalls.Count(u => graph.Nodes[u.Caller].Name == "NotifyUnset"));
    }
}
