using System.Security.Cryptography;
using System.Text;
using StackLint.Frontend;
using Xunit;

namespace StackLint.Tests.Frontend;

/// <summary>
/// The one source-file type: every encoding a driver source is saved in gives the same text, lines, clang bytes and
/// columns, and the hash is of the stored bytes (what the facts cache keys on).
/// </summary>
public sealed class SourceFileTests
{
    private const string Body = "int Fill(void)\n{\n    char buffer[4000]; /* é */\n    return buffer[0];\n}\n";

    public static TheoryData<string, byte[]> Encodings => new()
    {
        { "utf8", Encoding.UTF8.GetBytes(Body) },
        { "utf8-bom", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Body)] },
        { "utf16le-crlf", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Body.Replace("\n", "\r\n", StringComparison.Ordinal))] },
        { "utf16be", [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(Body)] },
        { "utf32le", [0xFF, 0xFE, 0x00, 0x00, .. Encoding.UTF32.GetBytes(Body)] },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Every_encoding_gives_the_same_lines_and_clang_bytes(string name, byte[] stored)
    {
        var file = SourceFile.FromBytes($"/src/{name}.c", stored);
        Assert.Equal(Body, file.Text.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal("    char buffer[4000]; /* é */", file.GetLine(3));
        Assert.Equal("}", file.GetLine(5));
        Assert.Equal("", file.GetLine(6));
        Assert.Null(file.GetLine(7));
        Assert.Null(file.GetLine(0));
        Assert.Equal(6, file.LineCount);
        // clang gets UTF-8 without a mark: line 1 column 5 is 'Fill' in every encoding.
        var parsed = Encoding.UTF8.GetString(file.ParseBytes).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Equal(Body, parsed);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(stored)), file.Hash);
        Assert.Same(stored, file.Bytes);
    }

    [Fact]
    public void Clang_byte_columns_become_character_columns_after_non_ascii_text()
    {
        var file = SourceFile.FromBytes("/src/a.c", [0xEF, 0xBB, 0xBF, .. "int x;\r\n/* é€ */ char a[600];\n"u8.ToArray()]);
        // "/* é€ */ " is 9 characters and 12 bytes: byte column 13 is character column 10.
        Assert.Equal(10, file.ToCharacterColumn(2, 13));
        Assert.Equal(5, file.ToCharacterColumn(1, 5));
        Assert.Equal(7, file.ToCharacterColumn(9, 7));
    }

    [Fact]
    public void Byte_columns_become_utf16_columns_and_back_for_the_language_server()
    {
        // "/* é😀 */ " is 9 code points, 10 UTF-16 units (the emoji is a surrogate pair) and 13 bytes.
        var file = SourceFile.FromText("/src/lsp.c", "int x;\n/* é😀 */ char a[600];\n");
        Assert.Equal(11, file.ToUtf16Column(2, 14));
        Assert.Equal(10, file.ToCharacterColumn(2, 14));
        Assert.Equal(14, file.FromUtf16Column(2, 11));
        // The array's name further on, and a column past the line's end (25 bytes, 22 units, then one per byte).
        Assert.Equal(16, file.ToUtf16Column(2, 19));
        Assert.Equal(19, file.FromUtf16Column(2, 16));
        Assert.Equal(37, file.ToUtf16Column(2, 40));
        Assert.Equal(40, file.FromUtf16Column(2, 37));
        Assert.Equal(5, file.ToUtf16Column(1, 5));
        Assert.Equal(7, file.ToUtf16Column(9, 7));
    }

    [Fact]
    public void An_invalid_byte_counts_as_one_column_like_the_replacement_character_editors_show()
    {
        // A Latin-1 'é' in a comment: clang counts its one byte, an editor shows one replacement character.
        byte[] stored = [.. "/* "u8.ToArray(), 0xE9, .. " */ char a[600];\n"u8.ToArray()];
        var file = SourceFile.FromBytes("/src/latin1.c", stored);
        Assert.Equal(9, file.ToCharacterColumn(1, 9));
        Assert.Equal(9, file.ToUtf16Column(1, 9));
        Assert.Equal(9, file.FromUtf16Column(1, 9));
    }

    [Fact]
    public void Plain_8_bit_bytes_reach_clang_unchanged()
    {
        // A Latin-1 comment is not valid UTF-8: the text replaces it, clang still sees the stored byte (its columns are the file's).
        byte[] stored = [.. "int a; /* "u8.ToArray(), 0xE9, .. " */\n"u8.ToArray()];
        var file = SourceFile.FromBytes("/src/latin1.c", stored);
        Assert.Same(stored, file.ParseBytes);
        Assert.Equal("int a; /* \uFFFD */", file.GetLine(1));
    }

    [Fact]
    public void An_editor_buffer_is_its_text_as_utf8()
    {
        var file = SourceFile.FromText("/src/b.c", "int é;\n");
        Assert.Equal("int é;\n", file.Text);
        Assert.Equal("int é;\n"u8.ToArray(), file.ParseBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("int é;\n"u8)), file.Hash);
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_null_for_TryLoad_and_an_exception_for_Load()
    {
        var missing = Path.Combine(Path.GetTempPath(), "stacklint-no-such-dir-" + Guid.NewGuid().ToString("N"), "x.c");
        Assert.Null(SourceFile.TryLoad(missing));
        Assert.Throws<DirectoryNotFoundException>(() => SourceFile.Load(missing));
    }
}
