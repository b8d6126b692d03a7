using StackLint.Frontend.Facts;
using StackLint.Rules.Model.CallGraph;
using Xunit;
using static StackLint.Tests.CallGraph.FactsBuilder;

namespace StackLint.Tests.CallGraph;

public sealed class LinkerTests
{
    private static CallNode Node(ProgramCallGraph graph, string name, string? pathEnd = null) =>
        graph.FindByName(name).Single(n => pathEnd is null || (n.Location?.Path.EndsWith(pathEnd, StringComparison.Ordinal) ?? false));

    private static IEnumerable<string> Callees(ProgramCallGraph graph, CallNode node) =>
        graph.CallsFrom(node.Id).Select(e => graph.Nodes[e.Callee].Name);

    [Fact]
    public void External_calls_bind_across_files_by_usr()
    {
        var graph = ProgramCallGraph.Build(Program(
            Unit(@"C:\drv\a.c", Fn("A", @"C:\drv\a.c", 3, [Call("B")])),
            Unit(@"C:\drv\b.c", Fn("B", @"C:\drv\b.c", 3, [Call("A")]))));
        var a = Node(graph, "A");
        var edge = Assert.Single(graph.CallsFrom(a.Id));
        Assert.Equal("B", graph.Nodes[edge.Callee].Name);
        Assert.True(graph.Nodes[edge.Callee].IsDefined);
        Assert.Equal(CallEdgeKind.Direct, edge.Kind);
    }

    [Fact]
    public void Statics_with_the_same_name_in_two_files_stay_apart()
    {
        var graph = ProgramCallGraph.Build(Program(
            Unit(@"C:\drv\a.c", Fn("Helper", @"C:\drv\a.c", 2, [Call("Shared")], linkage: Linkage.Internal), Fn("A", @"C:\drv\a.c", 9, [Call("Helper")])),
            Unit(@"C:\drv\b.c", Fn("Helper", @"C:\drv\b.c", 2, linkage: Linkage.Internal), Fn("Shared", @"C:\drv\b.c", 9, [Call("Helper")]))));
        var helperA = Node(graph, "Helper", "a.c");
        var helperB = Node(graph, "Helper", "b.c");
        Assert.NotEqual(helperA.Id, helperB.Id);
        Assert.Equal(helperA.Id, Assert.Single(graph.CallsFrom(Node(graph, "A").Id)).Callee);
        Assert.Equal(helperB.Id, Assert.Single(graph.CallsFrom(Node(graph, "Shared").Id)).Callee);
        // A -> Helper(a) -> Shared -> Helper(b): no cycle although the names repeat.
        var scc = StronglyConnectedComponents.Compute(graph);
        Assert.DoesNotContain(graph.Nodes, n => scc.IsInCycle(n.Id));
    }

    [Fact]
    public void Header_function_seen_by_two_units_is_one_node()
    {
        var inline1 = Fn("Inl", @"C:\drv\common.h", 4, linkage: Linkage.Internal, inMainFile: false);
        var inline2 = Fn("Inl", @"C:\drv\common.h", 4, linkage: Linkage.Internal, inMainFile: false);
        var graph = ProgramCallGraph.Build(Program(
            Unit(@"C:\drv\a.c", inline1, Fn("A", @"C:\drv\a.c", 9, [Call("Inl")])),
            Unit(@"C:\drv\b.c", inline2, Fn("B", @"C:\drv\b.c", 9, [Call("Inl")]))));
        Assert.Single(graph.FindByName("Inl"));
        Assert.Equal(graph.NodeOf(inline1), graph.NodeOf(inline2));
        Assert.Single(graph.CallersOf(Node(graph, "Inl").Id), e => graph.Nodes[e.Caller].Name == "A");
        Assert.Equal(2, graph.CallersOf(Node(graph, "Inl").Id).Count);
    }

    [Fact]
    public void Header_function_seen_under_two_sets_of_macros_is_two_nodes_each_unit_calling_its_own()
    {
        // common.h sizes its scratch buffer by a macro b.c defines before including it: b.c's copy has the big frame.
        var small = Fn("Fill", @"C:\drv\common.h", 4, frame: 64, linkage: Linkage.Internal, inMainFile: false) with { ContentHash = "64" };
        var large = Fn("Fill", @"C:\drv\common.h", 4, frame: 4096, linkage: Linkage.Internal, inMainFile: false) with { ContentHash = "4096" };
        var graph = ProgramCallGraph.Build(Program(
            Unit(@"C:\drv\a.c", small, Fn("A", @"C:\drv\a.c", 9, [Call("Fill")])),
            Unit(@"C:\drv\b.c", large, Fn("B", @"C:\drv\b.c", 9, [Call("Fill")]))));
        Assert.Equal(2, graph.FindByName("Fill").Count());
        Assert.NotEqual(graph.NodeOf(small), graph.NodeOf(large));
        Assert.Same(small, graph.Nodes[Assert.Single(graph.CallsFrom(Node(graph, "A").Id)).Callee].Definition!.Function);
        Assert.Same(large, graph.Nodes[Assert.Single(graph.CallsFrom(Node(graph, "B").Id)).Callee].Definition!.Function);
    }

    [Fact]
    public void Duplicate_external_definition_binds_to_the_nearest_folder()
    {
        var graph = ProgramCallGraph.Build(Program(
            Unit(@"C:\src\net\send.c", Fn("Log", @"C:\src\net\send.c", 2), Fn("Send", @"C:\src\net\send.c", 9, [Call("Log")])),
            Unit(@"C:\src\fs\util\log.c", Fn("Log", @"C:\src\fs\util\log.c", 2)),
            Unit(@"C:\src\fs\read.c", Fn("Read", @"C:\src\fs\read.c", 9, [Call("Log")]))));
        var read = Assert.Single(graph.CallsFrom(Node(graph, "Read").Id));
        Assert.EndsWith(@"fs\util\log.c", graph.Nodes[read.Callee].Location!.Path, StringComparison.Ordinal);
        var send = Assert.Single(graph.CallsFrom(Node(graph, "Send").Id));
        Assert.EndsWith(@"net\send.c", graph.Nodes[send.Callee].Location!.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Imports_are_nodes_without_definition_and_unresolved_indirect_calls_are_counted()
    {
        var graph = ProgramCallGraph.Build(Program(
            Unit("/drv/a.c", Fn("A", "/drv/a.c", 3, [Call("ZwCreateFile"), Call("ZwCreateFile", 5), Indirect("ctx->Handler", 6), Indirect("(*fn)", 7)]))));
        var import = Assert.Single(graph.FindByName("ZwCreateFile"));
        Assert.False(import.IsDefined);
        Assert.Equal(2, graph.CallersOf(import.Id).Count);
        Assert.Equal(2, graph.UnresolvedIndirectCallCount);
        Assert.Equal(2, graph.CallsFrom(Node(graph, "A").Id).Count);
    }

    [Fact]
    public void Indirect_call_through_the_major_function_table_resolves_to_the_stored_routines()
    {
        var graph = ProgramCallGraph.Build(Program(
            Unit("/drv/a.c",
                Fn("DriverEntry", "/drv/a.c", 1, references: [Assigned("DispatchRead", "MajorFunction"), Assigned("DispatchWrite", "MajorFunction")]),
                Fn("DispatchRead", "/drv/a.c", 10),
                Fn("DispatchWrite", "/drv/a.c", 20),
                Fn("Reissue", "/drv/a.c", 30, [Indirect("DeviceObject->DriverObject->MajorFunction[IRP_MJ_READ]")]))));
        var edges = graph.CallsFrom(Node(graph, "Reissue").Id);
        Assert.Equal(["DispatchRead", "DispatchWrite"], edges.Select(e => graph.Nodes[e.Callee].Name));
        Assert.All(edges, e => Assert.Equal(CallEdgeKind.ResolvedIndirect, e.Kind));
        Assert.Equal(0, graph.UnresolvedIndirectCallCount);
    }

    [Fact]
    public void A_call_through_a_member_binds_to_what_is_stored_into_that_field_of_that_record()
    {
        // Two structs with a 'ServiceCallback' member: the connect data another driver fills (the filter keeps a copy)
        // and the filter's own hook table. A variable of that name, or a member libclang did not resolve, may be either.
        var hooks = "struct _FILTER_HOOKS::ServiceCallback";
        var connect = "struct _CLASS_CONNECT::ServiceCallback";
        var graph = ProgramCallGraph.Build(Program(
            Unit("/drv/a.c",
                Fn("Connect", "/drv/a.c", 1, references:
                [
                    Assigned("OwnService", "ServiceCallback") with { Field = hooks },
                    Assigned("Fallback", "ServiceCallback"),
                ]),
                Fn("OwnService", "/drv/a.c", 10),
                Fn("Fallback", "/drv/a.c", 15),
                Fn("Forward", "/drv/a.c", 20, [Indirect("Ext->Upper.ServiceCallback") with { IndirectField = connect }]),
                Fn("Replay", "/drv/a.c", 30, [Indirect("Ext->Hooks.ServiceCallback") with { IndirectField = hooks }]),
                Fn("Unknown", "/drv/a.c", 40, [Indirect("Ext->Hooks.ServiceCallback")]))));

        string[] Callees(string caller) => [.. graph.CallsFrom(Node(graph, caller).Id).Select(e => graph.Nodes[e.Callee].Name)];
        Assert.Equal(["Fallback"], Callees("Forward"));
        Assert.Equal(["OwnService", "Fallback"], Callees("Replay"));
        Assert.Equal(["OwnService", "Fallback"], Callees("Unknown"));
        Assert.Equal(0, graph.UnresolvedIndirectCallCount);
    }

    [Fact]
    public void A_call_through_a_constant_table_slot_binds_to_that_slot_and_to_stores_into_any_slot()
    {
        // IRP_MJ_CREATE is 0, IRP_MJ_READ 3, IRP_MJ_WRITE 4. A loop filling every slot has no constant subscript.
        const string table = "struct _DRIVER_OBJECT::MajorFunction";
        FunctionReference Slot(string function, long? subscript) => Assigned(function, "MajorFunction") with { Field = table, Subscript = subscript };
        CallSite Through(long? subscript) => Indirect("Lower->DriverObject->MajorFunction[X]") with { IndirectField = table, IndirectSubscript = subscript };
        var graph = ProgramCallGraph.Build(Program(
            Unit("/drv/a.c",
                Fn("DriverEntry", "/drv/a.c", 1, references: [Slot("DispatchCreate", 0), Slot("DispatchRead", 3), Slot("PassThrough", null)]),
                Fn("DispatchCreate", "/drv/a.c", 10, [Through(0)]),
                Fn("DispatchRead", "/drv/a.c", 20),
                Fn("PassThrough", "/drv/a.c", 30),
                Fn("Reissue", "/drv/a.c", 40, [Through(3), Through(4), Through(null)]))));

        var reissue = graph.CallsFrom(Node(graph, "Reissue").Id);
        Assert.Equal(["DispatchRead", "PassThrough", "PassThrough", "DispatchCreate", "DispatchRead", "PassThrough"],
            reissue.Select(e => graph.Nodes[e.Callee].Name));
        // The create handler calling through the create slot hands the request on to another driver's table.
        Assert.Equal(0, graph.CallsFrom(Node(graph, "DispatchCreate").Id).Count);
        Assert.Equal(1, graph.UnresolvedIndirectCallCount);
    }

    [Fact]
    public void A_call_through_a_named_object_binds_to_that_object_and_to_stores_through_pointers()
    {
        // g_Upper and g_Lower are static objects of one type; SetAny stores through a pointer (any object); g_Copy is
        // copied as a whole somewhere (it escapes), so a call through it may load anything stored into the field.
        const string forward = "struct _LAYER::Forward";
        FunctionReference Into(string function, string? obj) => Assigned(function, "Forward") with { Field = forward, Object = obj };
        CallSite Through(string? obj) => Indirect("g.Forward") with { IndirectField = forward, IndirectObject = obj };
        var graph = ProgramCallGraph.Build(Program(
            Unit("/drv/a.c",
                Fn("Init", "/drv/a.c", 1, references: [Into("UpperForward", "c:a.c@g_Upper"), Into("LowerForward", "c:a.c@g_Lower"), Into("CopyForward", "c:a.c@g_Copy")])
                    with { EscapingObjects = ["c:a.c@g_Copy"] },
                Fn("SetAny", "/drv/a.c", 5, references: [Into("AnyForward", null)]),
                Fn("UpperForward", "/drv/a.c", 10),
                Fn("LowerForward", "/drv/a.c", 20),
                Fn("CopyForward", "/drv/a.c", 25),
                Fn("AnyForward", "/drv/a.c", 30),
                Fn("CallLower", "/drv/a.c", 40, [Through("c:a.c@g_Lower")]),
                Fn("CallCopy", "/drv/a.c", 50, [Through("c:a.c@g_Copy")]),
                Fn("CallPointer", "/drv/a.c", 60, [Through(null)]),
                Fn("CallUnset", "/drv/a.c", 70, [Through("c:a.c@g_Unset")]))));

        string[] Callees(string caller) => [.. graph.CallsFrom(Node(graph, caller).Id).Select(e => graph.Nodes[e.Callee].Name)];
        Assert.Equal(["LowerForward", "AnyForward"], Callees("CallLower"));
        Assert.Equal(["UpperForward", "LowerForward", "CopyForward", "AnyForward"], Callees("CallCopy"));
        Assert.Equal(["UpperForward", "LowerForward", "CopyForward", "AnyForward"], Callees("CallPointer"));
        Assert.Equal(["AnyForward"], Callees("CallUnset"));
    }

    [Fact]
    public void Objects_a_file_scope_initializer_lets_escape_count_like_a_function_s()
    {
        const string forward = "struct _LAYER::Forward";
        var units = Unit("/drv/a.c",
            Fn("Init", "/drv/a.c", 1, references:
            [
                Assigned("UpperForward", "Forward") with { Field = forward, Object = "c:a.c@g_Upper" },
                Assigned("LowerForward", "Forward") with { Field = forward, Object = "c:a.c@g_Lower" },
            ]),
            Fn("UpperForward", "/drv/a.c", 10),
            Fn("LowerForward", "/drv/a.c", 20),
            Fn("CallLower", "/drv/a.c", 40, [Indirect("g_Lower.Forward") with { IndirectField = forward, IndirectObject = "c:a.c@g_Lower" }]));
        string[] Callees(ProgramCallGraph graph) => [.. graph.CallsFrom(Node(graph, "CallLower").Id).Select(e => graph.Nodes[e.Callee].Name)];

        Assert.Equal(["LowerForward"], Callees(ProgramCallGraph.Build(Program(units))));
        Assert.Equal(["UpperForward", "LowerForward"], Callees(ProgramCallGraph.Build(Program(units with { EscapingObjects = ["c:a.c@g_Lower"] }))));
    }

    [Theory]
    [InlineData("DriverObject->MajorFunction[IRP_MJ_READ]", "MajorFunction")]
    [InlineData("(*fn)", "fn")]
    [InlineData("*ctx->Callback", "Callback")]
    [InlineData("g_Table[i].Handler", "Handler")]
    [InlineData("ops->Read", "Read")]
    [InlineData("", null)]
    public void Storage_name_of_an_indirect_callee(string expression, string? expected)
    {
        var graph = ProgramCallGraph.Build(Program(
            Unit("/d/a.c", Fn("Target", "/d/a.c", 1), Fn("Store", "/d/a.c", 5, references: [Assigned("Target", expected ?? "x")]),
                Fn("Caller", "/d/a.c", 9, [Indirect(expression)]))));
        var edges = graph.CallsFrom(Node(graph, "Caller").Id);
        if (expected is null) Assert.Equal(0, edges.Count);
        else Assert.Equal("Target", graph.Nodes[Assert.Single(edges).Callee].Name);
    }

    [Fact]
    public void A_call_through_a_parameter_binds_to_what_callers_pass_in_that_position()
    {
        // Walk(Items, Visit) calls 'Visit'; the driver passes CountItem and CheckItem there, and a field named 'Visit'
        // elsewhere holds Unrelated, which a parameter call must not bind to.
        var walk = Fn("Walk", @"C:\drv\a.c", 2, [Indirect("Visit")]) with
        {
            Parameters = [new Parameter("Items", Bytes(8), SourceSpan.At(@"C:\drv\a.c", 2, 10)), new Parameter("Visit", Bytes(8), SourceSpan.At(@"C:\drv\a.c", 2, 20))],
        };
        var graph = ProgramCallGraph.Build(Program(Unit(@"C:\drv\a.c",
            walk,
            Fn("CountItem", @"C:\drv\a.c", 10),
            Fn("CheckItem", @"C:\drv\a.c", 20),
            Fn("Unrelated", @"C:\drv\a.c", 30),
            Fn("Load", @"C:\drv\a.c", 40, [Call("Walk")], references: [Passed("CountItem", "Walk", 1), Assigned("Unrelated", "Visit")]),
            Fn("Check", @"C:\drv\a.c", 50, [Call("Walk")], references: [Passed("CheckItem", "Walk", 1), Passed("Unrelated", "Walk", 0)]))));

        var edges = graph.CallsFrom(Node(graph, "Walk").Id);
        Assert.Equal(["CountItem", "CheckItem"], edges.ToArray().Select(e => graph.Nodes[e.Callee].Name));
        Assert.All(edges, e => Assert.Equal(CallEdgeKind.ResolvedIndirect, e.Kind));
        Assert.Empty(graph.UnresolvedIndirectCalls);
    }

    [Fact]
    public void A_routine_passed_down_through_parameters_binds_at_every_level()
    {
        // ReadDir(Dir, Fill) hands 'Fill' to Emit(Dir, Ctx, Fill), which hands it to CallFill(Fill, Name), which calls
        // it; two callers pass FillEntry and FillName to ReadDir. Emit calling itself with its own 'Fill' adds nothing.
        // '&Fill' (StoreFill) and 'Ctx->Fill' (CtxFill) are not the parameter's value: those calls stay unresolved.
        static Parameter P(string name, int column) => new(name, Bytes(8), SourceSpan.At(@"C:\drv\a.c", 1, column));
        static CallArgument Arg(string? lvalue, bool byAddress = false) => new(Bytes(8), null, lvalue, byAddress);
        static CallSite CallWith(string callee, params CallArgument[] arguments) => Call(callee) with { Arguments = [.. arguments] };

        var call = Fn("CallFill", @"C:\drv\a.c", 2, [Indirect("(*Fill)")]) with { Parameters = [P("Fill", 10), P("Name", 20)] };
        var store = Fn("StoreFill", @"C:\drv\a.c", 6, [Indirect("Slot")]) with { Parameters = [P("Slot", 10)] };
        var emit = Fn("Emit", @"C:\drv\a.c", 10,
            [CallWith("CallFill", Arg("Fill"), Arg("Name")), CallWith("StoreFill", Arg("Fill", byAddress: true)), CallWith("Emit", Arg("Dir"), Arg("Ctx"), Arg("Fill"))]) with
        {
            Parameters = [P("Dir", 10), P("Ctx", 20), P("Fill", 30)],
        };
        var ctxCall = Fn("CtxFill", @"C:\drv\a.c", 15, [Indirect("Fill")]) with { Parameters = [P("Fill", 10)] };
        var readDir = Fn("ReadDir", @"C:\drv\a.c", 20, [CallWith("Emit", Arg("Dir"), Arg(null), Arg("Fill")), CallWith("CtxFill", Arg("->Fill"))]) with
        {
            Parameters = [P("Dir", 10), P("Fill", 20)],
        };
        var graph = ProgramCallGraph.Build(Program(Unit(@"C:\drv\a.c",
            call, store, emit, ctxCall, readDir,
            Fn("FillEntry", @"C:\drv\a.c", 30),
            Fn("FillName", @"C:\drv\a.c", 40),
            Fn("Query", @"C:\drv\a.c", 50, [Call("ReadDir")], references: [Passed("FillName", "ReadDir", 1)]),
            Fn("Enumerate", @"C:\drv\a.c", 60, [Call("ReadDir")], references: [Passed("FillEntry", "ReadDir", 1)]))));

        string[] Targets(string caller) =>
            [.. graph.CallsFrom(Node(graph, caller).Id).ToArray().Where(e => e.Kind == CallEdgeKind.ResolvedIndirect).Select(e => graph.Nodes[e.Callee].Name)];
        Assert.Equal(["FillEntry", "FillName"], Targets("CallFill"));
        Assert.Empty(Targets("StoreFill"));
        Assert.Empty(Targets("CtxFill"));
        Assert.Equal(["StoreFill", "CtxFill"], graph.UnresolvedIndirectCalls.Select(u => graph.Nodes[u.Caller].Name));
    }
}
