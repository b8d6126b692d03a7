using StackLint.Frontend.Facts;

namespace StackLint.Rules.Model.CallGraph;

/// <summary>
/// The code section a function is placed in by its file's pragmas ('#pragma alloc_text(INIT, Fn)', '#pragma
/// code_seg("INIT")'). What the section means is decided here, not in the front end: the kernel runs INIT code while
/// the driver initializes (DriverEntry, on the fresh stack of the thread that loads it) and discards it afterwards.
/// </summary>
public static class CodeSections
{
    /// <summary>The section the kernel discards once DriverEntry returns.</summary>
    public const string Init = "INIT";

    /// <summary>
    /// The function's section, or "" for the default one. alloc_text names win over code_seg, as in the compiler;
    /// code_seg applies from its line to the next code_seg. Only functions defined in the file itself are placed:
    /// a pragma cannot place a function of a header it includes.
    /// </summary>
    public static string Of(FunctionInProgram function)
    {
        var facts = function.Function;
        var pragmas = function.Unit.CodeSections;
        if (pragmas.IsEmpty || !facts.IsInMainFile) return "";
        string? byName = null;
        string bySegment = "";
        foreach (var pragma in pragmas)
        {
            if (pragma.Functions.IsEmpty)
            {
                if (pragma.Line < facts.Location.Line) bySegment = pragma.Section;
            }
            else if (pragma.Functions.Contains(facts.Name, StringComparer.Ordinal))
            {
                byName = pragma.Section;
            }
        }
        return byName ?? bySegment;
    }

    /// <summary>True when the function is placed in INIT (the section name is case-insensitive for the linker).</summary>
    public static bool IsInit(FunctionInProgram function) => string.Equals(Of(function), Init, StringComparison.OrdinalIgnoreCase);
}
