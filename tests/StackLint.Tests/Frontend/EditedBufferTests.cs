using System.Text;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Tests.Support;
using Xunit;

namespace StackLint.Tests.Frontend;

/// <summary>
/// The language server's parse of editor buffers: a kept unit reparsed with its precompiled preamble must give the
/// facts a plain parse of the same text gives, edit after edit, and a changed include list must be seen.
/// </summary>
public sealed class EditedBufferTests
{
    private static string Comparable(TranslationUnitFacts facts) => FactsText.Of(facts with { IncludedFiles = [] });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reparsed_buffers_get_the_facts_of_a_plain_parse(bool noSystemHeaders)
    {
        var environment = HeaderEnvironmentResolver.Resolve(new HeaderEnvironmentRequest(TargetArch.X64, null, [], [], [], null, noSystemHeaders, null));
        var dir = TempDir.Create();
        File.WriteAllText(Path.Combine(dir, "local.h"), "static int Twice(int x) { int scratch[100]; scratch[0] = x; return scratch[0] * 2; }\n");
        var path = Path.Combine(dir, "drv.c");
        File.WriteAllText(path, "/* on disk */\n");
        var buffers = new[]
        {
            "#include <ntddk.h>\n#include \"local.h\"\nNTSTATUS Fill(VOID)\n{\n    UCHAR name[2048];\n    RtlZeroMemory(name, sizeof(name));\n    return Twice(name[0]);\n}\n",
            "#include <ntddk.h>\n#include \"local.h\"\nNTSTATUS Fill(VOID)\n{\n    UCHAR name[64];\n    RtlZeroMemory(name, sizeof(name));\n    return Twice(name[0]) + 1;\n}\n",
            "#include <ntddk.h>\n#include \"local.h\"\nNTSTATUS Fill(VOID)\n{\n    UCHAR name[64];\n    return Missing(name[0]) +;\n}\n",
            "#include <ntddk.h>\nNTSTATUS Other(VOID)\n{\n    UCHAR big[4096];\n    big[0] = 0;\n    return big[0];\n}\n",
        };
        using var plain = new ClangParser(null, intrinsicStandIns: false);
        using var editing = new ClangParser(null, intrinsicStandIns: false);
        var differences = new StringBuilder();
        for (int i = 0; i < buffers.Length; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(buffers[i]);
            var expected = plain.Parse(path, environment, bytes);
            var actual = editing.ParseEdited(path, environment, bytes);
            Assert.True(expected.Functions.Length > 0, "the buffer parsed to nothing");
            if (Comparable(expected) != Comparable(actual))
                differences.AppendLine($"buffer {i}:\n{Comparable(expected)}\n---\n{Comparable(actual)}");
        }
        Assert.True(differences.Length == 0, "facts differ from a plain parse:\n" + differences);
        // The disk was never read: the facts are the buffer's.
        Assert.Equal("/* on disk */\n", File.ReadAllText(path));
    }
}
