using StackLint.Rules;
using StackLint.Sarif;
using Xunit;

namespace StackLint.Tests.Sarif;

public sealed class SarifWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stacklint-writer-").FullName;

    [Fact]
    public void Missing_folder_throws_naming_the_path_and_writes_nothing()
    {
        var target = Path.Combine(_dir, "no-such-dir", "out.sarif");
        var e = Assert.Throws<SarifOutputException>(() => SarifWriter.Write(SarifSamples.Build(), target));
        Assert.Contains(target, e.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "no-such-dir")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public void Existing_target_is_replaced_whole_and_no_temporary_file_remains()
    {
        var target = Path.Combine(_dir, "out.sarif");
        var big = SarifSamples.Build();
        var small = SarifBuilder.Build([], RuleCatalog.All, SarifSamples.Options());
        SarifWriter.Write(big, target);
        Assert.Equal(SarifSerializer.Serialize(big), File.ReadAllBytes(target));

        SarifWriter.Write(small, target);
        var expected = SarifSerializer.Serialize(small);
        Assert.True(expected.Length < SarifSerializer.Serialize(big).Length);
        Assert.Equal(expected, File.ReadAllBytes(target));
        Assert.Equal(["out.sarif"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Target_that_is_a_folder_is_refused()
    {
        var target = Directory.CreateDirectory(Path.Combine(_dir, "out.sarif")).FullName;
        Assert.Throws<SarifOutputException>(() => SarifWriter.Write(SarifSamples.Build(), target));
        Assert.Equal(["out.sarif"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
