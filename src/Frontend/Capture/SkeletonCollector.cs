using StackLint.Frontend.Facts;
using StackLint.Frontend.Interop;

namespace StackLint.Frontend;

/// <summary>
/// Collects the body's control skeleton (<see cref="BodyNode"/>, pre-order): one node per branch, loop, jump, label
/// and call, under its parent with its role. Outside a function (a global initializer) there is no skeleton.
/// </summary>
internal sealed class SkeletonCollector(FactsExtractor x, bool inFunction)
{
    private readonly FactsExtractor _x = x;

    public List<BodyNode> Nodes { get; } = [];

    /// <summary>The id the next node will get: stores and other facts use it to say where they fall among the nodes.</summary>
    public int Next => Nodes.Count;

    /// <summary>Adds a node at the cursor's position; returns its id, or -1 outside a function.</summary>
    public int Add(BodyNodeKind kind, int parent, BodyRole role, CXCursor c, string? label = null, int callIndex = -1)
    {
        if (!inFunction)
        {
            return -1;
        }

        var (_, line, column, _) = _x.Position(NativeMethods.clang_getCursorLocation(c));
        return AddAt(kind, parent, role, line, column, callIndex, label);
    }

    /// <summary>Adds a node at a given position (an implicit C++ call at a block's closing brace).</summary>
    public int AddAt(BodyNodeKind kind, int parent, BodyRole role, int line, int column, int callIndex, string? label = null)
    {
        if (!inFunction)
        {
            return -1;
        }

        var id = Nodes.Count;
        Nodes.Add(new BodyNode(id, parent, kind, role, line, column, label, callIndex, null));
        return id;
    }
}
