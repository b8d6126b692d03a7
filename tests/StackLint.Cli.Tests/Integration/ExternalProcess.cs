using System.Diagnostics;
using StackLint.Tests.Support;
using Xunit;

namespace StackLint.Tests.Integration;

public sealed record ProcessRun(int ExitCode, string Stdout, string Stderr)
{
    public string Describe(string what) => $"{what} exited {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>Runs the external programs integration tests drive (dotnet, git, pre-commit, node, npm).</summary>
public static class ExternalProcess
{
    // A hang guard only, never an assertion about speed: a wedged child must not wedge the test run.
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(15);

    public static ProcessRun Run(string fileName, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        // The test host's MSBuild variables would leak into nested 'dotnet pack' runs and confuse them.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "DOTNET_HOST_PATH" })
            info.Environment.Remove(name);
        if (environment is not null)
            foreach (var (name, value) in environment) info.Environment[name] = value;

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {fileName}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Guard))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} {string.Join(' ', args)} did not finish within {Guard} (hang guard)\n{stdout.Result}\n{stderr.Result}");
        }
        process.WaitForExit();
        return new ProcessRun(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => File.Exists(Path.Combine(dir, command)) || File.Exists(Path.Combine(dir, command + ".exe")));

    /// <summary>
    /// Installs a Debian package when its command is missing (as root, or with passwordless sudo). When that is not
    /// possible the test fails with what to install: a silently skipped integration test protects nothing.
    /// </summary>
    public static void EnsureCommand(string command, string debianPackage)
    {
        if (OnPath(command)) return;
        if (OnPath("apt-get"))
        {
            var sudo = Environment.UserName == "root" ? [] : new[] { "sudo", "-n" };
            var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
            string[] install = [.. sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", debianPackage];
            var run = Run(install[0], install[1..], RepoPaths.Root, env);
            if (run.ExitCode != 0)
            {
                string[] update = [.. sudo, "apt-get", "update", "-qq"];
                Run(update[0], update[1..], RepoPaths.Root, env);
                run = Run(install[0], install[1..], RepoPaths.Root, env);
            }
        }
        if (!OnPath(command))
            Assert.Fail($"'{command}' is missing and could not be installed: install the Debian package '{debianPackage}' (apt-get install {debianPackage})"
                + (Environment.GetEnvironmentVariable("CI") == "true" ? " [CI=true]" : ""));
    }

    /// <summary>'npm ci' in a committed folder with a lockfile, when its node_modules is missing or predates the lockfile.</summary>
    public static void EnsureNpmPackages(string folder)
    {
        // npm writes node_modules/.package-lock.json on every install: older than the lock file means the lock changed since.
        var installed = new FileInfo(Path.Combine(folder, "node_modules", ".package-lock.json"));
        if (installed.Exists && installed.LastWriteTimeUtc >= File.GetLastWriteTimeUtc(Path.Combine(folder, "package-lock.json"))) return;
        EnsureCommand("npm", "npm");
        var run = Run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], folder);
        Assert.True(run.ExitCode == 0, $"npm ci in {folder} failed: the npm registry must be reachable\n" + run.Describe("npm ci"));
    }

    /// <summary>
    /// A copy of the working tree as git would check it out (tracked plus untracked-but-not-ignored files), so the
    /// tests exercise uncommitted work too and never write into the real tree.
    /// </summary>
    public static void CopySourceTree(string destination)
    {
        var list = Run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], RepoPaths.Root);
        Assert.True(list.ExitCode == 0, list.Describe("git ls-files"));
        foreach (var relative in list.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var source = Path.Combine(RepoPaths.Root, relative);
            if (!File.Exists(source)) continue; // deleted in the working tree
            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target, overwrite: true);
        }
    }

    public static void DeleteQuietly(string dir)
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
