using StackLint.Cli;

namespace StackLint.Tests.Support;

/// <summary>
/// A temporary folder to run the stacklint command in, in-process: the set-up that command-line tests share. Every
/// run gets <paramref name="alwaysArgs"/> appended (e.g. --no-system-headers --no-cache).
/// </summary>
public sealed class CliSandbox(string prefix, params string[] alwaysArgs) : IDisposable
{
    public sealed record Run(int ExitCode, string Stdout, string Stderr);

    public string Dir { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>'stacklint ARGS' from <see cref="Dir"/>, with stdout and stderr captured ('\n' line ends, as the tool writes).</summary>
    public Run Stacklint(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int code = StackLintCli.Run([.. args, .. alwaysArgs], stdout, stderr, Dir);
        return new Run(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Writes a file under <see cref="Dir"/> (creating its folders) and returns its full path.</summary>
    public string Write(string name, string content)
    {
        var path = Path.Combine(Dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
