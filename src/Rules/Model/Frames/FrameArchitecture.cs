using System.Collections.Immutable;
using StackLint.Frontend;

namespace StackLint.Rules.Model.Frames;

/// <summary>
/// The calling-convention and frame-layout facts of one target that the frame estimator needs. Every figure was
/// checked against clang-19 -fstack-usage (see FrameEstimator for the measurements); the table is data so a new
/// target is one entry, not a new branch in the estimator.
/// </summary>
/// <param name="Target">The architecture this table describes.</param>
/// <param name="PointerSize">Bytes of a pointer; also the size an unknown-size local is counted as.</param>
/// <param name="ReturnAddressSize">Bytes the call instruction pushes (0 on arm64: the return address is in LR).</param>
/// <param name="HomeAreaSize">Register-parameter home ("shadow") area a caller must reserve for every call (x64: 32).</param>
/// <param name="RegisterArgumentCount">Arguments passed in registers; the rest go to the outgoing-argument area.</param>
/// <param name="ArgumentSlotSize">Bytes one stack argument occupies (its size rounded up to this).</param>
/// <param name="StackAlignment">Alignment of the stack pointer at a call.</param>
/// <param name="LeafAlignment">Alignment clang keeps in a function that makes no call (LLVM's transient stack alignment).</param>
/// <param name="LargeArrayAlignment">Alignment clang gives local arrays of at least LargeArrayMinSize bytes (0: none).</param>
/// <param name="LargeArrayMinSize">Size from which LargeArrayAlignment applies.</param>
/// <param name="FrameRecord">When -O0 code saves a frame pointer (x86 and x64) or the FP/LR pair (arm64) on the stack.</param>
/// <param name="FrameRecordSize">Bytes of that save.</param>
/// <param name="ByValueRecordInRegisterSizes">Record sizes passed in one register; any other record is passed by reference to a caller-made copy (x64) or copied into the argument area (x86).</param>
/// <param name="ByValueRecordMaxRegisterSize">arm64: records up to this size travel in registers, larger ones by reference to a copy.</param>
/// <param name="OptimizedSavedRegisterAllowance">Callee-saved registers an optimized non-leaf function typically pushes, in bytes.</param>
/// <param name="OptimizedPushesArguments">Whether optimized code pushes stack arguments (x86) instead of reserving an argument area.</param>
/// <param name="UnoptimizedArgumentRegisters">-O0: how many computed argument values of one call stay in registers; the rest are spilled to their own slots.</param>
/// <param name="OptimizedSpillsByLiveValues">-O2: saved registers and spill slots grow with the values live across calls (x64) instead of a fixed allowance.</param>
/// <param name="UnoptimizedSpillsPointerArguments">-O0: whether pointer-typed computed arguments (addresses, literals, pointer variables) take part in that count.</param>
/// <param name="UnoptimizedCalleeSavedRegisters">-O0: callee-saved registers the fast register allocator reaches for when a call's arguments need more registers than the volatile ones, each pushed once (x86: ESI, EDI, EBX; 0: not modelled).</param>
public sealed record FrameArchitecture(
    TargetArch Target,
    int PointerSize,
    int ReturnAddressSize,
    int HomeAreaSize,
    int RegisterArgumentCount,
    int ArgumentSlotSize,
    int StackAlignment,
    int LeafAlignment,
    int LargeArrayAlignment,
    int LargeArrayMinSize,
    FrameRecordPolicy FrameRecord,
    int FrameRecordSize,
    ImmutableArray<long> ByValueRecordInRegisterSizes,
    long ByValueRecordMaxRegisterSize,
    int OptimizedSavedRegisterAllowance,
    bool OptimizedPushesArguments,
    int UnoptimizedArgumentRegisters,
    bool UnoptimizedSpillsPointerArguments,
    bool OptimizedSpillsByLiveValues = false,
    int UnoptimizedCalleeSavedRegisters = 0)
{
    /// <summary>
    /// x64 (Microsoft ABI): 8-byte return address; 4 register args; the caller reserves a 32-byte home area for
    /// any call; stack args 8 bytes each; 16-byte alignment at calls. Measured: a leaf with 4 spilled ints reports
    /// 16 (8 + 16 = 24, aligned to 8), so leaf frames align to 8. Local arrays of 16+ bytes are 16-aligned
    /// (clang's X86_64 LargeArrayAlign; char[100] + int reports 152 not 136), records are not.
    /// </summary>
    public static readonly FrameArchitecture X64 = new(
        TargetArch.X64, PointerSize: 8, ReturnAddressSize: 8, HomeAreaSize: 32, RegisterArgumentCount: 4, ArgumentSlotSize: 8,
        StackAlignment: 16, LeafAlignment: 8, LargeArrayAlignment: 16, LargeArrayMinSize: 16,
        FrameRecord: FrameRecordPolicy.WhenDynamic, FrameRecordSize: 8,
        ByValueRecordInRegisterSizes: [1, 2, 4, 8], ByValueRecordMaxRegisterSize: 0,
        // Calibrated on bench/frames-accuracy/corpus at -O2: the 239 non-leaf functions push 0-5 callee-saved registers,
        // 2.4 on average (18 none, 60 one, 56 two, 36 three, 43 four, 26 five); two keep the large-frame median error at 0.
        OptimizedSavedRegisterAllowance: 16, OptimizedPushesArguments: false,
        UnoptimizedArgumentRegisters: 6, UnoptimizedSpillsPointerArguments: false, OptimizedSpillsByLiveValues: true);

    /// <summary>
    /// x86 (cdecl/stdcall): 4-byte return address; every argument on the stack in 4-byte slots; 4-byte stack
    /// alignment (8-aligned locals such as LARGE_INTEGER raise it); -O0 keeps EBP (a 4-byte empty function reports 4).
    /// </summary>
    public static readonly FrameArchitecture X86 = new(
        TargetArch.X86, PointerSize: 4, ReturnAddressSize: 4, HomeAreaSize: 0, RegisterArgumentCount: 0, ArgumentSlotSize: 4,
        StackAlignment: 4, LeafAlignment: 4, LargeArrayAlignment: 0, LargeArrayMinSize: 0,
        FrameRecord: FrameRecordPolicy.Always, FrameRecordSize: 4,
        ByValueRecordInRegisterSizes: [], ByValueRecordMaxRegisterSize: 0,
        // -O2 uses EBP as a general register and pushes EBP/EBX/ESI/EDI as needed: 1-4 pushes in the corpus, three typical.
        OptimizedSavedRegisterAllowance: 12, OptimizedPushesArguments: true,
        // -O0 holds a call's computed arguments in EAX, ECX, EDX and the callee-saved ESI, EDI, EBX (pushed, see
        // UnoptimizedCalleeSavedRegisters) less the ESP copy the stores go through: eight pointer variables passed to
        // one call spill three (.su 108), twelve six (136, as for twelve ints).
        UnoptimizedArgumentRegisters: 5, UnoptimizedSpillsPointerArguments: false, UnoptimizedCalleeSavedRegisters: 3);

    /// <summary>
    /// arm64 (AAPCS64/Windows): return address in LR, saved with FP as a 16-byte pair by any non-leaf function;
    /// 8 register args; records up to 16 bytes in registers, larger ones by reference to a caller copy; 16-byte alignment.
    /// Measured with aarch64-pc-windows-msvc at -O0: a leaf keeps no frame record (int local: 16), any call adds 16
    /// bytes (LR and padding; call0: 16; char[100] + call: 128; 100-byte struct + its by-value copy + call: 224).
    /// Not fitted further: -O0 arm64 code also spills addresses and values live across calls (6 spills, 48 bytes, in a
    /// 20-call function), which the model does not count; bench/frames-accuracy with ARCHES=arm64 measures it.
    /// </summary>
    public static readonly FrameArchitecture Arm64 = new(
        TargetArch.Arm64, PointerSize: 8, ReturnAddressSize: 0, HomeAreaSize: 0, RegisterArgumentCount: 8, ArgumentSlotSize: 8,
        StackAlignment: 16, LeafAlignment: 16, LargeArrayAlignment: 0, LargeArrayMinSize: 0,
        FrameRecord: FrameRecordPolicy.WhenCallingOrDynamic, FrameRecordSize: 16,
        ByValueRecordInRegisterSizes: [], ByValueRecordMaxRegisterSize: 16,
        OptimizedSavedRegisterAllowance: 16, OptimizedPushesArguments: false,
        UnoptimizedArgumentRegisters: 6, UnoptimizedSpillsPointerArguments: false);

    /// <summary>The canonical name reports show: "x64", "x86" or "arm64".</summary>
    public string Name => Target.Name();

    /// <summary>The table of an architecture.</summary>
    public static FrameArchitecture For(TargetArch arch) => arch switch
    {
        TargetArch.X86 => X86,
        TargetArch.Arm64 => Arm64,
        _ => X64,
    };
}

/// <summary>When unoptimized code saves its frame pointer (or FP/LR pair) on the stack.</summary>
public enum FrameRecordPolicy
{
    /// <summary>x86 -O0: every function pushes EBP (an empty function reports 4).</summary>
    Always,
    /// <summary>x64: only functions with alloca or VLAs keep RBP (an empty function reports 0).</summary>
    WhenDynamic,
    /// <summary>arm64: functions that call (or allocate dynamically) save FP/LR; leaves do not.</summary>
    WhenCallingOrDynamic,
}
