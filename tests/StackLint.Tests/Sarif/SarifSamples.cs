using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules;
using StackLint.Rules.Frames;
using StackLint.Sarif;
using StackLint.Sarif.Model;

namespace StackLint.Tests.Sarif;

/// <summary>
/// Hand-made findings over a small in-memory driver: several files (one with a space and non-ASCII characters
/// in its path, one outside the source root), a recursion chain, a suppressed finding, every level, and tool
/// notifications. Sources are served from a dictionary, so nothing depends on the machine's file system.
/// </summary>
internal static class SarifSamples
{
    public const string Root = "/work/drv";
    public const string Filter = Root + "/filter.c";
    public const string Odd = Root + "/sub dir/n\u00e4me #1.c";
    public const string Outside = "/opt/wdk/inc/km/wdm.h";

    /// <summary>Test-only descriptors with x9xx ids no real rule takes, so merging real rules leaves these tests alone; SL1002 is the real one.</summary>
    public static readonly DiagnosticDescriptor FrameRule = RuleDescriptors.Create(
        "SL1901", "Large stack frame", "'{0}' uses an estimated {1:N0} bytes of stack (limit {2:N0})", RuleCategories.Frames,
        DiagnosticSeverity.Error, "A function whose estimated frame exceeds the frame threshold.");

    public static readonly DiagnosticDescriptor RecursionRule = RuleDescriptors.Create(
        "SL2901", "Recursive call chain", "'{0}' is recursive through {1} function(s); kernel stacks cannot grow", RuleCategories.CallGraph,
        DiagnosticSeverity.Warning, "A cycle in the call graph: its stack use is unbounded.");

    public static readonly DiagnosticDescriptor InfoRule = RuleDescriptors.Create(
        "SL3901", "Stack-hungry call", "'{0}' calls '{1}' with {2:N0} bytes of stack already in use", RuleCategories.StackHungryCalls,
        DiagnosticSeverity.Info, "A call known to need a lot of stack.");

    public static readonly DiagnosticDescriptor BufferRule = RuleCatalog.Find(LargeStackBuffer.DiagnosticId)!.Descriptor;

    public static string FilterSource(int insertedLines = 0, string pathLine = "    WCHAR path[260];") =>
        string.Concat(Enumerable.Repeat("// inserted\n", insertedLines)) + $$"""
        #include <ntddk.h>

        NTSTATUS
        QueryName(PFLT_CALLBACK_DATA Data)
        {
        {{pathLine}}
            UCHAR sense[600];
            return Walk(Data, 0);
        }

        NTSTATUS Walk(PVOID Node, int Depth)
        {
            return Walk(Node, Depth + 1);
        }
        """.Replace("\r\n", "\n");

    public const string OddSource = "void Caf\u00e9(void)\n{\n    char \u00e9t\u00e9[1024]; char b[600];\n}\n";

    public static Dictionary<string, string> Sources(int insertedLines = 0) => new(StringComparer.Ordinal)
    {
        [Filter] = FilterSource(insertedLines),
        [Odd] = OddSource,
    };

    /// <summary>The findings of the sample, with line numbers shifted when lines were inserted above them.</summary>
    public static List<Finding> Findings(int insertedLines = 0, long pathSize = 520)
    {
        int s = insertedLines;
        return
        [
            Finding.Create(BufferRule, new SourceSpan(Filter, 6 + s, 11, 6 + s, 15), "QueryName", "'path'", "QueryName", pathSize, "array", 512L),
            Finding.Create(BufferRule, new SourceSpan(Filter, 7 + s, 11, 7 + s, 16), "QueryName", "'sense'", "QueryName", 600L, "array", 512L) with
            {
                Suppression = new InSourceSuppression("bounded by the miniport's contract"),
            },
            Finding.Create(FrameRule, SourceSpan.At(Filter, 4 + s, 1), "QueryName", DiagnosticSeverity.Error, [], "QueryName", 1_650L, 1_024L),
            Finding.Create(
                RecursionRule,
                SourceSpan.At(Filter, 11 + s, 10),
                "Walk",
                DiagnosticSeverity.Warning,
                [
                    new ChainStep(SourceSpan.At(Filter, 8 + s, 12), "'QueryName' calls 'Walk' here"),
                    new ChainStep(SourceSpan.At(Filter, 13 + s, 12), "'Walk' calls itself here"),
                    new ChainStep(SourceSpan.At(Outside, 4000, 1), "declared in 'wdm.h'"),
                ],
                "Walk", 1),
            Finding.Create(BufferRule, new SourceSpan(Odd, 3, 10, 3, 15), "Caf\u00e9", "'\u00e9t\u00e9'", "Caf\u00e9", 1_024L, "array", 512L),
            Finding.Create(BufferRule, new SourceSpan(Odd, 3, 28, 3, 29), "Caf\u00e9", "'b'", "Caf\u00e9", 600L, "array", 512L),
            Finding.Create(InfoRule, SourceSpan.At(Outside, 120, 5), "KeBugCheckEx", DiagnosticSeverity.Info, [], "KeBugCheckEx", "IoCallDriver", 9_000L),
        ];
    }

    public static readonly ImmutableArray<ToolNotification> Notifications =
    [
        new(Root + "/broken.c", "warning", "'broken.c' was analyzed with 1 parse error(s); results may be incomplete: broken.c(3,10): 'wdf.h' file not found", 3, 10, ToolNotification.ParsedWithErrors),
        new(Root + "/binary.c", "error", "'binary.c' was not analyzed: binary content", null, null, ToolNotification.NotAnalyzed),
        new(Root + "/skipped.cpp", "warning", "1 C++ source file(s) not analyzed, StackLint analyzes C only: skipped.cpp", null, null, ToolNotification.CppPartlyCovered),
        new(Filter, "note", "Unused suppression of SL1003 (no finding on that line)", 2, null, ToolNotification.UnusedSuppressionCode),
    ];

    public static SarifOptions Options(int insertedLines = 0, string? category = "drivers") => new()
    {
        SourceRoot = Root,
        Category = category,
        ToolVersion = "0.1.0",
        Notifications = Notifications,
        ReadSource = Reader(Sources(insertedLines)),
    };

    /// <summary>A source reader over texts by path (a path not among them cannot be read).</summary>
    public static Func<string, SourceFile?> Reader(IReadOnlyDictionary<string, string> texts) =>
        path => texts.TryGetValue(path, out var text) ? SourceFile.FromText(path, text) : null;

    public static SarifLog Build(int insertedLines = 0, long pathSize = 520) =>
        SarifBuilder.Build(Findings(insertedLines, pathSize), RuleCatalog.All, Options(insertedLines));

    /// <summary>A log with all four baseline states: unchanged, updated (a size changed), new, and absent.</summary>
    public static SarifLog BuildWithBaseline()
    {
        var before = Findings();
        before.Add(Finding.Create(BufferRule, new SourceSpan(Filter, 2, 1, 2, 5), "Gone", "'old'", "Gone", 4_096L, "array", 512L));
        var baselineLog = SarifBuilder.Build(before.Where(f => f.RuleId != "SL3901").ToList(), RuleCatalog.All, Options());
        var current = SarifBuilder.Build(Findings(insertedLines: 10, pathSize: 1_040), RuleCatalog.All, Options(insertedLines: 10));
        return Baseline.FromLog(baselineLog, "baseline.sarif").Apply(current);
    }
}
