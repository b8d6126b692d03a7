using System.Collections.Immutable;
using StackLint.Frontend;
using StackLint.Frontend.Facts;

namespace StackLint.Rules.Model.Frames;

/// <summary>
/// Estimates a function's stack frame from its facts alone, in two models:
/// <list type="bullet">
/// <item>Unoptimized mirrors LLVM's frame layout at -O0 (PrologEpilogInserter): objects are laid out one after the
/// other below the return address, each aligned, in declaration order; then the reserved call frame; then the
/// whole is aligned. MSVC /Od also gives every local its own slot.</item>
/// <item>Optimized mirrors -O2: objects of disjoint sibling scopes share space (stack coloring), scalars live in
/// registers, parameters stay in registers or the caller's home area, and a few callee-saved registers are pushed.</item>
/// </list>
/// Calibration (clang-19 -fstack-usage, x86_64-pc-windows-msvc and i686-pc-windows-msvc; .su figures exclude the
/// return address, ours include it): see the comment on each term and bench/frames-accuracy for the corpus run.
/// </summary>
public static class FrameEstimator
{
    public static FrameEstimate Estimate(FunctionFacts f, TargetArch arch) => Estimate(f, FrameArchitecture.For(arch));

    /// <summary>
    /// The estimate of a function, computed afresh: a program's rules share theirs through
    /// <see cref="ProgramAnalysis.Estimates"/>, which computes each once.
    /// </summary>
    public static FrameEstimate Estimate(FunctionFacts f, FrameArchitecture arch) => Estimate(f, arch, (TranslationUnitFacts?)null);

    /// <summary>
    /// The estimate of a function of a translation unit: calls to the unit's force-inlined definitions
    /// (FORCEINLINE, __forceinline, always_inline) are folded into the frame, as clang does even at -O0.
    /// </summary>
    public static FrameEstimate Estimate(FunctionInProgram function, FrameArchitecture arch)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Estimate(function.Function, arch, function.Unit);
    }

    public static FrameEstimate Estimate(FunctionInProgram function, TargetArch arch) => Estimate(function, FrameArchitecture.For(arch));

    /// <param name="unit">The unit the function was defined in, whose force-inlined definitions its calls expand; null: none.</param>
    public static FrameEstimate Estimate(FunctionFacts f, FrameArchitecture arch, TranslationUnitFacts? unit) =>
        Estimate(f, arch, unit is null ? null : InlineDefinitions.Of(unit), unit?.StackProtector ?? false);

    /// <param name="inlines">The force-inlined definitions of the function's unit; null: none.</param>
    /// <param name="stackProtector">The unit is compiled with a stack security cookie.</param>
    public static FrameEstimate Estimate(FunctionFacts f, FrameArchitecture arch, InlineDefinitions? inlines, bool stackProtector)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(arch);
        return Compute(f, arch, inlines, stackProtector);
    }

    private static FrameEstimate Compute(FunctionFacts f, FrameArchitecture arch, InlineDefinitions? inlines, bool stackProtector)
    {
        var copies = inlines is null ? [] : inlines.Expand(f);
        // The security cookie (-fstack-protector-strong, /GS): clang protects a function with an array, a record
        // whose address is taken, or a compound literal; a pointer-sized slot right below the return address
        // (int a; g(&a) reports 56 with it against 40 on x64, 16 against 12 on x86; char[64] 104 either way, the
        // slot filling alignment padding). The facts do not say which scalars have their address taken, so only
        // memory objects decide.
        bool cookie = stackProtector && (HasMemoryObject(f) || copies.Any(c => HasMemoryObject(c.Callee)));
        // An alloca of a constant size taken once is a fixed object (StackAllocations), not a dynamic one.
        bool isDynamic = StackAllocations.HasDynamic(f, inlines);
        foreach (var copy in copies)
            isDynamic |= StackAllocations.HasDynamic(copy.Callee, inlines);
        // The calls that remain calls: the function's own and its inlined copies', less the force-inlined ones.
        var calls = Calls(f, inlines);
        if (copies.Length > 0)
        {
            var all = calls.ToBuilder();
            foreach (var copy in copies) all.AddRange(Calls(copy.Callee, inlines));
            calls = all.ToImmutable();
        }
        // An optimizing build also inlines static functions called from one place and small ones: their copies and calls instead.
        var optimizedCopies = inlines is null ? [] : inlines.ExpandOptimized(f);
        var optimizedCalls = calls;
        if (optimizedCopies.Length > copies.Length)
        {
            var all = OptimizedCalls(f, inlines!).ToBuilder();
            foreach (var copy in optimizedCopies) all.AddRange(OptimizedCalls(copy.Callee, inlines!));
            optimizedCalls = all.ToImmutable();
        }
        return new FrameEstimate(
            arch.Target,
            EstimateUnoptimized(f, calls, arch, isDynamic, copies, inlines, cookie),
            EstimateOptimized(f, optimizedCalls, arch, isDynamic, optimizedCopies, inlines, cookie),
            isDynamic,
            // Approximate: a fixed-size local or a parameter whose size is unknown (a VLA is dynamic, not unknown; an
            // array parameter is a pointer whatever its bound).
            Locals(f).Any(l => !l.IsVariableLengthArray && !l.Type.IsSizeKnown) || Parameters(f).Any(p => !Decayed(p.Type, arch).IsSizeKnown),
            Contributors(f, arch, copies, inlines));
    }

    private static ImmutableArray<LocalVariable> Locals(FunctionFacts f) => f.Locals.IsDefault ? [] : f.Locals;
    private static ImmutableArray<LocalVariable> CompoundLiterals(FunctionFacts f) => f.CompoundLiterals.IsDefault ? [] : f.CompoundLiterals;
    /// <summary>The objects of the body that live in memory by declaration: locals and compound literals.</summary>
    private static ImmutableArray<LocalVariable> MemoryObjects(FunctionFacts f) =>
        CompoundLiterals(f).IsEmpty ? Locals(f) : Locals(f).AddRange(CompoundLiterals(f));
    private static ImmutableArray<Parameter> Parameters(FunctionFacts f) => f.Parameters.IsDefault ? [] : f.Parameters;
    /// <summary>
    /// The calls that make a frame: compiler intrinsics (_InterlockedExchangeAdd, __readcr8, __debugbreak...) compile
    /// to instructions, not calls, and need no home area or argument slots (a function whose only call is
    /// InterlockedIncrement reports 8 on x64, a leaf's figure). memset/memcpy stay: -O0 calls them even for 16 bytes.
    /// </summary>
    private static ImmutableArray<CallSite> Calls(FunctionFacts f, InlineDefinitions? inlines)
    {
        if (f.Calls.IsDefaultOrEmpty) return [];
        var calls = ImmutableArray.CreateBuilder<CallSite>(f.Calls.Length);
        foreach (var call in f.Calls)
            if ((call.CalleeName is null || !IsIntrinsic(call.CalleeName)) && inlines?.Resolve(call) is null) calls.Add(call);
        return calls.Count == f.Calls.Length ? f.Calls : calls.ToImmutable();
    }

    private static ImmutableArray<CallSite> OptimizedCalls(FunctionFacts f, InlineDefinitions inlines)
    {
        if (f.Calls.IsDefaultOrEmpty) return [];
        var calls = ImmutableArray.CreateBuilder<CallSite>(f.Calls.Length);
        foreach (var call in f.Calls)
            if ((call.CalleeName is null || !IsIntrinsic(call.CalleeName)) && inlines.ResolveOptimized(call) is null) calls.Add(call);
        return calls.ToImmutable();
    }

    /// <summary>Whether a function has a local array or record or a compound literal (what the security cookie protects).</summary>
    private static bool HasMemoryObject(FunctionFacts f) =>
        !CompoundLiterals(f).IsEmpty || Locals(f).Any(l => l.Type.Category is TypeCategory.Array or TypeCategory.Record);

    private static readonly string[] IntrinsicPrefixes =
    [
        "__builtin_", "_Interlocked", "_interlocked", "__read", "__write", "__stos", "__movs", "__debugbreak", "__fastfail",
        "__nop", "__halt", "__cpuid", "__rdtsc", "__int2c", "__inbyte", "__inword", "__indword", "__outbyte", "__outword",
        "__outdword", "__invlpg", "__wbinvd", "__lidt", "__sidt", "__shiftleft128", "__shiftright128", "__faststorefence",
        "__segmentlimit", "__getcallerseflags", "_BitScan", "_bittest", "_ReadWriteBarrier", "_ReadBarrier", "_WriteBarrier",
        "_mm_", "_enable", "_disable", "_ReturnAddress", "_AddressOfReturnAddress", "_rotl", "_rotr", "_byteswap",
        "_umul128", "_mul128", "_alloca", "alloca",
    ];

    private static bool IsIntrinsic(string name)
    {
        // Every prefix starts with '_' or 'a': most callees are ruled out by their first character.
        if (name.Length == 0 || name[0] is not ('_' or 'a')) return false;
        foreach (var prefix in IntrinsicPrefixes)
            if (name.StartsWith(prefix, StringComparison.Ordinal)) return true;
        return false;
    }

    private static FrameBreakdown EstimateUnoptimized(
        FunctionFacts f, ImmutableArray<CallSite> calls, FrameArchitecture arch, bool isDynamic,
        ImmutableArray<InlinedCopy> copies, InlineDefinitions? inlines, bool cookie)
    {
        bool hasCalls = calls.Length > 0;
        // LLVM starts the local area right below the return address the call pushed.
        var layout = new Layout(arch.ReturnAddressSize);

        // Frame pointer: x86 -O0 always pushes EBP (an empty function reports 4); x64 only with alloca/VLA
        // (an empty x64 function reports 0, a VLA function 40 = rbp + n + saved rsp + vla size, rounded);
        // arm64 saves LR (16 bytes with padding) in any function that calls.
        // SEH (__try): x64 keeps a frame pointer for the outlined __finally/__except funclets (int a; g(&a) in
        // __try/__finally reports 56 against 40 without; a second __try/__finally adds nothing); x86 builds the SEH
        // registration record and saves EBX/ESI/EDI: 40 bytes more with one __try. __except handlers add their own
        // slots (below). The outlined funclets' own frames are not the function's.
        int tries = TryStatements(f);
        bool frameRecord = arch.FrameRecord switch
        {
            FrameRecordPolicy.Always => true,
            FrameRecordPolicy.WhenDynamic => isDynamic || tries > 0,
            _ => isDynamic || hasCalls,
        };
        long saved = frameRecord ? arch.FrameRecordSize : 0;
        if (tries > 0 && arch.RegisterArgumentCount == 0) saved += X86SehRecord;
        // x86 callee-saved pushes (an SEH function pushes all three with its registration, above). -O0 loads every
        // argument of a call into a register before storing them through a copy of ESP, so a call whose arguments
        // (and callee pointer) need more registers than EAX, ECX and EDX makes the fast register allocator take
        // ESI, then EDI, then EBX, and the prologue pushes each once: g6(a, b, c, 0, 0, 0) with three pointer
        // variables pushes ESI (.su 44 against 36 for two), four EDI too (52), five or more all three (60); an 11-argument
        // ZwCreateFile(h, 1, &oa, &iosb, 0, ...) one (96). The argument values beyond the six registers are
        // spilled (below). On the x86 real-driver corpus (clang -O0 frame-layout remarks of 2,040 functions) this
        // count is exact for 65% and within one push for 90%; the rest push for other code (64-bit arithmetic).
        else if (arch.UnoptimizedCalleeSavedRegisters > 0)
            saved += arch.PointerSize * Math.Min(arch.UnoptimizedCalleeSavedRegisters, Math.Max(0, MaxCallRegisters(calls, arch) - 3));
        layout.Place(saved, saved == 0 ? 1 : arch.PointerSize);
        if (cookie) saved += layout.Place(arch.PointerSize, arch.PointerSize);

        // A force-inlined copy's constant alloca is a fixed object, one per copy, that the inliner moves to the top of the
        // caller's entry block, above the caller's own parameters and locals (x64 -O0 frame layout of two copies of a
        // helper taking _alloca(512), with three pointers of the caller: 512, 512, then the pointers; .su 1,096, where
        // the pointers first would give 1,080).
        long copyAllocas = 0;
        foreach (var copy in copies)
            foreach (var (_, size) in StackAllocations.Fixed(copy.Callee, inlines))
                copyAllocas += layout.Place(size, AllocaAlignment);

        // Parameters: x64 -O0 spills its 4 register arguments into its own frame, not into the caller's home
        // area (int params4(int a,int b,int c,int d) reports 16 = 8 + 4*4, aligned to 8); a record that is not
        // 1/2/4/8 bytes arrives as a pointer, and that pointer is spilled (u4(S12) reports 40 = 8 + 8 + 32 home).
        // Stack-passed parameters (x86 all, x64 5th on) are used in place (LLVM's argument copy elision), except
        // that x86 passes a record of up to 16 bytes as separate words and reassembles it in a local copy
        // (u4(S12) reports 20 on x86 = ebp + 12 + 4 argument; a 128-byte record parameter reports 12, no copy), and
        // copies a record that needs 8-byte alignment, which the 4-aligned argument area cannot give it (a 160-byte
        // record holding LARGE_INTEGERs reports 184 = ebp + 160 copy + 4 argument, aligned to 8).
        // An array parameter is a pointer (WCHAR Text[256] spills 8 bytes, not 512).
        long paramBytes = 0;
        var parameters = Parameters(f);
        for (int i = 0; i < parameters.Length; i++)
        {
            var type = Decayed(parameters[i].Type, arch);
            if (i < arch.RegisterArgumentCount)
            {
                long size = PassedSize(type, arch);
                paramBytes += layout.Place(size, Math.Min(size, Alignment(type, arch, size)));
            }
            else if (arch.RegisterArgumentCount == 0 && type.Category == TypeCategory.Record && type.Size is long size
                     && (size <= X86ExpandedRecordMaxSize || Alignment(type, arch, size) > arch.StackAlignment))
            {
                paramBytes += layout.Place(size, Alignment(type, arch, size));
            }
        }

        // The return-value slot: clang -O0 keeps a 'retval' alloca when a function has more than one return
        // (int t5(int a){ if(a) return 1; return 2; } reports 8 on x64 = 8 + a + retval); with a single return it
        // elides it. Facts do not carry the return type; 4 bytes (NTSTATUS, ULONG, BOOLEAN padded) is the common case.
        long temporaries = 0;
        if (!f.Body.IsDefaultOrEmpty && f.Body.Count(n => n.Kind == BodyNodeKind.Return) >= 2)
            temporaries += layout.Place(4, 4);

        // Locals: each in its own slot, aligned, in declaration order. x64 arrays of 16+ bytes are 16-aligned
        // (char[100] + int + call reports 152: 8 + 100 -> 112, + 4, + 32, aligned to 16, minus 8), records keep
        // their natural alignment (a 100-byte struct packs: 232 for struct + copy + call).
        long localBytes = 0;
        bool sawVla = false;
        foreach (var local in Locals(f))
        {
            if (local.IsVariableLengthArray)
            {
                // clang -O0 saves the stack pointer once per VLA scope and keeps each bound in a slot.
                if (!sawVla) temporaries += layout.Place(arch.PointerSize, arch.PointerSize);
                temporaries += layout.Place(arch.PointerSize, arch.PointerSize);
                sawVla = true;
                continue;
            }
            long size = LocalSize(local, arch);
            localBytes += layout.Place(size, LocalAlignment(local, arch, size));
        }

        // Fixed-size allocas: after the locals, 16-aligned on both targets (x64 '_alloca(10)' with an int parameter and a
        // pointer local reports 72, '_alloca(64)' 104 as for 'char p[64]'; x86 44 and 92, the frame realigned to 16).
        foreach (var (_, size) in StackAllocations.Fixed(f, inlines))
            localBytes += layout.Place(size, AllocaAlignment);

        // Compound literals: each '(T){ ... }' that is not a variable's whole initializer is an object of its own
        // ('*p = (S){ .x = 1 }' twice with a 204-byte S reports 472 against 248 for once; 'S s = (S){...}' adds nothing).
        foreach (var literal in CompoundLiterals(f))
        {
            long size = LocalSize(literal, arch);
            temporaries += layout.Place(size, LocalAlignment(literal, arch, size));
        }

        temporaries += CallTemporaries(f, arch, layout, inlines);

        // Force-inlined callees: clang's always-inliner runs even at -O0 and moves every inlined copy's allocas
        // (its parameters, locals, return slot and temporaries) into the caller's entry block, one set per call site
        // and none shared, since -O0 does no stack colouring. Measured with a FORCEINLINE helper holding a 100-byte
        // array and two int parameters, called three times from one function: the caller grows by three times the
        // helper's slots (probe files compiled with clang-19 -fstack-usage -O0 for both targets, as bench/frames-accuracy does).
        long inlined = 0;
        foreach (var copy in copies)
        {
            var callee = copy.Callee;
            // Every parameter becomes a slot of the caller: the value a register or stack argument would bring
            // is stored into the inlined copy's own alloca (records that travel by reference: the pointer).
            foreach (var parameter in Parameters(callee))
            {
                var type = Decayed(parameter.Type, arch);
                long size = arch.RegisterArgumentCount == 0 && type.Category == TypeCategory.Record && type.Size is long whole ? whole : PassedSize(type, arch);
                inlined += layout.Place(size, Math.Min(Math.Max(size, 1), Alignment(type, arch, size)));
            }
            if (!callee.Body.IsDefaultOrEmpty && callee.Body.Count(n => n.Kind == BodyNodeKind.Return) >= 2)
                inlined += layout.Place(4, 4);
            foreach (var local in MemoryObjects(callee))
            {
                if (local.IsVariableLengthArray) continue;
                long size = LocalSize(local, arch);
                inlined += layout.Place(size, LocalAlignment(local, arch, size));
            }
            inlined += CallTemporaries(callee, arch, layout, inlines);
        }
        inlined += copyAllocas;

        // Argument spills: at -O0 a call's computed arguments are all evaluated before the call, and the fast register
        // allocator spills those that do not fit in the free registers, each to a slot of its own (no slot sharing at
        // -O0, so the spills of all calls add up). Measured with 12-argument calls: 12 loaded ULONGs cost 6 spills
        // (48 bytes) on x64 and on x86 7 spills and the three pushes (40 bytes against 36 measured); constants cost none; addresses and string literals cost none on
        // x64 (rematerialized) and some on x86, where counting them over-estimated ZwCreateFile-style calls by up to
        // 48 bytes, so they are left out (UnoptimizedSpillsPointerArguments). Pointers loaded from the function's own
        // variables (and an inlined copy's parameters, which -O0 keeps in slots) are values like integers: twelve
        // pointer variables passed to one call cost the same spills as twelve ints (x64 .su 232 against 184 for the
        // ints' smaller locals, both 4 spill slots; x86 136 for both). A 22-argument DbgPrintEx adds 112 bytes on x64.
        // Values live across a call: clang evaluates a Windows call's arguments right to left, so a value computed for
        // an argument is spilled when an argument to its left calls a function (which clobbers the registers).
        // DbgPrintEx(1, 2, "x", KeGetIrql(), PsGetCurrentProcessId(), PsGetCurrentThreadId(), s) spills s and two
        // handles: each such call adds 24 bytes on x64 (one: .su 88, two: 120, four: 168; constants only: 72) and
        // 12 on x86 (where the first such call costs 12 more, not modelled); Three(V(), V(), V()) spills two ints.
        // Pointers count as values too when they are computed (a pointer variable loaded, a local array's address,
        // a member read): g3(strlen(s), a, s) spills two 8-byte slots on x64 and two 4-byte ones on
        // x86 where g3(1, a, s) spills none; constants, string literals, '&x' of a whole variable, global arrays and
        // function names are constants to the code generator and are not spilled. memcpy, memmove and memset (the
        // RtlCopyMemory family) are builtins whose arguments clang evaluates left to right: memmove(a, s, strlen(s))
        // spills a and s (x64 +16, x86 +8 to +12 against memmove(a, s, n)).
        // Each call's spill slots are laid out largest first (read from clang -S). The larger of the two spill
        // counts is taken: they are the same registers.
        var variables = VariableNames(f, copies);
        foreach (var call in calls)
        {
            int values = 0;
            foreach (var argument in call.Arguments.IsDefault ? [] : call.Arguments)
            {
                if (argument.ConstantValue is not null) continue;
                values += argument.Type.Category switch
                {
                    // A value wider than a register (a ULONGLONG on x86) is loaded into two and spilled as two words:
                    // g(1, q0, q1, q2) with three ULONGLONG variables reports 76 on x86, 24 more for each further one
                    // (its 8-byte local, 8 argument bytes and two 4-byte spill slots), where a ULONG costs 12.
                    TypeCategory.Scalar or TypeCategory.Enum => argument.Type.Size > arch.PointerSize ? 2 : 1,
                    TypeCategory.Pointer or TypeCategory.Array or TypeCategory.Function => arch.UnoptimizedSpillsPointerArguments || IsComputedPointer(argument, variables) ? 1 : 0,
                    _ => 0,
                };
            }
            var pressure = new List<long>();
            for (int spill = arch.UnoptimizedArgumentRegisters; spill < values; spill++) pressure.Add(arch.ArgumentSlotSize);
            var acrossCalls = ValuesLiveAcrossArgumentCalls(call, arch, variables);
            foreach (var size in acrossCalls.Sum() > pressure.Sum() ? acrossCalls : pressure)
                temporaries += layout.Place(size, size);
        }

        // Results of calls inside a __try body: such a call may raise, so clang emits it as an 'invoke' that ends its
        // basic block, and the -O0 register allocator spills every value that crosses a block boundary: the result a
        // caller uses gets a slot of its size ('s = f(x); s += f(s); ...' in __try: four calls add 16 bytes on both
        // targets, eight 32, under __except and __finally alike; the same calls with their results discarded add none).
        // The calls of a force-inlined copy called there are invokes too.
        if (tries > 0)
        {
            foreach (var size in ResultsUsedInTry(f, copies))
                temporaries += layout.Place(size, size);
        }

        // Values of '?:' and of '&&'/'||' used as values (not as a branch condition): -O0 builds them in blocks of
        // their own and joins them with a phi, which the register allocator spills, one slot per operator
        // (v(x ? p : 0) four times: x64 +32, x86 +16; w(x && p) four times: x86 +4). Branch conditions jump straight
        // to their targets and make no value ('if (x ? p : 0)' adds nothing), and clang selects between two constants
        // without blocks ('x ? 1 : 2' adds nothing), which the facts cannot tell apart from other arms: a ?: counts as
        // a pointer-sized value.
        foreach (var size in JoinedValues(f, arch))
            temporaries += layout.Place(size, size);
        foreach (var copy in copies)
            foreach (var size in JoinedValues(copy.Callee, arch))
                temporaries += layout.Place(size, size);

        // __except handlers: x64 and arm64 hand the handler the exception code in a register, which -O0 spills (8
        // bytes) and copies into a 4-byte '__exception_code' slot (x64: one __try/__except 80, two 80, three 96, against
        // 64 for __finally; arm64 64/64/80 against 48). x86 reads the code from the registration record and keeps one
        // 4-byte slot per handler after the first (56, 60, 64).
        // The code slots are allocas, laid out together; the spill slots come after them.
        for (int i = arch.RegisterArgumentCount > 0 ? 0 : 1; i < f.ExceptHandlers; i++)
            temporaries += layout.Place(4, 4);
        if (arch.RegisterArgumentCount > 0)
        {
            for (int i = 0; i < f.ExceptHandlers; i++)
                temporaries += layout.Place(8, 8);
        }

        var (home, outgoing) = CallArea(calls, arch, pushes: false);
        long total = layout.Finish(home + outgoing, hasCalls || isDynamic, arch);
        long counted = arch.ReturnAddressSize + saved + paramBytes + localBytes + temporaries + home + outgoing + inlined;
        return new FrameBreakdown(arch.ReturnAddressSize, saved, paramBytes, localBytes, temporaries, home, outgoing, total - counted, inlined);
    }

    /// <summary>
    /// The most registers one call's setup holds at once at -O0 (see EstimateUnoptimized): each argument that is not a
    /// constant, a null pointer, a string literal, a call's result or a record (copied through memory), two for a scalar wider than a register, the
    /// callee pointer of an indirect call, and the stack-pointer copy the stores go through.
    /// </summary>
    private static int MaxCallRegisters(ImmutableArray<CallSite> calls, FrameArchitecture arch)
    {
        int most = 0;
        foreach (var call in calls)
        {
            int registers = 1 + (call.IsIndirect ? 1 : 0);
            foreach (var argument in call.Arguments.IsDefault ? [] : call.Arguments)
            {
                // A value computed by a call in an argument is spilled across the later calls anyway (ValuesLiveAcrossArgumentCalls):
                // Three(V(), V(), V()) pushes nothing.
                if (argument.ConstantValue is not null || argument.StringLiteral is not null || argument.IsNullPointer || argument.ContainsCall
                    || argument.Type.Category == TypeCategory.Record) continue;
                registers += argument.Type.Size > arch.PointerSize ? 2 : 1;
            }
            most = Math.Max(most, registers);
        }
        return most;
    }

    /// <summary>
    /// The sizes of the argument values a call computes before evaluating an argument that calls (right to left; left
    /// to right for the memcpy/memmove/memset builtins).
    /// </summary>
    private static List<long> ValuesLiveAcrossArgumentCalls(CallSite call, FrameArchitecture arch, HashSet<string> variables)
    {
        var spilled = new List<long>();
        var arguments = call.Arguments.IsDefault ? [] : call.Arguments;
        bool leftToRight = call.CalleeName is "memcpy" or "memmove" or "memset";
        int pending = 0;
        var sizes = new List<long>();
        for (int k = 0; k < arguments.Length; k++)
        {
            var argument = arguments[leftToRight ? k : arguments.Length - 1 - k];
            long size = Math.Clamp(argument.Type.Size ?? arch.PointerSize, 1, arch.PointerSize);
            if (argument.ContainsCall)
            {
                for (int i = sizes.Count - pending; i < sizes.Count; i++) spilled.Add(sizes[i]);
                pending = 0;
            }
            // A value in a register: a call's result, a loaded scalar, a computed pointer. Constants are rematerialized.
            if (argument.ContainsCall && argument.Type.Category is TypeCategory.Scalar or TypeCategory.Enum or TypeCategory.Pointer
                || argument.ConstantValue is null && argument.Type.Category is TypeCategory.Scalar or TypeCategory.Enum
                || IsComputedPointer(argument, variables))
            {
                sizes.Add(argument.Type.Category == TypeCategory.Array ? arch.PointerSize : size);
                pending++;
            }
        }
        // The spill slots of one call come out largest first (the handles' 8-byte slots above the int's 4).
        spilled.Sort(static (x, y) => y.CompareTo(x));
        return spilled;
    }

    /// <summary>The slots of the '?:' and '&amp;&amp;'/'||' values a function computes outside branch conditions (see EstimateUnoptimized).</summary>
    private static IEnumerable<long> JoinedValues(FunctionFacts f, FrameArchitecture arch)
    {
        var body = f.Body.IsDefault ? [] : f.Body;
        for (int i = 0; i < body.Length; i++)
        {
            var node = body[i];
            if (node.Kind is not (BodyNodeKind.Conditional or BodyNodeKind.LogicalAnd or BodyNodeKind.LogicalOr)) continue;
            if (node.Role == BodyRole.Condition) continue;
            if (node.Parent >= 0 && node.Parent < body.Length
                && body[node.Parent].Kind is BodyNodeKind.LogicalAnd or BodyNodeKind.LogicalOr or BodyNodeKind.Other) continue;
            yield return node.Kind == BodyNodeKind.Conditional ? arch.PointerSize : 1;
        }
    }

    /// <summary>The sizes of the call results used inside __try bodies (see EstimateUnoptimized), in call order.</summary>
    private static List<long> ResultsUsedInTry(FunctionFacts f, ImmutableArray<InlinedCopy> copies)
    {
        var sizes = new List<long>();
        var body = f.Body.IsDefault ? [] : f.Body;
        // Pre-order: a node's parent comes before it, so one pass marks every node under a __try body.
        var inTry = new bool[body.Length];
        var tryCalls = new HashSet<int>();
        for (int i = 0; i < body.Length; i++)
        {
            int parent = body[i].Parent;
            if (parent < 0 || parent >= i) continue;
            inTry[i] = inTry[parent] || body[parent].Kind == BodyNodeKind.Try && body[i].Role == BodyRole.Body;
            if (inTry[i] && body[i].Kind == BodyNodeKind.Call && body[i].CallIndex >= 0) tryCalls.Add(body[i].CallIndex);
        }
        if (tryCalls.Count == 0) return sizes;
        // A call that is inlined is not an invoke; its copy's own calls are.
        var inlinedSites = copies.Select(c => c.Site.Index).ToHashSet();
        foreach (var call in f.Calls.IsDefault ? [] : f.Calls)
            if (tryCalls.Contains(call.Index) && !inlinedSites.Contains(call.Index) && call.ResultValueSize > 0
                && (call.CalleeName is null || !IsIntrinsic(call.CalleeName)))
                sizes.Add(call.ResultValueSize);
        foreach (var copy in copies)
        {
            if (!tryCalls.Contains(copy.Site.Index)) continue;
            foreach (var call in copy.Callee.Calls.IsDefault ? [] : copy.Callee.Calls)
                if (call.ResultValueSize > 0 && (call.CalleeName is null || !IsIntrinsic(call.CalleeName))) sizes.Add(call.ResultValueSize);
        }
        return sizes;
    }

    /// <summary>Whether a pointer argument is an instruction's result at -O0 rather than a constant address (see EstimateUnoptimized).</summary>
    private static bool IsComputedPointer(CallArgument argument, HashSet<string> variables)
    {
        if (argument.Type.Category is not (TypeCategory.Pointer or TypeCategory.Array) || argument.ContainsCall
            || argument.ConstantValue is not null || argument.StringLiteral is not null)
            return false;
        // Without an lvalue the pointer is arithmetic, a cast or a null pointer constant, which the facts do not
        // evaluate (a null pointer converted to 'void *' has no ConstantValue): not counted, since NULL arguments abound.
        if (argument.Lvalue is not { } lvalue) return false;
        bool plainName = lvalue.Length > 0 && lvalue[0] is not ('*' or '-');
        if (!plainName) return true;
        // '&x' of a whole variable is its frame slot; a global's address is a link-time constant; a global array decays
        // to its constant address, a local array to a computed one. A global pointer variable is loaded, but the
        // argument's converted type does not tell it from a global array, so globals count as constants.
        if (argument.ByAddress) return false;
        return variables.Contains(lvalue);
    }

    /// <summary>The names of the locals and parameters of a function and of its inlined copies.</summary>
    private static HashSet<string> VariableNames(FunctionFacts f, ImmutableArray<InlinedCopy> copies)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var local in Locals(f)) names.Add(local.Name);
        foreach (var parameter in Parameters(f)) names.Add(parameter.Name);
        foreach (var copy in copies)
        {
            foreach (var local in Locals(copy.Callee)) names.Add(local.Name);
            foreach (var parameter in Parameters(copy.Callee)) names.Add(parameter.Name);
        }
        return names;
    }

    /// <summary>
    /// The -O0 temporaries a function's calls need, each call its own (no slot sharing at -O0), placed on the layout.
    /// <list type="bullet">
    /// <item>By-value record arguments: x64 passes a record that is not 1/2/4/8 bytes by reference to a copy the
    /// caller makes (two calls with a 12-byte struct report 72 = 8 + 12 + 12 + 12 + 32, aligned); arm64 does the same
    /// above 16 bytes; x86 copies the record into the argument area (counted in the call area), through a temporary
    /// first when the source may be less than 4-aligned (see NeedsByValueCopy). Calls of force-inlined
    /// helpers count too: the copy stays as an alloca when the call is inlined.</item>
    /// <item>Records returned by value: the result lands in a caller slot of the record's size unless the call is the
    /// whole initializer of a variable, which the callee then fills in place. Measured with 4-, 8-, 12-, 16- and
    /// 24-byte records, called for nothing, assigned and initializing: each discarded or assigned call adds one slot
    /// on both targets (four discarded 8-byte results: x64 72 against 40 for none), initializers add none.</item>
    /// </list>
    /// </summary>
    private static long CallTemporaries(FunctionFacts f, FrameArchitecture arch, Layout layout, InlineDefinitions? inlines)
    {
        long bytes = 0;
        foreach (var call in f.Calls.IsDefault ? [] : f.Calls)
        {
            if (call.CalleeName is not null && IsIntrinsic(call.CalleeName)) continue;
            foreach (var argument in call.Arguments.IsDefault ? [] : call.Arguments)
                if (NeedsByValueCopy(argument, arch, f))
                {
                    long size = argument.Type.Size ?? arch.PointerSize;
                    bytes += layout.Place(size, Alignment(argument.Type, arch, size));
                }
            if (call.ResultType is { Size: long resultSize } result && resultSize > 0 && !call.InitializesVariable)
                bytes += layout.Place(resultSize, Alignment(result, arch, resultSize));
        }
        return bytes;
    }

    private static FrameBreakdown EstimateOptimized(
        FunctionFacts f, ImmutableArray<CallSite> calls, FrameArchitecture arch, bool isDynamic, ImmutableArray<InlinedCopy> copies,
        InlineDefinitions? inlines, bool cookie)
    {
        bool hasCalls = calls.Length > 0;
        var layout = new Layout(arch.ReturnAddressSize);

        // Callee-saved registers: an optimized non-leaf function keeps values across calls in RBX/RSI/RDI/R12-R15
        // (EBX/ESI/EDI on x86) and pushes them; leaves use volatile registers only. A frame pointer is kept only
        // for alloca/VLA.
        long saved = hasCalls ? arch.OptimizedSavedRegisterAllowance : 0;
        // x64: the pushes and spill slots grow with the values kept across calls. Fitted on the real-driver corpus against
        // clang -O2's frame layout (-Rpass-analysis=stack-frame-layout: callee-saved pushes plus spill slots): 8 bytes,
        // 3 per scalar used on both sides of a call, 2 per parameter, one per two calls, at most 128.
        if (hasCalls && arch.OptimizedSpillsByLiveValues)
        {
            long bytes = 8 + 3 * ValuesLiveAcrossCalls(f) + 2 * Parameters(f).Length + calls.Length / 2;
            saved = Math.Min(128, AlignUp(bytes, arch.PointerSize));
        }
        if (isDynamic) saved += arch.PointerSize;
        if (cookie) saved += arch.PointerSize;
        layout.Place(saved, saved == 0 ? 1 : arch.PointerSize);

        // Locals: only memory objects (arrays, records) keep a slot; scalars and pointers live in registers.
        // Objects in disjoint sibling scopes share space (LLVM stack coloring over clang's lifetime markers):
        // 'if (c) { char a[200]; } else { char b[300]; }' reports 344 at -O2 (8 + 300 + 32, aligned) against
        // 552 at -O0. Within a scope the optimizer orders slots to avoid padding (char[1000], short, long long,
        // char reports 1048 at -O2 against 1064 at -O0), so sizes are packed.
        // A record no call receives the address of is split into registers (SROA): a 40-byte record zeroed with memset
        // and passed by value reports 72 at -O2 (the call's copy only), against 120 when g(&s) also sees it.
        // Measured on x64 only: x86 passes records by value in its argument area, so a split record still needs one there.
        var (localBytes, localAlign) = ScopedAggregateNeed(f, arch, arch.RegisterArgumentCount > 0 ? UnescapedRecords(f) : null);
        // Constant allocas, the function's own and its inlined copies': the inliner moves a copy's into the caller's entry
        // block, without lifetime markers, so copies do not share them (two copies of a helper taking _alloca(512)
        // report 1,064 at -O2 on x64, against 552 for one).
        var fixedAllocas = StackAllocations.Fixed(f, inlines).Select(a => a.Size)
            .Concat(copies.SelectMany(c => StackAllocations.Fixed(c.Callee, inlines).Select(a => a.Size)));
        foreach (var size in fixedAllocas)
        {
            localBytes += size;
            localAlign = Math.Max(localAlign, AllocaAlignment);
        }
        layout.Place(localBytes, localAlign);
        // Scalars whose address a call receives stay in memory.
        long escaped = EscapedScalarBytes(f, arch);
        localBytes += layout.Place(escaped, Math.Min(escaped, arch.PointerSize));

        // Inlined copies (force-inlined helpers, single-call and small static functions): their memory objects live only while
        // the copy runs, so stack colouring lets all copies share one area, the largest copy's (a helper with a
        // 100-byte buffer inlined three times reports 152 at -O2 on x64, as for one copy; 384 at -O0).
        // LLVM's stack colouring starts a slot's lifetime at its first use, not at the declaration: a caller's record
        // first used after a copy ran shares that copy's space (a minifilter DriverEntry whose ExInitializeDriverRuntime copy
        // holds a 276-byte version record, and whose WDF_OBJECT_ATTRIBUTES and driver config are first passed after it,
        // lays out the copy's record, the config and one pointer: the attributes live inside the record). Counted only where
        // the facts see every use: a record used by name only (an argument, a stored or read variable), with no
        // member store or read through an unnamed lvalue between its declaration and the copy.
        long inlined = 0, inlinedAlign = 1;
        var firstUses = copies.Length > 0 && arch.RegisterArgumentCount > 0 ? FirstNamedUses(f) : null;
        var unescapedRecords = firstUses is null ? [] : UnescapedRecords(f);
        foreach (var copy in copies)
        {
            var (bytes, align) = ScopedAggregateNeed(copy.Callee, arch, arch.RegisterArgumentCount > 0 ? UnescapedRecords(copy.Callee) : null);
            if (firstUses is not null && bytes > 0)
            {
                var later = LaterLocals(f, firstUses, copy.Site.Location.Line);
                // Each slot absorbs one other whose lifetime it does not meet (LLVM merges greedily, largest first, and
                // the caller's later records all live on together): the largest such record shares the copy's space.
                long largest = 0;
                foreach (var local in Locals(f))
                    if (later.Contains(local.Name) && !unescapedRecords.Contains(local.Name) && PackedNeed(local, arch) is var (need, _))
                        largest = Math.Max(largest, need);
                bytes = Math.Max(0, bytes - largest);
            }
            inlined = Math.Max(inlined, bytes);
            inlinedAlign = Math.Max(inlinedAlign, align);
        }
        layout.Place(inlined, inlinedAlign);

        // By-value record copies: none. The copy an -O0 caller makes for a by-value record is, at -O2, built in
        // place or forwarded from the local it copies (LLVM memcpyopt), and shares the local's slot. Counting one
        // call's copies anyway put the x64 corpus at a p90 error of 47% against -O2 for frames >= 256 bytes; without
        // them it is 18.5% (bench/frames-accuracy).
        long temporaries = 0;
        // x64 by-value record copies (not 1/2/4/8 bytes): one area, the largest call's, since each call's copies die
        // with it (two calls passing a 40-byte record share one 40-byte copy at -O2).
        {
            long area = 0;
            foreach (var call in calls)
            {
                long bytes = 0;
                foreach (var argument in call.Arguments.IsDefault ? [] : call.Arguments)
                    if (argument.Type.Category == TypeCategory.Record && arch.RegisterArgumentCount > 0 && NeedsByValueCopy(argument, arch, f))
                        bytes += AlignUp(argument.Type.Size ?? arch.PointerSize, arch.PointerSize);
                area = Math.Max(area, bytes);
            }
            temporaries += layout.Place(area, 16);
        }

        // x86 -O2 turns argument stores into pushes (X86CallFrameOptimization): the .su figure then omits them
        // (call6 reports 0 at -O2, 28 at -O0). They are transient, a few bytes per call.
        var (home, outgoing) = CallArea(calls, arch, pushes: arch.OptimizedPushesArguments);
        long total = layout.Finish(home + outgoing, hasCalls || isDynamic, arch);
        long counted = arch.ReturnAddressSize + saved + localBytes + temporaries + home + outgoing + inlined;
        return new FrameBreakdown(arch.ReturnAddressSize, saved, 0, localBytes, temporaries, home, outgoing, total - counted, inlined);
    }

    /// <summary>
    /// The reserved call frame: x64 reserves the 32-byte home area for any call plus 8 bytes per argument past the
    /// fourth (call6 reports 56 = 8 + 32 + 16, aligned; ZwCreateFile's 11 arguments take 88 bytes); x86 reserves
    /// the largest call's argument bytes, each rounded to 4 (11 stdcall arguments: 44 bytes), by-value records in full.
    /// </summary>
    private static (long Home, long Outgoing) CallArea(ImmutableArray<CallSite> calls, FrameArchitecture arch, bool pushes)
    {
        if (calls.Length == 0) return (0, 0);
        long outgoing = 0;
        foreach (var call in calls)
        {
            var arguments = call.Arguments.IsDefault ? [] : call.Arguments;
            long bytes = 0;
            // A record returned through memory takes a hidden first argument, the address of the result's slot: on
            // x86 4 more argument bytes (discarding a returned 24-byte record reports 32 = ebp + 24 + 4), on x64
            // the first register, which moves the fourth argument to the stack.
            int hidden = call.ResultType is { } result && ReturnsThroughMemory(result, arch) ? 1 : 0;
            if (hidden == 1 && arch.RegisterArgumentCount == 0) bytes += arch.ArgumentSlotSize;
            for (int i = Math.Max(0, arch.RegisterArgumentCount - hidden); i < arguments.Length; i++)
            {
                var type = Decayed(arguments[i].Type, arch);
                long size = arch.RegisterArgumentCount == 0 && type.Category == TypeCategory.Record
                    ? type.Size ?? arch.PointerSize
                    : Math.Min(type.Size ?? arch.PointerSize, arch.ArgumentSlotSize);
                bytes += AlignUp(Math.Max(size, 1), arch.ArgumentSlotSize);
            }
            outgoing = Math.Max(outgoing, bytes);
        }
        return (arch.HomeAreaSize, pushes ? 0 : outgoing);
    }

    /// <summary>
    /// The bytes the memory objects of the function need when sibling scopes share space: a scope needs its own
    /// objects plus the largest need among its child scopes. Walked with an explicit stack (scopes nest as deep as the source).
    /// </summary>
    private static (long Bytes, long Align) ScopedAggregateNeed(FunctionFacts f, FrameArchitecture arch, HashSet<string>? registerOnly = null)
    {
        // One scope (or none): nothing to share, the need is every memory object packed. Most functions are like
        // this, and the general walk below allocates half a dozen collections per function.
        if (f.Scopes.IsDefault || f.Scopes.Length <= 1)
        {
            long bytes = 0, align = 1;
            bool any = false;
            foreach (var local in Locals(f))
            {
                if (registerOnly is not null && registerOnly.Contains(local.Name)) continue;
                if (PackedNeed(local, arch) is not var (localBytes, localAlign)) continue;
                any = true;
                align = Math.Max(align, localAlign);
                bytes += localBytes;
            }
            return any ? (bytes, align) : (0, 1);
        }

        var own = new Dictionary<int, long>();
        long maxAlign = 1;
        foreach (var local in Locals(f))
        {
            if (registerOnly is not null && registerOnly.Contains(local.Name)) continue;
            if (PackedNeed(local, arch) is not var (bytes, align)) continue;
            maxAlign = Math.Max(maxAlign, align);
            own[local.ScopeId] = own.GetValueOrDefault(local.ScopeId) + bytes;
        }
        if (own.Count == 0) return (0, 1);

        var scopes = f.Scopes.IsDefault ? [] : f.Scopes;
        var known = scopes.Select(s => s.Id).ToHashSet();
        // Locals in a scope the facts do not list belong to the body.
        var children = new Dictionary<int, List<int>>();
        var roots = new List<int>();
        foreach (var scope in scopes)
        {
            if (scope.Parent >= 0 && scope.Parent != scope.Id && known.Contains(scope.Parent))
            {
                if (!children.TryGetValue(scope.Parent, out var list)) children[scope.Parent] = list = [];
                list.Add(scope.Id);
            }
            else roots.Add(scope.Id);
        }
        long orphanBytes = own.Where(kv => !known.Contains(kv.Key)).Sum(kv => kv.Value);

        // Post-order over the scope forest; 'visited' guards against a malformed parent cycle.
        var need = new Dictionary<int, long>();
        var visited = new HashSet<int>();
        var stack = new Stack<(int Id, bool Expanded)>();
        long total = orphanBytes;
        foreach (var root in roots)
        {
            stack.Push((root, false));
            while (stack.Count > 0)
            {
                var (id, expanded) = stack.Pop();
                if (!expanded)
                {
                    if (!visited.Add(id)) continue;
                    stack.Push((id, true));
                    foreach (var child in children.GetValueOrDefault(id) ?? []) stack.Push((child, false));
                    continue;
                }
                long childMax = 0;
                foreach (var child in children.GetValueOrDefault(id) ?? []) childMax = Math.Max(childMax, need.GetValueOrDefault(child));
                need[id] = own.GetValueOrDefault(id) + childMax;
            }
            total += need.GetValueOrDefault(root);
        }
        return (total, maxAlign);
    }

    /// <summary>
    /// The bytes a local takes in the optimized frame, with its alignment, or null when it takes none there: only
    /// memory objects (arrays, records, unknown types) keep a slot, and VLAs are dynamic. Packed: the optimizer orders
    /// slots by alignment, so padding all but disappears.
    /// </summary>
    private static (long Bytes, long Align)? PackedNeed(LocalVariable local, FrameArchitecture arch)
    {
        if (local.IsVariableLengthArray) return null;
        bool inMemory = local.Type.IsAggregate || !local.Type.IsSizeKnown && local.Type.Category is TypeCategory.Unknown;
        if (!inMemory) return null;
        long size = LocalSize(local, arch);
        long align = LocalAlignment(local, arch, size);
        return (AlignUp(size, Math.Min(align, arch.PointerSize)), align);
    }

    private static ImmutableArray<FrameContributor> Contributors(FunctionFacts f, FrameArchitecture arch, ImmutableArray<InlinedCopy> copies, InlineDefinitions? inlines)
    {
        var contributors = new List<FrameContributor>(Locals(f).Length);
        foreach (var local in Locals(f))
            if (!local.IsVariableLengthArray)
                contributors.Add(new FrameContributor(local.Name, LocalSize(local, arch), local.Location, local.Type.IsSizeKnown) { MacroName = local.MacroName });
        foreach (var (allocation, size) in StackAllocations.Fixed(f, inlines))
            contributors.Add(new FrameContributor(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{allocation.Name}({size})"), size, allocation.Location, true));
        foreach (var literal in CompoundLiterals(f))
            contributors.Add(new FrameContributor(literal.Name, LocalSize(literal, arch), literal.Location, literal.Type.IsSizeKnown, FrameContributorKind.CompoundLiteral));
        // The copies of one helper are one contributor ("3 inlined copies of 'X'"): their parameters and locals.
        var helpers = new Dictionary<string, (FunctionFacts Callee, SourceSpan First, int Count, long Bytes)>(StringComparer.Ordinal);
        foreach (var copy in copies)
        {
            long bytes = Parameters(copy.Callee).Sum(p => PassedSize(Decayed(p.Type, arch), arch))
                + MemoryObjects(copy.Callee).Where(l => !l.IsVariableLengthArray).Sum(l => LocalSize(l, arch))
                + StackAllocations.Fixed(copy.Callee, inlines).Sum(a => a.Size);
            helpers[copy.Callee.Usr] = helpers.TryGetValue(copy.Callee.Usr, out var known)
                ? known with { Count = known.Count + 1, Bytes = known.Bytes + bytes }
                : (copy.Callee, copy.Site.Location, 1, bytes);
        }
        foreach (var (callee, first, count, bytes) in helpers.Values)
            contributors.Add(new FrameContributor(callee.Name, bytes, first, true, FrameContributorKind.InlinedCopies, count));
        // Largest first; ties by name, then position, so the order never depends on the sort's stability.
        contributors.Sort(static (a, b) =>
        {
            int c = b.Bytes.CompareTo(a.Bytes);
            if (c == 0) c = string.CompareOrdinal(a.Name, b.Name);
            if (c == 0) c = a.Location.Line.CompareTo(b.Location.Line);
            return c != 0 ? c : a.Location.Column.CompareTo(b.Location.Column);
        });
        return [.. contributors];
    }

    /// <summary>A local of unknown size (missing header, incomplete type) counts as a pointer: that is what it usually is.</summary>
    private static long LocalSize(LocalVariable local, FrameArchitecture arch) => local.Type.Size is long s && s >= 0 ? s : arch.PointerSize;

    private static long LocalAlignment(LocalVariable local, FrameArchitecture arch, long size)
    {
        long align = Alignment(local.Type, arch, size);
        if (arch.LargeArrayAlignment > 0 && local.Type.Category == TypeCategory.Array && size >= arch.LargeArrayMinSize)
            align = Math.Max(align, arch.LargeArrayAlignment);
        return align;
    }

    private static long Alignment(TypeLayout type, FrameArchitecture arch, long size) =>
        type.Alignment is long a && a > 0 ? a : Math.Clamp(size, 1, arch.PointerSize);

    /// <summary>What a register parameter occupies when spilled: records that do not fit a register arrive as a pointer.</summary>
    private static long PassedSize(TypeLayout type, FrameArchitecture arch)
    {
        if (type.Size is not long size) return arch.PointerSize;
        if (type.Category != TypeCategory.Record) return Math.Max(size, 1);
        if (arch.ByValueRecordMaxRegisterSize > 0) return size <= arch.ByValueRecordMaxRegisterSize ? size : arch.PointerSize;
        return arch.ByValueRecordInRegisterSizes.Contains(size) ? size : arch.PointerSize;
    }

    private static bool NeedsByValueCopy(CallArgument argument, FrameArchitecture arch, FunctionFacts caller)
    {
        var type = argument.Type;
        if (type.Category != TypeCategory.Record) return false;
        if (arch.ByValueRecordMaxRegisterSize > 0) return (type.Size ?? arch.PointerSize) > arch.ByValueRecordMaxRegisterSize;
        if (arch.ByValueRecordInRegisterSizes.IsDefaultOrEmpty)
        {
            // x86 copies a record straight into the 4-aligned argument area when it can prove the source 4-aligned:
            // a local or parameter (whose slot it aligns), or a record aligned to 4 itself. A record of chars or
            // shorts read through a pointer or from a global goes through a temporary first (byval24(*p) with a
            // 24-byte char record reports 60 against 32 for a record holding an int, and for w->s inside an
            // int-aligned struct; a global of the char record 60 too).
            if (type.Alignment is not long align || align >= arch.ArgumentSlotSize || argument.Lvalue is not { } lvalue) return false;
            if (lvalue.StartsWith('*')) return true;
            if (lvalue.StartsWith("->", StringComparison.Ordinal)) return false;
            return !Locals(caller).Any(l => l.Name == lvalue) && !Parameters(caller).Any(p => p.Name == lvalue);
        }
        return type.Size is not long size || !arch.ByValueRecordInRegisterSizes.Contains(size);
    }

    /// <summary>The alignment LLVM gives an alloca on x86 and x64 (the largest any type needs).</summary>
    private const long AllocaAlignment = 16;

    /// <summary>x86: the SEH registration record and the callee-saved registers an SEH function pushes, measured (see EstimateUnoptimized).</summary>
    private const long X86SehRecord = 40;

    private static int TryStatements(FunctionFacts f) => f.Body.IsDefaultOrEmpty ? 0 : f.Body.Count(n => n.Kind == BodyNodeKind.Try);

    /// <summary>Whether a returned record comes back through a caller slot whose address is passed (not 1/2/4/8 bytes; arm64: over 16).</summary>
    private static bool ReturnsThroughMemory(TypeLayout type, FrameArchitecture arch)
    {
        if (type.Size is not long size) return false;
        if (arch.ByValueRecordMaxRegisterSize > 0) return size > arch.ByValueRecordMaxRegisterSize;
        return size is not (1 or 2 or 4 or 8);
    }

    /// <summary>clang's i386 ABI expands records up to 4 words into separate arguments (canExpandIndirectArgument).</summary>
    private const long X86ExpandedRecordMaxSize = 16;

    /// <summary>Array and function parameters are pointers, whatever their declared type says.</summary>
    private static TypeLayout Decayed(TypeLayout type, FrameArchitecture arch) =>
        type.Category is TypeCategory.Array or TypeCategory.Function
            ? new TypeLayout(type.Spelling, TypeCategory.Pointer, arch.PointerSize, arch.PointerSize)
            : type;

    /// <summary>
    /// The first line each variable is named on (call arguments, stores, value flows), and the lines of uses the
    /// facts cannot attribute to a variable (a member or a dereference: "->X", "*p"), under the key "".
    /// </summary>
    private static Dictionary<string, List<int>> FirstNamedUses(FunctionFacts f)
    {
        var uses = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        void Use(string? lvalue, int line)
        {
            if (lvalue is null) return;
            string key = lvalue.Length > 0 && lvalue[0] is '-' or '*' ? "" : lvalue;
            if (!uses.TryGetValue(key, out var lines)) uses[key] = lines = [];
            lines.Add(line);
        }
        foreach (var call in f.Calls.IsDefault ? [] : f.Calls)
            foreach (var argument in call.Arguments.IsDefault ? [] : call.Arguments) Use(argument.Lvalue, call.Location.Line);
        foreach (var assignment in f.Assignments) Use(assignment.Target, assignment.Line);
        foreach (var flow in f.ValueFlows)
        {
            Use(flow.Target, flow.Line);
            Use(flow.Source, flow.Line);
        }
        return uses;
    }

    /// <summary>The record and array locals first named after a line, declared before it with no unattributed use between (see EstimateOptimized).</summary>
    private static HashSet<string> LaterLocals(FunctionFacts f, Dictionary<string, List<int>> uses, int line)
    {
        var later = new HashSet<string>(StringComparer.Ordinal);
        var unattributed = uses.GetValueOrDefault("") ?? [];
        foreach (var local in Locals(f))
        {
            if (!local.Type.IsAggregate || local.IsVariableLengthArray || local.MacroName is not null) continue;
            if (!uses.TryGetValue(local.Name, out var lines) || lines.Min() <= line) continue;
            if (local.Location.Line >= line || unattributed.Any(l => l >= local.Location.Line && l <= line)) continue;
            later.Add(local.Name);
        }
        return later;
    }

    /// <summary>Scalar locals that must live in memory at -O2: those whose address is passed to a call.</summary>
    private static long EscapedScalarBytes(FunctionFacts f, FrameArchitecture arch)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var call in f.Calls.IsDefault ? [] : f.Calls)
            foreach (var argument in call.Arguments.IsDefault ? [] : call.Arguments)
                if (argument.ByAddress && argument.Lvalue is { } lvalue) names.Add(lvalue);
        long bytes = 0;
        foreach (var local in Locals(f))
            if (!local.IsVariableLengthArray && !local.Type.IsAggregate && names.Remove(local.Name)) bytes += AlignUp(LocalSize(local, arch), Math.Min(LocalSize(local, arch), arch.PointerSize));
        return bytes;
    }

    /// <summary>Record locals whose address no call receives: scalar replacement breaks them into registers at -O2.</summary>
    private static HashSet<string> UnescapedRecords(FunctionFacts f)
    {
        var escaped = new HashSet<string>(StringComparer.Ordinal);
        bool memberAddress = false;
        foreach (var call in f.Calls.IsDefault ? [] : f.Calls)
        {
            bool builtin = call.CalleeName is "memset" or "memcpy" or "memmove" || call.CalleeName?.StartsWith("__builtin_mem", StringComparison.Ordinal) == true;
            foreach (var argument in call.Arguments.IsDefault ? [] : call.Arguments)
            {
                if (argument.Lvalue is not { } lvalue) continue;
                if (lvalue.StartsWith("->", StringComparison.Ordinal)) { if (argument.ByAddress && !builtin) memberAddress = true; continue; }
                if (!builtin && (argument.ByAddress || argument.Type.Category is TypeCategory.Pointer or TypeCategory.Array)) escaped.Add(lvalue);
            }
        }
        var result = new HashSet<string>(StringComparer.Ordinal);
        // '&s.Member' names only the member: with any such argument, no record is known to stay unescaped.
        if (memberAddress) return result;
        foreach (var local in Locals(f))
            if (local.Type.Category == TypeCategory.Record && local.Type.IsSizeKnown && !escaped.Contains(local.Name)) result.Add(local.Name);
        return result;
    }

    /// <summary>
    /// How many scalar locals and parameters are used (as a call argument, in a condition, or stored) on both sides of
    /// some call: the values an optimizing build keeps in callee-saved registers, or spills, across that call.
    /// Positions are body-skeleton ids (pre-order, so source order); a parameter is defined at entry.
    /// </summary>
    private static int ValuesLiveAcrossCalls(FunctionFacts f)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var local in Locals(f))
            if (!local.IsVariableLengthArray && !local.Type.IsAggregate) candidates.Add(local.Name);
        foreach (var parameter in Parameters(f))
        {
            candidates.Add(parameter.Name);
            first[parameter.Name] = -1;
        }
        void Use(string? name, int at)
        {
            if (name is null || !candidates.Contains(name)) return;
            first[name] = first.TryGetValue(name, out var known) ? Math.Min(known, at) : at;
            last[name] = last.TryGetValue(name, out var end) ? Math.Max(end, at) : at;
        }
        var calls = new Dictionary<int, CallSite>();
        foreach (var call in f.Calls.IsDefault ? [] : f.Calls) calls.TryAdd(call.Index, call);
        var callNodes = new List<int>();
        foreach (var node in f.Body.IsDefault ? [] : f.Body)
        {
            if (node.Kind == BodyNodeKind.Call && node.CallIndex >= 0 && calls.TryGetValue(node.CallIndex, out var call))
            {
                if (call.CalleeName is null || !IsIntrinsic(call.CalleeName)) callNodes.Add(node.Id);
                foreach (var argument in call.Arguments.IsDefault ? [] : call.Arguments) Use(argument.Lvalue, node.Id);
            }
            if (node.Condition is { } condition)
            {
                Use(condition.Left.Name, node.Id);
                Use(condition.Right?.Name, node.Id);
            }
        }
        foreach (var assignment in f.Assignments) Use(assignment.Target, assignment.Order - 1);
        callNodes.Sort();
        int live = 0;
        foreach (var (name, end) in last)
        {
            int start = first[name];
            // The first call after the value's start, and whether it comes before the value's last use.
            int i = callNodes.BinarySearch(start + 1);
            if (i < 0) i = ~i;
            if (i < callNodes.Count && callNodes[i] < end) live++;
        }
        return live;
    }

        internal static long AlignUp(long value, long align) => align <= 1 ? value : (value + align - 1) / align * align;

    /// <summary>LLVM's running frame offset: grows by each object and is aligned to it; remembers the largest alignment.</summary>
    private sealed class Layout(long start)
    {
        private long offset = start;
        private long maxAlign = 1;
        private readonly long start = start;

        /// <summary>Places an object and returns its size (padding is accounted for in the breakdown's Padding).</summary>
        public long Place(long size, long align)
        {
            if (size <= 0) return 0;
            align = Math.Max(align, 1);
            offset = AlignUp(offset + size, align);
            maxAlign = Math.Max(maxAlign, align);
            return size;
        }

        /// <summary>
        /// Adds the reserved call frame and aligns the total: to the stack alignment when the function calls or
        /// allocates dynamically, else to the leaf alignment, and never below the largest object's alignment.
        /// A function with nothing on its frame keeps just the return address (an empty leaf reports 0).
        /// </summary>
        public long Finish(long callArea, bool needsStackAlignment, FrameArchitecture arch)
        {
            long total = offset + callArea;
            if (total == start && !needsStackAlignment) return total;
            long align = Math.Max(needsStackAlignment ? arch.StackAlignment : arch.LeafAlignment, maxAlign);
            return AlignUp(total, align);
        }
    }
}
