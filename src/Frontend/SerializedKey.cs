using System.Buffers;
using System.Security.Cryptography;
using MemoryPack;
using MemoryPack.Formatters;

namespace StackLint.Frontend;

/// <summary>
/// Cache keys as the SHA-256 of a <c>[MemoryPackable]</c> value's bytes: a key covers every serialized member of the
/// settings it is built from, so a member added to them is part of every key without key code naming it. Members
/// that do not change the cached result (a thread count, a progress switch) opt out with <c>[MemoryPackIgnore]</c>.
/// </summary>
public static class SerializedKey
{
    /// <summary>64 lowercase hex digits: usable as a file name on every file system.</summary>
    public static string Of<T>(T value)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        // UTF-8 like the facts, so a key never depends on MemoryPack's choice of string encoding.
        MemoryPackSerializer.Serialize(buffer, value, MemoryPackSerializerOptions.Utf8);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }
}

/// <summary>
/// For a member of a keyed record that a constructor takes but the key must not cover (its content enters the key
/// another way, or it cannot change the result): writes nothing, reads the default. [MemoryPackIgnore] cannot be used
/// on a positional record's parameter, since MemoryPack then finds no member for it.
/// </summary>
public sealed class NotInKeyAttribute<T> : MemoryPackCustomFormatterAttribute<NotInKeyFormatter<T>, T>
{
    public override NotInKeyFormatter<T> GetFormatter() => NotInKeyFormatter<T>.Instance;
}

public sealed class NotInKeyFormatter<T> : MemoryPackFormatter<T>
{
    public static readonly NotInKeyFormatter<T> Instance = new();

    public override void Serialize<TBufferWriter>(ref MemoryPackWriter<TBufferWriter> writer, scoped ref T? value)
    {
    }

    public override void Deserialize(ref MemoryPackReader reader, scoped ref T? value) => value = default;
}

/// <summary>
/// For an optional path whose presence changes the result but whose value does not (an output file a stored report
/// is written to, wherever it is): the key covers whether it is set. Reads back "" for a set path.
/// </summary>
public sealed class KeyByPresenceAttribute : MemoryPackCustomFormatterAttribute<KeyByPresenceFormatter, string?>
{
    public override KeyByPresenceFormatter GetFormatter() => KeyByPresenceFormatter.Instance;
}

public sealed class KeyByPresenceFormatter : MemoryPackFormatter<string?>
{
    public static readonly KeyByPresenceFormatter Instance = new();

    public override void Serialize<TBufferWriter>(ref MemoryPackWriter<TBufferWriter> writer, scoped ref string? value) =>
        writer.WriteUnmanaged(value is not null);

    public override void Deserialize(ref MemoryPackReader reader, scoped ref string? value) =>
        value = reader.ReadUnmanaged<bool>() ? "" : null;
}
