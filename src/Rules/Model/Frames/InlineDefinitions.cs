using System.Collections.Immutable;
using StackLint.Frontend.Facts;

namespace StackLint.Rules.Model.Frames;

/// <summary>One force-inlined copy of a helper in a function's frame: the helper, and the call in the function it expands (for a nested helper, the outermost call).</summary>
public sealed record InlinedCopy(FunctionFacts Callee, CallSite Site);

/// <summary>
/// The force-inlined definitions (FORCEINLINE, __forceinline, always_inline) of one translation unit, by USR, and the
/// expansion of a function's calls to them. Looked up in the caller's own unit: that is the definition the compiler
/// inlined there (a header compiled under other macros in another unit may define it differently).
/// </summary>
public sealed class InlineDefinitions
{
    /// <summary>Inlined copies one function may hold before the expansion stops (a guard against pathological input, far above real code).</summary>
    internal const int MaxCopies = 4096;

    /// <summary>How deep force-inlined helpers may nest (the WDK's deepest chains are a handful).</summary>
    internal const int MaxDepth = 32;

    private readonly Dictionary<string, FunctionFacts> byUsr;
    private readonly Dictionary<string, FunctionFacts> optimizedByUsr;

    private InlineDefinitions(TranslationUnitFacts unit)
    {
        byUsr = new Dictionary<string, FunctionFacts>(StringComparer.Ordinal);
        var functions = unit.Functions.IsDefault ? [] : unit.Functions;
        foreach (var function in functions)
            if (function.Inlining == FunctionInlining.ForceInline && function.Usr.Length > 0)
                byUsr.TryAdd(function.Usr, function);

        // What an optimizing build inlines as well: a static function of the unit called from exactly one place and
        // never used as a value (LLVM inlines a function whose only use is one call, whatever its size).
        var callCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var function in functions)
        {
            foreach (var call in function.Calls.IsDefault ? [] : function.Calls)
                if (call.CalleeUsr is { } usr) callCounts[usr] = callCounts.GetValueOrDefault(usr) + 1;
            foreach (var reference in function.FunctionReferences.IsDefault ? [] : function.FunctionReferences)
                if (reference.FunctionUsr is { } usr) referenced.Add(usr);
        }
        foreach (var reference in unit.GlobalFunctionReferences.IsDefault ? [] : unit.GlobalFunctionReferences)
            if (reference.FunctionUsr is { } usr) referenced.Add(usr);
        // Small static functions too, whatever their number of calls: LLVM's inline cost (threshold 225 at -O2, about
        // five per instruction) takes a short body. Fitted on the real-code corpus by which static functions that the
        // unit calls from several places have no -O2 body of their own (every call inlined): a skeleton of at most
        // SmallBodyNodes control nodes with at most SmallBodyCalls calls separates them best.
        optimizedByUsr = new Dictionary<string, FunctionFacts>(byUsr, StringComparer.Ordinal);
        foreach (var function in functions)
        {
            if (function.Usr.Length == 0 || !function.DynamicAllocations.IsDefaultOrEmpty || function.IsVariadic) continue;
            int calls = callCounts.GetValueOrDefault(function.Usr);
            if (calls == 0) continue;
            bool small = IsSmall(function);
            if (function.Linkage == Linkage.Internal && !referenced.Contains(function.Usr))
            {
                if (calls == 1 || small) optimizedByUsr.TryAdd(function.Usr, function);
            }
            // External functions the unit calls are inlined by the same cost rule (their own body stays for other units).
            else if (small && function.Linkage == Linkage.External)
                optimizedByUsr.TryAdd(function.Usr, function);
        }
    }

    private const int SmallBodyNodes = 23;
    private const int SmallBodyCalls = 4;

    private static bool IsSmall(FunctionFacts function) =>
        (function.Body.IsDefault ? 0 : function.Body.Length) <= SmallBodyNodes && (function.Calls.IsDefault ? 0 : function.Calls.Length) <= SmallBodyCalls;

    /// <summary>The definitions of a unit (a program keeps one per unit in <see cref="ProgramFrames"/>).</summary>
    public static InlineDefinitions Of(TranslationUnitFacts unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return new InlineDefinitions(unit);
    }


    /// <summary>The force-inlined definition a call expands, or null when it is a real call.</summary>
    public FunctionFacts? Resolve(CallSite call) => Resolve(call, byUsr);

    /// <summary>The definition an optimizing build inlines at a call: force-inlined ones, single-call and small static functions.</summary>
    public FunctionFacts? ResolveOptimized(CallSite call) => Resolve(call, optimizedByUsr);

    private static FunctionFacts? Resolve(CallSite call, Dictionary<string, FunctionFacts> definitions) =>
        call.CalleeUsr is { } usr && definitions.TryGetValue(usr, out var callee) ? callee : null;

    /// <summary>
    /// Every force-inlined copy a function's frame holds: its calls to such helpers, and theirs, in call order (depth
    /// first). A helper that reaches itself again (a cycle, which the compiler refuses to inline) is not expanded a
    /// second time on the same chain. An explicit stack, so nesting in the input never becomes depth of ours.
    /// </summary>
    public ImmutableArray<InlinedCopy> Expand(FunctionFacts function) => Expand(function, byUsr);

    /// <summary>The copies an optimizing build makes: <see cref="Expand(FunctionFacts)"/> plus single-call and small static functions.</summary>
    public ImmutableArray<InlinedCopy> ExpandOptimized(FunctionFacts function) => Expand(function, optimizedByUsr);

    private static ImmutableArray<InlinedCopy> Expand(FunctionFacts function, Dictionary<string, FunctionFacts> definitions)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (definitions.Count == 0 || function.Calls.IsDefaultOrEmpty) return [];
        var copies = ImmutableArray.CreateBuilder<InlinedCopy>();
        var stack = new Stack<(FunctionFacts Function, Chain Chain, CallSite? Site)>();
        stack.Push((function, new Chain(function.Usr, null, 0), null));
        while (stack.Count > 0 && copies.Count < MaxCopies)
        {
            var (current, chain, outerSite) = stack.Pop();
            var calls = current.Calls.IsDefault ? [] : current.Calls;
            // Pushed in reverse so they pop in call order.
            for (int i = calls.Length - 1; i >= 0; i--)
            {
                if (Resolve(calls[i], definitions) is not { } callee || chain.Depth >= MaxDepth || chain.Contains(callee.Usr)) continue;
                stack.Push((callee, new Chain(callee.Usr, chain, chain.Depth + 1), outerSite ?? calls[i]));
            }
            if (outerSite is not null) copies.Add(new InlinedCopy(current, outerSite));
        }
        return copies.ToImmutable();
    }

    private sealed record Chain(string Usr, Chain? Parent, int Depth)
    {
        public bool Contains(string usr)
        {
            for (var c = this; c is not null; c = c.Parent)
                if (string.Equals(c.Usr, usr, StringComparison.Ordinal)) return true;
            return false;
        }
    }
}
