using System.Security.Cryptography;
using MemoryPack;

namespace StackLint.Engine.Cache;

/// <summary>
/// The file layout of a stored entry (a program's findings, a rendered report): a header line naming the format and
/// the key, the payload, and a SHA-256 over the payload. An entry of another format or key, or one a killed run left
/// half written, then reads as a miss instead of as wrong data.
/// </summary>
public static class SealedEntry
{
    public static byte[] Seal(ReadOnlySpan<byte> header, ReadOnlySpan<byte> body)
    {
        var content = new byte[header.Length + body.Length + SHA256.HashSizeInBytes];
        header.CopyTo(content);
        body.CopyTo(content.AsSpan(header.Length));
        SHA256.HashData(body, content.AsSpan(header.Length + body.Length));
        return content;
    }

    /// <summary>Where the payload of a sealed entry lies in <paramref name="content"/>; false when it is not one sealed under this header.</summary>
    public static bool TryOpen(byte[] content, ReadOnlySpan<byte> header, out int bodyOffset, out int bodyLength)
    {
        bodyOffset = header.Length;
        bodyLength = content.Length - header.Length - SHA256.HashSizeInBytes;
        if (bodyLength < 0 || !content.AsSpan().StartsWith(header)) return false;
        return SHA256.HashData(content.AsSpan(bodyOffset, bodyLength)).AsSpan().SequenceEqual(content.AsSpan(bodyOffset + bodyLength));
    }

    /// <summary>
    /// Reads the entry stored at <paramref name="path"/> and finds its payload (<see cref="TryOpen"/>); false when the
    /// file is missing, cannot be read, or is not one sealed under this header: every such case is a cache miss.
    /// </summary>
    public static bool TryRead(string path, ReadOnlySpan<byte> header, out byte[] content, out int bodyOffset, out int bodyLength)
    {
        (content, bodyOffset, bodyLength) = ([], 0, 0);
        try
        {
            if (!File.Exists(path)) return false;
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        return TryOpen(content, header, out bodyOffset, out bodyLength);
    }
}

/// <summary>A file an entry depends on, by content (a configuration file, a project file, a baseline).</summary>
[MemoryPackable]
public sealed partial record FileDigest(string Path, string Hash)
{
    public static FileDigest Of(string path) => new(path, HashOf(path));

    /// <summary>The SHA-256 of a file's bytes, or "unreadable": a file that cannot be read is still part of the key.</summary>
    public static string HashOf(string path)
    {
        try
        {
            return Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unreadable";
        }
    }
}
