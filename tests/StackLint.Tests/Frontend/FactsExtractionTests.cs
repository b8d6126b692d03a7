using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model.Guards;
using Xunit;

namespace StackLint.Tests.Frontend;

public sealed class FactsExtractionTests
{
    [Fact]
    public void LocalSizes_OnX64()
    {
        const string code = ParserHarness.Types + """
            typedef struct _ENTRY { ULONG Id; WCHAR Name[64]; PVOID Context; } ENTRY;
            void f(void)
            {
                WCHAR path[260];
                ENTRY one;
                ENTRY many[4];
                PVOID p;
            }
            """;

        var f = ParserHarness.Parse(code).Function("f");

        Assert.Equal(520, f.Locals.Single(l => l.Name == "path").Type.Size);
        Assert.Equal(TypeCategory.Array, f.Locals.Single(l => l.Name == "path").Type.Category);
        Assert.Equal(144, f.Locals.Single(l => l.Name == "one").Type.Size);
        Assert.Equal(TypeCategory.Record, f.Locals.Single(l => l.Name == "one").Type.Category);
        Assert.Equal(576, f.Locals.Single(l => l.Name == "many").Type.Size);
        Assert.Equal(8, f.Locals.Single(l => l.Name == "p").Type.Size);
        Assert.Equal("WCHAR[260]", f.Locals.Single(l => l.Name == "path").Type.Spelling);
        Assert.False(f.HasUnknownSizes);
    }

    [Fact]
    public void PointerSizes_FollowTheArchitecture()
    {
        const string code = ParserHarness.Types + "void f(PVOID q) { PVOID p; }";

        var facts = ParserHarness.Parse(code, TargetArch.X86);
        var f = facts.Function("f");

        Assert.Equal(TargetArch.X86, facts.Arch);
        Assert.Equal(4, f.Locals.Single().Type.Size);
        Assert.Equal(4, f.Parameters.Single().Type.Size);
        Assert.Equal("q", f.Parameters.Single().Name);
    }

    [Fact]
    public void StaticAndExternLocalsAreNotStackVariables_ForInitIs()
    {
        const string code = ParserHarness.Types + """
            void f(void)
            {
                static WCHAR cache[1024];
                extern int shared;
                register int r = 0;
                for (int i = 0; i < 3; i++) { int inner = i; }
            }
            """;

        var f = ParserHarness.Parse(code).Function("f");

        Assert.Equal(["r", "i", "inner"], f.Locals.Select(l => l.Name));
    }

    [Fact]
    public void IncompleteTypeHasUnknownSize()
    {
        const string code = "struct Opaque; void f(struct Opaque *p) { extern struct Opaque o; char buf[10]; }";

        var f = ParserHarness.Parse(code).Function("f");

        Assert.Equal(10, f.Locals.Single().Type.Size);
        Assert.Equal(8, f.Parameters.Single().Type.Size);
    }

    [Fact]
    public void Scopes_NestAndKnowLoops()
    {
        const string code = """
            void f(int n)
            {
                int a;
                {
                    int b;
                }
                while (n--) {
                    int c;
                    if (n) { int d; }
                }
            }
            """;

        var f = ParserHarness.Parse(code).Function("f");

        Assert.Equal([(0, -1, false), (1, 0, false), (2, 0, true), (3, 2, true)], f.Scopes.Select(s => (s.Id, s.Parent, s.InLoop)));
        Assert.Equal([("a", 0), ("b", 1), ("c", 2), ("d", 3)], f.Locals.Select(l => (l.Name, l.ScopeId)));
        Assert.Equal(ParserHarness.LineOf(code, "int a;"), f.Locals[0].Location.Line);
    }

    [Fact]
    public void FunctionIdentity_NameLocationLinkageVariadic()
    {
        const string code = """
            static int helper(int x) { return x; }
            int __stdcall api(const char *fmt, ...) { return helper(1); }
            int __stdcall std(int a) { return a; }
            """;

        var facts = ParserHarness.Parse(code, TargetArch.X86);
        var helper = facts.Function("helper");
        var api = facts.Function("api");

        Assert.Equal(Linkage.Internal, helper.Linkage);
        Assert.Equal(Linkage.External, api.Linkage);
        Assert.Equal((1, 12, 18), (helper.Location.Line, helper.Location.Column, helper.Location.EndColumn));
        Assert.True(api.IsVariadic);
        Assert.False(helper.IsVariadic);
        Assert.Equal("cdecl", api.CallingConvention); // variadic functions cannot be stdcall
        Assert.Equal("stdcall", facts.Function("std").CallingConvention);
        Assert.Equal("stdcall", helper.CallingConvention); // x86 kernel drivers build with /Gz
        Assert.True(helper.IsInMainFile);
        Assert.Equal("c:@F@api", api.Usr);
        Assert.Equal(Path.GetFullPath(facts.Path), helper.Location.Path);
    }

    [Fact]
    public void Calls_DirectAndIndirect_WithArgumentsAndConstants()
    {
        const string code = ParserHarness.Types + """
            typedef void (*CALLBACK)(int);
            typedef struct _CTX { CALLBACK Notify; } CTX;
            void target(int a, PVOID b);
            void f(CTX *ctx, CALLBACK cb)
            {
                target(4 * 16, 0);
                cb(1);
                ctx->Notify(2);
                for (;;) { target(1, ctx); break; }
            }
            """;

        var f = ParserHarness.Parse(code).Function("f");

        Assert.Equal(4, f.Calls.Length);
        var direct = f.Calls[0];
        Assert.Equal("target", direct.CalleeName);
        Assert.Equal("c:@F@target", direct.CalleeUsr);
        Assert.False(direct.IsIndirect);
        Assert.Equal(64, direct.Arguments[0].ConstantValue);
        Assert.Equal(4, direct.Arguments[0].Type.Size);
        Assert.False(direct.InLoop);
        Assert.Equal(ParserHarness.LineOf(code, "target(4 * 16"), direct.Location.Line);
        Assert.True(f.Calls[1].IsIndirect);
        Assert.Equal("cb", f.Calls[1].IndirectExpression);
        Assert.Equal("ctx->Notify", f.Calls[2].IndirectExpression);
        Assert.True(f.Calls[3].InLoop);
        Assert.Null(f.Calls[3].Arguments[1].ConstantValue);
        Assert.Equal([0, 1, 2, 3], f.Calls.Select(c => c.Index));
    }

    [Fact]
    public void CallFromMacro_IsAttributedToTheMacroUse()
    {
        const string code = """
            void *alloc_pool(int type, unsigned long size, unsigned long tag);
            #define MY_ALLOC(n) \
                alloc_pool(0, (n), 'tseT')
            #define CHECK(x) ((x) ? 1 : 0)
            void f(void)
            {
                void *p = MY_ALLOC(100);
                int ok = CHECK(alloc_pool(1, 2, 3) != 0);
            }
            """;

        var f = ParserHarness.Parse(code).Function("f");

        var first = f.Calls[0];
        Assert.Equal("alloc_pool", first.CalleeName);
        Assert.Equal(ParserHarness.LineOf(code, "MY_ALLOC(100)"), first.Location.Line);
        Assert.Equal("MY_ALLOC", first.MacroName);
        Assert.Equal(100, first.Arguments[1].ConstantValue);
        // A call written as a macro argument is where the user wrote it, not in the macro.
        var second = f.Calls[1];
        Assert.Equal(ParserHarness.LineOf(code, "CHECK(alloc_pool"), second.Location.Line);
        Assert.Null(second.MacroName);
        Assert.Equal(ParserHarness.LineOf(code, "CHECK(alloc_pool") is var l ? code.Split('\n')[l - 1].IndexOf("alloc_pool", StringComparison.Ordinal) + 1 : 0, second.Location.Column);
    }

    [Fact]
    public void DisabledCode_ProducesNothing()
    {
        const string code = """
            #if 0
            void hidden(void) { char big[4096]; hidden(); }
            #endif
            void shown(void) { }
            """;

        var facts = ParserHarness.Parse(code);

        Assert.Equal(["shown"], facts.Functions.Select(f => f.Name));
        Assert.Empty(facts.Problems);
    }

    [Fact]
    public void DynamicAllocations_VlaAndAlloca()
    {
        const string code = """
            void *_alloca(unsigned long long size);
            void f(int n)
            {
                char vla[n];
                void *p = _alloca(n);
                while (n--) { void *q = __builtin_alloca(16); }
            }
            """;

        var f = ParserHarness.Parse(code).Function("f");

        Assert.True(f.Locals.Single(l => l.Name == "vla").IsVariableLengthArray);
        Assert.Null(f.Locals.Single(l => l.Name == "vla").Type.Size);
        Assert.Equal(
            [(DynamicAllocationKind.VariableLengthArray, "vla", false), (DynamicAllocationKind.Alloca, "_alloca", false), (DynamicAllocationKind.Alloca, "__builtin_alloca", true)],
            f.DynamicAllocations.Select(d => (d.Kind, d.Name, d.InLoop)));
    }

    [Fact]
    public void Call_arguments_name_their_lvalues_and_stores_and_returns_are_value_flows()
    {
        const string code = """
            typedef void *HANDLE;
            typedef struct _CTX { HANDLE FileHandle; HANDLE Keys[4]; } CTX;
            long OpenKey(HANDLE *Out, int access);
            HANDLE Lookup(const char *name);
            void Close(HANDLE h);
            HANDLE f(CTX *ctx, HANDLE *out)
            {
                HANDLE h;
                HANDLE copy = ctx->FileHandle;
                OpenKey(&h, 1);
                OpenKey(&ctx->FileHandle, 2);
                OpenKey(out, 3);
                Close(*out);
                Close(ctx->Keys[1]);
                h = (HANDLE)Lookup("FltCreateFileEx2");
                ctx->FileHandle = h;
                return copy;
            }
            """;

        var f = ParserHarness.Parse(code).Function("f");

        Assert.Equal(
            [("OpenKey", "h", true), ("OpenKey", "->FileHandle", true), ("OpenKey", "out", false), ("Close", "*out", false), ("Close", "->Keys", false), ("Lookup", null, false)],
            f.Calls.Select(c => (c.CalleeName!, c.Arguments[0].Lvalue, c.Arguments[0].ByAddress)));
        Assert.Equal("FltCreateFileEx2", f.Calls[5].Arguments[0].StringLiteral);
        Assert.Null(f.Calls[0].Arguments[1].StringLiteral);
        Assert.Equal(
            [("copy", "->FileHandle", -1), ("h", null, 5), ("->FileHandle", "h", -1), ("return", "copy", -1)],
            f.ValueFlows.Select(v => (v.Target, v.Source, v.SourceCallIndex)));
        Assert.Equal(ParserHarness.LineOf(code, "h = (HANDLE)Lookup"), f.ValueFlows[1].Line);
    }

    [Fact]
    public void FunctionReferences_MajorFunctionAssignmentAndCallArgument()
    {
        const string code = """
            typedef long (*PDRIVER_DISPATCH)(void *, void *);
            typedef void (*PDRIVER_UNLOAD)(void *);
            typedef struct _DRIVER_OBJECT { PDRIVER_UNLOAD DriverUnload; PDRIVER_DISPATCH MajorFunction[28]; } DRIVER_OBJECT;
            long DispatchCreate(void *d, void *i) { return 0; }
            void Unload(void *d) { }
            void Register(void *routine, void *context);
            long DriverEntry(DRIVER_OBJECT *DriverObject)
            {
                DriverObject->MajorFunction[0] = DispatchCreate;
                DriverObject->DriverUnload = (PDRIVER_UNLOAD)Unload;
                Register(&DispatchCreate, 0);
                return DispatchCreate(0, 0);
            }
            """;

        var f = ParserHarness.Parse(code).Function("DriverEntry");

        Assert.Equal(
            [("DispatchCreate", FunctionReferenceKind.Assignment, "MajorFunction", -1),
             ("Unload", FunctionReferenceKind.Assignment, "DriverUnload", -1),
             ("DispatchCreate", FunctionReferenceKind.CallArgument, "Register", 0)],
            f.FunctionReferences.Select(r => (r.FunctionName, r.Kind, r.Target, r.ArgumentIndex)));
        Assert.All(f.FunctionReferences, r => Assert.Equal(f.Usr, r.EnclosingFunctionUsr));
        Assert.Equal("c:@F@DispatchCreate", f.FunctionReferences[0].FunctionUsr);
        Assert.Equal(ParserHarness.LineOf(code, "MajorFunction[0] ="), f.FunctionReferences[0].Location.Line);
    }

    [Fact]
    public void FunctionReferences_FileScopeRegistrationTable()
    {
        const string code = """
            typedef unsigned char UCHAR;
            typedef unsigned long ULONG;
            typedef void *PFLT_PRE_OPERATION_CALLBACK;
            typedef void *PFLT_POST_OPERATION_CALLBACK;
            typedef struct _FLT_OPERATION_REGISTRATION {
                UCHAR MajorFunction; ULONG Flags;
                PFLT_PRE_OPERATION_CALLBACK PreOperation; PFLT_POST_OPERATION_CALLBACK PostOperation; void *Reserved1;
            } FLT_OPERATION_REGISTRATION;
            int PreCreate(void) { return 0; }
            void PostCreate(void) { }
            int PreWrite(void) { return 0; }
            const FLT_OPERATION_REGISTRATION Callbacks[] = {
                { 0, 0, PreCreate, PostCreate },
                { .MajorFunction = 4, .PreOperation = PreWrite },
                { 0xff }
            };
            """;

        var facts = ParserHarness.Parse(code);

        Assert.Equal(
            [("PreCreate", "PreOperation"), ("PostCreate", "PostOperation"), ("PreWrite", "PreOperation")],
            facts.GlobalFunctionReferences.Select(r => (r.FunctionName, r.Target)));
        Assert.All(facts.GlobalFunctionReferences, r =>
        {
            Assert.Equal(FunctionReferenceKind.Initializer, r.Kind);
            Assert.Equal("FLT_OPERATION_REGISTRATION", r.RecordType);
            Assert.Null(r.EnclosingFunctionUsr);
        });
    }

    [Fact]
    public void StackQueries_UsesAndConditions()
    {
        const string code = ParserHarness.Types + """
            void f(void)
            {
                ULONG_PTR remaining = IoGetRemainingStackSize();
                if (remaining < 0x1000) { return; }
                if (IoGetRemainingStackSize() > 8192) { }
                while (0x2000 >= IoGetRemainingStackSize()) { }
                if (!(remaining >= 100)) { }
                IoGetRemainingStackSize();
                int low = IoGetRemainingStackSize() < 512;
                if (low) { }
                if (remaining == 3) { }
                if ((remaining = IoGetRemainingStackSize()) <= 64) { }
            }
            """;

        var f = ParserHarness.Parse(code).Function("f");
        var checks = RemainingStackChecks.Of(f);

        Assert.Equal(
            [(StackQueryUse.StoredInLocal, "remaining"), (StackQueryUse.ComparedDirectly, null), (StackQueryUse.ComparedDirectly, null),
             (StackQueryUse.Ignored, null), (StackQueryUse.StoredInLocal, "low"), (StackQueryUse.StoredInLocal, "remaining")],
            checks.Queries.Select(q => (q.Use, q.StoredInto)));
        Assert.All(checks.Queries, q => Assert.Equal("IoGetRemainingStackSize", f.Calls[q.CallIndex].CalleeName));

        var conditions = f.Body.Where(n => n.Kind is BodyNodeKind.If or BodyNodeKind.While).Select(n => checks.ConditionOf(n.Id)).ToList();
        Assert.Equal(
            // The constant compared with is kept (through the local 'low' too): SL3002 judges a limit below what the check lets run.
            [new StackCondition("remaining", true, 0x1000), new StackCondition("IoGetRemainingStackSize()", false, 8192), new StackCondition("IoGetRemainingStackSize()", true, 0x2000),
             new StackCondition("remaining", true, 100), new StackCondition("low", true, 512), null, new StackCondition("remaining", true, 64)],
            conditions);
    }

    [Fact]
    public void StackConditions_KeepOnlyConstantThresholds()
    {
        const string code = ParserHarness.Types + """
            #define STACK_NEEDED (3 * 0x1000)
            ULONG g_limit;
            void f(void)
            {
                if (IoGetRemainingStackSize() < g_limit) { return; }
                if (IoGetRemainingStackSize() < STACK_NEEDED) { return; }
            }
            """;

        var f = ParserHarness.Parse(code).Function("f");
        var checks = RemainingStackChecks.Of(f);

        Assert.Equal(
            [new StackCondition("IoGetRemainingStackSize()", true, null), new StackCondition("IoGetRemainingStackSize()", true, 0x3000)],
            f.Body.Where(n => n.Kind is BodyNodeKind.If).Select(n => checks.ConditionOf(n.Id)));
    }

    [Fact]
    public void Conditions_AndStores_AreDescribedWithoutKnowingAnyRule()
    {
        const string code = ParserHarness.Types + """
            #define NULL ((void *)0)
            #define MAX_DEPTH 8
            typedef struct _NODE { struct _NODE *Next; } NODE;
            int g(void);
            void f(NODE *p, int depth)
            {
                if (p != NULL) { }
                if (!p) { }
                while (depth < MAX_DEPTH) { depth = g(); }
                if (p && !p->Next) { }
                int done = g() == 0;
                NTSTATUS status = 3 + depth;
            }
            """;

        var f = ParserHarness.Parse(code).Function("f");
        string Text(Operand? o) => o is null ? "" : $"{o.Kind}{(o.Name is null ? "" : " " + o.Name)}{(o.CallIndex >= 0 ? " #" + o.CallIndex : "")}{(o.Value is null ? "" : " " + o.Value)}";
        string Describe(Condition? c) => c is null ? "-" : $"{(c.Negated ? "!" : "")}{c.Operator}({Text(c.Left)}{(c.Right is null ? "" : ", " + Text(c.Right))})";

        Assert.Equal(
            ["If NotEqual(Variable p, Null)", "If !Value(Variable p)", "While Less(Variable depth, Constant 8)", "If -",
             "Other Value(Variable p)", "Other !Value(Lvalue ->Next)"],
            f.Body.Where(n => n.Condition is not null || n.Kind is BodyNodeKind.If or BodyNodeKind.While).Select(n => $"{n.Kind} {Describe(n.Condition)}"));
        Assert.Equal(
            ["depth Value(Call #0)", "done Equal(Call #1, Constant 0)", "status -"],
            f.Assignments.Select(a => $"{a.Target} {Describe(a.Value)}"));
        Assert.Equal(
            [(CallResultUse.Stored, "depth"), (CallResultUse.Stored, "done")],
            f.Calls.Select(c => (c.ResultUse, c.ResultStoredInto)));
    }

    [Fact]
    public void StackLocals_AreReplayedInSourceOrder_OperandsSeeStoresBeforeTheirOperator_WholeConditionsSeeAll()
    {
        const string code = ParserHarness.Types + """
            void f(int x)
            {
                ULONG_PTR r = 0;
                while (x && r < 100) { r = IoGetRemainingStackSize(); }
                while (r < 100) { r = IoGetRemainingStackSize(); }
            }
            """;

        var f = ParserHarness.Parse(code).Function("f");
        var checks = RemainingStackChecks.Of(f);

        // The operand 'r < 100' inside && is judged with 'r = 0' only; the second loop's whole condition with every store.
        var operand = f.Body.Single(n => n.Kind == BodyNodeKind.Other && n.Condition is { Operator: ConditionOperator.Less });
        Assert.Null(checks.ConditionOf(operand.Id));
        var loops = f.Body.Where(n => n.Kind == BodyNodeKind.While).ToList();
        Assert.Null(checks.ConditionOf(loops[0].Id));
        Assert.Equal(new StackCondition("r", true, 100), checks.ConditionOf(loops[1].Id));
    }

    [Fact]
    public void StackTestsInsideLogicalOperators_AreCarriedByOtherNodes_AndNegationUsesDeMorgan()
    {
        const string code = ParserHarness.Types + """
            int g(void);
            void f(int x)
            {
                ULONG_PTR remaining = IoGetRemainingStackSize();
                if (x && IoGetRemainingStackSize() < 100) { }
                if (!(x || remaining >= 100)) { }
                if (!(g() && g())) { }
            }
            """;

        var f = ParserHarness.Parse(code).Function("f");
        var checks = RemainingStackChecks.Of(f);
        var shape = f.Body.Select(n => $"{n.Kind}:{n.Role}:{n.Parent}{(checks.ConditionOf(n.Id) is not { } c ? "" : $"[{c.Source},{c.LowWhenTrue}]")}").ToList();

        Assert.Equal(
            [
                "Compound:None:-1", "Call:None:0",
                "If:None:0", "LogicalAnd:Condition:2", "Other:Condition:3", "Other:Then:3[IoGetRemainingStackSize(),True]", "Call:None:5", "Compound:Then:2",
                "If:None:0", "LogicalAnd:Condition:8", "Other:Condition:9", "Other:Then:9[remaining,True]", "Compound:Then:8",
                "If:None:0", "LogicalOr:Condition:13", "Call:Condition:14", "Call:Else:14", "Compound:Then:13",
            ],
            shape);
        Assert.Equal(StackQueryUse.ComparedDirectly, checks.Queries[1].Use);
    }

    [Fact]
    public void BodySkeleton_ControlFlowInPreOrder()
    {
        const string code = """
            int g(int);
            int f(int n)
            {
                if (n) g(1); else g(2);
                switch (n) { case 1: g(3); break; default: goto out; }
                do { continue; } while (g(4) && g(5));
                __try { __leave; } __finally { g(6); }
            out:
                return n > 0 ? g(7) : 0;
            }
            """;

        var f = ParserHarness.Parse(code).Function("f");
        var shape = f.Body.Select(n => $"{n.Kind}:{n.Role}:{n.Parent}{(n.Label is null ? "" : "=" + n.Label)}{(n.CallIndex >= 0 ? "#" + n.CallIndex : "")}").ToList();

        Assert.Equal(
            [
                "Compound:None:-1",
                "If:None:0", "Call:Then:1#0", "Call:Else:1#1",
                "Switch:None:0=n", "Compound:Body:4", "Case:None:5=1", "Call:Body:6#2", "Break:None:5", "Default:None:5", "Goto:Body:9=out",
                "DoWhile:None:0", "Compound:Body:11", "Continue:None:12", "LogicalAnd:Condition:11", "Call:Condition:14#3", "Call:Then:14#4",
                "Try:None:0", "Compound:Body:17", "Leave:None:18", "Compound:Handler:17", "Call:None:20#5",
                "Label:None:0=out", "Return:Body:22", "Conditional:None:23", "Call:Then:24#6",
            ],
            shape);
        Assert.Equal(f.Body.Select((_, i) => i), f.Body.Select(n => n.Id));
        Assert.Equal(ParserHarness.LineOf(code, "if (n)"), f.Body[1].Line);
    }

    [Fact]
    public void FunctionsAHeaderMacroDefinesInTheFile_AreTheFilesOwn_AtTheInvocation()
    {
        // clang -fstack-usage names 'module_init_nls' at the invocation's line of main.c: the file's own function.
        var dir = TempDir.Create();
        File.WriteAllText(Path.Combine(dir, "module.h"),
            "#define module_init(X) int module_##X(void) { return X(); }\n#define DEFINE_PLAIN(fn) int fn(void) { return 1; }\nstatic int in_header(void) { return 3; }\n");
        var source = Path.Combine(dir, "main.c");
        File.WriteAllText(source, "#include \"module.h\"\nstatic int init_nls(void) { return 0; }\nmodule_init(init_nls)\nDEFINE_PLAIN(plain_fn)\n");

        using var parser = new ClangParser();
        var env = ParserHarness.Environment();
        var facts = parser.Parse(source, env.ArgumentsFor(source), env.Name, env.Arch);

        var pasted = facts.Function("module_init_nls");
        Assert.True(pasted.IsInMainFile);
        Assert.Equal((source, 3), (pasted.Location.Path, pasted.Location.Line));
        var plain = facts.Function("plain_fn");
        Assert.True(plain.IsInMainFile);
        Assert.Equal((source, 4), (plain.Location.Path, plain.Location.Line));
        Assert.False(facts.Function("in_header").IsInMainFile);
    }

    [Fact]
    public void HeaderFunctions_AreReportedNotInMainFile_SystemHeaderOnesOnlyWhenCalled()
    {
        var dir = TempDir.Create();
        File.WriteAllText(Path.Combine(dir, "util.h"), "static int from_header(void) { return 1; }\n");
        Directory.CreateDirectory(Path.Combine(dir, "sys"));
        File.WriteAllText(Path.Combine(dir, "sys", "sysutil.h"), "static int from_system(void) { return 2; }\n");
        var source = Path.Combine(dir, "main.c");
        File.WriteAllText(source, "#include \"util.h\"\n#include <sysutil.h>\nint main_fn(void) { return from_header() + from_system(); }\n");

        using var parser = new ClangParser();
        var env = ParserHarness.Environment();
        var args = env.ArgumentsFor(source).Add("-isystem").Add(Path.Combine(dir, "sys"));
        var facts = parser.Parse(source, args, env.Name, env.Arch);

        // The system header's function is taken because main_fn calls it, after the file's own definitions.
        Assert.Equal(["from_header", "main_fn", "from_system"], facts.Functions.Select(f => f.Name));
        Assert.False(facts.Function("from_header").IsInMainFile);
        Assert.False(facts.Function("from_header").IsInSystemHeader);
        Assert.True(facts.Function("from_system").IsInSystemHeader);
        Assert.False(facts.Function("from_system").IsInMainFile);
        Assert.Equal(Path.Combine(dir, "util.h"), facts.Function("from_header").Location.Path);
        Assert.Equal([Path.Combine(dir, "sys", "sysutil.h"), Path.Combine(dir, "util.h")], facts.IncludedFiles.ToArray());
    }

    [Fact]
    public void HeaderFunctions_CarryAContentHash_EqualUnderTheSameMacros_DifferentUnderOthers()
    {
        var dir = TempDir.Create();
        File.WriteAllText(Path.Combine(dir, "fill.h"), """
            #ifndef FILL_CHARS
            #define FILL_CHARS 64
            #endif
            void Sink(char *p);
            static __inline void Fill(void) { char scratch[FILL_CHARS]; Sink(scratch); }
            """);
        var source = Path.Combine(dir, "main.c");
        File.WriteAllText(source, "#include \"fill.h\"\nvoid Entry(void) { Fill(); }\n");

        using var parser = new ClangParser();
        var env = ParserHarness.Environment();
        string? HashOf(string name, params string[] defines)
        {
            var args = env.ArgumentsFor(source);
            foreach (var define in defines) args = args.Add("-D" + define);
            return parser.Parse(source, args, env.Name, env.Arch).Function(name).ContentHash;
        }

        Assert.Null(HashOf("Entry"));
        Assert.NotNull(HashOf("Fill"));
        Assert.Equal(HashOf("Fill"), HashOf("Fill", "UNRELATED=1"));
        Assert.Equal(HashOf("Fill"), HashOf("Fill", "FILL_CHARS=64"));
        Assert.NotEqual(HashOf("Fill"), HashOf("Fill", "FILL_CHARS=4096"));
    }

    [Fact]
    public void SystemHeaderCallees_AreTakenTransitively_OncePerUsr_WithTheirInlining()
    {
        var dir = TempDir.Create();
        Directory.CreateDirectory(Path.Combine(dir, "sys"));
        File.WriteAllText(Path.Combine(dir, "sys", "kit.h"), """
            #define FORCEINLINE __forceinline
            void Sink(void *p);
            FORCEINLINE void Inner(void) { char inner[16]; Sink(inner); }
            FORCEINLINE void Outer(int a) { char outer[32]; Inner(); Sink(outer); }
            static __inline void Hinted(void) { char hinted[8]; Sink(hinted); }
            static inline __attribute__((always_inline)) int Gnu(int x) { return x + 1; }
            static void Plain(void) { Sink(0); }
            FORCEINLINE void NeverCalled(void) { char unused[64]; Sink(unused); }
            FORCEINLINE void CycleB(int a);
            FORCEINLINE void CycleA(int a) { if (a) CycleB(a - 1); }
            FORCEINLINE void CycleB(int a) { if (a) CycleA(a - 1); }
            """);
        var source = Path.Combine(dir, "main.c");
        File.WriteAllText(source, "#include <kit.h>\nvoid Entry(void) { Outer(1); Outer(2); Hinted(); Plain(); CycleA(Gnu(3)); }\n");

        using var parser = new ClangParser();
        var env = ParserHarness.Environment();
        var facts = parser.Parse(source, env.ArgumentsFor(source).Add("-isystem").Add(Path.Combine(dir, "sys")), env.Name, env.Arch);

        Assert.Equal(["Entry", "Outer", "Hinted", "Plain", "CycleA", "Gnu", "Inner", "CycleB"], facts.Functions.Select(f => f.Name));
        Assert.Equal(FunctionInlining.None, facts.Function("Entry").Inlining);
        Assert.Equal(FunctionInlining.ForceInline, facts.Function("Outer").Inlining);
        Assert.Equal(FunctionInlining.ForceInline, facts.Function("Inner").Inlining);
        Assert.Equal(FunctionInlining.ForceInline, facts.Function("Gnu").Inlining);
        Assert.Equal(FunctionInlining.Inline, facts.Function("Hinted").Inlining);
        Assert.Equal(FunctionInlining.None, facts.Function("Plain").Inlining);
        Assert.All(facts.Functions.Where(f => f.Name != "Entry"), f => Assert.True(f.IsInSystemHeader));
        Assert.Equal(32, facts.Function("Outer").Locals.Single().Type.Size);
    }

    [Fact]
    public void AggregateResults_CarryTheirTypeAndWhetherTheyInitializeAVariable()
    {
        const string code = """
            typedef struct { char b[24]; } S24;
            S24 Make(void);
            int Scalar(void);
            void f(void) { S24 a = Make(); S24 b; b = Make(); Make(); int i = Scalar(); }
            """;
        var calls = ParserHarness.Parse(code).Function("f").Calls;

        Assert.Equal([true, false, false], calls.Where(c => c.CalleeName == "Make").Select(c => c.InitializesVariable));
        Assert.All(calls.Where(c => c.CalleeName == "Make"), c => Assert.Equal(24, c.ResultType?.Size));
        Assert.Null(calls.Single(c => c.CalleeName == "Scalar").ResultType);
    }

    [Fact]
    public void LocalsAMacroDeclares_AreLocatedAtTheMacroUnderItsName()
    {
        const string code = ParserHarness.Types + """
            #define DECLARE_NAMED_BUFFER(_var, _size) WCHAR _var##_buffer[_size]; ULONG _var##_length = 0
            #define DECLARE_SCRATCH(_var) UCHAR _var[600]
            void f(void)
            {
                DECLARE_NAMED_BUFFER(name, 64);
                WCHAR plain[8];
                DECLARE_SCRATCH(scratch);
            }
            """;
        var f = ParserHarness.Parse(code).Function("f");

        var buffer = f.Locals.Single(l => l.Name == "name_buffer");
        Assert.Equal("DECLARE_NAMED_BUFFER", buffer.MacroName);
        Assert.Equal(ParserHarness.LineOf(code, "DECLARE_NAMED_BUFFER(name"), buffer.Location.Line);
        Assert.Equal(5, buffer.Location.Column);
        // The region is the whole invocation, not the pasted name's length of it.
        Assert.Equal(5 + "DECLARE_NAMED_BUFFER(name, 64)".Length, buffer.Location.EndColumn);
        Assert.Null(f.Locals.Single(l => l.Name == "plain").MacroName);
        // A name passed as the macro's argument: declared by the macro all the same, located at its invocation.
        var scratch = f.Locals.Single(l => l.Name == "scratch");
        Assert.Equal("DECLARE_SCRATCH", scratch.MacroName);
        Assert.Equal(ParserHarness.LineOf(code, "DECLARE_SCRATCH(scratch"), scratch.Location.Line);
        Assert.Equal(5, scratch.Location.Column);
        Assert.Equal(5 + "DECLARE_SCRATCH(scratch)".Length, scratch.Location.EndColumn);
    }

    [Fact]
    public void Bit_helpers_returns_and_field_stores_are_facts()
    {
        const string code = ParserHarness.Types + """
            typedef struct _V { long State; long Error; } V;
            long Or(volatile long *w, long m);
            long And(volatile long *w, long m);
            static int is_set(int nr, volatile const long *word) { return ((1 << (nr & 31)) & word[nr / 32]) != 0; }
            static int set_it(int nr, volatile long *word) { word += nr / 32; nr &= 31; return (Or(word, (1 << nr)) & (1 << nr)) != 0; }
            static int clear_it(int nr, volatile long *word) { return And(word, ~(1 << nr)) != 0; }
            void f(V *v, long status)
            {
                if (v->Error == 0 || status != 0)
                    v->Error = status;
                v->State = 0;
                v->Error += 2;
            }
            """;

        var facts = ParserHarness.Parse(code);
        var test = facts.Function("is_set").Returns.Single().Value!;
        Assert.Equal(ConditionOperator.NotEqual, test.Operator);
        Assert.Equal(new Operand(OperandKind.Masked, "word", BitOf: "nr"), test.Left);
        var set = facts.Function("set_it").Calls.Single().Arguments[1];
        Assert.Equal(("nr", false), (set.BitOf, set.BitInverted));
        var clear = facts.Function("clear_it").Calls.Single().Arguments[1];
        Assert.Equal(("nr", true), (clear.BitOf, clear.BitInverted));

        var stores = facts.Function("f").FieldStores;
        Assert.Equal(["->Error", "->State", "->Error"], stores.Select(s => s.Target));
        Assert.Equal(new Operand(OperandKind.Variable, "status"), stores[0].Value!.Left);
        Assert.Equal(new Operand(OperandKind.Constant, Value: 0), stores[1].Value!.Left);
        Assert.Null(stores[2].Value);
        Assert.True(stores[0].Line < stores[1].Line);
    }

    [Fact]
    public void Fields_are_named_with_the_record_that_declares_them()
    {
        const string code = ParserHarness.Types + """
            typedef void (*CB)(PVOID);
            typedef struct _CONNECT { PVOID Context; CB Service; ULONG Flags; } CONNECT, *PCONNECT;
            typedef struct { CB Service; ULONG Flags; } HOOKS;
            typedef struct _EXT { CONNECT Upper; HOOKS Hooks; } EXT;
            void Mine(PVOID p);
            static HOOKS g_Hooks = { Mine, 0 };
            static CONNECT g_Connect = { .Service = Mine };
            int Test(ULONG *w);
            void f(EXT *x, PCONNECT c)
            {
                x->Hooks.Service = Mine;
                x->Upper.Service(x->Upper.Context);
                (*x->Hooks.Service)(x);
                if (x->Hooks.Flags & 4)
                    c->Flags |= 4;
                x->Hooks.Flags = 0;
                Test(&c->Flags);
                x->Upper.Context = c->Context;
            }
            """;

        var facts = ParserHarness.Parse(code);
        var f = facts.Function("f");
        Assert.Equal(["struct _CONNECT::Service", "HOOKS::Service"], f.Calls.Where(c => c.IsIndirect).Select(c => c.IndirectField));
        Assert.Equal("HOOKS::Service", f.FunctionReferences.Single().Field);
        Assert.Equal(["HOOKS::Service", "struct _CONNECT::Service"],
            facts.GlobalFunctionReferences.OrderBy(r => r.Location.Line).Select(r => r.Field));
        var test = f.Body.Single(b => b.Kind == BodyNodeKind.If).Condition!.Left;
        Assert.Equal((OperandKind.Masked, "->Flags", "HOOKS::Flags"), (test.Kind, test.Name, test.Field));
        Assert.Equal(("->Flags", "struct _CONNECT::Flags"), (f.BitStores.Single().Target, f.BitStores.Single().Field));
        Assert.Equal(["HOOKS::Service", "struct _CONNECT::Flags", "HOOKS::Flags", "struct _CONNECT::Context"], f.FieldStores.Select(s => s.Field));
        var flow = f.ValueFlows.Single(v => v.Source is not null);
        Assert.Equal(("->Context", "struct _CONNECT::Context", "->Context", "struct _CONNECT::Context"), (flow.Target, flow.TargetField, flow.Source, flow.SourceField));
        var argument = f.Calls.Single(c => c.CalleeName == "Test").Arguments.Single();
        Assert.Equal(("->Flags", true, "struct _CONNECT::Flags"), (argument.Lvalue, argument.ByAddress, argument.Field));
    }

    [Fact]
    public void Calls_through_a_table_say_which_constant_slot_and_stores_say_which_slot()
    {
        const string code = ParserHarness.Types + """
            typedef long (*HANDLER)(PVOID Device, PVOID Request);
            typedef enum { SLOT_OPEN = 2, SLOT_READ = 5 } SLOT;
            #define SLOT_CLOSE (SLOT_READ + 1)
            typedef struct _TABLE { HANDLER Handlers[8]; HANDLER *More; } TABLE;
            long Open(PVOID d, PVOID r);
            void f(TABLE *t, int i)
            {
                t->Handlers[SLOT_OPEN] = Open;
                t->Handlers[SLOT_OPEN](0, 0);
                (*t->Handlers[SLOT_CLOSE])(0, 0);
                t->Handlers[3](0, 0);
                t->Handlers[i](0, 0);
                t->More[3](0, 0);
            }
            """;

        var f = ParserHarness.Parse(code).Function("f");
        Assert.Equal([2L, 6L, 3L, null, null], f.Calls.Select(c => c.IndirectSubscript));
        Assert.Equal(["struct _TABLE::Handlers", "struct _TABLE::Handlers", "struct _TABLE::Handlers", "struct _TABLE::Handlers", "struct _TABLE::More"], f.Calls.Select(c => c.IndirectField));
        Assert.Equal(2L, f.FunctionReferences.Single().Subscript);
    }

    [Fact]
    public void Named_static_objects_are_told_apart_and_their_other_uses_are_escapes()
    {
        const string code = ParserHarness.Types + """
            typedef void (*NOTIFY)(ULONG);
            typedef struct _OPS { NOTIFY Notify; ULONG Count; } OPS;
            typedef struct _PAIR { OPS Inner; OPS Table[2]; } PAIR;
            void A(ULONG n);
            void B(ULONG n);
            void Sink(OPS *o);
            static OPS g_Init = { A, 0 };
            static OPS g_Plain, g_Copied, g_Passed, g_Other, g_Stored;
            static PAIR g_Pair;
            static OPS *g_Pointer = &g_Other;
            void f(OPS *p, NOTIFY n)
            {
                static OPS s_Local = { .Notify = B };
                OPS automatic;
                g_Plain.Notify = A;
                g_Plain.Count = sizeof(g_Plain) + 1;
                g_Plain.Notify(1);
                (*g_Pair.Inner.Notify)(2);
                g_Pair.Table[1].Notify = B;
                s_Local.Notify(3);
                p->Notify(4);
                automatic.Notify = A;
                automatic.Notify(5);
                g_Copied = *p;
                Sink(&g_Passed);
                g_Stored.Notify = n;
                g_Stored.Notify = NULL;
                g_Plain.Count = (ULONG)(ULONG_PTR)p;
            }
            """;

        var facts = ParserHarness.Parse(code);
        var f = facts.Function("f");
        var indirect = f.Calls.Where(c => c.IsIndirect).Select(c => c.IndirectObject).ToArray();
        Assert.Equal(5, indirect.Length);
        Assert.Matches("@g_Plain$", indirect[0]);
        Assert.Matches("@g_Pair$", indirect[1]);
        Assert.Matches("@s_Local$", indirect[2]);
        Assert.Null(indirect[3]);
        Assert.Null(indirect[4]);
        // s_Local's initializer, g_Plain, g_Pair (an element of its table), and the automatic object (none).
        var stored = f.FunctionReferences.OrderBy(r => r.Location.Line).Select(r => r.Object).ToArray();
        Assert.Equal(4, stored.Length);
        Assert.Matches("@s_Local$", stored[0]);
        Assert.Matches("@g_Plain$", stored[1]);
        Assert.Matches("@g_Pair$", stored[2]);
        Assert.Null(stored[3]);
        Assert.Matches("@g_Init$", Assert.Single(facts.GlobalFunctionReferences).Object);
        // Copied, passed by address, and a pointer field stored from a parameter escape; sizeof, NULL and a number do not.
        Assert.Equal(["g_Copied", "g_Passed", "g_Stored"], f.EscapingObjects.Select(u => u[(u.LastIndexOf('@') + 1)..]).Order());
        Assert.Equal(["g_Other"], facts.EscapingObjects.Select(u => u[(u.LastIndexOf('@') + 1)..]));
    }
}
