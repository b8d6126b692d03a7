using System.Globalization;
using System.Text;
using System.Text.Json;
using StackLint.Frontend;

namespace StackLint.Rules.Model.CallGraph;

/// <summary>
/// The call graph as Graphviz DOT or JSON ('stacklint callgraph --format dot|json'): functions with their frame,
/// worst case and contexts; direct, resolved-indirect and callback edges; cycles in red; each entry point's worst
/// path in bold blue; the indirect calls left unresolved (their number, and in JSON each one). Output is deterministic
/// (node ids follow paths).
/// </summary>
public static class CallGraphExport
{
    public static void WriteDot(TextWriter writer, CallGraphAnalysis analysis)
    {
        var graph = analysis.Graph;
        var onWorstPath = WorstPathEdges(analysis);
        var entries = analysis.Contexts.EntryPoints.Select(e => e.Node).ToHashSet();
        writer.Write("digraph ");
        writer.Write(Quote(analysis.Program.Name));
        writer.WriteLine(" {");
        writer.WriteLine("  rankdir=LR;");
        writer.WriteLine("  node [shape=box, fontname=\"Helvetica\", fontsize=10];");
        writer.WriteLine("  edge [fontname=\"Helvetica\", fontsize=8];");
        writer.WriteLine(Invariant($"  label={Quote($"{analysis.Program.Name}: {graph.Nodes.Count(n => n.IsDefined)} functions, {graph.Edges.Count} calls, {graph.UnresolvedIndirectCallCount} unresolved indirect calls")};"));
        foreach (var node in graph.Nodes)
        {
            var attributes = new List<string>();
            if (node.IsDefined)
            {
                var use = analysis.WorstCase[node.Id];
                string worst = use.IsUnbounded ? "unbounded" : Invariant($"{use.Bytes:N0} B");
                attributes.Add("label=" + Quote(Invariant($"{node.Name}\n{analysis.WorstCase.FrameOf(node.Id):N0} B, worst {worst}\n{ContextNames(analysis.Contexts.ContextsOf(node.Id))}")));
            }
            else
            {
                attributes.Add("label=" + Quote(node.Name));
                attributes.Add("shape=ellipse");
                attributes.Add("style=dashed");
            }
            if (analysis.Components.IsInCycle(node.Id))
                attributes.Add("color=red, style=filled, fillcolor=\"#ffe0e0\"");
            if (entries.Contains(node.Id))
                attributes.Add("peripheries=2");
            writer.WriteLine(Invariant($"  n{node.Id} [{string.Join(", ", attributes)}];"));
        }
        for (int i = 0; i < graph.Edges.Count; i++)
        {
            var edge = graph.Edges[i];
            var attributes = new List<string>();
            if (edge.Kind == CallEdgeKind.ResolvedIndirect) attributes.Add("style=dashed");
            if (edge.Kind == CallEdgeKind.Callback) attributes.Add("style=dotted");
            if (edge.Via is not null) attributes.Add("label=" + Quote(edge.Via));
            bool inCycle = analysis.Components.ComponentOf(edge.Caller) == analysis.Components.ComponentOf(edge.Callee)
                && analysis.Components.IsInCycle(edge.Caller);
            if (inCycle) attributes.Add("color=red");
            else if (onWorstPath.Contains(i)) attributes.Add("color=blue, penwidth=2.5");
            writer.WriteLine(Invariant($"  n{edge.Caller} -> n{edge.Callee}{(attributes.Count == 0 ? "" : " [" + string.Join(", ", attributes) + "]")};"));
        }
        writer.WriteLine("}");
    }

    public static void WriteJson(TextWriter writer, CallGraphAnalysis analysis)
    {
        var graph = analysis.Graph;
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("program", analysis.Program.Name);
            json.WriteString("arch", analysis.Program.Arch.Name());
            json.WriteNumber("unresolvedIndirectCalls", graph.UnresolvedIndirectCallCount);
            json.WriteStartArray("nodes");
            foreach (var node in graph.Nodes)
            {
                json.WriteStartObject();
                json.WriteNumber("id", node.Id);
                json.WriteString("name", node.Name);
                json.WriteBoolean("defined", node.IsDefined);
                if (node.Location is { } location)
                {
                    json.WriteString("file", location.Path);
                    json.WriteNumber("line", location.Line);
                    json.WriteNumber("frame", analysis.WorstCase.FrameOf(node.Id));
                    var use = analysis.WorstCase[node.Id];
                    json.WriteNumber("worstCase", use.Bytes);
                    json.WriteBoolean("unbounded", use.IsUnbounded);
                    // Only when the search through a cycle below was cut short (WorstCaseStack): the bound no simple path exceeds.
                    if (use.AtMost is long most) json.WriteNumber("atMost", most);
                    json.WriteStartArray("contexts");
                    foreach (var name in ContextList(analysis.Contexts.ContextsOf(node.Id))) json.WriteStringValue(name);
                    json.WriteEndArray();
                }
                if (analysis.Components.IsInCycle(node.Id))
                    json.WriteNumber("cycle", analysis.Components.ComponentOf(node.Id));
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartArray("edges");
            foreach (var edge in graph.Edges)
            {
                json.WriteStartObject();
                json.WriteNumber("from", edge.Caller);
                json.WriteNumber("to", edge.Callee);
                json.WriteString("kind", edge.Kind switch { CallEdgeKind.Direct => "direct", CallEdgeKind.ResolvedIndirect => "resolved-indirect", _ => "callback" });
                json.WriteString("file", edge.Location.Path);
                json.WriteNumber("line", edge.Location.Line);
                if (edge.Via is not null) json.WriteString("via", edge.Via);
                json.WriteEndObject();
            }
            json.WriteEndArray();

            // The indirect calls counted in unresolvedIndirectCalls, where they are and what they call through.
            json.WriteStartArray("unresolved");
            foreach (var call in graph.UnresolvedIndirectCalls)
            {
                json.WriteStartObject();
                json.WriteNumber("from", call.Caller);
                json.WriteString("file", call.Site.Location.Path);
                json.WriteNumber("line", call.Site.Location.Line);
                if (call.Site.IndirectExpression is { } expression) json.WriteString("via", expression);
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartArray("cycles");
            for (int c = 0; c < analysis.Components.Count; c++)
            {
                if (!analysis.Components.IsCyclic(c)) continue;
                json.WriteStartArray();
                foreach (int member in analysis.Components.Members(c).ToArray().Order()) json.WriteNumberValue(member);
                json.WriteEndArray();
            }
            json.WriteEndArray();

            json.WriteStartArray("entryPoints");
            foreach (var entry in analysis.Contexts.EntryPoints)
            {
                json.WriteStartObject();
                json.WriteNumber("node", entry.Node);
                json.WriteString("name", entry.Name);
                json.WriteString("context", ContextList(entry.Context).First());
                json.WriteString("kind", entry.Kind);
                var use = analysis.WorstCase[entry.Node];
                json.WriteNumber("worstCase", use.Bytes);
                json.WriteBoolean("unbounded", use.IsUnbounded);
                json.WriteStartArray("worstPath");
                foreach (var step in analysis.WorstCase.WorstPath(entry.Node)) json.WriteNumberValue(step.Node);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        writer.Write(Encoding.UTF8.GetString(stream.ToArray()));
        writer.WriteLine();
    }

    private static HashSet<int> WorstPathEdges(CallGraphAnalysis analysis)
    {
        var index = new Dictionary<CallEdge, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < analysis.Graph.Edges.Count; i++) index[analysis.Graph.Edges[i]] = i;
        var result = new HashSet<int>();
        foreach (var entry in analysis.Contexts.EntryPoints.Select(e => e.Node).Distinct())
            foreach (var step in analysis.WorstCase.WorstPath(entry))
                if (step.Via is not null) result.Add(index[step.Via]);
        return result;
    }

    private static IEnumerable<string> ContextList(StackContext contexts)
    {
        if (contexts.HasFlag(StackContext.Caller)) yield return "caller";
        if (contexts.HasFlag(StackContext.Dpc)) yield return "dpc";
        if (contexts.HasFlag(StackContext.Fresh)) yield return "fresh";
        if (contexts == StackContext.None) yield return "unreached";
    }

    private static string ContextNames(StackContext contexts) => string.Join(", ", ContextList(contexts));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A DOT string: quotes and backslashes escaped, newlines as DOT's centred line break.</summary>
    private static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (char c in text)
        {
            if (c == '\n') builder.Append("\\n");
            else if (c is '"' or '\\') builder.Append('\\').Append(c);
            else builder.Append(c);
        }
        return builder.Append('"').ToString();
    }
}
