using System.Collections.Immutable;
using StackLint.Rules;
using StackLint.Rules.Model;
using StackLint.Sarif;

namespace StackLint.LanguageServer;

/// <summary>One analysis of a driver folder: what the server publishes (findings, notices) and what hover reads (programs).</summary>
public sealed record DriverAnalysis(
    ImmutableArray<Finding> Findings,
    ImmutableArray<ToolNotification> Notices,
    ImmutableArray<ProgramAnalysis> Programs,
    IRuleOptions Options);

/// <summary>
/// What the server needs from its host: analyze one driver folder, with some files taken from the editor's buffers
/// instead of the disk. The command line supplies it ('stacklint lsp'); tests supply stubs.
/// </summary>
public interface IDriverAnalyzer
{
    /// <param name="unsavedFiles">Full path → the buffer's text, for open files whose buffer differs from the disk.</param>
    /// <exception cref="DriverAnalysisException">The analysis could not run (libclang missing, bad configuration).</exception>
    DriverAnalysis Analyze(string driverFolder, IReadOnlyDictionary<string, string> unsavedFiles);

    /// <summary>
    /// Readies the analysis of edits to an open file (the server calls it once per opened file, when nothing else is
    /// due), so the first keystroke does not pay for what every later one reuses. Doing nothing is correct.
    /// </summary>
    /// <exception cref="DriverAnalysisException">The analysis could not run.</exception>
    void Prepare(string driverFolder, string path, string text)
    {
    }

    /// <summary>The editor closed a file: what was kept to analyze its edits quickly can go. Doing nothing is correct.</summary>
    void Close(string driverFolder, string path)
    {
    }
}

/// <summary>The analysis could not run at all; the message is one sentence for the user.</summary>
public sealed class DriverAnalysisException(string message) : Exception(message);
