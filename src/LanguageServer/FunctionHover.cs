using System.Globalization;
using System.Text;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model;
using StackLint.Rules.Model.CallGraph;
using StackLint.Rules.Model.Frames;

namespace StackLint.LanguageServer;

/// <summary>
/// The hover over a function's name (its definition, or a call to it): its estimated frame, the locals that make it
/// up, and the worst call path below it, from the same model the rules use (frame model per configuration).
/// </summary>
public static class FunctionHover
{
    private const int ContributorsShown = 3;
    private const int PathStepsShown = 8;

    /// <summary>Markdown for the function at a 1-based line and byte column of a file, or null when there is none.</summary>
    public static string? Describe(DriverAnalysis analysis, string path, int line, int column, bool windows)
    {
        foreach (var program in analysis.Programs)
        {
            foreach (var unit in program.Units)
            {
                if (!FileUri.SamePath(unit.Path, path, windows)) continue;
                if (Target(unit, line, column) is not { } target) continue;
                var graph = CallGraphAnalysis.For(program, analysis.Options);
                var node = target.Definition is { } definition
                    ? graph.Graph.NodeOf(definition)
                    : graph.Graph.Nodes.FirstOrDefault(n => n.IsDefined && n.Usr == target.CalleeUsr)?.Id;
                if (node is not int id || graph.Graph.Nodes[id].Definition is not { } defined) continue;
                var kind = FrameModel.FromOptions(analysis.Options, defined.Path);
                return Text(program, graph, id, defined.Function, kind);
            }
        }
        return null;
    }

    /// <summary>The definition whose name is at the position, else the innermost call to a named function there.</summary>
    private static (FunctionFacts? Definition, string? CalleeUsr)? Target(TranslationUnitFacts unit, int line, int column)
    {
        CallSite? innermost = null;
        foreach (var function in unit.Functions)
        {
            if (function.Location.Path == unit.Path && Contains(function.Location, line, column, function.Name.Length)) return (function, null);
            foreach (var call in function.Calls)
            {
                if (call.CalleeUsr is null || call.Location.Path != unit.Path) continue;
                if (!Contains(call.Location, line, column, call.CalleeName?.Length ?? 1)) continue;
                if (innermost is null || Width(call.Location) < Width(innermost.Location)) innermost = call;
            }
        }
        return innermost is null ? null : (null, innermost.CalleeUsr);
    }

    private static long Width(SourceSpan span) => (span.EndLine - span.Line) * 100_000L + (span.EndColumn - span.Column);

    /// <summary>Whether a span holds a position; a span with no extent covers the name that starts there.</summary>
    private static bool Contains(SourceSpan span, int line, int column, int nameLength)
    {
        bool empty = span.EndLine < span.Line || (span.EndLine == span.Line && span.EndColumn <= span.Column);
        if (empty) return line == span.Line && column >= span.Column && column < span.Column + Math.Max(1, nameLength);
        if (line < span.Line || line > span.EndLine) return false;
        if (line == span.Line && column < span.Column) return false;
        return line != span.EndLine || column < span.EndColumn;
    }

    private static string Text(ProgramAnalysis program, CallGraphAnalysis graph, int node, FunctionFacts function, FrameModelKind kind)
    {
        var estimate = FrameTable.ForProgram(program, kind)[function];
        var model = kind == FrameModelKind.Optimized ? "optimized" : "unoptimized";
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"**`{function.Name}`**: estimated frame **{Bytes(estimate.Size(kind))}** ({program.Arch.Name()}, {model} model)");
        if (estimate.IsDynamic) text.Append(", plus alloca and variable-length arrays");
        if (estimate.IsApproximate) text.Append(", approximate (some sizes unknown)");
        text.Append("\n\n");

        var largest = estimate.Contributors.IsDefaultOrEmpty ? [] : estimate.Contributors.Take(ContributorsShown).ToList();
        text.Append(largest.Count == 0
            ? "No fixed-size locals."
            : "Largest locals: " + string.Join(", ", largest.Select(c => $"`{c.Name}` {(c.IsSizeKnown ? Bytes(c.Bytes) : "unknown size")} (line {c.Location.Line})")));
        if (estimate.Contributors.Length > ContributorsShown) text.Append(CultureInfo.InvariantCulture, $", and {estimate.Contributors.Length - ContributorsShown} more");
        text.Append("\n\n");

        var use = graph.WorstCase[node];
        // Routines without a body here (imports) add no frame of their own: the path shows the driver's functions.
        var steps = graph.WorstCase.WorstPath(node).Where(s => graph.Graph.Nodes[s.Node].IsDefined).ToList();
        var shown = string.Join(" → ", steps.Take(PathStepsShown).Select(s => $"`{s.Name}` {Bytes(s.Frame)}"));
        var more = steps.Count > PathStepsShown ? $" → … {steps.Count - PathStepsShown} more" : "";
        if (use.IsUnbounded)
            text.Append(CultureInfo.InvariantCulture, $"Worst path from here: **unbounded** (recursion; at least {Bytes(use.Bytes)}): {shown}{more}");
        else
            text.Append(CultureInfo.InvariantCulture, $"Worst path from here: **{Bytes(use.Bytes)}**: {shown}{more}");
        return text.ToString();
    }

    private static string Bytes(long bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
}
