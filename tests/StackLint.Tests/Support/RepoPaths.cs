namespace StackLint.Tests.Support;

/// <summary>Tests read fixtures and docs from the source tree, so failures name the files a developer edits.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Fixtures => Path.Combine(Root, "tests", "StackLint.Tests", "Fixtures");

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
            if (File.Exists(Path.Combine(dir, "StackLint.sln"))) return dir;
        throw new InvalidOperationException("StackLint.sln not found above " + AppContext.BaseDirectory);
    }
}
