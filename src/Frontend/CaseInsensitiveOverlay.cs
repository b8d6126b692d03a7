using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace StackLint.Frontend;

/// <summary>
/// Driver sources are written on Windows, where '#include "NtStrSafe.h"' finds ntstrsafe.h. On a case-sensitive
/// file system clang would not, so we give it a virtual file system overlay (-ivfsoverlay) with
/// 'case-sensitive': false that lists every file under the user's include directories: lookups through the
/// overlay ignore case and map to the real file; everything else falls through to the disk.
/// The overlay is JSON (a subset of the YAML clang reads), written once under a content-hashed name.
/// </summary>
internal static class CaseInsensitiveOverlay
{
    private const int MaxEntries = 20_000;
    private const int MaxDepth = 8;

    /// <summary>Writes the overlay for the directories and returns its path, or null when there is nothing to map.</summary>
    public static string? Write(IEnumerable<string> directories, string cacheDirectory)
    {
        var roots = directories
            .Where(Directory.Exists)
            .Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (roots.Count == 0)
        {
            return null;
        }

        var json = Build(roots);
        var hash = Convert.ToHexStringLower(SHA256.HashData(json))[..16];
        Directory.CreateDirectory(cacheDirectory);
        var path = Path.Combine(cacheDirectory, $"case-overlay-{hash}.json");
        if (!File.Exists(path))
        {
            var staging = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(staging, json);
            try
            {
                File.Move(staging, path, overwrite: true);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(staging);
            }
        }

        return path;
    }

    internal static byte[] Build(IReadOnlyList<string> roots)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            w.WriteNumber("version", 0);
            w.WriteString("case-sensitive", "false");
            w.WriteStartArray("roots");
            var entries = 0;
            foreach (var root in roots)
            {
                WriteDirectory(w, root, root, ref entries);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    // Directory trees are walked with an explicit stack of open JSON arrays: depth of the tree never becomes
    // depth of the managed call stack.
    private static void WriteDirectory(Utf8JsonWriter w, string root, string name, ref int entries)
    {
        var stack = new Stack<(string Dir, IEnumerator<string> Children, int Depth)>();
        w.WriteStartObject();
        w.WriteString("type", "directory");
        w.WriteString("name", name);
        w.WriteStartArray("contents");
        stack.Push((root, List(root).GetEnumerator(), 0));
        while (stack.Count > 0)
        {
            var (dir, children, depth) = stack.Peek();
            if (!children.MoveNext())
            {
                children.Dispose();
                stack.Pop();
                w.WriteEndArray();
                w.WriteEndObject();
                continue;
            }

            var child = children.Current;
            if (entries++ >= MaxEntries)
            {
                continue;
            }

            if (Directory.Exists(child))
            {
                // .git, .vs and the like never hold headers and can be huge.
                if (depth + 1 > MaxDepth || Path.GetFileName(child).StartsWith('.') || IsLink(child))
                {
                    continue;
                }

                w.WriteStartObject();
                w.WriteString("type", "directory");
                w.WriteString("name", Path.GetFileName(child));
                w.WriteStartArray("contents");
                stack.Push((child, List(child).GetEnumerator(), depth + 1));
            }
            else
            {
                w.WriteStartObject();
                w.WriteString("type", "file");
                w.WriteString("name", Path.GetFileName(child));
                w.WriteString("external-contents", child);
                w.WriteEndObject();
            }
        }
    }

    private static IEnumerable<string> List(string dir)
    {
        try
        {
            return Directory.GetFileSystemEntries(dir).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }
    }

    private static bool IsLink(string dir)
    {
        try
        {
            return new DirectoryInfo(dir).LinkTarget is not null;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
