using StackLint.Tests.Support;
using Xunit;

namespace StackLint.Tests.Cli;

/// <summary>
/// The pre-commit check starts from the staged files' driver folders; a static library the driver's project references
/// from a sibling folder is analyzed with it, so a staged dispatch routine that reaches a library helper's file I/O is
/// reported as an analysis of both folders reports it.
/// </summary>
public sealed class PreCommitLibraryTests : IDisposable
{
    private readonly CliSandbox _cli = new("stacklint-precommit-library-", "--no-system-headers", "--no-cache");

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void A_staged_dispatch_routine_is_checked_with_the_library_its_project_references()
    {
        _cli.Write("cfglib/cfglib.vcxproj", """
            <Project>
              <PropertyGroup><ConfigurationType>StaticLibrary</ConfigurationType></PropertyGroup>
              <ItemGroup><ClCompile Include="cfgfile.c" /></ItemGroup>
            </Project>
            """);
        _cli.Write("cfglib/cfgfile.c", """
            #include <ntddk.h>
            NTSTATUS CfgOpen(PUNICODE_STRING Path, PHANDLE File)
            {
                OBJECT_ATTRIBUTES attributes;
                IO_STATUS_BLOCK iosb;
                InitializeObjectAttributes(&attributes, Path, OBJ_KERNEL_HANDLE, NULL, NULL);
                return ZwOpenFile(File, GENERIC_READ | SYNCHRONIZE, &attributes, &iosb, FILE_SHARE_READ, FILE_SYNCHRONOUS_IO_NONALERT);
            }
            """);
        _cli.Write("drv/drv.vcxproj", """
            <Project>
              <PropertyGroup><ConfigurationType>Driver</ConfigurationType></PropertyGroup>
              <ItemGroup><ClCompile Include="driver.c" /></ItemGroup>
              <ItemGroup><ProjectReference Include="..\cfglib\cfglib.vcxproj" /></ItemGroup>
            </Project>
            """);
        _cli.Write("drv/driver.c", """
            #include <ntddk.h>
            NTSTATUS CfgOpen(PUNICODE_STRING Path, PHANDLE File);
            static UNICODE_STRING g_Path = RTL_CONSTANT_STRING(L"\\SystemRoot\\cfg.bin");
            NTSTATUS DispatchControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
            {
                HANDLE file;
                NTSTATUS status = CfgOpen(&g_Path, &file);
                UNREFERENCED_PARAMETER(DeviceObject);
                if (NT_SUCCESS(status)) ZwClose(file);
                Irp->IoStatus.Status = status;
                IoCompleteRequest(Irp, IO_NO_INCREMENT);
                return status;
            }
            NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
            {
                UNREFERENCED_PARAMETER(RegistryPath);
                DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchControl;
                return STATUS_SUCCESS;
            }
            """);

        var run = _cli.Stacklint("precommit", "drv/driver.c");
        Assert.Equal(1, run.ExitCode);
        var finding = Assert.Single(run.Stdout.Split('\n'), l => l.Contains("SL3001", StringComparison.Ordinal));
        Assert.Contains("cfgfile.c(7,", finding.Replace('\\', '/'));
        Assert.Contains("'DispatchControl'", finding);
    }
}
