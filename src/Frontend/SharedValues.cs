using MemoryPack;

namespace StackLint.Frontend;

/// <summary>
/// Writes a value that repeats across one file's facts (the file's path in every location, a type in every local and
/// argument) once, and a number where it comes again; reading gives every occurrence the same instance, so a warm
/// run holds one string or <see cref="Facts.TypeLayout"/> per distinct value instead of one per use. Put on a member
/// as <c>[property: Shared&lt;T&gt;]</c>: only a size and speed choice, facts mean the same without it.
/// </summary>
public sealed class SharedAttribute<T> : MemoryPackCustomFormatterAttribute<SharedFormatter<T>, T>
    where T : class
{
    public override SharedFormatter<T> GetFormatter() => SharedFormatter<T>.Instance;
}

/// <summary>
/// The table of one serialization call, passed to <see cref="SharedFormatter{T}"/> as the options' service provider
/// (MemoryPack's way to hand a formatter state of the call): values by first appearance, compared by value.
/// </summary>
public sealed class SharedValues : IServiceProvider
{
    private readonly Dictionary<object, int> _written = [];
    private readonly List<object> _read = [];

    public object? GetService(Type serviceType) => serviceType == typeof(SharedValues) ? this : null;

    internal bool TryWrite(object value, out int index)
    {
        if (_written.TryGetValue(value, out index)) return true;
        _written.Add(value, _written.Count);
        return false;
    }

    internal void Read(object value) => _read.Add(value);

    internal T Get<T>(int index) where T : class =>
        (uint)index < (uint)_read.Count && _read[index] is T value
            ? value
            : throw new MemoryPackSerializationException($"Shared value {index} is not one of the {_read.Count} read so far.");
}

/// <summary>
/// Null as 0, a value's first appearance as 1 and the value, a repeat as 2 plus its index in the call's
/// <see cref="SharedValues"/>. Without a table (a cache key's bytes) every value is written in full.
/// </summary>
public sealed class SharedFormatter<T> : MemoryPackFormatter<T>
    where T : class
{
    public static readonly SharedFormatter<T> Instance = new();

    public override void Serialize<TBufferWriter>(ref MemoryPackWriter<TBufferWriter> writer, scoped ref T? value)
    {
        if (value is null)
        {
            writer.WriteUnmanaged(0);
            return;
        }
        if (writer.Options.ServiceProvider is SharedValues table && table.TryWrite(value, out int index))
        {
            writer.WriteUnmanaged(index + 2);
            return;
        }
        writer.WriteUnmanaged(1);
        writer.WriteValue(value);
    }

    public override void Deserialize(ref MemoryPackReader reader, scoped ref T? value)
    {
        int marker = reader.ReadUnmanaged<int>();
        if (marker == 0)
        {
            value = null;
            return;
        }
        var table = reader.Options.ServiceProvider as SharedValues
            ?? throw new MemoryPackSerializationException("Shared values read without a table.");
        if (marker == 1)
        {
            value = reader.ReadValue<T>() ?? throw new MemoryPackSerializationException("A shared value is null.");
            table.Read(value);
            return;
        }
        value = table.Get<T>(marker - 2);
    }
}
