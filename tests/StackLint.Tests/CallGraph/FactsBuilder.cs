using System.Collections.Immutable;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model;

namespace StackLint.Tests.CallGraph;

/// <summary>Hand-built facts for call-graph unit tests: no libclang involved.</summary>
internal static class FactsBuilder
{
    public static TypeLayout Bytes(long size) => new($"char[{size}]", TypeCategory.Array, size, 1);

    public static CallSite Call(string callee, int line = 1, params long?[] constants) =>
        new(0, callee, "c:@F@" + callee, null, SourceSpan.At("", line, 5), 0, false,
            [.. constants.Select(c => new CallArgument(new TypeLayout("int", TypeCategory.Scalar, 4, 4), c))], null);

    public static CallSite Indirect(string expression, int line = 1) =>
        new(0, null, null, expression, SourceSpan.At("", line, 5), 0, false, [], null);

    public static FunctionReference Assigned(string function, string target, string? recordType = null, int line = 1) =>
        new(function, "c:@F@" + function, SourceSpan.At("", line, 5), FunctionReferenceKind.Assignment, target, recordType, -1, null);

    public static FunctionReference Initialized(string function, string field, string recordType, int line = 1) =>
        new(function, "c:@F@" + function, SourceSpan.At("", line, 5), FunctionReferenceKind.Initializer, field, recordType, -1, null);

    public static FunctionReference Passed(string function, string api, int index, int line = 1) =>
        new(function, "c:@F@" + function, SourceSpan.At("", line, 5), FunctionReferenceKind.CallArgument, api, null, index, null);

    public static FunctionFacts Fn(
        string name,
        string path,
        int line,
        IEnumerable<CallSite>? calls = null,
        long frame = 0,
        IEnumerable<FunctionReference>? references = null,
        Linkage linkage = Linkage.External,
        bool inMainFile = true)
    {
        string usr = linkage == Linkage.External ? "c:@F@" + name : $"c:{PathTail(path)}@F@{name}";
        var locals = frame > 0
            ? ImmutableArray.Create(new LocalVariable("buffer", Bytes(frame), 0, SourceSpan.At(path, line + 1, 5), false))
            : [];
        var located = (calls ?? []).Select((c, i) => c with { Index = i, Location = c.Location with { Path = path } });
        var refs = (references ?? []).Select(r => r with { Location = r.Location with { Path = path }, EnclosingFunctionUsr = usr });
        return new FunctionFacts(name, usr, linkage, new SourceSpan(path, line, 1, line, 1 + name.Length), inMainFile, "cdecl", false,
            [], [new BlockScope(0, -1, SourceSpan.At(path, line, 1), false)], locals, [.. located], [], [.. refs], [], []);
    }

    private static string PathTail(string path) => path[(path.LastIndexOfAny(['/', '\\']) + 1)..];

    public static TranslationUnitFacts Unit(string path, params FunctionFacts[] functions) =>
        new(path, TargetArch.X64, "mingw-w64", true, [.. functions], [], [], []);

    public static TranslationUnitFacts Unit(string path, ImmutableArray<FunctionReference> globals, params FunctionFacts[] functions) =>
        new(path, TargetArch.X64, "mingw-w64", true, [.. functions], [.. globals.Select(r => r with { Location = r.Location with { Path = path } })], [], []);

    public static ProgramAnalysis Program(params TranslationUnitFacts[] units) => new("test", TargetArch.X64, [.. units]);

    public static ProgramAnalysis Program(TargetArch arch, params TranslationUnitFacts[] units) => new("test", arch, [.. units.Select(u => u with { Arch = arch })]);
}
