namespace StackLint.Frontend.Facts;

/// <summary>
/// How facts tell fields apart. A struct member is written into an lvalue as "->" and its name whatever the operator
/// (<see cref="CallArgument.Lvalue"/>); two structs may both have a 'Flags' or a 'ServiceCallback' member. Next to such
/// an lvalue the facts keep the field itself: the canonical type of the record that declares the member (as libclang
/// spells it: 'struct _LOG' for 'LOG *', a typedef of an anonymous struct under its typedef name, an unnamed record by
/// where it is declared), "::", and the member's name: "struct _LOG::Flags". Null when libclang does not say which
/// declaration the member is (code with errors).
/// </summary>
public static class FieldIdentity
{
    /// <summary>The record-qualified field of an lvalue when the facts know it, otherwise the lvalue itself ("->Flags", "p", "*p").</summary>
    public static string Key(string lvalue, string? field) => field is not null && lvalue.StartsWith("->", StringComparison.Ordinal) ? field : lvalue;

    /// <summary>How a key reads in a message: a field as "->" and its member, anything else as it is.</summary>
    public static string Display(string key)
    {
        if (key.StartsWith("->", StringComparison.Ordinal)) return key;
        int at = key.LastIndexOf("::", StringComparison.Ordinal);
        return at < 0 ? key : "->" + key[(at + 2)..];
    }

    /// <summary>The record part of a field ("struct _LOG" of "struct _LOG::Flags"); null for anything else.</summary>
    public static string? Record(string field)
    {
        int at = field.LastIndexOf("::", StringComparison.Ordinal);
        return at <= 0 ? null : field[..at];
    }

    /// <summary>
    /// Whether two keys may name the same field: equal, or one of them a member whose record is unknown ("->Flags")
    /// and the other a field with that member name. What a proof that nothing writes a field must ask.
    /// </summary>
    public static bool MayBeSame(string a, string b) =>
        a == b || (a.StartsWith("->", StringComparison.Ordinal) || b.StartsWith("->", StringComparison.Ordinal)) && Display(a) == Display(b) && Display(a).StartsWith("->", StringComparison.Ordinal);
}
