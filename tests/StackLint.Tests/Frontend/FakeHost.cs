using StackLint.Frontend;

namespace StackLint.Tests.Frontend;

/// <summary>An in-memory machine: files and environment variables, with the path rules of its platform.</summary>
internal sealed class FakeHost(HostPlatform platform) : IHostFileSystem
{
    private readonly HashSet<string> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal);

    public HostPlatform Platform { get; } = platform;

    private char Sep => HostPaths.Separator(Platform);

    public FakeHost File(string path)
    {
        _files.Add(path);
        AddParents(path);
        return this;
    }

    public FakeHost Dir(string path)
    {
        _dirs.Add(path);
        AddParents(path);
        return this;
    }

    public FakeHost Env(string name, string value)
    {
        _env[name] = value;
        return this;
    }

    private void AddParents(string path)
    {
        var parent = HostPaths.Parent(Platform, path);
        while (parent is not null && _dirs.Add(parent))
        {
            parent = HostPaths.Parent(Platform, parent);
        }
    }

    public string? GetEnvironmentVariable(string name) => _env.TryGetValue(name, out var v) ? v : null;

    public bool FileExists(string path) => _files.Contains(path);

    public bool DirectoryExists(string path) => _dirs.Contains(path.TrimEnd(Sep));

    public IReadOnlyList<string> GetDirectories(string path) => Children(_dirs, path);

    public IReadOnlyList<string> GetFiles(string path) => Children(_files, path);

    private List<string> Children(HashSet<string> set, string path)
    {
        var prefix = path.TrimEnd(Sep) + Sep;
        return set.Where(p => p.StartsWith(prefix, StringComparison.Ordinal) && p.IndexOf(Sep, prefix.Length) < 0)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
