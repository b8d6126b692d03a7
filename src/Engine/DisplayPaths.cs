namespace StackLint.Engine;

/// <summary>Paths as users see them in output: relative to the current directory when under it, else full.</summary>
public sealed class DisplayPaths(string currentDirectory)
{
    private readonly string _root = Path.GetFullPath(currentDirectory);

    // A report names the same few hundred files thousands of times: each is worked out once.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _shown = new(StringComparer.Ordinal);

    public string Show(string path) => _shown.TryGetValue(path, out var shown) ? shown : _shown.GetOrAdd(path, Relative(path));

    private string Relative(string path)
    {
        if (!Path.IsPathFullyQualified(path)) return path;
        var relative = Path.GetRelativePath(_root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathFullyQualified(relative) ? path : relative;
    }
}
