using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using MemoryPack;
using StackLint.Frontend.Facts;

namespace StackLint.Frontend;

/// <summary>
/// Facts on disk, the one contract the facts cache and the shard files share: the <c>[MemoryPackable]</c> records
/// serialized by MemoryPack's generated code (no field list is kept by hand), in a small envelope.
/// <para>
/// Layout: magic "SLFM", <see cref="TranslationUnitFacts.SchemaVersion"/>, the payload length, the MemoryPack payload,
/// and the SHA-256 of the payload. MemoryPack's layout follows the records' member order and trusts its input, so the
/// envelope is what refuses data it did not write: another magic or schema version, a length that does not match, a
/// damaged byte (checksum), bytes left over. Each is a <see cref="FormatException"/>, so a cache entry is parsed
/// again and a shard file is named as unusable, never decoded into other facts. Strings are UTF-8, members marked
/// <see cref="SharedAttribute{T}"/> are written once per file, and the same value always gives the same bytes (nullable
/// numbers through <see cref="PlainNullableAttribute{T}"/>, since MemoryPack would write their padding).
/// </para>
/// </summary>
public static class FactsSerializer
{
    private static ReadOnlySpan<byte> Magic => "SLFM"u8;
    private const int HeaderLength = 12;
    private const int ChecksumLength = SHA256.HashSizeInBytes;

    /// <summary>
    /// UTF-8 (driver paths and identifiers are ASCII: half the bytes of MemoryPack's default UTF-16), and a table of
    /// the call's <see cref="SharedAttribute{T}"/> values.
    /// </summary>
    private static MemoryPackSerializerOptions Options() => MemoryPackSerializerOptions.Utf8 with { ServiceProvider = new SharedValues() };

    public static byte[] Serialize(TranslationUnitFacts facts) => Serialize<TranslationUnitFacts>(facts);

    /// <exception cref="FormatException">Not serialized facts, from another schema version, or damaged.</exception>
    public static TranslationUnitFacts Deserialize(ReadOnlySpan<byte> data) => Deserialize<TranslationUnitFacts>(data);

    /// <summary>Any <c>[MemoryPackable]</c> value that carries facts (a shard file's record), in the same envelope.</summary>
    public static byte[] Serialize<T>(T value) where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        var buffer = new ArrayBufferWriter<byte>(4096);
        buffer.Advance(HeaderLength);
        MemoryPackSerializer.Serialize(buffer, value, Options());
        int payloadLength = buffer.WrittenCount - HeaderLength;
        var output = new byte[buffer.WrittenCount + ChecksumLength];
        buffer.WrittenSpan.CopyTo(output);
        Magic.CopyTo(output);
        BinaryPrimitives.WriteInt32LittleEndian(output.AsSpan(4), TranslationUnitFacts.SchemaVersion);
        BinaryPrimitives.WriteInt32LittleEndian(output.AsSpan(8), payloadLength);
        SHA256.HashData(output.AsSpan(HeaderLength, payloadLength), output.AsSpan(HeaderLength + payloadLength));
        return output;
    }

    /// <summary>
    /// A hash of a function's facts: equal for the copies of a header function that units see under the same macros,
    /// different when a macro changed anything the facts hold (a buffer's size, a call, a constant). Hashed over the
    /// facts' own encoding, which gives equal facts equal bytes; without a table of shared values, so each value is
    /// written in full and the bytes do not depend on what else the call wrote.
    /// </summary>
    public static string ContentHash(FunctionFacts function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var buffer = new ArrayBufferWriter<byte>(4096);
        MemoryPackSerializer.Serialize(buffer, function with { ContentHash = null }, MemoryPackSerializerOptions.Utf8);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan)[..16]);
    }

    /// <exception cref="FormatException">Not serialized facts, from another schema version, or damaged.</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> data) where T : class
    {
        if (data.Length < HeaderLength + ChecksumLength || !data[..4].SequenceEqual(Magic))
            throw new FormatException("Not StackLint facts.");
        int version = BinaryPrimitives.ReadInt32LittleEndian(data[4..]);
        if (version != TranslationUnitFacts.SchemaVersion)
            throw new FormatException($"Facts schema version {version} is not the supported version {TranslationUnitFacts.SchemaVersion}.");
        int length = BinaryPrimitives.ReadInt32LittleEndian(data[8..]);
        if (length < 0 || length != data.Length - HeaderLength - ChecksumLength)
            throw new FormatException($"The facts payload should be {length} bytes, the data holds {data.Length - HeaderLength - ChecksumLength}.");
        var payload = data.Slice(HeaderLength, length);
        Span<byte> checksum = stackalloc byte[ChecksumLength];
        SHA256.HashData(payload, checksum);
        if (!checksum.SequenceEqual(data[(HeaderLength + length)..]))
            throw new FormatException("The facts checksum does not match: the data is damaged.");

        T? value = null;
        int read;
        try
        {
            read = MemoryPackSerializer.Deserialize(payload, ref value, Options());
        }
        catch (Exception e) when (e is MemoryPackSerializationException or ArgumentException or IndexOutOfRangeException or InvalidOperationException or OverflowException or InvalidCastException)
        {
            // Only reachable for bytes with a valid checksum that another layout wrote under the same schema version.
            throw new FormatException($"Not facts of this StackLint build: {e.Message}", e);
        }
        if (value is null) throw new FormatException("The facts payload holds no facts.");
        if (read != length) throw new FormatException($"{length - read} unexpected byte(s) after the facts.");
        return value;
    }
}
