namespace StackLint.Frontend;

/// <summary>
/// Whole-file writes that other threads, other runs and killed runs see as the old file, the new one, or none:
/// a temporary file in the target's folder, then one rename.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, byte[] content)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllBytes(temp, content);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// For a file named after a hash of its content: nothing to do when it exists, and when a concurrent writer's
    /// rename wins (Windows refuses to replace a file another process has open), its identical file is kept.
    /// </summary>
    public static void WriteOnce(string path, byte[] content)
    {
        if (File.Exists(path))
        {
            return;
        }

        try
        {
            Write(path, content);
        }
        catch (IOException) when (File.Exists(path))
        {
        }
    }
}
