using System.Text;
using StackLint.Cli;
using StackLint.Tests.Support;
using Xunit;

namespace StackLint.Tests.Cli;

/// <summary>The command line end to end, in-process: exit codes, output format, and bad input.</summary>
public sealed class CliTests : IDisposable
{
    private readonly CliSandbox _cli = new("stacklint-cli-");

    public void Dispose() => _cli.Dispose();

    private const string BigBuffer = """
        #include <ntddk.h>
        NTSTATUS Fill(VOID)
        {
            UCHAR buffer[800];
            RtlZeroMemory(buffer, sizeof(buffer));
            return buffer[0] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
        }
        """;

    private const string Clean = """
        #include <ntddk.h>
        NTSTATUS Small(VOID)
        {
            UCHAR buffer[16];
            RtlZeroMemory(buffer, sizeof(buffer));
            return buffer[0] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
        }
        """;

    [Fact]
    public void Findings_are_canonical_msbuild_lines_and_exit_1()
    {
        _cli.Write("drv/fill.c", BigBuffer);
        var run = _cli.Stacklint("analyze", "drv");
        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        var line = Assert.Single(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("SL1002"));
        Assert.Equal($"{Path.Combine("drv", "fill.c")}(4,11): warning SL1002: 'buffer' in 'Fill' is a 800-byte array on the stack (limit 512); allocate it from pool (ExAllocatePool2) or a lookaside list", line);
        Assert.Contains("stacklint: ", run.Stderr);
    }

    [Fact]
    public void Clean_code_exits_0_and_fail_on_error_ignores_warnings()
    {
        _cli.Write("clean.c", Clean);
        Assert.Equal(ExitCodes.Success, _cli.Stacklint("analyze", "clean.c").ExitCode);
        _cli.Write("fill.c", BigBuffer);
        Assert.Equal(ExitCodes.Success, _cli.Stacklint("analyze", "fill.c", "--fail-on", "error").ExitCode);
        Assert.Equal(ExitCodes.Findings, _cli.Stacklint("analyze", "fill.c", "--fail-on", "note").ExitCode);
    }

    [Fact]
    public void Nonexistent_path_is_a_usage_error_naming_the_path()
    {
        var run = _cli.Stacklint("analyze", "no-such-file.c");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("no-such-file.c", run.Stderr);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Unknown_options_and_bad_values_are_usage_errors()
    {
        _cli.Write("clean.c", Clean);
        Assert.Equal(ExitCodes.UsageError, _cli.Stacklint("analyze", "clean.c", "--bogus").ExitCode);
        var arch = _cli.Stacklint("analyze", "clean.c", "--arch", "mips");
        Assert.Equal(ExitCodes.UsageError, arch.ExitCode);
        Assert.Contains("--arch must be x64, x86 or arm64, not 'mips'", Assert.Single(arch.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(ExitCodes.UsageError, _cli.Stacklint("analyze", "clean.c", "--fail-on", "sometimes").ExitCode);
        Assert.Equal(ExitCodes.UsageError, _cli.Stacklint("analyze").ExitCode);
    }

    [Fact]
    public void Empty_file_gives_no_findings_and_no_error()
    {
        _cli.Write("empty.c", "");
        var run = _cli.Stacklint("analyze", "empty.c");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.DoesNotContain(run.Stderr.Split('\n'), l => l.Contains(": error:") || l.Contains(": warning:"));
    }

    [Fact]
    public void Binary_file_given_explicitly_is_one_notice_and_the_run_continues()
    {
        var binary = Path.Combine(_cli.Dir, "blob.c");
        File.WriteAllBytes(binary, [0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3, 0, 0xff, 0xfe]);
        _cli.Write("fill.c", BigBuffer);
        var run = _cli.Stacklint("analyze", "blob.c", "fill.c");
        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        Assert.Contains("SL1002", run.Stdout);
        var notice = Assert.Single(run.Stderr.Split('\n'), l => l.StartsWith("blob.c(1): error SL0002: ", StringComparison.Ordinal));
        Assert.Contains("binary", notice);
    }

    [Fact]
    public void Unreadable_file_in_a_folder_is_a_notice_and_the_run_continues()
    {
        _cli.Write("drv/fill.c", BigBuffer);
        var broken = Path.Combine(_cli.Dir, "drv", "broken.c");
        File.CreateSymbolicLink(broken, Path.Combine(_cli.Dir, "missing-target.c"));
        var run = _cli.Stacklint("analyze", "drv");
        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        Assert.Contains("SL1002", run.Stdout);
        Assert.Contains(run.Stderr.Split('\n'), l => l.StartsWith(Path.Combine("drv", "broken.c") + "(1): error SL0002: ", StringComparison.Ordinal) && l.Contains("not analyzed"));
    }

    [Fact]
    public void Syntax_errors_and_missing_headers_are_reported_and_the_rest_is_analyzed()
    {
        _cli.Write("partial.c", """
            #include <ntddk.h>
            #include "generated_by_a_windows_build.h"
            int Broken(void) { return 1 +; }
            NTSTATUS Fill(VOID)
            {
                UCHAR buffer[800];
                RtlZeroMemory(buffer, sizeof(buffer));
                return buffer[0] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
            }
            """);
        var run = _cli.Stacklint("analyze", "partial.c");
        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        Assert.Contains("partial.c(6,11): warning SL1002", run.Stdout);
        var notice = Assert.Single(run.Stderr.Split('\n'), l => l.StartsWith("partial.c(2,10): warning SL0001: ", StringComparison.Ordinal));
        Assert.Contains("generated_by_a_windows_build.h", notice);
        Assert.Contains("parse error", notice);
    }

    [Fact]
    public void Absurd_nesting_does_not_crash()
    {
        var text = new StringBuilder("int Deep(int x)\n{\n");
        text.Append('{', 5000).Append("x = ").Append('(', 5000).Append('x').Append(')', 5000).Append(";\n").Append('}', 5000);
        text.Append("\nreturn x;\n}\n");
        _cli.Write("deep.c", text.ToString());
        _cli.Write("fill.c", BigBuffer);
        var run = _cli.Stacklint("analyze", "deep.c", "fill.c");
        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        Assert.Contains("SL1002", run.Stdout);
    }

    [Fact]
    public void Malformed_compile_database_is_a_usage_error_naming_the_file()
    {
        var db = _cli.Write("build/compile_commands.json", "[ { \"directory\": \"/src\", \"file\": ");
        var run = _cli.Stacklint("analyze", "-p", "build");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains(db, run.Stderr);
    }

    [Fact]
    public void Compile_database_without_paths_analyzes_every_listed_file()
    {
        var source = _cli.Write("src/fill.c", BigBuffer);
        _cli.Write("src/compile_commands.json", $$"""
            [ { "directory": "{{_cli.Dir.Replace("\\", "\\\\")}}", "file": "{{source.Replace("\\", "\\\\")}}", "arguments": ["cl.exe", "/c", "-DFOO=1", "{{source.Replace("\\", "\\\\")}}"] } ]
            """);
        var run = _cli.Stacklint("analyze", "-p", "src");
        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        Assert.Contains("SL1002", run.Stdout);
    }

    [Fact]
    public void Editorconfig_severity_and_threshold_apply_and_invalid_values_fail()
    {
        _cli.Write("drv/fill.c", BigBuffer);
        _cli.Write("drv/.editorconfig", "root = true\n[*.c]\ndotnet_diagnostic.SL1002.severity = error\n");
        Assert.Contains("error SL1002", _cli.Stacklint("analyze", "drv").Stdout);

        _cli.Write("drv/.editorconfig", "root = true\n[*.c]\nstacklint.buffer_threshold = 4k\n");
        Assert.DoesNotContain("SL1002", _cli.Stacklint("analyze", "drv").Stdout);

        _cli.Write("drv/.editorconfig", "root = true\n[*.c]\ndotnet_diagnostic.SL1002.severity = none\n");
        Assert.Equal(ExitCodes.Success, _cli.Stacklint("analyze", "drv").ExitCode);

        _cli.Write("drv/.editorconfig", "root = true\n[*.c]\nstacklint.buffer_threshold = lots\n");
        var bad = _cli.Stacklint("analyze", "drv");
        Assert.Equal(ExitCodes.UsageError, bad.ExitCode);
        Assert.Contains(".editorconfig(3)", bad.Stderr);
        Assert.Contains("stacklint.buffer_threshold", bad.Stderr);
        Assert.Contains("lots", bad.Stderr);
    }

    private const string WrapperCall = """
        #include <ntddk.h>
        NTSTATUS MyFsReadHelper(PDEVICE_OBJECT Device);
        NTSTATUS DispatchRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
        {
            NTSTATUS status = MyFsReadHelper(DeviceObject);
            Irp->IoStatus.Status = status;
            IoCompleteRequest(Irp, IO_NO_INCREMENT);
            return status;
        }
        NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
        {
            UNREFERENCED_PARAMETER(RegistryPath);
            DriverObject->MajorFunction[IRP_MJ_READ] = DispatchRead;
            return STATUS_SUCCESS;
        }
        """;

    [Fact]
    public void Config_file_sections_extend_the_stack_hungry_table_and_an_editorconfig_beside_the_sources_overrides()
    {
        _cli.Write("drv/read.c", WrapperCall);
        Assert.DoesNotContain("SL3001", _cli.Stacklint("analyze", "drv", "--no-cache").Stdout);

        // The same lines as in an .editorconfig, section included: a Roslyn global config would ignore '[*.c]'.
        _cli.Write("ci/stacklint.editorconfig", "[*.c]\nstacklint.stack_hungry_apis = +MyFsReadHelper\n");
        var sectioned = _cli.Stacklint("analyze", "drv", "--no-cache", "--config", Path.Combine("ci", "stacklint.editorconfig"));
        Assert.Contains("warning SL3001: 'MyFsReadHelper' in 'DispatchRead'", sectioned.Stdout);

        // Keys before any section apply to every file too.
        _cli.Write("ci/stacklint.editorconfig", "stacklint.stack_hungry_apis = MyFsReadHelper\n");
        Assert.Contains("SL3001", _cli.Stacklint("analyze", "drv", "--no-cache", "--config", Path.Combine("ci", "stacklint.editorconfig")).Stdout);

        // A section for other files does not apply here.
        _cli.Write("ci/stacklint.editorconfig", "[*.cpp]\nstacklint.stack_hungry_apis = +MyFsReadHelper\n");
        Assert.DoesNotContain("SL3001", _cli.Stacklint("analyze", "drv", "--no-cache", "--config", Path.Combine("ci", "stacklint.editorconfig")).Stdout);

        // The driver's own .editorconfig wins over the CI file.
        _cli.Write("ci/stacklint.editorconfig", "[*.c]\nstacklint.stack_hungry_apis = +MyFsReadHelper\n");
        _cli.Write("drv/.editorconfig", "root = true\n[*.c]\nstacklint.stack_hungry_apis = -ZwClose\n");
        Assert.DoesNotContain("SL3001", _cli.Stacklint("analyze", "drv", "--no-cache", "--config", Path.Combine("ci", "stacklint.editorconfig")).Stdout);
    }

    [Fact]
    public void Editorconfig_syntax_error_is_a_warning_and_the_rest_applies()
    {
        _cli.Write("drv/fill.c", BigBuffer);
        _cli.Write("drv/.editorconfig", "root = true\nthis line is not valid\n[*.c]\ndotnet_diagnostic.SL1002.severity = error\n");
        var run = _cli.Stacklint("analyze", "drv");
        Assert.Contains("error SL1002", run.Stdout);
        Assert.Contains(".editorconfig(2): warning", run.Stderr);
    }

    [Fact]
    public void Rules_lists_every_rule()
    {
        var run = _cli.Stacklint("rules");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var rule in StackLint.Rules.RuleCatalog.All)
            Assert.Contains(rule.Id + "\t", run.Stdout);
    }

    [Fact]
    public void Rules_apis_lists_the_stack_hungry_table()
    {
        var run = _cli.Stacklint("rules", "--apis");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(StackLint.Rules.Model.Guards.StackHungryApis.Defaults.Length, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("FltReadFile\tio\t", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ZwClose\tclose\t", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ZwOpenProcess\tcallbacksonly\t", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_libclang_exits_3_with_one_line()
    {
        var run = RunProcess(new Dictionary<string, string> { ["STACKLINT_LIBCLANG"] = Path.Combine(_cli.Dir, "nowhere", "libclang.so") }, "analyze", _cli.Write("clean.c", Clean));
        Assert.Equal(ExitCodes.AnalysisFailed, run.ExitCode);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("libclang", run.Stderr);
    }

    [Fact]
    public void Output_is_the_same_twice()
    {
        _cli.Write("drv/a.c", BigBuffer);
        _cli.Write("drv/b.c", BigBuffer.Replace("Fill", "Fill2"));
        var first = _cli.Stacklint("analyze", "drv", "--jobs", "2");
        var second = _cli.Stacklint("analyze", "drv", "--jobs", "1");
        Assert.Equal(first.Stdout, second.Stdout);
    }

    [Fact]
    public void Sarif_output_is_atomic_deterministic_and_gates_on_new_findings()
    {
        _cli.Write("drv/fill.c", BigBuffer);
        var first = _cli.Stacklint("analyze", "drv", "--format", "sarif", "--output", "out.sarif");
        Assert.Equal(ExitCodes.Findings, first.ExitCode);
        var bytes = File.ReadAllBytes(Path.Combine(_cli.Dir, "out.sarif"));
        Assert.Contains("\"ruleId\":\"SL1002\"", Encoding.UTF8.GetString(bytes));
        Assert.Equal(ExitCodes.Findings, _cli.Stacklint("analyze", "drv", "--format", "sarif", "--output", "again.sarif").ExitCode);
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(_cli.Dir, "again.sarif")));

        // Adopting on legacy code: the baseline holds the finding, so only new ones fail the run.
        Assert.Equal(ExitCodes.Success, _cli.Stacklint("analyze", "drv", "--baseline", "out.sarif", "--fail-on-new-only").ExitCode);
        _cli.Write("drv/more.c", BigBuffer.Replace("Fill", "FillMore"));
        var withNew = _cli.Stacklint("analyze", "drv", "--baseline", "out.sarif", "--fail-on-new-only", "--sarif", "new.sarif");
        Assert.Equal(ExitCodes.Findings, withNew.ExitCode);
        var log = File.ReadAllText(Path.Combine(_cli.Dir, "new.sarif"));
        Assert.Contains("\"baselineState\":\"new\"", log);
        Assert.Contains("\"baselineState\":\"unchanged\"", log);
    }

    [Fact]
    public void Output_in_a_missing_folder_and_a_bad_baseline_are_usage_errors()
    {
        _cli.Write("fill.c", BigBuffer);
        var missing = _cli.Stacklint("analyze", "fill.c", "--format", "sarif", "--output", Path.Combine("nowhere", "x.sarif"));
        Assert.Equal(ExitCodes.UsageError, missing.ExitCode);
        Assert.Contains("nowhere", missing.Stderr);
        Assert.Contains("the output folder does not exist; create it first", missing.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_cli.Dir, "nowhere")));

        // A folder given as the file: caught before the analysis, in words that fit the text output too.
        Directory.CreateDirectory(Path.Combine(_cli.Dir, "reports"));
        var folder = _cli.Stacklint("analyze", "fill.c", "--output", "reports");
        Assert.Equal(ExitCodes.UsageError, folder.ExitCode);
        Assert.Contains("reports: is a folder", folder.Stderr);
        Assert.DoesNotContain("SARIF", folder.Stderr);

        _cli.Write("not-sarif.json", "{ \"hello\": 1 }");
        var bad = _cli.Stacklint("analyze", "fill.c", "--baseline", "not-sarif.json");
        Assert.Equal(ExitCodes.UsageError, bad.ExitCode);
        Assert.Contains("not-sarif.json", bad.Stderr);
        Assert.Equal(ExitCodes.UsageError, _cli.Stacklint("analyze", "fill.c", "--baseline", "absent.sarif").ExitCode);
    }

    [Fact]
    public void Suppressed_findings_leave_console_and_exit_code_but_stay_in_sarif()
    {
        _cli.Write("fill.c", BigBuffer.Replace("    UCHAR buffer[800];", "    UCHAR buffer[800]; // stacklint-disable-line SL1002 -- scratch for the dump path, measured"));
        var run = _cli.Stacklint("analyze", "fill.c", "--sarif", "s.sarif");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.DoesNotContain("SL1002", run.Stdout);
        var log = File.ReadAllText(Path.Combine(_cli.Dir, "s.sarif"));
        Assert.Contains("\"kind\":\"inSource\"", log);
        Assert.Contains("scratch for the dump path", log);
    }

    [Fact]
    public void Unused_suppression_is_reported_as_a_note()
    {
        _cli.Write("clean.c", "// stacklint-disable-next-line SL1002\n" + Clean);
        var run = _cli.Stacklint("analyze", "clean.c");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains(run.Stderr.Split('\n'), l => l.StartsWith("clean.c(1): info SL0004: Unused suppression", StringComparison.Ordinal));
    }

    [Fact]
    public void Frames_prints_a_tsv_row_per_function()
    {
        _cli.Write("fill.c", BigBuffer);
        var run = _cli.Stacklint("frames", "fill.c", "--arch", "x86");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("path\tline\tfunction\tarch\tunoptimized\toptimized\tlargest_local\tlargest_local_bytes", lines[0]);
        var row = lines[1].Split('\t');
        Assert.Equal(["fill.c", "2", "Fill", "x86"], row[..4]);
        Assert.True(long.Parse(row[4]) >= 800, row[4]);
        Assert.Equal(["buffer", "800"], row[6..]);
    }

    [Fact]
    public void Callgraph_prints_dot_and_json()
    {
        _cli.Write("drv/walk.c", """
            #include <ntddk.h>
            int Leaf(int x) { return x + 1; }
            int Walk(int depth) { return depth > 8 ? 0 : Walk(depth + 1) + Leaf(depth); }
            NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) { return Walk(0) ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL; }
            """);
        var dot = _cli.Stacklint("callgraph", "drv");
        Assert.Equal(ExitCodes.Success, dot.ExitCode);
        Assert.StartsWith("digraph", dot.Stdout.TrimStart());
        Assert.Contains("Walk", dot.Stdout);
        var json = _cli.Stacklint("callgraph", "drv", "--format", "json");
        using var document = System.Text.Json.JsonDocument.Parse(json.Stdout);
        Assert.Equal(System.Text.Json.JsonValueKind.Array, document.RootElement.ValueKind);
        Assert.Equal(1, document.RootElement.GetArrayLength());
        Assert.Equal(ExitCodes.UsageError, _cli.Stacklint("callgraph", "drv", "--format", "png").ExitCode);
    }

    /// <summary>A real process, for what in-process runs cannot show (environment, native library loading).</summary>
    private CliSandbox.Run RunProcess(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "stacklint.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _cli.Dir };
        start.ArgumentList.Add(cli);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new CliSandbox.Run(process.ExitCode, stdout.Result, stderr);
    }
}
