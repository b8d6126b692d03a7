using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StackLint.Frontend.Interop;

/// <summary>
/// Lists the direct children of a cursor. The native visitor never returns CXChildVisit_Recurse, so libclang
/// only walks one level and the caller drives the traversal with its own explicit stack: no recursion,
/// managed or native, grows with the depth of the input.
/// </summary>
internal sealed unsafe class ChildCollector : IDisposable
{
    private const int ChildVisitContinue = 1;
    private const int VisitContinue = 1;

    private readonly List<CXCursor> _buffer = new();
    private GCHandle _self;

    public ChildCollector() => _self = GCHandle.Alloc(this);

    /// <summary>The direct children of <paramref name="parent"/>, in source order.</summary>
    public CXCursor[] Children(CXCursor parent)
    {
        _buffer.Clear();
        NativeMethods.clang_visitChildren(parent, &CollectChild, GCHandle.ToIntPtr(_self));
        return _buffer.Count == 0 ? Array.Empty<CXCursor>() : _buffer.ToArray();
    }

    /// <summary>The field declarations of a record type, in declaration order (empty for non-records).</summary>
    public CXCursor[] Fields(CXType recordType)
    {
        _buffer.Clear();
        NativeMethods.clang_Type_visitFields(recordType, &CollectField, GCHandle.ToIntPtr(_self));
        return _buffer.Count == 0 ? Array.Empty<CXCursor>() : _buffer.ToArray();
    }

    public void Dispose()
    {
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    // Callbacks must never throw into native code; List.Add cannot fail short of out-of-memory.
    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static int CollectChild(CXCursor cursor, CXCursor parent, nint clientData)
    {
        var self = (ChildCollector)GCHandle.FromIntPtr(clientData).Target!;
        self._buffer.Add(cursor);
        return ChildVisitContinue;
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static int CollectField(CXCursor cursor, nint clientData)
    {
        var self = (ChildCollector)GCHandle.FromIntPtr(clientData).Target!;
        self._buffer.Add(cursor);
        return VisitContinue;
    }
}
