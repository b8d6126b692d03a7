using System.Text;
using StackLint.Frontend;
using Xunit;

namespace StackLint.Tests.Frontend;

/// <summary>The names of a precompiled header's headers, kept beside it: read back only under the stamp they were kept with.</summary>
public sealed class HeaderNamesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stacklint-names-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private HeaderNames Read(string text)
    {
        var path = Path.Combine(_dir, "k.h");
        File.WriteAllText(path, text);
        return HeaderNames.Read([path])!;
    }

    [Fact]
    public void Kept_names_read_back_as_the_same_sets()
    {
        var names = Read("#ifndef K_H\n#define K_H\n#undef OLD\ntypedef int KTYPE; /* COMMENTED */\n#endif\n");
        var kept = HeaderNames.FromBytes(names.ToBytes("stamp1"), "stamp1");
        Assert.NotNull(kept);
        Assert.Equal(names.Named.Order(StringComparer.Ordinal), kept.Named.Order(StringComparer.Ordinal));
        Assert.Equal(names.Defined.Order(StringComparer.Ordinal), kept.Defined.Order(StringComparer.Ordinal));
        Assert.Contains("KTYPE", kept.Named);
        Assert.Equal(["K_H", "OLD"], kept.Defined.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Kept_names_answer_whole_names_of_their_own_section()
    {
        var names = Read("#ifndef K_H\n#define K_H\ntypedef int KTYPE;\n#endif\n");
        var kept = HeaderNames.FromBytes(names.ToBytes("stamp1"), "stamp1")!;
        foreach (var name in new[] { "K_H", "KTYPE", "KTYP", "TYPE", "K", "int", "typedef", "endif", "stamp1", "" })
        {
            Assert.Equal(names.IsNamed(name), kept.IsNamed(name));
            Assert.Equal(names.IsDefined(name), kept.IsDefined(name));
        }

        Assert.True(kept.IsNamed("KTYPE"));
        Assert.False(kept.IsNamed("KTYP"));
        Assert.True(kept.IsDefined("K_H"));
        Assert.False(kept.IsDefined("KTYPE"));
        var empty = HeaderNames.FromBytes(Read("/* nothing */\n").ToBytes("s"), "s")!;
        Assert.Empty(empty.Named);
        Assert.False(empty.IsNamed("nothing"));
        Assert.False(empty.IsDefined(""));
    }

    [Fact]
    public void Names_kept_under_another_stamp_or_cut_short_are_not_read()
    {
        var bytes = Read("#define ONLY 1\n").ToBytes("stamp1");
        Assert.Null(HeaderNames.FromBytes(bytes, "stamp2"));
        Assert.Null(HeaderNames.FromBytes(bytes[..^1], "stamp1"));
        Assert.Null(HeaderNames.FromBytes(Encoding.UTF8.GetBytes("something else\n"), "stamp1"));

        // Cut at the line break after a defined name, the file still looks whole line by line: the end line tells.
        var two = Read("#define FIRST 1\n#define SECOND 2\n").ToBytes("stamp1");
        var text = Encoding.UTF8.GetString(two);
        var cut = text[..(text.IndexOf("FIRST\n", text.IndexOf("\n\n", StringComparison.Ordinal), StringComparison.Ordinal) + "FIRST\n".Length)];
        Assert.Null(HeaderNames.FromBytes(Encoding.UTF8.GetBytes(cut), "stamp1"));
        Assert.True(HeaderNames.FromBytes(two, "stamp1")!.IsDefined("SECOND"));
    }
}
