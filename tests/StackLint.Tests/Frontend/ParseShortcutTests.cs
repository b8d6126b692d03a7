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
    public void A_project_header_with_definitions_the_facts_need_is_parsed_after_the_precompiled_kernel_headers()
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

        Assert.Equal(Route.PrecompiledHeader, shortcut.LastRoute);
        Assert.Equal((1, 0), (store.Tally.Built, store.Tally.Unusable));
        Assert.Contains(actual.Functions, f => f.Name == "HelperWithFrame");
        Assert.Equal(Comparable(expected), Comparable(actual));
    }

    /// <summary>
    /// A driver's files usually reach the kernel headers through a project header: a guard, a conditional default,
    /// a define that a kernel header reads, then the system includes. The prefix takes all of it, and every file
    /// of the project shares one precompiled header with the facts of a plain parse.
    /// </summary>
    [Fact]
    public void Files_that_reach_the_kernel_headers_through_a_project_header_share_one_precompiled_header()
    {
        var dir = TempDir.Create();
        File.WriteAllText(Path.Combine(dir, "precomp.h"), """
            /* project header */
            #ifndef _PRECOMP_H_
            #define _PRECOMP_H_
            #if !defined(DRIVER_POOL_TAG)
            #define DRIVER_POOL_TAG 'vrDx'
            #endif
            #define NTSTRSAFE_LIB
            #include <ntddk.h>
            #include <ntstrsafe.h>
            typedef struct _DEVICE_CONTEXT { UCHAR Buffer[DRIVER_BUFFER_SIZE]; } DEVICE_CONTEXT;
            static int Helper(void) { char scratch[700]; scratch[0] = 1; return scratch[0]; }
            #endif
            """);
        string[] texts =
        [
            "#define DRIVER_BUFFER_SIZE 96\n#include \"precomp.h\"\nVOID A(void) { DEVICE_CONTEXT c; c.Buffer[0] = (UCHAR)Helper(); }\n",
            "#define DRIVER_BUFFER_SIZE 96\n#include \"precomp.h\"\nVOID B(void) { WCHAR name[64]; RtlStringCchCopyW(name, 64, L\"x\"); }\n",
        ];
        var paths = texts.Select((text, i) => { var path = Path.Combine(dir, $"f{i}.c"); File.WriteAllText(path, text); return path; }).ToList();
        var environment = Environment(TargetArch.X64, noSystemHeaders: false);
        var store = new PrecompiledHeaderStore(TempDir.Create(), buildOnFirstUse: true);
        using var plain = new ClangParser(null, intrinsicStandIns: false);
        using var shortcut = new ClangParser(store);

        foreach (var path in paths)
        {
            var expected = plain.Parse(path, environment);
            var actual = shortcut.Parse(path, environment);
            Assert.Equal(Route.PrecompiledHeader, shortcut.LastRoute);
            Assert.Empty(expected.Problems);
            Assert.Equal(Comparable(expected), Comparable(actual));
        }

        Assert.Equal(1, store.Tally.Built);
        Assert.Equal(96, shortcut.Parse(paths[0], environment).Function("A").Locals.Single().Type.Size);
    }

    /// <summary>
    /// Parsed after a precompiled <c>ntddk.h</c>, the <c>#ifdef STATUS_SUCCESS</c> block before it would be taken
    /// and bring in a function the plain parse never sees: the kernel headers define a name the prefix tests.
    /// </summary>
    [Fact]
    public void A_prefix_that_tests_a_name_the_kernel_headers_define_is_parsed_without_the_precompiled_header()
    {
        var dir = TempDir.Create();
        var environment = Environment(TargetArch.X64, noSystemHeaders: false);
        var texts = new[]
        {
            "#ifdef STATUS_SUCCESS\n#define AFTER_KERNEL 1\n#endif\n#include <ntddk.h>\n#ifdef AFTER_KERNEL\nVOID Extra(void) { UCHAR b[900]; b[0] = 0; }\n#endif\nVOID A(void) { }\n",
            "#ifdef STATUS_SUCCESS\n#define AFTER_KERNEL 1\n#endif\n#include <ntddk.h>\nVOID B(void) { }\n",
        };
        var paths = texts.Select((text, i) => { var path = Path.Combine(dir, $"f{i}.c"); File.WriteAllText(path, text); return path; }).ToList();
        var store = new PrecompiledHeaderStore(TempDir.Create(), buildOnFirstUse: true);
        using var plain = new ClangParser(null, intrinsicStandIns: false);
        using var shortcut = new ClangParser(store);

        foreach (var path in paths)
        {
            var expected = plain.Parse(path, environment);
            var actual = shortcut.Parse(path, environment);
            Assert.Equal(Route.Lean, shortcut.LastRoute);
            Assert.Equal(Comparable(expected), Comparable(actual));
        }

        Assert.DoesNotContain(plain.Parse(paths[0], environment).Functions, f => f.Name == "Extra");
        Assert.Equal(2, store.DependentPrefix);
    }

    [Fact]
    public void A_kept_precompiled_header_is_reused_and_rebuilt_when_a_header_in_it_changes()
    {
        var includeDir = TempDir.Create();
        var header = Path.Combine(includeDir, "blob.h");
        File.WriteAllText(header, "#pragma once\n#define BLOB_SIZE 100\n#include <ntstrsafe.h>\n");
        var sourceDir = TempDir.Create();
        var path = Path.Combine(sourceDir, "driver.c");
        File.WriteAllText(path, "#include <ntddk.h>\n#include <blob.h>\nVOID Use(void) { UCHAR b[BLOB_SIZE]; b[0] = 0; }\n");
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
        File.WriteAllText(header, "#pragma once\n#define BLOB_SIZE 300\n#include <ntstrsafe.h>\n");
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
        // Four files start with <ntddk.h> (one puts a project header after it, one <ntstrsafe.h>); one starts with <ntifs.h> alone.
        File.WriteAllText(Path.Combine(dir, "proj.h"), "typedef struct _CTX { ULONG Id; UCHAR Data[64]; } CTX;\n");
        string[] texts =
        [
            "#include <ntddk.h>\nVOID A(void) { UCHAR b[300]; b[0] = 1; }\n",
            "// shared\n#include <ntddk.h>\nVOID B(void) { UCHAR b[700]; b[0] = 1; }\n",
            "#include <ntifs.h>\nVOID C(void) { UCHAR b[900]; b[0] = 1; }\n",
            "#include <ntddk.h>\n#include \"proj.h\"\nVOID D(void) { CTX c; c.Id = 1; }\n",
            "#include <ntddk.h>\n#include <ntstrsafe.h>\nVOID E(void) { WCHAR s[80]; RtlStringCchCopyW(s, 80, L\"e\"); }\n",
        ];
        var paths = texts.Select((text, i) => { var path = Path.Combine(dir, $"f{i}.c"); File.WriteAllText(path, text); return path; }).ToList();
        var sharing = PrecompiledHeaderStore.Sharing(paths.Select(p => (p, (IReadOnlyList<string>)environment.ArgumentsFor(p))));
        // The last file's whole prefix (<ntddk.h>, <ntstrsafe.h>) is its own; its first part is shared.
        Assert.Equal([4, 4, 1, 4, 4], paths.Select(p => sharing[p].Sharers));

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

        Assert.Equal([Route.PrecompiledHeader, Route.PrecompiledHeader, Route.Lean, Route.PrecompiledHeader, Route.PrecompiledHeader], routes);
        Assert.Equal((1, 1), (store.Tally.Built, store.SingleUse));
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

    [Fact]
    public void A_kept_guard_verdict_is_used_while_its_header_is_unchanged_and_worked_out_again_otherwise()
    {
        var systemDir = TempDir.Create();
        var header = Path.Combine(systemDir, "sys.h");
        File.WriteAllText(header, "#ifndef SYS_H\n#define SYS_H\nint s;\n#endif\n");
        File.SetLastWriteTimeUtc(header, DateTime.UtcNow.AddMinutes(-5));
        var source = Path.Combine(TempDir.Create(), "driver.c");
        var content = Encoding.UTF8.GetBytes("#include <sys.h>\nint x;\n");
        string[] arguments = ["-isystem", systemDir];
        var pchDir = TempDir.Create();
        var kept = Path.Combine(pchDir, "guarded-headers.txt");
        Func<string, string, System.Collections.Immutable.ImmutableArray<string>?> build = (_, output) =>
        {
            File.WriteAllText(output, "pch");
            return [header];
        };
        bool Offered()
        {
            var store = new PrecompiledHeaderStore(pchDir, buildOnFirstUse: true);
            var offered = store.For(source, content, arguments, "clang", build) is not null;
            store.Prune(TimeSpan.FromMinutes(10));
            return offered;
        }

        Assert.True(Offered());
        var line = $"\t{new FileInfo(header).Length}\t{new FileInfo(header).LastWriteTimeUtc.Ticks}\t{header}\n";
        Assert.Equal("stacklint-guarded-headers 1\n1" + line, File.ReadAllText(kept));

        // The kept verdict is taken as it is while the header keeps its size and write time (here a made-up "not guarded").
        File.WriteAllText(kept, "stacklint-guarded-headers 1\n0" + line);
        Assert.False(Offered());

        // A header written since is read again, and so is every header when the file is damaged or of another format.
        File.SetLastWriteTimeUtc(header, DateTime.UtcNow.AddMinutes(-1));
        Assert.True(Offered());
        Assert.StartsWith("stacklint-guarded-headers 1\n1\t", File.ReadAllText(kept));
        foreach (var damaged in new[] { "stacklint-guarded-headers 1\n0\tsize" + line, "stacklint-guarded-headers 1\n0" + line[..^1], "other\n0" + line })
        {
            File.WriteAllText(kept, damaged);
            Assert.True(Offered());
        }

        // Pruning keeps the file however old it is.
        File.SetLastWriteTimeUtc(kept, DateTime.UtcNow.AddHours(-100));
        new PrecompiledHeaderStore(pchDir, buildOnFirstUse: true).Prune(TimeSpan.FromMinutes(10));
        Assert.True(File.Exists(kept));
    }

    [Theory]
    [InlineData("#include <ntddk.h>\n#include <ntstrsafe.h>\nint x;\n", "#include <ntddk.h>|#include <ntstrsafe.h>", "", "")]
    [InlineData("\uFEFF// Copyright\n/* multi\n   line */\n\n#include <wdm.h> // kernel\r\n#define X 1\nint y;\n", "#include <wdm.h>", "", "")]
    [InlineData("#include \"missing.h\"\n#include <wdm.h>\n", "", "", "")]
    [InlineData("#define WIN32_NO_STATUS\n#include <wdm.h>\n", "#define WIN32_NO_STATUS|#include <wdm.h>", "", "")]
    [InlineData("#  include   <wdm.h>\n#if DBG\n#include <ntstrsafe.h>\n#endif\n", "#include <wdm.h>", "", "")]
    [InlineData("#if DBG\n#define TRACE 1\n#else\n#define TRACE 0\n#endif\n#include <wdm.h>\n", "#if DBG|#define TRACE 1|#else|#define TRACE 0|#endif|#include <wdm.h>", "", "DBG")]
    [InlineData("#ifndef TAG\n#define TAG 1\n#else\n#undef TAG\n#endif\n#include <wdm.h>\n", "", "", "")]
    [InlineData("#ifdef LATER\n#define A 1\n#endif\n#include <wdm.h>\n#define LATER 1\n#include <ntstrsafe.h>\n", "#ifdef LATER|#define A 1|#endif|#include <wdm.h>", "", "LATER")]
    [InlineData("#pragma pack(push, 1)\n#include <wdm.h>\n", "", "", "")]
    [InlineData("#include \"guarded.h\"\n#include <ntstrsafe.h>\n", "#define INSIDE 1|#include <wdm.h>|#include <ntstrsafe.h>", "GUARDED_H", "")]
    [InlineData("#include \"code.h\"\n#include <ntstrsafe.h>\n", "#include <wdm.h>", "", "")]
    [InlineData("/* never closed\n#include <wdm.h>\n", "", "", "")]
    public void The_prefix_is_what_a_file_does_before_its_first_declaration(string text, string header, string independent, string conditions)
    {
        var dir = TempDir.Create();
        File.WriteAllText(Path.Combine(dir, "guarded.h"), "// guarded\n#ifndef GUARDED_H\n#define GUARDED_H\n#define INSIDE 1\n#include <wdm.h>\n#endif\n");
        File.WriteAllText(Path.Combine(dir, "code.h"), "#pragma once\n#include <wdm.h>\ntypedef int CODE;\n#include <ntstrsafe.h>\n");
        var environment = Environment(TargetArch.X64, noSystemHeaders: false);
        var source = Path.Combine(dir, "driver.c");

        var prefix = IncludePrefix.Read(Encoding.UTF8.GetBytes(text), source, environment.ArgumentsFor(source), new());

        Assert.Equal(header, prefix is null ? "" : prefix.Header.TrimEnd('\n').Replace('\n', '|'));
        Assert.Equal(independent, prefix is null ? "" : string.Join('|', prefix.IndependentNames));
        Assert.Equal(conditions, prefix is null ? "" : string.Join('|', prefix.ConditionNames));
    }

    [Theory]
    [InlineData("#pragma once\nint x;\n", true)]
    [InlineData("// c\n#ifndef H\n#define H\nint x;\n#if A\nint y;\n#endif\n#endif\n", true)]
    [InlineData("#if _MSC_VER > 1000\n#pragma once\n#endif\n#ifndef H\n#define H\nint x;\n#endif\n", true)]
    [InlineData("#ifndef H\n#define H\nint x;\n#endif\nint y;\n", false)]
    [InlineData("#ifndef H\n#define H 1\nint x;\n#endif\n", false)]
    [InlineData("#ifndef H\n#define H\nint x;\n#else\nint again;\n#endif\n", false)]
    [InlineData("DEFINE_GUID(X, 1);\n", false)]
    [InlineData("#pragma pack(push, 1)\n", false)]
    public void A_system_header_joins_a_prefix_only_when_including_it_again_adds_nothing(string text, bool guarded)
    {
        var path = Path.Combine(TempDir.Create(), "h.h");
        File.WriteAllText(path, text);

        Assert.Equal(guarded, IncludePrefix.IsGuarded(path));
    }
}
