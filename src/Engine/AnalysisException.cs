namespace StackLint.Engine;

/// <summary>Why an analysis could not run at all; each host turns it into its own answer (an exit code, an editor message).</summary>
public enum AnalysisFailure
{
    /// <summary>The input or configuration is wrong: a nonexistent path, a malformed compile database or .editorconfig.</summary>
    BadInput,
    /// <summary>The analysis itself cannot run: libclang not found or not loadable, the parser failed.</summary>
    CannotRun,
}

/// <summary>A problem that ends an analysis; the message is one sentence for the user.</summary>
public sealed class AnalysisException(AnalysisFailure failure, string message) : Exception(message)
{
    public AnalysisFailure Failure { get; } = failure;
}
