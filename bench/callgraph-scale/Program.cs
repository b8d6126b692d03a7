using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model;
using StackLint.Rules.Model.CallGraph;

namespace StackLint.Bench.CallGraphScale;

/// <summary>
/// Builds a synthetic driver of N functions with 5 calls each (mostly downward calls, half the functions chained to
/// the next one, 2% short back edges that close small cycles on those chains, some kernel imports and registered callbacks) from facts, then times linking, SCCs, stack contexts
/// and worst-case paths at 25k, 50k and 100k functions. Facts construction is not timed. Best of 5 runs each.
/// </summary>
public static class Program
{
    private const int CallsPerFunction = 5;
    private const int FunctionsPerFile = 200;
    private static readonly string[] Imports = ["ZwCreateFile", "ZwReadFile", "FltGetFileNameInformation", "ExAllocatePool2", "IoCallDriver"];

    public static int Main(string[] args)
    {
        // '--dot N' / '--json N': the export of a small synthetic program, to check it renders (dot -Tsvg).
        if (args.Length == 2 && args[0] is "--dot" or "--json")
        {
            var analysis = CallGraphAnalysis.Build(Build(int.Parse(args[1], CultureInfo.InvariantCulture)), f => 64 + (f.Locals.IsDefaultOrEmpty ? 0 : f.Locals[0].Type.Size ?? 0));
            if (args[0] == "--dot") CallGraphExport.WriteDot(Console.Out, analysis);
            else CallGraphExport.WriteJson(Console.Out, analysis);
            return 0;
        }
        int[] sizes = args.Length > 0 ? [.. args.Select(a => int.Parse(a, CultureInfo.InvariantCulture))] : [25_000, 50_000, 100_000];
        Console.WriteLine("functions  calls    link ms  scc ms  contexts ms  worst ms  total ms  cyclic functions  entries");
        var totals = new List<(int Size, double Ms)>();
        foreach (int size in sizes)
        {
            var program = Build(size);
            int calls = program.Functions.Sum(f => f.Function.Calls.Length);
            Measure(program); // warm-up: JIT and first-touch allocations
            var best = Enumerable.Range(0, 5).Select(_ => Measure(program)).MinBy(r => r.Total)!;
            totals.Add((size, best.Total));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{size,9}  {calls,7}  {best.Link,7:F1}  {best.Scc,6:F1}  {best.Contexts,11:F1}  {best.Worst,8:F1}  {best.Total,8:F1}  {best.Cyclic,16}  {best.Entries,7}"));
        }
        if (totals.Count > 1)
        {
            var (firstSize, firstMs) = totals[0];
            var (lastSize, lastMs) = totals[^1];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"time ratio {lastSize}/{firstSize}: {lastMs / firstMs:F2} for a size ratio of {(double)lastSize / firstSize:F2} (linear: equal)"));
        }
        return 0;
    }

    private sealed record Result(double Link, double Scc, double Contexts, double Worst, int Cyclic, int Entries)
    {
        public double Total => Link + Scc + Contexts + Worst;
    }

    private static Result Measure(ProgramAnalysis program)
    {
        var watch = Stopwatch.StartNew();
        var graph = ProgramCallGraph.Build(program);
        double link = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var scc = StronglyConnectedComponents.Compute(graph);
        double sccMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var contexts = StackContextMap.Compute(graph, scc);
        double contextMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var worst = WorstCaseStack.Compute(graph, scc, f => f.Locals.IsDefaultOrEmpty ? 64 : 64 + (f.Locals[0].Type.Size ?? 0));
        double worstMs = watch.Elapsed.TotalMilliseconds;
        int cyclic = 0;
        for (int i = 0; i < graph.NodeCount; i++) if (scc.IsInCycle(i)) cyclic++;
        GC.KeepAlive(worst);
        return new Result(link, sccMs, contextMs, worstMs, cyclic, contexts.EntryPoints.Length);
    }

    private static ProgramAnalysis Build(int count)
    {
        var random = new Random(20261121);
        var units = new List<TranslationUnitFacts>();
        var scope = ImmutableArray.Create(new BlockScope(0, -1, SourceSpan.At("", 1, 1), false));
        var int4 = new TypeLayout("int", TypeCategory.Scalar, 4, 4);
        for (int fileStart = 0; fileStart < count; fileStart += FunctionsPerFile)
        {
            string path = Path.Combine("C:\\synthetic", "dir" + (fileStart / 5000).ToString(CultureInfo.InvariantCulture), "file" + fileStart.ToString(CultureInfo.InvariantCulture) + ".c");
            var functions = ImmutableArray.CreateBuilder<FunctionFacts>();
            for (int i = fileStart; i < Math.Min(count, fileStart + FunctionsPerFile); i++)
            {
                var calls = ImmutableArray.CreateBuilder<CallSite>(CallsPerFunction);
                for (int c = 0; c < CallsPerFunction; c++)
                {
                    string callee;
                    double roll = random.NextDouble();
                    if (c == 0 && i + 1 < count && roll < 0.5) callee = Name(i + 1);               // a chain, so back edges close cycles
                    else if (roll < 0.02 && i > 5) callee = Name(i - random.Next(1, 6));            // back edge: a small cycle
                    else if (roll < 0.10) callee = Imports[random.Next(Imports.Length)];             // kernel import
                    else if (i + 1 < count) callee = Name(Math.Min(count - 1, i + 1 + random.Next(2000)));
                    else callee = Imports[0];
                    calls.Add(new CallSite(c, callee, "c:@F@" + callee, null, SourceSpan.At(path, i * 10 + c + 1, 5), 0, false, [new CallArgument(int4, null)], null));
                }
                var references = i % 1000 == 0
                    ? ImmutableArray.Create(new FunctionReference(Name(i + 1 < count ? i + 1 : i), null, SourceSpan.At(path, i * 10, 5), FunctionReferenceKind.CallArgument, "IoQueueWorkItem", null, 1, null))
                    : [];
                var locals = ImmutableArray.Create(new LocalVariable("buffer", new TypeLayout("char[]", TypeCategory.Array, random.Next(16, 400), 1), 0, SourceSpan.At(path, i * 10, 5), false));
                functions.Add(new FunctionFacts(Name(i), "c:@F@" + Name(i), Linkage.External, SourceSpan.At(path, i * 10, 1), true, "cdecl", false,
                    [], scope, locals, calls.MoveToImmutable(), [], references, [], []));
            }
            units.Add(new TranslationUnitFacts(path, TargetArch.X64, "synthetic", true, functions.ToImmutable(), [], [], []));
        }
        return new ProgramAnalysis("synthetic", TargetArch.X64, [.. units]);
    }

    private static string Name(int i) => "F" + i.ToString(CultureInfo.InvariantCulture);
}
