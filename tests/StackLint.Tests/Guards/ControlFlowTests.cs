using StackLint.Frontend.Facts;
using StackLint.Rules.Model.ControlFlow;
using StackLint.Rules.Model.Guards;
using Xunit;
using static StackLint.Tests.Guards.BodySketch;

namespace StackLint.Tests.Guards;

public sealed class ControlFlowTests
{
    private static bool Guarded(FunctionFacts f, int call) => FunctionGuards.Analyze(f).IsGuarded(f.Calls[call]);

    [Fact]
    public void Early_return_on_low_stack_guards_the_call_after_it()
    {
        var b = new BodySketch();
        int check = b.Node(b.Root, BodyNodeKind.If, condition: Low());
        b.Query(check, StackQueryUse.ComparedDirectly, role: BodyRole.Condition);
        int then = b.Node(check, BodyNodeKind.Compound, BodyRole.Then);
        b.Node(then, BodyNodeKind.Return);
        int create = b.Call(b.Root, "ZwCreateFile");
        Assert.True(Guarded(b.Build("F"), create));
    }

    [Fact]
    public void Call_inside_the_enough_branch_is_guarded_and_the_else_branch_is_not()
    {
        var b = new BodySketch();
        int check = b.Node(b.Root, BodyNodeKind.If, condition: Enough());
        b.Query(check, StackQueryUse.ComparedDirectly, role: BodyRole.Condition);
        int inThen = b.Call(check, "ZwCreateFile", BodyRole.Then);
        int inElse = b.Call(check, "ZwClose", BodyRole.Else);
        int after = b.Call(b.Root, "ZwReadFile");
        var f = b.Build("F");
        Assert.True(Guarded(f, inThen));
        Assert.False(Guarded(f, inElse));
        Assert.False(Guarded(f, after));
    }

    [Fact]
    public void A_low_branch_that_falls_through_guards_nothing()
    {
        var b = new BodySketch();
        int check = b.Node(b.Root, BodyNodeKind.If, condition: Low());
        b.Query(check, StackQueryUse.ComparedDirectly, role: BodyRole.Condition);
        b.Call(check, "DbgPrint", BodyRole.Then);
        int create = b.Call(b.Root, "ZwCreateFile");
        Assert.False(Guarded(b.Build("F"), create));
    }

    [Fact]
    public void A_check_after_the_call_does_not_guard_it()
    {
        var b = new BodySketch();
        int create = b.Call(b.Root, "ZwCreateFile");
        int check = b.Node(b.Root, BodyNodeKind.If, condition: Low());
        b.Query(check, StackQueryUse.ComparedDirectly, role: BodyRole.Condition);
        b.Node(check, BodyNodeKind.Return, BodyRole.Then);
        Assert.False(Guarded(b.Build("F"), create));
    }

    [Fact]
    public void Stored_result_tested_through_its_local_guards()
    {
        var b = new BodySketch();
        b.Query(b.Root, StackQueryUse.StoredInLocal, "remaining");
        int check = b.Node(b.Root, BodyNodeKind.If, condition: Low("remaining"));
        b.Node(check, BodyNodeKind.Goto, BodyRole.Then, label: "Post");
        int create = b.Call(b.Root, "ZwCreateFile");
        b.Node(b.Root, BodyNodeKind.Return);
        int post = b.Node(b.Root, BodyNodeKind.Label, label: "Post");
        int queue = b.Call(post, "FltQueueDeferredIoWorkItem", BodyRole.Body);
        var f = b.Build("F");
        var guards = FunctionGuards.Analyze(f);
        Assert.True(guards.IsGuarded(f.Calls[create]));
        Assert.False(guards.IsGuarded(f.Calls[queue]));
        Assert.Single(guards.DecisionsOf(guards.Checks.Queries[0]));
    }

    [Fact]
    public void Continue_on_low_stack_in_a_loop_still_guards_the_rest_of_the_body()
    {
        var b = new BodySketch();
        int loop = b.Node(b.Root, BodyNodeKind.While);
        b.Call(loop, "MoreWork", BodyRole.Condition);
        int body = b.Node(loop, BodyNodeKind.Compound, BodyRole.Body);
        int check = b.Node(body, BodyNodeKind.If, condition: Low());
        b.Query(check, StackQueryUse.ComparedDirectly, role: BodyRole.Condition);
        b.Node(check, BodyNodeKind.Continue, BodyRole.Then);
        int read = b.Call(body, "ZwReadFile");
        int after = b.Call(b.Root, "ZwClose");
        var f = b.Build("F");
        Assert.True(Guarded(f, read));
        Assert.False(Guarded(f, after));
    }

    [Fact]
    public void Break_out_of_a_for_loop_reaches_the_code_after_it()
    {
        var b = new BodySketch();
        int loop = b.Node(b.Root, BodyNodeKind.For);
        int body = b.Node(loop, BodyNodeKind.Compound, BodyRole.Body);
        int check = b.Node(body, BodyNodeKind.If, condition: Low());
        b.Query(check, StackQueryUse.ComparedDirectly, role: BodyRole.Condition);
        b.Node(check, BodyNodeKind.Break, BodyRole.Then);
        int inLoop = b.Call(body, "ZwWriteFile");
        int after = b.Call(b.Root, "ZwClose");
        var f = b.Build("F");
        Assert.True(Guarded(f, inLoop));
        Assert.False(Guarded(f, after));
    }

    [Fact]
    public void Do_while_body_runs_before_its_condition()
    {
        var b = new BodySketch();
        int loop = b.Node(b.Root, BodyNodeKind.DoWhile, condition: Enough());
        int body = b.Node(loop, BodyNodeKind.Compound, BodyRole.Body);
        int read = b.Call(body, "ZwReadFile");
        b.Query(loop, StackQueryUse.ComparedDirectly, role: BodyRole.Condition);
        // The first pass runs unchecked, so the loop condition guards nothing in the body.
        Assert.False(Guarded(b.Build("F"), read));
    }

    [Fact]
    public void Switch_cases_fall_through_and_a_missing_default_skips_the_body()
    {
        var b = new BodySketch();
        int check = b.Node(b.Root, BodyNodeKind.If, condition: Low());
        b.Query(check, StackQueryUse.ComparedDirectly, role: BodyRole.Condition);
        b.Node(check, BodyNodeKind.Return, BodyRole.Then);
        int sw = b.Node(b.Root, BodyNodeKind.Switch);
        int body = b.Node(sw, BodyNodeKind.Compound, BodyRole.Body);
        int case1 = b.Node(body, BodyNodeKind.Case, label: "1");
        int inCase = b.Call(case1, "ZwCreateFile", BodyRole.Body);
        b.Node(body, BodyNodeKind.Case, label: "2");
        int fallthrough = b.Call(body, "ZwReadFile");
        b.Node(body, BodyNodeKind.Break);
        int after = b.Call(b.Root, "ZwClose");
        var f = b.Build("F");
        var flow = FunctionGuards.Analyze(f).Flow!;
        Assert.True(flow.IsReachable(flow.NodeOfCall(inCase)!.Value));
        Assert.True(flow.IsReachable(flow.NodeOfCall(fallthrough)!.Value));
        // Case 1 falls into case 2: the case-2 call is not dominated by the case-1 call.
        Assert.False(flow.Dominates(flow.NodeOfCall(inCase)!.Value, flow.NodeOfCall(fallthrough)!.Value));
        Assert.True(Guarded(f, inCase));
        Assert.True(Guarded(f, after));
    }

    [Fact]
    public void Short_circuit_right_operand_is_dominated_by_the_left_operands_true_outcome()
    {
        var b = new BodySketch();
        int check = b.Node(b.Root, BodyNodeKind.If);
        int and = b.Node(check, BodyNodeKind.LogicalAnd, BodyRole.Condition, condition: null);
        int left = b.Node(and, BodyNodeKind.Other, BodyRole.Condition, condition: Enough());
        b.Query(left, StackQueryUse.ComparedDirectly);
        int right = b.Call(and, "ZwQueryInformationFile", BodyRole.Then);
        int inThen = b.Call(check, "ZwReadFile", BodyRole.Then);
        int inElse = b.Call(check, "ZwClose", BodyRole.Else);
        var f = b.Build("F");
        Assert.True(Guarded(f, right));
        Assert.True(Guarded(f, inThen));
        Assert.False(Guarded(f, inElse));
    }

    [Fact]
    public void Leave_from_a_try_reaches_the_handler_and_the_code_after()
    {
        var b = new BodySketch();
        int @try = b.Node(b.Root, BodyNodeKind.Try);
        int body = b.Node(@try, BodyNodeKind.Compound, BodyRole.Body);
        int check = b.Node(body, BodyNodeKind.If, condition: Low());
        b.Query(check, StackQueryUse.ComparedDirectly, role: BodyRole.Condition);
        b.Node(check, BodyNodeKind.Leave, BodyRole.Then);
        int inTry = b.Call(body, "ZwCreateFile");
        int handler = b.Call(@try, "ZwClose", BodyRole.Handler);
        int after = b.Call(b.Root, "ZwReadFile");
        var f = b.Build("F");
        Assert.True(Guarded(f, inTry));
        Assert.False(Guarded(f, handler));
        Assert.False(Guarded(f, after));
    }

    [Fact]
    public void Goto_skipping_the_check_defeats_it_and_code_after_return_is_unreachable()
    {
        var b = new BodySketch();
        int skip = b.Node(b.Root, BodyNodeKind.If);
        b.Node(skip, BodyNodeKind.Goto, BodyRole.Then, label: "Open");
        int check = b.Node(b.Root, BodyNodeKind.If, condition: Low());
        b.Query(check, StackQueryUse.ComparedDirectly, role: BodyRole.Condition);
        b.Node(check, BodyNodeKind.Return, BodyRole.Then);
        int open = b.Node(b.Root, BodyNodeKind.Label, label: "Open");
        int create = b.Call(open, "ZwCreateFile", BodyRole.Body);
        b.Node(b.Root, BodyNodeKind.Return);
        int dead = b.Call(b.Root, "ZwClose");
        var f = b.Build("F");
        var flow = FunctionGuards.Analyze(f).Flow!;
        Assert.False(Guarded(f, create));
        Assert.False(flow.IsReachable(flow.NodeOfCall(dead)!.Value));
    }

    [Fact]
    public void Conditional_operator_arms_are_separate_outcomes()
    {
        var b = new BodySketch();
        int cond = b.Node(b.Root, BodyNodeKind.Conditional, condition: Enough());
        b.Query(cond, StackQueryUse.ComparedDirectly, role: BodyRole.Condition);
        int yes = b.Call(cond, "ZwCreateFile", BodyRole.Then);
        int no = b.Call(cond, "FltQueueDeferredIoWorkItem", BodyRole.Else);
        var f = b.Build("F");
        Assert.True(Guarded(f, yes));
        Assert.False(Guarded(f, no));
    }

    [Fact]
    public void Dominators_are_computed_without_recursion_on_very_deep_nesting()
    {
        var b = new BodySketch();
        int parent = b.Root;
        for (int i = 0; i < 20_000; i++)
            parent = b.Node(parent, BodyNodeKind.If, BodyRole.Then);
        int call = b.Call(parent, "ZwCreateFile", BodyRole.Then);
        var f = b.Build("F");
        var graph = ControlFlowGraph.Build(f.Body);
        int node = graph.NodeOfCall(call)!.Value;
        Assert.True(graph.IsReachable(node));
        Assert.True(graph.Dominates(ControlFlowGraph.Entry, node));
        Assert.False(graph.Dominates(node, ControlFlowGraph.Exit));
    }

    [Fact]
    public void Without_a_body_skeleton_a_function_that_queries_the_stack_gets_the_benefit_of_the_doubt()
    {
        var b = new BodySketch();
        b.Query(b.Root, StackQueryUse.ComparedDirectly);
        int create = b.Call(b.Root, "ZwCreateFile");
        var f = b.Build("F") with { Body = [] };
        Assert.True(FunctionGuards.Analyze(f).AssumesGuarded);
        Assert.True(Guarded(f, create));
    }
}
