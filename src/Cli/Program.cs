using StackLint.Engine;
using System.CommandLine;
using System.CommandLine.Parsing;
using StackLint.Frontend;

namespace StackLint.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        // Findings go to stdout, everything else to stderr; both as UTF-8 with '\n' so output is the same everywhere.
        // A 64 KiB buffer: a report is written as one string, and the default 1 KiB one would make that a write call per KiB.
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16) { AutoFlush = true, NewLine = "\n" };
        var stderr = new StreamWriter(Console.OpenStandardError(), new System.Text.UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        return StackLintCli.Run(args, stdout, stderr, Directory.GetCurrentDirectory());
    }
}

/// <summary>The command line. Run() is what Main calls and what tests call in-process.</summary>
public static class StackLintCli
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string currentDirectory)
    {
        // Everything after the first '--' goes to clang untouched (the clang-tools convention).
        int separator = Array.IndexOf(args, "--");
        string[] ours = separator < 0 ? args : args[..separator];
        string[] clangArgs = separator < 0 ? [] : args[(separator + 1)..];

        var commands = new Commands(stdout, stderr, currentDirectory, clangArgs);
        var root = commands.Build();
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            var parse = root.Parse(ours);
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors) stderr.WriteLine($"stacklint: error: {error.Message}");
                stderr.WriteLine("stacklint: run 'stacklint --help' for usage");
                return ExitCodes.UsageError;
            }
            return parse.Invoke(config);
        }
        catch (CliException e)
        {
            stderr.WriteLine($"stacklint: error: {e.Message}");
            return e.ExitCode;
        }
        catch (AnalysisException e)
        {
            stderr.WriteLine($"stacklint: error: {e.Message}");
            return ExitCodes.For(e.Failure);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug of ours must still end in one readable line, never a stack trace in a CI log or an IDE panel.
            stderr.WriteLine($"stacklint: internal error: {e.GetType().Name}: {e.Message} (please report this with the input that caused it)");
            return ExitCodes.AnalysisFailed;
        }
    }
}
