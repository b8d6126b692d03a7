using StackLint.Frontend;
using StackLint.Frontend.Facts;
using Xunit;

namespace StackLint.Tests.Frontend;

/// <summary>The code-section pragmas as drivers write them, and the text around them that must not be taken for one.</summary>
public sealed class CodeSectionScannerTests
{
    private static string Describe(CodeSectionPragma p) => $"{p.Line}:{p.Section}:{string.Join("+", p.Functions)}";

    [Fact]
    public void Alloc_text_lists_the_functions_it_places_with_the_directive_line()
    {
        var pragmas = CodeSectionScanner.Scan("""
            #include <ntddk.h>
            #ifdef ALLOC_PRAGMA
            #pragma alloc_text(INIT, DriverEntry)
              #  pragma   alloc_text( PAGE , DispatchCreate,DispatchClose )
            #pragma alloc_text("INIT", LoadSettings) // quoted section names are accepted by the compiler
            #endif
            """);

        Assert.Equal(["3:INIT:DriverEntry", "4:PAGE:DispatchCreate+DispatchClose", "5:INIT:LoadSettings"], pragmas.Select(Describe));
    }

    [Fact]
    public void Code_seg_push_and_pop_resolve_to_the_section_in_force_from_each_line()
    {
        var pragmas = CodeSectionScanner.Scan("""
            #pragma code_seg("INIT")
            int a;
            #pragma code_seg(push, saved, "PAGE")
            #pragma code_seg(push, "PAGELK")
            #pragma code_seg(pop, saved)
            #pragma code_seg()
            #pragma code_seg(pop)
            """);

        // The last pop finds nothing left to restore and is ignored, as the compiler warns and ignores it.
        Assert.Equal(["1:INIT:", "3:PAGE:", "4:PAGELK:", "5:INIT:", "6::"], pragmas.Select(Describe));
    }

    [Fact]
    public void Comments_strings_and_continued_lines_are_read_as_the_preprocessor_reads_them()
    {
        var pragmas = CodeSectionScanner.Scan(
            "/* #pragma alloc_text(INIT, InComment)\n" +
            "   still a comment */\n" +
            "// #pragma alloc_text(INIT, InLineComment)\n" +
            "const char *s = \"#pragma alloc_text(INIT, InString)\";\n" +
            "int x; #pragma alloc_text(INIT, NotAtLineStart)\n" +
            "#pragma alloc_text(INIT, \\\n" +
            "                   Continued) /* trailing */\n" +
            "#pragma warning(disable: 4201)\n" +
            "#pragma alloc_text(INIT)\n" +
            "/* comment */ #pragma alloc_text(PAGE, AfterComment)\r\n");

        Assert.Equal(["6:INIT:Continued", "10:PAGE:AfterComment"], pragmas.Select(Describe));
    }

    [Fact]
    public void Utf8_bytes_scan_like_the_text()
    {
        var bytes = "// é\n#pragma alloc_text(INIT, DriverEntry)\n"u8.ToArray();

        Assert.Equal(["2:INIT:DriverEntry"], CodeSectionScanner.Scan(bytes).Select(Describe));
    }
}
