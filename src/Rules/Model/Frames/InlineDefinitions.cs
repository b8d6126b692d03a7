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

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TranslationUnitFacts, InlineDefinitions> Known = new();

    private readonly Dictionary<string, FunctionFacts> byUsr;

    private InlineDefinitions(TranslationUnitFacts unit)
    {
        byUsr = new Dictionary<string, FunctionFacts>(StringComparer.Ordinal);
        foreach (var function in unit.Functions.IsDefault ? [] : unit.Functions)
            if (function.Inlining == FunctionInlining.ForceInline && function.Usr.Length > 0)
                byUsr.TryAdd(function.Usr, function);
    }

    /// <summary>The definitions of a unit, computed once per unit.</summary>
    public static InlineDefinitions Of(TranslationUnitFacts unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return Known.GetValue(unit, static u => new InlineDefinitions(u));
    }

    public bool IsEmpty => byUsr.Count == 0;

    /// <summary>The force-inlined definition a call expands, or null when it is a real call.</summary>
    public FunctionFacts? Resolve(CallSite call) =>
        call.CalleeUsr is { } usr && byUsr.TryGetValue(usr, out var callee) ? callee : null;

    /// <summary>
    /// Every force-inlined copy a function's frame holds: its calls to such helpers, and theirs, in call order (depth
    /// first). A helper that reaches itself again (a cycle, which the compiler refuses to inline) is not expanded a
    /// second time on the same chain. An explicit stack, so nesting in the input never becomes depth of ours.
    /// </summary>
    public ImmutableArray<InlinedCopy> Expand(FunctionFacts function)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (byUsr.Count == 0 || function.Calls.IsDefaultOrEmpty) return [];
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
                if (Resolve(calls[i]) is not { } callee || chain.Depth >= MaxDepth || chain.Contains(callee.Usr)) continue;
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
