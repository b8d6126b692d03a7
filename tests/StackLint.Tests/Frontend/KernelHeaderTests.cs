using StackLint.Frontend;
using StackLint.Frontend.Facts;
using Xunit;

namespace StackLint.Tests.Frontend;

/// <summary>Real kernel headers from mingw-w64 (installed on the build machines).</summary>
public sealed class KernelHeaderTests
{
    private static bool MingwInstalled => File.Exists("/usr/share/mingw-w64/include/ddk/ntifs.h");

    [Theory]
    [InlineData(TargetArch.X64, 520, 8)]
    [InlineData(TargetArch.X86, 520, 4)]
    public void Ntifs_ParsesWithoutErrors(TargetArch arch, long pathSize, long pointerSize)
    {
        if (!MingwInstalled)
        {
            return;
        }

        const string code = """
            #include <ntifs.h>
            #include <ntstrsafe.h>
            _Dispatch_type_(IRP_MJ_CREATE) DRIVER_DISPATCH Dispatch;
            NTSTATUS Dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
            {
                WCHAR path[260];
                PVOID p = NULL;
                UNREFERENCED_PARAMETER(DeviceObject);
                try { ProbeForRead(p, 1, 1); } except (EXCEPTION_EXECUTE_HANDLER) { p = NULL; }
                p = ExAllocatePool2(POOL_FLAG_NON_PAGED, MdlMappingNoExecute, 'tseT');
                IoCompleteRequest(Irp, IO_NO_INCREMENT);
                return STATUS_SUCCESS;
            }
            """;

        var facts = ParserHarness.Parse(code, arch, systemHeaders: true);
        var f = facts.Function("Dispatch");

        Assert.Empty(facts.Problems);
        Assert.Equal("mingw-w64", facts.HeaderEnvironment);
        Assert.Equal(pathSize, f.Locals.Single(l => l.Name == "path").Type.Size);
        Assert.Equal(pointerSize, f.Locals.Single(l => l.Name == "p").Type.Size);
        Assert.Equal("IoCompleteRequest", f.Calls.Single(c => c.CalleeName == "IofCompleteRequest").MacroName);
        Assert.Contains(f.Body, n => n.Kind == BodyNodeKind.Try);
        Assert.Contains(facts.IncludedFiles, i => i.EndsWith("ntifs.h", StringComparison.Ordinal));
        Assert.Single(facts.Functions);
    }

    [Fact]
    public void Static_forceinline_and_time_h_parse_with_mingw_headers()
    {
        if (!MingwInstalled)
        {
            return;
        }

        // virtio's osdep.h makes 'inline' '__forceinline', which mingw's _mingw.h turns into 'extern __inline__';
        // Ext4Fsd includes <time.h>, whose '__MINGW_IMPORT' _mingw.h leaves undefined in clang's MSVC mode.
        const string code = """
            #include <ntddk.h>
            #include <time.h>
            #define inline __forceinline
            static inline ULONG Mix(ULONG x) { UCHAR scratch[600]; scratch[0] = (UCHAR)x; return scratch[0]; }
            ULONG Caller(ULONG x) { return Mix(x) + (ULONG)_timezone; }
            """;

        var facts = ParserHarness.Parse(code, TargetArch.X64, systemHeaders: true);

        Assert.Empty(facts.Problems);
        Assert.Equal("mingw-w64", facts.HeaderEnvironment);
        Assert.Equal(600, facts.Function("Mix").Locals.Single(l => l.Name == "scratch").Type.Size);
    }
}
