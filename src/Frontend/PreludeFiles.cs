using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace StackLint.Frontend;

/// <summary>
/// The kernel prelude headers embedded in this assembly (resources named StackLint.Prelude.*), extracted to a
/// directory named after a hash of their content so different StackLint versions never share a stale copy.
/// Extraction writes into a private temporary directory and renames it into place, so concurrent processes
/// either win the rename or find a complete directory.
/// </summary>
public static class PreludeFiles
{
    private const string ResourcePrefix = "StackLint.Prelude.";

    /// <summary>File names and contents of the embedded prelude, sorted by name.</summary>
    public static IReadOnlyList<(string Name, byte[] Content)> Read() => Read(typeof(PreludeFiles).Assembly);

    internal static IReadOnlyList<(string Name, byte[] Content)> Read(Assembly assembly)
    {
        var result = new List<(string, byte[])>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            result.Add((resource[ResourcePrefix.Length..], buffer.ToArray()));
        }

        return result;
    }

    /// <summary>Extracts the prelude (once) and returns its directory, to be passed with -isystem.</summary>
    /// <param name="cacheDirectory">Parent directory; defaults to &lt;temp&gt;/stacklint.</param>
    public static string EnsureExtracted(string? cacheDirectory = null) => Extract(Read(), cacheDirectory);

    internal static string Extract(IReadOnlyList<(string Name, byte[] Content)> files, string? cacheDirectory)
    {
        var root = cacheDirectory ?? Path.Combine(Path.GetTempPath(), "stacklint");
        var target = Path.Combine(root, "prelude-" + Hash(files));
        if (IsComplete(target, files))
        {
            return target;
        }

        Directory.CreateDirectory(root);
        var staging = Path.Combine(root, $".prelude-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            foreach (var (name, content) in files)
            {
                File.WriteAllBytes(Path.Combine(staging, name), content);
            }

            try
            {
                Directory.Move(staging, target);
            }
            catch (IOException) when (IsComplete(target, files))
            {
                // Another process renamed its copy first; theirs has identical content.
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                TryDelete(staging);
            }
        }

        if (!IsComplete(target, files))
        {
            throw new IOException($"Could not extract the StackLint kernel prelude into '{target}'.");
        }

        return target;
    }

    private static bool IsComplete(string dir, IReadOnlyList<(string Name, byte[] Content)> files) =>
        Directory.Exists(dir) && files.All(f => File.Exists(Path.Combine(dir, f.Name)) && new FileInfo(Path.Combine(dir, f.Name)).Length == f.Content.Length);

    private static string Hash(IReadOnlyList<(string Name, byte[] Content)> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, content) in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(name));
            sha.AppendData([0]);
            sha.AppendData(BitConverter.GetBytes((long)content.Length));
            sha.AppendData(content);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover staging directory is harmless; the next run does not look at it.
        }
    }
}
