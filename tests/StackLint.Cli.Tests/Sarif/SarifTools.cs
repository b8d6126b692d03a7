using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using StackLint.Tests.Support;

namespace StackLint.Tests.Sarif;

/// <summary>The outcome of running an external tool.</summary>
public sealed record ToolRun(int ExitCode, string Output);

/// <summary>
/// The npm-installed validators in tests/sarif-tools (ajv + the OASIS schema, and the SARIF SDK multitool),
/// installed once per test run with 'npm ci' under a file lock, so parallel test processes do not install twice.
/// When npm is missing the validator tests fail if CI=true (CI must validate) and are skipped with a message otherwise.
/// </summary>
public sealed class SarifToolsFixture
{
    public SarifToolsFixture()
    {
        ToolsDirectory = Path.Combine(RepoPaths.Root, "tests", "sarif-tools");
        SchemaPath = Path.Combine(RepoPaths.Root, "tests", "StackLint.Tests", "Sarif", "sarif-schema-2.1.0.json");
        try
        {
            Install();
            MultitoolPath = LocateMultitool();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException)
        {
            UnavailableReason = e.Message;
        }
    }

    public string ToolsDirectory { get; }

    public string SchemaPath { get; }

    public string? MultitoolPath { get; }

    /// <summary>Why the tools could not be installed, or null when they are ready.</summary>
    public string? UnavailableReason { get; }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs a process and returns its exit code and combined output; a hung tool is killed after five minutes.</summary>
    internal static ToolRun Run(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start '{fileName}'.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"'{fileName} {string.Join(' ', info.ArgumentList)}' did not finish in five minutes.");
        }
        process.WaitForExit();
        return new ToolRun(process.ExitCode, output.ToString());
    }

    private static string Npm => OperatingSystem.IsWindows() ? "npm.cmd" : "npm";

    private static string Node => OperatingSystem.IsWindows() ? "node.exe" : "node";

    private bool IsInstalled =>
        File.Exists(Path.Combine(ToolsDirectory, "node_modules", ".package-lock.json"))
        && Directory.Exists(Path.Combine(ToolsDirectory, "node_modules", "ajv"))
        && Directory.Exists(Path.Combine(ToolsDirectory, "node_modules", "@microsoft", "sarif-multitool"));

    private void Install()
    {
        if (IsInstalled) return;
        // Another test process (or CI's own 'npm ci') may be installing: wait for its lock, then look again.
        using var gate = AcquireLock(Path.Combine(ToolsDirectory, ".install.lock"));
        if (IsInstalled) return;
        var run = Run(Npm, ["ci", "--no-audit", "--no-fund"], ToolsDirectory);
        if (run.ExitCode != 0) throw new InvalidOperationException($"'npm ci' in {ToolsDirectory} failed ({run.ExitCode}):\n{run.Output}");
    }

    private static FileStream AcquireLock(string path)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < 600)
            {
                Thread.Sleep(1000);
            }
        }
    }

    /// <summary>The platform binary the @microsoft/sarif-multitool package resolves to (its index.js does the platform pick).</summary>
    private string LocateMultitool()
    {
        var run = Run(Node, ["-p", "require('@microsoft/sarif-multitool')"], ToolsDirectory);
        var path = run.Output.Trim();
        if (run.ExitCode != 0 || !File.Exists(path))
            throw new InvalidOperationException($"@microsoft/sarif-multitool has no binary for this platform:\n{run.Output}");
        // npm 11 does not run the package's 'chmod u+x' postinstall unless scripts are allowed.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & UnixFileMode.UserExecute) == 0) File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
        }
        return path;
    }

    /// <summary>
    /// True when the tools are ready. When they are not: on CI an assertion fails with the reason; elsewhere the
    /// caller returns early (xunit 2 has no runtime skip) after the reason is written to the test output.
    /// </summary>
    public bool Ready(Xunit.Abstractions.ITestOutputHelper output)
    {
        if (UnavailableReason is null) return true;
        var message = $"SARIF validators unavailable (npm ci in {ToolsDirectory}): {UnavailableReason}";
        if (IsCi) Xunit.Assert.Fail(message + "\nCI=true: validation is required. Install node and npm, then run 'npm ci --prefix tests/sarif-tools'.");
        output.WriteLine("SKIPPED: " + message);
        return false;
    }

    public ToolRun ValidateSchema(string sarifPath) =>
        Run(Node, [Path.Combine(ToolsDirectory, "validate-schema.js"), SchemaPath, sarifPath], ToolsDirectory);

    /// <summary>'Sarif.Multitool validate' with the SARIF and GitHub (Gh) rule kinds; its findings land in outputPath as SARIF.</summary>
    public ToolRun Multitool(string sarifPath, string outputPath) =>
        Run(MultitoolPath!, ["validate", sarifPath, "--output", outputPath, "--log", "ForceOverwrite", "--rule-kind", "Sarif;Gh", "--level", "Error;Warning;Note"], ToolsDirectory);
}
