using StackLint.Sarif.Model;

namespace StackLint.Sarif;

/// <summary>The SARIF file could not be written; the message names the path and the cause (the CLI exits 2).</summary>
public sealed class SarifOutputException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Writes a log atomically: the bytes go to a temporary file beside the target, which then replaces the target in
/// one rename. A reader (an upload step, an IDE watching the file) sees the old file or the new one, never half of it.
/// </summary>
public static class SarifWriter
{
    public static void Write(SarifLog log, string path) => WriteBytes(SarifSerializer.Serialize(log), path);

    public static void WriteBytes(ReadOnlySpan<byte> content, string path)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new SarifOutputException($"Cannot write SARIF output to '{path}': {e.Message}", e);
        }
        var directory = Path.GetDirectoryName(full);
        if (directory is null || !Directory.Exists(directory))
            throw new SarifOutputException($"Cannot write SARIF output to '{path}': the folder '{directory ?? full}' does not exist.");
        if (Directory.Exists(full))
            throw new SarifOutputException($"Cannot write SARIF output to '{path}': it is a folder.");

        // Same folder as the target, so the final rename never crosses file systems.
        var temp = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                // No fsync: the rename is what keeps readers and killed runs from a half-written file, and forcing
                // tens of megabytes to disk cost more than the rest of a warm run. What a power cut right after the run
                // leaves is up to the file system (ext4, for one, writes the data before a replacing rename).
                stream.Flush();
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new SarifOutputException($"Cannot write SARIF output to '{path}': {e.Message}", e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the original error is what the user needs to see.
        }
    }
}
