using Microsoft.Extensions.FileSystemGlobbing;

namespace StackLint.Cli;

/// <summary>A source file to analyze and the command-line root it was found under (a folder argument, or its own folder).</summary>
public sealed record InputFile(string FullPath, string Root);

/// <summary>Expands the PATH arguments: files as given, folders recursively into *.c, minus --exclude globs.</summary>
public static class InputFiles
{
    public static IReadOnlyList<InputFile> Expand(IReadOnlyList<string> paths, IReadOnlyList<string> excludes, string currentDirectory)
    {
        var result = new List<InputFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var exclude = new Matcher(StringComparison.OrdinalIgnoreCase);
        exclude.AddIncludePatterns(excludes);

        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path, currentDirectory);
            if (Directory.Exists(full))
            {
                // Folders are walked with an explicit stack (no recursion) and in ordinal order so runs are stable.
                var files = new List<string>();
                var pending = new Stack<string>();
                pending.Push(full);
                while (pending.Count > 0)
                {
                    var dir = pending.Pop();
                    string[] entries, subdirs;
                    try
                    {
                        entries = Directory.GetFiles(dir, "*.c");
                        subdirs = Directory.GetDirectories(dir);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        throw new CliException(ExitCodes.UsageError, $"{dir}: cannot read folder: {e.Message}");
                    }
                    files.AddRange(entries.Where(f => f.EndsWith(".c", StringComparison.OrdinalIgnoreCase)));
                    foreach (var sub in subdirs.OrderByDescending(d => d, StringComparer.Ordinal))
                    {
                        var name = Path.GetFileName(sub);
                        // Build output and tool folders never hold driver sources worth analyzing.
                        if (name is ".git" or ".vs" or "node_modules" or ".stacklint-cache" or "bin" or "obj") continue;
                        pending.Push(sub);
                    }
                }

                foreach (var file in files.OrderBy(f => f, StringComparer.Ordinal))
                {
                    var relative = Path.GetRelativePath(full, file).Replace('\\', '/');
                    if (excludes.Count > 0 && exclude.Match(relative).HasMatches) continue;
                    if (seen.Add(file)) result.Add(new InputFile(file, full));
                }
            }
            else if (File.Exists(full))
            {
                var relative = Path.GetRelativePath(currentDirectory, full).Replace('\\', '/');
                if (excludes.Count > 0 && exclude.Match(relative).HasMatches) continue;
                if (seen.Add(full)) result.Add(new InputFile(full, Path.GetDirectoryName(full)!));
            }
            else
            {
                throw new CliException(ExitCodes.UsageError, $"{path}: no such file or folder");
            }
        }

        return result;
    }
}
