using StackLint.Frontend.Facts;
using StackLint.Frontend.Interop;

namespace StackLint.Frontend;

/// <summary>
/// Collects what takes stack in a function's frame: its block scopes, automatic variables, the compound literals that
/// get a slot of their own, and dynamic allocations (variable-length arrays and alloca-family calls).
/// </summary>
internal sealed class LocalsCollector(FactsExtractor x, string functionPath)
{
    private readonly FactsExtractor _x = x;

    public List<BlockScope> Scopes { get; } = [];
    public List<LocalVariable> Locals { get; } = [];
    public List<LocalVariable> CompoundLiterals { get; } = [];
    public List<DynamicAllocation> DynamicAllocations { get; } = [];

    /// <summary>Opens the scope of a compound statement; returns its id.</summary>
    public int AddScope(CXCursor compound, int parent, bool inLoop)
    {
        var id = Scopes.Count;
        var location = _x.Point(NativeMethods.clang_getCursorLocation(compound), 1) ?? SourceSpan.At(functionPath, 1, 1);
        Scopes.Add(new BlockScope(id, parent, location, inLoop));
        return id;
    }

    /// <summary>An automatic variable's declaration.</summary>
    public void AddVariable(CXCursor declaration, string name, CXType type, int scope, bool inLoop)
    {
        var canonical = NativeMethods.clang_getCanonicalType(type);
        var isVla = canonical.TypeKind == TypeKind.VariableArray;
        // A name a macro made (pasted from its arguments) has no token of its own: the position is the macro's
        // use, and the identifier written there is the macro's name. A name passed to a macro as an argument is
        // written in the file, but the declaration is still the macro's: its expansion starts at the macro's name.
        var cursorLocation = NativeMethods.clang_getCursorLocation(declaration);
        var position = _x.Position(cursorLocation);
        var word = position.File.Length == 0 ? null : _x.IdentifierAt(position.File, position.Offset);
        var macro = word is not null && word != name ? word : null;
        if (macro is null && position.File.Length > 0)
        {
            var expansion = _x.ExpansionPosition(cursorLocation);
            var invoked = expansion.File == position.File && expansion.Offset != position.Offset ? _x.IdentifierAt(expansion.File, expansion.Offset) : null;
            if (invoked is not null && invoked != name)
            {
                macro = invoked;
                position = expansion;
            }
        }

        var location = position.File.Length == 0
            ? SourceSpan.At(functionPath, 1, 1)
            : new SourceSpan(position.File, position.Line, position.Column, position.Line, position.Column + (macro ?? name).Length);
        if (macro is not null)
        {
            // The region is the whole invocation, 'DECLARE_UNICODE_STRING_SIZE(path, 600)': the declaration's extent,
            // whose end libclang maps to the invocation's closing parenthesis.
            var extent = _x.SpanOf(declaration, functionPath);
            if (extent.Path == location.Path && extent.Line == location.Line && extent.Column == location.Column
                && (extent.EndLine > location.EndLine || extent.EndLine == location.EndLine && extent.EndColumn > location.EndColumn))
            {
                location = extent;
            }
        }

        Locals.Add(new LocalVariable(name, _x.Layout(type), scope, location, isVla, macro));
        if (isVla)
        {
            DynamicAllocations.Add(new DynamicAllocation(DynamicAllocationKind.VariableLengthArray, name, location, inLoop));
        }
    }

    /// <summary>A '(T){ ... }' object that is not a variable's whole initializer.</summary>
    public void AddCompoundLiteral(CXCursor literal, int scope)
    {
        var layout = _x.Layout(NativeMethods.clang_getCursorType(literal));
        var at = _x.Point(NativeMethods.clang_getCursorLocation(literal), 1) ?? SourceSpan.At(functionPath, 1, 1);
        CompoundLiterals.Add(new LocalVariable(layout.Spelling, layout, Math.Max(0, scope), at, false));
    }

    /// <summary>A call of the alloca family.</summary>
    public void AddAlloca(string callee, SourceSpan location, bool inLoop) =>
        DynamicAllocations.Add(new DynamicAllocation(DynamicAllocationKind.Alloca, callee, location, inLoop));
}
