using System.Runtime.InteropServices;

namespace StackLint.Frontend.Interop;

/// <summary>Owns a CXIndex; disposing it (or finalization) calls clang_disposeIndex exactly once.</summary>
internal sealed class IndexHandle : SafeHandle
{
    public IndexHandle(nint handle) : base(0, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        NativeMethods.clang_disposeIndex(handle);
        return true;
    }
}

/// <summary>Owns a CXTranslationUnit; the AST and every cursor into it die with it.</summary>
internal sealed class TranslationUnitHandle : SafeHandle
{
    public TranslationUnitHandle(nint handle) : base(0, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        NativeMethods.clang_disposeTranslationUnit(handle);
        return true;
    }
}
