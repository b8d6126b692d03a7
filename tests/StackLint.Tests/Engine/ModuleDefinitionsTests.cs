using StackLint.Engine;
using Xunit;

namespace StackLint.Tests.Engine;

public sealed class ModuleDefinitionsTests
{
    [Fact]
    public void Exports_section_names_functions_and_skips_data_forwarders_and_other_sections()
    {
        const string text = """
            ; comment
            LIBRARY audit
            EXPORTS Inline
                AuditCheck @1
                Renamed=InternalName @2 NONAME
                g_Table DATA
                Forwarded=other.Routine
                Private PRIVATE ; trailing comment
            SECTIONS
                .rdata READ
            """;

        Assert.Equal(["Inline", "AuditCheck", "InternalName", "Private"], ModuleDefinitions.Parse(text));
    }

    [Fact]
    public void No_exports_section_names_nothing()
    {
        Assert.Empty(ModuleDefinitions.Parse("LIBRARY audit\r\nVERSION 1.0\r\n"));
    }
}
