namespace StackLint.Cli;

/// <summary>The process exit codes; documented in README.md ("Exit codes") and tested.</summary>
public static class ExitCodes
{
    /// <summary>No finding at or above --fail-on (and, with --fail-on-new-only, no new one).</summary>
    public const int Success = 0;
    /// <summary>At least one finding at or above --fail-on.</summary>
    public const int Findings = 1;
    /// <summary>Bad command line or configuration: nonexistent path, invalid option value, unreadable baseline, malformed compile database.</summary>
    public const int UsageError = 2;
    /// <summary>The analysis could not run at all: libclang not found or not loadable.</summary>
    public const int AnalysisFailed = 3;

    /// <summary>The exit code of an analysis that could not run.</summary>
    public static int For(StackLint.Engine.AnalysisFailure failure) =>
        failure == StackLint.Engine.AnalysisFailure.BadInput ? UsageError : AnalysisFailed;
}

/// <summary>A problem that ends the run with a one-line message and a given exit code.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
