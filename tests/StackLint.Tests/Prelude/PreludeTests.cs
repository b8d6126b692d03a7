using System.Diagnostics;
using StackLint.Frontend.Facts;
using Xunit;
using Xunit.Abstractions;

namespace StackLint.Tests.Prelude;

/// <summary>
/// Parses tests/prelude-check/*.c with clang-19 against the embedded kernel prelude
/// (src/Frontend/Prelude), alone and on top of mingw-w64's headers, and asserts zero errors.
/// layout.c static-asserts sizes, alignments and offsets, so a layout drift is a parse error.
/// Without clang-19 the tests return early (logged), unless CI=true, where they fail.
/// </summary>
public sealed class PreludeTests
{
    private const string Clang = "clang-19";
    private const string MingwInclude = "/usr/share/mingw-w64/include";

    private static readonly Lazy<string> RepoRoot = new(FindRepoRoot);
    private static readonly Lazy<bool> ClangAvailable = new(() => TryRun(Clang, ["--version"], out _, out _));

    private readonly ITestOutputHelper output;

    public PreludeTests(ITestOutputHelper output) => this.output = output;

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var arch in new[] { "x64", "x86", "arm64" })
        {
            data.Add("layout.c", "prelude", arch);
        }

        foreach (var file in new[] { "minifilter.c", "wdm_driver.c", "kmdf_driver.c", "kmdf_dma_wmi.c", "kmdf_usb_hid_wmi.c" })
        {
            foreach (var arch in new[] { "x64", "x86", "arm64" })
            {
                data.Add(file, "prelude", arch);
            }

            // mingw-w64's DDK headers support x64 and x86 only.
            data.Add(file, "mingw", "x64");
            data.Add(file, "mingw", "x86");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parses_without_errors(string file, string mode, string arch)
    {
        if (!RequireClang())
        {
            return;
        }

        if (mode == "mingw" && !Directory.Exists(Path.Combine(MingwInclude, "ddk")))
        {
            output.WriteLine($"skipped: {MingwInclude}/ddk not installed");
            return;
        }

        var args = new List<string> { "-fsyntax-only", "-x", "c" };
        args.AddRange(TargetFlags(arch));
        args.AddRange(["-fms-extensions", "-fms-compatibility", "-D_KERNEL_MODE", "-ferror-limit=0"]);
        if (mode == "mingw")
        {
            args.AddRange(["-fgnuc-version=4.2.1", "-isystem", MingwInclude, "-isystem", Path.Combine(MingwInclude, "ddk")]);
        }

        args.AddRange(["-isystem", PreludeDir, Path.Combine(CheckDir, file)]);

        TryRun(Clang, args, out var exitCode, out var stderr);
        var errors = stderr.Split('\n').Count(l => l.Contains("error:", StringComparison.Ordinal));
        Assert.True(
            exitCode == 0 && errors == 0,
            $"clang-19 {string.Join(' ', args)}\nexit code {exitCode}, {errors} error(s):\n{stderr}");
    }

    [Fact]
    public void Every_prelude_header_is_embedded_in_the_frontend()
    {
        var embedded = typeof(SourceSpan).Assembly.GetManifestResourceNames().ToHashSet(StringComparer.Ordinal);
        var headers = Directory.GetFiles(PreludeDir, "*.h").Select(Path.GetFileName).ToList();
        Assert.Contains("fltKernel.h", headers);
        Assert.Contains("stacklint_kernel.h", headers);
        Assert.All(headers, h => Assert.Contains($"StackLint.Prelude.{h}", embedded));
    }

    [Fact]
    public void IoGetRemainingStackSize_matches_the_wdk_inline_definition()
    {
        var text = File.ReadAllText(Path.Combine(PreludeDir, "stacklint_routines.h"));
        var normalized = string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(
            "FORCEINLINE ULONG_PTR IoGetRemainingStackSize(VOID) { ULONG_PTR Top; ULONG_PTR Bottom; " +
            "IoGetStackLimits(&Bottom, &Top); return ((ULONG_PTR)(&Top) - Bottom); }",
            normalized);
    }

    private static string PreludeDir => Path.Combine(RepoRoot.Value, "src", "Frontend", "Prelude");

    private static string CheckDir => Path.Combine(RepoRoot.Value, "tests", "prelude-check");

    private bool RequireClang()
    {
        if (ClangAvailable.Value)
        {
            return true;
        }

        var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Assert.False(onCi, "clang-19 is required for the prelude tests on CI (CI=true) but was not found on PATH.");
        output.WriteLine("skipped: clang-19 not found on PATH");
        return false;
    }

    private static IEnumerable<string> TargetFlags(string arch) => arch switch
    {
        "x64" => ["--target=x86_64-pc-windows-msvc", "-D_AMD64_", "-D_WIN64"],
        "x86" => ["--target=i686-pc-windows-msvc", "-D_X86_"],
        "arm64" => ["--target=aarch64-pc-windows-msvc", "-D_ARM64_", "-D_WIN64"],
        _ => throw new ArgumentOutOfRangeException(nameof(arch), arch, "unknown architecture"),
    };

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StackLint.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"StackLint.sln not found above {AppContext.BaseDirectory}");
    }

    private static bool TryRun(string fileName, IEnumerable<string> args, out int exitCode, out string stderr)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        try
        {
            using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {fileName}");
            var stdoutTask = process.StandardOutput.ReadToEndAsync();
            stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            _ = stdoutTask.Result;
            exitCode = process.ExitCode;
            return exitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            exitCode = -1;
            stderr = $"{fileName} not found";
            return false;
        }
    }
}
