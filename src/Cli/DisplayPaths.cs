namespace StackLint.Cli;

/// <summary>Paths as users see them in output: relative to the current directory when under it, else full.</summary>
public sealed class DisplayPaths(string currentDirectory)
{
    private readonly string _root = Path.GetFullPath(currentDirectory);

    public string Show(string path)
    {
        if (!Path.IsPathFullyQualified(path)) return path;
        var relative = Path.GetRelativePath(_root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathFullyQualified(relative) ? path : relative;
    }
}
