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
    /// <param name="listings">Folders already listed for other overlays of the run (each file's overlay repeats its driver's include folders).</param>
    public static string? Write(IEnumerable<string> directories, string cacheDirectory, Listings? listings = null)
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

        var json = Build(roots, listings ?? new Listings());
        var hash = Convert.ToHexStringLower(SHA256.HashData(json))[..16];
        Directory.CreateDirectory(cacheDirectory);
        var path = Path.Combine(cacheDirectory, $"case-overlay-{hash}.json");
        AtomicFile.WriteOnce(path, json);
        return path;
    }

    /// <summary>
    /// Files an #include names in C driver code; anything else only bloats the overlay clang reads per parse. Source
    /// files (.c) are left out: clang reads the whole overlay for every file it parses, so listing the sources made
    /// each parse cost grow with the size of the tree (2,000 files parsed 2.5 times slower than 1,000). The price is
    /// that an '#include "Other.C"' spelled in another case than the file is only found on a case-insensitive disk.
    /// </summary>
    private static readonly HashSet<string> IncludableExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".h", ".hh", ".hpp", ".hxx", ".inl", ".inc", ".tmh", ".def", ".ver", ".rh", ".x",
    };

    private sealed class Node(string fullPath, string name)
    {
        public string FullPath { get; } = fullPath;
        public string Name { get; } = name;
        public List<Node> Directories { get; } = [];
        public List<string> Files { get; } = [];
        public bool Keep { get; set; }
    }

    internal static byte[] Build(IReadOnlyList<string> roots) => Build(roots, new Listings());

    private static byte[] Build(IReadOnlyList<string> roots, Listings listings)
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
                var tree = Collect(root, listings, ref entries);
                if (tree.Keep)
                {
                    Write(w, tree);
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    // Trees are collected, pruned and written with explicit stacks: directory depth never becomes call depth.
    private static Node Collect(string root, Listings listings, ref int entries)
    {
        var top = new Node(root, root);
        var order = new List<Node>();
        var stack = new Stack<(Node Node, int Depth)>();
        stack.Push((top, 0));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            order.Add(node);
            var listing = listings.Of(node.FullPath);
            if (listing.IsStacklintCache)
            {
                continue;
            }

            foreach (var child in listing.Entries)
            {
                var name = Path.GetFileName(child.Path);
                if (child.IsDirectory)
                {
                    // .git, .vs, .stacklint-cache and the like never hold headers and can be huge.
                    if (depth + 1 <= MaxDepth && !name.StartsWith('.') && !child.IsLink)
                    {
                        var sub = new Node(child.Path, name);
                        node.Directories.Add(sub);
                        stack.Push((sub, depth + 1));
                    }
                }
                else if (IncludableExtensions.Contains(Path.GetExtension(name)) && entries < MaxEntries)
                {
                    entries++;
                    node.Files.Add(child.Path);
                }
            }
        }

        // Children were discovered after their parents, so walking backwards settles every child first.
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var node = order[i];
            node.Keep = node.Files.Count > 0 || node.Directories.Any(d => d.Keep);
        }

        return top;
    }

    private static void Write(Utf8JsonWriter w, Node root)
    {
        var stack = new Stack<(Node Node, List<Node> Kept, int Next)>();
        Open(w, root);
        stack.Push((root, root.Directories.Where(d => d.Keep).ToList(), 0));
        while (stack.Count > 0)
        {
            var (node, kept, next) = stack.Pop();
            if (next < kept.Count)
            {
                stack.Push((node, kept, next + 1));
                var child = kept[next];
                Open(w, child);
                stack.Push((child, child.Directories.Where(d => d.Keep).ToList(), 0));
                continue;
            }

            foreach (var file in node.Files)
            {
                w.WriteStartObject();
                w.WriteString("type", "file");
                w.WriteString("name", Path.GetFileName(file));
                w.WriteString("external-contents", file);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
    }

    private static void Open(Utf8JsonWriter w, Node node)
    {
        w.WriteStartObject();
        w.WriteString("type", "directory");
        w.WriteString("name", node.Name);
        w.WriteStartArray("contents");
    }

    /// <summary>One folder's entries in ordinal order, and whether it is a stacklint cache (whose entries are never listed).</summary>
    internal sealed record Listing(bool IsStacklintCache, IReadOnlyList<(string Path, bool IsDirectory, bool IsLink)> Entries);

    /// <summary>
    /// Folders as one run lists them, each once: the overlays of a driver's files differ in the file's own folder and
    /// share the driver's include folders, which would otherwise be walked again for every one of them.
    /// </summary>
    public sealed class Listings
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Listing> _seen = new(StringComparer.Ordinal);

        internal Listing Of(string dir) => _seen.GetOrAdd(dir, static d => Read(d));

        private static Listing Read(string dir)
        {
            var children = List(dir);
            if (IsStacklintCache(children))
            {
                return new Listing(true, []);
            }

            var entries = new List<(string, bool, bool)>(children.Count);
            foreach (var child in children)
            {
                bool isDirectory = Directory.Exists(child);
                entries.Add((child, isDirectory, isDirectory && !Path.GetFileName(child).StartsWith('.') && IsLink(child)));
            }

            return new Listing(false, entries);
        }
    }

    private static List<string> List(string dir)
    {
        try
        {
            return Directory.GetFileSystemEntries(dir).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>How the facts cache's .gitignore begins (StackLint.Cli's FactsCache writes it; a test ties the two).</summary>
    private static ReadOnlySpan<byte> CacheMarker => "# Created by stacklint"u8;

    /// <summary>
    /// A facts cache folder, wherever --cache-dir put it, holds thousands of entries and never an #include target.
    /// It is known by the .gitignore the cache writes, so only folders that have one cost an extra read.
    /// </summary>
    private static bool IsStacklintCache(List<string> entries)
    {
        var ignore = entries.Find(e => Path.GetFileName(e) == ".gitignore");
        if (ignore is null)
        {
            return false;
        }

        try
        {
            using var stream = new FileStream(ignore, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> head = stackalloc byte[CacheMarker.Length];
            return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual(CacheMarker);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
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
