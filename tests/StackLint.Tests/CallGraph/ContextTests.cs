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

    // A row for one array element ('MajorFunction[IRP_MJ_SHUTDOWN]') gets a reference with that subscript.
    private static FunctionReference ReferenceFor(CallbackRegistration row, string function) => row.Form == RegistrationForm.Field
        ? Initialized(function, row.Name, row.RecordTypeContains is null ? "SOME_CONFIG" : "const " + row.RecordTypeContains + "[]") with { Subscript = row.Subscript }
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

    [Theory]
    [InlineData("IoRegisterPlugPlayNotification", 4, "PnP notification callback")]
    [InlineData("KeRegisterProcessorChangeCallback", 0, "processor-change callback")]
    public void Notification_callbacks_that_may_run_inside_their_registration_are_fresh_entries_below_the_registrar(string api, int index, string kind)
    {
        // With PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES or KE_PROCESSOR_CHANGE_ADD_EXISTING the routine
        // runs for what already exists before the registration returns: on the registrar's stack.
        var analysis = CallGraphAnalysis.Build(Program(Unit("/d/a.c",
            Fn("DriverEntry", "/d/a.c", 1, [Call("Register")]),
            Fn("Register", "/d/a.c", 10, [Call(api)], references: [Passed("Notified", api, index)]),
            Fn("Notified", "/d/a.c", 20))));
        int register = analysis.Graph.FindByName("Register").Single().Id;
        int notified = analysis.Graph.FindByName("Notified").Single().Id;
        var callback = Assert.Single(analysis.Graph.CallsFrom(register), e => e.Kind == CallEdgeKind.Callback);
        Assert.Equal(notified, callback.Callee);
        var entry = Assert.Single(analysis.Contexts.EntriesOf(notified));
        Assert.Equal((StackContext.Fresh, kind), (entry.Context, entry.Kind));
    }

    [Fact]
    public void Registry_query_routine_runs_below_the_function_that_fills_the_query_table()
    {
        var analysis = CallGraphAnalysis.Build(Program(Unit("/d/a.c",
            Fn("DriverEntry", "/d/a.c", 1, [Call("ReadSettings")]),
            Fn("ReadSettings", "/d/a.c", 10, [Call("RtlQueryRegistryValues")],
                references: [Assigned("OnValue", "QueryRoutine", "RTL_QUERY_REGISTRY_TABLE")]),
            Fn("OnValue", "/d/a.c", 20))));
        int settings = analysis.Graph.FindByName("ReadSettings").Single().Id;
        int onValue = analysis.Graph.FindByName("OnValue").Single().Id;
        Assert.Equal(onValue, Assert.Single(analysis.Graph.CallsFrom(settings), e => e.Kind == CallEdgeKind.Callback).Callee);
        Assert.Equal("registry query routine", Assert.Single(analysis.Contexts.EntriesOf(onValue)).Kind);
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

    [Fact]
    public void Assigned_operation_callbacks_are_told_apart_by_the_record_that_declares_the_member()
    {
        // 'Ops[0].PreOperation = F' has no initializer type: the member's declaring record decides, and only a
        // member whose record is unknown (code with errors) falls back to the first entry for the name.
        var analysis = CallGraphAnalysis.Build(Program(Unit("/d/a.c",
            Fn("DriverEntry", "/d/a.c", 1, references:
            [
                Assigned("ObPre", "PreOperation") with { Field = "struct _OB_OPERATION_REGISTRATION::PreOperation" },
                Assigned("ObPost", "PostOperation") with { Field = "struct _OB_OPERATION_REGISTRATION::PostOperation" },
                Assigned("FltPre", "PreOperation") with { Field = "struct _FLT_OPERATION_REGISTRATION::PreOperation" },
                Assigned("OwnPre", "PreOperation") with { Field = "struct _MY_HOOKS::PreOperation" },
                Assigned("Unknown", "PreOperation"),
            ]),
            Fn("ObPre", "/d/a.c", 10),
            Fn("ObPost", "/d/a.c", 20),
            Fn("FltPre", "/d/a.c", 30),
            Fn("OwnPre", "/d/a.c", 40),
            Fn("Unknown", "/d/a.c", 50))));
        string Kind(string name) => Assert.Single(analysis.Contexts.EntriesOf(analysis.Graph.FindByName(name).Single().Id)).Kind;
        Assert.Equal("object-manager pre-operation callback", Kind("ObPre"));
        Assert.Equal("object-manager post-operation callback", Kind("ObPost"));
        Assert.Equal("minifilter pre-operation callback", Kind("FltPre"));
        Assert.Equal("pre-operation callback", Kind("OwnPre"));
        Assert.Equal("minifilter pre-operation callback", Kind("Unknown"));
    }

    [Fact]
    public void StorPort_unit_control_and_teardown_routines_are_entries_on_the_port_drivers_stack()
    {
        // vioscsi sets HwUnitControl in HW_INITIALIZATION_DATA: it is an entry the port driver calls, not a
        // function nobody calls.
        var analysis = CallGraphAnalysis.Build(Program(Unit("/d/a.c",
            Fn("DriverEntry", "/d/a.c", 1, references:
            [
                Assigned("UnitControl", "HwUnitControl") with { Field = "struct _HW_INITIALIZATION_DATA::HwUnitControl" },
                Assigned("FreeResources", "HwFreeAdapterResources") with { Field = "struct _HW_INITIALIZATION_DATA::HwFreeAdapterResources" },
            ]),
            Fn("UnitControl", "/d/a.c", 10),
            Fn("FreeResources", "/d/a.c", 20))));
        (StackContext, string) Entry(string name)
        {
            var entry = Assert.Single(analysis.Contexts.EntriesOf(analysis.Graph.FindByName(name).Single().Id));
            return (entry.Context, entry.Kind);
        }
        Assert.Equal((StackContext.Caller, "StorPort HwUnitControl routine"), Entry("UnitControl"));
        Assert.Equal((StackContext.Caller, "StorPort HwFreeAdapterResources routine"), Entry("FreeResources"));
    }

    [Fact]
    public void Init_code_nothing_calls_starts_on_a_fresh_stack_and_exports_on_their_callers_stack()
    {
        var unit = Unit("/d/a.c",
            Fn("LoadTables", "/d/a.c", 10, [Call("Parse")]),
            Fn("Parse", "/d/a.c", 20),
            Fn("LateHelper", "/d/a.c", 40),
            Fn("PagedApi", "/d/a.c", 50) with { IsExported = true },
            Fn("Unused", "/d/a.c", 60)) with
        {
            // LoadTables by name; Parse by the code_seg in force at its line; LateHelper after the return to the default section.
            CodeSections = [new CodeSectionPragma("INIT", ["LoadTables"], 2), new CodeSectionPragma("init", [], 15), new CodeSectionPragma("", [], 30)],
        };
        var analysis = CallGraphAnalysis.Build(Program(unit));
        int Id(string name) => analysis.Graph.FindByName(name).Single().Id;

        var init = Assert.Single(analysis.Contexts.EntriesOf(Id("LoadTables")));
        Assert.Equal((StackContext.Fresh, "initialization routine (INIT section)"), (init.Context, init.Kind));
        Assert.Empty(analysis.Contexts.EntriesOf(Id("Parse")));
        Assert.Equal(StackContext.Fresh, analysis.Contexts.ContextsOf(Id("Parse")));
        Assert.Equal(StackContextMap.NoKnownCallerKind, Assert.Single(analysis.Contexts.EntriesOf(Id("LateHelper"))).Kind);
        var export = Assert.Single(analysis.Contexts.EntriesOf(Id("PagedApi")));
        Assert.Equal((StackContext.Caller, StackContextMap.ExportedKind), (export.Context, export.Kind));
        Assert.Equal(StackContextMap.NoKnownCallerKind, Assert.Single(analysis.Contexts.EntriesOf(Id("Unused"))).Kind);
    }

    [Fact]
    public void A_pragma_places_only_functions_of_its_own_file()
    {
        // A function defined in a header the file includes keeps the default section, whatever the file's pragmas say.
        var unit = Unit("/d/a.c",
            Fn("HeaderHelper", "/d/a.h", 5, inMainFile: false),
            Fn("Local", "/d/a.c", 20)) with
        {
            CodeSections = [new CodeSectionPragma("INIT", ["HeaderHelper", "Local"], 1)],
        };
        var program = Program(unit);
        Assert.False(CodeSections.IsInit(program.Functions.Single(f => f.Name == "HeaderHelper")));
        Assert.True(CodeSections.IsInit(program.Functions.Single(f => f.Name == "Local")));
    }
}
