using MemoryPack;

namespace StackLint.Frontend;

/// <summary>
/// For a nullable number or enum member of a <c>[MemoryPackable]</c> record: MemoryPack writes a <c>T?</c> as its memory
/// (flag, padding, value), and the padding, like a null's value, holds whatever memory held when the nullable was
/// built, so equal facts would not always give equal bytes (facts files, shard files, cache keys). This writes the
/// flag, and the value only when there is one. Put on a member as <c>[property: PlainNullable&lt;long&gt;]</c>; T must
/// itself have no padding (a number or an enum).
/// </summary>
public sealed class PlainNullableAttribute<T> : MemoryPackCustomFormatterAttribute<PlainNullableFormatter<T>, T?>
    where T : unmanaged
{
    public override PlainNullableFormatter<T> GetFormatter() => PlainNullableFormatter<T>.Instance;
}

/// <summary>Null as the byte 0; a value as the byte 1 and the value's bytes.</summary>
public sealed class PlainNullableFormatter<T> : MemoryPackFormatter<T?>
    where T : unmanaged
{
    public static readonly PlainNullableFormatter<T> Instance = new();

    public override void Serialize<TBufferWriter>(ref MemoryPackWriter<TBufferWriter> writer, scoped ref T? value)
    {
        if (value is { } set)
            writer.WriteUnmanaged((byte)1, set);
        else
            writer.WriteUnmanaged((byte)0);
    }

    public override void Deserialize(ref MemoryPackReader reader, scoped ref T? value) => value = reader.ReadUnmanaged<byte>() switch
    {
        0 => null,
        1 => reader.ReadUnmanaged<T>(),
        var flag => throw new MemoryPackSerializationException($"A nullable's flag is {flag}, not 0 or 1."),
    };
}
