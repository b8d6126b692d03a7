using Microsoft.CodeAnalysis;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules;
using StackLint.Rules.Model;
using StackLint.Rules.Model.Guards;
using StackLint.Rules.StackHungry;
using Xunit;
using static StackLint.Tests.Guards.BodySketch;

namespace StackLint.Tests.Guards;

public sealed class StackHungryRuleTests
{
    private const string Path = "/drv/filter.c";

    private sealed class Options(Dictionary<string, string> values) : IRuleOptions
    {
        public string? GetValue(string sourcePath, string key) => values.GetValueOrDefault(key);
        public ReportDiagnostic? GetSeverity(string sourcePath, string ruleId) => null;
    }

    private static ProgramAnalysis Program(params FunctionFacts[] functions) => Program(TargetArch.X64, functions);

    private static ProgramAnalysis Program(TargetArch arch, params FunctionFacts[] functions) =>
        new("test", arch, [new TranslationUnitFacts(Path, arch, "test", true, [.. functions], [], [], [])]);

    private static List<Finding> Run(StackRule rule, ProgramAnalysis program, IRuleOptions? options = null) =>
        [.. ((ProgramRule)rule).Analyze(program, new RuleContext(options ?? DefaultRuleOptions.Instance, program.Arch))];

    /// <summary>DriverEntry registering the given functions as minifilter pre-operation callbacks.</summary>
    private static FunctionFacts Registrar(params string[] preOps)
    {
        var b = new BodySketch();
        foreach (var f in preOps) b.Reference(f, "PreOperation", FunctionReferenceKind.Initializer, recordType: "FLT_OPERATION_REGISTRATION");
        return b.Build("DriverEntry", line: 1);
    }

    /// <summary>A function that returns when the stack is low, then calls 'callee'.</summary>
    private static FunctionFacts GuardedCaller(string name, int line, string callee)
    {
        var b = new BodySketch();
        int check = b.Node(b.Root, BodyNodeKind.If, condition: Low());
        b.Query(check, StackQueryUse.ComparedDirectly, role: BodyRole.Condition);
        b.Node(check, BodyNodeKind.Return, BodyRole.Then);
        b.Call(b.Root, callee);
        return b.Build(name, line);
    }

    private static FunctionFacts Caller(string name, int line, params string[] callees)
    {
        var b = new BodySketch();
        foreach (var c in callees) b.Call(b.Root, c);
        return b.Build(name, line);
    }

    [Fact]
    public void Unguarded_call_in_a_helper_is_reported_with_the_entry_and_the_chain()
    {
        var program = Program(Registrar("PreCreate"), Caller("PreCreate", 20, "OpenLog"), Caller("OpenLog", 40, "ZwCreateFile"));
        var finding = Assert.Single(Run(new UnguardedStackHungryCall(), program));
        Assert.Equal("SL3001", finding.RuleId);
        Assert.Equal("OpenLog", finding.FunctionName);
        Assert.StartsWith("'ZwCreateFile' in 'OpenLog' is reachable from minifilter pre-operation callback 'PreCreate' with no remaining-stack check;", finding.Message, StringComparison.Ordinal);
        Assert.Equal(["'PreCreate' runs on its caller's stack (minifilter pre-operation callback)", "'PreCreate' calls 'OpenLog'", "'OpenLog' calls 'ZwCreateFile' with no remaining-stack check"],
            finding.Chain.Select(s => s.Message));
    }

    [Fact]
    public void A_guard_in_every_caller_protects_the_helper_and_one_unguarded_caller_does_not()
    {
        var guardedBoth = Program(Registrar("PreCreate", "PreWrite"), GuardedCaller("PreCreate", 20, "OpenLog"), GuardedCaller("PreWrite", 30, "OpenLog"), Caller("OpenLog", 40, "ZwCreateFile"));
        Assert.Empty(Run(new UnguardedStackHungryCall(), guardedBoth));

        var guardedOne = Program(Registrar("PreCreate", "PreWrite"), GuardedCaller("PreCreate", 20, "OpenLog"), Caller("PreWrite", 30, "OpenLog"), Caller("OpenLog", 40, "ZwCreateFile"));
        var finding = Assert.Single(Run(new UnguardedStackHungryCall(), guardedOne));
        Assert.Contains("'PreWrite'", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fresh_stacks_dpcs_and_unregistered_functions_are_not_reported()
    {
        var entry = new BodySketch();
        entry.Call(entry.Root, "ZwCreateFile");
        entry.Reference("Worker", "IoQueueWorkItem", FunctionReferenceKind.CallArgument, argumentIndex: 1);
        entry.Reference("Callout", "KeExpandKernelStackAndCalloutEx", FunctionReferenceKind.CallArgument, argumentIndex: 0);
        entry.Reference("TimerDpc", "KeInitializeDpc", FunctionReferenceKind.CallArgument, argumentIndex: 1);
        var program = Program(entry.Build("DriverEntry", 1), Caller("Worker", 20, "ZwWriteFile"), Caller("Callout", 30, "Helper"), Caller("Helper", 40, "ZwClose"), Caller("TimerDpc", 50, "ZwReadFile"),
            Caller("NobodyCallsMe", 60, "ZwCreateFile"));
        Assert.Empty(Run(new UnguardedStackHungryCall(), program));
    }

    [Fact]
    public void Header_functions_are_not_reported_and_the_list_is_configurable()
    {
        var header = new BodySketch().Build("InlineHelper", 5, inMainFile: false);
        var program = Program(Registrar("PreCreate"), Caller("PreCreate", 20, "ZwClose", "MyIoHelper"), header);
        Assert.Equal(["ZwClose"], Run(new UnguardedStackHungryCall(), program).Select(f => f.Message.Split('\'')[1]));
        var configured = new Options(new() { [StackHungryApis.OptionKey] = "+MyIoHelper, -ZwClose" });
        Assert.Equal(["MyIoHelper"], Run(new UnguardedStackHungryCall(), program, configured).Select(f => f.Message.Split('\'')[1]));
    }

    [Fact]
    public void Api_list_resolves_additions_and_removals_and_has_nt_twins()
    {
        IReadOnlySet<string> names = StackHungryApis.Resolve("+MyIoHelper, -ZwClose, Other");
        Assert.Contains("MyIoHelper", names);
        Assert.Contains("Other", names);
        Assert.DoesNotContain("ZwClose", names);
        Assert.Contains("NtClose", names);
        Assert.Contains("FltCreateFileEx2", (IReadOnlySet<string>)StackHungryApis.Resolve(null));
        Assert.All(StackHungryApis.Defaults, a => Assert.False(string.IsNullOrWhiteSpace(a.Reason)));
    }

    [Fact]
    public void Ineffective_checks_ignored_never_tested_after_the_call_and_both_outcomes()
    {
        var ignored = new BodySketch();
        ignored.Query(ignored.Root, StackQueryUse.Ignored);
        ignored.Call(ignored.Root, "ZwCreateFile");

        var stored = new BodySketch();
        stored.Query(stored.Root, StackQueryUse.StoredInLocal, "left");
        stored.Call(stored.Root, "ZwCreateFile");

        var after = new BodySketch();
        after.Call(after.Root, "OpenLog");
        int late = after.Node(after.Root, BodyNodeKind.If, condition: Low());
        after.Query(late, StackQueryUse.ComparedDirectly, role: BodyRole.Condition);
        after.Node(late, BodyNodeKind.Return, BodyRole.Then);

        var both = new BodySketch();
        int weak = both.Node(both.Root, BodyNodeKind.If, condition: Low());
        both.Query(weak, StackQueryUse.ComparedDirectly, role: BodyRole.Condition);
        both.Call(weak, "DbgPrint", BodyRole.Then);
        both.Call(both.Root, "ZwCreateFile");

        var program = Program(Registrar("A", "B", "C", "D", "E"), ignored.Build("A", 10), stored.Build("B", 20), after.Build("C", 30), both.Build("D", 40),
            GuardedCaller("E", 50, "ZwCreateFile"), Caller("OpenLog", 60, "ZwCreateFile"));
        var messages = Run(new IneffectiveStackCheck(), program).ToDictionary(f => f.FunctionName!, f => f.Message);
        Assert.Equal(4, messages.Count);
        Assert.Contains("in 'A' is called and its result ignored", messages["A"], StringComparison.Ordinal);
        Assert.Contains("is stored in 'left' but no condition tests it", messages["B"], StringComparison.Ordinal);
        Assert.Contains("is checked only after 'OpenLog' (line 100)", messages["C"], StringComparison.Ordinal);
        Assert.Contains("both outcomes reach 'ZwCreateFile' (line 102)", messages["D"], StringComparison.Ordinal);
    }

    private static FunctionFacts Expander(string name, int line, string api, long? size, string callout)
    {
        var b = new BodySketch();
        int call = b.Call(b.Root, api, BodyRole.None, null, null, size, 0, null);
        b.CalloutOf(call, callout);
        return b.Build(name, line);
    }

    [Fact]
    public void Expansion_size_too_small_fitting_too_large_and_not_constant()
    {
        var needy = new BodySketch().Build("BigCallout", 100, frame: 6000);
        var small = new BodySketch().Build("SmallCallout", 110, frame: 1000);
        var program = Program(
            Expander("TooSmall", 10, "KeExpandKernelStackAndCalloutEx", 0x1000, "BigCallout"),
            Expander("Fits", 20, "KeExpandKernelStackAndCalloutEx", 0x6000, "SmallCallout"),
            Expander("TooBig", 30, "KeExpandKernelStackAndCallout", 0x20000, "SmallCallout"),
            Expander("Unknown", 40, "KeExpandKernelStackAndCalloutEx", null, "BigCallout"),
            needy, small);
        var findings = Run(new ExpansionSize(), program).ToDictionary(f => f.FunctionName!, f => f.Message);
        Assert.Equal(["TooBig", "TooSmall"], findings.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("asks for 4,096 bytes of stack, but its callout 'BigCallout' needs an estimated", findings["TooSmall"], StringComparison.Ordinal);
        Assert.Contains("asks for 131,072 bytes of stack, more than MAXIMUM_EXPANSION_SIZE (71,680 bytes on x64)", findings["TooBig"], StringComparison.Ordinal);

        var x86 = Program(TargetArch.X86, Expander("Limit", 10, "KeExpandKernelStackAndCalloutEx", 0xF000, "SmallCallout"), small);
        Assert.Contains("(59,392 bytes on x86)", Assert.Single(Run(new ExpansionSize(), x86)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expansion_size_finding_carries_the_callout_path_and_deep_path_leaves_the_callout_to_it()
    {
        // DriverEntry expands its stack for a callout whose path needs 9,000 bytes: over the 8 KB path budget and over
        // the 4 KB it asked for. SL3003 reports the size with the path; SL2002 does not measure a callout against
        // the path budget (the callout runs on the stack it asked for).
        var helper = new BodySketch().Build("ParseHelper", 120, frame: 6000);
        var callout = new BodySketch();
        callout.Call(callout.Root, "ParseHelper");
        var program = Program(
            Expander("DriverEntry", 10, "KeExpandKernelStackAndCalloutEx", 0x1000, "ParseCallout"),
            callout.Build("ParseCallout", 100, frame: 3000), helper);
        var finding = Assert.Single(Run(new ExpansionSize(), program));
        // Each frame adds the return address and saved registers to the locals (16 bytes, x64).
        Assert.Contains("asks for 4,096 bytes of stack, but its callout 'ParseCallout' needs an estimated 9,056 bytes (worst-case call path)", finding.Message, StringComparison.Ordinal);
        Assert.Equal(
            ["'KeExpandKernelStackAndCalloutEx' runs 'ParseCallout' on the expanded stack", "'ParseCallout' calls 'ParseHelper' (6,016 bytes)"],
            finding.Chain.Select(c => c.Message));
        Assert.DoesNotContain(Run(new StackLint.Rules.CallGraph.DeepCallPath(), program), f => f.FunctionName == "ParseCallout");
    }

    [Fact]
    public void Recursive_callout_counts_as_too_small()
    {
        var program = Program(Expander("Expand", 10, "KeExpandKernelStackAndCalloutEx", 0x6000, "Walk"), Caller("Walk", 20, "Walk"));
        Assert.Contains("recurses", Assert.Single(Run(new ExpansionSize(), program)).Message, StringComparison.Ordinal);
    }
    [Fact]
    public void A_very_long_call_chain_is_walked_without_recursion()
    {
        const int depth = 20_000;
        var functions = new List<FunctionFacts> { Registrar("Level0") };
        for (int i = 0; i < depth; i++)
            functions.Add(i % 2 == 0 ? Caller($"Level{i}", 10 + i * 10, $"Level{i + 1}") : GuardedCallerWhenDeep($"Level{i}", 10 + i * 10, $"Level{i + 1}", guard: i == depth - 1));
        functions.Add(Caller($"Level{depth}", 10 + depth * 10, "ZwCreateFile"));
        Assert.Empty(Run(new UnguardedStackHungryCall(), Program([.. functions])));

        functions[depth] = Caller($"Level{depth - 1}", 10 + (depth - 1) * 10, $"Level{depth}");
        var finding = Assert.Single(Run(new UnguardedStackHungryCall(), Program([.. functions])));
        Assert.Equal(depth + 2, finding.Chain.Length);
    }

    private static FunctionFacts GuardedCallerWhenDeep(string name, int line, string callee, bool guard) =>
        guard ? GuardedCaller(name, line, callee) : Caller(name, line, callee);
}
