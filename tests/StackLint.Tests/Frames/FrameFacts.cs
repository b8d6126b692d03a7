using System.Collections.Immutable;
using ReportDiagnostic = Microsoft.CodeAnalysis.ReportDiagnostic;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules;
using StackLint.Rules.Model;

namespace StackLint.Tests.Frames;

/// <summary>Hand-built facts for frame tests: types with x64/x86 layouts and a small function builder.</summary>
internal static class T
{
    public static TypeLayout Int => new("int", TypeCategory.Scalar, 4, 4);
    public static TypeLayout Short => new("short", TypeCategory.Scalar, 2, 2);
    public static TypeLayout Char => new("char", TypeCategory.Scalar, 1, 1);
    public static TypeLayout LongLong => new("long long", TypeCategory.Scalar, 8, 8);
    public static TypeLayout Ptr(int size = 8) => new("void *", TypeCategory.Pointer, size, size);
    public static TypeLayout CharArray(long n) => new($"char[{n}]", TypeCategory.Array, n, 1);
    public static TypeLayout WcharArray(long n) => new($"WCHAR[{n}]", TypeCategory.Array, 2 * n, 2);
    public static TypeLayout Struct(string name, long size, long align) => new(name, TypeCategory.Record, size, align);
    public static TypeLayout Unknown(string name) => new(name, TypeCategory.Record, null, null);
}

internal sealed class FunctionBuilder(string name)
{
    private const string Path = "/src/driver.c";
    private readonly List<Parameter> parameters = [];
    private readonly List<BlockScope> scopes = [new(0, -1, SourceSpan.At(Path, 1, 1), false)];
    private readonly List<LocalVariable> locals = [];
    private readonly List<CallSite> calls = [];
    private readonly List<DynamicAllocation> dynamics = [];
    private readonly List<BodyNode> body = [new(0, -1, BodyNodeKind.Compound, BodyRole.None, 1, 1, null, -1, null)];
    private int line = 10;

    public FunctionBuilder Param(string n, TypeLayout type) { parameters.Add(new(n, type, SourceSpan.At(Path, 2, 10 + parameters.Count))); return this; }

    public FunctionBuilder Local(string n, TypeLayout type, int scope = 0) { locals.Add(new(n, type, scope, SourceSpan.At(Path, line++, 5), false)); return this; }

    public FunctionBuilder Vla(string n) { locals.Add(new(n, T.CharArray(0) with { Size = null }, 0, SourceSpan.At(Path, line, 5), true)); dynamics.Add(new(DynamicAllocationKind.VariableLengthArray, n, SourceSpan.At(Path, line++, 5), false)); return this; }

    public FunctionBuilder Alloca(bool inLoop, string callee = "_alloca") { dynamics.Add(new(DynamicAllocationKind.Alloca, callee, SourceSpan.At(Path, line++, 20), inLoop)); return this; }

    public FunctionBuilder Scope(int id, int parent) { scopes.Add(new(id, parent, SourceSpan.At(Path, line++, 3), false)); return this; }

    public FunctionBuilder Call(string callee, params TypeLayout[] args)
    {
        calls.Add(new(calls.Count, callee, "c:@F@" + callee, null, SourceSpan.At(Path, line++, 5), 0, false, [.. args.Select(a => new CallArgument(a, null))], null));
        return this;
    }

    /// <summary>A call with the given arguments (constants, variables, addresses).</summary>
    public FunctionBuilder CallWith(string callee, params CallArgument[] args)
    {
        calls.Add(new(calls.Count, callee, "c:@F@" + callee, null, SourceSpan.At(Path, line++, 5), 0, false, [.. args], null));
        return this;
    }

    /// <summary>A call whose arguments are integer constants (g6(1, 2, 3, 4, 5, 6)).</summary>
    public FunctionBuilder ConstCall(string callee, int count)
    {
        calls.Add(new(calls.Count, callee, "c:@F@" + callee, null, SourceSpan.At(Path, line++, 5), 0, false,
            [.. Enumerable.Range(1, count).Select(i => new CallArgument(T.Int, i))], null));
        return this;
    }

    public FunctionBuilder Returns(int count)
    {
        for (int i = 0; i < count; i++) body.Add(new(body.Count, 0, BodyNodeKind.Return, BodyRole.None, line++, 5, null, -1, null));
        return this;
    }

    public FunctionFacts Build() => new(
        name, "c:@F@" + name, Linkage.External, new SourceSpan(Path, 1, 10, 1, 10 + name.Length), true, "cdecl", false,
        [.. parameters], [.. scopes], [.. locals], [.. calls], [.. dynamics], [], [.. body], []);

    public FunctionInProgram InProgram(TargetArch arch = TargetArch.X64) => new(Build(), Unit(arch));

    public static TranslationUnitFacts Unit(TargetArch arch, params FunctionFacts[] functions) =>
        new(Path, arch, "mingw-w64", true, [.. functions], [], [], []);
}

internal sealed class TestOptions(params (string Key, string Value)[] values) : IRuleOptions
{
    private readonly Dictionary<string, string> map = values.ToDictionary(v => v.Key, v => v.Value);
    public string? GetValue(string sourcePath, string key) => map.GetValueOrDefault(key);
    public ReportDiagnostic? GetSeverity(string sourcePath, string ruleId) => null;
}

internal static class RuleRunner
{
    public static List<Finding> Run(FunctionRule rule, FunctionInProgram function, IRuleOptions? options = null) =>
        [.. rule.Analyze(function, new RuleContext(options ?? DefaultRuleOptions.Instance, function.Unit.Arch))];
}
