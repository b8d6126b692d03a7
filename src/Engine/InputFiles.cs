using Microsoft.Extensions.FileSystemGlobbing;

namespace StackLint.Engine;

/// <summary>A source file to analyze and the command-line root it was found under (a folder argument, or its own folder).</summary>
public sealed record InputFile(string FullPath, string Root);

/// <summary>What the PATH arguments expand to: the sources to analyze, and which of them are C++ (analyzed in part: one notice names them).</summary>
public sealed record ExpandedInputs(IReadOnlyList<InputFile> Files, IReadOnlyList<string> CppSources);

/// <summary>Expands the PATH arguments: files as given, folders recursively into *.c, minus --exclude globs.</summary>
public static class InputFiles
{
    /// <summary>Source extensions of C++ files: parsed as C++, their free functions analyzed; one notice names them and says what is not covered.</summary>
    public static bool IsCppSource(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".cpp" or ".cc" or ".cxx" or ".c++";

    public static IReadOnlyList<InputFile> Expand(IReadOnlyList<string> paths, IReadOnlyList<string> excludes, string currentDirectory) =>
        ExpandAll(paths, excludes, currentDirectory).Files;

    /// <summary>
    /// Folders are walked without recursion and in ordinal order, so runs are stable. A linked folder (symbolic link,
    /// junction) is followed at most once, by its real path: 'a/loop -> ..' does not walk the tree again, and a file
    /// reached by two paths (two links to one folder, or a link and its target both given) is analyzed once, under
    /// the first path the walk reaches it by.
    /// </summary>
    public static ExpandedInputs ExpandAll(IReadOnlyList<string> paths, IReadOnlyList<string> excludes, string currentDirectory)
    {
        var result = new List<InputFile>();
        var cppSources = new List<string>();
        var comparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var seenFiles = new HashSet<string>(comparer);
        var walkedFolders = new HashSet<string>(comparer);
        var exclude = new Matcher(StringComparison.OrdinalIgnoreCase);
        exclude.AddIncludePatterns(excludes);

        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path, currentDirectory);
            if (Directory.Exists(full))
            {
                var files = new List<(string Path, string Real)>();
                var cpp = new List<(string Path, string Real)>();
                var pending = new Stack<(string Path, string Real)>();
                pending.Push((full, RealPath(full)));
                while (pending.Count > 0)
                {
                    var (dir, realDir) = pending.Pop();
                    if (!walkedFolders.Add(realDir)) continue;
                    FileInfo[] entries;
                    DirectoryInfo[] subdirs;
                    try
                    {
                        // One listing per folder: the entries carry their attributes, so telling links apart costs nothing more.
                        var info = new DirectoryInfo(dir);
                        entries = info.GetFiles();
                        subdirs = info.GetDirectories();
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        throw new AnalysisException(AnalysisFailure.BadInput, $"{dir}: cannot read folder: {e.Message}");
                    }
                    foreach (var entry in entries)
                    {
                        bool isC = entry.Name.EndsWith(".c", StringComparison.OrdinalIgnoreCase);
                        if (!isC && !IsCppSource(entry.Name)) continue;
                        var real = IsLink(entry) ? RealPath(entry.FullName) : Path.Combine(realDir, entry.Name);
                        (isC ? files : cpp).Add((entry.FullName, real));
                    }
                    foreach (var sub in subdirs.OrderByDescending(d => d.FullName, StringComparer.Ordinal))
                    {
                        // Build output and tool folders never hold driver sources worth analyzing.
                        if (sub.Name is ".git" or ".vs" or "node_modules" or ".stacklint-cache" or "bin" or "obj") continue;
                        var realSub = IsLink(sub) ? RealPath(sub.FullName) : Path.Combine(realDir, sub.Name);
                        if (!walkedFolders.Contains(realSub)) pending.Push((sub.FullName, realSub));
                    }
                }

                foreach (var (file, real) in files.Concat(cpp).OrderBy(f => f.Path, StringComparer.Ordinal))
                {
                    if (Excluded(full, file)) continue;
                    if (!seenFiles.Add(real)) continue;
                    result.Add(new InputFile(file, full));
                    if (IsCppSource(file)) cppSources.Add(file);
                }
            }
            else if (File.Exists(full))
            {
                var relative = Path.GetRelativePath(currentDirectory, full).Replace('\\', '/');
                if (excludes.Count > 0 && exclude.Match(relative).HasMatches) continue;
                if (!seenFiles.Add(RealPath(full))) continue;
                result.Add(new InputFile(full, Path.GetDirectoryName(full)!));
                if (IsCppSource(full)) cppSources.Add(full);
            }
            else
            {
                throw new AnalysisException(AnalysisFailure.BadInput, $"{path}: no such file or folder");
            }
        }

        return new ExpandedInputs(result, cppSources);

        bool Excluded(string root, string file) =>
            excludes.Count > 0 && exclude.Match(Path.GetRelativePath(root, file).Replace('\\', '/')).HasMatches;
    }

    private static bool IsLink(FileSystemInfo entry) => entry.Attributes.HasFlag(FileAttributes.ReparsePoint);

    /// <summary>
    /// The path with every linked component replaced by its target, component by component (a loop, no recursion;
    /// a chain of links longer than 40 is left as it is, as the operating system would refuse it too).
    /// </summary>
    public static string RealPath(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? "";
        var parts = new Queue<string>(fullPath[root.Length..].Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        var current = root;
        int links = 0;
        while (parts.Count > 0)
        {
            var part = parts.Dequeue();
            if (part == ".") continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            string? target = null;
            try
            {
                target = info.Exists ? info.LinkTarget : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Unreadable link: keep the path as written.
            }
            if (target is null || ++links > 40)
            {
                current = next;
                continue;
            }
            // Resolve the target's own components the same way: put them in front of what is left.
            var absolute = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
            var targetRoot = Path.GetPathRoot(absolute) ?? "";
            var rest = parts.ToArray();
            parts.Clear();
            foreach (var p in absolute[targetRoot.Length..].Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries)) parts.Enqueue(p);
            foreach (var p in rest) parts.Enqueue(p);
            current = targetRoot;
        }
        return current;
    }
}
