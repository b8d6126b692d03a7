using System.Text;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Tests.Support;
using Xunit;
using Route = StackLint.Frontend.ClangParser.ParseRoute;

namespace StackLint.Tests.Frontend;

/// <summary>
/// The two parse shortcuts (shared precompiled headers, intrinsic stand-ins) must give exactly the facts a plain
/// parse gives; only the list of headers read may differ, since leaving headers out is the point.
/// </summary>
public sealed class ParseShortcutTests
{
    private static HeaderEnvironment Environment(TargetArch arch, bool noSystemHeaders, params string[] includeDirs) =>
        HeaderEnvironmentResolver.Resolve(new HeaderEnvironmentRequest(arch, null, [.. includeDirs], [], [], null, noSystemHeaders, null)
        {
            CacheDirectory = Path.Combine(Path.GetTempPath(), "stacklint-tests", "cache"),
        });

    private static string Comparable(TranslationUnitFacts facts) => FactsText.Of(facts with { IncludedFiles = [] });

    public static TheoryData<string, bool> Environments() => new()
    {
        { "x64", false },
        { "x86", false },
        { "x64", true },
    };

    [Theory]
    [MemberData(nameof(Environments))]
    public void Every_fixture_and_example_gets_the_facts_of_a_plain_parse(string arch, bool noSystemHeaders)
    {
        var environment = Environment(arch == "x86" ? TargetArch.X86 : TargetArch.X64, noSystemHeaders);
        var sources = Directory.GetFiles(RepoPaths.Fixtures, "*.c", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(RepoPaths.Combine("examples"), "*.c", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .ToList();
        var store = new PrecompiledHeaderStore(TempDir.Create(), buildOnFirstUse: true);
        using var plain = new ClangParser(null, intrinsicStandIns: false);
        using var shortcut = new ClangParser(store);
        var routes = new List<Route>();
        var differences = new StringBuilder();
        foreach (var source in sources)
        {
            var expected = plain.Parse(source, environment);
            var actual = shortcut.Parse(source, environment);
            routes.Add(shortcut.LastRoute);
            if (Comparable(expected) != Comparable(actual))
                differences.AppendLine($"  {source} ({shortcut.LastRoute})");
        }

        Assert.True(differences.Length == 0, "facts differ from a plain parse:\n" + differences);
        // The comparison means something only if the shortcuts were taken.
        Assert.True(routes.Count(r => r == Route.PrecompiledHeader) * 2 > routes.Count,
            $"precompiled header used for {routes.Count(r => r == Route.PrecompiledHeader)} of {routes.Count} files");
        Assert.True(store.Tally.Built >= 1);
    }

    private const string AvxDriver = """
        #include <ntifs.h>

        VOID ScaleBlock(float *values)
        {
            __m256 v = _mm256_loadu_ps(values);
            _mm256_storeu_ps(values, _mm256_add_ps(v, v));
        }

        VOID LeaveAvx(void)
        {
            UCHAR scratch[600];
            RtlZeroMemory(scratch, sizeof(scratch));
            _mm256_zeroupper();
        }
        """;

    private const string AvxCallOnly = """
        #include <ntifs.h>

        VOID LeaveAvx(void)
        {
            UCHAR scratch[600];
            RtlZeroMemory(scratch, sizeof(scratch));
            _mm256_zeroupper();
        }
        """;

    [Theory]
    [InlineData(AvxDriver)]
    [InlineData(AvxCallOnly)]
    public void A_file_that_uses_avx_intrinsics_is_parsed_with_the_real_headers(string code)
    {
        var environment = Environment(TargetArch.X64, noSystemHeaders: false);
        Assert.NotNull(environment.IntrinsicStandIns);
        var path = Path.Combine(TempDir.Create(), "avx.c");
        File.WriteAllText(path, code);
        using var plain = new ClangParser(null, intrinsicStandIns: false);
        using var shortcut = new ClangParser(new PrecompiledHeaderStore(TempDir.Create(), buildOnFirstUse: true));

        var expected = plain.Parse(path, environment);
        var actual = shortcut.Parse(path, environment);

        Assert.Equal(Route.Plain, shortcut.LastRoute);
        Assert.Empty(expected.Problems);
        Assert.Equal(Comparable(expected), Comparable(actual));
        Assert.Contains(actual.IncludedFiles, f => Path.GetFileName(f) == "avxintrin.h");
        Assert.Contains(actual.Functions.Single(f => f.Name == "LeaveAvx").Calls, c => c.CalleeName == "_mm256_zeroupper");
    }

    [Fact]
    public void A_header_with_definitions_the_facts_need_is_not_precompiled()
    {
        var dir = TempDir.Create();
        File.WriteAllText(Path.Combine(dir, "helpers.h"), """
            #pragma once
            static int HelperWithFrame(void) { char big[2048]; big[0] = 1; return big[0]; }
            """);
        var path = Path.Combine(dir, "driver.c");
        File.WriteAllText(path, "#include <ntddk.h>\n#include \"helpers.h\"\nint Use(void) { return HelperWithFrame(); }\n");
        var environment = Environment(TargetArch.X64, noSystemHeaders: false);
        var store = new PrecompiledHeaderStore(TempDir.Create(), buildOnFirstUse: true);
        using var plain = new ClangParser(null, intrinsicStandIns: false);
        using var shortcut = new ClangParser(store);

        var expected = plain.Parse(path, environment);
        var actual = shortcut.Parse(path, environment);

        Assert.Equal(Route.Lean, shortcut.LastRoute);
        Assert.Equal(1, store.Tally.Unusable);
        Assert.Contains(actual.Functions, f => f.Name == "HelperWithFrame");
        Assert.Equal(Comparable(expected), Comparable(actual));
    }

    [Fact]
    public void A_kept_precompiled_header_is_reused_and_rebuilt_when_a_header_in_it_changes()
    {
        var includeDir = TempDir.Create();
        var header = Path.Combine(includeDir, "blob.h");
        File.WriteAllText(header, "#pragma once\ntypedef struct _BLOB { UCHAR Bytes[100]; } BLOB;\n");
        var sourceDir = TempDir.Create();
        var path = Path.Combine(sourceDir, "driver.c");
        File.WriteAllText(path, "#include <ntddk.h>\n#include <blob.h>\nVOID Use(void) { BLOB b; b.Bytes[0] = 0; }\n");
        var environment = Environment(TargetArch.X64, noSystemHeaders: false, includeDir);
        var pchDir = TempDir.Create();

        TranslationUnitFacts ParseWithNewStore(out PrecompiledHeaderStore store, out Route route)
        {
            store = new PrecompiledHeaderStore(pchDir, buildOnFirstUse: true);
            using var parser = new ClangParser(store);
            var facts = parser.Parse(path, environment);
            route = parser.LastRoute;
            return facts;
        }

        var first = ParseWithNewStore(out var firstStore, out var firstRoute);
        var second = ParseWithNewStore(out var secondStore, out var secondRoute);
        File.WriteAllText(header, "#pragma once\ntypedef struct _BLOB { UCHAR Bytes[300]; } BLOB;\n");
        File.SetLastWriteTimeUtc(header, DateTime.UtcNow.AddSeconds(5));
        var third = ParseWithNewStore(out var thirdStore, out var thirdRoute);

        Assert.Equal((Route.PrecompiledHeader, 1, 0), (firstRoute, firstStore.Tally.Built, firstStore.Tally.Loaded));
        Assert.Equal((Route.PrecompiledHeader, 0, 1), (secondRoute, secondStore.Tally.Built, secondStore.Tally.Loaded));
        Assert.Equal((Route.PrecompiledHeader, 1, 0), (thirdRoute, thirdStore.Tally.Built, thirdStore.Tally.Loaded));
        Assert.Equal(100, first.Function("Use").Locals.Single().Type.Size);
        Assert.Equal(100, second.Function("Use").Locals.Single().Type.Size);
        Assert.Equal(300, third.Function("Use").Locals.Single().Type.Size);
        Assert.Contains(header, first.IncludedFiles);
        Assert.Contains(header, second.IncludedFiles);
    }

    [Fact]
    public void A_corrupt_kept_precompiled_header_is_rebuilt_and_the_facts_stay_the_same()
    {
        var path = Path.Combine(TempDir.Create(), "driver.c");
        File.WriteAllText(path, "#include <ntddk.h>\nVOID Use(void) { UCHAR b[700]; b[0] = 0; }\n");
        var environment = Environment(TargetArch.X64, noSystemHeaders: false);
        var pchDir = TempDir.Create();
        using (var parser = new ClangParser(new PrecompiledHeaderStore(pchDir, buildOnFirstUse: true)))
            parser.Parse(path, environment);
        var pch = Directory.GetFiles(pchDir, "*.pch").Single();
        File.WriteAllBytes(pch, File.ReadAllBytes(pch).AsSpan(0, 100_000).ToArray());
        using var plain = new ClangParser(null, intrinsicStandIns: false);
        var store = new PrecompiledHeaderStore(pchDir, buildOnFirstUse: true);
        using var shortcut = new ClangParser(store);

        var expected = plain.Parse(path, environment);
        var broken = shortcut.Parse(path, environment);
        var brokenRoute = shortcut.LastRoute;
        var rebuilt = shortcut.Parse(path, environment);

        Assert.Equal(Route.Lean, brokenRoute);
        Assert.Equal(Route.PrecompiledHeader, shortcut.LastRoute);
        Assert.Equal((1, 1), (store.Tally.Built, store.Tally.Loaded));
        Assert.Equal(Comparable(expected), Comparable(broken));
        Assert.Equal(Comparable(expected), Comparable(rebuilt));
        Assert.True(new FileInfo(pch).Length > 100_000);
    }

    [Fact]
    public void A_run_only_store_builds_a_header_when_the_second_file_asks_for_it()
    {
        var dir = TempDir.Create();
        var environment = Environment(TargetArch.X64, noSystemHeaders: false);
        var store = new PrecompiledHeaderStore(Path.Combine(TempDir.Create(), "pch"), buildOnFirstUse: false);
        using var parser = new ClangParser(store);
        var routes = new List<Route>();
        for (var i = 0; i < 3; i++)
        {
            var path = Path.Combine(dir, $"f{i}.c");
            File.WriteAllText(path, $"#include <ntddk.h>\nVOID F{i}(void) {{ }}\n");
            parser.Parse(path, environment);
            routes.Add(parser.LastRoute);
        }

        Assert.Equal([Route.Lean, Route.PrecompiledHeader, Route.PrecompiledHeader], routes);
        Assert.Equal(1, store.Tally.Built);
    }

    [Fact]
    public void A_prefix_only_one_file_of_the_run_uses_gets_no_precompiled_header_and_the_same_facts()
    {
        var dir = TempDir.Create();
        var environment = Environment(TargetArch.X64, noSystemHeaders: false);
        // Two files share <ntddk.h>; one starts with <ntifs.h> alone; one with a project header after the kernel header.
        File.WriteAllText(Path.Combine(dir, "proj.h"), "typedef struct _CTX { ULONG Id; UCHAR Data[64]; } CTX;\n");
        string[] texts =
        [
            "#include <ntddk.h>\nVOID A(void) { UCHAR b[300]; b[0] = 1; }\n",
            "// shared\n#include <ntddk.h>\nVOID B(void) { UCHAR b[700]; b[0] = 1; }\n",
            "#include <ntifs.h>\nVOID C(void) { UCHAR b[900]; b[0] = 1; }\n",
            "#include <ntddk.h>\n#include \"proj.h\"\nVOID D(void) { CTX c; c.Id = 1; }\n",
        ];
        var paths = texts.Select((text, i) => { var path = Path.Combine(dir, $"f{i}.c"); File.WriteAllText(path, text); return path; }).ToList();
        var sharing = PrecompiledHeaderStore.Sharing(paths.Select(p => (p, (IReadOnlyList<string>)environment.ArgumentsFor(p))));
        Assert.Equal([2, 2, 1, 1], paths.Select(p => sharing[p]));

        var store = new PrecompiledHeaderStore(Path.Combine(TempDir.Create(), "pch"), buildOnFirstUse: true);
        store.Plan(() => sharing);
        using var parser = new ClangParser(store);
        using var plain = new ClangParser(null, intrinsicStandIns: false);
        var routes = new List<Route>();
        foreach (var path in paths)
        {
            var facts = parser.Parse(path, environment);
            routes.Add(parser.LastRoute);
            Assert.Equal(Comparable(plain.Parse(path, environment)), Comparable(facts));
        }

        Assert.Equal([Route.PrecompiledHeader, Route.PrecompiledHeader, Route.Lean, Route.Lean], routes);
        Assert.Equal((1, 2), (store.Tally.Built, store.SingleUse));
    }

    [Fact]
    public void Prune_keeps_the_most_recently_used_entries()
    {
        var dir = TempDir.Create();
        for (var i = 0; i < PrecompiledHeaderStore.KeptEntries + 3; i++)
        {
            foreach (var extension in new[] { ".h", ".pch", ".json" })
            {
                var file = Path.Combine(dir, $"key{i:D2}{extension}");
                File.WriteAllText(file, "x");
                File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-100 + i));
            }
        }
        var leftover = Path.Combine(dir, "key99.pch.0123.tmp");
        File.WriteAllText(leftover, "x");
        File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow.AddHours(-1));

        new PrecompiledHeaderStore(dir, buildOnFirstUse: true).Prune(TimeSpan.FromMinutes(10));

        var left = Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(PrecompiledHeaderStore.KeptEntries * 3, left.Count);
        Assert.DoesNotContain("key00.pch", left);
        Assert.DoesNotContain("key02.json", left);
        Assert.Contains("key03.pch", left);
        Assert.DoesNotContain(Path.GetFileName(leftover), left);
    }

    [Theory]
    [InlineData("#include <ntddk.h>\n#include <ntstrsafe.h>\nint x;\n", "<ntddk.h>|<ntstrsafe.h>")]
    [InlineData("\uFEFF// Copyright\n/* multi\n   line */\n\n#include <wdm.h> // kernel\r\n#define X 1\n#include <ntstrsafe.h>\n", "<wdm.h>")]
    [InlineData("#include \"missing.h\"\n#include <wdm.h>\n", "")]
    [InlineData("#define WIN32_NO_STATUS\n#include <wdm.h>\n", "")]
    [InlineData("#  include   <wdm.h>\n#if DBG\n#include <ntstrsafe.h>\n#endif\n", "<wdm.h>")]
    [InlineData("/* never closed\n#include <wdm.h>\n", "")]
    public void Leading_includes_are_the_include_lines_a_file_starts_with(string text, string expected)
    {
        var includes = PrecompiledHeaderStore.LeadingIncludes(Encoding.UTF8.GetBytes(text), TempDir.Create());

        Assert.Equal(expected, string.Join('|', includes.Select(i => i["#include ".Length..])));
    }

    [Fact]
    public void A_quoted_leading_include_beside_the_source_is_made_absolute()
    {
        var dir = TempDir.Create();
        File.WriteAllText(Path.Combine(dir, "precomp.h"), "#pragma once\n");

        var includes = PrecompiledHeaderStore.LeadingIncludes("#include \"precomp.h\"\n#include <wdm.h>\n"u8, dir);

        Assert.Equal([$"#include \"{Path.Combine(dir, "precomp.h")}\"", "#include <wdm.h>"], includes.ToArray());
    }
}
