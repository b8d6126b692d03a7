using System.Text;
using MemoryPack;
using StackLint.Engine.Cache;
using StackLint.Frontend;
using StackLint.Frontend.Facts;

namespace StackLint.Engine.Shards;

/// <summary>
/// One file's facts as a shard writes them: the facts plus where the file sits in the whole run (its index among
/// all inputs, the input count, and the command-line root it was found under), so <c>link</c> can put the run
/// back together in the order and program grouping a single-machine run would have used.
/// <para>
/// On disk: a header line naming the format and the tool build, then the record in the facts cache's contract
/// (<see cref="FactsSerializer"/>: MemoryPack with a schema version and a checksum).
/// </para>
/// </summary>
[MemoryPackable]
public sealed partial record ShardFacts(int Index, int Count, string Root, TranslationUnitFacts Facts)
{
    private const int Format = 2;
    public const string Extension = ".facts";

    public byte[] ToBytes() => [.. Header(FactsCache.ToolBuild), .. FactsSerializer.Serialize(this)];

    /// <exception cref="FormatException">Not a shard facts file, one from another StackLint build, or damaged.</exception>
    public static ShardFacts Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var header = Header(FactsCache.ToolBuild);
        if (!bytes.AsSpan().StartsWith(header))
        {
            // Facts from another build may have been extracted differently: mixing them would make a report no single run gives.
            int end = bytes.AsSpan(0, Math.Min(bytes.Length, 512)).IndexOf((byte)'\n');
            var line = end < 0 ? "" : Encoding.UTF8.GetString(bytes, 0, end);
            var words = line.Split(' ');
            throw new FormatException(words is ["stacklint-shard", var format, var tool] && format == Format.ToString(System.Globalization.CultureInfo.InvariantCulture)
                ? $"written by another StackLint build ({tool}); run every shard and link with the same build"
                : "unsupported shard facts format");
        }
        return FactsSerializer.Deserialize<ShardFacts>(bytes.AsSpan(header.Length));
    }

    private static byte[] Header(string tool) => Encoding.UTF8.GetBytes($"stacklint-shard {Format} {tool}\n");
}
