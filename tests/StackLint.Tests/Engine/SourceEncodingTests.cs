using System.Text;
using StackLint.Engine;
using StackLint.Rules;
using StackLint.Sarif;
using Xunit;

namespace StackLint.Tests.Engine;

/// <summary>
/// A source saved with a UTF-8 byte order mark, as UTF-16 (either byte order, CRLF or LF) or as plain UTF-8 gives the
/// same finding lines and columns in the findings (what the text and MSBuild output print) and in the SARIF log, on a
/// cold run that parses and on a warm run whose facts come from the cache.
/// </summary>
public sealed class SourceEncodingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stacklint-encodings-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    // Line 3: "    /* é */ char buffer" puts 'buffer' at character 18 and byte 19 (the é is two bytes in UTF-8).
    private static string Body(string name) =>
        $"int {name}(void)\n{{\n    /* é */ char buffer[4000];\n    buffer[0] = 1;\n    return buffer[0];\n}}\n";

    private static readonly (string File, Func<string, byte[]> Encode)[] Files =
    [
        ("plain.c", text => Encoding.UTF8.GetBytes(text)),
        ("bom.c", text => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]),
        ("le.c", text => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal))]),
        ("be.c", text => [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(text)]),
    ];

    [Fact]
    public void Every_encoding_reports_the_same_lines_and_columns_in_findings_and_sarif()
    {
        var src = Directory.CreateDirectory(Path.Combine(_dir, "src")).FullName;
        foreach (var (file, encode) in Files)
            File.WriteAllBytes(Path.Combine(src, file), encode(Body("Fill_" + Path.GetFileNameWithoutExtension(file))));
        var settings = new AnalysisSettings
        {
            Paths = [src],
            NoSystemHeaders = true,
            Jobs = 1,
            CurrentDirectory = _dir,
            CacheDirectory = Path.Combine(_dir, "cache"),
        };

        foreach (var pass in new[] { "cold", "warm" })
        {
            using var workspace = new Workspace(settings, TextWriter.Null);
            var result = workspace.Analyze();
            var log = SarifBuilder.Build(result.Findings, RuleCatalog.All, new SarifOptions { SourceRoot = _dir, ReadSource = result.ReadSource });
            var regions = log.Runs[0].Results!.ToDictionary(
                r => (r.RuleId, Path.GetFileName(r.Locations![0].PhysicalLocation!.ArtifactLocation!.Uri)),
                r => r.Locations![0].PhysicalLocation!.Region!);
            foreach (var (file, _) in Files)
            {
                var frame = Assert.Single(result.Findings, f => f.RuleId == "SL1001" && Path.GetFileName(f.Location.Path) == file);
                var buffer = Assert.Single(result.Findings, f => f.RuleId == "SL1002" && Path.GetFileName(f.Location.Path) == file);
                // The byte order mark is not a column: 'Fill_...' starts at column 5 of line 1.
                Assert.True((1, 5) == (frame.Location.Line, frame.Location.Column), $"{pass} {file}: SL1001 at {frame.Location}");
                Assert.True((3, 19) == (buffer.Location.Line, buffer.Location.Column), $"{pass} {file}: SL1002 at {buffer.Location}");
                Assert.Equal((1, 5), (regions[("SL1001", file)].StartLine, regions[("SL1001", file)].StartColumn));
                Assert.Equal((3, 18), (regions[("SL1002", file)].StartLine, regions[("SL1002", file)].StartColumn));
            }
        }
    }
}
