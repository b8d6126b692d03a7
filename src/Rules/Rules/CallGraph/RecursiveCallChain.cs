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
        messageFormat: "'{0}' calls itself recursively through {1}; a depth counter does not make this safe (nothing proves its bound fits the kernel stack): make it iterative with an explicit stack or work queue",
        category: RuleCategories.CallGraph,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "A cycle in the driver's call graph makes stack depth depend on input (directory depth, request chains), which a fixed 12-24 KB kernel stack cannot absorb.");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override RuleDocumentation Documentation { get; } = new(
        WhatItFinds: "Every function that lies on a cycle of the driver's call graph: direct recursion, mutual recursion across files of the same driver, and recursion through callbacks the driver registered itself (a completion routine that re-issues a request through the driver's own MajorFunction table). Each function of a cycle is reported once, at its name, with the cycle as related locations.",
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
        Limitations: "Calls through function pointers count only when the driver stores the target in a field or variable we see (MajorFunction tables, registration structures); other indirect calls are counted as unresolved and can hide a cycle. An indirect call is bound to every function the driver stores into a field or variable of the same name (`...->MajorFunction[IRP_MJ_READ]` to every dispatch routine, whatever the index), which can report a cycle a specific index would not close. Recursion through another driver (IoCallDriver down the stack and back) is not visible. A call handed to KeExpandKernelStackAndCallout(Ex) runs on a new stack and does not close a cycle. Cycles are reported even when a guard makes them unreachable at run time.",
        References: "- [clang-tidy misc-no-recursion](https://clang.llvm.org/extra/clang-tidy/checks/misc/no-recursion.html)\n- [KeExpandKernelStackAndCalloutEx](https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-keexpandkernelstackandcalloutex)\n- [Bug check 0x7F: UNEXPECTED_KERNEL_MODE_TRAP](https://learn.microsoft.com/windows-hardware/drivers/debugger/bug-check-0x7f--unexpected-kernel-mode-trap)",
        Tags: ["stack", "kernel", "recursion", "call-graph"],
        Precision: "high");

    public override IEnumerable<Finding> Analyze(ProgramAnalysis program, RuleContext context) =>
        Analyze(CallGraphAnalysis.Build(program));

    public IEnumerable<Finding> Analyze(CallGraphAnalysis analysis)
    {
        var graph = analysis.Graph;
        var components = analysis.Components;
        var findings = new List<Finding>();
        for (int c = 0; c < components.Count; c++)
        {
            if (!components.IsCyclic(c)) continue;
            var members = components.Members(c).ToArray();
            foreach (int node in members)
            {
                var definition = graph.Nodes[node].Definition!;
                var cycle = CycleFinder.ShortestCycleThrough(graph, components, node, members.Length);
                var names = string.Join(" -> ", cycle.Select(e => $"'{graph.Nodes[e.Caller].Name}'").Append($"'{graph.Nodes[node].Name}'"));
                var chain = cycle.Select(e => new ChainStep(e.Location, CycleFinder.Describe(graph, e))).ToImmutableArray();
                findings.Add(Finding.Create(Rule, definition.Function.Location, definition.Name, Rule.DefaultSeverity, chain, definition.Name, names));
            }
        }
        return findings;
    }
}

/// <summary>Finds a concrete cycle to show for a function of a cyclic component.</summary>
internal static class CycleFinder
{
    /// <summary>Components up to this size get the shortest cycle through each member (a BFS each); bigger ones a linear walk.</summary>
    private const int ShortestCycleLimit = 64;

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

    /// <summary>The edges of a cycle that starts and ends at node, staying inside its component.</summary>
    public static List<CallEdge> ShortestCycleThrough(ProgramCallGraph graph, StronglyConnectedComponents components, int node, int componentSize)
    {
        foreach (var edge in graph.CallsFrom(node))
            if (edge.Callee == node) return [edge];
        if (componentSize > ShortestCycleLimit)
            return WalkThroughRoot(graph, components, node);

        int component = components.ComponentOf(node);
        // Breadth-first from node back to node, inside the component: the shortest cycle reads best in a message.
        var parent = new Dictionary<int, CallEdge>();
        var queue = new Queue<int>();
        queue.Enqueue(node);
        CallEdge? closing = null;
        while (queue.Count > 0 && closing is null)
        {
            int v = queue.Dequeue();
            foreach (var edge in graph.CallsFrom(v))
            {
                if (edge.Callee == node) { closing = edge; break; }
                if (components.ComponentOf(edge.Callee) != component || parent.ContainsKey(edge.Callee)) continue;
                parent[edge.Callee] = edge;
                queue.Enqueue(edge.Callee);
            }
        }
        return Unwind(closing!, node, parent);
    }

    private static List<CallEdge> Unwind(CallEdge last, int node, Dictionary<int, CallEdge> parent)
    {
        var cycle = new List<CallEdge>();
        for (CallEdge? e = last; e is not null; e = e.Caller == node ? null : parent[e.Caller])
            cycle.Add(e);
        cycle.Reverse();
        return cycle;
    }

    /// <summary>
    /// For big components a BFS per member would be quadratic: go node -> root (the component's first member) along
    /// a backward BFS tree and root -> node along a forward one. A real closed walk, not always the shortest.
    /// </summary>
    private static List<CallEdge> WalkThroughRoot(ProgramCallGraph graph, StronglyConnectedComponents components, int node)
    {
        int component = components.ComponentOf(node);
        int root = components.Members(component)[0];
        var toRoot = new Dictionary<int, CallEdge>();   // v -> the edge v takes towards root
        var queue = new Queue<int>();
        queue.Enqueue(root);
        while (queue.Count > 0 && !toRoot.ContainsKey(node))
        {
            int v = queue.Dequeue();
            foreach (var edge in graph.CallersOf(v))
            {
                if (components.ComponentOf(edge.Caller) != component || edge.Caller == root || toRoot.ContainsKey(edge.Caller)) continue;
                toRoot[edge.Caller] = edge;
                queue.Enqueue(edge.Caller);
            }
        }
        var walk = new List<CallEdge>();
        int at = node;
        while (at != root) { var e = toRoot[at]; walk.Add(e); at = e.Callee; }
        if (node == root) return ShortestFrom(graph, components, root, node, component);
        walk.AddRange(ShortestFrom(graph, components, root, node, component));
        return walk;
    }

    private static List<CallEdge> ShortestFrom(ProgramCallGraph graph, StronglyConnectedComponents components, int from, int to, int component)
    {
        var parent = new Dictionary<int, CallEdge>();
        var queue = new Queue<int>();
        queue.Enqueue(from);
        CallEdge? closing = null;
        while (queue.Count > 0 && closing is null)
        {
            int v = queue.Dequeue();
            foreach (var edge in graph.CallsFrom(v))
            {
                if (edge.Callee == to) { closing = edge; break; }
                if (components.ComponentOf(edge.Callee) != component || edge.Callee == from || parent.ContainsKey(edge.Callee)) continue;
                parent[edge.Callee] = edge;
                queue.Enqueue(edge.Callee);
            }
        }
        return Unwind(closing!, from, parent);
    }
}
