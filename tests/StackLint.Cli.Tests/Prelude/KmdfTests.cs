using StackLint.Cli;
using StackLint.Tests.Support;
using Xunit;

namespace StackLint.Tests.Prelude;

/// <summary>
/// KMDF drivers through StackLint itself: tests/prelude-check/kmdf_driver.c and kmdf_usb_hid_wmi.c (a USB HID device
/// with WMI) parse with no problem with the embedded prelude (alone, and after mingw-w64's headers when installed), and
/// their callbacks are entry points.
/// </summary>
public sealed class KmdfTests
{
    private static (int ExitCode, string Stdout, string Stderr) Stacklint(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int code = StackLintCli.Run([.. args, "--no-cache"], stdout, stderr, RepoPaths.Root);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string Driver => RepoPaths.Combine("tests", "prelude-check", "kmdf_driver.c");

    [Theory]
    [InlineData("x64", true)]
    [InlineData("x86", true)]
    [InlineData("arm64", true)]
    [InlineData("x64", false)]   // mingw-w64's ntddk.h when installed, the prelude's wdf.h on top
    [InlineData("x86", false)]
    public void Kmdf_driver_parses_cleanly_and_its_callbacks_are_entry_points(string arch, bool preludeOnly)
    {
        string[] headers = preludeOnly ? ["--no-system-headers"] : [];
        var run = Stacklint(["analyze", Driver, "--arch", arch, "--fail-on", "none", "--verbose", .. headers]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("0 finding(s)", run.Stderr);
        Assert.DoesNotContain("not analyzed", run.Stderr);
        Assert.DoesNotContain("partially", run.Stderr);
        Assert.DoesNotContain(": error:", run.Stderr);

        var graph = Stacklint(["callgraph", "--format", "json", Driver, "--arch", arch, .. headers]);
        foreach (var kind in new[] { "KMDF EvtDriverDeviceAdd callback", "KMDF EvtIoDeviceControl callback", "KMDF EvtIoRead callback", "KMDF request completion routine", "KMDF work item callback" })
            Assert.Contains(kind, graph.Stdout);
    }

    [Theory]
    [InlineData("x64", true)]
    [InlineData("x86", true)]
    [InlineData("arm64", true)]
    [InlineData("x64", false)]   // mingw-w64's usb.h, usbdlib.h, hidclass.h, wmistr.h, wmilib.h when installed
    [InlineData("x86", false)]
    public void Usb_hid_wmi_driver_parses_cleanly_and_its_callbacks_are_entry_points(string arch, bool preludeOnly)
    {
        var driver = RepoPaths.Combine("tests", "prelude-check", "kmdf_usb_hid_wmi.c");
        string[] headers = preludeOnly ? ["--no-system-headers"] : [];
        var run = Stacklint(["analyze", driver, "--arch", arch, "--fail-on", "none", "--verbose", .. headers]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.DoesNotContain("not analyzed", run.Stderr);
        Assert.DoesNotContain("partially", run.Stderr);
        Assert.DoesNotContain(": error:", run.Stderr);

        var graph = Stacklint(["callgraph", "--format", "json", driver, "--arch", arch, .. headers]);
        foreach (var kind in new[]
        {
            "KMDF EvtDriverDeviceAdd callback", "KMDF EvtDevicePrepareHardware callback", "KMDF EvtIoInternalDeviceControl callback",
            "KMDF USB continuous reader completion routine", "KMDF USB readers-failed callback", "KMDF WDM IRP preprocess callback",
            "WMILIB registration-information callback", "WMILIB query-data-block callback",
        })
            Assert.Contains(kind, graph.Stdout);
    }
}
