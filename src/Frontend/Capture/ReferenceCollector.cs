using StackLint.Frontend.Facts;
using StackLint.Frontend.Interop;

namespace StackLint.Frontend;

/// <summary>How a function name found at some point of the walk would be used: called, stored, initialized into a field, passed.</summary>
internal enum ReferenceUse { Other, Callee, Assignment, Initializer, CallArgument }

/// <summary>What the walk knows where a function name may appear: its use, the target (member, variable, field or callee), the record type of an initializer, the argument position.</summary>
internal sealed record ReferenceContext(ReferenceUse Kind, string? Target, string? RecordType, int ArgumentIndex, long? Subscript = null, string? Field = null,
    string? Object = null)
{
    public static readonly ReferenceContext Other = new(ReferenceUse.Other, null, null, -1);
    public static readonly ReferenceContext Callee = new(ReferenceUse.Callee, null, null, -1);
}

/// <summary>
/// Collects <see cref="FunctionReference"/>s, functions named as values (how drivers register callbacks), and reads
/// the targets they are stored into: the member an assignment writes, the field an initializer fills.
/// </summary>
internal sealed class ReferenceCollector(FactsExtractor x, string functionPath, string? enclosingFunctionUsr)
{
    private readonly FactsExtractor _x = x;

    public List<FunctionReference> References { get; } = [];

    private CXCursor[] Children(CXCursor c) => _x.Collector.Children(c);

    /// <summary>A function named as a value (not called) where the walk found it: how it is used comes with <paramref name="context"/>.</summary>
    public void Add(CXCursor declRef, ReferenceContext context)
    {
        if (context.Kind == ReferenceUse.Callee)
        {
            return;
        }

        var referenced = Cursors.Referenced(declRef);
        if (Cursors.IsNull(referenced) || referenced.CursorKind != CursorKind.FunctionDecl)
        {
            return;
        }

        var name = Cursors.Spelling(referenced);
        var location = _x.Point(NativeMethods.clang_getCursorLocation(declRef), name.Length) ?? SourceSpan.At(functionPath, 1, 1);
        var kind = context.Kind switch
        {
            ReferenceUse.Assignment => FunctionReferenceKind.Assignment,
            ReferenceUse.Initializer => FunctionReferenceKind.Initializer,
            ReferenceUse.CallArgument => FunctionReferenceKind.CallArgument,
            _ => FunctionReferenceKind.Other,
        };
        References.Add(new FunctionReference(
            name,
            Cursors.Usr(referenced),
            location,
            kind,
            kind == FunctionReferenceKind.Other ? null : context.Target ?? string.Empty,
            kind == FunctionReferenceKind.Initializer ? context.RecordType : null,
            kind == FunctionReferenceKind.CallArgument ? context.ArgumentIndex : -1,
            enclosingFunctionUsr,
            kind == FunctionReferenceKind.Assignment ? context.Subscript : null,
            kind is FunctionReferenceKind.Assignment or FunctionReferenceKind.Initializer ? context.Field : null,
            kind is FunctionReferenceKind.Assignment or FunctionReferenceKind.Initializer ? context.Object : null));
    }

    /// <summary>For '.f = v' or '[i] = v' returns v (and the field name for '.f'); null for a plain initializer.</summary>
    public CXCursor? DesignatedValue(CXCursor child, out string? field)
    {
        field = null;
        if (child.CursorKind != CursorKind.UnexposedExpr)
        {
            return null;
        }

        var parts = Children(child);
        if (parts.Length < 2)
        {
            return null;
        }

        if (parts[0].CursorKind == CursorKind.MemberRef)
        {
            // '.a.b = v': the innermost designator names the field.
            var lastMember = parts.Take(parts.Length - 1).LastOrDefault(p => p.CursorKind == CursorKind.MemberRef);
            field = Cursors.Spelling(lastMember);
            return parts[^1];
        }

        // '[index] = v' on arrays: the leading children are index expressions. Distinguish from an implicit
        // conversion (one child) by the child count.
        return parts[^1];
    }

    /// <summary>Whether a designated initializer names one field ('.f = v'), not a path into nested records ('.a.b = v').</summary>
    public bool IsSingleDesignator(CXCursor child) =>
        child.CursorKind == CursorKind.UnexposedExpr && Children(child).Count(p => p.CursorKind == CursorKind.MemberRef) == 1;

    public string? RecordTypeName(CXType type)
    {
        var t = type;
        // Walk through arrays to the element type, the struct a callback table's rows are.
        for (var guard = 0; guard < 16; guard++)
        {
            var canonical = NativeMethods.clang_getCanonicalType(t);
            if (canonical.TypeKind is TypeKind.ConstantArray or TypeKind.IncompleteArray or TypeKind.VariableArray)
            {
                t = NativeMethods.clang_getArrayElementType(t);
                continue;
            }

            if (canonical.TypeKind != TypeKind.Record)
            {
                return null;
            }

            var spelling = Cursors.TypeSpelling(NativeMethods.clang_getUnqualifiedType(t));
            foreach (var qualifier in new[] { "const ", "volatile ", "struct ", "union " })
            {
                if (spelling.StartsWith(qualifier, StringComparison.Ordinal))
                {
                    spelling = spelling[qualifier.Length..];
                }
            }

            return spelling;
        }

        return null;
    }

    /// <summary>The member or variable an assignment stores into: 'D->MajorFunction[IRP_MJ_CREATE]' gives MajorFunction.</summary>
    /// <summary>The constant index of an assignment into an array element ('MajorFunction[IRP_MJ_SHUTDOWN] = f' is 16); null otherwise.</summary>
    public long? ConstantSubscript(CXCursor lhs)
    {
        if (lhs.CursorKind != CursorKind.ArraySubscriptExpr)
        {
            return null;
        }

        var parts = Children(lhs);
        return parts.Length == 2 ? Cursors.EvaluateInteger(parts[1]) : null;
    }

    public string? AssignedName(CXCursor lhs)
    {
        var c = lhs;
        for (var guard = 0; guard < 64; guard++)
        {
            switch (c.CursorKind)
            {
                case CursorKind.MemberRefExpr:
                case CursorKind.DeclRefExpr:
                    return Cursors.Spelling(c);
                case CursorKind.ArraySubscriptExpr:
                case CursorKind.ParenExpr:
                case CursorKind.UnexposedExpr:
                case CursorKind.CStyleCastExpr:
                case CursorKind.UnaryOperator:
                    var children = Children(c);
                    if (children.Length == 0)
                    {
                        return null;
                    }

                    c = children[0];
                    break;
                default:
                    return null;
            }
        }

        return null;
    }
}
