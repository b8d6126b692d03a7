using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using StackLint.Rules.Model;
using StackLint.Rules.Model.CallGraph;

namespace StackLint.Rules.CallGraph;

/// <summary>SL2001: a function that can call itself again, directly or through others, in any file of the driver.</summary>
public sealed class RecursiveCallChain : ProgramRule
{
    public const string DiagnosticId = "SL2001";

    private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        DiagnosticId,
        title: "Recursive call chain",
        messageFormat: "'{0}' calls itself recursively through {1}{2}; {3}",
        category: RuleCategories.CallGraph,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "A cycle in the driver's call graph makes stack depth depend on input (directory depth, request chains), which a fixed 12-24 KB kernel stack cannot absorb.");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override RuleDocumentation Documentation { get; } = new(
        WhatItFinds: "Every function that lies on a cycle of the driver's call graph: direct recursion, mutual recursion across files of the same driver, and recursion through callbacks the driver registered itself (a completion routine that re-issues a request through the driver's own MajorFunction table). Each cycle (each set of functions that can all reach one another) is reported once, at the first of its functions in source order (by file path, then line), with the cycle attached (a code flow in SARIF, related information in the IDE) and the message counting the functions involved; the members the shown cycle does not pass through are added at the end of the chain.",
        WhyItMatters: "Kernel stacks are 12 KB on x86 and 24 KB on x64 and do not grow. The depth of a recursive walk is decided by data the driver does not control (a directory tree, a chain of reparse points, a request that completes synchronously again and again), so sooner or later it meets a deep enough input and the machine stops with a double fault. A depth counter only helps if its bound times the frame sizes along the cycle is proven to fit, which it rarely is and which nothing keeps true as the code changes.",
        BadExample: """
            static NTSTATUS WalkDir(PUNICODE_STRING Dir, ULONG Depth)
            {
                if (Depth > 16) return STATUS_STACK_OVERFLOW;   // the bound is not a proof
                ...
                for each subdirectory: WalkDir(&child, Depth + 1);
            }
            """,
        FixedExample: """
            static NTSTATUS WalkDir(PUNICODE_STRING Root)
            {
                LIST_ENTRY pending;                             // pool-allocated work list
                InitializeListHead(&pending);
                PushDir(&pending, Root);
                while (!IsListEmpty(&pending)) { ... PushDir(&pending, &child); }
            }
            """,
        Configuration: "None besides severity (`dotnet_diagnostic.SL2001.severity`).",
        Limitations: """
        **Which indirect calls bind.** A call through a function pointer counts only when the driver stores the target somewhere we see (MajorFunction tables, registration structures, fields, variables) or passes it along in one of the ways below. Other indirect calls are counted as unresolved (`stacklint callgraph --format json` lists them) and can hide a cycle.

        - A call through a struct member binds to every function the driver stores into that field, and to those stored into a variable of that name; a call through a variable binds to every function stored into a field or variable of its name. A field is the same member of the same record type: a filter's own hook table and its copy of another driver's connect data are different fields even when both members are named 'ServiceCallback'.
        - A call through an array element with a constant index (an integer, an enum constant or a macro that folds to one: `...->MajorFunction[IRP_MJ_READ]`) binds only to what was stored into that element and into elements whose index is not a constant (a loop filling the whole table). A variable index on either side may be any element, and so may an element of a pointer subscripted ('p->More[3]'). A slot written through another name ('PDRIVER_DISPATCH *t = D->MajorFunction; t[3] = F') is not seen.
        - A call through a field of a named global or static object reached with '.' (`g_Ops.Notify(...)`, `g_Tables[1].Notify(...)`) binds to what was stored into that object (by assignment or in its initializer) and to what was stored into the field through a pointer, which may be any object of the type. An object that is copied, passed, returned, has its address taken (of itself or a part) or a pointer field set from anything but a function's name or a constant may hold anything stored into that field of any object, and so does a call through a pointer or through an automatic object.
        - A routine passed to a function that calls through that parameter binds there (a walker calling its visitor binds to every visitor the driver passes in that position), also when it is handed on by name through the parameters of other functions first, any number of levels; not when it is handed on inside a structure, by address, or through another pointer call.
        - A routine passed to a helper that stores that parameter into a table or field ('g_Handlers[Kind] = Handler', 'Head->Func = Func') binds to a call through that table with any subscript, or through that field.
        - A routine handed as the context pointer of a DPC, timer, work item (also the ExInitializeWorkItem macro's 'Parameter' field, paired with the 'WorkerRoutine' stored in the same function), system thread, completion routine, PnP or processor-change notification, or another routine that gets one, binds to the calls the routine makes through that context parameter (`KeInitializeDpc(&Dpc, TimerDpc, (PVOID)Callback)`: TimerDpc calling through its DeferredContext calls Callback). The context's own fields are matched by field like any other store.
        - A call through a local the function copied a routine into ('PFN f = Queue->Func; f(q)', 'f = g_Table[i]', 'f = (PFN)Context', through other locals too) binds to what a call through each copied field, variable or parameter would. When one of the stores into that local brings something we cannot follow (a call's result, a dereference, a field nothing is stored into), the call stays unresolved rather than bound to part of its targets.
        - A function that calls through the field it is itself stored in (a code page's table calling its base table's routine, a filter calling the class driver's service callback it saved) is taken to hand on to another instance, not to recurse. The driver's own MajorFunction table is the exception when the index is not a constant ('MajorFunction[stack->MajorFunction]'); a handler that calls through its own constant slot (the create handler calling `Lower->DriverObject->MajorFunction[IRP_MJ_CREATE]`) hands on.

        **Recursion the code bounds** is reported as a note that gives the bound, not as a warning (clang-tidy's misc-no-recursion still counts it, and so do we). Five shapes are recognised:

        1. *A gate.* One function that every cycle passes through calls into the cycle only past a test of one of its parameters (outside loops, on a parameter it neither stores into before the test nor takes the address of), and every call back into it from the cycle passes a value that fails that test (NULL, a constant, an address, a pointer just tested not NULL, or a local set to a constant just before the call with no branch, loop or label between): the cycle goes round once; a self-recursion is the one-function case. The test may be of a local copied from what a parameter points to ('BOOLEAN enter = *(BOOLEAN*)Context;' with no branch between), and the value passed back the address of a local set to a constant just before the call with no other call between. A function of the cycle that passes its own parameter on unchanged (a walker handing its visitor the context it was given) is followed one step back to what its callers in the cycle pass (a store through that pointer in the walker is not seen).
        2. *A depth counter.* A self-recursion that passes a parameter on plus or minus a constant ('Layer - 1', 'Depth + 1') or a constant ('Walk(..., 0)', which starts the count again there), never stores into it (no '=', '+=', '++'), and recurses only while tests of it hold. The depth is the range the tests leave divided by the step. For an end no test gives (an `ASSERT` is no test: a free build drops it), the bound is what all other callers pass: a constant, or a local of theirs that only ever gets constants and steps the same way ('for (Layer = 4; Layer > 0; Layer--) Walk(..., Layer - 1)'; an unsigned one must be lowered only as a loop's increment whose condition keeps it at least the step, and the call must test it is at least what it subtracts); the note then says the bound rests on the callers and advises testing it in the function. An unsigned counter lowered past 0 with no such bound would wrap, so it stays a warning; depths over 1,000 stay warnings.
        3. *A field flag.* The gate calls into the cycle only while a field is zero ('if (!Vcb->Groups) Load(Vcb)'), each function it calls there goes on only after testing the field is not zero, and no other function of the cycle stores into a field of that name (a store elsewhere in the cycle into any member of that name counts against the bound, and a store of NULL or a constant into the field is not seen).
        4. *A re-entrancy guard.* The gate calls into the cycle only while a bit of a field is clear ('if (Log->Flags & ABORTED) return;'), sets that bit ('Log->Flags |= ABORTED;') before each such call with no branch between, and no function of the cycle clears it ('&= ~ABORTED') or stores another value into the field (setting a queue's 'Flags' bit does not guard a test of the device's; a store of a constant into the field is not seen).
        5. *State the cycle leaves behind.* The gate calls into the cycle only while a test of a field holds (a bit set or clear, or the field zero; written in place, through a bit helper, or on a local copied from the field before any store into it), and when the cycle comes back at least one such test fails for every call into the cycle: the gate made it so before the call (its own test, a store, a helper that leaves the bit set on every return, or a field filled from a value its tests prove non-zero when the field was zero: 'if (!V->Error || ...) V->Error = Status;' then 'if (Status != 0)'), or every path back passes another function of the cycle that makes it so before it goes on (a call that only runs past a test of a parameter that every caller in the cycle fails is no path), and nothing in the cycle or in what it calls, however deep, writes that field or bit otherwise. Several fields on different paths combine (an abort that goes on while its flag is clear, or while no error was recorded yet, and leaves both set).

        In shapes 3 to 5, the test and the store must name the same field: fields are told apart by the record type that declares them and their member name (as libclang gives the record's canonical type: an anonymous struct under its typedef name), not by object, so a bit set on one object and tested on another of the same type reads as the same bit, and a write of a member whose record libclang cannot tell counts against every field of that name. Bit helpers are small straight-line functions that only test, set or clear one bit of what an argument points to ('buffer_dirty(bh)' over 'test_bit(BH_Dirty, &bh->b_state)', or InterlockedOr, InterlockedAnd, InterlockedBitTestAndSet and their kin), folded in as if inlined; their stores into their own scalar parameters (word-index arithmetic such as 'nr &= 31') are ignored.

        **Not recognised, and so still warnings:** a bit or field written through a pointer the facts cannot name (a helper given a computed address, 'p = &x->Flags; *p |= K'), values compared with constants other than zero, and bounds that need arithmetic on what the cycle passes (an error code known to differ from the one that re-enters).

        **Not seen at all:** recursion through another driver (IoCallDriver down the stack and back). A call handed to KeExpandKernelStackAndCallout(Ex) runs on a new stack and does not close a cycle. Cycles are reported even when a guard makes them unreachable at run time.
        """,
        References: "- [clang-tidy misc-no-recursion](https://clang.llvm.org/extra/clang-tidy/checks/misc/no-recursion.html)\n- [KeExpandKernelStackAndCalloutEx](https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-keexpandkernelstackandcalloutex)\n- [Bug check 0x7F: UNEXPECTED_KERNEL_MODE_TRAP](https://learn.microsoft.com/windows-hardware/drivers/debugger/bug-check-0x7f--unexpected-kernel-mode-trap)",
        Tags: ["stack", "kernel", "recursion", "call-graph"],
        Precision: "high");

    public override IEnumerable<Finding> Analyze(ProgramAnalysis program, RuleContext context) =>
        Analyze(CallGraphAnalysis.For(program, context.Options));

    public IEnumerable<Finding> Analyze(CallGraphAnalysis analysis)
    {
        var graph = analysis.Graph;
        var components = analysis.Components;
        var findings = new List<Finding>();
        for (int c = 0; c < components.Count; c++)
        {
            if (!components.IsCyclic(c)) continue;
            // One finding per cycle, at its first member in source order.
            var members = components.Members(c).ToArray()
                .OrderBy(n => graph.Nodes[n].Definition!.Function.Location.Path, StringComparer.Ordinal)
                .ThenBy(n => graph.Nodes[n].Definition!.Function.Location.Line)
                .ThenBy(n => graph.Nodes[n].Definition!.Function.Location.Column)
                .ThenBy(n => n)
                .ToArray();
            var finder = new CycleFinder(graph, components, c);
            int node = members[0];
            var definition = graph.Nodes[node].Definition!;
            var cycle = finder.CycleThrough(node);
            var names = string.Join(" -> ", cycle.Select(e => $"'{graph.Nodes[e.Caller].Name}'").Append($"'{graph.Nodes[node].Name}'"));
            var chain = cycle.Select(e => new ChainStep(e.Location, CycleFinder.Describe(graph, e))).ToList();
            var onCycle = cycle.Select(e => e.Caller).ToHashSet();
            foreach (int other in members)
                if (!onCycle.Contains(other))
                    chain.Add(new ChainStep(graph.Nodes[other].Definition!.Function.Location, $"'{graph.Nodes[other].Name}' recurses with it too"));
            string count = members.Length > 1 ? $" ({members.Length:N0} functions recurse together)" : "";
            // A completion routine that sends its IRP again is a cycle only through the lower driver completing at once.
            bool resend = cycle.Any(e => e.Kind == CallEdgeKind.Callback);
            if (!resend && BoundedRecursion.Prove(graph, components, c) is { } bound)
            {
                // Bounded by its argument: still a recursion (as clang-tidy's misc-no-recursion says), but a note.
                string keep = bound.RestsOnCallers
                    ? "test the limit in the function itself (an ASSERT is no test in a free build), so the bound does not rest on its callers"
                    : "keep that test in front of the call";
                findings.Add(Finding.Create(Rule, definition.Function.Location, definition.Name, DiagnosticSeverity.Info, [.. chain],
                    definition.Name, names, count, "bounded: " + bound.Reason + "; " + keep));
                continue;
            }

            // A counter passed on ('Depth + 1') that the bounds above could not use gets the advice about counters.
            bool counter = members.Any(m => graph.CallsFrom(m).Any(e => components.ComponentOf(e.Callee) == c && e.Site is { } s && s.Arguments.Any(a => a.OffsetOf is not null && a.Type.Category != StackLint.Frontend.Facts.TypeCategory.Pointer)));
            string advice = resend
                ? "a completion routine that sends its IRP again runs the next send below the last one whenever the lower driver completes at once: return STATUS_MORE_PROCESSING_REQUIRED and send it again from the dispatch routine's loop or a work item"
                : counter
                    ? "a depth counter does not make this safe (nothing proves its bound fits the kernel stack): make it iterative with an explicit stack or work queue"
                    : "nothing in the code bounds its depth: make it iterative with an explicit stack or work queue";
            findings.Add(Finding.Create(Rule, definition.Function.Location, definition.Name, Rule.DefaultSeverity, [.. chain], definition.Name, names, count, advice));
        }
        return findings;
    }
}

/// <summary>
/// Finds a concrete cycle to show for each function of one cyclic component. Small components get the shortest
/// cycle through each member (a breadth-first search each); big ones would make that quadratic, so they get a walk
/// member -> root -> member over two search trees built once (a real cycle, not always the shortest).
/// </summary>
internal sealed class CycleFinder
{
    private const int ShortestCycleLimit = 64;

    private readonly ProgramCallGraph _graph;
    private readonly StronglyConnectedComponents _components;
    private readonly int _component;
    private readonly int _root;
    private readonly Dictionary<int, CallEdge>? _towardRoot;
    private readonly Dictionary<int, CallEdge>? _fromRoot;

    public CycleFinder(ProgramCallGraph graph, StronglyConnectedComponents components, int component)
    {
        _graph = graph;
        _components = components;
        _component = component;
        var members = components.Members(component);
        _root = members[0];
        if (members.Length <= ShortestCycleLimit) return;
        _fromRoot = SearchTree(forward: true);
        _towardRoot = SearchTree(forward: false);
    }

    public static string Describe(ProgramCallGraph graph, CallEdge edge)
    {
        string caller = graph.Nodes[edge.Caller].Name, callee = graph.Nodes[edge.Callee].Name;
        return edge.Kind switch
        {
            CallEdgeKind.ResolvedIndirect => $"'{caller}' calls '{callee}' through '{edge.Via}'",
            CallEdgeKind.Callback => $"'{caller}' registers '{callee}' ({edge.Via}), which can run below it",
            _ => $"'{caller}' calls '{callee}'",
        };
    }

    /// <summary>The edges of a cycle that starts and ends at node, staying inside the component.</summary>
    public List<CallEdge> CycleThrough(int node)
    {
        foreach (var edge in _graph.CallsFrom(node))
            if (edge.Callee == node) return [edge];
        if (_towardRoot is null || _fromRoot is null || node == _root)
            return ShortestPath(node, node);

        var walk = new List<CallEdge>();
        for (int at = node; at != _root; at = walk[^1].Callee)
            walk.Add(_towardRoot[at]);
        var back = new List<CallEdge>();
        for (int at = node; at != _root; at = back[^1].Caller)
            back.Add(_fromRoot[at]);
        back.Reverse();
        walk.AddRange(back);
        return walk;
    }

    /// <summary>Forward: for each member, the edge that reaches it from the root. Backward: the edge it takes toward the root.</summary>
    private Dictionary<int, CallEdge> SearchTree(bool forward)
    {
        var tree = new Dictionary<int, CallEdge>();
        var queue = new Queue<int>();
        queue.Enqueue(_root);
        while (queue.Count > 0)
        {
            int v = queue.Dequeue();
            foreach (var edge in forward ? _graph.CallsFrom(v) : _graph.CallersOf(v))
            {
                int next = forward ? edge.Callee : edge.Caller;
                if (next == _root || _components.ComponentOf(next) != _component || tree.ContainsKey(next)) continue;
                tree[next] = edge;
                queue.Enqueue(next);
            }
        }
        return tree;
    }

    /// <summary>Breadth-first from 'from' to 'to' inside the component; from == to gives the shortest cycle.</summary>
    private List<CallEdge> ShortestPath(int from, int to)
    {
        var parent = new Dictionary<int, CallEdge>();
        var queue = new Queue<int>();
        queue.Enqueue(from);
        CallEdge? closing = null;
        while (queue.Count > 0 && closing is null)
        {
            int v = queue.Dequeue();
            foreach (var edge in _graph.CallsFrom(v))
            {
                if (edge.Callee == to) { closing = edge; break; }
                if (_components.ComponentOf(edge.Callee) != _component || edge.Callee == from || parent.ContainsKey(edge.Callee)) continue;
                parent[edge.Callee] = edge;
                queue.Enqueue(edge.Callee);
            }
        }
        var path = new List<CallEdge>();
        for (CallEdge? e = closing; e is not null; e = e.Caller == from ? null : parent[e.Caller])
            path.Add(e);
        path.Reverse();
        return path;
    }
}
