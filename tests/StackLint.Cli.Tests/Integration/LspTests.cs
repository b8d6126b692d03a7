using System.Text.Json;
using StackLint.Tests.Support;
using Xunit;

namespace StackLint.Tests.Integration;

/// <summary>
/// 'stacklint lsp' end to end with a real, independent LSP client (tests/lsp-client: vscode-jsonrpc's framing) in
/// its own process: open → SL1002 with its help link, hover, code actions, unsaved edits, a parse
/// problem, save a fix → cleared, a cross-file recursion, bad and truncated frames, and the shutdown/exit handshake. The scenario and its checks live in client.js; this test runs it and reads its summary.
/// </summary>
public sealed class LspTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stacklint-lsp-").FullName;

    public void Dispose() => ExternalProcess.DeleteQuietly(_dir);

    /// <summary>The stacklint.dll built next to the tests (the test project references the CLI), with its runtimeconfig.</summary>
    public static string StacklintDll()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "stacklint.dll");
        Assert.True(File.Exists(dll) && File.Exists(Path.Combine(AppContext.BaseDirectory, "stacklint.runtimeconfig.json")),
            $"stacklint.dll with its runtimeconfig.json is not in {AppContext.BaseDirectory}");
        return dll;
    }

    [Fact]
    public void Language_server_publishes_and_clears_diagnostics_and_survives_bad_input()
    {
        var client = RepoPaths.Combine("tests", "lsp-client");
        ExternalProcess.EnsureNpmPackages(client);
        var driver = Path.Combine(_dir, "drv");
        // The server keeps its cache in one per-user folder ($XDG_CACHE_HOME/stacklint): here a folder of the test's own.
        // (Windows takes it from the known folder LocalApplicationData, which a test cannot move: there it is named.)
        var cache = Path.Combine(_dir, "user-cache");
        string[] cacheArgs = OperatingSystem.IsWindows() ? ["--cache-dir", Path.Combine(cache, "stacklint")] : [];
        var run = ExternalProcess.Run("node", [Path.Combine(client, "client.js"), driver, "dotnet", StacklintDll(), "lsp", "--no-system-headers", .. cacheArgs], _dir,
            new Dictionary<string, string> { ["XDG_CACHE_HOME"] = cache });

        using var summary = JsonDocument.Parse(run.Stdout);
        var failures = summary.RootElement.GetProperty("failures").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.True(run.ExitCode == 0 && failures.Count == 0, string.Join("\n", failures) + "\n" + run.Describe("client.js"));
        Assert.True(summary.RootElement.GetProperty("checks").GetInt32() >= 29, run.Stdout);
        Assert.Equal(0, summary.RootElement.GetProperty("exitCode").GetInt32());
        // The cache went to the per-user folder, not into the driver's.
        Assert.True(Directory.Exists(Path.Combine(cache, "stacklint", "facts")), run.Stdout);
        Assert.False(Directory.Exists(Path.Combine(driver, ".stacklint-cache")));
    }
}
