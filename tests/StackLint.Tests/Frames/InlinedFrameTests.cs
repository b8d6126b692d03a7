using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model;
using StackLint.Rules.Model.Frames;
using StackLint.Tests.Frontend;
using Xunit;

namespace StackLint.Tests.Frames;

/// <summary>
/// Frames of functions that call force-inlined header helpers and pass or return records by value, parsed through
/// libclang and pinned to clang-19 -fstack-usage at -O0 for the same sources (the helper header on -isystem, compiled
/// as x86_64-pc-windows-msvc / i686-pc-windows-msvc with -fms-extensions -fms-compatibility). Expected = .su + return address.
/// </summary>
public sealed class InlinedFrameTests
{
    private const string Helpers = """
        #define FORCEINLINE __forceinline
        typedef struct { char b[12]; } H12;
        void Sink(void *p, int n);
        FORCEINLINE int HelperSmall(int a, int b) { int t = a + b; return t; }
        FORCEINLINE void HelperBuf(int a) { char buf[100]; buf[0] = (char)a; Sink(buf, a); }
        FORCEINLINE void HelperNested(int a) { char big[40]; HelperBuf(a); HelperBuf(a + 1); Sink(big, 0); }
        FORCEINLINE void CycleB(int a);
        FORCEINLINE void CycleA(int a) { char d[8]; if (a) CycleB(a - 1); Sink(d, 0); }
        FORCEINLINE void CycleB(int a) { char c[8]; if (a) CycleA(a - 1); Sink(c, 0); }
        static __inline void PlainInline(int a) { char e[64]; Sink(e, a); }
        """;

    private const string Callers = """
        #include <helpers.h>
        void Leaf0(void) { Sink(0, 0); }
        void Small3(int x) { Sink(0, HelperSmall(x, 1) + HelperSmall(x, 2) + HelperSmall(x, 3)); }
        void Buf3(int x) { HelperBuf(x); HelperBuf(x); HelperBuf(x); }
        void Nested2(int x) { HelperNested(x); HelperNested(x); }
        void Plain2(int x) { PlainInline(x); PlainInline(x); }
        void Cycle(int x) { CycleA(x); }
        """;

    private const string Records = """
        typedef struct { int a; } S4;
        typedef struct { long long a; } S8;
        typedef struct { char b[12]; } S12;
        typedef struct { char b[16]; } S16;
        typedef struct { char b[24]; } S24;
        S4 f4(void); S8 f8(void); S12 f12(void); S16 f16(void); S24 f24(void);
        void use24(S24 *p);
        void byval4(S4 s); void byval8(S8 s); void byval12(S12 s); void byval16(S16 s); void byval24(S24 s);
        void discard4(void) { f4(); }
        void discard8x2(void) { f8(); f8(); }
        void discard12(void) { f12(); }
        void discard16(void) { f16(); }
        void discard24x2(void) { f24(); f24(); }
        void init24(void) { S24 s = f24(); use24(&s); }
        void pass4(S4 *p) { byval4(*p); }
        void pass8(S8 *p) { byval8(*p); }
        void pass12(S12 *p) { byval12(*p); }
        void pass16(S16 *p) { byval16(*p); }
        void pass24x3(S24 *p) { byval24(*p); byval24(*p); byval24(*p); }
        typedef struct { char b[200]; int x; } S204;
        void use204(S204 *p);
        void literal_addr(void) { use204(&(S204){ .x = 1 }); }
        void literal_init(void) { S204 s = (S204){ .x = 1 }; use204(&s); }
        """;

    [Theory]
    // Each inlined copy brings its parameters, locals and return slot; nested helpers too; a plain inline helper is a call.
    [InlineData(TargetArch.X64, "Leaf0", 48)]
    [InlineData(TargetArch.X64, "Small3", 80)]
    [InlineData(TargetArch.X64, "Buf3", 384)]
    [InlineData(TargetArch.X64, "Nested2", 592)]
    [InlineData(TargetArch.X64, "Plain2", 48)]
    [InlineData(TargetArch.X86, "Leaf0", 16)]
    [InlineData(TargetArch.X86, "Small3", 52)]
    [InlineData(TargetArch.X86, "Buf3", 328)]
    [InlineData(TargetArch.X86, "Nested2", 520)]
    [InlineData(TargetArch.X86, "Plain2", 12)]
    public void Force_inlined_helpers_join_the_callers_frame(TargetArch arch, string function, long expected)
    {
        var (program, frames) = Analyze(Callers, arch);
        var f = program.Functions.Single(x => x.Name == function);
        Assert.Equal(expected, frames[f.Function].Unoptimized);
    }

    [Fact]
    public void A_force_inline_cycle_ends_and_each_helper_is_one_contributor()
    {
        var (program, frames) = Analyze(Callers, TargetArch.X64);
        var cycle = frames[program.Functions.Single(x => x.Name == "Cycle").Function];
        // CycleA, then CycleB inside it; CycleA is not expanded again inside CycleB.
        Assert.Equal(["CycleA", "CycleB"], cycle.Contributors.Where(c => c.Kind == FrameContributorKind.InlinedCopies).Select(c => c.Name).Order());
        var buf3 = frames[program.Functions.Single(x => x.Name == "Buf3").Function];
        var helper = Assert.Single(buf3.Contributors, c => c.Kind == FrameContributorKind.InlinedCopies);
        Assert.Equal(3, helper.Count);
        Assert.Equal(3 * (100 + 4), helper.Bytes);
        Assert.Equal("3 inlined copies of 'HelperBuf'", helper.Describe());
        // The helpers themselves are system-header functions: in the program, never in the frames report.
        var report = new StringWriter();
        FramesReport.Write(report, [program], p => Path.GetFileName(p));
        var rows = report.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(r => r.Split('\t')).ToList();
        Assert.DoesNotContain(rows, r => r[2].StartsWith("Helper", StringComparison.Ordinal) || r[2].StartsWith("Cycle", StringComparison.Ordinal) && r[2] != "Cycle");
        // ... but a helper is what makes Buf3's frame: the report names it as the largest contributor.
        Assert.Contains(rows, r => r[2] == "Buf3" && r[6] == "HelperBuf" && r[7] == "312");
    }

    [Theory]
    // A record returned by value gets a caller slot unless it initializes a variable; one returned through memory
    // also takes a hidden address argument (x86: 4 argument bytes). x64 passes a by-value record that is not 1/2/4/8
    // bytes by reference to a copy per call; x86 copies a char record's '*p' through a temporary (pinned below).
    [InlineData(TargetArch.X64, "discard4", 48)]
    [InlineData(TargetArch.X64, "discard8x2", 64)]
    [InlineData(TargetArch.X64, "discard12", 64)]
    [InlineData(TargetArch.X64, "discard16", 64)]
    [InlineData(TargetArch.X64, "discard24x2", 96)]
    [InlineData(TargetArch.X64, "init24", 64)]
    [InlineData(TargetArch.X64, "pass4", 48)]
    [InlineData(TargetArch.X64, "pass8", 48)]
    [InlineData(TargetArch.X64, "pass12", 64)]
    [InlineData(TargetArch.X64, "pass16", 64)]
    [InlineData(TargetArch.X64, "pass24x3", 128)]
    // A compound literal is an object of its own, unless it is a variable's whole initializer.
    [InlineData(TargetArch.X64, "literal_addr", 256)]
    [InlineData(TargetArch.X64, "literal_init", 256)]
    [InlineData(TargetArch.X86, "discard4", 12)]
    [InlineData(TargetArch.X86, "discard8x2", 24)]
    [InlineData(TargetArch.X86, "discard12", 24)]
    [InlineData(TargetArch.X86, "discard16", 28)]
    [InlineData(TargetArch.X86, "discard24x2", 60)]
    [InlineData(TargetArch.X86, "init24", 36)]
    [InlineData(TargetArch.X86, "pass4", 12)]
    [InlineData(TargetArch.X86, "pass8", 16)]
    public void Records_passed_and_returned_by_value_take_temporaries(TargetArch arch, string function, long expected)
    {
        var (program, frames) = Analyze(Records, arch);
        Assert.Equal(expected, frames[program.Functions.Single(x => x.Name == function).Function].Unoptimized);
    }

    private const string NestedCalls = """
        typedef unsigned char KIRQL;
        unsigned long DbgPrintEx(unsigned long, unsigned long, const char *, ...);
        void *PsGetCurrentProcessId(void); void *PsGetCurrentThreadId(void);
        KIRQL GetIrql(void); int Three(int, int, int); int V(void);
        void one(int s) { DbgPrintEx(1, 2, "x", GetIrql(), PsGetCurrentProcessId(), PsGetCurrentThreadId(), s); }
        void two(int s) { DbgPrintEx(1, 2, "x", GetIrql(), PsGetCurrentProcessId(), PsGetCurrentThreadId(), s); DbgPrintEx(1, 2, "x", GetIrql(), PsGetCurrentProcessId(), PsGetCurrentThreadId(), s); }
        void plain(int s) { DbgPrintEx(1, 2, "x", 1, 2, 3, s); }
        void three2(void) { Three(V(), V(), V()); }
        void three4(void) { Three(V(), V(), V()); Three(V(), V(), V()); }
        void one2(void) { Three(V(), 1, 2); Three(V(), 1, 2); }
        """;

    [Theory]
    // Arguments are evaluated right to left; a value computed before an argument that calls is spilled.
    [InlineData(TargetArch.X64, "one", 96)]
    [InlineData(TargetArch.X64, "two", 128)]
    [InlineData(TargetArch.X64, "plain", 80)]
    [InlineData(TargetArch.X64, "three2", 48)]
    [InlineData(TargetArch.X64, "three4", 64)]
    [InlineData(TargetArch.X64, "one2", 48)]
    [InlineData(TargetArch.X86, "plain", 36)]
    [InlineData(TargetArch.X86, "three2", 28)]
    [InlineData(TargetArch.X86, "three4", 36)]
    [InlineData(TargetArch.X86, "one2", 20)]
    public void Values_computed_before_a_call_in_a_later_argument_are_spilled(TargetArch arch, string function, long expected)
    {
        var (program, frames) = Analyze(NestedCalls, arch);
        Assert.Equal(expected, frames[program.Functions.Single(x => x.Name == function).Function].Unoptimized);
    }

    private const string Spills = """
        typedef __SIZE_TYPE__ size_t;
        size_t strlen(const char *);
        void *memmove(void *, const void *, size_t);
        int f(int); void v(int); void vp(void *); int g3(size_t, void *, void *);
        int try4(int x) { int s = 0; __try { s = f(x); s += f(s); s += f(s); s += f(s); } __except(1) { s = 1; } return s; }
        int try4d(int x) { __try { f(x); f(x); f(x); f(x); } __except(1) { x = 0; } return x; }
        int fin4(int x) { int s = 0; __try { s = f(x); s += f(s); s += f(s); s += f(s); } __finally { v(s); } return s; }
        int except3(int x) { int s = 0; __try { v(x); } __except(1) { s = 1; } __try { v(x); } __except(1) { s = 2; } __try { v(x); } __except(1) { s = 2; } return s; }
        void cond4(char *p, int x) { vp(x ? p : 0); vp(x ? p + 1 : 0); vp(x ? p + 2 : 0); vp(x ? p + 3 : 0); }
        void condif4(char *p, int x) { if (x ? p : 0) v(1); if (x ? p + 1 : 0) v(1); if (x ? p + 2 : 0) v(1); if (x ? p + 3 : 0) v(1); }
        void ptrs(char *s) { char a[72]; g3(strlen(s), a, s); }
        void consts(char *s) { char a[72]; g3(strlen(s), "abc", 0); }
        void move(char *s) { char a[72]; memmove(a, s, strlen(s)); }
        void moven(char *s, size_t n) { char a[72]; memmove(a, s, n); }
        """;

    [Theory]
    // Results used inside __try (invokes end blocks), __except code slots, ?: values, pointers computed before an
    // argument that calls, and memmove's left-to-right arguments: each spill or slot as clang -O0 lays it out.
    [InlineData(TargetArch.X64, "try4", 96)]
    [InlineData(TargetArch.X64, "try4d", 64)]
    [InlineData(TargetArch.X64, "fin4", 80)]
    [InlineData(TargetArch.X64, "except3", 96)]
    [InlineData(TargetArch.X64, "cond4", 96)]
    [InlineData(TargetArch.X64, "condif4", 64)]
    [InlineData(TargetArch.X64, "ptrs", 144)]
    [InlineData(TargetArch.X64, "consts", 128)]
    [InlineData(TargetArch.X64, "move", 144)]
    [InlineData(TargetArch.X64, "moven", 128)]
    [InlineData(TargetArch.X86, "try4", 72)]
    [InlineData(TargetArch.X86, "try4d", 52)]
    [InlineData(TargetArch.X86, "fin4", 72)]
    [InlineData(TargetArch.X86, "except3", 64)]
    [InlineData(TargetArch.X86, "cond4", 28)]
    [InlineData(TargetArch.X86, "condif4", 12)]
    [InlineData(TargetArch.X86, "ptrs", 100)]
    [InlineData(TargetArch.X86, "consts", 92)]
    public void Values_the_register_allocator_spills_get_slots(TargetArch arch, string function, long expected)
    {
        var (program, frames) = Analyze(Spills, arch);
        Assert.Equal(expected, frames[program.Functions.Single(x => x.Name == function).Function].Unoptimized);
    }

    private const string ByValueSources = """
        typedef struct { char b[12]; } S12;
        typedef struct { char b[16]; } S16;
        typedef struct { char b[24]; } S24;
        typedef struct { int a; char b[20]; } A24;
        typedef struct { int x; S24 s; } W24;
        void byval12(S12 s); void byval16(S16 s); void byval24(S24 s); void byvalA(A24 s);
        void pass12(S12 *p) { byval12(*p); }
        void pass16(S16 *p) { byval16(*p); }
        void pass24x3(S24 *p) { byval24(*p); byval24(*p); byval24(*p); }
        void passA(A24 *p) { byvalA(*p); }
        void passMember(W24 *w) { byval24(w->s); }
        void passLocal(void) { S24 s; s.b[0] = 1; byval24(s); }
        void Sink(void *p, int n);
        __forceinline void Proto(int a);
        void Proto(int a) { char b[100]; Sink(b, a); }
        void ProtoTwice(int x) { Proto(x); Proto(x); }
        """;

    [Theory]
    // x86 copies a by-value record through a temporary when its source may be under 4-aligned ('*p' of a char
    // record), not from a local, a member of an int-aligned struct or an int-aligned record. A prototype's
    // __forceinline makes the later plain definition force-inlined.
    [InlineData(TargetArch.X86, "pass12", 32)]
    [InlineData(TargetArch.X86, "pass16", 40)]
    [InlineData(TargetArch.X86, "pass24x3", 104)]
    [InlineData(TargetArch.X86, "passA", 32)]
    [InlineData(TargetArch.X86, "passMember", 32)]
    [InlineData(TargetArch.X86, "passLocal", 56)]
    [InlineData(TargetArch.X86, "ProtoTwice", 224)]
    [InlineData(TargetArch.X64, "passA", 80)]
    [InlineData(TargetArch.X64, "passMember", 80)]
    [InlineData(TargetArch.X64, "passLocal", 96)]
    [InlineData(TargetArch.X64, "ProtoTwice", 272)]
    public void By_value_sources_and_prototype_attributes(TargetArch arch, string function, long expected)
    {
        var (program, frames) = Analyze(ByValueSources, arch);
        Assert.Equal(expected, frames[program.Functions.Single(x => x.Name == function).Function].Unoptimized);
    }

    private const string SmallStatics = """
        void Sink(void *p, int n);
        static void Helper(int a) { char buf[200]; buf[0] = (char)a; Sink(buf, a); Sink(buf, a + 1); }
        void Two(int x) { Helper(x); Helper(x + 1); }
        void TwoIf(int x) { if (x) Helper(x); else Helper(x + 1); }
        static void Helper2(int a) { int v[50]; v[0] = a; Sink(v, a); }
        void Two2(int x) { Helper2(x); Helper2(x + 1); }
        """;

    [Theory]
    // -O2 inlines a small static function at each of its calls, and the copies share one coloured area.
    [InlineData(TargetArch.X64, "TwoIf", 256)]
    [InlineData(TargetArch.X64, "Two2", 256)]
    [InlineData(TargetArch.X86, "Two", 216)]
    public void The_optimized_model_inlines_small_static_functions(TargetArch arch, string function, long expected)
    {
        var (program, frames) = Analyze(SmallStatics, arch);
        Assert.Equal(expected, frames[program.Functions.Single(x => x.Name == function).Function].Optimized);
    }

    private const string LaterRecords = """
        typedef struct { char b[200]; } Big; typedef struct { char b[56]; } Attr; typedef struct { char b[32]; } Cfg;
        void g(void *p); int h(void *a, void *b);
        static __forceinline void Init(void) { Big v; g(&v); }
        int Later(void)
        {
            Attr attrib;
            Cfg config;
            Init();
            g(&attrib);
            g(&config);
            return h(&attrib, &config);
        }
        int Before(void)
        {
            Attr attrib;
            Cfg config;
            g(&attrib);
            Init();
            g(&config);
            return h(&attrib, &config);
        }
        """;

    [Theory]
    // x64 -O2: a slot's lifetime starts at its first use, so the largest caller record first used after an inlined copy
    // shares the copy's space: 'attrib' in Later, 'config' in Before (frame-layout remarks: 200 + 32 and 200 + 56 bytes
    // of variables; .su 280 and 312).
    [InlineData("Later", 280 + 8)]
    [InlineData("Before", 312 + 8)]
    public void The_optimized_model_lets_records_first_used_after_an_inlined_copy_share_its_space(string function, long expected)
    {
        var (program, frames) = Analyze(LaterRecords, TargetArch.X64);
        Assert.Equal(expected, frames[program.Functions.Single(x => x.Name == function).Function].Optimized);
    }

    private const string OptimizedRecords = """
        typedef struct { char b[40]; } S40;
        typedef struct { int a; int b; int c; } S12;
        void byv(S40 s); void g(void *p); void h(int);
        void zero_byval(void) { S40 s; __builtin_memset(&s, 0, sizeof s); byv(s); }
        void esc_byval(void) { S40 s; g(&s); byv(s); }
        void esc_byval2(void) { S40 s; g(&s); byv(s); byv(s); }
        void fields(int x) { S12 s; s.a = x; s.b = x + 1; s.c = x * 3; h(s.a + s.b + s.c); g(0); }
        void member_esc(int x) { S12 s; s.a = x; g(&s.b); h(s.a); }
        """;

    [Theory]
    // x64 -O2 (clang-19 -fstack-usage and -Rpass-analysis=stack-frame-layout): a record no call gets the address of is
    // split into registers, a by-value record argument has one copy area shared by all calls, and '&s.b' keeps 's'.
    // clang reports 80, 128, 128, 48 and 64 (.su + 8); the model is 16 above each: its fitted spill term keeps 16 bytes
    // for a function with calls, where these tiny bodies keep nothing across their calls. The differences are clang's.
    [InlineData("zero_byval", 80 + 16)]
    [InlineData("esc_byval", 128 + 16)]
    [InlineData("esc_byval2", 128 + 16)]
    [InlineData("fields", 48 + 16)]
    [InlineData("member_esc", 64 + 16)]
    public void The_optimized_model_splits_unescaped_records_and_shares_by_value_copies(string function, long expected)
    {
        var (program, frames) = Analyze(OptimizedRecords, TargetArch.X64);
        Assert.Equal(expected, frames[program.Functions.Single(x => x.Name == function).Function].Optimized);
    }

    [Theory]
    // The security cookie: one pointer-sized slot in a function with an array (or record), when the flags ask for it.
    [InlineData(TargetArch.X64, false, 112)]
    [InlineData(TargetArch.X64, true, 112)]
    [InlineData(TargetArch.X86, false, 76)]
    [InlineData(TargetArch.X86, true, 80)]
    public void The_stack_protector_adds_a_cookie_slot(TargetArch arch, bool protector, long expected)
    {
        const string code = "void g(int *p);\nvoid gs(void) { char buf[64]; g((int *)buf); }\n";
        var (program, frames) = Analyze(code, arch, protector ? ["-fstack-protector-strong"] : []);
        Assert.Equal(protector, program.Units.Single().StackProtector);
        Assert.Equal(expected, frames[program.Functions.Single(x => x.Name == "gs").Function].Unoptimized);
    }

    private const string Allocas = """
        #define FORCEINLINE __forceinline
        typedef __SIZE_TYPE__ SIZE_T;
        typedef unsigned long ULONG;
        void Use(void *p);
        FORCEINLINE SIZE_T ScratchSize(void) { return 4096; }
        FORCEINLINE SIZE_T RecordSize(void) { return 16 * sizeof(int) + 8; }
        FORCEINLINE ULONG NarrowSize(void) { return 2048; }
        FORCEINLINE ULONG ComputedSize(ULONG n) { return n * 2; }
        FORCEINLINE void *TakeScratch(void) { return _alloca(512); }
        void Plain(void) { char *p = _alloca(4096); Use(p); }
        void ViaHelper(void) { char *p = _alloca(ScratchSize()); Use(p); }
        void ViaHelperExpr(void) { char *p = _alloca(RecordSize()); Use(p); }
        void InHelper(void) { char *p = TakeScratch(); Use(p); }
        void InHelperBranch(int x) { if (x) { char *p = TakeScratch(); Use(p); } }
        void InHelperLoop(int n) { for (int i = 0; i < n; i++) { char *p = TakeScratch(); Use(p); } }
        void InHelperTwice(void) { char *p = TakeScratch(); Use(p); p = TakeScratch(); Use(p); }
        void ViaNarrow(void) { char *p = _alloca(NarrowSize()); Use(p); }
        void ViaComputed(void) { char *p = _alloca(ComputedSize(100)); Use(p); }
        """;

    [Theory]
    // A constant amount, also one a force-inlined helper returns ('return 4096;', folded by the always-inliner even at
    // -O0) or a helper's own constant alloca (moved to the caller's entry block, once per copy, also from a branch or a
    // loop), is a fixed object of the frame: clang -O0 reports these "static".
    [InlineData(TargetArch.X64, "Plain", 4144)]
    [InlineData(TargetArch.X64, "ViaHelper", 4144)]
    [InlineData(TargetArch.X64, "ViaHelperExpr", 128)]
    [InlineData(TargetArch.X64, "InHelper", 576)]
    [InlineData(TargetArch.X64, "InHelperBranch", 576)]
    [InlineData(TargetArch.X64, "InHelperLoop", 576)]
    [InlineData(TargetArch.X64, "InHelperTwice", 1088)]
    [InlineData(TargetArch.X86, "Plain", 4128)]
    [InlineData(TargetArch.X86, "ViaHelper", 4128)]
    [InlineData(TargetArch.X86, "ViaHelperExpr", 112)]
    [InlineData(TargetArch.X86, "InHelper", 544)]
    [InlineData(TargetArch.X86, "InHelperBranch", 544)]
    [InlineData(TargetArch.X86, "InHelperLoop", 544)]
    [InlineData(TargetArch.X86, "InHelperTwice", 1056)]
    [InlineData(TargetArch.X86, "ViaNarrow", 2080)]
    public void Constant_allocas_through_force_inlined_helpers_are_fixed_objects(TargetArch arch, string function, long expected)
    {
        var (program, frames) = Analyze(Allocas, arch);
        var f = program.Functions.Single(x => x.Name == function);
        Assert.False(frames[f.Function].IsDynamic);
        Assert.Equal(expected, frames[f.Function].Unoptimized);
    }

    [Fact]
    public void A_constant_that_needs_a_conversion_is_still_a_fixed_amount_and_a_computed_one_is_not()
    {
        // x64 widens NarrowSize's ULONG to the 64-bit size: clang -O0 then adjusts the stack at run time (.su 24
        // "dynamic"), but the amount is the constant 2,048, counted; ComputedSize multiplies its parameter's slot at -O0.
        var (program, frames) = Analyze(Allocas, TargetArch.X64);
        var narrow = frames[program.Functions.Single(x => x.Name == "ViaNarrow").Function];
        Assert.False(narrow.IsDynamic);
        Assert.Contains(narrow.Contributors, c => c.Name.EndsWith("alloca(2048)", StringComparison.Ordinal) && c.Bytes == 2048);
        Assert.True(frames[program.Functions.Single(x => x.Name == "ViaComputed").Function].IsDynamic);
        var rule = new StackLint.Rules.Frames.DynamicStackAllocation();
        var context = new StackLint.Rules.RuleContext(StackLint.Rules.DefaultRuleOptions.Instance, TargetArch.X64, program);
        Assert.Empty(rule.Analyze(program.Functions.Single(x => x.Name == "ViaNarrow"), context));
        Assert.Single(rule.Analyze(program.Functions.Single(x => x.Name == "ViaComputed"), context));
    }

    [Fact]
    public void A_frame_over_the_limit_only_through_inlined_copies_or_only_on_a_fresh_stack_is_a_note()
    {
        const string code = """
            #define FORCEINLINE __forceinline
            void Sink(void *p, int n);
            FORCEINLINE void Record(int a) { char event[400]; event[0] = (char)a; Sink(event, a); }
            void ThreeEvents(int x) { Record(x); Record(x + 1); Record(x + 2); }
            void OwnBuffer(int x) { char buffer[1100]; Sink(buffer, x); }
            long DriverEntry(void *driver, void *path) { char scratch[1100]; Sink(scratch, 0); return 0; }
            """;
        var (program, frames) = Analyze(code, TargetArch.X64);
        var rule = new StackLint.Rules.Frames.FrameTooLarge();
        var context = new StackLint.Rules.RuleContext(StackLint.Rules.DefaultRuleOptions.Instance, TargetArch.X64, program);
        StackLint.Rules.Finding Only(string name) => Assert.Single(rule.Analyze(program.Functions.Single(f => f.Name == name), context));

        // Three copies of a 400-byte record: 1,200 bytes at -O0, one shared area in an optimizing build.
        var three = Only("ThreeEvents");
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Info, three.Severity);
        var estimate = frames[program.Functions.Single(f => f.Name == "ThreeEvents").Function];
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"; it is over the limit only through {estimate.UnoptimizedTerms.Inlined:N0} bytes of force-inlined copies, which an optimizing build shares (optimized estimate {estimate.Optimized:N0} bytes)"),
            three.Message);
        // Its own buffer is over the limit in any build.
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, Only("OwnBuffer").Severity);
        // DriverEntry runs at the top of a fresh stack.
        var entry = Only("DriverEntry");
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Info, entry.Severity);
        Assert.EndsWith("it only runs at the top of a fresh stack (DriverEntry, a system thread or a work item), where SL2002 checks its deepest path", entry.Message);
    }

    [Fact]
    public void A_helper_whose_body_has_errors_still_gives_its_callers_what_parsed()
    {
        var dir = TempDir.Create();
        Directory.CreateDirectory(Path.Combine(dir, "sys"));
        File.WriteAllText(Path.Combine(dir, "sys", "broken.h"), """
            #define FORCEINLINE __forceinline
            void Sink(void *p);
            FORCEINLINE void Broken(int a) { char buf[200]; Sink(buf); a = undeclared_value + ; }
            """);
        var source = Path.Combine(dir, "caller.c");
        File.WriteAllText(source, "#include <broken.h>\nvoid Caller(int x) { Broken(x); }\n");
        using var parser = new ClangParser();
        var env = ParserHarness.Environment();
        var facts = parser.Parse(source, env.ArgumentsFor(source).Add("-isystem").Add(Path.Combine(dir, "sys")), env.Name, env.Arch);

        Assert.Contains(facts.Problems, p => p.Severity >= ProblemSeverity.Error);
        Assert.Equal(200, facts.Function("Broken").Locals.Single().Type.Size);
        var program = new ProgramAnalysis("probe", facts.Arch, [facts]);
        var caller = program.Functions.Single(f => f.Name == "Caller").Function;
        Assert.InRange(FrameTable.ForProgram(program, FrameModelKind.Unoptimized)[caller].Unoptimized, 200 + 8, 400);
    }

    private static (ProgramAnalysis Program, FrameTable Frames) Analyze(string code, TargetArch arch, string[]? extra = null)
    {
        var dir = TempDir.Create();
        Directory.CreateDirectory(Path.Combine(dir, "sys"));
        File.WriteAllText(Path.Combine(dir, "sys", "helpers.h"), Helpers);
        var source = Path.Combine(dir, "callers.c");
        File.WriteAllText(source, code);
        using var parser = new ClangParser();
        var env = ParserHarness.Environment(arch);
        var facts = parser.Parse(source, env.ArgumentsFor(source).Add("-isystem").Add(Path.Combine(dir, "sys")).AddRange(extra ?? []), env.Name, env.Arch);
        Assert.True(facts.Parsed);
        Assert.Empty(facts.Problems.Where(p => p.Severity >= ProblemSeverity.Error));
        var program = new ProgramAnalysis("probe", facts.Arch, [facts]);
        return (program, FrameTable.ForProgram(program, FrameModelKind.Unoptimized));
    }
}
