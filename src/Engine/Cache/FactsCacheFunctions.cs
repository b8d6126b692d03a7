using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;
using MemoryPack;
using StackLint.Frontend;
using StackLint.Frontend.Facts;

namespace StackLint.Engine.Cache;

/// <summary>
/// Header functions stored once by content. A driver's units each carry their own copy of the header functions they
/// see (a file-system driver's compatibility headers put a few hundred into each of its files), and the copies units
/// see under the same macros have the same <see cref="FunctionFacts.ContentHash"/>. A facts entry keeps its own file's
/// functions and names each header function by that hash; <c>functions/&lt;build&gt;/&lt;hash&gt;.bin</c> holds the function
/// once, so loading a driver reads each distinct header function once instead of once per unit. Each tool build has a
/// folder of its own under <c>functions/</c>, so builds sharing a cache folder never replace each other's entries.
/// <para>
/// A function entry is a header line (format, tool build, hash), then <see cref="FactsSerializer"/>'s envelope. One that
/// is missing, of another build or damaged makes every unit naming it a miss (one warning line each, then a parse,
/// whose store writes it again); a damaged one is deleted so that store can.
/// </para>
/// </summary>
public sealed partial class FactsCache
{
    /// <summary>Function entries this run read, by hash (null: missing or unusable), each read once per run.</summary>
    private readonly ConcurrentDictionary<string, FunctionFacts?> _sharedFunctions = new(StringComparer.Ordinal);

    /// <summary>The folder of a tool build's function entries, under <c>functions/</c>.</summary>
    private static string FunctionFolder(string tool) => ContentHashes.OfText(tool)[..24];

    private string FunctionPath(string hash) => Path.Combine(_functionsDir, hash + ".bin");

    private byte[] FunctionHeader(string hash) => Encoding.UTF8.GetBytes($"stacklint-function {Format} {_tool} {hash}\n");

    /// <summary>What a facts entry holds: the unit without its header functions, and where each of them goes.</summary>
    private StoredFacts Split(TranslationUnitFacts facts)
    {
        var own = ImmutableArray.CreateBuilder<FunctionFacts>();
        var slots = new string?[facts.Functions.Length];
        for (int i = 0; i < slots.Length; i++)
        {
            var function = facts.Functions[i];
            if (function.ContentHash is { } hash && IsHash(hash))
            {
                slots[i] = hash;
                var path = FunctionPath(hash);
                // Serialized only when missing: most header functions of a parse are stored already, by other units.
                if (!File.Exists(path)) AtomicFile.WriteOnce(path, [.. FunctionHeader(hash), .. FactsSerializer.Serialize(function)]);
            }
            else
            {
                own.Add(function);
            }
        }
        return new StoredFacts(facts with { Functions = own.ToImmutable() }, [.. slots]);
    }

    /// <summary>The unit a facts entry describes, its header functions read from their entries.</summary>
    /// <exception cref="FormatException">A header function it names is missing or unusable, or the entry is inconsistent.</exception>
    private TranslationUnitFacts Join(StoredFacts stored)
    {
        var own = stored.Unit.Functions;
        var functions = new FunctionFacts[stored.Slots.Length];
        int next = 0;
        for (int i = 0; i < functions.Length; i++)
        {
            if (stored.Slots[i] is not { } hash)
            {
                if (next >= own.Length) throw new FormatException("the entry names more of its own functions than it holds");
                functions[i] = own[next++];
                continue;
            }
            var shared = _sharedFunctions.GetOrAdd(hash, static (hash, cache) => cache.ReadFunction(hash), this)
                ?? throw new FormatException($"the header function it names ({hash}) is missing or damaged in '{_functionsDir}'");
            // A copy of its own: the model keys functions by reference to tell which unit each copy belongs to.
            functions[i] = shared with { };
        }
        if (next != own.Length) throw new FormatException("the entry holds functions it does not place");
        return stored.Unit with { Functions = ImmutableArray.Create(functions) };
    }

    private FunctionFacts? ReadFunction(string hash)
    {
        if (!IsHash(hash)) return null;
        var path = FunctionPath(hash);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var header = FunctionHeader(hash);
        try
        {
            if (bytes.AsSpan().StartsWith(header)
                && FactsSerializer.Deserialize<FunctionFacts>(bytes.AsSpan(header.Length)) is { } function && function.ContentHash == hash)
                return function;
        }
        catch (FormatException)
        {
        }
        // Damaged or of another build: gone, so that the parse this miss causes stores it again.
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }

    /// <summary>A content hash as the extractor writes it (lower-case hex), so it can name a file.</summary>
    private static bool IsHash(string hash) => hash.Length is > 0 and <= 64 && hash.All(char.IsAsciiHexDigitLower);
}

/// <summary>
/// A facts entry: the unit with only the functions that are not stored by content, and one slot per function of the
/// unit in its order, null for the next of those and the content hash of a stored header function otherwise.
/// </summary>
[MemoryPackable]
internal sealed partial record StoredFacts(TranslationUnitFacts Unit, ImmutableArray<string?> Slots);
