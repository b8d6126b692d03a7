using System.Text;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Tests.Support;
using Xunit;

namespace StackLint.Tests.Frontend;

/// <summary>
/// The language server's parse of editor buffers: a kept unit reparsed with its precompiled preamble must give the
/// facts a plain parse of the same text gives, edit after edit: when the walk skips the
/// preamble's declarations, when a header the file includes starts to define functions, when an include is commented
/// out or moved, and when a header changes on disk.
/// </summary>
public sealed class EditedBufferTests
{
    private const string Fill = "NTSTATUS Fill(VOID)\n{\n    UCHAR name[2048];\n    RtlZeroMemory(name, sizeof(name));\n    return Helper(name[0]);\n}\n";

    private static HeaderEnvironment Environment(bool noSystemHeaders) =>
        HeaderEnvironmentResolver.Resolve(new HeaderEnvironmentRequest(TargetArch.X64, null, [], [], [], null, noSystemHeaders, null));

    /// <summary>Parses each buffer both ways and returns the differences (empty when none) and the routes the editing parser took.</summary>
    private static (string Differences, List<ClangParser.EditRoute> Routes) Compare(
        HeaderEnvironment environment, string path, IEnumerable<(string Buffer, Action? Before)> steps)
    {
        using var plain = new ClangParser(null, intrinsicStandIns: false);
        using var editing = new ClangParser(null, intrinsicStandIns: false);
        var differences = new StringBuilder();
        var routes = new List<ClangParser.EditRoute>();
        int i = 0;
        foreach (var (buffer, before) in steps)
        {
            before?.Invoke();
            var bytes = Encoding.UTF8.GetBytes(buffer);
            var expected = plain.Parse(path, environment, bytes);
            var actual = editing.ParseEdited(path, environment, bytes);
            routes.Add(editing.LastEditRoute);
            Assert.True(expected.Functions.Length > 0, $"buffer {i} parsed to nothing");
            // libclang's inclusion list of a unit with a preamble leaves out files the main file includes directly (not
            // what they include): the edited facts' list may only lack files, never add one. Nothing reads a buffer's list.
            var extra = actual.IncludedFiles.Except(expected.IncludedFiles).ToList();
            if (extra.Count > 0) differences.AppendLine($"buffer {i}: included files a plain parse does not list: {string.Join(", ", extra)}");
            string want = FactsText.Of(expected with { IncludedFiles = [] }), got = FactsText.Of(actual with { IncludedFiles = [] });
            if (want != got)
            {
                // The first difference with some context: the whole facts are too long to read.
                int at = want.Zip(got).TakeWhile(p => p.First == p.Second).Count(), from = Math.Max(0, at - 300);
                differences.AppendLine($"buffer {i} ({editing.LastEditRoute}), plain then edited:\n...{want[from..Math.Min(want.Length, at + 300)]}\n...{got[from..Math.Min(got.Length, at + 300)]}");
            }
            i++;
        }

        return (differences.ToString(), routes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reparsed_buffers_get_the_facts_of_a_plain_parse(bool noSystemHeaders)
    {
        var dir = TempDir.Create();
        File.WriteAllText(Path.Combine(dir, "plain.h"), "#define LIMIT 64\nint Helper(int x);\n");
        File.WriteAllText(Path.Combine(dir, "local.h"), "static int Twice(int x) { int scratch[100]; scratch[0] = x; return scratch[0] * 2; }\n");
        var path = Path.Combine(dir, "drv.c");
        File.WriteAllText(path, "/* on disk */\n");
        const string Top = "#include <ntddk.h>\n#include \"plain.h\"\n";
        string[] buffers =
        [
            Top + Fill,
            // Same preprocessor lines: the preamble and the included files are reused.
            Top + Fill.Replace("2048", "64") + "int Other(void) { char b[LIMIT]; b[0] = 1; return b[0]; }\n",
            // An include inside a comment includes nothing.
            Top + Fill + "/*\n#include \"local.h\"\n*/\n",
            // Uncommented after the code: a header met after the preamble defines a function.
            Top + Fill + "#include \"local.h\"\nint UseTwice(void) { return Twice(3); }\n",
            Top + Fill + "#include \"local.h\"\nint UseTwice(void) { return Twice(4) + 1; }\n",
            // At the top, in the preamble.
            Top + "#include \"local.h\"\n" + Fill + "int UseTwice(void) { return Twice(5); }\n",
            // The same preamble again: reused, and its header's function must still be in the facts.
            Top + "#include \"local.h\"\n" + Fill + "int UseTwice(void) { return Twice(6); }\n",
            Top + Fill + "int Broken(void) { return Missing(1) +; }\n",
        ];
        var (differences, routes) = Compare(Environment(noSystemHeaders), path, buffers.Select(b => (b, (Action?)null)));
        Assert.True(differences.Length == 0, "facts differ from a plain parse:\n" + differences);
        Assert.Equal(ClangParser.EditRoute.NewUnit, routes[0]);
        Assert.Equal(ClangParser.EditRoute.Reparsed, routes[1]);
        Assert.Equal(ClangParser.EditRoute.Reparsed, routes[6]);
        // The disk was never read: the facts are the buffer's.
        Assert.Equal("/* on disk */\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_header_that_starts_to_define_a_function_on_disk_is_seen_by_the_next_edit()
    {
        var dir = TempDir.Create();
        var header = Path.Combine(dir, "plain.h");
        File.WriteAllText(header, "int Helper(int x);\n");
        var path = Path.Combine(dir, "drv.c");
        var buffer = "#include <ntddk.h>\n#include \"plain.h\"\n" + Fill;
        void DefineInHeader()
        {
            File.WriteAllText(header, "int Helper(int x);\nstatic int Extra(void) { char big[300]; big[0] = 0; return big[0]; }\n");
            File.SetLastWriteTimeUtc(header, DateTime.UtcNow.AddMinutes(1));
        }

        var (differences, routes) = Compare(Environment(noSystemHeaders: true), path,
        [
            (buffer, null),
            (buffer + "int A(void) { return 1; }\n", null),
            (buffer + "int A(void) { return 2; }\n", DefineInHeader),
            (buffer + "int A(void) { return 3; }\n", null),
        ]);
        Assert.True(differences.Length == 0, "facts differ from a plain parse:\n" + differences);
        Assert.Equal([ClangParser.EditRoute.NewUnit, ClangParser.EditRoute.Reparsed, ClangParser.EditRoute.Reparsed], routes.Take(3));
    }

    [Fact]
    public void A_closed_file_frees_its_unit()
    {
        var dir = TempDir.Create();
        var path = Path.Combine(dir, "drv.c");
        var environment = Environment(noSystemHeaders: true);
        using var editing = new ClangParser(null, intrinsicStandIns: false);
        editing.ParseEdited(path, environment, Encoding.UTF8.GetBytes("#include <ntddk.h>\n" + Fill.Replace("Helper", "RtlUlongByteSwap")));
        Assert.Equal([Path.GetFullPath(path)], editing.EditedFiles);
        editing.ForgetEdited(path);
        Assert.Empty(editing.EditedFiles);
        editing.ParseEdited(path, environment, Encoding.UTF8.GetBytes("#include <ntddk.h>\nint F(void) { return 0; }\n"));
        Assert.Equal(ClangParser.EditRoute.NewUnit, editing.LastEditRoute);
    }

    [Theory]
    [InlineData("int a;\n#include \"x.h\"\n", "int b;\n#include \"x.h\"\n", true)]
    [InlineData("#include \"x.h\"\n", "#include \"y.h\"\n", false)]
    [InlineData("/*\n#include \"x.h\"\n*/\n", "\n#include \"x.h\"\n\n", false)]
    [InlineData("#define A \\\n  1\n", "#define A \\\n  2\n", false)]
    [InlineData("char *s = \"/*\";\n#include \"x.h\"\n", "char *s = \"/*\"; int c;\n#include \"x.h\"\n", true)]
    [InlineData("int x; // #include \"x.h\"\n", "int y; // #include \"x.h\"\n", false)]
    public void The_preprocessor_key_changes_with_what_can_change_the_includes(string before, string after, bool same)
    {
        var a = ClangParser.PreprocessorKey(Encoding.UTF8.GetBytes(before));
        var b = ClangParser.PreprocessorKey(Encoding.UTF8.GetBytes(after));
        Assert.Equal(same, a == b);
    }
}
