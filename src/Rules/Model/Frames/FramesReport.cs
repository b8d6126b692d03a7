using System.Globalization;
using StackLint.Frontend;

namespace StackLint.Rules.Model.Frames;

/// <summary>
/// The 'stacklint frames' table: one tab-separated row per function, sorted by path and line, with both model
/// figures. A figure reads like GCC's .su qualifiers: "96 dynamic" is the fixed part of a frame that also
/// allocates dynamically, "96 approximate" counts some unknown-size local as a pointer (both: "96 dynamic,approximate").
/// </summary>
public static class FramesReport
{
    public const string Header = "path\tline\tfunction\tarch\tunoptimized\toptimized\tlargest_local\tlargest_local_bytes";

    /// <summary>
    /// The table for whole programs: every function defined in an analyzed file (not the inline helpers of the
    /// headers it includes), with the estimates cached on each program. What 'stacklint frames' prints.
    /// </summary>
    public static void Write(TextWriter writer, IEnumerable<ProgramAnalysis> programs, Func<string, string> displayPath)
    {
        ArgumentNullException.ThrowIfNull(programs);
        var rows = programs.SelectMany(p =>
        {
            var table = FrameTable.ForProgram(p, FrameModelKind.Unoptimized);
            return p.Functions.Where(f => f.Function.IsInMainFile).Select(f => (f, table[f.Function], table.Architecture.Target));
        });
        WriteRows(writer, rows, displayPath);
    }

    /// <summary>The table for given estimates, all of one architecture.</summary>
    public static void Write(
        TextWriter writer,
        IEnumerable<(FunctionInProgram Function, FrameEstimate Estimate)> rows,
        TargetArch arch,
        Func<string, string> displayPath)
    {
        ArgumentNullException.ThrowIfNull(rows);
        WriteRows(writer, rows.Select(r => (r.Function, r.Estimate, arch)), displayPath);
    }

    private static void WriteRows(
        TextWriter writer,
        IEnumerable<(FunctionInProgram Function, FrameEstimate Estimate, TargetArch Arch)> rows,
        Func<string, string> displayPath)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(displayPath);
        writer.Write(Header);
        writer.Write('\n');
        var ordered = rows
            .Select(r => (Path: Clean(displayPath(r.Function.Path)), r.Function, r.Estimate, Arch: r.Arch.Name()))
            .OrderBy(r => r.Path, StringComparer.Ordinal)
            .ThenBy(r => r.Function.Function.Location.Line)
            .ThenBy(r => r.Function.Function.Location.Column)
            .ThenBy(r => r.Function.Name, StringComparer.Ordinal)
            .ThenBy(r => r.Arch, StringComparer.Ordinal);
        // A function defined in a header appears once per translation unit that includes it: print it once.
        var seen = new HashSet<(string, int, string, string)>();
        foreach (var (path, function, estimate, arch) in ordered)
        {
            int line = function.Function.Location.Line;
            if (!seen.Add((path, line, function.Name, arch))) continue;
            var largest = estimate.LargestLocal;
            writer.Write(string.Join('\t',
                path,
                line.ToString(CultureInfo.InvariantCulture),
                Clean(function.Name),
                arch,
                Figure(estimate.Unoptimized, estimate),
                Figure(estimate.Optimized, estimate),
                largest is null ? "-" : Clean(largest.Name),
                largest is null ? "0" : largest.Bytes.ToString(CultureInfo.InvariantCulture)));
            writer.Write('\n');
        }
    }

    /// <summary>The figure with its qualifiers, as in the table.</summary>
    public static string Figure(long bytes, FrameEstimate estimate)
    {
        var text = bytes.ToString(CultureInfo.InvariantCulture);
        var marks = new List<string>(2);
        if (estimate.IsDynamic) marks.Add("dynamic");
        if (estimate.IsApproximate) marks.Add("approximate");
        return marks.Count == 0 ? text : text + " " + string.Join(',', marks);
    }

    private static string Clean(string text) => text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}
