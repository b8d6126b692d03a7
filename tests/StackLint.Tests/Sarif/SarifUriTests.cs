using StackLint.Sarif;
using Xunit;

namespace StackLint.Tests.Sarif;

/// <summary>Path to URI mapping works on strings, so Windows paths are tested here on Linux too.</summary>
public sealed class SarifUriTests
{
    [Theory]
    [InlineData(@"C:\src\drv\a.c", @"C:\src\drv", "a.c")]
    [InlineData(@"C:\src\drv\sub\a.c", @"C:\src\drv\", "sub/a.c")]
    [InlineData(@"c:\SRC\Drv\sub\a.c", @"C:\src\drv", "sub/a.c")]
    [InlineData("C:/src/drv/sub/a.c", @"C:\src\drv", "sub/a.c")]
    [InlineData(@"C:\src\drv\my driver\a b.c", @"C:\src\drv", "my%20driver/a%20b.c")]
    [InlineData(@"C:\src\drv\.\x\..\a.c", @"C:\src\drv", "a.c")]
    [InlineData(@"\\build\share\drv\a.c", @"\\build\share\drv", "a.c")]
    [InlineData("/home/dev/drv/a.c", "/home/dev/drv", "a.c")]
    [InlineData("/home/dev/drv/sub dir/n\u00e4me.c", "/home/dev/drv/", "sub%20dir/n%C3%A4me.c")]
    [InlineData("/home/dev/drv/\u30c9\u30e9\u30a4\u30d0.c", "/home/dev/drv", "%E3%83%89%E3%83%A9%E3%82%A4%E3%83%90.c")]
    [InlineData("/home/dev/drv/a%b#c?d[1]:e.c", "/home/dev/drv", "a%25b%23c%3Fd%5B1%5D%3Ae.c")]
    [InlineData("sub/a.c", "/home/dev/drv", "sub/a.c")]
    public void Paths_under_the_root_are_relative_to_SRCROOT(string path, string root, string expected)
    {
        var (uri, baseId) = SarifUris.ToArtifactUri(path, root);
        Assert.Equal(expected, uri);
        Assert.Equal("%SRCROOT%", baseId);
        Assert.True(Uri.IsWellFormedUriString(uri, UriKind.Relative), uri);
    }

    [Theory]
    [InlineData(@"C:\src\drv\a.c", @"D:\other", "file:///C:/src/drv/a.c")]
    [InlineData(@"c:\Program Files (x86)\Windows Kits\10\Include\km\wdm.h", @"C:\src\drv", "file:///C:/Program%20Files%20(x86)/Windows%20Kits/10/Include/km/wdm.h")]
    [InlineData(@"C:\src\drv2\a.c", @"C:\src\drv", "file:///C:/src/drv2/a.c")]
    [InlineData(@"\\build\share\inc\a.h", @"C:\src", "file://build/share/inc/a.h")]
    [InlineData("/usr/include/stdio.h", "/home/dev/drv", "file:///usr/include/stdio.h")]
    [InlineData("/home/dev/DRV/a.c", "/home/dev/drv", "file:///home/dev/DRV/a.c")]
    [InlineData("C:\\x\\caf\u00e9.c", "/home/dev", "file:///C:/x/caf%C3%A9.c")]
    public void Paths_outside_the_root_are_absolute_file_uris(string path, string root, string expected)
    {
        var (uri, baseId) = SarifUris.ToArtifactUri(path, root);
        Assert.Equal(expected, uri);
        Assert.Null(baseId);
        Assert.True(Uri.IsWellFormedUriString(uri, UriKind.Absolute), uri);
    }

    [Theory]
    [InlineData(@"C:\src\drv", "file:///C:/src/drv/")]
    [InlineData(@"C:\src\drv\", "file:///C:/src/drv/")]
    [InlineData(@"C:\", "file:///C:/")]
    [InlineData("/", "file:///")]
    [InlineData("/home/dev/my drv", "file:///home/dev/my%20drv/")]
    public void Source_root_uri_ends_with_a_slash(string root, string expected) =>
        Assert.Equal(expected, SarifUris.ToFileUri(root, directory: true));

    [Fact]
    public void The_root_itself_is_not_under_the_root() =>
        Assert.Null(SarifUris.ToArtifactUri(@"C:\src\drv", @"C:\src\drv").UriBaseId);
}
