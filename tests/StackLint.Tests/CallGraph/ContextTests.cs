using StackLint.Frontend.Facts;
using StackLint.Rules.Model.CallGraph;
using Xunit;
using static StackLint.Tests.CallGraph.FactsBuilder;

namespace StackLint.Tests.CallGraph;

public sealed class ContextTests
{
    public static TheoryData<int> TableRows()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < CallbackRegistrations.All.Length; i++) data.Add(i);
        return data;
    }

    private static FunctionReference ReferenceFor(CallbackRegistration row, string function) => row.Form == RegistrationForm.Field
        ? Initialized(function, row.Name, row.RecordTypeContains is null ? "SOME_CONFIG" : "const " + row.RecordTypeContains + "[]")
        : Passed(function, row.Name, row.ArgumentIndex);

    [Theory]
    [MemberData(nameof(TableRows))]
    public void Every_registration_kind_makes_an_entry_point_with_its_context(int row)
    {
        var entry = CallbackRegistrations.All[row];
        var analysis = CallGraphAnalysis.Build(Program(Unit("/d/a.c",
            Fn("DriverEntry", "/d/a.c", 1, [Call("Register")]),
            Fn("Register", "/d/a.c", 5, references: [ReferenceFor(entry, "Routine")]),
            Fn("Routine", "/d/a.c", 20, [Call("Helper")]),
            Fn("Helper", "/d/a.c", 30))));
        var routine = analysis.Graph.FindByName("Routine").Single().Id;
        var found = Assert.Single(analysis.Contexts.EntriesOf(routine));
        Assert.Equal(entry.Context, found.Context);
        // The first table row for a name wins: the description comes from the row that matched.
        Assert.Equal(CallbackRegistrations.Find(ReferenceFor(entry, "Routine"))!.Description, found.Kind);
        var helper = analysis.Graph.FindByName("Helper").Single().Id;
        Assert.True(analysis.Contexts.ContextsOf(helper).HasFlag(entry.Context));
    }

    [Fact]
    public void Argument_index_must_match()
    {
        var analysis = CallGraphAnalysis.Build(Program(Unit("/d/a.c",
            Fn("DriverEntry", "/d/a.c", 1, references: [Passed("NotTheRoutine", "PsCreateSystemThread", 6)]),
            Fn("NotTheRoutine", "/d/a.c", 20))));
        var node = analysis.Graph.FindByName("NotTheRoutine").Single().Id;
        // Not registered, so it is only an entry because nothing calls it.
        Assert.Equal("function with no known caller", Assert.Single(analysis.Contexts.EntriesOf(node)).Kind);
    }

    [Fact]
    public void Contexts_are_the_union_over_reaching_entries_with_a_representative_entry()
    {
        var analysis = CallGraphAnalysis.Build(Program(
            Unit("/d/entry.c", Fn("DriverEntry", "/d/entry.c", 1, [Call("Log")], references:
            [
                Passed("DpcRoutine", "KeInitializeDpc", 1),
                Initialized("PreCreate", "PreOperation", "FLT_OPERATION_REGISTRATION"),
            ])),
            Unit("/d/ops.c",
                Fn("PreCreate", "/d/ops.c", 10, [Call("Log")]),
                Fn("DpcRoutine", "/d/ops.c", 20, [Call("Log")]),
                Fn("Log", "/d/ops.c", 30),
                Fn("Orphan", "/d/ops.c", 40))));
        int Id(string name) => analysis.Graph.FindByName(name).Single().Id;
        Assert.Equal(StackContext.Fresh | StackContext.Dpc | StackContext.Caller, analysis.Contexts.ContextsOf(Id("Log")));
        Assert.Equal(StackContext.Fresh, analysis.Contexts.ContextsOf(Id("DriverEntry")));
        Assert.Equal("minifilter pre-operation callback 'PreCreate'", analysis.Contexts.DescribeContext(Id("Log")));
        Assert.Equal("DPC routine 'DpcRoutine'", analysis.Contexts.RepresentativeEntry(Id("Log"), StackContext.Dpc)!.Description);
        Assert.Equal(StackContext.Caller, analysis.Contexts.ContextsOf(Id("Orphan")));
        Assert.True(analysis.Contexts.IsReachable(Id("PreCreate"), Id("Log")));
        Assert.False(analysis.Contexts.IsReachable(Id("Log"), Id("PreCreate")));
    }

    [Fact]
    public void Completion_routine_runs_below_its_registrar_and_closes_a_cycle_through_the_dispatch_table()
    {
        var analysis = CallGraphAnalysis.Build(Program(Unit("/d/a.c",
            Fn("DriverEntry", "/d/a.c", 1, references: [Assigned("DispatchRead", "MajorFunction")]),
            Fn("DispatchRead", "/d/a.c", 10, [Call("IoCallDriver")], references: [Passed("ReadDone", "IoSetCompletionRoutine", 1)]),
            Fn("ReadDone", "/d/a.c", 20, [Indirect("DeviceObject->DriverObject->MajorFunction[IRP_MJ_READ]")]))));
        int read = analysis.Graph.FindByName("DispatchRead").Single().Id;
        int done = analysis.Graph.FindByName("ReadDone").Single().Id;
        var callback = Assert.Single(analysis.Graph.CallsFrom(read), e => e.Kind == CallEdgeKind.Callback);
        Assert.Equal(done, callback.Callee);
        Assert.True(analysis.Components.IsInCycle(read));
        Assert.True(analysis.Components.IsInCycle(done));
        Assert.Equal(StackContext.Caller, analysis.Contexts.ContextsOf(done));
    }

    [Fact]
    public void Recursion_nothing_else_calls_is_an_entry_and_one_called_from_outside_is_not()
    {
        var analysis = CallGraphAnalysis.Build(Program(Unit("/d/a.c",
            Fn("Lonely", "/d/a.c", 1, [Call("Lonely")]),
            Fn("Top", "/d/a.c", 10, [Call("Ping")]),
            Fn("Ping", "/d/a.c", 20, [Call("Pong")]),
            Fn("Pong", "/d/a.c", 30, [Call("Ping")]))));
        int Id(string name) => analysis.Graph.FindByName(name).Single().Id;
        Assert.Equal("function with no known caller", Assert.Single(analysis.Contexts.EntriesOf(Id("Lonely"))).Kind);
        Assert.Empty(analysis.Contexts.EntriesOf(Id("Ping")));
        Assert.Empty(analysis.Contexts.EntriesOf(Id("Pong")));
        Assert.Equal(StackContext.Caller, analysis.Contexts.ContextsOf(Id("Pong")));
    }

    [Fact]
    public void Global_initializer_registers_operation_callbacks()
    {
        var analysis = CallGraphAnalysis.Build(Program(Unit("/d/a.c",
            [Initialized("PreWrite", "PreOperation", "const FLT_OPERATION_REGISTRATION[]"), Initialized("ObPre", "PreOperation", "OB_OPERATION_REGISTRATION")],
            Fn("PreWrite", "/d/a.c", 10),
            Fn("ObPre", "/d/a.c", 20))));
        Assert.Equal("minifilter pre-operation callback", Assert.Single(analysis.Contexts.EntriesOf(analysis.Graph.FindByName("PreWrite").Single().Id)).Kind);
        Assert.Equal("object-manager pre-operation callback", Assert.Single(analysis.Contexts.EntriesOf(analysis.Graph.FindByName("ObPre").Single().Id)).Kind);
    }
}
