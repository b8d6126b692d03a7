using StackLint.Cli;
using StackLint.Tests.Support;
using Xunit;

namespace StackLint.Tests.Cli;

/// <summary>
/// The baseline cases people meet, end to end through the command line: a baselined buffer that shrinks (or grows)
/// is not new; text output marks new findings; the pre-commit hook takes --baseline; a staged header re-checks the
/// files that include it.
/// </summary>
public sealed class BaselineCaseTests : IDisposable
{
    private readonly CliSandbox _cli = new("stacklint-baseline-cases-", "--no-system-headers", "--no-cache");

    public void Dispose() => _cli.Dispose();

    private static string Legacy(int size, string comment = "") => $$"""
        #include <ntddk.h>
        // legacy.c{{comment}}
        NTSTATUS Legacy(VOID)
        {
            UCHAR buffer[{{size}}];
            RtlZeroMemory(buffer, sizeof(buffer));
            return buffer[0] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
        }
        """;

    private void MakeBaseline()
    {
        var made = _cli.Stacklint("analyze", "drv", "--format", "sarif", "--output", "baseline.sarif", "--fail-on", "none");
        Assert.True(made.ExitCode == 0, made.Stderr);
    }

    [Theory]
    [InlineData(600)]   // shrank, still over the 512-byte limit
    [InlineData(2048)]  // grew
    public void A_baselined_buffer_whose_size_changed_is_updated_not_new(int newSize)
    {
        _cli.Write("drv/legacy.c", Legacy(1024));
        MakeBaseline();
        _cli.Write("drv/legacy.c", Legacy(newSize));

        var sarif = _cli.Stacklint("analyze", "drv", "--format", "sarif", "--baseline", "baseline.sarif", "--fail-on-new-only");
        Assert.True(sarif.ExitCode == 0, sarif.Stdout + sarif.Stderr);
        Assert.Contains("\"baselineState\":\"updated\"", sarif.Stdout);
        Assert.DoesNotContain("\"baselineState\":\"new\"", sarif.Stdout);
        // (At 600 bytes the frame is under SL1001's 1,024-byte limit: that finding is absent, rightly.)

        var text = _cli.Stacklint("analyze", "drv", "--baseline", "baseline.sarif", "--fail-on-new-only");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains($"is a {newSize:N0}-byte array", text.Stdout);
        Assert.DoesNotContain("[new]", text.Stdout);
        Assert.Contains("0 new against the baseline", text.Stderr);
    }

    [Fact]
    public void Text_output_marks_the_findings_new_against_the_baseline()
    {
        _cli.Write("drv/legacy.c", Legacy(1024));
        MakeBaseline();
        _cli.Write("drv/fresh.c", Legacy(700).Replace("Legacy", "Fresh", StringComparison.Ordinal));

        var run = _cli.Stacklint("analyze", "drv", "--baseline", "baseline.sarif", "--fail-on-new-only");
        Assert.Equal(1, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("fresh.c(5,11): warning SL1002:", StringComparison.Ordinal) && l.EndsWith(" [new]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("legacy.c(5,11): warning SL1002:", StringComparison.Ordinal) && !l.Contains("[new]", StringComparison.Ordinal));
        Assert.Contains("1 new against the baseline", run.Stderr);

        // Without a baseline nothing is marked.
        Assert.DoesNotContain("[new]", _cli.Stacklint("analyze", "drv").Stdout);
    }

    [Fact]
    public void Precommit_with_a_baseline_lets_an_edit_to_a_legacy_file_through_but_not_a_new_finding()
    {
        _cli.Write("drv/legacy.c", Legacy(1024));
        MakeBaseline();
        _cli.Write("drv/legacy.c", Legacy(1024, comment: ": a comment edited"));

        var without = _cli.Stacklint("precommit", "drv/legacy.c");
        Assert.Equal(1, without.ExitCode);

        var with = _cli.Stacklint("precommit", "drv/legacy.c", "--baseline", "baseline.sarif");
        Assert.True(with.ExitCode == 0, with.Stdout + with.Stderr);
        Assert.Contains("legacy.c(5,11): warning SL1002:", with.Stdout);
        Assert.Contains("0 new against the baseline", with.Stderr);

        _cli.Write("drv/legacy.c", Legacy(1024) + """

            NTSTATUS Added(VOID)
            {
                UCHAR more[900];
                RtlZeroMemory(more, sizeof(more));
                return more[0] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
            }
            """);
        var added = _cli.Stacklint("precommit", "drv/legacy.c", "--baseline", "baseline.sarif");
        Assert.Equal(1, added.ExitCode);
        Assert.Contains(added.Stdout.Split('\n'), l => l.Contains("'more'", StringComparison.Ordinal) && l.EndsWith(" [new]", StringComparison.Ordinal));

        var missing = _cli.Stacklint("precommit", "drv/legacy.c", "--baseline", "nothing-here.sarif");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nothing-here.sarif", missing.Stderr);
    }

    [Fact]
    public void Precommit_writes_a_staged_files_parse_problem_as_analyze_does()
    {
        _cli.Write("drv/broken.c", "#include <ntddk.h>\n#include \"not_there.h\"\nNTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r) { return 0; }\n");

        var hook = _cli.Stacklint("precommit", "drv/broken.c");
        var analyze = _cli.Stacklint("analyze", "drv");

        var line = Assert.Single(hook.Stderr.Split('\n'), l => l.Contains("not_there.h", StringComparison.Ordinal));
        Assert.Contains("broken.c(2,10): warning SL0001: 'broken.c' was analyzed with 1 parse error(s)", line);
        Assert.Contains(line, analyze.Stderr);
    }

    [Fact]
    public void Precommit_of_a_header_alone_checks_the_files_that_include_it()
    {
        _cli.Write("drv/request.h", """
            #pragma once
            #include <ntddk.h>
            typedef struct _REQUEST { ULONG Code; UCHAR Data[64]; } REQUEST;
            """);
        _cli.Write("drv/handler.c", """
            #include "request.h"
            NTSTATUS Handle(REQUEST Request)
            {
                return Request.Code ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
            }
            """);
        _cli.Write("drv/other.c", """
            #include <ntddk.h>
            NTSTATUS Other(VOID)
            {
                UCHAR old[1024];
                RtlZeroMemory(old, sizeof(old));
                return old[0] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
            }
            """);
        Assert.Equal(0, _cli.Stacklint("precommit", "drv/request.h").ExitCode);

        // The commit grows the struct past the by-value limit; only the header is staged.
        _cli.Write("drv/request.h", """
            #pragma once
            #include <ntddk.h>
            typedef struct _REQUEST { ULONG Code; UCHAR Data[2048]; } REQUEST;
            """);
        var run = _cli.Stacklint("precommit", "drv/request.h");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("handler.c(2,25): warning SL1003:", run.Stdout);
        // other.c does not include the header: its old finding is not the commit's.
        Assert.DoesNotContain("other.c", run.Stdout);
        Assert.Contains("1 file(s) including a staged header", run.Stderr);
    }
}
